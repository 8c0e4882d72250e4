"""A killed process loses at most the attempt in progress; every finished attempt survives intact."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from game.events import parse_events
from game.levels.loader import parse_level
from game.scoring import score_attempt
from tests.builders import (
    LINE_LEVEL,
    ROOT,
    line_points,
    polyline_events,
    write_events,
    write_level,
)


def test_sigkill_at_random_moments_keeps_every_earlier_attempt(tmp_path: Path, data_dir: Path):
    level = write_level(tmp_path / "many.toml", LINE_LEVEL.replace('title = "Test line"\n',
                                                                   'title = "Many"\nattempts = 10\n'))
    events = write_events(tmp_path / "e.jsonl", polyline_events(line_points(200, 363, 1080, 363, 221)))
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", PYTHONPATH=str(ROOT))
    rng = np.random.default_rng(2026)
    printed: list[dict] = []
    for _ in range(4):
        proc = subprocess.Popen([sys.executable, "-m", "game", "play", str(level), "--child", "Kim", "--events",
                                 str(events), "--headless", "--data-dir", str(data_dir)],
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True)
        # Kill once some attempts are in, at a random moment of the next one (or mid-start-up).
        wanted = int(rng.integers(0, 4))
        for _k in range(wanted):
            line = proc.stdout.readline()  # type: ignore[union-attr]
            if not line:
                break
            printed.append(json.loads(line))
        time.sleep(float(rng.uniform(0.0, 0.15)))
        proc.send_signal(signal.SIGKILL)
        rest, _ = proc.communicate()
        printed.extend(json.loads(x) for x in rest.splitlines() if x.strip())
        assert proc.returncode == -signal.SIGKILL

    conn = sqlite3.connect(data_dir / "motorplay.db")
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = {r[0]: (json.loads(r[1]), r[2], r[3]) for r in
              conn.execute("SELECT id, metrics, events, level_text FROM attempts")}
    assert printed, "some attempts finished before the kills"
    for p in printed:  # every attempt reported as stored is there, whole, and re-scores the same
        metrics, events_text, level_text = stored[p["attempt_id"]]
        assert metrics == p["metrics"]
        again = score_attempt(parse_level(level_text, "many.toml"), parse_events(events_text, "db"))
        assert again == metrics
