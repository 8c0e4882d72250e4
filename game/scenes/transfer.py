"""The therapist area's "Send home" and "Bring in": a child file saved to, or read from, the folder the
grown-up chooses (a USB stick, a shared folder, the home folder), optionally with a passphrase.

The writing and merging are game/records/transfer.py's; what places are offered is game/folders.py's.
The hub gets a TransferDone back and shows its line.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pygame

from game.errors import UserError
from game.folders import Listing, Place, child_file_name, list_folder, quick_places, typed_folder
from game.input import InputEvent
from game.records.db import Child, Database
from game.scenes.base import AppContext, Pop, Push, Scene, Transition
from game.scenes.common import Button, Buttons, pressed
from game.scenes.therapist_ui import (
    PagedList,
    TextEntryScene,
    add_tabs,
    back_button,
    draw_header,
    draw_message,
    soft_button,
    text_button,
)
from game.ui import theme
from game.ui.widgets import draw_text, fit, fit_tail, wrap_text

LIST_X, LIST_W, ROW_H = 408, 848, 64
ROWS = 4                     # entries of the folder on one page
PLACE_ROWS = 5
LIST_Y, ROW_STEP = 180, 70
PAGE_Y = LIST_Y + ROWS * ROW_STEP + 4
ACTION_Y = PAGE_Y + 80       # the send screen's passphrase choice and Save
MESSAGE = pygame.Rect(24, 628, 1232, 56)
UP = (880, 22, 140, 72)
TYPE = (1036, 22, 220, 72)


@dataclass(frozen=True)
class TransferDone:
    """What the hub shows after a send or an import: one line, and the child to select."""

    message: str
    child_id: int | None = None


def _draw_folder_icon(surface: pygame.Surface, rect: pygame.Rect, color: theme.Color) -> None:
    body = pygame.Rect(rect.x, rect.y + rect.h * 0.25, rect.w, rect.h * 0.7)
    tab = pygame.Rect(rect.x, rect.y + rect.h * 0.1, rect.w * 0.45, rect.h * 0.3)
    pygame.draw.rect(surface, color, tab, border_radius=4)
    pygame.draw.rect(surface, color, body, border_radius=5)


def _draw_file_icon(surface: pygame.Surface, rect: pygame.Rect, color: theme.Color) -> None:
    page = pygame.Rect(rect.x + rect.w * 0.15, rect.y, rect.w * 0.7, rect.h)
    pygame.draw.rect(surface, color, page, border_radius=4)
    for k in range(3):
        y = page.y + page.h * (0.3 + 0.2 * k)
        pygame.draw.line(surface, theme.WHITE, (page.x + 6, y), (page.right - 6, y), 3)


class FolderScene(Scene):
    """Left: places (sticks, the home folder); right: the chosen folder's folders (and child files)."""

    title: tuple[str, str, str] | str = "Choose a folder"
    hint = ""
    show_files = False

    def __init__(self, ctx: AppContext, start: Path | None = None, places: list[Place] | None = None):
        super().__init__(ctx)
        self.places = places if places is not None else quick_places(ctx.db.path.parent)
        self.folder = start or self._first_place()
        self.listing: Listing = Listing(self.folder, (), ())
        self.ppaged = PagedList(PLACE_ROWS)
        self.lpaged = PagedList(ROWS)
        self.message = ""
        self.good = True
        self.buttons = Buttons()
        self.pending: str | None = None

    def _first_place(self) -> Path:
        for place in self.places:
            if place.path.is_dir():
                return place.path
        return Path.home()

    @property
    def entries(self) -> list[Path]:
        return [*self.listing.folders, *(self.listing.files if self.show_files else ())]

    def enter(self, now: float) -> None:
        self.open(self.folder)

    def open(self, folder: Path) -> None:
        if not folder.exists() and folder.absolute() == (self.ctx.db.path.parent / "child-files").absolute():
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError:
                pass
        self.folder = folder.absolute()
        self.listing = list_folder(self.folder)
        self.lpaged.page = 0
        if self.listing.problem:
            self.message, self.good = f"{folder}: {self.listing.problem}", False
        self._layout()

    def _layout(self) -> None:
        b = self.buttons
        b.clear()
        b.add(back_button())
        for row, i in enumerate(self.ppaged.window(len(self.places))):
            b.add(Button(("place", i), pygame.Rect(24, 160 + row * ROW_STEP, 360, ROW_H), draw_fn=self._draw_place))
        self.ppaged.add_buttons(b, "places", len(self.places), 24, 160 + PLACE_ROWS * ROW_STEP + 4, 360)
        b.add(soft_button("up", UP, "Up", enabled=self.folder.parent != self.folder))
        b.add(soft_button("type", TYPE, "Type a folder"))
        entries = self.entries
        for row, i in enumerate(self.lpaged.window(len(entries))):
            b.add(Button(("entry", i), pygame.Rect(LIST_X, LIST_Y + row * ROW_STEP, LIST_W, ROW_H),
                         draw_fn=self._draw_entry))
        self.lpaged.add_buttons(b, "entries", len(entries), LIST_X, PAGE_Y, LIST_W)
        self.add_actions(b)

    def add_actions(self, b: Buttons) -> None:
        """The buttons at the bottom right (the send screen's passphrase and Save)."""

    def handle(self, ev: InputEvent, now: float) -> Transition:
        key = pressed(self.buttons, ev)
        if key is None:
            return None
        if key == "back":
            return Pop()
        if key == "up":
            self.message = ""
            self.open(self.folder.parent)
        elif key == "type":
            self.pending = "folder"

            def commit(text: str) -> Path:
                try:
                    return typed_folder(text)
                except ValueError as exc:
                    raise UserError(str(exc)) from None

            return Push(TextEntryScene(self.ctx, "Type a folder", "For example /media/stick, or ~/Documents for a "
                                       "folder in your home folder", commit, initial=str(self.folder), max_len=400))
        elif isinstance(key, tuple) and key[0] == "place":
            self.message = ""
            self.open(self.places[key[1]].path)
        elif isinstance(key, tuple) and key[0] == "page":
            (self.ppaged if key[1] == "places" else self.lpaged).page += key[2]
            self._layout()
        elif isinstance(key, tuple) and key[0] == "entry":
            chosen = self.entries[key[1]]
            if chosen in self.listing.folders:
                self.message = ""
                self.open(chosen)
            else:
                return self.choose_file(chosen)
        else:
            return self.action(key)
        return None

    def choose_file(self, path: Path) -> Transition:
        return None

    def action(self, key: object) -> Transition:
        return None

    def resume(self, result, now: float) -> Transition:
        pending, self.pending = self.pending, None
        if pending == "folder" and isinstance(result, Path):
            self.message = ""
            self.open(result)
        return None

    def say(self, text: str, good: bool) -> None:
        self.message, self.good = text, good
        if not good:
            self.ctx.sounds.play("try_again")

    # drawing -----------------------------------------------------------------------------------
    def _draw_place(self, surface: pygame.Surface, b: Button, pressed: bool, focused: bool) -> None:
        place = self.places[b.key[1]]
        here = place.path == self.folder
        face = b.rect.move(0, 3 if pressed else 0)
        pygame.draw.rect(surface, theme.mix(theme.PANEL, theme.SECONDARY, 0.22) if here else theme.PANEL, face,
                         border_radius=16)
        pygame.draw.rect(surface, theme.PRIMARY if here else theme.PANEL_EDGE, face, 4 if here else 2, border_radius=16)
        _draw_folder_icon(surface, pygame.Rect(face.x + 16, face.y + 16, 36, 32), theme.SECONDARY)
        draw_text(surface, fit(place.label, self.ctx.fonts.get(22, True), face.w - 86), self.ctx.fonts, 22,
                  topleft=(face.x + 66, face.y + 6), bold=True)
        draw_text(surface, fit_tail(str(place.path), self.ctx.fonts.get(16), face.w - 86), self.ctx.fonts, 16,
                  topleft=(face.x + 66, face.y + 36), color=theme.INK_SOFT)

    def _draw_entry(self, surface: pygame.Surface, b: Button, pressed: bool, focused: bool) -> None:
        path = self.entries[b.key[1]]
        is_file = path not in self.listing.folders
        face = b.rect.move(0, 3 if pressed else 0)
        pygame.draw.rect(surface, theme.PANEL, face, border_radius=14)
        pygame.draw.rect(surface, theme.PANEL_EDGE, face, 2, border_radius=14)
        icon = pygame.Rect(face.x + 14, face.y + 16, 34, 32)
        (_draw_file_icon if is_file else _draw_folder_icon)(surface, icon, theme.SUCCESS if is_file else theme.SECONDARY)
        font = self.ctx.fonts.get(22, True)
        right = face.right - (190 if is_file else 24)
        draw_text(surface, fit(path.name, font, right - face.x - 64), self.ctx.fonts, 22,
                  topleft=(face.x + 62, face.y + 17), bold=True)
        if is_file:
            try:
                st = path.stat()
                size = f"{st.st_size / 1e6:.1f} MB" if st.st_size >= 1e6 else f"{max(1, round(st.st_size / 1e3))} KB"
                words = f"{datetime.fromtimestamp(st.st_mtime):%d %b %Y, %H:%M} · {size}"
            except OSError:
                words = ""
            draw_text(surface, words, self.ctx.fonts, 16, topleft=(face.right - 370, face.y + 23),
                      color=theme.INK_SOFT)
            pill = pygame.Rect(face.right - 124, face.y + 8, 112, face.h - 16)
            pygame.draw.rect(surface, theme.SUCCESS, pill, border_radius=12)
            draw_text(surface, "Bring in", self.ctx.fonts, 20, center=pill.center, bold=True, color=theme.WHITE)

    def draw(self, surface: pygame.Surface) -> None:
        draw_header(surface, self.ctx, self.title, self.hint, right=UP[0] - 12)
        draw_text(surface, "Places", self.ctx.fonts, 26, topleft=(24, 120), bold=True)
        draw_text(surface, fit_tail(f"Folder: {self.folder}", self.ctx.fonts.get(22, True), LIST_W),
                  self.ctx.fonts, 22, topleft=(LIST_X, 118), bold=True)
        draw_text(surface, fit(self.line_under_folder(), self.ctx.fonts.get(20), LIST_W), self.ctx.fonts, 20,
                  topleft=(LIST_X, 148), color=theme.INK_SOFT)
        if not self.entries and not self.listing.problem:
            draw_text(surface, self.empty_words(), self.ctx.fonts, 22, topleft=(LIST_X + 8, LIST_Y + 14),
                      color=theme.INK_SOFT)
        if self.listing.cut:
            draw_text(surface, "Only the first 500 entries are listed.", self.ctx.fonts, 16,
                      topleft=(LIST_X + 560, 150), color=theme.INK_SOFT)
        n = self.lpaged.pages(len(self.entries))
        if n > 1:
            draw_text(surface, f"Page {self.lpaged.page + 1} of {n}", self.ctx.fonts, 18,
                      topleft=(LIST_X + 740, 150), color=theme.INK_SOFT)
        self.buttons.draw(surface, self.ctx.fonts)
        self.draw_actions(surface)
        draw_message(surface, self.ctx, self.message, good=self.good, rect=MESSAGE)

    def line_under_folder(self) -> str:
        return ""

    def empty_words(self) -> str:
        return "No folders here."

    def draw_actions(self, surface: pygame.Surface) -> None:
        pass


