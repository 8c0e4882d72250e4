"""Tracing level checks about the path's geometry: corridors that join neighbouring parts, and
where round shapes start (start_angle_deg)."""
from __future__ import annotations

import json
import math

import numpy as np
import pytest

from game.games.tracing.corridor import overlap, widest_fitting_tolerance
from game.games.tracing.shapes import shape_strokes
from game.levels.loader import LevelError, parse_level
from game.paths import levels_dir
from tests.builders import run_cli

HEAD = 'format = 1\ngame = "tracing"\ntitle = "T"\n\n[tracing]\n'


def problems(text: str) -> list[str]:
    with pytest.raises(LevelError) as err:
        parse_level(text, "lvl.toml")
    return [str(p) for p in err.value.problems]


# ---------------------------------------------------------------- corridor vs gap between neighbouring parts

def test_a_spiral_whose_turns_are_50_apart_refuses_a_corridor_of_100():
    # size 400, 4 turns: the turns are 200 / 4 = 50 apart.
    (msg,) = problems(HEAD + 'tolerance = 100\nshape = "spiral"\nsize = 400\nturns = 4\n')
    assert "tracing.tolerance" in msg and "neighbouring parts" in msg
    fit = widest_fitting_tolerance(shape_strokes("spiral", (640, 360), 400, turns=4), 100)
    assert f"the largest tolerance that fits is {fit:g}" in msg
    assert 5 <= fit < 25      # at most half the 50 between turns (the centre is tighter still)
    parse_level(HEAD + f'tolerance = {fit:g}\nshape = "spiral"\nsize = 400\nturns = 4\n', "ok.toml")


def test_the_largest_fitting_tolerance_fits_and_one_more_does_not():
    spiral = shape_strokes("spiral", (640, 360), 600, turns=3)
    fit = widest_fitting_tolerance(spiral, 120)
    assert fit is not None and overlap(spiral, fit) is None and overlap(spiral, fit + 1) is not None


def test_two_parallel_strokes_50_apart_take_at_most_25():
    strokes = [np.array([[200.0, 300.0], [1000.0, 300.0]]), np.array([[200.0, 350.0], [1000.0, 350.0]])]
    assert overlap(strokes, 25) is None
    assert overlap(strokes, 26) == pytest.approx(50.0)
    assert widest_fitting_tolerance(strokes, 60) == 25.0


def test_crossings_and_corners_are_not_neighbouring_parts():
    cross = [np.array([[200.0, 360.0], [1000.0, 360.0]]), np.array([[600.0, 100.0], [600.0, 600.0]])]
    assert overlap(cross, 150) is None
    assert overlap(shape_strokes("figure8", (640, 360), 500), 60) is None
    assert overlap(shape_strokes("square", (640, 360), 300), 70) is None
    assert overlap(shape_strokes("circle", (640, 360), 300), 70) is None   # its two ends are one place


def test_a_narrow_u_refuses_a_corridor_wider_than_half_its_gap():
    u = [np.array([[200.0, 300.0], [900.0, 300.0], [900.0, 360.0], [200.0, 360.0]])]
    assert overlap(u, 29) is None and overlap(u, 31) == pytest.approx(60.0)


def test_every_shipped_tracing_level_passes():
    from game.levels.loader import check_level

    files = sorted(levels_dir("tracing").glob("*.toml"))
    assert len(files) >= 18 and [check_level(f) for f in files] == [[] for _ in files]


# ---------------------------------------------------------------- start_angle_deg

def test_a_circle_starts_where_its_start_angle_says():
    for angle, start in ((0, (640, 160)), (90, (840, 360)), (180, (640, 560)), (270, (440, 360))):
        (stroke,) = shape_strokes("circle", (640, 360), 400, start_angle_deg=angle)
        np.testing.assert_allclose(stroke[0], start, atol=1e-9)
        assert np.array_equal(stroke[0], stroke[-1])


def test_a_spirals_outer_end_turns_with_the_start_angle_and_it_still_starts_at_the_centre():
    (plain,) = shape_strokes("spiral", (640, 360), 400, turns=3)
    (turned,) = shape_strokes("spiral", (640, 360), 400, turns=3, start_angle_deg=90)
    np.testing.assert_allclose(turned[0], (640, 360), atol=1e-9)
    np.testing.assert_allclose(turned[-1], (840, 360), atol=1e-9)
    np.testing.assert_allclose(np.hypot(*(turned - [640, 360]).T), np.hypot(*(plain - [640, 360]).T), atol=1e-9)


@pytest.mark.parametrize("value,expect", [("360", "less than 360"), ("-1", "at least 0"),
                                          ('"90"', "tracing.start_angle_deg"), ("true", "tracing.start_angle_deg")])
def test_start_angle_is_validated(value, expect):
    msgs = problems(HEAD + f'tolerance = 30\nshape = "circle"\nstart_angle_deg = {value}\n')
    assert any("start_angle_deg" in m and expect in m for m in msgs), msgs


def test_start_angle_only_for_circles_and_spirals():
    (msg,) = problems(HEAD + 'tolerance = 30\nshape = "square"\nstart_angle_deg = 90\n')
    assert "tracing.start_angle_deg" in msg and "circle and spiral" in msg
    (msg,) = problems(HEAD + 'tolerance = 30\nstrokes = [[[200, 360], [1080, 360]]]\nstart_angle_deg = 90\n')
    assert "tracing.start_angle_deg" in msg and "only applies with shape" in msg
    loaded = parse_level(HEAD + 'tolerance = 30\nshape = "circle"\nstart_angle_deg = 135.5\n', "ok.toml")
    assert loaded.level.template[0][0] == pytest.approx((640 + 200 * math.sin(math.radians(135.5)),
                                                   360 - 200 * math.cos(math.radians(135.5))))


def test_levels_schema_describes_start_angle():
    res = run_cli("levels", "schema")
    tracing = next(v for v in json.loads(res.stdout)["oneOf"] if v["properties"]["game"].get("const") == "tracing")
    assert "start_angle_deg" in json.dumps(tracing) and "12 o'clock" in json.dumps(tracing)
