"""Validation problems said in Arabic, from their kind and parts (never from the English text).

A `Problem` carries `kind` (pydantic's error type, or one of taqdir's own) and `args` (the bad
value, the bound, the known names, the suggestion). Each kind here has an Arabic sentence and,
where there is one, the fix; ids, file names, field paths and values stay as they are, each in
a left-to-right isolate (`indicators.bidi`), so the sentence around them reads right to left.
A problem of a kind not listed (none among the validator's, which a test checks) keeps its
English detail, isolated and labelled as English, after a general Arabic sentence.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

from indicators.bidi import isolate
from indicators.ids import ID_PATTERN
from indicators.loc import Loc, format_loc


class Problem(Protocol):
    """What `indicators.errors.Problem` gives a message (not imported: errors imports this)."""

    @property
    def loc(self) -> Loc: ...
    @property
    def message(self) -> str: ...
    @property
    def hint(self) -> str: ...
    @property
    def line(self) -> int | None: ...
    @property
    def kind(self) -> str: ...
    @property
    def args(self) -> Mapping[str, Any]: ...


Said = tuple[str, str]
"""An Arabic problem: (what is wrong, how to fix it; may be "")."""


def v(x: object) -> str:
    """A value, id, path or number inside an Arabic sentence: as written, isolated."""
    if isinstance(x, bool):
        x = str(x).lower()
    if isinstance(x, float):
        x = f"{x:g}"
    return isolate(str(x), "ar") if str(x) != "" else "«»"


def q(x: object) -> str:
    """A quoted value (text the user wrote), isolated inside Arabic guillemets."""
    return f"«{v(x)}»"


def many(items: Sequence[object], limit: int = 20) -> str:
    """Values listed the Arabic way (`، ` between them), the first `limit` of them."""
    shown = "، ".join(v(i) for i in list(items)[:limit])
    more = len(items) - limit
    return shown + (f"، … ({v(len(items))} في المجموع)" if more > 0 else "")


def _alternatives(expected: str) -> str:
    """pydantic's "'A', 'B' or 'C'" as Arabic alternatives: «A» أو «B» أو «C»."""
    items = [i.strip().strip("'\"") for i in re.split(r",\s*|\s+or\s+", expected) if i.strip()]
    return " أو ".join(q(i) for i in items)


_TYPES = {
    "float": "عدد",
    "int": "عدد صحيح",
    "bool": "نعم/لا",
    "string": "نص",
    "dict": "مجموعة حقول",
    "list": "قائمة",
    "model": "مجموعة حقول",
    "model_attributes": "مجموعة حقول",
    "date": "تاريخ",
    "url": "عنوان ويب",
}

_FORMS = {
    "float": "عددًا",
    "str": "معرّف مستوى (نص)",
    "Range": "مدى " + v("{low, likely, high}"),
    "NoEvidenceRange": "مدى " + v("{low, likely, high}"),
    "int": "عددًا صحيحًا",
    "text": "نصًا",
    "bool": f"{v('true')} أو {v('false')}",
    "date": f"تاريخًا ({v('YYYY-MM-DD')})",
    "list": "قائمة",
    "judgement": f"كسرًا نصيًا مثل {q('1/3')}",
}

_GIVEN = {
    "bool": "قيمة نعم/لا (وليست عددًا)",
    "dict": "مجموعة حقول",
    "list": "قائمة",
    "str": "نصًا",
    "int": "عددًا",
    "float": "عددًا",
    "NoneType": "قيمة فارغة",
}

_WHAT = {
    "indicator": "مؤشر",
    "family": "عائلة",
    "scenario": "سيناريو",
    "profile": "ملف أوزان",
    "criterion": "معيار",
}


def _typed(expect: str) -> Callable[[Mapping[str, Any]], Said]:
    def say(a: Mapping[str, Any]) -> Said:
        got = f"؛ المعطى {q(a['input'])}" if "input" in a else ""
        return f"يلزم {_TYPES[expect]} هنا{got}.", ""

    return say


