#!/usr/bin/env python3
"""MotorPlay launcher.

`python3 run.py` plays, `python3 run.py test` runs the tests. The first run makes a
private environment (.venv) with the pinned dependencies; later runs start at once.
Only the standard library is used here, because nothing else is installed yet.
Bootstrap messages go to stderr so that stdout stays clean for pipes.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv

ROOT = os.path.dirname(os.path.abspath(__file__))
VENV = os.path.join(ROOT, ".venv")
REQUIREMENTS = {
    "run": [os.path.join(ROOT, "requirements", "run.txt")],
    "test": [os.path.join(ROOT, "requirements", "run.txt"), os.path.join(ROOT, "requirements", "test.txt")],
}


def say(msg: str) -> None:
    print(f"MotorPlay: {msg}", file=sys.stderr, flush=True)


def venv_python() -> str:
    if os.name == "nt":
        return os.path.join(VENV, "Scripts", "python.exe")
    return os.path.join(VENV, "bin", "python")


def fingerprint(kind: str) -> str:
    h = hashlib.sha256(sys.version.encode())
    for path in REQUIREMENTS[kind]:
        with open(path, "rb") as f:
            h.update(f.read())
    return h.hexdigest()


def stamp_path(kind: str) -> str:
    return os.path.join(VENV, f".motorplay-{kind}.stamp")


def is_ready(kind: str) -> bool:
    try:
        with open(stamp_path(kind), encoding="utf-8") as f:
            return f.read().strip() == fingerprint(kind) and os.path.exists(venv_python())
    except OSError:
        return False


def ensure_env(kind: str) -> None:
    if is_ready(kind):
        return
    if not os.path.exists(venv_python()):
        say("first run: creating a private environment in .venv (this happens once)...")
        try:
            venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
        except Exception as exc:  # noqa: BLE001 - one line for the user, whatever went wrong
            say(f"could not create .venv ({exc}); on Debian/Ubuntu install python3-venv and try again")
            sys.exit(2)
    req = "test" if kind == "test" else "run"
    say(f"installing the pinned {req} dependencies (needs the internet this once)...")
    cmd = [venv_python(), "-m", "pip", "install", "--disable-pip-version-check", "-q",
           "-r", REQUIREMENTS[kind][-1]]
    # pip's own output goes to stderr, never stdout.
    result = subprocess.run(cmd, stdout=sys.stderr, stderr=sys.stderr)
    if result.returncode != 0:
        say("installing dependencies failed (see pip's message above); check the internet connection and run again")
        sys.exit(2)
    with open(stamp_path(kind), "w", encoding="utf-8") as f:
        f.write(fingerprint(kind))
    if kind == "test":  # the test set includes the run set
        with open(stamp_path("run"), "w", encoding="utf-8") as f:
            f.write(fingerprint("run"))
    say("ready.")


def main(argv: list[str]) -> int:
    kind = "test" if argv[:1] == ["test"] else "run"
    ensure_env(kind)
    env = dict(os.environ)
    env["PYTHONPATH"] = ROOT + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    if kind == "test":
        env["SDL_VIDEODRIVER"] = "dummy"
        env["SDL_AUDIODRIVER"] = "dummy"
        cmd = [venv_python(), "-m", "pytest", os.path.join(ROOT, "tests"), *argv[1:]]
    else:
        cmd = [venv_python(), "-m", "game", *argv]
    if os.name == "posix":
        # Become the game (same process id): a signal sent to this launcher (TERM from a session
        # manager, KILL from a task manager) reaches the game itself, and nothing is left running.
        sys.stdout.flush()
        sys.stderr.flush()
        try:
            os.execve(cmd[0], cmd, env)
        except OSError as exc:
            say(f"could not start {cmd[0]} ({exc.strerror or exc}); delete the .venv folder and run again")
            return 2
    try:
        return subprocess.run(cmd, env=env).returncode
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
