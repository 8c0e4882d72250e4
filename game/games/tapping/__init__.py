"""The drums game (bilateral tapping): two hands, together, alternating, to a beat.

Its level model (level.py), rules (rules.py), metrics (metrics.py) and scene (scene.py,
scene_draw.py) live in this folder.
"""
from __future__ import annotations

from game.games.definition import DifficultyAxis, GameDef, Metric, share_stars
from game.games.tapping import level as tp
from game.games.tapping import metrics as tm
from game.games.tapping.demo import demonstration


def _longest(level) -> float:
    from game.games.tapping.rules import attempt_end_s

    return attempt_end_s(level.tapping)


def _narrow(level, lo: float, hi: float) -> tuple[float, float]:
    """The hit window must stay under half the beat interval, and the count-in must fit the lead-in."""
    import math

    spec = level.tapping
    limit = 30000.0 / spec.window_ms          # window_ms < 60000 / tempo / 2
    top = math.floor(limit * 10) / 10
    if top >= limit - 1e-9:
        top -= 0.1
    hi = min(hi, round(top, 6))
    if spec.count_in_beats:
        lo = max(lo, math.ceil(spec.count_in_beats * 60.0 / spec.lead_in_s * 10 - 1e-9) / 10)
    return lo, hi


# One row per metric: everything any screen, report or export says about it.
METRIC_TABLE = (
    Metric('expected_taps', 'Taps asked for', 'count', '', 0,
           'taps the pattern asks for (a B beat asks for two, a rest for none)'),
    Metric('hits', 'Taps on the beat', 'count', 'higher', 0,
           'expected taps made on time with the right hand', headline=2),
    Metric('misses', 'Beats missed', 'count', 'lower', 0,
           'expected taps not made (expected − hits)'),
    Metric('wrong_hand', 'Wrong hand', 'count', 'lower', 0,
           "taps within a beat's window by the hand that beat did not ask for"),
    Metric('extra_taps', 'Extra taps', 'count', 'lower', 0,
           'all other taps: between beats, during the lead-in, a second tap of the same hand, taps on a rest beat'),
    Metric('accuracy_pct', 'On the beat', '%', 'higher', 0,
           'hits / expected taps × 100', headline=1, charted=2),
    Metric('mean_asynchrony_ms', 'Timing (early − / late +)', 'ms', '', 0,
           'average of tap − beat over hits; negative = early. Young children often tap late: that is normal', headline=3),
    Metric('sd_asynchrony_ms', 'Timing spread (SD)', 'ms', 'lower', 0,
           'how much that varies (sample SD, n − 1; needs 2 hits)', charted=1),
    Metric('mean_iti_ms', 'Interval between taps', 'ms', '', 0,
           "average interval between one hand's hits on its successive beats (metronome beats; an interval across a miss is left out; both hands pooled)"),
    Metric('iti_cv_pct', 'Interval steadiness (CV)', '%', 'lower', 1,
           'steadiness of those intervals: 100 × SD / mean (sample SD)'),
    Metric('bimanual_asynchrony_ms', 'Gap between hands', 'ms', 'lower', 0,
           'on both beats hit by both hands: mean |right − left|'),
    Metric('bimanual_lag_ms', 'Right hand lag', 'ms', '', 0,
           'same, signed: mean right − left (positive = right hand later)'),
    Metric('relative_phase_deg', 'Alternation phase', 'degrees', '', 0,
           'alternating patterns only: where the right tap falls between the left taps before and after it, 360 × (right − left before)/(left after − left before), circular mean, 0-360; 180 = exactly halfway'),
    Metric('relative_phase_sd_deg', 'Phase spread', 'degrees', 'lower', 0,
           'circular SD of that phase, sqrt(−2 ln R)'),
    Metric('continuation_mean_iti_ms', 'Interval, no metronome', 'ms', '', 0,
           "with continuation beats: mean interval between one hand's successive taps once the metronome has stopped (from the first continuation beat's window)"),
    Metric('continuation_iti_cv_pct', 'Steadiness, no metronome', '%', 'lower', 1,
           'steadiness of those intervals, 100 × SD / mean'),
)

AXIS = DifficultyAxis(
    key="tempo_bpm", field="tapping.tempo_bpm", label="Tempo", unit="beats/min",
    words="how fast the beats come; faster is harder",
    harder=+1, editor=(30, 180, 5), adaptive=(6, 50, 140), model=(30, 180),
    success="at least half of the beats hit on time (2 stars)", easier="slower is easier",
    nudge=(1, 5), value_of=lambda level: float(level.tapping.tempo_bpm), narrow=_narrow)


GAME = GameDef(
    name="tapping", title="Drums",
    description="Tapping the left and right drums in time with a beat.", level_model=tp.TappingLevel,
    level_problems=tp.tapping_problems,  # type: ignore[arg-type]
    difficulty=tp.tapping_difficulty,  # type: ignore[arg-type]
    difficulty_fields=("pattern", "tempo_bpm", "beats", "continuation_beats", "window_ms", "metronome"),
    score=tm.tapping_score, stars=share_stars("accuracy_pct"),
    scene="game.games.tapping.scene:TappingScene",
    views="game.games.tapping.views",
    editor="game.games.tapping.editing",
    replay="game.games.tapping.replay_view",
    metric_table=METRIC_TABLE,
    axis=AXIS,
    longest_attempt_s=_longest,
    demo=demonstration,
    for_hand=tp.for_hand,
)
