"""The records file's versions: files people already have are brought up to date without losing
anything, once; files from a newer MotorPlay are refused untouched; a failing migration undoes itself.

The fixture tests/fixtures/records_v1/motorplay.db was made by the code of version 1 (see
tests/fixtures/make_records_v1.py); every test works on a copy of it.
"""
from __future__ import annotations

import json
import shutil
import sqlite3
from dataclasses import asdict, replace
from pathlib import Path

import pytest

from game.errors import UserError
from game.games import GAMES
from game.levels.loader import load_level, parse_level
from game.records import migrations
from game.records.attempts import save_attempt
from game.records.db import DB_NAME, UNSAVED_NAME, AttemptRecord, Database, now_utc
from game.records.migrations import LATEST, MIGRATIONS, Migration
from tests.builders import ROOT, line_points, polyline_events, run_cli

FIXTURE = ROOT / "tests" / "fixtures" / "records_v1" / DB_NAME
V1_TABLES = ("meta", "children", "sessions", "attempts", "notes", "plans", "adaptive", "adaptive_changes")


def snapshot(path: Path) -> dict[str, list[dict]]:
    """Every row of every table of version 1, read without writing a byte (not even a journal)."""
    conn = sqlite3.connect(f"file:{path}?immutable=1", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        return {t: [dict(r) for r in conn.execute(f"SELECT * FROM {t} ORDER BY rowid")] for t in V1_TABLES}
    finally:
        conn.close()


def version_of(path: Path) -> tuple[int, str | None, list[str]]:
    """(user_version, meta.schema_version, the attempts table's columns), read without writing."""
    conn = sqlite3.connect(f"file:{path}?immutable=1", uri=True)
    try:
        user = int(conn.execute("PRAGMA user_version").fetchone()[0])
        row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        cols = [r[1] for r in conn.execute("PRAGMA table_info(attempts)")]
    finally:
        conn.close()
    return user, (row[0] if row else None), cols


def expected_difficulty(game: str, level_text: str, level_path: str) -> dict:
    """The game's own difficulty function on the stored level text, as JSON gives it back."""
    return json.loads(json.dumps(GAMES[game].difficulty(parse_level(level_text, level_path).level)))


@pytest.fixture
def old_records(data_dir: Path) -> Path:
    """A copy of the version-1 records file in a fresh records folder."""
    shutil.copyfile(FIXTURE, data_dir / DB_NAME)
    return data_dir / DB_NAME


def test_the_fixture_is_a_version_1_file_with_something_of_everything():
    user, meta, cols = version_of(FIXTURE)
    assert (user, meta) == (0, "1") and "difficulty" not in cols
    assert not FIXTURE.with_name(DB_NAME + "-wal").exists() and not FIXTURE.with_name(DB_NAME + "-shm").exists()
    assert FIXTURE.stat().st_size < 200_000
    rows = snapshot(FIXTURE)
    assert {a["game"] for a in rows["attempts"]} == {"tracing", "catching", "tapping"}   # the games of version 1
    assert len(rows["children"]) == 2 and rows["notes"] and rows["plans"] and rows["adaptive"]
    assert rows["adaptive_changes"] and any(a["attempt_no"] == 2 for a in rows["attempts"])


def test_opening_an_old_file_keeps_every_attempt_and_fills_its_difficulty(old_records: Path):
    before = snapshot(old_records)
    db = Database.open(old_records.parent)
    try:
        rows = list(db.attempts())
        assert db.notices == []
    finally:
        db.close()
    after = snapshot(old_records)
    # Everything of version 1 is as it was, byte for byte, apart from the version itself and the
    # sessions, which version 3 regrouped by the 30-minute rule.
    def keep(r: dict, *away: str) -> dict:   # version 7 adds uid and origin to every row (tested below)
        return {k: v for k, v in r.items() if k not in (*away, "uid", "origin")}

    for table in V1_TABLES:
        if table in ("meta", "sessions"):
            continue
        if table == "attempts":
            assert [keep(r, "difficulty", "session_id") for r in after[table]] == \
                [keep(r, "session_id") for r in before[table]]
        elif table == "notes":
            assert [keep(r, "session_id") for r in after[table]] == [keep(r, "session_id") for r in before[table]]
        else:
            assert [keep(r) for r in after[table]] == before[table], table
    check_sessions_follow_the_30_minute_rule(after)
    assert {r["key"]: r["value"] for r in after["meta"]}["schema_version"] == str(LATEST)
    assert version_of(old_records)[0] == LATEST

    assert [r.id for r in rows] == sorted(a["id"] for a in before["attempts"])
    by_id = {a["id"]: a for a in before["attempts"]}
    for r in rows:
        old = by_id[r.id]
        assert r.metrics == json.loads(old["metrics"]) and r.events == old["events"]
        assert r.difficulty == expected_difficulty(r.game, r.level_text, r.level_path)
        assert r.difficulty, r.id   # every level of the fixture still reads
    # The adapted tapping level (its tempo moved by adaptive mode) keeps the tempo it was played at.
    tempos = [r.difficulty["tempo_bpm"] for r in rows if r.game == "tapping" and r.child == "Ben"]
    assert tempos[-1] == 66 and tempos[0] == 60


def check_sessions_follow_the_30_minute_rule(tables: dict[str, list[dict]]) -> None:
    """Each child's attempts, oldest first: a new session exactly when the gap is over 30 minutes; each
    session starts with its first attempt and ends with its last; every session row points somewhere."""
    from datetime import timedelta

    from game.records.session_rule import parse

    sessions = {s["id"]: s for s in tables["sessions"]}
    for child in {a["child_id"] for a in tables["attempts"]}:
        mine = sorted((a for a in tables["attempts"] if a["child_id"] == child), key=lambda a: (a["started_at"], a["id"]))
        latest = None
        for prev, a in zip([None] + mine[:-1], mine):
            if prev is not None:
                same = parse(a["started_at"]) - latest <= timedelta(minutes=30)
                assert (a["session_id"] == prev["session_id"]) == same, (prev, a)
            latest = max(latest or parse(a["started_at"]), parse(a["ended_at"]))
            if prev is None or a["session_id"] != prev["session_id"]:
                latest = parse(a["ended_at"])
                assert sessions[a["session_id"]]["started_at"] == a["started_at"]
                assert sessions[a["session_id"]]["child_id"] == child
    used = {a["session_id"] for a in tables["attempts"]} | {n["session_id"] for n in tables["notes"]}
    assert all(s["id"] in used or s["note"] for s in tables["sessions"])


def test_migration_3_regroups_a_visit_split_by_restarts_into_one_session(old_records: Path):
    before = snapshot(old_records)
    db = Database.open(old_records.parent)
    db.close()
    after = snapshot(old_records)
    assert len(after["sessions"]) < len(before["sessions"])          # the fixture's visits were split up
    assert len(after["attempts"]) == len(before["attempts"])
    check_sessions_follow_the_30_minute_rule(after)


def test_the_difficulty_is_in_every_way_attempts_are_read(old_records: Path):
    db = Database.open(old_records.parent)
    try:
        full = {r.id: r for r in db.attempts()}
        light = {r.id: r for r in db.attempts(with_events=False)}
        for attempt_id, r in full.items():
            assert light[attempt_id].difficulty == r.difficulty == db.attempt(attempt_id).difficulty
            assert isinstance(r.difficulty, dict)
    finally:
        db.close()


def test_opening_twice_migrates_once(old_records: Path, monkeypatch):
    import game.records.db as dbmod

    runs: list[list[int]] = []
    real = dbmod.migrate

    def counting(conn, *args):
        applied = real(conn, *args)
        runs.append([m.version for m in applied])
        return applied

    monkeypatch.setattr(dbmod, "migrate", counting)
    Database.open(old_records.parent).close()
    # A value written after the migration stays: opening again does not work the difficulties out again.
    conn = sqlite3.connect(old_records, isolation_level=None)
    conn.execute("UPDATE attempts SET difficulty = '{\"marker\": 1}' WHERE id = 1")
    conn.close()
    db = Database.open(old_records.parent)
    try:
        assert db.attempt(1).difficulty == {"marker": 1}
    finally:
        db.close()
    assert runs == [[m.version for m in MIGRATIONS if m.version > 1], []]   # every migration after version 1, once
    assert version_of(old_records)[:2] == (LATEST, str(LATEST))


def test_a_migration_another_motorplay_just_ran_is_not_run_again(old_records: Path):
    """Two MotorPlays opening the same old file at once: the second finds the version moved on inside
    its own transaction and does nothing (an ALTER TABLE run twice would fail)."""
    other = sqlite3.connect(old_records, isolation_level=None)
    try:
        Database.open(old_records.parent).close()            # the first one migrates
        assert migrations._apply(other, MIGRATIONS[1]) is False
        assert migrations.migrate(other) == []
        assert not other.in_transaction
    finally:
        other.close()
    assert version_of(old_records)[:2] == (LATEST, str(LATEST))


def test_a_new_file_goes_through_every_migration_and_matches_an_old_one_brought_up_to_date(tmp_path: Path,
                                                                                           old_records: Path):
    fresh = tmp_path / "fresh"
    Database.open(fresh).close()
    Database.open(old_records.parent).close()

    def shape(path: Path) -> dict:
        conn = sqlite3.connect(f"file:{path}?immutable=1", uri=True)
        try:
            tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'index') "
                                                 "ORDER BY name")]
            return {t: conn.execute(f"PRAGMA table_info({t})").fetchall() for t in tables}
        finally:
            conn.close()

    assert version_of(fresh / DB_NAME)[:2] == (LATEST, str(LATEST))
    assert shape(fresh / DB_NAME) == shape(old_records)
    versions = [m.version for m in MIGRATIONS]
    assert versions == list(range(1, LATEST + 1))   # ordered, each once, none missing


