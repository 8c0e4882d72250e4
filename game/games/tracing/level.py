"""Tracing levels: a corridor around one or more strokes the child follows in order.

The strokes come from exactly one of three sources: explicit points, a named shape, or
letters and digits from a stroke font. Every generated point must lie on the canvas.
"""
from __future__ import annotations

from functools import cached_property
from typing import Annotated, Literal

import numpy as np
from pydantic import Field

from game.levels.base import (
    CANVAS_H,
    CANVAS_W,
    LevelBase,
    LevelProblem,
    Point,
    Strict,
    number,
)

SHAPE_NAMES = ("circle", "square", "triangle", "zigzag", "wave", "spiral", "figure8")
GUIDES = ("full", "fading", "start")
DEFAULT_CENTER = (640.0, 360.0)
DEFAULT_SHAPE_SIZE = 400.0
DEFAULT_TEXT_SIZE = 300.0
SHAPE_ONLY = ("height", "cycles", "turns", "clockwise", "start_angle_deg")
START_ANGLE_SHAPES = ("circle", "spiral")
# Limits far beyond any real level (the longest shipped path is about 4,000 play units), so that
# a hostile file cannot make checking, playing or scoring take minutes or gigabytes.
MAX_STROKES = 50
MAX_STROKE_POINTS = 2_000
MAX_POINTS = 5_000
MAX_PATH_LENGTH = 25_000.0   # play units: about 20 widths of the screen


def _num(lo: float, hi: float) -> object:
    return Annotated[float, Field(strict=True, allow_inf_nan=False, ge=lo, le=hi)]


class TracingSpec(Strict):
    tolerance: Annotated[float, number("corridor half-width in play units, from 5 to 150", ge=5, le=150)]
    strokes: tuple[Annotated[tuple[Point, ...], Field(min_length=2, max_length=MAX_STROKE_POINTS)], ...] | None = Field(
        None, min_length=1, max_length=MAX_STROKES,
        description=f"a list of 1 to {MAX_STROKES} strokes; each is a list of [x, y] points (2 to "
        f"{MAX_STROKE_POINTS:,}, at most {MAX_POINTS:,} in all) on the 1280x720 canvas, traced in order")
    shape: Literal[SHAPE_NAMES] | None = Field(  # type: ignore[valid-type]
        None, description="one of " + ", ".join(SHAPE_NAMES))
    text: Annotated[str, Field(strict=True, min_length=1, max_length=8)] | None = Field(
        None, description="1 to 8 letters or digits (spaces allowed between them)")
    center: Point | None = Field(None, description="[x, y] centre of the shape or text, play units; "
                                 "default [640, 360], the middle of the screen")
    size: _num(20, 1280) | None = Field(  # type: ignore[valid-type]
        None, description="shape width (figure8: height) or capital-letter height, play units, from 20 to 1280")
    height: _num(10, 720) | None = Field(  # type: ignore[valid-type]
        None, description="zigzag or wave height from trough to peak, play units, from 10 to 720")
    cycles: Annotated[int, Field(strict=True, ge=1, le=12)] | None = Field(
        None, description="zigzag or wave: how many ups and downs, a whole number from 1 to 12")
    turns: _num(1, 8) | None = Field(  # type: ignore[valid-type]
        None, description="spiral: how many times round, from 1 to 8")
    clockwise: Annotated[bool, Field(strict=True)] | None = Field(
        None, description="true or false: direction round a closed shape")
    start_angle_deg: Annotated[float, Field(strict=True, allow_inf_nan=False, ge=0, lt=360)] | None = Field(
        None, description="circle or spiral: where round the clock the circle starts (the spiral's outer end "
        "lies), degrees clockwise from 12 o'clock as seen on screen (90 = 3 o'clock), from 0 up to 360; default 0")
    guide: Literal[GUIDES] = Field(  # type: ignore[valid-type]
        "full", description="how much of the path is shown: full, fading (fades out as the child goes) "
        "or start (only the start dot and arrow)")
    time_limit_s: _num(3, 600) | None = Field(  # type: ignore[valid-type]
        None, description="seconds before the attempt ends by itself, from 3 to 600")


