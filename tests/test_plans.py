"""Plans: the therapist's levels come first in the level picker, in order; missing ones never reach a child."""
from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame  # noqa: E402

from game.levels.loader import discover, level_ref  # noqa: E402
from game.paths import levels_dir  # noqa: E402
from game.plans import MISSING, plan_games, plan_order  # noqa: E402
from game.ui import theme  # noqa: E402

PLAN = ["tracing/07_pond.toml", "tracing/99_gone.toml", "tracing/02_go_down.toml"]


def _refs(entries) -> list[str]:
    return [level_ref(e.path) for e in entries]


def test_plan_order_puts_the_plan_first_in_its_order_then_the_rest():
    entries = discover(levels_dir("tracing"))
    ordered = plan_order(entries, PLAN)
    rest = [r for r in _refs(entries) if r not in PLAN]
    assert _refs(ordered) == PLAN + rest
    assert len(ordered) == len(entries) + 1
    gone = ordered[1]
    assert gone.loaded is None and gone.title == "99 gone"
    assert [str(p) for p in gone.problems] == [f"tracing/99_gone.toml: {MISSING}"]
    assert ordered[0].loaded.title == "Round the pond"


def test_a_level_planned_twice_gets_a_card_at_each_place_and_no_plan_changes_nothing():
    entries = discover(levels_dir("tracing"))
    hills, pond = "tracing/05_hills.toml", "tracing/07_pond.toml"
    twice = plan_order(entries, [hills, pond, hills])
    assert _refs(twice)[:3] == [hills, pond, hills] and len(twice) == len(entries) + 1
    assert twice[0] is twice[2]
    assert plan_order(entries, []) == list(entries)


def test_plan_games_puts_planned_games_first_in_plan_order():
    plan = [("tapping", "tapping/01_left_drum.toml"), ("catching", "c"), ("tapping", "t"), ("chess", "x")]
    assert plan_games(plan, ["tracing", "catching", "tapping"]) == ["tapping", "catching", "tracing"]
    assert plan_games([], ["tracing", "catching", "tapping"]) == ["tracing", "catching", "tapping"]


def test_level_picker_lists_the_plan_first_marks_it_and_plays_it_in_order(ctx):
    from game.input import InputEvent
    from game.scenes.base import Push
    from game.scenes.game_picker import GamesScene
    from game.scenes.levels import LevelsScene

    kid = ctx.db.get_or_add_child("Dee")
    ctx.db.set_plan(kid.id, [("tracing", PLAN[0]), ("catching", "catching/03_left_side.toml"),
                             ("tracing", PLAN[1]), ("tracing", PLAN[2])])
    scene = LevelsScene(ctx, kid, "tracing")
    scene.enter(0.0)
    shipped = discover(levels_dir("tracing"))
    # the gone level is left out (the therapist's plan screen says it is missing); the others keep their step
    assert _refs(scene.entries) == [PLAN[0], PLAN[2]] + [r for r in _refs(shipped) if r not in PLAN]
    assert scene.plan_steps[:3] == [1, 3, None] and scene.page == 0
    assert all(e.loaded is not None for e in scene.entries)
    # the ribbon: orange with a dark edge at the top right of the first card, none on the fourth (not planned)
    surface = pygame.Surface(theme.CANVAS_SIZE)
    scene.draw(surface)
    first, fourth = scene.buttons.items[0].rect, scene.buttons.items[3].rect
    assert tuple(surface.get_at((first.right - 16, first.y + 36)))[:3] == theme.ACCENT
    assert tuple(surface.get_at((fourth.right - 16, fourth.y + 36)))[:3] != theme.ACCENT
    # tapping the first card plays it with the plan as the playlist
    c = scene.buttons.items[0].rect.center
    scene.handle(InputEvent(2.0, "pointer_down", x=c[0], y=c[1], device="mouse", button=1), 2.0)
    tr = scene.handle(InputEvent(2.1, "pointer_up", x=c[0], y=c[1], device="mouse", button=1), 2.1)
    assert isinstance(tr, Push)
    play = tr.scene
    assert play.index == 0 and [level_ref(lv.path) for lv in play.playlist[:2]] == [PLAN[0], PLAN[2]]
    # a level planned twice: its second card plays the second place in the playlist, so "next" follows the plan
    ctx.db.set_plan(kid.id, [("tracing", PLAN[0]), ("tracing", PLAN[2]), ("tracing", PLAN[0])])
    again = LevelsScene(ctx, kid, "tracing")
    again.enter(0.0)
    c = again.buttons.items[2].rect.center
    again.handle(InputEvent(3.0, "pointer_down", x=c[0], y=c[1], device="mouse", button=1), 3.0)
    tr = again.handle(InputEvent(3.1, "pointer_up", x=c[0], y=c[1], device="mouse", button=1), 3.1)
    assert tr.scene.index == 2 and level_ref(tr.scene.playlist[3].path) == "tracing/01_go_right.toml"
    ctx.db.set_plan(kid.id, [("tracing", PLAN[0]), ("catching", "catching/03_left_side.toml")])
    # the game picker: the plan's games first (tracing, then catching), each with its ribbon number
    games = GamesScene(ctx, kid)
    from game.games import GAMES

    rest = [g for g in GAMES if g not in ("tracing", "catching")]
    assert [b.key[1] for b in games.buttons.items if isinstance(b.key, tuple)] == ["tracing", "catching", *rest]
    assert games.plan_rank == {"tracing": 1, "catching": 2}


