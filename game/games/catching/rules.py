"""The catching round: the schedule, where each object is at any time, where the catcher is, what was caught.

Everything is exact and independent of frame rate: an object's path is an analytic
function of time, so the moment its centre crosses the catch line is known in advance
(spawn + CATCH_LINE_Y / speed, whatever the trajectory); the catcher's position is a
function of the recorded events (pointer x held until the next pointer event; arrow keys
move it at a constant speed, integrated exactly between key events); and an object is
caught when |object x - catcher x| <= catcher_width / 2 at that moment. Live play and
re-scoring run this same code on the same events, so they agree exactly.
"""
from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from game.events import Event
from game.levels.base import CANVAS_W

CATCH_LINE_Y = 600.0     # play units: the catcher's top edge, where objects are caught
MIDLINE_X = CANVAS_W / 2  # 640: objects arriving left of it are "left"
ARC_START_Y = 300.0      # arcs are thrown in from the side at this height
ARC_HUMP = 300.0         # how far the arc bows upwards above the straight line, play units
EDGE_MARGIN = 20.0       # random schedules keep objects this far (plus their radius) from the edges
START_X = MIDLINE_X      # the catcher starts in the middle
POINTER_TYPES = frozenset(("down", "move", "up"))


@dataclass(frozen=True)
class Flight:
    """One object: when and where it appears, where it reaches the catch line, and how it moves there."""

    index: int
    spawn_t: float       # s from the attempt start
    x: float             # play units, where it appears
    to_x: float          # play units, where its centre crosses the catch line
    speed: float         # play units/s: CATCH_LINE_Y / speed is the time from appearing to the catch line
    trajectory: str      # fall | diagonal | arc | bounce
    distractor: bool
    radius: float

    @property
    def flight_s(self) -> float:
        return CATCH_LINE_Y / self.speed

    @property
    def cross_t(self) -> float:
        return self.spawn_t + self.flight_s

    @property
    def start_y(self) -> float:
        return ARC_START_Y if self.trajectory == "arc" else 0.0

    def position(self, t: float) -> tuple[float, float]:
        """Centre (x, y) at time t (s from the attempt start); paths carry on past the catch line."""
        s = (t - self.spawn_t) / self.flight_s     # 0 at spawn, 1 at the catch line
        if self.trajectory == "fall":
            return self.x, CATCH_LINE_Y * s
        if self.trajectory == "diagonal":
            return self.x + (self.to_x - self.x) * s, CATCH_LINE_Y * s
        if self.trajectory == "arc":
            y = (1 - s) * ARC_START_Y + s * CATCH_LINE_Y - 4 * ARC_HUMP * s * (1 - s)
            return self.x + (self.to_x - self.x) * s, y
        lo, hi = self.radius, CANVAS_W - self.radius
        end = 2 * lo - self.to_x if self.to_x >= self.x else 2 * hi - self.to_x  # the unfolded arrival
        return _fold(self.x + (end - self.x) * s, lo, hi), CATCH_LINE_Y * s


def _fold(u: float, lo: float, hi: float) -> float:
    """Bounce off the walls at lo and hi: the unfolded straight line folded back into [lo, hi]."""
    span = hi - lo
    if span <= 0:
        return lo
    m = (u - lo) % (2 * span)
    return lo + (m if m <= span else 2 * span - m)


def schedule(spec) -> tuple[Flight, ...]:
    """The level's objects in spawn order: its drops, or the random schedule drawn from its seed."""
    r = float(spec.object_radius)
    if spec.drops is not None:
        flights = [Flight(0, float(d.t), float(d.x), float(d.x if d.to_x is None else d.to_x), float(d.speed),
                          d.trajectory or spec.trajectory, bool(d.distractor), r) for d in spec.drops]
        flights.sort(key=lambda f: f.spawn_t)  # stable: drops at the same time keep their file order
        return tuple(Flight(i, f.spawn_t, f.x, f.to_x, f.speed, f.trajectory, f.distractor, r)
                     for i, f in enumerate(flights))
    return _random_schedule(spec, r)


