"""The level editor: ranges from the models, exact stepping, safe file names, saving a copy, the scene."""
from __future__ import annotations

import hashlib
import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame  # noqa: E402
import pytest  # noqa: E402

from game.errors import UserError  # noqa: E402
from game.games import GAMES  # noqa: E402
from game.games.catching.editing import SPEED_FACTOR  # noqa: E402
from game.levels import editor_model as editing  # noqa: E402
from game.levels.loader import check_level, discover, load_level  # noqa: E402
from game.levels.rewrite import level_data  # noqa: E402
from game.paths import levels_dir, shipped_dir, user_levels_dir  # noqa: E402
from tests.builders import run_cli  # noqa: E402

SHIPPED = shipped_dir("levels")


def shipped_hashes() -> dict[str, str]:
    return {p.relative_to(SHIPPED).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(SHIPPED.rglob("*")) if p.is_file()}


# --- the field table against the models ---------------------------------------------------

def _schema_property(schema: dict, key: str) -> dict:
    node = schema
    for part in key.split("."):
        if "$ref" in node:
            node = schema["$defs"][node["$ref"].rsplit("/", 1)[-1]]
        node = node["properties"][part]
    if "anyOf" in node:   # optional: the non-null branch
        node = next(n for n in node["anyOf"] if n.get("type") != "null")
    return node


@pytest.mark.parametrize("game", ["tracing", "catching", "tapping"])
def test_field_ranges_and_choices_are_the_models_own(game):
    schema = GAMES[game].level_model.model_json_schema()
    for f in editing.FIELDS[game]:
        if f.key == SPEED_FACTOR:
            continue
        prop = _schema_property(schema, f.key)
        if f.kind == "number":
            assert (f.lo, f.hi) == (prop["minimum"], prop["maximum"]), f.key
            assert f.whole == (prop["type"] == "integer"), f.key
        elif f.kind == "toggle":
            assert prop["type"] == "boolean"
        elif "enum" in prop:
            assert [v for v, _ in f.choices] == list(prop["enum"]), f.key
        else:   # the tapping pattern: named patterns and sequences, each valid
            assert f.key == "tapping.pattern"
    keys = {f.key for f in editing.FIELDS["tapping"]}
    assert keys >= {"tapping.tempo_bpm", "tapping.beats", "tapping.continuation_beats", "tapping.window_ms",
                    "tapping.pattern", "tapping.metronome_sound", "tapping.metronome_visual", "attempts"}


def test_speed_factor_keeps_every_drop_within_the_model_range_or_names_the_field(tmp_path):
    loaded = load_level(levels_dir("catching") / "01_apple_rain.toml")
    data = level_data(loaded.text)
    speeds = [d["speed"] for d in data["catching"]["drops"]]
    edited = editing.apply_edit(loaded, {SPEED_FACTOR: 1.5}, "Quick apples")
    assert [d.speed for d in edited.level.catching.drops] == [s * 1.5 for s in speeds]
    with pytest.raises(editing.LevelError) as err:
        editing.apply_edit(loaded, {SPEED_FACTOR: 0.05}, "Too slow")
    keys = [f.key for f in editing.fields_for("catching", data)]
    assert {editing.problem_field("catching", p, keys) for p in err.value.problems} == {SPEED_FACTOR}


# --- stepping, sliders, clamping -----------------------------------------------------------

