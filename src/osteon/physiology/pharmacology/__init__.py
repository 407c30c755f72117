"""Drugs and hormone therapies, as interventions acting on the model's signals.

- :mod:`~osteon.physiology.pharmacology.pk`: closed-form pharmacokinetics shared by all
  drugs (repeated-dose superposition, dosing-interval averages, approach and washout).
- :mod:`~osteon.physiology.pharmacology.sex_hormones`: estrogen, progestogen,
  testosterone, aromatase inhibitor and gonadorelin.
- ``osteon.physiology.pharmacology.other`` (when present): GH axis, glucocorticoids and
  bone drugs, exporting ``BUILDERS_OTHER``.
- :mod:`~osteon.physiology.pharmacology.records`: the parameter records of all of them.

:data:`BUILDERS` maps each FORMAT.md intervention kind handled here to a builder
``from_spec(spec) -> Intervention``, taking a trial-file
:class:`~osteon.trials.format.InterventionSpec` or a plain FORMAT.md mapping.

>>> sorted(k for k in BUILDERS if k in ("estrogen", "testosterone", "gonadorelin"))
['estrogen', 'gonadorelin', 'testosterone']
"""

from __future__ import annotations

from osteon.physiology.pharmacology.sex_hormones import (
    BUILDERS as BUILDERS_SEX_HORMONES,
)
from osteon.physiology.pharmacology.sex_hormones import (
    AromataseInhibitor,
    Estrogen,
    Gonadorelin,
    Progestogen,
    Testosterone,
)

BUILDERS = dict(BUILDERS_SEX_HORMONES)
"""FORMAT.md intervention kind -> builder, for every drug of this package."""

try:
    from osteon.physiology.pharmacology.other import BUILDERS_OTHER
except ModuleNotFoundError as _err:  # pragma: no cover - depends on the other module
    if _err.name != "osteon.physiology.pharmacology.other":
        raise
else:
    BUILDERS.update(BUILDERS_OTHER)

# Drugs declared one module each (schema, PK, drives, records): see ``registry``.
from osteon.physiology.pharmacology.registry import builders as _registered_builders  # noqa: E402

BUILDERS.update(_registered_builders())

__all__ = [
    "BUILDERS",
    "AromataseInhibitor",
    "Estrogen",
    "Gonadorelin",
    "Progestogen",
    "Testosterone",
]
