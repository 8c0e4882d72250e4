"""Window sizes, pure: how big the first window opens, and where the canvas sits in any window.

The canvas is always 1280x720 play units. SDL scales it to the window and letterboxes it (bars
above and below, or left and right); these functions give the same rectangles, so the input
layer can map a touch back to play units and `screenshot --window` can draw what a window shows.
"""
from __future__ import annotations

import math

from game.levels.base import CANVAS_H, CANVAS_W

CANVAS = (CANVAS_W, CANVAS_H)
MIN_WINDOW = (800, 450)
"""The smallest window: a 1024x600 netbook with its panels, and anything bigger, can show it."""
MAX_WINDOW = (7680, 4320)
DESKTOP_SHARE = 0.9
"""The first window takes at most this share of the desktop, leaving room for taskbars and title bars."""


def fit_window(desktop: tuple[int, int], canvas: tuple[int, int] = CANVAS, share: float = DESKTOP_SHARE,
               minimum: tuple[int, int] = MIN_WINDOW) -> tuple[int, int]:
    """The first window's size: the largest of the canvas's shape, no bigger than the canvas, that fits in
    `share` of the desktop; never smaller than `minimum` (on a desktop too small for that, the system
    clips it). Width a multiple of 16, so the height is a whole number for 16:9."""
    cw, ch = canvas
    step = cw // math.gcd(cw, ch)
    room_w, room_h = desktop[0] * share, desktop[1] * share
    width = min(cw, room_w, room_h * cw / ch)
    width = int(width // step) * step
    width = max(width, minimum[0])
    return width, width * ch // cw


def letterbox(window: tuple[int, int], canvas: tuple[int, int] = CANVAS) -> tuple[float, float, float]:
    """(scale, offset_x, offset_y) of the canvas drawn centred and whole in the window."""
    scale = min(window[0] / canvas[0], window[1] / canvas[1]) or 1.0
    return scale, (window[0] - canvas[0] * scale) / 2, (window[1] - canvas[1] * scale) / 2


def canvas_rect(window: tuple[int, int], canvas: tuple[int, int] = CANVAS) -> tuple[int, int, int, int]:
    """(x, y, w, h) in window pixels where the canvas is drawn, rounded as SDL's renderer does it."""
    ww, wh = window
    if ww * canvas[1] <= wh * canvas[0]:          # the window is taller than the canvas: bars above and below
        h = math.floor(canvas[1] * ww / canvas[0])
        return 0, (wh - h) // 2, ww, h
    w = math.floor(canvas[0] * wh / canvas[1])    # wider: bars left and right
    return (ww - w) // 2, 0, w, wh


def parse_window(text: str) -> tuple[int, int]:
    """'1024x600' -> (1024, 600); ValueError with the reason for anything else."""
    shown = text if len(text) <= 40 else text[:37] + "..."
    parts = text.strip().lower().split("x")
    if len(parts) != 2 or not all(p.isascii() and p.isdigit() and len(p) <= 5 for p in parts):
        raise ValueError(f"expected WIDTHxHEIGHT such as 1024x600 (got {shown!r})")
    w, h = int(parts[0]), int(parts[1])
    if not (MIN_WINDOW[0] <= w <= MAX_WINDOW[0] and MIN_WINDOW[1] <= h <= MAX_WINDOW[1]):
        raise ValueError(f"must be from {MIN_WINDOW[0]}x{MIN_WINDOW[1]} to {MAX_WINDOW[0]}x{MAX_WINDOW[1]} "
                         f"(got {shown!r})")
    return w, h
