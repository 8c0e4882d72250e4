"""The HTML report: one self-contained file (inline CSS, charts as inline SVG), no external requests.

Numbers are always written with their unit; dates sit in <time> and free text (names, level titles,
notes) in class="free", so a test can check that every other number carries a unit.
"""
from __future__ import annotations

from html import escape
from types import MappingProxyType

from game import __version__
from game.reports import content
from game.reports.charts import CHANGE, LEVEL, POINT, TREND, game_svg
from game.reports.data import GameSummary, ReportData
from game.reports.words import DIFFICULTY_INFO, count, day, duration

CSS = """
:root { --cream:#fdf7ea; --panel:#ffffff; --edge:#e8dcc2; --ink:#262c4a; --soft:#60667f; --blue:#0072b2;
        --orange:#e69f00; --green:#009e73; --purple:#cc79a7; --wash:#fff3d6; }
* { box-sizing: border-box; }
html { background: var(--cream); }
body { margin: 0; color: var(--ink); font: 15px/1.5 "Segoe UI", "Helvetica Neue", Arial, "Noto Sans",
       "DejaVu Sans", sans-serif; }
main { max-width: 1000px; margin: 0 auto; padding: 28px 28px 40px; }
header.top { background: linear-gradient(120deg, #ffe3a3, #ffd0b5 55%, #d9ecf7); border-radius: 22px;
             padding: 26px 30px; display: flex; align-items: center; gap: 22px; }
.badge { width: 74px; height: 74px; border-radius: 50%; background: var(--blue); color: #fff; display: flex;
         align-items: center; justify-content: center; font-size: 36px; font-weight: 700; flex: none;
         box-shadow: 0 3px 0 rgba(0,0,0,.12); }
header h1 { margin: 0; font-size: 30px; line-height: 1.15; overflow-wrap: anywhere; }
header .sub { margin: 4px 0 0; color: #4a4f6a; font-size: 16px; }
header .made { font-size: 13.5px; }
.about { margin: 18px 0 6px; padding: 12px 16px; border-left: 5px solid var(--green); background: #eef8f3;
         border-radius: 10px; font-size: 14px; }
h2 { font-size: 22px; margin: 34px 0 12px; }
h3 { font-size: 18px; margin: 0 0 4px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(290px, 1fr)); gap: 16px; }
.card { background: var(--panel); border: 1px solid var(--edge); border-radius: 16px; padding: 16px 18px;
        break-inside: avoid; }
.card .stats { color: var(--soft); font-size: 13.5px; margin: 0 0 10px; }
.metric { border-top: 1px dashed var(--edge); padding: 8px 0 6px; }
.metric .name { font-weight: 650; }
.metric .nums { display: flex; gap: 18px; margin: 2px 0; }
.metric .nums div { font-size: 13px; color: var(--soft); }
.metric .nums b { display: block; font-size: 21px; color: var(--ink); }
.metric .nums small { font-size: 13px; font-weight: 600; }
.trend { font-size: 13.5px; }
.trend::before { content: ""; display: inline-block; width: 10px; height: 10px; border-radius: 50%;
                 margin-right: 6px; background: #b8b8c4; vertical-align: 0; }
.trend.better::before { background: var(--green); }
.trend.worse::before { background: var(--orange); }
.diff { font-size: 13px; color: var(--soft); margin-top: 8px; }
section.game { background: var(--panel); border: 1px solid var(--edge); border-radius: 18px; padding: 18px 20px;
               margin: 18px 0; break-inside: avoid; page-break-inside: avoid; }
section.game .what { color: var(--soft); margin: 0 0 8px; font-size: 14px; }
.chart svg { width: 100%; height: auto; display: block; }
.howto { font-size: 13px; color: var(--soft); margin: 6px 0 0; }
table { width: 100%; border-collapse: collapse; background: var(--panel); border-radius: 14px; overflow: hidden;
        border: 1px solid var(--edge); font-size: 14px; }
th { background: var(--wash); text-align: left; font-weight: 650; padding: 9px 12px; }
td { padding: 8px 12px; border-top: 1px solid #f1e9d8; vertical-align: top; }
tr { break-inside: avoid; }
td.num { white-space: nowrap; }
.note { background: var(--panel); border: 1px solid var(--edge); border-left: 5px solid var(--purple);
        border-radius: 10px; padding: 10px 14px; margin: 8px 0; break-inside: avoid; }
.note .when { color: var(--soft); font-size: 13px; }
.glossary dt { font-weight: 650; margin-top: 10px; }
.glossary dd { margin: 2px 0 0 0; color: #3c4262; }
.glossary .unit { color: var(--soft); font-weight: 400; }
.units-note { font-weight: 650; color: #7a3d62; font-size: 13px; margin: 6px 0; }
.muted { color: var(--soft); }
footer { margin-top: 34px; color: var(--soft); font-size: 12.5px; text-align: center; }
@media print {
  @page { size: A4; margin: 14mm; }
  html, body { background: #fff; }
  main { max-width: none; padding: 0; }
  header.top { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  section.game, .card, th, .badge, .about { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2 { break-after: avoid; }
}
"""


