"""Selective estrogen receptor modulators (raloxifene, bazedoxifene, tamoxifen): one declaration.

Mechanism
    On bone a SERM is a partial estrogen agonist: it lowers RANKL and turnover
    as estradiol does, less completely (Riggs BL, Hartmann LC. N Engl J Med
    2003;348:618). The model carries it on the existing estrogen pathways: the
    drug adds an *estradiol equivalent on bone* to the estradiol the bone model
    reads, ``<agent>_e2_equivalent_max * D / (D + <agent>_ed50)`` pg/mL at a
    daily dose ``D`` (mg/day), reached and lost with the drug's elimination
    half-life. The serum estradiol reported in results (``instant`` levels) is
    left unchanged: a SERM does not raise measured estradiol. Because bone reads
    the total, a SERM adds little where the woman's own estradiol already
    saturates the estrogen response (premenopausal women); its antagonism there
    is not modelled.

Tamoxifen (an Osteon extension: FORMAT.md does not list it)
    Declared so that prior adjuvant tamoxifen can be written (MA.17B, Perez 2006).
    In postmenopausal women it preserves bone like raloxifene (Powles TJ et al. J Clin
    Oncol 1996;14:78, abstract: +1.17 %/year spine, +1.71 %/year hip on 20 mg/day against
    a nonsignificant loss on placebo). **Known limit:** in premenopausal women the same
    trial found a *loss* (-1.44 %/year spine on tamoxifen against +0.24 %/year on placebo),
    tamoxifen competing with the woman's own, higher estradiol. The model's SERM is a pure
    agonist added to estradiol, so a premenopausal woman on tamoxifen does not lose bone in
    the model (``tests/physiology/pharmacology/test_tamoxifen.py``, a strict xfail).

The estradiol equivalents are fitted by ``scripts/fit_new_drugs.py`` on Delmas 1997 / Johnston
2000 (raloxifene 30, 60, 150 mg), Miller 2008 (bazedoxifene 10, 20, 40 mg) and the
postmenopausal arms of Powles 1996 (tamoxifen 20 mg); the raloxifene and bazedoxifene ED50s
are set from the ratio of the dose arms' effects, tamoxifen's by assumption (one dose
studied).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from osteon.errors import OsteonInputError
from osteon.parameters.records import Evidence
from osteon.physiology.pharmacology import pk
from osteon.physiology.pharmacology.other import DosedDrug
from osteon.physiology.schema import (
    KindSchema,
    agent_field,
    dose_field,
    every_field,
)
from osteon.physiology.specs import check_fields, read_spec
from osteon.signals import Signals

E = Evidence
KIND = "serm"
AGENTS = ("raloxifene", "bazedoxifene", "tamoxifen")
EXTENSIONS = ("tamoxifen",)  # beyond FORMAT.md (README, "Trial files beyond FORMAT.md")

SCHEMA = KindSchema(
    kind=KIND,
    fields={"agent": agent_field(AGENTS, EXTENSIONS), "dose": dose_field("60 mg"), "every": every_field()},
    required=("agent", "dose", "every"),
    example="{intervention: serm, agent: raloxifene, dose: 60 mg, every: 1 day}",
)

_MAX_MG_PER_DAY = {"raloxifene": 600.0, "bazedoxifene": 400.0,  # 10x the largest dose studied
                   "tamoxifen": 400.0}  # 10x the label's largest dose (20 mg twice daily)
_AGENT_PARAMS = {  # (estradiol equivalent at saturation, ED50, elimination half-life)
    "raloxifene": ("raloxifene_e2_equivalent_max", "raloxifene_ed50", "raloxifene_halflife"),
    "bazedoxifene": ("bazedoxifene_e2_equivalent_max", "bazedoxifene_ed50",
                     "bazedoxifene_halflife"),
    "tamoxifen": ("tamoxifen_e2_equivalent_max", "tamoxifen_ed50", "tamoxifen_halflife"),
}
_FIT = "fitted by scripts/fit_new_drugs.py (calibrate: see the script's docstring)"

RECORDS: list[tuple] = [
    ("raloxifene_halflife", 1.15, "day",
     "Evista prescribing information, clinical pharmacology (elimination half-life 27.7 h after "
     "single and 32.5 h after multiple oral doses)", E.HUMAN_OBSERVATIONAL, (0.8, 2.0),
     "Elimination half-life of raloxifene", "Evista", False),
    ("bazedoxifene_halflife", 1.25, "day",
     "Duavee/Conbriza prescribing information (bazedoxifene elimination half-life about 30 h)",
     E.HUMAN_OBSERVATIONAL, (0.8, 2.0), "Elimination half-life of bazedoxifene", "Conbriza",
     False),
    ("raloxifene_e2_equivalent_max", 15.4, "pg/mL",
     f"{_FIT}: Delmas PD et al. N Engl J Med 1997;337:1641 (60 mg minus placebo at 2 years: "
     "spine +2.4, total hip +2.4 points) and Johnston CC et al. Arch Intern Med 2000;160:3444 "
     "(spine at 3 years: placebo -1.32, 30 mg +0.71, 60 mg +1.28, 150 mg +1.20 %)", E.FITTED,
     (2.0, 60.0), "Estradiol equivalent on bone of a saturating raloxifene dose", "Delmas1997",
     True),
    ("raloxifene_ed50", 15.0, "mg/day",
     "Set by hand from the dose arms of Johnston 2000 (30 mg gives about four fifths of the "
     "60 mg effect; 150 mg no more than 60 mg), not fitted by scripts/fit_new_drugs.py",
     E.HUMAN_RCT, (2.0, 60.0),
     "Daily raloxifene dose giving half the maximal estradiol equivalent", "Johnston2000", False),
    ("bazedoxifene_e2_equivalent_max", 4.8, "pg/mL",
     f"{_FIT}: Miller PD et al. J Bone Miner Res 2008;23:525 (spine minus placebo at 2 years: "
     "10 mg +1.08, 20 mg +1.41, 40 mg +1.49 points; raloxifene 60 mg +1.49)", E.FITTED,
     (2.0, 60.0), "Estradiol equivalent on bone of a saturating bazedoxifene dose", "Miller2008",
     True),
    ("bazedoxifene_ed50", 5.0, "mg/day",
     "Set by hand from the dose arms of Miller 2008 (10 mg gives about three quarters of the "
     "20-40 mg effect), not fitted by scripts/fit_new_drugs.py", E.HUMAN_RCT, (1.0, 30.0),
     "Daily bazedoxifene dose giving half the maximal estradiol equivalent", "Miller2008", False),
    ("tamoxifen_halflife", 7.0, "day",
     "Tamoxifen prescribing information (Swiss Fachinformation, pharmacokinetics: terminal "
     "elimination half-life about 7 days, N-desmethyltamoxifen about 14 days; steady state "
     "after about 4 weeks); the parent drug's value is used, the active metabolites' longer "
     "half-lives bound the range", E.HUMAN_OBSERVATIONAL, (5.0, 14.0),
     "Elimination half-life of tamoxifen", "Nolvadex", False),
    ("tamoxifen_e2_equivalent_max", 34.8, "pg/mL",
     f"{_FIT}: Powles TJ et al. J Clin Oncol 1996;14:78 (PMID 8558225), postmenopausal arms "
     "only (tamoxifen 20 mg/day: spine +1.17, hip +1.71 %/year over 3 years); the "
     "premenopausal arms (-1.44 %/year spine) are an antagonism the model lacks and are left "
     "out of the fit", E.FITTED, (2.0, 60.0),
     "Estradiol equivalent on bone of a saturating tamoxifen dose", "Powles1996", True),
    ("tamoxifen_ed50", 5.0, "mg/day",
     "ASSUMED: only 20 mg/day was studied on bone (Powles 1996), so the ED50 only splits the "
     "fitted product; set so that 20 mg lies on the plateau (80 % of the maximum), as doses "
     "of 2.5-10 mg keep most of 20 mg's effect on breast density (Eriksson M et al. J Clin "
     "Oncol 2021, KARISMA, PMC8189632: 2.5 mg noninferior; a breast, not a bone, endpoint)",
     E.ASSUMED, (1.0, 20.0),
     "Daily tamoxifen dose giving half the maximal estradiol equivalent", "Powles1996", False),
]


@dataclass(frozen=True)
class SERM(DosedDrug):
    """A SERM: ``agent``, ``dose`` (with units) ``every`` (a time).

    Examples
    --------
    >>> SERM(agent="raloxifene", dose="60 mg", every="1 day").dose_mg
    60.0
    >>> SERM(agent="lasofoxifene", dose="0.5 mg")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    osteon.errors.OsteonInputError: serm.agent: 'lasofoxifene' is not one of raloxifene, ...
    """

    agent: str = "raloxifene"
    dose: str = "60 mg"
    every: str = "1 day"
    spec_fields: ClassVar[tuple[str, ...]] = ("agent", "dose", "every")
    spec_example: ClassVar[str] = SCHEMA.example
    kind: ClassVar[str] = KIND
    phase: ClassVar[int] = 2
    evidence: ClassVar[Evidence] = Evidence.HUMAN_RCT
    citation: ClassVar[str] = (
        "Delmas PD et al. N Engl J Med 1997;337:1641; Johnston CC et al. Arch Intern Med "
        "2000;160:3444; Miller PD et al. J Bone Miner Res 2008;23:525; Powles TJ et al. J Clin "
        "Oncol 1996;14:78 (tamoxifen); Riggs BL, Hartmann LC. N Engl J Med 2003;348:618 (SERM "
        "mechanisms)")

    def __post_init__(self) -> None:
        if self.agent not in AGENTS:
            raise OsteonInputError(f"{KIND}.agent", f"{self.agent!r} is not one of "
                                   f"{', '.join(AGENTS)}", "agent: raloxifene")
        super().__post_init__()
        self._set_dose((0.5, 7.0), _MAX_MG_PER_DAY[self.agent], per_day=True,
                       example="dose: 60 mg")

    def e2_equivalent(self, params) -> float:
        """Steady-state estradiol equivalent on bone (pg/mL) of the regimen."""
        emax, ed50, _ = (params[n] for n in _AGENT_PARAMS[self.agent])
        rate = self.dose_mg / self.every_days
        return emax * rate / (rate + ed50)

    def apply(self, t, signals: Signals, params) -> None:
        if not np.any(np.asarray(t, dtype=float) >= self.start_day):
            return
        course = pk.approach_and_washout(t, self.start_day, self.stop_day,
                                         pk.rate(params[_AGENT_PARAMS[self.agent][2]]))
        h = signals.hormones
        shown = (signals.hormones_instant or h).estradiol
        signals.set_hormones(estradiol=h.estradiol + self.e2_equivalent(params) * course,
                             instant={"estradiol": shown})

    def describe(self) -> str:
        text = f"{KIND} ({self.agent} {self.dose} every {self.every})"
        return super().describe().replace(KIND, text, 1)


def from_spec(spec: Any) -> SERM:
    """Build a :class:`SERM` from its trial-file spec (mapping or ``InterventionSpec``).

    >>> from_spec({"intervention": "serm", "agent": "bazedoxifene", "dose": "20 mg",
    ...            "every": "1 day"}).agent
    'bazedoxifene'
    """
    fields, start, stop = read_spec(spec, KIND)
    check_fields(KIND, fields, SCHEMA.required, SCHEMA.required, SCHEMA.example)
    return SERM(**{k: fields[k] for k in SCHEMA.required}, start_day=start, stop_day=stop)


__all__ = ["AGENTS", "EXTENSIONS", "KIND", "RECORDS", "SCHEMA", "SERM", "from_spec"]
