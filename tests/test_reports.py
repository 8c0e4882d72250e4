"""Reports: the data gathered for one child and date range, the HTML's content, and the CLI's one-liners."""
from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import re  # noqa: E402
from datetime import date, datetime  # noqa: E402
from html.parser import HTMLParser  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from game.errors import UserError  # noqa: E402
from game.metrics.glossary import metric_info  # noqa: E402
from game.records.db import Database  # noqa: E402
from game.records.series import KEY_METRICS  # noqa: E402
from game.reports import make_report  # noqa: E402
from game.reports.data import gather  # noqa: E402
from game.reports.words import day, use_user_locale  # noqa: E402
from tests.builders import run_cli  # noqa: E402
from tests.report_builders import (  # noqa: E402
    ATTEMPT_NOTE,
    CHANGE_REASON,
    CHILD,
    DAYS,
    PLAY_SECONDS,
    SESSION_NOTE,
    START_MINUTES,
    fill,
)

UNITS = ("percentage points", "play units/s", "play units", "beats per minute", "beats/min", "pixels", "%", "ms", "min", "s", "h", "days", "weeks",
         "months", "attempts", "attempt", "sessions", "session", "stopped early", "adaptive changes",
         "adaptive change")


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    return fill(tmp_path_factory.mktemp("records"))


@pytest.fixture
def db(filled):
    d = Database.open(filled.data_dir)
    yield d
    d.close()


def rows(db, game):
    return [r for r in db.attempts(CHILD) if r.game == game]


def test_summary_per_game_is_exact(db):
    data = gather(db, db.find_child(CHILD))
    assert [g.game for g in data.games] == ["tracing", "catching", "tapping"]
    for g, seconds in zip(data.games, PLAY_SECONDS):
        assert (g.attempts, g.finished, g.sessions) == (4, 4, 4)
        assert g.seconds_played == pytest.approx(4 * seconds)
        assert g.first.date() == DAYS[0].date() and g.last.date() == DAYS[-1].date()
        for m in g.metrics:
            values = [r.metrics[m.metric] for r in rows(db, g.game)]
            assert [p.value for p in m.points] == values
            assert m.latest.value == values[-1]
            assert m.best.value == (min(values) if m.info.better == "lower" else max(values))
    tracing, catching, tapping = data.games
    assert tracing.levels == ("Little hills", "Mountains")
    assert (tracing.difficulty_first, tracing.difficulty_last, tracing.difficulty_changed) == (50.0, 46.0, True)
    assert (catching.difficulty_first, catching.difficulty_changed) == (150.0, False)
    assert tapping.difficulty_last == 60.0
    # tracing: two sessions at each corridor width, too few to tell; catching: quicker to react, session after
    # session, beyond the noise; tapping: steadier on the beat, but not beyond its own noise in 4 sessions
    assert tracing.metrics[0].direction == "unknown" and tracing.metrics[0].trend_words.startswith(
        "not enough to tell yet: only 2 sessions at corridor half-width 46 play units")
    assert catching.metrics[1].direction == "better" and catching.metrics[1].trend_words.startswith("improving: ")
    assert tapping.metrics[0].direction == "steady"
    assert [p.value for p in tapping.metrics[1].points] == [100.0] * 4 and tapping.metrics[1].direction == "steady"
    assert [c.reason for c in tracing.changes] == [CHANGE_REASON] and not catching.changes


def test_sessions_notes_and_changes(db):
    data = gather(db, db.find_child(CHILD))
    assert [s.when.replace(tzinfo=None) for s in data.sessions] == list(DAYS)   # the merged, empty ones left out
    last_start = START_MINUTES[-1] * 60 + PLAY_SECONDS[-1]
    assert [s.duration_s for s in data.sessions] == [pytest.approx(last_start)] * 4
    assert [s.attempts for s in data.sessions] == [3] * 4
    assert data.sessions[0].levels == "Little hills, Apple rain, Both drums together"
    assert data.sessions[1].notes == (SESSION_NOTE,)
    assert data.sessions[3].notes == (f"Drums: Both drums together — {ATTEMPT_NOTE}",)
    assert [(n.about, n.text) for n in data.notes] == [("Drums: Both drums together", ATTEMPT_NOTE)]
    assert [(c.field, c.old, c.new, c.unit) for c in data.changes] == [("tolerance", 50.0, 46.0, "play units")]


