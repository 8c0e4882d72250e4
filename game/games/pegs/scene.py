"""The pegs game on screen: a wooden board of holes, a tray of little peg friends.

Rules and scoring live in rules.py and metrics.py; this scene turns pointer input into
events, feeds them to the round, records the attempt and draws. Feedback is warm: a peg
that goes in pops, smiles and sparkles; a peg let go elsewhere just slides home again.
"""
from __future__ import annotations

import math

import pygame

from game.events import Event
from game.input import InputEvent
from game.levels.loader import LoadedLevel
from game.games.pegs.level import hole_positions, tray_positions
from game.games.pegs.rules import Carry, PegsRound, new_round
from game.records.db import Child
from game.scenes.base import AppContext, Transition
from game.scenes.common import draw_background
from game.scenes.play import AttemptScene, draw_progress
from game.ui import theme
from game.ui.widgets import draw_arrow, draw_star

PEG_COLORS = (theme.OI_ORANGE, theme.OI_SKY_BLUE, theme.OI_REDDISH_PURPLE, theme.OI_BLUISH_GREEN,
              theme.OI_YELLOW, theme.OI_VERMILLION)
WOOD = (214, 170, 112)
WOOD_DARK = (160, 112, 62)
TRAY = (236, 222, 196)
HOLE = (92, 62, 36)
SLIDE_S = 0.35            # a dropped peg slides home this long
POP_S = 0.5               # the sparkle when a peg goes in
END_PAUSE_S = 0.8         # the last peg's sparkle is seen before the try ends


def peg_color(index: int) -> tuple[int, int, int]:
    return PEG_COLORS[index % len(PEG_COLORS)]


def draw_peg(surface: pygame.Surface, center: tuple[float, float], r: float, index: int,
             happy: bool = False, lifted: bool = False) -> None:
    """A peg seen from above as a little round friend: body, tuft, eyes, cheeks and a smile."""
    cx, cy = center
    r = max(r, 4.0)
    color = peg_color(index)
    dark = theme.mix(color, theme.INK, 0.5)
    edge = max(2, int(r / 9))
    if lifted:   # its shadow on the board: it is up in the air
        shadow = pygame.Surface((int(2.4 * r), int(1.2 * r)), pygame.SRCALPHA)
        pygame.draw.ellipse(shadow, (*theme.SHADOW, 70), shadow.get_rect())
        surface.blit(shadow, (cx - 1.2 * r + r * 0.25, cy + r * 0.55))
    tuft = [(cx - r * 0.25, cy - r * 0.85), (cx - r * 0.05, cy - r * 1.3), (cx + r * 0.1, cy - r * 0.8)]
    pygame.draw.polygon(surface, dark, tuft)
    pygame.draw.circle(surface, color, (cx, cy), r)
    pygame.draw.circle(surface, dark, (cx, cy), r, edge)
    pygame.draw.circle(surface, theme.mix(color, theme.WHITE, 0.55), (cx - r * 0.45, cy - r * 0.45), max(2, r * 0.16))
    ey = cy - r * 0.12
    for sx in (-1, 1):
        ex = cx + sx * r * 0.34
        if happy:   # eyes closed in a smile
            pygame.draw.arc(surface, theme.INK, (ex - r * 0.17, ey - r * 0.12, r * 0.34, r * 0.3), 0.2, math.pi - 0.2,
                            max(2, int(r / 10)))
        else:
            pygame.draw.circle(surface, theme.WHITE, (ex, ey), max(2, r * 0.19))
            pygame.draw.circle(surface, theme.INK, (ex + r * 0.03, ey + r * 0.03), max(1, r * 0.1))
        pygame.draw.circle(surface, theme.mix(color, theme.OI_VERMILLION, 0.45), (cx + sx * r * 0.58, cy + r * 0.22),
                           max(1, r * 0.12))
    mouth = pygame.Rect(0, 0, r * (0.7 if happy else 0.5), r * (0.5 if happy else 0.34))
    mouth.center = (int(cx), int(cy + r * 0.3))
    pygame.draw.arc(surface, theme.INK, mouth, math.pi + 0.3, 2 * math.pi - 0.3, max(2, int(r / 10)))


