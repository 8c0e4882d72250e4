"""Drums as shown: the count-in, then the first drums hit right on the beat, each by its own hand."""
from __future__ import annotations

from types import MappingProxyType
from typing import Any

from game.demonstration import Demo
from game.events import Event
from game.games.tapping.rules import beat_schedule, click_times

SHOW_S = 2.2            # from the first beat, at most this long of beats is shown
MOST_BEATS = 3          # ... and at most this many beats that ask for a tap
BEFORE_S = 0.5          # the show starts this long before the first click (or the first beat)
AFTER_S = 0.7
LONGEST_WAIT_S = 1.8    # a long lead-in is joined this long before the first beat (a click or two)
SIDES = MappingProxyType({"L": "left", "R": "right"})


def demonstration(loaded: Any) -> Demo:
    spec = loaded.level.tapping
    beats = [b for b in beat_schedule(spec) if b.hands]
    if not beats:
        return Demo((), 0.0, 0.0)   # nothing to tap: nothing to show
    first = beats[0].t
    shown = [b for b in beats if b.t - first <= SHOW_S][:MOST_BEATS] or beats[:1]
    events = tuple(Event(round(b.t, 6), "tap", side=SIDES[hand]) for b in shown for hand in b.hands)
    clicks = click_times(spec)
    start = max(0.0, min(clicks[0] if clicks else first, first) - BEFORE_S, first - LONGEST_WAIT_S)
    return Demo(events, start, events[-1].t + AFTER_S)
