"""Catching as shown: a finger takes the basket and carries it under the first fruit, which drops in."""
from __future__ import annotations

from typing import Any

from game.demonstration import Demo
from game.events import Event
from game.games.catching.rules import CATCH_LINE_Y, START_X, schedule

SHOW_BEFORE_S = 3.0     # the show starts this long before the first fruit reaches the basket
HOLD_Y = CATCH_LINE_Y + 34.0   # where the finger holds the basket (its middle)
SWAY = 200.0            # a fruit right above the basket: the finger first moves it this far aside and back
SETTLE_S = 0.6          # the basket is under the fruit this long before it arrives
AFTER_S = 0.8           # the catch stays in view this long


def demonstration(loaded: Any, rate_hz: float = 30.0) -> Demo:
    spec = loaded.level.catching
    flights = schedule(spec)
    first = min((f for f in flights if not f.distractor), key=lambda f: (f.cross_t, f.index))
    start = max(0.0, first.cross_t - SHOW_BEFORE_S)
    touch = start + 0.8
    arrive = max(first.cross_t - SETTLE_S, touch + 0.5)
    target = first.to_x
    path = [START_X, target] if abs(target - START_X) >= SWAY / 2 else \
        [START_X, START_X - SWAY if target >= START_X else START_X + SWAY, target]
    events = [Event(round(touch, 6), "down", x=START_X, y=HOLD_Y)]
    legs = len(path) - 1
    n = max(int((arrive - touch) * rate_hz), legs * 2)
    for k in range(1, n + 1):
        f = k / n * legs
        leg = min(int(f), legs - 1)
        u = f - leg
        u = u * u * (3 - 2 * u)   # ease in and out
        x = path[leg] + (path[leg + 1] - path[leg]) * u
        events.append(Event(round(touch + (arrive - touch) * k / n, 6), "move", x=round(x, 2), y=HOLD_Y))
    up = first.cross_t + 0.3
    events.append(Event(round(up, 6), "up", x=round(target, 2), y=HOLD_Y))
    return Demo(tuple(events), start, first.cross_t + AFTER_S)
