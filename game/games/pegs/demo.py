"""Pegs as shown: a finger picks up the first peg that may move and carries it into its hole."""
from __future__ import annotations

import math
from typing import Any

from game.demonstration import Demo
from game.events import Event
from game.games.pegs.rules import new_round

PICK_S = 0.8            # the finger takes the peg here (the hand glides in before)
SPEED = 420.0           # play units/s while carrying: calm
AFTER_S = 0.8           # the peg in its hole stays in view this long


def demonstration(loaded: Any, rate_hz: float = 30.0) -> Demo:
    rnd = new_round(loaded.level.pegs)
    peg = rnd.movable()[0]
    a = rnd.peg_xy(peg)
    b = rnd.targets()[rnd.free_targets()[0]]
    carry_s = max(0.8, math.dist(a, b) / SPEED)
    n = max(int(carry_s * rate_hz), 2)
    events = [Event(PICK_S, "down", x=a[0], y=a[1])]
    lift = 40.0   # a little arc: lifted up and over, not slid along the board
    for k in range(1, n + 1):
        f = k / n
        u = f * f * (3 - 2 * f)
        x = a[0] + (b[0] - a[0]) * u
        y = a[1] + (b[1] - a[1]) * u - lift * math.sin(math.pi * f)
        events.append(Event(round(PICK_S + 0.15 + carry_s * f, 6), "move", x=round(x, 2), y=round(y, 2)))
    up = round(events[-1].t + 0.2, 6)
    events.append(Event(up, "up", x=b[0], y=b[1]))
    return Demo(tuple(events), 0.0, up + AFTER_S)
