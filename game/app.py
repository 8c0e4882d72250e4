"""The app: the only module that touches the real clock, the event queue and the display flip.

One loop for everything: live play, headless play of an events file (a virtual clock that
jumps instead of sleeping, so it runs faster than real time) and screenshots. Each turn:
read input, update in fixed steps, draw when a frame is due and the picture changed, then sleep
until input arrives or the next deadline, so input is stamped when it comes, not rounded to the
frame, and a still screen costs almost nothing.
"""
from __future__ import annotations

import ctypes
import math
import os
import select
import struct
import sys
import time
import warnings
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Callable

import pygame

from game import __version__
from game.guard import PressGuard
from game.input import InputEvent, InputSource, LiveInput
from game.scenes.base import AppContext, Quit, Regions, Scene, SceneStack
from game.ui.theme import CANVAS_SIZE
from game.window import MIN_WINDOW, canvas_rect, fit_window

UPDATE_STEP = 1 / 120      # fixed simulation step, seconds
FRAME_INTERVAL = 1 / 60    # draw rate, seconds
SLOW_FRAME_INTERVAL = 1 / 30   # draw rate while nothing moves fast and no input comes (Scene.fast_motion), seconds
POLL_SLEEP = 0.0005        # between input reads when input cannot wake the loop, seconds
TICK_WAKE = 0.002          # a scene with tick() (metronome clicks, started 6 ms ahead) is woken at least this often
STILL_REFRESH_S = 0.5      # a still screen is redrawn at least this often, in case something changed unasked


class RealClock:
    """The live clock. Between turns the loop sleeps until its next deadline or until input arrives.

    `input_fd` (X11: the X server connection, see x11_connection_fd): sleep in select() on it, so a
    key press or touch wakes the loop at once and is stamped on arrival, and nothing runs while the
    screen is still. Without it (other systems, the dummy driver) or while a gamepad is connected (pads
    are read by SDL from their own devices): read input again every POLL_SLEEP.
    """

    live = True

    def __init__(self, input_fd: int | None = None):
        self.input_fd = input_fd

    def now(self) -> float:
        return time.perf_counter()

    def wait_until(self, t: float) -> None:
        remaining = t - time.perf_counter()
        if remaining <= 0:
            return
        if self.input_fd is None or pygame.joystick.get_count():
            time.sleep(min(remaining, POLL_SLEEP))   # a sliver, so input is read again soon
            return
        if pygame.event.peek():   # events the X library took in while a frame was presented: read them now
            return
        select.select([self.input_fd], [], [], remaining)


LOOP_SLICE_NS = 10_000_000   # the loop's scheduler slice on Linux 6.12 and later: see set_scheduler_slice
SCHED_ATTR = "=IIQiIQQQ"     # struct sched_attr, version 0: size, policy, flags, nice, priority, runtime, deadline, period
SCHED_SETATTR = {"x86_64": 314, "aarch64": 274, "riscv64": 274}   # system call numbers (sched_getattr: +1)


def set_scheduler_slice(slice_ns: int) -> bool:
    """Ask Linux for a scheduler slice of `slice_ns` for this thread (the loop's); True if it took it.

    A tap reaches the game through the X server, and on a busy computer the X server wakes on the core
    where the game is drawing a frame. Linux's scheduler (EEVDF, 6.6 and later) lets the one running
    finish its slice unless the one waking asked for a shorter slice (6.12 and later). So the loop asks
    for a long one, 10 ms (the X server keeps the default: 1.4 ms on 2 cores, at most about 3): it is let in at once,
    mid-frame, and delivers the tap; the frame waits a fraction of a millisecond. The game gets the
    same share of the CPU, only later in its turn. Measured: benchmarks/bench_tap_stamps_x11.py, README
    "Clocks and tap stamps". Needs no privilege (same policy and nice); older kernels ignore the slice
    and other systems have no such call: False.
    """
    number = sched_setattr_number()
    if number is None:
        return False
    try:
        nice = os.getpriority(os.PRIO_PROCESS, 0)
        attr = ctypes.create_string_buffer(struct.pack(SCHED_ATTR, 48, 0, 0, nice, 0, slice_ns, 0, 0), 48)
        if ctypes.CDLL(None, use_errno=True).syscall(number, 0, attr, 0) != 0:
            return False
    except (OSError, AttributeError, ValueError, struct.error):
        return False
    return scheduler_slice_ns() == slice_ns   # before 6.12 the kernel takes the call and keeps its own slice


