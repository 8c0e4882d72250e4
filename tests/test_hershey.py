"""Letters and digits for tracing: geometry, layout, and children's writing order."""
from __future__ import annotations

import string

import numpy as np
import pytest
from HersheyFonts import HersheyFonts

from game.games.tracing.hershey import (
    FONT_NAME,
    MIN_DOT_LENGTH,
    TEXT_CHARS,
    glyph_strokes,
    text_strokes,
)

CENTER = (640.0, 360.0)
GLYPHS = string.ascii_letters + string.digits


def first(strokes: list[np.ndarray]) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """(start, end) of each stroke, for readable order/direction checks."""
    return [(tuple(s[0]), tuple(s[-1])) for s in strokes]


def signed_area_screen(p: np.ndarray) -> float:
    x, y = p[:, 0], -p[:, 1]  # the polygon is closed back to its first point
    return 0.5 * float(np.sum(x * np.roll(y, -1) - np.roll(x, -1) * y))


def font_segments(ch: str) -> list[frozenset]:
    font = HersheyFonts()
    font.load_default_font(FONT_NAME)
    glyph = next(iter(font.glyphs_for_text(ch)))
    return sorted((frozenset((a, b)) for s in glyph.strokes for a, b in zip(s, s[1:])), key=sorted)


def test_supported_characters() -> None:
    assert TEXT_CHARS == frozenset(string.ascii_letters + string.digits + " ")


@pytest.mark.parametrize("ch", GLYPHS)
def test_every_character_gives_float_polylines(ch: str) -> None:
    strokes = text_strokes(ch, CENTER, 120.0)
    assert len(strokes) >= 1
    for s in strokes:
        assert isinstance(s, np.ndarray) and s.dtype == np.float64
        assert s.ndim == 2 and s.shape[1] == 2 and len(s) >= 2
        assert np.all(np.isfinite(s))
        assert np.all(np.hypot(*np.diff(s, axis=0).T) > 0)


@pytest.mark.parametrize("ch", GLYPHS.replace("i", "").replace("j", ""))
def test_rules_and_overrides_keep_the_font_shape(ch: str) -> None:
    """Reordering, reversing and joining must not add, drop or move any segment."""
    ours = sorted((frozenset((tuple(a), tuple(b))) for s in glyph_strokes(ch)
                   for a, b in zip(s.tolist(), s[1:].tolist())), key=sorted)
    theirs = [frozenset(tuple(map(float, p)) for p in seg) for seg in font_segments(ch)]
    assert ours == sorted(theirs, key=sorted)


def test_capital_height_and_vertical_centring() -> None:
    strokes = text_strokes("E", (300.0, 200.0), 84.0)
    pts = np.concatenate(strokes)
    assert pts[:, 1].min() == pytest.approx(158.0, abs=1e-9)
    assert pts[:, 1].max() == pytest.approx(242.0, abs=1e-9)
    for text in ("HELLO", "T1", "Z"):
        pts = np.concatenate(text_strokes(text, (300.0, 200.0), 84.0))
        assert np.ptp(pts[:, 1]) == pytest.approx(84.0, abs=1e-9)


def test_lower_case_proportions() -> None:
    h = 210.0  # 10 play units per font unit
    x_height = np.concatenate(text_strokes("x", (0.0, 0.0), h))
    assert np.ptp(x_height[:, 1]) == pytest.approx(140.0)  # 2/3 of the capital height
    assert x_height[:, 1].max() == pytest.approx(105.0)  # sits on the base line
    g = np.concatenate(text_strokes("g", (0.0, 0.0), h))
    assert g[:, 1].max() == pytest.approx(175.0)  # descender 1/3 below the base line


@pytest.mark.parametrize("text", ["H", "HH", "H H", "HIH"])
def test_horizontal_centring_on_advance(text: str) -> None:
    # 'H' and 'I' have equal side bearings, so the ink is centred too.
    pts = np.concatenate(text_strokes(text, (500.0, 300.0), 100.0))
    assert (pts[:, 0].min() + pts[:, 0].max()) / 2 == pytest.approx(500.0, abs=1e-9)


