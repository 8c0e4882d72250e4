"""The pegs round and its metrics, with answers worked out by hand."""
from __future__ import annotations

import math

import pytest

from game.events import Event
from game.games.pegs.metrics import pegs_metrics
from game.games.pegs.rules import PegsRound
from tests.pegs_builders import carry, carries

TRAY = [(200.0, 200.0), (200.0, 360.0), (200.0, 520.0)]
HOLES = [(800.0, 200.0), (800.0, 360.0), (800.0, 520.0)]   # each straight right of its tray spot, 600 away


def run(events, holes=HOLES, tray=TRAY, peg_r=22.0, hole_r=30.0, **kw) -> PegsRound:
    rnd = PegsRound(holes, tray, peg_r, hole_r, **kw)
    for ev in events:
        rnd.feed(ev)
    return rnd


def test_straight_moves_into_the_centres_are_100_percent_efficient_with_no_error():
    events = carries([(TRAY[i], HOLES[i]) for i in range(3)], t0=0.5, duration=0.5, gap=0.25)
    rnd = run(events)
    m = pegs_metrics(rnd)
    assert rnd.completed and m["board_finished"] is True
    assert m["pegs_placed"] == 3 and m["drops"] == 0
    assert m["path_efficiency_pct"] == pytest.approx(100.0)
    assert m["placement_error_mean"] == pytest.approx(0.0)
    assert m["mean_move_time_ms"] == pytest.approx(500.0)
    # first pick-up at 0.5 s; carries start 0.75 s apart; the last ends at 0.5 + 2 x 0.75 + 0.5 = 2.5 s
    assert m["total_time_s"] == pytest.approx(2.0)
    assert m["throughput_bits_s"] is None     # every error the same: no spread, We = 0
    assert m["return_time_s"] is None


def test_known_offsets_give_their_mean_error_and_the_iso_throughput():
    # Let go 6 past, 4 short of and 2 past each hole centre, along the movement (+x); times 0.4, 0.5, 0.6 s.
    offsets, durations = (6.0, -4.0, 2.0), (0.4, 0.5, 0.6)
    events, t = [], 0.5
    for i in range(3):
        end = (HOLES[i][0] + offsets[i], HOLES[i][1])
        events += carry(t, TRAY[i], end, durations[i])
        t += durations[i] + 0.3
    m = pegs_metrics(run(events))
    assert m["pegs_placed"] == 3
    assert m["placement_error_mean"] == pytest.approx((6 + 4 + 2) / 3)
    # By hand: errors e = 6, -4, 2 -> mean 4/3, sample SD = sqrt(((14/3)^2 + (16/3)^2 + (2/3)^2) / 2)
    sd = math.sqrt(((6 - 4 / 3) ** 2 + (-4 - 4 / 3) ** 2 + (2 - 4 / 3) ** 2) / 2)
    assert sd == pytest.approx(5.033222956847166)
    we = 4.133 * sd
    de = (606 + 596 + 602) / 3          # amplitudes: 600 + each error
    ide = math.log2(de / we + 1)
    assert m["throughput_bits_s"] == pytest.approx(ide / 0.5)
    assert m["mean_move_time_ms"] == pytest.approx(500.0)


def test_the_error_is_projected_on_the_line_to_the_hole_and_amplitude_starts_where_the_finger_went_down():
    # Down 10 below the first peg's centre (still on it); let go 8 above the hole: sideways, so no projected error.
    events = carry(0.5, (200, 210), (800, 192), 0.5) + carry(1.5, TRAY[1], (805, 360), 0.5) \
        + carry(2.5, TRAY[2], (797, 520), 0.5)
    rnd = run(events)
    first = rnd.carries[0]
    assert first.placed and first.pick_xy == (200, 210)
    m = pegs_metrics(rnd)
    assert m["placement_error_mean"] == pytest.approx((8 + 5 + 3) / 3)
    # pick (200,210) -> hole (800,200): the release (800,192) is 8 up, nearly across that line
    u = (600 / math.hypot(600, -10), -10 / math.hypot(600, -10))
    e1 = (0 * u[0] + -8 * u[1])
    errors = [e1, 5.0, -3.0]
    mean = sum(errors) / 3
    sd = math.sqrt(sum((e - mean) ** 2 for e in errors) / 2)
    de = (math.dist((200, 210), (800, 192)) + 605 + 597) / 3
    assert m["throughput_bits_s"] == pytest.approx(math.log2(de / (4.133 * sd) + 1) / 0.5)


