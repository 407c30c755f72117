"""The compiled kernels run the same equations as the numpy model."""

import numpy as np
import pytest

from osteon import Subject
from osteon.model import BLOCK_SIZE, BoneModel, Cohort
from osteon.parameters import default_parameters
from osteon.physiology.mechanics.mechanostat import softplus
from osteon.trials.interventions import protocol_from_specs

kernels = pytest.importorskip("osteon.engine.kernels")


@pytest.fixture(scope="module")
def model():
    rng = np.random.default_rng(3)
    subjects = [Subject(sex=s, age=float(a)) for s, a in
                zip(rng.choice(["female", "male"], 12), rng.uniform(30, 85, 12), strict=True)]
    protocol = protocol_from_specs([
        {"intervention": "denosumab", "dose": "60 mg", "every": "6 months"},
        {"intervention": "walking", "minutes_per_week": 150},
    ])
    return BoneModel(default_parameters(), Cohort.from_subjects(subjects), protocol)


def _inputs(model, t, seed=0):
    rng = np.random.default_rng(seed)
    y = model.initial_state() * rng.uniform(0.8, 1.2, (model.n, BLOCK_SIZE))
    D = np.ascontiguousarray(np.moveaxis(model.site_drives(t), 0, -1))
    C = np.ascontiguousarray(model.site_constants.T)
    return y, D, C, model.engine_params


@pytest.mark.parametrize("t", [-4000.0, 0.0, 300.0])
def test_compiled_rhs_equals_numpy_evaluate(model, t):
    y, D, C, P = _inputs(model, t)
    ref = model.evaluate(t, y).reshape(model.n, BLOCK_SIZE)
    out = np.empty(BLOCK_SIZE)
    for i in range(model.n):
        kernels.subject_rhs(y[i].ravel(), D[i], C, P, out)
        np.testing.assert_allclose(out, ref[i], rtol=1e-12, atol=1e-300)


def test_compiled_jacobian_equals_jacobian_blocks(model):
    t = 200.0
    y, D, C, P = _inputs(model, t, seed=1)
    ref = model.jacobian_blocks(t, y)
    assert ref.shape == (model.n, BLOCK_SIZE, BLOCK_SIZE)
    f0 = np.empty(BLOCK_SIZE)
    for i in range(model.n):
        kernels.subject_rhs(y[i].ravel(), D[i], C, P, f0)
        J = np.zeros((BLOCK_SIZE, BLOCK_SIZE))
        kernels.subject_jac(y[i].ravel(), D[i], C, P, f0, J)
        scale = np.max(np.abs(ref[i]))
        assert np.max(np.abs(J - ref[i])) < 1e-6 * scale


def test_jacobian_blocks_are_an_arrow_and_match_sparse(model):
    """Sites touch each other only through the systemic (calcium) states: the blocks
    between two different sites are zero, and only the whole skeleton's site feeds the
    systemic rows."""
    from osteon.model import SITE_BLOCK, TOTAL_BODY

    y = model.initial_state() * 1.05
    blocks = model.jacobian_blocks(100.0, y)
    n_diag, m, n_sys = model.jacobian_structure
    assert (n_diag * m + n_sys) == model.block_size == BLOCK_SIZE
    mask = np.kron(np.eye(n_diag), np.ones((m, m))).astype(bool)
    site_part = blocks[:, :SITE_BLOCK, :SITE_BLOCK]
    assert np.all(site_part[:, ~mask] == 0.0)
    others = [k for k in range(n_diag) if k != TOTAL_BODY]
    for k in others:
        assert np.all(blocks[:, SITE_BLOCK:, k * m:(k + 1) * m] == 0.0)
    assert np.any(blocks[:, SITE_BLOCK:, TOTAL_BODY * m:(TOTAL_BODY + 1) * m] != 0.0)
    assert np.any(blocks[:, :SITE_BLOCK, SITE_BLOCK] != 0.0)  # PTH acts on every site
    sparse = model.jacobian(100.0, y.ravel()).toarray()
    for i in range(model.n):
        sl = slice(i * BLOCK_SIZE, (i + 1) * BLOCK_SIZE)
        np.testing.assert_array_equal(sparse[sl, sl], blocks[i])


