"""Widgets, checked by pixels on a headless surface."""
import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import math  # noqa: E402

import numpy as np  # noqa: E402
import pygame  # noqa: E402
import pytest  # noqa: E402

from game.ui import theme, widgets  # noqa: E402

BG = theme.BACKGROUND
ICONS = [widgets.draw_play_icon, widgets.draw_pause_icon, widgets.draw_home_icon,
         widgets.draw_again_icon, widgets.draw_next_icon, widgets.draw_stop_icon,
         widgets.draw_lock_icon]


@pytest.fixture(scope="module")
def fonts():
    pygame.font.init()
    return theme.Fonts()


def _surface(w=400, h=300):
    s = pygame.Surface((w, h))
    s.fill(BG)
    return s


def _count(surface, color, rect=None):
    px = pygame.surfarray.array3d(surface)
    if rect is not None:
        px = px[rect.left:rect.right, rect.top:rect.bottom]
    return int(np.all(px == np.array(color), axis=2).sum())


def _at(surface, xy):
    c = surface.get_at((round(xy[0]), round(xy[1])))
    return (c.r, c.g, c.b)


def test_button_draws_colour_and_label(fonts):
    s = _surface()
    rect = pygame.Rect(50, 50, 300, 100)
    widgets.draw_button(s, rect, "Play", fonts, color=theme.SECONDARY, text_color=theme.INK)
    assert _count(s, theme.SECONDARY, rect) > 0.4 * rect.w * rect.h
    assert _count(s, theme.INK, rect) > 100  # the label's solid strokes
    assert _count(s, theme.INK) == _count(s, theme.INK, rect)  # label stays inside
    assert _at(s, (5, 5)) == BG


def test_long_label_shrinks_to_fit(fonts):
    s = _surface(600, 200)
    rect = pygame.Rect(100, 50, 200, 80)
    widgets.draw_button(s, rect, "A very long label indeed", fonts, color=theme.PRIMARY,
                        text_color=(255, 0, 255))
    assert _count(s, (255, 0, 255)) > 0
    assert _count(s, (255, 0, 255)) == _count(s, (255, 0, 255), rect)


def test_disabled_button_is_grey(fonts):
    s = _surface()
    rect = pygame.Rect(50, 50, 300, 100)
    widgets.draw_button(s, rect, "Go", fonts, color=theme.PRIMARY, enabled=False)
    assert _count(s, theme.PRIMARY) == 0
    assert _count(s, theme.DISABLED, rect) > 0.4 * rect.w * rect.h


def test_pressed_button_sinks(fonts):
    up, down = _surface(), _surface()
    rect = pygame.Rect(50, 50, 300, 100)
    widgets.draw_button(up, rect, "", fonts, color=theme.ACCENT)
    widgets.draw_button(down, rect, "", fonts, color=theme.ACCENT, pressed=True)
    ys_up = np.nonzero(np.all(pygame.surfarray.array3d(up) == theme.ACCENT, axis=2))[1]
    ys_down = np.nonzero(np.all(pygame.surfarray.array3d(down) == theme.ACCENT, axis=2))[1]
    assert ys_down.min() > ys_up.min()


def test_button_icon_gets_a_square_inside(fonts):
    seen = []

    def icon(surface, box):
        seen.append(pygame.Rect(box))

    rect = pygame.Rect(50, 50, 300, 100)
    widgets.draw_button(_surface(), rect, "Home", fonts, color=theme.PRIMARY, icon=icon)
    widgets.draw_button(_surface(), rect, "", fonts, color=theme.PRIMARY, icon=icon)
    assert len(seen) == 2
    for box in seen:
        assert box.w == box.h and rect.contains(box)
    assert abs(seen[1].centerx - rect.centerx) <= 1


def test_filled_star(fonts):
    s = _surface()
    widgets.draw_star(s, (200, 150), 80, filled=True)
    # upper arm is solid gold; centre has gold's soft highlight; corners untouched
    assert _at(s, (200, 150 - 0.8 * 80)) == theme.STAR_GOLD
    assert _at(s, (200, 150)) in (theme.STAR_GOLD, theme.mix(theme.STAR_GOLD, theme.WHITE, 0.3))
    assert _at(s, (0, 0)) == BG and _at(s, (399, 299)) == BG
    assert _at(s, (200 + 70, 150 + 70)) == BG  # between the lower arms


