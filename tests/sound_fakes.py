"""A stand-in for game.ui.audio.Sounds with a known delay: what was scheduled, and a microphone that
hears the clicks `delay_ms` after they were due (with noise), on the test's own clock."""
from __future__ import annotations

from typing import Callable, Sequence

import numpy as np

from game.ui.audio import Recording, click


class FakeSounds:
    """Plays nothing; remembers every click stream and hears it through a simulated room."""

    available = True
    backend = "pygame-mixer"
    device = "test: speakers"
    click_gaps = 0

    def __init__(self, clock: Callable[[], float], delay_ms: float = 87.0, *, rate: int = 8000,
                 output_latency_ms: float | None = None, noise: float = 0.01, mic: bool = True, seed: int = 0):
        self.clock = clock
        self.delay_ms = delay_ms
        self.rate = rate
        self.output_latency_ms = output_latency_ms
        self.noise = noise
        self.mic = mic
        self.rng = np.random.default_rng(seed)
        self.streams: list[tuple[float, list[float]]] = []   # (clock time started, click times from then)
        self.stops = 0
        self.pumps = 0
        self.played: list[str] = []
        self.recording_from: float | None = None

    def play(self, name: str) -> None:
        self.played.append(name)

    def start_clicks(self, times_s: Sequence[float]) -> bool:
        self.streams.append((self.clock(), list(times_s)))
        return True

    def pump(self) -> None:
        self.pumps += 1

    def stop_clicks(self) -> None:
        self.stops += 1

    def microphone(self) -> str | None:
        return "test: microphone" if self.mic else None

    def start_recording(self) -> bool:
        self.recording_from = self.clock() if self.mic else None
        return self.mic

    def stop_recording(self) -> Recording | None:
        start, self.recording_from = self.recording_from, None
        if start is None:
            return None
        wave = click(self.rate)
        out = self.rng.normal(0.0, self.noise, int((self.clock() - start) * self.rate) + len(wave))
        for began, times in self.streams:
            for t in times:
                at = int(round((began + t + self.delay_ms / 1000 - start) * self.rate))
                if 0 <= at < len(out) - len(wave):
                    out[at:at + len(wave)] += 0.4 * wave
        return Recording(out.astype(np.float32), self.rate, start)

    def close(self) -> None:
        pass
