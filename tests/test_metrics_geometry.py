"""Geometry: resampling, densifying and exact point-to-segment distances."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from game.metrics.geometry import (
    densify,
    distance_to_points,
    distance_to_polylines,
    nearest_distance,
    polyline_length,
    polyline_segments,
    resample_polyline,
)


def brute_force(points: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The reference formula over every (point, segment) pair, one segment at a time."""
    best = np.full(len(points), np.inf)
    for (ax, ay), (bx, by) in zip(a, b):
        abx, aby = bx - ax, by - ay
        apx, apy = points[:, 0] - ax, points[:, 1] - ay
        len2 = abx * abx + aby * aby
        t = np.clip((apx * abx + apy * aby) / len2, 0.0, 1.0) if len2 > 0 else np.zeros(len(points))
        best = np.minimum(best, np.hypot(apx - t * abx, apy - t * aby))
    return best


# ---- resample_polyline -------------------------------------------------------------------

def test_resample_straight_line_integer_length():
    out = resample_polyline(np.array([[0.0, 0.0], [10.0, 0.0]]), 1.0)
    np.testing.assert_allclose(out, np.column_stack((np.arange(11.0), np.zeros(11))), atol=1e-12)


def test_resample_keeps_final_point_after_partial_step():
    out = resample_polyline(np.array([[0.0, 0.0], [10.5, 0.0]]), 1.0)
    assert len(out) == 12
    np.testing.assert_allclose(out[:, 0], [*range(11), 10.5], atol=1e-12)
    assert tuple(out[-1]) == (10.5, 0.0)


def test_resample_goes_round_corners():
    out = resample_polyline(np.array([[0.0, 0.0], [3.0, 0.0], [3.0, 4.0]]), 2.0)
    np.testing.assert_allclose(out, [[0, 0], [2, 0], [3, 1], [3, 3], [3, 4]], atol=1e-12)


def test_resample_ignores_repeated_points():
    with_pauses = np.array([[0.0, 0.0], [0.0, 0.0], [3.0, 0.0], [3.0, 0.0], [3.0, 0.0], [3.0, 4.0]])
    plain = np.array([[0.0, 0.0], [3.0, 0.0], [3.0, 4.0]])
    np.testing.assert_array_equal(resample_polyline(with_pauses, 0.5), resample_polyline(plain, 0.5))


@pytest.mark.parametrize("xy", [[[5.0, 7.0]], [[5.0, 7.0], [5.0, 7.0], [5.0, 7.0]]])
def test_resample_degenerate_gives_the_single_point(xy):
    out = resample_polyline(np.array(xy), 1.0)
    assert out.shape == (1, 2)
    assert tuple(out[0]) == (5.0, 7.0)


def test_resample_rejects_bad_step():
    with pytest.raises(ValueError):
        resample_polyline(np.array([[0.0, 0.0], [1.0, 0.0]]), 0.0)


@settings(max_examples=60, deadline=None)
@given(arrays(np.float64, st.tuples(st.integers(2, 30), st.just(2)), elements=st.floats(0, 500)),
       st.floats(0.25, 5.0))
def test_resample_spacing_and_length(xy, step):
    length = polyline_length(xy)
    out = resample_polyline(xy, step)
    if length == 0:
        assert len(out) == 1
        return
    np.testing.assert_array_equal(out[0], xy[0])
    np.testing.assert_array_equal(out[-1], xy[-1])
    chords = np.hypot(*np.diff(out, axis=0).T)
    assert np.all(chords <= step + 1e-9)  # a chord is never longer than the arc it spans


# ---- densify ---------------------------------------------------------------------------

def test_densify_splits_evenly_and_keeps_vertices():
    xy = np.array([[0.0, 0.0], [10.0, 0.0], [10.0, 2.0]])
    out = densify(xy, 3.0)
    np.testing.assert_allclose(out, [[0, 0], [2.5, 0], [5, 0], [7.5, 0], [10, 0], [10, 2]], atol=1e-12)
    assert tuple(out[4]) == (10.0, 0.0) and tuple(out[-1]) == (10.0, 2.0)


@settings(max_examples=60, deadline=None)
@given(arrays(np.float64, st.tuples(st.integers(2, 20), st.just(2)), elements=st.floats(0, 500)),
       st.floats(0.5, 50.0))
def test_densify_bounds_segments(xy, max_step):
    out = densify(xy, max_step)
    assert np.all(np.hypot(*np.diff(out, axis=0).T) <= max_step * (1 + 1e-12))
    # Every original vertex is still there, exactly.
    kept = {tuple(p) for p in out}
    assert all(tuple(v) in kept for v in xy)
    assert polyline_length(out) == pytest.approx(polyline_length(xy), rel=1e-12, abs=1e-9)