def test_steppers_move_to_the_next_step_and_stay_in_range():
    tol = editing.field_by_key("tracing", "tracing.tolerance")
    assert [editing.step_value(tol, 44, +1), editing.step_value(tol, 44, -1)] == [45, 40]
    assert [editing.step_value(tol, 150, +1), editing.step_value(tol, 5, -1)] == [150, 5]
    spawn = editing.field_by_key("catching", "catching.spawn_interval_s")
    assert [editing.step_value(spawn, 2.0, +1), editing.step_value(spawn, 0.3, -1)] == [2.1, 0.3]
    rocks = editing.field_by_key("catching", "catching.distractors")
    assert [editing.step_value(rocks, 0.25, +1), editing.step_value(rocks, 0.9, +1)] == [0.3, 0.9]
    limit = editing.field_by_key("tracing", "tracing.time_limit_s")
    assert [editing.step_value(limit, None, +1), editing.step_value(limit, 3, +1), editing.step_value(limit, 3, -1)] \
        == [60, 5, 3]
    guide = editing.field_by_key("tracing", "tracing.guide")
    assert [editing.step_value(guide, "full", +1), editing.step_value(guide, "full", -1),
            editing.step_value(guide, "start", +1)] == ["fading", "full", "start"]
    sound = editing.field_by_key("tapping", "tapping.metronome_sound")
    assert editing.step_value(sound, True, +1) is False
    beats = editing.field_by_key("tapping", "tapping.beats")
    assert editing.step_value(beats, 16, +1) == 17 and isinstance(editing.step_value(beats, 16, +1), int)


@pytest.mark.parametrize("game", ["tracing", "catching", "tapping"])
def test_slider_ends_are_the_range_ends_and_positions_round_trip(game):
    for f in editing.FIELDS[game]:
        if f.kind != "number":
            continue
        assert (editing.value_at(f, 0.0), editing.value_at(f, 1.0)) == (editing.tidy(f, f.lo), editing.tidy(f, f.hi))
        assert editing.value_at(f, -3) == editing.tidy(f, f.lo) and editing.value_at(f, 7) == editing.tidy(f, f.hi)
        grid = f.lo + f.step * round((f.hi - f.lo) / f.step / 3)
        value = editing.tidy(f, round(grid / f.step) * f.step)
        assert editing.value_at(f, editing.slider_position(f, value)) == value, f.key


def test_out_of_range_values_are_clamped_or_refused_naming_the_field():
    tol = editing.field_by_key("tracing", "tracing.tolerance")
    assert editing.clamp_value(tol, 200) == (150, "Corridor half-width (tracing.tolerance): 200 each side is above the "
                                                  "largest allowed, 150 each side; set to 150 each side")
    assert editing.clamp_value(tol, 2) == (5, "Corridor half-width (tracing.tolerance): 2 each side is below the "
                                              "smallest allowed, 5 each side; set to 5 each side")
    assert editing.clamp_value(tol, 33) == (33, None)
    with pytest.raises(UserError, match=r"Corridor half-width \(tracing.tolerance\): 'wide' is not a number"):
        editing.clamp_value(tol, "wide")
    with pytest.raises(UserError, match=r"Help shown \(tracing.guide\): 'hidden' is not one of the choices"):
        editing.clamp_value(editing.field_by_key("tracing", "tracing.guide"), "hidden")
    count = editing.field_by_key("catching", "catching.count")
    assert editing.clamp_value(count, 250) == (100, "How many (catching.count): 250 is above the largest allowed, "
                                                    "100; set to 100")


def test_cross_field_problems_name_the_editor_field_in_plain_words():
    loaded = load_level(levels_dir("tapping") / "07_alternate_120.toml")
    with pytest.raises(editing.LevelError) as err:
        editing.apply_edit(loaded, {"tapping.window_ms": 300}, "Wide window")
    (problem,) = err.value.problems
    assert problem.field == "tapping.window_ms"
    assert editing.plain_problem("tapping", problem) == (
        "300 ms is not less than half the time between beats (250 ms at 120 bpm), so one tap could belong to "
        "two beats; make \u201cHit window\u201d less than 250 or \u201cTempo\u201d slower")


# --- building, naming and saving -----------------------------------------------------------

