"""Pegs level files: every mistake is one line naming its field; shipped levels are valid; the CLI scores and plays them."""
from __future__ import annotations

import json

import pytest

from game.events import events_to_jsonl
from game.games.pegs.level import hole_positions, tray_positions
from game.levels.loader import LevelError, check_level, load_level, parse_level
from game.paths import levels_dir
from tests.builders import run_cli
from tests.pegs_builders import carries

EXAMPLE = '''format = 1
game = "pegs"
title = "Nine little friends"
[pegs]
peg_radius = 22
hole_radius = 30
holes = [[560, 280], [640, 280], [720, 280]]
tray = [[200, 300], [200, 380], [200, 460]]
order = "any"
return_pegs = false
time_limit_s = 120
'''


def problems(text: str) -> list[tuple[str, str]]:
    with pytest.raises(LevelError) as err:
        parse_level(text, "lv.toml")
    return [(p.field, p.message) for p in err.value.problems]


def swap(line_from: str, line_to: str) -> str:
    assert line_from in EXAMPLE
    return EXAMPLE.replace(line_from, line_to)


def test_the_contract_example_loads():
    spec = parse_level(EXAMPLE, "lv.toml").level.pegs
    assert hole_positions(spec) == [(560, 280), (640, 280), (720, 280)]
    assert tray_positions(spec) == [(200, 300), (200, 380), (200, 460)]
    assert spec.order == "any" and spec.return_pegs is False and spec.time_limit_s == 120


def test_a_grid_and_a_side_tray_put_everything_where_it_says():
    text = swap("holes = [[560, 280], [640, 280], [720, 280]]\ntray = [[200, 300], [200, 380], [200, 460]]\n",
                'layout = "grid"\nrows = 2\ncols = 3\nspacing = 100\ncenter = [700, 400]\ntray_side = "right"\n')
    spec = parse_level(text, "lv.toml").level.pegs
    assert hole_positions(spec) == [(600, 350), (700, 350), (800, 350), (600, 450), (700, 450), (800, 450)]
    tray = tray_positions(spec)
    assert len(tray) == 6 and all(x > 1000 for x, _ in tray)
    assert len({round(y) for _, y in tray}) == 5   # one column of five, then the sixth beside it


@pytest.mark.parametrize("text, field, words", [
    (swap("order = \"any\"", "order = \"any\"\ncolour = \"red\""), "pegs.colour", "unknown"),
    (swap("hole_radius = 30", "hole_radius = 200"), "pegs.hole_radius", "120"),
    (swap("hole_radius = 30", "hole_radius = 20"), "pegs.hole_radius", "smaller than peg_radius"),
    (swap("order = \"any\"", "order = \"random\""), "pegs.order", "any"),
    (swap("time_limit_s = 120", "time_limit_s = 1"), "pegs.time_limit_s", "5"),
    (swap("order = \"any\"", 'layout = "grid"\nrows = 1\ncols = 3\nspacing = 80'),
     "pegs.holes", "exactly one of holes"),
    (swap("holes = [[560, 280], [640, 280], [720, 280]]", ""), "pegs.holes", "exactly one of holes"),
    (swap("holes = [[560, 280], [640, 280], [720, 280]]", 'layout = "grid"\nrows = 1\ncols = 3'),
     "pegs.spacing", "required"),
    (swap("order = \"any\"", "spacing = 80"), "pegs.spacing", "only applies"),
    (swap("order = \"any\"", 'tray_side = "left"'), "pegs.tray", "exactly one of tray"),
    (swap("tray = [[200, 300], [200, 380], [200, 460]]", ""), "pegs.tray", "exactly one of tray"),
    (swap("tray = [[200, 300], [200, 380], [200, 460]]", "tray = [[200, 300], [200, 380]]"),
     "pegs.tray", "2 spots for 3 holes"),
    (swap("[720, 280]]", "[1270, 280]]"), "pegs.holes[2]", "off the"),
    (swap("[720, 280]]", "[680, 280]]"), "pegs.holes[2]", "overlap"),
    (swap("[200, 460]]", "[200, 710]]"), "pegs.tray[2]", "off the"),
    (swap("[200, 460]]", "[200, 390]]"), "pegs.tray[2]", "overlap"),
    (swap("[200, 460]]", "[700, 300]]"), "pegs.tray[2]", "clear of the holes"),
    (swap("holes = [[560, 280], [640, 280], [720, 280]]", 'layout = "grid"\nrows = 1\ncols = 3\nspacing = 50'),
     "pegs.spacing", "overlap"),
    (swap("holes = [[560, 280], [640, 280], [720, 280]]", 'layout = "grid"\nrows = 6\ncols = 5\nspacing = 80'),
     "pegs.rows", "5"),
    (swap("peg_radius = 22", 'peg_radius = "big"'), "pegs.peg_radius", "number"),
    (swap("return_pegs = false", 'return_pegs = "yes"'), "pegs.return_pegs", "true or false"),
])
def test_every_mistake_names_its_field(text, field, words):
    found = problems(text)
    assert any(f == field and words in msg for f, msg in found), found


