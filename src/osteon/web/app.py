"""The FastAPI application of ``osteon serve``: the HTTP API and the page, one process.

Every error answers JSON ``{"error": {"field", "problem", "example"}}`` (the same three parts as
:class:`osteon.OsteonInputError`). Research and education tool; not medical advice.

The request and error models are in :mod:`osteon.web.schemas` (re-exported here); the
routes stay here as closures over one application's job store and batcher inside
:func:`create_app`.
"""

from __future__ import annotations

import asyncio
import io
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import FastAPI, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from osteon._version import __version__
from osteon.errors import OsteonInputError
from osteon.web import limits
from osteon.web.batching import Batcher
from osteon.web.jobs import Busy, Deadline, JobTimeout, Store
from osteon.web.schemas import (  # re-exported: the models moved to schemas.py
    DXA_SITES as DXA_SITES,
)
from osteon.web.schemas import (
    ERRORS,
    EXAMPLES,
    GENERIC_EXAMPLES,
    ID_PATTERN,
    ForecastRequest,
    PersonForecastRequest,
    SimulateRequest,
    TrialRequest,
    _error,
    _loc_to_field,
)
from osteon.web.schemas import (
    LAB_ANALYTES as LAB_ANALYTES,
)
from osteon.web.schemas import (
    NAME_PATTERN as NAME_PATTERN,
)
from osteon.web.schemas import (
    PRESET_SCENARIOS as PRESET_SCENARIOS,
)
from osteon.web.schemas import (
    ErrorBody as ErrorBody,
)
from osteon.web.schemas import (
    ErrorResponse as ErrorResponse,
)
from osteon.web.schemas import (
    Lab as Lab,
)
from osteon.web.schemas import (
    Profile as Profile,
)
from osteon.web.schemas import (
    Scan as Scan,
)
from osteon.web.schemas import (
    Scenario as Scenario,
)

STATIC = Path(__file__).parent / "static"


