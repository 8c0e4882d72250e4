"""Hands that tap twice (issue 12): a press that opened a screen does not act on the next one; palms are dropped.

The loop tests drive the real app loop (game.app.run_virtual) with live-like input (mouse, touch and key
devices) at given virtual times; replayed events files (device "script") pass the guard untouched.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from game.app import run_virtual
from game.games import DEFAULT_GAME
from game.guard import PALM_SPAN, SETTLE_S, STUCK_S, PalmFilter, PressGuard
from game.input import InputEvent
from game.records.db import Database
from game.scenes.children import ChildrenScene
from game.scenes.levels import LevelsScene

ANIMAL = (526, 265)      # the first child's card on "Who is playing?" (one child: two cards in a row)
LEVEL_CARD = (164, 242)  # the first level's card


def click(t: float, x: float, y: float, pointer: int = 0, device: str = "mouse") -> list[InputEvent]:
    return [InputEvent(t, "pointer_down", x, y, pointer, device),
            InputEvent(t + 0.05, "pointer_up", x, y, pointer, device)]


def key(t: float, action: str) -> list[InputEvent]:
    return [InputEvent(t, "action", device="key", action=action),
            InputEvent(t + 0.08, "action", device="key", action=action, pressed=False)]


class Timeline:
    """Input at fixed moments of the virtual clock; remembers every scene it was polled for."""

    def __init__(self, events: list[InputEvent]):
        self.events = sorted(events, key=lambda e: e.t)
        self.scenes: list[object] = []

    def poll(self, now: float, scene: object) -> list[InputEvent]:
        if not self.scenes or self.scenes[-1] is not scene:
            self.scenes.append(scene)
        out = []
        while self.events and self.events[0].t <= now:
            out.append(self.events.pop(0))
        return out

    @property
    def names(self) -> list[str]:
        return [type(s).__name__ for s in self.scenes]


@pytest.fixture
def db(data_dir: Path):
    database = Database.open(data_dir)
    database.get_or_add_child("Ava", "fox")
    yield database
    database.close()


def run(db, events: list[InputEvent], until: float, first=ChildrenScene) -> Timeline:
    timeline = Timeline(events)
    run_virtual(first, db, timeline, until=until)
    return timeline


# --- the guard in the real loop ----------------------------------------------------------------

def test_two_clicks_150_ms_apart_on_the_animal_open_only_the_game_picker(db):
    timeline = run(db, click(1.0, *ANIMAL) + click(1.15, *ANIMAL), until=2.0)
    assert timeline.names == ["ChildrenScene", "GamesScene"]
    games = timeline.scenes[-1]
    assert games.buttons.at(*ANIMAL).key[0] == "game"   # the second click fell on a game's tile


def test_a_triple_click_on_the_animal_opens_only_the_game_picker(db):
    timeline = run(db, click(1.0, *ANIMAL) + click(1.15, *ANIMAL) + click(1.3, *ANIMAL), until=2.5)
    assert timeline.names == ["ChildrenScene", "GamesScene"]


def test_a_deliberate_second_tap_half_a_second_later_works(db):
    timeline = run(db, click(1.0, *ANIMAL) + click(1.55, *ANIMAL), until=2.5)
    assert timeline.names == ["ChildrenScene", "GamesScene", "LevelsScene"]


def test_taps_that_keep_bouncing_wait_for_a_quiet_moment(db):
    # four taps 150 ms apart after the one that opened the picker: each restarts the settle time
    taps = [e for k in range(5) for e in click(1.0 + 0.15 * k, *ANIMAL)]
    timeline = run(db, taps + click(1.6 + 0.05 + SETTLE_S + 0.01, *ANIMAL), until=3.0)
    assert timeline.names == ["ChildrenScene", "GamesScene", "LevelsScene"]


def test_a_triple_click_on_a_level_card_starts_the_level_and_draws_nothing(db):
    child = db.find_child("Ava")
    taps = click(1.0, *LEVEL_CARD) + click(1.15, *LEVEL_CARD) + click(1.3, *LEVEL_CARD)
    # (no demonstration: this is about the clicks; tests/test_demonstration.py has the skip by a press)
    timeline = run(db, taps, until=2.0, first=lambda ctx: LevelsScene(ctx, child, DEFAULT_GAME, demo_mode="never"))
    assert timeline.names[:2] == ["LevelsScene", f"{DEFAULT_GAME.capitalize()}Scene"]
    assert len(timeline.names) == 2            # no pause, no second level
    play = timeline.scenes[-1]
    assert play.events == []                   # the second and third clicks did not draw


def test_a_new_press_after_the_settle_time_draws(db):
    child = db.find_child("Ava")
    steps = click(1.0, *LEVEL_CARD)
    steps += [InputEvent(1.6, "pointer_down", 240, 362, 1, "touch"),
              InputEvent(1.7, "pointer_move", 300, 362, 1, "touch"),
              InputEvent(1.8, "pointer_up", 300, 362, 1, "touch")]
    timeline = run(db, steps, until=2.0, first=lambda ctx: LevelsScene(ctx, child, DEFAULT_GAME, demo_mode="never"))
    play = timeline.scenes[-1]
    assert [e.type for e in play.events] == ["down", "move", "up"]
    assert play.events[0].t == pytest.approx(0.55, abs=1e-6)   # from the attempt's start, when the card fired


def test_escape_twice_quickly_goes_back_one_screen_and_a_later_escape_another(db):
    steps = click(1.0, *ANIMAL) + click(1.6, *ANIMAL)                  # games, then levels
    steps += key(2.5, "back") + key(2.65, "back")                       # Esc Esc: back to games only
    timeline = run(db, steps, until=3.0)
    assert timeline.names == ["ChildrenScene", "GamesScene", "LevelsScene", "GamesScene"]
    steps = click(1.0, *ANIMAL) + click(1.6, *ANIMAL) + key(2.5, "back") + key(3.0, "back")
    timeline = run(db, steps, until=3.5)
    assert timeline.names[-1] == "ChildrenScene"


def test_a_second_finger_resting_while_tracing_is_ignored(db):
    from game.headless import _first_level
    from game.scenes.levels import play_scene

    child = db.find_child("Ava")
    steps = [InputEvent(0.5, "pointer_down", 240, 362, 1, "touch")]
    steps += [InputEvent(0.5 + 0.02 * k, "pointer_move", 240 + 8 * k, 362, 1, "touch") for k in range(1, 30)]
    steps += [InputEvent(0.6, "pointer_down", 900, 600, 2, "touch"),      # a second finger comes to rest...
              InputEvent(0.7, "pointer_move", 905, 602, 2, "touch"),      # ...wobbles...
              InputEvent(1.5, "pointer_up", 905, 602, 2, "touch")]        # ...and leaves
    timeline = run(db, steps, until=2.0,
                   first=lambda ctx: play_scene(ctx, child, [_first_level("tracing")], 0, demo_mode="never"))
    play = timeline.scenes[-1]
    assert play.events and {e.id for e in play.events} == {1}


# --- the guard's rules, event by event ------------------------------------------------------------

def down(t, p=0, device="mouse"):
    return InputEvent(t, "pointer_down", 10, 10, p, device)


def up(t, p=0, device="mouse"):
    return InputEvent(t, "pointer_up", 10, 10, p, device)


def move(t, p=0, device="mouse", pressed=True):
    return InputEvent(t, "pointer_move", 12, 10, p, device, pressed=pressed)


def test_a_pointer_held_across_the_change_acts_on_nothing_until_lifted():
    g = PressGuard()
    assert g.admit(down(0.0, 1, "touch"), (0, -9.0))
    assert not g.admit(move(0.1, 1, "touch"), (1, 0.05))       # the scene changed under the finger
    assert not g.admit(down(1.0, 2, "touch"), (1, 0.05))       # another finger: not while one is still held
    assert not g.admit(up(1.1, 2, "touch"), (1, 0.05))
    assert not g.admit(up(1.2, 1, "touch"), (1, 0.05))         # its release is swallowed too
    assert not g.admit(down(1.2 + SETTLE_S - 0.01, 1, "touch"), (1, 0.05))   # too soon after that release
    assert not g.admit(up(1.6, 1, "touch"), (1, 0.05))
    assert g.admit(down(1.6 + SETTLE_S, 3, "touch"), (1, 0.05))             # settled
    assert g.admit(down(1.95, 4, "touch"), (1, 0.05))          # then several fingers play as before
    assert g.admit(move(2.0, 3, "touch"), (1, 0.05)) and g.admit(up(2.1, 4, "touch"), (1, 0.05))


def test_a_lost_release_does_not_lock_the_screen():
    g = PressGuard()
    assert g.admit(down(0.0, 1, "touch"), (0, -9.0))
    change = (1, 0.1)                                            # its release never comes
    assert not g.admit(down(2.0, 2, "touch"), change) and not g.admit(up(2.1, 2, "touch"), change)
    assert g.admit(down(0.1 + STUCK_S, 3, "touch"), change)       # held back no longer than STUCK_S
    assert not g.admit(move(0.2 + STUCK_S, 1, "touch"), change)   # the stuck one itself still acts on nothing
    m = PressGuard()
    assert m.admit(down(0.0), (0, -9.0))
    assert m.admit(down(1.0), (1, 0.5))                           # a mouse down again: its release was lost


def test_hovering_text_and_replayed_events_always_pass():
    g = PressGuard()
    change = (1, 1.0)
    assert g.admit(move(1.01, pressed=False), change)
    assert g.admit(InputEvent(1.01, "text", device="key", text="a"), change)
    assert g.admit(InputEvent(1.01, "pointer_down", 5, 5, 0, "script"), change)
    assert g.admit(InputEvent(1.01, "action", device="script", action="pause"), change)


def test_keys_wait_for_the_settle_time_and_a_held_key_does_not_act_on_release():
    g = PressGuard()
    assert g.admit(InputEvent(0.5, "action", device="key", action="confirm"), (0, 0.0))
    change = (1, 0.5)                                          # Enter opened a screen
    assert not g.admit(InputEvent(0.55, "action", device="key", action="confirm", pressed=False), change)
    assert not g.admit(InputEvent(0.65, "action", device="key", action="confirm"), change)
    assert not g.admit(InputEvent(0.7, "action", device="key", action="confirm", pressed=False), change)
    assert g.admit(InputEvent(0.5 + SETTLE_S, "action", device="pad", action="confirm"), change)
    assert g.admit(InputEvent(0.9, "action", device="key", action="left"), change)


# --- palms ------------------------------------------------------------------------------------------

def touch(t, kind, x, y, p):
    return InputEvent(t, kind, x, y, p, "touch")


def test_three_touches_close_together_are_a_palm_and_are_lifted_and_dropped():
    f = PalmFilter()
    assert f.feed(touch(0.0, "pointer_down", 600, 500, 1)) == [touch(0.0, "pointer_down", 600, 500, 1)]
    assert len(f.feed(touch(0.01, "pointer_move", 610, 505, 1))) == 1
    assert len(f.feed(touch(0.02, "pointer_down", 680, 540, 2))) == 1     # two could be two fingers
    lifted = f.feed(touch(0.03, "pointer_down", 640, 600, 3))              # a third: a palm
    assert sorted((e.pointer, e.kind, e.x, e.y, e.t) for e in lifted) == [
        (1, "pointer_up", 610, 505, 0.03), (2, "pointer_up", 680, 540, 0.03)]
    assert f.feed(touch(0.04, "pointer_move", 645, 600, 3)) == []
    assert f.feed(touch(0.05, "pointer_down", 660, 560, 4)) == []         # more of the same palm
    assert f.feed(touch(0.06, "pointer_up", 610, 505, 1)) == []
    finger = touch(0.2, "pointer_down", 200, 200, 5)                       # a finger far away: drawn
    assert f.feed(finger) == [finger]
    for p in (2, 3, 4):
        assert f.feed(touch(0.3, "pointer_up", 0, 0, p)) == []
    again = touch(0.4, "pointer_down", 640, 560, 1)                        # the palm gone, its ids are free
    assert f.feed(again) == [again]


def test_fingers_far_apart_are_not_a_palm_and_the_mouse_is_never_one():
    f = PalmFilter()
    for p, x in ((1, 100), (2, 100 + PALM_SPAN + 1), (3, 100 + 2 * (PALM_SPAN + 1))):
        assert len(f.feed(touch(0.0, "pointer_down", x, 300, p))) == 1
    spread = PalmFilter()      # three near the middle one, but the outer two are too far from each other
    for p, x in ((1, 400), (2, 400 + PALM_SPAN * 0.9), (3, 400 - PALM_SPAN * 0.9)):
        assert len(spread.feed(touch(0.0, "pointer_down", x, 300, p))) == 1
    m = PalmFilter()
    for k in range(4):
        assert len(m.feed(InputEvent(0.0, "pointer_down", 10 + k, 10, 0, "mouse"))) == 1


def test_live_touch_input_drops_a_palm():
    import pygame

    from game.input import LiveInput

    pygame.init()
    try:
        live = LiveInput(clock=lambda: 5.0, window_size=lambda: (1280, 720))
        for fid, (x, y) in enumerate([(0.5, 0.7), (0.53, 0.72), (0.51, 0.76)], start=1):
            pygame.event.post(pygame.event.Event(pygame.FINGERDOWN, touch_id=7, finger_id=fid, x=x, y=y,
                                                 dx=0.0, dy=0.0, pressure=1.0))
        got = [(e.kind, e.pointer) for e in live.poll(5.0, None)]
        assert got == [("pointer_down", 1), ("pointer_down", 2), ("pointer_up", 1), ("pointer_up", 2)]
    finally:
        pygame.quit()
