"""Hostile and hand-broken files: one line naming what and where, exit 2, never a crash or a hang.

Each case here was reproduced against the previous version (issue 8) and is kept as a
regression test. Time and memory budgets are checked on CPU time and peak memory of the
real command in a child process (not on the wall clock, which a busy machine stretches).
"""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import numpy as np
import pytest

from tests.builders import LINE_LEVEL, ROOT, run_cli, write_level
from tests.worst_inputs import (
    BUDGET_CPU_S,
    BUDGET_MB,
    bad_points_level,
    run_measured,
    write_worst_files,
)

CATCHING_LEVEL = (ROOT / "levels" / "catching" / "01_apple_rain.toml").read_text(encoding="utf-8")


def write_events(path: Path, events: list[dict]) -> Path:
    path.write_text("".join(json.dumps(e) + "\n" for e in events), encoding="utf-8")
    return path


def one_line_refusal(res: subprocess.CompletedProcess, *needles: str) -> str:
    """A refusal: exit 2, one line on stderr starting 'MotorPlay:', naming what it should."""
    assert res.returncode == 2, (res.returncode, res.stderr)
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1, res.stderr
    assert lines[0].startswith("MotorPlay: ") and "Traceback" not in res.stderr
    assert "something went wrong" not in lines[0]
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


def level_problems(text: str, tmp_path: Path, name: str = "lvl.toml") -> list[str]:
    from game.levels.loader import check_level

    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return [str(p) for p in check_level(path)]


# --- level files --------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["[]", "{}", "[1, 2]", "{ a = 1 }", "42", "true"])
def test_game_of_the_wrong_type_is_an_unknown_game(tmp_path: Path, value: str):
    text = LINE_LEVEL.replace('game = "tracing"', f"game = {value}")
    (problem,) = level_problems(text, tmp_path)
    assert problem.startswith(f"{tmp_path / 'lvl.toml'}: game: unknown game ")
    assert 'allowed: "tracing", "catching", "tapping"' in problem


def test_game_of_the_wrong_type_in_the_user_levels_folder_does_not_break_the_picker(tmp_path: Path):
    from game.levels.loader import discover

    folder = tmp_path / "levels" / "tracing"
    folder.mkdir(parents=True)
    write_level(folder / "a_good.toml")
    write_level(folder / "b_bad.toml", LINE_LEVEL.replace('game = "tracing"', "game = []"))
    entries = discover(folder)
    assert [e.loaded is not None for e in entries] == [True, False]
    assert "unknown game" in str(entries[1].problems[0])
    res = run_cli("levels", "check", str(folder))
    assert res.returncode == 1 and "b_bad.toml: game: unknown game" in res.stdout
    assert res.stderr.strip() == "MotorPlay: 1 of 2 level files are valid" or "1 of 2" in res.stderr


@pytest.mark.parametrize("nested", ["[" * 600 + "]" * 600, "{a = " * 600 + "1" + "}" * 600,
                                    "[" * 5000 + "]" * 5000])
def test_deep_nesting_is_one_problem(tmp_path: Path, nested: str):
    (problem,) = level_problems(LINE_LEVEL + f"x = {nested}\n", tmp_path)
    assert "nested too deeply" in problem


@pytest.mark.parametrize("text", ["[" + ".".join(["a"] * 1000) + "]\nx = 1\n",    # a header of 1,000 parts
                                  "a." * 30_000 + "a = 1\n",                        # 9 s in Python's TOML reader
                                  "x = {" + "a." * 5000 + "a = 1}\n"])
def test_a_key_of_thousands_of_parts_is_one_problem_before_reading(tmp_path: Path, text: str):
    (problem,) = level_problems(LINE_LEVEL + text, tmp_path)
    assert "a key has too many dotted parts (line 8)" in problem and len(problem) < 300


def test_a_number_of_thousands_of_digits_is_one_problem_with_its_line(tmp_path: Path):
    text = LINE_LEVEL.replace("tolerance = 30", "tolerance = " + "7" * 5000)
    (problem,) = level_problems(text, tmp_path)
    assert "thousands of digits (line 6)" in problem and len(problem) < 300


def test_a_byte_order_mark_is_accepted_and_not_kept(tmp_path: Path):
    from game.levels.loader import load_level

    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + LINE_LEVEL.encode("utf-8"))
    loaded = load_level(path)
    assert loaded.title == "Test line" and loaded.text == LINE_LEVEL
    res = run_cli("levels", "check", str(path))
    assert res.returncode == 0, res.stdout + res.stderr


