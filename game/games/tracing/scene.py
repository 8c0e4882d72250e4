"""The tracing game on screen: the corridor, the start dot and arrow, the child's trail.

Rules and scoring live in game/play/tracing.py and game/metrics; this scene turns input
into events, feeds them to the round, records the attempt and draws.
"""
from __future__ import annotations

import math

import numpy as np
import pygame

from game.events import Event
from game.games.tracing.rules import TracingRound
from game.input import InputEvent
from game.levels.loader import LoadedLevel
from game.metrics.geometry import NearSegments, polyline_segments
from game.records.db import Child
from game.scenes.base import AppContext, Transition
from game.scenes.common import draw_background
from game.scenes.play import AttemptScene, draw_progress
from game.ui import theme
from game.ui.widgets import draw_arrow

TRAIL_WIDTH = 12
OFF_PATH_SOUND_GAP_S = 2.0
FADING_AHEAD = 260.0  # play units of path shown ahead of the child with guide = "fading"


class TracingScene(AttemptScene):
    game = "tracing"

    def __init__(self, ctx: AppContext, child: Child, playlist: list[LoadedLevel], index: int,
                 demo_mode: str | None = None):
        super().__init__(ctx, child, playlist, index, demo_mode)
        self.use_level(self.loaded)
        self.new_round()

    def use_level(self, loaded: LoadedLevel) -> None:
        super().use_level(loaded)
        self.spec = loaded.level.tracing
        self.template = loaded.level.template
        self.on_road = NearSegments(*polyline_segments(self.template), self.spec.tolerance)
        self.corridor = self._render_corridor()
        self.corridor_box = self.corridor.get_bounding_rect()   # only this part is blitted each frame

    def new_round(self) -> None:
        self.round = TracingRound(self.template, self.spec.tolerance, self.spec.time_limit_s)
        self.trail: list[tuple[float, float, bool]] = []   # x, y, inside; NaN x breaks the line
        self.trail_layer = pygame.Surface(theme.CANVAS_SIZE, pygame.SRCALPHA)
        self.trail_box: pygame.Rect | None = None   # where the trail layer has been drawn on
        self.pending_trail = 0
        self.off_path = False
        self.last_off_sound = -99.0

    def handle_play(self, ev: InputEvent, now: float) -> Transition:
        if not ev.kind.startswith("pointer_"):
            return None
        if ev.kind == "pointer_move" and ev.device == "mouse" and not ev.pressed:
            return None  # hovering is not tracing
        kind = ev.kind.removeprefix("pointer_")
        rnd = self.round
        if kind != "down" and (not rnd.pen_down or (ev.pointer or None) != rnd.pointer):
            return None  # a second finger or a stray release
        if kind == "down" and rnd.pen_down:
            return None
        t = self.rel_time(ev)
        event = Event(t, kind, x=ev.x, y=ev.y, id=ev.pointer or None)
        rnd.tick(t)
        if rnd.finished:
            return self.finish("finished", now)
        self.events.append(event)
        before = rnd.stroke
        rnd.feed(event)
        self._add_trail(event)
        if rnd.completed:
            return self.finish("finished", now)
        if rnd.stroke != before:
            self.ctx.sounds.play("pop")
        return None

    def update_play(self, dt: float, now: float) -> Transition:
        self.round.tick(self.now_rel)
        if self.round.timed_out:
            return self.finish("finished", now)
        return None

    def _add_trail(self, ev: Event) -> None:
        inside = self.on_road.within(float(ev.x), float(ev.y))
        if ev.type == "down" and self.trail:
            self.trail.append((math.nan, math.nan, True))
        self.trail.append((float(ev.x), float(ev.y), inside))
        now_off = not inside and self.round.pen_down
        if now_off and not self.off_path and self.clock - self.last_off_sound > OFF_PATH_SOUND_GAP_S:
            self.ctx.sounds.play("try_again")
            self.last_off_sound = self.clock
        self.off_path = now_off

    # --- drawing --------------------------------------------------------------------------
    def _render_corridor(self) -> pygame.Surface:
        layer = pygame.Surface(theme.CANVAS_SIZE, pygame.SRCALPHA)
        if self.spec.guide == "start":
            self._draw_model(layer)
            return layer
        draw_corridor(layer, self.template, self.spec.tolerance, centre_line=self.spec.guide == "full")
        if self.spec.guide == "fading":
            layer.set_alpha(90)  # the whole path faint; the part just ahead is drawn strong each frame
        return layer

    def _draw_model(self, layer: pygame.Surface) -> None:
        """With guide = start the path is not drawn, so show a small picture to copy from."""
        pts = np.concatenate(self.template)
        lo, hi = pts.min(axis=0), pts.max(axis=0)
        box = pygame.Rect(1060, 100, 190, 150)
        scale = min((box.w - 30) / max(hi[0] - lo[0], 1), (box.h - 30) / max(hi[1] - lo[1], 1))
        pygame.draw.rect(layer, theme.PANEL, box, border_radius=18)
        pygame.draw.rect(layer, theme.PANEL_EDGE, box, 3, border_radius=18)
        mid = (lo + hi) / 2
        for stroke in self.template:
            xy = ((stroke - mid) * scale + np.array(box.center)).tolist()
            pygame.draw.lines(layer, theme.TRAIL_IN, False, xy, 5)

    @property
    def covers_canvas(self) -> bool:
        return True   # draw_play starts with the paper background

    def play_moves_fast(self) -> bool:
        return False   # only the start dot pulses; the trail follows input, and input is drawn at once

    def draw_play(self, surface: pygame.Surface) -> None:
        draw_background(surface)
        rnd = self.round
        if self.spec.guide == "fading":
            self._draw_fading(surface)
        else:
            surface.blit(self.corridor, self.corridor_box.topleft, self.corridor_box)
        for i, stroke in enumerate(self.template):
            if rnd.stroke_fraction(i) >= 1.0:
                thick_path(surface, theme.mix(theme.SUCCESS, theme.WHITE, 0.55), stroke, 10)
        self._draw_trail(surface)
        if not rnd.completed:
            self._draw_start(surface)
        self._draw_hud(surface)

    def _draw_fading(self, surface: pygame.Surface) -> None:
        surface.blit(self.corridor, self.corridor_box.topleft, self.corridor_box)
        rnd = self.round
        stroke = rnd.samples[rnd.stroke]
        start = rnd.reached
        ahead = int(FADING_AHEAD / 2.0)
        layer = pygame.Surface(theme.CANVAS_SIZE, pygame.SRCALPHA)
        tol = int(self.spec.tolerance)
        end = min(start + ahead, len(stroke) - 1)
        for k in range(end - 1, start - 1, -2):
            alpha = int(255 * min(1.0, 1.6 * (1 - (k - start) / ahead)))
            pygame.draw.circle(layer, (*theme.CORRIDOR_FILL, alpha), stroke[k], tol)
        surface.blit(layer, (0, 0))

    def _draw_trail(self, surface: pygame.Surface) -> None:
        # Only new points are drawn onto the kept layer: the trail costs the same at any length.
        pts = self.trail
        for k in range(max(self.pending_trail, 1), len(pts)):
            (x0, y0, _), (x1, y1, inside) = pts[k - 1], pts[k]
            if math.isnan(x0) or math.isnan(x1):
                continue
            color = theme.TRAIL_IN if inside else theme.TRAIL_OUT
            self._mark_trail(pygame.draw.line(self.trail_layer, color, (x0, y0), (x1, y1), TRAIL_WIDTH))
            self._mark_trail(pygame.draw.circle(self.trail_layer, color, (x1, y1), TRAIL_WIDTH // 2))
        if len(pts) == 1 and self.pending_trail == 0:
            x, y, inside = pts[0]
            self._mark_trail(pygame.draw.circle(self.trail_layer, theme.TRAIL_IN if inside else theme.TRAIL_OUT,
                                                (x, y), TRAIL_WIDTH // 2))
        self.pending_trail = len(pts)
        if self.trail_box is not None:   # blit only where there is trail: a full-canvas alpha blit costs ~0.7 ms
            surface.blit(self.trail_layer, self.trail_box.topleft, self.trail_box)

    def _mark_trail(self, drawn: pygame.Rect) -> None:
        self.trail_box = drawn.copy() if self.trail_box is None else self.trail_box.union(drawn)

    def _draw_start(self, surface: pygame.Surface) -> None:
        rnd = self.round
        p = rnd.progress_point()
        d = rnd.progress_direction()
        # Reduced motion: the dot and halo keep still. Larger targets: a 1.5x start dot (only drawn larger:
        # where a touch counts as on the road is the level's tolerance, as always).
        pulse = 1.0 if self.access.reduced_motion else 1.0 + 0.12 * math.sin(self.clock * 5)
        big = self.access.target_scale
        if self.off_path:  # gentle cue: a soft halo where the path carries on
            halo = pygame.Surface((200, 200), pygame.SRCALPHA)
            pygame.draw.circle(halo, (*theme.OI_YELLOW, 110), (100, 100), int(70 * pulse))
            surface.blit(halo, (p[0] - 100, p[1] - 100))
        end = rnd.samples[rnd.stroke][-1]
        if float(np.hypot(*(end - p))) > 40:
            pygame.draw.circle(surface, theme.END_DOT, end, 18)
            pygame.draw.circle(surface, theme.WHITE, end, 10)
            pygame.draw.circle(surface, theme.END_DOT, end, 5)
        if not rnd.pen_down:
            draw_arrow(surface, (p[0] + d[0] * 34 * big, p[1] + d[1] * 34 * big), (float(d[0]), float(d[1])), 70,
                       theme.START_DOT, 16)
        r = int(26 * pulse * big) if not rnd.pen_down else int(20 * big)
        pygame.draw.circle(surface, theme.mix(theme.START_DOT, theme.INK, 0.3), p, r + 3)
        pygame.draw.circle(surface, theme.START_DOT, p, r)
        pygame.draw.circle(surface, theme.WHITE, p, max(r // 3, 4))

    def _draw_hud(self, surface: pygame.Surface) -> None:
        total = max(len(self.template), 1)
        draw_progress(surface, sum(self.round.stroke_fraction(i) for i in range(total)) / total)
        limit = self.spec.time_limit_s
        if limit and self.attempt_origin is not None:
            left = max(0.0, 1.0 - self.now_rel / limit)
            tb = pygame.Rect(300, 66, 680, 10)
            pygame.draw.rect(surface, theme.mix(theme.PANEL, theme.SECONDARY, 0.3), tb, border_radius=5)
            pygame.draw.rect(surface, theme.SECONDARY, (tb.x, tb.y, int(tb.w * left), tb.h), border_radius=5)


def draw_corridor(surface: pygame.Surface, template, tolerance: float, centre_line: bool = True) -> None:
    """The road the child follows: edge, fill and (optionally) a dotted centre line."""
    for stroke in template:
        thick_path(surface, theme.CORRIDOR_EDGE, stroke, tolerance + 3)
    for stroke in template:
        thick_path(surface, theme.CORRIDOR_FILL, stroke, tolerance)
    if centre_line:
        for stroke in template:
            dotted_path(surface, theme.mix(theme.CORRIDOR_FILL, theme.CORRIDOR_EDGE, 0.6), stroke, 18, 4)


def thick_path(surface: pygame.Surface, color, pts: np.ndarray, radius: float) -> None:
    """A polyline of the given half-width with round joins and ends."""
    r = max(int(round(radius)), 1)
    xy = pts.tolist()
    if len(xy) >= 2:
        pygame.draw.lines(surface, color, False, xy, 2 * r)
    # Round joins: a circle at every real corner, and along dense curves one every r/3 of length.
    for k in _join_points(np.asarray(pts, dtype=float), r / 3):
        pygame.draw.circle(surface, color, xy[k], r)


def _join_points(pts: np.ndarray, spacing: float) -> list[int]:
    if len(pts) < 3:
        return list(range(len(pts)))
    seg = np.diff(pts, axis=0)
    length = np.hypot(*seg.T)
    unit = seg / np.maximum(length, 1e-9)[:, None]
    turns = np.flatnonzero(np.einsum("ij,ij->i", unit[:-1], unit[1:]) < 0.985) + 1  # more than ~10 degrees
    along = np.concatenate([[0.0], np.cumsum(length)])
    marks = np.searchsorted(along, np.arange(0.0, along[-1], max(spacing, 1.0)))
    return sorted({0, len(pts) - 1, *turns.tolist(), *np.clip(marks, 0, len(pts) - 1).tolist()})


def dotted_path(surface: pygame.Surface, color, pts: np.ndarray, spacing: float, radius: int) -> None:
    seg = np.hypot(*np.diff(pts, axis=0).T)
    s = np.concatenate([[0.0], np.cumsum(seg)])
    for at in np.arange(0.0, s[-1], spacing):
        surface_pt = (float(np.interp(at, s, pts[:, 0])), float(np.interp(at, s, pts[:, 1])))
        pygame.draw.circle(surface, color, surface_pt, radius)
