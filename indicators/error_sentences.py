"""Errors outside a file's content said in Arabic: unknown names, option values out of range or
in the wrong form, options that cannot go together, the run and version stores, and what the
machine refused (`EnvError`). `arabic_error` here is what `TaqdirError.said` reads: these
kinds and the weight errors of `indicators.messages._ERRORS`.

Each kind takes the parts its raiser gives (`TaqdirError(message, kind=..., parts=...)`): the
bad value, the option, the limit, the choices. A few kinds cover many raise sites; where the
fix differs from site to site, a `fix` part names one of the fixes listed here. Ids, option
names, numbers, paths and lists are isolated left to right (`indicators.messages.v`); numbers
are formatted as the English message formats them (the raiser passes them formatted where
the English uses a thousands separator or a precision).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from indicators.error_sentences_runs import RUN_ERRORS, detail
from indicators.messages import _ERRORS as WEIGHT_ERRORS
from indicators.messages import many, q, v

# What is not there: (there is no …, the known ones are …).
_NO: dict[str, tuple[str, str]] = {
    "method": ("لا توجد طريقة تجميع", "الطرق المتاحة"),
    "profile": ("لا يوجد ملف أوزان", "ملفات الأوزان"),
    "scenario": ("لا يوجد سيناريو", "السيناريوهات"),
    "family": ("لا توجد عائلة", "العائلات"),
    "indicator": ("لا يوجد مؤشر", "المؤشرات المعروفة"),
    "family_or_indicator": ("لا توجد عائلة ولا مؤشر", "العائلات"),
    "yardstick": ("لا يوجد مقياس لفظي", "المقاييس المتاحة"),
    "random_index_table": ("لا يوجد جدول مؤشر عشوائي", "الجداول المتاحة"),
    "run": ("لا يوجد تشغيل", ""),
}

_FIX: dict[str, str] = {
    "profile_file": "أو اذكر مسار ملف أوزان.",
    "not_a_file": "وليس ملفًا موجودًا؛ اذكر أحد ملفات الأوزان أو مسار ملف موجود.",
    "runs_list": f"الأمر {v('taqdir runs list')} يعرض التشغيلات المخزنة.",
    "weight_model_file": "أو اذكر ملفًا موجودًا فيه ترتيب أو فترات.",
    "split_items": "قسّم العناصر إلى مجموعات.",
    "fewer_samples": (
        f"استعمل عينات أقل ({v('10,000')} عينة تعطي المئينات بدقة {v('±0.5')} نقطة تقريبًا)."
    ),
}


def _fix(a: Mapping[str, Any]) -> str:
    return f" {_FIX[a['fix']]}" if a.get("fix") else ""


_WORDS = {"side": "الطرف"}
"""Option-like words of the English head said in Arabic (a side of `taqdir compare`)."""


def _at(a: Mapping[str, Any]) -> str:
    """The file, the option and the value the error is about, as the sentence's head."""
    words = [_WORDS.get(a[k]) or v(a[k]) for k in ("where", "option") if a.get(k)]
    if "value" in a:
        words.append(q(a["value"]))
    return f"{' '.join(words)}: " if words else ""


def _unknown(a: Mapping[str, Any]) -> str:
    no, listed = _NO[a["what"]]
    where = " ".join(v(a[k]) for k in ("where", "option") if a.get(k))
    where = f"{where}: " if where else ""
    within = f" في التقدير {v(a['assessment'])}" if a.get("assessment") else ""
    within += f" في التشغيل {v(a['run'])}" if a.get("run") else ""
    within += f" في المخزن {v(a['store'])}" if a.get("store") else ""
    guess = f" هل تقصد {q(a['close'])}؟" if a.get("close") else ""
    known = f" {listed}: {many(a['known'])}." if a.get("known") else ""
    if a.get("run") and a.get("known"):
        known = f" قُدّر تحت: {many(a['known'])}."
    return f"{where}{no} باسم {q(a['value'])}{within}.{guess}{known}{_fix(a)}"


def _choice(a: Mapping[str, Any]) -> str:
    return f"{v(a['option'])} {q(a['value'])}: اختر واحدًا من: {many(a['choices'])}.{_fix(a)}"