def _date(a: Mapping[str, Any]) -> Said:
    got = f": {q(a['input'])}" if "input" in a else ""
    return f"تاريخ غير صالح{got}.", f"اكتب التاريخ بصيغة {v('YYYY-MM-DD')}، تاريخًا حقيقيًا."


def _bound(word: str, key: str) -> Callable[[Mapping[str, Any]], Said]:
    def say(a: Mapping[str, Any]) -> Said:
        got = f"؛ المعطى {v(a['input'])}" if "input" in a else ""
        return f"يجب أن تكون القيمة {word} {v(a[key])}{got}.", ""

    return say


def _pattern(a: Mapping[str, Any]) -> Said:
    if a.get("pattern") == ID_PATTERN:
        return (
            f"المعرّف {q(a.get('input', ''))} غير صالح.",
            "المعرّف يبدأ بحرف لاتيني، ثم حروف أو أرقام أو _ . - بلا مسافات.",
        )
    return f"القيمة {q(a.get('input', ''))} لا تطابق الصيغة {v(a.get('pattern', ''))}.", ""


def _too_short(a: Mapping[str, Any]) -> Said:
    return (
        f"يلزم {v(a['min_length'])} عنصر على الأقل هنا؛ المعطى {v(a.get('actual_length', 0))}.",
        "",
    )


def _too_long(a: Mapping[str, Any]) -> Said:
    return (
        f"يُسمح بـ{v(a['max_length'])} عنصر على الأكثر هنا؛ المعطى "
        f"{v(a.get('actual_length', '?'))}.",
        "",
    )


def _mapping_form(a: Mapping[str, Any]) -> str:
    """A mapping form in Arabic, from the parts `indicators.shapes` gives."""
    if a.get("kinds"):
        return (
            f"مجموعة حقول فيها {v('kind:')} ({_alternatives(', '.join(a['kinds']))}) "
            "وحقول ذلك النوع"
        )
    if a.get("fields"):
        return "مجموعة حقول " + v("{" + ", ".join(a["fields"]) + "}")
    return "مجموعة حقول (أسماء وقيمها)"


def _one_form(f: str, a: Mapping[str, Any]) -> str:
    if f == "mapping":
        return _mapping_form(a)
    if f == "choice":
        return f"إحدى القيم: {_alternatives(str(a.get('choices', '')))}"
    return _FORMS[f]


def _forms(a: Mapping[str, Any]) -> Said:
    forms = [_one_form(f, a) for f in a["forms"]]
    forms = list(dict.fromkeys(forms))
    if a.get("unknown"):
        forms.insert(0, q("unknown"))
    if a.get("keys"):
        given = f"مجموعة حقول مفاتيحها {many(a['keys'])}"
    elif a.get("value") is not None:
        given = f"{_GIVEN.get(a['given'], 'قيمة')} {q(a['value'])}"
    else:
        given = _GIVEN.get(a["given"], "قيمة")
    hint = {
        "not_allowed": f"المدى غير مسموح به هنا: اكتب القيمة الأرجح، وللأدلة ضع {v('low:')} و"
        f"{v('high:')} بجانب {v('value:')}.",
        "needs_keys": f"المدى يحتاج المفاتيح الثلاثة: {many(['low', 'likely', 'high'])}.",
        "one_value": "اكتب هنا قيمة واحدة، لا مدى ولا مجموعة حقول ولا قائمة.",
        "mapping": f"اكتب حقوله تحته، كل {v('key: value')} في سطر، أو {v('{key: value, …}')}.",
        "list": f"اكتب قائمة: {v('[a, b]')}، أو كل عنصر في سطر يبدأ بـ{v('- ')}.",
    }.get(a.get("range_hint", ""), "")
    return f"هذا الحقل يقبل {' أو '.join(forms)}؛ المعطى {given}.", hint