class SendScene(FolderScene):
    """Send home: write the child's file into the chosen folder, with a passphrase if wanted."""

    hint = "Save it on a USB stick, in a shared folder or the home folder"

    def __init__(self, ctx: AppContext, child: Child, start: Path | None = None, places: list[Place] | None = None,
                 today: date | None = None):
        super().__init__(ctx, start, places)
        self.child = child
        self.title = ("Send ", child.name, " home")
        self.name = child_file_name(child.name, today or date.today())
        self.protect = False

    def add_actions(self, b: Buttons) -> None:
        add_tabs(b, "protect", [(False, "No passphrase"), (True, "With a passphrase")], lambda: self.protect,
                 LIST_X, ACTION_Y, 560, self.ctx)
        b.add(text_button("save", (1016, ACTION_Y, 240, 64), "Save here", theme.SUCCESS))

    def line_under_folder(self) -> str:
        who = "only with the passphrase" if self.protect else "anyone with the file"
        return f"Saves {self.name} here; {who} can open it"

    def action(self, key: object) -> Transition:
        if isinstance(key, tuple) and key[0] == "protect":
            self.protect = bool(key[1])
            return None
        if key != "save":
            return None
        if not self.protect:
            return self.save(None)
        from game.records.archive import check_new_passphrase

        self.pending = "passphrase"
        return Push(TextEntryScene(self.ctx, ("Passphrase for ", self.child.name, "'s file"),
                                   "At least 8 characters (a few words is best). Tell the family, not in the same "
                                   "e-mail as the file.", check_new_passphrase, max_len=100,
                                   save_label="Use it"))

    def resume(self, result, now: float) -> Transition:
        if self.pending == "passphrase":
            self.pending = None
            return self.save(result) if isinstance(result, str) else None
        return super().resume(result, now)

    def save(self, passphrase: str | None) -> Transition:
        from game.records.transfer import send

        out = self.folder / self.name
        try:
            sent = send(self.ctx.db, self.child, out, passphrase)
        except UserError as exc:
            self.say(str(exc), good=False)
            return None
        self.ctx.sounds.play("chime")
        protected = " It is protected by the passphrase." if passphrase else ""
        return Pop(TransferDone(f"Sent home: {sent.words(out)}.{protected}", self.child.id))


