"""What the level editor lets a therapist change in a drums level, and how it sums one up (pure)."""
from __future__ import annotations

from typing import Any

from game.games.definition import ATTEMPTS_FIELD, EditField, axis_field, number_field
from game.games.tapping import AXIS

FIELDS: tuple[EditField, ...] = (
    axis_field(AXIS, "beats/min", hint="slower is easier"),
    number_field("tapping.window_ms", "Hit window", 20, 1000, 10, "± ms", easier=+1, default=200.0, curve=2,
       hint="how close to the beat still counts"),
    EditField("tapping.pattern", "Which drums", "choice", easiest="left",
              choices=(("left", "Left"), ("right", "Right"), ("both", "Both"), ("alternate", "L-R"),
                       ("LLRR", "LLRR"), ("LRB-", "LRB-")),
              hint="one hand is easiest; L-R takes turns"),
    number_field("tapping.beats", "Beats with clicks", 1, 400, 1, "beats", whole=True, curve=2.5,
       hint="how long the try is"),
    number_field("tapping.continuation_beats", "Keep-going beats", 0, 400, 1, "beats", whole=True, default=0,
       easier=-1, curve=2.5, hint="beats after the clicks stop"),
    EditField("tapping.metronome_sound", "Click sound", "toggle", default=True, easiest=True,
              choices=((True, "On"), (False, "Off")), hint="a click on every beat"),
    EditField("tapping.metronome_visual", "Beat light", "toggle", default=True, easiest=True,
              choices=((True, "On"), (False, "Off")), hint="a light that flashes on every beat"),
    ATTEMPTS_FIELD,
)






def summary(loaded) -> list[str]:
    """Two or three plain sentences about what the child will meet, shown under the preview."""
    level: Any = loaded.level
    spec = level.tapping
    gap = 60.0 / spec.tempo_bpm
    end = spec.lead_in_s + (spec.beats + spec.continuation_beats - 1) * gap + spec.window_ms / 1000
    keep = f", then {spec.continuation_beats} without clicks" if spec.continuation_beats else ""
    cue = " and ".join(n for n, on in (("a click", spec.metronome_sound), ("a light", spec.metronome_visual)) if on)
    return [f"{spec.beats} beats with {cue or 'no cue'}{keep}: one every {gap:.2f} s.",
            f"A tap counts within ± {spec.window_ms:g} ms of its beat.", f"About {end:.0f} s in all."]
