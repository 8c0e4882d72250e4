"""Replay: the pure "state at time t" helpers exactly, the controls, and the pixels of each game's replay."""
import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from pathlib import Path  # noqa: E402

import pygame  # noqa: E402
import pytest  # noqa: E402

from game import events as ev_mod  # noqa: E402
from game.events import Event, parse_events  # noqa: E402
from game.games.catching import replay_model as catching_rm  # noqa: E402
from game.games.catching.rules import CATCH_LINE_Y  # noqa: E402
from game.games.catching.rules import play_through as catching_replay  # noqa: E402
from game.games.tapping import replay_model as tapping_rm  # noqa: E402
from game.games.tracing import replay_model as tracing_rm  # noqa: E402
from game.headless import screenshot  # noqa: E402
from game.input import InputEvent  # noqa: E402
from game.levels.loader import parse_level  # noqa: E402
from game.records.db import Database  # noqa: E402
from game.ui import theme  # noqa: E402
from tests.progress_builders import (  # noqa: E402
    CHILD,
    catching_events,
    catching_level,
    fill,
    tapping_events,
    tapping_level,
    tracing_events,
    tracing_level,
)

RIM = theme.mix(theme.OI_ORANGE, theme.INK, 0.2)


# --- pure state at time t ----------------------------------------------------------------------

def test_events_until_keeps_exactly_the_events_at_or_before_t():
    events = [Event(0.5, "down", x=1, y=1), Event(0.6, "move", x=2, y=1), Event(0.6, "move", x=3, y=1),
              Event(0.9, "up", x=4, y=1)]
    assert ev_mod.events_until(events, 0.4) == []
    assert ev_mod.events_until(events, 0.6) == events[:3]
    assert ev_mod.count_until(events, 0.599999) == 1 and ev_mod.count_until(events, 5.0) == 4


def test_trace_replay_draws_the_events_up_to_t_coloured_as_live_play():
    loaded = tracing_level(24)
    events = tracing_events(6.0)   # 221 events from 0.5 s at 120 Hz, 6 units below the line
    tr = tracing_rm.trace_replay(loaded, events)
    # the round is complete once the pen comes within the corridor (24) of the line's end (1080, 360):
    # first at k = 215 (x = 1060: 20.9 units away); live play stops there, and so does the replay
    assert tr.events == tuple(events[:216]) and tr.inside == (True,) * 216 and tr.completed
    assert tr.length_s == events[215].t + tracing_rm.TAIL_S
    for t in (0.0, 0.5, 0.75, 1.0 + 1 / 240, 2.0, 9.0):
        assert tr.count(t) == len([e for e in events[:216] if e.t <= t])
    assert tr.pen_at(0.4) is None
    assert tr.pen_at(1.0) == (200.0 + 4 * 60, 366.0, True)
    assert tr.pen_at(9.0) == (1060.0, 366.0, True)   # the round ended with the pen still down
    outside = tracing_rm.trace_replay(tracing_level(30), tracing_events(40.0))
    assert set(outside.inside) == {False}


def test_catching_view_at_t_is_the_scorers_catcher_and_objects():
    loaded = catching_level(300)
    events = catching_events(loaded, 0.0)
    result = catching_rm.catching_replay(loaded, events, {})
    scored = catching_replay(loaded.level.catching, events)
    assert (result.outcomes, result.end_t, result.events) == (scored.outcomes, scored.end_t, scored.events)
    first, second = result.flights
    for t in (0.0, 0.81, 1.0, 1.2, 2.5, 4.5, 6.0):
        view = catching_rm.catching_at(result, t)
        assert view.catcher_x == result.track.at(t)
    assert catching_rm.catching_at(result, 0.4).objects == ()
    view = catching_rm.catching_at(result, 1.5)
    assert [(o.flight.index, o.x, o.y, o.state) for o in view.objects] == [(0, 300.0, 300.0, "falling")]
    view = catching_rm.catching_at(result, 2.6)   # the first one landed in the basket at 2.5 s
    assert view.objects == () and (view.caught, view.missed) == (1, 0)
    assert view.catcher_x == 300.0
    view = catching_rm.catching_at(result, 5.0)
    assert [(o.x, o.y) for o in view.objects] == [second.position(5.0)] == [(1000.0, 300.0)]
    assert view.catcher_x == 1000.0
    missed = catching_rm.catching_replay(loaded, catching_events(loaded, 400.0), {})
    view = catching_rm.catching_at(missed, 2.6)   # missed: it keeps falling past the line
    assert (view.caught, view.missed) == (0, 1) and view.objects[0].state == "missed"
    assert view.objects[0].y == pytest.approx(CATCH_LINE_Y + 0.1 * 300)
    assert catching_rm.catching_at(missed, 3.0).objects[0].y == 750.0   # its top edge just at the bottom ...
    assert catching_rm.catching_at(missed, 3.01).objects == ()          # ... then out of the picture


