"""What the records file gives back when read: one typed, frozen row per attempt, session, note,
adaptive setting or adaptive change.

Readers (screens, reports, export, the command line) use attributes, so a type checker and a
person reading the code can both see which fields there are and which may be missing (None).
The JSON columns (an attempt's metrics, settings and difficulty; the adaptive state) are decoded
once, here.
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class AttemptRow:
    """One stored attempt (a row of `attempts`, with its child's name): enough to list, chart,
    export, replay and re-score it. From `Database.attempts(with_events=False)` `events` is ''."""

    id: int
    child: str                      # the child's name (children.name)
    child_id: int
    session_id: int
    game: str
    level_path: str                 # as level_ref wrote it (relative to the levels folder where possible)
    level_title: str
    level_text: str                 # the level file's text as played: replay and re-scoring parse it
    level_sha256: str
    attempt_no: int                 # which try of the level in a row (1 for the first)
    started_at: str                 # ISO 8601, UTC
    ended_at: str                   # ISO 8601, UTC
    status: str                     # "finished" or "abandoned" (the table refuses anything else)
    stars: int
    metrics: dict[str, float | None]   # the game's metrics as scored; None where undefined
    events: str                     # JSON lines, one input event each
    app_version: str
    screen_w: int
    screen_h: int
    seed: int | None                # the random seed of a game that uses one
    settings: dict[str, Any]        # the settings scoring used (audio latency, …); {} if none
    difficulty: dict[str, Any]      # the level's difficulty values as played ({} if its text no longer reads)
    note: str | None                # a column since records version 1; notes are kept in the notes table
    uid: str = ""                   # worldwide id (records version 7): the same attempt on every computer
    origin: str = ""                # the id of the computer it was played on

    @classmethod
    def from_row(cls, r: sqlite3.Row) -> AttemptRow:
        """From a row of `attempts` joined with the child's name as `child`."""
        return cls(
            id=r["id"], child=r["child"], child_id=r["child_id"], session_id=r["session_id"], game=r["game"],
            level_path=r["level_path"], level_title=r["level_title"], level_text=r["level_text"],
            level_sha256=r["level_sha256"], attempt_no=r["attempt_no"], started_at=r["started_at"],
            ended_at=r["ended_at"], status=r["status"], stars=r["stars"], metrics=json.loads(r["metrics"]),
            events=r["events"], app_version=r["app_version"], screen_w=r["screen_w"], screen_h=r["screen_h"],
            seed=r["seed"], settings=json.loads(r["settings"]), difficulty=json.loads(r["difficulty"]),
            note=r["note"], uid=r["uid"] or "", origin=r["origin"] or "")


# The columns AttemptListing reads: a list of attempts never needs the (large) events or level text.
LISTING_COLUMNS = ("id, session_id, game, level_path, level_title, attempt_no, started_at, ended_at, status, "
                   "stars, metrics")


@dataclass(frozen=True, slots=True)
class AttemptListing:
    """An attempt as a list on screen shows it (records.summary.session_attempts): no events, no level
    text, so listing a thousand attempts stays light on a tablet."""

    id: int
    session_id: int
    game: str
    level_path: str
    level_title: str
    attempt_no: int
    started_at: str
    ended_at: str
    status: str
    stars: int
    metrics: dict[str, float | None]

    @classmethod
    def from_row(cls, r: sqlite3.Row) -> AttemptListing:
        """From a row that holds LISTING_COLUMNS."""
        return cls(id=r["id"], session_id=r["session_id"], game=r["game"], level_path=r["level_path"],
                   level_title=r["level_title"], attempt_no=r["attempt_no"], started_at=r["started_at"],
                   ended_at=r["ended_at"], status=r["status"], stars=r["stars"], metrics=json.loads(r["metrics"]))


@dataclass(frozen=True, slots=True)
class SessionOverview:
    """One session with what was played in it (Database.sessions): a session row is written when the
    app opens for a child, so `attempts` may be 0."""

    id: int
    started_at: str                 # ISO 8601, UTC: when the session row was written
    ended_at: str | None            # None: still open, or the app was killed
    note: str | None                # a note on the session row itself (new notes go to the notes table)
    attempts: int                   # how many attempts it holds
    levels: str | None              # the distinct level titles played, comma-separated (None: none)
    first_at: str | None            # the first attempt's start (None: no attempts)
    last_at: str | None             # the last attempt's end

    @classmethod
    def from_row(cls, r: sqlite3.Row) -> SessionOverview:
        return cls(id=r["id"], started_at=r["started_at"], ended_at=r["ended_at"], note=r["note"],
                   attempts=r["attempts"], levels=r["levels"], first_at=r["first_at"], last_at=r["last_at"])


@dataclass(frozen=True, slots=True)
class Note:
    """A therapist's note about a child, attached to a session or to one attempt (or to neither)."""

    id: int
    child_id: int
    session_id: int | None
    attempt_id: int | None
    created_at: str                 # ISO 8601, UTC
    text: str

    @classmethod
    def from_row(cls, r: sqlite3.Row) -> Note:
        return cls(id=r["id"], child_id=r["child_id"], session_id=r["session_id"], attempt_id=r["attempt_id"],
                   created_at=r["created_at"], text=r["text"])


@dataclass(frozen=True, slots=True)
class AdaptiveChange:
    """One step adaptive mode took for a child and game: which difficulty field moved, from what to what, why."""

    id: int
    child_id: int
    game: str
    attempt_id: int | None          # the attempt that caused it (None: not stored when it happened)
    changed_at: str                 # ISO 8601, UTC
    field: str
    old_value: float | None         # None: the staircase had no value before
    new_value: float
    reason: str

    @classmethod
    def from_row(cls, r: sqlite3.Row) -> AdaptiveChange:
        return cls(id=r["id"], child_id=r["child_id"], game=r["game"], attempt_id=r["attempt_id"],
                   changed_at=r["changed_at"], field=r["field"], old_value=r["old_value"],
                   new_value=r["new_value"], reason=r["reason"])


@dataclass(frozen=True, slots=True)
class AdaptiveSettings:
    """A therapist's adaptive-mode settings for one child and game (records.adaptive reads and writes
    them), with where the staircase is: `state` is game.staircase.Staircase.to_dict(), {} until the
    first level played seeds it."""

    child_id: int
    game: str
    enabled: bool
    rule: str                       # "2down1up" or "3down1up"
    field: str                      # the difficulty field the staircase moves
    value: float                    # mirrors the staircase's value
    step: float
    min_value: float
    max_value: float
    state: dict[str, Any]

    @classmethod
    def from_row(cls, r: sqlite3.Row) -> AdaptiveSettings:
        return cls(child_id=r["child_id"], game=r["game"], enabled=bool(r["enabled"]), rule=r["rule"],
                   field=r["field"], value=r["value"], step=r["step"], min_value=r["min_value"],
                   max_value=r["max_value"], state=json.loads(r["state"]))


@dataclass(frozen=True, slots=True)
class ChildOptions:
    """A child's stored options (game.records.access reads them as AccessOptions) and when they last changed."""

    child_id: int
    options: dict[str, Any]
    changed_at: str                 # ISO 8601, UTC

    @classmethod
    def from_row(cls, r: sqlite3.Row) -> ChildOptions:
        try:
            options = json.loads(r["options"])
        except ValueError:   # a damaged row: the defaults, never a records file that will not open
            options = {}
        return cls(child_id=r["child_id"], options=options if isinstance(options, dict) else {},
                   changed_at=r["changed_at"])


@dataclass(frozen=True, slots=True)
class ScreenCalibration:
    """One display's size as a grown-up measured it with a bank card (game.metrics.millimetres)."""

    display: str                    # the key: name and desktop size (game.displays.Display.key)
    name: str                       # the display's name as SDL gives it ('' if none)
    desktop_w: int                  # its desktop size in pixels when measured
    desktop_h: int
    card_px: float                  # the card outline's width in display pixels
    px_per_mm: float                # card_px / 85.60
    measured_at: str                # ISO 8601, UTC

    @classmethod
    def from_row(cls, r: sqlite3.Row) -> ScreenCalibration:
        return cls(display=r["display"], name=r["name"], desktop_w=r["desktop_w"], desktop_h=r["desktop_h"],
                   card_px=r["card_px"], px_per_mm=r["px_per_mm"], measured_at=r["measured_at"])


@dataclass(frozen=True, slots=True)
class SoundCalibration:
    """One measurement of how late this computer's sound is heard (a row of `sound_calibrations`)."""

    id: int
    device: str            # the output it was measured on, as game.ui.audio.Sounds.device names it
    backend: str           # what played the clicks ("pygame-mixer", "sounddevice")
    method: str            # "microphone" or "taps"
    delay_ms: float        # scheduled click -> heard
    iqr_ms: float          # its spread (interquartile range)
    n: int                 # clicks found, or taps matched
    measured_at: str       # ISO 8601, UTC
    details: dict[str, Any]   # the values measured, counts

    @classmethod
    def from_row(cls, r: sqlite3.Row) -> SoundCalibration:
        return cls(id=r["id"], device=r["device"], backend=r["backend"], method=r["method"],
                   delay_ms=float(r["delay_ms"]), iqr_ms=float(r["iqr_ms"]), n=int(r["n"]),
                   measured_at=r["measured_at"], details=json.loads(r["details"]))
