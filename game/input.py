"""The one input layer: pygame events in, timestamped play-unit InputEvents out.

Every event is stamped with time.perf_counter() when it is read; the app loop wakes when input
arrives and reads it again between the stages of a frame, so times are not rounded to the frame.
A table maps keys, mouse buttons and gamepad buttons to actions; touch fingers become
pointers 1, 2, ... so several fingers can be down at once; a palm resting on a touch screen is
dropped (game.guard.PalmFilter).
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from types import MappingProxyType
from typing import Callable, Mapping, Protocol, Sequence

import pygame

from game.events import Event
from game.guard import PalmFilter
from game.window import letterbox

MOUSE_POINTER = 0

KEY_ACTIONS: Mapping[int, str] = MappingProxyType({
    pygame.K_ESCAPE: "back",
    pygame.K_F11: "fullscreen",
    pygame.K_RETURN: "confirm",
    pygame.K_KP_ENTER: "confirm",
    pygame.K_SPACE: "confirm",
    pygame.K_LEFT: "left",
    pygame.K_RIGHT: "right",
    pygame.K_UP: "up",
    pygame.K_DOWN: "down",
    pygame.K_BACKSPACE: "backspace",
    pygame.K_f: "tap_left",
    pygame.K_j: "tap_right",
})

# Keys that still act while a scene takes typed text (a name, a note): they type nothing.
TYPING_KEYS = frozenset({pygame.K_ESCAPE, pygame.K_F11, pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_BACKSPACE,
                         pygame.K_LEFT, pygame.K_RIGHT, pygame.K_UP, pygame.K_DOWN})

PAD_BUTTON_ACTIONS: Mapping[int, str] = MappingProxyType({
    0: "confirm",      # A / cross
    1: "back",         # B / circle
    4: "tap_left",     # left shoulder
    5: "tap_right",    # right shoulder
    6: "back",         # back / select
    7: "back",         # start: pause
})

PAD_HAT_ACTIONS: Mapping[tuple[int, int], str] = MappingProxyType({(-1, 0): "left", (1, 0): "right", (0, 1): "up", (0, -1): "down"})


@dataclass(frozen=True, slots=True)
class InputEvent:
    """One input, in play units and perf_counter seconds (or a script's virtual seconds)."""

    t: float
    kind: str                 # pointer_down | pointer_move | pointer_up | action | text | stick | quit
    x: float = 0.0
    y: float = 0.0
    pointer: int = MOUSE_POINTER
    device: str = ""          # mouse | touch | key | pad | script
    button: int = 1           # mouse button: 1 left, 2 middle, 3 right
    action: str = ""
    pressed: bool = True      # actions: press (True) or release (False)
    text: str = ""
    value: float = 0.0        # stick: -1..1
    rel_t: float | None = None  # scripted events: their exact time from the attempt start


class InputSource(Protocol):
    def poll(self, now: float, scene: object) -> Sequence[InputEvent]: ...


class LiveInput:
    """Reads the pygame queue. Mouse positions already arrive in canvas units (SCALED display)."""

    def __init__(self, clock: Callable[[], float] = time.perf_counter,
                 window_size: Callable[[], tuple[int, int]] = lambda: pygame.display.get_window_size(),
                 key_actions: Mapping[int, str] = KEY_ACTIONS):
        self.clock = clock
        self.key_actions = key_actions
        self.window_size = window_size
        self.fingers: dict[int, int] = {}
        self.pads: dict[int, object] = {}
        self.mouse_down = False
        self.hats: dict[tuple[int, int], str] = {}   # (pad, hat) -> the direction held
        self.palms = PalmFilter()
        self.pending: list[tuple[pygame.event.Event, float]] = []   # read by read_now, not yet handed out
        self.events_read = 0   # every event read so far, any kind (the app redraws after input)

    def _finger_xy(self, ev: pygame.event.Event) -> tuple[float, float]:
        scale, ox, oy = letterbox(self.window_size())
        w, h = self.window_size()
        return round((ev.x * w - ox) / scale, 2), round((ev.y * h - oy) / scale, 2)

    def _finger_id(self, ev: pygame.event.Event, create: bool) -> int | None:
        key = (int(getattr(ev, "touch_id", 0)) << 32) ^ int(ev.finger_id)
        if key in self.fingers:
            return self.fingers[key]
        if not create:
            return None
        used = set(self.fingers.values())
        pid = next(i for i in range(1, 1000) if i not in used)
        self.fingers[key] = pid
        return pid

    def translate(self, ev: pygame.event.Event, t: float, typing: bool = False) -> InputEvent | None:
        """`typing`: the scene takes typed text, so keys that type (space, letters) are text, not actions."""
        et = ev.type
        if et == pygame.QUIT:
            return InputEvent(t, "quit")
        if et in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP, pygame.MOUSEMOTION):
            if getattr(ev, "touch", False):
                return None  # SDL's copy of a touch; the finger event is the real one
            x, y = round(float(ev.pos[0]), 2), round(float(ev.pos[1]), 2)
            if et == pygame.MOUSEMOTION:
                return InputEvent(t, "pointer_move", x, y, MOUSE_POINTER, "mouse", pressed=self.mouse_down)
            if ev.button not in (1, 2, 3):
                return None  # wheel on old SDLs
            down = et == pygame.MOUSEBUTTONDOWN
            if ev.button == 1:
                self.mouse_down = down
            return InputEvent(t, "pointer_down" if down else "pointer_up", x, y, MOUSE_POINTER, "mouse",
                              button=ev.button)
        if et in (pygame.FINGERDOWN, pygame.FINGERMOTION, pygame.FINGERUP):
            pid = self._finger_id(ev, create=et == pygame.FINGERDOWN)
            if pid is None:
                return None
            x, y = self._finger_xy(ev)
            if et == pygame.FINGERUP:
                self.fingers = {k: v for k, v in self.fingers.items() if v != pid}
            kind = {pygame.FINGERDOWN: "pointer_down", pygame.FINGERMOTION: "pointer_move",
                    pygame.FINGERUP: "pointer_up"}[et]
            return InputEvent(t, kind, x, y, pid, "touch")
        if et in (pygame.KEYDOWN, pygame.KEYUP):
            action = self.key_actions.get(ev.key)
            if action is None or (et == pygame.KEYDOWN and getattr(ev, "repeat", 0)):
                return None
            if typing and ev.key not in TYPING_KEYS:
                return None
            return InputEvent(t, "action", device="key", action=action, pressed=et == pygame.KEYDOWN)
        if et == pygame.TEXTINPUT:
            return InputEvent(t, "text", device="key", text=ev.text)
        if et in (pygame.JOYBUTTONDOWN, pygame.JOYBUTTONUP):
            action = PAD_BUTTON_ACTIONS.get(ev.button)
            if action is None:
                return None
            return InputEvent(t, "action", device="pad", action=action, pressed=et == pygame.JOYBUTTONDOWN)
        if et == pygame.JOYHATMOTION:
            # A release when the d-pad returns to centre, so held directions (catching) can stop.
            hat = (int(getattr(ev, "instance_id", 0)), int(getattr(ev, "hat", 0)))
            action = PAD_HAT_ACTIONS.get(tuple(ev.value))
            before = self.hats.pop(hat, None)
            if action:
                self.hats[hat] = action
                return InputEvent(t, "action", device="pad", action=action)
            return InputEvent(t, "action", device="pad", action=before, pressed=False) if before else None
        if et == pygame.JOYAXISMOTION and ev.axis == 0:
            value = float(ev.value)
            return InputEvent(t, "stick", device="pad", value=0.0 if abs(value) < 0.2 else value)
        if et == pygame.JOYDEVICEADDED:
            try:
                pad = pygame.joystick.Joystick(ev.device_index)
                self.pads[pad.get_instance_id()] = pad
            except pygame.error:
                pass
        if et == pygame.JOYDEVICEREMOVED:
            self.pads.pop(ev.instance_id, None)
        return None

    def read_now(self) -> None:
        """Take what is queued and stamp it now; the app calls this between the stages of a frame too,
        so input that came while a frame was drawn or presented waits no longer than that stage."""
        events = pygame.event.get()
        if events:
            t = self.clock()  # stamped when read
            self.pending.extend((ev, t) for ev in events)
            self.events_read += len(events)

    def poll(self, now: float, scene: object) -> list[InputEvent]:
        self.read_now()
        pending, self.pending = self.pending, []
        typing = bool(getattr(scene, "wants_text", False))
        out = []
        for ev, t in pending:
            ie = self.translate(ev, t, typing)
            if ie is not None:
                out.extend(self.palms.feed(ie))
        return out


