"""Screen size: a grown-up measures this display once with a bank card, so distances can be millimetres.

The outline is drawn a given number of real display pixels wide, whatever the window's size: the
canvas is scaled to the window (game/window.py), so the outline is that many pixels divided by the
window's pixels per play unit. When a card held against the screen matches it, the display has
(outline width in pixels) / 85.60 pixels per millimetre (game/metrics/millimetres.py); that is kept
in the records for this display (its name and desktop size, game/displays.py). Every attempt then
records its own mm per play unit from it and the window it was played in.
"""
from __future__ import annotations

import sqlite3

import pygame

from game.errors import UserError
from game.input import InputEvent
from game.metrics.millimetres import (
    CARD_H_MM,
    CARD_PX_RANGE,
    CARD_W_MM,
    canvas_scale,
    card_outline_units,
    px_per_mm,
)
from game.records.db import Child, Database
from game.records.rows import ScreenCalibration
from game.scenes.base import AppContext, Pop, Scene, Transition
from game.scenes.common import Buttons, pressed
from game.scenes.therapist_ui import (
    back_button,
    draw_header,
    draw_message,
    soft_button,
    text_button,
    when,
)
from game.ui import theme
from game.ui.widgets import draw_text, wrap_text

ANCHOR = (48, 150)                  # the outline's top-left corner, where the card's corner goes
ROOM = pygame.Rect(48, 150, 720, 540)   # the outline never leaves this
PANEL = pygame.Rect(800, 126, 456, 574)
HANDLE_R = 30                       # the round handle at the outline's bottom-right corner
STEPS = ((-10, "−10"), (-1, "−1"), (1, "+1"), (10, "+10"))
DEFAULT_DPI = 96.0                  # where a never-measured outline starts (the common desktop default)


def screen_words(measured: ScreenCalibration | None, others: list[ScreenCalibration], display_key: str) -> str:
    """What the therapist area says about this screen's measurement (empty: measured, nothing to do)."""
    if measured is not None:
        return ""
    if others:
        return "A different screen was measured, not this one: distances stay in play units until it is."
    return "This screen is not measured yet: distances stay in play units until it is."


def screen_state(ctx: AppContext) -> tuple[str, ScreenCalibration | None, list[ScreenCalibration]]:
    """(this display's key, its measurement or None, every display measured) from the records."""
    display = ctx.current_display()
    key = display.key if display is not None else ""
    try:
        others = ctx.db.calibrations()
    except (AttributeError, UserError, sqlite3.Error):
        others = []
    measured = next((c for c in others if c.display == key), None)
    return key, measured, [c for c in others if c.display != key]


