"""``osteon validate`` and :func:`validate_files`: runs, reports, never skips silently."""

from __future__ import annotations

import json
import math
import shutil

import pytest
from trial_helpers import FIXTURES, MALFORMED, SHARED_TRIALS

import osteon.cohort.runner as runner_mod
from osteon.cli import main
from osteon.trials.validate import format_report, iter_reports, summarize, validate_files

BED_REST = FIXTURES / "bed-rest-small.yaml"
HRT = FIXTURES / "hormone-therapy-small.yaml"
UNSUPPORTED = FIXTURES / "unsupported-only.yaml"
JSON_KEYS = ["trial", "arm", "control", "site", "measure", "from", "at", "published",
             "interval", "simulated", "agree", "status", "reason"]


@pytest.fixture
def without(monkeypatch):
    """Hide intervention builders, as for a kind the model cannot simulate yet."""
    from osteon.trials import interventions

    def hide(*kinds):
        for kind in kinds:
            monkeypatch.delitem(interventions.BUILDERS, kind)

    return hide


@pytest.fixture(scope="module")
def bed_rest_results():
    return validate_files([BED_REST], subjects=12, seed=5)


def test_runnable_endpoints_are_simulated(bed_rest_results):
    r = bed_rest_results
    assert [x.endpoint_index for x in r] == [0, 1, 2, 3, 4]
    lumbar, diff, annual, pth, ctx = r
    assert lumbar.status == "ok" and lumbar.simulated < 0 and lumbar.n_subjects == 12
    assert lumbar.at == "8 weeks" and lumbar.from_ == "0 weeks"
    assert diff.status == "ok" and diff.control == "ambulatory" and diff.simulated < 0
    assert diff.interval == pytest.approx((-3.0, 0.0)) and diff.interval_source == "ci"
    assert annual.status == "ok" and math.isfinite(annual.simulated)
    assert pth.status == "ok"  # serum PTH comes from the calcium subsystem
    assert ctx.status == "ok"
    for x in (lumbar, diff, annual, pth, ctx):
        assert x.agree is not None and x.agree == (x.interval[0] <= x.simulated <= x.interval[1])


def test_same_seed_same_numbers(bed_rest_results):
    again = validate_files([BED_REST], subjects=12, seed=5)
    assert [x.simulated for x in again] == [x.simulated for x in bed_rest_results]


def test_arms_with_the_same_interventions_share_one_simulation(monkeypatch):
    made = []
    real = runner_mod.Simulation

    def counting(*args, **kwargs):
        made.append(kwargs.get("protocol"))
        return real(*args, **kwargs)

    monkeypatch.setattr(runner_mod, "Simulation", counting)
    results = validate_files([BED_REST], subjects=4, seed=1)
    assert len(made) == 2  # ambulatory, and bed_rest == bed_rest_twin
    assert {len(p.interventions) for p in made} == {0, 1}
    assert all(x.status in ("ok", "not_supported") for x in results)


def test_not_supported_arms_are_reported_and_others_still_run(monkeypatch, without):
    without("estrogen")
    made = []
    real = runner_mod.Simulation

    def counting(*args, **kwargs):
        made.append(kwargs.get("protocol"))
        return real(*args, **kwargs)

    monkeypatch.setattr(runner_mod, "Simulation", counting)
    placebo, estrogen, difference = validate_files([HRT], subjects=4, seed=1)
    assert placebo.status == "ok" and placebo.simulated is not None
    assert estrogen.status == "not_supported" and difference.status == "not_supported"
    assert estrogen.reason == "not supported yet: estrogen (arm estrogen)"
    assert estrogen.simulated is None and estrogen.agree is None
    assert len(made) == 1 and made[0].is_empty


