"""Exogenous glucocorticoids: prednisone, prednisolone, hydrocortisone, dexamethasone.

A dose is converted to its hydrocortisone equivalent with the standard
equivalences (prednisone = prednisolone = 4 x hydrocortisone, dexamethasone
about 27 x: 20 mg hydrocortisone = 5 mg prednisone = 0.75 mg dexamethasone;
Meikle AW & Tyler FH Am J Med 1977;63:200; Liu D et al. Allergy Asthma Clin
Immunol 2013;9:30, Table 1). The exposure relative to the body's own cortisol
production (about 10 mg/day; Esteban NV et al. J Clin Endocrinol Metab
1991;72:39) raises the model's glucocorticoid signal ``cortisol`` (ug/dL):

``cortisol += cortisol_baseline * glucocorticoid_bone_potency * x(t) * s(t)``,
``x = (hydrocortisone-equivalent mg/day) / cortisol_production_rate``,

``x`` switched on and off with the agent's biological half-life (first order,
closed form). The model's existing cortisol terms then suppress osteoblast
precursor recruitment (``ob_cortisol_exponent``) and raise RANKL
(``rankl_cortisol_exponent``). Glucocorticoids also cut matrix synthesis per
osteoblast at once (serum osteocalcin falls within days, before osteoblast
numbers can change): ``matrix_synthesis`` is scaled by
``(1 + glucocorticoid_bone_potency * x * s) ** -glucocorticoid_matrix_exponent``.

Bone loss is fastest in the first months of a course and slower later
(LoCascio V et al. Bone Miner 1990;8:39; van Staa TP et al. Osteoporos Int
2002;13:777): the bone action ``s(t)`` falls from 1 at the start of a course
to ``glucocorticoid_chronic_fraction`` with time constant
``glucocorticoid_adaptation_time`` (tissue tolerance, assumed).

``cortisol`` here is glucocorticoid *activity on bone* in cortisol units, not
what an immunoassay would read (exogenous steroids suppress the adrenal axis
and cross-react variably).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from osteon.errors import OsteonInputError
from osteon.parameters.records import Evidence
from osteon.physiology.pharmacology.other import (
    DosedDrug,
    onoff_response,
)
from osteon.protocol import Signals

GLUCOCORTICOID_AGENTS = ("prednisone", "prednisolone", "hydrocortisone", "dexamethasone")

# Largest plausible daily dose of each agent (mg/day), far above any chronic therapy.
_MAX_MG_PER_DAY = {
    "prednisone": 250.0,
    "prednisolone": 250.0,
    "hydrocortisone": 1000.0,
    "dexamethasone": 40.0,
}
# Parameters: hydrocortisone mg per mg of the agent, and biological half-life.
_EQUIVALENCE = {
    "prednisone": "prednisone_hydrocortisone_equivalence",
    "prednisolone": "prednisolone_hydrocortisone_equivalence",
    "dexamethasone": "dexamethasone_hydrocortisone_equivalence",
}
_HALFLIFE = {
    "prednisone": "prednisone_biological_halflife",
    "prednisolone": "prednisolone_biological_halflife",
    "hydrocortisone": "hydrocortisone_biological_halflife",
    "dexamethasone": "dexamethasone_biological_halflife",
}
_EXAMPLE_DOSE = {
    "prednisone": "10 mg",
    "prednisolone": "10 mg",
    "hydrocortisone": "20 mg",
    "dexamethasone": "0.75 mg",
}


def hydrocortisone_equivalent(agent: str, params) -> float:
    """Milligrams of hydrocortisone equivalent to 1 mg of ``agent``.

    >>> from osteon.parameters import default_parameters
    >>> p = default_parameters()
    >>> hydrocortisone_equivalent("prednisone", p), hydrocortisone_equivalent("hydrocortisone", p)
    (4.0, 1.0)
    """
    if agent == "hydrocortisone":
        return 1.0
    return float(params[_EQUIVALENCE[agent]])


@dataclass(frozen=True)
class Glucocorticoid(DosedDrug):
    """An oral glucocorticoid taken at a fixed dose.

    Parameters
    ----------
    agent
        ``"prednisone"``, ``"prednisolone"``, ``"hydrocortisone"`` or ``"dexamethasone"``.
    dose
        Dose per administration with units (``"10 mg"``).
    every
        Dosing interval (``"1 day"``; ``"2 days"`` for alternate-day therapy).

    Notes
    -----
    Raises ``cortisol`` (see the module notes) by
    ``cortisol_baseline * glucocorticoid_bone_potency * x * s`` with
    ``x = HCeq / cortisol_production_rate`` switched on and off with the agent's
    biological half-life (``<agent>_biological_halflife``) and ``s`` the
    adaptation of :meth:`bone_sensitivity`, and scales ``matrix_synthesis`` by
    ``(1 + glucocorticoid_bone_potency * x * s) ** -glucocorticoid_matrix_exponent``.
    Cortisol doses add, so a taper can be written as consecutive interventions
    (each starts its own adaptation clock).

    Examples
    --------
    >>> Glucocorticoid(agent="prednisone", dose="10 mg").dose_mg
    10.0
    >>> Glucocorticoid(agent="prednisone", dose="2 g")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    osteon.errors.OsteonInputError: glucocorticoid.dose: mg/day 2000 is outside 0-250...
    """

    agent: str = "prednisone"
    dose: str = "10 mg"
    every: str = "1 day"
    spec_fields: ClassVar[tuple[str, ...]] = ('agent', 'dose', 'every')
    spec_example: ClassVar[str] = "{intervention: glucocorticoid, agent: prednisone, dose: 10 mg, every: 1 day}"
    kind: ClassVar[str] = "glucocorticoid"
    # Every agent raises one cortisol signal, and the per-agent limits are about the same
    # hydrocortisone-equivalent dose, so stacked agents share one limit (issue 15).
    total_group: ClassVar[str | None] = "glucocorticoid (all agents, hydrocortisone-equivalent)"
    phase: ClassVar[int] = 0
    evidence: ClassVar[Evidence] = Evidence.HUMAN_RCT
    citation: ClassVar[str] = (
        "Laan RF et al. Ann Intern Med 1993;119:963 (prednisone and trabecular spine loss); "
        "Meikle AW & Tyler FH Am J Med 1977;63:200 (glucocorticoid equivalences); "
        "Esteban NV et al. J Clin Endocrinol Metab 1991;72:39 (cortisol production rate); "
        "Canalis E et al. Osteoporos Int 2007;18:1319 (glucocorticoid-induced osteoporosis)"
    )

    def __post_init__(self) -> None:
        super().__post_init__()
        kind = self.kind
        if self.agent not in GLUCOCORTICOID_AGENTS:
            raise OsteonInputError(
                f"{kind}.agent",
                f"{self.agent!r} is not one of {', '.join(GLUCOCORTICOID_AGENTS)}",
                "agent: prednisone",
            )
        self._set_dose((0.25, 7.0), _MAX_MG_PER_DAY[self.agent], per_day=True,
                       example=f"dose: {_EXAMPLE_DOSE[self.agent]}")

    def hydrocortisone_mg_per_day(self, params) -> float:
        """Hydrocortisone-equivalent dose (mg/day)."""
        return self.dose_mg / self.every_days * hydrocortisone_equivalent(self.agent, params)

    def exposure(self, t, params):
        """Exogenous glucocorticoid relative to endogenous cortisol production, at ``t``."""
        x = self.hydrocortisone_mg_per_day(params) / params["cortisol_production_rate"]
        return x * onoff_response(t, self.start_day, self.stop_day, params[_HALFLIFE[self.agent]])

    def bone_sensitivity(self, t, params):
        """Share of the glucocorticoid action on bone left after tissue adaptation, at ``t``.

        ``f + (1 - f) * exp(-(t - start) / tau)`` during the course (frozen at
        its value at ``stop`` afterwards), with ``f`` =
        ``glucocorticoid_chronic_fraction`` and ``tau`` =
        ``glucocorticoid_adaptation_time``: bone loss is fastest in the first
        months of therapy and slower later.
        """
        t = np.asarray(t, dtype=float)
        f = params["glucocorticoid_chronic_fraction"]
        end = np.inf if self.stop_day is None else self.stop_day
        elapsed = np.clip(np.minimum(t, end) - self.start_day, 0.0, None)
        return f + (1.0 - f) * np.exp(-elapsed / params["glucocorticoid_adaptation_time"])

    def apply(self, t, signals: Signals, params) -> None:
        x = self.exposure(t, params)
        if not np.any(x > 0):
            return
        x = x * self.bone_sensitivity(t, params)
        added = params["cortisol_baseline"] * params["glucocorticoid_bone_potency"] * x
        signals.set_hormones(cortisol=signals.hormones.cortisol + added)
        # Direct suppression of matrix synthesis per osteoblast (rapid fall of formation
        # markers), on the exogenous share of the glucocorticoid signal only.
        rel = 1.0 + params["glucocorticoid_bone_potency"] * x
        signals.scale("matrix_synthesis", rel ** (-params["glucocorticoid_matrix_exponent"]))

    def describe(self) -> str:
        return (
            super()
            .describe()
            .replace(self.kind, f"{self.kind} ({self.agent} {self.dose} every {self.every})", 1)
        )


glucocorticoid_from_spec = Glucocorticoid.from_spec
"""Build :class:`Glucocorticoid` from its trial-file spec (:meth:`DosedDrug.from_spec`)."""


__all__ = [
    "GLUCOCORTICOID_AGENTS",
    "Glucocorticoid",
    "glucocorticoid_from_spec",
    "hydrocortisone_equivalent",
]
