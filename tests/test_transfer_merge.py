"""The merge rules on their own (game/records/merge.py): pure, symmetric, idempotent; checked over random
records with hypothesis, as a server applying them would see them."""
from __future__ import annotations

from functools import reduce

from hypothesis import given, settings
from hypothesis import strategies as st

from game.records.merge import (
    Version,
    match_child,
    merge_notes_text,
    merge_session,
    merge_setting,
    place_level,
    union,
)

TIMES = st.builds(lambda d, m, s: f"2026-11-{d:02d}T{m // 60:02d}:{m % 60:02d}:{s:02d}.000+00:00",
                  st.integers(1, 3), st.integers(0, 200), st.integers(0, 2))
VERSIONS = st.builds(Version, st.just("plan"), st.just(""), TIMES, st.sampled_from(["clinic-id-1", "home-id-22"]),
                     st.lists(st.sampled_from(["a", "b", "c"]), max_size=3))


def apply(store: tuple[Version | None, frozenset[str], dict[str, Version]], file: tuple[Version | None, list[Version]]):
    """A store (current, history ids, every version by id) after merging a file (current, history)."""
    current, history, seen = store
    incoming, incoming_history = file
    result = merge_setting(current, incoming, history, incoming_history)
    seen = dict(seen, **{v.id: v for v in (result.current, *result.replaced) if v is not None})
    history = (history - ({result.current.id} if result.restored else set())) | {v.id for v in result.replaced}
    return result.current, history, seen


def view(store) -> tuple:
    current, history, _seen = store
    return (current.id if current else None, history)


FILES = st.lists(st.tuples(st.none() | VERSIONS, st.lists(VERSIONS, max_size=3)), min_size=1, max_size=5)


@settings(max_examples=200, deadline=None)
@given(start=st.none() | VERSIONS, files=FILES, order=st.randoms(use_true_random=False))
def test_settings_merge_in_any_order_to_the_same_newest_and_history(start, files, order):
    base = (start, frozenset(), {})
    forward = reduce(apply, files, base)
    shuffled = list(files)
    order.shuffle(shuffled)
    assert view(reduce(apply, shuffled, base)) == view(forward)
    assert view(reduce(apply, files + files, base)) == view(forward)            # twice changes nothing
    every = [v for v in (start, *(f[0] for f in files), *(h for f in files for h in f[1])) if v is not None]
    currents = [v for v in (start, *(f[0] for f in files)) if v is not None]
    if currents:
        assert forward[0].id == max(currents, key=Version.order).id              # the most recently changed wins
        assert forward[0].id not in forward[1]
    # every version seen is kept: the current one, or in the history
    assert {v.id for v in every} <= forward[1] | ({forward[0].id} if forward[0] else set())


def test_equal_times_are_broken_the_same_way_everywhere():
    a = Version("plan", "", "2026-11-02T10:00:00.000+00:00", "clinic", ["a"])
    b = Version("plan", "", "2026-11-02T10:00:00.000+00:00", "home", ["b"])
    assert merge_setting(a, b).current == merge_setting(b, a).current == b     # "home" > "clinic"
    assert merge_setting(a, b).replaced == (a,)
    assert merge_setting(b, a).replaced == (a,) and merge_setting(b, a).changed is False


SESSIONS = st.builds(lambda s, e, note, v: {"uid": "s1", "started_at": s, "ended_at": e, "note": note, "app_version": v},
                     TIMES, st.none() | TIMES, st.none() | st.sampled_from(["", "tired", "happy", "tired; happy"]),
                     st.sampled_from(["0.1.0", "0.2.0"]))


def _fold(here, incoming):
    merged = merge_session(here, incoming)
    return here if merged is None else merged


@settings(max_examples=200, deadline=None)
@given(copies=st.lists(SESSIONS, min_size=2, max_size=4), order=st.randoms(use_true_random=False))
def test_a_session_on_both_sides_merges_the_same_in_any_order(copies, order):
    forward = reduce(_fold, copies[1:], copies[0])
    shuffled = list(copies)
    order.shuffle(shuffled)
    assert reduce(_fold, shuffled[1:], shuffled[0]) == forward
    assert merge_session(forward, forward) is None                              # nothing new: nothing to write
    assert forward["started_at"] == min((c["started_at"] for c in copies), key=lambda t: t)


def test_a_session_covers_both_copies():
    here = {"uid": "s", "started_at": "2026-11-02T10:00:00+00:00", "ended_at": "2026-11-02T10:05:00+00:00",
            "note": None, "app_version": "0.1.0"}
    there = dict(here, ended_at="2026-11-02T10:20:00+00:00", note="fine")
    assert merge_session(here, there) == dict(here, ended_at="2026-11-02T10:20:00+00:00", note="fine")
    assert merge_notes_text("tired", "happy") == merge_notes_text("happy", "tired") == "happy; tired"
    assert merge_notes_text("happy; tired", "tired") == "happy; tired"


def test_union_adds_only_what_is_not_here_and_never_changes_what_is():
    here = {"a", "b"}
    new, already = union(here, [{"uid": "a", "x": 9}, {"uid": "c"}, {"uid": "c"}, {"uid": "d"}])
    assert [r["uid"] for r in new] == ["c", "d"] and already == 2      # the second "c" is here by then


def test_levels_are_placed_by_content_and_never_over_another_file():
    here = {"easy_road.toml": "1" * 64, "easy_road_2.toml": "2" * 64}
    assert place_level("easy_road.toml", "2" * 64, here) == ("easy_road_2.toml", False)   # the same content: that file
    assert place_level("easy_road.toml", "3" * 64, here) == ("easy_road_3.toml", True)
    assert place_level("hill.toml", "3" * 64, here) == ("hill.toml", True)
    assert place_level("EASY_ROAD.toml", "4" * 64, here) == ("EASY_ROAD_3.toml", True)   # names differ by case only


def test_a_child_is_the_same_child_only_by_id():
    here = [(1, "Ada", ["u-ada"]), (2, "Bo", ["u-bo", "u-bo-home"])]
    assert match_child(["u-bo-home"], "Bobby", here).kind == "same"
    assert match_child(["u-other"], " ada ", here).kind == "name_taken"
    assert match_child(["u-other"], "Cy", here).kind == "new"
