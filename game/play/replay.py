"""What a replay shows at time t, for each game: pure functions of the stored level and events.

The replay screen draws only what these return, so "what the therapist sees at 3.2 s" is the
same code path the scorer runs (game.games.tracing.rules / catching / tapping), tested exactly.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import numpy as np

from game.events import Event
from game.levels.loader import LoadedLevel
from game.metrics.geometry import nearest_distance, polyline_segments
from game.games.catching import rules as play_catching
from game.games.tapping import rules as play_tapping
from game.games.tracing import rules as play_tracing

POINTER = ("down", "move", "up")
TAIL_S = 0.5          # a tracing replay runs on a little after the last event


def events_until(events: Sequence[Event], t: float) -> list[Event]:
    """The events at or before time t (events are in time order, as parse_events guarantees)."""
    return list(events[:count_until(events, t)])


def count_until(events: Sequence[Event], t: float) -> int:
    """How many events have time <= t."""
    return bisect_right([ev.t for ev in events], t)


# --- tracing -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class TraceReplay:
    events: tuple[Event, ...]     # pointer events kept by the round (those live play saw)
    inside: tuple[bool, ...]      # per event: within the corridor (the colour the trail had live)
    times: tuple[float, ...]
    completed: bool
    length_s: float

    def count(self, t: float) -> int:
        return bisect_right(self.times, t)

    def pen_at(self, t: float) -> tuple[float, float, bool] | None:
        """The pointer's last position at t and whether it is down; None before the first touch."""
        k = self.count(t)
        if k == 0:
            return None
        ev = self.events[k - 1]
        return float(ev.x), float(ev.y), ev.type != "up"  # type: ignore[arg-type]


def trace_replay(loaded: LoadedLevel, events: Sequence[Event]) -> TraceReplay:
    spec = loaded.level.tracing  # type: ignore[attr-defined]
    result = play_tracing.replay(loaded.template, spec.tolerance, spec.time_limit_s, events)
    kept = [ev for ev in result.events if ev.type in POINTER and ev.x is not None]
    if kept:
        a, b = polyline_segments(loaded.template)
        d = nearest_distance(np.array([[ev.x, ev.y] for ev in kept], dtype=float), a, b)
        inside = tuple(bool(v <= spec.tolerance) for v in d)
    else:
        inside = ()
    last = kept[-1].t if kept else 0.0
    return TraceReplay(tuple(kept), inside, tuple(ev.t for ev in kept), result.completed, last + TAIL_S)


# --- catching ------------------------------------------------------------------------------------

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
    return play_catching.replay(loaded.level.catching, events,  # type: ignore[attr-defined]
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


# --- tapping -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class BeatMark:
    t: float
    hand: str             # "L" or "R"
    hit_t: float | None   # the tap matched to it, or None (missed)
    metronome: bool


@dataclass(frozen=True)
class TapMark:
    t: float
    hand: str
    kind: str             # "hit", "wrong_hand" or "extra"


@dataclass(frozen=True)
class TapTimeline:
    beats: tuple[BeatMark, ...]    # one per hand a beat asks for, in time order
    taps: tuple[TapMark, ...]      # every tap of the attempt, in time order
    rests: tuple[float, ...]       # beats asking for no tap
    length_s: float

    def taps_until(self, t: float) -> list[TapMark]:
        return [m for m in self.taps if m.t <= t]


def tap_timeline(loaded: LoadedLevel, events: Sequence[Event], status: str = "finished") -> TapTimeline:
    """Beats and taps as the scorer matched them (game.games.tapping.rules.match_taps)."""
    spec = loaded.level.tapping  # type: ignore[attr-defined]
    m = play_tapping.match_taps(spec, events)
    beats = [BeatMark(b.t, hand, m.taps[m.hits[(b.index, hand)]].t if (b.index, hand) in m.hits else None, b.metronome)
             for b in m.beats for hand in b.hands]
    kind = {i: "hit" for i in m.hits.values()}
    kind.update({i: "wrong_hand" for i in m.wrong_hand})
    kind.update({i: "extra" for i in m.extra})
    taps = tuple(TapMark(tap.t, tap.hand, kind[i]) for i, tap in enumerate(m.taps))
    end = play_tapping.attempt_end_s(spec)
    if status != "finished" and taps:
        end = min(end, taps[-1].t + 1.0)
    return TapTimeline(tuple(beats), taps, tuple(b.t for b in m.beats if not b.hands), end)
