"""A child's progress in one game: the two key numbers over time, with the difficulty beside them.

One point per finished attempt (stopped attempts are left out: they would pull the line for
reasons that are not skill), the trend line and words of game.records.trends (per-session medians at
one difficulty, Theil–Sen; the same words as the report and the `progress` command), the difficulty as a step line in a
strip under the charts with each run of equal difficulty shaded alike across both charts (so
progress at the same difficulty is visible at a glance), and every adaptive-mode change marked
with a numbered triangle whose reason is listed on the right. Geometry comes from
game.ui.charts (pure, tested); numbers and units from game.metrics.labels and the glossary.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Sequence

import pygame

from game.games import GAMES
from game.input import InputEvent
from game.metrics.glossary import metric_info
from game.metrics.labels import (
    DIFFICULTY_LABELS,
    axis_title,
    difficulty_label,
    format_metric,
    format_number,
    metric_label,
)
from game.records.db import Child, Database
from game.records.rows import AdaptiveChange, AttemptRow
from game.records.series import (
    Point,
    Units,
    game_trends,
    local,
    series,
    units_for,
)
from game.records.trends import Trend
from game.scenes.base import AppContext, Pop, Push, Scene, Transition
from game.scenes.common import Buttons, pressed
from game.scenes.therapist_ui import (
    add_tabs,
    back_button,
    draw_header,
    soft_button,
    text_button,
)
from game.ui import charts, theme
from game.ui.widgets import draw_text, fit, fit_between, wrap_text

PLOTS = (pygame.Rect(120, 168, 800, 160), pygame.Rect(120, 388, 800, 160))
STRIP = pygame.Rect(120, 588, 800, 50)
PANEL = pygame.Rect(952, 126, 304, 574)
TABS_X = 470   # the game tabs sit in the header, right of the child's name
POINT_COLOR = theme.OI_BLUE
POINT_EDGE = theme.WHITE
TREND_COLOR = theme.OI_VERMILLION
ADAPT_COLOR = theme.OI_REDDISH_PURPLE
ADAPT_DARK = theme.mix(ADAPT_COLOR, theme.INK, 0.55)
DIFF_COLOR = theme.OI_BLUISH_GREEN
BAND_A = theme.PANEL
BAND_B = theme.mix(theme.PANEL, theme.OI_SKY_BLUE, 0.16)
GRID = theme.mix(theme.PANEL, theme.PANEL_EDGE, 0.6)
PICK_PX = 22


@dataclass(frozen=True)
class MarkedChange:
    """An adaptive change as the chart marks it: at its local time on the x axis."""

    when: datetime                      # local time
    change: AdaptiveChange


@dataclass(frozen=True)
class ChartData:
    """Everything one game's page draws, computed once per tab switch (pure of pygame)."""

    game: str
    points: dict[str, list[Point]]      # metric -> points (finished attempts only)
    trends: dict[str, Trend]
    changes: list[MarkedChange]         # adaptive changes, oldest first
    abandoned: int
    lo: datetime                        # x range (naive local wall-clock)
    hi: datetime
    units: Units                        # millimetres or play units: which metrics and difficulty are drawn


def chart_data(rows: Sequence[AttemptRow], changes: Sequence[AdaptiveChange], game: str) -> ChartData:
    units = units_for(rows, game)
    points = {m: series(rows, game, m, difficulty=units.difficulty) for m in units.metrics}
    trends = game_trends(rows, game)
    marked = [MarkedChange(local(c.changed_at), c) for c in changes]
    whens = [charts.wall_clock(p.when) for ps in points.values() for p in ps]
    whens += [charts.wall_clock(c.when) for c in marked]
    abandoned = sum(1 for r in rows if r.game == game and r.status != "finished")
    if whens:
        lo, hi = charts.time_range(whens)
    else:
        now = datetime.now()
        lo, hi = now - timedelta(days=7), now
    return ChartData(game, points, trends, marked, abandoned, lo, hi, units)


def x_scale(data: ChartData) -> charts.Scale:
    return charts.time_scale(data.lo, data.hi, PLOTS[0].left, PLOTS[0].right)


def x_of(data: ChartData, when: datetime) -> float:
    return x_scale(data).px(charts.seconds_since(charts.wall_clock(when), data.lo))


