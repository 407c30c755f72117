"""``osteon simulate``: YAML and flags, the CSV and netCDF files, and bad input."""

from __future__ import annotations

import csv
import importlib.util

import numpy as np
import pytest
import xarray as xr

import osteon
from osteon.cli import build_parser, main
from osteon.report import simulate_cmd

FILES = ("simulation.csv", "simulation.nc", "bmd.png", "markers.png", "hormones.png")


def parse(*argv):
    return build_parser().parse_args(["simulate", *map(str, argv)])


def read_csv(path):
    with path.open(newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def yaml_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("sim")
    subject_file = tmp / "subject.yaml"
    subject_file.write_text("sex: female\nage: 55\nmenopause_age: 50\n"
                            "labs: {estradiol_pg_ml: 12}\nyears: 3\n")
    out = tmp / "out"
    rc = simulate_cmd.run(parse(subject_file, "--out", out))
    return out, rc


def test_yaml_subject_writes_all_files(yaml_run):
    out, rc = yaml_run
    assert rc == 0
    for name in FILES:
        assert (out / name).is_file() and (out / name).stat().st_size > 0


def test_csv_is_tidy(yaml_run):
    rows = read_csv(yaml_run[0] / "simulation.csv")
    assert len(rows) == 3 * 12 + 1  # monthly output over 3 years
    cols = rows[0].keys()
    for site in ("lumbar_spine", "femoral_neck", "total_hip", "total_body"):
        assert f"bmd_{site}_g_cm2" in cols and f"t_score_{site}" in cols
    for name in ("time_years", "age_years", "who_category", "ctx_ng_ml", "p1np_ug_l",
                 "estradiol_pg_ml", "testosterone_ng_dl", "igf1_ng_ml"):
        assert name in cols
    assert float(rows[0]["age_years"]) == 55 and float(rows[0]["time_years"]) == 0
    assert float(rows[-1]["time_years"]) == pytest.approx(3.0)
    # the measured estradiol of the file is used at the start age
    assert float(rows[0]["estradiol_pg_ml"]) == pytest.approx(12.0, rel=1e-3)


def test_netcdf_round_trips(yaml_run):
    out = yaml_run[0]
    with xr.open_dataset(out / "simulation.nc") as ds:
        ds = ds.load()
    rows = read_csv(out / "simulation.csv")
    csv_bmd = np.array([float(r["bmd_lumbar_spine_g_cm2"]) for r in rows])
    nc_bmd = ds["bmd"].isel(subject=0).sel(site="lumbar_spine").values
    np.testing.assert_allclose(nc_bmd, csv_bmd, rtol=1e-5)
    assert ds["bmd"].attrs["units"] == "g/cm2"
    assert set(np.unique(ds["who_category"].values)) <= {"normal", "osteopenia", "osteoporosis"}
    assert ds.attrs["parameter_set"] == "Osteon2026"
    assert "not medical advice" in ds.attrs["disclaimer"]


@pytest.mark.parametrize("engine", [
    "scipy",
    pytest.param("h5netcdf", marks=pytest.mark.skipif(
        importlib.util.find_spec("h5py") is None, reason="h5py (h5netcdf backend) not installed")),
])
def test_write_netcdf_engines_keep_values_and_strings(engine, tmp_path):
    res = osteon.Simulation(osteon.Subject(sex="male", age=60), years=1).run()
    assert res["who_category"].dtype == object  # what netcdf_ready has to convert
    path = simulate_cmd.write_netcdf(res, tmp_path / "r.nc", engine=engine)
    with xr.open_dataset(path, engine=engine) as back:
        back = back.load()
    xr.testing.assert_allclose(back["bmd"], res["bmd"])
    assert back["who_category"].values.tolist() == res["who_category"].values.tolist()
    assert back["sex"].values.tolist() == ["male"]


def test_flags_override_file_and_labs_merge(tmp_path):
    subject_file = tmp_path / "s.yaml"
    subject_file.write_text("sex: male\nage: 50\nlabs: {igf1_ng_ml: 120}\nyears: 7\n")
    subject, years = simulate_cmd.subject_from_args(
        parse(subject_file, "--age", 62, "--testosterone", 250, "--years", 2))
    assert subject.age == 62 and subject.sex == "male" and years == 2
    assert subject.labs == {"igf1_ng_ml": 120.0, "testosterone_ng_dl": 250.0}


def test_flags_only(tmp_path, capsys):
    out = tmp_path / "o"
    rc = simulate_cmd.run(parse("--sex", "male", "--age", 65, "--body-mass", 90,
                                "--steps-per-day", 3000, "--years", 2, "--out", out))
    assert rc == 0
    printed = capsys.readouterr().out
    for name in FILES:
        assert str((out / name).resolve()) in printed
    rows = read_csv(out / "simulation.csv")
    assert float(rows[0]["age_years"]) == 65


@pytest.mark.parametrize(("argv", "yaml_text", "field"), [
    (["--sex", "female", "--age", 200], None, "subject.age"),
    ([], "sex: x\nage: 50\n", "subject.sex"),
    (["--sex", "female", "--age", 50, "--body-mass", -5], None, "subject.body_mass_kg"),
    (["--age", 50], None, "subject.sex"),
    (["--sex", "female"], None, "subject.age"),
    ([], "age: 50\n", "subject.sex"),
    (["--sex", "male", "--age", 50, "--years", 0], None, "years"),
    (["--sex", "male", "--age", 50, "--estradiol", -1], None, "subject.labs.estradiol_pg_ml"),
    ([], "sex: [female\n", "subject_file"),
    ([], "- female\n- 50\n", "subject_file"),
])
def test_bad_input_names_the_field(argv, yaml_text, field, tmp_path):
    if yaml_text is not None:
        path = tmp_path / "bad.yaml"
        path.write_text(yaml_text)
        argv = [path, *argv]
    with pytest.raises(osteon.OsteonInputError) as err:
        simulate_cmd.run(parse(*argv, "--out", tmp_path / "out"))
    assert err.value.field == field
    assert field in str(err.value) and "Valid example" in str(err.value)
    assert not (tmp_path / "out" / "simulation.csv").exists()


def test_cli_reports_bad_input_on_stderr(tmp_path, capsys):
    rc = main(["simulate", "--sex", "female", "--age", "200", "--out", str(tmp_path)])
    assert rc == 2
    assert "subject.age" in capsys.readouterr().err


def test_missing_subject_file(tmp_path):
    with pytest.raises(osteon.OsteonInputError) as err:
        simulate_cmd.run(parse(tmp_path / "nope.yaml"))
    assert err.value.field == "subject_file"
