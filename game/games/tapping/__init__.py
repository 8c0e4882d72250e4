"""The drums game (bilateral tapping): two hands, together, alternating, to a beat.

Its level model (level.py), rules (rules.py), metrics (metrics.py) and scene (scene.py,
scene_draw.py) live in this folder.
"""
from __future__ import annotations

from game.games.definition import GameDef, Headline, share_stars
from game.games.tapping import level as tp
from game.games.tapping import metrics as tm


def _longest(level) -> float:
    from game.games.tapping.rules import attempt_end_s

    return attempt_end_s(level.tapping)


GAME = GameDef(
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
    scene="game.games.tapping.scene:TappingScene",
    longest_attempt_s=_longest,
)
