"""`taqdir new`, `taqdir evidence add`, `taqdir history`, `taqdir diff`, `taqdir restore` and a
recorded version as a comparison side (`FILE@v1`), in-process (CliRunner around the console
script's `main`), on the built-in case and on the second test assessment."""

from __future__ import annotations

import shutil

import pytest

from scenarios.loader import load_assessment, load_builtin
from tests.paths import DATA


@pytest.fixture
def env(tmp_path):
    return {"TAQDIR_HOME": str(tmp_path / "home"), "TAQDIR_USER": "analyst"}


def test_new_blank_validates_scores_and_refuses_to_overwrite(cli, tmp_path, env):
    path = tmp_path / "new.yaml"
    made = cli("new", path, env=env)
    assert made.code == 0, made.err
    assert "v1" in made.out
    assert cli("validate", path).code == 0
    assert cli("score", path).code == 0
    again = cli("new", path, env=env)
    assert again.code == 2 and "already exists" in again.err and "--force" in again.err
    ar = cli("new", path, "--lang", "ar", env=env)
    assert ar.code == 2 and "موجود" in ar.err
    forced = cli("new", path, "--from", "builtin", "--force", env=env)
    assert forced.code == 0 and load_assessment(path) == load_builtin()
    assert [
        v["version"] for v in cli("history", path, "-f", "json", env=env).json()["versions"]
    ] == [1, 2]


def test_new_from_another_file(cli, tmp_path, env):
    path = tmp_path / "copy.yaml"
    made = cli("new", path, "--from", DATA / "other_pair.yaml", "--lang", "ar", env=env)
    assert made.code == 0 and "\u2066" in made.out
    assert load_assessment(path) == load_assessment(DATA / "other_pair.yaml")
    missing = cli("new", tmp_path / "x.yaml", "--from", tmp_path / "nope.yaml", env=env)
    assert missing.code == 2 and "no such file" in missing.err


CASES = {
    # case: (file, indicator, value, low, high, citation already in the file)
    "builtin": (None, "personnel_in_country", "300", "100", "600", "[4]"),
    "other_pair": (DATA / "other_pair.yaml", "trade_volume_musd", "150", "120", "180", "[t1]"),
}


@pytest.fixture(params=sorted(CASES))
def setup(request, cli, tmp_path, env):
    source, indicator, value, low, high, cite = CASES[request.param]
    path = tmp_path / "case.yaml"
    if source is None:
        assert cli("new", path, "--from", "builtin", env=env).code == 0
    else:
        shutil.copy(source, path)
    return path, indicator, value, low, high, cite


def test_evidence_add_history_diff_restore(cli, env, setup):
    path, indicator, value, low, high, cite = setup
    before = load_assessment(path)
    added = cli(
        *("evidence", "add", path, "--indicator", indicator, "--value", value),
        *("--low", low, "--high", high, "--date", "2025-06-02", "--known", "2025-06-03"),
        *("--grade", "b3", "--cite", cite, "--note", "a new estimate"),
        env=env,
    )
    assert added.code == 0, added.err
    after = load_assessment(path)
    assert len(after.evidence) == len(before.evidence) + 1
    item = after.evidence[-1]
    assert (item.indicator, item.value, item.low, item.high) == (
        indicator,
        float(value),
        float(low),
        float(high),
    )
    assert (item.reliability, item.credibility, item.sources, item.note) == (
        "B",
        3,
        [cite],
        "a new estimate",
    )
    assert str(item.story_date) == "2025-06-03"
    # A new citation becomes a new footnote of the file; the link is the item's `url`.
    linked = cli(
        *("evidence", "add", path, "--indicator", indicator, "--value", value),
        *("--date", "2025-06-05", "--grade", "F6", "--cite", "Press agency report"),
        *("--url", "https://example.org/report"),
        env=env,
    )
    assert linked.code == 0, linked.err
    last = load_assessment(path)
    key = last.evidence[-1].sources[0]
    assert last.source.footnotes[key] == "Press agency report"
    assert last.evidence[-1].url == "https://example.org/report"
    bad = cli(
        *("evidence", "add", path, "--indicator", indicator, "--value", value),
        *("--date", "2025-06-05", "--grade", "F6", "--cite", "x", "--url", "javascript:alert(1)"),
        env=env,
    )
    assert bad.code == 2 and "--url" in bad.err and "https://" in bad.err
    assert load_assessment(path) == last

    hist = cli("history", path, "--format", "json", env=env).json()
    notes = [v["note"] for v in hist["versions"]]
    assert notes[-2].startswith("evidence ") and notes[-1].startswith("evidence ")
    assert all(v["who"] in ("analyst", "(outside taqdir)") for v in hist["versions"])
    table = cli("history", path, "--lang", "ar", env=env)
    assert table.code == 0 and "النسخة" in table.out

    n = hist["versions"][-1]["version"]
    d = cli("diff", path, "--from", f"v{n - 2}", "--to", str(n - 1), "-f", "json", env=env).json()
    assert (d["from"]["version"], d["to"]["version"], d["identical"]) == (n - 2, n - 1, False)
    assert [i["id"] for i in d["sections"]["evidence"]["added"]] == [item.id]
    assert d["sections"]["evidence"]["added"][0]["value"] == float(value)
    assert d["sections"]["profiles"] == {
        "added": [],
        "removed": [],
        "changed": [],
        "reordered": False,
    }
    words = cli("diff", path, "--from", f"v{n - 2}", "--to", f"v{n - 1}", env=env)
    assert words.code == 0 and f"added: {item.id}: {indicator} = {value}" in words.out
    latest = cli("diff", path, env=env)  # previous vs latest: the footnote and the item
    assert "source.footnotes" in latest.out and "Evidence:" in latest.out

    back = cli("restore", path, f"v{n - 2}", env=env)
    assert back.code == 0 and f"v{n + 1}" in back.out
    assert load_assessment(path) == before


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (("--value", "lots"), "--value"),
        (("--value", "-5"), "--value"),
        (("--value", "3", "--low", "9"), "--low"),
        (("--value", "3", "--indicator", "no_such_indicator"), "--indicator"),
        (("--value", "3", "--grade", "G2"), "--grade"),
        (("--value", "3", "--date", "2025-02-30"), "--date"),
        (("--value", "3", "--known", "2025-01-01"), "--known"),
        (("--value", "3", "--cite", "[99]", "--id", "bad id"), "--id"),
    ],
)
def test_evidence_add_refuses_bad_input_naming_the_field(cli, env, setup, args, named):
    path, indicator, _value, _low, _high, cite = setup
    text = path.read_text(encoding="utf-8")
    given = dict(zip(args[::2], args[1::2], strict=True))
    options = {"--indicator": indicator, "--date": "2025-06-02", "--grade": "B2", "--cite": cite}
    options.update(given)
    result = cli("evidence", "add", path, *[x for kv in options.items() for x in kv], env=env)
    assert result.code == 2, result.out
    assert named in result.err and "Traceback" not in result.err
    assert path.read_text(encoding="utf-8") == text  # nothing written


