"""Moving one child between computers (home and clinic): writing the child file and merging one in.

The file's container (zip, manifest, checksums, sealing) is game/records/archive.py; the merge rules
are game/records/merge.py (pure, so a clinic server can apply them unchanged). This module holds
the SQL: what is read for a child file, and how a child file's records are checked and applied.

Import is all or nothing: the whole file is checked and merged inside one transaction, and own
level files written for it are removed again if anything fails.

Settings that travel are listed in SETTING_KINDS: each kind reads its value here in a portable
form (no local paths), checks an incoming value, and writes a winning value. A new per-child
setting (say access options) that should travel is one more SettingKind, and its setter in db.py
calls `stamp_in_transaction(child_id, kind, key)` when it changes.
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import re
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any, Callable, Iterator, Mapping

from game import __version__
from game.errors import UserError
from game.games import GAMES
from game.records import merge
from game.records.access import NAMES as ACCESS_NAMES
from game.records.access import AccessOptions
from game.records.archive import (
    FORMAT,
    FORMAT_VERSION,
    LEVEL_BYTES,
    LEVEL_NAME,
    Archive,
    SUFFIX,
    ArchiveWriter,
    TransferError,
)
from game.records.db import NAME_MAX, Child, Database, _friendly, now_utc
from game.records.merge import Version

EPOCH = "1970-01-01T00:00:00.000+00:00"     # when a setting with no stamp (none was ever made) changed
MAX_EVENTS_TEXT = 24_000_000                # an attempt's events as stored (12 MB of events, and room)
MAX_TEXT = 100_000                          # a note, a title, a path
_SURROGATE = re.compile("[\ud800-\udfff]")


# ------------------------------------------------------------------------------------ own level files

def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def own_levels_here(data_dir: Path, game: str) -> dict[str, str]:
    """File name -> SHA-256 of every own level file of a game on this computer."""
    from game.paths import user_levels_dir

    folder = user_levels_dir(data_dir, game)
    out: dict[str, str] = {}
    if not folder.is_dir():
        return out
    for p in sorted(folder.glob("*.toml")):
        try:
            if p.is_file() and p.stat().st_size <= LEVEL_BYTES:
                out[p.name] = sha256_bytes(p.read_bytes())
        except OSError:
            continue
    return out


def _read_level(path: Path, game: str) -> bytes | None:
    """An own level's bytes if the file is there and reads as a level of `game` (None: missing or broken)."""
    from game.levels.loader import LevelError, parse_level

    try:
        if not path.is_file() or path.stat().st_size > LEVEL_BYTES:
            return None
        data = path.read_bytes()
        loaded = parse_level(data.decode("utf-8"), str(path))
    except (OSError, UnicodeDecodeError, LevelError, ValueError):
        return None
    return data if loaded.game == game else None


@dataclass
class LevelPlaces:
    """Own levels of one export or import: by content, with the file names they have or get."""

    data_dir: Path
    texts: dict[str, tuple[str, str, bytes]] = field(default_factory=dict)   # sha -> (game, name, bytes)
    local: dict[str, Path] = field(default_factory=dict)                       # sha -> file here

    def portable(self, game: str, ref: str) -> dict[str, str]:
        """A plan entry as it travels: a shipped level by its name in the shipped folder, an own level by
        its content (file names differ between computers), a missing own file by its file name."""
        path = Path(ref)
        if not path.is_absolute():
            return {"game": game, "shipped": ref}
        data = _read_level(path, game)
        if data is None:
            return {"game": game, "missing": path.name}
        sha = sha256_bytes(data)
        self.texts.setdefault(sha, (game, path.name, data))
        return {"game": game, "own": sha}

    def find(self, game: str, sha: str) -> Path | None:
        """The own level file here with that content (one brought in now, or one here before)."""
        from game.paths import user_levels_dir

        if sha not in self.local:
            for name, digest in own_levels_here(self.data_dir, game).items():
                if digest == sha:
                    self.local[sha] = user_levels_dir(self.data_dir, game) / name
                    break
        return self.local.get(sha)

    def local_ref(self, entry: Mapping[str, str]) -> tuple[str, str]:
        """A portable plan entry as this computer's plan names it (game, level ref)."""
        from game.levels.loader import level_ref
        from game.paths import user_levels_dir

        game = entry["game"]
        if "shipped" in entry:
            return game, entry["shipped"]
        if "own" in entry and self.find(game, entry["own"]) is not None:
            return game, level_ref(self.local[entry["own"]])
        name = entry.get("missing") or f"{entry.get('own', 'level')[:12]}.toml"
        return game, str((user_levels_dir(self.data_dir, game) / name).resolve())


# ------------------------------------------------------------------------------------ settings that travel

@dataclass(frozen=True)
class SettingKind:
    """One of a child's settings that travels with the child, "the newest wins"."""

    name: str                                                        # as stored in setting_stamps.kind
    words: str                                                       # for the import's report
    keyed: bool                                                      # per game (key = the game) or one ('')
    read: Callable[[Database, int, LevelPlaces], dict[str, Any]]     # key -> portable value, here
    check: Callable[[str, Any], Any]                                 # an incoming value, normalised; ValueError
    write: Callable[[Database, int, str, Any, LevelPlaces], None]    # store a winning value (in the transaction)
    levels: Callable[[Any], list[tuple[str, str]]] = lambda value: []   # the own levels (game, SHA-256) it names


def _read_plan(db: Database, child_id: int, places: LevelPlaces) -> dict[str, Any]:
    has = db.conn.execute("SELECT 1 FROM setting_stamps WHERE child_id = ? AND kind = 'plan'", (child_id,)).fetchone()
    plan = db.plan(child_id)
    if not plan and has is None:
        return {}
    return {"": [places.portable(g, ref) for g, ref in plan]}


