"""Tracing metrics on scripted attempts with exactly known answers."""
from __future__ import annotations

import json
import math

import numpy as np
import pytest
from monalysa.quality.smoothness import log_dimensionless_jerk
from monalysa.quality.smoothness import sparc as mona_sparc

from game.events import Event
from game.games.tracing.metrics import (
    RESAMPLE_STEP,
    TEMPLATE_STEP,
    TRACING_METRICS,
    pen_strokes,
    tracing_metrics,
)
from game.metrics.smoothness import denoised_window, speed_noise_gain, speed_noise_var
from game.metrics.trajectory import (
    CUTOFF_HZ,
    stroke_pieces,
)

LINE = [np.array([[200.0, 360.0], [1080.0, 360.0]])]


def stroke(points, t0: float = 0.0, dt: float = 1 / 240, pid: int | None = 0, up: bool = True,
           times=None) -> list[Event]:
    """Pointer events for one pen-down trace through `points`."""
    pts = [tuple(map(float, p)) for p in points]
    ts = [t0 + i * dt for i in range(len(pts))] if times is None else [float(x) for x in times]
    kinds = ["down"] + ["move"] * (len(pts) - 2) + (["up"] if up else ["move"])
    if len(pts) == 1:
        kinds = ["down"]
    return [Event(t, k, x, y, id=pid) for t, k, (x, y) in zip(ts, kinds, pts)]


def line_points(x0: float, x1: float, y: float, n: int) -> np.ndarray:
    return np.column_stack((np.linspace(x0, x1, n), np.full(n, y)))


def test_constants():
    assert TRACING_METRICS == ("mean_deviation", "rms_deviation", "max_deviation", "within_tolerance_pct",
                               "coverage_pct", "duration_s", "path_length", "mean_speed", "pen_lifts",
                               "sparc", "ldlj", "completed")
    assert RESAMPLE_STEP == 1.0 and TEMPLATE_STEP == 1.0


def test_keys_order_and_json_types():
    out = tracing_metrics(LINE, 10.0, stroke(line_points(200, 1080, 365, 300)), True)
    assert tuple(out) == TRACING_METRICS
    assert json.loads(json.dumps(out)) == out
    for key, value in out.items():
        if key == "completed":
            assert value is True
        elif key == "pen_lifts":
            assert type(value) is int and value == 0
        else:
            assert type(value) is float, key


@pytest.mark.parametrize("d", [0.0, 5.0, 12.5, 40.0, -7.0])
def test_offset_line_deviation_is_the_offset(d):
    out = tracing_metrics(LINE, 10.0, stroke(line_points(200, 1080, 360 + d, 97)), True)
    assert out["mean_deviation"] == pytest.approx(abs(d), abs=1e-9)
    assert out["rms_deviation"] == pytest.approx(abs(d), abs=1e-9)
    assert out["max_deviation"] == pytest.approx(abs(d), abs=1e-9)
    assert out["within_tolerance_pct"] == (100.0 if abs(d) <= 10 else 0.0)
    assert out["path_length"] == pytest.approx(880.0, abs=1e-9)


def exact_circle(radius: float, n: int, center=(640.0, 360.0)) -> np.ndarray:
    a = np.linspace(0, 2 * np.pi, n + 1)
    return np.column_stack((center[0] + radius * np.cos(a), center[1] + radius * np.sin(a)))


@pytest.mark.parametrize("d", [10.0, -10.0, 3.0])
def test_circle_deviation(d):
    # Template: the radius-200 circle densified at 1 unit, its points on the exact circle.
    template = [exact_circle(200.0, math.ceil(2 * math.pi * 200.0))]
    trace = exact_circle(200.0 + d, 3000)
    out = tracing_metrics(template, 20.0, stroke(trace), True)
    # Chords sit inside the arc by at most 200 * (1 - cos(pi / 1257)) = 6.2e-4 units; the 10 Hz
    # low-pass moves the 12.5 s circle's ends by a few thousandths (odd reflection is not a circle).
    assert out["mean_deviation"] == pytest.approx(abs(d), abs=1e-3)
    assert out["max_deviation"] == pytest.approx(abs(d), abs=1e-2)
    assert out["coverage_pct"] == pytest.approx(100.0, abs=1e-12)


@pytest.mark.parametrize("tol,covered_to", [(10.5, 650), (7.25, 647)])
def test_coverage_of_half_the_line(tol, covered_to):
    # Ink at x = 200..640 (resampled every unit), template points every unit 200..1080: the
    # template points up to `covered_to` are within tolerance, and the template segment that
    # straddles the edge counts half. (Tolerances off the integer grid: the filtered ink's end
    # may differ from 640 in the last bit.)
    out = tracing_metrics(LINE, tol, stroke(line_points(200, 640, 360, 45)), False)
    expected = 100.0 * ((covered_to - 200) + 0.5) / 880.0
    assert out["coverage_pct"] == pytest.approx(expected, abs=1e-9)
    assert out["completed"] is False