def test_empty_star_is_an_outline():
    s = _surface()
    widgets.draw_star(s, (200, 150), 80, filled=False)
    assert _at(s, (200, 150)) == BG
    assert _at(s, (200, 150 - 78)) == theme.STAR_EMPTY
    s2 = _surface()
    widgets.draw_star(s2, (200, 150), 80, filled=False, color=(255, 0, 255))
    assert _count(s2, (255, 0, 255)) > 100


def test_star_points_shape():
    pts = widgets.star_points((0, 0), 10)
    assert len(pts) == 10
    assert pts[0] == pytest.approx((0, -10))
    assert all(math.hypot(*p) == pytest.approx(10 if i % 2 == 0 else 5) for i, p in enumerate(pts))


def test_arrow_points_the_right_way():
    s = _surface()
    widgets.draw_arrow(s, (50, 150), (2.0, 0.0), 300, theme.ACCENT, 30)  # not unit: normalised
    assert _at(s, (60, 150)) == theme.ACCENT
    assert _at(s, (340, 150)) == theme.ACCENT  # near the tip
    assert _at(s, (20, 150)) == BG  # behind the start
    assert _at(s, (370, 150)) == BG  # past the tip
    # head is wider than the shaft
    assert _at(s, (300, 150 - 30)) == theme.ACCENT and _at(s, (150, 150 - 30)) == BG
    with pytest.raises(ValueError):
        widgets.draw_arrow(s, (0, 0), (0, 0), 10, theme.ACCENT, 5)


@pytest.mark.parametrize("icon", ICONS, ids=lambda f: f.__name__)
def test_icons_draw_inside_their_rect(icon):
    s = pygame.Surface((200, 200))
    s.fill(theme.PRIMARY)
    rect = pygame.Rect(50, 50, 100, 100)
    icon(s, rect)
    inside = _count(s, theme.WHITE, rect)
    assert inside > 0.15 * rect.w * rect.h
    assert _count(s, theme.WHITE) == inside


def test_icons_look_different():
    imgs = []
    for icon in ICONS:
        s = pygame.Surface((100, 100))
        s.fill((0, 0, 0))
        icon(s, pygame.Rect(0, 0, 100, 100))
        imgs.append(pygame.surfarray.array3d(s).astype(int))
    for i in range(len(imgs)):
        for j in range(i + 1, len(imgs)):
            assert (np.abs(imgs[i] - imgs[j]).sum(axis=2) > 0).mean() > 0.05


def test_confetti_is_deterministic_with_a_seed():
    a = widgets.Confetti(np.random.default_rng(7))
    b = widgets.Confetti(np.random.default_rng(7))
    c = widgets.Confetti(np.random.default_rng(8))
    for _ in range(30):
        a.update(1 / 60)
        b.update(1 / 60)
        c.update(1 / 60)
    assert np.array_equal(a.pos, b.pos)
    assert not np.array_equal(a.pos, c.pos)
    sa, sb = _surface(1280, 720), _surface(1280, 720)
    a.draw(sa)
    b.draw(sb)
    assert np.array_equal(pygame.surfarray.array3d(sa), pygame.surfarray.array3d(sb))
    assert _count(sa, BG) < 1280 * 720  # something was drawn


def test_confetti_bursts_up_then_falls():
    conf = widgets.Confetti(np.random.default_rng(1), origin=(640, 200), count=50)
    assert len(conf.pos) == 50
    assert np.all(conf.vel[:, 1] < 0)  # a burst goes up first
    vy0 = conf.vel[:, 1].copy()
    conf.update(0.5)
    assert np.all(conf.vel[:, 1] > vy0)  # gravity
    conf.update(1.5)
    assert conf.pos[:, 1].mean() > 200
    assert not conf.done
    conf.update(10.0)
    assert conf.done
    conf.draw(_surface(1280, 720))  # nothing left to draw, still fine


