"""Catching level files: the shipped progression loads, and every mistake names its field."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.games import GAMES
from game.games.catching.level import catching_difficulty, max_in_flight
from game.games.catching.rules import schedule
from game.levels.loader import LevelError, discover, parse_level
from game.paths import levels_dir

HEAD = 'format = 1\ngame = "catching"\ntitle = "T"\n\n[catching]\n'
GOOD = HEAD + "catcher_width = 180\nobject_radius = 28\ndrops = [{t = 1.0, x = 300, speed = 240}]\n"
RANDOM = HEAD + "catcher_width = 180\nobject_radius = 28\ncount = 12\nspawn_interval_s = 1.5\nspeed = 240\nseed = 7\n"


def problems(text: str) -> list[str]:
    with pytest.raises(LevelError) as err:
        parse_level(text, "lvl.toml")
    return [str(p) for p in err.value.problems]


def test_the_contract_examples_load():
    assert parse_level(GOOD, "a.toml").level.catching.drops[0].speed == 240.0
    spec = parse_level(RANDOM, "b.toml").level.catching
    assert (spec.count, spec.seed, spec.trajectory, spec.catcher_speed) == (12, 7, "fall", 700.0)


def test_at_least_ten_shipped_levels_all_valid_and_in_a_progression():
    entries = discover(levels_dir("catching"))
    assert len(entries) >= 10
    assert all(e.loaded is not None for e in entries), [e.problems for e in entries if e.loaded is None]
    specs = [e.loaded.level.catching for e in entries]
    first, last = specs[0], specs[-1]
    assert first.catcher_width > last.catcher_width
    assert max_in_flight(schedule(first)) == 1
    assert {s.trajectory for s in specs} == {"fall", "diagonal", "arc", "bounce"}
    assert any(s.side == "cross" for s in specs) and any(s.distractors for s in specs)
    assert any(max_in_flight(schedule(s)) >= 3 for s in specs)
    for e in entries:
        assert set(catching_difficulty(e.loaded.level)) == set(GAMES["catching"].difficulty_fields)


def test_unknown_key_is_named_with_the_allowed_keys():
    got = problems(GOOD.replace("catcher_width", "basket_width"))
    assert any(p.startswith('lvl.toml: catching.basket_width: unknown field "basket_width"; allowed: catcher_width')
               for p in got), got
    assert any(p.startswith("lvl.toml: catching.catcher_width: is required but missing") for p in got), got


def test_unknown_key_inside_a_drop_is_named_by_index():
    got = problems(GOOD.replace("speed = 240}", "speed = 240, colour = 3}"))
    assert got[0].startswith('lvl.toml: catching.drops[0].colour: unknown field "colour"'), got


def test_out_of_range_names_the_field_and_what_is_allowed():
    got = problems(GOOD.replace("catcher_width = 180", "catcher_width = 1000"))
    assert got == ["lvl.toml: catching.catcher_width: must be at most 640 (got 1000); allowed: width of the "
                   "basket, play units, from 40 to 640"]
    got = problems(GOOD.replace("speed = 240", "speed = -3"))
    assert got[0].startswith("lvl.toml: catching.drops[0].speed: must be at least 30 (got -3)"), got


def test_both_drops_and_a_random_schedule_is_refused():
    got = problems(GOOD + "count = 5\n")
    assert got == ["lvl.toml: catching.count: give either drops or a random schedule (count, spawn_interval_s, "
                   "speed, seed), not both"]


def test_neither_drops_nor_a_random_schedule_is_refused():
    got = problems(HEAD + "catcher_width = 180\nobject_radius = 28\n")
    assert got[0].startswith("lvl.toml: catching: give either drops"), got


def test_a_random_schedule_needs_all_four_fields():
    got = problems(RANDOM.replace("seed = 7\n", ""))
    assert got == ["lvl.toml: catching.seed: is required for a random schedule (count, spawn_interval_s, speed "
                   "and seed go together)"]


def test_random_only_fields_with_drops_and_to_x_with_fall_are_named():
    got = problems(GOOD + 'side = "left"\n')
    assert got[0].startswith("lvl.toml: catching.side: only applies to a random schedule"), got
    got = problems(GOOD.replace("speed = 240}", "speed = 240, to_x = 500}"))
    assert got[0].startswith("lvl.toml: catching.drops[0].to_x: only applies to diagonal, arc and bounce"), got
    got = problems(GOOD.replace("x = 300", "x = 10"))
    assert got[0].startswith("lvl.toml: catching.drops[0].x: 10 puts the object partly off the screen"), got


def test_wrong_types_are_named():
    assert problems(GOOD.replace("speed = 240", 'speed = "fast"'))[0].startswith(
        "lvl.toml: catching.drops[0].speed: must be a number")
    assert problems(RANDOM.replace("seed = 7", "seed = 7.5"))[0].startswith("lvl.toml: catching.seed: must be a whole")
    assert problems(RANDOM + 'trajectory = "zigzag"\n')[0].startswith("lvl.toml: catching.trajectory: must be")


_values = st.one_of(st.integers(-10**6, 10**6), st.floats(allow_nan=True, allow_infinity=True), st.booleans(),
                    st.text(max_size=8), st.lists(st.integers(-5, 2000), max_size=3),
                    st.just([{"t": 1.0, "x": 300, "speed": 240}]), st.just({"t": 1}))
_keys = st.sampled_from(["catcher_width", "object_radius", "drops", "count", "spawn_interval_s", "speed", "seed",
                         "first_drop_s", "side", "max_in_flight", "distractors", "trajectory", "catcher_speed",
                         "to_x", "junk"])


def _toml_value(v) -> str:
    import json
    import math

    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return "nan" if math.isnan(v) else ("inf" if v == math.inf else ("-inf" if v == -math.inf else repr(v)))
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k} = {_toml_value(x)}" for k, x in v.items()) + "}"
    if isinstance(v, list):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    return json.dumps(v)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(_keys, _values, max_size=8))
def test_fuzzed_catching_levels_never_raise_anything_but_level_error(table):
    text = HEAD + "".join(f"{k} = {_toml_value(v)}\n" for k, v in table.items())
    try:
        loaded = parse_level(text, "fuzz.toml")
    except LevelError as exc:
        assert exc.problems and all(p.file == "fuzz.toml" for p in exc.problems)
        return
    flights = schedule(loaded.level.catching)   # a valid level always has a playable schedule
    assert flights and all(f.speed > 0 for f in flights)
    GAMES["catching"].score(loaded, [])


def test_an_attempt_longer_than_ten_minutes_is_refused():
    got = problems(RANDOM.replace("count = 12", "count = 100").replace("spawn_interval_s = 1.5", "spawn_interval_s = 30"))
    assert got[0].startswith("lvl.toml: catching.spawn_interval_s: the last object reaches the basket at"), got


@settings(max_examples=200, deadline=None)
@given(count=st.integers(1, 100), interval=st.floats(0.3, 30), speed=st.floats(30, 2000), seed=st.integers(0, 2**31 - 1),
       side=st.sampled_from(["both", "left", "right", "cross"]),
       trajectory=st.sampled_from(["fall", "diagonal", "arc", "bounce"]), radius=st.floats(10, 80),
       distractors=st.floats(0, 0.9), most=st.integers(1, 8))
def test_fuzzed_random_schedules_are_valid_or_refused_by_field(count, interval, speed, seed, side, trajectory,
                                                               radius, distractors, most):
    text = (HEAD + f"catcher_width = 180\nobject_radius = {radius!r}\ncount = {count}\nspawn_interval_s = "
            f"{interval!r}\nspeed = {speed!r}\nseed = {seed}\nside = \"{side}\"\ntrajectory = \"{trajectory}\"\n"
            f"distractors = {distractors!r}\nmax_in_flight = {most}\n")
    try:
        loaded = parse_level(text, "fuzz.toml")
    except LevelError as exc:
        assert [p.field for p in exc.problems] == ["catching.spawn_interval_s"]
        return
    flights = schedule(loaded.level.catching)
    assert len(flights) == count
    assert all(radius <= f.to_x <= 1280 - radius and radius <= f.x <= 1280 - radius for f in flights)
    assert max_in_flight(flights) <= most
    GAMES["catching"].score(loaded, [])