def test_within_tolerance_half_inside_half_outside():
    events = stroke(line_points(200, 640, 362, 50)) + stroke(line_points(640, 1080, 380, 50), t0=2.0)
    out = tracing_metrics(LINE, 5.0, events, True)
    assert out["within_tolerance_pct"] == pytest.approx(50.0, abs=1e-9)
    assert out["mean_deviation"] == pytest.approx(11.0, abs=1e-9)
    assert out["rms_deviation"] == pytest.approx(math.sqrt((4 + 400) / 2), abs=1e-9)
    assert out["max_deviation"] == pytest.approx(20.0, abs=1e-9)


def test_within_tolerance_edge_segment_counts_half():
    # One stroke along y = 360 from x = 645 past the template's end to 1525: deviation is
    # x - 1080 beyond the end, so points up to x = 1085 are inside (tolerance 5.5) and the
    # resampled segment [1085, 1086] counts half: 440.5 of 880 units.
    out = tracing_metrics(LINE, 5.5, stroke(line_points(645, 1525, 360, 89)), True)
    assert out["within_tolerance_pct"] == pytest.approx(100.0 * 440.5 / 880.0, abs=1e-9)
    assert out["max_deviation"] == pytest.approx(445.0, abs=1e-9)


def three_strokes() -> list[Event]:
    events = [Event(0.2, "move", 50.0, 50.0, id=0),            # hover before the first down
              Event(0.5, "key", key="left", pressed=True),
              Event(0.6, "tap", side="right")]
    events += stroke([(100, 100), (125, 100), (150, 100), (175, 100), (200, 100)], times=[1.0, 1.25, 1.5, 1.75, 2.0])
    events += [Event(2.5, "move", 900.0, 900.0, id=0), Event(2.6, "up", 900.0, 900.0, id=0)]  # hover, stray up
    events += stroke([(300, 300), (303, 304)], times=[3.0, 3.5])
    events += stroke([(400, 400), (400, 450), (430, 490)], times=[5.0, 6.0, 7.25])
    return events


def test_pen_lifts_duration_path_and_speed_on_three_strokes():
    out = tracing_metrics(LINE, 10.0, three_strokes(), True)
    assert out["pen_lifts"] == 2
    assert out["duration_s"] == pytest.approx(6.25, abs=1e-12)
    # Straight strokes keep their length; the low-pass rounds the third stroke's corner a little.
    assert 204.5 < out["path_length"] < 205.0
    assert out["mean_speed"] == pytest.approx(out["path_length"] / (1.0 + 0.5 + 2.25), abs=1e-12)
    strokes = pen_strokes(three_strokes())
    assert [len(s.t) for s in strokes] == [5, 2, 3]
    np.testing.assert_array_equal(strokes[1].xy, [[300, 300], [303, 304]])


def test_second_finger_is_ignored_and_last_stroke_may_stay_open():
    main = stroke(line_points(200, 1080, 365, 89), up=False)  # attempt ended mid-stroke
    noisy = list(main[:10])
    noisy += [Event(main[9].t, "down", 10.0, 10.0, id=1), Event(main[9].t, "move", 20.0, 20.0, id=1),
              Event(main[9].t, "up", 20.0, 20.0, id=1)]
    noisy += main[10:]
    assert tracing_metrics(LINE, 10.0, noisy, False) == tracing_metrics(LINE, 10.0, main, False)
    out = tracing_metrics(LINE, 10.0, noisy, False)
    assert out["pen_lifts"] == 0
    assert out["duration_s"] == pytest.approx(main[-1].t - main[0].t, abs=1e-12)
    assert out["mean_deviation"] == pytest.approx(5.0, abs=1e-9)


def test_down_while_down_starts_a_new_stroke():
    events = [Event(0.0, "down", 200.0, 360.0, id=0), Event(0.5, "move", 300.0, 360.0, id=0),
              Event(1.0, "down", 500.0, 360.0, id=0), Event(1.5, "up", 600.0, 360.0, id=0)]
    strokes = pen_strokes(events)
    assert len(strokes) == 2
    out = tracing_metrics(LINE, 10.0, events, True)
    assert out["pen_lifts"] == 1
    assert out["path_length"] == pytest.approx(200.0, abs=1e-12)
    assert out["duration_s"] == pytest.approx(1.5, abs=1e-12)