def free(text: str) -> str:
    return f'<span class="free">{escape(text)}</span>'


def when(d) -> str:
    return f'<time datetime="{d.isoformat()}">{escape(day(d))}</time>'


def _dated(text: str, data: ReportData) -> str:
    """range words with the dates wrapped in <time> (for the no-number-without-unit check)."""
    out = escape(text)
    for d in (data.start, data.end, data.first, data.last):
        if d is not None:
            out = out.replace(escape(day(d)), when(d), 1)
    return out


def _value(text: str) -> str:
    """'2.8 play units' as a big number with a smaller unit."""
    num, _, unit = text.partition("\u00a0")
    return f"<b>{escape(num)}<small>\u00a0{escape(unit)}</small></b>" if unit else f"<b>{escape(num)}</b>"


def _card(g: GameSummary) -> str:
    rows = []
    for m in g.metrics:
        rows.append(
            f'<div class="metric"><div class="name">{escape(m.label)}</div>'
            f'<div class="nums"><div>latest{_value(content.value_words(m, "latest"))}</div>'
            f'<div>best{_value(content.value_words(m, "best"))}</div></div>'
            f'<div class="trend {m.direction}">{escape(m.trend_words)}</div></div>')
    diff = content.difficulty_words(g)
    return (f'<div class="card"><h3>{escape(g.title)}</h3>'
            f'<p class="stats">{" · ".join(escape(s) for s in content.stats_words(g))}<br>'
            f'{when(g.first)} to {when(g.last)}</p>{"".join(rows)}'
            + (f'<div class="diff">{escape(diff)}</div>' if diff else "") + "</div>")


def _game_section(g: GameSummary) -> str:
    levels = ", ".join(g.levels)
    changes = ""
    if g.changes:
        changes = f'<p class="howto">{escape(count(len(g.changes), "adaptive change"))} of difficulty in this period ' \
                  f'(dashed purple lines; listed below).</p>'
    return (f'<section class="game" id="{g.game}"><h3>{escape(g.title)}</h3>'
            f'<p class="what">{escape(content.GAME_WORDS.get(g.game, ""))} Levels played: {free(levels)}.</p>'
            + (f'<p class="units-note">{escape(g.units_note)}</p>' if g.units_note else "")
            + f'<div class="chart">{game_svg(g)}</div>'
            f'<p class="howto">{escape(content.HOW_TO_READ)}</p>{changes}</section>')