def draw_hole(surface: pygame.Surface, center: tuple[float, float], r: float) -> None:
    """A round hole in the wood: a dark well with a light lip."""
    cx, cy = center
    pygame.draw.circle(surface, theme.mix(WOOD, theme.WHITE, 0.35), (cx, cy + 2), r + 3)
    pygame.draw.circle(surface, HOLE, (cx, cy), r)
    pygame.draw.circle(surface, theme.mix(HOLE, theme.INK, 0.5), (cx, cy - r * 0.12), r * 0.8)


def draw_spot(surface: pygame.Surface, center: tuple[float, float], r: float) -> None:
    """An empty tray spot: a soft dimple."""
    pygame.draw.circle(surface, theme.mix(TRAY, theme.INK_SOFT, 0.25), center, r)
    pygame.draw.circle(surface, theme.mix(TRAY, theme.INK_SOFT, 0.45), center, r, 3)


def _box(points, pad: float) -> pygame.Rect:
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return pygame.Rect(min(xs) - pad, min(ys) - pad, max(xs) - min(xs) + 2 * pad, max(ys) - min(ys) + 2 * pad)


def draw_board(surface: pygame.Surface, holes, tray, hole_r: float, peg_r: float, scale: float = 1.0,
               offset: tuple[float, float] = (0.0, 0.0)) -> None:
    """The wooden board with its holes and the tray with its spots (positions in play units)."""
    ox, oy = offset

    def at(p):
        return ox + p[0] * scale, oy + p[1] * scale

    board = _box([at(h) for h in holes], (hole_r + 28) * scale)
    pygame.draw.rect(surface, WOOD_DARK, board.move(0, max(2, 8 * scale)), border_radius=int(30 * scale))
    pygame.draw.rect(surface, WOOD, board, border_radius=int(30 * scale))
    for k in range(1, 4):   # wood grain
        y = board.y + board.h * k / 4
        pygame.draw.line(surface, theme.mix(WOOD, WOOD_DARK, 0.35), (board.x + 20 * scale, y),
                         (board.right - 20 * scale, y + 6 * scale), max(1, int(3 * scale)))
    pygame.draw.rect(surface, WOOD_DARK, board, max(2, int(5 * scale)), border_radius=int(30 * scale))
    if tray:
        box = _box([at(s) for s in tray], (peg_r + 16) * scale)
        pygame.draw.rect(surface, theme.mix(TRAY, theme.INK_SOFT, 0.3), box.move(0, max(2, 6 * scale)),
                         border_radius=int(26 * scale))
        pygame.draw.rect(surface, TRAY, box, border_radius=int(26 * scale))
        pygame.draw.rect(surface, theme.mix(TRAY, theme.INK_SOFT, 0.45), box, max(2, int(4 * scale)),
                         border_radius=int(26 * scale))
        for s in tray:
            draw_spot(surface, at(s), peg_r * scale)
    for h in holes:
        draw_hole(surface, at(h), hole_r * scale)


