"""A trial file run as an asynchronous job: progress per chunk, netCDF result, then deleted.

The uploaded text has passed :func:`osteon.web.safe_yaml.check_yaml` (size, aliases, depth).
It is written to ``trial.yaml`` inside the job's own folder (made by this process; nothing
from the request names a file), run in this worker thread in chunks of a few subjects, and the
Zarr store is converted to one netCDF file with a group per arm. The folder is deleted when
the job expires.
"""

from __future__ import annotations

import math
from typing import Literal

from osteon.errors import OsteonInputError
from osteon.web.jobs import Deadline, Item, JobTimeout


class _Watched:
    """An in-process executor that reports progress and checks the job's deadline."""

    name = "in-process (osteon serve)"
    workers = 1

    def __init__(self, item: Item, deadline: Deadline, n_chunks: int) -> None:
        from osteon.cohort.executors import InProcessExecutor

        self.inner = InProcessExecutor(retries=0)
        self.item, self.deadline, self.n, self.done = item, deadline, max(1, n_chunks), 0

    def imap_unordered(self, run, indices, **kw):
        for chunk in self.inner.imap_unordered(run, indices, **kw):
            self.deadline.check()
            self.done += 1
            self.item.progress = min(0.95, 0.95 * self.done / self.n)
            self.item.message = f"{self.done} of {self.n} chunks simulated"
            yield chunk

    def close(self) -> None:
        pass

    def describe(self) -> str:
        return self.name


def run_trial_job(item: Item, text: str, subjects: int, seed: int, deadline: Deadline) -> None:
    """Run the job; sets ``item.state``, ``progress``, ``result`` or ``error``."""
    from osteon.cohort.store import open_arms
    from osteon.report.simulate_cmd import netcdf_ready
    from osteon.trials.at_scale import run_trial
    from osteon.trials.summary import summarize_store

    item.state, item.message = "running", "starting"
    folder = item.folder
    assert folder is not None  # trial jobs are created with_folder=True
    try:
        path = folder / "trial.yaml"
        path.write_text(text, encoding="utf-8")
        chunk = max(1, min(10, subjects))
        ex = _Watched(item, deadline, math.ceil(subjects / chunk))  # a chunk holds every arm
        res = run_trial(path, subjects, folder / "store.zarr", chunk_size=chunk, quiet=True,
                        seed=seed, executor=ex)
        rows = summarize_store(res.trial, folder / "store.zarr", res.unavailable)
        summary = [{"arm": r.label, "site": r.endpoint.site, "measure": r.endpoint.measure,
                    "published": r.endpoint.value, "simulated": _num(r.mean),
                    "ci95": [_num(r.ci95[0]), _num(r.ci95[1])], "agree": r.agree,
                    "status": r.status, "reason": r.reason} for r in rows]
        nc = folder / "result.nc"
        mode: Literal["w", "a"] = "w"
        for arm, ds in open_arms(folder / "store.zarr").items():
            netcdf_ready(ds.load()).to_netcdf(nc, mode=mode, group=_group(arm),
                                              engine="h5netcdf")
            mode = "a"
        import shutil

        shutil.rmtree(folder / "store.zarr", ignore_errors=True)
        item.result = {"summary": {"trial": res.trial.id, "title": res.trial.title,
                                   "subjects_per_arm": subjects,
                                   "arms_not_simulated": res.unavailable,
                                   "endpoints": summary},
                       "netcdf": nc}
        item.progress, item.state, item.message = 1.0, "done", "done"
    except OsteonInputError as err:
        item.state = "failed"
        item.error = {"field": err.field.replace(str(folder), "upload").replace(
            "trial.yaml", "upload"), "problem": err.problem.replace(str(folder), "upload"),
            "example": err.example}
    except JobTimeout as err:
        item.state, item.error = "failed", {"field": "job", "problem": str(err),
                                            "example": "fewer subjects"}
    except Exception as err:  # noqa: BLE001 - reported to the client, not raised in a thread
        item.state, item.error = "failed", {"field": "job", "problem": f"{type(err).__name__}: "
                                            f"{err}"[:300], "example": None}


def _num(x) -> float | None:
    x = float(x)
    return round(x, 4) if math.isfinite(x) else None


def _group(arm: str) -> str:
    """A netCDF group name for an arm (letters, digits, underscores).

    >>> _group("calcium + D")
    'arm_calcium___D'
    """
    return "arm_" + "".join(c if c.isalnum() else "_" for c in arm)
