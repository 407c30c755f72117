"""The personal forecast behind ``POST /api/forecast`` and the page, built on what exists.

Issue 11's ``osteon.forecast(...)`` (person file, scenarios, bands, attribution) was not
available when this module was written; what was: the model (:class:`~osteon.Simulation`),
the trial-file intervention vocabulary (:func:`~osteon.trials.interventions.protocol_from_specs`)
and the forecast building blocks (:mod:`osteon.forecast`: DXA cross-calibration and least
significant change, lab units, fracture probability). This module puts them together; once
issue 11 lands, :func:`run_forecast` is the one function to re-point.

How the numbers are made
------------------------
- The person (variant 0) is simulated under "no change" and under each scenario.
- **Bands** are the 10th-90th percentile over ``draws`` variants of the person whose uncertain
  inputs are redrawn: DXA T-score (DXA precision), labs (assay and within-person
  variability), habitual steps, body mass and, for a woman who did not give it, the age at
  menopause. They show how much the forecast depends on what is not known exactly about the
  person. They do **not** include model (parameter) uncertainty; the page says so.
- **Attribution**: the end-of-horizon T-score difference of each scenario from "no change",
  and, for a scenario with several interventions, each intervention's share as the loss when it
  alone is left out (variant 0 only); and the hormonal drivers named by
  :func:`osteon.report.numbers.explain_drivers`.
- **Fracture risk**: :func:`osteon.forecast.fracture_probability` along the femoral-neck
  T-score trajectory of variant 0 (and of the band edges), with its evidence grade and limits.
- **Evidence and extrapolation flags**: each intervention's evidence grade, citation and
  extrapolation flag (:meth:`osteon.Protocol.evidence`), plus flags for horizons and inputs
  outside what the trial files cover.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import xarray as xr

from osteon.covariates import BY_ANALYTE
from osteon.errors import OsteonInputError
from osteon.outputs.reference import who_category as _who
from osteon.subject import Subject

DISCLAIMER = ("Research and education tool; not medical advice. Discuss any decision about "
              "treatment with a clinician.")
BAND_NOTE = ("Band: 10th to 90th percentile over {n} variants of this person with the uncertain "
             "inputs (DXA precision, lab variability, habitual steps, body mass, age at menopause "
             "when not given) redrawn. It leaves out the model's own (parameter) uncertainty.")
DXA_SITES = ("lumbar_spine", "femoral_neck", "total_hip")
#: Variation of the redrawn inputs (engineering assumptions, stated on the page).
T_SCORE_SD = 0.1      # DXA precision ~1-2 % CV, i.e. about 0.1 T-score unit (ISCD LSC tables)
LAB_LOG_SD = 0.15     # assay plus within-person biological variability of sex steroids / IGF-1
STEPS_LOG_SD = 0.25   # habitual steps per day reported versus real
MASS_LOG_SD = 0.03
MENOPAUSE_SD = 2.0    # years, when the age at menopause is not given
#: Longest follow-up among the project's trial files is about 10 years; beyond: extrapolated.
LONGEST_TRIAL_YEARS = 10.0
#: Lab analytes that change the model, and the Subject field they set (with its unit).
#: From the covariate table (osteon.covariates): ("labs", key, unit) for a measured lab,
#: (field, None, unit) for a subject field.
LAB_TO_SUBJECT: dict[str, tuple[str, str | None, str]] = {
    analyte: ("labs", c.name, c.units) if c.lab else (c.name, None, c.units)
    for analyte, c in BY_ANALYTE.items()
}


def who_category(t: float) -> str:
    """WHO category of one T-score (``normal``, ``osteopenia``, ``osteoporosis``).

    >>> who_category(-2.6), who_category(-1.5), who_category(0.2)
    ('osteoporosis', 'osteopenia', 'normal')
    """
    return str(np.asarray(_who(float(t))).item())


@dataclass
class Prepared:
    """A checked forecast request: the person, the scenario protocols and notes."""

    subject: Subject
    profile: dict
    protocols: dict[str, Any]
    specs: dict[str, list[dict]]
    years: float
    draws: int
    seed: int
    scans: list[dict]
    dxa_changes: list[dict]
    labs: list[dict]
    menopause_given: bool


def _lab_rows(profile: dict) -> tuple[dict, dict, list[dict]]:
    from osteon.forecast import LABS, parse_lab

    subject_labs: dict[str, float] = {}
    extra: dict[str, float] = {}
    rows = []
    for i, lab in enumerate(profile.get("labs") or []):
        f = f"profile.labs[{i}]"
        analyte = lab["analyte"]
        if analyte not in LABS:
            raise OsteonInputError(f"{f}.analyte", f"{analyte!r} is not one of "
                                   f"{', '.join(LABS)}", '{"analyte": "estradiol", "value": 35, '
                                   '"unit": "pg/mL"}')
        v = parse_lab(analyte, float(lab["value"]), lab["unit"], field=f)
        row = {"analyte": analyte, "given": v.given, "si": round(v.value, 4), "si_unit": v.units,
               "used_by_model": analyte in LAB_TO_SUBJECT}
        if analyte in LAB_TO_SUBJECT:
            where, key, unit = LAB_TO_SUBJECT[analyte]
            value = v.to(unit)
            row["model_value"], row["model_unit"] = round(value, 4), unit
            if where == "labs" and key is not None:
                subject_labs[key] = value
            else:
                extra[where] = value
        rows.append(row)
    return subject_labs, extra, rows


def _scan_rows(profile: dict) -> tuple[list[dict], list[dict]]:
    from osteon.forecast import compare_scans, t_score_from_bmd

    rows = []
    for i, s in enumerate(profile.get("dxa") or []):
        f = f"profile.dxa[{i}]"
        if s.get("age") is not None and s["age"] > profile["age"] + 1e-9:
            raise OsteonInputError(f"{f}.age", f"a scan at {s['age']:g} is after the person's "
                                   f"age {profile['age']:g}", '{"age": 62, "site": "femoral_neck",'
                                   ' "t_score": -1.8}')
        if s.get("t_score") is None and s.get("bmd") is None:
            raise OsteonInputError(f, "give the scan's bmd (g/cm2) or its t_score",
                                   '{"age": 62, "site": "femoral_neck", "bmd": 0.62}')
        t = (float(s["t_score"]) if s.get("t_score") is not None else
             float(t_score_from_bmd(float(s["bmd"]), profile["sex"], s["site"],
                                    s.get("manufacturer") or "hologic")))
        if not -7 <= t <= 5:
            raise OsteonInputError(f"{f}.bmd", f"gives a T-score of {t:.1f}, outside -7 to +5",
                                   '"bmd": 0.62')
        rows.append({"age": float(s.get("age") or profile["age"]), "site": s["site"],
                     "manufacturer": s.get("manufacturer") or "hologic",
                     "bmd": s.get("bmd"), "t_score": round(t, 3),
                     "category": who_category(t)})
    rows.sort(key=lambda r: r["age"])
    changes = []
    for site in DXA_SITES:
        with_bmd = [r for r in rows if r["site"] == site and r["bmd"] is not None]
        for a, b in zip(with_bmd, with_bmd[1:], strict=False):
            c = compare_scans(a["bmd"], b["bmd"], site, manufacturer_before=a["manufacturer"],
                              manufacturer_after=b["manufacturer"])
            changes.append({"site": site, "from_age": a["age"], "to_age": b["age"],
                            "change_percent": round(c.change_percent, 2),
                            "lsc_percent": round(c.lsc_percent, 2),
                            "verdict": c.direction if c.comparable else
                            "not comparable (different scanners)"})
    return rows, changes


def prepare(request: dict) -> Prepared:
    """Check a forecast request (already shape-checked by the API) and build the protocols.

    Raises
    ------
    OsteonInputError
        Naming the field (``profile.labs[0].unit``, ``scenarios[1].interventions[0].dose``).
    """
    from osteon.protocol import Protocol
    from osteon.trials.format import parse_intervention
    from osteon.trials.interventions import NotSupportedYet, build_intervention

    profile = dict(request["profile"])
    years = float(request.get("years", 10.0))
    subject_labs, extra, lab_rows = _lab_rows(profile)
    scans, changes = _scan_rows(profile)
    t_score = None
    if scans:
        last_age = scans[-1]["age"]
        latest = [r for r in scans if abs(r["age"] - last_age) < 1e-9]
        pick = next((r for r in latest if r["site"] == "femoral_neck"), latest[0])
        t_score = {"site": pick["site"], "value": pick["t_score"]}
    fields: dict[str, Any] = {k: profile.get(k) for k in (
        "sex", "age", "menopause_age", "body_mass_kg", "calcium_mg_per_day",
        "protein_g_per_kg_per_day")}
    fields = {k: v for k, v in fields.items() if v is not None}
    if profile.get("sex") == "female":
        fields["menopause"] = profile.get("menopause") or "natural"
    fields["steps_per_day"] = profile.get("steps_per_day", 7000.0)
    fields["gh_deficient"] = bool(profile.get("gh_deficient", False))
    try:
        subject = Subject(labs=subject_labs, t_score=t_score, **fields, **extra, name="you")
    except OsteonInputError as err:
        raise OsteonInputError(err.field.replace("subject.", "profile.", 1), err.problem,
                               err.example) from None
    protocols: dict[str, Any] = {"no change": Protocol([], name="no change")}
    specs: dict[str, list[dict]] = {"no change": []}
    for i, sc in enumerate(request.get("scenarios") or []):
        name = sc["name"]
        if name in protocols:
            raise OsteonInputError(f"scenarios[{i}].name", f"{name!r} is used twice",
                                   '"name": "alendronate weekly"')
        built = []
        for j, spec in enumerate(sc.get("interventions") or []):
            where = f"scenarios[{i}].interventions[{j}]"
            try:
                parsed = parse_intervention(dict(spec), years * 365.25, where)
                built.append(build_intervention(parsed))
            except NotSupportedYet as err:
                raise OsteonInputError(f"{where}.intervention", f"{err.kind} cannot be "
                                       "simulated yet", '{"intervention": "calcium", '
                                       '"dose": "1000 mg", "every": "1 day"}') from None
        protocols[name] = Protocol(built, name=name)
        specs[name] = [dict(s) for s in sc.get("interventions") or []]
    return Prepared(subject, profile, protocols, specs, years, int(request.get("draws", 12)),
                    int(request.get("seed", 2026)), scans, changes, lab_rows,
                    profile.get("menopause_age") is not None)


def variants(p: Prepared) -> list[Subject]:
    """The person (first) and ``draws - 1`` variants with the uncertain inputs redrawn."""
    rng = np.random.default_rng(p.seed)
    s = p.subject
    # Subject fills these in when it is built (body mass by sex, menopause age of a woman)
    assert s.body_mass_kg is not None
    out = [s]
    base = s.to_dict()
    for _ in range(p.draws - 1):
        d = dict(base)
        d["labs"] = {k: float(np.clip(v * math.exp(rng.normal(0, LAB_LOG_SD)), 0.5, 5000))
                     for k, v in s.labs.items()}
        d["steps_per_day"] = float(np.clip(s.steps_per_day * math.exp(
            rng.normal(0, STEPS_LOG_SD)), 0, 60000))
        d["body_mass_kg"] = float(np.clip(s.body_mass_kg * math.exp(
            rng.normal(0, MASS_LOG_SD)), 25, 300))
        if s.t_score is not None:
            d["t_score"] = {"site": s.t_score["site"], "value": float(np.clip(
                s.t_score["value"] + rng.normal(0, T_SCORE_SD), -7, 5))}
        if (s.female and s.menopause_age is not None and not p.menopause_given
                and s.menopause == "natural"):
            d["menopause_age"] = float(np.clip(s.menopause_age + rng.normal(0, MENOPAUSE_SD),
                                               40, 60))
        d["name"] = "variant"
        try:
            out.append(Subject(**d))
        except OsteonInputError:  # a redraw outside the model's range: keep the person
            out.append(s)
    return out


def _site_series(ds: xr.Dataset, var: str, site: str) -> np.ndarray:
    da = ds[var].sel(site=site)
    if "subject" not in da.dims:
        da = da.expand_dims("subject")
    return np.asarray(da.transpose("subject", "time").values, dtype=float)


def _band(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """10th and 90th percentile over variants (axis 0), ignoring variants that failed."""
    if np.isnan(x).any():
        lo, hi = np.nanpercentile(x, [10, 90], axis=0)
    else:
        lo, hi = np.percentile(x, [10, 90], axis=0)
    return lo, hi


def _fracture(p: Prepared, fn_traj: np.ndarray, times: np.ndarray) -> dict:
    from osteon.forecast import fracture_probability

    s, prof = p.subject, p.profile
    horizon = int(min(10, max(1, math.floor(p.years))))
    if not np.all(np.isfinite(fn_traj)):
        return {"available": False, "reason": "the femoral-neck forecast failed to solve"}
    if not 50 <= s.age <= 90:
        return {"available": False, "reason": f"the fracture model covers ages 50-90; "
                f"this person is {s.age:g}"}
    yearly = [float(np.interp(k, times, fn_traj)) for k in range(horizon + 1)]
    r = fracture_probability(
        sex=s.sex, age=s.age, t_score_trajectory=yearly, fn_t_score=yearly[0],
        prior_fracture=bool(prof.get("prior_fracture")),
        falls_last_year=int(prof.get("falls_last_year") or 0),
        body_mass_kg=s.body_mass_kg if prof.get("height_cm") else None,
        height_cm=prof.get("height_cm"),
        glucocorticoids=bool(prof.get("glucocorticoids")), years=horizon)
    return {"available": True, "years": r.years, "hip_percent": round(100 * r.hip, 2),
            "major_percent": round(100 * r.major, 2), "evidence": r.evidence,
            "model": r.model, "limits": r.limits, "citations": list(r.citations)}


def _submit(batcher, subjects, protocol, specs, years, deadline):
    """A future of the simulation: through ``batcher`` when given, else run here."""
    from concurrent.futures import Future

    from osteon.simulation import Simulation

    if batcher is not None:
        return batcher.submit(subjects, protocol, specs, years, deadline)
    fut: Future = Future()
    try:
        if deadline is not None:
            deadline.check()
        fut.set_result(Simulation(subjects, protocol, years=years).run())
    except Exception as err:  # noqa: BLE001 - re-raised by .result()
        fut.set_exception(err)
    return fut


def run_forecast(request: dict, deadline=None, batcher=None
                 ) -> tuple[dict, dict[str, xr.Dataset]]:
    """Run a forecast request; returns the JSON summary and one dataset per scenario.

    ``deadline`` (an object with ``check()``) is checked between simulations; ``batcher``
    (a :class:`osteon.web.batching.Batcher`) runs them together with other requests'.

    Each dataset has dims ``time`` and ``site`` and variables ``t_score``, ``t_score_p10``,
    ``t_score_p90``, ``bmd``, ``bmd_p10``, ``bmd_p90`` (variant 0 and the band).
    """
    from osteon.protocol import Protocol
    from osteon.report.numbers import explain_drivers

    p = prepare(request)
    people = variants(p)
    out: dict[str, Any] = {"disclaimer": DISCLAIMER, "band_note": BAND_NOTE.format(n=p.draws),
                           "years": p.years, "draws": p.draws, "seed": p.seed,
                           "person": {k: v for k, v in p.subject.to_dict().items()
                                      if v not in (None, {}, "")},
                           "dxa_history": p.scans, "dxa_changes": p.dxa_changes,
                           "labs": p.labs,
                           "forecast_source": "osteon.web.forecast_glue (issue 11 forecast "
                           "API not yet available: model + forecast building blocks)",
                           "scenarios": []}
    datasets: dict[str, xr.Dataset] = {}
    finals: dict[str, dict[str, float]] = {}
    flags_common = []
    if p.years > LONGEST_TRIAL_YEARS:
        flags_common.append(f"horizon of {p.years:g} years is longer than the longest trial "
                            f"behind the model (about {LONGEST_TRIAL_YEARS:g} years): "
                            "extrapolated")
    if p.scans and p.subject.age - p.scans[-1]["age"] > 1:
        flags_common.append(
            f"the latest DXA scan is {p.subject.age - p.scans[-1]['age']:.1f} years old; the "
            "forecast starts from its T-score as if it were measured now")
    if p.subject.age > 85:
        flags_common.append("age over 85: few trial participants were this old")
    futures = {name: _submit(batcher, people, protocol, p.specs[name], p.years, deadline)
               for name, protocol in p.protocols.items()}
    # each intervention's share: the scenario with it left out (variant 0 only)
    loo = {}
    for name, protocol in p.protocols.items():
        if len(protocol.interventions) < 2:
            continue
        for k, it in enumerate(protocol.interventions):
            rest = Protocol([x for j, x in enumerate(protocol.interventions) if j != k])
            specs = [x for j, x in enumerate(p.specs[name]) if j != k]
            loo[(name, k)] = (it.kind, _submit(batcher, [p.subject], rest, specs, p.years,
                                               deadline))
    for name, protocol in p.protocols.items():
        res = futures[name].result()
        times = np.asarray(res["time"].values, dtype=float)
        ages = times + p.subject.age
        series: dict[str, dict[str, list[float]]] = {}
        final: dict[str, dict[str, Any]] = {}
        data_vars: dict[str, list[np.ndarray]] = {}
        for site in ("lumbar_spine", "femoral_neck", "total_hip", "total_body"):
            t = _site_series(res, "t_score", site)
            b = _site_series(res, "bmd", site)
            lo, hi = _band(t)
            blo, bhi = _band(b)
            series[site] = {"t_score": np.round(t[0], 4).tolist(),
                            "p10": np.round(lo, 4).tolist(), "p90": np.round(hi, 4).tolist()}
            final[site] = {"t_score": round(float(t[0, -1]), 3),
                           "p10": round(float(lo[-1]), 3), "p90": round(float(hi[-1]), 3),
                           "category": who_category(float(t[0, -1])),
                           "category_range": sorted({who_category(float(lo[-1])),
                                                     who_category(float(hi[-1]))}),
                           "bmd_change_percent": round(float(100 * (b[0, -1] / b[0, 0] - 1)), 2)}
            for var, arr in (("t_score", t[0]), ("t_score_p10", lo), ("t_score_p90", hi),
                             ("bmd", b[0]), ("bmd_p10", blo), ("bmd_p90", bhi)):
                data_vars.setdefault(var, []).append(arr)
        sites = ["lumbar_spine", "femoral_neck", "total_hip", "total_body"]
        ds = xr.Dataset(
            {v: (("site", "time"), np.vstack(a)) for v, a in data_vars.items()},
            coords={"time": ("time", times, {"units": "years"}),
                    "age": ("time", ages, {"units": "years"}), "site": sites})
        for v in ds.data_vars:
            ds[v].attrs["units"] = "g/cm2" if str(v).startswith("bmd") else "1 (T-score)"
        ds.attrs.update({"scenario": name, "disclaimer": DISCLAIMER,
                         "band": BAND_NOTE.format(n=p.draws),
                         "protocol": protocol.describe(),
                         "parameter_set_hash": str(res.attrs.get("parameter_set_hash", ""))})
        datasets[name] = ds
        finals[name] = {s: final[s]["t_score"] for s in sites}
        fn = _site_series(res, "t_score", "femoral_neck")
        fracture = _fracture(p, fn[0], times)
        if fracture["available"]:
            lo_fn, hi_fn = _band(fn)
            f_lo, f_hi = _fracture(p, lo_fn, times), _fracture(p, hi_fn, times)
            fracture["major_range"] = sorted([f_lo["major_percent"], f_hi["major_percent"]])
            fracture["hip_range"] = sorted([f_lo["hip_percent"], f_hi["hip_percent"]])
        person = res.isel(subject=0) if "subject" in res.dims else res
        try:
            drivers = explain_drivers(person)
            driver_text = [s for _c, s in drivers["drivers"]] + list(drivers["mediators"])
            summary_text = drivers["summary"]
        except Exception:  # noqa: BLE001 - explanation is optional; the numbers stand
            driver_text, summary_text = [], ""
        evidence = protocol.evidence()
        flags = list(flags_common)
        flags += [f"{e['intervention']}: extrapolated beyond its evidence" for e in evidence
                  if e.get("extrapolated")]
        # raised while the model ran (e.g. a SERM against premenopausal estradiol)
        flags += [text for text in (f"{f}: extrapolated beyond its evidence"
                                    for f in json.loads(res.attrs.get("extrapolated", "[]")))
                  if text not in flags]
        n_failed = int((np.asarray(res["status"].values).ravel() != "ok").sum())
        if n_failed:
            flags.append(f"{n_failed} of {p.draws} variants failed to solve")
        if "exposure_note" in res:
            early = [str(a) for a in np.asarray(res["exposure_note"].values).ravel() if a]
            if early:
                flags.append(f"{len(early)} of {p.draws} variants: {early[0]}")
        if "physiology_alert" in res:
            alerts = [str(a) for a in np.asarray(res["physiology_alert"].values).ravel() if a]
            if alerts:
                flags.append(f"{len(alerts)} of {p.draws} variants outside the calibrated "
                             f"physiology ({alerts[0]}): treat this forecast with caution")
        out["scenarios"].append({
            "name": name, "protocol": protocol.describe(), "interventions": p.specs[name],
            "time": np.round(times, 4).tolist(), "age": np.round(ages, 3).tolist(),
            "series": series, "final": final, "fracture": fracture,
            "evidence": evidence, "flags": flags,
            "attribution": {"summary": summary_text, "drivers": driver_text,
                            "vs_no_change": {}, "interventions": []}})
    base = finals["no change"]
    for sc in out["scenarios"]:
        sc["attribution"]["vs_no_change"] = {
            s: round(finals[sc["name"]][s] - base[s], 3) for s in base}
    by_name = {sc["name"]: sc for sc in out["scenarios"]}
    if any(f.endswith("failed to solve") for sc in out["scenarios"] for f in sc["flags"]):
        out["note"] = "some variants failed to solve; their numbers are null"
    for (name, _k), (kind, fut) in loo.items():
        r = fut.result()
        without = {s: float(_site_series(r, "t_score", s)[0, -1]) for s in base}
        by_name[name]["attribution"]["interventions"].append({
            "intervention": kind, "t_score_share": {
                s: round(finals[name][s] - without[s], 3) for s in base}})
    return finite(out), datasets


def finite(x):
    """``x`` with every NaN or infinity replaced by None (JSON has no NaN).

    >>> finite({"a": [1.0, float("nan")], "b": {"c": float("inf")}})
    {'a': [1.0, None], 'b': {'c': None}}
    """
    if isinstance(x, dict):
        return {k: finite(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [finite(v) for v in x]
    if isinstance(x, float) and not math.isfinite(x):
        return None
    return x


def _n(v) -> str:
    return "" if v is None else f"{v:.4f}"


def to_csv(summary: dict) -> str:
    """The forecast as a tidy CSV table (one row per scenario, site and time)."""
    lines = ["# " + summary["disclaimer"], "# " + summary["band_note"],
             "scenario,time_years,age_years,site,t_score,t_score_p10,t_score_p90"]
    for sc in summary["scenarios"]:
        name = '"' + sc["name"].replace('"', "'") + '"'
        for site, s in sc["series"].items():
            for i, t in enumerate(sc["time"]):
                lines.append(f"{name},{t:.4f},{sc['age'][i]:.3f},{site},{_n(s['t_score'][i])},"
                             f"{_n(s['p10'][i])},{_n(s['p90'][i])}")
    return "\n".join(lines) + "\n"


def to_dataset(datasets: dict[str, xr.Dataset]) -> xr.Dataset:
    """All scenarios in one dataset along a ``scenario`` dimension (for netCDF)."""
    names = list(datasets)
    ds = xr.concat([datasets[n].drop_attrs() for n in names], dim="scenario",
                   data_vars="all", coords="minimal", compat="override")
    for v in ds.data_vars:
        ds[v].attrs = dict(datasets[names[0]][v].attrs)
    ds = ds.assign_coords(scenario=("scenario", names))
    first = datasets[names[0]].attrs
    ds.attrs = {"title": "Osteon personal forecast", "disclaimer": first["disclaimer"],
                "band": first["band"], "parameter_set_hash": first["parameter_set_hash"],
                "protocols": "; ".join(f"{n}: {datasets[n].attrs['protocol']}" for n in names)}
    return ds