def test_changes_hold_only_what_differs():
    loaded = load_level(levels_dir("tracing") / "07_pond.toml")
    data = level_data(loaded.text)
    values = editing.initial_values("tracing", data)
    assert editing.build_changes("tracing", data, values, loaded.title) == {}
    values.update({"tracing.tolerance": 60, "tracing.time_limit_s": 45, "attempts": 3})
    assert editing.build_changes("tracing", data, values, "Big pond") == {
        "tracing.tolerance": 60, "tracing.time_limit_s": 45, "attempts": 3, "title": "Big pond"}


def test_file_names_are_safe_and_unique(tmp_path):
    assert editing.file_stem("Round the pond (my copy)") == "round_the_pond_my_copy"
    assert editing.file_stem("Über  Straße!") == "uber_strae"
    assert editing.file_stem("../../etc/passwd") == "etc_passwd"
    assert editing.file_stem("???") == "level" and editing.file_stem("") == "level"
    assert editing.file_stem("CON") == "level_con"
    assert len(editing.file_stem("x" * 100)) == 40
    assert editing.new_level_path(tmp_path / "missing", "Go") == tmp_path / "missing" / "go.toml"
    (tmp_path / "go.toml").write_text("mine", encoding="utf-8")
    (tmp_path / "go_2.toml").write_text("mine too", encoding="utf-8")
    assert editing.new_level_path(tmp_path, "Go") == tmp_path / "go_3.toml"


def test_saved_level_loads_validates_and_never_overwrites(tmp_path):
    before = shipped_hashes()
    loaded = load_level(levels_dir("tracing") / "07_pond.toml")
    edited = editing.apply_edit(loaded, {"tracing.tolerance": 70, "tracing.guide": "fading"}, "Wide pond")
    folder = tmp_path / "levels" / "tracing"
    (folder).mkdir(parents=True)
    (folder / "wide_pond.toml").write_text("a therapist's own file\n", encoding="utf-8")
    path = editing.save_new_level(edited, folder, "tracing/07_pond.toml")
    assert path == folder / "wide_pond_2.toml"
    assert (folder / "wide_pond.toml").read_text(encoding="utf-8") == "a therapist's own file\n"
    assert check_level(path) == []
    again = load_level(path)
    assert (again.title, again.level.tracing.tolerance, again.level.tracing.guide) == ("Wide pond", 70, "fading")
    assert again.level.tracing.shape == "circle" and again.level.tracing.size == loaded.level.tracing.size
    assert path.read_text(encoding="utf-8").startswith("# Made in the MotorPlay level editor from tracing/07_pond.toml\n")
    assert editing.save_new_level(edited, folder, "tracing/07_pond.toml") == folder / "wide_pond_3.toml"
    with pytest.raises(UserError, match="read-only"):
        editing.save_new_level(edited, levels_dir("tracing"), "tracing/07_pond.toml")
    assert shipped_hashes() == before


# --- the scene, driven by input events ------------------------------------------------------

def press(scene, rect: pygame.Rect, pointer: int = 0) -> object:
    from game.input import InputEvent

    x, y = rect.center
    scene.handle(InputEvent(1.0, "pointer_down", x, y, pointer, "touch"), 1.0)
    return scene.handle(InputEvent(1.0, "pointer_up", x, y, pointer, "touch"), 1.0)


def action(scene, name: str, t: float = 2.0) -> object:
    from game.input import InputEvent

    return scene.handle(InputEvent(t, "action", device="key", action=name), t)


def type_title(ctx, scene, text: str, t: float = 3.0) -> object:
    """Press the name box, type on the shared text-entry screen it pushes, Enter: what that screen pops."""
    from game.input import InputEvent
    from game.scenes.base import Push
    from game.scenes.therapist_ui import TextEntryScene

    opened = press(scene, scene.control_rect("title", "title"))
    assert isinstance(opened, Push) and isinstance(opened.scene, TextEntryScene)
    entry = opened.scene
    assert entry.wants_text and entry.text == scene.title
    for _ in range(len(entry.text)):
        action(entry, "backspace", t)
    for ch in text:
        entry.handle(InputEvent(t, "text", device="key", text=ch), t)
    out = action(entry, "confirm", t)
    if out is not None:
        scene.resume(out.result, t)
    return out