def test_a_level_text_that_no_longer_reads_gets_no_difficulty_and_the_migration_still_succeeds(old_records: Path):
    conn = sqlite3.connect(old_records, isolation_level=None)
    conn.execute("UPDATE attempts SET level_text = 'format = 1\ngame = \"tracing\"\n' WHERE id = 1")   # fields missing
    conn.execute("UPDATE attempts SET level_text = 'not [ a level' WHERE id = 2")                       # not TOML
    tapping = conn.execute("SELECT level_text FROM attempts WHERE game = 'tapping' LIMIT 1").fetchone()[0]
    conn.execute("UPDATE attempts SET level_text = ? WHERE id = 5", (tapping,))                        # another game's
    conn.close()
    db = Database.open(old_records.parent)
    try:
        rows = {r.id: r for r in db.attempts()}
    finally:
        db.close()
    assert rows[1].difficulty == rows[2].difficulty == rows[5].difficulty == {}
    assert rows[6].difficulty == expected_difficulty("tracing", rows[6].level_text, rows[6].level_path)
    assert version_of(old_records)[0] == LATEST


@pytest.mark.parametrize("how", ["user_version", "meta"])
def test_a_file_from_a_newer_motorplay_is_refused_in_one_line_and_left_untouched(old_records: Path, how: str):
    conn = sqlite3.connect(old_records, isolation_level=None)
    if how == "user_version":
        conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    else:   # a file from before user_version was set, whose meta names a newer version
        conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(LATEST + 1),))
    conn.close()
    data = old_records.read_bytes()
    with pytest.raises(UserError) as info:
        Database.open(old_records.parent)
    message = str(info.value)
    assert "\n" not in message and str(old_records) in message and "made by a newer MotorPlay" in message
    assert f"version {LATEST + 1}" in message
    assert old_records.read_bytes() == data
    assert sorted(p.name for p in old_records.parent.iterdir()) == [DB_NAME]   # no journal, nothing moved aside


