"""Tapping matching and metrics against hand-computed answers (pure: no pygame)."""
import math

import pytest

from game.events import Event
from game.games.tapping.metrics import (
    TAPPING_METRICS,
    circular_mean_sd_deg,
    is_alternating,
    tapping_metrics,
)
from game.games.tapping.rules import (
    attempt_end_s,
    beat_schedule,
    click_times,
    match_taps,
)
from game.levels.loader import parse_level


def spec(pattern="alternate", tempo=60, beats=8, cont=0, lead=2.0, window=200, **more):
    extra = "".join(f"{k} = {v}\n" for k, v in more.items())
    text = (f'format = 1\ngame = "tapping"\ntitle = "t"\n[tapping]\npattern = "{pattern}"\ntempo_bpm = {tempo}\n'
            f"beats = {beats}\ncontinuation_beats = {cont}\nlead_in_s = {lead}\nwindow_ms = {window}\n{extra}")
    return parse_level(text, "test.toml").level.tapping


def tap(t, side):
    return Event(round(t, 6), "tap", side=side)


def test_schedule_beats_fall_at_lead_in_plus_k_intervals_and_pattern_repeats():
    s = spec("LRB-", tempo=80, beats=6, cont=2, lead=1.5, count_in_beats=2)
    beats = beat_schedule(s)
    assert [b.t for b in beats] == [1.5 + k * 0.75 for k in range(8)]
    assert [b.hands for b in beats] == ["L", "R", "LR", "", "L", "R", "LR", ""]
    assert [b.metronome for b in beats] == [True] * 6 + [False] * 2
    assert click_times(s) == [0.0, 0.75] + [1.5 + k * 0.75 for k in range(6)]
    assert attempt_end_s(s) == pytest.approx(1.5 + 7 * 0.75 + 0.2)


def test_known_mean_and_sample_sd_of_asynchrony():
    s = spec("left", tempo=90, beats=8)
    offsets_ms = [-40, 0, 40, 80, -40, 0, 40, 80]          # mean 20; deviations -60 -20 20 60 (twice)
    events = [tap(2.0 + k * 60 / 90 + o / 1000, "left") for k, o in enumerate(offsets_ms)]
    m = tapping_metrics(s, events)
    assert m["hits"] == 8 and m["misses"] == 0
    assert abs(m["mean_asynchrony_ms"] - 20.0) < 0.1
    assert abs(m["sd_asynchrony_ms"] - math.sqrt(16000 / 7)) < 0.1   # sample SD (n - 1) = 47.809
    # ITIs span first to last hit: (7 intervals + 80 - (-40) ms) / 7
    assert m["mean_iti_ms"] == pytest.approx(60000 / 90 + 120 / 7, abs=0.001)  # event times are whole µs


def test_a_tap_37_ms_after_its_beat_reports_37_ms():
    s = spec("left", tempo=90, beats=4)
    m = tapping_metrics(s, [tap(4.037, "left")])   # beat 3 at 2 + 3 * 60/90 = 4.0 s
    assert m["mean_asynchrony_ms"] == 37.0
    assert m["hits"] == 1 and m["misses"] == 3 and m["sd_asynchrony_ms"] is None


def test_alternate_on_the_beat_gives_relative_phase_180():
    s = spec("alternate", tempo=60, beats=9)
    events = [tap(2.0 + k, "left" if k % 2 == 0 else "right") for k in range(9)]
    m = tapping_metrics(s, events)
    assert m["relative_phase_deg"] == 180.0
    assert m["relative_phase_sd_deg"] == 0.0
    assert m["accuracy_pct"] == 100.0 and m["mean_asynchrony_ms"] == 0.0
    assert m["mean_iti_ms"] == 2000.0 and m["iti_cv_pct"] == 0.0   # each hand taps every other beat


def test_relative_phase_right_hand_late():
    s = spec("alternate", tempo=60, beats=9)
    events = [tap(2.0 + k + (0.125 if k % 2 else 0.0), "left" if k % 2 == 0 else "right") for k in range(9)]
    m = tapping_metrics(s, events)
    assert m["relative_phase_deg"] == pytest.approx(202.5, abs=1e-6)   # 360 * 1.125 / 2


def test_circular_mean_wraps_and_sd_is_sqrt_minus_2_ln_r():
    mean, sd = circular_mean_sd_deg([350.0, 10.0])
    assert mean == pytest.approx(0.0, abs=1e-9)
    r = math.cos(math.radians(10))
    assert sd == pytest.approx(math.degrees(math.sqrt(-2 * math.log(r))), abs=1e-9)
    assert is_alternating("alternate") and is_alternating("RLRL") and not is_alternating("LLRR")


