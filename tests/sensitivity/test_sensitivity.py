"""Global sensitivity (issue 14): inputs and bounds come from the parameter records, the
indices see what the scenario reads and ignore what it does not, and the command writes
netCDF and a plot."""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr

from osteon.errors import OsteonInputError
from osteon.parameters import default_parameters
from osteon.sensitivity.core import COVARIATES, OUTPUTS, drivers, make_problem, run_sensitivity


def test_problem_takes_the_calibrated_parameters_and_their_plausible_ranges():
    ps = default_parameters()
    p = make_problem("No treatment")
    calibrated = [r.name for r in ps.records.values() if r.calibrated]
    assert list(p.names[: len(calibrated)]) == calibrated
    assert list(p.names[len(calibrated):]) == list(COVARIATES)
    for name, (lo, hi) in zip(p.names, p.bounds, strict=True):
        if name in ps:
            assert (lo, hi) == ps.record(name).plausible_range
        assert lo < hi


def test_problem_names_bad_inputs():
    with pytest.raises(OsteonInputError, match="scenario"):
        make_problem("Yoga")
    with pytest.raises(OsteonInputError, match="parameters"):
        make_problem("No treatment", ["not_a_parameter"])
    with pytest.raises(OsteonInputError, match="covariates"):
        make_problem("No treatment", [], ["shoe_size"])
    with pytest.raises(OsteonInputError, match="sobol_n"):
        run_sensitivity(make_problem("No treatment", ["estrogen_ec50"], []), sobol_n=3)


@pytest.mark.slow
def test_indices_see_a_parameter_the_scenario_reads_and_not_one_it_ignores():
    # Denosumab's IC50 cannot change a natural history; the age-related thinning of the BMU
    # wall drives the loss of every untreated subject.
    problem = make_problem("No treatment", ["denosumab_ic50", "wall_thickness_age"], [])
    ds = run_sensitivity(problem, sobol_n=2, morris_r=2, num_resamples=50)
    assert set(ds["output"].values) == set(OUTPUTS)
    for out in OUTPUTS:
        mu = ds["morris_mu_star"].sel(output=out)
        assert float(mu.sel(input="denosumab_ic50")) == 0.0
        assert float(mu.sel(input="wall_thickness_age")) > 0.0
        assert float(ds["sobol_ST"].sel(output=out, input="denosumab_ic50")) == 0.0
        assert drivers(ds, out, top=1)[0][0] == "wall_thickness_age"
        assert np.all(ds["sobol_ST_conf"].sel(output=out).values >= 0.0)
    assert ds.attrs["sobol_runs"] == 2 * (2 + 2) and ds.attrs["morris_runs"] == 2 * 3


@pytest.mark.slow
def test_command_writes_indices_and_plot(tmp_path, capsys):
    from osteon.cli import main

    rc = main(["sensitivity", "No treatment", "--parameters", "wall_thickness_age",
               "--covariates", "none", "--method", "morris", "--morris-r", "2",
               "--out", str(tmp_path)])
    assert rc == 0
    nc = tmp_path / "sensitivity-no-treatment.nc"
    ds = xr.open_dataset(nc, engine="h5netcdf")
    assert "morris_mu_star_conf" in ds and ds.attrs["scenario"] == "No treatment"
    assert (tmp_path / "sensitivity-no-treatment.png").stat().st_size > 5_000
    assert "wall_thickness_age" in capsys.readouterr().out
