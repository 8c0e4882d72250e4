"""Movement smoothness from a speed profile: SPARC and LDLJ (Balasubramanian et al. 2012, 2015).

Both are dimensionless, so a slow small child and a fast large one compare on shape alone.
`sparc` and `ldlj` reproduce the reference implementation (monalysa 0.2.1) number for
number; `speed_profile` turns a raw, unevenly sampled pen stroke into the uniformly sampled,
low-passed speed profile they expect.
"""
from __future__ import annotations

import math

import numpy as np

# A stroke shorter than this says nothing about smoothness: both measures describe a whole
# movement's shape, and a sub-0.2 s touch is a tap or a slip.
MIN_STROKE_S = 0.2
# Fewest uniform samples for a profile (LDLJ needs a second difference; fewer than 5 points
# leave nothing between the edges).
MIN_SAMPLES = 5
# Impulse-response tail below this fraction of its peak is dropped (far under float rounding).
_IR_TOL = 1e-17
_IR_MAX = 100_000


def sparc(speed: np.ndarray, fs: float, padlevel: int = 4, fc: float = 10.0, amp_th: float = 0.05) -> float:
    """Spectral arc length of a speed profile; closer to 0 is smoother.

    V(f) = |FFT(speed)| zero-padded to 2^(ceil(log2 N) + padlevel) points, normalised by its
    peak; the arc length is taken from the first to the last frequency (up to fc) where
    V >= amp_th. Raises ValueError for fewer than 2 samples or an all-zero profile.
    """
    v = np.asarray(speed, dtype=np.float64)
    if v.ndim != 1 or len(v) < 2:
        raise ValueError("speed must be a 1-D array of at least 2 samples")
    if not fs > 0:
        raise ValueError(f"fs must be positive, got {fs}")
    nfft = int(2 ** (math.ceil(math.log2(len(v))) + padlevel))
    # Real input: the spectrum is symmetric, so the half from rfft has the same peak and the
    # same values up to fs/2 (fc must be below fs/2), at half the cost of a full FFT.
    mag = np.abs(np.fft.rfft(v, nfft))
    f = np.arange(len(mag)) * (fs / nfft)
    peak = mag.max()
    if not peak > 0:
        raise ValueError("speed is zero throughout; smoothness is undefined")
    mag = mag / peak
    band = f <= fc
    f_sel, m_sel = f[band], mag[band]
    above = np.flatnonzero(m_sel >= amp_th)
    f_sel = f_sel[above[0]:above[-1] + 1]
    m_sel = m_sel[above[0]:above[-1] + 1]
    if len(f_sel) < 2:
        raise ValueError("spectrum too narrow for an arc length (profile too short for fs/padlevel)")
    df = np.diff(f_sel) / (f_sel[-1] - f_sel[0])
    dm = np.diff(m_sel)
    return float(-np.sum(np.sqrt(df * df + dm * dm)))


def ldlj(speed: np.ndarray, fs: float, jerk_floor: float = 0.0) -> float:
    """Log dimensionless jerk of a speed profile; more negative is less smooth.

    LDLJ = -ln( T^3 / v_peak^2 * sum((d2v/dt2)^2) dt ), with T = N/fs and the second
    derivative as a second difference, as in monalysa's log_dimensionless_jerk(data_type='vel').
    `jerk_floor` (mean squared jerk, (units/s^3)^2) is added to the jerk over the whole profile,
    cost + jerk_floor * T: the jerk that measurement noise alone makes, below which a movement's
    own jerk cannot be told apart (see `noise_jerk_power`). 0 gives the published measure.
    Raises ValueError for fewer than 3 samples or an all-zero profile.
    """
    v = np.asarray(speed, dtype=np.float64)
    if v.ndim != 1 or len(v) < 3:
        raise ValueError("speed must be a 1-D array of at least 3 samples")
    if not fs > 0:
        raise ValueError(f"fs must be positive, got {fs}")
    dt = 1.0 / fs
    jerk = np.abs(np.diff(v, n=2)) / dt ** 2
    if not jerk_floor >= 0:
        raise ValueError(f"jerk_floor must be >= 0, got {jerk_floor}")
    cost = np.sum(jerk ** 2) * dt + jerk_floor * len(v) * dt
    duration = (len(v) * dt) ** 3
    amplitude = np.max(np.abs(v)) ** 2
    if not amplitude > 0:
        raise ValueError("speed is zero throughout; smoothness is undefined")
    if not cost > 0:
        raise ValueError("speed has no jerk at all (a straight-line profile); LDLJ is unbounded")
    return float(-np.log(duration) + np.log(amplitude) - np.log(cost))


