"""Tables for the terminal (rich), in English or Arabic labels."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table

from indicators.bidi import isolate

if TYPE_CHECKING:  # engine.score is imported by the commands that score, not at start-up
    from engine.score import ScoreResult

LABELS = {
    "rank": {"en": "Rank", "ar": "الترتيب"},
    "scenario": {"en": "Scenario", "ar": "السيناريو"},
    "score": {"en": "Score", "ar": "الدرجة"},
    "tier": {"en": "Depth tier", "ar": "مستوى العمق"},
    "top": {"en": "Largest contributions (points)", "ar": "أكبر الإسهامات (نقاط)"},
    "interval": {"en": "5–95%", "ar": "٥–٩٥٪"},
    "p_tier": {"en": "P(tier)", "ar": "احتمال المستوى"},
    "weights": {"en": "weights", "ar": "الأوزان"},
    "method": {"en": "method", "ar": "الطريقة"},
    "profile": {"en": "profile", "ar": "ملف الأوزان"},
    "as_of": {"en": "as of", "ar": "بتاريخ"},
    "of": {"en": "of", "ar": "من"},
    "coverage": {"en": "Evid.", "ar": "أدلة"},
    "footnote": {
        "en": "* no evidence known: the indicator's when_no_evidence is used. Evid.: the share "
        "of the weight resting on evidence (the rest on defaults and what-if values).",
        "ar": f"* لا أدلة معروفة: تُستخدم قيمة {isolate('when_no_evidence', 'ar')} للمؤشر. أدلة: "
        "حصة الوزن القائمة على الأدلة (والباقي على القيم الافتراضية وقيم السيناريو).",
    },
}


def label(key: str, lang: str) -> str:
    return LABELS[key][lang]


def render(table: Table, width: int | None = None) -> str:
    """The table as plain text at `width` (default: terminal_width(), 140 in a pipe); rich
    wraps cells and, where columns allow it, shortens them so that no line is wider."""
    from engine.cli.common import terminal_width

    buf = io.StringIO()
    console = Console(
        file=buf, width=width or terminal_width(), force_terminal=False, color_system=None
    )
    console.print(table)
    return buf.getvalue()


WIDE = 120
"""From this width on, tables show every column at its natural width."""


def score_table(
    result: ScoreResult,
    lang: str = "en",
    *,
    all_ranks: dict[str, int] | None = None,
    width: int | None = None,
) -> str:
    """What an analyst reads: scenario, score, tier, rank, the three largest contributions.

    `all_ranks`: each scenario's rank among all the file's scenarios (when `--scenario` chose
    some), shown instead of the rank among those chosen, and said so in the caption. Under
    WIDE columns the scenario's name is shortened (its full name is in the JSON) and the
    contributions wrap within their cell."""
    from engine.cli.common import terminal_width

    width = width or terminal_width()
    a = result.assessment
    caption = (
        f"{a.title.get(lang)} — {label('profile', lang)}: {result.profile.name.get(lang)}, "
        f"{label('method', lang)}: {result.method}, {label('as_of', lang)}: {result.as_of}"
    )
    if all_ranks is not None:
        caption += f". {ranks_note(len(a.scenarios), lang)}"
    narrow = width < WIDE
    u = result.uncertainty
    names = [a.scenario(sid).name.get(lang) for sid in result.scenario_ids]
    tiers = [result.tier_name(s, lang) for s in range(len(result.scenario_ids))]
    table = Table(title=caption, title_justify="left")
    rank_head = label("rank", lang)
    if all_ranks is not None:
        rank_head += f" ({label('of', lang)} {len(a.scenarios)})"
    score_head, tier_head = label("score", lang), label("tier", lang)
    if narrow:
        # No vertical rules; the interval and P(tier) under the score and the tier in the same
        # cell; the scenario's name shortened; the contributions take what is left and wrap.
        table.box, table.pad_edge, table.collapse_padding = box.SIMPLE_HEAD, False, True
        if u is not None:
            score_head += f"\n{label('interval', lang)}"
            tier_head += f"\n{label('p_tier', lang)}"
        scenario_w = min(max(map(cell_len, names)), max(12, width // 5))
        longest_word = max(cell_len(word) for t in tiers for word in t.split())
        tier_w = min(max(map(cell_len, tiers)), max(10, longest_word, width // 7))
        score_w = max([11 if u is not None else 5, *map(cell_len, score_head.split("\n"))])
        fixed = [cell_len(rank_head), scenario_w, score_w, tier_w, 5]
        top_w = max(14, width - sum(fixed) - 2 * len(fixed) - 3)  # two spaces between columns
        table.add_column(rank_head, justify="right", no_wrap=True)
        table.add_column(
            label("scenario", lang), overflow="ellipsis", no_wrap=True, width=scenario_w
        )
        table.add_column(score_head, justify="right", no_wrap=True, width=score_w)
        table.add_column(tier_head, width=tier_w)
        table.add_column(label("top", lang), width=top_w)
    else:  # wide: scenario names whole (the contributions wrap instead)
        table.box = box.HEAVY_HEAD
        table.add_column(rank_head, justify="right", no_wrap=True)
        longest = max(len(n) for n in names)
        table.add_column(label("scenario", lang), min_width=min(longest, width // 3))
        table.add_column(score_head, justify="right", no_wrap=True)
        if u is not None:
            table.add_column(label("interval", lang), justify="right", no_wrap=True)
        table.add_column(tier_head)
        if u is not None:
            table.add_column(label("p_tier", lang), justify="right", no_wrap=True)
        table.add_column(label("top", lang), overflow="fold")
    table.add_column(label("coverage", lang), justify="right", no_wrap=True)
    table.caption = label("footnote", lang)
    table.caption_justify = "left"
    for s in sorted(range(len(result.scenario_ids)), key=lambda i: (result.ranks[i], i)):
        sid = result.scenario_ids[s]
        top = ", ".join(
            f"{result.contribution_label(s, k, lang)} {v:.1f}"
            for k, v in result.top_contributions(s, 2 if narrow else 3)
        )
        rank = int(result.ranks[s]) if all_ranks is None else all_ranks[sid]
        score, tier = f"{result.scores[s]:.1f}", tiers[s]
        interval = p_tier = ""
        if u is not None:
            interval = f"{u.p05[s]:.1f}–{u.p95[s]:.1f}"
            p_tier = f"{u.tier_probabilities[s, result.tier_index[s]]:.0%}"
        if narrow:
            cells = [score + (f"\n{interval}" if interval else ""), tier]
            cells[1] += f"\n{p_tier}" if p_tier else ""
        elif u is not None:
            cells = [score, interval, tier, p_tier]
        else:
            cells = [score, tier]
        coverage = f"{result.coverage(s)['evidence']:.0%}"
        table.add_row(str(rank), names[s], *cells, top, coverage)
    return render(table, width)


def ranks_note(total: int, lang: str) -> str:
    """The caption's note when only some scenarios are shown."""
    if lang == "ar":
        return f"الترتيب بين سيناريوهات الملف كلها ({total})"
    return f"Ranks are among all {total} scenarios of the file"