def _check_plan(key: str, value: Any) -> Any:
    if key != "" or not isinstance(value, list) or len(value) > 1000:
        raise ValueError("a plan is a list of at most 1000 levels")
    out = []
    for e in value:
        if not isinstance(e, dict) or e.get("game") not in GAMES:
            raise ValueError("a plan entry names a game this MotorPlay does not have")
        kinds = [k for k in ("shipped", "own", "missing") if k in e]
        if len(kinds) != 1 or set(e) != {"game", kinds[0]} or not isinstance(e[kinds[0]], str):
            raise ValueError("a plan entry must be {game, shipped|own|missing}")
        ref = e[kinds[0]]
        if kinds[0] == "own" and not re.fullmatch(r"[0-9a-f]{64}", ref):
            raise ValueError("an own level is named by its SHA-256")
        if kinds[0] == "shipped" and (not re.fullmatch(r"[A-Za-z0-9_./-]{1,200}\.toml", ref) or ".." in ref.split("/")
                                      or ref.startswith("/")):
            raise ValueError("a shipped level's name must stay inside the shipped levels folder")
        if kinds[0] == "missing" and not LEVEL_NAME.fullmatch(f"levels/{e['game']}/{ref}"):
            raise ValueError("a missing level's file name is not one a level file has")
        out.append({"game": e["game"], kinds[0]: ref})
    return out


def _write_plan(db: Database, child_id: int, key: str, value: Any, places: LevelPlaces) -> None:
    db.conn.execute("DELETE FROM plans WHERE child_id = ?", (child_id,))
    db.conn.executemany("INSERT INTO plans(child_id, position, game, level_path) VALUES (?, ?, ?, ?)",
                        [(child_id, i, *places.local_ref(e)) for i, e in enumerate(value)])


SETTINGS_FIELDS = ("enabled", "rule", "field", "step", "min_value", "max_value")


def _adaptive_rows(db: Database, child_id: int) -> list[sqlite3.Row]:
    return db.conn.execute("SELECT * FROM adaptive WHERE child_id = ? ORDER BY game", (child_id,)).fetchall()


def _read_adaptive(db: Database, child_id: int, places: LevelPlaces) -> dict[str, Any]:
    return {r["game"]: {"enabled": bool(r["enabled"]), "rule": r["rule"], "field": r["field"],
                        "step": float(r["step"]), "min_value": float(r["min_value"]),
                        "max_value": float(r["max_value"])} for r in _adaptive_rows(db, child_id)}


def _read_staircase(db: Database, child_id: int, places: LevelPlaces) -> dict[str, Any]:
    return {r["game"]: {"value": float(r["value"]), "state": json.loads(r["state"])}
            for r in _adaptive_rows(db, child_id)}


def _number(v: Any) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
        raise ValueError("a number is missing or not finite")
    return float(v)


def _check_adaptive(key: str, value: Any) -> Any:
    from game.staircase import DEFAULTS, check_settings

    if key not in DEFAULTS or not isinstance(value, dict) or set(value) != set(SETTINGS_FIELDS):
        raise ValueError(f"adaptive settings are {{{', '.join(SETTINGS_FIELDS)}}} for a game with adaptive mode")
    out = {"enabled": value["enabled"], "rule": value["rule"], "field": value["field"],
           "step": _number(value["step"]), "min_value": _number(value["min_value"]),
           "max_value": _number(value["max_value"])}
    if not isinstance(out["enabled"], bool) or out["field"] != DEFAULTS[key].field or not isinstance(out["rule"], str):
        raise ValueError("adaptive settings: enabled must be true or false, and the field the game's own")
    problems = check_settings(key, out["rule"], out["step"], out["min_value"], out["max_value"])
    if problems:
        raise ValueError("; ".join(problems))
    return out


def _check_staircase(key: str, value: Any) -> Any:
    from game.staircase import DEFAULTS, Staircase

    if key not in DEFAULTS or not isinstance(value, dict) or set(value) != {"value", "state"}:
        raise ValueError("a staircase is {value, state} for a game with adaptive mode")
    state = value["state"]
    if not isinstance(state, dict):
        raise ValueError("a staircase's state must be an object")
    if state:
        numbers = ("step", "min_value", "max_value", "value")
        counts = ("run", "direction", "reversal_count", "trials", "successes")
        if state.get("game") != key or not isinstance(state.get("rule"), str):
            raise ValueError("a staircase's state must name its game and rule")
        for k in numbers:
            _number(state.get(k))
        for k in counts:
            v = state.get(k, 0)
            if isinstance(v, bool) or not isinstance(v, int) or abs(v) > 10 ** 9:
                raise ValueError(f"a staircase's {k} must be a whole number")
        reversals = state.get("reversals", [])
        if not isinstance(reversals, list) or len(reversals) > 1000:
            raise ValueError("a staircase's reversals must be a short list of numbers")
        for v in reversals:
            _number(v)
        if set(state) - set(Staircase.__dataclass_fields__):
            raise ValueError("a staircase's state has fields this MotorPlay does not know")
        Staircase.from_dict(state)
    return {"value": _number(value["value"]), "state": state}


def _write_adaptive(db: Database, child_id: int, key: str, value: Any, places: LevelPlaces) -> None:
    from game.staircase import DEFAULTS

    g = DEFAULTS[key]
    db.conn.execute("INSERT OR IGNORE INTO adaptive(child_id, game, enabled, rule, field, value, step, min_value, "
                    "max_value, state) VALUES (?, ?, 0, '2down1up', ?, ?, ?, ?, ?, '{}')",
                    (child_id, key, g.field, g.min_value, g.step, g.min_value, g.max_value))
    db.conn.execute("UPDATE adaptive SET enabled = ?, rule = ?, field = ?, step = ?, min_value = ?, max_value = ? "
                    "WHERE child_id = ? AND game = ?", (int(value["enabled"]), value["rule"], value["field"],
                                                        value["step"], value["min_value"], value["max_value"],
                                                        child_id, key))


def _write_staircase(db: Database, child_id: int, key: str, value: Any, places: LevelPlaces) -> None:
    from game.staircase import DEFAULTS

    g = DEFAULTS[key]
    db.conn.execute("INSERT OR IGNORE INTO adaptive(child_id, game, enabled, rule, field, value, step, min_value, "
                    "max_value, state) VALUES (?, ?, 0, '2down1up', ?, ?, ?, ?, ?, '{}')",
                    (child_id, key, g.field, g.min_value, g.step, g.min_value, g.max_value))
    db.conn.execute("UPDATE adaptive SET value = ?, state = ? WHERE child_id = ? AND game = ?",
                    (value["value"], json.dumps(value["state"]), child_id, key))


