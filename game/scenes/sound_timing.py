"""Sound timing (therapist area, from Settings): how late this computer's clicks are heard, measured.

Two ways (game/sound/calibration.py does the sums): play clicks and find them in what the
microphone hears; or, without one, a grown-up taps along to clicks and then to flashes. The
screen shows every value measured, its median and spread, and refuses a noisy result saying
why. An accepted one is stored for this output device with its date, and the drums game corrects
its asynchronies by it from the next attempt on (unless settings.toml's audio_latency_ms, the
hand-typed override, is set: the screen says so and can clear it).

Times are the app loop's clock (`now`, time.perf_counter when live), as the drums game's are:
a click is scheduled when its stream is started from tick(now), a tap is stamped when read, a
flash is timed from the first frame that showed it.
"""
from __future__ import annotations

from typing import Sequence

import pygame

from game.errors import UserError
from game.input import InputEvent
from game.scenes.base import AppContext, Pop, Scene, Transition
from game.scenes.common import Buttons, draw_card
from game.scenes.therapist_ui import (
    back_button,
    draw_header,
    draw_message,
    soft_button,
    text_button,
    when,
)
from game.sound.calibration import MAX_IQR_MS, DelayEstimate, from_recording, from_taps
from game.ui import theme
from game.ui.widgets import draw_text, fit, wrap_text

MIC_CLICKS, MIC_INTERVAL_S, MIC_TAIL_S = 12, 0.8, 0.8   # clicks played; time between; listening after the last
TAP_BEATS, TAP_INTERVAL_S = 16, 0.75                    # clicks (then flashes) to tap along to, at 80 a minute
LEAD_S = 1.0            # from pressing a button to the first click or flash
FLASH_S = 0.12          # a flash stays lit this long
TAP_ACTIONS = ("confirm", "tap_left", "tap_right")
STAGE = pygame.Rect(40, 130, 1200, 500)
LABELS = {"microphone": "microphone", "taps": "tapping along"}


