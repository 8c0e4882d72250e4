"""Tapping level files: every mistake names its field; fuzzed files never crash the loader."""
import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.events import Event
from game.games.tapping.metrics import tapping_metrics
from game.levels.loader import LevelError, check_level, parse_level
from game.paths import levels_dir

BASE = {"pattern": "alternate", "tempo_bpm": 90, "beats": 16, "continuation_beats": 0, "lead_in_s": 2.0,
        "window_ms": 200}


def toml_value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return "nan" if math.isnan(v) else ("inf" if v == math.inf else ("-inf" if v == -math.inf else repr(v)))
    if isinstance(v, int):
        return str(v)
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    return json.dumps(v)


def level_text(fields: dict, top: str = 'format = 1\ngame = "tapping"\ntitle = "t"\n') -> str:
    return top + "[tapping]\n" + "".join(f"{k} = {toml_value(v)}\n" for k, v in fields.items())


def problems(**changes):
    fields = {**BASE, **changes}
    fields = {k: v for k, v in fields.items() if v is not None}
    with pytest.raises(LevelError) as err:
        parse_level(level_text(fields), "lv.toml")
    return [(p.field, p.message) for p in err.value.problems]


def test_shipped_tapping_levels_are_valid_and_at_least_ten():
    files = sorted(levels_dir("tapping").glob("*.toml"))
    assert len(files) >= 10
    assert [p for f in files for p in check_level(f)] == []


def test_contract_example_loads_with_defaults():
    loaded = parse_level(level_text({"pattern": "alternate", "tempo_bpm": 90, "beats": 16}), "lv.toml")
    spec = loaded.level.tapping
    assert (spec.continuation_beats, spec.lead_in_s, spec.window_ms) == (0, 2.0, 200.0)
    assert spec.metronome_sound and spec.metronome_visual and spec.cue_ahead and spec.count_in_beats == 0


@pytest.mark.parametrize("changes, field, words", [
    ({"window_ms": 400}, "tapping.window_ms", "less than half the time between beats"),
    ({"pattern": "LXR"}, "tapping.pattern", "'X'"),
    ({"pattern": "lr"}, "tapping.pattern", "capital letters"),
    ({"pattern": "---"}, "tapping.pattern", "all rests"),
    ({"tempo_bpm": "fast"}, "tapping.tempo_bpm", "must be a number"),
    ({"tempo_bpm": 250}, "tapping.tempo_bpm", "at most 180"),
    ({"beats": 2.5}, "tapping.beats", "whole number"),
    ({"beats": None}, "tapping.beats", "required"),
    ({"tempo": 90}, "tapping.tempo", "unknown field"),
    ({"count_in_beats": 8}, "tapping.count_in_beats", "lead_in_s"),
    ({"metronome_sound": "yes"}, "tapping.metronome_sound", "true or false"),
    ({"lead_in_s": 0.1}, "tapping.lead_in_s", "at least 0.5"),
])
def test_loader_errors_name_the_field(changes, field, words):
    found = problems(**changes)
    assert any(f == field and words in msg for f, msg in found), found


def test_a_pattern_whose_beats_are_all_rests_names_beats():
    found = problems(pattern="-L", beats=1)
    assert found[0][0] == "tapping.beats"


VALUES = st.one_of(st.integers(-10**6, 10**6), st.floats(allow_nan=True, allow_infinity=True), st.booleans(),
                   st.text(max_size=70), st.sampled_from(["alternate", "both", "left", "right", "LLRR", "LRB-", "-"]),
                   st.lists(st.integers(0, 3), max_size=3))
KEYS = st.sampled_from([*BASE, "count_in_beats", "metronome_sound", "metronome_visual", "cue_ahead", "bogus"])


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(KEYS, VALUES, max_size=10), st.sampled_from([None, *BASE]))
def test_fuzzed_tapping_levels_load_or_fail_with_named_fields(fields, drop):
    fields = {**BASE, **fields}
    if drop is not None:
        fields.pop(drop, None)
    try:
        loaded = parse_level(level_text(fields), "fz.toml")
    except LevelError as exc:
        assert exc.problems
        for p in exc.problems:
            assert p.file == "fz.toml"
            assert p.field.startswith("tapping") or p.field == "", p
            assert p.message
        return
    spec = loaded.level.tapping
    assert spec.window_ms < 30000 / spec.tempo_bpm
    # a valid level scores any taps: every kept tap is exactly one of hit, wrong-hand, extra
    events = [Event(round(spec.lead_in_s + k * 0.37, 6), "tap", side="left" if k % 3 else "right") for k in range(12)]
    m = tapping_metrics(spec, events)
    assert m["hits"] + m["misses"] == m["expected_taps"] > 0
    assert m["hits"] + m["wrong_hand"] + m["extra_taps"] <= len(events)
    assert 0.0 <= m["accuracy_pct"] <= 100.0
