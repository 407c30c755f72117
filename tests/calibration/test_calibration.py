"""Calibration parts: folds by study, agreement, Laplace covariance, at-bound list, --check."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from osteon.calibration import agrees, at_bounds, dataset_hash, identifiability, study_folds
from osteon.calibration.crossval import FitSettings, gn_step
from osteon.calibration.targets import build_targets, load_units, residuals, study_of
from osteon.errors import OsteonInputError
from osteon.parameters import default_parameters
from osteon.trials.endpoints import agreement_interval

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "validation" / "trials"


def test_folds_never_split_a_study_and_cover_every_target():
    rng = np.random.default_rng(1)
    studies = [f"s{int(i)}" for i in rng.integers(0, 17, size=200)]
    folds = study_folds(studies, 5, seed=7)
    assert len(folds) == 5
    idx = np.concatenate(folds)
    assert sorted(idx.tolist()) == list(range(200))
    for s in set(studies):
        holding = [f for f, ix in enumerate(folds) if any(studies[i] == s for i in ix)]
        assert len(holding) == 1, s
    assert all(len(f) > 0 for f in folds)


def test_folds_are_reproducible_from_the_seed():
    studies = [f"s{i % 11}" for i in range(60)]
    a = study_folds(studies, 5, seed=3)
    b = study_folds(studies, 5, seed=3)
    assert all(np.array_equal(x, y) for x, y in zip(a, b, strict=True))


def test_folds_refuse_more_folds_than_studies():
    with pytest.raises(OsteonInputError, match="k=3"):
        study_folds(["a", "a", "b"], 3)


def test_one_study_of_several_files_stays_one_group():
    assert study_of("sestak-2014-ibis2-anastrozole-bone") == study_of(
        "sestak-2021-ibis2-anastrozole-offset")
    assert study_of("leblanc-1990-bed-rest") == "leblanc-1990-bed-rest"


def test_agreement_matches_the_format_rule():
    lo, hi = agreement_interval(-1.8)  # no CI: within max(1, 0.25|v|)
    c, t = (lo + hi) / 2, (hi - lo) / 2
    assert agrees(-0.81, c, t) and agrees(-2.79, c, t)
    assert not agrees(-0.7, c, t) and not agrees(-2.9, c, t)
    assert not agrees(np.nan, c, t)
    lo, hi = agreement_interval(4.25, (3.5, 5.0))  # CI widened by 0.5 points
    assert agrees(3.01, (lo + hi) / 2, (hi - lo) / 2)
    assert not agrees(2.99, (lo + hi) / 2, (hi - lo) / 2)


def test_laplace_covariance_of_a_linear_model_is_the_known_answer():
    # fake evaluator: r(theta) = A theta - b, with known Fisher information A^T A
    rng = np.random.default_rng(0)
    A = rng.normal(size=(40, 3))
    theta = np.array([0.3, 2.0, -1.0])
    r = rng.normal(scale=0.5, size=40)
    low, high = np.array([0.0, 0.0, -5.0]), np.array([1.0, 10.0, 5.0])
    res = identifiability(A, r, ["a", "b", "c"], theta, low, high, inflate=False)
    expected = np.linalg.inv(A.T @ A)
    np.testing.assert_allclose(res.covariance, expected, rtol=1e-8, atol=1e-12)
    np.testing.assert_allclose(res.se, np.sqrt(np.diag(expected)), rtol=1e-8)
    np.testing.assert_allclose(res.fisher, A.T @ A, rtol=1e-8)
    inflated = identifiability(A, r, ["a", "b", "c"], theta, low, high, inflate=True)
    np.testing.assert_allclose(inflated.covariance, expected * (r @ r) / 37, rtol=1e-8)


def test_identifiability_names_unpinned_and_at_bound_parameters():
    rng = np.random.default_rng(2)
    A = rng.normal(size=(30, 3))
    A[:, 2] = A[:, 1]  # b and c enter only as b + c: neither is pinned down
    low, high = np.zeros(3), np.ones(3)
    res = identifiability(A, np.zeros(30), ["a", "b", "c"], np.array([0.5, 0.995, 0.5]),
                          low, high, inflate=False)
    assert "a" not in res.not_identified
    assert {"b", "c"} <= set(res.not_identified)
    assert res.at_bound == ["b"]


def test_gauss_newton_step_recovers_a_linear_optimum_inside_the_bounds():
    rng = np.random.default_rng(4)
    J = rng.normal(size=(25, 2))
    z_true = np.array([0.4, 0.6])
    z0 = np.array([0.5, 0.5])
    r0 = J @ (z0 - z_true)
    z = gn_step(r0, J, z0, np.ones(25, bool), FitSettings(ridge=1e-12, trust=1.0))
    np.testing.assert_allclose(z, z_true, atol=1e-6)
    z_cap = gn_step(r0, J, z0, np.ones(25, bool), FitSettings(ridge=1e-12, trust=0.05))
    assert np.all(np.abs(z_cap - z0) <= 0.05 + 1e-9)


def test_at_bounds_lists_calibrated_parameters_near_a_bound():
    ps = default_parameters()
    rec = ps.record("turnover_trabecular")
    lo, hi = rec.plausible_range
    moved = ps.replace(turnover_trabecular=lo + 0.01 * (hi - lo))
    names = [n for n, *_ in at_bounds(moved)]
    assert "turnover_trabecular" in names
    inside = ps.replace(turnover_trabecular=lo + 0.5 * (hi - lo))
    assert "turnover_trabecular" not in [n for n, *_ in at_bounds(inside)]


@pytest.mark.skipif(not SHARED.exists(), reason="shared trial files not present")
def test_targets_cover_shared_and_project_files_with_weights(tmp_path):
    paths = [(SHARED / "swan-decade.yaml", "shared"),
             (ROOT / "validation" / "trials" / "neer-2001-teriparatide.yaml", "project")]
    trials, sources, anchors = load_units(paths)
    targets = build_targets(trials, sources, anchors)
    assert {t.source for t in targets} == {"shared", "project", "anchor"}
    swan = [t for t in targets if t.label.startswith("swan-decade")]
    assert swan and all(t.weight == 2.0 for t in swan)
    neer = [t for t in targets if t.study == "neer-2001-teriparatide"]
    assert any(t.source == "anchor" for t in neer)  # the Neer anchor folds with its file
    r = residuals([t.centre + t.tolerance for t in targets], targets)
    np.testing.assert_allclose(r, [t.weight for t in targets])
    h1 = dataset_hash([p for p, _ in paths])
    copy = tmp_path / "swan-decade.yaml"
    text = (SHARED / "swan-decade.yaml").read_text()
    copy.write_text(text + "\n# a comment\n")  # a comment is not data: same hash
    assert dataset_hash([copy, paths[1][0]]) == h1
    copy.write_text(text.replace("n: 862", "n: 863", 1))  # a changed number is
    assert dataset_hash([copy, paths[1][0]]) != h1


@pytest.mark.slow
@pytest.mark.skipif(not SHARED.exists(), reason="shared trial files not present")
def test_check_mode_runs_end_to_end(tmp_path):
    out = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "calibrate.py"), "--check", "--workers", "2",
         "--out-dir", str(tmp_path)],
        capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-2000:]
    res = json.loads((tmp_path / "calibration.json").read_text())
    assert len(res["folds"]) == 2
    studies = [set(f) for f in res["folds"]]
    assert not studies[0] & studies[1]
    assert len(res["data_sha256"]) == 64
    cov = np.array(res["identifiability_in_sample"]["laplace_covariance"])
    assert cov.shape == (2, 2) and np.allclose(cov, cov.T)
    assert (tmp_path / "endpoints.csv").exists() and (tmp_path / "endpoints.md").exists()
    for row in res["endpoints"]:
        assert row["cross_validated"] is None or np.isfinite(row["cross_validated"])


def test_parameters_at_bounds_command_lists_what_at_bounds_finds(capsys):
    from osteon.cli import main

    assert main(["parameters", "--at-bounds"]) == 0
    out = capsys.readouterr().out
    hits = at_bounds(default_parameters())
    assert f"{len(hits)} calibrated parameters" in out
    for name, *_ in hits:
        assert name in out


def test_every_parameter_at_a_bound_has_a_written_reason_and_no_reason_is_stale():
    """Issue 9: each calibrated parameter at a bound carries a written reason. The table must
    equal what at_bounds finds: a refit that pins a new parameter fails here until its reason
    is written, and one that frees a parameter fails until the stale reason is removed."""
    from osteon.calibration.bounds import BOUND_REASONS

    pinned = {n for n, *_ in at_bounds(default_parameters())}
    assert pinned - set(BOUND_REASONS) == set(), "pinned without a reason"
    assert set(BOUND_REASONS) - pinned == set(), "reason for a parameter no longer at a bound"
    for name, text in BOUND_REASONS.items():
        assert text.startswith(("Probed", "Not probed", "A structural switch")), name
        assert len(text) > 80, name


def test_parameters_at_bounds_command_prints_the_reasons_and_json(capsys):
    import json as _json

    from osteon.calibration.bounds import BOUND_REASONS
    from osteon.cli import main

    assert main(["parameters", "--at-bounds"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    for name in BOUND_REASONS:
        assert " ".join(BOUND_REASONS[name].split()[:6]) in out, name
    assert main(["parameters", "--at-bounds", "--json"]) == 0
    rows = _json.loads(capsys.readouterr().out)
    assert {r["name"] for r in rows} == {n for n, *_ in at_bounds(default_parameters())}
    assert all(r["reason"] == BOUND_REASONS[r["name"]] for r in rows)


def test_saved_laplace_covariance_matches_the_parameter_set():
    from osteon.calibration import laplace_covariance

    cov = laplace_covariance()
    if cov is None:
        pytest.skip("no calibrated_covariance.json")
    ps = default_parameters()
    c = np.array(cov["laplace_covariance"])
    p = len(cov["parameters"])
    assert c.shape == (p, p) and np.allclose(c, c.T)
    assert np.all(np.linalg.eigvalsh(c) >= -1e-12)
    for name, value in zip(cov["parameters"], cov["values"], strict=True):
        assert ps[name] == pytest.approx(value, rel=1e-9), name
    assert len(cov["data_sha256"]) == 64


def test_trial_paths_take_folders_keep_the_source_and_refuse_missing_paths(tmp_path, monkeypatch):
    from osteon.calibration.targets import trial_paths

    project = ROOT / "validation" / "trials"
    got = trial_paths([project], ROOT)
    assert len(got) == len(list(project.glob("*.yaml"))) > 0
    assert {s for _, s in got} == {"project"}
    one = tmp_path / "x.yaml"
    one.write_text("id: x\n")
    assert trial_paths([one], ROOT) == [(one, "given")]
    with pytest.raises(FileNotFoundError, match="does not exist"):
        trial_paths([tmp_path / "missing"], ROOT)
    (tmp_path / "empty").mkdir()
    with pytest.raises(FileNotFoundError, match="no \\*.yaml"):
        trial_paths([tmp_path / "empty"], ROOT)


def test_dataset_hash_does_not_depend_on_where_the_files_lie(tmp_path):
    project = ROOT / "validation" / "trials"
    files = sorted(project.glob("*.yaml"))[:3]
    copies = []
    for i, f in enumerate(files):  # same names and bytes in other folders, listed reversed
        d = tmp_path / f"d{i}"
        d.mkdir()
        (d / f.name).write_bytes(f.read_bytes())
        copies.append(d / f.name)
    assert dataset_hash(list(reversed(copies))) == dataset_hash(files)


def test_dataset_hash_ignores_the_free_text_notes_but_not_the_data(tmp_path):
    """A note added to a file (an audit, a source found later) leaves a calibration on it
    current; a changed arm or endpoint does not."""
    f = ROOT / "validation" / "trials" / "dawson-hughes-1990-calcium-low-intake.yaml"
    text = f.read_text()
    assert "\nnotes: >\n" in text
    g = tmp_path / f.name
    g.write_text(text.replace("\nnotes: >\n", "\nnotes: >\n  An added sentence.\n", 1))
    assert g.read_text() != text and dataset_hash([g]) == dataset_hash([f])
    g.write_text(text.replace("duration:", "duration: 3 years\nx_duration:", 1))
    assert dataset_hash([g]) != dataset_hash([f])


def test_cauchy_loss_keeps_an_unreachable_endpoint_from_driving_the_step():
    """Nine endpoints sit at 0.5 tolerance and would agree at z = 0.5; one, missed by 8
    tolerances, pulls the least-squares step away from them. The Cauchy loss (robust_row_weights)
    weighs that row by 1/sqrt(1 + 64) and steps nearly to where the nine agree."""
    J = np.ones((10, 1))
    r = np.full(10, -0.5)  # r(z) = r0 + J (z - z0): the nine want dz = +0.5
    r[9] = 8.0  # the outlier wants dz = -8
    z = np.array([0.0])
    mask = np.ones(10, bool)
    lin = gn_step(r, J, z, mask, FitSettings(trust=1.0, ridge=1e-9))
    rob = gn_step(r, J, z, mask, FitSettings(trust=1.0, ridge=1e-9, loss="cauchy"))
    assert lin[0] == pytest.approx(0.0)  # least squares: mean of 0.5 x 9 and -8 is < 0: clipped
    assert 0.4 < rob[0] < 0.5
    with pytest.raises(ValueError, match="unknown loss"):
        gn_step(r, J, z, mask, FitSettings(loss="huber?"))
