"""The run store, the version store, batches and what the machine refused (`EnvError`), said
in Arabic from their parts: the sentences `indicators.error_sentences` adds to its own.

Technical details from a library (SQLite, Arrow, Dask, the operating system) are kept as they
are, isolated and labelled; the sentence around them says what happened and the fix.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from indicators.messages import many, q, v

_HOME = v("TAQDIR_HOME")

PIP_PDF = "pip install 'taqdir[pdf]'"

_NOW = {"exists": "موجود أصلًا", "deleted": "حُذف", "changed": "غيّره شخص آخر"}


def detail(a: Mapping[str, Any]) -> str:
    """A library's own words on what failed, isolated and labelled ("" when none)."""
    return f" (التفصيل التقني: {v(a['detail'])})" if a.get("detail") else ""


_STATES = {
    "running": "قيد التشغيل",
    "done": "مكتمل",
    "failed": "فشل",
    "interrupted": "متوقف قبل إتمامه",
}


def _run_state(a: Mapping[str, Any]) -> str:
    run = v(a["run"])
    state = _STATES.get(a["state"], v(a["state"]))
    pid = f" (العملية {v(a['pid'])})" if a.get("pid") is not None else ""
    fix = {
        "resume": f"ليس مكتملًا؛ الأمر {v('taqdir batch --resume ' + str(a['run']))} يكمله أولًا.",
        "finish": "ليس مكتملًا؛ أكمله أولًا.",
        "complete_only": "لا يُستكشف إلا التشغيل المكتمل.",
        "not_deleted": "لم يُحذف.",
        "export": f"الأمر {v('taqdir runs export ' + str(a['run']) + ' FILE')} يكتب صفوفه.",
        "wait": "انتظره أو أوقفه قبل الاستئناف.",
    }[a["fix"]]
    return f"التشغيل {run} حالته: {state}{pid}؛ {fix}"


# The machine's causes: an errno name (`indicators.errors.env_error`) or the run store's words
# (`engine.runs.store._env_cause`).
CAUSES = {
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
    "open": "فتح مخزن التشغيلات",
}

_ADVICE = {
    "Or set TAQDIR_HOME to another folder.": f" أو اجعل {_HOME} مجلدًا آخر.",
}


def _cause(a: Mapping[str, Any]) -> str:
    known = CAUSES.get(str(a.get("cause", "")))
    return known if known else f"رفض النظام العملية{detail(a)}"


def _env(a: Mapping[str, Any]) -> str:
    doing = _DOING.get(a.get("doing", ""), "استعمال")
    advice = _ADVICE.get(a.get("advice", ""), "")
    if a.get("advice") and not advice:
        advice = f" ({v(a['advice'])})"
    return f"تعذّر {doing} {q(a['path'])}: {_cause(a)}.{advice}"


def _store_env(a: Mapping[str, Any]) -> str:
    doing = "فتح" if a["doing"] == "open" else "الكتابة في"
    kept = " التشغيلات المخزنة باقية؛" if a["doing"] == "write" else ""
    return (
        f"تعذّر {doing} مخزن التشغيلات {q(a['path'])}: {_cause(a)}.{kept} اجعل {_HOME} مجلدًا "
        "تمكن الكتابة فيه، أو أفرغ بعض المساحة."
    )