def _plan_levels(value: Any) -> list[tuple[str, str]]:
    return [(e["game"], e["own"]) for e in value if "own" in e]


def _read_options(db: Database, child_id: int, places: LevelPlaces) -> dict[str, Any]:
    row = db.child_options(child_id)
    return {} if row is None else {"": AccessOptions.from_dict(row.options).to_dict()}


def _check_options(key: str, value: Any) -> Any:
    """Strict, unlike reading stored options: a value another computer sends must be one this one allows
    (an option from a newer MotorPlay that this one does not know is left out)."""
    if key != "" or not isinstance(value, dict) or len(value) > 64:
        raise ValueError("access options are one table of at most 64 options")
    try:
        return AccessOptions().changed(**{k: v for k, v in value.items() if k in ACCESS_NAMES}).to_dict()
    except TypeError as exc:
        raise ValueError(f"access options: {exc}") from None


def _write_options(db: Database, child_id: int, key: str, value: Any, places: LevelPlaces) -> None:
    db.conn.execute("INSERT OR REPLACE INTO child_options(child_id, options, changed_at) VALUES (?, ?, ?)",
                    (child_id, json.dumps(value), now_utc()))


# The settings that travel, in the order the import reports them.
SETTING_KINDS: Mapping[str, SettingKind] = MappingProxyType({k.name: k for k in (
    SettingKind("plan", "plan", False, _read_plan, _check_plan, _write_plan, _plan_levels),
    SettingKind("adaptive", "adaptive settings", True, _read_adaptive, _check_adaptive, _write_adaptive),
    SettingKind("staircase", "adaptive staircase", True, _read_staircase, _check_staircase, _write_staircase),
    SettingKind("options", "access options", False, _read_options, _check_options, _write_options),
)})


def _stamp(db: Database, child_id: int, kind: str, key: str) -> tuple[str, str]:
    row = db.conn.execute("SELECT changed_at, origin FROM setting_stamps WHERE child_id = ? AND kind = ? AND key = ?",
                          (child_id, kind, key)).fetchone()
    return (str(row[0]), str(row[1])) if row is not None else (EPOCH, db.computer_id())


def current_versions(db: Database, child_id: int, places: LevelPlaces) -> dict[tuple[str, str], Version]:
    """(kind, key) -> the version of each travelling setting the child has here."""
    out: dict[tuple[str, str], Version] = {}
    for kind in SETTING_KINDS.values():
        for key, value in kind.read(db, child_id, places).items():
            changed_at, origin = _stamp(db, child_id, kind.name, key)
            out[(kind.name, key)] = Version(kind.name, key, changed_at, origin, value)
    return out


def replaced_versions(db: Database, child_id: int) -> list[Version]:
    return [Version(r["kind"], r["key"], r["changed_at"], r["origin"], json.loads(r["value"])) for r in db.conn.execute(
        "SELECT * FROM replaced_settings WHERE child_id = ? ORDER BY changed_at, version", (child_id,))]


# ------------------------------------------------------------------------------------ writing a child file

@dataclass(frozen=True)
class Sent:
    """What a child file holds, for the one line the command and the screen show."""

    child: str
    attempts: int
    sessions: int
    notes: int
    levels: int

    def words(self, path: Path) -> str:
        return (f"{self.child}: {self.attempts} attempt{'s' if self.attempts != 1 else ''}, {self.sessions} "
                f"session{'s' if self.sessions != 1 else ''}, {self.notes} note{'s' if self.notes != 1 else ''} and "
                f"{self.levels} own level{'s' if self.levels != 1 else ''} written to {path}")


def _rows(db: Database, sql: str, params: tuple) -> Iterator[sqlite3.Row]:
    yield from db.conn.execute(sql, params)


def _session_json(r: sqlite3.Row) -> dict[str, Any]:
    return {"uid": r["uid"], "origin": r["origin"], "started_at": r["started_at"], "ended_at": r["ended_at"],
            "app_version": r["app_version"], "note": r["note"]}


ATTEMPT_TEXTS = ("game", "level_path", "level_title", "level_text", "level_sha256", "started_at", "ended_at",
                 "status", "events", "app_version")
ATTEMPT_INTS = ("attempt_no", "stars", "screen_w", "screen_h")


def _attempt_json(r: sqlite3.Row) -> dict[str, Any]:
    out: dict[str, Any] = {"uid": r["uid"], "origin": r["origin"], "session": r["session_uid"]}
    out.update({k: r[k] for k in ATTEMPT_TEXTS})
    out.update({k: r[k] for k in ATTEMPT_INTS})
    out.update({"seed": r["seed"], "metrics": json.loads(r["metrics"]), "settings": json.loads(r["settings"]),
                "difficulty": json.loads(r["difficulty"]), "note": r["note"]})
    return out


def _note_json(r: sqlite3.Row) -> dict[str, Any]:
    return {"uid": r["uid"], "origin": r["origin"], "session": r["session_uid"], "attempt": r["attempt_uid"],
            "created_at": r["created_at"], "text": r["text"]}


def _change_json(r: sqlite3.Row) -> dict[str, Any]:
    return {"uid": r["uid"], "origin": r["origin"], "game": r["game"], "attempt": r["attempt_uid"],
            "changed_at": r["changed_at"], "field": r["field"], "old_value": r["old_value"],
            "new_value": r["new_value"], "reason": r["reason"]}


def child_aliases(db: Database, child_id: int) -> list[str]:
    return [str(r[0]) for r in db.conn.execute("SELECT uid FROM child_aliases WHERE child_id = ? ORDER BY uid",
                                               (child_id,))]


def _played_own_levels(db: Database, child_id: int, places: LevelPlaces) -> None:
    """Own levels the child played whose files are still here travel too (the child can play them there)."""
    for r in db.conn.execute("SELECT DISTINCT game, level_path FROM attempts WHERE child_id = ?", (child_id,)):
        if str(r[1]).startswith("/") or re.match(r"^[A-Za-z]:[\\/]", str(r[1])):
            places.portable(str(r[0]), str(r[1]))


