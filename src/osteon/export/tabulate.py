"""Time-only inputs of one subject as piecewise cubics, for the SBML export.

Hormone curves by age, the protocol's pharmacokinetics and pathway drives, and the calcium
subsystem's inputs are functions of time alone that Osteon evaluates in numpy
(:meth:`osteon.model.BoneModel.site_drives`). :func:`tabulate_inputs` fits each with cubics
on a grid refined until they match Osteon's own drive function within ``rtol`` at test points
inside every piece; :mod:`osteon.export.sbml` writes them as assignment rules.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from osteon.model import (
    N_DRIVES,
    SYSTEMIC_ROW,
    BoneModel,
)


@dataclass
class Tabulated:
    """A time-only input as pieces: on ``[nodes[i], nodes[i+1])`` the cubic with
    coefficients ``coef[i]`` in ``x = (time - nodes[i]) / width_i`` (SBML time)."""

    nodes: np.ndarray
    coef: np.ndarray  # (pieces, 4)

    @property
    def constant(self) -> float | None:
        if np.all(self.coef[:, 1:] == 0.0) and np.all(self.coef[:, 0] == self.coef[0, 0]):
            return float(self.coef[0, 0])
        return None

    def __call__(self, t) -> np.ndarray:
        t = np.asarray(t, dtype=float)
        i = np.clip(np.searchsorted(self.nodes, t, side="right") - 1, 0, len(self.coef) - 1)
        w = self.nodes[i + 1] - self.nodes[i]
        x = (t - self.nodes[i]) / w
        c = self.coef[i]
        return c[..., 0] + x * (c[..., 1] + x * (c[..., 2] + x * c[..., 3]))


_X4 = np.array([0.0, 1.0 / 3.0, 2.0 / 3.0, 1.0])
_V_INV = np.linalg.inv(np.vander(_X4, 4, increasing=True))
_X_TEST = np.array([1.0 / 6.0, 0.5, 5.0 / 6.0])


def _drive_values(model: BoneModel, t: np.ndarray) -> np.ndarray:
    """Drives ``(len(t), N_DRIVES, rows)`` of the single subject of ``model`` at times ``t``
    (follow-up days), in chunks."""
    out = np.empty((t.size, N_DRIVES, SYSTEMIC_ROW + 1))
    step = 4096
    for a in range(0, t.size, step):
        tt = t[a:a + step]
        rows = BoneModel(model.params, model.cohort.repeat(tt.size), model.protocol)
        out[a:a + step] = np.moveaxis(rows.site_drives(tt), 1, 0)
    return out


def tabulate_inputs(model: BoneModel, t_start: float, t_end: float, breakpoints: Sequence[float],
                    series: Sequence[tuple[int, int]], *, rtol: float = 1e-8,
                    first_width: float = 61.0, min_width: float = 1e-3,
                    max_rounds: int = 30) -> list[Tabulated]:
    """Piecewise cubics of the drives ``series`` (pairs ``(drive, row)``) of a one-subject
    ``model`` over follow-up days ``[t_start, t_end]``.

    Each piece interpolates Osteon's drive at four points (its start as the right limit,
    its end as the left limit); a piece is halved until the cubic agrees with the drive
    within ``rtol`` (relative to ``max(|value|, 1)``) at three test points inside it.
    """
    inner = sorted({float(b) for b in breakpoints if t_start < b < t_end})
    edges = np.unique(np.concatenate([[t_start, t_end], inner]))
    pieces = []
    for a, b in zip(edges[:-1], edges[1:], strict=True):
        n = max(1, int(math.ceil((b - a) / first_width)))
        pieces.append(np.linspace(a, b, n + 1)[:-1])
    nodes = np.concatenate([*pieces, [t_end]])
    sel = np.array(series, dtype=int)
    cache: dict[float, np.ndarray] = {}

    def values(times: np.ndarray) -> np.ndarray:
        need = np.array([t for t in np.unique(times) if float(t) not in cache])
        if need.size:
            v = _drive_values(model, need)[:, sel[:, 0], sel[:, 1]]
            for t, row in zip(need, v, strict=True):
                cache[float(t)] = row
        return np.array([cache[float(t)] for t in times])

    done = np.zeros(nodes.size - 1, dtype=bool)
    coef_of: dict[tuple[float, float], np.ndarray] = {}
    for _ in range(max_rounds):
        a, b = nodes[:-1], nodes[1:]
        todo = np.flatnonzero(~done)
        if todo.size == 0:
            break
        aa, bb = a[todo], b[todo]
        w = bb - aa
        pts = aa[:, None] + w[:, None] * _X4[None, :]
        pts[:, -1] = np.nextafter(bb, -np.inf)  # the left limit at the piece's end
        f = values(pts.ravel()).reshape(todo.size, 4, -1)
        coef = np.einsum("ij,pjs->pis", _V_INV, f)  # (pieces, 4 coefficients, series)
        # a piece whose four samples agree is that constant, exactly
        flat = np.all(f == f[:, :1, :], axis=1)  # (pieces, series)
        coef[:, 0, :] = np.where(flat, f[:, 0, :], coef[:, 0, :])
        coef[:, 1:, :] = np.where(flat[:, None, :], 0.0, coef[:, 1:, :])
        tp = aa[:, None] + w[:, None] * _X_TEST[None, :]
        ft = values(tp.ravel()).reshape(todo.size, 3, -1)
        xv = np.vander(_X_TEST, 4, increasing=True)  # (3, 4)
        fit = np.einsum("ti,pis->pts", xv, coef)
        err = np.max(np.abs(fit - ft) / np.maximum(np.abs(ft), 1.0), axis=(1, 2))
        good = (err <= rtol) | (w <= min_width)
        for j, piece in enumerate(todo):
            if good[j]:
                coef_of[(float(a[piece]), float(b[piece]))] = coef[j]
        done[todo[good]] = True
        bad = todo[~good]
        if bad.size == 0:
            break
        mids = 0.5 * (a[bad] + b[bad])
        new_nodes = np.sort(np.concatenate([nodes, mids]))
        new_done = np.array([(float(x), float(y)) in coef_of
                             for x, y in zip(new_nodes[:-1], new_nodes[1:], strict=True)])
        nodes, done = new_nodes, new_done
    else:
        raise RuntimeError("time-only inputs could not be tabulated to the tolerance")
    coefs = np.array([coef_of[(float(x), float(y))]
                      for x, y in zip(nodes[:-1], nodes[1:], strict=True)])  # (p, 4, s)
    out = []
    for j in range(sel.shape[0]):
        out.append(_merge(nodes.copy(), coefs[:, :, j].copy()))
    return out


def _merge(nodes: np.ndarray, coef: np.ndarray) -> Tabulated:
    """Merge neighbouring constant pieces of equal value."""
    keep = [0]
    for i in range(1, len(coef)):
        prev = coef[keep[-1]]
        if (np.all(coef[i, 1:] == 0.0) and np.all(prev[1:] == 0.0)
                and coef[i, 0] == prev[0]):
            continue
        keep.append(i)
    new_nodes = np.append(nodes[keep], nodes[-1])
    return Tabulated(new_nodes, coef[keep])
