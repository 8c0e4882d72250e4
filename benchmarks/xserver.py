"""A private X server for benchmarks: Xvfb with openbox on a display number no one else uses, the
real app started in it, and a CPU-bound process to run beside it.

Used by bench_tap_stamps_x11.py and bench_power.py. Needs Xvfb and openbox (Debian: xvfb, openbox).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
SCREEN = "1920x1080x24"


def need(*programs: str) -> None:
    missing = [p for p in programs if shutil.which(p) is None]
    if missing:
        raise SystemExit(f"benchmark needs {', '.join(missing)} (Debian: apt-get install xvfb openbox)")


@dataclass(frozen=True)
class XServer:
    display: str   # ":N"
    pid: int       # Xvfb's


@contextmanager
def x_display(screen: str = SCREEN) -> Iterator[XServer]:
    """Xvfb on a free display number it picks itself (-displayfd), with openbox managing windows."""
    need("Xvfb", "openbox")
    read, write = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", screen, "-nolisten", "tcp"],
                            pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    wm = None
    try:
        with os.fdopen(read) as f:
            number = f.readline().strip()
        if not number:
            raise SystemExit("Xvfb did not start")
        display = f":{number}"
        wm = subprocess.Popen(["openbox"], env=dict(os.environ, DISPLAY=display),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.5)
        yield XServer(display, xvfb.pid)
    finally:
        for proc in (wm, xvfb):
            if proc is not None:
                proc.terminate()
                try:
                    proc.wait(5)
                except subprocess.TimeoutExpired:
                    proc.kill()


def start_app(display: str, args: list[str], data_dir: Path, **env: str) -> subprocess.Popen:
    """`python ARGS` (e.g. `-m game play LEVEL`, what run.py starts) in a real window on `display`, sound off."""
    environ = {k: v for k, v in os.environ.items() if k not in ("SDL_VIDEODRIVER", "SDL_AUDIODRIVER")}
    environ.update(DISPLAY=display, PYTHONPATH=str(ROOT), MOTORPLAY_DATA=str(data_dir), SDL_AUDIODRIVER="dummy",
                   PYGAME_HIDE_SUPPORT_PROMPT="1", **env)
    return subprocess.Popen([sys.executable, *args], env=environ, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and all its threads so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def busy_processes(count: int) -> Iterator[list[subprocess.Popen]]:
    """`count` CPU-bound processes (`python -c "while True: pass"`) for as long as the block runs."""
    procs = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(count)]
    try:
        yield procs
    finally:
        for proc in procs:
            proc.kill()
            proc.wait()


def stop(proc: subprocess.Popen, timeout: float = 5.0) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def focus_window(display, pid: int, timeout: float = 10.0) -> None:
    """Give the app's window (the one whose _NET_WM_PID is `pid`) the keyboard; openbox usually has already."""
    from Xlib import X, Xatom
    from Xlib.error import CatchError

    wm_pid = display.intern_atom("_NET_WM_PID")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        stack = [display.screen().root]
        while stack:
            w = stack.pop()
            try:
                prop = w.get_full_property(wm_pid, Xatom.CARDINAL)
                if prop is not None and prop.value and int(prop.value[0]) == pid:
                    refused = CatchError()   # BadMatch while the window is not mapped yet: try again
                    w.set_input_focus(X.RevertToParent, X.CurrentTime, onerror=refused)
                    display.sync()
                    if refused.get_error() is None:
                        return
                    stack.clear()
                    break
                stack.extend(w.query_tree().children)
            except Exception:  # noqa: BLE001 - a window that went away while we looked
                continue
        time.sleep(0.05)
    raise SystemExit(f"no window of process {pid} appeared")


def press_key(display_name: str, pid: int, key: str, hold_s: float = 0.05) -> None:
    """Press and release one key (an X keysym name: "Escape", "f") in the window of process `pid`, with XTEST."""
    from Xlib import X, XK
    from Xlib.display import Display
    from Xlib.ext import xtest

    display = Display(display_name)
    try:
        code = display.keysym_to_keycode(XK.string_to_keysym(key))
        focus_window(display, pid)
        xtest.fake_input(display, X.KeyPress, code)
        display.sync()
        time.sleep(hold_s)
        xtest.fake_input(display, X.KeyRelease, code)
        display.sync()
    finally:
        display.close()
