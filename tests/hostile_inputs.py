"""Hostile level, events and settings files, and the contract every command must keep with them.

Shared by tests/test_fuzz_hostile.py (hypothesis, in-process, bounded for CI) and
benchmarks/fuzz_long.py (thousands of files through the real CLI in subprocesses).

Every mutator is deterministic for a given random.Random, so a case is reproduced from its
seed. Texts flow as str; bytes that are not UTF-8 (from byte flips) ride along as lone
surrogates ("surrogateescape") and come back as the same bytes in `to_bytes`.

The contract (see game/cli.py): a command succeeds (exit 0; `levels check` exits 1 when it
found problems, one line each) or refuses with exit 2 and one line on stderr. Never the crash
text of `_report_crash`, never a traceback, never a hang.
"""
from __future__ import annotations

import json
import math
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
# The games with shipped levels (the first three first: kill groups rotate over them in this order).
GAME_NAMES = tuple(["tracing", "catching", "tapping"] + sorted(
    p.name for p in (ROOT / "levels").iterdir() if p.is_dir() and p.name not in ("tracing", "catching", "tapping")
    and any(p.glob("*.toml"))))
CRASH_TEXT = "something went wrong inside MotorPlay"
TRACEBACK_TEXT = "Traceback (most recent call last)"
BUDGET_S = 5.0        # the product's budget per file, up to the size limits
BUDGET_MB = 500.0

VALID_SETTINGS = 'audio_latency_ms = 40\nsound = true\ntap_left_key = "f"\ntap_right_key = "j"\n'
SETTINGS_FIELDS = ("audio_latency_ms", "sound", "tap_left_key", "tap_right_key")
# Level fields by table ("" is the top level), as in game/levels/*.py; used to aim values at real keys.
LEVEL_FIELDS = {
    "": ("format", "game", "title", "instructions", "attempts"),
    "tracing": ("tolerance", "strokes", "shape", "text", "center", "size", "height", "cycles", "turns",
                "clockwise", "start_angle_deg", "guide", "time_limit_s"),
    "catching": ("catcher_width", "object_radius", "drops", "count", "spawn_interval_s", "speed", "seed",
                 "first_drop_s", "side", "max_in_flight", "distractors", "trajectory", "catcher_speed"),
    "tapping": ("pattern", "tempo_bpm", "beats", "continuation_beats", "lead_in_s", "window_ms",
                "count_in_beats", "metronome_sound", "metronome_visual", "cue_ahead"),
    "pegs": ("peg_radius", "hole_radius", "holes", "layout", "rows", "cols", "spacing", "center", "tray",
             "tray_side", "order", "return_pegs", "time_limit_s"),
}
DROP_FIELDS = ("t", "x", "speed", "to_x", "distractor", "trajectory")


def shipped_levels() -> list[Path]:
    return [p for g in GAME_NAMES for p in sorted((ROOT / "levels" / g).glob("*.toml"))]


