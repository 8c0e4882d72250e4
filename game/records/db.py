"""The local records file (SQLite, WAL): children, sessions, attempts.

Each attempt is written in its own transaction the moment it ends, with synchronous=FULL,
and then copied from the journal (-wal) into the records file itself, so a crash, a kill or
a deleted journal loses at most the attempt in progress. A file that cannot be read is
moved aside, never deleted, and the user is told where it went.

When the records file cannot take an attempt (a full disk, most often), the attempt is
appended to a side file, motorplay-unsaved.jsonl, and added to the records the next time
they are opened. A small reserve file, motorplay-reserve.bin, is given up to make room for
that side file when the disk is completely full. An attempt that fits nowhere stays in
memory, is tried again with every later save and at exit, and is counted out loud if lost.

The file carries its version: opening it applies the migrations it is missing (migrations.py),
and a file made by a newer MotorPlay is refused in one line, untouched.
"""
from __future__ import annotations

import errno
import hashlib
import hmac
import json
import os
import shutil
import sqlite3
from dataclasses import asdict, dataclass, fields
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterator

from game.errors import UserError
from game.records import session_rule
from game.records.migrations import (
    COMPUTER_KEY,
    COMPUTER_NAME_KEY,
    LATEST,
    MigrationFailed,
    NewerRecords,
    check_not_newer,
    level_difficulty,
    migrate,
)
from game.records.rows import (
    AdaptiveChange,
    AdaptiveSettings,
    AttemptRow,
    ChildOptions,
    Note,
    ScreenCalibration,
    SessionOverview,
    SoundCalibration,
)

try:
    import fcntl
except ImportError:  # Windows: appends and imports are not locked against other processes
    fcntl = None  # type: ignore[assignment]

DB_NAME = "motorplay.db"
UNSAVED_NAME = "motorplay-unsaved.jsonl"    # attempts the records file could not take yet
RESERVE_NAME = "motorplay-reserve.bin"      # room given up when the disk is completely full
NAME_MAX = 24                               # characters in a child's name: the widest fit every screen
RESERVE_BYTES = 4 * 1024 * 1024
SCHEMA_VERSION = LATEST                     # PRAGMA user_version of an up-to-date file (see migrations.py)

PIN_KEY = "therapist_pin"
PIN_TRIES_KEY = "pin_wrong_tries"     # wrong PINs typed since the last right one or rest
PIN_REST_KEY = "pin_rest_until"       # UTC time the keypad's rest ends (wall clock: survives restarts)


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

    session_id: int | None      # None: the session row could not be written yet (see session_started_at)
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
    session_started_at: str | None = None   # finds (or makes) the session when it is stored late
    difficulty: dict | None = None          # the level's difficulty values as played (None: from level_text when stored)

    def key(self) -> tuple:
        """Which attempt this is, wherever it was written: stored twice, it is still one attempt."""
        return (self.child_id, self.started_at, self.ended_at, self.level_sha256, self.attempt_no)


