"""osteon.forecast (issue 11): bands, scenarios, attribution that adds up, the T-level test,
the report files and the command line."""

import json
from pathlib import Path

import numpy as np
import pytest

import osteon

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "person-woman-56.yaml"
WOMAN = {"sex": "female", "age": 56, "menopause": {"age": 50},
         "treatments": [{"intervention": "vitamin_d", "dose": "1000 IU", "every": "1 day"}]}


@pytest.fixture(scope="module")
def woman():
    return osteon.forecast(WOMAN, draws=40, years=10, fracture_draws=4)


@pytest.mark.slow
def test_dataset_has_draws_bands_and_flags(woman):
    ds = woman
    assert {"scenario", "draw", "time", "site", "quantile"} <= set(ds.dims)
    assert list(ds.scenario.values) == ["no_change", "mht", "training", "diet", "gh_peptide"]
    q = ds.percent_change_quantiles.sel(site="lumbar_spine").isel(time=-1)
    assert np.all(np.diff(q.values, axis=1) >= -1e-12)  # 5 <= 25 <= 50 <= 75 <= 95 %
    assert float(q.sel(quantile=0.95, scenario="no_change")) > float(
        q.sel(quantile=0.05, scenario="no_change"))  # the band is a band
    # MHT keeps more spine than no change (PEPI; human RCT).
    med = q.sel(quantile=0.5)
    assert float(med.sel(scenario="mht")) > float(med.sel(scenario="no_change"))
    ev = json.loads(ds.attrs["evidence"])
    assert ev["gh_peptide"]["extrapolated"] and not ev["mht"]["extrapolated"]
    assert "not medical advice" in ds.attrs["disclaimer"]
    hip = ds.fracture_hip_10y.values
    assert np.isfinite(hip[:, :4]).all() and ((hip[:, :4] > 0) & (hip[:, :4] < 1)).all()


@pytest.mark.slow
def test_attribution_adds_up_for_every_scenario(woman):
    att = json.loads(woman.attrs["attribution"])
    assert set(att) == set(woman.scenario.values)
    for sc, a in att.items():
        total = np.array(a["total"])
        parts = np.sum([v for v in a["parts"].values()], axis=0) + np.array(a["unswitchable"])
        assert np.allclose(parts, total, rtol=0.01, atol=1e-6), (sc, parts, total)
        switched = np.sum([v for v in a["parts"].values()], axis=0)
        whole = total - np.array(a["unswitchable"])
        assert np.all(np.abs(switched - whole) <= 0.01 * np.abs(whole) + 1e-9), sc
    # The drug of a scenario gets a part of its own, and MHT acts through estrogen.
    assert att["mht"]["parts"]["estrogen (drug)"][0] > 0
    assert att["mht"]["parts"]["estrogen"][0] > 0
    assert "vitamin_d (current)" in att["no_change"]["parts"]


@pytest.mark.slow
def test_low_and_normal_testosterone_men_get_different_forecasts():
    """150 vs 600 ng/dL. Literature: low testosterone (with its low estradiol) goes with
    faster bone loss in older men (Khosla S et al. J Clin Endocrinol Metab 2001;86:3555), and
    testosterone therapy raises spine BMD most where the starting level is lowest (Snyder PJ
    et al. J Clin Endocrinol Metab 1999;84:1966; human RCT)."""
    out = {}
    for t in (150, 600):
        ds = osteon.forecast({"sex": "male", "age": 60,
                              "labs": [{"analyte": "testosterone", "value": f"{t} ng/dL"}]},
                             ["no_change", "trt"], draws=30, years=10, attribution=False,
                             fracture_draws=2, seed=1)
        out[t] = ds.percent_change_quantiles.sel(quantile=0.5, time=10.0, site="lumbar_spine")
    low_nc, high_nc = float(out[150].sel(scenario="no_change")), float(
        out[600].sel(scenario="no_change"))
    low_trt, high_trt = float(out[150].sel(scenario="trt")), float(out[600].sel(scenario="trt"))
    assert low_nc < high_nc  # more loss with low testosterone
    assert low_trt - low_nc > high_trt - high_nc + 1.0  # bigger benefit of TRT when low


@pytest.mark.slow
def test_command_line_writes_report_csv_and_netcdf(tmp_path):
    from osteon.cli import main

    rc = main(["forecast", str(EXAMPLE), "--scenario", "no_change", "--scenario", "mht",
               "--draws", "20", "--years", "5", "--no-attribution", "--out", str(tmp_path)])
    assert rc == 0
    page = (tmp_path / "forecast.html").read_text()
    assert page.index("not medical advice") < page.index("Evidence and extrapolation flags") \
        < page.index("Forecast by scenario")
    assert page.count("<img") >= 2
    assert (tmp_path / "forecast_quantiles.csv").stat().st_size > 1000
    import xarray as xr

    ds = xr.open_dataset(tmp_path / "forecast.nc")
    assert ds.sizes["draw"] == 20
    assert "SIR posterior given 7 scans" in ds.attrs["posterior"]


def test_person_file_errors_reach_the_command_line(tmp_path, capsys):
    from osteon.cli import main

    f = tmp_path / "bad.yaml"
    f.write_text("sex: female\nage: 20\nweight_kg: 900\n")
    assert main(["forecast", str(f)]) == 2
    err = capsys.readouterr().err
    assert "age:" in err and "weight_kg:" in err


@pytest.mark.slow
def test_simulate_takes_interventions_from_flag_and_file(tmp_path):
    from osteon.cli import main

    f = tmp_path / "s.yaml"
    f.write_text("sex: female\nage: 56\nmenopause_age: 50\nyears: 2\ninterventions:\n"
                 "  - {intervention: estrogen, agent: estradiol, route: transdermal, "
                 "dose: 50 ug, every: 1 day}\n")
    assert main(["simulate", str(f), "--out", str(tmp_path / "a")]) == 0
    assert main(["simulate", "--sex", "female", "--age", "56", "--menopause-age", "50",
                 "--years", "2", "--out", str(tmp_path / "b")]) == 0
    import xarray as xr

    a = xr.open_dataset(tmp_path / "a" / "simulation.nc")
    b = xr.open_dataset(tmp_path / "b" / "simulation.nc")
    spine_a = float(a.bmd.sel(site="lumbar_spine").isel(subject=0, time=-1))
    spine_b = float(b.bmd.sel(site="lumbar_spine").isel(subject=0, time=-1))
    assert spine_a > spine_b
    assert "estrogen" in a.attrs["protocol"]
