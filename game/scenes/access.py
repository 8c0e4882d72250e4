"""Motor access on every child screen, in one place: switch scanning, hold-to-choose, the child's volumes.

The layer sits between the app loop and the top scene (SceneStack.handle / update / draw) and works on
the scene's `buttons` (game.scenes.common.Buttons) with the scene's `access`: the AccessOptions of the
child the screen is for (game.records.access), None on the grown-ups' screens, which it leaves alone.
So the children, games, levels, play, pause and results screens all scan and hold the same way, and no
screen has scanning code of its own.

Scanning (switch access): the keyboard focus moves to each choice in turn, `switch_scan` seconds each,
from the first one whenever a screen comes on top. The switch is Space or Enter, a gamepad's A button,
or a mouse button pressed away from every button (a switch interface that clicks the mouse: park the
pointer in a free corner). A press picks the highlighted choice. A finger or the mouse on a choice
still picks that choice directly. On a play screen the only choice is pause; presses on the play area
belong to the game, so a switch press pauses and two switches sending the arrow keys move the basket.

Hold: a choice fires only once pressed for `hold_s` (a finger or the mouse on it, the switch, or Enter
on the focused one), a ring filling round it meanwhile; letting go early or sliding off picks nothing.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Hashable

import pygame

from game.input import InputEvent
from game.records.access import AccessOptions
from game.ui import theme
from game.ui.widgets import draw_ring

DEVICE = "access"          # the press the layer makes on a chosen button
POINTER = -1
SWITCH = ("switch", 0)     # a hold's source when it is the switch (or Enter), not a pointer
SLIDE_OFF = 24             # play units a held finger may stray past its button before the hold is dropped


@dataclass
class Hold:
    key: Hashable
    source: tuple[str, int]
    since: float


def choices(buttons: Any) -> list[int]:
    """The buttons a scan visits, in the screen's own order: enabled and focusable."""
    return [i for i, b in enumerate(buttons.items) if b.enabled and b.focusable]