def test_a_level_in_another_games_folder_says_where_it_belongs(tmp_path: Path):
    from game.levels.loader import discover

    folder = tmp_path / "levels" / "tracing"
    folder.mkdir(parents=True)
    (folder / "apples.toml").write_text(CATCHING_LEVEL, encoding="utf-8")
    (entry,) = discover(folder)
    assert entry.loaded is None
    assert str(entry.problems[0]).endswith('game: is "catching", but this file is in the tracing levels folder; '
                                           'move it to the catching folder (levels/catching/)')
    res = run_cli("levels", "check", str(folder))
    assert res.returncode == 1 and "move it to the catching folder" in res.stdout
    res = run_cli("levels", "check", str(folder / "apples.toml"))
    assert res.returncode == 1 and "move it to the catching folder" in res.stdout
    # Outside a game's folder the same file is simply a catching level.
    elsewhere = tmp_path / "apples.toml"
    elsewhere.write_text(CATCHING_LEVEL, encoding="utf-8")
    assert run_cli("levels", "check", str(elsewhere)).returncode == 0


def test_every_problem_is_collected_but_at_most_twenty_are_printed(tmp_path: Path):
    from game.levels.loader import LevelError, load_level

    path = write_level(tmp_path / "many.toml", bad_points_level(1500))
    with pytest.raises(LevelError) as err:
        load_level(path)
    assert len(err.value.problems) == 1500   # one for every point
    assert str(err.value).endswith("(and 1,499 more problems)")
    res = run_cli("levels", "check", str(path))
    lines = res.stdout.splitlines()
    assert res.returncode == 1 and len(lines) == 21
    assert lines[-1] == f"{path}: … and 1,480 more problems"


def test_a_huge_unknown_key_is_clipped_in_the_message(tmp_path: Path):
    text = LINE_LEVEL + "k" * 250_000 + " = 1\n"
    (problem,) = level_problems(text, tmp_path)
    assert problem.startswith(f"{tmp_path / 'lvl.toml'}: tracing.kkkk") and "250,000 characters" in problem
    assert "allowed: tolerance, strokes, shape" in problem
    assert len(problem) < 400


def test_levels_have_limits_real_levels_never_reach(tmp_path: Path):
    xs = np.linspace(10, 1270, 70_000)
    ys = 360 + 300 * np.sign(np.sin(np.arange(70_000)))
    points = ", ".join(f"[{x:.1f}, {y:.0f}]" for x, y in zip(xs, ys))
    text = LINE_LEVEL.replace("strokes = [[[200, 360], [1080, 360]]]", f"strokes = [[{points}]]")
    assert len(text.encode()) > 256_000
    (problem,) = level_problems(text, tmp_path)
    assert "a level file may be at most 256000 bytes" in problem
    # Within the file size, the points are limited per stroke and in all ...
    few = ", ".join(f"[{10 + k % 1200}, {100 + (k % 2) * 500}]" for k in range(2_001))
    (problem,) = level_problems(LINE_LEVEL.replace("strokes = [[[200, 360], [1080, 360]]]",
                                                   f"strokes = [[{few}]]"), tmp_path)
    assert "tracing.strokes[0]: a stroke may have at most 2000 points" in problem
    three = ", ".join([f"[[{10 + k % 1200}, 100], [{10 + k % 1200}, 600]" + ", [640, 360]" * 1800 + "]"
                       for k in range(3)])
    (problem,) = level_problems(LINE_LEVEL.replace("strokes = [[[200, 360], [1080, 360]]]",
                                                   f"strokes = [{three}]"), tmp_path)
    assert "has 5,406 points; a level may have at most 5,000" in problem
    # ... and so is the length of the path (a zigzag of 1,000 points across the screen).
    zig = ", ".join(f"[{100 + (k % 2) * 1000}, {100 + k * 0.5}]" for k in range(1000))
    (problem,) = level_problems(LINE_LEVEL.replace("strokes = [[[200, 360], [1080, 360]]]",
                                                   f"strokes = [[{zig}]]"), tmp_path)
    assert "the path is 999,000 play units long; a level's path may be at most 25,000" in problem