def write_child_file(db: Database, child: Child, out: Path) -> Sent:
    """Write everything about one child to `out` (a plain child file; seal it after if wanted).

    Read in one read transaction, so a child playing on this computer meanwhile cannot leave the
    file half old and half new."""
    data_dir = db.path.parent
    places = LevelPlaces(data_dir)
    writer = ArchiveWriter(out)
    conn = db.conn
    try:
        conn.execute("BEGIN")
        try:
            row = conn.execute("SELECT * FROM children WHERE id = ?", (child.id,)).fetchone()
            writer.add_json("child.json", {"uid": row["uid"], "origin": row["origin"], "name": row["name"],
                                           "avatar": row["avatar"], "created_at": row["created_at"],
                                           "archived": bool(row["archived"]), "aliases": child_aliases(db, child.id)})
            sessions = writer.add_lines("sessions.jsonl", (_session_json(r) for r in _rows(
                db, "SELECT * FROM sessions WHERE child_id = ? ORDER BY started_at, id", (child.id,))))
            attempts = writer.add_lines("attempts.jsonl", (_attempt_json(r) for r in _rows(
                db, "SELECT a.*, s.uid AS session_uid FROM attempts a JOIN sessions s ON s.id = a.session_id "
                    "WHERE a.child_id = ? ORDER BY a.started_at, a.id", (child.id,))))
            notes = writer.add_lines("notes.jsonl", (_note_json(r) for r in _rows(
                db, "SELECT n.*, s.uid AS session_uid, a.uid AS attempt_uid FROM notes n LEFT JOIN sessions s ON "
                    "s.id = n.session_id LEFT JOIN attempts a ON a.id = n.attempt_id WHERE n.child_id = ? "
                    "ORDER BY n.created_at, n.id", (child.id,))))
            writer.add_lines("adaptive_changes.jsonl", (_change_json(r) for r in _rows(
                db, "SELECT c.*, a.uid AS attempt_uid FROM adaptive_changes c LEFT JOIN attempts a ON "
                    "a.id = c.attempt_id WHERE c.child_id = ? ORDER BY c.changed_at, c.id", (child.id,))))
            current = current_versions(db, child.id, places)
            history = replaced_versions(db, child.id)
            writer.add_lines("settings.jsonl", (v.as_json() for v in current.values()))
            writer.add_lines("history.jsonl", (v.as_json() for v in history))
            _played_own_levels(db, child.id, places)
            for v in history:     # own levels a replaced plan names, if they are still here
                for game, sha in SETTING_KINDS[v.kind].levels(v.value) if v.kind in SETTING_KINDS else []:
                    found = places.find(game, sha)
                    if found is not None:
                        places.portable(game, str(found))
            writer.add_json("computers.json", {str(r[0]): str(r[1]) for r in conn.execute(
                "SELECT id, name FROM computers ORDER BY id")})
            names: dict[str, dict[str, str]] = {}
            for sha, (game, name, data) in sorted(places.texts.items(), key=lambda kv: (kv[1][0], kv[1][1], kv[0])):
                taken = names.setdefault(game, {})
                name, _new = merge.place_level(_safe_name(name), sha, taken)
                taken[name] = sha
                writer.add_bytes(f"levels/{game}/{name}", data)
            computer = {"id": db.computer_id(), "name": db.computer_name()}
        finally:
            conn.execute("COMMIT")
        writer.finish({"format": FORMAT, "format_version": FORMAT_VERSION, "app_version": __version__,
                       "made_at": now_utc(), "computer": computer, "child": row["uid"],
                       "records_version": int(conn.execute("PRAGMA user_version").fetchone()[0])})
    except BaseException:
        writer.abandon()
        raise
    return Sent(child.name, attempts, sessions, notes, len(places.texts))


def _safe_name(name: str) -> str:
    """A level's file name as child files carry it (letters, digits, _ . -; .toml)."""
    stem = name[:-5] if name.lower().endswith(".toml") else name
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", stem).strip("._-")[:80] or "level"
    return f"{stem}.toml"


# ------------------------------------------------------------------------------------ checking a child file

class Check:
    """Checks one incoming record field by field; every problem is one TransferError line naming the place."""

    def __init__(self, where: str, rec: Mapping[str, Any]):
        self.where = where
        self.rec = rec

    def fail(self, what: str) -> TransferError:
        return TransferError(f"{self.where}: {what}; nothing was imported")

    def text(self, key: str, limit: int = MAX_TEXT, *, null: bool = False) -> str | None:
        v = self.rec.get(key)
        if v is None and null:
            return None
        if not isinstance(v, str) or len(v) > limit:
            raise self.fail(f"{key} must be text of at most {limit:,} characters")
        if _SURROGATE.search(v):      # a lone surrogate (JSON allows "\ud800"): not text SQLite can store
            raise self.fail(f"{key} is not valid text")
        return v

    def ident(self, key: str, *, null: bool = False) -> str | None:
        v = self.text(key, 64, null=null)
        if v is not None and not re.fullmatch(r"[0-9A-Za-z-]{8,64}", v):
            raise self.fail(f"{key} must be an id (a UUID)")
        return v

    def when(self, key: str, *, null: bool = False) -> str | None:
        v = self.text(key, 40, null=null)
        if v is None:
            return None
        try:
            datetime.fromisoformat(v)
        except ValueError:
            raise self.fail(f"{key} must be a date and time (ISO 8601)") from None
        return v

    def integer(self, key: str, lo: int, hi: int, *, null: bool = False) -> int | None:
        v = self.rec.get(key)
        if v is None and null:
            return None
        if isinstance(v, bool) or not isinstance(v, int) or not lo <= v <= hi:
            raise self.fail(f"{key} must be a whole number from {lo:,} to {hi:,}")
        return v

    def number(self, key: str, *, null: bool = False) -> float | None:
        v = self.rec.get(key)
        if v is None and null:
            return None
        try:
            return _number(v)
        except ValueError:
            raise self.fail(f"{key} must be a number") from None

    def obj(self, key: str) -> dict[str, Any]:
        v = self.rec.get(key)
        if not isinstance(v, dict):
            raise self.fail(f"{key} must be an object")
        return v

    def game(self, key: str = "game") -> str:
        v = self.text(key, 40)
        if v not in GAMES:
            raise self.fail(f"{key} {v!r} is not a game this MotorPlay has")
        return v  # type: ignore[return-value]