def test_softplus_overload_matches_numpy():
    from numba import njit

    @njit
    def f(x, w):
        return softplus(x, w)

    for x in (-3.0, -1e-3, 0.0, 2e-4, 5.0):
        assert f(x, 0.01) == pytest.approx(float(softplus(x, 0.01)), rel=1e-14, abs=1e-300)


def test_physiology_called_by_keyword_with_defaults_compiles_as_written():
    """engine/jit.py registers the physiology functions themselves: numba binds arguments
    passed by keyword (in any order) and fills in defaults, as Python does."""
    from numba import njit

    from osteon.physiology.mechanics.mechanostat import mechanical_error
    from osteon.physiology.mineral.matrix import matrix_derivatives

    @njit
    def f(v, dp, ds):
        default = matrix_derivatives(v, dp, ds, 1.1, 0.9, 0.01, secondary_time=3000.0,
                                     primary_time=20.0, primary_fraction=0.6)
        slower = matrix_derivatives(v, dp, ds, 1.1, 0.9, 0.01, primary_fraction=0.6,
                                    primary_time=20.0, secondary_time=3000.0,
                                    mineralization=0.5)
        error = mechanical_error(1.2, v, 0.9, setpoint_exponent=0.5, density_exponent=2.0)
        return default, slower, error

    default, slower, error = f(0.95, 0.1, 0.2)
    kw = dict(primary_fraction=0.6, primary_time=20.0, secondary_time=3000.0)
    np.testing.assert_allclose(default, matrix_derivatives(0.95, 0.1, 0.2, 1.1, 0.9, 0.01, **kw),
                               rtol=1e-14)
    np.testing.assert_allclose(
        slower, matrix_derivatives(0.95, 0.1, 0.2, 1.1, 0.9, 0.01, **kw, mineralization=0.5),
        rtol=1e-14)
    assert not np.allclose(default, slower)
    assert error == pytest.approx(float(mechanical_error(1.2, 0.95, 0.9, density_exponent=2.0,
                                                         setpoint_exponent=0.5)), rel=1e-14)


def test_arrow_factorisation_solves_like_numpy():
    """The engine's block-arrow LU (site blocks + systemic Schur complement) solves the
    same systems as a dense solver."""
    from osteon.engine import rodas

    rng = np.random.default_rng(7)
    n_diag, m, n_sys = 4, 11, 18
    b = n_diag * m + n_sys
    a = np.zeros((b, b))
    for k in range(n_diag):
        a[k * m:(k + 1) * m, k * m:(k + 1) * m] = rng.normal(size=(m, m)) + 8 * np.eye(m)
    a[: n_diag * m, n_diag * m:] = rng.normal(size=(n_diag * m, n_sys))
    a[n_diag * m:, : n_diag * m] = rng.normal(size=(n_sys, n_diag * m))
    a[n_diag * m:, n_diag * m:] = rng.normal(size=(n_sys, n_sys)) + 30 * np.eye(n_sys)
    rhs = rng.normal(size=b)
    for zero_columns in ([], [0, 3, 4, 17]):  # B columns the sites never read are skipped
        a[: n_diag * m, [n_diag * m + j for j in zero_columns]] = 0.0
        _check_arrow_solve(rodas, a, rhs, n_diag, m, n_sys)


def _check_arrow_solve(rodas, a, rhs, n_diag, m, n_sys):
    b = a.shape[0]
    lu, piv = a.copy(), np.empty(b + n_sys, dtype=np.int64)
    assert rodas._factor(lu, piv, n_diag, m, n_sys)
    x = rhs.copy()
    rodas._solve(lu, piv, n_diag, m, n_sys, x)
    np.testing.assert_allclose(x, np.linalg.solve(a, rhs), rtol=1e-10, atol=1e-12)
