"""Fuzzing: hostile level, events and settings files never crash, hang or garble MotorPlay.

The contract (game/cli.py): `levels check`, `score`, `play --headless` and `screenshot` either
succeed (exit 0; `levels check` exits 1 with one line per problem) or refuse with exit 2 and
one line on stderr. Never "something went wrong inside MotorPlay", never a traceback, never
past the time budget (5 s per file; in-process here with some slack for a busy CI machine).

The cheap commands run in-process under hypothesis (mutations of the shipped levels and of
valid events: see tests/hostile_inputs.py); `play --headless` and `screenshot` run as real
subprocesses on a handful of explicit cases. The long version, thousands of files through the
real CLI: benchmarks/fuzz_long.py.

Scale with MOTORPLAY_FUZZ_SCALE (default 1: about two minutes on two cores).
"""
from __future__ import annotations

import contextlib
import io
import json
import os
import random
import signal
import time
import traceback
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests import hostile_inputs as H

SCALE = float(os.environ.get("MOTORPLAY_FUZZ_SCALE", "1"))
# In-process budget per call: the product's 5 s, doubled for a shared CI machine.
BUDGET_S = float(os.environ.get("MOTORPLAY_FUZZ_BUDGET_S", str(2 * H.BUDGET_S)))
# Address space a single call may add (the budget is 500 MB resident; virtual memory runs larger).
EXTRA_MB = float(os.environ.get("MOTORPLAY_FUZZ_EXTRA_MB", "1000"))
LEVELS = H.shipped_levels()
FOLDERS = ("own", "own", "own", "other", "elsewhere")


# Shrinking a case that takes seconds can take many minutes; the cases are seeded, so the
# falsifying example (mutators and seed) reproduces as it is. MOTORPLAY_FUZZ_SHRINK=1 shrinks.
PHASES = [Phase.explicit, Phase.reuse, Phase.generate] + ([Phase.shrink] if os.environ.get("MOTORPLAY_FUZZ_SHRINK") else [])


def fuzz_settings(examples: int):
    return settings(max_examples=max(1, int(examples * SCALE)), deadline=None, phases=PHASES,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture])


# ----------------------------------------------------------------------------- in-process calls, guarded

class Hung(BaseException):
    """Raised by the alarm when a call runs past its budget (a BaseException: the CLI must not swallow it)."""


def _vm_bytes() -> int | None:
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, AttributeError):
        return None


@contextlib.contextmanager
def guarded(budget_s: float = BUDGET_S, extra_mb: float = EXTRA_MB):
    """A wall-clock alarm and an address-space cap around one in-process call (Unix main thread only)."""
    use_alarm = hasattr(signal, "setitimer") and _on_main_thread()
    old_handler = None
    if use_alarm:
        def on_alarm(signum, frame):
            raise Hung(f"over {budget_s:g} s")

        old_handler = signal.signal(signal.SIGALRM, on_alarm)
        # Again every half second: an alarm that lands in a gc callback or a __del__ is swallowed there.
        signal.setitimer(signal.ITIMER_REAL, budget_s, 0.5)
    limits = None
    try:
        import resource

        vm = _vm_bytes()
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if vm is not None:
            cap = vm + int(extra_mb * 2**20)
            if hard == resource.RLIM_INFINITY or cap < hard:
                resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
                limits = (soft, hard)
    except (ImportError, ValueError, OSError):
        pass
    try:
        yield
    finally:
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old_handler)
        if limits is not None:
            import resource

            resource.setrlimit(resource.RLIMIT_AS, limits)


def _on_main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


