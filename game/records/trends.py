"""Trends: is a child getting better at something, said honestly. Pure: plain values in, numbers and words out.

This is the one place that computes a trend and the one place that words it: the progress screen, the
report and `run.py progress` all call `metric_trend`, so they can never disagree.

How a trend is made (README, "How the trend words are decided"):

1. Only finished attempts with a value count; stopped ones are not measurements.
2. Only attempts at the same difficulty are compared (the same stored difficulty values, all of the
   game's difficulty fields). The trend is taken at the difficulty the child played in the most
   sessions (a tie goes to the one played most recently): that gives the most sessions to judge by,
   and the words name it. Other difficulties are left out of the trend (their dots stay on the chart).
3. One value per session: the median of the session's attempts at that difficulty (robust to one odd
   try; a day with eight tries counts as much as a day with two). Its time is its first attempt's start.
4. The slope is Theil–Sen: the median of the slopes between every pair of sessions, per week; the line
   goes through the median of value − slope × time.
5. Its 95 % interval is Sen's (1968), from Kendall's tau: the pairwise slopes in order, taken at ranks
   (N ∓ z·σ_S)/2, where N is the number of pairwise slopes, z = 1.96 and σ_S² = n(n−1)(2n+5)/18 (less the
   usual terms for tied times or values). It needs no random numbers, so it is the same every time.
6. Session-to-session noise: SEM = the standard deviation of the session values around the Theil–Sen
   line, √(Σ residual² / (n − 2)) — the child's own variability once the trend is taken out. The smallest
   real difference is SRD = 1.96 × √2 × SEM.
7. The words. Fewer than 3 sessions, or sessions on fewer than 2 different days: "not enough to tell
   yet". Otherwise "improving" or "getting worse" (from the metric table's `better`; "rising"/"falling"
   for a metric where neither way is better) only when the interval excludes zero AND the change over
   the period (|slope| × weeks from the first to the last session) is larger than the SRD. Else "steady".
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import datetime
from typing import Iterable, Mapping, Sequence

import numpy as np

from game.games import GAMES
from game.games.definition import MM_UNITS

MIN_SESSIONS = 3          # sessions at one difficulty before any trend words
MIN_DAYS = 2              # ... on at least this many different days
Z95 = 1.959963984540054   # two-sided 95 %
SRD_FACTOR = Z95 * math.sqrt(2.0)
DAYS_PER_WEEK = 7.0

NOT_ENOUGH = "not enough to tell yet"
STEADY = "steady"
IMPROVING = "improving"
WORSE = "getting worse"
RISING = "rising"
FALLING = "falling"


# --- the statistics (plain numbers) ------------------------------------------------------------------
def pairwise_slopes(x: Sequence[float], y: Sequence[float]) -> np.ndarray:
    """Slopes between every pair of points with different x, sorted."""
    xa, ya = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    i, j = np.triu_indices(len(xa), k=1)
    dx = xa[j] - xa[i]
    keep = dx != 0
    return np.sort((ya[j] - ya[i])[keep] / dx[keep])


def theil_sen(x: Sequence[float], y: Sequence[float]) -> tuple[float, float]:
    """(slope, intercept): the median of the pairwise slopes, and the median of y − slope·x.

    Needs two different x values (ValueError otherwise).
    """
    slopes = pairwise_slopes(x, y)
    if slopes.size == 0:
        raise ValueError("Theil–Sen needs at least two points at different times")
    slope = float(np.median(slopes))
    intercept = float(np.median(np.asarray(y, dtype=float) - slope * np.asarray(x, dtype=float)))
    return slope, intercept


def _tie_term(values: np.ndarray) -> float:
    _, counts = np.unique(values, return_counts=True)
    t = counts[counts > 1].astype(float)
    return float(np.sum(t * (t - 1) * (2 * t + 5)))


def sen_interval(x: Sequence[float], y: Sequence[float], z: float = Z95) -> tuple[float, float]:
    """Sen's (1968) Kendall-tau based confidence interval of the Theil–Sen slope (95 % by default).

    The pairwise slopes in order, at ranks (N − z·σ_S)/2 and (N + z·σ_S)/2 (clipped to the ends), as
    scipy.stats.theilslopes does it. With few points it widens to the whole range of pairwise slopes.
    """
    xa, ya = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    slopes = pairwise_slopes(xa, ya)
    if slopes.size == 0:
        raise ValueError("Theil–Sen needs at least two points at different times")
    n = len(xa)
    var = (n * (n - 1) * (2 * n + 5) - _tie_term(xa) - _tie_term(ya)) / 18.0
    sigma = math.sqrt(max(var, 0.0))
    count = slopes.size
    upper = min(int(round((count + z * sigma) / 2.0)), count - 1)
    lower = max(int(round((count - z * sigma) / 2.0)) - 1, 0)
    return float(slopes[lower]), float(slopes[upper])


def residual_sem(x: Sequence[float], y: Sequence[float], slope: float, intercept: float) -> float:
    """Session-to-session noise: SD of the values around the line, √(Σr²/(n − 2)) (0 with 2 points or fewer)."""
    xa, ya = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if len(xa) <= 2:
        return 0.0
    r = ya - (intercept + slope * xa)
    return float(math.sqrt(float(np.sum(r * r)) / (len(xa) - 2)))


def smallest_real_difference(sem: float) -> float:
    """SRD = 1.96 × √2 × SEM."""
    return SRD_FACTOR * sem


# --- attempts in, sessions out -------------------------------------------------------------------------
@dataclass(frozen=True)
class Sample:
    """One attempt, as plain values: which session, when it started (local), its value, its difficulty."""

    session: int | None
    when: datetime
    value: float | None
    difficulty: Mapping[str, object] = field(default_factory=dict)
    finished: bool = True


@dataclass(frozen=True)
class SessionValue:
    when: datetime        # the start of the session's first attempt at this difficulty (local)
    value: float          # median of its attempts
    n: int                # attempts it is the median of
    session: int | None = None


def difficulty_key(difficulty: Mapping[str, object]) -> str:
    """Two attempts are at the same difficulty when all their stored difficulty values are equal."""
    return json.dumps(dict(difficulty), sort_keys=True, default=str)


def _usable(samples: Iterable[Sample]) -> list[Sample]:
    return [s for s in samples if s.finished and s.value is not None and math.isfinite(float(s.value))]


def session_values(samples: Iterable[Sample]) -> list[SessionValue]:
    """One value per session (the median of its attempts), oldest first. Stopped attempts and attempts
    without a value are left out. Attempts with no session each stand alone."""
    groups: dict[object, list[Sample]] = {}
    for k, s in enumerate(_usable(samples)):
        groups.setdefault(s.session if s.session is not None else ("alone", k), []).append(s)
    out = []
    for key, members in groups.items():
        out.append(SessionValue(min(m.when for m in members), float(np.median([float(m.value) for m in members])),
                                len(members), key if isinstance(key, int) else None))
    out.sort(key=lambda v: v.when)
    return out


def chosen_difficulty(samples: Iterable[Sample]) -> Mapping[str, object] | None:
    """The difficulty played in the most sessions (ties: the one played last); None with no usable attempt."""
    sessions: dict[str, set] = {}
    last: dict[str, datetime] = {}
    values: dict[str, Mapping[str, object]] = {}
    for k, s in enumerate(_usable(samples)):
        key = difficulty_key(s.difficulty)
        sessions.setdefault(key, set()).add(s.session if s.session is not None else ("alone", k))
        last[key] = max(last.get(key, s.when), s.when)
        values[key] = s.difficulty
    if not sessions:
        return None
    best = max(sessions, key=lambda key: (len(sessions[key]), last[key]))
    return values[best]


# --- the trend and its words ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Trend:
    """A metric's trend at one difficulty, with the sentence every screen, report and command shows."""

    game: str
    metric: str
    sessions: tuple[SessionValue, ...]       # at `difficulty`, oldest first
    difficulty: Mapping[str, object] | None
    verdict: str                 # improving | getting worse | rising | falling | steady | not enough to tell yet
    direction: str               # better | worse | steady | unknown (for colours)
    words: str                   # the sentence
    slope_per_week: float | None = None
    low: float | None = None     # 95 % interval of the slope, per week
    high: float | None = None
    intercept: float | None = None   # the line's value at the first session
    sem: float | None = None
    srd: float | None = None
    change: float | None = None      # slope × weeks spanned
    days: int = 0                    # different days with a session
    other_sessions: int = 0          # sessions at other difficulties, left out

    @property
    def first(self) -> datetime | None:
        return self.sessions[0].when if self.sessions else None

    def line(self) -> tuple[tuple[datetime, float], tuple[datetime, float]] | None:
        """The trend line's two ends, at its first and last session (None without a slope): what charts draw."""
        if self.slope_per_week is None or self.intercept is None or not self.sessions:
            return None
        a, b = self.sessions[0].when, self.sessions[-1].when
        return (a, self.intercept), (b, self.intercept + self.slope_per_week * weeks_between(a, b))

    def at(self, when: datetime) -> float | None:
        """The trend line's value at a moment (None without a slope)."""
        if self.slope_per_week is None or self.intercept is None or self.first is None:
            return None
        return self.intercept + self.slope_per_week * weeks_between(self.first, when)


