"""Versions of assessment files: every save recorded (content hash, time, who, a one-line
note) in the project's store, listed, diffed in the analyst's words and restored; a version
is also a comparison side (`FILE@v3`).

`store` keeps the tables (`versions`, `version_texts` in the run store's SQLite file), `diff`
says what changed between two assessments, `keeping` is the use: save (checked against the
hash read, atomic, recorded), restore, history, `FILE@vN`. The canonical YAML writer itself is
`scenarios.writer`.

This is the face the command line, the comparison and the dashboard import.
"""

from engine.versions.diff import (
    SECTION_NAMES,
    SECTIONS,
    AssessmentDiff,
    FieldChange,
    ItemChange,
    SectionDiff,
    diff_assessments,
)
from engine.versions.keeping import (
    FOUND_NOTE,
    OUTSIDE,
    VersionRef,
    diff_versions,
    history,
    load_version,
    parse_ref,
    record,
    restore,
    save_assessment,
    save_text,
    version_text,
)
from engine.versions.store import Version, VersionStore, file_key

__all__ = [
    "FOUND_NOTE",
    "OUTSIDE",
    "SECTIONS",
    "SECTION_NAMES",
    "AssessmentDiff",
    "FieldChange",
    "ItemChange",
    "SectionDiff",
    "Version",
    "VersionRef",
    "VersionStore",
    "diff_assessments",
    "diff_versions",
    "file_key",
    "history",
    "load_version",
    "parse_ref",
    "record",
    "restore",
    "save_assessment",
    "save_text",
    "version_text",
]
