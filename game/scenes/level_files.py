"""Level files with mistakes, for the grown-ups: each file's name and every problem in full, paged.

A child's level picker shows only playable levels, so a broken file never reaches a child; this
screen (from the therapist hub) and `levels check` are where it is seen and fixed.
"""
from __future__ import annotations

from dataclasses import dataclass

import pygame

from game.games import GAMES
from game.input import InputEvent
from game.levels.loader import LevelEntry, discover
from game.scenes.base import AppContext, Pop, Scene, Transition
from game.scenes.common import Buttons, pressed
from game.scenes.therapist_ui import PagedList, back_button, draw_header
from game.ui import theme
from game.ui.widgets import draw_text, fit, wrap_text

TOP, BOTTOM = 124, 620          # where the list goes; the page buttons sit under it
LEFT, WIDTH = 40, 1200
LINE = 26


@dataclass(frozen=True)
class BrokenLevel:
    game: str
    entry: LevelEntry


def broken_levels(ctx: AppContext) -> list[BrokenLevel]:
    """Every level file a child cannot play, in every game's folders (shipped, then the therapist's)."""
    return [BrokenLevel(game, e) for game in GAMES for root in ctx.level_roots.get(game, []) if root.is_dir()
            for e in discover(root) if e.loaded is None]


def _lines(ctx: AppContext, item: BrokenLevel) -> list[tuple[str, bool]]:
    """(text, is_heading) lines for one file: its name and game, where it is, then each problem wrapped."""
    game = GAMES[item.game].title if item.game in GAMES else item.game
    out = [(fit(f"{item.entry.path.name} ({game})", ctx.fonts.get(22, True), WIDTH), True),
           (fit(str(item.entry.path.parent), ctx.fonts.get(18), WIDTH), False)]
    font = ctx.fonts.get(20)
    for p in item.entry.problems or ():
        text = f"{p.field}: {p.message}" if p.field else p.message
        out += [(line, False) for line in wrap_text("• " + text, font, WIDTH - 20)]
    return out


def pages_of(blocks: list[list[tuple[str, bool]]], rows: int) -> list[list[tuple[str, bool]]]:
    """Blocks of lines packed onto pages of `rows` lines; a block longer than a page is split over pages."""
    pages: list[list[tuple[str, bool]]] = [[]]
    for block in blocks:
        gap = [("", False)] if pages[-1] else []
        if pages[-1] and len(pages[-1]) + len(gap) + len(block) > rows:
            pages.append([])
            gap = []
        pages[-1] += gap
        for line in block:
            if len(pages[-1]) >= rows:
                pages.append([])
            pages[-1].append(line)
    return pages


class LevelFilesScene(Scene):
    def __init__(self, ctx: AppContext):
        super().__init__(ctx)
        self.items: list[BrokenLevel] = []
        self.pages: list[list[tuple[str, bool]]] = [[]]
        self.paged = PagedList(1)
        self.buttons = Buttons()

    def enter(self, now: float) -> None:
        self.items = broken_levels(self.ctx)
        self.pages = pages_of([_lines(self.ctx, item) for item in self.items], (BOTTOM - TOP) // LINE)
        self.paged.page = min(self.paged.page, len(self.pages) - 1)
        self._layout()

    def _layout(self) -> None:
        self.buttons.clear()
        self.buttons.add(back_button())
        self.paged.add_buttons(self.buttons, "files", len(self.pages), 340, 636, 600)

    def handle(self, ev: InputEvent, now: float) -> Transition:
        key = pressed(self.buttons, ev)
        if key == "back":
            return Pop()
        if isinstance(key, tuple) and key[0] == "page":
            self.paged.page += key[2]
            self._layout()
        return None

    def draw(self, surface: pygame.Surface) -> None:
        n = len(self.items)
        draw_header(surface, self.ctx, "Level files with mistakes",
                    f"{n} file{'s' if n != 1 else ''} a child cannot play, so the level pickers leave "
                    f"{'them' if n != 1 else 'it'} out. Fix the file and it comes back."
                    if n else "Every level file can be played.")
        if not n:
            draw_text(surface, "Nothing to fix.", self.ctx.fonts, 30, center=(640, 360), color=theme.INK_SOFT)
        for k, (text, heading) in enumerate(self.pages[self.paged.page]):
            draw_text(surface, text, self.ctx.fonts, 22 if heading else 20, topleft=(LEFT, TOP + k * LINE),
                      bold=heading, color=theme.INK if heading or text.startswith("• ") else theme.INK_SOFT)
        if len(self.pages) > 1:
            draw_text(surface, f"page {self.paged.page + 1} of {len(self.pages)}", self.ctx.fonts, 20,
                      topleft=(LEFT, 660), color=theme.INK_SOFT)
        self.buttons.draw(surface, self.ctx.fonts)


def for_screenshot(ctx: AppContext, db, child, game: str) -> Scene:
    """Every level file with a mistake, first page."""
    return LevelFilesScene(ctx)
