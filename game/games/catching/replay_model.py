"""What a catching replay shows at time t: a pure function of the stored level and events.

The replay screen (replay_view.py) draws only what this returns: the catcher and objects where
the scorer (rules.py) had them, tested exactly.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Sequence

from game.events import Event
from game.games.catching import rules as play_catching
from game.levels.loader import LoadedLevel


@dataclass(frozen=True)
class ObjectAt:
    flight: play_catching.Flight
    x: float
    y: float
    state: str            # "falling" (not yet at the line), "caught" (just landed: drawn in the basket), "missed"


@dataclass(frozen=True)
class CatchView:
    catcher_x: float
    objects: tuple[ObjectAt, ...]
    caught: int           # objects to catch caught so far
    missed: int           # objects to catch missed so far
    rocks_caught: int


def catching_replay(loaded: LoadedLevel, events: Sequence[Event],
                    settings: Mapping[str, Any] | None = None) -> play_catching.CatchResult:
    """The attempt as scored: the same replay the scorer runs, with the stop time it was saved with."""
    stopped = (settings or {}).get("stopped_at_s")
    return play_catching.play_through(loaded.level.catching, events,  # type: ignore[attr-defined]
                                None if stopped is None else float(stopped))


def catching_at(result: play_catching.CatchResult, t: float, bottom: float = 720.0) -> CatchView:
    """Catcher and objects at time t. Caught objects vanish into the basket at the catch line;
    missed ones keep falling until they leave the picture (`bottom`)."""
    outcome = {o.flight.index: o for o in result.outcomes}
    shown: list[ObjectAt] = []
    caught = missed = rocks = 0
    for f in result.flights:
        if t < f.spawn_t:
            continue
        out = outcome.get(f.index)
        if out is not None and f.cross_t <= t:
            if out.caught:
                if f.distractor:
                    rocks += 1
                else:
                    caught += 1
                continue
            if not f.distractor:
                missed += 1
            x, y = f.position(t)
            if y - f.radius <= bottom:
                shown.append(ObjectAt(f, x, y, "missed"))
            continue
        if out is None and t > result.end_t:
            continue   # the attempt stopped before this one came down
        x, y = f.position(t)
        shown.append(ObjectAt(f, x, y, "falling"))
    return CatchView(result.track.at(t), tuple(shown), caught, missed, rocks)