def test_the_command_line_refuses_a_newer_file_in_one_line(old_records: Path):
    conn = sqlite3.connect(old_records, isolation_level=None)
    conn.execute(f"PRAGMA user_version = {LATEST + 7}")
    conn.close()
    data = old_records.read_bytes()
    res = run_cli("export", "--format", "csv", data_dir=old_records.parent)
    assert res.returncode == 2 and res.stdout == ""
    assert res.stderr.count("\n") == 1 and "made by a newer MotorPlay" in res.stderr and str(old_records) in res.stderr
    assert old_records.read_bytes() == data


def _failing_after(step, error: BaseException):
    """A migration step that does all of `step`'s work, then fails before it can finish."""
    def run(conn: sqlite3.Connection) -> None:
        if isinstance(step, str):
            for sql in migrations.statements(step):
                conn.execute(sql)
        else:
            step(conn)
        conn.execute("DELETE FROM notes")   # and some damage, to see it undone too
        raise error
    return run


def test_a_migration_that_fails_part_way_leaves_the_file_at_its_old_version(old_records: Path, monkeypatch):
    before = snapshot(old_records)
    data_dir = old_records.parent
    m2 = MIGRATIONS[1]
    failing = (MIGRATIONS[0], Migration(2, m2.description,
                                        _failing_after(m2.step, sqlite3.OperationalError("database or disk is full"))))
    monkeypatch.setattr(migrations, "MIGRATIONS", failing)
    with pytest.raises(UserError) as info:
        Database.open(data_dir)
    message = str(info.value)
    assert "\n" not in message and str(old_records) in message and "left as it was, at records version 1" in message
    assert "the disk is full" in message
    assert version_of(old_records) == (0, "1", [c for c in version_of(FIXTURE)[2]])
    assert snapshot(old_records) == before
    assert sorted(p.name for p in data_dir.iterdir() if not p.name.endswith(("-wal", "-shm"))) == [DB_NAME]

    # With the real migrations it opens as any old file does.
    monkeypatch.setattr(migrations, "MIGRATIONS", MIGRATIONS)
    db = Database.open(data_dir)
    try:
        assert all(r.difficulty for r in db.attempts(with_events=False))
    finally:
        db.close()


