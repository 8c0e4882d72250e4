"""How catching looks outside its scene: the game's picture, a level's card thumbnail, the editor's preview."""
from __future__ import annotations

import pygame

from game.levels.loader import LoadedLevel
from game.scenes.editor_preview import SKY, preview_scale
from game.ui import theme


def picture(surface: pygame.Surface, rect: pygame.Rect) -> None:
    """A picture that says what the game is (the game picker, a level card without its own)."""
    cx, cy = rect.center
    pygame.draw.circle(surface, theme.OI_VERMILLION, (cx + 10, cy - 55), 30)
    pygame.draw.ellipse(surface, theme.SUCCESS, (cx + 10, cy - 100, 26, 14))
    basket = pygame.Rect(cx - 80, cy + 10, 160, 70)
    pygame.draw.rect(surface, theme.OI_ORANGE, basket, border_radius=18)
    for i in range(1, 5):
        pygame.draw.line(surface, theme.mix(theme.OI_ORANGE, theme.INK, 0.4),
                         (basket.x + i * 32, basket.y + 6), (basket.x + i * 32, basket.bottom - 6), 4)
    pygame.draw.rect(surface, theme.INK, basket, 3, border_radius=18)


def thumbnail(surface: pygame.Surface, loaded: LoadedLevel, rect: pygame.Rect) -> None:
    from game.games.catching.scene import draw_catching_thumbnail

    draw_catching_thumbnail(surface, loaded, rect)


def editor_preview(layer: pygame.Surface, loaded: LoadedLevel, fonts) -> None:
    from game.games.catching.rules import CATCH_LINE_Y, MIDLINE_X, schedule
    from game.games.catching.scene import (
        BASKET_H,
        GROUND_Y,
        draw_basket,
        draw_object,
        object_kind,
    )

    s = preview_scale(layer)
    spec = loaded.level.catching  # type: ignore[attr-defined]
    w, h = layer.get_size()
    layer.fill(SKY)
    side = spec.side or "both"
    if spec.drops is None and side in ("left", "right"):
        half = pygame.Rect(0 if side == "left" else w // 2, 0, w // 2, h)
        pygame.draw.rect(layer, theme.mix(SKY, theme.OI_YELLOW, 0.35), half)
    pygame.draw.line(layer, theme.mix(SKY, theme.INK_SOFT, 0.3), (MIDLINE_X * s, 0), (MIDLINE_X * s, h), 1)
    grass = theme.mix(theme.SUCCESS, theme.WHITE, 0.55)
    pygame.draw.rect(layer, grass, (0, round((GROUND_Y - 10) * s), w, h))
    flights = schedule(spec)[:6]
    r = spec.object_radius * s
    dot = theme.mix(SKY, theme.INK_SOFT, 0.55)
    for f in flights:
        for k in range(0, 31):
            x, y = f.position(f.spawn_t + f.flight_s * k / 30)
            if y >= -f.radius:
                pygame.draw.circle(layer, dot, (x * s, y * s), 2)
    for i, f in enumerate(flights):
        x, y = f.position(f.spawn_t + f.flight_s * (0.25 + 0.1 * (i % 4)))
        draw_object(layer, object_kind(f), (x * s, y * s), r)
    basket = pygame.Rect(0, 0, round(spec.catcher_width * s), round(BASKET_H * s))
    basket.midtop = (round(MIDLINE_X * s), round(CATCH_LINE_Y * s))
    draw_basket(layer, basket)
    # the basket's width, measured
    y = basket.bottom + 8
    pygame.draw.line(layer, theme.INK, (basket.x, y), (basket.right, y), 2)
    for x in (basket.x, basket.right):
        pygame.draw.line(layer, theme.INK, (x, y - 5), (x, y + 5), 2)
