"""The records file's versions, oldest first, and how each one is reached from the one before.

A records file says which version it is in `PRAGMA user_version` (and, for people looking
inside, in meta.schema_version, kept in step). Opening it applies the migrations it is missing,
in order, each in its own transaction together with the new version number: a migration that
fails leaves the file exactly at the version before it. A file of a version newer than this
code knows is refused, untouched.

Files written before versions were numbered have user_version 0 and meta.schema_version '1':
they are version 1. Migration 1 makes the tables of version 1 where they are missing, so a new
(empty) file goes through every migration too and ends up exactly like an old one brought up to date.

Never change a migration once it has shipped: add the next one.
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Callable

# Version 1, as MotorPlay made it before versions were numbered. Frozen: later versions are migrations.
SCHEMA_V1 = """
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


def level_difficulty(game: str, level_text: str, level_path: str = "level") -> dict[str, object]:
    """The game's difficulty values of a level as stored with an attempt ({} if the text no longer
    reads as a level of that game: a game or a field since removed, a damaged row or unsaved line)."""
    from game.games import GAMES
    from game.levels.loader import MAX_LEVEL_BYTES, LevelError, parse_level

    gamedef = GAMES.get(game)
    if gamedef is None or not isinstance(level_text, str) or len(level_text) > MAX_LEVEL_BYTES:
        return {}
    try:
        loaded = parse_level(level_text, str(level_path))
    except (LevelError, ValueError):   # ValueError: text that is not even Unicode (a lone surrogate)
        return {}
    if loaded.game != game:
        return {}
    return dict(gamedef.difficulty(loaded.level))


def _attempt_difficulty(conn: sqlite3.Connection) -> None:
    """Attempts keep the difficulty values they were played at (JSON), worked out here from the
    level text stored with each; MotorPlay writes them with every new attempt from now on."""
    conn.execute("ALTER TABLE attempts ADD COLUMN difficulty TEXT NOT NULL DEFAULT '{}'")
    ids = [int(r[0]) for r in conn.execute("SELECT id FROM attempts ORDER BY id").fetchall()]
    known: dict[tuple[str, str], str] = {}   # (game, level text) -> difficulty JSON: each level parsed once
    for attempt_id in ids:
        game, path, text = conn.execute("SELECT game, level_path, level_text FROM attempts WHERE id = ?",
                                        (attempt_id,)).fetchone()
        key = (str(game), str(text))
        if key not in known:
            known[key] = json.dumps(level_difficulty(game, text, path))
        conn.execute("UPDATE attempts SET difficulty = ? WHERE id = ?", (known[key], attempt_id))


def regroup_sessions(conn: sqlite3.Connection) -> None:
    """Sessions follow the 30-minute rule (game.records.session_rule): each child's attempts with no gap longer
    than 30 minutes are one session, started when its first attempt started and ended when its last one
    ended. Before, every start of the app or return from the therapist area began a new session.

    Each group keeps the lowest session id among its attempts (a new row if that id went to an earlier
    group); notes and the note of a session merged away move to the session that took its attempts; a
    session left without attempts is removed unless a note is about it. Every attempt is kept as it was
    apart from its session id.
    """
    from game.records.session_rule import split

    children = [int(r[0]) for r in conn.execute("SELECT DISTINCT child_id FROM attempts ORDER BY child_id")]
    for child in children:
        rows = conn.execute("SELECT id, session_id, started_at, ended_at, app_version FROM attempts "
                            "WHERE child_id = ? ORDER BY started_at, id", (child,)).fetchall()
        groups: dict[int, list] = {}
        for row, group in zip(rows, split([(str(r[2]), r[3]) for r in rows])):
            groups.setdefault(group, []).append(row)
        taken: set[int] = set()
        noted: set[int] = set()   # sessions whose note has gone to a group already
        for members in groups.values():
            olds = sorted({int(r[1]) for r in members})
            target = next((sid for sid in olds if sid not in taken), None)
            started, ended = str(members[0][2]), max((str(r[3]) for r in members), key=_when)
            if target is None:
                target = int(conn.execute("INSERT INTO sessions(child_id, started_at, ended_at, app_version) "
                                          "VALUES (?, ?, ?, ?)", (child, started, ended, members[0][4])).lastrowid)
            taken.add(target)
            texts = [str(r[0]) for sid in olds if sid not in noted for r in conn.execute(
                "SELECT note FROM sessions WHERE id = ? AND note IS NOT NULL AND note != ''", (sid,))]
            noted.update(olds)
            conn.execute("UPDATE sessions SET started_at = ?, ended_at = ?, note = ? WHERE id = ?",
                         (started, ended, "; ".join(dict.fromkeys(texts)) or None, target))
            conn.executemany("UPDATE attempts SET session_id = ? WHERE id = ?", [(target, r[0]) for r in members])
            for sid in olds:
                if sid != target and sid not in taken:
                    conn.execute("UPDATE notes SET session_id = ? WHERE session_id = ?", (target, sid))
    conn.execute("DELETE FROM sessions WHERE NOT EXISTS (SELECT 1 FROM attempts a WHERE a.session_id = sessions.id) "
                 "AND NOT EXISTS (SELECT 1 FROM notes n WHERE n.session_id = sessions.id) "
                 "AND (note IS NULL OR note = '')")


