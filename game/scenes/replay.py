"""Replay one recorded attempt from its stored level text and events, at 1x, 2x or 4x.

What is on screen at time t comes from each game's replay_model (pure, tested) and is drawn
by its replay_view: the trace so far over the level's corridor, the catcher and objects where
the scorer had them, or the taps on a timeline against the beats. The attempt's metrics sit
beside it in plain words with units.
"""
from __future__ import annotations

from typing import Any

import pygame

from game.errors import UserError
from game.events import parse_events
from game.games import GAMES
from game.input import InputEvent
from game.levels.loader import LevelError, parse_level
from game.metrics.glossary import GLOSSARY, metric_info
from game.metrics.labels import format_metric, format_number, metric_label
from game.records.db import Child, Database
from game.records.rows import AttemptRow
from game.records.series import KEY_METRICS
from game.scenes.base import AppContext, Pop, Scene, Transition
from game.scenes.common import Button, Buttons
from game.scenes.therapist_ui import back_button, draw_header, when
from game.ui import charts, theme
from game.ui.widgets import (
    draw_again_icon,
    draw_pause_icon,
    draw_play_icon,
    draw_star,
    draw_text,
    fit,
    fit_between,
)

VIEW = pygame.Rect(24, 122, 800, 450)          # the play area: 1280x720 scaled by 0.625
SCALE = VIEW.w / theme.CANVAS_SIZE[0]
PANEL = pygame.Rect(846, 122, 410, 578)
MARKS = pygame.Rect(44, 584, 760, 16)           # what happened when, above the time bar
BAR = pygame.Rect(44, 608, 760, 10)             # the time bar track, same span as MARKS
BAR_HIT = pygame.Rect(24, 578, 800, 52)         # where a tap or drag seeks
CONTROLS_Y = 636
SPEEDS = (1, 2, 4)
MISS_COLOR = theme.OI_VERMILLION
PLAYHEAD = theme.OI_REDDISH_PURPLE


def to_view(x: float, y: float) -> tuple[float, float]:
    """Play units -> pixels in the replay view."""
    return VIEW.x + x * SCALE, VIEW.y + y * SCALE


def view_caption(surface: pygame.Surface, fonts: Any, left: str, right: str) -> None:
    """A line over the top of the replay view: what has happened so far, and the key to the colours."""
    box = pygame.Rect(VIEW.x + 10, VIEW.y + 10, VIEW.w - 20, 36)
    veil = pygame.Surface(box.size, pygame.SRCALPHA)
    veil.fill((*theme.PANEL, 215))
    surface.blit(veil, box)
    draw_text(surface, left, fonts, 20, topleft=(box.x + 10, box.y + 5), bold=True)
    img = fonts.get(17).render(right, True, theme.INK_SOFT)
    surface.blit(img, img.get_rect(midright=(box.right - 10, box.centery)))


class ReplayViewBase:
    """What a game's replay view (game/games/<name>/replay_view.py: ReplayView) gives this scene.

    Built from the attempt's level, events and record; `length` is how long the replay runs;
    `draw` paints the view at time t inside VIEW; `draw_marks` puts what happened when on the
    time bar's scale `xs`.
    """

    def __init__(self, ctx: Any, loaded: Any) -> None:
        self.ctx = ctx
        self.loaded = loaded
        self.t = 0.0
        self.length = 0.5

    def draw(self, surface: pygame.Surface, t: float) -> None:
        raise NotImplementedError

    def draw_marks(self, surface: pygame.Surface, xs: charts.Scale) -> None:
        raise NotImplementedError


