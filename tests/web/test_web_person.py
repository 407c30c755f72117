"""``/api/person-forecasts``: issue 11's ``osteon.forecast`` as an asynchronous job."""

from __future__ import annotations

import io
import time

import pytest
from web_helpers import REPO_ROOT, app_client

from osteon.web import limits


@pytest.fixture(scope="module")
def client():
    yield from app_client()

def _error(r, status, field_part):
    assert r.status_code == status, r.text
    err = r.json()["error"]
    assert field_part in err["field"] and err["problem"] and err["example"], err
    return err


@pytest.mark.parametrize("body, field", [
    ({}, "person"),
    ({"person": {"sex": "female", "age": 56}, "person_yaml": "sex: female"}, "person"),
    ({"person": {"sex": "female", "age": 250}}, "person.age"),
    ({"person": {"sex": "x", "age": 56}}, "person.sex"),
    ({"person_yaml": "a: &a [1]\nb: [" + ", ".join(["*a"] * 40) + "]"}, "person_yaml"),
    ({"person": {"sex": "female", "age": 56}, "scenarios": ["homeopathy"]}, "scenarios[0]"),
    ({"person": {"sex": "female", "age": 56}, "draws": limits.MAX_PERSON_DRAWS + 1}, "draws"),
    ({"person": {"sex": "female", "age": 56}, "years": 99}, "years"),
])
def test_person_forecast_errors(client, body, field):
    _error(client.post("/api/person-forecasts", json=body), 422, field)


def test_person_forecast_unknown_job(client):
    _error(client.get("/api/person-forecasts/" + "a" * 32), 404, "job_id")
    _error(client.get("/api/person-forecasts/" + "a" * 32 + "/forecast.html"), 404, "job_id")


@pytest.mark.slow
def test_person_forecast_job_runs_and_serves_its_files(client):
    import xarray as xr

    text = (REPO_ROOT / "examples" / "person-woman-56.yaml").read_text()
    r = client.post("/api/person-forecasts", json={"person_yaml": text, "draws": 10,
                                                   "years": 2,
                                                   "scenarios": ["no_change", "diet",
                                                                 "trt"]})
    assert r.status_code == 202, r.text
    end = time.monotonic() + 240
    while time.monotonic() < end:
        job = client.get(r.json()["status_url"]).json()
        if job["state"] in ("done", "failed"):
            break
        time.sleep(0.5)
    assert job["state"] == "done", job
    names = [s["name"] for s in job["summary"]["scenarios"]]
    assert names == ["no_change", "diet"]
    assert job["summary"]["skipped_scenarios"] == ["trt"]  # testosterone: men only
    for sc in job["summary"]["scenarios"]:
        for q in sc["t_score_end"].values():
            assert q["q5"] <= q["q50"] <= q["q95"]
    html = client.get(job["downloads"]["html"]).text
    assert "not medical advice" in html
    ds = xr.open_dataset(io.BytesIO(client.get(job["downloads"]["nc"]).content),
                         engine="h5netcdf")
    assert ds.sizes["draw"] == 10
    assert "scenario" in client.get(job["downloads"]["csv"]).text.splitlines()[0]
