"""Screens of every size (issue 12): the first window fits its desktop, any window from 800x450 is
letterboxed, and `screenshot --window WxH` pictures what such a window shows."""
from __future__ import annotations

from pathlib import Path

import pytest

from game.window import CANVAS, MIN_WINDOW, canvas_rect, fit_window, parse_window
from tests.builders import near, pixels, run_cli


@pytest.mark.parametrize("desktop, window", [
    ((1024, 600), (912, 513)),      # a netbook: 90 % of 600 is 540 high, 90 % of 1024 is 921 wide
    ((1366, 768), (1216, 684)),     # the common laptop, with a taskbar
    ((1920, 1080), (1280, 720)),    # big enough: the canvas 1:1
    ((3840, 2160), (1280, 720)),    # never bigger than the canvas
    ((800, 600), (800, 450)),       # never smaller than 800x450
    ((640, 480), (800, 450)),       # even on a desktop that small (the system clips it)
    ((768, 1366), (800, 450)),      # a portrait tablet: as wide as it allows, and at least the minimum
    ((1280, 1024), (1152, 648)),
])
def test_the_first_window_fits_in_nine_tenths_of_the_desktop(desktop, window):
    assert fit_window(desktop) == window


def test_fitted_windows_are_16_by_9_inside_the_limits_and_fit_where_they_can():
    for w in range(600, 4000, 37):
        for h in range(400, 2400, 41):
            fw, fh = fit_window((w, h))
            assert fw * 9 == fh * 16
            assert MIN_WINDOW[0] <= fw <= CANVAS[0]
            if fw > MIN_WINDOW[0]:
                assert fw <= 0.9 * w and fh <= 0.9 * h
                assert fw == CANVAS[0] or fw + 16 > 0.9 * w or (fw + 16) * 9 / 16 > 0.9 * h   # the largest


@pytest.mark.parametrize("window, rect", [
    ((1280, 720), (0, 0, 1280, 720)),
    ((800, 450), (0, 0, 800, 450)),
    ((1920, 1080), (0, 0, 1920, 1080)),
    ((1024, 600), (0, 12, 1024, 576)),     # bars above and below
    ((1000, 700), (0, 69, 1000, 562)),
    ((2000, 600), (467, 0, 1066, 600)),    # bars left and right
])
def test_where_the_canvas_sits_in_a_window(window, rect):
    assert canvas_rect(window) == rect


@pytest.mark.parametrize("text, size", [("1024x600", (1024, 600)), ("800X450", (800, 450)), (" 7680x4320 ", (7680, 4320))])
def test_window_sizes_are_read(text, size):
    assert parse_window(text) == size


@pytest.mark.parametrize("text", ["", "big", "1024", "1024x", "x600", "799x450", "800x449", "7681x600", "-800x450",
                                  "1024x600x2", "1e3x600", "１０２４x600", "9" * 1000 + "x600"])
def test_bad_window_sizes_are_refused(text):
    with pytest.raises(ValueError) as info:
        parse_window(text)
    assert len(str(info.value)) < 120


# --- screenshot --window, by pixels ------------------------------------------------------------------

BLACK = (0, 0, 0)


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> dict[tuple[int, int], Path]:
    folder = tmp_path_factory.mktemp("windows")
    out = {}
    for size in ((800, 450), (1024, 600), (1920, 1080)):
        png = folder / f"games_{size[0]}x{size[1]}.png"
        res = run_cli("screenshot", "games", "--window", f"{size[0]}x{size[1]}", "--out", str(png),
                      data_dir=folder / "data")
        assert res.returncode == 0, res.stderr
        out[size] = png
    return out


def to_window(size: tuple[int, int], x: float, y: float) -> tuple[int, int]:
    rx, ry, rw, rh = canvas_rect(size)
    return int(rx + x * rw / CANVAS[0]), int(ry + y * rh / CANVAS[1])