def _unknown_key(a: Mapping[str, Any]) -> Said:
    guess = f" هل تقصد {q(a['close'])}؟" if a.get("close") else ""
    allowed = f"المفاتيح المسموح بها هنا: {many(a['allowed'])}."
    return f"مفتاح غير معروف {q(a['key'])}.{guess}", allowed


def _unknown_name(a: Mapping[str, Any]) -> Said:
    what = _WHAT.get(a["what"], a["what"])
    guess = f" هل تقصد {q(a['close'])}؟" if a.get("close") else ""
    return f"{what} غير معروف: {q(a['value'])}.{guess}", f"المعروف: {many(a['known'])}."


def _scale_or_unknown(kind: Callable[[Mapping[str, Any]], Said]) -> Callable[..., Said]:
    def say(a: Mapping[str, Any]) -> Said:
        text, hint = kind(a)
        if a.get("or_unknown"):
            hint = (
                f"{hint} أو اكتب {q('unknown')} (المقياس كله) أو مدى {v('{low, likely, high}')}."
            ).strip()
        return text, hint

    return say


def _off_scale(a: Mapping[str, Any]) -> Said:
    return f"القيمة {v(a['value'])} خارج مقياس المؤشر [{v(a['min'])}، {v(a['max'])}].", ""


def _not_a_level(a: Mapping[str, Any]) -> Said:
    return (
        f"{q(a['value'])} ليست من مستويات المؤشر {v(a['indicator'])}.",
        f"المستويات: {many(a['levels'])}.",
    )


def _number_expected(a: Mapping[str, Any]) -> Said:
    return f"المؤشر {v(a['indicator'])} يأخذ عددًا، والمعطى النص {q(a['value'])}.", ""


def _range_order(a: Mapping[str, Any]) -> Said:
    return (
        f"المدى غير مرتّب: الأدنى {v(a['low'])}، الأرجح {v(a['likely'])}، الأعلى {v(a['high'])}.",
        "المطلوب: الأدنى ≤ الأرجح ≤ الأعلى.",
    )


def _min_max(a: Mapping[str, Any]) -> Said:
    return (
        f"الحد الأعلى {v(a['high_name'])} ({v(a['high'])}) يجب أن يزيد على الحد الأدنى "
        f"{v(a['low_name'])} ({v(a['low'])}).",
        "",
    )


