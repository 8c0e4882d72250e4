"""This computer's settings (settings.toml): sound, audio latency (and Sound timing), the drum keys, the PIN.

Every change is validated with game.settings.Settings and written at once; ctx.settings is
replaced so the running app uses it (new drum keys from the next start).
"""
from __future__ import annotations

from types import MappingProxyType
from typing import Any

import pygame

from game.errors import UserError
from game.input import InputEvent
from game.scenes.base import AppContext, Pop, Push, Scene, Transition
from game.scenes.common import Buttons, draw_card
from game.scenes.therapist_ui import (
    add_tabs,
    back_button,
    draw_header,
    draw_message,
    draw_value_box,
    soft_button,
    text_button,
)
from game.settings import SETTINGS_NAME, Settings, save_settings
from game.ui import theme
from game.ui.widgets import draw_text, wrap_text

LATENCY_STEPS = (("lat", -10), ("lat", -1), ("lat", 1), ("lat", 10))
KEY_NAMES = MappingProxyType({" ": "space"})


def key_name(text: str) -> str | None:
    """The pygame key name for a typed character ("F" -> "f", " " -> "space"), or None."""
    if not text:
        return None
    ch = text[0]
    name = KEY_NAMES.get(ch, ch.lower())
    try:
        pygame.key.key_code(name)
    except (ValueError, pygame.error):
        return None
    return name


