"""The therapist area: the held corner gear, the PIN, children, notes, plans, adaptive and settings."""
from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import sys  # noqa: E402
from pathlib import Path  # noqa: E402

import pygame  # noqa: E402
import pytest  # noqa: E402

from game.errors import UserError  # noqa: E402
from game.input import InputEvent  # noqa: E402
from game.records.db import Database  # noqa: E402
from game.scenes.base import Pop, Push, Replace  # noqa: E402
from tests.builders import (  # noqa: E402
    LINE_LEVEL,
    line_points,
    polyline_events,
    run_cli,
    write_level,
)

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def down(x: float, y: float, t: float) -> InputEvent:
    return InputEvent(t, "pointer_down", x, y, 0, "mouse")


def up(x: float, y: float, t: float) -> InputEvent:
    return InputEvent(t, "pointer_up", x, y, 0, "mouse")


def press(scene, key, t: float = 1.0):
    """Tap the scene's button `key` (down and up at its centre); returns the transition."""
    rect = next(b.rect for b in scene.buttons.items if b.key == key)
    assert next(b for b in scene.buttons.items if b.key == key).enabled, f"{key} is disabled"
    assert rect.w >= 64 and rect.h >= 60, f"{key} is too small a target: {rect}"
    scene.handle(down(*rect.center, t), t)
    return scene.handle(up(*rect.center, t), t)


def type_text(scene, text: str, t: float = 1.0) -> None:
    scene.handle(InputEvent(t, "text", device="key", text=text), t)


def play_line(db: Database, child, tmp_path: Path, times: int = 1) -> None:
    """Record `times` sittings of one attempt each on a straight-line level (a new session each)."""
    from game.headless import play_headless
    from game.levels.loader import load_level

    loaded = load_level(write_level(tmp_path / "line.toml", LINE_LEVEL))
    for _ in range(times):
        play_headless(db, child, loaded, polyline_events(line_points(200, 360, 1080, 360, 80)))


# --- the way in ---------------------------------------------------------------------------------

def test_a_press_on_the_gear_shorter_than_two_seconds_does_not_open_the_pin_screen(ctx):
    from game.scenes.children import GEAR, ChildrenScene

    scene = ChildrenScene(ctx)
    scene.enter(0.0)
    assert GEAR.w >= 64 and GEAR.h >= 64 and GEAR.right <= 1280 and GEAR.bottom <= 720
    assert scene.handle(down(*GEAR.center, 10.0), 10.0) is None
    assert scene.update(1 / 120, 11.0) is None
    assert scene.hold_frac == pytest.approx(0.5)
    assert scene.handle(up(*GEAR.center, 11.99), 11.99) is None     # let go at 1.99 s
    assert scene.hold_frac == 0.0
    for t in (12.0, 13.0, 20.0):
        assert scene.update(1 / 120, t) is None
    # sliding the finger away also cancels, even if it is never lifted
    scene.handle(down(*GEAR.center, 30.0), 30.0)
    scene.handle(InputEvent(30.5, "pointer_move", 900, 400, 0, "mouse", pressed=True), 30.5)
    assert scene.update(1 / 120, 33.0) is None


def test_holding_the_gear_for_two_seconds_opens_the_pin_screen(ctx):
    from game.scenes.children import GEAR, ChildrenScene
    from game.scenes.pin import PinScene

    scene = ChildrenScene(ctx)
    scene.enter(0.0)
    scene.handle(down(*GEAR.center, 10.0), 10.0)
    assert scene.update(1 / 120, 11.99) is None
    tr = scene.update(1 / 120, 12.0)
    assert isinstance(tr, Push) and isinstance(tr.scene, PinScene)
    assert scene.hold_since is None  # the release that follows does nothing more
    assert scene.handle(up(*GEAR.center, 12.1), 12.1) is None


class Script:
    """A pointer on the gear at the given virtual times: [(t, kind)]."""

    def __init__(self, steps):
        from game.scenes.children import GEAR

        self.steps = list(steps)
        self.xy = GEAR.center

    def poll(self, now: float, scene: object) -> list[InputEvent]:
        out = []
        while self.steps and self.steps[0][0] <= now:
            t, kind = self.steps.pop(0)
            out.append(InputEvent(t, kind, *self.xy, 0, "script"))
        return out


