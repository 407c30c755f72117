"""Envelope-specific responses: where anabolic drugs' modeling-based formation lands (issue 9,
items 3 and 7).

Interventions' modeling-based formation is weighted by envelope
(:mod:`osteon.physiology.remodeling.envelopes`): mostly cancellous and endocortical (the
trabecular envelope), little intracortical or periosteal, so the spine/hip ratio of an
anabolic's gain differs from an antiresorptive's, which acts by turnover. Checked in direction
and size against cited trial figures; where the model cannot reproduce a figure the test is
an xfail that gives it.
"""

from __future__ import annotations

import numpy as np
import pytest

from osteon import Simulation, Subject, default_parameters
from osteon.model import SiteDrive
from osteon.physiology.remodeling.envelopes import (
    drug_modeling_share,
    envelope_formation,
    estrogen_site_weight,
)
from osteon.trials.interventions import protocol_from_specs

PS = default_parameters()
TERIPARATIDE = [{"intervention": "teriparatide", "dose": "20 ug", "every": "1 day"}]
DENOSUMAB = [{"intervention": "denosumab", "dose": "60 mg", "every": "6 months"}]
ALENDRONATE = [{"intervention": "bisphosphonate", "agent": "alendronate", "dose": "10 mg",
                "every": "1 day"}]
ESTROGEN = [{"intervention": "estrogen", "agent": "conjugated_estrogens", "route": "oral",
             "dose": "0.625 mg", "every": "1 day"}]
SITES = ("lumbar_spine", "femoral_neck", "total_hip")


def _pct(res, site, years):
    t = res.time.values
    b = res.bmd.sel(site=site).values[0]
    return 100.0 * (b[int(np.argmin(abs(t - years)))] / b[0] - 1.0)


def _difference(specs, years, subject=None):
    """Difference from the same woman untreated (percentage points) at each site."""
    woman = subject or Subject(sex="female", age=69, menopause_age=50)
    on = Simulation([woman], protocol_from_specs(specs), PS, years=years).run()
    off = Simulation([woman], None, PS, years=years).run()
    return {s: _pct(on, s, years) - _pct(off, s, years) for s in SITES}


# ------------------------------------------------------------------ the envelope functions
def test_unit_weights_reproduce_the_sites_formation():
    """With weight 1 an envelope forms what the site's cells form; the drug's share of
    modeling-based formation is what a weight below 1 removes."""
    oba, cav, refill, mod, synth = 1.2, 0.6, 1.05, 0.4, 1.1
    site = oba * (cav * refill + mod * synth)
    for share in (0.0, 0.5, 1.0):
        assert float(envelope_formation(oba, cav, refill, mod, synth, share, 1.0, 1.0)) == (
            pytest.approx(site))
    none = float(envelope_formation(oba, cav, refill, mod, synth, 1.0, 0.0, 1.0))
    assert none == pytest.approx(oba * cav * refill)
    half = float(envelope_formation(oba, cav, refill, mod, synth, 0.5, 0.0, 1.0))
    assert none < half < site
    # modeling_scale (the spine's reciprocal cancellous turnover factor) scales only modeling
    scaled = float(envelope_formation(oba, cav, refill, mod, synth, 0.0, 1.0, 0.5))
    assert scaled == pytest.approx(oba * (cav * refill + 0.5 * mod * synth))
    assert float(drug_modeling_share(0.0, 0.3)) == 0.0
    assert float(drug_modeling_share(0.2, 0.0)) == 1.0  # mechanostat below zero: all drug


def test_weights_follow_the_biopsies():
    """Lindsay R et al. J Bone Miner Res 2006;21:366 and Dempster DW et al. (femoral-neck
    samples after ~6 weeks of teriparatide, PMC4880158): modeling-based formation of
    teriparatide on cancellous and endocortical surfaces, BFR/BS doubled there and not
    intracortically or periosteally: the trabecular envelope's weight is above the cortical
    envelope's, which is at most the site mean."""
    trab = PS["envelope_drug_modeling_trabecular"]
    cort = PS["envelope_drug_modeling_cortical"]
    assert trab > 1.0 >= cort >= 0.0
    assert trab > cort + 0.5


def test_estrogen_acts_on_cancellous_remodeling():
    """Nakamura T et al. Cell 2007;130:811, Martin-Millan M et al. Mol Endocrinol
    2010;24:323: estrogen's osteoclast action protects cancellous, not cortical, bone. Each
    site answers estrogen's RANKL, OPG and apoptosis factors with the share of its remodeling
    the action reaches: less than all of it, least where the cortex carries most of the
    remodeling (femoral neck < total hip < spine), all of it when the share is 1."""
    from osteon.cohort_arrays import Cohort
    from osteon.model import BoneModel

    share = PS["estrogen_cortical_share"]
    assert 0.0 < share < 1.0
    model = BoneModel(PS, Cohort.from_subjects([Subject(sex="female", age=60, menopause_age=50)]))
    w = dict(zip(("lumbar_spine", "femoral_neck", "total_hip", "total_body"),
                 model.estrogen_site_weight, strict=True))
    assert w["femoral_neck"] < w["total_hip"] < w["lumbar_spine"] < 1.0
    assert w["femoral_neck"] > share
    assert np.allclose(estrogen_site_weight(model.weights, model.turnover, 1.0), 1.0)
    # a postmenopausal woman's osteoclast apoptosis drive (below 1: estrogen lost) moves
    # less from peak at the hip than at the spine
    d = model.site_drives(np.array([365.25 * 5]))
    apo = d[int(SiteDrive.oc_apoptosis), 0, :4]
    assert abs(apo[2] - 1.0) < abs(apo[0] - 1.0)


