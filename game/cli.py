"""Command line: play, levels check|schema, score, screenshot, export, report, progress, transfer, test.

Every user mistake prints one line naming what and where, exits 2, and shows no traceback.
"""
from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
from pathlib import Path
from typing import Sequence

from game import __version__
from game.errors import UserError
from game.screens import SCREENS

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")  # stdout is for results only


class OneLineParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: {message} (see --help)\n")


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS, help="where records are kept (default: the user data folder, "
                        "or $MOTORPLAY_DATA)")
    p = OneLineParser(prog="motorplay", parents=[common],
                      description="MotorPlay: fine-motor practice games. With no command, opens the game.")
    p.add_argument("--version", action="version", version=f"MotorPlay {__version__}")
    p.add_argument("--fullscreen", action="store_true", help="start in full screen (F11 toggles)")
    sub = p.add_subparsers(dest="command", parser_class=OneLineParser)

    play = sub.add_parser("play", parents=[common], help="play one level (live, or --headless from an events file)")
    play.add_argument("level", help="a level file (.toml)")
    play.add_argument("--child", default=None, help="the child's name (created if new)")
    play.add_argument("--events", help="events file (JSON Lines) to play instead of live input")
    play.add_argument("--headless", action="store_true", help="no window; run the real loop faster than real time")
    play.add_argument("--fullscreen", action="store_true")
    play.add_argument("--date", metavar="YYYY-MM-DDTHH:MM", default=None,
                      help="with --headless: record the attempt as if played then (local time; default: now)")

    progress = sub.add_parser("progress", parents=[common],
                              help="a child's per-session values and trend words for each charted measure")
    progress.add_argument("--child", required=True, help="the child's name")
    progress.add_argument("--game", default=None, help="only this game (default: every game the child played)")
    progress.add_argument("--json", action="store_true", help="print JSON instead of text")

    levels = sub.add_parser("levels", parents=[common], help="check level files or print their JSON Schema")
    lsub = levels.add_subparsers(dest="levels_command", parser_class=OneLineParser, required=True)
    check = lsub.add_parser("check", parents=[common], help="validate level files (default: all shipped levels)")
    check.add_argument("paths", nargs="*", help="level files or folders")
    lsub.add_parser("schema", parents=[common], help="print the JSON Schema of level files")

    score = sub.add_parser("score", parents=[common], help="score one attempt without a display")
    score.add_argument("level")
    score.add_argument("events")
    score.add_argument("--audio-latency-ms", type=float, default=0.0,
                       help="tapping: audio output latency to correct asynchronies by (default 0)")
    score.add_argument("--stopped-at-s", type=float, default=None,
                       help="catching: when an abandoned attempt was stopped, s from its start (as exported in "
                            "its settings); default: it ran to the end")
    score.add_argument("--mm-per-unit", type=float, default=None,
                       help="millimetres per play unit on the screen it was played on (as exported in its settings: "
                            "screen.mm_per_unit); gives every spatial metric's millimetre twin, empty without it")

    shot = sub.add_parser("screenshot", parents=[common], help="render what the child sees to a PNG")
    shot.add_argument("target", help=f"a level file, or a screen: {', '.join(SCREENS)}")
    shot.add_argument("--out", required=True, help="PNG file to write")
    shot.add_argument("--events", help="events to play before the picture (level targets)")
    shot.add_argument("--at", type=float, default=None, help="seconds into the attempt (default: after the events)")
    shot.add_argument("--demo-at", type=float, default=None, metavar="SECONDS",
                      help="a level as its demonstration shows it, this many seconds in (level targets)")
    shot.add_argument("--child", default=None, help="whose screens to show")
    shot.add_argument("--game", default=None, help="for the levels and pause screens: which game (default: the first)")
    shot.add_argument("--window", metavar="WxH", default=None,
                      help="picture a window of this size, e.g. 1024x600: the canvas scaled to fit, letterboxed "
                           "(default: the 1280x720 canvas itself)")
    shot.add_argument("--option", action="append", default=[], metavar="NAME[=VALUE]",
                      help="an access option for the child shown, for this picture only (repeatable): switch, "
                           "switch_scan=S, larger_targets, hold, hold_s=S, reduced_motion, effects_volume=P, "
                           "metronome_volume=P, mute, hand=either|left|right, demo=always|first|never")

    export = sub.add_parser("export", parents=[common], help="export attempts for a spreadsheet or for re-scoring")
    export.add_argument("--format", choices=("csv", "jsonl"), required=True)
    export.add_argument("--child", help="only this child")
    export.add_argument("--out", help="file to write (default: standard output)")

    report = sub.add_parser("report", parents=[common],
                            help="write one child's progress report (HTML or PDF)")
    report.add_argument("--child", required=True, help="the child's name")
    report.add_argument("--from", dest="start", metavar="DATE", help="first day to include, YYYY-MM-DD")
    report.add_argument("--to", dest="end", metavar="DATE", help="last day to include, YYYY-MM-DD")
    report.add_argument("--out", required=True, help="the report file to write: FILE.html or FILE.pdf")

    transfer = sub.add_parser("transfer", parents=[common],
                              help="move one child between computers (home and clinic) in one child file")
    xsub = transfer.add_subparsers(dest="transfer_command", parser_class=OneLineParser, required=True)
    secret = argparse.ArgumentParser(add_help=False)
    secret.add_argument("--passphrase-file", metavar="FILE", help="read the passphrase from the first line of FILE")
    secret.add_argument("--passphrase-env", metavar="VAR", help="read the passphrase from the environment variable VAR")
    send = xsub.add_parser("out", parents=[common, secret], help="write everything about one child to a child file")
    send.add_argument("--child", required=True, help="the child's name")
    send.add_argument("--out", required=True, help="the child file to write, FILE.motorplay")
    send.add_argument("--ask-passphrase", action="store_true",
                      help="protect the file with a passphrase typed at the terminal (asked twice)")
    bring = xsub.add_parser("in", parents=[common, secret], help="merge a child file into these records")
    bring.add_argument("file", help="the child file (.motorplay)")
    bring.add_argument("--as", dest="as_name", metavar="NAME", default=None,
                       help="when a different child here has the file's child's name: bring them in as NAME (the "
                            "child of that name here, or a new child)")
    name = xsub.add_parser("name", parents=[common], help="what other computers call this one (shown when they "
                           "bring in its child files)")
    name.add_argument("name", nargs="?", default=None, help="the new name (none: print the name)")

    therapist = sub.add_parser("therapist", parents=[common], help="the therapist area: reset-pin clears a forgotten PIN")
    tsub = therapist.add_subparsers(dest="therapist_command", parser_class=OneLineParser, required=True)
    tsub.add_parser("reset-pin", parents=[common], help="clear the therapist PIN (records are kept); the next "
                    "grown-up to open the therapist area sets a new one")

    sub.add_parser("test", help="run the test suite (use `python3 run.py test` from a checkout)")
    return p


