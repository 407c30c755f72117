"""Hormone levels by sex and age, with natural or surgical menopause.

All functions are closed-form in age, vectorised over subjects.

**Population reference state.** Every subject's peak bone mass (age 30) steady state is
built from the population-typical levels for sex and age. A measured lab (a testosterone,
estradiol or IGF-1 at the start of follow-up) is the subject's *current* level: it acts
as a deviation from the population-typical curve (the ratio measured / typical at the
start age, kept along the age trajectory) that is assumed to have held for
``measured_level_held_years`` before the start of follow-up (settable; reached over the
half-year before that onset, a smoothing for the solver; 0 years: from the start of
follow-up only). Before the onset, and at the
age-30 reference, the subject follows the population curve. Adult GH deficiency is
treated the same way. So a man of 60 at 150 ng/dL testosterone has spent those years
at a lower level than one at 470 and has lost more bone, instead of both being at their
own steady state (issue 9, item 2).

Sources (full records in :mod:`osteon.parameters.default`):

- Estradiol across the menopause transition: Randolph JF et al. (SWAN)
  J Clin Endocrinol Metab 2011;96:746-754, Fig. 1 (fall concentrated in the
  two years around the final menstrual period).
- Men's testosterone decline: Feldman HA et al. (MMAS) J Clin Endocrinol Metab
  2002;87:589-598; aromatization as the main source of men's estradiol:
  Longcope C et al. J Clin Endocrinol Metab 1969;29:1134.
- Men's SHBG rise with age and the bioavailable share of estradiol that bone reads
  (:meth:`EndocrineBackground.estradiol_bioavailable_share`): Feldman 2002 (MMAS);
  Khosla S et al. J Clin Endocrinol Metab 1998;83:2266; Sodergard R et al. J Steroid
  Biochem 1982;16:801. The serum levels themselves stay total levels.
- GH/IGF-1 decline with age: Iranmanesh A et al. J Clin Endocrinol Metab
  1991;73:1081; Bidlingmaier M et al. J Clin Endocrinol Metab 2014;99:1712.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from osteon.parameters.records import parameter_values

PEAK_BONE_AGE = 30.0
"""Age (years) at which every subject is taken to be at peak bone mass, in steady state."""

REFERENCE_MENOPAUSE_MIN_AGE = 40.0
"""Menopause age (years) below which the peak-bone-mass reference takes the ovarian function of
a menopause at this age. Peak bone mass is reached in the late twenties with premenopausal
ovarian function, also in women whose menopause comes at or before 30 (primary ovarian
insufficiency: about 1 % of women before 40; Coulam CB et al. Obstet Gynecol 1986;67:604), who
then lose bone from it (ESHRE POI guideline, Webber L et al. Hum Reprod 2016;31:926). Without it,
such a woman's age-30 reference would be half postmenopausal and a later normal estradiol would
read as supraphysiological. A menopause at 40 or later is left as it is (its ovarian fraction at
30 is 1 to within 1e-7 at the calibrated transition width, and exactly 1 if surgical)."""

DEVIATION_ONSET_YEARS = 0.5
"""Years over which a measured deviation from the population curve is switched on (smoothstep)."""


def deviation_weight(age, onset_age, width=DEVIATION_ONSET_YEARS):
    """Share (0-1) of a subject's measured deviation in effect at ``age``.

    0 up to ``onset_age - width``, 1 from ``onset_age`` on, a smoothstep in between
    (``width`` 0: a step at ``onset_age``).

    >>> float(deviation_weight(40.0, 50.0)), float(deviation_weight(50.0, 50.0))
    (0.0, 1.0)
    """
    age = np.asarray(age, float)
    onset = np.asarray(onset_age, float)
    width = np.asarray(width, float)
    return _smoothstep(age, onset, onset - width, np.maximum(width, 1e-12), width > 0)


def _smoothstep(age, onset, start, safe, ramp):
    """:func:`deviation_weight` from its age-free parts (``start = onset - width``,
    ``safe = max(width, 1e-12)``, ``ramp = width > 0``), which a background computes once."""
    # (np.minimum/np.maximum rather than np.clip, which costs several microseconds a call;
    # the same values, NaN included)
    x = np.minimum(np.maximum((age - start) / safe, 0.0), 1.0)
    smooth = x * x * (3.0 - 2.0 * x)
    if ramp.all():  # every subject switches on smoothly (np.where would pick smooth)
        return smooth
    return np.where(ramp, smooth, (age >= onset).astype(float))


def deviation_onset_age(start_age, held_years):
    """Age at which a level measured at ``start_age`` is taken to have begun (>= 30.5).

    ``start_age - held_years``, but not before the age-30 reference plus the switch-on
    width (:func:`onset_width`), and not after ``start_age`` (the measured level holds at
    the start).

    >>> float(deviation_onset_age(60.0, 5.0)), float(deviation_onset_age(33.0, 10.0))
    (55.0, 30.5)
    """
    start = np.asarray(start_age, float)
    earliest = PEAK_BONE_AGE + onset_width(held_years)
    return np.minimum(np.maximum(start - np.asarray(held_years, float), earliest),
                      np.maximum(start, earliest))


def onset_width(held_years):
    """Switch-on width (years): half a year, or less when the level held for less (0: a step)."""
    return np.minimum(DEVIATION_ONSET_YEARS, np.maximum(np.asarray(held_years, float), 0.0))


@dataclass(frozen=True)
class Hormones:
    """Serum levels for a batch of subjects at one time (arrays of shape ``(n,)``)."""

    estradiol: np.ndarray  # pg/mL
    testosterone: np.ndarray  # ng/dL
    progesterone: np.ndarray  # ng/mL
    gh: np.ndarray  # relative to a healthy 30-year-old
    igf1: np.ndarray  # ng/mL
    cortisol: np.ndarray  # ug/dL, morning serum


HORMONE_UNITS = {
    "estradiol": "pg/mL",
    "testosterone": "ng/dL",
    "progesterone": "ng/mL",
    "gh": "1 (relative to age 30)",
    "igf1": "ng/mL",
    "cortisol": "ug/dL",
}


def ovarian_fraction(
    age, menopause_age, surgical, width_years, surgical_halflife_days, midpoint_years=0.0
):
    """Fraction of premenopausal ovarian estradiol output still present.

    Natural menopause: a logistic fall with the given width (years), centred
    ``midpoint_years`` after the final menstrual period (negative: before it);
    surgical: an exponential fall with the given half-life (days) from the day
    of bilateral oophorectomy.

    >>> float(ovarian_fraction(51.0, 51.0, False, 0.5, 1.0))
    0.5
    >>> float(ovarian_fraction(52.0, 52.0 - 10 / 365.25, True, 0.5, 1.0)) < 0.01
    True
    """
    age = np.asarray(age, dtype=float)
    rel = age - np.asarray(menopause_age, dtype=float)
    surgical = np.asarray(surgical, dtype=bool)
    natural = 1.0 / (1.0 + np.exp(np.minimum(np.maximum((rel - midpoint_years) / width_years,
                                                        -60.0), 60.0)))
    if not surgical.any() and np.ndim(natural) and (natural.shape == surgical.shape or
                                                    np.broadcast_shapes(natural.shape,
                                                                        surgical.shape)
                                                    == natural.shape):
        return natural  # (np.where would pick it everywhere)
    days_after = np.maximum(rel, 0.0) * 365.25
    surg = np.where(rel < 0.0, 1.0, np.exp(-np.log(2.0) * days_after / surgical_halflife_days))
    return np.where(surgical, surg, natural)


def women_estradiol_parts(ovarian, body_mass_kg, params: Mapping[str, float]
                          ) -> tuple[np.ndarray, np.ndarray]:
    """A woman's population-typical estradiol (pg/mL) as (extragonadal, ovarian) parts.

    Extragonadal: ``estradiol_postmenopausal`` scaled by ``(body mass / 70) **
    estradiol_body_mass_exponent``; ovarian: the ovarian fraction times the premenopausal
    excess. The one formula of :class:`EndocrineBackground` and
    :func:`estradiol_sources`, before any measured deviation.

    >>> from osteon import default_parameters
    >>> extra, ovar = women_estradiol_parts(np.array([0.0, 1.0]), np.full(2, 70.0),
    ...                                     default_parameters())
    >>> bool(ovar[0] == 0.0 and ovar[1] > extra[1] > 0.0)
    True
    """
    extragonadal = params["estradiol_postmenopausal"] * (
        np.asarray(body_mass_kg, float) / 70.0) ** params["estradiol_body_mass_exponent"]
    ovarian_part = np.asarray(ovarian, float) * (
        params["estradiol_premenopausal"] - params["estradiol_postmenopausal"])
    return np.asarray(extragonadal, float), ovarian_part


def estradiol_sources(estradiol: np.ndarray, ovarian: np.ndarray | None,
                      body_mass_kg: np.ndarray | float, params: Mapping[str, float]
                      ) -> tuple[np.ndarray, np.ndarray]:
    """A woman's serum estradiol split into its extragonadal and ovarian parts (pg/mL).

    The background makes a woman's estradiol as ``(E_pm + f (E_pre - E_pm)) * scale``:
    ``E_pm`` the extragonadal (aromatized, body-mass-dependent) level, ``f`` the ovarian
    fraction (:func:`ovarian_fraction`) and ``scale`` her measured deviation, which
    applies to both sources. The split keeps those proportions, so the estradiol of a
    woman 10 years past menopause is all extragonadal whatever her lab: a high level
    after menopause is more aromatization (Dixon 2008: anastrozole and letrozole leave
    about 10 % and 6 % of each woman's estradiol, from 3 to 91 pmol/L at baseline), not
    ovarian estradiol that an aromatase inhibitor cannot reach. Without ``ovarian``
    (``None``) the split falls back to the population-typical extragonadal level: the
    estradiol above it is taken as ovarian.

    Parameters
    ----------
    estradiol
        Serum estradiol before interventions (pg/mL), ``(n,)``.
    ovarian
        Ovarian fraction ``f`` (0-1), ``(n,)``, or ``None``.
    body_mass_kg
        Body mass (kg), ``(n,)``.
    params
        Parameter values (``estradiol_postmenopausal``, ``estradiol_premenopausal``,
        ``estradiol_body_mass_exponent``).

    Returns
    -------
    (extragonadal, ovarian) estradiol, pg/mL, each ``(n,)``; they add up to ``estradiol``.

    Examples
    --------
    >>> from osteon import default_parameters
    >>> p = default_parameters()
    >>> e2 = np.array([20.0, 20.0])
    >>> extra, ovar = estradiol_sources(e2, np.array([0.0, 1.0]), np.full(2, 70.0), p)
    >>> extra.round(2).tolist(), (extra + ovar).tolist()
    ([20.0, 2.0], [20.0, 20.0])
    """
    e2 = np.asarray(estradiol, float)
    level, ovarian_part = women_estradiol_parts(0.0 if ovarian is None else ovarian,
                                                body_mass_kg, params)
    if ovarian is None:
        extra = np.minimum(e2, level)
    else:
        extra = e2 * level / np.maximum(level + ovarian_part, 1e-12)
    return extra, e2 - extra


class EndocrineBackground:
    """Closed-form hormone trajectories for a batch of subjects.

    Parameters
    ----------
    params
        Parameter values (a :class:`~osteon.parameters.ParameterSet`).
    female, menopause_age, surgical, body_mass_kg, gh_deficient
        Arrays of shape ``(n,)`` describing the subjects.
    start_age
        Age (years) at the start of follow-up; measured labs refer to it.
    labs
        Optional measured levels at ``start_age``: a mapping with keys
        ``testosterone_ng_dl``, ``estradiol_pg_ml``, ``igf1_ng_ml`` to arrays
        (NaN where a subject has no measurement).
    held_years
        How long before ``start_age`` the measured levels (and GH deficiency) are
        assumed to have held (default: the parameter ``measured_level_held_years``).
    """

    def __init__(
        self,
        params: Mapping[str, float],
        female,
        menopause_age,
        surgical,
        body_mass_kg,
        gh_deficient,
        start_age,
        labs: Mapping[str, np.ndarray] | None = None,
        held_years=None,
    ) -> None:
        self.p = parameter_values(params)
        self.female = np.asarray(female, dtype=bool)
        n = self.female.shape[0]
        # all women (True), all men (False) or both (None): one sex computes one branch
        self._one_sex = None if n == 0 or not (self.female.all() or not self.female.any()) \
            else bool(self.female[0])
        self._unit_ratio: dict[str, bool] = {}  # measured / typical all 1 (set below)
        self.menopause_age = np.broadcast_to(np.asarray(menopause_age, float), (n,)).copy()
        self.surgical = np.broadcast_to(np.asarray(surgical, bool), (n,)).copy()
        self._any_surgical = bool(self.surgical.any())
        self.body_mass = np.broadcast_to(np.asarray(body_mass_kg, float), (n,)).copy()
        self.gh_deficient = np.broadcast_to(np.asarray(gh_deficient, bool), (n,)).copy()
        self._gh_deficiency = bool(self.gh_deficient.any())
        self.start_age = np.broadcast_to(np.asarray(start_age, float), (n,)).copy()
        held = self.p["measured_level_held_years"] if held_years is None else held_years
        self.held_years = np.broadcast_to(np.asarray(held, float), (n,)).copy()
        self.onset_age = deviation_onset_age(self.start_age, self.held_years)
        width = onset_width(self.held_years)  # deviation_weight's age-free parts, once
        self._weight_parts = (self.onset_age, self.onset_age - width, np.maximum(width, 1e-12),
                              width > 0)
        # Measured / population-typical ratios at the start age (1: no measurement).
        self.ratio_t = np.ones(n)
        self.ratio_e2 = np.ones(n)
        self.ratio_igf1 = np.ones(n)
        labs = labs or {}
        # Testosterone first: in men estradiol is derived from it.
        if "testosterone_ng_dl" in labs:
            meas = np.asarray(labs["testosterone_ng_dl"], float)
            default = self._testosterone(self.start_age)
            self.ratio_t = np.where(np.isfinite(meas), meas / default, 1.0)
        if "estradiol_pg_ml" in labs:
            meas = np.asarray(labs["estradiol_pg_ml"], float)
            default = self._estradiol(self.start_age)
            self.ratio_e2 = np.where(np.isfinite(meas), meas / default, 1.0)
        if "igf1_ng_ml" in labs:
            meas = np.asarray(labs["igf1_ng_ml"], float)
            default = self._igf1(self.start_age)
            self.ratio_igf1 = np.where(np.isfinite(meas), meas / default, 1.0)
        # where no one has a measurement the scale is exactly 1: it is skipped (x * 1.0 == x)
        self._unit_ratio = {k: not np.any(getattr(self, k) != 1.0)
                            for k in ("ratio_t", "ratio_e2", "ratio_igf1")}

    # -- deviations from the population curve -----------------------------------
    def deviation_weight(self, age):
        """Share (0-1) of each subject's measured deviation in effect at ``age``."""
        # inside at_age, which asks four times for its one ages array: computed once (issue 14)
        memo = getattr(self, "_weight_memo", None)
        if memo is not None and memo[0] is age:
            if memo[1] is None:  # (on first use: not at all where nothing deviates)
                memo[1] = _smoothstep(age, *self._weight_parts)
            return memo[1]
        return _smoothstep(np.asarray(age, float), *self._weight_parts)

    def _scaled(self, ratio, age):
        return 1.0 + (ratio - 1.0) * self.deviation_weight(age)

    def _deviated(self, x, name, age):
        """``x`` times :meth:`_scaled` of the ratio ``name``; ``x`` itself where that ratio is 1
        for everyone (the factor is then exactly 1)."""
        if self._unit_ratio.get(name, False):
            return x
        return x * self._scaled(getattr(self, name), age)

    def _by_sex(self, female, male):
        """``np.where(self.female, female(), male())``, calling only the branch in use when
        everyone is of one sex (the same values: the other branch is never picked)."""
        one = self._one_sex
        if one is not None:
            out = female() if one else male()
            if np.shape(out) == self.female.shape:
                return out
        return np.where(self.female, female(), male())

    # -- individual hormones ---------------------------------------------------
    def _testosterone(self, age):
        p = self.p
        years = np.maximum(age - PEAK_BONE_AGE, 0.0)

        def female():
            level = p["testosterone_female_age30"] * np.exp(
                -p["testosterone_female_decline"] * years)
            if not self._any_surgical and np.shape(level) == self.surgical.shape:
                return level  # (np.where below would pick it everywhere)
            after_ovx = self.surgical & (age >= self.menopause_age)
            return np.where(after_ovx, level * (1.0 - p["testosterone_ovarian_share"]), level)

        return self._deviated(self._by_sex(female, lambda: p["testosterone_male_age30"] * np.exp(
            -p["testosterone_male_decline"] * years)), "ratio_t", age)

    def ovarian(self, age: np.ndarray | float) -> np.ndarray:
        """Ovarian fraction (0-1) at ``age`` (years, ``(n,)``): :func:`ovarian_fraction`
        with the subject's menopause; men's values are not used."""
        return self._ovarian(np.maximum(np.asarray(age, dtype=float), PEAK_BONE_AGE))

    def _ovarian(self, age):
        p = self.p
        return ovarian_fraction(
            age,
            self.menopause_age,
            self.surgical,
            p["menopause_transition_width"],
            p["estradiol_surgical_halflife"],
            p["menopause_transition_midpoint"],
        )

    def _estradiol(self, age, testosterone=None, ovarian=None):
        p = self.p
        t = self._testosterone(age) if testosterone is None else testosterone
        frac = self._ovarian(age) if ovarian is None else ovarian

        def female():
            extragonadal, ovarian_part = women_estradiol_parts(frac, self.body_mass, p)
            return extragonadal + ovarian_part

        return self._deviated(self._by_sex(female, lambda: p["estradiol_male_nonaromatized"]
                                           + p["aromatization_ratio"] * t), "ratio_e2", age)

    def estradiol_bioavailable_share(self, age):
        """Bioavailable (non-SHBG-bound) share of serum estradiol relative to age 30, ``(n,)``.

        Bone reads bioavailable estradiol: in men it, not total estradiol, falls with age
        (Khosla S et al. J Clin Endocrinol Metab 1998;83:2266: from 25 to 85 bioavailable
        estradiol about -47 % while total estradiol changed little, SHBG +124 %) and it best
        predicts men's bone loss (Khosla S et al. J Clin Endocrinol Metab 2001;86:3555; Gennari
        L et al. J Clin Endocrinol Metab 2003;88:5327). Men's SHBG rises by ``shbg_male_age_rise``
        a year after 30 (Feldman 2002, MMAS); with SHBG in excess of the steroids, the bound /
        unbound ratio of estradiol grows in proportion to it (mass action), from
        ``r = b / (1 - b)`` at 30 (``b``: ``estradiol_shbg_bound_share_male``, Sodergard 1982)::

            share = (1 + r) / (1 + r exp(k (age - 30)))

        Women's SHBG is taken as constant (share 1): the model's women keep the total-estradiol
        calibration. The share is 1 at 30, so the peak-bone-mass reference is untouched, and the
        estradiol-occupancy parameters keep their total-estradiol meaning for a young man.
        """
        p = self.p
        if self._one_sex:  # all women: np.where's 1.0 for everyone
            return np.full(self.female.shape[0], 1.0)
        b = p.get("estradiol_shbg_bound_share_male", 0.0)
        k = p.get("shbg_male_age_rise", 0.0)
        years = np.maximum(np.asarray(age, float) - PEAK_BONE_AGE, 0.0)
        r = b / (1.0 - b)
        return self._by_sex(lambda: 1.0, lambda: (1.0 + r) / (1.0 + r * np.exp(k * years)))

    def _progesterone(self, age, ovarian=None):
        p = self.p
        frac = self._ovarian(age) if ovarian is None else ovarian
        return self._by_sex(lambda: p["progesterone_postmenopausal"] + frac * (
            p["progesterone_premenopausal"] - p["progesterone_postmenopausal"]),
            lambda: p["progesterone_male"])

    def _gh(self, age):
        p = self.p
        years = np.maximum(age - PEAK_BONE_AGE, 0.0)
        gh = np.exp(-p["gh_decline"] * years)
        if not self._gh_deficiency and np.shape(gh) == self.gh_deficient.shape:
            return gh  # (np.where would pick it everywhere)
        deficient = gh * self._scaled(p["gh_deficiency_residual"], age)
        return np.where(self.gh_deficient, deficient, gh)

    def _igf1(self, age, gh=None):
        p = self.p
        gh = self._gh(age) if gh is None else gh
        return self._deviated(p["igf1_age30"] * gh ** p["igf1_gh_exponent"], "ratio_igf1", age)

    def at_age(self, age) -> Hormones:
        """Hormone levels at the given ages (years, array of shape ``(n,)``).

        Ages under 30 are held at 30: the model starts at peak bone mass.
        """
        age = np.maximum(np.asarray(age, dtype=float), PEAK_BONE_AGE)
        self._weight_memo: list | None = [age, None]  # (the weight, computed on first use)
        try:
            return self._at_age(age)
        finally:
            self._weight_memo = None

    def _at_age(self, age) -> Hormones:
        t = self._testosterone(age)
        ovarian = self._ovarian(age)
        gh = self._gh(age)
        return Hormones(
            estradiol=self._estradiol(age, t, ovarian),
            testosterone=t,
            progesterone=self._progesterone(age, ovarian),
            gh=gh,
            igf1=self._igf1(age, gh),
            cortisol=np.full(self.female.shape[0], self.p["cortisol_baseline"]),
        )

    def reference(self) -> Hormones:
        """Levels at peak bone mass (age 30) that define each subject's steady state.

        Population-typical for sex (and body mass): measured deviations start later. Ovarian
        function is premenopausal (:data:`REFERENCE_MENOPAUSE_MIN_AGE`).
        """
        actual = self.menopause_age
        self.menopause_age = np.maximum(actual, REFERENCE_MENOPAUSE_MIN_AGE)
        try:
            return self.at_age(np.full(self.female.shape[0], PEAK_BONE_AGE))
        finally:
            self.menopause_age = actual
