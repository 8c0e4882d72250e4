"""Which game? Big picture tiles, one per game; no reading needed."""
from __future__ import annotations

import math

import pygame

from game.games import GAMES
from game.input import InputEvent
from game.plans import plan_games
from game.records.db import Child
from game.scenes.base import AppContext, Pop, Push, Scene, Transition
from game.scenes.common import Button, Buttons, draw_background, draw_card, grid_rects, icon_button
from game.ui import theme
from game.ui.widgets import draw_home_icon, draw_text


def draw_game_picture(surface: pygame.Surface, game: str, rect: pygame.Rect) -> None:
    """A picture that says what the game is: a path and pencil, a basket, two drums."""
    cx, cy = rect.center
    r = min(rect.w, rect.h) // 2
    if game == "tracing":
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
    elif game == "catching":
        pygame.draw.circle(surface, theme.OI_VERMILLION, (cx + 10, cy - 55), 30)
        pygame.draw.ellipse(surface, theme.SUCCESS, (cx + 10, cy - 100, 26, 14))
        basket = pygame.Rect(cx - 80, cy + 10, 160, 70)
        pygame.draw.rect(surface, theme.OI_ORANGE, basket, border_radius=18)
        for i in range(1, 5):
            pygame.draw.line(surface, theme.mix(theme.OI_ORANGE, theme.INK, 0.4),
                             (basket.x + i * 32, basket.y + 6), (basket.x + i * 32, basket.bottom - 6), 4)
        pygame.draw.rect(surface, theme.INK, basket, 3, border_radius=18)
    else:
        for dx, color in ((-60, theme.OI_SKY_BLUE), (60, theme.OI_REDDISH_PURPLE)):
            body = pygame.Rect(0, 0, 100, 80)
            body.center = (cx + dx, cy + 20)
            pygame.draw.rect(surface, color, body, border_radius=12)
            pygame.draw.ellipse(surface, theme.PANEL, (body.x, body.y - 18, 100, 36))
            pygame.draw.ellipse(surface, theme.INK, (body.x, body.y - 18, 100, 36), 3)
            pygame.draw.rect(surface, theme.INK, body, 3, border_radius=12)
        pygame.draw.line(surface, theme.INK, (cx - 100, cy - 70), (cx - 60, cy - 20), 8)
        pygame.draw.line(surface, theme.INK, (cx + 100, cy - 70), (cx + 60, cy - 20), 8)


def draw_plan_ribbon(surface: pygame.Surface, face: pygame.Rect, number: int, fonts, fill=theme.ACCENT) -> None:
    """A bookmark ribbon with a plan position: the therapist's plan, in order (a shape, not colour alone)."""
    x, y, w, h = face.x + 8, face.y - 8, 46, 58
    pts = [(x, y), (x + w, y), (x + w, y + h), (x + w // 2, y + h - 14), (x, y + h)]
    pygame.draw.polygon(surface, fill, pts)
    pygame.draw.polygon(surface, theme.INK, pts, 3)
    draw_text(surface, str(number), fonts, 26, center=(x + w // 2, y + 24), bold=True, color=theme.INK)


class GamesScene(Scene):
    def __init__(self, ctx: AppContext, child: Child):
        super().__init__(ctx)
        self.child = child
        self.buttons = Buttons()
        # A plan's games come first, each with a ribbon numbered in the order the plan reaches it.
        plan = ctx.db.plan(child.id)
        order = plan_games(plan, list(GAMES))
        planned = {g for g, _ in plan}
        self.plan_rank = {g: k + 1 for k, g in enumerate(g for g in order if g in planned)}
        rects = grid_rects(len(GAMES), 3, (340, 380), 40, 190)
        for name, rect in zip(order, rects):
            self.buttons.add(Button(("game", name), rect, GAMES[name].title, draw_fn=self._draw_tile))
        self.buttons.add(icon_button("back", (80, 70), lambda s, r: draw_home_icon(s, r, theme.INK),
                                     theme.SECONDARY, 88))

    def _draw_tile(self, surface: pygame.Surface, b: Button, pressed: bool, focused: bool) -> None:
        face = draw_card(surface, b.rect, pressed, focused)
        draw_game_picture(surface, b.key[1], pygame.Rect(face.x + 40, face.y + 30, face.w - 80, 260))
        draw_text(surface, b.label, self.ctx.fonts, 40, center=(face.centerx, face.bottom - 45), bold=True)
        if b.key[1] in self.plan_rank:
            draw_plan_ribbon(surface, face, self.plan_rank[b.key[1]], self.ctx.fonts)

    def handle(self, ev: InputEvent, now: float) -> Transition:
        if ev.kind == "action" and ev.action == "back" and ev.pressed:
            return Pop()
        key = self.buttons.handle(ev)
        if key == "back":
            return Pop()
        if isinstance(key, tuple):
            from game.scenes.levels import LevelsScene

            self.ctx.sounds.play("pop")
            return Push(LevelsScene(self.ctx, self.child, key[1]))
        return None

    def draw(self, surface: pygame.Surface) -> None:
        draw_background(surface)
        self.ctx.blit_avatar(surface, self.child.avatar, (1190, 70), 48)
        draw_text(surface, f"Hi {self.child.name}! What shall we play?", self.ctx.fonts, 48,
                  center=(640, 90), bold=True)
        self.buttons.draw(surface, self.ctx.fonts)
