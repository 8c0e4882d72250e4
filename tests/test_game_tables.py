"""One table per game: every screen, report and export reads a metric's label, unit and decimals,
and the difficulty axis's name, from the game's own folder (game/games/<name>/__init__.py)."""
from __future__ import annotations

import pytest

from game.games import GAMES


@pytest.mark.parametrize("name", list(GAMES))
def test_the_metric_table_is_the_games_metrics_in_their_export_order(name: str):
    import importlib

    game = GAMES[name]
    metrics = importlib.import_module(f"game.games.{name}.metrics")
    canonical = next(v for k, v in vars(metrics).items() if k.endswith("_METRICS") and isinstance(v, tuple))
    assert game.metrics == canonical
    assert len(set(game.metrics)) == len(game.metrics)
    for m in game.metric_table:
        assert m.label and m.unit and m.words and m.better in ("higher", "lower", "")
    assert [h.headline for h in game.headlines] == [1, 2, 3]
    assert len(game.charted) == 2


def test_every_reader_shows_the_tables_label_unit_and_decimals():
    from game.metrics.glossary import GLOSSARY, metric_info
    from game.metrics.labels import LABELS, format_metric, metric_label
    from game.records.series import KEY_METRICS
    from game.reports.words import METRIC_DECIMALS, METRIC_LABELS

    for name, game in GAMES.items():
        assert KEY_METRICS[name] == game.charted
        for m in game.metric_table:
            assert metric_label(m.name) == LABELS[m.name] == METRIC_LABELS[m.name] == m.label
            assert metric_info(name, m.name) is m is GLOSSARY[name][m.name]
            assert METRIC_DECIMALS[m.name] == m.decimals
    assert format_metric("tracing", "mean_deviation", 12.345) == "12.3 play units"
    assert format_metric("tracing", "coverage_pct", 87.6) == "88%"
    assert format_metric("catching", "mean_reaction_time_ms", 412.6) == "413 ms"


def test_one_name_for_each_games_difficulty_axis_everywhere():
    """The editor, the progress screen, the report and adaptive mode's reasons say the same words."""
    from game.levels.editor_model import field_by_key
    from game.metrics.labels import DIFFICULTY_LABELS
    from game.records.series import DIFFICULTY_FIELD
    from game.reports.words import DIFFICULTY_INFO
    from game.staircase import DEFAULTS

    assert GAMES["tracing"].axis.label == "Corridor half-width"
    for name, game in GAMES.items():
        axis = game.axis
        assert DIFFICULTY_FIELD[name] == axis.key
        assert DIFFICULTY_LABELS[axis.key][:2] == (axis.label, axis.unit)
        assert (DIFFICULTY_INFO[axis.key].label, DIFFICULTY_INFO[axis.key].unit) == (axis.label, axis.unit)
        editor = field_by_key(name, axis.field)
        assert editor.label == axis.label and (editor.lo, editor.hi, editor.step) == axis.editor
        assert editor.easier == -axis.harder
        adaptive = DEFAULTS[name]
        assert adaptive.field == axis.field and adaptive.label == axis.label.lower()
        assert (adaptive.step, adaptive.min_value, adaptive.max_value) == axis.adaptive
        assert adaptive.harder == axis.harder and adaptive.unit == axis.unit


def test_no_code_outside_a_games_folder_names_a_game():
    """Shared code goes through the registry and never asks which game it is (issue 9)."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "game"
    names = "|".join(GAMES)
    quoted = re.compile(rf"""["']({names})["']""")
    found = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if rel.startswith("games/") and (rel.count("/") == 2 or rel == "games/__init__.py"):
            continue   # a game's own folder, and the registry that lists the games
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if quoted.search(line):
                found.append(f"game/{rel}:{lineno}: {line.strip()}")
    assert found == []
