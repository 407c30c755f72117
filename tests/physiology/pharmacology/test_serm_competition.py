"""SERMs competing with estradiol for the estrogen receptor (``serm_estradiol_competition``).

Competitive occupancy with an intrinsic efficacy below 1 on bone (Riggs BL, Hartmann LC.
N Engl J Med 2003;348:618) makes bone read ``E2 (1 - q) + C q``: the drug's share ``q`` of
the receptors reads the ceiling ``C`` instead of the woman's estradiol (``serms.py``). It
raises the signal when the woman's estradiol is below ``C`` (postmenopause) and lowers it
above (premenopause: Powles TJ et al. J Clin Oncol 1996;14:78, tamoxifen -1.44 against
+0.24 %/year spine; Vehmanen L et al. J Clin Oncol 2006;24:675, menstruating women on
tamoxifen -4.6 % against +0.6 % at 3 years). Off by default (0: the additive model).
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest

from osteon import Protocol, Simulation, Subject, default_parameters
from osteon.model import BoneModel, Cohort
from osteon.physiology.pharmacology.serms import AGENTS, SERM

PS = default_parameters()
COMP = PS.replace(serm_estradiol_competition=1.0)
POST = Subject(sex="female", age=56, menopause_age=49)
PRE = Subject(sex="female", age=42, menopause_age=50)


def estradiol_read(subject, drug, params, t=400.0):
    """(own serum estradiol, estradiol bone reads) of one subject at day ``t``."""
    without = BoneModel(params, Cohort.from_subjects([subject]), Protocol([])).signals(t)
    on = BoneModel(params, Cohort.from_subjects([subject]), Protocol([drug])).signals(t)
    return float(without.hormones.estradiol[0]), float(on.hormones.estradiol[0]), on


def test_records_and_default_off():
    assert PS["serm_estradiol_competition"] == 0.0
    for name in ["serm_estradiol_competition", *(f"{a}_e2_ceiling" for a in AGENTS)]:
        rec = PS.record(name)
        lo, hi = rec.plausible_range
        assert rec.units and rec.source and lo <= rec.value <= hi, name


def test_off_is_the_additive_model():
    drug = SERM(agent="raloxifene", dose="60 mg")
    own, read, _ = estradiol_read(POST, drug, PS)
    assert read == pytest.approx(own + drug.e2_equivalent(PS), rel=1e-3)  # steady state


@pytest.mark.parametrize("agent,dose", [("raloxifene", "60 mg"), ("bazedoxifene", "20 mg"),
                                        ("tamoxifen", "20 mg")])
def test_competitive_reading_is_own_estradiol_on_the_free_receptors(agent, dose):
    drug = SERM(agent=agent, dose=dose)
    q, c = drug.receptor_share(COMP), COMP[f"{agent}_e2_ceiling"]
    for woman in (POST, PRE):
        own, read, _ = estradiol_read(woman, drug, COMP)
        assert read == pytest.approx(own * (1.0 - q) + c * q, rel=1e-3)
        # agonist below the ceiling, antagonist above it
        assert (read > own) == (own < c), (agent, own, read, c)


def test_agonist_after_menopause_antagonist_before():
    drug = SERM(agent="tamoxifen", dose="20 mg")
    own_post, read_post, _ = estradiol_read(POST, drug, COMP)
    own_pre, read_pre, sig = estradiol_read(PRE, drug, COMP)
    # the direction only: how far bone's reading falls below a premenopausal woman's own
    # estradiol follows the fitted ceiling (0.55 of it at 45.15 pg/mL, 0.61 at the stop-31
    # cohort fit 51.8); the size of the premenopausal loss is the strict xfail below
    assert read_post > own_post and read_pre < own_pre, (own_post, read_post, own_pre,
                                                         read_pre)
    # the premenopausal use is outside the fitted evidence and says so
    assert any("tamoxifen against premenopausal" in x for x in sig.extrapolated)
    _, _, sig_post = estradiol_read(POST, drug, COMP)
    assert not any("premenopausal" in x for x in sig_post.extrapolated)


def test_intermediate_weight_interpolates():
    drug = SERM(agent="raloxifene", dose="60 mg")
    reads = [estradiol_read(PRE, drug, PS.replace(serm_estradiol_competition=c))[1]
             for c in (0.0, 0.5, 1.0)]
    assert reads[1] == pytest.approx(0.5 * (reads[0] + reads[2]), rel=1e-6)


@cache
def spine_per_year(age, years_since_menopause, arm, competition):
    """Mean annual spine change (%/year) over 3 years of one mean woman."""
    woman = Subject(sex="female", age=age, menopause_age=age - years_since_menopause)
    prot = Protocol([SERM(agent="tamoxifen", dose="20 mg")] if arm == "tamoxifen" else [])
    params = PS.replace(serm_estradiol_competition=competition)
    res = Simulation([woman], prot, params, years=3).run().isel(subject=0)
    x = res["bmd"].sel(site="lumbar_spine")
    return 100.0 * (float(x.interp(time=3.0)) / float(x.isel(time=0)) - 1.0) / 3.0


def test_competitive_keeps_postmenopausal_tamoxifen_powles_1996():
    """Postmenopausal arm (+1.17 %/year, FORMAT.md band +/- 1): the ceiling keeps the fit."""
    tam = spine_per_year(56, 7, "tamoxifen", 1.0)
    assert 1.17 - 1.0 < tam < 1.17 + 1.0, tam
    assert abs(tam - spine_per_year(56, 7, "tamoxifen", 0.0)) < 0.1


def test_competitive_tamoxifen_lowers_premenopausal_spine_direction():
    """Direction of Powles 1996's premenopausal result: tamoxifen below placebo (the additive
    model gives tamoxifen at or above placebo)."""
    tam, plac = spine_per_year(42, -8, "tamoxifen", 1.0), spine_per_year(42, -8, "placebo", 1.0)
    assert tam < plac - 0.2, (tam, plac)
    assert spine_per_year(42, -8, "tamoxifen", 0.0) >= plac - 0.05


@pytest.mark.xfail(strict=True, reason=(
    "model: with the competitive model tamoxifen lowers a premenopausal woman's spine by about "
    "0.3 %/year against placebo, not the published 1.7 (Powles 1996: -1.44 against +0.24 "
    "%/year): bone reads E2 (1 - q) + C q = about 56 pg/mL, still high on the bone's "
    "estrogen curve (EC50 12 pg/mL, Hill 2)"))
def test_competitive_tamoxifen_premenopausal_loss_size_powles_1996():
    tam, plac = spine_per_year(42, -8, "tamoxifen", 1.0), spine_per_year(42, -8, "placebo", 1.0)
    assert tam < plac - 1.0, (tam, plac)


def test_serm_leaves_estradiol_reported_unchanged():
    drug = SERM(agent="tamoxifen", dose="20 mg")
    _, _, sig = estradiol_read(PRE, drug, COMP)
    own = BoneModel(COMP, Cohort.from_subjects([PRE]), Protocol([])).signals(400.0)
    assert np.allclose(sig.hormones_instant.estradiol, own.hormones.estradiol)


def test_runtime_extrapolation_reaches_the_result_and_the_summary():
    """A flag raised while the model runs (here: tamoxifen against premenopausal estradiol)
    is kept in the result (``attrs["extrapolated"]``, a JSON list) and said in the
    ``osteon simulate`` summary line; a postmenopausal woman on the same drug carries none."""
    import json

    from osteon.report.simulate_cmd import _summary
    from osteon.trials.interventions import protocol_from_specs

    spec = {"intervention": "serm", "agent": "tamoxifen", "dose": "20 mg", "every": "1 day"}
    pre = Simulation([PRE], protocol_from_specs([spec], years=1), PS, years=0.5).run()
    post = Simulation([POST], protocol_from_specs([spec], years=1), PS, years=0.5).run()
    flags = json.loads(pre.attrs["extrapolated"])
    assert any("tamoxifen against premenopausal" in f for f in flags), flags
    assert json.loads(post.attrs["extrapolated"]) == []
    assert "Extrapolated beyond its evidence: serm: tamoxifen" in _summary(PRE, pre)
    assert "Extrapolated" not in _summary(POST, post)