def test_a_version_is_a_comparison_side_with_the_split(cli, env, setup):
    path, indicator, value, *_rest, cite = setup
    cli("evidence", "add", path, "--indicator", indicator, "--value", value, "--date", "2025-06-02",
        "--grade", "A1", "--cite", cite, env=env)  # fmt: skip
    versions = cli("history", path, "-f", "json", env=env).json()["versions"]
    a, b = versions[-2]["version"], versions[-1]["version"]
    same = cli("compare", f"{path}@v{a}", f"{path}@v{b}", "--format", "json", env=env)
    assert same.code == 0, same.err
    rows = same.json()["results"]
    assert any(abs(r["delta"]) > 1e-9 for r in rows)
    for r in rows:  # only evidence changed between the two versions
        assert r["parts"]["evidence"] == pytest.approx(r["delta"], abs=1e-9)
        assert r["parts"]["weights"] == pytest.approx(0, abs=1e-12)
    profile = load_assessment(path).profiles[-1].id
    split = cli("compare", f"{path}@v{a}", f"{path}@v{b}@weights={profile}", "--a-method",
                "geometric", "-f", "json", env=env).json()  # fmt: skip
    for r in split["results"]:
        assert sum(r["parts"].values()) == pytest.approx(r["delta"], abs=1e-6)
        assert set(r["parts"]) == {"evidence", "weights", "method"}
    missing = cli("compare", f"{path}@v99", "builtin", env=env)
    assert missing.code == 2 and "no version v99" in missing.err


def test_history_and_diff_of_an_unrecorded_file(cli, env, tmp_path):
    path = tmp_path / "plain.yaml"
    shutil.copy(DATA / "other_pair.yaml", path)
    listed = cli("history", path, env=env)
    assert listed.code == 0 and "No version" in listed.out
    assert cli("history", path, "-f", "json", env=env).json()["versions"] == []
    d = cli("diff", path, env=env)
    assert d.code == 2 and "no version of it is recorded" in d.err
    bad = cli("diff", path, "--from", "x1", env=env)
    assert bad.code == 2 and "--from" in bad.err


def test_history_and_diff_json_validate_against_their_schemas(cli, env, setup):
    import jsonschema

    path, indicator, value, *_rest, cite = setup
    cli("evidence", "add", path, "--indicator", indicator, "--value", value, "--date", "2025-06-02",
        "--grade", "A1", "--cite", cite, env=env)  # fmt: skip
    for kind, args in (("history", ("history", path)), ("diff", ("diff", path))):
        schema = cli("schema", "--kind", kind).json()
        jsonschema.validate(cli(*args, "--format", "json", env=env).json(), schema)
