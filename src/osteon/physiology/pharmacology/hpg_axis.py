"""Testosterone therapy, aromatase inhibitors and gonadorelin: the
hypothalamic-pituitary-gonadal (HPG) axis.

Part of the sex-hormone therapies (:mod:`osteon.physiology.pharmacology.sex_hormones`,
which declares their trial-file schemas and builders and re-exports the public names
here). These three act on testosterone and on the estradiol made from it: exogenous
testosterone suppresses the body's own through LH/FSH feedback, an aromatase inhibitor
blocks estradiol synthesis and (in men) raises LH-driven testosterone, and gonadorelin
keeps endogenous production during testosterone therapy.

Hand-over on :class:`~osteon.protocol.HandOver`
-----------------------------------------------
Besides ``set_hormones``, these interventions hand over per-subject arrays in
``signals.handover`` (fields of :class:`~osteon.protocol.HandOver`, set with
:meth:`~osteon.protocol.Signals.hand_over`; None = nothing recorded), so that phase-1
modifiers can act on the parts of the levels they concern, whatever their order in the
protocol:

``hpg_suppressed_testosterone`` (ng/dL)
    Endogenous testosterone removed by LH/FSH feedback from exogenous
    testosterone (set by :class:`Testosterone`; men only). :class:`Gonadorelin`
    gives it back and lowers it accordingly.
``endogenous_testosterone`` (ng/dL)
    The LH-driven (endogenous) part of the current testosterone. An
    :class:`AromataseInhibitor` raises this part in men (less estrogen feedback
    on LH); without a record, all of a man's testosterone is endogenous.
``aromatase_blockade`` (fraction) and ``aromatase_lh_gain`` (fraction)
    Set by :class:`AromataseInhibitor`; :class:`Gonadorelin` applies the blockade
    to the estradiol made from the testosterone it keeps.
``gonadorelin_floor`` and ``gonadorelin_added`` (ng/dL)
    Set by :class:`Gonadorelin`: the endogenous level it maintains and what it added
    to reach it. An aromatase inhibitor applied after it raises only the rest, so the
    endogenous level is ``max(rest x (1 + LH gain), floor)`` in either order and the
    two phase-1 modifiers commute.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from osteon import checks
from osteon.errors import OsteonInputError
from osteon.parameters.records import Evidence
from osteon.physiology.endocrine.background import estradiol_sources
from osteon.physiology.pharmacology import pk
from osteon.physiology.pharmacology.hormone_common import (
    _MAX_RATE_MG_PER_DAY,
    _choice,
    _instant,
    _positive,
)
from osteon.signals import Intervention, Signals

TESTOSTERONE_AGENTS = ("testosterone_cypionate", "testosterone_enanthate", "testosterone_gel",
                       "testosterone_patch")
TESTOSTERONE_ROUTES = {
    "testosterone_cypionate": "intramuscular",
    "testosterone_enanthate": "intramuscular",
    "testosterone_gel": "transdermal",
    "testosterone_patch": "transdermal",
}
AROMATASE_INHIBITOR_AGENTS = ("anastrozole", "letrozole")

# Parameter names per agent (written out so that every record name appears in the code).
_ESTER_PARAMS = {  # (testosterone content, depot release half-life)
    "testosterone_cypionate": ("testosterone_cypionate_fraction",
                               "testosterone_cypionate_depot_halflife"),
    "testosterone_enanthate": ("testosterone_enanthate_fraction",
                               "testosterone_enanthate_depot_halflife"),
}
_AI_PARAMS = {
    "anastrozole": {"women": "anastrozole_aromatase_blockade", "men": "anastrozole_blockade_male",
                    "rise": "anastrozole_testosterone_rise_male",
                    "standard": "anastrozole_standard_dose", "ed50": "anastrozole_ed50",
                    "halflife": "anastrozole_halflife"},
    "letrozole": {"women": "letrozole_aromatase_blockade", "men": "letrozole_blockade_male",
                  "rise": "letrozole_testosterone_rise_male",
                  "standard": "letrozole_standard_dose", "ed50": "letrozole_ed50",
                  "halflife": "letrozole_halflife"},
}

_MAX_TESTOSTERONE_MG_PER_DAY = {  # 600 mg/week enanthate (Bhasin 2001); gel 200 mg; patch 15 mg
    "testosterone_cypionate": 100.0,
    "testosterone_enanthate": 100.0,
    "testosterone_gel": 200.0,
    "testosterone_patch": 15.0,
}

# --------------------------------------------------------------------------- helpers


def _record(signals: Signals, name: str, default) -> np.ndarray:
    """A hand-over array left by another intervention (``default`` if absent).

    ``name`` is a field of :class:`osteon.protocol.HandOver`.
    """
    value = getattr(signals.handover, name)
    n = signals.female.shape[0]
    return np.broadcast_to(np.asarray(default if value is None else value, float), (n,)).copy()


def _male_aromatization(signals: Signals, params) -> np.ndarray:
    """Per-subject serum estradiol per ng/dL testosterone: men's ratio scaled by their E2 lab.

    The background gives men ``(E2_nonaromatized + ratio * T) * scale``, with ``scale``
    set by a measured estradiol; the same scale applies to estradiol made from added
    testosterone.
    """
    base = signals.baseline if signals.baseline is not None else signals.hormones
    nonarom, ratio = params["estradiol_male_nonaromatized"], params["aromatization_ratio"]
    expected = nonarom + ratio * np.asarray(base.testosterone, float)
    scale = np.where(expected > 0, np.asarray(base.estradiol, float) / np.maximum(expected, 1e-9),
                     1.0)
    return ratio * scale


def _aromatization(signals: Signals, params) -> np.ndarray:
    """Serum estradiol (pg/mL) made per ng/dL of added testosterone, per subject."""
    return np.where(signals.female, params["aromatization_ratio_female"],
                    _male_aromatization(signals, params))


# ---------------------------------------------------------------------------- testosterone


@dataclass(frozen=True)
class Testosterone(Intervention):
    """Testosterone therapy: intramuscular esters or transdermal gel and patch.

    Dose to level: ``1e5 * F * dose_rate / clearance`` ng/dL, with ``F`` the
    testosterone content of an ester (intramuscular) or the gel's absorbed
    share (less than dose-proportional: :meth:`gel_absorbed_share`), and the
    sex-specific metabolic clearance rate, which in men falls
    with age (Coviello 2006; see :meth:`_clearance`). Intramuscular esters
    are depots with first-order release (``testosterone_*_depot_halflife``): a
    weekly or fortnightly injection gives peaks and troughs (``instant=``),
    while the bone model reads the dosing-interval average. A patch delivers at a
    constant rate, and so does a gel over the day (its absorption is a saturated skin
    flux, hence less than dose-proportional, with a modest daily fluctuation, Swerdloff
    2000); a gel's level rises and washes out with the skin reservoir's half-life.

    With ``target_ng_dl`` the dose is titrated (``testosterone_titration_halflife``)
    until the testosterone level reaches the target: the trough for injections
    (FORMAT.md: "dose titrated to that trough level"; the injection interval is
    ``testosterone_titrated_injection_interval``), the daily average for gel and
    patch, whose levels change little over a day.

    In men, exogenous testosterone suppresses LH/FSH and so the body's own
    production: the share left is ``r + (1 - r) / (1 + (exo / ED50)^h)``
    (``testosterone_endogenous_residual``, ``testosterone_feedback_ed50``,
    ``testosterone_feedback_hill``; Matsumoto 1990), reached with
    ``hpg_suppression_halflife`` and recovering after the last dose with
    ``hpg_recovery_halflife``. The suppressed amount is recorded on the signals
    (``hpg_suppressed_testosterone``) for :class:`Gonadorelin`. Women's
    testosterone is not suppressed. Added testosterone raises estradiol through
    aromatization (men: ``aromatization_ratio``; women:
    ``aromatization_ratio_female``).

    Parameters
    ----------
    agent
        ``testosterone_cypionate``, ``testosterone_enanthate`` (intramuscular),
        ``testosterone_gel`` or ``testosterone_patch`` (transdermal).
    route
        ``intramuscular`` or ``transdermal``; must match the agent (default: the agent's).
    dose_mg, every_days
        Dose (mg: ester per injection, gel applied, patch delivered) and days between
        doses; or instead
    target_ng_dl
        Target level (ng/dL) for titration.

    Examples
    --------
    >>> from osteon import default_parameters
    >>> ps = default_parameters()
    >>> tc = Testosterone(agent="testosterone_cypionate", dose_mg=100.0, every_days=7.0)
    >>> round(float(tc.exogenous_steady_state(ps, female=False)))  # ng/dL, interval average
    718
    >>> try:
    ...     Testosterone(agent="testosterone_gel", route="intramuscular", dose_mg=50, every_days=1)
    ... except OsteonInputError as err:
    ...     print(err.field, "|", err.example)
    testosterone.route | agent: testosterone_gel, route: transdermal
    """

    agent: str = "testosterone_gel"
    route: str | None = None
    dose_mg: float | None = None
    every_days: float | None = None
    target_ng_dl: float | None = None
    kind: ClassVar[str] = "testosterone"
    phase: ClassVar[int] = 0
    evidence: ClassVar[Evidence] = Evidence.HUMAN_RCT
    citation: ClassVar[str] = (
        "Snyder PJ et al. J Clin Endocrinol Metab 2000;85:2670; Snyder PJ et al. JAMA Intern Med "
        "2017;177:471 (bone); Matsumoto AM. J Clin Endocrinol Metab 1990;70:282 (feedback)")

    def __post_init__(self) -> None:
        super().__post_init__()
        _choice("testosterone.agent", self.agent, TESTOSTERONE_AGENTS,
                "agent: testosterone_cypionate")
        expected = TESTOSTERONE_ROUTES[self.agent]
        if self.route is None:
            object.__setattr__(self, "route", expected)
        elif self.route != expected:
            raise OsteonInputError("testosterone.route",
                                   f"{self.agent} is given {expected}, not {self.route}",
                                   f"agent: {self.agent}, route: {expected}")
        dosed = self.dose_mg is not None or self.every_days is not None
        if dosed and self.target_ng_dl is not None:
            raise OsteonInputError("testosterone.target_ng_dl",
                                   "give either dose and every, or target_ng_dl, not both",
                                   "target_ng_dl: 600")
        if self.target_ng_dl is not None:
            t = _positive("testosterone.target_ng_dl", self.target_ng_dl, "target_ng_dl: 600")
            if t > 3000:
                raise OsteonInputError("testosterone.target_ng_dl",
                                       f"{t:g} ng/dL is above 3000 ng/dL", "target_ng_dl: 600")
            return
        if self.dose_mg is None or self.every_days is None:
            missing = "dose" if self.dose_mg is None else "every"
            raise OsteonInputError(f"testosterone.{missing}",
                                   "needs dose and every, or target_ng_dl",
                                   "dose: 100 mg, every: 1 week")
        _positive("testosterone.dose", self.dose_mg, "dose: 100 mg")
        _positive("testosterone.every", self.every_days, "every: 1 week")
        limit = _MAX_TESTOSTERONE_MG_PER_DAY[self.agent]
        if self.dose_mg / self.every_days > limit:
            raise OsteonInputError(
                "testosterone.dose", f"{self.dose_mg / self.every_days:g} mg/day of {self.agent} "
                f"is above any clinical dose ({limit:g} mg/day); check the unit",
                "dose: 100 mg, every: 1 week")

    # -- pharmacokinetics -----------------------------------------------------------------
    @property
    def titrated(self) -> bool:
        return self.target_ng_dl is not None

    def _pk(self, params) -> dict:
        """Content or bioavailability F, interval tau (days), release and fast rates (1/day)."""
        k_plasma = pk.rate(params["testosterone_plasma_halflife"])
        if self.route == "intramuscular":
            content, depot = _ESTER_PARAMS[self.agent]
            tau = self.every_days if not self.titrated else \
                params["testosterone_titrated_injection_interval"]
            return {"F": params[content], "tau": tau,
                    "k_release": pk.rate(params[depot]),
                    "k_fast": pk.rate(params["testosterone_ester_rise_halflife"]),
                    "zero_order": False}
        tau = self.every_days if not self.titrated else 1.0
        if self.agent == "testosterone_gel":
            # Saturated skin flux: nearly constant delivery over the day (Swerdloff 2000);
            # the skin reservoir sets the rise and the washout.
            return {"F": self.gel_absorbed_share(params), "tau": tau,
                    "k_release": pk.rate(params["testosterone_gel_depot_halflife"]),
                    "k_fast": k_plasma, "zero_order": True}
        return {"F": 1.0, "tau": tau, "k_release": k_plasma, "k_fast": k_plasma,
                "zero_order": True}

    def gel_absorbed_share(self, params) -> float:
        """Share of the applied gel testosterone absorbed: less than dose-proportional.

        ``F0 / (1 + D / Ds)`` with ``D`` the applied mg/day (Swerdloff 2000: 9-14 % over
        50-100 mg/day, 1.4 times the level for twice the dose), ``F0`` =
        ``testosterone_gel_bioavailability``, ``Ds`` = ``testosterone_gel_saturation_dose``
        (``scripts/refit_testosterone_gel.py``). A titrated gel has no fixed dose: ``F0``.

        >>> from osteon import default_parameters
        >>> ps = default_parameters()
        >>> [round(Testosterone(agent="testosterone_gel", dose_mg=d, every_days=1.0)
        ...        .gel_absorbed_share(ps), 3) for d in (12.5, 50.0, 100.0)]
        [0.2, 0.135, 0.095]
        """
        f0 = params["testosterone_gel_bioavailability"]
        if self.titrated or self.dose_mg is None or self.every_days is None:
            return float(f0)
        rate = self.dose_mg / self.every_days
        return float(f0 / (1.0 + rate / params["testosterone_gel_saturation_dose"]))

    @staticmethod
    def _clearance(params, female, age=None) -> np.ndarray:
        """Metabolic clearance rate of testosterone (L/day), per subject.

        Men's clearance falls with age (Coviello 2006: 1821 L/day at 19-35, 1390 at 59-75
        years): ``testosterone_clearance_male`` at ``testosterone_clearance_reference_age``
        plus ``testosterone_clearance_male_age_slope`` per year younger, held within the
        record's plausible range. ``age=None`` gives the reference-age value.
        """
        male = np.asarray(params["testosterone_clearance_male"], float)
        if age is not None:
            years = params["testosterone_clearance_reference_age"] - np.asarray(age, float)
            male = np.clip(male + params["testosterone_clearance_male_age_slope"] * years,
                           800.0, 2000.0)
        return np.where(np.asarray(female, bool), params["testosterone_clearance_female"], male)

    def exogenous_steady_state(self, params, female, age=None) -> np.ndarray:
        """Exogenous testosterone at steady state (ng/dL, interval average) of a fixed dose
        (``age``: the subjects' ages in years, for men's age-dependent clearance)."""
        if self.titrated:
            raise ValueError("a titrated regimen has no fixed dose")
        p = self._pk(params)
        rate = checks.given(self.dose_mg, "dose_mg") / checks.given(
            self.every_days, "every_days")  # mg/day
        return 1e5 * p["F"] * rate / self._clearance(params, female, age)  # mg/L -> ng/dL

    def _unit_profiles(self, t, params) -> tuple[np.ndarray, np.ndarray]:
        """(interval average, instantaneous) of the exogenous level per unit steady state."""
        p = self._pk(params)
        if self.titrated:
            on = pk.approach_and_washout(t, self.start_day, self.stop_day,
                                         pk.rate(params["testosterone_titration_halflife"]),
                                         None, p["k_release"], p["k_fast"])
            if p["zero_order"]:
                return on, on
            ripple = pk.steady_state_ripple(t, p["tau"], p["k_release"], p["k_fast"],
                                            self.start_day)
            if self.stop_day is not None:
                ripple = np.where(np.asarray(t) < self.stop_day, ripple, 1.0)
            return on, on * ripple
        if p["zero_order"]:
            level = pk.approach_and_washout(t, self.start_day, self.stop_day, p["k_release"])
            return level, level
        args = (1.0, p["tau"], p["k_release"], p["k_fast"], self.start_day, self.stop_day)
        return pk.interval_average(t, *args), pk.repeated_dose_level(t, *args)

    def _remaining_share(self, exo, params) -> np.ndarray:
        """Share of men's endogenous production left at exogenous level ``exo`` (ng/dL)."""
        r = params["testosterone_endogenous_residual"]
        x = np.maximum(np.asarray(exo, float), 0.0) / params["testosterone_feedback_ed50"]
        return r + (1.0 - r) / (1.0 + x ** params["testosterone_feedback_hill"])

    def _titrated_exogenous(self, endogenous, female, params) -> np.ndarray:
        """Exogenous interval average (ng/dL) that brings the total to the target.

        Solves ``q * exo + endogenous * remaining(exo) = target`` by bisection, with
        ``q`` the trough/average ratio (injections) or 1 (transdermal); women's
        production is not suppressed.
        """
        p = self._pk(params)
        q = 1.0
        if not p["zero_order"] and self.route == "intramuscular":
            q = float(pk.steady_state_ripple(p["tau"] * (1 - 1e-9), p["tau"], p["k_release"],
                                             p["k_fast"]))
        target = float(checks.given(self.target_ng_dl, "target_ng_dl"))
        endo = np.asarray(endogenous, float)
        female = np.asarray(female, bool)
        lo, hi = np.zeros_like(endo), np.full_like(endo, target / q)
        for _ in range(40):
            mid = 0.5 * (lo + hi)
            share = np.where(female, 1.0, self._remaining_share(mid, params))
            high = q * mid + endo * share > target
            hi, lo = np.where(high, mid, hi), np.where(high, lo, mid)
        return np.where(endo >= target, 0.0, 0.5 * (lo + hi))

    def _suppression_course(self, t, params) -> np.ndarray:
        """Time course (0-1) of the feedback suppression."""
        p = self._pk(params)
        k_on = pk.rate(params["testosterone_titration_halflife"]) if self.titrated \
            else p["k_release"]
        stop = self.stop_day
        if stop is not None and not p["zero_order"] and not self.titrated:
            n = np.ceil((stop - self.start_day) / p["tau"] - 1e-9)
            stop = self.start_day + n * p["tau"]  # the last depot dose still releases
        return pk.approach_and_washout(t, self.start_day, stop, k_on,
                                       pk.rate(params["hpg_suppression_halflife"]),
                                       p["k_release"], pk.rate(params["hpg_recovery_halflife"]))

    def apply(self, t, signals: Signals, params) -> None:
        h, hi = signals.hormones, _instant(signals)
        female = signals.female
        t_now = np.asarray(h.testosterone, float)
        endo = _record(signals, "endogenous_testosterone", t_now)
        if self.titrated:
            exo_ss = self._titrated_exogenous(endo, female, params)
        else:
            exo_ss = self.exogenous_steady_state(params, female, signals.age)
        avg, inst = self._unit_profiles(t, params)
        remaining = np.where(female, 1.0, self._remaining_share(exo_ss, params))
        suppressed = endo * (1.0 - remaining) * self._suppression_course(t, params)
        t_avg = t_now - suppressed + exo_ss * avg
        t_inst = np.asarray(hi.testosterone, float) - suppressed + exo_ss * inst
        arom = _aromatization(signals, params)
        signals.set_hormones(
            testosterone=t_avg, estradiol=h.estradiol + arom * (t_avg - t_now),
            instant={"testosterone": t_inst,
                     "estradiol": hi.estradiol + arom * (t_inst - hi.testosterone)})
        signals.hand_over(
            hpg_suppressed_testosterone=_record(
                signals, "hpg_suppressed_testosterone", 0.0) + suppressed,
            endogenous_testosterone=endo - suppressed)

    def describe(self) -> str:
        how = f"target {self.target_ng_dl:g} ng/dL" if self.titrated else \
            f"{self.dose_mg:g} mg every {self.every_days:g} d"
        return super().describe().replace("testosterone", f"testosterone ({self.agent}, {how})", 1)


