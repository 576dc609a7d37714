"""Weights from judgements: AHP against published worked examples, its laws, the random-index
tables against simulation, rank and swing weights, the input models, and `taqdir weights`."""

from __future__ import annotations

import math

import numpy as np
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as hs

from engine.robust import elicit
from indicators.errors import FileError, InputError
from indicators.validate import validate_data
from scenarios.elicitation import AhpInput, RankInput, SwingInput, parse_judgement

# Saaty, T. L. (1990). How to make a decision: The Analytic Hierarchy Process. European
# Journal of Operational Research 48(1), 9–26: the example of choosing a house. Criteria: size,
# transportation, neighbourhood, age, yard, modern facilities, general condition, financing.
HOUSE_CRITERIA = [
    [1, 5, 3, 7, 6, 6, 1 / 3, 1 / 4],
    [1 / 5, 1, 1 / 3, 5, 3, 3, 1 / 5, 1 / 7],
    [1 / 3, 3, 1, 6, 3, 4, 6, 1 / 5],
    [1 / 7, 1 / 5, 1 / 6, 1, 1 / 3, 1 / 4, 1 / 7, 1 / 8],
    [1 / 6, 1 / 3, 1 / 3, 3, 1, 1 / 2, 1 / 5, 1 / 6],
    [1 / 6, 1 / 3, 1 / 4, 4, 2, 1, 1 / 5, 1 / 6],
    [3, 5, 1 / 6, 7, 5, 5, 1, 1 / 2],
    [4, 7, 5, 8, 6, 6, 2, 1],
]
HOUSE_ITEMS = [
    "size",
    "transport",
    "neighbourhood",
    "age",
    "yard",
    "modern",
    "condition",
    "finance",
]


def test_saaty_house_criteria_published_weights_and_consistency():
    # Published (same source): priorities .173 .054 .188 .018 .031 .036 .167 .333,
    # λmax = 9.669, C.I. = 0.238, C.R. = 0.169 (Saaty's random index 1.41 for n = 8).
    r = elicit.ahp(HOUSE_CRITERIA, HOUSE_ITEMS)
    published = [0.173, 0.054, 0.188, 0.018, 0.031, 0.036, 0.167, 0.333]
    np.testing.assert_allclose(r.weights, published, atol=0.0006)  # printed to 3 decimals
    assert r.lambda_max == pytest.approx(9.669, abs=0.0006)
    assert r.consistency_index == pytest.approx(0.238, abs=0.0006)
    assert r.consistency_ratio == pytest.approx(0.169, abs=0.0006)
    assert r.random_index == 1.41 and r.random_index_table == "saaty1980"
    # Inconsistent (CR > 0.1): the warning names the judgement furthest from the weights:
    # neighbourhood judged 6 times general condition, while the weights say about 1.1.
    assert not r.consistent
    assert r.worst[:3] == ("neighbourhood", "condition", 6.0)
    assert "neighbourhood against condition" in r.warnings[0]["en"]
    assert "neighbourhood" in r.warnings[0]["ar"]


def test_saaty_house_size_published():
    # Same source: houses A, B, C compared on size; priorities .754 .181 .065,
    # λmax = 3.136, C.I. = 0.068, C.R. = 0.117.
    r = elicit.ahp([[1, 6, 8], [1 / 6, 1, 4], [1 / 8, 1 / 4, 1]], ["A", "B", "C"])
    np.testing.assert_allclose(r.weights, [0.754, 0.181, 0.065], atol=0.0006)
    assert r.lambda_max == pytest.approx(3.136, abs=0.0006)
    assert r.consistency_index == pytest.approx(0.068, abs=0.0006)
    assert r.consistency_ratio == pytest.approx(0.117, abs=0.0006)


saaty_values = hs.sampled_from([float(v) for v in elicit.SAATY_SCALE])