def key_actions_for(tap_left_key: str = "f", tap_right_key: str = "j") -> dict[int, str]:
    """KEY_ACTIONS with the tapping keys from settings.toml (pygame key names) in place of F and J.

    A chosen key takes its tap action over whatever it did before (so "space" taps, no longer
    confirms); Escape stays "back" so a grown-up can always pause.
    """
    from game.errors import UserError

    table = {code: action for code, action in KEY_ACTIONS.items() if action not in ("tap_left", "tap_right")}
    for setting, name, action in (("tap_left_key", tap_left_key, "tap_left"),
                                  ("tap_right_key", tap_right_key, "tap_right")):
        try:
            code = pygame.key.key_code(name)
        except (ValueError, pygame.error):
            raise UserError(f"settings.toml: {setting}: unknown key name {name!r}; allowed: pygame key names "
                            "such as f, j, a, l, space, left shift") from None
        if code == pygame.K_ESCAPE:
            raise UserError(f"settings.toml: {setting}: escape is kept for pause; choose another key")
        table[code] = action
    if tap_left_key.lower() == tap_right_key.lower():
        raise UserError("settings.toml: tap_right_key: must differ from tap_left_key")
    return table


class ScriptedInput:
    """Feeds a recorded attempt's events to whichever scene is playing, at their own times.

    The scene says when its attempt started (`attempt_origin`, None between attempts) and
    which attempt it is (`attempt_serial`); the script is replayed from the start for every
    new attempt, so `attempts = 3` plays the same input three times.
    """

    def __init__(self, events: Sequence[Event], end_grace_s: float = 1.0):
        self.events = list(events)
        self.end_grace_s = end_grace_s
        self.serial: int | None = None
        self.index = 0
        self.stopped_for: int | None = None

    def poll(self, now: float, scene: object) -> list[InputEvent]:
        origin = getattr(scene, "attempt_origin", None)
        serial = getattr(scene, "attempt_serial", None)
        if origin is None or serial is None or getattr(scene, "showing_demo", False):
            return []   # between attempts, or a demonstration is playing: the script is for the attempt
        if serial != self.serial:
            self.serial, self.index = serial, 0
        out: list[InputEvent] = []
        while self.index < len(self.events) and origin + self.events[self.index].t <= now:
            ev = self.events[self.index]
            self.index += 1
            out.append(script_to_input(ev, origin))
        last = self.events[-1].t if self.events else 0.0
        # A scene whose attempts run a fixed time (tapping) is not stopped before that time is up.
        last = max(last, float(getattr(scene, "attempt_length_s", None) or 0.0))
        if self.index >= len(self.events) and now >= origin + last + self.end_grace_s \
                and self.stopped_for != serial:
            # The script is over and the attempt is still going: stop it, as a grown-up would.
            self.stopped_for = serial
            out.append(InputEvent(now, "action", device="script", action="stop"))
        return out


def script_to_input(ev: Event, origin: float) -> InputEvent:
    t = origin + ev.t
    if ev.type in ("down", "move", "up"):
        kind = {"down": "pointer_down", "move": "pointer_move", "up": "pointer_up"}[ev.type]
        return InputEvent(t, kind, float(ev.x or 0.0), float(ev.y or 0.0), ev.id or 0, "script",
                          pressed=ev.type != "up", rel_t=ev.t)
    if ev.type == "tap":
        return InputEvent(t, "action", device="script", action=f"tap_{ev.side}", rel_t=ev.t)
    return InputEvent(t, "action", device="script", action=str(ev.key), pressed=bool(ev.pressed), rel_t=ev.t)
