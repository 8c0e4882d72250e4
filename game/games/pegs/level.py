"""Pegs levels: a board of holes, a tray of pegs; the child carries each peg into a hole.

The holes come from exactly one of two sources: an explicit list of `holes`, or a grid
(`layout = "grid"` with `rows`, `cols`, `spacing` and an optional `center`). The pegs start
on exactly one of: an explicit `tray` (one spot per hole) or a column of spots on one side
(`tray_side = "left"` or `"right"`). All positions are play units on the 1280x720 canvas.
"""
from __future__ import annotations

import math
from typing import Annotated, Literal

from pydantic import Field

from game.levels.base import CANVAS_H, CANVAS_W, LevelBase, LevelProblem, Point, Strict, number

ORDERS = ("any", "fixed")
SIDES = ("left", "right")
GRID_FIELDS = ("rows", "cols", "spacing", "center")
MAX_HOLES = 25            # the nine-hole peg test has 9; far beyond any real level
DEFAULT_CENTER = (700.0, 380.0)   # a grid's default centre: a little right of the middle, under the bar
TRAY_MARGIN = 36.0        # play units between the screen edge and a side tray's pegs
TRAY_ROWS = 5             # a side tray holds at most this many pegs in a column
TRAY_TOP = 110.0          # play units: side trays stay below the progress bar


def _num(lo: float, hi: float, description: str) -> object:
    return Annotated[float, number(description, ge=lo, le=hi)]


class PegsSpec(Strict):
    peg_radius: _num(8, 80, "radius of each peg, play units, from 8 to 80")  # type: ignore[valid-type]
    hole_radius: _num(8, 120, "a peg let go with its centre within this distance of a free hole's centre "  # type: ignore[valid-type]
                      "drops in, play units, from 8 to 120")
    holes: tuple[Point, ...] | None = Field(
        None, min_length=1, max_length=MAX_HOLES,
        description=f"1 to {MAX_HOLES} holes, each [x, y] in play units, like [[560, 280], [640, 280]]")
    layout: Literal["grid"] | None = Field(None, description='"grid": holes in rows and columns '
                                           "(with rows, cols, spacing and center)")
    rows: Annotated[int, Field(strict=True, ge=1, le=5)] | None = Field(
        None, description="grid: how many rows of holes, a whole number from 1 to 5")
    cols: Annotated[int, Field(strict=True, ge=1, le=5)] | None = Field(
        None, description="grid: how many columns of holes, a whole number from 1 to 5")
    spacing: _num(20, 600, "grid: distance between neighbouring hole centres, play units, "  # type: ignore[valid-type]
                  "from 20 to 600") | None = None
    center: Point | None = Field(None, description="grid: [x, y] centre of the grid, play units; "
                                 "default [700, 380]")
    tray: tuple[Point, ...] | None = Field(
        None, min_length=1, max_length=MAX_HOLES,
        description="where the pegs start, one [x, y] spot per hole, play units")
    tray_side: Literal[SIDES] | None = Field(  # type: ignore[valid-type]
        None, description="where the pegs start instead of a tray list: left or right (a column of pegs "
        "by that edge of the screen)")
    order: Literal[ORDERS] = Field(  # type: ignore[valid-type]
        "any", description="any (a peg goes in any free hole, the default) or fixed (the holes must be "
        "filled in the listed order)")
    return_pegs: Annotated[bool, Field(strict=True)] = Field(
        False, description="true: once every hole is filled, the pegs go back to the tray (the second "
        "half of the nine-hole peg test); default false")
    time_limit_s: _num(5, 600, "seconds before the attempt ends by itself, from 5 to 600") | None = None  # type: ignore[valid-type]


class PegsLevel(LevelBase):
    game: Literal["pegs"] = Field(description="pegs")
    pegs: PegsSpec = Field(description="the [pegs] table")


def hole_positions(spec: PegsSpec) -> list[tuple[float, float]]:
    """Hole centres in their listed order (a grid: row by row, left to right)."""
    if spec.holes is not None:
        return [(float(x), float(y)) for x, y in spec.holes]
    rows, cols, gap = spec.rows or 1, spec.cols or 1, float(spec.spacing or 100.0)
    cx, cy = spec.center or DEFAULT_CENTER
    return [(cx + (c - (cols - 1) / 2) * gap, cy + (r - (rows - 1) / 2) * gap)
            for r in range(rows) for c in range(cols)]


