"""Command line: ``osteon demo | simulate | validate | trial | parameters | serve``.

Each subcommand lives in the module that owns it; this file only wires them.
"""

from __future__ import annotations

import argparse
import sys

from osteon import covariates
from osteon._version import __version__
from osteon.errors import OsteonInputError


def _add_demo(sub) -> None:
    p = sub.add_parser(
        "demo", help="simulate a woman and a man from 45 to 80 and write an HTML report"
    )
    p.add_argument("--out", default="osteon-output", help="output folder (default ./osteon-output)")
    p.set_defaults(func=lambda a: __import__("osteon.report.demo", fromlist=["run"]).run(a))


def _add_simulate(sub) -> None:
    p = sub.add_parser("simulate", help="simulate one subject; writes CSV, netCDF and PNG")
    p.add_argument("subject_file", nargs="?", help="YAML file describing the subject (optional)")
    covariates.add_cli_flags(p)  # --sex, --age, --igf1, ...: osteon.covariates
    p.add_argument("--years", type=float, default=None, help="years of follow-up (default 10)")
    p.add_argument("--intervention", action="append", metavar="JSON",
                   help="an intervention as in a trial file, e.g. '{\"intervention\": "
                   "\"calcium\", \"dose\": \"500 mg\", \"every\": \"1 day\"}' (repeatable; "
                   "osteon vocabulary lists every kind)")
    p.add_argument("--out", default="osteon-output", help="output folder")
    p.set_defaults(func=lambda a: __import__("osteon.report.simulate_cmd", fromlist=["run"]).run(a))


def _add_forecast(sub) -> None:
    p = sub.add_parser("forecast", help="a person's forecast under named scenarios, with bands, "
                       "attribution and fracture risk (HTML, CSV, netCDF)")
    p.add_argument("person_file", help="YAML or JSON person file (examples/person-woman-56.yaml)")
    p.add_argument("--scenario", action="append",
                   help="no_change, mht, trt, training, diet, gh_peptide (repeatable; "
                   "default: all that apply)")
    p.add_argument("--draws", type=int, default=200)
    p.add_argument("--years", type=int, default=20)
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--no-attribution", action="store_true", help="skip the Shapley attribution")
    p.add_argument("--out", default="osteon-forecast", help="output folder")
    p.set_defaults(func=lambda a: __import__("osteon.forecast.report", fromlist=["run"]).run(a))


def _add_validate(sub) -> None:
    p = sub.add_parser("validate", help="run trial files as virtual cohorts and compare endpoints")
    p.add_argument("paths", nargs="+", help="trial YAML files or folders of them")
    p.add_argument("--subjects", type=int, default=200, help="virtual subjects per arm (>= 200)")
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--json", action="store_true", help="print one JSON record per endpoint")
    p.set_defaults(func=lambda a: __import__("osteon.trials.validate", fromlist=["run"]).run(a))


def _add_trial(sub) -> None:
    p = sub.add_parser(
        "trial",
        help="run one trial file as a virtual trial of any size, streamed to a Zarr store",
        description="Run a trial file as a virtual trial: the cohort is split into fixed "
        "chunks, simulated in parallel (local processes or a Dask cluster) and written chunk "
        "by chunk to a Zarr store; then the file's endpoints are summarized per arm.",
    )
    p.add_argument("file", help="trial YAML file (shared/validation/FORMAT.md)")
    p.add_argument("--subjects", type=int, required=True, help="virtual subjects per arm")
    p.add_argument("--out", required=True, help="Zarr store to write (e.g. result.zarr)")
    p.add_argument("--workers", type=int, default=None,
                   help="local worker processes (default: the CPUs; 0: in this process)")
    p.add_argument("--scheduler", default=None,
                   help="Dask scheduler address (tcp://host:8786); overrides --workers")
    p.add_argument("--resume", action="store_true",
                   help="continue an interrupted run into the same --out")
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--chunk-size", type=int, default=None,
                   help="subjects per chunk (default 100, or the store's when resuming)")
    p.add_argument("--retries", type=int, default=2, help="extra attempts of a failing chunk")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=lambda a: __import__("osteon.trials.at_scale", fromlist=["run"]).run(a))


