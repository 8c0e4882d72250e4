"""Smoothness: SPARC and LDLJ against the published values and monalysa; speed profiles."""
from __future__ import annotations

import numpy as np
import pytest
from monalysa.quality.smoothness import log_dimensionless_jerk
from monalysa.quality.smoothness import sparc as mona_sparc
from scipy.signal import butter, filtfilt

from game.metrics.smoothness import (
    MIN_SAMPLES,
    NOISE_Z,
    TAPER_LDLJ,
    TAPER_SPARC,
    _impulse_response,
    denoised_window,
    hann_taper,
    ldlj,
    lowpass_gain,
    sparc,
    speed_noise_gain,
    speed_noise_var,
    speed_profile,
    windowed_smoothness,
    zero_phase_lowpass,
)


def bell(duration: float = 2.0, amplitude: float = 1.0, fs: float = 100.0) -> np.ndarray:
    t = np.arange(-duration / 2, duration / 2, 1.0 / fs)
    return amplitude * np.exp(-5 * (t / (duration / 2)) ** 2)


def profiles() -> dict[str, np.ndarray]:
    t = np.arange(-1, 1, 0.01)
    rng = np.random.default_rng(20240601)
    return {
        "bell": np.exp(-5 * t ** 2),
        "two_peaks": np.exp(-40 * (t + 0.4) ** 2) + 0.7 * np.exp(-40 * (t - 0.4) ** 2),
        "noisy": np.abs(np.exp(-5 * t ** 2) + 0.05 * rng.standard_normal(len(t))),
        "long_min_jerk": np.array([30 * s ** 2 * (1 - s) ** 2 for s in np.linspace(0, 1, 731)]),
    }


def test_published_values():
    t = np.arange(-1, 1, 0.01)
    v = np.exp(-5 * t ** 2)
    assert round(sparc(v, 100.0), 5) == -1.41403
    assert round(ldlj(v, 100.0), 5) == -5.81636


def test_lowpass_gain_is_what_the_filter_does_to_a_sine():
    fs = 100.0
    t = np.arange(4000) / fs
    for f in (1.0, 5.0, 10.0, 20.0):
        y = zero_phase_lowpass(np.sin(2 * np.pi * f * t), fs, 10.0)
        measured = np.sqrt(2 * np.mean(y[1000:-1000] ** 2))
        assert measured == pytest.approx(float(lowpass_gain(np.array([f]), fs, 10.0)[0]), rel=1e-3)
    assert lowpass_gain(np.array([10.0]), fs, 10.0)[0] == pytest.approx(0.5, abs=1e-9)  # -6 dB at the cutoff


@pytest.mark.parametrize("fs", [100.0, 240.0])
def test_speed_noise_is_what_white_noise_makes(fs):
    # White position noise through the chain (low-pass, gradient): its variance and its spectrum in
    # a tapered window agree with speed_noise_var and speed_noise_gain within sampling error.
    var = 0.5
    noise = np.random.default_rng(3).normal(0.0, np.sqrt(var), 400_000)
    vel = np.gradient(zero_phase_lowpass(noise, fs, 10.0), 1 / fs)
    assert np.var(vel[1000:-1000]) == pytest.approx(speed_noise_var(fs, 10.0, var), rel=0.02)
    n = int(2 * fs)
    w = hann_taper(n)
    segs = vel[1000:1000 + 150 * n].reshape(150, n)
    power = np.mean(np.abs(np.fft.rfft(segs * w, axis=1)) ** 2, axis=0)
    f = np.fft.rfftfreq(n, 1 / fs)
    band = (f > 1.0) & (f < 15.0)
    want = np.sum(w * w) * var * speed_noise_gain(f, fs, 10.0) ** 2
    assert np.mean(power[band] / want[band]) == pytest.approx(1.0, abs=0.05)


