"""Tracing as shown: a tidy trace along a level's road.

`demo_trace` is the whole road (the results screenshot's example and the tests' perfect child);
`demonstration` is the short show before the level: a finger on the green dot, along the first
part of the road in the arrow's direction, and up again.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from game.demonstration import Demo
from game.events import Event
from game.metrics.geometry import resample_polyline

SHOW_LENGTH = 640.0     # play units of road the demonstration traces at most
SHOW_SHARE = 0.6        # ... and at most this share of the first stroke (the child does the rest)
SHOW_SPEED = 260.0      # play units/s: calm, a child's pace
SHOW_DOWN_S = 0.8       # the finger touches the green dot here (the hand glides in before)
SHOW_AFTER_S = 0.7      # the trace stays in view this long after the finger lifts


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


def demonstration(loaded: Any, rate_hz: float = 60.0) -> Demo:
    """The first part of the road, traced on its centre line."""
    stroke = np.asarray(loaded.level.template[0], dtype=float)
    seg = np.hypot(*np.diff(stroke, axis=0).T)
    along = np.concatenate([[0.0], np.cumsum(seg)])
    length = min(SHOW_LENGTH, SHOW_SHARE * float(along[-1]))
    n = max(int(np.ceil(length / SHOW_SPEED * rate_hz)), 2)
    at = np.linspace(0.0, length, n + 1)
    xs, ys = np.interp(at, along, stroke[:, 0]), np.interp(at, along, stroke[:, 1])
    events = []
    for k, (x, y) in enumerate(zip(xs, ys)):
        kind = "down" if k == 0 else ("up" if k == n else "move")
        events.append(Event(round(SHOW_DOWN_S + k / rate_hz, 6), kind, x=round(float(x), 2), y=round(float(y), 2)))
    return Demo(tuple(events), 0.0, events[-1].t + SHOW_AFTER_S)
