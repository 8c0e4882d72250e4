"""Moving a child between computers: identity (records version 7), the child file, and merging it in.

The done-when test plays on a "clinic" and a "home" records folder through the real command line and
moves the child both ways several times with edits on both sides.
"""
from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.records import adaptive
from game.records.archive import open_archive
from game.records.db import Database
from game.records.migrations import user_tables
from game.records.transfer import NeedsName, bring_in, send
from tests.builders import LINE_LEVEL, line_points, polyline_events, run_cli, write_events, write_level
from tests.transfer_builders import (
    add_attempt,
    child_view,
    own_level,
    table_dump,
    write_own_level,
)

UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"


def move(src: Database, dst: Database, name: str, tmp: Path, **kw) -> list[str]:
    """Send `name` from src and bring the file into dst; the lines the import reports."""
    out = tmp / f"{name}-{src.path.parent.name}-to-{dst.path.parent.name}.motorplay"
    send(src, src.find_child(name), out)
    with open_archive(out) as archive:
        return bring_in(dst, archive, **kw).lines()


@pytest.fixture(autouse=True)
def distinct_stamps(monkeypatch):
    """Setting changes are stamped to the millisecond, and these tests make one change right after another
    on two records folders in one process: on a fast machine both fell in the same millisecond and the tie
    (broken by computer id) decided which was "newer". Here every stamp is at least 1 ms after the last."""
    from datetime import datetime, timedelta, timezone

    last = [datetime.min.replace(tzinfo=timezone.utc)]

    def ticking() -> str:
        last[0] = max(datetime.now(timezone.utc), last[0] + timedelta(milliseconds=1))
        return last[0].isoformat(timespec="milliseconds")

    for module in ("game.records.db", "game.records.access", "game.records.transfer", "game.records.attempts"):
        monkeypatch.setattr(f"{module}.now_utc", ticking)


@pytest.fixture
def two(tmp_path: Path):
    clinic, home = Database.open(tmp_path / "clinic"), Database.open(tmp_path / "home")
    yield clinic, home
    clinic.close()
    home.close()


# ------------------------------------------------------------------------------------------ identity

def test_every_record_gets_a_uuid_and_this_computers_id_and_keeps_them(data_dir: Path):
    import re

    db = Database.open(data_dir)
    try:
        here = db.computer_id()
        assert re.fullmatch(UUID, here)
        ada = db.add_child("Ada", "cat")
        add_attempt(db, ada, 0)
        db.add_note(ada.id, "steady", session_id=db.sessions(ada.id)[0].id)
        db.set_plan(ada.id, [("tracing", "tracing/01_go_right.toml")])
        adaptive.configure(db, ada.id, "tracing", enabled=True)
        db.record_adaptive_change(ada.id, "tracing", None, "tolerance", 30, 27, "test")
        for table in user_tables(db.conn):
            rows = db.conn.execute(f'SELECT uid, origin FROM "{table}"').fetchall()
            assert all(re.fullmatch(UUID, r[0]) and r[1] == here for r in rows), table
        uids = {t: {r[0] for r in db.conn.execute(f'SELECT uid FROM "{t}"')} for t in user_tables(db.conn)}
        # an insert that names its own ids keeps them (an import does that); the unique index refuses a twin
        db.conn.execute("INSERT INTO notes(child_id, created_at, text, uid, origin) VALUES (?, 'x', 't', 'n-1234567', 'c-1234567')",
                        (ada.id,))
        assert tuple(db.conn.execute("SELECT uid, origin FROM notes WHERE text = 't'").fetchone()) == \
            ("n-1234567", "c-1234567")
        with pytest.raises(sqlite3.IntegrityError):
            db.conn.execute("INSERT INTO notes(child_id, created_at, text, uid) VALUES (?, 'x', 'u', 'n-1234567')", (ada.id,))
    finally:
        db.close()
    again = Database.open(data_dir)
    try:   # reopening changes no id
        assert again.computer_id() == here
        assert {t: {r[0] for r in again.conn.execute(f'SELECT uid FROM "{t}"')} for t in uids} \
            == {t: uids[t] | ({"n-1234567"} if t == "notes" else set()) for t in uids}
    finally:
        again.close()