class Call:
    """One in-process `motorplay ARGS`: exit code, output, time, and the exception behind a crash."""

    def __init__(self, argv: list[str]):
        from game import cli

        self.argv = argv
        self.crash: BaseException | None = None
        self.hung = False
        original = cli._report_crash

        def spy(exc: BaseException) -> int:
            self.crash = exc
            return original(exc)

        out, err = io.StringIO(), io.StringIO()
        start = time.monotonic()
        with mock.patch.object(cli, "_report_crash", spy), contextlib.redirect_stdout(out), \
                contextlib.redirect_stderr(err):
            try:
                with guarded():
                    self.rc: int | None = cli.main(argv)
            except Hung:
                self.rc, self.hung = None, True
            except SystemExit as exc:  # argparse
                self.rc = exc.code if isinstance(exc.code, int) else 2
        self.seconds = time.monotonic() - start
        self.stdout, self.stderr = out.getvalue(), err.getvalue()

    def explain(self) -> str:
        tb = ""
        if self.crash is not None:
            tb = "".join(traceback.format_exception(self.crash)[-6:])
        return (f"motorplay {' '.join(a if len(a) < 80 else a[:77] + '...' for a in self.argv)}\n"
                f"exit {self.rc} after {self.seconds:.2f} s{' (HUNG)' if self.hung else ''}\n"
                f"stderr: {self.stderr[:600]!r}\nstdout: {self.stdout[:300]!r}\n{tb}")


def assert_contract(command: str, argv: list[str], what: str, paths: tuple[str, ...] = ()) -> Call:
    call = Call(argv)
    verdict = H.judge(command, call.rc, call.stdout, call.stderr, hung=call.hung, paths=paths,
                      crash_log="".join(traceback.format_exception(call.crash)) if call.crash else "")
    assert not verdict.defects, f"{what}\n{verdict.defects}\n{call.explain()}"
    return call


