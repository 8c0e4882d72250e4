"""How long moving a child takes: a child with 1,000 one-minute tracing attempts (240 Hz pen) sent to a
child file, plain and with a passphrase, and brought into an empty records folder and again into one
that has it all already. Prints the figures (no asserts); timing never goes into the tests.

Run: SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy PYTHONPATH=. .venv/bin/python benchmarks/bench_transfer.py [ATTEMPTS]
"""
from __future__ import annotations

import hashlib
import json
import resource
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def events_text(seconds: float = 60.0, rate_hz: float = 240.0) -> str:
    n = int(seconds * rate_hz)
    lines = [json.dumps({"t": round(0.5 + k / rate_hz, 6), "type": "down" if k == 0 else ("up" if k == n - 1 else "move"),
                         "x": round(200 + 880 * k / n, 3), "y": 360.0}) for k in range(n)]
    return "\n".join(lines) + "\n"


def build(folder: Path, attempts: int) -> None:
    from game.records.db import AttemptRecord, Database
    from tests.builders import LINE_LEVEL

    db = Database.open(folder)
    db.relax_durability()   # setting up only
    child = db.add_child("Ada", "fox")
    events = events_text()
    sha = hashlib.sha256(LINE_LEVEL.encode()).hexdigest()
    t0 = datetime(2026, 1, 5, 16, 0, tzinfo=timezone.utc)
    for k in range(attempts):
        start = t0 + timedelta(days=k // 10, minutes=2 * (k % 10))
        db.add_attempt(AttemptRecord(None, child.id, "tracing", "tracing/01_go_right.toml", "Test line", LINE_LEVEL,
                                     sha, start.isoformat(timespec="milliseconds"),
                                     (start + timedelta(seconds=60)).isoformat(timespec="milliseconds"), "finished", 3,
                                     {"mean_deviation": 12.5}, events, "bench", 1280, 720))
    db.close()


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    from game.records.archive import open_archive
    from game.records.db import Database
    from game.records.transfer import bring_in, send

    attempts = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        build(tmp_path / "clinic", attempts)
        clinic = Database.open(tmp_path / "clinic")
        child = clinic.find_child("Ada")
        plain, sealed = tmp_path / "ada.motorplay", tmp_path / "ada-sealed.motorplay"
        t_send = timed(lambda: send(clinic, child, plain))
        t_seal = timed(lambda: send(clinic, child, sealed, "correct horse battery"))
        clinic.close()
        print(f"child with {attempts:,} one-minute attempts at 240 Hz: records file "
              f"{(tmp_path / 'clinic' / 'motorplay.db').stat().st_size / 1e6:.0f} MB, child file "
              f"{plain.stat().st_size / 1e6:.1f} MB (sealed {sealed.stat().st_size / 1e6:.1f} MB)")
        print(f"transfer out: {t_send:.2f} s plain, {t_seal:.2f} s with a passphrase")
        home = Database.open(tmp_path / "home")
        try:
            def bring(path: Path, secret: str | None = None) -> None:
                with open_archive(path, (lambda: secret) if secret else None) as archive:
                    bring_in(home, archive)

            print(f"transfer in, new child: {timed(lambda: bring(plain)):.2f} s")
            print(f"transfer in again, everything already here: {timed(lambda: bring(plain)):.2f} s")
            print(f"transfer in, sealed, everything already here: "
                  f"{timed(lambda: bring(sealed, 'correct horse battery')):.2f} s")
        finally:
            home.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory of the whole run: {peak:.0f} MB")


if __name__ == "__main__":
    main()