def _open_db(args: argparse.Namespace, *, existing: str | None = None):
    """Open the records; `existing` (what the command would do) refuses, in one line, to start a new file."""
    from game.paths import data_dir
    from game.records.db import DB_NAME, Database

    folder = data_dir(getattr(args, "data_dir", None))
    if existing is not None and not (folder / DB_NAME).is_file():
        raise UserError(f"{folder / DB_NAME}: there are no records here, so there is {existing} "
                        "(is --data-dir or $MOTORPLAY_DATA pointing at the right folder?)")
    db = Database.open(folder)
    for notice in db.notices:
        print(f"MotorPlay: {notice}", file=sys.stderr)

    def say(message: str) -> None:
        print(f"MotorPlay: {message}", file=sys.stderr, flush=True)

    db.echo = say               # anything found later (a deleted journal, attempts kept aside) is said at once
    db.lost_is_error = True     # attempts that could not be stored anywhere: one line and exit 2 at close
    return db


def _child_named(db, name: str):
    """The child of that name in these records, or one line saying there is none."""
    child = db.find_child(name)
    if child is None:
        raise UserError(f"no child called {name} in {db.path}")
    return child


def cmd_levels(args: argparse.Namespace) -> int:
    from game.games import GAMES

    if args.levels_command == "schema":
        print(json.dumps(level_schema(), indent=2))
        return 0
    from game.levels.loader import check_level, folder_game, level_files, shown_problems
    from game.paths import levels_dir

    paths: list[Path] = []
    targets = [Path(p) for p in args.paths] or [levels_dir(g) for g in GAMES if levels_dir(g).is_dir()]
    for target in targets:
        if target.is_dir():
            paths.extend(level_files(target))
        else:
            paths.append(target)
    bad = 0
    for path in paths:
        # A file in a game's folder must be a level of that game (the picker lists it there).
        problems = check_level(path, folder_game(path.parent))
        bad += bool(problems)
        for line in shown_problems(problems):
            print(line)
    print(f"{len(paths) - bad} of {len(paths)} level files are valid", file=sys.stderr)
    return 1 if bad else 0


