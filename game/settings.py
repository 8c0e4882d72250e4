"""Per-machine settings a grown-up sets once (settings.toml in the data folder).

Unknown keys and bad values are errors naming the key, like level files; a missing file
means the defaults.
"""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Collection

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from game.errors import UserError
from game.userfiles import TomlProblem, clip, parse_toml

SETTINGS_NAME = "settings.toml"
MAX_SETTINGS_BYTES = 64_000
# What the headless commands (play --headless, screenshot) read; the others read no settings at all.
HEADLESS_USES = ("audio_latency_ms",)
KEY_HELP = "pygame key names such as f, j, a, l, space, left shift"


def key_code(name: str) -> int:
    """pygame's code for a key name, or ValueError; pygame is imported only here, when a key is checked."""
    import warnings

    import pygame

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "pygame.init() has not been called": the name table needs no display
        return pygame.key.key_code(name)


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    audio_latency_ms: Annotated[float | None, Field(strict=True, allow_inf_nan=False, ge=0, le=500)] = Field(
        None, description="audio output latency in ms, 0 to 500, overriding the Sound timing calibration; "
        "tapping asynchronies are corrected by it")
    sound: Annotated[bool, Field(strict=True)] = Field(True, description="true or false: play sounds")
    tap_left_key: Annotated[str, Field(strict=True, min_length=1, max_length=12)] = Field(
        "f", description="key name for the left pad (pygame key name, e.g. f, a, left shift)")
    tap_right_key: Annotated[str, Field(strict=True, min_length=1, max_length=12)] = Field(
        "j", description="key name for the right pad (pygame key name, e.g. j, l, right shift)")

    @field_validator("tap_left_key", "tap_right_key")
    @classmethod
    def _real_key(cls, name: str) -> str:
        try:
            code = key_code(name)
        except (ValueError, Exception) as exc:  # pygame.error is an Exception too
            raise ValueError(f"unknown key name {clip(name, 20)!r}") from exc
        if code == key_code("escape"):
            raise ValueError("escape is kept for pause; choose another key")
        return name

    @model_validator(mode="after")
    def _two_keys(self) -> "Settings":
        if self.tap_left_key.lower() == self.tap_right_key.lower():
            raise ValueError("tap_right_key must differ from tap_left_key")
        return self


def _field_of(err: dict) -> str:
    # The one check across fields (the two tap keys differ) is about the second key.
    return str(err["loc"][0]) if err["loc"] else "tap_right_key"


def _problem(path: Path | str, err: dict) -> str:
    key = ".".join(clip(p, 40) for p in err["loc"]) if err["loc"] else _field_of(err)
    if err["type"] == "extra_forbidden":
        return f"{path}: unknown setting \"{key}\"; allowed: {', '.join(Settings.model_fields)}"
    info = Settings.model_fields.get(_field_of(err))
    allowed = info.description if info is not None and info.description else ", ".join(Settings.model_fields)
    message = err["msg"].lower().removeprefix("value error, ")
    return f"{path}: {key}: {message}; allowed: {allowed}"


def load_settings(folder: Path, uses: Collection[str] | None = None) -> Settings:
    """The settings a command uses, from <folder>/settings.toml (missing file: the defaults).

    One rule for every command: a problem stops a command only if the command uses that
    setting (`uses`, None for all of them); a setting it does not use, or a whole file that
    it does not read, never stops it. Unknown keys stop every command that reads the file
    (a misspelt setting would otherwise be silently ignored).
    """
    needed = set(Settings.model_fields if uses is None else uses)
    if not needed:
        return Settings()
    path = folder / SETTINGS_NAME
    try:
        size = path.stat().st_size
        if size > MAX_SETTINGS_BYTES:
            raise UserError(f"{path}: is {size:,} bytes; a settings file is a few lines (at most "
                            f"{MAX_SETTINGS_BYTES:,} bytes)")
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        return Settings()
    except UnicodeDecodeError as exc:
        raise UserError(f"{path}: is not UTF-8 text (bad byte at offset {exc.start})") from None
    except OSError as exc:
        raise UserError(f"{path}: cannot read settings ({exc.strerror})") from None
    try:
        data = parse_toml(text)
    except TomlProblem as exc:
        raise UserError(f"{path}: {exc}") from None
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    for err in errors:
        if err["type"] == "extra_forbidden" or _field_of(err) in needed:
            raise UserError(_problem(path, err)) from None
    # Every problem is in a setting this command does not use: go on with the defaults there
    # (dropping one may expose another, e.g. a right key equal to the default left key).
    bad: set[str] = set()
    while True:
        grown = bad | {_field_of(err) for err in errors}
        if grown == bad:   # no progress (two unused keys that clash with each other's defaults)
            kept = {k: v for k, v in data.items() if k in needed}
            try:
                return Settings.model_validate(kept)
            except ValidationError as exc:
                raise UserError(_problem(path, exc.errors(include_url=False)[0])) from None
        bad = grown
        try:
            return Settings.model_validate({k: v for k, v in data.items() if k not in bad})
        except ValidationError as exc:
            errors = exc.errors(include_url=False)


def settings_text(values: "Settings | dict") -> str:
    """settings.toml text for these values, validated exactly as load_settings reads them back.

    Pure (no file): the therapist area's settings screen writes what this returns. Raises
    UserError naming the key and what is allowed.
    """
    import tomli_w

    data = values.model_dump() if isinstance(values, Settings) else dict(values)
    try:
        settings = Settings.model_validate(data)
    except ValidationError as exc:
        raise UserError(_problem(SETTINGS_NAME, exc.errors(include_url=False)[0])) from None
    return ("# MotorPlay settings (written by the therapist area; edit by hand if you like)\n"
            + tomli_w.dumps(settings.model_dump(exclude_none=True)))


def save_settings(folder: Path, values: "Settings | dict") -> Path:
    """Write <folder>/settings.toml (validated first; replaced in one step so it is never half-written)."""
    text = settings_text(values)
    path = folder / SETTINGS_NAME
    tmp = path.with_name(SETTINGS_NAME + ".tmp")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        raise UserError(f"{path}: cannot save settings ({exc.strerror})") from None
    return path