def _random_schedule(spec, r: float) -> tuple[Flight, ...]:
    rng = np.random.default_rng(spec.seed)
    n = int(spec.count)
    lo, hi = r + EDGE_MARGIN, CANVAS_W - r - EDGE_MARGIN
    side = spec.side or "both"
    left, right = (lo, MIDLINE_X - r), (MIDLINE_X + r, hi)
    u_arrive = rng.uniform(0.0, 1.0, n)
    u_start = rng.uniform(0.0, 1.0, n)
    if side == "both":
        ranges = [(lo, hi)] * n
    elif side == "cross":
        ranges = [left if k % 2 == 0 else right for k in range(n)]
    else:
        ranges = [left if side == "left" else right] * n
    arrive = [a + (b - a) * u for (a, b), u in zip(ranges, u_arrive)]
    trajectory = spec.trajectory
    starts = []
    for k, to_x in enumerate(arrive):
        if trajectory == "fall":
            starts.append(to_x)
        elif trajectory == "arc":
            starts.append(hi if to_x < MIDLINE_X else lo)   # thrown in from the far side
        elif side == "cross":
            a, b = right if to_x < MIDLINE_X else left        # start on the other half
            starts.append(a + (b - a) * u_start[k])
        else:
            starts.append(lo + (hi - lo) * u_start[k])
    n_distract = int(round(float(spec.distractors or 0.0) * n))
    distract = set(rng.choice(n, size=n_distract, replace=False).tolist()) if n_distract else set()
    flight_s = CATCH_LINE_Y / float(spec.speed)
    first = 1.0 if spec.first_drop_s is None else float(spec.first_drop_s)
    spawns: list[float] = []
    for k in range(n):
        t = round(first if k == 0 else spawns[-1] + float(spec.spawn_interval_s), 6)
        if spec.max_in_flight is not None and k >= spec.max_in_flight:
            landed = spawns[k - spec.max_in_flight] + flight_s
            while t < landed:   # wait until that one has reached the line (to the microsecond, rounded up)
                t = round(max(t + 1e-6, math.ceil(landed * 1e6 - 1e-3) / 1e6), 6)
        spawns.append(t)
    return tuple(Flight(k, spawns[k], round(float(starts[k]), 1), round(float(arrive[k]), 1), float(spec.speed), trajectory,
                        k in distract, r) for k in range(n))


class CatcherTrack:
    """The catcher's centre x as a function of time, built from events fed in time order.

    After each event the state is (t_k, x_k, v_k) and x(t) = clamp(x_k + v_k (t - t_k)) until
    the next event: exact for arrow keys (constant speed, stopping at the edge) and a hold
    of the last pointer x for mouse, touch and pen. x(t) includes every event at time <= t.
    """

    def __init__(self, width: float, key_speed: float, start_x: float = START_X):
        self.lo, self.hi = width / 2, CANVAS_W - width / 2
        self.key_speed = float(key_speed)
        self.t: list[float] = [0.0]
        self.x: list[float] = [self.clamp(start_x)]
        self.v: list[float] = [0.0]
        self.pointer: list[bool] = [False]
        self.held: dict[str, bool] = {"left": False, "right": False}

    def clamp(self, x: float) -> float:
        return min(max(float(x), self.lo), self.hi)

    def feed(self, ev: Event) -> None:
        x_now = self.at(ev.t)
        is_pointer = ev.type in POINTER_TYPES
        if is_pointer:
            x_now = self.clamp(ev.x if ev.x is not None else x_now)
        elif ev.type == "key" and ev.key in self.held:
            self.held[ev.key] = bool(ev.pressed)
        else:
            return
        v = self.key_speed * (int(self.held["right"]) - int(self.held["left"]))
        self.t.append(float(ev.t))
        self.x.append(x_now)
        self.v.append(v)
        self.pointer.append(is_pointer)

    def _segment(self, k: int, t: float) -> float:
        return self.clamp(self.x[k] + self.v[k] * (t - self.t[k]))

    def at(self, t: float) -> float:
        k = max(bisect_right(self.t, t) - 1, 0)
        return self._segment(k, t)

    def kinematic_path(self, until: float, sample_gap_s: float) -> tuple[np.ndarray, np.ndarray]:
        """Breakpoints (t, x) of a continuous path for speed profiles, linear between points.

        Key segments are exact (with a corner where the catcher reaches an edge). Pointer
        samples are joined by straight lines; after a pause longer than `sample_gap_s` (no
        pointer reports: the pointer was resting) the catcher is held still until
        `sample_gap_s` before the next sample, so a move after a rest starts when it did.
        """
        tp: list[float] = [self.t[0]]
        xp: list[float] = [self.x[0]]

        def add(t: float, x: float) -> None:
            if t <= tp[-1]:
                xp[-1] = x  # events at the same instant: the last one stands
            else:
                tp.append(t)
                xp.append(x)

        def corner(k: int, t_next: float) -> None:
            v = self.v[k]
            if v != 0:
                t_hit = self.t[k] + ((self.hi if v > 0 else self.lo) - self.x[k]) / v
                if self.t[k] < t_hit < t_next:
                    add(t_hit, self.hi if v > 0 else self.lo)

        for k in range(1, len(self.t)):
            t_k = self.t[k]
            corner(k - 1, t_k)
            if self.pointer[k]:
                hold = t_k - sample_gap_s
                if hold > tp[-1]:
                    add(hold, self._segment(k - 1, hold))
            add(t_k, self.x[k])
        last = len(self.t) - 1
        end = max(until, tp[-1])
        corner(last, end)
        add(end, self._segment(last, end))
        return np.asarray(tp), np.asarray(xp)


