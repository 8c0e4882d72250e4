"""Score one attempt from its level and events: the single path both live play and `score` use."""
from __future__ import annotations

from typing import Sequence

from game.events import Event
from game.games import GAMES
from game.levels.loader import LoadedLevel


def score_attempt(loaded: LoadedLevel, events: Sequence[Event], **options: object) -> dict:
    return GAMES[loaded.game].score(loaded, events, **options)


def score_report(loaded: LoadedLevel, events: Sequence[Event], **options: object) -> dict:
    """The JSON object `run.py score` prints."""
    return {"game": loaded.game, "level": loaded.title, "metrics": score_attempt(loaded, events, **options)}
