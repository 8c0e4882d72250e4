"""make_report: check the request, gather the data, write HTML or PDF by the file's suffix."""
from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from game.errors import UserError
from game.records.db import Database

FORMATS = (".html", ".pdf")


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
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        if suffix == ".html":
            from game.reports.html import render_html

            tmp.write_text(render_html(data), encoding="utf-8")
        else:
            from game.reports.pdf import write_pdf

            write_pdf(data, tmp)
        os.replace(tmp, out)   # never leave half a report under the real name
    except OSError as exc:
        raise UserError(f"{out}: cannot write the report ({exc.strerror or exc})") from None
    finally:
        tmp.unlink(missing_ok=True)
    return out
