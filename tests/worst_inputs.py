"""The worst inputs the limits let through, and a way to measure what a command costs on them.

Shared by tests/test_hostile_files.py (budgets as tests) and benchmarks/bench_hostile.py (the
same figures printed). Cost is CPU time and peak memory of the command's own process, read
with getrusage in a fresh probe process, so other work on the machine does not count.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.builders import LINE_LEVEL, ROOT, write_level

BUDGET_CPU_S = 5.0
BUDGET_MB = 500.0


def write_jsonl(path: Path, events: list[dict]) -> Path:
    path.write_text("".join(json.dumps(e) + "\n" for e in events), encoding="utf-8")
    return path


def bad_points_level(n: int) -> str:
    """A tracing level whose one stroke has n points, every one of them wrong."""
    points = ", ".join(f'["x{k}", {k}]' for k in range(n))
    return LINE_LEVEL.replace("strokes = [[[200, 360], [1080, 360]]]", f"strokes = [[{points}]]")


def write_worst_files(folder: Path) -> dict[str, Path]:
    """The largest inputs the limits let through, shaped to cost the most."""
    from game.events import MAX_EVENTS

    files = {"level": write_level(folder / "line.toml")}
    # A scribble on the spot: every event is fed to the round, every point piles up in one place
    # (ink 190,000 play units, just under the 200,000 cap).
    events = [{"t": 0.5, "type": "down", "x": 240, "y": 360}]
    events += [{"t": round(0.5 + k * 0.005, 6), "type": "move", "x": 240 + (k % 2) * 1.9, "y": 360}
               for k in range(1, MAX_EVENTS)]
    files["scribble"] = write_jsonl(folder / "scribble.jsonl", events)
    # A level file at the size limit, every point of it wrong.
    n = 1
    while len(bad_points_level(n * 2).encode()) < 250_000:
        n *= 2
    while len(bad_points_level(n + 500).encode()) < 255_000:
        n += 500
    files["bad_level"] = write_level(folder / "bad.toml", bad_points_level(n))
    # The biggest valid path: 5,000 points on 50 strokes, about 24,000 play units long,
    # played for the whole 600 s an attempt may last. The strokes are 13 apart, so the corridor
    # may be at most 6 wide on each side (levels check refuses corridors that join neighbouring parts).
    strokes = []
    for s in range(50):
        y = 40 + s * 13
        strokes.append("[" + ", ".join(f"[{40 + k * 4.9:.1f}, {y}]" for k in range(100)) + "]")
    files["big_level"] = write_level(folder / "big.toml", LINE_LEVEL.replace(
        "strokes = [[[200, 360], [1080, 360]]]", f"strokes = [{', '.join(strokes)}]").replace(
        "tolerance = 30", "tolerance = 6"))
    files["big_events"] = write_jsonl(folder / "big.jsonl", [{"t": 0.5, "type": "down", "x": 40, "y": 40},
                                                             {"t": 599.0, "type": "up", "x": 500, "y": 40}])
    # The longest drums level, with one tap at its very end.
    files["long_drums"] = write_level(folder / "long.toml", 'format = 1\ngame = "tapping"\ntitle = "Very long"\n'
                                      '[tapping]\npattern = "L"\ntempo_bpm = 30\nbeats = 400\n'
                                      'continuation_beats = 400\n')
    files["late_tap"] = write_jsonl(folder / "late_tap.jsonl", [{"t": 1599.5, "type": "tap", "side": "left"}])
    return files


def run_measured(*args: str, data_dir: Path) -> tuple[subprocess.CompletedProcess, float, float]:
    """Run `python -m game ARGS --data-dir D`; its result, CPU seconds and peak MB (that process alone)."""
    probe = ("import resource, subprocess, sys, json\n"
             "r = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
             "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
             "print(json.dumps({'rc': r.returncode, 'out': r.stdout[-4000:], 'err': r.stderr[-4000:], "
             "'cpu': u.ru_utime + u.ru_stime, 'mb': u.ru_maxrss / 1024}))\n")
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", PYTHONPATH=str(ROOT),
               OPENBLAS_NUM_THREADS="1")
    res = subprocess.run([sys.executable, "-c", probe, sys.executable, "-m", "game", *args, "--data-dir", str(data_dir)],
                         capture_output=True, text=True, env=env, timeout=300)
    info = json.loads(res.stdout)
    return subprocess.CompletedProcess(args, info["rc"], info["out"], info["err"]), info["cpu"], info["mb"]
