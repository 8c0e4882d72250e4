"""The level editor's second screen: turn one level's difficulty with big sliders and steppers, save a copy.

For the therapist, not the child: every control is at least 64 play units; up/down move between
the settings and left/right change the focused one; each slider says at which end the level
gets easier. Every change is validated exactly as `levels check` does
(game.levels.editor_model.apply_edit); a problem is shown in words under its setting and saving
waits until it is fixed. Saving always writes a NEW file in the user's own levels folder (shipped
levels are never touched) and pops with its path, so the level list (game.scenes.editor_levels)
can show it.
"""
from __future__ import annotations

from collections.abc import Hashable
from pathlib import Path
from typing import Any

import pygame

from game.errors import UserError
from game.input import InputEvent
from game.levels import editor_model as editing
from game.levels.editor_model import EditField
from game.levels.loader import LevelError, LoadedLevel, level_ref
from game.levels.rewrite import level_data
from game.paths import user_levels_dir
from game.scenes.base import AppContext, Pop, Push, Scene, Transition
from game.scenes.common import Button, Buttons, pressed
from game.scenes.editor_preview import draw_preview
from game.scenes.therapist_ui import (
    TextEntryScene,
    add_slider,
    add_stepper,
    add_tabs,
    back_button,
    draw_header,
    fit,
    soft_button,
    text_button,
)
from game.ui import theme
from game.ui.widgets import draw_pencil_icon, draw_text, wrap_text

ROW_X, ROW_W, ROW_H, ROW_GAP, ROWS_TOP = 24, 640, 72, 6, 132
PER_PAGE = 5                      # leaves room for two problems in words under their rows
PROBLEM_H = 58
STEP_W = 64                       # the - and + buttons: square, MIN_TARGET
LABEL_W = 200                     # the setting's name and value, left of its controls
PREVIEW = pygame.Rect(688, 132, 568, 320)
SAVE = pygame.Rect(896, 628, 360, 76)
TITLE_BOX = pygame.Rect(636, 32, 620, 66)
PAGE_BTN = pygame.Rect(ROW_X, 632, 300, 72)
MAX_TITLE = 60


