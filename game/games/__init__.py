"""The games MotorPlay knows. Each is one folder, game/games/<name>/, that builds its GameDef.

Adding a game means adding its folder and one line here. Everything outside a game's folder
goes through these definitions (game/games/definition.py) and never asks which game it is.
"""
from __future__ import annotations

import importlib
from types import MappingProxyType
from typing import Mapping

from game.games.definition import DifficultyAxis, GameDef, Metric, share_stars

# One line per game: its folder's name, in the order the game picker shows them.
FOLDERS = (
    "tracing",
    "catching",
    "tapping",
    "pegs",
)
GAMES: Mapping[str, GameDef] = MappingProxyType({
    game.name: game for game in (importlib.import_module(f"game.games.{folder}").GAME for folder in FOLDERS)})
DEFAULT_GAME = next(iter(GAMES))   # shown first where a screen needs one game

__all__ = ["DEFAULT_GAME", "GAMES", "DifficultyAxis", "GameDef", "Metric", "share_stars"]
