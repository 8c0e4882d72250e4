"""Replaying a tracing attempt: the trace so far over the level's corridor, the pen, and pen-downs on the time bar."""
from __future__ import annotations

from typing import Any

import pygame

from game.games.tracing import replay_model as rp
from game.records.rows import AttemptRow
from game.scenes.replay import MARKS, VIEW, ReplayViewBase, to_view, view_caption
from game.ui import charts, theme

TRAIL_W = 8


class ReplayView(ReplayViewBase):
    def __init__(self, ctx: Any, loaded: Any, events: list, row: AttemptRow) -> None:
        super().__init__(ctx, loaded)
        self.view = rp.trace_replay(loaded, events)
        self.length = self.view.length_s
        self.layer = self._layer()

    def _layer(self) -> pygame.Surface:
        from game.games.tracing.scene import draw_corridor

        full = pygame.Surface(theme.CANVAS_SIZE)
        full.fill(theme.PANEL)
        spec = self.loaded.level.tracing
        draw_corridor(full, self.loaded.level.template, spec.tolerance)
        for stroke in self.loaded.level.template:
            start, end = stroke[0].tolist(), stroke[-1].tolist()
            pygame.draw.circle(full, theme.START_DOT, start, 16)
            pygame.draw.circle(full, theme.WHITE, start, 6)
            pygame.draw.circle(full, theme.END_DOT, end, 16)
            pygame.draw.circle(full, theme.WHITE, end, 9)
            pygame.draw.circle(full, theme.END_DOT, end, 4)
        return pygame.transform.smoothscale(full, VIEW.size)

    def draw(self, surface: pygame.Surface, t: float) -> None:
        self.t = t
        assert self.layer is not None
        surface.blit(self.layer, VIEW.topleft)
        tr: rp.TraceReplay = self.view
        n = tr.count(self.t)
        for k in range(n):
            ev = tr.events[k]
            p1 = to_view(ev.x, ev.y)
            color = theme.TRAIL_IN if tr.inside[k] else theme.TRAIL_OUT
            if k > 0 and ev.type != "down" and tr.events[k - 1].type != "up":
                prev = tr.events[k - 1]
                pygame.draw.line(surface, color, to_view(prev.x, prev.y), p1, TRAIL_W)
            pygame.draw.circle(surface, color, p1, TRAIL_W // 2)
        pen = tr.pen_at(self.t)
        if pen is not None:
            c = to_view(pen[0], pen[1])
            pygame.draw.circle(surface, theme.INK, c, 13, 3)
            if pen[2]:
                pygame.draw.circle(surface, theme.INK, c, 5)
        lifts = sum(1 for ev in tr.events[:n] if ev.type == "down")
        view_caption(surface, self.ctx.fonts, f"Pen-downs so far: {lifts}", "blue = inside the corridor, orange = outside")

    def draw_marks(self, surface: pygame.Surface, xs: charts.Scale) -> None:
        tr: rp.TraceReplay = self.view
        start = None
        for ev in tr.events:
            if ev.type == "down":
                start = ev.t
            elif ev.type == "up" and start is not None:
                pygame.draw.rect(surface, theme.TRAIL_IN, (round(xs.px(start)), MARKS.y + 5,
                                                           max(2, round(xs.px(ev.t) - xs.px(start))), MARKS.h - 10))
                start = None
        if start is not None and tr.events:
            width = max(2, round(xs.px(tr.events[-1].t) - xs.px(start)))
            pygame.draw.rect(surface, theme.TRAIL_IN, (round(xs.px(start)), MARKS.y + 5, width, MARKS.h - 10))
