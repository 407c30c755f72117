"""Validate trial files with a small virtual cohort and write one JSON line per endpoint.

Used to measure the physiology fixes of issue 9 before and after, with the same settings
(``osteon validate`` on the command line asks for >= 200 subjects per arm; this runs the
same :func:`osteon.trials.validate.iter_reports` with fewer, for quick comparisons on the
shared 2-core machine).

Usage: ``python scripts/physio_measure.py OUT.jsonl FILE_OR_DIR... [--subjects 30]``
"""

from __future__ import annotations

import argparse
import json
import math

from osteon.trials.validate import iter_reports


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--subjects", type=int, default=30)
    ap.add_argument("--seed", type=int, default=2026)
    a = ap.parse_args()
    with open(a.out, "w") as fh:
        for rep in iter_reports(a.paths, a.subjects, a.seed):
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
