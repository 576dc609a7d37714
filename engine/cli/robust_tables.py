"""Terminal tables for `taqdir sensitivity` and `taqdir weights`, in English or Arabic."""

from __future__ import annotations

from typing import Any

from rich.console import JustifyMethod
from rich.table import Table

from engine.cli.tables import render
from indicators.bidi import isolate

LABELS = {
    "item": {"en": "Weight of", "ar": "وزن"},
    "level": {"en": "Level", "ar": "المستوى"},
    "family": {"en": "family", "ar": "عائلة"},
    "indicator": {"en": "indicator", "ar": "مؤشر"},
    "now": {"en": "Now", "ar": "الحالي"},
    "tier_range": {"en": "Tiers hold from–to", "ar": "تثبت المستويات من–إلى"},
    "first_change": {"en": "First tier change (below | above)", "ar": "أول تغيُّر (أدنى | أعلى)"},
    "top_range": {"en": "Top holds from–to", "ar": "يثبت الأول من–إلى"},
    "scenario": {"en": "Scenario", "ar": "السيناريو"},
    "score": {"en": "Score", "ar": "الدرجة"},
    "likeliest": {"en": "Likeliest tier", "ar": "المستوى الأرجح"},
    "in_words": {"en": "In words", "ar": "بالكلمات"},
    "first": {"en": "P(rank 1)", "ar": "احتمال المرتبة 1"},
    "ranks": {"en": "Rank acceptability 1…S", "ar": "قبول الرتب 1…S"},
    "cf": {"en": "Confidence", "ar": "معامل الثقة"},
    "input": {"en": "Input", "ar": "المُدخل"},
    "range": {"en": "Range", "ar": "المدى"},
    "scores": {"en": "Score low → high", "ar": "الدرجة أدنى → أعلى"},
    "swing": {"en": "Swing", "ar": "التأرجح"},
    "first_order": {"en": "First-order", "ar": "الرتبة الأولى"},
    "total": {"en": "Total", "ar": "الكلي"},
    "spread": {"en": "Spread (points)", "ar": "التباين (نقاط)"},
    "diagnostic": {"en": "Diagnostic", "ar": "تشخيصي"},
    "yes": {"en": "yes", "ar": "نعم"},
    "no": {"en": "NO", "ar": "لا"},
    "move": {
        "en": "Tier-probability move (low | high)",
        "ar": "تحرُّك احتمالات المستوى (أدنى | أعلى)",
    },
    "evidence": {"en": "Evidence withdrawn", "ar": "الدليل المسحوب"},
    "delta": {"en": "Focus score change", "ar": "تغيُّر درجة السيناريو"},
    "tier_changes": {"en": "Tier changes", "ar": "تغيُّرات المستوى"},
    "weight": {"en": "Weight", "ar": "الوزن"},
    "none": {"en": "none", "ar": "لا شيء"},
    "no_evidence": {
        "en": "* no evidence known: the range is the indicator's when_no_evidence.",
        "ar": f"* لا أدلة معروفة: النطاق هو قيمة {isolate('when_no_evidence', 'ar')} للمؤشر.",
    },
    "stability_title": {"en": "weight stability", "ar": "ثبات الأوزان"},
    "samples": {"en": "samples", "ar": "عيّنة"},
    "weights_by": {"en": "weights", "ar": "الأوزان"},
    "tornado_title": {"en": "tornado", "ar": "مخطط الإعصار"},
    "step": {"en": "weight step", "ar": "خطوة الوزن"},
    "variance": {"en": "variance", "ar": "التباين"},
    "diagnosticity": {"en": "diagnosticity", "ar": "القدرة التشخيصية"},
    "priorities": {"en": "collection priorities", "ar": "أولويات الجمع"},
    "loo": {"en": "leave one out", "ar": "سحب دليل واحد"},
    "gap": {
        "en": "* between two bands of the yardstick: the nearer band is named.",
        "ar": "* بين نطاقين من المقياس: ذُكر النطاق الأقرب.",
    },
}


def t(key: str, lang: str) -> str:
    return LABELS[key][lang]


def _names(a: Any, lang: str) -> dict[str, str]:
    """Display names of families, indicators, scenarios and tiers."""
    out = {f.id: f.name.get(lang) for f in a.families}
    out.update({i.id: i.name.get(lang) for i in a.indicators})
    out.update({s.id: s.name.get(lang) for s in a.scenarios})
    return out


