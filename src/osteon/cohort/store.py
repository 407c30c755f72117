"""The Zarr store of a virtual trial, written chunk by chunk through xarray.

Layout (Zarr format 3, a directory)::

    RESULT.zarr/
      zarr.json            root attrs: run identity, provenance, state, arm -> group
      chunk_done           int8 (chunk,): 1 once chunk k is completely written
      <arm group>/         one xarray Dataset per arm, dims (subject, time, site),
                           chunked along subject by the run's chunk size

Each arm group is created (metadata only, ``compute=False``) from the first
finished chunk, then every chunk is written into its own region
(``to_zarr(region={"subject": slice(start, stop)})``), which covers whole Zarr
chunks and nothing else. Only then is ``chunk_done[k]`` set. Zarr's local store
writes each object through a temporary file and a rename, so a run killed at
any point leaves either a finished chunk with its marker or a chunk without a
marker, which a resumed run writes again (the same bits: chunks are pure).

Resuming checks the run identity (:data:`IDENTITY_KEYS`) and refuses a store made
by another trial file, seed, cohort size, chunk size or parameter set.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Mapping
from pathlib import Path

import dask.array as da
import numpy as np
import xarray as xr
import zarr

from osteon.cohort.chunks import ChunkPlan, ChunkResult
from osteon.errors import OsteonInputError

STORE_FORMAT = 1
"""Version of this layout (root attr ``osteon_cohort_store``)."""
IDENTITY_KEYS = ("trial_sha256", "seed", "n_subjects", "chunk_size", "parameter_set_hash")
"""Root attrs that must match for ``--resume``."""
_PER_CHUNK_ATTRS = ("chunk_wall_time_s", "rhs_evaluations", "n_failed", "n_alerts",
                    "n_exposure_notes", "wall_time_s")
STRING = np.dtypes.StringDType()


def zarr_array(group: zarr.Group, name: str) -> zarr.Array:
    """The array ``name`` of ``group`` (a :class:`TypeError` where the store holds a group)."""
    node = group[name]
    if not isinstance(node, zarr.Array):
        raise TypeError(f"{name!r} in the store is a {type(node).__name__}, not an array")
    return node


def _strings(ds: xr.Dataset) -> xr.Dataset:
    """Text variables as numpy's variable-length strings (Zarr ``string``, a specified
    Zarr 3 data type, unlike fixed-width unicode)."""
    conv = {name: xr.Variable(v.dims, np.asarray(v.values).astype(STRING), v.attrs)
            for name, v in ds.variables.items() if v.dtype.kind in "OU"}
    data = {k: v for k, v in conv.items() if k in ds.data_vars}
    coords = {k: v for k, v in conv.items() if k in ds.coords}
    return ds.assign(data).assign_coords(coords)


def group_names(arms: list[str]) -> dict[str, str]:
    """Zarr group of each arm: its name where that is a safe path, else ``arm_<i>``.

    >>> group_names(["placebo", "CEE + MPA"])
    {'placebo': 'placebo', 'CEE + MPA': 'arm_1'}
    """
    out = {}
    for i, a in enumerate(arms):
        ok = re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", a) and a != "chunk_done"
        out[a] = a if ok else f"arm_{i}"
    return out


def read_identity(path: str | Path) -> dict | None:
    """Root attrs of an Osteon cohort store, or ``None`` if ``path`` is not one."""
    p = Path(path)
    if not (p / "zarr.json").exists():
        return None
    try:
        attrs = dict(zarr.open_group(str(p), mode="r").attrs)
    except Exception:  # noqa: BLE001 - not a readable Zarr group
        return None
    return attrs if attrs.get("osteon_cohort_store") else None


class CohortStore:
    """A cohort store opened for writing (see the module docstring).

    Use :meth:`create` for a new run and :meth:`resume` to continue one.
    """

    def __init__(self, path: Path, plan: ChunkPlan, arms: list[str]) -> None:
        self.path = Path(path)
        self.plan = plan
        self.arms = list(arms)
        self.groups = group_names(self.arms)
        self._root = zarr.open_group(str(self.path), mode="r+")
        self._done = zarr_array(self._root, "chunk_done")

    # ------------------------------------------------------------------ opening
    @classmethod
    def create(cls, path: str | Path, plan: ChunkPlan, arms: list[str], identity: Mapping,
               provenance: Mapping) -> CohortStore:
        """A new store at ``path`` (which must not exist)."""
        p = Path(path)
        if p.exists():
            raise OsteonInputError("--out", f"{p} already exists; pass --resume to continue "
                                   "the run that made it, or choose a new path",
                                   "--out result-2.zarr")
        attrs = {"osteon_cohort_store": STORE_FORMAT, "state": "initialising",
                 **{k: identity[k] for k in IDENTITY_KEYS}, **provenance,
                 "arm_groups": json.dumps(group_names(list(arms)))}
        root = zarr.open_group(str(p), mode="w", attributes=_json_safe(attrs))
        root.create_array("chunk_done", shape=(plan.n_chunks,), chunks=(1,), dtype="int8",
                          fill_value=0, dimension_names=("chunk",),
                          attributes={"long_name": "1 once the chunk's subjects are written",
                                      "units": "1", "chunk_size": plan.chunk_size})
        root.create_array("chunk_digest", shape=(plan.n_chunks,), chunks=(1,), dtype="int64",
                          fill_value=0, dimension_names=("chunk",),
                          attributes={"long_name": "CRC-32 (+1) of the chunk's files in every "
                                      "arm, checked before resume and summary", "units": "1"})
        return cls(p, plan, arms)

    @classmethod
    def resume(cls, path: str | Path, plan: ChunkPlan, arms: list[str], identity: Mapping,
               provenance: Mapping) -> CohortStore:
        """The store of an interrupted run at ``path``; a new one if ``path`` is absent.

        Raises
        ------
        OsteonInputError
            If ``path`` is not an Osteon cohort store or was made by another run.
        """
        p = Path(path)
        if not p.exists():
            return cls.create(p, plan, arms, identity, provenance)
        stored = read_identity(p)
        if stored is None:
            raise OsteonInputError("--resume", f"{p} is not an Osteon cohort store (no "
                                   "osteon_cohort_store attribute); cannot resume into it",
                                   "--out a-new-result.zarr")
        diffs = [f"{k}: store {stored.get(k)!r}, now {identity[k]!r}" for k in IDENTITY_KEYS
                 if stored.get(k) != identity[k]]
        if diffs:
            raise OsteonInputError(
                "--resume", f"{p} was made by a different run ({'; '.join(diffs)}); resume "
                "with the same trial file, --seed, --subjects and --chunk-size, or write to a "
                "new --out", "--out a-new-result.zarr")
        return cls(p, plan, arms)

    # ------------------------------------------------------------------ state
    @property
    def state(self) -> str:
        return str(self._root.attrs.get("state", ""))

    def done_chunks(self) -> set[int]:
        """Chunks whose subjects are completely written."""
        if self.state not in ("ready", "complete"):
            return set()
        return {int(i) for i in np.flatnonzero(self._done[:] == 1)}

    # ------------------------------------------------------------------ writing
    def _initialise(self, result: ChunkResult) -> None:
        """Create every arm group (metadata and coordinates only) from a finished chunk."""
        n, c = self.plan.n_subjects, self.plan.chunk_size
        for arm in self.arms:
            ds = _strings(result.datasets[arm])

            def full(v: xr.Variable) -> xr.Variable:
                shape = tuple(n if d == "subject" else s for d, s in zip(v.dims, v.shape,
                                                                          strict=True))
                chunks = tuple(c if d == "subject" else -1 for d in v.dims)
                if v.dtype == STRING:
                    data = da.full(shape, "", dtype=STRING, chunks=chunks)
                else:
                    data = da.zeros(shape, dtype=v.dtype, chunks=chunks)
                return xr.Variable(v.dims, data, v.attrs)

            data_vars = {k: full(v.variable) if "subject" in v.dims else v.variable
                         for k, v in ds.data_vars.items()}
            coords = {k: (full(v.variable) if "subject" in v.dims else v.variable)
                      for k, v in ds.coords.items() if k != "subject"}
            attrs = {k: v for k, v in ds.attrs.items() if k not in _PER_CHUNK_ATTRS}
            attrs.update(arm=arm, **{k: self._root.attrs[k] for k in
                                     ("trial_file", "trial_id", "trial_sha256", "n_subjects",
                                      "chunk_size") if k in self._root.attrs})
            template = xr.Dataset(data_vars, coords={**coords, "subject": np.arange(n)},
                                  attrs=attrs)
            template.to_zarr(str(self.path), group=self.groups[arm], mode="w", compute=False,
                             consolidated=False)
        self._root.attrs["state"] = "ready"

    def write(self, result: ChunkResult) -> None:
        """Write one finished chunk into its region, then set its done marker."""
        if self.state not in ("ready", "complete"):
            self._initialise(result)
        start, stop = self.plan.bounds(result.index)
        if (result.start, result.stop) != (start, stop):  # pragma: no cover - a bug guard
            raise RuntimeError(f"chunk {result.index} covers {result.start}:{result.stop}, "
                               f"expected {start}:{stop}")
        for arm in self.arms:
            ds = _strings(result.datasets[arm])
            ds = ds.drop_vars([k for k, v in ds.variables.items() if "subject" not in v.dims])
            ds.attrs = {}
            ds.to_zarr(str(self.path), group=self.groups[arm], mode="r+",
                       region={"subject": slice(start, stop)}, consolidated=False)
        if "chunk_digest" in self._root:
            from osteon.cohort.integrity import chunk_digest

            zarr_array(self._root, "chunk_digest")[result.index] = chunk_digest(
                self.path, list(self.groups.values()), result.index)
        self._done[result.index] = 1

    def repair(self) -> list[str]:
        """Verify the store; mark damaged chunks (or all, if an arm group is gone) as not
        done so that they are computed again. Returns notes on what was found."""
        from osteon.cohort.integrity import verify_store

        check = verify_store(self.path)
        if check.ok:
            return []
        if check.problems:
            raise OsteonInputError("--resume", f"{self.path} cannot be resumed: "
                                   f"{check.describe()}", "--out a-new-result.zarr")
        if check.missing_groups:
            self._done[:] = 0
            self._root.attrs["state"] = "initialising"
            return [f"store check: {check.describe()}; every chunk is computed again"]
        for k in check.damaged_chunks:
            self._done[k] = 0
        self._root.attrs["state"] = "ready"
        return [f"store check: {check.describe()}; those chunks are computed again"]

    def finalize(self, attrs: Mapping) -> None:
        """Record the end of the run (state ``complete`` once every chunk is done)."""
        done = self.done_chunks()
        for arm in self.arms:
            if self.state in ("ready", "complete"):
                status = xr.open_zarr(str(self.path), group=self.groups[arm],
                                      consolidated=False)["status"]
                n_failed = int((status != "ok").sum())
                zarr.open_group(str(self.path), path=self.groups[arm], mode="r+").attrs[
                    "n_failed"] = n_failed
        self._root.attrs.update(_json_safe(dict(attrs)))
        if len(done) == self.plan.n_chunks:
            self._root.attrs["state"] = "complete"


def _json_safe(attrs: Mapping) -> dict:
    out = {}
    for k, v in attrs.items():
        if isinstance(v, (np.integer,)):
            v = int(v)
        elif isinstance(v, (np.floating,)):
            v = float(v)
        elif isinstance(v, (tuple, list, dict)):
            v = json.dumps(v)
        out[k] = v
    return out


def open_arms(path: str | Path) -> dict[str, xr.Dataset]:
    """The arms of a cohort store as lazy (Dask-backed) datasets, by arm name."""
    attrs = read_identity(path)
    if attrs is None:
        raise OsteonInputError("path", f"{path} is not an Osteon cohort store",
                               "result.zarr (written by osteon trial)")
    groups = json.loads(attrs["arm_groups"])
    return {arm: xr.open_zarr(str(path), group=g, consolidated=False)
            for arm, g in groups.items() if attrs.get("state") in ("ready", "complete")}


def remove_store(path: str | Path) -> None:
    """Delete a cohort store (only if it is one)."""
    if read_identity(path) is None:
        raise OsteonInputError("path", f"{path} is not an Osteon cohort store; not removing it",
                               "result.zarr")
    shutil.rmtree(path)