SOUND_CALIBRATIONS = """
CREATE TABLE sound_calibrations (
    id INTEGER PRIMARY KEY,
    device TEXT NOT NULL,
    backend TEXT NOT NULL,
    method TEXT NOT NULL CHECK (method IN ('microphone', 'taps')),
    delay_ms REAL NOT NULL,
    iqr_ms REAL NOT NULL,
    n INTEGER NOT NULL,
    measured_at TEXT NOT NULL,
    details TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX sound_calibrations_device ON sound_calibrations(device, measured_at);
"""


def _when(iso: str):
    from game.records.session_rule import parse

    return parse(iso)


CHILD_OPTIONS = """
CREATE TABLE child_options (
    child_id INTEGER PRIMARY KEY REFERENCES children(id),
    options TEXT NOT NULL DEFAULT '{}',
    changed_at TEXT NOT NULL
);
"""
"""Version 4: one row per child whose access options were ever set (game.records.access): the options as
JSON and when they last changed (UTC ISO), so copies of the records on two computers can keep the newer."""


# Version 5: how many display pixels make a millimetre, per display (game/metrics/millimetres.py). A
# display is named by what SDL tells of it (its name and desktop size, game/displays.py): a new monitor or
# resolution is a new display and is measured again. One row per display: the latest measurement.
SCREEN_CALIBRATIONS = """
CREATE TABLE screen_calibrations (
    display TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    desktop_w INTEGER NOT NULL,
    desktop_h INTEGER NOT NULL,
    card_px REAL NOT NULL,
    px_per_mm REAL NOT NULL,
    measured_at TEXT NOT NULL
);
"""


# A version-4 UUID made by SQLite itself (random 122 bits, the version and variant bits set), so rows
# inserted by any code, now or later, get one from a trigger without that code knowing.
UUID_SQL = ("lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || "
            "substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || "
            "substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))")
COMPUTER_KEY = "computer_id"        # meta: this computer's id (a UUID), made once by migration 7
COMPUTER_NAME_KEY = "computer_name"  # meta: what other computers call this one ("clinic", the host name)
# Tables of the transfer itself (migration 7): their rows are about this computer's copy, not things
# that travel one by one, so they get no uid of their own.
TRANSFER_TABLES = ("child_aliases", "setting_stamps", "replaced_settings", "computers")


