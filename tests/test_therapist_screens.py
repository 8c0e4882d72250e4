"""The therapist area, the PIN door and the corner gear, rendered headless and checked by their pixels."""
from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from game.headless import screenshot  # noqa: E402
from game.records.db import Database  # noqa: E402
from game.ui import theme  # noqa: E402
from tests.builders import (  # noqa: E402
    LINE_LEVEL,
    line_points,
    near,
    pixels,
    polyline_events,
    run_cli,
    write_level,
)


@pytest.fixture
def db(data_dir: Path, tmp_path: Path):
    from game.headless import play_headless
    from game.levels.loader import load_level

    database = Database.open(data_dir)
    sam = database.add_child("Sam", "fox")
    leo = database.add_child("Leo", "bear")
    loaded = load_level(write_level(tmp_path / "line.toml", LINE_LEVEL))
    play_headless(database, sam, loaded, polyline_events(line_points(200, 360, 1080, 360, 80)))
    database.set_archived(leo.id, True)
    yield database
    database.close()


def test_the_hub_lists_every_child_marks_the_archived_one_and_opens_the_chosen_childs_panel(db, tmp_path: Path):
    from game.scenes.therapist import PANEL, REPORT_Y, TILE_H, TILE_Y, TRANSFER_Y

    out = tmp_path / "therapist.png"
    screenshot(db, "therapist", out, child_name="Sam")
    img = pixels(out)
    assert img.shape == (720, 1280, 3)
    assert near(img[5, 640], theme.BACKGROUND, 20)
    assert len(np.unique(img.reshape(-1, 3), axis=0)) > 50
    # rows sorted by name: Leo (archived, grey with a dark "archived" pill) then Sam (chosen, tinted, blue edge)
    assert near(img[232, 303], theme.INK_SOFT, 6)                       # the pill's rounded left end
    assert near(img[240, 30], theme.mix(theme.PANEL, theme.DISABLED, 0.45), 6)   # Leo's greyed row
    assert near(img[320, 30], theme.mix(theme.PANEL, theme.SECONDARY, 0.22), 6)  # Sam's chosen row
    assert near(img[278, 200], theme.PRIMARY, 6)                           # its blue edge (top)
    # the panel card and its first action tile (Progress), a blue button
    assert near(img[PANEL.y + 12, PANEL.centerx], theme.PANEL, 4)
    assert near(img[TILE_Y + TILE_H // 2, PANEL.x + 42], theme.PRIMARY, 6)
    # the report buttons are green; Send home and Bring in under them light
    assert near(img[REPORT_Y + 30, PANEL.x + 320], theme.SUCCESS, 6)
    assert near(img[TRANSFER_Y + 30, PANEL.x + 320], theme.SECONDARY, 6)


def test_the_pin_door_shows_typed_digits_as_dots_never_the_digits(db, tmp_path: Path):
    out = tmp_path / "pin.png"
    screenshot(db, "pin", out)
    img = pixels(out)
    # for_screenshot types two digits: dots 1 and 2 filled blue, 3 and 4 white
    centres = [round(640 + (i - 1.5) * 70) for i in range(4)]
    assert [near(img[170, x], theme.PRIMARY, 4) for x in centres] == [True, True, False, False]
    assert [near(img[170, x], theme.PANEL, 4) for x in centres] == [False, False, True, True]
    # the keypad: 12 keys of 128 x 92; "1" top left is blue, "Clear" bottom left is light
    assert near(img[275, 640 - 206 + 10], theme.PRIMARY, 6)
    assert near(img[265 + 3 * 106 + 40, 640 - 206 + 6], theme.SECONDARY, 6)


def test_the_corner_gear_is_faint_and_fills_a_ring_while_held(db, tmp_path: Path):
    from game.app import run_virtual
    from game.input import InputEvent
    from game.scenes.children import GEAR, ChildrenScene

    plain = tmp_path / "children.png"
    screenshot(db, "children", plain)
    img = pixels(plain)
    cx, cy = GEAR.center
    faint = theme.mix(theme.BACKGROUND, theme.INK_SOFT, 0.45)
    assert near(img[cy, cx + 11], faint, 8)                  # the cog's body
    assert near(img[cy, cx], theme.BACKGROUND, 8)            # its hole
    assert not near(img[cy - 30, cx], theme.PRIMARY, 40)     # no ring yet

    class HoldFromOneSecond:
        def __init__(self) -> None:
            self.sent = False

        def poll(self, now: float, scene: object) -> list:
            if self.sent or now < 0.25:
                return []
            self.sent = True
            return [InputEvent(0.25, "pointer_down", cx, cy, 0, "script")]

    held = tmp_path / "held.png"
    run_virtual(ChildrenScene, db, HoldFromOneSecond(), until=1.25, shot=held)   # held 1 s of 2
    img = pixels(held)
    assert near(img[cy - 30, cx], theme.PRIMARY, 10)         # the ring starts at 12 o'clock...
    assert near(img[cy, cx + 30], theme.PRIMARY, 10)         # ...has passed 3 o'clock...
    assert not near(img[cy, cx - 30], theme.PRIMARY, 40)     # ...and not yet 9 o'clock
    assert near(img[cy, cx + 11], theme.INK_SOFT, 8)         # the cog darkens while held


def test_the_cli_renders_the_therapist_screens(db, tmp_path: Path):
    folder = db.path.parent
    for target in ("therapist", "pin"):
        out = tmp_path / f"{target}.png"
        res = run_cli("screenshot", target, "--out", str(out), "--child", "Sam", data_dir=folder)
        assert res.returncode == 0, res.stderr
        assert len(np.unique(pixels(out).reshape(-1, 3), axis=0)) > 50
