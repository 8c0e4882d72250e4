"""Records on two computers ("clinic" and "home") for the transfer tests, and what to compare them by."""
from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from game.records.db import AttemptRecord, Child, Database
from game.records.transfer import LevelPlaces, current_versions
from tests.builders import LINE_LEVEL

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)
EVENTS = '{"t": 0.5, "type": "down", "x": 200.0, "y": 360.0}\n{"t": 1.5, "type": "up", "x": 1080.0, "y": 360.0}\n'


def own_level(title: str, tolerance: int = 30) -> str:
    return LINE_LEVEL.replace('title = "Test line"', f'title = "{title}"').replace("tolerance = 30",
                                                                                 f"tolerance = {tolerance}")


def add_attempt(db: Database, child: Child, minutes: float, stars: int = 3, level_text: str = LINE_LEVEL,
                level_path: str = "tracing/01_go_right.toml") -> int:
    """An attempt `minutes` after T0 (20 s long), stored as live play stores it."""
    start = T0 + timedelta(minutes=minutes)
    return db.add_attempt(AttemptRecord(
        session_id=None, child_id=child.id, game="tracing", level_path=level_path, level_title="Test line",
        level_text=level_text, level_sha256=hashlib.sha256(level_text.encode()).hexdigest(),
        started_at=start.isoformat(timespec="milliseconds"),
        ended_at=(start + timedelta(seconds=20)).isoformat(timespec="milliseconds"), status="finished", stars=stars,
        metrics={"mean_deviation": 12.5 + minutes, "completed": True}, events_jsonl=EVENTS, app_version="test",
        screen_w=1280, screen_h=720, settings={"audio_latency_ms": 0.0}))


def write_own_level(data_dir: Path, name: str, text: str) -> Path:
    folder = data_dir / "levels" / "tracing"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def child_view(db: Database, name: str) -> dict[str, Any]:
    """One child's records as any computer should hold them after a merge: everything by worldwide id,
    nothing by this computer's row numbers or file paths (own levels by content)."""
    conn = db.conn
    child = db.find_child(name)
    assert child is not None, name
    cid = child.id
    sessions = {r["uid"]: (r["started_at"], r["ended_at"], r["app_version"], r["note"], r["origin"])
                for r in conn.execute("SELECT * FROM sessions WHERE child_id = ?", (cid,))}
    attempts = {}
    for r in conn.execute("SELECT a.*, s.uid AS s_uid FROM attempts a JOIN sessions s ON s.id = a.session_id "
                          "WHERE a.child_id = ?", (cid,)):
        row = {k: r[k] for k in r.keys() if k not in ("id", "session_id", "child_id")}
        attempts[r["uid"]] = row
    notes = {r["uid"]: (r["s_uid"], r["a_uid"], r["created_at"], r["text"]) for r in conn.execute(
        "SELECT n.*, s.uid AS s_uid, a.uid AS a_uid FROM notes n LEFT JOIN sessions s ON s.id = n.session_id "
        "LEFT JOIN attempts a ON a.id = n.attempt_id WHERE n.child_id = ?", (cid,))}
    changes = {r["uid"]: (r["a_uid"], r["changed_at"], r["field"], r["old_value"], r["new_value"]) for r in conn.execute(
        "SELECT c.*, a.uid AS a_uid FROM adaptive_changes c LEFT JOIN attempts a ON a.id = c.attempt_id "
        "WHERE c.child_id = ?", (cid,))}
    places = LevelPlaces(db.path.parent)
    settings = {f"{k[0]}:{k[1]}": (v.changed_at, v.origin, json.dumps(v.value, sort_keys=True))
                for k, v in current_versions(db, cid, places).items()}
    history = sorted(str(r[0]) for r in conn.execute("SELECT version FROM replaced_settings WHERE child_id = ?", (cid,)))
    # the own levels the plan names, as files here (by content): a plan never points at a level not here
    levels = sorted(e["own"] for v in current_versions(db, cid, places).values() if v.kind == "plan"
                    for e in v.value if "own" in e and places.find(e["game"], e["own"]) is not None)
    uid = conn.execute("SELECT uid FROM children WHERE id = ?", (cid,)).fetchone()[0]
    return {"uid": uid, "sessions": sessions, "attempts": attempts, "notes": notes, "changes": changes,
            "settings": settings, "history": history, "levels": levels}


def table_dump(db: Database) -> dict[str, list[tuple]]:
    """Every row of every table, for "nothing changed"."""
    names = [r[0] for r in db.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    return {n: sorted(tuple(r) for r in db.conn.execute(f'SELECT * FROM "{n}"')) for n in names}


def files_under(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.name.startswith("motorplay.db")}
