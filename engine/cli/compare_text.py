"""Comparisons as text: a terminal table (rich) or Markdown, in English or Arabic labels."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from engine.cli.tables import render
from engine.compare import Comparison, Spread, side_letter

WORDS = {
    "scenario": {"en": "Scenario", "ar": "السيناريو"},
    "change": {"en": "Change", "ar": "التغير"},
    "evidence": {"en": "Evidence", "ar": "الأدلة"},
    "weights": {"en": "Weights", "ar": "الأوزان"},
    "method": {"en": "Method", "ar": "الطريقة"},
    "tier": {"en": "Tier A → B", "ar": "المستوى A → B"},
    "rank": {"en": "Rank A → B", "ar": "الترتيب A → B"},
    "movers": {"en": "Largest contribution changes", "ar": "أكبر تغيرات الإسهام"},
    "tau": {"en": "Kendall's tau between the rankings", "ar": "معامل كندال تاو بين الترتيبين"},
    "tier_changes": {"en": "tier changes", "ar": "تغيرات المستوى"},
    "unmatched": {"en": "unmatched scenarios", "ar": "سيناريوهات بلا مقابل"},
    "none": {"en": "none", "ar": "لا شيء"},
    "undefined": {"en": "undefined", "ar": "غير معرَّف"},
    "of": {"en": "of", "ar": "من"},
    "only": {"en": "only on", "ar": "لدى"},
    "spread": {"en": "Spread", "ar": "المدى"},
    "agree": {"en": "Tiers agree", "ar": "اتفاق المستويات"},
    "tiers": {"en": "Tiers", "ar": "المستويات"},
    "yes": {"en": "yes", "ar": "نعم"},
    "no": {"en": "no", "ar": "لا"},
    "as_of": {"en": "as of", "ar": "بتاريخ"},
    "profile": {"en": "profile", "ar": "ملف الأوزان"},
    "parts_note": {
        "en": "Evidence + weights (+ method) = change, exactly (symmetric Shapley split).",
        "ar": "الأدلة + الأوزان (+ الطريقة) = التغير تمامًا (تقسيم شابلي المتماثل).",
    },
}


def w(key: str, lang: str) -> str:
    return WORDS[key][lang]


def side_lines(sides: Any, lang: str) -> list[str]:
    """One line per side: what it is (source and options, assessment, date, profile, method)."""
    return [
        f"{side_letter(i)}: {d.label} — {d.title.get(lang) or d.assessment_id}; "
        f"{w('as_of', lang)} {d.as_of}, {w('profile', lang)} {d.profile or '—'}, {d.method}"
        for i, d in enumerate(sides)
    ]


def movers(c: Comparison, s: int, lang: str, top: int = 3) -> str:
    delta = c.contributions[1, s] - c.contributions[0, s]
    order = [int(k) for k in abs(delta).argsort()[::-1][:top] if abs(delta[k]) > 5e-3]
    return ", ".join(f"{c.indicator_name(c.indicator_ids[k], lang)} {delta[k]:+.1f}" for k in order)


def _rows(c: Comparison, lang: str) -> tuple[list[str], list[list[str]]]:
    head = [w("scenario", lang), "A", "B", w("change", lang)]
    head += [w(f, lang) for f in c.factors]
    head += [w("tier", lang), w("rank", lang), w("movers", lang)]
    rows = []
    for s in range(len(c.scenario_ids)):
        rows.append(
            [
                c.scenario_name(s, lang),
                f"{c.scores[0, s]:.1f}",
                f"{c.scores[1, s]:.1f}",
                f"{c.delta[s]:+.1f}",
                *[f"{c.parts[i, s]:+.2f}" for i in range(len(c.factors))],
                f"{c.tier_name(0, s, lang)} → {c.tier_name(1, s, lang)}"
                if c.tier_changed[s]
                else c.tier_name(0, s, lang),
                f"{int(c.ranks[0, s])} → {int(c.ranks[1, s])}",
                movers(c, s, lang),
            ]
        )
    return head, rows


def summary(c: Comparison, lang: str) -> list[str]:
    tau = w("undefined", lang) if c.kendall_tau is None else f"{c.kendall_tau:.3f}"
    unmatched = "; ".join(
        f"{u['scenario']} ({w('only', lang)} {', '.join(u['sides'])})" for u in c.unmatched
    ) or w("none", lang)
    return [
        f"{w('tau', lang)}: {tau}",
        f"{w('tier_changes', lang)}: {c.tier_changes} {w('of', lang)} {len(c.scenario_ids)}",
        f"{w('unmatched', lang)}: {unmatched}",
        w("parts_note", lang),
    ]


def _spread_rows(m: Spread, lang: str) -> tuple[list[str], list[list[str]]]:
    letters = [side_letter(i) for i in range(len(m.sides))]
    head = [w("scenario", lang), *letters, w("spread", lang), w("agree", lang), w("tiers", lang)]
    agree = m.agree
    rows = [
        [
            m.scenario_name(s, lang),
            *[f"{m.scores[i, s]:.1f}" for i in range(len(m.sides))],
            f"{m.spread[s]:.1f}",
            w("yes" if agree[s] else "no", lang),
            " / ".join(m.tier_name(i, s, lang) for i in range(len(m.sides))),
        ]
        for s in range(len(m.scenario_ids))
    ]
    return head, rows


def _spread_summary(m: Spread, lang: str) -> list[str]:
    unmatched = "; ".join(
        f"{u['scenario']} ({w('only', lang)} {', '.join(u['sides'])})" for u in m.unmatched
    ) or w("none", lang)
    return [f"{w('unmatched', lang)}: {unmatched}"]


def as_table(result: Comparison | Spread, lang: str = "en") -> str:
    """The terminal table, the sides above it and the summary below."""
    from rich.cells import cell_len

    from engine.cli.common import terminal_width, wrap

    if isinstance(result, Comparison):
        sides, (head, rows), foot = [result.a, result.b], _rows(result, lang), summary(result, lang)
    else:
        sides, (head, rows), foot = (
            list(result.sides),
            _spread_rows(result, lang),
            _spread_summary(result, lang),
        )
    table = Table(title="\n".join(side_lines(sides, lang)), title_justify="left")
    for i, col in enumerate(head):
        numeric = (
            0 < i < len(head) - 3 if isinstance(result, Comparison) else 0 < i <= len(sides) + 1
        )
        # The scenario's name whole where the width allows (the wide last column wraps).
        least = min(max((cell_len(r[0]) for r in rows), default=0), terminal_width() // 5)
        table.add_column(
            col, justify="right" if numeric else "left", min_width=least if i == 0 else None
        )
    for row in rows:
        table.add_row(*row)
    return render(table) + wrap("\n".join(foot)) + "\n"


def as_markdown(result: Comparison | Spread, lang: str = "en") -> str:
    """GitHub-flavoured Markdown: the sides as a list, a pipe table, the summary."""
    if isinstance(result, Comparison):
        sides, (head, rows), foot = [result.a, result.b], _rows(result, lang), summary(result, lang)
    else:
        sides, (head, rows), foot = (
            list(result.sides),
            _spread_rows(result, lang),
            _spread_summary(result, lang),
        )

    def cells(items: list[str]) -> str:
        return "| " + " | ".join(i.replace("|", "\\|") for i in items) + " |"

    lines = [f"- {line}" for line in side_lines(sides, lang)] + [""]
    lines += [cells(head), "| " + " | ".join("---" for _ in head) + " |"]
    lines += [cells(r) for r in rows] + [""]
    lines += [f"{line}  " for line in foot]
    return "\n".join(lines) + "\n"
