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


def ldlj(speed: np.ndarray, fs: float) -> float:
    """Log dimensionless jerk of a speed profile; more negative is less smooth.

    LDLJ = -ln( T^3 / v_peak^2 * sum((d2v/dt2)^2) dt ), with T = N/fs and the second
    derivative as a second difference, as in monalysa's log_dimensionless_jerk(data_type='vel').
    Raises ValueError for fewer than 3 samples or an all-zero profile.
    """
    v = np.asarray(speed, dtype=np.float64)
    if v.ndim != 1 or len(v) < 3:
        raise ValueError("speed must be a 1-D array of at least 3 samples")
    if not fs > 0:
        raise ValueError(f"fs must be positive, got {fs}")
    dt = 1.0 / fs
    jerk = np.abs(np.diff(v, n=2)) / dt ** 2
    cost = np.sum(jerk ** 2) * dt
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


# Smoothness of a long trace. SPARC and LDLJ describe one movement's shape; over a whole trace
# LDLJ mostly measures how long it lasted (more sub-movements, more jerk). So a trace is measured
# in fixed windows of WINDOW_S seconds, HOP_S apart (50 % overlap; the last window is aligned to
# the end so that every moment is covered), and the windows' values are averaged weighted by each
# window's duration: equal time counts equally, however the trace was cut into strokes. A piece
# shorter than a window is one window of its own length.
#
# Two things keep a window's value about the movement rather than about its speed or the device:
# - Taper. A window cut out of a steady movement starts and ends at full speed; measured as it is,
#   those cut edges look like an abrupt start and stop, and the slower the drawing the more of the
#   window is steady cruising (Balasubramanian et al. 2015 define both measures for movements that
#   start and end at rest). Each window is weighted by a Hann taper, so a perfectly steady
#   movement reads as one smooth movement (SPARC -1.40, LDLJ -5.25, TAPER_SPARC/TAPER_LDLJ) at any
#   speed, and only changes of speed within the window make it read less smooth.
# - Noise. Pixel quantisation and touch jitter add speed noise whose power does not depend on how
#   fast the child draws, so a slow, careful trace would read jerky. The noise each sample carries
#   is estimated from the recording itself (trajectory.Piece.noise_density), its expected spectrum
#   in the window follows from the filter and the derivative (speed_noise_gain), and spectral
#   subtraction (Boll 1979, IEEE Trans. ASSP 27(2):113-120) keeps of each frequency only what lies
#   above NOISE_Z times the noise there. A window whose mean speed is under MIN_SPEED_SNR times the
#   speed noise (a pen resting, or creeping by a pixel now and then) says nothing.
WINDOW_S = 2.0
HOP_S = 1.0
NOISE_Z = 3.0        # a frequency keeps only what lies above 3x the noise's RMS there (noise alone passes 1 in 8,000)
MIN_SPEED_SNR = 3.0  # mean speed over 3x the speed noise's RMS, or the window says nothing


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


def hann_taper(n: int) -> np.ndarray:
    """Hann weights sampled at the middles of n equal steps: never exactly zero, symmetric, peak ~1."""
    return 0.5 - 0.5 * np.cos(2.0 * np.pi * (np.arange(n) + 0.5) / n)


def lowpass_gain(f: np.ndarray, fs: float, cutoff_hz: float) -> np.ndarray:
    """Amplitude gain of `zero_phase_lowpass` at frequencies f (Hz): |H|^2 of the Butterworth section."""
    (b0, b1, b2), (a1, a2) = _butter2_lowpass(cutoff_hz, fs)
    z1 = np.exp(-2j * np.pi * np.asarray(f, dtype=np.float64) / fs)
    h = (b0 + b1 * z1 + b2 * z1 * z1) / (1.0 + a1 * z1 + a2 * z1 * z1)
    return np.abs(h) ** 2


def speed_noise_gain(f: np.ndarray, fs: float, cutoff_hz: float, filter_fs: float | None = None) -> np.ndarray:
    """Gain from position noise to speed noise at frequencies f: the low-pass (run at `filter_fs`,
    by default fs), then np.gradient at fs (a central difference, gain fs * |sin(2 pi f / fs)|).
    Where the pen moves, the speed's noise is the velocity noise along the direction of motion: one
    coordinate's worth."""
    ff = np.asarray(f, dtype=np.float64)
    return lowpass_gain(ff, filter_fs or fs, cutoff_hz) * fs * np.abs(np.sin(2.0 * np.pi * ff / fs))


