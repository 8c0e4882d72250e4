"""Shape paths for the tracing game: exact geometry, dense curves, direction."""
from __future__ import annotations

import math

import numpy as np
import pytest

from game.games.tracing.shapes import MAX_SEGMENT, SHAPES, shape_strokes

CENTER = (640.0, 360.0)
CURVED = ("circle", "wave", "spiral", "figure8")
CLOSED = ("circle", "square", "triangle", "figure8")


def seg_lengths(p: np.ndarray) -> np.ndarray:
    return np.hypot(*np.diff(p, axis=0).T)


def signed_area_screen(p: np.ndarray) -> float:
    """Shoelace area with y flipped, so positive means counter-clockwise on screen."""
    x, y = p[:, 0], -p[:, 1]  # the polygon is closed back to its first point
    return 0.5 * float(np.sum(x * np.roll(y, -1) - np.roll(x, -1) * y))


def only(shape: str, *args, **kwargs) -> np.ndarray:
    strokes = shape_strokes(shape, *args, **kwargs)
    assert len(strokes) == 1
    return strokes[0]


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("size", [20.0, 137.5, 400.0, 700.0])
def test_strokes_are_float_polylines(shape: str, size: float) -> None:
    for s in shape_strokes(shape, CENTER, size):
        assert isinstance(s, np.ndarray) and s.dtype == np.float64
        assert s.ndim == 2 and s.shape[1] == 2 and len(s) >= 2
        assert np.all(np.isfinite(s))
        assert np.all(seg_lengths(s) > 0), "no repeated points"


@pytest.mark.parametrize("shape", CURVED)
@pytest.mark.parametrize("size", [20.0, 400.0, 1200.0])
def test_curves_are_dense(shape: str, size: float) -> None:
    for kwargs in ({}, {"height": size, "cycles": 7}, {"turns": 8.0}):
        s = only(shape, CENTER, size, **kwargs)
        assert seg_lengths(s).max() <= MAX_SEGMENT == 1.0


@pytest.mark.parametrize("shape", CLOSED)
@pytest.mark.parametrize("clockwise", [False, True])
def test_closed_shapes_end_where_they_start(shape: str, clockwise: bool) -> None:
    s = only(shape, CENTER, 300.0, clockwise=clockwise)
    assert np.array_equal(s[0], s[-1])


def test_circle_exact_radius_start_and_direction() -> None:
    s = only("circle", (500.0, 300.0), 400.0)
    r = np.hypot(s[:, 0] - 500.0, s[:, 1] - 300.0)
    np.testing.assert_allclose(r, 200.0, atol=1e-9, rtol=0)
    np.testing.assert_allclose(s[0], (500.0, 100.0), atol=1e-9)  # 12 o'clock
    assert s[1, 0] < s[0, 0], "counter-clockwise heads left from the top"
    assert signed_area_screen(s) == pytest.approx(math.pi * 200.0**2, rel=1e-4)
    cw = only("circle", (500.0, 300.0), 400.0, clockwise=True)
    assert cw[1, 0] > cw[0, 0]
    assert signed_area_screen(cw) == pytest.approx(-math.pi * 200.0**2, rel=1e-4)


def test_square_exact_corners_from_top_left() -> None:
    s = only("square", (100.0, 200.0), 50.0)
    np.testing.assert_array_equal(s, [[75, 175], [75, 225], [125, 225], [125, 175], [75, 175]])
    assert signed_area_screen(s) == pytest.approx(2500.0)
    cw = only("square", (100.0, 200.0), 50.0, clockwise=True)
    np.testing.assert_array_equal(cw, [[75, 175], [125, 175], [125, 225], [75, 225], [75, 175]])
    assert signed_area_screen(cw) == pytest.approx(-2500.0)


def test_triangle_equilateral_pointing_up_from_apex() -> None:
    side = 300.0
    s = only("triangle", CENTER, side)
    assert len(s) == 4
    np.testing.assert_allclose(seg_lengths(s), side, rtol=1e-12)
    h = side * math.sqrt(3) / 2
    np.testing.assert_allclose(s[0], (640.0, 360.0 - h / 2))  # apex, top centre
    np.testing.assert_allclose(s.min(axis=0), (640.0 - side / 2, 360.0 - h / 2))
    np.testing.assert_allclose(s.max(axis=0), (640.0 + side / 2, 360.0 + h / 2))
    assert s[1, 0] < s[0, 0], "counter-clockwise goes down-left first"
    assert signed_area_screen(s) > 0
    assert signed_area_screen(only("triangle", CENTER, side, clockwise=True)) < 0


@pytest.mark.parametrize("shape", ["zigzag", "wave"])
@pytest.mark.parametrize("cycles", [1, 3, 12])
def test_zigzag_and_wave_span_size_by_height_left_to_right(shape: str, cycles: int) -> None:
    s = only(shape, (600.0, 400.0), 500.0, height=90.0, cycles=cycles)
    np.testing.assert_allclose(s.min(axis=0), (350.0, 355.0), atol=1e-9)
    np.testing.assert_allclose(s.max(axis=0), (850.0, 445.0), atol=1e-9)
    assert np.all(np.diff(s[:, 0]) > 0), "strictly left to right"
    np.testing.assert_allclose(s[0], (350.0, 445.0), atol=1e-9)  # bottom-left
    # one peak (smallest y) per cycle
    peaks = np.flatnonzero(np.isclose(s[:, 1], 355.0, rtol=0, atol=1e-9))
    np.testing.assert_allclose(s[peaks, 0], 350.0 + (np.arange(cycles) + 0.5) * 500.0 / cycles)