def test_an_old_records_file_gets_ids_for_every_existing_row(tmp_path: Path):
    import re
    import shutil

    fixture = Path(__file__).parent / "fixtures" / "records_v1" / "motorplay.db"
    folder = tmp_path / "old"
    folder.mkdir()
    shutil.copy(fixture, folder / "motorplay.db")
    db = Database.open(folder)
    try:
        here = db.computer_id()
        for table in user_tables(db.conn):
            rows = db.conn.execute(f'SELECT uid, origin FROM "{table}"').fetchall()
            assert len({r[0] for r in rows}) == len(rows)
            assert all(re.fullmatch(UUID, r[0]) and r[1] == here for r in rows), table
        # plans and adaptive settings made before version 7 have a time they changed (the migration's)
        stamped = {(r[0], r[1]) for r in db.conn.execute("SELECT kind, key FROM setting_stamps")}
        planned = db.conn.execute("SELECT COUNT(DISTINCT child_id) FROM plans").fetchone()[0]
        assert sum(1 for k, _ in stamped if k == "plan") == planned
    finally:
        db.close()


# ------------------------------------------------------------------------------------------ the child file

def test_a_child_file_is_a_documented_zip_readable_without_motorplay(two, tmp_path: Path):
    import hashlib

    clinic, _home = two
    ada = clinic.add_child("Ada", "fox")
    add_attempt(clinic, ada, 0)
    add_attempt(clinic, ada, 5)
    out = tmp_path / "ada.motorplay"
    sent = send(clinic, ada, out)
    assert (sent.attempts, sent.sessions) == (2, 1)
    with zipfile.ZipFile(out) as z:
        manifest = json.loads(z.read("manifest.json"))
        assert manifest["format"] == "motorplay-child" and manifest["format_version"] == 1
        assert manifest["computer"]["id"] == clinic.computer_id()
        for m in manifest["members"]:
            data = z.read(m["name"])
            assert len(data) == m["bytes"] and hashlib.sha256(data).hexdigest() == m["sha256"]
        attempts = [json.loads(line) for line in z.read("attempts.jsonl").splitlines()]
        child = json.loads(z.read("child.json"))
    assert child["name"] == "Ada" and child["uid"] == manifest["child"]
    assert [a["metrics"]["mean_deviation"] for a in attempts] == [12.5, 17.5]
    assert all(a["events"] == attempts[0]["events"] for a in attempts)


def test_importing_twice_changes_nothing_and_an_attempt_here_is_never_changed(two, tmp_path: Path):
    clinic, home = two
    ada = clinic.add_child("Ada", "fox")
    first = add_attempt(clinic, ada, 0)
    clinic.set_plan(ada.id, [("tracing", "tracing/01_go_right.toml")])
    lines = move(clinic, home, "Ada", tmp_path)
    assert lines[:2] == ["Ada: new here", "1 new attempt, 0 already here"]
    assert any(line.startswith("plan updated (") for line in lines)
    before = table_dump(home)
    again = move(clinic, home, "Ada", tmp_path)
    assert again[:3] == ["Ada: already here; merged", "0 new attempts, 1 already here", "0 new sessions, 1 already here"]
    assert "plan: the same as here" in again
    assert table_dump(home) == before
    # An attempt already here is never changed, even if a file says otherwise.
    clinic.conn.execute("UPDATE attempts SET stars = 0 WHERE id = ?", (first,))
    move(clinic, home, "Ada", tmp_path)
    assert [r.stars for r in home.attempts("Ada")] == [3]


