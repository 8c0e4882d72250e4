"""What the level editor lets a therapist change in a catching level, and how it sums one up (pure)."""
from __future__ import annotations

from typing import Any, Mapping

from game.games.catching import AXIS
from game.games.definition import ATTEMPTS_FIELD, EditField, axis_field, number_field

SPEED_FACTOR = "catching.drops.speed_factor"
"""Not a file key: levels with explicit drops scale every drop's speed by one factor."""

FIELDS: tuple[EditField, ...] = (
    number_field("catching.catcher_width", "Basket width", 40, 640, 10, "units", easier=+1, curve=1.5,
       hint="a wider basket is easier"),
    axis_field(AXIS, "units/s", applies="random", curve=2.5, hint="how fast things come down"),
    number_field(SPEED_FACTOR, AXIS.label, 0.25, 4, 0.05, "×", easier=-1, applies="drops", curve=2,
       default=1.0, hint="every drop's speed times this"),
    number_field("catching.spawn_interval_s", "Time between", 0.3, 30, 0.1, "s", easier=+1, applies="random",
       curve=2.5, hint="seconds from one thing to the next"),
    number_field("catching.object_radius", "Fruit size", 10, 80, 2, "units", easier=+1,
       hint="radius of each fruit; bigger is easier to see"),
    number_field("catching.max_in_flight", "At once, at most", 1, 8, 1, "", whole=True, optional=True,
       off_words="No limit", on_default=1, easier=-1, applies="random",
       hint="how many can be on the way down together"),
    number_field("catching.count", "How many", 1, 100, 1, "", whole=True, applies="random", curve=2,
       hint="things to catch in one try"),
    number_field("catching.distractors", "Rocks", 0, 0.9, 0.05, "%", easier=-1, applies="random",
       default=0.0, shown_scale=100, hint="share of grey rocks to let fall"),
    EditField("catching.trajectory", "How they move", "choice", default="fall", easiest="fall",
              choices=(("fall", "Fall"), ("diagonal", "Slant"), ("arc", "Thrown"), ("bounce", "Bounce")),
              hint="straight down is easiest to follow"),
    EditField("catching.side", "Where they land", "choice", default="both", applies="random",
              choices=(("both", "Anywhere"), ("left", "Left"), ("right", "Right"), ("cross", "Cross")),
              hint="cross: left, right, left... over the middle"),
    ATTEMPTS_FIELD,
)


def kind(data: Mapping[str, Any]) -> str:
    """Which fields apply: explicit drops, or a random schedule."""
    return "drops" if "drops" in data.get("catching", {}) else "random"


def initial_value(key: str, data: Mapping[str, Any]) -> Any:
    return 1.0 if key == SPEED_FACTOR else None


def changes(key: str, data: Mapping[str, Any], value: Any) -> dict[str, Any] | None:
    """The speed factor is written as every drop's own speed, times the factor."""
    if key != SPEED_FACTOR:
        return None
    from game.levels.editor_model import tidy

    speed = next(f for f in FIELDS if f.key == SPEED_FACTOR)
    drops = [dict(d) for d in data["catching"]["drops"]]
    for d in drops:
        d["speed"] = tidy(speed, float(d["speed"]) * float(value))
    return {"catching.drops": drops}


def field_for_problem(path: str, keys: list[str]) -> str | None:
    """A drop's speed belongs to the speed factor."""
    return SPEED_FACTOR if path.startswith("catching.drops") and SPEED_FACTOR in keys else None


def summary(loaded) -> list[str]:
    """Two or three plain sentences about what the child will meet, shown under the preview."""
    level: Any = loaded.level
    from game.games.catching.rules import schedule

    spec = level.catching
    flights = schedule(spec)
    rocks = sum(f.distractor for f in flights)
    fall = sum(f.flight_s for f in flights) / len(flights)
    first = f"{len(flights) - rocks} to catch" + (f" and {rocks} rocks to let fall" if rocks else "") + "."
    gaps = [b.spawn_t - a.spawn_t for a, b in zip(flights, flights[1:])]
    every = f", a new one about every {sum(gaps) / len(gaps):.1f} s" if gaps else ""
    end = max(f.cross_t for f in flights)
    return [first, f"Each takes {fall:.1f} s to come down{every}.",
            f"Basket {spec.catcher_width:g} wide; about {end:.0f} s in all."]
