"""Millimetres: the bank-card calibration, each attempt's scale, the twins of every spatial number, and
the charts, reports and exports that switch to millimetres only when every attempt shown was measured."""
from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from game.events import parse_events
from game.games import GAMES
from game.headless import play_headless
from game.input import InputEvent
from game.levels.loader import parse_level
from game.metrics.millimetres import (
    CARD_W_MM,
    SETTINGS_KEY,
    canvas_scale,
    card_outline_units,
    mm_per_unit_of,
    px_per_mm,
    screen_scale,
    with_twins,
)
from game.records.db import DB_NAME, Database
from game.records.export import export_text
from game.records.series import units_for
from game.scoring import score_attempt
from tests.builders import (
    LINE_LEVEL,
    ROOT,
    line_points,
    polyline_events,
    run_cli,
    write_events,
    write_level,
)
from tests.progress_builders import tracing_events, tracing_level

CARD_PX = 342.4                 # 342.4 / 85.60 = 4 display pixels per mm exactly
MM_PER_UNIT = 0.25              # in the headless 1280x720 window (1 window pixel per play unit)

TWINS = {
    "tracing": {"mean_deviation": "mean_deviation_mm", "rms_deviation": "rms_deviation_mm",
                "max_deviation": "max_deviation_mm", "path_length": "path_length_mm",
                "mean_speed": "mean_speed_mm_s"},
    "catching": {"constant_error": "constant_error_mm", "variable_error": "variable_error_mm",
                 "absolute_error": "absolute_error_mm"},
    "tapping": {},
    "pegs": {"placement_error_mean": "placement_error_mm"},
}


def test_a_card_outline_of_w_pixels_gives_w_over_85_60_pixels_per_mm():
    assert px_per_mm(342.4) == 342.4 / 85.60 == 4.0
    assert px_per_mm(323.0) == 323.0 / CARD_W_MM
    # The outline is drawn in play units so that the window shows it W display pixels wide.
    assert canvas_scale((1280, 720)) == 1.0 and canvas_scale((1024, 600)) == 0.8 and canvas_scale((800, 450)) == 0.625
    assert card_outline_units(342.4, (1024, 600)) == (342.4 / 0.8, 342.4 / 0.8 * 53.98 / 85.60)
    assert card_outline_units(342.4, (2560, 1440))[0] == 171.2


def test_an_attempts_scale_is_window_pixels_per_unit_over_display_pixels_per_mm():
    s = screen_scale((1024, 600), "1366x768 eDP-1", 4.0)
    assert (s.window_w, s.window_h, s.canvas_scale, s.px_per_mm, s.mm_per_unit, s.source) == \
        (1024, 600, 0.8, 4.0, 0.2, "card")
    none = screen_scale((1024, 600), "1366x768 eDP-1", None)
    assert (none.px_per_mm, none.mm_per_unit, none.source) == (None, None, "none")
    assert mm_per_unit_of({SETTINGS_KEY: s.as_dict()}) == 0.2
    assert mm_per_unit_of({SETTINGS_KEY: none.as_dict()}) is None and mm_per_unit_of({}) is None
    assert mm_per_unit_of({SETTINGS_KEY: {"mm_per_unit": float("nan")}}) is None   # never a junk number


@pytest.mark.parametrize("name", list(GAMES))
def test_every_spatial_metric_has_its_named_twin_and_nothing_else_does(name: str):
    game = GAMES[name]
    assert {m.name: m.mm_twin for m in game.metric_table if m.mm_twin} == TWINS[name]
    for m in game.metric_table:
        assert bool(m.mm_twin) == (m.unit in ("play units", "play units/s")), m.name
    for twin in game.twin_table:
        assert game.metric(twin.name) is twin and twin.unit in ("mm", "mm/s")
    assert game.twin_of(game.axis.key) == ("" if name == "tapping" else game.axis.key + "_mm"
                                           if game.axis.unit == "play units" else game.axis.key + "_mm_s")


