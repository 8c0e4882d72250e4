"""Tracing numbers on recordings like real ones: whole-pixel tablet samples at 60-240 Hz or irregular,
clock glitches, pen lifts that show only as sample gaps, long traces. Each test knows its answer.

The figures these tests bound are printed by benchmarks/bench_tracing_metrics.py.
"""
from __future__ import annotations

import numpy as np
import pytest

from game.events import Event
from game.games import GAMES
from game.games.tracing.metrics import tracing_metrics
from game.levels.loader import load_level
from game.metrics.geometry import polyline_length
from game.metrics.trajectory import (
    QUANT_RATE_HZ,
    QUANT_VAR,
    RULER,
    dequantize,
    divider_walk,
    measured_samples,
    quantum,
    repair_times,
    split_at_gaps,
    stroke_pieces,
)
from tests.tracing_builders import (
    along,
    bumps,
    circle,
    irregular_times,
    rate_times,
    record,
)

CIRCLE = circle()
CIRCLE_LENGTH = polyline_length(CIRCLE)
LINE = [np.array([[0.0, 360.0], [1280.0, 360.0]])]


def spread(values) -> float:
    """(max - min) / min, as a fraction."""
    values = np.asarray(values, dtype=float)
    return float(values.max() / values.min() - 1.0)


# ---------------------------------------------------------------- times and gaps

def test_repeated_times_are_spread_over_the_interval_before_them():
    t = repair_times(np.array([0.0, 0.03, 0.03, 0.03, 0.06]))
    np.testing.assert_allclose(t, [0.0, 0.01, 0.02, 0.03, 0.06])


def test_a_clock_that_goes_back_carries_on_one_interval_later():
    t = repair_times(np.array([0.0, 0.01, 0.02, -5.0, -4.99, -4.98]))
    np.testing.assert_allclose(t, [0.0, 0.01, 0.02, 0.03, 0.04, 0.05])
    assert np.all(np.diff(t) > 0)


def test_a_gap_is_a_pen_lift_and_nothing_is_drawn_across_it():
    # Two 200-unit strokes in one pen-down, 300 ms apart in time and 100 units apart in space.
    t1, t2 = rate_times(140, 1.0), rate_times(140, 1.0, t0=1.3)
    xy1 = np.column_stack((200 + 200 * t1, np.full(len(t1), 360.0)))
    xy2 = np.column_stack((500 + 200 * (t2 - 1.3), np.full(len(t2), 360.0)))
    t, xy = np.concatenate((t1, t2)), np.concatenate((xy1, xy2))
    assert [s.stop - s.start for s in split_at_gaps(t)] == [len(t1), len(t2)]
    kinds = ["down"] + ["move"] * (len(t) - 2) + ["up"]
    events = [Event(float(a), k, float(x), float(y), id=0) for a, k, (x, y) in zip(t, kinds, xy)]
    out = tracing_metrics(LINE, 10.0, events, True)
    assert out["path_length"] == pytest.approx(400.0, abs=1e-6)   # not 500: the jump is not ink


def test_a_slow_device_is_not_cut_at_every_sample():
    assert len(split_at_gaps(np.arange(20) * 0.25)) == 1


# ---------------------------------------------------------------- goal: length and speed on the filtered trajectory

def test_the_ruler_walks_past_a_zigzag_smaller_than_itself():
    # Points every unit along y = 0.4, -0.4, 0.4, ...: the raw polyline is 128 long; the 4-unit
    # ruler lands on every fourth point (all at y = +0.4) and reads the line's 100 exactly.
    x = np.arange(101.0)
    xy = np.column_stack((x, np.where(x % 2 == 0, 0.4, -0.4)))
    walk = xy[divider_walk(xy)]
    assert RULER == 4.0
    np.testing.assert_array_equal(walk[:, 0], np.arange(0.0, 101.0, 4.0))
    assert np.hypot(*np.diff(walk, axis=0).T).sum() == pytest.approx(100.0, abs=1e-12)
    _, at = measured_samples(xy, 1.0)
    assert at[-1] == pytest.approx(100.0, abs=1e-9) and np.all(np.diff(at) >= 0)


