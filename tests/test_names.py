"""Children's names: the widest 24-character names fit every screen that shows them (cut with an
ellipsis, never under a button); longer names are refused where they are typed and on the command
line; characters the font cannot draw are refused at typing and drawn as a placeholder otherwise."""
from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import sys
from pathlib import Path

import pygame
import pytest

from game.errors import UserError
from game.records.db import NAME_MAX, Database
from game.ui import theme, widgets
from tests.builders import (
    LINE_LEVEL,
    line_points,
    polyline_events,
    run_cli,
    write_level,
)

WIDE = ("WWWWWWWWWWWWWWWWWWWWWWWW", "Maximilian-Alexander Joh")


@pytest.fixture
def world(data_dir: Path, tmp_path: Path):
    """Two children with the widest names, one attempt each, and the app's context on their records."""
    from game.app import init_pygame, make_context
    from game.headless import play_headless
    from game.levels.loader import load_level

    db = Database.open(data_dir)
    loaded = load_level(write_level(tmp_path / "line.toml", LINE_LEVEL))
    for name in WIDE:
        child = db.add_child(name, "cat")
        play_headless(db, child, loaded, polyline_events(line_points(200, 360, 1080, 360, 80)))
    init_pygame(headless=True)
    ctx = make_context(db, headless=True)
    yield ctx
    db.close()
    pygame.quit()


def _drawn_text(scene) -> list[tuple[str, pygame.Rect]]:
    """Every line of text the scene draws (through the shared draw_text), with where it landed."""
    seen: list[tuple[str, pygame.Rect]] = []
    original = widgets.draw_text

    def spy(surface, text, fonts, size, *args, **kw):
        rect = original(surface, text, fonts, size, *args, **kw)
        seen.append((widgets.drawable(text, fonts.get(size, kw.get("bold", False))), rect))
        return rect

    patched = [m for name, m in list(sys.modules.items())
               if name.startswith("game.") and getattr(m, "draw_text", None) is original]
    for m in patched:
        m.draw_text = spy
    try:
        scene.draw(pygame.Surface(theme.CANVAS_SIZE))
    finally:
        for m in patched:
            m.draw_text = original
    return seen


def _check_fits(scene, name: str) -> int:
    """The name shows (whole, or cut with an ellipsis), on the canvas, over no button it is not drawn on."""
    texts = _drawn_text(scene)
    shown = [(t, r) for t, r in texts if name[:4] in t]
    assert shown, f"{type(scene).__name__} does not show {name}"
    canvas = pygame.Rect((0, 0), theme.CANVAS_SIZE)
    for text, rect in shown:
        assert name in text or widgets.ELLIPSIS in text, (type(scene).__name__, text)
    for text, rect in shown + [(t, r) for t, r in texts if t == "archived"]:
        assert canvas.contains(rect), (type(scene).__name__, text, rect)
        for b in scene.buttons.items:
            if rect.colliderect(b.rect):
                assert b.rect.contains(rect), (type(scene).__name__, text, rect, b.key, b.rect)
    return len(shown)


def _screens(ctx, child):
    from game.scenes import therapist_child as tc
    from game.scenes.children import ChildrenScene
    from game.scenes.game_picker import GamesScene
    from game.scenes.new_child import NewChildScene
    from game.scenes.progress import ProgressScene
    from game.scenes.replay import NoAttemptScene, ReplayScene
    from game.scenes.sessions import SessionAttemptsScene, SessionsScene
    from game.scenes.therapist import TherapistScene
    from game.scenes.transfer import SendScene

    hub = TherapistScene(ctx, selected=child.id)
    hub.enter(0.0)
    session = ctx.db.sessions(child.id)[0]
    attempt = next(iter(ctx.db.attempts(child.name, with_events=False))).id
    return [ChildrenScene(ctx), NewChildScene(ctx, name=child.name), GamesScene(ctx, child), hub,
            hub._rename(child).scene, SessionsScene(ctx, child), SessionAttemptsScene(ctx, child, session),
            ReplayScene(ctx, attempt), NoAttemptScene(ctx, child, "catching"), ProgressScene(ctx, child, "tracing"),
            ProgressScene(ctx, child, "catching"), tc.NotesScene(ctx, child), tc.NoteTargetScene(ctx, child),
            tc.PlanScene(ctx, child), tc.AdaptiveScene(ctx, child, "tracing"), SendScene(ctx, child)]


@pytest.mark.parametrize("name", WIDE)
def test_the_widest_names_fit_every_screen_that_shows_them(world, name: str):
    child = world.db.find_child(name)
    for scene in _screens(world, child):
        scene.enter(0.0)
        scene.update(0.1, 0.1)
        _check_fits(scene, name)


def test_an_archived_childs_name_and_tag_end_before_the_rename_button(world):
    from game.scenes.therapist import TherapistScene

    child = world.db.find_child(WIDE[0])
    world.db.set_archived(child.id, True)
    hub = TherapistScene(world, selected=child.id)
    hub.enter(0.0)
    assert _check_fits(hub, WIDE[0]) >= 3          # list row, panel title, "Report for ..."


