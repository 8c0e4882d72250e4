"""Tap time stamps for key presses posted inside the process (prints figures, asserts nothing).

This skips the real input path (the X server, the window system): benchmarks/bench_tap_stamps_x11.py
measures through it.

Run: SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy PYTHONPATH=. .venv/bin/python benchmarks/bench_tap_stamps_posted.py

A second thread posts KEYDOWN events for the tap keys (F, J alternately) with
pygame.event.post at known time.perf_counter() times, spaced 37-61 ms apart so they fall
at every phase of the frame, while the tapping scene plays and draws at 60 fps in the real
loop (game.app.run_loop with RealClock and LiveInput, dummy video driver). The "true" time
of a tap is taken right after post() returns: the moment the event is in SDL's queue, as a
real key press would be. Recorded time = attempt origin + the tap's recorded t.

Beside it, per-frame stamping is simulated on the same run: a loop that reads input once per
frame would stamp each tap with the time of the first frame at or after it (frame times
are taken as each frame is presented). Target: p95 <= 2 ms for the real loop; per-frame
stamping gives about 8 ms mean and up to one frame (16.7 ms).

Also reported: the tapping scene's frame work time (update + draw) p50/p99, from LoopStats.
SDL_PushEvent is thread-safe, so posting from a second thread is faithful; the poster sleeps
until 1 ms before each target and spins only for that last millisecond, so it holds the GIL
no longer than a real input thread would.
"""
from __future__ import annotations

import os
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame  # noqa: E402

from game.app import LoopStats, RealClock, init_pygame, make_context, open_display, run_loop, show  # noqa: E402
from game.input import LiveInput  # noqa: E402
from game.levels.loader import parse_level  # noqa: E402
from game.records.db import Database  # noqa: E402
from game.scenes.base import SceneStack  # noqa: E402

TAPS = 300
LEVEL = """format = 1
game = "tapping"
title = "Benchmark"
[tapping]
pattern = "alternate"
tempo_bpm = 120
beats = 400
lead_in_s = 0.5
window_ms = 150
"""


def _percentiles(errors_ms: np.ndarray) -> dict[str, float]:
    return {"p50": round(float(np.percentile(errors_ms, 50)), 3), "p95": round(float(np.percentile(errors_ms, 95)), 3),
            "max": round(float(np.max(errors_ms)), 3), "mean": round(float(np.mean(errors_ms)), 3)}


def _poster(true_times: list[float], start: float, done: threading.Event, taps: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    target = start
    for i in range(taps):
        target += float(rng.uniform(0.037, 0.061))
        while target - time.perf_counter() > 0.001:
            time.sleep(0.0005)
        while time.perf_counter() < target:
            pass
        key = pygame.K_f if i % 2 == 0 else pygame.K_j
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0))
        true_times.append(time.perf_counter())
    done.set()


def run(taps: int = TAPS, seed: int = 1) -> dict:
    """Play the tapping scene live for ~taps * 49 ms with posted key presses; timing errors in ms."""
    from game.games.tapping.scene import TappingScene

    init_pygame(headless=True)
    folder = Path(tempfile.mkdtemp(prefix="motorplay-bench-"))
    db = Database.open(folder)
    try:
        surface = open_display(hidden=True)
        ctx = make_context(db, headless=True)
        ctx.record = False
        loaded = parse_level(LEVEL, "bench.toml")
        scene = TappingScene(ctx, db.get_or_add_child("Bench"), [loaded], 0)
        clock = RealClock()
        stack = SceneStack(scene, clock.now())
        frames: list[float] = []

        def present(rects: list[pygame.Rect] | None) -> None:
            show(rects)
            frames.append(time.perf_counter())

        stats = LoopStats()
        true_times: list[float] = []
        done = threading.Event()
        start = time.perf_counter() + 0.5
        poster = threading.Thread(target=_poster, args=(true_times, start, done, taps, seed), daemon=True)
        poster.start()
        finish: list[float] = []

        def stop(_stack) -> bool:
            if done.is_set() and not finish:
                finish.append(time.perf_counter() + 0.1)
            return bool(finish) and time.perf_counter() >= finish[0]

        run_loop(stack, clock, LiveInput(), surface, present, stop=stop, stats=stats)
        poster.join()
        origin = scene.attempt_origin   # read after the attempt: it is set when the attempt starts
        recorded = [origin + ev.t for ev in scene.events if ev.type == "tap"]
        stack.close(clock.now())
        ctx.end_session()
    finally:
        db.close()
        pygame.quit()
    # Each recorded tap belongs to the latest press posted at or before it (presses are 37 ms or
    # more apart; a press the scene did not take, say while the attempt was starting, is skipped).
    posted = np.asarray(true_times)
    stamped = np.asarray(recorded)
    k = np.searchsorted(posted, stamped + 0.0005, side="right") - 1
    keep = k >= 0
    true = posted[k[keep]]
    loop_err = (stamped[keep] - true) * 1000.0
    frame_t = np.asarray(frames)
    idx = np.searchsorted(frame_t, true, side="left")
    ok = idx < len(frame_t)
    frame_err = (frame_t[idx[ok]] - true[ok]) * 1000.0
    work = np.asarray(stats.frame_times) * 1000.0
    return {
        "taps_posted": len(true_times), "taps_recorded": len(recorded),
        "loop_stamping_error_ms": _percentiles(loop_err),
        "per_frame_stamping_error_ms": _percentiles(frame_err),
        "frames": stats.frames,
        "fps": round(stats.frames / max(frames[-1] - frames[0], 1e-9), 1) if len(frames) > 1 else None,
        "frame_work_ms": {"p50": round(float(np.percentile(work, 50)), 3),
                          "p99": round(float(np.percentile(work, 99)), 3),
                          "max": round(float(np.max(work)), 3)},
    }


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
