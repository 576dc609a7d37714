"""Every label the dashboard shows, in English and Arabic, and number formatting that survives
a right-to-left page.

`t(key, lang, **values)` returns the label in the language, with `{name}` placeholders filled.
Numbers go through `num()` / `signed()` / `pct()`: in Arabic they are wrapped in Unicode
left-to-right isolates (U+2066 … U+2069), so a negative delta reads "-3.2", not "3.2-", even
inside a widget whose text we cannot mark up. HTML that we build ourselves uses
`<span class="num">` (CSS `direction: ltr; unicode-bidi: isolate`) instead.
"""

from __future__ import annotations

# the one bidi helper, shared with the command line and the HTML reports (re-exported here)
from indicators.bidi import LRI, PDI, arrow, isolate, step  # noqa: F401
from indicators.bidi import value as _bidi_value

LANGS = ("en", "ar")
LANG_NAMES = {"en": "English", "ar": "العربية"}

LABELS: dict[str, dict[str, str]] = {
    # sidebar: settings
    "tab_title": {"en": "taqdir", "ar": "تقدير"},
    "app_title": {"en": "taqdir: partnership depth", "ar": "تقدير: عمق الشراكة"},
    "language": {"en": "Language", "ar": "اللغة"},
    "assessment": {"en": "Assessment", "ar": "التقدير"},
    "src_builtin": {"en": "Built-in case", "ar": "الحالة المدمجة"},
    "src_path": {"en": "File path", "ar": "مسار ملف"},
    "src_upload": {"en": "Upload", "ar": "رفع ملف"},
    "path": {"en": "Path to a YAML or JSON assessment", "ar": "مسار ملف تقدير YAML أو JSON"},
    "path_help": {
        "en": "A file on the machine running the dashboard; the link you share keeps the path.",
        "ar": "ملف على الجهاز الذي يشغّل لوحة المتابعة؛ يحتفظ الرابط المُشارك بالمسار.",
    },
    "path_empty": {
        "en": "Type the path of an assessment file, or choose the built-in case.",
        "ar": "اكتب مسار ملف التقدير، أو اختر الحالة المدمجة.",
    },
    "path_kind": {
        "en": "{path}: only .yaml, .yml or .json assessment files can be opened.",
        "ar": "{path}: لا يمكن فتح إلا ملفات تقدير بامتداد .yaml أو .yml أو .json.",
    },
    "path_outside": {
        "en": "{path}: this dashboard opens only files in {root} and its subfolders. Start it "
        "with `taqdir dashboard --root FOLDER` to serve another folder.",
        "ar": "{path}: لا تفتح لوحة المتابعة هذه إلا الملفات الموجودة في {root} ومجلداته "
        "الفرعية. شغّلها بالأمر `taqdir dashboard --root FOLDER` لتقديم مجلد آخر.",
    },
    "path_invalid": {
        "en": "{path} is not a usable file path (it holds a forbidden character or loops).",
        "ar": "{path} ليس مسار ملف صالحًا (فيه محرف غير مسموح به أو حلقة).",
    },
    "path_link_invalid": {
        "en": "{path}: the file named in the link is not a valid assessment. Its problems are "
        "not shown here, since the link chose it and not you: type its path yourself, or run "
        "`taqdir validate FILE`, to see them.",
        "ar": "{path}: الملف المذكور في الرابط ليس تقديرًا صالحًا. لا تُعرض مشكلاته هنا لأن "
        "الرابط هو الذي اختاره لا أنت: اكتب مساره بنفسك، أو شغّل `taqdir validate FILE`، "
        "لتراها.",
    },
    # the limits of one session (dashboard/limits.py)
    "too_large": {
        "en": "{path} is larger than this dashboard scores for one session ({detail}). Score it "
        "with `taqdir score FILE` on the command line, or split it.",
        "ar": "{path} أكبر مما تحسبه لوحة المتابعة هذه لجلسة واحدة ({detail}). احسبه بالأمر "
        "`taqdir score FILE` في سطر الأوامر، أو قسّمه.",
    },
    "sampling_too_large": {
        "en": "Sampling is off: it would draw more values than this dashboard computes for one "
        "session ({detail}). Choose fewer samples, or use `taqdir score --samples N`.",
        "ar": "أُوقف أخذ العينات: كان سيسحب قيمًا أكثر مما تحسبه لوحة المتابعة هذه لجلسة واحدة "
        "({detail}). اختر عينات أقل، أو استخدم `taqdir score --samples N`.",
    },
    "timeline_too_large": {
        "en": "No timeline: rescoring every day of this range would cost more than this dashboard "
        "computes for one session ({detail}). Choose a shorter range, or use `taqdir timeline`.",
        "ar": "لا خط زمني: إعادة حساب كل يوم من هذا المدى تكلّف أكثر مما تحسبه لوحة المتابعة هذه "
        "لجلسة واحدة ({detail}). اختر مدى أقصر، أو استخدم `taqdir timeline`.",
    },
    "brief_too_large": {
        "en": "No brief: its samples would draw more values than this dashboard computes for one "
        "session ({detail}). Use `taqdir brief FILE -o brief.html` on the command line.",
        "ar": "لا وثيقة: عيّناتها كانت ستسحب قيمًا أكثر مما تحسبه لوحة المتابعة هذه لجلسة واحدة "
        "({detail}). استخدم `taqdir brief FILE -o brief.html` في سطر الأوامر.",
    },
    "acceptability_too_large": {
        "en": "Not sampled: this would draw more values than this dashboard computes for one "
        "session ({detail}). Choose fewer samples, or use `taqdir sensitivity -k smaa`.",
        "ar": "لم تُسحب العينات: كان ذلك سيسحب قيمًا أكثر مما تحسبه لوحة المتابعة هذه لجلسة "
        "واحدة ({detail}). اختر عينات أقل، أو استخدم `taqdir sensitivity -k smaa`.",
    },
    "heading_clipped": {
        "en": "The title is {n} characters long; it is shown cut to {limit} here (the file is "
        "unchanged).",
        "ar": "طول العنوان {n} حرفًا؛ ويُعرض هنا مقصوصًا إلى {limit} حرفًا (الملف لم يتغير).",
    },
    "upload": {"en": "Assessment file (YAML or JSON)", "ar": "ملف التقدير (YAML أو JSON)"},
    "upload_help": {
        "en": "Drop a .yaml, .yml or .json assessment file on the box, or browse for one.",
        "ar": "أفلِت ملف تقدير بامتداد .yaml أو .yml أو .json في المربع، أو تصفَّح لاختياره.",
    },
    # placeholders of Streamlit's dropdowns (its own "Choose an option" is English only)
    "choose": {"en": "Choose…", "ar": "اختر…"},
    "choose_some": {"en": "Choose one or more…", "ar": "اختر واحدًا أو أكثر…"},
    "upload_empty": {
        "en": "Choose a YAML or JSON assessment file to upload.",
        "ar": "اختر ملف تقدير بصيغة YAML أو JSON لرفعه.",
    },
    "upload_not_shared": {
        "en": "An uploaded file is not part of the shareable link.",
        "ar": "الملف المرفوع ليس جزءًا من الرابط القابل للمشاركة.",
    },
    "invalid": {"en": "This assessment cannot be used", "ar": "لا يمكن استخدام هذا التقدير"},
    "profile": {"en": "Weighting profile", "ar": "ملف الأوزان"},
    "profile_file": {"en": "{name} (file)", "ar": "{name} (ملف)"},
    "method": {"en": "Method", "ar": "طريقة التجميع"},
    "method_arithmetic": {"en": "Arithmetic (compensatory)", "ar": "حسابية (تعويضية)"},
    "method_geometric": {
        "en": "Geometric (penalises a missing dimension)",
        "ar": "هندسية (تعاقب غياب أي بُعد)",
    },
    "method_topsis": {"en": "Distance to ideal (TOPSIS)", "ar": "المسافة إلى المثالي (TOPSIS)"},
    "as_of": {"en": "Evidence known on", "ar": "الأدلة المعروفة حتى"},
    "sampling": {"en": "Uncertainty (Monte Carlo)", "ar": "عدم اليقين (مونت كارلو)"},
    "samples": {"en": "Samples", "ar": "عدد العينات"},
    "seed": {"en": "Seed", "ar": "البذرة العشوائية"},
    "concentration": {
        "en": "Weight concentration (higher = tighter)",
        "ar": "تركيز الأوزان (الأعلى = أضيق)",
    },
    "link_note": {
        "en": "The address bar holds these settings: copy the link to share this view.",
        "ar": "شريط العنوان يحفظ هذه الإعدادات: انسخ الرابط لمشاركة هذا العرض.",
    },
    "param_ignored": {
        "en": "Ignored from the link: {what}.",
        "ar": "تم تجاهل ما يلي من الرابط: {what}.",
    },
    # sidebar: weights
    "weights": {"en": "Weights", "ar": "الأوزان"},
    "weights_help": {
        "en": "Family weights, and in each family the indicators' shares. The percentage is the "
        "effective, normalised weight in the score (they sum to 100%).",
        "ar": "وزن كل عائلة، وحصة كل مؤشر داخل عائلته. النسبة المئوية هي الوزن الفعلي المُطبَّع "
        "في الدرجة (مجموعها 100%).",
    },
    "weight_of": {"en": "Weight of {name}", "ar": "وزن {name}"},
    "share_of": {"en": "Share of {name}", "ar": "حصة {name}"},
    "effective": {"en": "{pct} of the score", "ar": "{pct} من الدرجة"},
    "indicators_in": {"en": "Indicators: {name}", "ar": "المؤشرات: {name}"},
    "w_pct": {"en": "Sliders in % of the score", "ar": "المنزلقات بالنسبة المئوية من الدرجة"},
    "w_pct_help": {
        "en": "On: each slider is its weight's part of the score (the families add up to 100%; "
        "moving one shares the rest among the unlocked others). Off: the raw weights of the "
        "profile, as saved in files and links.",
        "ar": "عند التفعيل: كل منزلق هو نصيب وزنه من الدرجة (مجموع العائلات \u2066100%\u2069؛ "
        "وتحريك أحدها يوزّع الباقي على العائلات غير المقفلة). عند الإيقاف: أوزان الملف الخام "
        "كما تُحفظ في الملفات والروابط.",
    },
    "lock": {"en": "Lock", "ar": "قفل"},
    "lock_help": {
        "en": "A locked family keeps its part of the score when other weights move.",
        "ar": "تحتفظ العائلة المقفلة بنصيبها من الدرجة عند تحريك الأوزان الأخرى.",
    },
    "reset_one": {"en": "Back to {value}", "ar": "العودة إلى {value}"},
    "reset_one_help": {
        "en": "This weight back to the profile's value (locked families keep their part).",
        "ar": "إعادة هذا الوزن إلى قيمته في الملف (تحتفظ العائلات المقفلة بنصيبها).",
    },
    # sidebar: a slider's stability interval (the others held), in the slider's own units
    "stable_both": {
        "en": "stable {lo}–{hi} · tier changes outside",
        "ar": "ثابت من {lo} إلى {hi} · يتغيَّر مستوى خارج هذا المدى",
    },
    "stable_to_zero": {
        "en": "stable {lo}–{hi} · down to 0 no tier changes",
        "ar": "ثابت من {lo} إلى {hi} · لا يتغيَّر مستوى حتى عند الصفر",
    },
    "stable_up": {
        "en": "stable from {lo} · however high no tier changes",
        "ar": "ثابت من {lo} فما فوق · لا يتغيَّر مستوى مهما ارتفع",
    },
    "stable_any": {
        "en": "stable at any weight · no tier changes",
        "ar": "ثابت عند أي وزن · لا يتغيَّر أي مستوى",
    },
    "stable_none": {
        "en": "moving it alone changes no score",
        "ar": "تحريكه وحده لا يغيِّر أي درجة",
    },
    "stable_below": {
        "en": "below {at}, {name} moves from {old} to {new}",
        "ar": "دون {at} ينتقل «{name}» من {old} إلى {new}",
    },
    "stable_above": {
        "en": "above {at}, {name} moves from {old} to {new}",
        "ar": "فوق {at} ينتقل «{name}» من {old} إلى {new}",
    },
    "reset": {"en": "Reset to the profile", "ar": "إعادة أوزان الملف"},
    "reset_help": {
        "en": "The profile's own weights, and the file's date and method.",
        "ar": "أوزان الملف نفسه، وتاريخ الملف وطريقته في التجميع.",
    },
    "view_failed": {
        "en": "This page could not be drawn ({error}). The other pages and the sidebar still work.",
        "ar": "تعذّر عرض هذه الصفحة ({error}). الصفحات الأخرى والشريط الجانبي يعملان كالمعتاد.",
    },
    "save_profile": {"en": "Save as a profile", "ar": "حفظ كملف أوزان"},
    "profile_id": {
        "en": "Profile id (letters, digits, _ . -)",
        "ar": "معرّف الملف (حروف لاتينية وأرقام و_ . -)",
    },
    "profile_name_en": {"en": "Name in English", "ar": "الاسم بالإنجليزية"},
    "profile_name_ar": {"en": "Name in Arabic", "ar": "الاسم بالعربية"},
    "download_yaml": {"en": "Download YAML", "ar": "تنزيل YAML"},
    "write_next": {"en": "Write next to the assessment", "ar": "حفظ بجوار ملف التقدير"},
    "overwrite": {"en": "Replace the existing file", "ar": "استبدال الملف الموجود"},
    "exists": {
        "en": "{path} exists; tick the box to replace it.",
        "ar": "{path} موجود؛ حدِّد المربع لاستبداله.",
    },
    "saved": {
        "en": "Saved {path}. Use it with `taqdir score --weights {path}`; it is listed under "
        "the profiles.",
        "ar": "حُفظ {path}. استخدمه عبر `taqdir score --weights {path}`؛ وهو مدرج ضمن ملفات "
        "الأوزان.",
    },
    "bad_profile": {"en": "Cannot save this profile: {msg}", "ar": "تعذَّر حفظ هذا الملف: {msg}"},
    "weights_error": {"en": "These weights cannot be used", "ar": "لا يمكن استخدام هذه الأوزان"},
    # pages
    "page_scores": {"en": "Scores", "ar": "الدرجات"},
    "page_evidence": {"en": "Evidence", "ar": "الأدلة"},
    "page_scenarios": {"en": "Scenarios", "ar": "السيناريوهات"},
    "modified": {"en": "{name}, weights changed", "ar": "{name}، بأوزان معدَّلة"},
    "subtitle": {
        "en": "Profile: {profile} · method: {method} · evidence known on {as_of}",
        "ar": "ملف الأوزان: {profile} · الطريقة: {method} · الأدلة المعروفة حتى {as_of}",
    },
    # scores page
    "baseline": {"en": "Baseline score", "ar": "درجة الوضع الراهن"},
    "top": {"en": "Deepest scenario", "ar": "السيناريو الأعمق"},
    "moved_count": {"en": "Changed tier or rank", "ar": "تغيَّر مستواه أو ترتيبه"},
    "vs_profile": {"en": "vs the profile's weights", "ar": "مقارنة بأوزان الملف"},
    "ranking": {"en": "Scores, tiers and ranks", "ar": "الدرجات والمستويات والترتيب"},
    "rank": {"en": "Rank", "ar": "الترتيب"},
    "scenario": {"en": "Scenario", "ar": "السيناريو"},
    "score": {"en": "Score", "ar": "الدرجة"},
    "delta": {"en": "Δ vs profile", "ar": "الفرق عن الملف"},
    "tier": {"en": "Depth tier", "ar": "مستوى العمق"},
    "interval": {"en": "5–95%", "ar": "المدى \u20665–95%\u2069"},
    "p_tier": {"en": "P(this tier)", "ar": "احتمال هذا المستوى"},
    "what_moved": {"en": "What moved", "ar": "ما الذي تغيَّر"},
    "nothing_moved_same": {
        "en": "The weights are the profile's own. Move a weight to see which scenarios change "
        "tier or rank.",
        "ar": "الأوزان هي أوزان الملف نفسه. حرِّك وزنًا لترى أي السيناريوهات يتغيَّر مستواه أو ترتيبه.",
    },
    "nothing_moved": {
        "en": "With these weights no scenario changes tier or rank; scores shift by at most {d} "
        "points.",
        "ar": "بهذه الأوزان لا يتغيَّر مستوى أي سيناريو ولا ترتيبه؛ تتغيَّر الدرجات بما لا يزيد على "
        "{d} نقطة.",
    },
    "moved_tier": {
        "en": "**{name}**: tier {old} → **{new}** (score {a} → {b})",
        "ar": "**{name}**: المستوى {old} ← **{new}** (الدرجة {a} ← {b})",
    },
    "moved_rank": {
        "en": "**{name}**: rank {old} → **{new}**",
        "ar": "**{name}**: الترتيب {old} ← **{new}**",
    },
    "score_chart": {"en": "Scores against the depth tiers", "ar": "الدرجات على مستويات العمق"},
    "contributions": {"en": "Why: contributions to each score", "ar": "لماذا: مساهمات كل درجة"},
    "by_family": {"en": "By family", "ar": "حسب العائلة"},
    "by_indicator": {"en": "By indicator", "ar": "حسب المؤشر"},
    "points": {"en": "Points", "ar": "نقاط"},
    "family": {"en": "Family", "ar": "العائلة"},
    "indicator": {"en": "Indicator", "ar": "المؤشر"},
    "detail_for": {"en": "Detail for", "ar": "تفاصيل"},
    "intensity": {"en": "Intensity", "ar": "الشدة"},
    "eff_weight": {"en": "Effective weight", "ar": "الوزن الفعلي"},
    "uncertainty": {"en": "Uncertainty", "ar": "عدم اليقين"},
    "sampling_note": {
        "en": "{n} samples, seed {seed}: raw values from their ranges, weights from a Dirichlet "
        "around the chosen ones (concentration {c}).",
        "ar": "{n} عينة، البذرة {seed}: القيم الخام من نطاقاتها، والأوزان من توزيع ديريكليه حول "
        "الأوزان المختارة (التركيز {c}).",
    },
    "tier_probs": {"en": "Tier probabilities", "ar": "احتمالات المستويات"},
    "probability": {"en": "Probability", "ar": "الاحتمال"},
    "eff_weights": {"en": "Effective weights", "ar": "الأوزان الفعلية"},
    "weight_pct": {"en": "Effective weight (%)", "ar": "الوزن الفعلي (%)"},
    "weight_set": {"en": "Family weight × share", "ar": "وزن العائلة × الحصة"},
    "total": {"en": "Total", "ar": "المجموع"},
    # evidence page
    "evidence_log": {"en": "Evidence log", "ar": "سجل الأدلة"},
    "filter_family": {"en": "Families", "ar": "العائلات"},
    "event_date": {"en": "Event date", "ar": "تاريخ الحدث"},
    "known": {"en": "Known on", "ar": "معروف منذ"},
    "value": {"en": "Value", "ar": "القيمة"},
    "grade": {"en": "Grade", "ar": "التقييم"},
    "grade_help": {
        "en": "NATO/Admiralty grade: source reliability A–F, information credibility 1–6.",
        "ar": "تقييم الناتو/الأميرالية: موثوقية المصدر A–F، ومصداقية المعلومة 1–6.",
    },
    "summary": {"en": "Summary", "ar": "الملخص"},
    "citations": {"en": "Citations", "ar": "المراجع"},
    "not_yet_known": {"en": "not yet known on {d}", "ar": "غير معروف بعد في {d}"},
    "no_evidence": {"en": "No evidence for these families.", "ar": "لا أدلة لهذه العائلات."},
    "footnotes": {"en": "Footnotes", "ar": "الحواشي"},
    "count_shown": {"en": "{n} of {total} items", "ar": "{n} من {total} عنصرًا"},
    # scenarios page
    "narrative": {"en": "Narrative", "ar": "السرد"},
    "raw_values": {"en": "Raw values it assumes", "ar": "القيم الخام التي يفترضها"},
    "low": {"en": "Low", "ar": "أدنى"},
    "likely": {"en": "Likely", "ar": "الأرجح"},
    "high": {"en": "High", "ar": "أعلى"},
    "extends": {"en": "Starts from: {name}", "ar": "ينطلق من: {name}"},
    "from_evidence": {
        "en": "Values from the evidence known on {d}.",
        "ar": "القيم من الأدلة المعروفة حتى {d}.",
    },
    "overrides": {"en": "Overridden here", "ar": "مُعدَّل هنا"},
    "yes": {"en": "yes", "ar": "نعم"},
}


def t(key: str, lang: str, **values: object) -> str:
    """The label `key` in `lang` (English when the language is unknown), placeholders filled."""
    entry = LABELS[key]
    text = entry.get(lang, entry["en"])
    if not values:
        return text
    # numbers, dates and ranges keep their reading order inside Arabic (indicators.bidi)
    return text.format(**{k: _bidi_value(v, lang) for k, v in values.items()})


def num(x: float, lang: str, digits: int = 1) -> str:
    """A number for plain-text places (widgets, chart tooltips), LTR-safe in Arabic."""
    return isolate(f"{x:.{digits}f}", lang)


def signed(x: float, lang: str, digits: int = 1) -> str:
    """A change with its sign (+1.2, -3.4; 0.0 for no change), LTR-safe in Arabic."""
    text = f"{x:+.{digits}f}"
    if text.lstrip("+-").strip("0.") == "":
        text = f"{0:.{digits}f}"
    return isolate(text, lang)


def pct(x: float, lang: str, digits: int = 1) -> str:
    """A share in [0, 1] as a percentage, LTR-safe in Arabic."""
    return isolate(f"{100 * x:.{digits}f}%", lang)
