"""Paths for the tracing game's shape levels: circle, square, triangle, zigzag,
wave, spiral and figure-8, as polylines in play units.

Coordinates are play units on the 1280x720 canvas, origin top-left, y DOWN, so
"counter-clockwise" below always means counter-clockwise as seen on the screen.
Each stroke is an (n, 2) float64 array traced in order and direction (one
pen-down); a shape is a list of strokes in the order the child traces them.
Every shape here is a single stroke.

Curves are sampled so that no segment is longer than MAX_SEGMENT play units,
so distances measured against the polyline equal distances to the true curve
to well under a pixel. Straight-edged shapes keep their exact corners only.
Whether a shape fits the canvas is checked by the level model, not here.
"""
from __future__ import annotations

import math

import numpy as np

SHAPES: tuple[str, ...] = ("circle", "square", "triangle", "zigzag", "wave", "spiral", "figure8")

# Longest allowed segment on a curved path, in play units.
MAX_SEGMENT = 1.0
# Fewest samples per loop, so tiny shapes still look round.
_MIN_SAMPLES_PER_LOOP = 32
# Default zigzag/wave peak-to-trough height as a fraction of the width.
DEFAULT_HEIGHT_FRACTION = 0.25
# Figure-8 width as a fraction of its height (each loop is about as wide as tall).
FIGURE8_WIDTH_FRACTION = 0.5


def shape_strokes(
    shape: str,
    center: tuple[float, float],
    size: float,
    *,
    height: float | None = None,
    cycles: int = 3,
    turns: float = 3.0,
    clockwise: bool = False,
    start_angle_deg: float = 0.0,
) -> list[np.ndarray]:
    """Return the strokes of a named shape, in tracing order.

    shape: one of SHAPES.
    center: (x, y) of the shape in play units. This is the centre of the
        bounding box for every shape except the spiral, whose `center` is the
        spiral's middle, where tracing starts.
    size: width of the shape in play units (must be > 0):
        circle = diameter; square = side; triangle = side of an equilateral
        triangle pointing up; zigzag and wave = total width (left to right);
        spiral = diameter of the outer turn (twice the largest radius);
        figure8 = total HEIGHT, because a figure-8 stands upright (its width
        is half its height).
    height: zigzag and wave only: peak-to-trough height in play units
        (default size / 4). Ignored by the other shapes.
    cycles: zigzag and wave only: number of hills (full periods), >= 1.
    turns: spiral only: number of turns (> 0, may be fractional).
    clockwise: drawing direction as seen on screen for circle, square,
        triangle, spiral and figure8 (default counter-clockwise, the natural
        direction for writing 'c', 'o', 'a'). Ignored by zigzag and wave, which
        are always drawn left to right.

    Start points: circle at the top (12 o'clock); square at the top-left
    corner (counter-clockwise goes down the left side first, clockwise along
    the top first); triangle at the apex (counter-clockwise goes down-left
    first); zigzag and wave at the bottom-left, rising to the first peak;
    spiral at its centre, winding outwards, its outer end always at 12 o'clock;
    figure8 at the top, heading left (clockwise: heading right), crossing in
    the middle like a handwritten 8. Circle, square, triangle and figure8 are
    closed: the stroke ends exactly where it starts.
    start_angle_deg: circle and spiral only: where round the clock the circle
        starts (the spiral's outer end lies), in degrees clockwise on screen
        from 12 o'clock (90 = 3 o'clock); the shape turns about its centre.
        Ignored by the other shapes, whose corners or crossing fix their look.
    """
    cx, cy = _check_center(center)
    size = _check_positive("size", size)
    sense = -1.0 if clockwise else 1.0
    if shape == "circle":
        return [_turned(_circle(cx, cy, size / 2.0, sense), cx, cy, start_angle_deg)]
    if shape == "square":
        return [_square(cx, cy, size, clockwise)]
    if shape == "triangle":
        return [_triangle(cx, cy, size, clockwise)]
    if shape in ("zigzag", "wave"):
        amp_height = size * DEFAULT_HEIGHT_FRACTION if height is None else _check_positive("height", height)
        n = _check_cycles(cycles)
        if shape == "zigzag":
            return [_zigzag(cx, cy, size, amp_height, n)]
        return [_wave(cx, cy, size, amp_height, n)]
    if shape == "spiral":
        return [_turned(_spiral(cx, cy, size / 2.0, _check_positive("turns", turns), sense), cx, cy,
                        start_angle_deg)]
    if shape == "figure8":
        return [_figure8(cx, cy, size, sense)]
    raise ValueError(f"unknown shape {shape!r}; expected one of: {', '.join(SHAPES)}")