def test_date_range_keeps_only_those_days(db):
    data = gather(db, db.find_child(CHILD), date(2026, 3, 5), date(2026, 3, 9))
    assert [g.attempts for g in data.games] == [2, 2, 2]
    assert [len(m.points) for g in data.games for m in g.metrics] == [2] * 6
    assert [s.when.date() for s in data.sessions] == [DAYS[1].date(), DAYS[2].date()]
    assert data.notes == () and len(data.changes) == 1
    assert (data.first, data.last) == (DAYS[1].date(), DAYS[2].date())
    later = gather(db, db.find_child(CHILD), date(2026, 3, 10), None)
    assert [g.attempts for g in later.games] == [1, 1, 1] and later.changes == ()
    assert gather(db, db.find_child(CHILD), date(2027, 1, 1)).games == ()


class Text(HTMLParser):
    """The report's visible text outside charts, dates, code names and free text (names, titles, notes)."""

    SKIP = {"style", "svg", "time", "code", "title"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[bool] = []
        self.parts: list[str] = []
        self.all: list[str] = []

    INLINE = {"b", "small", "span", "time", "code", "i", "em", "strong"}

    def handle_starttag(self, tag, attrs):
        if tag not in self.INLINE:
            self.parts.append("\n")   # block boundaries separate words, as on screen
        if tag in ("br", "meta", "img", "path", "use"):
            return
        skip = tag in self.SKIP or "free" in (dict(attrs).get("class") or "").split()
        self.stack.append(skip or (bool(self.stack) and self.stack[-1]))

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        if tag not in self.INLINE:
            self.parts.append("\n")
        if tag not in ("br", "meta", "img", "path", "use") and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        self.all.append(data)
        if not (self.stack and self.stack[-1]):
            self.parts.append(data)


@pytest.fixture(scope="module")
def html(filled, tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "mia.html"
    db = Database.open(filled.data_dir)
    try:
        assert make_report(db, CHILD, out) == out
    finally:
        db.close()
    return out.read_text(encoding="utf-8")


def test_every_number_in_the_html_has_its_unit(html):
    parser = Text()
    parser.feed(html)
    text = "".join(parser.parts)
    unit = "|".join(re.escape(u) for u in UNITS)
    numbers = list(re.finditer(r"(?<![\w.])[−-]?\d[\d,]*(?:\.\d+)?", text))
    assert len(numbers) >= 28
    for m in numbers:
        after = text[m.end():m.end() + 20]
        assert re.match(rf"[\s\u00a0]*(?:{unit})(?![A-Za-z])", after), f"no unit after {m.group()!r}: {after!r}"
    for shown in ("2.8\u00a0play units", "324\u00a0ms", "100\u00a0%", "50\u00a0play units → 46\u00a0play units",
                  "150\u00a0play units/s", "60\u00a0beats/min", "25\u00a0min", "4\u00a0attempts",
                  "4\u00a0sessions", "2\u00a0min played"):
        assert shown in text, shown


def test_html_is_self_contained_with_charts_glossary_notes_and_the_no_norms_note(html):
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "").replace(
        'xmlns:xlink="http://www.w3.org/1999/xlink"', "") and "https://" not in html
    assert "<script" not in html and "<link" not in html and "src=" not in html
    assert html.count("<svg") == 3 and html.count('<section class="game"') == 3
    for game, metrics in KEY_METRICS.items():
        if game not in ("tracing", "catching", "tapping"):
            continue   # the report's child played these three
        for metric in metrics:
            info = metric_info(game, metric)
            assert f"<code>{metric}</code>" in html
            assert f"({info.unit}, {info.better} is better; <code>{metric}</code>)" in html
    for words in ("how far from the line the trace was, on average along its length", "100 × caught / presented",
                  "hits / expected taps × 100"):
        assert words in html
    assert SESSION_NOTE in html and ATTEMPT_NOTE in html and CHANGE_REASON in html
    assert "no norms, percentiles or comparison with other children" in html
    assert f"<h1><span class=\"free\">{CHILD}</span> — progress report</h1>" in html


def test_dates_are_in_the_users_locale_form(html):
    use_user_locale()
    for d in DAYS:
        assert f'>{day(d.date())}</time>' in html
    assert day(DAYS[0].date()) == DAYS[0].strftime("%x")


def test_make_report_refuses_with_one_line_errors(db, tmp_path):
    cases = [
        ((db, "Nobody", tmp_path / "r.html"), f"no child called Nobody in {db.path}"),
        ((db, CHILD, tmp_path / "r.docx"), f"{tmp_path / 'r.docx'}: the report file must end in .html or .pdf"),
        ((db, CHILD, tmp_path / "missing" / "r.pdf"),
         f"{tmp_path / 'missing' / 'r.pdf'}: cannot write the report (no folder {tmp_path / 'missing'})"),
        ((db, CHILD, tmp_path / "r.html", date(2026, 3, 9), date(2026, 3, 1)),
         "the start date 2026-03-09 is after the end date 2026-03-01"),
    ]
    for args, message in cases:
        with pytest.raises(UserError) as err:
            make_report(*args)
        assert str(err.value) == message
    assert list(tmp_path.iterdir()) == []


def test_cli_report_writes_the_file_and_bad_input_is_one_line(filled, tmp_path):
    out = tmp_path / "mia.pdf"
    ok = run_cli("report", "--child", "mia", "--from", "2026-03-05", "--to", "2026-03-12", "--out", str(out),
                 data_dir=filled.data_dir)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.strip() == str(out) and out.read_bytes().startswith(b"%PDF")
    bad = [
        (["--child", CHILD, "--from", "2026-02-30", "--out", str(tmp_path / "a.html")],
         "MotorPlay: --from must be a real date as YYYY-MM-DD (got 2026-02-30)"),
        (["--child", CHILD, "--to", "12/03/2026", "--out", str(tmp_path / "a.html")],
         "MotorPlay: --to must be a real date as YYYY-MM-DD (got 12/03/2026)"),
        (["--child", CHILD, "--from", "2026-03-09", "--to", "2026-03-01", "--out", str(tmp_path / "a.html")],
         "MotorPlay: the start date 2026-03-09 is after the end date 2026-03-01"),
        (["--child", "Nobody", "--out", str(tmp_path / "a.html")],
         f"MotorPlay: no child called Nobody in {filled.data_dir / 'motorplay.db'}"),
        (["--child", CHILD, "--out", str(tmp_path / "a.txt")],
         f"MotorPlay: {tmp_path / 'a.txt'}: --out must name a .html or .pdf file"),
        (["--child", CHILD, "--out", str(tmp_path / "no" / "a.html")],
         f"MotorPlay: {tmp_path / 'no' / 'a.html'}: cannot write the report (no folder {tmp_path / 'no'})"),
    ]
    for args, line in bad:
        res = run_cli("report", *args, data_dir=filled.data_dir)
        assert (res.returncode, res.stdout, res.stderr) == (2, "", line + "\n"), args


def test_a_report_with_no_attempts_in_range_still_says_so(db, tmp_path):
    out = make_report(db, CHILD, tmp_path / "empty.html", date(2027, 1, 1), date(2027, 2, 1))
    text = out.read_text(encoding="utf-8")
    assert "No attempts in this period." in text and "<svg" not in text
    assert day(date(2027, 1, 1)) in text


def test_matplotlib_is_imported_only_when_a_report_is_made():
    import subprocess
    import sys

    code = ("import sys, game.cli, game.reports, game.reports.data, game.reports.html, game.reports.pdf; "
            "print('matplotlib' in sys.modules)")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=Path(__file__).resolve().parent.parent)
    assert res.stdout.strip() == "False", res.stderr


def test_generated_time_is_the_clock_given(db):
    when = datetime(2026, 4, 1, 9, 30).astimezone()
    assert gather(db, db.find_child(CHILD), now=when).generated == when