# The expected form of a value, with its example and fix: `bad_form`'s `form` part.
_FORMS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "date": lambda a: f"ليس تاريخًا؛ اكتب {v('YYYY-MM-DD')}، مثل {v('2025-06-04')}.",
    "id_value": lambda a: f"اكتب {v('ID=VALUE')}، مثل {v('troops=2')}.",
    "number": lambda a: f"{q(a['number'])} ليس عددًا.",
    "weight": lambda a: f"يجب أن يكون الوزن عددًا منتهيًا ≥ {v(0)}.",
    "positive_or_inf": lambda a: f"يلزم عدد موجب أو {q('inf')}.",
    "whole_number": lambda a: f"يلزم عدد صحيح ≥ {v(0)}.",
    "timeline_step": lambda a: (
        f"اكتب عددًا ثم {v('d')} أو {v('w')} أو {v('m')} (يوم، أسبوع، شهر)، مثل {v('1w')} أو "
        f"{v('1m')}."
    ),
    "grade": lambda a: (
        f"اكتب موثوقية المصدر {v('A–F')} ثم مصداقية المعلومة {v('1–6')}، مثل {v('B2')} "
        f"({v('F')} و{v(6)}: لا يمكن الحكم)."
    ),
    "version": lambda a: (
        f"سمِّ النسخة هكذا {v('v3')} (أو {v(3)})؛ الأمر {v('taqdir history FILE')} يعرض النسخ."
    ),
    "since": lambda a: (
        f"اذكر تاريخًا ({v('YYYY-MM-DD')}، مثل {v('2025-03-01')}) أو نسخة محفوظة "
        f"{v('FILE@vN')} (مثل {v('case.yaml@v2')}؛ الأمر {v('taqdir versions FILE')} يعرضها)."
    ),
    "brief_output": lambda a: (
        f"اجعل الاسم ينتهي بـ{v('.html')} أو {v('.pdf')} (اللاحقة تحدد الصيغة)."
    ),
    "export_output": lambda a: (
        f"لا تُعرف الصيغة من {v(a['suffix']) if a['suffix'] else 'اسم بلا لاحقة'}؛ استعمل "
        f"ملف {many(['.parquet', '.csv', '.jsonl'])}"
        f" (أو {v('--format ' + '/'.join(a['formats']))})."
    ),
    "side_empty": lambda a: (
        f"أحد الطرفين فارغ؛ اذكر لكل طرف ملف تقدير أو {v('builtin')} أو {v('run:ID')}."
    ),
    "side_source": lambda a: f"اذكر ملفًا أو {v('builtin')} أو تشغيلًا قبل أول {v('@')}.",
    "side_option": lambda a: (
        f"{q(a['modifier'])} ليس خيارًا؛ اكتب {v('key=value')} والمفتاح واحد من "
        f"{many(['weights', 'as-of', 'method', 'set-weight'])} "
        f"(مثل {v('builtin@as-of=2025-03-01')})."
    ),
    "power_of_two": lambda a: (
        f"عدد عينات {v('Sobol')} الأساسية يجب أن يكون قوة للعدد {v(2)} (توازن المتتالية "
        f"يحتاج ذلك)؛ استعمل {v(a['down'])} أو {v(a['up'])}."
    ),
    "at_least": lambda a: f"أعطِ {v(a['limit'])} على الأقل.",
    "unit_interval": lambda a: f"يجب أن تقع القيمة في {v('[0, 1]')}.",
    "weight_step": lambda a: f"يلزم تغيير في الوزن بين {v(0)} و{v(1)}، مثل {v(0.1)}.",
    "brief_samples": lambda a: "الموجز يحتاج عينة واحدة على الأقل (احتمالات المستويات).",
}


def _form(a: Mapping[str, Any]) -> str:
    return _at(a) + _FORMS[a["form"]](a)


_CONFLICT: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "batch_or_resume": lambda a: f"اذكر ملف دفعة أو {v('--resume RUN_ID')} (لا الاثنين معًا).",
    "matrix_options": lambda a: (
        f"الخيارات {many(['--weights', '--set-weight', '--as-of', '--scenario'])} تخص ملف "
        "تقدير؛ ملف مصفوفة القرار يحمل أوزانه."
    ),
    "every_profile_json": lambda a: (
        f"{v('--every-profile')}: جدول أو {v('csv')} ({v('--format csv')})؛ صيغة "
        f"{v('JSON')} غير متاحة بعد."
    ),
    "side_twice": lambda a: (
        f"الطرف {v(a['side'])} يعطي {v(a['option'])} مرتين: في السطر نفسه وبـ{v(a['flag'])}."
    ),
    "run_side_fixed": lambda a: (
        f"الطرف {v(a['side'])} ({v(a['source'])}) تشغيل مخزن: تاريخه وأوزانه ثابتة، فلا ينطبق "
        f"{many(a['options'])} ({v('weights=PROFILE')} و{v('method=M')} يختاران من ملفات "
        "أوزان التشغيل وطرقه)."
    ),
    "saved_side_fixed": lambda a: (
        f"الطرف {v(a['side'])} ({v(a['source'])}) نتيجة محفوظة: أوزانها وتاريخها وطريقتها "
        f"ثابتة، فلا ينطبق {many(a['options'])}. اذكر ملف التقدير بدلًا منها لإعادة تقديره."
    ),
    "needs_samples": lambda a: (
        f"{v(a['option'])} لا ينطبق إلا مع {v('--samples N')} (مونت كارلو)؛ والدرجات بدونه "
        f"دقيقة. أضف {v('--samples')} أو احذف {v(a['option'])}."
    ),
    "option_not_for_kind": lambda a: (
        f"{v(a['option'])} لا ينطبق على {v('--kind ' + a['kind'])}؛ تقرؤه الأنواع "
        f"{many(a['kinds'])}. احذفه أو اختر أحد هذه الأنواع."
    ),
    "workers_dask": lambda a: (
        f"{v('--workers')} يحدد حجم {v('--dask local')}؛ العنقود العامل على عنوان له عماله."
    ),
}


