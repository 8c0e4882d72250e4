"""Every screen rendered headless and checked by its pixels."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from game.headless import screenshot
from game.records.db import Database
from game.ui import theme
from tests.builders import (
    LINE_LEVEL,
    line_points,
    near,
    pixels,
    polyline_events,
    write_level,
)


@pytest.fixture
def db(data_dir: Path):
    database = Database.open(data_dir)
    database.add_child("Ada", "fox")
    database.add_child("Ben", "owl")
    yield database
    database.close()


@pytest.mark.parametrize("screen", ["children", "new-child", "games", "levels", "pause", "results"])
def test_every_screen_renders_something_real(db, tmp_path: Path, screen: str):
    out = tmp_path / f"{screen}.png"
    screenshot(db, screen, out)
    img = pixels(out)
    assert img.shape == (720, 1280, 3)
    colours = len(np.unique(img.reshape(-1, 3), axis=0))
    assert colours > 50, f"{screen} looks blank ({colours} colours)"
    if screen != "pause":
        assert near(img[5, 640], theme.BACKGROUND, 20)  # the page, not black


def test_children_screen_shows_each_child_and_the_new_button(db, tmp_path: Path):
    screenshot(db, "children", tmp_path / "c.png")
    img = pixels(tmp_path / "c.png")
    # three 200-wide cards (Ada, Ben, New player) in one centred row: centres at x = 412, 640, 868
    assert near(img[245, 868 + 45], theme.SUCCESS, 30)          # the green disc behind the white plus
    assert near(img[245, 868], theme.WHITE, 10)
    for cx in (412, 640):                                         # an animal face on each child's card
        face = img[200:290, cx - 50:cx + 50].reshape(-1, 3)
        assert len(np.unique(face, axis=0)) > 30


def test_level_screen_shows_the_corridor_where_the_level_puts_it(db, tmp_path: Path):
    level = write_level(tmp_path / "line.toml", LINE_LEVEL.replace("strokes", 'guide = "full"\nstrokes'))
    screenshot(db, str(level), tmp_path / "l.png")
    img = pixels(tmp_path / "l.png")
    assert near(img[360 - 20, 700], theme.CORRIDOR_FILL)       # inside the corridor (tolerance 30)
    assert near(img[360 - 45, 700], theme.BACKGROUND, 20)      # well outside it
    assert near(img[360, 200], theme.START_DOT, 40) or near(img[360 + 12, 200], theme.START_DOT, 40)


def test_level_screen_at_a_moment_of_the_events_shows_the_trail(db, tmp_path: Path):
    level = write_level(tmp_path / "line.toml")
    events = polyline_events(line_points(200, 360, 1080, 360, 221))
    screenshot(db, str(level), tmp_path / "mid.png", events=events, at=1.0)  # 0.5 s of tracing: up to x ~ 440
    img = pixels(tmp_path / "mid.png")
    assert near(img[360, 300], theme.TRAIL_IN, 20)             # the child's trail, on the path
    assert not near(img[360, 800], theme.TRAIL_IN, 60)         # not yet drawn further on
    off = polyline_events(line_points(200, 420, 1080, 420, 221))
    screenshot(db, str(level), tmp_path / "off.png", events=off, at=1.0)
    assert near(pixels(tmp_path / "off.png")[420, 300], theme.TRAIL_OUT, 20)  # off the path: the other colour


def test_results_screen_shows_stars(db, tmp_path: Path):
    screenshot(db, "results", tmp_path / "r.png")
    img = pixels(tmp_path / "r.png")
    gold = np.all(np.abs(img.astype(int) - np.array(theme.STAR_GOLD)) <= 30, axis=2)
    assert gold[150:320, 400:880].sum() > 3000  # three big gold stars for the demo's perfect trace
