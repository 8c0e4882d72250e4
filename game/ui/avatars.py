"""Friendly animal avatars drawn from pygame primitives, so children can find "their" profile
without reading: each animal has its own shape (ears, beak, mane...) and its own colour.

Shapes are described in unit coordinates (the avatar fits in a circle of radius 1, y down)
and rendered supersampled, then smoothed down, so edges look soft at any size.
"""
from __future__ import annotations

import math
from types import MappingProxyType
from typing import Callable, Mapping

import pygame

from game.ui.theme import Color, mix

AVATARS: tuple[str, ...] = (
    "cat", "dog", "fox", "owl", "frog", "bear", "rabbit", "penguin", "lion", "fish",
)

_LABELS: Mapping[str, str] = MappingProxyType({name: name.capitalize() for name in AVATARS})

EYE: Color = (40, 36, 48)
WHITE: Color = (255, 255, 255)
NOSE: Color = (60, 40, 40)
PINK: Color = (246, 150, 170)
BLUSH: Color = (255, 140, 150)

SUPERSAMPLE = 3
"""Draw at 3x and smooth-scale down: pygame's primitives are not anti-aliased."""

Point = tuple[float, float]


class _Pen:
    """Draws in unit coordinates onto a supersampled scratch surface."""

    def __init__(self, surface: pygame.Surface, scale: float, outline: Color) -> None:
        self.s = surface
        self.k = scale
        self.c = surface.get_width() / 2
        self.outline = outline
        self.ow = max(1, round(0.045 * scale))

    def p(self, x: float, y: float) -> tuple[int, int]:
        return (round(self.c + x * self.k), round(self.c + y * self.k))

    def circle(self, x: float, y: float, r: float, color: Color, outline: bool = True) -> None:
        rr = max(1, round(r * self.k))
        if outline:
            pygame.draw.circle(self.s, self.outline, self.p(x, y), rr + self.ow)
        pygame.draw.circle(self.s, color, self.p(x, y), rr)

    def ellipse(self, x: float, y: float, rx: float, ry: float, color: Color,
                outline: bool = True) -> None:
        def rect(grow: int) -> pygame.Rect:
            w, h = round(2 * rx * self.k) + 2 * grow, round(2 * ry * self.k) + 2 * grow
            r = pygame.Rect(0, 0, max(1, w), max(1, h))
            r.center = self.p(x, y)
            return r

        if outline:
            pygame.draw.ellipse(self.s, self.outline, rect(self.ow))
        pygame.draw.ellipse(self.s, color, rect(0))

    def polygon(self, pts: list[Point], color: Color, outline: bool = True) -> None:
        ip = [self.p(x, y) for x, y in pts]
        pygame.draw.polygon(self.s, color, ip)
        if outline:
            self.curve(list(pts) + [pts[0]], self.ow / self.k, self.outline)

    def curve(self, pts: list[Point], width: float, color: Color) -> None:
        """Thick polyline with round joints and caps (smiles, whiskers, outlines)."""
        w = max(1, round(width * self.k))
        ip = [self.p(x, y) for x, y in pts]
        if len(ip) > 1:
            pygame.draw.lines(self.s, color, False, ip, w)
        rad = max(1, w // 2)
        for q in ip:
            pygame.draw.circle(self.s, color, q, rad)

    def arc(self, x: float, y: float, rx: float, ry: float, a0: float, a1: float,
            width: float, color: Color, steps: int = 24) -> None:
        """Arc from angle a0 to a1 (radians, 0 = right, pi/2 = down) as a round-capped curve."""
        pts = [(x + rx * math.cos(a0 + (a1 - a0) * i / steps),
                y + ry * math.sin(a0 + (a1 - a0) * i / steps)) for i in range(steps + 1)]
        self.curve(pts, width, color)

    def eye(self, x: float, y: float, r: float, color: Color = EYE) -> None:
        """Shiny cartoon eye: dark disc with a big and a small highlight."""
        self.circle(x, y, r, color, outline=False)
        self.circle(x - 0.35 * r, y - 0.35 * r, 0.38 * r, WHITE, outline=False)
        self.circle(x + 0.35 * r, y + 0.3 * r, 0.16 * r, WHITE, outline=False)

    def smile(self, x: float, y: float, w: float, h: float, width: float = 0.045,
              color: Color = NOSE) -> None:
        self.arc(x, y, w, h, math.radians(20), math.radians(160), width, color)

    def cat_mouth(self, x: float, y: float, w: float, width: float = 0.04,
                  color: Color = NOSE) -> None:
        """The little 'w' mouth of cats and rabbits."""
        self.arc(x - w / 2, y, w / 2, w / 2, 0.0, math.pi, width, color)
        self.arc(x + w / 2, y, w / 2, w / 2, 0.0, math.pi, width, color)


def _cat(p: _Pen) -> None:
    fur, inner = (245, 150, 50), PINK
    p.polygon([(-0.78, -0.12), (-0.68, -0.92), (-0.2, -0.58)], fur)
    p.polygon([(0.78, -0.12), (0.68, -0.92), (0.2, -0.58)], fur)
    p.polygon([(-0.62, -0.3), (-0.6, -0.72), (-0.33, -0.52)], inner, outline=False)
    p.polygon([(0.62, -0.3), (0.6, -0.72), (0.33, -0.52)], inner, outline=False)
    p.ellipse(0, 0.08, 0.8, 0.72, fur)
    # ginger stripes on the forehead
    stripe = mix(fur, (180, 80, 0), 0.6)
    for dx in (-0.16, 0.0, 0.16):
        p.curve([(dx, -0.6), (dx * 0.8, -0.42)], 0.06, stripe)
    p.ellipse(-0.5, 0.32, 0.13, 0.08, mix(fur, BLUSH, 0.6), outline=False)
    p.ellipse(0.5, 0.32, 0.13, 0.08, mix(fur, BLUSH, 0.6), outline=False)
    p.eye(-0.3, 0.0, 0.13)
    p.eye(0.3, 0.0, 0.13)
    p.polygon([(-0.08, 0.2), (0.08, 0.2), (0.0, 0.3)], PINK)
    p.cat_mouth(0, 0.32, 0.12)
    wh = mix(fur, NOSE, 0.7)
    for dy in (-0.05, 0.06):
        p.curve([(-0.28, 0.28 + dy), (-0.9, 0.22 + 2 * dy)], 0.025, wh)
        p.curve([(0.28, 0.28 + dy), (0.9, 0.22 + 2 * dy)], 0.025, wh)


def _dog(p: _Pen) -> None:
    fur, ear = (236, 200, 140), (150, 90, 45)
    p.ellipse(0, 0.0, 0.68, 0.72, fur)
    p.ellipse(-0.66, 0.06, 0.2, 0.5, ear)
    p.ellipse(0.66, 0.06, 0.2, 0.5, ear)
    p.ellipse(0.3, -0.08, 0.22, 0.2, mix(fur, ear, 0.55), outline=False)  # eye patch
    p.ellipse(0, 0.34, 0.36, 0.28, (252, 240, 218))
    p.eye(-0.28, -0.08, 0.11)
    p.eye(0.3, -0.08, 0.11)
    p.ellipse(0, 0.2, 0.13, 0.09, NOSE, outline=False)
    p.circle(-0.04, 0.17, 0.03, WHITE, outline=False)
    p.ellipse(0.0, 0.48, 0.08, 0.11, (240, 110, 120))
    p.curve([(0, 0.28), (0, 0.38)], 0.04, NOSE)
    p.arc(-0.11, 0.36, 0.11, 0.07, 0.0, math.pi, 0.04, NOSE)
    p.arc(0.11, 0.36, 0.11, 0.07, 0.0, math.pi, 0.04, NOSE)


def _fox(p: _Pen) -> None:
    fur, light, dark = (232, 104, 30), (255, 248, 238), (70, 40, 30)
    p.polygon([(-0.8, -0.15), (-0.7, -0.95), (-0.22, -0.55)], fur)
    p.polygon([(0.8, -0.15), (0.7, -0.95), (0.22, -0.55)], fur)
    p.polygon([(-0.72, -0.75), (-0.7, -0.95), (-0.58, -0.84)], dark, outline=False)
    p.polygon([(0.72, -0.75), (0.7, -0.95), (0.58, -0.84)], dark, outline=False)
    p.polygon([(-0.62, -0.32), (-0.63, -0.7), (-0.38, -0.52)], light, outline=False)
    p.polygon([(0.62, -0.32), (0.63, -0.7), (0.38, -0.52)], light, outline=False)
    head = [(-0.86, -0.1), (-0.6, -0.55), (0.0, -0.66), (0.6, -0.55), (0.86, -0.1),
            (0.55, 0.35), (0.0, 0.72), (-0.55, 0.35)]
    p.polygon(head, fur)
    p.polygon([(-0.82, -0.06), (-0.2, 0.2), (0.0, 0.68), (-0.5, 0.36)], light, outline=False)
    p.polygon([(0.82, -0.06), (0.2, 0.2), (0.0, 0.68), (0.5, 0.36)], light, outline=False)
    p.polygon([(-0.2, 0.2), (0.0, 0.12), (0.2, 0.2), (0.0, 0.68)], light, outline=False)
    p.curve([(-0.55, 0.35), (0.0, 0.72), (0.55, 0.35)], 0.045, p.outline)
    p.eye(-0.3, -0.12, 0.11)
    p.eye(0.3, -0.12, 0.11)
    p.ellipse(0, 0.56, 0.1, 0.07, dark, outline=False)
    p.circle(-0.03, 0.54, 0.025, WHITE, outline=False)


def _owl(p: _Pen) -> None:
    body, face, beak = (150, 100, 190), (236, 222, 250), (250, 170, 30)
    p.polygon([(-0.7, -0.3), (-0.62, -0.92), (-0.3, -0.6)], body)
    p.polygon([(0.7, -0.3), (0.62, -0.92), (0.3, -0.6)], body)
    p.ellipse(0, 0.05, 0.78, 0.8, body)
    wing = mix(body, EYE, 0.25)
    p.ellipse(-0.66, 0.32, 0.16, 0.34, wing)
    p.ellipse(0.66, 0.32, 0.16, 0.34, wing)
    p.ellipse(0, 0.5, 0.4, 0.3, mix(body, WHITE, 0.45), outline=False)
    for dx, dy in ((-0.16, 0.44), (0.16, 0.44), (0.0, 0.6)):  # little "v" feathers
        p.curve([(dx - 0.06, dy - 0.03), (dx, dy + 0.03), (dx + 0.06, dy - 0.03)], 0.03, wing)
    p.circle(-0.3, -0.12, 0.27, face)
    p.circle(0.3, -0.12, 0.27, face)
    p.circle(-0.3, -0.12, 0.17, (255, 200, 60), outline=False)
    p.circle(0.3, -0.12, 0.17, (255, 200, 60), outline=False)
    p.eye(-0.3, -0.12, 0.12)
    p.eye(0.3, -0.12, 0.12)
    p.polygon([(-0.1, 0.08), (0.1, 0.08), (0.0, 0.28)], beak)


def _frog(p: _Pen) -> None:
    skin = (100, 190, 80)
    p.circle(-0.42, -0.42, 0.28, skin)
    p.circle(0.42, -0.42, 0.28, skin)
    p.ellipse(0, 0.12, 0.88, 0.6, skin)
    p.circle(-0.42, -0.42, 0.28, skin, outline=False)
    p.circle(0.42, -0.42, 0.28, skin, outline=False)
    p.circle(-0.42, -0.44, 0.2, WHITE, outline=False)
    p.circle(0.42, -0.44, 0.2, WHITE, outline=False)
    p.eye(-0.42, -0.42, 0.12)
    p.eye(0.42, -0.42, 0.12)
    p.ellipse(0, 0.42, 0.5, 0.12, mix(skin, WHITE, 0.5), outline=False)
    p.ellipse(-0.6, 0.16, 0.13, 0.08, (255, 170, 170), outline=False)
    p.ellipse(0.6, 0.16, 0.13, 0.08, (255, 170, 170), outline=False)
    p.circle(-0.08, -0.02, 0.03, mix(skin, EYE, 0.6), outline=False)
    p.circle(0.08, -0.02, 0.03, mix(skin, EYE, 0.6), outline=False)
    p.arc(0, -0.05, 0.55, 0.35, math.radians(25), math.radians(155), 0.05, mix(skin, EYE, 0.7))


def _bear(p: _Pen) -> None:
    fur, muzzle = (150, 95, 60), (222, 184, 140)
    p.circle(-0.56, -0.55, 0.26, fur)
    p.circle(0.56, -0.55, 0.26, fur)
    p.circle(-0.56, -0.55, 0.14, muzzle, outline=False)
    p.circle(0.56, -0.55, 0.14, muzzle, outline=False)
    p.ellipse(0, 0.06, 0.8, 0.74, fur)
    p.ellipse(0, 0.3, 0.33, 0.26, muzzle)
    p.eye(-0.3, -0.08, 0.11)
    p.eye(0.3, -0.08, 0.11)
    p.ellipse(0, 0.2, 0.12, 0.08, NOSE, outline=False)
    p.circle(-0.04, 0.18, 0.025, WHITE, outline=False)
    p.curve([(0, 0.26), (0, 0.34)], 0.04, NOSE)
    p.arc(0, 0.3, 0.14, 0.1, math.radians(20), math.radians(160), 0.04, NOSE)


def _rabbit(p: _Pen) -> None:
    fur, inner = (250, 200, 215), (240, 130, 160)
    p.ellipse(-0.28, -0.6, 0.17, 0.4, fur)
    p.ellipse(0.28, -0.6, 0.17, 0.4, fur)
    p.ellipse(-0.28, -0.58, 0.08, 0.28, inner, outline=False)
    p.ellipse(0.28, -0.58, 0.08, 0.28, inner, outline=False)
    p.ellipse(0, 0.28, 0.66, 0.6, fur)
    p.ellipse(-0.4, 0.46, 0.12, 0.07, mix(fur, BLUSH, 0.6), outline=False)
    p.ellipse(0.4, 0.46, 0.12, 0.07, mix(fur, BLUSH, 0.6), outline=False)
    p.eye(-0.26, 0.18, 0.11)
    p.eye(0.26, 0.18, 0.11)
    p.ellipse(0, 0.36, 0.07, 0.05, inner)
    p.cat_mouth(0, 0.44, 0.1)
    p.polygon([(-0.07, 0.5), (0.07, 0.5), (0.07, 0.62), (-0.07, 0.62)], WHITE)
    p.curve([(0, 0.5), (0, 0.62)], 0.02, p.outline)


def _penguin(p: _Pen) -> None:
    dark, beak = (44, 58, 96), (250, 160, 30)
    p.ellipse(0, 0.02, 0.78, 0.82, dark)
    p.circle(-0.26, 0.0, 0.36, WHITE, outline=False)
    p.circle(0.26, 0.0, 0.36, WHITE, outline=False)
    p.ellipse(0, 0.36, 0.52, 0.36, WHITE, outline=False)
    p.ellipse(-0.46, 0.3, 0.12, 0.07, (255, 185, 195), outline=False)
    p.ellipse(0.46, 0.3, 0.12, 0.07, (255, 185, 195), outline=False)
    p.eye(-0.26, 0.0, 0.11)
    p.eye(0.26, 0.0, 0.11)
    p.polygon([(-0.14, 0.14), (0.14, 0.14), (0.0, 0.34)], beak)


def _lion(p: _Pen) -> None:
    mane, face = (205, 110, 30), (255, 205, 80)
    for i in range(12):
        a = 2 * math.pi * i / 12
        p.circle(0.66 * math.cos(a), 0.66 * math.sin(a) + 0.02, 0.3, mane)
    p.circle(0, 0.02, 0.72, mane, outline=False)
    p.circle(-0.42, -0.42, 0.14, face)
    p.circle(0.42, -0.42, 0.14, face)
    p.ellipse(0, 0.06, 0.56, 0.54, face)
    p.ellipse(0, 0.3, 0.26, 0.18, (255, 236, 180), outline=False)
    p.eye(-0.22, -0.06, 0.1)
    p.eye(0.22, -0.06, 0.1)
    p.polygon([(-0.1, 0.16), (0.1, 0.16), (0.0, 0.26)], (140, 70, 50))
    p.cat_mouth(0, 0.28, 0.1)


def _fish(p: _Pen) -> None:
    body, fin = (70, 170, 235), (255, 170, 40)
    p.polygon([(0.42, 0.0), (0.92, -0.42), (0.82, 0.0), (0.92, 0.42)], fin)
    p.polygon([(-0.2, -0.4), (0.1, -0.72), (0.3, -0.38)], fin)
    p.ellipse(-0.08, 0.0, 0.66, 0.48, body)
    stripe = mix(body, WHITE, 0.45)
    p.arc(0.08, 0.0, 0.12, 0.4, -math.pi / 2, math.pi / 2, 0.07, stripe)
    p.arc(0.28, 0.0, 0.1, 0.32, -math.pi / 2, math.pi / 2, 0.07, stripe)
    p.polygon([(-0.02, 0.16), (0.22, 0.26), (0.02, 0.34)], fin)
    p.circle(-0.4, -0.1, 0.16, WHITE, outline=False)
    p.eye(-0.4, -0.1, 0.1)
    p.arc(-0.5, 0.14, 0.12, 0.08, math.radians(20), math.radians(160), 0.04, NOSE)
    for bx, by, br in ((-0.78, -0.55, 0.07), (-0.62, -0.78, 0.05)):
        pygame.draw.circle(p.s, mix(body, WHITE, 0.3), p.p(bx, by), round(br * p.k),
                           max(1, round(0.025 * p.k)))


_PAINTERS: Mapping[str, tuple[Callable[[_Pen], None], Color]] = MappingProxyType({
    "cat": (_cat, (245, 150, 50)),
    "dog": (_dog, (236, 200, 140)),
    "fox": (_fox, (232, 104, 30)),
    "owl": (_owl, (150, 100, 190)),
    "frog": (_frog, (100, 190, 80)),
    "bear": (_bear, (150, 95, 60)),
    "rabbit": (_rabbit, (250, 200, 215)),
    "penguin": (_penguin, (44, 58, 96)),
    "lion": (_lion, (255, 205, 80)),
    "fish": (_fish, (70, 170, 235)),
})


def avatar_label(name: str) -> str:
    """Display name for an avatar (for the grown-up reading along)."""
    try:
        return _LABELS[name]
    except KeyError:
        raise ValueError(f"unknown avatar {name!r}; choose one of {', '.join(AVATARS)}") from None


def avatar_color(name: str) -> Color:
    """The animal's main colour, e.g. to tint its profile card."""
    avatar_label(name)
    return _PAINTERS[name][1]


def render_avatar(name: str, radius: int) -> pygame.Surface:
    """The avatar on a transparent (2r x 2r) surface; callers may keep it to redraw cheaply."""
    avatar_label(name)
    radius = max(1, int(radius))
    painter, main = _PAINTERS[name]
    outline = mix(main, (30, 20, 30), 0.6)
    size = 2 * radius * SUPERSAMPLE
    big = pygame.Surface((size, size), pygame.SRCALPHA)
    big.fill((*outline, 0))  # transparent, but the fringe colour is the outline's
    # Leave room for the outline so the silhouette never touches the edge.
    painter(_Pen(big, size / 2 * 0.94, outline))
    return pygame.transform.smoothscale(big, (2 * radius, 2 * radius))


def draw_avatar(surface: pygame.Surface, name: str, center: tuple[int, int], radius: int) -> None:
    """Draw animal `name` inside the circle (center, radius)."""
    img = render_avatar(name, radius)
    surface.blit(img, img.get_rect(center=(round(center[0]), round(center[1]))))