def check_child(rec: Any, where: str) -> dict[str, Any]:
    if not isinstance(rec, dict):
        raise TransferError(f"{where}: must be a JSON object; nothing was imported")
    c = Check(where, rec)
    name = " ".join((c.text("name", 200) or "").split())
    if not name or not name.isprintable():
        raise c.fail("name must be a child's name")
    aliases = rec.get("aliases", [])
    if not isinstance(aliases, list) or len(aliases) > 1000:
        raise c.fail("aliases must be a list of ids")
    for i in range(len(aliases)):
        Check(where, {"alias": aliases[i]}).ident("alias")
    archived = rec.get("archived", False)
    if not isinstance(archived, bool):
        raise c.fail("archived must be true or false")
    return {"uid": c.ident("uid"), "origin": c.ident("origin"), "name": name, "avatar": c.text("avatar", 40),
            "created_at": c.when("created_at"), "archived": archived, "aliases": list(aliases)}


def check_session(rec: dict[str, Any], where: str) -> dict[str, Any]:
    c = Check(where, rec)
    return {"uid": c.ident("uid"), "origin": c.ident("origin"), "started_at": c.when("started_at"),
            "ended_at": c.when("ended_at", null=True), "app_version": c.text("app_version", 100),
            "note": c.text("note", null=True)}


def check_attempt(rec: dict[str, Any], where: str) -> dict[str, Any]:
    from game.levels.loader import MAX_LEVEL_BYTES

    c = Check(where, rec)
    out = {"uid": c.ident("uid"), "origin": c.ident("origin"), "session": c.ident("session"), "game": c.game(),
           "level_path": c.text("level_path", 4096), "level_title": c.text("level_title", 1000),
           "level_text": c.text("level_text", MAX_LEVEL_BYTES), "level_sha256": c.text("level_sha256", 64),
           "attempt_no": c.integer("attempt_no", 1, 10 ** 6), "started_at": c.when("started_at"),
           "ended_at": c.when("ended_at"), "status": c.text("status", 20), "stars": c.integer("stars", 0, 3),
           "events": c.text("events", MAX_EVENTS_TEXT), "app_version": c.text("app_version", 100),
           "screen_w": c.integer("screen_w", 1, 100_000), "screen_h": c.integer("screen_h", 1, 100_000),
           "seed": c.integer("seed", -(2 ** 63), 2 ** 63 - 1, null=True), "metrics": c.obj("metrics"),
           "settings": c.obj("settings"), "difficulty": c.obj("difficulty"), "note": c.text("note", null=True)}
    if out["status"] not in ("finished", "abandoned"):
        raise c.fail("status must be finished or abandoned")
    for key in ("metrics", "settings", "difficulty"):
        try:
            merge.canonical(out[key])
        except (ValueError, TypeError):
            raise c.fail(f"{key} must hold plain numbers and words") from None
    return out


def check_note(rec: dict[str, Any], where: str) -> dict[str, Any]:
    c = Check(where, rec)
    text = c.text("text", 10_000)
    if not (text or "").strip():
        raise c.fail("a note must not be empty")
    return {"uid": c.ident("uid"), "origin": c.ident("origin"), "session": c.ident("session", null=True),
            "attempt": c.ident("attempt", null=True), "created_at": c.when("created_at"), "text": text}


def check_change(rec: dict[str, Any], where: str) -> dict[str, Any]:
    c = Check(where, rec)
    return {"uid": c.ident("uid"), "origin": c.ident("origin"), "game": c.game(),
            "attempt": c.ident("attempt", null=True), "changed_at": c.when("changed_at"),
            "field": c.text("field", 100), "old_value": c.number("old_value", null=True),
            "new_value": c.number("new_value"), "reason": c.text("reason", 1000)}


def check_version(rec: dict[str, Any], where: str) -> Version:
    c = Check(where, rec)
    kind = c.text("kind", 40)
    if kind not in SETTING_KINDS:
        raise c.fail(f"kind {kind!r} is not a setting this MotorPlay knows (made by a newer MotorPlay?)")
    key = c.text("key", 40) or ""
    if SETTING_KINDS[kind].keyed != bool(key):
        raise c.fail(f"{kind} must " + ("name a game" if SETTING_KINDS[kind].keyed else 'have the key ""'))
    try:
        value = SETTING_KINDS[kind].check(key, rec.get("value"))
    except (ValueError, TypeError, KeyError) as exc:
        raise c.fail(f"value: {merge_words(exc)}") from None
    return Version(kind, key, c.when("changed_at") or EPOCH, c.ident("origin") or "", value)


def merge_words(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 160 else text[:159] + "…"


# ------------------------------------------------------------------------------------ bringing a child file in

class NeedsName(UserError):
    """The file's child is not this computer's child of that name: ask (or --as NAME) before merging."""

    def __init__(self, name: str, here: Child):
        super().__init__(f"there is already a child called {here.name} here, but not the {name} in this file (their "
                         "records were started on different computers)")
        self.name = name
        self.here = here


@dataclass
class Brought:
    """What an import did, kind by kind (the lines the command prints)."""

    child: str = ""
    child_words: str = ""
    counts: dict[str, list[int]] = field(default_factory=dict)     # kind -> [new, already here]
    settings: list[str] = field(default_factory=list)
    levels: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"{self.child}: {self.child_words}"]
        for one, many in (("attempt", "attempts"), ("session", "sessions"), ("note", "notes"),
                          ("adaptive step", "adaptive steps")):
            new, old = self.counts.get(many, [0, 0])
            out.append(f"{new} new {one if new == 1 else many}, {old} already here")
        out.extend(self.settings)
        out.extend(self.levels)
        return out

    def short(self) -> str:
        """The lines as one, leaving out kinds with nothing in the file (for a screen's message bar)."""
        kept = [line for line in self.lines()[1:] if not line.startswith("0 new ") or not line.endswith(", 0 already here")]
        return f"Brought in {self.child} ({self.child_words}): " + "; ".join(kept) + "."


def _short_date(iso: str) -> str:
    from game.records.session_rule import parse

    d = parse(iso).astimezone()
    return f"{d.day} {d:%b %Y}"


