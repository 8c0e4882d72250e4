"""Smoothness: SPARC and LDLJ against the published values and monalysa; speed profiles."""
from __future__ import annotations

import numpy as np
import pytest
from monalysa.quality.smoothness import log_dimensionless_jerk
from monalysa.quality.smoothness import sparc as mona_sparc
from scipy.signal import butter, filtfilt

from game.metrics.smoothness import (
    MIN_SAMPLES,
    _impulse_response,
    ldlj,
    noise_jerk_power,
    sparc,
    speed_profile,
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


def test_a_jerk_floor_adds_to_the_jerk_it_cannot_tell_apart():
    # LDLJ = -ln(T^3 / vpk^2 * (cost + floor * T)): with the floor equal to the profile's own mean
    # squared jerk (cost / T), the dimensionless jerk doubles and LDLJ drops by exactly ln 2.
    t = np.arange(-1, 1, 0.01)
    v = np.exp(-5 * t ** 2)
    T, fs = len(v) / 100.0, 100.0
    own = np.sum((np.diff(v, n=2) * fs * fs) ** 2) / fs / T
    assert ldlj(v, fs, jerk_floor=0.0) == ldlj(v, fs)
    assert ldlj(v, fs, jerk_floor=own) == pytest.approx(-5.81636 - np.log(2.0), abs=1e-5)
    with pytest.raises(ValueError):
        ldlj(v, fs, jerk_floor=-1.0)
    # A profile with no jerk of its own reads the floor alone: -ln(T^4 floor / vpk^2).
    flat = np.full(200, 50.0)
    assert ldlj(flat, fs, jerk_floor=3.0e6) == pytest.approx(-np.log(2.0 ** 4 * 3.0e6 / 50.0 ** 2), abs=1e-12)


@pytest.mark.parametrize("cutoff", [6.0, 10.0])
def test_noise_jerk_power_is_what_white_noise_makes(cutoff):
    # White noise of variance 0.5 pushed through the same chain (low-pass, gradient, second
    # difference): its mean squared jerk matches the Parseval sum within sampling error.
    fs, var = 100.0, 0.5
    noise = np.random.default_rng(3).normal(0.0, np.sqrt(var), 200_000)
    jerk = np.diff(np.gradient(zero_phase_lowpass(noise, fs, cutoff), 1 / fs), n=2) * fs * fs
    assert np.mean(jerk[1000:-1000] ** 2) == pytest.approx(noise_jerk_power(fs, cutoff, var), rel=0.02)
    assert noise_jerk_power(fs, cutoff, 2 * var) == pytest.approx(2 * noise_jerk_power(fs, cutoff, var), rel=1e-12)


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
