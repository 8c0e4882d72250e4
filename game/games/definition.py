"""What every game gives the rest of MotorPlay: its definition (GameDef), one per game folder.

Each game lives in one folder, game/games/<name>/, whose __init__ builds its GameDef; the
registry (game/games/__init__.py) lists them. Shared code only ever goes through a GameDef,
so it never needs to ask which game it is. Scenes are named by import path so that the pure
side (loading, scoring, exporting) never imports the display.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from types import MappingProxyType
from typing import Any, Callable, Mapping

from game.levels.base import LevelBase, LevelProblem


@dataclass(frozen=True)
class Metric:
    """One row of a game's metric table: its name (a contract), the label a grown-up reads, its
    unit, which way is better, how many decimals are shown, where it stands on the results
    screen (headline 1-3, 0 if not) and on the progress charts (charted 1-2, 0 if not), and the
    sentence that defines it. Every screen, report, export and glossary reads this row.

    `mm_twin` names the metric's millimetre twin (a distance or speed in play units, measured again
    on the screen's real size: game.metrics.millimetres); empty for a metric that is not spatial."""

    name: str
    label: str
    unit: str
    better: str          # "higher", "lower" or "" (neither: a bias or a rate to read with care)
    decimals: int
    words: str
    headline: int = 0
    charted: int = 0
    mm_twin: str = ""


# A play-unit unit and the unit of its millimetre twin.
MM_UNITS: Mapping[str, str] = MappingProxyType({"play units": "mm", "play units/s": "mm/s"})


def mm_twin_row(m: Metric) -> Metric:
    """The table row of a metric's millimetre twin: the same label and better, the unit in mm, one decimal
    more (a play unit is about a quarter of a millimetre, so the same resolution)."""
    return replace(m, name=m.mm_twin, unit=MM_UNITS[m.unit], decimals=m.decimals + 1, headline=0, charted=0,
                   mm_twin="",
                   words=f"{m.words}; in millimetres on the screen it was played on ({m.name} × mm per play unit)")


@dataclass(frozen=True)
class DifficultyAxis:
    """The one setting per game that makes it easier or harder: one name for it everywhere.

    `key` is its column in exports and charts (the game's difficulty values), `field` the level
    file's dotted field that the editor and adaptive mode change.
    """

    key: str
    field: str
    label: str
    unit: str
    words: str              # what it is, in plain words
    harder: int             # +1: a larger value is harder; -1: a smaller one is
    editor: tuple[float, float, float]      # the editor's slider: lowest, highest, step
    adaptive: tuple[float, float, float]    # adaptive mode's defaults: step, lowest, highest
    model: tuple[float, float]              # what the level model allows at all
    success: str            # what counts as a success for adaptive mode, in plain words
    easier: str             # beside a chart: "wider is easier"
    nudge: tuple[float, float]              # the adaptive settings' +/- buttons: step by, bounds by
    value_of: Callable[[Any], float]        # a level's own value on this axis
    # The values a level can take and still be valid (other fields may depend on this one).
    narrow: Callable[[Any, float, float], tuple[float, float]] = field(default=lambda level, lo, hi: (lo, hi))
    # The level-file changes that put a level at a value; None: just set `field`.
    changes_for: Callable[[Any, str, float], dict | None] = field(default=lambda loaded, text, value: None)

    @property
    def harder_words(self) -> str:
        return "higher" if self.harder > 0 else "lower"


@dataclass(frozen=True)
class EditField:
    """One thing a therapist can change, in the level file's own unit and range.

    kind: "number" (slider and steppers), "choice" (one of `choices`), "toggle" (true/false).
    easier: +1 if a larger value is easier for the child, -1 if smaller is, 0 if neither.
    applies: "all", "random" (random catching schedules), "drops" (explicit drops),
    "shape_text" (tracing shapes and text, which have a size).
    """

    key: str
    label: str
    kind: str = "number"
    lo: float = 0.0
    hi: float = 0.0
    step: float = 1.0
    whole: bool = False
    unit: str = ""
    choices: tuple[tuple[Any, str], ...] = ()   # (value in the file, words on the button)
    optional: bool = False        # may be switched off (removed from the file)
    off_words: str = "off"
    on_default: float = 0.0       # the value when switched on
    default: Any = None           # the model's default when the file leaves it out
    easier: int = 0
    easiest: Any = None           # choices/toggles: the option that is easiest
    applies: str = "all"
    shown_scale: float = 1.0      # shown = value x this (a fraction shown as %)
    curve: float = 1.0            # slider: value = lo + (hi - lo) * position ** curve (wide ranges > 1)
    hint: str = ""