class ScreenSizeScene(Scene):
    """Drag the outline (or -/+, or the arrow keys) until it matches a bank card held on the screen."""

    def __init__(self, ctx: AppContext):
        super().__init__(ctx)
        display = ctx.current_display()
        self.display = display
        self.key, self.measured, self.others = screen_state(ctx)
        self.card_px = self.measured.card_px if self.measured is not None else DEFAULT_DPI / 25.4 * CARD_W_MM
        self.saved = self.measured is not None
        self.dragging: int | None = None      # the pointer dragging the outline's corner
        self.message = ""
        self.good = True
        self.buttons = Buttons()
        self._layout()

    # --- geometry ------------------------------------------------------------------------------
    @property
    def window(self) -> tuple[int, int]:
        w, h = self.ctx.screen_size()
        return int(w), int(h)

    def card_limits(self) -> tuple[float, float]:
        """The outline's width in display pixels: what a grown-up may set, and what fits its room here."""
        scale = canvas_scale(self.window)
        fits = min(ROOM.w, ROOM.h * CARD_W_MM / CARD_H_MM) * scale
        return CARD_PX_RANGE[0], max(CARD_PX_RANGE[0], min(CARD_PX_RANGE[1], fits))

    def set_card(self, px: float) -> None:
        lo, hi = self.card_limits()
        new = min(max(px, lo), hi)
        if new != self.card_px:
            self.card_px = new
            self.saved = False
            self.message = ""

    def outline(self) -> pygame.Rect:
        w, h = card_outline_units(self.card_px, self.window)
        return pygame.Rect(ANCHOR[0], ANCHOR[1], round(w), round(h))

    # --- input ---------------------------------------------------------------------------------
    def _layout(self) -> None:
        b = self.buttons
        b.clear()
        b.add(back_button())
        x = PANEL.x + 20
        for step, label in STEPS:
            b.add(soft_button(("step", step), (x, PANEL.y + 322, 96 if abs(step) == 10 else 88, 64), label))
            x += (96 if abs(step) == 10 else 88) + 12
        b.add(text_button("save", (PANEL.x + 20, PANEL.bottom - 84, PANEL.w - 40, 64), "Save for this screen",
                          theme.SUCCESS))

    def handle(self, ev: InputEvent, now: float) -> Transition:
        if ev.kind == "action" and ev.pressed and ev.action in ("left", "right", "up", "down"):
            self.set_card(self.card_px + {"left": -1, "right": 1, "down": -10, "up": 10}[ev.action])
            return None
        if ev.kind == "action" and ev.pressed and ev.action == "confirm":
            self.save()
            return None
        if ev.kind == "pointer_down" and self.buttons.at(ev.x, ev.y) is None and self._near_outline(ev.x, ev.y):
            self.dragging = ev.pointer
            self._drag_to(ev.x)
            return None
        if self.dragging is not None and ev.pointer == self.dragging:
            if ev.kind == "pointer_move":
                self._drag_to(ev.x)
                return None
            if ev.kind == "pointer_up":
                self._drag_to(ev.x)
                self.dragging = None
                return None
        key = pressed(self.buttons, ev)
        if key == "back":
            return Pop()
        if isinstance(key, tuple) and key[0] == "step":
            self.set_card(self.card_px + key[1])
        elif key == "save":
            self.save()
        return None

    def _near_outline(self, x: float, y: float) -> bool:
        """Down on the handle, or anywhere in the outline's room: the right edge follows the finger."""
        r = self.outline()
        return ROOM.inflate(HANDLE_R * 2, HANDLE_R * 2).collidepoint(x, y) or \
            (abs(x - r.right) <= 40 and abs(y - r.bottom) <= 40)

    def _drag_to(self, x: float) -> None:
        """The outline's right edge at the pointer (x in play units), so its width in display pixels follows."""
        self.set_card((x - ANCHOR[0]) * canvas_scale(self.window))

    def save(self) -> None:
        display = self.display
        if display is None or not self.key:
            self.message, self.good = "This computer does not say which screen this is, so nothing was saved.", False
            return
        try:
            self.measured = self.ctx.db.set_calibration(self.key, display.name, display.desktop, self.card_px)
        except UserError as exc:
            self.message, self.good = str(exc), False
            return
        self.saved = True
        mm_unit = canvas_scale(self.window) / self.measured.px_per_mm
        self.message, self.good = (f"Saved: {self.measured.px_per_mm:.2f} pixels per mm on this screen. In this "
                                   f"window 1 play unit is {mm_unit:.3f} mm."), True

    # --- drawing -------------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        draw_header(surface, self.ctx, "Screen size",
                    "Once per screen: a bank card gives distances in millimetres", right=1244)
        self._draw_card(surface)
        self._draw_panel(surface)
        self.buttons.draw(surface, self.ctx.fonts)
        draw_message(surface, self.ctx, self.message, good=self.good,
                     rect=pygame.Rect(PANEL.x + 14, PANEL.bottom - 152, PANEL.w - 28, 60))

    def _draw_card(self, surface: pygame.Surface) -> None:
        r = self.outline()
        radius = max(4, round(r.w * 3.18 / CARD_W_MM))    # an ID-1 card's corners: 3.18 mm
        pygame.draw.rect(surface, theme.mix(theme.PANEL, theme.OI_SKY_BLUE, 0.18), r, border_radius=radius)
        stripe = pygame.Rect(r.x, r.y + round(r.h * 0.12), r.w, max(3, round(r.h * 0.16)))
        pygame.draw.rect(surface, theme.mix(theme.PANEL, theme.INK_SOFT, 0.18), stripe)
        pygame.draw.rect(surface, theme.PRIMARY, r, 3, border_radius=radius)
        # The corner the card goes into (an orange bracket just outside it), and the handle that moves the
        # opposite corner: a round button with a left-right arrow, since only the width is matched.
        pygame.draw.lines(surface, theme.OI_VERMILLION, False,
                          [(r.x - 5, r.y + 44), (r.x - 5, r.y - 5), (r.x + 44, r.y - 5)], 6)
        cx, cy = r.bottomright
        pygame.draw.circle(surface, theme.PRIMARY, (cx, cy), HANDLE_R)
        pygame.draw.circle(surface, theme.WHITE, (cx, cy), HANDLE_R, 4)
        pygame.draw.line(surface, theme.WHITE, (cx - 14, cy), (cx + 14, cy), 4)
        for side in (-1, 1):
            tip = cx + side * 17
            pygame.draw.polygon(surface, theme.WHITE, [(tip, cy), (tip - side * 9, cy - 8), (tip - side * 9, cy + 8)])
        if r.w >= 260:
            draw_text(surface, "bank card", self.ctx.fonts, 24, center=(r.centerx, r.y + r.h * 0.55),
                      color=theme.INK_SOFT, bold=True)
            draw_text(surface, f"{CARD_W_MM:.2f} × {CARD_H_MM:.2f} mm", self.ctx.fonts, 18,
                      center=(r.centerx, r.y + r.h * 0.55 + 30), color=theme.INK_SOFT)

    def _draw_panel(self, surface: pygame.Surface) -> None:
        fonts = self.ctx.fonts
        pygame.draw.rect(surface, theme.PANEL, PANEL, border_radius=20)
        pygame.draw.rect(surface, theme.PANEL_EDGE, PANEL, 2, border_radius=20)
        x, y, w = PANEL.x + 20, PANEL.y + 16, PANEL.w - 40
        steps = ("Hold a bank card (or any card of that size: a driving licence, a library card) flat on the "
                 "screen, its top-left corner in the orange corner.",
                 "Drag the round handle, or use − and +, until the outline's right edge meets the card's. "
                 "Arrow keys: ← → 1 pixel, ↑ ↓ 10; Enter saves.")
        for text in steps:
            for line in wrap_text(text, fonts.get(19), w):
                draw_text(surface, line, fonts, 19, topleft=(x, y))
                y += 25
            y += 8
        if self.measured is not None and self.saved:
            status, color = f"Measured {when(self.measured.measured_at)}.", theme.SUCCESS
        elif self.measured is not None:
            status, color = "Changed, not saved yet.", theme.GENTLE
        elif self.others:
            status, color = (f"Measured before on another screen ({self.others[0].display}); this one needs its "
                             "own measurement. Until then distances stay in play units."), theme.GENTLE
        else:
            status, color = "Not measured yet: until then distances stay in play units.", theme.GENTLE
        for line in wrap_text(status, fonts.get(18, True), w)[:3]:
            draw_text(surface, line, fonts, 18, topleft=(x, y), bold=True, color=theme.mix(color, theme.INK, 0.45))
            y += 23
        ppm = px_per_mm(self.card_px)
        mm_unit = canvas_scale(self.window) / ppm
        draw_text(surface, f"Outline: {self.card_px:.0f} pixels wide = {ppm:.2f} pixels per mm", fonts, 19,
                  topleft=(x, PANEL.y + 262), bold=True)
        draw_text(surface, f"This window: 1 play unit = {mm_unit:.3f} mm", fonts, 19, topleft=(x, PANEL.y + 288))
        draw_text(surface, f"Screen: {self.key or 'unknown'}", fonts, 16, topleft=(x, PANEL.y + 400),
                  color=theme.INK_SOFT)


def for_screenshot(ctx: AppContext, db: Database, child: Child, game: str) -> Scene:
    return ScreenSizeScene(ctx)