def test_a_trace_offset_by_d_units_is_d_times_k_millimetres_off_and_twins_are_none_unmeasured():
    loaded = parse_level(LINE_LEVEL, "line.toml")
    events = polyline_events(line_points(200, 366, 1080, 366, 221))          # 6 play units below the line
    plain = score_attempt(loaded, events)
    assert plain["mean_deviation"] == 6.0
    assert all(plain[twin] is None for twin in TWINS["tracing"].values())   # not measured: empty, never guessed
    k = 0.3
    mm = score_attempt(loaded, events, **{SETTINGS_KEY: {"mm_per_unit": k, "source": "given"}})
    assert mm["mean_deviation_mm"] == 6.0 * k
    for name, twin in TWINS["tracing"].items():
        assert mm[twin] == plain[name] * k
        assert list(mm).index(twin) == list(mm).index(name) + 1       # right after its play-unit metric
    assert {k: v for k, v in mm.items() if k not in TWINS["tracing"].values()} == \
        {k: v for k, v in plain.items() if k not in TWINS["tracing"].values()}


def test_with_twins_keeps_a_missing_value_missing():
    table = GAMES["catching"].metric_table
    out = with_twins(table, {"caught": 3, "constant_error": -20.0, "variable_error": None}, 0.5)
    assert out == {"caught": 3, "constant_error": -20.0, "constant_error_mm": -10.0, "variable_error": None,
                   "variable_error_mm": None}


def test_score_gives_the_twins_for_a_given_mm_per_unit_and_refuses_junk(tmp_path: Path):
    level = write_level(tmp_path / "line.toml")
    events = write_events(tmp_path / "ev.jsonl", polyline_events(line_points(200, 370, 1080, 370, 221)))
    res = run_cli("score", str(level), str(events), "--mm-per-unit", "0.25")
    assert res.returncode == 0, res.stderr
    metrics = json.loads(res.stdout)["metrics"]
    assert metrics["mean_deviation"] == 10.0 and metrics["mean_deviation_mm"] == 2.5
    assert metrics["path_length_mm"] == metrics["path_length"] * 0.25
    plain = json.loads(run_cli("score", str(level), str(events), check=True).stdout)["metrics"]
    assert plain["mean_deviation_mm"] is None
    for bad in ("0", "-1", "nan", "inf", "11", "abc"):
        res = run_cli("score", str(level), str(events), "--mm-per-unit", bad)
        assert res.returncode == 2 and "--mm-per-unit" in res.stderr and len(res.stderr.strip().splitlines()) == 1
        assert "Traceback" not in res.stderr


def _display_key() -> str:
    """The display headless play runs on (SDL's dummy driver), named as the app names it."""
    from game.app import init_pygame
    from game.displays import current_display

    init_pygame(headless=True)
    return current_display().key


@pytest.fixture(scope="module")
def played(tmp_path_factory) -> Path:
    """Ben plays once on an unmeasured screen; then the screen is measured; Ada plays four times, Ben once more."""
    data = tmp_path_factory.mktemp("mm") / "data"
    db = Database.open(data)
    try:
        ben = db.get_or_add_child("Ben", "cat")
        assert play_headless(db, ben, tracing_level(30), tracing_events(12.0)) == 1
        key = _display_key()
        cal = db.set_calibration(key, key.partition(" ")[2], (1024, 768), CARD_PX)
        assert cal.px_per_mm == 4.0 and db.calibration(key) == cal
        ada = db.get_or_add_child("Ada", "fox")
        for tol, off in [(30, 12.0), (30, 10.0), (24, 8.0), (24, 6.0)]:
            assert play_headless(db, ada, tracing_level(tol), tracing_events(off)) == 1
        assert play_headless(db, ben, tracing_level(30), tracing_events(8.0)) == 1
    finally:
        db.close()
    return data


def _rows(data: Path, child: str):
    db = Database.open(data)
    try:
        return list(db.attempts(child))
    finally:
        db.close()


