"""Adaptive difficulty: a transformed up-down staircase (Levitt 1971) on one field per game.

Pure: state in, state out, no clock, no display, no records. The records side (reading the
therapist's settings, saving state, recording changes) is game/records/adaptive.py.

Rules. "2down1up": after 2 successes in a row the value goes one step harder, after 1 miss
one step easier; it settles where success is 70.7% likely. "3down1up" needs 3 in a row and
settles near 79.4%. A reversal is a turn in the staircase's direction (harder after easier or
the other way round); the estimate is the mean of the last 6 reversal values. Values never
leave [min_value, max_value], the bounds the therapist set: a step that would cross a bound
stops at it.

What counts as a success (`is_success`): a finished attempt that earned at least 2 stars.
Stars are what the child sees, so the staircase aims at "well done" about 71% of the time
(2-down/1-up), and each game's 2-star line is a clear, monotonic line in the field moved:
tracing, completed with at least 70% of the trace on the path; catching, at least half the
objects caught; tapping, at least half the beats hit on time.

Catching: the field is the objects' speed. With a random schedule that is `catching.speed`.
With explicit `drops`, every drop's speed is scaled by the same factor so that their mean
(the `object_speed` of exports and charts) is the staircase's value, each rounded to 0.1.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, replace
from types import MappingProxyType
from typing import Any, Mapping

from game.games import GAMES
from game.levels.loader import LoadedLevel

RULES: Mapping[str, int] = MappingProxyType({"2down1up": 2, "3down1up": 3})
TARGET_SUCCESS: Mapping[str, float] = MappingProxyType({"2down1up": 0.707, "3down1up": 0.794})
ESTIMATE_REVERSALS = 6      # the estimate is the mean of this many last reversals (fewer early on)
KEEP_REVERSALS = 8          # how many reversal values the saved state keeps
SUCCESS_STARS = 2


@dataclass(frozen=True)
class GameAdaptive:
    """Per game: the one field adaptive mode moves, which way is harder, and default steps."""

    field: str              # dotted level field, as record_adaptive_change stores it
    label: str              # the word in change reasons
    unit: str
    harder: int             # +1: a larger value is harder; -1: a smaller value is harder
    step: float
    min_value: float        # default therapist bounds
    max_value: float
    model_min: float        # what the level model allows at all
    model_max: float
    success: str            # plain words: what counts as a success in this game


def _from_axis(axis) -> GameAdaptive:
    step, lo, hi = axis.adaptive
    return GameAdaptive(axis.field, axis.label.lower(), axis.unit, axis.harder, step, lo, hi, *axis.model,
                        axis.success)


# Each game's difficulty axis (game/games/<name>/__init__.py) says what adaptive mode moves and how.
DEFAULTS: Mapping[str, GameAdaptive] = MappingProxyType({name: _from_axis(g.axis) for name, g in GAMES.items()})


def is_success(stars: int) -> bool:
    """A finished attempt with 2 or 3 stars (see the module docstring for why)."""
    return stars >= SUCCESS_STARS


def _r(v: float) -> float:
    """Values kept free of floating-point crumbs (27.000000000000004 -> 27.0)."""
    return round(float(v), 6)


def _fmt(v: float) -> str:
    return f"{v:g}"


@dataclass(frozen=True)
class Staircase:
    """One child's staircase for one game; `to_dict` is what Database.adaptive stores as state."""

    game: str
    rule: str
    step: float
    min_value: float
    max_value: float
    value: float
    run: int = 0                          # successes in a row since the last move
    direction: int = 0                    # last decision: +1 harder, -1 easier, 0 none yet
    reversals: tuple[float, ...] = ()     # values at the turns, oldest first (last KEEP_REVERSALS)
    reversal_count: int = 0               # all turns so far
    trials: int = 0
    successes: int = 0

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["reversals"] = list(self.reversals)
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Staircase":
        known = {k: d[k] for k in cls.__dataclass_fields__ if k in d}
        known["reversals"] = tuple(float(v) for v in known.get("reversals", ()))
        return cls(**known)


@dataclass(frozen=True)
class Change:
    """One step of the staircase, as record_adaptive_change stores it."""

    field: str
    old: float
    new: float
    reason: str
    direction: str            # "harder" or "easier"
    reversal: bool = field(default=False)


def check_settings(game: str, rule: str, step: float, min_value: float, max_value: float) -> list[str]:
    """What is wrong with a therapist's settings, in plain words (empty when they are fine)."""
    if game not in DEFAULTS:
        return [f"adaptive mode is not available for {game!r}; games: {', '.join(DEFAULTS)}"]
    g = DEFAULTS[game]
    problems = []
    if rule not in RULES:
        problems.append(f"rule must be one of {', '.join(RULES)} (got {rule!r})")
    if not (isinstance(step, (int, float)) and math.isfinite(step) and step > 0):
        problems.append(f"step must be a number above 0 {g.unit}")
    for name, v in (("lowest", min_value), ("highest", max_value)):
        if not (isinstance(v, (int, float)) and math.isfinite(v) and g.model_min <= v <= g.model_max):
            problems.append(f"the {name} {g.label} must be from {_fmt(g.model_min)} to {_fmt(g.model_max)} {g.unit}")
    if not problems and min_value >= max_value:
        problems.append(f"the lowest {g.label} ({_fmt(min_value)}) must be below the highest ({_fmt(max_value)})")
    return problems


