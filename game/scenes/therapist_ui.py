"""Pieces the grown-ups' screens share: the gear, a back button, steppers, tabs, rows, text entry.

Same house style as the children's screens (cream page, white cards, chunky buttons) but
denser and with words, since the reader is an adult; every target is still >= 64 units.
"""
from __future__ import annotations

import math
from datetime import datetime
from typing import Callable, Hashable, Sequence

import pygame

from game.errors import UserError
from game.input import InputEvent
from game.scenes.base import AppContext, Pop, Scene, Transition
from game.scenes.common import Button, Buttons, draw_background, icon_button
from game.ui import theme
from game.ui.widgets import (
    CANNOT_TYPE,
    draw_next_icon,
    draw_text,
    fit,
    fit_between,
    fit_tail,
    missing_glyphs,
    wrap_text,
)

ROW_H = 72
TAB_H = 64


def draw_gear(surface: pygame.Surface, center: tuple[float, float], radius: float, color: theme.Color) -> None:
    """A cog: eight teeth, a ring and a hole, so it reads as "settings" without words."""
    cx, cy = center
    teeth = []
    for k in range(8):
        a = k * math.pi / 4
        for da, r in ((-0.22, radius * 0.78), (-0.14, radius), (0.14, radius), (0.22, radius * 0.78)):
            teeth.append((cx + r * math.cos(a + da), cy + r * math.sin(a + da)))
    pygame.draw.polygon(surface, color, teeth)
    pygame.draw.circle(surface, color, (round(cx), round(cy)), round(radius * 0.8))
    pygame.draw.circle(surface, theme.BACKGROUND, (round(cx), round(cy)), round(radius * 0.34))


