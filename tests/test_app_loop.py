"""The one loop and the one input layer: fixed steps, transitions, timestamps taken when read."""
from __future__ import annotations

import pygame
import pytest

from game.app import FRAME_INTERVAL, UPDATE_STEP, VirtualClock, run_loop
from game.events import Event
from game.input import InputEvent, LiveInput, ScriptedInput, letterbox
from game.scenes.base import Pop, Push, SceneStack


class Recorder:
    def __init__(self, transition_at: float | None = None, child=None):
        self.updates = 0
        self.draws = 0
        self.seen: list[InputEvent] = []
        self.resumed = None
        self.transition_at = transition_at
        self.child = child
        self.attempt_origin = 0.25
        self.attempt_serial = 1

    def enter(self, now): pass
    def exit(self, now): pass
    def resume(self, result, now): self.resumed = result
    transparent = False

    def handle(self, ev, now):
        self.seen.append(ev)

    def update(self, dt, now):
        self.updates += 1
        if self.transition_at is not None and now >= self.transition_at:
            self.transition_at = None
            return Push(self.child) if self.child is not None else Pop("done")
        return None

    def draw(self, surface):
        self.draws += 1


@pytest.fixture(scope="module", autouse=True)
def display():
    pygame.init()
    surf = pygame.display.set_mode((1280, 720), pygame.HIDDEN)
    yield surf
    pygame.quit()


class NoInput:
    def poll(self, now, scene):
        return []


def test_fixed_updates_and_frames_on_a_virtual_clock(display):
    scene = Recorder()
    clock = VirtualClock()
    stack = SceneStack(scene, clock.now())
    run_loop(stack, clock, NoInput(), display, lambda _rects: None, until=1.0)
    assert scene.updates == pytest.approx(1.0 / UPDATE_STEP, abs=2)
    assert scene.draws == pytest.approx(1.0 / FRAME_INTERVAL, abs=2)


def test_push_and_pop_carry_results_back(display):
    child = Recorder(transition_at=0.1)
    parent = Recorder(transition_at=0.05, child=child)
    clock = VirtualClock()
    stack = SceneStack(parent, clock.now())
    run_loop(stack, clock, NoInput(), display, lambda _rects: None, until=0.5)
    assert parent.resumed == "done" and stack.top is parent


def test_scripted_input_arrives_at_its_own_times(display):
    events = [Event(0.0, "down", x=10, y=20), Event(0.1234, "move", x=11, y=21), Event(0.3, "up", x=12, y=22)]
    scene = Recorder()
    clock = VirtualClock()
    stack = SceneStack(scene, clock.now())
    run_loop(stack, clock, ScriptedInput(events), display, lambda _rects: None, until=2.0)
    pointer = [e for e in scene.seen if e.kind.startswith("pointer")]
    assert [e.rel_t for e in pointer] == [0.0, 0.1234, 0.3]
    assert [e.t for e in pointer] == [0.25, 0.25 + 0.1234, 0.25 + 0.3]
    assert any(e.kind == "action" and e.action == "stop" for e in scene.seen)  # script over: stop


def test_live_input_stamps_when_read_and_maps_devices(display):
    live = LiveInput(clock=lambda: 123.456, window_size=lambda: (1920, 1200))
    pygame.event.clear()
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=(100, 200), button=1, touch=False))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=(5, 5), button=1, touch=True))
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_f, mod=0, unicode="f", scancode=9, repeat=0))
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_f, mod=0, unicode="f", scancode=9, repeat=1))
    pygame.event.post(pygame.event.Event(pygame.FINGERDOWN, touch_id=1, finger_id=77, x=0.25, y=0.5, dx=0, dy=0,
                                         pressure=1.0))
    pygame.event.post(pygame.event.Event(pygame.FINGERDOWN, touch_id=1, finger_id=99, x=0.75, y=0.5, dx=0, dy=0,
                                         pressure=1.0))
    pygame.event.post(pygame.event.Event(pygame.FINGERUP, touch_id=1, finger_id=77, x=0.25, y=0.5, dx=0, dy=0,
                                         pressure=0.0))
    got = live.poll(0.0, None)
    assert all(e.t == 123.456 for e in got)
    mouse, key, f1, f2, up = got
    assert (mouse.kind, mouse.x, mouse.y, mouse.device) == ("pointer_down", 100.0, 200.0, "mouse")
    assert (key.kind, key.action, key.pressed) == ("action", "tap_left", True)
    # 1920x1200 window: the canvas is scaled 1.5 and letterboxed 60 px top and bottom
    assert letterbox((1920, 1200)) == (1.5, 0.0, 60.0)
    assert (f1.kind, f1.pointer, f1.x, f1.y) == ("pointer_down", 1, 320.0, 360.0)
    assert (f2.pointer, f2.x) == (2, 960.0)
    assert (up.kind, up.pointer) == ("pointer_up", 1)


