"""The games MotorPlay knows. Each is one folder, game/games/<name>/, that builds its GameDef.

Adding a game means adding its folder and one line here. Everything outside a game's folder
goes through these definitions (game/games/definition.py) and never asks which game it is.
"""
from __future__ import annotations

from types import MappingProxyType
from typing import Mapping

from game.games.catching import GAME as CATCHING
from game.games.definition import DifficultyAxis, GameDef, Metric, share_stars
from game.games.pegs import GAME as PEGS
from game.games.tapping import GAME as TAPPING
from game.games.tracing import GAME as TRACING

GAMES: Mapping[str, GameDef] = MappingProxyType({game.name: game for game in (TRACING, CATCHING, TAPPING, PEGS)})
DEFAULT_GAME = next(iter(GAMES))   # shown first where a screen needs one game

__all__ = ["DEFAULT_GAME", "GAMES", "DifficultyAxis", "GameDef", "Metric", "share_stars"]