def y_scale(data: ChartData, metric: str, plot: pygame.Rect) -> tuple[charts.Scale, list[float]]:
    unit = metric_info(data.game, metric).unit
    lo, hi, ticks = charts.value_range([p.value for p in data.points[metric] if p.value is not None], unit, 4)
    return charts.Scale(lo, hi, plot.bottom, plot.top), ticks


def difficulty_runs(data: ChartData) -> list[tuple[float, float, float]]:
    """(x0, x1, value) runs of equal difficulty across the plots; a change falls midway between attempts."""
    pts = data.points[data.units.metrics[0]]
    vals = [float(p.difficulty) if isinstance(p.difficulty, (int, float)) else None for p in pts]
    return charts.runs([x_of(data, p.when) for p in pts], vals, PLOTS[0].left, PLOTS[0].right)


class ProgressScene(Scene):
    """Charts for one child and game; tabs switch game, Sessions lists the child's sessions."""

    def __init__(self, ctx: AppContext, child: Child, game: str):
        super().__init__(ctx)
        self.child = child
        self.game = game if game in GAMES else next(iter(GAMES))
        self.rows: list[AttemptRow] = []
        self.data: ChartData | None = None
        self.selected: tuple[str, Point] | None = None    # (metric, point) tapped on a chart
        self.selected_change: int | None = None            # index into data.changes
        self.buttons = Buttons()

    # --- data --------------------------------------------------------------------------------
    def enter(self, now: float) -> None:
        self.rows = list(self.ctx.db.attempts(self.child.name, with_events=False)) if self.child.id else []
        self._load()

    def _load(self) -> None:
        changes = self.ctx.db.adaptive_changes(self.child.id, self.game) if self.child.id else []
        self.data = chart_data(self.rows, changes, self.game)
        self.selected = None
        self.selected_change = None
        self._layout()

    def _layout(self) -> None:
        self.buttons.clear()
        self.buttons.add(back_button())
        games = list(GAMES)
        add_tabs(self.buttons, "game", [(g, GAMES[g].title) for g in games], lambda: self.game, TABS_X, 24, 540,
                 self.ctx, h=64)
        self.buttons.add(soft_button("sessions", (1030, 24, 226, 64), "Sessions"))
        if self.selected is not None:
            self.buttons.add(text_button("replay", (PANEL.x + 14, PANEL.bottom - 76, PANEL.w - 28, 64),
                                         "Replay this attempt"))

    # --- input -------------------------------------------------------------------------------
    def handle(self, ev: InputEvent, now: float) -> Transition:
        key = pressed(self.buttons, ev)
        if key == "back":
            return Pop()
        if isinstance(key, tuple) and key[0] == "game" and key[1] != self.game:
            self.game = key[1]
            self._load()
            return None
        if key == "sessions":
            from game.scenes.sessions import SessionsScene

            return Push(SessionsScene(self.ctx, self.child))
        if key == "replay" and self.selected is not None:
            from game.scenes.replay import ReplayScene

            return Push(ReplayScene(self.ctx, self.selected[1].attempt_id))
        if key is None and ev.kind == "pointer_up" and self.buttons.pressed is None:
            self._pick(ev.x, ev.y)
        return None

    def _pick(self, x: float, y: float) -> None:
        """A tap near a point selects that attempt; near a change marker shows its reason."""
        data = self.data
        if data is None:
            return
        best: tuple[float, Any] | None = None
        for i, c in enumerate(data.changes):
            cx = x_of(data, c.when)
            for plot in PLOTS:
                d = math.hypot(cx - x, plot.top + 2 - y)
                if d <= PICK_PX and (best is None or d < best[0]):
                    best = (d, ("change", i))
        for metric, plot in zip(data.units.metrics, PLOTS):
            ys, _ = y_scale(data, metric, plot)
            for p in data.points[metric]:
                if p.value is None:
                    continue
                d = math.hypot(x_of(data, p.when) - x, ys.px(p.value) - y)
                if d <= PICK_PX and (best is None or d < best[0]):
                    best = (d, ("point", metric, p))
        if best is None:
            return
        what = best[1]
        if what[0] == "change":
            self.selected, self.selected_change = None, what[1]
        else:
            self.selected, self.selected_change = (what[1], what[2]), None
        self._layout()

    # --- drawing -----------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        data = self.data
        draw_header(surface, self.ctx, ("", self.child.name, ""), "Progress over time", right=TABS_X - 12)
        self.buttons.draw(surface, self.ctx.fonts)
        if data is None:
            return
        if not any(data.points.values()):
            self._draw_empty(surface, data)
            return
        runs = difficulty_runs(data)
        for metric, plot in zip(data.units.metrics, PLOTS):
            self._draw_chart(surface, data, metric, plot, runs)
        self._draw_strip(surface, data, runs)
        self._draw_dates(surface, data)
        self._draw_panel(surface, data)
        if data.units.note:   # play units: say so under the charts
            draw_text(surface, fit(data.units.note, self.ctx.fonts.get(16, True), PANEL.x - 24 - STRIP.x),
                      self.ctx.fonts, 16, topleft=(STRIP.x - 4, 694), bold=True,
                      color=theme.mix(theme.GENTLE, theme.INK, 0.45))

    def _draw_empty(self, surface: pygame.Surface, data: ChartData) -> None:
        box = pygame.Rect(120, 200, 1040, 300)
        pygame.draw.rect(surface, theme.PANEL, box, border_radius=24)
        pygame.draw.rect(surface, theme.PANEL_EDGE, box, 3, border_radius=24)
        draw_text(surface, "No attempts yet", self.ctx.fonts, 44, center=(box.centerx, box.y + 100), bold=True)
        extra = f" ({data.abandoned} stopped early, not charted)" if data.abandoned else ""
        draw_text(surface, fit_between("When ", self.child.name, f" plays {GAMES[data.game].title}, each finished "
                                       f"attempt appears here{extra}.", self.ctx.fonts.get(24), box.w - 40),
                  self.ctx.fonts, 24, center=(box.centerx, box.y + 170), color=theme.INK_SOFT)
        names = " and ".join(f"“{metric_label(m)}”" for m in data.units.metrics)
        draw_text(surface, f"Charts: {names}, with the difficulty beside them.", self.ctx.fonts, 24,
                  center=(box.centerx, box.y + 210), color=theme.INK_SOFT)

    def _draw_chart(self, surface: pygame.Surface, data: ChartData, metric: str, plot: pygame.Rect,
                    runs: list[tuple[float, float, float]]) -> None:
        fonts = self.ctx.fonts
        draw_text(surface, axis_title(data.game, metric), fonts, 22, topleft=(plot.x - 4, plot.y - 38), bold=True)
        for i, (x0, x1, _v) in enumerate(runs):
            band = pygame.Rect(round(x0), plot.y, max(1, round(x1) - round(x0)), plot.h)
            pygame.draw.rect(surface, BAND_A if i % 2 == 0 else BAND_B, band)
        if not runs:
            pygame.draw.rect(surface, BAND_A, plot)
        ys, ticks = y_scale(data, metric, plot)
        step = ticks[1] - ticks[0] if len(ticks) > 1 else 1.0
        font = fonts.get(18)
        for v in ticks:
            y = round(ys.px(v))
            pygame.draw.line(surface, GRID, (plot.x, y), (plot.right, y), 1)
            img = font.render(charts.tick_label(v, step), True, theme.INK_SOFT)
            surface.blit(img, img.get_rect(midright=(plot.x - 8, y)))
        for x0, _x1, _v in runs[1:]:
            _dashed_v(surface, theme.INK_SOFT, round(x0), plot.top, plot.bottom, 6)
        for i, c in enumerate(data.changes):
            x = round(x_of(data, c.when))
            _dashed_v(surface, ADAPT_COLOR, x, plot.top + 12, plot.bottom, 4, 2)
            _triangle(surface, ADAPT_COLOR, x, plot.top + 2, 11, selected=(i == self.selected_change))
            draw_text(surface, str(i + 1), self.ctx.fonts, 15, topleft=(x + 13, plot.top + 1), bold=True,
                      color=ADAPT_DARK)
        pygame.draw.rect(surface, theme.PANEL_EDGE, plot, 2)
        pts = [p for p in data.points[metric] if p.value is not None]
        t = data.trends[metric]
        ends = t.line()
        if ends is not None:
            # The trend line spans the sessions it was computed from (one difficulty).
            (a, va), (b, vb) = ends
            p0 = (x_of(data, a), ys.px(va))
            p1 = (x_of(data, b), ys.px(vb))
            clip = surface.get_clip()
            surface.set_clip(plot)
            _dashed_line(surface, TREND_COLOR, p0, p1, 4, 14, 8)
            surface.set_clip(clip)
        r = 7 if len(pts) <= 150 else 4
        for p in pts:
            c = (round(x_of(data, p.when)), round(ys.px(p.value)))
            pygame.draw.circle(surface, POINT_EDGE, c, r + 2)
            pygame.draw.circle(surface, POINT_COLOR, c, r)
        if self.selected is not None and self.selected[0] == metric:
            p = self.selected[1]
            c = (round(x_of(data, p.when)), round(ys.px(p.value)))
            pygame.draw.circle(surface, theme.INK, c, r + 7, 3)

    def _draw_strip(self, surface: pygame.Surface, data: ChartData, runs: list[tuple[float, float, float]]) -> None:
        name, unit, easier = difficulty_label(data.game, data.units.difficulty)
        draw_text(surface, f"Difficulty: {name.lower()} ({unit}) · {easier}", self.ctx.fonts, 20,
                  topleft=(STRIP.x - 4, STRIP.y - 30), bold=True)
        for i, (x0, x1, _v) in enumerate(runs):
            band = pygame.Rect(round(x0), STRIP.y, max(1, round(x1) - round(x0)), STRIP.h)
            pygame.draw.rect(surface, BAND_A if i % 2 == 0 else BAND_B, band)
        pygame.draw.rect(surface, theme.PANEL_EDGE, STRIP, 2)
        if not runs:
            draw_text(surface, "not recorded", self.ctx.fonts, 18, center=STRIP.center, color=theme.INK_SOFT)
            return
        vals = [v for _a, _b, v in runs]
        lo, hi = min(vals), max(vals)
        ys = charts.Scale(lo, hi, STRIP.bottom - 12, STRIP.top + 12) if hi > lo else \
            charts.Scale(lo - 1, lo + 1, STRIP.bottom - 12, STRIP.top + 12)
        pts: list[tuple[float, float]] = []
        for x0, x1, v in runs:
            y = ys.px(v)
            pts += [(x0, y), (x1, y)]
        pygame.draw.lines(surface, DIFF_COLOR, False, pts, 4)
        font = self.ctx.fonts.get(17, True)
        for x0, x1, v in runs:
            label = charts.tick_label(v, 1.0 if float(v).is_integer() else 0.1)
            img = font.render(label, True, theme.INK)
            if img.get_width() + 8 <= x1 - x0:
                y = ys.px(v)
                below = y < STRIP.centery
                rect = img.get_rect(midtop=((x0 + x1) / 2, y + 3)) if below else img.get_rect(
                    midbottom=((x0 + x1) / 2, y - 2))
                surface.blit(img, rect)
        small = self.ctx.fonts.get(16)
        img = small.render(charts.tick_label(hi, 1.0 if float(hi).is_integer() else 0.1), True, theme.INK_SOFT)
        surface.blit(img, img.get_rect(midright=(STRIP.x - 8, round(ys.px(hi)))))
        if hi > lo:
            img = small.render(charts.tick_label(lo, 1.0 if float(lo).is_integer() else 0.1), True, theme.INK_SOFT)
            surface.blit(img, img.get_rect(midright=(STRIP.x - 8, round(ys.px(lo)))))

    def _draw_dates(self, surface: pygame.Surface, data: ChartData) -> None:
        ticks, kind = charts.time_ticks(data.lo, data.hi, 6)
        xs = x_scale(data)
        font = self.ctx.fonts.get(18)
        for t in ticks:
            x = round(xs.px(charts.seconds_since(t, data.lo)))
            for plot in (*PLOTS, STRIP):
                pygame.draw.line(surface, theme.PANEL_EDGE, (x, plot.bottom), (x, plot.bottom + 5), 2)
            img = font.render(charts.time_label(t, kind), True, theme.INK_SOFT)
            surface.blit(img, img.get_rect(midtop=(x, STRIP.bottom + 7)))
        if kind == "time":   # within one day: say which day under the hours
            day = charts.short_date(data.lo + (data.hi - data.lo) / 2, with_year=True)
            img = font.render(day, True, theme.INK_SOFT)
            surface.blit(img, img.get_rect(topright=(STRIP.right, STRIP.bottom + 32)))
        elif data.lo.year != data.hi.year or kind == "day":
            img = font.render(str(data.hi.year) if data.lo.year == data.hi.year else
                              f"{data.lo.year}–{data.hi.year}", True, theme.INK_SOFT)
            surface.blit(img, img.get_rect(topright=(STRIP.right, STRIP.bottom + 32)))

    def _draw_panel(self, surface: pygame.Surface, data: ChartData) -> None:
        fonts = self.ctx.fonts
        pygame.draw.rect(surface, theme.PANEL, PANEL, border_radius=20)
        pygame.draw.rect(surface, theme.PANEL_EDGE, PANEL, 2, border_radius=20)
        x, y = PANEL.x + 16, PANEL.y + 12
        w = PANEL.w - 32
        n = len(data.points[data.units.metrics[0]])
        stopped = f", {data.abandoned} stopped early (not shown)" if data.abandoned else ""
        y = _para(surface, fonts, f"{n} finished attempt{'' if n == 1 else 's'}{stopped}", x, y, w, 18, theme.INK_SOFT)
        y += 6
        for metric in data.units.metrics:
            pts = [p for p in data.points[metric] if p.value is not None]
            draw_text(surface, metric_label(metric), fonts, 20, topleft=(x, y), bold=True)
            y += 26
            latest = format_metric(data.game, metric, pts[-1].value) if pts else "–"
            draw_text(surface, f"Latest: {latest}", fonts, 19, topleft=(x, y))
            y += 24
            y = _para(surface, fonts, data.trends[metric].words, x, y, w, 16, theme.INK_SOFT, 6)
            y += 8
        pygame.draw.line(surface, theme.PANEL_EDGE, (x, y), (x + w, y), 2)
        y += 8
        if self.selected is not None:
            self._draw_selected(surface, x, y, w)
            return
        if self.selected_change is not None:
            self._draw_change(surface, data, self.selected_change, x, y, w)
            return
        y = self._draw_legend(surface, x, y)
        if data.changes:
            y += 4
            draw_text(surface, "Adaptive changes", fonts, 18, topleft=(x, y), bold=True)
            y += 24
            first = max(0, len(data.changes) - 3)
            for i in range(first, len(data.changes)):
                c = data.changes[i]
                _triangle(surface, ADAPT_COLOR, x + 9, y + 1, 9)
                draw_text(surface, str(i + 1), fonts, 15, topleft=(x + 20, y - 3), bold=True, color=ADAPT_DARK)
                line = f"{charts.short_date(c.when)}: {_num(c.change.old_value)} → {_num(c.change.new_value)}"
                draw_text(surface, line, fonts, 17, topleft=(x + 34, y - 4))
                y = _para(surface, fonts, c.change.reason, x + 34, y + 18, w - 34, 15, theme.INK_SOFT, 2) + 6
                if y > PANEL.bottom - 40:
                    break
            if first:
                draw_text(surface, "Tap a ▼ for older ones", fonts, 15, topleft=(x, min(y, PANEL.bottom - 24)),
                          color=theme.INK_SOFT)
        else:
            _para(surface, fonts, "Tap a point to see that attempt and replay it.", x, y + 4, w, 16, theme.INK_SOFT)

    def _draw_legend(self, surface: pygame.Surface, x: int, y: int) -> int:
        fonts = self.ctx.fonts
        pygame.draw.circle(surface, POINT_COLOR, (x + 10, y + 11), 6)
        draw_text(surface, "one attempt", fonts, 17, topleft=(x + 26, y))
        _dashed_line(surface, TREND_COLOR, (x + 150, y + 11), (x + 180, y + 11), 4, 10, 6)
        draw_text(surface, "trend", fonts, 17, topleft=(x + 188, y))
        y += 26
        pygame.draw.rect(surface, BAND_B, (x, y + 2, 20, 18))
        pygame.draw.rect(surface, theme.PANEL_EDGE, (x, y + 2, 20, 18), 1)
        draw_text(surface, "same difficulty", fonts, 17, topleft=(x + 26, y))
        _triangle(surface, ADAPT_COLOR, x + 178, y + 4, 9)
        draw_text(surface, "adaptive", fonts, 17, topleft=(x + 192, y))
        return y + 28

    def _draw_selected(self, surface: pygame.Surface, x: int, y: int, w: int) -> None:
        assert self.selected is not None
        metric, p = self.selected
        fonts = self.ctx.fonts
        row = next((r for r in self.rows if r.id == p.attempt_id), None)
        draw_text(surface, "Selected attempt", fonts, 19, topleft=(x, y), bold=True)
        y += 28
        lines = [p.when.strftime("%a ") + charts.short_date(p.when, True) + p.when.strftime(", %H:%M"),
                 f"Level: {p.level}"]
        units = self.data.units if self.data is not None else units_for([], self.game)
        name, unit, _e = difficulty_label(self.game, units.difficulty)
        lines.append(f"{name}: {format_number(p.difficulty, unit, 0 if float(p.difficulty or 0).is_integer() else 1)}"
                     if p.difficulty is not None else f"{name}: –")
        if row is not None:
            for m in units.metrics:
                value = format_metric(self.game, m, row.metrics.get(m))
                lines.append(f"{metric_label(m)}: {value}")
            lines.append(f"Stars: {row.stars} · attempt {row.attempt_no}")
        font = fonts.get(18)
        for line in lines:
            for part in wrap_text(line, font, w)[:2]:
                surface.blit(font.render(part, True, theme.INK), (x, y))
                y += 24

    def _draw_change(self, surface: pygame.Surface, data: ChartData, i: int, x: int, y: int, w: int) -> None:
        c = data.changes[i].change
        fonts = self.ctx.fonts
        _triangle(surface, ADAPT_COLOR, x + 10, y + 2, 11)
        draw_text(surface, f"Adaptive change {i + 1}", fonts, 19, topleft=(x + 28, y), bold=True)
        y += 30
        when = data.changes[i].when
        draw_text(surface, charts.short_date(when, True) + when.strftime(", %H:%M"), fonts, 18, topleft=(x, y))
        y += 26
        name, unit, _e = DIFFICULTY_LABELS.get(c.field, (c.field, "", ""))
        y = _para(surface, fonts, f"{name}: {_num(c.old_value)} → {_num(c.new_value)} {unit}", x, y, w, 18,
                  theme.INK)
        y += 6
        _para(surface, fonts, f"Why: {c.reason}", x, y, w, 18, theme.INK_SOFT, 8)


