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
3. `dequantize`: whole-pixel coordinates move in steps; where the pen moves slowly along one axis
   that coordinate holds for several samples and then jumps a pixel, a staircase whose steps come
   as slowly as the pen moves, inside the band the low-pass keeps. A run of equal values stands
   for the moment the true value passed that level, the run's middle, and positions are
   interpolated between those moments (exact for a steady movement, however slow). Where both
   coordinates hold for longer than `GAP_S`, the pen was still: that run keeps both its ends.
   Only a coordinate that moves in whole steps (`quantum`) is treated so.
4. `filtered_piece`: each piece is resampled in time to a uniform grid (`FS`, or a whole number
   of times finer for a device that samples faster, up to `FS_MAX`: `grid_step`, so resampling
   folds no noise back into the band kept), ends included, and low-passed at `CUTOFF_HZ` with the zero-phase filter the
   smoothness metrics use (handwriting's energy lies below 10 Hz; jitter and quantisation lie
   above it). `noise_density` estimates the device's position noise from what the filter took
   away, for the smoothness metrics.
5. `divider_walk`: what jitter the low-pass leaves (below 10 Hz) still wiggles the trajectory by a
   few tenths of a unit, and a wiggle adds length in proportion to the time it lasts, so a slow,
   careful trace would read long. Length is therefore measured with a ruler of `RULER` play units
   (Richardson's divider method): a polyline through the trajectory's points, each the first at
   least `RULER` from the one before. See `RULER` for why 4.

Pure numpy; the same samples always give the same trajectory.
"""
from __future__ import annotations

import dataclasses
import itertools
import math
from dataclasses import dataclass

import numpy as np

from game.metrics.smoothness import lowpass_gain, zero_phase_lowpass

FS = 100.0            # Hz: the uniform time grid at least (ends included, so the effective rate is a hair above)
FS_MAX = 500.0        # Hz: ... and at most (a 1000 Hz mouse is resampled to 500 Hz)
CUTOFF_HZ = 10.0      # Hz: zero-phase low-pass cutoff, as for smoothness
GAP_S = 0.1           # s: a longer gap between samples is a pen lift or a pause, never interpolated
GAP_INTERVALS = 5.0   # ... and it must also be longer than this many typical sample intervals
FALLBACK_DT = 1 / 120  # s: the typical interval when a stroke has no two distinct times
MIN_FILTER_SAMPLES = 5  # grid points below which a piece is too short to filter: its samples are used as they are
# The least position noise assumed of any device, per coordinate: whole play units (rounding
# error, variance 1/12) as white noise sampled at 60 Hz. A staircase's error lies where the pen's
# pace puts it, not where the sampling rate does, so a finer device is not credited with less.
QUANT_VAR = 1 / 12    # play units^2
QUANTUM_MAX = 2.0     # play units: the coarsest step taken for quantisation (a pixel at half scale)
QUANT_RATE_HZ = 60.0
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

    `filtered` is False for a piece too short to resample (a tap, two samples 5 ms apart): its raw
    samples are kept and its `fs` is 0. `step`: the grid is that many times finer than the base
    rate (a device faster than FS; see `coarse`). `noise_density` (play units^2 per Hz of sampling,
    i.e. variance / rate) is the white position noise per coordinate the device's samples carry;
    times a grid's rate it is the noise variance per sample of that grid.
    """

    t: np.ndarray
    xy: np.ndarray
    fs: float
    filtered: bool
    noise_density: float = 0.0
    step: int = 1

    def coarse(self) -> tuple[np.ndarray, np.ndarray, float]:
        """Every `step`-th point (t, xy, rate): the trajectory at the base rate (at least FS), with
        both ends. After the low-pass nothing above the cutoff is left to fold back."""
        if not self.filtered or self.step == 1:
            return self.t, self.xy, self.fs
        return self.t[::self.step], self.xy[::self.step], self.fs / self.step


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


def grid_step(t: np.ndarray, fs: float = FS) -> int:
    """How many times finer than `fs` the grid for samples at times t is: enough for the device's
    own rate (so resampling folds no noise back into the band kept), up to FS_MAX."""
    rate = 1.0 / typical_interval(t)
    return int(max(1, min(math.ceil(rate / fs - 1e-9), math.floor(FS_MAX / fs + 1e-9))))


def filtered_piece(t: np.ndarray, xy: np.ndarray, fs: float = FS, cutoff_hz: float = CUTOFF_HZ,
                   step: int = 1) -> Piece:
    """One gap-free piece on a uniform time grid from its first to its last sample, low-passed.

    The grid has step * ceil(duration * fs) + 1 points, so it includes both ends, its rate is at
    least step * fs, and every step-th point is a grid at least `fs` (the piece's `coarse`).
    A piece shorter than MIN_FILTER_SAMPLES grid points is returned as it is.
    The samples are used as given (see `stroke_pieces` for what is done to them first).
    """
    tt = np.asarray(t, dtype=np.float64)
    p = np.asarray(xy, dtype=np.float64)
    duration = float(tt[-1] - tt[0]) if len(tt) else 0.0
    n = step * int(math.ceil(duration * fs - 1e-9)) + 1 if duration > 0 else 1
    if n < MIN_FILTER_SAMPLES:
        return Piece(tt.copy(), p.copy(), 0.0, False)
    grid = np.linspace(tt[0], tt[-1], n)
    rate = (n - 1) / duration
    on_grid = np.column_stack((np.interp(grid, tt, p[:, 0]), np.interp(grid, tt, p[:, 1])))
    return Piece(grid, _lowpass_xy(on_grid, rate, cutoff_hz), rate, True, step=step)


def _lowpass_xy(xy: np.ndarray, fs: float, cutoff_hz: float) -> np.ndarray:
    """Both coordinates low-passed, relative to the first sample: a coordinate that does not
    change stays exactly as it was."""
    x0, y0 = xy[0]
    return np.column_stack((x0 + zero_phase_lowpass(xy[:, 0] - x0, fs, cutoff_hz),
                            y0 + zero_phase_lowpass(xy[:, 1] - y0, fs, cutoff_hz)))


def noise_density(t: np.ndarray, xy: np.ndarray, piece: Piece) -> float:
    """The white position noise per coordinate (variance / sampling rate) that samples carry, from
    what the piece's low-pass took away from them, and never less than QUANT_VAR at QUANT_RATE_HZ.

    The residual of each sample from the filtered trajectory holds the noise above the cutoff: for
    white noise sampled at rate r, all but the share the filter passes (about 2.8 x the cutoff / r).
    Real movement above 10 Hz, which handwriting hardly has, would count as noise.
    """
    floor = QUANT_VAR / QUANT_RATE_HZ
    if not piece.filtered or len(t) < MIN_FILTER_SAMPLES:
        return floor
    tt = np.asarray(t, dtype=np.float64)
    p = np.asarray(xy, dtype=np.float64)
    rate = 1.0 / typical_interval(tt)
    rx = p[:, 0] - np.interp(tt, piece.t, piece.xy[:, 0])
    ry = p[:, 1] - np.interp(tt, piece.t, piece.xy[:, 1])
    # A zero-phase filter of gain g(f) leaves of white noise the share (2/r) * integral of
    # (1 - g)^2 = 1 - (2/r) * integral of (2g - g^2) over 0..r/2: what it lets through is
    # subtracted from the sample it came from.
    top = min(rate, piece.fs) / 2.0
    g = lowpass_gain(np.linspace(0.0, top, 4097), piece.fs, CUTOFF_HZ)
    passed = min(0.75, float(np.mean(2.0 * g - g * g)) * 2.0 * top / rate)
    var = float(np.mean(0.5 * (rx * rx + ry * ry))) / (1.0 - passed)
    return max(floor, var / rate)


def quantum(v: np.ndarray) -> float | None:
    """The step a coordinate moves in, if it moves only in whole steps of at most QUANTUM_MAX play
    units (whole pixels, or pixels scaled to play units); None for a coordinate that moves freely."""
    steps = np.abs(np.diff(v))
    steps = steps[steps > 0]
    if not len(steps):
        return None
    q = float(steps.min())
    if q > QUANTUM_MAX:
        return None
    with np.errstate(over="ignore", invalid="ignore"):
        k = (v - v[0]) / q
        whole = np.abs(k - np.round(k)) < 1e-6
    return q if bool(np.all(whole)) else None


def dequantize(t: np.ndarray, xy: np.ndarray, still_s: float = GAP_S) -> np.ndarray:
    """Positions with each quantised coordinate's runs of equal values replaced by a steady passage
    (see the module doc, step 3). A coordinate that moves freely (see `quantum`) is kept as it is:
    there a run of equal values means the pen really held that coordinate."""
    tt = np.asarray(t, dtype=np.float64)
    p = np.asarray(xy, dtype=np.float64)
    out = p.copy()
    if len(tt) < 3:
        return out
    # Which samples belong to the same stretch where both coordinates hold (the pen still).
    joint = np.concatenate(([0], np.cumsum(np.any(p[1:] != p[:-1], axis=1))))
    for c in range(2):
        v = p[:, c]
        if quantum(v) is None:
            continue
        starts = np.flatnonzero(np.concatenate(([True], v[1:] != v[:-1])))
        if len(starts) == len(v):
            continue
        ends = np.append(starts[1:], len(v)) - 1
        still = (joint[starts] == joint[ends]) & (tt[ends] - tt[starts] > still_s)
        mid = 0.5 * (tt[starts] + tt[ends])
        # A still run keeps both ends; any other run is one knot at its middle.
        kt = np.where(still[:, None], np.column_stack((tt[starts], tt[ends])), mid[:, None]).ravel()
        kv = np.repeat(v[starts], 2)
        keep = np.concatenate(([True], np.diff(kt) > 0))
        out[:, c] = np.interp(tt, kt[keep], kv[keep])
    return out


def stroke_pieces(t: np.ndarray, xy: np.ndarray, fs: float = FS, cutoff_hz: float = CUTOFF_HZ) -> list[Piece]:
    """A pen-down stroke's samples as filtered, gap-free pieces, in order (the module doc's steps 1-4)."""
    tt = repair_times(t)
    p = np.asarray(xy, dtype=np.float64)
    pieces = []
    for s in split_at_gaps(tt):
        piece = filtered_piece(tt[s], dequantize(tt[s], p[s]), fs, cutoff_hz, grid_step(tt[s], fs))
        pieces.append(dataclasses.replace(piece, noise_density=noise_density(tt[s], p[s], piece)))
    return pieces


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
