"""Catching levels: objects fall or fly towards the catch line; the child moves a catcher along it.

The schedule comes from exactly one of two sources: an explicit list of `drops`, or a
seeded random schedule (`count`, `spawn_interval_s`, `speed`, `seed`). Everything else
(trajectory, side, distractors, how many at once) is optional with a gentle default.
All positions are play units on the 1280x720 canvas; times are seconds.
"""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from game.levels.base import CANVAS_W, LevelBase, LevelProblem, Strict, number

TRAJECTORIES = ("fall", "diagonal", "arc", "bounce")
SIDES = ("both", "left", "right", "cross")
RANDOM_FIELDS = ("count", "spawn_interval_s", "speed", "seed")
RANDOM_ONLY = ("first_drop_s", "side", "max_in_flight", "distractors")
MAX_DURATION_S = 600.0


def _num(lo: float, hi: float, description: str) -> object:
    return Annotated[float, number(description, ge=lo, le=hi)]


class Drop(Strict):
    t: _num(0, 600, "when it appears, seconds from the start, from 0 to 600")  # type: ignore[valid-type]
    x: _num(0, CANVAS_W, "where it appears across the screen, play units, from 0 (left) to 1280 (right)")  # type: ignore[valid-type]
    speed: _num(30, 2000, "how fast it comes down, play units per second, from 30 to 2000")  # type: ignore[valid-type]
    to_x: _num(0, CANVAS_W, "where it reaches the catch line, play units, from 0 to 1280; "  # type: ignore[valid-type]
               "diagonal, arc and bounce only (default: the same as x)") | None = None
    distractor: Annotated[bool, Field(strict=True)] = Field(
        False, description="true for a thing not to catch (go/no-go practice); default false")
    trajectory: Literal[TRAJECTORIES] | None = Field(  # type: ignore[valid-type]
        None, description="this drop's path, overriding the level's: " + ", ".join(TRAJECTORIES))


class CatchingSpec(Strict):
    catcher_width: _num(40, 640, "width of the basket, play units, from 40 to 640")  # type: ignore[valid-type]
    object_radius: _num(10, 80, "radius of each falling object, play units, from 10 to 80")  # type: ignore[valid-type]
    drops: tuple[Drop, ...] | None = Field(
        None, min_length=1, max_length=200,
        description="1 to 200 drops, each like {t = 1.0, x = 300, speed = 240}: t = when it appears (s), "
        "x = where (play units), speed = play units per second down")
    count: Annotated[int, Field(strict=True, ge=1, le=100)] | None = Field(
        None, description="random schedule: how many objects, a whole number from 1 to 100")
    spawn_interval_s: _num(0.3, 30, "random schedule: seconds between one object appearing and the next, "  # type: ignore[valid-type]
                           "from 0.3 to 30") | None = None
    speed: _num(30, 2000, "random schedule: how fast objects come down, play units per second, "  # type: ignore[valid-type]
                "from 30 to 2000") | None = None
    seed: Annotated[int, Field(strict=True, ge=0, le=2**31 - 1)] | None = Field(
        None, description="random schedule: a whole number from 0 to 2147483647; the same seed gives the "
        "same schedule")
    first_drop_s: _num(0, 30, "random schedule: seconds before the first object appears, from 0 to 30; "  # type: ignore[valid-type]
                       "default 1") | None = None
    side: Literal[SIDES] | None = Field(  # type: ignore[valid-type]
        None, description="random schedule: where objects arrive: both (anywhere, the default), left or "
        "right (that half only) or cross (left and right in turn, so every catch crosses the middle)")
    max_in_flight: Annotated[int, Field(strict=True, ge=1, le=8)] | None = Field(
        None, description="random schedule: at most this many objects on the way down at once, a whole "
        "number from 1 to 8 (later ones wait); default no limit")
    distractors: _num(0, 0.9, "random schedule: fraction of objects that are things not to catch, "  # type: ignore[valid-type]
                      "from 0 to 0.9; default 0") | None = None
    trajectory: Literal[TRAJECTORIES] = Field(  # type: ignore[valid-type]
        "fall", description="how objects move: fall (straight down, the default), diagonal (a straight "
        "slanted line), arc (thrown in a curve from the side) or bounce (off a side wall once)")
    catcher_speed: _num(100, 3000, "how fast the arrow keys or a gamepad move the basket, play units per "  # type: ignore[valid-type]
                        "second, from 100 to 3000; default 700") = 700.0


