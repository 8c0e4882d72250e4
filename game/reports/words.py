"""Plain-words labels, units and number formats for what a report shows (no drawing, no records)."""
from __future__ import annotations

import locale
from dataclasses import dataclass
from datetime import date, datetime
from types import MappingProxyType
from typing import Mapping

from game.games import GAMES
from game.games.definition import MM_UNITS

# Labels and decimals of every metric, from the games' metric tables (one reading everywhere).
METRIC_LABELS: Mapping[str, str] = MappingProxyType({m.name: m.label for g in GAMES.values()
                                                      for m in (*g.metric_table, *g.twin_table)})
METRIC_DECIMALS: Mapping[str, int] = MappingProxyType({m.name: m.decimals for g in GAMES.values()
                                                       for m in (*g.metric_table, *g.twin_table)})


# The difficulty axis shown beside each game's charts: label, unit, plain words, which way is harder.
@dataclass(frozen=True)
class DifficultyInfo:
    label: str
    unit: str
    words: str
    harder: str   # "higher" or "lower": which way the number makes the game harder


DIFFICULTY_INFO: Mapping[str, DifficultyInfo] = MappingProxyType({
    g.axis.key: DifficultyInfo(g.axis.label, g.axis.unit, g.axis.words, g.axis.harder_words) for g in GAMES.values()})



def difficulty_info(game: str, key: str) -> DifficultyInfo:
    """The difficulty axis of a game, or its millimetre twin (the same words, the unit in mm)."""
    g = GAMES[game]
    info = DIFFICULTY_INFO[g.axis.key]
    if key != g.axis.key and key == g.twin_of(g.axis.key):
        return DifficultyInfo(info.label, MM_UNITS.get(info.unit, info.unit),
                              f"{info.words}; in millimetres on the screen it was played on", info.harder)
    return DIFFICULTY_INFO.get(key, info)


GAME_TITLES: Mapping[str, str] = MappingProxyType({name: g.title for name, g in GAMES.items()})

PLAY_UNIT_WORDS = ("A play unit is one pixel of the game picture (1280 pixels wide, 720 pixels high), "
                   "whatever the size of the screen it is shown on. Millimetres are measured on the screen itself: "
                   "each screen is measured once with a bank card, and each attempt keeps how many millimetres one "
                   "play unit was in its window, so numbers from a small laptop and a large monitor can be compared.")


def use_user_locale() -> None:
    """Dates in the user's own form (strftime %x); stay with the C locale if the user's is not installed."""
    try:
        locale.setlocale(locale.LC_TIME, "")
    except locale.Error:
        pass


def day(d: date | datetime) -> str:
    return d.strftime("%x")


def number(value: float, decimals: int = 1) -> str:
    if decimals <= 0:
        text = f"{round(value):,.0f}"
    else:
        text = f"{value:,.{decimals}f}"
    return "0" if text in ("-0", "-0.0", "-0.00") else text.replace("-", "−")


def qty(value: float | None, unit: str, decimals: int = 1) -> str:
    """A number with its unit ('12.3 play units', '85 %'); '—' when there is no value."""
    if value is None:
        return "—"
    return f"{number(value, decimals)}\u00a0{unit}" if unit else number(value, decimals)


def count(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,}\u00a0{one if n == 1 else (many or one + 's')}"


def duration(seconds: float | None) -> str:
    """'45 s', '12 min', '1 h 05 min'."""
    if seconds is None:
        return "—"
    s = max(0.0, seconds)
    if s < 60:
        return f"{round(s)}\u00a0s"
    minutes = round(s / 60)
    if minutes < 60:
        return f"{minutes}\u00a0min"
    return f"{minutes // 60}\u00a0h {minutes % 60:02d}\u00a0min"
