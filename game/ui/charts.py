"""Chart geometry for the progress screens: value -> pixel mapping, nice ticks, date ticks.

Pure (no pygame), so the numbers a therapist reads off a chart are tested exactly: the scene
only draws where these functions say.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Sequence

NICE_STEPS = (1.0, 2.0, 2.5, 5.0, 10.0)

# Steps for time axes, shortest first: (seconds, label kind)
TIME_STEPS: tuple[tuple[int, str], ...] = (
    (60, "time"), (5 * 60, "time"), (15 * 60, "time"), (30 * 60, "time"), (3600, "time"),
    (3 * 3600, "time"), (6 * 3600, "time"), (12 * 3600, "time"),
    (86400, "day"), (2 * 86400, "day"), (7 * 86400, "day"), (14 * 86400, "day"),
    (30 * 86400, "month"), (61 * 86400, "month"), (91 * 86400, "month"), (182 * 86400, "month"), (365 * 86400, "month"),
)
MIN_TIME_SPAN_S = 3600.0   # a handful of attempts a few seconds apart still get a readable axis


@dataclass(frozen=True)
class Scale:
    """Linear map from data [d0, d1] to pixels [p0, p1] (p1 < p0 for a y axis pointing up)."""

    d0: float
    d1: float
    p0: float
    p1: float

    def px(self, value: float) -> float:
        if self.d1 == self.d0:
            return (self.p0 + self.p1) / 2
        return self.p0 + (value - self.d0) * (self.p1 - self.p0) / (self.d1 - self.d0)

    def value(self, px: float) -> float:
        if self.p1 == self.p0:
            return self.d0
        return self.d0 + (px - self.p0) * (self.d1 - self.d0) / (self.p1 - self.p0)


def nice_step(span: float, max_ticks: int = 5) -> float:
    """The smallest of 1, 2, 2.5, 5 x 10^k giving at most `max_ticks` intervals over `span`."""
    if span <= 0 or not math.isfinite(span):
        return 1.0
    raw = span / max(max_ticks, 1)
    mag = 10.0 ** math.floor(math.log10(raw))
    for m in NICE_STEPS:
        step = m * mag
        if step >= raw * (1 - 1e-9):
            return step
    return 10.0 * mag


def nice_range(lo: float, hi: float, max_ticks: int = 5) -> tuple[float, float, list[float]]:
    """Bounds widened to whole steps, and the ticks between them (inclusive)."""
    if hi < lo:
        lo, hi = hi, lo
    if hi == lo:
        pad = abs(lo) * 0.1 or 1.0
        lo, hi = lo - pad, hi + pad
    step = nice_step(hi - lo, max_ticks)
    start = math.floor(lo / step + 1e-9) * step
    end = math.ceil(hi / step - 1e-9) * step
    n = int(round((end - start) / step))
    ticks = [_clean(start + k * step) for k in range(n + 1)]
    return ticks[0], ticks[-1], ticks


def _clean(x: float) -> float:
    """Round away float noise (0.30000000000000004 -> 0.3) so labels and tests read clean numbers."""
    return float(f"{x:.10g}") + 0.0


def value_range(values: Sequence[float], unit: str, max_ticks: int = 5) -> tuple[float, float, list[float]]:
    """A y range a therapist can compare between charts.

    Percentages always run 0-100. Other non-negative measures start at 0 (a distance or a time
    drawn from 0 does not exaggerate small changes); anything that can be negative gets nice
    bounds around its values.
    """
    if unit == "%":
        return nice_range(0.0, 100.0, max_ticks)
    vals = [float(v) for v in values if v is not None and math.isfinite(v)]
    if not vals:
        return nice_range(0.0, 1.0, max_ticks)
    lo, hi = min(vals), max(vals)
    if lo >= 0:
        return nice_range(0.0, hi if hi > 0 else 1.0, max_ticks)
    return nice_range(lo, hi, max_ticks)


def tick_label(value: float, step: float) -> str:
    """Enough decimals to tell neighbouring ticks apart (2.5 steps keep one), no more."""
    decimals = 0
    while decimals < 6 and abs(step * 10 ** decimals - round(step * 10 ** decimals)) > 1e-6:
        decimals += 1
    text = f"{value:.{decimals}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def time_range(whens: Sequence[datetime]) -> tuple[datetime, datetime]:
    """The time span to draw: the attempts' span plus 4% each side, at least MIN_TIME_SPAN_S."""
    lo, hi = min(whens), max(whens)
    span = (hi - lo).total_seconds()
    if span < MIN_TIME_SPAN_S:
        mid = lo + (hi - lo) / 2
        half = timedelta(seconds=MIN_TIME_SPAN_S / 2)
        return mid - half, mid + half
    pad = timedelta(seconds=span * 0.04)
    return lo - pad, hi + pad


