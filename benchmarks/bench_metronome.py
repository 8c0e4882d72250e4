"""Metronome click timing in the audio stream itself (prints figures, asserts nothing).

Run: SDL_VIDEODRIVER=dummy PYTHONPATH=. .venv/bin/python benchmarks/bench_metronome.py [--attempts N]

The drums level levels/tapping/07_alternate_120.toml (120 bpm, 4 count-in clicks and 20 beats: 24
clicks, 23 intervals of 500 ms) is played by the real tapping scene in the real loop (game.app.run_loop,
RealClock, the scene drawing at 60 fps, no taps), with the app's own Sounds on SDL's disk audio driver
(SDL_AUDIODRIVER=disk; SDL_DISKAUDIOFILE names the file). That driver writes the mixed output, sample
by sample, to a raw file at about real time (it sleeps one buffer's worth between buffers), so the file
holds exactly what a sound card would have been given.

Clicks are found in the file: each burst of sound after at least 50 ms of digital silence (the mixer
adds nothing to silence) exactly as long and as loud as the click is one, marked at its first sample.
(A click due at the attempt's very start, a count-in at 0 s, is due a fraction of a ms before its
stream begins: it keeps its place but misses its first samples, so it is counted apart and not
marked.) Intervals between successive clicks of an attempt, in samples, are turned into ms at the stream's rate (the mixer's sample
rate, 44,100 Hz); their spread (max - min) and SD are printed. Nominal: 500 ms = 22,050 samples.
Also printed: the disk driver's own pace (samples written per wall-clock second while the level
played), which is not the nominal rate: the driver sleeps whole milliseconds per buffer, so here it
runs a few per cent fast. Clicks started by the wall clock (the old way) are spaced by that pace, so
their intervals are printed at it too ("interval_ms_at_driver_pace"); a sample-exact stream's are the
nominal interval at the stream's own rate, which is what a sound card plays it at.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SILENCE_S = 0.05


def bursts(samples, rate: int) -> list[tuple[int, int, float]]:
    """(first, last, peak) of each burst of sound that follows at least SILENCE_S of exact zeros (the
    mixer adds nothing to silence)."""
    import numpy as np

    level = np.max(np.abs(samples.astype(np.float64)), axis=1)
    loud = np.flatnonzero(level > 0)
    if loud.size == 0:
        return []
    breaks = np.flatnonzero(np.diff(loud) > SILENCE_S * rate)
    firsts = [int(loud[0])] + [int(loud[i + 1]) for i in breaks]
    lasts = [int(loud[i]) for i in breaks] + [int(loud[-1])]
    return [(a, b, float(level[a:b + 1].max())) for a, b in zip(firsts, lasts)]


def click_marks(samples, rate: int, wave) -> tuple[list[int], int]:
    """Where each whole click is: the first sample of each burst exactly as long and as loud as the click
    (its non-zero span); and how many bursts were clicks cut short (a click due a fraction of a ms before
    its stream began, at an attempt's start: it keeps its place but misses its first samples)."""
    import numpy as np

    level = np.max(np.abs(wave.astype(np.float64)), axis=1)
    nonzero = np.flatnonzero(level > 0)
    span, peak = int(nonzero[-1] - nonzero[0]), float(level.max())
    marks, cut = [], 0
    for a, b, top in bursts(samples, rate):
        if top != peak:
            continue                     # another sound
        if b - a == span:
            marks.append(a)
        elif span - 0.002 * rate <= b - a < span:
            cut += 1
    return marks, cut


def run(attempts: int = 2) -> dict:
    out = Path(tempfile.mkdtemp(prefix="motorplay-metronome-")) / "out.raw"
    os.environ["SDL_AUDIODRIVER"] = "disk"
    os.environ["SDL_DISKAUDIOFILE"] = str(out)
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    sys.path.insert(0, str(ROOT))
    import numpy as np
    import pygame

    from game.app import NoInput, RealClock, make_context, open_display, run_loop, show
    from game.games.tapping.scene import TappingScene
    from game.levels.loader import load_level
    from game.records.db import Database
    from game.scenes.base import SceneStack

    pygame.init()
    folder = Path(tempfile.mkdtemp(prefix="motorplay-bench-"))
    db = Database.open(folder)
    settings: list[dict] = []
    try:
        surface = open_display(hidden=True)
        ctx = make_context(db, headless=False)   # the app's real Sounds, on the disk driver
        ctx.record = False
        # Only the metronome sounds: the results screen's chime would land on the last click, since the
        # disk driver's stream can run behind the wall clock.
        ctx.sounds.play = lambda name: None
        init = pygame.mixer.get_init()
        if init is None or not ctx.sounds.available:
            raise SystemExit("bench_metronome: the disk audio driver did not open")
        rate, size, channels = init
        loaded = load_level(ROOT / "levels" / "tapping" / "07_alternate_120.toml")
        child = db.get_or_add_child("Bench")
        frame_bytes = abs(size) // 8 * channels
        clock = RealClock()
        wall0, bytes0 = time.perf_counter(), out.stat().st_size
        for _ in range(attempts):
            scene = TappingScene(ctx, child, [loaded], 0)
            stack = SceneStack(scene, clock.now())
            run_loop(stack, clock, NoInput(), surface, show,
                     stop=lambda s, playing=scene: s.top is not playing)
            settings.append(scene.score_settings("finished"))
            stack.close(clock.now())
            time.sleep(2.5)   # silence between attempts
        pace = (out.stat().st_size - bytes0) / frame_bytes / (time.perf_counter() - wall0)
        ctx.end_session()
    finally:
        db.close()
        pygame.quit()
    dtype = {-16: "<i2", 16: "<u2", 32: "<f4", 8: "u1", -8: "i1"}[size]
    data = np.fromfile(out, dtype=dtype)
    if size == 16:
        data = data.astype(np.int32) - 32768
    elif size == 8:
        data = data.astype(np.int16) - 128
    data = data[: len(data) // channels * channels].reshape(-1, channels)
    from game.games.tapping.level import beat_interval_s
    from game.games.tapping.rules import click_times
    from game.ui.audio import _to_mixer_array, click

    wave = _to_mixer_array(click(rate), size, channels).reshape(-1, channels)
    marks, cut = click_marks(data, rate, wave)
    nominal = beat_interval_s(loaded.level.tapping)
    gaps = np.diff(marks)
    # Successive clicks of one attempt: a gap near the nominal interval (a dropped click or the pause
    # between attempts makes a longer one, which is counted, not measured).
    near = np.abs(gaps / rate - nominal) < 0.5 * nominal
    intervals = gaps[near]

    def figures(ms) -> dict:
        return {"mean": round(float(np.mean(ms)), 4), "min": round(float(np.min(ms)), 4),
                "max": round(float(np.max(ms)), 4), "spread": round(float(np.max(ms) - np.min(ms)), 4),
                "sd": round(float(np.std(ms, ddof=1)), 4)}

    return {
        "clicks_played": attempts * len(click_times(loaded.level.tapping)), "clicks_found": len(marks),
        "clicks_cut_at_stream_start": cut,
        "intervals": int(intervals.size), "stream_rate_hz": rate,
        "disk_driver_pace_hz": round(pace, 1),
        "interval_ms": figures(intervals / rate * 1000.0),
        "interval_ms_at_driver_pace": figures(intervals / pace * 1000.0),
        "interval_samples": sorted({int(v) for v in intervals})[:6],
        "raw_file": str(out),
        "recorded_with_attempt": settings[-1] if settings else None,
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attempts", type=int, default=2, help="times the level is played (default 2)")
    args = parser.parse_args()
    print(json.dumps(run(args.attempts), indent=2))
