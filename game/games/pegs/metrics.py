"""Pegs metrics: how many pegs went in, how quickly, how straight and how precisely.

A "move" is a carry that ended with the peg in a target: a hole, or on the way back (with
return_pegs) a tray spot. Carries that ended anywhere else are drops. Distances are play
units, times seconds from the attempt start.

Throughput follows ISO 9241-411 (effective throughput, Soukoreff & MacKenzie 2004), over the
moves: amplitude = distance from the pick-up point to the release point; error = the signed
distance of the release point from the target centre, projected on the line from the pick-up
point to the target centre (positive = past the centre). We = 4.133 x sample SD of the errors,
De = mean amplitude, IDe = log2(De / We + 1), throughput = IDe / mean move time (s). Empty
with fewer than 3 moves, or when every error is the same (We = 0).
"""
from __future__ import annotations

import math
from typing import Sequence

import numpy as np

from game.events import Event
from game.games.pegs.rules import Carry, PegsRound

PEGS_METRICS = (
    "pegs_placed", "drops", "total_time_s", "mean_move_time_ms", "placement_error_mean",
    "path_efficiency_pct", "throughput_bits_s", "return_time_s", "board_finished",
)
MIN_THROUGHPUT_MOVES = 3
WE_FACTOR = 4.133       # effective width = 4.133 x SD (ISO 9241-411)


def _efficiency(c: Carry) -> float:
    path = c.path_length
    straight = math.dist(c.pick_xy, c.release_xy)
    if path <= 0:
        return 100.0
    return min(100.0, 100.0 * straight / path)


def _projected_error(c: Carry) -> float:
    """Signed distance of the release point from the target centre along pick-up -> target."""
    assert c.target_xy is not None
    dx, dy = c.target_xy[0] - c.pick_xy[0], c.target_xy[1] - c.pick_xy[1]
    norm = math.hypot(dx, dy)
    if norm == 0:
        return 0.0
    ex, ey = c.release_xy[0] - c.target_xy[0], c.release_xy[1] - c.target_xy[1]
    return (ex * dx + ey * dy) / norm


def throughput(moves: Sequence[Carry]) -> float | None:
    """Effective throughput in bits/s over these moves (see the module's words), or None."""
    if len(moves) < MIN_THROUGHPUT_MOVES:
        return None
    errors = np.array([_projected_error(c) for c in moves])
    amplitudes = np.array([math.dist(c.pick_xy, c.release_xy) for c in moves])
    times = np.array([c.release_t - c.pick_t for c in moves], dtype=float)  # type: ignore[operator]
    we = WE_FACTOR * float(np.std(errors, ddof=1))
    mt = float(times.mean())
    if we <= 0 or mt <= 0:
        return None
    ide = math.log2(float(amplitudes.mean()) / we + 1.0)
    return ide / mt


def pegs_metrics(rnd: PegsRound) -> dict:
    """The contract metrics (PEGS_METRICS) of one attempt; None where undefined."""
    moves = [c for c in rnd.carries if c.placed]
    returns = [c for c in moves if c.phase == "return"]
    out: dict = dict.fromkeys(PEGS_METRICS)
    out["pegs_placed"] = sum(1 for c in moves if c.phase == "place")
    out["drops"] = sum(1 for c in rnd.carries if not c.placed)
    out["board_finished"] = rnd.completed
    if moves:
        out["total_time_s"] = float(moves[-1].release_t - rnd.carries[0].pick_t)  # type: ignore[operator]
        out["mean_move_time_ms"] = 1000.0 * float(np.mean([c.release_t - c.pick_t for c in moves]))  # type: ignore[operator]
        out["placement_error_mean"] = float(np.mean([math.dist(c.release_xy, c.target_xy) for c in moves]))  # type: ignore[arg-type]
        out["path_efficiency_pct"] = float(np.mean([_efficiency(c) for c in moves]))
        out["throughput_bits_s"] = throughput(moves)
    if rnd.return_pegs and returns:
        first = next(c for c in rnd.carries if c.phase == "return")
        out["return_time_s"] = float(returns[-1].release_t - first.pick_t)  # type: ignore[operator]
    return out


def pegs_score(loaded, events: Sequence[Event], **_options) -> dict:
    """Score one attempt from its level and events: the one path live play and `score` share."""
    from game.games.pegs.rules import play_through

    return pegs_metrics(play_through(loaded.level.pegs, events).round)