def test_level_picker_without_a_plan_is_unchanged(ctx):
    from game.scenes.levels import LevelsScene

    kid = ctx.db.get_or_add_child("Eve")
    scene = LevelsScene(ctx, kid, "catching")
    scene.enter(0.0)
    assert not any(scene.plan_steps)
    assert _refs(scene.entries) == _refs(discover(levels_dir("catching")))


def test_a_levels_number_is_its_place_in_the_game_whatever_the_plan_shows_first(ctx):
    from game.scenes.levels import LevelsScene

    kid = ctx.db.get_or_add_child("Fay")
    plain = LevelsScene(ctx, kid, "tracing")
    plain.enter(0.0)
    numbers = {level_ref(e.path): plain.card_number(i) for i, e in enumerate(plain.entries)}
    assert numbers["tracing/01_go_right.toml"] == 1 and numbers["tracing/07_pond.toml"] == 7
    assert sorted(numbers.values()) == list(range(1, len(plain.entries) + 1))
    # a plan puts "Go right" third: its card moves, its number does not
    ctx.db.set_plan(kid.id, [("tracing", "tracing/07_pond.toml"), ("tracing", "tracing/05_hills.toml"),
                             ("tracing", "tracing/01_go_right.toml"), ("tracing", "tracing/07_pond.toml")])
    planned = LevelsScene(ctx, kid, "tracing")
    planned.enter(0.0)
    assert level_ref(planned.entries[2].path) == "tracing/01_go_right.toml"
    assert [planned.card_number(i) for i in range(5)] == [7, 5, 1, 7, 2]     # a level planned twice: same number
    assert all(planned.card_number(i) == numbers[level_ref(e.path)] for i, e in enumerate(planned.entries))
    # the number drawn on the card is that number (its top-left corner), the plan's step is on the ribbon
    drawn: list[tuple[str, tuple[int, int]]] = []
    import game.scenes.levels as levels_module
    from game.ui import widgets

    def spy(surface, text, fonts, size, center=None, *args, **kw):
        drawn.append((text, center))
        return widgets.draw_text(surface, text, fonts, size, center, *args, **kw)

    surface = pygame.Surface(theme.CANVAS_SIZE)
    original = levels_module.draw_text
    levels_module.draw_text = spy
    try:
        planned.draw(surface)
    finally:
        levels_module.draw_text = original
    third = planned.buttons.items[2].rect
    corner = [t for t, c in drawn if c is not None and third.x <= c[0] < third.x + 50 and third.y <= c[1] < third.y + 50]
    assert corner == ["1"]
