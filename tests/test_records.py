"""Records: what a therapist exports is what was played, and a broken file is never deleted."""
from __future__ import annotations

import csv
import io
import json
import sqlite3
from dataclasses import fields, replace
from pathlib import Path

import pytest

from game.errors import UserError
from game.events import events_to_jsonl
from game.levels.loader import parse_level
from game.records.attempts import save_attempt
from game.records.db import DB_NAME, Database
from game.records.export import export_text
from game.records.rows import AttemptRow
from game.scoring import score_attempt
from tests.builders import LINE_LEVEL, line_points, polyline_events


def _save(db: Database, name: str = "Ada", offset: float = 5.0, status: str = "finished") -> int:
    child = db.get_or_add_child(name, "fox")
    session = db.start_session(child.id, "test")
    loaded = parse_level(LINE_LEVEL, "line.toml")
    events = polyline_events(line_points(200, 360 + offset, 1080, 360 + offset, 221))
    saved = save_attempt(db, session_id=session, child_id=child.id, loaded=loaded, events=events, status=status,
                         started_at="2026-11-24T10:00:00.000+00:00", app_version="test", screen=(1920, 1080))
    assert saved.attempt_id is not None
    return saved.attempt_id


def test_attempt_keeps_level_text_hash_events_and_provenance(data_dir: Path):
    db = Database.open(data_dir)
    attempt_id = _save(db)
    (row,) = db.attempts()
    assert row.id == attempt_id
    assert row.level_text == LINE_LEVEL
    assert len(row.level_sha256) == 64
    assert (row.screen_w, row.screen_h, row.app_version) == (1920, 1080, "test")
    assert row.metrics["mean_deviation"] == 5.0
    assert row.metrics["completed"] is True
    assert db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_csv_export_one_row_per_attempt_with_difficulty_and_metrics(data_dir: Path):
    db = Database.open(data_dir)
    _save(db, "Ada", 5.0)
    _save(db, "=cmd()", 12.5)
    text = export_text(list(db.attempts()), "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 2
    assert rows[0]["child"] == "Ada" and rows[0]["date"] == "2026-11-24" or rows[0]["date"].startswith("2026-11-2")
    assert rows[0]["tolerance"] == "30.0" and rows[0]["guide"] == "full"
    assert float(rows[0]["mean_deviation"]) == 5.0 and float(rows[1]["mean_deviation"]) == 12.5
    assert rows[0]["completed"] == "TRUE"
    assert rows[1]["child"] == "'=cmd()"  # a name never runs as a spreadsheet formula
    only = export_text(list(db.attempts("ada")), "csv")
    assert len(list(csv.DictReader(io.StringIO(only)))) == 1


def test_jsonl_export_rescoring_gives_the_stored_metrics(data_dir: Path):
    db = Database.open(data_dir)
    _save(db, offset=7.25)
    (line,) = export_text(list(db.attempts()), "jsonl").splitlines()
    obj = json.loads(line)
    from game.events import parse_events

    events = parse_events("".join(json.dumps(e) + "\n" for e in obj["events"]), "export")
    again = score_attempt(parse_level(obj["level_text"], obj["level_file"]), events)
    assert again == obj["metrics"]


def test_unreadable_database_is_moved_aside_not_deleted(data_dir: Path):
    (data_dir / DB_NAME).write_bytes(b"this is not a database" * 100)
    db = Database.open(data_dir)
    assert db.notice is not None and "moved to" in db.notice
    moved = [p for p in data_dir.iterdir() if p.name.startswith("motorplay-unreadable-")]
    assert len(moved) == 1 and moved[0].read_bytes().startswith(b"this is not a database")
    _save(db)
    assert len(list(db.attempts())) == 1


def test_names_are_checked(data_dir: Path):
    db = Database.open(data_dir)
    db.add_child("Ada", "cat")
    with pytest.raises(UserError, match="already a child called"):
        db.add_child("  ada ", "dog")
    with pytest.raises(UserError, match="must not be empty"):
        db.add_child("   ", "dog")


def test_full_disk_is_one_line_and_the_attempt_is_not_lost_silently(data_dir: Path):
    db = Database.open(data_dir)
    child = db.get_or_add_child("Ada", "fox")
    session = db.start_session(child.id, "test")
    # Cap the file at its current size: the next write hits "database or disk is full".
    pages = db.conn.execute("PRAGMA page_count").fetchone()[0]
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.conn.execute(f"PRAGMA max_page_count = {pages}")
    loaded = parse_level(LINE_LEVEL, "line.toml")
    events = polyline_events(line_points(200, 360, 1080, 360, 221)) * 1
    saved = save_attempt(db, session_id=session, child_id=child.id, loaded=loaded, events=events * 20,
                         status="finished", started_at="2026-11-24T10:00:00+00:00", app_version="t", screen=(1, 1))
    assert saved.attempt_id is None
    assert saved.message.endswith("could not save (the disk is full or failing; free some space and try again)")
    assert saved.metrics["completed"] is True  # still scored and shown to the child
    assert len(db.pending) == 1
    db.conn.execute("PRAGMA max_page_count = 1000000")  # room again: the next save writes both
    again = save_attempt(db, session_id=session, child_id=child.id, loaded=loaded, events=events,
                         status="finished", started_at="2026-11-24T10:01:00+00:00", app_version="t", screen=(1, 1))
    assert again.attempt_id is not None and db.pending == []
    stored = [json.loads(r["events"].splitlines()[0]) for r in db.conn.execute("SELECT events FROM attempts")]
    assert len(stored) == 2
    assert events_to_jsonl(events).splitlines()[0] == json.dumps(stored[1], separators=(", ", ": "))


def test_integrity_is_ok_after_many_attempts(data_dir: Path):
    db = Database.open(data_dir)
    for k in range(5):
        _save(db, offset=float(k))
    db.close()
    conn = sqlite3.connect(data_dir / DB_NAME)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT COUNT(*) FROM attempts").fetchone()[0] == 5


def test_attempt_lists_can_leave_the_events_out(data_dir: Path):
    db = Database.open(data_dir)
    _save(db)
    (full,) = db.attempts()
    (light,) = db.attempts(with_events=False)
    assert full.events and light.events == ""
    assert replace(full, events="") == light


def test_an_attempt_row_has_a_field_for_every_column_of_attempts(data_dir: Path):
    """A migration that adds a column to attempts adds a field to AttemptRow too (or readers never see it)."""
    db = Database.open(data_dir)
    columns = {r[1] for r in db.conn.execute("PRAGMA table_info(attempts)")}
    assert {f.name for f in fields(AttemptRow)} == columns | {"child"}
    db.close()


def test_sessions_and_adaptive_changes_can_be_written_at_a_given_time(data_dir: Path):
    """Benchmarks and tests build records of the past through Database, never with SQL of their own."""
    db = Database.open(data_dir)
    child = db.get_or_add_child("Ada")
    sid = db.start_session(child.id, "test", started_at="2026-01-05T16:00:00+00:00")
    db.end_session(sid, ended_at="2026-01-05T16:20:00+00:00")
    db.record_adaptive_change(child.id, "tracing", None, "tolerance", 50, 46, "why",
                              changed_at="2026-01-05T16:10:00+00:00")
    (session,) = db.sessions(child.id)
    assert (session.started_at, session.ended_at) == ("2026-01-05T16:00:00+00:00", "2026-01-05T16:20:00+00:00")
    assert [c.changed_at for c in db.adaptive_changes(child.id)] == ["2026-01-05T16:10:00+00:00"]
    db.close()
