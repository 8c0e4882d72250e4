"""One child's therapist screens: notes, plan, adaptive settings and motor access options.

Each screen saves the moment something changes (one small transaction), so a therapist who
leaves with Esc never loses work, and each says on screen what was saved.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pygame

from game.errors import UserError
from game.games import DEFAULT_GAME, GAMES
from game.input import InputEvent
from game.levels.loader import LevelEntry, discover, level_ref
from game.records.access import HANDS, NAMES, AccessOptions
from game.records.db import Child
from game.records.rows import (
    AdaptiveChange,
    AdaptiveSettings,
    AttemptListing,
    AttemptRow,
    Note,
    SessionOverview,
)
from game.records.summary import played_sessions, session_attempts
from game.scenes.base import AppContext, Pop, Push, Scene, Transition
from game.scenes.common import Button, Buttons, draw_card, pressed
from game.scenes.therapist_ui import (
    PagedList,
    TextEntryScene,
    add_stepper,
    add_tabs,
    back_button,
    draw_header,
    draw_message,
    draw_value_box,
    minutes,
    soft_button,
    text_button,
    when,
)
from game.ui import theme
from game.ui.widgets import draw_star, draw_text, fit, wrap_text

NOTE_MAX = 1000


# --- notes -------------------------------------------------------------------------------------

def note_target_label(note: Note, sessions: dict[int, SessionOverview],
                      attempts: dict[int, AttemptRow]) -> str:
    """What a note is about, in words: an attempt (level, try, time) or a session (its date)."""
    a = attempts.get(note.attempt_id or -1)
    if a is not None:
        title = GAMES[a.game].title if a.game in GAMES else a.game
        return f"Attempt: {title}, {a.level_title}, try {a.attempt_no}, {when(a.started_at)}"
    s = sessions.get(note.session_id or -1)
    if s is not None:
        return f"Session of {when(s.first_at or s.started_at)}"
    return "About the child"


class NotesScene(Scene):
    """Every note for a child, newest first, each saying what it is attached to."""

    PER_PAGE = 4

    def __init__(self, ctx: AppContext, child: Child):
        super().__init__(ctx)
        self.child = child
        self.notes: list[Note] = []
        self.labels: dict[int, str] = {}
        self.paged = PagedList(self.PER_PAGE)
        self.message = ""
        self.buttons = Buttons()

    def enter(self, now: float) -> None:
        db = self.ctx.db
        self.notes = list(reversed(db.notes(self.child.id)))
        sessions = {s.id: s for s in db.sessions(self.child.id)}
        attempts: dict[int, AttemptRow] = {}
        for n in self.notes:
            if n.attempt_id and n.attempt_id not in attempts:
                row = db.attempt(n.attempt_id)
                if row is not None:
                    attempts[n.attempt_id] = row
        self.labels = {n.id: note_target_label(n, sessions, attempts) for n in self.notes}
        self.has_sessions = bool(played_sessions(db, self.child.id))
        self._layout()

    def _layout(self) -> None:
        self.buttons.clear()
        self.buttons.add(back_button())
        self.buttons.add(text_button("new", (956, 22, 300, 72), "+ New note", theme.SUCCESS,
                                     enabled=self.has_sessions))
        self.paged.add_buttons(self.buttons, "notes", len(self.notes), 700, 580, 556)

    def handle(self, ev: InputEvent, now: float) -> Transition:
        key = pressed(self.buttons, ev)
        if key == "back":
            return Pop()
        if key == "new":
            return Push(NoteTargetScene(self.ctx, self.child))
        if isinstance(key, tuple) and key[0] == "page":
            self.paged.page += key[2]
            self._layout()
        return None

    def resume(self, result, now: float) -> Transition:
        if isinstance(result, int):
            self.message = "Note saved."
            self.paged.page = 0
        return None

    def draw(self, surface: pygame.Surface) -> None:
        draw_header(surface, self.ctx, ("Notes: ", self.child.name, ""), "Newest first; each belongs to a session or one attempt",
                    right=956 - 12)
        if not self.notes:
            msg = ("No notes yet. Press + New note." if self.has_sessions else
                   "No notes yet. Notes are attached to sessions, and this child has not played yet.")
            draw_text(surface, msg, self.ctx.fonts, 28, center=(640, 340), color=theme.INK_SOFT)
        font = self.ctx.fonts.get(22)
        for row, i in enumerate(self.paged.window(len(self.notes))):
            n = self.notes[i]
            card = pygame.Rect(24, 124 + row * 112, 1232, 104)
            draw_card(surface, card, False, False)
            draw_text(surface, fit(self.labels[n.id], self.ctx.fonts.get(20, True), 860), self.ctx.fonts, 20,
                      topleft=(card.x + 20, card.y + 10), bold=True, color=theme.PRIMARY)
            draw_text(surface, "written " + when(n.created_at), self.ctx.fonts, 18,
                      topleft=(card.right - 330, card.y + 12), color=theme.INK_SOFT)
            lines = wrap_text(n.text, font, card.w - 40)
            if len(lines) > 2:
                lines = [lines[0], fit(lines[1] + " " + lines[2], font, card.w - 40)]
            for k, line in enumerate(lines[:2]):
                draw_text(surface, line, self.ctx.fonts, 22, topleft=(card.x + 20, card.y + 40 + k * 28))
        n_pages = self.paged.pages(len(self.notes))
        if n_pages > 1:
            draw_text(surface, f"Page {self.paged.page + 1} of {n_pages}", self.ctx.fonts, 20, topleft=(40, 600),
                      color=theme.INK_SOFT)
        self.buttons.draw(surface, self.ctx.fonts)
        draw_message(surface, self.ctx, self.message)


class NoteTargetScene(Scene):
    """Which session, and the whole session or one attempt of it? Then the note is typed."""

    SESSIONS = 6
    ATTEMPTS = 5

    def __init__(self, ctx: AppContext, child: Child):
        super().__init__(ctx)
        self.child = child
        self.sessions: list[SessionOverview] = []
        self.attempts: list[AttemptListing] = []
        self.chosen = 0
        self.spaged = PagedList(self.SESSIONS)
        self.apaged = PagedList(self.ATTEMPTS)
        self.buttons = Buttons()

    def enter(self, now: float) -> None:
        self.sessions = played_sessions(self.ctx.db, self.child.id)
        self._choose(min(self.chosen, max(0, len(self.sessions) - 1)))

    def _choose(self, i: int) -> None:
        self.chosen = i
        self.attempts = session_attempts(self.ctx.db, self.sessions[i].id) if self.sessions else []
        self.apaged.page = 0
        self._layout()

    def _layout(self) -> None:
        b = self.buttons
        b.clear()
        b.add(back_button())
        for row, i in enumerate(self.spaged.window(len(self.sessions))):
            b.add(Button(("session", i), pygame.Rect(24, 124 + row * 78, 440, 72), draw_fn=self._draw_session))
        self.spaged.add_buttons(b, "sessions", len(self.sessions), 24, 600, 440)
        if self.sessions:
            b.add(text_button("whole", (496, 170, 760, 72), "Note on this whole session", theme.SUCCESS))
            for row, i in enumerate(self.apaged.window(len(self.attempts))):
                b.add(Button(("attempt", i), pygame.Rect(496, 296 + row * 70, 760, 64), draw_fn=self._draw_attempt))
            self.apaged.add_buttons(b, "attempts", len(self.attempts), 496, 646, 760)

    def handle(self, ev: InputEvent, now: float) -> Transition:
        key = pressed(self.buttons, ev)
        if key == "back":
            return Pop()
        if isinstance(key, tuple) and key[0] == "page":
            (self.spaged if key[1] == "sessions" else self.apaged).page += key[2]
            self._layout()
        elif isinstance(key, tuple) and key[0] == "session":
            self._choose(key[1])
        elif key == "whole":
            s = self.sessions[self.chosen]
            return self._write(f"Session of {when(s.first_at or s.started_at)}", s.id, None)
        elif isinstance(key, tuple) and key[0] == "attempt":
            a = self.attempts[key[1]]
            title = GAMES[a.game].title if a.game in GAMES else a.game
            return self._write(f"{title}, {a.level_title}, try {a.attempt_no}", a.session_id, a.id)
        return None

    def _write(self, about: str, session_id: int, attempt_id: int | None) -> Transition:
        db, child_id = self.ctx.db, self.child.id

        def commit(text: str) -> int:
            return db.add_note(child_id, text, session_id=session_id, attempt_id=attempt_id)

        return Push(TextEntryScene(self.ctx, f"Note: {about}", f"About {self.child.name}; saved with the records.",
                                   commit, max_len=NOTE_MAX, multiline=True, save_label="Save note"))

    def resume(self, result, now: float) -> Transition:
        return Pop(result) if isinstance(result, int) else None

    def _draw_session(self, surface: pygame.Surface, b: Button, pressed: bool, focused: bool) -> None:
        s = self.sessions[b.key[1]]
        chosen = b.key[1] == self.chosen
        face = b.rect.move(0, 3 if pressed else 0)
        pygame.draw.rect(surface, theme.mix(theme.PANEL, theme.SECONDARY, 0.22) if chosen else theme.PANEL, face,
                         border_radius=16)
        pygame.draw.rect(surface, theme.PRIMARY if chosen else theme.PANEL_EDGE, face, 4 if chosen else 2,
                         border_radius=16)
        draw_text(surface, when(s.first_at or s.started_at), self.ctx.fonts, 22,
                  topleft=(face.x + 16, face.y + 8), bold=True)
        draw_text(surface, f"{s.attempts} attempt{'s' if s.attempts != 1 else ''}, {minutes(s.first_at, s.last_at)}", self.ctx.fonts, 18,
                  topleft=(face.x + 16, face.y + 40), color=theme.INK_SOFT)

    def _draw_attempt(self, surface: pygame.Surface, b: Button, pressed: bool, focused: bool) -> None:
        a = self.attempts[b.key[1]]
        face = b.rect.move(0, 3 if pressed else 0)
        pygame.draw.rect(surface, theme.PANEL, face, border_radius=16)
        pygame.draw.rect(surface, theme.PANEL_EDGE, face, 2, border_radius=16)
        title = GAMES[a.game].title if a.game in GAMES else a.game
        clock = when(a.started_at).split(", ")[-1]
        status = "finished" if a.status == "finished" else "stopped early"
        font = self.ctx.fonts.get(21)
        draw_text(surface, fit(f"{clock}  {title}: {a.level_title}, try {a.attempt_no}, {status}", font, 480),
                  self.ctx.fonts, 21, topleft=(face.x + 16, face.centery - 14))
        for k in range(3):
            draw_star(surface, (face.x + 540 + k * 32, face.centery), 13, k < a.stars)
        draw_text(surface, "+ Note", self.ctx.fonts, 22, center=(face.right - 70, face.centery), bold=True,
                  color=theme.PRIMARY)

    def draw(self, surface: pygame.Surface) -> None:
        draw_header(surface, self.ctx, ("New note: ", self.child.name, ""),
                    "Pick a session, then note the whole session or one attempt of it")
        self.buttons.draw(surface, self.ctx.fonts)
        if self.sessions:
            draw_text(surface, "Or one attempt of it:", self.ctx.fonts, 24, topleft=(498, 256), bold=True)
            draw_text(surface, "Session", self.ctx.fonts, 24, topleft=(498, 128), bold=True)


# --- plan --------------------------------------------------------------------------------------

def all_levels(ctx: AppContext, game: str) -> list[LevelEntry]:
    """A game's valid levels: shipped first, then the therapist's own (user levels folder)."""
    return [e for root in ctx.level_roots.get(game, []) if root.is_dir() for e in discover(root)
            if e.loaded is not None]


def _triangle_icon(up: bool):
    def icon(surface: pygame.Surface, rect: pygame.Rect) -> None:
        cx, cy, h = rect.centerx, rect.centery, rect.h * 0.32
        pts = [(cx - h, cy + h * 0.6), (cx + h, cy + h * 0.6), (cx, cy - h * 0.8)] if up else \
            [(cx - h, cy - h * 0.6), (cx + h, cy - h * 0.6), (cx, cy + h * 0.8)]
        pygame.draw.polygon(surface, theme.INK, pts)
    return icon


def _cross_icon(surface: pygame.Surface, rect: pygame.Rect) -> None:
    h = rect.h * 0.26
    for a, b in (((-h, -h), (h, h)), ((-h, h), (h, -h))):
        pygame.draw.line(surface, theme.INK, (rect.centerx + a[0], rect.centery + a[1]),
                         (rect.centerx + b[0], rect.centery + b[1]), 7)


def move(entries: list[tuple[str, str]], i: int, delta: int) -> list[tuple[str, str]]:
    """The plan with entry i moved one place up (-1) or down (+1); unchanged at the ends."""
    j = i + delta
    if not (0 <= i < len(entries) and 0 <= j < len(entries)):
        return list(entries)
    out = list(entries)
    out[i], out[j] = out[j], out[i]
    return out


class PlanScene(Scene):
    """Left: the child's plan, in order. Right: every level of a game, tap to add it to the end."""

    PLAN_ROWS = 6
    LEVEL_ROWS = 6

    def __init__(self, ctx: AppContext, child: Child, game: str = DEFAULT_GAME):
        super().__init__(ctx)
        self.child = child
        self.game = game if game in GAMES else next(iter(GAMES))
        self.plan: list[tuple[str, str]] = []
        self.levels: dict[str, list[LevelEntry]] = {}
        self.titles: dict[str, str] = {}
        self.ppaged = PagedList(self.PLAN_ROWS)
        self.lpaged = PagedList(self.LEVEL_ROWS)
        self.message = ""
        self.good = True
        self.buttons = Buttons()

    def enter(self, now: float) -> None:
        self.plan = self.ctx.db.plan(self.child.id)
        self.levels = {g: all_levels(self.ctx, g) for g in GAMES}
        self.titles = {level_ref(e.path): e.title for es in self.levels.values() for e in es}
        self._layout()

    def _layout(self) -> None:
        b = self.buttons
        b.clear()
        b.add(back_button())
        b.add(soft_button("clear", (1036, 22, 220, 72), "Clear plan", enabled=bool(self.plan)))
        for row, i in enumerate(self.ppaged.window(len(self.plan))):
            y = 160 + row * 72
            b.add(Button(("plan", i), pygame.Rect(24, y, 380, 64), draw_fn=self._draw_plan_row))
            b.add(Button(("up", i), pygame.Rect(412, y, 64, 64), "", theme.SECONDARY, icon=_triangle_icon(True),
                         enabled=i > 0))
            b.add(Button(("down", i), pygame.Rect(482, y, 64, 64), "", theme.SECONDARY, icon=_triangle_icon(False),
                         enabled=i < len(self.plan) - 1))
            b.add(Button(("remove", i), pygame.Rect(552, y, 64, 64), "", theme.mix(theme.GENTLE, theme.WHITE, 0.3),
                         icon=_cross_icon))
        self.ppaged.add_buttons(b, "plan", len(self.plan), 24, 594, 592)
        add_tabs(b, "tab", [(g, GAMES[g].title) for g in GAMES], lambda: self.game, 652, 124, 604, self.ctx)
        entries = self.levels.get(self.game, [])
        for row, i in enumerate(self.lpaged.window(len(entries))):
            b.add(Button(("add", i), pygame.Rect(652, 200 + row * 66, 604, 60), draw_fn=self._draw_level_row))
        self.lpaged.add_buttons(b, "levels", len(entries), 652, 598, 604)

    def handle(self, ev: InputEvent, now: float) -> Transition:
        key = pressed(self.buttons, ev)
        if key is None:
            return None
        if key == "back":
            return Pop()
        if key == "clear":
            self._save([])
        elif isinstance(key, tuple):
            kind = key[0]
            if kind == "tab":
                self.game = key[1]
                self.lpaged.page = 0
            elif kind == "page":
                (self.ppaged if key[1] == "plan" else self.lpaged).page += key[2]
            elif kind == "add":
                entry = self.levels[self.game][key[1]]
                self._save(self.plan + [(self.game, level_ref(entry.path))])
                self.ppaged.page = self.ppaged.pages(len(self.plan)) - 1
            elif kind in ("up", "down"):
                self._save(move(self.plan, key[1], -1 if kind == "up" else 1))
            elif kind == "remove":
                self._save(self.plan[:key[1]] + self.plan[key[1] + 1:])
        self._layout()
        return None

    def _save(self, entries: list[tuple[str, str]]) -> None:
        try:
            self.ctx.db.set_plan(self.child.id, entries)
        except UserError as exc:
            self.message, self.good = str(exc), False
            return
        self.plan = entries
        n = len(entries)
        self.message, self.good = (f"Saved. {self.child.name} sees these {n} level{'s' if n != 1 else ''} first, "
                                   "in this order." if n else "Saved: no plan; the levels show in their usual order."), True

    def _draw_plan_row(self, surface: pygame.Surface, b: Button, pressed: bool, focused: bool) -> None:
        game, ref = self.plan[b.key[1]]
        face = b.rect.move(0, 3 if pressed else 0)
        missing = ref not in self.titles
        pygame.draw.rect(surface, theme.mix(theme.PANEL, theme.DISABLED, 0.4) if missing else theme.PANEL, face,
                         border_radius=16)
        pygame.draw.rect(surface, theme.PANEL_EDGE, face, 2, border_radius=16)
        badge = pygame.Rect(face.x + 10, face.y + 12, 40, 40)
        pygame.draw.circle(surface, theme.PRIMARY, badge.center, 20)
        draw_text(surface, str(b.key[1] + 1), self.ctx.fonts, 22, center=badge.center, bold=True, color=theme.WHITE)
        title = self.titles.get(ref, Path(ref).stem + " (file missing)")
        font = self.ctx.fonts.get(22, True)
        draw_text(surface, fit(title, font, 300), self.ctx.fonts, 22, topleft=(face.x + 62, face.y + 6), bold=True,
                  color=theme.INK_SOFT if missing else theme.INK)
        where = "your level" if Path(ref).is_absolute() else "shipped level"
        draw_text(surface, f"{GAMES[game].title if game in GAMES else game} · {where}", self.ctx.fonts, 17,
                  topleft=(face.x + 62, face.y + 36), color=theme.INK_SOFT)

    def _draw_level_row(self, surface: pygame.Surface, b: Button, pressed: bool, focused: bool) -> None:
        entry = self.levels[self.game][b.key[1]]
        ref = level_ref(entry.path)
        face = b.rect.move(0, 3 if pressed else 0)
        pygame.draw.rect(surface, theme.PANEL, face, border_radius=16)
        pygame.draw.rect(surface, theme.PANEL_EDGE, face, 2, border_radius=16)
        font = self.ctx.fonts.get(22, True)
        draw_text(surface, fit(entry.title, font, 330), self.ctx.fonts, 22, topleft=(face.x + 18, face.y + 4),
                  bold=True)
        mine = Path(ref).is_absolute()
        draw_text(surface, ("your level · " if mine else "") + Path(ref).name, self.ctx.fonts, 16,
                  topleft=(face.x + 18, face.y + 34), color=theme.INK_SOFT)
        count = sum(1 for _, r in self.plan if r == ref)
        if count:
            draw_text(surface, f"in plan ×{count}" if count > 1 else "in plan", self.ctx.fonts, 18,
                      topleft=(face.x + 380, face.y + 20), color=theme.SUCCESS, bold=True)
        add = pygame.Rect(face.right - 96, face.y + 8, 84, face.h - 16)
        pygame.draw.rect(surface, theme.SUCCESS, add, border_radius=14)
        draw_text(surface, "+ Add", self.ctx.fonts, 20, center=add.center, bold=True, color=theme.WHITE)

    def draw(self, surface: pygame.Surface) -> None:
        draw_header(surface, self.ctx, ("Plan: ", self.child.name, ""),
                    "The levels this child sees first, in this order. Saved as you go.", right=1036 - 12)
        draw_text(surface, "The plan, in order", self.ctx.fonts, 26, topleft=(24, 122), bold=True)
        if not self.plan:
            for k, line in enumerate(("No plan yet.", "Tap a level on the right", "to add it here.")):
                draw_text(surface, line, self.ctx.fonts, 26, topleft=(40, 180 + k * 36), color=theme.INK_SOFT)
        self.buttons.draw(surface, self.ctx.fonts)
        draw_message(surface, self.ctx, self.message, good=self.good)


