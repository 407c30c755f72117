"""Guarding a cohort store: one writer at a time, and every chunk checked before use.

Issue 15 found that two concurrent ``osteon trial --resume`` runs on one store corrupted
it for good, and that a store with a deleted or truncated chunk file resumed with exit 0
and summarised 375 subjects instead of 400 (Zarr reads a missing chunk as its fill
value), or failed with a raw Zarr traceback.

- :class:`StoreLock`: an exclusive ``flock`` on ``<store>.lock`` next to the store, held
  for the whole run. The kernel drops it when the process ends, however it ends, so a
  killed run never leaves a stale lock.
- :func:`chunk_digest`: a CRC-32 over the files that hold one chunk's subjects in every
  arm (path, size and contents; an absent file, which Zarr omits when a chunk equals the
  fill value, counts as absent). The store records it before the chunk's done marker.
- :func:`verify_store`: recomputes the digest of every chunk marked done and checks that
  every arm group is present. A resumed run computes damaged chunks again; a summary of
  a damaged store is refused with the list of damaged chunks.
"""

from __future__ import annotations

import fcntl
import itertools
import json
import math
import os
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from osteon.errors import OsteonInputError


class StoreLock:
    """Exclusive lock of a store for one writing process (``with StoreLock(path): ...``).

    Raises
    ------
    OsteonInputError
        If another process holds the lock.
    """

    def __init__(self, store: str | Path) -> None:
        store = Path(store)
        self.path = store.with_name(store.name + ".lock")
        self._fd: int | None = None

    def acquire(self) -> StoreLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                try:
                    holder = os.read(fd, 64).decode(errors="replace").strip() or "unknown"
                finally:
                    os.close(fd)
                raise OsteonInputError(
                    "--out", f"another osteon process (pid {holder}) is writing to "
                    f"{self.path.with_suffix('')}; wait for it to finish (lock file "
                    f"{self.path})", "--out a-new-result.zarr") from None
            # the file may have been removed by the previous holder between our open and
            # our lock: then lock the new file instead
            try:
                same = os.fstat(fd).st_ino == os.stat(self.path).st_ino
            except FileNotFoundError:
                same = False
            if same:
                break
            os.close(fd)
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            os.unlink(self.path)
        except FileNotFoundError:  # pragma: no cover
            pass
        fcntl.flock(self._fd, fcntl.LOCK_UN)
        os.close(self._fd)
        self._fd = None

    def __enter__(self) -> StoreLock:
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()


def _arrays(group_dir: Path):
    """(relative path, metadata) of every array of a group with a ``subject`` dimension."""
    for meta_file in sorted(group_dir.glob("*/zarr.json")):
        try:
            meta = json.loads(meta_file.read_text())
        except (OSError, ValueError):
            yield meta_file.parent, None
            continue
        if meta.get("node_type") == "array" and "subject" in (meta.get("dimension_names")
                                                              or ()):
            yield meta_file.parent, meta


def _chunk_keys(meta: dict, k: int) -> list[str]:
    dims = meta["dimension_names"]
    shape = meta["shape"]
    chunks = meta["chunk_grid"]["configuration"]["chunk_shape"]
    enc = meta.get("chunk_key_encoding", {})
    sep = enc.get("configuration", {}).get("separator", "/")
    axis = dims.index("subject")
    ranges = [[k] if i == axis else range(max(1, math.ceil(s / c)))
              for i, (s, c) in enumerate(zip(shape, chunks, strict=True))]
    if enc.get("name", "default") == "v2":
        return [sep.join(map(str, idx)) for idx in itertools.product(*ranges)]
    return [sep.join(["c", *map(str, idx)]) for idx in itertools.product(*ranges)]


def chunk_digest(store: str | Path, groups: list[str], k: int) -> int:
    """CRC-32 of the files holding chunk ``k`` in every arm group (1..2**32; never 0)."""
    store = Path(store)
    crc = 0
    for g in sorted(groups):
        for array_dir, meta in _arrays(store / g):
            if meta is None:
                crc = zlib.crc32(f"{array_dir.name}:unreadable".encode(), crc)
                continue
            for key in _chunk_keys(meta, k):
                f = array_dir / key
                rel = f"{g}/{array_dir.name}/{key}"
                try:
                    data = f.read_bytes()
                except FileNotFoundError:
                    crc = zlib.crc32(f"{rel}:absent;".encode(), crc)
                    continue
                crc = zlib.crc32(f"{rel}:{len(data)};".encode(), crc)
                crc = zlib.crc32(data, crc)
    return crc + 1


@dataclass
class StoreCheck:
    """What :func:`verify_store` found."""

    damaged_chunks: list[int] = field(default_factory=list)
    missing_groups: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.damaged_chunks or self.missing_groups or self.problems)

    def describe(self) -> str:
        parts = list(self.problems)
        if self.missing_groups:
            parts.append(f"arm groups missing: {', '.join(self.missing_groups)}")
        if self.damaged_chunks:
            shown = ", ".join(map(str, self.damaged_chunks[:10]))
            more = f" and {len(self.damaged_chunks) - 10} more" if len(
                self.damaged_chunks) > 10 else ""
            parts.append(f"chunks with missing, truncated or changed files: {shown}{more}")
        return "; ".join(parts) or "ok"


def verify_store(path: str | Path) -> StoreCheck:
    """Check that every chunk marked done is present and unchanged in every arm.

    Stores written before chunk digests existed are checked for their arm groups only.
    """
    import numpy as np
    import zarr

    from osteon.cohort.store import read_identity, zarr_array

    path = Path(path)
    out = StoreCheck()
    attrs = read_identity(path)
    if attrs is None:
        out.problems.append(f"{path} is not a readable Osteon cohort store")
        return out
    try:
        groups = list(json.loads(attrs["arm_groups"]).values())
    except (KeyError, ValueError, AttributeError):
        out.problems.append("the store's arm_groups attribute is unreadable")
        return out
    if attrs.get("state") not in ("ready", "complete"):
        return out
    out.missing_groups = [g for g in groups if not (path / g / "zarr.json").is_file()]
    try:
        root = zarr.open_group(str(path), mode="r")
        done = np.flatnonzero(np.asarray(zarr_array(root, "chunk_done")[:]) == 1)
        digests = (np.asarray(zarr_array(root, "chunk_digest")[:]) if "chunk_digest" in root
                   else None)
    except Exception as err:  # noqa: BLE001 - any Zarr failure is damage to report
        out.problems.append(f"chunk markers unreadable ({type(err).__name__}: {err})")
        return out
    if digests is None or out.missing_groups:
        return out
    for k in done:
        stored = int(digests[k])
        if stored and chunk_digest(path, groups, int(k)) != stored:
            out.damaged_chunks.append(int(k))
    return out


def require_intact(path: str | Path) -> None:
    """Raise :class:`~osteon.errors.OsteonInputError` if :func:`verify_store` finds damage."""
    check = verify_store(path)
    if not check.ok:
        raise OsteonInputError("store", f"{path} is damaged ({check.describe()}); run the same "
                               "osteon trial command again with --resume to recompute it",
                               "osteon trial FILE --subjects N --out STORE --resume")
