"""The level editor: pick a level, turn its difficulty with big sliders and steppers, save a copy.

For the therapist, not the child: every control is at least 64 play units, arrow keys step
the focused field, and each slider says at which end the level gets easier. Every change is
validated exactly as `levels check` does (game.levels.editor_model.apply_edit); a problem is
shown in words under its field and saving waits until it is fixed. Saving always writes a
NEW file in the user's own levels folder, so shipped levels are never touched.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pygame

from game.errors import UserError
from game.input import InputEvent
from game.levels import editor_model as editing
from game.levels.editor_model import EditField
from game.levels.loader import LevelEntry, LevelError, LoadedLevel, discover, level_ref
from game.levels.rewrite import level_data
from game.paths import user_levels_dir
from game.scenes.base import AppContext, Pop, Scene, Transition
from game.scenes.common import draw_background, draw_card, grid_rects
from game.scenes.editor_preview import draw_preview
from game.ui import theme
from game.ui.widgets import (
    draw_button,
    draw_home_icon,
    draw_lock_icon,
    draw_next_icon,
    draw_text,
    wrap_text,
)

ROW_X, ROW_W, ROW_H, ROW_GAP, ROWS_TOP = 24, 640, 72, 6, 132
PER_PAGE = 5                      # leaves room for two problems in words under their rows
PROBLEM_H = 58
STEP_W = 64                       # the - and + buttons: square, MIN_TARGET
KNOB_R = 22
PREVIEW = pygame.Rect(688, 132, 568, 320)
SAVE = pygame.Rect(896, 628, 360, 76)
TITLE_BOX = pygame.Rect(620, 34, 636, 68)
BACK = pygame.Rect(24, 26, 84, 84)
PAGE_BTN = pygame.Rect(ROW_X, 632, 300, 72)
CHOOSER_PER_PAGE = 10
CARD = (216, 224)
MAX_TITLE = 60

Hit = tuple  # ("step", key, dir) | ("choice", key, value) | ("slider", key) | ("off", key) | ("title",) ...


class EditorScene(Scene):
    """`EditorScene(ctx, game)` opens a chooser of that game's levels; with `loaded`, the editor itself.

    Pops with a tuple of the paths saved while it was open.
    """

    def __init__(self, ctx: AppContext, game: str, loaded: LoadedLevel | None = None):
        super().__init__(ctx)
        self.game = game
        self.from_chooser = loaded is None
        self.entries: list[LevelEntry] = []
        self.chooser_page = 0
        self.saved: list[Path] = []
        self.message = ""
        self.message_ok = True
        self.pressed: Hit | None = None
        self.drag: tuple[int, str] | None = None     # (pointer, field key) while a knob is held
        self.hits: list[tuple[pygame.Rect, Hit]] = []
        self.clock = 0.0
        self.source: LoadedLevel | None = None
        self.focus = -1                 # chooser: no card focused until an arrow key is pressed
        if loaded is not None:
            self.open_level(loaded)

    # --- opening and state ---------------------------------------------------------------
    @property
    def user_dir(self) -> Path:
        return user_levels_dir(self.ctx.db.path.parent, self.game)

    def open_level(self, loaded: LoadedLevel) -> None:
        self.source = loaded
        self.data = level_data(loaded.text)
        self.fields: list[EditField] = editing.fields_for(self.game, self.data)
        self.values: dict[str, Any] = editing.initial_values(self.game, self.data)
        self.title = editing.copy_title(loaded.title)
        self.baseline = (dict(self.values), self.title)
        self.page = 0
        self.focus = 1          # the first field: arrow keys change it at once
        self.selected = self.fields[0].key
        self.editing_title = False
        self.leave_armed = False
        self.current = loaded
        self.good_values = dict(self.values)
        self.preview_stale = False
        self.problems: dict[str, str] = {}
        self.general: list[str] = []
        self.message = ""
        self.revalidate()

    @property
    def editing(self) -> bool:
        return self.source is not None

    @property
    def pages(self) -> int:
        return max(1, -(-len(self.fields) // PER_PAGE))

    @property
    def page_fields(self) -> list[EditField]:
        return self.fields[self.page * PER_PAGE:(self.page + 1) * PER_PAGE]

    @property
    def dirty(self) -> bool:
        return (self.values, self.title) != self.baseline

    def focus_items(self) -> list[str]:
        items = ["title"] + [f.key for f in self.page_fields]
        if self.pages > 1:
            items.append("page")
        return items + ["save"]

    def field(self, key: str) -> EditField:
        return next(f for f in self.fields if f.key == key)

    def revalidate(self) -> None:
        """Run the edit through the same validation as `levels check`; keep the last good level for the preview."""
        assert self.source is not None
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
            self.current = editing.apply_edit(self.source, mixed, self.title if "title" not in self.problems
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

    def step(self, key: str, direction: int) -> None:
        f = self.field(key)
        self.set_value(key, editing.step_value(f, self.values.get(key), direction))

    # --- saving --------------------------------------------------------------------------
    def save(self) -> Path | None:
        if self.problems or self.general:
            self.message, self.message_ok = "Fix the field marked in purple first, then save.", False
            self.ctx.sounds.play("try_again")
            return None
        assert self.source is not None
        try:
            path = editing.save_new_level(self.current, self.user_dir, level_ref(self.source.path))
        except (UserError, OSError) as exc:
            self.message, self.message_ok = f"Could not save: {exc}", False
            return None
        self.saved.append(path)
        self.baseline = (dict(self.values), self.title)
        self.leave_armed = False
        self.message = f"Saved as {path.name}. \u201c{self.title}\u201d is now in the level list."
        self.message_ok = True
        self.ctx.sounds.play("chime")
        return path

    # --- scene hooks ---------------------------------------------------------------------
    def enter(self, now: float) -> None:
        pygame.key.start_text_input()
        if not self.editing:
            self.load_entries()

    def exit(self, now: float) -> None:
        pygame.key.stop_text_input()

    def load_entries(self) -> None:
        self.entries = [e for root in self.ctx.level_roots.get(self.game, []) if root.is_dir()
                        for e in discover(root)]

    def update(self, dt: float, now: float) -> Transition:
        self.clock += dt
        return None

    @property
    def wants_text(self) -> bool:
        """While the title is being typed, the input layer keeps space and letters as text."""
        return self.editing and self.editing_title

    def handle(self, ev: InputEvent, now: float) -> Transition:
        if not self.editing:
            return self.handle_chooser(ev)
        if ev.kind == "text":
            if self.editing_title:
                self.set_title((self.title + "".join(ch for ch in ev.text if ch.isprintable()))[:MAX_TITLE])
            return None
        if ev.kind == "action":
            return self.handle_action(ev) if ev.pressed else None
        if ev.kind == "pointer_down":
            hit = self.hit_at(ev.x, ev.y)
            self.pressed = hit
            if hit is None:
                self.editing_title = False
                return None
            if hit[0] == "slider":
                self.drag = (ev.pointer, hit[1])
                self.slide(hit[1], ev.x)
            return None
        if ev.kind == "pointer_move" and self.drag is not None and ev.pointer == self.drag[0]:
            self.slide(self.drag[1], ev.x)
            return None
        if ev.kind == "pointer_up":
            if self.drag is not None and ev.pointer == self.drag[0]:
                self.drag = None
                self.pressed = None
                return None
            hit = self.hit_at(ev.x, ev.y)
            fired = hit if hit is not None and hit == self.pressed else None
            self.pressed = None
            return self.fire(fired) if fired is not None else None
        return None

    def set_title(self, title: str) -> None:
        if title != self.title:
            self.title = title
            self.revalidate()

    def handle_action(self, ev: InputEvent) -> Transition:
        items = self.focus_items()
        self.focus = min(self.focus, len(items) - 1)
        item = items[self.focus]
        if ev.action == "back":
            return self.leave()
        if self.editing_title:
            if ev.action == "backspace":
                self.set_title(self.title[:-1])
            elif ev.action == "confirm":
                self.editing_title = False
            elif ev.action in ("up", "down"):
                self.editing_title = False
                self.move_focus(1 if ev.action == "down" else -1)
            return None
        if ev.action in ("up", "down"):
            self.move_focus(1 if ev.action == "down" else -1)
        elif ev.action in ("left", "right") and item not in ("title", "page", "save"):
            self.step(item, 1 if ev.action == "right" else -1)
        elif ev.action == "confirm":
            if item == "title":
                self.editing_title = True
            elif item == "page":
                return self.fire(("page",))
            elif item == "save":
                return self.fire(("save",))
            elif self.field(item).optional:
                return self.fire(("off", item))
        return None

    def move_focus(self, step: int) -> None:
        items = self.focus_items()
        self.focus = (self.focus + step) % len(items)
        if items[self.focus] not in ("title", "page", "save"):
            self.selected = items[self.focus]

    def fire(self, hit: Hit) -> Transition:
        kind = hit[0]
        if kind == "back":
            return self.leave()
        if kind == "title":
            self.editing_title = True
            self.focus = 0
            return None
        self.editing_title = False
        if kind == "step":
            self.step(hit[1], hit[2])
            self.ctx.sounds.play("click")
        elif kind == "choice":
            self.set_value(hit[1], hit[2])
            self.ctx.sounds.play("click")
        elif kind == "off":
            f = self.field(hit[1])
            self.set_value(f.key, None if self.values.get(f.key) is not None else editing.tidy(f, f.on_default))
        elif kind == "page":
            self.page = (self.page + 1) % self.pages
            self.focus = min(self.focus, len(self.focus_items()) - 1)
        elif kind == "save":
            self.save()
        return None

    def leave(self) -> Transition:
        if self.dirty and not self.leave_armed:
            self.leave_armed = True
            self.message, self.message_ok = "Not saved yet. Press back again to leave without saving.", False
            return None
        if self.from_chooser:
            self.source = None
            self.message = ""
            self.focus = -1
            self.load_entries()
            return None
        return Pop(tuple(self.saved))

    def slide(self, key: str, x: float) -> None:
        track = self.track_rect(key)
        if track is None:
            return
        f = self.field(key)
        self.set_value(key, editing.value_at(f, (x - track.x) / max(track.w, 1)))

    # --- layout --------------------------------------------------------------------------
    def row_rects(self) -> list[tuple[EditField, pygame.Rect]]:
        """Rows of this page; a row with a problem gets room for the words under it."""
        out = []
        y = ROWS_TOP
        for f in self.page_fields:
            out.append((f, pygame.Rect(ROW_X, y, ROW_W, ROW_H)))
            y += ROW_H + ROW_GAP + (PROBLEM_H if f.key in self.problems else 0)
        return out

    def track_rect(self, key: str) -> pygame.Rect | None:
        for f, row in self.row_rects():
            if f.key == key and f.kind == "number":
                left = row.x + 200 + STEP_W + 32 + (96 if f.optional else 0)
                right = row.right - STEP_W - 26
                return pygame.Rect(left, row.centery - 8, right - left, 16)
        return None

    def layout(self) -> list[tuple[pygame.Rect, Hit]]:
        """Every touch target on the editor screen, with what it does."""
        hits: list[tuple[pygame.Rect, Hit]] = [(BACK, ("back",)), (TITLE_BOX, ("title",)), (SAVE, ("save",))]
        if self.pages > 1:
            hits.append((PAGE_BTN, ("page",)))
        for f, row in self.row_rects():
            controls = pygame.Rect(row.x + 200, row.y + (ROW_H - STEP_W) // 2, row.w - 208, STEP_W)
            if f.kind == "number":
                hits.append((pygame.Rect(controls.x, controls.y, STEP_W, STEP_W), ("step", f.key, -1)))
                hits.append((pygame.Rect(controls.right - STEP_W, controls.y, STEP_W, STEP_W), ("step", f.key, 1)))
                if f.optional:
                    hits.append((pygame.Rect(controls.x + STEP_W + 10, controls.y, 92, STEP_W), ("off", f.key)))
                track = self.track_rect(f.key)
                assert track is not None
                hits.append((pygame.Rect(track.x - KNOB_R, controls.y, track.w + 2 * KNOB_R, STEP_W),
                             ("slider", f.key)))
            else:
                options = editing.choices_for(f, self.values.get(f.key))
                gap = 6
                w = (controls.w - gap * (len(options) - 1)) / len(options)
                for i, (value, _) in enumerate(options):
                    rect = pygame.Rect(round(controls.x + i * (w + gap)), controls.y, round(w), STEP_W)
                    hits.append((rect, ("choice", f.key, value)))
        return hits

    def hit_at(self, x: float, y: float) -> Hit | None:
        for rect, hit in reversed(self.layout()):
            if rect.collidepoint(x, y):
                return hit
        return None

    def control_rect(self, key: str, what: str) -> pygame.Rect:
        """For tests and scripts: the rect of a field's "minus", "plus", "slider", "off" or a choice value."""
        for rect, hit in self.layout():
            if hit[0] == "step" and hit[1] == key and what == ("plus" if hit[2] > 0 else "minus"):
                return rect
            if hit[0] in ("slider", "off") and hit[1] == key and what == hit[0]:
                return rect
            if hit[0] == "choice" and hit[1] == key and what == str(hit[2]):
                return rect
            if hit[0] == what == key:
                return rect
        raise KeyError(f"no {what!r} control for {key!r} on this page")

    # --- chooser -------------------------------------------------------------------------
    def chooser_layout(self) -> list[tuple[pygame.Rect, Hit]]:
        shown = self.entries[self.chooser_page * CHOOSER_PER_PAGE:(self.chooser_page + 1) * CHOOSER_PER_PAGE]
        hits: list[tuple[pygame.Rect, Hit]] = [(BACK, ("back",))]
        for i, rect in enumerate(grid_rects(len(shown), 5, CARD, 20, 150)):
            hits.append((rect, ("level", self.chooser_page * CHOOSER_PER_PAGE + i)))
        pages = max(1, -(-len(self.entries) // CHOOSER_PER_PAGE))
        if self.chooser_page + 1 < pages:
            hits.append((pygame.Rect(712, 634, 96, 78), ("next",)))
        if self.chooser_page > 0:
            hits.append((pygame.Rect(472, 634, 96, 78), ("prev",)))
        return hits

    def handle_chooser(self, ev: InputEvent) -> Transition:
        if ev.kind == "action" and ev.pressed:
            if ev.action == "back":
                return Pop(tuple(self.saved))
            count = len(self.entries)
            if ev.action in ("left", "right", "up", "down") and count:
                step = {"left": -1, "right": 1, "up": -5, "down": 5}[ev.action]
                self.focus = min(max(self.focus + step, 0), count - 1)
                self.chooser_page = self.focus // CHOOSER_PER_PAGE
            elif ev.action == "confirm" and 0 <= self.focus < count:
                return self.choose(self.focus)
            return None
        if ev.kind not in ("pointer_down", "pointer_up"):
            return None
        hit = next((h for r, h in reversed(self.chooser_layout()) if r.collidepoint(ev.x, ev.y)), None)
        if ev.kind == "pointer_down":
            self.pressed = hit
            return None
        fired = hit if hit is not None and hit == self.pressed else None
        self.pressed = None
        if fired is None:
            return None
        if fired[0] == "back":
            return Pop(tuple(self.saved))
        if fired[0] in ("next", "prev"):
            self.chooser_page += 1 if fired[0] == "next" else -1
            return None
        return self.choose(fired[1])

    def choose(self, index: int) -> Transition:
        entry = self.entries[index]
        if entry.loaded is None:
            self.message = str(entry.problems[0]) if entry.problems else "this level cannot be read"
            self.message_ok = False
            self.ctx.sounds.play("try_again")
            return None
        self.ctx.sounds.play("pop")
        self.open_level(entry.loaded)
        return None

    # --- drawing -------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        draw_background(surface)
        if not self.editing:
            self.draw_chooser(surface)
            return
        fonts = self.ctx.fonts
        self.draw_header(surface)
        focus_key = self.focus_items()[min(self.focus, len(self.focus_items()) - 1)]
        for f, row in self.row_rects():
            self.draw_row(surface, f, row, focused=focus_key == f.key)
        draw_preview(surface, PREVIEW, self.current, fonts)
        if self.problems or self.general:
            words = "showing the last good version" if self.preview_stale else "purple fields: showing their last good value"
            tag = pygame.Rect(PREVIEW.x + 8, PREVIEW.y + 8, fonts.get(17).size(words)[0] + 24, 30)
            pygame.draw.rect(surface, theme.mix(theme.GENTLE, theme.WHITE, 0.75), tag, border_radius=10)
            draw_text(surface, words, fonts, 17, center=tag.center, color=theme.INK)
        self.draw_notes(surface)
        if self.pages > 1:
            label = "More settings" if self.page + 1 < self.pages else "Main settings"
            self.draw_plain_button(surface, PAGE_BTN, f"{label}  ({self.page + 1}/{self.pages})",
                                   theme.SECONDARY, theme.INK, focused=focus_key == "page")
        rows = self.row_rects()
        space_top = rows[-1][1].bottom + (PROBLEM_H if rows[-1][0].key in self.problems else 0) + 18
        if (PAGE_BTN.y - 12 if self.pages > 1 else 704) - space_top >= 100:
            self.draw_tip(surface, pygame.Rect(ROW_X, space_top, ROW_W, 100))
        ok = not (self.problems or self.general)
        if focus_key == "save":
            pygame.draw.rect(surface, theme.ACCENT, SAVE.inflate(16, 16), width=6, border_radius=34)
        draw_button(surface, SAVE, "Save as new level", fonts, color=theme.SUCCESS if ok else theme.DISABLED,
                    text_color=theme.WHITE if ok else theme.DISABLED_INK, pressed=self.pressed == ("save",))

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

    def draw_plain_button(self, surface: pygame.Surface, rect: pygame.Rect, label: str, color, text_color,
                          focused: bool = False, pressed: bool = False) -> None:
        if focused:
            pygame.draw.rect(surface, theme.ACCENT, rect.inflate(14, 14), width=5, border_radius=26)
        draw_button(surface, rect, label, self.ctx.fonts, color=color, text_color=text_color, pressed=pressed)

    def draw_header(self, surface: pygame.Surface) -> None:
        from game.games import GAMES

        fonts = self.ctx.fonts
        assert self.source is not None
        draw_button(surface, BACK, "", fonts, color=theme.SECONDARY, pressed=self.pressed == ("back",),
                    icon=_back_icon)
        draw_text(surface, f"Change a level: {GAMES[self.game].title}", fonts, 30, topleft=(128, 24), bold=True)
        based = self.source.title if len(self.source.title) <= 34 else self.source.title[:33] + "\u2026"
        mine = " (yours)" if _is_user_level(self.source.path, self.user_dir) else ""
        draw_text(surface, f"starting from \u201c{based}\u201d{mine}", fonts, 20, topleft=(130, 68),
                  color=theme.INK_SOFT)
        draw_text(surface, "Name of the new level", fonts, 17, topleft=(TITLE_BOX.x + 4, 8), color=theme.INK_SOFT,
                  bold=True)
        focused = self.focus_items()[min(self.focus, len(self.focus_items()) - 1)] == "title"
        if focused and not self.editing_title:
            pygame.draw.rect(surface, theme.ACCENT, TITLE_BOX.inflate(12, 12), width=5, border_radius=24)
        edge = theme.GENTLE if "title" in self.problems else (theme.PRIMARY if self.editing_title else theme.PANEL_EDGE)
        pygame.draw.rect(surface, theme.PANEL, TITLE_BOX, border_radius=20)
        pygame.draw.rect(surface, edge, TITLE_BOX, width=4, border_radius=20)
        font = fonts.get(28, True)
        text = self.title
        while text and font.size(text + "|")[0] > TITLE_BOX.w - 80:
            text = text[1:]
        cursor = "|" if self.editing_title and int(self.clock * 2) % 2 == 0 else ""
        draw_text(surface, text + cursor, fonts, 28, topleft=(TITLE_BOX.x + 18, TITLE_BOX.y + 13), bold=True)
        _pencil(surface, pygame.Rect(TITLE_BOX.right - 58, TITLE_BOX.y + 12, 44, 44),
                theme.PRIMARY if self.editing_title else theme.INK_SOFT)
        if "title" in self.problems:
            draw_text(surface, self.problems["title"][:70], fonts, 16, topleft=(TITLE_BOX.x + 8, TITLE_BOX.bottom + 2),
                      color=theme.GENTLE, bold=True)

    def draw_row(self, surface: pygame.Surface, f: EditField, row: pygame.Rect, focused: bool) -> None:
        fonts = self.ctx.fonts
        problem = self.problems.get(f.key)
        value = self.values.get(f.key)
        full = row.copy()
        if problem:
            full.h += PROBLEM_H
        if focused:
            pygame.draw.rect(surface, theme.ACCENT, full.inflate(10, 10), width=5, border_radius=22)
        fill = theme.mix(theme.PANEL, theme.SECONDARY, 0.12) if f.key == self.selected else theme.PANEL
        pygame.draw.rect(surface, fill, full, border_radius=18)
        pygame.draw.rect(surface, theme.GENTLE if problem else theme.PANEL_EDGE, full, width=4 if problem else 2,
                         border_radius=18)
        size = 20
        while size > 14 and fonts.get(size, True).size(f.label)[0] > 180:
            size -= 1
        draw_text(surface, f.label, fonts, size, topleft=(row.x + 14, row.y + 7), bold=True,
                  color=theme.GENTLE if problem else theme.INK)
        words = editing.shown(f, value)
        size = 26
        while size > 16 and fonts.get(size, True).size(words)[0] > 180:
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
                             (row.x + 14, row.bottom - 4 + k * 19))
        for rect, hit in self.layout():
            if hit[1:2] != (f.key,):
                continue
            pressed = self.pressed == hit
            if hit[0] == "step":
                self.draw_stepper(surface, rect, f, hit[2], value, pressed)
            elif hit[0] == "off":
                off = value is None
                draw_button(surface, rect, f.off_words, fonts, color=theme.PRIMARY if off else theme.PANEL,
                            text_color=theme.WHITE if off else theme.INK, pressed=pressed)
            elif hit[0] == "slider":
                self.draw_slider(surface, f, value)
            elif hit[0] == "choice":
                self.draw_choice(surface, rect, f, hit[2], value, pressed)

    def draw_stepper(self, surface: pygame.Surface, rect: pygame.Rect, f: EditField, direction: int, value: Any,
                     pressed: bool) -> None:
        at_end = value is not None and ((direction < 0 and value <= f.lo) or (direction > 0 and value >= f.hi))
        color = theme.PANEL_EDGE if at_end else theme.PRIMARY
        draw_button(surface, rect, "", self.ctx.fonts, color=color, pressed=pressed,
                    icon=lambda s, r: _sign(s, r, direction, theme.WHITE if not at_end else theme.DISABLED_INK))

    def draw_slider(self, surface: pygame.Surface, f: EditField, value: Any) -> None:
        track = self.track_rect(f.key)
        assert track is not None
        fonts = self.ctx.fonts
        off = value is None
        low_words, high_words = editing.easier_direction_words(f)
        for words, x, anchor in ((low_words, track.x, "left"), (high_words, track.right, "right")):
            if words in ("less", "more"):
                continue
            color = theme.SUCCESS if words == "easier" else theme.INK_SOFT
            img = fonts.get(15, True).render(words, True, color)
            r = img.get_rect(bottom=track.y - 6)
            setattr(r, anchor, x)
            surface.blit(img, r)
        pygame.draw.rect(surface, theme.mix(theme.PANEL_EDGE, theme.WHITE, 0.2), track, border_radius=8)
        if not off:
            pos = editing.slider_position(f, value)
            knob = (round(track.x + pos * track.w), track.centery)
            fill = pygame.Rect(track.x, track.y, knob[0] - track.x, track.h)
            pygame.draw.rect(surface, theme.SECONDARY, fill, border_radius=8)
            dragging = self.drag is not None and self.drag[1] == f.key
            pygame.draw.circle(surface, theme.mix(theme.PRIMARY, theme.INK, 0.3), (knob[0], knob[1] + 3), KNOB_R)
            pygame.draw.circle(surface, theme.WHITE, knob, KNOB_R)
            pygame.draw.circle(surface, theme.PRIMARY, knob, KNOB_R, 6 if dragging else 4)
        pygame.draw.rect(surface, theme.PANEL_EDGE, track, 2, border_radius=8)

    def draw_choice(self, surface: pygame.Surface, rect: pygame.Rect, f: EditField, option: Any, value: Any,
                    pressed: bool) -> None:
        fonts = self.ctx.fonts
        chosen = option == value
        face = rect.move(0, 3 if pressed else 0)
        pygame.draw.rect(surface, theme.PRIMARY if chosen else theme.PANEL, face, border_radius=16)
        pygame.draw.rect(surface, theme.mix(theme.PRIMARY, theme.INK, 0.3) if chosen else theme.PANEL_EDGE, face,
                         width=3, border_radius=16)
        words = next(w for v, w in editing.choices_for(f, value) if v == option)
        easiest = f.easiest is not None and option == f.easiest
        size = 20
        while size > 13 and fonts.get(size, True).size(words)[0] > face.w - 10:
            size -= 1
        draw_text(surface, words, fonts, size, center=(face.centerx, face.centery - (8 if easiest else 0)), bold=True,
                  color=theme.WHITE if chosen else theme.INK)
        if easiest:
            draw_text(surface, "easiest", fonts, 14, center=(face.centerx, face.bottom - 14), bold=True,
                      color=theme.WHITE if chosen else theme.SUCCESS)

    def draw_notes(self, surface: pygame.Surface) -> None:
        """Under the preview: what the selected field does, what the child will meet, and messages."""
        fonts = self.ctx.fonts
        y = PREVIEW.bottom + 14
        f = self.field(self.selected) if any(x.key == self.selected for x in self.fields) else None
        if f is not None:
            low, high = editing.easier_direction_words(f)
            way = {("harder", "easier"): " Larger is easier.", ("easier", "harder"): " Smaller is easier."}.get(
                (low, high), "") if "easier" not in f.hint else ""
            if f.kind != "number" and f.easiest is not None:
                way = f" Easiest: {editing.shown(f, f.easiest)}."
            text = f"{f.label}: {f.hint}.{way}"
            for line in wrap_text(text, fonts.get(19, True), PREVIEW.w)[:2]:
                draw_text(surface, line, fonts, 19, topleft=(PREVIEW.x, y), bold=True)
                y += 24
        y += 4
        for line in editing.summary(self.current):
            for part in wrap_text(line, fonts.get(18), PREVIEW.w)[:2]:
                draw_text(surface, part, fonts, 18, topleft=(PREVIEW.x, y), color=theme.INK_SOFT)
                y += 22
        notes = [(m, False) for m in self.general] + ([(self.message, self.message_ok)] if self.message else [])
        y = max(y + 4, SAVE.y - 8 - 22 * sum(min(2, len(wrap_text(m, fonts.get(18, True), 560))) for m, _ in notes))
        for text, good in notes:
            for part in wrap_text(text, fonts.get(18, True), 560)[:2]:
                draw_text(surface, part, fonts, 18, topleft=(PREVIEW.x, y), bold=True,
                          color=theme.SUCCESS if good else theme.mix(theme.GENTLE, theme.INK, 0.4))
                y += 22

    def draw_chooser(self, surface: pygame.Surface) -> None:
        from game.games import GAMES

        fonts = self.ctx.fonts
        draw_button(surface, BACK, "", fonts, color=theme.SECONDARY, pressed=self.pressed == ("back",),
                    icon=_back_icon)
        draw_text(surface, f"Which {GAMES[self.game].title.lower()} level do you want to change?", fonts, 34,
                  center=(680, 56), bold=True)
        draw_text(surface, "You save a changed copy as a new level; the original stays as it is.", fonts, 22,
                  center=(680, 104), color=theme.INK_SOFT)
        focus = self.focus
        for rect, hit in self.chooser_layout():
            if hit[0] == "level":
                self.draw_card(surface, rect, hit[1], pressed=self.pressed == hit, focused=focus == hit[1])
            elif hit[0] in ("next", "prev"):
                draw_button(surface, rect, "", fonts, color=theme.PRIMARY, pressed=self.pressed == hit,
                            icon=draw_next_icon if hit[0] == "next" else _prev_icon)
        if not self.entries:
            draw_text(surface, "No levels here yet", fonts, 36, center=(640, 360), color=theme.INK_SOFT)
        if self.message:
            bar = pygame.Rect(40, 664, 1200, 44)
            pygame.draw.rect(surface, theme.mix(theme.GENTLE, theme.WHITE, 0.7), bar, border_radius=14)
            msg = self.message if len(self.message) < 120 else self.message[:117] + "..."
            draw_text(surface, msg, fonts, 18, center=bar.center)

    def draw_card(self, surface: pygame.Surface, rect: pygame.Rect, index: int, pressed: bool, focused: bool) -> None:
        from game.scenes.levels import draw_level_thumbnail

        fonts = self.ctx.fonts
        entry = self.entries[index]
        broken = entry.loaded is None
        if focused:
            pygame.draw.rect(surface, theme.ACCENT, rect.inflate(16, 16), width=6, border_radius=34)
        face = draw_card(surface, rect, pressed, focused, fill=theme.DISABLED if broken else theme.PANEL)
        mine = _is_user_level(entry.path, self.user_dir)
        draw_text(surface, str(index + 1), fonts, 24, center=(face.x + 26, face.y + 24), bold=True,
                  color=theme.INK_SOFT)
        if mine:
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
        title = entry.title if len(entry.title) <= 18 else entry.title[:17] + "\u2026"
        draw_text(surface, title, fonts, 21, center=(face.centerx, face.bottom - 50), bold=True)
        draw_text(surface, entry.path.name if len(entry.path.name) <= 24 else entry.path.name[:23] + "\u2026",
                  fonts, 14, center=(face.centerx, face.bottom - 22), color=theme.INK_SOFT)


def _is_user_level(path: Path, user_dir: Path) -> bool:
    try:
        return path.resolve().parent == user_dir.resolve()
    except OSError:
        return False


def _sign(surface: pygame.Surface, rect: pygame.Rect, direction: int, color) -> None:
    """A bold minus or plus, drawn (not a font glyph) so it is the same everywhere."""
    c = rect.center
    arm = int(rect.w * 0.32)
    thick = max(6, rect.w // 7)
    pygame.draw.rect(surface, color, pygame.Rect(c[0] - arm, c[1] - thick // 2, 2 * arm, thick), border_radius=3)
    if direction > 0:
        pygame.draw.rect(surface, color, pygame.Rect(c[0] - thick // 2, c[1] - arm, thick, 2 * arm), border_radius=3)


def _pencil(surface: pygame.Surface, rect: pygame.Rect, color) -> None:
    """A pencil: this box takes typing."""
    x, y, w, h = rect
    body = [(x + w * 0.2, y + h * 0.65), (x + w * 0.65, y + h * 0.2), (x + w * 0.82, y + h * 0.37),
            (x + w * 0.37, y + h * 0.82)]
    pygame.draw.polygon(surface, color, body)
    pygame.draw.polygon(surface, color, [(x + w * 0.2, y + h * 0.65), (x + w * 0.37, y + h * 0.82),
                                         (x + w * 0.12, y + h * 0.9)])


def _back_icon(surface: pygame.Surface, rect: pygame.Rect) -> None:
    draw_home_icon(surface, rect, theme.INK)


def _prev_icon(surface: pygame.Surface, rect: pygame.Rect) -> None:
    tmp = pygame.Surface(rect.size, pygame.SRCALPHA)
    draw_next_icon(tmp, tmp.get_rect())
    surface.blit(pygame.transform.flip(tmp, True, False), rect)


def for_screenshot(ctx: AppContext, db, child, game: str) -> Scene:
    """The editor open on that game's first shipped level."""
    from game.levels.loader import level_files, load_level
    from game.paths import levels_dir

    return EditorScene(ctx, game, load_level(level_files(levels_dir(game))[0]))
