"""The tapping game on screen: two drums, a beat light, a metronome click.

Rules and scoring live in game/play/tapping.py and game/metrics/tapping.py; this scene turns
input into tap events, plays the metronome, records the attempt and draws.

Timing: a tap's time is its input timestamp (the input layer stamps live events when read,
between frames; scripts carry exact rel_t), never the frame time. The metronome is one audio
stream per attempt, started by tick(now) (the app loop calls it every turn) just before the
attempt's clock starts (STREAM_PREROLL_S): every click sits at its exact sample in it
(Sounds.start_clicks), so the clicks keep the nominal interval to the sample whatever the loop is
doing, and a count-in click due at 0 s is whole. Where the stream started on the attempt's
clock, what played it and the audio latency used (settings.toml's audio_latency_ms, else the
Sound timing calibration) are recorded with the attempt; the latency corrects the asynchronies.
"""
from __future__ import annotations

from bisect import bisect_right
from types import MappingProxyType

import pygame

from game.events import Event
from game.games.tapping.level import beat_interval_s
from game.games.tapping.rules import (
    EPS_S,
    SIDE_HAND,
    attempt_end_s,
    beat_schedule,
    click_times,
    tap_on_beat,
)
from game.games.tapping.scene_draw import (
    ARROW_GLOW,
    draw_beat_light,
    draw_drum,
    draw_keep_going,
    draw_sparkle,
    side_color,
)
from game.input import InputEvent
from game.levels.loader import LoadedLevel
from game.records.db import Child
from game.scenes.base import AppContext, Regions, Transition
from game.scenes.common import draw_background
from game.scenes.play import AttemptScene, draw_progress, progress_look
from game.ui import theme
from game.ui.widgets import draw_text

STREAM_PREROLL_S = 0.1     # the attempt's clock starts this long after the scene does, so the click stream,
                           # started at the next loop turn, begins before a count-in click due at 0 s
BEAT_ONSET_S = 0.05         # after a click, frames come 60 a second this long (play_moves_fast)
LIT_S = 0.18                # how long a drum stays lit after a hit
SPARKLE_S = 0.45
DRUM_CENTERS = MappingProxyType({"left": (330, 450), "right": (950, 450)})
DRUM_WIDTH = 400
# Where each changing part of the picture is drawn (play_regions), as x, y, w, h: per drum (dx from its
# centre) its body, skin, glow and rays; its "this one next" arrow; its sparkle. Then the beat light, the
# "keep going" picture with its words, the progress bar and its star.
DRUM_CORE = (-300, 168, 600, 410)
DRUM_ARROW = (-46, 100, 92, 148)
DRUM_SPARKLE = (110, 146, 124, 176)
BEAT_LIGHT_AREA = (550, 80, 180, 180)
KEEP_GOING_AREA = (400, 56, 480, 206)
KEY_HINT_AREA = (-120, 620, 240, 70)   # the keycap under the drum (it never changes)
PROGRESS_BAR_AREA = (296, 24, 688, 36)
PROGRESS_STAR_AREA = (980, 12, 60, 60)


def drum_area(area: tuple[int, int, int, int], cx: int) -> pygame.Rect:
    """One of the DRUM_ areas for the drum centred at x = cx."""
    x, y, w, h = area
    return pygame.Rect(cx + x, y, w, h)
MOUSE_BUTTON_SIDE = MappingProxyType({1: "left", 3: "right"})