def test_tap_timeline_is_the_scorers_matching():
    tl = tapping_rm.tap_timeline(tapping_level(60), tapping_events(60))
    assert [(b.t, b.hand, b.hit_t) for b in tl.beats] == [
        (1.0, "L", 1.0), (2.0, "R", None), (3.0, "L", None), (4.0, "R", 4.0), (5.0, "L", 5.0), (6.0, "R", 6.02),
        (7.0, "L", 7.0), (8.0, "R", 8.0)]
    assert [(m.t, m.hand, m.kind) for m in tl.taps] == [
        (1.0, "L", "hit"), (3.0, "R", "wrong_hand"), (4.0, "R", "hit"), (5.0, "L", "hit"), (6.02, "R", "hit"),
        (7.0, "L", "hit"), (7.5, "L", "extra"), (8.0, "R", "hit")]
    assert tl.length_s == 8.2 and tl.rests == ()
    assert [m.t for m in tl.taps_until(5.0)] == [1.0, 3.0, 4.0, 5.0]


# --- the screen --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def filled(tmp_path_factory) -> tuple[Path, dict[str, list[int]]]:
    data = tmp_path_factory.mktemp("replay") / "data"
    data.mkdir()
    return data, fill(data)


def _shot(data: Path, game: str, out: Path, child: str = CHILD) -> pygame.Surface:
    db = Database.open(data)
    try:
        screenshot(db, "replay", out, child_name=child, game=game)
    finally:
        db.close()
    return pygame.image.load(str(out))


def _rgb(img: pygame.Surface, xy) -> tuple[int, int, int]:
    return tuple(img.get_at((round(xy[0]), round(xy[1]))))[:3]


def test_tracing_replay_screenshot_draws_the_trace_so_far(filled, tmp_path):
    from game.scenes.replay import to_view

    img = _shot(filled[0], "tracing", tmp_path / "replay_tracing.png")
    # the latest attempt: 6 units below the line, events k at 0.5 + k/120 s, x = 200 + 4k; the
    # screenshot shows 60% of its 2.83 s, about 1.7 s: drawn up to k ~ 144, not beyond
    for k in (0, 30, 60, 100):
        assert _rgb(img, to_view(200 + 4 * k, 366)) == theme.TRAIL_IN, k
    for k in (190, 200, 215):
        assert _rgb(img, to_view(200 + 4 * k, 366)) != theme.TRAIL_IN, k


def test_catching_replay_screenshot_shows_the_basket_where_it_was(filled, tmp_path):
    from game.scenes.replay import to_view

    img = _shot(filled[0], "catching", tmp_path / "replay_catching.png")
    # about 3.95 s into the latest attempt: the basket waits at 300 after catching the first apple
    assert _rgb(img, to_view(300, CATCH_LINE_Y)) == RIM
    assert _rgb(img, to_view(1000, CATCH_LINE_Y)) != RIM


def test_tapping_replay_screenshot_puts_taps_on_the_timeline(filled, tmp_path):
    from game.games.tapping.replay_view import (
        EXTRA_COLOR,
        HIT_COLOR,
        OVERVIEW,
        WRONG_COLOR,
        overview_scale,
        row_y,
    )

    img = _shot(filled[0], "tapping", tmp_path / "replay_tapping.png")
    step = 60 / 90
    ox = overview_scale(1.0 + 7 * step + 0.2)   # the attempt ends when the last beat's window closes
    # about 3.5 s in: the left hit at 1.0 s and the right hand's wrong-hand tap on beat 2 are shown ...
    assert _rgb(img, (ox.px(1.0), row_y(OVERVIEW, "L"))) == HIT_COLOR
    assert _rgb(img, (ox.px(1.0 + 2 * step), row_y(OVERVIEW, "R") + 2)) == WRONG_COLOR
    assert _rgb(img, (ox.px(1.0 + 3 * step), row_y(OVERVIEW, "R"))) == HIT_COLOR
    # ... taps still to come are not
    assert _rgb(img, (ox.px(1.0 + 5 * step + 0.02), row_y(OVERVIEW, "R"))) != HIT_COLOR
    assert _rgb(img, (ox.px(1.0 + 6.5 * step), row_y(OVERVIEW, "L"))) != EXTRA_COLOR