def test_letter_spacing_follows_the_font() -> None:
    h = 21.0  # one play unit per font unit
    ab = np.concatenate(text_strokes("HH", (0.0, 0.0), h))
    a_b = np.concatenate(text_strokes("H H", (0.0, 0.0), h))
    assert np.ptp(ab[:, 0]) == pytest.approx(22.0 + 14.0)  # advance 22, ink 14 wide
    assert np.ptp(a_b[:, 0]) == pytest.approx(22.0 + 16.0 + 14.0)  # a space advances 16
    # strokes come letter by letter, left to right
    two = text_strokes("LL", (0.0, 0.0), h)
    assert len(two) == 2 and two[0][:, 0].max() < two[1][:, 0].min()


def test_scaling_is_uniform() -> None:
    small = text_strokes("Ag", (0.0, 0.0), 21.0)
    big = text_strokes("Ag", (0.0, 0.0), 210.0)
    for s, b in zip(small, big, strict=True):
        np.testing.assert_allclose(b, 10.0 * s, atol=1e-9)


# ---- writing order and direction, in font units (origin at glyph centre, y down;
# ---- cap line y=-12, base line y=9)

def test_A_two_diagonals_from_apex_then_crossbar() -> None:
    assert first(glyph_strokes("A")) == [((0, -12), (-8, 9)), ((0, -12), (8, 9)), ((-5, 2), (5, 2))]


def test_T_stem_then_bar_left_to_right() -> None:
    assert first(glyph_strokes("T")) == [((0, -12), (0, 9)), ((-7, -12), (7, -12))]


def test_L_is_one_stroke_down_then_across() -> None:
    (s,) = glyph_strokes("L")
    np.testing.assert_array_equal(s, [[-6, -12], [-6, 9], [6, 9]])


def test_E_stem_then_bars_top_to_bottom() -> None:
    assert first(glyph_strokes("E")) == [
        ((-6, -12), (-6, 9)), ((-6, -12), (7, -12)), ((-6, -2), (2, -2)), ((-6, 9), (7, 9))]


@pytest.mark.parametrize("ch", ["O", "o", "0", "Q"])
def test_loops_start_at_top_counter_clockwise(ch: str) -> None:
    loop = glyph_strokes(ch)[0]
    assert np.array_equal(loop[0], loop[-1])
    assert loop[0, 1] == loop[:, 1].min(), "starts at the top"
    assert signed_area_screen(loop) > 0, "counter-clockwise on screen"
    assert loop[1, 0] < loop[0, 0], "heads left first"


@pytest.mark.parametrize("ch", ["a", "d", "g", "q"])
def test_round_part_before_stem(ch: str) -> None:
    bowl, stem = glyph_strokes(ch)
    assert tuple(bowl[0]) == (6, -2) and bowl[1, 0] < bowl[0, 0], "starts top right, going left like 'c'"
    assert stem[0, 0] == stem[1, 0] == 6 and stem[1, 1] > stem[0, 1], "then the stem, top to bottom"


@pytest.mark.parametrize("ch", ["b", "p"])
def test_stem_before_bowl(ch: str) -> None:
    stem, bowl = glyph_strokes(ch)
    assert stem[0, 0] == stem[-1, 0] == -6 and stem[-1, 1] > stem[0, 1]
    assert bowl[0, 0] == -6 and bowl[1, 0] > bowl[0, 0], "the bowl leaves the stem going right"


def test_t_and_f_crossbar_last() -> None:
    assert first(glyph_strokes("t")) == [((0, -12), (5, 9)), ((-3, -5), (4, -5))]
    assert first(glyph_strokes("f")) == [((5, -12), (0, 9)), ((-3, -5), (4, -5))]


@pytest.mark.parametrize("ch", ["i", "j"])
def test_dot_is_a_short_dash_drawn_last(ch: str) -> None:
    *body, dot = glyph_strokes(ch)
    assert len(body) == 1 and body[0][0, 1] == -5
    assert len(dot) == 2 and dot[0, 0] == dot[1, 0] and dot[0, 1] < dot[1, 1]
    assert dot[1, 1] - dot[0, 1] == pytest.approx(2.0)
    assert dot[:, 1].mean() == pytest.approx(-12.0)


