"""The level editor's pure parts: which fields a therapist may turn, how far, and how a copy is saved.

Kept apart from the scene so the ranges, the stepping, the file naming and the edit that is
validated can be tested exactly. Ranges are the level models' own limits (a test checks them
against the models' JSON Schema); an edit is always validated by game.levels.rewrite.with_fields,
the same code as `levels check`, before it can be saved.
"""
from __future__ import annotations

import math
import re
import unicodedata
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

from game.errors import UserError
from game.games import GAMES
from game.games.definition import EditField
from game.levels.base import LevelProblem
from game.levels.loader import LevelError, LoadedLevel, parse_level
from game.levels.rewrite import level_data, with_fields

TITLE = "title"
MAX_STEM = 40
RESERVED_STEMS = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
                            *(f"lpt{i}" for i in range(1, 10))})


def game_editor(game: str):
    """The game's own editor module (game/games/<name>/editing.py): its fields, kinds and summary."""
    import importlib

    return importlib.import_module(GAMES[game].editor)


def _hook(game: str, name: str, default: Any) -> Any:
    """A game editor's optional function (kind, initial_value, changes, field_for_problem), or the default."""
    return getattr(game_editor(game), name, default)


def _none(*_args: Any) -> None:
    return None


# Each game's editable fields, from its own folder.
FIELDS: Mapping[str, tuple[EditField, ...]] = MappingProxyType({name: game_editor(name).FIELDS for name in GAMES})


def field_by_key(game: str, key: str) -> EditField:
    for f in FIELDS[game]:
        if f.key == key:
            return f
    raise KeyError(f"{game} has no editable field {key!r}")


def schedule_kind(game: str, data: Mapping[str, Any]) -> str:
    """What kind of level this is, for which fields apply (the game says: random, drops, shape_text...)."""
    return _hook(game, "kind", lambda data: "all")(data)


def fields_for(game: str, data: Mapping[str, Any]) -> list[EditField]:
    """The fields that apply to this level (a level with drops has no random-schedule fields...)."""
    kind = schedule_kind(game, data)
    return [f for f in FIELDS[game] if f.applies in ("all", kind)]


def _get(data: Mapping[str, Any], key: str) -> Any:
    table: Any = data
    for part in key.split("."):
        if not isinstance(table, Mapping) or part not in table:
            return None
        table = table[part]
    return table