def sched_setattr_number() -> int | None:
    """The sched_setattr system call's number here (sched_getattr's is one more), or None off Linux."""
    return SCHED_SETATTR.get(os.uname().machine) if sys.platform.startswith("linux") else None


def scheduler_slice_ns() -> int | None:
    """This thread's scheduler slice, as Linux reports it (for benchmark reports), or None."""
    number = sched_setattr_number()
    if number is None:
        return None
    try:
        got = ctypes.create_string_buffer(48)
        if ctypes.CDLL(None, use_errno=True).syscall(number + 1, 0, got, 48, 0) != 0:
            return None
        return int(struct.unpack(SCHED_ATTR, got.raw)[5])
    except (OSError, AttributeError, ValueError, struct.error):
        return None


def x11_connection_fd() -> int | None:
    """The socket of SDL's X server connection (readable when input arrives), or None when not on X11."""
    try:
        if pygame.display.get_driver() != "x11":
            return None
        import ctypes.util

        capsule = pygame.display.get_wm_info()["display"]
        get_pointer = ctypes.pythonapi.PyCapsule_GetPointer
        get_pointer.restype = ctypes.c_void_p
        get_pointer.argtypes = [ctypes.py_object, ctypes.c_char_p]
        display = get_pointer(capsule, b"display")
        xlib = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
        xlib.XConnectionNumber.argtypes = [ctypes.c_void_p]
        fd = int(xlib.XConnectionNumber(display)) if display else -1
        return fd if fd >= 0 else None
    except (pygame.error, KeyError, OSError, AttributeError, ValueError, TypeError):
        return None   # no way to wait on input here: poll


@dataclass
class VirtualClock:
    """Moves only when the loop waits: headless play and screenshots run faster than real time."""

    t: float = 0.0
    live = False   # no one waits for it: a scene's tick() runs on the update steps only

    def now(self) -> float:
        return self.t

    def wait_until(self, t: float) -> None:
        self.t = max(self.t, t)


@dataclass
class LoopStats:
    frames: int = 0
    frame_times: list[float] = field(default_factory=list)   # seconds spent in update+draw per frame
    first_frame_at: float | None = None
    frame_turns: list[float] = field(default_factory=list)
    """Clock time of every frame deadline the loop met, drawn or not: where a loop that read input once a
    frame would have stamped it (benchmarks/bench_tap_stamps_x11.py compares)."""


def open_display(fullscreen: bool = False, hidden: bool = False) -> pygame.Surface:
    """The 1280x720 canvas; SDL letterboxes it to any window size and to full screen."""
    flags = pygame.SCALED | pygame.RESIZABLE
    if fullscreen:
        flags |= pygame.FULLSCREEN
    if hidden:
        flags |= pygame.HIDDEN
    # pygame's SCALED windows scale by whole numbers only (a 912x513 window would show the canvas 1:1,
    # cropped) unless this hint, which pygame reads under this very name, is on; then SDL letterboxes
    # at any scale, smoothly (linear filtering, not "nearest", so text stays readable when shrunk).
    os.environ.setdefault("SDL_HINT_RENDER_SCALE_QUALITY", "1")
    os.environ.setdefault("SDL_RENDER_SCALE_QUALITY", "linear")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "no fast renderer" on the dummy driver
        surface = pygame.display.set_mode(CANVAS_SIZE, flags)
        if not hidden and use_software_renderer():
            # OpenGL drawn by the CPU (no graphics driver: Mesa's llvmpipe) costs about 8 ms of CPU a frame
            # to present; SDL's own software renderer about 1.5 ms, without helper threads.
            pygame.display.quit()
            pygame.display.init()
            if not fullscreen and window_is_canvas():
                # Nothing to scale: a plain window whose own pixels are the canvas costs almost nothing to
                # present (the X server copies them). Resized or made full screen, it becomes SCALED (Presenter).
                surface = pygame.display.set_mode(CANVAS_SIZE, pygame.RESIZABLE)
                pygame.display.set_caption("MotorPlay")
                return surface
            surface = pygame.display.set_mode(CANVAS_SIZE, flags)
    pygame.display.set_caption("MotorPlay")
    if not hidden:
        fit_to_desktop(fullscreen)
    return surface


