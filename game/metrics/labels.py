"""Short plain-words names for metrics and difficulty fields, and how to print their values.

The glossary (game.metrics.glossary) says what a metric means in a sentence; charts, replay
panels and tables need a name that fits on one line, with the unit from the glossary.
"""
from __future__ import annotations

import math
from types import MappingProxyType
from typing import Mapping

from game.games import GAMES
from game.games.definition import MM_UNITS
from game.metrics.glossary import metric_info

# One label per metric, from the games' metric tables (metric names are unique across games).
LABELS: Mapping[str, str] = MappingProxyType({m.name: m.label for g in GAMES.values()
                                              for m in (*g.metric_table, *g.twin_table)})

# The difficulty axis charted per game (and moved by adaptive mode): label, unit, which way is easier.
DIFFICULTY_LABELS: Mapping[str, tuple[str, str, str]] = MappingProxyType({
    g.axis.key: (g.axis.label, g.axis.unit, g.axis.easier) for g in GAMES.values()})

UNIT_SHORT: Mapping[str, str] = MappingProxyType({"play units": "pu", "play units/s": "pu/s", "degrees": "°"})


def difficulty_label(game: str, key: str) -> tuple[str, str, str]:
    """(label, unit, which way is easier) of a game's difficulty axis or of its millimetre twin."""
    g = GAMES[game]
    label, unit, easier = DIFFICULTY_LABELS[g.axis.key]
    return (label, MM_UNITS.get(unit, unit), easier) if key != g.axis.key and key == g.twin_of(g.axis.key) else \
        DIFFICULTY_LABELS.get(key, (label, unit, easier))


def metric_label(name: str) -> str:
    """A short plain name; an unknown metric gets its own name with spaces."""
    return LABELS.get(name) or name.replace("_", " ").capitalize()


def decimals_for(unit: str) -> int:
    return {"%": 1, "ms": 0, "s": 2, "play units": 1, "play units/s": 0, "mm": 1, "mm/s": 0, "degrees": 0,
            "count": 0}.get(unit, 2)


def format_number(value: object, unit: str, decimals: int | None = None) -> str:
    """`12.3 ms`, `85.0%`, `yes`, `–` for a missing value; counts without a unit."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if not isinstance(value, (int, float)) or not math.isfinite(float(value)):
        return str(value)
    d = decimals_for(unit) if decimals is None else decimals
    number = f"{float(value):.{d}f}"
    if number.startswith("-") and float(number) == 0:
        number = number[1:]
    if unit in ("%", "degrees"):
        return f"{number}{'%' if unit == '%' else '°'}"
    if unit in ("count", "true/false") or unit.startswith("dimensionless"):
        return number
    return f"{number} {unit}"


def format_metric(game: str, name: str, value: object) -> str:
    """A metric's value as every screen and report shows it: its table's unit and decimals."""
    info = metric_info(game, name)
    return format_number(value, info.unit, info.decimals)


def axis_title(game: str, name: str) -> str:
    """Chart title: name, unit and which way is better ("Reaction time (ms) · lower is better")."""
    info = metric_info(game, name)
    better = f" · {info.better} is better" if info.better else ""
    return f"{metric_label(name)} ({info.unit}){better}"