# ------------------------------------------------------------------ whole-model figures
@pytest.mark.slow
def test_teriparatide_spine_gain_within_neer_2001():
    """Neer RM et al. N Engl J Med 2001;344:1434 (women of 69 with vertebral fractures, 20 ug
    daily, median 21 months): spine +9 points over placebo (agreement interval of the trial
    file: 6.75-11.25), femoral neck +3 (2-4). The mean woman of the file lands in the spine
    interval, and her hip gains far less than her spine."""
    d = _difference(TERIPARATIDE, 21 / 12)
    assert 6.75 <= d["lumbar_spine"] <= 11.25
    assert 0.0 < d["femoral_neck"] < 0.6 * d["lumbar_spine"]


@pytest.mark.slow
def test_spine_hip_ratio_differs_by_lever():
    """The femoral-neck/spine ratio of the response differs by lever: teriparatide 3/9 = 0.33
    (Neer 2001, 21 months), denosumab about 0.5-0.65 (Cummings SR et al. N Engl J Med
    2009;361:756, FREEDOM, 36 months: spine +9.2, total hip +6.0 over placebo), alendronate
    about 0.6-0.7 (Liberman UA et al. N Engl J Med 1995;333:1437: spine +8.8, neck +5.9 at 10
    mg). Before the envelope weights every lever gave 0.72-0.79. The anabolic's ratio is now
    the lowest, the antiresorptives' stays by turnover."""
    teri = _difference(TERIPARATIDE, 2.0)
    deno = _difference(DENOSUMAB, 2.0)
    aln = _difference(ALENDRONATE, 2.0)

    def ratio(d):
        return d["femoral_neck"] / d["lumbar_spine"]

    assert ratio(teri) < 0.6
    assert ratio(teri) < ratio(deno) - 0.15
    assert ratio(teri) < ratio(aln) - 0.15
    for d in (deno, aln):
        assert 0.5 < ratio(d) < 0.85


@pytest.mark.slow
@pytest.mark.xfail(strict=True, reason=(
    "Neer 2001: femoral-neck/spine ratio of teriparatide's gain 3/9 = 0.33 at 20 ug; Tsai JN et "
    "al. Lancet 2013;382:50 (DATA): total hip +2.0 vs spine +9.5 at 24 months (0.21). The model "
    "gives about 0.5 at the neck and 0.8 at the total hip: the hip's trabecular share (0.25 at "
    "the neck, 0.4 at the total hip, Riggs 1981) responds like vertebral cancellous bone, and "
    "the cortex has no net porosity loss (no site-specific cancellous turnover)"))
def test_teriparatide_hip_gain_is_a_third_of_the_spine():
    d = _difference(TERIPARATIDE, 21 / 12)
    assert d["femoral_neck"] / d["lumbar_spine"] < 0.4
    assert d["total_hip"] / d["lumbar_spine"] < 0.4


@pytest.mark.slow
@pytest.mark.xfail(strict=True, reason=(
    "Writing Group for the PEPI Trial JAMA 1996;276:1389: CEE over placebo at 36 months, spine "
    "about +6.8 points, total hip about +3.4 (ratio 0.5). The model's estrogen acts through "
    "remodeling rate like an antiresorptive; estrogen_cortical_share = 0.5 lowers the hip's "
    "answer (site weights spine 0.89, total hip 0.82) but the ratio stays near 0.7"))
def test_estrogen_acts_more_at_the_spine_than_the_hip():
    d = _difference(ESTROGEN, 3.0, Subject(sex="female", age=56, menopause_age=51))
    assert d["total_hip"] / d["lumbar_spine"] < 0.6


@pytest.mark.slow
def test_teriparatide_then_denosumab_and_denosumab_stop_still_behave():
    """Leder BZ et al. Lancet 2015;386:1147 (DATA-Switch): after 24 months of teriparatide,
    denosumab keeps the spine rising (+9.5 % at 24 months, +18.3 % at 48). Bone HG et al. J Clin
    Endocrinol Metab 2011;96:972: after denosumab stops, spine BMD falls back toward baseline
    within 12-24 months."""
    woman = Subject(sex="female", age=66, menopause_age=50)
    seq = protocol_from_specs([
        {"intervention": "teriparatide", "dose": "20 ug", "every": "1 day", "stop": "24 months"},
        {"intervention": "denosumab", "dose": "60 mg", "every": "6 months", "start": "24 months",
         "stop": "48 months"}])
    res = Simulation([woman], seq, PS, years=4.0).run()
    at24, at48 = _pct(res, "lumbar_spine", 2.0), _pct(res, "lumbar_spine", 4.0)
    assert at24 > 4.0
    assert at48 > at24 + 2.0
    stop = protocol_from_specs([{"intervention": "denosumab", "dose": "60 mg",
                                 "every": "6 months", "stop": "24 months"}])
    res = Simulation([woman], stop, PS, years=4.0).run()
    on, off = _pct(res, "lumbar_spine", 2.0), _pct(res, "lumbar_spine", 4.0)
    assert on > 3.0
    assert off < on - 0.5 * on
