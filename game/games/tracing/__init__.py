"""The tracing game: follow a road (a path, a shape, a letter) from its start to its end.

Its level model (level.py, with shapes.py and hershey.py for shapes and letters), rules
(rules.py), metrics (metrics.py) and scene (scene.py) live in this folder.
"""
from __future__ import annotations

from typing import Sequence

from game.events import Event
from game.games.definition import GameDef, Headline
from game.games.tracing import level as tl
from game.games.tracing.metrics import TRACING_METRICS


def _score(loaded, events: Sequence[Event], **_options) -> dict:
    from game.games.tracing.metrics import tracing_metrics
    from game.games.tracing.rules import replay

    spec = loaded.level.tracing
    result = replay(loaded.template, spec.tolerance, spec.time_limit_s, events)
    problem = _events_problem(loaded, result.events)
    if problem:
        from game.errors import UserError

        raise UserError(problem)
    return tracing_metrics(loaded.template, spec.tolerance, result.events, result.completed)


MAX_TRACE_LENGTH = 200_000.0  # play units: 8 times the longest path a level may have, ~160 screen widths


def _events_problem(loaded, events: Sequence[Event]) -> str | None:
    """Junk input that would take gigabytes to resample (scoring works along the ink), or None."""
    import numpy as np

    xy = np.array([(e.x, e.y) for e in events if e.type in ("down", "move", "up")], dtype=float)
    if len(xy) > 1:
        length = float(np.hypot(*np.diff(xy, axis=0).T).sum())
        if length > MAX_TRACE_LENGTH:
            return (f"the trace is {length:,.0f} play units long, more than any real attempt "
                    f"({MAX_TRACE_LENGTH:,.0f}); is this an events file from MotorPlay?")
    return None


def _longest(level) -> float:
    from game.levels.base import MAX_ATTEMPT_S

    return level.tracing.time_limit_s or MAX_ATTEMPT_S


def _stars(m: dict) -> int:
    within = m.get("within_tolerance_pct") or 0.0
    if m.get("completed") and within >= 90:
        return 3
    if m.get("completed") and within >= 70:
        return 2
    return 1


GAME = GameDef(
    name="tracing",
    title="Tracing",
    level_model=tl.TracingLevel,
    level_problems=tl.tracing_problems,  # type: ignore[arg-type]
    difficulty=tl.tracing_difficulty,  # type: ignore[arg-type]
    difficulty_fields=("tolerance", "guide", "time_limit_s", "path", "template_length"),
    metrics=TRACING_METRICS,
    score=_score,
    stars=_stars,
    headlines=(
        Headline("On the path", "within_tolerance_pct", "%"),
        Headline("Path covered", "coverage_pct", "%"),
        Headline("Time", "duration_s", "s", 1),
    ),
    scene="game.games.tracing.scene:TracingScene",
    longest_attempt_s=_longest,
    events_problem=_events_problem,
)
