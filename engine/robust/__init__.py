"""How robust the call is: sampling weights (`simplex`, `weight_models`), SMAA-2 acceptability
(`smaa`), weight-stability intervals (`crossings` for the arithmetic, `analyses` for the use
cases), tornado and Sobol sensitivity (`sensitivity`), diagnosticity and collection priorities
(`diagnostics`), the classic relative MCDA methods (`classic`), weight elicitation (`elicit`)
and probabilities in estimative words (`words`). All of them start from one `Setting`
(`setting`): the assessment scored once.

This is the face the command line and the dashboard import; the modules are internal.
"""

from engine.robust.analyses import (
    AcceptabilityResult,
    SliderInterval,
    StabilityResult,
    acceptability,
    slider_stability,
    stability,
)
from engine.robust.classic import METHODS as RELATIVE_METHODS
from engine.robust.diagnostics import report as diagnose
from engine.robust.elicit import (
    DEFAULT_TABLE,
    RANDOM_INDEX_TABLES,
    RANK_METHODS,
    AhpResult,
    ahp,
    swing,
)
from engine.robust.sensitivity import Sobol, Tornado, sobol, tornado
from engine.robust.setting import ALL_METHODS, Setting, prepare
from engine.robust.weight_models import WeightModel, weight_model
from engine.robust.words import Estimate, say, sentence, yardstick, yardstick_ids

__all__ = [
    "ALL_METHODS",
    "DEFAULT_TABLE",
    "RANDOM_INDEX_TABLES",
    "RANK_METHODS",
    "RELATIVE_METHODS",
    "AcceptabilityResult",
    "AhpResult",
    "Estimate",
    "Setting",
    "SliderInterval",
    "Sobol",
    "StabilityResult",
    "Tornado",
    "WeightModel",
    "acceptability",
    "ahp",
    "diagnose",
    "prepare",
    "say",
    "sentence",
    "slider_stability",
    "sobol",
    "stability",
    "swing",
    "tornado",
    "weight_model",
    "yardstick",
    "yardstick_ids",
]
