"""Adaptive mode against the records: the therapist's settings, the level to play, the step after.

The staircase itself is pure (game/staircase.py). Here it meets Database.adaptive: the row
holds the therapist's settings (enabled, rule, step, bounds) and, in `state`, the staircase
(game.staircase.Staircase.to_dict). An empty state means "not started": the first level
played seeds the staircase with its own value. The row's `value` mirrors the staircase value.
"""
from __future__ import annotations

from dataclasses import replace

from game.errors import UserError
from game.levels.loader import LevelError, LoadedLevel
from game.records.db import Database
from game.records.rows import AdaptiveSettings
from game.staircase import (
    DEFAULTS,
    Change,
    Staircase,
    adapted_level,
    check_settings,
    is_success,
    level_value,
    played_value,
)
from game.staircase import start as start_staircase
from game.staircase import step as step_staircase


def settings(db: Database, child_id: int, game: str) -> AdaptiveSettings:
    """The child's adaptive settings for a game, or the defaults (disabled) if none were saved."""
    row = db.adaptive(child_id, game)
    if row is not None:
        return row
    g = DEFAULTS[game]
    return AdaptiveSettings(child_id=child_id, game=game, enabled=False, rule="2down1up", field=g.field,
                            value=g.min_value, step=g.step, min_value=g.min_value, max_value=g.max_value, state={})


def configure(db: Database, child_id: int, game: str, *, enabled: bool, rule: str | None = None,
              step: float | None = None, min_value: float | None = None, max_value: float | None = None) -> None:
    """For the therapist area: switch adaptive mode on/off and set its rule, step and bounds.

    Unset arguments keep what was saved (or the game's defaults). A running staircase keeps
    going, its value moved inside new bounds; use `restart` to begin again from the next level.
    Raises UserError with plain words if the settings cannot be used.
    """
    old = settings(db, child_id, game)
    rule = old.rule if rule is None else rule
    step = old.step if step is None else step
    lo = old.min_value if min_value is None else min_value
    hi = old.max_value if max_value is None else max_value
    problems = check_settings(game, rule, step, lo, hi)
    if problems:
        raise UserError("; ".join(problems))
    state = dict(old.state)
    value = min(max(old.value, lo), hi)
    if state:
        st = Staircase.from_dict(state)
        value = min(max(st.value, lo), hi)
        state = replace(st, rule=rule, step=float(step), min_value=float(lo), max_value=float(hi),
                        value=value).to_dict()
    db.set_adaptive(child_id, game, enabled=enabled, rule=rule, field=DEFAULTS[game].field, value=value,
                    step=step, min_value=lo, max_value=hi, state=state)


def restart(db: Database, child_id: int, game: str) -> None:
    """Forget the staircase (history in adaptive_changes stays): the next level played seeds it."""
    row = db.adaptive(child_id, game)
    if row is not None:
        db.set_adaptive(child_id, game, enabled=row.enabled, rule=row.rule, field=row.field,
                        value=row.value, step=row.step, min_value=row.min_value,
                        max_value=row.max_value, state={})


def _staircase(row: AdaptiveSettings, game: str, seed_value: float) -> Staircase:
    """The row's staircase, with the therapist's current settings; a fresh one if not started."""
    if not row.state:
        return start_staircase(game, seed_value, rule=row.rule, step=row.step, min_value=row.min_value,
                               max_value=row.max_value)
    st = Staircase.from_dict(row.state)
    value = min(max(st.value, row.min_value), row.max_value)
    return replace(st, game=game, rule=row.rule, step=float(row.step), min_value=float(row.min_value),
                   max_value=float(row.max_value), value=value)


def _save(db: Database, child_id: int, row: AdaptiveSettings, st: Staircase) -> None:
    db.set_adaptive(child_id, st.game, enabled=row.enabled, rule=st.rule, field=DEFAULTS[st.game].field,
                    value=st.value, step=st.step, min_value=st.min_value, max_value=st.max_value,
                    state=st.to_dict())


def level_to_play(db: Database, child_id: int, loaded: LoadedLevel) -> tuple[LoadedLevel, float | None]:
    """The level as this child plays it now, and the adaptive value it was played at.

    Adaptive mode off (or no such game): the level as written and None. On: the level with
    the staircase's value (seeded from this level's own value the first time), clamped to the
    therapist's bounds and to what the level allows.
    """
    game = loaded.game
    row = db.adaptive(child_id, game) if game in DEFAULTS else None
    if row is None or not row.enabled:
        return loaded, None
    st = _staircase(row, game, level_value(loaded))
    if not row.state:
        _save(db, child_id, row, st)
    try:
        adapted = adapted_level(loaded, game, st.value, (st.min_value, st.max_value))
    except LevelError:
        return loaded, None   # cannot happen within level_range; if it does, play the level as written
    return adapted, played_value(loaded, st.value, (st.min_value, st.max_value))


def after_attempt(db: Database, child_id: int, game: str, played: float | None, attempt_id: int | None,
                  stars: int, status: str) -> Change | None:
    """Move the staircase after an attempt played at `played`; save it and record any change.

    Only finished attempts played in adaptive mode count (abandoned ones say nothing about
    difficulty). The step is taken from the value actually played, so a change record's old
    value is the value in that attempt's level text.
    """
    if played is None or status != "finished" or game not in DEFAULTS:
        return None
    row = db.adaptive(child_id, game)
    if row is None or not row.enabled:
        return None
    st = replace(_staircase(row, game, played), value=played)
    new, change = step_staircase(st, is_success(stars))
    _save(db, child_id, row, new)
    if change is not None:
        db.record_adaptive_change(child_id, game, attempt_id, change.field, change.old, change.new, change.reason)
    return change