def test_the_real_loop_opens_the_pin_screen_two_seconds_into_a_hold_and_not_before(data_dir: Path):
    from game.app import run_virtual
    from game.scenes.children import ChildrenScene
    from game.scenes.pin import PinScene

    db = Database.open(data_dir)
    try:
        seen: list = []

        def stop(stack) -> bool:
            if isinstance(stack.top, PinScene):
                seen.append(stack.top)
                return True
            return False

        run_virtual(ChildrenScene, db, Script([(0.5, "pointer_down"), (2.4, "pointer_up"),
                                               (3.0, "pointer_down"), (3.5, "pointer_up")]), stop=stop, until=8.0)
        assert seen == []           # 1.9 s and 0.5 s presses: still on the child picker
        run_virtual(ChildrenScene, db, Script([(0.5, "pointer_down")]), stop=stop, until=8.0)
        assert len(seen) == 1
        assert seen[0].now == pytest.approx(2.5, abs=1 / 120 + 1e-9)   # entered 2 s after the press
    finally:
        db.close()


# --- the PIN ------------------------------------------------------------------------------------

def digits(scene, pin: str, t: float = 1.0):
    tr = None
    for d in pin:
        tr = press(scene, ("digit", d), t)
    return tr


def test_first_use_sets_the_pin_after_typing_it_twice_and_opens_the_hub(ctx):
    from game.scenes.pin import PinScene
    from game.scenes.therapist import TherapistScene

    scene = PinScene(ctx, then=TherapistScene)
    assert scene.mode == "set"
    assert digits(scene, "1357") is None
    assert scene.mode == "confirm" and not ctx.db.has_pin()
    tr = digits(scene, "1357")
    assert isinstance(tr, Replace) and isinstance(tr.scene, TherapistScene)
    assert ctx.db.check_pin("1357") and not ctx.db.check_pin("1358")


def test_two_different_pins_on_first_use_start_again_and_save_nothing(ctx):
    from game.scenes.pin import PinScene

    scene = PinScene(ctx)
    digits(scene, "1111")
    assert digits(scene, "2222") is None
    assert scene.mode == "set" and scene.shake_at == 1.0 and "different" in scene.message
    assert not ctx.db.has_pin()


def test_a_wrong_pin_shakes_and_the_right_one_opens_typed_or_tapped(ctx):
    from game.scenes.pin import PinScene
    from game.scenes.therapist import TherapistScene

    ctx.db.set_pin("2468")
    scene = PinScene(ctx, then=TherapistScene)
    assert scene.mode == "enter"
    assert digits(scene, "2469", t=5.0) is None
    assert scene.wrong == 1 and scene.shake_at == 5.0 and scene.typed == ""
    assert "4 tries left" in scene.message
    press(scene, ("digit", "9"))
    press(scene, "delete")
    assert scene.typed == ""
    tr = scene.handle(InputEvent(6.0, "text", device="key", text="2468"), 6.0)   # the keyboard works too
    assert isinstance(tr, Replace) and isinstance(tr.scene, TherapistScene)


def test_five_wrong_pins_rest_the_keypad_for_thirty_seconds(ctx):
    from game.scenes.pin import LOCK_S, MAX_TRIES, PinScene
    from game.scenes.therapist import TherapistScene

    ctx.db.set_pin("2468")
    scene = PinScene(ctx, then=TherapistScene)
    for k in range(MAX_TRIES):
        digits(scene, "0000", t=10.0 + k)
    assert scene.locked_until == 14.0 + LOCK_S
    assert all(not b.enabled for b in scene.buttons.items if isinstance(b.key, tuple))
    assert scene.press("2", 20.0) is None and scene.typed == ""   # typed digits are ignored too
    scene.handle(InputEvent(20.0, "text", device="key", text="2468"), 20.0)
    assert scene.typed == "" and scene.locked_until is not None
    scene.update(1 / 120, 14.0 + LOCK_S)
    assert scene.locked_until is None
    assert isinstance(digits(scene, "2468", t=50.0), Replace)


