"""Trends (game.records.trends): known answers, the rules for the words, simulated children, sessions by
the 30-minute rule, `play --date`, `progress`, and one set of words on the screen, in the report and on
the command line."""
from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone
from html import unescape
from pathlib import Path

import numpy as np
import pytest

from game.games import GAMES
from game.records import trends
from game.records.attempts import save_attempt
from game.records.db import Database
from game.records.series import KEY_METRICS
from game.records.trends import Sample, metric_trend, sen_interval, theil_sen
from tests.builders import LINE_LEVEL, line_points, polyline_events, run_cli, write_events, write_level

TRACING = next(iter(GAMES))           # a game whose first charted metric has lower as better
METRIC = KEY_METRICS[TRACING][0]
assert GAMES[TRACING].metric(METRIC).better == "lower"


# --- Theil–Sen: known answers ---------------------------------------------------------------------------
def test_theil_sen_is_exact_on_a_line():
    x = [0.0, 1.0, 2.5, 4.0, 7.0]
    slope, intercept = theil_sen(x, [3.0 - 0.5 * v for v in x])
    assert slope == pytest.approx(-0.5) and intercept == pytest.approx(3.0)
    low, high = sen_interval(x, [3.0 - 0.5 * v for v in x])
    assert low == pytest.approx(-0.5) and high == pytest.approx(-0.5)


def test_theil_sen_ignores_one_wild_outlier_that_moves_least_squares():
    x = np.arange(10.0)
    y = 2.0 * x + 1.0
    y[7] = 500.0
    slope, intercept = theil_sen(x, y)
    assert slope == pytest.approx(2.0) and intercept == pytest.approx(1.0)
    assert abs(np.polyfit(x, y, 1)[0] - 2.0) > 10      # least squares is dragged far off


def test_sen_interval_widens_to_every_pairwise_slope_with_three_points_and_narrows_with_more():
    low, high = sen_interval([0, 1, 2], [0.0, 2.0, 1.0])
    assert (low, high) == (-1.0, 2.0)          # all three pairwise slopes: 2, 0.5, -1
    rng = np.random.default_rng(0)
    x = np.arange(30.0)
    y = 0.3 * x + rng.normal(0, 1, 30)
    low, high = sen_interval(x, y)
    assert low < 0.3 < high and high - low < 0.2
    with pytest.raises(ValueError):
        theil_sen([1.0, 1.0], [2.0, 3.0])


# --- the rules for the words -------------------------------------------------------------------------------
START = datetime(2026, 3, 2, 16, 30, tzinfo=timezone.utc)


def _sessions(values: list[float], days: list[float], difficulty: dict | None = None, tries: int = 1) -> list[Sample]:
    return [Sample(i, START + timedelta(days=d, minutes=3 * k), v, difficulty or {"tolerance": 30})
            for i, (v, d) in enumerate(zip(values, days)) for k in range(tries)]


def test_words_need_three_sessions_on_two_days():
    t = metric_trend(TRACING, METRIC, _sessions([12.0, 8.0], [0, 7]))
    assert t.verdict == trends.NOT_ENOUGH and t.slope_per_week is None and t.line() is None
    assert t.words.startswith("not enough to tell yet: only 2 sessions at ")
    same_day = metric_trend(TRACING, METRIC, _sessions([12.0, 10.0, 8.0], [0, 0.1, 0.2]))
    assert same_day.verdict == trends.NOT_ENOUGH and "3 sessions, all on the same day" in same_day.words
    none = metric_trend(TRACING, METRIC, [])
    assert none.words == "not enough to tell yet: no finished attempts"


def test_a_clear_drop_is_improving_with_its_unit_per_week_and_interval():
    t = metric_trend(TRACING, METRIC, _sessions([12.0, 11.0, 10.2, 8.9, 8.1, 7.0], [0, 2, 4, 7, 9, 11]))
    info = GAMES[TRACING].metric(METRIC)
    assert t.verdict == "improving" and t.direction == "better"
    assert t.low <= t.slope_per_week <= t.high < 0
    assert abs(t.change) > t.srd
    slope = f"{abs(t.slope_per_week):.{info.decimals}f}"
    assert t.words.startswith(f"improving: −{slope} {info.unit} per week (95 % interval ")
    assert "6 sessions over 11 days" in t.words and t.words.endswith("; lower is better")


def test_a_rise_in_a_lower_is_better_metric_is_getting_worse():
    t = metric_trend(TRACING, METRIC, _sessions([7.0, 8.1, 8.9, 10.2, 11.0, 12.0], [0, 2, 4, 7, 9, 11]))
    assert t.verdict == "getting worse" and t.direction == "worse"


def test_a_change_inside_the_childs_own_noise_is_steady_even_when_the_interval_excludes_zero():
    # a small steady rise with big session-to-session wobble: the interval may leave zero out, but the
    # change over the period is smaller than the smallest real difference
    values = [10.0, 13.0, 9.0, 12.5, 9.5, 13.0, 10.0, 13.5, 10.5, 13.8]
    t = metric_trend(TRACING, METRIC, _sessions(values, [2 * k for k in range(10)]))
    assert abs(t.change) < t.srd and t.verdict == "steady"