# ---- nearest_distance ------------------------------------------------------------------

def test_nearest_distance_known_cases():
    a = np.array([[0.0, 0.0], [20.0, 20.0]])
    b = np.array([[10.0, 0.0], [20.0, 20.0]])  # a segment and a single point
    pts = np.array([[5.0, 3.0], [13.0, 4.0], [-3.0, -4.0], [20.0, 23.0], [16.0, 17.0]])
    np.testing.assert_allclose(nearest_distance(pts, a, b), [3.0, 5.0, 5.0, 3.0, 5.0], atol=1e-12)


def test_nearest_distance_empty_points_and_missing_segments():
    seg = np.array([[0.0, 0.0]])
    assert nearest_distance(np.empty((0, 2)), seg, seg).shape == (0,)
    with pytest.raises(ValueError):
        nearest_distance(np.array([[1.0, 1.0]]), np.empty((0, 2)), np.empty((0, 2)))


def test_distance_to_polylines_with_a_dot():
    lines = [np.array([[0.0, 0.0], [10.0, 0.0], [10.0, 10.0]]), np.array([[30.0, 0.0]])]
    pts = np.array([[5.0, -2.0], [12.0, 5.0], [33.0, 4.0], [10.0, 12.0]])
    np.testing.assert_allclose(distance_to_polylines(pts, lines), [2.0, 2.0, 5.0, 2.0], atol=1e-12)
    a, b = polyline_segments(lines)
    assert a.shape == (3, 2) and tuple(a[2]) == tuple(b[2]) == (30.0, 0.0)


def test_distance_to_points():
    targets = np.array([[0.0, 0.0], [100.0, 0.0]])
    np.testing.assert_allclose(distance_to_points(np.array([[3.0, 4.0], [94.0, 8.0]]), targets), [5.0, 10.0])


coord = st.floats(-1000, 1000, allow_nan=False, allow_infinity=False)


@settings(max_examples=120, deadline=None)
@given(arrays(np.float64, st.tuples(st.integers(1, 120), st.just(2)), elements=coord),
       arrays(np.float64, st.tuples(st.integers(1, 120), st.just(2)), elements=coord),
       st.data())
def test_nearest_distance_equals_brute_force(points, a, data):
    # Segment ends: some arbitrary, some short hops from a, some degenerate (a == b).
    kind = data.draw(st.sampled_from(["random", "short", "degenerate", "mixed"]))
    if kind == "random":
        b = data.draw(arrays(np.float64, a.shape, elements=coord))
    elif kind == "short":
        b = a + data.draw(arrays(np.float64, a.shape, elements=st.floats(-5, 5)))
    elif kind == "degenerate":
        b = a.copy()
    else:
        b = a + data.draw(arrays(np.float64, a.shape, elements=st.floats(-50, 50)))
        b[::3] = a[::3]
    np.testing.assert_allclose(nearest_distance(points, a, b), brute_force(points, a, b), rtol=0, atol=1e-9)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(200, 3000), st.integers(50, 1500), st.floats(0.1, 30))
def test_nearest_distance_coherent_trace_equals_brute_force(seed, n, m, wobble):
    # Long, spatially coherent inputs (like a trace and a template) exercise the pruning
    # and the block loop; the answer must still be the brute-force one.
    rng = np.random.default_rng(seed)
    th = np.linspace(0, 2 * np.pi, m + 1)
    tmpl = np.column_stack((640 + 200 * np.cos(th), 360 + 150 * np.sin(3 * th) * np.cos(th)))
    s = np.sort(rng.uniform(0, 2 * np.pi, n))
    trace = np.column_stack((640 + 200 * np.cos(s), 360 + 150 * np.sin(3 * s) * np.cos(s)))
    trace += rng.normal(0, wobble, trace.shape)
    got = nearest_distance(trace, tmpl[:-1], tmpl[1:])
    np.testing.assert_allclose(got, brute_force(trace, tmpl[:-1], tmpl[1:]), rtol=0, atol=1e-9)
    # And the reverse query, points against many degenerate segments (as coverage does).
    got = distance_to_points(tmpl, trace)
    np.testing.assert_allclose(got, brute_force(tmpl, trace, trace), rtol=0, atol=1e-9)


def test_nearest_distance_far_points_and_duplicates():
    # Points far from everything and many identical points: bounds still hold.
    a = np.array([[0.0, 0.0]] * 40 + [[5.0, 5.0]])
    b = np.array([[1.0, 0.0]] * 40 + [[5.0, 5.0]])
    pts = np.array([[1000.0, 0.0]] * 33 + [[0.5, 3.0]])
    np.testing.assert_allclose(nearest_distance(pts, a, b), [np.hypot(995.0, 5.0)] * 33 + [3.0], atol=1e-9)