# ---------------------------------------------------------------------- aromatase inhibitor


@dataclass(frozen=True)
class AromataseInhibitor(Intervention):
    """Aromatase inhibitor: blocks the conversion of androgens to estradiol.

    The blocked fraction at the standard dose is ``<agent>_aromatase_blockade``
    in women (whole-body aromatization, Geisler 2002) and the smaller effective
    ``<agent>_blockade_male`` in men (solved from the estradiol and
    testosterone changes of Leder 2004, Burnett-Bowie 2009, T'Sjoen 2005); other
    doses scale it as ``D / (D + ED50)``. The blockade builds up and washes out
    with the drug's half-life.

    Women: the aromatization-dependent part of extragonadal estradiol
    (``estradiol_aromatized_share_postmenopausal``) and the estradiol made
    from added testosterone fall by the blocked fraction (postmenopausal
    estradiol: about -85%); ovarian estradiol is left alone (a working ovary
    escapes through a rise of FSH) and so is exogenous estradiol. Men: the
    estradiol made from testosterone falls, and less estrogen feedback on LH
    raises the endogenous testosterone (``<agent>_testosterone_rise_male`` at
    the standard dose); exogenous testosterone does not rise.

    Examples
    --------
    >>> from osteon import default_parameters
    >>> ai = AromataseInhibitor(agent="letrozole", dose_mg=2.5)
    >>> round(float(ai.blockade(default_parameters(), female=True)), 3)
    0.991
    """

    agent: str = "anastrozole"
    dose_mg: float = 1.0
    every_days: float = 1.0
    kind: ClassVar[str] = "aromatase_inhibitor"
    phase: ClassVar[int] = 1
    evidence: ClassVar[Evidence] = Evidence.HUMAN_RCT
    citation: ClassVar[str] = (
        "Eastell R et al. J Bone Miner Res 2006;21:1215 (ATAC bone substudy); Geisler J et al. "
        "J Clin Oncol 2002;20:751; Leder BZ et al. J Clin Endocrinol Metab 2004;89:1174")

    def __post_init__(self) -> None:
        super().__post_init__()
        _choice("aromatase_inhibitor.agent", self.agent, AROMATASE_INHIBITOR_AGENTS,
                "agent: anastrozole")
        _positive("aromatase_inhibitor.dose", self.dose_mg, "dose: 1 mg")
        _positive("aromatase_inhibitor.every", self.every_days, "every: 1 day")
        limit = _MAX_RATE_MG_PER_DAY[("aromatase_inhibitor", self.agent, None)]
        if self.dose_mg / self.every_days > limit:
            raise OsteonInputError(
                "aromatase_inhibitor.dose", f"{self.dose_mg / self.every_days:g} mg/day of "
                f"{self.agent} is above any clinical dose ({limit:g} mg/day); check the unit",
                "dose: 1 mg, every: 1 day")

    def blockade(self, params, female) -> np.ndarray:
        """Steady-state fraction of aromatization blocked (per subject)."""
        names = _AI_PARAMS[self.agent]
        d, std, ed50 = self.dose_mg / self.every_days, params[names["standard"]], \
            params[names["ed50"]]
        relative = (d / (d + ed50)) / (std / (std + ed50))
        b = np.where(np.asarray(female, bool), params[names["women"]], params[names["men"]])
        return np.minimum(b * relative, 0.999)

    def apply(self, t, signals: Signals, params) -> None:
        female = signals.female
        names = _AI_PARAMS[self.agent]
        course = pk.approach_and_washout(t, self.start_day, self.stop_day,
                                         pk.rate(params[names["halflife"]]))
        b = self.blockade(params, female) * course
        h, hi = signals.hormones, _instant(signals)
        base = signals.baseline if signals.baseline is not None else h
        t_now, t_inst = np.asarray(h.testosterone, float), np.asarray(hi.testosterone, float)
        # Women: extragonadal estradiol and estradiol made from added testosterone.
        extragonadal, _ = estradiol_sources(base.estradiol, signals.ovarian_fraction,
                                            signals.body_mass_kg, params)
        women_arom = params["estradiol_aromatized_share_postmenopausal"] * extragonadal
        r_f = params["aromatization_ratio_female"]
        women_arom_avg = women_arom + r_f * np.maximum(t_now - base.testosterone, 0.0)
        women_arom_inst = women_arom + r_f * np.maximum(t_inst - base.testosterone, 0.0)
        # Men: estradiol made from testosterone; LH-driven rise of endogenous testosterone.
        r_m = _male_aromatization(signals, params)
        endo = _record(signals, "endogenous_testosterone", t_now)
        rise = params[names["rise"]]
        gain = np.where(female, 0.0, rise * b / max(params[names["men"]], 1e-9))
        # Raise the LH-driven part; a level gonadorelin maintains is a floor, not raised.
        kept = _record(signals, "gonadorelin_added", 0.0)
        rest = (endo - kept) * (1.0 + gain)
        floor = _record(signals, "gonadorelin_floor", 0.0)
        d_t = np.maximum(rest, floor) - endo
        if signals.handover.gonadorelin_added is not None:
            signals.hand_over(gonadorelin_added=np.maximum(floor - rest, 0.0))
        d_e2 = np.where(female, -b * women_arom_avg, -b * r_m * t_now + (1.0 - b) * r_m * d_t)
        d_e2_inst = np.where(female, -b * women_arom_inst,
                             -b * r_m * t_inst + (1.0 - b) * r_m * d_t)
        signals.set_hormones(
            testosterone=t_now + d_t, estradiol=np.maximum(h.estradiol + d_e2, 0.0),
            instant={"testosterone": t_inst + d_t,
                     "estradiol": np.maximum(hi.estradiol + d_e2_inst, 0.0)})
        signals.hand_over(endogenous_testosterone=endo + d_t,
                          aromatase_blockade=np.broadcast_to(b, female.shape).copy(),
                          aromatase_lh_gain=np.broadcast_to(gain, female.shape).copy())

    def describe(self) -> str:
        return super().describe().replace(
            "aromatase_inhibitor", f"aromatase_inhibitor ({self.agent} {self.dose_mg:g} mg every "
            f"{self.every_days:g} d)", 1)