def test_only_the_most_played_difficulty_counts_and_stopped_attempts_are_left_out():
    easy = _sessions([12.0, 10.0, 8.0, 6.0], [0, 2, 4, 6], {"tolerance": 40})
    hard = [Sample(10 + s.session, s.when + timedelta(hours=1), 30.0, {"tolerance": 20}) for s in easy[:2]]
    stopped = [Sample(20, START + timedelta(days=8), 0.5, {"tolerance": 40}, finished=False)]
    t = metric_trend(TRACING, METRIC, easy + hard + stopped)
    assert [s.value for s in t.sessions] == [12.0, 10.0, 8.0, 6.0]
    assert t.difficulty == {"tolerance": 40} and t.other_sessions == 2
    assert "corridor half-width 40 play units" in t.words.lower() or "40 play units" in t.words
    assert "2 sessions at other difficulties left out" in t.words


def test_a_session_is_the_median_of_its_attempts():
    samples = [Sample(1, START, 10.0), Sample(1, START + timedelta(minutes=2), 30.0),
               Sample(1, START + timedelta(minutes=4), 11.0)]
    (s,) = trends.session_values(samples)
    assert (s.value, s.n, s.when) == (11.0, 3, START)


# --- simulated children (seeded, deterministic) ------------------------------------------------------------
WEEKS, PER_WEEK, TRIES = 4, 3, 4
TRY_NOISE = 0.08      # one try's value varies by 8 % around the child's level (SD); a session's median of
                      # 4 tries then varies by about 5 % from session to session
LEVEL = 12.0          # play units from the line


def _child(seed: int, gain: float) -> list[Sample]:
    """3 sessions a week (Mon, Wed, Fri) for 4 weeks; the true level falls by `gain` over the 4 weeks."""
    rng = np.random.default_rng(seed)
    out = []
    for w in range(WEEKS):
        for k, day in enumerate((0, 2, 4)):
            when = START + timedelta(days=7 * w + day)
            true = LEVEL * (1.0 - gain * (7 * w + day) / (7 * WEEKS))
            for t in range(TRIES):
                out.append(Sample(w * PER_WEEK + k, when + timedelta(minutes=3 * t),
                                  float(true * (1.0 + TRY_NOISE * rng.standard_normal())), {"tolerance": 30}))
    return out


def test_a_flat_child_is_almost_never_called_improving_or_worse():
    called = [metric_trend(TRACING, METRIC, _child(seed, 0.0)).verdict for seed in range(200)]
    wrong = sum(v in ("improving", "getting worse") for v in called)
    assert wrong <= 10, wrong          # >= 95 % of 200 seeds say steady


def test_a_child_who_improves_20_percent_in_4_weeks_is_called_improving():
    called = [metric_trend(TRACING, METRIC, _child(seed, 0.20)).verdict for seed in range(200)]
    assert sum(v == "improving" for v in called) >= 160, called.count("improving")   # >= 80 %
    assert "getting worse" not in called


# --- sessions: the 30-minute rule in the records ----------------------------------------------------------
def _save(db: Database, child_id: int, start: datetime, status: str = "finished"):
    from game.levels.loader import parse_level

    loaded = parse_level(LINE_LEVEL, "line.toml")
    events = polyline_events(line_points(200, 366, 1080, 366, 221))
    iso = start.isoformat(timespec="milliseconds")
    return save_attempt(db, session_id=None, child_id=child_id, loaded=loaded, events=events, status=status,
                        started_at=iso, ended_at=(start + timedelta(minutes=2)).isoformat(timespec="milliseconds"),
                        app_version="t", screen=(1280, 720))


def test_attempts_with_gaps_of_30_minutes_or_less_are_one_session(data_dir: Path):
    db = Database.open(data_dir)
    try:
        kim = db.get_or_add_child("Kim", "fox")
        ids = [_save(db, kim.id, START + timedelta(minutes=m)).session_id for m in (0, 10, 25, 57, 200)]
        # 10 and 25 start 8 and 13 minutes after the last one ended; 57 starts 30 minutes after 25 ended;
        # 200 is long after: a new session
        assert ids[0] == ids[1] == ids[2] == ids[3] != ids[4]
        (second, first) = db.sessions(kim.id)
        assert first.started_at == START.isoformat(timespec="milliseconds") and first.attempts == 4
        assert first.ended_at == (START + timedelta(minutes=59)).isoformat(timespec="milliseconds")
    finally:
        db.close()


def test_a_stopped_attempt_earns_no_star(data_dir: Path):
    db = Database.open(data_dir)
    try:
        kim = db.get_or_add_child("Kim", "fox")
        stopped = _save(db, kim.id, START, "abandoned")
        done = _save(db, kim.id, START + timedelta(minutes=5))
        assert stopped.stars == 0 and done.stars >= 1
        assert [r.stars for r in db.attempts("Kim")] == [0, done.stars]
    finally:
        db.close()