def _num(v: object) -> str:
    if v is None:
        return "–"
    f = float(v)  # type: ignore[arg-type]
    return f"{f:.0f}" if f.is_integer() else f"{f:.1f}"


def _para(surface: pygame.Surface, fonts, text: str, x: int, y: int, w: int, size: int, color,
          max_lines: int = 3) -> int:
    font = fonts.get(size)
    lines = wrap_text(text, font, w)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = fit(lines[-1] + " …", font, w)
    for line in lines:
        surface.blit(font.render(line, True, color), (x, y))
        y += round(size * 1.3)
    return y


def _triangle(surface: pygame.Surface, color, x: float, top: float, size: float, selected: bool = False) -> None:
    """A downward triangle hanging from `top`: the adaptive-change marker (shape, not colour alone)."""
    pts = [(x - size, top), (x + size, top), (x, top + size * 1.5)]
    pygame.draw.polygon(surface, color, pts)
    pygame.draw.polygon(surface, theme.INK if selected else theme.mix(color, theme.INK, 0.4), pts, 3 if selected else 1)


def _dashed_v(surface: pygame.Surface, color, x: int, y0: int, y1: int, dash: int, width: int = 1) -> None:
    y = y0
    while y < y1:
        pygame.draw.line(surface, color, (x, y), (x, min(y + dash, y1)), width)
        y += 2 * dash


def _dashed_line(surface: pygame.Surface, color, a: tuple[float, float], b: tuple[float, float], width: int,
                 dash: float, gap: float) -> None:
    length = math.hypot(b[0] - a[0], b[1] - a[1])
    if length == 0:
        return
    ux, uy = (b[0] - a[0]) / length, (b[1] - a[1]) / length
    s = 0.0
    while s < length:
        e = min(s + dash, length)
        pygame.draw.line(surface, color, (a[0] + ux * s, a[1] + uy * s), (a[0] + ux * e, a[1] + uy * e), width)
        s += dash + gap


def for_screenshot(ctx: AppContext, db: Database, child: Child, game: str) -> Scene:
    return ProgressScene(ctx, child, game)
