"""Motor access options (issue 12): stored per child, used by every child screen, recorded with every attempt,
and changing what is measured as little as possible.

The loop tests drive the real app loop (game.app.run_virtual) with live-like input (key, mouse) at given
virtual times, as tests/test_press_guard.py does.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from game.app import NoInput, run_virtual
from game.events import Event
from game.games import GAMES
from game.games.catching.rules import schedule
from game.games.pegs.level import hole_positions, tray_positions
from game.games.tapping.rules import beat_schedule
from game.headless import _demo_results, play_headless, screenshot
from game.input import InputEvent
from game.levels.loader import discover, load_level
from game.paths import levels_dir
from game.records.access import (
    AccessOptions,
    access_options,
    picker_options,
    set_access_options,
)
from game.records.attempts import scoring_options
from game.records.db import Database
from game.scenes.children import ChildrenScene
from game.scenes.levels import PER_PAGE, play_scene
from game.scenes.play import level_for_hand
from game.ui import theme
from game.window import canvas_rect
from tests.builders import ROOT, near, pixels, run_cli
from tests.pegs_builders import carry

CARD_CENTRE = (526, 265)   # the first child's card on "Who is playing?" (one child: two cards in a row)
CARD_LEFT = 426            # its left edge


def first_level(game: str):
    return next(e.loaded for e in discover(levels_dir(game)) if e.loaded is not None)


def press(t: float, action: str = "confirm", hold: float = 0.1) -> list[InputEvent]:
    """The switch (Space: the "confirm" action) pressed at t and let go `hold` later."""
    return [InputEvent(t, "action", device="key", action=action),
            InputEvent(t + hold, "action", device="key", action=action, pressed=False)]


def click(t: float, x: float, y: float, hold: float = 0.05) -> list[InputEvent]:
    return [InputEvent(t, "pointer_down", x, y, 0, "mouse"), InputEvent(t + hold, "pointer_up", x, y, 0, "mouse")]


class Timeline:
    """Input at fixed moments of the virtual clock; remembers each scene that came on top, and when."""

    def __init__(self, events: list[InputEvent]):
        self.events = sorted(events, key=lambda e: e.t)
        self.tops: list[tuple[float, object]] = []

    def poll(self, now: float, scene: object) -> list[InputEvent]:
        if not self.tops or self.tops[-1][1] is not scene:
            self.tops.append((now, scene))
        out = []
        while self.events and self.events[0].t <= now:
            out.append(self.events.pop(0))
        return out

    @property
    def names(self) -> list[str]:
        return [type(s).__name__ for _, s in self.tops]

    def when(self, name: str) -> float:
        return next(t for t, s in self.tops if type(s).__name__ == name)


@pytest.fixture
def db(data_dir: Path):
    database = Database.open(data_dir)
    yield database
    database.close()


def child_with(db: Database, **options):
    child = db.get_or_add_child("Ava", "fox")
    set_access_options(db, child.id, AccessOptions(**options))
    return child


# --- the options and their records --------------------------------------------------------------

def test_the_defaults_change_nothing_and_every_wrong_value_is_one_line_naming_it():
    o = AccessOptions()
    assert (o.switch, o.larger_targets, o.hold, o.reduced_motion, o.mute, o.hand, o.demo) == \
        (False, False, False, False, False, "either", "first")
    assert o.target_scale == 1.0 and o.words() == "none: MotorPlay as it comes"
    cases = {"switch_scan=0.5": "switch_scan: must be from 0.8 to 4 seconds (got 0.5)",
             "hold_s=2.5": "hold_s: must be from 0.3 to 2 seconds (got 2.5)",
             "effects_volume=120": "effects_volume: must be a whole number from 0 to 100 per cent (got 120)",
             "metronome_volume=x": "metronome_volume=x: must be a whole number of per cent from 0 to 100",
             "hand=up": "hand: must be one of either, left, right (got 'up')",
             "demo": "demo: needs a value, e.g. demo=never",
             "mute=perhaps": "mute=perhaps: must be true or false (or just the name for true)"}
    for text, words in cases.items():
        with pytest.raises(ValueError) as err:
            o.with_option(text)
        assert str(err.value) == words and "\n" not in str(err.value)
    with pytest.raises(ValueError, match="^speed: not an access option; the options are switch, switch_scan"):
        o.changed(speed=2)


def test_an_option_as_typed_after_option():
    o = AccessOptions().with_option("switch_scan=2.5").with_option("larger-targets").with_option("hold_s=1.2")
    assert (o.switch, o.switch_scan, o.larger_targets, o.hold, o.hold_s) == (True, 2.5, True, True, 1.2)
    o = o.with_option("hold=off").with_option("hand=LEFT").with_option("demo=never").with_option("mute")
    assert (o.hold, o.hand, o.demo, o.mute) == (False, "left", "never", True)
    assert o.words() == "switch, 2.5 s scan, larger targets, muted, left hand, demonstration never"


def test_stored_options_read_back_forgivingly():
    """A value from a damaged row, or a name from a newer MotorPlay, never stops the records opening."""
    got = AccessOptions.from_dict({"switch": True, "switch_scan": 99, "hand": "right", "wings": 2, "mute": "yes"})
    assert got == AccessOptions(switch=True, hand="right")


def test_the_picker_is_as_usable_as_the_neediest_child_listed_needs():
    mix = picker_options([AccessOptions(switch=True, switch_scan=1.2), AccessOptions(switch=True, switch_scan=2.0),
                          AccessOptions(hold=True, hold_s=0.5, effects_volume=10), AccessOptions(larger_targets=True)])
    assert (mix.switch, mix.switch_scan, mix.hold, mix.hold_s, mix.larger_targets) == (True, 2.0, True, 0.5, True)
    assert (mix.reduced_motion, mix.effects_volume, mix.hand) == (False, 100, "either")
    assert picker_options([]) == AccessOptions()


def test_options_are_kept_per_child_with_the_time_of_their_last_change(db):
    ava, ben = db.get_or_add_child("Ava", "fox"), db.get_or_add_child("Ben", "owl")
    assert access_options(db, ava.id) == AccessOptions() and db.child_options(ava.id) is None
    set_access_options(db, ava.id, AccessOptions(reduced_motion=True), changed_at="2026-01-05T10:00:00.000+00:00")
    assert access_options(db, ava.id) == AccessOptions(reduced_motion=True)
    assert db.child_options(ava.id).changed_at == "2026-01-05T10:00:00.000+00:00"
    assert access_options(db, ben.id) == AccessOptions()
    set_access_options(db, ava.id, AccessOptions(hand="left"))
    assert access_options(db, ava.id) == AccessOptions(hand="left")
    assert db.child_options(ava.id).changed_at > "2026-01-05T10:00:00.000+00:00"


def test_migration_4_adds_the_options_table_to_an_old_records_file(data_dir: Path):
    import shutil
    import sqlite3

    shutil.copyfile(ROOT / "tests" / "fixtures" / "records_v1" / "motorplay.db", data_dir / "motorplay.db")
    conn = sqlite3.connect(data_dir / "motorplay.db")
    assert conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'child_options'").fetchone() is None
    conn.close()
    database = Database.open(data_dir)
    try:
        cols = [r[1] for r in database.conn.execute("PRAGMA table_info(child_options)")]
        assert cols[:3] == ["child_id", "options", "changed_at"]   # (and, from version 7, uid and origin)
        child = database.children()[0]
        assert access_options(database, child.id) == AccessOptions()
    finally:
        database.close()


# --- one switch, in the real loop ------------------------------------------------------------------

def test_one_switch_takes_a_child_from_the_children_screen_to_a_finished_attempt_and_back(db):
    """Only Space, at given times: the scan (1 s a choice) starts at the first choice whenever a screen comes on
    top, so the k-th choice is highlighted from k to k+1 s after it; each press falls half-way through."""
    ava = child_with(db, switch=True, switch_scan=1.0)
    # The game whose first level ends soonest by itself (so one switch can finish it, doing nothing).
    game = min((g for g in GAMES if first_level(g).level.attempts == 1),
               key=lambda g: GAMES[g].longest_attempt_s(first_level(g).level))
    length = GAMES[game].longest_attempt_s(first_level(game).level)
    assert length < 60
    levels_on_page = min(PER_PAGE, sum(1 for e in discover(levels_dir(game)) if e.loaded is not None))
    events: list[InputEvent] = []
    t = 0.5
    events += press(t)                                   # children: Ava, the first choice
    t += list(GAMES).index(game) + 0.5
    events += press(t)                                   # games: the game's tile
    t += 0.5
    events += press(t)                                   # levels: level 1, the first card
    t += 1.0
    events += press(t)                                   # its demonstration (the first play): the switch skips it
    play_start = t
    t += length + 0.5
    events += press(t)                                   # results: home (back to the levels), the first choice
    t += levels_on_page + 0.5
    events += press(t)                                   # levels: the home button, after the cards
    t += len(GAMES) + 0.5
    events += press(t)                                   # games: the home button, after the tiles
    timeline = Timeline(events)
    run_virtual(ChildrenScene, db, timeline, until=t + 1.0)

    scene = GAMES[game].scene.split(":")[1]
    assert timeline.names == ["ChildrenScene", "GamesScene", "LevelsScene", scene, "ResultsScene", "LevelsScene",
                              "GamesScene", "ChildrenScene"]
    from game.scenes.levels import scene_class

    delay = scene_class(game).clock_delay_s            # drums: the click stream starts before the attempt's clock
    assert timeline.when("ResultsScene") == pytest.approx(play_start + delay + length, abs=0.02)
    rows = list(db.attempts("Ava"))
    assert [(r.game, r.status) for r in rows] == [(game, "finished")]
    assert rows[0].settings["access"] == access_options(db, ava.id).to_dict()
    assert rows[0].settings["access"]["switch"] is True


def test_a_short_tap_does_nothing_when_a_choice_needs_a_hold(db):
    child_with(db, hold=True, hold_s=0.8)
    events = click(0.5, *CARD_CENTRE)                              # a tap: nothing
    events += [InputEvent(1.5, "pointer_down", *CARD_CENTRE, 0, "mouse"),     # held, then slid away: nothing
               InputEvent(2.0, "pointer_move", 900, 600, 0, "mouse", pressed=True),
               InputEvent(2.6, "pointer_up", 900, 600, 0, "mouse")]
    events += click(3.0, *CARD_CENTRE, hold=1.0)                   # held 1 s: picked after 0.8 s
    timeline = Timeline(events)
    run_virtual(ChildrenScene, db, timeline, until=4.5)
    assert timeline.names == ["ChildrenScene", "GamesScene"]
    assert timeline.when("GamesScene") == pytest.approx(3.8, abs=0.02)


def test_with_a_switch_and_a_hold_only_a_long_enough_press_picks(db):
    child_with(db, switch=True, switch_scan=1.5, hold=True, hold_s=0.8)
    timeline = Timeline(press(0.5, hold=0.3) + press(1.2, hold=1.2))
    run_virtual(ChildrenScene, db, timeline, until=3.0)
    assert timeline.names == ["ChildrenScene", "GamesScene"]
    assert timeline.when("GamesScene") == pytest.approx(2.0, abs=0.02)
    assert timeline.tops[-1][1].child.name == "Ava"      # the highlighted choice stayed put while held


def test_a_mouse_button_away_from_the_choices_is_the_switch_but_a_click_on_one_picks_that_one(db):
    child_with(db, switch=True, switch_scan=1.0)
    db.get_or_add_child("Ben", "owl")
    # at 1.5 s the scan is on the second card (Ben); a click in an empty corner picks it
    timeline = Timeline(click(1.5, 100, 600))
    run_virtual(ChildrenScene, db, timeline, until=2.5)
    assert timeline.names == ["ChildrenScene", "GamesScene"] and timeline.tops[-1][1].child.name == "Ben"
    # a click on Ava's card while Ben is highlighted picks Ava
    timeline = Timeline(click(1.5, 412, 265))
    run_virtual(ChildrenScene, db, timeline, until=2.5)
    assert timeline.tops[-1][1].child.name == "Ava"


def test_catching_plays_with_two_switches_and_one_more_press_pauses(db):
    ava = child_with(db, switch=True, switch_scan=1.0, demo="never")   # straight into play
    loaded = first_level("catching")
    events = [InputEvent(0.5, "action", device="key", action="left"),
              InputEvent(1.5, "action", device="key", action="left", pressed=False),
              InputEvent(1.7, "action", device="key", action="right"),
              InputEvent(2.2, "action", device="key", action="right", pressed=False)]
    events += press(2.5)              # the play screen's one choice: pause
    events += press(4.0)              # pause: Play is highlighted 2.5-3.5, Stop 3.5-4.5
    timeline = Timeline(events)
    run_virtual(lambda ctx: play_scene(ctx, ava, [loaded], 0), db, timeline, until=5.0)
    assert timeline.names == ["CatchingScene", "PauseScene"]
    (row,) = list(db.attempts("Ava"))
    keys = [(e["key"], e["pressed"]) for e in map(__import__("json").loads, row.events.splitlines())]
    assert row.status == "abandoned" and keys == [("left", True), ("left", False), ("right", True), ("right", False)]


def test_each_childs_volumes_follow_the_screens_they_are_on(db):
    child_with(db, effects_volume=40, metronome_volume=70)
    ctx = run_virtual(ChildrenScene, db, Timeline(click(0.5, *CARD_CENTRE)), until=1.0)
    assert ctx.sounds.volumes == {"effects": 0.4, "metronome": 0.7}
    assert ctx.sounds.volume_for("click") == 0.7 and ctx.sounds.volume_for("chime") == 0.4
    ctx = run_virtual(ChildrenScene, db, NoInput(), until=0.5)     # "Who is playing?" is nobody's in particular
    assert ctx.sounds.volumes == {"effects": 1.0, "metronome": 1.0}
    set_access_options(db, db.find_child("Ava").id, AccessOptions(mute=True, effects_volume=40))
    ctx = run_virtual(ChildrenScene, db, Timeline(click(0.5, *CARD_CENTRE)), until=1.0)
    assert ctx.sounds.volumes == {"effects": 0.0, "metronome": 0.0}


# --- what is measured ---------------------------------------------------------------------------------

def play_events(game: str, loaded) -> list[Event]:
    """An ordinary attempt at a level, for each game."""
    if GAMES[game].example is not None:
        return GAMES[game].example(loaded)
    if game == "catching":
        return [Event(0.5, "key", key="left", pressed=True), Event(1.4, "key", key="left", pressed=False)]
    if game == "tapping":
        return [Event(round(b.t + 0.03, 6), "tap", side="left" if "L" in b.hands else "right")
                for b in beat_schedule(loaded.level.tapping) if b.hands]
    spec = loaded.level.pegs
    return carry(0.5, tray_positions(spec)[0], hole_positions(spec)[0])


@pytest.mark.parametrize("game", list(GAMES))
def test_every_option_but_the_hand_leaves_the_numbers_as_they_were(db, game: str):
    loaded = first_level(game)
    events = play_events(game, loaded)
    ava = db.get_or_add_child("Ava", "fox")
    play_headless(db, ava, loaded, events)
    set_access_options(db, ava.id, AccessOptions(switch=True, switch_scan=0.8, larger_targets=True, hold=True,
                                                 hold_s=2.0, reduced_motion=True, effects_volume=0, mute=True,
                                                 demo="never"))
    play_headless(db, ava, loaded, events)
    plain, helped = [r for r in db.attempts("Ava") if r.attempt_no == 1][:2]
    assert helped.metrics == plain.metrics and helped.stars == plain.stars
    assert helped.level_sha256 == plain.level_sha256 and helped.difficulty == plain.difficulty
    assert scoring_options(helped.settings) == scoring_options(plain.settings)
    assert plain.settings["access"] == AccessOptions().to_dict()
    assert helped.settings["access"]["larger_targets"] is True and helped.settings["access"]["mute"] is True


def test_the_hand_turns_drum_patterns_to_start_with_that_hand():
    def pattern(text: str, hand: str) -> str:
        loaded = load_level(ROOT / "levels" / "tapping" / "04_alternate_slow.toml")
        loaded = level_for_hand(_with_pattern(loaded, text), hand)
        return loaded.level.tapping.pattern

    assert pattern("alternate", "right") == "RL" and pattern("alternate", "left") == "alternate"
    assert pattern("left", "right") == "right" and pattern("right", "left") == "left"
    assert pattern("both", "right") == "both" and pattern("B-LLR", "right") == "B-RRL"
    assert pattern("RL", "left") == "alternate"


def _with_pattern(loaded, text: str):
    from game.levels.rewrite import with_fields

    return with_fields(loaded.text, {"tapping.pattern": text}, str(loaded.path))


@pytest.mark.parametrize("game", ["pegs", "tapping"])
@pytest.mark.parametrize("hand", ["left", "right"])
def test_every_shipped_level_turns_to_either_hand_and_stays_valid(game: str, hand: str):
    for entry in discover(levels_dir(game)):
        turned = level_for_hand(entry.loaded, hand)
        assert turned.path == entry.loaded.path
        if game == "pegs":   # the tray on that hand's side; mirrored, so every distance is the same
            xs = [x for x, _ in tray_positions(turned.level.pegs)]
            assert (sum(xs) / len(xs) < 640) == (hand == "left")
            before = GAMES[game].difficulty(entry.loaded.level)
            after = GAMES[game].difficulty(turned.level)
            assert after["mean_reach"] == pytest.approx(before["mean_reach"])
            assert after["hole_radius"] == before["hole_radius"]


def test_a_pegs_level_with_its_own_tray_is_mirrored_whole():
    loaded = load_level(ROOT / "levels" / "pegs" / "01_three_friends.toml")
    spec = level_for_hand(loaded, "right").level.pegs
    assert spec.tray == ((1060, 260), (1060, 420), (1060, 580))
    assert [(1280 - x, y) for x, y in hole_positions(loaded.level.pegs)] == hole_positions(spec)
    assert level_for_hand(loaded, "left") is loaded and level_for_hand(loaded, "either") is loaded


def test_a_left_handed_child_plays_and_records_the_turned_level(db):
    ava = child_with(db, hand="right")
    loaded = load_level(ROOT / "levels" / "tapping" / "04_alternate_slow.toml")
    beats = beat_schedule(level_for_hand(loaded, "right").level.tapping)
    taps = [Event(round(b.t, 6), "tap", side="left" if b.hands == "L" else "right") for b in beats if b.hands]
    assert taps[0].side == "right"
    play_headless(db, ava, loaded, taps)
    row = list(db.attempts("Ava"))[0]
    assert 'pattern = "RL"' in row.level_text and row.level_path.endswith("04_alternate_slow.toml")
    assert row.metrics["accuracy_pct"] == 100.0 and row.settings["access"]["hand"] == "right"


# --- the screens, by their pixels --------------------------------------------------------------------

def window_xy(window: tuple[int, int], x: float, y: float) -> tuple[int, int]:
    """Where a canvas point shows in a window of this size (scaled to fit, letterboxed)."""
    ox, oy, w, _h = canvas_rect(window, theme.CANVAS_SIZE)
    scale = w / theme.CANVAS_SIZE[0]
    return round(ox + x * scale), round(oy + y * scale)


@pytest.mark.parametrize("window", [None, (800, 450), (1024, 600), (1920, 1080)])
def test_the_scan_highlight_shows_at_every_window_size(db, tmp_path: Path, window):
    db.get_or_add_child("Ava", "fox")
    out = tmp_path / "scan.png"
    screenshot(db, "children", out, window=window, options=["switch_scan=2"])
    img = pixels(out)
    x, y = (CARD_LEFT - 7, CARD_CENTRE[1]) if window is None else window_xy(window, CARD_LEFT - 7, CARD_CENTRE[1])
    assert near(img[y, x], theme.ACCENT, 40)                       # the ring round Ava's card
    screenshot(db, "children", out, window=window)
    assert not near(pixels(out)[y, x], theme.ACCENT, 40)           # no switch: no ring


def test_larger_targets_make_the_level_cards_half_as_big_again(db, tmp_path: Path):
    db.get_or_add_child("Ava", "fox")
    plain, larger = tmp_path / "plain.png", tmp_path / "larger.png"
    screenshot(db, "levels", plain)
    screenshot(db, "levels", larger, options=["larger_targets"])
    a, b = pixels(plain), pixels(larger)
    # three cards of 324 x 336 from x = 114 with 40 between, instead of five of 216 x 224
    assert near(a[330, 458], theme.PANEL, 8) and near(b[330, 458], theme.BACKGROUND, 20)    # between two big cards
    assert near(a[300, 1200], theme.PANEL, 8) and near(b[300, 1200], theme.BACKGROUND, 20)  # right of the last
    assert near(b[475, 283], theme.PANEL, 8) and near(a[475, 283], theme.BACKGROUND, 20)    # low on the first big card


def test_a_held_choice_shows_a_ring_filling_clockwise(db, tmp_path: Path):
    child_with(db, switch=True, hold=True, hold_s=2.0)
    out = tmp_path / "hold.png"
    run_virtual(ChildrenScene, db, Timeline(press(0.5, hold=3.0)), until=1.5, shot=out)   # held half-way
    img = pixels(out)
    cx, cy, r = CARD_CENTRE[0], CARD_CENTRE[1], 60       # the ring: 0.3 x the card's width
    assert near(img[cy, cx + r], theme.PRIMARY, 30)         # from the top round to the right: filled
    assert not near(img[cy, cx - r], theme.PRIMARY, 60)     # the left half: not yet


def test_reduced_motion_keeps_the_results_screen_still(db, tmp_path: Path):
    child = db.get_or_add_child("Ava", "fox")

    def frame(at: float, options: tuple[str, ...]) -> np.ndarray:
        out = tmp_path / f"r{at}{len(options)}.png"

        def hook(ctx) -> None:
            ctx.record, ctx.access_changes = False, options

        run_virtual(lambda ctx: _demo_results(ctx, child, db), db, NoInput(), until=at, shot=out, ctx_hook=hook)
        return pixels(out)

    assert not np.array_equal(frame(0.3, ()), frame(0.6, ()))   # stars growing in, confetti falling
    assert np.array_equal(frame(0.3, ("reduced_motion",)), frame(0.6, ("reduced_motion",)))


@pytest.mark.parametrize("game", list(GAMES))
def test_reduced_motion_keeps_each_games_cues_still(db, tmp_path: Path, game: str):
    """Before anything is due (no fruit yet, no click yet), nothing on the play screen moves; the bar at the top
    (a drums attempt's time going by) is information, not motion, and is left out."""
    child = db.get_or_add_child("Ava", "fox")
    loaded = first_level(game)

    def frame(at: float, options: tuple[str, ...]) -> np.ndarray:
        out = tmp_path / f"g{at}{len(options)}.png"

        def hook(ctx) -> None:
            ctx.record, ctx.access_changes = False, options

        run_virtual(lambda ctx: play_scene(ctx, child, [loaded], 0, "never"), db, NoInput(), until=at, shot=out, ctx_hook=hook)
        return pixels(out)[100:]

    if game == "catching":
        assert min(f.spawn_t for f in schedule(loaded.level.catching)) > 0.6
    assert np.array_equal(frame(0.25, ("reduced_motion",)), frame(0.55, ("reduced_motion",)))
    if game != "tapping":   # the start dot pulses, the basket's arrows sway, the hint arrow slides
        assert not np.array_equal(frame(0.25, ()), frame(0.55, ()))


# --- the therapist's screen and the command line ----------------------------------------------------

def test_the_access_screen_works_from_the_keyboard(ctx):
    from game.scenes.therapist_child import AccessScene

    child = ctx.db.get_or_add_child("Ava", "fox")
    scene = AccessScene(ctx, child)
    scene.enter(0.0)

    def key(action: str):
        return scene.handle(InputEvent(0.0, "action", device="key", action=action), 0.0)

    for _ in range(3):          # back, switch Off, switch On
        key("down")
    key("confirm")
    assert access_options(ctx.db, child.id).switch is True and ctx.db.child_options(child.id).changed_at
    assert scene.message == "Saved for Ava: switch, 1.5 s scan."
    scene.apply(hold=True)
    for _ in range(6):
        scene.handle(InputEvent(0.0, "pointer_down", *_centre(scene, ("step", "hold_s", -1)), 0, "mouse"), 0.0)
        scene.handle(InputEvent(0.0, "pointer_up", *_centre(scene, ("step", "hold_s", -1)), 0, "mouse"), 0.0)
    assert access_options(ctx.db, child.id).hold_s == 0.3
    assert scene.message == "hold_s: must be from 0.3 to 2 seconds (got 0.2)" and not scene.good
    assert key("back") is not None


def _centre(scene, key) -> tuple[int, int]:
    return next(b.rect.center for b in scene.buttons.items if b.key == key)


def test_screenshot_takes_options_and_refuses_a_wrong_one_in_one_line(data_dir: Path, tmp_path: Path):
    out = tmp_path / "x.png"
    res = run_cli("screenshot", "levels", "--out", str(out), "--option", "reduced_motion", "--option",
                  "switch_scan=1.5", "--option", "larger_targets", data_dir=data_dir)
    assert res.returncode == 0 and out.exists()
    res = run_cli("screenshot", "children", "--out", str(out), "--option", "hold_s=9", data_dir=data_dir)
    assert res.returncode == 2 and "Traceback" not in res.stderr
    assert res.stderr.strip().splitlines() == ["MotorPlay: --option hold_s: must be from 0.3 to 2 seconds (got 9.0)"]
    res = run_cli("screenshot", "access-options", "--out", str(out), data_dir=data_dir)
    assert res.returncode == 0


@pytest.mark.parametrize("option, shown", [("first", True), ("always", True), ("never", False)])
def test_the_play_screen_shows_a_demonstration_as_the_childs_option_says(ctx, option: str, shown: bool):
    """The therapist's per-child choice reaches the play screen: nobody passes a mode, the child's option decides."""
    ava = child_with(ctx.db, demo=option)
    scene = play_scene(ctx, ava, [first_level("tracing")], 0)
    scene.enter(0.0)
    assert scene.demo_mode == option and (scene.demo is not None) == shown


def test_reduced_motion_reaches_the_celebration_between_tries(ctx):
    ava = child_with(ctx.db, reduced_motion=True)
    assert play_scene(ctx, ava, [first_level("tracing")], 0).reduced_motion is True
    ben = ctx.db.get_or_add_child("Ben", "owl")
    assert play_scene(ctx, ben, [first_level("tracing")], 0).reduced_motion is False
