"""`taqdir compare` (in-process, through the console script's `main`): the JSON contract, the
formats, the kinds of side (file with options, saved JSON, stored run, three sides) and bad
input (exit 2, a message, never a traceback)."""

from __future__ import annotations

import json

import pytest

MARCH = "2025-03-01"


def ok(run):
    assert run.code == 0, run.err
    return run


def bad(run, *needles: str):
    assert run.code == 2, (run.code, run.out, run.err)
    assert "Traceback" not in run.err
    for needle in needles:
        assert needle in run.err, run.err
    return run


def test_json_contract(cli):
    out = ok(cli("compare", "builtin", "builtin", "--a-as-of", MARCH, "-f", "json")).json()
    assert isinstance(out["kendall_tau"], float)
    assert out["unmatched"] == []
    assert len(out["results"]) == 6
    for row in out["results"]:
        for key in ("scenario", "a", "b", "delta", "tier_a", "tier_b", "rank_a", "rank_b"):
            assert key in row
        assert set(row["parts"]) == {"evidence", "weights"}
        assert sum(row["parts"].values()) == pytest.approx(row["delta"], abs=1e-9)
        assert row["b"] - row["a"] == pytest.approx(row["delta"], abs=1e-12)
        assert set(row["contributions_delta"]) == set(out["weights"])
    base = next(r for r in out["results"] if r["scenario"] == "baseline")
    assert base["parts"]["evidence"] == pytest.approx(23.743, abs=1e-3)
    assert (base["tier_a"], base["tier_b"]) == (
        "pragmatic_cooperation",
        "institutional_partnership",
    )
    assert out["a"]["as_of"] == MARCH and out["b"]["as_of"] == "2025-06-04"


def test_inline_options_equal_flags(cli):
    flags = ok(
        cli(
            "compare",
            "builtin",
            "builtin",
            "--a-as-of",
            MARCH,
            "--b-weights",
            "security_lens",
            "--b-set-weight",
            "troops=2",
            "-f",
            "json",
        )
    ).json()
    inline = ok(
        cli(
            "compare",
            f"builtin@as-of={MARCH}",
            "builtin@weights=security_lens@set-weight=troops=2",
            "-f",
            "json",
        )
    ).json()
    assert flags["results"] == inline["results"]


def test_method_part_when_methods_differ(cli):
    out = ok(cli("compare", "builtin", "builtin", "--b-method", "topsis", "-f", "json")).json()
    for row in out["results"]:
        assert set(row["parts"]) == {"evidence", "weights", "method"}
        assert row["parts"]["method"] == pytest.approx(row["delta"], abs=1e-9)


def test_table_markdown_and_arabic(cli):
    table = ok(cli("compare", "builtin", "builtin", "--a-as-of", MARCH)).out
    assert "Kendall's tau between the rankings: 0.966" in table
    assert "tier changes: 5 of 6" in table
    md = ok(
        cli("compare", "builtin", "builtin", "--b-weights", "security_lens", "-f", "markdown")
    ).out
    assert "| Scenario | A | B | Change | Evidence | Weights |" in md
    ar = ok(cli("compare", "builtin", "builtin", "--a-as-of", MARCH, "--lang", "ar")).out
    assert "الأدلة" in ar and "الوضع الراهن (وفق الأدلة)" in ar


def test_saved_json_side(cli, tmp_path):
    saved = tmp_path / "march.json"
    ok(cli("score", "--as-of", MARCH, "-f", "json", "-o", saved))
    out = ok(cli("compare", saved, "builtin", "-f", "json")).json()
    assert out["a"]["kind"] == "saved"
    base = next(r for r in out["results"] if r["scenario"] == "baseline")
    assert base["parts"] == pytest.approx({"evidence": 23.743, "weights": 0.0}, abs=1e-3)
    bad(cli("compare", saved, "builtin", "--a-weights", "equal"), "saved result")