@pytest.fixture(scope="module")
def work(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("fuzz")
    for name in (*H.GAME_NAMES, "elsewhere"):
        (root / name).mkdir()
    return root


def write_level(work: Path, case: H.LevelCase) -> Path:
    path = work / case.folder / "case.toml"
    path.write_bytes(case.data)
    return path


def write_events(work: Path, text: str, name: str = "events.jsonl") -> Path:
    path = work / name
    path.write_bytes(H.to_bytes(text))
    return path


def valid_events_file(work: Path, level: Path, seed: int = 0) -> Path:
    return write_events(work, H.make_events_case(level, [], seed).text, "valid.jsonl")


# ----------------------------------------------------------------------------- hypothesis: mutated files

level_steps = st.lists(st.sampled_from(sorted(H.LEVEL_MUTATORS)), min_size=1, max_size=3)
event_steps = st.lists(st.sampled_from(sorted(set(H.EVENT_MUTATORS) | set(H.EVENT_TEXT_MUTATORS))), min_size=1,
                       max_size=3)
settings_steps = st.lists(st.sampled_from(sorted(H.SETTINGS_MUTATORS)), min_size=1, max_size=3)
seeds = st.integers(0, 2**32 - 1)


@fuzz_settings(1500)
@given(base=st.sampled_from(LEVELS), steps=level_steps, seed=seeds, folder=st.sampled_from(FOLDERS))
def test_levels_check_keeps_the_contract_on_mutated_levels(work, base, steps, seed, folder):
    case = H.make_level_case(base, steps, seed, folder)
    path = write_level(work, case)
    assert_contract("levels-check", ["levels", "check", str(path)], case.describe(), paths=(str(path),))


@fuzz_settings(800)
@given(base=st.sampled_from(LEVELS), steps=level_steps, seed=seeds)
def test_score_keeps_the_contract_on_mutated_levels(work, base, steps, seed):
    case = H.make_level_case(base, steps, seed, "elsewhere")
    path = write_level(work, case)
    events = valid_events_file(work, base, seed)
    assert_contract("score", ["score", str(path), str(events)], case.describe(), paths=(str(path), str(events)))


SCORE_OPTIONS = st.sampled_from([[], [], [], ["--audio-latency-ms", "nan"], ["--audio-latency-ms", "-0"],
                                 ["--audio-latency-ms", "1e308"], ["--stopped-at-s", "inf"], ["--stopped-at-s", "0"],
                                 ["--stopped-at-s", "86399"], ["--stopped-at-s", "-1e-300"]])


@fuzz_settings(1200)
@given(base=st.sampled_from(LEVELS), steps=event_steps, seed=seeds, options=SCORE_OPTIONS)
def test_score_keeps_the_contract_on_mutated_events(work, base, steps, seed, options):
    case = H.make_events_case(base, steps, seed)
    events = write_events(work, case.text)
    assert_contract("score", ["score", str(base), str(events), *options], case.describe(),
                    paths=(str(base), str(events)))


@fuzz_settings(800)
@given(steps=settings_steps, seed=seeds, uses=st.sampled_from([None, ("audio_latency_ms",), ()]))
def test_settings_load_or_refuse_in_one_line(work, steps, seed, uses):
    from game.errors import UserError
    from game.settings import load_settings

    text = H.make_settings_text(steps, seed)
    folder = work / "settings"
    folder.mkdir(exist_ok=True)
    (folder / "settings.toml").write_bytes(H.to_bytes(text))
    what = f"settings.toml: {'+'.join(steps)} (seed {seed}), uses={uses}"
    start = time.monotonic()
    try:
        with guarded():
            load_settings(folder, uses=uses)
    except UserError as exc:
        message = str(exc)
        assert message.strip() and not H.LINE_BREAKS.search(message), f"{what}: multi-line {message[:300]!r}"
    except Hung:
        pytest.fail(f"{what}: over {BUDGET_S:g} s")
    except Exception as exc:  # noqa: BLE001 - the defect under test
        pytest.fail(f"{what}: {type(exc).__name__}: {str(exc)[:200]}\n"
                    + "".join(traceback.format_exception(exc)[-5:]))
    assert time.monotonic() - start <= BUDGET_S


HOSTILE_SETTINGS = {
    "left key = the default right key": 'tap_left_key = "j"\n',
    "right key = the default left key": 'tap_right_key = "f"\n',
    "both keys the same": 'tap_left_key = "a"\ntap_right_key = "a"\n',
    "escape": 'tap_left_key = "escape"\n',
    "unknown key name": 'tap_left_key = "no such key"\n',
    "nan latency": "audio_latency_ms = nan\n",
    "5,000-digit latency": "audio_latency_ms = " + "9" * 5000 + "\n",
    "deep nesting": "audio_latency_ms = " + H.deep_array(1500) + "\n",
    "dotted key of 30,000 parts": "a." * 30_000 + "a = 1\n",
    "unknown key with a line separator": '"a\\u2028b" = 1\n',
    "bom": "\ufeffsound = false\n",
    "not UTF-8": "sound = \udcff\n",
}


@pytest.mark.parametrize("uses", [None, ("audio_latency_ms",)], ids=["all settings", "headless"])
@pytest.mark.parametrize("name", sorted(HOSTILE_SETTINGS))
def test_named_hostile_settings(work, name, uses):
    from game.errors import UserError
    from game.settings import load_settings

    folder = work / "named-settings"
    folder.mkdir(exist_ok=True)
    (folder / "settings.toml").write_bytes(H.to_bytes(HOSTILE_SETTINGS[name]))
    try:
        with guarded():
            load_settings(folder, uses=uses)
    except UserError as exc:
        assert str(exc).strip() and not H.LINE_BREAKS.search(str(exc)), f"{name}: multi-line {str(exc)[:300]!r}"
    except Hung:
        pytest.fail(f"{name}: over {BUDGET_S:g} s")
    except Exception as exc:  # noqa: BLE001 - the defect under test
        pytest.fail(f"{name}: {type(exc).__name__}: {str(exc)[:200]}")


# ----------------------------------------------------------------------------- hypothesis: values of every type at real keys

toml_values = st.recursive(
    st.booleans() | st.integers(min_value=-(10**30), max_value=10**30) | st.floats() | st.text(max_size=40),
    lambda kids: st.lists(kids, max_size=5) | st.dictionaries(st.text(max_size=12), kids, max_size=4),
    max_leaves=12)


@fuzz_settings(500)
@given(data=st.data())
def test_level_fields_of_any_type_are_problems_not_crashes(work, data):
    import tomli_w

    base = data.draw(st.sampled_from(LEVELS), label="base")
    level = H._loads(base.read_text(encoding="utf-8"))
    game = level["game"]
    where = data.draw(st.sampled_from(["", game, game, "drop"]), label="table")
    target = level if where == "" else level[game]
    if where == "drop":
        drops = level[game].get("drops") if game == "catching" else None
        target = drops[data.draw(st.integers(0, len(drops) - 1))] if drops else level[game]
        keys = H.DROP_FIELDS if drops else H.LEVEL_FIELDS[game]
    else:
        keys = H.LEVEL_FIELDS[where]
    for _ in range(data.draw(st.integers(1, 3), label="edits")):
        key = data.draw(st.sampled_from(keys) | st.text(min_size=1, max_size=20), label="key")
        target[key] = data.draw(toml_values, label="value")
    try:
        text = tomli_w.dumps(level)
    except (ValueError, TypeError):
        return  # not representable in TOML: nothing to check
    path = work / game / "typed.toml"
    path.write_text(text, encoding="utf-8")
    call = assert_contract("levels-check", ["levels", "check", str(path)], text[:400], paths=(str(path),))
    if call.rc == 0:
        events = valid_events_file(work, base)
        assert_contract("score", ["score", str(path), str(events)], text[:400], paths=(str(path), str(events)))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(10**400), max_value=10**400)
    | st.floats() | st.text(max_size=30),
    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=8), kids, max_size=4),
    max_leaves=10)
