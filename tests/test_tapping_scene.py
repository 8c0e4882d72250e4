"""The tapping scene through the real loop: touch, mouse, keys, recording, CLI round trips, pixels."""
import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import json  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

import pygame  # noqa: E402
import pytest  # noqa: E402

from game.errors import UserError  # noqa: E402
from game.events import Event, events_to_jsonl  # noqa: E402
from game.games.tapping.scene_draw import LEFT_COLOR, RIGHT_COLOR, SKIN  # noqa: E402
from game.records.access import AccessOptions  # noqa: E402
from game.headless import play_headless, screenshot  # noqa: E402
from game.input import InputEvent, key_actions_for  # noqa: E402
from game.levels.loader import load_level  # noqa: E402
from game.records.db import Database  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
LEVEL = """format = 1
game = "tapping"
title = "Together"

[tapping]
pattern = "{pattern}"
tempo_bpm = 60
beats = {beats}
lead_in_s = 1.0
window_ms = 200
"""


def write_level(tmp_path, pattern="both", beats=2) -> Path:
    path = tmp_path / f"{pattern}.toml"
    path.write_text(LEVEL.format(pattern=pattern, beats=beats), encoding="utf-8")
    return path


SILENT = {"latency_source": "none", "latency_measured_at": None, "latency_method": None, "backend": "none",
          "device": "none", "output_latency_ms": None, "click_stream_start_s": None, "click_stream_restarts_s": [],
          "click_stream_gaps": 0}


