"""Short plain-words names for metrics and difficulty fields, and how to print their values.

The glossary (game.metrics.glossary) says what a metric means in a sentence; charts, replay
panels and tables need a name that fits on one line, with the unit from the glossary.
"""
from __future__ import annotations

import math
from types import MappingProxyType
from typing import Mapping

from game.metrics.glossary import metric_info

LABELS: Mapping[str, str] = MappingProxyType({
    # tracing
    "mean_deviation": "Distance from the line",
    "rms_deviation": "RMS distance from line",
    "max_deviation": "Furthest from the line",
    "within_tolerance_pct": "Trace inside the corridor",
    "coverage_pct": "Path covered",
    "duration_s": "Time taken",
    "path_length": "Length drawn",
    "mean_speed": "Drawing speed",
    "pen_lifts": "Pen lifts",
    "sparc": "Smoothness (SPARC)",
    "ldlj": "Smoothness (LDLJ)",
    "completed": "Finished the path",
    # catching
    "presented": "Objects to catch",
    "caught": "Caught",
    "missed": "Missed",
    "catch_rate_pct": "Catch rate",
    "constant_error": "Basket offset (CE)",
    "variable_error": "Consistency (VE)",
    "absolute_error": "Miss distance (AE)",
    "mean_reaction_time_ms": "Reaction time",
    "catch_rate_left_pct": "Catch rate, left half",
    "catch_rate_right_pct": "Catch rate, right half",
    "distractors_caught": "Rocks caught",
    # tapping
    "expected_taps": "Taps asked for",
    "hits": "Taps on the beat",
    "misses": "Beats missed",
    "wrong_hand": "Wrong hand",
    "extra_taps": "Extra taps",
    "accuracy_pct": "On the beat",
    "mean_asynchrony_ms": "Timing (early − / late +)",
    "sd_asynchrony_ms": "Timing spread (SD)",
    "mean_iti_ms": "Interval between taps",
    "iti_cv_pct": "Interval steadiness (CV)",
    "bimanual_asynchrony_ms": "Gap between hands",
    "bimanual_lag_ms": "Right hand lag",
    "relative_phase_deg": "Alternation phase",
    "relative_phase_sd_deg": "Phase spread",
    "continuation_mean_iti_ms": "Interval, no metronome",
    "continuation_iti_cv_pct": "Steadiness, no metronome",
})

# The difficulty field charted per game (game.records.progress.DIFFICULTY_FIELD): name, unit, which way is easier.
DIFFICULTY_LABELS: Mapping[str, tuple[str, str, str]] = MappingProxyType({
    "tolerance": ("Corridor half-width", "play units", "wider is easier"),
    "object_speed": ("Falling speed", "play units/s", "slower is easier"),
    "tempo_bpm": ("Tempo", "beats/min", "slower is easier"),
})

UNIT_SHORT: Mapping[str, str] = MappingProxyType({"play units": "pu", "play units/s": "pu/s", "degrees": "°"})


def metric_label(name: str) -> str:
    """A short plain name; an unknown metric gets its own name with spaces."""
    return LABELS.get(name) or name.replace("_", " ").capitalize()


def decimals_for(unit: str) -> int:
    return {"%": 1, "ms": 0, "s": 2, "play units": 1, "play units/s": 0, "degrees": 0, "count": 0}.get(unit, 2)


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
    return format_number(value, metric_info(game, name).unit)


def axis_title(game: str, name: str) -> str:
    """Chart title: name, unit and which way is better ("Reaction time (ms) · lower is better")."""
    info = metric_info(game, name)
    better = f" · {info.better} is better" if info.better else ""
    return f"{metric_label(name)} ({info.unit}){better}"