def _samples(a: Mapping[str, Any]) -> str:
    return (
        f"{v('--samples')} {v(a['samples'])}: {v(a['scenarios'])} سيناريو × {v(a['samples'])} "
        f"عينة تحتاج نحو {v(a['need'])} {v('GB')}؛ الحد {v(a['limit'])} عينة و{v(a['cells'])} "
        f"درجة معيّنة (العينات × السيناريوهات). {_FIX['fewer_samples']}"
    )


_ANALYSES = {"collection priorities": "ترتيب أولويات الجمع", "leave-one-out": "تحليل حذف مؤشر واحد"}

_FOR = {
    "dashboard": "لوحة المعلومات",
    "batch": f"تخزين نتائج الدفعات (بصيغة {v('Apache Arrow')})",
    "dask": f"الخيار {v('--dask')}",
}


def _sides(a: Mapping[str, Any]) -> str:
    return "؛ ".join(f"الطرف {v(letter)} فيه {many(ids)}" for letter, ids in a["sides"])


def _only(a: Mapping[str, Any]) -> str:
    out = f"؛ في {v('A')} وحده {many(a['only_a'])}" if a.get("only_a") else ""
    return out + (f"؛ في {v('B')} وحده {many(a['only_b'])}" if a.get("only_b") else "")


def _problems(a: Mapping[str, Any]) -> str:
    from indicators.messages import said

    return f"{v(a['file'])}: " + "؛ ".join(said(p)[0].rstrip(".") for p in a["problems"]) + "."


def _port_busy(a: Mapping[str, Any]) -> str:
    where = v(f"{a['address']}:{a['port']}")
    fix = f"اختر منفذًا آخر بالخيار {v('--port N')}."
    return f"{v('--port')} {v(a['port'])}: تعذّر الاستماع على {where}{detail(a)}؛ {fix}"


def _run_kept(a: Mapping[str, Any]) -> str:
    resume = f"taqdir batch --resume {a['run']} -o OTHER"
    return (
        f"{_inner(a)} التشغيل {v(a['run'])} محفوظ بالصفوف التي لديه: أكمله بالأمر {v(resume)} "
        f"({v('OTHER')}: مكان تمكن الكتابة فيه)."
    ).strip()


def _inner(a: Mapping[str, Any]) -> str:
    return arabic_error(a["inner_kind"], a["inner_parts"]) or ""


