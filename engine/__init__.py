"""The engine: the arithmetic kernel (`engine.kernel`), the use cases above it (score, batch,
compare, sensitivity) and the command line (`engine.cli`).

`engine.aggregate(x, w, method)` is the public kernel entry point (see DESIGN.md).
"""

from engine.kernel import METHODS, aggregate, contributions

__all__ = ["METHODS", "aggregate", "contributions"]