def test_a_steady_window_reads_as_one_smooth_movement_at_any_speed():
    # A constant speed, tapered, is the taper itself: the same SPARC and LDLJ however fast.
    for speed in (5.0, 50.0, 500.0):
        for sp, lj, seconds in windowed_smoothness(np.full(600, speed), 100.0, 0.0, 10.0):
            assert sp == pytest.approx(TAPER_SPARC, abs=1e-12)
            assert lj == pytest.approx(TAPER_LDLJ, abs=1e-12)
            assert seconds == 2.0
    assert TAPER_SPARC == pytest.approx(-1.401, abs=1e-3)
    assert TAPER_LDLJ == pytest.approx(-5.252, abs=1e-3)


def test_noise_is_taken_out_and_a_real_wobble_is_kept():
    fs, var = 100.0, 0.3
    rng = np.random.default_rng(5)
    t = np.arange(200) / fs
    steady = 60.0 + np.gradient(zero_phase_lowpass(rng.normal(0, np.sqrt(var), 200), fs, 10.0), 1 / fs)
    clean = denoised_window(steady, fs, 10.0, var)
    # What is left of the noise is far below it: the window reads (nearly) as steady.
    assert ldlj(clean, fs) == pytest.approx(TAPER_LDLJ, abs=0.3)
    assert ldlj(hann_taper(200) * steady, fs) < TAPER_LDLJ - 1.0
    # A 3 Hz speed wobble of 20 units/s stands far above that noise and is kept.
    wobbly = steady + 20.0 * np.sin(2 * np.pi * 3.0 * t)
    assert ldlj(denoised_window(wobbly, fs, 10.0, var), fs) < TAPER_LDLJ - 2.0
    # A frequency loses exactly NOISE_Z times the noise's power there, or all of itself.
    assert NOISE_Z == 3.0


def test_a_window_slower_than_its_noise_says_nothing():
    fs, var = 100.0, 0.3
    s = np.sqrt(speed_noise_var(fs, 10.0, var))
    assert denoised_window(np.full(200, 2.9 * s), fs, 10.0, var) is None
    assert denoised_window(np.full(200, 3.1 * s), fs, 10.0, var) is not None
    assert windowed_smoothness(np.full(200, 2.9 * s), fs, var, 10.0) == []


def test_amplitude_scaling_leaves_both_unchanged():
    v = bell()
    assert sparc(3 * v, 100.0) == pytest.approx(sparc(v, 100.0), abs=1e-12)
    assert ldlj(3 * v, 100.0) == pytest.approx(ldlj(v, 100.0), abs=1e-12)


def test_duration_scaling_leaves_both_nearly_unchanged():
    # Doubling the duration changes the sampling of the same shape, so equality is only
    # approximate: measured 7.6e-7 (SPARC) and 4.1e-4 (LDLJ, whose T = N/fs counts samples).
    v, v2 = bell(2.0), bell(4.0, amplitude=3.0)
    assert sparc(v2, 100.0) == pytest.approx(sparc(v, 100.0), abs=1e-5)
    assert ldlj(v2, 100.0) == pytest.approx(ldlj(v, 100.0), abs=1e-3)


@pytest.mark.parametrize("name", list(profiles()))
@pytest.mark.parametrize("fs", [100.0, 120.0])
def test_matches_monalysa(name, fs):
    v = profiles()[name]
    assert sparc(v, fs) == pytest.approx(mona_sparc(v, fs)[0], abs=1e-9)
    assert ldlj(v, fs) == pytest.approx(log_dimensionless_jerk(v, fs, data_type="vel"), abs=1e-9)


@pytest.mark.parametrize("padlevel,fc,amp_th", [(3, 10.0, 0.05), (5, 6.0, 0.1), (4, 20.0, 0.02)])
def test_sparc_options_match_monalysa(padlevel, fc, amp_th):
    v = profiles()["two_peaks"]
    want = mona_sparc(v, 100.0, padlevel=padlevel, fc=fc, amp_th=amp_th)[0]
    assert sparc(v, 100.0, padlevel=padlevel, fc=fc, amp_th=amp_th) == pytest.approx(want, abs=1e-9)