def test_a_bent_carry_is_less_efficient_and_never_above_100():
    # Pick at (200,200), go 300 right, then down 400 and let go at (500,600): straight 500, path 700.
    holes = [(500.0, 600.0)]
    events = [Event(0.5, "down", x=200, y=200), Event(0.8, "move", x=500, y=200), Event(1.2, "up", x=500, y=600)]
    m = pegs_metrics(run(events, holes=holes, tray=[(200.0, 200.0)]))
    assert m["pegs_placed"] == 1
    assert m["path_efficiency_pct"] == pytest.approx(100 * 500 / 700)
    # A bent move and a straight one: the mean of 71.4% and 100%.
    holes2 = [(500.0, 600.0), (800.0, 360.0)]
    events2 = events + carry(2.0, (200, 360), (800, 360), 0.5)
    m2 = pegs_metrics(run(events2, holes=holes2, tray=[(200.0, 200.0), (200.0, 360.0)]))
    assert m2["path_efficiency_pct"] == pytest.approx((100 * 500 / 700 + 100) / 2)
    assert m2["throughput_bits_s"] is None   # fewer than 3 pegs placed


def test_a_drop_counts_and_the_peg_slides_back_to_where_it_was_picked_up():
    events = carry(0.5, TRAY[0], (500, 300), 0.5)      # let go in the middle of nowhere
    rnd = run(events)
    assert rnd.where[0] == ("tray", 0) and rnd.peg_xy(0) == TRAY[0]
    assert rnd.carries[0].placed is False
    events += carry(1.5, TRAY[0], (800 + 31, 200), 0.5)   # 31 from the centre: just outside the hole
    events += carry(2.5, TRAY[0], (800 + 30, 200), 0.5)   # exactly hole_radius: in
    rnd = run(events)
    m = pegs_metrics(rnd)
    assert m["drops"] == 2 and m["pegs_placed"] == 1 and rnd.where[0] == ("hole", 0)
    assert m["board_finished"] is False
    assert m["total_time_s"] == pytest.approx(3.0 - 0.5)   # from the first pick-up, a drop's included
    assert m["mean_move_time_ms"] == pytest.approx(500.0)  # only the carry that placed it


def test_a_down_picks_the_nearest_peg_and_a_release_the_nearest_free_hole():
    tray = [(200.0, 200.0), (230.0, 200.0)]
    holes = [(800.0, 200.0), (850.0, 200.0)]
    rnd = run([Event(0.5, "down", x=220, y=200)], holes=holes, tray=tray, peg_r=22, hole_r=25)
    assert rnd.carry is not None and rnd.carry.peg == 1
    rnd.feed(Event(1.0, "up", x=830, y=200))
    assert rnd.where[1] == ("hole", 1)
    # a second peg let go at the same point: hole 1 is taken, hole 0 is 30 away (> 25): a drop
    rnd.feed(Event(1.5, "down", x=200, y=200))
    rnd.feed(Event(2.0, "up", x=830, y=200))
    assert rnd.where[0] == ("tray", 0)
    # a down on no peg picks nothing up, and moves with nothing in hand do nothing
    rnd.feed(Event(2.5, "down", x=600, y=600))
    rnd.feed(Event(2.6, "up", x=800, y=200))
    assert rnd.carry is None and len(rnd.carries) == 2


