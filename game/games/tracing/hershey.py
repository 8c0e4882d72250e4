"""Letters and digits for the tracing game, from the Hershey "futural" font.

futural (Hershey simplex roman) is a single-line sans-serif with round 'a' and
'g' and plain stems: the closest of the bundled Hershey fonts to the print
letters children are taught (the duplex/triplex fonts double their lines, the
script fonts join letters, the serif fonts have serifs to trace).

The font gives the shape of each glyph but not how a child writes it, so every
glyph goes through a small rule set, with an override table for the letters
where rules are not enough:

1. Direction: each open stroke starts at its top end (smaller y), or at its left
   end when roughly horizontal (|dy| < 0.5 |dx| between its ends).
2. Loops: a closed stroke starts at its top point; a loop (closed stroke, or a
   loop at the start of a stroke, as in '9' and 'e') is drawn counter-clockwise
   on screen, i.e. it moves left as it passes its top point, like writing 'c'.
3. Order: strokes go top to bottom, then left to right, by start point; strokes
   starting at the same point go in the order of their first movement, from
   leftward through downward to rightward (so 'E' is the stem, then the bars;
   'A' the left diagonal, then the right one).
4. Joining: consecutive strokes where the pen would come down exactly where it
   lifted are one stroke ('L' is down-then-across without a lift).
5. Dots ('i', 'j'): the font draws a tiny diamond; tracing a 2-unit diamond is
   not meaningful for a child, so the dot becomes a short vertical dash (top to
   bottom) through the dot's centre, DOT_LENGTH_FONT font units long (about
   0.1 x the capital height) but never shorter than MIN_DOT_LENGTH play units,
   and it is drawn last.

Overrides (_OVERRIDES) give the whole stroke program of a glyph: 'a' 'd' 'g' 'q'
draw the round part before the stem; 'T' its stem before the bar; 'r' keeps its
arch going up-right from the stem; 'M' 'N' 'V' 'W' 'v' 'w' 'Z' 'z' '7' 'G' join
pieces into the continuous strokes children use; '8' keeps the font's path.
Overrides only reorder, reverse and join the font's own segments; the traced
shape is always exactly the font's.

Coordinates are play units (1280x720 canvas, origin top-left, y down).
"""
from __future__ import annotations

import functools
import math
import string
import types
from collections.abc import Mapping, Sequence

import numpy as np
from HersheyFonts import HersheyFonts

FONT_NAME = "futural"
# Font units: y down, capitals span CAP_LINE..BASE_LINE.
CAP_LINE = -12.0
BASE_LINE = 9.0
# Length of the dash replacing a dot, in font units, and its floor in play units.
DOT_LENGTH_FONT = 2.0
MIN_DOT_LENGTH = 4.0
# Closed strokes no bigger than this (font units, both ways) are dots.
_DOT_MAX_EXTENT = 3.0
# |dy| < _HORIZONTAL_RATIO * |dx| between the ends counts as roughly horizontal.
_HORIZONTAL_RATIO = 0.5

TEXT_CHARS: frozenset[str] = frozenset(string.ascii_letters + string.digits + " ")

# Stroke programs, in font stroke numbers counted from 1 as the font stores
# them: each inner tuple is one output stroke, the listed font strokes joined
# end to start; a negative number means that font stroke reversed.
_OVERRIDES: Mapping[str, tuple[tuple[int, ...], ...]] = types.MappingProxyType({
    # Round part first (counter-clockwise from the top right), then the stem.
    "a": ((2,), (1,)),
    "d": ((2,), (1,)),
    "g": ((2,), (1,)),
    "q": ((2,), (1,)),
    # Stem from the top centre, then the bar across the top (rule 3 would put
    # the bar first; most curricula teach the stem first, as in 'E' and 't').
    "T": ((1,), (2,)),
    # Stem, then the arch from the stem up and over (the rules would start the
    # arch at its higher, right-hand end).
    "r": ((1,), (2,)),
    # 'C' shape, then in along the bar without lifting.
    "G": ((1, -2),),
    # Stem; then down the diagonal, up to the top right and down the right stem.
    "M": ((1,), (2, -3, 4)),
    # Stem; then down the diagonal and up the right stem.
    "N": ((1,), (2, -3)),
    # Down and up in one stroke.
    "V": ((1, -2),),
    "v": ((1, -2),),
    "W": ((1, -2, 3, -4),),
    "w": ((1, -2, 3, -4),),
    # Across the top, down the diagonal, across the bottom, in one stroke.
    "Z": ((2, 1, 3),),
    "z": ((2, 1, 3),),
    # Across the top, then down the diagonal, in one stroke.
    "7": ((2, 1),),
    # Start at the top going left, as the font does (an 8 is not a simple loop,
    # so the counter-clockwise test of rule 2 does not apply).
    "8": ((1,),),
})