def tray_positions(spec: PegsSpec, count: int | None = None) -> list[tuple[float, float]]:
    """Where the pegs start, one spot per hole: the listed tray, or columns by one edge."""
    if spec.tray is not None:
        return [(float(x), float(y)) for x, y in spec.tray]
    n = len(hole_positions(spec)) if count is None else count
    gap = max(2 * spec.peg_radius + 24, 84.0)   # from the pegs only: a hole size change leaves the tray be
    per_col = max(1, min(TRAY_ROWS, int((CANVAS_H - TRAY_TOP - 30) // gap)))
    out = []
    for k in range(n):
        col, row = divmod(k, per_col)
        in_col = min(per_col, n - col * per_col)
        y = (TRAY_TOP + CANVAS_H) / 2 + (row - (in_col - 1) / 2) * gap
        d = TRAY_MARGIN + spec.peg_radius + col * gap
        out.append((d if spec.tray_side != "right" else CANVAS_W - d, y))
    return out


def _off_canvas(x: float, y: float, r: float) -> bool:
    return x - r < 0 or y - r < 0 or x + r > CANVAS_W or y + r > CANVAS_H


def pegs_problems(level: PegsLevel, file: str) -> list[LevelProblem]:
    """Checks that span several fields, each naming the field a therapist should change."""
    spec = level.pegs
    problems: list[LevelProblem] = []
    if (spec.holes is None) == (spec.layout is None):
        got = "both" if spec.holes is not None else "neither"
        problems.append(LevelProblem(file, "pegs.holes", f"give exactly one of holes = [[x, y], ...] or "
                                     f'layout = "grid" (got {got})'))
    if spec.layout == "grid":
        for name in ("rows", "cols", "spacing"):
            if getattr(spec, name) is None:
                problems.append(LevelProblem(file, f"pegs.{name}", 'is required with layout = "grid" '
                                             "(rows, cols and spacing go together)"))
        if spec.rows and spec.cols and spec.rows * spec.cols > MAX_HOLES:
            problems.append(LevelProblem(file, "pegs.rows", f"{spec.rows} x {spec.cols} is {spec.rows * spec.cols} "
                                         f"holes; a board has at most {MAX_HOLES}"))
    elif spec.holes is not None:
        for name in GRID_FIELDS:
            if getattr(spec, name) is not None:
                problems.append(LevelProblem(file, f"pegs.{name}", 'only applies with layout = "grid"; '
                                             "with holes, each hole says where it is"))
    if (spec.tray is None) == (spec.tray_side is None):
        got = "both" if spec.tray is not None else "neither"
        problems.append(LevelProblem(file, "pegs.tray", 'give exactly one of tray = [[x, y], ...] or '
                                     f'tray_side = "left" or "right" (got {got})'))
    if spec.hole_radius < spec.peg_radius:
        problems.append(LevelProblem(file, "pegs.hole_radius", f"{spec.hole_radius:g} is smaller than peg_radius "
                                     f"({spec.peg_radius:g}); a hole should be at least as big as its peg"))
    if problems:
        return problems
    holes = hole_positions(spec)
    tray = tray_positions(spec)
    grid = spec.layout == "grid"
    if spec.tray is not None and len(tray) != len(holes):
        problems.append(LevelProblem(file, "pegs.tray", f"has {len(tray)} spots for {len(holes)} holes; "
                                     "give one tray spot per hole"))
    hr, pr = spec.hole_radius, spec.peg_radius
    for i, (x, y) in enumerate(holes):
        if _off_canvas(x, y, hr):
            field = ("pegs.spacing" if spec.spacing is not None else "pegs.center") if grid else f"pegs.holes[{i}]"
            problems.append(LevelProblem(file, field, f"hole {i + 1} at [{x:g}, {y:g}] reaches off the "
                                         f"{CANVAS_W}x{CANVAS_H} canvas (hole_radius {hr:g}); keep it at least "
                                         "hole_radius from every edge"))
            break
    for i, (x, y) in enumerate(tray):
        if _off_canvas(x, y, pr):
            field = f"pegs.tray[{i}]" if spec.tray is not None else "pegs.peg_radius"
            problems.append(LevelProblem(file, field, f"tray spot {i + 1} at [{x:g}, {y:g}] reaches off the "
                                         f"{CANVAS_W}x{CANVAS_H} canvas (peg_radius {pr:g})"))
            break
    done = False
    for i in range(len(holes)):
        for j in range(i + 1, len(holes)):
            d = math.dist(holes[i], holes[j])
            if d < 2 * hr:
                field = "pegs.spacing" if grid else f"pegs.holes[{j}]"
                problems.append(LevelProblem(file, field, f"holes {i + 1} and {j + 1} are {d:g} apart and overlap; "
                                             f"hole centres must be at least 2 x hole_radius ({2 * hr:g}) apart"))
                done = True
                break
        if done:
            break
    done = False
    for i, spot in enumerate(tray):
        for j, hole in enumerate(holes):
            d = math.dist(spot, hole)
            if d < hr + max(hr, pr):
                field = f"pegs.tray[{i}]" if spec.tray is not None else "pegs.tray_side"
                problems.append(LevelProblem(file, field, f"tray spot {i + 1} is {d:g} from hole {j + 1}; the tray "
                                             f"must stay clear of the holes (at least {hr + max(hr, pr):g})"))
                done = True
                break
        if done:
            break
    for i in range(len(tray)):
        for j in range(i + 1, len(tray)):
            d = math.dist(tray[i], tray[j])
            if d < 2 * pr:
                field = f"pegs.tray[{j}]" if spec.tray is not None else "pegs.peg_radius"
                problems.append(LevelProblem(file, field, f"tray spots {i + 1} and {j + 1} are {d:g} apart; pegs "
                                             f"would overlap (at least 2 x peg_radius, {2 * pr:g})"))
                return problems
    return problems


def pegs_difficulty(level: PegsLevel) -> dict[str, object]:
    """The fields a therapist turns to make the board easier or harder, for exports and charts."""
    spec = level.pegs
    holes = hole_positions(spec)
    tray = tray_positions(spec)
    reach = [math.dist(tray[i], holes[i]) for i in range(min(len(tray), len(holes)))]
    return {
        "hole_radius": spec.hole_radius,
        "peg_radius": spec.peg_radius,
        "holes": len(holes),
        "order": spec.order,
        "return_pegs": spec.return_pegs,
        "tray_side": spec.tray_side or "listed",
        "mean_reach": round(sum(reach) / len(reach), 1) if reach else None,
        "time_limit_s": spec.time_limit_s,
    }


def for_hand(loaded, hand: str) -> dict[str, object] | None:
    """The access option Hand: the tray on the playing hand's side. A level whose tray is on the other side
    is mirrored left to right (tray side or tray spots, and the holes), so every distance, and so every
    measure's meaning, stays as written."""
    spec = loaded.level.pegs
    tray = tray_positions(spec)
    side = "left" if sum(x for x, _ in tray) / len(tray) < CANVAS_W / 2 else "right"
    if side == hand:
        return None

    def mirror(points) -> list[list[float]]:
        return [[_whole(CANVAS_W - float(x)), _whole(float(y))] for x, y in points]

    changes: dict[str, object] = {}
    if spec.tray_side is not None:
        changes["pegs.tray_side"] = hand
    else:
        changes["pegs.tray"] = mirror(spec.tray or ())
    # Every hole mirrored in its own place in the order (a grid is written out as its list of holes), so a
    # fixed order is mirrored too and each peg's reach to its hole stays the same.
    changes["pegs.holes"] = mirror(hole_positions(spec))
    changes.update({f"pegs.{name}": None for name in ("layout", *GRID_FIELDS)})
    return changes


def _whole(v: float) -> float | int:
    """A coordinate as a level file writes it: a whole number where it is one."""
    return int(v) if float(v).is_integer() else v
