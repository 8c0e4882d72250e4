"""Frame time of the catching scene with eight objects in flight (prints figures, asserts nothing).

Run: SDL_VIDEODRIVER=dummy PYTHONPATH=. .venv/bin/python benchmarks/bench_catching.py
Case: the real scene in the real loop on a virtual clock (game.app.run_virtual), a level
whose objects take 6 s to come down and appear every 0.75 s (eight on the way at once
from 6 s on), a hovering mouse sweeping the basket left and right at 120 Hz (so some
objects are caught: pop bursts, bounces, and missed ones roll away). Frames before all eight are in flight are left out.
Frame time = update + draw work per drawn frame (LoopStats). Target: p99 < 4 ms.
"""
from __future__ import annotations

import math
import os
import statistics
import tempfile
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

WARMUP_S = 6.5        # until eight objects are in flight
RUN_S = 36.0          # virtual seconds played
SPEED = 100.0         # play units/s: CATCH_LINE_Y / SPEED = 6 s from appearing to the basket
INTERVAL_S = 0.75     # 6 s / 0.75 s = 8 in flight


def _level_text() -> str:
    xs = [160 + (k * 377) % 960 for k in range(int(RUN_S / INTERVAL_S) + 10)]
    drops = ", ".join(f"{{t = {0.2 + k * INTERVAL_S:.2f}, x = {x}, speed = {SPEED}}}" for k, x in enumerate(xs))
    return ('format = 1\ngame = "catching"\ntitle = "Bench"\n\n[catching]\ncatcher_width = 200\n'
            f"object_radius = 32\ndrops = [{drops}]\n")


def bench_catching_frames() -> dict[str, float]:
    """Frame time percentiles (ms) of the catching scene with eight objects in flight."""
    from game.app import LoopStats, run_virtual
    from game.events import Event
    from game.headless import DEMO_CHILD
    from game.input import ScriptedInput
    from game.levels.loader import parse_level
    from game.games.catching.rules import schedule
    from game.records.db import Database
    from game.scenes.levels import play_scene

    loaded = parse_level(_level_text(), "bench.toml")
    flights = schedule(loaded.level.catching)
    sweep = [Event(round(k / 120, 6), "move", x=640 + 500 * math.sin(k / 120 * 1.3), y=650.0)
             for k in range(int(RUN_S * 120))]
    stats = LoopStats()
    with tempfile.TemporaryDirectory() as tmp:
        db = Database.open(Path(tmp))
        try:
            def hook(ctx) -> None:
                ctx.record = False

            run_virtual(lambda ctx: play_scene(ctx, DEMO_CHILD, [loaded], 0), db, ScriptedInput(sweep),
                        until=RUN_S, stats=stats, ctx_hook=hook)
        finally:
            db.close()
    skip = int(WARMUP_S * 60)
    times = sorted(1000.0 * t for t in stats.frame_times[skip:])
    in_flight = sum(1 for f in flights if f.spawn_t <= WARMUP_S < f.cross_t)

    def pct(p: float) -> float:
        return times[min(len(times) - 1, int(round(p / 100 * (len(times) - 1))))]

    return {"frames": float(len(times)), "objects_in_flight": float(in_flight), "p50_ms": pct(50),
            "p99_ms": pct(99), "max_ms": times[-1], "mean_ms": statistics.fmean(times)}


def main() -> None:
    results = bench_catching_frames()
    print("catching scene, eight objects in flight, headless loop (update + draw per frame)")
    for name, value in results.items():
        print(f"  {name:18s} {value:10.3f}" if name.endswith("_ms") else f"  {name:18s} {value:10.0f}")
    print("  target: p99_ms < 4")


if __name__ == "__main__":
    main()
