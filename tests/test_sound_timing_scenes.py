"""Sound on screen: what the drums game records about its click stream, and the Sound timing screen.

The sound card is tests/sound_fakes.FakeSounds: it remembers each click stream and, as a microphone,
hears the clicks 87 ms after they were due. Times are the test's own clock, passed as the app loop
passes them.
"""
from __future__ import annotations

import numpy as np
import pygame
import pytest

from game.input import InputEvent
from game.levels.loader import load_level
from game.scenes.base import Pop, Push
from tests.builders import write_level
from tests.sound_fakes import FakeSounds
from tests.test_therapist import press

TAPPING = """format = 1
game = "tapping"
title = "Clicks"
[tapping]
pattern = "alternate"
tempo_bpm = 120
beats = 8
lead_in_s = 1.0
count_in_beats = 2
window_ms = 150
"""


class Clock:
    def __init__(self, t: float = 100.0) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t


def drums(ctx, tmp_path, sounds):
    from game.games.tapping.scene import TappingScene

    ctx.sounds = sounds
    ctx.record = False
    level = load_level(write_level(tmp_path / "clicks.toml", TAPPING))
    return TappingScene(ctx, ctx.db.get_or_add_child("Di"), [level], 0, demo_mode="never")


def test_the_attempt_plays_one_stream_of_every_click_and_records_where_it_started(ctx, tmp_path):
    clock = Clock()
    sounds = FakeSounds(clock, output_latency_ms=12.5)
    scene = drums(ctx, tmp_path, sounds)
    scene.enter(99.9)
    assert scene.attempt_origin == pytest.approx(100.0)   # 0.1 s for the stream to start before the clock does
    clock.t = 99.9004
    scene.tick(clock.t)
    scene.tick(100.3)
    assert len(sounds.streams) == 1                       # started once, fed on every turn
    began, times = sounds.streams[0]
    assert began == 99.9004
    # count-in at 0 and 0.5 s, then beats from 1.0 s, every 0.5 s: all relative to the stream's start,
    # which is 0.0996 s before the attempt's clock starts, so the count-in click at 0 s is whole
    assert np.allclose(times, [t + 0.0996 for t in (0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5)])
    assert sounds.pumps == 2
    sound = scene.score_settings("finished")["sound"]
    assert sound == {"latency_source": "none", "latency_measured_at": None, "latency_method": None,
                     "backend": "pygame-mixer", "device": "test: speakers", "output_latency_ms": 12.5,
                     "click_stream_start_s": -0.0996, "click_stream_restarts_s": [], "click_stream_gaps": 0}


def test_a_pause_stops_the_stream_and_the_rest_of_the_clicks_start_again_on_resuming(ctx, tmp_path):
    clock = Clock()
    sounds = FakeSounds(clock)
    scene = drums(ctx, tmp_path, sounds)
    scene.enter(99.9)
    scene.tick(100.0)
    tr = scene.handle(InputEvent(101.2, "action", device="key", action="pause"), 101.2)
    assert isinstance(tr, Push) and sounds.stops == 1
    scene.enter(131.2)             # back from the pause screen 30 s later: the attempt's clock skipped them
    clock.t = 131.2
    scene.tick(131.2)
    assert sounds.streams[1][0] == 131.2
    times = sounds.streams[1][1]
    assert np.allclose(times, [0.3, 0.8, 1.3, 1.8, 2.3, 2.8, 3.3])   # 1.5 s ... 4.5 s, from 1.2 s
    sound = scene.score_settings("finished")["sound"]
    assert sound["click_stream_start_s"] == 0.0 and sound["click_stream_restarts_s"] == [1.2]


def test_a_level_without_metronome_sound_plays_no_stream(ctx, tmp_path):
    clock = Clock()
    sounds = FakeSounds(clock)
    scene = drums(ctx, tmp_path, sounds)
    scene.spec = scene.spec.model_copy(update={"metronome_sound": False})
    scene.enter(99.9)
    scene.tick(100.0)
    assert sounds.streams == [] and scene.score_settings("finished")["sound"]["click_stream_start_s"] is None


