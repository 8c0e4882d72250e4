"""Drawing helpers in play units: buttons, stars, arrows, icons, confetti and text.

Icons exist so that a child who cannot read yet still knows what a button does; every icon
fits the square centred in the Rect it is given and can be passed to `draw_button(icon=...)`.
"""
from __future__ import annotations

import math
from typing import Callable, Sequence

import numpy as np
import pygame

from game.ui.theme import (
    CANVAS_SIZE,
    CONFETTI_COLORS,
    DISABLED,
    DISABLED_INK,
    INK,
    OI_BLUE,
    OI_BLUISH_GREEN,
    OI_YELLOW,
    SHADOW,
    STAR_EDGE,
    STAR_EMPTY,
    STAR_GOLD,
    WHITE,
    Color,
    Fonts,
    mix,
)

Point = tuple[float, float]
Icon = Callable[[pygame.Surface, pygame.Rect], None]


def _ipt(p: Point) -> tuple[int, int]:
    return (round(p[0]), round(p[1]))


def _smooth_polygon(surface: pygame.Surface, color: Color, pts: Sequence[Point]) -> None:
    """Filled polygon with an anti-aliased edge (pygame's fill alone is jagged)."""
    ip = [_ipt(p) for p in pts]
    pygame.draw.polygon(surface, color, ip)
    pygame.draw.aalines(surface, color, True, pts)


def _icon_box(rect: pygame.Rect) -> tuple[float, float, float]:
    """Centre and half-size of the square inside `rect`, with a little margin."""
    half = min(rect.w, rect.h) * 0.42
    return rect.centerx, rect.centery, half


# --- text ------------------------------------------------------------------------------------

ELLIPSIS = "\u2026"
PLACEHOLDER = "?"
"""Drawn instead of a character the font has no picture for (an emoji in a name from an old records file)."""
_NOTDEF = "\U0010fffd"   # a private-use code point no font draws: its picture is the font's "missing" box
_missing: dict[tuple[str, str, int, str], bool] = {}


def _lacks(font: pygame.font.Font, ch: str) -> bool:
    """True if `font` has no glyph for `ch` (it would draw its empty box) or `ch` cannot be drawn at all."""
    if not ch.isprintable() or "\ud800" <= ch <= "\udfff":
        return True
    key = (font.name, font.style_name, font.get_height(), ch)
    hit = _missing.get(key)
    if hit is None:
        # pygame-ce's metrics give the box's metrics for a missing glyph, never None: compare pictures too.
        hit = font.metrics(ch) == font.metrics(_NOTDEF) and pygame.image.tobytes(
            font.render(ch, True, INK), "RGBA") == pygame.image.tobytes(font.render(_NOTDEF, True, INK), "RGBA")
        _missing[key] = hit
    return hit


def missing_glyphs(text: str, *fonts: pygame.font.Font) -> list[str]:
    """The characters of `text` (each once, in order) that one of `fonts` cannot draw."""
    if text.isascii() and text.isprintable():
        return []
    return [ch for ch in dict.fromkeys(text) if any(_lacks(f, ch) for f in fonts)]


def drawable(text: str, font: pygame.font.Font) -> str:
    """`text` with every character the font cannot draw shown as PLACEHOLDER (control characters left out)."""
    missing = missing_glyphs(text, font)
    if not missing:
        return text
    return "".join((PLACEHOLDER if ch.isprintable() and not "\ud800" <= ch <= "\udfff" else "")
                   if ch in missing else ch for ch in text)


def fit(text: str, font: pygame.font.Font, width: int) -> str:
    """`text` (made drawable) cut with an ellipsis so it is at most `width` pixels wide."""
    text = drawable(text, font)
    if font.size(text)[0] <= width:
        return text
    while text and font.size(text + ELLIPSIS)[0] > width:
        text = text[:-1]
    return text.rstrip() + ELLIPSIS