def speed_noise_var(fs: float, cutoff_hz: float, grid_var: float, filter_fs: float | None = None) -> float:
    """Variance ((units/s)^2) of one coordinate's velocity noise made by white position noise of
    variance `grid_var` per sample on a uniform grid at fs (Parseval over 0..fs/2)."""
    f = np.linspace(0.0, fs / 2.0, 4097)
    g2 = speed_noise_gain(f, fs, cutoff_hz, filter_fs) ** 2
    return float(grid_var * np.mean(0.5 * (g2[1:] + g2[:-1])))


def denoised_window(speed: np.ndarray, fs: float, cutoff_hz: float, grid_var: float, *,
                    noise_var: float | None = None, gain: np.ndarray | None = None) -> np.ndarray | None:
    """One window's speed, tapered and with the noise's part taken out (see WINDOW_S); None when
    the window says nothing (the pen hardly moved for the noise there is).

    `grid_var`: the position noise per coordinate as white noise on this grid (variance per
    sample). The noise's expected power in DFT bin k of the tapered window is
    sum(w^2) * grid_var * gain(f_k)^2, plus, for a slow pen, the part of the noise across the
    direction of motion that reaches the speed squared (n^2 / 2v: variance s^4 / 2v^2, spread
    below twice the cutoff). Each bin keeps sqrt(max(0, 1 - NOISE_Z^2 noise / |X|^2)) of itself.
    `noise_var` (speed_noise_var) and `gain` (speed_noise_gain at the window's rfft frequencies)
    may be given when already known: windows of one piece share them.
    """
    v = np.asarray(speed, dtype=np.float64)
    n = len(v)
    w = hann_taper(n)
    s2 = speed_noise_var(fs, cutoff_hz, grid_var) if noise_var is None else noise_var
    mean = float(np.sum(w * v) / np.sum(w))
    if not mean > MIN_SPEED_SNR * math.sqrt(s2):
        return None
    x = np.fft.rfft(w * v)
    if gain is None:
        gain = speed_noise_gain(np.fft.rfftfreq(n, 1.0 / fs), fs, cutoff_hz)
    across = s2 * s2 / (2.0 * mean * mean) * (fs / 2.0) / (2.0 * cutoff_hz)
    noise = np.sum(w * w) * (grid_var * gain ** 2 + across)
    power = np.abs(x) ** 2
    share = np.zeros_like(power)
    np.divide(NOISE_Z * NOISE_Z * noise, power, out=share, where=power > NOISE_Z * NOISE_Z * noise)
    keep = np.where(power > NOISE_Z * NOISE_Z * noise, np.sqrt(1.0 - share), 0.0)
    return np.fft.irfft(x * keep, n)


TAPER_SPARC = sparc(hann_taper(200), 100.0)   # a perfectly steady 2 s window (see WINDOW_S)
TAPER_LDLJ = ldlj(hann_taper(200), 100.0)


def windowed_smoothness(speed: np.ndarray, fs: float, grid_var: float, cutoff_hz: float,
                        window_s: float = WINDOW_S, hop_s: float = HOP_S,
                        filter_fs: float | None = None) -> list[tuple[float, float, float]]:
    """(sparc, ldlj, seconds) for each window of a uniformly sampled speed profile that says something.

    Both measures are the published ones, on the window's tapered, denoised speed
    (`denoised_window`). A window says nothing when it is shorter than MIN_STROKE_S or
    MIN_SAMPLES, when the pen hardly moved for the noise there is, or when nothing is left of it.
    `filter_fs`: the rate the positions were low-passed at, when the speed was then resampled to fs
    (the noise's gain follows the filter as it ran).
    """
    v = np.asarray(speed, dtype=np.float64)
    out = []
    s2 = speed_noise_var(fs, cutoff_hz, grid_var, filter_fs)
    gains: dict[int, np.ndarray] = {}
    for sl in window_slices(len(v), fs, window_s, hop_s):
        n = sl.stop - sl.start
        seconds = n / fs
        if n < MIN_SAMPLES or seconds < MIN_STROKE_S:
            continue
        if n not in gains:
            gains[n] = speed_noise_gain(np.fft.rfftfreq(n, 1.0 / fs), fs, cutoff_hz, filter_fs)
        x = denoised_window(v[sl], fs, cutoff_hz, grid_var, noise_var=s2, gain=gains[n])
        if x is None or not np.max(np.abs(x)) > 0:
            continue
        try:
            out.append((sparc(x, fs), ldlj(x, fs), seconds))
        except ValueError:
            continue  # a movement too small or too even to measure: it says nothing about smoothness
    return out
