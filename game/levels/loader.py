"""Read level files into validated, frozen models, or into one clear problem per mistake.

The level file is the therapist's interface, so every problem names the file, the field
path as written and what is allowed. A broken file never stops the game: the level picker
shows it greyed with its first problem.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from pydantic import BaseModel, ValidationError

from game.errors import UserError
from game.levels.base import LevelBase, LevelProblem
from game.userfiles import TomlProblem, clip, parse_toml, strip_bom

MAX_LEVEL_BYTES = 256_000   # the largest shipped level is under 1 KB; a 5,000-point one is about 100 KB
MAX_PROBLEMS_SHOWN = 20     # per file, by `levels check` and the therapist area; the rest are counted


class LevelError(UserError):
    """A level that cannot be played; str() is the first problem, `problems` has them all."""

    def __init__(self, problems: list[LevelProblem]):
        self.problems = problems
        more = f" (and {len(problems) - 1:,} more problem{'s' if len(problems) > 2 else ''})" if len(problems) > 1 else ""
        super().__init__(f"{problems[0]}{more}")


def shown_problems(problems: list[LevelProblem], limit: int = MAX_PROBLEMS_SHOWN) -> list[str]:
    """The lines to print for one file's problems: the first `limit`, then how many more."""
    lines = [str(p) for p in problems[:limit]]
    if len(problems) > limit:
        lines.append(f"{problems[0].file}: … and {len(problems) - limit:,} more problems")
    return lines


@dataclass(frozen=True, eq=False)
class LoadedLevel:
    """A valid level with the exact text it came from, so a record says which version was played."""

    path: Path
    text: str
    level: LevelBase
    sha256: str = field(default="")

    @property
    def game(self) -> str:
        return self.level.game

    @property
    def title(self) -> str:
        return self.level.title


def _fmt_loc(loc: Iterable[Any]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + clip(part, 40)
    return out


def _field_info(model: type[BaseModel], loc: tuple) -> Any:
    """The FieldInfo at a loc path (skipping list indexes), for its 'allowed' description."""
    info = None
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)) or part not in current.model_fields:
            return None
        info = current.model_fields[part]
        ann = info.annotation
        current = ann if isinstance(ann, type) and issubclass(ann, BaseModel) else None
    return info


def _allowed_keys(model: type[BaseModel], loc: tuple) -> list[str]:
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        ann = current.model_fields[part].annotation if part in current.model_fields else None
        if not (isinstance(ann, type) and issubclass(ann, BaseModel)):
            return []
        current = ann
    return list(current.model_fields)


def _n(value: Any) -> str:
    return f"{value:g}" if isinstance(value, (int, float)) and not isinstance(value, bool) else str(value)


def _got(value: Any) -> str:
    try:
        text = json.dumps(value, default=str)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _problem_text(model: type[BaseModel], err: dict) -> tuple[str, str]:
    loc = tuple(err["loc"])
    kind = err["type"]
    ctx = err.get("ctx") or {}
    got = f" (got {_got(err.get('input'))})"
    if kind == "extra_forbidden":
        allowed = _allowed_keys(model, loc[:-1])
        return _fmt_loc(loc), f"unknown field \"{clip(loc[-1], 40)}\"; allowed: {', '.join(allowed)}"
    info = _field_info(model, loc)
    allowed = f"; allowed: {info.description}" if info is not None and info.description else ""
    if kind == "missing":
        return _fmt_loc(loc), f"is required but missing{allowed}"
    messages = {
        "greater_than_equal": f"must be at least {_n(ctx.get('ge'))}",
        "greater_than": f"must be more than {_n(ctx.get('gt'))}",
        "less_than_equal": f"must be at most {_n(ctx.get('le'))}",
        "less_than": f"must be less than {_n(ctx.get('lt'))}",
        "finite_number": "must be a finite number",
        "float_type": "must be a number",
        "int_type": "must be a whole number",
        "int_from_float": "must be a whole number",
        "bool_type": "must be true or false",
        "string_type": "must be text in quotes",
        "literal_error": f"must be {ctx.get('expected', 'one of the allowed values')}",
        "too_short": f"needs at least {ctx.get('min_length')} item{'s' if ctx.get('min_length') != 1 else ''}",
        "too_long": f"may have at most {ctx.get('max_length')} item{'s' if ctx.get('max_length') != 1 else ''}",
        "string_too_short": "must not be empty",
        "string_too_long": f"may be at most {ctx.get('max_length')} characters",
        "tuple_type": "must be a list, like [1, 2]",
        "model_type": "must be a table",
    }
    message = messages.get(kind, err["msg"][:1].lower() + err["msg"][1:])
    trailing = len(loc) - max((i for i, part in enumerate(loc) if not isinstance(part, int)), default=-1) - 1
    if kind in ("too_short", "too_long") and ctx.get("field_type") == "Tuple":
        if trailing == 2 or (trailing == 0 and loc and loc[-1] == "center"):
            message = "must be a point [x, y], two numbers"
        elif trailing == 1 and "strokes" in loc:
            message = ("a stroke needs at least 2 points" if kind == "too_short" else
                       f"a stroke may have at most {ctx.get('max_length')} points")
    return _fmt_loc(loc), f"{message}{got}{allowed}"


