"""After a level: stars, a warm word, and the two or three numbers that matter."""
from __future__ import annotations

from types import MappingProxyType

import numpy as np
import pygame

from game.games import GAMES
from game.input import InputEvent
from game.levels.loader import LoadedLevel
from game.records.attempts import SavedAttempt
from game.records.db import Child
from game.scenes.base import AppContext, Pop, Replace, Scene, Transition
from game.scenes.common import Button, Buttons, draw_background
from game.ui import theme
from game.ui.widgets import (
    Confetti,
    draw_again_icon,
    draw_home_icon,
    draw_next_icon,
    draw_star,
    draw_text,
)

PRAISE = MappingProxyType({3: "Amazing!", 2: "Great job!", 1: "You did it!"})
KEEP_GOING = "Good try! Let's go again"


def format_value(value: object, decimals: int, unit: str) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    number = f"{float(value):.{decimals}f}"
    return f"{number} {unit}" if unit != "%" else f"{number}%"


class ResultsScene(Scene):
    def __init__(self, ctx: AppContext, child: Child, playlist: list[LoadedLevel], index: int,
                 results: list[SavedAttempt]):
        super().__init__(ctx)
        self.child = child
        self.playlist = playlist
        self.index = index
        self.loaded = playlist[index]
        self.results = results
        self.best = max(results, key=lambda r: (r.stars, r.attempt_id or 0)) if results else None
        self.last = results[-1] if results else None
        self.stars = self.best.stars if self.best else 1
        self.clock = 0.0
        self.confetti = Confetti(np.random.default_rng(ctx.seed), count=140) if self.stars >= 2 else None
        self.buttons = Buttons()
        has_next = index + 1 < len(playlist)
        self.buttons.add(Button("levels", pygame.Rect(250, 560, 220, 120), "", theme.SECONDARY,
                                icon=lambda s, r: draw_home_icon(s, r, theme.INK)))
        self.buttons.add(Button("again", pygame.Rect(530, 560, 220, 120), "", theme.PRIMARY, icon=draw_again_icon))
        if has_next:
            self.buttons.add(Button("next", pygame.Rect(810, 560, 220, 120), "", theme.SUCCESS, icon=draw_next_icon))
        self.played_sound = False
        # Plain words for the grown-up when some play could not go into the records file (a full disk).
        from game.records.attempts import waiting_notice

        self.notice = waiting_notice(ctx.db) if ctx.record else None

    def update(self, dt: float, now: float) -> Transition:
        if not self.played_sound:
            self.ctx.sounds.play("fanfare" if self.stars == 3 else "chime")
            self.played_sound = True
        self.clock += dt
        if self.confetti is not None:
            self.confetti.update(dt)
        return None

    def handle(self, ev: InputEvent, now: float) -> Transition:
        if ev.kind == "action" and ev.pressed and ev.action == "back":
            return Pop()
        key = self.buttons.handle(ev)
        if key == "levels":
            return Pop()
        if key in ("again", "next"):
            from game.scenes.levels import play_scene

            index = self.index + (1 if key == "next" else 0)
            return Replace(play_scene(self.ctx, self.child, self.playlist, index))
        return None

    @property
    def needs_redraw(self) -> bool:
        """The stars pop up in the first second and the confetti falls; after that the screen is still."""
        return self.clock < 1.0 or (self.confetti is not None and not self.confetti.done)

    def draw(self, surface: pygame.Surface) -> None:
        draw_background(surface)
        completed = bool(self.last and self.last.metrics.get("completed", True))
        message = PRAISE[self.stars] if (completed or self.stars > 1) else KEEP_GOING
        self.ctx.blit_avatar(surface, self.child.avatar, (130, 110), 70)
        draw_text(surface, message, self.ctx.fonts, 72, center=(640, 80), bold=True)
        for k in range(3):
            appear = min(1.0, max(0.0, (self.clock - 0.25 * k) * 4))
            radius = int(70 * (0.6 + 0.4 * appear)) if k < self.stars else 62
            draw_star(surface, (640 + (k - 1) * 170, 235), radius, k < self.stars and appear > 0)
        if self.last is not None:
            heads = GAMES[self.loaded.game].headlines
            width = 1080 // max(len(heads), 1)
            for i, h in enumerate(heads):
                cx = 100 + width * i + width // 2
                card = pygame.Rect(0, 0, width - 40, 150)
                card.center = (cx, 430)
                pygame.draw.rect(surface, theme.PANEL, card, border_radius=24)
                pygame.draw.rect(surface, theme.PANEL_EDGE, card, 3, border_radius=24)
                draw_text(surface, format_value(self.last.metrics.get(h.name), h.decimals, h.unit),
                          self.ctx.fonts, 60, center=(cx, card.y + 58), bold=True)
                draw_text(surface, h.label, self.ctx.fonts, 28, center=(cx, card.y + 118), color=theme.INK_SOFT)
        if self.notice:
            draw_text(surface, self.notice, self.ctx.fonts, 20, center=(640, 530), color=theme.INK_SOFT)
        self.buttons.draw(surface, self.ctx.fonts)
        if self.confetti is not None and not self.confetti.done:
            self.confetti.draw(surface)
