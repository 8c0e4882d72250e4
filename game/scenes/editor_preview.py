"""The level editor's live preview: the level as the child will see it, small, redrawn on every change.

Tracing: the road at its width with the chosen help; catching: the basket at its width and
the first objects at their size along their paths; tapping: the beats on a timeline at the
tempo, each with its on-the-beat window, so a faster tempo visibly packs them closer.
"""
from __future__ import annotations

import numpy as np
import pygame

from game.levels.base import CANVAS_W
from game.levels.loader import LoadedLevel
from game.ui import theme
from game.ui.widgets import draw_arrow, draw_text

SKY = (226, 241, 250)


def draw_preview(surface: pygame.Surface, rect: pygame.Rect, loaded: LoadedLevel, fonts) -> None:
    """Draw `loaded` into `rect` (16:9, the canvas scaled down) with a frame."""
    layer = pygame.Surface(rect.size)
    {"tracing": _tracing, "catching": _catching, "tapping": _tapping}[loaded.game](layer, loaded, fonts)
    surface.blit(layer, rect)
    pygame.draw.rect(surface, theme.PANEL_EDGE, rect.inflate(8, 8), width=5, border_radius=10)


def _scale(layer: pygame.Surface) -> float:
    return layer.get_width() / CANVAS_W


def _tracing(layer: pygame.Surface, loaded: LoadedLevel, fonts) -> None:
    from game.games.tracing.scene import dotted_path, thick_path

    s = _scale(layer)
    layer.fill(theme.BACKGROUND)
    spec = loaded.level.tracing  # type: ignore[attr-defined]
    strokes = [np.asarray(st, dtype=float) * s for st in loaded.template]
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


