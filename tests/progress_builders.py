"""A records file filled by real headless plays of all three games, with known answers.

Each game gets attempts at two difficulties; the attempts are then moved onto known days
(headless play stamps them all "now"), so charts and replays have exact things to show.
"""
from __future__ import annotations

from pathlib import Path

from game.events import Event
from game.games.catching.rules import schedule
from game.headless import play_headless
from game.levels.loader import LoadedLevel, parse_level
from game.records.db import Database
from tests.builders import LINE_LEVEL, line_points, polyline_events
from tests.catching_builders import chase

CHILD = "Ada"
# Tracing: a straight line; the trace runs `offset` below it, so mean_deviation == offset exactly.
TRACING_PLAN = [(30, 12.0), (30, 10.0), (24, 8.0), (24, 6.0)]   # (tolerance, offset) per attempt, one a day
TRACING_DAYS = ["2026-03-02T09:00:00+00:00", "2026-03-03T09:00:00+00:00", "2026-03-05T09:00:00+00:00",
                "2026-03-06T09:00:00+00:00"]

CATCHING_LEVEL = """format = 1
game = "catching"
title = "Two apples"

[catching]
catcher_width = 200
object_radius = 30
drops = [
  {{t = 0.5, x = 300, speed = {speed}}},
  {{t = 4.0, x = 1000, speed = {speed}}},
]
"""
CATCHING_PLAN = [(200, 0.0), (200, 400.0), (300, 0.0)]          # (speed, offset of the catcher)
CATCHING_DAYS = ["2026-03-02T10:00:00+00:00", "2026-03-04T10:00:00+00:00", "2026-03-06T10:00:00+00:00"]

TAPPING_LEVEL = """format = 1
game = "tapping"
title = "Left right"

[tapping]
pattern = "alternate"
tempo_bpm = {tempo}
beats = 8
lead_in_s = 1.0
window_ms = 200
"""
TAPPING_PLAN = [60, 60, 90]
TAPPING_DAYS = ["2026-03-02T11:00:00+00:00", "2026-03-03T11:00:00+00:00", "2026-03-05T11:00:00+00:00"]


def tracing_level(tolerance: float) -> LoadedLevel:
    return parse_level(LINE_LEVEL.replace("tolerance = 30", f"tolerance = {tolerance}"), "line.toml")


def tracing_events(offset: float) -> list[Event]:
    return polyline_events(line_points(200, 360 + offset, 1080, 360 + offset, 221))


def catching_level(speed: float) -> LoadedLevel:
    return parse_level(CATCHING_LEVEL.format(speed=speed), "two_apples.toml")


def catching_events(loaded: LoadedLevel, offset: float) -> list[Event]:
    return chase(schedule(loaded.level.catching), offset=offset)


def tapping_level(tempo: float) -> LoadedLevel:
    return parse_level(TAPPING_LEVEL.format(tempo=tempo), "left_right.toml")


def tapping_events(tempo: float) -> list[Event]:
    """Alternate L, R from beat 0: beat 1 missed, beat 2 tapped with the wrong hand, beat 5 20 ms late, an extra tap."""
    step = 60.0 / tempo
    out = []
    for k in range(8):
        t = 1.0 + k * step
        side = "left" if k % 2 == 0 else "right"
        if k == 1:
            continue
        if k == 2:
            side = "right"
        if k == 5:
            t += 0.02
        out.append(Event(round(t, 6), "tap", side=side))
    out.append(Event(round(1.0 + 6.5 * step, 6), "tap", side="left"))   # between beats: extra
    return sorted(out, key=lambda e: e.t)


def _redate(db: Database, ids: list[int], days: list[str]) -> None:
    for attempt_id, day in zip(ids, days):
        db.conn.execute("UPDATE attempts SET started_at = ?, ended_at = ? WHERE id = ?", (day, day, attempt_id))
    db.regroup_sessions()   # sessions follow the attempts' new times (the 30-minute rule)


def fill(data_dir: Path) -> dict[str, list[int]]:
    """Play every game headless into data_dir; returns the attempt ids per game, oldest first."""
    db = Database.open(data_dir)
    ids: dict[str, list[int]] = {"tracing": [], "catching": [], "tapping": []}
    try:
        child = db.get_or_add_child(CHILD, "fox")

        def play(game: str, loaded: LoadedLevel, events: list[Event]) -> None:
            n = play_headless(db, child, loaded, events, on_attempt=lambda i, saved: ids[game].append(i))
            assert n == 1

        for tol, off in TRACING_PLAN:
            play("tracing", tracing_level(tol), tracing_events(off))
        for speed, off in CATCHING_PLAN:
            loaded = catching_level(speed)
            play("catching", loaded, catching_events(loaded, off))
        for tempo in TAPPING_PLAN:
            play("tapping", tapping_level(tempo), tapping_events(tempo))
        _redate(db, ids["tracing"], TRACING_DAYS)
        _redate(db, ids["catching"], CATCHING_DAYS)
        _redate(db, ids["tapping"], TAPPING_DAYS)
        db.record_adaptive_change(child.id, "tracing", ids["tracing"][1], "tolerance", 30, 24,
                                  "2 successes in a row (2-down/1-up): narrower corridor")
        db.conn.execute("UPDATE adaptive_changes SET changed_at = ?", ("2026-03-04T09:00:00+00:00",))
    finally:
        db.close()
    return ids