_SAY: dict[str, Callable[[Mapping[str, Any]], Said]] = {
    # pydantic's error types
    "missing": lambda a: ("هذا الحقل مطلوب.", "أضِفه."),
    "extra_forbidden": lambda a: ("مفتاح غير مسموح به هنا.", "احذفه أو صحّح كتابته."),
    "unknown_key": _unknown_key,
    "date_from_datetime_parsing": _date,
    "date_from_datetime_inexact": _date,
    "date_parsing": _date,
    "date_type": _date,
    "finite_number": lambda a: (
        "يلزم عدد منتهٍ هنا.",
        f"لا تكتب {v('.nan')} ولا {v('.inf')}.",
    ),
    "greater_than": _bound("أكبر من", "gt"),
    "greater_than_equal": _bound("أكبر من أو تساوي", "ge"),
    "less_than": _bound("أصغر من", "lt"),
    "less_than_equal": _bound("أصغر من أو تساوي", "le"),
    "literal_error": lambda a: (
        f"القيمة {q(a.get('input', ''))} ليست من الخيارات: {_alternatives(a['expected'])}.",
        "",
    ),
    "enum": lambda a: (
        f"القيمة {q(a.get('input', ''))} ليست من الخيارات: {_alternatives(a['expected'])}.",
        "",
    ),
    "string_too_short": lambda a: (
        ("لا يجوز أن يكون هذا النص فارغًا.", "")
        if a.get("min_length") == 1
        else (f"يلزم {v(a['min_length'])} حرف على الأقل.", "")
    ),
    "string_too_long": lambda a: (f"النص أطول من {v(a['max_length'])} حرف.", "اختصره."),
    "string_pattern_mismatch": _pattern,
    "too_short": _too_short,
    "too_long": _too_long,
    "float_parsing": _typed("float"),
    "float_type": _typed("float"),
    "int_parsing": _typed("int"),
    "int_type": _typed("int"),
    "int_from_float": _typed("int"),
    "bool_parsing": _typed("bool"),
    "bool_type": _typed("bool"),
    "string_type": _typed("string"),
    "dict_type": _typed("dict"),
    "list_type": _typed("list"),
    "model_type": _typed("model"),
    "model_attributes_type": _typed("model_attributes"),
    "url_parsing": _typed("url"),
    "url_scheme": _typed("url"),
    "union_tag_invalid": lambda a: (
        f"النوع {q(a.get('tag', ''))} غير معروف.",
        f"الأنواع المتاحة: {_alternatives(str(a.get('expected_tags', '')))}.",
    ),
    "union_tag_not_found": lambda a: (
        f"الحقل {v(str(a.get('discriminator', '')).strip(chr(39)))} مطلوب لتحديد النوع.",
        "",
    ),
    "forms": _forms,
    # reading a file
    "no_file": lambda a: ("لا يوجد ملف بهذا الاسم.", "تحقّق من المسار."),
    "unreadable": lambda a: ("تعذّرت قراءة الملف.", "تحقّق من صلاحيات الملف."),
    "folder": lambda a: ("هذا مجلد وليس ملفًا.", "اذكر اسم ملف."),
    "output_folder": lambda a: ("هذا مجلد؛ المخرَج يجب أن يكون ملفًا.", "اذكر اسم ملف."),
    "too_big": lambda a: (
        f"حجم الملف {v(format(a['size'], ','))} بايت، والحد {v(format(a['limit'], ','))} بايت.",
        "قسّم الملف أو احذف ما لا يلزم.",
    ),
    "not_utf8": lambda a: (
        f"الملف ليس نصًا بترميز {v('UTF-8')} (البايت {v(a['byte'])} عند الموضع {v(a['offset'])}).",
        f"احفظه بترميز {v('UTF-8')} (بما فيه النص العربي) ثم أعد المحاولة.",
    ),
    "too_deep": lambda a: (
        f"التداخل أعمق من {v(a['limit'])} مستوى (قوائم أو مجموعات داخل بعضها).",
        "التقدير يحتاج بضعة مستويات فقط؛ راجع الأقواس أو المسافات البادئة.",
    ),
    "yaml_bomb": lambda a: (
        f"يتمدد الملف إلى أكثر من {v(format(a['limit'], ','))} عقدة (مراسٍ وأسماء مستعارة تضاعف "
        "المحتوى، أو اسم مستعار يشير إلى نفسه).",
        "اكتب المحتوى صراحة بدل الأسماء المستعارة.",
    ),
    "duplicate_key": lambda a: (
        f"المفتاح {q(a['key'])} مكرر في المجموعة نفسها (أول مرة في السطر {v(a['first'])}).",
        "أبقِ واحدًا منهما.",
    ),
    "empty": lambda a: ("الملف فارغ.", "يجب أن يحوي مجموعة حقول."),
    "yaml_syntax": lambda a: (
        f"الملف ليس نص {v('YAML')} صالحًا.",
        "الشرطة المنفردة تُقرأ عنصر قائمة: ضعها بين علامتي تنصيص، مثل " + v('direction: "-"') + "."
        if a.get("lone_dash")
        else "راجع المسافات البادئة والنقطتين وعلامات التنصيص.",
    ),
    "json_syntax": lambda a: (f"الملف ليس نص {v('JSON')} صالحًا.", "راجع الأقواس والفواصل."),
    "not_a_mapping": lambda a: ("يجب أن يحوي الملف مجموعة حقول.", ""),
    "invalid_input": lambda a: ("مدخل غير صالح.", ""),
    # the model's own rules
    "date_range": lambda a: (
        f"التاريخ {v(a['value'])} خارج المدى المقبول من {v(a['first'])} إلى {v(a['last'])}.",
        "اكتب تاريخًا ضمن هذا المدى.",
    ),
    "min_max": _min_max,
    "level_ids": lambda a: (f"معرّفات المستويات يجب ألّا تتكرر: {many(a['ids'])}.", ""),
    "level_order": lambda a: (
        f"شدّات المستويات يجب أن تتزايد تمامًا: {many(a['values'])}.",
        "",
    ),
    "log_min": lambda a: (
        f"الحد الأدنى {v(a['min'])} يجب ألّا يقل عن صفر: اللوغاريتم يحتاج قيمًا غير سالبة.",
        "",
    ),
    "not_a_level": _scale_or_unknown(_not_a_level),
    "number_expected": _scale_or_unknown(_number_expected),
    "not_finite": _scale_or_unknown(lambda a: (f"القيمة {v(a['value'])} ليست عددًا منتهيًا.", "")),
    "too_large": _scale_or_unknown(
        lambda a: (f"القيمة {v(a['value'])} تتجاوز {v(a['limit'])}، أكبر ما يقبله تقدير.", "")
    ),
    "off_scale": _scale_or_unknown(_off_scale),
    "range_order": _range_order,
    "web_address": lambda a: (
        f"العنوان {q(a.get('value', ''))} ليس عنوان ويب صالحًا.",
        f"يبدأ بـ{v('http://')} أو {v('https://')} بلا مسافات ولا علامات تنصيص "
        f"(مثل {v('https://example.org/report')}).",
    ),
    "story_before_event": lambda a: (
        f"تاريخ النشر {v(a['story'])} يسبق تاريخ الحدث {v(a['event'])}.",
        "لا يُنشر حدث قبل وقوعه.",
    ),
    "grades_missing": lambda a: (f"كل درجة تحتاج عرضًا؛ الناقص: {many(a['missing'])}.", ""),
    "duplicate_id": lambda a: (f"المعرّف {q(a['id'])} مكرر.", "يجب أن يكون كل معرّف فريدًا."),
    "unknown_name": _unknown_name,
    "unknown_footnote": lambda a: (
        f"حاشية غير معروفة {q(a['value'])}.",
        f"الحواشي المذكورة في {v('source.footnotes')}: {many(a['known'])}.",
    ),
    "id_is_family": lambda a: (
        f"معرّف المؤشر {q(a['id'])} هو أيضًا معرّف عائلة.",
        f"غيّر أحدهما: ملفات الأوزان والخيار {v('--set-weight')} تسمّي العائلات والمؤشرات بمعرّفاتها.",
    ),
    "family_empty": lambda a: (
        f"العائلة {q(a['family'])} بلا مؤشرات.",
        "أضف إليها مؤشرًا أو احذفها.",
    ),
    "extends_and_evidence": lambda a: (
        "لا يجوز أن يمدّد السيناريو سيناريو آخر وأن يُشتق من الأدلة معًا.",
        f"أبقِ واحدًا من {v('extends')} و{v('from_evidence')}.",
    ),
    "stands_alone": lambda a: (
        f"السيناريو {q(a['scenario'])} قائم بذاته لكنه لا يعطي قيمة لـ{many(a['missing'])}.",
        f"أعطِ قيمة لكل مؤشر، أو أضف {v('extends: baseline')} أو {v('from_evidence: true')}.",
    ),
    "extends_loop": lambda a: (
        f"السيناريو {q(a['scenario'])} يمدّد نفسه في حلقة ({v(' → '.join(a['chain']))}).",
        "اكسر الحلقة: سيناريو واحد يجب أن يبدأ من الأدلة أو يعطي كل القيم.",
    ),
    "profile_missing": lambda a: (
        f"ملف الأوزان {q(a['profile'])} لا يعطي وزنًا لـ{many(a['missing'])}.",
        f"أعطِ كل عائلة وزنًا ({v(0)} لاستبعادها).",
    ),
    "all_zero": lambda a: ("أوزان العائلات كلها صفر.", "عائلة واحدة على الأقل تحتاج وزنًا موجبًا."),
    "zero_shares": lambda a: (
        f"للعائلة {q(a['family'])} وزن لكن حصص مؤشراتها كلها صفر.",
        "أعطِ أحدها حصة موجبة، أو اجعل وزن العائلة صفرًا.",
    ),
    "tier_first": lambda a: (
        f"المستوى الأول يبدأ عند {v(a['value'])}.",
        f"المستويات تغطي {v('0–100')}: الحد الأدنى للأول يجب أن يكون {v(0)}.",
    ),
    "tier_last": lambda a: (
        f"المستوى الأخير ينتهي عند {v(a['value'])}.",
        f"المستويات تغطي {v('0–100')}: الحد الأعلى للأخير يجب أن يكون {v(100)}.",
    ),
    "tier_order": lambda a: (
        f"المستوى {q(a['tier'])} حده الأدنى {v(a['min'])} ليس أقل من حده الأعلى {v(a['max'])}.",
        "الحدود يجب أن تتزايد: الأدنى أقل من الأعلى.",
    ),
    "tier_gap": lambda a: (
        f"المستوى {q(a['tier'])} يبدأ عند {v(a['min'])} والمستوى السابق ينتهي عند "
        f"{v(a['previous'])}.",
        "رتّب المستويات من الأدنى إلى الأعلى، كل مستوى يبدأ حيث ينتهي سابقه.",
    ),
    # batch files
    "span_backwards": lambda a: (
        f"المدى يسير إلى الوراء: من {v(a['low'])} إلى {v(a['high'])}.",
        "اجعل البداية أصغر من النهاية أو مساوية لها.",
    ),
    "ordinal_span": lambda a: (
        f"مدى المستويات لا يأخذ {v('num')} ولا خطوة كسرية.",
        "مدى المستويات يمر بمستويات كاملة: أعطِ خطوة صحيحة أو لا تعطِ خطوة.",
    ),
    "span_step": lambda a: (
        f"المدى العددي يحتاج {v('step')} أو {v('num')}.",
        f"مثل {v('{from: 0, to: 6, step: 1}')}.",
    ),
    "axis_too_long": lambda a: (
        f"في المدى {v(a['count'])} قيمة، والحد لكل محور {v(a['limit'])}.",
        f"استعمل خطوة أكبر، أو {v('num')}.",
    ),
    "axis_repeats": lambda a: (
        f"المحور يكرر قيمة: {many(a['values'])}.",
        "اذكر كل قيمة مرة واحدة.",
    ),
    "low_above_high": lambda a: (
        f"الحد الأدنى {v(a['low'])} أعلى من الحد الأعلى {v(a['high'])}.",
        "المطلوب: الأدنى ≤ الأعلى.",
    ),
    "no_whole_number": lambda a: (
        f"لا عدد صحيح بين {v(a['low'])} و{v(a['high'])}.",
        "وسّع المدى أو اسمح بالقيم الكسرية.",
    ),
    "too_many_variants": lambda a: (
        f"عدد المتغيرات {v(a['count'])}، والحد {v(a['limit'])}.",
        "قلّل المحاور أو القيم أو العدد.",
    ),
    "assessment_missing": lambda a: (
        f"ملف التقدير {q(a['value'])} غير موجود (بُحث عنه في {v(a['where'])}).",
        "اذكر مسارًا نسبةً إلى ملف الدفعة، أو احذفه لاستعمال التقدير المدمج.",
    ),
    "assessment_folder": lambda a: (
        f"ملف التقدير {q(a['value'])} مجلد وليس ملفًا (بُحث عنه في {v(a['where'])}).",
        "اذكر مسارًا نسبةً إلى ملف الدفعة، أو احذفه لاستعمال التقدير المدمج.",
    ),
    "step_and_num": lambda a: (f"أعطِ {v('step')} أو {v('num')}، لا الاثنين معًا.", ""),
    "lhs_too_big": lambda a: (
        f"مسح المكعب اللاتيني يُبنى كاملًا، فحدّه {v(a['limit'])} نقطة؛ المعطى {v(a['count'])}.",
        f"استعمل {v('kind: sobol')} لنقاط أكثر.",
    ),
    "empty_batch": lambda a: ("الدفعة تحتاج سيناريوهات تضمّها أو عمليات مسح (أو كليهما).", ""),
    "duplicate_ids": lambda a: (f"معرّفات مكررة: {many(a['ids'])}.", "اذكر كل معرّف مرة واحدة."),
    # weight elicitation, decision matrices, saved results
    "listed_twice": lambda a: (f"{q(a['value'])} مذكور مرتين.", "اذكر كل عنصر مرة واحدة."),
    "matrix_rows": lambda a: (
        f"في المصفوفة {v(a['rows'])} صفوف والعناصر {v(a['items'])}.",
        f"أعطِ صفًا لكل عنصر، بترتيب {v('items')}.",
    ),
    "matrix_row_length": lambda a: (
        f"الصف {v(a['row'])} ({v(a['item'])}) فيه {v(a['entries'])} خانات، والمطلوب "
        f"{v(a['items'])}.",
        "المصفوفة ناقصة: كل زوج يحتاج حكمًا.",
    ),
    "no_judgement": lambda a: (
        f"لا حكم للعنصر {v(a['a'])} مقابل {v(a['b'])}.",
        "المصفوفة ناقصة: املأ كل خانة (واحد على القطر، والمقلوبات تحته).",
    ),
    "not_a_judgement": lambda a: (
        f"{q(a['value'])} ليس عددًا ولا كسرًا.",
        f"اكتب مثلًا {v('3')} أو {v('0.5')} أو " + v("'1/3'") + ".",
    ),
    "diagonal": lambda a: (
        f"القطر يجب أن يكون {v(1)}، والمعطى {v(a['value'])}.",
        "العنصر يساوي نفسه.",
    ),
    "off_saaty": lambda a: (
        f"{v(a['value'])} ({v(a['a'])} مقابل {v(a['b'])}) خارج مقياس ساعاتي من {v(1)} إلى {v(9)}.",
        f"استعمل قيمًا من {v('1/9')} إلى {v(9)}.",
    ),
    "not_reciprocal": lambda a: (
        f"الحكمان غير متقابلين: {v(a['a'])} مقابل {v(a['b'])} هو {v(a['ab'])} لكن "
        f"{v(a['b'])} مقابل {v(a['a'])} هو {v(a['ba'])}.",
        f"المتوقع {v(a['expected'])} ({v('a_ji = 1 / a_ij')}).",
    ),
    "no_points": lambda a: ("أعطِ نقاطًا لعنصر واحد على الأقل.", ""),
    "all_points_zero": lambda a: (
        "النقاط كلها صفر.",
        f"أهم تغيّر يأخذ {v(100)} نقطة.",
    ),
    "ranking_and_intervals": lambda a: (
        "أعطِ ترتيبًا أو فترات، لا الاثنين معًا.",
        f"أبقِ واحدًا من {v('ranking')} و{v('intervals')}.",
    ),
    "interval_reversed": lambda a: (
        f"فترة {v(a['key'])} تمتد من {v(a['low'])} نزولًا إلى {v(a['high'])}.",
        f"اكتب {v('[low, high]')} والأدنى ≤ الأعلى.",
    ),
    "no_value_for": lambda a: (f"{q(a['id'])} لا يعطي قيمة لـ{many(a['missing'])}.", ""),
    "saved_weights": lambda a: (
        "الأوزان يجب ألّا تكون سالبة وأن يكون مجموعها موجبًا.",
        f"احفظ النتيجة من جديد بالأمر {v('taqdir score --format json')}.",
    ),
    "saved_intensities": lambda a: (
        f"شدّات {q(a['scenario'])} لا تطابق مؤشرات الأوزان"
        + (f"؛ الناقص {many(a['missing'])}" if a.get("missing") else "")
        + (f"؛ غير الموزون {many(a['extra'])}" if a.get("extra") else "")
        + ".",
        "كل نتيجة تعطي شدّة لكل مؤشر موزون.",
    ),
    "saved_intensity_range": lambda a: (f"الشدّات يجب أن تقع في {v('[0, 1]')}.", ""),
    "saved_tier": lambda a: (
        f"المستوى {q(a['tier'])} ({v(a['min'] + '–' + a['max'])}) لا يكمل المستويات قبله.",
        "رتّب المستويات من الأدنى إلى الأعلى، كل مستوى يبدأ حيث ينتهي سابقه.",
    ),
}