@dataclass(frozen=True)
class Outcome:
    """What happened when one object reached the catch line."""

    flight: Flight
    catcher_x: float     # play units, catcher centre at the crossing
    caught: bool

    @property
    def error(self) -> float:
        """Signed error e = object x - catcher x at the catch line, play units (negative: catcher to the right)."""
        return self.flight.to_x - self.catcher_x


class CatchingRound:
    """Feed events in time order; `resolve(t)` settles every object that has reached the line by t."""

    def __init__(self, flights: Sequence[Flight], catcher_width: float, key_speed: float):
        self.flights = tuple(flights)
        self.width = float(catcher_width)
        self.track = CatcherTrack(catcher_width, key_speed)
        self.by_cross = sorted(self.flights, key=lambda f: (f.cross_t, f.index))
        self.outcomes: list[Outcome] = []
        self.end_t = max((f.cross_t for f in self.flights), default=0.0)

    @property
    def finished(self) -> bool:
        return len(self.outcomes) == len(self.flights)

    def feed(self, ev: Event) -> None:
        self.resolve(ev.t, inclusive=False)  # objects that crossed before this event do not see it
        self.track.feed(ev)

    def resolve(self, t: float, inclusive: bool = True) -> list[Outcome]:
        new: list[Outcome] = []
        while len(self.outcomes) < len(self.by_cross):
            f = self.by_cross[len(self.outcomes)]
            if f.cross_t > t or (not inclusive and f.cross_t == t):
                break
            cx = self.track.at(f.cross_t)
            out = Outcome(f, cx, abs(f.to_x - cx) <= self.width / 2)
            self.outcomes.append(out)
            new.append(out)
        return new


@dataclass(frozen=True)
class CatchResult:
    events: list[Event]          # the events up to the moment the attempt ended
    flights: tuple[Flight, ...]
    outcomes: tuple[Outcome, ...]  # objects that reached the catch line, in crossing order
    track: CatcherTrack
    end_t: float                 # s: the last object's crossing (or where a stopped attempt stopped)


def play_through(spec, events: Sequence[Event], stopped_at_s: float | None = None) -> CatchResult:
    """Run a whole attempt's events, as live play does.

    Events at or after the last object's crossing are not part of the attempt (live play
    has ended by then). A stopped (abandoned) attempt counts only the objects that reached
    the catch line by `stopped_at_s`.
    """
    flights = schedule(spec)
    rnd = CatchingRound(flights, spec.catcher_width, spec.catcher_speed)
    end = rnd.end_t if stopped_at_s is None else min(rnd.end_t, float(stopped_at_s))
    kept: list[Event] = []
    for ev in events:
        if ev.t >= rnd.end_t or ev.t > end:
            break
        kept.append(ev)
        rnd.feed(ev)
    rnd.resolve(end)
    return CatchResult(kept, flights, tuple(rnd.outcomes), rnd.track, end)

