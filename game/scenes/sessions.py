"""A child's sessions (newest first) and, for one session, its attempts: each opens a replay.

A row says when, how long, which levels, how many attempts and the therapist's notes, so a
therapist can find "last Tuesday's session" without opening anything.
"""
from __future__ import annotations

import pygame

from game.games import GAMES
from game.input import InputEvent
from game.metrics.labels import format_metric, metric_label
from game.records.db import Child
from game.records.rows import AttemptListing, Note, SessionOverview
from game.records.series import KEY_METRICS
from game.scenes.base import AppContext, Pop, Push, Scene, Transition
from game.scenes.common import Button, Buttons, pressed
from game.scenes.therapist_ui import (
    PagedList,
    back_button,
    draw_header,
    minutes,
    when,
)
from game.ui import theme
from game.ui.widgets import draw_star, draw_text, fit

ROW = 74
LIST_TOP = 124
PER_PAGE = 7
STOPPED_FILL = theme.mix(theme.PANEL, theme.PANEL_EDGE, 0.35)   # a stopped attempt's row: greyed


def session_notes(notes: list[Note], session: SessionOverview) -> list[str]:
    """The session's own note, then notes attached to it or to one of its attempts, oldest first."""
    out = [session.note] if session.note else []
    return out + [n.text for n in notes if n.session_id == session.id]


class SessionsScene(Scene):
    def __init__(self, ctx: AppContext, child: Child):
        super().__init__(ctx)
        self.child = child
        self.sessions: list[SessionOverview] = []
        self.notes: list[Note] = []
        self.pages = PagedList(PER_PAGE)
        self.buttons = Buttons()

    def enter(self, now: float) -> None:
        db = self.ctx.db
        self.sessions = [s for s in db.sessions(self.child.id) if s.attempts] if self.child.id else []
        self.notes = db.notes(self.child.id) if self.child.id else []
        self._layout()

    def _layout(self) -> None:
        self.buttons.clear()
        self.buttons.add(back_button())
        for k, i in enumerate(self.pages.window(len(self.sessions))):
            rect = pygame.Rect(24, LIST_TOP + k * (ROW + 4), 1232, ROW)
            self.buttons.add(Button(("session", i), rect, draw_fn=self._draw_row))
        self.pages.add_buttons(self.buttons, "sessions", len(self.sessions), 700, 648, 556)

    def handle(self, ev: InputEvent, now: float) -> Transition:
        key = pressed(self.buttons, ev)
        if key == "back":
            return Pop()
        if isinstance(key, tuple) and key[0] == "page":
            self.pages.page += key[2]
            self._layout()
        elif isinstance(key, tuple) and key[0] == "session":
            s = self.sessions[key[1]]
            return Push(SessionAttemptsScene(self.ctx, self.child, s, session_notes(self.notes, s)))
        return None

    def _draw_row(self, surface: pygame.Surface, b: Button, pressed: bool, focused: bool) -> None:
        s = self.sessions[b.key[1]]
        face = b.rect.move(0, 3 if pressed else 0)
        pygame.draw.rect(surface, theme.PANEL, face, border_radius=16)
        pygame.draw.rect(surface, theme.PANEL_EDGE, face, 2, border_radius=16)
        fonts = self.ctx.fonts
        draw_text(surface, when(s.first_at or s.started_at), fonts, 22, topleft=(face.x + 18, face.y + 8), bold=True)
        summary = f"{minutes(s.first_at, s.last_at)} · {plural(s.attempts, 'attempt')}"
        draw_text(surface, summary, fonts, 19,
                  topleft=(face.x + 18, face.y + 40), color=theme.INK_SOFT)
        font = fonts.get(19)
        levels = ", ".join((s.levels or "").split(","))
        surface.blit(font.render(fit(f"Levels: {levels}", font, 520), True, theme.INK), (face.x + 380, face.y + 8))
        notes = session_notes(self.notes, s)
        note = " / ".join(notes) if notes else "no notes"
        surface.blit(font.render(fit(f"Notes: {note}", font, 740), True, theme.INK if notes else theme.INK_SOFT),
                     (face.x + 380, face.y + 40))
        _chevron(surface, face)

    def draw(self, surface: pygame.Surface) -> None:
        draw_header(surface, self.ctx, ("", self.child.name, ""), "Sessions, newest first · tap one to see its attempts")
        if not self.sessions:
            draw_text(surface, "No sessions yet", self.ctx.fonts, 40, center=(640, 360), bold=True,
                      color=theme.INK_SOFT)
        self.buttons.draw(surface, self.ctx.fonts)
        n = self.pages.pages(len(self.sessions))
        if n > 1:
            draw_text(surface, f"Page {self.pages.page + 1} of {n}", self.ctx.fonts, 20, topleft=(40, 668),
                      color=theme.INK_SOFT)