def test_both_hands_right_25_ms_late():
    s = spec("both", tempo=60, beats=6)
    events = []
    for k in range(6):
        events += [tap(2.0 + k, "left"), tap(2.0 + k + 0.025, "right")]
    m = tapping_metrics(s, events)
    assert m["bimanual_asynchrony_ms"] == 25.0
    assert m["bimanual_lag_ms"] == 25.0
    assert m["expected_taps"] == 12 and m["hits"] == 12


def test_both_hands_left_late_gives_negative_lag():
    s = spec("both", tempo=60, beats=2)
    m = tapping_metrics(s, [tap(2.03, "left"), tap(2.0, "right"), tap(3.01, "left"), tap(3.0, "right")])
    assert m["bimanual_asynchrony_ms"] == 20.0
    assert m["bimanual_lag_ms"] == -20.0


def test_wrong_hand_misses_and_extra_taps_counted_exactly():
    # LRB- at 60 bpm: beats L@2 R@3 B@4 -@5 L@6 R@7 B@8 -@9; the attempt ends at 9.2 s.
    s = spec("LRB-", tempo=60, beats=8)
    events = [
        tap(0.5, "left"),                        # lead-in: extra
        tap(2.01, "left"), tap(2.05, "right"),  # hit; wrong hand
        tap(3.1, "left"),                        # beat 1 (R) missed; wrong hand
        tap(4.0, "left"), tap(4.02, "right"), tap(4.1, "right"),  # hit, hit, extra (second right)
        tap(5.0, "left"),                        # rest beat: extra
        tap(6.3, "left"),                        # outside beat 4's window: extra, beat 4 missed
        tap(7.0, "right"),                       # hit
        tap(8.0, "left"),                        # hit; the right hand of beat 6 missed
        tap(9.5, "right"),                       # after the attempt ended: not counted
    ]
    m = tapping_metrics(s, events)
    assert (m["expected_taps"], m["hits"], m["misses"], m["wrong_hand"], m["extra_taps"]) == (8, 5, 3, 2, 4)
    assert m["accuracy_pct"] == 62.5


def test_each_beat_takes_the_nearest_tap_and_window_edges_are_inside():
    s = spec("left", tempo=60, beats=2)
    m = match_taps(s, [tap(1.95, "left"), tap(2.03, "left"), tap(3.2, "left")])
    assert m.hits == {(0, "L"): 1, (1, "L"): 2}   # 2.03 is nearer than 1.95; 3.2 is exactly on the edge
    assert m.extra == (0,)


def test_audio_latency_shifts_mean_exactly_and_leaves_the_rest():
    s = spec("alternate", tempo=75, beats=10)
    events = [tap(2.0 + k * 0.8 + (0.01 * (k % 3)), "left" if k % 2 == 0 else "right") for k in range(10)]
    plain = tapping_metrics(s, events)
    late = tapping_metrics(s, events, audio_latency_ms=42.5)
    assert late["mean_asynchrony_ms"] == pytest.approx(plain["mean_asynchrony_ms"] - 42.5, abs=1e-6)
    for name in TAPPING_METRICS:
        if name != "mean_asynchrony_ms":
            assert late[name] == plain[name], name


def test_continuation_itis_from_taps_after_the_metronome():
    # left, 60 bpm, 4 metronome beats (2..5 s) then 4 continuation beats (6..9 s)
    s = spec("left", tempo=60, beats=4, cont=4)
    events = [tap(t, "left") for t in (2.0, 3.0, 4.0, 5.0, 6.0, 6.9, 8.0, 8.9)]
    m = tapping_metrics(s, events)
    assert m["mean_iti_ms"] == 1000.0 and m["iti_cv_pct"] == 0.0
    mean = 2900 / 3
    sd = math.sqrt(((200 / 3) ** 2 * 2 + (400 / 3) ** 2) / 2)
    assert m["continuation_mean_iti_ms"] == pytest.approx(mean, abs=1e-6)
    assert m["continuation_iti_cv_pct"] == pytest.approx(100 * sd / mean, abs=1e-6)
    assert tapping_metrics(spec("left", beats=4), events)["continuation_mean_iti_ms"] is None


def test_no_taps_gives_zero_hits_and_none_where_undefined():
    m = tapping_metrics(spec("both", beats=3), [])
    assert m["expected_taps"] == 6 and m["hits"] == 0 and m["misses"] == 6 and m["accuracy_pct"] == 0.0
    for name in ("mean_asynchrony_ms", "sd_asynchrony_ms", "mean_iti_ms", "bimanual_lag_ms", "relative_phase_deg"):
        assert m[name] is None
    assert set(m) == set(TAPPING_METRICS)