def test_the_newest_plan_wins_and_the_other_is_kept_in_the_history(two, tmp_path: Path):
    clinic, home = two
    ada = clinic.add_child("Ada", "fox")
    move(clinic, home, "Ada", tmp_path)
    h_ada = home.find_child("Ada")
    home.set_plan(h_ada.id, [("tracing", "tracing/02_go_down.toml")])             # older
    clinic.set_plan(ada.id, [("tracing", "tracing/03_go_left.toml")])             # newer
    lines = move(home, clinic, "Ada", tmp_path)
    assert any(line.startswith("plan kept: this computer's is newer") for line in lines), lines
    assert clinic.plan(ada.id) == [("tracing", "tracing/03_go_left.toml")]
    lines = move(clinic, home, "Ada", tmp_path)
    assert any(line.startswith("plan updated (") for line in lines), lines
    assert home.plan(h_ada.id) == [("tracing", "tracing/03_go_left.toml")]
    assert child_view(home, "Ada") == child_view(clinic, "Ada")
    (old,) = home.conn.execute("SELECT value FROM replaced_settings WHERE kind = 'plan'").fetchall()
    assert json.loads(old[0]) == [{"game": "tracing", "shipped": "tracing/02_go_down.toml"}]


def test_access_options_travel_and_the_newest_wins(two, tmp_path: Path):
    """A therapist sets a switch at the clinic; the family turns the metronome down at home later: home's wins."""
    from game.records.access import AccessOptions, access_options, set_access_options

    clinic, home = two
    ada = clinic.add_child("Ada", "fox")
    set_access_options(clinic, ada.id, AccessOptions(switch=True, switch_scan=2.0))
    move(clinic, home, "Ada", tmp_path)
    h_ada = home.find_child("Ada")
    assert access_options(home, h_ada.id) == AccessOptions(switch=True, switch_scan=2.0)
    set_access_options(home, h_ada.id, AccessOptions(switch=True, switch_scan=2.0, metronome_volume=30))   # newer
    lines = move(home, clinic, "Ada", tmp_path)
    assert any(line.startswith("access options updated (") for line in lines), lines
    assert access_options(clinic, ada.id).metronome_volume == 30
    assert move(home, clinic, "Ada", tmp_path) == move(home, clinic, "Ada", tmp_path)   # twice: nothing new
    assert access_options(clinic, ada.id) == access_options(home, h_ada.id)


def test_adaptive_settings_and_the_staircase_each_keep_their_newest(two, tmp_path: Path):
    """The therapist's bounds (clinic) and the child's staircase (home) are two settings: both survive."""
    clinic, home = two
    ada = clinic.add_child("Ada", "fox")
    adaptive.configure(clinic, ada.id, "tracing", enabled=True)
    move(clinic, home, "Ada", tmp_path)
    h_ada = home.find_child("Ada")
    adaptive.configure(clinic, ada.id, "tracing", enabled=True, min_value=20, max_value=60)   # clinic: bounds
    row = home.adaptive(h_ada.id, "tracing")
    state = {"game": "tracing", "rule": row.rule, "step": row.step, "min_value": row.min_value,
             "max_value": row.max_value, "value": 42.0, "trials": 3}
    home.set_adaptive(h_ada.id, "tracing", enabled=row.enabled, rule=row.rule, field=row.field, value=42.0,
                      step=row.step, min_value=row.min_value, max_value=row.max_value, state=state)  # home: played
    move(home, clinic, "Ada", tmp_path)
    move(clinic, home, "Ada", tmp_path)
    for db, cid in ((clinic, ada.id), (home, h_ada.id)):
        got = db.adaptive(cid, "tracing")
        assert (got.min_value, got.max_value, got.value, got.state["trials"]) == (20.0, 60.0, 42.0, 3)
    assert child_view(home, "Ada") == child_view(clinic, "Ada")


