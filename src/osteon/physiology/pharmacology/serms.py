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
    needs the competitive model below (off by default).

Tamoxifen (an Osteon extension: FORMAT.md does not list it)
    Declared so that prior adjuvant tamoxifen can be written (MA.17B, Perez 2006).
    In postmenopausal women it preserves bone like raloxifene (Powles TJ et al. J Clin
    Oncol 1996;14:78, abstract: +1.17 %/year spine, +1.71 %/year hip on 20 mg/day against
    a nonsignificant loss on placebo). **Known limit:** in premenopausal women the same
    trial found a *loss* (-1.44 %/year spine on tamoxifen against +0.24 %/year on placebo),
    tamoxifen competing with the woman's own, higher estradiol. The default (additive) SERM
    is a pure agonist added to estradiol, so a premenopausal woman on tamoxifen does not lose
    bone (``tests/physiology/pharmacology/test_tamoxifen.py``, a strict xfail); the
    competitive model gives the direction, about a fifth of the size (strict xfail in
    ``test_serm_competition.py``). Either way a SERM taken against estradiol above
    30 pg/mL is flagged as extrapolated (the potencies are fitted in postmenopausal women).

Competition with estradiol (``serm_estradiol_competition``, 0 by default)
    A SERM binds the estrogen receptor competitively with estradiol and, on bone, activates
    it less fully (Riggs and Hartmann 2003; ligand binding of both receptor subtypes: Kuiper
    GG et al. Endocrinology 1997;138:863). With receptor occupancies ``e / (1 + e + s)`` for
    estradiol and ``s / (1 + e + s)`` for the drug (``e = E2 / K_E2``, ``s = D / K_S``) and a
    bone signal ``occ_E2 + f * occ_S`` (intrinsic efficacy ``f`` < 1), the estradiol that
    gives the same signal alone is exactly::

        E2_eff = K_E2 (e + f s) / (1 + (1 - f) s) = E2 (1 - q) + C q,
        q = D / (D + ed50),  ed50 = K_S / (1 - f),  C = f K_E2 / (1 - f),

    so the woman's own estradiol is read only on the receptors the drug leaves free (share
    ``1 - q``), and the drug's share reads a *ceiling* ``C`` (``<agent>_e2_ceiling``, pg/mL).
    Bone data identify ``C`` and ``ed50`` only, not ``f`` and ``K_E2`` apart. When the
    woman's estradiol is below ``C`` (after the menopause) the drug raises bone's estrogen
    signal; above it (before the menopause) it lowers it, as tamoxifen does in
    premenopausal women (Powles 1996; Vehmanen L et al. J Clin Oncol 2006;24:675:
    menstruating women on tamoxifen -4.6 % spine at 3 years against +0.6 % in controls).
    ``serm_estradiol_competition`` (``c``) weights the two models: ``E2 (1 - c q) + ((1 - c)
    emax + c C) q``; 0 is the additive model above bit for bit, 1 the competitive one. It is
    off by default: at 30 subjects per arm the competitive model moves the premenopausal
    tamoxifen arm in the right direction but not into agreement (README, tamoxifen bullet).
    The ceilings are set so that in the postmenopausal trials the competitive model gives
    the additive model's effects at 30 subjects per arm (the brief of task sermpa: keep the
    fitted low-estradiol behaviour). ``scripts/fit_new_drugs.py --groups raloxifene_ceiling
    bazedoxifene_ceiling tamoxifen_ceiling --set serm_estradiol_competition=1`` refits them
    on the mean subject (report ``scripts/fit_new_drugs_serm_competitive.json``); it gives
    tamoxifen's value but a lower raloxifene ceiling (24.3), because with competition the
    effect depends on each woman's own estradiol and the 30-per-arm populations, whose
    estradiol varies, gain less than their mean subject.

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
# Serum estradiol (pg/mL) above which a SERM user is outside the fitted evidence: every trial
# the potencies are fitted on enrolled postmenopausal women, whose estradiol is mostly below
# 20-30 pg/mL; premenopausal follicular levels start near 30-50 pg/mL.
_FITTED_E2_MAX = 30.0
_CEILING = {a: f"{a}_e2_ceiling" for a in AGENTS}  # read when serm_estradiol_competition > 0
_FIT = ("fitted by scripts/fit_new_drugs.py on 30 stratified subjects per arm with "
        "between-person variability (stop 31; before, on the mean subject: see the script's "
        "docstring)")

