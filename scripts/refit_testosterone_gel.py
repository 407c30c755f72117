#!/usr/bin/env python
"""Absorption of testosterone from a 1 % hydroalcoholic gel: less than dose-proportional.

Parameters: ``testosterone_gel_bioavailability`` (share of the applied testosterone absorbed
at small applied doses) and ``testosterone_gel_saturation_dose`` (mg/day applied at which
that share has halved). The absorbed amount is ``F0 * D / (1 + D / Ds)``: proportional at
small doses, saturating at large ones (a fixed skin area takes up a limited flux).

Before, one share (0.10) held for every dose. That reproduced the 50 mg/day gel of older
men (validation/trials/kenny-2010-testosterone-gel-frail-men.yaml) but gave about half of
the levels of 12.5 and 25 mg/day in young GnRH-suppressed men
(finkelstein-2013-goserelin-testosterone-dose.yaml: 191 and 337 ng/dL measured, 44 of it
adrenal), and it contradicts the dose comparison of the gel's pivotal PK study.

Data (Swerdloff RS et al. J Clin Endocrinol Metab 2000;85:4500, abstract; 227 hypogonadal
men, AndroGel 50 and 100 mg/day):

1. the 24-h average level (Cavg) on 100 mg/day was 1.4 times that on 50 mg/day: doubling
   the applied dose raised the absorbed amount 1.4-fold (the men's own production is
   small and is neglected);
2. "about 9-14 % of the T applied was bioavailable" over the two doses: the mean of the
   two shares is taken as the midpoint, 11.5 %.

Objective: solve the two equations exactly (two data, two unknowns):
``A(100) / A(50) = 1.4`` gives ``Ds``; the mean share at 50 and 100 mg/day = 0.115 gives F0.

Result (this script): Ds = 66.7 mg/day, F0 = 0.237; absorbed share 13.5 % at 50 mg/day and
9.5 % at 100 (the label's "about 10 %"), 20 % at 12.5 mg/day and 17 % at 25 mg/day.
Check, not fitted: Finkelstein 2013's young men (clearance about 1740 L/day at 35) get
145 and 250 ng/dL from the gel on average, 189 and 294 with the adrenal 44 (measured
191 and 337).

Run: ``python scripts/refit_testosterone_gel.py``.
"""

from __future__ import annotations

CAVG_RATIO_100_VS_50 = 1.4
MEAN_SHARE_50_100 = 0.115  # midpoint of "9-14 %"
LOW_DOSE, HIGH_DOSE = 50.0, 100.0


def fit() -> tuple[float, float]:
    """(F0, Ds) from the two Swerdloff 2000 figures."""
    r = CAVG_RATIO_100_VS_50
    # A(D) = F0 D / (1 + D/Ds); A(100)/A(50) = 2 (Ds + 50) / (Ds + 100) = r
    ds = (r * HIGH_DOSE - 2.0 * LOW_DOSE) / (2.0 - r)
    shares = [1.0 / (1.0 + d / ds) for d in (LOW_DOSE, HIGH_DOSE)]
    f0 = MEAN_SHARE_50_100 / (sum(shares) / len(shares))
    return f0, ds


def main() -> None:
    f0, ds = fit()
    print(f"testosterone_gel_bioavailability  {f0:.3f}")
    print(f"testosterone_gel_saturation_dose  {ds:.1f} mg/day")
    for d in (12.5, 25.0, 50.0, 100.0):
        share = f0 / (1.0 + d / ds)
        print(f"  {d:6.1f} mg/day applied: {100 * share:5.1f} % absorbed, {share * d:5.2f} mg/day")


if __name__ == "__main__":
    main()