def test_confetti_big_frame_equals_small_frames():
    a = widgets.Confetti(np.random.default_rng(3))
    b = widgets.Confetti(np.random.default_rng(3))
    a.update(0.5)
    for _ in range(30):
        b.update(1 / 60)
    assert np.allclose(a.pos, b.pos, atol=1e-6)


def test_confetti_edge_cases():
    assert widgets.Confetti(np.random.default_rng(0), count=0).done
    conf = widgets.Confetti(np.random.default_rng(0), count=5)
    with pytest.raises(ValueError):
        conf.update(-0.1)
    colours = {theme.CONFETTI_COLORS[i] for i in widgets.Confetti(np.random.default_rng(0)).color_index}
    assert len(colours) >= 4


def test_draw_text_anchors(fonts):
    s = _surface()
    r = widgets.draw_text(s, "Hello", fonts, 40, (200, 150), theme.INK)
    assert r.center == (200, 150) or abs(r.centerx - 200) <= 1
    assert _count(s, theme.INK, r) > 50
    r2 = widgets.draw_text(s, "Hi", fonts, 30, topleft=(10, 20), bold=True)
    assert r2.topleft == (10, 20)
    with pytest.raises(ValueError):
        widgets.draw_text(s, "x", fonts, 20)
    with pytest.raises(ValueError):
        widgets.draw_text(s, "x", fonts, 20, (1, 1), topleft=(1, 1))


def test_wrap_text(fonts):
    font = fonts.get(32)
    text = "Follow the path with your finger and stay inside the road"
    lines = widgets.wrap_text(text, font, 300)
    assert len(lines) > 1
    assert all(font.size(line)[0] <= 300 for line in lines)
    assert " ".join(lines).split() == text.split()
    assert widgets.wrap_text("", font, 300) == []
    assert widgets.wrap_text("one\ntwo", font, 1000) == ["one", "two"]
    long = widgets.wrap_text("Supercalifragilistic", font, 100)
    assert len(long) > 1 and all(font.size(line)[0] <= 100 for line in long)
    assert "".join(long) == "Supercalifragilistic"


def test_buttons_step_the_focused_row_skip_pointer_only_buttons_and_drag_a_slider():
    """The shared buttons carry a value screen: up/down between rows, left/right change one, sliders drag."""
    from game.input import InputEvent
    from game.scenes.common import Button, Buttons

    steps: list[int] = []
    dragged: list[float] = []
    b = Buttons()
    b.add(Button("row", pygame.Rect(0, 0, 400, 72), on_step=steps.append))
    b.add(Button("minus", pygame.Rect(0, 0, 64, 64), focusable=False))
    b.add(Button("slider", pygame.Rect(100, 0, 200, 64), focusable=False, on_drag=lambda x, y: dragged.append(x)))
    b.add(Button("save", pygame.Rect(0, 100, 200, 72)))

    def key(name: str):
        return b.handle(InputEvent(1.0, "action", device="key", action=name))

    key("down")
    assert b.focused_key == "row"
    key("right"), key("right"), key("left")
    assert steps == [1, 1, -1] and b.focused_key == "row"
    key("down")
    assert b.focused_key == "save"             # the pointer-only buttons are passed by
    b.handle(InputEvent(1.0, "pointer_down", 150, 30, 3, "touch"))
    b.handle(InputEvent(1.1, "pointer_move", 250, 30, 3, "touch"))
    b.handle(InputEvent(1.1, "pointer_move", 10, 30, 4, "touch"))   # another finger: not this drag
    items = list(b.items)
    with b.rebuilding():                       # a relayout mid-drag keeps the drag and the focus
        for item in items:
            b.add(item)
    b.handle(InputEvent(1.2, "pointer_move", 280, 30, 3, "touch"))
    assert dragged == [150, 250, 280] and b.focused_key == "save"
    assert b.handle(InputEvent(1.3, "pointer_up", 900, 30, 3, "touch")) is None   # let go off it: fires nothing
    b.handle(InputEvent(1.4, "pointer_move", 200, 30, 3, "touch"))
    assert dragged == [150, 250, 280]
