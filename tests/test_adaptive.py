"""Adaptive mode: the staircase's rules, a simulated child, levels at a value, and real headless plays."""
from __future__ import annotations

import json
import math
import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from game import staircase as A  # noqa: E402
from game.events import Event  # noqa: E402
from game.levels.loader import level_ref, load_level, parse_level  # noqa: E402
from game.paths import levels_dir  # noqa: E402
from game.records import adaptive as RA  # noqa: E402
from game.records.db import Database  # noqa: E402

# --- the staircase's rules ------------------------------------------------------------------


def test_two_successes_make_it_harder_one_miss_easier_with_plain_reasons():
    st = A.start("tracing", 30)
    assert (st.rule, st.step, st.min_value, st.max_value, st.value) == ("2down1up", 3, 10, 80, 30)
    st, change = A.step(st, True)
    assert change is None and st.run == 1 and st.value == 30
    st, change = A.step(st, True)
    assert (change.field, change.old, change.new, change.direction) == ("tracing.tolerance", 30, 27, "harder")
    assert change.reason == "2 successes in a row: harder (corridor half-width 30 → 27 play units)"
    assert not change.reversal and st.run == 0 and st.direction == 1
    st, change = A.step(st, False)
    assert change.reason == "a miss: easier (corridor half-width 27 → 30 play units)"
    assert change.reversal and st.reversals == (27,) and st.reversal_count == 1
    st, change = A.step(st, False)
    assert (change.new, change.reversal, st.reversals) == (33, False, (27,))
    assert (st.trials, st.successes) == (4, 2)


def test_larger_is_harder_for_catching_speed_and_tapping_tempo():
    st = A.start("tapping", 90)
    st, _ = A.step(st, True)
    st, change = A.step(st, True)
    assert change.reason == "2 successes in a row: harder (tempo 90 → 96 beats/min)"
    st, change = A.step(A.start("catching", 200), False)
    assert change.reason == "a miss: easier (falling speed 200 → 180 play units/s)"


def test_three_down_one_up_needs_three_successes_in_a_row():
    st = A.start("tracing", 30, rule="3down1up")
    changes = []
    for ok in (True, True, False, True, True, True):
        st, change = A.step(st, ok)
        changes.append(change and (change.old, change.new))
    assert changes == [None, None, (30, 33), None, None, (33, 30)]
    assert change.reason == "3 successes in a row: harder (corridor half-width 33 → 30 play units)"


def test_steps_stop_at_the_therapists_bounds_and_turns_there_count_as_reversals():
    st = A.start("tracing", 12, min_value=10, max_value=20)
    st, _ = A.step(st, True)
    st, change = A.step(st, True)
    assert (change.old, change.new) == (12, 10)
    assert change.reason == "2 successes in a row: harder (corridor half-width 12 → 10 play units, the hardest allowed)"
    for _ in range(2):
        st, change = A.step(st, True)
    assert change is None and st.value == 10 and st.direction == 1
    st, change = A.step(st, False)
    assert (change.new, change.reversal, st.reversals) == (13, True, (10,))
    st = A.start("tracing", 100, min_value=10, max_value=20)
    assert st.value == 20     # a start outside the bounds is pulled in


def test_estimate_is_the_mean_of_the_last_six_reversals_and_state_round_trips_as_json():
    st = A.start("tracing", 30, step=2)
    assert A.estimate(st) is None
    # up-down pattern: ss (harder) f (easier) repeated gives a turn at every move after the first
    for ok in [True, True, False] * 6 + [True, True]:
        st, _ = A.step(st, ok)
    assert st.reversal_count == 12
    assert st.reversals == (28, 30, 28, 30, 28, 30, 28, 30)    # the last 8 are kept
    assert A.estimate(st) == 29.0
    assert A.estimate(st, 3) == pytest.approx((30 + 28 + 30) / 3, abs=1e-6)
    again = A.Staircase.from_dict(json.loads(json.dumps(st.to_dict())))
    assert again == st