def test_a_resting_pen_that_jitters_adds_no_length():
    # A 200-unit stroke in 1 s, then the pen rests 5 s on its end with +-1 px jitter (whole pixels):
    # the rest is one piece with the stroke (no gap), and adds nothing a ruler can measure.
    rng = np.random.default_rng(4)
    t = rate_times(140, 6.0)
    x = 400 + 200 * np.clip(t, 0.0, 1.0)
    xy = np.round(np.column_stack((x, np.full(len(t), 360.0))) + rng.uniform(-1, 1, (len(t), 2)))
    kinds = ["down"] + ["move"] * (len(t) - 2) + ["up"]
    events = [Event(float(a), k, float(px), float(py), id=0) for a, k, (px, py) in zip(t, kinds, xy)]
    out = tracing_metrics(LINE, 10.0, events, True)
    assert out["path_length"] == pytest.approx(200.0, rel=0.02)


@pytest.mark.parametrize("seconds", [2.0, 8.0, 20.0, 40.0, 60.0])
def test_a_near_perfect_trace_reads_its_templates_length(seconds):
    # Whole pixels with +-1 px jitter along a circle of length L, 140 Hz, fast (2 s, 628 units/s)
    # to very slow and careful (60 s, 21 units/s): the raw polyline reads 6-660 % long, the 10 Hz
    # trajectory point to point up to 16 % long (jitter left below 10 Hz adds length in proportion
    # to time), the ruler's walk along it within 3 % of L.
    for seed in range(2):
        rng = np.random.default_rng(seed)
        events = record(along(CIRCLE, seconds), rate_times(140, seconds), rng, jitter=1.0, whole_pixels=True)
        raw = sum(np.hypot(b.x - a.x, b.y - a.y) for a, b in zip(events, events[1:]))
        out = tracing_metrics([CIRCLE], 20.0, events, True)
        assert raw > 1.05 * CIRCLE_LENGTH
        assert abs(out["path_length"] / CIRCLE_LENGTH - 1) < 0.03
        assert out["mean_speed"] == pytest.approx(out["path_length"] / seconds)


@pytest.mark.parametrize("seconds", [2.0, 20.0, 60.0])
def test_a_wobbly_trace_still_reads_longer_than_the_template(seconds):
    # A 5 Hz tremor of 3 units: fast, it adds a little length (a long wave); slow, a lot.
    rng = np.random.default_rng(0)
    shaky = along(CIRCLE, seconds, offset=lambda t: 3.0 * np.sin(2 * np.pi * 5.0 * t))
    out = tracing_metrics([CIRCLE], 20.0, record(shaky, rate_times(140, seconds), rng, 1.0, True), True)
    assert out["path_length"] > {2.0: 1.003, 20.0: 1.2, 60.0: 1.5}[seconds] * CIRCLE_LENGTH


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("jitter,seconds", [(0.0, 6.0), (1.0, 20.0)])
def test_the_same_drawing_at_any_sampling_gives_the_same_length_and_deviation(seed, jitter, seconds):
    # A drawing that wanders 2-8 units outside the circle, recorded in whole pixels (with or
    # without +-1 px jitter) at 60, 120 and 240 Hz and at irregular 3-25 ms intervals.
    rng = np.random.default_rng(seed)
    drawing = along(CIRCLE, seconds, offset=lambda t: 5.0 + 3.0 * np.sin(2 * np.pi * 0.7 * t))
    times = [rate_times(r, seconds) for r in (60, 120, 240)] + [irregular_times(rng, seconds)]
    outs = [tracing_metrics([CIRCLE], 20.0, record(drawing, t, rng, jitter, whole_pixels=True), True) for t in times]
    assert spread([o["path_length"] for o in outs]) < 0.03
    assert spread([o["mean_deviation"] for o in outs]) < 0.02


def test_with_jitter_the_sampling_rate_moves_the_mean_deviation_by_no_more_than_its_noise():
    # A short (6 s) drawing with +-1 px jitter: each recording's mean deviation carries sampling
    # noise (the length-weighted mean of 360 samples at 60 Hz has an SD of 0.8 % here, for any
    # method), but no rate reads systematically off: over 20 drawings the rates' means agree
    # within 0.6 % (irregular 3-25 ms sampling reads highest, +0.5 %), and every recording is
    # within 4 SD (3.5 %) of the drawing's true value.
    wander = along(CIRCLE, 6.0, offset=lambda t: 5.0 + 3.0 * np.sin(2 * np.pi * 0.7 * t))
    exact = tracing_metrics([CIRCLE], 20.0, record(wander, rate_times(240, 6.0)), True)["mean_deviation"]
    got = []
    for seed in range(20):
        rng = np.random.default_rng(100 + seed)
        times = [rate_times(r, 6.0) for r in (60, 120, 240)] + [irregular_times(rng, 6.0)]
        got.append([tracing_metrics([CIRCLE], 20.0, record(wander, t, rng, 1.0, True), True)["mean_deviation"]
                    for t in times])
    ratio = np.array(got) / exact
    assert np.ptp(ratio.mean(axis=0)) < 0.006
    assert np.all(np.abs(ratio - 1) < 0.035)


