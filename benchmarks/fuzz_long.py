"""The long fuzzing run: thousands of hostile files through the real CLI, and SIGKILLs mid-play.

    PYTHONPATH=. .venv/bin/python benchmarks/fuzz_long.py                 # quick: 300 levels, 150 events, 10 kills
    PYTHONPATH=. .venv/bin/python benchmarks/fuzz_long.py --levels 10000 --events 5000 --kills 100 --jobs 2

Every case is a real `python -m game ...` subprocess (tests/hostile_inputs.py makes the files,
with the same seeded mutators as tests/test_fuzz_hostile.py):

- levels: `levels check FILE` on mutated shipped levels (some in another game's folder); a
  mutated level that is still valid is also scored, and every --play-every'th one played.
- events: `score LEVEL EVENTS` on mutated valid events; every --play-every'th also
  `play --headless` (half of those with a hostile settings.toml in the data folder, and every
  printed attempt looked up in the records), every --shot-every'th also `screenshot`.
- kills: `play --headless` of a 10-attempt level with long valid events, SIGKILLed at random
  moments; every attempt it printed must be in the records, and PRAGMA integrity_check ok.

A run over --timeout seconds is hung (where it was stuck comes from a faulthandler dump);
over 5 s or 500 MB is over budget. Prints a table (tried, ok, refused, crashed, hung, multi-line
messages, lost, max seconds, max MB), then each distinct defect signature with its first
example, whose files are kept in the folder it names. Exit status 1 if any defect was found.
"""
from __future__ import annotations

import argparse
import collections
import contextlib
import io
import os
import random
import shutil
import signal
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from tests import hostile_inputs as H  # noqa: E402

COMMANDS = ("levels-check", "score", "play", "screenshot", "kill")
CLASSES = ("crashed", "hung", "traceback", "multiline", "silent", "noisy", "bad-output", "control-chars",
           "over-time", "over-memory", "lost")


@dataclass
class Record:
    command: str
    outcome: str                        # ok | problems | refused | crashed | hung | killed
    seconds: float
    max_mb: float
    defects: list[tuple[str, str]] = field(default_factory=list)
    lost: int = 0
    printed: int = 0
    what: str = ""
    files: dict[str, bytes] = field(default_factory=dict)   # the case's folder: relative path -> content
    argv: list[str] = field(default_factory=list)           # CLI arguments; "@/x" is x in the case's folder
    detail: str = ""
    reproduced: bool | None = None      # crashed or hung: did a re-run at the end do it again?


def at(root: Path, argv: list[str]) -> list[str]:
    return [str(root / a[2:]) if a.startswith("@/") else a for a in argv]


def materialize(root: Path, rec_files: dict[str, bytes], argv: list[str]) -> None:
    """Write a case's files under root, and make the data folders its command names."""
    for rel, data in rec_files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    for flag, value in zip(argv, argv[1:]):
        if flag == "--data-dir" and value.startswith("@/"):
            (root / value[2:]).mkdir(parents=True, exist_ok=True)


class Findings:
    """Records, and the first example of each distinct (class, signature), with its files on disk."""

    def __init__(self, out: Path):
        self.out = out
        self.records: list[Record] = []
        self.first: dict[tuple[str, str], tuple[Record, Path]] = {}
        self.counts: collections.Counter = collections.Counter()
        self.lock = threading.Lock()

    def add(self, rec: Record) -> None:
        with self.lock:
            self.records.append(rec)
            for defect in rec.defects:
                self.counts[defect] += 1
                if defect not in self.first:
                    folder = self.out / f"{defect[0]}-{len(self.first) + 1:03d}"
                    folder.mkdir(parents=True, exist_ok=True)
                    materialize(folder, rec.files, rec.argv)
                    again = " ".join(a[2:] if a.startswith("@/") else a for a in rec.argv)
                    (folder / "README.txt").write_text(
                        f"{defect[0]}: {defect[1]}\ncase: {rec.what}\n"
                        f"again: cd {folder} && SDL_VIDEODRIVER=dummy PYTHONPATH={ROOT} {sys.executable} -m game {again}\n"
                        f"{rec.detail}\n", encoding="utf-8")
                    self.first[defect] = (rec, folder)


