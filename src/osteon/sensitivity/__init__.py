"""Global sensitivity of the forecast to the calibrated parameters and covariates (issue 14).

See :mod:`osteon.sensitivity.core`.
"""

from osteon.sensitivity.core import (
    COVARIATES,
    OUTPUTS,
    SensitivityProblem,
    run_sensitivity,
)

__all__ = ["COVARIATES", "OUTPUTS", "SensitivityProblem", "run_sensitivity"]