def test_a_tracing_attempt_without_a_time_limit_still_ends():
    from game.events import Event
    from game.games.tracing.rules import TracingRound
    from game.levels.base import MAX_ATTEMPT_S

    rnd = TracingRound([np.array([[200.0, 360.0], [1080.0, 360.0]])], 30.0, None)
    rnd.feed(Event(0.5, "down", x=200.0, y=360.0))
    rnd.tick(MAX_ATTEMPT_S - 0.001)
    assert not rnd.finished
    rnd.tick(MAX_ATTEMPT_S)
    assert rnd.timed_out and not rnd.completed


# --- events files -------------------------------------------------------------------------

def test_events_past_the_end_of_the_level_are_refused_naming_the_file(tmp_path: Path):
    level = write_level(tmp_path / "line.toml")
    events = tmp_path / "day.jsonl"
    events.write_text('{"t": 0, "type": "down", "x": 200, "y": 360}\n'
                      '{"t": 86399, "type": "up", "x": 200, "y": 360}\n', encoding="utf-8")
    for args in (("score", str(level), str(events)),
                 ("play", str(level), "--events", str(events), "--headless"),
                 ("screenshot", str(level), "--events", str(events), "--out", str(tmp_path / "x.png"))):
        res = run_cli(*args, data_dir=tmp_path / "data")
        one_line_refusal(res, str(events), "t = 86399 s", "ends by 600.0 s")
    assert not (tmp_path / "x.png").exists()


def test_events_past_a_catching_or_drums_level_are_refused(tmp_path: Path):
    from game.errors import UserError
    from game.events import Event
    from game.levels.loader import load_level
    from game.scoring import check_events

    for name in ("catching/01_apple_rain.toml", "tapping/01_left_drum.toml"):
        loaded = load_level(ROOT / "levels" / name)
        from game.games import GAMES

        end = GAMES[loaded.game].longest_attempt_s(loaded.level)
        ok = [Event(round(end + 0.5, 6), "tap", side="left")]
        check_events(loaded, ok, "ok.jsonl")   # the last frame of an attempt may run a little over
        with pytest.raises(UserError, match=r"late.jsonl: the events run to t = "):
            check_events(loaded, [Event(round(end + 1.5, 6), "tap", side="left")], "late.jsonl")


def test_giant_numbers_and_deep_json_in_events_are_one_line(tmp_path: Path):
    level = write_level(tmp_path / "line.toml")
    for body, needle in (('{"t": ' + "1" * 5000 + ', "type": "down", "x": 1, "y": 1}', "thousands of digits"),
                         ('{"t": ' + "4" * 400 + ', "type": "down", "x": 1, "y": 1}', '"t" must be a finite number'),
                         ('{"t": 0, "type": "down", "x": 1, "y": ' + "[" * 100_000 + "]" * 100_000 + "}",
                          "nested too deeply"),
                         ('{"t": 0, "type": "down", "x": 1, "y": 1, "' + "k" * 999_000 + '": 1}', "999,000 characters")):
        events = tmp_path / "e.jsonl"
        events.write_text(body + "\n", encoding="utf-8")
        line = one_line_refusal(run_cli("score", str(level), str(events)), f"{events}:1: ", needle)
        assert len(line) < 400


def test_too_many_events_are_refused(tmp_path: Path):
    from game.events import MAX_EVENTS

    level = write_level(tmp_path / "line.toml")
    events = tmp_path / "e.jsonl"
    events.write_text('{"t": 1, "type": "move", "x": 1, "y": 1}\n' * (MAX_EVENTS + 1), encoding="utf-8")
    one_line_refusal(run_cli("score", str(level), str(events)), f"{events}:{MAX_EVENTS + 1}: more than 100,000 events")


def test_a_trace_too_long_to_be_real_is_refused_naming_the_file(tmp_path: Path):
    level = write_level(tmp_path / "line.toml")
    events = [{"t": 0.5, "type": "down", "x": 200, "y": 360}]
    events += [{"t": round(0.5 + k * 0.004, 6), "type": "move", "x": 200 + (k % 2) * 1000, "y": 360}
               for k in range(1, 300)]
    path = write_events(tmp_path / "e.jsonl", events)
    one_line_refusal(run_cli("score", str(level), str(path)), f"{path}: the trace is 299,000 play units long")


# --- settings.toml ------------------------------------------------------------------------

