"""Where a grown-up saves or finds a child file: a USB stick, a shared folder, the home folder.

No display here: the therapist screens (game/scenes/transfer.py) show what these functions list, and
the tests list made-up folders with them.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

MAX_LISTED = 500          # entries of one folder shown (a folder of thousands is cut, and says so)


@dataclass(frozen=True)
class Place:
    label: str
    path: Path


def removable_media(media: Path = Path("/media"), run_media: Path = Path("/run/media"),
                    volumes: Path = Path("/Volumes"), user: str | None = None) -> list[Place]:
    """Mounted USB sticks and cards: /media/<user>/<stick> (Ubuntu), /media/<stick> (Debian),
    /run/media/<user>/<stick> (Fedora), /Volumes/<stick> (macOS); on Windows, drive letters after C:."""
    import getpass

    try:
        user = user or getpass.getuser()
    except (KeyError, OSError):
        user = ""
    sticks: list[Path] = []
    for first in _subfolders(media):
        sticks.extend(_subfolders(first) if first.name == user else [first])
    for person in _subfolders(run_media):
        sticks.extend(_subfolders(person))
    sticks.extend(_subfolders(volumes))
    found = [Place(f"{p.name} (removable)", p) for p in sticks]
    if os.name == "nt":
        for letter in "DEFGHIJKLMNOPQRSTUVWXYZ":
            drive = Path(f"{letter}:\\")
            if drive.exists():
                found.append(Place(f"Drive {letter}:", drive))
    return found


def quick_places(data_dir: Path, home: Path | None = None,
                 media: list[Place] | None = None) -> list[Place]:
    """The places offered first: removable media, the home folder, and a folder beside the records."""
    home = Path.home() if home is None else home
    places = list(removable_media() if media is None else media)
    places.append(Place("Home folder", home))
    places.append(Place("MotorPlay's folder", data_dir.absolute() / "child-files"))
    return places


def _subfolders(folder: Path) -> list[Path]:
    try:
        return sorted((p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")),
                      key=lambda p: p.name.lower())
    except OSError:
        return []


@dataclass(frozen=True)
class Listing:
    folder: Path
    folders: tuple[Path, ...]
    files: tuple[Path, ...]          # child files (.motorplay)
    problem: str = ""                # why the folder could not be read ("" if it could)
    cut: bool = False                # more entries than MAX_LISTED


def list_folder(folder: Path, suffix: str = ".motorplay") -> Listing:
    """A folder's subfolders and child files, names in alphabetical order; hidden ones left out."""
    try:
        entries = [p for p in folder.iterdir() if not p.name.startswith(".")]
    except FileNotFoundError:
        return Listing(folder, (), (), "the folder is not there (was the stick taken out?)")
    except OSError as exc:
        return Listing(folder, (), (), f"the folder cannot be read ({exc.strerror or exc})")
    folders, files = [], []
    for p in entries:
        try:
            if p.is_dir():
                folders.append(p)
            elif p.is_file() and p.suffix.lower() == suffix:
                files.append(p)
        except OSError:
            continue
    cut = len(folders) + len(files) > MAX_LISTED
    key = lambda p: p.name.lower()  # noqa: E731
    return Listing(folder, tuple(sorted(folders, key=key)[:MAX_LISTED]),
                   tuple(sorted(files, key=key)[:MAX_LISTED]), "", cut)


def child_file_name(child_name: str, day: date) -> str:
    """<name>-<date>.motorplay: safe on every file system and stick."""
    slug = re.sub(r"[^\w-]+", "_", child_name).strip("_.") or "child"
    return f"{slug}-{day.isoformat()}.motorplay"


def typed_folder(text: str) -> Path:
    """A folder typed by a grown-up (~ is their home folder)."""
    text = text.strip().strip('"')
    if not text:
        raise ValueError("type a folder, for example /media/stick or ~/Documents")
    path = Path(text).expanduser()
    if not path.is_absolute():
        raise ValueError("type the whole folder, starting with / (or ~ for your home folder)")
    if not path.is_dir():
        raise ValueError(f"{path} is not a folder here")
    return path
