"""Synthetic pen recordings for the tracing metrics: one drawing, sampled as real devices do.

A drawing is a function of time giving float positions; `record` samples it at given times, adds
tablet-like jitter and rounds to whole pixels, as 110-145 Hz tablets report. Shared by
tests/test_tracing_real_data.py and benchmarks/bench_tracing_metrics.py, which prints the figures.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from game.events import Event

Drawing = Callable[[np.ndarray], np.ndarray]


def min_jerk(u: np.ndarray) -> np.ndarray:
    u = np.clip(u, 0.0, 1.0)
    return 10 * u ** 3 - 15 * u ** 4 + 6 * u ** 5


def arc_point(template: np.ndarray, s: np.ndarray, offset: np.ndarray | float = 0.0) -> np.ndarray:
    """Points at arc lengths `s` along a polyline, moved `offset` along its left normal."""
    seg = np.diff(template, axis=0)
    cum = np.concatenate(([0.0], np.cumsum(np.hypot(*seg.T))))
    x = np.interp(s, cum, template[:, 0])
    y = np.interp(s, cum, template[:, 1])
    i = np.clip(np.searchsorted(cum, s, side="right") - 1, 0, len(seg) - 1)
    tangent = seg[i] / np.hypot(*seg[i].T)[:, None]
    normal = np.column_stack((-tangent[:, 1], tangent[:, 0]))
    return np.column_stack((x, y)) + np.asarray(offset, dtype=float).reshape(-1, 1) * normal


def along(template: np.ndarray, duration: float, offset: Callable[[np.ndarray], np.ndarray] | None = None,
          start: float = 0.0) -> Drawing:
    """Trace the template once in `duration` s, a minimum-jerk movement along its length."""
    length = float(np.hypot(*np.diff(template, axis=0).T).sum())

    def at(t: np.ndarray) -> np.ndarray:
        off = offset(t) if offset is not None else 0.0
        return arc_point(template, length * min_jerk((t - start) / duration), off)
    return at


def circle(radius: float = 200.0, center=(640.0, 360.0), n: int = 1440) -> np.ndarray:
    a = np.linspace(0.0, 2 * np.pi, n + 1)
    return np.column_stack((center[0] + radius * np.sin(a), center[1] - radius * np.cos(a)))


def rate_times(rate: float, duration: float, t0: float = 0.0) -> np.ndarray:
    return t0 + np.arange(0.0, duration + 1e-9, 1.0 / rate)


def irregular_times(rng: np.random.Generator, duration: float, lo: float = 0.003, hi: float = 0.025,
                    t0: float = 0.0) -> np.ndarray:
    t = np.concatenate(([0.0], np.cumsum(rng.uniform(lo, hi, int(duration / lo) + 2))))
    return t0 + np.append(t[t < duration], duration)


def record(drawing: Drawing, times: np.ndarray, rng: np.random.Generator | None = None, jitter: float = 0.0,
           whole_pixels: bool = False, pointer: int = 0) -> list[Event]:
    """One pen-down through the drawing at the given times (down, moves, up)."""
    xy = drawing(np.asarray(times, dtype=float))
    if jitter and rng is not None:
        xy = xy + rng.uniform(-jitter, jitter, xy.shape)
    if whole_pixels:
        xy = np.round(xy)
    kinds = ["down"] + ["move"] * (len(times) - 2) + ["up"]
    return [Event(float(t), k, float(x), float(y), id=pointer) for t, k, (x, y) in zip(times, kinds, xy)]


def bumps(k: int, each_s: float = 0.5, each_len: float = 100.0, y: float = 360.0, x0: float = 100.0) -> Drawing:
    """k identical minimum-jerk sub-movements in a row along a straight line (speed: k bells)."""
    def at(t: np.ndarray) -> np.ndarray:
        u = np.clip(t / each_s, 0.0, k)
        whole = np.minimum(np.floor(u), k - 1)
        x = x0 + each_len * (whole + min_jerk(u - whole))
        return np.column_stack((x, np.full(len(t), y)))
    return at
