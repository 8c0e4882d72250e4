"""What a session is: one child's attempts with no gap longer than 30 minutes between them.

A session starts when its first attempt starts. A trip to the therapist area, a restart of the app or
a change of game in between does not start a new one; a break of more than 30 minutes does. The
records layer applies this when it stores an attempt (Database), and migration 3 regrouped the
attempts stored before it. Pure: times in, groups out.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Sequence

SESSION_GAP = timedelta(minutes=30)


def parse(iso: str) -> datetime:
    when = datetime.fromisoformat(iso)
    return when if when.tzinfo is not None else when.astimezone()


def joins(previous_started: str, previous_ended: str | None, started: str) -> bool:
    """Does an attempt that starts at `started` belong to the session of the attempt before it?"""
    last = max(parse(previous_started), parse(previous_ended)) if previous_ended else parse(previous_started)
    return parse(started) - last <= SESSION_GAP


def split(attempts: Sequence[tuple[str, str | None]]) -> list[int]:
    """Session number (0, 1, ...) of each (started_at, ended_at), given oldest first by start."""
    out: list[int] = []
    latest: datetime | None = None
    group = -1
    for started, ended in attempts:
        start = parse(started)
        if latest is None or start - latest > SESSION_GAP:
            group += 1
            latest = start
        latest = max(latest, start, parse(ended) if ended else start)
        out.append(group)
    return out
