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
from typing import Any, Iterable, Protocol, Sequence

from game.errors import UserError
from game.userfiles import clip

POINTER_TYPES = ("down", "move", "up")
SIDES = ("left", "right")
EVENT_TYPES = (*POINTER_TYPES, "tap", "key")
KEY_NAMES = ("left", "right")
TIME_DECIMALS = 6
COORD_LIMIT = 10_000.0  # play units: far beyond any screen (the canvas is 1280 x 720), so only junk is refused
# Far beyond a real attempt (a tracing try lasts a minute or two; 100,000 events is 7 minutes of a
# 240 Hz pen, about 6 MB), so that a hostile file is refused in one line instead of taking minutes
# or gigabytes. A live attempt ends by itself at this many events, so every recorded attempt can
# be scored again from its file.
MAX_EVENTS = 100_000
MAX_EVENTS_BYTES = 12_000_000


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


def _shown(value: object) -> str:
    """A value from the file, repeated back short (it may be huge or nested deep)."""
    try:
        text = json.dumps(value)
    except (ValueError, RecursionError):
        text = type(value).__name__
    return clip(text, 40)


def _number(obj: dict, name: str, where: str) -> float:
    value = obj.get(name)
    try:
        number = float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else math.nan
    except OverflowError:  # an integer of hundreds of digits
        number = math.nan
    if not math.isfinite(number):
        raise UserError(f'{where}: "{name}" must be a finite number (got {_shown(value)})')
    return number


def event_from_dict(obj: object, where: str) -> Event:
    """Validate one decoded JSON value into an Event, or raise a one-line UserError."""
    if not isinstance(obj, dict):
        raise UserError(f"{where}: each line must be a JSON object like {{\"t\": 0.5, \"type\": \"down\", \"x\": 200, \"y\": 360}}")
    kind = obj.get("type")
    if kind not in EVENT_TYPES:
        raise UserError(f'{where}: "type" must be one of {", ".join(EVENT_TYPES)} (got {_shown(kind)})')
    allowed = {"t", "type", "x", "y", "id"} if kind in POINTER_TYPES else (
        {"t", "type", "side"} if kind == "tap" else {"t", "type", "key", "pressed"})
    unknown = sorted(set(obj) - allowed)
    if unknown:
        raise UserError(f'{where}: unknown field "{clip(unknown[0], 40)}" for a {kind} event '
                        f'(allowed: {", ".join(sorted(allowed))})')
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
            raise UserError(f'{where}: "id" must be a whole number 0 or more (got {_shown(pid)})')
        return Event(t, kind, x=x, y=y, id=pid)
    if kind == "tap":
        side = obj.get("side")
        if side not in SIDES:
            raise UserError(f'{where}: "side" must be "left" or "right" (got {_shown(side)})')
        return Event(t, kind, side=side)
    key, pressed = obj.get("key"), obj.get("pressed")
    if key not in KEY_NAMES:
        raise UserError(f'{where}: "key" must be "left" or "right" (got {_shown(key)})')
    if not isinstance(pressed, bool):
        raise UserError(f'{where}: "pressed" must be true or false (got {_shown(pressed)})')
    return Event(t, kind, key=key, pressed=pressed)


def parse_events(text: str, source: str) -> list[Event]:
    """Parse JSON Lines text; blank lines are skipped. Times must not go backwards."""
    events: list[Event] = []
    last_t = 0.0
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{source}:{lineno}"
        if len(events) >= MAX_EVENTS:
            raise UserError(f"{where}: more than {MAX_EVENTS:,} events; an attempt holds at most that many "
                            "(7 minutes of a 240 Hz pen)")
        try:
            obj = json.loads(line)
        except RecursionError:
            raise UserError(f"{where}: not valid JSON (nested too deeply)") from None
        except json.JSONDecodeError as exc:
            raise UserError(f"{where}: not valid JSON ({exc.msg})") from None
        except ValueError:  # Python's limit on the digits of an int
            raise UserError(f"{where}: a number has thousands of digits; times and coordinates need a few") from None
        ev = event_from_dict(obj, where)
        if ev.t < last_t:
            raise UserError(f'{where}: "t" goes back in time ({ev.t} after {last_t}); events must be in time order')
        last_t = ev.t
        events.append(ev)
    return events


def read_events(path: str | Path) -> list[Event]:
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_EVENTS_BYTES:
            raise UserError(f"{p}: events file is {size:,} bytes; an attempt's events are at most "
                            f"{MAX_EVENTS_BYTES:,} bytes")
        raw = p.read_bytes()
    except FileNotFoundError:
        raise UserError(f"{p}: events file not found") from None
    except OSError as exc:
        raise UserError(f"{p}: cannot read events file ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise UserError(f"{p}: events file is not UTF-8 text (bad byte at offset {exc.start})") from None
    return parse_events(text, str(p))


def _event_line(ev: Event) -> str:
    """One event as a JSON line, written out by hand: the same text as json.dumps(ev.to_dict()),
    several times faster, which matters when an attempt holds 100,000 events. Strings here come
    only from fixed sets (types, sides, keys), so nothing needs escaping."""
    parts = [f'"t": {float(ev.t)!r}', f'"type": "{ev.type}"']
    if ev.x is not None:
        parts.append(f'"x": {float(ev.x)!r}')
    if ev.y is not None:
        parts.append(f'"y": {float(ev.y)!r}')
    if ev.side is not None:
        parts.append(f'"side": "{ev.side}"')
    if ev.id is not None:
        parts.append(f'"id": {int(ev.id)}')
    if ev.key is not None:
        parts.append(f'"key": "{ev.key}"')
    if ev.pressed is not None:
        parts.append(f'"pressed": {"true" if ev.pressed else "false"}')
    return "{" + ", ".join(parts) + "}\n"


def events_to_jsonl(events: Iterable[Event]) -> str:
    out = []
    for ev in events:
        if ev.type not in EVENT_TYPES or (ev.side or "left") not in SIDES or (ev.key or "left") not in KEY_NAMES \
                or not all(v is None or math.isfinite(v) for v in (ev.t, ev.x, ev.y)):
            out.append(json.dumps(ev.to_dict(), separators=(", ", ": ")) + "\n")  # not ours: let json escape it
        else:
            out.append(_event_line(ev))
    return "".join(out)


def events_until(events: Sequence[Event], t: float) -> list[Event]:
    """The events at or before time t (events are in time order, as parse_events guarantees)."""
    return list(events[:count_until(events, t)])


def count_until(events: Sequence[Event], t: float) -> int:
    """How many events have time <= t."""
    from bisect import bisect_right

    return bisect_right([ev.t for ev in events], t)


class Round(Protocol):
    """A game's pure round that runs on a clock and ends by itself (tracing, pegs)."""

    @property
    def finished(self) -> bool: ...

    def tick(self, t: float) -> None: ...

    def feed(self, ev: Event) -> Any: ...


def feed_until_finished(rnd: Round, events: Sequence[Event]) -> list[Event]:
    """Feed a whole attempt's events to a round; return those up to the moment it ended, as live play keeps."""
    kept: list[Event] = []
    for ev in events:
        rnd.tick(ev.t)
        if rnd.finished:
            break
        kept.append(ev)
        rnd.feed(ev)
        if rnd.finished:
            break
    return kept
