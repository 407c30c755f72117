"""Drugs and hormone therapies, as interventions acting on the model's signals.

- :mod:`~osteon.physiology.pharmacology.pk`: closed-form pharmacokinetics shared by all
  drugs (repeated-dose superposition, dosing-interval averages, approach and washout).
- :mod:`~osteon.physiology.pharmacology.sex_hormones`: estrogen, progestogen,
  testosterone, aromatase inhibitor and gonadorelin.
- :mod:`~osteon.physiology.pharmacology.gh_axis`, ``glucocorticoids``, ``bone_drugs``
  (denosumab, teriparatide), ``bisphosphonates``, ``serms``, ``romosozumab``,
  ``gnrh_agonists``: one module per drug group, each declaring its trial-file schema
  and builder beside its mechanism; ``other`` holds their shared helpers.
- :mod:`~osteon.physiology.pharmacology.registry`: the one table of every intervention
  kind (drugs, nutrition, training, unloading) and the module declaring it.
- :mod:`~osteon.physiology.pharmacology.records`: the parameter records of the drugs.

>>> from osteon.physiology.pharmacology import registry
>>> registry.builder("estrogen") is estrogen_from_spec
True
"""

from __future__ import annotations

from osteon.physiology.pharmacology.sex_hormones import (
    AromataseInhibitor,
    Estrogen,
    Gonadorelin,
    Progestogen,
    Testosterone,
    estrogen_from_spec,
)

__all__ = [
    "AromataseInhibitor",
    "Estrogen",
    "Gonadorelin",
    "Progestogen",
    "Testosterone",
    "estrogen_from_spec",
]