EVENT_KEYS = ("t", "type", "x", "y", "id", "side", "key", "pressed")


@fuzz_settings(500)
@given(data=st.data())
def test_event_fields_of_any_type_are_refused_not_crashes(work, data):
    base = data.draw(st.sampled_from(LEVELS), label="base")
    events = H.valid_events(H.loaded_level(base), random.Random(data.draw(st.integers(0, 1000), label="seed")))
    for _ in range(data.draw(st.integers(1, 4), label="edits")):
        i = data.draw(st.integers(0, len(events) - 1), label="event")
        key = data.draw(st.sampled_from(EVENT_KEYS) | st.text(max_size=10), label="key")
        events[i] = {**events[i], key: data.draw(json_values | st.sampled_from([86399, 86400, -0.0, 1e308, 2**31]),
                                                 label="value")}
    text = "".join(json.dumps(e) + "\n" for e in events)
    path = write_events(work, text, "typed.jsonl")
    assert_contract("score", ["score", str(base), str(path)], f"{base.name}: {text[:400]}",
                    paths=(str(base), str(path)))


# ----------------------------------------------------------------------------- regression: the named hostile inputs

HILLS = H.ROOT / "levels" / "tracing" / "05_hills.toml"
BOUNCE = H.ROOT / "levels" / "catching" / "11_bouncing_balls.toml"
DRUMS = H.ROOT / "levels" / "tapping" / "09_two_and_two.toml"


def _hills(old: str = "size = 880", new: str = "size = 880") -> str:
    return HILLS.read_text(encoding="utf-8").replace(old, new)