def test_malformed_file_is_an_error_record_and_the_rest_runs(tmp_path, without):
    without("denosumab")
    shutil.copy(MALFORMED / "dose-without-unit.yaml", tmp_path / "a-bad.yaml")
    shutil.copy(UNSUPPORTED, tmp_path / "b-unsupported.yaml")
    results = validate_files([tmp_path], subjects=4, seed=1)
    assert [x.trial for x in results] == ["a-bad.yaml", "unsupported-only"]
    bad, unsupported = results
    assert bad.status == "error" and bad.endpoint_index is None
    assert "a-bad.yaml: arms.placebo[0].dose" in bad.reason and "Valid example" in bad.reason
    assert unsupported.status == "not_supported"
    s = summarize(results)
    assert (s.endpoints, s.not_supported, s.file_errors) == (1, 1, 1)
    assert s.line() == ("Summary: 0/1 endpoints agree (0%), 1 not supported, 0 disagree; "
                        "1 file could not be read")


def test_empty_folder_is_an_error(tmp_path):
    (results,) = validate_files([tmp_path], subjects=4)
    assert results.status == "error" and "no *.yaml" in results.reason


def test_summary_counts(without):
    without("denosumab", "estrogen")
    results = validate_files([UNSUPPORTED, HRT], subjects=4, seed=2)
    s = summarize(results)
    assert s.endpoints == 4 and s.not_supported == 3 and s.agree + s.disagree == 1
    assert s.line().startswith(f"Summary: {s.agree}/4 endpoints agree (")


def test_shared_pepi_runs_every_arm():
    path = SHARED_TRIALS / "pepi-1996.yaml"
    if not path.exists():
        pytest.skip(f"{path} is not present")
    results = validate_files([path], subjects=4, seed=1)
    assert [x.status for x in results] == ["ok"] * 5
    assert all(x.simulated is not None and math.isfinite(x.simulated) for x in results)


# --------------------------------------------------------------------------- command line
def test_cli_refuses_small_cohorts(capsys):
    assert main(["validate", str(UNSUPPORTED), "--subjects", "50"]) == 2
    err = capsys.readouterr().err
    assert "--subjects" in err and "200" in err and "Valid example: --subjects 200" in err


def test_cli_json_lines_and_exit_code(tmp_path, capsys, without):
    without("denosumab")
    shutil.copy(UNSUPPORTED, tmp_path / "a.yaml")
    shutil.copy(MALFORMED / "unknown-agent.yaml", tmp_path / "b.yaml")
    code = main(["validate", str(tmp_path), "--json"])
    out, err = capsys.readouterr()
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 1
    assert [r["status"] for r in records] == ["not_supported", "error"]
    assert list(records[0])[:13] == JSON_KEYS
    assert records[0]["reason"] == "not supported yet: denosumab (arm denosumab)"
    assert records[0]["interval"] == [2.2, 4.2] and records[0]["simulated"] is None
    assert "b.yaml: arms.treated[0].agent" in records[1]["reason"]
    assert "Summary: 0/1 endpoints agree (0%), 1 not supported, 0 disagree" in err
    assert "b.yaml" in err


def test_cli_text_table(capsys, without):
    without("denosumab")
    code = main(["validate", str(UNSUPPORTED)])
    out = capsys.readouterr().out
    assert code == 0
    assert "unsupported-only (unsupported-only.yaml)" in out
    assert "not supported yet: denosumab" in out
    assert out.strip().splitlines()[-1] == (
        "Summary: 0/1 endpoints agree (0%), 1 not supported, 0 disagree")
    for column in ("arm", "site", "measure", "from", "at", "published", "interval",
                   "simulated", "result"):
        assert column in out


@pytest.mark.slow
def test_cli_full_run_200_subjects(capsys):
    code = main(["validate", str(BED_REST), "--json", "--seed", "3"])
    out = capsys.readouterr().out
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert len(records) == 5
    assert all(r["n_subjects"] == 200 for r in records if r["status"] == "ok")
    assert {r["status"] for r in records} == {"ok"}  # pth included (calcium subsystem)


def test_cli_refuses_negative_seed(capsys):
    assert main(["validate", str(UNSUPPORTED), "--seed", "-1"]) == 2
    assert "--seed" in capsys.readouterr().err


@pytest.mark.slow
def test_diet_covariates_are_not_listed_as_unmodelled():
    (report,) = iter_reports([FIXTURES / "full-vocabulary.yaml"], subjects=4, seed=1)
    out = format_report(report)
    assert "covariate not modelled yet" not in out