@dataclass(frozen=True)
class Stored:
    """What became of one attempt: in the records file (attempt_id), waiting in the unsaved file
    (kept_in), or neither yet (only in memory; `problem` says why)."""

    record: AttemptRecord
    attempt_id: int | None = None
    session_id: int | None = None
    kept_in: Path | None = None
    problem: str = ""


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
        self.notices: list[str] = [notice] if notice else []   # for the grown-up, one line each
        self.pending: list[AttemptRecord] = []   # attempts not in the records file yet (oldest first)
        self.kept: set[tuple] = set()            # keys of pending attempts that are safe in the unsaved file
        self.problem = ""                        # why the last write failed, in plain words
        self.low_space = False                   # the reserve was given up: the disk is completely full
        self.echo: Callable[[str], None] | None = None   # the command line sets this: say things at once
        self.lost_is_error = False               # the command line sets this: attempts lost at close are an error
        self._wal_warned = False
        self._children: dict[int, dict[str, Any]] = {}
        self._uses_wal = self._journal_is_wal()

    def _journal_is_wal(self) -> bool:
        try:
            return str(self.conn.execute("PRAGMA journal_mode").fetchone()[0]).lower() == "wal"
        except sqlite3.Error:
            return False

    @property
    def notice(self) -> str | None:
        """The first thing to tell the grown-up about these records (None: nothing)."""
        return self.notices[0] if self.notices else None

    @property
    def unsaved_path(self) -> Path:
        return self.path.with_name(UNSAVED_NAME)

    @property
    def reserve_path(self) -> Path:
        return self.path.with_name(RESERVE_NAME)

    @property
    def wal_path(self) -> Path:
        return self.path.with_name(self.path.name + "-wal")

    def _warn(self, message: str) -> None:
        self.notices.append(message)
        if self.echo is not None:
            self.echo(message)

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
        except NewerRecords as exc:
            raise UserError(f"{path}: this records file was made by a newer MotorPlay (records version {exc.version}; "
                            f"this MotorPlay knows up to {LATEST}); it was left as it is: update MotorPlay to open it"
                            ) from None
        except (sqlite3.DatabaseError, MigrationFailed) as exc:
            cause = exc.cause if isinstance(exc, MigrationFailed) else exc
            if isinstance(exc, MigrationFailed) and not _looks_corrupt(cause):
                raise UserError(f"{path}: could not bring the records file up to date ({exc.migration.description}: "
                                f"{_one_line(_friendly(cause))}); it was left as it was, at records version "
                                f"{exc.version}") from None
            if isinstance(cause, sqlite3.OperationalError) and not _looks_corrupt(cause):
                raise UserError(f"{path}: cannot open the records file ({_friendly(cause)})") from None
            moved = _move_aside(path)
            notice = (f"{path}: the records file could not be read ({_one_line(str(cause))}); it was moved to {moved} "
                      "and a new one started")
            try:
                conn = cls._connect(path)
            except MigrationFailed as exc2:
                raise UserError(f"{path}: cannot start a new records file ({_friendly(exc2.cause)})") from None
            except sqlite3.Error as exc2:
                raise UserError(f"{path}: cannot start a new records file ({_friendly(exc2)})") from None
        db = cls(conn, path, notice)
        db.import_unsaved()
        db._ensure_reserve()
        return db

    @staticmethod
    def _connect(path: Path) -> sqlite3.Connection:
        """Open, check and bring up to date (see migrations.py). A file of a newer version raises
        NewerRecords before anything is written to it; a migration that fails raises MigrationFailed."""
        conn = sqlite3.connect(path, timeout=5.0, isolation_level=None)
        try:
            conn.row_factory = sqlite3.Row
            check = [str(r[0]) for r in conn.execute("PRAGMA quick_check")]
            if check != ["ok"]:
                raise sqlite3.DatabaseError(_integrity_problem(check))
            check_not_newer(conn)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA foreign_keys=ON")
            migrate(conn)
        except BaseException:
            conn.close()
            raise
        return conn

    def relax_durability(self) -> None:
        """For filling a throw-away records file quickly (benchmarks): commits stop waiting for the disk,
        so a crash can lose them. Never for a child's records: those are written with synchronous=FULL."""
        self.conn.execute("PRAGMA synchronous=OFF")

    def close(self) -> None:
        """Close, after one last try at attempts not stored yet.

        With `lost_is_error` (the command line), attempts that fit nowhere raise a one-line UserError
        once the file is closed; attempts kept in the unsaved file are told about (see `unsaved_summary`).
        """
        try:
            if self.pending:
                self.retry_pending()
            summary, lost = self.unsaved_summary()
        finally:
            self.conn.close()
        if summary is None:
            return
        if lost and self.lost_is_error:
            raise UserError(summary)
        self._warn(summary)

    def _begin(self) -> None:
        """Every write transaction starts here (tests make it fail to stand in for a full disk)."""
        self.conn.execute("BEGIN IMMEDIATE")

    def _write(self, sql: str, params: tuple) -> int:
        try:
            with self.conn:
                self._begin()
                cur = self.conn.execute(sql, params)
                rowid = int(cur.lastrowid or 0)
        except sqlite3.Error as exc:
            self.problem = _friendly(exc)
            raise UserError(f"{self.path}: could not save ({self.problem})") from None
        self._after_write()
        return rowid

    def _after_write(self) -> None:
        """Copy what was just committed from the journal into the records file itself.

        The journal (-wal) is fsynced on every commit, but it is a separate file: if it is deleted while
        MotorPlay runs, commits only it holds would be lost at the next kill. The open connection can
        still read a deleted journal, so a checkpoint after every write keeps everything stored.
        """
        try:
            self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        except sqlite3.Error:
            return  # still committed in the journal; the next write copies it over
        if os.name == "nt" or not self._uses_wal or self.wal_path.exists():
            return
        # The journal was deleted under us: copy everything over, then start a fresh journal file.
        if not self._wal_warned:
            self._wal_warned = True
            self._warn(f"{self.wal_path} (the records file's journal) was deleted while MotorPlay was running; "
                       f"everything stored so far is in {self.path} and a new journal was started")
        try:
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
            self.conn.close()
        except sqlite3.Error:
            return
        try:
            self.conn = self._connect(self.path)
        except (sqlite3.Error, NewerRecords, MigrationFailed):
            self.conn = sqlite3.connect(self.path, timeout=5.0, isolation_level=None)
            self.conn.row_factory = sqlite3.Row
        self._uses_wal = self._journal_is_wal()

    # children
    @staticmethod
    def _clean_name(name: str) -> str:
        """A new or changed name, spaces tidied; at most NAME_MAX characters, so it fits every screen.

        Names already in the records are never checked again: an older, longer name still opens."""
        name = " ".join(name.split())
        if not name:
            raise UserError("a child's name must not be empty")
        if len(name) > NAME_MAX:
            raise UserError(f"a child's name may be at most {NAME_MAX} characters (got {len(name)})")
        if not name.isprintable() or any("\ud800" <= ch <= "\udfff" for ch in name):
            raise UserError("a child's name must not contain control characters or bytes that are not text")
        return name

    def _insert_child(self, name: str, avatar: str) -> bool:
        """Add a child unless one of that name exists (also one added by another process a moment ago)."""
        try:
            with self.conn:
                self._begin()
                cur = self.conn.execute("INSERT INTO children(name, avatar, created_at) VALUES (?, ?, ?) "
                                        "ON CONFLICT DO NOTHING", (name, avatar, now_utc()))
                added = cur.rowcount > 0
        except sqlite3.Error as exc:
            self.problem = _friendly(exc)
            raise UserError(f"{self.path}: could not save ({self.problem})") from None
        self._after_write()
        return added

    def add_child(self, name: str, avatar: str) -> Child:
        name = self._clean_name(name)
        if self.find_child(name) is not None or not self._insert_child(name, avatar):
            raise UserError(f"there is already a child called {name}")
        child = self.find_child(name)
        assert child is not None
        return child

    def children(self, include_archived: bool = False) -> list[Child]:
        sql = "SELECT * FROM children" + ("" if include_archived else " WHERE archived = 0") + " ORDER BY name"
        return [Child(r["id"], r["name"], r["avatar"], r["created_at"], bool(r["archived"]))
                for r in self.conn.execute(sql)]

    def find_child(self, name: str) -> Child | None:
        if any("\ud800" <= ch <= "\udfff" for ch in name):   # bytes from the command line that are not text
            return None
        r = self.conn.execute("SELECT * FROM children WHERE name = ? COLLATE NOCASE", (" ".join(name.split()),)).fetchone()
        return Child(r["id"], r["name"], r["avatar"], r["created_at"], bool(r["archived"])) if r else None

    def get_or_add_child(self, name: str, avatar: str = "cat") -> Child:
        """The child of that name, added if new; two processes adding the same child at once both get it."""
        found = self.find_child(name)
        if found is not None:
            return found
        name = self._clean_name(name)
        self._insert_child(name, avatar)
        child = self.find_child(name)
        if child is None:  # renamed away in the same instant: a real conflict, said plainly
            raise UserError(f"{self.path}: could not add a child called {name}; try again")
        return child

    def rename_child(self, child_id: int, new_name: str) -> None:
        name = self._clean_name(new_name)
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
        self._write("DELETE FROM meta WHERE key IN (?, ?, ?)", (PIN_KEY, PIN_TRIES_KEY, PIN_REST_KEY))

    def pin_tries(self) -> tuple[int, datetime | None]:
        """Wrong PINs typed since the last right one or rest, and when the keypad's rest ends (UTC) if resting."""
        rows = dict(self.conn.execute("SELECT key, value FROM meta WHERE key IN (?, ?)",
                                      (PIN_TRIES_KEY, PIN_REST_KEY)).fetchall())
        try:
            wrong = max(0, int(rows.get(PIN_TRIES_KEY, 0)))
        except ValueError:
            wrong = 0
        until = None
        if rows.get(PIN_REST_KEY):
            try:
                until = datetime.fromisoformat(rows[PIN_REST_KEY])
                if until.tzinfo is None:
                    until = until.replace(tzinfo=timezone.utc)
            except ValueError:
                until = None
        return wrong, until

    def set_pin_tries(self, wrong: int, rest_until: datetime | None) -> None:
        try:
            with self.conn:
                self._begin()
                self.conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (PIN_TRIES_KEY, str(wrong)))
                if rest_until is None:
                    self.conn.execute("DELETE FROM meta WHERE key = ?", (PIN_REST_KEY,))
                else:
                    self.conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                                      (PIN_REST_KEY, rest_until.astimezone(timezone.utc).isoformat()))
        except sqlite3.Error as exc:
            self.problem = _friendly(exc)
            raise UserError(f"{self.path}: could not save ({self.problem})") from None
        self._after_write()

    # sessions
    def start_session(self, child_id: int, app_version: str, started_at: str | None = None) -> int:
        return self._write("INSERT INTO sessions(child_id, started_at, app_version) VALUES (?, ?, ?)",
                           (child_id, started_at or now_utc(), app_version))

    def end_session(self, session_id: int, ended_at: str | None = None) -> None:
        """A session's end follows its last attempt (see _session_in_transaction); an empty one ends now
        (or at `ended_at`: records built for benchmarks and tests)."""
        self._write("UPDATE sessions SET ended_at = ? WHERE id = ? AND NOT EXISTS "
                    "(SELECT 1 FROM attempts WHERE session_id = sessions.id)", (ended_at or now_utc(), session_id))

    def regroup_sessions(self) -> None:
        """Group every child's attempts into sessions again by the 30-minute rule (as migration 3 did):
        for attempts whose times were changed after they were stored (tests, imports)."""
        from game.records.migrations import regroup_sessions

        try:
            with self.conn:
                self._begin()
                regroup_sessions(self.conn)
        except sqlite3.Error as exc:
            self.problem = _friendly(exc)
            raise UserError(f"{self.path}: could not save ({self.problem})") from None
        self._after_write()

    # attempts
    def add_attempt(self, a: AttemptRecord) -> int:
        """Write one attempt in its own transaction (raises UserError if it cannot)."""
        attempt_id, _session = self._insert_attempt(a)
        return attempt_id

    def _insert_attempt(self, a: AttemptRecord, dedupe: bool = False) -> tuple[int, int]:
        """(attempt id, session id). `dedupe`: if this very attempt is stored already, that one's id."""
        try:
            with self.conn:
                self._begin()
                attempt_id, session_id, _added = self._insert_attempt_in_transaction(a, dedupe)
        except sqlite3.Error as exc:
            self.problem = _friendly(exc)
            raise UserError(f"{self.path}: could not save ({self.problem})") from None
        self._after_write()
        return attempt_id, session_id

    def _insert_attempt_in_transaction(self, a: AttemptRecord, dedupe: bool) -> tuple[int, int, bool]:
        """(attempt id, session id, whether it was added now) inside the caller's transaction."""
        if dedupe:
            row = self.conn.execute(
                "SELECT id, session_id FROM attempts WHERE child_id = ? AND started_at = ? AND ended_at = ? "
                "AND level_sha256 = ? AND attempt_no = ? ORDER BY id LIMIT 1",
                (a.child_id, a.started_at, a.ended_at, a.level_sha256, a.attempt_no)).fetchone()
            if row is not None:
                return int(row[0]), int(row[1]), False
        session_id = self._session_in_transaction(a)
        difficulty = a.difficulty if a.difficulty is not None else level_difficulty(a.game, a.level_text, a.level_path)
        cur = self.conn.execute(
            """INSERT INTO attempts(session_id, child_id, game, level_path, level_title, level_text, level_sha256,
               attempt_no, started_at, ended_at, status, stars, metrics, events, app_version, screen_w, screen_h,
               seed, settings, difficulty) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (session_id, a.child_id, a.game, a.level_path, a.level_title, a.level_text, a.level_sha256,
             a.attempt_no, a.started_at, a.ended_at, a.status, a.stars, json.dumps(a.metrics), a.events_jsonl,
             a.app_version, a.screen_w, a.screen_h, a.seed, json.dumps(a.settings or {}), json.dumps(difficulty)))
        return int(cur.lastrowid or 0), session_id, True

    def _session_in_transaction(self, a: AttemptRecord) -> int:
        """The attempt's session, by the 30-minute rule (game.records.session_rule): the session of the child's
        attempt just before this one if that session's last attempt ended (or started) at most 30 minutes
        before this one starts; else a new session that starts when this attempt starts (an empty session
        row the caller made for it, if any, else a new row). The session's end follows its last attempt."""
        prev = self.conn.execute(
            "SELECT a.session_id, a.started_at, s.ended_at FROM attempts a JOIN sessions s ON s.id = a.session_id "
            "WHERE a.child_id = ? AND a.started_at <= ? ORDER BY a.started_at DESC, a.id DESC LIMIT 1",
            (a.child_id, a.started_at)).fetchone()
        if prev is not None and session_rule.joins(prev[1], prev[2], a.started_at):
            session_id = int(prev[0])
            self.conn.execute("UPDATE sessions SET ended_at = ? WHERE id = ?",
                              (_later(prev[2], a.ended_at), session_id))
            return session_id
        if a.session_id is not None:
            row = self.conn.execute(
                "SELECT child_id, (SELECT COUNT(*) FROM attempts WHERE session_id = sessions.id) FROM sessions "
                "WHERE id = ?", (a.session_id,)).fetchone()
            if row is not None and row[0] == a.child_id and row[1] == 0:
                self.conn.execute("UPDATE sessions SET started_at = ?, ended_at = ? WHERE id = ?",
                                  (a.started_at, a.ended_at, a.session_id))
                return a.session_id
        cur = self.conn.execute("INSERT INTO sessions(child_id, started_at, ended_at, app_version) VALUES (?, ?, ?, ?)",
                                (a.child_id, a.started_at, a.ended_at, a.app_version))
        return int(cur.lastrowid or 0)

    def store_attempt(self, a: AttemptRecord) -> list[Stored]:
        """Store a finished attempt, after any that are still waiting (oldest first).

        Returns what became of each attempt this call settled: stored in the records file, or (newly)
        kept in the unsaved file; and always what became of `a`, even if it is only in memory for now.
        """
        self.pending.append(a)
        return self.retry_pending(fresh=a)

    def retry_pending(self, fresh: AttemptRecord | None = None) -> list[Stored]:
        """Try the attempts not stored yet again; see `store_attempt`."""
        out: list[Stored] = []
        blocked: str | None = None
        if self.pending and self.low_space and not self._ensure_reserve():
            # The reserve was given up and there is still no room: keep that room for the unsaved file.
            blocked = f"{self.path}: could not save ({self.problem or 'the disk is full'})"
        for rec in list(self.pending):
            if blocked is None:
                try:
                    attempt_id, session_id = self._insert_attempt(rec, dedupe=rec is not fresh)
                except UserError as exc:
                    blocked = str(exc)   # the rest wait too, so the order stays as played
                else:
                    self.pending.remove(rec)
                    out.append(Stored(rec, attempt_id, session_id))
                    continue
            if rec.key() in self.kept and rec is not fresh:
                continue   # safe in the unsaved file already
            kept = self._keep_unsaved(rec)
            if kept is not None:
                self.kept.add(rec.key())
                out.append(Stored(rec, kept_in=kept, problem=blocked or ""))
            elif rec is fresh:
                out.append(Stored(rec, problem=blocked or ""))
        if not self.pending and self.kept:
            # Everything this process put in the unsaved file is stored now: tidy the file away.
            self.kept.clear()
            self.import_unsaved()
        if not self.pending and not self.low_space:
            self._ensure_reserve()
        return out

    def unsaved_counts(self) -> tuple[int, int]:
        """(attempts waiting in the unsaved file, attempts only in memory) of this process."""
        kept = sum(1 for r in self.pending if r.key() in self.kept)
        return kept, len(self.pending) - kept

    def unsaved_summary(self) -> tuple[str | None, bool]:
        """One line for the grown-up about attempts not in the records file, and whether any would be lost."""
        kept, lost = self.unsaved_counts()
        why = (self.problem or "the disk is full").split(";")[0]
        waiting = (f"{_count(kept, 'attempt')} could not go into the records file ({why}); "
                   f"{'it is' if kept == 1 else 'they are'} kept safe in {self.unsaved_path} and will be added "
                   "the next time MotorPlay starts") if kept else ""
        if lost:
            line = (f"{_count(lost, 'attempt')} could not be stored anywhere ({why}) and "
                    f"{'is' if lost == 1 else 'are'} lost; free some space in {self.path.parent} before playing again")
            return (line + (f"; {waiting}" if waiting else "")), True
        return (waiting or None), False

    # the unsaved file: one JSON line per attempt, added to the records the next time they open
    def _child_info(self, child_id: int) -> dict[str, Any]:
        if child_id not in self._children:
            try:
                row = self.conn.execute("SELECT name, avatar, created_at FROM children WHERE id = ?",
                                        (child_id,)).fetchone()
            except sqlite3.Error:
                row = None
            self._children[child_id] = ({"id": child_id, "name": row[0], "avatar": row[1], "created_at": row[2]}
                                        if row is not None else {"id": child_id})
        return self._children[child_id]

    def _keep_unsaved(self, a: AttemptRecord) -> Path | None:
        """Append the attempt to the unsaved file (giving up the reserve if the disk is full); None if not."""
        entry = {"motorplay_unsaved": 1, "records": str(self.path), "child": self._child_info(a.child_id),
                 "attempt": asdict(a)}
        line = (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8")
        try:
            _append_synced(self.unsaved_path, line)
            return self.unsaved_path
        except OSError as exc:
            error = exc
        if _no_space(error) and self._release_reserve():
            try:
                _append_synced(self.unsaved_path, line)
                return self.unsaved_path
            except OSError as exc:
                error = exc
        if not self.problem:
            self.problem = f"the disk is full or failing: {error.strerror or error}"
        return None

    def import_unsaved(self) -> int:
        """Add the attempts waiting in the unsaved file, in one transaction, then remove the file.

        Safe to repeat: an attempt already in the records (say, the process was killed between storing
        and removing the file) is not added twice. Returns how many were added; tells the grown-up.
        """
        path = self.unsaved_path
        try:
            fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
        except FileNotFoundError:
            return 0
        except OSError as exc:
            self._warn(f"{path}: attempts waiting there could not be read ({exc.strerror or exc}); they are left as they are")
            return 0
        closed = False
        try:
            _lock(fd)
            if not _same_file(fd, path):
                return 0  # another MotorPlay added them a moment ago
            try:
                data = _read_all(fd)
            except OSError as exc:
                self._warn(f"{path}: attempts waiting there could not be read ({exc.strerror or exc}); "
                           "they are left as they are")
                return 0
            entries, bad = _parse_unsaved(data)
            added = 0
            try:
                with self.conn:
                    self._begin()
                    for child, record in entries:
                        result = self._import_one(child, record)
                        if result is None:
                            bad += 1   # no such child here and no name to add them by
                        else:
                            added += result
            except sqlite3.Error as exc:
                self._warn(f"{_count(len(entries), 'attempt')} from a time the disk was full "
                           f"{'is' if len(entries) == 1 else 'are'} still waiting in {path}; they will be added "
                           f"when there is room ({_friendly(exc)})")
                return 0
            self._after_write()
            try:
                if bad:
                    aside = _free_name(path.with_name(f"motorplay-unsaved-unreadable-{_stamp()}.jsonl"))
                    os.replace(path, aside)
                    self._warn(f"{path}: {_count(bad, 'line')} could not be read and {'was' if bad == 1 else 'were'} "
                               f"kept in {aside}")
                elif os.name == "nt":
                    os.close(fd)
                    closed = True
                    path.unlink(missing_ok=True)
                else:
                    path.unlink(missing_ok=True)   # still holding the lock: no one appends to a removed file
                _sync_folder(path.parent)
            except OSError as exc:   # stored all the same; the next start finds them there already
                self._warn(f"{path}: its attempts are in the records now, but the file could not be removed "
                           f"({exc.strerror or exc})")
            if added:
                self._warn(f"{_count(added, 'attempt')} that could not be saved earlier (the disk was full) "
                           f"{'was' if added == 1 else 'were'} added to the records in {self.path}")
            return added
        finally:
            if not closed:
                os.close(fd)

    def _import_one(self, child: dict[str, Any], a: AttemptRecord) -> int | None:
        """Inside the import transaction: 1 if the attempt was added, 0 if it was there already,
        None if it cannot be (its child is not in these records and has no name to add them by)."""
        child_id = self._import_child(child, a.child_id)
        if child_id is None:
            return None
        if child_id != a.child_id:
            a = _replace(a, child_id=child_id, session_id=None,
                         session_started_at=a.session_started_at or a.started_at)
        return int(self._insert_attempt_in_transaction(a, dedupe=True)[2])

    def _import_child(self, child: dict[str, Any], child_id: int) -> int | None:
        """The child an unsaved attempt belongs to here: by id if the name agrees, else by name (added if new)."""
        name = child.get("name")
        name = " ".join(name.split())[:40] if isinstance(name, str) else None
        row = self.conn.execute("SELECT name FROM children WHERE id = ?", (child_id,)).fetchone()
        if row is not None and (name is None or str(row[0]).lower() == str(name).lower()):
            return child_id
        if not name:
            return None
        row = self.conn.execute("SELECT id FROM children WHERE name = ? COLLATE NOCASE", (name,)).fetchone()
        if row is not None:
            return int(row[0])
        avatar, created = child.get("avatar"), child.get("created_at")
        cur = self.conn.execute("INSERT INTO children(name, avatar, created_at) VALUES (?, ?, ?)",
                                (name, avatar if isinstance(avatar, str) else "cat",
                                 created if isinstance(created, str) else now_utc()))
        return int(cur.lastrowid or 0)

    # the reserve: room kept back for the unsaved file
    def _ensure_reserve(self) -> bool:
        """Make the reserve file if there is room to spare; True if it is there (the disk is not full)."""
        path = self.reserve_path
        if path.exists():
            self.low_space = False
            return True
        try:
            if shutil.disk_usage(path.parent).free < 3 * RESERVE_BYTES:
                return False
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        except FileExistsError:
            self.low_space = False
            return True
        except OSError:
            return False
        try:
            if hasattr(os, "posix_fallocate"):
                os.posix_fallocate(fd, 0, RESERVE_BYTES)
            else:
                chunk = b"\0" * (1 << 20)
                for _ in range(RESERVE_BYTES // len(chunk)):
                    os.write(fd, chunk)
            os.fsync(fd)
        except OSError:
            os.close(fd)
            path.unlink(missing_ok=True)
            return False
        os.close(fd)
        self.low_space = False
        return True

    def _release_reserve(self) -> bool:
        try:
            self.reserve_path.unlink()
        except OSError:
            return False
        self.low_space = True
        return True

    def attempts(self, child: str | None = None, with_events: bool = True) -> Iterator[AttemptRow]:
        """Attempts oldest first; `with_events=False` leaves the (large) events text out, as '' ."""
        columns = "a.*"
        if not with_events:
            names = [r[1] for r in self.conn.execute("PRAGMA table_info(attempts)") if r[1] != "events"]
            columns = ", ".join(f"a.{n}" for n in names) + ", '' AS events"
        sql = (f"SELECT {columns}, c.name AS child FROM attempts a JOIN children c ON c.id = a.child_id"
               + (" WHERE c.name = ? COLLATE NOCASE" if child else "") + " ORDER BY a.started_at, a.id")
        for r in self.conn.execute(sql, (child,) if child else ()):
            yield AttemptRow.from_row(r)

    def attempt(self, attempt_id: int) -> AttemptRow | None:
        r = self.conn.execute("SELECT a.*, c.name AS child FROM attempts a JOIN children c ON c.id = a.child_id "
                              "WHERE a.id = ?", (attempt_id,)).fetchone()
        return None if r is None else AttemptRow.from_row(r)

    def sessions(self, child_id: int) -> list[SessionOverview]:
        """Sessions newest first, with how many attempts, which levels and the time played."""
        rows = self.conn.execute(
            """SELECT s.id, s.started_at, s.ended_at, s.note, COUNT(a.id) AS attempts,
                      GROUP_CONCAT(DISTINCT a.level_title) AS levels, MIN(a.started_at) AS first_at,
                      MAX(a.ended_at) AS last_at
               FROM sessions s LEFT JOIN attempts a ON a.session_id = s.id
               WHERE s.child_id = ? GROUP BY s.id ORDER BY s.started_at DESC, s.id DESC""", (child_id,))
        return [SessionOverview.from_row(r) for r in rows]

    # notes
    def add_note(self, child_id: int, text: str, *, session_id: int | None = None,
                 attempt_id: int | None = None) -> int:
        text = text.strip()
        if not text:
            raise UserError("a note must not be empty")
        return self._write("INSERT INTO notes(child_id, session_id, attempt_id, created_at, text) VALUES (?, ?, ?, ?, ?)",
                           (child_id, session_id, attempt_id, now_utc(), text))

    def notes(self, child_id: int) -> list[Note]:
        """The child's notes, oldest first."""
        return [Note.from_row(r) for r in self.conn.execute(
            "SELECT * FROM notes WHERE child_id = ? ORDER BY created_at, id", (child_id,))]

    # plans: an ordered list of levels a therapist sets for a child
    def set_plan(self, child_id: int, entries: list[tuple[str, str]]) -> None:
        """entries: (game, level_path) in order; replaces the child's plan in one transaction and notes when
        (the newest plan wins when a child's records from two computers are merged)."""
        try:
            with self.conn:
                self._begin()
                self.conn.execute("DELETE FROM plans WHERE child_id = ?", (child_id,))
                self.conn.executemany("INSERT INTO plans(child_id, position, game, level_path) VALUES (?, ?, ?, ?)",
                                      [(child_id, i, g, p) for i, (g, p) in enumerate(entries)])
                self.stamp_in_transaction(child_id, "plan", "")
        except sqlite3.Error as exc:
            self.problem = _friendly(exc)
            raise UserError(f"{self.path}: could not save ({self.problem})") from None
        self._after_write()

    def plan(self, child_id: int, game: str | None = None) -> list[tuple[str, str]]:
        sql = "SELECT game, level_path FROM plans WHERE child_id = ?" + (" AND game = ?" if game else "")
        params = (child_id, game) if game else (child_id,)
        return [(r["game"], r["level_path"]) for r in self.conn.execute(sql + " ORDER BY position", params)]

    # adaptive difficulty: one staircase per child and game
    def adaptive(self, child_id: int, game: str) -> AdaptiveSettings | None:
        """The child's saved adaptive settings for a game (None: never set; records.adaptive supplies defaults)."""
        r = self.conn.execute("SELECT * FROM adaptive WHERE child_id = ? AND game = ?", (child_id, game)).fetchone()
        return None if r is None else AdaptiveSettings.from_row(r)

    def set_adaptive(self, child_id: int, game: str, *, enabled: bool, rule: str, field: str, value: float,
                     step: float, min_value: float, max_value: float, state: dict | None = None) -> None:
        """Save the row, noting separately when the therapist's settings (on/off, rule, step, bounds) and when
        the staircase (value, state) last changed: merging records from two computers keeps the newest of each."""
        new_settings = (int(enabled), rule, field, float(step), float(min_value), float(max_value))
        new_stair = (float(value), json.dumps(state or {}))
        try:
            with self.conn:
                self._begin()
                old = self.conn.execute("SELECT * FROM adaptive WHERE child_id = ? AND game = ?",
                                        (child_id, game)).fetchone()
                self.conn.execute(
                    """INSERT INTO adaptive(child_id, game, enabled, rule, field, value, step, min_value, max_value,
                       state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(child_id, game) DO UPDATE SET
                       enabled = excluded.enabled, rule = excluded.rule, field = excluded.field,
                       value = excluded.value, step = excluded.step, min_value = excluded.min_value,
                       max_value = excluded.max_value, state = excluded.state""",
                    (child_id, game, *new_settings[:3], new_stair[0], *new_settings[3:], new_stair[1]))
                if old is None or (old["enabled"], old["rule"], old["field"], old["step"], old["min_value"],
                                   old["max_value"]) != new_settings:
                    self.stamp_in_transaction(child_id, "adaptive", game)
                if old is None or (old["value"], old["state"]) != new_stair:
                    self.stamp_in_transaction(child_id, "staircase", game)
        except sqlite3.Error as exc:
            self.problem = _friendly(exc)
            raise UserError(f"{self.path}: could not save ({self.problem})") from None
        self._after_write()

    # identity: which computer this is, and when a child's settings last changed here
    def computer_id(self) -> str:
        """This computer's id (a UUID made once, by migration 7): every record made here carries it."""
        return str(self.conn.execute("SELECT value FROM meta WHERE key = ?", (COMPUTER_KEY,)).fetchone()[0])

    def computer_name(self) -> str:
        """What other computers are told this one is called (the host name unless changed)."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (COMPUTER_NAME_KEY,)).fetchone()
        return str(row[0]) if row is not None else "another computer"

    def set_computer_name(self, name: str) -> None:
        name = " ".join(name.split())
        if not name or len(name) > 40 or not name.isprintable():
            raise UserError("a computer's name must be 1 to 40 printable characters")
        try:
            with self.conn:
                self._begin()
                self.conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (COMPUTER_NAME_KEY, name))
                self.conn.execute("INSERT OR REPLACE INTO computers(id, name) VALUES (?, ?)",
                                  (self.computer_id(), name))
        except sqlite3.Error as exc:
            self.problem = _friendly(exc)
            raise UserError(f"{self.path}: could not save ({self.problem})") from None
        self._after_write()

    def stamp_in_transaction(self, child_id: int, kind: str, key: str) -> None:
        """Inside the caller's transaction: the child's setting `kind` (plan, adaptive, staircase, options...)
        for `key` (a game, or '') changed here, now. Merging keeps the most recently changed one."""
        self.conn.execute("INSERT OR REPLACE INTO setting_stamps(child_id, kind, key, changed_at, origin) "
                          "VALUES (?, ?, ?, ?, ?)", (child_id, kind, key, now_utc(), self.computer_id()))

    def record_adaptive_change(self, child_id: int, game: str, attempt_id: int | None, field: str,
                               old_value: float | None, new_value: float, reason: str,
                               changed_at: str | None = None) -> int:
        """Write one step adaptive mode took (at `changed_at` if given: records built for benchmarks and tests)."""
        return self._write("""INSERT INTO adaptive_changes(child_id, game, attempt_id, changed_at, field, old_value,
                              new_value, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                           (child_id, game, attempt_id, changed_at or now_utc(), field, old_value, new_value, reason))

    def adaptive_changes(self, child_id: int, game: str | None = None) -> list[AdaptiveChange]:
        """The steps adaptive mode took for the child (in one game, or all), oldest first."""
        sql = "SELECT * FROM adaptive_changes WHERE child_id = ?" + (" AND game = ?" if game else "")
        params = (child_id, game) if game else (child_id,)
        return [AdaptiveChange.from_row(r) for r in self.conn.execute(sql + " ORDER BY changed_at, id", params)]

    def has_played(self, child_id: int, level_path: str, level_sha256: str) -> bool:
        """Has the child any attempt (finished or stopped) at this level file, or at a level with this
        same text? Decides whether a level starts with its demonstration (demo mode "first")."""
        row = self.conn.execute("SELECT 1 FROM attempts WHERE child_id = ? AND (level_path = ? OR level_sha256 = ?) "
                                "LIMIT 1", (child_id, level_path, level_sha256)).fetchone()
        return row is not None

    # per-child options (game.records.access): one row per child, with the time of its last change
    def child_options(self, child_id: int) -> ChildOptions | None:
        r = self.conn.execute("SELECT * FROM child_options WHERE child_id = ?", (child_id,)).fetchone()
        return None if r is None else ChildOptions.from_row(r)

    def set_child_options(self, child_id: int, options: dict, changed_at: str) -> None:
        """Keep the child's options and note the change (the newest wins when records are merged)."""
        try:
            with self.conn:
                self._begin()
                self.conn.execute("INSERT OR REPLACE INTO child_options(child_id, options, changed_at) VALUES (?, ?, ?)",
                                  (child_id, json.dumps(options), changed_at))
                self.stamp_in_transaction(child_id, "options", "")
        except sqlite3.Error as exc:
            self.problem = _friendly(exc)
            raise UserError(f"{self.path}: could not save ({self.problem})") from None
        self._after_write()

    # screen calibrations: display pixels per millimetre, per display (game.metrics.millimetres)
    def set_calibration(self, display: str, name: str, desktop: tuple[int, int], card_px: float) -> ScreenCalibration:
        """Keep this display's card measurement (replacing an earlier one of the same display)."""
        from game.metrics.millimetres import px_per_mm

        row = ScreenCalibration(display, name, int(desktop[0]), int(desktop[1]), float(card_px),
                                px_per_mm(float(card_px)), now_utc())
        self._write("""INSERT OR REPLACE INTO screen_calibrations(display, name, desktop_w, desktop_h, card_px,
                       px_per_mm, measured_at) VALUES (?, ?, ?, ?, ?, ?, ?)""",
                    (row.display, row.name, row.desktop_w, row.desktop_h, row.card_px, row.px_per_mm, row.measured_at))
        return row

    def calibration(self, display: str) -> ScreenCalibration | None:
        """This display's measurement, or None if it was never measured."""
        r = self.conn.execute("SELECT * FROM screen_calibrations WHERE display = ?", (display,)).fetchone()
        return None if r is None else ScreenCalibration.from_row(r)

    def calibrations(self) -> list[ScreenCalibration]:
        """Every display measured on this computer, latest first."""
        return [ScreenCalibration.from_row(r) for r in self.conn.execute(
            "SELECT * FROM screen_calibrations ORDER BY measured_at DESC, display")]

    # sound calibrations: how late each output's sound is heard (the Sound timing screen)
    def add_sound_calibration(self, *, device: str, backend: str, method: str, delay_ms: float, iqr_ms: float,
                              n: int, details: dict | None = None, measured_at: str | None = None) -> int:
        """Keep one accepted measurement; the latest for a device is the one attempts use."""
        return self._write("""INSERT INTO sound_calibrations(device, backend, method, delay_ms, iqr_ms, n, measured_at,
                              details) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                           (device, backend, method, float(delay_ms), float(iqr_ms), int(n), measured_at or now_utc(),
                            json.dumps(details or {})))

    def sound_calibration(self, device: str) -> SoundCalibration | None:
        """The latest calibration of this output device (None: never measured)."""
        r = self.conn.execute("SELECT * FROM sound_calibrations WHERE device = ? ORDER BY measured_at DESC, id DESC "
                              "LIMIT 1", (device,)).fetchone()
        return None if r is None else SoundCalibration.from_row(r)

    def best_stars(self, child_id: int) -> dict[str, int]:
        """Best stars per level file path, for the level picker."""
        rows = self.conn.execute("SELECT level_path, MAX(stars) AS s FROM attempts WHERE child_id = ? "
                                 "AND status = 'finished' GROUP BY level_path", (child_id,))
        return {r["level_path"]: int(r["s"]) for r in rows}


def _later(a: str | None, b: str) -> str:
    return b if a is None or session_rule.parse(b) >= session_rule.parse(a) else a


def _looks_corrupt(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return any(s in text for s in ("not a database", "malformed", "corrupt", "integrity", "file is encrypted"))


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _integrity_problem(rows: list[str]) -> str:
    """quick_check's answer (many lines, often) as one: the first problem and how many more."""
    problems = [line.strip() for row in rows for line in row.splitlines()
                if line.strip() and not line.strip().startswith("***")]
    if not problems:
        return "integrity check failed"
    more = len(problems) - 1
    return f"integrity check failed: {problems[0]}" + (f" (and {more} more)" if more else "")


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _stamp() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S")


def _free_name(target: Path) -> Path:
    n, first = 1, target
    while target.exists():
        n += 1
        target = first.with_name(f"{first.stem}-{n}{first.suffix}")
    return target


def _no_space(exc: OSError) -> bool:
    return exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))


def _lock(fd: int) -> None:
    if fcntl is not None:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError:
            pass  # a file system without locks: one MotorPlay at a time is the common case anyway


def _same_file(fd: int, path: Path) -> bool:
    """Still the file at `path` (not one another process removed after we opened it)?"""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    return (st.st_dev, st.st_ino) == (mine.st_dev, mine.st_ino)


def _read_all(fd: int) -> bytes:
    os.lseek(fd, 0, os.SEEK_SET)
    chunks = []
    while True:
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _sync_folder(folder: Path) -> None:
    """Make a file's creation or removal itself survive a power cut (POSIX; a no-op elsewhere)."""
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _append_synced(path: Path, data: bytes) -> None:
    """Append whole lines and fsync; on a failure the file is cut back, never left with half a line."""
    for _ in range(5):
        created = not path.exists()
        fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
        try:
            _lock(fd)
            if not _same_file(fd, path):
                continue  # it was just imported and removed: start a new one
            size = os.fstat(fd).st_size
            out = data
            if size:
                os.lseek(fd, size - 1, os.SEEK_SET)
                if os.read(fd, 1) != b"\n":
                    out = b"\n" + data   # a line cut short by a crash stays apart from this one
            try:
                view = memoryview(out)
                while view:
                    view = view[os.write(fd, view):]
                os.fsync(fd)
            except OSError:
                try:
                    os.ftruncate(fd, size)
                except OSError:
                    pass
                raise
        finally:
            os.close(fd)
        if created:
            _sync_folder(path.parent)
        return
    raise OSError(errno.EAGAIN, "the unsaved file kept changing", str(path))


_RECORD_FIELDS = {f.name for f in fields(AttemptRecord)}


def _parse_unsaved(data: bytes) -> tuple[list[tuple[dict[str, Any], AttemptRecord]], int]:
    """The entries of an unsaved file, and how many lines could not be read."""
    entries, bad = [], 0
    for raw in data.split(b"\n"):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw.decode("utf-8"))
            record = AttemptRecord(**{k: v for k, v in obj["attempt"].items() if k in _RECORD_FIELDS})
            child = obj.get("child") or {}
            if not isinstance(child, dict) or not _well_formed(record):
                raise TypeError("not an attempt")
        except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
            bad += 1
            continue
        entries.append((child, record))
    return entries, bad


_INTS = ("child_id", "stars", "attempt_no", "screen_w", "screen_h")
_TEXTS = ("game", "level_path", "level_title", "level_text", "level_sha256", "started_at", "ended_at",
          "events_jsonl", "app_version")


def _well_formed(a: AttemptRecord) -> bool:
    """Worth adding to the records: the right kinds of values (a hostile or damaged line is not)."""
    def is_int(v: object) -> bool:
        return isinstance(v, int) and not isinstance(v, bool)

    return (all(is_int(getattr(a, k)) for k in _INTS) and all(isinstance(getattr(a, k), str) for k in _TEXTS)
            and a.status in ("finished", "abandoned") and isinstance(a.metrics, dict)
            and (a.session_id is None or is_int(a.session_id)) and (a.seed is None or is_int(a.seed))
            and (a.settings is None or isinstance(a.settings, dict))
            and (a.difficulty is None or isinstance(a.difficulty, dict))
            and (a.session_started_at is None or isinstance(a.session_started_at, str)))


def _replace(a: AttemptRecord, **changes: Any) -> AttemptRecord:
    from dataclasses import replace

    return replace(a, **changes)


def _move_aside(path: Path) -> Path:
    target = _free_name(path.with_name(f"{path.stem}-unreadable-{_stamp()}{path.suffix}"))
    path.rename(target)
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.rename(target.with_name(target.name + suffix))
    return target
