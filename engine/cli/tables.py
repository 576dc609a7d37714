"""Tables for the terminal (rich), in English or Arabic labels."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

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
        "ar": "* لا أدلة معروفة: تُستخدم قيمة \u2066when_no_evidence\u2069 للمؤشر. أدلة: "
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
    table = Table(title=caption, title_justify="left", expand=False)
    rank_head = label("rank", lang)
    if all_ranks is not None:
        rank_head += f" ({label('of', lang)} {len(a.scenarios)})"
    table.add_column(rank_head, justify="right", no_wrap=True)
    if narrow:
        table.add_column(
            label("scenario", lang),
            overflow="ellipsis",
            no_wrap=True,
            max_width=max(12, width // 4),
        )
    else:  # wide: scenario names whole (the contributions wrap instead)
        longest = max(len(a.scenario(sid).name.get(lang)) for sid in result.scenario_ids)
        table.add_column(label("scenario", lang), min_width=min(longest, width // 3))
    table.add_column(label("score", lang), justify="right", no_wrap=True)
    u = result.uncertainty
    if u is not None:
        table.add_column(label("interval", lang), justify="right", no_wrap=True)
    table.add_column(label("tier", lang))
    if u is not None:
        table.add_column(label("p_tier", lang), justify="right", no_wrap=True)
    table.add_column(label("top", lang), overflow="fold", ratio=1 if narrow else None)
    table.add_column(label("coverage", lang), justify="right", no_wrap=True)
    table.caption = label("footnote", lang)
    table.caption_justify = "left"
    for s in sorted(range(len(result.scenario_ids)), key=lambda i: (result.ranks[i], i)):
        sid = result.scenario_ids[s]
        sc = a.scenario(sid)
        top = ", ".join(
            f"{result.contribution_label(s, k, lang)} {v:.1f}"
            for k, v in result.top_contributions(s)
        )
        rank = int(result.ranks[s]) if all_ranks is None else all_ranks[sid]
        row = [str(rank), sc.name.get(lang), f"{result.scores[s]:.1f}"]
        if u is not None:
            row.append(f"{u.p05[s]:.1f}–{u.p95[s]:.1f}")
        row.append(result.tier_name(s, lang))
        if u is not None:
            row.append(f"{u.tier_probabilities[s, result.tier_index[s]]:.0%}")
        row.append(top)
        row.append(f"{result.coverage(s)['evidence']:.0%}")
        table.add_row(*row)
    return render(table, width)


def ranks_note(total: int, lang: str) -> str:
    """The caption's note when only some scenarios are shown."""
    if lang == "ar":
        return f"الترتيب بين سيناريوهات الملف كلها ({total})"
    return f"Ranks are among all {total} scenarios of the file"
