"""Calibrated parameters that sit on (within a fraction of the range of) a bound, and why.

A calibrated value pinned at a bound of its plausible range is a sign that the fit is pushing
against the model's structure (issue 9). Each such parameter carries a written reason in
:data:`BOUND_REASONS`: what holds it there, as far as it has been probed, and where the
measurement is written down. ``osteon parameters --at-bounds`` prints them, and a test keeps
the table equal to what :func:`at_bounds` finds, so a refit that pins a new parameter (or
frees one) cannot pass without its reason being written (or removed).
"""

from __future__ import annotations

from osteon.parameters.records import ParameterSet

#: A calibrated value within this fraction of its plausible range from a bound is "at" it.
AT_BOUND_FRACTION = 0.02

#: Why each calibrated parameter at a bound is there. "Probed" means measured (the script or
#: README section named); "not probed" means the reason is the team's best reading, untested.
BOUND_REASONS: dict[str, str] = {
    "menopause_transition_midpoint": (
        "Not probed. The fit moves the estradiol fall to 1 year before the final menstrual "
        "period (SWAN hormones, Randolph 2011, put its midpoint near 0) so that bone loss starts "
        "when SWAN measured it, about a year before (Greendale 2012). Likely cause: the model has "
        "no driver of the early transmenopausal turnover rise other than estradiol (FSH's "
        "reported action on osteoclasts, Sun 2006, is not modelled), so bone can only lead the "
        "menstrual calendar if estradiol does."),
    "obp_differentiation_time": (
        "Probed (README 'Denosumab's trough'; scripts/diag_denosumab_suppression.py). With "
        "ob_active_lifespan and tgf_half it shortens the remodeling period, which shrinks the "
        "remodeling-space refill under deep suppression: in the model that refill is linear in "
        "the suppression, while trials show it saturating (DECIDE, Brown 2009), so the fit "
        "buys back denosumab's and alendronate's hip gains through the remodeling period."),
    "ob_active_lifespan": (
        "Probed (README 'Denosumab's trough'). As obp_differentiation_time: the short "
        "remodeling period limits the antiresorptive refill. With formation_open_share 0.5 "
        "(cavities open for the reversal phase plus half the formation period, Parfitt 2000) "
        "it can take Parfitt's ~80-90 days at the same all-files count (166/221), so the "
        "bound reflects the residence structure, not the osteoblast lifespan."),
    "tgf_half": (
        "Probed (README 'Denosumab's trough'). At its upper bound the TGF-beta coupling from "
        "resorption to osteoblast recruitment is nearly linear and weak, which again damps the "
        "refill under suppression; see obp_differentiation_time."),
    "rankl_estrogen_gain": (
        "Not probed. Eghbali-Fatourechi 2003 (RANKL per marrow cell 2-3x after menopause) "
        "suggests a gain near 1-2; the fit takes the lowest value since the estrogen-dependent "
        "erosion depth (BMU balance) and its adaptation carry the menopausal loss. Likely "
        "cause: a larger RANKL gain enlarges the turnover-driven remodeling-space gain of "
        "estrogen therapy, which already overshoots at the hip (PEPI, WHI; README 'Estrogen "
        "deficiency: fast, then adapted')."),
    "ob_androgen_gain": (
        "Probed in part (README 'Androgens: the BMU wall'). Osteoblast recruitment through the "
        "androgen receptor must carry testosterone's gains in men; even at the top of its "
        "range TTrials' trabecular spine gain is short (about 4.7 against 7.5 %), so the "
        "androgen pathway lacks strength or an envelope (periosteal apposition) the model "
        "does not yet give it."),
    "mech_catabolic_gain": (
        "Probed (scripts/probe_mechanostat_bounds.py). Held at the top by LeBlanc 1990's "
        "bed-rest spine and neck and GH replacement's 24-month spine: the model reaches the "
        "bed-rest loss as coupled high turnover, where Zerwekh 1998 found formation markers "
        "unchanged (a strict xfail in tests/physiology/test_unloading.py); unloading needs an "
        "uncoupled (formation-suppressing) arm."),
    "denosumab_ic50": (
        "Probed (README 'Denosumab's trough'). A potency consistent with FREEDOM's CTX at the "
        "trough (IC50 about 0.003 ug/mL) makes the hip gain about three times too large, "
        "because the refill is linear in suppression; the fit weakens the drug instead (CTX "
        "back near baseline before each dose, published -72 %)."),
    "training_accommodation_fraction": (
        "Probed (scripts/probe_mechanostat_bounds.py). Held by men's spine under resistance "
        "training and LIFTMOR's high-intensity arm, whose control loses too little at 65: "
        "nearly all of a training stimulus must be accommodated for these to agree."),
    "estrogen_adaptation_slow_fraction": (
        "A structural switch left off, not a fit: its refit optimum is 1 (the other bound; "
        "scripts/refit_estrogen_slow_adaptation.py), but on all 60 files at 30 subjects per "
        "arm 1 gives 162/221 against 166 at 0 (README 'Estrogen deficiency: fast, then "
        "adapted')."),
}


def at_bounds(params: ParameterSet, fraction: float = AT_BOUND_FRACTION,
              names: list[str] | None = None) -> list[tuple[str, float, str, float, float]]:
    """``(name, value, "low"|"high", low, high)`` for each calibrated parameter at a bound.

    ``names`` restricts the check to those parameters (default: every record marked
    calibrated).
    """
    out = []
    for r in params.records.values():
        if names is None and not r.calibrated:
            continue
        if names is not None and r.name not in names:
            continue
        lo, hi = r.plausible_range
        width = hi - lo
        if width <= 0:
            continue
        if r.value - lo <= fraction * width:
            out.append((r.name, r.value, "low", lo, hi))
        elif hi - r.value <= fraction * width:
            out.append((r.name, r.value, "high", lo, hi))
    return out


def bound_reason(name: str) -> str:
    """The written reason why ``name`` sits at a bound, or a line saying none is written."""
    return BOUND_REASONS.get(name, "No reason written yet (add one to BOUND_REASONS).")
