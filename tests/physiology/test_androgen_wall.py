"""Androgen action on bone in men: the AR signal on the BMU wall, and the estradiol made from
testosterone (issue 9).

Testosterone acts on bone twice: through the androgen receptor of the osteoblast lineage
(recruitment, ``ob_androgen_gain``, and the completed wall of each BMU, ``wall_androgen_gain``,
Kousteni S et al. Cell 2001;104:719) and through the estradiol aromatized from it, which sets
turnover and erosion depth. Checked in direction and size against cited figures: the AR wall
term must bring hypogonadal bone back faster (Snyder 2000) while the trabecular loss of sex-
steroid deprivation stays an estradiol effect (Finkelstein JS et al. N Engl J Med
2013;369:1011 and J Clin Invest 2016;126:1114: with anastrozole, spine trabecular density
fell at every testosterone dose; Burnett-Bowie SA et al. J Clin Endocrinol Metab
2009;94:4785: anastrozole in older men raised testosterone and still lowered spine BMD).
"""

from __future__ import annotations

import numpy as np
import pytest

from osteon import Simulation, Subject, default_parameters
from osteon.trials.interventions import protocol_from_specs

PS = default_parameters()
PATCH = [{"intervention": "testosterone", "agent": "testosterone_patch", "route": "transdermal",
          "dose": "6 mg", "every": "1 day"}]
GOSERELIN = {"intervention": "gnrh_agonist", "agent": "goserelin", "dose": "3.6 mg",
             "every": "4 weeks"}
GEL_10G = {"intervention": "testosterone", "agent": "testosterone_gel", "route": "transdermal",
           "dose": "100 mg", "every": "1 day"}
ANASTROZOLE = {"intervention": "aromatase_inhibitor", "agent": "anastrozole", "dose": "1 mg",
               "every": "1 day"}


def _at(res, name, years, site=None):
    t = res.time.values
    v = getattr(res, name)
    v = (v.sel(site=site) if site else v).values[0]
    i = int(np.argmin(abs(t - years)))
    return 100.0 * (v[i] / v[0] - 1.0)


def _run(subject, specs, years, params=PS):
    return Simulation([subject], protocol_from_specs(specs) if specs else None, params,
                      years=years).run()


def test_low_testosterone_held_for_years_costs_bone_through_the_wall():
    """Years of low testosterone leave each cavity less filled: a man of 60 whose 150 ng/dL
    has held for 10 years starts follow-up with a lower spine than with the AR wall term
    off (at 0.08: about 5 % of peak more, a wall about 2.4 % thinner than at peak, within the
    histomorphometric spread of wall thickness), while a man at the population-typical level
    loses far less to it (about 0.6 %)."""
    def start_spine(labs, params):
        res = _run(Subject(sex="male", age=60, labs=labs), None, 0.1, params)
        return float(res.bmd_relative.sel(site="lumbar_spine").values[0][0])
    off = PS.replace(wall_androgen_gain=0.0)
    low = {"testosterone_ng_dl": 150.0}
    assert 0.0 < PS["wall_androgen_gain"] < 1.0
    cost = start_spine(low, off) - start_spine(low, PS)
    typical = abs(start_spine({}, off) - start_spine({}, PS))
    assert 0.02 < cost < 0.12
    assert typical < cost / 4.0


@pytest.mark.slow
def test_hypogonadal_spine_recovers_within_two_years_snyder_2000():
    """Snyder PJ et al. J Clin Endocrinol Metab 2000;85:2670: 18 hypogonadal men (mean 50
    years, testosterone 78 ng/dL), a 6 mg/day patch: spine +7.7 % at 24 months, then a
    plateau (7.7 % at 36). The mean man gains at least 6 % by 24 months (6.2 %; without the AR
    wall term: 5.1 %) and the third year adds less than half the mean yearly gain of the first
    two."""
    man = Subject(sex="male", age=50, labs={"testosterone_ng_dl": 78.0})
    on = _run(man, PATCH, 3.0)
    m24, m36 = _at(on, "bmd", 2.0, "lumbar_spine"), _at(on, "bmd", 3.0, "lumbar_spine")
    assert 6.0 < m24 < 9.5
    assert 0.0 < m36 - m24 < 0.5 * m24 / 2.0
    off = _run(man, PATCH, 2.0, PS.replace(wall_androgen_gain=0.0))
    assert m24 > _at(off, "bmd", 2.0, "lumbar_spine") + 0.7


@pytest.mark.slow
def test_trabecular_loss_of_deprivation_is_estradiol_finkelstein():
    """Finkelstein 2013/2016 (goserelin in men of 20-50 for 16 weeks, with graded testosterone
    gel, with or without anastrozole): spine trabecular density fell at every testosterone
    dose when aromatization was blocked, and was kept by the higher doses without it. In the
    model 10 g gel with anastrozole loses trabecular density, 10 g without it does not, the
    estradiol part (10 g with against without anastrozole, 2.4 points) exceeds the androgen-
    receptor part (10 g + anastrozole against placebo gel, both estradiol-deficient), and the
    AR wall term adds almost nothing to the AR part in 16 weeks (it acts through completed
    BMUs, i.e. over years).

    Known gap, not from the wall term: the model's AR part is 1.7 points of the placebo
    arm's 3.9-point loss with the wall term off (1.8 with it), through the model's older
    androgen pathways (osteoblast recruitment, ``ob_androgen_gain``, calibrated to the top of
    its range, and the androgen share of the mechanostat's sex-steroid signal,
    ``mech_androgen_weight``); Finkelstein's anastrozole arms lost trabecular density at every
    dose, which suggests a smaller AR part than that."""
    man = Subject(sex="male", age=35)
    years = 16 / 52.18
    arms = {"placebo_gel": [GOSERELIN], "gel": [GOSERELIN, GEL_10G],
            "gel_ai": [GOSERELIN, GEL_10G, ANASTROZOLE]}

    def vbmd(params):
        return {k: _at(_run(man, v, years, params), "spine_trabecular_vbmd", years)
                for k, v in arms.items()}

    vb = vbmd(PS)
    assert vb["gel_ai"] < -0.3
    assert vb["gel"] > vb["gel_ai"] + 0.5
    estradiol_part = vb["gel"] - vb["gel_ai"]
    androgen_part = vb["gel_ai"] - vb["placebo_gel"]
    assert 0.0 < androgen_part < estradiol_part
    off = vbmd(PS.replace(wall_androgen_gain=0.0))
    assert abs(androgen_part - (off["gel_ai"] - off["placebo_gel"])) < 0.3


@pytest.mark.slow
def test_aromatase_inhibitor_in_older_men_lowers_spine_burnett_bowie_2009():
    """Burnett-Bowie SA et al. J Clin Endocrinol Metab 2009;94:4785 (69 men of 60 and over,
    testosterone 319 ng/dL, estradiol 15 pg/mL; anastrozole 1 mg daily for a year):
    testosterone rose to 474-524 ng/dL and estradiol fell to 12, and PA spine BMD fell
    (-1.7 %) against placebo (+0.8 %). The AR wall term must not turn the rise of testosterone
    into a gain: the spine ends below the untreated man's."""
    man = Subject(sex="male", age=68, labs={"testosterone_ng_dl": 319.0,
                                             "estradiol_pg_ml": 15.0})
    on = _at(_run(man, [ANASTROZOLE], 1.0), "bmd", 1.0, "lumbar_spine")
    off = _at(_run(man, None, 1.0), "bmd", 1.0, "lumbar_spine")
    assert on - off < -0.3