def test_forgot_pin_explains_the_command_line_reset_and_back_closes_it(ctx):
    from game.scenes.pin import RESET_COMMAND, PinScene

    ctx.db.set_pin("2468")
    scene = PinScene(ctx)
    press(scene, "forgot")
    assert scene.show_forgot and RESET_COMMAND == "python3 run.py therapist reset-pin"
    assert [b.key for b in scene.buttons.items] == ["forgot_ok"]   # the keypad is covered
    scene.handle(InputEvent(2.0, "action", device="key", action="back"), 2.0)
    assert not scene.show_forgot
    assert isinstance(scene.handle(InputEvent(3.0, "action", device="key", action="back"), 3.0), Pop)


def test_database_pin_is_four_digits_checked_and_reset(data_dir: Path):
    db = Database.open(data_dir)
    try:
        assert not db.has_pin() and not db.check_pin("0000")
        for bad in ("123", "12345", "12a4", ""):
            with pytest.raises(UserError):
                db.set_pin(bad)
        db.set_pin("0420")
        assert db.has_pin() and db.check_pin("0420") and not db.check_pin("0421")
        db.reset_pin()
        assert not db.has_pin() and not db.check_pin("0420")
    finally:
        db.close()


def test_cli_therapist_reset_pin_clears_the_pin_in_one_line(data_dir: Path):
    db = Database.open(data_dir)
    db.set_pin("9876")
    db.add_child("Ada", "fox")
    db.close()
    res = run_cli("therapist", "reset-pin", data_dir=data_dir)
    assert res.returncode == 0, res.stderr
    assert len(res.stdout.splitlines()) == 1 and "PIN cleared" in res.stdout and res.stderr == ""
    db = Database.open(data_dir)
    try:
        assert not db.has_pin() and db.find_child("Ada") is not None
    finally:
        db.close()
    again = run_cli("therapist", "reset-pin", data_dir=data_dir)
    assert again.returncode == 0 and len(again.stdout.splitlines()) == 1 and "was not set" in again.stdout
    bad = run_cli("therapist", data_dir=data_dir)
    assert bad.returncode == 2 and len(bad.stderr.splitlines()) == 1


def test_changing_the_pin_from_settings_goes_back_to_settings(ctx):
    from game.scenes.pin import PinScene

    ctx.db.set_pin("1111")
    scene = PinScene(ctx, change=True)
    assert scene.mode == "set"
    digits(scene, "2222")
    tr = digits(scene, "2222")
    assert tr == Pop("pin changed") and ctx.db.check_pin("2222")


# --- children -----------------------------------------------------------------------------------

def test_add_rename_archive_and_unarchive_keep_every_attempt(ctx, tmp_path: Path):
    from game.scenes.new_child import NewChildScene
    from game.scenes.therapist import TherapistScene
    from game.scenes.therapist_ui import TextEntryScene

    db = ctx.db
    ada = db.add_child("Ada", "fox")
    play_line(db, ada, tmp_path, times=2)
    before = [a.id for a in db.attempts("Ada")]
    assert len(before) == 2
    hub = TherapistScene(ctx)
    hub.enter(0.0)
    assert hub.selected == ada.id

    # add
    tr = press(hub, "add")
    assert isinstance(tr, Push) and isinstance(tr.scene, NewChildScene)
    new = tr.scene
    type_text(new, "Zoe")
    result = press(new, "ok")
    assert isinstance(result, Pop)
    hub.resume(result.result, 2.0)
    zoe = db.find_child("Zoe")
    assert hub.selected == zoe.id and hub.message == "Added Zoe."

    # rename Ada: the attempts follow her
    press(hub, ("child", ada.id))
    tr = press(hub, "rename")
    assert isinstance(tr, Push) and isinstance(tr.scene, TextEntryScene)
    entry = tr.scene
    assert entry.text == "Ada"
    press(entry, "clear")
    type_text(entry, "Zoe")
    assert press(entry, "save") is None and "already a child called Zoe" in entry.message   # stays to fix it
    press(entry, "clear")
    type_text(entry, "Ada Lovelace")
    done = press(entry, "save")
    hub.resume(done.result, 3.0)
    assert db.get_child(ada.id).name == "Ada Lovelace" and hub.message == "Renamed to Ada Lovelace."
    assert [a.id for a in db.attempts("Ada Lovelace")] == before

    # archive: hidden from the picker, still listed (marked) here, nothing deleted
    press(hub, "archive")
    assert db.get_child(ada.id).archived
    assert [c.name for c in db.children()] == ["Zoe"]
    assert [(c.name, c.archived) for c in hub.children] == [("Ada Lovelace", True), ("Zoe", False)]
    assert "nothing was deleted" in hub.message and "All 2 attempts are kept" in hub.message
    assert [a.id for a in db.attempts("Ada Lovelace")] == before
    assert next(b.label for b in hub.buttons.items if b.key == "archive") == "Unarchive"
    press(hub, "archive")
    assert not db.get_child(ada.id).archived
    assert [a.id for a in db.attempts("Ada Lovelace")] == before
    assert len(db.sessions(ada.id)) == 1   # played minutes apart: one session (the 30-minute rule)


