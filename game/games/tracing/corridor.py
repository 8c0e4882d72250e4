"""Is the corridor narrower than the gap between neighbouring parts of the path? (pure numpy)

A corridor wider than half the gap between two neighbouring parts of the path (the turns of a
spiral, the two sides of a narrow U) joins them: a wobble anywhere between them is "on the path",
and coverage and the within-corridor share stop meaning anything.

"Neighbouring parts": two points of the path are parts of the same place when the path between
them is short. A bend of radius r turns round in an arc of length pi * r, and a corridor of
half-width w cannot follow a bend tighter than r = w anyway (its inner edge folds over), so two
points of one stroke farther than pi * w apart along the path, or points of two different
strokes, are different parts; a pair of them closer than 2 * w means their corridors overlap.
Crossings are no problem (the child passes straight through, as in a figure-8 or the cross of a
"t"), nor are parts that only touch at a point where they meet at an angle: only parts that
run alongside each other (directions within PARALLEL_DEG of each other, either way) count.

The path is sampled every w / 8 along its length (0.5 to 4 play units apart), so gaps are
measured to within a sixteenth of the corridor width. Points are binned on a grid of cells 2 * w
wide, so only points in neighbouring cells are compared, a block at a time, and the search stops
at the first block with an overlap: fast even for a path of 25,000 play units folded into a
small box (a hostile file overlaps everywhere, so it stops at once). The largest tolerance that
fits is found by bisection over whole play units.
"""
from __future__ import annotations

import math
from typing import Sequence

import numpy as np

PARALLEL_DEG = 30.0
_MAX_PAIRS = 2_000_000   # pairs compared per block (memory bound)


def _samples(template: Sequence[np.ndarray], step: float):
    pts, arc, tangent, stroke, loops = [], [], [], [], []
    for k, line in enumerate(template):
        p = np.asarray(line, dtype=float)
        seg = np.hypot(*np.diff(p, axis=0).T)
        keep = np.concatenate(([True], seg > 0))
        p, seg = p[keep], seg[seg > 0]
        if len(p) < 2:
            continue
        s = np.concatenate(([0.0], np.cumsum(seg)))
        at = np.append(np.arange(0.0, s[-1], step), s[-1])
        q = np.column_stack((np.interp(at, s, p[:, 0]), np.interp(at, s, p[:, 1])))
        i = np.clip(np.searchsorted(s, at, side="right") - 1, 0, len(seg) - 1)
        d = (p[i + 1] - p[i]) / seg[i][:, None]
        pts.append(q)
        arc.append(at)
        tangent.append(d)
        stroke.append(np.full(len(at), k))
        # A closed stroke (a circle, an O) ends where it starts: along it, distance goes both ways round.
        closed = math.dist(p[0], p[-1]) <= step
        loops.append(np.full(len(at), s[-1] if closed else math.inf))
    if not pts:
        return np.empty((0, 2)), np.empty(0), np.empty((0, 2)), np.empty(0, dtype=int), np.empty(0)
    return (np.concatenate(pts), np.concatenate(arc), np.concatenate(tangent), np.concatenate(stroke),
            np.concatenate(loops))


def overlap(template: Sequence[np.ndarray], tolerance: float) -> float | None:
    """The distance between two neighbouring parts of the path (see the module doc) that come closer
    than 2 * tolerance (the smallest such distance in the first block of comparisons that has
    one), or None when the corridor fits."""
    w = float(tolerance)
    if not w > 0:
        return None
    step = min(4.0, max(0.5, w / 8))
    pts, arc, tangent, stroke, loop = _samples(template, step)
    if len(pts) < 2:
        return None
    reach = 2.0 * w
    cos_par = math.cos(math.radians(PARALLEL_DEG))
    cell = np.floor((pts - pts.min(axis=0)) / reach).astype(np.int64)
    width = int(cell[:, 1].max()) + 3
    key = cell[:, 0] * width + cell[:, 1]
    order = np.argsort(key, kind="stable")
    skey = key[order]
    # Each unordered pair of neighbouring cells once: the cell itself and four of its eight neighbours.
    for ox, oy in ((0, 0), (1, -1), (1, 0), (1, 1), (0, 1)):
        target = key + ox * width + oy
        lo = np.searchsorted(skey, target, side="left")
        hi = np.searchsorted(skey, target, side="right")
        counts = hi - lo
        has = np.flatnonzero(counts)
        start = 0
        while start < len(has):
            total = np.cumsum(counts[has[start:]])
            stop = start + max(1, int(np.searchsorted(total, _MAX_PAIRS, side="right")))
            rows = has[start:stop]
            n = counts[rows]
            a = np.repeat(rows, n)
            offs = np.arange(int(n.sum())) - np.repeat(np.cumsum(n) - n, n)
            b = order[np.repeat(lo[rows], n) + offs]
            if ox == 0 and oy == 0:
                keep = a < b
                a, b = a[keep], b[keep]
            d = np.hypot(*(pts[a] - pts[b]).T)
            along = np.abs(arc[a] - arc[b])
            along = np.minimum(along, loop[a] - along)
            far = (stroke[a] != stroke[b]) | (along > math.pi * w)
            alongside = np.abs(np.sum(tangent[a] * tangent[b], axis=1)) >= cos_par
            hit = far & alongside & (d < reach)
            if hit.any():
                return float(d[hit].min())
            start = stop
    return None


def widest_fitting_tolerance(template: Sequence[np.ndarray], tolerance: float, least: int = 5) -> float | None:
    """None if `tolerance` fits; otherwise the largest whole-unit tolerance below it, from `least`
    up, that fits (0 if not even `least` does)."""
    if overlap(template, tolerance) is None:
        return None
    if overlap(template, least) is not None:
        return 0.0
    lo, hi = least, math.ceil(tolerance) - 1  # lo fits; find the largest that does
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if overlap(template, mid) is None:
            lo = mid
        else:
            hi = mid - 1
    return float(lo)
