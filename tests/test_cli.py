"""The commands, run as a user runs them: clean stdout, exact numbers, one-line errors."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.builders import (
    LINE_LEVEL,
    line_points,
    polyline_events,
    run_cli,
    write_events,
    write_level,
)


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    level = write_level(tmp_path / "line.toml")
    events = write_events(tmp_path / "e.jsonl", polyline_events(line_points(200, 372.5, 1080, 372.5, 221)))
    return {"level": level, "events": events, "dir": tmp_path}


def test_score_prints_one_json_object(files):
    res = run_cli("score", str(files["level"]), str(files["events"]))
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout)
    assert out["game"] == "tracing" and out["level"] == "Test line"
    m = out["metrics"]
    assert m["mean_deviation"] == 12.5 and m["max_deviation"] == 12.5 and m["rms_deviation"] == 12.5
    assert m["completed"] is True and m["within_tolerance_pct"] == 100.0 and m["pen_lifts"] == 0
    assert res.stdout.count("\n") == 1


def test_headless_play_records_what_export_shows_and_score_gives_back(files, data_dir: Path):
    res = run_cli("play", str(files["level"]), "--child", "Ada", "--events", str(files["events"]), "--headless",
                  data_dir=data_dir)
    assert res.returncode == 0, res.stderr
    printed = json.loads(res.stdout.splitlines()[0])
    scored = json.loads(run_cli("score", str(files["level"]), str(files["events"])).stdout)["metrics"]
    assert printed["metrics"] == scored

    exported = run_cli("export", "--format", "jsonl", "--child", "Ada", data_dir=data_dir)
    (line,) = exported.stdout.splitlines()
    obj = json.loads(line)
    assert obj["metrics"] == scored and obj["child"] == "Ada" and obj["status"] == "finished"
    assert obj["level_text"] == LINE_LEVEL
    # `score` on the exported attempt gives the stored metrics back
    lvl = write_level(files["dir"] / "exported.toml", obj["level_text"])
    ev = files["dir"] / "exported.jsonl"
    ev.write_text("".join(json.dumps(e) + "\n" for e in obj["events"]), encoding="utf-8")
    again = json.loads(run_cli("score", str(lvl), str(ev)).stdout)["metrics"]
    assert again == obj["metrics"]

    csv_out = files["dir"] / "out.csv"
    res = run_cli("export", "--format", "csv", "--out", str(csv_out), data_dir=data_dir)
    assert res.returncode == 0 and res.stdout == ""
    rows = list(csv.DictReader(io.StringIO(csv_out.read_text(encoding="utf-8-sig"))))
    assert len(rows) == 1 and float(rows[0]["mean_deviation"]) == 12.5 and rows[0]["level"] == "Test line"


def test_headless_play_plays_every_attempt(files, data_dir: Path):
    level = write_level(files["dir"] / "three.toml", LINE_LEVEL.replace('title = "Test line"\n',
                                                                         'title = "Three"\nattempts = 3\n'))
    res = run_cli("play", str(level), "--child", "Bo", "--events", str(files["events"]), "--headless",
                  data_dir=data_dir)
    lines = [json.loads(x) for x in res.stdout.splitlines()]
    assert [x["attempt_id"] for x in lines] == [1, 2, 3]
    assert all(x["metrics"]["mean_deviation"] == 12.5 for x in lines)


def test_an_unfinished_script_is_recorded_as_abandoned_with_its_events(files, data_dir: Path):
    half = write_events(files["dir"] / "half.jsonl", polyline_events(line_points(200, 360, 640, 360, 100)))
    res = run_cli("play", str(files["level"]), "--child", "Cy", "--events", str(half), "--headless",
                  data_dir=data_dir)
    (line,) = res.stdout.splitlines()
    obj = json.loads(line)
    assert obj["status"] == "abandoned" and obj["metrics"]["completed"] is False
    assert 49 < obj["metrics"]["coverage_pct"] < 54  # half the line plus the corridor at its end


@pytest.mark.parametrize("args, expect", [
    (("score", "{dir}/missing.toml", "{events}"), "missing.toml: level file not found"),
    (("score", "{dir}/broken.toml", "{events}"), "broken.toml: tracing.tolerance: must be at least 5"),
    (("score", "{level}", "{dir}/corrupt.jsonl"), "corrupt.jsonl:2: not valid JSON"),
    (("screenshot", "{level}", "--out", "{dir}/x.png", "--at", "-3"), "--at must be between 0 and 3600"),
    (("screenshot", "nowhere", "--out", "{dir}/x.png"), "nowhere: not a screen"),
    (("screenshot", "{level}", "--out", "{dir}/x.png", "--demo-at", "99"), "--demo-at must be between 0 and 60"),
    (("screenshot", "pause", "--out", "{dir}/x.png", "--demo-at", "1"), "--demo-at shows a level's demonstration"),
    (("export", "--format", "csv", "--child", "Nobody"), "no child called Nobody"),
    (("play", "{level}", "--headless"), "play --headless needs --events"),
    (("export", "--format", "xls"), "argument --format: invalid choice"),
    (("score", "{level}", "{dir}/scribble.jsonl"), "more than any real attempt"),
])
def test_bad_input_is_one_line_exit_2_no_traceback(files, data_dir: Path, args, expect):
    write_level(files["dir"] / "broken.toml", LINE_LEVEL.replace("tolerance = 30", "tolerance = 1"))
    (files["dir"] / "corrupt.jsonl").write_text('{"t": 0, "type": "down", "x": 1, "y": 2}\n{"t": 1, "ty\n')
    scribble = [{"t": 0, "type": "down", "x": 0, "y": 0}] + [
        {"t": k / 1000, "type": "move", "x": 9999 if k % 2 else -9999, "y": 0} for k in range(1, 1000)]
    (files["dir"] / "scribble.jsonl").write_text("".join(json.dumps(e) + "\n" for e in scribble))
    fmt = {k: str(v) for k, v in files.items()}
    res = run_cli(*[a.format(**fmt) for a in args], data_dir=data_dir)
    assert res.returncode == 2, (res.stdout, res.stderr)
    assert res.stdout == ""
    assert len(res.stderr.strip().splitlines()) == 1, res.stderr
    assert expect in res.stderr and "Traceback" not in res.stderr


def test_unreadable_records_file_is_reported_and_moved(files, data_dir: Path):
    (data_dir / "motorplay.db").write_bytes(b"garbage" * 1000)
    res = run_cli("export", "--format", "csv", data_dir=data_dir)
    assert res.returncode == 0
    assert "could not be read" in res.stderr and "moved to" in res.stderr
    assert any(p.name.startswith("motorplay-unreadable-") for p in data_dir.iterdir())


def test_data_dir_from_environment(files, tmp_path: Path, monkeypatch):
    import os
    import subprocess
    import sys

    target = tmp_path / "from_env"
    env = dict(os.environ, MOTORPLAY_DATA=str(target), SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy",
               PYTHONPATH=str(Path(__file__).resolve().parent.parent))
    subprocess.run([sys.executable, "-m", "game", "play", str(files["level"]), "--child", "Di", "--events",
                    str(files["events"]), "--headless"], env=env, check=True, capture_output=True)
    assert (target / "motorplay.db").exists()