def test_typing_a_space_is_a_space_not_a_save_but_enter_saves(ctx):
    from game.scenes.therapist_ui import TextEntryScene

    saved: list[str] = []
    entry = TextEntryScene(ctx, "t", "h", lambda text: saved.append(text) or len(saved), max_len=20)
    type_text(entry, "Ada")
    # the space bar sends a key press and a typed " ": while a scene takes text, the input layer
    # keeps only the text
    from game.input import LiveInput

    live = LiveInput(clock=lambda: 5.0)
    space = pygame.event.Event(pygame.KEYDOWN, key=pygame.K_SPACE, mod=0, unicode=" ", scancode=44, repeat=0)
    assert entry.wants_text and live.translate(space, 5.0, typing=True) is None
    assert live.translate(space, 5.0, typing=False).action == "confirm"
    entry.handle(InputEvent(5.0, "text", device="key", text=" "), 5.0)
    assert saved == []
    type_text(entry, "Lovelace is a very long name")
    assert entry.text == "Ada Lovelace is a ve"   # max_len
    enter = pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0, unicode="\r", scancode=40, repeat=0)
    confirm = live.translate(enter, 6.0, typing=True)
    assert entry.handle(confirm, 6.0) == Pop(1) and saved == ["Ada Lovelace is a ve"]


# --- notes --------------------------------------------------------------------------------------

def test_notes_attach_to_a_whole_session_or_to_one_attempt(ctx, tmp_path: Path):
    from game.records.summary import played_sessions
    from game.scenes.therapist_child import NotesScene, NoteTargetScene
    from game.scenes.therapist_ui import TextEntryScene

    db = ctx.db
    ada = db.add_child("Ada", "fox")
    play_line(db, ada, tmp_path, times=2)
    sessions = played_sessions(db, ada.id)       # newest first
    newest = sessions[0]
    attempt = [a for a in db.attempts("Ada") if a.session_id == newest.id][0]

    notes = NotesScene(ctx, ada)
    notes.enter(0.0)
    assert notes.notes == []
    target = press(notes, "new").scene
    assert isinstance(target, NoteTargetScene)
    target.enter(0.0)
    tr = press(target, "whole")
    assert isinstance(tr, Push) and isinstance(tr.scene, TextEntryScene)
    type_text(tr.scene, "Good focus; pencil grip.")
    note_id = press(tr.scene, "save").result
    assert target.resume(note_id, 2.0) == Pop(note_id)
    notes.resume(note_id, 2.0)
    assert notes.message == "Note saved."

    target = NoteTargetScene(ctx, ada)
    target.enter(0.0)
    entry = press(target, ("attempt", 0)).scene
    type_text(entry, "Lifted the pen twice.")
    press(entry, "save")
    rows = [(n.text, n.session_id, n.attempt_id) for n in db.notes(ada.id)]
    assert rows == [("Good focus; pencil grip.", newest.id, None),
                    ("Lifted the pen twice.", newest.id, attempt.id)]
    notes.enter(3.0)
    labels = [notes.labels[n.id] for n in notes.notes]   # newest first
    assert labels[0].startswith("Attempt: Tracing, Test line, try 1, ")
    assert labels[1].startswith("Session of ")
    # an empty note is refused with words, and nothing is saved
    entry = press(target, "whole").scene
    assert press(entry, "save") is None and entry.message == "a note must not be empty"
    assert len(db.notes(ada.id)) == 2


