"""One subject's right-hand side as expression trees, for the SBML export.

:func:`trace_rhs` runs the functions Osteon itself integrates (:func:`osteon.model.site_rhs`,
:func:`~osteon.model.skeletal_calcium_fluxes`, the calcium subsystem's
``systemic_derivatives``) on symbols (:mod:`osteon.export.symbolic`), so that the rates
written by :mod:`osteon.export.sbml` are the code's, not a transcription.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

import numpy as np

from osteon.export.symbolic import Expr, traceable
from osteon.model import (
    D_CA_REF,
    D_PTH_REF,
    D_SKELETAL_CALCIUM,
    N_STATES,
    SITE_CONSTANTS,
    SITE_DRIVES,
    STATE_NAMES,
    SYSTEMIC_ROW,
    TOTAL_BODY,
    BoneModel,
    CoreParams,
    calcium_mineral_factor,
    pth_rankl_factor,
    site_rhs,
    skeletal_calcium_fluxes,
)
from osteon.outputs.reference import SITES
from osteon.physiology.calcium import skeleton as CA
from osteon.physiology.calcium import system as CS

SYSTEMIC_NAMES = tuple(CA.SYSTEMIC_STATES)
"""SBML ids of the systemic (calcium subsystem) states."""
SITE_OUTPUTS = ("rankl", "opg", "formation", "resorption", "density", "mechanical_error")
"""Named outputs of each site's right-hand side, after its rates."""


@dataclass
class TracedRHS:
    """The right-hand side of one subject as expression trees.

    ``rates`` maps state id -> expression; ``outputs`` maps output id -> expression;
    ``drives`` lists the (id, drive index, row) of every time-only input symbol read;
    ``site_constants``, ``core``, ``calcium`` and ``systemic_constants`` the constant
    symbols by kind.
    """

    state_ids: list[str]
    rates: dict[str, Expr | float]
    outputs: dict[str, Expr | float]
    drives: list[tuple[str, int, int]]
    site_constants: list[tuple[str, int, int]]
    core: list[str]
    calcium: list[str]
    systemic_constants: list[tuple[str, int]]


def state_ids() -> list[str]:
    """SBML ids of one subject's states, in Osteon's state order."""
    ids = [f"{site}_{name}" for site in SITES for name in STATE_NAMES]
    return ids + list(SYSTEMIC_NAMES)


def trace_rhs(model: BoneModel) -> TracedRHS:
    """Run Osteon's right-hand-side functions on symbols (the wiring of
    :meth:`osteon.model.BoneModel._derivatives` for one subject)."""
    ids = state_ids()
    y = [Expr.symbol(i) for i in ids]
    drives: list[tuple[str, int, int]] = []
    consts: list[tuple[str, int, int]] = []
    d_sites, c_sites = [], []
    for s, site in enumerate(SITES):
        ds = []
        for k, name in enumerate(SITE_DRIVES):
            sym = f"{site}_{name}"
            drives.append((sym, k, s))
            ds.append(Expr.symbol(sym))
        d_sites.append(ds)
        cs = []
        for k, name in enumerate(SITE_CONSTANTS):
            sym = f"{site}_{name}"
            consts.append((sym, k, s))
            cs.append(Expr.symbol(sym))
        c_sites.append(cs)
    core = CoreParams(**{f: Expr.symbol(f) for f in CoreParams._fields})
    k_names: tuple[str, ...] = model.calcium_constants.dtype.names or ()
    kc = SimpleNamespace(**{name: Expr.symbol(name) for name in k_names})
    u = []
    for j, name in enumerate(CS.INPUT_NAMES):
        sym = f"input_{name}"
        drives.append((sym, j, SYSTEMIC_ROW))
        u.append(Expr.symbol(sym))
    sys_consts = [("pth_reference", D_PTH_REF), ("skeletal_calcium", D_SKELETAL_CALCIUM),
                  ("calcium_reference", D_CA_REF)]
    pth_ref, skel_ca, ca_ref = (Expr.symbol(n) for n, _ in sys_consts)
    ys = y[len(SITES) * N_STATES:]
    ecf = kc.ecf_volume
    pth = pth_rankl_factor(ys[CA.SYS_PTH], pth_ref, ecf, core.rankl_pth_exponent)
    cam = calcium_mineral_factor(ys[CA.SYS_ECF_CALCIUM], ca_ref, ecf,
                                 core.mineralization_calcium_exponent)
    rates: dict[str, Expr | float] = {}
    outputs: dict[str, Expr | float] = {}
    from osteon.physiology.mechanics import mechanostat

    softplus = mechanostat.softplus
    try:
        with traceable(mechanostat):
            mechanostat.softplus = _softplus
            for s, site in enumerate(SITES):
                ysite = y[s * N_STATES:(s + 1) * N_STATES]
                r = site_rhs(ysite, d_sites[s], c_sites[s], core, pth, cam)
                for j in range(N_STATES):
                    rates[ids[s * N_STATES + j]] = r[j]
                for j, name in enumerate(SITE_OUTPUTS):
                    outputs[f"{site}_{name}"] = r[N_STATES + j]
            tb = TOTAL_BODY
            release, uptake = skeletal_calcium_fluxes(
                y[tb * N_STATES:(tb + 1) * N_STATES], d_sites[tb], c_sites[tb], core, skel_ca, cam)
    finally:
        # the engine's kernels compile the module's own softplus
        mechanostat.softplus = softplus
    outputs["skeletal_calcium_release"] = release
    outputs["skeletal_calcium_uptake"] = uptake
    from osteon.physiology.calcium import _numeric as numeric
    from osteon.physiology.calcium import (
        bone,
        gut,
        kidney,
        parathyroid,
        phosphate,
        signalling,
        teriparatide,
        vitamin_d,
    )

    full_y = np.full(CS.N_STATES, 0.0, dtype=object)
    full_dy = np.full(CS.N_STATES, 0.0, dtype=object)
    out = np.full(CA.N_SYSTEMIC, 0.0, dtype=object)
    with traceable(CA, CS, bone, gut, kidney, parathyroid, phosphate, signalling, teriparatide,
                   vitamin_d, numeric):
        CA.systemic_derivatives(ys, kc, u, release, uptake, full_y, full_dy, out)
    for j, name in enumerate(SYSTEMIC_NAMES):
        rates[name] = out[j]
    outputs["pth_rankl_factor"] = pth
    outputs["calcium_mineral_factor"] = cam
    outputs["plasma_pth"] = ys[CA.SYS_PTH] / ecf
    outputs["plasma_calcium"] = ys[CA.SYS_ECF_CALCIUM] / ecf
    outputs["plasma_calcitriol"] = ys[CA.SYS_CALCITRIOL] / ecf
    return TracedRHS(ids, rates, outputs, drives, consts, list(CoreParams._fields),
                     list(k_names), sys_consts)


def _softplus(x, width):
    # osteon.physiology.mechanics.softplus is width * logaddexp(0, x / width); its
    # np.asarray(float) cast is the only step that cannot take a symbol.
    return width * np.logaddexp(0.0, x / width)
