"""Benchmark: a large assessment file, 10,000 scenarios (about 1.4 MB of YAML), validated and
scored, and a 2,000-deep `extends` chain validated (issue 14: 13 s, 62 s and 55 s before).

Reference in the same process: parsing the same text with the C YAML loader alone (what
any reading must at least cost) — the ratio says what validation and scoring add to it.
Aim: validate + score the 10,000-scenario file in under 2 s.

Run: python tests/benchmarks/bench_large_file.py [--scenarios 10000] [--chain 2000]
"""

from __future__ import annotations

import argparse
import copy
import tempfile
import time
from pathlib import Path

import yaml

from engine.request import ScoringRequest
from engine.score import score
from scenarios.loader import load_assessment
from tests.benchmarks.common import result
from tests.paths import DATA


def large_file(folder: Path, scenarios: int, chain: bool) -> Path:
    """The second test assessment with `scenarios` scenarios: each sets two values; with
    `chain`, each extends the one before it."""
    data = yaml.safe_load((DATA / "other_pair.yaml").read_text(encoding="utf-8"))
    first = data["scenarios"][0]
    inds = [i for i in data["indicators"] if i["transform"]["kind"] in ("linear", "log")]
    out = [first]
    for n in range(scenarios - 1):
        sc = {
            "id": f"s{n}",
            "name": {"en": f"Scenario {n}", "ar": f"سيناريو {n}"},
            "extends": out[-1]["id"] if chain else first["id"],
            "values": {inds[0]["id"]: float(n % 7), inds[-1]["id"]: float(n % 5)},
        }
        out.append(sc)
    data = copy.deepcopy(data)
    data["scenarios"] = out
    path = folder / f"large-{scenarios}{'-chain' if chain else ''}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def timed(fn):  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scenarios", type=int, default=10_000)
    parser.add_argument("--chain", type=int, default=2_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        flat = large_file(Path(tmp), args.scenarios, chain=False)
        deep = large_file(Path(tmp), args.chain, chain=True)
        text = flat.read_text(encoding="utf-8")
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        _, parse = timed(lambda: yaml.load(text, Loader=loader))
        a, validate = timed(lambda: load_assessment(flat))
        _, scoring = timed(lambda: score(a, ScoringRequest.build(a)))
        _, chain = timed(lambda: load_assessment(deep))
    size = len(text.encode("utf-8")) / 1e6
    total = validate + scoring
    print(f"{args.scenarios:,} scenarios, {size:.1f} MB: parse alone {parse:.2f} s")
    print(f"  validate {validate:.2f} s, score {scoring:.2f} s, total {total:.2f} s (aim < 2 s)")
    print(f"  {args.chain:,}-deep extends chain: validate {chain:.2f} s")
    result("large-file", total / parse, "validate+score 10,000 scenarios < 2 s", total < 2.0)


if __name__ == "__main__":
    main()