@given(saaty_values, saaty_values, saaty_values)
@settings(max_examples=60, deadline=None)
def test_three_by_three_lambda_max_in_closed_form(a, b, c):
    # By hand: for [[1, a, b], [1/a, 1, c], [1/b, 1/c, 1]] the characteristic polynomial is
    # (1 − λ)³ − 3(1 − λ) + ac/b + b/(ac) = 0; with μ = λ − 1 and δ = (b/(ac))^(1/3) this is
    # μ³ − 3μ − (δ³ + 1/δ³) = 0, whose real root is μ = δ + 1/δ, so λmax = 1 + δ + 1/δ
    # (δ = 1, a consistent matrix, gives 3).
    r = elicit.ahp([[1, a, b], [1 / a, 1, c], [1 / b, 1 / c, 1]])
    delta = (b / (a * c)) ** (1 / 3)
    assert r.lambda_max == pytest.approx(1 + delta + 1 / delta, rel=1e-9)
    assert r.consistency_ratio == pytest.approx((delta + 1 / delta - 2) / 2 / 0.58, abs=1e-9)


@given(hs.lists(hs.floats(0.05, 20), min_size=2, max_size=9))
@settings(max_examples=60, deadline=None)
def test_consistent_matrix_recovers_its_weights(values):
    # a_ij = w_i / w_j is perfectly consistent: λmax = n, CI = CR = 0, weights ∝ w.
    w = np.array(values)
    r = elicit.ahp(w[:, None] / w[None, :])
    np.testing.assert_allclose(r.weights, w / w.sum(), rtol=1e-9)
    assert r.lambda_max == pytest.approx(len(w), rel=1e-9)
    assert r.consistency_ratio == pytest.approx(0.0, abs=1e-9)
    assert r.warnings == ()


def test_one_reversed_judgement_is_named():
    w = np.array([0.4, 0.3, 0.2, 0.1])
    a = w[:, None] / w[None, :]
    a[0, 3], a[3, 0] = 1 / 4, 4  # should be 4: the judgement was entered the wrong way round
    r = elicit.ahp(a, ["p", "q", "r", "s"])
    assert r.consistency_ratio > 0.1
    assert r.worst[:2] == ("p", "s")


@pytest.mark.parametrize("n", [3, 4, 5, 6])
def test_alonso_lamata_random_index_matches_simulation(n):
    # The random index is the mean CI of random reciprocal matrices with entries drawn from
    # Saaty's 17 values; Alonso and Lamata (2006) used 100,000 matrices per n. 40,000 of ours
    # estimate it with a standard error under 0.004.
    rng = np.random.default_rng(20060101 + n)
    estimate = elicit.estimate_random_index(n, 40_000, rng)
    assert estimate == pytest.approx(elicit.random_index(n, "alonso_lamata2006"), abs=0.012)


def test_saaty_table_stops_at_ten_and_says_what_to_use():
    with pytest.raises(InputError, match="alonso_lamata2006"):
        elicit.random_index(11, "saaty1980")
    with pytest.raises(InputError, match="unknown random-index table"):
        elicit.random_index(3, "nope")
    assert elicit.random_index(11, "alonso_lamata2006") == 1.5141


def test_rank_order_centroid_and_rank_sum():
    # Barron and Barrett (1996) ROC for n = 4: w_1 = (1 + 1/2 + 1/3 + 1/4)/4 = 25/48, w_2 =
    # (1/2 + 1/3 + 1/4)/4 = 13/48, w_3 = 7/48, w_4 = 3/48. Rank sum: 2(n + 1 − i)/(n(n + 1)).
    np.testing.assert_allclose(
        elicit.rank_order_centroid([[0], [1], [2], [3]]), np.array([25, 13, 7, 3]) / 48
    )
    np.testing.assert_allclose(elicit.rank_sum([[0], [1], [2], [3]]), [0.4, 0.3, 0.2, 0.1])
    # Ties share their positions' mean; the order of indices follows the groups.
    np.testing.assert_allclose(
        elicit.rank_order_centroid([[2], [0, 3], [1]]),
        [(13 + 7) / 96, 3 / 48, 25 / 48, (13 + 7) / 96],
    )
    with pytest.raises(InputError):
        elicit.rank_sum([[0], [0, 1]])


def test_swing_points():
    np.testing.assert_allclose(elicit.swing([100, 50, 50]), [0.5, 0.25, 0.25])
    with pytest.raises(InputError):
        elicit.swing([0, 0])
    with pytest.raises(InputError):
        elicit.swing([120, 10])


# --- input models ------------------------------------------------------------------------


