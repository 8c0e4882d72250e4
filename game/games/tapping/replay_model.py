"""What a drums replay shows: the beats, and every tap classified as the scorer classified it.

A pure function of the stored level and events; the replay screen (replay_view.py) draws it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from game.events import Event
from game.games.tapping import rules as play_tapping
from game.levels.loader import LoadedLevel


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
