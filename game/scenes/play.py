"""What every game's play screen shares: the demonstration, attempts in a row, pause, saving, the
celebration between tries.

A game's scene subclasses AttemptScene and fills in the round itself: `new_round`,
`handle_play`, `update_play`, `draw_play`, and, where scoring takes options, `score_settings`.
Saving goes through the same score function as `run.py score`, from the recorded events.

Show, don't tell: a level can start with its game's demonstration (GameDef.demo): its events are
played through the scene's own `handle_play` and `update_play`, so the game draws their effect,
while a helping hand moves along them. A press skips it. Nothing of it is recorded: the round is
set up afresh and the attempt (its clock, metronome and time limit) starts only when it is over.
"""
from __future__ import annotations

import math
from typing import Any

import pygame

from game.demonstration import (
    DEMO_MODES,
    Demo,
    Key,
    hand_keys,
    hands_at,
    press_started,
    shows_demo,
)
from game.errors import UserError
from game.events import MAX_EVENTS, Event, round_time
from game.input import InputEvent, script_to_input
from game.levels.loader import LevelError, LoadedLevel, level_ref
from game.metrics.millimetres import SETTINGS_KEY
from game.records.attempts import SavedAttempt, save_attempt
from game.records.db import Child
from game.scenes.base import AppContext, Pop, Push, Regions, Replace, Scene, Transition
from game.scenes.common import Buttons, icon_button
from game.scenes.pause import PauseScene
from game.scoring import score_attempt
from game.ui import theme
from game.ui.hand import draw_hand, hand_shadow, render_hand
from game.ui.widgets import draw_pause_icon, draw_star, draw_text, draw_tries

INTERLUDE_S = 3.0           # the celebration between tries (a press ends it sooner)
INTERLUDE_SKIP_S = 0.4      # ... but not before this: the end of a try is not skipped by its own last taps
RING_S = 0.45               # a demonstration press: its ring spreads this long
PAUSE_SIZE = 96