class CatchingLevel(LevelBase):
    game: Literal["catching"] = Field(description="catching")
    catching: CatchingSpec = Field(description="the [catching] table")


def catching_problems(level: CatchingLevel, file: str) -> list[LevelProblem]:
    """Checks that span several fields, each naming the field a therapist should change."""
    spec = level.catching
    problems: list[LevelProblem] = []
    random_given = [name for name in RANDOM_FIELDS if getattr(spec, name) is not None]
    if spec.drops is not None and random_given:
        problems.append(LevelProblem(file, f"catching.{random_given[0]}", "give either drops or a random schedule "
                                     "(count, spawn_interval_s, speed, seed), not both"))
        return problems
    if spec.drops is None:
        if not random_given:
            problems.append(LevelProblem(file, "catching", "give either drops = [{t = 1.0, x = 300, speed = 240}, "
                                         "...] or a random schedule: count, spawn_interval_s, speed and seed"))
            return problems
        for name in RANDOM_FIELDS:
            if getattr(spec, name) is None:
                problems.append(LevelProblem(file, f"catching.{name}", "is required for a random schedule "
                                             "(count, spawn_interval_s, speed and seed go together)"))
        return problems or _duration_problems(spec, file, "catching.spawn_interval_s")
    for name in RANDOM_ONLY:
        if getattr(spec, name) is not None:
            problems.append(LevelProblem(file, f"catching.{name}", "only applies to a random schedule; with drops, "
                                         "each drop says when, where and what"))
    r = spec.object_radius
    for i, d in enumerate(spec.drops):
        trajectory = d.trajectory or spec.trajectory
        for name in ("x", "to_x"):
            value = getattr(d, name)
            if value is not None and not r <= value <= CANVAS_W - r:
                problems.append(LevelProblem(file, f"catching.drops[{i}].{name}", f"{value:g} puts the object partly "
                                             f"off the screen; allowed: from object_radius ({r:g}) to "
                                             f"{CANVAS_W - r:g}"))
        if d.to_x is not None and trajectory == "fall" and d.to_x != d.x:
            problems.append(LevelProblem(file, f"catching.drops[{i}].to_x", "only applies to diagonal, arc and "
                                         "bounce trajectories; a falling object lands where it appears"))
    return problems or _duration_problems(spec, file, "catching.drops")


def _duration_problems(spec: CatchingSpec, file: str, field: str) -> list[LevelProblem]:
    from game.games.catching.rules import schedule

    last = max(f.cross_t for f in schedule(spec))
    if last > MAX_DURATION_S:
        return [LevelProblem(file, field, f"the last object reaches the basket at {last:.0f} s; an attempt may "
                             f"last at most {MAX_DURATION_S:.0f} s")]
    return []


def catching_difficulty(level: CatchingLevel) -> dict[str, object]:
    """The fields a therapist turns to make catching easier or harder, for exports and charts."""
    from game.games.catching.rules import schedule

    spec = level.catching
    flights = schedule(spec)
    speeds = [f.speed for f in flights]
    return {
        "catcher_width": spec.catcher_width,
        "object_radius": spec.object_radius,
        "objects": sum(not f.distractor for f in flights),
        "distractors": sum(f.distractor for f in flights),
        "object_speed": round(sum(speeds) / len(speeds), 1),
        "trajectory": spec.trajectory,
        "side": spec.side or ("both" if spec.drops is None else "drops"),
        "max_in_flight": max_in_flight(flights),
    }


def max_in_flight(flights) -> int:
    """Most objects on their way down at the same moment (spawned, not yet at the catch line)."""
    marks = sorted([(f.spawn_t, 1) for f in flights] + [(f.cross_t, -1) for f in flights], key=lambda m: (m[0], m[1]))
    most = now = 0
    for _, step in marks:
        now += step
        most = max(most, now)
    return most
