"""Tapping levels: which pad(s) to tap on each beat of a metronome, and how fast.

Beat k (k = 0, 1, ...) falls at lead_in_s + k * 60 / tempo_bpm seconds from the attempt
start. The pattern repeats over the metronome beats and then over the continuation beats,
when the metronome is silent and the child keeps the rhythm alone.
"""
from __future__ import annotations

from types import MappingProxyType
from typing import Annotated, Literal

from pydantic import Field

from game.levels.base import LevelBase, LevelProblem, Strict, number

PATTERN_NAMES = ("alternate", "both", "left", "right")
PATTERN_LETTERS = "LRB-"
NAMED_SEQUENCES = MappingProxyType({"alternate": "LR", "both": "B", "left": "L", "right": "R"})
MAX_PATTERN = 64


class TappingSpec(Strict):
    pattern: Annotated[str, Field(strict=True, min_length=1, max_length=MAX_PATTERN)] = Field(
        description="alternate, both, left, right, or a sequence of L (left), R (right), B (both hands) and "
        "- (rest), e.g. \"LLRR\" or \"LRB-\", up to 64 letters, repeated over the beats")
    tempo_bpm: Annotated[float, number("beats per minute, from 30 to 180", ge=30, le=180)]
    beats: Annotated[int, Field(strict=True, ge=1, le=400)] = Field(
        description="beats with the metronome, a whole number from 1 to 400")
    continuation_beats: Annotated[int, Field(strict=True, ge=0, le=400)] = Field(
        0, description="beats after the metronome stops, while the child keeps the rhythm alone; "
        "a whole number from 0 to 400")
    lead_in_s: Annotated[float, number("seconds before the first beat, from 0.5 to 10", ge=0.5, le=10)] = 2.0
    window_ms: Annotated[float, number("a tap within this many ms before or after its beat counts as on "
                                       "the beat; from 20 to 1000, and less than half the time between beats",
                                       ge=20, le=1000)] = 200.0
    count_in_beats: Annotated[int, Field(strict=True, ge=0, le=8)] = Field(
        0, description="metronome clicks during the lead-in, before the first beat, that ask for no tap; "
        "a whole number from 0 to 8 that fits in lead_in_s")
    metronome_sound: Annotated[bool, Field(strict=True)] = Field(
        True, description="true or false: a click on every metronome beat")
    metronome_visual: Annotated[bool, Field(strict=True)] = Field(
        True, description="true or false: a light that pulses on every metronome beat")
    cue_ahead: Annotated[bool, Field(strict=True)] = Field(
        True, description="true or false: the pad(s) to tap glow during the beat before theirs")


class TappingLevel(LevelBase):
    game: Literal["tapping"] = Field(description="tapping")
    tapping: TappingSpec = Field(description="the [tapping] table")


def pattern_sequence(pattern: str) -> str:
    """The pattern as letters: "alternate" -> "LR", "both" -> "B", custom sequences as written."""
    return NAMED_SEQUENCES.get(pattern, pattern)


def beat_interval_s(spec: TappingSpec) -> float:
    return 60.0 / spec.tempo_bpm


def tapping_problems(level: TappingLevel, file: str) -> list[LevelProblem]:
    """Checks that span several fields, each naming the field a therapist should change."""
    spec = level.tapping
    problems: list[LevelProblem] = []
    if spec.pattern not in PATTERN_NAMES:
        bad = sorted({ch for ch in spec.pattern if ch not in PATTERN_LETTERS})
        if bad:
            problems.append(LevelProblem(
                file, "tapping.pattern", f"cannot use {', '.join(repr(c) for c in bad)} (got {spec.pattern!r}); "
                "allowed: alternate, both, left, right, or capital letters L (left), R (right), B (both) "
                "and - (rest), e.g. \"LLRR\""))
        elif set(spec.pattern) == {"-"}:
            problems.append(LevelProblem(file, "tapping.pattern", "is all rests; it needs at least one L, R or B"))
    interval_ms = 60000.0 / spec.tempo_bpm
    if spec.window_ms >= interval_ms / 2:
        problems.append(LevelProblem(
            file, "tapping.window_ms", f"{spec.window_ms:g} ms is not less than half the time between beats "
            f"({interval_ms / 2:g} ms at {spec.tempo_bpm:g} bpm), so one tap could belong to two beats; "
            f"make window_ms less than {interval_ms / 2:g} or tempo_bpm slower"))
    if spec.count_in_beats * interval_ms / 1000 > spec.lead_in_s + 1e-9:
        problems.append(LevelProblem(
            file, "tapping.count_in_beats", f"{spec.count_in_beats} clicks at {spec.tempo_bpm:g} bpm take "
            f"{spec.count_in_beats * interval_ms / 1000:g} s, longer than lead_in_s = {spec.lead_in_s:g} s; "
            "use fewer count-in clicks or a longer lead_in_s"))
    if not problems:
        seq = pattern_sequence(spec.pattern)
        total = spec.beats + spec.continuation_beats
        if all(seq[k % len(seq)] == "-" for k in range(total)):
            problems.append(LevelProblem(file, "tapping.beats", f"the first {total} beats of the pattern are "
                                         "all rests; add beats or start the pattern with L, R or B"))
    return problems


def tapping_difficulty(level: TappingLevel) -> dict[str, object]:
    """The fields a therapist turns to make tapping easier or harder, for exports and charts."""
    spec = level.tapping
    return {
        "pattern": spec.pattern,
        "tempo_bpm": spec.tempo_bpm,
        "beats": spec.beats,
        "continuation_beats": spec.continuation_beats,
        "window_ms": spec.window_ms,
        "metronome": "+".join(n for n, on in (("sound", spec.metronome_sound),
                                               ("visual", spec.metronome_visual)) if on) or "none",
    }


def for_hand(loaded, hand: str) -> dict[str, object] | None:
    """The access option Hand: the pattern starts with the playing hand's drum. A pattern whose first
    one-hand beat is the other hand's is swapped left for right ("alternate" becomes "RL", "left" becomes
    "right", "LLRB" becomes "RRLB"); one that starts with that hand, or asks only for both, stays."""
    seq = pattern_sequence(loaded.level.tapping.pattern)
    first = next((c for c in seq if c in "LR"), None)
    if first is None or first == hand[:1].upper():
        return None
    swapped = seq.translate(str.maketrans("LR", "RL"))
    named = {letters: name for name, letters in NAMED_SEQUENCES.items()}
    return {"tapping.pattern": named.get(swapped, swapped)}