def preview(archive: Archive, db: Database) -> tuple[dict[str, Any], merge.ChildMatch]:
    """The file's child, and who that is here (read only)."""
    child = check_child(archive.read_json("child.json"), archive.where("child.json"))
    if archive.manifest.get("child") != child["uid"]:
        raise TransferError(f"{archive.where('manifest.json')}: names another child than child.json; nothing was "
                            "imported")
    return child, merge.match_child([child["uid"], *child["aliases"]], child["name"], _children_ids(db))


def _children_ids(db: Database) -> list[tuple[int, str, list[str]]]:
    aliases: dict[int, list[str]] = {}
    for uid, child_id in db.conn.execute("SELECT uid, child_id FROM child_aliases"):
        aliases.setdefault(int(child_id), []).append(str(uid))
    return [(int(r[0]), str(r[1]), [str(r[2]), *aliases.get(int(r[0]), [])])
            for r in db.conn.execute("SELECT id, name, uid FROM children ORDER BY id")]


def _levels_in(archive: Archive) -> list[tuple[str, str, str, bytes]]:
    """(game, name, sha256, bytes) of every level in the file, each checked as a level of its game."""
    from game.levels.loader import LevelError, parse_level

    out = []
    for game, name in archive.levels:
        member = f"levels/{game}/{name}"
        if game not in GAMES:
            raise TransferError(f"{archive.where(member)}: {game!r} is not a game this MotorPlay has; nothing was imported")
        data = archive.read_bytes(member)
        try:
            parse_level(data.decode("utf-8"), member, expected_game=game)
        except UnicodeDecodeError:
            raise TransferError(f"{archive.where(member)}: not UTF-8 text; nothing was imported") from None
        except (LevelError, ValueError) as exc:
            raise TransferError(f"{archive.where(member)}: not a level this MotorPlay can play "
                                f"({merge_words(exc)}); nothing was imported") from None
        out.append((game, name, sha256_bytes(data), data))
    return out


def _place_levels(db: Database, levels: list[tuple[str, str, str, bytes]], places: LevelPlaces,
                  brought: Brought) -> list[Path]:
    """Write the file's own levels that are not here yet (never over a file); returns the files written."""
    from game.levels.editor_model import file_stem
    from game.paths import user_levels_dir

    written: list[Path] = []
    new = already = 0
    try:
        for game, name, sha, data in levels:
            folder = user_levels_dir(places.data_dir, game)
            here = own_levels_here(places.data_dir, game)
            target, fresh = merge.place_level(f"{file_stem(name[:-5])}.toml", sha, here)
            if not fresh:
                places.local[sha] = folder / target
                already += 1
                continue
            folder.mkdir(parents=True, exist_ok=True)
            for _ in range(100):
                path = folder / target
                try:
                    with open(path, "xb") as f:
                        f.write(data)
                        f.flush()
                        os.fsync(f.fileno())
                except FileExistsError:    # appeared meanwhile: the next free name
                    here[target] = "?"
                    target, _fresh = merge.place_level(target, sha, here)
                    continue
                written.append(path)
                break
            else:
                raise UserError(f"{folder}: could not find a free file name for {name}")
            places.local[sha] = folder / target
            new += 1
            if target != name:
                brought.levels.append(f"own level {name} saved as {target} (that name holds another level here)")
    except OSError as exc:
        _remove(written)
        raise UserError(f"{exc.filename or places.data_dir}: could not save an own level ({exc.strerror or exc}); "
                        "nothing was imported") from None
    except BaseException:
        _remove(written)
        raise
    if levels:
        brought.levels.insert(0, f"{new} new own level{'s' if new != 1 else ''}, {already} already here")
    return written


def _remove(paths: list[Path]) -> None:
    for p in paths:
        try:
            p.unlink()
        except OSError:
            pass


def bring_in(db: Database, archive: Archive, as_name: str | None = None) -> Brought:
    """Merge a checked child file into these records: all of it in one transaction, or nothing.

    The file's child is the child here with one of its ids; else a new child, unless a different child
    here has its name: then NeedsName, unless `as_name` says whom to bring them in as (that child if
    there is one of that name, else a new child called so)."""
    child, match = preview(archive, db)
    target_id: int | None = match.child_id if match.kind == "same" else None
    brought = Brought()
    new_name = child["name"]
    if match.kind == "same":
        here = db.get_child(target_id)  # type: ignore[arg-type]
        brought.child, brought.child_words = here.name, "already here; merged"  # type: ignore[union-attr]
    elif as_name is not None:
        other = db.find_child(as_name)
        if other is not None:
            target_id = other.id
            brought.child, brought.child_words = other.name, f"the file's {child['name']} merged into this child"
        else:
            new_name = db._clean_name(as_name)
            brought.child, brought.child_words = new_name, f"new here (the file's {child['name']})"
    elif match.kind == "name_taken":
        raise NeedsName(child["name"], db.get_child(match.child_id))  # type: ignore[arg-type]
    else:
        if len(new_name) > NAME_MAX:
            new_name = new_name[:NAME_MAX].rstrip()
        brought.child, brought.child_words = new_name, "new here"
    levels = _levels_in(archive)
    places = LevelPlaces(db.path.parent)
    written = _place_levels(db, levels, places, brought)
    try:
        with db.conn:
            db._begin()
            target_id = _apply(db, archive, child, target_id, new_name, places, brought)
    except sqlite3.Error as exc:
        _remove(written)
        raise UserError(f"{db.path}: could not bring the child in ({_friendly(exc)}); nothing was imported") from None
    except BaseException:
        _remove(written)
        raise
    db._after_write()
    return brought


