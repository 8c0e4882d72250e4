"""Who is playing? Children pick their own animal; a grown-up types a name once."""
from __future__ import annotations

import pygame

from game.input import InputEvent
from game.records.access import picker_options
from game.records.db import Child
from game.scenes.base import AppContext, Push, Quit, Scene, Transition
from game.scenes.common import Button, Buttons, draw_background, draw_card, fit_grid, grid_rects
from game.scenes.new_child import NewChildScene
from game.ui import theme
from game.ui.widgets import draw_text, fit_size

CARD = (200, 230)
HOLD_S = 2.0
"""The grown-ups' gear opens only after this long a press: a child's tap or a brush does nothing."""
GEAR = pygame.Rect(1200, 640, 72, 72)
"""Bottom-right corner, small and faint, >= MIN_TARGET for an adult finger."""


class ChildrenScene(Scene):
    def __init__(self, ctx: AppContext):
        super().__init__(ctx)
        self.buttons = Buttons()
        self.children: list[Child] = []
        self.hold_since: float | None = None   # when a press on the gear began (None: not held)
        self.hold_pointer: int | None = None
        self.hold_frac = 0.0

    def enter(self, now: float) -> None:
        self.hold_since = self.hold_pointer = None
        self.hold_frac = 0.0
        self.ctx.end_session()
        self.children = self.ctx.db.children()
        self.buttons.clear()
        shown = self.children[:9]
        # Everyone's screen: as usable as the neediest child listed needs (game.records.access.picker_options).
        self.access = picker_options([self.ctx.access_for(c) for c in shown])
        if self.access.larger_targets:
            rects, _ = fit_grid(len(shown) + 1, CARD, 28, pygame.Rect(30, 130, 1220, 510), self.access.target_scale)
        else:
            rects = grid_rects(len(shown) + 1, 5, CARD, 28, 150)
        for child, rect in zip(shown, rects):
            self.buttons.add(Button(("child", child.id), rect, child.name, draw_fn=self._draw_child))
        self.buttons.add(Button("new", rects[len(shown)], "New", draw_fn=self._draw_new))

    def _draw_child(self, surface: pygame.Surface, b: Button, pressed: bool, focused: bool) -> None:
        child = next(c for c in self.children if ("child", c.id) == b.key)
        face = draw_card(surface, b.rect, pressed, focused)
        s = b.rect.h / CARD[1]   # larger targets draw the card's insides larger too
        self.ctx.blit_avatar(surface, child.avatar, (face.centerx, face.y + round(95 * s)), round(72 * s))
        name, size = fit_size(child.name, self.ctx.fonts, round(34 * s), face.w - 24, bold=True, smallest=24)
        draw_text(surface, name, self.ctx.fonts, size, center=(face.centerx, face.bottom - round(38 * s)), bold=True)

    def _draw_new(self, surface: pygame.Surface, b: Button, pressed: bool, focused: bool) -> None:
        face = draw_card(surface, b.rect, pressed, focused, fill=theme.mix(theme.PANEL, theme.SECONDARY, 0.25))
        s = b.rect.h / CARD[1]
        c = (face.centerx, face.y + round(95 * s))
        arm, bar = round(36 * s), round(10 * s)
        pygame.draw.circle(surface, theme.SUCCESS, c, round(64 * s))
        pygame.draw.rect(surface, theme.WHITE, pygame.Rect(c[0] - arm, c[1] - bar, 2 * arm, 2 * bar), border_radius=8)
        pygame.draw.rect(surface, theme.WHITE, pygame.Rect(c[0] - bar, c[1] - arm, 2 * bar, 2 * arm), border_radius=8)
        draw_text(surface, "New player", self.ctx.fonts, round(30 * s), center=(face.centerx, face.bottom - round(38 * s)),
                  bold=True)

    def claims_press(self, ev: InputEvent) -> bool:
        """The grown-ups' corner gear is never a switch press."""
        return GEAR.inflate(48, 48).collidepoint(ev.x, ev.y)

    def _hold(self, ev: InputEvent, now: float) -> bool:
        """Track a press on the corner gear; True if the event belonged to it."""
        if ev.kind == "pointer_down" and GEAR.collidepoint(ev.x, ev.y):
            self.hold_since, self.hold_pointer, self.hold_frac = now, ev.pointer, 0.0
            return True
        if self.hold_since is None or ev.kind not in ("pointer_move", "pointer_up") or ev.pointer != self.hold_pointer:
            return False
        if ev.kind == "pointer_up" or not GEAR.inflate(48, 48).collidepoint(ev.x, ev.y):
            self.hold_since = self.hold_pointer = None   # let go (or slid away) early: nothing happens
            self.hold_frac = 0.0
        return True

    def update(self, dt: float, now: float) -> Transition:
        if self.hold_since is None:
            return None
        self.hold_frac = min(1.0, (now - self.hold_since) / HOLD_S)
        if now - self.hold_since < HOLD_S:
            return None
        self.hold_since = self.hold_pointer = None
        self.hold_frac = 0.0
        from game.scenes.pin import PinScene
        from game.scenes.therapist import TherapistScene

        return Push(PinScene(self.ctx, then=TherapistScene))

    def handle(self, ev: InputEvent, now: float) -> Transition:
        if ev.kind == "action" and ev.action == "back" and ev.pressed:
            return Quit()
        if self._hold(ev, now):
            return None
        key = self.buttons.handle(ev)
        if key == "new":
            return Push(NewChildScene(self.ctx))
        if isinstance(key, tuple):
            child = next(c for c in self.children if c.id == key[1])
            self.ctx.sounds.play("pop")
            from game.scenes.game_picker import GamesScene

            return Push(GamesScene(self.ctx, child))
        return None

    def resume(self, result, now: float) -> Transition:
        if isinstance(result, Child):
            from game.scenes.game_picker import GamesScene

            return Push(GamesScene(self.ctx, result))
        return None

    @property
    def needs_redraw(self) -> bool:
        return self.hold_since is not None   # still, but for the ring that fills while the corner is held

    def draw(self, surface: pygame.Surface) -> None:
        draw_background(surface)
        draw_text(surface, "Who is playing?", self.ctx.fonts, 64, center=(640, 80), bold=True)
        self.buttons.draw(surface, self.ctx.fonts)
        self._draw_gear(surface)
        if self.ctx.notices:
            bar = pygame.Rect(40, 650, 1140, 52)
            pygame.draw.rect(surface, theme.mix(theme.ACCENT, theme.WHITE, 0.7), bar, border_radius=16)
            note = self.ctx.notices[-1]
            draw_text(surface, note if len(note) < 110 else note[:107] + "...", self.ctx.fonts, 20,
                      center=bar.center)


    def _draw_gear(self, surface: pygame.Surface) -> None:
        from game.scenes.therapist_ui import draw_gear
        from game.ui.widgets import draw_ring

        held = self.hold_since is not None
        color = theme.INK_SOFT if held else theme.mix(theme.BACKGROUND, theme.INK_SOFT, 0.45)
        draw_gear(surface, GEAR.center, 17, color)
        if held:
            draw_ring(surface, GEAR.center, 30, 1.0, theme.mix(theme.BACKGROUND, theme.PANEL_EDGE, 0.8), 6)
            draw_ring(surface, GEAR.center, 30, self.hold_frac, theme.PRIMARY, 6)
