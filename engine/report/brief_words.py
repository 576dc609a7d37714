"""The brief's words in English and Arabic: section titles, sentence templates, and the
NATO/Admiralty grades said in words.

Templates take `{named}` values that the renderer fills with already-isolated HTML (numbers,
dates and ranges wrapped in `<bdi dir="ltr">`), so the Arabic sentences read right to left
with every number intact. The Arabic wording is taqdir's own.
"""

from __future__ import annotations

from indicators.model import Credibility, Evidence, Reliability

RELIABILITY: dict[Reliability, tuple[str, str]] = {
    "A": ("completely reliable", "موثوق تمامًا"),
    "B": ("usually reliable", "موثوق عادةً"),
    "C": ("fairly reliable", "موثوق إلى حدٍّ ما"),
    "D": ("not usually reliable", "غير موثوق عادةً"),
    "E": ("unreliable", "غير موثوق"),
    "F": ("reliability cannot be judged", "لا يمكن الحكم على موثوقيته"),
}
"""Source reliability A–F (Admiralty grading), in words."""

CREDIBILITY: dict[Credibility, tuple[str, str]] = {
    1: ("confirmed by other sources", "مؤكدة من مصادر أخرى"),
    2: ("probably true", "صحيحة على الأرجح"),
    3: ("possibly true", "ربما كانت صحيحة"),
    4: ("doubtful", "مشكوك فيها"),
    5: ("improbable", "مستبعدة"),
    6: ("truth cannot be judged", "لا يمكن الحكم على صحتها"),
}
"""Information credibility 1–6 (Admiralty grading), in words."""


def standing(ev: Evidence) -> str | None:
    """'unconfirmed', 'low' (low reliability) or None for evidence that stands.

    Unconfirmed: a source whose reliability cannot be judged (F), or information only
    possibly true or worse (3–6). Low reliability: a source not usually reliable or
    unreliable (D, E). A source of judged low reliability is named as such first.
    """
    if ev.reliability in ("D", "E"):
        return "low"
    if ev.reliability == "F" or ev.credibility >= 3:
        return "unconfirmed"
    return None


