"""Each child's motor access options: what they are, their checks, and how they are stored.

A child who moves differently plays the same levels, scored the same way; these options change
how the child reaches the choices and what the screens and sounds do around the play (README,
"Access options"). They are kept per child in the records (`child_options`, migration 4) with
the time of the last change, and every attempt records the options it was played with
(`settings["access"]`), so a reader of the numbers can tell.

Pure: no pygame. Scenes read an AccessOptions; the therapist area and `screenshot --option`
change one with `changed` / `with_option`, whose problems are one line each.
"""
from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any, Mapping

from game.demonstration import DEMO_MODES as DEMOS   # one list of modes: the play screen checks the same
from game.records.db import Database, now_utc

HANDS = ("either", "left", "right")
SCAN_S = (0.8, 4.0)        # the scan's pace: slower than a switch user needs to see and press, faster is tiring
HOLD_S = (0.3, 2.0)        # long enough to filter a tremor's or an impulse's tap, short enough to wait for
VOLUME = (0, 100)          # per cent of the sound as made
LARGER = 1.5               # buttons and cards with larger targets (where the screen has room)


@dataclass(frozen=True)
class AccessOptions:
    """One child's options; the defaults change nothing (MotorPlay as it was)."""

    switch: bool = False            # one switch: scanning highlights each choice in turn, a press picks it
    switch_scan: float = 1.5        # seconds each choice stays highlighted
    larger_targets: bool = False    # buttons and cards x1.5; a bigger start dot in tracing
    hold: bool = False              # a choice needs a hold of hold_s instead of a tap
    hold_s: float = 0.8
    reduced_motion: bool = False    # no confetti, shakes, bounces or moving cues: colour changes instead
    effects_volume: int = 100       # per cent, every sound but the metronome
    metronome_volume: int = 100     # per cent, the drums' metronome click
    mute: bool = False              # no sound at all for this child
    hand: str = "either"            # which hand plays: levels as written (either), or turned to this hand
    demo: str = "first"             # a level's demonstration: always, the first time the child plays it, never

    def __post_init__(self) -> None:
        problem = self.problem()
        if problem:
            raise ValueError(problem)

    def problem(self) -> str:
        """The first thing wrong with these values, in one line ('' if none)."""
        for name in BOOLS:
            if not isinstance(getattr(self, name), bool):
                return f"{name}: must be true or false (got {getattr(self, name)!r})"
        for name, (lo, hi) in (("switch_scan", SCAN_S), ("hold_s", HOLD_S)):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v) or not lo <= v <= hi:
                return f"{name}: must be from {lo:g} to {hi:g} seconds (got {v!r})"
        for name in ("effects_volume", "metronome_volume"):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, int) or not VOLUME[0] <= v <= VOLUME[1]:
                return f"{name}: must be a whole number from {VOLUME[0]} to {VOLUME[1]} per cent (got {v!r})"
        if self.hand not in HANDS:
            return f"hand: must be one of {', '.join(HANDS)} (got {self.hand!r})"
        if self.demo not in DEMOS:
            return f"demo: must be one of {', '.join(DEMOS)} (got {self.demo!r})"
        return ""

    # --- changing ---------------------------------------------------------------------------
    def changed(self, **changes: Any) -> AccessOptions:
        """These options with some changed; ValueError (one line) if a name or value is wrong."""
        unknown = sorted(set(changes) - set(NAMES))
        if unknown:
            raise ValueError(f"{unknown[0]}: not an access option; the options are {', '.join(NAMES)}")
        return dataclasses.replace(self, **changes)

    def with_option(self, text: str) -> AccessOptions:
        """NAME or NAME=VALUE as typed after `--option` (a bare NAME turns an on/off option on; a pace or a
        hold time turns its option on too). ValueError with one line naming the option if it is wrong."""
        name, has_value, raw = text.partition("=")
        name = name.strip().replace("-", "_")
        if name not in NAMES:
            raise ValueError(f"{text}: not an access option; the options are {', '.join(NAMES)}")
        if not has_value:
            if name not in BOOLS:
                raise ValueError(f"{name}: needs a value, e.g. {name}={EXAMPLES[name]}")
            return self.changed(**{name: True})
        raw = raw.strip()
        try:
            value = _parse(name, raw)
        except ValueError:
            raise ValueError(f"{name}={raw}: {_wants(name)}") from None
        changes: dict[str, Any] = {name: value}
        if name == "switch_scan":
            changes["switch"] = True
        if name == "hold_s":
            changes["hold"] = True
        return self.changed(**changes)

    # --- reading ----------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """Every option by name: what is stored, and what an attempt records in settings["access"]."""
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> AccessOptions:
        """From what was stored. Forgiving, so records always open: an unknown name (from a newer MotorPlay)
        is left out, and a value that is not allowed keeps that option's default."""
        out = cls()
        for name, value in (data or {}).items():
            if name in NAMES:
                try:
                    out = out.changed(**{name: value})
                except (ValueError, TypeError):
                    continue
        return out

    @property
    def scanning(self) -> bool:
        return self.switch

    @property
    def target_scale(self) -> float:
        """How much bigger buttons and cards are drawn (where the screen has room)."""
        return LARGER if self.larger_targets else 1.0

    def words(self) -> str:
        """The options that are not as by default, in a few words (the therapist's summary line)."""
        on = []
        if self.switch:
            on.append(f"switch, {self.switch_scan:g} s scan")
        if self.larger_targets:
            on.append("larger targets")
        if self.hold:
            on.append(f"hold {self.hold_s:g} s")
        if self.reduced_motion:
            on.append("reduced motion")
        if self.mute:
            on.append("muted")
        elif (self.effects_volume, self.metronome_volume) != (100, 100):
            on.append(f"sounds {self.effects_volume}%, metronome {self.metronome_volume}%")
        if self.hand != "either":
            on.append(f"{self.hand} hand")
        if self.demo != "first":
            on.append(f"demonstration {self.demo}")
        return ", ".join(on) or "none: MotorPlay as it comes"


