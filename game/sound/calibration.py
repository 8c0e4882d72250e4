"""How late a scheduled click is heard: two ways to measure it, and which value an attempt uses.

Pure (numpy only); the "Sound timing" screen (game/scenes/sound_timing.py) runs them on real sound.

- With a microphone (as REPP, Anglada-Tort et al. 2022, finds its markers): clicks are played at
  known times and found in the recording by normalised cross-correlation with the click's own
  waveform, each in a window after its scheduled time. The delay is the median of (found −
  scheduled) over at least MIN_CLICKS clicks. It includes the microphone's own input delay, which
  is small for a built-in or wired microphone and which SDL does not report.
- Without one: a grown-up taps along to clicks, then to flashes. Each tap's asynchrony (tap −
  stimulus) is the sense's delay plus the person's own lead or lag; the difference of the two
  medians is the sound's extra delay over the picture's (flashes are timed from the frame that
  first showed them, so the frame rate adds nothing; the display's own lag remains).

Stray values (a knock taken for a click, a tap gone astray) are left out first: those beyond
Tukey's far-out fences, 3 IQR outside the quartiles (at least FENCE_MIN_MS). A result is refused,
saying why, when it is too noisy (IQR over MAX_IQR_MS) or rests on too few clicks or taps.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Sequence

import numpy as np

MIN_CLICKS = 10         # the microphone way needs this many clicks found
MIN_TAPS = 10           # the tapping way needs this many matched taps in each half
WARMUP_BEATS = 3        # the first taps of each half find the beat; they are left out
MAX_IQR_MS = 30.0       # a spread wider than this is refused as noisy
FENCE_MIN_MS = 10.0     # the far-out fences are never closer than this to the quartiles
MAX_DELAY_MS = 500.0    # the range a delay is kept in (settings.toml's audio_latency_ms takes 0-500 too)
MIN_MATCH = 0.3         # normalised cross-correlation a recorded click must reach to count as found
SEARCH_S = (-0.05, 0.6)  # where a click is looked for, from its scheduled time (Bluetooth: up to ~0.3 s)


@dataclass(frozen=True)
class DelayEstimate:
    """One calibration's outcome: the delay (None when refused), its spread and what it rests on."""

    method: str                                # "microphone" or "taps"
    delay_ms: float | None
    iqr_ms: float | None                       # the spread shown (taps: the wider of the two halves)
    n: int                                     # clicks found, or taps matched in the smaller half
    values_ms: tuple[float, ...] = ()          # per click (microphone) or per tap to clicks (taps)
    flash_values_ms: tuple[float, ...] = ()    # taps only: per tap to flashes
    problem: str = ""                          # why it was refused; "" when accepted
    details: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problem and self.delay_ms is not None


def iqr(values: Sequence[float]) -> float:
    """Interquartile range (75th − 25th percentile, linear interpolation)."""
    q75, q25 = np.percentile(np.asarray(values, dtype=np.float64), [75, 25])
    return float(q75 - q25)


def without_strays(values: Sequence[float]) -> list[float]:
    """The values inside Tukey's far-out fences: Q1 − 3·IQR .. Q3 + 3·IQR (each at least FENCE_MIN_MS out)."""
    if len(values) < 4:
        return list(values)
    q75, q25 = np.percentile(np.asarray(values, dtype=np.float64), [75, 25])
    reach = max(3.0 * (q75 - q25), FENCE_MIN_MS)
    return [v for v in values if q25 - reach <= v <= q75 + reach]


def _ncc(signal: np.ndarray, template: np.ndarray) -> np.ndarray:
    """Normalised cross-correlation of `template` at every offset fully inside `signal` (-1..1)."""
    n = len(template)
    tpl = template - template.mean()
    tnorm = float(np.sqrt(np.sum(tpl * tpl)))
    if len(signal) < n or tnorm == 0:
        return np.zeros(0)
    num = np.correlate(signal, tpl, mode="valid")
    c1 = np.concatenate([[0.0], np.cumsum(signal)])
    c2 = np.concatenate([[0.0], np.cumsum(signal * signal)])
    s1 = c1[n:] - c1[:-n]
    energy = np.maximum(c2[n:] - c2[:-n] - s1 * s1 / n, 0.0)
    den = np.sqrt(energy) * tnorm
    out = np.zeros_like(num)
    np.divide(num, den, out=out, where=den > 1e-12)
    return out


def click_delays(recording: np.ndarray, rate: int, template: np.ndarray,
                 scheduled_s: Sequence[float]) -> list[float | None]:
    """For each click scheduled at a time (seconds from the recording's first sample), found − scheduled
    in ms, or None where no click matches well enough (MIN_MATCH) in its search window."""
    x = np.asarray(recording, dtype=np.float64).reshape(len(recording), -1).mean(axis=1)
    tpl = np.asarray(template, dtype=np.float64).reshape(len(template), -1).mean(axis=1)
    out: list[float | None] = []
    for t in scheduled_s:
        lo = max(0, int(round((t + SEARCH_S[0]) * rate)))
        hi = min(len(x), int(round((t + SEARCH_S[1]) * rate)) + len(tpl))
        corr = _ncc(x[lo:hi], tpl)
        if corr.size == 0:
            out.append(None)
            continue
        k = int(np.argmax(corr))
        out.append(((lo + k) / rate - t) * 1000.0 if corr[k] >= MIN_MATCH else None)
    return out