HOSTILE_LEVELS = {
    "bom": "\ufeff" + _hills(),
    "game = []": _hills('game = "tracing"', "game = []"),
    "game = {}": _hills('game = "tracing"', "game = {}"),
    "deep array 2000": _hills() + "a = " + H.deep_array(2000) + "\n",
    "deep array at strokes": _hills() + "strokes = " + H.deep_array(500) + "\n",
    "deep inline table 1000": _hills('[tracing]', "a = " + H.deep_inline_table(1000) + "\n[tracing]"),
    "header of 1000 parts": _hills() + "[" + ".".join(["a"] * 1000) + "]\n",
    "array-of-tables header of 1000 parts": _hills() + "[[tracing." + ".".join(["a"] * 1000) + "]]\n",
    "dotted key of 30,000 parts": _hills() + "a." * 30_000 + "a = 1\n",
    "5,000-digit int": _hills("size = 880", "size = " + "9" * 5000),
    "negative 5,000-digit int": _hills("cycles = 2", "cycles = -" + "9" * 5000),
    "1e308": _hills("size = 880", "size = 1e308"),
    "nan": _hills("tolerance = 50", "tolerance = nan"),
    "-inf": _hills("height = 180", "height = -inf"),
    "negative": _hills("tolerance = 50", "tolerance = -50"),
    "string for number": _hills("size = 880", 'size = "880"'),
    "array for number": _hills("size = 880", "size = [880]"),
    "inline table for number": _hills("size = 880", "size = {a = 1}"),
    "boolean for string": _hills('shape = "wave"', "shape = true"),
    "unknown key of 100,001 characters": _hills("size = 880", "size = 880\n" + "k" * 100_001 + " = 1"),
    "quoted key of newlines": _hills("size = 880", "size = 880\n\"" + "a\\n" * 40_000 + "\" = 1"),
    "title with newlines": _hills('title = "Little hills"', 'title = "a\\nb\\r\\nc"'),
    "unknown key with a line separator": _hills() + '"a\\u2028b" = 1\n',
    "unknown key with a form feed and NEL": _hills("size = 880", 'size = 880\n"a\\u000cb\\u0085c" = 1'),
    "attempts 10 ** 30": _hills("format = 1", "format = 1\nattempts = 1000000000000000000000000000000"),
    "tapping 800 beats at 30 bpm": DRUMS.read_text(encoding="utf-8").replace("tempo_bpm = 80", "tempo_bpm = 30")
    .replace("beats = 16", "beats = 400\ncontinuation_beats = 400").replace("lead_in_s = 3.0", "lead_in_s = 10"),
    "catching past 600 s": BOUNCE.read_text(encoding="utf-8").replace("count = 10", "count = 100")
    .replace("spawn_interval_s = 2.2", "spawn_interval_s = 30"),
    "empty": "",
    "nul bytes": "\x00" * 100,
    "at the size limit": _hills() + "#" + "x" * (256_000 - len(_hills()) - 2) + "\n",
}


@pytest.mark.parametrize("name", sorted(HOSTILE_LEVELS))
def test_named_hostile_level_files(work, name):
    case = H.LevelCase(HILLS, "tracing", "tracing", [name], 0, HOSTILE_LEVELS[name])
    path = write_level(work, case)
    assert_contract("levels-check", ["levels", "check", str(path)], name, paths=(str(path),))
    events = valid_events_file(work, HILLS)
    assert_contract("score", ["score", str(path), str(events)], name, paths=(str(path), str(events)))


def test_a_level_in_another_games_folder_is_one_problem(work):
    for base, folder in ((HILLS, "catching"), (BOUNCE, "tapping"), (DRUMS, "tracing")):
        path = write_level(work, H.make_level_case(base, [], 0, folder))
        call = assert_contract("levels-check", ["levels", "check", str(path)], f"{base.name} in {folder}/",
                               paths=(str(path),))
        assert call.rc == 1 and len(call.stdout.splitlines()) == 1, call.explain()


def _drums_taps(extra: list[str]) -> str:
    taps = [json.dumps({"t": round(3.0 + k * 0.75, 3), "type": "tap", "side": "left" if k % 4 < 2 else "right"})
            for k in range(16)]
    return "\n".join(taps + extra) + "\n"


