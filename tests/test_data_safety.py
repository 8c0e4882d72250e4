"""Full disks and vanished journals: the child still plays and sees their stars, nothing is lost
silently, attempts the records file could not take are added the next time it opens."""
from __future__ import annotations

import errno
import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path

import pytest

from game.levels.loader import load_level
from game.records import db as dbmod
from game.records.db import DB_NAME, RESERVE_NAME, UNSAVED_NAME, Database
from tests.builders import (
    LINE_LEVEL,
    ROOT,
    line_points,
    polyline_events,
    write_events,
    write_level,
)

FULL = "database or disk is full"
TEN = LINE_LEVEL.replace('title = "Test line"\n', 'title = "Ten"\nattempts = 10\n')


@pytest.fixture
def play_files(tmp_path: Path) -> dict[str, Path]:
    level = write_level(tmp_path / "ten.toml", TEN)
    events = write_events(tmp_path / "e.jsonl", polyline_events(line_points(200, 363, 1080, 363, 221)))
    return {"level": level, "events": events}


class DiskFull:
    """Stands in for a full disk: every write transaction after the first `ok` ones fails as SQLite's does."""

    def __init__(self, monkeypatch, ok: int = 0, unsaved_file_too: bool = False):
        self.ok = ok
        self.calls = 0
        self.full = True
        begin = Database._begin

        def fake_begin(db: Database) -> None:
            self.calls += 1
            if self.full and self.calls > self.ok:
                raise sqlite3.OperationalError(FULL)
            begin(db)

        monkeypatch.setattr(Database, "_begin", fake_begin)
        if unsaved_file_too:
            append = dbmod._append_synced

            def fake_append(path: Path, data: bytes) -> None:
                if self.full:
                    raise OSError(errno.ENOSPC, "No space left on device", str(path))
                append(path, data)

            monkeypatch.setattr(dbmod, "_append_synced", fake_append)


def _play(db: Database, child, level: Path, events_file: Path, on_attempt):
    """The real headless loop, as play_headless runs it, keeping the scene it ends on."""
    from game.app import run_virtual
    from game.events import read_events
    from game.input import ScriptedInput
    from game.scenes.levels import play_scene
    from game.scenes.results import ResultsScene

    loaded = load_level(level)
    events = read_events(events_file)
    seen: dict[str, object] = {}

    def stop(stack) -> bool:
        if isinstance(stack.top, ResultsScene):
            import pygame

            seen["results"] = stack.top
            stack.top.draw(pygame.Surface((1280, 720)))   # it draws, notice and all
            return True
        return False

    def hook(ctx) -> None:
        ctx.on_attempt = on_attempt
        seen["ctx"] = ctx

    run_virtual(lambda ctx: play_scene(ctx, child, [loaded], 0), db, ScriptedInput(events), stop=stop,
                until=(events[-1].t + 10) * 10 + 30, ctx_hook=hook)
    return seen


def _stored(data_dir: Path) -> list[tuple]:
    conn = sqlite3.connect(data_dir / DB_NAME)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return conn.execute("SELECT attempt_no, session_id, status FROM attempts ORDER BY id").fetchall()
    finally:
        conn.close()


def _cli_script(tmp_path: Path, patch: str) -> Path:
    """A `python -m game` whose records writes are patched first (a full disk, in a subprocess)."""
    script = tmp_path / f"cli_{uuid.uuid4().hex[:6]}.py"
    script.write_text(textwrap.dedent("""
        import errno, sqlite3, sys
        from game.records import db as dbmod
        from game.records.db import Database
        state = {"calls": 0}
        begin = Database._begin
        OK = int(sys.argv[1])
        def fake_begin(self):
            state["calls"] += 1
            if state["calls"] > OK:
                raise sqlite3.OperationalError("database or disk is full")
            begin(self)
        Database._begin = fake_begin
    """) + textwrap.dedent(patch) + textwrap.dedent("""
        from game.cli import main
        sys.exit(main(sys.argv[2:]))
    """), encoding="utf-8")
    return script


