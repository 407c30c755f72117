"""Parameter records (value, units, source, evidence grade, plausible range) and sets."""

from osteon.parameters.default import default_parameters, uncalibrated_parameters
from osteon.parameters.peterson_riggs import peterson_riggs_2010
from osteon.parameters.records import Evidence, Parameter, ParameterSet

__all__ = [
    "Evidence",
    "Parameter",
    "ParameterSet",
    "default_parameters",
    "peterson_riggs_2010",
    "uncalibrated_parameters",
]
