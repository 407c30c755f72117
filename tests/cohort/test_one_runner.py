"""``osteon validate`` and ``osteon trial`` share one runner and one seed derivation (issue 13)."""

import numpy as np
import pytest
from cohort_helpers import ONE_YEAR

from osteon.cohort.chunks import ChunkPlan, chunk_seed
from osteon.cohort.runner import arm_groups, default_chunk_size, sample_run, simulate_arms
from osteon.parameters import default_parameters
from osteon.trials.at_scale import run_trial
from osteon.trials.format import load_trial
from osteon.trials.population import spec_from_population
from osteon.trials.summary import summarize_store
from osteon.trials.validate import validate_trial


def test_subjects_of_a_run_are_its_chunks_subjects():
    spec = spec_from_population(load_trial(ONE_YEAR).population)
    n, seed = 230, 11
    whole = sample_run(spec, n, seed)
    plan = ChunkPlan(n, default_chunk_size(n))
    assert plan.n_chunks == 3  # so the chunks are really stitched together
    parts = [spec.sample(b - a, chunk_seed(seed, k), first_index=a)
             for k in plan for a, b in [plan.bounds(k)]]
    assert whole.subjects == tuple(s for p in parts for s in p.subjects)
    assert [s.name for s in whole.subjects] == [f"virtual-{i:04d}" for i in range(n)]
    assert sample_run(spec, n, seed + 1).subjects != whole.subjects


def test_arms_with_one_protocol_are_one_group_and_unknown_ones_are_set_aside():
    trial = load_trial(ONE_YEAR)
    groups, unavailable = arm_groups(trial)
    assert [g.names for g in groups] == [("placebo",), ("estrogen",)]
    assert unavailable == {}


@pytest.mark.slow
def test_shared_history_changes_nothing_in_a_trial():
    trial = load_trial(ONE_YEAR)
    subjects = sample_run(spec_from_population(trial.population), 3, 5).subjects
    groups, _ = arm_groups(trial)
    kw = dict(parameters=default_parameters(), years=1.0, output_days=(182.625,))
    shared = simulate_arms(subjects, groups, **kw)
    alone = simulate_arms(subjects, groups, share_history=False, **kw)
    for arm in ("placebo", "estrogen"):
        a, b = alone.datasets[arm].bmd.values, shared.datasets[arm].bmd.values
        assert np.max(np.abs(a - b) / a) < 1e-9
    assert "shared_history_rhs_evaluations" in shared.datasets["estrogen"].attrs
    assert "shared_history_rhs_evaluations" not in alone.datasets["estrogen"].attrs


@pytest.mark.slow
def test_validate_and_trial_give_the_same_numbers(tmp_path):
    n, seed = 5, 3
    report = validate_trial(load_trial(ONE_YEAR), subjects=n, seed=seed)
    run = run_trial(ONE_YEAR, n, tmp_path / "run.zarr", workers=0, seed=seed, quiet=True)
    rows = summarize_store(run.trial, run.out)
    assert len(rows) == len(report.results) == 3
    for row, res in zip(rows, report.results, strict=True):
        assert row.status == res.status == "ok"
        assert row.mean == pytest.approx(res.simulated, rel=1e-12, abs=1e-12)
