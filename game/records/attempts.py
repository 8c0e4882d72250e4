"""Turn a finished (or stopped) attempt into a record and save it at once."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Sequence

from game.events import Event, events_to_jsonl
from game.games import GAMES
from game.levels.loader import LoadedLevel, level_ref
from game.metrics.millimetres import SETTINGS_KEY, difficulty_twins, mm_per_unit_of
from game.records.db import AttemptRecord, Database, Stored, now_utc
from game.scoring import score_attempt


@dataclass(frozen=True)
class SavedAttempt:
    attempt_id: int | None       # None when it is not in the records file (the message says why)
    metrics: dict
    stars: int
    status: str
    message: str = ""
    kept_in: str | None = None   # not in the records file but kept safe here, added the next time they open
    session_id: int | None = None
    record: AttemptRecord | None = None
    earlier: tuple["SavedAttempt", ...] = ()   # attempts that waited and were settled by this save, oldest first


def _saved(s: Stored) -> SavedAttempt:
    a = s.record
    return SavedAttempt(s.attempt_id, a.metrics, a.stars, a.status, s.problem,
                        str(s.kept_in) if s.kept_in is not None else None, s.session_id, a)


def save_attempt(db: Database, *, session_id: int | None, child_id: int, loaded: LoadedLevel,
                 events: Sequence[Event], status: str, started_at: str, app_version: str, screen: tuple[int, int],
                 attempt_no: int = 1, seed: int | None = None, settings: dict | None = None,
                 session_started_at: str | None = None, ended_at: str | None = None,
                 access: dict | None = None) -> SavedAttempt:
    """Score with the same code `score` uses, then write one transaction (with the level's difficulty
    values as played, so no reader has to parse the level text again).

    `settings` are scoring's options; `access`, the child's access options (game.records.access), is
    recorded beside them as settings["access"] and never reaches scoring.

    If the records file cannot take it, the attempt is kept (see Database.store_attempt) and still
    scored: the child sees their stars either way.
    """
    game = GAMES[loaded.game]
    metrics = score_attempt(loaded, events, **(settings or {}))
    stars = game.stars(metrics) if status == "finished" else 0   # a stopped attempt earns no star
    difficulty = dict(game.difficulty(loaded.level))
    if settings and isinstance(settings.get(SETTINGS_KEY), dict):
        # Beside the difficulty as played, its millimetre twins on this screen (None: not measured).
        scale = dict(settings[SETTINGS_KEY], difficulty_mm=difficulty_twins(game, difficulty, mm_per_unit_of(settings)))
        settings = {**settings, SETTINGS_KEY: scale}
    if access is not None:
        settings = {**(settings or {}), "access": access}
    record = AttemptRecord(
        session_id=session_id, child_id=child_id, game=loaded.game, level_path=level_ref(loaded.path),
        level_title=loaded.title, level_text=loaded.text, level_sha256=loaded.sha256, started_at=started_at,
        ended_at=ended_at or now_utc(), status=status, stars=stars, metrics=metrics, events_jsonl=events_to_jsonl(events),
        app_version=app_version, screen_w=int(screen[0]), screen_h=int(screen[1]), attempt_no=attempt_no,
        seed=seed, settings=settings, session_started_at=session_started_at,
        difficulty=difficulty)
    outcomes = db.store_attempt(record)
    mine = next(s for s in outcomes if s.record is record)
    earlier = tuple(_saved(s) for s in outcomes if s.record is not record)
    return replace(_saved(mine), metrics=metrics, earlier=earlier)


def scoring_options(settings: dict | None) -> dict:
    """The options scoring takes from an attempt's stored settings: all but what is recorded only to be
    read (the access options the child played with)."""
    return {k: v for k, v in (settings or {}).items() if k != "access"}


def retry_unsaved(db: Database) -> list[SavedAttempt]:
    """Try the attempts still waiting again; what became of those it settled (stored, or newly kept)."""
    if not db.pending:
        return []
    return [_saved(s) for s in db.retry_pending()]


def waiting_notice(db: Database) -> str | None:
    """For the results screen: plain words when some play is not in the records file yet."""
    kept, only_in_memory = db.unsaved_counts()
    if only_in_memory:
        return ("The computer's disk is full, so this play is not saved yet. "
                "A grown-up can free some space to keep it.")
    if kept:
        return ("The computer's disk is full. This play is kept safe and will be added to the records "
                "the next time MotorPlay starts.")
    return None
