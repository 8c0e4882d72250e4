"""Replaying a pegs attempt: the board, the pegs where the scorer had them, the pointer; placements and drops on the time bar."""
from __future__ import annotations

import bisect
from typing import Any

import pygame

from game.games.pegs.rules import new_round
from game.records.rows import AttemptRow
from game.scenes.replay import MARKS, MISS_COLOR, SCALE, VIEW, ReplayViewBase, to_view, view_caption
from game.ui import charts, theme
from game.ui.widgets import draw_star


class ReplayView(ReplayViewBase):
    def __init__(self, ctx: Any, loaded: Any, events: list, row: AttemptRow) -> None:
        super().__init__(ctx, loaded)
        spec = loaded.level.pegs
        rnd = new_round(spec)
        self.times: list[float] = [0.0]
        self.frames: list[tuple[tuple, int | None, tuple[float, float] | None]] = [(tuple(rnd.where), None, None)]
        where = tuple(rnd.where)
        for ev in events:
            rnd.tick(ev.t)
            if rnd.finished:
                break
            ended = rnd.feed(ev)
            if ended is not None or len(where) != len(rnd.where) or tuple(rnd.where) != where:
                where = tuple(rnd.where)
            carry = rnd.carry
            self.times.append(ev.t)
            self.frames.append((where, carry.peg if carry else None, carry.release_xy if carry else None))
            if rnd.finished:
                break
        self.round = rnd
        end = rnd.end_t if rnd.end_t is not None else (self.times[-1] if len(self.times) > 1 else 0.0)
        self.length = end + (0.6 if row.status == "finished" else 0.0)
        self.layer = self._layer()

    def _layer(self) -> pygame.Surface:
        from game.games.pegs.scene import draw_board

        full = pygame.Surface(theme.CANVAS_SIZE)
        full.fill(theme.BACKGROUND)
        draw_board(full, self.round.holes, self.round.tray, self.round.hole_radius, self.round.peg_radius)
        return pygame.transform.smoothscale(full, VIEW.size)

    def draw(self, surface: pygame.Surface, t: float) -> None:
        from game.games.pegs.scene import draw_peg

        self.t = t
        surface.blit(self.layer, VIEW.topleft)
        k = bisect.bisect_right(self.times, t) - 1
        where, carried, xy = self.frames[max(k, 0)]
        rnd = self.round
        r = rnd.peg_radius * SCALE
        for p, spot in enumerate(where):
            if p != carried:
                draw_peg(surface, to_view(*rnd.spot(spot)), r, p)
        if carried is not None and xy is not None:
            draw_peg(surface, to_view(*xy), r * 1.1, carried, lifted=True)
            pygame.draw.circle(surface, theme.INK, to_view(*xy), 5)
        done = [c for c in rnd.carries if c.release_t is not None and c.release_t <= t]
        placed = sum(1 for c in done if c.placed)
        view_caption(surface, self.ctx.fonts, f"Pegs in place {placed} · dropped {len(done) - placed}",
                     "star = placed, ring = dropped")

    def draw_marks(self, surface: pygame.Surface, xs: charts.Scale) -> None:
        for c in self.round.carries:
            if c.release_t is None:
                continue
            center = (round(xs.px(c.release_t)), MARKS.centery)
            if c.placed:
                draw_star(surface, center, 9, True)
            else:
                pygame.draw.circle(surface, MISS_COLOR, center, 6, 3)
