"""Checks of output paths given on the command line, before any work starts (issue 15).

A read-only folder or an existing file given as ``--out`` used to surface as a
``PermissionError`` or ``FileExistsError`` traceback after the simulation had run.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from osteon.errors import OsteonInputError


def _nearest_existing(p: Path) -> Path:
    p = p.absolute()
    while not p.exists() and p != p.parent:
        p = p.parent
    return p


def check_output_folder(path, field: str = "--out", example: str = "--out osteon-output",
                        must_not_exist: bool = False) -> Path:
    """``path`` as a folder that exists and is writable, or that can be created.

    Parameters
    ----------
    path
        The folder (it need not exist yet).
    field, example
        For the error message.
    must_not_exist
        Refuse an existing path (a new store).

    Raises
    ------
    OsteonInputError
        If ``path`` is an existing file, or its nearest existing folder is not writable.

    Examples
    --------
    >>> check_output_folder("/proc/version")
    Traceback (most recent call last):
    ...
    osteon.errors.OsteonInputError: --out: /proc/version is an existing file, not a folder. Valid example: --out osteon-output
    """
    if not isinstance(path, (str, os.PathLike)) or not str(path).strip():
        raise OsteonInputError(field, f"expected a folder path, got {path!r}", example)
    p = Path(path)
    if p.exists() and not p.is_dir():
        raise OsteonInputError(field, f"{p} is an existing file, not a folder", example)
    if must_not_exist and p.exists():
        raise OsteonInputError(field, f"{p} already exists", example)
    base = _nearest_existing(p)
    if not base.is_dir():
        raise OsteonInputError(field, f"{base} is a file, so {p} cannot be created", example)
    # try it: os.access says yes to root on read-only mounts and special file systems
    try:
        with tempfile.TemporaryFile(dir=base):
            pass
    except OSError as err:
        what = "folder" if base == p.absolute() else f"folder {base} (where it would be made)"
        raise OsteonInputError(field, f"cannot write to {p}: the {what} is not writable "
                               f"({err.strerror})", example) from None
    return p