def test_check_settings_says_what_is_wrong_in_plain_words():
    assert A.check_settings("tracing", "2down1up", 3, 10, 80) == []
    assert A.check_settings("tracing", "1down1up", 0, 4, 80) == [
        "rule must be one of 2down1up, 3down1up (got '1down1up')",
        "step must be a number above 0 play units",
        "the lowest corridor half-width must be from 5 to 150 play units"]
    assert A.check_settings("tapping", "3down1up", 6, 120, 100) == [
        "the lowest tempo (120) must be below the highest (100)"]
    with pytest.raises(ValueError, match="from 30 to 2000"):
        A.start("catching", 200, max_value=5000)


# --- a simulated child ------------------------------------------------------------------------

def _p_success(game: str, value: float, v50: float, scale: float) -> float:
    """Logistic success curve, oriented so that harder (per DEFAULTS[game].harder) succeeds less."""
    return 1.0 / (1.0 + math.exp(A.DEFAULTS[game].harder * (value - v50) / scale))


def _simulate(rule: str, seed: int, *, game: str = "tracing", start: float = 60, v50: float = 40,
              scale: float = 8, attempts: int = 400, **bounds) -> dict:
    rng = np.random.default_rng(seed)
    st = A.start(game, start, rule=rule, **bounds)
    values, outcomes, settled_from = [], [], None
    for i in range(attempts):
        values.append(st.value)
        outcomes.append(bool(rng.random() < _p_success(game, st.value, v50, scale)))
        st, _ = A.step(st, outcomes[-1])
        if settled_from is None and st.reversal_count >= 2:
            settled_from = i + 1
    after = slice(settled_from, None)
    return {"rate": float(np.mean(outcomes[after])),
            "expected": float(np.mean([_p_success(game, v, v50, scale) for v in values[after]])),
            "values": values, "state": st}


@pytest.mark.parametrize("seed", range(6))
def test_two_down_one_up_settles_between_65_and_77_percent_success(seed):
    """Success rate over the attempts after the second reversal (the start-up run excluded):
    both the child's actual successes and the curve's expected p at the values played."""
    run = _simulate("2down1up", seed)
    assert 0.65 <= run["rate"] <= 0.77
    assert 0.65 <= run["expected"] <= 0.77
    assert all(10 <= v <= 80 for v in run["values"])
    # the staircase's own estimate sits near the curve's 70.7% point (40 + 8 ln(0.707/0.293) = 47.05)
    assert abs(A.estimate(run["state"]) - 47.05) < 8


def test_two_down_one_up_on_tempo_where_larger_is_harder():
    run = _simulate("2down1up", 7, game="tapping", start=60, v50=110, scale=10)
    assert 0.65 <= run["rate"] <= 0.77
    assert all(50 <= v <= 140 for v in run["values"])


@pytest.mark.parametrize("seed", range(6))
def test_three_down_one_up_settles_higher_near_79_percent(seed):
    three = _simulate("3down1up", seed)
    two = _simulate("2down1up", seed)
    assert 0.75 <= three["rate"] <= 0.84
    assert three["rate"] > two["rate"]


def test_tight_bounds_are_never_crossed_and_the_staircase_rests_on_them():
    # the 70.7% point (47) lies below the bounds: the staircase keeps pressing on the hardest one
    run = _simulate("2down1up", 3, start=70, min_value=55, max_value=61)
    assert set(run["values"]) <= {55, 58, 61}
    assert run["values"].count(55) > 200
    run = _simulate("2down1up", 3, start=20, min_value=14, max_value=16, step=3)
    assert set(run["values"]) <= {14, 16}


# --- levels at a value ----------------------------------------------------------------------

def _shipped(game: str, stem: str):
    return load_level(levels_dir(game) / f"{stem}.toml")


def test_adapted_tracing_level_validates_keeps_its_path_and_holds_exactly_the_value():
    pond = _shipped("tracing", "07_pond")
    out = A.adapted_level(pond, "tracing", 24)
    assert out.path == pond.path and level_ref(out.path) == "tracing/07_pond.toml"
    assert "tolerance = 24\n" in out.text
    again = parse_level(out.text, "again.toml")        # what `levels check` would say
    assert again.level.tracing.tolerance == 24 and again.sha256 == out.sha256 != pond.sha256
    assert again.level.tracing.model_copy(update={"tolerance": pond.level.tracing.tolerance}) == pond.level.tracing
    assert A.adapted_level(pond, "tracing", A.level_value(pond)) is pond   # the level's own value: untouched
    assert A.adapted_level(pond, "tracing", 500).level.tracing.tolerance == 150            # model's range
    assert A.adapted_level(pond, "tracing", 500, (10, 80)).level.tracing.tolerance == 80   # therapist's
    with pytest.raises(ValueError):
        A.adapted_level(pond, "tapping", 90)


