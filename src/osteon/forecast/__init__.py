"""Building blocks of the personal forecast (issue 11) that stand apart from the model.

The package is callable: ``osteon.forecast(person, scenarios)`` is
:func:`osteon.forecast.core.forecast` (a person file in, an :class:`xarray.Dataset` with a
``draw`` dimension out). Its parts: :mod:`~osteon.forecast.person` (the person file),
:mod:`~osteon.forecast.individual` (prior and posterior of individual parameters),
:mod:`~osteon.forecast.batch` (many variants in one solve), :mod:`~osteon.forecast.scenarios`,
:mod:`~osteon.forecast.attribution` (Shapley values), :mod:`~osteon.forecast.report`.

- :mod:`osteon.forecast.fracture`: 10-year probability of hip and major osteoporotic
  fracture from sex, age, femoral-neck T-score (or a forecast trajectory of it) and clinical
  risk factors, with its evidence grade, citations and limits.
- :mod:`osteon.forecast.dxa`: DXA cross-calibration between Hologic, GE Lunar and Norland
  (standardized BMD), T-score <-> BMD on Osteon's reference, least significant change.
- :mod:`osteon.forecast.labs`: lab values in conventional and SI units (pint), plausible
  ranges, and calculated free testosterone (Vermeulen 1999).

Every number these modules use is a record with units, source, evidence grade and plausible
range (``RECORDS`` in each module; :func:`records` gathers them).
"""

import sys
import types

from osteon.forecast.dxa import (
    DXA_SITES,
    MANUFACTURERS,
    BmdChange,
    bmd_from_t_score,
    compare_scans,
    exceeds_lsc,
    from_sbmd,
    least_significant_change,
    t_score_from_bmd,
    to_hologic,
    to_sbmd,
)
from osteon.forecast.fracture import LIMITS as FRACTURE_LIMITS
from osteon.forecast.fracture import FractureRisk, fracture_probability
from osteon.forecast.labs import LABS, LabValue, convert_lab, parse_lab
from osteon.forecast.testosterone_binding import FreeTestosterone, free_testosterone


class _CallableModule(types.ModuleType):
    """``osteon.forecast(...)`` calls :func:`osteon.forecast.core.forecast`."""

    def __call__(self, person, scenarios=None, **kwargs):
        from osteon.forecast.core import forecast

        return forecast(person, scenarios, **kwargs)


sys.modules[__name__].__class__ = _CallableModule


def records() -> list:
    """Every record (Parameter or TableRecord) used by the forecast building blocks.

    >>> from osteon.parameters import Parameter
    >>> all(r.source and r.units for r in records())
    True
    >>> len({r.name for r in records()}) == len(records())
    True
    """
    from osteon.forecast import dxa, fracture, individual, labs, testosterone_binding

    return [*fracture.RECORDS, *dxa.RECORDS, *labs.RECORDS, *testosterone_binding.RECORDS,
            *individual.RECORDS]


__all__ = [
    "DXA_SITES",
    "FRACTURE_LIMITS",
    "LABS",
    "MANUFACTURERS",
    "BmdChange",
    "FractureRisk",
    "FreeTestosterone",
    "LabValue",
    "bmd_from_t_score",
    "compare_scans",
    "convert_lab",
    "exceeds_lsc",
    "fracture_probability",
    "free_testosterone",
    "from_sbmd",
    "least_significant_change",
    "parse_lab",
    "records",
    "t_score_from_bmd",
    "to_hologic",
    "to_sbmd",
]