class AttemptScene(Scene):
    game = ""
    clock_delay_s = 0.0   # an attempt's clock starts this long after the scene starts it (time to get sound going)

    def __init__(self, ctx: AppContext, child: Child, playlist: list[LoadedLevel], index: int,
                 demo_mode: str | None = None):
        super().__init__(ctx)
        self.access = ctx.access_for(child)
        # None: as the child's access options say (a therapist sets always / first time / never per child)
        demo_mode = self.access.demo if demo_mode is None else demo_mode
        if demo_mode not in DEMO_MODES:
            raise ValueError(f"demo_mode must be one of {', '.join(DEMO_MODES)} (got {demo_mode!r})")
        self.demo_mode = demo_mode
        self.demo: Demo | None = None     # the demonstration being shown (None: none, or it is over)
        self.demo_keys: list[Key] = []
        self.demo_fed = 0
        self.reduced_motion = self.access.reduced_motion   # the celebration between tries stands still
        self.interlude_from = 0.0         # loop time the celebration between tries began
        self.interlude_clock = 0.0        # ... and this scene's animation clock then
        self.hands: dict[bool, tuple[pygame.Surface, tuple[int, int], pygame.Surface]] = {}
        self.child = child
        self.playlist = playlist
        self.index = index
        # Adaptive mode plays the level at the child's current value (None: the level as written).
        self.loaded, self.adaptive_value = self._level_to_play(playlist[index])
        self.buttons = Buttons()
        # Larger targets: the pause button 1.25x (not 1.5x), so it stays clear of the play area.
        size = PAUSE_SIZE if not self.access.larger_targets else round(PAUSE_SIZE * 1.25)
        self.buttons.add(icon_button("pause", (size // 2 + 24, size // 2 + 24), draw_pause_icon, theme.PRIMARY, size))
        self.attempt_no = 0
        self.attempt_serial = 0
        self.attempt_origin: float | None = None   # loop time the current attempt started; None between tries
        self.results: list[SavedAttempt] = []
        self.interlude_until: float | None = None
        self.paused_at: float | None = None
        self.clock = 0.0        # seconds this scene has been updating, for animation
        self.now_rel = 0.0      # seconds into the current attempt
        self.events: list[Event] = []
        self.started_at = ""

    # --- for subclasses -------------------------------------------------------------------
    def use_level(self, loaded: LoadedLevel) -> None:
        """Derive everything the game needs from its level (called again when adaptive mode changes it)."""
        self.loaded = loaded

    def new_round(self) -> None:
        """Reset the game's state for a fresh attempt."""

    def handle_play(self, ev: InputEvent, now: float) -> Transition:
        return None

    def update_play(self, dt: float, now: float) -> Transition:
        return None

    def draw_play(self, surface: pygame.Surface) -> None:
        raise NotImplementedError

    def play_moves_fast(self) -> bool:
        """Something in the game moves fast now (see Scene.fast_motion); games whose motion is slow say when."""
        return True

    def score_settings(self, status: str) -> dict[str, Any]:
        """Options scoring needs beyond the events (recorded with the attempt)."""
        return {}

    def demo_point(self, ev: Event) -> tuple[int, float, float] | None:
        """Where the demonstration's hand goes for an event that is not a pointer event (a drum tap):
        (hand, x, y), hand 0 the right hand and 1 the left; None: nowhere."""
        return None

    @property
    def seed(self) -> int | None:
        return self.ctx.seed

    @property
    def fast_motion(self) -> bool:
        """The demonstration's hands and the celebration between tries move fast; in play, the game says."""
        return self.demo is not None or self.interlude_until is not None or self.play_moves_fast()

    @property
    def waiting_to_play(self) -> bool:
        """A demonstration or the celebration between tries is on: any press (a switch's too) goes on to play."""
        return self.demo is not None or self.interlude_until is not None

    def claims_press(self, ev: InputEvent) -> bool:
        """Every press off the pause button is play."""
        return True

    # --- attempts -------------------------------------------------------------------------
    def rel_time(self, ev: InputEvent) -> float:
        """Seconds from the attempt's start: a script's own time, or the input stamp."""
        assert self.attempt_origin is not None
        return ev.rel_t if ev.rel_t is not None else round_time(ev.t - self.attempt_origin)

    def _start_attempt(self, now: float) -> None:
        self.events = []
        self.now_rel = 0.0
        self.new_round()
        self.attempt_no += 1
        self.attempt_serial += 1
        self.attempt_origin = now + self.clock_delay_s
        self.started_at = self.ctx.stamp()

    @property
    def showing_demo(self) -> bool:
        """The demonstration is playing (recorded input waits for the attempt: game.input.ScriptedInput)."""
        return self.demo is not None

    def _wanted_demo(self) -> Demo | None:
        """The level's demonstration, if this child sees it now (demo mode, and the records for "first")."""
        if self.demo_mode == "never":
            return None
        played = False
        if self.demo_mode == "first":
            written = self.playlist[self.index]
            try:
                played = self.ctx.db.has_played(self.child.id, level_ref(written.path), written.sha256)
            except UserError as exc:
                self.ctx.notices.append(str(exc))
        if not shows_demo(self.demo_mode, played):
            return None
        from game.games import GAMES

        demo = GAMES[self.game].demo(self.loaded)
        return demo if demo.events else None

    def _start_demo(self, demo: Demo, now: float) -> None:
        self.events = []
        self.new_round()
        self.demo, self.demo_fed = demo, 0
        self.demo_keys = hand_keys(demo.events, self.demo_point)
        self.attempt_origin = now - demo.start_s   # the round's clock, from the stretch the demonstration shows
        self.now_rel = demo.start_s

    def _end_demo(self, now: float) -> None:
        """The demonstration is over or skipped: the round is set up afresh and the attempt starts."""
        self.demo, self.demo_keys = None, []
        self.attempt_origin = None
        self._start_attempt(now)

    def _play_demo(self, dt: float, now: float) -> None:
        demo = self.demo
        assert demo is not None and self.attempt_origin is not None
        self.now_rel = now - self.attempt_origin
        while self.demo is not None and self.demo_fed < len(demo.events) and demo.events[self.demo_fed].t <= self.now_rel:
            ev = demo.events[self.demo_fed]
            self.demo_fed += 1
            self.handle_play(script_to_input(ev, self.attempt_origin), now)
        if self.demo is not None:
            self.update_play(dt, now)
        if self.demo is not None and self.now_rel >= demo.end_s:
            self._end_demo(now)

    def enter(self, now: float) -> None:
        if self.attempt_origin is None and self.interlude_until is None and not self.results:
            demo = self._wanted_demo()
            if demo is not None:
                self._start_demo(demo, now)
            else:
                self._start_attempt(now)
        elif self.paused_at is not None and self.attempt_origin is not None:
            # Time paused is not play time: shift the origin so event times stay continuous.
            self.attempt_origin += now - self.paused_at
        self.paused_at = None

    def finish(self, status: str, now: float) -> Transition:
        """End the attempt: save it, then the next try, the results, or (abandoned) back out."""
        if self.demo is not None:   # the demonstration reached an end of the round: nothing is saved
            self._end_demo(now)
            return None
        saved = self._save(status)
        self.attempt_origin = None
        if status == "abandoned":
            return Pop()
        self._adapt(saved)
        self.results.append(saved)
        if saved.stars >= 2 or saved.metrics.get("completed"):
            self.ctx.sounds.play("chime")
        if self.attempt_no < self.loaded.level.attempts:
            self.interlude_until = now + INTERLUDE_S
            self.interlude_from, self.interlude_clock = now, self.clock
            return None
        from game.scenes.results import ResultsScene

        return Replace(ResultsScene(self.ctx, self.child, self.playlist, self.index, self.results, self.demo_mode))

    # --- adaptive mode (game/staircase.py, game/records/adaptive.py) -------------------------
    def _level_to_play(self, loaded: LoadedLevel) -> tuple[LoadedLevel, float | None]:
        loaded = self._for_hand(loaded)
        if not self.ctx.record:  # screenshots show levels as written (or turned to the child's hand)
            return loaded, None
        from game.records.adaptive import level_to_play

        try:
            return level_to_play(self.ctx.db, self.child.id, loaded)
        except UserError as exc:
            self.ctx.notices.append(str(exc))
            return loaded, None

    def _for_hand(self, loaded: LoadedLevel) -> LoadedLevel:
        """The level turned to the hand the child plays with (the game's `for_hand` says how; as written if
        the child's hand is "either" or the game has nothing to turn). The turned text is what is recorded."""
        try:
            return level_for_hand(loaded, self.access.hand)
        except LevelError as exc:
            self.ctx.notices.append(f"{loaded.path}: played as written, not turned to the {self.access.hand} "
                                    f"hand ({exc})")
            return loaded

    def _adapt(self, saved: SavedAttempt) -> None:
        """Move the staircase after a finished attempt; the next try of this level plays the new value."""
        if self.adaptive_value is None:
            return
        from game.records.adaptive import after_attempt

        try:
            change = after_attempt(self.ctx.db, self.child.id, self.game, self.adaptive_value, saved.attempt_id,
                                   saved.stars, saved.status)
        except UserError as exc:
            self.ctx.notices.append(str(exc))
            return
        if change is not None and self.attempt_no < self.loaded.level.attempts:
            # The next try of this level plays the new value.
            level, self.adaptive_value = self._level_to_play(self.playlist[self.index])
            self.use_level(level)
            self.new_round()

    def _save(self, status: str) -> SavedAttempt:
        from game.games import GAMES

        settings = dict(self.score_settings(status), **{SETTINGS_KEY: self.ctx.screen_scale().as_dict()})
        if not self.ctx.record:  # screenshots look; they do not record
            metrics = score_attempt(self.loaded, self.events, **settings)
            return SavedAttempt(None, metrics, GAMES[self.game].stars(metrics) if status == "finished" else 0, status)
        # A full disk never stops the game: a session row that cannot be written yet is made with the
        # first attempt that is stored, and an attempt the records file cannot take is kept elsewhere.
        session = self.ctx.session_for(self.child)
        saved = save_attempt(self.ctx.db, session_id=session, child_id=self.child.id, loaded=self.loaded,
                             events=self.events, status=status, started_at=self.started_at,
                             app_version=self.ctx.app_version, screen=self.ctx.screen_size(),
                             attempt_no=self.attempt_no, seed=self.seed, settings=settings,
                             access=self.access.to_dict(),
                             session_started_at=self.ctx.session_started_at, ended_at=self.ctx.stamp())
        self.ctx.attempt_saved(saved)
        return saved

    def exit(self, now: float) -> None:
        if self.attempt_origin is not None and self.paused_at is None and self.demo is None:
            self._save("abandoned")  # the window was closed mid-attempt: keep what was done
            self.attempt_origin = None

    # --- input and time -------------------------------------------------------------------
    def handle(self, ev: InputEvent, now: float) -> Transition:
        press = ev.kind == "pointer_down" or (ev.kind == "action" and ev.pressed and ev.action != "stop")
        waiting = self.waiting_to_play
        if waiting and (not press or (self.demo is None and now - self.interlude_from < INTERLUDE_SKIP_S)):
            return None
        if waiting:
            # The demonstration or the celebration between tries: any touch, click, key or button goes on to
            # playing; Esc or the pause button goes on to the pause screen.
            pausing = (ev.kind == "action" and ev.action in ("back", "pause")) or \
                (ev.kind == "pointer_down" and self.buttons.at(ev.x, ev.y) is not None)
            if self.demo is not None:
                self._end_demo(now)
            else:
                self.interlude_until = None
                self._start_attempt(now)
            return self._pause(now) if pausing else None
        if ev.kind == "action" and ev.pressed and ev.action in ("back", "pause"):
            return self._pause(now)
        if ev.kind == "action" and ev.action == "stop" and self.attempt_origin is not None:
            return self.finish("abandoned", now)
        if ev.kind.startswith("pointer_") and ev.device != "script":
            if self.buttons.handle(ev) == "pause":
                return self._pause(now)
            if ev.kind == "pointer_down" and self.buttons.at(ev.x, ev.y) is not None:
                return None
        if self.attempt_origin is None:
            return None
        if len(self.events) >= MAX_EVENTS:
            # As many events as an events file may hold: end here, so every attempt can be scored again.
            return self.finish("finished", now)
        return self.handle_play(ev, now)

    def _pause(self, now: float) -> Transition:
        if self.attempt_origin is None:
            return None
        self.paused_at = now
        return Push(PauseScene(self.ctx, self.access))

    def resume(self, result: Any, now: float) -> Transition:
        if result == "stop":
            self.paused_at = None
            return self.finish("abandoned", now)
        return None

    def update(self, dt: float, now: float) -> Transition:
        self.clock += dt
        if self.demo is not None:
            self._play_demo(dt, now)
            return None
        if self.interlude_until is not None:
            if now >= self.interlude_until:
                self.interlude_until = None
                self._start_attempt(now)
            return None
        if self.attempt_origin is None:
            return None
        self.now_rel = now - self.attempt_origin
        return self.update_play(dt, now)

    # --- drawing --------------------------------------------------------------------------
    def regions(self) -> Regions | None:
        """The game's own regions (play_regions) and the pause button's and attempt dots'; None (all of the
        canvas) while a demonstration or the celebration between tries moves over everything."""
        play = self.play_regions()
        if play is None or self.demo is not None or self.interlude_until is not None:
            return None
        attempts = self.loaded.level.attempts
        dots = pygame.Rect(1230 - (attempts - 1) * 34 - 14, 30, (attempts - 1) * 34 + 28, 28)
        return (*play, (self.buttons.bounds(), self.buttons.look()), (dots, (attempts, len(self.results))))

    def play_regions(self) -> Regions | None:
        """What draw_play shows that can change, as Scene.regions; None (the default): all of it, every frame."""
        return None

    def draw(self, surface: pygame.Surface) -> None:
        self.draw_play(surface)
        if surface.get_clip().colliderect(self.buttons.bounds()):   # drawing only what changed: skip the rest
            self.buttons.draw(surface, self.ctx.fonts)
        self._draw_attempt_dots(surface)
        if self.demo is not None:
            self._draw_hands(surface)
        if self.interlude_until is not None:
            self._draw_interlude(surface)

    def _hand_sprite(self, left: bool) -> tuple[pygame.Surface, tuple[int, int], pygame.Surface]:
        if left not in self.hands:   # drawn once per scene: it is supersampled
            img, tip = render_hand(left=left)
            self.hands[left] = (img, tip, hand_shadow(img))
        return self.hands[left]

    def _draw_hands(self, surface: pygame.Surface) -> None:
        """The helping hand(s) of the demonstration, where its events put them now."""
        t = self.now_rel
        for key in hands_at(self.demo_keys, t, _hand_rest):
            img, tip, shadow = self._hand_sprite(left=key.hand == 1)
            since = press_started(self.demo_keys, key.hand, t)
            ring = (t - since) / RING_S if since is not None and t - since < RING_S else 0.0
            draw_hand(surface, (key.x, key.y), key.pressed, (img, tip), shadow, ring)

    def _draw_attempt_dots(self, surface: pygame.Surface) -> None:
        attempts = self.loaded.level.attempts
        if attempts <= 1:
            return
        for k in range(attempts):
            c = (1230 - (attempts - 1 - k) * 34, 44)
            pygame.draw.circle(surface, theme.ACCENT if k < len(self.results) else theme.PANEL, c, 12)
            pygame.draw.circle(surface, theme.INK_SOFT, c, 12, 3)

    def _draw_interlude(self, surface: pygame.Surface) -> None:
        """Between tries: the stars of the try just done pop up, then the tries as big dots, the next one
        glowing with a play sign ("try 2 of 3" without reading). With reduced motion nothing moves."""
        veil = pygame.Surface(theme.CANVAS_SIZE, pygame.SRCALPHA)
        veil.fill((*theme.BACKGROUND, 232))
        surface.blit(veil, (0, 0))
        since = 9.0 if self.reduced_motion else self.clock - self.interlude_clock
        stars = self.results[-1].stars if self.results else 1
        burst = (since - 0.5) / 0.9
        if 0 < burst < 1:   # once, a ring of little lights spreading from the stars
            for i in range(14):
                a = i * 2 * math.pi / 14
                r = 150 + 170 * burst
                draw_star(surface, (640 + r * math.cos(a) * 1.4, 250 + r * math.sin(a) * 0.8), 18 * (1 - burst) + 6,
                          True, theme.CONFETTI_COLORS[i % len(theme.CONFETTI_COLORS)])
        for k in range(3):
            grow = min(1.0, max(0.0, (since - 0.2 * k) / 0.35))
            pop = 1.0 + 0.18 * math.sin(math.pi * grow) if 0 < grow < 1 else 1.0
            got = k < stars and grow > 0
            draw_star(surface, (640 + (k - 1) * 150, 250), (62 if got else 56) * (pop if got else 1.0), got)
        pulse = 0.0 if self.reduced_motion else 0.5 + 0.5 * math.sin(self.clock * 4)
        draw_tries(surface, pygame.Rect(240, 400, 800, 140), len(self.results), self.loaded.level.attempts, pulse)
        draw_text(surface, f"Try {len(self.results) + 1} of {self.loaded.level.attempts}", self.ctx.fonts, 26,
                  center=(640, 580), color=theme.INK_SOFT)


def _hand_rest(hand: int) -> tuple[float, float]:
    """Where a demonstration hand comes in from: the right hand from the bottom right, the left from the bottom left."""
    return (140.0, 820.0) if hand == 1 else (1140.0, 820.0)


PROGRESS_BAR = (300, 28, 680, 28)   # x, y, w, h


def progress_look(done: float) -> tuple[int, bool]:
    """What draw_progress shows for `done`: the filled width in pixels and whether the star is full."""
    return int(PROGRESS_BAR[2] * min(max(done, 0.0), 1.0)), done >= 1.0


def draw_progress(surface: pygame.Surface, done: float) -> None:
    """The bar at the top that fills as the child goes, with a star at the end."""
    bar = pygame.Rect(PROGRESS_BAR)
    filled, full = progress_look(done)
    pygame.draw.rect(surface, theme.PANEL, bar, border_radius=14)
    pygame.draw.rect(surface, theme.SUCCESS, (bar.x, bar.y, filled, bar.h), border_radius=14)
    pygame.draw.rect(surface, theme.PANEL_EDGE, bar, 3, border_radius=14)
    draw_star(surface, (bar.right + 30, bar.centery), 26, full)


def level_for_hand(loaded: LoadedLevel, hand: str) -> LoadedLevel:
    """`loaded` turned to the playing hand by its game's `for_hand` changes (validated like any level; the
    path stays, so stars and plans still find it). LevelError if the turned level would not be valid."""
    from dataclasses import replace

    from game.games import GAMES
    from game.levels.rewrite import with_fields

    changes = GAMES[loaded.game].for_hand(loaded, hand) if hand in ("left", "right") else None
    if not changes:
        return loaded
    return replace(with_fields(loaded.text, changes, str(loaded.path)), path=loaded.path)