def weeks_between(a: datetime, b: datetime) -> float:
    return (b - a).total_seconds() / 86400.0 / DAYS_PER_WEEK


def unit_words(unit: str) -> str:
    """The unit a change is said in: a change of a percentage is in percentage points; counts and
    dimensionless numbers have none."""
    if unit == "%":
        return "percentage points"
    if unit in ("count", "true/false") or unit.startswith("dimensionless"):
        return ""
    return unit


def signed(value: float, decimals: int) -> str:
    """'+1.25', '−0.40', '0.00' (a minus sign, not a hyphen)."""
    text = f"{abs(value):,.{max(decimals, 0)}f}"
    if float(text.replace(",", "")) == 0:
        return text
    return ("+" if value > 0 else "−") + text


def plain(value: float, decimals: int) -> str:
    text = f"{abs(value):,.{max(decimals, 0)}f}"
    return text if value >= 0 or float(text.replace(",", "")) == 0 else "−" + text


def span_words(days: float) -> str:
    if days < 1.5:
        return "within one day"
    if days < 21:
        return f"over {round(days)} days"
    if days < 90:
        return f"over {round(days / 7)} weeks"
    return f"over {round(days / 30.4)} months"


def difficulty_words(game: str, difficulty: Mapping[str, object] | None) -> str:
    """'corridor half-width 30 play units' from the game's difficulty axis; '' when not recorded."""
    if not difficulty or game not in GAMES:
        return ""
    axis = GAMES[game].axis
    key, unit = axis.key, axis.unit
    twin = GAMES[game].twin_of(axis.key)
    if twin and isinstance(difficulty.get(twin), (int, float)):   # a trend in millimetres says the width in mm
        key, unit = twin, MM_UNITS.get(axis.unit, axis.unit)
    value = difficulty.get(key)
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return ""
    number = f"{value:g}" if float(value).is_integer() else f"{value:.1f}"
    return f"{axis.label.lower()} {number} {unit}".strip()


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def metric_trend(game: str, metric: str, samples: Iterable[Sample]) -> Trend:
    """The trend of one metric from a child's attempts at one game (see the module's docstring)."""
    info = GAMES[game].metric(metric)
    samples = list(samples)
    chosen = chosen_difficulty(samples)
    if chosen is None:
        return Trend(game, metric, (), None, NOT_ENOUGH, "unknown",
                     f"{NOT_ENOUGH}: no finished attempts")
    key = difficulty_key(chosen)
    mine = [s for s in samples if difficulty_key(s.difficulty) == key]
    sessions = tuple(session_values(mine))
    other = len(session_values([s for s in samples if difficulty_key(s.difficulty) != key]))
    days = len({s.when.date() for s in sessions})
    at = difficulty_words(game, chosen)
    at_words = f" at {at}" if at else ""
    left_out = f"; {_count(other, 'session')} at other difficulties left out" if other else ""
    if len(sessions) < MIN_SESSIONS or days < MIN_DAYS:
        so_far = (f"{_count(len(sessions), 'session')}, all on the same day" if len(sessions) > 1 and days < MIN_DAYS
                  else f"only {_count(len(sessions), 'session')}")
        return Trend(game, metric, sessions, chosen, NOT_ENOUGH, "unknown",
                     f"{NOT_ENOUGH}: {so_far}{at_words} (a trend needs {MIN_SESSIONS} sessions, on "
                     f"{MIN_DAYS} days or more){left_out}", days=days, other_sessions=other)
    first = sessions[0].when
    x = np.array([weeks_between(first, s.when) for s in sessions])
    y = np.array([s.value for s in sessions])
    slope, intercept = theil_sen(x, y)
    low, high = sen_interval(x, y)
    sem = residual_sem(x, y, slope, intercept)
    srd = smallest_real_difference(sem)
    span_weeks = float(x[-1] - x[0])
    change = slope * span_weeks
    real = (low > 0 or high < 0) and abs(change) > srd
    if not real:
        verdict, direction = STEADY, "steady"
    elif info.better in ("higher", "lower"):
        good = (slope > 0) == (info.better == "higher")
        verdict, direction = (IMPROVING, "better") if good else (WORSE, "worse")
    else:
        verdict, direction = (RISING if slope > 0 else FALLING), ("up" if slope > 0 else "down")
    d = info.decimals
    unit = unit_words(info.unit)
    u = f" {unit}" if unit else ""
    better = f"; {info.better} is better" if info.better else ""
    words = (f"{verdict}: {signed(slope, d)}{u} per week (95 % interval {plain(low, d)}{u} to {plain(high, d)}{u}), "
             f"{_count(len(sessions), 'session')} {span_words(span_weeks * DAYS_PER_WEEK)}{at_words}{better}"
             f"{left_out}")
    return Trend(game, metric, sessions, chosen, verdict, direction, words, slope, low, high, intercept, sem, srd,
                 change, days, other)


def as_json(t: Trend) -> dict:
    """The `progress --json` form of one metric: its sessions and its trend."""
    return {"sessions": [{"date": s.when.strftime("%Y-%m-%dT%H:%M"), "value": s.value, "n": s.n}
                         for s in t.sessions],
            "trend": {"slope_per_week": t.slope_per_week, "low": t.low, "high": t.high, "words": t.words}}
