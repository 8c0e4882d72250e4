"""Change a level's fields and write it back as TOML: for the level editor and adaptive mode.

The result is always run through the same validation as `levels check` before anyone plays
it, so an edit can never produce a level the loader would refuse.
"""
from __future__ import annotations

from typing import Any, Mapping

import tomli_w

from game.levels.loader import LoadedLevel, parse_level
from game.userfiles import parse_toml

TOP_ORDER = ("format", "game", "title", "instructions", "attempts")


def level_data(text: str) -> dict[str, Any]:
    """The fields of a level text that has already been validated (so it parses)."""
    return parse_toml(text)


def dump_level(data: Mapping[str, Any]) -> str:
    """TOML with the top-level keys first, in the order a therapist reads them."""
    ordered = {k: data[k] for k in TOP_ORDER if k in data}
    ordered.update({k: v for k, v in data.items() if k not in ordered})
    return tomli_w.dumps(ordered)


def with_fields(text: str, changes: Mapping[str, Any], source: str = "edited level") -> LoadedLevel:
    """Apply dotted-path changes ("tracing.tolerance": 24, "title": "x"; None removes a key), validate.

    Raises LevelError naming the field if the result is not a valid level.
    """
    data = level_data(text)
    for path, value in changes.items():
        *parents, key = path.split(".")
        table = data
        for part in parents:
            table = table.setdefault(part, {})
        if value is None:
            table.pop(key, None)
        else:
            table[key] = value
    return parse_level(dump_level(data), source)
