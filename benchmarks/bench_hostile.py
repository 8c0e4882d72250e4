"""Hostile-file budgets: CPU time and peak memory of the real commands on the worst inputs the limits allow.

Target (issue 8): every file up to the size limit is checked, scored or screenshotted in <= 5 s and
<= 500 MB, or refused in one line. Each figure is the command's own process (getrusage of a child),
so it does not depend on what else the machine is doing; wall time is printed beside it.

Run: SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy PYTHONPATH=. .venv/bin/python benchmarks/bench_hostile.py
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.worst_inputs import BUDGET_CPU_S, BUDGET_MB, run_measured, write_worst_files  # noqa: E402


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        f = write_worst_files(folder)
        data = folder / "data"
        cases = [
            ("levels check: 256 KB level, every point wrong", ("levels", "check", str(f["bad_level"]))),
            ("score: 100,000-event scribble", ("score", str(f["level"]), str(f["scribble"]))),
            ("play --headless: 100,000-event scribble", ("play", str(f["level"]), "--events", str(f["scribble"]),
                                                        "--headless")),
            ("screenshot: 100,000-event scribble", ("screenshot", str(f["level"]), "--events", str(f["scribble"]),
                                                   "--out", str(folder / "s.png"))),
            ("play --headless: 5,000-point level for 600 s", ("play", str(f["big_level"]), "--events",
                                                              str(f["big_events"]), "--headless")),
            ("play --headless: 1,600 s drums level, one tap at the end", ("play", str(f["long_drums"]), "--events",
                                                                          str(f["late_tap"]), "--headless")),
        ]
        print(f"{'case':58} {'exit':>4} {'CPU s':>7} {'peak MB':>8} {'wall s':>7}")
        worst_cpu = worst_mb = 0.0
        for name, args in cases:
            start = time.perf_counter()
            res, cpu, mb = run_measured(*args, data_dir=data)
            wall = time.perf_counter() - start
            worst_cpu, worst_mb = max(worst_cpu, cpu), max(worst_mb, mb)
            print(f"{name:58} {res.returncode:>4} {cpu:7.2f} {mb:8.0f} {wall:7.2f}")
        print(f"worst: {worst_cpu:.2f} s CPU (budget {BUDGET_CPU_S:g}), {worst_mb:.0f} MB (budget {BUDGET_MB:g})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