def time_step(span_s: float, max_ticks: int = 6) -> tuple[int, str]:
    for seconds, kind in TIME_STEPS:
        if span_s / seconds <= max_ticks:
            return seconds, kind
    return TIME_STEPS[-1]


def wall_clock(t: datetime) -> datetime:
    """Naive local wall-clock time: ticks fall on local midnights whatever the UTC offset."""
    return t.astimezone().replace(tzinfo=None) if t.tzinfo is not None else t


def time_ticks(lo: datetime, hi: datetime, max_ticks: int = 6) -> tuple[list[datetime], str]:
    """Round moments between lo and hi (naive local times): whole minutes, hours, midnights, months.

    Returns the ticks and the kind of label they want: "time" (09:30), "day" (12 Mar) or
    "month" (Mar 2026).
    """
    seconds, kind = time_step((hi - lo).total_seconds(), max_ticks)
    ticks: list[datetime] = []
    if kind == "month":
        months = max(1, round(seconds / (30 * 86400)))
        t = lo.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        while t <= hi:
            if t >= lo and (t.month - 1) % months == 0:
                ticks.append(t)
            t = t.replace(year=t.year + 1, month=1) if t.month == 12 else t.replace(month=t.month + 1)
        return ticks, kind
    t = lo.replace(hour=0, minute=0, second=0, microsecond=0)
    if seconds in (7 * 86400, 14 * 86400):   # weeks start on Mondays
        t -= timedelta(days=t.weekday())
    step = timedelta(seconds=seconds)
    while t <= hi:
        if t >= lo:
            ticks.append(t)
        t += step
    return ticks, kind


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def short_date(t: datetime, with_year: bool = False) -> str:
    """12 Mar (or 12 Mar 2026): day-month-name, read the same way in every locale."""
    text = f"{t.day} {MONTHS[t.month - 1]}"
    return f"{text} {t.year}" if with_year else text


def time_label(t: datetime, kind: str) -> str:
    if kind == "time":
        return f"{t.hour:02d}:{t.minute:02d}"
    if kind == "month":
        return f"{MONTHS[t.month - 1]} {t.year}"
    return short_date(t)


def seconds_since(t: datetime, origin: datetime) -> float:
    return (t - origin).total_seconds()


def time_scale(lo: datetime, hi: datetime, p0: float, p1: float) -> Scale:
    """A Scale over seconds since `lo`: px = scale.px(seconds_since(t, lo))."""
    return Scale(0.0, (hi - lo).total_seconds(), p0, p1)


def runs(xs: Sequence[float], values: Sequence[float | None], left: float,
         right: float) -> list[tuple[float, float, float]]:
    """Runs (x0, x1, value) of equal consecutive values, for a step line and shaded bands.

    xs are sorted pixel positions of the points; a change of value is drawn midway between
    the last point of one value and the first of the next; the first run starts at `left`,
    the last ends at `right`. Points without a value (None) belong to the run around them.
    """
    groups: list[list[float]] = []   # [first x, last x, value]
    for x, v in zip(xs, values):
        if v is None:
            continue
        if groups and groups[-1][2] == float(v):
            groups[-1][1] = x
        else:
            groups.append([x, x, float(v)])
    out: list[tuple[float, float, float]] = []
    for i, (first, last, v) in enumerate(groups):
        x0 = left if i == 0 else out[-1][1]
        x1 = right if i == len(groups) - 1 else (last + groups[i + 1][0]) / 2
        out.append((x0, x1, v))
    return out