@pytest.mark.parametrize("text, needle", [
    ("sound = " + "[" * 700 + "]" * 700, "nested too deeply"),
    ("audio_latency_ms = " + "9" * 5000, "thousands of digits (line 1)"),
    ("tap_left_key = \"zz\"", "tap_left_key: unknown key name 'zz'"),
    ("tap_left_key = \"escape\"", "tap_left_key: escape is kept for pause"),
    ("tap_left_key = \"a\"\ntap_right_key = \"A\"", "tap_right_key: tap_right_key must differ from tap_left_key"),
    ("s" * 20_000 + " = 1", "unknown setting"),
])
def test_broken_settings_are_one_line_naming_the_file_in_its_folder(data_dir: Path, text: str, needle: str):
    from game.errors import UserError
    from game.settings import load_settings

    (data_dir / "settings.toml").write_text(text + "\n", encoding="utf-8")
    with pytest.raises(UserError) as err:
        load_settings(data_dir)
    message = str(err.value)
    assert message.startswith(f"{data_dir / 'settings.toml'}: ") and needle in message, message
    assert "\n" not in message and len(message) < 400


@pytest.mark.parametrize("keys", ['tap_left_key = "j"\ntap_right_key = "j"\n', 'tap_right_key = "f"\n',
                                  'tap_left_key = "j"\n'])
def test_clashing_tap_keys_a_command_does_not_use_never_stop_it(data_dir: Path, keys: str):
    """Found by the long fuzz run: two equal keys made the unused-settings fallback loop for ever."""
    from game.errors import UserError
    from game.settings import HEADLESS_USES, load_settings

    (data_dir / "settings.toml").write_text("audio_latency_ms = 40\n" + keys, encoding="utf-8")
    assert load_settings(data_dir, uses=HEADLESS_USES).audio_latency_ms == 40.0
    with pytest.raises(UserError, match="tap_right_key must differ from tap_left_key"):
        load_settings(data_dir)


def test_settings_with_a_byte_order_mark_are_read(data_dir: Path):
    from game.settings import load_settings

    (data_dir / "settings.toml").write_bytes(b"\xef\xbb\xbfaudio_latency_ms = 40\n")
    assert load_settings(data_dir).audio_latency_ms == 40.0


def test_a_setting_a_command_does_not_use_never_stops_it(tmp_path: Path, data_dir: Path):
    from game.errors import UserError
    from game.settings import HEADLESS_USES, load_settings

    settings = data_dir / "settings.toml"
    settings.write_text('sound = "loud"\ntap_left_key = "zz"\naudio_latency_ms = 25\n', encoding="utf-8")
    # Headless play and screenshots read only audio_latency_ms, and get it.
    assert load_settings(data_dir, uses=HEADLESS_USES).audio_latency_ms == 25.0
    with pytest.raises(UserError, match="sound: input should be a valid boolean"):
        load_settings(data_dir)   # the live game uses them all
    level = write_level(tmp_path / "line.toml")
    events = write_events(tmp_path / "e.jsonl", [{"t": 0.5, "type": "down", "x": 200, "y": 360},
                                                 {"t": 1.0, "type": "up", "x": 400, "y": 360}])
    res = run_cli("play", str(level), "--events", str(events), "--headless", data_dir=data_dir)
    assert res.returncode == 0, res.stderr
    assert run_cli("screenshot", "children", "--out", str(tmp_path / "c.png"), data_dir=data_dir).returncode == 0
    assert run_cli("export", "--format", "csv", data_dir=data_dir).returncode == 0
    # A setting the command uses stops it, naming the file; so does a file it cannot read at all.
    settings.write_text('audio_latency_ms = "soon"\n', encoding="utf-8")
    res = run_cli("play", str(level), "--events", str(events), "--headless", data_dir=data_dir)
    one_line_refusal(res, f"{settings}: audio_latency_ms: ")
    settings.write_text("audio_latency_ms = = 3\n", encoding="utf-8")
    one_line_refusal(run_cli("play", str(level), "--events", str(events), "--headless", data_dir=data_dir),
                     f"{settings}: not valid TOML")
    for args in (("export", "--format", "csv"), ("report", "--child", "Guest", "--out", str(tmp_path / "r.html")),
                 ("therapist", "reset-pin")):
        res = run_cli(*args, data_dir=data_dir)
        assert res.returncode == 0, (args, res.stderr)


