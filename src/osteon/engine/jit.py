"""Make the physiology functions callable from numba-compiled code, unchanged.

The bone model's state-dependent right-hand side (:func:`osteon.model.site_rhs`) calls
physiology functions written for numpy (``cell_derivatives``, ``matrix_derivatives``,
``mechanical_error``, ``mechanostat_response`` ...). numba compiles them as they are,
registered with :func:`numba.extending.register_jitable` (an ``overload`` whose
implementation is the function itself):

- their parameters are ordinary (positional-or-keyword) ones, never keyword-only, which
  numba cannot bind; callers pass the parameters by keyword in numpy and in numba alike,
  and numba fills in the defaults;
- ``softplus`` calls ``np.asarray(x, dtype=float)``, which numba does not type for a
  scalar: its overload is the same formula on scalars, and
  ``tests/engine/test_engine_kernels.py`` checks it against the numpy function.

So the engine and :meth:`osteon.model.BoneModel.evaluate` run one set of equations.
"""

from __future__ import annotations

import numpy as np
from numba.extending import overload, register_jitable

_registered = False


def _softplus_scalar(x, width):
    return width * np.logaddexp(0.0, x / width)


def physiology_functions() -> tuple:
    """The physiology functions that :func:`osteon.model.site_rhs` calls, compiled as written
    (``softplus`` aside)."""
    from osteon.physiology.calcium import skeleton
    from osteon.physiology.mechanics import mechanostat
    from osteon.physiology.mineral import matrix
    from osteon.physiology.remodeling import cells, envelopes

    return (cells.cell_derivatives, cells.rank_occupancy, cells.tgf_beta_coupling,
            cells.cavity_availability, matrix.matrix_derivatives, matrix.mineral_content,
            matrix.removal_availability,
            mechanostat.mechanical_error, mechanostat.mechanostat_response,
            skeleton.skeletal_mineral_fluxes, envelopes.drug_modeling_share,
            envelopes.envelope_formation, envelopes.envelope_refill)


def register_physiology() -> None:
    """Register the physiology functions that :func:`osteon.model.site_rhs` calls."""
    global _registered
    if _registered:
        return
    from osteon.physiology.mechanics import mechanostat

    for fn in physiology_functions():
        register_jitable(cache=True)(fn)

    # (numba's stub leaves "cache" out of the jit options; overload passes it on to jit)
    @overload(mechanostat.softplus, strict=False,
              jit_options={"cache": True})  # type: ignore[typeddict-unknown-key]
    def _softplus(x, width):
        return _softplus_scalar

    _registered = True
