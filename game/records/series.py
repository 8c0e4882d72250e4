"""Progress over time for one child and game: the points a chart or a report draws.

Pure: reads records into points, and into plain values for game.records.trends, never draws. Each
point keeps the level's difficulty as played (stored with the attempt), so progress at the same
difficulty can be told from progress by easier levels.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from types import MappingProxyType
from typing import Iterable, Mapping

from game.games import GAMES
from game.records.rows import AttemptRow
from game.records.trends import Sample, Trend, metric_trend

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


def samples(rows: Iterable[AttemptRow], game: str, metric: str, *, start: date | None = None,
            end: date | None = None) -> list[Sample]:
    """The attempts of `game` as plain values for game.records.trends (stopped ones marked, not dropped)."""
    out = []
    for row in rows:
        if row.game != game:
            continue
        when = local(row.started_at)
        if not in_range(when, start, end):
            continue
        value = row.metrics.get(metric)
        number = float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None
        out.append(Sample(row.session_id, when, number, difficulty_of(row), row.status == "finished"))
    return out


def game_trends(rows: Iterable[AttemptRow], game: str, *, start: date | None = None,
                end: date | None = None) -> dict[str, Trend]:
    """The trend of each charted metric of `game`: what the progress screen, the report and the
    `progress` command all say (see game.records.trends)."""
    rows = list(rows)
    return {m: metric_trend(game, m, samples(rows, game, m, start=start, end=end)) for m in KEY_METRICS[game]}
