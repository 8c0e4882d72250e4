"""Plans: the ordered list of levels a therapist assigns a child, shown to the child first.

Pure (no display): the level picker orders its cards with `plan_order`; the game picker
puts the games of a plan first with `plan_games`. Plans name levels as records do
(game.levels.loader.level_ref: relative to the shipped levels folder, else a full path).
A planned level whose file is gone becomes a missing_entry in its place (the level picker leaves it
out, as it does broken files; the plan screen says it is missing).
"""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

from game.levels.base import LevelProblem
from game.levels.loader import LevelEntry, level_ref

MISSING = "is in this child's plan, but the level file is not there any more"


def _ref_path(ref: str) -> Path:
    """The file a level_ref names (shipped levels are named relative to the shipped folder)."""
    from game.paths import shipped_dir

    p = Path(ref)
    return p if p.is_absolute() else shipped_dir("levels") / p


def missing_entry(ref: str) -> LevelEntry:
    """The entry of a planned level whose file no longer exists (never shown to a child)."""
    return LevelEntry(_ref_path(ref), None, (LevelProblem(ref, "", MISSING),))


def plan_order(entries: Sequence[LevelEntry], plan: Sequence[str]) -> list[LevelEntry]:
    """The planned levels first, in plan order, then the rest in their own order.

    `plan` holds level refs (the level_path of Database.plan). A level planned twice gets a
    card at each place (the therapist's plan may repeat a level). A ref with no entry becomes
    a missing_entry in its place, so the plan's steps stay as the therapist wrote
    it: the first len(plan) entries of the result are always the plan.
    """
    by_ref = {level_ref(e.path): e for e in entries}
    first = [by_ref.get(ref) or missing_entry(ref) for ref in plan]
    wanted = set(plan)
    return first + [e for e in entries if level_ref(e.path) not in wanted]


def plan_games(plan: Sequence[tuple[str, str]], games: Sequence[str]) -> list[str]:
    """Games in picker order, with the plan's games first (in the order the plan reaches them)."""
    first = [g for g in dict.fromkeys(g for g, _ in plan) if g in games]
    return first + [g for g in games if g not in first]