class TappingScene(AttemptScene):
    game = "tapping"
    clock_delay_s = STREAM_PREROLL_S

    def __init__(self, ctx: AppContext, child: Child, playlist: list[LoadedLevel], index: int,
                 demo_mode: str | None = None):
        super().__init__(ctx, child, playlist, index, demo_mode)
        self.use_level(self.loaded)
        self.halos: dict[tuple[int, int], pygame.Surface] = {}   # the drums' glow, drawn once per size
        self.paper: pygame.Surface | None = None   # the background, drawn once
        settings = ctx.settings
        self.latency = ctx.audio_latency()   # settings.toml's override, else this output's calibration, else 0
        self.key_names = {"left": str(getattr(settings, "tap_left_key", "f")).upper(),
                          "right": str(getattr(settings, "tap_right_key", "j")).upper()}
        self.new_round()

    def use_level(self, loaded: LoadedLevel) -> None:
        super().use_level(loaded)
        self.spec = loaded.level.tapping
        self.beats = beat_schedule(self.spec)
        self.beat_times = [b.t for b in self.beats]
        self.clicks = click_times(self.spec)
        self.end_s = attempt_end_s(self.spec)
        self.interval = beat_interval_s(self.spec)

    @property
    def attempt_length_s(self) -> float:
        """Scripted input is not stopped before the attempt's fixed length is up."""
        return self.end_s

    def new_round(self) -> None:
        self.stream_due = True                      # start the click stream at the next tick
        self.stream_starts: list[float] = []        # attempt-clock times the click stream started (again)
        self.gaps_before = self.ctx.sounds.click_gaps if self.ctx.sounds.available else 0
        self.last_tap: dict[str, float] = {}        # side -> rel time of its latest tap
        self.last_on_beat: dict[str, float] = {}    # side -> rel time of its latest on-beat tap

    def score_settings(self, status: str) -> dict:
        """The latency used, and how the sound was played: where the click stream started on this attempt's
        clock (seconds; again after each pause), what played it and what it reports as its latency."""
        sounds, lat = self.ctx.sounds, self.latency
        return {"audio_latency_ms": lat.ms,
                "sound": {"latency_source": lat.source, "latency_measured_at": lat.measured_at,
                          "latency_method": lat.method, "backend": sounds.backend, "device": sounds.device,
                          "output_latency_ms": sounds.output_latency_ms,
                          "click_stream_start_s": self.stream_starts[0] if self.stream_starts else None,
                          "click_stream_restarts_s": self.stream_starts[1:],
                          "click_stream_gaps": (sounds.click_gaps - self.gaps_before) if sounds.available else 0}}

    # --- input ----------------------------------------------------------------------------
    def tap_side(self, ev: InputEvent) -> str | None:
        """Which drum an input hits: tap actions (keys, pad shoulders, scripts), mouse buttons
        (left button = left drum, right button = right drum), a finger on either half."""
        if ev.kind == "action":
            if ev.pressed and ev.action in ("tap_left", "tap_right"):
                return ev.action.removeprefix("tap_")
            return None
        if ev.kind != "pointer_down":
            return None
        if ev.device == "mouse":
            return MOUSE_BUTTON_SIDE.get(ev.button)
        return "left" if ev.x < theme.CANVAS_SIZE[0] / 2 else "right"

    def handle_play(self, ev: InputEvent, now: float) -> Transition:
        side = self.tap_side(ev)
        if side is None:
            return None
        t = self.rel_time(ev)
        if not 0.0 <= t <= self.end_s + EPS_S:
            return None   # the attempt is over: this tap belongs to no beat
        self.events.append(Event(t, "tap", side=side))
        self.ctx.sounds.play(f"tap_{side}")
        self.last_tap[side] = t
        if tap_on_beat(self.beats, SIDE_HAND[side], t, self.spec.window_ms / 1000.0):
            self.last_on_beat[side] = t
        return None

    def demo_point(self, ev: Event) -> tuple[int, float, float] | None:
        """The demonstration taps each drum with its own hand: the left drum the left hand (1)."""
        if ev.type != "tap" or ev.side not in DRUM_CENTERS:
            return None
        cx, cy = DRUM_CENTERS[ev.side]
        return (1 if ev.side == "left" else 0), float(cx + (-40 if ev.side == "left" else 40)), float(cy - 110)

    # --- time -----------------------------------------------------------------------------
    def tick(self, now: float) -> None:
        """Every loop turn: start the attempt's click stream when it begins (or resumes), keep it fed."""
        if self.attempt_origin is None:
            return
        rel = now - self.attempt_origin
        self.now_rel = rel
        if self.stream_due:
            self.stream_due = False
            # On resuming, only clicks still to come; at the start, also one due a fraction of a ms ago.
            ahead = [c - rel for c in self.clicks if c >= rel or not self.stream_starts]
            if self.spec.metronome_sound and ahead and self.ctx.sounds.start_clicks(ahead):
                self.stream_starts.append(round(rel, 6))
        self.ctx.sounds.pump()

    def _pause(self, now: float) -> Transition:
        tr = super()._pause(now)
        if tr is not None:
            self.ctx.sounds.stop_clicks()
        return tr

    def enter(self, now: float) -> None:
        resuming = self.paused_at is not None and self.attempt_origin is not None
        super().enter(now)
        if resuming:
            self.stream_due = True

    def finish(self, status: str, now: float) -> Transition:
        if status != "finished":   # a finished attempt's stream has played its last click, or is about to
            self.ctx.sounds.stop_clicks()
        return super().finish(status, now)

    def exit(self, now: float) -> None:
        if self.attempt_origin is not None:   # left mid-attempt (the window closed)
            self.ctx.sounds.stop_clicks()
        super().exit(now)

    def update_play(self, dt: float, now: float) -> Transition:
        if self.now_rel >= self.end_s:
            return self.finish("finished", now)
        return None

    # --- drawing --------------------------------------------------------------------------
    def _cue(self, side: str) -> tuple[float, float]:
        """(glow 0..1, bounce phase) for a drum: it glows during the beat before a beat asking for it."""
        if not self.spec.cue_ahead or self.attempt_origin is None:
            return 0.0, 0.0
        hand = SIDE_HAND[side]
        rel = self.now_rel
        window = self.spec.window_ms / 1000.0
        k = bisect_right(self.beat_times, rel - window)
        done = self.last_on_beat.get(side)
        if k < len(self.beats) and done is not None and abs(done - self.beats[k].t) <= window + EPS_S:
            k += 1   # this hand already hit this beat: cue the next one
        if k >= len(self.beats):
            return 0.0, 0.0
        beat = self.beats[k]
        ahead = beat.t - rel
        if hand not in beat.hands or ahead > self.interval or not beat.metronome:
            return 0.0, 0.0   # continuation beats are the child's own: nothing on screen keeps their time
        glow = 1.0 - max(0.0, ahead) / self.interval
        return glow, (rel - (beat.t - self.interval)) / self.interval * 2

    def _pulse(self) -> float:
        """1 on a metronome click, fading to 0 before the next."""
        k = bisect_right(self.clicks, self.now_rel) - 1
        if k < 0 or self.attempt_origin is None:
            return 0.0
        since = self.now_rel - self.clicks[k]
        return max(0.0, 1.0 - since / min(0.35, self.interval * 0.8))

    @property
    def covers_canvas(self) -> bool:
        return True   # draw_play starts with the paper background

    def play_moves_fast(self) -> bool:
        """Only the metronome light's onset: frames come 60 a second just after a click, so the light comes on
        within a 60th of a second of it, as before; the rest (its fade, the drums' glow) is slow."""
        if self.attempt_origin is None or not self.spec.metronome_visual:
            return False
        k = bisect_right(self.clicks, self.now_rel) - 1
        return k >= 0 and self.now_rel - self.clicks[k] < BEAT_ONSET_S

    def _look(self) -> tuple[tuple[tuple[float, float, float, float], ...], bool, float, float]:
        """What draw_play shows that changes, computed in one place for draw_play and play_regions: per drum
        (lit, glow, bounce, sparkle), whether the continuation's "keep going" shows, the beat light's pulse,
        and the share of the attempt done."""
        rel = self.now_rel
        still = self.access.reduced_motion   # the cue only glows, the sparkle does not rise
        drums = []
        for side in ("left", "right"):
            lit_t = self.last_tap.get(side)
            lit = max(0.0, 1.0 - (rel - lit_t) / LIT_S) if lit_t is not None and rel >= lit_t else 0.0
            glow, bounce = self._cue(side)
            on_t = self.last_on_beat.get(side)
            sparkle = 0.0
            if on_t is not None and 0 <= rel - on_t < SPARKLE_S:
                sparkle = 1.0 if still else 1.0 - (rel - on_t) / SPARKLE_S
            drums.append((lit, glow, 0.0 if still else bounce, sparkle))
        in_continuation = self.attempt_origin is not None and self.spec.continuation_beats > 0 and \
            rel > self.clicks[-1] + self.interval * 0.5
        pulse = self._pulse() if self.spec.metronome_visual and not in_continuation else 0.0
        total = self.end_s
        done = min(1.0, max(0.0, rel / total)) if self.attempt_origin is not None and total > 0 else \
            (1.0 if self.results else 0.0)
        return tuple(drums), in_continuation, pulse, done

    def play_regions(self) -> Regions:
        drums, in_continuation, pulse, done = self._look()
        parts: list[tuple[pygame.Rect, object]] = []
        for side, (lit, glow, bounce, sparkle) in zip(("left", "right"), drums):
            cx = DRUM_CENTERS[side][0]
            parts += [(drum_area(DRUM_CORE, cx), (lit, glow)),
                      (drum_area(DRUM_ARROW, cx), glow > ARROW_GLOW and (bounce, lit)),
                      (drum_area(DRUM_SPARKLE, cx), sparkle > 0 and (sparkle, lit))]
        filled, full = progress_look(done)
        return (*parts, (pygame.Rect(BEAT_LIGHT_AREA), in_continuation or pulse),
                (pygame.Rect(KEEP_GOING_AREA), in_continuation),
                (pygame.Rect(PROGRESS_BAR_AREA), filled), (pygame.Rect(PROGRESS_STAR_AREA), full))

    def draw_play(self, surface: pygame.Surface) -> None:
        """All of it, or (drawing only what changed) what meets the canvas's clip: the rest is skipped."""
        clip = surface.get_clip()
        if self.paper is None or self.paper.get_size() != surface.get_size():
            self.paper = pygame.Surface(surface.get_size(), 0, surface)
            draw_background(self.paper)
        surface.blit(self.paper, (0, 0))
        drums, in_continuation, pulse, done = self._look()
        for side, (lit, glow, bounce, sparkle) in zip(("left", "right"), drums):
            cx = DRUM_CENTERS[side][0]
            if clip.colliderect(drum_area(DRUM_CORE, cx).union(drum_area(DRUM_ARROW, cx))):
                skin = draw_drum(surface, side, DRUM_CENTERS[side], DRUM_WIDTH, lit=lit, glow=glow,
                                 bounce=bounce, halos=self.halos)
                if sparkle > 0:
                    draw_sparkle(surface, (skin.right - 30, skin.y - 10), sparkle)
            if clip.colliderect(drum_area(KEY_HINT_AREA, cx)):
                self._draw_key_hint(surface, side)
        if in_continuation:
            if clip.colliderect(KEEP_GOING_AREA):
                self._draw_keep_going(surface)
        elif self.spec.metronome_visual and clip.colliderect(BEAT_LIGHT_AREA):
            draw_beat_light(surface, (640, 170), pulse, still=self.access.reduced_motion)
        if clip.colliderect(PROGRESS_BAR_AREA) or clip.colliderect(PROGRESS_STAR_AREA):
            draw_progress(surface, done)

    def _draw_key_hint(self, surface: pygame.Surface, side: str) -> None:
        """A keycap under each drum showing its key, for grown-ups and keyboard players."""
        cx, cy = DRUM_CENTERS[side]
        name = self.key_names[side]
        cap = pygame.Rect(0, 0, max(56, 22 * len(name) + 24), 56)
        cap.center = (cx, cy + 205)
        pygame.draw.rect(surface, theme.PANEL, cap, border_radius=12)
        pygame.draw.rect(surface, theme.mix(side_color(side), theme.INK, 0.2), cap, 4, border_radius=12)
        draw_text(surface, name, self.ctx.fonts, 32, center=cap.center, bold=True)

    def _draw_keep_going(self, surface: pygame.Surface) -> None:
        """The clicks have stopped, the drumming goes on: a still picture, so nothing keeps the beat for the child."""
        draw_keep_going(surface, (640, 175), self.spec.pattern)
        draw_text(surface, "Keep going!", self.ctx.fonts, 36, center=(640, 86), bold=True, color=theme.GENTLE)
