"""Filling the drive table's per-subject rows (issue 14: the engine fills it every round).

:meth:`osteon.model.BoneModel.site_drives` writes the same value of a drive into every
site of a subject; these helpers do it with few numpy calls, which is what a round of a
small cohort costs. They move values only (no arithmetic), so the table is the same, bit
for bit, as one written drive by drive.
"""

from __future__ import annotations

import numpy as np

from osteon.outputs.reference import SITES
from osteon.protocol import Signals
from osteon.site_kernel import SiteDrive

N_SITES = len(SITES)

EXTENSION_DRIVES = ("rank_blockade", "rankl_expression", "ob_recruitment", "ob_apoptosis",
                    "matrix_synthesis", "mineralization", "oc_apoptosis", "modeling",
                    "ocy_viability", "focal_loss")
"""The protocol's pathway drives (attributes of :class:`~osteon.protocol.Signals`)."""

PER_SUBJECT = np.array([
    SiteDrive.sex_steroid, SiteDrive.sex_sensitivity, SiteDrive.rankl_expression,
    SiteDrive.opg_expression, SiteDrive.oc_apoptosis, SiteDrive.ob_recruitment,
    SiteDrive.modeling, SiteDrive.matrix_synthesis, SiteDrive.ocy_viability,
    SiteDrive.rank_blockade, SiteDrive.ob_apoptosis, SiteDrive.focal_loss,
    SiteDrive.drug_focal_loss, SiteDrive.mineralization, SiteDrive.modeling_threshold])
"""The drives that are the same at every site, in the order ``site_drives`` passes them."""

_ROWS = (slice(int(PER_SUBJECT[0]), int(PER_SUBJECT[-1]) + 1)
         if np.array_equal(np.diff(PER_SUBJECT), np.ones(PER_SUBJECT.size - 1)) else PER_SUBJECT)
"""The same drives as a slice where they are consecutive (a view: no fancy indexing)."""


def per_subject_drives(sig: Signals, n: int) -> tuple[dict[str, np.ndarray], frozenset[str]]:
    """The protocol's pathway drives as arrays of shape ``(n,)`` (rows of one array), and the
    names of those that are the number 1.0 for everyone (a factor the caller may skip:
    ``x * 1.0`` is ``x`` bit for bit)."""
    out = np.empty((len(EXTENSION_DRIVES), n))  # (one fill each: np.broadcast_to is slow)
    values = [getattr(sig, k) for k in EXTENSION_DRIVES]
    if all(type(v) is float for v in values):  # (no intervention: one fill for all)
        out[...] = np.array(values)[:, None]
        unit = frozenset(k for k, v in zip(EXTENSION_DRIVES, values, strict=True) if v == 1.0)
    else:
        for row, v in zip(out, values, strict=True):
            row[...] = v
        unit = frozenset()
    return dict(zip(EXTENSION_DRIVES, out, strict=True)), unit


def fill_per_subject(d: np.ndarray, values, n: int) -> None:
    """``d[k, :, :N_SITES] = values[j]`` for each drive ``k = PER_SUBJECT[j]`` (``d`` is
    ``(N_DRIVES, n, rows)``, each value ``(n,)``): one stacked assignment where the values
    stack, else one at a time (a value of a shape that broadcasts, such as ``(1,)``)."""
    try:
        rows = np.stack(values).astype(float, copy=False)
    except ValueError:
        rows = None
    if rows is not None and rows.shape == (len(values), n):
        d[_ROWS, :, :N_SITES] = rows[:, :, None]
        return
    for k, v in zip(PER_SUBJECT, values, strict=True):
        d[k, :, :N_SITES] = np.asarray(v, dtype=float)[:, None]