W: dict[str, tuple[str, str]] = {
    "genre": ("Situation assessment", "تقدير موقف"),
    "publisher": ("Publisher", "الناشر"),
    "author": ("Author", "الكاتب"),
    "parties": ("Parties", "الأطراف"),
    "date": ("As of", "بتاريخ"),
    "source": ("Based on", "استنادًا إلى"),
    "bottom": ("Bottom line", "الخلاصة"),
    "context": ("Context", "السياق"),
    "measured": ("What is measured", "ما الذي يُقاس"),
    "tiers": ("Depth tiers", "مستويات العمق"),
    "indicators": ("Indicators and evidence", "المؤشرات والأدلة"),
    "scenarios": ("Scenarios", "السيناريوهات"),
    "changed": ("What changed", "ما الذي تغيَّر"),
    "watch": ("What to watch", "ما الذي ينبغي رصده"),
    "annex": ("Method annex", "ملحق المنهجية"),
    "notes": ("Notes", "الحواشي"),
    "unconfirmed": ("Unconfirmed", "غير مؤكد"),
    "low": ("Low reliability", "ضعيف الموثوقية"),
    "graded": (
        "Source: {r} ({rc}); information: {c} ({cc}).",
        "المصدر: {r} ({rc})؛ المعلومة: {c} ({cc}).",
    ),
    "bottom_main": (
        "As of {date}, the relationship is most likely at the depth of <b>{tier}</b>: this is "
        "{words} ({p}). The baseline scores {score} on 0–100 (90% interval {range}) under "
        "the weighting profile “{profile}” and the {method} method.",
        "حتى {date}، الأرجح أن العلاقة في مستوى <b>{tier}</b>، وهذا {words} ({p}). درجة الوضع "
        "الراهن {score} من 100 (مجال الثقة 90٪: {range}) بملف الأوزان «{profile}» "
        "وطريقة «{method}».",
    ),
    "bottom_second": (
        "The next likeliest depth, <b>{tier}</b>, is {words} ({p}).",
        "ويليه مستوى <b>{tier}</b>، وهو {words} ({p}).",
    ),
    "bottom_shaky": (
        "Part of this rests on unconfirmed or low-reliability evidence: {items}.",
        "يستند جزء من هذا التقدير إلى أدلة غير مؤكدة أو ضعيفة الموثوقية: {items}.",
    ),
    "bottom_since": (
        "Since {date} the baseline moved from {a} to {b} ({delta} points), {tiers}.",
        "منذ {date} تحركت درجة الوضع الراهن من {a} إلى {b} ({delta} نقطة)، {tiers}.",
    ),
    "same_tier": ("in the same tier", "في المستوى نفسه"),
    "new_tier": ("from {a} to {b}", "من {a} إلى {b}"),
    "value": (
        "Value as of {date}: {value}. It contributes {points} points to the baseline "
        "(effective weight {weight}).",
        "القيمة حتى {date}: {value}. يُسهم بـ{points} نقطة في درجة الوضع الراهن "
        "(الوزن الفعلي {weight}).",
    ),
    "no_evidence": (
        "No evidence is known by this date; the value is the file's default.",
        "لا أدلة معروفة حتى هذا التاريخ؛ القيمة هي القيمة الافتراضية في الملف.",
    ),
    "scenario_line": (
        "Score {score}, depth tier <b>{tier}</b>; that it lies in this tier is {words} ({p}).",
        "الدرجة {score}، مستوى العمق <b>{tier}</b>؛ ووقوعه في هذا المستوى {words} ({p}).",
    ),
    "drivers": ("Driven most by: {items}.", "أكثر ما يحرِّكه: {items}."),
    "points": ("{n} points", "{n} نقطة"),
    "chart_scores": (
        "Scenario scores over the depth tiers",
        "درجات السيناريوهات على مستويات العمق",
    ),
    "no_since": (
        "No earlier date or version was given (--since), so nothing is compared.",
        "لم يُحدَّد تاريخ أو إصدار سابق (--since)، فلا مقارنة.",
    ),
    "since_intro": (
        "From {a} to {b}, under the same weights and method. Each change is split into the part "
        "due to the evidence and the part due to the weights{method}; the parts add up to it.",
        "من {a} إلى {b}، بالأوزان والطريقة نفسها. يُقسَم كل تغير إلى جزء يعود إلى الأدلة وجزء يعود "
        "إلى الأوزان{method}، ومجموع الأجزاء يساوي التغير.",
    ),
    "and_method": (" and the part due to the method", " وجزء يعود إلى الطريقة"),
    "new_evidence": ("Evidence that became known in between", "أدلة عُرفت في هذه الفترة"),
    "scenario": ("Scenario", "السيناريو"),
    "then": ("Then", "قبل"),
    "now": ("Now", "الآن"),
    "change": ("Change", "التغير"),
    "evidence": ("Evidence", "الأدلة"),
    "weights": ("Weights", "الأوزان"),
    "method": ("Method", "الطريقة"),
    "tier": ("Depth tier", "مستوى العمق"),
    "priorities": (
        "Which unknowns would move the call most: the baseline's tier probabilities change by "
        "this much (total-variation distance) if the value proves to be at the end of its range.",
        "المجهولات الأكثر تأثيرًا في التقدير: مقدار تغير احتمالات مستويات الوضع الراهن (مسافة "
        "التباين الكلي) إذا ثبت أن القيمة عند طرف مداها.",
    ),
    "priority": (
        "{name}: at {low} the probabilities move by {ml}; at {high} by {mh}.",
        "{name}: عند {low} تتغير الاحتمالات بمقدار {ml}، وعند {high} بمقدار {mh}.",
    ),
    "no_priorities": (
        "No value of the baseline is uncertain: nothing to collect.",
        "لا قيمة غير مؤكدة في الوضع الراهن، فلا شيء يُجمَع.",
    ),
    "load_bearing": (
        "Withdrawing this evidence would change the baseline's tier: {items}.",
        "سحب هذه الأدلة يغيِّر مستوى الوضع الراهن: {items}.",
    ),
    "stability": (
        "How far each family's weight can move (the others held) before any scenario changes tier:",
        "إلى أي حد يمكن أن يتحرك وزن كل عائلة (مع تثبيت الأوزان الأخرى) قبل أن يتغير مستوى أي "
        "سيناريو:",
    ),
    "interval": (
        "{name} (now {v}): stable from {lo} to {hi}.",
        "{name} (الآن {v}): مستقر من {lo} إلى {hi}.",
    ),
    "past": (
        "Beyond {at}, the scenario “{scenario}” moves from {a} to {b}.",
        "بعد {at} ينتقل سيناريو «{scenario}» من {a} إلى {b}.",
    ),
    "below": (
        "Below {at}, the scenario “{scenario}” moves from {a} to {b}.",
        "دون {at} ينتقل سيناريو «{scenario}» من {a} إلى {b}.",
    ),
    "calm": (
        "No single unknown moves the call much: the largest moves the probabilities by {p}.",
        "لا مجهول بمفرده يغيِّر التقدير كثيرًا: أكبرها يغيِّر الاحتمالات بمقدار {p}.",
    ),
    "no_load_bearing": (
        "No single evidence item, withdrawn, would change the baseline's tier.",
        "لا دليل بمفرده، لو سُحب، يغيِّر مستوى الوضع الراهن.",
    ),
    "unbounded": ("no limit", "بلا حد"),
    "annex_intro": (
        "Everything needed to reproduce every number in this document from the input file.",
        "كل ما يلزم لإعادة إنتاج كل رقم في هذه الوثيقة من ملف المدخلات.",
    ),
    "family": ("Family", "العائلة"),
    "indicator": ("Indicator", "المؤشر"),
    "given": ("Weight as given", "الوزن كما أُعطي"),
    "share": ("Share of the score", "الحصة من الدرجة"),
    "profile": ("Weighting profile", "ملف الأوزان"),
    "samples": ("Monte Carlo samples", "عينات مونت كارلو"),
    "seed": ("Seed", "البذرة"),
    "concentration": ("Dirichlet concentration", "تركيز ديريشليه"),
    "yardstick": ("Words for probabilities", "كلمات الاحتمال"),
    "since_row": ("Compared with", "مقارنةً بـ"),
    "hash": ("Input content hash", "بصمة محتوى المدخلات"),
    "version": ("Engine version", "إصدار المحرك"),
    "command": ("Command", "الأمر"),
    "made": ("Made by taqdir", "أُعدَّ بواسطة taqdir"),
    "sep": ("; ", "؛ "),
    "method_arithmetic": ("weighted arithmetic mean", "الوسط الحسابي الموزون"),
    "method_geometric": ("weighted geometric mean", "الوسط الهندسي الموزون"),
    "method_topsis": ("TOPSIS with fixed poles", "TOPSIS بقطبين ثابتين"),
}


def say(key: str, lang: str, **values: str) -> str:
    """The template in the language, filled (values are HTML, already escaped)."""
    text = W[key][1 if lang == "ar" else 0]
    return text.format(**values) if values else text


def grade_words(ev: Evidence, lang: str) -> tuple[str, str]:
    """(source reliability, information credibility) of the evidence, in words."""
    i = 1 if lang == "ar" else 0
    return RELIABILITY[ev.reliability][i], CREDIBILITY[ev.credibility][i]