def _butter2_lowpass(fc: float, fs: float) -> tuple[tuple[float, float, float], tuple[float, float]]:
    """Second-order Butterworth low-pass by the bilinear transform (cutoff pre-warped)."""
    k = math.tan(math.pi * fc / fs)
    norm = 1.0 / (1.0 + math.sqrt(2.0) * k + k * k)
    b0 = k * k * norm
    a1 = 2.0 * (k * k - 1.0) * norm
    a2 = (1.0 - math.sqrt(2.0) * k + k * k) * norm
    return (b0, 2.0 * b0, b0), (a1, a2)


def _impulse_response(fc: float, fs: float) -> np.ndarray:
    """The filter's impulse response, run until it has decayed below float rounding.

    The poles lie well inside the unit circle, so the response dies out geometrically;
    convolving with it equals the recursive filter (to rounding) at numpy speed, with no
    per-sample Python loop over the data.
    """
    (b0, b1, b2), (a1, a2) = _butter2_lowpass(fc, fs)
    h = [b0, b1 - a1 * b0]
    h.append(b2 - a1 * h[1] - a2 * h[0])
    peak = max(abs(x) for x in h)
    while len(h) < _IR_MAX:
        nxt = -a1 * h[-1] - a2 * h[-2]
        h.append(nxt)
        if abs(nxt) < _IR_TOL * peak and abs(h[-2]) < _IR_TOL * peak:
            break
    return np.asarray(h)


def zero_phase_lowpass(x: np.ndarray, fs: float, cutoff_hz: float) -> np.ndarray:
    """Forward-backward 2nd-order Butterworth low-pass of a 1-D signal (no phase lag).

    Zero phase keeps speed peaks where they happened. Edges: the signal is extended by odd
    reflection (continuing its slope, as scipy's filtfilt does) by the impulse response's
    length, then held constant long enough for the filter to settle (steady-state initial
    conditions). For signals longer than the impulse response this equals
    scipy.signal.filtfilt(b, a, x, padlen=len(h)).
    The forward-backward cascade attenuates the cutoff frequency by 6 dB.
    """
    sig = np.asarray(x, dtype=np.float64)
    if sig.ndim != 1 or len(sig) == 0:
        raise ValueError("x must be a non-empty 1-D array")
    if not 0 < cutoff_hz < fs / 2:
        raise ValueError(f"cutoff_hz must be between 0 and fs/2 ({fs / 2}), got {cutoff_hz}")
    h = _impulse_response(cutoff_hz, fs)
    n = len(sig)
    # Odd-reflect until the padding covers the impulse response; a short signal is reflected
    # again and again (a straight ramp stays a straight ramp however often it is reflected).
    ext, pad = sig, 0
    while pad < len(h) and len(ext) > 1:
        k = min(len(ext) - 1, len(h) - pad)
        ext = np.concatenate((2 * ext[0] - ext[k:0:-1], ext, 2 * ext[-1] - ext[-2:-k - 2:-1]))
        pad += k
    hold = len(h)
    ext = np.concatenate((np.full(hold, ext[0]), ext, np.full(hold, ext[-1])))
    fwd = np.convolve(ext, h)[:len(ext)]
    back = np.convolve(fwd[::-1], h)[:len(ext)][::-1]
    return back[hold + pad:hold + pad + n]


# Jerk is a third derivative of position: differentiating multiplies noise by its frequency, so
# position noise reaches jerk amplified as f^3 and its power as f^6, and the cutoff that suits
# positions (10 Hz, where handwriting's energy ends) leaves jerk made mostly of noise. Higher
# derivatives want lower cutoffs (Giakas & Baltzopoulos 1997, J. Biomech. 30(8):851-855); 6 Hz
# keeps the strokes of handwriting (2-5 Hz) and a 5 Hz tremor, and cuts the f^6 noise power
# between 6 and 10 Hz, where it is largest.
JERK_CUTOFF_HZ = 6.0