def test_an_own_level_with_a_taken_name_gets_a_suffix_and_the_plan_follows_its_content(two, tmp_path: Path):
    clinic, home = two
    ada = clinic.add_child("Ada", "fox")
    mine = write_own_level(clinic.path.parent, "easy_road.toml", own_level("Easy road", 40))
    theirs = write_own_level(home.path.parent, "easy_road.toml", own_level("Easy road", 25))
    clinic.set_plan(ada.id, [("tracing", str(mine.resolve()))])
    lines = move(clinic, home, "Ada", tmp_path)
    assert "own level easy_road.toml saved as easy_road_2.toml (that name holds another level here)" in lines
    assert theirs.read_text() == own_level("Easy road", 25)      # never overwritten
    copy = theirs.with_name("easy_road_2.toml")
    assert copy.read_text() == own_level("Easy road", 40)
    assert home.plan(home.find_child("Ada").id) == [("tracing", str(copy.resolve()))]
    assert move(home, clinic, "Ada", tmp_path)[-1] == "0 new own levels, 1 already here"
    assert sorted(p.name for p in mine.parent.iterdir()) == ["easy_road.toml"]


def test_a_different_child_with_the_same_name_is_not_merged_without_asking(two, tmp_path: Path):
    clinic, home = two
    add_attempt(clinic, clinic.add_child("Ada", "fox"), 0)
    add_attempt(home, home.add_child("Ada", "cat"), 60)
    out = tmp_path / "ada.motorplay"
    send(clinic, clinic.find_child("Ada"), out)
    before = table_dump(home)
    with open_archive(out) as archive, pytest.raises(NeedsName):
        bring_in(home, archive)
    assert table_dump(home) == before
    res = run_cli("transfer", "in", str(out), data_dir=home.path.parent)     # no terminal, no --as
    assert res.returncode == 2 and res.stderr.count("\n") == 1 and "give --as NAME" in res.stderr, res.stderr
    assert table_dump(home) == before
    # --as a new name: a separate child
    with open_archive(out) as archive:
        assert bring_in(home, archive, as_name="Ada Clinic").lines()[0] == "Ada Clinic: new here (the file's Ada)"
    assert [c.name for c in home.children()] == ["Ada", "Ada Clinic"]


def test_merging_into_the_child_here_remembers_them_for_next_time(two, tmp_path: Path):
    clinic, home = two
    add_attempt(clinic, clinic.add_child("Ada", "fox"), 0)
    add_attempt(home, home.add_child("Ada", "cat"), 60)
    assert move(clinic, home, "Ada", tmp_path, as_name="Ada")[0] == "Ada: the file's Ada merged into this child"
    add_attempt(clinic, clinic.find_child("Ada"), 120)
    assert move(clinic, home, "Ada", tmp_path)[:2] == ["Ada: already here; merged", "1 new attempt, 1 already here"]
    # and back: the clinic knows the home child's id from the file now
    assert move(home, clinic, "Ada", tmp_path)[:2] == ["Ada: already here; merged", "1 new attempt, 2 already here"]
    assert child_view(home, "Ada")["attempts"] == child_view(clinic, "Ada")["attempts"]


# ------------------------------------------------------------------------------------------ merging commutes

EDITS = st.lists(st.tuples(st.sampled_from(["clinic", "home"]),
                           st.sampled_from(["play", "note", "plan", "adaptive", "level", "send"]),
                           st.integers(0, 3)), min_size=1, max_size=10)