class BringScene(FolderScene):
    """Bring in: choose a child file; its child's play, plan and settings are merged into these records."""

    hint = "Choose the .motorplay file: on a stick, in a shared folder or at home"
    show_files = True

    def __init__(self, ctx: AppContext, child: Child | None = None, start: Path | None = None,
                 places: list[Place] | None = None):
        super().__init__(ctx, start, places)
        self.child = child
        self.title = "Bring in a child file"
        self.chosen: Path | None = None
        self.passphrase: str | None = None
        self.ask_about: tuple[str, Child] | None = None

    def line_under_folder(self) -> str:
        n = len(self.listing.files)
        return f"{n} child file{'s' if n != 1 else ''} here; tap one to bring it in" if n else \
            "No child files here: open the folder the file is in"

    def empty_words(self) -> str:
        return "Nothing here: no folders and no child files."

    def choose_file(self, path: Path) -> Transition:
        from game.records.archive import is_sealed

        self.chosen, self.passphrase = path, None
        if is_sealed(path):
            self.pending = "passphrase"
            return Push(TextEntryScene(self.ctx, "Passphrase", f"{path.name} is protected: type its passphrase",
                                       lambda text: text, max_len=100, save_label="Open", secret=True))
        return self.bring(None)

    def resume(self, result, now: float) -> Transition:
        pending, self.pending = self.pending, None
        if pending == "passphrase":
            if isinstance(result, str):
                self.passphrase = result
                return self.bring(None)
            return None
        if pending == "same-name" and self.ask_about is not None:
            if result == "merge":
                return self.bring(self.ask_about[1].name)
            if result == "rename":
                self.pending = "new-name"
                db = self.ctx.db

                def commit(text: str) -> str:
                    name = db._clean_name(text)
                    if db.find_child(name) is not None:
                        raise UserError(f"there is already a child called {name}; choose another name")
                    return name

                return Push(TextEntryScene(self.ctx, "A name for the child from the file",
                                           "They are brought in as a new child of this name.", commit, max_len=24))
            return None
        if pending == "new-name" and isinstance(result, str):
            return self.bring(result)
        self.pending = pending
        return super().resume(result, now)

    def bring(self, as_name: str | None) -> Transition:
        from game.records.archive import open_archive
        from game.records.transfer import NeedsName, bring_in

        assert self.chosen is not None
        secret = self.passphrase
        try:
            with open_archive(self.chosen, (lambda: secret) if secret is not None else None) as archive:
                brought = bring_in(self.ctx.db, archive, as_name)
        except NeedsName as exc:
            self.ask_about = (exc.name, exc.here)
            self.pending = "same-name"
            return Push(ChoiceScene(self.ctx, "Same name, different child?", [
                f"There is already a child called {exc.here.name} here, but the {exc.name} in {self.chosen.name} was "
                "started on another computer.",
                f"If it is the same child, their records are merged into {exc.here.name}'s. If not, bring them in "
                "under another name."], [("merge", f"Same child: merge into {exc.here.name}", theme.SUCCESS),
                                         ("rename", "Another child: new name", theme.PRIMARY),
                                         ("back", "Cancel", theme.SECONDARY)]))
        except UserError as exc:
            self.say(str(exc), good=False)
            return None
        self.ctx.sounds.play("chime")
        child = self.ctx.db.find_child(brought.child)
        return Pop(TransferDone(brought.short(), child.id if child else None))


