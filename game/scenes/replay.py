"""Replay one recorded attempt from its stored level text and events, at 1x, 2x or 4x.

What is on screen at time t comes from game.play.replay (pure, tested): the trace so far over
the level's corridor, the catcher and objects where the scorer had them, or the taps on a
timeline against the beats. The attempt's metrics sit beside it in plain words with units.
"""
from __future__ import annotations

import math
from typing import Any

import pygame

from game.errors import UserError
from game.events import parse_events
from game.games import GAMES
from game.input import InputEvent
from game.levels.loader import LevelError, parse_level
from game.metrics.glossary import GLOSSARY, metric_info
from game.metrics.labels import format_metric, format_number, metric_label
from game.play import replay as rp
from game.games.catching.rules import CATCH_LINE_Y
from game.records.db import Child, Database
from game.records.progress import KEY_METRICS
from game.scenes.base import AppContext, Pop, Scene, Transition
from game.scenes.common import Button, Buttons
from game.scenes.therapist_ui import back_button, draw_header, fit, when
from game.ui import charts, theme
from game.ui.widgets import draw_again_icon, draw_pause_icon, draw_play_icon, draw_star, draw_text

VIEW = pygame.Rect(24, 122, 800, 450)          # the play area: 1280x720 scaled by 0.625
SCALE = VIEW.w / theme.CANVAS_SIZE[0]
PANEL = pygame.Rect(846, 122, 410, 578)
MARKS = pygame.Rect(44, 584, 760, 16)           # what happened when, above the time bar
BAR = pygame.Rect(44, 608, 760, 10)             # the time bar track, same span as MARKS
BAR_HIT = pygame.Rect(24, 578, 800, 52)         # where a tap or drag seeks
CONTROLS_Y = 636
SPEEDS = (1, 2, 4)
TRAIL_W = 8
HIT_COLOR = theme.OI_BLUISH_GREEN
MISS_COLOR = theme.OI_VERMILLION
WRONG_COLOR = theme.OI_ORANGE
EXTRA_COLOR = theme.INK_SOFT
PLAYHEAD = theme.OI_REDDISH_PURPLE
# tapping timeline geometry (inside VIEW)
OVERVIEW = pygame.Rect(VIEW.x + 104, VIEW.y + 46, VIEW.w - 124, 84)
ZOOM = pygame.Rect(VIEW.x + 104, VIEW.y + 186, VIEW.w - 124, 180)
ZOOM_S = 4.0                                    # seconds shown in the close-up


def to_view(x: float, y: float) -> tuple[float, float]:
    """Play units -> pixels in the replay view."""
    return VIEW.x + x * SCALE, VIEW.y + y * SCALE


def overview_scale(length_s: float) -> charts.Scale:
    return charts.Scale(0.0, length_s, OVERVIEW.left, OVERVIEW.right)


def zoom_scale(t: float) -> charts.Scale:
    return charts.Scale(t - ZOOM_S / 2, t + ZOOM_S / 2, ZOOM.left, ZOOM.right)