def test_catching_random_schedule_sets_speed_and_drops_are_all_scaled():
    orchard = _shipped("catching", "02_orchard")
    assert A.level_value(orchard) == 180
    assert A.adapted_level(orchard, "catching", 240).level.catching.speed == 240
    apples = _shipped("catching", "01_apple_rain")      # six drops at 150
    fast = A.adapted_level(apples, "catching", 200)
    assert [d.speed for d in fast.level.catching.drops] == [200] * 6
    assert [(d.t, d.x) for d in fast.level.catching.drops] == [(d.t, d.x) for d in apples.level.catching.drops]
    mixed = parse_level('format = 1\ngame = "catching"\ntitle = "M"\n[catching]\ncatcher_width = 200\n'
                        'object_radius = 30\ndrops = [{t = 1.0, x = 300, speed = 100}, {t = 4.0, x = 900, '
                        'speed = 300}]\n', "m.toml")
    assert A.level_value(mixed) == 200 and A.level_range(mixed) == (60, 1333.3)
    out = A.adapted_level(mixed, "catching", 250)
    assert [d.speed for d in out.level.catching.drops] == [125, 375]
    assert [d.speed for d in A.adapted_level(mixed, "catching", 5000).level.catching.drops] == [666.6, 2000]


def test_tapping_tempo_stays_where_the_levels_window_and_count_in_allow():
    drum = _shipped("tapping", "01_left_drum")   # window_ms = 250: under 120 bpm; 2 count-in clicks in 3 s: 40+
    assert A.level_range(drum) == (40, 119.9)
    out = A.adapted_level(drum, "tapping", 130)
    assert out.level.tapping.tempo_bpm == 119.9 and parse_level(out.text, "x.toml").level.tapping.tempo_bpm == 119.9
    counted = parse_level('format = 1\ngame = "tapping"\ntitle = "C"\n[tapping]\npattern = "left"\n'
                          'tempo_bpm = 90\nbeats = 8\nlead_in_s = 2.0\ncount_in_beats = 2\n', "c.toml")
    assert A.level_range(counted) == (60, 149.9)
    assert A.adapted_level(counted, "tapping", 40).level.tapping.tempo_bpm == 60


def test_every_shipped_level_accepts_every_value_in_its_range():
    for game in A.DEFAULTS:
        for path in sorted(levels_dir(game).glob("*.toml")):
            loaded = load_level(path)
            lo, hi = A.level_range(loaded)
            for v in (lo, hi, A.DEFAULTS[game].min_value, A.DEFAULTS[game].max_value):
                out = A.adapted_level(loaded, game, v)
                assert A.level_value(out) == pytest.approx(A.played_value(loaded, v), abs=0.1), path


# --- against the records -------------------------------------------------------------------

def test_records_seed_from_the_first_level_step_and_record_changes(data_dir):
    db = Database.open(data_dir)
    try:
        kid = db.get_or_add_child("Ada")
        pond = _shipped("tracing", "07_pond")
        assert RA.level_to_play(db, kid.id, pond) == (pond, None)      # off until a therapist turns it on
        RA.configure(db, kid.id, "tracing", enabled=True, min_value=10, max_value=80)
        own = A.level_value(pond)
        loaded, value = RA.level_to_play(db, kid.id, pond)
        assert value == own and loaded is pond
        assert db.adaptive(kid.id, "tracing").state["value"] == own
        assert RA.after_attempt(db, kid.id, "tracing", value, None, 3, "abandoned") is None
        assert RA.after_attempt(db, kid.id, "tracing", value, None, 3, "finished") is None
        change = RA.after_attempt(db, kid.id, "tracing", value, None, 2, "finished")
        assert (change.old, change.new) == (own, own - 3)
        row = db.adaptive(kid.id, "tracing")
        assert row.value == own - 3 and row.state["trials"] == 2
        [rec] = db.adaptive_changes(kid.id, "tracing")
        assert (rec.field, rec.old_value, rec.new_value, rec.reason) == (
            "tracing.tolerance", own, own - 3, change.reason)
        assert RA.level_to_play(db, kid.id, pond)[0].level.tracing.tolerance == own - 3
        RA.configure(db, kid.id, "tracing", enabled=True, max_value=own - 10)   # tighter bounds pull it in
        assert db.adaptive(kid.id, "tracing").state["value"] == own - 10
        RA.configure(db, kid.id, "tracing", enabled=False)
        assert RA.level_to_play(db, kid.id, pond) == (pond, None)
        RA.restart(db, kid.id, "tracing")
        assert db.adaptive(kid.id, "tracing").state == {}
    finally:
        db.close()


