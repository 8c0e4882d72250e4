"""Tracing metrics: how closely, how completely and how smoothly a child followed a path.

Everything is measured on the trajectory, not on the raw samples: each pen-down stroke is split
at sample gaps (pen lifts and pauses without samples), resampled in time to a uniform 100 Hz
grid and low-passed at 10 Hz, zero phase (game.metrics.trajectory), so pixel jitter and the
device's sampling rate do not lengthen or shorten it. The trace as measured is the ruler walk
along that trajectory (trajectory.divider_walk, a 4-unit ruler), so what jitter the filter leaves
adds no length however slowly the child drew; path_length is its length. Spatial metrics are
sampled every RESAMPLE_STEP play units along it (never across a gap), each sample weighted by the
arc it stands for, so their denominator is path_length itself and a pause does not count.
Smoothness is measured in fixed 2 s windows and averaged weighted by time
(game.metrics.smoothness.WINDOW_S): SPARC and LDLJ on the trajectory's speed in each window,
tapered and with the device's own noise taken out (smoothness.denoised_window).
Distances are exact (see geometry.nearest_distance).
Every value is a plain JSON-ready Python type, unrounded; percentages never leave 0-100.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from game.events import Event
from game.metrics.geometry import (
    distance_to_polylines,
    points_within,
    resample_polyline,
)
from game.metrics.smoothness import MIN_STROKE_S, windowed_smoothness
from game.metrics.trajectory import (
    CUTOFF_HZ,
    Piece,
    measured_samples,
    stroke_pieces,
)

TRACING_METRICS = (
    "mean_deviation", "rms_deviation", "max_deviation", "within_tolerance_pct", "coverage_pct",
    "duration_s", "path_length", "mean_speed", "pen_lifts", "sparc", "ldlj", "completed",
)
RESAMPLE_STEP = 1.0   # play units between resampled trace points (<= 2 keeps the integrals fine)
TEMPLATE_STEP = 1.0   # play units between resampled template points for coverage
TRAJECTORY_FS = 100.0  # Hz: least rate of the uniform time grid for the filtered trajectory (see trajectory.FS)
_POINTER = frozenset(("down", "move", "up"))


@dataclass(frozen=True, eq=False)
class PenStroke:
    """One pen-down trace: times (s, from the attempt start) and positions (play units)."""

    t: np.ndarray   # (n,)
    xy: np.ndarray  # (n, 2)


def pen_strokes(events: Sequence[Event]) -> list[PenStroke]:
    """Split pointer events into pen-down traces, in order.

    A "down" starts a trace, "move"s extend it, an "up" ends it (its own position is the
    last point). Moves while up are hover and ignored. Events of another pointer id than
    the one that went down (a second finger, including its own "down") are ignored. A
    "down" of the same pointer while already down (a lost "up") ends the previous trace
    first. A trace still open when the events end counts.
    """
    kinds = [ev.type for ev in events]
    ptr = [ev for ev, kind in zip(events, kinds) if kind in _POINTER]
    if len(ptr) < len(kinds):
        kinds = [ev.type for ev in ptr]
    n = len(ptr)
    ids = np.array([-1 if ev.id is None else ev.id for ev in ptr], dtype=np.int64)
    t = np.array([ev.t for ev in ptr], dtype=np.float64)
    xy = np.empty((n, 2))
    xy[:, 0] = np.array([ev.x for ev in ptr], dtype=np.float64)  # None -> nan
    xy[:, 1] = np.array([ev.y for ev in ptr], dtype=np.float64)
    has_xy = ~np.isnan(xy).any(axis=1)
    # Only downs and ups change state: walk those in Python, take each trace's moves at once.
    edges = [i for i, kind in enumerate(kinds) if kind != "move"]
    strokes: list[PenStroke] = []
    pos = 0
    while pos < len(edges):
        start = edges[pos]
        pos += 1
        if kinds[start] != "down":
            continue  # an up while up
        owner = ids[start]
        stop = n
        while pos < len(edges):
            j = edges[pos]
            if ids[j] == owner:
                if kinds[j] == "up":
                    stop = j + 1
                    pos += 1
                else:
                    stop = j  # a new down of the same pointer starts the next trace
                break
            pos += 1  # another finger's down or up
        sel = start + np.flatnonzero((ids[start:stop] == owner) & has_xy[start:stop])
        if len(sel):
            strokes.append(PenStroke(t[sel], xy[sel]))
    return strokes


def _segment_lengths(xy: np.ndarray) -> np.ndarray:
    return np.hypot(*np.diff(xy, axis=0).T) if len(xy) > 1 else np.empty(0)


def _weighted_share(ds: np.ndarray, flags: np.ndarray) -> float:
    """Length of a resampled polyline whose points are flagged; a segment counts the mean of its ends."""
    f = flags.astype(np.float64)
    return float(np.sum(ds * 0.5 * (f[:-1] + f[1:]))) if len(ds) else 0.0


def _pct(part: float, rest: float) -> float:
    """100 * part / (part + rest): exactly 100 when nothing is left out, exactly 0 when nothing is in,
    and never outside 0-100 (a total summed in another order can differ in the last bit)."""
    whole = part + rest
    return float(min(100.0, max(0.0, 100.0 * part / whole))) if whole > 0 else 0.0


def ink_pieces(strokes: Sequence[PenStroke]) -> list[Piece]:
    """Every stroke as filtered, gap-free pieces (game.metrics.trajectory), in order."""
    return [piece for s in strokes for piece in stroke_pieces(s.t, s.xy, TRAJECTORY_FS, CUTOFF_HZ)]


def _reached_masks(tmpl_pts: list[np.ndarray], reached: Sequence[float] | None) -> list[np.ndarray | None]:
    """Per template stroke: which resampled points lie within the part reached in order (None: all)."""
    if reached is None:
        return [None] * len(tmpl_pts)
    masks: list[np.ndarray | None] = []
    for i, line in enumerate(tmpl_pts):
        limit = float(reached[i]) if i < len(reached) else 0.0
        masks.append(_arc(line) <= limit + 1e-9)
    return masks


def tracing_metrics(template: Sequence[np.ndarray], tolerance: float, events: Sequence[Event],
                    completed: bool, reached: Sequence[float] | None = None) -> dict:
    """All TRACING_METRICS for one attempt, keyed in that order.

    `reached`: per template stroke, the length along it that the child reached in order (from
    rules.play_through); coverage counts only that part, so ink on a part the child never got
    to in order (tracing backwards, jumping ahead) covers nothing. None counts the whole path.

    None means "no data to say": deviation and within-tolerance metrics without ink (or
    without ink length), duration_s without any pen-down, mean_speed without pen-down time,
    sparc/ldlj when no window of the trace gave a speed profile.
    coverage_pct is 0.0 without ink (nothing of the path was covered), and None only if
    the template itself has no length.
    """
    strokes = pen_strokes(events)
    out: dict = dict.fromkeys(TRACING_METRICS)
    out["completed"] = bool(completed)
    out["pen_lifts"] = max(0, len(strokes) - 1)

    # The trajectory: each stroke split at sample gaps, resampled in time and low-passed; the
    # trace as measured is the ruler's walk along each piece.
    pieces = ink_pieces(strokes)
    res = [measured_samples(p.xy, RESAMPLE_STEP) for p in pieces]
    length = float(sum(at[-1] for _, at in res))
    out["path_length"] = length
    down_time = float(sum(s.t[-1] - s.t[0] for s in strokes))
    out["duration_s"] = float(strokes[-1].t[-1] - strokes[0].t[0]) if strokes else None
    out["mean_speed"] = length / down_time if down_time > 0 else None

    # Template, resampled for coverage (weights are its arc length).
    tmpl_pts = [resample_polyline(line, TEMPLATE_STEP) for line in template if len(line)]
    tmpl_ds = [np.diff(_arc(line)) for line in tmpl_pts]
    tmpl_length = float(sum(ds.sum() for ds in tmpl_ds))

    if not strokes:
        out["coverage_pct"] = 0.0 if tmpl_length > 0 else None
        return out

    # Deviation at every RESAMPLE_STEP of arc along the trajectory, each weighted by the length
    # it stands for along the ruler walk (trapezoid), so the weights add up to path_length exactly.
    pts = np.concatenate([r[0] for r in res])
    dev = distance_to_polylines(pts, template)
    bounds = np.cumsum([0] + [len(r[0]) for r in res])
    # Integrals of the deviation's difference from a reference value, so that a trace at a
    # constant distance reads exactly that distance (no rounding from summing in another order).
    ref = float(dev[0])
    integral = integral2 = inside = outside = 0.0
    for i, (_, at) in enumerate(res):
        d = dev[bounds[i]:bounds[i + 1]]
        ds = np.diff(at)
        if len(ds):
            integral += float(np.sum(ds * (0.5 * (d[:-1] + d[1:]) - ref)))
            integral2 += float(np.sum(ds * (0.5 * (d[:-1] ** 2 + d[1:] ** 2) - ref * ref)))
            inside += _weighted_share(ds, d <= tolerance)
            outside += _weighted_share(ds, d > tolerance)
    if length > 0:
        out["mean_deviation"] = max(0.0, ref + integral / length)
        out["rms_deviation"] = float(np.sqrt(max(0.0, ref * ref + integral2 / length)))
        out["within_tolerance_pct"] = _pct(inside, outside)
    else:
        out["mean_deviation"] = float(np.mean(dev))
        out["rms_deviation"] = float(np.sqrt(np.mean(dev ** 2)))
    out["max_deviation"] = float(np.max(dev))

    # Coverage: share of the template, within the part reached in order, with ink within tolerance.
    if tmpl_length > 0:
        # Template points lie on the template, so ink farther than the tolerance from the
        # whole template cannot cover any of them: leave it out (a hair of slack for rounding).
        ink = pts[dev <= tolerance + 1e-9]
        covered, uncovered = 0.0, tmpl_length
        if len(ink):
            uncovered = 0.0
            for line, ds, mask in zip(tmpl_pts, tmpl_ds, _reached_masks(tmpl_pts, reached)):
                near = points_within(line, ink, tolerance)
                if mask is not None:
                    near &= mask
                covered += _weighted_share(ds, near)
                uncovered += _weighted_share(ds, ~near)
        out["coverage_pct"] = _pct(covered, uncovered)

    # Smoothness: fixed windows over each piece's speed, tapered and denoised with the noise the
    # piece's own samples carry, averaged weighted by time.
    # A piece on a finer grid (a device faster than 100 Hz) is measured on every step-th point:
    # after the low-pass nothing is left above 10 Hz to fold back, and the windows cost less.
    windows = []
    for p in pieces:
        if p.filtered and p.t[-1] - p.t[0] >= MIN_STROKE_S:
            _, xy, fs = p.coarse()
            windows.extend(windowed_smoothness(_speed(xy, fs), fs, p.noise_density * fs, CUTOFF_HZ,
                                               filter_fs=p.fs))
    if windows:
        w = np.array(windows)
        out["sparc"] = float(np.average(w[:, 0], weights=w[:, 2]))
        out["ldlj"] = float(np.average(w[:, 1], weights=w[:, 2]))
    return out


def _speed(xy: np.ndarray, fs: float) -> np.ndarray:
    """Speed (play units/s) of uniformly sampled positions."""
    return np.hypot(np.gradient(xy[:, 0], 1.0 / fs), np.gradient(xy[:, 1], 1.0 / fs))


def _arc(xy: np.ndarray) -> np.ndarray:
    """Cumulative arc length along a polyline, starting at 0."""
    return np.concatenate(([0.0], np.cumsum(_segment_lengths(xy))))
