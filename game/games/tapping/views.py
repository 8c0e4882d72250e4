"""How the drums look outside their scene: the game's picture, a level's card thumbnail, the editor's preview."""
from __future__ import annotations

import pygame

from game.levels.loader import LoadedLevel
from game.ui import theme
from game.ui.widgets import draw_text


def picture(surface: pygame.Surface, rect: pygame.Rect) -> None:
    """A picture that says what the game is (the game picker, a level card without its own)."""
    cx, cy = rect.center
    for dx, color in ((-60, theme.OI_SKY_BLUE), (60, theme.OI_REDDISH_PURPLE)):
        body = pygame.Rect(0, 0, 100, 80)
        body.center = (cx + dx, cy + 20)
        pygame.draw.rect(surface, color, body, border_radius=12)
        pygame.draw.ellipse(surface, theme.PANEL, (body.x, body.y - 18, 100, 36))
        pygame.draw.ellipse(surface, theme.INK, (body.x, body.y - 18, 100, 36), 3)
        pygame.draw.rect(surface, theme.INK, body, 3, border_radius=12)
    pygame.draw.line(surface, theme.INK, (cx - 100, cy - 70), (cx - 60, cy - 20), 8)
    pygame.draw.line(surface, theme.INK, (cx + 100, cy - 70), (cx + 60, cy - 20), 8)


def thumbnail(surface: pygame.Surface, loaded: LoadedLevel, rect: pygame.Rect) -> None:
    from game.games.tapping.level import pattern_sequence
    from game.games.tapping.scene_draw import draw_tapping_thumbnail

    spec = loaded.level.tapping  # type: ignore[attr-defined]
    draw_tapping_thumbnail(surface, pattern_sequence(spec.pattern), rect, spec.tempo_bpm)


def editor_preview(layer: pygame.Surface, loaded: LoadedLevel, fonts) -> None:
    from game.games.tapping.level import pattern_sequence
    from game.games.tapping.scene_draw import (
        LEFT_COLOR,
        RIGHT_COLOR,
        draw_beat_light,
        draw_emblem,
    )

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