def test_fixed_order_only_the_next_hole_takes_a_peg():
    events = carry(0.5, TRAY[0], HOLES[1], 0.5)            # hole 2 first: not yet
    rnd = run(events, order="fixed")
    assert rnd.where[0] == ("tray", 0) and rnd.free_targets() == [0]
    events += carry(1.5, TRAY[0], HOLES[0], 0.5)
    events += carry(2.5, TRAY[1], HOLES[2], 0.5)          # skipping hole 2: a drop
    events += carry(3.5, TRAY[1], HOLES[1], 0.5)
    events += carry(4.5, TRAY[2], HOLES[2], 0.5)
    rnd = run(events, order="fixed")
    m = pegs_metrics(rnd)
    assert rnd.completed and m["pegs_placed"] == 3 and m["drops"] == 2
    assert [c.target for c in rnd.carries if c.placed] == [0, 1, 2]
    # with any order, the first carry would have gone straight into hole 2
    assert run(carry(0.5, TRAY[0], HOLES[1], 0.5)).where[0] == ("hole", 1)


def test_the_return_half_takes_the_pegs_back_to_the_tray_and_has_its_own_time():
    into = carries([(TRAY[i], HOLES[i]) for i in range(3)], t0=0.5, duration=0.5, gap=0.25)   # ends at 2.5 s
    assert into[-1].t == pytest.approx(2.5)
    back = carries([(HOLES[i], TRAY[2 - i]) for i in range(3)], t0=3.0, duration=0.5, gap=0.5)  # 3.0 .. 5.5 s
    rnd = run(into, return_pegs=True)
    assert not rnd.completed and rnd.phase == "return" and rnd.free_targets() == [0, 1, 2]
    assert rnd.movable() == [0, 1, 2]
    rnd = run(into + back, return_pegs=True)
    m = pegs_metrics(rnd)
    assert rnd.completed and m["board_finished"] is True
    assert m["pegs_placed"] == 3 and m["drops"] == 0
    assert m["return_time_s"] == pytest.approx(5.5 - 3.0)
    assert m["total_time_s"] == pytest.approx(5.5 - 0.5)
    assert m["mean_move_time_ms"] == pytest.approx(500.0)
    assert sorted(rnd.where) == [("tray", 0), ("tray", 1), ("tray", 2)]
    # without return_pegs the same board ends after the third peg, and later events are not for it
    assert run(into).completed and pegs_metrics(run(into))["return_time_s"] is None


def test_the_time_limit_ends_the_round_and_later_pegs_do_not_count():
    events = carries([(TRAY[i], HOLES[i]) for i in range(3)], t0=0.5, duration=0.5, gap=0.25)   # 0.5 .. 2.5 s
    rnd = run(events, time_limit_s=2.0)
    m = pegs_metrics(rnd)
    assert rnd.timed_out and not rnd.completed
    assert m["pegs_placed"] == 2 and m["board_finished"] is False
    assert m["total_time_s"] == pytest.approx(1.75 - 0.5)


def test_a_pen_that_lifts_without_an_up_lets_go_where_it_last_was():
    events = carry(0.5, TRAY[0], HOLES[0], 0.5, up=False)   # ends with a move over hole 1, no up
    events += carry(1.5, TRAY[1], HOLES[1], 0.5)              # the next down lets go of the first peg
    rnd = run(events)
    assert rnd.where[0] == ("hole", 0) and rnd.where[1] == ("hole", 1)
    assert rnd.carries[0].release_t == pytest.approx(1.5) and rnd.carries[0].release_xy == HOLES[0]
    # a lost up somewhere else is a drop, and the new down still picks a peg up
    events = carry(0.5, TRAY[0], (500, 500), 0.5, up=False) + [Event(1.5, "down", x=200, y=360)]
    rnd = run(events)
    assert rnd.where[0] == ("tray", 0) and rnd.carry is not None and rnd.carry.peg == 1
    assert pegs_metrics(rnd)["drops"] == 1


def test_no_events_give_empty_metrics_not_errors():
    m = pegs_metrics(run([]))
    assert m["pegs_placed"] == 0 and m["drops"] == 0 and m["board_finished"] is False
    assert all(m[k] is None for k in ("total_time_s", "mean_move_time_ms", "placement_error_mean",
                                      "path_efficiency_pct", "throughput_bits_s", "return_time_s"))
