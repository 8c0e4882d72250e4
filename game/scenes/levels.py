"""Which level? Cards with a picture of the level and the stars already earned.

Only playable levels reach a child: a level file with a mistake (or a planned one that is gone)
is left out here and listed, with its file name and the full reason, in the therapist area
(game/scenes/level_files.py) and by `levels check`. A level's number is its place among the
game's playable levels, the same whatever a plan shows first.
"""
from __future__ import annotations

import importlib

import pygame

from game.input import InputEvent
from game.levels.loader import LevelEntry, LoadedLevel, discover, level_ref
from game.plans import plan_order
from game.records.db import Child
from game.scenes.base import AppContext, Pop, Push, Scene, Transition
from game.scenes.common import (
    Button,
    Buttons,
    draw_background,
    draw_card,
    draw_plan_ribbon,
    game_views,
    grid_rects,
    home_button,
    icon_button,
)
from game.ui import theme
from game.ui.widgets import draw_next_icon, draw_star, draw_text, fit

PER_PAGE = 10
CARD = (216, 224)
LARGER_PER_PAGE = 3   # larger targets: one row of three cards, 1.5x (324 x 336)


def draw_level_thumbnail(surface: pygame.Surface, loaded: LoadedLevel, rect: pygame.Rect) -> None:
    """A level's card picture, drawn by its game."""
    game_views(loaded.game).thumbnail(surface, loaded, rect)


def scene_class(game: str) -> type:
    """The game's play scene class (imported here, when a game is first played)."""
    from game.games import GAMES

    module, cls = GAMES[game].scene.split(":")
    return getattr(importlib.import_module(module), cls)


def play_scene(ctx: AppContext, child: Child, playlist: list[LoadedLevel], index: int,
               demo_mode: str | None = None) -> "Scene":
    """The level's play screen. `demo_mode` (game.demonstration.DEMO_MODES): when it starts with its
    demonstration; "first": only if the child has no attempt at it yet; None: as the child's access
    options say. Headless play passes "never"."""
    return scene_class(playlist[index].game)(ctx, child, playlist, index, demo_mode)


