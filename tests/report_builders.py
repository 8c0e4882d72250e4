"""A child's records over several days, made by real headless plays of all three games (for report tests)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from game.events import Event
from game.games.catching.rules import schedule
from game.games.tapping.rules import beat_schedule
from game.games.tracing.demo import demo_trace
from game.headless import play_headless
from game.levels.loader import LoadedLevel, load_level
from game.records.db import Database
from tests.catching_builders import chase

ROOT = Path(__file__).resolve().parent.parent
LEVELS = ROOT / "levels"
CHILD = "Mia"
# Local wall times of the sessions, one game after another on each day.
DAYS = (datetime(2026, 3, 2, 10, 0), datetime(2026, 3, 5, 10, 0), datetime(2026, 3, 9, 10, 0),
        datetime(2026, 3, 12, 10, 0))
START_MINUTES = (0, 12, 24)          # tracing, catching, tapping: minutes after the day's start
PLAY_SECONDS = (30.0, 60.0, 45.0)    # how long each attempt lasted
SESSION_NOTE = "Calm and focused today; used the index finger."
ATTEMPT_NOTE = "Tapped with both hands together; a little late on beat 3."
CHANGE_REASON = "2 successes in a row: one step harder"


def tapping_taps(loaded: LoadedLevel, late_ms: list[float]) -> list[Event]:
    """Tap every hand each beat asks for, beat k late by late_ms[k % len(late_ms)] (both hands together)."""
    out = []
    for b in beat_schedule(loaded.level.tapping):
        for side, hand in (("left", "L"), ("right", "R")):
            if hand in b.hands:
                out.append(Event(round(b.t + late_ms[b.index % len(late_ms)] / 1000.0, 6), "tap", side=side))
    return sorted(out, key=lambda e: e.t)


def utc_iso(local_wall: datetime) -> str:
    return local_wall.astimezone(timezone.utc).isoformat(timespec="milliseconds")


def place_session(db: Database, session_id: int, start: datetime, seconds: float) -> None:
    """Put a one-attempt session at `start` (local wall time): the attempt lasts `seconds`, the session 5 s more.

    Headless play runs faster than real time; this gives the records the dates and durations of real play.
    """
    (attempt_id,), = db.conn.execute("SELECT id FROM attempts WHERE session_id = ?", (session_id,)).fetchall()
    with db.conn:
        db.conn.execute("UPDATE attempts SET started_at = ?, ended_at = ? WHERE id = ?",
                        (utc_iso(start), utc_iso(start + timedelta(seconds=seconds)), attempt_id))
        db.conn.execute("UPDATE sessions SET started_at = ?, ended_at = ? WHERE id = ?",
                        (utc_iso(start), utc_iso(start + timedelta(seconds=seconds + 5)), session_id))


@dataclass(frozen=True)
class Filled:
    data_dir: Path
    child: str
    attempts: int
    sessions: int


def fill(data_dir: Path) -> Filled:
    """Four days; on each, a tracing, a catching and a tapping play, getting a little better each day.

    Tracing moves from a wide corridor (Little hills, tolerance 50) to a narrower one (Mountains) on day 3,
    with an adaptive change recorded; day 2 has a session note, day 4 a note on an attempt.
    """
    db = Database.open(data_dir)
    try:
        child = db.get_or_add_child(CHILD, "fox")
        hills = load_level(LEVELS / "tracing" / "05_hills.toml")
        mountains = load_level(LEVELS / "tracing" / "06_mountains.toml")
        apples = load_level(LEVELS / "catching" / "01_apple_rain.toml")
        drums = load_level(LEVELS / "tapping" / "03_both_slow.toml")
        flights = schedule(apples.level.catching)
        for k, when in enumerate(DAYS):
            trace_level = hills if k < 2 else mountains
            plays = [
                (trace_level, demo_trace(trace_level, offset=(16.0, 11.0, 9.0, 5.0)[k])),
                (apples, chase(flights, delay=(0.6, 0.5, 0.4, 0.3)[k], offset=(150.0, 0.0, 0.0, 0.0)[k])),
                (drums, tapping_taps(drums, [(90, 60, 40, 30)[k], (30, 20, 30, 20)[k], (110, 80, 50, 40)[k]])),
            ]
            day_sessions = []
            for j, (loaded, events) in enumerate(plays):
                assert play_headless(db, child, loaded, events) == 1
                sid = db.conn.execute("SELECT MAX(session_id) FROM attempts").fetchone()[0]
                place_session(db, sid, when + timedelta(minutes=START_MINUTES[j]), PLAY_SECONDS[j])
                day_sessions.append(sid)
            # one session per day, as when a child plays the three games in a row
            with db.conn:
                db.conn.execute(f"UPDATE attempts SET session_id = ? WHERE session_id IN "
                                f"({','.join('?' * len(day_sessions))})", (day_sessions[0], *day_sessions))
            if k == 1:
                with db.conn:
                    db.conn.execute("UPDATE sessions SET note = ? WHERE id = ?", (SESSION_NOTE, day_sessions[0]))
            if k == 2:
                first_mountains = db.conn.execute(
                    "SELECT MIN(id) FROM attempts WHERE level_title = ?", (mountains.title,)).fetchone()[0]
                db.record_adaptive_change(child.id, "tracing", first_mountains, "tolerance", 50, 46, CHANGE_REASON)
                with db.conn:
                    db.conn.execute("UPDATE adaptive_changes SET changed_at = ?", (utc_iso(when),))
        last = db.conn.execute("SELECT MAX(id) FROM attempts WHERE game = 'tapping'").fetchone()[0]
        db.add_note(child.id, ATTEMPT_NOTE, attempt_id=last)
        attempts = db.conn.execute("SELECT COUNT(*) FROM attempts").fetchone()[0]
    finally:
        db.close()
    return Filled(data_dir, CHILD, attempts, len(DAYS))
