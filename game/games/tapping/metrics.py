"""Tapping metrics: how many beats were hit, how close to the beat, how steady, how together.

Conventions (Repp 2005; Repp & Su 2013):
- asynchrony = tap time - (beat time + audio_latency_ms), in ms; negative means early. The
  click is heard audio_latency_ms after it was scheduled, so that is the moment to tap to.
  Matching uses the scheduled beats, so the latency shifts the mean asynchrony exactly and
  changes nothing else. With audio_latency_ms = 0 an events file is scored exactly.
- Every SD (asynchrony, ITI, hence CV) is the SAMPLE SD (n - 1); it needs two values.
- ITIs are intervals between one hand's hits on successive beats that ask for that hand
  (an interval across a missed beat is left out), in the metronome beats only; both hands'
  intervals are pooled. Continuation ITIs are intervals between one hand's successive taps
  from the opening of the first continuation beat's window to the end.
- Relative phase (alternating patterns: "alternate" or a custom sequence of single L and R
  beats that alternate): for each right hit at beat k whose neighbours k-1 and k+1 are left
  hits, 360 * (right - left_prev) / (left_next - left_prev); circular mean in [0, 360),
  circular SD sqrt(-2 ln R) in degrees.
Values are plain JSON types; None where undefined (too few hits, no such beats).
"""
from __future__ import annotations

import math
from typing import Sequence

import numpy as np

from game.events import Event
from game.games.tapping.level import TappingSpec, pattern_sequence
from game.games.tapping.rules import EPS_S, TapMatch, match_taps

TAPPING_METRICS = (
    "expected_taps", "hits", "misses", "wrong_hand", "extra_taps", "accuracy_pct",
    "mean_asynchrony_ms", "sd_asynchrony_ms", "mean_iti_ms", "iti_cv_pct",
    "bimanual_asynchrony_ms", "bimanual_lag_ms", "relative_phase_deg", "relative_phase_sd_deg",
    "continuation_mean_iti_ms", "continuation_iti_cv_pct",
)
DECIMALS = 6   # ms values to the nanosecond: float noise gone, microsecond event times kept


def _r(x: float | None) -> float | None:
    return None if x is None else round(float(x), DECIMALS)


def _mean(values: Sequence[float]) -> float | None:
    return float(np.mean(values)) if len(values) else None


def _sd(values: Sequence[float]) -> float | None:
    return float(np.std(values, ddof=1)) if len(values) >= 2 else None


def _cv(values: Sequence[float]) -> float | None:
    mean, sd = _mean(values), _sd(values)
    return None if mean is None or sd is None or mean <= 0 else 100.0 * sd / mean


def is_alternating(pattern: str) -> bool:
    """alternate, or a custom sequence of single-hand beats that alternate (LR, RLRL, ...)."""
    seq = pattern_sequence(pattern)
    if set(seq) != {"L", "R"} or len(seq) % 2:
        return False
    return all(seq[i] != seq[(i + 1) % len(seq)] for i in range(len(seq)))


def circular_mean_sd_deg(angles_deg: Sequence[float]) -> tuple[float | None, float | None]:
    """Circular mean in [0, 360) and circular SD sqrt(-2 ln R), both in degrees."""
    if not len(angles_deg):
        return None, None
    rad = np.radians(np.asarray(angles_deg, dtype=float))
    c, s = float(np.mean(np.cos(rad))), float(np.mean(np.sin(rad)))
    r = min(math.hypot(c, s), 1.0)
    if r < 1e-12:
        return None, None  # no mean direction
    mean = math.degrees(math.atan2(s, c)) % 360.0
    if mean >= 360.0 - 1e-9:
        mean = 0.0
    sd = 0.0 if r > 1.0 - 1e-12 else math.degrees(math.sqrt(-2.0 * math.log(r)))  # r = 1 up to float noise
    return mean, sd


def _hand_itis(m: TapMatch, metronome: bool) -> list[float]:
    out: list[float] = []
    for hand in "LR":
        asked = [b.index for b in m.beats if hand in b.hands and b.metronome == metronome]
        for a, b in zip(asked, asked[1:]):
            if (a, hand) in m.hits and (b, hand) in m.hits:
                out.append((m.taps[m.hits[(b, hand)]].t - m.taps[m.hits[(a, hand)]].t) * 1000.0)
    return out


def _continuation_itis(spec: TappingSpec, m: TapMatch) -> list[float]:
    cont = [b for b in m.beats if not b.metronome]
    if not cont:
        return []
    start = cont[0].t - spec.window_ms / 1000.0 - EPS_S
    out: list[float] = []
    for hand in "LR":
        times = [tap.t for tap in m.taps if tap.hand == hand and tap.t >= start]
        out.extend((b - a) * 1000.0 for a, b in zip(times, times[1:]))
    return out


def _relative_phases(spec: TappingSpec, m: TapMatch) -> list[float]:
    if not is_alternating(spec.pattern):
        return []
    phases = []
    for beat in m.beats:
        if beat.hands != "R" or 0 == beat.index or beat.index + 1 >= len(m.beats):
            continue
        keys = ((beat.index - 1, "L"), (beat.index, "R"), (beat.index + 1, "L"))
        if not all(key in m.hits for key in keys):
            continue
        l0, r, l1 = (m.taps[m.hits[key]].t for key in keys)
        if l1 > l0:
            phases.append(360.0 * (r - l0) / (l1 - l0))
    return phases


def tapping_metrics(spec: TappingSpec, events: Sequence[Event], audio_latency_ms: float = 0.0) -> dict:
    """All TAPPING_METRICS for one attempt's events."""
    m = match_taps(spec, events)
    expected = m.expected_taps
    hits = len(m.hits)
    beat_t = {b.index: b.t for b in m.beats}
    asyn = [(m.taps[i].t - beat_t[k]) * 1000.0 - audio_latency_ms for (k, _hand), i in sorted(m.hits.items())]
    itis = _hand_itis(m, metronome=True)
    lags = [(m.taps[m.hits[(b.index, "R")]].t - m.taps[m.hits[(b.index, "L")]].t) * 1000.0
            for b in m.beats if b.hands == "LR" and (b.index, "L") in m.hits and (b.index, "R") in m.hits]
    phase_mean, phase_sd = circular_mean_sd_deg(_relative_phases(spec, m))
    cont = _continuation_itis(spec, m)
    return {
        "expected_taps": expected,
        "hits": hits,
        "misses": expected - hits,
        "wrong_hand": len(m.wrong_hand),
        "extra_taps": len(m.extra),
        "accuracy_pct": _r(100.0 * hits / expected) if expected else None,
        "mean_asynchrony_ms": _r(_mean(asyn)),
        "sd_asynchrony_ms": _r(_sd(asyn)),
        "mean_iti_ms": _r(_mean(itis)),
        "iti_cv_pct": _r(_cv(itis)),
        "bimanual_asynchrony_ms": _r(_mean([abs(x) for x in lags])),
        "bimanual_lag_ms": _r(_mean(lags)),
        "relative_phase_deg": _r(phase_mean),
        "relative_phase_sd_deg": _r(phase_sd),
        "continuation_mean_iti_ms": _r(_mean(cont)) if spec.continuation_beats else None,
        "continuation_iti_cv_pct": _r(_cv(cont)) if spec.continuation_beats else None,
    }


def tapping_score(loaded, events: Sequence[Event], audio_latency_ms: float = 0.0, **_options) -> dict:
    """GAMES["tapping"].score: the one scorer live play, `play --headless` and `score` share."""
    return tapping_metrics(loaded.level.tapping, events, audio_latency_ms=float(audio_latency_ms))