class TracingLevel(LevelBase):
    game: Literal["tracing"] = Field(description="tracing")
    tracing: TracingSpec = Field(description="the [tracing] table")

    @cached_property
    def template(self) -> list[np.ndarray]:
        """The strokes to follow, computed once per level: the scene, scoring and pictures share them."""
        return tracing_template(self.tracing)


def tracing_template(spec: TracingSpec) -> list[np.ndarray]:
    """The strokes to follow, as float (n, 2) polylines in tracing order and direction."""
    center = spec.center or DEFAULT_CENTER
    if spec.strokes is not None:
        return [np.asarray(stroke, dtype=float) for stroke in spec.strokes]
    if spec.shape is not None:
        from game.games.tracing.shapes import shape_strokes

        kwargs: dict = {}
        if spec.height is not None:
            kwargs["height"] = spec.height
        if spec.cycles is not None:
            kwargs["cycles"] = spec.cycles
        if spec.turns is not None:
            kwargs["turns"] = spec.turns
        if spec.clockwise is not None:
            kwargs["clockwise"] = spec.clockwise
        if spec.start_angle_deg is not None:
            kwargs["start_angle_deg"] = spec.start_angle_deg
        return shape_strokes(spec.shape, center, spec.size or DEFAULT_SHAPE_SIZE, **kwargs)
    from game.games.tracing.hershey import text_strokes

    return text_strokes(spec.text or "", center, spec.size or DEFAULT_TEXT_SIZE)


def tracing_problems(level: TracingLevel, file: str) -> list[LevelProblem]:
    """Checks that span several fields, each naming the field a therapist should change."""
    spec = level.tracing
    problems: list[LevelProblem] = []
    sources = [name for name in ("strokes", "shape", "text") if getattr(spec, name) is not None]
    if len(sources) != 1:
        got = ", ".join(sources) if sources else "none of them"
        problems.append(LevelProblem(file, "tracing", f"give exactly one of strokes, shape or text (got {got})"))
        return problems
    source = sources[0]
    for name in ("center", "size") if source == "strokes" else ():
        if getattr(spec, name) is not None:
            problems.append(LevelProblem(file, f"tracing.{name}", "only applies with shape or text; "
                                         "with strokes, the points say where everything is"))
    if source != "shape":
        for name in SHAPE_ONLY:
            if getattr(spec, name) is not None:
                problems.append(LevelProblem(file, f"tracing.{name}", "only applies with shape"))
    elif spec.start_angle_deg is not None and spec.shape not in START_ANGLE_SHAPES:
        problems.append(LevelProblem(file, "tracing.start_angle_deg",
                                     f"only applies to {' and '.join(START_ANGLE_SHAPES)}; a {spec.shape} starts "
                                     "where its corners or crossing put it"))
    if source == "text":
        from game.games.tracing.hershey import TEXT_CHARS

        bad = sorted({ch for ch in spec.text or "" if ch not in TEXT_CHARS and ch != " "})
        if bad:
            problems.append(LevelProblem(file, "tracing.text", f"cannot draw {', '.join(repr(c) for c in bad)}; "
                                         "allowed: letters a-z, A-Z and digits 0-9, with spaces between"))
        elif not (spec.text or "").strip():
            problems.append(LevelProblem(file, "tracing.text", "needs at least one letter or digit"))
    if problems:
        return problems
    if source == "strokes":
        total = sum(len(stroke) for stroke in spec.strokes or ())
        if total > MAX_POINTS:
            return [LevelProblem(file, "tracing.strokes", f"has {total:,} points; a level may have at most "
                                 f"{MAX_POINTS:,} (draw long paths with fewer, farther-apart points)")]
        for i, stroke in enumerate(spec.strokes or ()):
            for j, (x, y) in enumerate(stroke):
                if not (0 <= x <= CANVAS_W and 0 <= y <= CANVAS_H):
                    problems.append(LevelProblem(file, f"tracing.strokes[{i}][{j}]",
                                                 f"point [{x:g}, {y:g}] is off the canvas; allowed: x from 0 to "
                                                 f"{CANVAS_W}, y from 0 to {CANVAS_H}"))
            if len(stroke) >= 2 and _length(np.asarray(stroke, dtype=float)) < 20:
                problems.append(LevelProblem(file, f"tracing.strokes[{i}]",
                                             "is shorter than 20 play units; a stroke must be long enough to follow"))
        if not problems:
            template = tracing_template(spec)
            problems.extend(_path_length_problems(template, file, "tracing.strokes"))
            if not problems:
                problems.extend(_corridor_problems(template, spec.tolerance, file))
        return problems
    try:
        template = tracing_template(spec)
    except ValueError as exc:
        return [LevelProblem(file, f"tracing.{source}", str(exc))]
    pts = np.concatenate(template)
    lo, hi = pts.min(axis=0), pts.max(axis=0)
    if lo[0] < 0 or lo[1] < 0 or hi[0] > CANVAS_W or hi[1] > CANVAS_H:
        field = "tracing.size" if spec.size is not None or spec.center is None else "tracing.center"
        problems.append(LevelProblem(
            file, field, f"the {source} reaches from [{lo[0]:.0f}, {lo[1]:.0f}] to [{hi[0]:.0f}, {hi[1]:.0f}], "
            f"off the {CANVAS_W}x{CANVAS_H} canvas; make size smaller or move center"))
    problems.extend(_path_length_problems(template, file, f"tracing.{source}"))
    if not problems:
        problems.extend(_corridor_problems(template, spec.tolerance, file))
    return problems