def test_scene_steppers_title_and_save_make_a_new_level_in_the_picker(ctx):
    from game.scenes.base import Pop, Push
    from game.scenes.editor_levels import EditorLevelsScene
    from game.scenes.level_edit import LevelEditScene
    from game.scenes.levels import LevelsScene

    before = shipped_hashes()
    chooser = EditorLevelsScene(ctx, "tracing")
    chooser.enter(0.0)
    assert [e.path.name for e in chooser.entries][:3] == ["01_go_right.toml", "02_go_down.toml", "03_go_left.toml"]
    card = next(b.rect for b in chooser.buttons.items if b.key == ("level", 0))
    opened = press(chooser, card)
    assert isinstance(opened, Push) and isinstance(opened.scene, LevelEditScene)
    scene = opened.scene
    assert scene.source.title == "Go right"
    for _ in range(3):
        press(scene, scene.control_rect("tracing.tolerance", "plus"))
    press(scene, scene.control_rect("tracing.guide", "fading"))
    press(scene, scene.control_rect("attempts", "plus"))
    assert scene.values["tracing.tolerance"] == 75
    type_title(ctx, scene, "Easy road")
    assert scene.title == "Easy road"
    out = press(scene, scene.control_rect("save", "save"))
    folder = user_levels_dir(ctx.db.path.parent, "tracing")
    assert isinstance(out, Pop) and out.result == folder / "easy_road.toml"
    assert sorted(p.name for p in folder.iterdir()) == ["easy_road.toml"]
    saved = load_level(folder / "easy_road.toml")
    assert check_level(folder / "easy_road.toml") == []
    assert (saved.title, saved.level.attempts) == ("Easy road", 2)
    assert (saved.level.tracing.tolerance, saved.level.tracing.guide) == (75, "fading")
    assert saved.level.tracing.strokes == (((240, 360), (1040, 360)),)
    chooser.resume(out.result, 4.0)
    again = chooser.choose(0).scene       # the same name again never overwrites
    type_title(ctx, again, "Easy road")
    chooser.resume(press(again, again.control_rect("save", "save")).result, 5.0)
    assert sorted(p.name for p in folder.iterdir()) == ["easy_road.toml", "easy_road_2.toml"]
    assert shipped_hashes() == before
    picker = LevelsScene(ctx, ctx.db.get_or_add_child("Ann"), "tracing")
    picker.enter(0.0)
    assert [e.path.name for e in picker.entries][-2:] == ["easy_road.toml", "easy_road_2.toml"]
    assert [e.title for e in picker.entries][-1] == "Easy road"
    # the chooser lists the new levels (marked as the therapist's); back leaves with what was saved
    assert [e.path.name for e in chooser.entries][-2:] == ["easy_road.toml", "easy_road_2.toml"]
    out = action(chooser, "back")
    assert out.result == (folder / "easy_road.toml", folder / "easy_road_2.toml")


def test_choosing_a_level_pushes_the_editor_on_it_and_back_pops(ctx):
    from game.scenes.base import Pop, Push, SceneStack
    from game.scenes.editor_levels import EditorLevelsScene
    from game.scenes.level_edit import LevelEditScene

    chooser = EditorLevelsScene(ctx, "catching")
    stack = SceneStack(chooser, 0.0)
    third = next(b.rect for b in chooser.buttons.items if b.key == ("level", 2))
    opened = press(chooser, third)
    assert isinstance(opened, Push) and isinstance(opened.scene, LevelEditScene)
    assert opened.scene.source.path == chooser.entries[2].path and opened.scene.game == "catching"
    stack.apply(opened, 1.0)
    scene = opened.scene
    assert isinstance(press(scene, scene.control_rect("back", "back")), Pop)   # nothing changed: back at once
    press(scene, scene.control_rect("catching.catcher_width", "plus"))
    assert action(scene, "back") is None and "Not saved yet" in scene.message   # changed: back asks once
    out = action(scene, "back")
    assert isinstance(out, Pop) and out.result is None
    stack.apply(out, 2.0)
    assert stack.top is chooser and chooser.message == "" and chooser.saved == []


