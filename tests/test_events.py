"""Events files: exact round trip, and a clear one-line error for anything broken."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.errors import UserError
from game.events import Event, events_to_jsonl, parse_events, read_events


def test_round_trip_is_exact():
    events = [Event(0.512, "down", x=200.0, y=361.5), Event(0.5203, "move", x=201.25, y=361.0, id=2),
              Event(0.6, "up", x=202.0, y=360.0), Event(2.003, "tap", side="left"),
              Event(2.1, "key", key="right", pressed=True)]
    text = events_to_jsonl(events)
    assert parse_events(text, "e.jsonl") == events
    assert json.loads(text.splitlines()[0]) == {"t": 0.512, "type": "down", "x": 200.0, "y": 361.5}


def test_times_are_kept_to_the_microsecond():
    (ev,) = parse_events('{"t": 0.1234567891, "type": "tap", "side": "right"}', "e")
    assert ev.t == 0.123457


@pytest.mark.parametrize("line, message", [
    ('{"t": 1, "type": "down", "x": 1}', 'e.jsonl:2: "y" must be a finite number (got null)'),
    ('{"t": 1, "type": "jump"}', 'e.jsonl:2: "type" must be one of down, move, up, tap, key (got "jump")'),
    ('{"t": -1, "type": "tap", "side": "left"}', 'e.jsonl:2: "t" must be 0 or more seconds from the attempt start'),
    ('{"t": 0.1, "type": "tap", "side": "left"}', 'e.jsonl:2: "t" goes back in time (0.1 after 0.5)'),
    ('{"t": 1, "type": "tap", "side": "middle"}', 'e.jsonl:2: "side" must be "left" or "right" (got "middle")'),
    ('{"t": 1, "type": "down", "x": 1, "y": NaN}', 'e.jsonl:2: "y" must be a finite number (got NaN)'),
    ('{"t": 1, "type": "up", "x": 1, "y": 2, "z": 3}', 'e.jsonl:2: unknown field "z" for a up event'),
    ('[1, 2]', "e.jsonl:2: each line must be a JSON object"),
    ('{"t": 1, "type": "move", "x": 1e300, "y": 2}', 'e.jsonl:2: "x" is 1e+300 play units, far off the 1280x720 canvas'),
    ('{"t": 1, "type": "down", "x": 1, ', "e.jsonl:2: not valid JSON"),
])
def test_errors_name_file_line_and_field(line: str, message: str):
    text = '{"t": 0.5, "type": "tap", "side": "left"}\n' + line + "\n"
    with pytest.raises(UserError) as err:
        parse_events(text, "e.jsonl")
    assert str(err.value).startswith(message), str(err.value)
    assert "\n" not in str(err.value)


def test_unreadable_files(tmp_path: Path):
    with pytest.raises(UserError, match="events file not found"):
        read_events(tmp_path / "missing.jsonl")
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(b'{"t": 0, "type": "tap", "side": "left"}\n\xff\xff')
    with pytest.raises(UserError, match="not UTF-8"):
        read_events(bad)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(
    st.text(max_size=60),
    st.dictionaries(st.sampled_from(["t", "type", "x", "y", "side", "id", "key", "pressed", "q"]),
                    st.one_of(st.none(), st.booleans(), st.integers(-5, 10**12), st.floats(), st.text(max_size=6),
                              st.sampled_from(["down", "move", "up", "tap", "key", "left", "right"])),
                    max_size=6).map(lambda d: json.dumps(d))), max_size=8))
def test_fuzz_reader_never_crashes(lines: list[str]):
    try:
        events = parse_events("\n".join(lines), "fuzz.jsonl")
    except UserError as exc:
        assert str(exc).startswith("fuzz.jsonl:") and "\n" not in str(exc)
    else:
        assert all(isinstance(e, Event) for e in events)
        assert [e.t for e in events] == sorted(e.t for e in events)