def test_dot_never_shorter_than_minimum() -> None:
    *_, dot = text_strokes("i", CENTER, 21.0)  # dot would be 2 play units
    assert dot[1, 1] - dot[0, 1] == pytest.approx(MIN_DOT_LENGTH)
    *_, dot = text_strokes("i", CENTER, 210.0)
    assert dot[1, 1] - dot[0, 1] == pytest.approx(20.0)


def test_digits() -> None:
    one = glyph_strokes("1")
    assert first(one) == [((-4, -8), (1, 9))], "flag up to the top, then straight down"
    (two,) = glyph_strokes("2")
    assert tuple(two[0]) == (-6, -7) and tuple(two[-1]) == (7, 9), "ends along the base line, left to right"
    (seven,) = glyph_strokes("7")
    np.testing.assert_array_equal(seven, [[-7, -12], [7, -12], [-3, 9]])  # across, then down
    (nine,) = glyph_strokes("9")
    assert tuple(nine[0]) == (6, -5) and tuple(nine[-1]) == (-6, 6)
    loop = nine[:16]
    assert np.array_equal(loop[0], loop[-1]) and signed_area_screen(loop) > 0, "loop counter-clockwise, then down"
    (eight,) = glyph_strokes("8")
    assert tuple(eight[0]) == (-2, -12) and eight[1, 0] < eight[0, 0], "8 starts at the top going left"


def test_continuous_strokes_for_pointed_letters() -> None:
    (v,) = glyph_strokes("V")
    np.testing.assert_array_equal(v, [[-8, -12], [0, 9], [8, -12]])
    (w,) = glyph_strokes("w")
    np.testing.assert_array_equal(w, [[-8, -5], [-4, 9], [0, -5], [4, 9], [8, -5]])
    assert first(glyph_strokes("N")) == [((-7, -12), (-7, 9)), ((-7, -12), (7, -12))]
    stem, rest = glyph_strokes("M")
    np.testing.assert_array_equal(rest, [[-8, -12], [0, 9], [8, -12], [8, 9]])
    (z,) = glyph_strokes("Z")
    np.testing.assert_array_equal(z, [[-7, -12], [7, -12], [-7, 9], [7, 9]])
    (g,) = glyph_strokes("G")
    assert tuple(g[0]) == (8, -7) and tuple(g[-1]) == (3, 1)


def test_r_arch_leaves_the_stem() -> None:
    assert first(glyph_strokes("r")) == [((-3, -5), (-3, 9)), ((-3, 1), (5, -5))]


@pytest.mark.parametrize("ch", [c for c in GLYPHS if c not in "r1NM"])
def test_open_strokes_start_at_top_or_left(ch: str) -> None:
    """The general rule, checked on every glyph except the few that go up on purpose."""
    for s in glyph_strokes(ch):
        if np.array_equal(s[0], s[-1]):
            continue
        d = s[-1] - s[0]
        assert d[1] >= 0 or abs(d[1]) < 0.5 * abs(d[0]), f"{ch!r} stroke {s[0]}->{s[-1]} starts low"
        if abs(d[1]) < 0.5 * abs(d[0]):
            assert d[0] > 0, f"{ch!r} horizontal stroke {s[0]}->{s[-1]} starts right"


def test_unsupported_character_named() -> None:
    with pytest.raises(ValueError, match=r"unsupported character '!'"):
        text_strokes("Hi!?", CENTER, 100.0)
    with pytest.raises(ValueError, match=r"'é'"):
        text_strokes("é", CENTER, 100.0)


@pytest.mark.parametrize("text", ["", " A", "A ", " "])
def test_bad_text_rejected(text: str) -> None:
    with pytest.raises(ValueError, match="text"):
        text_strokes(text, CENTER, 100.0)


@pytest.mark.parametrize("height", [0, -10.0, float("nan"), float("inf"), True])
def test_bad_height_rejected(height: float) -> None:
    with pytest.raises(ValueError, match="height"):
        text_strokes("A", CENTER, height)


def test_results_are_independent_copies() -> None:
    a = text_strokes("Ab", CENTER, 100.0)
    a[0][:] = -1.0
    b = text_strokes("Ab", CENTER, 100.0)
    assert b[0].min() > 0
    g = glyph_strokes("L")
    g[0][:] = 99.0
    assert glyph_strokes("L")[0][0, 0] == -6