def _edit(db: Database, other: Database, kind: str, n: int, tmp: Path, clock: list[int]) -> None:
    child = db.find_child("Ada")
    clock[0] += 1
    if kind == "play":
        add_attempt(db, child, clock[0] * 45, stars=n)
    elif kind == "note":
        sessions = db.sessions(child.id)
        db.add_note(child.id, f"note {clock[0]}", session_id=sessions[0].id if sessions else None)
    elif kind == "plan":
        db.set_plan(child.id, [("tracing", f"tracing/0{k + 1}_go_{w}.toml")
                               for k, w in enumerate(("right", "down", "left"))][:n + 1])
    elif kind == "adaptive":
        adaptive.configure(db, child.id, "tracing", enabled=bool(n % 2), step=2.0 + n)
    elif kind == "level":
        path = write_own_level(db.path.parent, f"road_{n}.toml", own_level(f"Road {clock[0]}", 20 + clock[0] % 50))
        db.set_plan(child.id, [("tracing", str(path.resolve()))])
    elif kind == "send":
        move(db, other, "Ada", tmp)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(edits=EDITS)
def test_importing_a_then_b_gives_what_b_then_a_gives(tmp_path_factory, edits):
    tmp = tmp_path_factory.mktemp("commute")
    clinic, home = Database.open(tmp / "clinic"), Database.open(tmp / "home")
    try:
        ada = clinic.add_child("Ada", "fox")
        add_attempt(clinic, ada, 0)
        move(clinic, home, "Ada", tmp)
        clock = [0]
        for side, kind, n in edits:
            db, other = (clinic, home) if side == "clinic" else (home, clinic)
            _edit(db, other, kind, n, tmp, clock)
        a, b = tmp / "a.motorplay", tmp / "b.motorplay"
        send(clinic, clinic.find_child("Ada"), a)
        send(home, home.find_child("Ada"), b)
        views = []
        for order, name in (((a, b), "ab"), ((b, a), "ba")):
            target = Database.open(tmp / name)
            try:
                for f in order:
                    with open_archive(f) as archive:
                        bring_in(target, archive)
                views.append(child_view(target, "Ada"))
            finally:
                target.close()
        assert views[0] == views[1]
        # and the two computers, once each has the other's file, hold the same records
        move(clinic, home, "Ada", tmp)
        move(home, clinic, "Ada", tmp)
        here, there = child_view(clinic, "Ada"), child_view(home, "Ada")
        assert here == there
        # the same as a third computer that got both files (apart from own level files never sent)
        assert {k: v for k, v in here.items() if k != "levels"} == {k: v for k, v in views[0].items() if k != "levels"}
    finally:
        clinic.close()
        home.close()


# ------------------------------------------------------------------------------------------ the command line

