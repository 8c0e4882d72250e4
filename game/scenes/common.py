"""Buttons that work the same with a finger, a mouse, a pen, the keyboard and a gamepad."""
from __future__ import annotations

import math
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable, Hashable, Iterator

import pygame

from game.input import InputEvent
from game.ui import theme
from game.ui.widgets import draw_button, draw_home_icon, draw_text

Icon = Callable[[pygame.Surface, pygame.Rect], None]


@dataclass
class Button:
    key: Hashable
    rect: pygame.Rect
    label: str = ""
    color: theme.Color = theme.PRIMARY
    text_color: theme.Color = theme.WHITE
    icon: Icon | None = None
    enabled: bool = True
    draw_fn: Callable[[pygame.Surface, "Button", bool, bool], None] | None = None  # (surface, button, pressed, focused)
    focusable: bool = True    # False: for the pointer only, arrow keys pass it by (the -/+ beside a focusable row)
    on_step: Callable[[int], None] | None = None   # left/right on this focused button call it (-1/+1), not move focus
    on_drag: Callable[[float, float], None] | None = None  # pointer down on it, and moves while held (a slider)


class Buttons:
    """Hit-testing, press feedback and keyboard focus for a screen's buttons.

    A button fires when the pointer goes up on the button it went down on, so a child who
    slides off changes their mind without penalty. A button with `on_drag` (a slider) also
    follows the pointer while it is held; one with `on_step` takes left/right while focused,
    so a screen of value rows is up/down between rows and left/right to change one.
    """

    def __init__(self) -> None:
        self.items: list[Button] = []
        self.pressed: Hashable | None = None
        self.focus: int | None = None
        self.drag_pointer: int | None = None

    def clear(self) -> None:
        self.items = []
        self.pressed = None
        self.focus = None
        self.drag_pointer = None

    @property
    def focused_key(self) -> Hashable | None:
        if self.focus is None or self.focus >= len(self.items):
            return None
        return self.items[self.focus].key

    def focus_on(self, key: Hashable | None) -> None:
        """Put the keyboard focus on the button with this key (none if it is not there)."""
        self.focus = next((i for i, b in enumerate(self.items) if b.key == key), None) if key is not None else None

    @contextmanager
    def rebuilding(self) -> Iterator[Buttons]:
        """Lay the buttons out again (rows moved) keeping the focus and a press or drag on the same keys."""
        focus, pressed, drag = self.focused_key, self.pressed, self.drag_pointer
        self.items = []
        yield self
        self.focus_on(focus)
        self.pressed, self.drag_pointer = pressed, drag

    def _find(self, key: Hashable | None) -> Button | None:
        return next((b for b in self.items if b.key == key), None) if key is not None else None

    def add(self, button: Button) -> Button:
        self.items.append(button)
        return button

    def at(self, x: float, y: float) -> Button | None:
        for b in reversed(self.items):
            if b.enabled and b.rect.collidepoint(x, y):
                return b
        return None

    def handle(self, ev: InputEvent) -> Hashable | None:
        if ev.kind == "pointer_down":
            hit = self.at(ev.x, ev.y)
            self.pressed = hit.key if hit else None
            self.drag_pointer = ev.pointer if hit is not None and hit.on_drag is not None else None
            if hit is not None and hit.on_drag is not None:
                hit.on_drag(ev.x, ev.y)
            return None
        if ev.kind == "pointer_move":
            held = self._find(self.pressed)
            if held is not None and held.on_drag is not None and ev.pointer == self.drag_pointer:
                held.on_drag(ev.x, ev.y)
            return None
        if ev.kind == "pointer_up":
            hit = self.at(ev.x, ev.y)
            fired = hit.key if hit is not None and hit.key == self.pressed else None
            self.pressed = None
            self.drag_pointer = None
            return fired
        if ev.kind == "action" and ev.pressed and self.items:
            enabled = [i for i, b in enumerate(self.items) if b.enabled and b.focusable]
            if not enabled:
                return None
            current = self.items[self.focus] if self.focus in enabled else None
            if ev.action in ("left", "right") and current is not None and current.on_step is not None:
                current.on_step(1 if ev.action == "right" else -1)
                return None
            if ev.action in ("left", "up", "right", "down"):
                if self.focus not in enabled:
                    self.focus = enabled[0]
                else:
                    step = 1 if ev.action in ("right", "down") else -1
                    pos = enabled.index(self.focus)
                    self.focus = enabled[(pos + step) % len(enabled)]
                return None
            if ev.action == "confirm" and self.focus is not None and self.focus < len(self.items):
                return self.items[self.focus].key
        return None

    def look(self) -> tuple:
        """What draw() shows, as a value that changes whenever its pixels would (Scene.regions)."""
        return self.pressed, self.focus, tuple((b.key, tuple(b.rect), b.label, b.enabled, b.color) for b in self.items)

    def bounds(self) -> pygame.Rect:
        """Where draw() paints: the buttons with their focus rings, shadows and pressed offset."""
        if not self.items:
            return pygame.Rect(0, 0, 0, 0)
        return self.items[0].rect.unionall([b.rect for b in self.items[1:]]).inflate(40, 40)

    def draw(self, surface: pygame.Surface, fonts) -> None:
        for i, b in enumerate(self.items):
            pressed = b.key == self.pressed
            focused = i == self.focus
            if focused:
                pygame.draw.rect(surface, theme.ACCENT, b.rect.inflate(16, 16), width=6,
                                 border_radius=max(12, min(b.rect.w, b.rect.h) // 3 + 8))
            if b.draw_fn is not None:
                b.draw_fn(surface, b, pressed, focused)
            else:
                draw_button(surface, b.rect, b.label, fonts, color=b.color, text_color=b.text_color,
                            icon=b.icon, enabled=b.enabled, pressed=pressed)


def pressed(buttons: Buttons, ev: InputEvent) -> Hashable | None:
    """The button this input fires; Esc (or a pad's B) counts as the screen's "back" button."""
    if ev.kind == "action" and ev.pressed and ev.action == "back":
        return "back"
    return buttons.handle(ev)


def icon_button(key: Hashable, center: tuple[int, int], icon: Icon, color: theme.Color = theme.PRIMARY,
                size: int = 96) -> Button:
    rect = pygame.Rect(0, 0, size, size)
    rect.center = center
    return Button(key, rect, "", color, icon=icon)


def grid_rects(count: int, cols: int, size: tuple[int, int], gap: int, top: int,
               width: int = theme.CANVAS_SIZE[0]) -> list[pygame.Rect]:
    """Cards laid out in rows, each row centred."""
    rects = []
    for i in range(count):
        row, col = divmod(i, cols)
        in_row = min(cols, count - row * cols)
        row_w = in_row * size[0] + (in_row - 1) * gap
        x = (width - row_w) // 2 + col * (size[0] + gap)
        rects.append(pygame.Rect(x, top + row * (size[1] + gap), *size))
    return rects


def fit_grid(count: int, size: tuple[int, int], gap: int, area: pygame.Rect,
             most: float) -> tuple[list[pygame.Rect], float]:
    """Cards up to `most` times `size` (larger targets), in centred rows inside `area`: the number of columns
    that lets them be largest. Returns the rects and the scale they got (less than `most` where a long list
    leaves no room)."""
    best = (0.0, 1)
    for cols in range(1, max(count, 1) + 1):
        rows = math.ceil(count / cols)
        s = min(most, (area.w - (cols - 1) * gap) / (cols * size[0]), (area.h - (rows - 1) * gap) / (rows * size[1]))
        if s > best[0] + 1e-9:
            best = (s, cols)
    scale, cols = best
    w, h = round(size[0] * scale), round(size[1] * scale)
    rows = math.ceil(count / cols)
    top = area.y + (area.h - rows * h - (rows - 1) * gap) // 2
    return grid_rects(count, cols, (w, h), gap, top), scale


def home_button(access) -> Button:
    """The child's way back (a house), top left: 88 units, or 120 with larger targets (as big as fits beside
    the greeting)."""
    if access is not None and access.larger_targets:
        return icon_button("back", (76, 72), lambda s, r: draw_home_icon(s, r, theme.INK), theme.SECONDARY, 120)
    return icon_button("back", (80, 70), lambda s, r: draw_home_icon(s, r, theme.INK), theme.SECONDARY, 88)


# soft dots make the cream page feel like paper, without drawing the eye (worked out once: every screen
# draws them every frame)
PAPER_DOT = theme.mix(theme.BACKGROUND, theme.PANEL_EDGE, 0.35)
PAPER_DOTS = tuple((i + 20, j + 20) for i in range(0, 1280, 80) for j in range(40 if (i // 80) % 2 else 0, 720, 80))


def draw_background(surface: pygame.Surface) -> None:
    surface.fill(theme.BACKGROUND)
    circle = pygame.draw.circle
    for at in PAPER_DOTS:
        circle(surface, PAPER_DOT, at, 3)


def draw_card(surface: pygame.Surface, rect: pygame.Rect, pressed: bool, focused: bool,
              fill: theme.Color = theme.PANEL) -> pygame.Rect:
    """A white rounded card with a shadow; returns the face rect (sinks when pressed)."""
    face = rect.move(0, 4 if pressed else 0)
    shadow = pygame.Surface(rect.size, pygame.SRCALPHA)
    pygame.draw.rect(shadow, (*theme.SHADOW, 45), shadow.get_rect(), border_radius=28)
    surface.blit(shadow, rect.move(0, 6))
    pygame.draw.rect(surface, fill, face, border_radius=28)
    pygame.draw.rect(surface, theme.PANEL_EDGE, face, width=3, border_radius=28)
    return face


def game_views(game: str):
    """The module that draws a game outside its scene (picture, thumbnail, editor preview).

    Named in the game's definition and imported only here, by scenes, so the pure side never
    imports the display.
    """
    import importlib

    from game.games import GAMES

    return importlib.import_module(GAMES[game].views)


def draw_game_picture(surface: pygame.Surface, game: str, rect: pygame.Rect) -> None:
    """A picture that says what the game is (a path and pencil, a basket, two drums): the game draws it."""
    game_views(game).picture(surface, rect)


def draw_plan_ribbon(surface: pygame.Surface, face: pygame.Rect, number: int, fonts, fill=theme.ACCENT, *,
                     right: bool = False) -> None:
    """A bookmark ribbon with a plan position: the therapist's plan, in order (a shape, not colour alone).

    At the card's top left, or its top right (`right`) where the card's own number is at the left."""
    w, h = 46, 58
    x, y = (face.right - 8 - w if right else face.x + 8), face.y - 8
    pts = [(x, y), (x + w, y), (x + w, y + h), (x + w // 2, y + h - 14), (x, y + h)]
    pygame.draw.polygon(surface, fill, pts)
    pygame.draw.polygon(surface, theme.INK, pts, 3)
    draw_text(surface, str(number), fonts, 26, center=(x + w // 2, y + 24), bold=True, color=theme.INK)
