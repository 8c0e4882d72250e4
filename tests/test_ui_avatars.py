"""Avatars: every animal draws, and each looks different from all the others."""
import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import itertools  # noqa: E402

import numpy as np  # noqa: E402
import pygame  # noqa: E402
import pytest  # noqa: E402

from game.ui import avatars  # noqa: E402

BG = (253, 247, 234)


def _render(name, size=200, radius=90):
    s = pygame.Surface((size, size))
    s.fill(BG)
    avatars.draw_avatar(s, name, (size // 2, size // 2), radius)
    return pygame.surfarray.array3d(s).astype(int)


def test_at_least_eight_unique_animals():
    assert len(avatars.AVATARS) >= 8
    assert len(set(avatars.AVATARS)) == len(avatars.AVATARS)


@pytest.mark.parametrize("name", avatars.AVATARS)
def test_avatar_is_drawn_and_stays_in_its_circle(name):
    px = _render(name, size=300, radius=90)
    changed = np.any(px != BG, axis=2)
    assert changed.sum() / (180 * 180) > 0.25  # plenty of the 180x180 box is animal
    ys, xs = np.nonzero(changed.T)
    # nothing outside the (center, radius) square (1 px of smoothing allowed)
    assert xs.min() >= 150 - 91 and xs.max() <= 150 + 91
    assert ys.min() >= 150 - 91 and ys.max() <= 150 + 91
    # a face has eyes: some very dark pixels, and shiny highlights (near white)
    assert np.any(px.sum(axis=2) < 200)
    assert np.any(px.min(axis=2) > 245)


def test_avatars_differ_from_each_other():
    imgs = {n: _render(n) for n in avatars.AVATARS}
    for a, b in itertools.combinations(avatars.AVATARS, 2):
        diff = np.abs(imgs[a] - imgs[b]).sum(axis=2)
        assert (diff > 60).mean() > 0.10, (a, b)


def test_each_animal_has_its_own_colour():
    cols = {n: np.array(avatars.avatar_color(n)) for n in avatars.AVATARS}
    for a, b in itertools.combinations(avatars.AVATARS, 2):
        assert np.abs(cols[a] - cols[b]).sum() > 40, (a, b)


def test_labels():
    assert avatars.avatar_label("cat") == "Cat"
    for n in avatars.AVATARS:
        assert avatars.avatar_label(n)[0].isupper()
    with pytest.raises(ValueError):
        avatars.avatar_label("dragon")
    with pytest.raises(ValueError):
        avatars.draw_avatar(pygame.Surface((10, 10)), "dragon", (5, 5), 4)


@pytest.mark.parametrize("radius", [1, 8, 32, 150])
def test_any_size_draws(radius):
    s = pygame.Surface((400, 400))
    s.fill((0, 0, 0))
    avatars.draw_avatar(s, "owl", (200, 200), radius)
    px = pygame.surfarray.array3d(s)
    drawn = np.argwhere(px.any(axis=2))
    assert len(drawn) > 0                                   # something is drawn at every size ...
    reach = np.abs(drawn - 200).max()
    assert reach <= radius + 2                              # ... and it stays inside its circle


def test_drawing_is_deterministic():
    assert np.array_equal(_render("lion"), _render("lion"))
