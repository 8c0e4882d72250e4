"""Synthesised sounds (no files to ship or license): soft attacks, gentle decays, low peaks.

The synth functions are pure: they take a sample rate and return mono float32 arrays in
[-1, 1] that start and end at zero (no clicks). `Sounds` turns them into pygame sounds and
stays silent, without raising, when there is no audio device.

The metronome is one stream per attempt (`start_clicks`): its clicks are placed at exact samples
(game/sound/track.py) and the track is fed, in segments, to one reserved mixer channel whose queue
SDL_mixer chains without a gap, so the interval between clicks is the nominal one to the sample.
Only the stream's start waits for the mixer's next buffer (up to MIXER_BUFFER samples), once per
attempt; the sound timing calibration measures that delay with the device's own.
"""
from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pygame

from game.sound.track import click_positions, render, segments, track_length

SOUND_NAMES: tuple[str, ...] = ("chime", "try_again", "click", "pop", "tap_left", "tap_right",
                                "fanfare")
METRONOME_SOUNDS = frozenset({"click"})   # the metronome's own volume; every other sound is an effect
TAP_LEFT_HZ = 196.0   # G3: the left pad sounds lower ...
TAP_RIGHT_HZ = 294.0  # D4: ... than the right, so the hands hear a difference.
MIXER_BUFFER = 512    # small buffer: a metronome click must land on the beat.
CLICK_SEGMENT_S = 2.0  # the click track is queued in pieces this long (the loop refills within that time)
BACKEND = "pygame-mixer"

# Equal-tempered pitches used below.
_C5, _E5, _G5, _C6 = 523.25, 659.26, 783.99, 1046.50
_G4, _E4 = 392.00, 329.63


def _t(sr: int, seconds: float) -> np.ndarray:
    return np.arange(int(round(sr * seconds)), dtype=np.float64) / sr


def _envelope(n: int, sr: int, attack: float, decay: float, release: float = 0.005) -> np.ndarray:
    """Raised-cosine attack, exponential decay, short raised-cosine fade to exactly zero."""
    t = np.arange(n) / sr
    env = np.exp(-t / decay) if decay > 0 else np.ones(n)
    na = max(2, int(attack * sr))
    na = min(na, n)
    env[:na] *= 0.5 - 0.5 * np.cos(np.pi * np.arange(na) / na)
    nr = min(n, max(2, int(release * sr)))
    env[n - nr:] *= 0.5 + 0.5 * np.cos(np.pi * (np.arange(nr) + 1) / nr)
    return env


def _note(sr: int, freq: float, seconds: float, attack: float, decay: float,
          partials: tuple[float, ...] = (1.0,)) -> np.ndarray:
    """A tone of harmonic partials (amplitudes for 1f, 2f, 3f...) under an envelope."""
    t = _t(sr, seconds)
    wave = np.zeros_like(t)
    for k, amp in enumerate(partials, start=1):
        if amp and freq * k < sr / 2:
            wave += amp * np.sin(2 * np.pi * freq * k * t)
    return wave * _envelope(len(t), sr, attack, decay)


def _place(total: int, parts: list[tuple[int, np.ndarray]]) -> np.ndarray:
    out = np.zeros(total)
    for start, wave in parts:
        end = min(total, start + len(wave))
        out[start:end] += wave[: end - start]
    return out


def _finish(wave: np.ndarray, sr: int, peak: float) -> np.ndarray:
    """Normalise to `peak` and force clean zero ends."""
    wave = np.asarray(wave, dtype=np.float64)
    wave = wave * _envelope(len(wave), sr, attack=0.001, decay=0.0, release=0.004)
    top = float(np.max(np.abs(wave))) if wave.size else 0.0
    if top > 0:
        wave = wave * (peak / top)
    return np.clip(wave, -1.0, 1.0).astype(np.float32)


def chime(sr: int) -> np.ndarray:
    """Success: warm rising C-E-G bell, soft attack, long exponential decay."""
    notes = (_C5, _E5, _G5)
    gap, length = 0.09, 0.8
    parts = [(int(i * gap * sr), _note(sr, f, length, 0.008, 0.28, (1.0, 0.25, 0.08)))
             for i, f in enumerate(notes)]
    return _finish(_place(int((gap * 2 + length) * sr), parts), sr, 0.6)


