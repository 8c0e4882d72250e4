"""The local records file (SQLite, WAL): children, sessions, attempts.

Each attempt is written in its own transaction the moment it ends, with synchronous=FULL,
so a crash or a kill loses at most the attempt in progress. A file that cannot be read is
moved aside, never deleted, and the user is told where it went.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

from game.errors import UserError

DB_NAME = "motorplay.db"
SCHEMA_VERSION = 1

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS children (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    avatar TEXT NOT NULL,
    created_at TEXT NOT NULL,
    archived INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS sessions (
    id INTEGER PRIMARY KEY,
    child_id INTEGER NOT NULL REFERENCES children(id),
    started_at TEXT NOT NULL,
    ended_at TEXT,
    app_version TEXT NOT NULL,
    note TEXT
);
CREATE TABLE IF NOT EXISTS attempts (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    child_id INTEGER NOT NULL REFERENCES children(id),
    game TEXT NOT NULL,
    level_path TEXT NOT NULL,
    level_title TEXT NOT NULL,
    level_text TEXT NOT NULL,
    level_sha256 TEXT NOT NULL,
    attempt_no INTEGER NOT NULL DEFAULT 1,
    started_at TEXT NOT NULL,
    ended_at TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('finished', 'abandoned')),
    stars INTEGER NOT NULL,
    metrics TEXT NOT NULL,
    events TEXT NOT NULL,
    app_version TEXT NOT NULL,
    screen_w INTEGER NOT NULL,
    screen_h INTEGER NOT NULL,
    seed INTEGER,
    settings TEXT NOT NULL DEFAULT '{}',
    note TEXT
);
CREATE INDEX IF NOT EXISTS attempts_child ON attempts(child_id, started_at);
CREATE TABLE IF NOT EXISTS notes (
    id INTEGER PRIMARY KEY,
    child_id INTEGER NOT NULL REFERENCES children(id),
    session_id INTEGER REFERENCES sessions(id),
    attempt_id INTEGER REFERENCES attempts(id),
    created_at TEXT NOT NULL,
    text TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS plans (
    child_id INTEGER NOT NULL REFERENCES children(id),
    position INTEGER NOT NULL,
    game TEXT NOT NULL,
    level_path TEXT NOT NULL,
    PRIMARY KEY (child_id, position)
);
CREATE TABLE IF NOT EXISTS adaptive (
    child_id INTEGER NOT NULL REFERENCES children(id),
    game TEXT NOT NULL,
    enabled INTEGER NOT NULL,
    rule TEXT NOT NULL,
    field TEXT NOT NULL,
    value REAL NOT NULL,
    step REAL NOT NULL,
    min_value REAL NOT NULL,
    max_value REAL NOT NULL,
    state TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (child_id, game)
);
CREATE TABLE IF NOT EXISTS adaptive_changes (
    id INTEGER PRIMARY KEY,
    child_id INTEGER NOT NULL REFERENCES children(id),
    game TEXT NOT NULL,
    attempt_id INTEGER REFERENCES attempts(id),
    changed_at TEXT NOT NULL,
    field TEXT NOT NULL,
    old_value REAL,
    new_value REAL NOT NULL,
    reason TEXT NOT NULL
);
"""

PIN_KEY = "therapist_pin"


def now_utc() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class Child:
    id: int
    name: str
    avatar: str
    created_at: str
    archived: bool = False


@dataclass(frozen=True)
class AttemptRecord:
    """Everything needed to trust, replay and re-score one attempt."""

    session_id: int
    child_id: int
    game: str
    level_path: str
    level_title: str
    level_text: str
    level_sha256: str
    started_at: str
    ended_at: str
    status: str
    stars: int
    metrics: dict
    events_jsonl: str
    app_version: str
    screen_w: int
    screen_h: int
    attempt_no: int = 1
    seed: int | None = None
    settings: dict | None = None


def _friendly(exc: sqlite3.Error) -> str:
    text = str(exc)
    if "disk is full" in text or "disk I/O" in text:
        return "the disk is full or failing; free some space and try again"
    if "readonly" in text or "read-only" in text:
        return "the records folder is read-only"
    if "locked" in text:
        return "the records file is busy (is MotorPlay open twice?)"
    return text