def run_cli(*args, data_dir) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    return subprocess.run([sys.executable, "-m", "game", *args, "--data-dir", str(data_dir)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_headless_two_finger_touch_counts_as_both_hands(tmp_path):
    level = load_level(write_level(tmp_path))
    # beat 0 at 1.0 s: two fingers down at once, one on each half; beat 1 at 2.0 s: the right finger 25 ms late
    events = [Event(1.0, "down", x=300, y=400, id=1), Event(1.0, "down", x=980, y=400, id=2),
              Event(1.08, "up", x=300, y=400, id=1), Event(1.08, "up", x=980, y=400, id=2),
              Event(2.0, "down", x=300, y=400, id=1), Event(2.025, "down", x=980, y=400, id=2),
              Event(2.1, "up", x=300, y=400, id=1), Event(2.1, "up", x=980, y=400, id=2)]
    db = Database.open(tmp_path / "data")
    seen = []
    try:
        child = db.get_or_add_child("Ann")
        n = play_headless(db, child, level, events, on_attempt=lambda i, saved: seen.append(saved))
        rows = list(db.attempts("Ann"))
    finally:
        db.close()
    assert n == 1 and seen[0].status == "finished"
    m = seen[0].metrics
    assert (m["expected_taps"], m["hits"], m["wrong_hand"], m["extra_taps"]) == (4, 4, 0, 0)
    assert m["bimanual_lag_ms"] == 12.5 and m["bimanual_asynchrony_ms"] == 12.5
    recorded = [json.loads(line) for line in rows[0].events.splitlines()]
    assert recorded == [{"t": 1.0, "type": "tap", "side": "left"}, {"t": 1.0, "type": "tap", "side": "right"},
                        {"t": 2.0, "type": "tap", "side": "left"}, {"t": 2.025, "type": "tap", "side": "right"}]
    screen = rows[0].settings.pop("screen")
    # Headless: no sound played, nothing measured, no setting: latency 0, and the record says so.
    assert rows[0].settings == {"audio_latency_ms": 0.0, "sound": SILENT, "access": AccessOptions().to_dict()}
    assert (screen["source"], screen["mm_per_unit"], screen["canvas_scale"]) == ("none", None, 1.0)


@pytest.fixture
def scene(tmp_path):
    from game.app import init_pygame, make_context
    from game.games.tapping.scene import TappingScene

    init_pygame(headless=True)
    db = Database.open(tmp_path / "data")
    ctx = make_context(db, headless=True)
    ctx.record = False
    level = load_level(write_level(tmp_path, "alternate", 4))
    sc = TappingScene(ctx, db.get_or_add_child("Bo"), [level], 0, demo_mode="never")
    sc.enter(99.9)      # the attempt's clock starts 0.1 s on (STREAM_PREROLL_S), at 100.0
    yield sc
    db.close()
    pygame.quit()


def test_mouse_buttons_keys_and_pad_shoulders_are_taps_stamped_by_input_time(scene):
    scene.handle(InputEvent(101.0, "pointer_down", x=1000, y=300, device="mouse", button=1), 101.002)
    scene.handle(InputEvent(101.5, "pointer_down", x=100, y=600, device="mouse", button=3), 101.6)
    scene.handle(InputEvent(101.75, "pointer_down", x=100, y=600, device="mouse", button=2), 101.8)
    scene.handle(InputEvent(102.0, "action", device="key", action="tap_right"), 102.016)
    scene.handle(InputEvent(102.1, "action", device="key", action="tap_right", pressed=False), 102.2)
    scene.handle(InputEvent(102.25, "action", device="pad", action="tap_left"), 102.3)
    scene.handle(InputEvent(102.5, "pointer_down", x=1000, y=300, pointer=3, device="touch"), 102.5)
    assert [(e.t, e.side) for e in scene.events] == [(1.0, "left"), (1.5, "right"), (2.0, "right"),
                                                      (2.25, "left"), (2.5, "right")]


def test_tap_keys_come_from_settings_names():
    pygame.init()
    try:
        table = key_actions_for("a", "l")
        assert table[pygame.K_a] == "tap_left" and table[pygame.K_l] == "tap_right"
        assert pygame.K_f not in table and table[pygame.K_ESCAPE] == "back"
        with pytest.raises(UserError, match="tap_left_key"):
            key_actions_for("nosuchkey", "j")
        with pytest.raises(UserError, match="tap_right_key"):
            key_actions_for("f", "escape")
    finally:
        pygame.quit()


def test_play_headless_export_and_score_agree_with_latency_setting(tmp_path):
    path = write_level(tmp_path, "alternate", 6)
    data = tmp_path / "data"
    data.mkdir()
    (data / "settings.toml").write_text("audio_latency_ms = 20\n", encoding="utf-8")
    taps = [Event(round(1.0 + k + 0.05 + 0.01 * k, 6), "tap", side="left" if k % 2 == 0 else "right")
            for k in range(6)]
    ev_file = tmp_path / "taps.jsonl"
    ev_file.write_text(events_to_jsonl(taps), encoding="utf-8")
    played = run_cli("play", str(path), "--child", "Cy", "--events", str(ev_file), "--headless", data_dir=data)
    assert played.returncode == 0, played.stderr
    line = json.loads(played.stdout.splitlines()[0])
    assert line["status"] == "finished"
    exported = run_cli("export", "--format", "jsonl", "--child", "Cy", data_dir=data)
    row = json.loads(exported.stdout.splitlines()[0])
    assert row["attempt_id"] == line["attempt_id"] and row["metrics"] == line["metrics"]
    assert set(row["settings"]) == {"audio_latency_ms", "sound", "screen", "access"}
    assert row["settings"]["audio_latency_ms"] == 20.0 and row["settings"]["sound"] == dict(SILENT, latency_source="setting")
    assert row["events"] == [e.to_dict() for e in taps]
    (tmp_path / "again.jsonl").write_text("".join(json.dumps(e) + "\n" for e in row["events"]), encoding="utf-8")
    again = run_cli("score", str(path), str(tmp_path / "again.jsonl"), "--audio-latency-ms", "20", data_dir=data)
    assert json.loads(again.stdout)["metrics"] == row["metrics"]
    exact = json.loads(run_cli("score", str(path), str(tmp_path / "again.jsonl"), data_dir=data).stdout)["metrics"]
    # offsets 50, 60, ..., 100 ms: mean 75 exact; the live attempt's mean is 20 ms less, the SD the same
    assert exact["mean_asynchrony_ms"] == 75.0
    assert row["metrics"]["mean_asynchrony_ms"] == 55.0
    assert exact["sd_asynchrony_ms"] == row["metrics"]["sd_asynchrony_ms"]
    csv = run_cli("export", "--format", "csv", data_dir=data).stdout.splitlines()
    header = csv[0].lstrip("\ufeff").split(",")
    assert "bimanual_lag_ms" in header and "tempo_bpm" in header and len(csv) == 2


def _px(img, xy):
    return tuple(img.get_at(xy))[:3]


def test_screenshot_shows_both_drums_and_lights_the_one_hit(tmp_path):
    level = write_level(tmp_path, "alternate", 4)
    out = tmp_path / "shot.png"
    db = Database.open(tmp_path / "data")
    try:
        screenshot(db, str(level), out, events=[Event(2.0, "tap", side="right")], at=2.02)
        shot = pygame.image.load(str(out))
    finally:
        db.close()
    assert shot.get_size() == (1280, 720)
    assert _px(shot, (155, 480)) == LEFT_COLOR      # left drum body
    assert _px(shot, (775, 480)) == RIGHT_COLOR     # right drum body
    assert _px(shot, (210, 345)) == SKIN            # left skin: not hit
    lit = _px(shot, (830, 350))                     # right skin: hit 20 ms ago, bright yellow
    assert lit != SKIN and lit[2] < 190 and lit[0] >= 250
