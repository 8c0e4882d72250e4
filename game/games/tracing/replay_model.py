"""What a tracing replay shows at time t: a pure function of the stored level and events.

The replay screen (replay_view.py) draws only what this returns, so what the therapist sees
at 3.2 s is the same code path the scorer runs (rules.py), tested exactly.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from game.events import Event
from game.games.tracing import rules as play_tracing
from game.levels.loader import LoadedLevel
from game.metrics.geometry import nearest_distance, polyline_segments

POINTER = ("down", "move", "up")
TAIL_S = 0.5          # a tracing replay runs on a little after the last event


@dataclass(frozen=True)
class TraceReplay:
    events: tuple[Event, ...]     # pointer events kept by the round (those live play saw)
    inside: tuple[bool, ...]      # per event: within the corridor (the colour the trail had live)
    times: tuple[float, ...]
    completed: bool
    length_s: float

    def count(self, t: float) -> int:
        return bisect_right(self.times, t)

    def pen_at(self, t: float) -> tuple[float, float, bool] | None:
        """The pointer's last position at t and whether it is down; None before the first touch."""
        k = self.count(t)
        if k == 0:
            return None
        ev = self.events[k - 1]
        return float(ev.x), float(ev.y), ev.type != "up"  # type: ignore[arg-type]


def trace_replay(loaded: LoadedLevel, events: Sequence[Event]) -> TraceReplay:
    spec = loaded.level.tracing  # type: ignore[attr-defined]
    result = play_tracing.play_through(loaded.level.template, spec.tolerance, spec.time_limit_s, events)
    kept = [ev for ev in result.events if ev.type in POINTER and ev.x is not None]
    if kept:
        a, b = polyline_segments(loaded.level.template)
        d = nearest_distance(np.array([[ev.x, ev.y] for ev in kept], dtype=float), a, b)
        inside = tuple(bool(v <= spec.tolerance) for v in d)
    else:
        inside = ()
    last = kept[-1].t if kept else 0.0
    return TraceReplay(tuple(kept), inside, tuple(ev.t for ev in kept), result.completed, last + TAIL_S)