def user_tables(conn: sqlite3.Connection) -> list[str]:
    """Every table holding records (not meta, SQLite's own tables or the transfer's bookkeeping)."""
    names = [str(r[0]) for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    return [n for n in names if n != "meta" and n not in TRANSFER_TABLES]


def give_identity(conn: sqlite3.Connection, table: str) -> None:
    """`uid` (a UUID) and `origin` (the id of the computer that made the row) on every row of a table,
    now and from now on: existing rows get theirs here, new rows from an AFTER INSERT trigger when the
    inserting code leaves them NULL (an import sets both: the row keeps the ids it was made with).
    A migration that adds a table after version 7 calls this for it."""
    cols = {str(r[1]) for r in conn.execute(f'PRAGMA table_info("{table}")')}
    if "uid" not in cols:
        conn.execute(f'ALTER TABLE "{table}" ADD COLUMN uid TEXT')
    if "origin" not in cols:
        conn.execute(f'ALTER TABLE "{table}" ADD COLUMN origin TEXT')
    here = "(SELECT value FROM meta WHERE key = 'computer_id')"
    conn.execute(f'UPDATE "{table}" SET uid = {UUID_SQL} WHERE uid IS NULL')
    conn.execute(f'UPDATE "{table}" SET origin = {here} WHERE origin IS NULL')
    conn.execute(f'CREATE UNIQUE INDEX IF NOT EXISTS "{table}_uid" ON "{table}"(uid)')
    conn.execute(f'CREATE TRIGGER IF NOT EXISTS "{table}_identity" AFTER INSERT ON "{table}" '
                 f"WHEN NEW.uid IS NULL OR NEW.origin IS NULL BEGIN "
                 f'UPDATE "{table}" SET uid = COALESCE(NEW.uid, {UUID_SQL}), origin = COALESCE(NEW.origin, {here}) '
                 f"WHERE rowid = NEW.rowid; END")


SCHEMA_V7_TRANSFER = """
CREATE TABLE IF NOT EXISTS child_aliases (
    uid TEXT PRIMARY KEY,
    child_id INTEGER NOT NULL REFERENCES children(id)
);
CREATE TABLE IF NOT EXISTS setting_stamps (
    child_id INTEGER NOT NULL REFERENCES children(id),
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    origin TEXT NOT NULL,
    PRIMARY KEY (child_id, kind, key)
);
CREATE TABLE IF NOT EXISTS replaced_settings (
    child_id INTEGER NOT NULL REFERENCES children(id),
    version TEXT NOT NULL,
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    origin TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (child_id, version)
);
CREATE TABLE IF NOT EXISTS computers (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL
);
"""


def _identity(conn: sqlite3.Connection) -> None:
    """Every child, session, attempt, note, plan row, adaptive setting and adaptive change gets a UUID and
    the id of the computer that made it (this one, for everything made before version 7), so one child's
    records can move between computers and be merged without anything counted twice. Plans and adaptive
    settings get the time they last changed (now, for those made before), for "the newest wins"."""
    import platform
    import uuid
    from datetime import datetime, timezone

    computer = str(uuid.uuid4())
    name = " ".join(platform.node().split())[:40] or "this computer"
    conn.execute("INSERT OR IGNORE INTO meta(key, value) VALUES (?, ?)", (COMPUTER_KEY, computer))
    conn.execute("INSERT OR IGNORE INTO meta(key, value) VALUES (?, ?)", (COMPUTER_NAME_KEY, name))
    computer = str(conn.execute("SELECT value FROM meta WHERE key = ?", (COMPUTER_KEY,)).fetchone()[0])
    for table in user_tables(conn):
        give_identity(conn, table)
    for sql in statements(SCHEMA_V7_TRANSFER):
        conn.execute(sql)
    conn.execute("INSERT OR IGNORE INTO computers(id, name) SELECT value, ? FROM meta WHERE key = ?",
                 (name, COMPUTER_KEY))
    now = datetime.now(timezone.utc).isoformat(timespec="milliseconds")
    conn.execute("INSERT OR IGNORE INTO setting_stamps(child_id, kind, key, changed_at, origin) "
                 "SELECT DISTINCT child_id, 'plan', '', ?, ? FROM plans", (now, computer))
    for kind in ("adaptive", "staircase"):
        conn.execute("INSERT OR IGNORE INTO setting_stamps(child_id, kind, key, changed_at, origin) "
                     "SELECT child_id, ?, game, ?, ? FROM adaptive", (kind, now, computer))


@dataclass(frozen=True)
class Migration:
    version: int          # the version the file is at once this has run
    description: str      # plain words, for messages and for whoever reads this list
    step: str | Callable[[sqlite3.Connection], None]   # SQL statements, or a function run inside the transaction


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "the first records: children, sessions, attempts, notes, plans, adaptive mode", SCHEMA_V1),
    Migration(2, "attempts keep the difficulty they were played at", _attempt_difficulty),
    Migration(3, "sessions regrouped: a child's attempts with no gap longer than 30 minutes are one session",
              regroup_sessions),
    Migration(4, "each child's motor access options, with the time of their last change", CHILD_OPTIONS),
    Migration(5, "each display's size measured with a bank card, for millimetres", SCREEN_CALIBRATIONS),
    Migration(6, "sound calibrations: how late each output's sound is heard, measured in the therapist area",
              SOUND_CALIBRATIONS),
    Migration(7, "every record gets a worldwide id and the computer it was made on; plans and adaptive "
                 "settings remember when they last changed (for moving a child between computers)", _identity),
)
LATEST = MIGRATIONS[-1].version


