"""The tracing round decides `completed` and where an attempt stops, for live play and re-scoring alike."""
from __future__ import annotations

import numpy as np

from game.events import Event
from game.games.tracing.rules import TracingRound, play_through
from tests.builders import line_points, polyline_events

LINE = [np.array([[200.0, 360.0], [1080.0, 360.0]])]


def test_following_the_line_completes_it_and_stops_there():
    events = polyline_events(line_points(200, 365, 1080, 365, 221))
    result = play_through(LINE, 30, None, events)
    assert result.completed
    # the round ends at the first event within the corridor of the end point (x >= 1050)
    assert result.events[-1].x == 1052.0
    assert len(result.events) == 214


def test_tracing_backwards_does_not_complete():
    result = play_through(LINE, 30, None, polyline_events(line_points(1080, 360, 200, 360, 221)))
    assert not result.completed
    assert len(result.events) == 221


def test_tracing_backwards_earns_nothing():
    # Right to left along "Go right": the pen never arrives at the progress point from behind.
    rnd = TracingRound(LINE, 60)
    for ev in polyline_events(line_points(1080, 360, 200, 360, 221)):
        rnd.feed(ev)
    assert not rnd.completed
    assert rnd.stroke_fraction(0) == 0.0


def test_tracing_backwards_with_jitter_and_a_rest_earns_next_to_nothing():
    rng = np.random.default_rng(3)
    pts = line_points(1040, 360, 240, 360, 400) + [(240.0, 360.0)] * 300   # then rests at the start
    noisy = [(round(x + rng.uniform(-1, 1)), round(y + rng.uniform(-1, 1))) for x, y in pts]
    result = play_through(LINE, 60, None, polyline_events(noisy, rate_hz=140))
    assert not result.completed
    assert result.reached[0] <= 4.0   # a resting pen's jitter (a sample or two), never the corridor's width


def test_landing_ahead_counts_once_the_pen_carries_on_forward():
    first = polyline_events(line_points(200, 360, 500, 360, 76), t0=0.5)
    second = polyline_events(line_points(540, 360, 1080, 360, 136), t0=2.0)   # lands 40 ahead
    assert play_through(LINE, 30, None, first + second).completed
    dab = polyline_events([(540.0, 360.0), (539.0, 361.0), (541.0, 359.0), (538.0, 360.0)], t0=2.0)
    assert play_through(LINE, 30, None, first + dab).reached[0] == 300.0   # a dab ahead moves nothing


def test_a_big_jump_does_not_count_as_following():
    pts = line_points(200, 360, 500, 360, 76) + line_points(800, 360, 1080, 360, 71)
    rnd = TracingRound(LINE, 30)
    for ev in polyline_events(pts, rate_hz=1000):
        rnd.feed(ev)
    assert not rnd.completed
    assert abs(rnd.progress_point()[0] - 500.0) <= 2.0  # it stopped at the last place the child really reached


def test_lifting_the_pen_keeps_progress():
    first = polyline_events(line_points(200, 360, 640, 360, 45), t0=0.5)
    second = polyline_events(line_points(640, 360, 1080, 360, 45), t0=2.0)
    result = play_through(LINE, 30, None, first + second)
    assert result.completed


def test_time_limit_cuts_the_attempt_and_drops_later_events():
    events = polyline_events(line_points(200, 360, 1080, 360, 221), t0=0.5, rate_hz=50)  # 4.4 s long
    result = play_through(LINE, 30, 3.0, events)
    assert not result.completed
    assert all(e.t < 3.0 for e in result.events)
    assert len(result.events) == 125  # 0.5 + k/50 < 3.0  ->  k < 125


def test_strokes_are_traced_in_order():
    strokes = [np.array([[300.0, 200.0], [300.0, 500.0]]), np.array([[600.0, 200.0], [600.0, 500.0]])]
    second_only = polyline_events(line_points(600, 200, 600, 500, 80))
    assert not play_through(strokes, 30, None, second_only).completed
    both = polyline_events(line_points(300, 200, 300, 500, 80)) + polyline_events(
        line_points(600, 200, 600, 500, 80), t0=2.0)
    assert play_through(strokes, 30, None, both).completed


def test_a_second_finger_is_ignored():
    rnd = TracingRound(LINE, 30)
    rnd.feed(Event(0.0, "down", x=200, y=360, id=1))
    rnd.feed(Event(0.1, "down", x=1080, y=360, id=2))
    rnd.feed(Event(0.2, "move", x=1080, y=360, id=2))
    assert not rnd.completed and rnd.pointer == 1
