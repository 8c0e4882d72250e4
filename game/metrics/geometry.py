"""Polyline geometry for scoring: arc-length resampling and exact point-to-segment distances.

Everything is in play units (1280x720 canvas). Distances are exact (the same numbers a
brute-force N x M search gives, to rounding), because therapists compare them across
sessions; speed comes from pruning, never from approximation.
"""
from __future__ import annotations

import math
from typing import Sequence

import numpy as np

# Points per chunk and segments per group in `nearest_distance`. Small chunks keep the
# bounds tight (the exact stage dominates); groups keep the bound matrices small.
_CHUNK = 8
_GROUP = 16
# Rough number of elements per temporary array. Work goes in blocks of chunks so that
# temporaries stay in cache and come from the heap: fresh large allocations (page faults)
# cost more than all the arithmetic here.
_BLOCK = 8192


def _as_xy(xy: np.ndarray, name: str) -> np.ndarray:
    """Return `xy` as a finite float64 (n, 2) array, or raise ValueError naming it."""
    arr = np.asarray(xy, dtype=np.float64)
    if arr.ndim != 2 or arr.shape[1] != 2:
        raise ValueError(f"{name} must have shape (n, 2), got {arr.shape}")
    if not np.isfinite(arr).all():
        raise ValueError(f"{name} must contain only finite numbers")
    return arr


def polyline_length(xy: np.ndarray) -> float:
    """Total length of a polyline (0.0 for fewer than two points)."""
    p = _as_xy(xy, "xy")
    if len(p) < 2:
        return 0.0
    return float(np.hypot(*np.diff(p, axis=0).T).sum())


def resample_polyline(xy: np.ndarray, step: float) -> np.ndarray:
    """Points at equal arc-length steps along `xy`, always ending at its final point.

    Spatial metrics weight by arc length, so points must be spread evenly along the path,
    whatever the device's sampling rate or pauses. Degenerate input (one point, or zero
    length) gives that single point as a (1, 2) array.
    """
    if not step > 0:
        raise ValueError(f"step must be positive, got {step}")
    p = _as_xy(xy, "xy")
    if len(p) == 0:
        raise ValueError("xy must hold at least one point")
    seg = np.hypot(*np.diff(p, axis=0).T)
    # Drop repeated points so that the cumulative length is strictly increasing.
    keep = np.concatenate(([True], seg > 0))
    p, seg = p[keep], seg[seg > 0]
    if len(p) < 2:
        return p[:1].copy()
    s = np.concatenate(([0.0], np.cumsum(seg)))
    total = s[-1]
    targets = np.arange(int(np.ceil(total / step)) + 1, dtype=np.float64) * step
    targets = np.append(targets[targets < total], total)
    out = np.empty((len(targets), 2))
    out[:, 0] = np.interp(targets, s, p[:, 0])
    out[:, 1] = np.interp(targets, s, p[:, 1])
    out[-1] = p[-1]  # exactly the final point, not an interpolated copy
    return out


def densify(xy: np.ndarray, max_step: float) -> np.ndarray:
    """Insert evenly spaced points so that no segment is longer than `max_step`.

    The original vertices are kept exactly (corners of a template must stay corners).
    """
    if not max_step > 0:
        raise ValueError(f"max_step must be positive, got {max_step}")
    p = _as_xy(xy, "xy")
    if len(p) < 2:
        return p.copy()
    d = np.diff(p, axis=0)
    pieces = np.maximum(1, np.ceil(np.hypot(*d.T) / max_step)).astype(np.int64)
    seg_of = np.repeat(np.arange(len(d)), pieces)
    starts = np.cumsum(pieces) - pieces
    j = np.arange(int(pieces.sum())) - np.repeat(starts, pieces)
    frac = j / pieces[seg_of]
    out = p[seg_of] + frac[:, None] * d[seg_of]
    out[j == 0] = p[:-1]
    return np.vstack([out, p[-1:]])


