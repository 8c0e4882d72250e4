"""The catching game on screen: fruit and balls coming down, a basket along the bottom.

Rules and scoring live in game/play/catching.py and game/metrics/catching.py; this scene
turns input into events (pointer x, hovering or dragging, as "move"; arrow keys, the d-pad
and the gamepad stick as "key" presses and releases), feeds them to the round, records the
attempt and draws. Feedback is warm: a pop and a bounce for a catch; a missed object just
rolls gently away; a rock in the basket gets a soft purple shimmer.
"""
from __future__ import annotations

import math
from typing import Any

import pygame

from game.events import Event, round_time
from game.games.catching.rules import (
    CATCH_LINE_Y,
    CatchingRound,
    Flight,
    Outcome,
    schedule,
)
from game.input import InputEvent
from game.levels.loader import LoadedLevel
from game.records.db import Child
from game.scenes.base import AppContext, Transition
from game.scenes.common import draw_background
from game.scenes.play import AttemptScene
from game.ui import theme
from game.ui.widgets import draw_arrow, draw_star, draw_text

BASKET_H = 70
GROUND_Y = 690            # play units: where missed objects land and roll away
POP_S = 0.45              # catch burst duration
BOUNCE_S = 0.3            # basket bounce duration
ROLL_S = 1.8              # a missed object rolls this long while fading
STICK_ON, STICK_OFF = 0.5, 0.3   # gamepad stick: past 0.5 is a press, back under 0.3 a release
TARGET_KINDS = ("apple", "orange", "plum", "ball")


def object_kind(flight: Flight) -> str:
    if flight.distractor:
        return "rock"
    if flight.trajectory in ("arc", "bounce"):
        return "ball"
    return TARGET_KINDS[flight.index % len(TARGET_KINDS)]


