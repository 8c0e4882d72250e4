"""Progress charts: the pure chart geometry exactly, and the screen's pixels where the geometry says."""
import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from datetime import datetime  # noqa: E402
from pathlib import Path  # noqa: E402

import pygame  # noqa: E402
import pytest  # noqa: E402

from game.headless import screenshot  # noqa: E402
from game.input import InputEvent  # noqa: E402
from game.metrics.labels import axis_title, format_number, metric_label  # noqa: E402
from game.records.db import Database  # noqa: E402
from game.records.series import KEY_METRICS  # noqa: E402
from game.scenes.base import Push  # noqa: E402
from game.ui import charts, theme  # noqa: E402
from tests.progress_builders import CHILD, fill  # noqa: E402

# --- pure chart geometry ---------------------------------------------------------------------

def test_scale_maps_values_to_pixels_and_back():
    y = charts.Scale(0.0, 15.0, 328.0, 168.0)   # y axis pointing up
    assert y.px(0.0) == 328.0 and y.px(15.0) == 168.0 and y.px(7.5) == 248.0
    assert y.value(248.0) == 7.5
    assert charts.Scale(5.0, 5.0, 0.0, 100.0).px(5.0) == 50.0   # a flat range draws in the middle


def test_nice_steps_ranges_and_labels():
    assert charts.nice_step(12.3, 4) == 5.0
    assert charts.nice_step(0.9, 4) == 0.25
    assert charts.nice_step(400.0, 4) == 100.0
    assert charts.nice_range(0.0, 12.3, 4) == (0.0, 15.0, [0.0, 5.0, 10.0, 15.0])
    assert charts.nice_range(0.0, 8.6, 4) == (0.0, 10.0, [0.0, 2.5, 5.0, 7.5, 10.0])
    assert charts.nice_range(-3.2, 7.0, 5) == (-5.0, 7.5, [-5.0, -2.5, 0.0, 2.5, 5.0, 7.5])
    assert charts.nice_range(0.1, 0.3, 2) == (0.1, 0.3, [0.1, 0.2, 0.3])
    assert charts.nice_range(5.0, 5.0, 4) == (4.5, 5.5, [4.5, 4.75, 5.0, 5.25, 5.5])
    assert charts.tick_label(7.5, 2.5) == "7.5" and charts.tick_label(10.0, 2.5) == "10.0"
    assert charts.tick_label(300.0, 100.0) == "300" and charts.tick_label(0.2, 0.1) == "0.2"


def test_value_range_starts_distances_at_zero_and_fixes_percentages():
    assert charts.value_range([40.0, 55.0], "%", 4) == (0.0, 100.0, [0.0, 25.0, 50.0, 75.0, 100.0])
    assert charts.value_range([324.0, 330.0], "ms", 4) == (0.0, 400.0, [0.0, 100.0, 200.0, 300.0, 400.0])
    assert charts.value_range([-20.0, 12.0], "ms", 4) == (-20.0, 20.0, [-20.0, -10.0, 0.0, 10.0, 20.0])
    assert charts.value_range([], "ms", 4) == (0.0, 1.0, [0.0, 0.25, 0.5, 0.75, 1.0])


def test_time_ticks_fall_on_midnights_hours_and_months():
    ticks, kind = charts.time_ticks(datetime(2026, 3, 2, 7, 0), datetime(2026, 3, 6, 12, 0), 6)
    assert kind == "day" and ticks == [datetime(2026, 3, d) for d in (3, 4, 5, 6)]
    assert [charts.time_label(t, kind) for t in ticks] == ["3 Mar", "4 Mar", "5 Mar", "6 Mar"]
    ticks, kind = charts.time_ticks(datetime(2026, 3, 2, 9, 10), datetime(2026, 3, 2, 10, 50), 6)
    assert kind == "time" and [charts.time_label(t, kind) for t in ticks] == ["09:30", "10:00", "10:30"]
    ticks, kind = charts.time_ticks(datetime(2026, 1, 20), datetime(2026, 9, 1), 6)
    assert kind == "month" and [charts.time_label(t, kind) for t in ticks] == \
        ["Mar 2026", "May 2026", "Jul 2026", "Sep 2026"]
    ticks, kind = charts.time_ticks(datetime(2026, 3, 1), datetime(2026, 4, 10), 6)   # weeks start on Mondays
    assert kind == "day" and ticks[0] == datetime(2026, 3, 2) and ticks[1] == datetime(2026, 3, 9)
    assert charts.short_date(datetime(2026, 12, 1), with_year=True) == "1 Dec 2026"


def test_time_range_pads_and_widens_a_single_moment():
    one = datetime(2026, 3, 2, 9, 0)
    assert charts.time_range([one, one]) == (datetime(2026, 3, 2, 8, 30), datetime(2026, 3, 2, 9, 30))
    lo, hi = charts.time_range([datetime(2026, 3, 1), datetime(2026, 3, 26)])
    assert lo == datetime(2026, 2, 28) and hi == datetime(2026, 3, 27)   # 4% of 25 days = 1 day each side


