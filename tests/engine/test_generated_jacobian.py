"""The generated Jacobian (osteon.engine.jacgen) is the derivative of the right-hand side
the engine integrates: it matches central differences of the compiled ``subject_rhs`` at
random states, drives and times, and every differentiation rule matches on its own."""

import math
from types import SimpleNamespace

import numpy as np
import pytest

from osteon import Simulation, Subject
from osteon.engine import jacgen, kernels
from osteon.engine.driver import RHS_PER_ATTEMPT_GENERATED, use_jacobian
from osteon.export.symbolic import Expr
from osteon.model import BLOCK_SIZE, BoneModel, Cohort
from osteon.parameters import default_parameters
from osteon.trials.interventions import protocol_from_specs

pytestmark = pytest.mark.skipif(not kernels.HAVE_GENERATED_JACOBIAN,
                                reason="generated Jacobian unavailable (warned at import)")


def _central(f, y, rel, scale_floor=1e-3):
    """Finite-difference Jacobian of ``f`` at ``y``, column by column: central differences
    at steps ``h`` and ``h/2`` (``h = rel * |y_j|``), Richardson-extrapolated (error of
    order h^4)."""
    b = y.size
    J = np.empty((b, b))
    for j in range(b):
        cols = []
        for h in (rel * max(abs(y[j]), scale_floor), 0.5 * rel * max(abs(y[j]), scale_floor)):
            yp, ym = y.copy(), y.copy()
            yp[j] += h
            ym[j] -= h
            cols.append((f(yp) - f(ym)) / (yp[j] - ym[j]))
        J[:, j] = (4.0 * cols[1] - cols[0]) / 3.0
    return J


STEPS = (1e-2, 1e-3, 1e-4)
"""Relative steps of the reference differences: a large step loses to kinks (max, min,
piecewise) and curvature, a small one to round-off in entries far below their row's
largest, so each entry is compared with the best of the three."""


def _assert_close(J, f, y, rtol=1e-5, floor=1e-4):
    """Every entry within ``rtol`` of the finite differences at one of :data:`STEPS`; an
    entry below ``floor`` times its row's largest is compared on that scale (round-off
    leaves the differences no better there: they disagree among themselves)."""
    refs = [_central(f, y, rel) for rel in STEPS]
    row = np.max(np.abs(refs[1]), axis=1, keepdims=True)
    err = np.min([np.abs(J - r) / (np.maximum(np.abs(r), floor * row) + 1e-300)
                  for r in refs], axis=0)
    bad = err > rtol
    assert not bad.any(), [(int(i), int(j), J[i, j], [r[i, j] for r in refs])
                           for i, j in zip(*np.nonzero(bad), strict=True)][:5]


@pytest.fixture(scope="module")
def model():
    rng = np.random.default_rng(14)
    subjects = [Subject(sex=s, age=float(a)) for s, a in
                zip(rng.choice(["female", "male"], 8), rng.uniform(35, 85, 8), strict=True)]
    protocol = protocol_from_specs([
        {"intervention": "denosumab", "dose": "60 mg", "every": "6 months"},
        {"intervention": "walking", "minutes_per_week": 150},
    ])
    return BoneModel(default_parameters(), Cohort.from_subjects(subjects), protocol)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_generated_jacobian_matches_central_differences(model, seed):
    rng = np.random.default_rng(seed)
    t = float(rng.uniform(0.0, 3000.0))
    y = model.initial_state() * rng.uniform(0.7, 1.3, (model.n, BLOCK_SIZE))
    D = np.ascontiguousarray(np.moveaxis(model.site_drives(t), 0, -1))
    D[:, :, :-1] *= rng.uniform(0.8, 1.2, D[:, :, :-1].shape)  # random drives (not "active")
    C = np.ascontiguousarray(model.site_constants.T)
    P = model.engine_params
    f0 = np.empty(BLOCK_SIZE)
    for i in range(model.n):
        def f(v, i=i):
            out = np.empty(BLOCK_SIZE)
            kernels.subject_rhs(v, D[i], C, P, out)
            return out

        J = np.zeros((BLOCK_SIZE, BLOCK_SIZE))
        kernels.subject_jac_generated(y[i].copy(), D[i], C, P, f0, J)
        assert np.count_nonzero(J) > 200  # not vacuous: every block is there
        _assert_close(J, f, y[i].copy())
        # and the forward-difference fallback agrees at its own accuracy: its step on a small
        # state (a mineral deficit of 0.002: step 2e-10) leaves round-off near 1% there
        kernels.subject_rhs(y[i].copy(), D[i], C, P, f0)
        J_fd = np.zeros((BLOCK_SIZE, BLOCK_SIZE))
        kernels.subject_jac(y[i].copy(), D[i], C, P, f0, J_fd)
        _assert_close(J_fd, f, y[i].copy(), rtol=3e-2, floor=1e-3)