class ChoiceScene(Scene):
    """A question in words and two or three big answers; pops the chosen key (None: back)."""

    def __init__(self, ctx: AppContext, title: str, lines: list[str], options: list[tuple[str, str, theme.Color]]):
        super().__init__(ctx)
        self.title = title
        self.lines = lines
        self.buttons = Buttons()
        self.buttons.add(back_button())
        for i, (key, label, color) in enumerate(options):
            ink = theme.INK if color == theme.SECONDARY else theme.WHITE
            self.buttons.add(Button(key, pygame.Rect(140, 380 + i * 88, 1000, 72), label, color, ink))

    def handle(self, ev: InputEvent, now: float) -> Transition:
        key = pressed(self.buttons, ev)
        if key is None:
            return None
        return Pop(None if key == "back" else key)

    def draw(self, surface: pygame.Surface) -> None:
        draw_header(surface, self.ctx, self.title)
        font = self.ctx.fonts.get(26)
        y = 150
        for text in self.lines:
            for line in wrap_text(text, font, 1000):
                draw_text(surface, line, self.ctx.fonts, 26, topleft=(140, y))
                y += 36
            y += 14
        self.buttons.draw(surface, self.ctx.fonts)


def for_screenshot(ctx: AppContext, db: Database, child: Child, game: str) -> Scene:
    """The send screen opened at MotorPlay's own child-files folder."""
    return SendScene(ctx, child, db.path.parent / "child-files")


def bring_for_screenshot(ctx: AppContext, db: Database, child: Child, game: str) -> Scene:
    """The bring-in screen opened at MotorPlay's own child-files folder."""
    return BringScene(ctx, child, db.path.parent / "child-files")
