"""Tracing metrics: how closely, how completely and how smoothly a child followed a path.

Spatial metrics are weighted by arc length (the trace is resampled every RESAMPLE_STEP play
units, never across a pen lift), so a pause or a fast device does not change them; the
same ink gives the same numbers whatever the sampling. Distances are exact (see
geometry.nearest_distance). Every value is a plain JSON-ready Python type, unrounded.
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
from game.metrics.smoothness import ldlj, sparc, speed_profile

TRACING_METRICS = (
    "mean_deviation", "rms_deviation", "max_deviation", "within_tolerance_pct", "coverage_pct",
    "duration_s", "path_length", "mean_speed", "pen_lifts", "sparc", "ldlj", "completed",
)
RESAMPLE_STEP = 1.0   # play units between resampled trace points (<= 2 keeps the integrals fine)
TEMPLATE_STEP = 1.0   # play units between resampled template points for coverage
SMOOTHNESS_FS = 100.0  # Hz, uniform grid for speed profiles
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


def tracing_metrics(template: Sequence[np.ndarray], tolerance: float, events: Sequence[Event],
                    completed: bool) -> dict:
    """All TRACING_METRICS for one attempt, keyed in that order.

    None means "no data to say": deviation and within-tolerance metrics without ink (or
    without ink length), duration_s without any pen-down, mean_speed without pen-down time,
    sparc/ldlj when no stroke gave a speed profile (see smoothness.speed_profile).
    coverage_pct is 0.0 without ink (nothing of the path was covered), and None only if
    the template itself has no length.
    """
    strokes = pen_strokes(events)
    out: dict = dict.fromkeys(TRACING_METRICS)
    out["completed"] = bool(completed)
    out["pen_lifts"] = max(0, len(strokes) - 1)

    # Raw path, timing and speed.
    raw_length = float(sum(_segment_lengths(s.xy).sum() for s in strokes))
    out["path_length"] = raw_length
    down_time = float(sum(s.t[-1] - s.t[0] for s in strokes))
    out["duration_s"] = float(strokes[-1].t[-1] - strokes[0].t[0]) if strokes else None
    out["mean_speed"] = raw_length / down_time if down_time > 0 else None

    # Template, resampled for coverage (weights are its arc length).
    tmpl_pts = [resample_polyline(line, TEMPLATE_STEP) for line in template if len(line)]
    tmpl_ds = [np.diff(_arc(line)) for line in tmpl_pts]
    tmpl_length = float(sum(ds.sum() for ds in tmpl_ds))

    if not strokes:
        out["coverage_pct"] = 0.0 if tmpl_length > 0 else None
        return out

    # Deviation along the arc-length-resampled ink.
    res = [resample_polyline(s.xy, RESAMPLE_STEP) for s in strokes]
    pts = np.concatenate(res)
    dev = distance_to_polylines(pts, template)
    bounds = np.cumsum([0] + [len(r) for r in res])
    integral = integral2 = inside = length = 0.0
    for i, r in enumerate(res):
        d = dev[bounds[i]:bounds[i + 1]]
        ds = np.diff(_arc(r))
        if len(ds):
            integral += float(np.sum(ds * 0.5 * (d[:-1] + d[1:])))
            integral2 += float(np.sum(ds * 0.5 * (d[:-1] ** 2 + d[1:] ** 2)))
            inside += _weighted_share(ds, d <= tolerance)
            length += float(ds.sum())
    if length > 0:
        out["mean_deviation"] = integral / length
        out["rms_deviation"] = float(np.sqrt(integral2 / length))
        out["within_tolerance_pct"] = 100.0 * inside / length
    else:
        out["mean_deviation"] = float(np.mean(dev))
        out["rms_deviation"] = float(np.sqrt(np.mean(dev ** 2)))
    out["max_deviation"] = float(np.max(dev))

    # Coverage: share of the template with a resampled ink point within tolerance.
    if tmpl_length > 0:
        # Template points lie on the template, so ink farther than the tolerance from the
        # whole template cannot cover any of them: leave it out (a hair of slack for rounding).
        ink = pts[dev <= tolerance + 1e-9]
        covered = 0.0
        if len(ink):
            for line, ds in zip(tmpl_pts, tmpl_ds):
                covered += _weighted_share(ds, points_within(line, ink, tolerance))
        out["coverage_pct"] = 100.0 * covered / tmpl_length

    # Smoothness: median over the strokes that gave a speed profile.
    sp, lj = [], []
    for s in strokes:
        v = speed_profile(s.t, s.xy, SMOOTHNESS_FS)
        if len(v) and v.max() > 0:
            try:
                sp_value, lj_value = sparc(v, SMOOTHNESS_FS), ldlj(v, SMOOTHNESS_FS)
            except ValueError:
                continue  # a movement too small to measure (1e-300 units): it says nothing about smoothness
            sp.append(sp_value)
            lj.append(lj_value)
    if sp:
        out["sparc"] = float(np.median(sp))
        out["ldlj"] = float(np.median(lj))
    return out


def _arc(xy: np.ndarray) -> np.ndarray:
    """Cumulative arc length along a polyline, starting at 0."""
    return np.concatenate(([0.0], np.cumsum(_segment_lengths(xy))))