# --- adaptive ----------------------------------------------------------------------------------

RULE_WORDS = MappingProxyType({"2down1up": "harder after 2 successes in a row, easier after 1 miss: settles near 71% success",
              "3down1up": "harder after 3 successes in a row, easier after 1 miss: settles near 79% success"})
FIELD_WORDS = MappingProxyType({name: f"{g.axis.label.lower()}: {g.axis.words}" for name, g in GAMES.items()})
CTRL_X, CTRL_W = 310, 400
CARD = pygame.Rect(744, 208, 512, 432)


def nudge(game: str, setting: str) -> float:
    """How far one press of a stepper moves a value (the game's axis says): fine enough, few enough presses."""
    step_by, bounds_by = GAMES[game].axis.nudge
    return float(step_by if setting == "step" else bounds_by)


def fmt(v: float) -> str:
    return f"{v:g}"


class AdaptiveScene(Scene):
    """Per game: on/off, the rule, the step and the bounds; shows where the staircase is now."""

    def __init__(self, ctx: AppContext, child: Child, game: str = DEFAULT_GAME):
        super().__init__(ctx)
        from game.staircase import DEFAULTS

        self.defaults = DEFAULTS
        self.child = child
        self.game = game if game in DEFAULTS else next(iter(DEFAULTS))
        self.row: AdaptiveSettings | None = None   # set by enter
        self.changes: list[AdaptiveChange] = []
        self.message = ""
        self.good = True
        self.buttons = Buttons()
        self.value_boxes: dict[str, pygame.Rect] = {}

    def enter(self, now: float) -> None:
        self._load()

    def _load(self) -> None:
        from game.records.adaptive import settings

        self.row = settings(self.ctx.db, self.child.id, self.game)
        self.changes = self.ctx.db.adaptive_changes(self.child.id, self.game)[-4:]
        self._layout()

    def _layout(self) -> None:
        row = self.row
        assert row is not None
        b = self.buttons
        b.clear()
        b.add(back_button())
        add_tabs(b, "tab", [(g, GAMES[g].title) for g in self.defaults if g in GAMES], lambda: self.game,
                 CTRL_X, 124, 1256 - CTRL_X, self.ctx)
        add_tabs(b, "enabled", [(False, "Off"), (True, "On")], lambda: row.enabled, CTRL_X, 208, CTRL_W,
                 self.ctx)
        add_tabs(b, "rule", [(r, r.replace("down", "-down/").replace("up", "-up")) for r in RULE_WORDS],
                 lambda: row.rule, CTRL_X, 292, CTRL_W, self.ctx)
        self.value_boxes = {name: add_stepper(b, name, CTRL_X, y, CTRL_W) for name, y in
                            (("step", 408), ("min_value", 492), ("max_value", 576))}
        b.add(soft_button("restart", (CARD.x + 20, CARD.bottom - 84, CARD.w - 40, 64), "Start the staircase again",
                          enabled=bool(row.state)))

    def handle(self, ev: InputEvent, now: float) -> Transition:
        key = pressed(self.buttons, ev)
        if key == "back":
            return Pop()
        if key == "restart":
            from game.records.adaptive import restart

            restart(self.ctx.db, self.child.id, self.game)
            self.message, self.good = ("Started again: the next level played sets the starting value. "
                                       "Earlier changes stay in the records."), True
            self._load()
        elif isinstance(key, tuple):
            if key[0] == "tab":
                self.game = key[1]
                self.message = ""
                self._load()
            elif key[0] == "enabled":
                self.apply(enabled=key[1])
            elif key[0] == "rule":
                self.apply(rule=key[1])
            elif key[0] == "step":
                name, sign = key[1], key[2]
                d = nudge(self.game, name) * sign
                self.apply(**{name: round(float(getattr(self.row, name)) + d, 6)})
        return None

    def apply(self, **changes: Any) -> bool:
        """Save one change through the adaptive records module; its checks give the words on error."""
        from game.records.adaptive import configure

        assert self.row is not None
        row = replace(self.row, **changes)
        try:
            configure(self.ctx.db, self.child.id, self.game, enabled=row.enabled, rule=row.rule,
                      step=row.step, min_value=row.min_value, max_value=row.max_value)
        except UserError as exc:
            self.message, self.good = str(exc), False
            self.ctx.sounds.play("try_again")
            return False
        state = "on" if row.enabled else "off"
        self.message, self.good = (f"Saved: adaptive mode for {GAMES[self.game].title} is {state} for "
                                   f"{self.child.name}."), True
        self._load()
        return True

    def draw(self, surface: pygame.Surface) -> None:
        g = self.defaults[self.game]
        row = self.row
        assert row is not None
        draw_header(surface, self.ctx, ("Adaptive difficulty: ", self.child.name, ""),
                    "Opt-in, per game: a staircase moves one field in steps, within your bounds")
        labels = (("Game", 140), ("Adaptive mode", 224), ("Rule", 308), ("Step", 424), ("Lowest", 508),
                  ("Highest", 592))
        for text, y in labels:
            draw_text(surface, text, self.ctx.fonts, 28, topleft=(40, y), bold=True)
        font = self.ctx.fonts.get(18)
        for k, line in enumerate(wrap_text(RULE_WORDS.get(row.rule, row.rule), font, CTRL_W)[:2]):
            draw_text(surface, line, self.ctx.fonts, 18, topleft=(CTRL_X, 360 + k * 21), color=theme.INK_SOFT)
        draw_card(surface, CARD, False, False)
        self.buttons.draw(surface, self.ctx.fonts)
        for name, rect in self.value_boxes.items():
            draw_value_box(surface, self.ctx, rect, f"{fmt(float(getattr(row, name)))} {g.unit}")
        # the card: what moves, where it is now, what counts as a success, the latest changes
        x, y, w = CARD.x + 22, CARD.y + 16, CARD.w - 44
        font = self.ctx.fonts.get(18)
        moves = wrap_text("Moves " + FIELD_WORDS.get(self.game, g.label), font, w)[:2]
        for k, line in enumerate(moves):
            draw_text(surface, line, self.ctx.fonts, 18, topleft=(x, y + k * 22), color=theme.INK_SOFT)
        y += 22 * (len(moves) - 1) + 4
        state = row.state
        if not row.enabled:
            now_text, sub = "Off", "levels play exactly as written"
        elif state:
            now_text = f"Now: {g.label} {fmt(float(state.get('value', row.value)))} {g.unit}"
            trials = state.get("trials", 0)
            sub = f"after {trials} attempt{'s' if trials != 1 else ''} in adaptive mode"
        else:
            now_text, sub = "On, not started yet", "the next level played sets the starting value"
        draw_text(surface, now_text, self.ctx.fonts, 32, topleft=(x, y + 28), bold=True)
        draw_text(surface, sub, self.ctx.fonts, 18, topleft=(x, y + 72), color=theme.INK_SOFT)
        lines = wrap_text(f"Counts as a success: {g.success}.", font, w)[:3]
        for k, line in enumerate(lines):
            draw_text(surface, line, self.ctx.fonts, 18, topleft=(x, y + 106 + k * 23))
        top = y + 116 + len(lines) * 23
        draw_text(surface, "Latest changes", self.ctx.fonts, 20, topleft=(x, top), bold=True)
        if not self.changes:
            draw_text(surface, "none yet", self.ctx.fonts, 18, topleft=(x, top + 28), color=theme.INK_SOFT)
        small = self.ctx.fonts.get(17)
        for k, c in enumerate(reversed(self.changes)):
            draw_text(surface, fit(f"{when(c.changed_at)}: {c.reason}", small, w), self.ctx.fonts,
                      17, topleft=(x, top + 28 + k * 24))
        draw_message(surface, self.ctx, self.message, good=self.good)


