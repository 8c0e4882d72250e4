"""make_report: check the request, gather the data, write HTML or PDF by the file's suffix."""
from __future__ import annotations

import os
import re
import secrets
import time
from datetime import date
from pathlib import Path
from typing import Callable

from game.errors import UserError
from game.records.db import Database

FORMATS = (".html", ".pdf")
TEMP_TAG = "motorplay-partial"
# .NAME.motorplay-partial-PID-RANDOM.tmp: clearly ours, one per process and write.
_TEMP = re.compile(r"^\..+\." + TEMP_TAG + r"-(\d+)-[0-9a-f]+\.tmp$")
# What the reports of earlier versions left behind when killed: .NAME.PID.tmp.
_OLD_TEMP = re.compile(r"^\..+\.(?:html|pdf)\.(\d+)\.tmp$")
STALE_AFTER_S = 24 * 3600   # where a process's life cannot be asked about, a day-old part-file is stale


def temp_path(out: Path) -> Path:
    return out.with_name(f".{out.name}.{TEMP_TAG}-{os.getpid()}-{secrets.token_hex(4)}.tmp")


def _alive(pid: int) -> bool | None:
    """Is that process still running? None where it cannot be asked."""
    if pid == os.getpid():
        return True
    if os.name != "posix":
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True   # it exists (someone else's)
    return True


def remove_stale_temps(folder: Path) -> int:
    """Remove part-written files a killed export or report left in `folder`; returns how many."""
    removed = 0
    try:
        names = os.listdir(folder)
    except OSError:
        return 0
    for name in names:
        match = _TEMP.match(name) or _OLD_TEMP.match(name)
        if match is None:
            continue
        path = folder / name
        alive = _alive(int(match.group(1)))
        try:
            if alive is None:
                alive = time.time() - path.stat().st_mtime < STALE_AFTER_S
            if not alive:
                path.unlink()
                removed += 1
        except OSError:
            continue
    return removed


def write_atomically(out: Path, write: Callable[[Path], None], what: str = "cannot write the report") -> None:
    """Write through a temporary file in the same folder, synced, then renamed over `out`.

    A kill at any moment leaves either the old file or the new one, whole, and at most a part-file
    named as ours, which the next export or report to that folder removes.
    """
    folder = out.parent if str(out.parent) else Path(".")
    if out.exists() and not out.is_file() and not out.is_dir():   # a pipe or a device (/dev/stdout): straight in
        try:
            write(out)
        except OSError as exc:
            raise UserError(f"{out}: {what} ({exc.strerror or exc})") from None
        return
    remove_stale_temps(folder)
    tmp = temp_path(out)
    try:
        write(tmp)
        fd = os.open(tmp, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, out)   # never leave half a file under the real name
        if os.name == "posix":
            dfd = os.open(folder, os.O_RDONLY)
            try:
                os.fsync(dfd)
            except OSError:
                pass
            finally:
                os.close(dfd)
    except OSError as exc:
        raise UserError(f"{out}: {what} ({exc.strerror or exc})") from None
    finally:
        tmp.unlink(missing_ok=True)


def make_report(db: Database, child_name: str, out: Path, start: date | None = None,
                end: date | None = None) -> Path:
    """Write one child's report to `out` (.html or .pdf); returns the path written."""
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise UserError(f"{out}: the report file must end in .html or .pdf")
    if start is not None and end is not None and start > end:
        raise UserError(f"the start date {start.isoformat()} is after the end date {end.isoformat()}")
    child = db.find_child(child_name)
    if child is None:
        raise UserError(f"no child called {' '.join(child_name.split())} in {db.path}")
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise UserError(f"{out}: cannot write the report (no folder {folder})")
    if out.is_dir():
        raise UserError(f"{out}: cannot write the report (it is a folder)")
    from game.reports.data import gather
    from game.reports.words import use_user_locale

    use_user_locale()
    data = gather(db, child, start, end)
    if suffix == ".html":
        from game.reports.html import render_html

        text = render_html(data)
        write_atomically(out, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    else:
        from game.reports.pdf import write_pdf

        write_atomically(out, lambda tmp: write_pdf(data, tmp))
    return out