def from_recording(recording: np.ndarray, rate: int, template: np.ndarray,
                   scheduled_s: Sequence[float]) -> DelayEstimate:
    """The microphone way: the median delay of the clicks found, refused if too few or too spread."""
    heard = [d for d in click_delays(recording, rate, template, scheduled_s) if d is not None]
    found = without_strays(heard)
    details = {"clicks_played": len(scheduled_s), "clicks_found": len(heard), "strays_left_out": len(heard) - len(found)}
    if len(found) < MIN_CLICKS:
        return DelayEstimate("microphone", None, None, len(found), tuple(found), problem=(
            f"only {len(found)} of {len(scheduled_s)} clicks were heard by the microphone (at least "
            f"{MIN_CLICKS} are needed): turn the sound up, bring the microphone closer, keep the room quiet"),
            details=details)
    spread = iqr(found)
    if spread > MAX_IQR_MS:
        return DelayEstimate("microphone", None, spread, len(found), tuple(found), problem=(
            f"the clicks were found {spread:.0f} ms apart from each other (IQR; at most {MAX_IQR_MS:.0f} ms "
            "is kept): too noisy, try again somewhere quieter"), details=details)
    return _in_range(DelayEstimate("microphone", float(np.median(found)), spread, len(found), tuple(found),
                                   details=details))


def asynchronies(beats_s: Sequence[float], taps_s: Sequence[float], skip: int = WARMUP_BEATS) -> list[float]:
    """Tap − beat in ms for each beat after the first `skip`: the nearest tap within half the interval
    to the beats either side (each tap used once)."""
    beats = sorted(beats_s)
    taps = sorted(taps_s)
    used: set[int] = set()
    out: list[float] = []
    for k, b in enumerate(beats):
        before = b - beats[k - 1] if k > 0 else (beats[1] - b if len(beats) > 1 else 1.0)
        after = beats[k + 1] - b if k + 1 < len(beats) else before
        best = None
        for i, t in enumerate(taps):
            if i in used or not -before / 2 <= t - b < after / 2:
                continue
            if best is None or abs(t - b) < abs(taps[best] - b):
                best = i
        if best is not None:
            used.add(best)
            if k >= skip:
                out.append((taps[best] - b) * 1000.0)
    return out


def from_taps(click_beats_s: Sequence[float], click_taps_s: Sequence[float],
              flash_beats_s: Sequence[float], flash_taps_s: Sequence[float]) -> DelayEstimate:
    """The tapping way: median(taps − clicks) − median(taps − flashes), refused if either half is too
    short or too spread."""
    all_heard = asynchronies(click_beats_s, click_taps_s)
    all_seen = asynchronies(flash_beats_s, flash_taps_s)
    heard, seen = without_strays(all_heard), without_strays(all_seen)
    n = min(len(heard), len(seen))
    details = {"taps_to_clicks": len(heard), "taps_to_flashes": len(seen),
               "strays_left_out": len(all_heard) - len(heard) + len(all_seen) - len(seen)}
    for name, values in (("clicks", heard), ("flashes", seen)):
        if len(values) < MIN_TAPS:
            return DelayEstimate("taps", None, None, n, tuple(heard), tuple(seen), problem=(
                f"only {len(values)} taps matched the {name} (at least {MIN_TAPS} are needed after the first "
                f"{WARMUP_BEATS}): tap once on every {name[:-1] if name == 'clicks' else 'flash'}"), details=details)
    spreads = {"clicks": iqr(heard), "flashes": iqr(seen)}
    details.update({"iqr_clicks_ms": spreads["clicks"], "iqr_flashes_ms": spreads["flashes"],
                    "median_clicks_ms": float(np.median(heard)), "median_flashes_ms": float(np.median(seen))})
    worst = max(spreads, key=lambda k: spreads[k])
    if spreads[worst] > MAX_IQR_MS:
        return DelayEstimate("taps", None, spreads[worst], n, tuple(heard), tuple(seen), problem=(
            f"the taps to the {worst} were {spreads[worst]:.0f} ms spread (IQR; at most {MAX_IQR_MS:.0f} ms is "
            "kept): too uneven to tell, try again, tapping as evenly as you can"), details=details)
    delay = float(np.median(heard) - np.median(seen))
    return _in_range(DelayEstimate("taps", delay, spreads[worst], n, tuple(heard), tuple(seen), details=details))


def _in_range(est: DelayEstimate) -> DelayEstimate:
    """Refuse a delay outside 0..MAX_DELAY_MS, saying what it means."""
    d = est.delay_ms
    if d is None or 0.0 <= d <= MAX_DELAY_MS:
        return est
    why = (f"the sound came {-d:.0f} ms before the picture: there is no sound delay to correct (keep 0)"
           if d < 0 else f"{d:.0f} ms is more than {MAX_DELAY_MS:.0f} ms: check the output and try again")
    return replace(est, delay_ms=None, problem=why)


@dataclass(frozen=True)
class LatencyChoice:
    """The audio latency an attempt is scored with, and where it came from."""

    ms: float
    source: str                    # "setting" (audio_latency_ms in settings.toml), "calibration" or "none"
    measured_at: str | None = None  # the calibration's date (UTC ISO), when from one
    method: str | None = None       # the calibration's method


def latency_to_use(setting_ms: float | None, calibration_ms: float | None = None,
                   measured_at: str | None = None, method: str | None = None) -> LatencyChoice:
    """settings.toml's audio_latency_ms overrides; else this output's latest calibration; else 0."""
    if setting_ms is not None:
        return LatencyChoice(float(setting_ms), "setting")
    if calibration_ms is not None:
        return LatencyChoice(round(float(calibration_ms), 3), "calibration", measured_at, method)
    return LatencyChoice(0.0, "none")
