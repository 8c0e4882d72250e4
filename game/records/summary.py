"""Light read-only views of the records for the therapist's screens.

`Database.attempts()` carries every attempt's events and level text (tens of kB each), which is
right for export and replay but far too heavy to list 1,000 attempts on a tablet; these read
only the columns a list shows.
"""
from __future__ import annotations

from dataclasses import dataclass

from game.records.db import Database
from game.records.rows import LISTING_COLUMNS, AttemptListing, SessionOverview


@dataclass(frozen=True)
class ChildSummary:
    attempts: int
    sessions: int          # sessions with at least one attempt
    last_played: str | None  # ISO UTC of the latest attempt's end


def child_summary(db: Database, child_id: int) -> ChildSummary:
    r = db.conn.execute("SELECT COUNT(*) AS n, COUNT(DISTINCT session_id) AS s, MAX(ended_at) AS last "
                        "FROM attempts WHERE child_id = ?", (child_id,)).fetchone()
    return ChildSummary(int(r["n"]), int(r["s"]), r["last"])


def attempt_count(db: Database, child_id: int) -> int:
    return child_summary(db, child_id).attempts


def session_attempts(db: Database, session_id: int) -> list[AttemptListing]:
    """A session's attempts in the order played, without events or level text."""
    rows = db.conn.execute(f"SELECT {LISTING_COLUMNS} FROM attempts WHERE session_id = ? ORDER BY started_at, id",
                           (session_id,))
    return [AttemptListing.from_row(r) for r in rows]


def played_sessions(db: Database, child_id: int) -> list[SessionOverview]:
    """The child's sessions that hold attempts, newest first (opening the app and leaving is not a session)."""
    return [s for s in db.sessions(child_id) if s.attempts]