def noise_jerk_power(fs: float, cutoff_hz: float, grid_var: float) -> float:
    """Mean squared jerk ((units/s^3)^2) that white position noise makes in an LDLJ speed profile.

    The noise has variance `grid_var` per coordinate on a uniform grid at `fs`; the profile is
    made as the tracing metrics make it: `zero_phase_lowpass` at `cutoff_hz`, np.gradient for the
    velocity, then LDLJ's second difference. Where the pen moves, the speed's noise is the
    velocity noise along the direction of motion: one coordinate's worth. By Parseval the answer
    is grid_var times the sum of squares of that chain's impulse response.
    """
    h = _impulse_response(cutoff_hz, fs)
    n = 4 * len(h) + 1
    impulse = np.zeros(n)
    impulse[n // 2] = 1.0
    chain = np.diff(np.gradient(zero_phase_lowpass(impulse, fs, cutoff_hz), 1.0 / fs), n=2) * fs * fs
    return float(grid_var * np.sum(chain * chain))


def speed_profile(t: np.ndarray, xy: np.ndarray, fs: float = 100.0, cutoff_hz: float = 10.0) -> np.ndarray:
    """Speed (play units/s) of one pen-down stroke on a uniform `fs` grid, low-passed.

    x and y are linearly interpolated onto t0, t0 + 1/fs, ... (up to the last sample),
    filtered by `zero_phase_lowpass` (handwriting energy lies below ~10 Hz; the rest is
    touch-screen jitter), differentiated with np.gradient, and combined as |dxy/dt|.
    Repeated timestamps keep the last position reported at that time (events read in one
    frame share a stamp; the last is where the finger was). Returns an empty array when
    the stroke says nothing about smoothness: shorter than MIN_STROKE_S seconds, fewer than
    MIN_SAMPLES grid samples, or no movement at all.
    """
    tt = np.asarray(t, dtype=np.float64)
    p = np.asarray(xy, dtype=np.float64)
    if tt.ndim != 1 or p.shape != (len(tt), 2):
        raise ValueError(f"t must be (n,) and xy (n, 2); got {tt.shape} and {p.shape}")
    if not fs > 0:
        raise ValueError(f"fs must be positive, got {fs}")
    if len(tt) < 2:
        return np.empty(0)
    if np.any(np.diff(tt) < 0):
        raise ValueError("t must not go backwards")
    last = np.concatenate((tt[1:] != tt[:-1], [True]))
    tt, p = tt[last], p[last]
    duration = tt[-1] - tt[0]
    n = int(math.floor(duration * fs + 1e-9)) + 1
    if len(tt) < 2 or duration < MIN_STROKE_S or n < MIN_SAMPLES:
        return np.empty(0)
    if not np.any(p != p[0]):
        return np.empty(0)
    grid = tt[0] + np.arange(n) / fs
    x = zero_phase_lowpass(np.interp(grid, tt, p[:, 0]), fs, cutoff_hz)
    y = zero_phase_lowpass(np.interp(grid, tt, p[:, 1]), fs, cutoff_hz)
    return np.hypot(np.gradient(x, 1.0 / fs), np.gradient(y, 1.0 / fs))


# Smoothness of a long trace: SPARC and LDLJ describe one movement's shape, and over a whole
# trace LDLJ mostly measures how long it lasted (more sub-movements, more jerk). So a trace is
# measured in fixed windows of WINDOW_S seconds, HOP_S apart (50 % overlap; the last window is
# aligned to the end so that every moment is covered), and the windows' values are averaged
# weighted by each window's duration: equal time counts equally, however the trace was cut
# into strokes. A piece shorter than a window is one window of its own length.
WINDOW_S = 2.0
HOP_S = 1.0


def window_slices(n: int, fs: float, window_s: float = WINDOW_S, hop_s: float = HOP_S) -> list[slice]:
    """Sample ranges of the fixed windows over n uniform samples at fs (see WINDOW_S)."""
    size = int(round(window_s * fs))
    hop = max(1, int(round(hop_s * fs)))
    if n <= size:
        return [slice(0, n)]
    starts = list(range(0, n - size + 1, hop))
    if starts[-1] + size < n:
        starts.append(n - size)
    return [slice(s, s + size) for s in starts]


def windowed_smoothness(speed: np.ndarray, fs: float, jerk_speed: np.ndarray | None = None,
                        jerk_floor: float = 0.0, window_s: float = WINDOW_S,
                        hop_s: float = HOP_S) -> list[tuple[float, float, float]]:
    """(sparc, ldlj, seconds) for each window of a uniformly sampled speed profile that says something.

    SPARC is measured on `speed`; LDLJ on `jerk_speed` (the same times, low-passed for jerk; by
    default `speed`) with `jerk_floor` (see `ldlj`). A window says nothing when it is shorter than
    MIN_STROKE_S or MIN_SAMPLES, when the pen did not move in it, or when its profile has no jerk
    at all (a perfectly constant speed, and no floor).
    """
    v = np.asarray(speed, dtype=np.float64)
    vj = v if jerk_speed is None else np.asarray(jerk_speed, dtype=np.float64)
    if vj.shape != v.shape:
        raise ValueError(f"jerk_speed must match speed; got {vj.shape} and {v.shape}")
    out = []
    for sl in window_slices(len(v), fs, window_s, hop_s):
        w = v[sl]
        seconds = len(w) / fs
        if len(w) < MIN_SAMPLES or seconds < MIN_STROKE_S or not w.max() > 0 or not vj[sl].max() > 0:
            continue
        try:
            out.append((sparc(w, fs), ldlj(vj[sl], fs, jerk_floor), seconds))
        except ValueError:
            continue  # a movement too small or too even to measure: it says nothing about smoothness
    return out
