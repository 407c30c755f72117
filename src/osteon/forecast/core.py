"""``osteon.forecast(person, scenarios)``: a person's forecast with bands, attribution and
fracture risk, as one :class:`xarray.Dataset`.

Steps (each documented in its module):

1. the person file (:mod:`osteon.forecast.person`) gives the subject, today's treatments
   and the DXA history (converted to the Hologic scale of Osteon's reference);
2. one batch (:mod:`osteon.forecast.batch`) simulates, for every scenario, the grid of
   individual sensitivities (:mod:`osteon.forecast.individual`) and every coalition of the
   attribution game (:mod:`osteon.forecast.attribution`);
3. individual draws: the prior, or with scans the posterior (SIR), interpolated on the grid;
4. per scenario and draw: BMD, T-scores, change from today; median, 50 % and 90 % bands;
   the age at which each T-score category is crossed with its probability; the DXA least
   significant change; 10-year hip and major osteoporotic fracture probability from the
   femoral-neck trajectory (:mod:`osteon.forecast.fracture`).
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import xarray as xr

from osteon.errors import OsteonInputError
from osteon.forecast import individual as ind
from osteon.forecast.attribution import CITATION as SHAPLEY_CITATION
from osteon.forecast.attribution import coalitions, moving_pathways, shapley
from osteon.forecast.batch import PATHWAYS, Rows, run_rows
from osteon.forecast.person import Person
from osteon.forecast.scenarios import for_sex
from osteon.outputs.reference import SITES, reference_bmd

QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)
CENTRAL_SITES = ("lumbar_spine", "femoral_neck", "total_hip")
CATEGORIES = {"osteopenia": -1.0, "osteoporosis": -2.5}
"""WHO categories by the lowest central T-score: osteopenia below -1, osteoporosis at or
below -2.5 (WHO Technical Report Series 843, 1994)."""
LOAD_KINDS = ("resistance_training", "impact_training", "walking", "unloading")
"""Interventions that change the mechanical load (their rows span mechanical sensitivity)."""
DISCLAIMER = ("Research and education tool, not medical advice: these are model forecasts for "
              "'what if' exploration, not a diagnosis or a treatment recommendation. Talk to a "
              "clinician about your own bones.")


def _built(specs, years):
    from osteon.trials.interventions import protocol_from_specs

    return list(protocol_from_specs(specs, years=years).interventions)


def _as_person(person) -> Person:
    if isinstance(person, Person):
        return person
    if isinstance(person, dict):
        return Person.from_dict(person)
    return Person.load(person)


def forecast(person, scenarios=None, *, draws: int = 200, years: int = 20, seed: int = 2026,
             attribution: bool = True, fracture_draws: int = 50, params=None,
             time_step: float = 0.5) -> xr.Dataset:
    """Forecast one person under named scenarios.

    Parameters
    ----------
    person
        A :class:`~osteon.forecast.person.Person`, a mapping, or a YAML/JSON file path.
    scenarios
        Names from :data:`osteon.forecast.scenarios.SCENARIOS` (default: all that apply).
    draws
        Individual draws (prior, or posterior given the DXA history).
    years
        Horizon (years from today).
    attribution
        Also compute the Shapley attribution (more rows in the batch).
    fracture_draws
        Draws (a subset) on which fracture probability is computed.

    Returns
    -------
    xarray.Dataset
        Dimensions ``scenario``, ``draw``, ``time`` (years from today), ``site``,
        ``quantile``; see ``long_name`` of each variable and ``attrs`` (flags, evidence,
        LSC, crossing ages, citations).
    """
    p = _as_person(person)
    if not (1 <= int(years) <= 40):
        raise OsteonInputError("years", f"{years!r} must be 1-40", "years=20")
    if not (10 <= int(draws) <= 5000):
        raise OsteonInputError("draws", f"{draws!r} must be 10-5000", "draws=200")
    subject = p.subject()
    chosen = for_sex(p.sex, scenarios)
    current = p.current_treatments()
    scans = p.scans()
    for s in scans:
        s["sd"] = ind.scan_sd(s)
    rng = np.random.default_rng(seed)
    t_scan = sorted({-round(s["years_before_now"], 6) for s in scans if s["years_before_now"] > 0})
    post = markers = None
    e_att = k_att = 1.0
    if attribution:
        # Calibrate first, so that the attribution game is played by this person's own
        # (posterior median) estrogen sensitivity and turnover.
        post, markers = _calibrate(p, subject, current, scans, t_scan, draws, rng, years,
                                   params)
        e_att, k_att = float(np.median(post.estrogen)), float(np.median(post.turnover))

    # ---- the batch: one block of rows per scenario (grid) and per coalition --------------
    all_items: list = []
    blocks: list[dict[str, Any]] = []
    t_fore = np.round(np.arange(0.0, years + 1e-9, time_step), 6)
    t_all = np.array(sorted(set(t_scan) | set(t_fore.tolist())))
    for sc in chosen:
        now_items = _built(current, years + 1)
        n_current = len(now_items)
        items = now_items + _built(list(sc.specs), years + 1)
        first = len(all_items)
        all_items.extend(items)
        ids = list(range(first, first + len(items)))
        loads = any(it.kind in LOAD_KINDS for it in items)
        mech = ind.MECHANICAL_NODES if loads else np.array([1.0])
        grid = [(e, m) for e in ind.ESTROGEN_NODES for m in mech]
        block = {"scenario": sc, "ids": ids, "current_ids": ids[:n_current],
                 "grid": (len(ind.ESTROGEN_NODES), len(mech)),
                 "rows": [(set(ids), set(), e, m) for e, m in grid], "items": items}
        if attribution:
            players: list[tuple[str, Any]] = [("pathway", q) for q in moving_pathways(subject, items, years, params)]
            players += [("drug", j) for j in ids]
            block["players"] = players
            block["coalition_start"] = len(block["rows"])
            for c in coalitions(len(players)):
                drugs_on = {pl[1] for pl, b in zip(players, c, strict=True)
                            if pl[0] == "drug" and b}
                pathways_off = {q for q in PATHWAYS
                       if not any(pl == ("pathway", q) and b
                                  for pl, b in zip(players, c, strict=True))
                       and ("pathway", q) in players}
                block["rows"].append((drugs_on, pathways_off, e_att, 1.0))
        blocks.append(block)
    n = sum(len(b["rows"]) for b in blocks)
    on = np.zeros((len(all_items), n), dtype=bool)
    off = {q: np.zeros(n, dtype=bool) for q in PATHWAYS}
    se, sm = np.ones(n), np.ones(n)
    r = 0
    for b in blocks:
        b["first_row"] = r
        for ids_on, pw_off, e, m in b["rows"]:
            on[list(ids_on), r] = True
            for q in pw_off:
                off[q][r] = True
            se[r], sm[r] = e, m
            r += 1
    density, ok, model = run_rows(subject, all_items, Rows(on, off, se, sm), t_all, params)
    if not ok.all():
        raise RuntimeError(f"{int((~ok).sum())} of {n} forecast rows failed to solve")
    i_now = int(np.searchsorted(t_all, 0.0))
    i_scan = {t: int(np.searchsorted(t_all, t)) for t in t_scan}

    # ---- individual draws ---------------------------------------------------------------
    b0 = blocks[0]
    ne, nm = b0["grid"]
    rows0 = slice(b0["first_row"], b0["first_row"] + ne * nm)
    grid0 = density[rows0].reshape(ne, nm, t_all.size, len(SITES))[:, :1]
    if post is None:
        post, markers = _posterior(p, scans, model, b0, grid0, i_now, i_scan, draws, rng)
    assert markers is not None  # both paths above set the marker log

    # ---- per scenario -----------------------------------------------------------------
    names = [b["scenario"].name for b in blocks]
    nt = t_fore.size
    i_fore = np.searchsorted(t_all, t_fore)
    bmd = np.zeros((len(blocks), draws, nt, len(SITES)))
    for k, b in enumerate(blocks):
        ne, nm = b["grid"]
        sl = slice(b["first_row"], b["first_row"] + ne * nm)
        grid = density[sl].reshape(ne, nm, t_all.size, len(SITES))[:, :, i_fore]
        bmd[k] = ind.bmd(grid, post, p.sex)
    ref_mean = np.array([reference_bmd(p.sex, s)[0] for s in SITES])
    ref_sd = np.array([reference_bmd(p.sex, s)[1] for s in SITES])
    t_score = (bmd - ref_mean) / ref_sd
    change = (bmd / bmd[:, :, :1] - 1.0) * 100.0
    ages = subject.age + t_fore

    ds = xr.Dataset(
        {
            "bmd": (("scenario", "draw", "time", "site"), bmd,
                    {"units": "g/cm2", "long_name": "areal BMD (Hologic scale)"}),
            "t_score": (("scenario", "draw", "time", "site"), t_score,
                        {"units": "SD", "long_name": "T-score (Looker 1998; Kelly 2009)"}),
            "percent_change": (("scenario", "draw", "time", "site"), change,
                               {"units": "%", "long_name": "change of BMD from today"}),
        },
        coords={"scenario": names, "draw": np.arange(draws), "site": list(SITES),
                "time": ("time", t_fore, {"units": "year", "long_name": "years from today"}),
                "age": ("time", ages, {"units": "year"}),
                "quantile": list(QUANTILES)},
    )
    for var, arr in (("bmd", bmd), ("t_score", t_score), ("percent_change", change)):
        q = np.moveaxis(np.quantile(arr, list(QUANTILES), axis=1), 0, 1)
        ds[f"{var}_quantiles"] = (("scenario", "quantile", "time", "site"), q, {
            **ds[var].attrs, "long_name": ds[var].attrs["long_name"] + ": quantiles over draws"})
    for name, arr in (("peak_z", post.peak_z), ("turnover", post.turnover),
                      ("estrogen_sensitivity", post.estrogen),
                      ("mechanical_sensitivity", post.mechanical)):
        dims = ("draw", "site") if arr.ndim == 2 else ("draw",)
        ds[f"individual_{name}"] = (dims, arr, {"units": "1", "long_name": f"individual {name}"})

    # ---- categories, LSC, fracture ------------------------------------------------------
    central = [SITES.index(s) for s in CENTRAL_SITES]
    lowest = t_score[..., central].min(axis=-1)  # (scenario, draw, time)
    crossings: dict[str, dict[str, dict[str, Any]]] = {}
    for k, nm_ in enumerate(names):
        crossings[nm_] = {}
        for cat, thr in CATEGORIES.items():
            below = lowest[k] <= thr if cat == "osteoporosis" else lowest[k] < thr
            already = below[:, 0]
            ever = below.any(axis=1)
            first_i = np.where(ever, below.argmax(axis=1), -1)
            new = ever & ~already
            crossings[nm_][cat] = {
                "probability_by_horizon": round(float(ever.mean()), 3),
                "probability_already": round(float(already.mean()), 3),
                "median_age": (round(float(np.median(ages[first_i[new]])), 1)
                               if new.any() else None),
                "age_90_interval": ([round(float(x), 1) for x in
                                     np.quantile(ages[first_i[new]], [0.05, 0.95])]
                                    if new.sum() >= 5 else None),
            }
    from osteon.forecast.dxa import least_significant_change

    lsc = {s: least_significant_change(s) for s in CENTRAL_SITES}
    i2 = int(np.argmin(np.abs(t_fore - 2.0)))
    lsc_context: dict[str, dict[str, dict[str, float]]] = {}
    for k, nm_ in enumerate(names):
        lsc_context[nm_] = {}
        for site in CENTRAL_SITES:
            c2 = change[k, :, i2, SITES.index(site)]
            lsc_context[nm_][site] = {
                "lsc_percent": round(lsc[site], 2),
                "median_change_2y_percent": round(float(np.median(c2)), 2),
                "probability_change_exceeds_lsc_2y": round(float(np.mean(np.abs(c2) > lsc[site])),
                                                           3),
            }
    ds["fracture_hip_10y"], ds["fracture_major_10y"], fracture_meta = _fracture(
        p, subject, names, t_score, t_fore, fracture_draws)

    # ---- attribution ---------------------------------------------------------------------
    parts: dict[str, dict[str, Any]] = {}
    if attribution_enabled(blocks):
        i_h = int(np.searchsorted(t_all, float(t_fore[-1])))
        for b in blocks:
            start = b["first_row"] + b["coalition_start"]
            v = density[start:start + 2 ** len(b["players"])]
            # Percent change from today with this person's turnover multiplier: affine in
            # each coalition's relative BMD, so the Shapley parts still add up exactly.
            r0, rh = v[:, i_now], v[:, i_h]
            values = k_att * (rh - r0) / (1.0 + k_att * (r0 - 1.0)) * 100.0  # (2**p, sites)
            phi = shapley(values)
            labels = _labels(b["players"], all_items, set(b["current_ids"]))
            parts[b["scenario"].name] = {
                "total": values[-1].tolist(), "unswitchable": values[0].tolist(),
                "parts": {lab: phi[i].tolist() for i, lab in enumerate(labels)},
            }

    # ---- flags and evidence ------------------------------------------------------------
    evidence = {}
    for b in blocks:
        grades = [{"intervention": it.kind, "evidence": it.evidence.value,
                   "extrapolated": bool(it.evidence.extrapolated), "citation": it.citation}
                  for it in b["items"]]
        evidence[b["scenario"].name] = {
            "label": b["scenario"].label, "note": b["scenario"].note, "interventions": grades,
            "extrapolated": any(g["extrapolated"] for g in grades),
        }
    ds.attrs.update({
        "title": f"Osteon forecast{': ' + p.name if p.name else ''}",
        "disclaimer": DISCLAIMER,
        "person": p.model_dump_json(),
        "age_today": subject.age,
        "sex": p.sex,
        "horizon_years": int(years),
        "draws": int(draws),
        "posterior": "prior only (no DXA history, no turnover markers)" if post.ess is None
        else (f"SIR posterior given {len(scans)} scans and {markers['used'] or 'no'} turnover "
              f"markers (effective sample size {post.ess:.0f} of 20000 prior draws)"),
        "markers": json.dumps(markers),
        "scans": json.dumps(scans),
        "evidence": json.dumps(evidence),
        "crossings": json.dumps(crossings),
        "lsc": json.dumps(lsc_context),
        "fracture": json.dumps(fracture_meta),
        "attribution": json.dumps(parts),
        "attribution_horizon_years": float(t_fore[-1]),
        "attribution_individual": json.dumps({"estrogen_sensitivity": round(e_att, 4),
                                              "turnover": round(k_att, 4)}),
        "skipped_scenarios": json.dumps(sorted(set(scenarios or []) - set(names))),
        "past_treatments": json.dumps([t.spec() | {"start": str(t.start), "stop": str(t.stop)}
                                       for t in p.past_treatments()]),
        "limits": ("Individual variation covers peak BMD per site, a turnover multiplier and "
                   "estrogen and mechanical sensitivities only; the model's own structural "
                   "error is not in the bands. Past (stopped) treatments are listed, not "
                   "simulated; current treatments are simulated from today. Estradiol, "
                   "testosterone and IGF-1 set the hormone curves, 25(OH)D the vitamin D input, "
                   "CTX and P1NP the turnover multiplier; SHBG, PTH, calcium and cortisol are "
                   "read and checked but do not enter the model yet."),
        "citations": json.dumps([*ind.CITATIONS, SHAPLEY_CITATION]),
    })
    return ds


def _posterior(p, scans, model, block, grid, i_now, i_scan, draws, rng):
    """Posterior draws (or the prior) and the marker summary, from a grid already solved."""
    markers = _marker_log_ratio(p, model, block, i_now)
    if scans or markers["log_ratio"] is not None:
        idx = [i_scan.get(-round(s["years_before_now"], 6), i_now) for s in scans]
        post = ind.posterior(scans, grid[:, :, idx], p.sex, draws, rng,
                             marker_log_ratio=markers["log_ratio"])
    else:
        post = ind.prior(draws, rng)
    return post, markers


def _calibrate(p, subject, current, scans, t_scan, draws, rng, years, params):
    """Solve the estrogen-sensitivity grid up to today and return the posterior."""
    items = _built(current, years + 1)
    ne = len(ind.ESTROGEN_NODES)
    rows = Rows(np.ones((len(items), ne), bool), {q: np.zeros(ne, bool) for q in PATHWAYS},
                ind.ESTROGEN_NODES, np.ones(ne))
    t = np.array(sorted({*t_scan, 0.0}))
    density, ok, model = run_rows(subject, items, rows, t, params)
    if not ok.all():
        raise RuntimeError("the calibration grid failed to solve")
    i_now = int(np.searchsorted(t, 0.0))
    block = {"grid": (ne, 1), "first_row": 0}
    grid = density.reshape(ne, 1, t.size, len(SITES))
    i_scan = {x: int(np.searchsorted(t, x)) for x in t_scan}
    return _posterior(p, scans, model, block, grid, i_now, i_scan, draws, rng)


def _marker_log_ratio(p: Person, model, block, i_now) -> dict:
    """Log of measured over model CTX and P1NP today (geometric mean), for the average
    individual of the first scenario (its middle estrogen-sensitivity row)."""
    from osteon.model import TOTAL_BODY

    ne, nm = block["grid"]
    row = block["first_row"] + (ne // 2) * nm + nm // 2
    sub = model.subset(np.array([row]))
    _, out = sub.evaluate(0.0, model.states[row, i_now][None, :], outputs=True)
    P = model.params
    modelled = {
        "ctx": P["ctx_premenopausal"] * max(float(out["resorption"][0, TOTAL_BODY]), 1e-6)
        ** P["marker_resorption_exponent"],
        "p1np": P["p1np_premenopausal"] * max(float(out["formation"][0, TOTAL_BODY]), 1e-6)
        ** P["marker_formation_exponent"],
    }
    units = {"ctx": "ng/mL", "p1np": "ug/L"}
    ratios, used = [], {}
    for name, m in modelled.items():
        lab = p.latest_lab(name)
        if lab is None:
            continue
        v = lab.to(units[name])
        ratios.append(np.log(v / m))
        used[name] = {"measured": round(v, 4), "model_average": round(m, 4), "units": units[name]}
    return {"log_ratio": float(np.mean(ratios)) if ratios else None,
            "used": ", ".join(used) if used else "", "values": used}


def _labels(players, items, current: set) -> list[str]:
    """Unique labels: pathways by name, drugs by kind (``(current)`` for today's treatments,
    ``(drug)`` where a kind shares a pathway's name)."""
    out = []
    for kind, ref in players:
        if kind == "pathway":
            out.append(ref)
            continue
        label = items[ref].kind
        if ref in current:
            label += " (current)"
        if label in PATHWAYS:
            label += " (drug)"
        while label in out:
            label += "'"
        out.append(label)
    return out


def attribution_enabled(blocks) -> bool:
    return all("players" in b for b in blocks)


def _fracture(p: Person, subject, names, t_score, t_fore, n_draws):
    """10-year hip and major osteoporotic fracture probability per scenario and draw subset."""
    from osteon.forecast.fracture import (
        CITATIONS,
        EVIDENCE,
        LIMITS,
        MODEL_NAME,
        fracture_probability,
    )

    fn = SITES.index("femoral_neck")
    yearly = [int(np.argmin(np.abs(t_fore - y))) for y in range(11) if y <= t_fore[-1]]
    k_draws = min(n_draws, t_score.shape[1])
    hip = np.full((len(names), t_score.shape[1]), np.nan)
    major = np.full_like(hip, np.nan)
    for k in range(len(names)):
        for d in range(k_draws):
            traj = np.clip(t_score[k, d, yearly, fn], -6.0, 4.0)
            fr = fracture_probability(
                sex=p.sex, age=subject.age, t_score_trajectory=traj.tolist(),
                body_mass_kg=p.weight_kg, height_cm=p.height_cm,
                prior_fracture=p.risk_factors.prior_fracture,
                falls_last_year=p.risk_factors.falls_last_year,
                glucocorticoids=p.risk_factors.glucocorticoids)
            hip[k, d], major[k, d] = fr.hip, fr.major
    attrs = {"units": "1", "draws_used": k_draws, "evidence": EVIDENCE}
    meta = {"model": MODEL_NAME, "evidence": EVIDENCE, "limits": LIMITS,
            "citations": list(CITATIONS), "draws_used": k_draws}
    return (xr.Variable(("scenario", "draw"), hip,
                        {**attrs, "long_name": "10-year probability of hip fracture"}),
            xr.Variable(("scenario", "draw"), major,
                        {**attrs, "long_name": "10-year probability of major osteoporotic "
                         "fracture"}),
            meta)