def known_kinds() -> frozenset[str]:
    """Every kind with an Arabic sentence (tests check the validator raises no other)."""
    return frozenset(_SAY)


def said(p: Problem) -> Said:
    """(what is wrong, the fix) in Arabic; a kind not listed keeps its English, labelled."""
    say = _SAY.get(p.kind)
    if say is None:
        detail = p.message + (f" {p.hint}" if p.hint else "")
        return f"قيمة غير صالحة (التفصيل بالإنجليزية: {v(detail)}).", ""
    try:
        text, hint = say(p.args)
    except (KeyError, TypeError, ValueError):  # parts missing: say the kind's general sentence
        return f"قيمة غير صالحة (التفصيل بالإنجليزية: {v(p.message)}).", ""
    prefix = "".join(f"{v(p.args[k])}: " for k in ("option", "part") if p.args.get(k))
    return prefix + text, hint


def arabic(p: Problem, path: str | None) -> str:
    """The problem as one Arabic line: file, line, field, what is wrong and the fix."""
    where = [v(path)] if path else []
    if p.line is not None:
        where.append(f"السطر {v(p.line)}")
    head = "، ".join(where)
    text, hint = said(p)
    body = f"{v(format_loc(p.loc))}: {text}" if p.loc else text
    out = f"{head}: {body}" if head else body
    return f"{out} {hint}" if hint else out


