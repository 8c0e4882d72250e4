"""The tapping round: the beat schedule and which tap belongs to which beat.

Pure and clock-free: times are seconds from the attempt start, passed in. Live play and
re-scoring run this same matching on the same tap events, so they agree exactly.

Matching (the contract): each beat, in order, takes for each hand it asks for the nearest
not-yet-matched tap of that hand within +-window_ms (ties: the earlier tap). A tap left
over that lies within a beat's window by a hand that beat did not ask for is a wrong-hand
tap; every other left-over tap (outside all windows, a second tap of the same hand, or a
tap on a rest beat, which asks for no hand) is an extra tap. Windows never overlap (the
level checks window_ms < half the beat interval), so a tap lies in at most one window.
The attempt ends when the last beat's window closes; taps after that are not part of it.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from types import MappingProxyType
from typing import Sequence

from game.events import Event
from game.games.tapping.level import TappingSpec, beat_interval_s, pattern_sequence

HANDS = MappingProxyType({"L": "L", "R": "R", "B": "LR", "-": ""})
SIDE_HAND = MappingProxyType({"left": "L", "right": "R"})
EPS_S = 1e-9   # float slack on window edges: a tap exactly window_ms from its beat is inside


@dataclass(frozen=True, slots=True)
class Beat:
    index: int
    t: float          # seconds from the attempt start
    hands: str        # "L", "R", "LR" or "" (a rest: no tap expected)
    metronome: bool   # True while the metronome plays; False in the continuation beats


@dataclass(frozen=True, slots=True)
class Tap:
    t: float
    hand: str         # "L" or "R"


def beat_schedule(spec: TappingSpec) -> list[Beat]:
    """Every beat of the attempt: beat k at lead_in_s + k * 60 / tempo_bpm, pattern repeated."""
    seq = pattern_sequence(spec.pattern)
    step = beat_interval_s(spec)
    total = spec.beats + spec.continuation_beats
    return [Beat(k, spec.lead_in_s + k * step, HANDS[seq[k % len(seq)]], k < spec.beats) for k in range(total)]


def click_times(spec: TappingSpec) -> list[float]:
    """When the metronome sounds/pulses: the count-in clicks, then every metronome beat (rests too)."""
    step = beat_interval_s(spec)
    count_in = [spec.lead_in_s - j * step for j in range(spec.count_in_beats, 0, -1)]
    return [*count_in, *(spec.lead_in_s + k * step for k in range(spec.beats))]


def attempt_end_s(spec: TappingSpec) -> float:
    """The attempt ends when the last beat's window closes."""
    last = spec.lead_in_s + (spec.beats + spec.continuation_beats - 1) * beat_interval_s(spec)
    return last + spec.window_ms / 1000.0


def taps_from_events(events: Sequence[Event], end_s: float | None = None) -> list[Tap]:
    """The tap events of an attempt in time order, up to end_s (inclusive)."""
    taps = [Tap(ev.t, SIDE_HAND[ev.side]) for ev in events if ev.type == "tap" and ev.side in SIDE_HAND]
    taps.sort(key=lambda tap: tap.t)   # stable: equal times keep file order
    if end_s is not None:
        taps = [tap for tap in taps if tap.t <= end_s + EPS_S]
    return taps


@dataclass(frozen=True)
class TapMatch:
    beats: tuple[Beat, ...]
    taps: tuple[Tap, ...]
    hits: dict[tuple[int, str], int]   # (beat index, hand) -> index into taps
    wrong_hand: tuple[int, ...]        # indexes into taps
    extra: tuple[int, ...]             # indexes into taps

    @property
    def expected_taps(self) -> int:
        return sum(len(b.hands) for b in self.beats)


def window_beat(beats: Sequence[Beat], t: float, window_s: float) -> Beat | None:
    """The beat whose window holds time t, if any (windows do not overlap)."""
    if not beats:
        return None
    step = beats[1].t - beats[0].t if len(beats) > 1 else 1.0
    k = int(round((t - beats[0].t) / step))
    for j in (k - 1, k, k + 1):
        if 0 <= j < len(beats) and abs(t - beats[j].t) <= window_s + EPS_S:
            return beats[j]
    return None


def match_taps(spec: TappingSpec, events: Sequence[Event]) -> TapMatch:
    """Match an attempt's taps to its beats (see the module docstring for the rules)."""
    beats = beat_schedule(spec)
    window = spec.window_ms / 1000.0
    taps = taps_from_events(events, attempt_end_s(spec))
    by_hand: dict[str, list[int]] = {"L": [], "R": []}
    for i, tap in enumerate(taps):
        by_hand[tap.hand].append(i)
    times = {hand: [taps[i].t for i in idx] for hand, idx in by_hand.items()}
    used: set[int] = set()
    hits: dict[tuple[int, str], int] = {}
    for beat in beats:
        for hand in beat.hands:
            best: int | None = None
            order = by_hand[hand]
            lo = bisect_left(times[hand], beat.t - window - EPS_S)
            hi = bisect_right(times[hand], beat.t + window + EPS_S)
            for i in order[lo:hi]:
                d = abs(taps[i].t - beat.t)
                if i in used or d > window + EPS_S:
                    continue
                if best is None or d < abs(taps[best].t - beat.t):
                    best = i
            if best is not None:
                used.add(best)
                hits[(beat.index, hand)] = best
    wrong: list[int] = []
    extra: list[int] = []
    for i, tap in enumerate(taps):
        if i in used:
            continue
        beat = window_beat(beats, tap.t, window)
        if beat is not None and beat.hands and tap.hand not in beat.hands:
            wrong.append(i)
        else:
            extra.append(i)
    return TapMatch(tuple(beats), tuple(taps), hits, tuple(wrong), tuple(extra))


def tap_on_beat(beats: Sequence[Beat], hand: str, t: float, window_s: float) -> bool:
    """Live feedback only: does a tap by `hand` at t fall in the window of a beat asking for it?"""
    beat = window_beat(beats, t, window_s)
    return beat is not None and hand in beat.hands
