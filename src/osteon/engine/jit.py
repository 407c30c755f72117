"""Make the physiology functions callable from numba-compiled code, unchanged.

The bone model's state-dependent right-hand side (:func:`osteon.model.site_rhs`) calls
physiology functions written for numpy (``cell_derivatives``, ``matrix_derivatives``,
``mechanical_error``, ``mechanostat_response`` ...). numba compiles them as they are, with
two exceptions handled here without touching their source:

- keyword-only parameters (numba cannot bind them): each function gets a numba overload
  whose implementation is a copy of the *same bytecode* with those parameters made
  positional, so calls by keyword still work;
- ``softplus`` calls ``np.asarray(x, dtype=float)``, which numba does not type for a
  scalar: its overload is the same formula on scalars, and
  ``tests/engine/test_engine_kernels.py`` checks it against the numpy function.

So the engine and :meth:`osteon.model.BoneModel.evaluate` run one set of equations.
"""

from __future__ import annotations

import types

import numpy as np
from numba.extending import overload

_REGISTERED: set = set()


def _positional_clone(fn):
    """``fn`` with its keyword-only parameters turned into trailing positional ones."""
    code = fn.__code__
    k = code.co_kwonlyargcount
    new = code.replace(co_argcount=code.co_argcount + k, co_kwonlyargcount=0)
    clone = types.FunctionType(new, fn.__globals__, fn.__name__, None, fn.__closure__)
    names = new.co_varnames[: new.co_argcount]
    kwdefaults = fn.__kwdefaults__ or {}
    defaults = list(fn.__defaults__ or ())
    # Defaults of keyword-only parameters become positional defaults only when every
    # parameter after them has one too (otherwise callers must pass them, as numba does).
    tail = []
    for name in reversed(names[code.co_argcount:]):
        if name not in kwdefaults:
            break
        tail.insert(0, kwdefaults[name])
    if len(tail) == k:
        defaults += tail
    elif tail and not defaults:
        defaults = tail
    clone.__defaults__ = tuple(defaults) or None
    clone.__qualname__ = fn.__qualname__
    return clone


def jitable(fn, impl=None):
    """Register ``fn`` (a plain Python function) as callable from numba code.

    ``impl`` replaces the implementation numba compiles (default: ``fn``'s own bytecode
    with keyword-only parameters made positional).
    """
    if fn in _REGISTERED:
        return fn
    body = impl if impl is not None else _positional_clone(fn)

    @overload(fn, strict=False, jit_options={"cache": True})
    def _ov(*args, **kws):
        return body

    _REGISTERED.add(fn)
    return fn


def _softplus_scalar(x, width):
    return width * np.logaddexp(0.0, x / width)


def register_physiology() -> None:
    """Register the physiology functions that :func:`osteon.model.site_rhs` calls."""
    from osteon.physiology.calcium import skeleton
    from osteon.physiology.mechanics import mechanostat
    from osteon.physiology.mineral import matrix
    from osteon.physiology.remodeling import cells, envelopes

    for fn in (cells.cell_derivatives, cells.rank_occupancy, cells.tgf_beta_coupling,
               cells.cavity_availability, matrix.matrix_derivatives, matrix.mineral_content,
               matrix.removal_availability,
               mechanostat.mechanical_error, mechanostat.mechanostat_response,
               skeleton.skeletal_mineral_fluxes, envelopes.drug_modeling_share,
               envelopes.envelope_formation):
        jitable(fn)
    jitable(mechanostat.softplus, _softplus_scalar)
