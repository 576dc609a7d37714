"""Every error taqdir raises on purpose can be said in Arabic (issue: errors outside a file's
content stayed English under `--lang ar`).

A walk of the source (engine/, indicators/, scenarios/) finds every construction of a
`TaqdirError` subclass and requires `kind=` (a string constant) whose Arabic sentence exists
(`indicators.error_sentences.known_error_kinds`); the few deliberate exceptions are listed with
their reason. Then a handful of these errors go through the real command line under
`--lang ar`: exit code 2 (3 for the machine's refusals), the Arabic sentence, no Latin prose
outside the isolates (the check of the Arabic walk of the bad-input corpus), and the English
unchanged without `--lang`.
"""

from __future__ import annotations

import ast
import errno
import re
from pathlib import Path

import pytest

from indicators.error_sentences import arabic_error, known_error_kinds
from indicators.errors import EnvError, FileError, InputError, Problem, env_error
from tests.engine.cli.test_arabic_messages import ERROR_CLASSES, assert_arabic
from tests.paths import ROOT

CARRY_PROBLEMS = {
    "FileError": "carries Problems, each with its own kind (tests/engine/cli/test_arabic_messages)",
    "ElicitationProblems": "carries Problems; the loader turns it into a FileError",
    "ReferenceProblems": "carries Problems; the loader turns it into a FileError",
    "SaveConflictError": "its __init__ gives the kind (save_conflict) from its own parts",
}
"""Error classes whose construction needs no `kind=`, and why."""

PENDING: dict[str, int] = {}
"""Raise sites left without a kind, by file, and how many (none now; engine/kernel.py's five got
theirs once the kernel's split was done). Must shrink, never grow."""


def _constructions() -> list[tuple[str, int, str, ast.Call]]:
    """(file, line, class, call) of every `TaqdirError`-subclass construction in the source."""
    found = []
    for folder in ("engine", "indicators", "scenarios"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call):
                    continue
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                if name in ERROR_CLASSES:
                    found.append((str(path.relative_to(ROOT)), node.lineno, name, node))
    return found


def test_every_error_raised_has_a_kind_with_an_arabic_sentence():
    sites = _constructions()
    assert len(sites) > 130  # the walk sees the raise sites (about 140 today)
    without: dict[str, list[int]] = {}
    unsaid: list[str] = []
    for file, line, name, call in sites:
        if name in CARRY_PROBLEMS:
            continue
        kinds = [kw.value for kw in call.keywords if kw.arg == "kind"]
        if not kinds:
            without.setdefault(file, []).append(line)
            continue
        kind = kinds[0]
        assert isinstance(kind, ast.Constant) and isinstance(kind.value, str), (file, line)
        if kind.value not in known_error_kinds():
            unsaid.append(f"{file}:{line} {kind.value}")
    assert unsaid == [], unsaid
    counts = {file: len(lines) for file, lines in without.items()}
    assert counts == PENDING, without


SAMPLE_PARTS = {
    "value": 2.0,
    "max": 1e6,
    "what": "family",
    "sides": [("A", ["baseline", "rollback"])],
    "problems": [Problem(("families",), "every weight is zero.", kind="all_zero")],
    "inner_kind": "no_weights",
    "inner_parts": {},
    "which": "lower",
    "now": "changed",
    "need": "chromium",
    "state": "running",
    "cause": "ENOSPC",
    "wider": ["saaty"],
    "number": 3,
}
"""A plausible value for each part whose form matters; any other part is the text "x1"."""


def test_every_kind_renders_with_the_parts_its_raisers_give():
    failed = []
    for file, line, _name, call in _constructions():
        given = {kw.arg: kw.value for kw in call.keywords}
        kind, parts = given.get("kind"), given.get("parts")
        if not (isinstance(kind, ast.Constant) and isinstance(parts, ast.Dict)):
            continue
        sample = {}
        for key, value in zip(parts.keys, parts.values, strict=True):
            assert isinstance(key, ast.Constant), (file, line)
            constant = value.value if isinstance(value, ast.Constant) else None
            sample[key.value] = (
                constant if constant is not None else SAMPLE_PARTS.get(key.value, "x1")
            )
        said = arabic_error(kind.value, sample)
        if said is None or not re.search("[\u0600-\u06ff]", said):
            failed.append(f"{file}:{line} {kind.value} {sample}")
    assert failed == [], failed


def test_a_kind_that_is_not_listed_keeps_its_english():
    err = InputError("something odd.", kind="no_such_kind", parts={})
    assert err.said("ar") == "something odd."
    assert arabic_error("no_such_kind", {}) is None


@pytest.mark.parametrize(
    "code, said",
    [
        (errno.ENOSPC, "القرص ممتلئ"),
        (errno.EROFS, "للقراءة فقط"),
        (errno.EACCES, "الإذن مرفوض"),
        (errno.EIO, "رفض النظام العملية"),
    ],
)
def test_env_errors_are_said_from_their_path_and_cause(tmp_path, code, said):
    target = tmp_path / "out" / "scores.csv"
    err = env_error(OSError(code, "refused"), target, "write")
    assert isinstance(err, EnvError) and err.path == str(target)
    assert err.said("en") == str(err)  # the English as before
    arabic = err.said("ar")
    assert said in arabic and str(target) in arabic, arabic
    assert_arabic(arabic)