def fit_tail(text: str, font: pygame.font.Font, width: int) -> str:
    """The end of `text` (made drawable) in `width` pixels, an ellipsis in front when cut: what is being typed."""
    text = drawable(text, font)
    if font.size(text)[0] <= width:
        return text
    while text and font.size(ELLIPSIS + text)[0] > width:
        text = text[1:]
    return ELLIPSIS + text


CANNOT_TYPE = "Sorry, MotorPlay cannot show emoji or that sign. Please type letters and numbers."
"""What a typing screen says when a typed character is one the font cannot draw."""


def fit_between(prefix: str, text: str, suffix: str, font: pygame.font.Font, width: int) -> str:
    """prefix + text + suffix in `width` pixels, cutting only `text` (a name inside a sentence)."""
    room = width - font.size(drawable(prefix + suffix, font))[0]
    return drawable(prefix, font) + fit(text, font, max(0, room)) + drawable(suffix, font)


def fit_size(text: str, fonts: Fonts, size: int, width: int, bold: bool = False, smallest: int = 0) -> tuple[str, int]:
    """The largest size from `size` down to `smallest` at which `text` fits `width`; cut with an ellipsis at
    `smallest` if it fits at none. Returns (text, size)."""
    smallest = smallest or size
    while size > smallest and fonts.get(size, bold).size(drawable(text, fonts.get(size, bold)))[0] > width:
        size -= 2
    return fit(text, fonts.get(size, bold), width), size


def draw_text(surface: pygame.Surface, text: str, fonts: Fonts, size: int,
              center: Point | None = None, color: Color = INK, bold: bool = False, *,
              topleft: Point | None = None) -> pygame.Rect:
    """Draw one line of Andika text anchored at `center` (default) or `topleft`; returns its Rect.

    A character the font cannot draw shows as PLACEHOLDER, never as a crash or an empty box."""
    if (center is None) == (topleft is None):
        raise ValueError("give exactly one of center or topleft")
    font = fonts.get(size, bold)
    img = font.render(drawable(text, font), True, color)
    rect = img.get_rect(center=_ipt(center)) if center is not None else img.get_rect(
        topleft=_ipt(topleft))  # type: ignore[arg-type]
    surface.blit(img, rect)
    return rect


def wrap_text(text: str, font: pygame.font.Font, max_width: int) -> list[str]:
    """Greedy word wrap to `max_width` pixels; keeps explicit newlines, splits over-long words."""
    if text == "":
        return []
    lines: list[str] = []
    for para in text.split("\n"):
        words = para.split()
        if not words:
            lines.append("")
            continue
        line = ""
        for word in words:
            trial = f"{line} {word}" if line else word
            if font.size(trial)[0] <= max_width:
                line = trial
                continue
            if line:
                lines.append(line)
            # A single word wider than the box is broken by characters.
            while font.size(word)[0] > max_width and len(word) > 1:
                cut = len(word) - 1
                while cut > 1 and font.size(word[:cut])[0] > max_width:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return lines


# --- buttons ----------------------------------------------------------------------------------