def test_each_attempt_records_how_play_units_became_millimetres(played: Path):
    ada = _rows(played, "Ada")
    screen = ada[0].settings[SETTINGS_KEY]
    assert (screen["window_w"], screen["window_h"], screen["canvas_scale"]) == (1280, 720, 1.0)
    assert (screen["px_per_mm"], screen["mm_per_unit"], screen["source"]) == (4.0, MM_PER_UNIT, "card")
    assert screen["display"] == _display_key()
    assert screen["difficulty_mm"] == {"tolerance_mm": 7.5, "template_length_mm": 220.0}
    assert [r.metrics["mean_deviation_mm"] for r in ada] == [3.0, 2.5, 2.0, 1.5]
    assert all(r.metrics["path_length_mm"] == r.metrics["path_length"] * MM_PER_UNIT for r in ada)
    # Scored again from what the record keeps, the metrics come back exactly, twins included.
    for r in ada:
        assert score_attempt(parse_level(r.level_text, r.level_path), parse_events(r.events, "db"),
                             **r.settings) == r.metrics
    first_ben = _rows(played, "Ben")[0]
    assert first_ben.settings[SETTINGS_KEY]["source"] == "none"
    assert first_ben.metrics["mean_deviation_mm"] is None
    assert first_ben.settings[SETTINGS_KEY]["difficulty_mm"] == {"tolerance_mm": None, "template_length_mm": None}


def test_charts_use_millimetres_only_when_every_attempt_shown_was_measured(played: Path):
    from game.scenes.progress import chart_data

    ada = chart_data(_rows(played, "Ada"), [], "tracing")
    assert ada.units.mm and ada.units.note == ""
    assert ada.units.metrics == ("mean_deviation_mm", "coverage_pct") and ada.units.difficulty == "tolerance_mm"
    assert [p.value for p in ada.points["mean_deviation_mm"]] == [3.0, 2.5, 2.0, 1.5]
    assert [p.difficulty for p in ada.points["mean_deviation_mm"]] == [7.5, 7.5, 6.0, 6.0]
    ben = chart_data(_rows(played, "Ben"), [], "tracing")
    assert not ben.units.mm and ben.units.metrics == ("mean_deviation", "coverage_pct")
    assert ben.units.difficulty == "tolerance" and "play units" in ben.units.note
    assert [p.value for p in ben.points["mean_deviation"]] == [12.0, 8.0]
    # A game whose charts hold no distance needs no note.
    assert units_for(_rows(played, "Ada"), "tapping").note == ""


def test_reports_switch_units_the_same_way(played: Path):
    from game.reports import content
    from game.reports.data import gather
    from game.reports.html import render_html

    db = Database.open(played)
    try:
        ada = gather(db, db.find_child("Ada"))
        ben = gather(db, db.find_child("Ben"))
    finally:
        db.close()
    (tracing,) = ada.games
    assert [m.metric for m in tracing.metrics] == ["mean_deviation_mm", "coverage_pct"]
    assert tracing.metrics[0].info.unit == "mm" and tracing.metrics[0].latest.value == 1.5
    assert (tracing.difficulty.unit, tracing.difficulty_first, tracing.difficulty_last) == ("mm", 7.5, 6.0)
    assert content.value_words(tracing.metrics[0], "latest") == "1.50\u00a0mm"
    assert tracing.units_note == "" and "play units" not in content.difficulty_words(tracing)
    assert any(e.metric == "mean_deviation_mm" and e.unit == "mm" for e in content.glossary(ada))
    (plain,) = ben.games
    assert [m.metric for m in plain.metrics] == ["mean_deviation", "coverage_pct"] and plain.units_note
    assert plain.units_note in render_html(ben).replace("&#x27;", "'")
    assert plain.units_note not in render_html(ada).replace("&#x27;", "'")


