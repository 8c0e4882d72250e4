"""Pieces the grown-ups' screens share: the gear, a back button, steppers, sliders, tabs, rows, text entry.

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
    draw_minus_icon,
    draw_next_icon,
    draw_plus_icon,
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


def add_tabs(buttons: Buttons, prefix: Hashable, options: Sequence[tuple[Hashable, str]],
             selected: Callable[[], Hashable], x: int, y: int, w: int, fonts_holder: AppContext, h: int = TAB_H, *,
             focusable: bool = True, note: Callable[[Hashable], str] | None = None) -> None:
    """A row of tabs (segmented control), keys (prefix, value); the chosen one is filled, the others outlined.

    `note` gives small words under a tab's label (say "easiest"); narrow tabs put the tick above the label.
    """
    each = w // len(options)
    room = each - 6 - 20

    def widest(size: int) -> int:
        return max(fonts_holder.fonts.get(size, True).size(label)[0] for _, label in options)

    # One size for the whole row, so the tabs read as a set; a tick beside the label if it fits,
    # else (narrow tabs) a small one above it.
    largest = 26 if h >= 60 else 22
    size = largest
    while size > 16 and widest(size) + 34 > room:
        size -= 2
    stacked = widest(size) + 34 > room
    if stacked:
        size = min(largest, 22)
        while size > 13 and widest(size) > room + 10:
            size -= 1

    def draw(surface: pygame.Surface, b: Button, pressed: bool, focused: bool) -> None:
        fonts = fonts_holder.fonts
        on = b.key[1] == selected()
        ink = theme.WHITE if on else theme.INK
        face = b.rect.move(0, 3 if pressed else 0).inflate(-6, 0)
        pygame.draw.rect(surface, theme.PRIMARY if on else theme.PANEL, face, border_radius=18)
        pygame.draw.rect(surface, theme.PRIMARY if on else theme.PANEL_EDGE, face, width=3, border_radius=18)
        words = note(b.key[1]) if note is not None else ""
        tick = 34 if on and not stacked else 0   # a tick as well as the fill, so the choice does not hang on colour
        cy = face.centery - (8 if words else 0) + (6 if stacked else 0)
        width = fonts.get(size, True).size(b.label)[0] + tick
        x0 = face.centerx - width // 2
        if on:
            tx, ty, k = (x0, cy, 1.0) if not stacked else (face.centerx - 8, cy - size // 2 - 9, 0.55)
            pygame.draw.lines(surface, theme.WHITE, False,
                              [(tx, ty), (tx + 9 * k, ty + 9 * k), (tx + 25 * k, ty - 9 * k)], 5 if k == 1 else 3)
        img = fonts.get(size, True).render(b.label, True, ink)
        surface.blit(img, img.get_rect(midleft=(x0 + tick, cy)))
        if words:
            draw_text(surface, words, fonts, 14, center=(face.centerx, face.bottom - 13), bold=True,
                      color=theme.WHITE if on else theme.SUCCESS)

    for i, (value, label) in enumerate(options):
        buttons.add(Button((prefix, value), pygame.Rect(x + i * each, y, each, h), label, draw_fn=draw,
                           focusable=focusable))


def add_stepper(buttons: Buttons, name: Hashable, x: int, y: int, w: int = 320, h: int = 72,
                enabled: bool = True, *, focusable: bool = True,
                at_ends: tuple[bool, bool] = (False, False)) -> pygame.Rect:
    """[-] value [+], keys ("step", name, -1 / +1): returns the rect between them, for the value (or a slider).

    A button whose end of the range is reached (`at_ends`: low, high) is drawn faded but still
    answers, so the screen can say why nothing changed.
    """
    for direction, sign, end in ((-1, draw_minus_icon, at_ends[0]), (1, draw_plus_icon, at_ends[1])):
        ink = theme.DISABLED_INK if end else theme.INK
        rect = (x if direction < 0 else x + w - h, y, h, h)
        buttons.add(Button(("step", name, direction), pygame.Rect(rect), "", theme.DISABLED if end else theme.SECONDARY,
                           ink, icon=lambda s, r, sign=sign, ink=ink: sign(s, r, ink), enabled=enabled,
                           focusable=focusable))
    return pygame.Rect(x + h, y, w - 2 * h, h)


KNOB_R = 22


def add_slider(buttons: Buttons, key: Hashable, track: pygame.Rect, h: int, position: Callable[[], float | None],
               move_to: Callable[[float], None], fonts_holder: AppContext, ends: tuple[tuple[str, theme.Color], tuple[str, theme.Color]] = (
                   ("", theme.INK_SOFT), ("", theme.INK_SOFT)), *, focusable: bool = False) -> Button:
    """A track with a knob: press or drag anywhere on it to set `move_to(fraction 0..1)`.

    `position()` is where the knob is (None: no value, no knob); `ends` are small words over the
    two ends (say which way is easier). The touch target is `h` high and overhangs the track
    by the knob, so the ends are as easy to reach as the middle.
    """
    def drag(x: float, _y: float) -> None:
        move_to((x - track.x) / max(track.w, 1))

    def draw(surface: pygame.Surface, b: Button, pressed: bool, focused: bool) -> None:
        fonts = fonts_holder.fonts
        for (words, color), x, anchor in zip(ends, (track.x, track.right), ("left", "right")):
            if words:
                img = fonts.get(15, True).render(words, True, color)
                r = img.get_rect(bottom=track.y - 6)
                setattr(r, anchor, x)
                surface.blit(img, r)
        pygame.draw.rect(surface, theme.mix(theme.PANEL_EDGE, theme.WHITE, 0.2), track, border_radius=8)
        pos = position()
        if pos is not None:
            knob = (round(track.x + pos * track.w), track.centery)
            pygame.draw.rect(surface, theme.SECONDARY, pygame.Rect(track.x, track.y, knob[0] - track.x, track.h),
                             border_radius=8)
            pygame.draw.circle(surface, theme.mix(theme.PRIMARY, theme.INK, 0.3), (knob[0], knob[1] + 3), KNOB_R)
            pygame.draw.circle(surface, theme.WHITE, knob, KNOB_R)
            pygame.draw.circle(surface, theme.PRIMARY, knob, KNOB_R, 6 if pressed else 4)
        pygame.draw.rect(surface, theme.PANEL_EDGE, track, 2, border_radius=8)

    rect = pygame.Rect(track.x - KNOB_R, track.centery - h // 2, track.w + 2 * KNOB_R, h)
    return buttons.add(Button(key, rect, draw_fn=draw, on_drag=drag, focusable=focusable))


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
                 save_label: str = "Save", secret: bool = False):
        super().__init__(ctx)
        self.title = title
        self.hint = hint
        self.commit = commit
        self.text = initial
        self.max_len = max_len
        self.multiline = multiline
        self.secret = secret          # a passphrase: dots on the screen, never the letters
        self.message = ""
        self.clock = 0.0
        self.caret_drawn = -1   # the caret phase last drawn (needs_redraw)
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

    @property
    def needs_redraw(self) -> bool:
        return int(self.clock * 2) != self.caret_drawn   # still, but for the caret blinking twice a second

    def draw(self, surface: pygame.Surface) -> None:
        draw_header(surface, self.ctx, self.title, self.hint)
        box = pygame.Rect(80, 150, 1120, 380 if self.multiline else 110)
        pygame.draw.rect(surface, theme.PANEL, box, border_radius=24)
        pygame.draw.rect(surface, theme.PRIMARY, box, width=4, border_radius=24)
        cursor = "|" if int(self.clock * 2) % 2 == 0 else " "
        self.caret_drawn = int(self.clock * 2)
        size = 30 if self.multiline else 44
        if self.text:
            font = self.ctx.fonts.get(size)
            shown = "\u2022" * len(self.text) if self.secret else self.text
            lines = wrap_text(shown + cursor, font, box.w - 60) if self.multiline else \
                [fit_tail(shown + cursor, font, box.w - 60)]
            for i, line in enumerate(lines[-9:]):
                draw_text(surface, line, self.ctx.fonts, size, topleft=(box.x + 30, box.y + 24 + i * 38))
        else:
            draw_text(surface, "Type here" + cursor, self.ctx.fonts, size, topleft=(box.x + 30, box.y + 26),
                      color=theme.INK_SOFT)
        draw_text(surface, f"{len(self.text)} / {self.max_len} characters", self.ctx.fonts, 20,
                  topleft=(box.x + 8, box.bottom + 10), color=theme.INK_SOFT)
        self.buttons.draw(surface, self.ctx.fonts)
        draw_message(surface, self.ctx, self.message, good=False)