def _turned(pts: np.ndarray, cx: float, cy: float, angle_deg: float) -> np.ndarray:
    """The points turned clockwise on screen (y down) by angle_deg about (cx, cy)."""
    a = float(angle_deg)
    if not math.isfinite(a):
        raise ValueError(f"start_angle_deg must be a finite number, got {angle_deg!r}")
    if a % 360.0 == 0.0:
        return pts
    c, s = math.cos(math.radians(a)), math.sin(math.radians(a))
    dx, dy = pts[:, 0] - cx, pts[:, 1] - cy
    out = np.column_stack((cx + dx * c - dy * s, cy + dx * s + dy * c))
    if np.array_equal(pts[0], pts[-1]):
        out[-1] = out[0]   # a closed shape stays exactly closed
    return out


def _check_center(center: tuple[float, float]) -> tuple[float, float]:
    """Fail early on a malformed centre, since NaNs would poison every metric."""
    try:
        cx, cy = (float(v) for v in center)
    except (TypeError, ValueError):
        raise ValueError(f"center must be two numbers (x, y), got {center!r}") from None
    if not (math.isfinite(cx) and math.isfinite(cy)):
        raise ValueError(f"center must be finite, got {center!r}")
    return cx, cy


def _check_positive(name: str, value: float) -> float:
    """Sizes must be real, finite and positive to give a traceable path."""
    if isinstance(value, bool):
        raise ValueError(f"{name} must be a positive number, got {value!r}")
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a positive number, got {value!r}") from None
    if not math.isfinite(v) or v <= 0.0:
        raise ValueError(f"{name} must be a positive number, got {value!r}")
    return v


def _check_cycles(cycles: int) -> int:
    """A fractional hill count would leave the path ending mid-slope."""
    if isinstance(cycles, bool) or not isinstance(cycles, (int, np.integer)) or cycles < 1:
        raise ValueError(f"cycles must be a whole number >= 1, got {cycles!r}")
    return int(cycles)


def _samples(length_bound: float, minimum: int) -> int:
    """Number of segments so that each is at most MAX_SEGMENT long.

    `length_bound` must bound the path's arc length from above; chords are no
    longer than the arcs they cut, so segments are then short enough.
    """
    return max(minimum, math.ceil(length_bound / MAX_SEGMENT))


def _circle(cx: float, cy: float, r: float, sense: float) -> np.ndarray:
    """Circle from 12 o'clock; sense +1 is counter-clockwise on screen."""
    n = _samples(2.0 * math.pi * r, _MIN_SAMPLES_PER_LOOP)
    t = np.linspace(0.0, 2.0 * math.pi, n + 1)
    pts = np.column_stack((cx - sense * r * np.sin(t), cy - r * np.cos(t)))
    pts[-1] = pts[0]
    return pts


def _square(cx: float, cy: float, side: float, clockwise: bool) -> np.ndarray:
    """Square from the top-left corner, with its four exact corners."""
    h = side / 2.0
    tl, tr, br, bl = (cx - h, cy - h), (cx + h, cy - h), (cx + h, cy + h), (cx - h, cy + h)
    order = (tl, tr, br, bl, tl) if clockwise else (tl, bl, br, tr, tl)
    return np.array(order, dtype=np.float64)