@pytest.mark.parametrize("size", [(800, 450), (1024, 600), (1920, 1080)])
def test_screenshot_window_is_the_canvas_scaled_and_letterboxed(shots, size):
    from game.ui import theme

    img = pixels(shots[size])
    assert img.shape[:2] == (size[1], size[0])
    rx, ry, rw, rh = canvas_rect(size)
    if ry:   # bars above and below are black, right up to the canvas
        assert (img[:ry] == 0).all() and (img[ry + rh:] == 0).all()
        assert not near(img[ry + 1, size[0] // 2], BLACK, 40)
        assert not near(img[ry + rh - 2, size[0] // 2], BLACK, 40)
    else:    # a 16:9 window: no bars, the canvas reaches every edge
        for x, y in ((0, 0), (size[0] - 1, 0), (0, size[1] - 1), (size[0] - 1, size[1] - 1)):
            assert near(img[y, x], theme.BACKGROUND, 24)
    # the canvas is there, at its scale: the page, the white face of the first tile, the home button
    assert near(img[to_window(size, 640, 650)[::-1]], theme.BACKGROUND, 8)
    assert near(img[to_window(size, 50, 300)[::-1]], theme.PANEL, 8)
    assert near(img[to_window(size, 100, 100)[::-1]], theme.SECONDARY, 8)
    # and its size: the first tile's left edge (canvas x 30) is where the scale puts it
    row = img[to_window(size, 0, 300)[1]]
    edge = next(x for x in range(size[0]) if not near(row[x], theme.BACKGROUND, 10))
    assert abs(edge - to_window(size, 30, 300)[0]) <= 2


def test_a_bad_window_size_is_one_line_exit_2(tmp_path: Path):
    res = run_cli("screenshot", "games", "--window", "640x360", "--out", str(tmp_path / "x.png"),
                  data_dir=tmp_path / "data")
    assert res.returncode == 2 and res.stderr.count("\n") == 1 and "Traceback" not in res.stderr
    assert "--window must be from 800x450" in res.stderr and not (tmp_path / "x.png").exists()


def test_a_live_window_opens_fitted_to_its_desktop_and_may_shrink_to_800x450():
    import warnings

    import pygame

    from game.app import open_display

    pygame.init()
    try:
        surface = open_display()
        assert surface.get_size() == CANVAS                    # the scenes still draw on 1280x720
        desktop = pygame.display.get_desktop_sizes()[0]
        assert pygame.display.get_window_size() == fit_window(desktop)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            window = pygame.Window.from_display_module()
        assert tuple(window.minimum_size) == MIN_WINDOW       # not SCALED's 1280x720
    finally:
        pygame.quit()


# --- every child screen, at each size ------------------------------------------------------------------

CHILD_SCREENS = ("children", "new-child", "games", "levels", "pause", "results", "levels/tracing/01_go_right.toml")


@pytest.mark.parametrize("size", [(800, 450), (1024, 600), (1920, 1080)])
def test_every_child_screen_is_its_canvas_scaled_into_the_window(tmp_path: Path, data_dir: Path, size):
    """Each screen a child sees, rendered as a window of that size, is the same screen's canvas scaled into
    the letterbox (compared pixel by pixel after scaling), with black bars outside it: nothing is cut off,
    moved or drawn twice at a small size."""
    import numpy as np
    import pygame

    from game.headless import screenshot
    from game.records.db import Database
    from tests.builders import ROOT

    db = Database.open(data_dir)
    try:
        db.get_or_add_child("Maximilian-Alexander Joh", "owl")
        for target in CHILD_SCREENS:
            name = target.replace("/", "_")
            real = str(ROOT / target) if target.endswith(".toml") else target
            canvas_png, window_png = tmp_path / f"{name}.png", tmp_path / f"{name}_w.png"
            screenshot(db, real, canvas_png, child_name="Maximilian-Alexander Joh")
            screenshot(db, real, window_png, child_name="Maximilian-Alexander Joh", window=size)
            shown = pixels(window_png).astype(int)
            assert shown.shape[:2] == (size[1], size[0]), target
            rx, ry, rw, rh = canvas_rect(size)
            scaled = pygame.transform.smoothscale(pygame.image.load(str(canvas_png)), (rw, rh))
            expected = pygame.surfarray.array3d(scaled).transpose(1, 0, 2).astype(int)
            inside = shown[ry:ry + rh, rx:rx + rw]
            assert np.abs(inside - expected).mean() < 4.0, target          # the same picture, scaled
            bars = np.ones(shown.shape[:2], bool)
            bars[ry:ry + rh, rx:rx + rw] = False
            assert (shown[bars] == 0).all(), target                         # and black bars around it
    finally:
        db.close()
