"""No percentage ever leaves 0-100: every game's "%" metrics, on random valid attempts at every shipped level."""
from __future__ import annotations

import math
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.events import Event, event_from_dict
from game.games import GAMES
from tests.hostile_inputs import loaded_level, shipped_levels, valid_events

# A coefficient of variation (100 * SD / mean of intervals) is a percentage of the mean, not a
# share of a whole: an erratic child's taps can honestly read above 100. It is checked to be >= 0.
RATIOS_NOT_SHARES = {"iti_cv_pct", "continuation_iti_cv_pct"}


def _perturbed(loaded, seed: int, noise: float, keep: float, rounded: bool) -> list[Event]:
    """The game's valid events for the level, with extra position noise, some events dropped, maybe
    rounded to whole pixels (as a tablet reports them)."""
    rng = random.Random(seed)
    out = []
    for ev in valid_events(loaded, rng):
        if ev["type"] == "move" and rng.random() > keep:
            continue
        ev = dict(ev)
        for axis in ("x", "y"):
            if axis in ev:
                value = ev[axis] + rng.gauss(0, noise)
                ev[axis] = float(round(value)) if rounded else value
        out.append(event_from_dict(ev, "test"))
    return out


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(level=st.sampled_from(shipped_levels()), seed=st.integers(0, 2**32 - 1),
       noise=st.sampled_from([0.0, 0.5, 3.0, 20.0, 80.0]), keep=st.floats(0.3, 1.0), rounded=st.booleans())
def test_every_percentage_of_every_game_stays_within_0_100(level, seed, noise, keep, rounded):
    loaded = loaded_level(level)
    game = GAMES[loaded.game]
    metrics = game.score(loaded, _perturbed(loaded, seed, noise, keep, rounded))
    shares = [m.name for m in game.metric_table if m.unit == "%"]
    for name in shares:
        value = metrics[name]
        if value is None:
            continue
        assert math.isfinite(value), name
        if name in RATIOS_NOT_SHARES:
            assert value >= 0.0, name
        else:
            assert 0.0 <= value <= 100.0, (name, value)


def test_every_game_with_shares_is_covered():
    games = {loaded_level(p).game for p in shipped_levels()}
    assert {name for name, g in GAMES.items() if any(m.unit == "%" for m in g.metric_table)} <= games


@pytest.mark.parametrize("n", [3, 7, 10, 49, 97, 1000])
def test_within_tolerance_of_a_trace_wholly_inside_is_exactly_100(n):
    # 100 * inside / length once gave 100.00000000000001: inside and length were summed in different orders.
    from game.games.tracing.metrics import tracing_metrics
    import numpy as np

    template = [np.array([[100.0, 100.0], [1100.0, 613.0]])]
    t = np.arange(n) / 140
    xs = np.linspace(100.3, 1099.7, n)
    ys = 100.0 + (xs - 100.0) * 0.513 + 0.1
    kinds = ["down"] + ["move"] * (n - 2) + ["up"]
    events = [Event(float(a), k, float(x), float(y), id=0) for a, k, x, y in zip(t, kinds, xs, ys)]
    out = tracing_metrics(template, 5.0, events, True)
    assert out["within_tolerance_pct"] == 100.0
    assert 0.0 <= out["coverage_pct"] <= 100.0
