"""The tracing round: how far along its strokes the child has got, and when it is finished.

Progress is where the pen has carried it: the pen is on the path when it is within the
corridor, and its place on the path is the nearest progress sample near the current progress
(within a window behind and ahead of it, so a path that comes back near itself is not
confused). The pen *carries* progress once it has been on the path at (or behind) the
progress point; from then on progress follows the pen's place forward, never backward. A pen
that lands ahead of the progress point (after a lift, a slip off the corridor, a short gap of
at most the corridor width plus MAX_SKIP) carries it only after moving RESUME_FORWARD play
units further along the path in order. So tracing backwards, or dabbing ahead, earns nothing:
the pen never arrives at the progress point from behind. A stroke is finished when the pen
carrying progress is within the corridor of its end, with at most the corridor width left.
Lifting the pen keeps progress. Live play and re-scoring run this same code on the same
events, so they agree on `completed`, on how far the child got and where the attempt stopped.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from game.events import Event, feed_until_finished
from game.levels.base import MAX_ATTEMPT_S

PROGRESS_STEP = 2.0     # play units between progress samples along a stroke
MAX_SKIP = 40.0         # play units of stroke that may be skipped (on top of the corridor width)
RESUME_FORWARD = 8.0    # play units: forward travel along the path after landing ahead, before progress follows
                        # (well above pixel jitter, so a resting pen cannot creep forward)


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
    reached: tuple[float, ...] = ()   # per stroke: play units along it reached in order


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
        self._lengths = [float(np.hypot(*np.diff(s, axis=0).T).sum()) if len(s) > 1 else 0.0 for s in self.samples]
        self.carrying = False       # the pen is carrying progress forward
        self.landed: int | None = None  # where a pen that came on the path ahead of progress landed
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

    def reached_lengths(self) -> tuple[float, ...]:
        """Per stroke, how many play units along it were reached in order."""
        return tuple(length * self.stroke_fraction(i) for i, length in enumerate(self._lengths))

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
            self._let_go()
            self._advance_to(x, y)
            return
        if not self.pen_down or ev.id != self.pointer:
            return
        px, py = (float(self.last_xy[0]), float(self.last_xy[1])) if self.last_xy is not None else (x, y)
        gap = math.hypot(x - px, y - py)
        if gap > self.window * PROGRESS_STEP:
            self._let_go()
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
            self._let_go()

    def _let_go(self) -> None:
        self.carrying, self.landed = False, None

    def _advance_to(self, x: float, y: float) -> None:
        if self.completed:
            return
        xs, ys = self._xs[self.stroke], self._ys[self.stroke]
        last = len(xs) - 1
        lo, hi = max(self.reached - self.window, 0), min(self.reached + self.window + 1, len(xs))
        d2 = (xs[lo:hi] - x) ** 2 + (ys[lo:hi] - y) ** 2
        k = int(d2.argmin())
        if d2[k] > self.tolerance * self.tolerance:
            self._let_go()  # off the path (or beyond the window): whatever comes next must pick progress up again
            return
        here = lo + k
        if not self.carrying:
            if here <= self.reached:   # at the progress point or behind it: picks it up
                self.carrying = True
            else:
                self.landed = here if self.landed is None else min(self.landed, here)
                self.carrying = here >= self.landed + RESUME_FORWARD / PROGRESS_STEP
        if not self.carrying:
            return
        self.landed = None
        self.reached = max(self.reached, here)
        near_end = self.reached >= last - self.tolerance / PROGRESS_STEP
        if self.reached >= last or (near_end and d2[-1] <= self.tolerance * self.tolerance and hi == len(xs)):
            self.stroke += 1
            self.reached = 0
            self._let_go()
            if self.stroke >= len(self.samples):
                self.completed = True
                self.stroke = len(self.samples) - 1
                self.reached = len(self.samples[-1]) - 1


def play_through(template: Sequence[np.ndarray], tolerance: float, time_limit_s: float | None,
           events: Sequence[Event]) -> RoundResult:
    """Run a whole attempt's events; keep those up to the moment it ended, as live play does."""
    rnd = TracingRound(template, tolerance, time_limit_s)
    kept = feed_until_finished(rnd, events)
    return RoundResult(kept, rnd.completed, rnd.reached_lengths())