def test_done_when_clinic_and_home_play_and_swap_the_child_several_times(tmp_path: Path):
    """Played through the real command line on two records folders; the child moves both ways three
    times with edits on both sides (plan at the clinic, notes at home, adaptive settings, an own level of
    the same name but different content). Both end with the same attempts, none twice, and the newest plan."""
    level = write_level(tmp_path / "line.toml")
    events = write_events(tmp_path / "e.jsonl", polyline_events(line_points(200, 372.5, 1080, 372.5, 221)))
    clinic, home = tmp_path / "clinic", tmp_path / "home"
    files = tmp_path / "stick"
    files.mkdir()

    def play(where: Path, date: str) -> None:
        res = run_cli("play", str(level), "--child", "Ada", "--events", str(events), "--headless", "--date", date,
                      data_dir=where)
        assert res.returncode == 0, res.stderr

    def transfer(src: Path, dst: Path, n: int) -> list[str]:
        f = files / f"ada-{n}.motorplay"
        res = run_cli("transfer", "out", "--child", "Ada", "--out", str(f), data_dir=src)
        assert res.returncode == 0 and res.stdout.startswith("Ada: "), res.stderr
        res = run_cli("transfer", "in", str(f), data_dir=dst)
        assert res.returncode == 0, res.stderr
        return res.stdout.splitlines()

    def edit(where: Path, fn) -> None:
        db = Database.open(where)
        try:
            fn(db, db.find_child("Ada"))
        finally:
            db.close()

    play(clinic, "2026-11-02T10:00")
    edit(clinic, lambda db, c: db.set_plan(c.id, [("tracing", "tracing/01_go_right.toml")]))
    assert transfer(clinic, home, 1)[:2] == ["Ada: new here", "1 new attempt, 0 already here"]
    play(home, "2026-11-04T17:00")
    play(home, "2026-11-05T17:00")
    edit(home, lambda db, c: db.add_note(c.id, "Did it before dinner, no fuss", session_id=db.sessions(c.id)[0].id))
    own_home = write_own_level(home, "my_road.toml", own_level("My road", 45))
    edit(home, lambda db, c: adaptive.configure(db, c.id, "tracing", enabled=True, step=4))
    lines = transfer(home, clinic, 2)
    assert lines[1] == "2 new attempts, 1 already here" and "1 new note, 0 already here" in lines
    play(clinic, "2026-11-09T10:00")
    own_clinic = write_own_level(clinic, "my_road.toml", own_level("My road", 20))   # same name, other content
    edit(clinic, lambda db, c: db.set_plan(c.id, [("tracing", str(own_clinic.resolve())),
                                                  ("tracing", "tracing/02_go_down.toml")]))
    edit(clinic, lambda db, c: adaptive.configure(db, c.id, "tracing", enabled=True, step=4, min_value=15))
    lines = transfer(clinic, home, 3)
    assert lines[1] == "1 new attempt, 3 already here", lines
    assert any(line.startswith("plan updated (") for line in lines)
    assert "own level my_road.toml saved as my_road_2.toml (that name holds another level here)" in lines
    play(home, "2026-11-11T17:30")
    edit(home, lambda db, c: db.add_note(c.id, "Wobbly on the curve", session_id=db.sessions(c.id)[0].id))
    lines = transfer(home, clinic, 4)
    assert lines[1] == "1 new attempt, 4 already here", lines
    transfer(clinic, home, 5)

    views = {}
    for where in (clinic, home):
        db = Database.open(where)
        try:
            views[where.name] = child_view(db, "Ada")
            rows = list(db.attempts("Ada"))
            assert len(rows) == len({r.uid for r in rows}) == 5          # no duplicates
            plan = db.plan(db.find_child("Ada").id)
            assert [Path(p).read_text() if Path(p).is_absolute() else p for _g, p in plan] == \
                [own_level("My road", 20), "tracing/02_go_down.toml"]    # the newest plan, its own level by content
            got = db.adaptive(db.find_child("Ada").id, "tracing")
            assert (got.step, got.min_value) == (4.0, 15.0)
        finally:
            db.close()
    assert views["clinic"]["attempts"] == views["home"]["attempts"]       # by id and content
    assert views["clinic"] == views["home"]
    assert own_home.read_text() == own_level("My road", 45)               # nothing overwritten