def try_again(sr: int) -> np.ndarray:
    """A soft, descending two-note 'boo-boop': pure low sines, quiet, nothing above ~1 kHz."""
    a = _note(sr, _G4, 0.28, 0.03, 0.18)
    b = _note(sr, _E4, 0.36, 0.03, 0.2)
    return _finish(_place(int(0.58 * sr), [(0, a), (int(0.2 * sr), b)]), sr, 0.3)


def click(sr: int) -> np.ndarray:
    """Metronome tick: ~20 ms woodblock (two damped modes), crisp but not piercing."""
    t = _t(sr, 0.02)
    wave = np.sin(2 * np.pi * 1200 * t) + 0.4 * np.sin(2 * np.pi * 2650 * t)
    wave *= _envelope(len(t), sr, attack=0.0008, decay=0.004, release=0.003)
    return _finish(wave, sr, 0.7)


def pop(sr: int) -> np.ndarray:
    """Catch! A bubbly upward pitch sweep with a quick decay."""
    t = _t(sr, 0.14)
    freq = 380 + 900 * (1 - np.exp(-t / 0.03))
    phase = 2 * np.pi * np.cumsum(freq) / sr
    wave = (np.sin(phase) + 0.2 * np.sin(2 * phase)) * _envelope(len(t), sr, 0.003, 0.04)
    return _finish(wave, sr, 0.6)


def tap(sr: int, pitch: float) -> np.ndarray:
    """Soft drum for the tapping pads: a sine that drops to `pitch` Hz, plus a quick overtone."""
    if not pitch > 0:
        raise ValueError(f"pitch must be positive, got {pitch}")
    t = _t(sr, 0.3)
    freq = pitch * (1 + 0.5 * np.exp(-t / 0.02))
    phase = 2 * np.pi * np.cumsum(freq) / sr
    body = np.sin(phase) * _envelope(len(t), sr, 0.002, 0.09)
    over = 0.3 * np.sin(1.6 * phase) * _envelope(len(t), sr, 0.002, 0.03)
    return _finish(body + over, sr, 0.7)


def fanfare(sr: int) -> np.ndarray:
    """Three stars! A happy C-E-G-C arpeggio whose top note rings."""
    notes = (_C5, _E5, _G5, _C6)
    gap = 0.12
    parts = []
    for i, f in enumerate(notes):
        last = i == len(notes) - 1
        parts.append((int(i * gap * sr),
                      _note(sr, f, 0.9 if last else 0.4, 0.01, 0.4 if last else 0.15,
                            (1.0, 0.35, 0.15, 0.05))))
    return _finish(_place(int((gap * 3 + 0.9) * sr), parts), sr, 0.7)


def synthesize(name: str, sr: int) -> np.ndarray:
    """The mono waveform for one of SOUND_NAMES."""
    if name == "tap_left":
        return tap(sr, TAP_LEFT_HZ)
    if name == "tap_right":
        return tap(sr, TAP_RIGHT_HZ)
    makers = {"chime": chime, "try_again": try_again, "click": click, "pop": pop,
              "fanfare": fanfare}
    if name not in makers:
        raise ValueError(f"unknown sound {name!r}; expected one of {', '.join(SOUND_NAMES)}")
    return makers[name](sr)


def _to_mixer_array(mono: np.ndarray, size: int, channels: int) -> np.ndarray:
    """Convert float mono to the mixer's sample format and channel count."""
    if abs(size) == 16:
        data = np.round(mono * 32767).astype(np.int16)
    elif size == 32:
        data = mono.astype(np.float32)
    elif size == -8:
        data = np.round(mono * 127).astype(np.int8)
    elif size == 8:
        data = np.round(mono * 127 + 128).astype(np.uint8)
    else:
        raise ValueError(f"unsupported mixer sample size {size}")
    if channels == 1:
        return np.ascontiguousarray(data)
    return np.ascontiguousarray(np.repeat(data[:, None], channels, axis=1))


@dataclass(frozen=True)
class Recording:
    """What the microphone heard: mono samples in [-1, 1], their rate, and the loop clock's time
    (time.perf_counter) of the first sample, as far as the audio system lets us know it."""

    samples: np.ndarray
    rate: int
    start: float


