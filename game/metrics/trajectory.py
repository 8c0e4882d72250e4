"""From raw pen samples to the trajectory every tracing number is measured on.

Real recordings are integer-pixel tablet samples at 110-145 Hz (or a mouse read once per frame)
with clock glitches, pen lifts that show only as gaps in the samples, and long pauses. Measured on
the raw polyline, pixel jitter makes a near-perfect trace read 10-15 % long, and the same drawing
sampled at another rate reads a different length. So, per pen-down stroke:

1. `repair_times`: times that repeat (a batch of samples stamped when read) are spread evenly
   over the interval before them; a time that goes backwards (a clock glitch) restarts the clock
   one typical interval after the previous sample. The order of the samples is never changed: the
   ink's order is the one thing a glitch cannot corrupt.
2. `split_at_gaps`: a gap longer than `GAP_S` (and than `GAP_INTERVALS` typical intervals, so a
   slow device is not cut at every sample) is a pen lift or a pause without samples; nothing is
   interpolated across it.
3. `filtered_piece`: each piece is resampled in time to a uniform grid (`FS`, ends included) and
   low-passed at `CUTOFF_HZ` with the zero-phase filter the smoothness metrics use (handwriting's
   energy lies below 10 Hz; jitter and quantisation lie above it).
4. `divider_walk`: what jitter the low-pass leaves (below 10 Hz) still wiggles the trajectory by a
   few tenths of a unit, and a wiggle adds length in proportion to the time it lasts, so a slow,
   careful trace would read long. Length is therefore measured with a ruler of `RULER` play units
   (Richardson's divider method): a polyline through the trajectory's points, each the first at
   least `RULER` from the one before. See `RULER` for why 4.

Pure numpy; the same samples always give the same trajectory.
"""
from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np

from game.metrics.smoothness import zero_phase_lowpass

FS = 100.0            # Hz: the uniform time grid (ends included, so the effective rate is a hair above)
CUTOFF_HZ = 10.0      # Hz: zero-phase low-pass cutoff, as for smoothness
GAP_S = 0.1           # s: a longer gap between samples is a pen lift or a pause, never interpolated
GAP_INTERVALS = 5.0   # ... and it must also be longer than this many typical sample intervals
FALLBACK_DT = 1 / 120  # s: the typical interval when a stroke has no two distinct times
MIN_FILTER_SAMPLES = 5  # grid points below which a piece is too short to filter: its samples are used as they are
# The device noise the numbers are designed for: whole pixels (rounding error, variance 1/12 px^2)
# with +-1 px of uniform jitter (variance 1/3 px^2) on each coordinate, at 60 Hz, the slowest
# sampling rate we design for (a mouse read once per frame). A play unit is about a pixel.
DEVICE_NOISE_VAR = 1 / 12 + 1 / 3   # play units^2 per coordinate
DEVICE_RATE_HZ = 60.0
# Ruler for path length (play units). A chord of length s whose ends are off the true path by
# normal errors differing by e reads sqrt(s^2 + e^2) ~ s (1 + e^2 / (2 s^2)): length added by noise
# is bounded per unit of length, however slowly the trace was drawn. Under the design noise the
# filtered trajectory is 0.2-0.3 units off the true path on average and about 1 at most, so with
# s = 4 the excess is at most 1/32 (3 %) for e = 1 and about 0.4 % for a typical e of 0.35. A chord
# shortens an arc of radius r by about s^2 / (24 r^2): 0.17 % at r = 20, so the level's curves keep
# their length, while a 3-unit tremor (peaks 6 units apart) stays in the ruler's reach.
RULER = 4.0


@dataclass(frozen=True, eq=False)
class Piece:
    """A stretch of ink with no gap: uniform times `t` (s), positions `xy` (play units), rate `fs`.

    `grid` holds the positions on the same time grid before the low-pass (so the piece can be
    filtered again at another cutoff, see `lowpassed`). `filtered` is False for a piece too short
    to resample (a tap, two samples 5 ms apart): its raw samples are kept, `grid` is `xy` and its
    `fs` is 0.
    """

    t: np.ndarray
    xy: np.ndarray
    fs: float
    filtered: bool
    grid: np.ndarray


