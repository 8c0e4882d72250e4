"""What every game's play screen shares: attempts in a row, pause, saving, the break between tries.

A game's scene subclasses AttemptScene and fills in the round itself: `new_round`,
`handle_play`, `update_play`, `draw_play`, and, where scoring takes options, `score_settings`.
Saving goes through the same score function as `run.py score`, from the recorded events.
"""
from __future__ import annotations

from typing import Any

import pygame

from game.errors import UserError
from game.events import MAX_EVENTS, Event, round_time
from game.input import InputEvent
from game.levels.loader import LoadedLevel
from game.records.attempts import SavedAttempt, save_attempt
from game.records.db import Child
from game.scenes.base import AppContext, Pop, Push, Replace, Scene, Transition
from game.scenes.common import Buttons, icon_button
from game.scenes.pause import PauseScene
from game.ui import theme
from game.ui.widgets import draw_pause_icon, draw_star, draw_text

INTERLUDE_S = 1.6  # the little celebration between tries


class AttemptScene(Scene):
    game = ""
    clock_delay_s = 0.0   # an attempt's clock starts this long after the scene starts it (time to get sound going)

    def __init__(self, ctx: AppContext, child: Child, playlist: list[LoadedLevel], index: int):
        super().__init__(ctx)
        self.child = child
        self.playlist = playlist
        self.index = index
        # Adaptive mode plays the level at the child's current value (None: the level as written).
        self.loaded, self.adaptive_value = self._level_to_play(playlist[index])
        self.buttons = Buttons()
        self.buttons.add(icon_button("pause", (72, 72), draw_pause_icon, theme.PRIMARY, 96))
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

    def score_settings(self, status: str) -> dict[str, Any]:
        """Options scoring needs beyond the events (recorded with the attempt)."""
        return {}

    @property
    def seed(self) -> int | None:
        return self.ctx.seed

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

    def enter(self, now: float) -> None:
        if self.attempt_origin is None and self.interlude_until is None and not self.results:
            self._start_attempt(now)
        elif self.paused_at is not None and self.attempt_origin is not None:
            # Time paused is not play time: shift the origin so event times stay continuous.
            self.attempt_origin += now - self.paused_at
        self.paused_at = None

    def finish(self, status: str, now: float) -> Transition:
        """End the attempt: save it, then the next try, the results, or (abandoned) back out."""
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
            return None
        from game.scenes.results import ResultsScene

        return Replace(ResultsScene(self.ctx, self.child, self.playlist, self.index, self.results))

    # --- adaptive mode (game/staircase.py, game/records/adaptive.py) -------------------------
    def _level_to_play(self, loaded: LoadedLevel) -> tuple[LoadedLevel, float | None]:
        if not self.ctx.record:  # screenshots show levels as written
            return loaded, None
        from game.records.adaptive import level_to_play

        try:
            return level_to_play(self.ctx.db, self.child.id, loaded)
        except UserError as exc:
            self.ctx.notices.append(str(exc))
            return loaded, None

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

        settings = self.score_settings(status)
        if not self.ctx.record:  # screenshots look; they do not record
            metrics = GAMES[self.game].score(self.loaded, self.events, **settings)
            return SavedAttempt(None, metrics, GAMES[self.game].stars(metrics) if status == "finished" else 0, status)
        # A full disk never stops the game: a session row that cannot be written yet is made with the
        # first attempt that is stored, and an attempt the records file cannot take is kept elsewhere.
        session = self.ctx.session_for(self.child)
        saved = save_attempt(self.ctx.db, session_id=session, child_id=self.child.id, loaded=self.loaded,
                             events=self.events, status=status, started_at=self.started_at,
                             app_version=self.ctx.app_version, screen=self.ctx.screen_size(),
                             attempt_no=self.attempt_no, seed=self.seed, settings=settings or None,
                             session_started_at=self.ctx.session_started_at, ended_at=self.ctx.stamp())
        self.ctx.attempt_saved(saved)
        return saved

    def exit(self, now: float) -> None:
        if self.attempt_origin is not None and self.paused_at is None:
            self._save("abandoned")  # the window was closed mid-attempt: keep what was done
            self.attempt_origin = None

    # --- input and time -------------------------------------------------------------------
    def handle(self, ev: InputEvent, now: float) -> Transition:
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
        return Push(PauseScene(self.ctx))

    def resume(self, result: Any, now: float) -> Transition:
        if result == "stop":
            self.paused_at = None
            return self.finish("abandoned", now)
        return None

    def update(self, dt: float, now: float) -> Transition:
        self.clock += dt
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
    def draw(self, surface: pygame.Surface) -> None:
        self.draw_play(surface)
        self.buttons.draw(surface, self.ctx.fonts)
        self._draw_attempt_dots(surface)
        if self.interlude_until is not None:
            self._draw_interlude(surface)

    def _draw_attempt_dots(self, surface: pygame.Surface) -> None:
        attempts = self.loaded.level.attempts
        if attempts <= 1:
            return
        for k in range(attempts):
            c = (1230 - (attempts - 1 - k) * 34, 44)
            pygame.draw.circle(surface, theme.ACCENT if k < len(self.results) else theme.PANEL, c, 12)
            pygame.draw.circle(surface, theme.INK_SOFT, c, 12, 3)

    def _draw_interlude(self, surface: pygame.Surface) -> None:
        veil = pygame.Surface(theme.CANVAS_SIZE, pygame.SRCALPHA)
        veil.fill((*theme.BACKGROUND, 200))
        surface.blit(veil, (0, 0))
        stars = self.results[-1].stars if self.results else 1
        for k in range(3):
            draw_star(surface, (640 + (k - 1) * 130, 300), 56, k < stars)
        draw_text(surface, "Again!", self.ctx.fonts, 72, center=(640, 450), bold=True)


def draw_progress(surface: pygame.Surface, done: float) -> None:
    """The bar at the top that fills as the child goes, with a star at the end."""
    bar = pygame.Rect(300, 28, 680, 28)
    pygame.draw.rect(surface, theme.PANEL, bar, border_radius=14)
    pygame.draw.rect(surface, theme.SUCCESS, (bar.x, bar.y, int(bar.w * min(max(done, 0.0), 1.0)), bar.h),
                     border_radius=14)
    pygame.draw.rect(surface, theme.PANEL_EDGE, bar, 3, border_radius=14)
    draw_star(surface, (bar.right + 30, bar.centery), 26, done >= 1.0)