def initial_values(game: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """Each applicable field's value as the level has it (the model's default where left out)."""
    values: dict[str, Any] = {}
    level_default = _hook(game, "initial_value", _none)
    for f in fields_for(game, data):
        value = _get(data, f.key)
        if value is None:
            value = level_default(f.key, data)   # a default that depends on the level
        if value is None and not f.optional:
            value = f.default
        values[f.key] = value
    return values


def choices_for(f: EditField, current: Any) -> tuple[tuple[Any, str], ...]:
    """The field's options, plus the level's own value if it is not one of them (a custom pattern)."""
    if current is not None and all(value != current for value, _ in f.choices):
        return f.choices + ((current, str(current)),)
    return f.choices


def tidy(f: EditField, value: float) -> float | int:
    """Whole numbers as ints (the file reads `30`, not `30.0`; strict int fields need them)."""
    value = round(float(value), 6)
    if f.whole or value.is_integer():
        return int(round(value))
    return value


def clamp_value(f: EditField, value: Any) -> tuple[Any, str | None]:
    """A typed-in or computed value brought into range; the note names the field when it was changed.

    Numbers outside the range are clamped; anything that is not a number (or not one of a
    choice field's options) is refused with UserError naming the field.
    """
    if f.kind in ("choice", "toggle"):
        custom = f.key == "tapping.pattern" and isinstance(value, str)   # a sequence like "LLRB"
        if all(value != v for v, _ in f.choices) and not custom:
            allowed = ", ".join(str(v) for v, _ in f.choices)
            raise UserError(f"{f.label} ({f.key}): {value!r} is not one of the choices; allowed: {allowed}")
        return value, None
    if value is None and f.optional:
        return None, None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise UserError(f"{f.label} ({f.key}): {value!r} is not a number; allowed: {_range(f)}")
    if f.whole and float(value) != int(value):
        value = round(value)
    if value < f.lo:
        return tidy(f, f.lo), f"{f.label} ({f.key}): {shown(f, value)} is below the smallest allowed, " \
                              f"{shown(f, f.lo)}; set to {shown(f, f.lo)}"
    if value > f.hi:
        return tidy(f, f.hi), f"{f.label} ({f.key}): {shown(f, value)} is above the largest allowed, " \
                              f"{shown(f, f.hi)}; set to {shown(f, f.hi)}"
    return tidy(f, value), None


def _range(f: EditField) -> str:
    return f"{shown(f, f.lo)} to {shown(f, f.hi)}"


def shown(f: EditField, value: Any) -> str:
    """A value in the words and units a therapist reads."""
    if value is None:
        return f.off_words
    if f.kind in ("choice", "toggle"):
        return next((words for v, words in choices_for(f, value) if v == value), str(value))
    v = round(float(value) * f.shown_scale, 6)
    if f.unit == "×":   # a factor
        return f"x {v:.2f}"
    text = f"{v:.0f}" if v.is_integer() else f"{v:.1f}"
    if f.unit.startswith("±"):
        return f"± {text} {f.unit[1:].strip()}"
    return f"{text} {f.unit}".strip()


def step_value(f: EditField, value: Any, direction: int) -> Any:
    """One press of - (direction -1) or + (+1): to the next multiple of the step, kept in range.

    Choices move to the neighbouring option (staying at the ends); an optional field that is
    off is switched on at its default; toggles flip.
    """
    if f.kind == "toggle":
        return not bool(value)
    if f.kind == "choice":
        options = [v for v, _ in choices_for(f, value)]
        i = options.index(value) if value in options else 0
        return options[min(max(i + direction, 0), len(options) - 1)]
    if value is None:
        return tidy(f, f.on_default)
    units = round(float(value) / f.step, 6)
    target = (math.floor(units) + 1 if direction > 0 else math.ceil(units) - 1) * f.step
    return tidy(f, min(max(target, f.lo), f.hi))


def slider_position(f: EditField, value: Any) -> float:
    """Where the knob sits, 0..1 (the inverse of value_at)."""
    if value is None or f.hi <= f.lo:
        return 0.0
    frac = (float(value) - f.lo) / (f.hi - f.lo)
    return min(max(frac, 0.0), 1.0) ** (1.0 / f.curve)


def value_at(f: EditField, position: float) -> float | int:
    """The value under the knob at 0..1 along the slider, on the step grid and in range."""
    position = min(max(float(position), 0.0), 1.0)
    raw = f.lo + (f.hi - f.lo) * position ** f.curve
    snapped = min(max(round(raw / f.step) * f.step, f.lo), f.hi)
    # the ends are reachable even when they are not on the step grid (time limit: 3 s)
    return tidy(f, min((snapped, f.lo, f.hi), key=lambda c: abs(c - raw)))


def easier_direction_words(f: EditField) -> tuple[str, str]:
    """Words for the slider's two ends: ("easier", "harder") when smaller is easier, and so on."""
    if f.easier > 0:
        return "harder", "easier"
    if f.easier < 0:
        return "easier", "harder"
    return "less", "more"


def build_changes(game: str, data: Mapping[str, Any], values: Mapping[str, Any], title: str) -> dict[str, Any]:
    """The dotted-path changes for with_fields: only what differs from the level as loaded."""
    start = initial_values(game, data)
    changes: dict[str, Any] = {}
    for f in fields_for(game, data):
        if f.key not in values or values[f.key] == start.get(f.key):
            continue
        value = values[f.key]
        special = _hook(game, "changes", _none)(f.key, data, value)   # a field that is not a file key
        if special is not None:
            changes.update(special)
            continue
        changes[f.key] = value if f.kind in ("choice", "toggle") or value is None else tidy(f, value)
    if title != data.get("title"):
        changes[TITLE] = title
    return changes


def apply_edit(loaded: LoadedLevel, values: Mapping[str, Any], title: str) -> LoadedLevel:
    """The edited level, validated exactly as `levels check` does; raises LevelError naming fields."""
    data = level_data(loaded.text)
    return with_fields(loaded.text, build_changes(loaded.game, data, values, title), loaded.path.name)


def problem_field(game: str, problem: LevelProblem, keys: list[str]) -> str | None:
    """Which editor field a problem belongs to (a drop's speed belongs to the speed factor), if any."""
    path = problem.field
    own = _hook(game, "field_for_problem", _none)(path, keys)
    if own is not None:
        return own
    return path if path in keys else None


def plain_problem(game: str, problem: LevelProblem) -> str:
    """The problem's message with file field names replaced by the editor's words for them."""
    text = problem.message
    for f in FIELDS[game]:
        name = f.key.rsplit(".", 1)[-1]
        if "_" not in name:   # one-word names ("beats") also appear as ordinary words in messages
            continue
        text = re.sub(rf"(?<![\w.]){re.escape(name)}(?!\w)", f"\u201c{f.label}\u201d", text)
    return text[:1].upper() + text[1:]


def summary(loaded: LoadedLevel) -> list[str]:
    """Two or three plain sentences about what the child will meet, shown under the preview."""
    return game_editor(loaded.game).summary(loaded)


def file_stem(title: str) -> str:
    """A safe file name from a title: lower-case letters, digits and _, at most 40, never empty."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    stem = re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")[:MAX_STEM].strip("_")
    if not stem:
        stem = "level"
    if stem in RESERVED_STEMS:
        stem = f"level_{stem}"
    return stem


def new_level_path(folder: Path, title: str) -> Path:
    """A file name in `folder` that does not exist yet: title.toml, then title_2.toml, title_3.toml..."""
    stem = file_stem(title)
    taken = {p.name.lower() for p in folder.iterdir()} if folder.is_dir() else set()
    n = 1
    while True:
        name = f"{stem}.toml" if n == 1 else f"{stem}_{n}.toml"
        if name.lower() not in taken:
            return folder / name
        n += 1


def saved_text(edited: LoadedLevel, based_on: str) -> str:
    """The file's text: a comment saying where it came from, then the level."""
    return f"# Made in the MotorPlay level editor from {based_on}\n{edited.text}"


def save_new_level(edited: LoadedLevel, folder: Path, based_on: str) -> Path:
    """Write the edited level as a NEW file in the user's levels folder; never overwrites anything.

    The text is validated once more exactly as written, and the file is created exclusively
    (a file that appears meanwhile gets the next number), so nothing is ever replaced.
    """
    from game.paths import shipped_dir

    shipped = shipped_dir("levels").resolve()
    target = folder.resolve()
    if target == shipped or shipped in target.parents:
        raise UserError(f"{folder}: the shipped levels folder is read-only; save into the user's levels folder")
    text = saved_text(edited, based_on)
    parse_level(text, str(folder / "new level"))   # raises LevelError if the comment broke anything
    folder.mkdir(parents=True, exist_ok=True)
    for _ in range(1000):
        path = new_level_path(folder, edited.title)
        try:
            with path.open("x", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
            return path
        except FileExistsError:
            continue
    raise UserError(f"{folder}: could not find a free file name for {edited.title!r}")


def is_user_level(path: Path, user_dir: Path) -> bool:
    """A level in the grown-up's own folder (made in the editor or copied in): marked "yours"."""
    try:
        return path.resolve().parent == user_dir.resolve()
    except OSError:
        return False


def copy_title(title: str) -> str:
    """The suggested name for the edited copy, within the 60 characters a title may have."""
    suffix = " (my copy)"
    return title[: 60 - len(suffix)].rstrip() + suffix


__all__ = [
    "EditField", "FIELDS", "LevelError", "apply_edit", "build_changes", "choices_for", "clamp_value",
    "copy_title", "easier_direction_words", "field_by_key", "fields_for", "file_stem", "initial_values",
    "is_user_level", "new_level_path", "plain_problem", "problem_field", "save_new_level", "saved_text",
    "schedule_kind", "shown", "slider_position", "step_value", "summary", "tidy", "value_at",
]