def test_a_passphrase_protects_the_file_both_ways(tmp_path: Path):
    level = write_level(tmp_path / "line.toml")
    events = write_events(tmp_path / "e.jsonl", polyline_events(line_points(200, 372.5, 1080, 372.5, 221)))
    clinic, home = tmp_path / "clinic", tmp_path / "home"
    assert run_cli("play", str(level), "--child", "Ada", "--events", str(events), "--headless",
                   data_dir=clinic).returncode == 0
    secret = tmp_path / "pass.txt"
    secret.write_text("correct horse battery\n", encoding="utf-8")
    f = tmp_path / "ada.motorplay"
    res = run_cli("transfer", "out", "--child", "Ada", "--out", str(f), "--passphrase-file", str(secret), data_dir=clinic)
    assert res.returncode == 0 and res.stdout.rstrip().endswith("(protected by a passphrase)"), res.stderr
    assert not zipfile.is_zipfile(f) and b"Ada" not in f.read_bytes()
    res = run_cli("transfer", "in", str(f), data_dir=home)                       # no passphrase, no terminal
    assert res.returncode == 2 and res.stderr.count("\n") == 1 and "passphrase" in res.stderr
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("incorrect horse\n", encoding="utf-8")
    res = run_cli("transfer", "in", str(f), "--passphrase-file", str(wrong), data_dir=home)
    assert res.returncode == 2 and res.stderr.count("\n") == 1 and "wrong passphrase" in res.stderr
    data = bytearray(f.read_bytes())
    data[len(data) // 2] ^= 0x01
    changed = tmp_path / "changed.motorplay"
    changed.write_bytes(bytes(data))
    res = run_cli("transfer", "in", str(changed), "--passphrase-file", str(secret), data_dir=home)
    assert res.returncode == 2 and res.stderr.count("\n") == 1 and "changed, damaged or cut short" in res.stderr, res.stderr
    cut = tmp_path / "cut.motorplay"
    cut.write_bytes(f.read_bytes()[:-20])
    res = run_cli("transfer", "in", str(cut), "--passphrase-env", "MP_SECRET", data_dir=home,
                  env={"MP_SECRET": "correct horse battery"})
    assert res.returncode == 2 and res.stderr.count("\n") == 1 and "nothing was imported" in res.stderr, res.stderr
    db = Database.open(home)
    try:
        assert db.children() == []
    finally:
        db.close()
    res = run_cli("transfer", "in", str(f), "--passphrase-env", "MP_SECRET", data_dir=home,
                  env={"MP_SECRET": "correct horse battery"})
    assert res.returncode == 0 and res.stdout.splitlines()[:2] == ["Ada: new here", "1 new attempt, 0 already here"]


@pytest.mark.parametrize("args, expect", [
    (["transfer", "out", "--child", "Nobody", "--out", "x.motorplay"], "no child called Nobody"),
    (["transfer", "out", "--child", "Ada", "--out", "x.zip"], "--out must name a .motorplay file"),
    (["transfer", "out", "--child", "Ada", "--out", "x.motorplay", "--passphrase-env", "MP_UNSET_VAR"],
     "that environment variable is not set"),
    (["transfer", "out", "--child", "Ada", "--out", "nowhere/x.motorplay"], "no such folder"),
    (["transfer", "in", "missing.motorplay"], "no such file"),
    (["transfer", "in", "line.toml"], "not a MotorPlay child file"),
])
def test_transfer_mistakes_are_one_line_exit_2(tmp_path: Path, args, expect):
    write_level(tmp_path / "line.toml", LINE_LEVEL)
    db = Database.open(tmp_path / "data")
    db.add_child("Ada", "cat")
    db.close()
    args = [a if not a.endswith((".motorplay", ".zip", ".toml")) else str(tmp_path / a) for a in args]
    res = run_cli(*args, data_dir=tmp_path / "data")
    assert res.returncode == 2 and res.stderr.count("\n") == 1 and expect in res.stderr, res.stderr
    assert "Traceback" not in res.stderr


def test_tables_other_migrations_add_before_version_7_get_ids_too(tmp_path: Path):
    """Migration 7 is generic: a table an earlier migration made (say per-child access options) gets uid,
    origin and the trigger, so code inserting into it needs no change."""
    from game.records import migrations as M

    extra = M.Migration(4, "a test table", "CREATE TABLE access_options (child_id INTEGER NOT NULL, "
                                            "options TEXT NOT NULL DEFAULT '{}');")
    conn = sqlite3.connect(tmp_path / "t.db", isolation_level=None)
    try:
        M.migrate(conn, (*M.MIGRATIONS[:3], extra, *M.MIGRATIONS[3:]))
        conn.execute("INSERT INTO access_options(child_id) VALUES (1)")
        uid, origin = conn.execute("SELECT uid, origin FROM access_options").fetchone()
        here = conn.execute("SELECT value FROM meta WHERE key = 'computer_id'").fetchone()[0]
        assert len(uid) == 36 and origin == here
        assert "access_options" in M.user_tables(conn)
    finally:
        conn.close()
