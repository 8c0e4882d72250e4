"""The catching game: move the basket under falling and flying things.

Its level model (level.py), rules (rules.py), metrics (metrics.py) and scene (scene.py)
live in this folder.
"""
from __future__ import annotations

from game.games.catching import level as cl
from game.games.catching import metrics as cm
from game.games.definition import DifficultyAxis, GameDef, Metric, share_stars
from game.games.catching.demo import demonstration


def _longest(level) -> float:
    from game.games.catching.rules import schedule

    return max((f.cross_t for f in schedule(level.catching)), default=0.0)


def _speed(level) -> float:
    """A random schedule's speed, or the mean speed of explicit drops."""
    spec = level.catching
    if spec.drops is None:
        return float(spec.speed)
    return round(sum(d.speed for d in spec.drops) / len(spec.drops), 6)


def _narrow(level, lo: float, hi: float) -> tuple[float, float]:
    """Explicit drops are scaled together, so each must stay within the model's speeds."""
    import math

    if level.catching.drops is None:
        return lo, hi
    speeds = [d.speed for d in level.catching.drops]
    mean = sum(speeds) / len(speeds)
    model_lo, model_hi = AXIS_MODEL
    return (max(lo, math.ceil(mean * model_lo / min(speeds) * 10) / 10),
            min(hi, math.floor(mean * model_hi / max(speeds) * 10) / 10))


def _changes(loaded, text: str, value: float) -> dict | None:
    """Explicit drops: every drop's speed scaled by the same factor (rounded to 0.1, within the model)."""
    if loaded.level.catching.drops is None:
        return None
    from game.userfiles import parse_toml

    factor = value / _speed(loaded.level)
    drops = parse_toml(text)["catching"]["drops"]
    model_lo, model_hi = AXIS_MODEL
    for d in drops:
        speed = min(max(round(d["speed"] * factor, 1), model_lo), model_hi)
        d["speed"] = int(speed) if float(speed).is_integer() else float(speed)
    return {"catching.drops": drops}


AXIS_MODEL = (30, 2000)   # play units/s: what the level model allows for a speed


# One row per metric: everything any screen, report or export says about it.
METRIC_TABLE = (
    Metric('presented', 'Objects to catch', 'count', '', 0,
           'objects to catch that reached the catch line during the attempt'),
    Metric('caught', 'Caught', 'count', 'higher', 0,
           'how many of them landed in the basket', headline=1),
    Metric('missed', 'Missed', 'count', 'lower', 0,
           'presented − caught'),
    Metric('catch_rate_pct', 'Catch rate', '%', 'higher', 0,
           '100 × caught / presented', headline=2, charted=1),
    Metric('constant_error', 'Basket offset (CE)', 'play units', '', 1,
           'average signed miss distance e = object x − basket centre x, taken when each object crossed the catch line. Negative means the basket tended to be to the right of the objects, positive to the left. A basket held 20 to the right of everything gives −20.', mm_twin='constant_error_mm'),
    Metric('variable_error', 'Consistency (VE)', 'play units', 'lower', 1,
           'how consistent the child was: the standard deviation of e around its mean (population SD, divided by n, as Schmidt & Lee define VE; 0 for one object)', mm_twin='variable_error_mm'),
    Metric('absolute_error', 'Miss distance (AE)', 'play units', 'lower', 1,
           'average distance between object and basket centre at the catch line, ignoring side', mm_twin='absolute_error_mm'),
    Metric('mean_reaction_time_ms', 'Reaction time', 'ms', 'lower', 0,
           "average time from an object appearing to the start of the basket's movement towards where it will land (see the rule below)", headline=3, charted=2),
    Metric('catch_rate_left_pct', 'Catch rate, left half', '%', 'higher', 0,
           'catch rate for objects arriving left of the screen centre (x < 640)'),
    Metric('catch_rate_right_pct', 'Catch rate, right half', '%', 'higher', 0,
           'catch rate for objects arriving right of the screen centre (x > 640)'),
    Metric('distractors_caught', 'Rocks caught', 'count', 'lower', 0,
           'rocks that landed in the basket (empty when the level has no rocks)'),
)

AXIS = DifficultyAxis(
    key="object_speed", field="catching.speed", label="Falling speed", unit="play units/s",
    words="how fast the objects come down (the average over the level's objects); faster is harder",
    harder=+1, editor=(30, 2000, 10), adaptive=(20, 80, 600), model=AXIS_MODEL,
    success="at least half of the objects caught (2 stars)", easier="slower is easier",
    nudge=(10, 10), value_of=_speed, narrow=_narrow, changes_for=_changes)


GAME = GameDef(
    name="catching", title="Catching",
    description="Moving a basket to catch falling objects.", level_model=cl.CatchingLevel,
    level_problems=cl.catching_problems,  # type: ignore[arg-type]
    difficulty=cl.catching_difficulty,  # type: ignore[arg-type]
    difficulty_fields=("catcher_width", "object_radius", "objects", "distractors", "object_speed",
                       "trajectory", "side", "max_in_flight"), score=cm.catching_score, stars=share_stars("catch_rate_pct"),
    scene="game.games.catching.scene:CatchingScene",
    views="game.games.catching.views",
    editor="game.games.catching.editing",
    replay="game.games.catching.replay_view",
    metric_table=METRIC_TABLE,
    axis=AXIS,
    longest_attempt_s=_longest,
    demo=demonstration,
    difficulty_twins=(("catcher_width", "catcher_width_mm"), ("object_radius", "object_radius_mm"),
                      ("object_speed", "object_speed_mm_s")),
)
