"""The grown-ups' door: a 4-digit PIN, set on first use, asked every time after.

A wrong PIN gets a gentle shake and another go; after five wrong tries the keypad rests for
a short while. The count and the rest are kept in the records file (the rest's end as UTC wall-clock
time), so leaving the PIN screen, or MotorPlay, and coming back does not start them afresh.
The PIN is never shown; "Forgot PIN?" says how to clear it from the command line.
"""
from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone
from typing import Callable

import pygame

from game.input import InputEvent
from game.records.db import Child, Database
from game.scenes.base import AppContext, Pop, Replace, Scene, Transition
from game.scenes.common import Buttons, draw_card
from game.scenes.therapist_ui import back_button, draw_header, soft_button, text_button
from game.ui import theme
from game.ui.widgets import draw_lock_icon, draw_text, wrap_text

PIN_LEN = 4
MAX_TRIES = 5
LOCK_S = 30.0
SHAKE_S = 0.5
RESET_COMMAND = "python3 run.py therapist reset-pin"
KEY_W, KEY_H, KEY_GAP = 128, 92, 14
PAD_TOP = 262


def wall_now() -> datetime:
    """UTC wall-clock time, for the rest that outlives the screen (tests replace it)."""
    return datetime.now(timezone.utc)


class PinScene(Scene):
    def __init__(self, ctx: AppContext, typed: str = "", change: bool = False,
                 then: Callable[[AppContext], Scene] | None = None):
        super().__init__(ctx)
        self.then = then            # what the right PIN opens (the therapist area), given by who asked
        self.change = change        # from the settings screen: choose a new PIN, then go back there
        self.mode = "enter" if ctx.db.has_pin() and not change else "set"   # set -> confirm -> saved, or enter
        self.typed = typed
        self.first = ""
        self.wrong = 0
        self.locked_until: float | None = None   # app clock
        self.rest_checked = False                # the stored count and rest are read on the first tick
        self.shake_at: float | None = None
        self.now = 0.0
        self.message = ""
        self.show_forgot = False
        self.buttons = Buttons()
        self._layout()

    # layout ---------------------------------------------------------------------------------
    def _layout(self) -> None:
        self.buttons.clear()
        if self.show_forgot:
            self.buttons.add(text_button("forgot_ok", (520, 540, 240, 80), "OK"))
            return
        locked = self.locked_until is not None
        x0 = 640 - (3 * KEY_W + 2 * KEY_GAP) // 2
        keys = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "clear", "0", "delete"]
        for i, k in enumerate(keys):
            row, col = divmod(i, 3)
            rect = (x0 + col * (KEY_W + KEY_GAP), PAD_TOP + row * (KEY_H + KEY_GAP), KEY_W, KEY_H)
            if k.isdigit():
                self.buttons.add(text_button(("digit", k), rect, k, enabled=not locked))
            else:
                self.buttons.add(soft_button(k, rect, k.capitalize(), enabled=not locked))
        self.buttons.add(back_button())
        self.buttons.add(soft_button("forgot", (1010, 620, 240, 72), "Forgot PIN?"))

    # input ----------------------------------------------------------------------------------
    def _load_tries(self, now: float) -> None:
        """Pick up wrong tries and a rest that began before this screen opened (another visit, another run)."""
        if self.rest_checked:
            return
        self.rest_checked = True
        if self.mode != "enter":
            return
        try:
            wrong, until = self.ctx.db.pin_tries()
        except Exception:  # noqa: BLE001 - an unreadable count must never lock the door for good
            return
        self.wrong = min(wrong, MAX_TRIES - 1)
        if until is not None:
            left = min(LOCK_S, (until - wall_now()).total_seconds())   # a clock set back cannot make it longer
            if left > 0:
                self.locked_until = now + left
                self.message = ""
                self._layout()
            else:
                self._store_tries(None)

    def _store_tries(self, rest_until: datetime | None) -> None:
        from game.errors import UserError

        try:
            self.ctx.db.set_pin_tries(self.wrong, rest_until)
        except UserError:
            pass   # a full disk: the count is still kept on this screen

    def enter(self, now: float) -> None:
        self.now = now
        self._load_tries(now)
        pygame.key.start_text_input()

    def exit(self, now: float) -> None:
        pygame.key.stop_text_input()

    def update(self, dt: float, now: float) -> Transition:
        self.now = now
        self._load_tries(now)
        if self.locked_until is not None and now >= self.locked_until:
            self.locked_until = None
            self.message = ""
            self._layout()
            self._store_tries(None)
        return None

    def handle(self, ev: InputEvent, now: float) -> Transition:
        self.now = max(self.now, now)
        self._load_tries(now)
        if ev.kind == "action" and ev.pressed and ev.action == "back":
            if self.show_forgot:
                self.show_forgot = False
                self._layout()
                return None
            return Pop()
        if ev.kind == "text" and not self.show_forgot:
            for ch in ev.text:
                if ch.isdigit():
                    tr = self.press(ch, now)
                    if tr is not None:
                        return tr
            return None
        if ev.kind == "action" and ev.pressed and ev.action == "backspace":
            self.typed = self.typed[:-1]
            return None
        key = self.buttons.handle(ev)
        if key == "back":
            return Pop()
        if key == "forgot":
            self.show_forgot = True
            self._layout()
        elif key == "forgot_ok":
            self.show_forgot = False
            self._layout()
        elif key == "clear":
            self.typed = ""
        elif key == "delete":
            self.typed = self.typed[:-1]
        elif isinstance(key, tuple):
            return self.press(key[1], now)
        return None

    def press(self, digit: str, now: float) -> Transition:
        """One digit typed; the fourth one checks (or stores) the PIN."""
        self._load_tries(now)
        if self.locked_until is not None and now < self.locked_until:
            return None
        self.typed = (self.typed + digit)[:PIN_LEN]
        if len(self.typed) < PIN_LEN:
            return None
        pin, self.typed = self.typed, ""
        if self.mode == "set":
            self.first, self.mode, self.message = pin, "confirm", ""
            return None
        if self.mode == "confirm":
            if pin == self.first:
                self.ctx.db.set_pin(pin)
                return self._open()
            self.first, self.mode = "", "set"
            self.message = "The two PINs were different. Choose a PIN again."
            self._shake(now)
            return None
        if self.ctx.db.check_pin(pin):
            if self.wrong:
                self.wrong = 0
                self._store_tries(None)
            return self._open()
        self.wrong += 1
        self._shake(now)
        if self.wrong >= MAX_TRIES:
            self.wrong = 0
            self.locked_until = now + LOCK_S
            self.message = f"Too many tries. Please wait {LOCK_S:.0f} seconds."
            self._layout()
            self._store_tries(wall_now() + timedelta(seconds=LOCK_S))
        else:
            self._store_tries(None)
            left = MAX_TRIES - self.wrong
            self.message = f"That PIN is not right. Try again ({left} {'try' if left == 1 else 'tries'} left)."
        return None

    def _shake(self, now: float) -> None:
        self.shake_at = now
        self.ctx.sounds.play("try_again")

    def _open(self) -> Transition:
        self.ctx.sounds.play("chime")
        if self.change or self.then is None:
            return Pop("pin changed" if self.change else "opened")
        return Replace(self.then(self.ctx))

    # drawing --------------------------------------------------------------------------------
    @property
    def needs_redraw(self) -> bool:
        return self.locked_until is not None   # still, but for the rest's countdown

    def draw(self, surface: pygame.Surface) -> None:
        titles = {"set": ("Choose a PIN", "First visit: pick 4 digits that only the grown-ups know"),
                  "confirm": ("Type it again", "The same 4 digits once more, to be sure"),
                  "enter": ("Grown-ups only", "Type the 4-digit PIN to open the therapist area")}
        title, sub = titles[self.mode]
        if self.change and self.mode == "set":
            title, sub = "Choose a new PIN", "4 digits that only the grown-ups know"
        draw_header(surface, self.ctx, title, sub)
        lock = pygame.Rect(1160, 20, 72, 72)
        pygame.draw.circle(surface, theme.PRIMARY, lock.center, 36)
        draw_lock_icon(surface, lock.inflate(-24, -24), theme.WHITE)
        self._draw_dots(surface)
        self.buttons.draw(surface, self.ctx.fonts)
        if self.locked_until is not None:
            left = max(0, math.ceil(self.locked_until - self.now))
            draw_text(surface, f"Too many tries. The keypad rests for {left} s.", self.ctx.fonts, 24,
                      center=(640, 236), color=theme.INK_SOFT, bold=True)
        elif self.message:
            draw_text(surface, self.message, self.ctx.fonts, 24, center=(640, 236),
                      color=theme.mix(theme.GENTLE, theme.INK, 0.45), bold=True)
        if self.show_forgot:
            self._draw_forgot(surface)

    def _draw_dots(self, surface: pygame.Surface) -> None:
        dx = 0.0
        shaking = self.shake_at is not None and self.now - self.shake_at < SHAKE_S
        if shaking:
            t = self.now - self.shake_at  # type: ignore[operator]
            dx = 18 * math.sin(t * 2 * math.pi * 7) * (1 - t / SHAKE_S)
        for i in range(PIN_LEN):
            c = (round(640 + (i - 1.5) * 70 + dx), 170)
            filled = i < len(self.typed)
            pygame.draw.circle(surface, theme.PANEL, c, 24)
            pygame.draw.circle(surface, theme.GENTLE if shaking else theme.PRIMARY, c, 24, 4)
            if filled:
                pygame.draw.circle(surface, theme.PRIMARY, c, 15)

    def _draw_forgot(self, surface: pygame.Surface) -> None:
        shade = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
        shade.fill((*theme.INK, 120))
        surface.blit(shade, (0, 0))
        card = pygame.Rect(200, 130, 880, 500)
        draw_card(surface, card, False, False)
        draw_text(surface, "Forgot the PIN?", self.ctx.fonts, 40, center=(640, 180), bold=True)
        text = ("The PIN can be cleared on this computer from the command line, in the MotorPlay folder. "
                "It clears only the PIN: every child's records stay. The next grown-up to open the "
                "therapist area chooses a new PIN.")
        y = 225
        for line in wrap_text(text, self.ctx.fonts.get(26), card.w - 100):
            draw_text(surface, line, self.ctx.fonts, 26, topleft=(card.x + 50, y))
            y += 36
        cmd = pygame.Rect(card.x + 50, y + 14, card.w - 100, 72)
        pygame.draw.rect(surface, theme.INK, cmd, border_radius=14)
        draw_text(surface, RESET_COMMAND, self.ctx.fonts, 30, center=cmd.center, color=theme.WHITE, bold=True)
        for k, line in enumerate(("Installed with pip? Then: motorplay therapist reset-pin",
                                  "Records kept in another folder? Add --data-dir DIR")):
            draw_text(surface, line, self.ctx.fonts, 20, center=(640, cmd.bottom + 22 + k * 26),
                      color=theme.INK_SOFT)
        self.buttons.draw(surface, self.ctx.fonts)


def for_screenshot(ctx: AppContext, db: Database, child: Child, game: str) -> Scene:
    """The PIN door as a grown-up meets it, two digits typed."""
    return PinScene(ctx, typed="12")