# --------------------------------------------------------------------------- app
def create_app(store: Store | None = None, warm: bool = False) -> FastAPI:
    """The application; ``warm`` runs one tiny simulation at start (compiles the solver)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        own = store is None  # a store given by the caller is the caller's to close
        app.state.store = Store() if own else store
        app.state.batcher = Batcher()
        sweeper = asyncio.create_task(_sweep(app))
        if warm:
            await asyncio.to_thread(_warm_up)
        try:
            yield
        finally:
            sweeper.cancel()
            app.state.batcher.close()
            if own:
                app.state.store.close()

    app = FastAPI(
        title="Osteon", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
        description="Bone remodeling under hormones, loading and nutrition: personal forecast, "
        "simulation, virtual trials, parameters and evidence. Research and education tool; "
        "not medical advice.")
    if store is not None:
        app.state.store = store

    @app.middleware("http")
    async def body_limit(request: Request, call_next):
        length = request.headers.get("content-length")
        if length is not None:
            if not length.isdigit():
                return _error(400, "content-length", "not a number", "content-length: 512")
            if int(length) > limits.MAX_BODY_BYTES:
                return _error(413, "body", f"{length} bytes is over the limit of "
                              f"{limits.MAX_BODY_BYTES} bytes", "a JSON request of a few kB")
        elif request.method in ("POST", "PUT", "PATCH"):
            body = await request.body()
            if len(body) > limits.MAX_BODY_BYTES:
                return _error(413, "body", "over the size limit", "a JSON request of a few kB")
        response = await call_next(request)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers.setdefault("Content-Security-Policy", (
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'"))
        return response

    @app.exception_handler(RequestValidationError)
    async def on_validation(_request: Request, exc: RequestValidationError):
        err = exc.errors()[0] if exc.errors() else {"loc": ("body",), "msg": "invalid"}
        field = _loc_to_field(err.get("loc", ()))
        last = field.replace("]", "").replace("[", ".").split(".")[-1]
        example = EXAMPLES.get(last) or EXAMPLES.get(field.split(".")[0].split("[")[0]) \
            or GENERIC_EXAMPLES.get(_request.url.path, "see /docs for a valid request")
        return _error(422, field, str(err.get("msg", "invalid")), example)

    @app.exception_handler(OsteonInputError)
    async def on_input(_request: Request, exc: OsteonInputError):
        response = _error(422, exc.field, exc.problem, exc.example)
        problems = getattr(exc, "problems", None) or []
        if len(problems) > 1:  # every problem, not only the first (issue 15)
            body = {"error": {"field": exc.field, "problem": exc.problem,
                              "example": exc.example,
                              "problems": [{"field": f, "problem": p, "example": e}
                                           for f, p, e in problems]}}
            response = JSONResponse(body, status_code=422)
        return response

    @app.exception_handler(StarletteHTTPException)
    async def on_http(request: Request, exc: StarletteHTTPException):
        if exc.status_code == 404:
            return _error(404, "path", f"{request.url.path} does not exist", "/api/health")
        if exc.status_code == 405:
            return _error(405, "method", f"{request.method} is not allowed here",
                          "POST /api/forecast")
        return _error(exc.status_code, "request", str(exc.detail), "/docs")

    async def _run(fn, *args, timeout: float | None = None):
        st: Store = app.state.store
        limit = timeout or limits.REQUEST_TIMEOUT_S
        deadline = Deadline(limit)
        try:
            fut = st.submit(fn, *args, deadline)
        except Busy as err:
            return None, _error(503, "server", str(err), "retry after a minute")
        try:
            return await asyncio.wait_for(asyncio.wrap_future(fut), limit + 1), None
        except (TimeoutError, JobTimeout):
            return None, _error(504, "request", f"took longer than {limit:g} s",
                                "fewer scenarios, draws or years")

    # ---------------------------------------------------------------- API
    @app.get("/api/health", tags=["meta"])
    def health() -> dict:
        """Liveness, version and every limit the server enforces."""
        return {"status": "ok", "version": __version__, "limits": limits.as_dict(),
                "disclaimer": "Research and education tool; not medical advice."}

    @app.get("/api/parameters", tags=["evidence"])
    def parameters() -> dict:
        """Every parameter of the default set with units, source, evidence grade and range."""
        from osteon.forecast import records
        from osteon.parameters import default_parameters

        ps = default_parameters()
        rows = ps.to_records()
        extra = []
        for r in records():
            d: dict[str, Any] = r.to_record() if hasattr(r, "to_record") else {
                k: getattr(r, k, None) for k in ("name", "value", "units", "source")}
            extra.append({k: (v.value if hasattr(v, "value") and not isinstance(v, float)
                              else v) for k, v in d.items()})
        return {"parameter_set": ps.name, "hash": ps.hash, "parameters": rows,
                "forecast_records": _jsonable(extra)}

    @app.get("/api/evidence", tags=["evidence"])
    def evidence() -> dict:
        """The evidence grades, how many parameters have each, and the intervention kinds."""
        from osteon.parameters import Evidence, default_parameters
        from osteon.trials.format import INTERVENTION_KINDS
        from osteon.trials.interventions import is_supported

        ps = default_parameters()
        counts = {e.value: 0 for e in Evidence}
        for r in ps.records.values():
            counts[r.evidence.value] = counts.get(r.evidence.value, 0) + 1
        return {"grades": [{"grade": e.value, "parameters": counts.get(e.value, 0)}
                           for e in Evidence],
                "interventions": [{"kind": k, "supported": is_supported(k)}
                                  for k in INTERVENTION_KINDS]}

    @app.get("/api/vocabulary", tags=["evidence"])
    def vocabulary() -> dict:
        """The intervention vocabulary of the trial-file format, for scenario builders."""
        from osteon.trials.vocabulary import describe

        kinds = describe()  # the registry's table (one declaration per kind)
        from osteon.forecast import LABS

        return {"interventions": kinds,
                "labs": {a: {"long_name": s.long_name, "units": sorted(set(s.units.values())),
                             "conventional_unit": s.conventional_unit}
                         for a, s in LABS.items()}}

    @app.post("/api/forecast", tags=["forecast"], responses=ERRORS)
    async def forecast(req: ForecastRequest) -> Any:
        """A personal forecast: the person under "no change" and each scenario, with bands,
        T-score categories, attribution, fracture risk, and evidence and extrapolation flags.
        The result is kept for download (CSV, netCDF, HTML) until it expires."""

        result, err = await _run(_forecast_with_batcher(app), req.model_dump())
        if err is not None:
            return err
        summary, datasets = result
        item = app.state.store.new("forecast")
        item.state, item.progress, item.result = "done", 1.0, (summary, datasets)
        summary = dict(summary, id=item.id, downloads={
            f: f"/api/results/{item.id}/forecast.{f}" for f in ("csv", "nc", "html")})
        return summary

    @app.get("/api/results/{result_id}/forecast.{fmt}", tags=["forecast"], responses=ERRORS)
    def download(result_id: Annotated[str, PathParam(pattern=ID_PATTERN)],
                 fmt: Literal["csv", "nc", "html"]) -> Response:
        """Download a forecast as CSV, netCDF or a self-contained HTML report."""
        from osteon.web import forecast_glue as fg

        item = app.state.store.get(result_id, "forecast")
        if item is None or item.result is None:
            return _error(404, "result_id", "no such result (results expire after "
                          f"{limits.RESULT_TTL_S:g} s)", "the id returned by POST /api/forecast")
        summary, datasets = item.result
        name = "osteon-forecast"
        if fmt == "csv":
            return Response(fg.to_csv(summary), media_type="text/csv", headers={
                "Content-Disposition": f'attachment; filename="{name}.csv"'})
        if fmt == "nc":
            return Response(_netcdf_bytes(fg.to_dataset(datasets)),
                            media_type="application/x-netcdf", headers={
                                "Content-Disposition": f'attachment; filename="{name}.nc"'})
        from osteon.web.report import forecast_html

        return HTMLResponse(forecast_html(summary), headers={
            "Content-Disposition": f'attachment; filename="{name}.html"'})

    @app.post("/api/simulate", tags=["simulate"], responses=ERRORS)
    async def simulate(req: SimulateRequest) -> Any:
        """Simulate one subject under a protocol (trial-file intervention vocabulary); returns
        yearly BMD, T-score and WHO category per site."""
        result, err = await _run(_simulate, req.model_dump())
        return err if err is not None else result

    @app.post("/api/trials", tags=["trial"], status_code=202, responses=ERRORS)
    async def trial(req: TrialRequest) -> Any:
        """Start a trial file as an asynchronous virtual-trial job; poll its progress at
        ``/api/trials/{id}`` and download the netCDF when it is done."""
        from osteon.web.safe_yaml import check_yaml
        from osteon.web.trial_job import run_trial_job

        check_yaml(req.yaml, "yaml")
        st: Store = app.state.store
        item = st.new("trial", with_folder=True)
        try:
            st.submit(run_trial_job, item, req.yaml, req.subjects, req.seed,
                      Deadline(limits.JOB_TIMEOUT_S), heavy=True)
        except Busy as err:
            st._drop(item.id)
            return _error(503, "server", str(err), "retry after a minute")
        return item.public() | {"status_url": f"/api/trials/{item.id}"}

    @app.get("/api/trials/{job_id}", tags=["trial"], responses=ERRORS)
    def trial_status(job_id: Annotated[str, PathParam(pattern=ID_PATTERN)]) -> Any:
        """Progress (0-1), state and, when done, the endpoint summary and download link."""
        item = app.state.store.get(job_id, "trial")
        if item is None:
            return _error(404, "job_id", "no such job (jobs expire after "
                          f"{limits.RESULT_TTL_S:g} s)", "the id returned by POST /api/trials")
        out = item.public()
        if item.state == "done":
            out["summary"] = item.result["summary"]
            out["download"] = f"/api/trials/{item.id}/result.nc"
        return out

    @app.get("/api/trials/{job_id}/result.nc", tags=["trial"], responses=ERRORS)
    def trial_result(job_id: Annotated[str, PathParam(pattern=ID_PATTERN)]) -> Any:
        """The virtual trial's subjects as netCDF (one group per arm)."""
        item = app.state.store.get(job_id, "trial")
        if item is None or item.state != "done":
            return _error(404, "job_id", "no finished job with this id",
                          "the id of a job whose state is done")
        return FileResponse(item.result["netcdf"], media_type="application/x-netcdf",
                            filename="osteon-trial.nc")

    @app.post("/api/person-forecasts", tags=["forecast"], status_code=202, responses=ERRORS)
    async def person_forecast(req: PersonForecastRequest) -> Any:
        """Issue 11's person forecast (``osteon.forecast``: person file with dated DXA scans,
        labs, treatments; named scenarios; individual draws; Shapley attribution) as an
        asynchronous job. Poll ``/api/person-forecasts/{id}``; download the HTML report,
        quantile CSV or netCDF when it is done."""
        from osteon.forecast.person import Person, PersonFileError
        from osteon.web.person_job import run_person_job
        from osteon.web.safe_yaml import safe_load

        if (req.person is None) == (req.person_yaml is None):
            return _error(422, "person", "give exactly one of person and person_yaml",
                          '{"person": {"sex": "female", "age": 56}}')
        person = req.person if req.person is not None else safe_load(str(req.person_yaml),
                                                                     "person_yaml")
        try:
            Person.from_dict(person)
        except PersonFileError as err:
            path, problem, example = err.problems[0]
            body = {"field": f"person.{path}", "problem": problem, "example": example,
                    "problems": [{"field": f"person.{a}", "problem": b, "example": c}
                                 for a, b, c in err.problems]}
            return JSONResponse({"error": body}, status_code=422)
        except OsteonInputError as err:
            return _error(422, f"person.{err.field}", err.problem, err.example or
                          '{"sex": "female", "age": 56}')
        st: Store = app.state.store
        item = st.new("person", with_folder=True)
        try:
            st.submit(run_person_job, item, person, list(req.scenarios), req.draws, req.years,
                      req.seed, req.attribution, Deadline(limits.JOB_TIMEOUT_S), heavy=True)
        except Busy as err:
            st._drop(item.id)
            return _error(503, "server", str(err), "retry after a minute")
        return item.public() | {"status_url": f"/api/person-forecasts/{item.id}"}

    @app.get("/api/person-forecasts/{job_id}", tags=["forecast"], responses=ERRORS)
    def person_forecast_status(job_id: Annotated[str, PathParam(pattern=ID_PATTERN)]) -> Any:
        """State of a person-forecast job and, when done, its summary and downloads."""
        item = app.state.store.get(job_id, "person")
        if item is None:
            return _error(404, "job_id", "no such job (jobs expire after "
                          f"{limits.RESULT_TTL_S:g} s)",
                          "the id returned by POST /api/person-forecasts")
        out = item.public()
        if item.state == "done":
            out["summary"] = item.result["summary"]
            out["downloads"] = {f: f"/api/person-forecasts/{item.id}/forecast.{f}"
                                for f in ("html", "csv", "nc")}
        return out

    @app.get("/api/person-forecasts/{job_id}/forecast.{fmt}", tags=["forecast"],
             responses=ERRORS)
    def person_forecast_file(job_id: Annotated[str, PathParam(pattern=ID_PATTERN)],
                             fmt: Literal["html", "csv", "nc"]) -> Any:
        """The person forecast's HTML report, quantile CSV or netCDF."""
        item = app.state.store.get(job_id, "person")
        if item is None or item.state != "done":
            return _error(404, "job_id", "no finished job with this id",
                          "the id of a job whose state is done")
        media = {"html": "text/html", "csv": "text/csv", "nc": "application/x-netcdf"}[fmt]
        return FileResponse(item.result["files"][fmt], media_type=media,
                            filename=f"osteon-person-forecast.{fmt}")

    # ---------------------------------------------------------------- page
    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        """Swagger UI from the installed ``swagger-ui-bundle-v2`` package (no CDN)."""
        from fastapi.openapi.docs import get_swagger_ui_html

        page = get_swagger_ui_html(openapi_url="/openapi.json", title="Osteon API",
                                   swagger_js_url="/static/swagger-ui-bundle.js",
                                   swagger_css_url="/static/swagger-ui.css",
                                   swagger_favicon_url="data:,")
        # Swagger UI starts itself with an inline script: allowed on this page only.
        page.headers["Content-Security-Policy"] = (
            "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' "
            "'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'")
        return page

    @app.get("/", include_in_schema=False)
    def page() -> HTMLResponse:
        return HTMLResponse((STATIC / "index.html").read_text(encoding="utf-8"))

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        files = {"app.js": "text/javascript", "app.css": "text/css"}
        if name == "plotly.min.js":
            return Response(_plotly_js(), media_type="text/javascript",
                            headers={"Cache-Control": "max-age=86400"})
        if name in SWAGGER_FILES:
            import swagger_ui_bundle

            return Response((Path(swagger_ui_bundle.swagger_ui_path) / name).read_bytes(),
                            media_type=SWAGGER_FILES[name],
                            headers={"Cache-Control": "max-age=86400"})
        if name not in files:  # a fixed list: nothing from the request becomes a path
            return _error(404, "path", f"/static/{name[:40]} does not exist", "/static/app.js")
        return Response((STATIC / name).read_text(encoding="utf-8"), media_type=files[name])

    return app


