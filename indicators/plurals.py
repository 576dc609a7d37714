"""Counts in words, in the right number, in English and Arabic ("1 evidence item", "2 visits",
"بندا أدلة"), for every user-facing text that says how many of something there are.

English has two forms (one, other). Arabic has six plural categories (Unicode CLDR's plural
rules for `ar`): zero (0), one (1), two (2), few (n mod 100 in 3..10), many (n mod 100 in
11..99) and other (100, 101, 102, …). The forms used here:

- one: the noun and "one" after it ("متغير واحد"), the usual way to stress a count of one;
- two: the dual alone ("متغيران"), the dual already means two;
- few: the number and the plural ("3 متغيرات");
- many: the number and the singular in the accusative ("11 متغيرًا");
- zero and other: the number and the singular ("0 متغير", "100 متغير").

These are the forms of CLDR's own Arabic unit patterns (e.g. the long metre: zero "{0} متر",
few "{0} أمتار", many "{0} مترًا", other "{0} متر"; kilometre and mile alike): zero takes the
singular, as other does, never the plural of 3 to 10 (read in a copy generated from CLDR's
ar.xml: github.com/xvrh/common_locale_data, lib/src/data/ar.dart).

Units written in an assessment file (`unit: {en: visits, ar: زيارات}`) give only the plural:
in English a count of exactly one takes the singular made from it (visits → visit, activities →
activity); in Arabic, where the singular cannot be made from the plural, the count is written
as a label ("زيارات: 1"), which is correct for every number.
"""

from __future__ import annotations

from typing import Literal

Category = Literal["zero", "one", "two", "few", "many", "other"]

NOUNS: dict[str, dict[str, tuple[str, ...]]] = {
    # key: {"en": (one, other), "ar": (singular, dual, plural, accusative singular)}
    "evidence item": {
        "en": ("evidence item", "evidence items"),
        "ar": ("بند أدلة", "بندا أدلة", "بنود أدلة", "بندًا من الأدلة"),
    },
    "visit": {"en": ("visit", "visits"), "ar": ("زيارة", "زيارتان", "زيارات", "زيارةً")},
    "variant": {"en": ("variant", "variants"), "ar": ("متغير", "متغيران", "متغيرات", "متغيرًا")},
    "row": {"en": ("row", "rows"), "ar": ("صف", "صفان", "صفوف", "صفًا")},
    "chunk": {"en": ("chunk", "chunks"), "ar": ("جزء", "جزءان", "أجزاء", "جزءًا")},
    "indicator": {"en": ("indicator", "indicators"), "ar": ("مؤشر", "مؤشران", "مؤشرات", "مؤشرًا")},
    "family": {"en": ("family", "families"), "ar": ("فئة", "فئتان", "فئات", "فئةً")},
    "scenario": {
        "en": ("scenario", "scenarios"),
        "ar": ("سيناريو", "سيناريوهان", "سيناريوهات", "سيناريو"),
    },
    "profile": {
        "en": ("profile", "profiles"),
        "ar": ("ملف أوزان", "ملفا أوزان", "ملفات أوزان", "ملفًا للأوزان"),
    },
    "tier": {"en": ("tier", "tiers"), "ar": ("مستوى", "مستويان", "مستويات", "مستوى")},
    "sample": {"en": ("sample", "samples"), "ar": ("عيّنة", "عيّنتان", "عيّنات", "عيّنةً")},
}
"""The nouns taqdir counts, with their forms."""

ONE_AR = {"m": "واحد", "f": "واحدة"}
FEMININE_AR = {"evidence item": False, "visit": True, "family": True, "sample": True}


def category(n: int, lang: str) -> Category:
    """The plural category of the whole number `n` in `lang` (CLDR rules for en and ar)."""
    n = abs(int(n))
    if lang != "ar":
        return "one" if n == 1 else "other"
    if n == 0:
        return "zero"
    if n == 1:
        return "one"
    if n == 2:
        return "two"
    if 3 <= n % 100 <= 10:
        return "few"
    if 11 <= n % 100 <= 99:
        return "many"
    return "other"


def counted(n: int, noun: str, lang: str = "en") -> str:
    """`n` with `noun` (a key of NOUNS) in the right form: "1 row", "1,200 rows", "صفان"."""
    forms = NOUNS[noun]
    if lang != "ar":
        one, other = forms["en"]
        return f"{n:,} {one if n == 1 else other}"
    singular, dual, plural, accusative = forms["ar"]
    cat = category(n, "ar")
    if cat == "one":
        return f"{singular} {ONE_AR['f' if FEMININE_AR.get(noun) else 'm']}"
    if cat == "two":
        return dual
    number = f"\u2066{n:,}\u2069"  # the digits isolated inside right-to-left text
    if cat == "many":
        return f"{number} {accusative}"
    if cat in ("zero", "other"):
        return f"{number} {singular}"
    return f"{number} {plural}"


def singular_en(plural: str) -> str:
    """The English singular made from a plural unit: visits → visit, activities → activity.
    Units that are not regular plurals (e.g. "km", "personnel") come back unchanged."""
    if plural.endswith("ies") and len(plural) > 3:
        return plural[:-3] + "y"
    if plural.endswith("s") and not plural.endswith("ss"):
        return plural[:-1]
    return plural


def with_unit(value: float, unit: str, lang: str = "en", number: str | None = None) -> str:
    """A value and its unit from an assessment file (given in the plural), reading right:
    "1 visit", "2.5 visits", "زيارات: 1". `number`: the value as already formatted."""
    text = number if number is not None else f"{value:g}"
    if lang == "ar":
        return f"{unit}: \u2066{text}\u2069"
    return f"{text} {singular_en(unit) if value == 1 else unit}"
