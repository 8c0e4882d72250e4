"""The sentences both report formats share, built from ReportData (so HTML and PDF say the same)."""
from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

from game.games import GAMES
from game.metrics.glossary import metric_info
from game.records.series import DIFFICULTY_FIELD, KEY_METRICS
from game.reports.data import GameSummary, MetricSummary, ReportData
from game.reports.words import (
    GAME_TITLES,
    PLAY_UNIT_WORDS,
    count,
    day,
    difficulty_info,
    duration,
    qty,
)

ABOUT = ("This report follows one child's own progress over time. It compares the child only with themselves "
         "and gives no norms, percentiles or comparison with other children.")
HOW_TO_READ = ("Each dot is one finished attempt. The orange line is the trend: it runs through the sessions at "
               "one difficulty (the one played in the most sessions), one value per session (its median), as a "
               "robust (Theil–Sen) line. The words say \"improving\" or \"getting worse\" only with at least 3 "
               "sessions, on 2 days or more, when the 95 % interval of the weekly change leaves out zero and "
               "the change is larger than the child's own session-to-session noise. The grey step line shows how "
               "hard the level was (right-hand scale): compare dots at the same difficulty to see real progress, "
               "because an easier or harder level changes the scores by itself.")
GAME_WORDS = MappingProxyType({name: g.description for name, g in GAMES.items()})


def range_words(data: ReportData) -> str:
    """'1/3/26 to 2/28/26', or with no range asked: the span of the records."""
    if data.start and data.end:
        return f"{day(data.start)} to {day(data.end)}"
    if data.start:
        return f"from {day(data.start)}" + (f" (last attempt {day(data.last)})" if data.last else "")
    if data.end:
        return f"up to {day(data.end)}" + (f" (first attempt {day(data.first)})" if data.first else "")
    if data.first and data.last:
        return f"all records: {day(data.first)} to {day(data.last)}"
    return "all records"


def value_words(m: MetricSummary, which: str) -> str:
    p = m.latest if which == "latest" else m.best
    return qty(p.value if p else None, m.info.unit, m.decimals)


def stats_words(g: GameSummary) -> list[str]:
    stopped = g.attempts - g.finished
    first = count(g.attempts, "attempt") + (f" ({count(stopped, 'stopped early', 'stopped early')})" if stopped else "")
    return [first, count(g.sessions, "session"), f"{duration(g.seconds_played)} played"]


def difficulty_words(g: GameSummary) -> str:
    d = g.difficulty
    if g.difficulty_first is None:
        return ""
    def amount(v: float | None) -> str:   # whole play units as they are; millimetres to a tenth
        return qty(v, d.unit, 0 if v is None or float(v).is_integer() else 1)

    if not g.difficulty_changed:
        return f"{d.label}: {amount(g.difficulty_last)} throughout"
    a, b = g.difficulty_first, g.difficulty_last
    way = ""
    if a is not None and b is not None and a != b:
        harder = (b > a) == (d.harder == "higher")
        way = " (harder now)" if harder else " (easier now)"
    return f"{d.label}: from {amount(a)} to {amount(b)}{way}; it changed along the way"


def change_words(old: float | None, new: float, unit: str) -> str:
    return f"{qty(old, unit, 0)} → {qty(new, unit, 0)}" if old is not None else f"set to {qty(new, unit, 0)}"


@dataclass(frozen=True)
class GlossaryEntry:
    game: str
    name: str        # friendly label
    metric: str      # field name in exports
    unit: str
    words: str
    better: str


def glossary(data: ReportData) -> list[GlossaryEntry]:
    """The key metrics and difficulty of each game in the report (all games when it has no attempts)."""
    shown = {g.game: ([m.metric for m in g.metrics], g.difficulty_field) for g in data.games} or \
        {game: (list(KEY_METRICS[game]), DIFFICULTY_FIELD[game]) for game in KEY_METRICS}
    out = []
    for game, (metrics, field) in shown.items():
        for metric in metrics:
            info = metric_info(game, metric)
            words = info.words.replace(" (see the rule below)", "")   # the rule is in the README, not here
            out.append(GlossaryEntry(game, info.label, metric, info.unit, words,
                                     f"{info.better} is better" if info.better else ""))
        d = difficulty_info(game, field)
        out.append(GlossaryEntry(game, d.label, field, d.unit, d.words, "difficulty, not a score"))
    return out


def game_title(game: str) -> str:
    return GAME_TITLES.get(game, GAMES[game].title if game in GAMES else game)


UNITS_NOTE = PLAY_UNIT_WORDS