TRACE_LEVEL = """format = 1
game = "tracing"
title = "Three tries"
attempts = 3

[tracing]
strokes = [[[340, 360], [940, 360]]]
tolerance = 30
"""


def _rows(db: Database, name: str) -> list[dict]:
    return sorted(db.attempts(name), key=lambda r: r.id)


def test_headless_play_moves_the_staircase_between_tries_and_records_why(tmp_path, data_dir):
    from game.games.tracing.demo import demo_trace
    from game.headless import play_headless

    path = tmp_path / "three.toml"
    path.write_text(TRACE_LEVEL, encoding="utf-8")
    loaded = load_level(path)
    events = demo_trace(loaded)                     # a perfect trace: 3 stars, a success every time
    db = Database.open(data_dir)
    try:
        kid = db.get_or_add_child("Ben")
        RA.configure(db, kid.id, "tracing", enabled=True, rule="2down1up", step=3, min_value=10, max_value=80)
        assert play_headless(db, kid, loaded, events) == 3
        assert play_headless(db, kid, loaded, events) == 3       # "again": the next scene
        rows = _rows(db, "Ben")
        changes = db.adaptive_changes(kid.id, "tracing")
    finally:
        db.close()
    played = [parse_level(r.level_text, "x").level.tracing.tolerance for r in rows]
    assert [r.stars for r in rows] == [3] * 6 and {r.status for r in rows} == {"finished"}
    assert played == [30, 30, 27, 27, 24, 24]
    assert {r.level_path for r in rows} == {level_ref(path)}
    assert rows[0].level_text == TRACE_LEVEL           # the level's own value: recorded as written
    assert [(c.attempt_id, c.old_value, c.new_value, c.reason) for c in changes] == [
        (rows[1].id, 30, 27, "2 successes in a row: harder (corridor half-width 30 → 27 play units)"),
        (rows[3].id, 27, 24, "2 successes in a row: harder (corridor half-width 27 → 24 play units)"),
        (rows[5].id, 24, 21, "2 successes in a row: harder (corridor half-width 24 → 21 play units)")]


def test_headless_catching_misses_make_drops_slower_for_the_next_try(tmp_path, data_dir):
    from game.headless import play_headless

    path = tmp_path / "drops.toml"
    path.write_text('format = 1\ngame = "catching"\ntitle = "Two"\nattempts = 2\n\n[catching]\n'
                    'catcher_width = 120\nobject_radius = 30\ndrops = [{t = 0.5, x = 100, speed = 400}, '
                    '{t = 1.0, x = 1180, speed = 400}]\n', encoding="utf-8")
    loaded = load_level(path)
    events = [Event(0.1, "move", x=640.0, y=650.0)]       # stays in the middle: catches nothing
    db = Database.open(data_dir)
    try:
        kid = db.get_or_add_child("Cy")
        RA.configure(db, kid.id, "catching", enabled=True, step=20, min_value=80, max_value=600)
        assert play_headless(db, kid, loaded, events) == 2
        rows = _rows(db, "Cy")
        changes = db.adaptive_changes(kid.id, "catching")
    finally:
        db.close()
    assert [r.stars for r in rows] == [1, 1]
    speeds = [[d.speed for d in parse_level(r.level_text, "x").level.catching.drops] for r in rows]
    assert speeds == [[400, 400], [380, 380]]
    assert [(c.field, c.old_value, c.new_value, c.reason) for c in changes] == [
        ("catching.speed", 400, 380, "a miss: easier (falling speed 400 → 380 play units/s)"),
        ("catching.speed", 380, 360, "a miss: easier (falling speed 380 → 360 play units/s)")]