def _run(*cmd: str, timeout: float = 120) -> subprocess.CompletedProcess:
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", PYTHONPATH=str(ROOT),
               PYGAME_HIDE_SUPPORT_PROMPT="1")
    return subprocess.run([sys.executable, *cmd], capture_output=True, text=True, env=env, timeout=timeout)


# --- 1. a full disk -----------------------------------------------------------------------------


def test_disk_full_from_the_first_attempt_the_child_sees_results_and_nothing_is_lost(
        data_dir: Path, play_files, monkeypatch):
    db = Database.open(data_dir)
    child = db.get_or_add_child("Kim", "fox")
    disk = DiskFull(monkeypatch)   # from here on: even the session row cannot be written
    reported: list[tuple] = []
    seen = _play(db, child, play_files["level"], play_files["events"], lambda i, s: reported.append((i, s)))

    results = seen["results"]       # the session row's error did not stop the play
    assert len(results.results) == 10 and all(r.stars == 3 for r in results.results)
    assert "disk is full" in results.notice and "kept safe" in results.notice
    unsaved = data_dir / UNSAVED_NAME
    assert [i for i, _ in reported] == [None] * 10
    assert {s.kept_in for _, s in reported} == {str(unsaved)}
    assert len(unsaved.read_bytes().splitlines()) == 10
    db.close()
    assert db.notices[-1].startswith("10 attempts could not go into the records file (the disk is full or failing)")
    assert str(unsaved) in db.notices[-1]

    disk.full = False   # room again: the next start adds them, in one session, and says so
    again = Database.open(data_dir)
    try:
        assert again.notice == f"10 attempts that could not be saved earlier (the disk was full) were added to the records in {again.path}"
        assert not unsaved.exists()
        rows = _stored(data_dir)
        assert [r[0] for r in rows] == list(range(1, 11)) and len({r[1] for r in rows}) == 1
        (session,) = again.sessions(child.id)
        assert session.attempts == 10
    finally:
        again.close()
    third = Database.open(data_dir)   # nothing is added twice
    assert third.notice is None and len(_stored(data_dir)) == 10
    third.close()


def test_an_attempt_the_unsaved_file_holds_is_not_added_twice(data_dir: Path, play_files, monkeypatch):
    """Killed between storing the attempts and removing the unsaved file: the next start adds nothing twice."""
    db = Database.open(data_dir)
    child = db.get_or_add_child("Kim", "fox")
    disk = DiskFull(monkeypatch)
    _play(db, child, play_files["level"], play_files["events"], lambda i, s: None)
    db.close()
    disk.full = False
    saved = (data_dir / UNSAVED_NAME).read_bytes()
    Database.open(data_dir).close()
    # The same file again, plus lines a damaged or hostile file might hold.
    first = json.loads(saved.splitlines()[0])
    odd = []
    for field, value in (("status", "hacked"), ("stars", "3"), ("child_id", None), ("metrics", [1])):
        entry = json.loads(json.dumps(first))
        entry["attempt"][field] = value
        entry["attempt"]["attempt_no"] = 99
        odd.append(json.dumps(entry).encode())
    (data_dir / UNSAVED_NAME).write_bytes(saved + b"\n".join(odd) + b'\n{"motorplay_unsaved": 1, "attempt": {"torn')
    again = Database.open(data_dir)
    try:
        assert len(_stored(data_dir)) == 10
        assert "5 lines could not be read" in again.notices[0]
        aside = [p for p in data_dir.iterdir() if p.name.startswith("motorplay-unsaved-unreadable-")]
        assert len(aside) == 1 and not (data_dir / UNSAVED_NAME).exists()
    finally:
        again.close()


