"""The PDF report, drawn with matplotlib only (PdfPages): summary page, one chart page per game, sessions,
notes, adaptive changes and the glossary. Text is laid out top-down on A4 pages by a small cursor."""
from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

from game import __version__
from game.reports import content
from game.reports.charts import INK, INK_SOFT, POINT, TREND, _naive, draw_game
from game.reports.data import GameSummary, MetricSummary, ReportData
from game.reports.words import DIFFICULTY_INFO, count, day, duration

A4 = (8.27, 11.69)            # inches
MARGIN = 0.6
TOP = A4[1] - 0.55
BOTTOM = 0.75
WARM = "#ffe3a3"
WASH = "#fff3d6"
EDGE = "#e8dcc2"
GREEN = "#009e73"
GREEN_WASH = "#eef8f3"
PURPLE = "#cc79a7"
NOTE = "#7a3d62"       # a dark reddish purple: play units where millimetres could be


def wrap(text: str, width_in: float, size: float) -> list[str]:
    """Lines that fit width_in at this font size (DejaVu Sans averages about 0.55 em per character)."""
    chars = max(8, int(width_in * 72 / (0.55 * size)))
    out: list[str] = []
    for para in text.split("\n"):
        out.extend(textwrap.wrap(para, chars) or [""])
    return out


