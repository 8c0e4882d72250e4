"""The tracing round: how far along its strokes the child has got, and when it is finished.

Progress moves forward along the current stroke as the pen comes within the corridor of
the next part of it; it can skip at most a short gap, so reaching the end means the stroke
was followed, in its direction. Lifting the pen keeps progress. Live play and re-scoring
run this same code on the same events, so they agree on `completed` and on where the
attempt stopped.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from game.events import Event
from game.levels.base import MAX_ATTEMPT_S

PROGRESS_STEP = 2.0     # play units between progress samples along a stroke
MAX_SKIP = 40.0         # play units of stroke that may be skipped (on top of the corridor width)


def _resample(xy: np.ndarray, step: float) -> np.ndarray:
    seg = np.hypot(*np.diff(xy, axis=0).T)
    s = np.concatenate([[0.0], np.cumsum(seg)])
    if s[-1] == 0:
        return xy[:1].copy()
    n = max(int(np.ceil(s[-1] / step)), 1)
    at = np.linspace(0.0, s[-1], n + 1)
    return np.column_stack([np.interp(at, s, xy[:, 0]), np.interp(at, s, xy[:, 1])])


@dataclass(frozen=True)
class RoundResult:
    events: list[Event]     # the events up to the moment the round ended
    completed: bool


class TracingRound:
    """Feed events in time order (t from the attempt start); read progress back for drawing."""

    def __init__(self, template: Sequence[np.ndarray], tolerance: float, time_limit_s: float | None = None):
        self.samples = [_resample(np.asarray(s, dtype=float), PROGRESS_STEP) for s in template]
        self._xs = [np.ascontiguousarray(s[:, 0]) for s in self.samples]
        self._ys = [np.ascontiguousarray(s[:, 1]) for s in self.samples]
        self.tolerance = float(tolerance)
        # No limit in the level: the attempt still ends after MAX_ATTEMPT_S (a child who walked away).
        self.time_limit_s = time_limit_s if time_limit_s is not None else MAX_ATTEMPT_S
        self.window = int(np.ceil((2 * self.tolerance + MAX_SKIP) / PROGRESS_STEP))
        self.stroke = 0             # index of the stroke being traced
        self.reached = 0            # furthest progress sample reached on that stroke
        self.completed = False
        self.timed_out = False
        self.pen_down = False
        self.pointer: int | None = None
        self.last_xy: np.ndarray | None = None

    @property
    def finished(self) -> bool:
        return self.completed or self.timed_out

    def stroke_fraction(self, index: int) -> float:
        """0..1: how much of stroke `index` is done."""
        if index < self.stroke or self.completed:
            return 1.0
        if index > self.stroke:
            return 0.0
        n = len(self.samples[index])
        return self.reached / (n - 1) if n > 1 else 0.0

    def progress_point(self) -> np.ndarray:
        """Where the child should carry on from: the start dot of what is left."""
        stroke = min(self.stroke, len(self.samples) - 1)
        return self.samples[stroke][min(self.reached, len(self.samples[stroke]) - 1)]

    def progress_direction(self) -> np.ndarray:
        stroke = min(self.stroke, len(self.samples) - 1)
        pts = self.samples[stroke]
        i = min(self.reached, len(pts) - 2) if len(pts) > 1 else 0
        j = min(i + max(int(12 / PROGRESS_STEP), 1), len(pts) - 1)
        d = pts[j] - pts[i] if j > i else np.array([1.0, 0.0])
        norm = float(np.hypot(*d))
        return d / norm if norm > 0 else np.array([1.0, 0.0])

    def tick(self, t: float) -> None:
        if not self.finished and t >= self.time_limit_s:
            self.timed_out = True

    def feed(self, ev: Event) -> None:
        """Advance by one event. Events after the round finished are ignored.

        Plain floats per event (no small arrays): a round is fed every event of an attempt,
        live and again when scoring, so per-event cost is what bounds a long attempt.
        """
        self.tick(ev.t)
        if self.finished or ev.type not in ("down", "move", "up"):
            return
        x, y = float(ev.x), float(ev.y)  # type: ignore[arg-type]
        if ev.type == "down":
            if self.pen_down and ev.id != self.pointer:
                return  # a second finger while tracing: ignored
            self.pen_down, self.pointer, self.last_xy = True, ev.id, np.array([x, y])
            self._advance_to(x, y)
            return
        if not self.pen_down or ev.id != self.pointer:
            return
        px, py = (float(self.last_xy[0]), float(self.last_xy[1])) if self.last_xy is not None else (x, y)
        gap = math.hypot(x - px, y - py)
        if gap > self.window * PROGRESS_STEP:
            self._advance_to(x, y)  # a jump, not a stroke: only where it landed counts
        else:  # fill in between samples so a fast, sparsely sampled stroke still counts
            n = max(int(math.ceil(gap / max(self.tolerance / 2, 1.0))), 1)
            for k in range(1, n + 1):
                if self.completed:
                    break
                f = k / n
                self._advance_to(px + (x - px) * f, py + (y - py) * f)
        self.last_xy = np.array([x, y])
        if ev.type == "up":
            self.pen_down, self.pointer, self.last_xy = False, None, None

    def _advance_to(self, x: float, y: float) -> None:
        if self.completed:
            return
        xs, ys = self._xs[self.stroke], self._ys[self.stroke]
        hi = min(self.reached + self.window + 1, len(xs))
        near = np.hypot(xs[self.reached:hi] - x, ys[self.reached:hi] - y) <= self.tolerance
        if near.any():
            self.reached += len(near) - 1 - int(near[::-1].argmax())
        if self.reached >= len(xs) - 1:
            self.stroke += 1
            self.reached = 0
            if self.stroke >= len(self.samples):
                self.completed = True
                self.stroke = len(self.samples) - 1
                self.reached = len(self.samples[-1]) - 1


def play_through(template: Sequence[np.ndarray], tolerance: float, time_limit_s: float | None,
           events: Sequence[Event]) -> RoundResult:
    """Run a whole attempt's events; keep those up to the moment it ended, as live play does."""
    rnd = TracingRound(template, tolerance, time_limit_s)
    kept: list[Event] = []
    for ev in events:
        rnd.tick(ev.t)
        if rnd.finished:
            break
        kept.append(ev)
        rnd.feed(ev)
        if rnd.finished:
            break
    return RoundResult(kept, rnd.completed)
