"""Shared helpers of the cohort tests: fixture file, store comparison, process handling."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from osteon.cohort.store import open_arms

HERE = Path(__file__).resolve().parent
ONE_YEAR = HERE / "one-year.yaml"
"""Two arms (placebo, oral estradiol), 12 months: about 1 s per chunk of 10 subjects."""
BIN = Path(sys.executable).parent


def done_markers(store: Path) -> int:
    """Chunks marked done in a store, read from the files (no Zarr open while it is written)."""
    folder = store / "chunk_done" / "c"
    return len([p for p in folder.iterdir() if p.name.isdigit()]) if folder.exists() else 0


def assert_same_arrays(a: Path, b: Path) -> None:
    """Every variable of every arm bit-identical (NaN equal to NaN)."""
    da, db = open_arms(a), open_arms(b)
    assert sorted(da) == sorted(db)
    for arm, ds in da.items():
        other = db[arm]
        assert sorted(ds.variables) == sorted(other.variables)
        for name in ds.variables:
            x, y = ds[name].values, other[name].values
            if x.dtype.kind == "f":
                assert np.array_equal(x, y, equal_nan=True), (arm, name)
            else:
                assert np.array_equal(x.astype(object), y.astype(object)), (arm, name)


def assert_complete(store: Path, n: int) -> None:
    """Subjects 0..n-1 each exactly once in every arm, no NaN where the status is ok."""
    for arm, ds in open_arms(store).items():
        ids = ds["subject"].values
        assert ids.size == n and np.array_equal(np.sort(ids), np.arange(n)), arm
        names = ds["status"].values.astype(object)
        assert set(names) <= {"ok", "failed"}, arm  # "" would be a chunk never written
        ok = names == "ok"
        bmd = ds["bmd"].values
        assert np.isfinite(bmd[ok]).all(), arm


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, timeout: float, what: str, proc: subprocess.Popen | None = None,
             step: float = 0.05) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return
        if proc is not None and proc.poll() is not None:
            raise AssertionError(f"{what}: process ended early with code {proc.returncode}")
        time.sleep(step)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def kill(proc: subprocess.Popen) -> None:
    """SIGKILL a process we started (if still running) and reap it."""
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:  # pragma: no cover
        pass


def die_once(run, index):
    """A chunk task whose first attempt kills its worker process (``run`` is a marker path)."""
    from osteon.cohort.chunks import ChunkResult

    marker = Path(run) / f"attempted-{index}"
    if not marker.exists():
        marker.touch()
        os._exit(1)
    return ChunkResult(index, index, index + 1)


def fail_always(run, index):
    raise RuntimeError(f"chunk {index} cannot be simulated")
