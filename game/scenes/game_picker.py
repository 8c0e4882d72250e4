"""Which game? Big picture tiles, one per game; no reading needed."""
from __future__ import annotations

import math

import pygame

from game.games import GAMES
from game.input import InputEvent
from game.plans import plan_games
from game.records.db import Child
from game.scenes.base import AppContext, Pop, Push, Scene, Transition
from game.scenes.common import (
    Button,
    Buttons,
    draw_background,
    draw_card,
    draw_game_picture,
    draw_plan_ribbon,
    grid_rects,
    home_button,
)
from game.ui.widgets import draw_text, fit_between


def tile_layout(count: int) -> tuple[int, tuple[int, int], int, int]:
    """Columns, tile size, gap and top for `count` game tiles: one row up to four, big enough for small hands."""
    cols = count if count <= 4 else math.ceil(count / 2)
    rows = math.ceil(count / cols)
    gap = 40 if cols <= 3 else 28
    width = min(340, (1220 - (cols - 1) * gap) // cols)
    height = min(380, (520 - (rows - 1) * gap) // rows)
    return cols, (width, height), gap, 190 if rows == 1 else 170


GREETING = pygame.Rect(140, 60, 1000, 60)
"""Between the home button (left) and the child's animal (right)."""
GREETING_SIZE = 44


def greeting(ctx: AppContext, name: str) -> str:
    """"Hi <name>! What shall we play?" in GREETING: a long name is cut, never the question."""
    return fit_between("Hi ", name, "! What shall we play?", ctx.fonts.get(GREETING_SIZE, True), GREETING.w)


class GamesScene(Scene):
    def __init__(self, ctx: AppContext, child: Child):
        super().__init__(ctx)
        self.child = child
        self.access = ctx.access_for(child)
        self.buttons = Buttons()
        # A plan's games come first, each with a ribbon numbered in the order the plan reaches it.
        plan = ctx.db.plan(child.id)
        order = plan_games(plan, list(GAMES))
        planned = {g for g, _ in plan}
        self.plan_rank = {g: k + 1 for k, g in enumerate(g for g in order if g in planned)}
        rects = grid_rects(len(GAMES), *tile_layout(len(GAMES)))
        for name, rect in zip(order, rects):
            self.buttons.add(Button(("game", name), rect, GAMES[name].title, draw_fn=self._draw_tile))
        # The tiles are already bigger than larger targets' level cards: only the home button grows.
        self.buttons.add(home_button(self.access))

    def _draw_tile(self, surface: pygame.Surface, b: Button, pressed: bool, focused: bool) -> None:
        face = draw_card(surface, b.rect, pressed, focused)
        draw_game_picture(surface, b.key[1], pygame.Rect(face.x + 30, face.y + 30, face.w - 60, face.h - 120))
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

    @property
    def needs_redraw(self) -> bool:
        return False   # a still screen: drawn again after input (game.app.run_loop)

    def draw(self, surface: pygame.Surface) -> None:
        draw_background(surface)
        self.ctx.blit_avatar(surface, self.child.avatar, (1190, 70), 48)
        draw_text(surface, greeting(self.ctx, self.child.name), self.ctx.fonts, GREETING_SIZE,
                  center=GREETING.center, bold=True)
        self.buttons.draw(surface, self.ctx.fonts)
