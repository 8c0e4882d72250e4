"""What a scene is, and how scenes ask for the next one: they return transitions, never set globals."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Hashable
from typing import TYPE_CHECKING, Any, Callable, Optional

import pygame

from game.scenes.access import AccessLayer

if TYPE_CHECKING:
    from game.input import InputEvent
    from game.records.access import AccessOptions
    from game.records.db import Child, Database
    from game.ui.audio import Sounds
    from game.ui.theme import Fonts


Regions = tuple[tuple[pygame.Rect, Hashable], ...]
"""(rect, what it shows) per part of the canvas that can change: see Scene.regions."""


@dataclass(frozen=True)
class Push:
    scene: "Scene"


@dataclass(frozen=True)
class Pop:
    result: Any = None


@dataclass(frozen=True)
class Replace:
    scene: "Scene"


@dataclass(frozen=True)
class Quit:
    pass


Transition = Optional[Push | Pop | Replace | Quit]


@dataclass
class AppContext:
    """What scenes share: records, fonts, sounds, settings. Built once by the app, passed down."""

    db: "Database"
    fonts: "Fonts"
    sounds: "Sounds"
    app_version: str
    screen_size: Callable[[], tuple[int, int]]
    level_roots: dict[str, list[Path]]
    seed: int = 0
    headless: bool = False
    record: bool = True           # screenshots look, they do not record
    notices: list[str] = field(default_factory=list)
    attempts_recorded: int = 0
    session_id: int | None = None           # None while its row could not be written (see session_started_at)
    session_child: int | None = None
    session_started_at: str | None = None
    on_attempt: Callable[[int | None, Any], None] | None = None
    """(attempt id, SavedAttempt) for each attempt stored, also late; (None, SavedAttempt) for one that
    went to the unsaved file instead (its `kept_in` says where)."""
    images: dict[tuple, pygame.Surface] = field(default_factory=dict)
    settings: Any = None          # game.settings.Settings
    wall_clock: Callable[[], str] | None = None   # headless play at another date: what "now" is (UTC ISO)
    access_changes: tuple[str, ...] = ()
    """`screenshot --option NAME[=VALUE]`: access options changed for this run, on top of the child's own."""

    def access_for(self, child: "Child") -> "AccessOptions":
        """The motor access options this child plays with (game.records.access), with access_changes applied."""
        from game.records.access import AccessOptions, access_options

        options = access_options(self.db, child.id) if child.id else AccessOptions()
        for text in self.access_changes:
            options = options.with_option(text)
        return options

    display: Callable[[], Any] | None = None     # the display the window is on (game.displays.Display)

    def current_display(self) -> Any:
        """The display the window is on now (game.displays.Display), or None when not known."""
        return self.display() if self.display is not None else None

    def screen_scale(self) -> Any:
        """How play units become millimetres in this window on this display, now (a ScreenScale)."""
        import sqlite3

        from game.errors import UserError
        from game.metrics.millimetres import screen_scale

        display = self.current_display()
        key = display.key if display is not None else ""
        try:
            measured = self.db.calibration(key) if key else None
        except (sqlite3.Error, UserError):   # records that cannot be read never stop a save: no millimetres
            measured = None
        return screen_scale(self.screen_size(), key, measured.px_per_mm if measured is not None else None)

    def avatar_image(self, name: str, radius: int) -> pygame.Surface:
        """Avatars are costly to draw (supersampled), so each size is drawn once."""
        key = ("avatar", name, radius)
        if key not in self.images:
            from game.ui.avatars import render_avatar

            self.images[key] = render_avatar(name, radius)
        return self.images[key]

    def blit_avatar(self, surface: pygame.Surface, name: str, center: tuple[int, int], radius: int) -> None:
        img = self.avatar_image(name, radius)
        surface.blit(img, img.get_rect(center=center))

    def session_for(self, child: "Child") -> int | None:
        """The session the child's last stored attempt went into, for the next attempt (None before the first).

        Which session an attempt belongs to is decided where it is stored, by the 30-minute rule
        (game.records.session_rule): a trip to the therapist area or a restart does not split a sitting.
        """
        if self.session_child != child.id or self.session_started_at is None:
            self.end_session()
            self.session_child = child.id
            self.session_started_at = self.stamp()
        return self.session_id

    def end_session(self) -> None:
        """The sitting is over (or the app closes): try waiting attempts again."""
        self.retry_unsaved()
        self.session_id = None
        self.session_child = None
        self.session_started_at = None

    def stamp(self) -> str:
        """Now, as stored with an attempt (UTC ISO); headless play `--date` moves it to another day."""
        if self.wall_clock is not None:
            return self.wall_clock()
        from game.records.db import now_utc

        return now_utc()

    def audio_latency(self) -> Any:
        """The audio latency (game.sound.calibration.LatencyChoice) attempts are scored with now: settings.toml's
        audio_latency_ms overrides; else the latest Sound timing calibration of the output playing; else 0."""
        from game.sound.calibration import latency_to_use

        setting = getattr(self.settings, "audio_latency_ms", None)
        cal = None
        if setting is None and getattr(self.sounds, "available", False):
            finder = getattr(self.db, "sound_calibration", None)
            cal = finder(self.sounds.device) if finder is not None else None
        if cal is None:
            return latency_to_use(setting)
        return latency_to_use(setting, cal.delay_ms, cal.measured_at, cal.method)

    def retry_unsaved(self) -> None:
        if not self.record or not getattr(self.db, "pending", None):
            return
        from game.errors import UserError
        from game.records.attempts import retry_unsaved

        try:
            settled = retry_unsaved(self.db)
        except UserError as exc:
            self.notices.append(str(exc))
            return
        for saved in settled:
            self.attempt_saved(saved)

    def attempt_saved(self, saved: Any) -> None:
        """Count and report one SavedAttempt (and any that waited before it and were settled with it)."""
        for s in (*saved.earlier, saved):
            record = s.record
            if s.attempt_id is not None:
                self.attempts_recorded += 1
                if record is not None and record.child_id == self.session_child:
                    self.session_id = s.session_id   # where the records put it
                if self.on_attempt is not None:
                    self.on_attempt(s.attempt_id, s)
                continue
            if s.kept_in is not None and self.on_attempt is not None:
                self.on_attempt(None, s)
            if s.message:
                self.notices.append(s.message)


