"""Saving the draft and its versions: to the file it came from (atomically, refused when the
file changed since it was read, then the analyst chooses), to a new file in the dashboard's
folder, or as a download; every save is recorded as a version (`engine.versions`), and the
file's history is listed, two versions diffed, and one restored.

The canonical YAML is `scenarios.writer.dump_assessment`; saving and versions are
`engine.versions.save_assessment`, `history`, `diff_versions` and `restore`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import streamlit as st

from dashboard.editor import draft
from dashboard.editor.texts import L, t
from dashboard.i18n import isolate
from indicators.errors import InputError
from scenarios.model import Assessment

ss = st.session_state
CONFLICT = "ed:conflict"  # (path, found hash, note) of a save refused because the file changed

L.update(
    {
        "target": {"en": "File", "ar": "الملف"},
        "note_label": {
            "en": "One-line note for this version",
            "ar": "ملاحظة من سطر واحد لهذا الإصدار",
        },
        "save_btn": {"en": "Save to the file", "ar": "الحفظ في الملف"},
        "save_as": {
            "en": "Save as a new file (path in the dashboard's folder)",
            "ar": "الحفظ في ملف جديد (مسار داخل مجلد لوحة المعلومات)",
        },
        "save_as_btn": {"en": "Save as", "ar": "حفظ باسم"},
        "download": {"en": "Download the YAML", "ar": "تنزيل ملف YAML"},
        "blocked": {"en": "Fix the problems before saving.", "ar": "أصلح المشكلات قبل الحفظ."},
        "saved": {"en": "Saved {path} as version {v}.", "ar": "حُفظ {path} بوصفه الإصدار {v}."},
        "conflict": {
            "en": "The file changed on disk since it was read (another tab or program saved "
            "it). Nothing was saved. Overwrite it with this draft, or load the file as it is now?",
            "ar": "تغيّر الملف على القرص منذ قراءته (حفظته نافذة أو برنامج آخر). لم يُحفظ شيء. "
            "هل تكتب فوقه هذه المسودة، أم تحمّل الملف كما هو الآن؟",
        },
        "overwrite": {"en": "Overwrite with this draft", "ar": "الكتابة فوقه بهذه المسودة"},
        "reload": {"en": "Load the file as it is now", "ar": "تحميل الملف كما هو الآن"},
        "outside": {
            "en": "Only paths inside {root} can be written from the dashboard.",
            "ar": "لا يمكن الكتابة من لوحة المعلومات إلا في مسارات داخل {root}.",
        },
        "suffix": {
            "en": "The file name must end in .yaml or .yml.",
            "ar": "يجب أن ينتهي اسم الملف بـ .yaml أو .yml.",
        },
        "history": {"en": "History", "ar": "السجل"},
        "no_history": {"en": "No version recorded yet.", "ar": "لم يُسجَّل أي إصدار بعد."},
        "versions_n": {"en": "{n} version(s)", "ar": "عدد الإصدارات: {n}"},
        "from_v": {"en": "From version", "ar": "من الإصدار"},
        "to_v": {"en": "To version", "ar": "إلى الإصدار"},
        "identical": {"en": "The two versions are identical.", "ar": "الإصداران متطابقان."},
        "added": {"en": "added", "ar": "أُضيف"},
        "removed_": {"en": "removed", "ar": "حُذف"},
        "changed": {"en": "changed", "ar": "تغيّر"},
        "restore": {"en": "Restore version", "ar": "استعادة الإصدار"},
        "restored": {"en": "Restored {v} as version {n}.", "ar": "استُعيد {v} بوصفه الإصدار {n}."},
        "no_file": {
            "en": "This draft has no file yet: save it as a new file to keep versions.",
            "ar": "ليس لهذه المسودة ملف بعد: احفظها في ملف جديد لحفظ الإصدارات.",
        },
        "when": {"en": "Saved (UTC)", "ar": "الحفظ (UTC)"},
        "who": {"en": "By", "ar": "بواسطة"},
        "version": {"en": "Version", "ar": "الإصدار"},
    }
)


def root() -> Path:
    """The folder the dashboard serves (`dashboard.data.allowed_root`, set by `taqdir
    dashboard`); when unset (Streamlit started directly), the working folder: the editor never
    writes outside one."""
    from dashboard.data import allowed_root

    return allowed_root() or Path.cwd().resolve()


def confine(text: str, lang: str) -> Path:
    """A typed path, resolved inside `root()`; raises InputError (in the page's language)."""
    base = root()
    p = Path(text.strip()).expanduser()
    p = (p if p.is_absolute() else base / p).resolve()
    if not p.is_relative_to(base):
        raise InputError(t("outside", lang, root=base))
    if p.suffix.lower() not in (".yaml", ".yml"):
        raise InputError(t("suffix", lang))
    return p


def _save(
    path: Path, a: Assessment, note: str, expected: str | None, create: bool, lang: str
) -> None:
    from engine.versions import save_assessment
    from scenarios.writer import SaveConflictError, file_hash

    try:
        v = save_assessment(path, a, note=note, expected_hash=expected, create=create)
    except SaveConflictError as exc:
        ss[CONFLICT] = (str(path), exc.found, note)
        return
    ss.pop(CONFLICT, None)
    ss[draft.SAVED] = (str(path), file_hash(path))
    ss["ed:flash"] = t("saved", lang, path=path.name, v=v.label)


def section(a: Assessment | None, blocked: bool, lang: str) -> None:
    """The save controls, the download, and the history of the draft's file."""
    saved = ss.get(draft.SAVED)
    flash = ss.pop("ed:flash", None)
    if flash:
        st.success(flash, icon=":material/check:")
    if a is None or blocked:
        st.warning(t("blocked", lang), icon=":material/block:")
    note = st.text_input(t("note_label", lang), key="ed:note", max_chars=200)
    ok = a is not None and not blocked
    if saved:
        st.caption(f"{t('target', lang)}: {isolate(saved[0], lang)}")
        if st.button(t("save_btn", lang), disabled=not ok, type="primary", key="ed:save"):
            assert a is not None
            _save(Path(saved[0]), a, note, saved[1], saved[1] is None, lang)
            st.rerun()
    _conflict(a, lang)
    c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
    target = c1.text_input(t("save_as", lang), key="ed:save_as")
    if c2.button(
        t("save_as_btn", lang), disabled=not ok or not target.strip(), key="ed:save_as_btn"
    ):
        assert a is not None
        try:
            path = confine(target, lang)
        except InputError as exc:
            st.error(exc.said(lang), icon=":material/error:")
        else:
            _save(path, a, note, None, True, lang)
            if CONFLICT not in ss:
                ss[draft.ORIGIN] = ("path", str(path))
                ss["ed:pending_path"] = str(path)
            st.rerun()
    if ok:
        from scenarios.writer import dump_assessment

        assert a is not None
        st.download_button(
            t("download", lang),
            dump_assessment(a).encode("utf-8"),
            file_name=f"{a.id}.yaml",
            mime="application/yaml",
            key="ed:download",
            icon=":material/download:",
        )
    st.divider()
    history(lang)


def _conflict(a: Assessment | None, lang: str) -> None:
    conflict = ss.get(CONFLICT)
    if not conflict:
        return
    path, found, note = conflict
    st.error(t("conflict", lang) + f"\n\n{isolate(path, lang)}", icon=":material/sync_problem:")
    c1, c2 = st.columns(2)
    if c1.button(t("overwrite", lang), key="ed:overwrite", disabled=a is None):
        assert a is not None
        _save(Path(path), a, note, found, found is None, lang)
        st.rerun()
    if c2.button(t("reload", lang), key="ed:reload"):
        ss.pop(CONFLICT, None)
        load_file(Path(path))
        st.rerun()


def load_file(path: Path) -> None:
    """Restart the draft from the file as it is on disk (with the hash a save will expect)."""
    from scenarios.writer import read_with_hash

    a, digest = read_with_hash(path)
    draft.start(draft.as_data(a), ss.get(draft.ORIGIN) or ("path", str(path)), (str(path), digest))


def _show(v: Any) -> str:
    if isinstance(v, dict):
        return ", ".join(f"{k}: {_show(x)}" for k, x in v.items())
    return f"{v:g}" if isinstance(v, float) else str(v)


def history(lang: str) -> None:
    """Versions of the draft's file: a table, the diff of two, restoring one."""
    from engine.versions import SECTION_NAMES, diff_versions, restore
    from engine.versions import history as versions

    st.markdown(f"#### {t('history', lang)}")
    saved = ss.get(draft.SAVED)
    if not saved:
        st.info(t("no_file", lang), icon=":material/info:")
        return
    path = Path(saved[0])
    vs = versions(path)
    if not vs:
        st.caption(t("no_history", lang))
        return
    st.caption(t("versions_n", lang, n=len(vs)))
    st.dataframe(
        [
            {
                t("version", lang): v.label,
                t("when", lang): v.saved,
                t("who", lang): v.who,
                t("note_label", lang): v.note,
            }
            for v in reversed(vs)
        ],
        hide_index=True,
        key="ed:history_table",
    )
    if len(vs) < 2:
        return
    labels = [v.number for v in vs]
    c1, c2 = st.columns(2)
    before = c1.selectbox(
        t("from_v", lang),
        labels,
        index=len(labels) - 2,
        format_func=lambda n: f"v{n}",
        key="ed:diff_from",
    )
    after = c2.selectbox(
        t("to_v", lang),
        labels,
        index=len(labels) - 1,
        format_func=lambda n: f"v{n}",
        key="ed:diff_to",
    )
    _, _, diff = diff_versions(path, before, after)
    if diff.identical:
        st.caption(t("identical", lang))
    for s in diff.sections:
        if s.empty:
            continue
        lines = [f"**{SECTION_NAMES[s.section][lang]}**"]
        lines += [f"- {t('added', lang)}: {isolate(str(x.get('id', '')), lang)}" for x in s.added]
        lines += [
            f"- {t('removed_', lang)}: {isolate(str(x.get('id', '')), lang)}" for x in s.removed
        ]
        for ch in s.changed:
            for f in ch.fields:
                change = isolate(f"{ch.id} · {f.field}: {_show(f.before)} → {_show(f.after)}", lang)
                lines.append(f"- {t('changed', lang)}: {change}")
        st.markdown("\n".join(lines))
    which = st.selectbox(
        t("restore", lang), labels[:-1], format_func=lambda n: f"v{n}", key="ed:restore_which"
    )
    if st.button(t("restore", lang), key="ed:restore_btn"):
        v = restore(path, which)
        load_file(path)
        ss["ed:flash"] = t("restored", lang, v=f"v{which}", n=v.label)
        st.rerun()
