"""Scripted catchers whose answers are known exactly (for the catching tests and screenshots)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable, Sequence

from game.events import Event
from game.games.catching.rules import Flight

RATE_HZ = 1000.0   # scripted pointer reports per second while moving


def min_jerk(t0: float, x0: float, x1: float, duration: float = 0.4, rate_hz: float = RATE_HZ,
             y: float = 650.0) -> list[Event]:
    """A smooth (minimum-jerk) pointer movement from x0 to x1 starting at t0, one move per sample."""
    n = int(round(duration * rate_hz))
    out = []
    for k in range(n + 1):
        tau = k / n
        s = 10 * tau**3 - 15 * tau**4 + 6 * tau**5
        out.append(Event(round(t0 + k / rate_hz, 6), "move", x=x0 + (x1 - x0) * s, y=y))
    return out


def min_jerk_onset_ms(duration: float, fraction: float = 0.05, step_s: float = 0.001) -> float:
    """Where the onset rule (mean speed on 1 ms steps >= fraction of the peak) fires for min_jerk, ms.

    Computed here from the analytic position, independently of the game's code.
    """
    n = int(round(duration / step_s))
    pos = [10 * (k / n) ** 3 - 15 * (k / n) ** 4 + 6 * (k / n) ** 5 for k in range(n + 1)]
    v = [pos[k + 1] - pos[k] for k in range(n)]
    peak = max(v)
    k = v.index(peak)
    while k > 0 and v[k - 1] >= fraction * peak:
        k -= 1
    return k * step_s * 1000.0


def chase(flights: Sequence[Flight], delay: float = 0.3, duration: float = 0.4, offset: float = 0.0,
          start_x: float = 640.0) -> list[Event]:
    """Move under each object (to its arrival x + offset) `delay` s after it appears, one at a time."""
    out: list[Event] = []
    x = start_x
    for f in sorted(flights, key=lambda f: f.spawn_t):
        if f.distractor:
            continue
        t0 = max(f.spawn_t + delay, out[-1].t + 0.001 if out else 0.0)
        out += min_jerk(t0, x, f.to_x + offset, duration)
        x = f.to_x + offset
    return out


def write_events(path: Path, events: Iterable[Event]) -> Path:
    path.write_text("".join(json.dumps(e.to_dict()) + "\n" for e in events), encoding="utf-8")
    return path
