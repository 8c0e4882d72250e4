"""Drawing only what changed (Scene.regions) gives exactly the picture of drawing everything.

The real loop plays whole drums levels on a virtual clock, with taps on and off the beat; after every
frame the same scene is drawn whole on a second canvas and the two are compared pixel for pixel. The
frames must also really be partial (or the comparison would prove nothing): all but the first of the
child's play are, and they present well under the whole canvas.
"""
import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import pygame  # noqa: E402
import pytest  # noqa: E402

from game.app import VirtualClock, changed_rects, run_loop  # noqa: E402
from game.games.tapping.rules import attempt_end_s, beat_schedule  # noqa: E402
from game.input import InputEvent  # noqa: E402
from game.levels.loader import load_level  # noqa: E402
from game.scenes.base import SceneStack  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CANVAS_AREA = 1280 * 720


class Taps:
    """Key taps at given times (press, release 60 ms later), read like live input."""

    def __init__(self, taps: list[tuple[float, str]]):
        self.pending = sorted([(t, side, True) for t, side in taps] + [(t + 0.06, side, False) for t, side in taps])
        self.events_read = 0

    def poll(self, now, scene):
        out = []
        while self.pending and self.pending[0][0] <= now:
            t, side, pressed = self.pending.pop(0)
            out.append(InputEvent(t, "action", device="key", action=f"tap_{side}", pressed=pressed))
        self.events_read += len(out)
        return out


def taps_for(level: Path, start: float) -> list[tuple[float, str]]:
    """A tap for each hand a beat asks for: some on time, some 40-120 ms off, one beat missed, one extra."""
    spec = load_level(level).level.tapping
    rng = np.random.default_rng(7)
    taps = []
    for k, beat in enumerate(beat_schedule(spec)):
        if k == 5:
            continue
        for hand in beat.hands:
            side = "left" if hand in ("L", "left") else "right"
            taps.append((start + beat.t + float(rng.choice([0.0, 0.04, -0.06, 0.12])), side))
    taps.append((start + 1.3, "left"))
    return taps


@pytest.mark.parametrize("name", ["07_alternate_120.toml", "12_keep_going_alternate.toml",
                                  "10_left_right_both_rest.toml"])
def test_partial_frames_match_whole_frames_pixel_for_pixel(ctx, name):
    from game.games.tapping.scene import TappingScene

    level = ROOT / "levels" / "tapping" / name
    canvas = pygame.display.set_mode((1280, 720), pygame.HIDDEN)
    whole = pygame.Surface((1280, 720))
    ctx.record = False
    loaded = load_level(level)
    scene = TappingScene(ctx, ctx.db.get_or_add_child("Ada"), [loaded], 0)
    clock = VirtualClock()
    stack = SceneStack(scene, clock.now())
    # the attempt starts after any demonstration and count-in; taps are timed from when it does
    start = {}
    frames = {"whole": 0, "partial": 0, "nothing": 0, "area": 0}
    mismatches: list[str] = []
    wholes: list[float] = []

    class Source(Taps):
        def poll(self, now, scene_):
            if scene.attempt_origin is not None and "t" not in start:
                start["t"] = scene.attempt_origin
                self.pending = Taps(taps_for(level, scene.attempt_origin)).pending
            return super().poll(now, scene_)

    def present(rects):
        key = "whole" if rects is None else ("partial" if rects else "nothing")
        if stack.top is scene and scene.attempt_origin is not None and scene.demo is None:   # the child playing
            frames[key] += 1
            if rects is None:
                wholes.append(round(clock.now() - scene.attempt_origin, 3))
        frames["area"] += CANVAS_AREA if rects is None else sum(pygame.Rect(r).clip(canvas.get_rect()).width *
                                                                pygame.Rect(r).clip(canvas.get_rect()).height for r in rects)
        stack.draw(whole)
        if pygame.image.tobytes(canvas, "RGB") != pygame.image.tobytes(whole, "RGB") and len(mismatches) < 5:
            a = pygame.surfarray.array3d(canvas)
            b = pygame.surfarray.array3d(whole)
            xs, ys = np.nonzero(np.any(a != b, axis=2))
            mismatches.append(f"t={clock.now():.3f}s: {xs.size} pixels differ, x {xs.min()}-{xs.max()}, "
                              f"y {ys.min()}-{ys.max()} ({key} frame)")

    end = 30.0
    run_loop(stack, clock, Source([]), canvas, present, until=end,
             stop=lambda s: "t" in start and clock.now() > start["t"] + attempt_end_s(loaded.level.tapping) + 1.0)
    assert "t" in start, "the attempt never started"
    assert not mismatches, mismatches
    drawn = frames["whole"] + frames["partial"]
    assert frames["whole"] <= 1 and frames["partial"] > 300, (frames, wholes)
    # measured: 48 % (07), 37 % (12), 58 % (10: both drums change at once) of the canvas per frame
    assert frames["area"] / (drawn + frames["nothing"]) < 0.65 * CANVAS_AREA, frames


def test_changed_rects_names_what_changed_and_both_places_of_what_moved():
    a, b, c = pygame.Rect(0, 0, 10, 10), pygame.Rect(20, 0, 10, 10), pygame.Rect(40, 0, 10, 10)
    before = ((a, 1), (b, "x"))
    assert changed_rects(before, ((a, 1), (b, "x"))) == []
    assert changed_rects(before, ((a, 2), (b, "x"))) == [a]
    assert changed_rects(before, ((a, 1), (c, "x"))) == [b, c]
    assert changed_rects(None, before) is None
    assert changed_rects(before, None) is None
    assert changed_rects(before, ((a, 1),)) is None
