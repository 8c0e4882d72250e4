"""Esc (or the pause button) during play: two huge choices, carry on or stop."""
from __future__ import annotations

import pygame

from game.input import InputEvent
from game.records.access import AccessOptions
from game.scenes.base import AppContext, Pop, Scene, Transition
from game.scenes.common import Button, Buttons
from game.ui import theme
from game.ui.widgets import draw_paused_sign, draw_play_icon, draw_stop_icon, draw_text


class PauseScene(Scene):
    def __init__(self, ctx: AppContext, access: AccessOptions | None = None):
        super().__init__(ctx)
        self.access = access   # the playing child's: the pause screen scans and holds like the others
        self.buttons = Buttons()
        # Larger targets: 540 x 360 each, side by side under "Paused".
        w, h, top = (360, 240, 250) if access is None or not access.larger_targets else (540, 360, 226)
        gap = 60
        left = 640 - w - gap // 2
        self.buttons.add(Button("continue", pygame.Rect(left, top, w, h), "Play", theme.SUCCESS, icon=draw_play_icon))
        self.buttons.add(Button("stop", pygame.Rect(640 + gap // 2, top, w, h), "Stop", theme.OI_VERMILLION,
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
        # The word is for grown-ups; the picture (the pause button's sign, big) says it to a child.
        w = self.ctx.fonts.get(64, True).size("Paused")[0]
        left = 640 - (124 + 28 + w) / 2
        draw_paused_sign(surface, (left + 62, 150), 62)
        draw_text(surface, "Paused", self.ctx.fonts, 64, center=(left + 124 + 28 + w / 2, 152), bold=True,
                  color=theme.WHITE)
        self.buttons.draw(surface, self.ctx.fonts)