class SoundTimingScene(Scene):
    def __init__(self, ctx: AppContext):
        super().__init__(ctx)
        self.phase = "home"          # home, mic, clicks, flashes, result
        self.now = 0.0
        self.start: float | None = None    # loop time the running phase's first beat is due from (set at tick)
        self.beats: list[float] = []        # loop times of this phase's clicks or flashes
        self.taps: list[float] = []
        self.shown: dict[int, float] = {}   # flash index -> time of the first frame that showed it
        self.heard: tuple[list[float], list[float]] = ([], [])   # the click half: beats, taps
        self.estimate: DelayEstimate | None = None
        self.message, self.good = "", True
        self.buttons = Buttons()
        self._layout()

    def _layout(self) -> None:
        """The buttons for the phase; also what is stored and used now (read here, not every frame)."""
        self.stored = self.ctx.db.sound_calibration(self.ctx.sounds.device) if self.ctx.sounds.available else None
        self.used = self.ctx.audio_latency()
        self.mic = self.ctx.sounds.microphone()
        b = self.buttons
        b.clear()
        b.add(back_button())
        sounds = self.ctx.sounds
        if self.phase == "home":
            b.add(text_button("mic", (680, 272, 520, 72), "Measure with a microphone",
                              enabled=self.mic is not None))
            b.add(text_button("taps", (680, 458, 520, 72), "Measure by tapping along", enabled=sounds.available))
            if getattr(self.ctx.settings, "audio_latency_ms", None) is not None:
                b.add(soft_button("auto", (80, 540, 500, 72), "Use the measurement instead"))
        elif self.phase == "result":
            if self.estimate is not None and self.estimate.ok:
                b.add(text_button("save", (960, 540, 240, 72), "Save", theme.SUCCESS))
            b.add(soft_button("again", (700, 540, 240, 72), "Try again"))
        else:
            b.add(soft_button("stop", (960, 540, 240, 72), "Stop"))

    # --- running ---------------------------------------------------------------------------
    def _begin(self, phase: str) -> None:
        if phase == "mic" and not self.ctx.sounds.start_recording():
            self.message, self.good = "The microphone would not open; try tapping along instead.", False
            return
        self.phase, self.start, self.taps, self.shown = phase, None, [], {}
        self.message = ""
        self._layout()

    def tick(self, now: float) -> None:
        """Every loop turn: start the phase's clicks (or flashes) on the loop's clock, end it when done."""
        self.now = now
        if self.phase not in ("mic", "clicks", "flashes"):
            return
        sounds = self.ctx.sounds
        if self.start is None:
            count, step = (MIC_CLICKS, MIC_INTERVAL_S) if self.phase == "mic" else (TAP_BEATS, TAP_INTERVAL_S)
            times = [LEAD_S + k * step for k in range(count)]
            if self.phase != "flashes" and not sounds.start_clicks(times):
                self._stop("The clicks could not be played: is the sound on?")
                return
            self.start, self.beats = now, [now + t for t in times]
        sounds.pump()
        tail = MIC_TAIL_S if self.phase == "mic" else TAP_INTERVAL_S
        if now >= self.beats[-1] + tail:
            self._phase_done()

    def _phase_done(self) -> None:
        if self.phase == "clicks":
            self.heard = (list(self.beats), list(self.taps))
            self._begin("flashes")
            return
        if self.phase == "flashes":
            shown = [self.shown.get(k, b) for k, b in enumerate(self.beats)]
            self.estimate = from_taps(*self.heard, shown, self.taps)
        else:
            self.estimate = self._from_microphone()
        self.phase = "result"
        self.message = "" if self.estimate.ok else f"Not kept: {self.estimate.problem}."
        self.good = self.estimate.ok
        self._layout()

    def _from_microphone(self) -> DelayEstimate:
        from game.ui.audio import click

        rec = self.ctx.sounds.stop_recording()
        if rec is None or not len(rec.samples):
            return DelayEstimate("microphone", None, None, 0, problem="the microphone gave no sound at all")
        return from_recording(rec.samples, rec.rate, click(rec.rate), [b - rec.start for b in self.beats])

    def _stop(self, why: str = "") -> None:
        self.ctx.sounds.stop_clicks()
        self.ctx.sounds.stop_recording()
        self.phase, self.start = "home", None
        self.message, self.good = why, not why
        self._layout()

    def exit(self, now: float) -> None:
        if self.phase in ("mic", "clicks", "flashes"):
            self._stop()

    # --- input -----------------------------------------------------------------------------
    def handle(self, ev: InputEvent, now: float) -> Transition:
        tapping = self.phase in ("clicks", "flashes")
        if tapping and self.start is not None and (
                (ev.kind == "action" and ev.pressed and ev.action in TAP_ACTIONS)
                or (ev.kind == "pointer_down" and self.buttons.at(ev.x, ev.y) is None)):
            self.taps.append(ev.t)
            return None
        if ev.kind == "action" and ev.pressed and ev.action == "back":
            return self._back()
        key = self.buttons.handle(ev)
        if key == "back":
            return self._back()
        if key in ("mic", "taps"):
            self._begin("mic" if key == "mic" else "clicks")
        elif key == "stop":
            self._stop("Stopped: nothing was measured.")
        elif key == "again":
            self._stop()
        elif key == "save":
            self._save()
        elif key == "auto":
            self._clear_override()
        return None

    def _back(self) -> Transition:
        if self.phase != "home":
            self._stop()
            return None
        return Pop()

    def _save(self) -> None:
        est, sounds = self.estimate, self.ctx.sounds
        if est is None or not est.ok or est.delay_ms is None:
            return
        try:
            self.ctx.db.add_sound_calibration(
                device=sounds.device, backend=sounds.backend, method=est.method, delay_ms=round(est.delay_ms, 3),
                iqr_ms=round(est.iqr_ms or 0.0, 3), n=est.n, measured_at=self.ctx.stamp(),
                details=dict(est.details, values_ms=[round(v, 3) for v in est.values_ms],
                             flash_values_ms=[round(v, 3) for v in est.flash_values_ms]))
        except UserError as exc:
            self.message, self.good = str(exc), False
            return
        self.phase = "home"
        self.message, self.good = (f"Saved: {est.delay_ms:.0f} ms for {sounds.device}. Drums attempts use it from "
                                   "the next one on."), True
        self._layout()

    def _clear_override(self) -> None:
        from game.settings import Settings, save_settings

        values = dict(self.ctx.settings.model_dump(), audio_latency_ms=None)
        try:
            save_settings(self.ctx.db.path.parent, values)
        except UserError as exc:
            self.message, self.good = str(exc), False
            return
        self.ctx.settings = Settings.model_validate(values)
        self.message, self.good = "settings.toml no longer sets audio_latency_ms: the measurement is used.", True
        self._layout()

    # --- drawing ---------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        draw_header(surface, self.ctx, "Sound timing",
                    "How late this computer's sound is heard; drums results are corrected by it")
        if self.phase == "home":
            self._draw_home(surface)
        elif self.phase == "result":
            self._draw_result(surface)
        else:
            self._draw_running(surface)
        self.buttons.draw(surface, self.ctx.fonts)
        draw_message(surface, self.ctx, self.message, good=self.good)

    def _lines(self, surface: pygame.Surface, lines: Sequence[tuple[str, str]], x: int, y: int, w: int) -> int:
        """(label, text) rows, the text wrapped under its label; returns the y below them."""
        font = self.ctx.fonts.get(22)
        for label, text in lines:
            draw_text(surface, label, self.ctx.fonts, 18, topleft=(x, y), bold=True, color=theme.INK_SOFT)
            y += 24
            for line in wrap_text(text, font, w)[:3]:
                draw_text(surface, line, self.ctx.fonts, 22, topleft=(x, y))
                y += 28
            y += 10
        return y

    def _draw_home(self, surface: pygame.Surface) -> None:
        sounds = self.ctx.sounds
        left, right = pygame.Rect(40, 130, 580, 500), pygame.Rect(660, 130, 580, 500)
        draw_card(surface, left, False, False)
        draw_card(surface, right, False, False)
        draw_text(surface, "This computer", self.ctx.fonts, 30, topleft=(left.x + 40, left.y + 20), bold=True)
        cal, used = self.stored, self.used
        reported = sounds.output_latency_ms
        rows = [("Sound goes out through", sounds.device if sounds.available else "nothing: sound is off"),
                ("Played by", (f"{sounds.backend}; it reports "
                               + (f"{reported:.0f} ms output latency" if reported is not None else "no output latency"))
                 if sounds.available else "nothing")]
        if cal is not None:
            what = "clicks" if cal.method == "microphone" else "taps"
            rows.append(("Measured", (f"{cal.delay_ms:.0f} ms (spread {cal.iqr_ms:.0f} ms, {cal.n} {what}, by "
                                      f"{LABELS.get(cal.method, cal.method)}) on {when(cal.measured_at)}")))
        else:
            rows.append(("Measured", "not yet, on this output"))
        source = {"setting": "typed in settings.toml (audio_latency_ms), which overrides a measurement",
                  "calibration": "this measurement", "none": "nothing measured yet"}[used.source]
        rows.append(("Drums attempts use", f"{used.ms:g} ms: {source}"))
        self._lines(surface, rows, left.x + 40, left.y + 74, left.w - 80)
        draw_text(surface, "Measure", self.ctx.fonts, 30, topleft=(right.x + 40, right.y + 20), bold=True)
        mic_words = ("Plays 12 clicks and finds them in what the microphone hears. Keep the room quiet; "
                     "the delay includes the microphone's own, usually a few ms." if self.mic else
                     "No microphone found.")
        tap_words = (f"No microphone: tap the space bar or the screen on each of {TAP_BEATS} clicks, then on each "
                     f"of {TAP_BEATS} flashes. The difference is the sound's extra delay over the screen's.")
        for words, y in ((mic_words, right.y + 62), (tap_words, right.y + 248)):
            for k, line in enumerate(wrap_text(words, self.ctx.fonts.get(19), right.w - 80)[:3]):
                draw_text(surface, line, self.ctx.fonts, 19, topleft=(right.x + 40, y + k * 24), color=theme.INK_SOFT)
        draw_text(surface, f"A result spread more than {MAX_IQR_MS:.0f} ms (IQR) is not kept.", self.ctx.fonts, 19,
                  topleft=(right.x + 40, right.y + 422), color=theme.INK_SOFT)

    def _draw_running(self, surface: pygame.Surface) -> None:
        draw_card(surface, STAGE, False, False)
        count = len(self.beats) if self.start is not None else (MIC_CLICKS if self.phase == "mic" else TAP_BEATS)
        done = sum(1 for b in self.beats if b <= self.now) if self.start is not None else 0
        title = {"mic": "Listening… keep the room quiet",
                 "clicks": "Tap on every click (space bar, F, J or the screen)",
                 "flashes": "Now tap on every flash"}[self.phase]
        draw_text(surface, fit(title, self.ctx.fonts.get(36, True), STAGE.w - 60), self.ctx.fonts, 36,
                  center=(STAGE.centerx, STAGE.y + 60), bold=True)
        draw_text(surface, f"{done} / {count}", self.ctx.fonts, 28, center=(STAGE.centerx, STAGE.bottom - 60),
                  color=theme.INK_SOFT)
        centre = (STAGE.centerx, STAGE.centery + 10)
        if self.phase == "flashes":
            lit = self.start is not None and any(0 <= self.now - b < FLASH_S for b in self.beats)
            for k, b in enumerate(self.beats):
                if 0 <= self.now - b < FLASH_S and k not in self.shown:
                    self.shown[k] = self.now   # this frame is the first to show flash k
            pygame.draw.circle(surface, theme.ACCENT if lit else theme.PANEL_EDGE, centre, 120)
        else:   # nothing on screen moves with the clicks: the ear alone times them
            pygame.draw.circle(surface, theme.PANEL_EDGE, centre, 120, 8)
            draw_text(surface, "listen", self.ctx.fonts, 34, center=centre, color=theme.INK_SOFT)

    def _draw_result(self, surface: pygame.Surface) -> None:
        est = self.estimate
        assert est is not None
        draw_card(surface, STAGE, False, False)
        head = (f"{est.delay_ms:.0f} ms" if est.ok and est.delay_ms is not None else "Not kept")
        draw_text(surface, head, self.ctx.fonts, 56, topleft=(STAGE.x + 40, STAGE.y + 24), bold=True,
                  color=theme.INK if est.ok else theme.GENTLE)
        spread = f"spread (IQR) {est.iqr_ms:.1f} ms" if est.iqr_ms is not None else "no spread: too few values"
        what = "clicks found" if est.method == "microphone" else "taps in the smaller half"
        line = f"by {LABELS[est.method]}: {spread}; {est.n} {what}"
        if est.ok and est.method == "taps":
            line += (f"; median to clicks {est.details['median_clicks_ms']:.0f} − median to flashes "
                     f"{est.details['median_flashes_ms']:.0f}")
        draw_text(surface, fit(line, self.ctx.fonts.get(22), STAGE.w - 80), self.ctx.fonts, 22,
                  topleft=(STAGE.x + 44, STAGE.y + 100), color=theme.INK_SOFT)
        rows = [("clicks heard" if est.method == "microphone" else "taps to clicks", est.values_ms)]
        if est.method == "taps":
            rows.append(("taps to flashes", est.flash_values_ms))
        values = [v for _, vs in rows for v in vs]
        if values:
            draw_strips(surface, self.ctx, rows, pygame.Rect(STAGE.x + 220, STAGE.y + 170, STAGE.w - 280, 280))


