"""The games MotorPlay knows: for each, its level model, scorer, metrics and scene.

Everything outside a game's own modules goes through this table, so adding a game means
adding one entry here. Scenes are named by import path so that the pure side (loading,
scoring, exporting) never imports the display.
"""
from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Callable, Mapping, Sequence

from game.events import Event
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


def _tracing_score(loaded, events: Sequence[Event], **_options) -> dict:
    from game.metrics.tracing import tracing_metrics
    from game.play.tracing import replay

    spec = loaded.level.tracing
    result = replay(loaded.template, spec.tolerance, spec.time_limit_s, events)
    problem = _tracing_events_problem(loaded, result.events)
    if problem:
        from game.errors import UserError

        raise UserError(problem)
    return tracing_metrics(loaded.template, spec.tolerance, result.events, result.completed)


MAX_TRACE_LENGTH = 200_000.0  # play units: 8 times the longest path a level may have, ~160 screen widths


def _tracing_events_problem(loaded, events: Sequence[Event]) -> str | None:
    """Junk input that would take gigabytes to resample (scoring works along the ink), or None."""
    import numpy as np

    xy = np.array([(e.x, e.y) for e in events if e.type in ("down", "move", "up")], dtype=float)
    if len(xy) > 1:
        length = float(np.hypot(*np.diff(xy, axis=0).T).sum())
        if length > MAX_TRACE_LENGTH:
            return (f"the trace is {length:,.0f} play units long, more than any real attempt "
                    f"({MAX_TRACE_LENGTH:,.0f}); is this an events file from MotorPlay?")
    return None


def _tracing_longest(level) -> float:
    from game.levels.base import MAX_ATTEMPT_S

    return level.tracing.time_limit_s or MAX_ATTEMPT_S


def _catching_longest(level) -> float:
    from game.play.catching import schedule

    return max((f.cross_t for f in schedule(level.catching)), default=0.0)


def _tapping_longest(level) -> float:
    from game.play.tapping import attempt_end_s

    return attempt_end_s(level.tapping)


def _tracing_stars(m: dict) -> int:
    within = m.get("within_tolerance_pct") or 0.0
    if m.get("completed") and within >= 90:
        return 3
    if m.get("completed") and within >= 70:
        return 2
    return 1


def share_stars(metric: str, three: float = 80.0, two: float = 50.0) -> Callable[[dict], int]:
    """Stars from a percentage: 3 from `three`%, 2 from `two`%, otherwise 1 (never 0)."""
    def stars(m: dict) -> int:
        value = m.get(metric) or 0.0
        return 3 if value >= three else 2 if value >= two else 1

    return stars


def _tapping() -> GameDef:
    from game.levels import tapping as tp
    from game.metrics import tapping as tm

    return GameDef(
        name="tapping", title="Drums", level_model=tp.TappingLevel,
        level_problems=tp.tapping_problems,  # type: ignore[arg-type]
        difficulty=tp.tapping_difficulty,  # type: ignore[arg-type]
        difficulty_fields=("pattern", "tempo_bpm", "beats", "continuation_beats", "window_ms", "metronome"),
        metrics=tm.TAPPING_METRICS, score=tm.tapping_score, stars=share_stars("accuracy_pct"),
        headlines=(
            Headline("On the beat", "accuracy_pct", "%"),
            Headline("Beats hit", "hits", ""),
            Headline("Timing", "mean_asynchrony_ms", "ms"),
        ),
        scene="game.scenes.tapping:TappingScene",
        longest_attempt_s=_tapping_longest,
    )


def _catching() -> GameDef:
    from game.levels import catching as cl
    from game.metrics import catching as cm

    return GameDef(
        name="catching", title="Catching", level_model=cl.CatchingLevel,
        level_problems=cl.catching_problems,  # type: ignore[arg-type]
        difficulty=cl.catching_difficulty,  # type: ignore[arg-type]
        difficulty_fields=("catcher_width", "object_radius", "objects", "distractors", "object_speed",
                           "trajectory", "side", "max_in_flight"),
        metrics=cm.CATCHING_METRICS, score=cm.catching_score, stars=share_stars("catch_rate_pct"),
        headlines=(
            Headline("Caught", "caught", ""),
            Headline("Catch rate", "catch_rate_pct", "%"),
            Headline("Reaction time", "mean_reaction_time_ms", "ms"),
        ),
        scene="game.scenes.catching:CatchingScene",
        longest_attempt_s=_catching_longest,
    )


def _build() -> dict[str, GameDef]:
    from game.levels import tracing as tl
    from game.metrics.tracing import TRACING_METRICS

    return {
        "tracing": GameDef(
            name="tracing",
            title="Tracing",
            level_model=tl.TracingLevel,
            level_problems=tl.tracing_problems,  # type: ignore[arg-type]
            difficulty=tl.tracing_difficulty,  # type: ignore[arg-type]
            difficulty_fields=("tolerance", "guide", "time_limit_s", "path", "template_length"),
            metrics=TRACING_METRICS,
            score=_tracing_score,
            stars=_tracing_stars,
            headlines=(
                Headline("On the path", "within_tolerance_pct", "%"),
                Headline("Path covered", "coverage_pct", "%"),
                Headline("Time", "duration_s", "s", 1),
            ),
            scene="game.scenes.tracing:TracingScene",
            longest_attempt_s=_tracing_longest,
            events_problem=_tracing_events_problem,
        ),
        "catching": _catching(),
        "tapping": _tapping(),
    }


GAMES: Mapping[str, GameDef] = MappingProxyType(_build())
