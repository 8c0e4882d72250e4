"""The child file (.motorplay): one child's records as a zip anyone can open, optionally sealed with a
passphrase. This module knows the container only (members, manifest, checksums, limits, sealing);
game/records/transfer.py knows what the records in it mean.

A plain child file is a zip archive:

    manifest.json             format, version, who made it, and every member's size and SHA-256
    child.json                the child: ids, name, animal
    computers.json            the computers the records were made on: id -> name
    sessions.jsonl            one JSON object a line (JSON Lines), and the same for
    attempts.jsonl            attempts (with their events, level text and metrics),
    notes.jsonl               notes,
    adaptive_changes.jsonl    every step adaptive mode took,
    settings.jsonl            the plan, adaptive settings and staircase as they are now,
    history.jsonl             and the versions of them that were replaced
    levels/<game>/<name>.toml own levels the child's plan names or the child played

A sealed child file is that zip encrypted with a key made from the passphrase (scrypt), in chunks of
1 MiB, each sealed with AES-256-GCM (see `seal`). Nothing of a sealed file can be read, and no byte of
it changed, without the passphrase.

Reading a file never trusts it: sizes are checked before anything is unpacked and again while
unpacking, names are checked (no folders outside the archive), every member's SHA-256 is checked
against the manifest, and any problem is a TransferError: one line, and nothing imported.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import struct
import tempfile
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Callable, Iterable, Iterator

from game.errors import UserError

FORMAT = "motorplay-child"
FORMAT_VERSION = 1
SUFFIX = ".motorplay"

JSON_MEMBERS = ("child.json", "computers.json")
LINE_MEMBERS = ("sessions.jsonl", "attempts.jsonl", "notes.jsonl", "adaptive_changes.jsonl", "settings.jsonl",
                "history.jsonl")
MANIFEST = "manifest.json"
REQUIRED = (MANIFEST, *JSON_MEMBERS, *LINE_MEMBERS)
LEVEL_NAME = re.compile(r"levels/([a-z][a-z0-9_]{0,31})/([A-Za-z0-9][A-Za-z0-9_.-]{0,95}\.toml)")

MAX_FILE_BYTES = 2 * 1024 ** 3          # the whole .motorplay file (years of play are a few hundred MB)
MAX_TOTAL_BYTES = 4 * 1024 ** 3         # all members unpacked
MAX_MEMBERS = 1100                      # the fixed members and at most MAX_LEVELS levels
MAX_LEVELS = 1000
MAX_SMALL_BYTES = 16 * 1024 ** 2        # manifest.json, child.json, computers.json
MAX_LINE_BYTES = 64 * 1024 ** 2         # one JSON line: an attempt with 12 MB of events, escaped
LEVEL_BYTES = 256_000                   # game.levels.loader.MAX_LEVEL_BYTES (the loader refuses bigger ones)
CHUNK = 1 << 20                         # read and seal 1 MiB at a time: memory stays flat whatever the size

SEAL_MAGIC = b"MPSEAL01"
SCRYPT_N, SCRYPT_R, SCRYPT_P = 1 << 15, 8, 1   # about 32 MB and a tenth of a second to try one passphrase
MAX_SCRYPT_MEMORY = 256 * 1024 ** 2            # a sealed file may not ask for more (128 * n * r bytes)
PASSPHRASE_MIN = 8


class TransferError(UserError):
    """A child file that cannot be used (damaged, changed, hostile, wrong passphrase): one line; nothing
    was imported."""


def _size(n: int) -> str:
    return f"{n:,} bytes"


def clean_passphrase(text: str) -> str:
    """The same passphrase however it was typed or stored (Unicode NFC; a file's line break left out)."""
    return unicodedata.normalize("NFC", text.rstrip("\r\n"))


def check_new_passphrase(text: str) -> str:
    text = clean_passphrase(text)
    if len(text) < PASSPHRASE_MIN:
        raise UserError(f"a passphrase must be at least {PASSPHRASE_MIN} characters (a few words is best)")
    return text


# ------------------------------------------------------------------------------------------- writing

class _Counting:
    """Counts and hashes what goes through to a zip member as it is written."""

    def __init__(self, target: IO[bytes]):
        self.target = target
        self.sha = hashlib.sha256()
        self.bytes = 0

    def write(self, data: bytes) -> None:
        self.sha.update(data)
        self.bytes += len(data)
        self.target.write(data)


class ArchiveWriter:
    """Writes a plain child file member by member (JSON Lines members stream: memory stays flat)."""

    def __init__(self, path: Path):
        self.path = path
        self.zip = zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1)
        self.members: list[dict[str, Any]] = []

    def _member(self, name: str, write: Callable[[Callable[[bytes], None]], int | None]) -> int:
        with self.zip.open(name, "w", force_zip64=True) as raw:   # the archive's compression: fast deflate
            out = _Counting(raw)
            records = write(out.write)
        entry: dict[str, Any] = {"name": name, "bytes": out.bytes, "sha256": out.sha.hexdigest()}
        if records is not None:
            entry["records"] = records
        self.members.append(entry)
        return out.bytes

    def add_json(self, name: str, value: Any) -> None:
        self.add_bytes(name, (json.dumps(value, ensure_ascii=False, indent=1, allow_nan=False) + "\n").encode("utf-8"))

    def add_lines(self, name: str, records: Iterable[dict[str, Any]]) -> int:
        count = 0

        def write(w: Callable[[bytes], None]) -> int:
            nonlocal count
            for rec in records:
                w((json.dumps(rec, ensure_ascii=False, allow_nan=False, separators=(",", ":")) + "\n").encode("utf-8"))
                count += 1
            return count

        self._member(name, write)
        return count

    def add_bytes(self, name: str, data: bytes) -> None:
        def write(w: Callable[[bytes], None]) -> None:
            w(data)

        self._member(name, write)

    def finish(self, manifest: dict[str, Any]) -> None:
        body = dict(manifest, members=self.members)
        data = (json.dumps(body, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
        self.zip.writestr(zipfile.ZipInfo(MANIFEST, date_time=(2020, 1, 1, 0, 0, 0)), data,
                          compress_type=zipfile.ZIP_DEFLATED)
        self.zip.close()

    def abandon(self) -> None:
        try:
            self.zip.close()
        except (OSError, ValueError, zipfile.BadZipFile):
            pass


# ------------------------------------------------------------------------------------------- sealing

@dataclass(frozen=True)
class SealHeader:
    n: int
    r: int
    p: int
    salt: bytes
    nonce_prefix: bytes
    check: bytes
    chunk: int
    raw: bytes          # the header exactly as stored: every chunk is bound to it

    def as_json(self) -> dict[str, Any]:
        return {"kdf": "scrypt", "n": self.n, "r": self.r, "p": self.p, "salt": self.salt.hex(),
                "cipher": "AES-256-GCM", "chunk_bytes": self.chunk, "nonce_prefix": self.nonce_prefix.hex(),
                "check": self.check.hex()}


def _keys(passphrase: str, salt: bytes, n: int, r: int, p: int) -> tuple[bytes, bytes]:
    """(AES key, passphrase check): 64 bytes of scrypt, the first 32 the key, the rest only for the check."""
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    material = Scrypt(salt=salt, length=64, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))
    return material[:32], hashlib.sha256(b"motorplay passphrase check" + material[32:]).digest()[:16]


def _nonce(prefix: bytes, index: int, last: bool) -> bytes:
    return prefix + struct.pack(">I", index) + (b"\x01" if last else b"\x00")


def seal(plain: Path, out: Path, passphrase: str) -> None:
    """Encrypt a plain child file: MAGIC, header length (4 bytes, big-endian), header (JSON: scrypt's
    salt and costs, the nonce prefix, a passphrase check), then the zip in chunks of `chunk_bytes`, each
    AES-256-GCM with nonce = prefix (7 bytes) + chunk number (4 bytes) + 1 for the last chunk else 0,
    and the magic, length and header as associated data. A chunk moved, dropped or changed, or a file
    cut short, fails to open."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt, prefix = os.urandom(16), os.urandom(7)
    key, check = _keys(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    header = SealHeader(SCRYPT_N, SCRYPT_R, SCRYPT_P, salt, prefix, check, CHUNK, b"")
    body = json.dumps(header.as_json(), sort_keys=True).encode("ascii")
    aad = SEAL_MAGIC + struct.pack(">I", len(body)) + body
    aes = AESGCM(key)
    with open(plain, "rb") as src, open(out, "wb") as dst:
        dst.write(aad)
        index = 0
        chunk = src.read(CHUNK)
        while True:
            following = src.read(CHUNK)
            last = not following
            dst.write(aes.encrypt(_nonce(prefix, index, last), chunk, aad))
            if last:
                break
            chunk, index = following, index + 1


def is_sealed(path: Path) -> bool:
    try:
        with open(path, "rb") as f:
            return f.read(len(SEAL_MAGIC)) == SEAL_MAGIC
    except OSError:
        return False


def _read_header(f: IO[bytes], where: str) -> tuple[SealHeader, bytes]:
    f.read(len(SEAL_MAGIC))
    size = f.read(4)
    if len(size) != 4 or not 0 < struct.unpack(">I", size)[0] <= 4096:
        raise TransferError(f"{where}: the passphrase-protected file is damaged (its header)")
    body = f.read(struct.unpack(">I", size)[0])
    try:
        h = json.loads(body.decode("ascii"))
        n, r, p, chunk = (h[k] for k in ("n", "r", "p", "chunk_bytes"))
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (n, r, p, chunk)):
            raise ValueError("costs")
        header = SealHeader(n, r, p, bytes.fromhex(h["salt"]), bytes.fromhex(h["nonce_prefix"]),
                            bytes.fromhex(h["check"]), chunk, body)
        if h.get("kdf") != "scrypt" or h.get("cipher") != "AES-256-GCM":
            raise ValueError("method")
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, AttributeError):
        raise TransferError(f"{where}: the passphrase-protected file is damaged, or sealed in a way this "
                            "MotorPlay does not know") from None
    if not (1024 <= n <= 1 << 20 and n & (n - 1) == 0 and 1 <= r <= 32 and 1 <= p <= 4
            and 128 * n * r <= MAX_SCRYPT_MEMORY and len(header.salt) >= 16 and len(header.nonce_prefix) == 7
            and len(header.check) == 16 and 1024 <= chunk <= 16 * CHUNK):
        raise TransferError(f"{where}: the passphrase-protected file asks for settings this MotorPlay refuses "
                            "(too costly, or damaged)")
    return header, SEAL_MAGIC + size + body


def unseal(path: Path, out: Path, passphrase: str) -> None:
    """Decrypt a sealed child file to `out` (a plain zip), chunk by chunk; TransferError if the
    passphrase is wrong or any byte was changed, dropped or added."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    where = str(path)
    with open(path, "rb") as src:
        header, aad = _read_header(src, where)
        key, check = _keys(passphrase, header.salt, header.n, header.r, header.p)
        if check != header.check:
            raise TransferError(f"{where}: wrong passphrase; nothing was imported")
        aes = AESGCM(key)
        size = header.chunk + 16
        with open(out, "wb") as dst:
            index = 0
            block = src.read(size)
            while True:
                following = src.read(size)
                last = not following
                if len(block) < 16:
                    raise TransferError(f"{where}: the file was cut short (it ends part-way); nothing was imported")
                try:
                    dst.write(aes.decrypt(_nonce(header.nonce_prefix, index, last), block, aad))
                except InvalidTag:
                    raise TransferError(f"{where}: the file was changed, damaged or cut short after it was made "
                                        f"(part {index + 1} does not match); nothing was imported") from None
                if last:
                    return
                block, index = following, index + 1


# ------------------------------------------------------------------------------------------- reading

@dataclass
class Archive:
    """An opened, checked child file. Use `open_archive(...)` as a context manager."""

    source: Path
    zip: zipfile.ZipFile
    manifest: dict[str, Any]
    infos: dict[str, zipfile.ZipInfo]
    expected: dict[str, tuple[int, str]]            # member -> (bytes, sha256) from the manifest
    temp: Path | None = None
    levels: list[tuple[str, str]] = field(default_factory=list)   # (game, file name)

    def close(self) -> None:
        self.zip.close()
        if self.temp is not None:
            shutil.rmtree(self.temp, ignore_errors=True)

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def where(self, name: str, line: int | None = None) -> str:
        return f"{self.source}: {name}" + (f" line {line}" if line is not None else "")

    def _chunks(self, name: str) -> Iterator[bytes]:
        """The member's bytes in chunks; at the end its size and SHA-256 are checked against the manifest."""
        size, digest = self.expected[name]
        sha = hashlib.sha256()
        got = 0
        try:
            with self.zip.open(self.infos[name]) as f:
                while True:
                    chunk = f.read(CHUNK)
                    if not chunk:
                        break
                    got += len(chunk)
                    if got > size:
                        raise TransferError(f"{self.where(name)}: bigger than the manifest says; nothing was imported")
                    sha.update(chunk)
                    yield chunk
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError,
                RuntimeError) as exc:
            if isinstance(exc, TransferError):
                raise
            raise TransferError(f"{self.where(name)}: damaged ({_short(exc)}); nothing was imported") from None
        if got != size or sha.hexdigest() != digest:
            raise TransferError(f"{self.where(name)}: its checksum does not match the manifest (the file was "
                                "changed or damaged); nothing was imported")

    def read_bytes(self, name: str) -> bytes:
        return b"".join(self._chunks(name))

    def read_json(self, name: str) -> Any:
        return _json(self.read_bytes(name), self.where(name))

    def lines(self, name: str) -> Iterator[tuple[int, dict[str, Any]]]:
        """(line number, object) for each line of a JSON Lines member, read as it streams."""
        buf = bytearray()
        number = 0
        for chunk in self._chunks(name):
            buf += chunk
            cut = buf.rfind(b"\n")
            if cut >= 0:
                complete = bytes(buf[:cut])
                del buf[:cut + 1]
                for raw in complete.split(b"\n"):
                    number += 1
                    if raw.strip():
                        yield number, _object(raw, self.where(name, number))
            if len(buf) > MAX_LINE_BYTES:
                raise TransferError(f"{self.where(name, number + 1)}: a line longer than {_size(MAX_LINE_BYTES)}; "
                                    "nothing was imported")
        if bytes(buf).strip():
            number += 1
            yield number, _object(bytes(buf), self.where(name, number))


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:120]


