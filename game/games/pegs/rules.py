"""The pegs round: which peg is where, which is being carried, every carry and how it ended.

Feed pointer events in time order (t in seconds from the attempt start). A "down" within
peg_radius of a peg that may move now picks up the nearest such peg; it follows the pointer;
on "up" its centre is the release point. Released within hole_radius of a free target's
centre (the nearest free one; with order = "fixed" only the next one in order counts) it is
placed; anywhere else it is a drop and goes back to where it was picked up. A new "down"
while carrying (a pen that lifted without an "up") first releases the peg at its last
position. Targets are the holes, then (with return_pegs) the tray spots. Live play, scoring
and replay all run this same code on the same events.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Sequence

from game.events import Event, feed_until_finished
from game.levels.base import MAX_ATTEMPT_S

Spot = tuple[float, float]


@dataclass
class Carry:
    """One peg carried from one pick-up to its release."""

    peg: int
    phase: str                  # "place" (into a hole) or "return" (back to the tray)
    pick_t: float
    pick_xy: Spot               # the pointer where it went down
    path: list[Spot] = field(default_factory=list)   # the pointer while carrying, pick-up to release
    release_t: float | None = None
    placed: bool = False
    target: int | None = None   # index of the hole (or tray spot, phase "return") it went into
    target_xy: Spot | None = None

    @property
    def release_xy(self) -> Spot:
        return self.path[-1]

    @property
    def path_length(self) -> float:
        return sum(math.dist(a, b) for a, b in zip(self.path, self.path[1:]))


class PegsRound:
    """Feed events in time order; read pegs, carries and progress back for drawing and scoring."""

    def __init__(self, holes: Sequence[Spot], tray: Sequence[Spot], peg_radius: float, hole_radius: float,
                 order: str = "any", return_pegs: bool = False, time_limit_s: float | None = None):
        self.holes = [tuple(map(float, h)) for h in holes]
        self.tray = [tuple(map(float, s)) for s in tray]
        self.peg_radius = float(peg_radius)
        self.hole_radius = float(hole_radius)
        self.order = order
        self.return_pegs = return_pegs
        self.time_limit_s = time_limit_s if time_limit_s is not None else MAX_ATTEMPT_S
        n = len(self.holes)
        self.where: list[tuple[str, int]] = [("tray", i) for i in range(n)]   # each peg: ("tray"|"hole", index)
        self.phase = "place"
        self.carry: Carry | None = None
        self.pointer: int | None = None
        self.carries: list[Carry] = []      # finished carries, placed or dropped, in order
        self.timed_out = False
        self.end_t: float | None = None     # when the last target was filled

    # --- state ------------------------------------------------------------------------------
    @property
    def completed(self) -> bool:
        return self.phase == "done"

    @property
    def finished(self) -> bool:
        return self.completed or self.timed_out

    def spot(self, where: tuple[str, int]) -> Spot:
        kind, i = where
        return self.holes[i] if kind == "hole" else self.tray[i]

    def peg_xy(self, peg: int) -> Spot:
        if self.carry is not None and self.carry.peg == peg:
            return self.carry.release_xy
        return self.spot(self.where[peg])

    def targets(self) -> list[Spot]:
        return self.holes if self.phase != "return" else self.tray

    def free_targets(self) -> list[int]:
        """Targets a peg may go into now, in order (fixed order: only the next one)."""
        kind = "hole" if self.phase != "return" else "tray"
        taken = {i for k, i in self.where if k == kind}
        free = [i for i in range(len(self.targets())) if i not in taken]
        return free[:1] if self.order == "fixed" else free

    def movable(self) -> list[int]:
        """Pegs that may be picked up now: from the tray first, then (return half) from the holes."""
        kind = "tray" if self.phase == "place" else "hole"
        return [p for p, (k, _) in enumerate(self.where) if k == kind] if not self.finished else []

    @property
    def done_count(self) -> int:
        """Targets filled so far over the whole attempt (holes, then tray spots on the way back)."""
        in_holes = sum(1 for k, _ in self.where if k == "hole")
        if self.phase == "place":
            return in_holes
        return len(self.holes) + (len(self.holes) - in_holes)

    @property
    def total_count(self) -> int:
        return len(self.holes) * (2 if self.return_pegs else 1)

    # --- events -----------------------------------------------------------------------------
    def tick(self, t: float) -> None:
        if not self.finished and t >= self.time_limit_s:
            self.timed_out = True
            self.carry = None

    def feed(self, ev: Event) -> Carry | None:
        """Advance by one event; returns the carry it ended (placed or dropped), if any."""
        self.tick(ev.t)
        if self.finished or ev.type not in ("down", "move", "up") or ev.x is None or ev.y is None:
            return None
        xy = (float(ev.x), float(ev.y))
        ended = None
        if ev.type == "down":
            if self.carry is not None:   # the pen lifted without an "up": let go where it last was
                ended = self._release(ev.t)
                if self.finished:
                    return ended
            self._pick(ev.t, xy, ev.id)
            return ended
        if self.carry is None or ev.id != self.pointer:
            return None
        if xy != self.carry.path[-1]:
            self.carry.path.append(xy)
        if ev.type == "up":
            return self._release(ev.t)
        return None

    def _pick(self, t: float, xy: Spot, pointer: int | None) -> None:
        best, best_d = None, self.peg_radius
        for p in self.movable():
            d = math.dist(xy, self.spot(self.where[p]))
            if d <= best_d:
                best, best_d = p, d
        if best is not None:
            self.carry = Carry(best, "place" if self.phase == "place" else "return", t, xy, [xy])
            self.pointer = pointer

    def _release(self, t: float) -> Carry:
        carry = self.carry
        assert carry is not None
        self.carry, self.pointer = None, None
        carry.release_t = t
        targets = self.targets()
        best, best_d = None, self.hole_radius
        for i in self.free_targets():
            d = math.dist(carry.release_xy, targets[i])
            if d <= best_d:
                best, best_d = i, d
        if best is not None:
            carry.placed, carry.target, carry.target_xy = True, best, targets[best]
            self.where[carry.peg] = ("hole" if carry.phase == "place" else "tray", best)
            if not self.movable():
                if self.phase == "place" and self.return_pegs:
                    self.phase = "return"
                else:
                    self.phase, self.end_t = "done", t
        self.carries.append(carry)
        return carry


@dataclass(frozen=True)
class RoundResult:
    round: PegsRound
    events: list[Event]     # the events up to the moment the round ended


def new_round(spec) -> PegsRound:
    from game.games.pegs.level import hole_positions, tray_positions

    return PegsRound(hole_positions(spec), tray_positions(spec), spec.peg_radius, spec.hole_radius, spec.order,
                     spec.return_pegs, spec.time_limit_s)


def play_through(spec, events: Sequence[Event]) -> RoundResult:
    """Run a whole attempt's events; keep those up to the moment it ended, as live play does."""
    rnd = new_round(spec)
    kept = feed_until_finished(rnd, events)
    return RoundResult(rnd, kept)