class NewerRecords(Exception):
    """The file is of a version this code does not know (made by a newer MotorPlay)."""

    def __init__(self, version: int):
        super().__init__(version)
        self.version = version


class MigrationFailed(Exception):
    """A migration could not finish; the file was left at `version` (everything it did was undone)."""

    def __init__(self, migration: Migration, version: int, cause: sqlite3.Error):
        super().__init__(str(cause))
        self.migration = migration
        self.version = version
        self.cause = cause


def file_version(conn: sqlite3.Connection) -> int:
    """The file's version: PRAGMA user_version, or for files from before it was set, meta.schema_version
    (0: a new, empty file)."""
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version:
        return version
    has_meta = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").fetchone()
    if has_meta is None:
        return 0
    row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    text = str(row[0]).strip() if row is not None else ""
    return int(text) if text.isdigit() and len(text) < 10 else 0


def check_not_newer(conn: sqlite3.Connection) -> int:
    """The file's version; raises NewerRecords (having written nothing) if this code does not know it."""
    version = file_version(conn)
    if version > LATEST:
        raise NewerRecords(version)
    return version


def statements(sql: str) -> list[str]:
    """An SQL script as single statements (executescript would commit the migration's transaction)."""
    out, pending = [], ""
    for line in sql.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            out.append(pending.strip())
            pending = ""
    if pending.strip():
        out.append(pending.strip())
    return out


def migrate(conn: sqlite3.Connection, migrations: tuple[Migration, ...] | None = None) -> list[Migration]:
    """Bring the file up to date (the connection must be in autocommit: isolation_level=None).

    Each missing migration runs in its own transaction with the version it reaches; the version is read
    again inside, so two MotorPlays opening the same old file at once migrate it once. Returns the
    migrations applied. Raises NewerRecords, or MigrationFailed on an SQLite error (the file stays at
    the version before the failing migration); any other exception is a bug and is raised as it is,
    also after undoing the failing migration.
    """
    migrations = MIGRATIONS if migrations is None else migrations
    applied: list[Migration] = []
    for m in migrations:
        try:
            if check_not_newer(conn) >= m.version:
                continue
            if _apply(conn, m):
                applied.append(m)
        except sqlite3.Error as exc:
            raise MigrationFailed(m, _version_or(conn, m.version - 1), exc) from exc
    return applied


def _apply(conn: sqlite3.Connection, m: Migration) -> bool:
    """Run one migration and set its version, in one transaction; False if another process just did."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        if check_not_newer(conn) >= m.version:
            conn.execute("COMMIT")
            return False
        if isinstance(m.step, str):
            for sql in statements(m.step):
                conn.execute(sql)
        else:
            m.step(conn)
        conn.execute(f"PRAGMA user_version = {int(m.version)}")
        conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?)", (str(m.version),))
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            try:
                conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass   # SQLite has rolled back already (some errors end the transaction themselves)
        raise
    return True


def _version_or(conn: sqlite3.Connection, fallback: int) -> int:
    try:
        return file_version(conn)
    except sqlite3.Error:
        return fallback