def _detail(run: H.Run) -> str:
    return (f"exit: {run.rc}  seconds: {run.seconds:.2f}  max MB: {run.max_mb:.0f}\n"
            f"--- stderr (first 3000 characters)\n{run.stderr[:3000]}\n--- stdout (first 1000)\n{run.stdout[:1000]}\n"
            f"--- crash log\n{run.crash_log[-4000:]}")


def check_run(command: str, run: H.Run, paths: tuple[str, ...], budget_s: float, budget_mb: float) -> Record:
    verdict = H.judge(command, run.rc, run.stdout, run.stderr, hung=run.hung, crash_log=run.crash_log, paths=paths)
    defects = list(verdict.defects)
    ctl = H.control_char_signature(command, run.stdout, run.stderr)
    if ctl and verdict.outcome != "crashed":
        defects.append(("control-chars", ctl))
    # Grouped by where it was (hung or crashed: the innermost frame in game/), else by outcome alone.
    where = H.innermost_game_frame(run.crash_log or run.stderr) if verdict.outcome in ("hung", "crashed") else ""
    tail = f"{verdict.outcome}{' in ' + where if where and where != '?' else ''}"
    if not run.hung and run.seconds > budget_s:
        defects.append(("over-time", f"{command}: over {budget_s:g} s ({tail})"))
    if run.max_mb > budget_mb:
        defects.append(("over-memory", f"{command}: over {budget_mb:g} MB ({tail})"))
    return Record(command, verdict.outcome, run.seconds, run.max_mb, defects, detail=_detail(run))