def _triangle(cx: float, cy: float, side: float, clockwise: bool) -> np.ndarray:
    """Equilateral triangle pointing up, centred on its bounding box, from the apex."""
    half_h = side * math.sqrt(3.0) / 4.0
    apex = (cx, cy - half_h)
    left = (cx - side / 2.0, cy + half_h)
    right = (cx + side / 2.0, cy + half_h)
    order = (apex, right, left, apex) if clockwise else (apex, left, right, apex)
    return np.array(order, dtype=np.float64)


def _zigzag(cx: float, cy: float, width: float, height: float, cycles: int) -> np.ndarray:
    """Mountains /\\/\\ from the bottom-left: trough, peak, trough, ... exact corners."""
    k = np.arange(2 * cycles + 1)
    x = (cx - width / 2.0) + width * k / (2 * cycles)
    y = np.where(k % 2 == 0, cy + height / 2.0, cy - height / 2.0)
    x[-1] = cx + width / 2.0
    return np.column_stack((x, y)).astype(np.float64)


def _wave(cx: float, cy: float, width: float, height: float, cycles: int) -> np.ndarray:
    """Smooth hills (a cosine) with the same troughs and peaks as the zigzag."""
    a = height / 2.0
    slope = math.pi * cycles * height / width  # steepest |dy/dx|
    seg = _samples(width * math.hypot(1.0, slope), 16 * cycles)
    seg = math.ceil(seg / (2 * cycles)) * (2 * cycles)  # sample every peak and trough exactly
    u = np.arange(seg + 1) / seg
    x = (cx - width / 2.0) + width * u
    x[-1] = cx + width / 2.0
    y = cy + a * np.cos(2.0 * math.pi * cycles * u)
    # Peaks and troughs fall on samples; pin them so the height is exact.
    step = seg // (2 * cycles)
    y[0::step] = np.where((np.arange(0, seg + 1, step) // step) % 2 == 0, cy + a, cy - a)
    return np.column_stack((x, y))


def _spiral(cx: float, cy: float, r_max: float, turns: float, sense: float) -> np.ndarray:
    """Archimedean spiral from the centre outwards. The angle is measured back from
    the outer end, so that end is always at 12 o'clock, where a full guide looks tidy."""
    theta_end = 2.0 * math.pi * turns
    b = r_max / theta_end  # dr/dtheta
    # |d point / d theta| = sqrt(r^2 + b^2) <= sqrt(r_max^2 + b^2)
    n = _samples(theta_end * math.hypot(r_max, b), max(16, math.ceil(16 * turns)))
    theta = np.linspace(0.0, theta_end, n + 1)
    r = b * theta
    r[-1] = r_max
    alpha = theta - theta_end
    return np.column_stack((cx - sense * r * np.sin(alpha), cy - r * np.cos(alpha)))


def _figure8(cx: float, cy: float, height: float, sense: float) -> np.ndarray:
    """Upright lemniscate of Gerono, like a handwritten 8: from the top, down one
    side of the top loop, crossing in the middle, around the bottom loop, back
    through the middle and up to the top. sense +1 heads left first, so the top
    loop is counter-clockwise (and the bottom loop clockwise)."""
    half_w = height * FIGURE8_WIDTH_FRACTION / 2.0
    half_h = height / 2.0
    # speed = sqrt((2 half_w cos 2t)^2 + (half_h sin t)^2) <= hypot(2 half_w, half_h)
    n = _samples(2.0 * math.pi * math.hypot(2.0 * half_w, half_h), 2 * _MIN_SAMPLES_PER_LOOP)
    n = math.ceil(n / 8) * 8  # sample the top, bottom, crossings and widest points exactly
    t = np.linspace(0.0, 2.0 * math.pi, n + 1)
    pts = np.column_stack((cx - sense * half_w * np.sin(2.0 * t), cy - half_h * np.cos(t)))
    q = n // 4
    pts[0] = pts[n] = (cx, cy - half_h)
    pts[2 * q] = (cx, cy + half_h)
    pts[q] = pts[3 * q] = (cx, cy)
    return pts