def _catching(layer: pygame.Surface, loaded: LoadedLevel, fonts) -> None:
    from game.games.catching.rules import CATCH_LINE_Y, MIDLINE_X, schedule
    from game.games.catching.scene import BASKET_H, GROUND_Y, draw_basket, draw_object, object_kind

    s = _scale(layer)
    spec = loaded.level.catching  # type: ignore[attr-defined]
    w, h = layer.get_size()
    layer.fill(SKY)
    side = spec.side or "both"
    if spec.drops is None and side in ("left", "right"):
        half = pygame.Rect(0 if side == "left" else w // 2, 0, w // 2, h)
        pygame.draw.rect(layer, theme.mix(SKY, theme.OI_YELLOW, 0.35), half)
    pygame.draw.line(layer, theme.mix(SKY, theme.INK_SOFT, 0.3), (MIDLINE_X * s, 0), (MIDLINE_X * s, h), 1)
    grass = theme.mix(theme.SUCCESS, theme.WHITE, 0.55)
    pygame.draw.rect(layer, grass, (0, round((GROUND_Y - 10) * s), w, h))
    flights = schedule(spec)[:6]
    r = spec.object_radius * s
    dot = theme.mix(SKY, theme.INK_SOFT, 0.55)
    for f in flights:
        for k in range(0, 31):
            x, y = f.position(f.spawn_t + f.flight_s * k / 30)
            if y >= -f.radius:
                pygame.draw.circle(layer, dot, (x * s, y * s), 2)
    for i, f in enumerate(flights):
        x, y = f.position(f.spawn_t + f.flight_s * (0.25 + 0.1 * (i % 4)))
        draw_object(layer, object_kind(f), (x * s, y * s), r)
    basket = pygame.Rect(0, 0, round(spec.catcher_width * s), round(BASKET_H * s))
    basket.midtop = (round(MIDLINE_X * s), round(CATCH_LINE_Y * s))
    draw_basket(layer, basket)
    # the basket's width, measured
    y = basket.bottom + 8
    pygame.draw.line(layer, theme.INK, (basket.x, y), (basket.right, y), 2)
    for x in (basket.x, basket.right):
        pygame.draw.line(layer, theme.INK, (x, y - 5), (x, y + 5), 2)


def _tapping(layer: pygame.Surface, loaded: LoadedLevel, fonts) -> None:
    from game.games.tapping.level import pattern_sequence
    from game.games.tapping.scene_draw import LEFT_COLOR, RIGHT_COLOR, draw_beat_light, draw_emblem

    spec = loaded.level.tapping  # type: ignore[attr-defined]
    w, h = layer.get_size()
    layer.fill(theme.BACKGROUND)
    seq = pattern_sequence(spec.pattern)
    gap = 60.0 / spec.tempo_bpm
    total = spec.beats + spec.continuation_beats
    span_s = 6.0                       # the timeline always shows 6 s, so tempo is seen as spacing
    left, right = 70, w - 20
    px = (right - left) / span_s
    lane_l, lane_r, axis = 120, 190, 250
    # lanes
    for y, side, color in ((lane_l, "left", LEFT_COLOR), (lane_r, "right", RIGHT_COLOR)):
        pygame.draw.line(layer, theme.mix(theme.BACKGROUND, color, 0.35), (left, y), (right, y), 2)
        draw_emblem(layer, side, (36, y), 13, color)
    pygame.draw.line(layer, theme.INK_SOFT, (left, axis), (right, axis), 2)
    for k in range(int(span_s) + 1):
        x = left + k * px
        pygame.draw.line(layer, theme.INK_SOFT, (x, axis - 6), (x, axis + 6), 2)
        draw_text(layer, f"{k} s", fonts, 15, center=(x, axis + 18), color=theme.INK_SOFT)
    half = spec.window_ms / 1000 * px
    shown = min(total, int(span_s / gap) + 1)
    for k in range(shown):
        x = left + k * gap * px
        if x > right + 1:
            break
        ch = seq[k % len(seq)]
        clicks = k < spec.beats
        band = pygame.Rect(round(x - half), lane_l - 30, max(2, round(2 * half)), lane_r - lane_l + 60)
        band = band.clip(pygame.Rect(left - 40, 0, right - left + 60, h))
        win = pygame.Surface(band.size, pygame.SRCALPHA)
        win.fill((*theme.OI_YELLOW, 95 if ch != "-" else 35))
        layer.blit(win, band)
        pygame.draw.line(layer, theme.INK if clicks else theme.INK_SOFT, (x, lane_l - 34), (x, axis), 1)
        if ch in "LB":
            draw_emblem(layer, "left", (x, lane_l), 12, LEFT_COLOR if clicks else theme.mix(LEFT_COLOR, theme.WHITE, 0.6))
        if ch in "RB":
            draw_emblem(layer, "right", (x, lane_r), 12, RIGHT_COLOR if clicks else theme.mix(RIGHT_COLOR, theme.WHITE, 0.6))
        if ch == "-":
            pygame.draw.line(layer, theme.INK_SOFT, (x - 9, (lane_l + lane_r) / 2), (x + 9, (lane_l + lane_r) / 2), 4)
        if clicks:
            if spec.metronome_sound:
                _click_mark(layer, (x, 50))
            if spec.metronome_visual:
                draw_beat_light(layer, (round(x), 80), 0.6, 9)
    # the metronome stops here: the rest are keep-going beats
    if spec.continuation_beats and spec.beats < shown:
        x = left + (spec.beats - 0.5) * gap * px
        pygame.draw.line(layer, theme.GENTLE, (x, 36), (x, axis), 3)
        draw_text(layer, "clicks stop", fonts, 15, center=(x, 24), color=theme.GENTLE, bold=True)
    if not spec.metronome_sound and not spec.metronome_visual:
        draw_text(layer, "no click, no light", fonts, 18, center=(w // 2, 60), color=theme.INK_SOFT)
    # the whole try, as a bar: lead-in, beats with clicks, keep-going beats
    end = spec.lead_in_s + (total - 1) * gap + spec.window_ms / 1000
    bar = pygame.Rect(left, h - 44, right - left, 16)
    k = bar.w / end
    parts = ((0, spec.lead_in_s, theme.PANEL_EDGE),
             (spec.lead_in_s, spec.lead_in_s + spec.beats * gap, theme.SECONDARY),
             (spec.lead_in_s + spec.beats * gap, end, theme.mix(theme.GENTLE, theme.WHITE, 0.4)))
    for a, b, color in parts:
        if b > a:
            pygame.draw.rect(layer, color, (bar.x + round(a * k), bar.y, max(1, round((min(b, end) - a) * k)), bar.h))
    pygame.draw.rect(layer, theme.INK_SOFT, bar, 1)
    draw_text(layer, f"whole try: about {end:.0f} s", fonts, 15, topleft=(bar.x, bar.bottom + 2), color=theme.INK_SOFT)


def _click_mark(layer: pygame.Surface, at: tuple[float, float]) -> None:
    """A little speaker: there is a click on this beat."""
    x, y = at
    pygame.draw.rect(layer, theme.INK_SOFT, (x - 7, y - 4, 5, 8))
    pygame.draw.polygon(layer, theme.INK_SOFT, [(x - 3, y - 4), (x + 3, y - 9), (x + 3, y + 9), (x - 3, y + 4)])
    pygame.draw.arc(layer, theme.INK_SOFT, (x, y - 7, 10, 14), -1.0, 1.0, 2)

