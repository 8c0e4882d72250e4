"""A new player: a grown-up types the name once, the child picks an animal."""
from __future__ import annotations

import pygame

from game.errors import UserError
from game.input import InputEvent
from game.records.db import NAME_MAX
from game.scenes.base import AppContext, Pop, Scene, Transition
from game.scenes.common import (
    Button,
    Buttons,
    draw_background,
    draw_card,
    grid_rects,
    icon_button,
)
from game.ui import theme
from game.ui.avatars import AVATARS, avatar_label
from game.ui.widgets import (
    CANNOT_TYPE,
    draw_play_icon,
    draw_text,
    fit_size,
    fit_tail,
    missing_glyphs,
)


class NewChildScene(Scene):
    """Pick an animal (the child can), type a name (a grown-up does), press the big tick."""

    wants_text = True  # the input layer keeps typed spaces and letters as text

    def __init__(self, ctx: AppContext, avatar: str | None = None, name: str = ""):
        super().__init__(ctx)
        used = {c.avatar for c in ctx.db.children()}
        self.avatar = avatar or next((a for a in AVATARS if a not in used), AVATARS[0])
        self.name = name
        self.message = ""
        self.buttons = Buttons()
        rects = grid_rects(len(AVATARS), 5, (150, 150), 22, 130)
        for name_, rect in zip(AVATARS, rects):
            self.buttons.add(Button(("avatar", name_), rect, avatar_label(name_), draw_fn=self._draw_avatar))
        self.buttons.add(icon_button("ok", (1040, 560), draw_play_icon, theme.SUCCESS, 120))
        self.buttons.add(icon_button("back", (80, 70), _back_icon, theme.SECONDARY, 88))
        self.clock = 0.0
        self.caret_drawn = -1   # the caret phase last drawn (needs_redraw)

    def update(self, dt: float, now: float) -> Transition:
        self.clock += dt
        return None

    def enter(self, now: float) -> None:
        pygame.key.start_text_input()

    def exit(self, now: float) -> None:
        pygame.key.stop_text_input()

    def _draw_avatar(self, surface: pygame.Surface, b: Button, pressed: bool, focused: bool) -> None:
        chosen = b.key == ("avatar", self.avatar)
        face = draw_card(surface, b.rect, pressed, focused,
                         fill=theme.mix(theme.PANEL, theme.OI_YELLOW, 0.45) if chosen else theme.PANEL)
        if chosen:
            pygame.draw.rect(surface, theme.SUCCESS, face, width=8, border_radius=28)
        self.ctx.blit_avatar(surface, b.key[1], face.center, 58)

    def handle(self, ev: InputEvent, now: float) -> Transition:
        if ev.kind == "text":
            typed = "".join(ch for ch in ev.text if ch.isprintable())
            if missing_glyphs(typed, self.ctx.fonts.get(34), self.ctx.fonts.get(34, True)):
                self.message = CANNOT_TYPE   # an emoji would show as a box on every screen: refused here
                self.ctx.sounds.play("try_again")
                return None
            self.name = (self.name + typed)[:NAME_MAX]
            self.message = ""
            return None
        if ev.kind == "action" and ev.pressed and ev.action == "backspace":
            self.name = self.name[:-1]
            return None
        if ev.kind == "action" and ev.pressed and ev.action == "back":
            return Pop()
        if ev.kind == "action" and ev.pressed and ev.action == "confirm" and self.buttons.focus is None:
            return self._create()
        key = self.buttons.handle(ev)
        if isinstance(key, tuple):
            self.avatar = key[1]
            self.ctx.sounds.play("pop")
        elif key == "ok":
            return self._create()
        elif key == "back":
            return Pop()
        return None

    def _create(self) -> Transition:
        if not self.name.strip():
            self.message = "Type the child's name first"
            self.ctx.sounds.play("try_again")
            return None
        try:
            child = self.ctx.db.add_child(self.name, self.avatar)
        except UserError as exc:
            self.message = str(exc)
            return None
        self.ctx.sounds.play("chime")
        return Pop(child)

    @property
    def needs_redraw(self) -> bool:
        return int(self.clock * 2) != self.caret_drawn   # still, but for the caret blinking twice a second

    def draw(self, surface: pygame.Surface) -> None:
        draw_background(surface)
        draw_text(surface, "Pick your animal", self.ctx.fonts, 56, center=(640, 70), bold=True)
        self.buttons.draw(surface, self.ctx.fonts)
        box = pygame.Rect(100, 510, 850, 96)   # ends before the big tick; room for 24 letters W
        pygame.draw.rect(surface, theme.PANEL, box, border_radius=24)
        pygame.draw.rect(surface, theme.PRIMARY, box, width=4, border_radius=24)
        self.ctx.blit_avatar(surface, self.avatar, (box.x + 56, box.centery), 38)
        shown = self.name + ("|" if int(self.clock * 2) % 2 == 0 else " ")
        self.caret_drawn = int(self.clock * 2)
        if self.name:
            # The whole name in the box: smaller letters for a long one, then its end (where the typing is).
            room = box.right - 24 - (box.x + 110)
            _, size = fit_size(self.name + "|", self.ctx.fonts, 48, room, bold=True, smallest=28)
            draw_text(surface, fit_tail(shown, self.ctx.fonts.get(size, True), room), self.ctx.fonts, size,
                      topleft=(box.x + 110, box.centery - self.ctx.fonts.get(size, True).get_height() // 2),
                      bold=True)
        else:
            draw_text(surface, "Name (a grown-up types it)", self.ctx.fonts, 34,
                      topleft=(box.x + 110, box.y + 26), color=theme.INK_SOFT)
        if self.message:
            text, size = fit_size(self.message, self.ctx.fonts, 28, 1200, bold=True, smallest=20)
            draw_text(surface, text, self.ctx.fonts, size, center=(640, 660), color=theme.GENTLE, bold=True)


def _back_icon(surface: pygame.Surface, rect: pygame.Rect) -> None:
    from game.ui.widgets import draw_home_icon

    draw_home_icon(surface, rect, theme.INK)