def test_the_csv_has_each_twin_beside_its_play_unit_column(played: Path):
    text = export_text(_rows(played, "Ben") + _rows(played, "Ada"), "csv").lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    header = list(rows[0])
    for name, twin in (*TWINS["tracing"].items(), ("tolerance", "tolerance_mm")):
        assert header.index(twin) == header.index(name) + 1
    unmeasured, measured = rows[0], rows[2]
    assert unmeasured["mean_deviation_mm"] == unmeasured["tolerance_mm"] == "" and unmeasured["mm_source"] == "none"
    assert (measured["mean_deviation_mm"], measured["tolerance_mm"], measured["mm_per_unit"]) == ("3.0", "7.5", "0.25")
    assert (measured["px_per_mm"], measured["canvas_scale"], measured["mm_source"]) == ("4.0", "1.0", "card")


def _screen_ctx(data: Path, window: tuple[int, int]):
    from game.app import init_pygame, make_context

    init_pygame(headless=True)
    ctx = make_context(Database.open(data), headless=True)
    ctx.screen_size = lambda: window
    return ctx


def _press(scene, key):
    b = next(b for b in scene.buttons.items if b.key == key)
    x, y = b.rect.center
    scene.handle(InputEvent(0.0, "pointer_down", x=x, y=y, device="mouse"), 0.0)
    return scene.handle(InputEvent(0.0, "pointer_up", x=x, y=y, device="mouse"), 0.0)


def test_the_screen_size_screen_measures_in_display_pixels_and_the_hub_says_when_it_is_needed(tmp_path: Path):
    from game.scenes.screen_size import ANCHOR, ScreenSizeScene
    from game.scenes.therapist import TherapistScene

    ctx = _screen_ctx(tmp_path, (1024, 600))      # 0.8 window pixels per play unit
    try:
        hub = TherapistScene(ctx)
        hub.refresh()
        assert "not measured" in hub.screen_note
        scene = ScreenSizeScene(ctx)
        _press(scene, ("step", 10))
        _press(scene, ("step", -1))
        start = scene.card_px
        scene.handle(InputEvent(0.0, "action", action="right", device="key"), 0.0)
        scene.handle(InputEvent(0.0, "action", action="up", device="key"), 0.0)
        assert scene.card_px == start + 11
        # Dragging puts the outline's right edge under the finger: 400 play units wide = 320 display pixels.
        scene.handle(InputEvent(0.0, "pointer_down", x=ANCHOR[0] + 300, y=300, device="mouse"), 0.0)
        scene.handle(InputEvent(0.0, "pointer_move", x=ANCHOR[0] + 400, y=300, device="mouse"), 0.0)
        scene.handle(InputEvent(0.0, "pointer_up", x=ANCHOR[0] + 400, y=300, device="mouse"), 0.0)
        assert scene.card_px == 320.0 and scene.outline().w == 400
        _press(scene, "save")
        measured = ctx.db.calibration(ctx.current_display().key)
        assert measured is not None and measured.card_px == 320.0 and measured.px_per_mm == 320.0 / 85.60
        assert ctx.screen_scale().mm_per_unit == 0.8 / (320.0 / 85.60)
        hub.refresh()
        assert hub.screen_note == ""
        # Another display measured, not this one: the hub says this screen differs.
        ctx.db.conn.execute("UPDATE screen_calibrations SET display = 'another 1920x1080'")
        hub.refresh()
        assert "different screen" in hub.screen_note
    finally:
        ctx.db.close()


def test_an_old_records_file_keeps_every_attempt_with_no_millimetres_and_gains_the_calibrations(data_dir: Path):
    fixture = ROOT / "tests" / "fixtures" / "records_v1" / DB_NAME
    shutil.copyfile(fixture, data_dir / DB_NAME)
    conn = sqlite3.connect(f"file:{fixture}?immutable=1", uri=True)
    ids = [r[0] for r in conn.execute("SELECT id FROM attempts ORDER BY id")]
    conn.close()
    db = Database.open(data_dir)
    try:
        rows = list(db.attempts())
        assert [r.id for r in rows] == ids and db.calibrations() == []
        assert all(mm_per_unit_of(r.settings) is None for r in rows)
        assert not any(units_for(rows, g).mm for g in GAMES)
        assert all(r.metrics.get(t) is None for r in rows for twins in TWINS.values() for t in twins.values())
    finally:
        db.close()