# ---------------------------------------------------------------- goal: length-weighted spatial averages

@pytest.mark.parametrize("d", [3.0, 12.0, 40.0])
def test_a_trace_offset_by_d_deviates_by_d(d):
    rng = np.random.default_rng(1)
    line = np.array([[200.0, 360.0], [1080.0, 360.0]])
    events = record(along(line, 4.0, offset=lambda t: np.full(len(t), -d)), irregular_times(rng, 4.0))
    out = tracing_metrics([line], 10.0, events, True)
    assert out["mean_deviation"] == pytest.approx(d, abs=1e-6)
    assert out["rms_deviation"] == pytest.approx(d, abs=1e-6)
    assert out["within_tolerance_pct"] == (100.0 if d <= 10 else 0.0)


def test_half_inside_half_outside_reads_50_percent_however_slowly_each_half_was_drawn():
    line = np.array([[200.0, 360.0], [1080.0, 360.0]])
    inside = record(along(np.array([[200.0, 362.0], [640.0, 362.0]]), 1.0), rate_times(240, 1.0))
    outside = record(along(np.array([[640.0, 390.0], [1080.0, 390.0]]), 9.0, start=2.0), rate_times(60, 9.0, t0=2.0))
    out = tracing_metrics([line], 10.0, inside + outside, True)
    assert out["path_length"] == pytest.approx(880.0, abs=1e-6)
    assert out["within_tolerance_pct"] == pytest.approx(50.0, abs=1e-6)
    assert out["mean_deviation"] == pytest.approx((2 + 30) / 2, abs=1e-6)


# ---------------------------------------------------------------- goal: smoothness comparable across lengths

def test_k_identical_sub_movements_read_the_same_for_4_and_8():
    four = tracing_metrics(LINE, 20.0, record(bumps(4), rate_times(140, 2.0)), True)
    eight = tracing_metrics(LINE, 20.0, record(bumps(8), rate_times(140, 4.0)), True)
    assert eight["sparc"] == pytest.approx(four["sparc"], rel=0.05)
    assert eight["ldlj"] == pytest.approx(four["ldlj"], rel=0.05)


@pytest.mark.parametrize("whole_pixels", [False, True])
def test_a_5_hz_tremor_reads_clearly_less_smooth(whole_pixels):
    smooth = along(CIRCLE, 8.0)
    shaky = along(CIRCLE, 8.0, offset=lambda t: 3.0 * np.sin(2 * np.pi * 5.0 * t))
    a = tracing_metrics([CIRCLE], 20.0, record(smooth, rate_times(140, 8.0), whole_pixels=whole_pixels), True)
    b = tracing_metrics([CIRCLE], 20.0, record(shaky, rate_times(140, 8.0), whole_pixels=whole_pixels), True)
    # "Clearly": SPARC by more than 0.15, thirty times what resampling moves it (0.005); LDLJ by over 1.
    assert b["sparc"] < a["sparc"] - 0.15
    assert b["ldlj"] < a["ldlj"] - 1.0


@pytest.mark.parametrize("seconds", [4.0, 20.0, 60.0])
def test_a_5_hz_tremor_reads_clearly_less_smooth_by_ldlj_fast_or_slow(seconds):
    # Whole pixels: taking the noise out does not hide a tremor, from a 4 s sweep (314 units/s) to
    # a 60 s crawl (21 units/s).
    smooth = along(CIRCLE, seconds)
    shaky = along(CIRCLE, seconds, offset=lambda t: 3.0 * np.sin(2 * np.pi * 5.0 * t))
    a = tracing_metrics([CIRCLE], 20.0, record(smooth, rate_times(140, seconds), whole_pixels=True), True)
    b = tracing_metrics([CIRCLE], 20.0, record(shaky, rate_times(140, seconds), whole_pixels=True), True)
    assert b["ldlj"] < a["ldlj"] - 1.0