def test_three_sides(cli):
    out = ok(
        cli(
            "compare",
            f"builtin@as-of={MARCH}",
            "builtin",
            "builtin@weights=security_lens",
            "-f",
            "json",
        )
    ).json()
    assert [s["side"] for s in out["sides"]] == ["A", "B", "C"]
    base = next(r for r in out["results"] if r["scenario"] == "baseline")
    assert set(base["scores"]) == {"A", "B", "C"}
    assert base["spread"] == pytest.approx(23.743, abs=1e-3)
    assert not base["tiers_agree"] and "military_alliance" in out["agree"]
    table = ok(cli("compare", f"builtin@as-of={MARCH}", "builtin", "builtin@method=geometric")).out
    assert "Spread" in table and "Tiers agree" in table


def test_stored_run_side(cli, tmp_path):
    batch = tmp_path / "b.yaml"
    batch.write_text(
        "id: cmp\nscenarios: [baseline, military_alliance]\nprofiles: [equal, security_lens]\n",
        encoding="utf-8",
    )
    env = {"TAQDIR_HOME": str(tmp_path / "home")}
    summary = ok(cli("batch", batch, "-q", "--summary", "json", env=env)).json()
    run_id = summary["run"]["id"]
    out = ok(
        cli("compare", f"run:{run_id}", "builtin@weights=security_lens", "-f", "json", env=env)
    ).json()
    assert out["a"]["kind"] == "run"
    assert out["unmatched"] == [
        {"scenario": s, "sides": ["B"]}
        for s in (
            "institutional_partnership",
            "pragmatic_cooperation",
            "rollback_under_pressure",
            "official_acts_only",
        )
    ]
    for row in out["results"]:  # the run holds the same evidence as the built-in file
        assert row["parts"]["evidence"] == pytest.approx(0.0, abs=1e-9)
    picked = ok(
        cli(
            "compare",
            f"{run_id}@weights=security_lens",
            "builtin@weights=security_lens",
            "-f",
            "json",
            env=env,
        )
    ).json()
    assert all(abs(r["delta"]) < 1e-9 for r in picked["results"])
    bad(cli("compare", "run:nosuchrun", "builtin", env=env), "nosuchrun", "runs list")
    bad(cli("compare", f"run:{run_id}@as-of={MARCH}", "builtin", env=env), "stored run")


def test_report_and_html_format(cli, tmp_path):
    report = tmp_path / "out" / "report.html"
    ok(cli("compare", "builtin", "builtin", "--a-as-of", MARCH, "--report", report))
    text = report.read_text(encoding="utf-8")
    assert text.startswith("<!doctype html>")
    assert "<title>taqdir comparison:" in text and 'dir="rtl"' in text
    assert 'type="importmap"' in text and "https://cdn" not in text
    assert [p.name for p in report.parent.iterdir()] == ["report.html"]  # no temp file left
    html = ok(cli("compare", "builtin", "builtin", "--b-method", "geometric", "-f", "html")).out
    assert html.startswith("<!doctype html>") and "figure" in html


def test_bad_input_exits_2(cli, tmp_path, tiny, write_yaml):
    home = {"TAQDIR_HOME": str(tmp_path / "empty-home")}
    bad(cli("compare", "nosuchrun", "builtin", env=home), "nosuchrun", "not a file")
    broken = tmp_path / "broken.json"
    broken.write_text('{"results": [', encoding="utf-8")
    bad(cli("compare", broken, "builtin"), "broken.json", "not valid JSON")
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps({"results": [], "weights": {}}), encoding="utf-8")
    bad(cli("compare", wrong, "builtin"), "wrong.json")
    other = write_yaml(tiny, "tiny.yaml")
    bad(cli("compare", other, "builtin"), "do not score the same indicators")
    bad(cli("compare", "builtin"), "at least two sides")
    bad(cli("compare", "builtin@colour=red", "builtin"), "colour=red", "as-of")
    bad(cli("compare", "builtin", "builtin", "--a-as-of", "2025-13-01"), "--a-as-of", "YYYY-MM-DD")
    bad(cli("compare", "builtin", "builtin", "--b-weights", "nosuch"), "nosuch")
    bad(cli("compare", "builtin", "builtin", "--b-method", "median"), "median")
    bad(cli("compare", "builtin@as-of=2025-01-01", "builtin", "--a-as-of", MARCH), "twice")
    bad(cli("compare", "builtin", "builtin", "--format", "pdf"), "pdf")