SOFTWARE_GL = ("llvmpipe", "softpipe", "software rasterizer", "swrast")


def use_software_renderer() -> bool:
    """True (and SDL told so, for the next window) when SCALED's renderer is OpenGL run on the CPU.

    Only then: with a real graphics driver OpenGL presents and scales frames almost for free. Someone
    who chose a renderer (SDL_RENDER_DRIVER) keeps it.
    """
    if os.environ.get("SDL_RENDER_DRIVER") or os.environ.get("SDL_FRAMEBUFFER_ACCELERATION"):
        return False
    try:
        name, _flags = pygame.display._get_renderer_info()
        if name != "opengl":
            return False
        import ctypes.util

        gl = ctypes.CDLL(ctypes.util.find_library("GL") or "libGL.so.1")
        gl.glGetString.restype = ctypes.c_char_p
        gl.glGetString.argtypes = [ctypes.c_uint]
        renderer = (gl.glGetString(0x1F01) or b"").decode("utf-8", "replace").lower()   # GL_RENDERER
    except (pygame.error, AttributeError, OSError, ValueError, TypeError):
        return False
    if not any(word in renderer for word in SOFTWARE_GL):
        return False
    os.environ["SDL_RENDER_DRIVER"] = "software"
    os.environ["SDL_FRAMEBUFFER_ACCELERATION"] = "0"   # or SDL presents the software frame through OpenGL again
    return True


def window_is_canvas() -> bool:
    """The first window would be exactly the canvas's size (fit_window on display 0): no scaling needed."""
    try:
        desktops = pygame.display.get_desktop_sizes()
    except pygame.error:
        return False
    return bool(desktops) and fit_window(desktops[0]) == CANVAS_SIZE