def test_an_older_longer_name_still_opens_and_fits(world):
    from game.scenes.game_picker import GamesScene
    from game.scenes.therapist import TherapistScene

    long = "Bartholomew-Christopherson Wolfgang"       # 35 characters, allowed before the limit was 24
    world.db.conn.execute("INSERT INTO children(name, avatar, created_at) VALUES (?, 'owl', '2024-01-01')", (long,))
    child = world.db.find_child(long)
    assert child is not None and child.name == long
    for scene in (GamesScene(world, child), TherapistScene(world, selected=child.id)):
        scene.enter(0.0)
        _check_fits(scene, long)


def test_names_longer_than_24_characters_are_refused_by_the_records_and_the_command_line(world, data_dir: Path):
    assert NAME_MAX == 24
    db = world.db
    assert db.add_child("A" * 24, "fox").name == "A" * 24
    with pytest.raises(UserError, match="at most 24 characters"):
        db.add_child("B" * 25, "fox")
    with pytest.raises(UserError, match="at most 24 characters"):
        db.rename_child(db.find_child(WIDE[1]).id, "C" * 25)
    with pytest.raises(UserError, match="control characters"):
        db.add_child("Sam\x07", "fox")
    level = write_level(data_dir.parent / "cli.toml")
    (data_dir.parent / "x.jsonl").write_text("")
    res = run_cli("play", str(level), "--child", "D" * 25, "--headless", "--events", str(data_dir.parent / "x.jsonl"),
                  data_dir=data_dir)
    assert res.returncode == 2 and "Traceback" not in res.stderr
    assert res.stderr.strip().count("\n") == 0 and "at most 24 characters (got 25)" in res.stderr


def _type(scene, text: str) -> None:
    from game.input import InputEvent

    scene.handle(InputEvent(0.0, "text", device="keyboard", text=text), 0.0)


def test_typing_stops_at_24_characters_and_refuses_characters_the_font_cannot_draw(world):
    from game.scenes.new_child import NewChildScene
    from game.scenes.therapist import TherapistScene

    new = NewChildScene(world)
    _type(new, "Zoë ")
    _type(new, "\U0001f600")                      # an emoji: refused, with a friendly word
    assert new.name == "Zoë " and new.message == widgets.CANNOT_TYPE
    _type(new, "中")                               # a script Andika has no letters for: refused too
    assert new.name == "Zoë "
    _type(new, "W" * 30)
    assert new.name == "Zoë " + "W" * 20 and len(new.name) == NAME_MAX and new.message == ""
    assert _check_fits(new, new.name) == 1
    new.name = "W" * NAME_MAX                     # the widest name is shown whole while it is typed
    assert any(t.rstrip("| ") == new.name for t, _ in _drawn_text(new))
    hub = TherapistScene(world, selected=world.db.find_child(WIDE[1]).id)
    hub.enter(0.0)
    rename = hub._rename(hub.child).scene
    assert rename.max_len == NAME_MAX
    _type(rename, "\u2764\ufe0f")
    assert rename.text == WIDE[1] and rename.message == widgets.CANNOT_TYPE


def test_a_name_the_font_cannot_draw_is_drawn_with_placeholders_not_a_crash(world):
    from game.scenes.children import ChildrenScene
    from game.scenes.game_picker import GamesScene
    from game.scenes.therapist import TherapistScene

    odd = "Mia \U0001f984\U0001f308 中"             # from the command line or an old records file
    child = world.db.add_child(odd, "fox")
    font = world.fonts.get(30, True)
    assert widgets.missing_glyphs(odd, font) == ["\U0001f984", "\U0001f308", "中"]
    assert widgets.drawable(odd, font) == "Mia ?? ?"
    assert widgets.missing_glyphs("Zoë Ångström-Łukasz", font) == []
    for scene in (ChildrenScene(world), GamesScene(world, child), TherapistScene(world, selected=child.id)):
        scene.enter(0.0)
        texts = [t for t, _ in _drawn_text(scene)]
        assert any("Mia ??" in t for t in texts), texts


def test_fit_helpers_cut_with_an_ellipsis_within_the_width(world):
    font = world.fonts.get(40, True)
    for width in (0, 40, 200, 900):
        cut = widgets.fit(WIDE[0], font, width)
        assert font.size(cut)[0] <= max(width, font.size(widgets.ELLIPSIS)[0])
        assert cut == WIDE[0] or cut.endswith(widgets.ELLIPSIS)
    line = widgets.fit_between("Hi ", WIDE[0], "! What shall we play?", font, 700)
    assert line.startswith("Hi W") and line.endswith("…! What shall we play?") and font.size(line)[0] <= 700
    tail = widgets.fit_tail(WIDE[1], font, 200)
    assert tail.startswith(widgets.ELLIPSIS) and tail.endswith("Joh") and font.size(tail)[0] <= 200


def test_the_pdf_report_title_keeps_a_24_character_name_whole_inside_its_band():
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    from game.reports.pdf import A4, MARGIN, title_line

    room = (A4[0] - 2 * MARGIN - 1.25 - 0.15) * 72
    for name in (*WIDE, "Sam $x^2$"):
        text, size, _below = title_line(name, room)
        assert text.startswith(name.replace("$", r"\$")) and size >= 12
        width = TextToPath().get_text_width_height_descent(text, FontProperties(size=size, weight="bold"), False)[0]
        assert width <= room
    assert title_line("Sam", room) == ("Sam — progress report", 19, "")
