"""The default parameter set, ``Osteon2026``, assembled from its sources.

Records are grouped by the paper (or data set) they come from; the group name
is the ``AuthorYear`` key used in citations. Values marked ``calibrated`` are
fitted by ``scripts/calibrate.py`` within their plausible ranges; its output file
``osteon/parameters/calibrated.json`` overrides these starting values when present
and records the script, data, objective and date of the fit.
"""

from __future__ import annotations

import json
from importlib import resources

from osteon.parameters.core import cells, endocrine, measurement, mechanostat, mineral
from osteon.parameters.records import Evidence, Parameter, ParameterSet

E = Evidence
YEAR = 365.25

# (name, value, units, source, evidence, (low, high), description, group, calibrated)
# The core model's records live in osteon/parameters/core/, one module per pathway; their
# order here is the order of the parameter set.
_RECORDS: list[tuple] = [
    *endocrine.RECORDS,
    *cells.RECORDS,
    *mechanostat.RECORDS,
    *mineral.RECORDS,
    *measurement.RECORDS,
]


# Pathway modules that contribute records of their own (interventions, nutrition...).
# Each exposes ``RECORDS``: a list of tuples in the format of ``_RECORDS`` above.
RECORD_MODULES = (
    "osteon.physiology.pharmacology.records",
    "osteon.physiology.mechanics.training_records",
    "osteon.physiology.mechanics.unloading",
    "osteon.physiology.nutrition.records",
    "osteon.physiology.calcium.records",
    "osteon.physiology.remodeling.records",
)


def _all_records() -> list[tuple]:
    import importlib

    records = list(_RECORDS)
    for mod in RECORD_MODULES:
        try:
            records.extend(importlib.import_module(mod).RECORDS)
        except ModuleNotFoundError as err:
            if err.name is None or not mod.startswith(err.name):
                raise
    return records


def _build(name: str, overrides: dict[str, float] | None = None) -> ParameterSet:
    overrides = overrides or {}
    recs = {}
    for pname, value, units, source, ev, rng, desc, group, calibrated in _all_records():
        if pname in recs:
            raise ValueError(f"parameter {pname!r} is defined twice")
        v = overrides.get(pname, value)
        src = source
        if pname in overrides:
            src = source + "; value fitted by scripts/calibrate.py (osteon/parameters/calibrated.json)"
        recs[pname] = Parameter(
            pname, float(v), units, src, ev, rng, desc, group, calibrated or pname in overrides
        )
    return ParameterSet(name, recs)


def _calibrated_text() -> str:
    try:
        return resources.files("osteon.parameters").joinpath("calibrated.json").read_text()
    except (FileNotFoundError, ModuleNotFoundError):
        return ""


def _calibrated_overrides(text: str | None = None) -> dict[str, float]:
    text = _calibrated_text() if text is None else text
    if not text:
        return {}
    data = json.loads(text)
    return {k: float(v) for k, v in data.get("values", {}).items()}


def uncalibrated_parameters() -> ParameterSet:
    """The literature starting values, before calibration."""
    return _build("Osteon2026-uncalibrated")


_DEFAULT: dict[str, ParameterSet] = {}  # the calibrated values' JSON text -> the set built


def default_parameters() -> ParameterSet:
    """The default parameter set ``Osteon2026`` (calibrated where stated).

    Built once per content of ``calibrated.json`` (a set is immutable; building one took
    about 2 ms, paid by every :class:`~osteon.Simulation` made without parameters).

    >>> ps = default_parameters()
    >>> ps.name
    'Osteon2026'
    >>> ps.record("estrogen_ec50").units
    'pg/mL'
    >>> default_parameters() is ps
    True
    """
    key = _calibrated_text()
    ps = _DEFAULT.get(key)
    if ps is None:
        _DEFAULT.clear()
        ps = _DEFAULT[key] = _build("Osteon2026", _calibrated_overrides(key))
    return ps
