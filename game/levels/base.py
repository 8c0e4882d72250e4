"""What every level file shares: the format version, the game, a title, how many attempts.

Models are frozen and forbid unknown keys, so a typo in a therapist's file is an error that
names the key rather than a setting silently ignored.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

CANVAS_W = 1280
CANVAS_H = 720
# An attempt with no end of its own (tracing without a time limit) ends by itself after this
# long, so every level has a longest attempt and an events file that runs past it is refused.
MAX_ATTEMPT_S = 600.0


def number(description: str, **limits: float) -> object:
    """A finite float field (ints accepted, strings and booleans refused) with a plain description."""
    return Field(strict=True, allow_inf_nan=False, description=description, **limits)


Num = Annotated[float, Field(strict=True, allow_inf_nan=False)]
Point = tuple[Num, Num]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LevelBase(Strict):
    format: Literal[1] = Field(description="the level file format version: 1")
    game: str = Field(description="which game this level is for")
    title: Annotated[str, Field(strict=True, min_length=1, max_length=60)] = Field(
        description="a short name shown under the level's picture, 1 to 60 characters")
    instructions: Annotated[str, Field(strict=True, max_length=200)] | None = Field(
        None, description="one sentence for the grown-up, up to 200 characters")
    attempts: Annotated[int, Field(strict=True, ge=1, le=10)] = Field(
        1, description="how many tries in a row, a whole number from 1 to 10")


@dataclass(frozen=True)
class LevelProblem:
    """One problem in one level file: where, which field, what is wrong and what is allowed."""

    file: str
    field: str
    message: str

    def __str__(self) -> str:
        from game.userfiles import one_line

        text = f"{self.file}: {self.field}: {self.message}" if self.field else f"{self.file}: {self.message}"
        return one_line(text)