def typical_interval(t: np.ndarray) -> float:
    """Median positive interval between samples (FALLBACK_DT if there is none)."""
    dt = np.diff(np.asarray(t, dtype=np.float64))
    dt = dt[dt > 0]
    return float(np.median(dt)) if len(dt) else FALLBACK_DT


def repair_times(t: np.ndarray) -> np.ndarray:
    """Strictly increasing times for samples in their recorded order (see the module doc)."""
    tt = np.asarray(t, dtype=np.float64)
    if len(tt) < 2:
        return tt.copy()
    nominal = typical_interval(tt)
    dt = np.diff(tt)
    dt = np.where(dt < 0, nominal, dt)          # a clock that went back: carry on from the last sample
    fixed = np.concatenate(([tt[0]], tt[0] + np.cumsum(dt)))
    # Runs of equal times: spread each run evenly over the interval that ends at its time.
    starts = np.flatnonzero(np.concatenate(([True], np.diff(fixed) > 0)))
    counts = np.diff(np.append(starts, len(fixed)))
    if np.all(counts == 1):
        return fixed
    value = fixed[starts]
    before = np.concatenate(([value[0] - counts[0] * nominal], value[:-1]))
    run = np.repeat(np.arange(len(starts)), counts)
    rank = np.arange(len(fixed)) - starts[run] + 1
    return before[run] + (value[run] - before[run]) * rank / counts[run]


def split_at_gaps(t: np.ndarray) -> list[slice]:
    """Slices of consecutive samples with no gap longer than the pen-lift threshold."""
    tt = np.asarray(t, dtype=np.float64)
    if len(tt) == 0:
        return []
    limit = max(GAP_S, GAP_INTERVALS * typical_interval(tt))
    cuts = np.flatnonzero(np.diff(tt) > limit) + 1
    edges = np.concatenate(([0], cuts, [len(tt)]))
    return [slice(int(a), int(b)) for a, b in itertools.pairwise(edges)]


def filtered_piece(t: np.ndarray, xy: np.ndarray, fs: float = FS, cutoff_hz: float = CUTOFF_HZ) -> Piece:
    """One gap-free piece on a uniform time grid from its first to its last sample, low-passed.

    The grid has ceil(duration * fs) + 1 points, so it includes both ends and its rate is at
    least `fs`. A piece shorter than MIN_FILTER_SAMPLES grid points is returned as it is.
    """
    tt = np.asarray(t, dtype=np.float64)
    p = np.asarray(xy, dtype=np.float64)
    duration = float(tt[-1] - tt[0]) if len(tt) else 0.0
    n = int(math.ceil(duration * fs - 1e-9)) + 1 if duration > 0 else 1
    if n < MIN_FILTER_SAMPLES:
        return Piece(tt.copy(), p.copy(), 0.0, False, p.copy())
    grid = np.linspace(tt[0], tt[-1], n)
    rate = (n - 1) / duration
    on_grid = np.column_stack((np.interp(grid, tt, p[:, 0]), np.interp(grid, tt, p[:, 1])))
    return Piece(grid, _lowpass_xy(on_grid, rate, cutoff_hz), rate, True, on_grid)


def _lowpass_xy(xy: np.ndarray, fs: float, cutoff_hz: float) -> np.ndarray:
    """Both coordinates low-passed, relative to the first sample: a coordinate that does not
    change stays exactly as it was."""
    x0, y0 = xy[0]
    return np.column_stack((x0 + zero_phase_lowpass(xy[:, 0] - x0, fs, cutoff_hz),
                            y0 + zero_phase_lowpass(xy[:, 1] - y0, fs, cutoff_hz)))


def lowpassed(piece: Piece, cutoff_hz: float) -> np.ndarray:
    """The piece's positions low-passed at another cutoff (its own positions if it is unfiltered)."""
    if not piece.filtered:
        return piece.xy.copy()
    return _lowpass_xy(piece.grid, piece.fs, cutoff_hz)


