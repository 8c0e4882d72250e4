"""Palette, fonts and asset lookup: colours must stay readable for colour-blind children."""
import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import numpy as np  # noqa: E402
import pygame  # noqa: E402
import pytest  # noqa: E402

from game.ui import theme  # noqa: E402

# Viénot, Brettel & Mollon (1999) dichromat simulation matrices, applied in linear RGB.
PROTAN = np.array([[0.11238, 0.88762, 0.0], [0.11238, 0.88762, 0.0], [0.00401, -0.00401, 1.0]])
DEUTAN = np.array([[0.29275, 0.70725, 0.0], [0.29275, 0.70725, 0.0], [-0.02234, 0.02234, 1.0]])


def _linear(c):
    s = np.asarray(c, dtype=float) / 255
    return np.where(s <= 0.04045, s / 12.92, ((s + 0.055) / 1.055) ** 2.4)


def _srgb(lin):
    lin = np.clip(lin, 0, 1)
    s = np.where(lin <= 0.0031308, lin * 12.92, 1.055 * lin ** (1 / 2.4) - 0.055)
    return tuple(int(round(v * 255)) for v in s)


def _simulate(c, m):
    return _srgb(m @ _linear(c))


def test_canvas_and_target_size():
    assert theme.CANVAS_SIZE == (1280, 720)
    assert theme.MIN_TARGET >= 64


def test_palette_entries_are_rgb_tuples():
    names = [n for n in dir(theme) if n.isupper() and isinstance(getattr(theme, n), tuple)
             and n not in ("CANVAS_SIZE", "CONFETTI_COLORS")]
    assert len(names) >= 20
    for n in names:
        c = getattr(theme, n)
        assert len(c) == 3 and all(isinstance(v, int) and 0 <= v <= 255 for v in c), n
    assert len(theme.CONFETTI_COLORS) >= 5


def test_relative_luminance_reference_values():
    assert theme.relative_luminance((255, 255, 255)) == pytest.approx(1.0)
    assert theme.relative_luminance((0, 0, 0)) == pytest.approx(0.0)
    assert theme.contrast_ratio((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)


def test_trail_in_and_out_differ_in_brightness_not_only_hue():
    # 3:1 is WCAG 2.1 SC 1.4.11 "non-text contrast": the minimum for graphical objects that
    # carry meaning. In/out must pass it between themselves, so brightness alone tells them
    # apart even when hue does not help (red-green colour blindness, ~8% of boys).
    assert theme.contrast_ratio(theme.TRAIL_IN, theme.TRAIL_OUT) >= 3.0
    # Blue vs orange: they also differ on the blue-yellow axis that dichromats keep.
    assert theme.TRAIL_IN[2] > theme.TRAIL_IN[0] and theme.TRAIL_OUT[0] > theme.TRAIL_OUT[2]


@pytest.mark.parametrize("matrix", [PROTAN, DEUTAN], ids=["protanopia", "deuteranopia"])
def test_trail_colours_stay_distinct_for_dichromats(matrix):
    a, b = _simulate(theme.TRAIL_IN, matrix), _simulate(theme.TRAIL_OUT, matrix)
    assert theme.contrast_ratio(a, b) >= 3.0
    assert abs(a[2] - b[2]) > 80  # blue channel still separates them


def test_trail_in_is_visible_on_the_corridor():
    assert theme.contrast_ratio(theme.TRAIL_IN, theme.CORRIDOR_FILL) >= 4.5
    assert theme.contrast_ratio(theme.CORRIDOR_EDGE, theme.CORRIDOR_FILL) >= 2.0


def test_text_contrast():
    # WCAG AAA (7:1) for body text on the main background; AA (4.5:1) on buttons.
    assert theme.contrast_ratio(theme.INK, theme.BACKGROUND) >= 7.0
    assert theme.contrast_ratio(theme.INK, theme.PANEL) >= 7.0
    assert theme.contrast_ratio(theme.WHITE, theme.PRIMARY) >= 4.5
    assert theme.contrast_ratio(theme.INK, theme.SECONDARY) >= 4.5
    assert theme.contrast_ratio(theme.INK, theme.ACCENT) >= 4.5


def test_mix():
    assert theme.mix((0, 0, 0), (255, 255, 255), 0.0) == (0, 0, 0)
    assert theme.mix((0, 0, 0), (255, 255, 255), 1.0) == (255, 255, 255)
    assert theme.mix((0, 0, 0), (200, 100, 50), 0.5) == (100, 50, 25)


def test_assets_dir_has_the_fonts():
    d = theme.assets_dir()
    assert (d / "fonts" / "Andika-Regular.ttf").is_file()
    assert (d / "fonts" / "Andika-Bold.ttf").is_file()
    assert (d / "fonts" / "OFL.txt").is_file()


def test_fonts_are_cached_per_instance():
    pygame.font.init()
    fonts = theme.Fonts()
    a = fonts.get(32)
    assert fonts.get(32) is a
    assert fonts.get(32, bold=True) is not a
    assert theme.Fonts().get(32) is not a  # no global cache
    assert a.get_height() > 20


def test_fonts_fall_back_with_a_warning(tmp_path, capsys):
    fonts = theme.Fonts(assets=tmp_path)
    font = fonts.get(24)
    assert isinstance(font, pygame.font.Font)
    assert font.render("Hi", True, (0, 0, 0)).get_width() > 0
    fonts.get(30, bold=True)
    err = capsys.readouterr().err
    assert err.count("default font") == 1


def test_font_size_must_be_positive():
    with pytest.raises(ValueError):
        theme.Fonts().get(0)
