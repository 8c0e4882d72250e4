"""Synthesised sounds: clean, bounded, gentle; the player never crashes without a device."""
import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import numpy as np  # noqa: E402
import pygame  # noqa: E402
import pytest  # noqa: E402

from game.ui import audio  # noqa: E402

SR = 44100
SYNTHS = {
    "chime": audio.chime,
    "try_again": audio.try_again,
    "click": audio.click,
    "pop": audio.pop,
    "tap": lambda sr: audio.tap(sr, 220.0),
    "fanfare": audio.fanfare,
}


def _rms(x):
    return float(np.sqrt(np.mean(np.asarray(x, dtype=float) ** 2)))


def _spectrum(x, sr):
    mag = np.abs(np.fft.rfft(x.astype(float))) ** 2
    return np.fft.rfftfreq(len(x), 1 / sr), mag


@pytest.mark.parametrize("sr", [22050, 44100, 48000])
@pytest.mark.parametrize("name", list(SYNTHS))
def test_waveform_is_clean(name, sr):
    x = SYNTHS[name](sr)
    assert x.dtype == np.float32 and x.ndim == 1
    assert np.all(np.isfinite(x))
    assert np.max(np.abs(x)) <= 0.8  # headroom: never blasts
    assert _rms(x) > 0.01  # audible
    edge = max(2, sr // 10000)  # first/last 0.1 ms: a jump here would be a click
    assert np.max(np.abs(x[:edge])) < 0.02 and np.max(np.abs(x[-edge:])) < 0.02  # no clicks
    assert np.array_equal(x, SYNTHS[name](sr))  # pure


def test_try_again_is_quieter_and_gentle():
    soft, happy = audio.try_again(SR), audio.chime(SR)
    assert np.max(np.abs(soft)) < np.max(np.abs(happy))
    assert _rms(soft) < _rms(happy)
    freqs, power = _spectrum(soft, SR)
    # Nothing shrill: essentially no energy above 1.5 kHz.
    assert power[freqs > 1500].sum() / power.sum() < 1e-4
    # And it goes down in pitch (a "boo-boop", not a buzzer).
    first = np.abs(np.fft.rfft(soft[: int(0.18 * SR)]))
    last = np.abs(np.fft.rfft(soft[-int(0.25 * SR):]))
    fa = np.fft.rfftfreq(int(0.18 * SR), 1 / SR)[np.argmax(first)]
    fb = np.fft.rfftfreq(int(0.25 * SR), 1 / SR)[np.argmax(last)]
    assert fb < fa


def test_click_is_short():
    x = audio.click(SR)
    assert 0.015 <= len(x) / SR <= 0.03
    # energy concentrated in the first few milliseconds: a crisp beat marker
    e = np.cumsum(x.astype(float) ** 2)
    assert e[int(0.008 * SR)] / e[-1] > 0.8


def test_tap_pitch_and_sides():
    left, right = audio.synthesize("tap_left", SR), audio.synthesize("tap_right", SR)
    fl, pl = _spectrum(left, SR)
    fr, pr = _spectrum(right, SR)
    assert fl[np.argmax(pl)] < fr[np.argmax(pr)]
    with pytest.raises(ValueError):
        audio.tap(SR, 0)


def test_every_named_sound_synthesises():
    for name in audio.SOUND_NAMES:
        assert audio.synthesize(name, SR).size > 0
    with pytest.raises(ValueError):
        audio.synthesize("siren", SR)


def test_disabled_sounds_are_a_no_op():
    s = audio.Sounds(enabled=False)
    assert s.available is False
    s.play("chime")
    with pytest.raises(ValueError):
        s.play("siren")


def test_sounds_with_dummy_driver_work_or_degrade():
    s = audio.Sounds()
    try:
        assert isinstance(s.available, bool)
        for name in audio.SOUND_NAMES:
            s.play(name)
    finally:
        s.close()
    assert s.available is False
    s.play("pop")  # still safe after close


def test_mixer_failure_degrades_silently(monkeypatch, capsys):
    if pygame.mixer.get_init():
        pygame.mixer.quit()

    def boom(*a, **k):
        raise pygame.error("no audio device")

    monkeypatch.setattr(pygame.mixer, "init", boom)
    s = audio.Sounds()
    assert s.available is False
    s.play("chime")
    assert "sound is off" in capsys.readouterr().err


@pytest.mark.parametrize("size,channels,dtype", [(-16, 2, np.int16), (-16, 1, np.int16),
                                                 (32, 2, np.float32), (8, 2, np.uint8)])
def test_mixer_format_conversion(size, channels, dtype):
    arr = audio._to_mixer_array(audio.pop(SR), size, channels)
    assert arr.dtype == dtype
    assert arr.shape[0] == len(audio.pop(SR))
    assert (arr.ndim == 1) if channels == 1 else (arr.shape[1] == channels)


def test_the_metronome_stream_starts_feeds_and_stops_on_the_dummy_driver():
    s = audio.Sounds()
    try:
        if not s.available:
            pytest.skip("no mixer here")
        assert s.backend == "pygame-mixer" and s.output_latency_ms is None
        assert s.device.startswith(pygame.mixer.get_driver())
        # 3 s of clicks: two segments; the second is queued behind the first at once.
        assert s.start_clicks([0.0, 0.5, 1.0, 2.5]) is True
        channel = pygame.mixer.Channel(0)
        assert channel.get_busy() and channel.get_queue() is not None
        s.pump()                      # nothing more to queue: the track is done
        assert s._track is None
        s.stop_clicks()
        assert not channel.get_busy() and channel.get_queue() is None
        assert s.start_clicks([-1.0]) is False   # nothing left to play
        pygame.mixer.Sound(buffer=b"\0" * 64).play()   # other sounds never take the metronome's channel
        assert not channel.get_busy()
    finally:
        s.close()


def test_silent_sounds_play_no_stream_and_hear_nothing():
    s = audio.Sounds(enabled=False)
    assert s.backend == "none" and s.device == "none"
    assert s.start_clicks([0.1, 0.2]) is False
    s.pump()
    s.stop_clicks()
    assert s.microphone() is None and s.start_recording() is False and s.stop_recording() is None