def test_difficulty_runs_split_midway_between_attempts():
    assert charts.runs([100, 200, 300, 400], [30, 30, 24, 24], 50, 500) == [(50, 250.0, 30.0), (250.0, 500, 24.0)]
    assert charts.runs([100, 200, 300], [30, None, 30], 0, 400) == [(0, 400, 30.0)]
    assert charts.runs([100, 200, 300], [1, 2, 1], 0, 400) == [(0, 150.0, 1.0), (150.0, 250.0, 2.0),
                                                                 (250.0, 400, 1.0)]
    assert charts.runs([], [], 0, 400) == []


def test_metric_names_units_and_values_read_plainly():
    assert axis_title("catching", "mean_reaction_time_ms") == "Reaction time (ms) · lower is better"
    assert axis_title("tracing", "mean_deviation") == "Distance from the line (play units) · lower is better"
    assert format_number(85.0, "%") == "85.0%" and format_number(324.4, "ms") == "324 ms"
    assert format_number(None, "ms") == "–" and format_number(True, "true/false") == "yes"
    assert format_number(3, "count") == "3" and format_number(-0.01, "play units") == "0.0 play units"
    from game.games import GAMES
    from game.metrics.labels import LABELS

    for game in GAMES.values():
        assert set(game.metrics) <= set(LABELS), game.name
    assert metric_label("new_metric_ms") == "New metric ms"


# --- the screen ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def filled(tmp_path_factory) -> tuple[Path, dict[str, list[int]]]:
    data = tmp_path_factory.mktemp("progress") / "data"
    data.mkdir()
    return data, fill(data)


def _shot(data: Path, target: str, game: str, out: Path, child: str | None = CHILD) -> pygame.Surface:
    db = Database.open(data)
    try:
        screenshot(db, target, out, child_name=child, game=game)
    finally:
        db.close()
    return pygame.image.load(str(out))


def _rgb(img: pygame.Surface, x: float, y: float) -> tuple[int, int, int]:
    return tuple(img.get_at((round(x), round(y))))[:3]


def _data(data: Path, game: str):
    from game.scenes.progress import chart_data

    db = Database.open(data)
    try:
        child = db.find_child(CHILD)
        return chart_data(list(db.attempts(CHILD)), db.adaptive_changes(child.id, game), game)
    finally:
        db.close()


def test_chart_data_has_one_point_per_finished_attempt_with_difficulty(filled):
    data = _data(filled[0], "tracing")
    md, cov = (data.points[m] for m in KEY_METRICS["tracing"])
    assert [p.value for p in md] == [12.0, 10.0, 8.0, 6.0] and [p.value for p in cov] == [100.0] * 4
    assert [p.difficulty for p in md] == [30.0, 30.0, 24.0, 24.0]
    assert data.trends["mean_deviation"] is not None and data.abandoned == 0
    assert len(data.changes) == 1 and data.changes[0].change.new_value == 24.0
    tapping = _data(filled[0], "tapping")
    assert [p.value for p in tapping.points["accuracy_pct"]] == [75.0, 75.0, 75.0]
    assert [p.difficulty for p in tapping.points["accuracy_pct"]] == [60.0, 60.0, 90.0]


def test_progress_screenshot_puts_points_trend_bands_and_changes_where_the_geometry_says(filled, tmp_path):
    from game.scenes import progress as ps

    data = _data(filled[0], "tracing")
    img = _shot(filled[0], "progress", "tracing", tmp_path / "progress_tracing.png")
    runs = ps.difficulty_runs(data)
    assert [v for _a, _b, v in runs] == [30.0, 24.0]
    for metric, plot in zip(KEY_METRICS["tracing"], ps.PLOTS):
        ys, ticks = ps.y_scale(data, metric, plot)
        for p in data.points[metric]:   # every attempt is a blue dot at (its time, its value)
            assert _rgb(img, ps.x_of(data, p.when), ys.px(p.value)) == ps.POINT_COLOR, (metric, p)
        # the adaptive change hangs a purple triangle from the top of each chart
        assert _rgb(img, ps.x_of(data, data.changes[0].when), plot.top + 8) == ps.ADAPT_COLOR
    ys, ticks = ps.y_scale(data, "mean_deviation", ps.PLOTS[0])
    assert ticks == [0.0, 5.0, 10.0, 15.0]
    # two sessions at each corridor width: too few for a trend, so no trend line is drawn (see test_trends)
    assert data.trends["mean_deviation"].line() is None
    plot = ps.PLOTS[0]
    assert all(_rgb(img, x, y) != ps.TREND_COLOR for x in range(plot.left + 3, plot.right - 3, 4)
               for y in range(plot.top + 3, plot.bottom - 3, 4))
    # attempts at the narrower corridor sit on the second (tinted) band, in the charts and the strip
    band_x = (runs[1][0] + runs[1][1]) / 2
    assert _rgb(img, band_x, ps.PLOTS[1].top + 20) == ps.BAND_B
    assert _rgb(img, (runs[0][0] + runs[0][1]) / 2, ps.PLOTS[1].top + 20) == ps.BAND_A
    # the difficulty step line: high for 30, low for 24
    strip = charts.Scale(24.0, 30.0, ps.STRIP.bottom - 12, ps.STRIP.top + 12)
    assert _rgb(img, runs[0][0] + 10, strip.px(30.0)) == ps.DIFF_COLOR
    assert _rgb(img, runs[1][1] - 10, strip.px(24.0)) == ps.DIFF_COLOR