def test_a_save_conflict_is_said_in_arabic(tmp_path):
    from scenarios.writer import SaveConflictError

    err = SaveConflictError(tmp_path / "case.yaml", "a" * 64, "b" * 64)
    assert err.kind == "save_conflict"
    assert "غيّره شخص آخر" in err.said("ar") and "aaaaaaaaaaaa" in err.said("ar")
    assert_arabic(err.said("ar"))


# --- through the command line -------------------------------------------------------------

CASES = [
    (
        ["score", "--method", "nope"],
        "لا توجد طريقة تجميع باسم",
        "error: unknown method 'nope'; choose one of arithmetic, geometric, topsis.",
    ),
    (
        ["score", "--weights", "nope"],
        "لا يوجد ملف أوزان باسم",
        "error: --weights 'nope' is neither a profile of assessment 'belarus-east-libya-2025' "
        "(equal, security_lens, economic_diplomatic_lens) nor an existing file.",
    ),
    (
        ["score", "--samples", "99999999999"],
        "الحد",
        "error: --samples 99,999,999,999: 6 scenario(s) × 99,999,999,999 samples would need "
        "about 9,600.0 GB; the limit is 10,000,000 samples and 200,000,000 sampled scores "
        "(samples × scenarios). Use fewer samples (10,000 already gives percentiles to about "
        "±0.5 points).",
    ),
    (
        ["sensitivity", "--kind", "smaa", "--weight-model", "nope"],
        "اختر واحدًا من",
        "error: --weight-model 'nope': choose profile or uniform, or give an existing file with "
        "a ranking or intervals.",
    ),
    (
        ["score", "--set-weight", "troop=1"],
        "لا توجد عائلة ولا مؤشر باسم",
        "error: --set-weight troop: no family or indicator is called 'troop'. Did you mean "
        "'troops'? Families: visits, agreements, consulate, troops.",
    ),
    (
        ["score", "--as-of", "1800-01-01"],
        "خارج المدى المقبول",
        "error: --as-of 1800-01-01: date 1800-01-01 is outside the supported range 1900-01-01 "
        "to 2199-12-31; give a date in that range.",
    ),
    (
        ["compare", "builtin"],
        "المقارنة تحتاج طرفين على الأقل",
        "error: compare needs at least two sides, e.g. `taqdir compare builtin builtin "
        "--a-as-of 2025-03-01`.",
    ),
    (
        ["sensitivity", "--kind", "sobol", "--samples", "1000"],
        "قوة للعدد",
        "error: --samples 1,000: Sobol' base samples must be a power of two (the sequence's "
        "balance needs it); use 512 or 1,024.",
    ),
]


@pytest.mark.parametrize("args, said, english", CASES, ids=lambda c: str(c)[:40])
def test_the_command_line_says_these_errors_in_arabic(cli, tmp_path, args, said, english):
    env = {"TAQDIR_HOME": str(tmp_path / "home")}
    arabic = cli(*args, "--lang", "ar", env=env)
    assert arabic.code == 2, arabic.err
    assert arabic.out == "" and said in arabic.err, arabic.err
    assert_arabic(arabic.err)
    plain = cli(*args, env=env)
    assert plain.code == 2
    assert plain.err.strip() == f"taqdir: {english}", plain.err


def test_an_unknown_run_is_said_in_arabic(cli, tmp_path):
    env = {"TAQDIR_HOME": str(tmp_path / "home")}
    cli("runs", "list", env=env)  # makes the (empty) store
    arabic = cli("runs", "show", "nope", "--lang", "ar", env=env)
    assert arabic.code == 2 and "لا يوجد تشغيل باسم" in arabic.err, arabic.err
    assert_arabic(arabic.err)


def test_the_machine_refusing_is_said_in_arabic(cli, tmp_path):
    home = tmp_path / "home"
    home.write_text("a file where the run store's folder should be")
    arabic = cli("runs", "list", "--lang", "ar", env={"TAQDIR_HOME": str(home)})
    assert arabic.code == 3
    assert "ملف وليس مجلدًا" in arabic.err, arabic.err
    assert_arabic(arabic.err)


def test_the_machine_refusing_has_its_arabic_sentence(tmp_path):
    from engine.runs.store import Store

    home = tmp_path / "home"
    home.write_text("a file")
    with pytest.raises(EnvError) as caught:
        Store(home).conn  # noqa: B018 - opening the store is the point
    assert caught.value.kind == "store_is_file"
    assert "ملف وليس مجلدًا" in caught.value.said("ar")
    assert_arabic(caught.value.said("ar"))
    assert Path(caught.value.path or "") == home


def test_a_file_error_is_said_as_its_problems_are_rendered():
    err = FileError("case.yaml", [Problem(("families",), "every weight is zero.", kind="all_zero")])
    assert err.said("en") == str(err)
    assert err.said("ar") == err.render("ar") and "أوزان العائلات كلها صفر" in err.said("ar")