def level_schema() -> dict:
    from game.games import GAMES
    from game.levels.loader import MAX_LEVEL_BYTES
    from game.userfiles import MAX_DEPTH

    variants = [g.level_model.model_json_schema() for g in GAMES.values()]
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "MotorPlay level file",
            "description": f"A level file is UTF-8 TOML (a byte-order mark is accepted) of at most "
                           f"{MAX_LEVEL_BYTES:,} bytes, with tables and lists nested at most {MAX_DEPTH} deep, "
                           "in the folder of its game (levels/<game>/).",
            "oneOf": variants}


def cmd_score(args: argparse.Namespace) -> int:
    from game.events import read_events
    from game.levels.loader import load_level
    from game.scoring import check_events, score_report

    loaded = load_level(args.level)
    events = read_events(args.events)
    check_events(loaded, events, args.events)
    for name, value, lo, hi in (("--audio-latency-ms", args.audio_latency_ms, 0, 500),
                                ("--stopped-at-s", args.stopped_at_s, 0, 24 * 3600)):
        if value is not None and not lo <= value <= hi:
            raise UserError(f"{name} must be between {lo} and {hi} (got {value:g})")
    # Every game's scorer takes the options it knows and ignores the rest.
    options: dict[str, object] = {"audio_latency_ms": args.audio_latency_ms}
    if args.stopped_at_s is not None:
        options["stopped_at_s"] = args.stopped_at_s
    if args.mm_per_unit is not None:
        from game.metrics.millimetres import (
            SETTINGS_KEY,
            given_scale,
            mm_per_unit_problem,
        )

        problem = mm_per_unit_problem(args.mm_per_unit)
        if problem:
            raise UserError(f"--mm-per-unit {problem}")
        options[SETTINGS_KEY] = given_scale(args.mm_per_unit)
    print(json.dumps(score_report(loaded, events, **options)))
    return 0


def cmd_play(args: argparse.Namespace) -> int:
    from game.levels.loader import load_level

    when = play_date(args.date)
    loaded = load_level(args.level)
    if args.headless and not args.events:
        raise UserError("play --headless needs --events EVENTS.jsonl (the input to play)")
    if when is not None and not args.headless:
        raise UserError("play --date needs --headless (a live game is played now)")
    events = None
    if args.events:
        from game.events import read_events
        from game.scoring import check_events

        events = read_events(args.events)
        check_events(loaded, events, args.events)
    db = _open_db(args)
    try:
        child = db.get_or_add_child(args.child or "Guest")
        if args.headless:
            from game.headless import play_headless

            def report(attempt_id: int | None, saved) -> None:
                # One line per attempt the moment it is safely stored (also late, once the disk has room);
                # attempt_id null: not in the records file yet but kept safe in `kept_in`.
                record = getattr(saved, "record", None)
                line = {"attempt_id": attempt_id, "game": record.game if record else loaded.game,
                        "level": record.level_title if record else loaded.title,
                        "status": saved.status, "metrics": saved.metrics}
                if attempt_id is None:
                    line["kept_in"] = getattr(saved, "kept_in", None)
                print(json.dumps(line), flush=True)

            play_headless(db, child, loaded, events or [], on_attempt=report, when=when)
            return 0
        from game.app import run_live
        from game.scenes.levels import play_scene

        run_live(lambda ctx: play_scene(ctx, child, [loaded], 0), db, fullscreen=args.fullscreen)
        return 0
    finally:
        db.close()