def _apply(db: Database, archive: Archive, child: dict[str, Any], target_id: int | None, new_name: str,
           places: LevelPlaces, brought: Brought) -> int:
    conn = db.conn
    if target_id is None:
        if conn.execute("SELECT 1 FROM children WHERE name = ? COLLATE NOCASE", (new_name,)).fetchone():
            raise UserError(f"there is already a child called {new_name}")
        uid_free = conn.execute("SELECT 1 FROM children WHERE uid = ?", (child["uid"],)).fetchone() is None
        target_id = int(conn.execute(
            "INSERT INTO children(name, avatar, created_at, archived, uid, origin) VALUES (?, ?, ?, ?, ?, ?)",
            (new_name, child["avatar"] or "cat", child["created_at"], int(child["archived"]),
             child["uid"] if uid_free else None, child["origin"])).lastrowid)
    own = str(conn.execute("SELECT uid FROM children WHERE id = ?", (target_id,)).fetchone()[0])
    for alias in (child["uid"], *child["aliases"]):
        if alias != own:
            conn.execute("INSERT OR IGNORE INTO child_aliases(uid, child_id) VALUES (?, ?)", (alias, target_id))
    _computers(db, archive)
    sessions = _sessions(db, archive, target_id, brought)
    attempts = _attempts(db, archive, target_id, sessions, brought)
    _notes(db, archive, target_id, sessions, attempts, brought)
    _changes(db, archive, target_id, attempts, brought)
    _settings(db, archive, target_id, places, brought)
    return target_id


def _computers(db: Database, archive: Archive) -> None:
    where = archive.where("computers.json")
    names = archive.read_json("computers.json")
    if not isinstance(names, dict) or len(names) > 10_000:
        raise TransferError(f"{where}: must be an object of computer id -> name; nothing was imported")
    for cid, name in names.items():
        Check(where, {"id": cid}).ident("id")
        Check(where, {"name": name}).text("name", 40)
        db.conn.execute("INSERT OR IGNORE INTO computers(id, name) VALUES (?, ?)", (cid, name))
    sender = archive.manifest.get("computer")
    if isinstance(sender, dict):
        c = Check(archive.where("manifest.json"), sender)
        cid, name = c.ident("id"), c.text("name", 40)
        if cid != db.computer_id():
            db.conn.execute("INSERT OR REPLACE INTO computers(id, name) VALUES (?, ?)", (cid, name))


def _owner_check(db: Database, table: str, uid: str, child_id: int, where: str) -> int | None:
    row = db.conn.execute(f"SELECT id, child_id FROM {table} WHERE uid = ?", (uid,)).fetchone()
    if row is None:
        return None
    if int(row[1]) != child_id:
        raise TransferError(f"{where}: {uid} is another child's record here; nothing was imported")
    return int(row[0])


def _incoming(db: Database, archive: Archive, member: str, table: str, child_id: int,
              check: Callable[[dict[str, Any], str], dict[str, Any]]) -> Iterator[tuple[dict[str, Any], str, int | None]]:
    """Each checked record of a JSON Lines member, where it is, and its row here (None: new here).
    A record in the file twice, or another child's record here, refuses the whole file."""
    seen: set[str] = set()
    for number, raw in archive.lines(member):
        where = archive.where(member, number)
        rec = check(raw, where)
        if rec["uid"] in seen:
            raise TransferError(f"{where}: {rec['uid']} is in the file twice; nothing was imported")
        seen.add(rec["uid"])
        yield rec, where, _owner_check(db, table, rec["uid"], child_id, where)


def _sessions(db: Database, archive: Archive, child_id: int, brought: Brought) -> dict[str, int]:
    ids: dict[str, int] = {}
    new = old = 0
    for s, _where, local in _incoming(db, archive, "sessions.jsonl", "sessions", child_id, check_session):
        if local is None:
            ids[s["uid"]] = int(db.conn.execute(
                "INSERT INTO sessions(child_id, started_at, ended_at, app_version, note, uid, origin) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)", (child_id, s["started_at"], s["ended_at"], s["app_version"],
                                                 s["note"], s["uid"], s["origin"])).lastrowid)
            new += 1
            continue
        here = dict(db.conn.execute("SELECT started_at, ended_at, app_version, note FROM sessions WHERE id = ?",
                                    (local,)).fetchone())
        merged = merge.merge_session(here, s)
        if merged is not None:
            db.conn.execute("UPDATE sessions SET started_at = ?, ended_at = ?, app_version = ?, note = ? WHERE id = ?",
                            (merged["started_at"], merged["ended_at"], merged["app_version"], merged["note"], local))
        ids[s["uid"]] = local
        old += 1
    brought.counts["sessions"] = [new, old]
    return ids


def _session_id(db: Database, uid: str | None, sessions: dict[str, int], child_id: int, where: str) -> int | None:
    if uid is None:
        return None
    if uid in sessions:
        return sessions[uid]
    local = _owner_check(db, "sessions", uid, child_id, where)
    if local is None:
        raise TransferError(f"{where}: names session {uid}, which is neither in the file nor here; nothing was imported")
    return local


def _attempt_id(db: Database, uid: str | None, attempts: dict[str, int], child_id: int, where: str) -> int | None:
    if uid is None:
        return None
    if uid not in attempts:
        local = _owner_check(db, "attempts", uid, child_id, where)
        if local is None:
            raise TransferError(f"{where}: names attempt {uid}, which is neither in the file nor here; nothing was "
                                "imported")
        attempts[uid] = local
    return attempts[uid]


