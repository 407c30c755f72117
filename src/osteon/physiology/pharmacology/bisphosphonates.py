"""Bisphosphonates (alendronate, risedronate, ibandronate, zoledronic acid): one declaration.

Mechanism
    Nitrogen-containing bisphosphonates bind hydroxyapatite at bone surfaces;
    osteoclasts take them up while resorbing, farnesyl pyrophosphate synthase is
    inhibited and the cells lose their function and die by apoptosis (Hughes DE
    et al. J Bone Miner Res 1995;10:1478; Russell RGG et al. Osteoporos Int
    2008;19:733). The model carries this on the existing ``oc_apoptosis`` drive:
    no new state.

Pharmacokinetics (closed form)
    Oral absorption is tiny (``<agent>_oral_bioavailability``, about 0.6 %,
    labels); zoledronic acid is infused (all of the dose reaches plasma). Of the
    drug in plasma, ``<agent>_skeletal_uptake`` binds to bone within hours, the
    rest is excreted in urine. The drug bound at remodeling surfaces, where
    osteoclasts meet it, is a first-order pool per dose: it builds up with
    ``bisphosphonate_onset_halflife`` (the fall of resorption markers within
    one to two weeks of a dose) and leaves the surfaces available to
    osteoclasts with ``bisphosphonate_surface_halflife`` (burial under new
    bone and slow release; the skeletal terminal half-life of alendronate is
    about 10 years, Khan SA et al. J Bone Miner Res 1997;12:1700, but its
    effect offsets over years, FLEX: Black DM et al. JAMA 2006;296:2927). Doses
    are summed in closed form (:func:`~osteon.physiology.pharmacology.other.dose_train`).

Effect
    With ``P`` the surface pool in alendronate-equivalent mg (pool times
    ``<agent>_relative_potency``), osteoclast removal is multiplied by
    ``1 + bisphosphonate_emax * P / (P + bisphosphonate_ec50)``. Several
    bisphosphonate courses (a dose change, a switch of agent) add their pools;
    the factor is that of the summed pool, whatever their order.

Parameters the literature does not pin down (``bisphosphonate_emax``,
``bisphosphonate_ec50``, ``bisphosphonate_surface_halflife`` and the relative
potencies) are fitted by ``scripts/fit_new_drugs.py`` on the project's trial
files (see each record).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from osteon.errors import OsteonInputError
from osteon.parameters.records import Evidence
from osteon.physiology.pharmacology import pk
from osteon.physiology.pharmacology.other import DosedDrug, dose_train
from osteon.physiology.schema import (
    KindSchema,
    agent_field,
    dose_field,
    every_field,
)
from osteon.physiology.specs import check_fields, read_spec
from osteon.signals import Signals

E = Evidence
KIND = "bisphosphonate"
AGENTS = ("alendronate", "risedronate", "ibandronate", "zoledronic_acid")
INTRAVENOUS = ("zoledronic_acid",)

SCHEMA = KindSchema(
    kind=KIND,
    fields={"agent": agent_field(AGENTS), "dose": dose_field("70 mg"),
            "every": every_field("1 week")},
    required=("agent", "dose", "every"),
    example="{intervention: bisphosphonate, agent: alendronate, dose: 70 mg, every: 1 week}",
)

# Largest dose per administration and daily-average dose of any regimen studied, per agent
# (labels; 10x margins catch unit slips such as 70 g).
_MAX_DOSE_MG = {"alendronate": 700.0, "risedronate": 1500.0, "ibandronate": 1500.0,
                "zoledronic_acid": 50.0}
_EVERY_DAYS = (1.0, 731.0)

# Parameter names per agent, written out so that each record name appears in the code.
_AGENT_PARAMS = {
    "alendronate": ("alendronate_oral_bioavailability", "alendronate_skeletal_uptake", None),
    "risedronate": ("risedronate_oral_bioavailability", "risedronate_skeletal_uptake",
                    "risedronate_relative_potency"),
    "ibandronate": ("ibandronate_oral_bioavailability", "ibandronate_skeletal_uptake",
                    "ibandronate_relative_potency"),
    "zoledronic_acid": (None, "zoledronic_acid_skeletal_uptake",
                        "zoledronic_acid_relative_potency"),
}

_FIT = ("fitted by scripts/fit_new_drugs.py on 30 stratified subjects per arm with "
        "between-person variability (stop 31; before, on the mean subject: see the script's "
        "docstring)")

RECORDS: list[tuple] = [
    ("alendronate_oral_bioavailability", 0.0064, "1",
     "Fosamax prescribing information, clinical pharmacology (mean oral bioavailability 0.64 % "
     "for 5-70 mg taken after an overnight fast, 2 h before breakfast); Gertz BJ et al. Clin "
     "Pharmacol Ther 1995;58:288", E.HUMAN_OBSERVATIONAL, (0.002, 0.012),
     "Share of an oral alendronate dose absorbed", "Gertz1995", False),
    ("risedronate_oral_bioavailability", 0.0063, "1",
     "Actonel prescribing information, clinical pharmacology (mean oral bioavailability 0.63 % "
     "fasting)", E.HUMAN_OBSERVATIONAL, (0.002, 0.012),
     "Share of an oral risedronate dose absorbed", "Actonel", False),
    ("ibandronate_oral_bioavailability", 0.006, "1",
     "Boniva prescribing information, clinical pharmacology (mean oral bioavailability about "
     "0.6 % fasting)", E.HUMAN_OBSERVATIONAL, (0.002, 0.012),
     "Share of an oral ibandronate dose absorbed", "Boniva", False),
    ("alendronate_skeletal_uptake", 0.5, "1",
     "Fosamax prescribing information (after an intravenous dose about half is excreted in urine "
     "within 72 h, the rest is taken up by bone); Lin JH. Bone 1996;18:75", E.HUMAN_OBSERVATIONAL,
     (0.3, 0.7), "Share of absorbed alendronate bound to bone", "Lin1996", False),
    ("risedronate_skeletal_uptake", 0.5, "1",
     "Actonel prescribing information (about half of the absorbed dose excreted in urine within "
     "24 h; the remainder is sequestered in bone)", E.HUMAN_OBSERVATIONAL, (0.3, 0.7),
     "Share of absorbed risedronate bound to bone", "Actonel", False),
    ("ibandronate_skeletal_uptake", 0.45, "1",
     "Boniva prescribing information (40-50 % of the circulating drug binds to bone, the rest is "
     "excreted unchanged in urine)", E.HUMAN_OBSERVATIONAL, (0.3, 0.6),
     "Share of absorbed ibandronate bound to bone", "Boniva", False),
    ("zoledronic_acid_skeletal_uptake", 0.6, "1",
     "Reclast prescribing information (39 +/- 16 % of an intravenous dose excreted in urine "
     "within 24 h); Chen T et al. J Clin Pharmacol 2002;42:1228", E.HUMAN_OBSERVATIONAL,
     (0.4, 0.8), "Share of an infused zoledronic acid dose bound to bone", "Chen2002", False),
    ("bisphosphonate_onset_halflife", 3.0, "day",
     "Resorption markers fall within 1-2 weeks of an infusion of zoledronic acid (Reid IR et al. "
     "N Engl J Med 2002;346:653) and of starting oral alendronate (Greenspan SL et al. Ann Intern "
     "Med 2002;137:875, urine NTx down by week 2-4)", E.HUMAN_OBSERVATIONAL, (1.0, 14.0),
     "Half-time for bound bisphosphonate to reach the osteoclasts after a dose", "Reid2002",
     False),
    ("bisphosphonate_surface_halflife", 1819.0, "day",
     f"{_FIT}: FLEX (Black DM et al. JAMA 2006;296:2927: total hip -2.4 %, spine -3.7 % over 5 "
     "years after stopping vs continuing alendronate); bounded below by the slow rise of markers "
     "after stopping and above by the skeletal terminal half-life (about 10 years, Khan SA et al. "
     "J Bone Miner Res 1997;12:1700)", E.FITTED, (90.0, 3650.0),
     "Half-life of bound bisphosphonate at surfaces available to osteoclasts", "Black2006", True),
    ("bisphosphonate_emax", 4.39, "1",
     f"{_FIT}: alendronate 10 mg/day, Liberman UA et al. N Engl J Med 1995;333:1437 (spine +8.8 "
     "points vs placebo at 3 years), Orwoll E et al. N Engl J Med 2000;343:604, Gonnelli S et al. "
     "Calcif Tissue Int 2003;73:133 (resorption markers -50 to -70 %)", E.FITTED, (0.5, 10.0),
     "Maximal rise of osteoclast removal under a saturating bisphosphonate pool (fold - 1)",
     "Liberman1995", True),
    ("bisphosphonate_ec50", 66.0, "mg",
     f"{_FIT}: dose-response of alendronate 5 vs 10 mg/day (Liberman 1995; Saag KG et al. N Engl "
     "J Med 1998;339:292)", E.FITTED, (0.5, 200.0),
     "Surface pool (alendronate-equivalent mg) giving half the maximal effect", "Liberman1995",
     True),
    ("risedronate_relative_potency", 2.44, "1",
     f"{_FIT}: Boonen S et al. J Bone Miner Res 2009;24:719 (35 mg weekly, spine +4.5 points vs "
     "placebo at 2 years). Start: labels' regimens (risedronate 5 mg/day vs alendronate 10 "
     "mg/day) give similar BMD gains with half the bound amount; rank order of potency "
     "alendronate < risedronate (Russell 2008)", E.FITTED, (0.5, 10.0),
     "Antiresorptive effect per bound mg of risedronate, relative to alendronate",
     "Boonen2009", True),
    ("ibandronate_relative_potency", 3.92, "1",
     f"{_FIT}: Reginster JY et al. Ann Rheum Dis 2006;65:654 (MOBILE: 150 mg monthly spine "
     "+6.6 %, 2.5 mg daily +5.0 % at 2 years). Start: ibandronate 2.5 mg/day binds about a "
     "fifth of the alendronate 10 mg/day amount for a similar effect", E.FITTED, (1.0, 20.0),
     "Antiresorptive effect per bound mg of ibandronate, relative to alendronate",
     "Reginster2006", True),
    ("zoledronic_acid_relative_potency", 1.87, "1",
     f"{_FIT}: Black DM et al. N Engl J Med 2007;356:1809 (HORIZON: 5 mg yearly, spine +6.7, "
     "total hip +6.0 points vs placebo at 3 years). Start: 5 mg yearly binds about a quarter of "
     "the alendronate 10 mg/day amount for a similar effect. The fit (1.87) puts zoledronic acid "
     "per bound mg below risedronate and ibandronate, unlike the rank order of FPPS inhibition "
     "(Russell 2008): the pool treats all bound drug alike and a yearly bolus saturates the "
     "effect early in each year", E.FITTED, (1.0, 20.0),
     "Antiresorptive effect per bound mg of zoledronic acid, relative to alendronate",
     "Black2007", True),
]


@dataclass(frozen=True)
class Bisphosphonate(DosedDrug):
    """A bisphosphonate course: ``agent``, ``dose`` (with units) ``every`` (a time).

    Examples
    --------
    >>> Bisphosphonate(agent="alendronate", dose="70 mg", every="1 week").every_days
    7.0
    >>> Bisphosphonate(agent="etidronate")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    osteon.errors.OsteonInputError: bisphosphonate.agent: 'etidronate' is not one of ...
    """

    agent: str = "alendronate"
    dose: str = "70 mg"
    every: str = "1 week"
    spec_fields: ClassVar[tuple[str, ...]] = ("agent", "dose", "every")
    spec_example: ClassVar[str] = SCHEMA.example
    kind: ClassVar[str] = KIND
    phase: ClassVar[int] = 2
    evidence: ClassVar[Evidence] = Evidence.HUMAN_RCT
    citation: ClassVar[str] = (
        "Liberman UA et al. N Engl J Med 1995;333:1437; Black DM et al. JAMA 2006;296:2927 "
        "(FLEX); Black DM et al. N Engl J Med 2007;356:1809 (HORIZON); Russell RGG et al. "
        "Osteoporos Int 2008;19:733 (mechanisms, potency)")

    def __post_init__(self) -> None:
        if self.agent not in AGENTS:
            raise OsteonInputError(f"{KIND}.agent", f"{self.agent!r} is not one of "
                                   f"{', '.join(AGENTS)}", "agent: alendronate")
        super().__post_init__()
        example = "dose: 5 mg, every: 1 year" if self.agent in INTRAVENOUS else \
            "dose: 70 mg, every: 1 week"
        self._set_dose(_EVERY_DAYS, _MAX_DOSE_MG[self.agent], per_day=False,
                       example=example.split(",")[0], every_example=example.split(", ")[1])

    def bound_per_dose(self, params) -> float:
        """Drug (mg) bound to bone per dose: dose x absorbed share x skeletal uptake."""
        f_name, up_name, _ = _AGENT_PARAMS[self.agent]
        absorbed = 1.0 if f_name is None else params[f_name]
        return self.dose_mg * absorbed * params[up_name]

    def potency(self, params) -> float:
        """Effect per bound mg relative to alendronate."""
        name = _AGENT_PARAMS[self.agent][2]
        return 1.0 if name is None else params[name]

    def surface_pool(self, t, params):
        """Alendronate-equivalent drug (mg) at surfaces available to osteoclasts at ``t``."""
        amount = dose_train(t, self.start_day, self.stop_day, self.every_days,
                            pk.rate(params["bisphosphonate_onset_halflife"]),
                            pk.rate(params["bisphosphonate_surface_halflife"]))
        return self.potency(params) * self.bound_per_dose(params) * amount

    def apply(self, t, signals: Signals, params) -> None:
        if not np.any(np.asarray(t, dtype=float) >= self.start_day):
            return
        before = signals.handover.bisphosphonate_pool
        after = np.asarray(before, dtype=float) + self.surface_pool(t, params)
        signals.hand_over(bisphosphonate_pool=after)  # courses add their pools
        signals.scale("oc_apoptosis", removal_factor(after, params)
                      / removal_factor(before, params))

    def describe(self) -> str:
        text = f"{KIND} ({self.agent} {self.dose} every {self.every})"
        return super().describe().replace(KIND, text, 1)


def removal_factor(pool, params):
    """Factor on osteoclast removal for a surface pool (alendronate-equivalent mg).

    >>> from osteon import default_parameters
    >>> float(removal_factor(0.0, default_parameters()))
    1.0
    """
    p = np.asarray(pool, dtype=float)
    return 1.0 + params["bisphosphonate_emax"] * p / (p + params["bisphosphonate_ec50"])


def from_spec(spec: Any) -> Bisphosphonate:
    """Build a :class:`Bisphosphonate` from its trial-file spec (mapping or ``InterventionSpec``).

    >>> from_spec({"intervention": "bisphosphonate", "agent": "zoledronic_acid",
    ...            "dose": "5 mg", "every": "1 year"}).every_days
    365.25
    """
    fields, start, stop = read_spec(spec, KIND)
    check_fields(KIND, fields, SCHEMA.required, SCHEMA.required, SCHEMA.example)
    return Bisphosphonate(**{k: fields[k] for k in SCHEMA.required}, start_day=start,
                          stop_day=stop)


__all__ = ["AGENTS", "KIND", "RECORDS", "SCHEMA", "Bisphosphonate", "from_spec",
           "removal_factor"]