def _sessions(data: ReportData) -> str:
    if not data.sessions:
        return '<p class="muted">No sessions in this period.</p>'
    rows = []
    for s in data.sessions:
        notes = "<br>".join(free(n) for n in s.notes) or '<span class="muted">—</span>'
        rows.append(f"<tr><td class=num>{when(s.when)}</td><td class=num>{escape(duration(s.duration_s))}</td>"
                    f"<td class=num>{escape(count(s.attempts, 'attempt'))}</td>"
                    f"<td>{free(s.levels) if s.levels else '—'}</td><td>{notes}</td></tr>")
    return ("<table><thead><tr><th>Date</th><th>Duration</th><th>Attempts</th><th>Levels played</th><th>Notes</th>"
            "</tr></thead><tbody>" + "".join(rows) + "</tbody></table>")


def _notes(data: ReportData) -> str:
    if not data.notes:
        return '<p class="muted">No notes in this period.</p>'
    return "".join(f'<div class="note"><div class="when">{when(n.when)} · {free(n.about)}</div>{free(n.text)}</div>'
                   for n in data.notes)


def _changes(data: ReportData) -> str:
    rows = "".join(
        f"<tr><td class=num>{when(c.when)}</td><td>{escape(content.game_title(c.game))}</td>"
        f"<td>{escape(DIFFICULTY_INFO[c.field].label if c.field in DIFFICULTY_INFO else c.field)}</td>"
        f"<td class=num>{escape(content.change_words(c.old, c.new, c.unit))}</td><td>{free(c.reason)}</td></tr>"
        for c in data.changes)
    return ("<table><thead><tr><th>Date</th><th>Game</th><th>Difficulty</th><th>Change</th><th>Why</th></tr>"
            "</thead><tbody>" + rows + "</tbody></table>")


def _glossary(data: ReportData) -> str:
    parts = []
    game = None
    for e in content.glossary(data):
        if e.game != game:
            if game is not None:
                parts.append("</dl>")
            game = e.game
            parts.append(f"<h3>{escape(content.game_title(game))}</h3><dl class=glossary>")
        extra = f", {e.better}" if e.better else ""
        parts.append(f'<dt>{escape(e.name)} <span class="unit">({escape(e.unit)}{escape(extra)}; '
                     f'<code>{escape(e.metric)}</code>)</span></dt><dd class="free">{escape(e.words)}</dd>')
    parts.append("</dl>")
    parts.append(f'<p class="howto">{escape(content.UNITS_NOTE)}</p>')
    return "".join(parts)


def render_html(data: ReportData) -> str:
    initial = escape(data.child[:1].upper() or "?")
    summary = ('<div class="cards">' + "".join(_card(g) for g in data.games) + "</div>") if data.games else \
        '<p class="muted">No attempts in this period.</p>'
    body = [
        '<header class="top">',
        f'<div class="badge" aria-hidden="true">{initial}</div>',
        f'<div><h1>{free(data.child)} — progress report</h1>',
        f'<p class="sub">{_dated(content.range_words(data), data)}<br>'
        f'<span class="made">report made on {when(data.generated.date())}</span></p></div></header>',
        f'<p class="about">{escape(content.ABOUT)}</p>',
        "<h2>Summary</h2>", summary,
    ]
    if data.games:
        body += ["<h2>Progress in each game</h2>", *(_game_section(g) for g in data.games)]
    body += ["<h2>Sessions</h2>", _sessions(data), "<h2>Notes</h2>", _notes(data)]
    if data.changes:
        body += ["<h2>Adaptive changes of difficulty</h2>", _changes(data)]
    body += ["<h2>What the measures mean</h2>", _glossary(data),
             f"<footer>Made with MotorPlay {free(__version__)} on {when(data.generated.date())}. "
             f"{escape(content.ABOUT)}</footer>"]
    title = f"{data.child} — MotorPlay progress report"
    return ("<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8>"
            '<meta name=viewport content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)}</title><style>{CSS}</style></head><body><main>"
            + "\n".join(body) + "</main></body></html>\n")


CHART_COLOURS = MappingProxyType({"points": POINT, "trend": TREND, "difficulty": LEVEL, "change": CHANGE})
