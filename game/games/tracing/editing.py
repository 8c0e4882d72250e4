"""What the level editor lets a therapist change in a tracing level, and how it sums one up (pure)."""
from __future__ import annotations

from typing import Any, Mapping

from game.games.definition import ATTEMPTS_FIELD, EditField, axis_field, number_field
from game.games.tracing import AXIS
from game.games.tracing.level import DEFAULT_SHAPE_SIZE, DEFAULT_TEXT_SIZE

FIELDS: tuple[EditField, ...] = (
    axis_field(AXIS, "each side", curve=1.5, hint="how far from the line still counts as on the road"),
    EditField("tracing.guide", "Help shown", "choice", default="full", easiest="full",
              choices=(("full", "Whole road"), ("fading", "Fading"), ("start", "Start dot only")),
              hint="how much of the road the child sees"),
    number_field("tracing.time_limit_s", "Time limit", 3, 600, 5, "s", optional=True, off_words="No limit",
       on_default=60, easier=+1, easiest=None, curve=2.5, hint="the try ends by itself after this long"),
    number_field("tracing.size", "Size", 20, 1280, 10, "units", applies="shape_text", curve=1.5,
       hint="shape width, or letter height"),
    ATTEMPTS_FIELD,
)


def kind(data: Mapping[str, Any]) -> str:
    """Which fields apply: a shape or text has a size, explicit strokes do not."""
    return "strokes" if "strokes" in data.get("tracing", {}) else "shape_text"


def initial_value(key: str, data: Mapping[str, Any]) -> Any:
    """A field's value where the file leaves it out and the model's default depends on the level."""
    if key == "tracing.size":
        return DEFAULT_TEXT_SIZE if "text" in data.get("tracing", {}) else DEFAULT_SHAPE_SIZE
    return None




def summary(loaded) -> list[str]:
    """Two or three plain sentences about what the child will meet, shown under the preview."""
    level: Any = loaded.level
    spec = level.tracing
    import numpy as np

    length = sum(float(np.hypot(*np.diff(s, axis=0).T).sum()) for s in loaded.level.template)
    guide = {"full": "the whole road is shown", "fading": "the road fades out ahead of the finger",
             "start": "only the start dot and a small picture are shown"}[spec.guide]
    limit = f"{spec.time_limit_s:g} s to finish" if spec.time_limit_s else "no time limit"
    return [f"The road is {2 * spec.tolerance:g} wide ({spec.tolerance:g} each side of the line).",
            f"The path is {length:.0f} long; {guide}.", f"{limit[:1].upper()}{limit[1:]}."]
