"""Replaying a drums attempt: the taps on a timeline against the beats, a close-up around the playhead."""
from __future__ import annotations

import math
from typing import Any

import pygame

from game.games.tapping import replay_model as rp
from game.records.rows import AttemptRow
from game.scenes.replay import MARKS, MISS_COLOR, PLAYHEAD, VIEW, ReplayViewBase
from game.ui import charts, theme
from game.ui.widgets import draw_text

HIT_COLOR = theme.OI_BLUISH_GREEN
WRONG_COLOR = theme.OI_ORANGE
EXTRA_COLOR = theme.INK_SOFT
# tapping timeline geometry (inside VIEW)
OVERVIEW = pygame.Rect(VIEW.x + 104, VIEW.y + 46, VIEW.w - 124, 84)
ZOOM = pygame.Rect(VIEW.x + 104, VIEW.y + 186, VIEW.w - 124, 180)
ZOOM_S = 4.0                                    # seconds shown in the close-up


def overview_scale(length_s: float) -> charts.Scale:
    return charts.Scale(0.0, length_s, OVERVIEW.left, OVERVIEW.right)


def zoom_scale(t: float) -> charts.Scale:
    return charts.Scale(t - ZOOM_S / 2, t + ZOOM_S / 2, ZOOM.left, ZOOM.right)