def test_a_later_migration_that_fails_keeps_the_earlier_ones_done(old_records: Path, monkeypatch):
    before = snapshot(old_records)
    third = Migration(LATEST + 1, "a test step", _failing_after("ALTER TABLE attempts ADD COLUMN extra TEXT;",
                                                                 sqlite3.OperationalError("disk I/O error")))
    monkeypatch.setattr(migrations, "MIGRATIONS", (*MIGRATIONS, third))
    monkeypatch.setattr(migrations, "LATEST", LATEST + 1)
    with pytest.raises(UserError, match=f"left as it was, at records version {LATEST}"):
        Database.open(old_records.parent)
    user, meta, cols = version_of(old_records)
    assert (user, meta) == (LATEST, str(LATEST)) and "difficulty" in cols and "extra" not in cols
    assert [{k: v for k, v in r.items() if k not in ("uid", "origin")} for r in snapshot(old_records)["notes"]] \
        == before["notes"]


def test_a_bug_in_a_migration_is_not_hidden_and_undoes_its_work(old_records: Path, monkeypatch):
    before = snapshot(old_records)
    m2 = MIGRATIONS[1]
    monkeypatch.setattr(migrations, "MIGRATIONS",
                        (MIGRATIONS[0], Migration(2, m2.description, _failing_after(m2.step, KeyError("oops")))))
    with pytest.raises(KeyError):
        Database.open(old_records.parent)
    assert version_of(old_records) == version_of(FIXTURE)
    assert snapshot(old_records) == before


def _line_level(tmp_path: Path):
    path = tmp_path / "line.toml"
    path.write_text('format = 1\ngame = "tracing"\ntitle = "Line"\n\n[tracing]\ntolerance = 35\n'
                    'strokes = [[[200, 360], [1080, 360]]]\n', encoding="utf-8")
    return load_level(path)


