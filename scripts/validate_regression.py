"""Fixed-seed regression numbers of ``osteon validate`` (issue 13).

Runs the code of ``osteon validate`` (:func:`osteon.trials.validate.iter_reports`) on every
trial file, shared and project, with a small cohort (10 subjects per arm, seed 2026) and
writes one record per endpoint: the simulated value (a float, written exactly), the
agreement and the status. ``tests/trials/test_validate_regression.py`` recomputes these
and compares them *exactly*: a restructuring (issue 13: one declaration per intervention
kind) must not change a single number.

The stored file was first written from main's code at 07b2590, before the registry
restructuring. When a physiology change is *intended* to move the numbers, regenerate
the file with this script and say so in the commit message::

    python scripts/validate_regression.py tests/data/validate_regression.json

``--check FILE`` recomputes and prints every record that differs (exit status 1 if any).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

from osteon.trials.validate import iter_reports

ROOT = Path(__file__).resolve().parents[1]
_SHARED = next((d for d in (ROOT.parent / "shared" / "validation" / "trials",
                            Path("/work/shared/validation/trials")) if d.is_dir()),
               ROOT.parent / "shared" / "validation" / "trials")
PATHS = (_SHARED, ROOT / "validation" / "trials")
"""Shared files (next to the repository, when present) and the project's own files."""
SUBJECTS = 10
SEED = 2026


def trial_paths() -> list[Path]:
    """Every trial file of :data:`PATHS` that exists, sorted by name within each folder."""
    return [f for d in PATHS if d.is_dir() for f in sorted(d.glob("*.yaml"))]


def _record(r) -> dict:
    sim = r.simulated
    return {"trial": r.trial, "arm": r.arm, "control": r.control, "site": r.site,
            "measure": r.measure, "from": r.from_, "at": r.at,
            "simulated": None if sim is None or not math.isfinite(sim) else sim,
            "agree": r.agree, "status": r.status}


def compute(paths: list[Path] | None = None, subjects: int = SUBJECTS,
            seed: int = SEED) -> dict[str, list[dict]]:
    """File name -> one record per endpoint (trial, arm, control, site, measure, from, at,
    simulated, agree, status), files in the order given (default :func:`trial_paths`)."""
    out: dict[str, list[dict]] = {}
    for rep in iter_reports([str(p) for p in (paths or trial_paths())], subjects, seed):
        out[Path(rep.path).name] = [_record(r) for r in rep.results]
    return out


def differences(stored: dict[str, list[dict]], now: dict[str, list[dict]]) -> list[str]:
    """Every record of the files in ``now`` that differs from ``stored`` (empty: identical)."""
    bad = []
    for name, records in now.items():
        if name not in stored:
            bad.append(f"{name}: not in the stored numbers")
            continue
        if len(records) != len(stored[name]):
            bad.append(f"{name}: {len(stored[name])} stored records, {len(records)} now")
        bad += [f"{name}: stored {s}\n   now {r}"
                for s, r in zip(stored[name], records, strict=False) if not _same(s, r)]
    return bad


RTOL = 1e-9
"""Relative tolerance on simulated values: far below any physiological change, and above
the last-bit differences that compiled kernels may show on another CPU (the stored file
can be written on one machine and checked on another, e.g. in CI)."""


def _same(stored: dict, now: dict) -> bool:
    """Records agree: every field equal, simulated values within :data:`RTOL`."""
    if stored.keys() != now.keys():
        return False
    for key, a in stored.items():
        b = now[key]
        if isinstance(a, float) and isinstance(b, float):
            if not math.isclose(a, b, rel_tol=RTOL, abs_tol=1e-12):
                return False
        elif a != b:
            return False
    return True


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", help="JSON file to write (or to compare with --check)")
    ap.add_argument("--check", action="store_true", help="compare instead of writing")
    a = ap.parse_args(argv)
    files = compute()
    if a.check:
        bad = differences(json.loads(Path(a.out).read_text())["files"], files)
        print("\n".join(bad) or f"identical: {sum(map(len, files.values()))} records")
        return 1 if bad else 0
    Path(a.out).write_text(json.dumps(
        {"subjects": SUBJECTS, "seed": SEED, "files": files}, indent=1) + "\n")
    print(f"{sum(map(len, files.values()))} records from {len(files)} files -> {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