def test_parse_judgement():
    assert parse_judgement("1/3") == pytest.approx(1 / 3)
    assert parse_judgement(" 1 / 9 ") == pytest.approx(1 / 9)
    assert parse_judgement("7") == 7 and parse_judgement(0.5) == 0.5
    for bad in ("a/b", "1/0", True, None, "nan"):
        with pytest.raises(ValueError):
            parse_judgement(bad)


def _ahp(matrix, items=("a", "b", "c")):
    return validate_data({"items": list(items), "matrix": matrix}, AhpInput, "judgements.yaml")


def test_matrix_with_fractions_and_tolerated_decimals():
    spec = _ahp([[1, 3, 7], ["1/3", 1, "2"], [0.14, 0.5, 1]])
    values = spec.values()
    assert values[2][0] == pytest.approx(1 / 7)  # the upper triangle wins, exactly reciprocal
    assert values[1][2] == 2


@pytest.mark.parametrize(
    ("matrix", "message"),
    [
        ([[1, 3, None], ["1/3", 1, 2], [0.2, 0.5, 1]], "no judgement for a against c"),
        ([[1, 3, 5], ["1/3", 1], [0.2, 0.5, 1]], "row 2 (b) has 2 entries"),
        ([[1, 3, 5], ["1/3", 1, 2], [0.2, 0.5, 1], [1, 1, 1]], "4 rows but there are 3"),
        ([[1, 3, 5], ["1/3", 1, 2], [4, 0.5, 1]], "not reciprocal"),
        ([[1, 12, 5], ["1/12", 1, 2], [0.2, 0.5, 1]], "off Saaty's 1–9 scale"),
        ([[2, 3, 5], ["1/3", 1, 2], [0.2, 0.5, 1]], "diagonal must be 1"),
        ([[1, "x", 5], ["1/3", 1, 2], [0.2, 0.5, 1]], "not a number"),
    ],
)
def test_bad_matrices_are_located_errors(matrix, message):
    with pytest.raises(FileError) as info:
        _ahp(matrix)
    assert message in str(info.value)


def test_rank_and_swing_models():
    spec = validate_data({"ranking": ["a", ["b", "c"], "d"]}, RankInput, "r.yaml")
    assert spec.groups() == [["a"], ["b", "c"], ["d"]]
    with pytest.raises(FileError, match="listed twice"):
        validate_data({"ranking": ["a", ["b", "a"]]}, RankInput, "r.yaml")
    with pytest.raises(FileError, match="all points are 0"):
        validate_data({"points": {"a": 0}}, SwingInput, "s.yaml")
    with pytest.raises(FileError, match="less than or equal to 100"):
        validate_data({"points": {"a": 150}}, SwingInput, "s.yaml")
    with pytest.raises(FileError, match="Did you mean"):
        validate_data({"ranking": ["a", "b"], "withn": "x"}, RankInput, "r.yaml")


# --- taqdir weights, through the command line -------------------------------------------


def _write(tmp_path, name, data):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_cli_ahp_json_contract(cli, tmp_path):
    path = tmp_path / "plain.yaml"
    path.write_text("items: [a, b, c]\nmatrix: [[1, 3, 5], [1/3, 1, 2], [1/5, 1/2, 1]]\n")
    run = cli("weights", "ahp", path, "--format", "json")
    assert run.code == 0, run.err
    data = run.json()
    assert set(data) >= {
        "weights",
        "lambda_max",
        "consistency_index",
        "consistency_ratio",
        "random_index_table",
    }
    assert data["random_index_table"] == "saaty1980"
    assert sum(data["weights"].values()) == pytest.approx(1.0)
    assert data["weights"]["a"] == pytest.approx(0.6483, abs=1e-4)  # 3×3: closed form above
    other = cli("weights", "ahp", path, "--format", "json", "--random-index", "alonso_lamata2006")
    assert other.json()["random_index_table"] == "alonso_lamata2006"
    assert other.json()["consistency_ratio"] == pytest.approx(
        data["consistency_index"] / 0.5245, rel=1e-9
    )


