"""The editor's and the batch form's labels, in English and Arabic (numbers, dates and ids
inside Arabic text are bidi-isolated where they are filled in)."""

from __future__ import annotations

from dashboard.i18n import isolate

L: dict[str, dict[str, str]] = {
    "title": {"en": "Edit the assessment", "ar": "تحرير التقدير"},
    "intro": {
        "en": "Every change is checked with the command line's validator; while the draft is "
        "valid the other pages score it. Nothing is saved while a problem remains.",
        "ar": "يُفحص كل تعديل بمدقّق سطر الأوامر نفسه؛ وما دامت المسودة صالحة تحسب الصفحات الأخرى "
        "درجاتها منها. لا يُحفظ شيء ما دامت هناك مشكلة.",
    },
    "start": {"en": "Start", "ar": "البدء"},
    "start_loaded": {"en": "Edit the loaded assessment", "ar": "تحرير التقدير المحمَّل"},
    "start_builtin": {"en": "Start from the built-in case", "ar": "البدء من الحالة المدمجة"},
    "start_blank": {"en": "Start a blank assessment", "ar": "البدء بتقدير فارغ"},
    "discard": {"en": "Leave the draft", "ar": "ترك المسودة"},
    "editing": {"en": "Editing: {name}", "ar": "قيد التحرير: {name}"},
    "other_origin": {
        "en": "The draft was started from another source than the sidebar's; the other pages "
        "show the sidebar's assessment until you go back to it or leave the draft.",
        "ar": "بدأت المسودة من مصدر غير مصدر الشريط الجانبي؛ تعرض الصفحات الأخرى تقدير الشريط "
        "الجانبي حتى تعود إليه أو تترك المسودة.",
    },
    "valid": {"en": "The draft is valid.", "ar": "المسودة صالحة."},
    "invalid": {
        "en": "{n} problem(s) to fix; each is shown beside its field.",
        "ar": "مشكلات يجب إصلاحها: {n}؛ تظهر كل منها بجانب حقلها.",
    },
    "problems_in": {"en": "Problems in: {names}", "ar": "توجد مشكلات في: {names}"},
    "list_sep": {"en": ", ", "ar": "، "},
    "general": {"en": "General", "ar": "عام"},
    "families": {"en": "Families", "ar": "العائلات"},
    "indicators": {"en": "Indicators", "ar": "المؤشرات"},
    "evidence": {"en": "Evidence", "ar": "الأدلة"},
    "scenarios": {"en": "Scenarios", "ar": "السيناريوهات"},
    "tiers": {"en": "Tiers", "ar": "المستويات"},
    "profiles": {"en": "Profiles", "ar": "ملفات الأوزان"},
    "save": {"en": "Save & versions", "ar": "الحفظ والإصدارات"},
    "id": {"en": "Id", "ar": "المعرّف"},
    "name": {"en": "Name", "ar": "الاسم"},
    "a_title": {"en": "Title", "ar": "العنوان"},
    "context": {"en": "Context", "ar": "السياق"},
    "as_of": {"en": "Date (as of)", "ar": "التاريخ (حتى)"},
    "source_url": {"en": "Source link", "ar": "رابط المصدر"},
    "parties": {"en": "Parties, one a line", "ar": "الأطراف، طرف في كل سطر"},
    "parties_help": {
        "en": "Who the assessment is about; the n-th English line and the n-th Arabic line "
        "name the same party.",
        "ar": "مَن يتناولهم التقدير؛ السطر الإنجليزي رقم ن والسطر العربي رقم ن يسمّيان الطرف نفسه.",
    },
    "half_life": {"en": "Half-life (days)", "ar": "نصف العمر (أيام)"},
    "add": {"en": "Add", "ar": "إضافة"},
    "duplicate": {"en": "Duplicate", "ar": "تكرار"},
    "remove": {"en": "Remove", "ar": "حذف"},
    "family": {"en": "Family", "ar": "العائلة"},
    "direction": {"en": "Direction", "ar": "الاتجاه"},
    "dir_+": {"en": "+ deepens", "ar": "+ يعمّق"},
    "dir_-": {"en": "− weakens", "ar": "− يضعف"},
    "kind": {"en": "Transform", "ar": "التحويل"},
    "kind_linear": {"en": "linear", "ar": "خطي"},
    "kind_log": {"en": "logarithmic", "ar": "لوغاريتمي"},
    "kind_saturating": {"en": "saturating", "ar": "مُشبِع"},
    "kind_ordinal": {"en": "ordinal levels", "ar": "مستويات ترتيبية"},
    "low": {"en": "Low", "ar": "الأدنى"},
    "high": {"en": "High", "ar": "الأعلى"},
    "min": {"en": "Scale min", "ar": "أدنى المقياس"},
    "max": {"en": "Scale max (empty: none)", "ar": "أعلى المقياس (فارغ: بلا حد)"},
    "half": {"en": "Half at", "ar": "النصف عند"},
    "levels": {
        "en": "Levels, one a line: id; intensity; English; Arabic",
        "ar": "المستويات، واحد في كل سطر: المعرّف؛ الشدة؛ الإنجليزية؛ العربية",
    },
    "rule": {"en": "Baseline from evidence", "ar": "قيمة خط الأساس من الأدلة"},
    "rule_sum": {"en": "sum of values", "ar": "مجموع القيم"},
    "rule_max": {"en": "highest value", "ar": "أعلى قيمة"},
    "rule_latest": {"en": "latest value", "ar": "أحدث قيمة"},
    "rule_count": {"en": "count of items", "ar": "عدد العناصر"},
    "window": {"en": "Window (days, empty: all)", "ar": "النافذة (أيام، فارغ: الكل)"},
    "default": {"en": "Value without evidence", "ar": "القيمة دون أدلة"},
    "preview": {"en": "Value → intensity", "ar": "القيمة ← الشدة"},
    "value": {"en": "Value", "ar": "القيمة"},
    "intensity": {"en": "Intensity", "ar": "الشدة"},
    "no_preview": {
        "en": "The preview appears once this indicator is valid.",
        "ar": "تظهر المعاينة عندما يصبح هذا المؤشر صالحًا.",
    },
    "indicator": {"en": "Indicator", "ar": "المؤشر"},
    "event_date": {"en": "Event date", "ar": "تاريخ الحدث"},
    "story_date": {"en": "Reported on", "ar": "تاريخ النشر"},
    "reliability": {"en": "Reliability", "ar": "موثوقية المصدر"},
    "credibility": {"en": "Credibility", "ar": "مصداقية المعلومة"},
    "cite": {"en": "Citation", "ar": "الاستشهاد"},
    "url": {"en": "Source link", "ar": "رابط المصدر"},
    "summary_en": {"en": "Summary (English)", "ar": "الملخص (إنجليزي)"},
    "summary_ar": {"en": "Summary (Arabic)", "ar": "الملخص (عربي)"},
    "summary": {"en": "Summary", "ar": "الملخص"},
    "note": {"en": "Note", "ar": "ملاحظة"},
    "note_ar": {"en": "Note (Arabic)", "ar": "الملاحظة (عربي)"},
    "row": {"en": "Row {n}", "ar": "الصف {n}"},
    "item_form": {"en": "Add or edit one item", "ar": "إضافة عنصر أو تعديله"},
    "item": {"en": "Item", "ar": "العنصر"},
    "new_item": {"en": "(new item)", "ar": "(عنصر جديد)"},
    "apply": {"en": "Apply", "ar": "تطبيق"},
    "dup_which": {"en": "Duplicate item", "ar": "تكرار العنصر"},
    "extends": {"en": "Extends", "ar": "يمتد من"},
    "none": {"en": "(none)", "ar": "(لا شيء)"},
    "from_evidence": {
        "en": "Baseline: values from the evidence",
        "ar": "خط الأساس: القيم من الأدلة",
    },
    "narrative": {"en": "Narrative", "ar": "السرد"},
    "overrides": {
        "en": "Values, one a line: indicator = value, or indicator = low / likely / high",
        "ar": "القيم، واحدة في كل سطر: المؤشر = القيمة، أو المؤشر = أدنى / مرجّح / أعلى",
    },
    "color": {"en": "Colour (#rrggbb)", "ar": "اللون (#rrggbb)"},
    "weight": {"en": "Weight of {name}", "ar": "وزن {name}"},
    "shares": {"en": "Shares within each family", "ar": "الحصص داخل كل عائلة"},
    "shares_help": {
        "en": "An indicator's share of its family's weight, relative to the other indicators "
        "of the family: empty counts as 1 (equal shares), 2 counts double, 0 leaves it out.",
        "ar": "حصة المؤشر من وزن عائلته، نسبةً إلى مؤشرات العائلة الأخرى: الحقل الفارغ يُحسب "
        "\u20661\u2069 (حصص متساوية)، و\u20662\u2069 يُحسب مضاعفًا، و\u20660\u2069 يستبعده.",
    },
    "share": {"en": "Share of {name}", "ar": "حصة {name}"},
    "share_stale": {
        "en": "Share of {name} (not an indicator of this file: clear it)",
        "ar": "حصة {name} (ليس مؤشرًا في هذا الملف: امسحها)",
    },
    "within": {"en": "Within {name}: {parts}", "ar": "داخل {name}: {parts}"},
    "bad_line": {"en": "Line not understood: {line}", "ar": "سطر غير مفهوم: {line}"},
}


def t(key: str, lang: str, **values: object) -> str:
    """The label `key` in `lang`; filled-in values are isolated inside Arabic text."""
    text = L[key].get(lang, L[key]["en"])
    if values:
        text = text.format(**{k: isolate(str(v), lang) for k, v in values.items()})
    return text
