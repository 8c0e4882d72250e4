"""The reports as a reader sees them: the HTML in headless Chromium, the PDF's first page through pdftoppm."""
from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import shutil  # noqa: E402
import subprocess  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import pygame  # noqa: E402
import pytest  # noqa: E402

from game.records.db import Database  # noqa: E402
from game.reports import make_report  # noqa: E402
from tests.report_builders import CHILD, fill  # noqa: E402

POINT = (0, 114, 178)        # the attempts' dots (drawn at 85 % opacity)
DOT_ON_WHITE = (38, 135, 189)
TREND = (230, 159, 0)
LEVEL = (138, 143, 168)
CARD = (255, 255, 255)
CREAM = (253, 247, 234)
WARM = (255, 227, 163)
INK = (38, 44, 74)


def need(binary: str, package: str) -> str:
    path = shutil.which(binary)
    if path is None:
        reason = f"{binary} is not installed (apt-get install {package}); .ci/run installs it"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return path


def pixels(png: Path) -> np.ndarray:
    """H x W x 3 array of the picture."""
    return pygame.surfarray.array3d(pygame.image.load(str(png))).transpose(1, 0, 2).astype(int)


def near(img: np.ndarray, colour: tuple[int, int, int], tol: int = 14) -> np.ndarray:
    return (np.abs(img - np.array(colour)) <= tol).all(axis=2)


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    folder = tmp_path_factory.mktemp("render")
    filled = fill(folder / "data")
    db = Database.open(filled.data_dir)
    try:
        return make_report(db, CHILD, folder / "mia.html"), make_report(db, CHILD, folder / "mia.pdf")
    finally:
        db.close()


def white_runs(column: np.ndarray, min_len: int) -> list[tuple[int, int]]:
    """[start, end) row ranges where this column is card-white for at least min_len rows."""
    white = near(column[:, None, :], CARD, 1)[:, 0]
    runs, start = [], None
    for y, w in enumerate([*white, False]):
        if w and start is None:
            start = y
        elif not w and start is not None:
            if y - start >= min_len:
                runs.append((start, y))
            start = None
    return runs


def test_html_report_renders_in_chromium_with_a_chart_in_each_game_section(reports, tmp_path):
    chromium = need("chromium", "chromium")
    html, _ = reports
    shot = tmp_path / "report.png"
    res = subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
         f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={shot}", "--window-size=1280,5200",
         html.resolve().as_uri()], capture_output=True, text=True, timeout=120)
    assert shot.exists(), res.stderr[-2000:]
    img = pixels(shot)
    assert img.shape == (5200, 1280, 3)
    assert near(img[5:40, 5:40], CREAM, 1).all()                      # the warm page background
    assert near(img[:200], WARM, 8).sum() > 20_000                    # the header band
    # main is 1000 px wide in a 1280 px window: the cards start 168 px from the left; the game sections are
    # the tall white cards (a chart and its text), one per game, in order
    sections = white_runs(img[:, 180], 550)
    assert len(sections) == 3, sections
    # tracing has two sessions at each corridor width, too few for a trend line; the others have two each
    for (top, bottom), with_trend in zip(sections, (False, True, True)):
        region = img[top:bottom, 170:1110]
        assert near(region, DOT_ON_WHITE, 16).sum() >= 4 * 20, (top, bottom)   # 8 dots at least, ~20 px each
        if with_trend:
            assert near(region, TREND, 10).sum() > 400, (top, bottom)           # two trend lines
        assert near(region, LEVEL, 10).sum() > 300, (top, bottom)               # the difficulty step lines
        assert near(region, INK, 40).sum() > 500, (top, bottom)                 # titles and labels
    below = img[sections[-1][1]:]
    assert near(below, CARD, 1).sum() > 50_000                        # the sessions table and notes follow


def test_pdf_first_page_shows_the_summary_with_its_sparklines(reports, tmp_path):
    pdftoppm = need("pdftoppm", "poppler-utils")
    _, pdf = reports
    res = subprocess.run([pdftoppm, "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    (png,) = tmp_path.glob("page*.png")
    img = pixels(png)
    h, w, _ = img.shape
    assert (h, w) == (702, 497)                                        # A4 (8.27 x 11.69 in) at 60 dpi
    top, summary = img[: h // 6], img[h // 4: h * 9 // 10]
    assert near(top, WARM, 6).mean() > 0.3                             # the header band
    assert near(top, POINT, 10).sum() > 300                            # the badge with the initial
    assert near(summary, POINT, 60).sum() > 30                         # sparkline dots, one row per measure
    assert near(summary, TREND, 40).sum() > 60                         # sparkline trend lines
    assert near(summary, INK, 60).sum() > 1_800                        # the numbers and words (about 2,000 now)
    assert near(img, (255, 255, 255), 3).mean() > 0.6                 # a clean white page, not a blank one
    assert near(img[h - 40:], INK, 120).sum() > 20                     # the footer with the page number