# --- play --date and progress --------------------------------------------------------------------------------
@pytest.fixture
def line_files(tmp_path: Path) -> dict[str, Path]:
    return {"level": write_level(tmp_path / "line.toml"),
            "events": write_events(tmp_path / "line.jsonl", polyline_events(line_points(200, 366, 1080, 366, 221)))}


def test_play_date_records_the_attempt_then_in_local_time(data_dir: Path, line_files):
    res = run_cli("play", str(line_files["level"]), "--child", "Kim", "--events", str(line_files["events"]),
                  "--headless", "--date", "2026-03-02T16:30", data_dir=data_dir)
    assert res.returncode == 0, res.stderr
    db = Database.open(data_dir)
    try:
        (row,) = db.attempts("Kim")
    finally:
        db.close()
    local = datetime.fromisoformat(row.started_at).astimezone()
    assert local.replace(tzinfo=None) == datetime(2026, 3, 2, 16, 30)
    assert row.ended_at > row.started_at


@pytest.mark.parametrize("bad", ["2026-02-30T16:30", "yesterday", "2026-03-02", "2026-03-02 16:30", "2026-3-2T1:00"])
def test_a_bad_date_is_one_line_and_exit_2(data_dir: Path, line_files, bad: str):
    res = run_cli("play", str(line_files["level"]), "--child", "Kim", "--events", str(line_files["events"]),
                  "--headless", "--date", bad, data_dir=data_dir)
    assert res.returncode == 2 and res.stdout == ""
    assert res.stderr == f"MotorPlay: --date must be a real local date and time as YYYY-MM-DDTHH:MM (got {bad})\n"


def test_progress_unknown_child_or_game_is_one_line_and_exit_2(data_dir: Path, line_files):
    run_cli("play", str(line_files["level"]), "--child", "Kim", "--events", str(line_files["events"]),
            "--headless", data_dir=data_dir, check=True)
    res = run_cli("progress", "--child", "Nobody", data_dir=data_dir)
    assert res.returncode == 2 and res.stderr.count("\n") == 1 and "no child called Nobody" in res.stderr
    res = run_cli("progress", "--child", "Kim", "--game", "chess", data_dir=data_dir)
    assert res.returncode == 2 and res.stderr.count("\n") == 1 and "--game must be one of" in res.stderr
    assert res.stdout == ""


# --- six weeks: the screen, the report and the command say the same, correct thing ----------------------
@pytest.fixture(scope="module")
def six_weeks(tmp_path_factory) -> Path:
    from benchmarks.six_weeks import build

    return build(tmp_path_factory.mktemp("six_weeks") / "data")


def _screen_words(data_dir: Path, game: str, out: Path, monkeypatch) -> list[str]:
    """Every paragraph the progress screen draws in its side panel (rendered for real)."""
    from game.cli import main
    from game.scenes import progress

    drawn: list[str] = []
    real = progress._para

    def spy(surface, fonts, text, *args, **kw):
        drawn.append(text)
        return real(surface, fonts, text, *args, **kw)

    monkeypatch.setattr(progress, "_para", spy)
    assert main(["screenshot", "progress", "--child", "Robin", "--game", game, "--out", str(out),
                 "--data-dir", str(data_dir)]) == 0
    return drawn


def test_six_weeks_screen_report_and_command_say_the_same_correct_thing(six_weeks: Path, tmp_path: Path,
                                                                       monkeypatch, capsys):
    from benchmarks.six_weeks import DRUMS, TRACING as LINE_GAME
    from game.cli import main

    assert main(["report", "--child", "Robin", "--out", str(tmp_path / "r.html"), "--data-dir", str(six_weeks)]) == 0
    html = unescape(re.sub(r"\s+", " ", (tmp_path / "r.html").read_text(encoding="utf-8")).replace("\u00a0", " "))
    capsys.readouterr()
    assert main(["progress", "--child", "Robin", "--json", "--data-dir", str(six_weeks)]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["child"] == "Robin" and set(shown["games"]) == {LINE_GAME, DRUMS}
    expected = {(LINE_GAME, KEY_METRICS[LINE_GAME][0]): "improving"}
    for game in (LINE_GAME, DRUMS):
        screen = _screen_words(six_weeks, game, tmp_path / f"{game}.png", monkeypatch)
        for metric in KEY_METRICS[game]:
            entry = shown["games"][game][metric]
            words = entry["trend"]["words"]
            assert set(entry) == {"sessions", "trend"} and set(entry["trend"]) == {"slope_per_week", "low", "high",
                                                                                   "words"}
            assert len(entry["sessions"]) == 18 and all(s["n"] == 2 for s in entry["sessions"])
            assert words in screen, (game, metric)             # the screen draws exactly these words
            assert words in html, (game, metric)               # and the report prints them
            assert words.split(":")[0] == expected.get((game, metric), "steady"), words
    # the text form prints the same sentences
    assert main(["progress", "--child", "Robin", "--game", DRUMS, "--data-dir", str(six_weeks)]) == 0
    text = capsys.readouterr().out
    for metric in KEY_METRICS[DRUMS]:
        assert f"trend: {shown['games'][DRUMS][metric]['trend']['words']}" in text