HOSTILE_EVENTS = {
    "t = 86399": _drums_taps(['{"t": 86399, "type": "tap", "side": "left"}']),
    "t = 86400.5": _drums_taps(['{"t": 86400.5, "type": "tap", "side": "left"}']),
    "t with 5,000 digits": _drums_taps(['{"t": 1' + "0" * 5000 + ', "type": "tap", "side": "left"}']),
    "t with 400 digits": _drums_taps(['{"t": 1' + "0" * 400 + ', "type": "tap", "side": "left"}']),
    "t = 1e400": _drums_taps(['{"t": 1e400, "type": "tap", "side": "left"}']),
    "t = NaN": _drums_taps(['{"t": NaN, "type": "tap", "side": "left"}']),
    "t = -Infinity": _drums_taps(['{"t": -Infinity, "type": "tap", "side": "left"}']),
    "t negative": _drums_taps(['{"t": -1, "type": "tap", "side": "left"}']),
    "t is a string": _drums_taps(['{"t": "1", "type": "tap", "side": "left"}']),
    "10,000 taps at one time": _drums_taps(['{"t": 14.0, "type": "tap", "side": "left"}'] * 10_000),
    "deep array line": _drums_taps([H.deep_array(100_000)]),
    "deep object line": _drums_taps(['{"a": ' * 2000 + "1" + "}" * 2000]),
    "unknown key of 100,001 characters": _drums_taps(['{"t": 14, "type": "tap", "side": "left", "'
                                                       + "k" * 100_001 + '": 1}']),
    "side is an object": _drums_taps(['{"t": 14, "type": "tap", "side": {}}']),
    "unknown key with a line separator": _drums_taps(['{"t": 14, "type": "tap", "side": "left", "a\\u2028b": 1}']),
    "unknown key with a vertical tab": _drums_taps(['{"t": 14, "type": "tap", "side": "left", "a\\u000bb": 1}']),
    "a list, not an object": _drums_taps(["[14, \"tap\"]"]),
    "bom": "\ufeff" + _drums_taps([]),
    "type is null": _drums_taps(['{"t": 14, "type": null}']),
    "id huge": _drums_taps(['{"t": 14, "type": "down", "x": 1, "y": 1, "id": ' + "9" * 4000 + "}"]),
    "lone surrogate": _drums_taps(['{"t": 14, "type": "tap", "side": "\\ud800"}']),
    "not UTF-8": _drums_taps([]) + "\udcff\udcfe\n",
}


@pytest.mark.parametrize("name", sorted(HOSTILE_EVENTS))
def test_named_hostile_events_files(work, name):
    events = write_events(work, HOSTILE_EVENTS[name])
    assert_contract("score", ["score", str(DRUMS), str(events)], name, paths=(str(DRUMS), str(events)))


def test_many_events_at_one_timestamp_are_scored_or_refused_in_budget(work):
    moves = [{"t": 2.0, "type": "move", "x": 200.0 + k % 800, "y": 400.0} for k in range(50_000)]
    events = write_events(work, H.render_events([{"t": 1.9, "type": "down", "x": 200.0, "y": 400.0}, *moves]))
    assert_contract("score", ["score", str(HILLS), str(events)], "50,000 moves at t = 2", paths=(str(HILLS), str(events)))


def test_a_stroke_of_almost_no_length_is_scored_or_refused(work):
    # The pen wobbles by 1e-300 play units: found by benchmarks/fuzz_long.py (ldlj: "speed is zero throughout").
    n = 60
    lines = [json.dumps({"t": round(0.5 + k / 240, 6), "type": "down" if k == 0 else ("up" if k == n - 1 else "move"),
                         "x": 1e-300 if k % 2 else 0.0, "y": 0.0}) for k in range(n)]
    events = write_events(work, "\n".join(lines) + "\n")
    level = H.ROOT / "levels" / "tracing" / "01_go_right.toml"
    assert_contract("score", ["score", str(level), str(events)], "a stroke of 1e-300 play units",
                    paths=(str(level), str(events)))


# ----------------------------------------------------------------------------- subprocess: play --headless and screenshot