class ReplayScene(Scene):
    def __init__(self, ctx: AppContext, attempt_id: int, start_at: float = 0.0, playing: bool = True):
        super().__init__(ctx)
        self.attempt_id = attempt_id
        self.t = max(0.0, float(start_at))
        self.speed = 1
        self.playing = playing
        self.error = ""
        self.row: AttemptRow | None = ctx.db.attempt(attempt_id)
        self.length = 1.0
        self.buttons = Buttons()
        self.dragging = False
        self.game = ""
        self.view: Any = None
        self.layer: pygame.Surface | None = None
        if self.row is None:
            self.error = f"Attempt {attempt_id} is not in the records."
        else:
            try:
                self._prepare(self.row)
            except (UserError, LevelError) as exc:
                self.error = f"This attempt cannot be replayed: {exc}"
        self.t = min(self.t, self.length)
        self._layout()

    # --- data --------------------------------------------------------------------------------
    def _prepare(self, row: AttemptRow) -> None:
        self.game = row.game
        self.loaded = parse_level(row.level_text, row.level_path)
        self.events = parse_events(row.events, f"attempt {row.id}")
        import importlib

        if self.game not in GAMES:
            raise UserError(f"no replay for the game {self.game}")
        view_class = importlib.import_module(GAMES[self.game].replay).ReplayView
        self.view = view_class(self.ctx, self.loaded, self.events, row)
        self.length = self.view.length
        self.length = max(self.length, 0.5)

    def _layout(self) -> None:
        self.buttons.clear()
        self.buttons.add(back_button())
        if self.error:
            return
        y = CONTROLS_Y
        self.buttons.add(Button("restart", pygame.Rect(24, y, 80, 64), "", theme.SECONDARY,
                                icon=lambda s, r: draw_again_icon(s, r, theme.INK)))
        self.buttons.add(Button("play", pygame.Rect(116, y, 104, 64), "", theme.PRIMARY,
                                icon=draw_pause_icon if self.playing else draw_play_icon))
        for i, speed in enumerate(SPEEDS):
            self.buttons.add(Button(("speed", speed), pygame.Rect(248 + i * 88, y, 80, 64), f"{speed}×",
                                    draw_fn=self._draw_speed))

    def _draw_speed(self, surface: pygame.Surface, b: Button, pressed: bool, focused: bool) -> None:
        """The chosen speed is filled dark with a white label, the others outlined: brightness, not hue."""
        on = b.key[1] == self.speed
        face = b.rect.move(0, 3 if pressed else 0)
        pygame.draw.rect(surface, theme.PRIMARY if on else theme.PANEL, face, border_radius=16)
        pygame.draw.rect(surface, theme.PRIMARY if on else theme.PANEL_EDGE, face, 3, border_radius=16)
        draw_text(surface, b.label, self.ctx.fonts, 30, center=face.center, bold=True,
                  color=theme.WHITE if on else theme.INK)

    # --- input and time ----------------------------------------------------------------------
    def handle(self, ev: InputEvent, now: float) -> Transition:
        if ev.kind == "action" and ev.pressed and ev.action == "back":
            return Pop()
        if ev.kind == "action" and ev.pressed and ev.action == "confirm" and self.buttons.focus is None:
            return self._toggle()
        if not self.error and ev.kind.startswith("pointer_"):
            if ev.kind == "pointer_down" and BAR_HIT.collidepoint(ev.x, ev.y):
                self.dragging = True
            if self.dragging:
                self.seek(charts.Scale(0.0, self.length, BAR.left, BAR.right).value(ev.x))
                if ev.kind == "pointer_up":
                    self.dragging = False
                return None
        key = self.buttons.handle(ev)
        if key == "back":
            return Pop()
        if key == "restart":
            self.seek(0.0)
            self.playing = True
            self._layout()
        elif key == "play":
            return self._toggle()
        elif isinstance(key, tuple) and key[0] == "speed":
            self.speed = key[1]
        return None

    def _toggle(self) -> Transition:
        if not self.playing and self.t >= self.length:
            self.t = 0.0
        self.playing = not self.playing
        self._layout()
        return None

    def seek(self, t: float) -> None:
        self.t = min(max(0.0, t), self.length)

    def update(self, dt: float, now: float) -> Transition:
        if self.playing and not self.error:
            self.t = min(self.length, self.t + dt * self.speed)
            if self.t >= self.length:
                self.playing = False
                self._layout()
        return None

    @property
    def needs_redraw(self) -> bool:
        return self.playing   # still while paused or at the end

    # --- drawing -----------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        row = self.row
        if row is None or self.error:
            draw_header(surface, self.ctx, "Replay", "")
            draw_text(surface, self.error, self.ctx.fonts, 26, center=(640, 360), color=theme.INK_SOFT)
            self.buttons.draw(surface, self.ctx.fonts)
            return
        title = GAMES[self.game].title if self.game in GAMES else self.game
        status = "" if row.status == "finished" else " · stopped early"
        draw_header(surface, self.ctx, ("", row.child, f" · {title} replay"),
                    f"{row.level_title} · {when(row.started_at)} · try {row.attempt_no}{status}")
        pygame.draw.rect(surface, theme.PANEL, VIEW)
        clip = surface.get_clip()
        surface.set_clip(VIEW)
        self.view.draw(surface, self.t)
        surface.set_clip(clip)
        pygame.draw.rect(surface, theme.PANEL_EDGE, VIEW, 3)
        self._draw_marks(surface)
        self._draw_bar(surface)
        self._draw_metrics(surface, row)
        self.buttons.draw(surface, self.ctx.fonts)

    def _draw_bar(self, surface: pygame.Surface) -> None:
        pygame.draw.rect(surface, theme.mix(theme.PANEL, theme.SECONDARY, 0.35), BAR, border_radius=5)
        x = charts.Scale(0.0, self.length, BAR.left, BAR.right).px(self.t)
        pygame.draw.rect(surface, theme.PRIMARY, (BAR.x, BAR.y, max(0, round(x) - BAR.x), BAR.h), border_radius=5)
        pygame.draw.circle(surface, theme.WHITE, (round(x), BAR.centery), 11)
        pygame.draw.circle(surface, theme.PRIMARY, (round(x), BAR.centery), 11, 4)
        draw_text(surface, f"{self.t:.1f} s", self.ctx.fonts, 30, topleft=(530, CONTROLS_Y + 6), bold=True)
        draw_text(surface, f"of {self.length:.1f} s · {self.speed}× speed", self.ctx.fonts, 20,
                  topleft=(640, CONTROLS_Y + 16), color=theme.INK_SOFT)

    def _draw_metrics(self, surface: pygame.Surface, row: AttemptRow) -> None:
        pygame.draw.rect(surface, theme.PANEL, PANEL, border_radius=20)
        pygame.draw.rect(surface, theme.PANEL_EDGE, PANEL, 2, border_radius=20)
        fonts = self.ctx.fonts
        x, y, w = PANEL.x + 16, PANEL.y + 12, PANEL.w - 32
        draw_text(surface, "This attempt", fonts, 22, topleft=(x, y), bold=True)
        for k in range(3):
            draw_star(surface, (PANEL.right - 100 + k * 34, y + 15), 14, k < row.stars)
        y += 36
        names = list(GAMES[self.game].metrics) if self.game in GAMES else list(row.metrics)
        key = list(KEY_METRICS.get(self.game, ()))
        names = key + [n for n in names if n not in key]
        size = 18 if len(names) <= 12 else 16
        step = min(40, (PANEL.bottom - 12 - y) // max(len(names), 1))
        label_font, value_font = fonts.get(size), fonts.get(size, True)
        for i, name in enumerate(names):
            value = format_metric(self.game, name, row.metrics.get(name)) if self.game in GAMES \
                else format_number(row.metrics.get(name), "")
            if name in key:
                pygame.draw.rect(surface, theme.mix(theme.PANEL, theme.OI_SKY_BLUE, 0.22),
                                 (x - 8, y - 2, w + 16, step - 2), border_radius=8)
            vimg = value_font.render(value, True, theme.INK)
            surface.blit(vimg, vimg.get_rect(topright=(x + w, y + (step - 2 - vimg.get_height()) // 2 - 1)))
            label = fit(metric_label(name), label_font, w - vimg.get_width() - 12)
            limg = (value_font if name in key else label_font).render(label, True, theme.INK if name in key
                                                                       else theme.INK_SOFT)
            surface.blit(limg, (x, y + (step - 2 - limg.get_height()) // 2 - 1))
            y += step

    # --- tracing -------------------------------------------------------------------------------
    def _draw_marks(self, surface: pygame.Surface) -> None:
        """Under the view: when things happened (pen down, catches and misses), against the time bar."""
        xs = charts.Scale(0.0, self.length, MARKS.left, MARKS.right)
        pygame.draw.rect(surface, theme.mix(theme.PANEL, theme.PANEL_EDGE, 0.4), MARKS, border_radius=6)
        self.view.draw_marks(surface, xs)
        x = round(xs.px(self.t))
        pygame.draw.line(surface, PLAYHEAD, (x, MARKS.y - 3), (x, MARKS.bottom + 3), 3)


def unit_of(game: str, metric: str) -> str:
    """The glossary's unit, or none for a metric an older version recorded and the glossary lost."""
    return metric_info(game, metric).unit if metric in GLOSSARY.get(game, {}) else ""




class NoAttemptScene(Scene):
    """What the replay screen shows when there is nothing to replay."""

    def __init__(self, ctx: AppContext, child: Child, game: str):
        super().__init__(ctx)
        self.child = child
        self.game = game
        self.buttons = Buttons()
        self.buttons.add(back_button())

    def handle(self, ev: InputEvent, now: float) -> Transition:
        if (ev.kind == "action" and ev.pressed and ev.action == "back") or self.buttons.handle(ev) == "back":
            return Pop()
        return None

    def draw(self, surface: pygame.Surface) -> None:
        title = GAMES[self.game].title if self.game in GAMES else self.game
        draw_header(surface, self.ctx, ("", self.child.name, f" · {title} replay"), "")
        draw_text(surface, "No attempts yet", self.ctx.fonts, 44, center=(640, 330), bold=True)
        draw_text(surface, fit_between("When ", self.child.name, f" plays {title}, each attempt can be replayed here.",
                                       self.ctx.fonts.get(24), 1200),
                  self.ctx.fonts, 24, center=(640, 390), color=theme.INK_SOFT)
        self.buttons.draw(surface, self.ctx.fonts)


def latest_attempt(db: Database, child: Child, game: str) -> AttemptRow | None:
    rows = [r for r in db.attempts(child.name, with_events=False) if r.game == game] if child.id else []
    return rows[-1] if rows else None


def for_screenshot(ctx: AppContext, db: Database, child: Child, game: str) -> Scene:
    """The child's latest attempt of `game`, 60% of the way through after the screenshot's 1.2 s at 1x."""
    row = latest_attempt(db, child, game)
    if row is None:
        return NoAttemptScene(ctx, child, game)
    scene = ReplayScene(ctx, row.id)
    scene.seek(max(0.0, 0.6 * scene.length - SCREENSHOT_RUN_S))
    return scene


SCREENSHOT_RUN_S = 1.2   # game.headless.screenshot runs the loop this long before the picture
