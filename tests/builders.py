"""Events and level files whose right answers are known exactly."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Iterable, Sequence

from game.events import Event

ROOT = Path(__file__).resolve().parent.parent


def polyline_events(points: Sequence[tuple[float, float]], t0: float = 0.5, rate_hz: float = 120.0,
                    pointer: int | None = None) -> list[Event]:
    """One pen-down through the given points, one event per point at a steady rate."""
    out = []
    for k, (x, y) in enumerate(points):
        kind = "down" if k == 0 else ("up" if k == len(points) - 1 else "move")
        out.append(Event(round(t0 + k / rate_hz, 6), kind, x=float(x), y=float(y), id=pointer))
    return out


def line_points(x0: float, y0: float, x1: float, y1: float, n: int) -> list[tuple[float, float]]:
    return [(x0 + (x1 - x0) * k / (n - 1), y0 + (y1 - y0) * k / (n - 1)) for k in range(n)]


def write_events(path: Path, events: Iterable[Event]) -> Path:
    path.write_text("".join(json.dumps(e.to_dict()) + "\n" for e in events), encoding="utf-8")
    return path


LINE_LEVEL = """format = 1
game = "tracing"
title = "Test line"

[tracing]
tolerance = 30
strokes = [[[200, 360], [1080, 360]]]
"""


def write_level(path: Path, text: str = LINE_LEVEL) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def pixels(path: Path):
    """A PNG as an H x W x 3 array (rows = y, columns = x)."""
    import pygame

    surf = pygame.image.load(str(path))
    return pygame.surfarray.array3d(surf).transpose(1, 0, 2)


def near(color, expect: tuple[int, int, int], tol: int = 12) -> bool:
    import numpy as np

    return bool(np.all(np.abs(color.astype(int) - np.array(expect)) <= tol))


def run_cli(*args: str, data_dir: Path | None = None, check: bool = False,
            timeout: float = 120, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run `python -m game ...` headless, as a user would (run.py's environment, plus `env`)."""
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", PYTHONPATH=str(ROOT), **(env or {}))
    cmd = [sys.executable, "-m", "game", *args]
    if data_dir is not None:
        cmd += ["--data-dir", str(data_dir)]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=timeout, check=check)
