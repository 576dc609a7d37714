"""The engine: the scoring spine at this level, the use cases in subpackages above it, and the
command line on top.

The spine, bottom to top:

- `kernel`: the arithmetic on arrays (`aggregate(x, w, method)`: scores and contributions for
  any number of scenarios, weight vectors and samples at once); no pydantic, no files;
- `arrays`: an assessment compiled to arrays (raw values, transforms, weights by profile);
- `montecarlo`: uncertain values and weights sampled in seeded blocks;
- `request`: one scoring request (profile or weights, method, as-of date, scenarios), validated
  where it is built and passed down unchanged;
- `score`: a request scored, as a frozen `ScoreResult` carrying its explanation.

The use cases: `engine.runs` (scenario batches and the run store), `engine.robust` (how robust
the call is), `engine.compare` (assessments against each other and over time), `engine.report`
(charts and HTML reports); `engine.cli` is the command line. Each subpackage's `__init__` is its
public face; the contracts in `pyproject.toml` (import-linter) keep the layers pointing down.
The JSON and CLI contracts are in `docs/contracts.md`.
"""

import gc as _gc
import sys as _sys

# The console script (`taqdir`) imports this package first. Its start-up creates a few hundred
# thousand long-lived objects (numpy, pydantic, typer, the models) and no garbage, yet the
# collector would walk them some seventy times (about 6 ms of a `taqdir score`, issue 15). So in
# that process the collector stays off until the command runs: `engine.cli.main` then freezes
# what was imported and turns it back on. Imported any other way (tests, notebooks, a server,
# a script of the user's that happens to be called taqdir), nothing changes.


def _started_by_console_script() -> bool:
    """Whether the running program is the `taqdir` wrapper that pip (or pipx, uv) writes: a
    file named taqdir whose code imports `engine.cli.main` and calls it."""
    path = getattr(_sys.modules.get("__main__"), "__file__", None)
    if not isinstance(path, str) or path.replace("\\", "/").rsplit("/", 1)[-1] != "taqdir":
        return False
    try:
        with open(path, "rb") as wrapper:
            return b"from engine.cli import main" in wrapper.read(4096)
    except OSError:
        return False


CONSOLE_START = _gc.isenabled() and _started_by_console_script()
if CONSOLE_START:
    _gc.disable()

from engine.kernel import METHODS, aggregate, contributions  # noqa: E402
from engine.request import (  # noqa: E402
    ScoringRequest,
    resolve_method,
    resolve_profile,
    resolve_scenarios,
)
from engine.score import ScoreResult, engine_version, input_hash, score  # noqa: E402

__all__ = [
    "METHODS",
    "ScoreResult",
    "ScoringRequest",
    "aggregate",
    "contributions",
    "engine_version",
    "input_hash",
    "resolve_method",
    "resolve_profile",
    "resolve_scenarios",
    "score",
]