def test_attempts_use_this_outputs_latest_calibration_unless_the_setting_overrides_it(ctx, tmp_path):
    from game.settings import Settings

    sounds = FakeSounds(Clock())
    ctx.db.add_sound_calibration(device="test: speakers", backend="pygame-mixer", method="taps", delay_ms=61.0,
                                 iqr_ms=9.0, n=12, measured_at="2026-03-01T09:00:00+00:00")
    ctx.db.add_sound_calibration(device="test: speakers", backend="pygame-mixer", method="microphone",
                                 delay_ms=87.25, iqr_ms=1.5, n=12, measured_at="2026-03-02T09:00:00+00:00")
    ctx.db.add_sound_calibration(device="other: headphones", backend="pygame-mixer", method="microphone",
                                 delay_ms=230.0, iqr_ms=4.0, n=12, measured_at="2026-03-03T09:00:00+00:00")
    scene = drums(ctx, tmp_path, sounds)
    saved = scene.score_settings("finished")
    assert saved["audio_latency_ms"] == 87.25
    assert (saved["sound"]["latency_source"], saved["sound"]["latency_measured_at"],
            saved["sound"]["latency_method"]) == ("calibration", "2026-03-02T09:00:00+00:00", "microphone")
    ctx.settings = Settings(audio_latency_ms=40.0)
    saved = drums(ctx, tmp_path, sounds).score_settings("finished")
    assert saved["audio_latency_ms"] == 40.0 and saved["sound"]["latency_source"] == "setting"


def test_a_recorded_attempt_is_scored_with_the_calibration_it_used(ctx, tmp_path):
    """Live asynchronies are tap − (beat + the latency used): the stored metrics show the calibration."""
    from game.events import Event
    from game.games import GAMES

    sounds = FakeSounds(Clock())
    ctx.db.add_sound_calibration(device="test: speakers", backend="pygame-mixer", method="microphone",
                                 delay_ms=87.0, iqr_ms=1.0, n=12)
    scene = drums(ctx, tmp_path, sounds)
    taps = [Event(1.0 + 0.5 * k + 0.1, "tap", side="left" if k % 2 == 0 else "right") for k in range(8)]
    metrics = GAMES["tapping"].score(scene.loaded, taps, **scene.score_settings("finished"))
    assert metrics["mean_asynchrony_ms"] == pytest.approx(13.0)


# --- the Sound timing screen -------------------------------------------------------------------
def timing_scene(ctx, sounds):
    from game.scenes.sound_timing import SoundTimingScene

    ctx.sounds = sounds
    return SoundTimingScene(ctx)


def run_until(scene, clock: Clock, phase_not: str, step: float = 0.005, taps=(), surface=None) -> None:
    """Tick the scene every `step` s, sending tap events at their times, until it leaves `phase_not`;
    with a surface, draw each turn near a beat (its first 20 ms), as the loop would draw a frame."""
    pending = sorted(taps)
    for _ in range(10_000):
        if scene.phase != phase_not:
            return
        clock.t = round(clock.t + step, 6)
        while pending and pending[0] <= clock.t:
            t = pending.pop(0)
            scene.handle(InputEvent(t, "action", device="key", action="confirm"), clock.t)
        scene.tick(clock.t)
        if surface is not None and any(0 <= clock.t - b < 0.02 for b in scene.beats):
            scene.draw(surface)
    raise AssertionError(f"still in {phase_not}")


def test_microphone_way_measures_the_fake_rooms_87_ms_and_saves_it_for_this_output(ctx):
    clock = Clock()
    sounds = FakeSounds(clock, delay_ms=87.0)
    scene = timing_scene(ctx, sounds)
    press(scene, "mic", clock.t)
    assert scene.phase == "mic"
    run_until(scene, clock, "mic")
    est = scene.estimate
    assert scene.phase == "result" and est.ok, scene.message
    assert abs(est.delay_ms - 87.0) <= 2.0 and est.n == 12
    press(scene, "save", clock.t)
    cal = ctx.db.sound_calibration("test: speakers")
    assert cal is not None and cal.method == "microphone" and abs(cal.delay_ms - 87.0) <= 2.0
    assert len(cal.details["values_ms"]) == 12 and "Saved" in scene.message
    assert ctx.audio_latency().source == "calibration"


def test_a_noisy_microphone_is_refused_with_the_reason_and_nothing_is_saved(ctx):
    clock = Clock()
    sounds = FakeSounds(clock, noise=0.8)
    scene = timing_scene(ctx, sounds)
    press(scene, "mic", clock.t)
    run_until(scene, clock, "mic")
    assert scene.phase == "result" and not scene.estimate.ok
    assert scene.message.startswith("Not kept: only") and not scene.good
    assert "save" not in [b.key for b in scene.buttons.items]
    assert ctx.db.sound_calibration("test: speakers") is None


