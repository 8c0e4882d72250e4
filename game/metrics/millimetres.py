"""Play units to millimetres: the bank-card calibration, each attempt's scale, and the millimetre twins.

A play unit is one pixel of the 1280x720 canvas, which SDL scales to the window: on an 11" laptop
it is smaller than on a 24" monitor. A grown-up measures the screen once (game/scenes/screen_size.py):
an outline drawn W display pixels wide matches a bank card (ISO/IEC 7810 ID-1, 85.60 x 53.98 mm), so
the display has W / 85.60 pixels per millimetre. An attempt played in a window that shows the canvas
at `canvas_scale` window pixels per play unit then has

    mm per play unit = canvas_scale / (display px per mm).

Every spatial metric and difficulty value named in a game's tables (Metric.mm_twin,
GameDef.difficulty_twins) gets a twin: the play-unit value times mm per play unit. A twin is None
when the screen was not measured: never guessed. Pure: no display, no records.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any, Mapping, Sequence

from game.games.definition import GameDef, Metric
from game.window import CANVAS, canvas_rect

CARD_W_MM = 85.60   # ISO/IEC 7810 ID-1: a bank card, a driving licence, most ID cards
CARD_H_MM = 53.98
CARD_PX_RANGE = (80.0, 3000.0)
"""The card outline's width in display pixels a grown-up can set: 0.9 to 35 px per mm (a 3 m wall
projection of 1280 px to a phone-like 880 dpi), far beyond any screen a child taps on."""
MM_PER_UNIT_RANGE = (0.01, 10.0)
"""A sane mm per play unit: the 1280-unit canvas from 12.8 mm to 12.8 m wide."""
SETTINGS_KEY = "screen"
"""An attempt's settings key holding its ScreenScale (as a dict)."""
SOURCES = ("card", "none", "given")
"""Where mm per play unit came from: a card calibration, nothing (not measured), or given by hand
(`score --mm-per-unit`)."""


def px_per_mm(card_px: float) -> float:
    """Display pixels per millimetre from the card outline's width in display pixels."""
    return card_px / CARD_W_MM


def canvas_scale(window: tuple[int, int]) -> float:
    """Window pixels per play unit: the canvas's width as SDL draws it (letterboxed), over 1280."""
    return canvas_rect(window)[2] / CANVAS[0]


def mm_per_unit_problem(value: object) -> str | None:
    """Why a mm-per-play-unit value cannot be used (one phrase), or None when it can."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return "must be a number of millimetres per play unit, such as 0.25"
    lo, hi = MM_PER_UNIT_RANGE
    if not lo <= value <= hi:
        return f"must be from {lo:g} to {hi:g} mm per play unit (got {value:g})"
    return None


@dataclass(frozen=True)
class ScreenScale:
    """How an attempt's play units became millimetres, kept in its settings (key `screen`)."""

    window_w: int                  # window size in pixels when the attempt ended
    window_h: int
    canvas_scale: float            # window pixels per play unit
    display: str                   # the display it was played on (game/displays.py); '' if unknown
    px_per_mm: float | None        # display pixels per mm from the calibration; None: not measured
    mm_per_unit: float | None      # canvas_scale / px_per_mm; None: not measured
    source: str                    # "card" | "none" | "given"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def screen_scale(window: tuple[int, int], display: str, display_px_per_mm: float | None) -> ScreenScale:
    """The scale of an attempt played in this window on a display measured at `display_px_per_mm`
    (None: not measured, so no millimetres)."""
    scale = canvas_scale(window)
    mm = scale / display_px_per_mm if display_px_per_mm else None
    return ScreenScale(int(window[0]), int(window[1]), scale, display, display_px_per_mm,
                       mm if mm is not None and mm_per_unit_problem(mm) is None else None,
                       "card" if display_px_per_mm and mm is not None else "none")


def given_scale(mm_per_unit: float) -> dict[str, Any]:
    """Settings for scoring with a mm per play unit given by hand (`score --mm-per-unit`)."""
    return {"mm_per_unit": float(mm_per_unit), "source": "given"}


def mm_per_unit_of(settings: Mapping[str, Any] | None) -> float | None:
    """The mm per play unit an attempt's settings record; None when not measured (or not readable)."""
    screen = (settings or {}).get(SETTINGS_KEY)
    value = screen.get("mm_per_unit") if isinstance(screen, Mapping) else None
    return float(value) if mm_per_unit_problem(value) is None else None   # type: ignore[arg-type]


def in_mm(value: object, mm_per_unit: float | None) -> float | None:
    """A play-unit value (a distance, or a speed per second) in millimetres; None when either is missing."""
    if mm_per_unit is None or isinstance(value, bool) or not isinstance(value, (int, float)) \
            or not math.isfinite(value):
        return None
    return float(value) * mm_per_unit


def with_twins(table: Sequence[Metric], metrics: Mapping[str, Any], mm_per_unit: float | None) -> dict[str, Any]:
    """The metrics with each twin the table declares right after its play-unit metric."""
    twins = {m.name: m.mm_twin for m in table if m.mm_twin}
    out: dict[str, Any] = {}
    for name, value in metrics.items():
        out[name] = value
        if name in twins:
            out[twins[name]] = in_mm(value, mm_per_unit)
    return out


def difficulty_twins(game: GameDef, difficulty: Mapping[str, Any], mm_per_unit: float | None) -> dict[str, Any]:
    """The millimetre twins of a level's difficulty values (None each when not measured)."""
    return {twin: in_mm(difficulty.get(name), mm_per_unit) for name, twin in game.difficulty_twins}


def card_outline_units(card_px: float, window: tuple[int, int]) -> tuple[float, float]:
    """The card outline's width and height in play units, so that on screen it is `card_px` display
    pixels wide (and a card's shape high) in a window of this size."""
    scale = canvas_scale(window)
    return card_px / scale, card_px / scale * CARD_H_MM / CARD_W_MM