class Scene:
    """Override what you need. `now` is the app clock in seconds."""

    access: "AccessOptions | None" = None
    """The motor access options of the child this screen is for; None on the grown-ups' screens. The access
    layer (game.scenes.access) scans and holds this screen's `buttons` by them."""

    def __init__(self, ctx: AppContext):
        self.ctx = ctx

    def claims_press(self, ev: "InputEvent") -> bool:
        """True if a press off the buttons here is the scene's own (play, the grown-ups' gear), not a switch."""
        return False

    def enter(self, now: float) -> None:
        """Called when the scene becomes the top one (first time or after a pushed scene pops)."""

    def handle(self, ev: "InputEvent", now: float) -> Transition:
        return None

    def update(self, dt: float, now: float) -> Transition:
        return None

    def resume(self, result: Any, now: float) -> Transition:
        """A scene this one pushed has popped with `result`."""
        return None

    def exit(self, now: float) -> None:
        """The app is closing (or the scene is replaced): save anything in progress."""

    def draw(self, surface: pygame.Surface) -> None:
        raise NotImplementedError

    def regions(self) -> "Regions | None":
        """For drawing only what changed: every part of the canvas that can change while this scene stays
        on top, each as (rect, what it shows), the second any value that differs whenever the pixels in
        the rect would. The app redraws (with the canvas clipped to it) and presents only the rects whose
        value changed since the last frame; nothing outside them may change. None (the default): the
        whole canvas every frame.

        Why: a frame drawn and presented whole holds the CPU for 1-2 ms, and the X server, which must
        deliver a tap before the game can stamp it, waits behind it (README, "Clocks and tap stamps")."""
        return None

    @property
    def transparent(self) -> bool:
        """Overlays (pause) draw the scene beneath them first."""
        return False

    @property
    def needs_redraw(self) -> bool:
        """True while the picture changes by itself (an animation, a clock): the app draws a frame 60
        times a second. A still screen says False: it is drawn again only after input, a change of
        screen, or every half second (game.app.STILL_REFRESH_S), so it costs almost no power."""
        return True

    @property
    def fast_motion(self) -> bool:
        """True while something moves by itself fast enough that 30 frames a second would judder (falling
        fruit, a demonstration's hand): the app draws 60 a second. False: what moves is slow (a pulse, a
        fade), and the app draws 30 a second, and 60 while input comes (game.app.SLOW_FRAME_INTERVAL)."""
        return True

    @property
    def covers_canvas(self) -> bool:
        """True when draw() paints every pixel of the canvas first: the app does not clear it before."""
        return False


class SceneStack:
    """Applies transitions; the app loop asks it for the top scene."""

    def __init__(self, first: Scene, now: float):
        self.scenes: list[Scene] = [first]
        self.change = (0, now)
        """(how many times, when last) the top scene changed: the app loop's press guard starts from it."""
        self.access = AccessLayer()
        first.enter(now)

    @property
    def top(self) -> Scene | None:
        return self.scenes[-1] if self.scenes else None

    @property
    def active(self) -> bool:
        return bool(self.scenes)

    def handle(self, ev: "InputEvent") -> Transition:
        """Input for the top scene, through the access layer (switch scanning, holds)."""
        return self.access.handle(self.top, ev, self.change)

    def update(self, dt: float, now: float) -> Transition:
        return self.access.update(self.top, dt, now, self.change)

    def apply(self, tr: Transition, now: float) -> None:
        if tr is not None:
            self.change = (self.change[0] + 1, now)
        while tr is not None:
            if isinstance(tr, Push):
                self.scenes.append(tr.scene)
                tr.scene.enter(now)
                tr = None
            elif isinstance(tr, Replace):
                old = self.scenes.pop()
                old.exit(now)
                self.scenes.append(tr.scene)
                tr.scene.enter(now)
                tr = None
            elif isinstance(tr, Pop):
                old = self.scenes.pop()
                old.exit(now)
                if not self.scenes:
                    return
                self.scenes[-1].enter(now)
                tr = self.scenes[-1].resume(tr.result, now)
            else:  # Quit
                self.close(now)
                tr = None

    def close(self, now: float) -> None:
        while self.scenes:
            self.scenes.pop().exit(now)

    def regions(self) -> "Regions | None":
        """The top scene's regions (Scene.regions) when it alone makes the frame: no scene shows beneath it and
        the access layer draws nothing over it. Otherwise None: the whole canvas."""
        top = self.top
        regions = getattr(top, "regions", None)
        if regions is None or getattr(top, "transparent", False) or self.access.draws_over(top):
            return None
        return regions()

    def draw(self, surface: pygame.Surface) -> None:
        start = len(self.scenes) - 1
        while start > 0 and self.scenes[start].transparent:
            start -= 1
        for scene in self.scenes[start:]:
            scene.draw(surface)
        if self.scenes:
            self.access.draw(surface, self.scenes[-1])
