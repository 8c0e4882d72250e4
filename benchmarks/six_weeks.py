"""Six weeks of simulated play for one child, recorded through `play --headless --date`, then the progress
screen and the report rendered from it: they must say the same, correct thing.

The child traces a straight line three times a week (two tries a session) and gets closer to it week
by week (improving: "Distance from the line" goes down), and drums at a steady 60 beats/min with the
same timing spread throughout (flat: "steady").

    PYTHONPATH=. SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy python benchmarks/six_weeks.py [OUT_DIR]

prints the records folder, the two progress screenshots and the report it made.
"""
from __future__ import annotations

import contextlib
import io
import json
import sys
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np

CHILD = "Robin"
START = datetime(2026, 3, 2, 16, 30)          # a Monday, local time
DAYS = (0, 2, 4)                              # Monday, Wednesday, Friday
LINE_LEVEL = """format = 1
title = "Straight line"
game = "tracing"

[tracing]
tolerance = 30
strokes = [[[200, 360], [1080, 360]]]
"""
DRUMS_LEVEL = """format = 1
title = "Left right"
game = "tapping"

[tapping]
pattern = "alternate"
tempo_bpm = 60
beats = 12
lead_in_s = 1.0
window_ms = 250
"""
TRACING = "tracing"      # the game folders these levels belong to (game/games/<name>/)
DRUMS = "tapping"


def _line_events(offset: float) -> list[dict]:
    """One pen-down along the line, `offset` play units below it: the distance from the line is `offset`."""
    n = 221
    return [{"t": round(0.5 + k / 120.0, 6), "type": "down" if k == 0 else ("up" if k == n - 1 else "move"),
             "x": 200.0 + 880.0 * k / (n - 1), "y": 360.0 + offset} for k in range(n)]


def _drum_events(rng: np.random.Generator, spread_ms: float) -> list[dict]:
    """Alternate left and right on every beat, each tap off the beat by a normal error of `spread_ms`."""
    taps = []
    for k in range(12):
        t = 1.0 + k * 1.0 + float(rng.normal(0.0, spread_ms / 1000.0))
        taps.append({"t": round(max(t, 0.8), 6), "type": "tap", "side": "left" if k % 2 == 0 else "right"})
    return sorted(taps, key=lambda e: e["t"])


def _write(path: Path, events: list[dict]) -> Path:
    path.write_text("".join(json.dumps(e) + "\n" for e in events), encoding="utf-8")
    return path


def sessions(weeks: int = 6) -> list[datetime]:
    return [START + timedelta(days=7 * w + d) for w in range(weeks) for d in DAYS]


def build(data_dir: Path, *, weeks: int = 6, tries: int = 2, seed: int = 7) -> Path:
    """Record the six weeks into data_dir with `run.py play --headless --date`; returns data_dir."""
    from game.cli import main

    rng = np.random.default_rng(seed)
    work = data_dir / "inputs"
    work.mkdir(parents=True, exist_ok=True)
    line = work / "straight_line.toml"
    line.write_text(LINE_LEVEL, encoding="utf-8")
    drums = work / "left_right.toml"
    drums.write_text(DRUMS_LEVEL, encoding="utf-8")
    days = sessions(weeks)
    for i, day in enumerate(days):
        progress = i / max(len(days) - 1, 1)
        for k in range(tries):
            # tracing: 14 play units off the line at first, 7 at the end, with session-to-session wobble
            offset = 14.0 - 7.0 * progress + float(rng.normal(0.0, 0.5))
            when = day + timedelta(minutes=4 * k)
            _play(main, line, _write(work / "line.jsonl", _line_events(offset)), when, data_dir)
            _play(main, drums, _write(work / "drums.jsonl", _drum_events(rng, 40.0)),
                  when + timedelta(minutes=2), data_dir)
    return data_dir


def _play(main, level: Path, events: Path, when: datetime, data_dir: Path) -> None:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["play", str(level), "--child", CHILD, "--events", str(events), "--headless",
                     "--date", when.strftime("%Y-%m-%dT%H:%M"), "--data-dir", str(data_dir)])
    if code != 0:
        raise SystemExit(f"play failed ({code}): {out.getvalue()}")


def render(data_dir: Path, out_dir: Path) -> dict[str, Path]:
    """The progress screen of each game and the HTML report, from the records in data_dir."""
    from game.cli import main

    made = {}
    for game in (TRACING, DRUMS):
        png = out_dir / f"progress_{game}.png"
        with contextlib.redirect_stdout(io.StringIO()):
            assert main(["screenshot", "progress", "--child", CHILD, "--game", game, "--out", str(png),
                         "--data-dir", str(data_dir)]) == 0
        made[game] = png
    report = out_dir / "report.html"
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["report", "--child", CHILD, "--out", str(report), "--data-dir", str(data_dir)]) == 0
    made["report"] = report
    return made


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/motorplay_six_weeks")
    if (out / "data").exists():
        raise SystemExit(f"{out / 'data'} exists already; choose another folder")
    build(out / "data")
    for name, path in render(out / "data", out).items():
        print(f"{name}: {path}")
    print(f"records: {out / 'data'}")
