"""Palette, sizes and fonts shared by every screen, so the whole app looks like one toy.

Colours are based on the Okabe-Ito palette (safe for the common colour-vision deficiencies),
and every pair that carries meaning also differs in brightness, so a child who cannot tell
red from green still can tell "on the path" from "off the path".
"""
from __future__ import annotations

import sys
from pathlib import Path

import pygame

Color = tuple[int, int, int]

CANVAS_SIZE: tuple[int, int] = (1280, 720)
"""Logical canvas in play units; the app scales it to the window."""

MIN_TARGET = 64
"""Smallest touch/click target in play units: young children's taps are imprecise."""

# --- Okabe-Ito base colours (Okabe & Ito 2008, "Color Universal Design") -------------------
OI_ORANGE: Color = (230, 159, 0)
OI_SKY_BLUE: Color = (86, 180, 233)
OI_BLUISH_GREEN: Color = (0, 158, 115)
OI_YELLOW: Color = (240, 228, 66)
OI_BLUE: Color = (0, 114, 178)
OI_VERMILLION: Color = (213, 94, 0)
OI_REDDISH_PURPLE: Color = (204, 121, 167)

# --- Surfaces and text ----------------------------------------------------------------------
BACKGROUND: Color = (253, 247, 234)
"""Warm cream: softer than white for long sessions, still light enough for dark ink."""
PANEL: Color = (255, 255, 255)
PANEL_EDGE: Color = (222, 212, 190)
INK: Color = (38, 44, 74)
"""Dark navy text: contrast ratio > 12:1 on BACKGROUND, softer than pure black."""
INK_SOFT: Color = (96, 102, 128)
WHITE: Color = (255, 255, 255)
SHADOW: Color = (60, 50, 40)

# --- Roles ---------------------------------------------------------------------------------
PRIMARY: Color = OI_BLUE
"""Main action buttons (play, next): dark enough for white labels."""
SECONDARY: Color = OI_SKY_BLUE
"""Secondary buttons: light, so they take dark labels."""
ACCENT: Color = OI_ORANGE
SUCCESS: Color = OI_BLUISH_GREEN
GENTLE: Color = OI_REDDISH_PURPLE
"""Used for "try again" cues: friendly, never alarm-red."""
DISABLED: Color = (190, 190, 196)
DISABLED_INK: Color = (120, 120, 130)

# --- Tracing game ----------------------------------------------------------------------------
CORRIDOR_FILL: Color = (214, 236, 250)
"""Pale sky-blue road the child stays inside."""
CORRIDOR_EDGE: Color = (86, 150, 200)
TRAIL_IN: Color = (0, 84, 147)
"""Deep blue ink while on the path (dark)."""
TRAIL_OUT: Color = (240, 160, 0)
"""Bright orange while off the path (light): differs from TRAIL_IN in hue and brightness."""
START_DOT: Color = OI_BLUISH_GREEN
"""Start marker; always drawn as a dot with a play-triangle so it is not colour alone."""
END_DOT: Color = OI_VERMILLION
"""Finish marker; drawn with a flag/ring shape, not colour alone."""

# --- Rewards ---------------------------------------------------------------------------------
STAR_GOLD: Color = (255, 190, 20)
STAR_EDGE: Color = (200, 120, 0)
STAR_EMPTY: Color = (205, 198, 184)

CONFETTI_COLORS: tuple[Color, ...] = (
    OI_ORANGE, OI_SKY_BLUE, OI_BLUISH_GREEN, OI_YELLOW, OI_BLUE, OI_VERMILLION, OI_REDDISH_PURPLE,
)

FONT_REGULAR = "Andika-Regular.ttf"
FONT_BOLD = "Andika-Bold.ttf"


def mix(a: Color, b: Color, t: float) -> Color:
    """Blend two colours (t=0 gives a, t=1 gives b): shades and tints without new constants."""
    t = min(1.0, max(0.0, t))
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def relative_luminance(color: Color) -> float:
    """WCAG 2.x relative luminance, used to check that meaning never hangs on hue alone."""

    def channel(c: int) -> float:
        s = c / 255.0
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in color[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: Color, b: Color) -> float:
    """WCAG contrast ratio (1..21) between two colours."""
    la, lb = relative_luminance(a), relative_luminance(b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


def assets_dir() -> Path:
    """Where fonts live: the source checkout first, else an installed copy under sys.prefix."""
    here = Path(__file__).resolve().parent.parent.parent / "assets"
    if here.is_dir():
        return here
    return Path(sys.prefix) / "share" / "motorplay" / "assets"


class Fonts:
    """Andika fonts by size, loaded on first use and cached in this object (not globally)."""

    def __init__(self, assets: Path | None = None) -> None:
        self._assets = assets
        self._cache: dict[tuple[int, bool], pygame.font.Font] = {}
        self._warned = False

    def _path(self, bold: bool) -> Path:
        base = self._assets if self._assets is not None else assets_dir()
        return base / "fonts" / (FONT_BOLD if bold else FONT_REGULAR)

    def get(self, size: int, bold: bool = False) -> pygame.font.Font:
        """A font of `size` pixels; falls back to pygame's default font if Andika is missing."""
        size = int(size)
        if size <= 0:
            raise ValueError(f"font size must be positive, got {size}")
        key = (size, bool(bold))
        font = self._cache.get(key)
        if font is None:
            if not pygame.font.get_init():
                pygame.font.init()
            path = self._path(bold)
            try:
                font = pygame.font.Font(str(path), size)
            except (OSError, FileNotFoundError, pygame.error) as exc:
                if not self._warned:
                    print(f"MotorPlay: font {path} could not be loaded ({exc}); "
                          "using the default font", file=sys.stderr)
                    self._warned = True
                font = pygame.font.Font(None, size)
                font.set_bold(bold)
            self._cache[key] = font
        return font
