"""Arrested reversal and the depth of antiresorptive suppression (issue 9, task "arrest").

Osteoprogenitors are recruited into an open cavity while osteoclasts still work there (the
reversal-resorption phase, Lassen NE et al. J Bone Miner Res 2017;32:1395); where an
antiresorptive removes the osteoclasts, open cavities may arrest instead of being refilled.
``reversal_osteoclast_half`` (0 = neutral) carries that support. These tests hold what it does
and what it does not do: it shrinks the refill of the remodeling space by ``1 / (1 + K)`` at
every depth of suppression; it does not make the refill saturate with depth.

Published: DECIDE (Brown JP et al. J Bone Miner Res 2009;24:153) total hip +3.5 % on
denosumab against +2.6 % on alendronate at 12 months (ratio 1.35), with serum CTX suppressed
about -85 to -90 % on denosumab and -60 to -70 % on alendronate.
"""

from __future__ import annotations

import numpy as np
import pytest

from osteon.parameters import default_parameters
from osteon.physiology.remodeling.cells import CellDrives, cell_derivatives

P = default_parameters()
KW = dict(oc_lifespan=P["osteoclast_lifespan"],
          obp_differentiation_time=P["obp_differentiation_time"],
          ob_active_lifespan=P["ob_active_lifespan"], ocy_response_time=P["ocy_response_time"],
          osteocyte_rankl_share=P["osteocyte_rankl_share"], osteocyte_apoptosis_rankl_gain=0.0,
          opg_binding=P["opg_binding"], rank_half=P["rank_half"], tgf_half=P["tgf_half"],
          formation_open_share=P["formation_open_share"])
DRIVES = CellDrives(1.0, 1.0, 1.0, 1.0, 1.0, 1.0)


def _refill_first_year(half: float, suppression: float, dt: float = 0.25) -> float:
    """Remodeling space closed (relative to peak) in the year after resorption is held at
    ``1 - suppression`` from the reference steady state (all states 1)."""
    obp = oba = cavity = 1.0
    oc = 1.0 - suppression
    for _ in range(int(365 / dt)):
        r = cell_derivatives(oc, obp, oba, 1.0, cavity, DRIVES,
                             reversal_osteoclast_half=half, **KW)
        obp, oba, cavity = obp + r[1] * dt, oba + r[2] * dt, cavity + r[4] * dt
    return 1.0 - cavity


def test_neutral_default_is_the_structure_before():
    assert P["reversal_osteoclast_half"] == 0.0
    args = (np.array([0.1, 1.0, 1.4]), 1.1, 0.9, 1.0, np.array([0.5, 1.0, 2.0]), DRIVES)
    before = cell_derivatives(*args, **KW)
    now = cell_derivatives(*args, reversal_osteoclast_half=0.0, **KW)
    for a, b in zip(before, now, strict=True):
        assert np.array_equal(a, b)


def test_support_is_one_at_reference_and_falls_only_with_deep_suppression():
    """Recruitment per cavity (d OBp / dt at OBp = 0): unchanged at the reference osteoclast
    level, a few percent higher at an old skeleton's turnover (1.4), 0.41 of it with
    osteoclasts at a denosumab-like 0.14 (K = 0.3: 1.3 / (1 + 0.3 / 0.14))."""
    def recruitment(oc, half):
        return cell_derivatives(oc, 0.0, 1.0, 1.0, 1.0, DRIVES,
                                reversal_osteoclast_half=half, **KW)[1]
    assert recruitment(1.0, 0.3) == pytest.approx(recruitment(1.0, 0.0), rel=1e-12)
    assert 1.0 < recruitment(1.4, 0.3) / recruitment(1.4, 0.0) < 1.1
    assert recruitment(0.14, 0.3) / recruitment(0.14, 0.0) == pytest.approx(0.41, abs=0.01)


def test_linear_refill_already_has_the_decide_ratio_at_published_suppression():
    """At the published depths (CTX -86 % denosumab, -65 % alendronate) the model's refill of
    the remodeling space in the first year is in the ratio of the depths, 1.32, as DECIDE's
    hip gains are (1.35): saturation is not what the model lacks."""
    ratio = _refill_first_year(0.0, 0.86) / _refill_first_year(0.0, 0.65)
    assert ratio == pytest.approx(3.5 / 2.6, abs=0.1)


@pytest.mark.parametrize("half", [0.15, 0.3])
def test_osteoclast_support_rescales_the_refill_and_keeps_the_ratio(half):
    """With the support, less of the space is refilled at every depth (about 1 / (1 + K)),
    and the deep / moderate ratio stays (within 5 %): a rescaling, not a saturation."""
    deep, moderate = _refill_first_year(half, 0.86), _refill_first_year(half, 0.65)
    deep0, moderate0 = _refill_first_year(0.0, 0.86), _refill_first_year(0.0, 0.65)
    assert deep / deep0 == pytest.approx(1.0 / (1.0 + half), abs=0.05)
    assert moderate / moderate0 == pytest.approx(1.0 / (1.0 + half), abs=0.05)
    assert deep / moderate == pytest.approx(deep0 / moderate0, rel=0.05)


# --- the whole model: DECIDE's mean woman (64 years, spine T-score -2.6; Brown 2009) ------------

def _decide_hip_gains(overrides: dict) -> tuple[float, float]:
    """First-year total hip change (%) on denosumab and on alendronate for DECIDE's mean
    woman."""
    from osteon import Protocol, Simulation, Subject
    from osteon.physiology.pharmacology.bisphosphonates import Bisphosphonate
    from osteon.physiology.pharmacology.bone_drugs import Denosumab

    woman = Subject(sex="female", age=64, menopause_age=50,
                    t_score={"site": "lumbar_spine", "value": -2.6})
    params = default_parameters().replace(**overrides)
    out = []
    for drug in (Denosumab(), Bisphosphonate(agent="alendronate")):
        res = Simulation([woman], Protocol([drug]), params, years=1).run().isel(subject=0)
        hip = res["bmd"].sel(site="total_hip")
        out.append(100.0 * (float(hip.interp(time=1.0)) / float(hip.isel(time=0)) - 1.0))
    return out[0], out[1]


@pytest.mark.slow
def test_decide_ratio_with_the_calibrated_denosumab():
    """Calibrated set (denosumab_ic50 at its upper bound): denosumab's first-year hip gain
    over alendronate's is 1.5 here, DECIDE's 1.35; bounded at 1.8 (3.5 / 2.6 with the
    lower end of alendronate's confidence, about 2.0 / 2.6 of the point)."""
    dmab, aln = _decide_hip_gains({})
    assert aln > 0.0 and 1.0 < dmab / aln < 1.8


@pytest.mark.slow
@pytest.mark.xfail(strict=True, raises=AssertionError, reason="known miss (Brown 2009, DECIDE): with a CTX-consistent "
                   "denosumab IC50 (CTX -85 % at 12 months) the model's first-year hip gain is "
                   "3.4 times alendronate's, published 1.35; the arrested-reversal support "
                   "(reversal_osteoclast_half 0.3) rescales both gains and keeps the ratio")
@pytest.mark.parametrize("half", [0.0, 0.3])
def test_decide_ratio_at_ctx_consistent_suppression(half):
    """CTX -85 % at 12 months with IC50 0.003 (scripts/diag_denosumab_suppression.py;
    Eastell 2011: -72 % at the trough), the checked PK/PD of test_bone_drugs.py."""
    dmab, aln = _decide_hip_gains({"denosumab_ic50": 0.003, "reversal_osteoclast_half": half})
    assert 1.0 < dmab / aln < 1.8