def test_before_the_30th_birthday_the_generated_jacobian_is_zero(model):
    from osteon.model import D_ACTIVE, SYSTEMIC_ROW

    D = np.ascontiguousarray(np.moveaxis(model.site_drives(100.0), 0, -1))[0].copy()
    D[:, D_ACTIVE] = 0.0
    D[SYSTEMIC_ROW, D_ACTIVE] = 0.0
    J = np.ones((BLOCK_SIZE, BLOCK_SIZE))
    kernels.subject_jac_generated(model.initial_state()[0], D,
                                  np.ascontiguousarray(model.site_constants.T),
                                  model.engine_params, np.empty(BLOCK_SIZE), J)
    assert not J.any()


def _rules_case():
    """Every operation the tracer records, on two states and a constant."""
    x, z, k = Expr.symbol("x"), Expr.symbol("z"), Expr.symbol("k")
    rates = {
        "x": (x * z - x / (1.0 + z * z)) ** 1.5 + -(x - k) + np.exp(-x) * np.tanh(z),
        "z": (np.maximum(x, z) - np.minimum(x, 2.0 * z) + np.logaddexp(x, k * z)
              + np.sqrt(x + z) * np.log(z) + abs(x - 2.0 * z) + x ** z),
    }
    from osteon.export.symbolic import _join

    rates["z"] = rates["z"] + _join(x < z, x * x, z * 3.0)
    return SimpleNamespace(state_ids=["x", "z"], rates=rates, drives=[("k", 0, 0)],
                           site_constants=[], core=[], calcium=[], systemic_constants=[])


def _eval_rates(tr, y, k):
    env = {"x": y[0], "z": y[1], "k": k}
    return np.array([tr.rates[s].evaluate(env) for s in tr.state_ids])


@pytest.mark.parametrize("point", [(1.3, 0.7), (0.6, 1.9), (2.2, 1.05)])
def test_each_differentiation_rule(point):
    tr = _rules_case()
    # plain Python (the decorator dropped): no compilation needed here
    src = "\n".join(line for line in jacgen.generated_source(tr).splitlines()
                    if not line.startswith("@njit"))
    ns: dict = {}
    exec(compile(src, "<generated>", "exec"), ns)  # noqa: S102 - our own generated code
    fn = ns["generated_jacobian"]
    y = np.array(point)
    D = np.array([[0.9]])
    J = np.zeros((2, 2))
    fn(y, D, None, (None, None), J)
    _assert_close(J, lambda v: _eval_rates(tr, v, 0.9), y, rtol=1e-6)
    assert np.all(J != 0.0)
    assert math.isfinite(float(J.sum()))


def test_the_source_follows_the_equations(monkeypatch):
    """Keyed on the equations: a changed model.py (or tracer) means new generated code."""
    key = jacgen.source_key()
    monkeypatch.setattr("osteon.engine.cache_guard.equations_hash", lambda: "changed")
    assert jacgen.source_key() != key


def test_generation_failure_falls_back_with_a_warning(monkeypatch, tmp_path):
    monkeypatch.setenv("OSTEON_GENERATED_DIR", str(tmp_path))

    def broken(tr=None):
        raise NotImplementedError("no derivative rule for the operation 'erf'")

    monkeypatch.setattr(jacgen, "generated_source", broken)
    with pytest.warns(RuntimeWarning, match="finite differences"):
        assert jacgen.load_generated(key="test0000") is None
    assert not list(tmp_path.glob("jacobian_*.py"))


def test_engine_results_with_either_jacobian_agree():
    woman = Subject(sex="female", age=55.0)
    protocol = protocol_from_specs([{"intervention": "denosumab", "dose": "60 mg",
                                     "every": "6 months"}])
    runs = {}
    for mode in ("fd", "generated"):
        with use_jacobian(mode):
            runs[mode] = Simulation(woman, protocol, years=3).run()
    a, b = runs["fd"].bmd.values, runs["generated"].bmd.values
    assert np.isfinite(b).all()
    assert np.max(np.abs(a - b) / np.abs(a)) < 1e-6
    n_fd, n_gen = (int(runs[m].attrs["rhs_evaluations"]) for m in ("fd", "generated"))
    assert n_gen < n_fd
    assert n_gen % RHS_PER_ATTEMPT_GENERATED == 0