def test_zigzag_has_exact_corners_only() -> None:
    s = only("zigzag", (600.0, 400.0), 400.0, height=100.0, cycles=2)
    np.testing.assert_allclose(s, [[400, 450], [500, 350], [600, 450], [700, 350], [800, 450]])


def test_wave_and_zigzag_default_height_is_quarter_width() -> None:
    for shape in ("zigzag", "wave"):
        s = only(shape, CENTER, 400.0)
        assert s[:, 1].max() - s[:, 1].min() == pytest.approx(100.0)
        assert len(np.flatnonzero(np.isclose(s[:, 1], s[:, 1].min(), rtol=0, atol=1e-9))) == 3  # default 3 cycles


@pytest.mark.parametrize("turns", [1.0, 2.5, 3.0, 8.0])
def test_spiral_grows_from_centre(turns: float) -> None:
    s = only("spiral", (300.0, 300.0), 400.0, turns=turns)
    r = np.hypot(s[:, 0] - 300.0, s[:, 1] - 300.0)
    assert r[0] == 0.0
    assert np.all(np.diff(r) > 0), "radius grows monotonically"
    assert r[-1] == pytest.approx(200.0)
    # total winding angle is `turns` full turns, counter-clockwise on screen
    ang = np.unwrap(np.arctan2(-(s[1:, 1] - 300.0), s[1:, 0] - 300.0))
    assert ang[-1] - ang[0] == pytest.approx(2 * math.pi * turns, abs=0.05)


@pytest.mark.parametrize("turns", [1.0, 2.5, 3.0])
def test_spiral_ends_at_top_and_clockwise_mirrors(turns: float) -> None:
    s = only("spiral", CENTER, 400.0, turns=turns)
    np.testing.assert_array_equal(s[0], CENTER)
    np.testing.assert_allclose(s[-1], (640.0, 160.0), atol=1e-9)
    assert signed_area_screen(s) > 0
    cw = only("spiral", CENTER, 400.0, turns=turns, clockwise=True)
    assert signed_area_screen(cw) < 0
    np.testing.assert_allclose(cw[:, 0], 1280.0 - s[:, 0], atol=1e-9)  # mirror image
    np.testing.assert_allclose(cw[:, 1], s[:, 1], atol=1e-9)


def test_figure8_upright_size_is_height() -> None:
    s = only("figure8", (640.0, 360.0), 600.0)
    np.testing.assert_allclose(s.min(axis=0), (490.0, 60.0), atol=1e-9)
    np.testing.assert_allclose(s.max(axis=0), (790.0, 660.0), atol=1e-9)
    np.testing.assert_allclose(s[0], (640.0, 60.0))  # starts at the top
    assert s[1, 0] < s[0, 0], "heads left first, like a handwritten 8"
    # passes through the middle twice, between the loops
    middle = np.flatnonzero(np.all(np.isclose(s, (640.0, 360.0), rtol=0, atol=1e-9), axis=1))
    n = len(s) - 1
    assert list(middle) == [n // 4, 3 * n // 4]
    assert s[n // 2, 1] == pytest.approx(660.0), "the bottom comes halfway round"
    assert np.all(s[n // 4 + 1: 3 * n // 4, 1] > 360.0), "the bottom loop is drawn in one go"


@pytest.mark.parametrize("clockwise", [False, True])
def test_figure8_clockwise_flag_reverses_top_loop(clockwise: bool) -> None:
    s = only("figure8", CENTER, 400.0, clockwise=clockwise)
    n = len(s) - 1
    top_loop = np.vstack((s[: n // 4 + 1], s[3 * n // 4:]))  # top -> middle ... middle -> top
    area = signed_area_screen(top_loop)
    assert (area < 0) if clockwise else (area > 0)


@pytest.mark.parametrize("shape", SHAPES)
def test_clockwise_mirrors_or_is_ignored(shape: str) -> None:
    ccw = only(shape, CENTER, 300.0)
    cw = only(shape, CENTER, 300.0, clockwise=True)
    if shape in ("zigzag", "wave"):
        np.testing.assert_array_equal(ccw, cw)
    elif shape in ("circle", "square", "triangle"):
        assert signed_area_screen(ccw) > 0 > signed_area_screen(cw)
        np.testing.assert_array_equal(ccw[0], cw[0])


@pytest.mark.parametrize("bad", [0, -5.0, float("nan"), float("inf"), "big", None, True])
def test_bad_size_rejected(bad: object) -> None:
    with pytest.raises(ValueError, match="size"):
        shape_strokes("circle", CENTER, bad)  # type: ignore[arg-type]


def test_unknown_shape_rejected() -> None:
    with pytest.raises(ValueError, match="unknown shape 'hexagon'.*circle"):
        shape_strokes("hexagon", CENTER, 100.0)


def test_bad_parameters_rejected() -> None:
    with pytest.raises(ValueError, match="height"):
        shape_strokes("wave", CENTER, 100.0, height=0.0)
    with pytest.raises(ValueError, match="cycles"):
        shape_strokes("zigzag", CENTER, 100.0, cycles=0)
    with pytest.raises(ValueError, match="cycles"):
        shape_strokes("zigzag", CENTER, 100.0, cycles=2.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="turns"):
        shape_strokes("spiral", CENTER, 100.0, turns=-1.0)
    with pytest.raises(ValueError, match="center"):
        shape_strokes("circle", (1.0,), 100.0)  # type: ignore[arg-type]


def test_parameters_for_other_shapes_are_ignored() -> None:
    a = only("circle", CENTER, 100.0)
    b = only("circle", CENTER, 100.0, height=5.0, cycles=9, turns=2.0)
    np.testing.assert_array_equal(a, b)


def test_no_canvas_check_here() -> None:
    s = only("circle", (0.0, 0.0), 400.0)  # the level model reports off-canvas shapes
    assert s.min() < 0
