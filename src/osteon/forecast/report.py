"""The forecast report: one self-contained HTML file, CSV tables and the netCDF dataset.

The HTML opens with the research-not-advice statement and the evidence and extrapolation
flags of every scenario; every forecast figure shows the median with 50 % and 90 % bands;
then the attribution (Shapley values that add up), fracture risk with its evidence grade and
limits, the DXA least significant change, and the sources.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import xarray as xr

from osteon.forecast.core import CATEGORIES, CENTRAL_SITES
from osteon.report.html import _png_data_uri
from osteon.report.plots import _new_figure, png_bytes
from osteon.templating import render

COLORS = {"no_change": "#444444", "mht": "#c2185b", "trt": "#1565c0", "training": "#2e7d32",
          "diet": "#ef6c00", "gh_peptide": "#6a1b9a"}
SITE_LABEL = {"lumbar_spine": "Lumbar spine", "femoral_neck": "Femoral neck",
              "total_hip": "Total hip", "total_body": "Total body"}


def _j(ds, key, default=None):
    try:
        return json.loads(ds.attrs.get(key, ""))
    except (TypeError, ValueError):
        return default


def figure_t_scores(ds: xr.Dataset) -> bytes:
    """T-score trajectories of the central sites: median line, 50 % and 90 % bands, scans."""
    fig = _new_figure(11.0, 4.2)
    axes = fig.subplots(1, 3, sharey=True)
    q = ds.t_score_quantiles
    age = ds.age.values
    scans = _j(ds, "scans", [])
    from osteon.outputs.reference import t_score

    for ax, site in zip(axes, CENTRAL_SITES, strict=True):
        for sc in ds.scenario.values:
            c = COLORS.get(str(sc), "#333")
            v = q.sel(scenario=sc, site=site)
            ax.fill_between(age, v.sel(quantile=0.05), v.sel(quantile=0.95), color=c, alpha=0.12,
                            lw=0)
            ax.fill_between(age, v.sel(quantile=0.25), v.sel(quantile=0.75), color=c, alpha=0.25,
                            lw=0)
            ax.plot(age, v.sel(quantile=0.5), color=c, lw=1.8, label=str(sc))
        pts = [(s["age"], float(t_score(s["bmd"], ds.attrs["sex"], site))) for s in scans
               if s["site"] == site]
        if pts:
            ax.plot(*zip(*pts, strict=True), "ko", ms=5, label="your scans")
        for thr in CATEGORIES.values():
            ax.axhline(thr, color="#999", lw=0.8, ls="--")
        ax.set_title(SITE_LABEL[site])
        ax.set_xlabel("age (years)")
        ax.grid(alpha=0.3)
    axes[0].set_ylabel("T-score (SD)")
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, fontsize=8, loc="lower center", ncol=len(labels), frameon=False)
    fig.subplots_adjust(bottom=0.24, top=0.84, left=0.07, right=0.98)
    fig.suptitle("Forecast T-scores: line median, dark band 50 %, light band 90 % of draws",
                 fontsize=11)
    return png_bytes(fig)


def figure_fracture(ds: xr.Dataset) -> bytes:
    """10-year fracture probabilities per scenario: median with 50 % and 90 % intervals."""
    fig = _new_figure(9.0, 3.4)
    axes = fig.subplots(1, 2)
    names = [str(s) for s in ds.scenario.values]
    for ax, var, title in ((axes[0], "fracture_hip_10y", "Hip fracture, 10 years"),
                           (axes[1], "fracture_major_10y", "Major osteoporotic, 10 years")):
        for i, sc in enumerate(names):
            v = ds[var].sel(scenario=sc).values
            v = v[np.isfinite(v)] * 100
            if v.size == 0:
                continue
            q5, q25, q50, q75, q95 = np.quantile(v, [0.05, 0.25, 0.5, 0.75, 0.95])
            c = COLORS.get(sc, "#333")
            ax.plot([q5, q95], [i, i], color=c, lw=2, alpha=0.4)
            ax.plot([q25, q75], [i, i], color=c, lw=6, alpha=0.7)
            ax.plot([q50], [i], "o", color="white", mec=c, ms=7)
        ax.set_yticks(range(len(names)), names)
        ax.set_xlabel("probability (%)")
        ax.set_title(title)
        ax.grid(alpha=0.3, axis="x")
    fig.suptitle("Fracture risk from each forecast: dot median, thick 50 %, thin 90 % of draws",
                 fontsize=11)
    return png_bytes(fig)


def figure_attribution(ds: xr.Dataset, site: str = "lumbar_spine") -> bytes | None:
    """Shapley parts of the forecast change at ``site``, one row per scenario."""
    att = _j(ds, "attribution", {})
    if not att:
        return None
    from osteon.outputs.reference import SITES

    k = SITES.index(site)
    fig = _new_figure(9.0, 0.6 + 0.55 * len(att) + 1.2)
    ax = fig.subplots()
    labels = sorted({p for a in att.values() for p in a["parts"]} | {"unswitchable"})
    cmap = {lab: f"C{i % 10}" for i, lab in enumerate(labels)}
    for i, a in enumerate(att.values()):
        parts = {"unswitchable": a["unswitchable"][k], **{p: v[k] for p, v in a["parts"].items()}}
        pos = neg = 0.0
        for lab, v in parts.items():
            start = pos if v >= 0 else neg
            ax.barh(i, v, left=start, color=cmap[lab], edgecolor="white",
                    label=lab if i == 0 or lab not in {t.get_label() for t in ax.patches} else None)
            if v >= 0:
                pos += v
            else:
                neg += v
        ax.plot([a["total"][k]], [i], "k|", ms=18, mew=2.5)
    ax.set_yticks(range(len(att)), list(att))
    ax.axvline(0, color="#333", lw=0.8)
    ax.set_xlabel(f"change of {SITE_LABEL[site].lower()} BMD over "
                  f"{ds.attrs['attribution_horizon_years']:g} years (%), your median individual")
    handles, lbls = ax.get_legend_handles_labels()
    uniq = dict(zip(lbls, handles, strict=True))
    ax.legend(uniq.values(), uniq.keys(), fontsize=7, ncol=4, loc="upper center",
              bbox_to_anchor=(0.5, -0.35))
    ax.set_title("What drives the change: Shapley parts (bars) sum to the total (black tick)")
    fig.subplots_adjust(left=0.15, bottom=0.4)
    return png_bytes(fig)


def _band(values, digits=1) -> dict[str, str]:
    """Median, 50 % and 90 % interval of ``values``, formatted (the template's ``band``)."""
    q = np.quantile(values, [0.05, 0.25, 0.5, 0.75, 0.95])
    f = f"{{:.{digits}f}}"
    return {"median": f.format(q[2]), "q25": f.format(q[1]), "q75": f.format(q[3]),
            "q5": f.format(q[0]), "q95": f.format(q[4])}


def build_html(ds: xr.Dataset) -> str:
    """The forecast report as one HTML document (the template ``forecast.html.j2``)."""
    ev = _j(ds, "evidence", {})
    crossings = _j(ds, "crossings", {})
    lsc = _j(ds, "lsc", {})
    fr = _j(ds, "fracture", {})
    att = _j(ds, "attribution", {})
    horizon = int(ds.attrs["horizon_years"])
    t10 = float(min(10.0, ds.time.values[-1]))
    flags = []
    for e in ev.values():
        grades = ", ".join(f"{g['intervention']}: {g['evidence']}" for g in e["interventions"])
        flags.append({"label": e["label"], "extrapolated": e["extrapolated"],
                      "grades": grades or "natural history"})
    mk = _j(ds, "markers", {}) or {}
    mk_text = "; ".join(f"{k.upper()} {v['measured']:g} {v['units']} (model average for you "
                        f"{v['model_average']:.3g})" for k, v in mk.get("values", {}).items())
    # Summary per scenario.
    rows = []
    for sc in ds.scenario.values:
        sc = str(sc)
        e = ev[sc]
        ch = ds.percent_change.sel(scenario=sc, time=t10)
        hip = ds.fracture_hip_10y.sel(scenario=sc).values
        mof = ds.fracture_major_10y.sel(scenario=sc).values
        cr = crossings[sc]["osteoporosis"]
        rows.append({
            "label": e["label"], "extrapolated": e["extrapolated"], "note": e["note"],
            "spine": _band(ch.sel(site="lumbar_spine").values),
            "neck": _band(ch.sel(site="femoral_neck").values),
            "osteoporosis": f"{cr['probability_by_horizon'] * 100:.0f}",
            "when": "" if cr["median_age"] is None else f" (median age {cr['median_age']:g})",
            "hip": _band(hip[np.isfinite(hip)] * 100),
            "major": _band(mof[np.isfinite(mof)] * 100),
        })
    crow = [{
        "scenario": sc, "category": cat,
        "already": f"{c['probability_already'] * 100:.0f}",
        "by_horizon": f"{c['probability_by_horizon'] * 100:.0f}",
        "median_age": "-" if c["median_age"] is None else str(c["median_age"]),
        "interval": "-" if not c["age_90_interval"] else str(c["age_90_interval"]),
    } for sc, cats in crossings.items() for cat, c in cats.items()]
    attribution = None
    if att:
        img = figure_attribution(ds)
        attribution = {
            "individual": ds.attrs.get("attribution_individual", ""),
            "figure": _png_data_uri(img) if img else None,
            "rows": [{"scenario": sc, "total": f"{a['total'][0]:+.2f}",
                      "unswitchable": f"{a['unswitchable'][0]:+.2f}",
                      "parts": ", ".join(f"{p} {v[0]:+.2f}" for p, v in a["parts"].items())}
                     for sc, a in att.items()],
        }
    lrow = [{
        "scenario": sc, "site": SITE_LABEL[site], "lsc": f"{v['lsc_percent']:.1f}",
        "change": f"{v['median_change_2y_percent']:+.1f}",
        "beyond": f"{v['probability_change_exceeds_lsc_2y'] * 100:.0f}",
    } for sc, sites in lsc.items() for site, v in sites.items()]
    cites = _j(ds, "citations", []) + fr.get("citations", [])
    for e in ev.values():
        cites += [g["citation"] for g in e["interventions"] if g["citation"]]
    return render(
        "forecast.html.j2",
        title=ds.attrs["title"],
        disclaimer=ds.attrs["disclaimer"],
        flags=flags,
        skipped=_j(ds, "skipped_scenarios", []),
        sex=ds.attrs["sex"],
        posterior=ds.attrs["posterior"],
        markers=mk_text,
        limits=ds.attrs["limits"],
        t10=f"{t10:g}",
        horizon=horizon,
        rows=rows,
        t_score_figure=_png_data_uri(figure_t_scores(ds)),
        crossings=crow,
        attribution=attribution,
        fracture={"model": fr.get("model", ""), "evidence": fr.get("evidence", ""),
                  "draws_used": fr.get("draws_used"), "limits": fr.get("limits", ""),
                  "figure": _png_data_uri(figure_fracture(ds))},
        lsc=lrow,
        citations=list(dict.fromkeys(cites)),
    )


def write(ds: xr.Dataset, out_dir: str | Path) -> dict[str, Path]:
    """Write ``forecast.html``, ``forecast_quantiles.csv``, ``forecast_summary.csv`` and
    ``forecast.nc`` into ``out_dir``; return their paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {"html": out / "forecast.html", "csv": out / "forecast_quantiles.csv",
             "summary": out / "forecast_summary.csv", "netcdf": out / "forecast.nc"}
    paths["html"].write_text(build_html(ds))
    q = xr.Dataset({v: ds[f"{v}_quantiles"] for v in ("bmd", "t_score", "percent_change")})
    q.to_dataframe().reset_index().to_csv(paths["csv"], index=False, float_format="%.5g")
    summary = xr.Dataset({
        "hip_fracture_10y": ds.fracture_hip_10y.quantile([0.05, 0.5, 0.95], dim="draw",
                                                          skipna=True),
        "major_fracture_10y": ds.fracture_major_10y.quantile([0.05, 0.5, 0.95], dim="draw",
                                                              skipna=True),
    })
    summary.to_dataframe().reset_index().to_csv(paths["summary"], index=False,
                                                float_format="%.5g")
    ds.to_netcdf(paths["netcdf"], engine="h5netcdf")
    return paths


def run(args) -> int:
    """``osteon forecast PERSON [--scenario ...] [--out DIR]``."""
    from osteon.forecast.core import forecast

    ds = forecast(args.person_file, args.scenario or None, draws=args.draws, years=args.years,
                  seed=args.seed, attribution=not args.no_attribution)
    paths = write(ds, args.out)
    print(ds.attrs["disclaimer"])
    for sc in ds.scenario.values:
        ch = ds.percent_change.sel(scenario=sc, site="lumbar_spine").isel(time=-1)
        lo, med, hi = np.quantile(ch.values, [0.05, 0.5, 0.95])
        print(f"  {str(sc):11s} spine change over {ds.attrs['horizon_years']} y: {med:+.1f} % "
              f"(90 %: {lo:+.1f} to {hi:+.1f})")
    for kind, p in paths.items():
        print(f"{kind}: {p}")
    return 0
