"""Sound timing, pure side: the click track is sample-exact, and both calibrations recover a known delay.

The simulations stand in for a sound card and a room (the microphone way) and for a grown-up tapping
(the tapping way): a known delay of 87 ms, noise, and a few stray values; each must come back within
2 ms, and noisy input must be refused with a reason.
"""
from __future__ import annotations

import numpy as np
import pytest

from game.sound import calibration as cal
from game.sound.track import click_positions, render, segments, track_length

RATE = 44100
DELAY_MS = 87.0


def click_wave(rate: int = RATE) -> np.ndarray:
    """The game's own click (game/ui/audio.py's synth is pure numpy behind a pygame import)."""
    from game.ui.audio import click

    return click(rate)


# --- the click track -------------------------------------------------------------------------
def test_clicks_sit_at_their_exact_samples_across_segment_boundaries():
    wave = np.arange(1, 101, dtype=np.int16).reshape(-1, 1).repeat(2, axis=1)   # 100 samples, stereo
    times = [0.5 + k * 0.5 for k in range(6)]          # 120 bpm
    pos = click_positions(times, RATE, len(wave))
    assert pos == [22050 * (k + 1) for k in range(6)]
    total = track_length(pos, len(wave))
    assert total == pos[-1] + 100
    # Pieces of an awkward length, so clicks straddle the boundaries; joined they are the whole track.
    track = np.concatenate([render(pos, wave, s, n) for s, n in segments(total, 30011)])
    assert track.shape == (total, 2) and track.dtype == np.int16
    starts = np.flatnonzero((track[:, 0] == 1) & (np.roll(track[:, 0], 1) == 0))
    assert list(starts) == pos
    assert np.diff(starts).tolist() == [22050] * 5     # the nominal interval, to the sample
    assert int(track.sum()) == 6 * 2 * sum(range(1, 101))   # every sample of every click, once


def test_intervals_at_any_tempo_are_within_half_a_sample_of_nominal():
    step = 60 / 97          # 97 bpm: 27278.35... samples
    pos = click_positions([1.0 + k * step for k in range(200)], RATE, 10)
    drift = np.asarray(pos) - (1.0 + np.arange(200) * step) * RATE
    assert np.max(np.abs(drift)) <= 0.5


def test_a_click_due_just_before_the_stream_keeps_its_place_and_loses_only_its_start():
    wave = np.arange(1, 11, dtype=np.int16)
    pos = click_positions([-3 / RATE, 1.0, -1.0], RATE, len(wave))
    assert pos == [-3, RATE]          # the one long gone is left out
    head = render(pos, wave, 0, 8)
    assert head.tolist() == [4, 5, 6, 7, 8, 9, 10, 0]


def test_overlapping_clicks_add_and_clip_to_the_sample_range():
    wave = np.full(4, 30000, dtype=np.int16)
    out = render([0, 2], wave, 0, 6)
    assert out.tolist() == [30000, 30000, 32767, 32767, 30000, 30000]


def test_segments_cover_the_track_once():
    assert segments(10, 4) == [(0, 4), (4, 4), (8, 2)]
    assert segments(0, 4) == []
    with pytest.raises(ValueError):
        segments(10, 0)