def stroke_pieces(t: np.ndarray, xy: np.ndarray, fs: float = FS, cutoff_hz: float = CUTOFF_HZ) -> list[Piece]:
    """A pen-down stroke's samples as filtered, gap-free pieces, in order."""
    tt = repair_times(t)
    p = np.asarray(xy, dtype=np.float64)
    return [filtered_piece(tt[s], p[s], fs, cutoff_hz) for s in split_at_gaps(tt)]


def divider_walk(xy: np.ndarray, ruler: float = RULER) -> np.ndarray:
    """Indices of the points a ruler of length `ruler` walks through along `xy` (see RULER).

    Keeps the first point, then each point at least `ruler` (straight-line distance) from the
    last one kept, and always the last point, so the walk starts and ends where the ink does.
    Points closer than the ruler to the last kept one (a pause's jitter, a wiggle smaller than
    the ruler) add nothing. A straight line keeps its exact length.
    """
    p = np.asarray(xy, dtype=np.float64)
    if len(p) < 3:
        return np.arange(len(p))
    xs, ys = p[:, 0].tolist(), p[:, 1].tolist()
    keep = [0]
    kx, ky = xs[0], ys[0]
    limit = ruler * ruler
    for i in range(1, len(xs) - 1):
        dx, dy = xs[i] - kx, ys[i] - ky
        if dx * dx + dy * dy >= limit:
            keep.append(i)
            kx, ky = xs[i], ys[i]
    keep.append(len(xs) - 1)
    return np.asarray(keep)


def measured_samples(xy: np.ndarray, step: float, ruler: float = RULER) -> tuple[np.ndarray, np.ndarray]:
    """Points every `step` of arc along a trajectory, and where each lies along its ruler walk.

    The points are the trajectory's own (`arc_samples`), so distances are measured on the
    smoothed trace itself, not on the ruler's chords. Their positions are measured along the
    ruler walk (`divider_walk`): each stretch between two of the walk's points gets the chord's
    length, shared over the stretch in proportion to its own arc. So the steps between positions
    add up to exactly the walk's length, path_length, and a sample counts for the length it
    stands for as the ruler measures it (a pause's wiggle counts for nothing).
    """
    p = np.asarray(xy, dtype=np.float64)
    pts, at = arc_samples(p, step)
    if len(p) < 2 or at[-1] == 0:
        return pts, at
    own = np.concatenate(([0.0], np.cumsum(np.hypot(*np.diff(p, axis=0).T))))
    walk = divider_walk(p, ruler)
    chords = np.concatenate(([0.0], np.cumsum(np.hypot(*np.diff(p[walk], axis=0).T))))
    # A stretch without own arc (the pen still between two walk points) has no chord either.
    knots, first = np.unique(own[walk], return_index=True)
    return pts, np.interp(at, knots, chords[first])


def arc_samples(xy: np.ndarray, step: float) -> tuple[np.ndarray, np.ndarray]:
    """Points every `step` of arc length along a polyline (ends included) and their arc positions.

    The arc positions are measured along the polyline itself, so the steps between them add up
    to exactly its length: spatial averages weighted by these steps share path_length's
    denominator. A polyline without length gives its first point at position 0.
    """
    p = np.asarray(xy, dtype=np.float64)
    seg = np.hypot(*np.diff(p, axis=0).T) if len(p) > 1 else np.empty(0)
    keep = np.concatenate(([True], seg > 0))
    p, seg = p[keep], seg[seg > 0]
    if len(p) < 2:
        return p[:1].copy(), np.zeros(min(len(p), 1))
    s = np.concatenate(([0.0], np.cumsum(seg)))
    total = s[-1]
    at = np.arange(int(math.ceil(total / step)) + 1, dtype=np.float64) * step
    at = np.append(at[at < total], total)
    out = np.column_stack((np.interp(at, s, p[:, 0]), np.interp(at, s, p[:, 1])))
    out[-1] = p[-1]
    return out, at
