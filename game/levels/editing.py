"""The level editor's pure parts: which fields a therapist may turn, how far, and how a copy is saved.

Kept apart from the scene so the ranges, the stepping, the file naming and the edit that is
validated can be tested exactly. Ranges are the level models' own limits (a test checks them
against the models' JSON Schema); an edit is always validated by game.levels.edit.with_fields,
the same code as `levels check`, before it can be saved.
"""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

from game.errors import UserError
from game.games import GAMES
from game.levels.base import LevelProblem
from game.levels.edit import level_data, with_fields
from game.levels.loader import LevelError, LoadedLevel, parse_level

SPEED_FACTOR = "catching.drops.speed_factor"
"""Not a file key: levels with explicit drops scale every drop's speed by one factor."""
TITLE = "title"
MAX_STEM = 40
RESERVED_STEMS = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
                            *(f"lpt{i}" for i in range(1, 10))})


@dataclass(frozen=True)
class EditField:
    """One thing a therapist can change, in the level file's own unit and range.

    kind: "number" (slider and steppers), "choice" (one of `choices`), "toggle" (true/false).
    easier: +1 if a larger value is easier for the child, -1 if smaller is, 0 if neither.
    applies: "all", "random" (random catching schedules), "drops" (explicit drops),
    "shape_text" (tracing shapes and text, which have a size).
    """

    key: str
    label: str
    kind: str = "number"
    lo: float = 0.0
    hi: float = 0.0
    step: float = 1.0
    whole: bool = False
    unit: str = ""
    choices: tuple[tuple[Any, str], ...] = ()   # (value in the file, words on the button)
    optional: bool = False        # may be switched off (removed from the file)
    off_words: str = "off"
    on_default: float = 0.0       # the value when switched on
    default: Any = None           # the model's default when the file leaves it out
    easier: int = 0
    easiest: Any = None           # choices/toggles: the option that is easiest
    applies: str = "all"
    shown_scale: float = 1.0      # shown = value x this (a fraction shown as %)
    curve: float = 1.0            # slider: value = lo + (hi - lo) * position ** curve (wide ranges > 1)
    hint: str = ""


def _n(key: str, label: str, lo: float, hi: float, step: float, unit: str, **kw: Any) -> EditField:
    return EditField(key, label, "number", lo, hi, step, unit=unit, **kw)


def _axis(game: str, unit: str, **kw: Any) -> EditField:
    """The game's difficulty axis as a slider: its label, range and step from game/games/<name>/."""
    axis = GAMES[game].axis
    lo, hi, step = axis.editor
    return _n(axis.field, axis.label, lo, hi, step, unit, easier=-axis.harder, **kw)


ATTEMPTS = _n("attempts", "Tries in a row", 1, 10, 1, "", whole=True, default=1,
              hint="how many goes before the results")

FIELDS: Mapping[str, tuple[EditField, ...]] = MappingProxyType({
    "tracing": (
        _axis("tracing", "each side", curve=1.5, hint="how far from the line still counts as on the road"),
        EditField("tracing.guide", "Help shown", "choice", default="full", easiest="full",
                  choices=(("full", "Whole road"), ("fading", "Fading"), ("start", "Start dot only")),
                  hint="how much of the road the child sees"),
        _n("tracing.time_limit_s", "Time limit", 3, 600, 5, "s", optional=True, off_words="No limit",
           on_default=60, easier=+1, easiest=None, curve=2.5, hint="the try ends by itself after this long"),
        _n("tracing.size", "Size", 20, 1280, 10, "units", applies="shape_text", curve=1.5,
           hint="shape width, or letter height"),
        ATTEMPTS,
    ),
    "catching": (
        _n("catching.catcher_width", "Basket width", 40, 640, 10, "units", easier=+1, curve=1.5,
           hint="a wider basket is easier"),
        _axis("catching", "units/s", applies="random", curve=2.5, hint="how fast things come down"),
        _n(SPEED_FACTOR, "Falling speed", 0.25, 4, 0.05, "", easier=-1, applies="drops", curve=2,
           default=1.0, hint="every drop's speed times this"),
        _n("catching.spawn_interval_s", "Time between", 0.3, 30, 0.1, "s", easier=+1, applies="random",
           curve=2.5, hint="seconds from one thing to the next"),
        _n("catching.object_radius", "Fruit size", 10, 80, 2, "units", easier=+1,
           hint="radius of each fruit; bigger is easier to see"),
        _n("catching.max_in_flight", "At once, at most", 1, 8, 1, "", whole=True, optional=True,
           off_words="No limit", on_default=1, easier=-1, applies="random",
           hint="how many can be on the way down together"),
        _n("catching.count", "How many", 1, 100, 1, "", whole=True, applies="random", curve=2,
           hint="things to catch in one try"),
        _n("catching.distractors", "Rocks", 0, 0.9, 0.05, "%", easier=-1, applies="random",
           default=0.0, shown_scale=100, hint="share of grey rocks to let fall"),
        EditField("catching.trajectory", "How they move", "choice", default="fall", easiest="fall",
                  choices=(("fall", "Fall"), ("diagonal", "Slant"), ("arc", "Thrown"), ("bounce", "Bounce")),
                  hint="straight down is easiest to follow"),
        EditField("catching.side", "Where they land", "choice", default="both", applies="random",
                  choices=(("both", "Anywhere"), ("left", "Left"), ("right", "Right"), ("cross", "Cross")),
                  hint="cross: left, right, left... over the middle"),
        ATTEMPTS,
    ),
    "tapping": (
        _axis("tapping", "beats/min", hint="slower is easier"),
        _n("tapping.window_ms", "Hit window", 20, 1000, 10, "± ms", easier=+1, default=200.0, curve=2,
           hint="how close to the beat still counts"),
        EditField("tapping.pattern", "Which drums", "choice", easiest="left",
                  choices=(("left", "Left"), ("right", "Right"), ("both", "Both"), ("alternate", "L-R"),
                           ("LLRR", "LLRR"), ("LRB-", "LRB-")),
                  hint="one hand is easiest; L-R takes turns"),
        _n("tapping.beats", "Beats with clicks", 1, 400, 1, "beats", whole=True, curve=2.5,
           hint="how long the try is"),
        _n("tapping.continuation_beats", "Keep-going beats", 0, 400, 1, "beats", whole=True, default=0,
           easier=-1, curve=2.5, hint="beats after the clicks stop"),
        EditField("tapping.metronome_sound", "Click sound", "toggle", default=True, easiest=True,
                  choices=((True, "On"), (False, "Off")), hint="a click on every beat"),
        EditField("tapping.metronome_visual", "Beat light", "toggle", default=True, easiest=True,
                  choices=((True, "On"), (False, "Off")), hint="a light that flashes on every beat"),
        ATTEMPTS,
    ),
})


