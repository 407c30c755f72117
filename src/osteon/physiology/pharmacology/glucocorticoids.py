"""Exogenous glucocorticoids: prednisone, prednisolone, hydrocortisone, dexamethasone.

A dose is converted to its hydrocortisone equivalent ``E`` (mg/day) with the standard
equivalences (prednisone = prednisolone = 4 x hydrocortisone, dexamethasone about 27 x:
20 mg hydrocortisone = 5 mg prednisone = 0.75 mg dexamethasone; Meikle AW & Tyler FH Am J
Med 1977;63:200; Liu D et al. Allergy Asthma Clin Immunol 2013;9:30, Table 1).

**Total glucocorticoid activity, with the adrenal axis.** Exogenous glucocorticoid
suppresses ACTH and so the body's own cortisol: up to about the physiological production
it *replaces* endogenous cortisol rather than adding to it. The total activity relative to
normal is a smooth maximum of the physiological level and the dose,

``r = (1 + (E / E_phys)^n)^(1/n)``,

with ``E_phys`` = ``glucocorticoid_physiological_oral_dose`` (the oral hydrocortisone dose
that replaces normal production, 15-25 mg/day: Bornstein SR et al. J Clin Endocrinol Metab
2016;101:364; production about 10 mg/day, Esteban NV et al. J Clin Endocrinol Metab
1991;72:39) and ``n`` = ``glucocorticoid_axis_sharpness``. Replacement doses give
``r`` close to 1 (near neutral); prednisone 10 mg/day gives ``r`` of about 2.

**Log-dose action on bone.** The bone action is ``a = potency x ln(r) x s(t)``
(``glucocorticoid_bone_potency``; ``s`` the tissue adaptation below), so each doubling of
the dose above physiological adds the same step, as the dose-response of bone loss and
fracture risk with daily dose is roughly logarithmic (van Staa TP et al. Osteoporos Int
2002;13:777; Weinstein RS N Engl J Med 2011;365:62). The action enters through

- the model's cortisol signal ``cortisol x exp(a)``, on which the existing exponents
  suppress osteoblast precursor recruitment (``ob_cortisol_exponent``) and raise RANKL
  (``rankl_cortisol_exponent``);
- matrix synthesis per osteoblast ``x exp(-glucocorticoid_matrix_exponent x a)`` (serum
  osteocalcin falls within days, before osteoblast numbers can change);
- osteoblast apoptosis ``x exp(glucocorticoid_ob_apoptosis_exponent x a)`` and osteocyte
  viability ``x exp(-glucocorticoid_ocy_viability_exponent x a)`` (Weinstein RS et al.
  J Clin Invest 1998;102:274: prednisolone raised osteoblast and osteocyte apoptosis in
  mice, and apoptotic osteocytes were found in patients' biopsies);
- intestinal calcium absorption ``x r^(-glucocorticoid_gut_absorption_exponent)`` (not
  adapted: Klein RG et al. J Clin Invest 1977;60:253, fractional absorption normal at
  8-10 mg/day prednisone and lower at 15-100 mg/day; Colette C et al. Horm Metab Res
  1987;19:335, 51 vs 60 % at 10-25 mg/day prednisolone).

Bone loss is fastest in the first months of a course and slower later (LoCascio V et
al. Bone Miner 1990;8:39; van Staa 2002): ``s(t)`` falls from 1 at the start of a course
to ``glucocorticoid_chronic_fraction`` with time constant
``glucocorticoid_adaptation_time`` (tissue tolerance, assumed). The loss is biphasic because
the two sides of the action adapt differently: the early rise of resorption is transient
while the inhibition of formation persists, smaller (Compston J Endocrine 2018;61:7;
Weinstein 2011), so RANKL follows its own share ``s_res(t)``, falling to
``glucocorticoid_resorption_chronic_fraction`` (0) with the same time constant, while the
recruitment, matrix synthesis, osteoblast apoptosis and osteocyte terms keep ``s(t)``. A new
user on prednisone 10 mg/day loses about 3 % spine in the first year and a long-term user a
few tenths of a percent a year (``scripts/refit_glucocorticoid_adaptation.py``). The dose is switched on
and off with the agent's biological half-life (first order, closed form). Two courses at
once combine multiplicatively on ``r`` (additively on the log-dose scale), an
approximation that is exact for consecutive steps of a taper.

``cortisol`` here is glucocorticoid *activity on bone* in cortisol units, not what an
immunoassay would read (exogenous steroids suppress the adrenal axis and cross-react
variably).
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
from osteon.physiology.schema import EVERY, KindSchema, agent_field, dose_field
from osteon.signals import Signals

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
    Acts on bone through the log-dose action of the module notes (cortisol signal,
    matrix synthesis, osteoblast apoptosis, osteocyte viability) and on gut calcium
    absorption. A taper can be written as consecutive interventions (each starts its
    own adaptation clock).

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
        "Weinstein RS et al. J Clin Invest 1998;102:274 (osteoblast and osteocyte apoptosis); "
        "Klein RG et al. J Clin Invest 1977;60:253 (gut calcium absorption); "
        "Bornstein SR et al. J Clin Endocrinol Metab 2016;101:364 (replacement doses); "
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
        """Hydrocortisone-equivalent dose (mg/day) acting at ``t`` (switched on and off)."""
        e = self.hydrocortisone_mg_per_day(params)
        return e * onoff_response(t, self.start_day, self.stop_day, params[_HALFLIFE[self.agent]])

    def relative_activity(self, t, params):
        """Total glucocorticoid activity relative to normal, ``r`` of the module notes (>= 1).

        >>> from osteon.parameters import default_parameters
        >>> p = default_parameters()
        >>> hc = Glucocorticoid(agent="hydrocortisone", dose="20 mg")
        >>> pred = Glucocorticoid(agent="prednisone", dose="10 mg")
        >>> 1.0 < float(hc.relative_activity(60.0, p)) < 1.3 < float(pred.relative_activity(60.0, p))
        True
        """
        x = np.asarray(self.exposure(t, params), dtype=float) / params[
            "glucocorticoid_physiological_oral_dose"]
        n = params["glucocorticoid_axis_sharpness"]
        return (1.0 + x**n) ** (1.0 / n)

    def _elapsed(self, t):
        """Days of the course up to ``t`` (frozen at ``stop``; 0 before ``start``)."""
        t = np.asarray(t, dtype=float)
        end = np.inf if self.stop_day is None else self.stop_day
        return np.clip(np.minimum(t, end) - self.start_day, 0.0, None)

    def bone_sensitivity(self, t, params):
        """Share of the formation-side action on bone left after tissue adaptation, at ``t``.

        ``f + (1 - f) * exp(-(t - start) / tau)`` during the course (frozen at
        its value at ``stop`` afterwards), with ``f`` =
        ``glucocorticoid_chronic_fraction`` and ``tau`` =
        ``glucocorticoid_adaptation_time``: bone loss is fastest in the first
        months of therapy and slower later.

        >>> from osteon.parameters import default_parameters
        >>> p = default_parameters()
        >>> g = Glucocorticoid(agent="prednisone", dose="10 mg")
        >>> s = g.bone_sensitivity([0.0, 365.0, 3650.0], p)
        >>> bool(s[0] == 1.0 and s[0] > s[1] > s[2] >= p["glucocorticoid_chronic_fraction"])
        True
        """
        f = params["glucocorticoid_chronic_fraction"]
        return f + (1.0 - f) * np.exp(-self._elapsed(t) / params["glucocorticoid_adaptation_time"])

    def resorption_sensitivity(self, t, params):
        """Share of the resorption-side action (RANKL expression) left at ``t``.

        Same kernel as :meth:`bone_sensitivity` with its own persisting share
        ``glucocorticoid_resorption_chronic_fraction``: the rise of resorption is an
        early, transient phase while the suppression of formation persists (Weinstein RS
        N Engl J Med 2011;365:62; Compston J Endocrine 2018;61:7).

        >>> from osteon.parameters import default_parameters
        >>> p = default_parameters()
        >>> g = Glucocorticoid(agent="prednisone", dose="10 mg")
        >>> bool(g.resorption_sensitivity(1095.0, p) < g.bone_sensitivity(1095.0, p))
        True
        """
        f = params["glucocorticoid_resorption_chronic_fraction"]
        return f + (1.0 - f) * np.exp(-self._elapsed(t) / params["glucocorticoid_adaptation_time"])

    def bone_action(self, t, params):
        """Formation-side log-dose action ``a = potency x ln(r) x s(t)`` (0 without exposure)."""
        log_r = np.log(self.relative_activity(t, params))
        return params["glucocorticoid_bone_potency"] * log_r * self.bone_sensitivity(t, params)

    def resorption_action(self, t, params):
        """Resorption-side log-dose action ``potency x ln(r) x s_res(t)``."""
        log_r = np.log(self.relative_activity(t, params))
        return params["glucocorticoid_bone_potency"] * log_r * self.resorption_sensitivity(t, params)

    def apply(self, t, signals: Signals, params) -> None:
        log_r = np.log(self.relative_activity(t, params))
        if not np.any(log_r > 0):
            return
        gain = params["glucocorticoid_bone_potency"] * log_r
        a = gain * self.bone_sensitivity(t, params)
        a_res = gain * self.resorption_sensitivity(t, params)
        # The cortisol signal carries the formation-side action (osteoblast recruitment);
        # RANKL, which the same signal raises through rankl_cortisol_exponent, is moved
        # from that action to the resorption-side one.
        signals.set_hormones(cortisol=signals.hormones.cortisol * np.exp(a))
        signals.scale("rankl_expression",
                      np.exp(params["rankl_cortisol_exponent"] * (a_res - a)))
        signals.scale("matrix_synthesis", np.exp(-params["glucocorticoid_matrix_exponent"] * a))
        signals.scale("ob_apoptosis", np.exp(params["glucocorticoid_ob_apoptosis_exponent"] * a))
        signals.scale("ocy_viability",
                      np.exp(-params["glucocorticoid_ocy_viability_exponent"] * a))
        signals.scale("gut_calcium_absorption",
                      np.exp(-params["glucocorticoid_gut_absorption_exponent"] * log_r))

    def describe(self) -> str:
        return (
            super()
            .describe()
            .replace(self.kind, f"{self.kind} ({self.agent} {self.dose} every {self.every})", 1)
        )


glucocorticoid_from_spec = Glucocorticoid.from_spec
"""Build :class:`Glucocorticoid` from its trial-file spec (:meth:`DosedDrug.from_spec`)."""

# ---------------------------------------------------------------- trial-file declaration
KIND = "glucocorticoid"
SCHEMA = KindSchema(
    KIND,
    {"agent": agent_field(GLUCOCORTICOID_AGENTS), "dose": dose_field("10 mg"), "every": EVERY},
    ("agent", "dose", "every"),
    "{intervention: glucocorticoid, agent: prednisone, dose: 10 mg, every: 1 day}")
"""The trial-file schema, for :mod:`osteon.physiology.pharmacology.registry`."""
from_spec = glucocorticoid_from_spec


__all__ = [
    "GLUCOCORTICOID_AGENTS",
    "KIND",
    "SCHEMA",
    "Glucocorticoid",
    "from_spec",
    "glucocorticoid_from_spec",
    "hydrocortisone_equivalent",
]