def _tier_names(a: Any, lang: str) -> dict[str, str]:
    return {tier.id: tier.name.get(lang) for tier in a.tiers}


def _caption(data: dict[str, Any], what: str, lang: str) -> str:
    a = data["assessment"]
    return f"{a['title'][lang]} — {what}, {data['method']}, {data['profile']}, {a['as_of']}"


def stability_table(data: dict[str, Any], a: Any, lang: str) -> str:
    names, tiers = _names(a, lang), _tier_names(a, lang)
    table = Table(title=_caption(data, t("stability_title", lang), lang), title_justify="left")
    columns: tuple[tuple[str, JustifyMethod], ...] = (
        ("item", "left"),
        ("level", "left"),
        ("now", "right"),
        ("tier_range", "right"),
        ("first_change", "left"),
        ("top_range", "right"),
    )
    for key, justify in columns:
        table.add_column(t(key, lang), justify=justify)

    def change(ch: dict[str, Any] | None) -> str:
        if ch is None:
            return t("none", lang)
        return f"{ch['at']:.3f} {names[ch['scenario']]}: {tiers[ch['from']]} → {tiers[ch['to']]}"

    for row in data["items"]:
        if "tier_interval" not in row and "top_interval" not in row:
            table.add_row(names[row["id"]], t(row["level"], lang), "1.000", "—", "—", "—")
            continue
        tier = row.get("tier_interval")
        top = row["top_interval"]
        table.add_row(
            names[row["id"]],
            t(row["level"], lang),
            f"{row['weight']:.3f}",
            f"{tier[0]:.3f}–{tier[1]:.3f}" if tier else "—",
            f"{change(row.get('tier_change_below'))} | {change(row.get('tier_change_above'))}"
            if tier
            else "—",
            f"{top[0]:.3f}–{top[1]:.3f}",
        )
    return render(table)


def smaa_table(data: dict[str, Any], a: Any, lang: str) -> str:
    names, tiers = _names(a, lang), _tier_names(a, lang)
    model = data["weight_model"]
    what = (
        f"SMAA-2, {data['samples']:,} {t('samples', lang)}, "
        f"{t('weights_by', lang)}: {model['kind']} ({model['level']})"
    )
    table = Table(title=_caption(data, what, lang), title_justify="left")
    for key in ("scenario", "score", "likeliest", "in_words", "first", "ranks", "cf"):
        table.add_column(
            t(key, lang), justify="left" if key in ("scenario", "likeliest") else "right"
        )
    for row in sorted(data["results"], key=lambda r: r["rank"]):
        likely = row.get("likeliest_tier")
        cf = row["confidence_factor"]
        table.add_row(
            names[row["scenario"]],
            f"{row['score']:.1f}",
            f"{tiers[likely['tier']]} {likely['probability']:.0%}" if likely else "—",
            likely["words"][lang] + (" *" if likely["in_gap"] else "") if likely else "—",
            f"{row['first_rank_acceptability']:.0%}",
            " ".join(f"{p:.0%}" for p in row["rank_acceptability"]),
            "—" if cf is None else f"{cf:.0%}",
        )
    foot = f"{data['yardstick']['name'][lang]}. {data['arabic_terms'][lang]}"
    if any((r.get("likeliest_tier") or {}).get("in_gap") for r in data["results"]):
        foot += "\n" + t("gap", lang)
    from engine.cli.common import wrap

    return render(table) + wrap(foot) + "\n"


def tornado_table(data: dict[str, Any], a: Any, lang: str, top: int = 12) -> str:
    names, tiers = _names(a, lang), _tier_names(a, lang)
    out = ""
    for res in data["results"]:
        what = (
            f"{t('tornado_title', lang)}, {names[res['scenario']]} {res['score']:.1f}, "
            f"{t('step', lang)} ±{data['weight_step']:g}"
        )
        table = Table(title=_caption(data, what, lang), title_justify="left")
        for key in ("input", "range", "scores", "swing"):
            table.add_column(t(key, lang), justify="left" if key == "input" else "right")
        for bar in res["bars"][:top]:
            lo, hi = bar["score"]
            cross = ""
            if bar["tier"][0] != bar["tier"][1] or (res["tier"] and bar["tier"][0] != res["tier"]):
                cross = f"  [{tiers.get(bar['tier'][0], '')} / {tiers.get(bar['tier'][1], '')}]"
            kind = bar["kind"].replace(" weight", "")
            label = (
                names[bar["id"]]
                if bar["kind"] == "value"
                else f"{t('weight', lang)}: {names[bar['id']]} ({t(kind, lang)})"
            )
            table.add_row(
                label,
                f"{bar['input'][0]:.3g} – {bar['input'][1]:.3g}",
                f"{lo:.1f} → {hi:.1f}{cross}",
                f"{bar['swing']:.1f}",
            )
        out += render(table)
    return out