class Database:
    """One open records file. Use `Database.open(folder)`."""

    def __init__(self, conn: sqlite3.Connection, path: Path, notice: str | None = None):
        self.conn = conn
        self.path = path
        self.notice = notice  # set when a broken file was moved aside on opening
        self.pending: list[AttemptRecord] = []  # attempts that could not be written yet

    def flush_pending(self) -> None:
        while self.pending:
            self.add_attempt(self.pending[0])
            self.pending.pop(0)

    @classmethod
    def open(cls, folder: Path) -> "Database":
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(f"{folder}: cannot create the records folder ({exc.strerror})") from None
        path = folder / DB_NAME
        notice = None
        try:
            conn = cls._connect(path)
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError) and not _looks_corrupt(exc):
                raise UserError(f"{path}: cannot open the records file ({_friendly(exc)})") from None
            moved = _move_aside(path)
            notice = (f"{path}: the records file could not be read ({exc}); it was moved to {moved} "
                      "and a new one started")
            try:
                conn = cls._connect(path)
            except sqlite3.Error as exc2:
                raise UserError(f"{path}: cannot start a new records file ({_friendly(exc2)})") from None
        return cls(conn, path, notice)

    @staticmethod
    def _connect(path: Path) -> sqlite3.Connection:
        conn = sqlite3.connect(path, timeout=5.0, isolation_level=None)
        try:
            conn.row_factory = sqlite3.Row
            check = conn.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise sqlite3.DatabaseError(f"integrity check failed: {check}")
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.executescript(SCHEMA)
            conn.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        except BaseException:
            conn.close()
            raise
        return conn

    def close(self) -> None:
        self.conn.close()

    def _write(self, sql: str, params: tuple) -> int:
        try:
            with self.conn:
                self.conn.execute("BEGIN IMMEDIATE")
                cur = self.conn.execute(sql, params)
                return int(cur.lastrowid or 0)
        except sqlite3.Error as exc:
            raise UserError(f"{self.path}: could not save ({_friendly(exc)})") from None

    # children
    def add_child(self, name: str, avatar: str) -> Child:
        name = " ".join(name.split())
        if not name:
            raise UserError("a child's name must not be empty")
        if len(name) > 40:
            raise UserError(f"a child's name may be at most 40 characters (got {len(name)})")
        if self.find_child(name) is not None:
            raise UserError(f"there is already a child called {name}")
        created = now_utc()
        cid = self._write("INSERT INTO children(name, avatar, created_at) VALUES (?, ?, ?)", (name, avatar, created))
        return Child(cid, name, avatar, created)

    def children(self, include_archived: bool = False) -> list[Child]:
        sql = "SELECT * FROM children" + ("" if include_archived else " WHERE archived = 0") + " ORDER BY name"
        return [Child(r["id"], r["name"], r["avatar"], r["created_at"], bool(r["archived"]))
                for r in self.conn.execute(sql)]

    def find_child(self, name: str) -> Child | None:
        r = self.conn.execute("SELECT * FROM children WHERE name = ? COLLATE NOCASE", (" ".join(name.split()),)).fetchone()
        return Child(r["id"], r["name"], r["avatar"], r["created_at"], bool(r["archived"])) if r else None

    def get_or_add_child(self, name: str, avatar: str = "cat") -> Child:
        return self.find_child(name) or self.add_child(name, avatar)

    def rename_child(self, child_id: int, new_name: str) -> None:
        name = " ".join(new_name.split())
        if not name:
            raise UserError("a child's name must not be empty")
        if len(name) > 40:
            raise UserError(f"a child's name may be at most 40 characters (got {len(name)})")
        other = self.find_child(name)
        if other is not None and other.id != child_id:
            raise UserError(f"there is already a child called {name}")
        self._write("UPDATE children SET name = ? WHERE id = ?", (name, child_id))

    def set_archived(self, child_id: int, archived: bool = True) -> None:
        """Archiving hides a child from the picker; their records stay, untouched."""
        self._write("UPDATE children SET archived = ? WHERE id = ?", (int(archived), child_id))

    def get_child(self, child_id: int) -> Child | None:
        r = self.conn.execute("SELECT * FROM children WHERE id = ?", (child_id,)).fetchone()
        return Child(r["id"], r["name"], r["avatar"], r["created_at"], bool(r["archived"])) if r else None

    # therapist PIN (salted PBKDF2, never stored in the clear)
    def has_pin(self) -> bool:
        return self.conn.execute("SELECT 1 FROM meta WHERE key = ?", (PIN_KEY,)).fetchone() is not None

    def set_pin(self, pin: str) -> None:
        if not (len(pin) == 4 and pin.isdigit()):
            raise UserError("the PIN must be 4 digits")
        salt = os.urandom(16)
        digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), salt, 100_000)
        self._write("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (PIN_KEY, f"{salt.hex()}:{digest.hex()}"))

    def check_pin(self, pin: str) -> bool:
        r = self.conn.execute("SELECT value FROM meta WHERE key = ?", (PIN_KEY,)).fetchone()
        if r is None:
            return False
        salt_hex, digest_hex = r["value"].split(":")
        digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), bytes.fromhex(salt_hex), 100_000)
        return hmac.compare_digest(digest.hex(), digest_hex)

    def reset_pin(self) -> None:
        self._write("DELETE FROM meta WHERE key = ?", (PIN_KEY,))

    # sessions
    def start_session(self, child_id: int, app_version: str) -> int:
        return self._write("INSERT INTO sessions(child_id, started_at, app_version) VALUES (?, ?, ?)",
                           (child_id, now_utc(), app_version))

    def end_session(self, session_id: int) -> None:
        self._write("UPDATE sessions SET ended_at = ? WHERE id = ?", (now_utc(), session_id))

    # attempts
    def add_attempt(self, a: AttemptRecord) -> int:
        return self._write(
            """INSERT INTO attempts(session_id, child_id, game, level_path, level_title, level_text, level_sha256,
               attempt_no, started_at, ended_at, status, stars, metrics, events, app_version, screen_w, screen_h,
               seed, settings) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (a.session_id, a.child_id, a.game, a.level_path, a.level_title, a.level_text, a.level_sha256,
             a.attempt_no, a.started_at, a.ended_at, a.status, a.stars, json.dumps(a.metrics), a.events_jsonl,
             a.app_version, a.screen_w, a.screen_h, a.seed, json.dumps(a.settings or {})))

    def attempts(self, child: str | None = None, with_events: bool = True) -> Iterator[dict[str, Any]]:
        """Attempts oldest first; `with_events=False` leaves the (large) events text out, as '' ."""
        columns = "a.*"
        if not with_events:
            names = [r[1] for r in self.conn.execute("PRAGMA table_info(attempts)") if r[1] != "events"]
            columns = ", ".join(f"a.{n}" for n in names) + ", '' AS events"
        sql = (f"SELECT {columns}, c.name AS child FROM attempts a JOIN children c ON c.id = a.child_id"
               + (" WHERE c.name = ? COLLATE NOCASE" if child else "") + " ORDER BY a.started_at, a.id")
        for r in self.conn.execute(sql, (child,) if child else ()):
            d = dict(r)
            d["metrics"] = json.loads(d["metrics"])
            d["settings"] = json.loads(d["settings"])
            yield d

    def attempt(self, attempt_id: int) -> dict[str, Any] | None:
        r = self.conn.execute("SELECT a.*, c.name AS child FROM attempts a JOIN children c ON c.id = a.child_id "
                              "WHERE a.id = ?", (attempt_id,)).fetchone()
        if r is None:
            return None
        d = dict(r)
        d["metrics"] = json.loads(d["metrics"])
        d["settings"] = json.loads(d["settings"])
        return d

    def sessions(self, child_id: int) -> list[dict[str, Any]]:
        """Sessions newest first, with how many attempts, which levels and the time played."""
        rows = self.conn.execute(
            """SELECT s.id, s.started_at, s.ended_at, s.note, COUNT(a.id) AS attempts,
                      GROUP_CONCAT(DISTINCT a.level_title) AS levels, MIN(a.started_at) AS first_at,
                      MAX(a.ended_at) AS last_at
               FROM sessions s LEFT JOIN attempts a ON a.session_id = s.id
               WHERE s.child_id = ? GROUP BY s.id ORDER BY s.started_at DESC, s.id DESC""", (child_id,))
        return [dict(r) for r in rows]

    # notes
    def add_note(self, child_id: int, text: str, *, session_id: int | None = None,
                 attempt_id: int | None = None) -> int:
        text = text.strip()
        if not text:
            raise UserError("a note must not be empty")
        return self._write("INSERT INTO notes(child_id, session_id, attempt_id, created_at, text) VALUES (?, ?, ?, ?, ?)",
                           (child_id, session_id, attempt_id, now_utc(), text))

    def notes(self, child_id: int) -> list[dict[str, Any]]:
        return [dict(r) for r in self.conn.execute(
            "SELECT * FROM notes WHERE child_id = ? ORDER BY created_at, id", (child_id,))]

    # plans: an ordered list of levels a therapist sets for a child
    def set_plan(self, child_id: int, entries: list[tuple[str, str]]) -> None:
        """entries: (game, level_path) in order; replaces the child's plan in one transaction."""
        try:
            with self.conn:
                self.conn.execute("BEGIN IMMEDIATE")
                self.conn.execute("DELETE FROM plans WHERE child_id = ?", (child_id,))
                self.conn.executemany("INSERT INTO plans(child_id, position, game, level_path) VALUES (?, ?, ?, ?)",
                                      [(child_id, i, g, p) for i, (g, p) in enumerate(entries)])
        except sqlite3.Error as exc:
            raise UserError(f"{self.path}: could not save ({_friendly(exc)})") from None

    def plan(self, child_id: int, game: str | None = None) -> list[tuple[str, str]]:
        sql = "SELECT game, level_path FROM plans WHERE child_id = ?" + (" AND game = ?" if game else "")
        params = (child_id, game) if game else (child_id,)
        return [(r["game"], r["level_path"]) for r in self.conn.execute(sql + " ORDER BY position", params)]

    # adaptive difficulty: one staircase per child and game
    def adaptive(self, child_id: int, game: str) -> dict[str, Any] | None:
        r = self.conn.execute("SELECT * FROM adaptive WHERE child_id = ? AND game = ?", (child_id, game)).fetchone()
        if r is None:
            return None
        d = dict(r)
        d["enabled"] = bool(d["enabled"])
        d["state"] = json.loads(d["state"])
        return d

    def set_adaptive(self, child_id: int, game: str, *, enabled: bool, rule: str, field: str, value: float,
                     step: float, min_value: float, max_value: float, state: dict | None = None) -> None:
        self._write("""INSERT OR REPLACE INTO adaptive(child_id, game, enabled, rule, field, value, step, min_value,
                       max_value, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    (child_id, game, int(enabled), rule, field, value, step, min_value, max_value,
                     json.dumps(state or {})))

    def record_adaptive_change(self, child_id: int, game: str, attempt_id: int | None, field: str,
                               old_value: float | None, new_value: float, reason: str) -> int:
        return self._write("""INSERT INTO adaptive_changes(child_id, game, attempt_id, changed_at, field, old_value,
                              new_value, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                           (child_id, game, attempt_id, now_utc(), field, old_value, new_value, reason))

    def adaptive_changes(self, child_id: int, game: str | None = None) -> list[dict[str, Any]]:
        sql = "SELECT * FROM adaptive_changes WHERE child_id = ?" + (" AND game = ?" if game else "")
        params = (child_id, game) if game else (child_id,)
        return [dict(r) for r in self.conn.execute(sql + " ORDER BY changed_at, id", params)]

    def best_stars(self, child_id: int) -> dict[str, int]:
        """Best stars per level file path, for the level picker."""
        rows = self.conn.execute("SELECT level_path, MAX(stars) AS s FROM attempts WHERE child_id = ? "
                                 "AND status = 'finished' GROUP BY level_path", (child_id,))
        return {r["level_path"]: int(r["s"]) for r in rows}


def _looks_corrupt(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return any(s in text for s in ("not a database", "malformed", "corrupt", "integrity", "file is encrypted"))


def _move_aside(path: Path) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}-unreadable-{stamp}{path.suffix}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.stem}-unreadable-{stamp}-{n}{path.suffix}")
    path.rename(target)
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.rename(target.with_name(target.name + suffix))
    return target
