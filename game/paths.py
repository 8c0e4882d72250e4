"""Where things live: shipped levels and assets beside the code, records in the user's data folder."""
from __future__ import annotations

import os
import sys
from pathlib import Path

DATA_ENV = "MOTORPLAY_DATA"
ROOT = Path(__file__).resolve().parent.parent


def shipped_dir(name: str) -> Path:
    """`levels` or `assets`: next to the game package in a checkout, else where pip put them."""
    here = ROOT / name
    if here.is_dir():
        return here
    return Path(sys.prefix) / "share" / "motorplay" / name


def levels_dir(game: str) -> Path:
    return shipped_dir("levels") / game


def data_dir(override: str | None = None) -> Path:
    """--data-dir wins, then $MOTORPLAY_DATA, then the platform's user data folder."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get(DATA_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("MotorPlay", appauthor=False))


def user_levels_dir(data: Path, game: str) -> Path:
    """Levels a therapist saved from the editor: beside the records, never over the shipped ones."""
    return data / "levels" / game