class Presenter:
    """Shows each frame (the loop's `present`) and toggles full screen, for either kind of window.

    A plain window (open_display: software rendering, window the canvas's size) shows the canvas's own
    pixels; once someone resizes it or asks for full screen it is opened again as SCALED, which scales
    and letterboxes. The display surface stays the same object (pygame reuses it), so the loop keeps drawing on it.
    """

    def __init__(self) -> None:
        self.plain = pygame.display._get_renderer_info() is None
        self.window_changes = 0   # the loop draws the next frame whole after a change of window

    def __call__(self, rects: list[pygame.Rect] | None = None) -> None:
        if self.plain and tuple(pygame.display.get_window_size()) != CANVAS_SIZE:
            self.to_scaled(fullscreen=False)
            rects = None
        show(rects)

    def toggle_fullscreen(self) -> None:
        if self.plain:
            self.to_scaled(fullscreen=True)
        else:
            pygame.display.toggle_fullscreen()
            self.window_changes += 1

    def to_scaled(self, fullscreen: bool) -> None:
        size = tuple(pygame.display.get_window_size())
        flags = pygame.SCALED | pygame.RESIZABLE | (pygame.FULLSCREEN if fullscreen else 0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")   # pygame says it recreates the renderer: that is the point
            pygame.display.set_mode(CANVAS_SIZE, flags)
        self.plain = False
        self.window_changes += 1
        fit_to_desktop(fullscreen)
        if not fullscreen:
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    pygame.Window.from_display_module().size = size   # the size it was resized to
            except (pygame.error, AttributeError):
                pass


def show(rects: list[pygame.Rect] | None) -> None:
    """Present the canvas: all of it (None), only these rects (the parts that changed), or nothing ([])."""
    if rects is None:
        pygame.display.flip()
    elif rects:
        pygame.display.update(rects)


def changed_rects(before: Regions | None, now: Regions | None) -> list[pygame.Rect] | None:
    """The rects to draw again from one frame's regions to the next (Scene.regions): where what is shown
    changed, and both places of a region that moved. None when either frame has none, or they differ
    in number: draw the whole canvas."""
    if before is None or now is None or len(before) != len(now):
        return None
    dirty: list[pygame.Rect] = []
    for (was, shown_then), (rect, shown) in zip(before, now):
        if was != rect:
            dirty += [pygame.Rect(was), pygame.Rect(rect)]
        elif shown_then != shown:
            dirty.append(pygame.Rect(rect))
    return dirty


def merged(rects: list[pygame.Rect]) -> list[pygame.Rect]:
    """Fewer rects to draw in: two that overlap, or whose union is little bigger than the two, become one.
    Each rect is one pass over the scene's drawing, so a few larger ones cost less than many small."""
    out: list[pygame.Rect] = []
    for rect in rects:
        rect = pygame.Rect(rect)
        joined = True
        while joined:
            joined = False
            for k, other in enumerate(out):
                union = rect.union(other)
                if rect.colliderect(other) or union.w * union.h <= 1.25 * (rect.w * rect.h + other.w * other.h):
                    rect = union
                    del out[k]
                    joined = True
                    break
        out.append(rect)
    return out


def fit_to_desktop(fullscreen: bool) -> None:
    """SCALED makes the canvas size the window's minimum: allow down to 800x450 (still letterboxed), and
    open the window at a size that fits the desktop it opens on (display 0, where set_mode puts it)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # from_display_module is deprecated, and the only way to it
            window = pygame.Window.from_display_module()
        window.minimum_size = MIN_WINDOW
        desktops = pygame.display.get_desktop_sizes()
        if fullscreen or not desktops:
            return
        size = fit_window(desktops[0])
        if tuple(window.size) != size:
            window.size = size
            window.position = pygame.WINDOWPOS_CENTERED
    except (pygame.error, AttributeError):  # an older pygame or a driver without windows: keep SCALED's size
        pass


def as_window(canvas: pygame.Surface, window: tuple[int, int]) -> pygame.Surface:
    """The canvas as a window of this size shows it: scaled smoothly to fit, centred, black bars around."""
    x, y, w, h = canvas_rect(window, canvas.get_size())
    out = pygame.Surface(window)
    out.fill((0, 0, 0))
    out.blit(canvas if (w, h) == canvas.get_size() else pygame.transform.smoothscale(canvas, (w, h)), (x, y))
    return out


def run_loop(stack: SceneStack, clock, source: InputSource, surface: pygame.Surface,
             present: Callable[[list[pygame.Rect] | None], None], *, stop: Callable[[SceneStack], bool] | None = None,
             until: float | None = None, stats: LoopStats | None = None,
             frame_clock: Callable[[], float] = time.perf_counter, draw_frames: bool = True,
             toggle_fullscreen: Callable[[], None] = pygame.display.toggle_fullscreen) -> None:
    """Run until the stack empties, `stop` says so, or the clock reaches `until`.

    `draw_frames=False` (headless play, screenshots) updates on the same fixed steps but draws
    nothing: no one sees those frames, and drawing is most of a turn's cost.

    A frame is drawn when the top scene `needs_redraw` (it moves by itself), after input or a change
    of screen, and on still screens at least every STILL_REFRESH_S; on the live clock a still screen
    sleeps until then (or until input), and its fixed update steps catch up when it wakes. Live input (`read_now`) is read
    again between drawing and presenting and after presenting, so a tap that comes while a frame
    is made is stamped when that stage ends, not at the next turn.

    A scene that names its regions (Scene.regions) is drawn and presented only where they changed
    (`present(rects)`; `present(None)`: the whole canvas), and whole after a change of screen or
    window and on the still refresh.
    """
    next_update = clock.now()
    next_frame = next_update
    guard = PressGuard()   # a press that opened a screen does not act on the next one (game/guard.py)
    read_now = getattr(source, "read_now", None)
    drawn: tuple | None = None   # (screen change, input read) when the last frame was drawn
    drawn_at = -math.inf
    shown: Regions | None = None   # the regions of the last frame drawn (None: drawn whole, or not yet)
    window = getattr(present, "window_changes", 0)
    while stack.active:
        now = clock.now()
        for ev in source.poll(now, stack.top):
            if ev.kind == "quit":
                stack.apply(Quit(), now)
                break
            if ev.kind == "action" and ev.action == "fullscreen" and ev.pressed:
                toggle_fullscreen()
                shown = None
                continue
            if not guard.admit(ev, stack.change):
                continue
            if stack.top is not None:
                stack.apply(stack.handle(ev), ev.t)
        if not stack.active or (stop is not None and stop(stack)):
            break
        if until is not None and now >= until:
            break
        tick = getattr(stack.top, "tick", None)
        if tick is not None:
            tick(now)  # every turn (at least every TICK_WAKE): for work that cannot wait for an update, e.g. clicks
        work_start = frame_clock()
        while next_update <= now and stack.top is not None:
            stack.apply(stack.update(UPDATE_STEP, next_update), next_update)
            next_update += UPDATE_STEP
        if not draw_frames:
            next_frame = math.inf
        elif next_frame <= now and stack.top is not None:
            if stats is not None:
                stats.frame_turns.append(now)
            seen = (stack.change, getattr(source, "events_read", 0))
            if seen != drawn or now - drawn_at >= STILL_REFRESH_S or animated_due(stack.top, now - drawn_at):
                if drawn is None or drawn[0] != seen[0] or now - drawn_at >= STILL_REFRESH_S or \
                        window != getattr(present, "window_changes", 0):
                    shown = None   # a new screen or window, or the still refresh: all of it
                window = getattr(present, "window_changes", 0)
                drawn, drawn_at = seen, now
                regions = stack.regions()
                dirty = changed_rects(shown, regions)
                dirty = None if dirty is None else merged(dirty)
                shown = regions
                if dirty is None:
                    if not getattr(stack.top, "covers_canvas", False):
                        surface.fill((0, 0, 0))
                    stack.draw(surface)
                else:
                    for k, rect in enumerate(dirty):
                        if k and read_now is not None:
                            read_now()   # between the parts too: a tap waits for one part, not the frame
                        surface.set_clip(rect)
                        stack.draw(surface)
                    surface.set_clip(None)
                if read_now is not None:
                    read_now()
                present(dirty)
                if read_now is not None:
                    read_now()
                if stats is not None:
                    stats.frames += 1
                    stats.frame_times.append(frame_clock() - work_start)
                    if stats.first_frame_at is None:
                        stats.first_frame_at = frame_clock()
            next_frame += FRAME_INTERVAL
            if next_frame < now:  # fell behind: skip frames rather than race
                next_frame = now + FRAME_INTERVAL
        wake = min(next_update, next_frame)
        if clock.live and draw_frames:
            wake = next_frame   # the fixed updates catch up when the frame is made; input wakes the loop at once
        if clock.live and tick is not None:
            wake = min(wake, now + TICK_WAKE)
        elif clock.live and drawn == (stack.change, getattr(source, "events_read", 0)):
            # A still screen sleeps until input or its refresh, a slow one until its next frame; the
            # updates catch up when it wakes.
            top = stack.top
            if not getattr(top, "needs_redraw", True):
                wake = max(wake, drawn_at + STILL_REFRESH_S)
            elif not getattr(top, "fast_motion", True):
                while next_frame < drawn_at + SLOW_FRAME_INTERVAL - FRAME_INTERVAL / 2:
                    next_frame += FRAME_INTERVAL   # deadlines that would draw nothing: sleep through them
                wake = max(wake, next_frame)
        clock.wait_until(wake)


def animated_due(scene, since_drawn: float) -> bool:
    """A frame is due for what moves by itself: every frame while something moves fast, every other
    frame (SLOW_FRAME_INTERVAL, half a frame's grace for a late turn) while only slow things move."""
    if not getattr(scene, "needs_redraw", True):
        return False
    return getattr(scene, "fast_motion", True) or since_drawn >= SLOW_FRAME_INTERVAL - FRAME_INTERVAL / 2


def init_pygame(headless: bool) -> None:
    if headless:
        os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
        os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    pygame.init()


def make_context(db, *, headless: bool, seed: int = 0) -> AppContext:
    from game.displays import current_display
    from game.games import GAMES
    from game.paths import levels_dir, user_levels_dir
    from game.settings import HEADLESS_USES, load_settings
    from game.ui.audio import Sounds
    from game.ui.theme import Fonts

    # Headless play and screenshots read only what they use, so a setting they ignore never stops them.
    settings = load_settings(db.path.parent, uses=HEADLESS_USES if headless else None)
    return AppContext(
        db=db, fonts=Fonts(), sounds=Sounds(enabled=settings.sound and not headless), app_version=__version__,
        screen_size=lambda: pygame.display.get_window_size(),
        level_roots={name: [levels_dir(name), user_levels_dir(db.path.parent, name)] for name in GAMES},
        seed=seed, headless=headless, settings=settings, display=current_display)


def run_live(first: Callable[[AppContext], Scene], db, fullscreen: bool = False) -> None:
    init_pygame(headless=False)
    try:
        surface = open_display(fullscreen=fullscreen)
        ctx = make_context(db, headless=False)
        clock = RealClock(x11_connection_fd())
        set_scheduler_slice(LOOP_SLICE_NS)
        stack = SceneStack(first(ctx), clock.now())
        stats, stop = bench_hooks()
        try:
            from game.input import key_actions_for

            keys = key_actions_for(ctx.settings.tap_left_key, ctx.settings.tap_right_key)
            presenter = Presenter()
            run_loop(stack, clock, LiveInput(key_actions=keys), surface, presenter, stop=stop, stats=stats,
                     toggle_fullscreen=presenter.toggle_fullscreen)
        finally:
            stack.close(clock.now())
            ctx.end_session()
    finally:
        pygame.quit()


def bench_hooks() -> tuple[LoopStats | None, Callable[[SceneStack], bool] | None]:
    """What benchmarks ask of a live run through environment variables (nothing when none is set)."""
    if os.environ.get("MOTORPLAY_BENCH_FIRST_FRAME"):
        # benchmarks/bench.py: report the wall-clock time of the first frame, then leave
        stats = LoopStats()

        def first_frame(_stack: SceneStack) -> bool:
            if stats.frames:
                print(f"first-frame {time.time():.6f}", file=sys.stderr, flush=True)
                return True
            return False
        return stats, first_frame
    path = os.environ.get("MOTORPLAY_BENCH_STAMPS")
    if path:
        stats = LoopStats()
        return stats, StampsReport(Path(path), stats)
    return None, None


class StampsReport:
    """MOTORPLAY_BENCH_STAMPS=FILE (benchmarks/bench_tap_stamps_x11.py): the first attempt's stamps, then leave.

    Writes JSON lines to FILE: when the attempt starts, its origin on the loop clock and the offset from
    the loop clock to CLOCK_MONOTONIC (so another process can compare its own times); when it ends, the
    attempt's recorded events (seconds from the origin, as saved) and the loop's frame deadlines.
    """

    def __init__(self, path: Path, stats: LoopStats):
        self.path = path
        self.stats = stats
        self.scene: Scene | None = None
        self.origin = 0.0

    def __call__(self, stack: SceneStack) -> bool:
        import json

        top = stack.top
        if self.scene is None:
            origin = getattr(top, "attempt_origin", None)
            if origin is not None and not getattr(top, "waiting_to_play", False):   # after any demonstration
                self.scene, self.origin = top, float(origin)
                self._write(json.dumps({"origin": self.origin, "monotonic_minus_clock": monotonic_offset(),
                                        "clock": time.get_clock_info("perf_counter").implementation,
                                        "window": list(pygame.display.get_window_size()),
                                        "scheduler_slice_ns": scheduler_slice_ns()}))
            return False
        if top is self.scene and getattr(top, "attempt_origin", None) is not None:
            return False
        events = [{"t": ev.t, "type": ev.type, "side": getattr(ev, "side", None)} for ev in self.scene.events]
        self._write(json.dumps({"events": events, "frame_turns": self.stats.frame_turns}))
        return True

    def _write(self, line: str) -> None:
        with self.path.open("a", encoding="utf-8") as f:
            f.write(line + "\n")


def monotonic_offset(samples: int = 20) -> float | None:
    """CLOCK_MONOTONIC minus time.perf_counter(), from the tightest of a few bracketed readings (None
    where there is no CLOCK_MONOTONIC)."""
    monotonic = getattr(time, "CLOCK_MONOTONIC", None)
    if monotonic is None:
        return None
    best = (math.inf, 0.0)
    for _ in range(samples):
        a = time.perf_counter()
        m = time.clock_gettime(monotonic)
        b = time.perf_counter()
        best = min(best, (b - a, m - (a + b) / 2))
    return best[1]


def run_virtual(first: Callable[[AppContext], Scene], db, source: InputSource, *,
                stop: Callable[[SceneStack], bool] | None = None, until: float | None = None,
                stats: LoopStats | None = None, seed: int = 0,
                shot: Path | None = None, shot_window: tuple[int, int] | None = None,
                ctx_hook: Callable[[AppContext], None] | None = None,
                wall_start: datetime | None = None) -> AppContext:
    """The same loop on a virtual clock; optionally save the last frame as a PNG (the canvas, or as a
    window of `shot_window` pixels shows it).

    `wall_start` (an aware datetime): attempts are stamped as if played from then on, the virtual clock's
    seconds after it (headless `play --date`); otherwise with the real time.
    """
    init_pygame(headless=True)
    try:
        surface = open_display(hidden=True)
        ctx = make_context(db, headless=True, seed=seed)
        if shot_window is not None:
            ctx.screen_size = lambda: shot_window   # screens that draw in window pixels see that window
        if ctx_hook is not None:
            ctx_hook(ctx)
        clock = VirtualClock()
        if wall_start is not None:
            origin = clock.now()
            ctx.wall_clock = lambda: (wall_start + timedelta(seconds=clock.now() - origin)).astimezone(
                timezone.utc).isoformat(timespec="milliseconds")
        stack = SceneStack(first(ctx), clock.now())
        try:
            run_loop(stack, clock, source, surface, lambda _rects: None, stop=stop, until=until, stats=stats,
                     draw_frames=stats is not None)
            if shot is not None:
                surface.fill((0, 0, 0))
                stack.draw(surface)
                shot.parent.mkdir(parents=True, exist_ok=True)
                pygame.image.save(surface if shot_window is None else as_window(surface, shot_window), str(shot))
        finally:
            stack.close(clock.now())
            ctx.end_session()
        return ctx
    finally:
        pygame.quit()


class NoInput:
    def poll(self, now: float, scene: object) -> list[InputEvent]:
        return []