# --- plan ---------------------------------------------------------------------------------------

def test_plan_is_saved_in_order_with_moves_and_removals(ctx):
    from game.levels.loader import level_ref
    from game.paths import user_levels_dir
    from game.scenes.therapist_child import PlanScene

    db = ctx.db
    ada = db.add_child("Ada", "fox")
    mine = user_levels_dir(db.path.parent, "tracing")
    mine.mkdir(parents=True)
    write_level(mine / "my_line.toml")
    scene = PlanScene(ctx, ada)
    scene.enter(0.0)
    press(scene, ("add", 4))                 # tracing/05_hills
    press(scene, ("tab", "catching"))
    press(scene, ("add", 0))                 # catching/01_apple_rain
    press(scene, ("tab", "tracing"))
    n = len(scene.levels["tracing"])
    assert scene.levels["tracing"][-1].path.name == "my_line.toml"   # user levels after the shipped ones
    scene.lpaged.page = scene.lpaged.pages(n) - 1
    scene._layout()
    press(scene, ("add", n - 1))
    press(scene, ("tab", "tapping"))
    press(scene, ("add", 2))                 # tapping/03_both_slow
    user_ref = level_ref(mine / "my_line.toml")
    assert Path(user_ref).is_absolute()
    assert db.plan(ada.id) == [("tracing", "tracing/05_hills.toml"), ("catching", "catching/01_apple_rain.toml"),
                               ("tracing", user_ref), ("tapping", "tapping/03_both_slow.toml")]
    press(scene, ("up", 2))
    press(scene, ("down", 0))
    press(scene, ("remove", 3))
    assert db.plan(ada.id) == [("tracing", user_ref), ("tracing", "tracing/05_hills.toml"),
                               ("catching", "catching/01_apple_rain.toml")]
    assert "sees these 3 levels first" in scene.message
    assert not next(b for b in scene.buttons.items if b.key == ("up", 0)).enabled
    press(scene, "clear")
    assert db.plan(ada.id) == []


# --- adaptive -----------------------------------------------------------------------------------

def test_adaptive_settings_are_saved_per_game_within_bounds(ctx):
    from game.scenes.therapist_child import AdaptiveScene
    from game.staircase import DEFAULTS

    db = ctx.db
    ada = db.add_child("Ada", "fox")
    scene = AdaptiveScene(ctx, ada, "tracing")
    scene.enter(0.0)
    assert db.adaptive(ada.id, "tracing") is None          # nothing saved until a change
    press(scene, ("enabled", True))
    press(scene, ("rule", "3down1up"))
    press(scene, ("step", "step", 1))
    press(scene, ("step", "min_value", 1))
    press(scene, ("step", "max_value", -1))
    row = db.adaptive(ada.id, "tracing")
    g = DEFAULTS["tracing"]
    assert (row.enabled, row.rule, row.field, row.step, row.min_value, row.max_value) == \
        (True, "3down1up", g.field, g.step + 1, g.min_value + 5, g.max_value - 5)
    # the lowest value cannot pass the highest: refused with words, nothing changes
    for _ in range(20):
        press(scene, ("step", "min_value", 1))
    assert "must be below the highest" in scene.message and not scene.good
    assert db.adaptive(ada.id, "tracing").min_value < db.adaptive(ada.id, "tracing").max_value
    press(scene, ("tab", "tapping"))
    assert db.adaptive(ada.id, "tapping") is None
    press(scene, ("enabled", True))
    t = DEFAULTS["tapping"]
    tap = db.adaptive(ada.id, "tapping")
    assert (tap.enabled, tap.rule, tap.step, tap.min_value, tap.max_value) == \
        (True, "2down1up", t.step, t.min_value, t.max_value)
    press(scene, ("enabled", False))
    assert db.adaptive(ada.id, "tapping").enabled is False
    assert db.adaptive(ada.id, "tracing").enabled is True


# --- settings -----------------------------------------------------------------------------------