@pytest.fixture
def ctx(filled):
    from game.app import init_pygame, make_context

    init_pygame(headless=True)
    db = Database.open(filled[0])
    yield make_context(db, headless=True)
    db.close()
    pygame.quit()


def _press(scene, key):
    button = next(b for b in scene.buttons.items if b.key == key)
    x, y = button.rect.center
    scene.handle(InputEvent(0.0, "pointer_down", x=x, y=y, pointer=0, device="mouse", button=1), 0.0)
    return scene.handle(InputEvent(0.0, "pointer_up", x=x, y=y, pointer=0, device="mouse", button=1), 0.0)


def test_play_pause_speeds_restart_and_seek(ctx, filled):
    from game.scenes.replay import BAR, ReplayScene

    scene = ReplayScene(ctx, filled[1]["tapping"][0])   # 60 bpm: 8.2 s long
    assert scene.length == 8.2 and scene.t == 0.0 and scene.playing
    scene.update(0.5, 0.0)
    assert scene.t == 0.5
    _press(scene, ("speed", 4))
    scene.update(0.5, 0.0)
    assert scene.speed == 4 and scene.t == 2.5
    _press(scene, "play")
    scene.update(1.0, 0.0)
    assert not scene.playing and scene.t == 2.5
    _press(scene, "play")
    scene.update(10.0, 0.0)   # runs to the end and stops there
    assert scene.t == 8.2 and not scene.playing
    _press(scene, "restart")
    assert scene.t == 0.0 and scene.playing
    x = BAR.x + BAR.w / 4   # a tap a quarter along the time bar seeks a quarter through
    scene.handle(InputEvent(0.0, "pointer_down", x=x, y=BAR.centery, pointer=0, device="mouse", button=1), 0.0)
    scene.handle(InputEvent(0.0, "pointer_up", x=x, y=BAR.centery, pointer=0, device="mouse", button=1), 0.0)
    assert scene.t == pytest.approx(8.2 / 4)


def test_replay_frames_at_exact_times(ctx, filled):
    from game.games.tapping.replay_view import ZOOM, row_y, zoom_scale
    from game.scenes.replay import MISS_COLOR, ReplayScene, to_view

    surface = pygame.Surface(theme.CANVAS_SIZE)
    scene = ReplayScene(ctx, filled[1]["catching"][-1], playing=False)   # speed 300, caught both
    scene.seek(5.0)
    scene.draw(surface)
    assert _rgb(surface, to_view(1000, 300)) == theme.OI_ORANGE   # the second object, half way down
    assert _rgb(surface, to_view(1000, CATCH_LINE_Y)) == RIM       # the basket under it already
    scene = ReplayScene(ctx, filled[1]["tapping"][-1], playing=False)   # 90 bpm
    scene.seek(3.2)
    scene.draw(surface)
    zs = zoom_scale(3.2)
    assert _rgb(surface, (zs.px(3.0), row_y(ZOOM, "R"))) == theme.OI_BLUISH_GREEN   # hit right on beat 3
    assert _rgb(surface, (zs.px(1.0 + 60 / 90) + 11, row_y(ZOOM, "R"))) == MISS_COLOR   # beat 1 missed


def test_no_attempts_and_unknown_attempts_say_so(ctx, filled):
    from game.scenes.replay import NoAttemptScene, ReplayScene, for_screenshot

    child = ctx.db.get_or_add_child("Cy", "cat")
    assert isinstance(for_screenshot(ctx, ctx.db, child, "tapping"), NoAttemptScene)
    missing = ReplayScene(ctx, 9999)
    assert missing.error == "Attempt 9999 is not in the records."
    missing.draw(pygame.Surface(theme.CANVAS_SIZE))
    broken = parse_events("", "x")
    assert broken == []


def test_replay_of_every_recorded_attempt_opens(ctx, filled):
    from game.scenes.replay import ReplayScene

    surface = pygame.Surface(theme.CANVAS_SIZE)
    for game, ids in filled[1].items():
        for attempt_id in ids:
            scene = ReplayScene(ctx, attempt_id)
            assert scene.error == "" and scene.game == game
            for t in (0.0, scene.length / 2, scene.length):
                scene.seek(t)
                scene.draw(surface)


def test_headless_level_parse_matches_the_stored_text(filled):
    db = Database.open(filled[0])
    try:
        row = db.attempt(filled[1]["tracing"][0])
    finally:
        db.close()
    assert parse_level(row.level_text, row.level_path).level.tracing.tolerance == 30