class AccessLayer:
    """One per scene stack; see the module's text."""

    def __init__(self) -> None:
        self.seen: tuple[int, int] | None = None   # (scene, change serial) the scan last started for
        self.since = 0.0                            # when the scan last moved (or the screen came on top)
        self.focus: int | None = None               # where the scan last put the focus
        self.hold: Hold | None = None
        self.swallow: set[tuple[str, int]] = set()  # pointers whose press the layer took, until lifted
        self.now = 0.0

    @staticmethod
    def options(scene: Any) -> AccessOptions | None:
        return getattr(scene, "access", None)

    def _sync(self, scene: Any, change: tuple[int, float]) -> None:
        """A new screen on top (or the same one again after a pop): the scan starts over at its first choice."""
        key = (id(scene), change[0])
        if key == self.seen:
            return
        self.seen, self.since, self.hold, self.focus = key, change[1], None, None
        opts = self.options(scene)
        sounds = getattr(getattr(scene, "ctx", None), "sounds", None)
        if sounds is not None and hasattr(sounds, "set_volumes"):
            o = opts or AccessOptions()
            sounds.set_volumes(o.effects_volume / 100, o.metronome_volume / 100, o.mute)
        buttons = getattr(scene, "buttons", None)
        if opts is not None and opts.switch and buttons is not None:
            first = choices(buttons)
            buttons.focus = self.focus = first[0] if first else None

    # --- time -----------------------------------------------------------------------------------
    def update(self, scene: Any, dt: float, now: float, change: tuple[int, float]) -> Any:
        self.now = now
        self._sync(scene, change)
        opts = self.options(scene)
        if opts is not None and self.hold is not None and now - self.hold.since >= opts.hold_s - 1e-9:
            hold, self.hold = self.hold, None
            self.since = now
            if hold.source != SWITCH:
                self.swallow.add(hold.source)   # its release, later, belongs to nothing
            tr = self.activate(scene, hold.key, now)
            if tr is not None:
                return tr
        if opts is not None and opts.switch and self.hold is None:
            self._scan(scene, now, opts.switch_scan)
        return scene.update(dt, now)

    def _scan(self, scene: Any, now: float, pace: float) -> None:
        buttons = getattr(scene, "buttons", None)
        if buttons is None:
            return
        order = choices(buttons)
        if not order:
            return
        if buttons.focus not in order or buttons.focus != self.focus:
            # a new layout (another page) or the arrow keys moved the focus: the scan goes on from there
            buttons.focus = self.focus = buttons.focus if buttons.focus in order else order[0]
            self.since = now
            return
        while now - self.since >= pace - 1e-9:
            buttons.focus = self.focus = order[(order.index(buttons.focus) + 1) % len(order)]
            self.since += pace

    # --- input ----------------------------------------------------------------------------------
    def handle(self, scene: Any, ev: InputEvent, change: tuple[int, float]) -> Any:
        self._sync(scene, change)
        opts = self.options(scene)
        buttons = getattr(scene, "buttons", None)
        if opts is None or buttons is None or not (opts.switch or opts.hold) or ev.device in ("script", DEVICE):
            return scene.handle(ev, ev.t)
        if ev.kind.startswith("pointer_"):
            return self._pointer(scene, buttons, opts, ev)
        if ev.kind == "action" and ev.action == "confirm":
            if getattr(scene, "waiting_to_play", False):
                return scene.handle(ev, ev.t)     # a demonstration or a celebration: the switch goes on to play
            if ev.pressed and (opts.switch or buttons.focused_key is not None):
                return self._switch_down(scene, buttons, opts, SWITCH, ev.t)
            if not ev.pressed:
                if self.hold is not None and self.hold.source == SWITCH:
                    self._drop(ev.t)
                return None
        return scene.handle(ev, ev.t)

    def _pointer(self, scene: Any, buttons: Any, opts: AccessOptions, ev: InputEvent) -> Any:
        source = (ev.device, ev.pointer)
        if source in self.swallow:
            if ev.kind == "pointer_up":
                self.swallow.discard(source)
            return None
        if self.hold is not None and self.hold.source == source:
            held = next((b for b in buttons.items if b.key == self.hold.key), None)
            if ev.kind == "pointer_up":
                self._drop(ev.t)
            elif held is None or not held.rect.inflate(2 * SLIDE_OFF, 2 * SLIDE_OFF).collidepoint(ev.x, ev.y):
                self._drop(ev.t)            # slid away: nothing, and the rest of this press is nobody's
                self.swallow.add(source)
            return None
        if ev.kind != "pointer_down":
            return scene.handle(ev, ev.t)
        hit = buttons.at(ev.x, ev.y)
        if hit is not None and opts.hold:
            self.hold = Hold(hit.key, source, ev.t)
            return None
        if hit is None and opts.switch and ev.device == "mouse" and not scene.claims_press(ev):
            return self._switch_down(scene, buttons, opts, source, ev.t)
        return scene.handle(ev, ev.t)

    def _switch_down(self, scene: Any, buttons: Any, opts: AccessOptions, source: tuple[str, int], t: float) -> Any:
        key = buttons.focused_key
        if key is None:
            return None
        if opts.hold:
            self.hold = Hold(key, source, t)
            return None
        if source != SWITCH:
            self.swallow.add(source)
        return self.activate(scene, key, t)

    def _drop(self, t: float) -> None:
        """Let go before the hold was long enough: nothing is picked, and the scan carries on."""
        self.hold = None
        self.since = t

    def activate(self, scene: Any, key: Hashable, t: float) -> Any:
        """Pick the button `key` as a tap on it would: a press and a release at its centre."""
        buttons = scene.buttons
        button = next((b for b in buttons.items if b.key == key and b.enabled), None)
        if button is None:
            return None
        down = InputEvent(t, "pointer_down", float(button.rect.centerx), float(button.rect.centery), POINTER, DEVICE)
        tr = scene.handle(down, t)
        if tr is not None:
            return tr
        return scene.handle(dataclasses.replace(down, kind="pointer_up"), t)

    # --- drawing --------------------------------------------------------------------------------
    def draws_over(self, scene: Any) -> bool:
        """Whether draw() may put anything over `scene` (a scan ring, a hold ring): then it is drawn whole."""
        opts = self.options(scene)
        return opts is not None and getattr(scene, "buttons", None) is not None and (opts.switch or self.hold is not None)

    def draw(self, surface: pygame.Surface, scene: Any) -> None:
        opts = self.options(scene)
        buttons = getattr(scene, "buttons", None)
        if opts is None or buttons is None:
            return
        if opts.switch and buttons.focus is not None and buttons.focus < len(buttons.items):
            rect = buttons.items[buttons.focus].rect
            radius = min(min(rect.w, rect.h) // 3, 28) + 14   # round like the cards, the ring 11-17 units out
            pygame.draw.rect(surface, theme.INK, rect.inflate(34, 34), width=6, border_radius=radius)
            pygame.draw.rect(surface, theme.ACCENT, rect.inflate(22, 22), width=8, border_radius=radius)
        if self.hold is not None:
            held = next((b for b in buttons.items if b.key == self.hold.key), None)
            if held is not None:
                draw_hold_ring(surface, held.rect, (self.now - self.hold.since) / opts.hold_s)


def draw_hold_ring(surface: pygame.Surface, rect: pygame.Rect, frac: float) -> None:
    """The ring that fills while a choice is held: on a pale disc in the middle of the choice."""
    r = int(min(max(min(rect.w, rect.h) * 0.3, 30), 80))
    disc = pygame.Surface((2 * r + 40, 2 * r + 40), pygame.SRCALPHA)
    pygame.draw.circle(disc, (*theme.WHITE, 215), (r + 20, r + 20), r + 16)
    surface.blit(disc, disc.get_rect(center=rect.center))
    draw_ring(surface, rect.center, r, 1.0, theme.mix(theme.WHITE, theme.PANEL_EDGE, 0.8), 12)
    draw_ring(surface, rect.center, r, frac, theme.PRIMARY, 12)