def _json(raw: bytes, where: str) -> Any:
    try:
        return json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
    except UnicodeDecodeError:
        raise TransferError(f"{where}: not UTF-8 text; nothing was imported") from None
    except RecursionError:
        raise TransferError(f"{where}: nested too deeply; nothing was imported") from None
    except ValueError as exc:
        raise TransferError(f"{where}: not valid JSON ({_short(exc)}); nothing was imported") from None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number")


def _object(raw: bytes, where: str) -> dict[str, Any]:
    value = _json(raw, where)
    if not isinstance(value, dict):
        raise TransferError(f"{where}: each line must be a JSON object; nothing was imported")
    return value


def member_limit(name: str) -> int:
    if name in (MANIFEST, *JSON_MEMBERS):
        return MAX_SMALL_BYTES
    if name.startswith("levels/"):
        return LEVEL_BYTES
    return MAX_TOTAL_BYTES


def check_name(name: str) -> str | None:
    """Why a member name is refused (None: it is one a child file has)."""
    if name in REQUIRED:
        return None
    if "\\" in name or name.startswith("/") or re.match(r"^[A-Za-z]:", name) or ".." in name.split("/"):
        return "a path outside the archive"
    if LEVEL_NAME.fullmatch(name):
        return None
    return "a member a child file does not have"