def play_date(text: str | None):
    """`--date` as an aware local datetime: YYYY-MM-DDTHH:MM (seconds allowed), local time; None if not given."""
    from datetime import datetime

    if text is None:
        return None
    try:
        if len(text) not in (16, 19) or text[4] != "-" or text[7] != "-" or text[10] != "T" or text[13] != ":":
            raise ValueError(text)
        return datetime.fromisoformat(text).astimezone()
    except (ValueError, OverflowError, OSError):
        raise UserError(f"--date must be a real local date and time as YYYY-MM-DDTHH:MM (got {text})") from None


def cmd_progress(args: argparse.Namespace) -> int:
    from game.games import GAMES
    from game.records.series import game_trends, units_for
    from game.records.trends import as_json

    if args.game is not None and args.game not in GAMES:
        raise UserError(f"--game must be one of {', '.join(GAMES)} (got {args.game})")
    name = " ".join(args.child.split())
    db = _open_db(args, existing=f"no child called {name} to show")
    try:
        child = _child_named(db, name)
        rows = list(db.attempts(child.name, with_events=False))
    finally:
        db.close()
    played = {r.game for r in rows}
    games = [args.game] if args.game else [g for g in GAMES if g in played]
    result = {g: game_trends(rows, g) for g in games}
    if args.json:
        print(json.dumps({"child": child.name, "games": {g: {m: as_json(t) for m, t in ts.items()}
                                                         for g, ts in result.items()}}, ensure_ascii=False))
        return 0
    lines = [child.name]
    if not games:
        lines.append("  no attempts yet")
    for g in games:
        lines.append(f"{GAMES[g].title}:")
        note = units_for(rows, g).note
        if note:
            lines.append(f"  ({note})")
        for m, t in result[g].items():
            info = GAMES[g].metric(m)
            better = f", {info.better} is better" if info.better else ""
            lines.append(f"  {info.label} ({info.unit}{better})")
            for sv in t.sessions:
                value = f"{sv.value:,.{info.decimals}f}"
                lines.append(f"    {sv.when.strftime('%Y-%m-%d %H:%M')}  {value}  "
                             f"(median of {sv.n} attempt{'' if sv.n == 1 else 's'})")
            lines.append(f"    trend: {t.words}")
    print("\n".join(lines))
    return 0