def test_mean_speed_of_constant_speed_motion():
    t = np.arange(0, 4.0 + 1e-9, 1 / 240)
    pts = np.column_stack((200 + 220 * t, np.full(len(t), 360.0)))
    out = tracing_metrics(LINE, 10.0, stroke(pts, times=t), True)
    assert out["mean_speed"] == pytest.approx(220.0, abs=1e-9)
    assert out["duration_s"] == pytest.approx(4.0, abs=1e-12)


def test_no_pen_down_at_all():
    events = [Event(0.1, "move", 300.0, 300.0), Event(0.2, "tap", side="left"), Event(0.3, "up", 1.0, 1.0)]
    out = tracing_metrics(LINE, 10.0, events, False)
    assert out == {"mean_deviation": None, "rms_deviation": None, "max_deviation": None,
                   "within_tolerance_pct": None, "coverage_pct": 0.0, "duration_s": None, "path_length": 0.0,
                   "mean_speed": None, "pen_lifts": 0, "sparc": None, "ldlj": None, "completed": False}


def test_a_single_tap_has_points_but_no_length():
    events = [Event(1.0, "down", 500.0, 370.0, id=0), Event(1.1, "up", 500.0, 370.0, id=0),
              Event(2.0, "down", 600.0, 380.0, id=0), Event(2.1, "up", 600.0, 380.0, id=0)]
    out = tracing_metrics(LINE, 10.0, events, False)
    assert out["mean_deviation"] == pytest.approx(15.0, abs=1e-12)
    assert out["rms_deviation"] == pytest.approx(math.sqrt((100 + 400) / 2), abs=1e-12)
    assert out["max_deviation"] == pytest.approx(20.0, abs=1e-12)
    assert out["within_tolerance_pct"] is None
    assert out["path_length"] == 0.0 and out["mean_speed"] == 0.0  # 0 units in 0.2 s down
    assert out["sparc"] is None and out["ldlj"] is None
    assert out["coverage_pct"] == pytest.approx(100.0 * 1.0 / 880.0, abs=1e-9)  # only x = 500: two half segments


def min_jerk_stroke(p0, p1, t0: float, duration: float, rate: float = 240.0) -> list[Event]:
    t = np.arange(0, duration + 1e-9, 1 / rate)
    s = t / duration
    shape = 10 * s ** 3 - 15 * s ** 4 + 6 * s ** 5
    pts = np.asarray(p0) + shape[:, None] * (np.asarray(p1) - np.asarray(p0))
    pts[:, 1] += 3 * np.sin(2 * np.pi * 3 * t)  # a little wobble so the strokes differ
    return stroke(pts, times=t0 + t)


def test_smoothness_matches_monalysa_on_the_filtered_pieces():
    # Strokes shorter than a window are one window each; the attempt's value is their average
    # weighted by duration (never a median over strokes). Each is monalysa's SPARC and LDLJ on the
    # piece's speed, tapered and denoised with the noise its own samples carry.
    events = (min_jerk_stroke((200, 360), (600, 360), 0.0, 1.2)
              + min_jerk_stroke((600, 365), (900, 365), 2.0, 0.8)
              + min_jerk_stroke((900, 360), (1080, 360), 3.5, 1.7)
              + stroke([(1000.0, 360.0), (1001.0, 360.0)], t0=6.0, dt=0.05))  # too short: no profile
    out = tracing_metrics(LINE, 10.0, events, True)
    sp, lj, w = [], [], []
    for s in pen_strokes(events)[:3]:
        (piece,) = stroke_pieces(s.t, s.xy)
        _, xy, fs = piece.coarse()   # 240 Hz samples: a 300 Hz grid, measured on every third point
        assert piece.step == 3 and fs == pytest.approx(piece.fs / 3)
        v = np.hypot(np.gradient(xy[:, 0], 1 / fs), np.gradient(xy[:, 1], 1 / fs))
        x = denoised_window(v, fs, CUTOFF_HZ, piece.noise_density * fs,
                            noise_var=speed_noise_var(fs, CUTOFF_HZ, piece.noise_density * fs, piece.fs),
                            gain=speed_noise_gain(np.fft.rfftfreq(len(v), 1 / fs), fs, CUTOFF_HZ, piece.fs))
        sp.append(mona_sparc(x, fs)[0])
        lj.append(log_dimensionless_jerk(x, fs, data_type="vel"))
        w.append(len(v) / fs)
    assert out["sparc"] == pytest.approx(np.average(sp, weights=w), abs=1e-9)
    assert out["ldlj"] == pytest.approx(np.average(lj, weights=w), abs=1e-9)
