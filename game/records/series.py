"""Progress over time for one child and game: the points a chart or a report draws.

Pure: reads records, computes series and trends, never draws. Each point keeps the level's
difficulty as played (parsed from the level text stored with the attempt), so progress at the
same difficulty can be told from progress by easier levels.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from types import MappingProxyType
from typing import Iterable, Mapping, Sequence

import numpy as np

from game.games import GAMES
from game.records.rows import AttemptRow

# The numbers per game a therapist watches first, and its difficulty axis: from each game's tables.
KEY_METRICS: Mapping[str, tuple[str, ...]] = MappingProxyType({name: g.charted for name, g in GAMES.items()})
DIFFICULTY_FIELD: Mapping[str, str] = MappingProxyType({name: g.axis.key for name, g in GAMES.items()})


@dataclass(frozen=True)
class Point:
    attempt_id: int
    when: datetime            # local time
    value: float | None
    level: str
    difficulty: float | str | None
    status: str


@dataclass(frozen=True)
class Trend:
    """Least-squares line through the points: value = intercept + slope_per_day * days since the first."""

    slope_per_day: float
    intercept: float
    first: datetime

    def at(self, when: datetime) -> float:
        return self.intercept + self.slope_per_day * (when - self.first).total_seconds() / 86400.0


def local(iso_utc: str) -> datetime:
    return datetime.fromisoformat(iso_utc).astimezone()


def in_range(when: datetime, start: date | None, end: date | None) -> bool:
    return (start is None or when.date() >= start) and (end is None or when.date() <= end)


def difficulty_of(row: AttemptRow) -> dict[str, object]:
    """The difficulty an attempt was played at, as stored with it (records version 2 on)."""
    return dict(row.difficulty or {})


def series(rows: Iterable[AttemptRow], game: str, metric: str, *, start: date | None = None,
           end: date | None = None, include_abandoned: bool = False) -> list[Point]:
    """One point per attempt of `game`, oldest first (rows as Database.attempts() yields them)."""
    field = DIFFICULTY_FIELD.get(game)
    points = []
    cache: dict[str, dict[str, object]] = {}
    for row in rows:
        if row.game != game or (row.status != "finished" and not include_abandoned):
            continue
        when = local(row.started_at)
        if not in_range(when, start, end):
            continue
        if row.level_sha256 not in cache:
            cache[row.level_sha256] = difficulty_of(row)
        value = row.metrics.get(metric)
        diff = cache[row.level_sha256].get(field) if field else None
        points.append(Point(row.id, when, None if value is None else float(value), row.level_title,
                            diff if isinstance(diff, (int, float, str)) else None, row.status))
    return points


def trend(points: Sequence[Point]) -> Trend | None:
    """Needs two points with values on different moments; None otherwise."""
    pts = [p for p in points if p.value is not None]
    if len(pts) < 2:
        return None
    first = pts[0].when
    x = np.array([(p.when - first).total_seconds() / 86400.0 for p in pts])
    y = np.array([p.value for p in pts], dtype=float)
    if np.ptp(x) == 0:
        return None
    slope, intercept = np.polyfit(x, y, 1)
    return Trend(float(slope), float(intercept), first)