def number_field(key: str, label: str, lo: float, hi: float, step: float, unit: str, **kw: Any) -> EditField:
    """A number the editor turns with a slider and - / + buttons."""
    return EditField(key, label, "number", lo, hi, step, unit=unit, **kw)


def axis_field(axis: DifficultyAxis, unit: str, **kw: Any) -> EditField:
    """The game's difficulty axis as the editor's slider: its label, range and step from the axis."""
    lo, hi, step = axis.editor
    return number_field(axis.field, axis.label, lo, hi, step, unit, easier=-axis.harder, **kw)


ATTEMPTS_FIELD = number_field("attempts", "Tries in a row", 1, 10, 1, "", whole=True, default=1,
                              hint="how many goes before the results")


@dataclass(frozen=True)
class GameDef:
    name: str
    title: str                       # shown to grown-ups; children see the picture
    description: str                 # what the child does, in one sentence (reports)
    level_model: type[LevelBase]
    level_problems: Callable[[LevelBase, str], list[LevelProblem]]
    difficulty: Callable[[LevelBase], dict[str, object]]
    difficulty_fields: tuple[str, ...]
    score: Callable[..., dict]       # (loaded level, events, **options) -> metrics
    stars: Callable[[dict], int]     # 1..3 for a finished try, never 0 (a stopped one gets none: records.attempts)
    metric_table: tuple[Metric, ...]
    axis: DifficultyAxis
    scene: str                       # "module:Class", imported only by the app
    views: str                       # module drawing it elsewhere: picture, thumbnail, editor_preview
    editor: str                      # module with the level editor's fields, kinds and summary (pure)
    replay: str                      # module with its ReplayView (drawn by the replay scene)
    longest_attempt_s: Callable[[LevelBase], float]  # the most one attempt at a level can last, s
    # Show, don't tell: the first part of a good play of a level (game.demonstration.Demo), shown
    # before the child plays it; pure, from the level and the game's rules.
    demo: Callable[[Any], Any]
    # Input no real attempt produces and that scoring would choke on: a one-line reason, or None.
    events_problem: Callable[..., str | None] = lambda loaded, events: None
    # A whole good play-through of a level, as events (the results screen's example when no attempt exists).
    example: Callable[[Any], list] | None = None
    # The level-file changes (dotted fields, as game.levels.rewrite.with_fields takes them) that turn a level
    # to the hand a child plays with, "left" or "right" (access option Hand); None: it plays as written.
    for_hand: Callable[[Any, str], dict[str, Any] | None] = lambda loaded, hand: None
    # Difficulty values in play units (or play units/s) and the names of their millimetre twins.
    difficulty_twins: tuple[tuple[str, str], ...] = ()

    @cached_property
    def twin_table(self) -> tuple[Metric, ...]:
        """The rows of the millimetre twins, in the order of the metrics they measure again."""
        return tuple(mm_twin_row(m) for m in self.metric_table if m.mm_twin)

    def twin_of(self, name: str) -> str:
        """The millimetre twin of a metric or difficulty field; '' when it has none."""
        for m in self.metric_table:
            if m.name == name:
                return m.mm_twin
        return dict(self.difficulty_twins).get(name, "")

    @property
    def metrics(self) -> tuple[str, ...]:
        """Metric names in table order (the export's column order)."""
        return tuple(m.name for m in self.metric_table)

    def metric(self, name: str) -> Metric:
        """A metric's row, or its millimetre twin's."""
        for m in (*self.metric_table, *self.twin_table):
            if m.name == name:
                return m
        raise KeyError(f"{self.name} has no metric {name!r}")

    @property
    def headlines(self) -> tuple[Metric, ...]:
        """The numbers on the results screen, in order."""
        return tuple(sorted((m for m in self.metric_table if m.headline), key=lambda m: m.headline))

    @property
    def charted(self) -> tuple[str, ...]:
        """The metrics a therapist watches first: charted on the progress screen and in reports, in order."""
        return tuple(m.name for m in sorted((m for m in self.metric_table if m.charted), key=lambda m: m.charted))


def share_stars(metric: str, three: float = 80.0, two: float = 50.0) -> Callable[[dict], int]:
    """Stars from a percentage: 3 from `three`%, 2 from `two`%, otherwise 1 (never 0)."""
    def stars(m: dict) -> int:
        value = m.get(metric) or 0.0
        return 3 if value >= three else 2 if value >= two else 1

    return stars