def open_archive(path: Path, passphrase: Callable[[], str] | None = None) -> Archive:
    """Open and check a child file: sealed ones are decrypted (asking `passphrase()`) to a private
    temporary folder first. TransferError (one line) for anything that is not a sound child file."""
    where = str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise TransferError(f"{where}: no such file") from None
    except OSError as exc:
        raise TransferError(f"{where}: cannot read ({exc.strerror or exc})") from None
    if path.is_dir():
        raise TransferError(f"{where}: is a folder, not a child file")
    if size > MAX_FILE_BYTES:
        raise TransferError(f"{where}: {_size(size)}, more than a child file may be ({_size(MAX_FILE_BYTES)})")
    temp: Path | None = None
    zip_path = path
    if is_sealed(path):
        if passphrase is None:
            raise TransferError(f"{where}: is protected by a passphrase; give it (--passphrase-file FILE, "
                                "--passphrase-env VAR, or type it when asked)")
        temp = Path(tempfile.mkdtemp(prefix="motorplay-import-"))
        zip_path = temp / "child.zip"
        try:
            unseal(path, zip_path, clean_passphrase(passphrase()))
        except BaseException:
            shutil.rmtree(temp, ignore_errors=True)
            raise
    try:
        return _open_zip(path, zip_path, temp)
    except BaseException:
        if temp is not None:
            shutil.rmtree(temp, ignore_errors=True)
        raise


