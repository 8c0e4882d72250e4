"""The catching game: move the basket under falling and flying things.

Its level model (level.py), rules (rules.py), metrics (metrics.py) and scene (scene.py)
live in this folder.
"""
from __future__ import annotations

from game.games.definition import GameDef, Headline, share_stars
from game.games.catching import level as cl
from game.games.catching import metrics as cm


def _longest(level) -> float:
    from game.games.catching.rules import schedule

    return max((f.cross_t for f in schedule(level.catching)), default=0.0)


GAME = GameDef(
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
    scene="game.games.catching.scene:CatchingScene",
    longest_attempt_s=_longest,
)