def test_tapping_way_measures_the_sounds_extra_delay_from_a_steady_tapper(ctx):
    clock = Clock()
    sounds = FakeSounds(clock, delay_ms=87.0)
    scene = timing_scene(ctx, sounds)
    surface = pygame.Surface((1280, 720))
    rng = np.random.default_rng(3)
    press(scene, "taps", clock.t)
    scene.tick(clock.t)            # the clicks' stream starts on the loop's clock
    beats = [began + t for began, times in sounds.streams for t in times]
    assert beats == pytest.approx(scene.beats)
    heard = [b + (87.0 - 20.0 + rng.normal(0, 2.0)) / 1000 for b in beats]   # taps 20 ms ahead of the click
    run_until(scene, clock, "clicks", taps=heard)
    assert scene.phase == "flashes" and len(sounds.streams) == 1   # flashes: no sound
    scene.tick(clock.t)
    flashes = list(scene.beats)
    seen = [b + (-20.0 + rng.normal(0, 2.0)) / 1000 for b in flashes]
    run_until(scene, clock, "flashes", taps=seen, surface=surface)
    est = scene.estimate
    assert est.ok, scene.message
    assert abs(est.delay_ms - 87.0) <= 2.0
    # the flashes were timed from the frame that first showed them: the turn they fell due (5 ms turns)
    assert all(0 <= scene.shown[k] - b < 0.0051 for k, b in enumerate(flashes))
    press(scene, "save", clock.t)
    assert ctx.db.sound_calibration("test: speakers").method == "taps"


def test_tapping_to_nothing_is_refused_saying_what_was_missing(ctx):
    clock = Clock()
    scene = timing_scene(ctx, FakeSounds(clock))
    press(scene, "taps", clock.t)
    run_until(scene, clock, "clicks", step=0.01)
    run_until(scene, clock, "flashes", step=0.01)
    assert not scene.estimate.ok and "only 0 taps matched the clicks" in scene.message


def test_nothing_on_screen_moves_with_the_clicks_while_tapping_to_them(ctx):
    clock = Clock()
    scene = timing_scene(ctx, FakeSounds(clock))
    press(scene, "taps", clock.t)
    scene.tick(clock.t)
    frames = []
    for t in (scene.beats[3], scene.beats[3] + 0.05, scene.beats[3] + 0.3):
        clock.t = t
        scene.tick(t)
        surface = pygame.Surface((1280, 720))
        scene.draw(surface)
        frames.append(pygame.image.tobytes(surface, "RGB"))
    assert frames[0] == frames[1] == frames[2]


def test_the_override_is_shown_and_can_be_cleared_so_the_measurement_is_used(ctx):
    from game.settings import Settings, load_settings, save_settings

    save_settings(ctx.db.path.parent, {"audio_latency_ms": 40.0})
    ctx.settings = load_settings(ctx.db.path.parent)
    ctx.db.add_sound_calibration(device="test: speakers", backend="pygame-mixer", method="taps", delay_ms=70.0,
                                 iqr_ms=8.0, n=13)
    scene = timing_scene(ctx, FakeSounds(Clock()))
    assert scene.used.source == "setting" and scene.used.ms == 40.0
    press(scene, "auto")
    assert ctx.settings == Settings() and load_settings(ctx.db.path.parent).audio_latency_ms is None
    assert scene.used.source == "calibration" and scene.used.ms == 70.0
    assert isinstance(press(scene, "back"), Pop)


def test_without_sound_or_microphone_the_buttons_say_so(ctx):
    scene = timing_scene(ctx, FakeSounds(Clock(), mic=False))
    mic = next(b for b in scene.buttons.items if b.key == "mic")
    assert not mic.enabled
    from game.ui.audio import Sounds

    silent = timing_scene(ctx, Sounds(enabled=False))
    assert not any(b.enabled for b in silent.buttons.items if b.key in ("mic", "taps"))


def test_settings_screen_opens_sound_timing(ctx):
    from game.scenes.sound_timing import SoundTimingScene
    from game.scenes.therapist_settings import SettingsScene

    tr = press(SettingsScene(ctx), "sound_timing")
    assert isinstance(tr, Push) and isinstance(tr.scene, SoundTimingScene)


def test_settings_latency_steps_from_the_measurement_when_no_number_is_typed(ctx):
    from game.scenes.therapist_settings import SettingsScene

    ctx.sounds = FakeSounds(Clock())
    ctx.db.add_sound_calibration(device="test: speakers", backend="pygame-mixer", method="microphone",
                                 delay_ms=87.4, iqr_ms=1.0, n=12)
    scene = SettingsScene(ctx)
    assert scene.measured_ms == 87.4 and ctx.settings.audio_latency_ms is None
    press(scene, ("lat", 1))
    assert ctx.settings.audio_latency_ms == 88.0     # now typed: it overrides the measurement