def test_degenerate_profiles_are_refused():
    with pytest.raises(ValueError):
        sparc(np.zeros(50), 100.0)
    with pytest.raises(ValueError):
        ldlj(np.zeros(50), 100.0)
    with pytest.raises(ValueError):
        ldlj(np.array([1.0, 2.0]), 100.0)


def test_lowpass_equals_scipy_filtfilt():
    # Same Butterworth, same odd extension: interior and edges agree with scipy's filtfilt
    # when its padding is as long as our impulse response.
    rng = np.random.default_rng(7)
    x = np.cumsum(rng.standard_normal(400))
    b, a = butter(2, 10.0 / 50.0)
    want = filtfilt(b, a, x, padlen=len(_impulse_response(10.0, 100.0)))
    np.testing.assert_allclose(zero_phase_lowpass(x, 100.0, 10.0), want, rtol=0, atol=1e-9)


def test_lowpass_keeps_a_ramp():
    x = 3.0 + 0.25 * np.arange(300)
    np.testing.assert_allclose(zero_phase_lowpass(x, 100.0, 10.0), x, rtol=0, atol=1e-9)


def test_speed_profile_of_constant_velocity_with_uneven_and_repeated_times():
    rng = np.random.default_rng(3)
    t = np.sort(np.concatenate(([0.0, 2.0], rng.uniform(0, 2, 300))))
    t = np.repeat(t, rng.integers(1, 3, len(t)))  # some timestamps twice (same frame)
    xy = np.column_stack((100 + 60 * t, 200 + 80 * t))  # 100 units/s along (0.6, 0.8)
    v = speed_profile(t, xy)
    assert len(v) == 201  # 0 .. 2 s at 100 Hz
    np.testing.assert_allclose(v, 100.0, rtol=0, atol=1e-9)


def test_speed_profile_repeated_time_keeps_last_position():
    t = np.array([0.0, 0.25, 0.25, 0.5])
    xy = np.array([[0.0, 0.0], [99.0, 0.0], [50.0, 0.0], [100.0, 0.0]])
    want = speed_profile(np.array([0.0, 0.25, 0.5]), xy[[0, 2, 3]])
    np.testing.assert_array_equal(speed_profile(t, xy), want)
    assert len(want) == 51


def test_speed_profile_of_a_bell_matches_its_analytic_speed_in_the_middle():
    # x(t) = integral of a slow bell (energy far below 10 Hz): the filter leaves it alone.
    fs = 100.0
    t = np.arange(0, 2.0 + 1e-9, 1 / 240)
    x = 100 * (1 + np.tanh(3 * (t - 1)))  # speed 300 / cosh^2(3 (t - 1))
    v = speed_profile(t, np.column_stack((x, np.zeros_like(x))), fs)
    grid = np.arange(len(v)) / fs
    mid = slice(20, -20)
    np.testing.assert_allclose(v[mid], 300 / np.cosh(3 * (grid[mid] - 1)) ** 2, rtol=2e-3)


@pytest.mark.parametrize("t,xy", [
    ([0.0], [[1.0, 1.0]]),                                        # one sample
    ([0.0, 0.19], [[0.0, 0.0], [50.0, 0.0]]),                     # under 0.2 s
    ([0.0, 0.1, 0.5], [[5.0, 5.0], [5.0, 5.0], [5.0, 5.0]]),      # no movement
    ([0.3, 0.3, 0.3], [[0.0, 0.0], [1.0, 0.0], [2.0, 0.0]]),      # no time passes
])
def test_speed_profile_too_little_to_say(t, xy):
    assert speed_profile(np.array(t), np.array(xy)).shape == (0,)


def test_speed_profile_minimum_stroke():
    v = speed_profile(np.array([0.0, 0.2]), np.array([[0.0, 0.0], [20.0, 0.0]]))
    assert len(v) == 21 >= MIN_SAMPLES
    np.testing.assert_allclose(v, 100.0, atol=1e-9)
    assert speed_profile(np.array([0.0, 0.2]), np.array([[0.0, 0.0], [20.0, 0.0]]), fs=15.0, cutoff_hz=5.0).shape == (0,)  # 4 samples