def test_disk_full_after_two_attempts_every_attempt_is_printed_kept_and_added_next_time(
        tmp_path: Path, data_dir: Path, play_files):
    # get_or_add_child and two attempts are written (the first attempt makes its session); then the disk
    # is full for good.
    script = _cli_script(tmp_path, "")
    res = _run(str(script), "3", "play", str(play_files["level"]), "--child", "Kim", "--events",
               str(play_files["events"]), "--headless", "--data-dir", str(data_dir))
    assert res.returncode == 0, res.stderr
    lines = [json.loads(x) for x in res.stdout.splitlines()]
    unsaved = data_dir / UNSAVED_NAME
    assert [x["attempt_id"] for x in lines] == [1, 2] + [None] * 8
    assert all(x["kept_in"] == str(unsaved) for x in lines[2:]) and all("kept_in" not in x for x in lines[:2])
    assert all(x["metrics"]["completed"] for x in lines)
    assert res.stderr == (f"MotorPlay: 8 attempts could not go into the records file (the disk is full or failing); "
                          f"they are kept safe in {unsaved} and will be added the next time MotorPlay starts\n")

    exported = _run("-m", "game", "export", "--format", "jsonl", "--data-dir", str(data_dir))
    assert exported.returncode == 0
    assert exported.stderr == (f"MotorPlay: 8 attempts that could not be saved earlier (the disk was full) "
                               f"were added to the records in {data_dir / DB_NAME}\n")
    rows = [json.loads(x) for x in exported.stdout.splitlines()]
    assert [r["attempt_no"] for r in rows] == list(range(1, 11))
    assert [r["metrics"] for r in rows] == [x["metrics"] for x in lines]
    assert not unsaved.exists()


def test_attempts_that_fit_nowhere_wait_in_memory_and_are_stored_late_and_reported(
        data_dir: Path, play_files, monkeypatch):
    db = Database.open(data_dir)
    child = db.get_or_add_child("Kim", "fox")
    # the first three attempts fail, and so does the unsaved file (and the reserve is
    # given up for it): they wait in memory. The fourth save finds room and stores all four, in order.
    disk = DiskFull(monkeypatch, unsaved_file_too=True)
    original = Database._begin

    def begin(db_: Database) -> None:
        if disk.calls >= 4:
            disk.full = False
        original(db_)

    monkeypatch.setattr(Database, "_begin", begin)
    reported: list[int | None] = []
    seen = _play(db, child, play_files["level"], play_files["events"], lambda i, s: reported.append(i))
    assert reported == list(range(1, 11))     # the late ones were printed too, in the order played
    assert seen["ctx"].attempts_recorded == 10
    assert (data_dir / RESERVE_NAME).exists()   # given up for room, made again once there was room
    db.close()
    rows = _stored(data_dir)
    assert [r[0] for r in rows] == list(range(1, 11)) and len({r[1] for r in rows}) == 1


def test_attempts_lost_for_good_are_one_line_and_exit_2(tmp_path: Path, data_dir: Path, play_files):
    patch = """
        def fake_append(path, data):
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        dbmod._append_synced = fake_append
    """
    script = _cli_script(tmp_path, patch)
    res = _run(str(script), "1", "play", str(play_files["level"]), "--child", "Kim", "--events",
               str(play_files["events"]), "--headless", "--data-dir", str(data_dir))
    assert res.returncode == 2 and res.stdout == ""
    assert res.stderr == (f"MotorPlay: 10 attempts could not be stored anywhere (the disk is full or failing) and "
                          f"are lost; free some space in {data_dir} before playing again\n")


def _mount_tmpfs(where: Path, size: str) -> None:
    if sys.platform != "linux":
        pytest.skip("a small real disk is made with tmpfs, on Linux only")
    where.mkdir()
    res = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                         capture_output=True, text=True)
    if res.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs to fill ({res.stderr.strip() or 'mount failed'})")


def _fill(folder: Path) -> Path:
    """Fill the disk the folder is on to the last byte."""
    filler = folder / "filler.bin"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        for size in (1 << 16, 512, 1):   # big pieces, then the last few bytes
            try:
                while True:
                    os.write(fd, b"\xff" * size)
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
    finally:
        os.close(fd)
    return filler