# ------------------------------------------------------------------------------ gonadorelin


@dataclass(frozen=True)
class Gonadorelin(Intervention):
    """Gonadorelin (GnRH): keeps part of the LH/FSH drive during testosterone therapy.

    Gonadorelin *maintains* endogenous production, it does not add to it: during
    testosterone therapy the man's endogenous testosterone is held at no less than
    ``gonadorelin_restoration`` of his pre-therapy endogenous level (the endocrine
    background before any intervention), reached over ``hpg_suppression_halflife``,
    and never above that pre-therapy level. It does not restore everything the
    therapy suppressed, because testosterone and its aromatization to estradiol also
    suppress LH at the pituitary, which exogenous GnRH does not bypass (Pitteloud N et
    al. J Clin Endocrinol Metab 2008;93:784, GnRH-deficient men on pulsatile GnRH),
    and because two or three subcutaneous boluses a week are not the hourly pulses of
    GnRH-pump therapy. An aromatase inhibitor's LH-driven rise is not added on top (the
    level is what the GnRH-driven pituitary keeps). Alone, in a man with an intact
    axis, nothing is suppressed and it does nothing; women are not affected. The
    restored testosterone is aromatized as usual (less what an aromatase inhibitor
    blocks). There are no human data on bone or on this regimen's serum levels: the
    effect is flagged as extrapolated.

    Parameters
    ----------
    dose, dose_unit
        Dose per administration (``mg`` or ``IU``), recorded but not used: any
        usual regimen (e.g. 100 ug two to three times a week) is assumed to
        keep the drive.
    every_days
        Days between administrations.
    """

    dose: float = 0.1
    dose_unit: str = "mg"
    every_days: float = 3.5
    kind: ClassVar[str] = "gonadorelin"
    phase: ClassVar[int] = 1
    evidence: ClassVar[Evidence] = Evidence.ASSUMED
    citation: ClassVar[str] = (
        "No human bone data; GnRH keeps LH/FSH and testosterone secretion: Hoffman AR, Crowley "
        "WF. N Engl J Med 1982;307:1237; pituitary feedback of testosterone via aromatization: "
        "Pitteloud N et al. J Clin Endocrinol Metab 2008;93:784")

    def __post_init__(self) -> None:
        super().__post_init__()
        _positive("gonadorelin.dose", self.dose, "dose: 100 ug")
        _choice("gonadorelin.dose", self.dose_unit, ("mg", "IU"), "dose: 100 ug")
        _positive("gonadorelin.every", self.every_days, "every: 1 week")

    def apply(self, t, signals: Signals, params) -> None:
        female = signals.female
        on = pk.approach_and_washout(t, self.start_day, self.stop_day,
                                     pk.rate(params["hpg_suppression_halflife"]))
        suppressed = _record(signals, "hpg_suppressed_testosterone", 0.0)
        h, hi = signals.hormones, _instant(signals)
        base = signals.baseline if signals.baseline is not None else h
        endo = _record(signals, "endogenous_testosterone", h.testosterone)
        # Maintained share of the pre-therapy endogenous level, bounded by it and by what
        # the therapy suppressed: gonadorelin keeps production, it does not add to it.
        floor = params["gonadorelin_restoration"] * on * np.asarray(base.testosterone, float)
        floor = np.where(female, 0.0, np.minimum(floor, base.testosterone))
        d_t = np.clip(floor - endo, 0.0, suppressed)
        restored = d_t
        signals.hand_over(gonadorelin_floor=floor,
                          gonadorelin_added=_record(signals, "gonadorelin_added", 0.0) + d_t)
        b = _record(signals, "aromatase_blockade", 0.0)
        d_e2 = (1.0 - b) * _male_aromatization(signals, params) * d_t
        signals.set_hormones(testosterone=h.testosterone + d_t, estradiol=h.estradiol + d_e2,
                             instant={"testosterone": hi.testosterone + d_t,
                                      "estradiol": hi.estradiol + d_e2})
        signals.hand_over(hpg_suppressed_testosterone=suppressed - restored,
                          endogenous_testosterone=endo + d_t)
        if np.any(self.active(t)):
            signals.flag_extrapolated("gonadorelin: endogenous testosterone kept during "
                                      "testosterone therapy (no human bone data)")

    def describe(self) -> str:
        return super().describe().replace(
            "gonadorelin", f"gonadorelin ({self.dose:g} {self.dose_unit} every "
            f"{self.every_days:g} d)", 1)
