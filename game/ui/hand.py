"""The friendly helping hand that shows a child what to do (game.demonstration moves it).

A cartoon hand with its pointing finger up: warm skin, a dark outline, a blue cuff. Its fingertip
is the point it touches. It casts a shadow while it hovers; when it presses, the shadow tucks in,
the hand dips a little and a ring spreads from the fingertip. The left hand is the right one mirrored.
"""
from __future__ import annotations

import math

import pygame

from game.ui import theme

SKIN = (246, 200, 160)
SKIN_SHADE = (226, 170, 128)
OUTLINE = (112, 70, 52)
CUFF = theme.OI_SKY_BLUE
SUPER = 3           # drawn this many times larger, then scaled down smoothly
TILT_DEG = 18       # leaning a little, like a finger reaching to the screen
SPRITE = 200        # play units: the sprite's square side at scale 1


def render_hand(scale: float = 1.0, left: bool = False) -> tuple[pygame.Surface, tuple[int, int]]:
    """The hand as a sprite and where its fingertip is in it (costly: keep it)."""
    s = SUPER * scale
    size = int(SPRITE * s)
    big = pygame.Surface((size, size), pygame.SRCALPHA)
    ox, oy = size * 0.38, size * 0.12       # the fingertip, before tilting

    def at(x: float, y: float) -> tuple[float, float]:
        return ox + x * s, oy + y * s

    def finger(color, g):   # g: how much bigger (play units), for the outline drawn first
        x0, y0 = at(-12 - g, -g)
        pygame.draw.rect(big, color, (x0, y0, (24 + 2 * g) * s, (80 + 2 * g) * s), border_radius=int((12 + g) * s))

    def knuckles(color, g):
        for cx, cy, r in ((22, 66, 13), (39, 71, 13), (53, 80, 12)):
            pygame.draw.circle(big, color, at(cx, cy), (r + g) * s)

    def palm(color, g):
        x0, y0 = at(-16 - g, 58 - g)
        pygame.draw.rect(big, color, (x0, y0, (84 + 2 * g) * s, (70 + 2 * g) * s), border_radius=int((26 + g) * s))

    def thumb(color, g):   # folded across the palm, its tip by the pointing finger
        a, b = at(-20, 108), at(12, 86)
        pygame.draw.line(big, color, a, b, int((22 + 2 * g) * s))
        for p in (a, b):
            pygame.draw.circle(big, color, p, (11 + g) * s)

    def cuff(color, g):
        x0, y0 = at(-14 - g, 122 - g)
        pygame.draw.rect(big, color, (x0, y0, (80 + 2 * g) * s, (30 + 2 * g) * s), border_radius=int((10 + g) * s))

    line = 4.0
    for draw, color in ((palm, SKIN), (knuckles, SKIN_SHADE), (finger, SKIN), (thumb, SKIN), (cuff, CUFF)):
        draw(OUTLINE, line)
        draw(color, 0.0)
    for cx, cy, r in ((22, 66, 13), (39, 71, 13)):   # creases between the folded fingers
        pygame.draw.arc(big, OUTLINE, (*at(cx - r, cy - r), 2 * r * s, 2 * r * s), math.pi * 1.1, math.pi * 1.9,
                        max(2, int(2.5 * s)))
    nail = pygame.Rect(0, 0, int(14 * s), int(12 * s))
    nail.center = tuple(int(v) for v in at(0, 9))
    pygame.draw.ellipse(big, theme.mix(SKIN, theme.WHITE, 0.55), nail)
    pygame.draw.line(big, theme.mix(CUFF, theme.WHITE, 0.5), at(-8, 130), at(58, 130), max(2, int(3 * s)))
    # Tilt about the fingertip, then scale down.
    tilted = pygame.transform.rotate(big, TILT_DEG)
    rad = math.radians(TILT_DEG)
    cx, cy = size / 2, size / 2
    dx, dy = ox - cx, oy - cy
    tip = (tilted.get_width() / 2 + dx * math.cos(rad) + dy * math.sin(rad),
           tilted.get_height() / 2 - dx * math.sin(rad) + dy * math.cos(rad))
    small = pygame.transform.smoothscale(tilted, (round(tilted.get_width() / SUPER), round(tilted.get_height() / SUPER)))
    tip = (round(tip[0] / SUPER), round(tip[1] / SUPER))
    if left:
        small = pygame.transform.flip(small, True, False)
        tip = (small.get_width() - tip[0], tip[1])
    return small, tip


def hand_shadow(sprite: pygame.Surface) -> pygame.Surface:
    """The hand's soft shadow on the screen (its shape, dark and see-through)."""
    shadow = sprite.copy()
    shadow.fill((*theme.SHADOW, 0), special_flags=pygame.BLEND_RGBA_MIN)
    shadow.fill((0, 0, 0, 60), special_flags=pygame.BLEND_RGBA_MULT)
    shadow.fill((*theme.SHADOW, 0), special_flags=pygame.BLEND_RGBA_ADD)
    return shadow


def draw_hand(surface: pygame.Surface, tip: tuple[float, float], pressed: bool,
              sprite: tuple[pygame.Surface, tuple[int, int]], shadow: pygame.Surface, ring: float = 0.0) -> None:
    """The hand with its fingertip at `tip`; `ring` 0..1: how far a press's ring has spread (0: none)."""
    img, (tx, ty) = sprite
    x, y = tip
    if ring > 0:
        r = int(14 + 36 * ring)
        layer = pygame.Surface((2 * r + 8, 2 * r + 8), pygame.SRCALPHA)
        pygame.draw.circle(layer, (*theme.OI_YELLOW, int(220 * (1 - ring))), (r + 4, r + 4), r, 6)
        surface.blit(layer, (x - r - 4, y - r - 4))
    lift = 6 if pressed else 20
    surface.blit(shadow, (x - tx + lift, y - ty + lift))
    surface.blit(img, (x - tx, y - ty + (4 if pressed else 0)))