def field_by_key(game: str, key: str) -> EditField:
    for f in FIELDS[game]:
        if f.key == key:
            return f
    raise KeyError(f"{game} has no editable field {key!r}")


def schedule_kind(data: Mapping[str, Any]) -> str:
    """What kind of level this is, for which fields apply: random, drops, shape_text or strokes."""
    if "catching" in data:
        return "drops" if "drops" in data["catching"] else "random"
    spec = data.get("tracing", {})
    return "strokes" if "strokes" in spec else "shape_text"


def fields_for(game: str, data: Mapping[str, Any]) -> list[EditField]:
    """The fields that apply to this level (a level with drops has no random-schedule fields...)."""
    kind = schedule_kind(data)
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
    for f in fields_for(game, data):
        if f.key == SPEED_FACTOR:
            values[f.key] = 1.0
            continue
        value = _get(data, f.key)
        if value is None and f.key == "tracing.size":
            from game.games.tracing.level import DEFAULT_SHAPE_SIZE, DEFAULT_TEXT_SIZE

            value = DEFAULT_TEXT_SIZE if "text" in data.get("tracing", {}) else DEFAULT_SHAPE_SIZE
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
    if f.key == SPEED_FACTOR:
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
        if f.key == SPEED_FACTOR:
            drops = [dict(d) for d in data["catching"]["drops"]]
            for d in drops:
                d["speed"] = tidy(f, float(d["speed"]) * float(value))
            changes["catching.drops"] = drops
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
    if path.startswith("catching.drops") and SPEED_FACTOR in keys:
        return SPEED_FACTOR
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
    level: Any = loaded.level
    if loaded.game == "tracing":
        spec = level.tracing
        import numpy as np

        length = sum(float(np.hypot(*np.diff(s, axis=0).T).sum()) for s in loaded.template)
        guide = {"full": "the whole road is shown", "fading": "the road fades out ahead of the finger",
                 "start": "only the start dot and a small picture are shown"}[spec.guide]
        limit = f"{spec.time_limit_s:g} s to finish" if spec.time_limit_s else "no time limit"
        return [f"The road is {2 * spec.tolerance:g} wide ({spec.tolerance:g} each side of the line).",
                f"The path is {length:.0f} long; {guide}.", f"{limit[:1].upper()}{limit[1:]}."]
    if loaded.game == "catching":
        from game.games.catching.rules import schedule

        spec = level.catching
        flights = schedule(spec)
        rocks = sum(f.distractor for f in flights)
        fall = sum(f.flight_s for f in flights) / len(flights)
        first = f"{len(flights) - rocks} to catch" + (f" and {rocks} rocks to let fall" if rocks else "") + "."
        gaps = [b.spawn_t - a.spawn_t for a, b in zip(flights, flights[1:])]
        every = f", a new one about every {sum(gaps) / len(gaps):.1f} s" if gaps else ""
        end = max(f.cross_t for f in flights)
        return [first, f"Each takes {fall:.1f} s to come down{every}.",
                f"Basket {spec.catcher_width:g} wide; about {end:.0f} s in all."]
    spec = level.tapping
    gap = 60.0 / spec.tempo_bpm
    end = spec.lead_in_s + (spec.beats + spec.continuation_beats - 1) * gap + spec.window_ms / 1000
    keep = f", then {spec.continuation_beats} without clicks" if spec.continuation_beats else ""
    cue = " and ".join(n for n, on in (("a click", spec.metronome_sound), ("a light", spec.metronome_visual)) if on)
    return [f"{spec.beats} beats with {cue or 'no cue'}{keep}: one every {gap:.2f} s.",
            f"A tap counts within ± {spec.window_ms:g} ms of its beat.", f"About {end:.0f} s in all."]


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


def copy_title(title: str) -> str:
    """The suggested name for the edited copy, within the 60 characters a title may have."""
    suffix = " (my copy)"
    return title[: 60 - len(suffix)].rstrip() + suffix


__all__ = [
    "EditField", "FIELDS", "SPEED_FACTOR", "LevelError", "apply_edit", "build_changes", "choices_for", "clamp_value",
    "copy_title", "easier_direction_words", "field_by_key", "fields_for", "file_stem", "initial_values",
    "new_level_path", "plain_problem", "problem_field", "save_new_level", "saved_text", "schedule_kind", "shown",
    "slider_position", "step_value", "summary", "tidy", "value_at",
]
