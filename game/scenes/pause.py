"""Esc (or the pause button) during play: two huge choices, carry on or stop."""
from __future__ import annotations

import pygame

from game.input import InputEvent
from game.scenes.base import AppContext, Pop, Scene, Transition
from game.scenes.common import Button, Buttons
from game.ui import theme
from game.ui.widgets import draw_play_icon, draw_stop_icon, draw_text


class PauseScene(Scene):
    def __init__(self, ctx: AppContext):
        super().__init__(ctx)
        self.buttons = Buttons()
        self.buttons.add(Button("continue", pygame.Rect(250, 250, 360, 240), "Play", theme.SUCCESS,
                                icon=draw_play_icon))
        self.buttons.add(Button("stop", pygame.Rect(670, 250, 360, 240), "Stop", theme.OI_VERMILLION,
                                icon=draw_stop_icon))

    @property
    def transparent(self) -> bool:
        return True

    def handle(self, ev: InputEvent, now: float) -> Transition:
        if ev.kind == "action" and ev.pressed and ev.action in ("back", "pause"):
            return Pop("continue")
        if ev.kind == "action" and ev.action == "stop":
            return Pop("stop")
        key = self.buttons.handle(ev)
        return Pop(key) if key else None

    @property
    def needs_redraw(self) -> bool:
        return False   # a still screen: drawn again after input (game.app.run_loop)

    def draw(self, surface: pygame.Surface) -> None:
        veil = pygame.Surface(theme.CANVAS_SIZE, pygame.SRCALPHA)
        veil.fill((*theme.INK, 150))
        surface.blit(veil, (0, 0))
        draw_text(surface, "Paused", self.ctx.fonts, 72, center=(640, 160), bold=True, color=theme.WHITE)
        self.buttons.draw(surface, self.ctx.fonts)
