"""Show, don't tell: the short demonstration before a level, and where the helping hand is.

Pure (no pygame). Each game gives a `Demo` (GameDef.demo): the first part of a good play of the
level as ordinary events, with the stretch of the attempt's timeline to show. The play scene
(game/scenes/play.py) plays those events through the game's own scene, so its own drawing shows
the effect, and draws a hand that moves along them; nothing of it is recorded or scored.

The hand's path comes from the events: a pointer event puts a finger where it is (pressed
between its "down" and "up"); any other event (a drum tap) is placed by the scene and becomes a
quick press there, reached from just above. Each pointer id, or each place the scene names, has
its own hand, so two hands can tap two drums.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

from game.events import Event

DEMO_MODES = ("always", "first", "never")
"""When a child sees a level's demonstration: every time the level starts, only before the child's
first attempt at it, or never."""

HAND_IN_S = 0.7       # the hand glides in from the edge this long before its first touch
TAP_REACH_S = 0.22    # a tap: the finger comes down from above this long before the beat
TAP_HOLD_S = 0.12     # ... and rises again after this long
TAP_LIFT = 46.0       # play units above the place it taps


@dataclass(frozen=True)
class Demo:
    """A demonstration: events (times from the attempt start) and the stretch of the round to show."""

    events: tuple[Event, ...]
    start_s: float      # the round is shown from here (the wait before anything happens is left out)
    end_s: float        # ... to here (a moment after the last event, so its effect is seen)

    @property
    def length_s(self) -> float:
        return self.end_s - self.start_s


@dataclass(frozen=True)
class Key:
    """One hand at one moment: where its fingertip is and whether it presses."""

    t: float
    hand: int
    x: float
    y: float
    pressed: bool


PointOf = Callable[[Event], "tuple[int, float, float] | None"]


def hand_keys(events: Sequence[Event], point_of: PointOf) -> list[Key]:
    """The hands' key moments, in time order, from a demonstration's events.

    `point_of(event)` places an event that is not a pointer event: (hand, x, y), or None to leave it out.
    """
    keys: list[Key] = []
    down: dict[int, bool] = {}
    for ev in events:
        if ev.type in ("down", "move", "up") and ev.x is not None and ev.y is not None:
            hand = int(ev.id or 0)
            if ev.type == "down":
                down[hand] = True
            pressed = down.get(hand, False) and ev.type != "up"
            if ev.type == "up":
                down[hand] = False
            keys.append(Key(ev.t, hand, float(ev.x), float(ev.y), pressed))
            continue
        place = point_of(ev)
        if place is None:
            continue
        hand, x, y = place
        keys += [Key(ev.t - TAP_REACH_S, hand, x, y - TAP_LIFT, False), Key(ev.t, hand, x, y, True),
                 Key(ev.t + TAP_HOLD_S, hand, x, y - TAP_LIFT * 0.6, False)]
    keys.sort(key=lambda k: k.t)
    return keys


def hands_at(keys: Sequence[Key], t: float, rest: Callable[[int], tuple[float, float]]) -> list[Key]:
    """Every hand at time t: between two of its keys it moves in a straight line; before its first it
    glides in from `rest(hand)` (a place at the screen's edge) over HAND_IN_S; after its last it stays.
    A hand whose first key is more than HAND_IN_S away is not shown yet."""
    out: list[Key] = []
    for hand in sorted({k.hand for k in keys}):
        own = [k for k in keys if k.hand == hand]
        first = own[0]
        if t < first.t - HAND_IN_S:
            continue
        if t <= first.t:
            rx, ry = rest(hand)
            f = _ease(1.0 - (first.t - t) / HAND_IN_S)
            out.append(Key(t, hand, rx + (first.x - rx) * f, ry + (first.y - ry) * f, False))
            continue
        after = next((k for k in own if k.t > t), None)
        before = [k for k in own if k.t <= t][-1]
        if after is None:
            out.append(Key(t, hand, before.x, before.y, before.pressed))
            continue
        f = (t - before.t) / (after.t - before.t)
        out.append(Key(t, hand, before.x + (after.x - before.x) * f, before.y + (after.y - before.y) * f,
                       before.pressed))
    return out


def _ease(f: float) -> float:
    f = min(max(f, 0.0), 1.0)
    return f * f * (3 - 2 * f)


def shows_demo(mode: str, played_before: bool) -> bool:
    """Does the level start with its demonstration? `mode`: one of DEMO_MODES (an unknown one: "first")."""
    if mode == "always":
        return True
    if mode == "never":
        return False
    return not played_before


def press_started(keys: Sequence[Key], hand: int, t: float) -> float | None:
    """When `hand` last began to press, at or before time t (None: it has not pressed yet)."""
    began: float | None = None
    was = False
    for k in keys:
        if k.hand != hand or k.t > t:
            continue
        if k.pressed and not was:
            began = k.t
        was = k.pressed
    return began
