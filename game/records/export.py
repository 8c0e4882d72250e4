"""Exports for therapists: CSV (one row per attempt, opens in a spreadsheet) and JSONL (everything).

JSONL carries each attempt's events and level text, so `score` on an exported attempt gives
the stored metrics back.
"""
from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from typing import Iterable, TextIO

from game.games import GAMES
from game.metrics.millimetres import SETTINGS_KEY, mm_per_unit_of
from game.records.rows import AttemptRow
from game.records.series import difficulty_mm_of, difficulty_of

BASE_COLUMNS = ("attempt_id", "child", "date", "time", "game", "level", "level_file", "level_sha256",
                "attempt_no", "status", "stars")
TAIL_COLUMNS = ("app_version", "screen_w", "screen_h", "canvas_scale", "px_per_mm", "mm_per_unit", "mm_source",
                "seed", "session_id")


def local_datetime(iso_utc: str) -> datetime:
    return datetime.fromisoformat(iso_utc).astimezone()


def _columns(games: Iterable[str]) -> list[str]:
    cols: list[str] = list(BASE_COLUMNS)
    for name in GAMES:
        if name not in games:
            continue
        g = GAMES[name]
        # Each value in play units is followed by its millimetre twin (empty when the screen was not measured).
        for col in (*g.difficulty_fields, *g.metrics):
            for c in (col, g.twin_of(col)):
                if c and c not in cols:
                    cols.append(c)
    cols.extend(TAIL_COLUMNS)
    return cols


def _difficulty(row: AttemptRow) -> dict[str, object]:
    return difficulty_of(row)


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return repr(round(value, 6))
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value  # never let a name run as a spreadsheet formula
    return value


def write_csv(rows: list[AttemptRow], out: TextIO) -> int:
    cols = _columns({r.game for r in rows} or set(GAMES))
    writer = csv.DictWriter(out, fieldnames=cols, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    for r in rows:
        when = local_datetime(r.started_at)
        flat: dict[str, object] = {
            "attempt_id": r.id, "child": r.child, "date": when.strftime("%Y-%m-%d"),
            "time": when.strftime("%H:%M:%S"), "game": r.game, "level": r.level_title,
            "level_file": r.level_path, "level_sha256": r.level_sha256[:12], "attempt_no": r.attempt_no,
            "status": r.status, "stars": r.stars, "app_version": r.app_version,
            "screen_w": r.screen_w, "screen_h": r.screen_h, "seed": r.seed, "session_id": r.session_id,
        }
        flat.update(_difficulty(r))
        flat.update(difficulty_mm_of(r))
        flat.update(r.metrics)
        screen = r.settings.get(SETTINGS_KEY) if isinstance(r.settings, dict) else None
        if isinstance(screen, dict):
            flat.update({"canvas_scale": screen.get("canvas_scale"), "px_per_mm": screen.get("px_per_mm"),
                         "mm_per_unit": mm_per_unit_of(r.settings), "mm_source": screen.get("source")})
        writer.writerow({k: _cell(v) for k, v in flat.items()})
    return len(rows)


def write_jsonl(rows: list[AttemptRow], out: TextIO) -> int:
    for r in rows:
        obj = {
            "attempt_id": r.id, "child": r.child, "session_id": r.session_id, "game": r.game,
            "level": r.level_title, "level_file": r.level_path, "level_sha256": r.level_sha256,
            "attempt_no": r.attempt_no, "started_at": r.started_at, "ended_at": r.ended_at,
            "status": r.status, "stars": r.stars, "metrics": r.metrics, "app_version": r.app_version,
            "screen": [r.screen_w, r.screen_h], "seed": r.seed, "settings": r.settings,
            "level_text": r.level_text,
            "events": [json.loads(line) for line in r.events.splitlines() if line.strip()],
        }
        out.write(json.dumps(obj, ensure_ascii=False) + "\n")
    return len(rows)


def export_text(rows: list[AttemptRow], fmt: str) -> str:
    buf = io.StringIO()
    (write_csv if fmt == "csv" else write_jsonl)(rows, buf)
    return buf.getvalue()