def text_strokes(text: str, center: tuple[float, float], height: float) -> list[np.ndarray]:
    """Return the strokes for writing `text`, in writing order.

    text: characters from TEXT_CHARS (a-z, A-Z, 0-9; a space is a gap one
        space-advance wide and is only allowed between characters).
    center: (x, y) in play units. The text is centred horizontally on its total
        advance width (the font's letter spacing, including side bearings) and
        vertically on the band from cap line to base line, so capitals span
        exactly center_y - height/2 .. center_y + height/2 and descenders
        (g, j, p, q, y) reach below it.
    height: capital-letter height, cap line to base line, in play units (> 0).
        Lower-case x-height is 2/3 of it; descenders go 1/3 below the base line.
    """
    if not isinstance(text, str) or not text:
        raise ValueError(f"text must be a non-empty string, got {text!r}")
    for ch in text:
        if ch not in TEXT_CHARS:
            raise ValueError(f"unsupported character {ch!r} in text {text!r}; use a-z, A-Z, 0-9 and spaces")
    if text != text.strip(" "):
        raise ValueError(f"text must not start or end with a space, got {text!r}")
    cx, cy = _check_center(center)
    if isinstance(height, bool) or not isinstance(height, (int, float, np.integer, np.floating)) \
            or not math.isfinite(height) or height <= 0:
        raise ValueError(f"height must be a positive number, got {height!r}")

    glyphs = _glyph_table()
    scale = float(height) / (BASE_LINE - CAP_LINE)
    total_advance = sum(glyphs[ch][1] for ch in text)
    x0 = cx - total_advance * scale / 2.0
    mid_band = (CAP_LINE + BASE_LINE) / 2.0
    min_dot = MIN_DOT_LENGTH / scale

    strokes: list[np.ndarray] = []
    pen_x = 0.0  # left edge of the current glyph's advance box, font units
    for ch in text:
        left, advance, _ = glyphs[ch]
        for stroke in glyph_strokes(ch, min_dot_length=min_dot):
            pts = np.empty_like(stroke)
            pts[:, 0] = x0 + (pen_x + stroke[:, 0] - left) * scale
            pts[:, 1] = cy + (stroke[:, 1] - mid_band) * scale
            strokes.append(pts)
        pen_x += advance
    return strokes


def glyph_strokes(ch: str, *, min_dot_length: float = 0.0) -> list[np.ndarray]:
    """Strokes of one character in font units (origin at the glyph centre, y down),
    in writing order; `min_dot_length` is the dot dash's floor in font units."""
    if ch not in TEXT_CHARS:
        raise ValueError(f"unsupported character {ch!r}")
    raw = [np.array(s, dtype=np.float64) for s in _glyph_table()[ch][2]]
    dots = [s for s in raw if _is_dot(s)]
    lines = [s for s in raw if not _is_dot(s)]
    program = _OVERRIDES.get(ch)
    if program is not None:
        body = [_run_program(lines, prog) for prog in program]
    else:
        body = _join_touching(sorted((_orient(s) for s in lines), key=_order_key))
    return [np.ascontiguousarray(s) for s in body] + [_dot_dash(d, min_dot_length) for d in dots]


@functools.cache
def _glyph_table() -> Mapping[str, tuple[float, float, tuple[tuple[tuple[float, float], ...], ...]]]:
    """Char -> (left side, advance width, strokes) in font units, read once.

    Cached because unpacking the bundled font archive takes tens of ms; the
    result is immutable, so sharing it is safe.
    """
    font = HersheyFonts()
    font.load_default_font(FONT_NAME)
    table = {}
    for ch in sorted(TEXT_CHARS):
        glyph = next(iter(font.glyphs_for_text(ch)))
        strokes = tuple(tuple((float(x), float(y)) for x, y in s) for s in glyph.strokes if len(s) >= 2)
        table[ch] = (float(glyph.left_offset), float(glyph.char_width), strokes)
    return types.MappingProxyType(table)