def draw_strips(surface: pygame.Surface, ctx: AppContext, rows: Sequence[tuple[str, Sequence[float]]],
                area: pygame.Rect) -> None:
    """One row of dots per set of values (ms, from the scheduled time), its median as a bar and its
    interquartile range as a band, on a shared axis with ticks every 10, 20, 50 or 100 ms."""
    import numpy as np

    values = [v for _, vs in rows for v in vs]
    lo, hi = min(values + [0.0]) - 10, max(values) + 10
    span = max(hi - lo, 1.0)
    step = next(s for s in (10, 20, 50, 100, 200) if span / s <= 10)

    def x_of(v: float) -> int:
        return round(area.x + (v - lo) / span * area.w)

    row_h = area.h // (len(rows) + 1)
    axis_y = area.y + row_h * len(rows) + 10
    pygame.draw.line(surface, theme.INK_SOFT, (area.x, axis_y), (area.right, axis_y), 2)
    first = int(np.ceil(lo / step) * step)
    for v in range(first, int(hi) + 1, step):
        pygame.draw.line(surface, theme.INK_SOFT, (x_of(v), axis_y), (x_of(v), axis_y + 8), 2)
        draw_text(surface, f"{v}", ctx.fonts, 16, center=(x_of(v), axis_y + 22), color=theme.INK_SOFT)
    draw_text(surface, "ms after the click or flash was due", ctx.fonts, 16, center=(area.centerx, axis_y + 46),
              color=theme.INK_SOFT)
    for k, (label, vs) in enumerate(rows):
        cy = area.y + row_h * k + row_h // 2
        draw_text(surface, label, ctx.fonts, 20, topleft=(area.x - 190, cy - 12), bold=True)
        if not vs:
            continue
        q25, med, q75 = np.percentile(vs, [25, 50, 75])
        band = pygame.Rect(x_of(q25), cy - 22, max(2, x_of(q75) - x_of(q25)), 44)
        pygame.draw.rect(surface, theme.mix(theme.SECONDARY, theme.WHITE, 0.6), band, border_radius=8)
        for v in vs:
            pygame.draw.circle(surface, theme.PRIMARY, (x_of(v), cy), 6)
        pygame.draw.line(surface, theme.ACCENT, (x_of(med), cy - 30), (x_of(med), cy + 30), 4)
        draw_text(surface, f"median {med:.0f}", ctx.fonts, 16, center=(x_of(med), cy - 40), color=theme.INK)


def for_screenshot(ctx: AppContext, db, child, game: str) -> Scene:
    """The screen as a grown-up first sees it."""
    return SoundTimingScene(ctx)