ERRORS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    # names and choices
    "unknown": _unknown,
    "not_a_choice": _choice,
    "bad_form": _form,
    "conflict": lambda a: _CONFLICT[a["case"]](a),
    "too_many_samples": _samples,
    "date_out_of_range": lambda a: (
        f"{_at(a)}التاريخ {v(a['date'])} خارج المدى المقبول من {v(a['first'])} إلى "
        f"{v(a['last'])}؛ اذكر تاريخًا ضمن هذا المدى."
    ),
    "since_after_brief": lambda a: (
        f"{v('--since')} {v(a['since'])}: اذكر تاريخًا قبل تاريخ الموجز ({v(a['date'])})."
    ),
    "from_after_to": lambda a: (
        f"{v('--from')} {v(a['start'])} بعد {v('--to')} {v(a['end'])}؛ اذكر {v('--from')} أبكر."
    ),
    "range_too_long": lambda a: (
        f"المدى من {v(a['start'])} إلى {v(a['end'])} يمتد {v(a['days'])} يومًا؛ الحد "
        f"{v(a['limit'])}."
    ),
    "one_scenario": lambda a: (
        f"الخط الزمني يتبع سيناريو واحدًا؛ الطلب يختار {v(a['count'])} ({many(a['scenarios'])})."
    ),
    "needs_tiers": lambda a: (
        f"{_ANALYSES.get(a['analysis'], v(a['analysis']))} يحتاج مستويات عمق، والطريقة "
        f"النسبية {q(a['method'])} بلا مستويات؛ استعمل {v('arithmetic')} أو {v('geometric')} "
        f"أو {v('topsis')}."
    ),
    "brief_needs_tiers": lambda a: (
        f"الموجز يحتاج مستويات عمق؛ الطريقة {q(a['method'])} بلا مستويات."
    ),
    "missing_package": lambda a: (
        f"{_FOR[a['for']]} بحاجة إلى الحزمة {v(a['package'])}؛ ثبّتها بالأمر {v(a['install'])}."
    ),
    "dashboard_missing": lambda a: (
        f"حزمة لوحة المعلومات غير مثبتة مع البرنامج (لا يوجد {v('dashboard/app.py')})."
    ),
    "streamlit_exit": lambda a: f"توقف {v('streamlit')} برمز الخروج {v(a['code'])}.",
    "no_folder": lambda a: f"{v(a['option'])} {v(a['value'])}: لا يوجد مجلد بهذا الاسم.",
    "port_busy": _port_busy,
    "not_local_address": lambda a: (
        f"{v('--address')} {v(a['address'])}: ليس عنوانًا لهذا الجهاز{detail(a)}؛ استعمل "
        f"{v('127.0.0.1')} (هذا الجهاز وحده) أو {v('0.0.0.0')} (كل واجهات الشبكة)."
    ),
    "looks_like": lambda a: (
        f"{v(a['file'])} يبدو ملف {v(a['other'])} لا ملف تقدير: شغّل "
        f"{v('taqdir validate --kind ' + str(a['other']) + ' ' + str(a['file']))}."
    ),
    "raw_not_positive": lambda a: (
        f"{v('--method')} {v(a['method'])}{detail(a)}: كل قيمة خام يجب أن تكون > {v(0)} لهذه "
        f"الطريقة (وإلا فاستعمل {many(['wsm_minmax', 'wpm_minmax', 'topsis_vector', 'vikor'])})."
    ),
    "file_exists": lambda a: (
        f"الملف {v(a['file'])} موجود؛ لم يُكتب شيء. استعمل {v('--force')} لاستبداله (يُحفظ "
        "محتواه الحالي نسخةً)."
    ),
    "is_folder": lambda a: f"{v(a['file'])} مجلد؛ اذكر اسم الملف الذي يُكتب.",
    "profile_problems": _problems,
    "items_not_families": lambda a: (
        f"{v(a['file'])}: العناصر يجب أن تكون عائلات التقدير {v(a['assessment'])} "
        f"({many(a['known'])})"
        + (f"؛ غير المعروف: {many(a['unknown'])}" if a.get("unknown") else "")
        + (f"؛ الناقص: {many(a['missing'])}" if a.get("missing") else "")
        + f". لمؤشرات عائلة واحدة أضف {v('within: FAMILY')}."
    ),
    "items_not_indicators": lambda a: (
        f"{v(a['file'])}: العناصر يجب أن تكون مؤشرات العائلة {v(a['family'])}: "
        f"{many(a['known'])} (المعطى: {many(a['got'])})."
    ),
    "two_sides": lambda a: (
        "المقارنة تحتاج طرفين على الأقل"
        + (
            f"، مثل {v('taqdir compare builtin builtin --a-as-of 2025-03-01')}"
            if a.get("example")
            else ""
        )
        + "."
    ),
    "no_shared_scenario": lambda a: (
        f"لا يشترك الطرفان في أي معرّف سيناريو، فلا شيء يُقارن: {_sides(a)}."
    ),
    "different_indicators": lambda a: (
        f"الطرفان {v('A')} ({v(a['a'])}) و{v('B')} ({v(a['b'])}) لا يقدّران المؤشرات نفسها، فلا "
        f"تُقسم تغيّراتهما بين الأدلة والأوزان{_only(a)}. قارن تقديرات مبنية على المؤشرات نفسها."
    ),
    "saved_score_mismatch": lambda a: (
        f"{v(a['source'])}: الدرجة المحفوظة لـ{q(a['scenario'])} ({v(a['saved'])}) لا تنتج عن "
        f"شدّاتها وأوزانها تحت {q(a['method'])} ({v(a['again'])})؛ هل عُدّل الملف؟ احفظه من "
        f"جديد بالأمر {v('taqdir score --format json')}."
    ),
    "run_too_big": lambda a: (
        f"في التشغيل {v(a['run'])} {v(a['count'])} متغيرًا؛ المقارنة تأخذ {v(a['limit'])} على "
        "الأكثر (صدّر التشغيل وقارن مختارات منه نتائجَ محفوظة)."
    ),
    "run_scores_mismatch": lambda a: (
        f"التشغيل {v(a['run'])}: درجاته المخزنة لا تنتج عن قيمه الخام."
    ),
    "not_a_side": lambda a: (
        f"{q(a['value'])} ليس ملفًا ولا {v('builtin')} ولا تشغيلًا مخزنًا: {_inner(a)}"
    ),
    "ri_table_short": lambda a: (
        f"جدول المؤشر العشوائي {v(a['table'])} يتوقف عند {v('n = ' + str(a['max']))}، والمصفوفة "
        f"تقارن {v(a['n'])} عنصرًا. "
        + (
            f"استعمل {' أو '.join(v(w) for w in a['wider'])}."
            if a.get("wider")
            else _FIX["split_items"]
        )
    ),
    "matrix_not_square": lambda a: (
        f"مصفوفة المقارنات الزوجية يجب أن تكون مربعة، وشكلها {v(a['shape'])}."
    ),
    "judgement_not_positive": lambda a: "كل حكم يجب أن يكون عددًا موجبًا منتهيًا.",
    "names_for_matrix": lambda a: (
        f"{v(a['count'])} عنصرًا لمصفوفة {v(str(a['n']) + '×' + str(a['n']))}."
    ),
    "ranking_incomplete": lambda a: "الترتيب يجب أن يذكر كل عنصر مرة واحدة بالضبط.",
    "swing_range": lambda a: f"نقاط التغيّر يجب أن تكون أعدادًا من {v(0)} إلى {v(100)}.",
    "swing_all_zero": lambda a: f"نقاط التغيّر كلها {v(0)}؛ أعطِ أهم تغيّر {v(100)}.",
    "no_weights": lambda a: "يلزم وزن واحد على الأقل.",
    # engine/kernel.py's (their raisers give these kinds once the lead adds them there)
    "weights_not_finite": lambda a: (
        f"الأوزان يجب أن تكون أعدادًا منتهية، والمعطى {v(a['value'])}."
        if a.get("value") is not None
        else "الأوزان يجب أن تكون أعدادًا منتهية، ومجموعها تجاوز أكبر عدد ممكن."
    ),
    "weights_not_vector": lambda a: (
        f"الأوزان يجب أن تكون متجهًا، والمعطى العدد المفرد {v(a['value'])}."
    ),
    "concentration_not_positive": lambda a: f"التركيز يجب أن يكون موجبًا، والمعطى {v(a['value'])}.",
    "bounds_length": lambda a: "الحدود الدنيا والعليا يجب أن تكون متجهات بالطول نفسه.",
    "bounds_order": lambda a: f"حدود الأوزان يجب أن تحقق {v('0 ≤ lower ≤ upper ≤ 1')}.",
    "bounds_sum": lambda a: (
        f"مجموع الحدود {'الدنيا' if a['which'] == 'lower' else 'العليا'} {v(a['sum'])} "
        f"{'>' if a['which'] == 'lower' else '<'} {v(1)}: لا أوزان تحققها كلها."
    ),
    "ranking_leaves_out": lambda a: (
        f"{v(a['where'])}: الترتيب يُغفل {many(a['missing'])}؛ رتّب كل "
        f"{'عائلة' if a['what'] == 'family' else 'مؤشر'} (القائمة المتداخلة تعادل)."
    ),
    "intervals_infeasible": lambda a: (
        f"{v(a['where'])}: {v('intervals')}: {_inner(a)} وسّع الفترات."
    ),
    "run_kept": _run_kept,
    **RUN_ERRORS,
}
"""Each kind's Arabic sentence from its parts."""


def arabic_error(kind: str, parts: Mapping[str, Any]) -> str | None:
    """The Arabic sentence of an error of `kind` with `parts`, or None when there is none."""
    sentence = WEIGHT_ERRORS.get(kind) or ERRORS.get(kind)
    if sentence is None:
        return None
    try:
        return sentence(parts)
    except (KeyError, TypeError, ValueError):  # parts missing or of another form: the English
        return None


def known_error_kinds() -> frozenset[str]:
    """Every kind of `TaqdirError` with an Arabic sentence (a test checks every raise has one)."""
    return frozenset(WEIGHT_ERRORS) | frozenset(ERRORS)
