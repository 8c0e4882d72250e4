"""Show, don't tell (issue 12): each game's demonstration, the helping hand, the real loop, and the
celebration between tries."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from game.app import run_virtual
from game.demonstration import Key, hand_keys, hands_at, press_started, shows_demo
from game.events import Event
from game.games import GAMES
from game.input import InputEvent
from game.levels.loader import discover, level_ref, load_level
from game.paths import levels_dir
from game.records.db import Database

ROOT = Path(__file__).resolve().parent.parent


def shipped(game: str):
    return [e.loaded for e in discover(levels_dir(game)) if e.loaded is not None]


# --- each game's demonstration is a good start, by the game's own rules ---------------------------

@pytest.mark.parametrize("loaded", shipped("tracing"), ids=lambda lv: lv.title)
def test_the_tracing_demonstration_follows_the_first_part_of_the_road(loaded):
    from game.games.tracing.rules import play_through

    demo = GAMES["tracing"].demo(loaded)
    spec = loaded.level.tracing
    result = play_through(loaded.level.template, spec.tolerance, spec.time_limit_s, demo.events)
    assert result.events == list(demo.events)          # every event counts: the round did not end first
    from game.games.tracing.rules import TracingRound

    rnd = TracingRound(loaded.level.template, spec.tolerance, spec.time_limit_s)
    for ev in demo.events:
        rnd.feed(ev)
    from game.games.tracing.demo import SHOW_LENGTH, SHOW_SHARE

    first = loaded.level.template[0]
    length = float(np.hypot(*np.diff(first, axis=0).T).sum())
    shown = min(SHOW_SHARE, SHOW_LENGTH / length)                # the part the demonstration means to trace
    assert 0.8 * shown < rnd.stroke_fraction(0) <= shown + 0.05 or (rnd.stroke > 0 and not rnd.completed)
    assert not result.completed                        # the child does the rest
    assert [e.type for e in demo.events][::len(demo.events) - 1] == ["down", "up"]
    assert demo.start_s == 0.0 and demo.length_s <= 4.5


@pytest.mark.parametrize("loaded", shipped("catching"), ids=lambda lv: lv.title)
def test_the_catching_demonstration_catches_the_first_fruit(loaded):
    from game.games.catching.rules import play_through, schedule

    demo = GAMES["catching"].demo(loaded)
    first = min((f for f in schedule(loaded.level.catching) if not f.distractor), key=lambda f: f.cross_t)
    result = play_through(loaded.level.catching, demo.events, stopped_at_s=demo.end_s)
    caught = {o.flight.index: o.caught for o in result.outcomes}
    assert caught[first.index] is True
    assert demo.start_s <= first.spawn_t + first.flight_s < demo.end_s
    assert demo.length_s <= 4.5


@pytest.mark.parametrize("loaded", shipped("tapping"), ids=lambda lv: lv.title)
def test_the_drums_demonstration_hits_the_first_drums_on_the_beat(loaded):
    from game.games.tapping.rules import match_taps

    demo = GAMES["tapping"].demo(loaded)
    match = match_taps(loaded.level.tapping, demo.events)
    assert len(demo.events) >= 1 and len(match.hits) == len(demo.events)      # every tap hit its beat
    assert not match.wrong_hand and not match.extra
    for (beat, _hand), tap in match.hits.items():
        assert match.taps[tap].t == pytest.approx(match.beats[beat].t)         # right on it
    assert demo.length_s <= 4.8


@pytest.mark.parametrize("loaded", shipped("pegs"), ids=lambda lv: lv.title)
def test_the_pegs_demonstration_puts_the_first_peg_in_its_hole(loaded):
    from game.games.pegs.rules import play_through

    demo = GAMES["pegs"].demo(loaded)
    result = play_through(loaded.level.pegs, demo.events)
    (carry,) = result.round.carries
    assert carry.placed and result.round.done_count == 1
    assert demo.length_s <= 4.5


@pytest.mark.parametrize("name", list(GAMES))
def test_every_game_gives_a_demonstration_that_scores_without_complaint(name):
    loaded = shipped(name)[0]
    demo = GAMES[name].demo(loaded)
    assert demo.events and demo.start_s < demo.events[0].t <= demo.events[-1].t < demo.end_s
    assert GAMES[name].events_problem(loaded, list(demo.events)) is None
    GAMES[name].score(loaded, list(demo.events))


# --- the helping hand ------------------------------------------------------------------------------

def test_the_hand_follows_pointer_events_and_presses_between_down_and_up():
    events = [Event(1.0, "down", x=100, y=200), Event(2.0, "move", x=300, y=200), Event(3.0, "up", x=300, y=400)]
    keys = hand_keys(events, lambda ev: None)
    rest = {0: (1000.0, 900.0)}
    assert hands_at(keys, 0.2, rest.get) == []                                  # not in yet
    (coming,) = hands_at(keys, 0.65, rest.get)                                  # gliding in, half way
    assert (coming.x, coming.y, coming.pressed) == (550.0, 550.0, False)
    (mid,) = hands_at(keys, 1.5, rest.get)
    assert (mid.x, mid.y, mid.pressed) == (200.0, 200.0, True)
    (last,) = hands_at(keys, 9.0, rest.get)
    assert (last.x, last.y, last.pressed) == (300.0, 400.0, False)
    assert press_started(keys, 0, 2.5) == 1.0 and press_started(keys, 0, 0.9) is None


def test_taps_get_their_own_hands_placed_by_the_scene():
    events = [Event(1.0, "tap", side="left"), Event(2.0, "tap", side="right")]
    keys = hand_keys(events, lambda ev: (1, 100.0, 300.0) if ev.side == "left" else (0, 900.0, 300.0))
    assert {k.hand for k in keys} == {0, 1}
    at_beat = {k.hand: k for k in hands_at(keys, 1.0, lambda hand: (0.0, 800.0))}
    assert at_beat[1] == Key(1.0, 1, 100.0, 300.0, True)                        # left hand down on its drum
    assert 0 not in at_beat                                                     # the right hand is not in yet
    (right,) = [k for k in hands_at(keys, 1.5, lambda hand: (1000.0, 800.0)) if k.hand == 0]
    assert right.pressed is False and 900.0 < right.x < 1000.0 and 300.0 < right.y < 800.0   # on its way


def test_demo_modes():
    assert shows_demo("always", True) and shows_demo("first", False)
    assert not shows_demo("first", True) and not shows_demo("never", False)


# --- the real loop -----------------------------------------------------------------------------------

class Probe:
    """Input at fixed moments, and what the play scene was doing at every loop turn."""

    def __init__(self, items: list[InputEvent]):
        self.items = sorted(items, key=lambda ev: ev.t)
        self.turns: list[tuple[float, bool, float | None, int, bool]] = []
        self.scene = None

    def poll(self, now: float, scene) -> list[InputEvent]:
        self.scene = scene
        self.turns.append((now, getattr(scene, "showing_demo", False), getattr(scene, "attempt_origin", None),
                           getattr(scene, "attempt_no", 0), getattr(scene, "interlude_until", None) is not None))
        out = []
        while self.items and self.items[0].t <= now:
            out.append(self.items.pop(0))
        return out

    def demo_times(self) -> list[float]:
        return [t for t, showing, *_ in self.turns if showing]


def tap(t: float, x: float = 640, y: float = 600) -> list[InputEvent]:
    return [InputEvent(t, "pointer_down", x, y, 0, "mouse"), InputEvent(t + 0.05, "pointer_up", x, y, 0, "mouse")]


def play(db: Database, name: str, level: Path, items: list[InputEvent], until: float, mode: str = "first") -> Probe:
    from game.scenes.levels import play_scene

    child = db.get_or_add_child(name)
    probe = Probe(items)
    run_virtual(lambda ctx: play_scene(ctx, child, [load_level(level)], 0, mode), db, probe, until=until)
    return probe


GO_RIGHT = ROOT / "levels" / "tracing" / "01_go_right.toml"


def test_the_demonstration_plays_first_and_a_press_skips_it_recording_nothing(data_dir: Path):
    db = Database.open(data_dir)
    probe = play(db, "Ava", GO_RIGHT, tap(1.2), until=2.0)
    shown = probe.demo_times()
    assert shown and min(shown) < 0.05 and 1.15 < max(shown) < 1.21            # from the start until the press
    first_attempt = [(t, origin) for t, showing, origin, no, _ in probe.turns if no == 1 and not showing]
    assert first_attempt[0][1] == pytest.approx(1.2, abs=0.01)                  # the attempt's clock starts there
    (row,) = list(db.attempts("Ava"))       # closed at 2.0: only the attempt is stored, and it holds nothing
    assert row.status == "abandoned" and row.events == ""                       # not the demonstration's trace
    assert row.metrics["path_length"] == 0


def test_a_demonstration_left_alone_plays_to_its_end_then_the_attempt_starts(data_dir: Path):
    db = Database.open(data_dir)
    demo = GAMES["tracing"].demo(load_level(GO_RIGHT))
    probe = play(db, "Ava", GO_RIGHT, [], until=demo.length_s + 1.0)
    assert max(probe.demo_times()) == pytest.approx(demo.length_s, abs=0.01)
    _, showing, origin, no, _ = probe.turns[-1]
    assert not showing and no == 1 and origin == pytest.approx(demo.length_s, abs=0.01)
    (row,) = list(db.attempts("Ava"))                                          # closed a second into the attempt
    assert row.status == "abandoned" and row.events == ""                       # none of the demonstration's events


def test_first_shows_it_until_the_child_has_played_the_level_always_and_never_do_as_they_say(data_dir: Path):
    db = Database.open(data_dir)
    assert play(db, "Ava", GO_RIGHT, [], until=0.5).demo_times()                # new to Ava
    child = db.find_child("Ava")
    assert not db.has_played(child.id, level_ref(GO_RIGHT), "")                 # a demonstration is no attempt
    assert not play(db, "Bo", GO_RIGHT, [], until=0.5, mode="never").demo_times()
    assert play(db, "Ava", GO_RIGHT, tap(0.4), until=0.6).demo_times()         # skipped; the attempt was stopped
    # Ava has an attempt at the level now (stopped when the loop closed): from now on no demonstration
    assert db.has_played(child.id, level_ref(GO_RIGHT), "")
    assert not play(db, "Ava", GO_RIGHT, [], until=0.5).demo_times()
    assert play(db, "Ava", GO_RIGHT, [], until=0.5, mode="always").demo_times()
    assert not db.has_played(child.id, "tracing/02_go_down.toml", "no such text")


def test_headless_play_and_screenshots_never_show_it(data_dir: Path, tmp_path: Path):
    from game.headless import play_headless

    db = Database.open(data_dir)
    loaded = load_level(GO_RIGHT)
    events = GAMES["tracing"].example(loaded)
    assert play_headless(db, db.get_or_add_child("Cy"), loaded, events) == 1
    (row,) = list(db.attempts("Cy"))
    assert row.status == "finished" and row.metrics["completed"] is True


def test_each_games_scene_shows_its_demonstration_with_the_games_own_drawing(data_dir: Path):
    """Played through the real scene: the first fruit is caught, drums are hit, a peg goes in, the road is traced."""
    db = Database.open(data_dir)
    levels = {"tracing": GO_RIGHT, "catching": ROOT / "levels" / "catching" / "01_apple_rain.toml",
              "tapping": ROOT / "levels" / "tapping" / "04_alternate_slow.toml",
              "pegs": ROOT / "levels" / "pegs" / "01_three_friends.toml"}
    for name, path in levels.items():
        demo = GAMES[name].demo(load_level(path))
        probe = play(db, f"Kid {name}", path, [], until=demo.length_s - 0.05)
        scene = probe.scene
        assert scene.showing_demo and scene.attempt_no == 0
        assert len(scene.events) == len(demo.events)                           # every event went through the scene
        assert not list(db.attempts(f"Kid {name}"))                             # and nothing was stored


# --- between tries -------------------------------------------------------------------------------------

def test_between_tries_a_celebration_that_a_press_ends(data_dir: Path, tmp_path: Path):
    text = GO_RIGHT.read_text(encoding="utf-8").replace('title = "Go right"', 'title = "Go right"\nattempts = 3')
    level = tmp_path / "three_tries.toml"
    level.write_text(text, encoding="utf-8")
    loaded = load_level(level)
    trace = [InputEvent(e.t + 0.5, {"down": "pointer_down", "move": "pointer_move", "up": "pointer_up"}[e.type],
                        e.x, e.y, 0, "mouse", pressed=e.type != "up") for e in GAMES["tracing"].example(loaded)]
    done = trace[-1].t
    db = Database.open(data_dir)
    probe = play(db, "Ava", level, trace + tap(done + 1.5), until=done + 2.0, mode="never")
    waiting = [t for t, _, _, no, interlude in probe.turns if interlude]
    assert waiting and min(waiting) < done + 0.05                             # the first try ended: celebration
    assert max(waiting) == pytest.approx(done + 1.5, abs=0.01)                 # ...until the press
    assert probe.scene.attempt_no == 2                                         # try 2 of 3 began
    rows = list(db.attempts("Ava"))
    assert [r.status for r in rows] == ["finished", "abandoned"] and rows[1].events == ""


def test_a_celebration_left_alone_lasts_a_few_seconds(data_dir: Path, tmp_path: Path):
    from game.scenes.play import INTERLUDE_S

    text = GO_RIGHT.read_text(encoding="utf-8").replace('title = "Go right"', 'title = "Go right"\nattempts = 2')
    level = tmp_path / "two_tries.toml"
    level.write_text(text, encoding="utf-8")
    trace = [InputEvent(e.t + 0.5, {"down": "pointer_down", "move": "pointer_move", "up": "pointer_up"}[e.type],
                        e.x, e.y, 0, "mouse", pressed=e.type != "up") for e in GAMES["tracing"].example(load_level(level))]
    done = trace[-1].t
    probe = play(Database.open(data_dir), "Ava", level, trace, until=done + INTERLUDE_S + 0.5, mode="never")
    waiting = [t for t, _, _, no, interlude in probe.turns if interlude]
    assert max(waiting) - min(waiting) == pytest.approx(INTERLUDE_S, abs=0.02) and INTERLUDE_S >= 2.0
    assert probe.scene.attempt_no == 2


# --- pictures for words ---------------------------------------------------------------------------------

def _pixels(path: Path):
    import pygame

    img = pygame.image.load(str(path))
    return img, {tuple(img.get_at((x, y)))[:3] for x in range(0, img.get_width(), 2) for y in range(0, img.get_height(), 2)}


def test_screenshot_demo_at_shows_the_helping_hand_on_the_level(data_dir: Path, tmp_path: Path):
    from game.cli import main
    from game.ui.hand import CUFF, SKIN

    shot, plain = tmp_path / "demo.png", tmp_path / "plain.png"
    assert main(["screenshot", str(GO_RIGHT), "--demo-at", "1.6", "--out", str(shot), "--data-dir", str(data_dir)]) == 0
    assert main(["screenshot", str(GO_RIGHT), "--at", "1.6", "--out", str(plain), "--data-dir", str(data_dir)]) == 0
    _, seen = _pixels(shot)
    _, without = _pixels(plain)
    def near(color, colors) -> int:
        return sum(1 for c in colors if max(abs(a - b) for a, b in zip(c, color)) <= 4)

    assert near(SKIN, seen) and near(CUFF, seen) and not near(SKIN, without)
    from game.ui.theme import TRAIL_IN

    assert TRAIL_IN in seen and TRAIL_IN not in without        # the game's own drawing: the trace it made


def test_the_pause_screen_shows_the_pause_sign_beside_its_word(data_dir: Path, tmp_path: Path):
    import pygame

    from game.cli import main
    from game.ui.theme import OI_BLUE

    out = tmp_path / "pause.png"
    assert main(["screenshot", "pause", "--out", str(out), "--data-dir", str(data_dir)]) == 0
    img = pygame.image.load(str(out))
    badge = [(x, y) for x in range(380, 640, 2) for y in range(100, 200, 2) if tuple(img.get_at((x, y)))[:3] == OI_BLUE]
    assert len(badge) > 100     # the two bars, in the paused screen's own blue, left of "Paused"


def test_the_results_screen_lights_the_button_its_warm_word_points_to():
    from game.scenes.results import ResultsScene

    def suggested(stars: int, completed: bool, levels: int) -> str | None:
        scene = ResultsScene.__new__(ResultsScene)      # only what `suggested` reads
        scene.stars, scene.index, scene.playlist = stars, 0, [None] * levels
        return scene.suggested(completed)

    assert suggested(1, True, 2) == "again" and suggested(3, False, 2) == "again"
    assert suggested(2, True, 2) == "next" and suggested(3, True, 1) is None