def _check_center(center: tuple[float, float]) -> tuple[float, float]:
    """Fail early on a malformed centre, since NaNs would poison every metric."""
    try:
        cx, cy = (float(v) for v in center)
    except (TypeError, ValueError):
        raise ValueError(f"center must be two numbers (x, y), got {center!r}") from None
    if not (math.isfinite(cx) and math.isfinite(cy)):
        raise ValueError(f"center must be finite, got {center!r}")
    return cx, cy


def _is_closed(s: np.ndarray) -> bool:
    return len(s) > 2 and bool(np.array_equal(s[0], s[-1]))


def _is_dot(s: np.ndarray) -> bool:
    """The font's dots are tiny closed diamonds."""
    extent = s.max(axis=0) - s.min(axis=0)
    return _is_closed(s) and bool(np.all(extent <= _DOT_MAX_EXTENT))


def _dot_dash(s: np.ndarray, min_length: float) -> np.ndarray:
    """A short top-to-bottom dash through the dot's centre, traceable unlike a tap."""
    centre = (s.max(axis=0) + s.min(axis=0)) / 2.0
    half = max(DOT_LENGTH_FONT, min_length) / 2.0
    return np.array([[centre[0], centre[1] - half], [centre[0], centre[1] + half]])


def _orient(s: np.ndarray) -> np.ndarray:
    """Rules 1 and 2: start at the top (or left) end; loops counter-clockwise."""
    if _is_closed(s):
        ring = s[:-1]
        top = np.flatnonzero(ring[:, 1] == ring[:, 1].min())
        start = 0 if 0 in top else int(top[0])
        ring = np.roll(ring, -start, axis=0)
        s = np.vstack((ring, ring[:1]))
    else:
        d = s[-1] - s[0]
        horizontal = abs(d[1]) < _HORIZONTAL_RATIO * abs(d[0])
        if (d[0] < 0) if horizontal else (d[1] < 0):
            s = s[::-1]
    return _leading_loop_ccw(s)


def _leading_loop_ccw(s: np.ndarray) -> np.ndarray:
    """If the stroke begins with a loop, draw that loop counter-clockwise on screen."""
    back = np.flatnonzero(np.all(s[1:] == s[0], axis=1))
    if back.size == 0:
        return s
    end = int(back[0]) + 1  # s[end] == s[0]
    loop = s[: end + 1]
    ring = loop[:-1]
    i = int(np.argmin(ring[:, 1]))
    prev_x, next_x = ring[i - 1, 0], ring[(i + 1) % len(ring), 0]
    if next_x > prev_x:  # moving right over the top: clockwise on screen
        return np.vstack((loop[::-1], s[end + 1:]))
    return s


def _order_key(s: np.ndarray) -> tuple[float, float, float]:
    """Rule 3: top to bottom, left to right, then leftward-to-rightward first move."""
    d = s[1] - s[0]
    return (float(s[0, 1]), float(s[0, 0]), math.atan2(d[0], d[1]))


def _join_touching(strokes: Sequence[np.ndarray]) -> list[np.ndarray]:
    """Rule 4: no pen lift where the next stroke starts where the last one ended."""
    out: list[np.ndarray] = []
    for s in strokes:
        if out and np.array_equal(out[-1][-1], s[0]):
            out[-1] = np.vstack((out[-1], s[1:]))
        else:
            out.append(s)
    return out


def _run_program(lines: Sequence[np.ndarray], program: tuple[int, ...]) -> np.ndarray:
    """Join font strokes (1-based, negative = reversed) into one pen-down stroke."""
    parts = [lines[k - 1] if k > 0 else lines[-k - 1][::-1] for k in program]
    out = parts[0]
    for p in parts[1:]:
        if not np.array_equal(out[-1], p[0]):
            raise AssertionError(f"override pieces do not touch: {out[-1]} -> {p[0]}")
        out = np.vstack((out, p[1:]))
    return np.ascontiguousarray(out, dtype=np.float64)
