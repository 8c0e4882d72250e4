"""The tracing game: follow a road (a path, a shape, a letter) from its start to its end.

Its level model (level.py, with shapes.py and hershey.py for shapes and letters), rules
(rules.py), metrics (metrics.py) and scene (scene.py) live in this folder.
"""
from __future__ import annotations

import math
from typing import Sequence

from game.events import Event
from game.games.definition import DifficultyAxis, GameDef, Metric
from game.games.tracing import level as tl
from game.games.tracing.demo import demo_trace, demonstration


def _score(loaded, events: Sequence[Event], **_options) -> dict:
    from game.games.tracing.metrics import tracing_metrics
    from game.games.tracing.rules import play_through

    spec = loaded.level.tracing
    result = play_through(loaded.level.template, spec.tolerance, spec.time_limit_s, events)
    problem = _events_problem(loaded, result.events)
    if problem:
        from game.errors import UserError

        raise UserError(problem)
    return tracing_metrics(loaded.level.template, spec.tolerance, result.events, result.completed, result.reached)


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


def _narrow(level, lo: float, hi: float) -> tuple[float, float]:
    """No wider than the corridor that keeps neighbouring parts of the path apart (levels check
    refuses wider; see corridor.py), and never narrower than the level's own tolerance allows."""
    from game.games.tracing.corridor import widest_fitting_tolerance

    fit = widest_fitting_tolerance(tl.tracing_template(level.tracing), hi, least=math.ceil(lo))
    if fit is None:
        return lo, hi
    return lo, max(lo, fit, min(float(level.tracing.tolerance), hi))   # the level's own tolerance fits


def _stars(m: dict) -> int:
    within = m.get("within_tolerance_pct") or 0.0
    if m.get("completed") and within >= 90:
        return 3
    if m.get("completed") and within >= 70:
        return 2
    return 1


# One row per metric: everything any screen, report or export says about it.
METRIC_TABLE = (
    Metric('mean_deviation', 'Distance from the line', 'play units', 'lower', 1,
           'how far from the line the trace was, on average along its length (measured on the smoothed trace, every play unit of its length, as the ruler measures it, counting equally)', charted=1,
           mm_twin='mean_deviation_mm'),
    Metric('rms_deviation', 'RMS distance from line', 'play units', 'lower', 1,
           'like the mean, but large excursions count more (root mean square along the smoothed trace\'s length)',
           mm_twin='rms_deviation_mm'),
    Metric('max_deviation', 'Furthest from the line', 'play units', 'lower', 1,
           'the furthest the trace got from the line', mm_twin='max_deviation_mm'),
    Metric('within_tolerance_pct', 'On the path', '%', 'higher', 0,
           "share of the smoothed trace's length that stayed inside the corridor (pauses do not count)", headline=1),
    Metric('coverage_pct', 'Path covered', '%', 'higher', 0,
           "share of the level's path that the trace came within the corridor of, counting only the part reached in order from the start (tracing backwards covers nothing)", headline=2, charted=2),
    Metric('duration_s', 'Time taken', 's', 'lower', 1,
           'from the first touch down to the last lift (or the end of the attempt)', headline=3),
    Metric('path_length', 'Length drawn', 'play units', '', 1,
           "total length of everything drawn, measured with a 4-unit ruler along the smoothed trace (10 Hz low-pass), so pixel jitter, slowness and the device's sampling rate do not add length; nothing counted across a pen lift",
           mm_twin='path_length_mm'),
    Metric('mean_speed', 'Drawing speed', 'play units/s', '', 0,
           'path length (smoothed) divided by the time the finger was down', mm_twin='mean_speed_mm_s'),
    Metric('pen_lifts', 'Pen lifts', 'count', 'lower', 0,
           'lifts before the last one'),
    Metric('sparc', 'Smoothness (SPARC)', 'dimensionless, ≤ 0', 'higher', 2,
           "smoothness of the speed profile: spectral arc length (Balasubramanian et al. 2015); closer to 0 is smoother. Measured in 2 s windows (1 s apart) of the smoothed trace, each tapered and with the device's own noise taken out, and averaged weighted by time, so long and short, slow and fast tries compare. A perfectly steady movement reads −1.40"),
    Metric('ldlj', 'Smoothness (LDLJ)', 'dimensionless', 'higher', 2,
           "smoothness: log dimensionless jerk of the speed profile (Balasubramanian et al. 2015); more negative is less smooth. Same windows as SPARC. A perfectly steady movement reads −5.25 at any speed; every change of speed that the device's noise could not have made lowers it"),
    Metric('completed', 'Finished the path', 'true/false', 'higher', 2,
           'every stroke was followed to its end'),
)

AXIS = DifficultyAxis(
    key="tolerance", field="tracing.tolerance", label="Corridor half-width", unit="play units",
    words="how far from the line still counts as on it, on each side of the line; narrower is harder",
    harder=-1, editor=(5, 150, 5), adaptive=(3, 10, 80), model=(5, 150),
    success="the shape traced to the end with at least 70% of the trace on the path (2 stars)", easier="wider is easier",
    nudge=(1, 5), value_of=lambda level: float(level.tracing.tolerance), narrow=_narrow)


GAME = GameDef(
    name="tracing",
    title="Tracing",
    description="Following a path with a finger or the mouse, staying inside the corridor.",
    level_model=tl.TracingLevel,
    level_problems=tl.tracing_problems,  # type: ignore[arg-type]
    difficulty=tl.tracing_difficulty,  # type: ignore[arg-type]
    difficulty_fields=("tolerance", "guide", "time_limit_s", "path", "template_length"),
    score=_score,
    stars=_stars,
    scene="game.games.tracing.scene:TracingScene",
    views="game.games.tracing.views",
    editor="game.games.tracing.editing",
    replay="game.games.tracing.replay_view",
    metric_table=METRIC_TABLE,
    axis=AXIS,
    longest_attempt_s=_longest,
    events_problem=_events_problem,
    demo=demonstration,
    example=demo_trace,
    difficulty_twins=(("tolerance", "tolerance_mm"), ("template_length", "template_length_mm")),
)