# --- the microphone way ----------------------------------------------------------------------
def simulated_room(delay_ms: float, *, noise: float, jitter_ms: float = 0.3, missing: int = 0, knocks: int = 0,
                   clicks: int = 12, interval_s: float = 0.8, seed: int = 1) -> tuple[np.ndarray, list[float]]:
    """What a microphone hears when clicks scheduled at known times come out `delay_ms` later: the
    click through a little room (an echo), white noise, per-click jitter, some clicks lost, and loud
    knocks between clicks."""
    rng = np.random.default_rng(seed)
    wave = click_wave()
    scheduled = [0.7 + k * interval_s for k in range(clicks)]
    rec = rng.normal(0.0, noise, int((scheduled[-1] + 1.2) * RATE))
    lost = set(rng.choice(clicks, size=missing, replace=False).tolist()) if missing else set()
    for k, t in enumerate(scheduled):
        if k in lost:
            continue
        at = int(round((t + (delay_ms + rng.normal(0, jitter_ms)) / 1000) * RATE))
        rec[at:at + len(wave)] += 0.3 * wave
        echo = at + int(0.004 * RATE)
        rec[echo:echo + len(wave)] += 0.1 * wave
    for _ in range(knocks):
        at = int(rng.uniform(0.5, scheduled[-1]) * RATE)
        rec[at:at + 400] += rng.normal(0, 0.5, 400)
    return rec.astype(np.float32), scheduled


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_microphone_way_recovers_a_known_delay(seed):
    rec, scheduled = simulated_room(DELAY_MS, noise=0.02, missing=1, knocks=3, seed=seed)
    est = cal.from_recording(rec, RATE, click_wave(), scheduled)
    assert est.ok, est.problem
    assert est.method == "microphone"
    assert abs(est.delay_ms - DELAY_MS) <= 2.0
    assert est.n >= 10 and est.iqr_ms < 2.0
    assert est.details["clicks_found"] - est.details["strays_left_out"] == est.n


def test_microphone_way_finds_a_bluetooth_sized_delay_too():
    rec, scheduled = simulated_room(240.0, noise=0.01)
    est = cal.from_recording(rec, RATE, click_wave(), scheduled)
    assert est.ok and abs(est.delay_ms - 240.0) <= 2.0


def test_microphone_way_refuses_a_recording_with_too_few_clicks():
    rec, scheduled = simulated_room(DELAY_MS, noise=0.01, missing=4)
    est = cal.from_recording(rec, RATE, click_wave(), scheduled)
    assert not est.ok and est.delay_ms is None
    assert "only 8 of 12 clicks" in est.problem


def test_microphone_way_refuses_noise_alone():
    rng = np.random.default_rng(5)
    est = cal.from_recording(rng.normal(0, 0.3, RATE * 11).astype(np.float32), RATE, click_wave(),
                             [0.7 + k * 0.8 for k in range(12)])
    assert not est.ok and "clicks were heard" in est.problem


def test_microphone_way_refuses_clicks_that_wander():
    rec, scheduled = simulated_room(DELAY_MS, noise=0.005, jitter_ms=45.0)
    est = cal.from_recording(rec, RATE, click_wave(), scheduled)
    assert not est.ok and "IQR" in est.problem and est.iqr_ms > cal.MAX_IQR_MS


def test_click_delays_are_exact_on_a_clean_signal():
    wave = click_wave()
    rec = np.zeros(RATE * 2)
    rec[1000 + 3836:1000 + 3836 + len(wave)] += wave      # due at sample 1000, 3836 samples late
    (delay,) = cal.click_delays(rec, RATE, wave, [1000 / RATE])
    assert delay == pytest.approx(3836 / RATE * 1000, abs=1e-9)


# --- the tapping way -------------------------------------------------------------------------
def simulated_tapper(delay_ms: float, *, sd_ms: float, lead_ms: float = -25.0, strays: int = 2, beats: int = 16,
                     interval_s: float = 0.75, seed: int = 1) -> tuple[list[float], list[float], list[float], list[float]]:
    """A grown-up tapping along: to clicks heard `delay_ms` late, then to flashes seen on time, with the
    same habit of tapping a little early (`lead_ms`), timing noise, and a few stray taps (a double tap,
    a late one) in each half."""
    rng = np.random.default_rng(seed)

    def half(extra_ms: float) -> tuple[list[float], list[float]]:
        beat_times = [1.0 + k * interval_s for k in range(beats)]
        taps = [b + (extra_ms + lead_ms + rng.normal(0, sd_ms)) / 1000 for b in beat_times]
        for k in rng.choice(range(4, beats), size=strays, replace=False):
            taps[k] += rng.choice([-1, 1]) * rng.uniform(0.12, 0.3)
        taps.append(beat_times[6] + 0.05)    # a double tap: matched to nothing
        return beat_times, taps

    click_beats, click_taps = half(delay_ms)
    flash_beats, flash_taps = half(0.0)
    return click_beats, click_taps, flash_beats, flash_taps


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_tapping_way_recovers_a_known_delay(seed):
    est = cal.from_taps(*simulated_tapper(DELAY_MS, sd_ms=2.0, seed=seed))
    assert est.ok, est.problem
    assert est.method == "taps"
    assert abs(est.delay_ms - DELAY_MS) <= 2.0
    assert min(len(est.values_ms), len(est.flash_values_ms)) == est.n >= cal.MIN_TAPS
    assert est.details["strays_left_out"] >= 4      # the two strays in each half, at least