class LevelsScene(Scene):
    def __init__(self, ctx: AppContext, child: Child, game: str, demo_mode: str | None = None):
        super().__init__(ctx)
        self.child = child
        self.demo_mode = demo_mode    # when a level starts with its demonstration (game.demonstration)
        self.game = game
        self.page = 0
        self.entries: list[LevelEntry] = []
        self.stars: dict[str, int] = {}
        self.buttons = Buttons()
        self.plan_steps: list[int | None] = []   # each card's step in the child's plan (None: not planned)
        self.numbers: dict[str, int] = {}           # level ref -> its number on the cards
        self.access = ctx.access_for(child)
        self.per_page = LARGER_PER_PAGE if self.access.larger_targets else PER_PAGE

    def enter(self, now: float) -> None:
        found = [e for root in self.ctx.level_roots.get(self.game, []) if root.is_dir() for e in discover(root)]
        playable = [e for e in found if e.loaded is not None]
        self.numbers = level_numbers(playable)
        plan = [ref for _, ref in self.ctx.db.plan(self.child.id, self.game)]
        # Planned levels first; a planned file that is gone or broken is left out, the others keep
        # the step the therapist gave them.
        shown = [(e, k + 1 if k < len(plan) else None) for k, e in enumerate(plan_order(playable, plan))
                 if e.loaded is not None]
        self.entries = [e for e, _ in shown]
        self.plan_steps = [step for _, step in shown]
        self.stars = self.ctx.db.best_stars(self.child.id)
        if not self.buttons.items and any(self.plan_steps):
            self.page = 0   # a plan: the child starts with it
        elif not self.buttons.items:  # first visit: open at the page with the next level to play
            todo = next((i for i, e in enumerate(self.entries) if level_ref(e.path) not in self.stars), 0)
            self.page = todo // self.per_page
        self._layout()

    def _layout(self) -> None:
        self.buttons.clear()
        n = self.per_page
        shown = self.entries[self.page * n:(self.page + 1) * n]
        s = self.access.target_scale
        rects = grid_rects(len(shown), 3, (round(CARD[0] * s), round(CARD[1] * s)), 40, 150) if s > 1 else \
            grid_rects(len(shown), 5, CARD, 22, 130)
        for i, (entry, rect) in enumerate(zip(shown, rects)):
            self.buttons.add(Button(("level", self.page * n + i), rect, entry.title, draw_fn=self._draw_card))
        self.buttons.add(home_button(self.access))
        pages = max(1, -(-len(self.entries) // n))
        page_size, page_y = (96, 652) if s == 1 else (144, 636)
        if self.page + 1 < pages:
            self.buttons.add(icon_button("next_page", (760 + (page_size - 96), page_y), draw_next_icon, theme.PRIMARY,
                                         page_size))
        if self.page > 0:
            self.buttons.add(icon_button("prev_page", (520 - (page_size - 96), page_y), _prev_icon, theme.PRIMARY,
                                         page_size))

    def card_number(self, index: int) -> int:
        """The number on card `index`: the level's place among the game's levels, whatever the plan."""
        return self.numbers[level_ref(self.entries[index].path)]

    def _draw_card(self, surface: pygame.Surface, b: Button, pressed: bool, focused: bool) -> None:
        entry = self.entries[b.key[1]]
        assert entry.loaded is not None
        face = draw_card(surface, b.rect, pressed, focused)
        s = b.rect.h / CARD[1]   # larger targets draw the card's insides larger too

        def at(v: float) -> int:
            return round(v * s)

        pic = pygame.Rect(face.x + at(10), face.y + at(10), face.w - at(20), at(130))
        draw_level_thumbnail(surface, entry.loaded, pic)
        draw_text(surface, str(self.card_number(b.key[1])), self.ctx.fonts, at(26),
                  center=(face.x + at(26), face.y + at(24)), bold=True, color=theme.INK_SOFT)
        draw_text(surface, fit(entry.title, self.ctx.fonts.get(at(22), True), face.w - 16), self.ctx.fonts, at(22),
                  center=(face.centerx, face.y + at(154)), bold=True)
        got = self.stars.get(level_ref(entry.path), 0)
        for k in range(3):
            draw_star(surface, (face.centerx + (k - 1) * at(50), face.bottom - at(34)), at(21), k < got)
        step = self.plan_steps[b.key[1]]
        if step is not None:   # the plan's step on a ribbon at the right, so the level's number stays in view
            draw_plan_ribbon(surface, face, step, self.ctx.fonts, right=True)

    def handle(self, ev: InputEvent, now: float) -> Transition:
        if ev.kind == "action" and ev.action == "back" and ev.pressed:
            return Pop()
        key = self.buttons.handle(ev)
        if key == "back":
            return Pop()
        if key in ("next_page", "prev_page"):
            self.page += 1 if key == "next_page" else -1
            self._layout()
            return None
        if isinstance(key, tuple):
            playlist = [e.loaded for e in self.entries if e.loaded is not None]
            self.ctx.sounds.play("pop")
            return Push(play_scene(self.ctx, self.child, playlist, key[1], self.demo_mode))   # a plan may repeat a level
        return None

    def resume(self, result, now: float) -> Transition:
        if isinstance(result, tuple) and result and result[0] == "play":
            _, playlist, index = result
            return Push(play_scene(self.ctx, self.child, playlist, index, self.demo_mode))
        return None

    @property
    def needs_redraw(self) -> bool:
        return False   # a still screen: drawn again after input (game.app.run_loop)

    def draw(self, surface: pygame.Surface) -> None:
        from game.games import GAMES

        draw_background(surface)
        self.ctx.blit_avatar(surface, self.child.avatar, (1190, 70), 48)
        draw_text(surface, GAMES[self.game].title if self.game in GAMES else self.game, self.ctx.fonts, 56,
                  center=(640, 75), bold=True)
        self.buttons.draw(surface, self.ctx.fonts)
        pages = -(-len(self.entries) // self.per_page)
        gap = 30 if pages <= 8 else max(12, 240 // pages)   # dots stay between the page buttons
        for k in range(pages if pages > 1 else 0):
            c = (640 + int((k - (pages - 1) / 2) * gap), 652)
            pygame.draw.circle(surface, theme.PRIMARY if k == self.page else theme.PANEL_EDGE, c, 9)
        if not self.entries:
            draw_text(surface, "No levels here yet", self.ctx.fonts, 36, center=(640, 360), color=theme.INK_SOFT)


def level_numbers(playable: list[LevelEntry]) -> dict[str, int]:
    """Each playable level's number: its place in the game's own order (shipped, then the therapist's)."""
    numbers: dict[str, int] = {}
    for entry in playable:
        numbers.setdefault(level_ref(entry.path), len(numbers) + 1)
    return numbers


def _prev_icon(surface: pygame.Surface, rect: pygame.Rect) -> None:
    tmp = pygame.Surface(rect.size, pygame.SRCALPHA)
    draw_next_icon(tmp, tmp.get_rect())
    surface.blit(pygame.transform.flip(tmp, True, False), rect)