class Animated(Recorder):
    """A scene that moves by itself, fast or slow, and may paint the whole canvas itself."""

    def __init__(self, fast: bool, covers: bool = False):
        super().__init__()
        self.fast_motion = fast
        self.covers_canvas = covers
        self.needs_redraw = True


def test_slow_motion_is_drawn_30_times_a_second_and_fast_motion_60(display):
    counts = {}
    for fast in (True, False):
        scene = Animated(fast)
        clock = VirtualClock()
        run_loop(SceneStack(scene, clock.now()), clock, NoInput(), display, lambda _rects: None, until=1.0)
        counts[fast] = scene.draws
    assert counts == {True: 60, False: 30}


class OneTap:
    """Live-like input: one press read at `at` (events_read counts it, as LiveInput does)."""

    def __init__(self, at: float):
        self.at = at
        self.events_read = 0

    def poll(self, now, scene):
        if self.events_read or now < self.at:
            return []
        self.events_read = 1
        return [InputEvent(now, "pointer_down", 10.0, 20.0)]


def test_input_is_drawn_at_the_next_frame_even_when_motion_is_slow(display):
    scene = Animated(fast=False)
    frames: list[float] = []
    clock = VirtualClock()
    run_loop(SceneStack(scene, clock.now()), clock, OneTap(0.5 + 1 / 120), display,   # between two 60 fps frames
             lambda _rects: frames.append(clock.now()), until=1.0)
    after = [t for t in frames if t > 0.5 + 1 / 120]
    assert after[0] == pytest.approx(0.5 + 2 / 120, abs=1e-9)   # the next 60 fps deadline, not the next 30 fps one


def test_a_scene_that_covers_the_canvas_is_not_cleared_first(display):
    for covers, expected in ((True, (200, 0, 0)), (False, (0, 0, 0))):
        display.fill((200, 0, 0))
        scene = Animated(fast=True, covers=covers)
        clock = VirtualClock()
        run_loop(SceneStack(scene, clock.now()), clock, NoInput(), display, lambda _rects: None, until=0.01)
        assert tuple(display.get_at((5, 5)))[:3] == expected


def test_the_loop_asks_linux_for_a_long_slice_where_it_can():
    """Linux 6.12 and later take a SCHED_OTHER thread's slice (sched_setattr's sched_runtime) without
    privilege: the call sets exactly 10 ms there and says False elsewhere. In a child process, so
    this test process keeps its own."""
    import os
    import platform
    import subprocess
    import sys

    code = ("from game.app import LOOP_SLICE_NS, scheduler_slice_ns, set_scheduler_slice\n"
            "before = scheduler_slice_ns(); ok = set_scheduler_slice(LOOP_SLICE_NS)\n"
            "print(before, ok, scheduler_slice_ns())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYGAME_HIDE_SUPPORT_PROMPT": "1"}).stdout.split()
    release = tuple(int(p) for p in platform.release().split(".")[:2] if p.isdigit())
    if sys.platform.startswith("linux") and platform.machine() in ("x86_64", "aarch64") and release >= (6, 12):
        assert out[1:] == ["True", "10000000"], out
        assert out[0] != "10000000"   # the default was something else
    else:
        assert out[1] == "False", out
