"""The HTTP API of ``osteon serve`` with the real app (issue 12), including every error path."""

from __future__ import annotations

import copy
import io
import time

import pytest
from web_helpers import SMALL_FORECAST, app_client

from osteon.trials.format import INTERVENTION_KINDS
from osteon.web import limits


@pytest.fixture(scope="module")
def client():
    yield from app_client()

def _error(r, status: int, field_part: str) -> dict:
    assert r.status_code == status, r.text
    err = r.json()["error"]
    assert field_part in err["field"], err
    assert err["problem"], err
    assert err["example"], err
    return err


def test_health_reports_limits(client):
    body = client.get("/api/health").json()
    assert body["status"] == "ok"
    assert body["limits"]["max_years"] == limits.MAX_YEARS
    assert "not medical advice" in body["disclaimer"]


def test_parameters_have_units_sources_and_grades(client):
    body = client.get("/api/parameters").json()
    assert body["parameters"] and body["forecast_records"]
    for p in body["parameters"]:
        assert p["units"] and p["source"] and p["evidence"], p


def test_evidence_and_vocabulary_cover_every_intervention_kind(client):
    ev = client.get("/api/evidence").json()
    assert {i["kind"] for i in ev["interventions"]} == set(INTERVENTION_KINDS)
    assert sum(g["parameters"] for g in ev["grades"]) > 0
    vocab = client.get("/api/vocabulary").json()
    assert set(vocab["interventions"]) == set(INTERVENTION_KINDS)
    assert "pmol/L" in vocab["labs"]["estradiol"]["units"]


def test_openapi_schema_at_docs(client):
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    for p in ("/api/forecast", "/api/simulate", "/api/trials", "/api/parameters",
              "/api/evidence", "/api/health"):
        assert p in paths


@pytest.fixture(scope="module")
def forecast(client):
    r = client.post("/api/forecast", json=SMALL_FORECAST)
    assert r.status_code == 200, r.text
    return r.json()


@pytest.mark.slow
def test_forecast_bands_categories_fracture_and_evidence(forecast):
    assert [s["name"] for s in forecast["scenarios"]] == ["no change", "calcium"]
    assert "not medical advice" in forecast["disclaimer"]
    for sc in forecast["scenarios"]:
        for site, s in sc["series"].items():
            assert len(s["t_score"]) == len(sc["time"])
            assert all(lo <= t + 1e-9 and t <= hi + 1e-9
                       for lo, t, hi in zip(s["p10"], s["t_score"], s["p90"], strict=True)), site
            assert sc["final"][site]["category"] in ("normal", "osteopenia", "osteoporosis")
        fr = sc["fracture"]
        assert fr["available"] and 0 < fr["hip_percent"] < fr["major_percent"] < 100
        assert fr["major_range"][0] <= fr["major_range"][1]
    calcium = forecast["scenarios"][1]
    assert calcium["evidence"][0]["intervention"] == "calcium"
    assert calcium["evidence"][0]["citation"]
    # a supplement on a 500 mg/day diet should not lower BMD against no change
    assert calcium["attribution"]["vs_no_change"]["femoral_neck"] >= 0
    # the scan history is judged against the least significant change
    assert forecast["dxa_changes"][0]["verdict"]


@pytest.mark.slow
def test_forecast_downloads(client, forecast):
    import pandas as pd
    import xarray as xr

    csv = client.get(forecast["downloads"]["csv"])
    assert csv.status_code == 200 and "attachment" in csv.headers["content-disposition"]
    table = pd.read_csv(io.StringIO(csv.text), comment="#")
    n_time = len(forecast["scenarios"][0]["time"])
    assert len(table) == 2 * 4 * n_time
    assert set(table["scenario"]) == {"no change", "calcium"}
    nc = client.get(forecast["downloads"]["nc"])
    ds = xr.open_dataset(io.BytesIO(nc.content), engine="h5netcdf")
    assert list(ds["scenario"].values) == ["no change", "calcium"]
    assert ds["t_score"].attrs["units"]
    html = client.get(forecast["downloads"]["html"]).text
    assert "not medical advice" in html and "<script" not in html