_PLOTLY: bytes | None = None
SWAGGER_FILES = {"swagger-ui-bundle.js": "text/javascript", "swagger-ui.css": "text/css"}


def _plotly_js() -> bytes:
    """plotly.js as shipped inside the installed ``plotly`` Python package (no CDN)."""
    global _PLOTLY
    if _PLOTLY is None:
        _PLOTLY = (resources.files("plotly") / "package_data" / "plotly.min.js").read_bytes()
    return _PLOTLY


def _jsonable(x):
    import math

    if isinstance(x, dict):
        return {str(k): _jsonable(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [_jsonable(v) for v in x]
    if isinstance(x, float) and not math.isfinite(x):
        return None
    if x is None or isinstance(x, str | int | float | bool):
        return x
    return str(x)


def _netcdf_bytes(ds) -> bytes:
    """netCDF-4 bytes of a dataset (written in memory, no file)."""
    buf = io.BytesIO()
    ds.to_netcdf(buf, engine="h5netcdf")
    return buf.getvalue()


def _forecast_with_batcher(app: FastAPI):
    from osteon.web.forecast_glue import run_forecast

    batcher = getattr(app.state, "batcher", None)

    def run(request: dict, deadline: Deadline):
        return run_forecast(request, deadline, batcher=batcher)

    return run


def _warm_up() -> None:
    from osteon import Subject, simulate

    simulate(Subject(sex="female", age=60), years=0.5)


def _simulate(req: dict, deadline: Deadline) -> dict:
    import numpy as np

    from osteon.simulation import Simulation
    from osteon.subject import Subject
    from osteon.trials.interventions import NotSupportedYet, protocol_from_specs
    from osteon.web.forecast_glue import who_category

    try:
        subject = Subject.from_dict(req["subject"])
    except TypeError as err:
        raise OsteonInputError("subject", str(err), EXAMPLES["subject"]) from None
    years = float(req["years"])
    try:
        protocol = protocol_from_specs(req["protocol"], years=years)
    except NotSupportedYet as err:
        raise OsteonInputError("protocol", f"{err.kind} cannot be simulated yet",
                               EXAMPLES["protocol"]) from None
    deadline.check()
    res = Simulation([subject], protocol, years=years).run()
    t = np.asarray(res["time"].values, dtype=float)
    keep = [i for i, x in enumerate(t) if abs(x - round(x)) < 1e-6 or i == len(t) - 1]
    sites = {}
    for site in [str(s) for s in res["site"].values]:
        ts = np.asarray(res["t_score"].sel(site=site).values, dtype=float).ravel()
        bmd = np.asarray(res["bmd"].sel(site=site).values, dtype=float).ravel()
        sites[site] = {"bmd": [round(float(bmd[i]), 5) for i in keep],
                       "t_score": [round(float(ts[i]), 4) for i in keep],
                       "category": [who_category(ts[i]) for i in keep]}
    flags = [str(n) for n in np.ravel(res["exposure_note"].values) if str(n)] \
        if "exposure_note" in res else []
    return {"time": [round(float(t[i]), 4) for i in keep],
            "protocol": protocol.describe(), "evidence": protocol.evidence(), "flags": flags,
            "sites": sites, "parameter_set_hash": str(res.attrs.get("parameter_set_hash")),
            "disclaimer": "Research and education tool; not medical advice."}


async def _sweep(app: FastAPI) -> None:
    while True:
        await asyncio.sleep(30)
        app.state.store.expire()