def draw_ring(surface: pygame.Surface, center: tuple[float, float], radius: float, frac: float,
              color: theme.Color, width: int = 7) -> None:
    """A ring that fills clockwise from the top as `frac` goes 0 -> 1 (the hold-to-open cue)."""
    frac = min(1.0, max(0.0, frac))
    steps = max(2, int(72 * frac))
    pts = [(center[0] + radius * math.sin(2 * math.pi * frac * i / steps),
            center[1] - radius * math.cos(2 * math.pi * frac * i / steps)) for i in range(steps + 1)]
    if frac > 0:
        pygame.draw.lines(surface, color, False, pts, width)
        for p in (pts[0], pts[-1]):
            pygame.draw.circle(surface, color, (round(p[0]), round(p[1])), width // 2)


def draw_back_icon(surface: pygame.Surface, rect: pygame.Rect) -> None:
    tmp = pygame.Surface(rect.size, pygame.SRCALPHA)
    draw_next_icon(tmp, tmp.get_rect(), theme.INK)
    surface.blit(pygame.transform.flip(tmp, True, False), rect)


def back_button() -> Button:
    return icon_button("back", (64, 56), draw_back_icon, theme.SECONDARY, 80)


def header_title(ctx: AppContext, title: str | tuple[str, str, str], right: int = 1244) -> str:
    """The header's title cut to end before `right`; a (before, name, after) title cuts only the name."""
    font = ctx.fonts.get(40, True)
    if isinstance(title, tuple):
        return fit_between(*title, font, right - 128)
    return fit(title, font, right - 128)


def draw_header(surface: pygame.Surface, ctx: AppContext, title: str | tuple[str, str, str], subtitle: str = "",
                right: int = 1244) -> pygame.Rect:
    """Cream page, a title beside the back button and a thin rule under it; returns the title's rect.

    Title and subtitle end before `right` (the first button at the top right), cut with an ellipsis; a
    title given as (before, name, after) keeps its words and cuts only the name."""
    draw_background(surface)
    rect = draw_text(surface, header_title(ctx, title, right), ctx.fonts, 40, topleft=(128, 18), bold=True)
    if subtitle:
        draw_text(surface, fit(subtitle, ctx.fonts.get(22), right - 130), ctx.fonts, 22, topleft=(130, 66),
                  color=theme.INK_SOFT)
    pygame.draw.line(surface, theme.PANEL_EDGE, (24, 108), (1256, 108), 2)
    return rect


def text_button(key: Hashable, rect: pygame.Rect | tuple, label: str, color: theme.Color = theme.PRIMARY,
                text_color: theme.Color = theme.WHITE, enabled: bool = True) -> Button:
    return Button(key, pygame.Rect(rect), label, color, text_color, enabled=enabled)


def soft_button(key: Hashable, rect: pygame.Rect | tuple, label: str, enabled: bool = True) -> Button:
    """Light secondary button with dark text."""
    return Button(key, pygame.Rect(rect), label, theme.SECONDARY, theme.INK, enabled=enabled)


def add_tabs(buttons: Buttons, prefix: str, options: Sequence[tuple[Hashable, str]], selected: Callable[[], Hashable],
             x: int, y: int, w: int, fonts_holder: AppContext, h: int = TAB_H) -> None:
    """A row of tabs (segmented control); the chosen one is filled, the others outlined."""
    each = w // len(options)

    def draw(surface: pygame.Surface, b: Button, pressed: bool, focused: bool) -> None:
        on = b.key[1] == selected()
        face = b.rect.move(0, 3 if pressed else 0).inflate(-6, 0)
        pygame.draw.rect(surface, theme.PRIMARY if on else theme.PANEL, face, border_radius=18)
        pygame.draw.rect(surface, theme.PRIMARY if on else theme.PANEL_EDGE, face, width=3, border_radius=18)
        size = 26 if h >= 60 else 22
        tick = 34 if on else 0   # a tick as well as the fill, so the choice does not hang on colour
        while size > 16 and fonts_holder.fonts.get(size, True).size(b.label)[0] + tick > face.w - 20:
            size -= 2
        width = fonts_holder.fonts.get(size, True).size(b.label)[0] + tick
        x0 = face.centerx - width // 2
        if on:
            y0 = face.centery
            pygame.draw.lines(surface, theme.WHITE, False, [(x0, y0), (x0 + 9, y0 + 9), (x0 + 25, y0 - 9)], 5)
        img = fonts_holder.fonts.get(size, True).render(b.label, True, theme.WHITE if on else theme.INK)
        surface.blit(img, img.get_rect(midleft=(x0 + tick, face.centery)))

    for i, (value, label) in enumerate(options):
        buttons.add(Button((prefix, value), pygame.Rect(x + i * each, y, each, h), label, draw_fn=draw))


def add_stepper(buttons: Buttons, name: str, x: int, y: int, w: int = 320, h: int = 72,
                enabled: bool = True) -> pygame.Rect:
    """[-] value [+]: returns the rect where the caller draws the value."""
    buttons.add(soft_button(("step", name, -1), (x, y, h, h), "-", enabled))
    buttons.add(soft_button(("step", name, 1), (x + w - h, y, h, h), "+", enabled))
    return pygame.Rect(x + h, y, w - 2 * h, h)


def draw_value_box(surface: pygame.Surface, ctx: AppContext, rect: pygame.Rect, text: str,
                   enabled: bool = True) -> None:
    pygame.draw.rect(surface, theme.PANEL, rect.inflate(-10, 0), border_radius=14)
    pygame.draw.rect(surface, theme.PANEL_EDGE, rect.inflate(-10, 0), width=2, border_radius=14)
    draw_text(surface, text, ctx.fonts, 30, center=rect.center, bold=True,
              color=theme.INK if enabled else theme.DISABLED_INK)


def draw_message(surface: pygame.Surface, ctx: AppContext, text: str, *, good: bool = True,
                 rect: pygame.Rect | None = None) -> None:
    """A one- or two-line bar at the bottom: what just happened, or what to fix."""
    if not text:
        return
    bar = rect or pygame.Rect(24, 650, 1232, 56)
    tint = theme.SUCCESS if good else theme.GENTLE
    pygame.draw.rect(surface, theme.mix(tint, theme.WHITE, 0.78), bar, border_radius=16)
    pygame.draw.rect(surface, tint, bar, width=2, border_radius=16)
    font = ctx.fonts.get(20)
    lines = wrap_text(text, font, bar.w - 32)[:2]
    top = bar.centery - len(lines) * 13
    for i, line in enumerate(lines):
        draw_text(surface, line, ctx.fonts, 20, topleft=(bar.x + 16, top + i * 26))


def when(iso_utc: str | None) -> str:
    """A record's time in the computer's local time, written so no reader misreads day and month."""
    if not iso_utc:
        return "-"
    from game.records.series import local

    return local(iso_utc).strftime("%a %d %b %Y, %H:%M")


def minutes(first: str | None, last: str | None) -> str:
    if not first or not last:
        return "no attempts"
    secs = (datetime.fromisoformat(last) - datetime.fromisoformat(first)).total_seconds()
    return f"{max(0.0, secs) / 60:.0f} min" if secs >= 60 else f"{max(0.0, secs):.0f} s"


class PagedList:
    """Which slice of a long list is on screen, and the up/down buttons to move it."""

    def __init__(self, per_page: int) -> None:
        self.per_page = per_page
        self.page = 0

    def pages(self, n: int) -> int:
        return max(1, -(-n // self.per_page))

    def clamp(self, n: int) -> None:
        self.page = min(max(0, self.page), self.pages(n) - 1)

    def window(self, n: int) -> range:
        self.clamp(n)
        return range(self.page * self.per_page, min(n, (self.page + 1) * self.per_page))

    def add_buttons(self, buttons: Buttons, name: str, n: int, x: int, y: int, w: int) -> None:
        """Previous/next page buttons under the list, only when there is more than one page."""
        if self.pages(n) <= 1:
            return
        half = (w - 12) // 2
        buttons.add(soft_button(("page", name, -1), (x, y, half, 64), "Previous", enabled=self.page > 0))
        buttons.add(soft_button(("page", name, 1), (x + half + 12, y, half, 64), "Next",
                                enabled=self.page < self.pages(n) - 1))


class TextEntryScene(Scene):
    """Type a line (a name) or a paragraph (a note); `commit(text)` saves it or raises UserError.

    Enter saves. While this scene is on top the input layer treats keys that type as text
    (`wants_text`), so a typed space is a space, never a save.
    """

    wants_text = True

    def __init__(self, ctx: AppContext, title: str | tuple[str, str, str], hint: str,
                 commit: Callable[[str], object], *, initial: str = "", max_len: int = 40, multiline: bool = False,
                 save_label: str = "Save"):
        super().__init__(ctx)
        self.title = title
        self.hint = hint
        self.commit = commit
        self.text = initial
        self.max_len = max_len
        self.multiline = multiline
        self.message = ""
        self.clock = 0.0
        self.buttons = Buttons()
        self.buttons.add(back_button())
        self.buttons.add(text_button("save", (1000, 560, 240, 80), save_label, theme.SUCCESS))
        self.buttons.add(soft_button("clear", (740, 560, 220, 80), "Clear"))

    def enter(self, now: float) -> None:
        pygame.key.start_text_input()

    def exit(self, now: float) -> None:
        pygame.key.stop_text_input()

    def update(self, dt: float, now: float) -> Transition:
        self.clock += dt
        return None

    def handle(self, ev: InputEvent, now: float) -> Transition:
        if ev.kind == "text":
            typed = "".join(ch for ch in ev.text if ch.isprintable())
            if missing_glyphs(typed, self.ctx.fonts.get(30), self.ctx.fonts.get(30, True)):
                self.message = CANNOT_TYPE   # an emoji would show as a box on every screen: refused here
                self.ctx.sounds.play("try_again")
                return None
            room = self.max_len - len(self.text)
            self.text += typed[:max(0, room)]
            self.message = ""
            return None
        if ev.kind == "action" and ev.pressed:
            if ev.action == "backspace":
                self.text = self.text[:-1]
                return None
            if ev.action == "back":
                return Pop()
            if ev.action == "confirm" and self.buttons.focus is None:
                return self._save()
        key = self.buttons.handle(ev)
        if key == "back":
            return Pop()
        if key == "clear":
            self.text = ""
        if key == "save":
            return self._save()
        return None

    def _save(self) -> Transition:
        try:
            result = self.commit(self.text)
        except UserError as exc:
            self.message = str(exc)
            self.ctx.sounds.play("try_again")
            return None
        self.ctx.sounds.play("chime")
        return Pop(result)

    def draw(self, surface: pygame.Surface) -> None:
        draw_header(surface, self.ctx, self.title, self.hint)
        box = pygame.Rect(80, 150, 1120, 380 if self.multiline else 110)
        pygame.draw.rect(surface, theme.PANEL, box, border_radius=24)
        pygame.draw.rect(surface, theme.PRIMARY, box, width=4, border_radius=24)
        cursor = "|" if int(self.clock * 2) % 2 == 0 else " "
        size = 30 if self.multiline else 44
        if self.text:
            font = self.ctx.fonts.get(size)
            lines = wrap_text(self.text + cursor, font, box.w - 60) if self.multiline else \
                [fit_tail(self.text + cursor, font, box.w - 60)]
            for i, line in enumerate(lines[-9:]):
                draw_text(surface, line, self.ctx.fonts, size, topleft=(box.x + 30, box.y + 24 + i * 38))
        else:
            draw_text(surface, "Type here" + cursor, self.ctx.fonts, size, topleft=(box.x + 30, box.y + 26),
                      color=theme.INK_SOFT)
        draw_text(surface, f"{len(self.text)} / {self.max_len} characters", self.ctx.fonts, 20,
                  topleft=(box.x + 8, box.bottom + 10), color=theme.INK_SOFT)
        self.buttons.draw(surface, self.ctx.fonts)
        draw_message(surface, self.ctx, self.message, good=False)
