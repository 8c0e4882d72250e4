"""Per-game progress charts: one point per attempt, the trend line, the difficulty beside it, adaptive changes.

matplotlib is imported only inside the functions that draw (it is slow to import and needed only for
reports), always with the Agg backend and Figure objects (no pyplot, no global figure state).
"""
from __future__ import annotations

import io
import re
from datetime import datetime
from typing import Any

from game.reports.data import GameSummary, MetricSummary
from game.reports.words import day

# Okabe-Ito colours (as in the game's theme), as matplotlib hex strings.
POINT = "#0072b2"        # blue: one circle per attempt
TREND = "#e69f00"        # orange: the trend line
LEVEL = "#8a8fa8"        # soft grey-blue: the difficulty step line (right axis)
CHANGE = "#cc79a7"       # reddish purple: adaptive changes
INK = "#262c4a"
INK_SOFT = "#60667f"
GRID = "#ece4d2"


def _naive(when: datetime) -> datetime:
    """Local wall time without tzinfo: matplotlib then shows the dates the child played on."""
    return when.replace(tzinfo=None)


def _setup() -> None:
    import matplotlib

    matplotlib.use("Agg", force=True)


def _style(ax: Any) -> None:
    ax.set_facecolor("white")
    for side in ("top",):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom", "right"):
        ax.spines[side].set_color("#cfc6b2")
    ax.tick_params(colors=INK_SOFT, labelsize=8.5)
    ax.grid(True, axis="y", color=GRID, linewidth=0.8)
    ax.set_axisbelow(True)


def _date_axis(ax: Any, first: datetime, last: datetime) -> None:
    import matplotlib.dates as mdates
    from matplotlib.ticker import FuncFormatter

    locator = mdates.AutoDateLocator(minticks=3, maxticks=7)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: day(mdates.num2date(x))))
    span = (last - first).total_seconds()
    pad = max(span * 0.03, 3600.0 * 6)
    from datetime import timedelta

    ax.set_xlim(_naive(first) - timedelta(seconds=pad), _naive(last) + timedelta(seconds=pad))


def _panel(ax: Any, game: GameSummary, m: MetricSummary, first: datetime, last: datetime) -> None:
    _style(ax)
    better = f" — {m.info.better} is better" if m.info.better else ""
    ax.set_title(f"{m.label}{better}", loc="left", fontsize=10.5, color=INK, fontweight="bold", pad=6)
    ax.set_ylabel(m.info.unit, color=INK_SOFT, fontsize=9)
    pts = [p for p in m.points if p.value is not None]
    xs = [_naive(p.when) for p in pts]
    ys = [p.value for p in pts]
    if m.info.unit == "%":
        ax.set_ylim(-3, 103)
    if pts:
        size = 44 if len(pts) < 60 else (18 if len(pts) < 300 else 9)
        edge = 0.8 if len(pts) < 300 else 0.0
        ax.scatter(xs, ys, s=size, color=POINT, alpha=0.85, edgecolors="white", linewidths=edge, zorder=5)
        ends = m.trend.line()
        if ends is not None:
            (a, va), (b, vb) = ends
            ax.plot([_naive(a), _naive(b)], [va, vb], color=TREND, linewidth=2.5, solid_capstyle="round", zorder=4)
    else:
        ax.text(0.5, 0.5, "no finished attempts in this period", transform=ax.transAxes, ha="center",
                va="center", color=INK_SOFT, fontsize=10)
    for c in game.changes:
        ax.axvline(_naive(c.when), color=CHANGE, linestyle=(0, (2, 2)), linewidth=1.1, zorder=2)
    # the difficulty as played, on a second axis, so points at the same difficulty can be compared
    diff = [(_naive(p.when), float(p.difficulty)) for p in m.points
            if isinstance(p.difficulty, (int, float)) and not isinstance(p.difficulty, bool)]
    if diff:
        ax2 = ax.twinx()
        ax2.step([d[0] for d in diff], [d[1] for d in diff], where="post", color=LEVEL, linewidth=1.6,
                 alpha=0.9, zorder=1)
        lo, hi = min(d[1] for d in diff), max(d[1] for d in diff)
        pad = max((hi - lo) * 0.15, abs(hi) * 0.1, 1.0)
        ax2.set_ylim(lo - pad, hi + pad)
        ax2.set_ylabel(f"{game.difficulty.label.lower()} ({game.difficulty.unit})", color=LEVEL, fontsize=8.5)
        ax2.tick_params(colors=LEVEL, labelsize=8)
        for side in ("top", "left", "bottom"):
            ax2.spines[side].set_visible(False)
        ax2.spines["right"].set_color(LEVEL)
        ax.set_zorder(ax2.get_zorder() + 1)   # points above the step line
        ax.patch.set_visible(False)
    _date_axis(ax, first, last)


def _legend(fig: Any, game: GameSummary, x: float, y: float) -> None:
    from matplotlib.lines import Line2D

    handles = [Line2D([], [], marker="o", linestyle="", color=POINT, markersize=6, label="one attempt"),
               Line2D([], [], color=TREND, linewidth=2.5, label="trend line"),
               Line2D([], [], color=LEVEL, linewidth=1.6,
                      label=f"{game.difficulty.label.lower()} as played (right scale)")]
    if game.changes:
        handles.append(Line2D([], [], color=CHANGE, linestyle=(0, (2, 2)), linewidth=1.1,
                              label="adaptive change of difficulty"))
    fig.legend(handles=handles, loc="lower center", ncol=len(handles), frameon=False, fontsize=8.5,
               labelcolor=INK_SOFT, bbox_to_anchor=(x, y), bbox_transform=fig.transFigure)


def draw_game(fig: Any, game: GameSummary, rect: tuple[float, float, float, float] = (0.0, 0.0, 1.0, 1.0)) -> None:
    """Draw the game's key metrics in `rect` (left, bottom, width, height as fractions of the figure):
    one panel per metric, stacked, sharing the dates."""
    x, y, w, h = rect
    width_in, height_in = fig.get_size_inches()
    left, right = x + 0.75 / width_in, x + w - 0.75 / width_in
    top, bottom = y + h - 0.3 / height_in, y + 0.75 / height_in
    gs = fig.add_gridspec(len(game.metrics), 1, left=left, right=right, top=top, bottom=bottom, hspace=0.38)
    axes = [fig.add_subplot(gs[k, 0]) for k in range(len(game.metrics))]
    for ax, m in zip(axes, game.metrics):
        _panel(ax, game, m, game.first, game.last)
    for ax in axes[:-1]:
        ax.tick_params(labelbottom=False)
    _legend(fig, game, x + w / 2, y)


def game_figure(game: GameSummary, width_in: float = 9.6, height_in: float = 5.4) -> Any:
    _setup()
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width_in, height_in), facecolor="white")
    draw_game(fig, game)
    return fig


def game_svg(game: GameSummary) -> str:
    """The chart as inline SVG text (text drawn as outlines, so it needs no fonts and prints crisply)."""
    _setup()
    import matplotlib

    fig = game_figure(game)
    buf = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "path", "svg.hashsalt": "motorplay"}):
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    text = buf.getvalue()
    text = re.sub(r"\s*<metadata>.*?</metadata>", "", text, flags=re.S)   # creator/licence RDF: not needed
    return text[text.index("<svg"):]