class Fuzz:
    def __init__(self, args: argparse.Namespace, findings: Findings, work: Path):
        self.args = args
        self.findings = findings
        self.work = work
        self.valid_events: dict[Path, str] = {}
        self.vlock = threading.Lock()

    def run(self, command: str, argv: list[str], root: Path, what: str, files: dict[str, bytes],
            kill_after: float | None = None) -> tuple[Record, H.Run]:
        """One command on a case's files (written under root first); "@/x" in argv is root/x."""
        materialize(root, files, argv)
        run = H.run_cli(at(root, argv), timeout=self.args.timeout, kill_after=kill_after,
                        mem_limit_mb=self.args.mem_limit_mb)
        paths = tuple(str(root / a[2:]) for a in argv if a.startswith("@/")) + (str(root),)
        rec = check_run(command, run, paths, self.args.budget_s, self.args.budget_mb)
        rec.what, rec.files, rec.argv = what, dict(files), list(argv)
        return rec, run

    def events_for(self, level: Path) -> str:
        with self.vlock:
            if level not in self.valid_events:
                self.valid_events[level] = H.make_events_case(level, [], 0).text
            return self.valid_events[level]

    def play(self, level: str, events: str, root: Path, what: str, files: dict[str, bytes],
             settings: str | None = None, budget: bool = True, kill_after: float | None = None) -> Record:
        if settings is not None:
            files = {**files, "data/settings.toml": H.to_bytes(settings)}
            what += " [hostile settings.toml]"
        rec, run = self.run("play", ["play", level, "--events", events, "--headless", "--data-dir", "@/data"], root, what,
                            files, kill_after=kill_after)
        if not budget:  # our own long level, made to last: not a budget question
            rec.defects = [d for d in rec.defects if d[0] not in ("over-time", "over-memory")]
        printed = H.printed_attempt_ids(run.stdout)
        stored, integrity = H.stored_attempts(root / "data")
        rec.printed = len(printed)
        rec.lost = len(set(printed) - stored)
        if kill_after is not None:
            rec.command = "kill"
            if run.killed:
                rec.outcome, rec.defects = "killed", []
        if rec.lost:
            rec.defects.append(("lost", f"{rec.command}: printed attempt(s) missing from the records"))
        if integrity not in ("ok", "missing"):
            rec.defects.append(("lost", f"{rec.command}: records file integrity_check: {integrity[:60]}"))
        return rec

    # ---------------------------------------------------------------- one level case
    def level_case(self, i: int) -> list[Record]:
        seed = self.args.seed * 1_000_003 + i
        case = H.random_level_case(random.Random(seed), seed)
        what = f"level #{i}: {case.describe()}"
        level = f"@/{case.folder}/L{i}.toml"  # the folder says which game's levels it is among
        files = {level[2:]: case.data}
        out: list[Record] = []
        with tempfile.TemporaryDirectory(dir=self.work) as d:
            root = Path(d)
            rec, _ = self.run("levels-check", ["levels", "check", level], root, what, files)
            out.append(rec)
            if rec.outcome == "ok":  # still a valid level: score it, and sometimes play it
                files["valid.jsonl"] = self.events_for(case.base).encode("utf-8")
                rec, _ = self.run("score", ["score", level, "@/valid.jsonl"], root, what, files)
                out.append(rec)
                if self.args.play_every and i % self.args.play_every == 0:
                    out.append(self.play(level, "@/valid.jsonl", root, what, files))
        return out

    # ---------------------------------------------------------------- one events case
    def events_case(self, i: int) -> list[Record]:
        seed = self.args.seed * 1_000_003 + 500_000 + i
        rng = random.Random(seed)
        big = self.args.big or rng.random() < 0.1
        case = H.random_events_case(rng, seed, big=big)
        what = f"events #{i}: {case.describe()}"
        level, events = str(case.level), f"@/E{i}.jsonl"
        files = {events[2:]: case.data}
        out: list[Record] = []
        with tempfile.TemporaryDirectory(dir=self.work) as d:
            root = Path(d)
            rec, _ = self.run("score", ["score", level, events], root, what, files)
            out.append(rec)
            if self.args.play_every and i % self.args.play_every == 0:
                settings = None
                if rng.random() < 0.5:
                    settings = H.make_settings_text(H.pick_steps(rng, H.SETTINGS_WEIGHTS), seed)
                out.append(self.play(level, events, root, what, files, settings))
            if self.args.shot_every and i % self.args.shot_every == 0:
                rec, _ = self.run("screenshot", ["screenshot", level, "--events", events, "--out", "@/shot.png",
                                                 "--data-dir", "@/shotdata"], root, what, files)
                out.append(rec)
        return out

    # ---------------------------------------------------------------- kills
    def kill_group(self, group: int, kills: int) -> list[Record]:
        """Kills into one records folder (each run opens what the last kill left); a full run first, to time them."""
        game = H.GAME_NAMES[group % len(H.GAME_NAMES)]
        rng = random.Random(self.args.seed * 1_000_003 + 900_000 + group)
        root = Path(tempfile.mkdtemp(dir=self.work))
        try:
            level = root / f"{game}.toml"
            level.write_text(H.KILL_LEVELS[game], encoding="utf-8")
            events = H.render_events(H.valid_events(H.loaded_level(level), rng))
            files = {f"{game}.toml": level.read_bytes(), "events.jsonl": events.encode("utf-8")}
            what = f"kill group {group} ({game}, 10 attempts)"
            full = self.play(f"@/{game}.toml", "@/events.jsonl", root, what + ": full run", files, budget=False)
            out = [full]
            span = max(0.5, full.seconds * 1.1)
            for k in range(kills):
                moment = rng.uniform(0.05, span)
                out.append(self.play(f"@/{game}.toml", "@/events.jsonl", root, f"{what}: kill {k} at {moment:.2f} s",
                                     files, budget=False, kill_after=moment))
        finally:
            shutil.rmtree(root, ignore_errors=True)
        return out

    # ---------------------------------------------------------------- re-runs
    def recheck(self, rec: Record) -> bool:
        """Run a crashed or hung case again: does it do it again? (Not if the code changed under the run,
        or if the machine was only busy.)"""
        classes = {d[0] for d in rec.defects} & {"crashed", "hung"}
        with tempfile.TemporaryDirectory(dir=self.work) as d:
            again, _ = self.run(rec.command, rec.argv, Path(d), rec.what, rec.files)
        return bool(classes & {d[0] for d in again.defects})


