"""Child files that are damaged, changed or hostile are refused in one line and change nothing.

Crafted cases (paths out of the archive, zip bombs, huge and too many members, wrong versions, bad
JSON, checksums that do not match, records that point nowhere, costly or changed sealed files), then
fuzzing: hypothesis mutates the bytes of a valid child file (plain and sealed) and every import must
either succeed or be refused with one line, leaving the records and the own level files as they were,
within a time and memory budget (tests/test_fuzz_hostile.py's guard).
"""
from __future__ import annotations

import hashlib
import json
import struct
import zipfile
from pathlib import Path
from typing import Callable

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from game.errors import UserError
from game.records import archive as A
from game.records.archive import open_archive, seal
from game.records.db import Database
from game.records.transfer import bring_in, send
from tests.builders import run_cli
from tests.test_fuzz_hostile import Hung, guarded
from tests.transfer_builders import add_attempt, files_under, own_level, table_dump, write_own_level


@pytest.fixture(scope="module")
def valid(tmp_path_factory) -> Path:
    """A child file with something of everything: attempts, a note, a plan naming an own level, adaptive."""
    from game.records import adaptive

    tmp = tmp_path_factory.mktemp("valid")
    db = Database.open(tmp / "clinic")
    try:
        ada = db.add_child("Ada", "fox")
        add_attempt(db, ada, 0)
        add_attempt(db, ada, 3, stars=1)
        db.add_note(ada.id, "steady", session_id=db.sessions(ada.id)[0].id)
        level = write_own_level(db.path.parent, "easy_road.toml", own_level("Easy road", 40))
        db.set_plan(ada.id, [("tracing", str(level.resolve())), ("tracing", "tracing/01_go_right.toml")])
        adaptive.configure(db, ada.id, "tracing", enabled=True)
        db.record_adaptive_change(ada.id, "tracing", None, "tolerance", 30, 27, "a test step")
        out = tmp / "ada.motorplay"
        send(db, ada, out)
    finally:
        db.close()
    return out


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def rebuild(path: Path, out: Path, change: Callable[[dict[str, bytes]], None], *, manifest: bool = True,
            manifest_change: Callable[[dict], None] | None = None) -> Path:
    """A copy of a child file with members changed; the manifest made to match unless `manifest=False`."""
    parts = members(path)
    old = json.loads(parts.pop(A.MANIFEST))
    change(parts)
    if manifest:
        old["members"] = [{"name": n, "bytes": len(b), "sha256": hashlib.sha256(b).hexdigest()} for n, b in parts.items()]
    if manifest_change is not None:
        manifest_change(old)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for n, b in parts.items():
            z.writestr(n, b)
        z.writestr(A.MANIFEST, json.dumps(old))
    return out


@pytest.fixture
def home(tmp_path: Path):
    db = Database.open(tmp_path / "home")
    add_attempt(db, db.add_child("Bo", "cat"), 0)
    write_own_level(db.path.parent, "mine.toml", own_level("Mine", 33))
    yield db
    db.close()


def refused(db: Database, path: Path, passphrase: str | None = None, **kw) -> str:
    """Import `path`; it must be refused with one line, and nothing may change."""
    before, files = table_dump(db), files_under(db.path.parent)
    with pytest.raises(UserError) as info:
        with guarded():
            with open_archive(path, (lambda: passphrase) if passphrase else None) as archive:
                bring_in(db, archive, **kw)
    message = str(info.value)
    assert "\n" not in message and message, message
    assert table_dump(db) == before
    assert files_under(db.path.parent) == files
    return message


def _lines(parts: dict[str, bytes], name: str, edit: Callable[[list[dict]], None]) -> None:
    rows = [json.loads(line) for line in parts[name].splitlines()]
    edit(rows)
    parts[name] = b"".join(json.dumps(r).encode() + b"\n" for r in rows)


