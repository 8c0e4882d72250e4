"""Pictures for the tapping game: the two drums, the beat light, the pattern thumbnail.

The left drum is dark blue with a round face, the right one light orange with a square face,
so the two sides differ in brightness and shape as well as in hue (colour-blind safe).
"""
from __future__ import annotations

import math

import pygame

from game.ui import theme
from game.games.tapping.level import pattern_sequence
from game.ui.widgets import draw_again_icon, draw_arrow, draw_star

LEFT_COLOR = theme.OI_BLUE
RIGHT_COLOR = theme.OI_ORANGE
GLOW = theme.OI_YELLOW
SKIN = (250, 240, 220)
SKIN_LIT = (255, 250, 160)
ARROW_GLOW = 0.3   # the "this one next" arrow shows once a drum's glow passes this


def side_color(side: str) -> theme.Color:
    return LEFT_COLOR if side == "left" else RIGHT_COLOR


def draw_emblem(surface: pygame.Surface, side: str, center: tuple[float, float], size: float,
                color: theme.Color = theme.WHITE) -> None:
    """Left: a circle; right: a rounded square. Shape says which side, not colour alone."""
    cx, cy = center
    if side == "left":
        pygame.draw.circle(surface, color, (round(cx), round(cy)), round(size))
    else:
        r = pygame.Rect(0, 0, round(size * 1.8), round(size * 1.8))
        r.center = (round(cx), round(cy))
        pygame.draw.rect(surface, color, r, border_radius=max(2, round(size * 0.35)))


