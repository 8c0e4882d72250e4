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
from game.metrics.millimetres import SETTINGS_KEY, mm_per_unit_of
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


def difficulty_mm_of(row: AttemptRow) -> dict[str, object]:
    """The millimetre twins of its difficulty values, kept beside them with the attempt's screen scale
    ({} for an attempt from before millimetres; each None when the screen was not measured)."""
    screen = (row.settings or {}).get(SETTINGS_KEY)
    twins = screen.get("difficulty_mm") if isinstance(screen, dict) else None
    return dict(twins) if isinstance(twins, dict) else {}


@dataclass(frozen=True)
class Units:
    """What a chart or report of one game shows: millimetres when every attempt shown was played on a
    measured screen, play units otherwise (with `note` saying why, when something spatial is shown)."""

    mm: bool
    metrics: tuple[str, ...]      # the charted metrics, or their millimetre twins
    difficulty: str               # the difficulty axis's key, or its millimetre twin
    note: str                     # '' in millimetres, or when nothing shown has a unit of length


PLAY_UNITS_NOTE = "Distances in play units: not every attempt shown was played on a measured screen (Screen size)."



def units_for(rows: Iterable[AttemptRow], game: str, *, start: date | None = None, end: date | None = None) -> Units:
    """Millimetres or play units for this game's charts: one rule for the progress screen, the report and
    the `progress` command."""
    g = GAMES[game]
    shown = [r for r in rows if r.game == game and r.status == "finished" and in_range(local(r.started_at), start, end)]
    mm = bool(shown) and all(mm_per_unit_of(r.settings) is not None for r in shown)
    spatial = any(g.twin_of(m) for m in g.charted) or bool(g.twin_of(g.axis.key))
    if not mm:
        return Units(False, g.charted, g.axis.key, PLAY_UNITS_NOTE if spatial and shown else "")
    return Units(True, tuple(g.twin_of(m) or m for m in g.charted), g.twin_of(g.axis.key) or g.axis.key, "")


def series(rows: Iterable[AttemptRow], game: str, metric: str, *, start: date | None = None,
           end: date | None = None, include_abandoned: bool = False, difficulty: str | None = None) -> list[Point]:
    """One point per attempt of `game`, oldest first (rows as Database.attempts() yields them), each with
    its value of `difficulty` (default: the game's axis; or its millimetre twin)."""
    field = difficulty or DIFFICULTY_FIELD.get(game)
    points = []
    cache: dict[tuple[str, float | None], dict[str, object]] = {}
    for row in rows:
        if row.game != game or (row.status != "finished" and not include_abandoned):
            continue
        when = local(row.started_at)
        if not in_range(when, start, end):
            continue
        key = (row.level_sha256, mm_per_unit_of(row.settings))
        if key not in cache:
            cache[key] = {**difficulty_of(row), **difficulty_mm_of(row)}
        value = row.metrics.get(metric)
        diff = cache[key].get(field) if field else None
        points.append(Point(row.id, when, None if value is None else float(value), row.level_title,
                            diff if isinstance(diff, (int, float, str)) else None, row.status))
    return points


def samples(rows: Iterable[AttemptRow], game: str, metric: str, *, start: date | None = None,
            end: date | None = None, in_mm: bool = False) -> list[Sample]:
    """The attempts of `game` as plain values for game.records.trends (stopped ones marked, not dropped);
    `in_mm`: their difficulty with its millimetre twins (units_for(...).mm)."""
    out = []
    for row in rows:
        if row.game != game:
            continue
        when = local(row.started_at)
        if not in_range(when, start, end):
            continue
        value = row.metrics.get(metric)
        number = float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None
        # A metric in millimetres is compared at the same difficulty in millimetres too: the same level on a
        # larger screen is a wider corridor.
        difficulty = {**difficulty_of(row), **difficulty_mm_of(row)} if in_mm else difficulty_of(row)
        out.append(Sample(row.session_id, when, number, difficulty, row.status == "finished"))
    return out


def game_trends(rows: Iterable[AttemptRow], game: str, *, start: date | None = None,
                end: date | None = None) -> dict[str, Trend]:
    """The trend of each charted metric of `game` (in millimetres when units_for says so): what the progress
    screen, the report and the `progress` command all say (see game.records.trends)."""
    rows = list(rows)
    units = units_for(rows, game, start=start, end=end)
    return {m: metric_trend(game, m, samples(rows, game, m, start=start, end=end, in_mm=units.mm))
            for m in units.metrics}
