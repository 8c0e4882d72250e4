"""Figures for the tracing metrics on recordings like real ones (quoted in README, "What the tracing
numbers mean"; bounded by tests/test_tracing_real_data.py).

    SDL_VIDEODRIVER=dummy PYTHONPATH=. .venv/bin/python benchmarks/bench_tracing_metrics.py

Deterministic (fixed seeds); no timing.
"""
from __future__ import annotations

import numpy as np

from game.games.tracing.metrics import ink_pieces, pen_strokes, tracing_metrics
from game.metrics.smoothness import ldlj, sparc
from tests.tracing_builders import along, bumps, circle, irregular_times, rate_times, record

CIRCLE = circle()
L = float(np.hypot(*np.diff(CIRCLE, axis=0).T).sum())
LINE = [np.array([[0.0, 360.0], [1280.0, 360.0]])]


def raw_length(events) -> float:
    return float(sum(np.hypot(b.x - a.x, b.y - a.y) for a, b in zip(events, events[1:])))


def pct(x: float) -> str:
    return f"{100 * x:+.2f} %"


def main() -> None:
    print(f"Near-perfect trace: circle of L = {L:.1f}, whole pixels with +-1 px jitter, 140 Hz (5 seeds)")
    for seconds in (4.0, 8.0, 20.0):
        raw, filt = [], []
        for seed in range(5):
            ev = record(along(CIRCLE, seconds), rate_times(140, seconds), np.random.default_rng(seed), 1.0, True)
            raw.append(raw_length(ev) / L - 1)
            filt.append(tracing_metrics([CIRCLE], 20.0, ev, True)["path_length"] / L - 1)
        print(f"  {seconds:4.0f} s ({L / seconds:4.0f} units/s mean): raw polyline {pct(np.mean(raw))}, "
              f"smoothed {pct(np.mean(filt))} (worst {pct(max(filt, key=abs))})")

    print("\nSame drawing, 143 Hz vs 60 Hz (whole pixels, +-1 px jitter, 8 s):")
    drawing = along(CIRCLE, 8.0)
    rng = np.random.default_rng(7)
    e143 = record(drawing, rate_times(143, 8.0), rng, 1.0, True)
    e60 = record(drawing, rate_times(60, 8.0), rng, 1.0, True)
    print(f"  raw polyline: 60 Hz reads {pct(raw_length(e60) / raw_length(e143) - 1)} against 143 Hz")
    a, b = (tracing_metrics([CIRCLE], 20.0, e, True)["path_length"] for e in (e143, e60))
    print(f"  smoothed:     60 Hz reads {pct(b / a - 1)} against 143 Hz")

    print("\nCross-rate spread (max/min - 1) over 60, 120, 240 Hz and irregular 3-25 ms; a drawing 2-8 units off a circle, 6 s:")
    wander = along(CIRCLE, 6.0, offset=lambda t: 5.0 + 3.0 * np.sin(2 * np.pi * 0.7 * t))
    for label, jitter in (("whole pixels", 0.0), ("whole pixels +-1 px jitter", 1.0)):
        lengths, devs = [], []
        for seed in range(5):
            rng = np.random.default_rng(seed)
            times = [rate_times(r, 6.0) for r in (60, 120, 240)] + [irregular_times(rng, 6.0)]
            outs = [tracing_metrics([CIRCLE], 20.0, record(wander, t, rng, jitter, True), True) for t in times]
            lengths.append(max(o["path_length"] for o in outs) / min(o["path_length"] for o in outs) - 1)
            devs.append(max(o["mean_deviation"] for o in outs) / min(o["mean_deviation"] for o in outs) - 1)
        print(f"  {label:28s}: path_length {100 * max(lengths):.2f} %, mean_deviation {100 * max(devs):.2f} % (worst of 5)")

    print("\nSmoothness across sampling rates (60, 120, 240 Hz), a circle in 8 s, spread max - min:")
    for label, whole in (("exact positions", False), ("whole pixels", True)):
        outs = [tracing_metrics([CIRCLE], 20.0, record(drawing, rate_times(r, 8.0), whole_pixels=whole), True)
                for r in (60, 120, 240)]
        print(f"  {label:16s}: SPARC {np.ptp([o['sparc'] for o in outs]):.3f}, LDLJ {np.ptp([o['ldlj'] for o in outs]):.3f}"
              f"  (SPARC {outs[1]['sparc']:.3f}, LDLJ {outs[1]['ldlj']:.3f} at 120 Hz)")

    print("\nk identical sub-movements (0.5 s, 100 units each), 140 Hz:")
    for k in (4, 8, 16):
        ev = record(bumps(k), rate_times(140, 0.5 * k))
        out = tracing_metrics(LINE, 20.0, ev, True)
        (piece,) = ink_pieces(pen_strokes(ev))
        v = np.hypot(np.gradient(piece.xy[:, 0], 1 / piece.fs), np.gradient(piece.xy[:, 1], 1 / piece.fs))
        print(f"  k = {k:2d}: windows SPARC {out['sparc']:.3f}, LDLJ {out['ldlj']:.3f};"
              f"  whole trace as one movement SPARC {sparc(v, piece.fs):.3f}, LDLJ {ldlj(v, piece.fs):.3f}")

    print("\n5 Hz tremor of 3 units on a circle traced in 8 s, 140 Hz:")
    shaky = along(CIRCLE, 8.0, offset=lambda t: 3.0 * np.sin(2 * np.pi * 5.0 * t))
    for whole in (False, True):
        a = tracing_metrics([CIRCLE], 20.0, record(drawing, rate_times(140, 8.0), whole_pixels=whole), True)
        b = tracing_metrics([CIRCLE], 20.0, record(shaky, rate_times(140, 8.0), whole_pixels=whole), True)
        print(f"  {'whole pixels' if whole else 'exact':12s}: smooth SPARC {a['sparc']:.3f} LDLJ {a['ldlj']:.2f};"
              f" tremor SPARC {b['sparc']:.3f} LDLJ {b['ldlj']:.2f}")


if __name__ == "__main__":
    main()
