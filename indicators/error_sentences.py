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
    "profile_file": "أو اذكر ملف أوزان.",
    "runs_list": f"الأمر {v('taqdir runs list')} يعرض التشغيلات المخزنة.",
    "weight_model_file": "أو اذكر ملفًا موجودًا فيه ترتيب أو فترات.",
    "split_items": "قسّم العناصر إلى مجموعات.",
    "fewer_samples": (
        f"استعمل عينات أقل ({v('10,000')} عينة تعطي المئينات بدقة {v('±0.5')} نقطة تقريبًا)."
    ),
}


def _fix(a: Mapping[str, Any]) -> str:
    return f" {_FIX[a['fix']]}" if a.get("fix") else ""


def _at(a: Mapping[str, Any]) -> str:
    """The option (or file) and the value the error is about, as the sentence's head."""
    head = " ".join(v(a[k]) for k in ("where", "option") if a.get(k))
    if "value" in a and a.get("quote_value", True) and a.get("head_value", True):
        head = f"{head} {q(a['value'])}".strip()
    return f"{head}: " if head else ""


def _unknown(a: Mapping[str, Any]) -> str:
    no, listed = _NO[a["what"]]
    where = f"{v(a['where'])}: " if a.get("where") else ""
    where += f"{v(a['option'])} " if a.get("option") else ""
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


def _env_cause(a: Mapping[str, Any]) -> str:
    """The cause of an `EnvError` in Arabic: an errno name, or the run store's words."""
    return _CAUSES.get(str(a.get("cause", "")), f"السبب: {v(a.get('cause', ''))}")


_CAUSES = {
    "ENOSPC": "القرص ممتلئ؛ أفرغ بعض المساحة أو اكتب في مكان آخر",
    "EDQUOT": "حصة القرص مستنفدة؛ أفرغ بعض المساحة أو اكتب في مكان آخر",
    "EROFS": "نظام الملفات للقراءة فقط؛ اكتب في مكان آخر",
    "EACCES": "الإذن مرفوض؛ اكتب في مكان آخر أو غيّر صلاحيات المجلد",
    "EPERM": "العملية غير مسموح بها؛ اكتب في مكان آخر أو غيّر الصلاحيات",
    "ENOTDIR": "جزء من المسار ملف وليس مجلدًا؛ صحّح المسار",
    "EEXIST": "جزء من المسار ملف وليس مجلدًا؛ صحّح المسار",
    "EISDIR": "هذا مجلد؛ اذكر اسم ملف",
    "ENAMETOOLONG": "الاسم طويل جدًا؛ استعمل مسارًا أقصر",
    "ENOENT": "مجلد على المسار غير موجود ولا يمكن إنشاؤه؛ صحّح المسار",
    # the run store's causes (`engine.runs.store._env_cause`)
    "read-only": "للقراءة فقط",
    "the disk is full": "القرص ممتلئ",
    "the file cannot be opened (permissions, or a missing folder)": (
        "لا يمكن فتح الملف (الصلاحيات، أو مجلد ناقص)"
    ),
    "a disk input/output error": "خطأ إدخال/إخراج في القرص",
}

_DOING = {
    "write": "كتابة",
    "use the run store folder": "استعمال مجلد مخزن التشغيلات",
}

_ADVICE = {
    "": "",
    "Or set TAQDIR_HOME to another folder.": f" أو اجعل {v('TAQDIR_HOME')} مجلدًا آخر.",
}

_HOME = v("TAQDIR_HOME")

_ANALYSES = {"collection priorities": "ترتيب أولويات الجمع", "leave-one-out": "تحليل حذف مؤشر واحد"}


def _env(a: Mapping[str, Any]) -> str:
    doing = _DOING.get(a.get("doing", ""), "استعمال")
    return f"تعذّر {doing} {q(a['path'])}: {_env_cause(a)}.{_ADVICE.get(a.get('advice', ''), '')}"


def _run_kept(a: Mapping[str, Any]) -> str:
    first = arabic_error(a["inner_kind"], a["inner_parts"]) or ""
    return (
        f"{first} التشغيل {v(a['run'])} محفوظ بالصفوف التي لديه: أكمله بالأمر "
        f"{v('taqdir batch --resume ' + str(a['run']) + ' -o OTHER')} ({v('OTHER')}: مكان تمكن "
        "الكتابة فيه)."
    ).strip()


def _detail(a: Mapping[str, Any]) -> str:
    """A technical detail from a library (SQLite, Arrow, Dask), kept as it is, isolated."""
    return f" (التفصيل التقني: {v(a['detail'])})" if a.get("detail") else ""


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
        f"{a['for_ar']} يحتاج الحزمة {v(a['package'])}؛ ثبّتها بالأمر {v(a['install'])}."
    ),
}
"""Each kind's Arabic sentence from its parts."""


def arabic_error(kind: str, parts: Mapping[str, Any]) -> str | None:
    """The Arabic sentence of an error of `kind` with `parts`, or None when there is none."""
    sentence = WEIGHT_ERRORS.get(kind) or ERRORS.get(kind)
    return None if sentence is None else sentence(parts)


def known_error_kinds() -> frozenset[str]:
    """Every kind of `TaqdirError` with an Arabic sentence (a test checks every raise has one)."""
    return frozenset(WEIGHT_ERRORS) | frozenset(ERRORS)