def test_saving_a_changed_level_returns_to_the_chooser_showing_it(ctx):
    from game.scenes.base import SceneStack
    from game.scenes.editor_levels import PER_PAGE, EditorLevelsScene

    chooser = EditorLevelsScene(ctx, "tracing")
    stack = SceneStack(chooser, 0.0)
    stack.apply(chooser.choose(6), 1.0)                      # "Round the pond"
    scene = stack.top
    press(scene, scene.control_rect("tracing.tolerance", "plus"))
    stack.apply(press(scene, scene.control_rect("save", "save")), 2.0)
    assert stack.top is chooser
    folder = user_levels_dir(ctx.db.path.parent, "tracing")
    index = next(i for i, e in enumerate(chooser.entries) if e.path == folder / "round_the_pond_my_copy.toml")
    assert chooser.paged.page == index // PER_PAGE and chooser.buttons.focused_key == ("level", index)
    assert any(b.key == ("level", index) for b in chooser.buttons.items)       # on screen, on its page
    assert chooser.message.startswith("Saved as round_the_pond_my_copy.toml.")
    pond = load_level(levels_dir("tracing") / "07_pond.toml").level.tracing.tolerance
    tol = editing.field_by_key("tracing", "tracing.tolerance")
    assert chooser.entries[index].loaded.level.tracing.tolerance == editing.step_value(tol, pond, +1)


def test_keyboard_alone_reaches_a_field_changes_it_and_saves(ctx):
    from game.scenes.base import Pop, Push, SceneStack
    from game.scenes.editor_levels import EditorLevelsScene

    chooser = EditorLevelsScene(ctx, "tapping")
    stack = SceneStack(chooser, 0.0)
    action(chooser, "right")                       # the first arrow lands on level 1
    action(chooser, "right")
    opened = action(chooser, "confirm")            # level 2
    assert isinstance(opened, Push) and opened.scene.source.path == chooser.entries[1].path
    stack.apply(opened, 1.0)
    scene = opened.scene
    start = scene.values["tapping.beats"]
    while scene.buttons.focused_key != ("field", "tapping.beats"):
        action(scene, "down")                      # up/down: one stop per setting
    action(scene, "right")                         # left/right: change it
    assert scene.values["tapping.beats"] == start + 1
    while scene.buttons.focused_key != "save":
        action(scene, "down")
    out = action(scene, "confirm")
    assert isinstance(out, Pop) and out.result.parent == user_levels_dir(ctx.db.path.parent, "tapping")
    assert load_level(out.result).level.tapping.beats == start + 1
    stack.apply(out, 2.0)
    assert stack.top is chooser and chooser.saved == [out.result]