def start(game: str, value: float, *, rule: str = "2down1up", step: float | None = None,
          min_value: float | None = None, max_value: float | None = None) -> Staircase:
    """A fresh staircase at `value` (usually the level's own), clamped into the bounds."""
    g = DEFAULTS[game]
    lo = g.min_value if min_value is None else min_value
    hi = g.max_value if max_value is None else max_value
    st = g.step if step is None else step
    problems = check_settings(game, rule, st, lo, hi)
    if problems:
        raise ValueError("; ".join(problems))
    return Staircase(game, rule, float(st), float(lo), float(hi), _r(min(max(value, lo), hi)))


def step(state: Staircase, success: bool) -> tuple[Staircase, Change | None]:
    """One attempt's result in; the new state and the change it made (None if the value stays)."""
    g = DEFAULTS[state.game]
    need = RULES[state.rule]
    trials, successes = state.trials + 1, state.successes + int(success)
    if success and state.run + 1 < need:
        return replace(state, run=state.run + 1, trials=trials, successes=successes), None
    decision = +1 if success else -1           # +1 harder, -1 easier
    reversal = state.direction != 0 and decision != state.direction
    reversals, count = state.reversals, state.reversal_count
    if reversal:
        reversals, count = (reversals + (state.value,))[-KEEP_REVERSALS:], count + 1
    old = state.value
    new = _r(min(max(old + decision * g.harder * state.step, state.min_value), state.max_value))
    new_state = replace(state, value=new, run=0, direction=decision, reversals=reversals, reversal_count=count,
                        trials=trials, successes=successes)
    if new == old:
        return new_state, None
    words = f"{need} successes in a row: harder" if success else "a miss: easier"
    edge = f", the {'hardest' if success else 'easiest'} allowed" if new in (state.min_value, state.max_value) else ""
    reason = f"{words} ({g.label} {_fmt(old)} → {_fmt(new)} {g.unit}{edge})"
    return new_state, Change(g.field, old, new, reason, "harder" if success else "easier", reversal)


def estimate(state: Staircase, n: int = ESTIMATE_REVERSALS) -> float | None:
    """Mean of the last n reversal values (up to KEEP_REVERSALS); None before the first turn."""
    last = state.reversals[-min(n, KEEP_REVERSALS):]
    return _r(sum(last) / len(last)) if last else None


# --- applying a value to a level ---------------------------------------------------------

def level_value(loaded: LoadedLevel) -> float:
    """The level's own value of its game's adaptive field (catching drops: their mean speed)."""
    return _r(GAMES[loaded.game].axis.value_of(loaded.level))


def level_range(loaded: LoadedLevel) -> tuple[float, float]:
    """The values this level can take and still pass `levels check`.

    The model's range, narrowed where other fields of the level depend on it (the game's axis
    says how: tapping's hit window and count-in, catching's explicit drops).
    """
    g = DEFAULTS[loaded.game]
    lo, hi = GAMES[loaded.game].axis.narrow(loaded.level, g.model_min, g.model_max)
    return _r(lo), _r(hi)


def _number(v: float) -> int | float:
    """Whole numbers are written as such (tolerance = 27, not 27.0)."""
    return int(v) if float(v).is_integer() else float(v)


def adapted_level(loaded: LoadedLevel, game: str, value: float,
                  bounds: tuple[float, float] | None = None) -> LoadedLevel:
    """The level with its adaptive field set to `value` (clamped to `bounds` and the level's range).

    The result's text is what gets recorded with the attempt, so the record says exactly which
    version was played; it is validated exactly as `levels check` does (game.levels.rewrite.with_fields)
    and keeps the original path, so records still name the level file it came from.
    If the value is already the level's own, the level comes back untouched (same text, same sha256).
    Raises game.levels.loader.LevelError if the result would not be a valid level.
    """
    from game.levels.rewrite import with_fields

    if loaded.game != game:
        raise ValueError(f"{loaded.path}: a {loaded.game} level, not {game}")
    v = played_value(loaded, value, bounds)
    if v == level_value(loaded):
        return loaded
    changes = GAMES[game].axis.changes_for(loaded, loaded.text, v) or {DEFAULTS[game].field: _number(v)}
    out = with_fields(loaded.text, changes, str(loaded.path))
    return replace(out, path=loaded.path)


def played_value(loaded: LoadedLevel, value: float, bounds: tuple[float, float] | None = None) -> float:
    """The value this level will actually be played at: clamped to bounds and to level_range."""
    lo, hi = level_range(loaded)
    v = float(value)
    if bounds is not None:
        v = min(max(v, bounds[0]), bounds[1])
    return _r(min(max(v, lo), hi))


__all__ = ["RULES", "TARGET_SUCCESS", "DEFAULTS", "GameAdaptive", "Staircase", "Change",
           "is_success", "check_settings", "start", "step", "estimate", "level_value", "level_range",
           "adapted_level", "played_value"]