def draw_button(surface: pygame.Surface, rect: pygame.Rect, label: str, fonts: Fonts, *,
                color: Color, text_color: Color = WHITE, icon: Icon | None = None,
                enabled: bool = True, pressed: bool = False) -> None:
    """A chunky rounded button with a soft shadow; pressed buttons sink onto their shadow."""
    rect = pygame.Rect(rect)
    depth = max(3, rect.h // 14)
    radius = max(8, min(rect.h, rect.w) // 3)
    if not enabled:
        color, text_color, pressed = DISABLED, DISABLED_INK, False

    shadow = pygame.Surface((rect.w + 8, rect.h + 8), pygame.SRCALPHA)
    for grow, alpha in ((4, 25), (2, 40), (0, 60)):
        pygame.draw.rect(shadow, (*SHADOW, alpha), pygame.Rect(4 - grow, 4 - grow,
                         rect.w + 2 * grow, rect.h + 2 * grow), border_radius=radius + grow)
    surface.blit(shadow, (rect.x - 4, rect.y - 4 + depth))

    face = rect.move(0, depth if pressed else 0)
    if not pressed:  # the coloured "side" under the face gives a pressable 3-D look
        pygame.draw.rect(surface, mix(color, (0, 0, 0), 0.25), face.move(0, depth),
                         border_radius=radius)
    pygame.draw.rect(surface, color, face, border_radius=radius)
    gloss = pygame.Rect(face.x + radius // 2, face.y + max(3, face.h // 14),
                        face.w - radius, max(3, face.h // 9))
    pygame.draw.rect(surface, mix(color, WHITE, 0.18), gloss, border_radius=gloss.h // 2)
    pygame.draw.rect(surface, mix(color, (0, 0, 0), 0.3), face, width=2, border_radius=radius)

    pad = max(8, face.h // 6)
    inner = face.inflate(-2 * pad, -2 * pad)
    if icon is not None:
        if label:
            box = pygame.Rect(inner.x, inner.y, inner.h, inner.h)
            inner = pygame.Rect(box.right + pad // 2, inner.y, inner.right - box.right - pad // 2,
                                inner.h)
        else:
            side = round(min(face.w, face.h) * 0.8)
            box = pygame.Rect(0, 0, side, side)
            box.center = face.center
        icon(surface, box)
    if label:
        size = max(12, min(56, int(face.h * 0.42)))
        font = fonts.get(size, True)
        while size > 12 and font.size(label)[0] > inner.w:
            size -= 2
            font = fonts.get(size, True)
        img = font.render(label, True, text_color)
        surface.blit(img, img.get_rect(center=inner.center))


# --- stars and arrows -------------------------------------------------------------------------

def star_points(center: Point, radius: float, inner_ratio: float = 0.5) -> list[Point]:
    """Ten vertices of a five-pointed star with one point straight up."""
    cx, cy = center
    pts = []
    for i in range(10):
        a = -math.pi / 2 + i * math.pi / 5
        r = radius if i % 2 == 0 else radius * inner_ratio
        pts.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    return pts


def draw_star(surface: pygame.Surface, center: Point, radius: float, filled: bool,
              color: Color | None = None) -> None:
    """A reward star: filled gold when earned, an empty grey outline when not (shape differs too)."""
    if color is None:
        color = STAR_GOLD if filled else STAR_EMPTY
    pts = star_points(center, radius)
    width = max(2, round(radius / 9))
    if filled:
        _smooth_polygon(surface, color, pts)
        edge = STAR_EDGE if color == STAR_GOLD else mix(color, (0, 0, 0), 0.3)
        pygame.draw.lines(surface, edge, True, [_ipt(p) for p in pts], width)
        for p in pts:
            pygame.draw.circle(surface, edge, _ipt(p), max(1, width // 2))
        _smooth_polygon(surface, mix(color, WHITE, 0.3),
                        star_points((center[0], center[1] - radius * 0.04), radius * 0.55))
    else:
        pygame.draw.lines(surface, color, True, [_ipt(p) for p in pts], width)
        for p in pts:
            pygame.draw.circle(surface, color, _ipt(p), max(1, width // 2))


def draw_arrow(surface: pygame.Surface, start: Point, direction: Point, length: float,
               color: Color, width: float) -> None:
    """A fat "go this way" arrow from `start` along the unit vector `direction`."""
    dx, dy = direction
    norm = math.hypot(dx, dy)
    if norm == 0:
        raise ValueError("arrow direction must not be zero")
    dx, dy = dx / norm, dy / norm
    nx, ny = -dy, dx
    head_len = min(length, width * 1.8)
    head_half = width * 1.3
    sx, sy = start
    bx, by = sx + dx * (length - head_len), sy + dy * (length - head_len)
    tip = (sx + dx * length, sy + dy * length)
    w2 = width / 2
    if length > head_len:
        shaft = [(sx + nx * w2, sy + ny * w2), (bx + nx * w2, by + ny * w2),
                 (bx - nx * w2, by - ny * w2), (sx - nx * w2, sy - ny * w2)]
        _smooth_polygon(surface, color, shaft)
        pygame.draw.circle(surface, color, _ipt(start), max(1, round(w2)))
    _smooth_polygon(surface, color, [(bx + nx * head_half, by + ny * head_half), tip,
                                     (bx - nx * head_half, by - ny * head_half)])


# --- icons -----------------------------------------------------------------------------------

def draw_ring(surface: pygame.Surface, center: tuple[float, float], radius: float, frac: float,
              color: Color, width: int = 7) -> None:
    """A ring that fills clockwise from the top as `frac` goes 0 -> 1 (the hold-to-open cue)."""
    frac = min(1.0, max(0.0, frac))
    steps = max(2, int(72 * frac))
    pts = [(center[0] + radius * math.sin(2 * math.pi * frac * i / steps),
            center[1] - radius * math.cos(2 * math.pi * frac * i / steps)) for i in range(steps + 1)]
    if frac > 0:
        pygame.draw.lines(surface, color, False, pts, width)
        for p in (pts[0], pts[-1]):
            pygame.draw.circle(surface, color, (round(p[0]), round(p[1])), width // 2)


def draw_play_icon(surface: pygame.Surface, rect: pygame.Rect, color: Color = WHITE) -> None:
    """Right-pointing triangle: "start"."""
    cx, cy, h = _icon_box(rect)
    _smooth_polygon(surface, color, [(cx - h * 0.6, cy - h * 0.85), (cx + h * 0.9, cy),
                                     (cx - h * 0.6, cy + h * 0.85)])


def draw_pause_icon(surface: pygame.Surface, rect: pygame.Rect, color: Color = WHITE) -> None:
    """Two bars: "wait"."""
    cx, cy, h = _icon_box(rect)
    bw = max(2, round(h * 0.5))
    for x in (cx - h * 0.6, cx + h * 0.1):
        pygame.draw.rect(surface, color, pygame.Rect(round(x), round(cy - h * 0.8), bw,
                                                     round(h * 1.6)), border_radius=bw // 3)


def draw_home_icon(surface: pygame.Surface, rect: pygame.Rect, color: Color = WHITE) -> None:
    """A little house with a door: "back to the start screen"."""
    cx, cy, h = _icon_box(rect)
    _smooth_polygon(surface, color, [(cx - h, cy - h * 0.05), (cx, cy - h * 0.95),
                                     (cx + h, cy - h * 0.05)])
    body = pygame.Rect(0, 0, round(h * 1.36), round(h * 0.95))
    body.midtop = (round(cx), round(cy - h * 0.15))
    pygame.draw.rect(surface, color, body, border_radius=max(1, round(h * 0.08)))
    door = pygame.Rect(0, 0, max(2, round(h * 0.4)), max(2, round(h * 0.55)))
    door.midbottom = body.midbottom
    pygame.draw.rect(surface, _behind(surface, rect, color), door,
                     border_top_left_radius=door.w // 2, border_top_right_radius=door.w // 2)


def _behind(surface: pygame.Surface, rect: pygame.Rect, fallback: Color) -> Color:
    """Colour under the icon's corner: door and keyhole cut-outs show the button behind them."""
    x, y = rect.left + 1, rect.top + 1
    if surface.get_rect().collidepoint(x, y):
        c = surface.get_at((x, y))
        if (c.r, c.g, c.b) != tuple(fallback):
            return (c.r, c.g, c.b)
    return mix(fallback, (0, 0, 0), 0.6)


def draw_again_icon(surface: pygame.Surface, rect: pygame.Rect, color: Color = WHITE) -> None:
    """Circular arrow: "try again"."""
    cx, cy, h = _icon_box(rect)
    r = h * 0.72
    w = max(3, round(h * 0.28))
    a0, a1 = math.radians(-60), math.radians(220)
    steps = 28
    pts = [(cx + r * math.cos(a0 + (a1 - a0) * i / steps),
            cy + r * math.sin(a0 + (a1 - a0) * i / steps)) for i in range(steps + 1)]
    pygame.draw.lines(surface, color, False, [_ipt(p) for p in pts], w)
    for p in pts:
        pygame.draw.circle(surface, color, _ipt(p), w // 2)
    # Arrow head at the start of the arc, pointing along it (anticlockwise on screen).
    ex, ey = pts[0]
    tx, ty = math.sin(a0), -math.cos(a0)
    nx, ny = math.cos(a0), math.sin(a0)
    hw, hl = w * 1.3, w * 1.6
    _smooth_polygon(surface, color, [(ex + nx * hw, ey + ny * hw), (ex + tx * hl, ey + ty * hl),
                                     (ex - nx * hw, ey - ny * hw)])


def draw_next_icon(surface: pygame.Surface, rect: pygame.Rect, color: Color = WHITE) -> None:
    """Fat right arrow: "next level"."""
    cx, cy, h = _icon_box(rect)
    draw_arrow(surface, (cx - h * 0.85, cy), (1.0, 0.0), h * 1.75, color, h * 0.5)


def draw_stop_icon(surface: pygame.Surface, rect: pygame.Rect, color: Color = WHITE) -> None:
    """Rounded square: "stop"."""
    cx, cy, h = _icon_box(rect)
    side = round(h * 1.4)
    box = pygame.Rect(0, 0, side, side)
    box.center = (round(cx), round(cy))
    pygame.draw.rect(surface, color, box, border_radius=max(1, side // 6))


def draw_paused_sign(surface: pygame.Surface, center: Point, radius: float) -> None:
    """The picture for "Paused": the pause button's two bars, big, in a soft round badge."""
    cx, cy = center
    pygame.draw.circle(surface, mix(WHITE, INK, 0.08), _ipt((cx, cy + radius * 0.08)), round(radius))
    pygame.draw.circle(surface, WHITE, _ipt(center), round(radius))
    pygame.draw.circle(surface, mix(WHITE, INK, 0.25), _ipt(center), round(radius), max(2, round(radius / 14)))
    box = pygame.Rect(0, 0, round(radius * 1.2), round(radius * 1.2))
    box.center = _ipt(center)
    draw_pause_icon(surface, box, OI_BLUE)


def draw_tries(surface: pygame.Surface, rect: pygame.Rect, done: int, total: int, pulse: float = 0.0) -> None:
    """ "Try 2 of 3" as a picture: one big dot per try in a row; tries done hold a gold star, the next
    one is green, larger and glowing (`pulse` 0..1 breathes it) with a play sign, later ones are pale."""
    total = max(total, 1)
    step = min(rect.w / total, 190.0)
    r = min(step * 0.38, rect.h * 0.36, 58.0)
    x0 = rect.centerx - step * (total - 1) / 2
    green = OI_BLUISH_GREEN
    for k in range(total):
        c = (x0 + k * step, rect.centery)
        if k < done:
            pygame.draw.circle(surface, WHITE, _ipt(c), round(r))
            pygame.draw.circle(surface, STAR_EDGE, _ipt(c), round(r), max(2, round(r / 12)))
            draw_star(surface, c, r * 0.72, True)
        elif k == done:
            glow = r * (1.35 + 0.12 * pulse)
            halo = pygame.Surface((round(2 * glow) + 4, round(2 * glow) + 4), pygame.SRCALPHA)
            pygame.draw.circle(halo, (*OI_YELLOW, 150), (round(glow) + 2, round(glow) + 2), round(glow))
            surface.blit(halo, (c[0] - glow - 2, c[1] - glow - 2))
            big = r * 1.18
            pygame.draw.circle(surface, green, _ipt(c), round(big))
            pygame.draw.circle(surface, mix(green, INK, 0.4), _ipt(c), round(big), max(2, round(r / 12)))
            box = pygame.Rect(0, 0, round(big), round(big))
            box.center = (round(c[0] + big * 0.08), round(c[1]))
            draw_play_icon(surface, box)
        else:
            pygame.draw.circle(surface, mix(WHITE, STAR_EMPTY, 0.25), _ipt(c), round(r * 0.8))
            pygame.draw.circle(surface, STAR_EMPTY, _ipt(c), round(r * 0.8), max(2, round(r / 12)))


def draw_glow(surface: pygame.Surface, rect: pygame.Rect, amount: float, color: Color = OI_YELLOW) -> None:
    """A soft glow around a button: "this one" (amount 0..1)."""
    if amount <= 0:
        return
    grow = round(18 + 12 * amount)
    box = rect.inflate(2 * grow, 2 * grow)
    layer = pygame.Surface(box.size, pygame.SRCALPHA)
    for k in range(3):
        inner = layer.get_rect().inflate(-k * grow * 0.6, -k * grow * 0.6)
        pygame.draw.rect(layer, (*color, round(100 * amount)), inner, border_radius=40)
    surface.blit(layer, box.topleft)


def draw_lock_icon(surface: pygame.Surface, rect: pygame.Rect, color: Color = WHITE) -> None:
    """Padlock: "not yet" (grown-ups only, or a level still to unlock)."""
    cx, cy, h = _icon_box(rect)
    w = max(2, round(h * 0.22))
    shackle = pygame.Rect(0, 0, round(h * 1.0), round(h * 1.2))
    shackle.midtop = (round(cx), round(cy - h * 0.95))
    pygame.draw.rect(surface, color, shackle, width=w, border_radius=shackle.w // 2)
    body = pygame.Rect(0, 0, round(h * 1.5), round(h * 1.05))
    body.midbottom = (round(cx), round(cy + h * 0.95))
    pygame.draw.rect(surface, color, body, border_radius=max(1, round(h * 0.2)))
    hole = _behind(surface, rect, color)
    kx, ky = body.centerx, body.centery - round(h * 0.08)
    pygame.draw.circle(surface, hole, (kx, ky), max(1, round(h * 0.16)))
    pygame.draw.rect(surface, hole, pygame.Rect(kx - max(1, round(h * 0.06)), ky,
                                                max(2, round(h * 0.12)), round(h * 0.32)))


def draw_minus_icon(surface: pygame.Surface, rect: pygame.Rect, color: Color = WHITE) -> None:
    """A bold minus, drawn (not a font glyph, which is a thin hyphen in Andika): "less"."""
    _sign(surface, rect, color, plus=False)


def draw_plus_icon(surface: pygame.Surface, rect: pygame.Rect, color: Color = WHITE) -> None:
    """A bold plus, drawn like the minus so the pair matches: "more"."""
    _sign(surface, rect, color, plus=True)


def _sign(surface: pygame.Surface, rect: pygame.Rect, color: Color, plus: bool) -> None:
    cx, cy, h = _icon_box(rect)
    arm = round(h * 0.76)
    thick = max(6, round(h * 0.33))
    pygame.draw.rect(surface, color, pygame.Rect(round(cx) - arm, round(cy) - thick // 2, 2 * arm, thick),
                     border_radius=3)
    if plus:
        pygame.draw.rect(surface, color, pygame.Rect(round(cx) - thick // 2, round(cy) - arm, thick, 2 * arm),
                         border_radius=3)


def draw_pencil_icon(surface: pygame.Surface, rect: pygame.Rect, color: Color = INK) -> None:
    """A pencil: "this box takes typing"."""
    cx, cy, h = _icon_box(rect)
    x, y, w = cx - h, cy - h, 2 * h
    body = [(x + w * 0.2, y + w * 0.65), (x + w * 0.65, y + w * 0.2), (x + w * 0.82, y + w * 0.37),
            (x + w * 0.37, y + w * 0.82)]
    _smooth_polygon(surface, color, body)
    _smooth_polygon(surface, color, [(x + w * 0.2, y + w * 0.65), (x + w * 0.37, y + w * 0.82),
                                     (x + w * 0.12, y + w * 0.9)])


# --- confetti --------------------------------------------------------------------------------

class Confetti:
    """Celebration burst: a small deterministic particle simulation (seed the rng to replay)."""

    GRAVITY = 900.0        # play units / s^2
    DRAG = 0.6             # fraction of velocity kept per second (paper flutters)
    MAX_AGE = 5.0          # seconds: stop even if pieces land on something
    MAX_STEP = 1.0 / 60.0  # integrate big frame gaps in small steps so the burst looks the same

    def __init__(self, rng: np.random.Generator, origin: Point = (640, 200),
                 count: int = 120) -> None:
        if count < 0:
            raise ValueError("count must not be negative")
        angle = rng.uniform(-math.pi * 0.95, -math.pi * 0.05, count)  # upward fan
        speed = rng.uniform(250.0, 750.0, count)
        self.pos = np.tile(np.asarray(origin, dtype=np.float64), (count, 1))
        self.vel = np.stack([np.cos(angle) * speed, np.sin(angle) * speed], axis=1)
        self.angle = rng.uniform(0, 2 * math.pi, count)
        self.spin = rng.uniform(-9.0, 9.0, count)
        self.size = rng.uniform(8.0, 16.0, count)
        self.color_index = rng.integers(0, len(CONFETTI_COLORS), count)
        self.shape = rng.integers(0, 3, count)  # 0 strip, 1 dot, 2 triangle
        self.age = 0.0

    @property
    def done(self) -> bool:
        """True once every piece has fallen off the bottom of the canvas (or time is up)."""
        if self.age >= self.MAX_AGE or len(self.pos) == 0:
            return True
        return bool(np.all(self.pos[:, 1] > CANVAS_SIZE[1] + 20))

    def update(self, dt: float) -> None:
        """Advance the simulation by dt seconds."""
        if dt < 0:
            raise ValueError("dt must not be negative")
        while dt > 0:
            step = min(dt, self.MAX_STEP)
            dt -= step
            self.vel[:, 1] += self.GRAVITY * step
            self.vel *= self.DRAG ** step
            self.pos += self.vel * step
            self.angle += self.spin * step
            self.age += step

    def draw(self, surface: pygame.Surface) -> None:
        """Draw the pieces that are on screen."""
        h = CANVAS_SIZE[1] + 20
        for i in np.nonzero(self.pos[:, 1] <= h)[0]:
            x, y = self.pos[i]
            s, a = self.size[i], self.angle[i]
            color = CONFETTI_COLORS[int(self.color_index[i])]
            flip = abs(math.cos(a * 0.7)) * 0.8 + 0.2  # paper turning over
            ca, sa = math.cos(a), math.sin(a)
            shape = self.shape[i]
            if shape == 1:
                pygame.draw.circle(surface, color, (round(x), round(y)), max(2, round(s * 0.35)))
                continue
            if shape == 0:
                local = [(-s / 2, -s / 4 * flip), (s / 2, -s / 4 * flip), (s / 2, s / 4 * flip),
                         (-s / 2, s / 4 * flip)]
            else:
                local = [(0.0, -s / 2), (s / 2, s / 2 * flip), (-s / 2, s / 2 * flip)]
            pts = [(x + px * ca - py * sa, y + px * sa + py * ca) for px, py in local]
            pygame.draw.polygon(surface, color, [_ipt(p) for p in pts])
