"""Killed launchers and exports, racing processes, empty folders, a PIN rest that outlives the
screen, and a broken records file reported in one line."""
from __future__ import annotations

import importlib.util
import os
import re
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest

from game.input import InputEvent
from game.records.db import DB_NAME, Database
from tests.builders import ROOT, run_cli, write_level


def _env() -> dict[str, str]:
    return dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", PYTHONPATH=str(ROOT),
                PYGAME_HIDE_SUPPORT_PROMPT="1")


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


# --- 3. the launcher becomes the game -----------------------------------------------------------


def test_run_py_becomes_the_game_so_a_signal_to_it_ends_the_game(tmp_path: Path, data_dir: Path):
    if os.name != "posix" or not Path("/proc/self/cmdline").exists():
        pytest.skip("checks the process through /proc (Linux)")
    spec = importlib.util.spec_from_file_location("motorplay_run", ROOT / "run.py")
    launcher = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(launcher)  # type: ignore[union-attr]
    if not launcher.is_ready("run"):
        pytest.skip("the .venv is not set up (run.py would install dependencies first)")
    level = write_level(tmp_path / "line.toml")
    # Live play on the dummy display runs until it is told to stop.
    proc = subprocess.Popen([sys.executable, str(ROOT / "run.py"), "play", str(level), "--child", "Kim",
                             "--data-dir", str(data_dir)], env=_env(), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    try:
        cmdline: list[str] = []
        for _ in range(2000):   # until the launcher has handed over (it execs at once when .venv is ready)
            try:
                cmdline = (Path(f"/proc/{proc.pid}/cmdline").read_bytes().decode().split("\0"))
            except OSError:
                break
            if "-m" in cmdline and "game" in cmdline:
                break
            if proc.poll() is not None:
                break
            time.sleep(0.01)
        assert cmdline[cmdline.index("-m") + 1:cmdline.index("-m") + 3] == ["game", "play"], cmdline
        for _ in range(3000):   # the game has opened its records (it is running, not starting)
            if (data_dir / DB_NAME).exists() or proc.poll() is not None:
                break
            time.sleep(0.01)
        assert proc.poll() is None, proc.stderr.read()  # type: ignore[union-attr]
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=60)
        assert code in (0, -signal.SIGTERM)     # SDL turns TERM into a quit; either way the game is gone
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


# --- 4. exports and reports killed half-way -----------------------------------------------------


def _killed_export_script(tmp_path: Path, when: str) -> Path:
    script = tmp_path / f"export_{when}.py"
    script.write_text(textwrap.dedent(f"""
        import os, sys
        from game.reports import make
        real_replace = os.replace
        def killed(*args, **kwargs):
            os._exit(9)          # killed before the new file takes the old one's name
        if {when!r} == "before-rename":
            make.os.replace = killed
        else:
            from pathlib import Path
            real_write_text = Path.write_text
            def half(self, text, *args, **kwargs):
                real_write_text(self, text[: len(text) // 2], *args, **kwargs)
                os._exit(9)      # killed half-way through writing
            Path.write_text = half
        from game.cli import main
        sys.exit(main(sys.argv[1:]))
    """), encoding="utf-8")
    return script


@pytest.mark.parametrize("when", ["half-way", "before-rename"])
def test_a_killed_export_leaves_the_previous_export_whole_and_the_next_one_tidies(
        tmp_path: Path, data_dir: Path, when: str):
    db = Database.open(data_dir)
    db.get_or_add_child("Kim", "fox")
    db.close()
    out = tmp_path / "out" / "export.jsonl"
    out.parent.mkdir()
    out.write_text("the previous export\n", encoding="utf-8")
    script = _killed_export_script(tmp_path, when)
    res = subprocess.run([sys.executable, str(script), "export", "--format", "csv", "--out", str(out),
                          "--data-dir", str(data_dir)], env=_env(), capture_output=True, text=True, timeout=120)
    assert res.returncode == 9
    assert out.read_text(encoding="utf-8") == "the previous export\n"
    leftovers = [p.name for p in out.parent.iterdir() if p != out]
    assert len(leftovers) == 1 and leftovers[0].startswith(".export.jsonl.motorplay-partial-")
    again = run_cli("export", "--format", "csv", "--out", str(out), data_dir=data_dir)
    assert again.returncode == 0, again.stderr
    assert [p.name for p in out.parent.iterdir()] == ["export.jsonl"]
    assert out.read_text(encoding="utf-8-sig").startswith("attempt_id,child,")