def _attempts(db: Database, archive: Archive, child_id: int, sessions: dict[str, int],
              brought: Brought) -> dict[str, int]:
    ids: dict[str, int] = {}
    new = old = 0
    for a, where, local in _incoming(db, archive, "attempts.jsonl", "attempts", child_id, check_attempt):
        if local is not None:          # an attempt already here is never changed
            ids[a["uid"]] = local
            old += 1
            continue
        session_id = _session_id(db, a["session"], sessions, child_id, where)
        ids[a["uid"]] = int(db.conn.execute(
            """INSERT INTO attempts(session_id, child_id, game, level_path, level_title, level_text, level_sha256,
               attempt_no, started_at, ended_at, status, stars, metrics, events, app_version, screen_w, screen_h,
               seed, settings, difficulty, note, uid, origin)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (session_id, child_id, a["game"], a["level_path"], a["level_title"], a["level_text"], a["level_sha256"],
             a["attempt_no"], a["started_at"], a["ended_at"], a["status"], a["stars"], json.dumps(a["metrics"]),
             a["events"], a["app_version"], a["screen_w"], a["screen_h"], a["seed"], json.dumps(a["settings"]),
             json.dumps(a["difficulty"]), a["note"], a["uid"], a["origin"])).lastrowid)
        new += 1
    brought.counts["attempts"] = [new, old]
    return ids


def _union(db: Database, archive: Archive, member: str, table: str, child_id: int,
           check: Callable[[dict[str, Any], str], dict[str, Any]],
           insert: Callable[[dict[str, Any], str], None]) -> list[int]:
    new = old = 0
    for rec, where, local in _incoming(db, archive, member, table, child_id, check):
        if local is not None:
            old += 1
            continue
        insert(rec, where)
        new += 1
    return [new, old]


def _notes(db: Database, archive: Archive, child_id: int, sessions: dict[str, int], attempts: dict[str, int],
           brought: Brought) -> None:
    def insert(n: dict[str, Any], where: str) -> None:
        db.conn.execute("INSERT INTO notes(child_id, session_id, attempt_id, created_at, text, uid, origin) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (child_id, _session_id(db, n["session"], sessions, child_id, where),
                         _attempt_id(db, n["attempt"], attempts, child_id, where), n["created_at"], n["text"],
                         n["uid"], n["origin"]))

    brought.counts["notes"] = _union(db, archive, "notes.jsonl", "notes", child_id, check_note, insert)


def _changes(db: Database, archive: Archive, child_id: int, attempts: dict[str, int], brought: Brought) -> None:
    def insert(c: dict[str, Any], where: str) -> None:
        db.conn.execute("INSERT INTO adaptive_changes(child_id, game, attempt_id, changed_at, field, old_value, "
                        "new_value, reason, uid, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (child_id, c["game"], _attempt_id(db, c["attempt"], attempts, child_id, where),
                         c["changed_at"], c["field"], c["old_value"], c["new_value"], c["reason"], c["uid"],
                         c["origin"]))

    brought.counts["adaptive steps"] = _union(db, archive, "adaptive_changes.jsonl", "adaptive_changes", child_id,
                                              check_change, insert)


def _versions(archive: Archive, member: str, *, one_each: bool) -> dict[tuple[str, str], list[Version]]:
    out: dict[tuple[str, str], list[Version]] = {}
    for number, raw in archive.lines(member):
        where = archive.where(member, number)
        v = check_version(raw, where)
        slot = out.setdefault((v.kind, v.key), [])
        if one_each and slot:
            raise TransferError(f"{where}: a second current {v.kind}{' for ' + v.key if v.key else ''}; nothing was "
                                "imported")
        slot.append(v)
    return out


def _settings(db: Database, archive: Archive, child_id: int, places: LevelPlaces, brought: Brought) -> None:
    incoming = _versions(archive, "settings.jsonl", one_each=True)
    history = _versions(archive, "history.jsonl", one_each=False)
    here = current_versions(db, child_id, places)
    known = {str(r[0]) for r in db.conn.execute("SELECT version FROM replaced_settings WHERE child_id = ?",
                                                (child_id,))}
    names = {str(r[0]): str(r[1]) for r in db.conn.execute("SELECT id, name FROM computers")}
    for (kind_name, key) in sorted(set(incoming) | set(history),
                                   key=lambda k: (list(SETTING_KINDS).index(k[0]), k[1])):
        kind = SETTING_KINDS[kind_name]
        mine = here.get((kind_name, key))
        theirs = (incoming.get((kind_name, key)) or [None])[0]
        result = merge.merge_setting(mine, theirs, known, history.get((kind_name, key), []))
        for game, sha in kind.levels(result.current.value) if result.current and result.changed else []:
            if places.find(game, sha) is None:
                raise TransferError(f"{archive.where('settings.jsonl')}: the {kind.words} names an own level that is "
                                    "neither in the file nor here; nothing was imported")
        if result.current is not None and result.changed:
            kind.write(db, child_id, key, result.current.value, places)
            db.conn.execute("INSERT OR REPLACE INTO setting_stamps(child_id, kind, key, changed_at, origin) "
                            "VALUES (?, ?, ?, ?, ?)", (child_id, kind_name, key, result.current.changed_at,
                                                       result.current.origin))
        if result.current is not None and result.restored:
            db.conn.execute("DELETE FROM replaced_settings WHERE child_id = ? AND version = ?",
                            (child_id, result.current.id))
            known.discard(result.current.id)
        for v in result.replaced:
            db.conn.execute("INSERT OR IGNORE INTO replaced_settings(child_id, version, kind, key, changed_at, origin, "
                            "value) VALUES (?, ?, ?, ?, ?, ?, ?)", (child_id, v.id, v.kind, v.key, v.changed_at,
                                                                     v.origin, merge.canonical(v.value)))
            known.add(v.id)
        if theirs is None or result.current is None:
            continue
        what = kind.words + (f", {GAMES[key].title}" if key in GAMES else "")
        by = f"{names.get(result.current.origin, 'another computer')}, {_short_date(result.current.changed_at)}"
        if result.changed:
            brought.settings.append(f"{what} updated ({by})")
        elif mine is not None and theirs.id == mine.id:
            brought.settings.append(f"{what}: the same as here")
        else:
            brought.settings.append(f"{what} kept: this computer's is newer ({by}); the file's is kept in the history")


# ------------------------------------------------------------------------------------ the whole of it

def send(db: Database, child: Child, out: Path, passphrase: str | None = None) -> Sent:
    """Write the child file to `out` whole or not at all (through a part-file beside it, renamed over it
    once synced). With a passphrase the records are sealed; the unsealed zip is only ever in the system's
    private temporary folder, never on the stick or shared folder."""
    import shutil
    import tempfile

    from game.records.archive import seal

    if out.is_dir():
        raise UserError(f"{out}: is a folder; name the child file to write (NAME{SUFFIX})")
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise UserError(f"{folder}: no such folder (is the stick or shared folder there?)")
    part = folder / f".{out.name}.part-{os.getpid()}"
    private = Path(tempfile.mkdtemp(prefix="motorplay-send-"))
    try:
        plain = private / "child.zip" if passphrase else part
        sent = write_child_file(db, child, plain)
        if passphrase:
            seal(plain, part, passphrase)
        fd = os.open(part, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(part, out)
    except OSError as exc:
        raise UserError(f"{exc.filename or out}: cannot write the child file ({exc.strerror or exc})") from None
    finally:
        shutil.rmtree(private, ignore_errors=True)
        try:
            part.unlink()
        except OSError:
            pass
    return sent
