"""DXA precision error per site: short-term (the clinic's least significant change) and
long-term (the measurement error in a trial's SD of percent change).

Split from :mod:`osteon.forecast.dxa` (cross-calibration, T-scores), which re-exports
:data:`PRECISION` and :data:`LONG_TERM_PRECISION`; every number here is a
:class:`~osteon.parameters.records.Parameter` record with its source.
"""

from __future__ import annotations

from osteon.parameters.records import Evidence, Parameter

E = Evidence


def _p(name, value, units, source, rng, description, evidence=E.HUMAN_OBSERVATIONAL):
    return Parameter(name, value, units, source, evidence, rng, description, group="dxa")


_NELSON = (
    "Nelson L et al. J Clin Densitom 2010, doi:10.1016/j.jocd.2009.10.001 (RMS-SD precision "
    "of 8 technologists: spine "
    "0.008-0.011, total hip 0.006-0.016, femoral neck 0.010-0.020 g/cm2); ISCD: LSC = 2.77 x "
    "precision error, measured at each centre (Baim S et al. J Clin Densitom 2005;8:371)"
)
PRECISION = {
    "lumbar_spine": _p(
        "dxa_precision_lumbar_spine",
        1.0,
        "% CV",
        _NELSON,
        (0.7, 2.0),
        "Typical short-term precision error (RMS CV), lumbar spine",
    ),
    "total_hip": _p(
        "dxa_precision_total_hip",
        1.0,
        "% CV",
        _NELSON,
        (0.6, 2.0),
        "Typical short-term precision error (RMS CV), total hip",
    ),
    "femoral_neck": _p(
        "dxa_precision_femoral_neck",
        2.0,
        "% CV",
        _NELSON,
        (1.2, 3.0),
        "Typical short-term precision error (RMS CV), femoral neck",
    ),
    "total_body": _p(
        "dxa_precision_total_body",
        1.0,
        "% CV",
        "Tothill P et al. Br J Radiol 1994;67:1210 ('Precision and accuracy of measurements "
        "of whole-body bone mineral: comparisons between Hologic, Lunar and Norland dual-energy "
        "X-ray absorptiometers'); Radiat Med 1991;9:110 (total-body BMC CV 1.5 % in weekly "
        "scans of two subjects); the value is of their size, not read from a table; ISCD: "
        "measure at each centre (Baim S et al. J Clin Densitom 2005;8:371)",
        (0.5, 1.5),
        "Typical short-term precision error (RMS CV), total-body BMD (so that the simulated "
        "SD of total-body change gets the measurement error of two scans)",
    ),
}
"""Default precision error per site (use the centre's own when known)."""

_LONG_TERM = (
    "Long-term precision (the RMS residual of each person's BMD about a linear trend over "
    "years, Gluer CC et al. Osteoporos Int 1995;5:262) includes what short-term duplicates "
    "miss: repositioning on another day, technologist, scanner drift and software. Bracketing "
    "values: short-term in vivo CVs averaged over 57 studies, spine 1.08 % (Hologic) / 1.22 % "
    "(GE Lunar), femoral neck 1.50 % / 1.97 %, total hip about 1.3 %, and spine 1.2 % / 1.7 % "
    "when the repeat scan was taken at least an hour later (Wilson KE, Smith AP, 'Monitoring "
    "BMD with DXA: short- and long-term precision', Hologic white paper, literature review); "
    "precision errors in women aged 75 (Malmo OPRA, Lunar DPX-L) total hip 0.028 g/cm2, spine "
    "0.016 g/cm2, on Lunar Prodigy total hip 0.009, spine 0.039 g/cm2, men aged 75 (Malmo MrOS, "
    "Prodigy) 0.014 and 0.031 g/cm2 (J Clin Densitom 2010;13:407), i.e. about 1-4 % of elderly "
    "BMD; long-term precision measured over 7 years in 40 postmenopausal women (Patel R et al. "
    "Osteoporos Int 2000;11:68, the method; its values not read here). The value is a judgement "
    "inside these brackets (above the short-term value, within the elderly range), not a fit. "
    "Why it matters: individual rates of spine and femur loss in two consecutive 22-month "
    "periods were unrelated (Pouilles JM et al. Osteoporos Int 1996;6:320, 93 women, Lunar "
    "DPX), so much of a trial's between-person SD of change is not a lasting personal rate"
)
LONG_TERM_PRECISION = {
    "lumbar_spine": _p(
        "dxa_long_term_precision_lumbar_spine",
        1.8,
        "% CV",
        _LONG_TERM,
        (1.2, 3.7),
        "Long-term precision error (RMS CV about each person's trend over the years of a trial), "
        "lumbar spine: the measurement error in a trial's SD of percent change "
        "(osteon.trials.endpoints.measured_sd); elderly spines (osteoarthritis, aortic "
        "calcification) are less reproducible than the short-term clinical value",
    ),
    "total_hip": _p(
        "dxa_long_term_precision_total_hip",
        1.5,
        "% CV",
        _LONG_TERM,
        (1.0, 3.5),
        "Long-term precision error (RMS CV about each person's trend), total hip: the "
        "measurement error in a trial's SD of percent change",
    ),
    "femoral_neck": _p(
        "dxa_long_term_precision_femoral_neck",
        2.5,
        "% CV",
        _LONG_TERM,
        (1.5, 3.5),
        "Long-term precision error (RMS CV about each person's trend), femoral neck: the "
        "measurement error in a trial's SD of percent change",
    ),
    "total_body": _p(
        "dxa_long_term_precision_total_body",
        1.0,
        "% CV",
        "As dxa_precision_total_body (no long-term total-body value found; total-body BMD "
        "averages over the whole skeleton and repositioning matters little)",
        (0.5, 2.0),
        "Long-term precision error, total-body BMD (taken equal to the short-term value)",
    ),
}
"""Long-term precision error per site: what a trial's SD of percent change carries from the
scanner (the short-term :data:`PRECISION` stays the clinical least-significant-change value)."""
