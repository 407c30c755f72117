"""Romosozumab (anti-sclerostin antibody): one declaration.

Mechanism
    Sclerostin, made by osteocytes, blocks Wnt signalling in osteoblasts and
    raises osteocyte RANKL (Wijenayaka AR et al. PLoS One 2011;6:e25900).
    Blocking it turns on formation on quiescent surfaces (modeling-based
    formation) and lowers resorption (McClung MR et al. N Engl J Med
    2014;370:412). The formation effect wanes within months although the drug
    is still given (formation marker P1NP +145 % at 2 weeks, back to placebo by
    month 9; CTX -55 % at 2 weeks, still -25 % at month 12: Evenity prescribing
    information, pharmacodynamics), through feedback such as a rise of DKK1.
    Existing drives only: ``modeling`` (additive) and ``rankl_expression``.

Pharmacokinetics (closed form)
    One compartment, first-order absorption and elimination summed over the dose
    train, scaled so that 210 mg monthly gives the label's steady-state trough
    (``romosozumab_trough_ss``). The fraction of sclerostin bound is
    ``C / (C + romosozumab_ec50)``.

Drives, with occupancy ``o(t)`` and ``w(t) = exp(-(t - start) /
romosozumab_wane_days)`` (time since the first dose):

- ``modeling`` + ``romosozumab_modeling_gain * o * w``
- ``rankl_expression`` x ``1 - o * (late + (early - late) * w)`` with
  ``romosozumab_rankl_suppression_early`` and ``..._late``.

The modeling gain is fitted by ``scripts/fit_new_drugs.py`` on McClung 2014 and
FRAME (Cosman F et al. N Engl J Med 2016;375:1532).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from osteon.parameters.records import Evidence
from osteon.physiology.pharmacology import pk
from osteon.physiology.pharmacology.other import DosedDrug, dose_train
from osteon.physiology.schema import KindSchema, dose_field, every_field
from osteon.physiology.specs import check_fields, read_spec
from osteon.signals import Signals

E = Evidence
KIND = "romosozumab"
SCHEMA = KindSchema(
    kind=KIND,
    fields={"dose": dose_field("210 mg"), "every": every_field("1 month")},
    required=("dose", "every"),
    example="{intervention: romosozumab, dose: 210 mg, every: 1 month}",
)
_REFERENCE = (210.0, 365.25 / 12.0)  # the approved regimen, mg every days
_FIT = ("fitted by scripts/fit_new_drugs.py on 30 stratified subjects per arm with "
        "between-person variability (stop 31; before, on the mean subject: see the script's "
        "docstring)")
_LABEL = "Evenity prescribing information, clinical pharmacology"

RECORDS: list[tuple] = [
    ("romosozumab_halflife", 12.8, "day",
     f"{_LABEL} (mean effective half-life 12.8 days after 3 monthly 210 mg doses; values as "
     "recalled from the label, not re-read in this session)", E.HUMAN_OBSERVATIONAL,
     (6.0, 20.0), "Elimination half-life of romosozumab", "Evenity", False),
    ("romosozumab_absorption_halflife", 1.5, "day",
     f"{_LABEL} (median time to peak about 5 days after s.c. injection)", E.HUMAN_OBSERVATIONAL,
     (0.5, 4.0), "Absorption half-life of s.c. romosozumab", "Evenity", False),
    ("romosozumab_trough_ss", 22.0, "ug/mL",
     f"{_LABEL} (mean steady-state trough about 22 ug/mL on 210 mg monthly; as recalled)",
     E.HUMAN_OBSERVATIONAL, (10.0, 40.0),
     "Serum romosozumab just before a dose at steady state, 210 mg monthly", "Evenity", False),
    ("romosozumab_ec50", 5.0, "ug/mL",
     "Assumption: single s.c. doses of 1 mg/kg or more raise P1NP, lower ones little (Padhi D et "
     "al. J Bone Miner Res 2011;26:19); set so that 210 mg monthly keeps sclerostin about 80 % "
     "bound through the dosing interval", E.ASSUMED, (1.0, 20.0),
     "Serum romosozumab binding half of sclerostin's bone effect", "Padhi2011", False),
    ("romosozumab_wane_days", 90.0, "day",
     f"{_LABEL} (P1NP peak +145 % at 2 weeks, back to placebo at month 9 under continued "
     "dosing); McClung 2014", E.HUMAN_RCT, (45.0, 180.0),
     "Time constant of the waning of romosozumab's formation effect", "McClung2014", False),
    ("romosozumab_rankl_suppression_early", 0.55, "1",
     f"{_LABEL} (CTX -55 % vs placebo 2 weeks after the first dose)", E.HUMAN_RCT, (0.2, 0.8),
     "Share of RANKL expression removed early by bound romosozumab", "Evenity", False),
    ("romosozumab_rankl_suppression_late", 0.25, "1",
     f"{_LABEL} (CTX -25 % vs placebo at month 12)", E.HUMAN_RCT, (0.05, 0.5),
     "Share of RANKL expression removed after the formation effect has waned", "Evenity",
     False),
    ("romosozumab_modeling_gain", 2.29, "1",
     f"{_FIT}: McClung MR et al. N Engl J Med 2014;370:412 (210 mg monthly, spine +11.3 % at "
     "12 months) and Cosman F et al. N Engl J Med 2016;375:1532 (FRAME, spine +13 %, total hip "
     "+7 % at 12 months)", E.FITTED, (0.05, 20.0),
     "Modeling-based osteoblast recruitment at full sclerostin binding, before waning "
     "(reference recruitment units)", "McClung2014", True),
]


@dataclass(frozen=True)
class Romosozumab(DosedDrug):
    """Romosozumab s.c.: ``dose`` (with units) ``every`` (a time).

    Examples
    --------
    >>> Romosozumab(dose="210 mg", every="1 month").every_days
    30.4375
    >>> Romosozumab(dose="210 g", every="1 month")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    osteon.errors.OsteonInputError: romosozumab.dose: mg per injection 210000 is outside ...
    """

    dose: str = "210 mg"
    every: str = "1 month"
    spec_example: ClassVar[str] = SCHEMA.example
    kind: ClassVar[str] = KIND
    phase: ClassVar[int] = 2
    evidence: ClassVar[Evidence] = Evidence.HUMAN_RCT
    citation: ClassVar[str] = (
        "McClung MR et al. N Engl J Med 2014;370:412; Cosman F et al. N Engl J Med "
        "2016;375:1532 (FRAME); Evenity prescribing information")

    def __post_init__(self) -> None:
        super().__post_init__()
        self._set_dose((7.0, 184.0), 2100.0, per_day=False, example="dose: 210 mg",
                       every_example="every: 1 month")

    def concentration(self, t, params):
        """Serum romosozumab (ug/mL) at ``t`` (days), closed form."""
        ka = pk.rate(params["romosozumab_absorption_halflife"])
        ke = pk.rate(params["romosozumab_halflife"])
        dose_ref, tau_ref = _REFERENCE
        # Amount per unit dose just before a dose at steady state of the reference regimen.
        trough_unit = float(dose_train(1000.0 * tau_ref - 1e-6, 0.0, None, tau_ref, ka, ke))
        per_mg = params["romosozumab_trough_ss"] / (dose_ref * trough_unit)
        amount = dose_train(t, self.start_day, self.stop_day, self.every_days, ka, ke)
        return per_mg * self.dose_mg * amount

    def occupancy(self, t, params):
        """Fraction of sclerostin's effect blocked (0 without drug)."""
        c = self.concentration(t, params)
        return c / (c + params["romosozumab_ec50"])

    def drives(self, t, params) -> dict[str, Any]:
        """The drives at ``t``: additive ``modeling`` and the factor on ``rankl_expression``."""
        o = self.occupancy(t, params)
        since = np.maximum(np.asarray(t, dtype=float) - self.start_day, 0.0)
        w = np.exp(-since / params["romosozumab_wane_days"])
        early = params["romosozumab_rankl_suppression_early"]
        late = params["romosozumab_rankl_suppression_late"]
        return {"modeling": params["romosozumab_modeling_gain"] * o * w,
                "rankl_expression": 1.0 - o * (late + (early - late) * w)}

    def apply(self, t, signals: Signals, params) -> None:
        if not np.any(np.asarray(t, dtype=float) >= self.start_day):
            return
        d = self.drives(t, params)
        signals.modeling = np.asarray(signals.modeling, dtype=float) + d["modeling"]
        signals.scale("rankl_expression", d["rankl_expression"])

    def describe(self) -> str:
        text = f"{KIND} ({self.dose} every {self.every})"
        return super().describe().replace(KIND, text, 1)


def from_spec(spec: Any) -> Romosozumab:
    """Build :class:`Romosozumab` from its trial-file spec (mapping or ``InterventionSpec``).

    >>> from_spec({"intervention": "romosozumab", "dose": "210 mg", "every": "1 month",
    ...            "stop": "12 months"}).stop_day
    365.25
    """
    fields, start, stop = read_spec(spec, KIND)
    check_fields(KIND, fields, SCHEMA.required, SCHEMA.required, SCHEMA.example)
    return Romosozumab(**{k: fields[k] for k in SCHEMA.required}, start_day=start,
                       stop_day=stop)


__all__ = ["KIND", "RECORDS", "SCHEMA", "Romosozumab", "from_spec"]
