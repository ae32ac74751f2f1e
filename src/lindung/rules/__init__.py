"""Lindung rules: the law of BPJS Ketenagakerjaan as dated, cited parameters and small formulas.

Pure Python + numpy: this package never imports Django, settings, a database or the clock. The JSON
contract is in ``lindung.rules.api``; the vectorised engine in ``lindung.rules.engine``; parameter values
and their references in ``lindung.rules.params``. Parameter files are validated when this package is
imported, so a broken file stops start-up.
"""

from __future__ import annotations

from lindung.rules.errors import ParameterDataError, RulesError, RulesInputError, RulesNotCoveredError
from lindung.rules.money import ROUND_HALF_UP_RUPIAH, apply_rate
from lindung.rules.params import all_parameters, parameter, parameters_as_of, value_at
from lindung.rules.version import RULES_VERSION

__all__ = [
    "ROUND_HALF_UP_RUPIAH",
    "RULES_VERSION",
    "ParameterDataError",
    "RulesError",
    "RulesInputError",
    "RulesNotCoveredError",
    "all_parameters",
    "apply_rate",
    "parameter",
    "parameters_as_of",
    "value_at",
]
