"""Catching metrics: how many objects were caught, how far off the catcher was, how quickly it set off.

Objects to catch ("targets") and distractors (things not to catch) are counted apart:
`presented`, `caught`, `missed`, the catch rates, the errors and the reaction time are over
targets only; `distractors_caught` counts distractors that landed in the basket (None when
the level has no distractors).

Errors (Tresilian 2004): at the moment an object's centre crosses the catch line,
e = object x - catcher x (play units; negative means the catcher was to the right of it).
constant_error = mean e (bias), variable_error = population SD of e (divides by n, as
Schmidt & Lee define VE; 0 for a single object), absolute_error = mean |e|.

Reaction time: for each target, the time from its appearing to the onset of the catcher's
movement towards where it will arrive. The catcher's path (see CatcherTrack.kinematic_path)
is sampled every 1 ms from the object's appearing to its crossing; the speed towards the
arrival point on each 1 ms step is the position difference / 1 ms. The movement is the one
with the highest such speed in that window (it must reach MIN_PEAK_SPEED); its onset is the
first sample from which the speed stays at or above ONSET_FRACTION (5%) of that peak all the
way to the peak (Brenner & Smeets 2018). The onset is not corrected: for a smooth
(minimum-jerk) movement of duration MT the 5% threshold fires 0.059 MT after the true start.
Left out: targets the catcher was already under when they appeared (|arrival x - catcher x|
<= catcher_width / 2), targets it was already moving towards at more than the threshold when
they appeared, and targets with no movement towards them. None when no target is left.
"""
from __future__ import annotations

import math

import numpy as np

from game.games.catching.rules import MIDLINE_X, CatchResult, Outcome

CATCHING_METRICS = (
    "presented", "caught", "missed", "catch_rate_pct", "constant_error", "variable_error", "absolute_error",
    "mean_reaction_time_ms", "catch_rate_left_pct", "catch_rate_right_pct", "distractors_caught",
)
ONSET_FRACTION = 0.05     # of the movement's peak speed
MIN_PEAK_SPEED = 50.0     # play units/s: slower drift is not a movement towards the object
RT_STEP_S = 0.001         # s between samples of the catcher's path for speed profiles
SAMPLE_GAP_S = 1 / 60     # s: a pointer reports at least this often while it moves


def _rate(outcomes: list[Outcome]) -> float | None:
    if not outcomes:
        return None
    return 100.0 * sum(o.caught for o in outcomes) / len(outcomes)


def reaction_time_s(result: CatchResult, outcome: Outcome, width: float,
                    path: tuple[np.ndarray, np.ndarray]) -> float | None:
    """Seconds from the object's appearing to the onset of the movement towards it (None if left out)."""
    f = outcome.flight
    x0 = result.track.at(f.spawn_t)
    if abs(f.to_x - x0) <= width / 2:
        return None  # already under it
    toward = 1.0 if f.to_x > x0 else -1.0
    n = int(math.floor((f.cross_t - f.spawn_t) / RT_STEP_S + 1e-9))
    if n < 2:
        return None
    grid = f.spawn_t + np.arange(n + 1) * RT_STEP_S
    pos = np.interp(grid, path[0], path[1])
    speed = toward * np.diff(pos) / RT_STEP_S   # speed towards it on each 1 ms step
    peak_at = int(np.argmax(speed))
    peak = float(speed[peak_at])
    if peak < MIN_PEAK_SPEED:
        return None
    above = speed[: peak_at + 1] >= ONSET_FRACTION * peak
    below = np.flatnonzero(~above)
    onset = int(below[-1]) + 1 if below.size else 0
    if onset == 0:
        return None  # already on its way when the object appeared: not a reaction to it
    return onset * RT_STEP_S


def catching_metrics(result: CatchResult, width: float, has_distractors: bool) -> dict:
    """The contract metrics (CATCHING_METRICS) of one attempt; None where undefined."""
    targets = [o for o in result.outcomes if not o.flight.distractor]
    distractors = [o for o in result.outcomes if o.flight.distractor]
    caught = sum(o.caught for o in targets)
    e = np.array([o.error for o in targets], dtype=float)
    path = result.track.kinematic_path(result.end_t, SAMPLE_GAP_S)
    rts = [rt for o in targets if (rt := reaction_time_s(result, o, width, path)) is not None]
    return {
        "presented": len(targets),
        "caught": caught,
        "missed": len(targets) - caught,
        "catch_rate_pct": _rate(targets),
        "constant_error": float(e.mean()) if e.size else None,
        "variable_error": float(e.std(ddof=0)) if e.size else None,
        "absolute_error": float(np.abs(e).mean()) if e.size else None,
        "mean_reaction_time_ms": 1000.0 * float(np.mean(rts)) if rts else None,
        "catch_rate_left_pct": _rate([o for o in targets if o.flight.to_x < MIDLINE_X]),
        "catch_rate_right_pct": _rate([o for o in targets if o.flight.to_x > MIDLINE_X]),
        "distractors_caught": sum(o.caught for o in distractors) if has_distractors else None,
    }


def catching_score(loaded, events, stopped_at_s: float | None = None, **_options) -> dict:
    """Score one attempt from its level and events: the one path live play and `score` share.

    `stopped_at_s` (s from the attempt start) is set only for an attempt stopped early: the
    scene stores it in the attempt's settings, so re-scoring with it gives the stored metrics.
    """
    from game.games.catching.rules import play_through

    spec = loaded.level.catching
    result = play_through(spec, events, stopped_at_s)
    has_distractors = any(f.distractor for f in result.flights)
    return catching_metrics(result, spec.catcher_width, has_distractors)
