"""Individual calibration (issue 11): prior, posterior given scans, coverage."""

import numpy as np
import pytest

from osteon import Subject
from osteon.forecast import individual as ind
from osteon.forecast.batch import PATHWAYS, Rows, run_rows
from osteon.outputs.reference import SITES


@pytest.fixture(scope="module")
def grid():
    """Relative BMD of a woman of 56 on the estrogen-sensitivity grid, at -6, -3, 0, 10 y."""
    s = Subject(sex="female", age=56, menopause_age=50)
    n = len(ind.ESTROGEN_NODES)
    rows = Rows(np.zeros((0, n), bool), {p: np.zeros(n, bool) for p in PATHWAYS},
                ind.ESTROGEN_NODES, np.ones(n))
    density, ok, _ = run_rows(s, [], rows, np.array([-6.0, -3.0, 0.0, 10.0]))
    assert ok.all()
    return density.reshape(n, 1, 4, len(SITES))


def test_prior_has_the_stated_spread():
    d = ind.prior(20000, np.random.default_rng(1))
    assert np.std(d.peak_z, axis=0) == pytest.approx(np.ones(4), abs=0.03)
    corr = np.corrcoef(d.peak_z[:, 0], d.peak_z[:, 1])[0, 1]
    assert corr == pytest.approx(ind.PEAK_SITE_CORRELATION.value, abs=0.03)
    assert np.std(np.log(d.turnover)) == pytest.approx(ind.TURNOVER_LOG_SD.value, rel=0.05)


def test_estrogen_sensitivity_speeds_postmenopausal_loss(grid):
    loss = grid[:, 0, 3, SITES.index("lumbar_spine")] / grid[:, 0, 0, 0] - 1
    assert np.all(np.diff(loss) < 0)  # more sensitive: more loss


def _scans(truth_bmd, rng):
    scans = []
    for j in range(3):  # -6, -3, 0 years
        for site in ("lumbar_spine", "femoral_neck"):
            k = SITES.index(site)
            sd = ind.PRECISION_CV[site] * truth_bmd[j, k]
            scans.append({"site": site, "bmd": truth_bmd[j, k] + sd * rng.standard_normal(),
                          "sd": sd, "time": j})
    return scans


def test_posterior_narrows_and_centres_on_the_truth(grid):
    rng = np.random.default_rng(3)
    truth = ind.prior(1, rng)
    true_bmd = ind.bmd(grid, truth, "female")[0]
    scans = _scans(true_bmd, rng)
    idx = [s["time"] for s in scans]
    post = ind.posterior(scans, grid[:, :, idx], "female", 500, rng)
    pri = ind.prior(500, rng)
    k = SITES.index("lumbar_spine")
    assert np.std(post.peak_z[:, k]) < 0.5 * np.std(pri.peak_z[:, k])
    assert post.ess > 100


@pytest.mark.slow
def test_coverage_of_90_percent_intervals(grid):
    """Synthetic people with known parameters: the 90 % posterior interval of their
    10-year spine and femoral-neck BMD contains the truth about 90 % of the time."""
    rng = np.random.default_rng(2026)
    n_people = 200
    hits = {"lumbar_spine": 0, "femoral_neck": 0, "total_hip": 0}
    for _ in range(n_people):
        truth = ind.prior(1, rng)
        true_bmd = ind.bmd(grid, truth, "female")[0]
        scans = _scans(true_bmd, rng)
        idx = [s["time"] for s in scans]
        post = ind.posterior(scans, grid[:, :, idx], "female", 400, rng, n_prior=4000)
        pred = ind.bmd(grid, post, "female")[:, 3]
        for site in hits:
            k = SITES.index(site)
            lo, hi = np.quantile(pred[:, k], [0.05, 0.95])
            hits[site] += lo <= true_bmd[3, k] <= hi
    coverage = {s: h / n_people for s, h in hits.items()}
    # Binomial SD of a 90 % coverage over 200 people is 2.1 points: allow about 3 SD.
    for c in coverage.values():
        assert 0.83 <= c <= 0.97, coverage


def test_turnover_markers_inform_the_turnover_multiplier(grid):
    rng = np.random.default_rng(5)
    high = ind.posterior([], grid[:, :, []], "female", 2000, rng, marker_log_ratio=np.log(2.0))
    low = ind.posterior([], grid[:, :, []], "female", 2000, rng, marker_log_ratio=np.log(0.5))
    assert np.median(high.turnover) > 1.2 > 0.8 > np.median(low.turnover)
    # Peak BMD is not informed by markers.
    assert np.std(high.peak_z[:, 0]) == pytest.approx(1.0, abs=0.08)
    # Faster turnover, faster loss over the next 10 years.
    k = SITES.index("lumbar_spine")
    loss = {name: np.median(ind.relative_bmd(grid, d)[:, 3, k] / ind.relative_bmd(grid, d)[:, 2, k])
            for name, d in (("high", high), ("low", low))}
    assert loss["high"] < loss["low"]