def test_keyboard_steps_the_focused_field_and_problems_block_saving(ctx):
    from game.scenes.level_edit import LevelEditScene

    scene = LevelEditScene(ctx, "tapping", load_level(levels_dir("tapping") / "07_alternate_120.toml"))
    action(scene, "left")                           # the first field has the focus: tempo 120 -> 115
    assert scene.values["tapping.tempo_bpm"] == 115
    action(scene, "down")
    for _ in range(15):
        action(scene, "right")                      # window 150 -> 300 ms: too wide for 115 bpm
    assert scene.values["tapping.window_ms"] == 300
    assert scene.problems == {"tapping.window_ms": (
        "300 ms is not less than half the time between beats (260.87 ms at 115 bpm), so one tap could belong to "
        "two beats; make \u201cHit window\u201d less than 260.87 or \u201cTempo\u201d slower")}
    assert scene.save() is None and not user_levels_dir(ctx.db.path.parent, "tapping").exists()
    assert scene.message == "Fix the field marked in purple first, then save."
    for _ in range(6):
        action(scene, "left")                       # back to 240 ms: fine again
    assert scene.problems == {} and scene.values["tapping.window_ms"] == 240
    for _ in range(40):
        press(scene, scene.control_rect("tapping.tempo_bpm", "plus"))
    assert scene.values["tapping.tempo_bpm"] == 180  # the model's top: no further
    assert scene.message == "Tempo is at its largest: 180 beats/min."
    assert set(scene.problems) == {"tapping.window_ms"}   # 240 ms is too wide at 180 bpm
    press(scene, scene.control_rect("tapping.pattern", "LLRR"))
    assert scene.values["tapping.pattern"] == "LLRR" and scene.save() is None
    while scene.problems:
        press(scene, scene.control_rect("tapping.window_ms", "minus"))
    assert scene.values["tapping.window_ms"] == 160       # under 166.67 ms, half a beat at 180 bpm
    assert (scene.current.level.tapping.pattern, scene.current.level.tapping.window_ms) == ("LLRR", 160)


def test_slider_drag_sets_values_on_the_step_grid(ctx):
    from game.input import InputEvent
    from game.scenes.level_edit import LevelEditScene

    scene = LevelEditScene(ctx, "catching", load_level(levels_dir("catching") / "02_orchard.toml"))
    track = scene.track_rect("catching.catcher_width")
    y = track.centery
    scene.handle(InputEvent(1.0, "pointer_down", track.x, y, 2, "touch"), 1.0)
    assert scene.values["catching.catcher_width"] == 40
    scene.handle(InputEvent(1.1, "pointer_move", track.right, y, 2, "touch"), 1.1)
    assert scene.values["catching.catcher_width"] == 640
    scene.handle(InputEvent(1.2, "pointer_move", track.x + track.w * 0.5 ** (1 / 1.5), y, 2, "touch"), 1.2)
    scene.handle(InputEvent(1.3, "pointer_up", 0, 0, 2, "touch"), 1.3)
    assert scene.values["catching.catcher_width"] == 340
    assert scene.current.level.catching.catcher_width == 340
    # every control is a real touch target
    assert all(min(b.rect.w, b.rect.h) >= 64 for b in scene.buttons.items)


def _corridor_rows(scene) -> int:
    """How many pixel rows of the pale road cross the preview's middle column."""
    from game.scenes.level_edit import PREVIEW
    from game.ui import theme

    surface = pygame.Surface((1280, 720))
    scene.draw(surface)
    x = PREVIEW.centerx
    road = {theme.CORRIDOR_FILL, theme.mix(theme.CORRIDOR_FILL, theme.CORRIDOR_EDGE, 0.6)}  # with its centre dots
    return sum(tuple(surface.get_at((x, y))[:3]) in road for y in range(PREVIEW.top, PREVIEW.bottom))


def test_preview_corridor_width_follows_tolerance(ctx):
    from game.scenes.level_edit import PREVIEW, LevelEditScene

    scene = LevelEditScene(ctx, "tracing", load_level(levels_dir("tracing") / "01_go_right.toml"))
    scale = PREVIEW.w / 1280
    widths = {}
    for tol in (20, 60, 120):
        scene.set_value("tracing.tolerance", tol)
        widths[tol] = _corridor_rows(scene)
        assert widths[tol] == 2 * round(tol * scale), tol   # the road is drawn 2 x round(tolerance x scale) wide
    assert widths[20] < widths[60] < widths[120]