def sobol_table(data: dict[str, Any], a: Any, lang: str) -> str:
    names = _names(a, lang)
    out = ""
    for res in data["results"]:
        what = (
            f"Sobol, {names[res['scenario']]}, {t('variance', lang)} {res['variance']:.2f}, "
            f"n = {data['base_samples']}"
        )
        table = Table(title=_caption(data, what, lang), title_justify="left")
        for key in ("input", "first_order", "total"):
            table.add_column(t(key, lang), justify="left" if key == "input" else "right")
        for row in res["indices"]:
            label = names[row["id"]] + (f" ({t('weight', lang)})" if row["kind"] != "value" else "")
            table.add_row(label, f"{row['first']:.3f}", f"{row['total']:.3f}")
        out += render(table)
    return out


def diagnostics_table(data: dict[str, Any], a: Any, lang: str) -> str:
    names, tiers = _names(a, lang), _tier_names(a, lang)
    diag = Table(title=_caption(data, t("diagnosticity", lang), lang), title_justify="left")
    for key in ("input", "weight", "spread", "diagnostic"):
        diag.add_column(t(key, lang), justify="left" if key == "input" else "right")
    for row in data["diagnosticity"]["indicators"]:
        diag.add_row(
            names[row["indicator"]],
            f"{row['weight']:.3f}",
            f"{row['spread_points']:.1f}",
            t("yes" if row["diagnostic"] else "no", lang),
        )
    cp = data["collection_priorities"]
    voi = Table(
        title=f"{names[data['focus']]}: {t('priorities', lang)} "
        f"({cp['samples']:,} {t('samples', lang)})",
        title_justify="left",
    )
    for key in ("input", "range", "move"):
        voi.add_column(t(key, lang), justify="left" if key == "input" else "right")
    for row in cp["indicators"]:
        voi.add_row(
            names[row["indicator"]] + ("*" if row["source"] == "default" else ""),
            f"{row['range'][0]:.3g} – {row['range'][1]:.3g}",
            f"{row['move_low']:.1%} | {row['move_high']:.1%}",
        )
    if any(row["source"] == "default" for row in cp["indicators"]):
        voi.caption = t("no_evidence", lang)
        voi.caption_justify = "left"
    loo = Table(title=f"{names[data['focus']]}: {t('loo', lang)}", title_justify="left")
    for key in ("evidence", "delta", "tier_changes"):
        loo.add_column(t(key, lang), justify="right" if key == "delta" else "left")
    for row in data["leave_one_out"]["items"]:
        changes = "; ".join(
            f"{names[c['scenario']]}: {tiers[c['from']]} → {tiers[c['to']]}"
            for c in row["tier_changes"]
        )
        loo.add_row(
            f"{row['evidence']} ({row['grade']})",
            f"{row['score_change'][data['focus']]:+.1f}",
            changes or t("none", lang),
        )
    return render(diag) + render(voi) + render(loo)


def weights_table(data: dict[str, Any], lang: str) -> str:
    """The elicited weights, then AHP's consistency when there is one."""
    table = Table(title=data["method"], title_justify="left")
    table.add_column(t("input", lang))
    table.add_column(t("weight", lang), justify="right")
    for item, w in sorted(data["weights"].items(), key=lambda kv: -kv[1]):
        table.add_row(item, f"{w:.4f}")
    out = render(table)
    if data["method"] == "ahp":
        out += (
            f"λmax {data['lambda_max']:.4f}, CI {data['consistency_index']:.4f}, "
            f"CR {data['consistency_ratio']:.4f} (RI {data['random_index']:g}: "
            f"{data['random_index_table']}; threshold {data['threshold']:g})\n"
        )
    return out
