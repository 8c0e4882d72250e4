"""The therapist area's hub: every child (archived ones too), and the chosen child's panel.

Reached only through the held corner gear and the PIN. Children are added, renamed and
archived here, never deleted: archiving hides a child from the picker and keeps every record.
The other screens (progress, replay, editor, reports) belong to their own modules and are
imported only when their button is pressed.
"""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pygame

from game.errors import UserError
from game.games import DEFAULT_GAME, GAMES
from game.input import InputEvent
from game.records.db import NAME_MAX, Child, Database
from game.records.summary import ChildSummary, child_summary
from game.scenes.base import AppContext, Pop, Push, Scene, Transition
from game.scenes.common import Button, Buttons, draw_card, pressed
from game.scenes.therapist_ui import (
    ROW_H,
    PagedList,
    TextEntryScene,
    add_tabs,
    back_button,
    draw_gear,
    draw_header,
    draw_message,
    soft_button,
    text_button,
    when,
)
from game.ui import theme
from game.ui.widgets import draw_button, draw_text, fit, fit_between

LIST_X, LIST_Y, LIST_W = 24, 196, 380
ROWS = 5
PANEL = pygame.Rect(428, 118, 828, 586)
TILES = (("progress", "Progress", "charts over time"),
         ("sessions", "Sessions & replay", "every attempt, replayed"),
         ("notes", "Notes", "on a session or attempt"),
         ("plan", "Plan", "levels in order"),
         ("adaptive", "Adaptive", "difficulty steps"),
         ("editor", "Level editor", "make a new level"),
         ("access", "Access options", "switch, larger targets, hold, motion, sounds, hand, demonstrations"))

SCREEN_SIZE = (804, 22, 220, 72)
"""Beside Settings: this screen's bank-card measurement (game/scenes/screen_size.py)."""
LEVEL_FILES = (488, 22, 304, 72)
"""Beside Screen size, only when some level file has a mistake: opens the list of them, with the reasons."""
NAME_RIGHT = PANEL.right - 330 - 12
"""The chosen child's name (and its "archived" tag) ends before the Rename button."""
ARCHIVED_TAG_W = 110
REPORT_LABEL_W = 300 - 28 - 12
""""Report for <name>:" ends before the first report button."""
TILE_Y, TILE_H, TILE_STEP = PANEL.y + 196, 66, 74   # two rows of three, then access options across a third
REPORT_Y = PANEL.y + 422
"""The report buttons' row; under it the home-practice row (Send home, Bring in)."""
TRANSFER_Y = REPORT_Y + 70


def report_path(data_dir: Path, child_name: str, day: date, suffix: str = ".html") -> Path:
    """<data dir>/reports/<name>-<date>.html: one file per child and day, safe on every file system."""
    slug = re.sub(r"[^\w-]+", "_", child_name).strip("_.") or "child"
    return data_dir / "reports" / f"{slug}-{day.isoformat()}{suffix}"


