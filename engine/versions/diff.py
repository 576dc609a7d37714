"""What changed between two versions of an assessment, in the analyst's words.

The two versions are compared as validated assessments, not as text, so a re-indented file
or a reordered key is no change, and every change is named by what it is: evidence added,
removed or changed (which values), an indicator's transform, a profile's weights, a tier's
bounds, a scenario's values, the title or date. Items are matched by id within their section;
a changed item lists each changed field by its dotted path (`value`, `transform.high`,
`families.troops`, `values.personnel_in_country.likely`) with the value before and after.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from scenarios.model import Assessment
from scenarios.writer import plain

SECTIONS = (
    "meta",
    "families",
    "indicators",
    "evidence",
    "scenarios",
    "profiles",
    "tiers",
    "grading",
)
"""The sections of a diff, in the order they are reported. `profiles` are the weights."""

META_FIELDS = (
    "id",
    "title",
    "parties",
    "summary",
    "as_of",
    "source",
    "method",
    "default_profile",
)

SECTION_NAMES = {
    "meta": {"en": "Title, date and source", "ar": "العنوان والتاريخ والمصدر"},
    "families": {"en": "Families", "ar": "العائلات"},
    "indicators": {"en": "Indicators and transforms", "ar": "المؤشرات وتحويلاتها"},
    "evidence": {"en": "Evidence", "ar": "الأدلة"},
    "scenarios": {"en": "Scenarios", "ar": "السيناريوهات"},
    "profiles": {"en": "Weights (profiles)", "ar": "الأوزان (الملفات)"},
    "tiers": {"en": "Depth tiers", "ar": "مستويات العمق"},
    "grading": {"en": "Grading widths", "ar": "عروض التصنيف"},
}


def _json(value: Any) -> Any:
    """Plain data as JSON data (dates as ISO text, mapping keys as text)."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    return value


def _flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    """Nested mappings as dotted paths; lists and scalars are leaves."""
    if not isinstance(data, dict):
        return {prefix: data}
    out: dict[str, Any] = {}
    for key, value in data.items():
        path = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(value, dict) and value:
            out.update(_flatten(value, path))
        else:
            out[path] = value
    return out


@dataclass(frozen=True)
class FieldChange:
    """One field of one item: its dotted path, the value before and after (None: absent)."""

    field: str
    before: Any
    after: Any

    def as_json(self) -> dict[str, Any]:
        return {"field": self.field, "from": _json(self.before), "to": _json(self.after)}


@dataclass(frozen=True)
class ItemChange:
    """An item present in both versions whose content changed."""

    id: str
    fields: tuple[FieldChange, ...]

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "fields": [f.as_json() for f in self.fields]}


@dataclass(frozen=True)
class SectionDiff:
    """One section's changes: items added and removed (whole), and items changed."""

    section: str
    added: tuple[dict[str, Any], ...] = ()
    removed: tuple[dict[str, Any], ...] = ()
    changed: tuple[ItemChange, ...] = ()
    reordered: bool = False

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.reordered)

    def as_json(self) -> dict[str, Any]:
        return {
            "added": [_json(item) for item in self.added],
            "removed": [_json(item) for item in self.removed],
            "changed": [c.as_json() for c in self.changed],
            "reordered": self.reordered,
        }


@dataclass(frozen=True)
class AssessmentDiff:
    """Every section's changes from one version (`before`) to another (`after`)."""

    sections: tuple[SectionDiff, ...]

    @property
    def identical(self) -> bool:
        return all(s.empty for s in self.sections)

    def section(self, name: str) -> SectionDiff:
        return next(s for s in self.sections if s.section == name)

    def as_json(self) -> dict[str, Any]:
        return {
            "identical": self.identical,
            "sections": {s.section: s.as_json() for s in self.sections},
        }


def _changes(before: Any, after: Any) -> tuple[FieldChange, ...]:
    flat_a, flat_b = _flatten(before), _flatten(after)
    keys = list(flat_a) + [k for k in flat_b if k not in flat_a]
    return tuple(
        FieldChange(k, flat_a.get(k), flat_b.get(k))
        for k in keys
        if flat_a.get(k) != flat_b.get(k) or (k in flat_a) != (k in flat_b)
    )


def _by_id(section: str, before: list[Any], after: list[Any]) -> SectionDiff:
    a = {item.id: plain(item) for item in before}
    b = {item.id: plain(item) for item in after}
    added = tuple(b[k] for k in b if k not in a)
    removed = tuple(a[k] for k in a if k not in b)
    changed = []
    for key in a:
        if key in b and a[key] != b[key]:
            changed.append(ItemChange(key, _changes(a[key], b[key])))
    common_a = [k for k in a if k in b]
    common_b = [k for k in b if k in a]
    return SectionDiff(section, added, removed, tuple(changed), common_a != common_b)


def _single(section: str, ident: str, before: Any, after: Any) -> SectionDiff:
    fields = _changes(before, after)
    return SectionDiff(section, changed=(ItemChange(ident, fields),) if fields else ())


def diff_assessments(before: Assessment, after: Assessment) -> AssessmentDiff:
    """The structured difference between two assessments (see the module docstring)."""
    meta_a = {k: plain(getattr(before, k)) for k in META_FIELDS}
    meta_b = {k: plain(getattr(after, k)) for k in META_FIELDS}
    sections = (
        _single("meta", after.id, meta_a, meta_b),
        _by_id("families", before.families, after.families),
        _by_id("indicators", before.indicators, after.indicators),
        _by_id("evidence", before.evidence, after.evidence),
        _by_id("scenarios", before.scenarios, after.scenarios),
        _by_id("profiles", before.profiles, after.profiles),
        _by_id("tiers", before.tiers, after.tiers),
        _single("grading", "grading", plain(before.grading), plain(after.grading)),
    )
    return AssessmentDiff(sections)
