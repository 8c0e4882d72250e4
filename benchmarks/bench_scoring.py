"""Timing of tracing scoring (prints figures, asserts nothing).

Run: PYTHONPATH=. .venv/bin/python benchmarks/bench_scoring.py
Case: a 60 s attempt sampled at 240 Hz (14 400 events), a trace wobbling +-8 play units
(plus 0.5 unit jitter) round a radius-200 circle densified at 1 unit (1 257 segments),
about 10 laps at 200 units/s. Target: tracing_metrics under 20 ms (median).
"""
from __future__ import annotations

import statistics
import time

import numpy as np

from game.events import Event
from game.metrics.geometry import densify, distance_to_polylines, resample_polyline
from game.games.tracing.metrics import RESAMPLE_STEP, tracing_metrics

RUNS = 20
DURATION_S = 60.0
RATE_HZ = 240.0
RADIUS = 200.0
CENTER = (640.0, 360.0)
SPEED = 200.0  # play units per second along the circle


def _circle_template() -> list[np.ndarray]:
    angles = np.linspace(0.0, 2 * np.pi, 73)
    coarse = np.column_stack((CENTER[0] + RADIUS * np.cos(angles), CENTER[1] + RADIUS * np.sin(angles)))
    dense = densify(coarse, 1.0)
    # Put the dense points on the exact circle (densify interpolates along the chords).
    ang = np.arctan2(dense[:, 1] - CENTER[1], dense[:, 0] - CENTER[0])
    return [np.column_stack((CENTER[0] + RADIUS * np.cos(ang), CENTER[1] + RADIUS * np.sin(ang)))]


def _attempt(seed: int = 0) -> list[Event]:
    rng = np.random.default_rng(seed)
    t = np.arange(int(DURATION_S * RATE_HZ)) / RATE_HZ
    ang = SPEED * t / RADIUS
    r = RADIUS + 8.0 * np.sin(2 * np.pi * 0.7 * t) + rng.normal(0.0, 0.5, len(t))
    x, y = CENTER[0] + r * np.cos(ang), CENTER[1] + r * np.sin(ang)
    events = [Event(float(t[0]), "down", float(x[0]), float(y[0]), id=0)]
    events += [Event(float(ti), "move", float(xi), float(yi), id=0) for ti, xi, yi in zip(t[1:-1], x[1:-1], y[1:-1])]
    events.append(Event(float(t[-1]), "up", float(x[-1]), float(y[-1]), id=0))
    return events


def _median_ms(fn, runs: int = RUNS) -> float:
    fn()  # warm up
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return 1000.0 * statistics.median(times)


def bench_tracing_score() -> dict[str, float]:
    """Median times (ms) for scoring the 60 s / 240 Hz tracing attempt, and its sizes."""
    template = _circle_template()
    events = _attempt()
    xy = np.array([(e.x, e.y) for e in events])
    pts = resample_polyline(xy, RESAMPLE_STEP)
    return {
        "events": float(len(events)),
        "resampled_points": float(len(pts)),
        "template_segments": float(sum(len(s) - 1 for s in template)),
        "tracing_metrics_ms": _median_ms(lambda: tracing_metrics(template, 20.0, events, True)),
        "deviation_only_ms": _median_ms(lambda: distance_to_polylines(pts, template)),
    }


def main() -> None:
    results = bench_tracing_score()
    print("tracing scoring, 60 s attempt at 240 Hz round a dense circle (median of %d runs)" % RUNS)
    for name, value in results.items():
        print(f"  {name:22s} {value:10.2f}" if name.endswith("_ms") else f"  {name:22s} {value:10.0f}")
    print("  target: tracing_metrics_ms < 20")


if __name__ == "__main__":
    main()