class PegsScene(AttemptScene):
    game = "pegs"

    def __init__(self, ctx: AppContext, child: Child, playlist: list[LoadedLevel], index: int,
                 demo_mode: str | None = None):
        super().__init__(ctx, child, playlist, index, demo_mode)
        self.use_level(self.loaded)
        self.new_round()

    def use_level(self, loaded: LoadedLevel) -> None:
        super().use_level(loaded)
        self.spec = loaded.level.pegs
        self.holes = hole_positions(self.spec)
        self.tray = tray_positions(self.spec)
        self.backdrop = self._render_backdrop()

    def new_round(self) -> None:
        self.round: PegsRound = new_round(self.spec)
        self.effects: list[tuple[str, float, Carry]] = []    # (kind, clock, carry)
        self.ended_at: float | None = None

    # --- input ----------------------------------------------------------------------------
    def handle_play(self, ev: InputEvent, now: float) -> Transition:
        if not ev.kind.startswith("pointer_") or self.round.finished:
            return None
        if ev.kind == "pointer_move" and ev.device == "mouse" and not ev.pressed:
            return None  # hovering is not carrying
        kind = ev.kind.removeprefix("pointer_")
        rnd = self.round
        pointer = ev.pointer or None
        if rnd.carry is not None and pointer != rnd.pointer and ev.device != "script":
            return None  # a second finger while carrying: ignored
        if kind != "down" and rnd.carry is None:
            return None  # moving or lifting with nothing in hand
        t = max(self.rel_time(ev), self.events[-1].t if self.events else 0.0)
        event = Event(t, kind, x=ev.x, y=ev.y, id=pointer)
        rnd.tick(t)
        if rnd.finished:
            return self.finish("finished", now)
        self.events.append(event)
        ended = rnd.feed(event)
        if ended is not None:
            self._feedback(ended)
        if rnd.completed:
            self.ended_at = self.now_rel
        return None

    def _feedback(self, carry: Carry) -> None:
        if carry.placed:
            self.ctx.sounds.play("pop")
            self.effects.append(("pop", self.clock, carry))
        else:
            self.effects.append(("slide", self.clock, carry))

    def update_play(self, dt: float, now: float) -> Transition:
        self.round.tick(self.now_rel)
        if self.round.timed_out:
            return self.finish("finished", now)
        if self.ended_at is not None and self.now_rel >= self.ended_at + END_PAUSE_S:
            return self.finish("finished", now)
        return None

    # --- drawing --------------------------------------------------------------------------
    def _render_backdrop(self) -> pygame.Surface:
        layer = pygame.Surface(theme.CANVAS_SIZE)
        draw_background(layer)
        draw_board(layer, self.holes, self.tray, self.spec.hole_radius, self.spec.peg_radius)
        return layer

    @property
    def covers_canvas(self) -> bool:
        return True   # draw_play starts with the backdrop

    def play_moves_fast(self) -> bool:
        """A dropped peg sliding home moves fast; the rest (pulses, sparkles) is slow or follows input."""
        return any(kind == "slide" and self.clock - t0 < SLIDE_S for kind, t0, _c in self.effects)

    def draw_play(self, surface: pygame.Surface) -> None:
        surface.blit(self.backdrop, (0, 0))
        rnd = self.round
        self._draw_targets(surface)
        carried = rnd.carry.peg if rnd.carry is not None else None
        sliding = {c.peg: (self.clock - t0) / SLIDE_S for kind, t0, c in self.effects
                   if kind == "slide" and self.clock - t0 < SLIDE_S}
        popping = {c.peg: (self.clock - t0) / POP_S for kind, t0, c in self.effects
                   if kind == "pop" and self.clock - t0 < POP_S}
        r = self.spec.peg_radius
        still = self.access.reduced_motion   # a dropped peg is back at once; a placed one does not swell
        for p in range(len(self.holes)):
            if p == carried:
                continue
            x, y = rnd.peg_xy(p)
            if p in sliding and not still:   # glides home from where it was let go, easing in
                c = next(c for kind, _, c in reversed(self.effects) if kind == "slide" and c.peg == p)
                k = 1 - (1 - min(sliding[p], 1.0)) ** 2
                x = c.release_xy[0] + (x - c.release_xy[0]) * k
                y = c.release_xy[1] + (y - c.release_xy[1]) * k
            grow = 1.0 + 0.25 * math.sin(math.pi * popping[p]) if p in popping and not still else 1.0
            draw_peg(surface, (x, y), r * grow, p, happy=any(c.peg == p and c.placed for c in rnd.carries))
        self._draw_hint(surface)
        if carried is not None:
            x, y = rnd.peg_xy(carried)
            draw_peg(surface, (x, y - 6), r * 1.12, carried, lifted=True)
        self._draw_effects(surface)
        self._draw_hud(surface)

    def _draw_targets(self, surface: pygame.Surface) -> None:
        """The holes a peg may go into now glow; in fixed order only the next one does."""
        rnd = self.round
        if rnd.finished:
            return
        if rnd.carry is None and self.spec.order != "fixed":
            return
        targets = rnd.targets()
        pulse = 0.5 if self.access.reduced_motion else 0.5 + 0.5 * math.sin(self.clock * 5)
        halo_r = int(self.spec.hole_radius + 10 + 6 * pulse)
        halo = pygame.Surface((2 * halo_r + 4, 2 * halo_r + 4), pygame.SRCALPHA)
        pygame.draw.circle(halo, (*theme.OI_YELLOW, 150), (halo_r + 2, halo_r + 2), halo_r)
        for i in rnd.free_targets():
            x, y = targets[i]
            surface.blit(halo, (x - halo_r - 2, y - halo_r - 2))
            if rnd.phase == "return":
                draw_spot(surface, (x, y), self.spec.peg_radius)
            else:
                draw_hole(surface, (x, y), self.spec.hole_radius)

    def _draw_hint(self, surface: pygame.Surface) -> None:
        """Before anything has been carried: an arrow from the first peg to its hole."""
        rnd = self.round
        if rnd.carries or rnd.carry is not None or rnd.finished or self.attempt_origin is None:
            return
        pegs, free = rnd.movable(), rnd.free_targets()
        if not pegs or not free:
            return
        a, b = rnd.peg_xy(pegs[0]), rnd.targets()[free[0]]
        dx, dy = b[0] - a[0], b[1] - a[1]
        d = math.hypot(dx, dy)
        if d < 1:
            return
        ux, uy = dx / d, dy / d
        slide = 0.5 if self.access.reduced_motion else (self.clock * 0.6) % 1.0
        mid = (a[0] + dx * (0.3 + 0.4 * slide), a[1] + dy * (0.3 + 0.4 * slide))
        draw_arrow(surface, mid, (ux, uy), 80, theme.START_DOT, 20)

    def _draw_effects(self, surface: pygame.Surface) -> None:
        keep = []
        for kind, t0, c in self.effects:
            age = self.clock - t0
            if kind == "pop" and age < POP_S and c.target_xy is not None and self.access.reduced_motion:
                x, y = c.target_xy   # a star over the hole, keeping still
                draw_star(surface, (x, y - self.spec.peg_radius - 30), 18, True)
            elif kind == "pop" and age < POP_S and c.target_xy is not None:
                k = age / POP_S
                x, y = c.target_xy
                for i in range(8):
                    a = i * math.pi / 4 + 0.3
                    d = self.spec.hole_radius + 10 + 50 * k
                    pygame.draw.circle(surface, theme.CONFETTI_COLORS[i % len(theme.CONFETTI_COLORS)],
                                       (x + d * math.cos(a), y + d * math.sin(a)), max(2, int(8 * (1 - k))))
                draw_star(surface, (x, y - self.spec.peg_radius - 30 - 30 * k), 18 * (1 - 0.3 * k), True)
            if age < max(POP_S, SLIDE_S):
                keep.append((kind, t0, c))
        self.effects = keep

    def _draw_hud(self, surface: pygame.Surface) -> None:
        rnd = self.round
        draw_progress(surface, rnd.done_count / max(rnd.total_count, 1))
        limit = self.spec.time_limit_s
        if limit and self.attempt_origin is not None:
            left = max(0.0, 1.0 - self.now_rel / limit)
            tb = pygame.Rect(300, 66, 680, 10)
            pygame.draw.rect(surface, theme.mix(theme.PANEL, theme.SECONDARY, 0.3), tb, border_radius=5)
            pygame.draw.rect(surface, theme.SECONDARY, (tb.x, tb.y, int(tb.w * left), tb.h), border_radius=5)