class Sounds:
    """All game sounds, ready to play; silently a no-op when audio is off or unavailable."""

    def __init__(self, enabled: bool = True, sample_rate: int = 44100) -> None:
        self._sounds: dict[str, pygame.mixer.Sound] = {}
        self._arrays: dict[str, np.ndarray] = {}   # mixer-format samples (the click, for the metronome's stream)
        self._rate = sample_rate
        self._started_mixer = False
        self._click_channel: pygame.mixer.Channel | None = None
        self._device = "none"
        self._track: tuple[list[int], np.ndarray, list[tuple[int, int]]] | None = None  # positions, wave, segments to go
        self.click_gaps = 0   # times the loop was too late to queue the next segment (the stream broke)
        self._mic = None      # the capture device while recording
        self._heard: list[tuple[float, bytes]] = []   # (perf_counter when it arrived, float32 mono samples)
        self.available = False
        self.volumes = {"effects": 1.0, "metronome": 1.0}   # the child's access options (set_volumes)
        if not enabled:
            return
        try:
            if pygame.mixer.get_init() is None:
                pygame.mixer.init(frequency=sample_rate, size=-16, channels=2, buffer=MIXER_BUFFER)
                self._started_mixer = True
            init = pygame.mixer.get_init()
            if init is None:
                return
            freq, size, channels = init
            pygame.mixer.set_num_channels(max(16, pygame.mixer.get_num_channels()))
            pygame.mixer.set_reserved(1)   # channel 0 plays only the metronome's stream
            self._click_channel = pygame.mixer.Channel(0)
            self._device = _device_name()
            for name in SOUND_NAMES:
                arr = _to_mixer_array(synthesize(name, freq), size, channels)
                self._sounds[name] = pygame.sndarray.make_sound(arr)
                self._arrays[name] = arr
            self._rate = freq
            self.available = True
        except Exception as exc:  # noqa: BLE001 - any audio failure means "play silently"
            print(f"MotorPlay: sound is off ({exc})", file=sys.stderr)
            self._sounds.clear()
            self._arrays.clear()
            self.available = False

    def set_volumes(self, effects: float = 1.0, metronome: float = 1.0, muted: bool = False) -> None:
        """The playing child's volumes, 0..1: the metronome's click apart from every other sound, or none."""
        self.volumes = {"effects": 0.0 if muted else min(max(effects, 0.0), 1.0),
                        "metronome": 0.0 if muted else min(max(metronome, 0.0), 1.0)}

    def volume_for(self, name: str) -> float:
        return self.volumes["metronome" if name in METRONOME_SOUNDS else "effects"]

    def play(self, name: str) -> None:
        """Play a sound by name; unknown names are a programming error even when silent."""
        if name not in SOUND_NAMES:
            raise ValueError(f"unknown sound {name!r}; expected one of {', '.join(SOUND_NAMES)}")
        sound = self._sounds.get(name)
        if sound is None or self.volume_for(name) <= 0:
            return
        try:
            sound.set_volume(self.volume_for(name))
            sound.play()
        except pygame.error:
            pass  # a lost device must not stop the game

    # --- the metronome's stream --------------------------------------------------------------
    @property
    def backend(self) -> str:
        """What plays the sounds, as recorded with each attempt: "pygame-mixer", or "none" when silent."""
        return BACKEND if self.available else "none"

    @property
    def device(self) -> str:
        """The output, as sound calibrations are stored under it: the audio driver and device."""
        return self._device if self.available else "none"

    @property
    def output_latency_ms(self) -> float | None:
        """What the audio system reports as its output latency: pygame's mixer reports none."""
        return None

    def start_clicks(self, times_s: Sequence[float]) -> bool:
        """Start one stream with a click at each time (seconds from now, to the sample); False if silent.

        Replaces a stream still playing. The stream's first sample leaves at the mixer's next buffer.
        """
        self.stop_clicks()
        wave = self._arrays.get("click")
        if wave is None or self._click_channel is None:
            return False
        positions = click_positions(times_s, self._rate, len(wave))
        pieces = segments(track_length(positions, len(wave)), int(CLICK_SEGMENT_S * self._rate))
        if not pieces:
            return False
        self._track = (positions, wave, pieces)
        try:
            self._click_channel.set_volume(self.volumes["metronome"])   # the child's metronome volume
            self._click_channel.play(self._segment())
        except pygame.error:
            self._track = None
            return False
        self.pump()
        return True

    def _segment(self) -> pygame.mixer.Sound:
        assert self._track is not None
        positions, wave, pieces = self._track
        start, length = pieces.pop(0)
        return pygame.sndarray.make_sound(render(positions, wave, start, length))

    def pump(self) -> None:
        """Keep the next segment queued behind the one playing (the app loop calls this every turn)."""
        if self._track is None or self._click_channel is None:
            return
        if not self._track[2]:
            self._track = None
            return
        try:
            if self._click_channel.get_queue() is not None:
                return
            if not self._click_channel.get_busy():
                self.click_gaps += 1   # ran dry: the rest of the stream starts late
            self._click_channel.queue(self._segment())
        except pygame.error:
            self._track = None

    def stop_clicks(self) -> None:
        """Silence the metronome's stream (pause, an attempt ended early)."""
        self._track = None
        if self._click_channel is not None:
            try:
                # Halting a channel starts the sound queued on it, so halt twice.
                self._click_channel.stop()
                self._click_channel.stop()
            except pygame.error:
                pass

    # --- the microphone (Sound timing) -----------------------------------------------------
    def microphone(self) -> str | None:
        """The capture device to record with, or None (no microphone, or sound off)."""
        if not self.available:
            return None
        try:
            from pygame._sdl2 import audio as sdl_audio

            names = sdl_audio.get_audio_device_names(True)
        except Exception:  # noqa: BLE001 - no capture support is no microphone
            return None
        return names[0] if names else None

    def start_recording(self) -> bool:
        """Start recording from the microphone; False if there is none or it will not open."""
        name = self.microphone()
        if name is None:
            return False
        self.stop_recording()
        self._heard = []
        heard = self._heard

        def arrived(_device, data) -> None:   # SDL's audio thread: one buffer just captured
            heard.append((time.perf_counter(), bytes(data)))

        try:
            from pygame._sdl2 import audio as sdl_audio

            self._mic = sdl_audio.AudioDevice(devicename=name, iscapture=True, frequency=self._rate,
                                              audioformat=sdl_audio.AUDIO_F32, numchannels=1,
                                              chunksize=MIXER_BUFFER, allowed_changes=0, callback=arrived)
            self._mic.pause(0)
        except Exception:  # noqa: BLE001 - a microphone that will not open is no microphone
            self._mic = None
            return False
        return True

    def stop_recording(self) -> Recording | None:
        """Stop recording; what was heard (None if nothing). The first sample's time is taken as the first
        buffer's arrival less its length (SDL reports no input latency, so that is not subtracted)."""
        mic, self._mic = self._mic, None
        if mic is None:
            return None
        try:
            mic.pause(1)
            mic.close()
        except Exception:  # noqa: BLE001
            pass
        if not self._heard:
            return None
        samples = np.frombuffer(b"".join(data for _, data in self._heard), dtype=np.float32)
        rate = int(getattr(mic, "frequency", self._rate) or self._rate)
        first_stamp, first = self._heard[0]
        start = first_stamp - (len(first) // 4) / rate
        return Recording(samples.copy(), rate, start)

    def close(self) -> None:
        """Release the mixer if this object started it."""
        self.stop_recording()
        self.stop_clicks()
        self._click_channel = None
        self._sounds.clear()
        self._arrays.clear()
        self.available = False
        if self._started_mixer and pygame.mixer.get_init() is not None:
            pygame.mixer.quit()
        self._started_mixer = False


def _device_name() -> str:
    """The audio driver and, when there is just one, the output device's name (SDL's mixer opens the
    system's default output and does not say which of several that is)."""
    try:
        driver = pygame.mixer.get_driver()
    except (pygame.error, AttributeError):
        driver = "sdl"
    try:
        from pygame._sdl2 import audio as sdl_audio

        names = sdl_audio.get_audio_device_names(False)
    except Exception:  # noqa: BLE001 - a name is a label; no name is no reason to go silent
        names = []
    return f"{driver}: {names[0] if len(names) == 1 else 'default output'}"