# --- motor access options ----------------------------------------------------------------------

ACCESS_LEFT, ACCESS_RIGHT = 24, 656      # the two columns of rows
LABEL_W, ACCESS_ROW = 240, 80
VOLUME_STEP = 10                         # per cent a volume's - / + moves
SECONDS_STEP = 0.1                       # seconds a pace's or hold time's - / + moves


class AccessScene(Scene):
    """One child's motor access options (game.records.access): each change is saved at once, with its time,
    and the line at the bottom says what is on. The child's screens use them from the next screen shown."""

    def __init__(self, ctx: AppContext, child: Child):
        super().__init__(ctx)
        self.child = child
        self.options = AccessOptions()
        self.changed_at: str | None = None
        self.message = ""
        self.good = True
        self.buttons = Buttons()
        self.value_boxes: dict[str, pygame.Rect] = {}
        self.labels: list[tuple[str, int, int]] = []   # (words, x, y) beside each row

    def enter(self, now: float) -> None:
        from game.records.access import access_options

        self.options = access_options(self.ctx.db, self.child.id)
        row = self.ctx.db.child_options(self.child.id)
        self.changed_at = row.changed_at if row is not None else None
        self._layout()

    def _layout(self) -> None:
        o = self.options
        with self.buttons.rebuilding() as b:
            b.add(back_button())
            self.labels, self.value_boxes = [], {}
            w = 600 - LABEL_W

            def row(x: int, k: int, words: str) -> tuple[int, int]:
                y = 124 + k * ACCESS_ROW
                self.labels.append((words, x, y))
                return x + LABEL_W, y

            def onoff(name: str, x: int, k: int, words: str, labels: tuple[str, str] = ("Off", "On")) -> None:
                cx, y = row(x, k, words)
                add_tabs(b, name, [(False, labels[0]), (True, labels[1])], lambda: getattr(self.options, name),
                         cx, y, w, self.ctx)

            def stepper(name: str, x: int, k: int, words: str, enabled: bool) -> None:
                cx, y = row(x, k, words)
                self.value_boxes[name] = add_stepper(b, name, cx, y, w, enabled=enabled)

            onoff("switch", ACCESS_LEFT, 0, "Switch access")
            stepper("switch_scan", ACCESS_LEFT, 1, "Scan pace", o.switch)
            onoff("hold", ACCESS_LEFT, 2, "Hold or tap", ("Tap", "Hold"))
            stepper("hold_s", ACCESS_LEFT, 3, "Hold for", o.hold)
            onoff("larger_targets", ACCESS_LEFT, 4, "Larger targets")
            onoff("reduced_motion", ACCESS_LEFT, 5, "Reduced motion")
            onoff("mute", ACCESS_RIGHT, 0, "Sound", ("On", "Muted"))
            stepper("effects_volume", ACCESS_RIGHT, 1, "Effects volume", not o.mute)
            stepper("metronome_volume", ACCESS_RIGHT, 2, "Metronome", not o.mute)
            cx, y = row(ACCESS_RIGHT, 3, "Hand")
            add_tabs(b, "hand", [(h, h.capitalize()) for h in HANDS], lambda: self.options.hand, cx, y, w, self.ctx,
                     note=lambda v: "as written" if v == "either" else "")
            cx, y = row(ACCESS_RIGHT, 4, "Demonstration")
            add_tabs(b, "demo", [("always", "Always"), ("first", "First time"), ("never", "Never")],
                     lambda: self.options.demo, cx, y, w, self.ctx)

    def handle(self, ev: InputEvent, now: float) -> Transition:
        key = pressed(self.buttons, ev)
        if key == "back":
            return Pop()
        if not isinstance(key, tuple):
            return None
        if key[0] == "step":
            name, sign = key[1], key[2]
            if name in ("effects_volume", "metronome_volume"):
                self.apply(**{name: getattr(self.options, name) + sign * VOLUME_STEP})
            else:
                self.apply(**{name: round(getattr(self.options, name) + sign * SECONDS_STEP, 2)})
        elif key[0] in NAMES:
            self.apply(**{key[0]: key[1]})
        return None

    def apply(self, **changes: Any) -> bool:
        """Check and keep one change; a value out of range says so on screen and nothing is kept."""
        from game.records.access import set_access_options

        try:
            options = self.options.changed(**changes)
            set_access_options(self.ctx.db, self.child.id, options)
        except (ValueError, UserError) as exc:
            self.message, self.good = str(exc), False
            self.ctx.sounds.play("try_again")
            return False
        self.options = options
        self.message, self.good = f"Saved for {self.child.name}: {options.words()}.", True
        row = self.ctx.db.child_options(self.child.id)
        self.changed_at = row.changed_at if row is not None else None
        self._layout()
        return True

    def draw(self, surface: pygame.Surface) -> None:
        o = self.options
        draw_header(surface, self.ctx, ("Access options: ", self.child.name, ""),
                    "How this child reaches the choices, what moves and what sounds; recorded with every attempt")
        for words, x, y in self.labels:
            draw_text(surface, words, self.ctx.fonts, 24, topleft=(x + 8, y + 14), bold=True)
        self.buttons.draw(surface, self.ctx.fonts)
        shown = {"switch_scan": (f"{o.switch_scan:.1f} s", o.switch), "hold_s": (f"{o.hold_s:.1f} s", o.hold),
                 "effects_volume": (f"{o.effects_volume}%", not o.mute),
                 "metronome_volume": (f"{o.metronome_volume}%", not o.mute)}
        for name, rect in self.value_boxes.items():
            text, on = shown[name]
            draw_value_box(surface, self.ctx, rect, text, enabled=on)
        font = self.ctx.fonts.get(19)
        stamp = f"Last changed {when(self.changed_at)}." if self.changed_at else "Never changed for this child."
        for k, line in enumerate(wrap_text(f"On now: {o.words()}. {stamp}", font, 1256 - ACCESS_RIGHT - 8)[:4]):
            draw_text(surface, line, self.ctx.fonts, 19, topleft=(ACCESS_RIGHT + 8, 532 + k * 24), color=theme.INK_SOFT)
        draw_message(surface, self.ctx, self.message, good=self.good)


def for_screenshot(ctx: AppContext, db, child: Child, game: str) -> Scene:
    """`screenshot access-options`: this module's screen shown by name."""
    return AccessScene(ctx, child)
