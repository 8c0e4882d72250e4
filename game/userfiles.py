"""Reading text files that people write by hand (level files, settings.toml), safely.

A hand-written or hostile file must never crash or hang MotorPlay: a byte-order mark (what
Notepad writes) is accepted, and nesting too deep, numbers with thousands of digits and
keys a megabyte long each become one short problem instead of an exception.
"""
from __future__ import annotations

import re
import sys
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

BOM = "\ufeff"
MAX_DEPTH = 16           # tables and arrays inside each other; real files need 5
MAX_ECHO = 60            # characters of a user's value or key repeated back in a message
_LONG_NUMBER = re.compile(r"[0-9][0-9_]{4000,}")
# A key of many dotted parts (a.a.a... = 1, [a.a.a...], {a.a.a... = 1}): Python's TOML reader
# takes time quadratic in the parts (30,000 parts: 9 s), and more than MAX_DEPTH parts would be
# refused after reading anyway, so such a key is refused before reading.
_KEY_PART = r"""(?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')"""
_DOTTED_KEY = re.compile(rf"(?:^|[{{,\[])[ \t]*\[?[ \t]*(?:{_KEY_PART}[ \t]*\.[ \t]*){{{MAX_DEPTH},}}", re.M)


class TomlProblem(ValueError):
    """Why a text is not usable TOML, as one line (without the file name)."""


def one_line(text: object) -> str:
    """Text with every line break and control character written as an escape (\\n, \\x0b, \\u2028),
    so that a message stays one line whatever a file smuggled into it."""
    s = str(text)
    if s.isprintable():
        return s
    return "".join(ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape").decode("ascii") for ch in s)


def clip(text: object, limit: int = MAX_ECHO) -> str:
    """A value or key repeated back to the user, on one line and cut short."""
    s = one_line(text)
    return s if len(s) <= limit else s[: limit - 1] + f"… ({len(s):,} characters)"


def strip_bom(text: str) -> str:
    return text[1:] if text.startswith(BOM) else text


def _line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def nesting_depth(value: Any, limit: int = MAX_DEPTH) -> int:
    """How deep tables and arrays go (0 for a plain value), counting no further than limit + 1."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, (list, tuple)):
            children = item
        else:
            continue
        depth += 1
        deepest = max(deepest, depth)
        if deepest > limit:
            return deepest
        stack.extend((child, depth) for child in children)
    return deepest


def parse_toml(text: str) -> dict[str, Any]:
    """TOML text to a dict, or TomlProblem with one line saying what is wrong and where."""
    text = strip_bom(text)
    dotted = _DOTTED_KEY.search(text)
    if dotted:
        raise TomlProblem(f"a key has too many dotted parts (line {_line_of(text, dotted.start())}); tables are "
                          f"nested at most {MAX_DEPTH} deep")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TomlProblem(f"not valid TOML: {clip(exc, 200)}") from None
    except RecursionError:
        raise TomlProblem(f"not valid TOML: lists or tables are nested too deeply (at most {MAX_DEPTH} "
                          "inside each other)") from None
    except ValueError as exc:  # Python's limit on digits in an int
        match = _LONG_NUMBER.search(text)
        where = f" (line {_line_of(text, match.start())})" if match else ""
        raise TomlProblem(f"a number has thousands of digits{where}; no setting needs more than a few "
                          f"({clip(exc, 80)})") from None
    if nesting_depth(data) > MAX_DEPTH:
        raise TomlProblem(f"tables or lists are nested too deeply (at most {MAX_DEPTH} inside each other)")
    return data
