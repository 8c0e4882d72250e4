"""Which display the window is on, named by what SDL tells: its name and its desktop size.

A screen's calibration (pixels per millimetre, game/metrics/millimetres.py) belongs to one display at
one resolution, so the records keep it under this name. pygame-ce 2.5 gives the desktop sizes but
neither the display's name nor which display holds the window; SDL has both
(SDL_GetWindowDisplayIndex, SDL_GetDisplayName), so they are asked of the SDL library pygame itself
loaded, through ctypes. Where that library cannot be found (another packaging of pygame), the
display is named by its desktop size alone, on display 0.
"""
from __future__ import annotations

import ctypes
import glob
import os
import warnings
from dataclasses import dataclass

import pygame


@dataclass(frozen=True)
class Display:
    name: str                     # SDL's name for it ('' when unknown)
    desktop: tuple[int, int]      # its desktop size in pixels

    @property
    def key(self) -> str:
        """How the records name it: '1920x1080 DELL U2415' (or just the size when the name is unknown)."""
        size = f"{self.desktop[0]}x{self.desktop[1]}"
        return f"{size} {self.name}" if self.name else size


def _sdl() -> ctypes.CDLL | None:
    """The SDL2 library pygame loaded (the same copy, so it knows pygame's window), or None."""
    here = os.path.dirname(pygame.__file__)
    patterns = (os.path.join(here, "..", "pygame_ce.libs", "libSDL2-2*"), os.path.join(here, "SDL2.dll"),
                os.path.join(here, ".dylibs", "libSDL2*"), os.path.join(here, "libSDL2*"))
    for pattern in patterns:
        for path in sorted(glob.glob(pattern)):
            try:
                lib = ctypes.CDLL(path)
                lib.SDL_GetWindowFromID.restype = ctypes.c_void_p
                lib.SDL_GetWindowFromID.argtypes = [ctypes.c_uint32]
                lib.SDL_GetWindowDisplayIndex.argtypes = [ctypes.c_void_p]
                lib.SDL_GetDisplayName.restype = ctypes.c_char_p
                lib.SDL_GetDisplayName.argtypes = [ctypes.c_int]
                return lib
            except (OSError, AttributeError):
                continue
    return None


def current_display() -> Display:
    """The display the window is on now (display 0 when that cannot be told)."""
    try:
        sizes = pygame.display.get_desktop_sizes()
    except pygame.error:
        sizes = []
    index, name = 0, ""
    lib = _sdl()
    if lib is not None:
        try:   # the window's display (no window yet: display 0, where it will open)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")   # from_display_module is deprecated, and the only way to it
                window = pygame.Window.from_display_module()
            pointer = lib.SDL_GetWindowFromID(window.id)
            if pointer:
                index = max(0, int(lib.SDL_GetWindowDisplayIndex(pointer)))
        except (pygame.error, AttributeError, OSError, ValueError):
            index = 0
        try:
            raw = lib.SDL_GetDisplayName(index)
            name = raw.decode("utf-8", "replace").strip()[:60] if raw else ""
        except (AttributeError, OSError, ValueError):
            name = ""
    desktop = tuple(sizes[index]) if index < len(sizes) else (tuple(sizes[0]) if sizes else (0, 0))
    return Display(name, (int(desktop[0]), int(desktop[1])))
