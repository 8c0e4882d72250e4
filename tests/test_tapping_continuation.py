"""The continuation beats are the child's own: nothing on screen keeps their time.

Frames are rendered headless (the real scene and loop, game.headless.screenshot) on continuation
beats and between them, and compared pixel for pixel. Only the progress bar at the top may differ:
it fills smoothly with the time played, with no beat in it. The same comparison on the metronome
beats does find the pulse, so the comparison can see a beat when there is one.
"""
import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import pygame  # noqa: E402

from game.events import Event  # noqa: E402
from game.games.tapping.level import beat_interval_s  # noqa: E402
from game.games.tapping.rules import beat_schedule  # noqa: E402
from game.headless import screenshot  # noqa: E402
from game.levels.loader import load_level  # noqa: E402
from game.records.db import Database  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
LEVEL = ROOT / "levels" / "tapping" / "12_keep_going_alternate.toml"   # 12 beats with clicks, 12 without
PROGRESS_BOTTOM = 70   # the progress bar and its star: y 14-66


def frame(tmp_path: Path, data_dir: Path, at: float, events: list[Event] | None = None) -> np.ndarray:
    out = tmp_path / f"at_{at:.4f}_{len(events or [])}.png"
    db = Database.open(data_dir)
    try:
        screenshot(db, str(LEVEL), out, events=events or [], at=at)
    finally:
        db.close()
    return pygame.surfarray.array3d(pygame.image.load(str(out))).swapaxes(0, 1)   # rows = y


def below_progress(img: np.ndarray) -> np.ndarray:
    return img[PROGRESS_BOTTOM:]


def beat_times(metronome: bool) -> tuple[list[float], float]:
    spec = load_level(LEVEL).level.tapping
    return [b.t for b in beat_schedule(spec) if b.metronome == metronome], beat_interval_s(spec)


def test_nothing_moves_with_the_continuation_beats(tmp_path, data_dir):
    beats, step = beat_times(metronome=False)
    # on three continuation beats, a quarter and a half beat after, and just before the next
    times = [t + f * step for t in beats[2:5] for f in (0.0, 0.25, 0.5, 0.85)]
    frames = [below_progress(frame(tmp_path, data_dir, at)) for at in times]
    for at, img in zip(times[1:], frames[1:]):
        moved = np.argwhere(np.any(img != frames[0], axis=2))
        assert moved.size == 0, f"at {at:.3f} s pixels moved (first at x,y = {moved[0][1]},{moved[0][0] + PROGRESS_BOTTOM})"


def test_the_same_comparison_sees_the_metronome_beats(tmp_path, data_dir):
    beats, step = beat_times(metronome=True)
    on_beat = below_progress(frame(tmp_path, data_dir, beats[6] + 0.01))
    between = below_progress(frame(tmp_path, data_dir, beats[6] + 0.5 * step))
    assert np.any(on_beat != between)


def test_the_childs_own_taps_still_show_on_their_drum(tmp_path, data_dir):
    beats, step = beat_times(metronome=False)
    tap_at = beats[3]
    at = tap_at + 0.05
    plain = below_progress(frame(tmp_path, data_dir, at))
    tapped = below_progress(frame(tmp_path, data_dir, at, [Event(tap_at, "tap", side="left")]))
    changed = np.argwhere(np.any(plain != tapped, axis=2))
    assert changed.size > 0, "the tap lit nothing"
    assert changed[:, 1].max() < 640, "a left tap changed pixels on the right half"