def test_a_real_full_disk_keeps_every_attempt(tmp_path: Path, play_files):
    small = tmp_path / "small"
    _mount_tmpfs(small, "32m")
    try:
        data_dir = small / "data"
        db = Database.open(data_dir)
        assert (data_dir / RESERVE_NAME).stat().st_size == dbmod.RESERVE_BYTES
        child = db.get_or_add_child("Kim", "fox")
        reported: list[tuple] = []

        def on_attempt(i, saved) -> None:
            reported.append((i, saved.kept_in))
            if len(reported) == 2:
                _fill(small)   # the disk fills up after the second attempt and stays full

        seen = _play(db, child, play_files["level"], play_files["events"], on_attempt)
        assert len(seen["results"].results) == 10
        assert seen["results"].notice is not None and "kept safe" in seen["results"].notice
        # every attempt was either stored or kept in the unsaved file; the reserve made room for it
        assert len(reported) == 10 and all(i is not None or kept for i, kept in reported)
        assert any(kept for _i, kept in reported) and not (data_dir / RESERVE_NAME).exists()
        db.close()
        assert "will be added the next time MotorPlay starts" in db.notices[-1]

        (small / "filler.bin").unlink()
        again = Database.open(data_dir)
        try:
            rows = _stored(data_dir)
            assert sorted(r[0] for r in rows) == list(range(1, 11))
            assert not (data_dir / UNSAVED_NAME).exists() and (data_dir / RESERVE_NAME).exists()
        finally:
            again.close()
    finally:
        subprocess.run(["umount", "-l", str(small)], capture_output=True)


# --- 2. a journal deleted while playing ---------------------------------------------------------


def test_attempts_survive_a_deleted_journal_and_a_kill(tmp_path: Path, data_dir: Path, play_files):
    script = tmp_path / "wal.py"
    script.write_text(textwrap.dedent(f"""
        import os, signal, sys
        from pathlib import Path
        from game.headless import play_headless
        from game.levels.loader import load_level
        from game.events import read_events
        from game.records.db import Database
        db = Database.open(Path({str(data_dir)!r}))
        db.echo = lambda m: print("MotorPlay: " + m, file=sys.stderr, flush=True)
        child = db.get_or_add_child("Kim", "fox")
        count = 0
        def on_attempt(i, saved):
            global count
            count += 1
            print(i, flush=True)
            if count == 1:
                os.remove(db.wal_path)          # someone tidies the folder while the game runs
            if count == 7:
                os.kill(os.getpid(), signal.SIGKILL)
        play_headless(db, child, load_level({str(play_files["level"])!r}), read_events({str(play_files["events"])!r}),
                      on_attempt=on_attempt)
    """), encoding="utf-8")
    res = _run(str(script))
    assert res.returncode == -signal.SIGKILL
    printed = [int(x) for x in res.stdout.split()]
    assert printed == list(range(1, 8))
    wal = data_dir / (DB_NAME + "-wal")
    assert res.stderr.count("\n") == 1 and f"MotorPlay: {wal} (the records file's journal) was deleted" in res.stderr
    # every attempt printed is in the records file itself, whatever became of the journal
    for side in (wal, data_dir / (DB_NAME + "-shm")):
        side.unlink(missing_ok=True)
    assert [r[0] for r in _stored(data_dir)] == printed


def test_writes_survive_a_journal_deleted_again_and_again(data_dir: Path, tmp_path: Path):
    """Write, delete the journal, write more, then die without closing: all of it is in the main file."""
    script = tmp_path / "wal2.py"
    script.write_text(textwrap.dedent(f"""
        import os
        from pathlib import Path
        from game.records.db import Database
        db = Database.open(Path({str(data_dir)!r}))
        child = db.get_or_add_child("Kim", "fox")
        db.add_note(child.id, "first")
        os.remove(db.wal_path)
        for k in range(5):
            db.add_note(child.id, f"after {{k}}")
            if db.wal_path.exists():
                os.remove(db.wal_path)          # and again, every time
        os._exit(0)
    """), encoding="utf-8")
    assert _run(str(script)).returncode == 0
    for side in ("-wal", "-shm"):
        (data_dir / (DB_NAME + side)).unlink(missing_ok=True)
    conn = sqlite3.connect(data_dir / DB_NAME)
    assert [r[0] for r in conn.execute("SELECT text FROM notes ORDER BY id")] == ["first"] + [f"after {k}" for k in range(5)]
    conn.close()