def test_a_tremor_across_a_very_fast_sweep_hardly_changes_its_speed():
    # The limit of any speed-based measure: at 628 units/s a 3-unit tremor across the path changes
    # the speed by about 1 %, so LDLJ reads it only a little less smooth and SPARC not at all.
    smooth = along(CIRCLE, 2.0)
    shaky = along(CIRCLE, 2.0, offset=lambda t: 3.0 * np.sin(2 * np.pi * 5.0 * t))
    a = tracing_metrics([CIRCLE], 20.0, record(smooth, rate_times(140, 2.0), whole_pixels=True), True)
    b = tracing_metrics([CIRCLE], 20.0, record(shaky, rate_times(140, 2.0), whole_pixels=True), True)
    assert a["ldlj"] - 1.0 < b["ldlj"] < a["ldlj"]
    assert b["sparc"] == pytest.approx(a["sparc"], abs=0.001)


def test_stop_and_go_reads_less_smooth_the_faster_it_comes():
    # The same 30 s circle with its speed going up and down by 60 %, 0.6 to 4 times a second: LDLJ
    # falls with every step up in frequency (more jerk), and SPARC reads it from 1.2 Hz on. Slower
    # than about once a second the changes fall inside one 2 s window's own main lobe, and SPARC
    # barely sees them (README, Smoothness).
    steady = along(CIRCLE, 30.0)
    t = rate_times(143, 30.0)
    base = tracing_metrics([CIRCLE], 20.0, record(steady, t, whole_pixels=True), True)
    lj, sp = [], []
    for f in (0.6, 1.2, 2.0, 4.0):
        def wobbly(tt, f=f):
            return steady(np.clip(tt + 0.6 * np.sin(2 * np.pi * f * tt) / (2 * np.pi * f), 0.0, 30.0))
        out = tracing_metrics([CIRCLE], 20.0, record(wobbly, t, whole_pixels=True), True)
        lj.append(out["ldlj"])
        sp.append(out["sparc"])
    assert base["ldlj"] - 0.5 > lj[0] > lj[1] > lj[2] > lj[3]
    assert all(x < base["sparc"] - 0.15 for x in sp[1:])


@pytest.mark.parametrize("whole_pixels,jitter", [(False, 0.0), (True, 0.0), (True, 1.0)])
def test_a_steady_trace_reads_as_smooth_however_slowly_it_was_drawn(whole_pixels, jitter):
    # The reversal the issue found: a slow, careful trace must not read less smooth for being slow.
    # The same circle drawn in 2 s (628 units/s) to 60 s (21 units/s), at 120 Hz: LDLJ within 0.7
    # and SPARC within 0.02 of each other, all near a single smooth movement (-5.25, -1.40).
    outs = [tracing_metrics([CIRCLE], 20.0, record(along(CIRCLE, seconds), rate_times(120, seconds),
                                                  np.random.default_rng(4), jitter, whole_pixels), True)
            for seconds in (2.0, 8.0, 20.0, 60.0)]
    assert np.ptp([o["ldlj"] for o in outs]) < 0.7
    assert np.ptp([o["sparc"] for o in outs]) < 0.02
    assert all(-6.0 < o["ldlj"] < -5.2 and -1.42 < o["sparc"] < -1.39 for o in outs)


@pytest.mark.parametrize("whole_pixels,jitter", [(False, 0.0), (True, 0.0), (True, 1.0)])
@pytest.mark.parametrize("seconds", [2.0, 8.0, 20.0])
def test_resampling_60_to_240_hz_barely_moves_smoothness(whole_pixels, jitter, seconds):
    # Whole pixels: rounding makes a staircase whose steps come as slowly as the pen moves (a
    # smooth circle's LDLJ fell to about -11 at 10 Hz, differently at each rate); dequantising and
    # taking out the noise each recording carries keep the rates within 0.3, with jitter too.
    drawing = along(CIRCLE, seconds)
    outs = [tracing_metrics([CIRCLE], 20.0, record(drawing, rate_times(r, seconds), np.random.default_rng(2),
                                                  jitter, whole_pixels), True)
            for r in (60, 120, 240)]
    assert np.ptp([o["sparc"] for o in outs]) <= 0.05
    assert np.ptp([o["ldlj"] for o in outs]) <= 0.3


def test_resampling_a_very_slow_whole_pixel_trace_barely_moves_ldlj():
    drawing = along(CIRCLE, 60.0)
    outs = [tracing_metrics([CIRCLE], 20.0, record(drawing, rate_times(r, 60.0), whole_pixels=True), True)
            for r in (60, 120, 240)]
    assert np.ptp([o["ldlj"] for o in outs]) <= 0.3


