"""What the level editor lets a therapist change in a pegs level, and how it sums one up (pure)."""
from __future__ import annotations

from typing import Any, Mapping

from game.games.definition import ATTEMPTS_FIELD, EditField, axis_field, number_field
from game.games.pegs import AXIS

FIELDS: tuple[EditField, ...] = (
    axis_field(AXIS, "units", hint="how near the centre a peg must be let go to drop in"),
    number_field("pegs.peg_radius", "Peg size", 8, 80, 2, "units", easier=+1,
                 hint="radius of each peg; bigger is easier to pick up"),
    number_field("pegs.spacing", "Space between holes", 20, 600, 5, "units", applies="grid",
                 hint="from one hole's centre to the next"),
    EditField("pegs.order", "Which hole next", "choice", default="any", easiest="any",
              choices=(("any", "Any hole"), ("fixed", "In order")),
              hint="in order: the glowing hole is the only one that takes a peg"),
    EditField("pegs.return_pegs", "Put them back too", "toggle", default=False, easiest=False,
              choices=((False, "No"), (True, "Yes")), hint="after the last hole, every peg goes back to the tray"),
    number_field("pegs.time_limit_s", "Time limit", 5, 600, 5, "s", optional=True, off_words="No limit",
                 on_default=120, easier=+1, easiest=None, curve=2.5, hint="the try ends by itself after this long"),
    ATTEMPTS_FIELD,
)


def kind(data: Mapping[str, Any]) -> str:
    """Which fields apply: a grid has a spacing, listed holes do not."""
    return "grid" if data.get("pegs", {}).get("layout") == "grid" else "holes"




def field_for_problem(path: str, keys: list[str]) -> str | None:
    """A hole or tray spot that no longer fits belongs to the hole size the therapist just turned."""
    if (path.startswith("pegs.holes") or path.startswith("pegs.tray")) and "pegs.hole_radius" in keys:
        return "pegs.hole_radius"
    return None


def summary(loaded) -> list[str]:
    """Two or three plain sentences about what the child will meet, shown under the preview."""
    from game.games.pegs.level import hole_positions

    spec: Any = loaded.level.pegs
    n = len(hole_positions(spec))
    side = {"left": "on the left", "right": "on the right"}.get(spec.tray_side or "", "in the tray")
    order = "in order, one glowing hole at a time" if spec.order == "fixed" else "into any free hole"
    back = " then all back to the tray" if spec.return_pegs else ""
    limit = f"{spec.time_limit_s:g} s to finish" if spec.time_limit_s else "no time limit"
    return [f"{n} peg{'s' if n != 1 else ''} {side}, carried {order}{back}.",
            f"Holes {spec.hole_radius:g} round (pegs {spec.peg_radius:g}).", f"{limit[:1].upper()}{limit[1:]}."]