@pytest.mark.parametrize("mutate, field", [
    (lambda r: r["profile"].update(age=200), "profile.age"),
    (lambda r: r["profile"].update(sex="x"), "profile.sex"),
    (lambda r: r["profile"].update(shoe_size=9), "profile.shoe_size"),
    (lambda r: r.update(years=limits.MAX_YEARS + 1), "years"),
    (lambda r: r.update(draws=limits.MAX_DRAWS + 1), "draws"),
    (lambda r: r.update(scenarios=[{"name": f"s{i}", "interventions": []}
                                   for i in range(limits.MAX_SCENARIOS + 1)]), "scenarios"),
    (lambda r: r["scenarios"][0].update(name="../../etc/passwd"), "scenarios[0].name"),
    (lambda r: r["profile"]["labs"][0].update(unit="furlongs"), "profile.labs[0]"),
    (lambda r: r["profile"]["labs"][0].update(value=20000), "profile.labs[0]"),
    (lambda r: r["profile"]["dxa"][0].update(age=70), "profile.dxa[0].age"),
    (lambda r: r["profile"]["dxa"][0].pop("bmd"), "profile.dxa[0]"),
    (lambda r: r["profile"].update(sex="male"), "profile.menopause"),
    (lambda r: r["scenarios"][0]["interventions"][0].update(dose="lots"),
     "scenarios[0].interventions[0]"),
    (lambda r: r["scenarios"][0]["interventions"][0].update(intervention="homeopathy"),
     "scenarios[0].interventions[0]"),
    (lambda r: r["scenarios"].append(copy.deepcopy(r["scenarios"][0])), "scenarios[1].name"),
])
def test_forecast_errors_name_the_field(client, mutate, field):
    req = copy.deepcopy(SMALL_FORECAST)
    if field == "profile.menopause":
        req["profile"]["menopause_age"] = 50
    mutate(req)
    _error(client.post("/api/forecast", json=req), 422, field)


def test_request_too_large(client):
    big = {"yaml": "x" * (limits.MAX_BODY_BYTES + 10), "subjects": 2}
    _error(client.post("/api/trials", json=big), 413, "body")


def test_not_json_and_wrong_method_and_unknown_path(client):
    r = client.post("/api/forecast", content=b"{not json", headers={
        "content-type": "application/json"})
    _error(r, 422, "body")
    _error(client.get("/api/forecast"), 405, "method")
    _error(client.get("/api/nothing"), 404, "path")
    _error(client.get("/static/../../etc/passwd"), 404, "path")
    _error(client.get("/static/secret.py"), 404, "path")


def test_unknown_or_malformed_ids(client):
    good = "0" * 32
    _error(client.get(f"/api/results/{good}/forecast.csv"), 404, "result_id")
    _error(client.get(f"/api/trials/{good}"), 404, "job_id")
    _error(client.get(f"/api/trials/{good}/result.nc"), 404, "job_id")
    _error(client.get("/api/trials/..%2f..%2fetc"), 404, "")  # never reaches a handler
    _error(client.get("/api/trials/XYZ"), 422, "job_id")
    _error(client.get(f"/api/results/{good}/forecast.exe"), 422, "fmt")


def test_simulate_and_its_errors(client):
    r = client.post("/api/simulate", json={"subject": {"sex": "male", "age": 60},
                                           "protocol": [{"intervention": "walking",
                                                         "minutes_per_week": 150}],
                                           "years": 1})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["time"][0] == 0 and body["time"][-1] == pytest.approx(1)
    assert body["evidence"][0]["intervention"] == "walking"
    _error(client.post("/api/simulate", json={"subject": {"sex": "male", "age": 60, "x": 1}}),
           422, "subject.x")
    _error(client.post("/api/simulate", json={"subject": {"sex": "male"}}), 422, "subject.age")
    _error(client.post("/api/simulate", json={"subject": {"sex": "male", "age": 60},
                                              "protocol": [{"intervention": "walking"}]}),
           422, "protocol[0]")


