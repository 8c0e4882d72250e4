"""What each metric means, in plain words, with its unit: for charts, reports and exports.

The README tables say the same; tests check that every game's metrics are listed here.
"""
from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping


@dataclass(frozen=True)
class MetricInfo:
    unit: str
    words: str
    better: str  # "higher", "lower" or "" (neither: a bias or a rate to read with care)


_TRACING: Mapping[str, MetricInfo] = MappingProxyType({
    'mean_deviation': MetricInfo('play units', 'how far from the line the trace was, on average along its length', 'lower'),
    'rms_deviation': MetricInfo('play units', 'like the mean, but large excursions count more (root mean square along the length)', 'lower'),
    'max_deviation': MetricInfo('play units', 'the furthest the trace got from the line', 'lower'),
    'within_tolerance_pct': MetricInfo('%', "share of the trace's length that stayed inside the corridor", 'higher'),
    'coverage_pct': MetricInfo('%', "share of the level's path that the trace came within the corridor of (how much of the path was done)", 'higher'),
    'duration_s': MetricInfo('s', 'from the first touch down to the last lift (or the end of the attempt)', 'lower'),
    'path_length': MetricInfo('play units', 'total length of everything drawn', ''),
    'mean_speed': MetricInfo('play units/s', 'path length divided by the time the finger was down', ''),
    'pen_lifts': MetricInfo('count', 'lifts before the last one', 'lower'),
    'sparc': MetricInfo('dimensionless, ≤ 0', 'smoothness of the speed profile: spectral arc length (Balasubramanian et al. 2015); closer to 0 is smoother. Median over pen-down strokes of at least 0.2 s', 'higher'),
    'ldlj': MetricInfo('dimensionless', 'smoothness: log dimensionless jerk of the speed profile (Balasubramanian et al. 2015); more negative is less smooth. Median over strokes', 'higher'),
    'completed': MetricInfo('true/false', 'every stroke was followed to its end', 'higher'),
})

_CATCHING: Mapping[str, MetricInfo] = MappingProxyType({
    'presented': MetricInfo('count', 'objects to catch that reached the catch line during the attempt', ''),
    'caught': MetricInfo('count', 'how many of them landed in the basket', 'higher'),
    'missed': MetricInfo('count', 'presented − caught', 'lower'),
    'catch_rate_pct': MetricInfo('%', '100 × caught / presented', 'higher'),
    'constant_error': MetricInfo('play units', 'average signed miss distance e = object x − basket centre x, taken when each object crossed the catch line. Negative means the basket tended to be to the right of the objects, positive to the left. A basket held 20 to the right of everything gives −20.', ''),
    'variable_error': MetricInfo('play units', 'how consistent the child was: the standard deviation of e around its mean (population SD, divided by n, as Schmidt & Lee define VE; 0 for one object)', 'lower'),
    'absolute_error': MetricInfo('play units', 'average distance between object and basket centre at the catch line, ignoring side', 'lower'),
    'mean_reaction_time_ms': MetricInfo('ms', "average time from an object appearing to the start of the basket's movement towards where it will land (see the rule below)", 'lower'),
    'catch_rate_left_pct': MetricInfo('%', 'catch rate for objects arriving left of the screen centre (x < 640)', 'higher'),
    'catch_rate_right_pct': MetricInfo('%', 'catch rate for objects arriving right of the screen centre (x > 640)', 'higher'),
    'distractors_caught': MetricInfo('count', 'rocks that landed in the basket (empty when the level has no rocks)', 'lower'),
})

_TAPPING: Mapping[str, MetricInfo] = MappingProxyType({
    'expected_taps': MetricInfo('count', 'taps the pattern asks for (a B beat asks for two, a rest for none)', ''),
    'hits': MetricInfo('count', 'expected taps made on time with the right hand', 'higher'),
    'misses': MetricInfo('count', 'expected taps not made (expected − hits)', 'lower'),
    'wrong_hand': MetricInfo('count', "taps within a beat's window by the hand that beat did not ask for", 'lower'),
    'extra_taps': MetricInfo('count', 'all other taps: between beats, during the lead-in, a second tap of the same hand, taps on a rest beat', 'lower'),
    'accuracy_pct': MetricInfo('%', 'hits / expected taps × 100', 'higher'),
    'mean_asynchrony_ms': MetricInfo('ms', 'average of tap − beat over hits; negative = early. Young children often tap late: that is normal', ''),
    'sd_asynchrony_ms': MetricInfo('ms', 'how much that varies (sample SD, n − 1; needs 2 hits)', 'lower'),
    'mean_iti_ms': MetricInfo('ms', "average interval between one hand's hits on its successive beats (metronome beats; an interval across a miss is left out; both hands pooled)", ''),
    'iti_cv_pct': MetricInfo('%', 'steadiness of those intervals: 100 × SD / mean (sample SD)', 'lower'),
    'bimanual_asynchrony_ms': MetricInfo('ms', 'on both beats hit by both hands: mean |right − left|', 'lower'),
    'bimanual_lag_ms': MetricInfo('ms', 'same, signed: mean right − left (positive = right hand later)', ''),
    'relative_phase_deg': MetricInfo('degrees', 'alternating patterns only: where the right tap falls between the left taps before and after it, 360 × (right − left before)/(left after − left before), circular mean, 0-360; 180 = exactly halfway', ''),
    'relative_phase_sd_deg': MetricInfo('degrees', 'circular SD of that phase, sqrt(−2 ln R)', 'lower'),
    'continuation_mean_iti_ms': MetricInfo('ms', "with continuation beats: mean interval between one hand's successive taps once the metronome has stopped (from the first continuation beat's window)", ''),
    'continuation_iti_cv_pct': MetricInfo('%', 'steadiness of those intervals, 100 × SD / mean', 'lower'),
})

GLOSSARY: Mapping[str, Mapping[str, MetricInfo]] = MappingProxyType({
    "tracing": MappingProxyType(_TRACING),
    "catching": MappingProxyType(_CATCHING),
    "tapping": MappingProxyType(_TAPPING),
})


def metric_info(game: str, name: str) -> MetricInfo:
    return GLOSSARY[game][name]
