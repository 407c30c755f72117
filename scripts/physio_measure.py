"""Validate trial files with a small virtual cohort and write one JSON line per endpoint.

Used to measure the physiology fixes of issue 9 before and after, with the same settings
(``osteon validate`` on the command line asks for >= 200 subjects per arm; this runs the
same :func:`osteon.trials.validate.iter_reports` with fewer, for quick comparisons on the
shared 2-core machine).

Usage: ``python scripts/physio_measure.py OUT.jsonl FILE_OR_DIR... [--subjects 30]
[--parameters FILE]``; ``--parameters`` reads a JSON of parameter overrides (a flat
``{name: value}`` or, like ``calibrated.json`` and the ``in_sample_values.json`` of
``scripts/calibrate.py``, ``{"values": {name: value}}``) applied over the default set.
"""

from __future__ import annotations

import argparse
import json
import math

from osteon.parameters import default_parameters
from osteon.trials.validate import iter_reports


def read_overrides(path: str) -> dict[str, float]:
    """``{name: value}`` from a JSON file, flat or under ``"values"``."""
    with open(path) as fh:
        doc = json.load(fh)
    values = doc.get("values", doc) if isinstance(doc, dict) else None
    if not isinstance(values, dict):
        raise SystemExit(f"{path}: expected a JSON object of parameter values")
    return {str(k): float(v) for k, v in values.items()}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--subjects", type=int, default=30)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--parameters", help="JSON of parameter overrides (see the docstring)")
    a = ap.parse_args()
    params = None
    if a.parameters:
        base = default_parameters()
        over = read_overrides(a.parameters)
        unknown = sorted(k for k in over if k not in base)
        if unknown:
            raise SystemExit(f"unknown parameters in {a.parameters}: {', '.join(unknown)}")
        params = base.replace(**over)
    with open(a.out, "w") as fh:
        for rep in iter_reports(a.paths, a.subjects, a.seed, parameters=params):
            for r in rep.results:
                sim = r.simulated
                rec = {"trial": r.trial, "arm": r.arm, "control": r.control, "site": r.site,
                       "measure": r.measure, "from": r.from_, "at": r.at,
                       "published": r.published, "interval": r.interval,
                       "simulated": None if sim is None or not math.isfinite(sim) else sim,
                       "agree": r.agree, "status": r.status}
                fh.write(json.dumps(rec) + "\n")
            fh.flush()


if __name__ == "__main__":
    main()