def test_catching_and_tapping_previews_follow_the_values(ctx):
    from game.scenes.level_edit import PREVIEW, LevelEditScene
    from game.ui import theme

    scene = LevelEditScene(ctx, "catching", load_level(levels_dir("catching") / "02_orchard.toml"))
    surface = pygame.Surface((1280, 720))

    def basket_span() -> int:
        scene.draw(surface)
        y = PREVIEW.y + round(600 * PREVIEW.w / 1280) + 15   # across the basket's body
        return sum(surface.get_at((x, y))[:3] == theme.OI_ORANGE for x in range(PREVIEW.left, PREVIEW.right))

    narrow = basket_span()
    scene.set_value("catching.catcher_width", 480)
    assert basket_span() > narrow * 1.6
    tap = LevelEditScene(ctx, "tapping", load_level(levels_dir("tapping") / "04_alternate_slow.toml"))

    def left_beats() -> int:
        """Left-hand beats drawn on the 6 s timeline: count dark-blue runs along the left lane."""
        tap.draw(surface)
        y = PREVIEW.y + 120
        on = [surface.get_at((x, y))[:3] == theme.OI_BLUE for x in range(PREVIEW.x + 52, PREVIEW.right)]
        return sum(1 for a, b in zip(on, on[1:]) if b and not a)

    assert left_beats() == 4                       # 60 bpm, L R L R...: beats 0, 2, 4, 6 s
    tap.set_value("tapping.window_ms", 200)
    tap.set_value("tapping.tempo_bpm", 120)
    assert tap.problems == {} and left_beats() == 6   # 120 bpm: its 12 beats fit in 5.5 s, every second one left


def test_screenshot_command_shows_the_editor(tmp_path):
    out = tmp_path / "editor.png"
    run = run_cli("screenshot", "editor", "--game", "catching", "--out", str(out), data_dir=tmp_path / "data")
    assert run.returncode == 0, run.stderr
    pygame.init()
    try:
        img = pygame.image.load(str(out))
        from game.scenes.level_edit import SAVE
        from game.ui import theme

        assert img.get_size() == (1280, 720)
        assert img.get_at((SAVE.x + 20, SAVE.centery))[:3] == theme.SUCCESS   # the save button is live
    finally:
        pygame.quit()


def test_user_levels_are_listed_beside_shipped_ones(tmp_path):
    folder = user_levels_dir(tmp_path, "tracing")
    loaded = load_level(levels_dir("tracing") / "01_go_right.toml")
    editing.save_new_level(editing.apply_edit(loaded, {"tracing.tolerance": 100}, "Very wide"), folder, "x")
    names = [e.path.name for root in (levels_dir("tracing"), folder) for e in discover(root)]
    assert names[-1] == "very_wide.toml" and names[0] == "01_go_right.toml"


def test_the_name_is_typed_on_the_text_entry_screen_and_a_refused_name_stays_there(ctx):
    from game.input import InputEvent
    from game.scenes.level_edit import LevelEditScene

    scene = LevelEditScene(ctx, "tracing", load_level(levels_dir("tracing") / "01_go_right.toml"))
    opened = press(scene, scene.control_rect("title", "title"))
    entry = opened.scene
    assert entry.wants_text                  # the input layer turns the space bar into text, not "confirm"
    entry.handle(InputEvent(5.0, "text", device="key", text=" "), 5.0)
    entry.handle(InputEvent(5.0, "text", device="key", text="2"), 5.0)
    out = action(entry, "confirm", t=6.0)    # Enter: done typing
    scene.resume(out.result, 6.0)
    assert scene.title == "Go right (my copy) 2" and scene.dirty
    for _ in range(30):
        action(scene, "backspace")
    assert scene.title == "Go right (my copy) 2"   # backspace does nothing outside the text entry
    assert type_title(ctx, scene, "") is None      # an empty name is refused where it is typed, in plain words
    assert scene.title == "Go right (my copy) 2"
    assert scene.title_problem("") == (
        "Must not be empty (got \"\"); allowed: a short name shown under the level's picture, 1 to 60 characters")
    assert scene.save() is not None
