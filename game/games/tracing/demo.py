"""A tidy trace along a level's road: the results screenshot's example and the tests' perfect child."""
from __future__ import annotations

from typing import Any

import numpy as np

from game.events import Event
from game.metrics.geometry import resample_polyline


def demo_trace(loaded: Any, offset: float = 0.0, speed: float = 300.0, rate_hz: float = 120.0) -> list[Event]:
    """A trace along the level's strokes (shifted down by `offset`), one pen-down per stroke."""
    out: list[Event] = []
    t = 0.5
    step = speed / rate_hz
    for stroke in loaded.level.template:
        pts = resample_polyline(np.asarray(stroke, dtype=float), step)
        for k, (x, y) in enumerate(pts):
            kind = "down" if k == 0 else ("up" if k == len(pts) - 1 else "move")
            out.append(Event(round(t, 6), kind, x=round(float(x), 2), y=round(float(y) + offset, 2)))
            t += 1 / rate_hz
        t += 0.4
    return out