def summarize(findings: Findings, started: float, args: argparse.Namespace) -> int:
    rows = collections.OrderedDict((c, collections.Counter()) for c in COMMANDS)
    worst: dict[str, tuple[float, float]] = {c: (0.0, 0.0) for c in COMMANDS}
    for r in findings.records:
        row = rows[r.command]
        row["tried"] += 1
        row["outcome:" + r.outcome] += 1
        for cls in {d[0] for d in r.defects}:
            row[cls] += 1
        row["lost"] += r.lost
        row["printed"] += r.printed
        s, mb = worst[r.command]
        worst[r.command] = (max(s, r.seconds if r.outcome != "killed" else 0.0), max(mb, r.max_mb))
    cols = ("tried", "ok", "problems", "refused", "crashed", "hung", "multiline", "other", "lost", "over budget",
            "max s", "max MB")
    print()
    print(f"MotorPlay fuzz: seed {args.seed}, {time.monotonic() - started:.0f} s, timeout {args.timeout:g} s, "
          f"budget {args.budget_s:g} s / {args.budget_mb:g} MB")
    print(f"{'command':<13}" + "".join(f"{c:>12}" for c in cols))
    total = collections.Counter()
    for cmd, row in rows.items():
        if not row["tried"]:
            continue
        other = sum(row[c] for c in ("traceback", "silent", "noisy", "bad-output", "control-chars"))
        values = {"tried": row["tried"], "ok": row["outcome:ok"] + row["outcome:killed"],
                  "problems": row["outcome:problems"], "refused": row["outcome:refused"],
                  "crashed": row["outcome:crashed"], "hung": row["outcome:hung"],
                  "multiline": row["multiline"], "other": other, "lost": row["lost"],
                  "over budget": row["over-time"] + row["over-memory"]}
        total.update(values)
        most_s, most_mb = (f"{worst[cmd][0]:.1f}", f"{worst[cmd][1]:.0f}") if cmd != "kill" else ("-", "-")
        print(f"{cmd:<13}" + "".join(f"{values[c]:>12}" for c in cols[:-2]) + f"{most_s:>12}{most_mb:>12}")
    print(f"{'total':<13}" + "".join(f"{total[c]:>12}" for c in cols[:-2]))
    printed = sum(r.printed for r in findings.records)
    kills = [r for r in findings.records if r.command == "kill"]
    if kills:
        landed = [r for r in kills if r.outcome == "killed"]
        print(f"kills: {len(landed)} of {len(kills)} SIGKILLed mid-run ({sum(1 for r in landed if r.printed)} after "
              f"attempts were printed, {sum(r.printed for r in landed)} printed in all), "
              f"{sum(r.lost for r in kills)} printed attempts lost")
    print(f"\n(ok: exit 0, kills included; problems: levels check exit 1; lost: printed attempts missing from the "
          f"records, of {printed} printed; other: tracebacks, silent refusals, stderr noise, raw control characters)")
    print(f"\ntried {total['tried']}, crashed {total['crashed']}, hung {total['hung']}, lost {total['lost']}, "
          f"multi-line {total['multiline']}, over budget {total['over budget']}")
    if not findings.first:
        print("\nno defects found")
        return 0
    print(f"\n{len(findings.first)} distinct defect signatures (first example of each kept in {findings.out}):")
    order = {c: i for i, c in enumerate(CLASSES)}
    for (cls, sig), (rec, folder) in sorted(findings.first.items(), key=lambda kv: (order.get(kv[0][0], 99), kv[0][1])):
        flag = {True: " (again on a re-run)", False: " (NOT again on a re-run: the code changed, or the machine "
                "was busy)", None: ""}[rec.reproduced if cls in ("crashed", "hung") else None]
        print(f"  [{cls}] x{findings.counts[(cls, sig)]}: {sig}{flag}\n      e.g. {rec.what}\n      files: {folder}")
    return 1


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--levels", type=int, default=300, help="mutated level files (the issue's long run: 10000)")
    p.add_argument("--events", type=int, default=150, help="mutated events files (long run: 5000)")
    p.add_argument("--kills", type=int, default=10, help="SIGKILLs of play --headless mid-run (long run: 100)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--jobs", type=int, default=2, help="runs at once")
    p.add_argument("--timeout", type=float, default=20.0, help="seconds after which a run counts as hung")
    p.add_argument("--budget-s", type=float, default=H.BUDGET_S, help="the product's time budget per run")
    p.add_argument("--budget-mb", type=float, default=H.BUDGET_MB, help="the product's memory budget per run")
    p.add_argument("--mem-limit-mb", type=float, default=8000, help="address-space limit of each run")
    p.add_argument("--play-every", type=int, default=10, help="also play --headless every Nth case (0: never)")
    p.add_argument("--shot-every", type=int, default=25, help="also screenshot every Nth events case (0: never)")
    p.add_argument("--big", action="store_true", help="every events case may be many megabytes (default: 1 in 10)")
    p.add_argument("--out", type=Path, default=None, help="folder for failing inputs (default: a new temp folder)")
    args = p.parse_args(argv)

    out = args.out or Path(tempfile.mkdtemp(prefix=f"motorplay-fuzz-{args.seed}-"))
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="motorplay-fuzz-work-"))
    findings = Findings(out / "failures")
    fuzz = Fuzz(args, findings, work)
    started = time.monotonic()
    print(f"MotorPlay fuzz: {args.levels} levels, {args.events} events, {args.kills} kills, seed {args.seed}, "
          f"{args.jobs} jobs; failing inputs go to {findings.out}", file=sys.stderr, flush=True)
    jobs = [(fuzz.level_case, (i,)) for i in range(args.levels)]
    jobs += [(fuzz.events_case, (i,)) for i in range(args.events)]
    per_group = 4  # kills into one records folder; groups rotate over the games
    jobs += [(fuzz.kill_group, (g, min(per_group, args.kills - g * per_group)))
             for g in range((args.kills + per_group - 1) // per_group)]
    random.Random(args.seed).shuffle(jobs)  # mix cheap and costly runs across the workers
    done = 0
    step = max(1, len(jobs) // 20)
    pool = ThreadPoolExecutor(max_workers=max(1, args.jobs))

    def on_term(signum, frame):  # a stopped run still prints (and keeps) its summary
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_term)
    try:
        futures = [pool.submit(fn, *a) for fn, a in jobs]
        for fut in as_completed(futures):
            for rec in fut.result():
                findings.add(rec)
            done += 1
            if done % step == 0 or done == len(jobs):
                outcomes = collections.Counter(r.outcome for r in findings.records)
                print(f"  {done}/{len(jobs)} cases, {len(findings.records)} runs: crashed {outcomes['crashed']}, "
                      f"hung {outcomes['hung']}, lost {sum(r.lost for r in findings.records)}, "
                      f"{sum(findings.counts.values())} defects in all, {time.monotonic() - started:.0f} s",
                      file=sys.stderr, flush=True)
        pool.shutdown()
        rechecks = {id(rec): rec for (cls, _), (rec, _) in findings.first.items() if cls in ("crashed", "hung")}
        for rec in rechecks.values():
            rec.reproduced = fuzz.recheck(rec)
    except KeyboardInterrupt:
        print("interrupted: the summary covers the runs so far", file=sys.stderr)
        pool.shutdown(wait=False, cancel_futures=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    text = io.StringIO()
    with contextlib.redirect_stdout(text):
        status = summarize(findings, started, args)
    print(text.getvalue(), end="")
    (out / "summary.txt").write_text(text.getvalue(), encoding="utf-8")
    print(f"summary also in {out / 'summary.txt'}", file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
