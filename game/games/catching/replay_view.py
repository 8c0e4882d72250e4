"""Replaying a catching attempt: the basket and objects where the scorer had them, catches and misses on the time bar."""
from __future__ import annotations

from typing import Any

import pygame

from game.games.catching import replay_model as rp
from game.games.catching.rules import CATCH_LINE_Y
from game.records.rows import AttemptRow
from game.scenes.replay import (
    MARKS,
    MISS_COLOR,
    SCALE,
    VIEW,
    ReplayViewBase,
    to_view,
    view_caption,
)
from game.ui import charts, theme
from game.ui.widgets import draw_star


class ReplayView(ReplayViewBase):
    def __init__(self, ctx: Any, loaded: Any, events: list, row: AttemptRow) -> None:
        super().__init__(ctx, loaded)
        self.view = rp.catching_replay(loaded, events, row.settings)
        self.length = self.view.end_t + (0.6 if row.status == "finished" else 0.0)
        self.layer = self._layer()

    def _layer(self) -> pygame.Surface:
        from game.games.catching.scene import GROUND_Y

        layer = pygame.Surface(VIEW.size)
        layer.fill(theme.BACKGROUND)
        grass = theme.mix(theme.SUCCESS, theme.WHITE, 0.55)
        pygame.draw.rect(layer, grass, (0, round((GROUND_Y - 10) * SCALE), VIEW.w, VIEW.h))
        y = round(CATCH_LINE_Y * SCALE)
        for x in range(0, VIEW.w, 16):
            pygame.draw.line(layer, theme.PANEL_EDGE, (x, y), (x + 8, y), 2)
        return layer

    def draw(self, surface: pygame.Surface, t: float) -> None:
        self.t = t
        from game.games.catching.scene import (
            BASKET_H,
            draw_basket,
            draw_object,
            object_kind,
        )

        assert self.layer is not None
        surface.blit(self.layer, VIEW.topleft)
        result = self.view
        spec = self.loaded.level.catching
        state = rp.catching_at(result, self.t)
        r = spec.object_radius * SCALE
        for obj in state.objects:
            draw_object(surface, object_kind(obj.flight), to_view(obj.x, obj.y), r)
        w = spec.catcher_width * SCALE
        rect = pygame.Rect(0, 0, round(w), round(BASKET_H * SCALE))
        cx, cy = to_view(state.catcher_x, CATCH_LINE_Y)
        rect.midtop = (round(cx), round(cy))
        draw_basket(surface, rect)
        for out in result.outcomes:   # a moment of feedback where each object reached the line
            age = self.t - out.flight.cross_t
            if 0 <= age < 0.6:
                c = to_view(out.flight.to_x, CATCH_LINE_Y - 40)
                if out.caught and not out.flight.distractor:
                    draw_star(surface, c, 16, True)
                elif not out.caught and not out.flight.distractor:
                    pygame.draw.circle(surface, MISS_COLOR, c, 14, 4)
        rocks = f" · rocks caught {state.rocks_caught}" if any(f.distractor for f in result.flights) else ""
        view_caption(surface, self.ctx.fonts, f"Caught {state.caught} · missed {state.missed}{rocks}",
                           "dashed line = where objects are caught")

    def draw_marks(self, surface: pygame.Surface, xs: charts.Scale) -> None:
        for out in self.view.outcomes:
            if out.flight.distractor:
                continue
            c = (round(xs.px(out.flight.cross_t)), MARKS.centery)
            if out.caught:
                draw_star(surface, c, 9, True)
            else:
                pygame.draw.circle(surface, MISS_COLOR, c, 6, 3)