def test_dequantizing_a_slow_whole_pixel_ramp_gives_it_back():
    # 12 units/s along x at 120 Hz, rounded: x holds for 10 samples at a time. Run middles are
    # where the true x passed each whole value, so the ramp comes back exactly between them.
    t = np.arange(0.0, 4.0, 1 / 120)
    true_x = 100.2 + 12.0 * t
    xy = np.column_stack((np.round(true_x), np.full(len(t), 50.0)))
    out = dequantize(t, xy)
    inside = (t > 0.5) & (t < 3.5)
    assert np.max(np.abs(out[inside, 0] - true_x[inside])) < 0.02
    assert np.array_equal(out[:, 1], xy[:, 1])


def test_a_still_pen_stays_still_and_free_coordinates_are_kept():
    # Both coordinates hold for 0.5 s: the pen was still, and both ends of that stay put.
    t = np.arange(0.0, 1.5, 0.01)
    x = np.where(t < 0.5, np.round(20 * t), np.where(t < 1.0, 10.0, np.round(10 + 20 * (t - 1.0))))
    xy = np.column_stack((x, np.full(len(t), 7.0)))
    out = dequantize(t, xy)
    still = (t >= 0.51) & (t <= 0.99)
    assert np.all(out[still, 0] == 10.0)
    # Coordinates that move freely (not in whole steps) are never touched.
    free = np.column_stack((np.array([400.0, 400.0, 430.0]), np.array([400.0, 450.0, 490.0])))
    assert np.array_equal(dequantize(np.array([5.0, 6.0, 7.25]), free), free)
    assert quantum(np.array([3.0, 4.0, 6.0])) == 1.0
    assert quantum(np.array([3.0, 3.5, 4.0])) == 0.5
    assert quantum(np.array([400.0, 430.0])) is None
    assert quantum(np.array([0.0, 0.3, 1.0])) is None


@pytest.mark.parametrize("rate", [60, 140, 240])
def test_the_noise_a_recording_carries_is_read_from_it(rate):
    # +-1 px uniform jitter (variance 1/3) on a steady drawing: the estimate is within 10 %;
    # exact positions read the floor (whole play units at 60 Hz).
    drawing = along(CIRCLE, 8.0)
    times = rate_times(rate, 8.0)
    rng = np.random.default_rng(8)
    xy = drawing(times) + rng.uniform(-1.0, 1.0, (len(times), 2))
    (piece,) = stroke_pieces(times, xy)
    assert piece.noise_density * rate == pytest.approx(1 / 3, rel=0.1)
    (exact,) = stroke_pieces(times, drawing(times))
    assert exact.noise_density == pytest.approx(QUANT_VAR / QUANT_RATE_HZ, rel=1e-12)
    assert piece.fs >= rate - 1e-9 and exact.fs >= max(100.0, rate) - 1e-9


def test_pieces_of_a_glitchy_recording_keep_their_order():
    t = np.array([0.0, 0.01, 0.01, 0.005, 0.03, 0.04, 0.05, 0.06, 0.07])
    xy = np.column_stack((np.arange(9.0) * 3, np.zeros(9)))
    (piece,) = stroke_pieces(t, xy)
    assert np.all(np.diff(piece.t) > 0)
    assert piece.xy[0, 0] == pytest.approx(0.0) and piece.xy[-1, 0] == pytest.approx(24.0)


# ---------------------------------------------------------------- goal: tracing backwards earns nothing

def test_go_right_traced_backwards_scores_nothing():
    from pathlib import Path

    loaded = load_level(Path(__file__).resolve().parent.parent / "levels" / "tracing" / "01_go_right.toml")
    stroke = loaded.level.template[0]
    game = GAMES[loaded.game]
    rng = np.random.default_rng(0)
    backwards = record(along(stroke[::-1], 3.0), rate_times(140, 3.0, t0=0.5), rng, jitter=1.0, whole_pixels=True)
    out = game.score(loaded, backwards)
    assert out["completed"] is False and out["coverage_pct"] <= 1.0
    assert game.stars(out) == 1
    forwards = record(along(stroke, 3.0), rate_times(140, 3.0, t0=0.5), rng, jitter=1.0, whole_pixels=True)
    out = game.score(loaded, forwards)
    assert out["completed"] is True and out["coverage_pct"] > 95.0 and game.stars(out) == 3