def cmd_screenshot(args: argparse.Namespace) -> int:
    from game.headless import check_options, screenshot

    check_options(args.option)
    out = Path(args.out)
    if out.suffix.lower() != ".png":
        raise UserError(f"{out}: --out must name a .png file")
    events = None
    if args.events:
        from game.events import read_events

        events = read_events(args.events)
    if args.at is not None and not (0 <= args.at <= 3600):
        raise UserError(f"--at must be between 0 and 3600 seconds (got {args.at})")
    if args.demo_at is not None and not (0 <= args.demo_at <= 60):
        raise UserError(f"--demo-at must be between 0 and 60 seconds (got {args.demo_at})")
    from game.games import DEFAULT_GAME, GAMES

    if args.game is not None and args.game not in GAMES:
        raise UserError(f"--game must be one of {', '.join(GAMES)} (got {args.game})")
    window = None
    if args.window is not None:
        from game.window import parse_window

        try:
            window = parse_window(args.window)
        except ValueError as exc:
            raise UserError(f"--window {exc}") from None
    db = _open_db(args)
    try:
        screenshot(db, args.target, out, events=events, at=args.at, child_name=args.child,
                   game=args.game or DEFAULT_GAME, events_source=args.events or "", window=window,
                   demo_at=args.demo_at, options=args.option)
    finally:
        db.close()
    print(str(out))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from game.records.export import export_text

    # Export only reads: it never starts an empty records file where there was none.
    db = _open_db(args, existing=f"no child called {args.child} to export" if args.child else "nothing to export")
    try:
        if args.child and db.find_child(args.child) is None:
            raise UserError(f"no child called {args.child} in {db.path}")
        rows = list(db.attempts(args.child))
    finally:
        db.close()
    text = export_text(rows, args.format)
    if args.out:
        from game.reports.make import write_atomically

        encoding = "utf-8-sig" if args.format == "csv" else "utf-8"  # the BOM tells spreadsheets it is UTF-8
        out = Path(args.out)
        if out.is_dir():
            raise UserError(f"{out}: cannot write (it is a folder)")
        # A temporary file beside it, synced, then renamed over it: a kill half-way leaves the last export whole.
        write_atomically(out, lambda tmp: tmp.write_text(text, encoding=encoding, newline=""),
                         what="cannot write")
        print(f"MotorPlay: exported {len(rows)} attempts to {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def _report_date(text: str | None, option: str):
    from datetime import date

    if text is None:
        return None
    try:
        if len(text) != 10 or text[4] != "-" or text[7] != "-":
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise UserError(f"{option} must be a real date as YYYY-MM-DD (got {text})") from None


def cmd_report(args: argparse.Namespace) -> int:
    from game.reports import make_report

    start, end = _report_date(args.start, "--from"), _report_date(args.end, "--to")
    out = Path(args.out)
    if out.suffix.lower() not in (".html", ".pdf"):
        raise UserError(f"{out}: --out must name a .html or .pdf file")
    db = _open_db(args, existing=f"no child called {' '.join(args.child.split())} to report on")
    try:
        written = make_report(db, args.child, out, start, end)
    finally:
        db.close()
    print(str(written))
    return 0


def cmd_therapist(args: argparse.Namespace) -> int:
    db = _open_db(args, existing="no PIN to clear")
    try:
        had = db.has_pin()
        db.reset_pin()
        path = db.path
    finally:
        db.close()
    print(f"MotorPlay: therapist PIN {'cleared' if had else 'was not set'} in {path}; the next grown-up to open "
          "the therapist area chooses a new one (records are untouched)")
    return 0


def _given_passphrase(args: argparse.Namespace) -> str | None:
    """The passphrase from --passphrase-file or --passphrase-env (never from the command line itself)."""
    from game.records.archive import clean_passphrase

    if args.passphrase_file and args.passphrase_env:
        raise UserError("give --passphrase-file or --passphrase-env, not both")
    if args.passphrase_file:
        try:
            with open(args.passphrase_file, encoding="utf-8") as f:
                first = f.readline(10_000)
        except (OSError, UnicodeDecodeError) as exc:
            why = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
            raise UserError(f"{args.passphrase_file}: cannot read the passphrase ({why})") from None
        if not clean_passphrase(first):
            raise UserError(f"{args.passphrase_file}: the first line (the passphrase) is empty")
        return clean_passphrase(first)
    if args.passphrase_env:
        value = os.environ.get(args.passphrase_env)
        if not value:
            raise UserError(f"--passphrase-env {args.passphrase_env}: that environment variable is not set or empty")
        return clean_passphrase(value)
    return None


def _interactive() -> bool:
    return sys.stdin.isatty() and sys.stderr.isatty()


def cmd_transfer(args: argparse.Namespace) -> int:
    from game.records.archive import SUFFIX, check_new_passphrase, open_archive
    from game.records.transfer import NeedsName, bring_in, send

    if args.transfer_command == "name":
        db = _open_db(args)
        try:
            if args.name is not None:
                db.set_computer_name(args.name)
            print(db.computer_name())
        finally:
            db.close()
        return 0
    if args.transfer_command == "out":
        out = Path(args.out)
        if out.suffix.lower() != SUFFIX:
            raise UserError(f"{out}: --out must name a {SUFFIX} file")
        passphrase = _given_passphrase(args)
        if args.ask_passphrase:
            if passphrase is not None:
                raise UserError("--ask-passphrase asks at the terminal: leave out --passphrase-file/--passphrase-env")
            if not _interactive():
                raise UserError("--ask-passphrase needs a terminal; in a script use --passphrase-file or --passphrase-env")
            import getpass

            passphrase = getpass.getpass("Passphrase for the child file: ")
            if check_new_passphrase(passphrase) != check_new_passphrase(getpass.getpass("The same again: ")):
                raise UserError("the two passphrases differ; nothing was written")
        if passphrase is not None:
            passphrase = check_new_passphrase(passphrase)
        name = " ".join(args.child.split())
        db = _open_db(args, existing=f"no child called {name} to send")
        try:
            sent = send(db, _child_named(db, name), out, passphrase)
        finally:
            db.close()
        print(sent.words(out) + (" (protected by a passphrase)" if passphrase else ""))
        return 0
    given = _given_passphrase(args)

    def passphrase() -> str:
        if given is not None:
            return given
        if not _interactive():
            raise UserError(f"{args.file}: is protected by a passphrase; give --passphrase-file FILE or "
                            "--passphrase-env VAR")
        import getpass

        return getpass.getpass("Passphrase of the child file: ")

    db = _open_db(args)
    try:
        with open_archive(Path(args.file), passphrase) as archive:
            try:
                brought = bring_in(db, archive, args.as_name)
            except NeedsName as exc:
                if not _interactive():
                    raise UserError(f"{args.file}: {exc}; nothing was imported: give --as NAME (a child here to merge "
                                    "into, or a new name)") from None
                print(f"MotorPlay: {exc}.", file=sys.stderr)
                try:
                    answer = input(f"Merge the file's {exc.name} into {exc.here.name} here? [y/N] ").strip().lower()
                except EOFError:
                    answer = ""
                if answer not in ("y", "yes"):
                    raise UserError("nothing was imported; to bring them in as a separate child give --as NEWNAME") \
                        from None
                brought = bring_in(db, archive, exc.here.name)
    finally:
        db.close()
    print("\n".join(brought.lines()))
    return 0


def cmd_test(rest: Sequence[str]) -> int:
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    try:
        import pytest
    except ImportError:
        raise UserError("the tests need pytest: pip install 'motorplay[test]', or use python3 run.py test") from None
    return int(pytest.main([str(Path(__file__).resolve().parent.parent / "tests"), *rest]))


def cmd_app(args: argparse.Namespace) -> int:
    from game.app import run_live
    from game.scenes.children import ChildrenScene

    db = _open_db(args)
    try:
        def first(ctx):
            ctx.notices.extend(db.notices)   # shown on the first screen too (a moved file, attempts added)
            return ChildrenScene(ctx)

        run_live(first, db, fullscreen=args.fullscreen)
    finally:
        db.close()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["test"]:
        try:
            return cmd_test(argv[1:])
        except UserError as exc:
            print(f"MotorPlay: {exc}", file=sys.stderr)
            return exc.exit_code
    args = _parser().parse_args(argv)
    try:
        if args.command == "levels":
            return cmd_levels(args)
        if args.command == "score":
            return cmd_score(args)
        if args.command == "play":
            return cmd_play(args)
        if args.command == "screenshot":
            return cmd_screenshot(args)
        if args.command == "therapist":
            return cmd_therapist(args)
        if args.command == "transfer":
            return cmd_transfer(args)
        if args.command == "export":
            return cmd_export(args)
        if args.command == "report":
            return cmd_report(args)
        if args.command == "progress":
            return cmd_progress(args)
        return cmd_app(args)
    except UserError as exc:
        from game.userfiles import one_line

        print(f"MotorPlay: {one_line(exc)}", file=sys.stderr)   # one line, whatever a file put in it
        return exc.exit_code
    except sqlite3.Error as exc:
        print(f"MotorPlay: records file error ({exc})", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # noqa: BLE001 - a bug of ours: one line for the user, the details in a file
        return _report_crash(exc)


def _report_crash(exc: BaseException) -> int:
    import tempfile
    import traceback

    log = Path(tempfile.gettempdir()) / "motorplay-error.log"
    try:
        log.write_text("".join(traceback.format_exception(exc)), encoding="utf-8")
        where = f"; details in {log}"
    except OSError:
        where = ""
    print(f"MotorPlay: something went wrong inside MotorPlay ({type(exc).__name__}: {exc}){where}. "
          "Recorded attempts are safe.", file=sys.stderr)
    return 1
