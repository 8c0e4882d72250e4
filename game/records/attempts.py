"""Turn a finished (or stopped) attempt into a record and save it at once."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from game.errors import UserError
from game.events import Event, events_to_jsonl
from game.games import GAMES
from game.levels.loader import LoadedLevel, level_ref
from game.records.db import AttemptRecord, Database, now_utc


@dataclass(frozen=True)
class SavedAttempt:
    attempt_id: int | None       # None when it could not be saved (the message says why)
    metrics: dict
    stars: int
    status: str
    message: str = ""


def save_attempt(db: Database, *, session_id: int, child_id: int, loaded: LoadedLevel, events: Sequence[Event],
                 status: str, started_at: str, app_version: str, screen: tuple[int, int], attempt_no: int = 1,
                 seed: int | None = None, settings: dict | None = None) -> SavedAttempt:
    """Score with the same code `score` uses, then write one transaction."""
    game = GAMES[loaded.game]
    metrics = game.score(loaded, events, **(settings or {}))
    stars = game.stars(metrics)
    record = AttemptRecord(
        session_id=session_id, child_id=child_id, game=loaded.game, level_path=level_ref(loaded.path),
        level_title=loaded.title, level_text=loaded.text, level_sha256=loaded.sha256, started_at=started_at,
        ended_at=now_utc(), status=status, stars=stars, metrics=metrics, events_jsonl=events_to_jsonl(events),
        app_version=app_version, screen_w=int(screen[0]), screen_h=int(screen[1]), attempt_no=attempt_no,
        seed=seed, settings=settings)
    try:
        db.flush_pending()
        attempt_id = db.add_attempt(record)
    except UserError as exc:
        # Keep it in memory and try again with the next save (say, once the disk has room).
        db.pending.append(record)
        return SavedAttempt(None, metrics, stars, status, str(exc))
    return SavedAttempt(attempt_id, metrics, stars, status)
