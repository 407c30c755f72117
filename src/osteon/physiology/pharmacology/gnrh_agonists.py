"""GnRH agonists (leuprolide, goserelin, triptorelin): one declaration.

Mechanism
    A long-acting GnRH agonist first stimulates the pituitary (a flare of LH and
    of gonadal sex steroids for 1-2 weeks), then desensitises it: LH and FSH
    fall and the gonads' own sex-steroid production stops. Men's testosterone
    falls to castrate levels (below 50 ng/dL, usually 15-30 ng/dL, within 2-4
    weeks: Lupron Depot and Zoladex prescribing information; Oefelein MG et al.
    J Urol 2000;164:726); women's ovarian estradiol falls to postmenopausal
    levels (Zoladex prescribing information). Adrenal androgens and
    extragonadal estradiol remain. Add-back hormones are separate
    interventions; their levels are left alone.

What the model changes (existing hormones only, no new state)
    With the course ``c(t)`` (first-order approach, ``gnrh_suppression_halflife``,
    from the peak of the flare, desensitisation following stimulation; recovery with ``gnrh_recovery_halflife`` once the last
    depot is spent) and the flare ``f(t) = gnrh_flare_amplitude * x e^(1-x)``,
    ``x = (t - start) / gnrh_flare_peak_days``:

    - men: the endogenous (LH-driven) testosterone, as left by the interventions
      of phases 0-1 (testosterone therapy, aromatase inhibitor, gonadorelin), is
      multiplied by ``1 + f - c (1 - r)``, with ``r`` the share that adrenal
      precursors keep (:func:`adrenal_testosterone`, falling with age like
      DHEA-S); estradiol follows through aromatization;
    - women: the ovarian estradiol (the part of the background above the
      extragonadal level), the ovarian share of testosterone
      (``testosterone_ovarian_share``) and the ovarian progesterone are
      multiplied by ``1 + f - c``.

    The dose does not enter beyond its checks: every approved depot dose
    castrates; ``every`` sets how long the last depot lasts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from osteon.errors import OsteonInputError
from osteon.parameters.records import Evidence
from osteon.physiology.endocrine.background import estradiol_sources
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
KIND = "gnrh_agonist"
AGENTS = ("leuprolide", "goserelin", "triptorelin")
SCHEMA = KindSchema(
    kind=KIND,
    fields={"agent": agent_field(AGENTS), "dose": dose_field("3.6 mg"),
            "every": every_field("4 weeks")},
    required=("agent", "dose", "every"),
    example="{intervention: gnrh_agonist, agent: goserelin, dose: 3.6 mg, every: 4 weeks}",
)
# 10x the largest depot of each agent (leuprolide 45 mg/6 months, goserelin 10.8 mg/12 weeks,
# triptorelin 22.5 mg/6 months), to catch unit slips.
_MAX_DOSE_MG = {"leuprolide": 450.0, "goserelin": 108.0, "triptorelin": 225.0}

RECORDS: list[tuple] = [
    ("gnrh_adrenal_testosterone", 44.0, "ng/dL",
     "Finkelstein JS et al. N Engl J Med 2013;369:1011, abstract (goserelin with placebo gel: mean "
     "44 +/- 13 ng/dL in healthy men aged 20-50); castrate levels 13-16 ng/dL in men with prostate "
     "cancer near 70 (Smith MR. Clin Cancer Res 2007;13:241; Spitz A et al. Prostate Cancer "
     "Prostatic Dis 2012;15:93) follow with the adrenal decline of adrenal_androgen_halving_years",
     E.HUMAN_OBSERVATIONAL, (15.0, 80.0),
     "Testosterone left under full GnRH-agonist suppression (adrenal precursors) in a man of "
     "gnrh_adrenal_reference_age; never more than his own endogenous level", "Finkelstein2013",
     False),
    ("gnrh_adrenal_reference_age", 35.0, "year",
     "Finkelstein 2013 (men aged 20-50: midpoint)", E.HUMAN_OBSERVATIONAL, (30.0, 40.0),
     "Age at which gnrh_adrenal_testosterone was measured", "Finkelstein2013", False),
    ("adrenal_androgen_halving_years", 21.0, "year",
     "Orentreich N et al. J Clin Endocrinol Metab 1984;59:551, abstract (men's serum DHEA-S log "
     "mean 3470 ng/mL at 20-24 years, 670 ng/mL above 70: a fall to 0.19 over about 50 years)",
     E.HUMAN_OBSERVATIONAL, (15.0, 30.0),
     "Years over which adrenal androgen precursors (DHEA-S), and the testosterone made from "
     "them, halve in adult men", "Orentreich1984", False),
    ("gnrh_suppression_halflife", 3.0, "day",
     "Castrate levels reached 2-4 weeks after the first depot (Lupron Depot and Zoladex "
     "prescribing information); mean 15.9 ng/dL by week 4 with leuprolide 45 mg (Spitz A et al. "
     "Prostate Cancer Prostatic Dis 2012;15:93)", E.HUMAN_OBSERVATIONAL, (2.0, 10.0),
     "Half-time of the fall of gonadal sex-steroid production after the first depot", "Lupron",
     False),
    ("gnrh_flare_amplitude", 0.5, "1",
     "Testosterone rises by about half in the first days after a first depot before falling "
     "(Lupron Depot prescribing information; Klotz L et al. BJU Int 2008;102:1531, degarelix vs "
     "leuprolide: testosterone surge in most leuprolide patients)", E.HUMAN_OBSERVATIONAL,
     (0.1, 1.0), "Peak relative rise of gonadal sex steroids during the flare", "Klotz2008",
     False),
    ("gnrh_flare_peak_days", 3.0, "day",
     "The flare peaks 2-4 days after the first depot (Klotz 2008; Lupron Depot prescribing "
     "information)", E.HUMAN_OBSERVATIONAL, (1.0, 7.0),
     "Day of the peak of the flare after the first depot", "Klotz2008", False),
    ("gnrh_recovery_halflife", 90.0, "day",
     "Testosterone recovers over months after the last depot is spent (Nejat RJ et al. Urology "
     "2000;56:1031; longer after long treatment)", E.HUMAN_OBSERVATIONAL, (30.0, 365.0),
     "Half-time of the recovery of gonadal production once the last depot is spent",
     "Nejat2000", False),
]


def adrenal_testosterone(age, params) -> np.ndarray:
    """Testosterone (ng/dL) a man keeps under full GnRH-agonist suppression, by age (years).

    Made from adrenal precursors, it halves every ``adrenal_androgen_halving_years`` like
    DHEA-S (Orentreich 1984), from ``gnrh_adrenal_testosterone`` at
    ``gnrh_adrenal_reference_age`` (Finkelstein 2013).

    >>> from osteon import default_parameters
    >>> [round(float(x)) for x in adrenal_testosterone([35.0, 70.0], default_parameters())]
    [44, 14]
    """
    years = np.asarray(age, dtype=float) - params["gnrh_adrenal_reference_age"]
    return params["gnrh_adrenal_testosterone"] * 2.0 ** (
        -years / params["adrenal_androgen_halving_years"])


@dataclass(frozen=True)
class GnRHAgonist(DosedDrug):
    """A GnRH-agonist depot: ``agent``, ``dose`` (with units) ``every`` (a time).

    Examples
    --------
    >>> GnRHAgonist(agent="leuprolide", dose="22.5 mg", every="3 months").every_days
    91.3125
    >>> GnRHAgonist(agent="degarelix", dose="80 mg", every="1 month")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    osteon.errors.OsteonInputError: gnrh_agonist.agent: 'degarelix' is not one of ...
    """

    agent: str = "goserelin"
    dose: str = "3.6 mg"
    every: str = "4 weeks"
    spec_fields: ClassVar[tuple[str, ...]] = ("agent", "dose", "every")
    spec_example: ClassVar[str] = SCHEMA.example
    kind: ClassVar[str] = KIND
    # After the phase-1 modifiers (aromatase inhibitor, gonadorelin): a desensitised
    # pituitary removes whatever LH-driven production they left or restored.
    phase: ClassVar[int] = 1.5  # type: ignore[assignment]
    evidence: ClassVar[Evidence] = Evidence.HUMAN_OBSERVATIONAL
    citation: ClassVar[str] = (
        "Lupron Depot and Zoladex prescribing information; Oefelein MG et al. J Urol "
        "2000;164:726; Finkelstein JS et al. N Engl J Med 2013;369:1011")

    def __post_init__(self) -> None:
        if self.agent not in AGENTS:
            raise OsteonInputError(f"{KIND}.agent", f"{self.agent!r} is not one of "
                                   f"{', '.join(AGENTS)}", "agent: goserelin")
        super().__post_init__()
        self._set_dose((1.0, 200.0), _MAX_DOSE_MG[self.agent], per_day=False,
                       example="dose: 3.6 mg", every_example="every: 4 weeks")

    def _last_cover(self) -> float | None:
        """Day the last depot given before ``stop`` is spent (None: never stops)."""
        if self.stop_day is None:
            return None
        n = np.ceil((self.stop_day - self.start_day) / self.every_days - 1e-9)
        return self.start_day + n * self.every_days

    def course(self, t, params):
        """Suppression course ``c(t)`` (0 to 1): it starts once the flare has peaked."""
        onset = self.start_day + params["gnrh_flare_peak_days"]
        last = self._last_cover()
        return pk.approach_and_washout(t, onset, None if last is None else max(last, onset + 1.0),
                                       pk.rate(params["gnrh_suppression_halflife"]),
                                       k_off=pk.rate(params["gnrh_recovery_halflife"]))

    def flare(self, t, params):
        """Relative flare ``f(t)`` of gonadal production after the first depot."""
        x = np.maximum(np.asarray(t, dtype=float) - self.start_day, 0.0) \
            / params["gnrh_flare_peak_days"]
        return params["gnrh_flare_amplitude"] * x * np.exp(1.0 - x)

    def apply(self, t, signals: Signals, params) -> None:
        if not np.any(np.asarray(t, dtype=float) >= self.start_day):
            return
        female = np.asarray(signals.female, bool)
        n = female.shape[0]
        c = np.broadcast_to(self.course(t, params), (n,))
        f = np.broadcast_to(self.flare(t, params), (n,))
        h = signals.hormones
        hi = signals.hormones_instant if signals.hormones_instant is not None else h
        base = signals.baseline if signals.baseline is not None else h
        t_now = np.asarray(h.testosterone, float)
        endo = signals.handover.endogenous_testosterone
        endo = np.broadcast_to(t_now if endo is None else np.asarray(endo, float), (n,))
        # Men: the LH-driven part of testosterone; estradiol follows by aromatization. What
        # is left under full suppression is made from adrenal precursors, which fall with age.
        share = np.minimum(adrenal_testosterone(signals.age, params)
                           / np.maximum(endo, 1e-9), 1.0)
        keep_m = np.maximum(1.0 + f - c * (1.0 - share), share)
        d_t_men = endo * (keep_m - 1.0)
        nonarom, ratio = params["estradiol_male_nonaromatized"], params["aromatization_ratio"]
        expected = nonarom + ratio * np.asarray(base.testosterone, float)
        arom = ratio * np.where(expected > 0, np.asarray(base.estradiol, float)
                                / np.maximum(expected, 1e-9), 1.0)
        # Women: ovarian estradiol, the ovarian share of testosterone, ovarian progesterone.
        keep_f = np.maximum(1.0 + f - c, 0.0)
        _, ovarian_e2 = estradiol_sources(base.estradiol, signals.ovarian_fraction,
                                          signals.body_mass_kg, params)
        ovarian_t = params["testosterone_ovarian_share"] * np.asarray(base.testosterone, float)
        ovarian_p = np.maximum(np.asarray(base.progesterone, float)
                               - params["progesterone_postmenopausal"], 0.0)
        d_t = np.where(female, ovarian_t * (keep_f - 1.0), d_t_men)
        d_e2 = np.where(female, ovarian_e2 * (keep_f - 1.0), arom * d_t_men)
        d_p = np.where(female, ovarian_p * (keep_f - 1.0), 0.0)
        signals.set_hormones(
            testosterone=np.maximum(t_now + d_t, 0.0),
            estradiol=np.maximum(np.asarray(h.estradiol, float) + d_e2, 0.0),
            progesterone=np.maximum(np.asarray(h.progesterone, float) + d_p, 0.0),
            instant={"testosterone": np.maximum(np.asarray(hi.testosterone, float) + d_t, 0.0),
                     "estradiol": np.maximum(np.asarray(hi.estradiol, float) + d_e2, 0.0),
                     "progesterone": np.maximum(np.asarray(hi.progesterone, float) + d_p,
                                                0.0)})
        signals.hand_over(endogenous_testosterone=np.where(female, endo, endo + d_t_men))

    def describe(self) -> str:
        text = f"{KIND} ({self.agent} {self.dose} every {self.every})"
        return super().describe().replace(KIND, text, 1)


def from_spec(spec: Any) -> GnRHAgonist:
    """Build :class:`GnRHAgonist` from its trial-file spec (mapping or ``InterventionSpec``).

    >>> from_spec({"intervention": "gnrh_agonist", "agent": "triptorelin",
    ...            "dose": "3.75 mg", "every": "4 weeks"}).agent
    'triptorelin'
    """
    fields, start, stop = read_spec(spec, KIND)
    check_fields(KIND, fields, SCHEMA.required, SCHEMA.required, SCHEMA.example)
    return GnRHAgonist(**{k: fields[k] for k in SCHEMA.required}, start_day=start,
                       stop_day=stop)


__all__ = ["AGENTS", "KIND", "RECORDS", "SCHEMA", "GnRHAgonist", "adrenal_testosterone", "from_spec"]