def test_settings_text_is_validated_and_reads_back(tmp_path: Path):
    from game.settings import Settings, load_settings, save_settings, settings_text

    values = {"audio_latency_ms": 40.0, "sound": False, "tap_left_key": "a", "tap_right_key": "l"}
    text = settings_text(values)
    assert tomllib.loads(text) == values
    path = save_settings(tmp_path, values)
    assert path == tmp_path / "settings.toml" and load_settings(tmp_path) == Settings(**values)
    with pytest.raises(UserError, match="audio_latency_ms: .*allowed: audio output latency"):
        settings_text(dict(values, audio_latency_ms=900.0))
    with pytest.raises(UserError, match="volume"):
        settings_text(dict(values, volume=3))


def test_settings_screen_writes_settings_toml_and_updates_the_running_app(ctx):
    from game.scenes.therapist_settings import SettingsScene
    from game.settings import Settings, load_settings

    folder = ctx.db.path.parent
    scene = SettingsScene(ctx)
    press(scene, ("lat", 10))
    press(scene, ("lat", 10))
    press(scene, ("lat", -1))
    press(scene, ("sound", False))
    assert ctx.settings == Settings(audio_latency_ms=19.0, sound=False)
    assert load_settings(folder) == ctx.settings
    assert tomllib.loads((folder / "settings.toml").read_text())["audio_latency_ms"] == 19.0
    press(scene, ("key", "tap_left_key"))
    assert scene.capturing == "tap_left_key"
    type_text(scene, "A")
    assert ctx.settings.tap_left_key == "a" and load_settings(folder).tap_left_key == "a"
    press(scene, ("key", "tap_right_key"))
    type_text(scene, "a")                                 # the same key for both drums: refused
    assert "must differ" in scene.message and load_settings(folder).tap_right_key == "j"
    for _ in range(3):
        press(scene, ("lat", -10))
    assert load_settings(folder).audio_latency_ms == 0.0   # never below 0


# --- the hub's doors to the other screens ---------------------------------------------------------

def test_each_tile_of_the_childs_panel_opens_its_screen_for_the_chosen_game(ctx, tmp_path: Path):
    from game.scenes.editor_levels import EditorLevelsScene
    from game.scenes.progress import ProgressScene
    from game.scenes.sessions import SessionsScene
    from game.scenes.therapist import TherapistScene
    from game.scenes.therapist_child import AdaptiveScene, NotesScene, PlanScene
    from game.scenes.therapist_settings import SettingsScene

    ada = ctx.db.add_child("Ada", "fox")
    hub = TherapistScene(ctx)
    hub.enter(0.0)
    press(hub, ("tab", "catching"))
    opened = {key: press(hub, key) for key in ("progress", "sessions", "notes", "plan", "adaptive", "editor",
                                                "settings")}
    assert {k: type(v.scene) for k, v in opened.items()} == {
        "progress": ProgressScene, "sessions": SessionsScene, "notes": NotesScene, "plan": PlanScene,
        "adaptive": AdaptiveScene, "editor": EditorLevelsScene, "settings": SettingsScene}
    assert opened["progress"].scene.game == "catching" and opened["adaptive"].scene.game == "catching"
    assert opened["progress"].scene.child == ada
    assert isinstance(press(hub, "back"), Pop)


def test_the_report_button_writes_the_report_in_the_data_folder_and_says_where(ctx, tmp_path: Path):
    from datetime import date

    from game.scenes.therapist import TherapistScene, report_path

    assert report_path(Path("/d"), "Ada Lovelace/..", date(2025, 3, 7)) == Path("/d/reports/Ada_Lovelace-2025-03-07.html")
    assert report_path(Path("/d"), "Zoë", date(2025, 3, 7), ".pdf") == Path("/d/reports/Zoë-2025-03-07.pdf")
    ada = ctx.db.add_child("Ada", "fox")
    play_line(ctx.db, ada, tmp_path)
    hub = TherapistScene(ctx)
    hub.enter(0.0)
    press(hub, "report_html")
    out = report_path(ctx.db.path.parent, "Ada", date.today())
    assert hub.message == f"Report saved: {out}" and hub.message_good
    assert out.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
