"""MotorPlay benchmarks: prints the figures the issues set targets for (no asserts).

Run: python3 run.py  (once, to set up) then
     SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy PYTHONPATH=. .venv/bin/python benchmarks/bench.py
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402


def percentile_ms(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values) * 1000.0, q))


def tracing_frames(seconds: float = 60.0) -> dict[str, float]:
    """Frame time (update + draw) of the tracing scene in the headless loop, a child tracing for a minute."""
    from game.app import LoopStats, run_virtual
    from game.events import Event
    from game.games.tracing.demo import demo_trace
    from game.input import ScriptedInput
    from game.levels.loader import load_level
    from game.records.db import Database
    from game.scenes.levels import play_scene

    loaded = load_level(ROOT / "levels" / "tracing" / "11_figure_eight.toml")
    trace = demo_trace(loaded, offset=0.0, speed=60.0, rate_hz=240.0)  # slow: about a minute of drawing
    trace = [e for e in trace if e.t <= seconds][:-1]
    trace.append(Event(trace[-1].t, "up", x=trace[-1].x, y=trace[-1].y))
    with tempfile.TemporaryDirectory() as d:
        db = Database.open(Path(d))
        child = db.get_or_add_child("Bench", "cat")
        stats = LoopStats()
        run_virtual(lambda ctx: play_scene(ctx, child, [loaded], 0), db, ScriptedInput(trace), stats=stats,
                    until=trace[-1].t + 0.5)
        db.close()
    return {"frames": stats.frames, "p50_ms": percentile_ms(stats.frame_times, 50),
            "p99_ms": percentile_ms(stats.frame_times, 99)}


def startup_to_first_frame(runs: int = 5) -> dict[str, float]:
    """Wall time from launching `python -m game` to its first drawn frame (the child picker)."""
    times = []
    with tempfile.TemporaryDirectory() as d:
        env = dict(os.environ, PYTHONPATH=str(ROOT), MOTORPLAY_BENCH_FIRST_FRAME="1", MOTORPLAY_DATA=d)
        for _ in range(runs):
            start = time.time()
            res = subprocess.run([sys.executable, "-m", "game"], env=env, capture_output=True, text=True, timeout=60)
            line = next((x for x in res.stderr.splitlines() if x.startswith("first-frame ")), None)
            if line is None:
                raise SystemExit(f"no first frame: {res.stderr.strip()}")
            times.append(float(line.split()[1]) - start)
    return {"median_s": statistics.median(times), "max_s": max(times)}


def main() -> None:
    from benchmarks.bench_scoring import bench_tracing_score

    print("MotorPlay benchmarks (this machine:", os.cpu_count(), "cores)")
    score = bench_tracing_score()
    print(f"tracing score, 60 s attempt at 240 Hz: median {score['tracing_metrics_ms']:.1f} ms (target < 20 ms)")
    frames = tracing_frames()
    print(f"tracing scene frame time, headless loop: p50 {frames['p50_ms']:.2f} ms, p99 {frames['p99_ms']:.2f} ms "
          f"over {frames['frames']} frames (target p99 < 4 ms)")
    start = startup_to_first_frame()
    print(f"start-up to first frame: median {start['median_s']:.2f} s, max {start['max_s']:.2f} s (target < 1 s)")
    from benchmarks.bench_catching import bench_catching_frames
    from benchmarks.bench_tap_stamps_posted import run as bench_tap_stamps_posted

    catching = bench_catching_frames()
    print(f"catching scene frame time, {catching['objects_in_flight']:.0f} objects in flight: "
          f"p50 {catching['p50_ms']:.2f} ms, p99 {catching['p99_ms']:.2f} ms over {catching['frames']:.0f} frames "
          "(target p99 < 4 ms)")
    tap = bench_tap_stamps_posted()
    loop, frame, work = tap["loop_stamping_error_ms"], tap["per_frame_stamping_error_ms"], tap["frame_work_ms"]
    print(f"tap stamps, {tap['taps_recorded']} of {tap['taps_posted']} key presses posted inside the process "
          f"(the real input path: bench_tap_stamps_x11.py) at 60 fps in the real loop: recorded - true p50 {loop['p50']:.2f} / p95 {loop['p95']:.2f} / max {loop['max']:.2f} ms "
          f"(target p95 <= 2 ms); stamped once per frame: {frame['p50']:.2f} / {frame['p95']:.2f} / "
          f"{frame['max']:.2f} ms")
    print(f"tapping scene frame time: p50 {work['p50']:.2f} ms, p99 {work['p99']:.2f} ms at {tap['fps']} fps")
    from benchmarks.bench_report import bench_report

    rep = bench_report()
    print(f"report for one child with 1,000 attempts: html {rep['html_s']:.2f} s, pdf {rep['pdf_s']:.2f} s "
          "(target < 3 s)")


if __name__ == "__main__":
    main()