def test_progress_of_a_game_never_played_says_so(filled, tmp_path):
    db = Database.open(filled[0])
    try:
        db.get_or_add_child("Ben", "cat")
    finally:
        db.close()
    img = _shot(filled[0], "progress", "catching", tmp_path / "empty.png", child="Ben")
    from game.scenes import progress as ps

    colors = {_rgb(img, x, y) for x in range(ps.PLOTS[0].left, ps.PLOTS[0].right, 7)
              for y in range(ps.PLOTS[0].top, ps.PLOTS[1].bottom, 7)}
    assert ps.POINT_COLOR not in colors and ps.TREND_COLOR not in colors
    assert theme.PANEL in colors and theme.INK in colors   # the "No attempts yet" card and its words


def _ctx(data: Path):
    from game.app import init_pygame, make_context

    init_pygame(headless=True)
    db = Database.open(data)
    return make_context(db, headless=True)


def _tap(scene, x: float, y: float):
    scene.handle(InputEvent(0.0, "pointer_down", x=x, y=y, pointer=0, device="mouse", button=1), 0.0)
    return scene.handle(InputEvent(0.0, "pointer_up", x=x, y=y, pointer=0, device="mouse", button=1), 0.0)


def test_tabs_points_sessions_and_attempts_lead_to_the_replay(filled):
    from game.scenes.progress import PLOTS, ProgressScene, x_of, y_scale
    from game.scenes.replay import ReplayScene
    from game.scenes.sessions import SessionAttemptsScene, SessionsScene

    data_dir, ids = filled
    ctx = _ctx(data_dir)
    try:
        child = ctx.db.find_child(CHILD)
        scene = ProgressScene(ctx, child, "tracing")
        scene.enter(0.0)
        surface = pygame.Surface(theme.CANVAS_SIZE)
        tab = next(b for b in scene.buttons.items if b.key == ("game", "catching"))
        assert _tap(scene, *tab.rect.center) is None and scene.game == "catching"
        assert [p.value for p in scene.data.points["catch_rate_pct"]] == [100.0, 0.0, 100.0]
        scene.draw(surface)
        # tapping the second attempt's point selects it; the replay button opens that attempt
        p = scene.data.points["catch_rate_pct"][1]
        ys, _ = y_scale(scene.data, "catch_rate_pct", PLOTS[0])
        _tap(scene, x_of(scene.data, p.when) + 3, ys.px(p.value) - 3)
        assert scene.selected is not None and scene.selected[1].attempt_id == ids["catching"][1]
        scene.draw(surface)
        button = next(b for b in scene.buttons.items if b.key == "replay")
        tr = _tap(scene, *button.rect.center)
        assert isinstance(tr, Push) and isinstance(tr.scene, ReplayScene) and tr.scene.attempt_id == ids["catching"][1]
        # sessions: one per day and game here (hours apart: the 30-minute rule), newest first; a session lists its attempts
        button = next(b for b in scene.buttons.items if b.key == "sessions")
        tr = _tap(scene, *button.rect.center)
        assert isinstance(tr, Push) and isinstance(tr.scene, SessionsScene)
        sessions = tr.scene
        sessions.enter(0.0)
        assert len(sessions.sessions) == 10 and sessions.pages.pages(10) == 2
        sessions.draw(surface)
        row = next(b for b in sessions.buttons.items if b.key == ("session", 0))
        tr = _tap(sessions, *row.rect.center)
        assert isinstance(tr, Push) and isinstance(tr.scene, SessionAttemptsScene)
        tr.scene.enter(0.0)
        assert [r.id for r in tr.scene.rows] == [ids["catching"][-1]]   # the newest: catching, on the 6th
        tr.scene.draw(surface)
        row = next(b for b in tr.scene.buttons.items if b.key == ("attempt", 0))
        tr = _tap(tr.scene, *row.rect.center)
        assert isinstance(tr, Push) and isinstance(tr.scene, ReplayScene) and tr.scene.attempt_id == ids["catching"][-1]
    finally:
        ctx.db.close()
        pygame.quit()