CASES = {
    "path with ..": (lambda p: p.__setitem__("levels/../../evil.toml", b"x"), "a path outside the archive"),
    "absolute path": (lambda p: p.__setitem__("/tmp/evil.toml", b"x"), "a path outside the archive"),
    "backslash path": (lambda p: p.__setitem__("levels\\tracing\\x.toml", b"x"), "a path outside the archive"),
    "unknown member": (lambda p: p.__setitem__("run_me.sh", b"x"), "a member a child file does not have"),
    "level of another game": (lambda p: p.__setitem__("levels/catching/x.toml", own_level("X").encode()),
                              "not a level this MotorPlay can play"),
    "level that is not a level": (lambda p: p.__setitem__("levels/tracing/x.toml", b"not [ toml"),
                                  "not a level this MotorPlay can play"),
    "huge level": (lambda p: p.__setitem__("levels/tracing/big.toml", b"#" * 300_000), "unpacks to 300,000 bytes"),
    "missing member": (lambda p: p.pop("notes.jsonl"), "notes.jsonl missing"),
    "bad JSON line": (lambda p: p.__setitem__("notes.jsonl", p["notes.jsonl"] + b'{"uid": \n'), "not valid JSON"),
    "not an object": (lambda p: p.__setitem__("sessions.jsonl", b"[1, 2]\n"), "must be a JSON object"),
    "deep nesting": (lambda p: p.__setitem__("notes.jsonl", b"[" * 100_000 + b"]" * 100_000 + b"\n"),
                     "nested too deeply"),
    "a number of a million digits": (lambda p: p.__setitem__("notes.jsonl", b'{"uid": ' + b"9" * 1_000_000 + b"}\n"),
                                     "not valid JSON"),
    "stars out of range": (lambda p: _lines(p, "attempts.jsonl", lambda rs: rs[1].update(stars=9)), "stars must be"),
    "unknown game": (lambda p: _lines(p, "attempts.jsonl", lambda rs: rs[1].update(game="darts")), "not a game"),
    "a session that is nowhere": (lambda p: _lines(p, "attempts.jsonl", lambda rs: rs[1].update(
        session="00000000-0000-4000-8000-000000000000")), "neither in the file nor here"),
    "an attempt twice": (lambda p: _lines(p, "attempts.jsonl", lambda rs: rs.append(rs[0])), "in the file twice"),
    "a plan naming a level not sent": (lambda p: [p.pop(n) for n in list(p) if n.startswith("levels/")],
                                       "names an own level that is neither in the file nor here"),
    "adaptive bounds upside down": (lambda p: _lines(p, "settings.jsonl", lambda rs: [
        r["value"].update(min_value=70.0, max_value=20.0) for r in rs if r["kind"] == "adaptive"]), "must be below"),
    "a setting of a newer MotorPlay": (lambda p: _lines(p, "settings.jsonl", lambda rs: rs.append(
        dict(rs[0], kind="telepathy"))), "not a setting this MotorPlay knows"),
    "a shipped level outside the shipped folder": (lambda p: _lines(p, "settings.jsonl", lambda rs: [
        r["value"].append({"game": "tracing", "shipped": "../../../etc/x.toml"}) for r in rs if r["kind"] == "plan"]),
        "must stay inside the shipped levels folder"),
    "an id that is not an id": (lambda p: _lines(p, "notes.jsonl", lambda rs: rs[0].update(uid="'; DROP TABLE x")),
                                "must be an id"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_hostile_or_broken_member_is_refused_and_nothing_changes(valid: Path, home: Database, tmp_path: Path, case):
    change, words = CASES[case]
    bad = rebuild(valid, tmp_path / "bad.motorplay", change)
    assert words in refused(home, bad)


def test_a_checksum_that_does_not_match_is_refused(valid: Path, home: Database, tmp_path: Path):
    def change(p: dict[str, bytes]) -> None:
        p["attempts.jsonl"] = p["attempts.jsonl"].replace(b'"stars":3', b'"stars":2', 1)

    bad = rebuild(valid, tmp_path / "bad.motorplay", change, manifest=False)   # same size, other bytes
    assert "checksum does not match" in refused(home, bad)


@pytest.mark.parametrize("change, words", [
    (lambda m: m.update(format_version=2), "made by a newer MotorPlay (child file format 2"),
    (lambda m: m.update(format_version="1"), "format_version must be a whole number"),
    (lambda m: m.update(format="something-else"), "not a MotorPlay child file"),
    (lambda m: m["members"].append(dict(m["members"][0])), "twice"),
    (lambda m: m["members"].pop(), "the members listed and the members in the archive differ"),
    (lambda m: m["members"][0].update(bytes=1), "in the manifest"),
    (lambda m: m.update(child="00000000-0000-4000-8000-000000000000"), "names another child"),
])
def test_a_wrong_manifest_is_refused(valid: Path, home: Database, tmp_path: Path, change, words):
    bad = rebuild(valid, tmp_path / "bad.motorplay", lambda p: None, manifest_change=change)
    assert words in refused(home, bad)


def test_too_many_members_are_refused_before_anything_is_read(valid: Path, home: Database, tmp_path: Path):
    def change(p: dict[str, bytes]) -> None:
        for k in range(A.MAX_MEMBERS):
            p[f"levels/tracing/l{k}.toml"] = b""

    assert "members, more than a child file has" in refused(home, rebuild(valid, tmp_path / "many.motorplay", change))


def test_a_zip_bomb_is_refused_by_its_declared_size(valid: Path, home: Database, tmp_path: Path, monkeypatch):
    monkeypatch.setattr(A, "MAX_TOTAL_BYTES", 50_000_000)   # the real limit is 4 GB; the same check, smaller
    bomb = rebuild(valid, tmp_path / "bomb.motorplay",
                   lambda p: p.__setitem__("notes.jsonl", b" " * 60_000_000))
    assert bomb.stat().st_size < 200_000
    assert "more than" in refused(home, bomb)


def test_a_member_that_unpacks_to_more_than_it_says_is_refused(valid: Path, home: Database, tmp_path: Path):
    """A bomb that lies: central directory and local header say 100 bytes, the data inflates to 20 MB.
    Unpacking stops at the declared size, so memory stays small, and the check fails."""
    lie = 100
    big = b" " * 20_000_000

    def change(p: dict[str, bytes]) -> None:
        p["notes.jsonl"] = big

    path = rebuild(valid, tmp_path / "liar.motorplay", change,
                   manifest_change=lambda m: [e.update(bytes=lie) for e in m["members"] if e["name"] == "notes.jsonl"])
    data = bytearray(path.read_bytes())
    name = b"notes.jsonl"
    for sig, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = 0
        while True:
            at = data.find(sig, at)
            if at < 0:
                break
            name_at = at + (30 if sig == b"PK\x03\x04" else 46)
            if data[name_at:name_at + len(name)] == name:
                struct.pack_into("<I", data, at + offset, lie)
            at += 4
    path.write_bytes(bytes(data))
    message = refused(home, path)
    assert "damaged" in message or "checksum" in message


def test_a_file_cut_short_is_refused(valid: Path, home: Database, tmp_path: Path):
    for keep in (0, 10, len(valid.read_bytes()) // 2, len(valid.read_bytes()) - 30):
        cut = tmp_path / f"cut{keep}.motorplay"
        cut.write_bytes(valid.read_bytes()[:keep])
        assert "nothing was imported" in refused(home, cut) or "not a zip archive" in refused(home, cut)


def test_a_sealed_file_asking_for_costly_scrypt_is_refused_at_once(valid: Path, home: Database, tmp_path: Path):
    sealed = tmp_path / "sealed.motorplay"
    seal(valid, sealed, "a good passphrase")
    data = sealed.read_bytes()
    size = struct.unpack(">I", data[8:12])[0]
    header = json.loads(data[12:12 + size])
    header["n"] = 1 << 30
    body = json.dumps(header, sort_keys=True).encode()
    costly = tmp_path / "costly.motorplay"
    costly.write_bytes(data[:8] + struct.pack(">I", len(body)) + body + data[12 + size:])
    assert "settings this MotorPlay refuses" in refused(home, costly, "a good passphrase")


def test_a_refused_file_from_the_command_line_is_one_line_exit_2(valid: Path, tmp_path: Path):
    bad = rebuild(valid, tmp_path / "bad.motorplay", CASES["path with .."][0])
    res = run_cli("transfer", "in", str(bad), data_dir=tmp_path / "data")
    assert res.returncode == 2 and res.stderr.count("\n") == 1 and "outside the archive" in res.stderr
    assert "Traceback" not in res.stderr


# ------------------------------------------------------------------------------------------ fuzzing

PHASES = [Phase.explicit, Phase.reuse, Phase.generate]


def _mutate(data: bytes, edits: list[tuple[str, int, int]]) -> bytes:
    out = bytearray(data)
    for kind, at, value in edits:
        if not out:
            break
        i = at % len(out)
        if kind == "flip":
            out[i] ^= 1 << (value % 8)
        elif kind == "set":
            out[i] = value % 256
        elif kind == "cut":
            del out[i:]
        elif kind == "insert":
            out[i:i] = bytes([value % 256]) * (1 + value % 7)
        elif kind == "copy":
            j = value % len(out)
            out[i:i] = out[j:j + 64]
    return bytes(out)


EDITS = st.lists(st.tuples(st.sampled_from(["flip", "set", "cut", "insert", "copy"]), st.integers(0, 1 << 20),
                           st.integers(0, 1 << 16)), min_size=1, max_size=4)


def _one(tmp: Path, data: bytes, passphrase: str | None) -> list[str]:
    """Bring the bytes in as a child file on fresh records: either brought in, or refused in one line with
    nothing changed; never a crash, hang or memory blow-up. The names of the children there after."""
    db = Database.open(tmp / "home")
    try:
        if passphrase is None:
            add_attempt(db, db.add_child("Bo", "cat"), 0)
        path = tmp / "m.motorplay"
        path.write_bytes(data)
        before, files = table_dump(db), files_under(db.path.parent)
        try:
            with guarded(budget_s=20):
                with open_archive(path, (lambda: passphrase) if passphrase else None) as archive:
                    bring_in(db, archive)
        except UserError as exc:
            assert "\n" not in str(exc) and str(exc)
            assert table_dump(db) == before
            assert files_under(db.path.parent) == files
        except Hung:
            pytest.fail(f"over the time budget: {path}")
        return [c.name for c in db.children()]
    finally:
        db.close()


@settings(max_examples=150, deadline=None, phases=PHASES,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(edits=EDITS)
def test_fuzz_mutated_plain_child_files(valid: Path, tmp_path_factory, edits):
    _one(tmp_path_factory.mktemp("fuzz"), _mutate(valid.read_bytes(), edits), None)


@pytest.fixture(scope="module")
def sealed(valid: Path, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("sealed") / "sealed.motorplay"
    seal(valid, out, "a good passphrase")
    return out


@settings(max_examples=40, deadline=None, phases=PHASES,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(edits=EDITS)
def test_fuzz_mutated_sealed_child_files_never_get_in(sealed: Path, tmp_path_factory, edits):
    data = _mutate(sealed.read_bytes(), edits)
    names = _one(tmp_path_factory.mktemp("fuzz-sealed"), data, "a good passphrase")
    assert names == ([] if data != sealed.read_bytes() else ["Ada"])    # any changed byte keeps it out
