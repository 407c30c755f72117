"""Joint calibration judged by what it predicts (issue 10, part 3).

``scripts/calibrate.py`` is the entry point; this package holds its parts:

* :mod:`~osteon.calibration.targets`: every public trial endpoint (shared and project
  files) and the cross-sectional anchors, with weights and the data set's hash;
* :mod:`~osteon.calibration.folds`: cross-validation folds by study (a study is never
  split across folds), from a fixed seed;
* :mod:`~osteon.calibration.evaluator`: the objective's residuals on a process pool;
* :mod:`~osteon.calibration.identifiability`: Fisher information ``J^T W J`` at the
  optimum, standard errors, correlations, the Laplace covariance, parameters at a bound;
* :mod:`~osteon.calibration.crossval`: the in-sample and cross-validated tables.
"""

from osteon.calibration.bounds import at_bounds
from osteon.calibration.folds import study_folds
from osteon.calibration.identifiability import (
    Identifiability,
    identifiability,
    laplace_covariance,
)
from osteon.calibration.targets import agrees, dataset_hash

__all__ = [
    "Identifiability",
    "agrees",
    "at_bounds",
    "dataset_hash",
    "identifiability",
    "laplace_covariance",
    "study_folds",
]
