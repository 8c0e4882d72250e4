"""What each metric means, in plain words, with its unit: read from each game's metric table.

The README tables say the same; tests check that every game's metrics are listed.
"""
from __future__ import annotations

from types import MappingProxyType
from typing import Mapping

from game.games import GAMES
from game.games.definition import Metric

# Every game's metric table by game and name (the tables live in game/games/<name>/__init__.py).
GLOSSARY: Mapping[str, Mapping[str, Metric]] = MappingProxyType({
    name: MappingProxyType({m.name: m for m in game.metric_table}) for name, game in GAMES.items()})


def metric_info(game: str, name: str) -> Metric:
    return GAMES[game].metric(name)