def row_y(rect: pygame.Rect, hand: str) -> int:
    return rect.y + (rect.h // 4 if hand == "L" else 3 * rect.h // 4)


class ReplayScene(Scene):
    def __init__(self, ctx: AppContext, attempt_id: int, start_at: float = 0.0, playing: bool = True):
        super().__init__(ctx)
        self.attempt_id = attempt_id
        self.t = max(0.0, float(start_at))
        self.speed = 1
        self.playing = playing
        self.error = ""
        self.row: dict[str, Any] | None = ctx.db.attempt(attempt_id)
        self.length = 1.0
        self.buttons = Buttons()
        self.dragging = False
        self.game = ""
        self.view: Any = None
        self.layer: pygame.Surface | None = None
        if self.row is None:
            self.error = f"Attempt {attempt_id} is not in the records."
        else:
            try:
                self._prepare(self.row)
            except (UserError, LevelError) as exc:
                self.error = f"This attempt cannot be replayed: {exc}"
        self.t = min(self.t, self.length)
        self._layout()

    # --- data --------------------------------------------------------------------------------
    def _prepare(self, row: dict[str, Any]) -> None:
        self.game = row["game"]
        self.loaded = parse_level(row["level_text"], row["level_path"])
        self.events = parse_events(row["events"], f"attempt {row['id']}")
        if self.game == "tracing":
            self.view = rp.trace_replay(self.loaded, self.events)
            self.length = self.view.length_s
            self.layer = self._tracing_layer()
        elif self.game == "catching":
            self.view = rp.catching_replay(self.loaded, self.events, row["settings"])
            self.length = self.view.end_t + (0.6 if row["status"] == "finished" else 0.0)
            self.layer = self._catching_layer()
        elif self.game == "tapping":
            self.view = rp.tap_timeline(self.loaded, self.events, row["status"])
            self.length = self.view.length_s
        else:
            raise UserError(f"no replay for the game {self.game}")
        self.length = max(self.length, 0.5)

    def _layout(self) -> None:
        self.buttons.clear()
        self.buttons.add(back_button())
        if self.error:
            return
        y = CONTROLS_Y
        self.buttons.add(Button("restart", pygame.Rect(24, y, 80, 64), "", theme.SECONDARY,
                                icon=lambda s, r: draw_again_icon(s, r, theme.INK)))
        self.buttons.add(Button("play", pygame.Rect(116, y, 104, 64), "", theme.PRIMARY,
                                icon=draw_pause_icon if self.playing else draw_play_icon))
        for i, speed in enumerate(SPEEDS):
            self.buttons.add(Button(("speed", speed), pygame.Rect(248 + i * 88, y, 80, 64), f"{speed}×",
                                    draw_fn=self._draw_speed))

    def _draw_speed(self, surface: pygame.Surface, b: Button, pressed: bool, focused: bool) -> None:
        """The chosen speed is filled dark with a white label, the others outlined: brightness, not hue."""
        on = b.key[1] == self.speed
        face = b.rect.move(0, 3 if pressed else 0)
        pygame.draw.rect(surface, theme.PRIMARY if on else theme.PANEL, face, border_radius=16)
        pygame.draw.rect(surface, theme.PRIMARY if on else theme.PANEL_EDGE, face, 3, border_radius=16)
        draw_text(surface, b.label, self.ctx.fonts, 30, center=face.center, bold=True,
                  color=theme.WHITE if on else theme.INK)

    # --- input and time ----------------------------------------------------------------------
    def handle(self, ev: InputEvent, now: float) -> Transition:
        if ev.kind == "action" and ev.pressed and ev.action == "back":
            return Pop()
        if ev.kind == "action" and ev.pressed and ev.action == "confirm" and self.buttons.focus is None:
            return self._toggle()
        if not self.error and ev.kind.startswith("pointer_"):
            if ev.kind == "pointer_down" and BAR_HIT.collidepoint(ev.x, ev.y):
                self.dragging = True
            if self.dragging:
                self.seek(charts.Scale(0.0, self.length, BAR.left, BAR.right).value(ev.x))
                if ev.kind == "pointer_up":
                    self.dragging = False
                return None
        key = self.buttons.handle(ev)
        if key == "back":
            return Pop()
        if key == "restart":
            self.seek(0.0)
            self.playing = True
            self._layout()
        elif key == "play":
            return self._toggle()
        elif isinstance(key, tuple) and key[0] == "speed":
            self.speed = key[1]
        return None

    def _toggle(self) -> Transition:
        if not self.playing and self.t >= self.length:
            self.t = 0.0
        self.playing = not self.playing
        self._layout()
        return None

    def seek(self, t: float) -> None:
        self.t = min(max(0.0, t), self.length)

    def update(self, dt: float, now: float) -> Transition:
        if self.playing and not self.error:
            self.t = min(self.length, self.t + dt * self.speed)
            if self.t >= self.length:
                self.playing = False
                self._layout()
        return None

    # --- drawing -----------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        row = self.row
        if row is None or self.error:
            draw_header(surface, self.ctx, "Replay", "")
            draw_text(surface, self.error, self.ctx.fonts, 26, center=(640, 360), color=theme.INK_SOFT)
            self.buttons.draw(surface, self.ctx.fonts)
            return
        title = GAMES[self.game].title if self.game in GAMES else self.game
        status = "" if row["status"] == "finished" else " · stopped early"
        draw_header(surface, self.ctx, f"{row['child']} · {title} replay",
                    f"{row['level_title']} · {when(row['started_at'])} · try {row['attempt_no']}{status}")
        pygame.draw.rect(surface, theme.PANEL, VIEW)
        clip = surface.get_clip()
        surface.set_clip(VIEW)
        if self.game == "tracing":
            self._draw_tracing(surface)
        elif self.game == "catching":
            self._draw_catching(surface)
        else:
            self._draw_tapping(surface)
        surface.set_clip(clip)
        pygame.draw.rect(surface, theme.PANEL_EDGE, VIEW, 3)
        self._draw_marks(surface)
        self._draw_bar(surface)
        self._draw_metrics(surface, row)
        self.buttons.draw(surface, self.ctx.fonts)

    def _draw_bar(self, surface: pygame.Surface) -> None:
        pygame.draw.rect(surface, theme.mix(theme.PANEL, theme.SECONDARY, 0.35), BAR, border_radius=5)
        x = charts.Scale(0.0, self.length, BAR.left, BAR.right).px(self.t)
        pygame.draw.rect(surface, theme.PRIMARY, (BAR.x, BAR.y, max(0, round(x) - BAR.x), BAR.h), border_radius=5)
        pygame.draw.circle(surface, theme.WHITE, (round(x), BAR.centery), 11)
        pygame.draw.circle(surface, theme.PRIMARY, (round(x), BAR.centery), 11, 4)
        draw_text(surface, f"{self.t:.1f} s", self.ctx.fonts, 30, topleft=(530, CONTROLS_Y + 6), bold=True)
        draw_text(surface, f"of {self.length:.1f} s · {self.speed}× speed", self.ctx.fonts, 20,
                  topleft=(640, CONTROLS_Y + 16), color=theme.INK_SOFT)

    def _draw_metrics(self, surface: pygame.Surface, row: dict[str, Any]) -> None:
        pygame.draw.rect(surface, theme.PANEL, PANEL, border_radius=20)
        pygame.draw.rect(surface, theme.PANEL_EDGE, PANEL, 2, border_radius=20)
        fonts = self.ctx.fonts
        x, y, w = PANEL.x + 16, PANEL.y + 12, PANEL.w - 32
        draw_text(surface, "This attempt", fonts, 22, topleft=(x, y), bold=True)
        for k in range(3):
            draw_star(surface, (PANEL.right - 100 + k * 34, y + 15), 14, k < row["stars"])
        y += 36
        names = list(GAMES[self.game].metrics) if self.game in GAMES else list(row["metrics"])
        key = list(KEY_METRICS.get(self.game, ()))
        names = key + [n for n in names if n not in key]
        size = 18 if len(names) <= 12 else 16
        step = min(40, (PANEL.bottom - 12 - y) // max(len(names), 1))
        label_font, value_font = fonts.get(size), fonts.get(size, True)
        for i, name in enumerate(names):
            value = format_metric(self.game, name, row["metrics"].get(name)) if self.game in GAMES \
                else format_number(row["metrics"].get(name), "")
            if name in key:
                pygame.draw.rect(surface, theme.mix(theme.PANEL, theme.OI_SKY_BLUE, 0.22),
                                 (x - 8, y - 2, w + 16, step - 2), border_radius=8)
            vimg = value_font.render(value, True, theme.INK)
            surface.blit(vimg, vimg.get_rect(topright=(x + w, y + (step - 2 - vimg.get_height()) // 2 - 1)))
            label = fit(metric_label(name), label_font, w - vimg.get_width() - 12)
            limg = (value_font if name in key else label_font).render(label, True, theme.INK if name in key
                                                                       else theme.INK_SOFT)
            surface.blit(limg, (x, y + (step - 2 - limg.get_height()) // 2 - 1))
            y += step

    # --- tracing -------------------------------------------------------------------------------
    def _tracing_layer(self) -> pygame.Surface:
        from game.games.tracing.scene import draw_corridor

        full = pygame.Surface(theme.CANVAS_SIZE)
        full.fill(theme.PANEL)
        spec = self.loaded.level.tracing
        draw_corridor(full, self.loaded.template, spec.tolerance)
        for stroke in self.loaded.template:
            start, end = stroke[0].tolist(), stroke[-1].tolist()
            pygame.draw.circle(full, theme.START_DOT, start, 16)
            pygame.draw.circle(full, theme.WHITE, start, 6)
            pygame.draw.circle(full, theme.END_DOT, end, 16)
            pygame.draw.circle(full, theme.WHITE, end, 9)
            pygame.draw.circle(full, theme.END_DOT, end, 4)
        return pygame.transform.smoothscale(full, VIEW.size)

    def _draw_tracing(self, surface: pygame.Surface) -> None:
        assert self.layer is not None
        surface.blit(self.layer, VIEW.topleft)
        tr: rp.TraceReplay = self.view
        n = tr.count(self.t)
        for k in range(n):
            ev = tr.events[k]
            p1 = to_view(ev.x, ev.y)
            color = theme.TRAIL_IN if tr.inside[k] else theme.TRAIL_OUT
            if k > 0 and ev.type != "down" and tr.events[k - 1].type != "up":
                prev = tr.events[k - 1]
                pygame.draw.line(surface, color, to_view(prev.x, prev.y), p1, TRAIL_W)
            pygame.draw.circle(surface, color, p1, TRAIL_W // 2)
        pen = tr.pen_at(self.t)
        if pen is not None:
            c = to_view(pen[0], pen[1])
            pygame.draw.circle(surface, theme.INK, c, 13, 3)
            if pen[2]:
                pygame.draw.circle(surface, theme.INK, c, 5)
        lifts = sum(1 for ev in tr.events[:n] if ev.type == "down")
        self._view_caption(surface, f"Pen-downs so far: {lifts}", "blue = inside the corridor, orange = outside")

    # --- catching ------------------------------------------------------------------------------
    def _catching_layer(self) -> pygame.Surface:
        from game.games.catching.scene import GROUND_Y

        layer = pygame.Surface(VIEW.size)
        layer.fill(theme.BACKGROUND)
        grass = theme.mix(theme.SUCCESS, theme.WHITE, 0.55)
        pygame.draw.rect(layer, grass, (0, round((GROUND_Y - 10) * SCALE), VIEW.w, VIEW.h))
        y = round(CATCH_LINE_Y * SCALE)
        for x in range(0, VIEW.w, 16):
            pygame.draw.line(layer, theme.PANEL_EDGE, (x, y), (x + 8, y), 2)
        return layer

    def _draw_catching(self, surface: pygame.Surface) -> None:
        from game.games.catching.scene import BASKET_H, draw_basket, draw_object, object_kind

        assert self.layer is not None
        surface.blit(self.layer, VIEW.topleft)
        result = self.view
        spec = self.loaded.level.catching
        state = rp.catching_at(result, self.t)
        r = spec.object_radius * SCALE
        for obj in state.objects:
            draw_object(surface, object_kind(obj.flight), to_view(obj.x, obj.y), r)
        w = spec.catcher_width * SCALE
        rect = pygame.Rect(0, 0, round(w), round(BASKET_H * SCALE))
        cx, cy = to_view(state.catcher_x, CATCH_LINE_Y)
        rect.midtop = (round(cx), round(cy))
        draw_basket(surface, rect)
        for out in result.outcomes:   # a moment of feedback where each object reached the line
            age = self.t - out.flight.cross_t
            if 0 <= age < 0.6:
                c = to_view(out.flight.to_x, CATCH_LINE_Y - 40)
                if out.caught and not out.flight.distractor:
                    draw_star(surface, c, 16, True)
                elif not out.caught and not out.flight.distractor:
                    pygame.draw.circle(surface, MISS_COLOR, c, 14, 4)
        rocks = f" · rocks caught {state.rocks_caught}" if any(f.distractor for f in result.flights) else ""
        self._view_caption(surface, f"Caught {state.caught} · missed {state.missed}{rocks}",
                           "dashed line = where objects are caught")

    # --- tapping -------------------------------------------------------------------------------
    def _draw_tapping(self, surface: pygame.Surface) -> None:
        from game.games.tapping.scene_draw import draw_drum

        tl: rp.TapTimeline = self.view
        fonts = self.ctx.fonts
        spec = self.loaded.level.tapping
        draw_text(surface, "Whole attempt", fonts, 19, topleft=(VIEW.x + 14, VIEW.y + 10), bold=True)
        ox = overview_scale(tl.length_s)
        self._draw_rows(surface, OVERVIEW, ox, tl, small=True)
        x0, x1 = max(OVERVIEW.left, ox.px(self.t - ZOOM_S / 2)), min(OVERVIEW.right, ox.px(self.t + ZOOM_S / 2))
        pygame.draw.rect(surface, PLAYHEAD, (round(x0), OVERVIEW.y - 4, round(x1 - x0), OVERVIEW.h + 8), 2,
                         border_radius=6)
        pygame.draw.line(surface, PLAYHEAD, (round(ox.px(self.t)), OVERVIEW.y - 6),
                         (round(ox.px(self.t)), OVERVIEW.bottom + 6), 3)
        draw_text(surface, f"Close-up: {ZOOM_S:.0f} s around the playhead · shaded: ±{spec.window_ms:.0f} ms "
                  "around each beat", fonts, 19, topleft=(VIEW.x + 14, ZOOM.y - 42), bold=True)
        zs = zoom_scale(self.t)
        window = spec.window_ms / 1000.0
        for b in tl.beats:
            if abs(b.t - self.t) < ZOOM_S:
                y = row_y(ZOOM, b.hand)
                a, c = max(ZOOM.left, zs.px(b.t - window)), min(ZOOM.right, zs.px(b.t + window))
                if c > a:
                    pygame.draw.rect(surface, theme.mix(theme.PANEL, theme.OI_SKY_BLUE, 0.3),
                                     (round(a), y - 32, round(c - a), 64), border_radius=6)
        self._draw_rows(surface, ZOOM, zs, tl, small=False)
        px = round(zs.px(self.t))
        pygame.draw.line(surface, PLAYHEAD, (px, ZOOM.y - 8), (px, ZOOM.bottom + 4), 3)
        step = 0.5
        k0 = math.ceil((self.t - ZOOM_S / 2) / step)
        font = fonts.get(15)
        for k in range(k0, k0 + int(ZOOM_S / step) + 1):
            tt = k * step
            x = zs.px(tt)
            if ZOOM.left <= x <= ZOOM.right and tt >= 0:
                pygame.draw.line(surface, theme.INK_SOFT, (round(x), ZOOM.bottom), (round(x), ZOOM.bottom + 5), 2)
                img = font.render(f"{tt:.1f} s", True, theme.INK_SOFT)
                surface.blit(img, img.get_rect(midtop=(round(x), ZOOM.bottom + 6)))
        # the close-up's rows are labelled by the drums themselves, lit as each tap happens
        for side, hand in (("left", "L"), ("right", "R")):
            last = [m.t for m in tl.taps if m.hand == hand and m.t <= self.t]
            lit = max(0.0, 1.0 - (self.t - last[-1]) / 0.25) if last else 0.0
            draw_drum(surface, side, (VIEW.x + 52, row_y(ZOOM, hand) + 6), 76, lit=lit)
        self._draw_tap_legend(surface)

    def _draw_rows(self, surface: pygame.Surface, rect: pygame.Rect, xs: charts.Scale, tl: rp.TapTimeline,
                   small: bool) -> None:
        from game.games.tapping.scene_draw import draw_emblem, side_color

        fonts = self.ctx.fonts
        for hand, side, name in (("L", "left", "Left"), ("R", "right", "Right")):
            y = row_y(rect, hand)
            pygame.draw.line(surface, theme.PANEL_EDGE, (rect.left, y), (rect.right, y), 2)
            if small:
                draw_emblem(surface, side, (VIEW.x + 24, y), 9, side_color(side))
                draw_text(surface, name, fonts, 18, topleft=(VIEW.x + 40, y - 12))
        tick = 12 if small else 26
        r = 5 if small else 9
        for b in tl.beats:
            x = xs.px(b.t)
            if not rect.left - 10 <= x <= rect.right + 10:
                continue
            y = row_y(rect, b.hand)
            color = theme.INK if b.metronome else theme.INK_SOFT
            pygame.draw.line(surface, color, (round(x), y - tick), (round(x), y + tick), 2 if b.metronome else 1)
            if b.hit_t is None and b.t <= self.t:
                pygame.draw.circle(surface, MISS_COLOR, (round(x), y), r + 3, 3)
            elif b.hit_t is not None and b.hit_t <= self.t and not small:
                pygame.draw.line(surface, HIT_COLOR, (round(x), y), (round(xs.px(b.hit_t)), y), 4)
        for rest in tl.rests:
            x = xs.px(rest)
            if rect.left <= x <= rect.right:
                for hand in "LR":
                    y = row_y(rect, hand)
                    pygame.draw.line(surface, theme.PANEL_EDGE, (round(x) - 5, y), (round(x) + 5, y), 3)
        for m in tl.taps:
            if m.t > self.t:
                break
            x = xs.px(m.t)
            if rect.left - 10 <= x <= rect.right + 10:
                draw_tap_mark(surface, m.kind, (round(x), row_y(rect, m.hand)), r)

    def _draw_tap_legend(self, surface: pygame.Surface) -> None:
        fonts = self.ctx.fonts
        x, y = VIEW.x + 14, VIEW.bottom - 34
        items = (("hit", "on the beat"), ("miss", "missed beat"), ("wrong_hand", "wrong hand"), ("extra", "extra tap"))
        for kind, label in items:
            if kind == "miss":
                pygame.draw.circle(surface, MISS_COLOR, (x + 9, y + 11), 9, 3)
            else:
                draw_tap_mark(surface, kind, (x + 9, y + 11), 8)
            img = fonts.get(17).render(label, True, theme.INK)
            surface.blit(img, (x + 24, y))
            x += 24 + img.get_width() + 26
        img = fonts.get(17).render("| beat", True, theme.INK)
        surface.blit(img, (x, y))

    def _view_caption(self, surface: pygame.Surface, left: str, right: str) -> None:
        fonts = self.ctx.fonts
        box = pygame.Rect(VIEW.x + 10, VIEW.y + 10, VIEW.w - 20, 36)
        veil = pygame.Surface(box.size, pygame.SRCALPHA)
        veil.fill((*theme.PANEL, 215))
        surface.blit(veil, box)
        draw_text(surface, left, fonts, 20, topleft=(box.x + 10, box.y + 5), bold=True)
        img = fonts.get(17).render(right, True, theme.INK_SOFT)
        surface.blit(img, img.get_rect(midright=(box.right - 10, box.centery)))

    def _draw_marks(self, surface: pygame.Surface) -> None:
        """Under the view: when things happened (pen down, catches and misses), against the time bar."""
        xs = charts.Scale(0.0, self.length, MARKS.left, MARKS.right)
        pygame.draw.rect(surface, theme.mix(theme.PANEL, theme.PANEL_EDGE, 0.4), MARKS, border_radius=6)
        if self.game == "tracing":
            tr: rp.TraceReplay = self.view
            start = None
            for ev in tr.events:
                if ev.type == "down":
                    start = ev.t
                elif ev.type == "up" and start is not None:
                    pygame.draw.rect(surface, theme.TRAIL_IN, (round(xs.px(start)), MARKS.y + 5,
                                                               max(2, round(xs.px(ev.t) - xs.px(start))), MARKS.h - 10))
                    start = None
            if start is not None and tr.events:
                width = max(2, round(xs.px(tr.events[-1].t) - xs.px(start)))
                pygame.draw.rect(surface, theme.TRAIL_IN, (round(xs.px(start)), MARKS.y + 5, width, MARKS.h - 10))
        elif self.game == "catching":
            for out in self.view.outcomes:
                if out.flight.distractor:
                    continue
                c = (round(xs.px(out.flight.cross_t)), MARKS.centery)
                if out.caught:
                    draw_star(surface, c, 9, True)
                else:
                    pygame.draw.circle(surface, MISS_COLOR, c, 6, 3)
        elif self.game == "tapping":
            for m in self.view.taps:
                draw_tap_mark(surface, m.kind, (round(xs.px(m.t)), MARKS.centery), 4)
        x = round(xs.px(self.t))
        pygame.draw.line(surface, PLAYHEAD, (x, MARKS.y - 3), (x, MARKS.bottom + 3), 3)


def unit_of(game: str, metric: str) -> str:
    """The glossary's unit, or none for a metric an older version recorded and the glossary lost."""
    return metric_info(game, metric).unit if metric in GLOSSARY.get(game, {}) else ""


def draw_tap_mark(surface: pygame.Surface, kind: str, c: tuple[int, int], r: int) -> None:
    """Hit = green circle, wrong hand = orange triangle, extra = grey diamond: colour and shape both differ."""
    x, y = c
    if kind == "hit":
        pygame.draw.circle(surface, HIT_COLOR, c, r)
        pygame.draw.circle(surface, theme.mix(HIT_COLOR, theme.INK, 0.5), c, r, 2)
    elif kind == "wrong_hand":
        pts = [(x, y - r - 2), (x + r + 2, y + r), (x - r - 2, y + r)]
        pygame.draw.polygon(surface, WRONG_COLOR, pts)
        pygame.draw.polygon(surface, theme.mix(WRONG_COLOR, theme.INK, 0.5), pts, 2)
    else:
        pts = [(x, y - r), (x + r, y), (x, y + r), (x - r, y)]
        pygame.draw.polygon(surface, EXTRA_COLOR, pts)


class NoAttemptScene(Scene):
    """What the replay screen shows when there is nothing to replay."""

    def __init__(self, ctx: AppContext, child: Child, game: str):
        super().__init__(ctx)
        self.child = child
        self.game = game
        self.buttons = Buttons()
        self.buttons.add(back_button())

    def handle(self, ev: InputEvent, now: float) -> Transition:
        if (ev.kind == "action" and ev.pressed and ev.action == "back") or self.buttons.handle(ev) == "back":
            return Pop()
        return None

    def draw(self, surface: pygame.Surface) -> None:
        title = GAMES[self.game].title if self.game in GAMES else self.game
        draw_header(surface, self.ctx, f"{self.child.name} · {title} replay", "")
        draw_text(surface, "No attempts yet", self.ctx.fonts, 44, center=(640, 330), bold=True)
        draw_text(surface, f"When {self.child.name} plays {title}, each attempt can be replayed here.",
                  self.ctx.fonts, 24, center=(640, 390), color=theme.INK_SOFT)
        self.buttons.draw(surface, self.ctx.fonts)


def latest_attempt(db: Database, child: Child, game: str) -> dict[str, Any] | None:
    rows = [r for r in db.attempts(child.name, with_events=False) if r["game"] == game] if child.id else []
    return rows[-1] if rows else None


def for_screenshot(ctx: AppContext, db: Database, child: Child, game: str) -> Scene:
    """The child's latest attempt of `game`, 60% of the way through after the screenshot's 1.2 s at 1x."""
    row = latest_attempt(db, child, game)
    if row is None:
        return NoAttemptScene(ctx, child, game)
    scene = ReplayScene(ctx, row["id"])
    scene.seek(max(0.0, 0.6 * scene.length - SCREENSHOT_RUN_S))
    return scene


SCREENSHOT_RUN_S = 1.2   # game.headless.screenshot runs the loop this long before the picture
