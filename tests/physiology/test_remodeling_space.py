"""The remodeling space's size: how long resorbed bone stays missing (issue 9, remsp).

A team of osteoblasts refills its cavity at a near-constant appositional rate over the
formation period, so on average half of the cavity is still missing during it; resorbed
bone stays missing for the reversal phase plus half the formation period (Parfitt AM Bone
2000;26:319; Eriksen EF Endocr Rev 1986;7:379). ``formation_open_share`` carries that half;
1 (the default, neutral) keeps the whole formation period open.
"""

from __future__ import annotations

import numpy as np
import pytest

from osteon.parameters import default_parameters
from osteon.physiology.remodeling.cells import CellDrives, cell_derivatives

ONE = np.array(1.0)


def _refilled_after_resorption_stops(share: float, t_obp: float, t_oba: float) -> float:
    """Bone refilled (days of reference resorption) once resorption stops at the reference
    state: the remodeling space's volume in units of turnover x days."""
    drives = CellDrives(ONE, ONE, ONE, ONE, ONE, ONE)
    oc, obp, oba, ocy, cavity = 0.0, 1.0, 1.0, 1.0, 1.0
    dt, formed = 0.05, 0.0
    for _ in range(int(1500 / dt)):
        d_oc, d_obp, d_oba, d_ocy, d_cav, *_rest, cavity_share, _m = cell_derivatives(
            oc, obp, oba, ocy, cavity, drives, oc_lifespan=14.0,
            obp_differentiation_time=t_obp, ob_active_lifespan=t_oba, ocy_response_time=180.0,
            osteocyte_rankl_share=0.5, osteocyte_apoptosis_rankl_gain=0.0, opg_binding=1.0,
            rank_half=1.0, tgf_half=30.0, formation_open_share=share)
        formed += float(cavity_share * oba) * dt
        obp, oba, cavity = obp + d_obp * dt, oba + d_oba * dt, cavity + d_cav * dt
        oc = 0.0  # resorption held off (a complete antiresorptive)
    return formed


def test_neutral_default():
    assert default_parameters()["formation_open_share"] == 1.0


@pytest.mark.parametrize("share", [1.0, 0.5])
def test_remodeling_space_is_turnover_times_residence(share):
    """The bone an antiresorptive gets back is the residence time of resorbed bone:
    reversal plus ``share`` of the formation period (literature periods 30 + 90 days)."""
    refilled = _refilled_after_resorption_stops(share, 30.0, 90.0)
    assert refilled == pytest.approx(30.0 + share * 90.0, rel=0.06)


def test_linear_refill_shrinks_the_space_by_the_half_formation_period():
    """Parfitt's half formation period: at literature periods (reversal 30 d, formation
    90 d) the space falls from 120 to 75 days of turnover, by 3/8, while the refill keeps
    its time course (no overshoot: no more bone than was missing comes back)."""
    full = _refilled_after_resorption_stops(1.0, 30.0, 90.0)
    half = _refilled_after_resorption_stops(0.5, 30.0, 90.0)
    assert 1.0 - half / full == pytest.approx(0.375, abs=0.03)