BILLION_LAUGHS = "a: &a [x, x]\n" + "".join(
    f"{c}: &{c} [*{p}, *{p}, *{p}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True))


def test_trial_upload_yaml_limits(client):
    _error(client.post("/api/trials", json={"yaml": BILLION_LAUGHS}), 422, "yaml")
    deep = "a: " + "[" * (limits.MAX_YAML_DEPTH + 2) + "]" * (limits.MAX_YAML_DEPTH + 2)
    _error(client.post("/api/trials", json={"yaml": deep}), 422, "yaml")
    _error(client.post("/api/trials", json={"yaml": "a: [1, 2"}), 422, "yaml")
    _error(client.post("/api/trials", json={"yaml": "!!python/object:os.system {}"}), 422,
           "yaml")
    _error(client.post("/api/trials", json={"yaml": "id: x", "subjects": 10_000}), 422,
           "subjects")


def _wait(client, job_id, limit_s=120):
    end = time.monotonic() + limit_s
    while time.monotonic() < end:
        job = client.get(f"/api/trials/{job_id}").json()
        if job["state"] in ("done", "failed"):
            return job
        time.sleep(0.3)
    raise AssertionError("trial job did not finish")


def test_trial_file_errors_are_reported_by_the_job(client):
    r = client.post("/api/trials", json={"yaml": "id: x\ntitle: t\n", "subjects": 2})
    assert r.status_code == 202
    job = _wait(client, r.json()["id"])
    assert job["state"] == "failed"
    assert job["error"]["field"] and job["error"]["example"]
    assert "osteon-serve" not in job["error"]["field"] + job["error"]["problem"]


@pytest.mark.slow
def test_trial_job_progress_netcdf_and_expiry(client, shared_dir):
    import xarray as xr

    text = (shared_dir / "validation" / "trials" / "freedom-denosumab.yaml").read_text()
    r = client.post("/api/trials", json={"yaml": text, "subjects": 3})
    assert r.status_code == 202
    job = _wait(client, r.json()["id"])
    assert job["state"] == "done" and job["progress"] == 1
    assert job["summary"]["endpoints"][0]["simulated"] is not None
    nc = client.get(job["download"])
    assert nc.status_code == 200
    ds = xr.open_dataset(io.BytesIO(nc.content), engine="h5netcdf", group="arm_denosumab")
    assert ds.sizes["subject"] == 3
    store = client.app.state.store
    folder = store.items[job["id"]].folder
    assert folder.exists()
    store.expire(now=time.time() + limits.RESULT_TTL_S + 1)
    assert not folder.exists()
    _error(client.get(f"/api/trials/{job['id']}"), 404, "job_id")


def test_busy_server_answers_503():
    import threading

    from fastapi.testclient import TestClient

    from osteon.web.app import create_app
    from osteon.web.jobs import Store

    store = Store(workers=1, queue_limit=0)
    gate = threading.Event()
    store.submit(gate.wait, 30)
    try:
        with TestClient(create_app(store=store)) as c:
            _error(c.post("/api/forecast", json=SMALL_FORECAST), 503, "server")
    finally:
        gate.set()


def test_slow_request_answers_504(monkeypatch):
    from fastapi.testclient import TestClient

    from osteon.web.app import create_app

    monkeypatch.setattr(limits, "REQUEST_TIMEOUT_S", 0.0)
    with TestClient(create_app()) as c:
        _error(c.post("/api/forecast", json=SMALL_FORECAST), 504, "request")


def test_page_is_labelled_and_uses_no_cdn(client):
    from html.parser import HTMLParser

    html = client.get("/").text

    class P(HTMLParser):
        def __init__(self):
            super().__init__()
            self.ids, self.fors, self.scripts, self.lang = [], set(), [], None

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "html":
                self.lang = a.get("lang")
            if tag in ("input", "select") and a.get("type") != "checkbox":
                self.ids.append(a.get("id"))
            if tag == "label" and a.get("for"):
                self.fors.add(a["for"])
            if tag == "script":
                self.scripts.append(a.get("src", ""))

    p = P()
    p.feed(html)
    assert p.lang == "en"
    assert all(i in p.fors for i in p.ids), set(p.ids) - p.fors
    assert p.scripts and all(s.startswith("/static/") for s in p.scripts)
    assert 'name="viewport"' in html and "not medical advice" in html
    docs = client.get("/docs").text
    assert "cdn" not in docs.lower() and "/static/swagger-ui-bundle.js" in docs
    assert client.get("/static/swagger-ui-bundle.js").status_code == 200
    js = client.get("/static/plotly.min.js")
    assert js.status_code == 200 and len(js.content) > 1_000_000


def test_failed_solve_gives_nulls_not_500(client, monkeypatch):
    import numpy as np

    from osteon.simulation import Simulation

    run = Simulation.run

    def failed(self, *args, **kwargs):
        res = run(self, *args, **kwargs)
        res["t_score"][...] = np.nan
        res["bmd"][...] = np.nan
        return res

    monkeypatch.setattr(Simulation, "run", failed)
    r = client.post("/api/forecast", json={"profile": {"sex": "female", "age": 62},
                                           "years": 1, "draws": 2})
    assert r.status_code == 200, r.text
    sc = r.json()["scenarios"][0]
    assert sc["final"]["femoral_neck"]["t_score"] is None
    assert sc["fracture"]["available"] is False
    assert client.get(r.json()["downloads"]["csv"]).status_code == 200


PREDNISONE_SINCE = {"intervention": "glucocorticoid", "agent": "prednisone", "dose": "7.5 mg",
                    "every": "1 day", "start": "-2 years"}


def test_simulate_takes_exposure_before_follow_up(client):
    """A negative start (a drug already taken at entry) reaches the model through the API."""
    def spine(protocol, age=60):
        r = client.post("/api/simulate", json={"subject": {"sex": "male", "age": age},
                                               "protocol": protocol, "years": 1})
        assert r.status_code == 200, r.text
        return r.json()

    new, since = spine([dict(PREDNISONE_SINCE, start="0 months")]), spine([PREDNISONE_SINCE])
    # two years of prednisone before entry already took bone at day 0
    assert since["sites"]["lumbar_spine"]["bmd"][0] < new["sites"]["lumbar_spine"]["bmd"][0]
    assert since["flags"] == [] and new["flags"] == []
    # begun before the 30th birthday (at 27): said in the answer, not silent
    early = spine([dict(PREDNISONE_SINCE, start="-6 years")], age=33)
    (flag,) = early["flags"]
    assert "began at age 27" in flag and "30th birthday" in flag
    _error(client.post("/api/simulate", json={
        "subject": {"sex": "male", "age": 60}, "years": 1,
        "protocol": [dict(PREDNISONE_SINCE, start="-1 year", stop="-2 years")]}),
        422, "protocol")


@pytest.mark.slow
def test_forecast_scenario_with_exposure_before_today(client):
    req = {"profile": {"sex": "male", "age": 60}, "years": 2, "draws": 3,
           "scenarios": [{"name": "prednisone since 2 years", "interventions": [PREDNISONE_SINCE]},
                         {"name": "prednisone from today",
                          "interventions": [dict(PREDNISONE_SINCE, start="0 months")]}]}
    r = client.post("/api/forecast", json=req)
    assert r.status_code == 200, r.text
    none, since, new = r.json()["scenarios"]
    spine = {sc["name"]: sc["series"]["lumbar_spine"]["t_score"] for sc in (none, since, new)}
    # today the long-term user has already lost bone; the new user starts where no change does
    assert spine["prednisone since 2 years"][0] < spine["no change"][0] - 0.01
    assert spine["prednisone from today"][0] == pytest.approx(spine["no change"][0], abs=1e-9)
    # and the new user loses faster in the first year (LoCascio 1990; van Staa 2002)
    assert (spine["prednisone from today"][-1] - spine["prednisone from today"][0]
            < spine["prednisone since 2 years"][-1] - spine["prednisone since 2 years"][0])
    assert not any("30th birthday" in f for f in since["flags"])