RECORDS: list[tuple] = [
    ("serm_estradiol_competition", 0.0, "1",
     "Mechanism: a SERM binds the estrogen receptor competitively with estradiol and, on bone, "
     "activates it less than estradiol does (Riggs BL, Hartmann LC. N Engl J Med 2003;348:618; "
     "binding in Kuiper GG et al. Endocrinology 1997;138:863). 1 gives the competitive model "
     "(the drug's share of receptors reads the drug's ceiling instead of the woman's "
     "estradiol: tamoxifen lowers bone's estrogen signal in premenopausal women, Powles TJ et "
     "al. J Clin Oncol 1996;14:78, -1.44 against +0.24 %/year spine; Vehmanen L et al. J Clin "
     "Oncol 2006;24:675), 0 the former additive one (agonist only). 0 by default: see README "
     "'Trial files beyond FORMAT.md', tamoxifen", E.ASSUMED, (0.0, 1.0),
     "Share of a SERM's receptor occupancy that displaces the woman's own estradiol on bone",
     "Riggs2003", False),
    ("raloxifene_halflife", 1.15, "day",
     "Evista prescribing information, clinical pharmacology (elimination half-life 27.7 h after "
     "single and 32.5 h after multiple oral doses)", E.HUMAN_OBSERVATIONAL, (0.8, 2.0),
     "Elimination half-life of raloxifene", "Evista", False),
    ("bazedoxifene_halflife", 1.25, "day",
     "Duavee/Conbriza prescribing information (bazedoxifene elimination half-life about 30 h)",
     E.HUMAN_OBSERVATIONAL, (0.8, 2.0), "Elimination half-life of bazedoxifene", "Conbriza",
     False),
    ("raloxifene_e2_equivalent_max", 14.4, "pg/mL",
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
    ("bazedoxifene_e2_equivalent_max", 4.06, "pg/mL",
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
    ("tamoxifen_e2_equivalent_max", 41.8, "pg/mL",
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
    # Ceilings of the competitive model (read only when serm_estradiol_competition > 0).
    ("raloxifene_e2_ceiling", 31.0, "pg/mL",
     "Set so that with serm_estradiol_competition = 1 the raloxifene arms at 30 subjects per "
     "arm give the additive model's effects (Delmas PD et al. N Engl J Med 1997;337:1641, 60 mg "
     "minus placebo at 2 years: spine 2.36 against 2.32, total hip 1.72 against 1.73 points; "
     "Johnston 2000 arms at 3 years within 0.25 points). scripts/fit_new_drugs.py on the mean "
     "subject gives 24.3 (group raloxifene_ceiling), on 30 per arm 27.0 (stop 31, stratified draws: 28.2; its objective is pulled down by "
     "Miller 2008's raloxifene arm, a miss of both models)", E.FITTED, (5.0, 80.0),
     "Estradiol level whose bone signal equals that of receptors held by raloxifene "
     "(competitive model)", "Delmas1997", False),
    ("bazedoxifene_e2_ceiling", 14.9, "pg/mL",
     "Set as raloxifene_e2_ceiling, on Miller PD et al. J Bone Miner Res 2008;23:525 (spine "
     "minus placebo at 2 years, 30 per arm: 10, 20, 40 mg 1.26, 1.49, 1.64 against the additive "
     "model's 1.24, 1.47, 1.61 and published 1.08, 1.41, 1.49). scripts/fit_new_drugs.py "
     "gives 14.3 (mean subject) and 14.4 (30 per arm; stop 31, stratified: 14.2)", E.FITTED, (5.0, 80.0),
     "Estradiol level whose bone signal equals that of receptors held by bazedoxifene "
     "(competitive model)", "Miller2008", False),
    ("tamoxifen_e2_ceiling", 51.8, "pg/mL",
     "scripts/fit_new_drugs.py --set serm_estradiol_competition=1 (group tamoxifen_ceiling, "
     "30 stratified subjects per arm since stop 31, report scripts/"
     "fit_new_drugs_serm_competitive.json; 45.15 on the mean subject before) on the "
     "postmenopausal arms of Powles TJ et al. J Clin Oncol 1996;14:78 (20 mg/day: spine +1.17, "
     "hip +1.71 %/year); at 30 per arm it gave the additive model's 1.28 and 0.89 %/year (stop 30). "
     "The premenopausal arms are a prediction, not fitted", E.FITTED, (5.0, 80.0),
     "Estradiol level whose bone signal equals that of receptors held by tamoxifen "
     "(competitive model)", "Powles1996", False),
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

    def receptor_share(self, params) -> float:
        """Steady-state share of bone's estrogen receptors the regimen holds (0-1):
        ``D / (D + ed50)`` at a daily dose ``D``."""
        ed50 = params[_AGENT_PARAMS[self.agent][1]]
        rate = self.dose_mg / self.every_days
        return rate / (rate + ed50)

    def e2_equivalent(self, params) -> float:
        """Steady-state estradiol equivalent on bone (pg/mL) of the regimen, added to the
        woman's own estradiol when ``serm_estradiol_competition`` is 0."""
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
        competition = params["serm_estradiol_competition"]
        if competition == 0.0:  # additive (the former model, bit for bit)
            e2 = h.estradiol + self.e2_equivalent(params) * course
        else:  # the drug's share of the receptors no longer reads the woman's estradiol
            held = self.receptor_share(params) * course
            emax, ceiling = params[_AGENT_PARAMS[self.agent][0]], params[_CEILING[self.agent]]
            e2 = h.estradiol * (1.0 - competition * held) + (
                (1.0 - competition) * emax + competition * ceiling) * held
        signals.set_hormones(estradiol=e2, instant={"estradiol": shown})
        if np.any((course > 0.0) & (h.estradiol > _FITTED_E2_MAX)):
            signals.flag_extrapolated(
                f"serm: {self.agent} against premenopausal estradiol (potency fitted in "
                "postmenopausal women only; Powles 1996's premenopausal loss is a known miss)")

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
