"""How pegs looks outside its scene: the game's picture, a level's card thumbnail, the editor's preview."""
from __future__ import annotations

import pygame

from game.levels.loader import LoadedLevel
from game.scenes.editor_preview import preview_scale
from game.ui import theme
from game.ui.widgets import draw_text


def picture(surface: pygame.Surface, rect: pygame.Rect) -> None:
    """A picture that says what the game is (the game picker, a level card without its own)."""
    from game.games.pegs.scene import draw_board, draw_peg

    cx, cy = rect.center
    holes = [(cx - 10 + dx, cy + 20) for dx in (-40, 20, 80)]
    draw_board(surface, holes, [], 20, 16)
    draw_peg(surface, holes[0], 17, 0, happy=True)
    draw_peg(surface, (cx - 70, cy - 45), 22, 1, lifted=True)


def thumbnail(surface: pygame.Surface, loaded: LoadedLevel, rect: pygame.Rect) -> None:
    """The board and tray in miniature, the pegs in the tray."""
    from game.games.pegs.level import hole_positions, tray_positions
    from game.games.pegs.scene import draw_board, draw_peg

    spec = loaded.level.pegs  # type: ignore[attr-defined]
    holes, tray = hole_positions(spec), tray_positions(spec)
    scale = min(rect.w / theme.CANVAS_SIZE[0], rect.h / theme.CANVAS_SIZE[1])
    ox = rect.centerx - theme.CANVAS_SIZE[0] * scale / 2
    oy = rect.centery - theme.CANVAS_SIZE[1] * scale / 2
    big = max(1.0, 6.0 / max(spec.peg_radius * scale, 1e-9))   # pegs at least 6 px round
    draw_board(surface, holes, tray, spec.hole_radius * min(big, 1.5), spec.peg_radius * min(big, 1.5), scale, (ox, oy))
    for i, (x, y) in enumerate(tray):
        draw_peg(surface, (ox + x * scale, oy + y * scale), max(6.0, spec.peg_radius * scale), i)


def editor_preview(layer: pygame.Surface, loaded: LoadedLevel, fonts) -> None:
    from game.games.pegs.level import hole_positions, tray_positions
    from game.games.pegs.scene import draw_board, draw_peg

    s = preview_scale(layer)
    spec = loaded.level.pegs  # type: ignore[attr-defined]
    layer.fill(theme.BACKGROUND)
    holes, tray = hole_positions(spec), tray_positions(spec)
    draw_board(layer, holes, tray, spec.hole_radius, spec.peg_radius, s)
    for i, (x, y) in enumerate(tray):
        draw_peg(layer, (x * s, y * s), spec.peg_radius * s, i)
    if spec.order == "fixed":   # the order the holes are filled in
        for i, (x, y) in enumerate(holes):
            draw_text(layer, str(i + 1), fonts, max(12, int(spec.hole_radius * s)), center=(x * s, y * s),
                      bold=True, color=theme.WHITE)
    if spec.time_limit_s:
        bar = pygame.Rect(round(300 * s), round(66 * s), round(680 * s), 6)
        pygame.draw.rect(layer, theme.SECONDARY, bar, border_radius=3)
        draw_text(layer, f"{spec.time_limit_s:g} s", fonts, 18, center=(bar.right + 30, bar.centery), bold=True,
                  color=theme.INK_SOFT)
