"""The level editor's live preview: the level as the child will see it, small, redrawn on every change.

Each game draws its own (game/games/<name>/views.py: editor_preview): tracing the road at its
width with the chosen help, catching the basket and the first objects along their paths, the
drums the beats on a timeline at the tempo, each with its on-the-beat window.
"""
from __future__ import annotations

import pygame

from game.levels.base import CANVAS_W
from game.levels.loader import LoadedLevel
from game.scenes.common import game_views
from game.ui import theme

SKY = (226, 241, 250)


def draw_preview(surface: pygame.Surface, rect: pygame.Rect, loaded: LoadedLevel, fonts) -> None:
    """Draw `loaded` into `rect` (16:9, the canvas scaled down) with a frame; the game's views draw the level."""
    layer = pygame.Surface(rect.size)
    game_views(loaded.game).editor_preview(layer, loaded, fonts)
    surface.blit(layer, rect)
    pygame.draw.rect(surface, theme.PANEL_EDGE, rect.inflate(8, 8), width=5, border_radius=10)


def preview_scale(layer: pygame.Surface) -> float:
    return layer.get_width() / CANVAS_W