def _open_zip(source: Path, zip_path: Path, temp: Path | None) -> Archive:
    where = str(source)
    try:
        zf = zipfile.ZipFile(zip_path)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError) as exc:
        raise TransferError(f"{where}: not a MotorPlay child file (not a zip archive: {_short(exc)})") from None
    try:
        archive = _check_zip(source, zf, temp)
    except BaseException:
        zf.close()
        raise
    return archive


def _check_zip(source: Path, zf: zipfile.ZipFile, temp: Path | None) -> Archive:
    where = str(source)
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise TransferError(f"{where}: {len(infos):,} members, more than a child file has (at most {MAX_MEMBERS:,})")
    by_name: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in infos:
        name = info.filename
        why = check_name(name)
        if why is not None:
            raise TransferError(f"{where}: member {_short(name)!r} is {why}; nothing was imported")
        if name in by_name:
            raise TransferError(f"{where}: member {name} is in the archive twice; nothing was imported")
        if info.flag_bits & 0x1:
            raise TransferError(f"{where}: member {name} is zip-encrypted (child files use a passphrase instead)")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise TransferError(f"{where}: member {name} is packed in a way child files never are")
        if info.file_size > member_limit(name):
            raise TransferError(f"{where}: member {name} says it unpacks to {_size(info.file_size)}, more than "
                                f"it may ({_size(member_limit(name))}); nothing was imported")
        total += info.file_size
        by_name[name] = info
    if total > MAX_TOTAL_BYTES:
        raise TransferError(f"{where}: unpacks to {_size(total)}, more than a child file may ({_size(MAX_TOTAL_BYTES)})")
    missing = [m for m in REQUIRED if m not in by_name]
    if missing:
        raise TransferError(f"{where}: not a MotorPlay child file ({', '.join(missing)} missing)")
    levels = [(m.group(1), m.group(2)) for n in by_name if (m := LEVEL_NAME.fullmatch(n))]
    if len(levels) > MAX_LEVELS:
        raise TransferError(f"{where}: {len(levels):,} level files, more than a child file may have ({MAX_LEVELS:,})")
    archive = Archive(source, zf, {}, by_name, {MANIFEST: (by_name[MANIFEST].file_size, "")}, temp, levels)
    manifest = _read_manifest(archive)
    archive.manifest = manifest
    return archive


