"""Progress series and trends, and a plain-words definition for every metric."""
from __future__ import annotations

from pathlib import Path

from game.games import GAMES
from game.levels.loader import parse_level
from game.metrics.glossary import GLOSSARY
from game.records.attempts import save_attempt
from game.records.db import Database
from game.records.series import KEY_METRICS, game_trends, series
from tests.builders import LINE_LEVEL, line_points, polyline_events


def test_every_metric_has_a_unit_and_plain_words():
    for name, game in GAMES.items():
        assert set(GLOSSARY[name]) == set(game.metrics)
        for metric, info in GLOSSARY[name].items():
            assert info.unit and len(info.words) > 10, (name, metric)
        assert set(KEY_METRICS[name]) <= set(game.metrics)


def test_series_and_trend_are_exact(data_dir: Path):
    db = Database.open(data_dir)
    child = db.get_or_add_child("Ada", "fox")
    session = db.start_session(child.id, "t")
    for day, offset in enumerate([12.0, 10.0, 8.0, 6.0]):
        text = LINE_LEVEL.replace("tolerance = 30", f"tolerance = {30 - day}")
        loaded = parse_level(text, "line.toml")
        events = polyline_events(line_points(200, 360 + offset, 1080, 360 + offset, 221))
        save_attempt(db, session_id=session, child_id=child.id, loaded=loaded, events=events, status="finished",
                     started_at=f"2026-11-{10 + day:02d}T09:00:00+00:00", app_version="t", screen=(1, 1),
                     ended_at=f"2026-11-{10 + day:02d}T09:01:00+00:00")
    points = series(db.attempts(), "tracing", "mean_deviation")
    assert [p.value for p in points] == [12.0, 10.0, 8.0, 6.0]
    assert [p.difficulty for p in points] == [30.0, 29.0, 28.0, 27.0]   # tolerance as played
    # four difficulties, one session each: no trend words yet (a trend compares one difficulty only)
    t = game_trends(db.attempts(), "tracing")["mean_deviation"]
    assert t.verdict == "not enough to tell yet" and len(t.sessions) == 1 and t.other_sessions == 3
    from datetime import date

    assert len(series(db.attempts(), "tracing", "mean_deviation", start=date(2026, 11, 11),
                      end=date(2026, 11, 12))) == 2