def title_line(child: str, width_pt: float) -> tuple[str, float, str]:
    """The title page's heading in `width_pt`: (text, font size, words moved to the line below).

    "<name> — progress report" if it fits at 15 pt or more; else the name alone, smaller, and cut with an
    ellipsis only below 12 pt (an older, longer name), with "progress report" moved down."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    measure = TextToPath()

    def width(text: str, size: float) -> float:
        return measure.get_text_width_height_descent(text, FontProperties(size=size, weight="bold"), ismath=False)[0]

    name = child.replace("$", r"\$")   # a dollar sign is a dollar sign, never the start of mathematics
    for size in (19, 18, 17, 16, 15):
        if width(f"{name} — progress report", size) <= width_pt:
            return f"{name} — progress report", size, ""
    size = 19
    while size > 12 and width(name, size) > width_pt:
        size -= 1
    if width(name, size) > width_pt:
        while len(name) > 1 and width(name + "…", size) > width_pt:
            name = name[:-1].rstrip("\\")
        name += "…"
    return name, size, "progress report · "


class Pages:
    """A4 pages filled from the top; a new page starts when the next block would not fit."""

    def __init__(self, pdf: Any, data: ReportData):
        self.pdf, self.data = pdf, data
        self.fig: Any = None
        self.y = TOP
        self.number = 0

    def new(self) -> Any:
        from matplotlib.figure import Figure

        self.flush()
        self.fig = Figure(figsize=A4, facecolor="white")
        self.number += 1
        self.y = TOP
        child = self.data.child.replace("$", r"\$")
        footer = f"{child} — MotorPlay progress report · {content.range_words(self.data)}"
        self.fig.text(MARGIN / A4[0], 0.35 / A4[1], footer, fontsize=7.5, color=INK_SOFT)
        self.fig.text(1 - MARGIN / A4[0], 0.35 / A4[1], f"page {self.number}", fontsize=7.5, color=INK_SOFT,
                      ha="right")
        return self.fig

    def flush(self) -> None:
        if self.fig is not None:
            self.pdf.savefig(self.fig)
            self.fig = None

    def need(self, height: float) -> None:
        if self.fig is None or self.y - height < BOTTOM:
            self.new()

    def text(self, s: str, size: float = 10, *, x: float = MARGIN, width: float | None = None, bold: bool = False,
             color: str = INK, gap: float = 0.04) -> float:
        """Write wrapped text at the cursor and move it down; returns the height used (inches)."""
        lines = wrap(s, width or (A4[0] - MARGIN - x), size)
        h = len(lines) * size * 1.38 / 72
        self.need(h)
        self.fig.text(x / A4[0], self.y / A4[1], "\n".join(lines), fontsize=size, color=color, va="top",
                      fontweight="bold" if bold else "normal", linespacing=1.38)
        self.y -= h + gap
        return h

    def box(self, x: float, y_top: float, w: float, h: float, color: str, edge: str | None = None,
            radius: float = 0.12) -> None:
        from matplotlib.patches import FancyBboxPatch

        W, H = A4
        self.fig.patches.append(FancyBboxPatch(
            (x / W, (y_top - h) / H), w / W, h / H, boxstyle=f"round,pad=0,rounding_size={radius / W}",
            transform=self.fig.transFigure, facecolor=color, edgecolor=edge or color, linewidth=0.8, zorder=-1,
            mutation_aspect=W / H))

    def heading(self, s: str, size: float = 15) -> None:
        self.need(0.9)
        self.y -= 0.12
        self.text(s, size, bold=True, gap=0.1)


def _sparkline(fig: Any, m: MetricSummary, x: float, y_top: float, w: float, h: float) -> None:
    pts = [p for p in m.points if p.value is not None]
    if not pts:
        return
    ax = fig.add_axes((x / A4[0], (y_top - h) / A4[1], w / A4[0], h / A4[1]))
    ax.set_axis_off()
    xs = [_naive(p.when) for p in pts]
    ax.scatter(xs, [p.value for p in pts], s=6, color=POINT, linewidths=0, zorder=3)
    ends = m.trend.line()
    if ends is not None:
        (a, va), (b, vb) = ends
        ax.plot([_naive(a), _naive(b)], [va, vb], color=TREND, linewidth=1.8, zorder=2)
    if m.info.unit == "%":
        ax.set_ylim(-5, 105)


def _summary(pages: Pages, g: GameSummary) -> None:
    rows = len(g.metrics)
    diff = content.difficulty_words(g)
    height = 0.9 + rows * 0.58 + (0.22 if diff else 0)
    pages.need(height + 0.15)
    top = pages.y
    pages.box(MARGIN, top, A4[0] - 2 * MARGIN, height, "white", EDGE)
    pages.y -= 0.14
    pages.text(g.title, 13, x=MARGIN + 0.2, bold=True, gap=0.02)
    pages.text(" · ".join(content.stats_words(g)) + f" · {day(g.first)} to {day(g.last)}", 8.5,
               x=MARGIN + 0.2, color=INK_SOFT, gap=0.1)
    cols = (MARGIN + 0.2, MARGIN + 2.0, MARGIN + 3.15, MARGIN + 4.5)
    for label, cx in zip(("Measure", "Latest", "Best", "Trend"), cols):
        pages.fig.text(cx / A4[0], pages.y / A4[1], label, fontsize=7.5, color=INK_SOFT, va="top")
    pages.y -= 0.2
    for m in g.metrics:
        y = pages.y
        pages.fig.text(cols[0] / A4[0], y / A4[1], m.label, fontsize=9.5, color=INK, va="top", fontweight="bold")
        for cx, which in ((cols[1], "latest"), (cols[2], "best")):
            pages.fig.text(cx / A4[0], y / A4[1], content.value_words(m, which), fontsize=10, color=INK,
                           va="top", fontweight="bold")
        _sparkline(pages.fig, m, cols[0], y - 0.2, 1.6, 0.3)
        colour = {"better": GREEN, "worse": TREND}.get(m.direction, "#b8b8c4")
        pages.fig.text((cols[3] - 0.14) / A4[0], (y - 0.015) / A4[1], "●", fontsize=9, color=colour, va="top")
        pages.fig.text(cols[3] / A4[0], y / A4[1], "\n".join(wrap(m.trend_words, A4[0] - MARGIN - 0.2 - cols[3], 8.5)),
                       fontsize=8.5, color=INK, va="top", linespacing=1.3)
        pages.y -= 0.58
    if diff:
        pages.text(diff, 8.5, x=MARGIN + 0.2, color=INK_SOFT)
    pages.y = top - height - 0.15


def _title_page(pages: Pages, data: ReportData) -> None:
    fig = pages.new()
    band = 1.25
    pages.box(MARGIN, pages.y + 0.1, A4[0] - 2 * MARGIN, band, WARM)
    cx, cy = MARGIN + 0.62, pages.y + 0.1 - band / 2
    from matplotlib.patches import Ellipse

    fig.patches.append(Ellipse((cx / A4[0], cy / A4[1]), 0.8 / A4[0], 0.8 / A4[1], transform=fig.transFigure,
                               facecolor=POINT, edgecolor="none"))
    fig.text(cx / A4[0], cy / A4[1], data.child[:1].upper() or "?", fontsize=24, color="white", ha="center",
             va="center_baseline", fontweight="bold")
    title, size, below = title_line(data.child, (A4[0] - 2 * MARGIN - 1.25 - 0.15) * 72)
    fig.text((MARGIN + 1.25) / A4[0], (cy + 0.1) / A4[1], title, fontsize=size,
             color=INK, fontweight="bold", va="bottom")
    fig.text((MARGIN + 1.25) / A4[0], (cy - 0.05) / A4[1],
             f"{below}{content.range_words(data)}\nreport made on {day(data.generated)}", fontsize=10.5,
             color="#4a4f6a", va="top", linespacing=1.4)
    pages.y -= band + 0.1
    about = wrap(content.ABOUT, A4[0] - 2 * MARGIN - 0.5, 9.5)
    h = len(about) * 9.5 * 1.38 / 72 + 0.22
    pages.box(MARGIN, pages.y, A4[0] - 2 * MARGIN, h, GREEN_WASH, radius=0.08)
    pages.box(MARGIN, pages.y, 0.07, h, GREEN, radius=0.03)
    pages.y -= 0.11
    pages.text(content.ABOUT, 9.5, x=MARGIN + 0.25, width=A4[0] - 2 * MARGIN - 0.5)
    pages.y -= 0.2
    pages.heading("Summary")
    if not data.games:
        pages.text("No attempts in this period.", 10, color=INK_SOFT)
    for g in data.games:
        _summary(pages, g)


def _game_page(pages: Pages, g: GameSummary) -> None:
    pages.new()
    pages.text(f"{g.title}", 16, bold=True, gap=0.05)
    pages.text(f"{content.GAME_WORDS.get(g.game, '')} Levels played: {', '.join(g.levels)}.", 9.5, color=INK_SOFT,
               gap=0.12)
    h = 6.0
    top = pages.y
    draw_game(pages.fig, g, (MARGIN / A4[0], (top - h) / A4[1], (A4[0] - 2 * MARGIN) / A4[0], h / A4[1]))
    pages.y = top - h - 0.1
    pages.text(content.HOW_TO_READ, 9, color=INK_SOFT, gap=0.1)
    diff = content.difficulty_words(g)
    if diff:
        pages.text(diff, 9.5, gap=0.1)
    if g.units_note:
        pages.text(g.units_note, 9.5, bold=True, color=NOTE, gap=0.1)
    for m in g.metrics:
        pages.text(f"{m.label}: latest {content.value_words(m, 'latest')}, best {content.value_words(m, 'best')}; "
                   f"{m.trend_words}.", 9.5, gap=0.06)
    if g.changes:
        pages.text(f"{count(len(g.changes), 'adaptive change')} of difficulty in this period (dashed purple lines; "
                   "listed in the table of adaptive changes).", 9, color=INK_SOFT)


def _table(pages: Pages, headers: list[str], widths: list[float], rows: list[list[str]], size: float = 8.5) -> None:
    """Rows of wrapped cells; the header repeats on each new page."""
    line = size * 1.35 / 72

    def header() -> None:
        pages.box(MARGIN, pages.y, sum(widths), 0.3, WASH, radius=0.05)
        x = MARGIN + 0.08
        for head, w in zip(headers, widths):
            pages.fig.text(x / A4[0], (pages.y - 0.08) / A4[1], head, fontsize=size, fontweight="bold", color=INK,
                           va="top")
            x += w
        pages.y -= 0.36

    pages.need(0.8)
    header()
    for row in rows:
        cells = [wrap(c, w - 0.16, size) for c, w in zip(row, widths)]
        h = max(len(c) for c in cells) * line + 0.12
        if pages.y - h < BOTTOM:
            pages.new()
            header()
        x = MARGIN + 0.08
        for c, w in zip(cells, widths):
            pages.fig.text(x / A4[0], pages.y / A4[1], "\n".join(c), fontsize=size, color=INK, va="top",
                           linespacing=1.35)
            x += w
        pages.y -= h
        from matplotlib.lines import Line2D

        pages.fig.add_artist(Line2D([MARGIN / A4[0], (MARGIN + sum(widths)) / A4[0]],
                                    [(pages.y + 0.05) / A4[1]] * 2, color="#f1e9d8", linewidth=0.6))


def _records(pages: Pages, data: ReportData) -> None:
    pages.new()
    pages.heading("Sessions")
    if data.sessions:
        _table(pages, ["Date", "Duration", "Attempts", "Levels played", "Notes"], [0.95, 0.8, 0.85, 1.9, 2.57],
               [[day(s.when), duration(s.duration_s), count(s.attempts, "attempt"), s.levels or "—",
                 "\n".join(s.notes) or "—"] for s in data.sessions])
    else:
        pages.text("No sessions in this period.", 10, color=INK_SOFT)
    pages.y -= 0.1
    pages.heading("Notes")
    if not data.notes:
        pages.text("No notes in this period.", 10, color=INK_SOFT)
    for n in data.notes:
        pages.text(f"{day(n.when)} · {n.about}", 8.5, color=INK_SOFT, gap=0.0)
        pages.text(n.text, 10, x=MARGIN + 0.15, gap=0.1)
    if data.changes:
        pages.y -= 0.1
        pages.heading("Adaptive changes of difficulty")
        _table(pages, ["Date", "Game", "Difficulty", "Change", "Why"], [0.95, 1.25, 1.0, 1.7, 2.17],
               [[day(c.when), content.game_title(c.game),
                 DIFFICULTY_INFO[c.field].label if c.field in DIFFICULTY_INFO else c.field,
                 content.change_words(c.old, c.new, c.unit), c.reason] for c in data.changes])


def _glossary(pages: Pages, data: ReportData) -> None:
    pages.new()
    pages.heading("What the measures mean")
    game = None
    for e in content.glossary(data):
        if e.game != game:
            game = e.game
            pages.y -= 0.05
            pages.text(content.game_title(game), 12, bold=True, gap=0.06)
        extra = f", {e.better}" if e.better else ""
        pages.text(f"{e.name} ({e.unit}{extra}; {e.metric})", 9.5, bold=True, gap=0.0)
        pages.text(e.words, 9.5, x=MARGIN + 0.15, gap=0.1)
    pages.y -= 0.1
    pages.text(content.UNITS_NOTE, 9, color=INK_SOFT)
    pages.text(content.ABOUT, 9, color=INK_SOFT)
    pages.text(f"Made with MotorPlay {__version__} on {day(data.generated)}.", 9, color=INK_SOFT)


def write_pdf(data: ReportData, path: Path) -> None:
    from game.reports.charts import _setup

    _setup()
    import matplotlib
    from matplotlib.backends.backend_pdf import PdfPages

    with matplotlib.rc_context({"pdf.fonttype": 42, "font.family": "DejaVu Sans"}):
        with PdfPages(path, metadata={"Title": f"{data.child} — MotorPlay progress report", "Creator": "MotorPlay",
                                      "CreationDate": None}) as pdf:
            pages = Pages(pdf, data)
            _title_page(pages, data)
            for g in data.games:
                _game_page(pages, g)
            _records(pages, data)
            _glossary(pages, data)
            pages.flush()