def test_more_than_25_holes_are_refused():
    holes = ", ".join(f"[{100 + 40 * (i % 25)}, {300 + 100 * (i // 25)}]" for i in range(26))
    found = problems(swap("holes = [[560, 280], [640, 280], [720, 280]]", f"holes = [{holes}]"))
    assert any(f == "pegs.holes" and "25" in msg for f, msg in found), found


def test_shipped_pegs_levels_are_valid_and_cover_the_brief():
    files = sorted(levels_dir("pegs").glob("*.toml"))
    assert len(files) >= 10
    assert [p for f in files for p in check_level(f)] == []
    specs = [load_level(f).level.pegs for f in files]
    counts = [len(hole_positions(s)) for s in specs]
    assert counts[0] == 3 and 9 in counts
    assert {s.tray_side for s in specs} >= {"left", "right"}
    assert any(s.order == "fixed" for s in specs)
    assert any(s.return_pegs and len(hole_positions(s)) == 9 for s in specs)
    assert min(s.hole_radius for s in specs) < max(s.hole_radius for s in specs)


def _perfect_events(level_path, tmp_path):
    spec = load_level(level_path).level.pegs
    holes, tray = hole_positions(spec), tray_positions(spec)
    moves = [(tray[i], holes[i]) for i in range(len(holes))]
    if spec.return_pegs:
        moves += [(holes[i], tray[i]) for i in range(len(holes))]
    path = tmp_path / "events.jsonl"
    path.write_text(events_to_jsonl(carries(moves)), encoding="utf-8")
    return path, len(holes)


def test_score_cli_scores_a_level_and_events(tmp_path):
    level = levels_dir("pegs") / "11_nine_hole_peg_test.toml"
    events, n = _perfect_events(level, tmp_path)
    out = run_cli("score", str(level), str(events))
    assert out.returncode == 0, out.stderr
    m = json.loads(out.stdout)["metrics"]
    assert m["pegs_placed"] == n == 9 and m["drops"] == 0 and m["board_finished"] is True
    assert m["path_efficiency_pct"] == pytest.approx(100.0)
    assert m["return_time_s"] is not None and m["total_time_s"] > m["return_time_s"]


def test_play_headless_then_score_agree(tmp_path, data_dir):
    level = levels_dir("pegs") / "05_nine_little_friends.toml"
    events, _ = _perfect_events(level, tmp_path)
    played = run_cli("play", str(level), "--child", "Bo", "--events", str(events), "--headless", data_dir=data_dir)
    assert played.returncode == 0, played.stderr
    (line,) = [json.loads(x) for x in played.stdout.splitlines()]
    scored = json.loads(run_cli("score", str(level), str(events)).stdout)
    assert line["metrics"] == scored["metrics"]
    assert line["metrics"]["pegs_placed"] == 9 and line["status"] == "finished"
    from game.games import GAMES

    assert GAMES["pegs"].stars(line["metrics"]) == 3


def test_screenshot_mid_play_shows_the_board(tmp_path, data_dir):
    level = levels_dir("pegs") / "01_three_friends.toml"
    events, _ = _perfect_events(level, tmp_path)
    out = tmp_path / "pegs.png"
    shot = run_cli("screenshot", str(level), "--events", str(events), "--at", "1.0", "--out", str(out),
                   data_dir=data_dir)
    assert shot.returncode == 0, shot.stderr
    import pygame

    img = pygame.image.load(str(out))
    assert img.get_size()[0] >= 1280
    # the wooden board is drawn around the holes: a pixel between two holes is wood-coloured
    sx = img.get_size()[0] / 1280
    from game.games.pegs.scene import WOOD

    r, g, b, *_ = img.get_at((round(720 * sx), round(480 * sx)))
    assert abs(r - WOOD[0]) + abs(g - WOOD[1]) + abs(b - WOOD[2]) < 40
