"""The pegs scene: pegs drawn where the round has them; live play and re-scoring agree."""
from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame  # noqa: E402

from game.events import Event  # noqa: E402
from game.games.pegs.scene import peg_color  # noqa: E402
from game.headless import play_headless, screenshot  # noqa: E402
from game.levels.loader import parse_level  # noqa: E402
from game.records.db import Database  # noqa: E402
from game.scoring import score_attempt  # noqa: E402
from tests.pegs_builders import carry  # noqa: E402

LEVEL = '''format = 1
game = "pegs"
title = "Pixels"
attempts = 2
[pegs]
peg_radius = 40
hole_radius = 50
holes = [[700, 400], [900, 400], [1100, 400]]
tray = [[200, 250], [200, 400], [200, 550]]
'''


def _pixel(path, x, y):
    img = pygame.image.load(str(path))
    s = img.get_width() / 1280
    return tuple(img.get_at((round(x * s), round(y * s))))[:3]


def _near(a, b, tol=40):
    return sum(abs(p - q) for p, q in zip(a, b)) < tol


def test_a_carried_peg_follows_the_pointer_and_a_placed_one_sits_in_its_hole(tmp_path, data_dir):
    level = tmp_path / "pixels.toml"
    level.write_text(LEVEL, encoding="utf-8")
    # peg 0 into hole 0; peg 1 carried half way, held at (500, 250) when the picture is taken
    events = carry(0.2, (200, 250), (700, 400), 0.4) + carry(1.0, (200, 400), (500, 250), 0.4, up=False)
    out = tmp_path / "mid.png"
    db = Database.open(data_dir)
    try:
        screenshot(db, str(level), out, events=events, at=1.6)
    finally:
        db.close()
    # the body colour below each face (0.7 of the radius under the centre)
    assert _near(_pixel(out, 700, 400 + 28), peg_color(0))                # placed, in hole 0
    assert _near(_pixel(out, 500, 250 - 6 + 31), peg_color(1))            # carried, lifted 6 up and 1.12 x bigger
    assert not _near(_pixel(out, 200, 400 + 28), peg_color(1))            # not in the tray any more
    assert _near(_pixel(out, 200, 550 + 28), peg_color(2))                # still waiting


def test_headless_play_of_two_tries_scores_what_the_score_function_gives(data_dir):
    loaded = parse_level(LEVEL, "pixels.toml")
    events = carry(0.2, (200, 250), (300, 600), 0.4)              # a drop first
    events += carry(1.0, (200, 250), (705, 400), 0.4) + carry(1.8, (200, 400), (900, 390), 0.4) \
        + carry(2.6, (200, 550), (1097, 404), 0.4)
    seen = []
    db = Database.open(data_dir)
    try:
        child = db.add_child("Bo", "fox")
        assert play_headless(db, child, loaded, events, on_attempt=lambda i, saved: seen.append(saved)) == 2
    finally:
        db.close()
    want = score_attempt(loaded, events)   # no screen measured: the millimetre twin is None
    assert want["pegs_placed"] == 3 and want["drops"] == 1 and want["board_finished"] is True
    assert [s.metrics for s in seen] == [want, want]
    assert [s.stars for s in seen] == [3, 3]    # finished with one drop: still three stars
    assert all(isinstance(e, Event) for e in events)
