"""Shared test set-up: headless SDL before pygame is imported anywhere, and small builders."""
from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    d = tmp_path / "data"
    d.mkdir()
    return d


@pytest.fixture
def ctx(data_dir: Path):
    """The app's context on a fresh records folder, with pygame up headless: for driving scenes directly."""
    import pygame

    from game.app import init_pygame, make_context
    from game.records.db import Database

    init_pygame(headless=True)
    db = Database.open(data_dir)
    context = make_context(db, headless=True)
    yield context
    db.close()
    pygame.quit()