def test_tapping_way_is_the_difference_of_the_two_medians_exactly():
    beats = [1.0 + 0.75 * k for k in range(14)]
    heard = [b + 0.100 for b in beats]
    seen = [b + 0.030 for b in beats]
    est = cal.from_taps(beats, heard, beats, seen)
    assert est.delay_ms == pytest.approx(70.0, abs=1e-9)
    assert est.iqr_ms == pytest.approx(0.0, abs=1e-9)
    assert est.details["median_clicks_ms"] == pytest.approx(100.0)


def test_tapping_way_refuses_uneven_taps():
    est = cal.from_taps(*simulated_tapper(DELAY_MS, sd_ms=60.0))
    assert not est.ok and est.delay_ms is None
    assert "IQR" in est.problem and est.iqr_ms > cal.MAX_IQR_MS


def test_tapping_way_refuses_too_few_taps():
    beats = [1.0 + 0.75 * k for k in range(16)]
    est = cal.from_taps(beats, [b + 0.1 for b in beats[:9]], beats, [b + 0.03 for b in beats])
    assert not est.ok and "only 6 taps matched the clicks" in est.problem


def test_a_sound_heard_before_the_picture_is_not_kept():
    beats = [1.0 + 0.75 * k for k in range(16)]
    est = cal.from_taps(beats, [b + 0.01 for b in beats], beats, [b + 0.05 for b in beats])
    assert not est.ok and "before the picture" in est.problem


def test_strays_beyond_the_far_out_fences_are_left_out():
    values = [100.0, 101.0, 102.0, 103.0, 104.0, 105.0, 250.0, -40.0]
    # quartiles 100.75 and 104.25: IQR 3.5, fences 10 ms out (the floor) -> 90.75 .. 114.25
    assert cal.without_strays(values) == [100.0, 101.0, 102.0, 103.0, 104.0, 105.0]
    wide = [0.0, 20.0, 40.0, 60.0, 80.0, 100.0, 250.0]   # IQR 60: fences 180 out (to 270), nothing is a stray
    assert cal.without_strays(wide) == wide


def test_asynchronies_match_each_beat_to_its_nearest_tap_once():
    beats = [1.0, 2.0, 3.0, 4.0]
    taps = [1.02, 1.05, 1.96, 3.4, 3.6]
    # 1.02 -> beat 1; 1.05 spare; 1.96 -> beat 2; 3.4 -> beat 3 (within half); 3.6 -> beat 4
    assert cal.asynchronies(beats, taps, skip=0) == pytest.approx([20.0, -40.0, 400.0, -400.0])
    assert cal.asynchronies(beats, taps, skip=2) == pytest.approx([400.0, -400.0])


# --- which latency an attempt uses -----------------------------------------------------------
def test_the_setting_overrides_the_calibration_which_beats_nothing():
    assert cal.latency_to_use(40.0, 87.0, "2026-03-01T10:00:00+00:00", "taps") == cal.LatencyChoice(40.0, "setting")
    assert cal.latency_to_use(None, 87.0, "2026-03-01T10:00:00+00:00", "taps") == cal.LatencyChoice(
        87.0, "calibration", "2026-03-01T10:00:00+00:00", "taps")
    assert cal.latency_to_use(None) == cal.LatencyChoice(0.0, "none")
    assert cal.latency_to_use(0.0, 87.0).source == "setting"     # 0 typed on purpose still overrides
