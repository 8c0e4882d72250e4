"""Hands that tap twice, and palms: which live presses reach the scenes.

Pure (no pygame): it works on the input layer's events (game.input.InputEvent) only.

`PressGuard` (used once, by the app loop, for every scene): a press that opened a screen must
not act on the next one. After the top scene changes, presses are swallowed until every pointer
that was down has been lifted and SETTLE_S has passed since the change and since the last lift of
a swallowed press; a swallowed press is swallowed whole (its moves and its release too). The first
press that gets through ends the guard until the next change, so play with several fingers is
never touched. Key and gamepad presses are swallowed during the settle time too (with their
releases); they repeat nothing while held, so no release is needed before the next one counts.

`PalmFilter` (used by the live input, touch only): SDL reports a touch's position and pressure but
not its contact size, so a palm is recognised by its shape: PALM_TOUCHES touches down at once within
PALM_SPAN play units of each other. Those touches are lifted (a pointer_up where they were, so a
stroke or a carried peg ends cleanly) and everything else they do is dropped until they leave.

Recorded input replayed from an events file (device "script") passes both: it is the input a scene
received, after the guard, when it was recorded.
"""
from __future__ import annotations

import dataclasses
import math
from typing import Protocol


class InputEvent(Protocol):
    """What the guard reads of game.input.InputEvent (not imported: that module imports pygame)."""

    t: float
    kind: str
    x: float
    y: float
    pointer: int
    device: str
    button: int
    action: str
    pressed: bool

STUCK_S = 5.0
"""A swallowed pointer holds other presses back no longer than this: a release the system lost (when the
window lost focus, say) must not lock the screen. Its own moves and release stay swallowed."""

SETTLE_S = 0.3
"""Quiet time before a new screen takes a press. Longer than the gap between the taps of a child's
double or triple tap (about 0.1-0.25 s), shorter than anyone needs to see a new screen and aim at
it (a child's reaction to a new picture takes 0.4 s or more), so a deliberate tap is never lost."""

PALM_TOUCHES = 3
"""Touches down at once, close together, that make a palm (two could be two fingers)."""
PALM_SPAN = 200.0
"""How close, in play units (on a laptop screen about 4-5 cm; on a 10-inch tablet about 3.5 cm)."""

REPLAYED = "script"


class PressGuard:
    def __init__(self, settle_s: float = SETTLE_S):
        self.settle_s = settle_s
        self.seen_change: tuple[int, float] | None = None   # the change of top scene the guard last started for
        self.armed = False
        self.quiet_since = 0.0
        self.held: set[tuple[str, int, int]] = set()       # live pointers down: (device, pointer, button)
        self.blocked: dict[tuple[str, int, int], float] = {}   # ...whose press is being swallowed: since when
        self.keys_held: set[tuple[str, str]] = set()       # actions pressed: (device, action)
        self.keys_blocked: set[tuple[str, str]] = set()

    def scene_changed(self, change: tuple[int, float]) -> None:
        """The top scene changed (`change`: its serial number and time): what is held now acts on nothing there."""
        self.seen_change = change
        self.armed = True
        self.quiet_since = change[1]
        self.blocked.update({key: change[1] for key in self.held if key not in self.blocked})
        self.keys_blocked |= self.keys_held

    def admit(self, ev: InputEvent, change: tuple[int, float] | None = None) -> bool:
        """True if the scene should get this event. `change`: SceneStack.change, (serial, time) of its last change."""
        if change is not None and change != self.seen_change:
            self.scene_changed(change)
        if ev.device == REPLAYED:
            return True
        if ev.kind.startswith("pointer_"):
            return self._pointer(ev)
        if ev.kind == "action":
            return self._action(ev)
        return True   # text, sticks, quit

    def _settled(self, t: float) -> bool:
        held_back = any(t - since < STUCK_S for since in self.blocked.values())
        return not held_back and t - self.quiet_since >= self.settle_s - 1e-9

    def _pointer(self, ev: InputEvent) -> bool:
        key = (ev.device, ev.pointer, ev.button)
        if ev.kind == "pointer_down":
            self.held.add(key)
            self.blocked.pop(key, None)   # down again without an up: that release was lost
            if not self.armed:
                return True
            if self._settled(ev.t):
                self.armed = False
                return True
            self.blocked[key] = ev.t
            return False
        if ev.kind == "pointer_up":
            self.held.discard(key)
            if key in self.blocked:
                del self.blocked[key]
                self.quiet_since = max(self.quiet_since, ev.t)
                return False
            return True
        # a move: swallowed while its pointer's press is (hovering, nothing held, always passes)
        return not any(b[0] == ev.device and b[1] == ev.pointer for b in self.blocked)

    def _action(self, ev: InputEvent) -> bool:
        key = (ev.device, ev.action)
        if not ev.pressed:
            self.keys_held.discard(key)
            if key in self.keys_blocked:
                self.keys_blocked.discard(key)
                return False
            return True
        self.keys_held.add(key)
        if self.armed and ev.t - self.quiet_since < self.settle_s - 1e-9:
            self.keys_blocked.add(key)
            return False
        self.keys_blocked.discard(key)
        return True


class PalmFilter:
    """Drops palms from live touch input (see the module's text); mouse, keys and pads pass untouched."""

    def __init__(self, touches: int = PALM_TOUCHES, span: float = PALM_SPAN):
        self.touches = touches
        self.span = span
        self.down: dict[int, InputEvent] = {}   # touch pointer -> its latest event, while down
        self.palm: set[int] = set()

    def feed(self, ev: InputEvent) -> list[InputEvent]:
        if ev.device != "touch" or not ev.kind.startswith("pointer_"):
            return [ev]
        p = ev.pointer
        if ev.kind == "pointer_up":
            self.down.pop(p, None)
            if p in self.palm:
                self.palm.discard(p)
                return []
            return [ev]
        if ev.kind == "pointer_move":
            if p in self.palm:
                return []
            if p in self.down:
                self.down[p] = ev
            return [ev]
        self.down[p] = ev
        near = [q for q in self.down if q != p and self._dist(q, p) <= self.span]
        close = [q for q in near if all(self._dist(q, r) <= self.span for r in near)]   # all within reach of each other
        if len(close) + 1 < self.touches:
            return [ev]
        # A palm: lift the touches of it that were already let through, drop this one.
        out = [dataclasses.replace(self.down[q], t=ev.t, kind="pointer_up") for q in close if q not in self.palm]
        self.palm |= {p, *close}
        return out

    def _dist(self, a: int, b: int) -> float:
        return math.dist((self.down[a].x, self.down[a].y), (self.down[b].x, self.down[b].y))
