"""A child's whole path through the real loop: new player, game, level, trace, results, next, pause, stop."""
from __future__ import annotations

from pathlib import Path

from game.app import run_virtual
from game.input import InputEvent
from game.records.db import Database
from game.scenes.children import ChildrenScene
from game.scenes.levels import LevelsScene


def tap(t: float, x: float, y: float) -> list[tuple[float, InputEvent]]:
    return [(t, InputEvent(t, "pointer_down", x, y, 0, "mouse")),
            (t + 0.05, InputEvent(t + 0.05, "pointer_up", x, y, 0, "mouse"))]


class Timeline:
    """Input at fixed moments of the virtual clock, like a grown-up and a child at the screen."""

    def __init__(self, items: list[tuple[float, InputEvent]]):
        self.items = sorted(items, key=lambda item: item[0])
        self.seen: list[str] = []
        self.demos: list[float] = []     # when a level's demonstration was playing

    def poll(self, now: float, scene: object) -> list[InputEvent]:
        self.seen.append(type(scene).__name__)
        if getattr(scene, "showing_demo", False):
            self.demos.append(now)
        out = []
        while self.items and self.items[0][0] <= now:
            out.append(self.items.pop(0)[1])
        return out


def test_new_player_plays_a_level_then_stops_the_next(data_dir: Path):
    steps: list[tuple[float, InputEvent]] = []
    steps += tap(0.5, 640, 265)                                   # "New player" card
    steps += [(1.0, InputEvent(1.0, "text", device="key", text="Ava Li"))]   # a grown-up types the name
    steps += tap(1.5, 1040, 560)                                  # the big green tick
    steps += tap(2.5, 260, 380)                                   # Tracing, the first game tile
    steps += tap(3.5, 164, 242)                                   # level 1, "Go right": its demonstration plays
    steps += tap(4.3, 640, 600)                                   # a touch: on to playing
    t = 5.0                                                       # trace the road left to right
    steps.append((t, InputEvent(t, "pointer_down", 240, 362, 0, "mouse")))
    for k in range(1, 101):
        t = 5.0 + k * 0.02
        steps.append((t, InputEvent(t, "pointer_move", 240 + 8 * k, 362, 0, "mouse", pressed=True)))
    steps += tap(9.0, 920, 620)                                   # results: "next"
    steps += [(10.0, InputEvent(10.0, "action", device="key", action="back"))]  # Esc in "Go down"'s demonstration: pause
    steps += tap(10.5, 850, 370)                                  # "Stop"
    timeline = Timeline(steps)
    db = Database.open(data_dir)
    run_virtual(lambda ctx: ChildrenScene(ctx), db, timeline, until=12.0)

    assert "NewChildScene" in timeline.seen and "GamesScene" in timeline.seen
    assert "TracingScene" in timeline.seen and "ResultsScene" in timeline.seen and "PauseScene" in timeline.seen
    assert timeline.seen[-1] == LevelsScene.__name__               # stopped: back at the level picker
    assert 3.5 < min(timeline.demos) < 3.6 and max(d for d in timeline.demos if d < 9) < 4.31   # shown, then skipped
    assert any(9.0 < d < 10.0 for d in timeline.demos)             # the next level is new to Ava: its demonstration too
    child = db.find_child("Ava Li")
    assert child is not None and child.name == "Ava Li"
    rows = list(db.attempts("Ava Li"))
    assert [(r.level_title, r.status) for r in rows] == [("Go right", "finished"), ("Go down", "abandoned")]
    assert rows[0].stars == 3 and rows[0].metrics["completed"] is True
    assert abs(rows[0].metrics["mean_deviation"] - 2.0) < 1e-9   # traced 2 play units below the line (filtered: to rounding)
    assert rows[0].session_id == rows[1].session_id         # one sitting, one session
    assert db.best_stars(child.id) == {"tracing/01_go_right.toml": 3}