def more_problems(n: int) -> str:
    """The line after the shown problems: how many more there are."""
    return f"… ومشكلات أخرى في الملف نفسه عددها {v(n)}."


_ERRORS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "all_weights_zero": lambda a: "كل الأوزان صفر؛ يلزم وزن موجب لعائلة واحدة على الأقل.",
    "family_shares_zero": lambda a: (
        f"للعائلة {v(a['family'])} الوزن {v(a['weight'])} لكن حصص مؤشراتها كلها صفر؛ أعطِ "
        "أحدها حصة موجبة أو اجعل وزن العائلة صفرًا."
    ),
    "weight_not_finite": lambda a: (
        f"الوزن {v(str(a['key']) + '=' + str(a['value']))} يجب أن يكون عددًا منتهيًا ≥ "
        f"{v(0)} (الصفر يستبعده)."
    ),
    "weight_too_large": lambda a: (
        f"الوزن {v(str(a['key']) + '=' + format(a['value'], 'g'))} أكبر من "
        f"{v(format(a['max'], 'g'))}، وهو أكبر ما يقبله {v('taqdir')}؛ الأوزان نسبية، فصغّرها "
        "كلها."
    ),
    "weight_negative": lambda a: f"لا يجوز أن تكون الأوزان سالبة، وُجد {v(a['value'])}.",
}
"""Errors outside a file's content (weights as set on the command line or the sliders) said
in Arabic from their kind and parts (`indicators.errors.TaqdirError.said`)."""
