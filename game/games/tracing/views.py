"""How tracing looks outside its scene: the game's picture, a level's card thumbnail, the editor's preview."""
from __future__ import annotations

import math

import numpy as np
import pygame

from game.levels.loader import LoadedLevel
from game.scenes.editor_preview import preview_scale
from game.ui import theme
from game.ui.widgets import draw_arrow, draw_text


def picture(surface: pygame.Surface, rect: pygame.Rect) -> None:
    """A picture that says what the game is (the game picker, a level card without its own)."""
    cx, cy = rect.center
    r = min(rect.w, rect.h) // 2
    pts = [(cx - r + 2 * r * i / 40, cy + 0.35 * r * math.sin(i / 40 * 2 * math.pi * 1.5)) for i in range(41)]
    pygame.draw.lines(surface, theme.CORRIDOR_FILL, False, pts, 34)
    for p in pts[:28:3]:
        pygame.draw.circle(surface, theme.TRAIL_IN, p, 6)
    tip = pts[28]
    pencil = [(tip[0], tip[1]), (tip[0] + 18, tip[1] - 30), (tip[0] + 60, tip[1] - 95),
              (tip[0] + 80, tip[1] - 82), (tip[0] + 36, tip[1] - 18)]
    pygame.draw.polygon(surface, theme.OI_YELLOW, pencil)
    pygame.draw.polygon(surface, theme.INK, [(tip[0], tip[1]), (tip[0] + 18, tip[1] - 30), (tip[0] + 36, tip[1] - 18)])
    pygame.draw.polygon(surface, theme.INK, pencil, 3)
    pygame.draw.circle(surface, theme.START_DOT, pts[0], 16)


def thumbnail(surface: pygame.Surface, loaded: LoadedLevel, rect: pygame.Rect) -> None:
    """The road, small, with its start dot."""
    strokes = loaded.level.template
    pts = np.concatenate(strokes)
    lo, hi = pts.min(axis=0), pts.max(axis=0)
    span = np.maximum(hi - lo, 1.0)
    scale = min((rect.w - 20) / span[0], (rect.h - 20) / span[1], 0.25)
    mid = (lo + hi) / 2
    from game.games.tracing.scene import thick_path

    half = max(3.0, loaded.level.tracing.tolerance * scale)
    small = [(stroke - mid) * scale + np.array(rect.center) for stroke in strokes]
    for xy in small:
        thick_path(surface, theme.CORRIDOR_FILL, xy, half)  # round joins, like the road in the game
    for xy in small:
        if len(xy) >= 2:
            pygame.draw.lines(surface, theme.CORRIDOR_EDGE, False, xy.tolist(), 3)
    first = (strokes[0][0] - mid) * scale + np.array(rect.center)
    pygame.draw.circle(surface, theme.START_DOT, first.tolist(), 9)


def editor_preview(layer: pygame.Surface, loaded: LoadedLevel, fonts) -> None:
    from game.games.tracing.scene import dotted_path, thick_path

    s = preview_scale(layer)
    layer.fill(theme.BACKGROUND)
    spec = loaded.level.tracing  # type: ignore[attr-defined]
    strokes = [np.asarray(st, dtype=float) * s for st in loaded.level.template]
    tol = spec.tolerance * s
    road = pygame.Surface(layer.get_size(), pygame.SRCALPHA)
    for st in strokes:
        thick_path(road, theme.CORRIDOR_EDGE, st, tol + 2)
    for st in strokes:
        thick_path(road, theme.CORRIDOR_FILL, st, tol)
    if spec.guide == "full":
        for st in strokes:
            dotted_path(road, theme.mix(theme.CORRIDOR_FILL, theme.CORRIDOR_EDGE, 0.6), st, 9, 2)
    elif spec.guide == "fading":
        road.set_alpha(110)
    else:
        road.set_alpha(45)   # hidden in play; shown faintly here so its width can still be judged
    layer.blit(road, (0, 0))
    if spec.guide == "fading":   # the part just ahead of the start is clear
        first = strokes[0]
        seg = np.hypot(*np.diff(first, axis=0).T)
        reach = np.searchsorted(np.cumsum(seg), 260 * s)
        thick_path(layer, theme.CORRIDOR_FILL, first[: max(2, reach + 2)], tol)
    if spec.guide == "start":
        pts = np.concatenate(strokes)
        lo, hi = pts.min(axis=0), pts.max(axis=0)
        box = pygame.Rect(round(1060 * s), round(100 * s), round(190 * s), round(150 * s))
        k = min((box.w - 12) / max(hi[0] - lo[0], 1), (box.h - 12) / max(hi[1] - lo[1], 1))
        pygame.draw.rect(layer, theme.PANEL, box, border_radius=8)
        pygame.draw.rect(layer, theme.PANEL_EDGE, box, 2, border_radius=8)
        for st in strokes:
            pygame.draw.lines(layer, theme.TRAIL_IN, False, ((st - (lo + hi) / 2) * k + box.center).tolist(), 2)
    for st in strokes[1:]:
        pygame.draw.circle(layer, theme.mix(theme.START_DOT, theme.WHITE, 0.45), st[0].tolist(), 5)
    first = strokes[0]
    end = strokes[-1][-1]
    pygame.draw.circle(layer, theme.END_DOT, end.tolist(), 9)
    pygame.draw.circle(layer, theme.WHITE, end.tolist(), 5)
    d = first[min(3, len(first) - 1)] - first[0]
    d = d / max(float(np.hypot(*d)), 1e-9)
    draw_arrow(layer, (first[0][0] + d[0] * 16, first[0][1] + d[1] * 16), (float(d[0]), float(d[1])), 34,
               theme.START_DOT, 8)
    pygame.draw.circle(layer, theme.mix(theme.START_DOT, theme.INK, 0.3), first[0].tolist(), 13)
    pygame.draw.circle(layer, theme.START_DOT, first[0].tolist(), 11)
    pygame.draw.circle(layer, theme.WHITE, first[0].tolist(), 4)
    if spec.time_limit_s:
        bar = pygame.Rect(round(300 * s), round(66 * s), round(680 * s), 6)
        pygame.draw.rect(layer, theme.SECONDARY, bar, border_radius=3)
        draw_text(layer, f"{spec.time_limit_s:g} s", fonts, 18, center=(bar.right + 30, bar.centery), bold=True,
                  color=theme.INK_SOFT)