def draw_drum(surface: pygame.Surface, side: str, center: tuple[int, int], width: int, *,
              lit: float = 0.0, glow: float = 0.0, bounce: float = 0.0,
              halos: dict[tuple[int, int], pygame.Surface] | None = None) -> pygame.Rect:
    """One drum. lit 0..1: just hit (bright skin, squashed); glow 0..1: tap me soon. Returns the skin rect.

    `halos`: a dict the caller keeps, where the glow's halo is drawn once per size and then only faded."""
    cx, cy = center
    color = side_color(side)
    squash = 1.0 - 0.06 * lit
    skin_h = int(width * 0.42 * squash)
    body_h = int(width * 0.55)
    top = cy - body_h // 2 + int(8 * lit)
    skin = pygame.Rect(0, 0, width, skin_h)
    skin.center = (cx, top)
    if glow > 0:
        if halos is None:
            surface.blit(draw_halo(width, skin_h, glow), (skin.x - 80, skin.y - 80))
        else:
            halo = halos.get((width, skin_h))
            if halo is None:
                halo = halos[(width, skin_h)] = draw_halo(width, skin_h, 1.0)
            halo.set_alpha(round(255 * glow))   # fades every pixel's own alpha
            surface.blit(halo, (skin.x - 80, skin.y - 80))
    body = pygame.Rect(skin.x, top, width, body_h)
    shade = theme.mix(color, theme.INK, 0.35)
    pygame.draw.rect(surface, color, body, border_bottom_left_radius=width // 6,
                     border_bottom_right_radius=width // 6)
    # the zig-zag rope round the drum
    n = 8
    pts = []
    for i in range(n + 1):
        x = body.x + body.w * i / n
        y = body.y + body_h * (0.2 if i % 2 == 0 else 0.75)
        pts.append((x, y))
    pygame.draw.lines(surface, theme.WHITE, False, pts, 6)
    pygame.draw.rect(surface, shade, (body.x, body.bottom - 26, body.w, 26),
                     border_bottom_left_radius=width // 6, border_bottom_right_radius=width // 6)
    pygame.draw.rect(surface, theme.INK, body, 4, border_bottom_left_radius=width // 6,
                     border_bottom_right_radius=width // 6)
    # the skin: rim, then the face
    rim = skin.inflate(16, 12)
    pygame.draw.ellipse(surface, shade, rim)
    pygame.draw.ellipse(surface, theme.mix(SKIN, SKIN_LIT, lit), skin)
    pygame.draw.ellipse(surface, theme.INK, rim, 4)
    draw_emblem(surface, side, skin.center, skin_h * 0.22, theme.mix(color, theme.WHITE, 0.25 + 0.5 * lit))
    if glow > ARROW_GLOW:
        # a bouncing arrow above the drum: "this one next"
        y = skin.y - 110 - 22 * abs(math.sin(bounce * math.pi))
        draw_arrow(surface, (cx, y), (0, 1), 80, theme.mix(GLOW, theme.ACCENT, 0.5), 30)
    if lit > 0:
        for k in range(8):
            a = k * math.pi / 4 + 0.3
            r0, r1 = width * 0.55, width * (0.55 + 0.18 * lit)
            start = (cx + r0 * math.cos(a), skin.centery + r0 * 0.5 * math.sin(a))
            end = (cx + r1 * math.cos(a), skin.centery + r1 * 0.5 * math.sin(a))
            pygame.draw.line(surface, theme.mix(GLOW, theme.ACCENT, 0.3), start, end, 8)
    return skin


def draw_halo(width: int, skin_h: int, glow: float) -> pygame.Surface:
    """The yellow rings round a drum's skin that say "tap me soon"."""
    halo = pygame.Surface((width + 160, skin_h + 160), pygame.SRCALPHA)
    for k in range(4):
        alpha = int(70 * glow * (4 - k) / 4)
        pygame.draw.ellipse(halo, (*GLOW, alpha), pygame.Rect(k * 18, k * 18, width + 160 - 36 * k,
                                                               skin_h + 160 - 36 * k))
    return halo


def draw_sparkle(surface: pygame.Surface, center: tuple[float, float], amount: float) -> None:
    """A star that pops up over a drum hit on the beat."""
    if amount <= 0:
        return
    draw_star(surface, (center[0], center[1] - 40 * (1 - amount)), 30 + 24 * amount, True)


def draw_beat_light(surface: pygame.Surface, center: tuple[int, int], pulse: float, radius: int = 44, *,
                    still: bool = False) -> None:
    """The metronome's light: big and bright on the beat, fading between beats (`still`: one size, only
    its brightness changes, for reduced motion)."""
    r = int(radius * (0.75 + 0.35 * (1.0 if still else pulse)))
    if pulse > 0:
        halo = pygame.Surface((4 * radius, 4 * radius), pygame.SRCALPHA)
        pygame.draw.circle(halo, (*GLOW, int(120 * pulse)), (2 * radius, 2 * radius), int(r * 1.6))
        surface.blit(halo, (center[0] - 2 * radius, center[1] - 2 * radius))
    pygame.draw.circle(surface, theme.mix(theme.PANEL_EDGE, GLOW, pulse), center, r)
    pygame.draw.circle(surface, theme.INK, center, r, 4)


def draw_note(surface: pygame.Surface, at: tuple[float, float], size: float, color: theme.Color) -> None:
    """A music note (quaver), for the "keep going" cue."""
    x, y = at
    pygame.draw.ellipse(surface, color, (x - size * 0.55, y - size * 0.35, size * 1.1, size * 0.75))
    pygame.draw.line(surface, color, (x + size * 0.45, y), (x + size * 0.45, y - size * 1.6), max(3, int(size / 6)))
    pygame.draw.line(surface, color, (x + size * 0.45, y - size * 1.6), (x + size * 1.0, y - size * 1.1),
                     max(3, int(size / 6)))


def draw_keep_going(surface: pygame.Surface, center: tuple[int, int], pattern: str) -> None:
    """"Keep going" as a picture, for children who do not read: a crossed-out note (the clicks have
    stopped), an arrow, the pattern's drums, and a going-round arrow (on and on). Still: during the
    continuation nothing on screen may keep the beat."""
    cx, cy = center
    panel = pygame.Rect(0, 0, 470, 124)
    panel.center = (cx, cy)
    pygame.draw.rect(surface, theme.PANEL, panel, border_radius=28)
    pygame.draw.rect(surface, theme.GENTLE, panel, 4, border_radius=28)
    nx = panel.x + 62
    draw_note(surface, (nx - 10, cy + 24), 36, theme.INK_SOFT)
    pygame.draw.line(surface, theme.OI_VERMILLION, (nx - 36, cy + 36), (nx + 36, cy - 36), 8)
    draw_arrow(surface, (panel.x + 118, cy), (1.0, 0.0), 54, theme.GENTLE, 24)
    letters = pattern_sequence(pattern)
    sides = [side for side, letter in (("left", "L"), ("right", "R")) if letter in letters or "B" in letters]
    drums_x = panel.x + 258
    for k, side in enumerate(sides):
        dx = (k - (len(sides) - 1) / 2) * 70
        draw_drum(surface, side, (round(drums_x + dx), cy + 16), 60)
    draw_again_icon(surface, pygame.Rect(panel.right - 112, cy - 50, 100, 100), theme.GENTLE)


def draw_tapping_thumbnail(surface: pygame.Surface, sequence: str, rect: pygame.Rect, tempo_bpm: float) -> None:
    """The level's pattern as a row of beats: circle = left, square = right, both = stacked, rest = dash."""
    shown = (sequence * 8)[:8] if len(sequence) < 8 else sequence[:8]
    step = rect.w / (len(shown) + 1)
    size = min(step * 0.36, 16)
    for i, ch in enumerate(shown):
        x = rect.x + step * (i + 1)
        if ch in "LB":
            pygame.draw.circle(surface, LEFT_COLOR, (round(x), rect.centery - 22), round(size))
        if ch in "RB":
            r = pygame.Rect(0, 0, round(size * 1.8), round(size * 1.8))
            r.center = (round(x), rect.centery + 22)
            pygame.draw.rect(surface, RIGHT_COLOR, r, border_radius=4)
            pygame.draw.rect(surface, theme.INK, r, 2, border_radius=4)
        if ch == "-":
            pygame.draw.line(surface, theme.INK_SOFT, (x - size * 0.7, rect.centery), (x + size * 0.7, rect.centery), 4)
    # tempo: more notes for faster levels
    notes = 1 if tempo_bpm < 75 else (2 if tempo_bpm < 105 else 3)
    for k in range(notes):
        draw_note(surface, (rect.centerx - (notes - 1) * 14 + k * 28, rect.bottom - 6), 12, theme.INK_SOFT)
