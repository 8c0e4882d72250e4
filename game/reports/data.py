"""Gather what a report shows for one child and date range, from the records. Pure: no drawing, no files.

Everything is computed here once (summaries, series, trends, sessions, notes, adaptive changes), so the
HTML and PDF writers only lay it out and both say exactly the same thing.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from typing import Iterable, Mapping, Sequence

from game.games import GAMES
from game.games.definition import Metric
from game.metrics.glossary import metric_info
from game.records.db import Child, Database
from game.records.rows import AttemptRow, SessionOverview
from game.records.series import (
    Point,
    in_range,
    local,
    samples,
    series,
    units_for,
)
from game.records.trends import Trend, metric_trend
from game.reports.words import (
    DIFFICULTY_INFO,
    GAME_TITLES,
    DifficultyInfo,
    difficulty_info,
)


@dataclass(frozen=True)
class MetricSummary:
    game: str
    metric: str
    label: str
    info: Metric
    decimals: int
    points: tuple[Point, ...]      # finished attempts in range, oldest first
    trend: Trend                   # from game.records.trends: the same words as the progress screen
    latest: Point | None
    best: Point | None             # None when neither higher nor lower is better
    direction: str                 # better | worse | steady | unknown
    trend_words: str


@dataclass(frozen=True)
class ChangeRow:
    when: datetime
    game: str
    field: str
    old: float | None
    new: float
    unit: str
    reason: str
    attempt_id: int | None


@dataclass(frozen=True)
class GameSummary:
    game: str
    title: str
    attempts: int                  # in range, finished and stopped
    finished: int
    sessions: int
    seconds_played: float
    first: datetime
    last: datetime
    levels: tuple[str, ...]        # titles, in the order first played
    metrics: tuple[MetricSummary, ...]
    difficulty_field: str
    difficulty: DifficultyInfo
    difficulty_first: float | None
    difficulty_last: float | None
    difficulty_changed: bool
    changes: tuple[ChangeRow, ...]
    units_note: str = ""           # play units shown where millimetres could be: why ('' otherwise)


@dataclass(frozen=True)
class SessionRow:
    when: datetime
    duration_s: float | None
    attempts: int
    games: tuple[str, ...]
    levels: str
    notes: tuple[str, ...]


@dataclass(frozen=True)
class NoteRow:
    when: datetime
    about: str
    text: str


@dataclass(frozen=True)
class ReportData:
    child: str
    start: date | None             # as asked (None: from the first record)
    end: date | None
    first: date | None             # first and last day with an attempt in range
    last: date | None
    generated: datetime
    games: tuple[GameSummary, ...]
    sessions: tuple[SessionRow, ...]
    notes: tuple[NoteRow, ...]
    changes: tuple[ChangeRow, ...]


def seconds_between(a: str | None, b: str | None) -> float | None:
    if not a or not b:
        return None
    return max(0.0, (datetime.fromisoformat(b) - datetime.fromisoformat(a)).total_seconds())


def summarize_metric(game: str, metric: str, rows: Sequence[AttemptRow], start: date | None,
                     end: date | None, difficulty: str | None = None, in_mm: bool = False) -> MetricSummary:
    info = metric_info(game, metric)
    decimals = info.decimals
    points = tuple(series(rows, game, metric, start=start, end=end, difficulty=difficulty))
    valued = [p for p in points if p.value is not None]
    tr = metric_trend(game, metric, samples(rows, game, metric, start=start, end=end, in_mm=in_mm))
    best = None
    if valued and info.better in ("higher", "lower"):
        pick = max if info.better == "higher" else min
        best = pick(valued, key=lambda p: p.value)  # type: ignore[arg-type,return-value]
    return MetricSummary(game, metric, info.label, info, decimals, points, tr,
                         valued[-1] if valued else None, best, tr.direction, tr.words)


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def summarize_game(game: str, rows: Sequence[AttemptRow], start: date | None, end: date | None,
                   changes: Sequence[ChangeRow]) -> GameSummary | None:
    mine = [r for r in rows if r.game == game]
    if not mine:
        return None
    units = units_for(mine, game, start=start, end=end)
    field = units.difficulty
    metrics = tuple(summarize_metric(game, m, mine, start, end, field, units.mm) for m in units.metrics)
    diffs = [d for p in metrics[0].points if (d := _number(p.difficulty)) is not None]
    levels: list[str] = []
    for r in mine:
        if r.level_title not in levels:
            levels.append(r.level_title)
    played = sum(seconds_between(r.started_at, r.ended_at) or 0.0 for r in mine)
    return GameSummary(
        game=game, title=GAME_TITLES.get(game, game.title()), attempts=len(mine),
        finished=sum(1 for r in mine if r.status == "finished"),
        sessions=len({r.session_id for r in mine}), seconds_played=played,
        first=local(mine[0].started_at), last=local(mine[-1].started_at), levels=tuple(levels),
        metrics=metrics, difficulty_field=field, difficulty=difficulty_info(game, field), units_note=units.note,
        difficulty_first=diffs[0] if diffs else None, difficulty_last=diffs[-1] if diffs else None,
        difficulty_changed=len(set(diffs)) > 1, changes=tuple(c for c in changes if c.game == game))


def _changes(db: Database, child: Child, start: date | None, end: date | None) -> list[ChangeRow]:
    out = []
    for c in db.adaptive_changes(child.id):
        when = local(c.changed_at)
        if not in_range(when, start, end):
            continue
        info = DIFFICULTY_INFO.get(c.field)
        out.append(ChangeRow(when, c.game, c.field, c.old_value, float(c.new_value),
                             info.unit if info else "", c.reason, c.attempt_id))
    return out


def _sessions(sessions: Iterable[SessionOverview], rows: Sequence[AttemptRow],
              notes_by_session: Mapping[int, list[str]]) -> list[SessionRow]:
    games_by_session: dict[int, list[str]] = {}
    levels_by_session: dict[int, list[str]] = {}   # in the order played
    per_session = Counter(r.session_id for r in rows)
    for r in rows:
        g = games_by_session.setdefault(r.session_id, [])
        if r.game not in g:
            g.append(r.game)
        lv = levels_by_session.setdefault(r.session_id, [])
        if r.level_title not in lv:
            lv.append(r.level_title)
    out = []
    for s in sessions:
        notes = tuple(([s.note] if s.note else []) + notes_by_session.get(s.id, []))
        attempts = per_session.get(s.id, 0)
        if not attempts and not notes:
            continue   # opened and left without playing: nothing to report
        # A session row is written when it starts being recorded, which can be a moment after its first
        # attempt began: the session spans from the earlier of the two to the later of its ends.
        begin = min((t for t in (s.started_at, s.first_at) if t), key=datetime.fromisoformat)
        ends = [t for t in (s.ended_at, s.last_at) if t]
        finish = max(ends, key=datetime.fromisoformat) if ends else None
        out.append(SessionRow(local(begin), seconds_between(begin, finish), attempts,
                              tuple(games_by_session.get(s.id, [])), ", ".join(levels_by_session.get(s.id, [])),
                              notes))
    out.sort(key=lambda s: s.when)
    return out


def gather(db: Database, child: Child, start: date | None = None, end: date | None = None,
           now: datetime | None = None) -> ReportData:
    """Everything the report shows for this child between start and end (local dates, both included)."""
    all_rows = list(db.attempts(child.name, with_events=False))  # events are not in a report
    rows = [r for r in all_rows if in_range(local(r.started_at), start, end)]
    by_id = {r.id: r for r in all_rows}
    all_sessions = db.sessions(child.id)
    session_when = {s.id: local(s.started_at) for s in all_sessions}
    notes: list[NoteRow] = []
    notes_by_session: dict[int, list[str]] = {}
    for n in db.notes(child.id):
        attempt = by_id.get(n.attempt_id) if n.attempt_id else None
        if attempt is not None:
            when = local(attempt.started_at)
            about = f"{GAME_TITLES.get(attempt.game, attempt.game)}: {attempt.level_title}"
            sid = attempt.session_id
        elif n.session_id in session_when:
            when, about, sid = session_when[n.session_id], "session", n.session_id
        else:
            when, about, sid = local(n.created_at), "general", None
        if not in_range(when, start, end):
            continue
        notes.append(NoteRow(when, about, n.text))
        if sid is not None:
            notes_by_session.setdefault(sid, []).append(n.text if about in ("session", "general")
                                                        else f"{about} — {n.text}")
    notes.sort(key=lambda n: n.when)
    changes = _changes(db, child, start, end)
    games = tuple(g for name in GAMES if (g := summarize_game(name, rows, start, end, changes)) is not None)
    sessions = _sessions((s for s in all_sessions if in_range(session_when[s.id], start, end)), rows,
                         notes_by_session)
    return ReportData(
        child=child.name, start=start, end=end,
        first=local(rows[0].started_at).date() if rows else None,
        last=local(rows[-1].started_at).date() if rows else None,
        generated=now or datetime.now().astimezone(), games=games, sessions=tuple(sessions),
        notes=tuple(notes), changes=tuple(changes))