def _read_manifest(archive: Archive) -> dict[str, Any]:
    where = archive.where(MANIFEST)
    info = archive.infos[MANIFEST]
    try:
        with archive.zip.open(info) as f:
            raw = f.read(MAX_SMALL_BYTES + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError, RuntimeError) as exc:
        raise TransferError(f"{where}: damaged ({_short(exc)}); nothing was imported") from None
    manifest = _json(raw, where)
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise TransferError(f"{archive.source}: not a MotorPlay child file (its manifest does not say so)")
    version = manifest.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise TransferError(f"{where}: format_version must be a whole number; nothing was imported")
    if version > FORMAT_VERSION:
        raise TransferError(f"{archive.source}: made by a newer MotorPlay (child file format {version}; this "
                            f"MotorPlay reads up to {FORMAT_VERSION}); update MotorPlay to bring it in")
    if version < 1:
        raise TransferError(f"{where}: format_version {version} does not exist; nothing was imported")
    members = manifest.get("members")
    if not isinstance(members, list):
        raise TransferError(f"{where}: has no list of members; nothing was imported")
    expected: dict[str, tuple[int, str]] = {}
    for m in members:
        if not (isinstance(m, dict) and isinstance(m.get("name"), str) and isinstance(m.get("bytes"), int)
                and isinstance(m.get("sha256"), str) and re.fullmatch(r"[0-9a-f]{64}", m["sha256"])):
            raise TransferError(f"{where}: a member entry is not {{name, bytes, sha256}}; nothing was imported")
        if m["name"] in expected or m["name"] == MANIFEST:
            raise TransferError(f"{where}: lists {_short(m['name'])!r} twice; nothing was imported")
        expected[m["name"]] = (m["bytes"], m["sha256"])
    names = set(archive.infos) - {MANIFEST}
    if set(expected) != names:
        extra = sorted(names - set(expected)) or sorted(set(expected) - names)
        raise TransferError(f"{where}: the members listed and the members in the archive differ "
                            f"({_short(', '.join(extra))}); nothing was imported")
    for name, (size, _digest) in expected.items():
        if archive.infos[name].file_size != size:
            raise TransferError(f"{where}: {name} is {_size(archive.infos[name].file_size)} in the archive but "
                                f"{_size(size)} in the manifest; nothing was imported")
    archive.expected = expected
    return manifest
