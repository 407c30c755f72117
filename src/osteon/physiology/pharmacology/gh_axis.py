"""The growth-hormone axis: somatropin and GH secretagogues.

Both act on bone through the model's existing GH -> IGF-1 link of the
endocrine background (``igf1 = igf1_age30 * gh ** igf1_gh_exponent`` times the
subject's lab scale): IGF-1 drives osteoblast precursor recruitment and
collagen synthesis in :class:`~osteon.model.BoneModel`. The interventions
change the ``gh`` signal (GH secretion relative to a healthy 30-year-old) and
move ``igf1`` with it, ``igf1_new = igf1 * (gh_new / gh) ** igf1_gh_exponent``,
so that a subject's measured IGF-1 (lab scale) is respected.

- :class:`GrowthHormone` (somatropin): exogenous GH *adds* to the secretion
  signal, in units of the daily dose that matches a healthy 30-year-old's
  secretion (``somatropin_dose_young_adult``); IGF-1 follows with a first-order
  lag (``igf1_response_halflife``). 0.4 mg/day takes an adult with GH
  deficiency from an IGF-1 of about 80 ng/mL to the age-normal range (Molitch
  ME et al. J Clin Endocrinol Metab 2011;96:1587).
- :class:`GHSecretagogue` (sermorelin, ipamorelin, CJC-1295 with or without
  DAC, ibutamoren): the pituitary's own GH secretion is *multiplied*; each agent
  is calibrated on the IGF-1 rise published at a standard dose (see
  :mod:`~osteon.physiology.pharmacology.records_other`). No human bone data
  exist for these agents: whenever one acts, the result is flagged
  ``extrapolated``.

Doses are turned into smooth dosing-interval averages (daily pulses never
reach the solver); CJC-1295 with DAC (half-life about a week) is a closed-form
superposition of its doses.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from osteon.parameters.records import Evidence
from osteon.physiology.pharmacology.other import (
    LN2,
    DosedDrug,
    dose_train,
    dose_train_average,
    onoff_response,
)
from osteon.physiology.schema import EVERY, KindSchema, agent_field, dose_field
from osteon.signals import Signals

GROWTH_HORMONE_AGENTS = ("somatropin",)
GH_SECRETAGOGUE_AGENTS = ("sermorelin", "ipamorelin", "cjc1295_dac", "cjc1295_no_dac", "ibutamoren")

SOMATROPIN_IU_PER_MG = 3.0
"""WHO International Standard for somatropin (88/624, 98/574): 3.0 IU per mg."""

# Agents dosed daily: (reference daily dose, IGF-1 rise at that dose) parameters.
_DAILY_SECRETAGOGUES = {
    "sermorelin": ("sermorelin_reference_dose", "sermorelin_igf1_rise"),
    "ipamorelin": ("ipamorelin_reference_dose", "ipamorelin_igf1_rise"),
    "cjc1295_no_dac": ("cjc1295_no_dac_reference_dose", "cjc1295_no_dac_igf1_rise"),
    "ibutamoren": ("ibutamoren_reference_dose", "ibutamoren_igf1_rise"),
}

# Largest plausible dose per day (mg/day) of each agent; above it the input is rejected.
_MAX_MG_PER_DAY = {
    "somatropin": 10.0,  # adult replacement 0.1-1 mg/day; > 10 mg/day is not a therapy
    "sermorelin": 10.0,
    "ipamorelin": 5.0,
    "cjc1295_no_dac": 5.0,
    "ibutamoren": 100.0,
    "cjc1295_dac": 30.0,  # per dose: Teichman 2006 used up to 250 ug/kg
}
_EXAMPLE_DOSE = {
    "somatropin": "0.4 mg",
    "sermorelin": "0.3 mg",
    "ipamorelin": "0.3 mg",
    "cjc1295_no_dac": "0.1 mg",
    "ibutamoren": "25 mg",
    "cjc1295_dac": "2 mg",
}


def raise_gh(signals: Signals, params, gh_new) -> None:
    """Set ``gh`` to ``gh_new`` and move ``igf1`` along the background's GH -> IGF-1 link.

    ``igf1_new = igf1 * (gh_new / gh) ** igf1_gh_exponent``: the subject's lab
    scale of IGF-1 is kept.
    """
    h = signals.hormones
    gh_now = np.maximum(np.asarray(h.gh, dtype=float), 1e-9)
    gh_new = np.broadcast_to(np.asarray(gh_new, dtype=float), gh_now.shape)
    fold = (gh_new / gh_now) ** params["igf1_gh_exponent"]
    signals.set_hormones(gh=gh_new, igf1=h.igf1 * fold)
    raise_turnover(signals, params, fold)


def raise_turnover(signals: Signals, params, igf1_fold) -> None:
    """Faster remodeling with a therapeutic IGF-1 rise: RANKL scaled by ``fold ** gh_rankl_exponent``.

    GH and IGF-1 raise osteoclastogenesis as well as formation (resorption
    markers rise in the first months of GH replacement and the spine dips
    before it gains: Ohlsson C et al. Endocr Rev 1998;19:55; Rubin J et al.
    J Clin Endocrinol Metab 2002;87:4273, IGF-1 and RANKL). The model's
    background GH -> IGF-1 link acts on osteoblasts only, so therapies add this
    term for the IGF-1 rise they cause.
    """
    signals.scale(
        "rankl_expression", np.asarray(igf1_fold, dtype=float) ** params["gh_rankl_exponent"]
    )


def _str_field(kind: str, name: str, value: Any, choices: tuple[str, ...], example: str) -> None:
    from osteon.errors import OsteonInputError

    if value not in choices:
        raise OsteonInputError(
            f"{kind}.{name}", f"{value!r} is not one of {', '.join(choices)}", example
        )


@dataclass(frozen=True)
class GrowthHormone(DosedDrug):
    """Recombinant human GH (somatropin), injected s.c.

    Parameters
    ----------
    agent
        ``"somatropin"``.
    dose
        Dose per injection with units: ``"0.4 mg"`` or in IU (3 IU = 1 mg).
    every
        Dosing interval, ``"1 day"`` (daily injections) up to ``"1 week"``.
    start_day, stop_day
        Days from the start of follow-up.

    Notes
    -----
    GH secretion signal (relative to a healthy 30-year-old) gains
    ``(dose / every) / somatropin_dose_young_adult`` times a first-order
    rise with half-life ``igf1_response_halflife`` (and the same fall after
    stopping). IGF-1 follows through the background's GH -> IGF-1 link.

    Examples
    --------
    >>> GrowthHormone(dose="0.4 mg").dose_mg
    0.4
    >>> GrowthHormone(dose="1.2 IU").dose_mg
    0.4
    >>> GrowthHormone(dose="-1 mg")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    osteon.errors.OsteonInputError: growth_hormone.dose: a dose cannot be negative ('-1 mg')...
    """

    agent: str = "somatropin"
    dose: str = "0.4 mg"
    every: str = "1 day"
    spec_fields: ClassVar[tuple[str, ...]] = ('agent', 'dose', 'every')
    spec_example: ClassVar[str] = "{intervention: growth_hormone, agent: somatropin, dose: 0.4 mg, every: 1 day}"
    kind: ClassVar[str] = "growth_hormone"
    phase: ClassVar[int] = 0
    evidence: ClassVar[Evidence] = Evidence.HUMAN_RCT
    citation: ClassVar[str] = (
        "Davidson P et al. Clin Endocrinol (Oxf) 2004;60:92 (GH replacement and BMD, "
        "meta-analysis); "
        "Molitch ME et al. J Clin Endocrinol Metab 2011;96:1587 (adult GH deficiency guideline)"
    )

    def __post_init__(self) -> None:
        super().__post_init__()
        kind = self.kind
        _str_field(kind, "agent", self.agent, GROWTH_HORMONE_AGENTS, "agent: somatropin")
        self._set_dose((0.25, 7.0), _MAX_MG_PER_DAY["somatropin"], per_day=True,
                       example="dose: 0.4 mg", units=("mg", "IU"), iu_per_mg=SOMATROPIN_IU_PER_MG)

    def added_gh(self, t, params):
        """GH secretion added at ``t`` (relative to a healthy 30-year-old), scalar or array."""
        rate = self.dose_mg / self.every_days
        level = rate / params["somatropin_dose_young_adult"]
        return level * onoff_response(
            t, self.start_day, self.stop_day, params["igf1_response_halflife"]
        )

    def apply(self, t, signals: Signals, params) -> None:
        added = self.added_gh(t, params)
        if not np.any(added > 0):
            return
        raise_gh(signals, params, signals.hormones.gh + added)

    def describe(self) -> str:
        return (
            super()
            .describe()
            .replace(self.kind, f"{self.kind} ({self.agent} {self.dose} every {self.every})", 1)
        )


@dataclass(frozen=True)
class GHSecretagogue(DosedDrug):
    """A GH secretagogue: GHRH analogues or ghrelin mimetics raising the pituitary's own GH.

    Parameters
    ----------
    agent
        ``"sermorelin"`` (GHRH 1-29), ``"cjc1295_no_dac"`` (modified GRF 1-29,
        short acting), ``"cjc1295_dac"`` (GHRH analogue bound to albumin,
        half-life about a week), ``"ipamorelin"`` (ghrelin-receptor agonist,
        s.c.), ``"ibutamoren"`` (MK-677, oral ghrelin mimetic).
    dose
        Dose per administration with units (``"25 mg"``, ``"300 ug"``).
    every
        Dosing interval (``"1 day"``; CJC-1295 with DAC typically ``"1 week"``).

    Notes
    -----
    Daily agents: IGF-1 rises by ``<agent>_igf1_rise`` at the reference daily
    dose ``<agent>_reference_dose``, with an Emax dose-response (half-maximal
    at ``secretagogue_ed50`` reference doses) and the IGF-1 lag of
    ``igf1_response_halflife``. CJC-1295 with DAC: the drug amount per kg
    (superposed doses, half-life ``cjc1295_dac_halflife``) raises IGF-1 by
    ``cjc1295_dac_igf1_emax * A / (A + cjc1295_dac_amount50)`` (Teichman SL et
    al. J Clin Endocrinol Metab 2006;91:799). GH secretion is multiplied by
    ``(igf1 fold) ** (1 / igf1_gh_exponent)``.

    No human bone data exist: the bone effect is extrapolated from the IGF-1
    rise and flagged as such.

    Examples
    --------
    >>> GHSecretagogue(agent="ibutamoren", dose="25 mg").dose_mg
    25.0
    >>> GHSecretagogue(agent="hexarelin", dose="1 mg")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    osteon.errors.OsteonInputError: gh_secretagogue.agent: 'hexarelin' is not one of sermorelin...
    """

    agent: str = "ibutamoren"
    dose: str = "25 mg"
    every: str = "1 day"
    spec_fields: ClassVar[tuple[str, ...]] = ('agent', 'dose', 'every')
    spec_example: ClassVar[str] = "{intervention: gh_secretagogue, agent: ibutamoren, dose: 25 mg, every: 1 day}"
    kind: ClassVar[str] = "gh_secretagogue"
    phase: ClassVar[int] = 0
    evidence: ClassVar[Evidence] = Evidence.ANIMAL
    citation: ClassVar[str] = (
        "Teichman SL et al. J Clin Endocrinol Metab 2006;91:799 (CJC-1295); Corpas E et al. "
        "J Clin Endocrinol Metab 1992;75:530 (GHRH 1-29); Nass R et al. Ann Intern Med "
        "2008;149:601 (MK-677); Raun K et al. Eur J Endocrinol 1998;139:552 (ipamorelin); "
        "Svensson J et al. J Endocrinol 2000;165:569 (ipamorelin and bone in rats)"
    )

    def __post_init__(self) -> None:
        super().__post_init__()
        kind = self.kind
        _str_field(kind, "agent", self.agent, GH_SECRETAGOGUE_AGENTS, "agent: ibutamoren")
        example = f"dose: {_EXAMPLE_DOSE[self.agent]}"
        if self.agent == "cjc1295_dac":  # a long-acting analogue, dosed weekly
            self._set_dose((1.0, 31.0), _MAX_MG_PER_DAY["cjc1295_dac"], per_day=False,
                           example=example, every_example="every: 1 week")
        else:
            self._set_dose((0.25, 7.0), _MAX_MG_PER_DAY[self.agent], per_day=True,
                           example=example)

    def igf1_fold(self, t, params, body_mass_kg=70.0, instant: bool = False):
        """IGF-1 relative to its level without the drug, at ``t`` (scalar or array).

        ``instant=True`` gives the instantaneous level of CJC-1295 with DAC
        (peaks after each dose) instead of the dosing-interval average; the
        daily agents have no within-interval detail.
        """
        if self.agent == "cjc1295_dac":
            ke = LN2 / params["cjc1295_dac_halflife"]
            per_dose = dose_train if instant else dose_train_average
            amount = (
                self.dose_mg
                / np.asarray(body_mass_kg, dtype=float)
                * per_dose(t, self.start_day, self.stop_day, self.every_days, np.inf, ke)
            )  # mg/kg in body
            rise = (
                params["cjc1295_dac_igf1_emax"] * amount / (amount + params["cjc1295_dac_amount50"])
            )
            return 1.0 + rise
        rate = self.dose_mg / self.every_days
        ref_dose, igf1_rise = _DAILY_SECRETAGOGUES[self.agent]
        x = rate / params[ref_dose]
        k = params["secretagogue_ed50"]
        shape = x * (1.0 + k) / (x + k)  # 1 at the reference dose, Emax at 1 + k
        rise = (
            params[igf1_rise]
            * shape
            * onoff_response(t, self.start_day, self.stop_day, params["igf1_response_halflife"])
        )
        return 1.0 + rise

    def apply(self, t, signals: Signals, params) -> None:
        fold = self.igf1_fold(t, params, signals.body_mass_kg)
        if not np.any(fold > 1.0 + 1e-9):
            return
        signals.flag_extrapolated(f"gh_secretagogue: {self.agent}")
        expo = params["igf1_gh_exponent"]
        h = signals.hormones
        levels = {"gh": h.gh * fold ** (1.0 / expo), "igf1": h.igf1 * fold}
        instant = None
        if self.agent == "cjc1295_dac":
            peak = self.igf1_fold(t, params, signals.body_mass_kg, instant=True)
            hi = signals.hormones_instant if signals.hormones_instant is not None else h
            instant = {"gh": hi.gh * peak ** (1.0 / expo), "igf1": hi.igf1 * peak}
        signals.set_hormones(instant=instant, **levels)
        raise_turnover(signals, params, fold)

    def describe(self) -> str:
        return (
            super()
            .describe()
            .replace(self.kind, f"{self.kind} ({self.agent} {self.dose} every {self.every})", 1)
        )


growth_hormone_from_spec = GrowthHormone.from_spec
"""Build :class:`GrowthHormone` from its trial-file spec (:meth:`DosedDrug.from_spec`)."""


gh_secretagogue_from_spec = GHSecretagogue.from_spec
"""Build :class:`GHSecretagogue` from its trial-file spec (:meth:`DosedDrug.from_spec`)."""

# ---------------------------------------------------------------- trial-file declarations

SCHEMAS = {
    "growth_hormone": KindSchema(
        "growth_hormone",
        {"agent": agent_field(GROWTH_HORMONE_AGENTS), "dose": dose_field("0.4 mg", ("mg", "IU")),
         "every": EVERY},
        ("agent", "dose", "every"),
        "{intervention: growth_hormone, agent: somatropin, dose: 0.4 mg, every: 1 day}"),
    "gh_secretagogue": KindSchema(
        "gh_secretagogue",
        {"agent": agent_field(GH_SECRETAGOGUE_AGENTS), "dose": dose_field("25 mg"),
         "every": EVERY},
        ("agent", "dose", "every"),
        "{intervention: gh_secretagogue, agent: ibutamoren, dose: 25 mg, every: 1 day}"),
}
"""FORMAT.md kind -> trial-file schema, for :mod:`osteon.physiology.pharmacology.registry`."""

BUILDERS = {"growth_hormone": growth_hormone_from_spec,
            "gh_secretagogue": gh_secretagogue_from_spec}
"""FORMAT.md kind -> builder."""


__all__ = [
    "BUILDERS",
    "GH_SECRETAGOGUE_AGENTS",
    "GROWTH_HORMONE_AGENTS",
    "GHSecretagogue",
    "GrowthHormone",
    "SCHEMAS",
    "gh_secretagogue_from_spec",
    "growth_hormone_from_spec",
    "raise_gh",
    "raise_turnover",
]