class LevelEditScene(Scene):
    """`LevelEditScene(ctx, game, loaded)`: change a copy of `loaded`; pops with the saved path, or None."""

    def __init__(self, ctx: AppContext, game: str, loaded: LoadedLevel):
        super().__init__(ctx)
        self.game = game
        self.source = loaded
        self.data = level_data(loaded.text)
        self.fields: list[EditField] = editing.fields_for(game, self.data)
        self.values: dict[str, Any] = editing.initial_values(game, self.data)
        self.title = editing.copy_title(loaded.title)
        self.baseline = (dict(self.values), self.title)
        self.page = 0
        self.selected = self.fields[0].key
        self.leave_armed = False
        self.current = loaded
        self.good_values = dict(self.values)
        self.preview_stale = False
        self.problems: dict[str, str] = {}
        self.general: list[str] = []
        self.message = ""
        self.message_ok = True
        self.tracks: dict[str, pygame.Rect] = {}
        self.buttons = Buttons()
        self.revalidate()
        self._layout()
        self.buttons.focus_on(("field", self.fields[0].key))   # arrow keys change the first setting at once

    # --- state ---------------------------------------------------------------------------
    @property
    def user_dir(self) -> Path:
        return user_levels_dir(self.ctx.db.path.parent, self.game)

    @property
    def pages(self) -> int:
        return max(1, -(-len(self.fields) // PER_PAGE))

    @property
    def page_fields(self) -> list[EditField]:
        return self.fields[self.page * PER_PAGE:(self.page + 1) * PER_PAGE]

    @property
    def dirty(self) -> bool:
        return (self.values, self.title) != self.baseline

    def field(self, key: str) -> EditField:
        return next(f for f in self.fields if f.key == key)

    def revalidate(self) -> None:
        """Run the edit through the same validation as `levels check`; keep the last good level for the preview."""
        self.problems, self.general = {}, []
        try:
            self.current = editing.apply_edit(self.source, self.values, self.title)
            self.good_values = dict(self.values)
            self.preview_stale = False
            return
        except LevelError as exc:
            keys = [f.key for f in self.fields] + [editing.TITLE]
            for p in exc.problems:
                key = editing.problem_field(self.game, p, keys)
                text = editing.plain_problem(self.game, p)
                if key is None:
                    self.general.append(text)
                else:
                    self.problems.setdefault(key, text)
        # The preview still shows every other change: the fields with problems go back to their last good values.
        mixed = {k: (self.good_values.get(k) if k in self.problems else v) for k, v in self.values.items()}
        try:
            self.current = editing.apply_edit(self.source, mixed, self.title if editing.TITLE not in self.problems
                                              else self.source.title)
            self.preview_stale = bool(self.general)
        except LevelError:
            self.preview_stale = True

    def set_value(self, key: str, value: Any) -> None:
        f = self.field(key)
        value, note = editing.clamp_value(f, value)
        if value != self.values.get(key):
            self.values[key] = value
            self.leave_armed = False
            self.revalidate()
            self.message = ""
        elif note is None and f.kind == "number" and value in (f.lo, f.hi):
            at = "smallest" if value == f.lo else "largest"
            self.message, self.message_ok = f"{f.label} is at its {at}: {editing.shown(f, value)}.", True
        self.selected = key
        self._layout()

    def step(self, key: str, direction: int) -> None:
        self.set_value(key, editing.step_value(self.field(key), self.values.get(key), direction))

    def set_title(self, title: str) -> None:
        if title != self.title:
            self.title = title
            self.leave_armed = False
            self.revalidate()

    def title_problem(self, title: str) -> str | None:
        """What is wrong with this name, in the words `levels check` would use (None: nothing)."""
        try:
            editing.apply_edit(self.source, self.good_values, title)
        except LevelError as exc:
            keys = [f.key for f in self.fields] + [editing.TITLE]
            for p in exc.problems:
                if editing.problem_field(self.game, p, keys) == editing.TITLE:
                    return editing.plain_problem(self.game, p)
        return None

    # --- saving --------------------------------------------------------------------------
    def save(self) -> Path | None:
        """Write the edit as a new level file; None (and words on screen) while something needs fixing."""
        if self.problems or self.general:
            self.message, self.message_ok = "Fix the field marked in purple first, then save.", False
            self.ctx.sounds.play("try_again")
            return None
        try:
            path = editing.save_new_level(self.current, self.user_dir, level_ref(self.source.path))
        except (UserError, OSError) as exc:
            self.message, self.message_ok = f"Could not save: {exc}", False
            return None
        self.baseline = (dict(self.values), self.title)
        self.ctx.sounds.play("chime")
        return path

    # --- input ---------------------------------------------------------------------------
    def handle(self, ev: InputEvent, now: float) -> Transition:
        key = pressed(self.buttons, ev)
        if key is None:
            return None
        if key == "back":
            return self.leave()
        if key == "title":
            return Push(self.title_entry())
        if key == "page":
            self.page = (self.page + 1) % self.pages
            self._layout()
        elif key == "save":
            path = self.save()
            return Pop(path) if path is not None else None
        elif isinstance(key, tuple):
            self.fire(key)
        return None

    def fire(self, key: tuple) -> None:
        """A setting's control was pressed (or Enter on its row)."""
        kind = key[0]
        if kind == "step":
            self.step(key[1], key[2])
            self.ctx.sounds.play("click")
        elif isinstance(kind, tuple) and kind[0] == "choice":
            self.set_value(kind[1], key[1])
            self.ctx.sounds.play("click")
        elif kind == "off" or (kind == "field" and self.field(key[1]).optional):
            f = self.field(key[1])
            self.set_value(f.key, None if self.values.get(f.key) is not None else editing.tidy(f, f.on_default))
        elif kind in ("field", "slider"):
            self.selected = key[1]

    def title_entry(self) -> TextEntryScene:
        """Typing the name happens on the shared text-entry screen; a name `levels check` refuses stays there."""
        def commit(text: str) -> str:
            problem = self.title_problem(text)
            if problem is not None:
                raise UserError(problem)
            return text

        return TextEntryScene(self.ctx, "Name of the new level",
                              "Shown under the level's picture; the file is named after it", commit,
                              initial=self.title, max_len=MAX_TITLE, save_label="Use this name")

    def resume(self, result, now: float) -> Transition:
        if isinstance(result, str):
            self.set_title(result)
            self._layout()
        return None

    def leave(self) -> Transition:
        if self.dirty and not self.leave_armed:
            self.leave_armed = True
            self.message, self.message_ok = "Not saved yet. Press back again to leave without saving.", False
            return None
        return Pop(None)

    # --- layout --------------------------------------------------------------------------
    def row_rects(self) -> list[tuple[EditField, pygame.Rect]]:
        """Rows of this page, each with room for its problem in words under it."""
        out = []
        y = ROWS_TOP
        for f in self.page_fields:
            out.append((f, pygame.Rect(ROW_X, y, ROW_W, ROW_H + (PROBLEM_H if f.key in self.problems else 0))))
            y += out[-1][1].h + ROW_GAP
        return out

    def _layout(self) -> None:
        """Every touch target, through the shared buttons: rows are the focus stops, their controls for the pointer."""
        ok = not (self.problems or self.general)
        with self.buttons.rebuilding() as b:
            b.add(back_button())
            b.add(Button("title", TITLE_BOX, self.title, draw_fn=self._draw_title))
            self.tracks = {}
            for f, row in self.row_rects():
                self._add_row(b, f, row)
            if self.pages > 1:
                label = "More settings" if self.page + 1 < self.pages else "Main settings"
                b.add(soft_button("page", PAGE_BTN, f"{label}  ({self.page + 1}/{self.pages})"))
            b.add(text_button("save", SAVE, "Save as new level", theme.SUCCESS if ok else theme.DISABLED,
                              theme.WHITE if ok else theme.DISABLED_INK))

    def _add_row(self, b: Buttons, f: EditField, row: pygame.Rect) -> None:
        b.add(Button(("field", f.key), row, f.label, draw_fn=self._draw_row,
                     on_step=lambda d, key=f.key: self.step(key, d)))
        controls = pygame.Rect(row.x + LABEL_W, row.y + (ROW_H - STEP_W) // 2, row.w - LABEL_W - 8, STEP_W)
        value = self.values.get(f.key)
        if f.kind != "number":
            add_tabs(b, ("choice", f.key), editing.choices_for(f, value), lambda key=f.key: self.values.get(key),
                     controls.x, controls.y, controls.w, self.ctx, STEP_W, focusable=False,
                     note=lambda v, f=f: "easiest" if f.easiest is not None and v == f.easiest else "")
            return
        ends = (value is not None and value <= f.lo, value is not None and value >= f.hi)
        middle = add_stepper(b, f.key, controls.x, controls.y, controls.w, STEP_W, focusable=False, at_ends=ends)
        if f.optional:
            off = value is None
            b.add(Button(("off", f.key), pygame.Rect(middle.x + 10, middle.y, 92, STEP_W), f.off_words,
                         theme.PRIMARY if off else theme.PANEL, theme.WHITE if off else theme.INK, focusable=False))
        left = middle.x + 32 + (96 if f.optional else 0)
        track = pygame.Rect(left, row.y + ROW_H // 2 - 8, middle.right - 26 - left, 16)
        self.tracks[f.key] = track
        low, high = editing.easier_direction_words(f)
        ends_words = tuple(("" if w in ("less", "more") else w, theme.SUCCESS if w == "easier" else theme.INK_SOFT)
                           for w in (low, high))
        add_slider(b, ("slider", f.key), track, STEP_W,
                   lambda key=f.key: None if self.values.get(key) is None
                   else editing.slider_position(self.field(key), self.values[key]),
                   lambda pos, key=f.key: self.set_value(key, editing.value_at(self.field(key), pos)),
                   self.ctx, ends_words)  # type: ignore[arg-type]

    def track_rect(self, key: str) -> pygame.Rect | None:
        """For tests and scripts: the slider track of a number setting on this page."""
        return self.tracks.get(key)

    def control_rect(self, key: str, what: str) -> pygame.Rect:
        """For tests and scripts: the rect of a field's "minus", "plus", "slider", "off" or a choice value."""
        wanted: list[Hashable] = {"plus": [("step", key, 1)], "minus": [("step", key, -1)],
                                  "slider": [("slider", key)], "off": [("off", key)]}.get(what, [])
        for btn in self.buttons.items:
            k = btn.key
            if k in wanted or (k == key == what) or (isinstance(k, tuple) and k[0] == ("choice", key)
                                                     and str(k[1]) == what):
                return btn.rect
        raise KeyError(f"no {what!r} control for {key!r} on this page")

    # --- drawing -------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        from game.games import GAMES

        fonts = self.ctx.fonts
        based = fit(self.source.title, fonts.get(22), 360)
        mine = " (yours)" if editing.is_user_level(self.source.path, self.user_dir) else ""
        draw_header(surface, self.ctx, f"Change a level: {GAMES[self.game].title}",
                    f"starting from \u201c{based}\u201d{mine}")
        draw_text(surface, "Name of the new level", fonts, 17, topleft=(TITLE_BOX.x + 4, 8), color=theme.INK_SOFT,
                  bold=True)
        self.buttons.draw(surface, fonts)
        draw_preview(surface, PREVIEW, self.current, fonts)
        if self.problems or self.general:
            words = "showing the last good version" if self.preview_stale else "purple fields: showing their last good value"
            tag = pygame.Rect(PREVIEW.x + 8, PREVIEW.y + 8, fonts.get(17).size(words)[0] + 24, 30)
            pygame.draw.rect(surface, theme.mix(theme.GENTLE, theme.WHITE, 0.75), tag, border_radius=10)
            draw_text(surface, words, fonts, 17, center=tag.center, color=theme.INK)
        self.draw_notes(surface)
        rows = self.row_rects()
        space_top = rows[-1][1].bottom + 18
        if (PAGE_BTN.y - 12 if self.pages > 1 else 704) - space_top >= 100:
            self.draw_tip(surface, pygame.Rect(ROW_X, space_top, ROW_W, 100))

    def _draw_title(self, surface: pygame.Surface, b: Button, pressed: bool, focused: bool) -> None:
        """The name box: tap (or Enter) to type the name on the text-entry screen."""
        fonts = self.ctx.fonts
        box = b.rect.move(0, 3 if pressed else 0)
        edge = theme.GENTLE if editing.TITLE in self.problems else theme.PANEL_EDGE
        pygame.draw.rect(surface, theme.PANEL, box, border_radius=20)
        pygame.draw.rect(surface, edge, box, width=4, border_radius=20)
        draw_text(surface, fit(self.title, fonts.get(28, True), box.w - 90), fonts, 28,
                  topleft=(box.x + 18, box.y + 12), bold=True)
        draw_pencil_icon(surface, pygame.Rect(box.right - 58, box.y + 11, 44, 44), theme.INK_SOFT)

    def _draw_row(self, surface: pygame.Surface, b: Button, pressed: bool, focused: bool) -> None:
        """A setting's panel: its name and value in words, and its problem in words under it."""
        fonts = self.ctx.fonts
        f = self.field(b.key[1])
        row = b.rect
        problem = self.problems.get(f.key)
        fill = theme.mix(theme.PANEL, theme.SECONDARY, 0.12) if f.key == self.selected else theme.PANEL
        pygame.draw.rect(surface, fill, row, border_radius=18)
        pygame.draw.rect(surface, theme.GENTLE if problem else theme.PANEL_EDGE, row, width=4 if problem else 2,
                         border_radius=18)
        size = 20
        while size > 14 and fonts.get(size, True).size(f.label)[0] > LABEL_W - 20:
            size -= 1
        draw_text(surface, f.label, fonts, size, topleft=(row.x + 14, row.y + 7), bold=True,
                  color=theme.GENTLE if problem else theme.INK)
        words = editing.shown(f, self.values.get(f.key))
        size = 26
        while size > 16 and fonts.get(size, True).size(words)[0] > LABEL_W - 20:
            size -= 1
        draw_text(surface, words, fonts, size, topleft=(row.x + 14, row.y + 33 + (26 - size) // 2), bold=True,
                  color=theme.PRIMARY)
        if problem:
            font = fonts.get(15, True)
            lines = wrap_text(problem, font, row.w - 28)
            if len(lines) > 3:
                lines = lines[:3]
                lines[-1] = lines[-1][:-1] + "\u2026"
            for k, line in enumerate(lines):
                surface.blit(font.render(line, True, theme.mix(theme.GENTLE, theme.INK, 0.45)),
                             (row.x + 14, row.y + ROW_H - 4 + k * 19))

    def draw_notes(self, surface: pygame.Surface) -> None:
        """Under the preview: what the selected field does, what the child will meet, and messages."""
        fonts = self.ctx.fonts
        y = PREVIEW.bottom + 14
        f = self.field(self.selected)
        low, high = editing.easier_direction_words(f)
        way = {("harder", "easier"): " Larger is easier.", ("easier", "harder"): " Smaller is easier."}.get(
            (low, high), "") if "easier" not in f.hint else ""
        if f.kind != "number" and f.easiest is not None:
            way = f" Easiest: {editing.shown(f, f.easiest)}."
        for line in wrap_text(f"{f.label}: {f.hint}.{way}", fonts.get(19, True), PREVIEW.w)[:2]:
            draw_text(surface, line, fonts, 19, topleft=(PREVIEW.x, y), bold=True)
            y += 24
        y += 4
        for line in editing.summary(self.current):
            for part in wrap_text(line, fonts.get(18), PREVIEW.w)[:2]:
                draw_text(surface, part, fonts, 18, topleft=(PREVIEW.x, y), color=theme.INK_SOFT)
                y += 22
        notes = [(m, False) for m in self.general]
        if editing.TITLE in self.problems:
            notes.append((f"Name: {self.problems[editing.TITLE]}", False))
        if self.message:
            notes.append((self.message, self.message_ok))
        y = max(y + 4, SAVE.y - 8 - 22 * sum(min(2, len(wrap_text(m, fonts.get(18, True), 560))) for m, _ in notes))
        for text, good in notes:
            for part in wrap_text(text, fonts.get(18, True), 560)[:2]:
                draw_text(surface, part, fonts, 18, topleft=(PREVIEW.x, y), bold=True,
                          color=theme.SUCCESS if good else theme.mix(theme.GENTLE, theme.INK, 0.4))
                y += 22

    def draw_tip(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        """How to use the screen, where there is room for it."""
        fonts = self.ctx.fonts
        y = rect.y + 4
        tip = ("To make the level easier, move each slider towards the green word \u201ceasier\u201d "
               "(or press - and +). The picture on the right changes as you go. Saving makes a new "
               "level beside the others; the original stays as it is.")
        for line in wrap_text(tip, fonts.get(18), rect.w - 20)[:4]:
            draw_text(surface, line, fonts, 18, topleft=(rect.x + 10, y), color=theme.INK_SOFT)
            y += 23


def for_screenshot(ctx: AppContext, db, child, game: str) -> Scene:
    """The editor open on that game's first shipped level."""
    from game.levels.loader import level_files, load_level
    from game.paths import levels_dir

    return LevelEditScene(ctx, game, load_level(level_files(levels_dir(game))[0]))