def test_a_report_removes_part_files_of_killed_reports_and_only_those(tmp_path: Path, data_dir: Path):
    from game.reports.make import make_report

    db = Database.open(data_dir)
    db.get_or_add_child("Kim", "fox")
    folder = tmp_path / "reports"
    folder.mkdir()
    dead, alive = _dead_pid(), os.getpid()
    stale = [f".kim.html.motorplay-partial-{dead}-0a1b2c3d.tmp", f".kim.pdf.{dead}.tmp"]   # this and earlier versions
    kept = [f".kim.html.motorplay-partial-{alive}-0a1b2c3d.tmp", ".notes.tmp", "kim-old.html"]
    for name in stale + kept:
        (folder / name).write_text("x", encoding="utf-8")
    try:
        make_report(db, "Kim", folder / "kim.html")
    finally:
        db.close()
    assert sorted(p.name for p in folder.iterdir()) == sorted(kept + ["kim.html"])


# --- 5. two processes add the same new child at once --------------------------------------------


def test_two_processes_adding_the_same_new_child_at_once_both_get_it(data_dir: Path, monkeypatch):
    Database.open(data_dir).close()
    barrier = threading.Barrier(2, timeout=30)
    real_find = Database.find_child
    looked: set[int] = set()

    def find_child(self, name):
        found = real_find(self, name)
        if threading.get_ident() not in looked:   # both look first, see no child, then both add
            looked.add(threading.get_ident())
            barrier.wait()
        return found

    monkeypatch.setattr(Database, "find_child", find_child)
    got: list[object] = []

    def player() -> None:
        db = Database.open(data_dir)
        try:
            got.append(db.get_or_add_child("Newt", "frog"))
        except Exception as exc:  # noqa: BLE001 - the test reports it
            got.append(exc)
        finally:
            db.close()

    threads = [threading.Thread(target=player) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(got) == 2 and all(not isinstance(g, Exception) for g in got), got
    assert got[0].id == got[1].id and got[0].name == "Newt"   # type: ignore[union-attr]
    conn = sqlite3.connect(data_dir / DB_NAME)
    assert conn.execute("SELECT COUNT(*) FROM children").fetchone()[0] == 1
    conn.close()


def test_adding_a_child_another_process_added_a_moment_ago_says_so_plainly(data_dir: Path, monkeypatch):
    db = Database.open(data_dir)
    other = Database.open(data_dir)
    real_find = Database.find_child
    calls = {"n": 0}

    def find_child(self, name):
        calls["n"] += 1
        if calls["n"] == 1:   # looked just before the other process added the child
            other.add_child("Newt", "frog")
            return None
        return real_find(self, name)

    monkeypatch.setattr(Database, "find_child", find_child)
    try:
        from game.errors import UserError

        with pytest.raises(UserError, match="^there is already a child called Newt$"):
            db.add_child("Newt", "cat")
    finally:
        db.close()
        other.close()


# --- 6. read-only commands never start an empty records file ------------------------------------


@pytest.mark.parametrize("args, says", [
    (("therapist", "reset-pin"), "there is no PIN to clear"),
    (("export", "--format", "csv"), "there is nothing to export"),
    (("export", "--format", "csv", "--child", "Ada"), "there is no child called Ada to export"),
    (("report", "--child", "Ada", "--out", "{tmp}/r.html"), "there is no child called Ada to report on"),
])
def test_commands_that_only_read_refuse_an_empty_folder_in_one_line(tmp_path: Path, args, says):
    empty = tmp_path / "no-records"
    res = run_cli(*[a.format(tmp=tmp_path) for a in args], data_dir=empty)
    assert (res.returncode, res.stdout) == (2, "")
    assert res.stderr == (f"MotorPlay: {empty / DB_NAME}: there are no records here, so {says} (is --data-dir or "
                          "$MOTORPLAY_DATA pointing at the right folder?)\n")
    assert not empty.exists()


# --- 7. the PIN's rest outlives the screen and the run -------------------------------------------


def _digits(scene, pin: str, t: float):
    tr = None
    for d in pin:
        tr = scene.press(d, t)
    return tr


def test_the_pin_rest_and_wrong_tries_outlive_the_screen_and_the_records_being_reopened(ctx, monkeypatch):
    from game.scenes import pin as pinmod
    from game.scenes.pin import LOCK_S, MAX_TRIES, PinScene
    from game.scenes.therapist import TherapistScene

    clock = {"now": pinmod.wall_now()}
    monkeypatch.setattr(pinmod, "wall_now", lambda: clock["now"])
    ctx.db.set_pin("2468")

    first = PinScene(ctx, then=TherapistScene)
    first.enter(1.0)
    for k in range(MAX_TRIES - 2):
        _digits(first, "0000", 2.0 + k)
    back = PinScene(ctx, then=TherapistScene)        # the grown-up left and came back: the count goes on
    back.enter(10.0)
    assert back.wrong == MAX_TRIES - 2
    _digits(back, "1111", 11.0)
    assert "1 try left" in back.message
    _digits(back, "1111", 12.0)
    assert back.locked_until == 12.0 + LOCK_S

    again = PinScene(ctx, then=TherapistScene)       # leaving and coming back does not end the rest
    again.enter(100.0)
    assert again.locked_until == 100.0 + LOCK_S
    assert _digits(again, "2468", 101.0) is None and again.typed == ""
    assert all(not b.enabled for b in again.buttons.items if isinstance(b.key, tuple))

    ctx.db.close()              # nor does closing MotorPlay: the rest's end is in the records file
    ctx.db = Database.open(ctx.db.path.parent)
    clock["now"] += timedelta(seconds=LOCK_S - 10)
    later = PinScene(ctx, then=TherapistScene)
    later.handle(InputEvent(500.0, "text", device="key", text="2468"), 500.0)
    assert later.locked_until == 510.0 and later.typed == ""

    clock["now"] += timedelta(seconds=11)   # the rest is over: the right PIN opens, and the count starts afresh
    done = PinScene(ctx, then=TherapistScene)
    done.enter(600.0)
    assert done.locked_until is None
    from game.scenes.base import Replace

    assert isinstance(_digits(done, "2468", 601.0), Replace)
    assert ctx.db.pin_tries() == (0, None)
    ctx.db.close()


def test_a_clock_set_back_cannot_make_the_rest_longer(ctx, monkeypatch):
    from game.scenes import pin as pinmod
    from game.scenes.pin import LOCK_S, PinScene

    ctx.db.set_pin("2468")
    ctx.db.set_pin_tries(0, pinmod.wall_now() + timedelta(days=3))
    scene = PinScene(ctx)
    scene.enter(5.0)
    assert scene.locked_until == 5.0 + LOCK_S


def test_reset_pin_also_ends_the_rest(data_dir: Path):
    from game.scenes.pin import wall_now

    db = Database.open(data_dir)
    db.set_pin("2468")
    db.set_pin_tries(3, wall_now() + timedelta(seconds=20))
    db.close()
    assert run_cli("therapist", "reset-pin", data_dir=data_dir).returncode == 0
    db = Database.open(data_dir)
    assert db.pin_tries() == (0, None) and not db.has_pin()
    db.close()


# --- 8. a broken records file is told about in one line -----------------------------------------


def _broken_records(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)")
    conn.execute("CREATE INDEX ti ON t(b)")
    conn.executemany("INSERT INTO t(b) VALUES (?)", [("x" * 100 + str(i),) for i in range(3000)])
    conn.commit()
    conn.close()
    data = bytearray(path.read_bytes())
    for page in (40, 60):   # scramble two pages: the file opens, but its check lists several problems
        data[page * 4096 + 100:page * 4096 + 400] = b"\x07" * 300
    path.write_bytes(bytes(data))


def test_a_broken_records_file_is_moved_aside_with_a_one_line_notice(data_dir: Path, tmp_path: Path):
    _broken_records(data_dir / DB_NAME)
    res = run_cli("export", "--format", "csv", data_dir=data_dir)
    assert res.returncode == 0
    (line,) = res.stderr.splitlines()
    assert line.startswith(f"MotorPlay: {data_dir / DB_NAME}: the records file could not be read (integrity check "
                           "failed: On tree page ")
    assert re.search(r" \(and \d+ more\)\); it was moved to .*motorplay-unreadable-.* and a new one started$", line)
    assert any(p.name.startswith("motorplay-unreadable-") for p in data_dir.iterdir())