def test_cli_ahp_writes_a_profile_that_score_uses(cli, tmp_path):
    matrix = [[1, "1/2", 1, "1/3"], [2, 1, 2, "1/2"], [1, "1/2", 1, "1/3"], [3, 2, 3, 1]]
    path = _write(
        tmp_path,
        "fam.yaml",
        {
            "id": "analyst_a",
            "items": ["visits", "agreements", "consulate", "troops"],
            "matrix": matrix,
        },
    )
    out = tmp_path / "profile.yaml"
    run = cli("weights", "ahp", path, "-o", out, "--format", "json")
    assert run.code == 0, run.err
    fam = run.json()["weights"]
    scored = cli("score", "--weights", out, "--format", "json").json()
    assert scored["profile"] == "analyst_a"
    for f, w in fam.items():
        assert scored["family_weights"][f] == pytest.approx(w, rel=1e-9)


def test_cli_inconsistent_matrix_warns_but_succeeds(cli, tmp_path):
    path = _write(
        tmp_path,
        "bad.yaml",
        {"items": ["p", "q", "r"], "matrix": [[1, 9, "1/9"], ["1/9", 1, 9], [9, "1/9", 1]]},
    )
    run = cli("weights", "ahp", path)
    assert run.code == 0
    assert "warning: consistency ratio" in run.err and "most inconsistent" in run.err
    arabic = cli("weights", "ahp", path, "--lang", "ar")
    assert "نسبة الاتساق" in arabic.err


@pytest.mark.parametrize(
    ("matrix", "message"),
    [
        ([[1, 3, None], ["1/3", 1, 2], [0.2, 0.5, 1]], "incomplete"),
        ([[1, 3, 5], ["1/3", 1, 2], [4, 0.5, 1]], "not reciprocal"),
    ],
)
def test_cli_bad_matrix_exits_2_with_the_line(cli, tmp_path, matrix, message):
    path = _write(tmp_path, "m.yaml", {"items": ["a", "b", "c"], "matrix": matrix})
    run = cli("weights", "ahp", path)
    assert run.code == 2
    assert message in run.err and "line" in run.err and "Traceback" not in run.err


def test_cli_rank_within_a_family_and_swing(cli, tmp_path):
    ranking = _write(
        tmp_path,
        "troops.yaml",
        {
            "within": "troops",
            "ranking": ["personnel_in_country", ["training_agreed", "military_sites"]],
        },
    )
    out = tmp_path / "troops_profile.yaml"
    run = cli("weights", "rank", ranking, "-o", out, "--format", "json")
    assert run.code == 0, run.err
    shares = run.json()["weights"]
    assert shares["personnel_in_country"] == pytest.approx(11 / 18)  # ROC n=3: (1+1/2+1/3)/3
    assert shares["training_agreed"] == pytest.approx((5 / 18 + 2 / 18) / 2)
    scored = cli("score", "--weights", out, "--format", "json").json()
    w = scored["weights"]
    assert w["personnel_in_country"] / w["military_sites"] == pytest.approx(
        (11 / 18) / (7 / 36), rel=1e-9
    )
    rs = cli("weights", "rank", ranking, "--rank-method", "rank_sum", "--format", "json").json()
    assert rs["weights"]["personnel_in_country"] == pytest.approx(0.5)
    swing = _write(tmp_path, "swing.yaml", {"points": {"troops": 100, "visits": 50}})
    assert cli("weights", "swing", swing, "--format", "json").json()["weights"] == {
        "troops": pytest.approx(2 / 3),
        "visits": pytest.approx(1 / 3),
    }


def test_cli_profile_needs_the_assessments_items(cli, tmp_path):
    path = tmp_path / "plain.yaml"
    path.write_text("items: [a, b, c]\nmatrix: [[1, 3, 5], [1/3, 1, 2], [1/5, 1/2, 1]]\n")
    run = cli("weights", "ahp", path, "-o", tmp_path / "p.yaml")
    assert run.code == 2
    assert "must be the families" in run.err and "within: FAMILY" in run.err
    assert not (tmp_path / "p.yaml").exists()
    bad_kind = cli("weights", "pairwise", path)
    assert bad_kind.code == 2 and "ahp, rank, swing" in bad_kind.err


def test_random_index_tables_are_named_and_cited():
    for table in elicit.RANDOM_INDEX_TABLES.values():
        assert table.citation and table.values[3] > 0.5
        assert all(math.isfinite(v) for v in table.values.values())