def polyline_segments(polylines: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Segment end points (a, b) of several polylines; a one-point polyline is a point (a == b)."""
    starts, ends = [], []
    for i, line in enumerate(polylines):
        q = _as_xy(line, f"polylines[{i}]")
        if len(q) == 1:
            starts.append(q)
            ends.append(q)
        elif len(q) > 1:
            starts.append(q[:-1])
            ends.append(q[1:])
    if not starts:
        raise ValueError("polylines hold no points")
    return np.concatenate(starts), np.concatenate(ends)


def _seg_dist2(px: np.ndarray, py: np.ndarray, ax: np.ndarray, ay: np.ndarray,
               abx: np.ndarray, aby: np.ndarray, inv: np.ndarray) -> np.ndarray:
    """Squared distance from P to segment A->B (broadcasting); inv = 1/|AB|^2, 0 for a point."""
    apx = px - ax
    apy = py - ay
    t = apx * abx
    t += apy * aby
    t *= inv
    np.clip(t, 0.0, 1.0, out=t)
    u = t * abx
    apx -= u
    t *= aby
    apy -= t
    apx *= apx
    apy *= apy
    apx += apy
    return apx


def _box_gap2(aminx: np.ndarray, aminy: np.ndarray, amaxx: np.ndarray, amaxy: np.ndarray,
              bminx: np.ndarray, bminy: np.ndarray, bmaxx: np.ndarray, bmaxy: np.ndarray) -> np.ndarray:
    """Squared distance between axis-aligned boxes (broadcasting; 0 when they touch)."""
    gx = bminx - amaxx
    np.maximum(gx, aminx - bmaxx, out=gx)
    np.maximum(gx, 0.0, out=gx)
    gy = bminy - amaxy
    np.maximum(gy, aminy - bmaxy, out=gy)
    np.maximum(gy, 0.0, out=gy)
    gx *= gx
    gy *= gy
    gx += gy
    return gx


def _runs(keys: np.ndarray) -> np.ndarray:
    """Start index of each run of equal consecutive keys."""
    return np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))


def nearest_distance(points: np.ndarray, seg_a: np.ndarray, seg_b: np.ndarray) -> np.ndarray:
    """Exact Euclidean distance from each point to the nearest segment seg_a[m]->seg_b[m].

    A segment with a == b is a point. Branch-and-bound, fully vectorised: consecutive points
    form chunks of `_CHUNK`, consecutive segments groups of `_GROUP`. Each chunk gets an
    upper bound U on all its points' distances from one segment s (the one nearest the
    chunk-box centre within the group whose box is nearest the chunk box): min(centre
    distance + half the box diagonal, farthest chunk point's distance to s). A group or segment whose
    box lies farther than U from the chunk box cannot be any chunk point's nearest, so only
    the rest are evaluated exactly. Fast when inputs are spatially coherent (traces,
    templates); still exact, only slower, when they are not.
    """
    p = _as_xy(points, "points")
    a = _as_xy(seg_a, "seg_a")
    b = _as_xy(seg_b, "seg_b")
    if a.shape != b.shape:
        raise ValueError(f"seg_a and seg_b differ in shape: {a.shape} vs {b.shape}")
    n, m = len(p), len(a)
    if m == 0:
        raise ValueError("at least one segment is needed")
    if n == 0:
        return np.empty(0)

    ax, ay = a[:, 0].copy(), a[:, 1].copy()
    abx, aby = b[:, 0] - ax, b[:, 1] - ay
    len2 = abx * abx + aby * aby
    with np.errstate(divide="ignore", over="ignore"):
        inv = np.divide(1.0, len2, out=np.zeros(m), where=len2 > 0)
    # A segment so short that 1/|AB|^2 overflows (under ~1e-154 units) counts as its point A.
    inv[~np.isfinite(inv)] = 0.0
    sminx, smaxx = np.minimum(ax, b[:, 0]), np.maximum(ax, b[:, 0])
    sminy, smaxy = np.minimum(ay, b[:, 1]), np.maximum(ay, b[:, 1])

    G, P = _GROUP, _CHUNK
    ng = -(-m // G)
    gseg = np.minimum(np.arange(ng * G), m - 1).reshape(ng, G)  # pad by repeating the last
    gminx, gmaxx = sminx[gseg].min(axis=1), smaxx[gseg].max(axis=1)
    gminy, gmaxy = sminy[gseg].min(axis=1), smaxy[gseg].max(axis=1)

    nk = -(-n // P)
    pad = np.minimum(np.arange(nk * P), n - 1)  # pad the last chunk by repeating the last point
    px, py = p[pad, 0].reshape(nk, P), p[pad, 1].reshape(nk, P)
    cminx, cmaxx = px.min(axis=1), px.max(axis=1)
    cminy, cmaxy = py.min(axis=1), py.max(axis=1)
    cx, cy = 0.5 * (cminx + cmaxx), 0.5 * (cminy + cmaxy)
    half = 0.5 * np.hypot(cmaxx - cminx, cmaxy - cminy)

    best = np.empty((nk, P))
    step = max(1, min(_BLOCK // ng, _BLOCK // (16 * P)))
    for k0 in range(0, nk, step):
        ks = slice(k0, min(nk, k0 + step))
        rows = np.arange(ks.stop - ks.start)
        bx, by = cx[ks, None], cy[ks, None]
        gap = _box_gap2(cminx[ks, None], cminy[ks, None], cmaxx[ks, None], cmaxy[ks, None],
                        gminx, gminy, gmaxx, gmaxy)
        cand = gseg[np.argmin(gap, axis=1)]
        d2c = _seg_dist2(bx, by, ax[cand], ay[cand], abx[cand], aby[cand], inv[cand])
        j = np.argmin(d2c, axis=1)
        s = cand[rows, j][:, None]
        far = _seg_dist2(px[ks], py[ks], ax[s], ay[s], abx[s], aby[s], inv[s]).max(axis=1)
        ub = np.minimum(np.sqrt(d2c[rows, j]) + half[ks], np.sqrt(far))
        ub2 = ub * (1.0 + 1e-9) + 1e-9  # slack: pruning never hinges on rounding
        ub2 *= ub2
        near = gap <= ub2[:, None]
        ki, gi = np.nonzero(near)
        kk = np.repeat(ki + k0, G)
        mm = gseg[gi].reshape(-1)
        ok = _box_gap2(cminx[kk], cminy[kk], cmaxx[kk], cmaxy[kk],
                       sminx[mm], sminy[mm], smaxx[mm], smaxy[mm]) <= np.repeat(ub2[ki], G)
        kk, mm = kk[ok], mm[ok]
        # Pairs are sorted by chunk, and every chunk keeps at least the segment s that gave
        # its bound, so reduceat over the runs of kk gives each chunk's minimum.
        d2 = _seg_dist2(px[kk], py[kk], ax[mm, None], ay[mm, None], abx[mm, None], aby[mm, None], inv[mm, None])
        best[ks] = np.minimum.reduceat(d2, _runs(kk), axis=0)
    return np.sqrt(best.reshape(-1)[:n])


def distance_to_polylines(points: np.ndarray, polylines: Sequence[np.ndarray]) -> np.ndarray:
    """Exact distance from each point to the nearest point of any of the polylines."""
    a, b = polyline_segments(polylines)
    return nearest_distance(points, a, b)


def distance_to_points(points: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """Exact distance from each point to the nearest of `targets` (degenerate segments)."""
    t = _as_xy(targets, "targets")
    return nearest_distance(points, t, t)


class NearSegments:
    """Is a single point within `radius` of any of these segments? Exact, in microseconds.

    For per-event questions during play (is the pen on the road?), where one call of
    `nearest_distance` per event would cost more than the event. Segments are binned on a
    grid of cells `radius` wide by their box grown by `radius`, so a point only tests the
    few segments binned in its own cell; the test itself is the exact distance.
    """

    def __init__(self, seg_a: np.ndarray, seg_b: np.ndarray, radius: float):
        a, b = _as_xy(seg_a, "seg_a"), _as_xy(seg_b, "seg_b")
        self.radius = float(radius)
        self.cell = max(self.radius, 8.0)
        lo = np.floor((np.minimum(a, b) - self.radius) / self.cell).astype(np.int64)
        hi = np.floor((np.maximum(a, b) + self.radius) / self.cell).astype(np.int64)
        bins: dict[tuple[int, int], list[int]] = {}
        for m in range(len(a)):
            for cx in range(int(lo[m, 0]), int(hi[m, 0]) + 1):
                for cy in range(int(lo[m, 1]), int(hi[m, 1]) + 1):
                    bins.setdefault((cx, cy), []).append(m)
        ab = b - a
        len2 = (ab * ab).sum(axis=1)
        with np.errstate(divide="ignore", over="ignore"):
            inv = np.divide(1.0, len2, out=np.zeros(len(a)), where=len2 > 0)
        inv[~np.isfinite(inv)] = 0.0
        self._bins = {key: np.asarray(ids) for key, ids in bins.items()}
        self._a, self._ab, self._inv = a, ab, inv
        self._plain = np.column_stack((a, ab, inv)).tolist()

    def within(self, x: float, y: float) -> bool:
        ids = self._bins.get((math.floor(x / self.cell), math.floor(y / self.cell)))
        if ids is None:
            return False
        r2 = self.radius * self.radius
        if len(ids) <= 8:  # the usual case: plain floats beat numpy's per-call cost
            for m in ids.tolist():
                ax, ay, bx, by, inv = self._plain[m]
                t = min(max(((x - ax) * bx + (y - ay) * by) * inv, 0.0), 1.0)
                dx, dy = x - ax - t * bx, y - ay - t * by
                if dx * dx + dy * dy <= r2:
                    return True
            return False
        d2 = _seg_dist2(np.float64(x), np.float64(y), self._a[ids, 0], self._a[ids, 1],
                        self._ab[ids, 0], self._ab[ids, 1], self._inv[ids])
        return bool(d2.min() <= r2)


def points_within(queries: np.ndarray, points: np.ndarray, radius: float) -> np.ndarray:
    """For each query, is any of `points` within `radius` (Euclidean, inclusive)? Exact.

    The same answer as `distance_to_points(queries, points) <= radius`, but its cost does
    not grow with how densely the points pile up (a scribble of 100,000 points in one spot):
    points are binned on a grid of cells radius/2 wide; a query with a whole occupied cell
    within reach is answered by the cell alone, one with no occupied cell in reach is not,
    and only queries with an occupied cell straddling the circle test that cell's points.
    """
    q = _as_xy(queries, "queries")
    p = _as_xy(points, "points")
    r = float(radius)
    out = np.zeros(len(q), dtype=bool)
    if len(q) == 0 or len(p) == 0 or not r > 0:
        if len(q) and len(p) and r == 0:
            return distance_to_points(q, p) <= r
        return out
    s = r / 2.0
    origin = np.minimum(p.min(axis=0), q.min(axis=0))
    pc = np.floor((p - origin) / s).astype(np.int64)
    width = int(pc[:, 1].max()) + 8                    # cell key = cx * width + cy, with room for offsets
    keys = pc[:, 0] * width + pc[:, 1]
    order = np.argsort(keys, kind="stable")
    keys_sorted = keys[order]
    cells, first = np.unique(keys_sorted, return_index=True)
    last = np.append(first[1:], len(keys_sorted))
    qc = np.floor((q - origin) / s).astype(np.int64)
    reach = 3                                            # cells within radius: |offset| <= radius/s + 1
    slack = 1e-9 * (1.0 + r + float(np.abs(origin).max()))
    uncertain_q: list[np.ndarray] = []
    uncertain_c: list[np.ndarray] = []
    for ox in range(-reach, reach + 1):
        for oy in range(-reach, reach + 1):
            cx, cy = qc[:, 0] + ox, qc[:, 1] + oy
            valid = (cy >= 0) & (cy < width) & (cx >= 0)
            key = cx * width + cy
            pos = np.minimum(np.searchsorted(cells, key), len(cells) - 1)
            hit = valid & (cells[pos] == key)
            if not hit.any():
                continue
            # Nearest and farthest distance from each query to this cell's box.
            x0, y0 = origin[0] + cx * s, origin[1] + cy * s
            dx_near = np.maximum(np.maximum(x0 - q[:, 0], q[:, 0] - (x0 + s)), 0.0)
            dy_near = np.maximum(np.maximum(y0 - q[:, 1], q[:, 1] - (y0 + s)), 0.0)
            dx_far = np.maximum(np.abs(q[:, 0] - x0), np.abs(q[:, 0] - (x0 + s)))
            dy_far = np.maximum(np.abs(q[:, 1] - y0), np.abs(q[:, 1] - (y0 + s)))
            near = np.hypot(dx_near, dy_near)
            far = np.hypot(dx_far, dy_far)
            out |= hit & (far + slack <= r)
            maybe = hit & (near - slack <= r) & (far + slack > r)
            if maybe.any():
                uncertain_q.append(np.flatnonzero(maybe))
                uncertain_c.append(pos[maybe])
    if uncertain_q:
        qi = np.concatenate(uncertain_q)
        ci = np.concatenate(uncertain_c)
        keep = ~out[qi]                                   # already answered: no need to look closer
        qi, ci = qi[keep], ci[keep]
        counts = last[ci] - first[ci]
        # Expand (query, cell) pairs into (query, point) pairs, a block at a time.
        block = max(1, _BLOCK * 64)
        start = 0
        while start < len(qi):
            stop = start + 1
            total = int(counts[start])
            while stop < len(qi) and total + counts[stop] <= block:
                total += int(counts[stop])
                stop += 1
            cq, cc, cn = qi[start:stop], ci[start:stop], counts[start:stop]
            rep_q = np.repeat(cq, cn)
            offs = np.arange(int(cn.sum())) - np.repeat(np.cumsum(cn) - cn, cn)
            pts = p[order[np.repeat(first[cc], cn) + offs]]
            d = np.hypot(pts[:, 0] - q[rep_q, 0], pts[:, 1] - q[rep_q, 1])
            np.logical_or.at(out, rep_q, d <= r)
            start = stop
    return out
