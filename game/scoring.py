"""Score one attempt from its level and events: the single path both live play and `score` use."""
from __future__ import annotations

from typing import Sequence

from game.errors import UserError
from game.events import Event
from game.games import GAMES
from game.levels.loader import LoadedLevel
from game.metrics.millimetres import SETTINGS_KEY, mm_per_unit_of, with_twins

END_GRACE_S = 1.0   # events may run this far past a level's end (the last frame of an attempt)


def score_attempt(loaded: LoadedLevel, events: Sequence[Event], **options: object) -> dict:
    """The game's metrics, each spatial one followed by its millimetre twin (None unless `options`
    hold the attempt's `screen` scale with a mm per play unit: game.metrics.millimetres)."""
    game = GAMES[loaded.game]
    mm_per_unit = mm_per_unit_of({SETTINGS_KEY: options.pop(SETTINGS_KEY, None)})
    return with_twins(game.metric_table, game.score(loaded, events, **options), mm_per_unit)


def score_report(loaded: LoadedLevel, events: Sequence[Event], **options: object) -> dict:
    """The JSON object `run.py score` prints."""
    return {"game": loaded.game, "level": loaded.title, "metrics": score_attempt(loaded, events, **options)}


def check_events(loaded: LoadedLevel, events: Sequence[Event], source: str) -> None:
    """Refuse, in one line naming the file, events that no attempt at this level could have made.

    Every level has a longest attempt, so an events file that runs past it (a tap a day after
    the start) is refused before anything plays it or scores it.
    """
    game = GAMES[loaded.game]
    longest = game.longest_attempt_s(loaded.level)
    if events and events[-1].t > longest + END_GRACE_S:
        raise UserError(f"{source}: the events run to t = {events[-1].t:g} s, but an attempt at this level ends by "
                        f"{longest:.1f} s")
    problem = game.events_problem(loaded, events)
    if problem:
        raise UserError(f"{source}: {problem}")
