"""Plain-words labels, units and number formats for what a report shows (no drawing, no records)."""
from __future__ import annotations

import locale
from dataclasses import dataclass
from datetime import date, datetime
from types import MappingProxyType
from typing import Mapping

# Friendly names for the key metrics (the glossary gives the full meaning and unit).
METRIC_LABELS: Mapping[str, str] = MappingProxyType({
    "mean_deviation": "Distance from the line",
    "coverage_pct": "Path covered",
    "catch_rate_pct": "Catch rate",
    "mean_reaction_time_ms": "Reaction time",
    "sd_asynchrony_ms": "Timing spread",
    "accuracy_pct": "On the beat",
})

# Decimals shown per metric: enough to see change, no more than the measurement supports.
METRIC_DECIMALS: Mapping[str, int] = MappingProxyType({
    "mean_deviation": 1, "coverage_pct": 0, "catch_rate_pct": 0, "mean_reaction_time_ms": 0,
    "sd_asynchrony_ms": 0, "accuracy_pct": 0,
})


# The difficulty field shown beside each game's charts: label, unit, plain words, which way is harder.
@dataclass(frozen=True)
class DifficultyInfo:
    label: str
    unit: str
    words: str
    harder: str   # "higher" or "lower": which way the number makes the game harder


DIFFICULTY_INFO: Mapping[str, DifficultyInfo] = MappingProxyType({
    "tolerance": DifficultyInfo("Path width", "play units",
                                "how far from the line still counts as on it (the corridor's half-width); "
                                "a smaller number is harder", "lower"),
    "object_speed": DifficultyInfo("Falling speed", "play units/s",
                                   "average speed of the falling objects; a larger number is harder", "higher"),
    "tempo_bpm": DifficultyInfo("Tempo", "beats per minute",
                                "how fast the beats come; a larger number is harder", "higher"),
})

GAME_TITLES: Mapping[str, str] = MappingProxyType({"tracing": "Tracing", "catching": "Catching",
                                                   "tapping": "Drums (tapping)"})

PLAY_UNIT_WORDS = ("A play unit is one pixel of the game picture (1280 pixels wide, 720 pixels high), "
                   "whatever the size of the screen it is shown on.")


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


def span_words(days: float) -> str:
    if days < 1.5:
        return "within one day"
    if days < 21:
        return f"over {round(days)}\u00a0days"
    if days < 90:
        return f"over {round(days / 7)}\u00a0weeks"
    return f"over {round(days / 30.4)}\u00a0months"
