"""The metronome's click track: every click of an attempt at an exact sample of one audio stream.

A click due t seconds after the stream's first sample starts at sample round(t * rate), so the
interval between any two clicks is the nominal one to the nearest sample (at 44.1 kHz, within
11 µs), whatever the app loop or the mixer's buffers are doing at that moment. The track is made
in segments as the stream plays, so a long, slow level never holds its whole track in memory.
A click whose start falls before the stream's first sample (the stream began a fraction of a ms
after it was due) keeps its place: only its first samples are missing.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np


def click_positions(times_s: Sequence[float], rate: int, click_len: int) -> list[int]:
    """Sample index of each click, for click times in seconds from the stream's first sample; clicks
    that would have ended before the stream began are left out."""
    positions = [int(round(t * rate)) for t in times_s]
    return [p for p in positions if p + click_len > 0]


def track_length(positions: Sequence[int], click_len: int) -> int:
    """Samples in the whole track: up to the end of its last click (0 without clicks)."""
    return max((p + click_len for p in positions), default=0)


def render(positions: Sequence[int], wave: np.ndarray, start: int, length: int) -> np.ndarray:
    """Samples [start, start + length) of the track: `wave` (one click, samples x channels or mono,
    any numeric dtype) added at each position, in the wave's own dtype, clipped to its range."""
    out = np.zeros((length, *wave.shape[1:]), dtype=np.float64)
    n = len(wave)
    for p in positions:
        lo, hi = max(p, start), min(p + n, start + length)
        if lo < hi:
            out[lo - start:hi - start] += wave[lo - p:hi - p]
    if np.issubdtype(wave.dtype, np.integer):
        info = np.iinfo(wave.dtype)
        out = np.clip(np.round(out), info.min, info.max)
    return np.ascontiguousarray(out.astype(wave.dtype))


def segments(total: int, segment: int) -> list[tuple[int, int]]:
    """(start, length) of consecutive segments covering [0, total), each `segment` long but the last."""
    if segment <= 0:
        raise ValueError(f"segment must be positive, got {segment}")
    return [(s, min(segment, total - s)) for s in range(0, total, segment)]