def draw_object(surface: pygame.Surface, kind: str, center: tuple[float, float], r: float) -> None:
    """Fruit, balls and rocks in the house style: flat colours, a dark outline, a highlight."""
    cx, cy = center
    ri = max(int(r), 4)
    edge = max(2, ri // 10)
    if kind == "rock":
        pts = [(cx + r * k * math.cos(a), cy + r * k * math.sin(a)) for k, a in
               ((1.0, 0.1), (0.85, 0.9), (1.0, 1.7), (0.9, 2.5), (1.0, 3.3), (0.85, 4.1), (0.95, 4.9), (0.9, 5.6))]
        pygame.draw.polygon(surface, (150, 150, 156), pts)
        pygame.draw.polygon(surface, theme.mix((150, 150, 156), theme.INK, 0.55), pts, edge)
        for dx, dy, s in ((-0.3, -0.2, 0.16), (0.3, 0.25, 0.12), (0.05, 0.45, 0.1)):
            pygame.draw.circle(surface, (118, 118, 126), (cx + dx * r, cy + dy * r), max(2, r * s))
        return
    color = {"apple": theme.OI_VERMILLION, "orange": theme.OI_ORANGE, "plum": theme.OI_REDDISH_PURPLE,
             "ball": theme.OI_SKY_BLUE}[kind]
    pygame.draw.circle(surface, color, (cx, cy), ri)
    if kind == "ball":
        band = pygame.Rect(0, 0, 2 * ri, max(4, ri // 2))
        band.center = (int(cx), int(cy))
        pygame.draw.ellipse(surface, theme.WHITE, band)
        pygame.draw.circle(surface, theme.OI_BLUE, (cx, cy), max(3, ri // 4))
    pygame.draw.circle(surface, theme.mix(color, theme.INK, 0.5), (cx, cy), ri, edge)
    pygame.draw.circle(surface, theme.mix(color, theme.WHITE, 0.55), (cx - r * 0.38, cy - r * 0.38), max(2, r * 0.2))
    if kind in ("apple", "plum", "orange"):
        pygame.draw.line(surface, (110, 70, 30), (cx, cy - r * 0.8), (cx + r * 0.12, cy - r * 1.2), max(2, ri // 8))
        leaf = pygame.Rect(0, 0, max(6, int(r * 0.7)), max(4, int(r * 0.38)))
        leaf.center = (int(cx + r * 0.42), int(cy - r * 1.02))
        pygame.draw.ellipse(surface, theme.SUCCESS, leaf)
        pygame.draw.ellipse(surface, theme.mix(theme.SUCCESS, theme.INK, 0.5), leaf, max(1, edge // 2))


def draw_basket(surface: pygame.Surface, rect: pygame.Rect) -> None:
    """A woven basket whose rim is the catch line."""
    base = theme.OI_ORANGE
    dark = theme.mix(base, theme.INK, 0.45)
    body = [(rect.x, rect.y), (rect.right, rect.y), (rect.right - rect.w * 0.08, rect.bottom),
            (rect.x + rect.w * 0.08, rect.bottom)]
    pygame.draw.polygon(surface, base, body)
    step = max(18, rect.w // 8)
    for x in range(rect.x + step, rect.right - step // 2, step):
        pygame.draw.line(surface, dark, (x, rect.y + 8), (x + (x - rect.centerx) * 0.06, rect.bottom - 4), 3)
    for y in (rect.y + rect.h // 3, rect.y + 2 * rect.h // 3):
        pygame.draw.line(surface, theme.mix(base, theme.WHITE, 0.3), (rect.x + 8, y), (rect.right - 8, y), 3)
    pygame.draw.polygon(surface, dark, body, 4)
    rim = pygame.Rect(rect.x - 8, rect.y - 9, rect.w + 16, 18)
    pygame.draw.rect(surface, theme.mix(base, theme.INK, 0.2), rim, border_radius=9)
    pygame.draw.rect(surface, dark, rim, 3, border_radius=9)


class CatchingScene(AttemptScene):
    game = "catching"

    def __init__(self, ctx: AppContext, child: Child, playlist: list[LoadedLevel], index: int,
                 demo_mode: str | None = None):
        super().__init__(ctx, child, playlist, index, demo_mode)
        self.sprites: dict[tuple[str, int], pygame.Surface] = {}
        self.use_level(self.loaded)
        self.new_round()

    def use_level(self, loaded: LoadedLevel) -> None:
        super().use_level(loaded)
        self.spec = loaded.level.catching
        self.flights = schedule(self.spec)
        self.targets = [f for f in self.flights if not f.distractor]
        self.backdrop = self._render_backdrop()

    @property
    def attempt_length_s(self) -> float:
        """Scripted play is not stopped before the last object has come down."""
        return self.round.end_t

    @property
    def seed(self) -> int | None:
        """The random schedule's seed (None for explicit drops), recorded with each attempt."""
        return self.spec.seed

    # --- attempts -------------------------------------------------------------------------
    def new_round(self) -> None:
        self.round = CatchingRound(self.flights, self.spec.catcher_width, self.spec.catcher_speed)
        self.resolved: dict[int, Outcome] = {}
        self.effects: list[tuple[str, float, float, float]] = []   # (kind, t0, x, y)
        self.bounce_at = -99.0
        self.stick = 0   # -1 left held, 0 none, 1 right held (from the gamepad stick)
        self.moved = False

    def score_settings(self, status: str) -> dict[str, Any]:
        """A stopped attempt counts only the objects that came down before the stop."""
        if status != "abandoned":
            return {}
        last = self.events[-1].t if self.events else 0.0
        return {"stopped_at_s": max(round_time(max(self.now_rel, 0.0)), last)}

    # --- input ----------------------------------------------------------------------------
    def handle_play(self, ev: InputEvent, now: float) -> Transition:
        if ev.kind.startswith("pointer_") and self.buttons.pressed is not None:
            return None  # the finger that went down on the pause button does not move the basket
        t = max(self.rel_time(ev), self.events[-1].t if self.events else 0.0)
        if ev.kind.startswith("pointer_"):
            return self._record(Event(t, ev.kind.removeprefix("pointer_"), x=ev.x, y=ev.y, id=ev.pointer or None), now)
        if ev.kind == "action" and ev.action in ("left", "right"):
            if ev.device == "pad" and ev.pressed:  # a d-pad rolled straight across: let go of the other way
                other = "right" if ev.action == "left" else "left"
                if self.round.track.held[other]:
                    tr = self._record(Event(t, "key", key=other, pressed=False), now)
                    if tr is not None:
                        return tr
            if self.round.track.held[ev.action] == ev.pressed:
                return None  # already so: nothing changes
            return self._record(Event(t, "key", key=ev.action, pressed=ev.pressed), now)
        if ev.kind == "stick":
            return self._stick(ev.value, t, now)
        return None

    def _stick(self, value: float, t: float, now: float) -> Transition:
        """The stick becomes key presses: past STICK_ON is held, back under STICK_OFF released."""
        want = self.stick
        if value <= -STICK_ON:
            want = -1
        elif value >= STICK_ON:
            want = 1
        elif abs(value) < STICK_OFF:
            want = 0
        if want == self.stick:
            return None
        for key, side in (("left", -1), ("right", 1)):
            if self.stick == side and want != side:
                tr = self._record(Event(t, "key", key=key, pressed=False), now)
                if tr is not None:
                    return tr
        self.stick = want
        if want != 0:
            return self._record(Event(t, "key", key="left" if want < 0 else "right", pressed=True), now)
        return None

    def _record(self, event: Event, now: float) -> Transition:
        rnd = self.round
        if event.t >= rnd.end_t:
            self.now_rel = event.t
            self._feedback(rnd.resolve(rnd.end_t))
            return self.finish("finished", now)
        self.events.append(event)
        before = len(rnd.outcomes)
        rnd.feed(event)
        self._feedback(rnd.outcomes[before:])
        self.moved = True
        return None

    def _feedback(self, outcomes) -> None:
        for out in outcomes:
            f = out.flight
            self.resolved[f.index] = out
            if out.caught and not f.distractor:
                self.ctx.sounds.play("pop")
                self.effects.append(("pop", f.cross_t, f.to_x, CATCH_LINE_Y))
                self.bounce_at = f.cross_t
            elif out.caught:
                self.ctx.sounds.play("try_again")
                self.effects.append(("oops", f.cross_t, f.to_x, CATCH_LINE_Y))

    # --- time -----------------------------------------------------------------------------
    def update_play(self, dt: float, now: float) -> Transition:
        self._feedback(self.round.resolve(self.now_rel))
        if self.now_rel >= self.round.end_t:
            return self.finish("finished", now)
        return None

    # --- drawing --------------------------------------------------------------------------
    def _render_backdrop(self) -> pygame.Surface:
        layer = pygame.Surface(theme.CANVAS_SIZE)
        draw_background(layer)
        grass = theme.mix(theme.SUCCESS, theme.WHITE, 0.55)
        pygame.draw.rect(layer, grass, (0, GROUND_Y - 10, theme.CANVAS_SIZE[0], 60))
        for x in range(0, theme.CANVAS_SIZE[0], 24):
            pygame.draw.polygon(layer, theme.mix(grass, theme.SUCCESS, 0.4),
                                [(x, GROUND_Y - 10), (x + 12, GROUND_Y - 24), (x + 24, GROUND_Y - 10)])
        return layer

    def _sprite(self, kind: str, r: float) -> pygame.Surface:
        key = (kind, int(round(r)))
        if key not in self.sprites:
            size = int(r * 3) + 8
            img = pygame.Surface((size, size), pygame.SRCALPHA)
            draw_object(img, kind, (size / 2, size / 2 + r * 0.2), r)
            self.sprites[key] = img
        return self.sprites[key]

    def _blit_object(self, surface: pygame.Surface, kind: str, xy: tuple[float, float], r: float,
                     angle: float = 0.0, alpha: int = 255) -> None:
        img = self._sprite(kind, r)
        if angle:
            img = pygame.transform.rotate(img, angle)
        if alpha < 255:
            img = img.copy()
            img.set_alpha(alpha)
        rect = img.get_rect(center=(round(xy[0]), round(xy[1] - r * 0.2)))
        surface.blit(img, rect)

    def catcher_x(self) -> float:
        return self.round.track.at(self.now_rel) if self.attempt_origin is not None else self.round.track.at(0.0)

    @property
    def covers_canvas(self) -> bool:
        return True   # draw_play starts with the backdrop

    def draw_play(self, surface: pygame.Surface) -> None:
        surface.blit(self.backdrop, (0, 0))
        t = self.now_rel if self.attempt_origin is not None else 0.0
        r = self.spec.object_radius
        cx = self.catcher_x()
        for f in self.flights:
            if t < f.spawn_t:
                continue
            out = self.resolved.get(f.index)
            if out is None:
                x, y = f.position(t)
                if y > -r:
                    shadow_w = int(r * (0.8 + 0.8 * min(max(y / CATCH_LINE_Y, 0.0), 1.0)))
                    pygame.draw.ellipse(surface, theme.mix(theme.SUCCESS, theme.INK, 0.25),
                                        (x - shadow_w, GROUND_Y - 6, 2 * shadow_w, 12))
                    self._blit_object(surface, object_kind(f), (x, y), r)
            elif not out.caught:
                self._draw_rolling(surface, f, t - f.cross_t, r)
        self._draw_catcher(surface, cx, t)
        self._draw_effects(surface, t)
        self._draw_hud(surface, t)

    def _draw_rolling(self, surface: pygame.Surface, f: Flight, since: float, r: float) -> None:
        """A missed object drops to the grass and rolls gently away, fading: no harsh feedback."""
        if since > ROLL_S + 0.6:
            return
        x_line, _ = f.position(f.cross_t)
        fall_s = (GROUND_Y - r - CATCH_LINE_Y) / f.speed if GROUND_Y - r > CATCH_LINE_Y else 0.0
        if since < fall_s:
            x, y = f.position(f.cross_t + since)
            self._blit_object(surface, object_kind(f), (x, y), r)
            return
        roll = since - fall_s
        direction = -1.0 if x_line < 640 else 1.0    # away from the middle, towards the nearer edge
        dist = 0.0 if self.access.reduced_motion else 90 * roll   # reduced motion: it fades where it landed
        alpha = int(255 * max(0.0, 1.0 - roll / ROLL_S))
        if alpha <= 0:
            return
        x0, _ = f.position(f.cross_t + fall_s)
        angle = -direction * math.degrees(dist / max(r, 1.0))
        self._blit_object(surface, object_kind(f), (x0 + direction * dist, GROUND_Y - r), r, angle, alpha)

    def _draw_catcher(self, surface: pygame.Surface, cx: float, t: float) -> None:
        w = self.spec.catcher_width
        since = t - self.bounce_at
        still = self.access.reduced_motion   # the basket does not dip; its rim turns gold for a catch instead
        dip = 10 * math.sin(math.pi * since / BOUNCE_S) if 0 <= since < BOUNCE_S and not still else 0.0
        rect = pygame.Rect(0, 0, int(w), BASKET_H)
        rect.midtop = (round(cx), round(CATCH_LINE_Y + dip))
        caught = sum(1 for o in self.resolved.values() if o.caught and not o.flight.distractor)
        peek = min(caught, max(1, int(w // 50)))
        for k in range(peek):   # the catch so far peeks over the rim
            px = rect.centerx + (k - (peek - 1) / 2) * min(44, (w - 40) / max(peek, 1))
            self._blit_object(surface, TARGET_KINDS[k % len(TARGET_KINDS)], (px, rect.y + 2), 18)
        draw_basket(surface, rect)
        if still and 0 <= since < BOUNCE_S:
            rim = pygame.Rect(rect.x - 8, rect.y - 9, rect.w + 16, 18)
            pygame.draw.rect(surface, theme.STAR_GOLD, rim, border_radius=9)
            pygame.draw.rect(surface, theme.mix(theme.STAR_GOLD, theme.INK, 0.45), rim, 3, border_radius=9)
        if not self.moved and self.attempt_origin is not None:   # "move me this way or that way"
            pulse = 0.0 if still else 8 * math.sin(self.clock * 6)
            for d in (-1, 1):
                draw_arrow(surface, (rect.centerx + d * (w / 2 + 24 + pulse), rect.centery),
                           (d, 0), 70, theme.START_DOT, 22)

    def _draw_effects(self, surface: pygame.Surface, t: float) -> None:
        keep = []
        for kind, t0, x, y in self.effects:
            age = t - t0
            if kind == "pop" and age < POP_S and self.access.reduced_motion:
                draw_star(surface, (x, y - 50), 22, True)   # a star where it was caught, keeping still
                keep.append((kind, t0, x, y))
            elif kind == "pop" and age < POP_S:
                k = age / POP_S
                for i in range(8):
                    a = i * math.pi / 4 + 0.3
                    d = 20 + 70 * k
                    pygame.draw.circle(surface, theme.CONFETTI_COLORS[i % len(theme.CONFETTI_COLORS)],
                                       (x + d * math.cos(a), y - 10 + d * math.sin(a) * 0.8), max(2, int(9 * (1 - k))))
                draw_star(surface, (x, y - 40 - 40 * k), 22 * (1 - 0.3 * k), True)
                keep.append((kind, t0, x, y))
            elif kind == "oops" and age < 0.8:
                halo = pygame.Surface((240, 120), pygame.SRCALPHA)
                pygame.draw.ellipse(halo, (*theme.GENTLE, int(120 * (1 - age / 0.8))), halo.get_rect())
                surface.blit(halo, (x - 120, y - 50))
                keep.append((kind, t0, x, y))
            elif age < 0:
                keep.append((kind, t0, x, y))
        self.effects = keep

    def _draw_hud(self, surface: pygame.Surface, t: float) -> None:
        n = len(self.targets)
        if n:   # one dot per object to catch: a gold star once caught, a soft ring otherwise
            gap = min(46, 760 // n)
            x0 = 640 - gap * (n - 1) / 2
            for k, f in enumerate(self.targets):
                c = (x0 + k * gap, 44)
                out = self.resolved.get(f.index)
                if out is not None and out.caught:
                    draw_star(surface, c, min(20, gap * 0.45), True)
                else:
                    color = theme.PANEL_EDGE if out is not None else theme.PANEL
                    pygame.draw.circle(surface, color, c, min(12, int(gap * 0.3)))
                    pygame.draw.circle(surface, theme.INK_SOFT, c, min(12, int(gap * 0.3)), 3)
        caught = sum(1 for o in self.resolved.values() if o.caught and not o.flight.distractor)
        since = t - self.bounce_at
        bouncing = 0 <= since < BOUNCE_S
        still = self.access.reduced_motion   # the count turns green for a catch instead of growing
        grow = 1.0 + (0.3 * math.sin(math.pi * since / BOUNCE_S) if bouncing and not still else 0.0)
        dy = 64 if self.loaded.level.attempts > 1 else 0   # below the attempt dots when there are some
        icon = pygame.Rect(0, 0, 64, 34)
        icon.center = (1110, 62 + dy)
        self._blit_object(surface, "apple", (1110, 34 + dy), 16)
        draw_basket(surface, icon)
        draw_text(surface, str(caught), self.ctx.fonts, int(56 * grow), center=(1190, 52 + dy), bold=True,
                  color=theme.SUCCESS if still and bouncing else theme.INK)


def draw_catching_thumbnail(surface: pygame.Surface, loaded: LoadedLevel, rect: pygame.Rect) -> None:
    """The level in miniature: the basket at its width, and the first objects' paths down to it."""
    spec = loaded.level.catching
    scale = min(rect.w / theme.CANVAS_SIZE[0], rect.h / theme.CANVAS_SIZE[1])
    ox = rect.centerx - theme.CANVAS_SIZE[0] * scale / 2
    oy = rect.centery - theme.CANVAS_SIZE[1] * scale / 2

    def at(x: float, y: float) -> tuple[float, float]:
        return ox + x * scale, oy + y * scale

    r = max(5.0, spec.object_radius * scale * 2.0)
    shown = schedule(spec)[:4]
    for f in shown:
        pts = [at(*f.position(f.spawn_t + f.flight_s * k / 24)) for k in range(25)]
        for p in pts[::2]:
            pygame.draw.circle(surface, theme.mix(theme.PANEL_EDGE, theme.INK_SOFT, 0.4), p, 2)
    for f in shown:
        draw_object(surface, object_kind(f), at(*f.position(f.spawn_t + f.flight_s * 0.4)), r)
    w = max(24, int(spec.catcher_width * scale))
    basket = pygame.Rect(0, 0, w, max(12, int(BASKET_H * scale)))
    basket.midtop = (round(at(640, CATCH_LINE_Y)[0]), round(at(640, CATCH_LINE_Y)[1]))
    draw_basket(surface, basket)
