"""Keep numba's on-disk kernel cache in step with the equations it compiled.

numba caches a compiled function keyed on the time stamp of the file that defines it
only. The batch engine's kernels (``rodas.py``, ``kernels.py``) inline the equations of
``osteon.model`` (the site kernel in ``osteon.site_kernel``) and of the physiology modules,
so an edit there left the cached kernels running the old equations until ``rodas.py``
itself changed (found while adding the domain guard of issue 15: the edited model ran only
on the numpy path).

:func:`ensure_fresh_cache` hashes the sources the kernels compile and, when the hash
differs from the one recorded beside the cache, deletes the cached kernels of the package
so that numba compiles them again.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parents[1]
_STAMP = Path(__file__).resolve().parent / "__pycache__" / "equations.sha256"


def equation_files() -> list[Path]:
    """The sources compiled into the kernels (model, site kernel, physiology, engine) and
    those the generated Jacobian is traced with (:mod:`osteon.engine.jacgen`)."""
    return [_PACKAGE / "model.py", _PACKAGE / "site_kernel.py",
            *sorted((_PACKAGE / "physiology").rglob("*.py")),
            *sorted((_PACKAGE / "engine").glob("*.py")),
            # the generated Jacobian (engine/jacgen.py) is traced through these
            _PACKAGE / "export" / "trace.py", _PACKAGE / "export" / "symbolic.py",
            _PACKAGE / "parameters" / "peterson_riggs.py"]


def equations_hash() -> str:
    """SHA-256 over :func:`equation_files`."""
    files = equation_files()
    h = hashlib.sha256()
    for f in files:
        try:
            h.update(f.relative_to(_PACKAGE).as_posix().encode())
            h.update(f.read_bytes())
        except OSError:  # pragma: no cover - a file removed while we read
            continue
    return h.hexdigest()


def ensure_fresh_cache() -> bool:
    """Delete the package's cached numba kernels if the equations changed; True if done.

    Does nothing where the package folder is read-only (numba cannot cache there either).
    """
    digest = equations_hash()
    try:
        if _STAMP.read_text().strip() == digest:
            return False
    except OSError:
        pass
    try:
        for pattern in ("*.nbi", "*.nbc"):
            for f in _PACKAGE.rglob(f"__pycache__/{pattern}"):
                f.unlink(missing_ok=True)
        _STAMP.parent.mkdir(exist_ok=True)
        tmp = _STAMP.with_suffix(".tmp")
        tmp.write_text(digest)
        tmp.replace(_STAMP)
    except OSError:  # pragma: no cover - read-only install
        return False
    return True
