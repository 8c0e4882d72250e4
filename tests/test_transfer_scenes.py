"""The therapist area's Send home and Bring in: choosing the place, the passphrase, the answer line."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from game.folders import Place, child_file_name, list_folder, removable_media, typed_folder
from game.records.archive import is_sealed
from game.records.db import Database
from game.records.transfer import send
from game.scenes.base import Pop, Push
from game.scenes.therapist_ui import TextEntryScene
from game.scenes.transfer import BringScene, ChoiceScene, SendScene, TransferDone
from tests.test_therapist import press, type_text
from tests.transfer_builders import add_attempt

DAY = date(2026, 12, 2)


def test_removable_media_are_found_where_each_system_mounts_them(tmp_path: Path):
    for p in ("media/sam/STICK", "media/CARD", "run/media/sam/KEY", "Volumes/USB"):
        (tmp_path / p).mkdir(parents=True)
    found = removable_media(tmp_path / "media", tmp_path / "run" / "media", tmp_path / "Volumes", user="sam")
    assert [(p.label, p.path.relative_to(tmp_path).as_posix()) for p in found] == [
        ("CARD (removable)", "media/CARD"), ("STICK (removable)", "media/sam/STICK"),
        ("KEY (removable)", "run/media/sam/KEY"), ("USB (removable)", "Volumes/USB")]
    assert removable_media(tmp_path / "none", tmp_path / "none", tmp_path / "none") == []


def test_a_folder_lists_its_folders_and_child_files_only(tmp_path: Path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "A.motorplay").write_bytes(b"x")
    (tmp_path / "notes.txt").write_text("x")
    got = list_folder(tmp_path)
    assert [p.name for p in got.folders] == ["b"] and [p.name for p in got.files] == ["A.motorplay"]
    assert "not there" in list_folder(tmp_path / "gone").problem
    assert child_file_name("Ada Lovelace", DAY) == "Ada_Lovelace-2026-12-02.motorplay"
    assert typed_folder(f"  {tmp_path}  ") == tmp_path
    for bad in ("", "relative/path", str(tmp_path / "A.motorplay")):
        with pytest.raises(ValueError):
            typed_folder(bad)


@pytest.fixture
def stick(tmp_path: Path) -> Path:
    s = tmp_path / "stick"
    s.mkdir()
    return s


def test_send_home_saves_the_file_in_the_chosen_folder_and_says_so(ctx, stick: Path):
    ada = ctx.db.add_child("Ada", "fox")
    add_attempt(ctx.db, ada, 0)
    scene = SendScene(ctx, ada, places=[Place("STICK (removable)", stick)], today=DAY)
    scene.enter(0)
    assert scene.folder == stick
    done = press(scene, "save")
    assert isinstance(done, Pop) and isinstance(done.result, TransferDone)
    out = stick / "Ada-2026-12-02.motorplay"
    assert out.is_file() and not is_sealed(out)
    assert done.result.message == f"Sent home: Ada: 1 attempt, 1 session, 0 notes and 0 own levels written to {out}."


def test_send_home_with_a_passphrase_asks_for_one_good_enough(ctx, stick: Path):
    ada = ctx.db.add_child("Ada", "fox")
    scene = SendScene(ctx, ada, places=[Place("STICK", stick)], today=DAY)
    scene.enter(0)
    press(scene, ("protect", True))
    ask = press(scene, "save")
    assert isinstance(ask, Push) and isinstance(ask.scene, TextEntryScene)
    entry = ask.scene
    type_text(entry, "short")
    assert press(entry, "save") is None and "at least 8 characters" in entry.message
    press(entry, "clear")
    type_text(entry, "correct horse battery")
    got = press(entry, "save")
    done = scene.resume(got.result, 1.0)
    assert isinstance(done.result, TransferDone) and done.result.message.endswith("protected by the passphrase.")
    assert is_sealed(stick / "Ada-2026-12-02.motorplay")


def _clinic_file(tmp_path: Path, stick: Path, passphrase: str | None = None, name: str = "Ada") -> Path:
    clinic = Database.open(tmp_path / "clinic")
    try:
        child = clinic.add_child(name, "fox")
        add_attempt(clinic, child, 0)
        add_attempt(clinic, child, 90)
        out = stick / f"{name}.motorplay"
        send(clinic, child, out, passphrase)
    finally:
        clinic.close()
    return out


def test_bring_in_merges_the_chosen_file_and_the_hub_shows_the_line(ctx, tmp_path: Path, stick: Path):
    from game.scenes.therapist import TherapistScene

    _clinic_file(tmp_path, stick)
    hub = TherapistScene(ctx)
    hub.enter(0)
    assert hub.child is None
    scene = BringScene(ctx, None, places=[Place("STICK", stick)])
    scene.enter(0)
    assert [p.name for p in scene.entries] == ["Ada.motorplay"]
    done = press(scene, ("entry", 0))
    assert isinstance(done.result, TransferDone)
    assert done.result.message == "Brought in Ada (new here): 2 new attempts, 0 already here; 2 new sessions, 0 already here."
    hub.resume(done.result, 1.0)
    assert hub.child.name == "Ada" and hub.message == done.result.message
    assert press(hub, "send").scene.__class__ is SendScene and press(hub, "bring").scene.__class__ is BringScene


def test_a_protected_file_asks_for_its_passphrase_and_a_wrong_one_is_said_plainly(ctx, tmp_path: Path, stick: Path):
    _clinic_file(tmp_path, stick, "correct horse battery")
    scene = BringScene(ctx, None, places=[Place("STICK", stick)])
    scene.enter(0)
    ask = press(scene, ("entry", 0))
    assert isinstance(ask.scene, TextEntryScene) and ask.scene.secret
    assert scene.resume("incorrect horse", 1.0) is None
    assert "wrong passphrase" in scene.message and ctx.db.children() == []
    ask = press(scene, ("entry", 0))
    done = scene.resume("correct horse battery", 1.0)
    assert isinstance(done.result, TransferDone) and [c.name for c in ctx.db.children()] == ["Ada"]


def test_a_different_child_of_the_same_name_is_asked_about(ctx, tmp_path: Path, stick: Path):
    ctx.db.add_child("Ada", "cat")
    _clinic_file(tmp_path, stick)
    scene = BringScene(ctx, None, places=[Place("STICK", stick)])
    scene.enter(0)
    ask = press(scene, ("entry", 0))
    assert isinstance(ask.scene, ChoiceScene)
    assert press(ask.scene, "back") == Pop(None)
    assert scene.resume(None, 1.0) is None and len(list(ctx.db.attempts())) == 0
    ask = press(scene, ("entry", 0))
    name = scene.resume(press(ask.scene, "rename").result, 1.0)
    assert isinstance(name.scene, TextEntryScene)
    type_text(name.scene, "Ada")
    assert press(name.scene, "save") is None and "already a child called Ada" in name.scene.message
    press(name.scene, "clear")
    type_text(name.scene, "Ada C")
    done = scene.resume(press(name.scene, "save").result, 1.0)
    assert isinstance(done.result, TransferDone)
    assert sorted(c.name for c in ctx.db.children()) == ["Ada", "Ada C"]
    ask = press(scene, ("entry", 0))        # again, now merged into the one already brought in: no question
    assert isinstance(ask.result, TransferDone) and "0 new attempts, 2 already here" in ask.result.message
