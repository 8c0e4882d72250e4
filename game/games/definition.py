"""What every game gives the rest of MotorPlay: its definition (GameDef), one per game folder.

Each game lives in one folder, game/games/<name>/, whose __init__ builds its GameDef; the
registry (game/games/__init__.py) lists them. Shared code only ever goes through a GameDef,
so it never needs to ask which game it is. Scenes are named by import path so that the pure
side (loading, scoring, exporting) never imports the display.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from game.levels.base import LevelBase, LevelProblem


@dataclass(frozen=True)
class Headline:
    """One of the two or three numbers shown on the results screen."""

    label: str
    metric: str
    unit: str
    decimals: int = 0


@dataclass(frozen=True)
class GameDef:
    name: str
    title: str                       # shown to grown-ups; children see the picture
    level_model: type[LevelBase]
    level_problems: Callable[[LevelBase, str], list[LevelProblem]]
    difficulty: Callable[[LevelBase], dict[str, object]]
    difficulty_fields: tuple[str, ...]
    metrics: tuple[str, ...]
    score: Callable[..., dict]       # (loaded level, events, **options) -> metrics
    stars: Callable[[dict], int]     # 1..3, never 0: every try earns a star
    headlines: tuple[Headline, ...]
    scene: str                       # "module:Class", imported only by the app
    longest_attempt_s: Callable[[LevelBase], float]  # the most one attempt at a level can last, s
    # Input no real attempt produces and that scoring would choke on: a one-line reason, or None.
    events_problem: Callable[..., str | None] = lambda loaded, events: None


def share_stars(metric: str, three: float = 80.0, two: float = 50.0) -> Callable[[dict], int]:
    """Stars from a percentage: 3 from `three`%, 2 from `two`%, otherwise 1 (never 0)."""
    def stars(m: dict) -> int:
        value = m.get(metric) or 0.0
        return 3 if value >= three else 2 if value >= two else 1

    return stars
