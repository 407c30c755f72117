"""``osteon sensitivity SCENARIO``: Sobol and Morris indices of the 10-year spine and hip
forecast of a demo scenario, written to netCDF and a PNG plot."""

from __future__ import annotations

from pathlib import Path

import numpy as np


def add_parser(sub) -> None:
    p = sub.add_parser(
        "sensitivity",
        help="Sobol and Morris sensitivity of the spine and hip forecast of a demo scenario",
        description="Vary the calibrated parameters over their plausible ranges and the "
        "covariates over population ranges; write the indices with confidence intervals "
        "to netCDF and a plot, and list the inputs that drive the 10-year forecast.",
    )
    p.add_argument("scenario", nargs="?", default=None,
                   help="demo scenario name (e.g. 'No treatment'); --list shows them")
    p.add_argument("--list", action="store_true", help="list the scenarios and exit")
    p.add_argument("--method", default="morris,sobol", help="morris, sobol or both (default)")
    p.add_argument("--sobol-n", type=int, default=4,
                   help="Saltelli base sample (power of 2; runs = N x (inputs + 2))")
    p.add_argument("--morris-r", type=int, default=4,
                   help="Morris trajectories (runs = r x (inputs + 1))")
    p.add_argument("--parameters", default=None,
                   help="comma-separated parameters (default: every calibrated parameter)")
    p.add_argument("--covariates", default=None,
                   help="comma-separated covariates (default: all; 'none' for none)")
    p.add_argument("--years", type=float, default=10.0)
    p.add_argument("--workers", type=int, default=1, help="local worker processes (default 1)")
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--out", default="osteon-sensitivity", help="output folder")
    p.set_defaults(func=run)


def _names(text):
    if text is None:
        return None
    if text.strip().lower() == "none":
        return []
    return [t.strip() for t in text.split(",") if t.strip()]


def plot(ds, path: str | Path) -> Path:
    """Bar charts of the indices (Sobol total and first order, else Morris mu*) with their
    confidence intervals, one panel per output, the largest 12 inputs."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    outputs = list(ds["output"].values)
    fig, axes = plt.subplots(1, len(outputs), figsize=(6.5 * len(outputs), 5.5), squeeze=False)
    sobol = "sobol_ST" in ds
    for ax, out in zip(axes[0], outputs, strict=True):
        key = "sobol_ST" if sobol else "morris_mu_star"
        v = ds[key].sel(output=out).values
        c = ds[f"{key}_conf"].sel(output=out).values
        order = np.argsort(-np.nan_to_num(v, nan=-np.inf))[:12][::-1]
        names = ds["input"].values[order]
        y = np.arange(order.size)
        ax.barh(y, v[order], xerr=c[order], color="#2a7ab0", alpha=0.8,
                label="total index (ST)" if sobol else "Morris mu*")
        if sobol:
            ax.plot(ds["sobol_S1"].sel(output=out).values[order], y, "k|", ms=12,
                    label="first order (S1)")
        ax.set_yticks(y, names, fontsize=8)
        ax.set_title(out.replace("_", " "), fontsize=10)
        ax.axvline(0.0, color="0.5", lw=0.5)
        ax.legend(fontsize=8, loc="lower right")
    fig.suptitle(f"Sensitivity of the {ds.attrs['years']:g}-year forecast: "
                 f"{ds.attrs['scenario']} (bars: {int(ds.attrs['conf_level'] * 100)}% CI)",
                 fontsize=11)
    fig.tight_layout()
    path = Path(path)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def run(args) -> int:
    from osteon.report.scenarios import SCENARIOS
    from osteon.sensitivity.core import drivers, make_problem, run_sensitivity

    if args.list or not args.scenario:
        print("scenarios: " + "; ".join(SCENARIOS))
        return 0 if args.list else 2
    problem = make_problem(args.scenario, _names(args.parameters), _names(args.covariates),
                           years=args.years)
    methods = [m.strip() for m in args.method.split(",") if m.strip()]
    print(f"{args.scenario}: {len(problem.names)} inputs; methods {', '.join(methods)}")
    ds = run_sensitivity(problem, sobol_n=args.sobol_n, morris_r=args.morris_r,
                         methods=methods, seed=args.seed, workers=args.workers)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    stem = "sensitivity-" + "".join(ch if ch.isalnum() else "-" for ch in args.scenario.lower())
    nc = out / f"{stem}.nc"
    ds.to_netcdf(nc, engine="h5netcdf")
    png = plot(ds, out / f"{stem}.png")
    for o in ds["output"].values:
        top = drivers(ds, str(o))
        text = ", ".join(f"{n} {v:.2f} (+/- {c:.2f})" for n, v, c in top)
        print(f"  {o}: {text}")
    runs = ds.attrs.get("sobol_runs", 0) + ds.attrs.get("morris_runs", 0)
    failed = ds.attrs.get("sobol_failed", 0) + ds.attrs.get("morris_failed", 0)
    print(f"{runs} runs ({failed} failed) in {ds.attrs['wall_time_s']:.1f} s; wrote {nc}, {png}")
    return 0