NAMES = tuple(f.name for f in dataclasses.fields(AccessOptions))
BOOLS = tuple(f.name for f in dataclasses.fields(AccessOptions) if f.type in ("bool", bool))
EXAMPLES = {"switch_scan": "1.5", "hold_s": "0.8", "effects_volume": "60", "metronome_volume": "60",
            "hand": "left", "demo": "never"}


def _parse(name: str, raw: str) -> Any:
    if name in BOOLS:
        words = {"true": True, "on": True, "yes": True, "1": True, "false": False, "off": False, "no": False,
                 "0": False}
        if raw.lower() not in words:
            raise ValueError(raw)
        return words[raw.lower()]
    if name in ("switch_scan", "hold_s"):
        return float(raw)
    if name in ("effects_volume", "metronome_volume"):
        return int(raw)
    return raw.lower()


def _wants(name: str) -> str:
    if name in BOOLS:
        return "must be true or false (or just the name for true)"
    if name == "switch_scan":
        return f"must be a number of seconds from {SCAN_S[0]:g} to {SCAN_S[1]:g}"
    if name == "hold_s":
        return f"must be a number of seconds from {HOLD_S[0]:g} to {HOLD_S[1]:g}"
    if name in ("effects_volume", "metronome_volume"):
        return f"must be a whole number of per cent from {VOLUME[0]} to {VOLUME[1]}"
    return f"must be one of {', '.join(HANDS if name == 'hand' else DEMOS)}"


def picker_options(each: list[AccessOptions]) -> AccessOptions:
    """"Who is playing?" is everyone's screen: it is as usable as the neediest child listed needs (scanning
    if any child uses a switch, at the slowest pace; larger targets, a hold (the longest) or reduced motion if
    any child has them). Sounds, hand and demonstrations belong to a child and are left as they come."""
    out = AccessOptions()
    switched = [o.switch_scan for o in each if o.switch]
    held = [o.hold_s for o in each if o.hold]
    return out.changed(switch=bool(switched), switch_scan=max(switched, default=out.switch_scan),
                       larger_targets=any(o.larger_targets for o in each), hold=bool(held),
                       hold_s=max(held, default=out.hold_s), reduced_motion=any(o.reduced_motion for o in each))


# --- the records -------------------------------------------------------------------------------------

def access_options(db: Database, child_id: int) -> AccessOptions:
    """The child's options (the defaults if none were ever set)."""
    row = db.child_options(child_id)
    return AccessOptions() if row is None else AccessOptions.from_dict(row.options)


def set_access_options(db: Database, child_id: int, options: AccessOptions, changed_at: str | None = None) -> None:
    """Keep the child's options, stamped with when they changed (now, unless given: another computer's
    change being brought over keeps its own time, and the most recent change wins)."""
    db.set_child_options(child_id, options.to_dict(), changed_at or now_utc())
