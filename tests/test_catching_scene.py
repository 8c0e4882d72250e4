"""The catching scene: pixels where the level puts things, and headless play -> export -> score."""
from __future__ import annotations

import json
import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame  # noqa: E402

from game.events import Event, event_from_dict  # noqa: E402
from game.games import GAMES  # noqa: E402
from game.games.catching.rules import CATCH_LINE_Y, schedule  # noqa: E402
from game.headless import play_headless, screenshot  # noqa: E402
from game.levels.loader import load_level, parse_level  # noqa: E402
from game.records.attempts import scoring_options  # noqa: E402
from game.records.db import Database  # noqa: E402
from game.records.export import export_text  # noqa: E402
from game.scoring import score_attempt  # noqa: E402
from game.ui import theme  # noqa: E402
from tests.builders import run_cli  # noqa: E402
from tests.catching_builders import chase, write_events  # noqa: E402

PIXEL_LEVEL = """format = 1
game = "catching"
title = "Pixels"

[catching]
catcher_width = 180
object_radius = 36
drops = [
  {t = 0.5, x = 300, speed = 200},
  {t = 1.0, x = 1000, speed = 200},
  {t = 0.2, x = 640, speed = 200, distractor = true},
  {t = 9.0, x = 500, speed = 200},
]
"""
RANDOM_LEVEL = """format = 1
game = "catching"
title = "Random"
attempts = 2

[catching]
catcher_width = 200
object_radius = 30
count = 4
spawn_interval_s = 2.5
speed = 300
seed = 21
max_in_flight = 1
"""


def _pixel(path, x, y):
    img = pygame.image.load(str(path))
    return tuple(img.get_at((x, y)))[:3]


def test_mid_play_screenshot_puts_objects_and_catcher_where_the_level_says(tmp_path, data_dir):
    level = tmp_path / "pixels.toml"
    level.write_text(PIXEL_LEVEL, encoding="utf-8")
    events = [Event(0.1, "move", x=900.0, y=650.0)]
    out = tmp_path / "mid.png"
    db = Database.open(data_dir)
    try:
        screenshot(db, str(level), out, events=events, at=2.0)
    finally:
        db.close()
    # At 2.0 s: the apple (appeared 0.5 s) is 300 units down, the orange (1.0 s) 200 down,
    # the rock (0.2 s) 360 down; the 9 s drop has not appeared. 200 units/s, so the last
    # update (at most 1/120 s before 2.0 s) is within 2 units of these.
    # Objects are numbered in spawn order (rock 0, then 1, 2, ...) and fruit kinds cycle apple,
    # orange, plum, ball by that number: the 0.5 s drop is an orange, the 1.0 s drop a plum.
    assert _pixel(out, 300, 300) == theme.OI_ORANGE
    assert _pixel(out, 1000, 200) == theme.OI_REDDISH_PURPLE
    assert _pixel(out, 640, 360) == (150, 150, 156)
    assert _pixel(out, 500, 120) == theme.BACKGROUND
    # The basket follows the hovering pointer: its rim (the catch line) is centred on x = 900.
    rim = theme.mix(theme.OI_ORANGE, theme.INK, 0.2)
    assert _pixel(out, 900, int(CATCH_LINE_Y)) == rim
    assert _pixel(out, 900 - 80, int(CATCH_LINE_Y)) == rim
    assert _pixel(out, 640, int(CATCH_LINE_Y)) == theme.BACKGROUND


def test_keyboard_moves_the_basket_on_screen(tmp_path, data_dir):
    level = tmp_path / "pixels.toml"
    level.write_text(PIXEL_LEVEL, encoding="utf-8")
    # 700 units/s (the default) for 0.5 s: from 640 to 290.
    events = [Event(0.5, "key", key="left", pressed=True), Event(1.0, "key", key="left", pressed=False)]
    out = tmp_path / "keys.png"
    db = Database.open(data_dir)
    try:
        screenshot(db, str(level), out, events=events, at=1.5)
    finally:
        db.close()
    rim = theme.mix(theme.OI_ORANGE, theme.INK, 0.2)
    assert _pixel(out, 290, int(CATCH_LINE_Y)) == rim
    assert _pixel(out, 290 + 80, int(CATCH_LINE_Y)) == rim
    assert _pixel(out, 290 + 120, int(CATCH_LINE_Y)) != rim


def test_headless_play_records_what_export_shows_and_score_agrees(tmp_path, data_dir):
    level = tmp_path / "random.toml"
    level.write_text(RANDOM_LEVEL, encoding="utf-8")
    loaded = load_level(level)
    flights = schedule(loaded.level.catching)
    events = chase(flights)
    db = Database.open(data_dir)
    seen: list[int] = []
    try:
        child = db.get_or_add_child("Ann")
        assert play_headless(db, child, loaded, events, on_attempt=lambda i, saved: seen.append(i)) == 2
        rows = list(db.attempts("Ann"))
    finally:
        db.close()
    assert len(rows) == len(seen) == 2
    exported = [json.loads(line) for line in export_text(rows, "jsonl").splitlines()]
    for obj in exported:
        assert obj["game"] == "catching" and obj["status"] == "finished" and obj["seed"] == 21
        assert obj["metrics"]["caught"] == 4 and obj["metrics"]["catch_rate_pct"] == 100.0
        again = parse_level(obj["level_text"], obj["level_file"])
        evs = [event_from_dict(e, "export") for e in obj["events"]]
        assert evs == [e for e in events if e.t < max(f.cross_t for f in flights)]
        assert score_attempt(again, evs, **scoring_options(obj["settings"])) == obj["metrics"]
    csv_text = export_text(rows, "csv")
    header = csv_text.splitlines()[0].split(",")
    for name in (*GAMES["catching"].metrics, *GAMES["catching"].difficulty_fields):
        assert name in header


def test_play_headless_cli_then_export_then_score_give_the_same_metrics(tmp_path, data_dir):
    level = tmp_path / "random.toml"
    level.write_text(RANDOM_LEVEL.replace("attempts = 2\n", ""), encoding="utf-8")
    flights = schedule(load_level(level).level.catching)
    events_file = write_events(tmp_path / "events.jsonl", chase(flights, offset=40.0))  # 40 right: e = -40
    played = run_cli("play", str(level), "--child", "Bo", "--events", str(events_file), "--headless",
                     data_dir=data_dir)
    assert played.returncode == 0, played.stderr
    lines = [json.loads(line) for line in played.stdout.splitlines()]
    assert len(lines) == 1 and abs(lines[0]["metrics"]["constant_error"] + 40.0) < 1e-9
    out = tmp_path / "export.jsonl"
    assert run_cli("export", "--format", "jsonl", "--out", str(out), data_dir=data_dir).returncode == 0
    (record,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert record["metrics"] == lines[0]["metrics"]
    (tmp_path / "again.toml").write_text(record["level_text"], encoding="utf-8")
    (tmp_path / "again.jsonl").write_text("".join(json.dumps(e) + "\n" for e in record["events"]), encoding="utf-8")
    scored = run_cli("score", str(tmp_path / "again.toml"), str(tmp_path / "again.jsonl"))
    assert scored.returncode == 0, scored.stderr
    assert json.loads(scored.stdout)["metrics"] == record["metrics"]
