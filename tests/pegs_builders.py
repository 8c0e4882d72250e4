"""Events for pegs tests: straight carries from a spot to a release point, sampled every few ms."""
from __future__ import annotations

from game.events import Event


def carry(t0: float, start: tuple[float, float], end: tuple[float, float], duration: float = 0.5,
          steps: int = 10, up: bool = True) -> list[Event]:
    """A pointer that goes down at `start`, moves in a straight line and lets go at `end`."""
    out = [Event(round(t0, 6), "down", x=float(start[0]), y=float(start[1]))]
    for k in range(1, steps + 1):
        f = k / steps
        kind = "up" if (k == steps and up) else "move"
        out.append(Event(round(t0 + duration * f, 6), kind, x=start[0] + (end[0] - start[0]) * f,
                         y=start[1] + (end[1] - start[1]) * f))
    return out


def carries(moves: list[tuple[tuple[float, float], tuple[float, float]]], t0: float = 0.5, duration: float = 0.5,
            gap: float = 0.25) -> list[Event]:
    out: list[Event] = []
    t = t0
    for start, end in moves:
        out.extend(carry(t, start, end, duration))
        t += duration + gap
    return out
