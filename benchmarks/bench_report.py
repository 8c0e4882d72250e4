"""Report time for one child with 1,000 attempts over six months (target < 3 s for HTML and for PDF).

Run: SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy PYTHONPATH=. .venv/bin/python benchmarks/bench_report.py
"""
from __future__ import annotations

import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

# three levels per game, played in turn as the child progresses
LEVELS = {
    "tracing": ("05_hills.toml", "06_mountains.toml", "11_figure_eight.toml"),
    "catching": ("01_apple_rain.toml", "02_orchard.toml", "05_quicker.toml"),
    "tapping": ("03_both_slow.toml", "06_both_90.toml", "08_both_120.toml"),
}


def _metrics(game: str, skill: float, rng: np.random.Generator) -> dict:
    """Plausible key metrics (and a few others) for a child whose skill grows from 0 to 1."""
    noise = rng.normal
    if game == "tracing":
        dev = max(1.0, 22 - 14 * skill + noise(0, 3))
        return {"mean_deviation": round(dev, 3), "rms_deviation": round(dev * 1.25, 3),
                "coverage_pct": round(float(np.clip(70 + 28 * skill + noise(0, 6), 0, 100)), 2),
                "within_tolerance_pct": round(float(np.clip(60 + 35 * skill + noise(0, 8), 0, 100)), 2),
                "duration_s": round(max(3.0, 25 - 10 * skill + noise(0, 4)), 3), "completed": True}
    if game == "catching":
        presented = 6
        caught = int(np.clip(round(presented * (0.45 + 0.5 * skill) + noise(0, 0.8)), 0, presented))
        return {"presented": presented, "caught": caught, "missed": presented - caught,
                "catch_rate_pct": round(100 * caught / presented, 2),
                "mean_reaction_time_ms": round(max(180.0, 620 - 260 * skill + noise(0, 60)), 1)}
    hits = int(np.clip(round(16 * (0.55 + 0.4 * skill) + noise(0, 1.5)), 2, 16))
    return {"expected_taps": 16, "hits": hits, "misses": 16 - hits, "accuracy_pct": round(100 * hits / 16, 2),
            "sd_asynchrony_ms": round(max(8.0, 95 - 55 * skill + noise(0, 12)), 2),
            "mean_asynchrony_ms": round(60 - 30 * skill + noise(0, 15), 2)}


def build(folder: Path, attempts: int = 1000, seed: int = 5):
    """One child, `attempts` attempts in sessions of 6 over about six months; returns the open Database."""
    from game.events import events_to_jsonl
    from game.games.tracing.demo import demo_trace
    from game.levels.loader import level_ref, load_level
    from game.records.db import AttemptRecord, Database

    rng = np.random.default_rng(seed)
    db = Database.open(folder)
    db.relax_durability()   # setting up only; the timed part reads
    child = db.get_or_add_child("Robin", "owl")
    loaded = {g: [load_level(ROOT / "levels" / g / name) for name in names] for g, names in LEVELS.items()}
    trace_events = events_to_jsonl(demo_trace(loaded["tracing"][0], offset=6.0))   # a real trace's size
    start = datetime(2026, 1, 5, 16, 0, tzinfo=timezone.utc)
    session = None
    for k in range(attempts):
        if k % 6 == 0:
            when = start + timedelta(days=180 * k / attempts)
            session = db.start_session(child.id, "bench", started_at=when.isoformat())
            db.end_session(session, ended_at=(when + timedelta(minutes=20)).isoformat())
            if (k // 6) % 10 == 0:
                db.add_note(child.id, "Good focus; practised slowly first.", session_id=session)
        game = ("tracing", "catching", "tapping")[k % 3]
        skill = k / attempts
        lv = loaded[game][min(2, int(skill * 3))]
        began = when + timedelta(minutes=3 * (k % 6))
        record = AttemptRecord(
            session_id=session, child_id=child.id, game=game, level_path=level_ref(lv.path), level_title=lv.title,
            level_text=lv.text, level_sha256=lv.sha256, started_at=began.isoformat(timespec="milliseconds"),
            ended_at=(began + timedelta(seconds=40)).isoformat(timespec="milliseconds"),
            status="finished" if rng.random() > 0.05 else "abandoned", stars=2,
            metrics=_metrics(game, skill, rng), events_jsonl=trace_events if game == "tracing" else "",
            app_version="bench", screen_w=1280, screen_h=720)
        db.add_attempt(record)
        if game == "tracing" and k % 90 == 0 and k:
            db.record_adaptive_change(child.id, "tracing", None, "tolerance", 50, 46, "2 successes in a row",
                                      changed_at=record.started_at)
    return db, child.name


def bench_report(attempts: int = 1000) -> dict:
    """Wall time of make_report for HTML and PDF (the first call includes importing matplotlib)."""
    from game.reports import make_report

    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        db, name = build(folder / "data", attempts)
        try:
            out = {}
            for suffix in ("html", "pdf"):
                t = time.perf_counter()
                make_report(db, name, folder / f"report.{suffix}")
                out[f"{suffix}_s"] = time.perf_counter() - t
                out[f"{suffix}_bytes"] = (folder / f"report.{suffix}").stat().st_size
        finally:
            db.close()
    out["attempts"] = attempts
    return out


if __name__ == "__main__":
    r = bench_report()
    print(f"report for one child with {r['attempts']:,} attempts: html {r['html_s']:.2f} s "
          f"({r['html_bytes'] / 1e6:.1f} MB), pdf {r['pdf_s']:.2f} s ({r['pdf_bytes'] / 1e6:.1f} MB) (target < 3 s)")