@pytest.mark.parametrize("start", ["old", "new"])
def test_new_attempts_store_their_difficulty(old_records: Path, tmp_path: Path, start: str):
    folder = old_records.parent if start == "old" else tmp_path / "new"
    loaded = _line_level(tmp_path)
    db = Database.open(folder)
    try:
        child = db.get_or_add_child("Cleo")
        session = db.start_session(child.id, "test")
        saved = save_attempt(db, session_id=session, child_id=child.id, loaded=loaded,
                             events=polyline_events(line_points(200, 360, 1080, 360, 60)), status="finished",
                             started_at=now_utc(), app_version="test", screen=(1280, 720))
        assert saved.attempt_id is not None and saved.record is not None
        want = json.loads(json.dumps(GAMES["tracing"].difficulty(loaded.level)))
        assert saved.record.difficulty == GAMES["tracing"].difficulty(loaded.level)
        assert db.attempt(saved.attempt_id).difficulty == want and want["tolerance"] == 35
    finally:
        db.close()
    conn = sqlite3.connect(f"file:{folder / DB_NAME}?immutable=1", uri=True)
    stored = conn.execute("SELECT difficulty FROM attempts WHERE id = ?", (saved.attempt_id,)).fetchone()[0]
    conn.close()
    assert json.loads(stored) == want


def _record(db: Database, loaded, child_id: int, **changes) -> AttemptRecord:
    now = now_utc()
    base = AttemptRecord(session_id=None, child_id=child_id, game=loaded.game, level_path=str(loaded.path),
                         level_title=loaded.title, level_text=loaded.text, level_sha256=loaded.sha256,
                         started_at=now, ended_at=now, status="finished", stars=2, metrics={"coverage_pct": 90.0},
                         events_jsonl="", app_version="test", screen_w=1280, screen_h=720,
                         session_started_at=now)
    return replace(base, **changes)


def test_the_unsaved_file_carries_the_difficulty_and_old_lines_without_it_still_import(tmp_path: Path):
    folder = tmp_path / "data"
    loaded = _line_level(tmp_path)
    db = Database.open(folder)
    child = db.get_or_add_child("Dana")
    # A line written now (the real writer): its difficulty goes with it, as it was saved.
    new = _record(db, loaded, child.id, started_at="2026-01-01T10:00:00.000+00:00", difficulty={"tolerance": 99})
    assert db._keep_unsaved(new) == folder / UNSAVED_NAME
    # A line as MotorPlay wrote them before attempts had a difficulty: no such key.
    old = asdict(_record(db, loaded, child.id, started_at="2026-01-01T11:00:00.000+00:00"))
    del old["difficulty"]
    line = {"motorplay_unsaved": 1, "records": str(db.path), "child": db._child_info(child.id), "attempt": old}
    with open(folder / UNSAVED_NAME, "a", encoding="utf-8") as f:
        f.write(json.dumps(line) + "\n")
    written = [json.loads(x) for x in (folder / UNSAVED_NAME).read_text(encoding="utf-8").splitlines()]
    assert written[0]["attempt"]["difficulty"] == {"tolerance": 99}
    db.close()

    db = Database.open(folder)
    try:
        rows = list(db.attempts("Dana"))
        assert not (folder / UNSAVED_NAME).exists()
    finally:
        db.close()
    assert [r.started_at for r in rows] == [new.started_at, old["started_at"]]
    assert rows[0].difficulty == {"tolerance": 99}
    assert rows[1].difficulty == expected_difficulty("tracing", loaded.text, str(loaded.path))


def test_a_record_made_without_a_difficulty_gets_it_from_its_level_text(tmp_path: Path):
    """Callers that build records themselves (benchmarks, tools) still store a filled difficulty."""
    loaded = _line_level(tmp_path)
    db = Database.open(tmp_path / "data")
    try:
        child = db.get_or_add_child("Eli")
        attempt_id = db.add_attempt(_record(db, loaded, child.id))
        assert db.attempt(attempt_id).difficulty == expected_difficulty("tracing", loaded.text, str(loaded.path))
    finally:
        db.close()