class SettingsScene(Scene):
    def __init__(self, ctx: AppContext):
        super().__init__(ctx)
        self.settings: Settings = ctx.settings if isinstance(ctx.settings, Settings) else Settings()
        self.capturing: str | None = None     # "tap_left_key" / "tap_right_key" while waiting for a key
        self.message = ""
        self.good = True
        self.buttons = Buttons()
        self.latency_box = pygame.Rect(0, 0, 0, 0)
        self.measured_ms = self._measured()
        self._layout()

    def _measured(self) -> float:
        """What attempts use when no number is typed: this output's latest Sound timing measurement, or 0."""
        sounds = self.ctx.sounds
        cal = self.ctx.db.sound_calibration(sounds.device) if sounds.available else None
        return cal.delay_ms if cal is not None else 0.0

    @property
    def folder(self):
        return self.ctx.db.path.parent

    def _layout(self) -> None:
        b = self.buttons
        b.clear()
        b.add(back_button())
        if self.capturing:
            b.add(soft_button("cancel", (520, 470, 240, 72), "Cancel"))
            return
        add_tabs(b, "sound", [(False, "Off"), (True, "On")], lambda: self.settings.sound, 420, 132, 360, self.ctx)
        x = 420
        for key, w in zip(LATENCY_STEPS, (88, 72, 72, 88)):
            if key[1] == 1:
                self.latency_box = pygame.Rect(x, 226, 200, 72)
                x += 208
            b.add(soft_button(key, (x, 226, w, 72), f"{key[1]:+d}"))
            x += w + 8
        b.add(text_button("sound_timing", (990, 226, 250, 72), "Sound timing"))
        b.add(soft_button(("key", "tap_left_key"), (640, 380, 200, 72), "Change"))
        b.add(soft_button(("key", "tap_right_key"), (640, 464, 200, 72), "Change"))
        b.add(text_button("pin", (420, 560, 300, 72), "Change PIN"))

    def exit(self, now: float) -> None:
        if self.capturing:
            pygame.key.stop_text_input()

    def handle(self, ev: InputEvent, now: float) -> Transition:
        if self.capturing and ev.kind == "text":
            name = key_name(ev.text)
            if name is None:
                self.message, self.good = f"{ev.text!r} cannot be used as a drum key; try a letter.", False
            else:
                self.save(**{self.capturing: name})
            self._stop_capture()
            return None
        if ev.kind == "action" and ev.pressed and ev.action == "back":
            if self.capturing:
                self._stop_capture()
                return None
            return Pop()
        key = self.buttons.handle(ev)
        if key == "back":
            return Pop()
        if key == "cancel":
            self._stop_capture()
        elif key == "pin":
            from game.scenes.pin import PinScene

            return Push(PinScene(self.ctx, change=True))
        elif key == "sound_timing":
            from game.scenes.sound_timing import SoundTimingScene

            return Push(SoundTimingScene(self.ctx))
        elif isinstance(key, tuple) and key[0] == "sound":
            self.save(sound=key[1])
        elif isinstance(key, tuple) and key[0] == "lat":
            # Not set yet: step from the value attempts use now (the Sound timing measurement, or 0).
            base = self.settings.audio_latency_ms
            base = self.measured_ms if base is None else base
            value = min(500.0, max(0.0, round(base) + key[1]))
            self.save(audio_latency_ms=float(value))
        elif isinstance(key, tuple) and key[0] == "key":
            self.capturing = key[1]   # the next typed character becomes the key
            self.message = ""
            pygame.key.start_text_input()
            self._layout()
        return None

    def _stop_capture(self) -> None:
        self.capturing = None
        pygame.key.stop_text_input()
        self._layout()

    def resume(self, result, now: float) -> Transition:
        if isinstance(self.ctx.settings, Settings):   # the Sound timing screen may have cleared the override
            self.settings = self.ctx.settings
        self.measured_ms = self._measured()
        if result == "pin changed":
            self.message, self.good = "The new PIN is saved.", True
        return None

    def save(self, **changes: Any) -> bool:
        """Validate and write settings.toml, then use the new settings in this run."""
        values = dict(self.settings.model_dump(), **changes)
        try:
            if {"tap_left_key", "tap_right_key"} & set(changes):
                from game.input import key_actions_for

                key_actions_for(values["tap_left_key"], values["tap_right_key"])
            path = save_settings(self.folder, values)
        except UserError as exc:
            self.message, self.good = str(exc), False
            self.ctx.sounds.play("try_again")
            return False
        self.settings = Settings.model_validate(values)
        self.ctx.settings = self.settings
        if "sound" in changes:
            from game.ui.audio import Sounds

            self.ctx.sounds = Sounds(enabled=self.settings.sound and not self.ctx.headless)
        extra = " New drum keys work from the next start of MotorPlay." if \
            {"tap_left_key", "tap_right_key"} & set(changes) else ""
        self.message, self.good = f"Saved to {path}.{extra}", True
        return True

    def draw(self, surface: pygame.Surface) -> None:
        s = self.settings
        draw_header(surface, self.ctx, "Settings", f"For this computer: kept in {SETTINGS_NAME} beside the records")
        rows = (("Sound", 150), ("Audio latency", 244), ("Left drum key", 398), ("Right drum key", 482),
                ("Therapist PIN", 578))
        for text, y in rows:
            draw_text(surface, text, self.ctx.fonts, 28, topleft=(40, y), bold=True)
        if not self.capturing:
            self.buttons.draw(surface, self.ctx.fonts)
            draw_value_box(surface, self.ctx, self.latency_box,
                           "measured" if s.audio_latency_ms is None else f"{s.audio_latency_ms:g} ms")
            for key, y in (("tap_left_key", 380), ("tap_right_key", 464)):
                box = pygame.Rect(420, y, 200, 72)
                draw_value_box(surface, self.ctx, box, getattr(s, key))
            font = self.ctx.fonts.get(19)
            help_text = ("Drums: from a click played to it heard (speakers, Bluetooth); results are corrected by it. "
                         f"\"measured\": Sound timing's value for this output, {self.measured_ms:g} ms. A number "
                         "typed here overrides it.")
            for k, line in enumerate(wrap_text(help_text, font, 820)[:2]):
                draw_text(surface, line, self.ctx.fonts, 19, topleft=(420, 306 + k * 24), color=theme.INK_SOFT)
            help_keys = ("The keyboard keys for the two drums in the tapping game. Escape always pauses. "
                         "New keys work from the next start.")
            for k, line in enumerate(wrap_text(help_keys, font, 380)):
                draw_text(surface, line, self.ctx.fonts, 19, topleft=(870, 396 + k * 24), color=theme.INK_SOFT)
            draw_text(surface, "Forgotten? python3 run.py therapist reset-pin", self.ctx.fonts, 19,
                      topleft=(740, 586), color=theme.INK_SOFT)
        else:
            self.buttons.draw(surface, self.ctx.fonts)
            card = pygame.Rect(240, 250, 800, 320)
            draw_card(surface, card, False, False)
            side = "left" if self.capturing == "tap_left_key" else "right"
            draw_text(surface, f"Press the key for the {side} drum", self.ctx.fonts, 40, center=(640, 320), bold=True)
            draw_text(surface, "a letter, a digit or the space bar · Escape cancels", self.ctx.fonts, 24,
                      center=(640, 380), color=theme.INK_SOFT)
        draw_message(surface, self.ctx, self.message, good=self.good)