def to_bytes(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")


def from_bytes(data: bytes) -> str:
    return data.decode("utf-8", "surrogateescape")


# ----------------------------------------------------------------------------- hostile values

def deep_array(depth: int, inner: str = "") -> str:
    return "[" * depth + inner + "]" * depth


def deep_inline_table(depth: int) -> str:
    return "{a = " * depth + "1" + " }" * depth


def hostile_toml_value(rng: random.Random) -> str:
    """One TOML value of a type or size no level or settings file expects."""
    kind = rng.randrange(12)
    if kind == 0:  # strings
        return rng.choice(['"x"', '""', '" "', "'literal'", '"a\\nb\\r\\nc"', '"\\u0000\\u001b[31m\\u202e"',
                           '"""multi\nline\nstring"""', '"' + "\U0001f642" * 70 + '"', '"' + "x" * 100_001 + '"',
                           '"left shift"', '"escape"', '"alternate"', '"LRB-"', '"circle"', '"fall"'])
    if kind == 1:
        return rng.choice(["true", "false"])
    if kind == 2:  # arrays
        return rng.choice(["[]", "[1]", "[1, 2]", "[[1, 2], [3, 4]]", '[1, "a", true]', "[{a = 1}]", "[[]]",
                           "[[[640, 360], [640, 360]]]", "[nan, inf]", "[" + ", ".join(["[1, 2]"] * 3000) + "]"])
    if kind == 3:  # inline tables
        return rng.choice(["{}", "{a = 1}", "{x = 1, y = 2}", "{t = 1.0, x = 300, speed = 240}", "{t = nan}"])
    if kind == 4:  # integers with thousands of digits
        return rng.choice(["", "-", "+"]) + rng.choice("123456789") + "".join(
            rng.choice("0123456789") for _ in range(rng.choice([4299, 4300, 4301, 5000, 20_000])))
    if kind == 5:  # integer edges
        return rng.choice(["0", "-0", "-1", "-50", "1", "2", "10", "11", "9223372036854775807", "-9223372036854775808",
                           "18446744073709551616", "2147483647", "2147483648", "0x7fffffff", "0o777", "0b1",
                           "1_000_000", "-1_000_000_000"])
    if kind == 6:  # float edges
        return rng.choice(["1e308", "1.7976931348623157e308", "-1e308", "5e-324", "1e-320", "nan", "+nan", "-nan",
                           "inf", "+inf", "-inf", "-0.0", "0.0", "-1.5", "0.000001", "86399.0", "1e9", "3.0e2",
                           "499.9999999999999", "600.0000000001"])
    if kind == 7:  # dates and times
        return rng.choice(["1979-05-27T07:32:00Z", "07:32:00", "1979-05-27", "1979-05-27T00:32:00.999999-07:00"])
    if kind == 8:
        return deep_array(rng.randint(500, 2000))
    if kind == 9:
        return deep_inline_table(rng.randint(500, 2000))
    if kind == 10:  # nested just under and just over the nesting limit
        return deep_array(rng.randint(12, 20), "1")
    return str(rng.choice([-1e6, -5, 0, 3, 5, 20, 150, 151, 400, 401, 600, 1280, 1281, 2000, 2001, 1e6]))


def hostile_json_value(rng: random.Random) -> str:
    """One JSON value (as text, possibly non-standard like NaN) of a type or size no event expects."""
    kind = rng.randrange(9)
    if kind == 0:
        return rng.choice(['"x"', '""', '"0.5"', '"down"', '"left"', '"\\u0000"', '"\\ud800"', '"' + "x" * 100_001 + '"'])
    if kind == 1:
        return rng.choice(["true", "false", "null"])
    if kind == 2:
        return rng.choice(["[]", "[1, 2]", "{}", '{"a": 1}', "[[[[1]]]]"])
    if kind == 3:
        return rng.choice(["", "-"]) + rng.choice("123456789") + "".join(  # past a float; past int parsing
            rng.choice("0123456789") for _ in range(rng.choice([309, 400, 1000, 4299, 4300, 4301, 5000, 50_000])))
    if kind == 4:
        return rng.choice(["NaN", "Infinity", "-Infinity", "1e308", "-1e308", "1e309", "5e-324", "-0.0", "-0", "1E400"])
    if kind == 5:
        return rng.choice(["-1", "-0.000001", "0", "86399", "86399.999999", "86400", "86400.000001", "1e9",
                           "9999.999", "10000", "10000.000001", "-10000", "2147483647", "2147483648", "-2147483648",
                           "9223372036854775808", "0.1234567890123456789"])
    if kind == 6:
        return deep_array(rng.randint(500, 2000))
    if kind == 7:
        return '{"a": ' * rng.randint(500, 2000) + "1"  # never closed: the JSON error is deep inside
    return str(rng.choice([0.5, 1, 3, 12.5, 600, 601, 1280, 720]))


# ----------------------------------------------------------------------------- text mutators (TOML and JSONL)

_ASSIGN = re.compile(r"^(\s*)([A-Za-z0-9_.\"'-]+)(\s*=\s*)(.*)$")


def _lines(text: str) -> list[str]:
    return text.split("\n")


def flip_bytes(rng: random.Random, text: str) -> str:
    data = bytearray(to_bytes(text))
    if not data:
        return "\x00"
    for _ in range(rng.randint(1, 8)):
        i = rng.randrange(len(data))
        data[i] ^= rng.randint(1, 255)
    return from_bytes(bytes(data))


def truncate(rng: random.Random, text: str) -> str:
    return text[: rng.randrange(len(text) + 1)]


def duplicate_line(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    i = rng.randrange(len(lines))
    lines[i:i] = [lines[i]] * rng.choice([1, 1, 2, 10])
    return "\n".join(lines)


def remove_line(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    for _ in range(rng.randint(1, 3)):
        if len(lines) > 1:
            del lines[rng.randrange(len(lines))]
    return "\n".join(lines)


def swap_lines(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines)


def add_bom(rng: random.Random, text: str) -> str:
    return "\ufeff" * rng.choice([1, 1, 1, 2]) + text


def line_endings(rng: random.Random, text: str) -> str:
    return text.replace("\n", rng.choice(["\r\n", "\r", "\n\n", "\n \t \n"]))


def control_chars(rng: random.Random, text: str) -> str:
    chars = list(text)
    for _ in range(rng.randint(1, 4)):
        chars.insert(rng.randrange(len(chars) + 1),
                     rng.choice(["\x00", "\x7f", "\x1b", "\u2028", "\u2029", "\u202e", "\x0b", "\x0c", "\x85", "\udcff"]))
    return "".join(chars)


def empty_file(rng: random.Random, text: str) -> str:
    return rng.choice(["", "\n", "   \n\t\n", "\ufeff", "\x00", "\n" * 10_000])


TEXT_MUTATORS: dict[str, Callable[[random.Random, str], str]] = {
    "flip_bytes": flip_bytes, "truncate": truncate, "duplicate_line": duplicate_line, "remove_line": remove_line,
    "swap_lines": swap_lines, "bom": add_bom, "line_endings": line_endings, "control_chars": control_chars,
    "empty_file": empty_file,
}


# ----------------------------------------------------------------------------- TOML mutators (levels, settings)

def _table_of_line(lines: list[str], i: int) -> str:
    for line in reversed(lines[:i]):
        m = re.match(r"^\s*\[+\s*([^\]]*)\]", line)
        if m:
            return m.group(1).strip()
    return ""


def _insert_in_table(rng: random.Random, text: str, line: str) -> str:
    """Insert a `key = value` line at the top level (before any table) or at the end (the last table)."""
    lines = _lines(text)
    first_table = next((i for i, ln in enumerate(lines) if ln.lstrip().startswith("[")), len(lines))
    at = rng.choice([0, first_table, len(lines)])
    lines.insert(at, line)
    return "\n".join(lines)


def _table_names(text: str) -> list[str]:
    return [m.group(1).strip() for m in re.finditer(r"^\s*\[\s*([^\]\[]+)\]\s*$", text, re.M)]


def replace_value(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    spots = [i for i, ln in enumerate(lines) if _ASSIGN.match(ln)]
    if not spots:
        return text + "\nx = " + hostile_toml_value(rng) + "\n"
    i = rng.choice(spots)
    m = _ASSIGN.match(lines[i])
    assert m
    lines[i] = m.group(1) + m.group(2) + m.group(3) + hostile_toml_value(rng)
    return "\n".join(lines)


def _known_key(rng: random.Random, table: str) -> str:
    names = LEVEL_FIELDS.get(table) or SETTINGS_FIELDS
    return rng.choice(names)


def add_known_key(rng: random.Random, text: str) -> str:
    """A real key (maybe given twice, maybe in the wrong table) with a hostile value."""
    table = rng.choice(list(LEVEL_FIELDS) + ["settings"])
    key = rng.choice(SETTINGS_FIELDS) if table == "settings" else _known_key(rng, table)
    return _insert_in_table(rng, text, f"{key} = {hostile_toml_value(rng)}")


def long_unknown_key(rng: random.Random, text: str) -> str:
    n = rng.randint(100_001, 200_000)
    key = rng.choice(["k" * n, '"' + ("a\\n" * (n // 3)) + '"', "'" + "\u00e9" * n + "'"])
    return _insert_in_table(rng, text, f"{key} = 1")


ODD_CHARS = ("\\u0085", "\\u2028", "\\u2029", "\\u000b", "\\u000c", "\\u001b[2J", "\\u0007", "\\u0000", "\\r", "\\n",
             "\\u202e", "\\u001c")


def odd_key(rng: random.Random, text: str) -> str:
    """An unknown key (or value) with line breaks or terminal escapes in it, written as TOML escapes."""
    odd = "".join(rng.choice(ODD_CHARS) + rng.choice(["", "x", "key"]) for _ in range(rng.randint(1, 3)))
    line = rng.choice([f'"{odd}" = 1', f'"a{odd}b" = "v"', f'title = "{odd}"', f'pattern = "{odd}"',
                       f'shape = "{odd}"', f'text = "{odd}"', f'tap_left_key = "{odd}"', f'"{odd}" = {{a = 1}}'])
    return _insert_in_table(rng, text, line)


def dotted_long_key(rng: random.Random, text: str) -> str:
    """A dotted key of thousands of parts (a.a.a...a = 1): small on disk, costly to parse."""
    n = rng.choice([1_000, 10_000, 30_000, 100_000])
    return _insert_in_table(rng, text, "a." * n + "a = 1")


def deep_nesting(rng: random.Random, text: str) -> str:
    depth = rng.randint(500, 2000)
    value = rng.choice([deep_array(depth), deep_inline_table(depth), "[{a = " * (depth // 2) + "1" + "}]" * (depth // 2)])
    key = rng.choice(["a", "strokes", "drops", "center", "tolerance", "game", "sound", "pattern"])
    return _insert_in_table(rng, text, f"{key} = {value}")


def long_header(rng: random.Random, text: str) -> str:
    n = rng.choice([17, 100, 1000, rng.randint(500, 2000)])
    parts = ".".join(["a"] * n)
    prefix = rng.choice(["", "tracing.", "catching.", "tapping."])
    header = rng.choice([f"[{prefix}{parts}]", f"[[{prefix}{parts}]]", f"[{prefix}{parts}]\nx = 1"])
    return text.rstrip("\n") + "\n" + header + "\n"


def dotted_key(rng: random.Random, text: str) -> str:
    """Dotted keys and repeated tables: conflicts TOML itself must refuse, or deep dotted paths."""
    return text.rstrip("\n") + "\n" + rng.choice([
        "tracing.tolerance = 1", "[tracing]\ntolerance = 1", "[catching]", "[tapping]\n[tapping]",
        "tapping = 1", "[game]", "[[tracing]]", "a." * 1000 + "a = 1", "[tracing.strokes]", "[[catching.drops]]\nt = 1",
    ]) + "\n"


def game_value(rng: random.Random, text: str) -> str:
    new = rng.choice(['game = []', 'game = {}', 'game = 1', 'game = ""', 'game = "Tracing"', 'game = "tracing "',
                      'game = "catching"', 'game = "tapping"', 'game = "tracing"', 'game = ["tracing"]',
                      'game = {tracing = 1}', 'game = true', 'game = nan', ""])
    if re.search(r"^game\s*=.*$", text, re.M):
        return re.sub(r"^game\s*=.*$", new, text, count=1, flags=re.M)
    return new + "\n" + text


def pad_to_limit(rng: random.Random, text: str) -> str:
    """Right at the size limits (level files 256,000 bytes, settings 64,000) with a comment or whitespace."""
    target = rng.choice([63_999, 64_000, 64_001, 255_999, 256_000, 256_001, 1_000_000])
    pad = target - len(to_bytes(text)) - 3
    if pad <= 0:
        return text
    return text + rng.choice(["#" + "x" * pad + "\n", "\n" * pad, "# " + "\u00e9" * (pad // 2) + "\n"])


def _loads(text: str) -> dict:
    if text.count(".") > 5_000 or len(text) > 300_000:  # tomllib's own cost grows with the square of a key's parts
        raise ValueError("too costly to parse here")
    return tomllib.loads(text.lstrip("\ufeff"))


def _dumps(data: dict, fallback: str) -> str:
    import tomli_w

    try:
        return tomli_w.dumps(data)
    except (RecursionError, ValueError, TypeError):  # deep or odd input from an earlier mutator
        return fallback


def heavy_but_valid(rng: random.Random, text: str) -> str:
    """The most work a level within the documented limits can ask for (for time and memory budgets)."""
    try:
        data = _loads(text)
    except (tomllib.TOMLDecodeError, ValueError, RecursionError):
        return text
    if not isinstance(data, dict):
        return text
    game = data.get("game")
    data["attempts"] = rng.choice([1, 10])
    if game == "tracing":
        spec: dict[str, Any] = {"tolerance": rng.choice([5, 150])}
        choice = rng.randrange(4)
        if choice == 0:  # many points, zig-zagging over the whole canvas (path length may pass the limit)
            n_strokes = rng.choice([1, 50])
            per = rng.choice([2, 100, 2000]) if n_strokes == 1 else 100
            spec["strokes"] = [[[round(rng.uniform(0, 1280), 1), round(rng.uniform(0, 720), 1)] for _ in range(per)]
                               for _ in range(n_strokes)]
        elif choice == 1:
            spec.update(shape="spiral", turns=8, size=rng.choice([700, 1280]))
        elif choice == 2:
            spec.update(text=rng.choice(["WWWWWWWW", "88888888", "M M M M", "gjpqy"]), size=rng.choice([20, 100, 1280]))
        else:
            spec.update(shape=rng.choice(["zigzag", "wave"]), cycles=12, height=720, size=1280, center=[640, 360])
        if rng.random() < 0.5:
            spec["time_limit_s"] = rng.choice([3, 600])
        data["tracing"] = spec
    elif game == "catching":
        if rng.random() < 0.5:
            data["catching"] = {"catcher_width": 40, "object_radius": rng.choice([10, 80]), "count": 100,
                                "spawn_interval_s": rng.choice([0.3, 30]), "speed": rng.choice([30, 2000]),
                                "seed": rng.randrange(2**31), "max_in_flight": rng.choice([1, 8]),
                                "distractors": 0.9, "trajectory": rng.choice(["fall", "diagonal", "arc", "bounce"]),
                                "side": rng.choice(["both", "cross"])}
        else:
            data["catching"] = {"catcher_width": 640, "object_radius": 10, "drops": [
                {"t": round(rng.uniform(0, 600), 3), "x": round(rng.uniform(80, 1200), 1), "speed": rng.choice([30, 2000]),
                 "to_x": round(rng.uniform(80, 1200), 1), "trajectory": rng.choice(["diagonal", "arc", "bounce"])}
                for _ in range(200)]}
    elif game == "tapping":
        pattern = "".join(rng.choice("LRB-") for _ in range(64)) if rng.random() < 0.5 else "alternate"
        data["tapping"] = {"pattern": pattern,
                           "tempo_bpm": rng.choice([30, 180]), "beats": 400, "continuation_beats": 400,
                           "lead_in_s": 10, "window_ms": rng.choice([20, 160]), "count_in_beats": rng.choice([0, 8])}
    return _dumps(data, text)


def structured_swap(rng: random.Random, text: str) -> str:
    """Parse, put a hostile value (as TOML) at a real key of a real table, write back."""
    try:
        data = _loads(text)
    except (tomllib.TOMLDecodeError, ValueError, RecursionError):
        return replace_value(rng, text)
    tables = [k for k, v in data.items() if isinstance(v, dict)]
    table = rng.choice(tables + [""]) if tables else ""
    key = _known_key(rng, table) if table in LEVEL_FIELDS else rng.choice(list(data) or ["x"])
    target = data[table] if table else data
    drops = target.get("drops") if table == "catching" else None
    if isinstance(drops, list) and drops and isinstance(drops[0], dict) and rng.random() < 0.5:
        target = rng.choice([d for d in drops if isinstance(d, dict)])
        key = rng.choice(DROP_FIELDS)
    target[key] = "\x00PLACEHOLDER\x00"
    out = _dumps(data, text)
    return out.replace('"\\u0000PLACEHOLDER\\u0000"', hostile_toml_value(rng), 1)


LEVEL_MUTATORS: dict[str, Callable[[random.Random, str], str]] = {
    **TEXT_MUTATORS,
    "replace_value": replace_value, "structured_swap": structured_swap, "add_known_key": add_known_key,
    "long_unknown_key": long_unknown_key, "dotted_long_key": dotted_long_key, "deep_nesting": deep_nesting,
    "long_header": long_header, "dotted_key": dotted_key, "odd_key": odd_key, "game_value": game_value, "pad_to_limit": pad_to_limit,
    "heavy_but_valid": heavy_but_valid,
}
# Weights: the structural ones find the most; byte-level noise mostly hits "not valid TOML".
LEVEL_WEIGHTS = {name: 1.0 for name in LEVEL_MUTATORS}
LEVEL_WEIGHTS.update(structured_swap=4.0, replace_value=3.0, add_known_key=2.0, heavy_but_valid=2.0, empty_file=0.3,
                     pad_to_limit=0.5, dotted_long_key=0.3)


def settings_key_value(rng: random.Random, text: str) -> str:
    key = rng.choice(SETTINGS_FIELDS)
    value = rng.choice(['"escape"', '"Escape"', '""', '"f"', '"j"', '"F"', '"left shift"', '"right shift"', '"a" ',
                        '"' + "x" * 13 + '"', '"\u00ff"', '"\\u0000"', '"space"', '"return"', '"keypad 5"', '"[5]"',
                        '"unknown key"', "501", "-0.0", "500", "1e-320"])
    if re.search(rf"^{key}\s*=.*$", text, re.M):
        return re.sub(rf"^{key}\s*=.*$", lambda _m: f"{key} = {value}", text, count=1, flags=re.M)
    return text + f"{key} = {value}\n"


SETTINGS_MUTATORS: dict[str, Callable[[random.Random, str], str]] = {
    **TEXT_MUTATORS,
    "replace_value": replace_value, "structured_swap": structured_swap, "add_known_key": add_known_key,
    "long_unknown_key": long_unknown_key, "dotted_long_key": dotted_long_key, "deep_nesting": deep_nesting,
    "long_header": long_header, "pad_to_limit": pad_to_limit, "odd_key": odd_key, "settings_key_value": settings_key_value,
}
SETTINGS_WEIGHTS = {name: 1.0 for name in SETTINGS_MUTATORS}
SETTINGS_WEIGHTS.update(settings_key_value=4.0, structured_swap=2.0, replace_value=2.0, dotted_long_key=0.3)


def apply(mutators: dict[str, Callable[[random.Random, str], str]], text: str, steps: list[str],
          rng: random.Random) -> str:
    for name in steps:
        text = mutators[name](rng, text)
    return text


def pick_steps(rng: random.Random, weights: dict[str, float], most: int = 3) -> list[str]:
    names = list(weights)
    return rng.choices(names, weights=[weights[n] for n in names], k=rng.randint(1, most))


@dataclass
class LevelCase:
    base: Path
    game: str
    folder: str            # the folder the file goes in: a game's name, or "elsewhere"
    steps: list[str]
    seed: int
    text: str

    @property
    def data(self) -> bytes:
        return to_bytes(self.text)

    @property
    def expected_game(self) -> str | None:
        return self.folder if self.folder in GAME_NAMES else None

    def describe(self) -> str:
        return f"{self.base.parent.name}/{self.base.name} + {'+'.join(self.steps)} (seed {self.seed}, in {self.folder}/)"


def make_level_case(base: Path, steps: list[str], seed: int, folder: str = "own") -> LevelCase:
    """A mutated level file; folder "own" (its game's), "other" (another game's) or "elsewhere"."""
    rng = random.Random(seed)
    game = base.parent.name
    text = apply(LEVEL_MUTATORS, base.read_text(encoding="utf-8"), steps, rng)
    if folder == "own":
        folder = game
    elif folder == "other":
        folder = rng.choice([g for g in GAME_NAMES if g != game])
    return LevelCase(base, game, folder, list(steps), seed, text)


def random_level_case(rng: random.Random, seed: int) -> LevelCase:
    base = rng.choice(shipped_levels())
    steps = pick_steps(rng, LEVEL_WEIGHTS)
    folder = rng.choices(["own", "other", "elsewhere"], weights=[8, 1, 1])[0]
    return make_level_case(base, steps, seed, folder)


def make_settings_text(steps: list[str], seed: int) -> str:
    return apply(SETTINGS_MUTATORS, VALID_SETTINGS, steps, random.Random(seed))


# ----------------------------------------------------------------------------- events

class Raw(str):
    """A JSON fragment written as is (NaN, a 5,000-digit number, a deep array)."""


def render_event(ev: dict) -> str:
    parts = []
    for k, v in ev.items():
        key = k if isinstance(k, Raw) else json.dumps(k)
        value = v if isinstance(v, Raw) else json.dumps(v)
        parts.append(f"{key}: {value}")
    return "{" + ", ".join(parts) + "}"


def render_events(events: list) -> str:
    return "".join((e if isinstance(e, str) else render_event(e)) + "\n" for e in events)


def _tracing_events(loaded, rng: random.Random) -> list[dict]:
    strokes = [[(float(x), float(y)) for x, y in s] for s in loaded.level.template]
    length = sum(math.dist(a, b) for s in strokes for a, b in zip(s, s[1:]))
    limit = loaded.level.tracing.time_limit_s or 600.0
    speed = max(300.0, length / max(0.5, 0.7 * limit - 0.5 * len(strokes)))  # play units/s: finish in time
    rate = 120.0
    out: list[dict] = []
    t = 0.5
    step = speed / rate
    for s in strokes:
        dense: list[tuple[float, float]] = [s[0]]
        carry = 0.0  # distance along the stroke since the last point given
        for (x0, y0), (x1, y1) in zip(s, s[1:]):
            seg = math.dist((x0, y0), (x1, y1))
            d = step - carry
            while d <= seg:
                dense.append((x0 + (x1 - x0) * d / seg, y0 + (y1 - y0) * d / seg))
                d += step
            carry = seg - (d - step)
        if dense[-1] != s[-1]:
            dense.append(s[-1])
        for k, (x, y) in enumerate(dense):
            kind = "down" if k == 0 else ("up" if k == len(dense) - 1 else "move")
            out.append({"t": round(t, 6), "type": kind, "x": round(x + rng.gauss(0, 4), 2),
                        "y": round(y + rng.gauss(0, 4), 2)})
            t += 1 / rate
        t += 0.3
    return out


def _catching_events(loaded, rng: random.Random) -> list[dict]:
    from game.games.catching.rules import schedule

    flights = sorted(schedule(loaded.level.catching), key=lambda f: f.cross_t)
    end = max((f.cross_t for f in flights), default=1.0)
    out: list[dict] = []
    t, x = 0.0, 640.0
    while t <= end:
        nxt = next((f for f in flights if f.cross_t >= t and not f.distractor), None)
        goal = nxt.to_x if nxt is not None else 640.0
        x += max(-25.0, min(25.0, goal - x)) + rng.gauss(0, 3)
        out.append({"t": round(t, 6), "type": "move", "x": round(x, 2), "y": 650.0})
        t += 1 / 30
    return out


def _tapping_events(loaded, rng: random.Random) -> list[dict]:
    from game.games.tapping.level import pattern_sequence

    spec = loaded.level.tapping
    seq = pattern_sequence(spec.pattern)
    interval = 60.0 / spec.tempo_bpm
    out: list[dict] = []
    for k in range(spec.beats + spec.continuation_beats):
        letter = seq[k % len(seq)]
        sides = {"L": ["left"], "R": ["right"], "B": ["left", "right"]}.get(letter, [])
        t = max(0.0, spec.lead_in_s + k * interval + rng.gauss(0, 0.03))
        out.extend({"t": round(t, 6), "type": "tap", "side": side} for side in sides)
    out.sort(key=lambda e: e["t"])
    return out


def _pegs_events(loaded, rng: random.Random) -> list[dict]:
    """Carry tray peg i to hole i (and back to the tray when the level asks), a pen drag each."""
    from game.games.pegs.rules import new_round

    rnd = new_round(loaded.level.pegs)
    carries = list(zip(rnd.tray, rnd.holes))
    if rnd.return_pegs:
        carries += [(hole, tray) for tray, hole in carries]
    out: list[dict] = []
    t = 0.5
    for (x0, y0), (x1, y1) in carries:
        steps = max(2, int(math.dist((x0, y0), (x1, y1)) / 8))
        for k in range(steps + 1):
            kind = "down" if k == 0 else ("up" if k == steps else "move")
            out.append({"t": round(t, 6), "type": kind, "x": round(x0 + (x1 - x0) * k / steps + rng.gauss(0, 1), 2),
                        "y": round(y0 + (y1 - y0) * k / steps + rng.gauss(0, 1), 2)})
            t += 1 / 120
        t += 0.4
    return out


def valid_events(loaded, rng: random.Random) -> list[dict]:
    makers = {"tracing": _tracing_events, "catching": _catching_events, "tapping": _tapping_events,
              "pegs": _pegs_events}
    return makers[loaded.game](loaded, rng) if loaded.game in makers else []


# Event-list mutators: (rng, events, game, big) -> events; `big` allows files of many megabytes.
def _pick(rng: random.Random, events: list) -> int:
    return rng.randrange(len(events)) if events else 0


def ev_replace_value(rng, events, game, big):
    if not events:
        return [{"t": Raw(hostile_json_value(rng)), "type": "move", "x": 1, "y": 1}]
    i = _pick(rng, events)
    if isinstance(events[i], dict):
        key = rng.choice(list(events[i]) + ["t", "type", "x", "y", "id", "side", "key", "pressed"])
        events[i] = {**events[i], key: Raw(hostile_json_value(rng))}
    return events


def ev_drop_field(rng, events, game, big):
    i = _pick(rng, events)
    if events and isinstance(events[i], dict) and events[i]:
        ev = dict(events[i])
        del ev[rng.choice(list(ev))]
        events[i] = ev
    return events


def ev_long_unknown_key(rng, events, game, big):
    i = _pick(rng, events)
    ev = dict(events[i]) if events and isinstance(events[i], dict) else {"t": 0.5, "type": "move", "x": 1, "y": 1}
    ev[rng.choice(["k" * rng.randint(100_001, 300_000), "\u00e9\n" * 60_000])] = 1
    events[i:i + 1] = [ev]
    return events


def ev_odd_key(rng, events, game, big):
    """A key or a value with line breaks or terminal escapes in it (JSON escapes)."""
    i = _pick(rng, events)
    ev = dict(events[i]) if events and isinstance(events[i], dict) else {"t": 0.5, "type": "move", "x": 1, "y": 1}
    odd = "".join(rng.choice(["\u0085", "\u2028", "\u2029", "\x0b", "\x0c", "\x1b[2J", "\x07", "\x00", "\r", "\n",
                              "\u202e", "\x1c"]) + rng.choice(["", "x"]) for _ in range(rng.randint(1, 3)))
    if rng.random() < 0.5:
        ev[odd] = 1
    else:
        ev[rng.choice(["type", "side", "key", "t", "x", "id", "pressed"])] = odd
    events[i:i + 1] = [ev]
    return events


def ev_giant_time(rng, events, game, big):
    t = rng.choice([86399, 86399.999999, 86400, 86400.5, 601, 1e9, 3600])
    i = _pick(rng, events)
    how = rng.randrange(3)
    if how == 0:  # one event at the end, far in the future
        sample = dict(events[-1]) if events and isinstance(events[-1], dict) else {"type": "tap", "side": "left"}
        return events + [{**sample, "t": t}]
    if how == 1:  # every event from i on
        return events[:i] + [{**e, "t": t} if isinstance(e, dict) else e for e in events[i:]]
    return [{**e, "t": t} if isinstance(e, dict) else e for e in events]  # all of them at once


def ev_same_timestamp(rng, events, game, big):
    n = rng.choice([1_000, 10_000, 100_000] if big else [100, 1_000, 5_000])
    i = _pick(rng, events)
    t = events[i]["t"] if events and isinstance(events[i], dict) and isinstance(events[i].get("t"), (int, float)) else 1.0
    kind = rng.choice(["move", "tap", "key", "down", "up", "mixed"])
    block = []
    for k in range(n):
        this = rng.choice(["move", "tap", "key", "down", "up"]) if kind == "mixed" else kind
        if this == "tap":
            block.append({"t": t, "type": "tap", "side": rng.choice(["left", "right"])})
        elif this == "key":
            block.append({"t": t, "type": "key", "key": rng.choice(["left", "right"]), "pressed": k % 2 == 0})
        else:
            block.append({"t": t, "type": this, "x": round(rng.uniform(0, 1280), 1), "y": round(rng.uniform(0, 720), 1),
                          **({"id": k % 11} if rng.random() < 0.3 else {})})
    return events[:i] + block + events[i:]


def ev_type_swap(rng, events, game, big):
    new = rng.choice(["tap", "key", "down", "up", "move", "Move", "", "click", None])
    count = rng.choice([1, 5, len(events)])
    for _ in range(count):
        i = _pick(rng, events)
        if events and isinstance(events[i], dict):
            events[i] = {**events[i], "type": new}
    return events


def ev_extreme_coords(rng, events, game, big):
    n = rng.choice([10, 1_000, 100_000] if big else [10, 1_000])
    t0 = 0.5
    far = rng.choice([9999.99, 10000.0, 1e-300, 5e-324])
    block = [{"t": round(t0 + k / 240, 6), "type": "down" if k == 0 else "move",
              "x": far if k % 2 else -far, "y": -far if k % 2 else far} for k in range(n)]
    return block + [e for e in events if not isinstance(e, dict) or not isinstance(e.get("t"), (int, float))
                    or e["t"] > block[-1]["t"]] if rng.random() < 0.5 else block


def ev_many_pointers(rng, events, game, big):
    n = rng.choice([50, 1_000, 20_000] if big else [50, 1_000])
    ids = [rng.choice([k, 2**31 - 1 - k, k * 7919]) for k in range(n)]
    block = [{"t": 1.0, "type": "down", "x": 640.0, "y": 360.0, "id": pid} for pid in ids]
    block += [{"t": 1.5, "type": "move", "x": 700.0, "y": 300.0, "id": pid} for pid in ids]
    if rng.random() < 0.5:
        block += [{"t": 2.0, "type": "up", "x": 700.0, "y": 300.0, "id": pid} for pid in ids]
    return block


def ev_foreign_game(rng, events, game, big):
    kind = rng.choice([g for g in GAME_NAMES if g != game])
    if kind == "tapping":
        return [{"t": round(0.5 + k * 0.25, 6), "type": "tap", "side": rng.choice(["left", "right"])} for k in range(200)]
    if kind == "catching":
        return [{"t": round(k / 30, 6), "type": rng.choice(["move", "key"]), "x": 640.0, "y": 650.0} for k in range(300)]
    return [{"t": round(0.5 + k / 120, 6), "type": "down" if k == 0 else "move", "x": 200.0 + k, "y": 360.0} for k in range(300)]


def ev_unbalanced_pen(rng, events, game, big):
    drop = rng.choice(["up", "down"])
    return [e for e in events if not (isinstance(e, dict) and e.get("type") == drop)]


def ev_not_object(rng, events, game, big):
    i = _pick(rng, events)
    line = rng.choice(["[]", "1", '"x"', "null", "true", "[[[[[[[[]]]]]]]]", "{}", "{", "}", "NaN", "-Infinity",
                       deep_array(rng.randint(1_000, 100_000)), '{"t": 1, "type": "move", "x": 1, "y": 1}garbage',
                       "\x00" * 100, "9" * 5000, " " * 100_000])
    events.insert(i, line)
    return events


def ev_time_backwards(rng, events, game, big):
    if len(events) >= 2:
        i = rng.randrange(len(events) - 1)
        events[i], events[i + 1] = events[i + 1], events[i]
        if isinstance(events[i], dict) and isinstance(events[i + 1], dict):
            events[i] = {**events[i], "t": (events[i + 1].get("t") if isinstance(events[i + 1].get("t"), (int, float))
                                             else 1.0) + rng.choice([1e-6, 1.0, 100.0])}
    return events


def ev_duplicate_keys(rng, events, game, big):
    i = _pick(rng, events)
    if events and isinstance(events[i], dict):
        body = render_event(events[i])[1:-1]
        events[i] = "{" + body + ", " + rng.choice(['"t": -1', '"type": "tap"', '"x": "a"', '"t": NaN']) + "}"
    return events


def ev_too_many(rng, events, game, big):
    """More events than MAX_EVENTS, or a file past MAX_EVENTS_BYTES (long runs only)."""
    if not big:
        return ev_same_timestamp(rng, events, game, big)
    from game.events import MAX_EVENTS

    n = rng.choice([MAX_EVENTS, MAX_EVENTS + 1, 2 * MAX_EVENTS])
    return ["{\"t\": %.6f, \"type\": \"move\", \"x\": 1, \"y\": 1}" % (k / 1000) for k in range(n)]


EVENT_MUTATORS = {
    "ev_replace_value": ev_replace_value, "ev_drop_field": ev_drop_field, "ev_long_unknown_key": ev_long_unknown_key,
    "ev_odd_key": ev_odd_key, "ev_giant_time": ev_giant_time, "ev_same_timestamp": ev_same_timestamp, "ev_type_swap": ev_type_swap,
    "ev_extreme_coords": ev_extreme_coords, "ev_many_pointers": ev_many_pointers, "ev_foreign_game": ev_foreign_game,
    "ev_unbalanced_pen": ev_unbalanced_pen, "ev_not_object": ev_not_object, "ev_time_backwards": ev_time_backwards,
    "ev_duplicate_keys": ev_duplicate_keys, "ev_too_many": ev_too_many,
}
EVENT_TEXT_MUTATORS = {name: fn for name, fn in TEXT_MUTATORS.items()}
EVENT_WEIGHTS = {name: 2.0 for name in EVENT_MUTATORS}
EVENT_WEIGHTS.update({name: 0.7 for name in EVENT_TEXT_MUTATORS})
EVENT_WEIGHTS.update(ev_replace_value=5.0, ev_too_many=0.3, empty_file=0.3)


@dataclass
class EventsCase:
    level: Path
    game: str
    steps: list[str]
    seed: int
    text: str
    big: bool = False

    @property
    def data(self) -> bytes:
        return to_bytes(self.text)

    def describe(self) -> str:
        return f"events for {self.level.parent.name}/{self.level.name} + {'+'.join(self.steps)} (seed {self.seed})"


_LOADED: dict[Path, Any] = {}


def loaded_level(path: Path):
    if path not in _LOADED:
        from game.levels.loader import load_level

        _LOADED[path] = load_level(path)
    return _LOADED[path]


def make_events_case(level: Path, steps: list[str], seed: int, big: bool = False) -> EventsCase:
    """Valid events for a shipped level, then the mutators: list ones on the events, text ones on the file."""
    rng = random.Random(seed)
    loaded = loaded_level(level)
    events: list = valid_events(loaded, rng)
    text: str | None = None
    for name in steps:
        if name in EVENT_MUTATORS:
            if text is not None:  # a list mutator after a text one: start again from the (mutated) lines
                events, text = list(text.split("\n")), None
            events = EVENT_MUTATORS[name](rng, events, loaded.game, big)
        else:
            text = render_events(events) if text is None else text
            text = EVENT_TEXT_MUTATORS[name](rng, text)
    return EventsCase(level, loaded.game, list(steps), seed, render_events(events) if text is None else text, big)


def random_events_case(rng: random.Random, seed: int, big: bool = False) -> EventsCase:
    level = rng.choice(shipped_levels())
    return make_events_case(level, pick_steps(rng, EVENT_WEIGHTS), seed, big)


# Levels of 10 attempts whose valid events keep `play --headless` busy for one to a few seconds:
# long enough to SIGKILL it between, and in the middle of, the saves of its attempts.
KILL_LEVELS = {
    "tapping": 'format = 1\ngame = "tapping"\ntitle = "Long drums"\nattempts = 10\n\n[tapping]\npattern = "alternate"\n'
               'tempo_bpm = 120\nbeats = 200\nlead_in_s = 2.0\nwindow_ms = 200\n',
    "catching": 'format = 1\ngame = "catching"\ntitle = "Long rain"\nattempts = 10\n\n[catching]\ncatcher_width = 200\n'
                'object_radius = 30\ncount = 50\nspawn_interval_s = 1.5\nspeed = 300\nseed = 7\n',
    "tracing": 'format = 1\ngame = "tracing"\ntitle = "Long spiral"\nattempts = 10\n\n[tracing]\ntolerance = 40\n'
               'shape = "spiral"\nturns = 6\nsize = 600\n',
}


def multi_attempt_level(game: str = "tracing") -> str:
    """A shipped level of this game with 10 attempts in a row (for kills and lost-attempt checks)."""
    base = sorted((ROOT / "levels" / game).glob("*.toml"))[0].read_text(encoding="utf-8")
    return re.sub(r"^(title\s*=.*)$", r"\1\nattempts = 10", base, count=1, flags=re.M)


# ----------------------------------------------------------------------------- the contract

@dataclass
class Verdict:
    outcome: str                    # ok | problems | refused | crashed | hung
    defects: list[tuple[str, str]] = field(default_factory=list)   # (class, signature)

    @property
    def failed(self) -> bool:
        return bool(self.defects)


_CRASH_TYPE = re.compile(r"inside MotorPlay \(([\w.]+)")
_GAME_FRAME = re.compile(r'File "[^"]*?[/\\](game[/\\][^"]+)", line \d+, in (\S+)')
_FAULT_FRAME = re.compile(r'File "[^"]*?[/\\](game[/\\][^"]+)", line \d+ in (\S+)')


def normalize(line: str, path_hints: tuple[str, ...] = ()) -> str:
    """A message with its variable parts (file names, numbers, long echoes) taken out, for grouping."""
    for hint in path_hints:
        if hint:
            line = line.replace(hint, "FILE")
    line = re.sub(r"/[^\s:\"']+", "PATH", line)
    line = re.sub(r"\d[\d,._]*", "N", line)
    line = re.sub(r"(.)\1{20,}", r"\1…", line)
    return line[:110]


_PHRASES = re.compile(r"unknown (?:field|setting|key|game)|must be [a-z ]+|not valid [A-Za-z]+|is required|"
                      r"cannot [a-z]+|only applies|more than|goes back|not a [a-z ]+")


def message_kind(text: str) -> str:
    """What kind of message this is, without the user's words: its first known phrase."""
    m = _PHRASES.search(text)
    return m.group(0).strip() if m else "a message"


def innermost_game_frame(trace: str) -> str:
    frames = _GAME_FRAME.findall(trace)
    if frames:
        file, func = frames[-1]
        return f"{file.replace(os.sep, '/')}:{func}"
    frames = _FAULT_FRAME.findall(trace)  # faulthandler lists the innermost frame first
    if frames:
        file, func = frames[0]
        return f"{file.replace(os.sep, '/')}:{func}"
    return "?"


# What ends a line: on a terminal (\n, \r, vertical tab, form feed) or for Unicode-aware readers
# (NEL, LINE and PARAGRAPH SEPARATOR). Other control characters are "control-chars", not a new line.
LINE_BREAKS = re.compile("[\n\r\x0b\x0c\x85\u2028\u2029]")
CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")


def split_lines(text: str) -> list[str]:
    return [ln for ln in LINE_BREAKS.split(text) if ln.strip()]


def judge(command: str, rc: int | None, stdout: str, stderr: str, *, hung: bool = False,
          crash_log: str = "", paths: tuple[str, ...] = ()) -> Verdict:
    """Check one run of `command` (levels-check | score | play | screenshot) against the contract.

    Defect classes: hung, crashed, traceback, multiline (a refusal or a problem over more than one
    line), silent (exit 2, no message), noisy (stderr on success besides MotorPlay's own lines),
    bad-output (stdout not what the command promises). "control-chars" (a message repeats raw
    control characters such as ESC) is reported by `control_char_signature`, apart from the contract.
    """
    err_lines = split_lines(stderr)
    defects: list[tuple[str, str]] = []
    if hung:
        where = innermost_game_frame(stderr)
        return Verdict("hung", [("hung", f"{command}: hung in {where}")])
    crashed = CRASH_TEXT in stderr or TRACEBACK_TEXT in stderr or rc is None or rc < 0 or rc not in (0, 1, 2) \
        or (rc == 1 and command != "levels-check")
    if crashed:
        m = _CRASH_TYPE.search(stderr)
        if m:
            exc = m.group(1)
        elif rc is not None and rc < 0:
            exc = f"killed by {signal.Signals(-rc).name}"
        elif TRACEBACK_TEXT in stderr:
            exc = (err_lines[-1].split(":")[0] if err_lines else "?") + " (raw traceback)"
        else:
            exc = f"exit {rc}"
        where = innermost_game_frame(crash_log or stderr)
        defects.append(("crashed", f"{command}: {exc} at {where}"))
        if TRACEBACK_TEXT in stderr:
            defects.append(("traceback", f"{command}: traceback on stderr ({exc})"))
        return Verdict("crashed", defects)
    if rc == 2:
        if not err_lines:
            defects.append(("silent", f"{command}: exit 2 with nothing on stderr"))
        elif len(err_lines) > 1:
            defects.append(("multiline", f"{command}: a refusal over several lines ({message_kind(stderr)})"))
        return Verdict("refused", defects)
    # Success (exit 0), or `levels check` reporting problems (exit 1).
    out_lines = split_lines(stdout)
    if command == "levels-check":
        starts = [any(ln.startswith(p) for p in paths if p) for ln in out_lines] if paths else []
        if starts and not all(starts):
            k = next((k for k, ok in enumerate(starts) if not ok and k > 0), 1)
            joined = " ".join(out_lines[k - 1:k + 1])  # the problem that broke, as one line
            defects.append(("multiline", f"levels-check: a problem over several lines ({message_kind(joined)})"))
        if len(err_lines) != 1 or not re.match(r"^\d+ of \d+ level files are valid$", err_lines[0]):
            first = normalize(err_lines[0] if err_lines else "", paths)
            defects.append(("noisy", f"levels-check: stderr besides the summary: {first}"))
        return Verdict("problems" if rc == 1 else "ok", defects)
    extra = [ln for ln in err_lines if not ln.startswith("MotorPlay: ")]
    if extra:
        defects.append(("noisy", f"{command}: stderr on success: {normalize(extra[0], paths)}"))
    if command == "score":
        try:
            if len(out_lines) != 1:
                raise ValueError
            json.loads(out_lines[0])
        except ValueError:
            defects.append(("bad-output", "score: stdout is not one JSON line"))
    if command == "play":
        for ln in out_lines:
            try:
                if "attempt_id" not in json.loads(ln):
                    raise ValueError
            except ValueError:
                defects.append(("bad-output", "play: a stdout line is not an attempt (JSON with attempt_id)"))
                break
    return Verdict("ok", defects)


def control_char_signature(command: str, stdout: str, stderr: str) -> str | None:
    """A signature if the messages repeat raw control characters (terminal escapes, bells...), else None."""
    text = stderr + (stdout if command == "levels-check" else "")
    for line in text.split("\n"):
        if CONTROL_CHARS.search(line):
            return f"{command}: raw control characters in a message ({message_kind(line)})"
    return None


def printed_attempt_ids(stdout: str) -> list[int]:
    """The attempts `play --headless` said it stored: complete JSON lines only (a kill may cut the last)."""
    ids = []
    for ln in stdout.split("\n")[:-1] if not stdout.endswith("\n") else stdout.splitlines():
        try:
            obj = json.loads(ln)
        except ValueError:
            continue
        if isinstance(obj, dict) and isinstance(obj.get("attempt_id"), int):
            ids.append(obj["attempt_id"])
    return ids


def stored_attempts(data_dir: Path) -> tuple[set[int], str]:
    """Attempt ids in the records file and its PRAGMA integrity_check result ("missing": no file)."""
    import sqlite3

    db = data_dir / "motorplay.db"
    if not db.exists():
        return set(), "missing"
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        ok = conn.execute("PRAGMA integrity_check").fetchone()[0]
        try:
            ids = {r[0] for r in conn.execute("SELECT id FROM attempts")}
        except sqlite3.OperationalError:
            ids = set()
        return ids, ok
    finally:
        conn.close()


# ----------------------------------------------------------------------------- running the real CLI

@dataclass
class Run:
    argv: list[str]
    rc: int | None
    stdout: str
    stderr: str
    seconds: float
    max_mb: float
    hung: bool = False
    killed: bool = False
    crash_log: str = ""


def cli_env(extra: dict | None = None) -> dict:
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", PYGAME_HIDE_SUPPORT_PROMPT="1",
               PYTHONPATH=str(ROOT), PYTHONFAULTHANDLER="1")
    env.pop("MOTORPLAY_DATA", None)
    env.update(extra or {})
    return env


# A small parent for each run, so that the run's peak memory is its own: on Linux a child's
# ru_maxrss starts from its parent's resident size at fork (with vfork, the parent's peak), and
# a test runner or fuzzer can be far bigger than the command it measures. It forwards SIGABRT
# (for a faulthandler dump) and writes "wait-status maxrss-KB" to argv[1] when the command ends.
LAUNCHER = r"""
import os, signal, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[2], sys.argv[2:])
def forward(signum, frame):
    try:
        os.kill(pid, signum)
    except OSError:
        pass
signal.signal(signal.SIGABRT, forward)
signal.signal(signal.SIGTERM, forward)
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as f:
    f.write(f"{status} {usage.ru_maxrss}\n")
"""


def run_cli(args: list[str], timeout: float = 20.0, kill_after: float | None = None,
            python: str | None = None, mem_limit_mb: float | None = 8000) -> Run:
    """`python -m game ARGS` with its own TMPDIR (so its crash log is its own), a wall-clock limit
    (over it: a faulthandler dump of where it is, then SIGKILL; counted as hung), and its peak memory.

    kill_after: SIGKILL it at that moment instead (a kill test; not counted as hung).
    mem_limit_mb: address-space limit, so that a runaway input fails alone instead of the machine.
    """
    argv = [python or sys.executable, "-m", "game", *args]
    with tempfile.TemporaryDirectory(prefix="mp-run-") as tmp, \
            tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        env = cli_env({"TMPDIR": tmp})
        result = Path(tmp) / "rusage.txt"
        start = time.monotonic()
        proc = subprocess.Popen([sys.executable, "-I", "-S", "-c", LAUNCHER, str(result), *argv], stdout=out,
                                stderr=err, stdin=subprocess.DEVNULL, env=env, cwd=tmp, start_new_session=True)
        if mem_limit_mb:
            try:  # inherited by the command the launcher starts (set before it forks, nearly always)
                import resource

                limit = int(mem_limit_mb * 1024 * 1024)
                resource.prlimit(proc.pid, resource.RLIMIT_AS, (limit, limit))
            except (OSError, ValueError, AttributeError):
                pass
        lock = threading.Lock()
        state = {"done": False, "hung": False, "killed": False}

        def stop(kind: str) -> None:
            with lock:
                if state["done"]:
                    return
                state[kind] = True
                try:
                    if kind == "hung":  # where is it stuck? faulthandler prints every thread on SIGABRT
                        os.kill(proc.pid, signal.SIGABRT)
                    else:
                        os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    return
            if kind == "hung":
                time.sleep(1.0)
                with lock:
                    if not state["done"]:
                        try:
                            os.killpg(proc.pid, signal.SIGKILL)
                        except ProcessLookupError:
                            pass

        timers = [threading.Timer(timeout, stop, ("hung",))]
        if kill_after is not None:
            timers.append(threading.Timer(kill_after, stop, ("killed",)))
        for t in timers:
            t.daemon = True
            t.start()
        proc.wait()
        with lock:
            state["done"] = True
        for t in timers:
            t.cancel()
        seconds = time.monotonic() - start
        try:  # anything the command left behind goes with it
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        rc: int | None = None
        max_mb = 0.0
        try:
            status, maxrss = result.read_text().split()
            rc = os.waitstatus_to_exitcode(int(status))
            max_mb = int(maxrss) / (1024.0 if sys.platform != "darwin" else 2**20)
        except (OSError, ValueError):  # the launcher itself was killed
            rc = proc.returncode
        out.seek(0)
        err.seek(0)
        log = Path(tmp) / "motorplay-error.log"
        crash_log = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
        return Run(argv, rc, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"),
                   seconds, max_mb, hung=state["hung"] and not state["killed"], killed=state["killed"],
                   crash_log=crash_log)