# --- budgets: the real commands on the worst files the limits allow -----------------------

@pytest.fixture(scope="module")
def worst_files(tmp_path_factory) -> dict[str, Path]:
    return write_worst_files(tmp_path_factory.mktemp("worst"))


def test_budget_checking_a_level_file_at_the_size_limit(worst_files, data_dir: Path):
    res, cpu, mb = run_measured("levels", "check", str(worst_files["bad_level"]), data_dir=data_dir)
    assert res.returncode == 1 and "more problems" in res.stdout
    assert cpu <= BUDGET_CPU_S and mb <= BUDGET_MB, (cpu, mb)


def test_budget_playing_the_biggest_valid_level(worst_files, data_dir: Path):
    assert run_cli("levels", "check", str(worst_files["big_level"])).returncode == 0
    res, cpu, mb = run_measured("play", str(worst_files["big_level"]), "--events", str(worst_files["big_events"]),
                                "--headless", data_dir=data_dir)
    assert res.returncode == 0, res.stderr
    assert cpu <= BUDGET_CPU_S and mb <= BUDGET_MB, (cpu, mb)


@pytest.mark.parametrize("command", ["score", "play", "screenshot"])
def test_budget_the_most_events_allowed(worst_files, data_dir: Path, tmp_path: Path, command: str):
    level, events = str(worst_files["level"]), str(worst_files["scribble"])
    args = {"score": ("score", level, events),
            "play": ("play", level, "--events", events, "--headless"),
            "screenshot": ("screenshot", level, "--events", events, "--out", str(tmp_path / "s.png"))}[command]
    res, cpu, mb = run_measured(*args, data_dir=data_dir)
    assert res.returncode == 0, res.stderr
    assert cpu <= BUDGET_CPU_S and mb <= BUDGET_MB, (cpu, mb)


def test_budget_a_tap_at_the_end_of_the_longest_drums_level(worst_files, data_dir: Path):
    res, cpu, mb = run_measured("play", str(worst_files["long_drums"]), "--events", str(worst_files["late_tap"]),
                                "--headless", data_dir=data_dir)
    assert res.returncode == 0 and json.loads(res.stdout)["status"] == "finished", res.stderr
    assert cpu <= BUDGET_CPU_S and mb <= BUDGET_MB, (cpu, mb)


def test_headless_runs_draw_no_frames_but_the_picture(tmp_path: Path, data_dir: Path):
    """The virtual clock skips drawing: 600 s of play is updates only, and the screenshot is drawn once."""
    from game.app import run_virtual
    from game.records.db import Database
    from game.scenes.base import Scene

    draws: list[float] = []

    class Idle(Scene):
        def draw(self, surface) -> None:
            draws.append(1.0)

    db = Database.open(data_dir)
    try:
        run_virtual(lambda ctx: Idle(ctx), db, _NoInput(), until=600.0, shot=tmp_path / "s.png")
    finally:
        db.close()
    assert len(draws) == 1 and (tmp_path / "s.png").exists()


class _NoInput:
    def poll(self, now: float, scene: object) -> list:
        return []



def test_a_live_attempt_ends_when_it_holds_as_many_events_as_a_file_may(ctx, monkeypatch):
    """Every recorded attempt can be scored again from its events file: live play stops at the same limit."""
    import game.scenes.play as play
    from game.input import InputEvent
    from game.levels.loader import load_level
    from game.scenes.levels import play_scene

    monkeypatch.setattr(play, "MAX_EVENTS", 50)
    ctx.screen_size = lambda: (1280, 720)   # no window in this test
    child = ctx.db.get_or_add_child("Ada")
    scene = play_scene(ctx, child, [load_level(ROOT / "levels" / "tracing" / "01_go_right.toml")], 0, "never")
    scene.enter(0.0)
    scene.handle(InputEvent(0.1, "pointer_down", x=240, y=340, device="mouse"), 0.1)
    k = 0
    while scene.attempt_origin is not None and k < 200:
        k += 1
        scene.handle(InputEvent(0.1 + k * 0.01, "pointer_move", x=240 + (k % 2), y=340, device="mouse"), 0.1 + k * 0.01)
    assert len(scene.events) == 50 and k == 50
    (row,) = list(ctx.db.attempts("Ada"))
    assert row.status == "finished" and row.events.count("\n") == 50