def _run_checked(command: str, args: list[str], what: str, paths: tuple[str, ...]) -> H.Run:
    run = H.run_cli(args, timeout=20.0)
    verdict = H.judge(command, run.rc, run.stdout, run.stderr, hung=run.hung, crash_log=run.crash_log, paths=paths)
    detail = f"{what}\n{verdict.defects}\nexit {run.rc}, {run.seconds:.1f} s, {run.max_mb:.0f} MB\n" \
             f"stderr: {run.stderr[:600]!r}\n{run.crash_log[-1500:]}"
    assert not verdict.defects, detail
    assert run.seconds <= BUDGET_S, f"over the time budget: {detail}"
    assert run.max_mb <= H.BUDGET_MB, f"over the memory budget: {detail}"
    return run


THREE = H.multi_attempt_level("tracing").replace("attempts = 10", "attempts = 3")
SUBPROCESS_CASES = {
    # name: (level text or None for the shipped 3-attempt level, events text or None for valid ones, settings.toml)
    "valid, 3 attempts": (None, None, None),
    "bom level": ("\ufeff" + THREE, None, None),
    "deep nesting level": (HOSTILE_LEVELS["deep array 2000"], None, None),
    "game = {}": (HOSTILE_LEVELS["game = {}"], None, None),
    "5,000-digit int in level": (HOSTILE_LEVELS["5,000-digit int"], None, None),
    "events at t = 86399": (None, "giant", None),
    "events with a 400-digit time": (None, "bigint", None),
    "settings: deep nesting": (None, None, "audio_latency_ms = " + H.deep_array(1500) + "\n"),
    "settings: 5,000-digit latency": (None, None, "audio_latency_ms = " + "9" * 5000 + "\n"),
    "settings: unknown key of 100,001 characters": (None, None, "k" * 60_000 + " = 1\n"),
    "settings: bom and nan": (None, None, "\ufeffaudio_latency_ms = nan\n"),
    "settings: escape key (not used headless)": (None, None, 'tap_left_key = "escape"\n'),
    "settings: dotted key of 30,000 parts": (None, None, "a." * 30_000 + "a = 1\n"),
    "settings: unknown key with a line separator": (None, None, '"a\\u2028b" = 1\n'),
    "settings: left key = the default right key": (None, None, 'tap_left_key = "j"\n'),
}


@pytest.mark.parametrize("name", sorted(SUBPROCESS_CASES))
@pytest.mark.parametrize("command", ["play", "screenshot"])
def test_play_headless_and_screenshot_keep_the_contract(tmp_path, name, command):
    level_text, events_kind, settings_text = SUBPROCESS_CASES[name]
    level = tmp_path / "level.toml"
    level.write_text(THREE, encoding="utf-8")
    valid = H.valid_events(H.loaded_level(level), random.Random(0))
    if level_text is not None:
        level.write_bytes(H.to_bytes(level_text))
    if events_kind == "giant":
        valid.append({**valid[-1], "t": 86399})
    elif events_kind == "bigint":
        valid.append(H.Raw('{"t": 1' + "0" * 400 + ', "type": "up", "x": 1, "y": 1}'))
    events = tmp_path / "events.jsonl"
    events.write_text("".join((e if isinstance(e, str) else H.render_event(e)) + "\n" for e in valid), encoding="utf-8")
    data = tmp_path / "data"
    data.mkdir()
    if settings_text is not None:
        (data / "settings.toml").write_bytes(H.to_bytes(settings_text))
    paths = (str(level), str(events), str(data))
    if command == "play":
        run = _run_checked("play", ["play", str(level), "--events", str(events), "--headless", "--data-dir", str(data)],
                           name, paths)
        printed = H.printed_attempt_ids(run.stdout)
        stored, integrity = H.stored_attempts(data)
        assert not set(printed) - stored, f"{name}: lost attempts {sorted(set(printed) - stored)}"
        if printed:
            assert integrity == "ok"
    else:
        _run_checked("screenshot", ["screenshot", str(level), "--events", str(events), "--out", str(tmp_path / "x.png"),
                                    "--data-dir", str(data)], name, paths)
