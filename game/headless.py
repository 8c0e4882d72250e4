"""Headless play and screenshots: the real scenes and loop on a virtual clock, no window."""
from __future__ import annotations

import math
from datetime import datetime
from pathlib import Path
from types import MappingProxyType
from typing import Callable, Sequence

from game.errors import UserError
from game.events import Event
from game.games import DEFAULT_GAME
from game.levels.loader import LoadedLevel, discover, load_level
from game.records.access import AccessOptions
from game.records.db import Child, Database
from game.screens import SCREENS

DEMO_CHILD = Child(0, "Sam", "fox", "")
THERAPIST_SCREENS = MappingProxyType({"pin": "game.scenes.pin", "therapist": "game.scenes.therapist", "progress": "game.scenes.progress",
                     "replay": "game.scenes.replay", "editor": "game.scenes.level_edit",
                     "editor-levels": "game.scenes.editor_levels", "level-files": "game.scenes.level_files",
                     "access-options": "game.scenes.therapist_child", "screen-size": "game.scenes.screen_size",
                     "sound-timing": "game.scenes.sound_timing",
                     "send-home": "game.scenes.transfer", "bring-in": "game.scenes.transfer:bring_for_screenshot"})


def play_headless(db: Database, child: Child, loaded: LoadedLevel, events: Sequence[Event],
                  on_attempt: Callable[[int, object], None] | None = None, seed: int = 0,
                  when: datetime | None = None) -> int:
    """Play every attempt of the level with these events; returns how many were recorded.

    `when` (aware): record the attempts as if played from then on (default: now).
    """
    from game.app import run_virtual
    from game.input import ScriptedInput
    from game.scenes.levels import play_scene
    from game.scenes.results import ResultsScene

    last = events[-1].t if events else 0.0
    attempts = loaded.level.attempts
    limit = (last + 10.0) * attempts + 30.0

    def hook(ctx) -> None:
        ctx.on_attempt = on_attempt

    ctx = run_virtual(lambda ctx: play_scene(ctx, child, [loaded], 0, "never"), db, ScriptedInput(events),
                      stop=lambda stack: isinstance(stack.top, ResultsScene), until=limit, seed=seed,
                      ctx_hook=hook, wall_start=when)
    return ctx.attempts_recorded


def _first_level(game: str = DEFAULT_GAME) -> LoadedLevel:
    from game.paths import levels_dir

    for entry in discover(levels_dir(game)):
        if entry.loaded is not None:
            return entry.loaded
    raise UserError(f"{levels_dir(game)}: no valid {game} level to show")


def _screen_child(db: Database, name: str | None) -> Child:
    if name:
        child = db.find_child(name)
        if child is None:
            raise UserError(f"no child called {name} in {db.path}")
        return child
    children = db.children()
    return children[0] if children else DEMO_CHILD


def _demo_results(ctx, child: Child, db: Database):
    """The latest real attempt of this child if there is one, else a perfect demo trace."""
    from game.games import GAMES
    from game.records.attempts import SavedAttempt
    from game.scenes.results import ResultsScene

    rows = list(db.attempts(child.name)) if child.id else []
    if rows:
        row = rows[-1]
        from game.levels.loader import parse_level

        loaded = parse_level(row.level_text, row.level_path)
        saved = SavedAttempt(row.id, row.metrics, row.stars, row.status)
    else:
        loaded = _first_level()
        game = GAMES[loaded.game]
        if game.example is None:
            raise UserError(f"{game.title} has no example attempt to show; play one first")
        metrics = game.score(loaded, game.example(loaded))
        saved = SavedAttempt(None, metrics, game.stars(metrics), "finished")
    return ResultsScene(ctx, child, [loaded], 0, [saved])


def check_options(options: Sequence[str]) -> None:
    """`--option NAME[=VALUE]` values: UserError, one line, for the first that is not an access option."""
    for text in options:
        try:
            AccessOptions().with_option(text)
        except ValueError as exc:
            raise UserError(f"--option {exc}") from None


def screen_scene(ctx, db: Database, target: str, child: Child, game: str = DEFAULT_GAME,
                 child_name: str | None = None):
    """The scene that shows screen `target` (one of SCREENS; "pause" is the first level, paused by its caller)."""
    from game.scenes.children import ChildrenScene
    from game.scenes.game_picker import GamesScene
    from game.scenes.levels import LevelsScene, play_scene
    from game.scenes.new_child import NewChildScene

    if target == "children":
        return ChildrenScene(ctx)
    if target == "new-child":
        return NewChildScene(ctx, name=child.name if child_name else "Sam")
    if target in ("games", "menu"):
        return GamesScene(ctx, child)
    if target == "levels":
        return LevelsScene(ctx, child, game)
    if target == "results":
        return _demo_results(ctx, child, db)
    if target in THERAPIST_SCREENS:
        # Each therapist-side scene module knows how to show itself with the records at hand.
        import importlib

        module_name, _, attr = THERAPIST_SCREENS[target].partition(":")
        module = importlib.import_module(module_name)
        return getattr(module, attr or "for_screenshot")(ctx, db, child, game)
    return play_scene(ctx, child, [_first_level(game)], 0, "never")


def screenshot(db: Database, target: str, out: Path, *, events: Sequence[Event] | None = None,
               at: float | None = None, child_name: str | None = None, game: str = DEFAULT_GAME,
               events_source: str = "events", window: tuple[int, int] | None = None,
               demo_at: float | None = None, options: Sequence[str] = ()) -> None:
    """Render a screen or a level to a PNG: the 1280x720 canvas, or with `window` what a window of that
    size shows (the canvas scaled to fit, letterboxed). `demo_at`: a level as its demonstration shows
    it that many seconds in. `options`: access options as `--option` takes them (NAME or NAME=VALUE),
    applied to the child shown for this picture only (nothing is stored)."""
    from game.app import NoInput, run_virtual
    from game.input import ScriptedInput

    child = _screen_child(db, child_name)

    check_options(options)

    def hook(ctx) -> None:
        ctx.record = False
        ctx.access_changes = tuple(options)

    if target in SCREENS and demo_at is not None:
        raise UserError(f"--demo-at shows a level's demonstration: give a level file, not the {target} screen")
    if target in SCREENS:
        def first(ctx):
            return screen_scene(ctx, db, target, child, game, child_name)

        class PauseOnce(NoInput):
            """For the pause screen: press pause once the level is showing."""

            def __init__(self) -> None:
                self.sent = target != "pause"

            def poll(self, now: float, scene: object) -> list:
                if self.sent:
                    return []
                from game.input import InputEvent

                self.sent = True
                return [InputEvent(now, "action", device="script", action="pause")]

        run_virtual(first, db, PauseOnce(), until=1.2, shot=out, shot_window=window, ctx_hook=hook)
        return
    path = Path(target)
    if path.suffix.lower() != ".toml":
        raise UserError(f"{target}: not a screen ({', '.join(SCREENS)}) nor a level file (.toml)")
    loaded = load_level(path)
    script = list(events or [])
    from game.scoring import check_events

    check_events(loaded, script, events_source)
    from game.scenes.levels import play_scene, scene_class

    when = at if at is not None else ((script[-1].t + 0.05) if script else 0.5)
    when += scene_class(loaded.game).clock_delay_s   # `at` is time into the attempt, whose clock may start late
    mode = "never"
    if demo_at is not None:
        mode, when = "always", demo_at              # the demonstration starts as the scene does

    run_virtual(lambda ctx: play_scene(ctx, child, [loaded], 0, mode), db, ScriptedInput(script, end_grace_s=math.inf),
                until=when, shot=out, shot_window=window, ctx_hook=hook)