RUN_ERRORS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "env": _env,
    "store_env": _store_env,
    "store_is_file": lambda a: (
        f"مجلد مخزن التشغيلات {q(a['path'])} ملف وليس مجلدًا. اجعل {_HOME} مجلدًا (أو احذف "
        "تعيينه)، أو انقل الملف من مكانه."
    ),
    "store_read_only": lambda a: (
        f"مخزن التشغيلات {q(a['path'])} للقراءة فقط: يمكن عرض التشغيلات وتصديرها، لا بدؤها "
        f"ولا استئنافها ولا حذفها. اجعل {_HOME} مجلدًا تمكن الكتابة فيه، أو انسخ المخزن إليه."
    ),
    "store_newer": lambda a: (
        f"مخزن التشغيلات {v(a['path'])} كتبته نسخة أحدث من {v('taqdir')} (المخطط "
        f"{v(a['version'])})؛ حدّث البرنامج أو اجعل {_HOME} مجلدًا آخر."
    ),
    "store_schema": lambda a: (
        f"مخزن التشغيلات {v(a['path'])} (المخطط {v(a['version'])}، للقراءة فقط) ليس مما تقرؤه "
        f"هذه النسخة (المخطط {v(a['expected'])})."
    ),
    "store_unopenable": lambda a: (
        f"تعذّر فتح مخزن التشغيلات {v(a['path'])}{detail(a)}. إن كان تالفًا فانقله من مكانه "
        f"(أو غيّر {_HOME}) ثم أعد التشغيل."
    ),
    "store_unwritable": lambda a: f"تعذّرت الكتابة في المخزن {v(a['path'])}{detail(a)}.",
    "run_state": _run_state,
    "chunk_unreadable": lambda a: f"تعذّرت قراءة ملف الأجزاء {v(a['path'])}{detail(a)}.",
    "chunks_out_of_order": lambda a: (
        f"ملفات أجزاء التشغيل لا تحوي متغيراته الـ{v(a['total'])} بالترتيب."
    ),
    "chunks_missing": lambda a: (
        f"التشغيل {v(a['run'])}: المخزَّن {v(a['stored'])} من {v(a['chunks'])} جزءًا."
    ),
    "plan_mismatch": lambda a: f"التشغيل {v(a['run'])}: خطته المخزنة لا تطابق لقطته.",
    "engine_changed": lambda a: (
        f"التشغيل {v(a['run'])} بدأته النسخة {v(a['was'])} من {v('taqdir')}؛ وهذه النسخة "
        f"{v(a['now'])} وقد تختلف صفوفها. أعد تشغيل الدفعة بدلًا من استئنافها."
    ),
    "store_too_small": lambda a: (
        f"في الدفعة {v(a['variants'])} متغيرًا ({v(a['rows'])} صفًا): تحتاج نحو {v(a['need'])} "
        f"{v('GB')} في مخزن التشغيلات ({v(a['folder'])})، وفيه {v(a['free'])} {v('GB')} فارغة. "
        f"صغّر الدفعة (قيم محاور أو نقاط أقل)، أو اجعل {_HOME} مجلدًا على قرص أكبر."
    ),
    "chunk_too_big": lambda a: (
        f"{v(a['where'])}: {v('chunk')}: {v(a['chunk'])} متغيرًا في الجزء تأخذ نحو "
        f"{v(a['mib'])} {v('MiB')} مع {v(a['samples'])} عينة؛ الحد {v(a['limit'])} {v('MiB')}. "
        f"اجعل {v('chunk')} ≤ {v(a['fits'])} أو احذفه."
    ),
    "record_unreadable": lambda a: (
        f"{v(a['where'])}"
        + (f" عند {q(a['loc'])}" if a.get("loc") else "")
        + f" {v(a['detail'])}: في مخزن التشغيلات سجل لا تقرؤه هذه النسخة (تالف، أو كتبه برنامج "
        f"آخر). احذف التشغيل ({v('taqdir runs delete RUN_ID')}) ثم أعد تشغيل دفعته."
    ),
    "no_run_store": lambda a: (
        f"{q(a['value'])} ليس ملفًا ولا {v('builtin')}، ولا مخزن تشغيلات في {v(a['home'])} "
        f"للبحث فيه (اضبط {_HOME}، أو شغّل {v('taqdir batch')} أولًا)."
        if a.get("guessed")
        else f"لا يوجد تشغيل باسم {q(a['value'])}: لا مخزن تشغيلات في {v(a['home'])} بعد."
    ),
    "no_version": lambda a: (
        f"{v(a['path'])}: لا توجد النسخة {v('v' + str(a['number']))}؛ "
        + (
            f"نسخه: {many(a['known'])}"
            if a.get("known")
            else "لم تُسجَّل له نسخة بعد (تُسجَّل النسخ حين يحفظه البرنامج)"
        )
        + f" (المخزن: {v(a['store'])})."
    ),
    "version_text_missing": lambda a: f"نص {v(a['path'])} {v(a['label'])} مفقود من المخزن.",
    "unreadable_file": lambda a: f"{v(a['path'])}: تعذّرت قراءته{detail(a)}.",
    "pdf_unavailable": lambda a: (
        f"يتطلب إخراج {v('PDF')} حزمة {v('Playwright')}: {v(PIP_PDF)} (مع متصفح "
        f"{v('chromium')} من دبيان)، أو اكتب {v('HTML')} ({v('-o brief.html')})."
        if a["need"] == "playwright"
        else f"يتطلب إخراج {v('PDF')} متصفح {v('Chromium')} في {v(a['path'])}: "
        f"{v('apt-get install chromium fonts-noto-core')}، أو اضبط {v('TAQDIR_CHROMIUM=PATH')}."
    ),
    "save_conflict": lambda a: (
        f"{v(a['path'])}: الملف {_NOW[a['now']]} منذ قراءته (المتوقع {v(a['expected'])}، "
        f"والموجود {v(a['found'])})؛ لم يُحفظ شيء. أعد تحميله، وأعد التعديل على الملف "
        "الحالي، ثم احفظه من جديد."
    ),
    "dask_unreachable": lambda a: (
        f"{v('--dask')} {q(a['address'])}: تعذّر الوصول إلى مجدول {v('Dask')} هناك"
        f"{detail(a)}. اذكر عنوانه بالصيغة {v('tcp://HOST:PORT')}، أو {v('local')}."
    ),
}
"""The run store's, the version store's and the machine's errors."""
