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
}


def label(key: str, lang: str) -> str:
    return LABELS[key][lang]


def render(table: Table, width: int = 140) -> str:
    buf = io.StringIO()
    Console(file=buf, width=width, force_terminal=False, color_system=None).print(table)
    return buf.getvalue()


def score_table(result: ScoreResult, lang: str = "en") -> str:
    """What an analyst reads: scenario, score, tier, rank, the three largest contributions."""
    a = result.assessment
    caption = (
        f"{a.title.get(lang)} — {label('profile', lang)}: {result.profile.name.get(lang)}, "
        f"{label('method', lang)}: {result.method}, {label('as_of', lang)}: {result.as_of}"
    )
    table = Table(title=caption, title_justify="left")
    table.add_column(label("rank", lang), justify="right")
    table.add_column(label("scenario", lang))
    table.add_column(label("score", lang), justify="right")
    u = result.uncertainty
    if u is not None:
        table.add_column(label("interval", lang), justify="right")
    table.add_column(label("tier", lang))
    if u is not None:
        table.add_column(label("p_tier", lang), justify="right")
    table.add_column(label("top", lang))
    names = {i.id: i.name.get(lang) for i in a.indicators}
    for s in sorted(range(len(result.scenario_ids)), key=lambda i: (result.ranks[i], i)):
        sc = a.scenario(result.scenario_ids[s])
        top = ", ".join(f"{names[k]} {v:.1f}" for k, v in result.top_contributions(s))
        row = [str(int(result.ranks[s])), sc.name.get(lang), f"{result.scores[s]:.1f}"]
        if u is not None:
            row.append(f"{u.p05[s]:.1f}–{u.p95[s]:.1f}")
        row.append(result.tier_name(s, lang))
        if u is not None:
            row.append(f"{u.tier_probabilities[s, result.tier_index[s]]:.0%}")
        row.append(top)
        table.add_row(*row)
    return render(table)