class SessionAttemptsScene(Scene):
    """The attempts of one session in the order played; tapping one replays it."""

    def __init__(self, ctx: AppContext, child: Child, session: SessionOverview, notes: list[str] | None = None):
        super().__init__(ctx)
        self.child = child
        self.session = session
        self.notes = notes or []
        self.rows: list[AttemptListing] = []
        self.pages = PagedList(PER_PAGE - 1)
        self.buttons = Buttons()

    def enter(self, now: float) -> None:
        from game.records.summary import session_attempts

        self.rows = session_attempts(self.ctx.db, self.session.id)
        self._layout()

    def _layout(self) -> None:
        self.buttons.clear()
        self.buttons.add(back_button())
        top = LIST_TOP + (40 if self.notes else 0)
        for k, i in enumerate(self.pages.window(len(self.rows))):
            rect = pygame.Rect(24, top + k * (ROW + 4), 1232, ROW)
            self.buttons.add(Button(("attempt", i), rect, draw_fn=self._draw_row))
        self.pages.add_buttons(self.buttons, "attempts", len(self.rows), 700, 648, 556)

    def handle(self, ev: InputEvent, now: float) -> Transition:
        key = pressed(self.buttons, ev)
        if key == "back":
            return Pop()
        if isinstance(key, tuple) and key[0] == "page":
            self.pages.page += key[2]
            self._layout()
        elif isinstance(key, tuple) and key[0] == "attempt":
            from game.scenes.replay import ReplayScene

            return Push(ReplayScene(self.ctx, self.rows[key[1]].id))
        return None

    def _draw_row(self, surface: pygame.Surface, b: Button, pressed: bool, focused: bool) -> None:
        r = self.rows[b.key[1]]
        face = b.rect.move(0, 3 if pressed else 0)
        stopped = r.status != "finished"   # shown greyed, without numbers: not a measurement
        pygame.draw.rect(surface, STOPPED_FILL if stopped else theme.PANEL, face, border_radius=16)
        pygame.draw.rect(surface, theme.PANEL_EDGE, face, 2, border_radius=16)
        fonts = self.ctx.fonts
        game = r.game
        title = GAMES[game].title if game in GAMES else game
        clock = when(r.started_at).split(", ")[-1]
        draw_text(surface, f"{clock} · {title}", fonts, 22, topleft=(face.x + 18, face.y + 8), bold=True,
                  color=theme.INK_SOFT if stopped else theme.INK)
        status = "finished" if r.status == "finished" else "stopped early"
        font = fonts.get(19)
        surface.blit(font.render(fit(f"{r.level_title} · try {r.attempt_no} · {status}", font, 330), True,
                                 theme.INK_SOFT), (face.x + 18, face.y + 40))
        for k in range(3):
            draw_star(surface, (face.x + 390 + k * 34, face.centery), 14, k < r.stars)
        x = face.x + 520
        for m in KEY_METRICS.get(game, ()):
            draw_text(surface, metric_label(m), fonts, 17, topleft=(x, face.y + 10), color=theme.INK_SOFT)
            shown = "–" if stopped else format_metric(game, m, r.metrics.get(m))
            draw_text(surface, shown, fonts, 24, topleft=(x, face.y + 32), bold=True,
                      color=theme.INK_SOFT if stopped else theme.INK)
            x += 300
        _chevron(surface, face)

    def draw(self, surface: pygame.Surface) -> None:
        s = self.session
        summary = f"{minutes(s.first_at, s.last_at)} · {plural(len(self.rows), 'attempt')} · tap one to replay it"
        draw_header(surface, self.ctx, ("", self.child.name, f" · {when(s.first_at or s.started_at)}"), summary)
        if self.notes:
            font = self.ctx.fonts.get(20)
            surface.blit(font.render(fit("Notes: " + " / ".join(self.notes), font, 1220), True, theme.INK),
                         (30, LIST_TOP))
        self.buttons.draw(surface, self.ctx.fonts)


def plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _chevron(surface: pygame.Surface, face: pygame.Rect) -> None:
    """">" at the row's end: this row opens something."""
    x, y = face.right - 30, face.centery
    pygame.draw.lines(surface, theme.INK_SOFT, False, [(x - 8, y - 14), (x + 4, y), (x - 8, y + 14)], 4)