def _corridor_problems(template: list[np.ndarray], tolerance: float, file: str) -> list[LevelProblem]:
    """A corridor wider than half the gap between neighbouring parts of the path (see corridor.py)."""
    from game.games.tracing.corridor import overlap, widest_fitting_tolerance

    gap = overlap(template, tolerance)
    if gap is None:
        return []
    fit = widest_fitting_tolerance(template, tolerance) or 0.0
    advice = (f"the largest tolerance that fits is {fit:g}" if fit >= 5 else
              "no tolerance from 5 fits; draw the parts of the path farther apart")
    return [LevelProblem(file, "tracing.tolerance",
                         f"{tolerance:g} is wider than half the gap between neighbouring parts of the path "
                         f"(two of them come {gap:.0f} play units apart), so their corridors overlap and a "
                         f"wobble between them counts as on the path; {advice}")]


def _path_length_problems(template: list[np.ndarray], file: str, field: str) -> list[LevelProblem]:
    total = sum(_length(s) for s in template)
    if total > MAX_PATH_LENGTH:
        return [LevelProblem(file, field, f"the path is {total:,.0f} play units long; a level's path may be at most "
                             f"{MAX_PATH_LENGTH:,.0f} (about 20 widths of the screen)")]
    return []


def _length(xy: np.ndarray) -> float:
    return float(np.hypot(*np.diff(xy, axis=0).T).sum())


def tracing_difficulty(level: TracingLevel) -> dict[str, object]:
    """The fields a therapist turns to make tracing easier or harder, for exports and charts."""
    spec = level.tracing
    if spec.strokes is not None:
        source = f"strokes ({len(spec.strokes)})"
    elif spec.shape is not None:
        source = f"shape: {spec.shape}"
    else:
        source = f"text: {spec.text}"
    template = tracing_template(spec)
    return {
        "tolerance": spec.tolerance,
        "guide": spec.guide,
        "time_limit_s": spec.time_limit_s,
        "path": source,
        "template_length": round(sum(_length(s) for s in template), 1),
    }