class TherapistScene(Scene):
    def __init__(self, ctx: AppContext, selected: int | None = None, game: str = DEFAULT_GAME):
        super().__init__(ctx)
        self.selected = selected
        self.game = game if game in GAMES else next(iter(GAMES))
        self.children: list[Child] = []
        self.summaries: dict[int, ChildSummary] = {}
        self.paged = PagedList(ROWS)
        self.message = ""
        self.message_good = True
        self.pending: str | None = None     # what a pushed text entry / new-child scene was for
        self.broken_files = 0               # level files with mistakes (children never see them)
        self.screen_note = ""               # this screen is not measured for millimetres: what to do
        self.buttons = Buttons()

    # data and layout --------------------------------------------------------------------------
    def enter(self, now: float) -> None:
        self.refresh()

    def refresh(self) -> None:
        from game.scenes.level_files import broken_levels
        from game.scenes.screen_size import screen_state, screen_words

        self.broken_files = len(broken_levels(self.ctx))
        key, measured, others = screen_state(self.ctx)
        self.screen_note = screen_words(measured, others, key) if key else ""
        self.children = self.ctx.db.children(include_archived=True)
        self.summaries = {c.id: child_summary(self.ctx.db, c.id) for c in self.children}
        ids = [c.id for c in self.children]
        if self.selected not in ids:
            active = [c for c in self.children if not c.archived]
            self.selected = (active or self.children)[0].id if self.children else None
        if self.selected is not None:
            pos = ids.index(self.selected)
            self.paged.page = pos // ROWS
        self._layout()

    @property
    def child(self) -> Child | None:
        return next((c for c in self.children if c.id == self.selected), None)

    def _layout(self) -> None:
        b = self.buttons
        focus = b.focus
        b.clear()
        b.add(back_button())
        b.add(Button("settings", pygame.Rect(1036, 22, 220, 72), "Settings", theme.SECONDARY, theme.INK,
                     icon=lambda surf, r: draw_gear(surf, r.center, r.h * 0.5, theme.INK)))
        b.add(text_button("screen_size", SCREEN_SIZE, "Screen size" if not self.screen_note else "Measure screen",
                          theme.SECONDARY if not self.screen_note else theme.GENTLE,
                          theme.INK if not self.screen_note else theme.WHITE))
        if self.broken_files:
            n = self.broken_files
            b.add(text_button("level_files", LEVEL_FILES, f"{n} level file{'s' if n != 1 else ''} to fix",
                              theme.GENTLE))
        b.add(text_button("add", (LIST_X + LIST_W - 170, 120, 170, 64), "+ Add child", theme.SUCCESS))
        for row, i in enumerate(self.paged.window(len(self.children))):
            child = self.children[i]
            b.add(Button(("child", child.id), pygame.Rect(LIST_X, LIST_Y + row * (ROW_H + 8), LIST_W, ROW_H),
                         child.name, draw_fn=self._draw_row))
        self.paged.add_buttons(b, "children", len(self.children), LIST_X, LIST_Y + ROWS * (ROW_H + 8) + 4, LIST_W)
        child = self.child
        if child is not None:
            b.add(soft_button("rename", (PANEL.right - 330, PANEL.y + 18, 150, 64), "Rename"))
            b.add(soft_button("archive", (PANEL.right - 168, PANEL.y + 18, 150, 64),
                              "Unarchive" if child.archived else "Archive"))
            add_tabs(b, "tab", [(g, GAMES[g].title) for g in GAMES], lambda: self.game,
                     PANEL.x + 150, PANEL.y + 126, PANEL.w - 174, self.ctx)
            tw = (PANEL.w - 48 - 2 * 16) // 3
            for k, (key, title, _sub) in enumerate(TILES):
                row, col = divmod(k, 3)
                # two rows of three; the child's access options (every game) across the whole third row
                wide = k == len(TILES) - 1 and col == 0
                rect = pygame.Rect(PANEL.x + 24 + col * (tw + 16), TILE_Y + row * TILE_STEP,
                                   PANEL.w - 48 if wide else tw, TILE_H)
                b.add(Button(key, rect, title, draw_fn=self._draw_tile))
            b.add(text_button("report_html", (PANEL.x + 300, REPORT_Y, 240, 64), "Report (web page)", theme.SUCCESS))
            b.add(text_button("report_pdf", (PANEL.x + 556, REPORT_Y, 248, 64), "Report (PDF)", theme.SUCCESS))
            b.add(soft_button("send", (PANEL.x + 300, TRANSFER_Y, 240, 64), "Send home"))
            b.add(soft_button("bring", (PANEL.x + 556, TRANSFER_Y, 248, 64), "Bring in"))
        if focus is not None and focus < len(b.items):
            b.focus = focus

    # input --------------------------------------------------------------------------------------
    def handle(self, ev: InputEvent, now: float) -> Transition:
        key = pressed(self.buttons, ev)
        if key is None:
            return None
        if key == "back":
            return Pop()
        if key == "settings":
            from game.scenes.therapist_settings import SettingsScene

            return Push(SettingsScene(self.ctx))
        if key == "screen_size":
            from game.scenes.screen_size import ScreenSizeScene

            return Push(ScreenSizeScene(self.ctx))
        if key == "level_files":
            from game.scenes.level_files import LevelFilesScene

            return Push(LevelFilesScene(self.ctx))
        if key == "add":
            from game.scenes.new_child import NewChildScene

            self.pending = "add"
            return Push(NewChildScene(self.ctx))
        if isinstance(key, tuple) and key[0] == "child":
            self.selected = key[1]
            self.message = ""
            self._layout()
            return None
        if isinstance(key, tuple) and key[0] == "page":
            self.paged.page += key[2]
            self._layout()
            return None
        if isinstance(key, tuple) and key[0] == "tab":
            self.game = key[1]
            return None
        child = self.child
        if child is None:
            return None
        if key == "rename":
            return self._rename(child)
        if key == "archive":
            self.toggle_archived(child)
            return None
        if key in ("report_html", "report_pdf"):
            self.make_report(child, ".pdf" if key == "report_pdf" else ".html")
            return None
        if key in ("send", "bring"):
            from game.scenes.transfer import BringScene, SendScene

            return Push(SendScene(self.ctx, child) if key == "send" else BringScene(self.ctx, child))
        return self._open(key, child)

    def _rename(self, child: Child) -> Transition:
        db = self.ctx.db

        def commit(text: str) -> Child:
            db.rename_child(child.id, text)
            return db.get_child(child.id)  # type: ignore[return-value]

        self.pending = "rename"
        return Push(TextEntryScene(self.ctx, ("Rename ", child.name, ""),
                                   "The new name shows everywhere; every record stays with this child.",
                                   commit, initial=child.name, max_len=max(NAME_MAX, len(child.name))))

    def toggle_archived(self, child: Child) -> None:
        self.ctx.db.set_archived(child.id, not child.archived)
        n = self.summaries[child.id].attempts if child.id in self.summaries else 0
        if child.archived:
            self.message = f"{child.name} is back in the child picker, with all {n} attempts."
        else:
            self.message = (f"{child.name} is archived: hidden from the child picker. All {n} attempts are kept; "
                            "nothing was deleted. Unarchive any time.")
        self.message_good = True
        self.refresh()

    def make_report(self, child: Child, suffix: str) -> Path | None:
        out = report_path(self.ctx.db.path.parent, child.name, date.today(), suffix)
        try:
            from game.reports import make_report
        except ImportError as exc:
            self._say(f"Reports are not available in this copy of MotorPlay ({exc}).", good=False)
            return None
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            path = make_report(self.ctx.db, child.name, out)
        except (UserError, OSError) as exc:
            self._say(f"The report could not be made: {exc}", good=False)
            return None
        self._say(f"Report saved: {path}", good=True)
        return Path(path)

    def _open(self, key: str, child: Child) -> Transition:
        try:
            if key == "progress":
                from game.scenes.progress import ProgressScene

                return Push(ProgressScene(self.ctx, child, self.game))
            if key == "editor":
                from game.scenes.editor_levels import EditorLevelsScene

                return Push(EditorLevelsScene(self.ctx, self.game))
        except ImportError as exc:
            self._say(f"That screen is not available in this copy of MotorPlay ({exc}).", good=False)
            return None
        if key == "sessions":
            try:
                from game.scenes.sessions import SessionsScene
            except ImportError as exc:
                self._say(f"That screen is not available in this copy of MotorPlay ({exc}).", good=False)
                return None
            return Push(SessionsScene(self.ctx, child))
        from game.scenes import therapist_child as tc

        if key == "notes":
            return Push(tc.NotesScene(self.ctx, child))
        if key == "plan":
            return Push(tc.PlanScene(self.ctx, child))
        if key == "adaptive":
            return Push(tc.AdaptiveScene(self.ctx, child, self.game))
        if key == "access":
            return Push(tc.AccessScene(self.ctx, child))
        return None

    def _say(self, text: str, good: bool) -> None:
        self.message, self.message_good = text, good
        if not good:
            self.ctx.sounds.play("try_again")

    def resume(self, result, now: float) -> Transition:
        pending, self.pending = self.pending, None
        from game.scenes.transfer import TransferDone

        if isinstance(result, TransferDone):
            self.selected = result.child_id if result.child_id is not None else self.selected
            self.message, self.message_good = result.message, True
            self.refresh()
            return None
        if isinstance(result, Child):
            self.selected = result.id
            self.message_good = True
            self.message = (f"Added {result.name}." if pending == "add" else f"Renamed to {result.name}.")
            self.refresh()
        return None

    # drawing ------------------------------------------------------------------------------------
    def _draw_row(self, surface: pygame.Surface, b: Button, pressed: bool, focused: bool) -> None:
        child = next(c for c in self.children if c.id == b.key[1])
        chosen = child.id == self.selected
        fill = theme.mix(theme.PANEL, theme.SECONDARY, 0.22) if chosen else \
            (theme.mix(theme.PANEL, theme.DISABLED, 0.45) if child.archived else theme.PANEL)
        face = b.rect.move(0, 3 if pressed else 0)
        pygame.draw.rect(surface, fill, face, border_radius=18)
        pygame.draw.rect(surface, theme.PRIMARY if chosen else theme.PANEL_EDGE, face,
                         width=4 if chosen else 2, border_radius=18)
        if chosen:  # an arrow tab on the right edge, pointing at the panel: not colour alone
            pygame.draw.polygon(surface, theme.PRIMARY, [(face.right - 4, face.centery - 12),
                                                         (face.right + 10, face.centery),
                                                         (face.right - 4, face.centery + 12)])
        self.ctx.blit_avatar(surface, child.avatar, (face.x + 40, face.centery), 26)
        ink = theme.INK_SOFT if child.archived else theme.INK
        font = self.ctx.fonts.get(26, True)
        draw_text(surface, fit(child.name, font, 210), self.ctx.fonts, 26, topleft=(face.x + 78, face.y + 8),
                  bold=True, color=ink)
        s = self.summaries.get(child.id)
        n = s.attempts if s else 0
        draw_text(surface, f"{n} attempt{'s' if n != 1 else ''}", self.ctx.fonts, 18,
                  topleft=(face.x + 78, face.y + 42), color=theme.INK_SOFT)
        if child.archived:
            tag = pygame.Rect(face.right - 104, face.y + 20, 92, 32)
            pygame.draw.rect(surface, theme.INK_SOFT, tag, border_radius=16)
            draw_text(surface, "archived", self.ctx.fonts, 18, center=tag.center, color=theme.WHITE, bold=True)

    def _draw_tile(self, surface: pygame.Surface, b: Button, pressed: bool, focused: bool) -> None:
        title, sub = next((t, s) for k, t, s in TILES if k == b.key)
        draw_button(surface, b.rect, "", self.ctx.fonts, color=theme.PRIMARY, pressed=pressed)
        face = b.rect.move(0, max(3, b.rect.h // 14) if pressed else 0)
        draw_text(surface, title, self.ctx.fonts, 26, center=(face.centerx, face.centery - 12), bold=True,
                  color=theme.WHITE)
        draw_text(surface, sub, self.ctx.fonts, 18, center=(face.centerx, face.centery + 18),
                  color=theme.mix(theme.WHITE, theme.PRIMARY, 0.15))

    @property
    def needs_redraw(self) -> bool:
        return False   # a still screen: drawn again after input (game.app.run_loop)

    def draw(self, surface: pygame.Surface) -> None:
        right = LEVEL_FILES[0] - 12 if self.broken_files else SCREEN_SIZE[0] - 12
        draw_header(surface, self.ctx, "Therapist area", "" if self.screen_note else
                    "For grown-ups: children, progress, plans and settings", right=right)
        if self.screen_note:   # this screen is not measured: say so where a grown-up looks first
            draw_text(surface, fit(self.screen_note, self.ctx.fonts.get(18, True), right - 130), self.ctx.fonts, 18,
                      topleft=(130, 70), bold=True, color=theme.mix(theme.GENTLE, theme.INK, 0.45))
        draw_text(surface, "Children", self.ctx.fonts, 32, topleft=(LIST_X, 128), bold=True)
        if not self.children:
            draw_text(surface, "No children yet.", self.ctx.fonts, 24, topleft=(LIST_X, LIST_Y + 10),
                      color=theme.INK_SOFT)
        draw_text(surface, "Nothing is ever deleted:", self.ctx.fonts, 18, topleft=(LIST_X, 660),
                  color=theme.INK_SOFT, bold=True)
        draw_text(surface, "archiving only hides a child from the picker.", self.ctx.fonts, 18,
                  topleft=(LIST_X, 682), color=theme.INK_SOFT)
        draw_card(surface, PANEL, False, False)
        child = self.child
        if child is None:
            draw_text(surface, "Add a child to see their progress here.", self.ctx.fonts, 30,
                      center=PANEL.center, color=theme.INK_SOFT)
        else:
            self._draw_panel(surface, child)
        self.buttons.draw(surface, self.ctx.fonts)
        if child is not None:
            draw_text(surface, fit_between("Report for ", child.name, ":", self.ctx.fonts.get(24, True),
                                           REPORT_LABEL_W), self.ctx.fonts, 24, topleft=(PANEL.x + 28, REPORT_Y + 16),
                      bold=True)
            draw_text(surface, "Practising at home:", self.ctx.fonts, 24, topleft=(PANEL.x + 28, TRANSFER_Y + 16),
                      bold=True)
        draw_message(surface, self.ctx, self.message, good=self.message_good,
                     rect=pygame.Rect(PANEL.x + 20, PANEL.bottom - 62, PANEL.w - 40, 54))

    def _draw_panel(self, surface: pygame.Surface, child: Child) -> None:
        self.ctx.blit_avatar(surface, child.avatar, (PANEL.x + 64, PANEL.y + 60), 42)
        font = self.ctx.fonts.get(40, True)
        room = NAME_RIGHT - (PANEL.x + 122) - (ARCHIVED_TAG_W + 14 if child.archived else 0)
        name = draw_text(surface, fit(child.name, font, room), self.ctx.fonts, 40,
                         topleft=(PANEL.x + 122, PANEL.y + 14), bold=True)
        if child.archived:
            tag = pygame.Rect(name.right + 14, name.y + 10, ARCHIVED_TAG_W, 34)
            pygame.draw.rect(surface, theme.INK_SOFT, tag, border_radius=17)
            draw_text(surface, "archived", self.ctx.fonts, 20, center=tag.center, color=theme.WHITE, bold=True)
        s = self.summaries.get(child.id, ChildSummary(0, 0, None))
        line = (f"{s.attempts} attempt{'s' if s.attempts != 1 else ''} in {s.sessions} "
                f"session{'s' if s.sessions != 1 else ''}")
        draw_text(surface, line, self.ctx.fonts, 22, topleft=(PANEL.x + 124, PANEL.y + 66), color=theme.INK_SOFT)
        draw_text(surface, "Last played: " + (when(s.last_played) if s.last_played else "not yet"),
                  self.ctx.fonts, 20, topleft=(PANEL.x + 124, PANEL.y + 94), color=theme.INK_SOFT)
        draw_text(surface, "Game:", self.ctx.fonts, 26, topleft=(PANEL.x + 40, PANEL.y + 142), bold=True)


def for_screenshot(ctx: AppContext, db: Database, child: Child, game: str) -> Scene:
    """The hub with every child listed and this child's panel open."""
    return TherapistScene(ctx, selected=child.id or None, game=game)