def row_y(rect: pygame.Rect, hand: str) -> int:
    return rect.y + (rect.h // 4 if hand == "L" else 3 * rect.h // 4)


def draw_tap_mark(surface: pygame.Surface, kind: str, c: tuple[int, int], r: int) -> None:
    """Hit = green circle, wrong hand = orange triangle, extra = grey diamond: colour and shape both differ."""
    x, y = c
    if kind == "hit":
        pygame.draw.circle(surface, HIT_COLOR, c, r)
        pygame.draw.circle(surface, theme.mix(HIT_COLOR, theme.INK, 0.5), c, r, 2)
    elif kind == "wrong_hand":
        pts = [(x, y - r - 2), (x + r + 2, y + r), (x - r - 2, y + r)]
        pygame.draw.polygon(surface, WRONG_COLOR, pts)
        pygame.draw.polygon(surface, theme.mix(WRONG_COLOR, theme.INK, 0.5), pts, 2)
    else:
        pts = [(x, y - r), (x + r, y), (x, y + r), (x - r, y)]
        pygame.draw.polygon(surface, EXTRA_COLOR, pts)


class ReplayView(ReplayViewBase):
    def __init__(self, ctx: Any, loaded: Any, events: list, row: AttemptRow) -> None:
        super().__init__(ctx, loaded)
        self.view = rp.tap_timeline(loaded, events, row.status)
        self.length = self.view.length_s

    def draw(self, surface: pygame.Surface, t: float) -> None:
        self.t = t
        from game.games.tapping.scene_draw import draw_drum

        tl: rp.TapTimeline = self.view
        fonts = self.ctx.fonts
        spec = self.loaded.level.tapping
        draw_text(surface, "Whole attempt", fonts, 19, topleft=(VIEW.x + 14, VIEW.y + 10), bold=True)
        ox = overview_scale(tl.length_s)
        self._draw_rows(surface, OVERVIEW, ox, tl, small=True)
        x0, x1 = max(OVERVIEW.left, ox.px(self.t - ZOOM_S / 2)), min(OVERVIEW.right, ox.px(self.t + ZOOM_S / 2))
        pygame.draw.rect(surface, PLAYHEAD, (round(x0), OVERVIEW.y - 4, round(x1 - x0), OVERVIEW.h + 8), 2,
                         border_radius=6)
        pygame.draw.line(surface, PLAYHEAD, (round(ox.px(self.t)), OVERVIEW.y - 6),
                         (round(ox.px(self.t)), OVERVIEW.bottom + 6), 3)
        draw_text(surface, f"Close-up: {ZOOM_S:.0f} s around the playhead · shaded: ±{spec.window_ms:.0f} ms "
                  "around each beat", fonts, 19, topleft=(VIEW.x + 14, ZOOM.y - 42), bold=True)
        zs = zoom_scale(self.t)
        window = spec.window_ms / 1000.0
        for b in tl.beats:
            if abs(b.t - self.t) < ZOOM_S:
                y = row_y(ZOOM, b.hand)
                a, c = max(ZOOM.left, zs.px(b.t - window)), min(ZOOM.right, zs.px(b.t + window))
                if c > a:
                    pygame.draw.rect(surface, theme.mix(theme.PANEL, theme.OI_SKY_BLUE, 0.3),
                                     (round(a), y - 32, round(c - a), 64), border_radius=6)
        self._draw_rows(surface, ZOOM, zs, tl, small=False)
        px = round(zs.px(self.t))
        pygame.draw.line(surface, PLAYHEAD, (px, ZOOM.y - 8), (px, ZOOM.bottom + 4), 3)
        step = 0.5
        k0 = math.ceil((self.t - ZOOM_S / 2) / step)
        font = fonts.get(15)
        for k in range(k0, k0 + int(ZOOM_S / step) + 1):
            tt = k * step
            x = zs.px(tt)
            if ZOOM.left <= x <= ZOOM.right and tt >= 0:
                pygame.draw.line(surface, theme.INK_SOFT, (round(x), ZOOM.bottom), (round(x), ZOOM.bottom + 5), 2)
                img = font.render(f"{tt:.1f} s", True, theme.INK_SOFT)
                surface.blit(img, img.get_rect(midtop=(round(x), ZOOM.bottom + 6)))
        # the close-up's rows are labelled by the drums themselves, lit as each tap happens
        for side, hand in (("left", "L"), ("right", "R")):
            last = [m.t for m in tl.taps if m.hand == hand and m.t <= self.t]
            lit = max(0.0, 1.0 - (self.t - last[-1]) / 0.25) if last else 0.0
            draw_drum(surface, side, (VIEW.x + 52, row_y(ZOOM, hand) + 6), 76, lit=lit)
        self._draw_tap_legend(surface)

    def _draw_rows(self, surface: pygame.Surface, rect: pygame.Rect, xs: charts.Scale, tl: rp.TapTimeline,
                   small: bool) -> None:
        from game.games.tapping.scene_draw import draw_emblem, side_color

        fonts = self.ctx.fonts
        for hand, side, name in (("L", "left", "Left"), ("R", "right", "Right")):
            y = row_y(rect, hand)
            pygame.draw.line(surface, theme.PANEL_EDGE, (rect.left, y), (rect.right, y), 2)
            if small:
                draw_emblem(surface, side, (VIEW.x + 24, y), 9, side_color(side))
                draw_text(surface, name, fonts, 18, topleft=(VIEW.x + 40, y - 12))
        tick = 12 if small else 26
        r = 5 if small else 9
        for b in tl.beats:
            x = xs.px(b.t)
            if not rect.left - 10 <= x <= rect.right + 10:
                continue
            y = row_y(rect, b.hand)
            color = theme.INK if b.metronome else theme.INK_SOFT
            pygame.draw.line(surface, color, (round(x), y - tick), (round(x), y + tick), 2 if b.metronome else 1)
            if b.hit_t is None and b.t <= self.t:
                pygame.draw.circle(surface, MISS_COLOR, (round(x), y), r + 3, 3)
            elif b.hit_t is not None and b.hit_t <= self.t and not small:
                pygame.draw.line(surface, HIT_COLOR, (round(x), y), (round(xs.px(b.hit_t)), y), 4)
        for rest in tl.rests:
            x = xs.px(rest)
            if rect.left <= x <= rect.right:
                for hand in "LR":
                    y = row_y(rect, hand)
                    pygame.draw.line(surface, theme.PANEL_EDGE, (round(x) - 5, y), (round(x) + 5, y), 3)
        for m in tl.taps:
            if m.t > self.t:
                break
            x = xs.px(m.t)
            if rect.left - 10 <= x <= rect.right + 10:
                draw_tap_mark(surface, m.kind, (round(x), row_y(rect, m.hand)), r)

    def _draw_tap_legend(self, surface: pygame.Surface) -> None:
        fonts = self.ctx.fonts
        x, y = VIEW.x + 14, VIEW.bottom - 34
        items = (("hit", "on the beat"), ("miss", "missed beat"), ("wrong_hand", "wrong hand"), ("extra", "extra tap"))
        for kind, label in items:
            if kind == "miss":
                pygame.draw.circle(surface, MISS_COLOR, (x + 9, y + 11), 9, 3)
            else:
                draw_tap_mark(surface, kind, (x + 9, y + 11), 8)
            img = fonts.get(17).render(label, True, theme.INK)
            surface.blit(img, (x + 24, y))
            x += 24 + img.get_width() + 26
        img = fonts.get(17).render("| beat", True, theme.INK)
        surface.blit(img, (x, y))

    def draw_marks(self, surface: pygame.Surface, xs: charts.Scale) -> None:
        for m in self.view.taps:
            draw_tap_mark(surface, m.kind, (round(xs.px(m.t)), MARKS.centery), 4)
