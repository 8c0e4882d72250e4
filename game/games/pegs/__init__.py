"""The pegs game (the nine-hole peg board): carry each peg from the tray into a hole.

Its level model (level.py), rules (rules.py), metrics (metrics.py) and scene (scene.py)
live in this folder.
"""
from __future__ import annotations

import math

from game.games.definition import DifficultyAxis, GameDef, Metric
from game.games.pegs import level as pl
from game.games.pegs import metrics as pm
from game.games.pegs.demo import demonstration


def _longest(level) -> float:
    from game.levels.base import MAX_ATTEMPT_S

    return level.pegs.time_limit_s or MAX_ATTEMPT_S


def _stars(m: dict) -> int:
    """3: the board finished with at most one drop; 2: finished; 1: every other try."""
    if m.get("board_finished"):
        return 3 if (m.get("drops") or 0) <= 1 else 2
    return 1


def _narrow(level, lo: float, hi: float) -> tuple[float, float]:
    """Holes no smaller than the pegs, not overlapping each other or the tray, on the canvas."""
    from game.levels.base import CANVAS_H, CANVAS_W

    spec = level.pegs
    holes = pl.hole_positions(spec)
    top = min(min(x, y, CANVAS_W - x, CANVAS_H - y) for x, y in holes)
    for i in range(len(holes)):
        for j in range(i + 1, len(holes)):
            top = min(top, math.dist(holes[i], holes[j]) / 2)
    if spec.tray is not None or spec.tray_side is not None:
        for spot in pl.tray_positions(spec, len(holes)):
            for hole in holes:
                top = min(top, math.dist(spot, hole) / 2)
    return max(lo, math.ceil(spec.peg_radius)), max(min(hi, math.floor(top)), math.ceil(spec.peg_radius))


# One row per metric: everything any screen, report or export says about it.
METRIC_TABLE = (
    Metric('pegs_placed', 'Pegs placed', 'count', 'higher', 0,
           'pegs put into a hole (on the way back, pegs returned to the tray are not counted again)', headline=1),
    Metric('drops', 'Pegs dropped', 'count', 'lower', 0,
           'times a peg was let go away from a free hole (it slides back to where it was picked up)'),
    Metric('total_time_s', 'Time for the board', 's', 'lower', 1,
           'from the first pick-up to the last peg put in place (with the way back: the last peg back in the '
           'tray) - the nine-hole peg test score', headline=2, charted=1),
    Metric('mean_move_time_ms', 'Time per peg', 'ms', 'lower', 0,
           'average time from picking up a peg to letting it go in its hole, over the moves that put a peg in place'),
    Metric('placement_error_mean', 'Distance off centre', 'play units', 'lower', 1,
           'average distance from where a peg was let go to the centre of the hole it went into', mm_twin='placement_error_mm'),
    Metric('path_efficiency_pct', 'Straight carrying', '%', 'higher', 0,
           '100 × straight distance from pick-up to let-go ÷ length of the path the finger travelled while '
           'carrying, averaged over the moves that put a peg in place; 100 = perfectly straight', headline=3),
    Metric('throughput_bits_s', 'Throughput', 'bits/s', 'higher', 2,
           'speed and precision together (effective throughput, ISO 9241-411): log2(mean distance ÷ (4.133 × SD '
           'of the aim error along the movement) + 1) ÷ mean move time; empty with fewer than 3 pegs placed',
           charted=2),
    Metric('return_time_s', 'Time to put them back', 's', 'lower', 1,
           'with the way back: from the first pick-up of the way back to the last peg back in the tray; empty otherwise'),
    Metric('board_finished', 'Finished the board', 'true/false', 'higher', 2,
           'every peg was put in (and, with the way back, returned) before the time ran out'),
)

AXIS = DifficultyAxis(
    key="hole_radius", field="pegs.hole_radius", label="Hole size", unit="play units",
    words="how close to a hole's centre a peg must be let go to drop in (the hole's radius); smaller is harder",
    harder=-1, editor=(8, 120, 2), adaptive=(4, 12, 80), model=(8, 120),
    success="the whole board finished (2 stars)", easier="bigger is easier",
    nudge=(1, 4), value_of=lambda level: float(level.pegs.hole_radius), narrow=_narrow)


GAME = GameDef(
    name="pegs", title="Pegs",
    description="Carrying pegs from the tray into the holes of a board, one at a time.",
    level_model=pl.PegsLevel,
    level_problems=pl.pegs_problems,  # type: ignore[arg-type]
    difficulty=pl.pegs_difficulty,  # type: ignore[arg-type]
    difficulty_fields=("hole_radius", "peg_radius", "holes", "order", "return_pegs", "tray_side", "mean_reach",
                       "time_limit_s"),
    score=pm.pegs_score, stars=_stars,
    scene="game.games.pegs.scene:PegsScene",
    views="game.games.pegs.views",
    editor="game.games.pegs.editing",
    replay="game.games.pegs.replay_view",
    metric_table=METRIC_TABLE,
    axis=AXIS,
    longest_attempt_s=_longest,
    demo=demonstration,
    for_hand=pl.for_hand,
    difficulty_twins=(("hole_radius", "hole_radius_mm"), ("peg_radius", "peg_radius_mm"),
                      ("mean_reach", "mean_reach_mm")),
)
