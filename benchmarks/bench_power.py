"""Power: how much of a CPU core the app uses on each screen (prints figures, asserts nothing).

Run: PYTHONPATH=. .venv/bin/python benchmarks/bench_power.py [--seconds 8] [--screens children pause ...]

Each screen runs live (game.app.run_live, the loop `python -m game` runs) in a real window under its
own Xvfb + openbox, sound off. After SETTLE_S (entry animations over; for "pause" the Escape key is
pressed with XTEST first) the app's CPU time (user + system, all threads, from /proc) is read over
`seconds` of wall time: % of one core. The X server's CPU time over the same span is printed
beside it (the app's frames are drawn there too). Nobody touches the app while it is measured.

Targets (issue 11): <= 3 % on still screens (menus, results, pause), <= 15 % in the busiest game scene.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.xserver import ROOT, cpu_seconds, focus_window, press_key, start_app, stop, x_display  # noqa: E402

SETTLE_S = 3.0
STILL = ("children", "games", "levels", "results", "pause")
PLAYING = {"drums": ROOT / "levels" / "tapping" / "07_alternate_120.toml",
           "tracing": ROOT / "levels" / "tracing" / "01_go_right.toml",
           "catching": ROOT / "levels" / "catching" / "08_busy_sky.toml",
           "pegs": ROOT / "levels" / "pegs" / "01_three_friends.toml"}
CHILDREN = ("Ada", "Ben", "Cleo")


def live(screen: str) -> None:
    """In the child process: show `screen` live until killed."""
    from game.app import run_live
    from game.headless import screen_scene
    from game.levels.loader import load_level
    from game.paths import data_dir
    from game.records.db import Database
    from game.scenes.levels import play_scene

    db = Database.open(data_dir())
    children = [db.get_or_add_child(name) for name in CHILDREN]
    if screen in PLAYING:
        level = load_level(PLAYING[screen])
        run_live(lambda ctx: play_scene(ctx, children[0], [level], 0), db)
    else:
        target = "pause" if screen == "pause" else screen
        run_live(lambda ctx: screen_scene(ctx, db, target, children[0], "tapping"), db)


def measure(screen: str, seconds: float) -> dict[str, float]:
    from Xlib.display import Display

    with tempfile.TemporaryDirectory(prefix="motorplay-power-") as d, x_display() as x:
        app = start_app(x.display, [str(Path(__file__).resolve()), "--live", screen], Path(d))
        try:
            display = Display(x.display)
            focus_window(display, app.pid, timeout=30.0)
            display.close()
            time.sleep(1.0)
            if screen == "pause":
                press_key(x.display, app.pid, "Escape")
            time.sleep(SETTLE_S - 1.0)
            if app.poll() is not None:
                raise SystemExit(f"{screen}: the app ended: {app.stderr.read().strip()[-400:]}")
            wall0, app0, x0 = time.monotonic(), cpu_seconds(app.pid), cpu_seconds(x.pid)
            time.sleep(seconds)
            wall1, app1, x1 = time.monotonic(), cpu_seconds(app.pid), cpu_seconds(x.pid)
            if app.poll() is not None:
                raise SystemExit(f"{screen}: the app ended while measured")
        finally:
            stop(app)
    span = wall1 - wall0
    return {"app_pct": 100 * (app1 - app0) / span, "x_pct": 100 * (x1 - x0) / span}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seconds", type=float, default=8.0, help="measured span per screen")
    p.add_argument("--screens", nargs="+", default=[*STILL, *PLAYING], choices=[*STILL, *PLAYING])
    p.add_argument("--live", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.live:
        live(args.live)
        return
    print(f"power: % of one core over {args.seconds:.0f} s per screen, Xvfb + openbox, {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.2f} (targets: still <= 3 %, playing <= 15 %)", flush=True)
    for screen in args.screens:
        r = measure(screen, args.seconds)
        kind = "still" if screen in STILL else "playing"
        print(f"{screen:10s} ({kind:7s}): app {r['app_pct']:5.1f} %   X server {r['x_pct']:5.1f} %", flush=True)


if __name__ == "__main__":
    main()
