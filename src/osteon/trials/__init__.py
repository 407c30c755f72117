"""Clinical trial files (``shared/validation/FORMAT.md``) run as virtual trials.

- :mod:`~osteon.trials.format`: :func:`load_trial` reads and validates a file.
- :mod:`~osteon.trials.population`: :func:`sample_cohort` / :func:`sample_subjects`
  draw a virtual cohort from the population.
- :mod:`~osteon.trials.interventions`: builders from intervention specs to model
  interventions; kinds without one raise :class:`NotSupportedYet`.
- :mod:`~osteon.trials.endpoints`: simulated endpoints and the agreement rule.
- :mod:`~osteon.trials.validate`: :func:`validate_files` and ``osteon validate``.
"""

from osteon.trials.endpoints import EndpointResult, agreement_interval, agrees, compute_endpoint
from osteon.trials.format import (
    Arm,
    Dose,
    Endpoint,
    InterventionSpec,
    MeanSD,
    Population,
    Trial,
    TScoreSpec,
    load_trial,
)
from osteon.trials.interventions import (
    BUILDERS,
    NotSupportedYet,
    build_intervention,
    build_protocol,
)
from osteon.trials.population import SampledCohort, sample_cohort, sample_subjects
from osteon.trials.validate import validate_files, validate_trial

__all__ = [
    "BUILDERS",
    "Arm",
    "Dose",
    "Endpoint",
    "EndpointResult",
    "InterventionSpec",
    "MeanSD",
    "NotSupportedYet",
    "Population",
    "SampledCohort",
    "TScoreSpec",
    "Trial",
    "agreement_interval",
    "agrees",
    "build_intervention",
    "build_protocol",
    "compute_endpoint",
    "load_trial",
    "sample_cohort",
    "sample_subjects",
    "validate_files",
    "validate_trial",
]
