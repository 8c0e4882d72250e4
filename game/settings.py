"""Per-machine settings a grown-up sets once (settings.toml in the data folder).

Unknown keys and bad values are errors naming the key, like level files; a missing file
means the defaults.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from game.errors import UserError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

SETTINGS_NAME = "settings.toml"


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    audio_latency_ms: Annotated[float, Field(strict=True, allow_inf_nan=False, ge=0, le=500)] = Field(
        0.0, description="audio output latency in ms, 0 to 500; tapping asynchronies are corrected by it")
    sound: Annotated[bool, Field(strict=True)] = Field(True, description="true or false: play sounds")
    tap_left_key: Annotated[str, Field(strict=True, min_length=1, max_length=12)] = Field(
        "f", description="key name for the left pad (pygame key name, e.g. f, a, left shift)")
    tap_right_key: Annotated[str, Field(strict=True, min_length=1, max_length=12)] = Field(
        "j", description="key name for the right pad (pygame key name, e.g. j, l, right shift)")


def load_settings(folder: Path) -> Settings:
    path = folder / SETTINGS_NAME
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings()
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"{path}: cannot read settings ({exc})") from None
    try:
        return Settings.model_validate(tomllib.loads(text))
    except tomllib.TOMLDecodeError as exc:
        raise UserError(f"{path}: not valid TOML: {exc}") from None
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err["loc"])
        info = Settings.model_fields.get(str(err["loc"][0])) if err["loc"] else None
        allowed = f"; allowed: {info.description}" if info is not None and info.description else \
            f"; allowed: {', '.join(Settings.model_fields)}"
        raise UserError(f"{path}: {field}: {err['msg'].lower()}{allowed}") from None


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
        err = exc.errors()[0]
        key = ".".join(str(p) for p in err["loc"])
        info = Settings.model_fields.get(str(err["loc"][0])) if err["loc"] else None
        allowed = info.description if info is not None and info.description else ", ".join(Settings.model_fields)
        raise UserError(f"{SETTINGS_NAME}: {key}: {err['msg'].lower()}; allowed: {allowed}") from None
    return ("# MotorPlay settings (written by the therapist area; edit by hand if you like)\n"
            + tomli_w.dumps(settings.model_dump()))


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
