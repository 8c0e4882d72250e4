"""The merge rules for one child's records coming from another computer: pure functions over plain
records (dicts and tuples in, dicts and tuples out; no SQL, no files, no clock).

Written so that a clinic server could apply them unchanged to the same records in another store.
Every rule is symmetric (here and incoming can swap places) and idempotent (merging the same
records again changes nothing), so importing A then B gives the same records as B then A:

- attempts, notes, adaptive changes: a union by id; a record already here is never changed;
- sessions: a union by id; a session on both sides covers both (earliest start, latest end);
- settings (plan, adaptive settings, the staircase, and any later kind such as access options):
  each is a *version* (changed_at, origin, value); the most recently changed wins and every version
  that lost is kept in the history;
- own levels: by content (SHA-256); a level whose name is taken by other content gets a suffix;
- a child is the same child when one of its ids matches; a different child with the same name is
  never merged without asking.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from game.records.session_rule import parse


def canonical(value: Any) -> str:
    """One spelling of a JSON value (sorted keys, no spaces): the same value hashes the same everywhere."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


@dataclass(frozen=True)
class Version:
    """One state of one of a child's settings: `kind` (plan, adaptive, staircase, options...) for `key`
    (a game, or ''), as it was changed at `changed_at` (ISO 8601, UTC) on computer `origin`."""

    kind: str
    key: str
    changed_at: str
    origin: str
    value: Any

    @property
    def id(self) -> str:
        """The version's id: a hash of all of it, so the same version has the same id on every computer."""
        text = canonical([self.kind, self.key, self.changed_at, self.origin, self.value])
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def order(self) -> tuple:
        """Newest last; equal times are broken by computer and then by the version itself, so every
        computer picks the same winner."""
        return (parse(self.changed_at), self.changed_at, self.origin, self.id)

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "key": self.key, "changed_at": self.changed_at, "origin": self.origin,
                "value": self.value, "version": self.id}


@dataclass(frozen=True)
class SettingMerge:
    """What merging one setting gives: the version to hold now, and versions to add to the history."""

    current: Version | None             # None: neither side has the setting now (only versions in a history)
    replaced: tuple[Version, ...]       # versions that lost (and were not in the history here yet)
    changed: bool                       # the current version here is a different one now
    restored: bool = False              # the current version was in the history here: it leaves the history


def merge_setting(here: Version | None, incoming: Version | None, history_here: Iterable[str] = (),
                  history_incoming: Iterable[Version] = ()) -> SettingMerge:
    """The most recently changed version wins; the other one, and the incoming history, join the history
    (a version is never both current and in the history).

    `history_here` holds the ids of versions in the history here."""
    candidates = [v for v in (here, incoming) if v is not None]
    current = max(candidates, key=Version.order) if candidates else None
    known = set(history_here)
    replaced: dict[str, Version] = {}
    for v in (*candidates, *history_incoming):
        if (current is None or v.id != current.id) and v.id not in known:
            replaced.setdefault(v.id, v)
    changed = current is not None and (here is None or here.id != current.id)
    restored = current is not None and current.id in known
    return SettingMerge(current, tuple(sorted(replaced.values(), key=Version.order)), changed, restored)


def union(here: Iterable[str], incoming: Iterable[Mapping[str, Any]]) -> tuple[list[Mapping[str, Any]], int]:
    """Records (attempts, notes, adaptive changes) to add, by `uid`, and how many were here already.

    A record already here is never changed, even if the incoming copy differs."""
    seen = set(here)
    new: list[Mapping[str, Any]] = []
    already = 0
    for rec in incoming:
        if rec["uid"] in seen:
            already += 1
            continue
        seen.add(rec["uid"])
        new.append(rec)
    return new, already


def _later(a: str | None, b: str | None) -> str | None:
    if a is None or b is None:
        return a if b is None else b
    return max(a, b, key=lambda s: (parse(s), s))


def _earlier(a: str, b: str) -> str:
    return min(a, b, key=lambda s: (parse(s), s))


def merge_notes_text(a: str | None, b: str | None) -> str | None:
    """A session's own note (from before notes had their own table): both, if they differ."""
    if a == b or not b:
        return a if a or b is None else b
    if not a:
        return b
    return "; ".join(sorted({p for text in (a, b) for p in text.split("; ") if p}))


def merge_session(here: Mapping[str, Any] | None, incoming: Mapping[str, Any]) -> dict[str, Any] | None:
    """The session to store: the incoming one if new; if both have it, the one covering both
    (earliest start, latest end, both notes). None: the session here is already that."""
    if here is None:
        return dict(incoming)
    merged = dict(here)
    merged["started_at"] = _earlier(here["started_at"], incoming["started_at"])
    merged["ended_at"] = _later(here.get("ended_at"), incoming.get("ended_at"))
    merged["note"] = merge_notes_text(here.get("note"), incoming.get("note"))
    merged["app_version"] = min(here["app_version"], incoming["app_version"])
    return None if all(merged[k] == here.get(k) for k in ("started_at", "ended_at", "note", "app_version")) \
        else merged


@dataclass(frozen=True)
class ChildMatch:
    """Which child here the incoming child is: `same` (one of their ids matches), `new` (nobody here
    has those ids or that name), or `name_taken` (a different child here has the same name)."""

    kind: str
    child_id: int | None


def match_child(incoming_ids: Iterable[str], name: str,
                here: Iterable[tuple[int, str, Iterable[str]]]) -> ChildMatch:
    """`here`: (child id, name, every id that child is known by: its own and its aliases)."""
    wanted = set(incoming_ids)
    rows = list(here)
    for child_id, _name, ids in rows:
        if wanted & set(ids):
            return ChildMatch("same", child_id)
    folded = " ".join(name.split()).casefold()
    for child_id, other, _ids in rows:
        if " ".join(other.split()).casefold() == folded:
            return ChildMatch("name_taken", child_id)
    return ChildMatch("new", None)


def place_level(name: str, sha256: str, here: Mapping[str, str]) -> tuple[str, bool]:
    """Where an incoming own level goes among a game's own level files (`here`: file name -> SHA-256 of
    its bytes): (the file holding that content already, False), or (a free name, True). A name taken by
    other content gets a suffix (easy_road_2.toml, easy_road_3.toml...); nothing is ever overwritten."""
    for existing, digest in sorted(here.items()):
        if digest == sha256:
            return existing, False
    taken = {n.casefold() for n in here}
    if name.casefold() not in taken:
        return name, True
    stem = name[:-5] if name.lower().endswith(".toml") else name
    n = 2
    while f"{stem}_{n}.toml".casefold() in taken:
        n += 1
    return f"{stem}_{n}.toml", True
