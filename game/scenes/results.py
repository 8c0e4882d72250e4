"""After a level: stars, a warm word, and the two or three numbers that matter."""
from __future__ import annotations

import math
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
    draw_glow,
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
                 results: list[SavedAttempt], demo_mode: str | None = None):
        super().__init__(ctx)
        self.demo_mode = demo_mode    # for the next level's demonstration (game.demonstration)
        self.child = child
        self.playlist = playlist
        self.index = index
        self.loaded = playlist[index]
        self.results = results
        self.best = max(results, key=lambda r: (r.stars, r.attempt_id or 0)) if results else None
        self.last = results[-1] if results else None
        self.stars = self.best.stars if self.best else 1
        self.clock = 0.0
        self.access = ctx.access_for(child)
        # Reduced motion: no confetti, and the stars are there at once instead of growing in.
        self.confetti = Confetti(np.random.default_rng(ctx.seed), count=140) \
            if self.stars >= 2 and not self.access.reduced_motion else None
        self.buttons = Buttons()
        has_next = index + 1 < len(playlist)
        # Larger targets: 330 x 165 (1.5 x as wide, as tall as fits under the numbers).
        w, h, y = (220, 120, 560) if not self.access.larger_targets else (330, 165, 532)
        self.button_top = y
        step = max(280, w + 30)
        for k, (key, color, icon) in enumerate((("levels", theme.SECONDARY, lambda s, r: draw_home_icon(s, r, theme.INK)),
                                                ("again", theme.PRIMARY, draw_again_icon),
                                                ("next", theme.SUCCESS, draw_next_icon))):
            if key != "next" or has_next:
                self.buttons.add(Button(key, pygame.Rect(640 + (k - 1) * step - w // 2, y, w, h), "", color, icon=icon))
        self.played_sound = False
        # Plain words for the grown-up when some play could not go into the records file (a full disk).
        from game.records.attempts import waiting_notice

        self.notice = waiting_notice(ctx.db) if ctx.record else None

    def suggested(self, completed: bool) -> str | None:
        """The button the warm word points to: again after a try that was not finished (or got one star),
        the next level after a good one (when there is one)."""
        if not completed or self.stars <= 1:
            return "again"
        return "next" if self.index + 1 < len(self.playlist) else None

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
            return Replace(play_scene(self.ctx, self.child, self.playlist, index, self.demo_mode))
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
            appear = 1.0 if self.access.reduced_motion else min(1.0, max(0.0, (self.clock - 0.25 * k) * 4))
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
            draw_text(surface, self.notice, self.ctx.fonts, 20, center=(640, min(530, self.button_top - 14)),
                      color=theme.INK_SOFT)
        key = self.suggested(completed)
        suggested = next((b for b in self.buttons.items if b.key == key), None)
        if suggested is not None:   # the picture for "Let's go again" / "Next!": the button to press glows
            draw_glow(surface, suggested.rect, 0.75 + 0.25 * math.sin(self.clock * 3))
        self.buttons.draw(surface, self.ctx.fonts)
        if self.confetti is not None and not self.confetti.done:
            self.confetti.draw(surface)
