"""The level editor's first screen: which level to start from (the shipped ones and your own).

Pressing a level opens it in the editor (game.scenes.level_edit) to make a new level from it;
a level saved there comes back here, listed and focused, so the grown-up sees it at once.
A level file with a mistake stays on the list, greyed, with the reason, and does not open.
"""
from __future__ import annotations

from pathlib import Path

import pygame

from game.input import InputEvent
from game.levels.editor_model import is_user_level
from game.levels.loader import LevelEntry, discover
from game.paths import user_levels_dir
from game.scenes.base import AppContext, Pop, Push, Scene, Transition
from game.scenes.common import Button, Buttons, draw_card, grid_rects, pressed
from game.scenes.therapist_ui import (
    PagedList,
    back_button,
    draw_header,
    draw_message,
    fit,
)
from game.ui import theme
from game.ui.widgets import draw_lock_icon, draw_text, wrap_text

PER_PAGE = 10
CARD = (216, 224)
CARDS_TOP = 128
PAGE_BUTTONS = (24, 640, 420)             # x, y, width of Previous / Next
MESSAGE = pygame.Rect(460, 636, 796, 72)


class EditorLevelsScene(Scene):
    """`EditorLevelsScene(ctx, game)`: that game's levels as cards; pops with a tuple of the paths saved meanwhile."""

    def __init__(self, ctx: AppContext, game: str):
        super().__init__(ctx)
        self.game = game
        self.entries: list[LevelEntry] = []
        self.paged = PagedList(PER_PAGE)
        self.saved: list[Path] = []
        self.message = ""
        self.message_good = True
        self.buttons = Buttons()

    @property
    def user_dir(self) -> Path:
        return user_levels_dir(self.ctx.db.path.parent, self.game)

    def enter(self, now: float) -> None:
        self.entries = [e for root in self.ctx.level_roots.get(self.game, []) if root.is_dir()
                        for e in discover(root)]
        self._layout()

    def _layout(self) -> None:
        """Cards first, so the first arrow key lands on level 1; then back and the page buttons."""
        with self.buttons.rebuilding() as b:
            shown = self.paged.window(len(self.entries))
            for i, rect in zip(shown, grid_rects(len(shown), 5, CARD, 20, CARDS_TOP)):
                b.add(Button(("level", i), rect, self.entries[i].title, draw_fn=self._draw_card))
            b.add(back_button())
            self.paged.add_buttons(b, "levels", len(self.entries), *PAGE_BUTTONS)

    def handle(self, ev: InputEvent, now: float) -> Transition:
        key = pressed(self.buttons, ev)
        if key == "back":
            return Pop(tuple(self.saved))
        if isinstance(key, tuple) and key[0] == "page":
            self.paged.page += key[2]
            self.message = ""
            self._layout()
        elif isinstance(key, tuple) and key[0] == "level":
            return self.choose(key[1])
        return None

    def choose(self, index: int) -> Transition:
        """Open that level in the editor, or say why it cannot be opened."""
        from game.scenes.level_edit import LevelEditScene

        entry = self.entries[index]
        if entry.loaded is None:
            self.message = str(entry.problems[0]) if entry.problems else "this level cannot be read"
            self.message_good = False
            self.ctx.sounds.play("try_again")
            return None
        self.ctx.sounds.play("pop")
        self.message = ""
        return Push(LevelEditScene(self.ctx, self.game, entry.loaded))

    def resume(self, result, now: float) -> Transition:
        """The editor saved a new level (its path): show it, on its page, with the focus on it."""
        if not isinstance(result, Path):
            return None
        self.saved.append(result)
        self.enter(now)
        index = next((i for i, e in enumerate(self.entries) if e.path == result), None)
        if index is not None:
            self.paged.page = index // PER_PAGE
            self._layout()
            self.buttons.focus_on(("level", index))
            title = self.entries[index].title
            self.message = f"Saved as {result.name}. \u201c{title}\u201d is now in the level list (number {index + 1})."
        else:
            self.message = f"Saved as {result}."
        self.message_good = True
        return None

    def draw(self, surface: pygame.Surface) -> None:
        from game.games import GAMES

        draw_header(surface, self.ctx, f"Change a level: {GAMES[self.game].title}",
                    "Press a level to make a new one from it; the original stays as it is")
        self.buttons.draw(surface, self.ctx.fonts)
        if not self.entries:
            draw_text(surface, "No levels here yet", self.ctx.fonts, 36, center=(640, 360), color=theme.INK_SOFT)
        pages = self.paged.pages(len(self.entries))
        if pages > 1:
            draw_text(surface, f"Page {self.paged.page + 1} of {pages}", self.ctx.fonts, 20,
                      topleft=(PAGE_BUTTONS[0] + 4, PAGE_BUTTONS[1] - 30), color=theme.INK_SOFT)
        draw_message(surface, self.ctx, self.message, good=self.message_good, rect=MESSAGE)

    def _draw_card(self, surface: pygame.Surface, b: Button, pressed: bool, focused: bool) -> None:
        from game.scenes.levels import draw_level_thumbnail

        fonts = self.ctx.fonts
        index = b.key[1]
        entry = self.entries[index]
        broken = entry.loaded is None
        face = draw_card(surface, b.rect, pressed, focused, fill=theme.DISABLED if broken else theme.PANEL)
        draw_text(surface, str(index + 1), fonts, 24, center=(face.x + 26, face.y + 24), bold=True,
                  color=theme.INK_SOFT)
        if is_user_level(entry.path, self.user_dir):
            tag = pygame.Rect(face.right - 86, face.y + 10, 76, 28)
            pygame.draw.rect(surface, theme.OI_YELLOW, tag, border_radius=12)
            draw_text(surface, "yours", fonts, 18, center=tag.center, bold=True)
        if broken:
            draw_lock_icon(surface, pygame.Rect(face.centerx - 32, face.y + 40, 64, 64), theme.DISABLED_INK)
            font = fonts.get(16)
            reason = entry.problems[0].message if entry.problems else "cannot be read"
            for k, line in enumerate(wrap_text(reason, font, face.w - 20)[:3]):
                surface.blit(font.render(line, True, theme.INK), (face.x + 10, face.y + 150 + k * 20))
            return
        draw_level_thumbnail(surface, entry.loaded, pygame.Rect(face.x + 10, face.y + 34, face.w - 20, 120))
        draw_text(surface, fit(entry.title, fonts.get(21, True), face.w - 20), fonts, 21,
                  center=(face.centerx, face.bottom - 50), bold=True)
        draw_text(surface, fit(entry.path.name, fonts.get(14), face.w - 20), fonts, 14,
                  center=(face.centerx, face.bottom - 22), color=theme.INK_SOFT)


def for_screenshot(ctx: AppContext, db, child, game: str) -> Scene:
    """The editor's first screen for that game: its levels to start from."""
    return EditorLevelsScene(ctx, game)
