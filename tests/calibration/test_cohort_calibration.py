"""Calibration on small cohorts with common random numbers (issue 10).

The cohort objective (``scripts/calibrate.py --subjects N``) must be a smooth function of
the parameters: the same people at every parameter point, so that two evaluations at one
point agree exactly and a small step of a parameter moves the value by a small, nearly
linear amount (a forward-difference Jacobian is then meaningful). The spread endpoints
(``percent_osteoporotic``, ``sd_percent_change``) are targets only with cohorts.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from osteon.calibration.evaluator import Evaluator
from osteon.calibration.targets import SPREAD_MEASURES, SPREAD_WEIGHT, build_targets, load_units
from osteon.cohort.runner import sample_run
from osteon.parameters import default_parameters
from osteon.trials.population import spec_from_population

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "validation" / "trials"
if not SHARED.exists():  # the worktree layout: /work/wt-NAME next to /work/shared
    SHARED = Path("/work/shared/validation/trials")
PROJECT = ROOT / "validation" / "trials"
BED_REST = PROJECT / "shackelford-2004-bed-rest-17-weeks.yaml"


def _spread_file():
    """A project file with a spread endpoint (share with T <= -2.5) and published SDs."""
    p = PROJECT / "wright-2014-nhanes-women-60-69.yaml"
    if not p.exists():
        pytest.skip("the NHANES 60-69 file is not available")
    return p


def test_spread_targets_are_built_only_for_cohorts():
    path = _spread_file()
    src = [(path, "project")]
    mean = build_targets(*load_units(src, anchors=False))
    trials, sources, anchors = load_units(src, anchors=False, subjects=5)
    cohort = build_targets(trials, sources, anchors, subjects=5)
    assert not any(t.measure in SPREAD_MEASURES for t in mean)
    spread = [t for t in cohort if t.measure in SPREAD_MEASURES]
    assert spread, path.name
    # half weight (the sample SD of a small cohort is itself uncertain)
    assert all(t.weight == pytest.approx(SPREAD_WEIGHT * (2.0 if t.label.startswith(
        ("swan", "garnero", "mros", "pepi-1996 placebo")) else 1.0)) for t in spread)
    # the same non-spread targets in both, and cohorts keep the published SDs
    assert [t.label for t in cohort if t.measure not in SPREAD_MEASURES] == [
        t.label for t in mean]
    mean_trials, _, _ = load_units(src, anchors=False)

    def sds(trial):
        pop = trial.population
        return [getattr(v, "sd", None) for v in vars(pop).values() if hasattr(v, "sd")]
    assert all(sd in (0, None) for sd in sds(mean_trials[0]))
    assert any(sd for sd in sds(trials[0]))


def test_the_cohort_draw_does_not_depend_on_the_parameters():
    # sample_run sees only the population and the seed; a parameter set never enters
    trials, _, _ = load_units([(BED_REST, "project")], anchors=False, subjects=4)
    spec = spec_from_population(trials[0].population, True)
    a = sample_run(spec, 4, 2026).subjects
    b = sample_run(spec, 4, 2026).subjects
    assert a == b
    # stratified draws (stop 31): a larger cohort is a new Latin hypercube, not the smaller
    # one extended, so the 4-subject calibration cohort is not the head of a 6-subject one
    assert sample_run(spec, 6, 2026).subjects[:4] != a


@pytest.mark.slow
def test_common_random_numbers_make_the_cohort_objective_smooth():
    """Same point: identical values; steps h, 2h of one parameter: a near-linear change."""
    trials, sources, anchors = load_units([(BED_REST, "project")], anchors=False, subjects=4)
    targets = build_targets(trials, sources, anchors, subjects=4)
    fitted = ["turnover_trabecular"]
    ps = default_parameters()
    lo, hi = ps.record("turnover_trabecular").plausible_range
    x = ps["turnover_trabecular"]
    h = 0.05 * (hi - lo)
    with Evaluator(trials, anchors, ps, fitted, workers=1, seed=2026, subjects=4) as ev:
        S, _ = ev.simulate([[x], [x], [x + h], [x + 2 * h]], targets)
    assert np.all(np.isfinite(S))
    np.testing.assert_array_equal(S[0], S[1])  # common random numbers: exactly the same
    d1, d2 = S[2] - S[0], S[3] - S[2]
    assert np.any(np.abs(d1) > 1e-3)  # the parameter does move the endpoints
    # smooth: the second step repeats the first within 25 % (without common random numbers
    # each point would be a new sample and the differences would be mostly sampling noise)
    big = np.abs(d1) > 1e-3
    np.testing.assert_allclose(d2[big], d1[big], rtol=0.25)


@pytest.mark.slow
def test_check_mode_with_cohorts_builds_spread_targets_and_runs(tmp_path):
    out = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "calibrate.py"), "--check", "--workers", "1",
         "--subjects", "3", "--out-dir", str(tmp_path)],
        capture_output=True, text=True, timeout=900)
    assert out.returncode == 0, out.stderr[-2000:]
    res = json.loads((tmp_path / "calibration.json").read_text())
    assert res["subjects"] == 3 and "cohorts of 3 subjects" in res["settings"]
    assert res["seconds_per_full_evaluation"] > 0
    over = json.loads((tmp_path / "in_sample_values.json").read_text())["values"]
    assert set(res["fitted"]) <= set(over)


def test_physio_measure_reads_parameter_overrides_flat_or_under_values(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "physio_measure", ROOT / "scripts" / "physio_measure.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    flat, nested = tmp_path / "flat.json", tmp_path / "nested.json"
    flat.write_text(json.dumps({"turnover_trabecular": 0.2}))
    nested.write_text(json.dumps({"about": "x", "values": {"turnover_trabecular": 0.2}}))
    assert mod.read_overrides(str(flat)) == mod.read_overrides(str(nested)) == {
        "turnover_trabecular": 0.2}
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]")
    with pytest.raises(SystemExit):
        mod.read_overrides(str(bad))