def _pydantic_problems(model: type[BaseModel], exc: ValidationError, file: str) -> list[LevelProblem]:
    errors = exc.errors(include_url=False)
    locs = [tuple(e["loc"]) for e in errors]
    # A parent complaining because a child failed adds nothing; keep the deepest error.
    # Every proper prefix of every loc, once: linear in the number of errors times their depth.
    parents = {loc[:k] for loc in locs for k in range(len(loc))}
    problems = []
    seen = set()
    for err, loc in zip(errors, locs):
        if loc in parents:
            continue
        field_path, message = _problem_text(model, err)
        if (field_path, message) in seen:
            continue
        seen.add((field_path, message))
        problems.append(LevelProblem(file, field_path, message))
    return problems


def parse_level(text: str, file: str, path: Path | None = None, expected_game: str | None = None) -> LoadedLevel:
    """Validate level text; raises LevelError listing every problem found.

    `expected_game`: the game whose folder the file is in; a level of another game there is
    a problem that says where it belongs (the picker would otherwise list it under the wrong game).
    """
    from game.games import GAMES

    text = strip_bom(text)
    try:
        data = parse_toml(text)
    except TomlProblem as exc:
        raise LevelError([LevelProblem(file, "", str(exc))]) from None
    game = data.get("game")
    if not isinstance(game, str) or game not in GAMES:
        allowed = ", ".join(f'"{name}"' for name in GAMES)
        what = "is required but missing" if game is None else f"unknown game {_got(game)}"
        raise LevelError([LevelProblem(file, "game", f"{what}; allowed: {allowed}")])
    if expected_game is not None and game != expected_game:
        raise LevelError([LevelProblem(file, "game", f'is "{game}", but this file is in the {expected_game} levels '
                                       f'folder; move it to the {game} folder (levels/{game}/)')])
    gamedef = GAMES[game]
    try:
        level = gamedef.level_model.model_validate(data)
    except ValidationError as exc:
        raise LevelError(_pydantic_problems(gamedef.level_model, exc, file)) from None
    problems = gamedef.level_problems(level, file)
    if problems:
        raise LevelError(problems)
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return LoadedLevel(path=path or Path(file), text=text, level=level, sha256=sha)


def read_level_text(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_LEVEL_BYTES:
            raise LevelError([LevelProblem(str(path), "", f"is {size} bytes; a level file may be at most "
                                           f"{MAX_LEVEL_BYTES} bytes")])
        return strip_bom(path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        raise LevelError([LevelProblem(str(path), "", "level file not found")]) from None
    except IsADirectoryError:
        raise LevelError([LevelProblem(str(path), "", "is a folder, not a level file")]) from None
    except UnicodeDecodeError as exc:
        raise LevelError([LevelProblem(str(path), "", f"is not UTF-8 text (bad byte at offset {exc.start})")]) from None
    except OSError as exc:
        raise LevelError([LevelProblem(str(path), "", f"cannot be read ({exc.strerror})")]) from None


def load_level(path: str | Path, expected_game: str | None = None) -> LoadedLevel:
    p = Path(path)
    return parse_level(read_level_text(p), str(p), p, expected_game)


def folder_game(folder: Path) -> str | None:
    """The game a levels folder is for, by its name (levels/tracing, <data>/levels/catching), if any."""
    from game.games import GAMES

    return folder.name if folder.name in GAMES else None


def check_level(path: str | Path, expected_game: str | None = None) -> list[LevelProblem]:
    try:
        load_level(path, expected_game)
    except LevelError as exc:
        return exc.problems
    return []


@dataclass(frozen=True)
class LevelEntry:
    """A level file as the level picker sees it: playable, or greyed with the reason."""

    path: Path
    loaded: LoadedLevel | None
    problems: tuple[LevelProblem, ...]

    @property
    def title(self) -> str:
        if self.loaded is not None:
            return self.loaded.title
        return self.path.stem.replace("_", " ").replace("-", " ")


def level_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.toml") if p.is_file())


def discover(folder: Path) -> list[LevelEntry]:
    entries = []
    game = folder_game(folder)
    for p in level_files(folder):
        try:
            entries.append(LevelEntry(p, load_level(p, game), ()))
        except LevelError as exc:
            entries.append(LevelEntry(p, None, tuple(exc.problems)))
    return entries


def level_ref(path: Path) -> str:
    """How records name a level file: relative to the shipped levels folder, else its full path."""
    from game.paths import shipped_dir

    try:
        return path.resolve().relative_to(shipped_dir("levels").resolve()).as_posix()
    except ValueError:
        return str(path.resolve())
