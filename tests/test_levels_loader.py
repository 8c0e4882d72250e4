"""The level file is the therapist's interface: every mistake is named by file and field."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.games import GAMES
from game.levels.loader import LevelError, check_level, discover, parse_level
from game.paths import levels_dir
from tests.builders import LINE_LEVEL, run_cli, write_level

HEAD = 'format = 1\ngame = "tracing"\ntitle = "T"\n\n[tracing]\n'


def problems(text: str) -> list[str]:
    with pytest.raises(LevelError) as err:
        parse_level(text, "lvl.toml")
    return [str(p) for p in err.value.problems]


def test_valid_line_level_loads_with_its_text_and_hash():
    loaded = parse_level(LINE_LEVEL, "line.toml")
    assert loaded.game == "tracing"
    assert loaded.level.tracing.tolerance == 30.0
    assert loaded.text == LINE_LEVEL
    assert len(loaded.sha256) == 64
    assert loaded.level.template[0].tolist() == [[200.0, 360.0], [1080.0, 360.0]]


def test_unknown_key_is_named_as_written_with_the_allowed_keys():
    got = problems(HEAD + "tolerence = 30\nstrokes = [[[200, 360], [1080, 360]]]\n")
    assert any(p.startswith('lvl.toml: tracing.tolerence: unknown field "tolerence"') for p in got), got
    assert any("allowed: tolerance, strokes" in p for p in got)
    assert any(p.startswith("lvl.toml: tracing.tolerance: is required but missing") for p in got)


def test_every_problem_is_reported_not_just_the_first():
    got = problems('format = 2\ngame = "tracing"\ntitle = ""\nattempts = 0\n\n[tracing]\ntolerance = 500\n'
                   'strokes = [[[200, 360], [1080, 360]]]\nguide = "fade"\n')
    fields = {p.split(": ")[1] for p in got}
    assert {"format", "title", "attempts", "tracing.tolerance", "tracing.guide"} <= fields, got


def test_out_of_range_says_what_is_allowed():
    (line,) = problems(HEAD + "tolerance = 2\nstrokes = [[[200, 360], [1080, 360]]]\n")
    assert line == ("lvl.toml: tracing.tolerance: must be at least 5 (got 2); "
                    "allowed: corridor half-width in play units, from 5 to 150")


@pytest.mark.parametrize("value, expect", [
    ('"30"', "must be a number"), ("true", "must be a number"), ("nan", "must be a finite number"),
    ("inf", "must be a finite number")])
def test_numbers_are_strict(value: str, expect: str):
    (line,) = problems(HEAD + f"tolerance = {value}\nstrokes = [[[200, 360], [1080, 360]]]\n")
    assert line.startswith(f"lvl.toml: tracing.tolerance: {expect}"), line


def test_point_off_canvas_is_named_by_index():
    (line,) = problems(HEAD + "tolerance = 30\nstrokes = [[[200, 360], [1300, 360]]]\n")
    assert line.startswith("lvl.toml: tracing.strokes[0][1]: point [1300, 360] is off the canvas")


def test_stroke_needs_two_points():
    got = problems(HEAD + "tolerance = 30\nstrokes = [[[200, 360]]]\n")
    assert got == ["lvl.toml: tracing.strokes[0]: a stroke needs at least 2 points (got [[200, 360]]); allowed: "
                   "a list of 1 to 50 strokes; each is a list of [x, y] points (2 to 2,000, at most 5,000 in all) on "
                   "the 1280x720 canvas, traced in order"]
    (line,) = problems(HEAD + "tolerance = 30\nstrokes = [[[200, 360, 5], [1080, 360]]]\n")
    assert line.startswith("lvl.toml: tracing.strokes[0][0]: must be a point [x, y], two numbers (got [200, 360, 5])")


def test_exactly_one_source_of_strokes():
    (line,) = problems(HEAD + 'tolerance = 30\nshape = "circle"\nstrokes = [[[200, 360], [1080, 360]]]\n')
    assert line == "lvl.toml: tracing: give exactly one of strokes, shape or text (got strokes, shape)"
    (line,) = problems(HEAD + "tolerance = 30\n")
    assert line == "lvl.toml: tracing: give exactly one of strokes, shape or text (got none of them)"


def test_generated_shape_off_canvas_names_size():
    (line,) = problems(HEAD + 'tolerance = 30\nshape = "circle"\nsize = 900\n')
    assert line.startswith("lvl.toml: tracing.size: the shape reaches from [190, -90] to [1090, 810]")


def test_shape_fields_only_with_shape_and_text_only_letters():
    (line,) = problems(HEAD + 'tolerance = 30\ntext = "ab"\nturns = 3\n')
    assert line == "lvl.toml: tracing.turns: only applies with shape"
    (line,) = problems(HEAD + 'tolerance = 30\ntext = "a!"\n')
    assert line.startswith("lvl.toml: tracing.text: cannot draw '!'")


def test_bad_toml_and_unknown_game():
    (line,) = problems("format = 1\ngame = \n")
    assert line.startswith("lvl.toml: not valid TOML: ")
    (line,) = problems('format = 1\ngame = "tracng"\ntitle = "x"\n')
    assert line.startswith('lvl.toml: game: unknown game "tracng"; allowed: "tracing"')


def test_missing_and_binary_files(tmp_path: Path):
    assert [str(p) for p in check_level(tmp_path / "nope.toml")] == [f"{tmp_path / 'nope.toml'}: level file not found"]
    bad = tmp_path / "bin.toml"
    bad.write_bytes(b"\xff\xfe\x00format")
    assert "is not UTF-8 text" in str(check_level(bad)[0])


def test_all_shipped_levels_are_valid_and_there_are_enough():
    for game in GAMES:
        folder = levels_dir(game)
        if not folder.is_dir():
            continue
        entries = discover(folder)
        assert entries, game
        assert all(e.loaded is not None for e in entries), [str(p) for e in entries for p in e.problems]
    tracing = discover(levels_dir("tracing"))
    assert len(tracing) >= 15
    tolerances = [e.loaded.level.tracing.tolerance for e in tracing]
    assert tolerances == sorted(tolerances, reverse=True), "tolerance shrinks along the progression"


def test_discover_keeps_a_broken_level_with_its_reason(tmp_path: Path):
    write_level(tmp_path / "a_good.toml")
    write_level(tmp_path / "b_bad.toml", HEAD + "tolerance = -1\nstrokes = [[[200, 360], [1080, 360]]]\n")
    good, bad = discover(tmp_path)
    assert good.loaded is not None and not good.problems
    assert bad.loaded is None and bad.problems[0].field == "tracing.tolerance"


def test_levels_check_cli_prints_one_line_per_problem(tmp_path: Path):
    write_level(tmp_path / "ok.toml")
    bad = write_level(tmp_path / "bad.toml", HEAD + "tolerence = 30\nguide = 3\nstrokes = [[[200, 360], [1080, 360]]]\n")
    res = run_cli("levels", "check", str(tmp_path))
    assert res.returncode == 1
    lines = res.stdout.strip().splitlines()
    assert len(lines) == 3 and all(line.startswith(f"{bad}: ") for line in lines), res.stdout
    assert "Traceback" not in res.stderr
    ok = run_cli("levels", "check")
    assert ok.returncode == 0, ok.stdout
    assert ok.stdout == ""


def test_levels_schema_is_json_schema_with_the_fields():
    res = run_cli("levels", "schema")
    assert res.returncode == 0
    schema = json.loads(res.stdout)
    tracing = next(v for v in schema["oneOf"] if v["properties"]["game"].get("const") == "tracing")
    assert "tolerance" in json.dumps(tracing)
    assert tracing["additionalProperties"] is False


toml_scalars = st.one_of(st.integers(-10**6, 10**6), st.floats(allow_nan=True), st.text(max_size=8), st.booleans())
toml_values = st.recursive(toml_scalars, lambda inner: st.lists(inner, max_size=4), max_leaves=12)
keys = st.sampled_from(["tolerance", "strokes", "shape", "text", "size", "center", "guide", "time_limit_s",
                        "turns", "cycles", "height", "clockwise", "tolerence", "x"])


def _toml_value(v: object) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return "nan" if v != v else ("inf" if v == float("inf") else "-inf" if v == float("-inf") else repr(v))
    if isinstance(v, (int,)):
        return str(v)
    if isinstance(v, str):
        return json.dumps(v)
    return "[" + ", ".join(_toml_value(x) for x in v) + "]"  # type: ignore[union-attr]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(keys, toml_values, max_size=6))
def test_fuzz_loader_never_crashes(table: dict):
    text = HEAD + "".join(f"{k} = {_toml_value(v)}\n" for k, v in table.items())
    try:
        loaded = parse_level(text, "fuzz.toml")
    except LevelError as exc:
        assert exc.problems and all(str(p).startswith("fuzz.toml: ") for p in exc.problems)
        assert all("\n" not in str(p) for p in exc.problems)
    else:
        assert loaded.level.template and all(len(s) >= 2 for s in loaded.level.template)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_fuzz_loader_with_arbitrary_text(text: str):
    try:
        parse_level(text, "fuzz.toml")
    except LevelError as exc:
        assert str(exc).startswith("fuzz.toml")
