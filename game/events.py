"""Raw input of an attempt, as kept on disk: JSON Lines, times in seconds from the attempt's start.

Every coordinate is in play units (1280x720 canvas, origin top-left, y down). Times are
kept to the microsecond, both when recorded live and when read from a file, so that a live
attempt and its re-score see exactly the same numbers.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from game.errors import UserError

POINTER_TYPES = ("down", "move", "up")
SIDES = ("left", "right")
EVENT_TYPES = (*POINTER_TYPES, "tap", "key")
KEY_NAMES = ("left", "right")
TIME_DECIMALS = 6
COORD_LIMIT = 10_000.0  # play units: far beyond any screen (the canvas is 1280 x 720), so only junk is refused


@dataclass(frozen=True, slots=True)
class Event:
    """One raw input event. `t` is seconds since the attempt started."""

    t: float
    type: str
    x: float | None = None
    y: float | None = None
    side: str | None = None      # tap: "left" | "right"
    id: int | None = None        # pointer id, for several fingers at once
    key: str | None = None       # key: "left" | "right"
    pressed: bool | None = None  # key: True on press, False on release

    def to_dict(self) -> dict:
        d: dict = {"t": self.t, "type": self.type}
        for name in ("x", "y", "side", "id", "key", "pressed"):
            value = getattr(self, name)
            if value is not None:
                d[name] = value
        return d


def round_time(t: float) -> float:
    return round(float(t), TIME_DECIMALS)


def _number(obj: dict, name: str, where: str) -> float:
    value = obj.get(name)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise UserError(f'{where}: "{name}" must be a finite number (got {json.dumps(value)[:40]})')
    return float(value)


def event_from_dict(obj: object, where: str) -> Event:
    """Validate one decoded JSON value into an Event, or raise a one-line UserError."""
    if not isinstance(obj, dict):
        raise UserError(f"{where}: each line must be a JSON object like {{\"t\": 0.5, \"type\": \"down\", \"x\": 200, \"y\": 360}}")
    kind = obj.get("type")
    if kind not in EVENT_TYPES:
        raise UserError(f'{where}: "type" must be one of {", ".join(EVENT_TYPES)} (got {json.dumps(kind)[:40]})')
    allowed = {"t", "type", "x", "y", "id"} if kind in POINTER_TYPES else (
        {"t", "type", "side"} if kind == "tap" else {"t", "type", "key", "pressed"})
    unknown = sorted(set(obj) - allowed)
    if unknown:
        raise UserError(f'{where}: unknown field "{unknown[0]}" for a {kind} event (allowed: {", ".join(sorted(allowed))})')
    t = _number(obj, "t", where)
    if t < 0:
        raise UserError(f'{where}: "t" must be 0 or more seconds from the attempt start (got {t})')
    if t > 24 * 3600:
        raise UserError(f'{where}: "t" is more than a day after the attempt start (got {t})')
    t = round_time(t)
    if kind in POINTER_TYPES:
        x, y = _number(obj, "x", where), _number(obj, "y", where)
        for name, value in (("x", x), ("y", y)):
            if abs(value) > COORD_LIMIT:
                raise UserError(f'{where}: "{name}" is {value:g} play units, far off the 1280x720 canvas '
                                f'(allowed: -{COORD_LIMIT:g} to {COORD_LIMIT:g})')
        pid = obj.get("id")
        if pid is not None and (isinstance(pid, bool) or not isinstance(pid, int) or not 0 <= pid < 2**31):
            raise UserError(f'{where}: "id" must be a whole number 0 or more (got {json.dumps(pid)[:40]})')
        return Event(t, kind, x=x, y=y, id=pid)
    if kind == "tap":
        side = obj.get("side")
        if side not in SIDES:
            raise UserError(f'{where}: "side" must be "left" or "right" (got {json.dumps(side)[:40]})')
        return Event(t, kind, side=side)
    key, pressed = obj.get("key"), obj.get("pressed")
    if key not in KEY_NAMES:
        raise UserError(f'{where}: "key" must be "left" or "right" (got {json.dumps(key)[:40]})')
    if not isinstance(pressed, bool):
        raise UserError(f'{where}: "pressed" must be true or false (got {json.dumps(pressed)[:40]})')
    return Event(t, kind, key=key, pressed=pressed)


def parse_events(text: str, source: str) -> list[Event]:
    """Parse JSON Lines text; blank lines are skipped. Times must not go backwards."""
    events: list[Event] = []
    last_t = 0.0
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{source}:{lineno}"
        try:
            obj = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as exc:
            msg = getattr(exc, "msg", "too deeply nested")
            raise UserError(f"{where}: not valid JSON ({msg})") from None
        ev = event_from_dict(obj, where)
        if ev.t < last_t:
            raise UserError(f'{where}: "t" goes back in time ({ev.t} after {last_t}); events must be in time order')
        last_t = ev.t
        events.append(ev)
    return events


def read_events(path: str | Path) -> list[Event]:
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise UserError(f"{p}: events file not found") from None
    except OSError as exc:
        raise UserError(f"{p}: cannot read events file ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UserError(f"{p}: events file is not UTF-8 text (bad byte at offset {exc.start})") from None
    return parse_events(text, str(p))


def events_to_jsonl(events: Iterable[Event]) -> str:
    return "".join(json.dumps(ev.to_dict(), separators=(", ", ": ")) + "\n" for ev in events)