def _add_parameters(sub) -> None:
    p = sub.add_parser("parameters", help="list the parameter records of the default set")
    p.add_argument("--json", action="store_true")
    p.add_argument("--at-bounds", action="store_true",
                   help="list only calibrated parameters within 2%% of a bound of their range, "
                        "each with the written reason it is there")
    p.set_defaults(func=_parameters)


def _parameters(args) -> int:
    import json

    from osteon.parameters import default_parameters

    ps = default_parameters()
    if getattr(args, "at_bounds", False):
        import textwrap

        from osteon.calibration.bounds import at_bounds, bound_reason

        hits = at_bounds(ps)
        if args.json:
            print(json.dumps([{"name": n, "value": v, "bound": side, "range": [lo, hi],
                               "reason": bound_reason(n)} for n, v, side, lo, hi in hits],
                             indent=1))
            return 0
        print(f"{len(hits)} calibrated parameters within 2 % of a bound of their range")
        for name, value, side, lo, hi in hits:
            print(f"  {name:38s} {value:>10.4g} at {side} bound of [{lo:g}, {hi:g}]")
            print(textwrap.fill(bound_reason(name), width=96, initial_indent="      ",
                                subsequent_indent="      "))
        return 0
    if args.json:
        print(json.dumps(ps.to_records(), indent=1))
        return 0
    print(f"{ps.name} ({len(ps)} parameters, hash {ps.hash})")
    for r in ps.records.values():
        lo, hi = r.plausible_range
        flag = " [fitted]" if r.calibrated else ""
        print(
            f"  {r.name:38s} {r.value:>10.4g} {r.units:26s} {r.evidence.value:20s} "
            f"[{lo:g}, {hi:g}]{flag}\n      {r.source}"
        )
    from osteon.cohort.variability import RECORDS as SPREAD

    print("Between-person spread (osteon.cohort.variability; not in the parameter set)")
    for r in SPREAD:
        lo, hi = r.plausible_range
        print(f"  {r.name:38s} {r.value:>10.4g} {r.units:26s} {r.evidence.value:20s} "
              f"[{lo:g}, {hi:g}]\n      {r.source}")
    from osteon.forecast.dxa import LONG_TERM_PRECISION, PRECISION

    print("DXA measurement error (osteon.forecast.dxa; not in the parameter set)")
    for r in (*PRECISION.values(), *LONG_TERM_PRECISION.values()):
        lo, hi = r.plausible_range
        print(f"  {r.name:38s} {r.value:>10.4g} {r.units:26s} {r.evidence.value:20s} "
              f"[{lo:g}, {hi:g}]\n      {r.source}")
    return 0


def _add_serve(sub) -> None:
    p = sub.add_parser("serve", help="serve the web page and the HTTP API (OpenAPI at /docs)")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="TCP port (default 8000)")
    p.set_defaults(func=lambda a: __import__("osteon.web.serve", fromlist=["run"]).run(a))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="osteon",
        description="Osteon: bone remodeling under hormones, loading and nutrition. "
        "Research and education tool; not medical advice.",
    )
    parser.add_argument("--version", action="version", version=f"osteon {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    _add_demo(sub)
    _add_simulate(sub)
    _add_forecast(sub)
    _add_validate(sub)
    _add_trial(sub)
    _add_parameters(sub)
    _add_serve(sub)
    __import__("osteon.export.cli", fromlist=["add_parser"]).add_parser(sub)
    __import__("osteon.sensitivity.cli", fromlist=["add_parser"]).add_parser(sub)
    __import__("osteon.trials.vocabulary", fromlist=["add_parser"]).add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except OsteonInputError as err:
        problems = getattr(err, "problems", None) or []
        if len(problems) > 1:  # every problem on its own line (issue 15)
            for field, problem, example in problems:
                print(f"error: {field}: {problem}"
                      + (f". Valid example: {example}" if example else ""), file=sys.stderr)
        else:
            print(f"error: {err}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # the reader went away (``osteon parameters --json | head``): stop quietly
        # instead of a traceback (issue 15)
        import os

        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError):  # pragma: no cover - stdout already gone
            pass
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
