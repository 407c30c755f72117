"""The sparse ROS34PW2 solver: its linear algebra, and its accuracy at the benchmark's
tolerance against a tight-tolerance run of itself (the comparison with libroadrunner is
in test_against_roadrunner.py)."""

import numpy as np

from osteon.engine import ros34pw2 as solver
from osteon.parameters import peterson_riggs_2010
from osteon.physiology.calcium import CalciumScenario, TeriparatideInjections, simulate_calcium
from osteon.physiology.calcium import system as S


def _structure():
    p = {k: np.array([v]) for k, v in peterson_riggs_2010().items()}
    k = S.constants_record(p)
    y0 = S.initial_state(p)
    u = S.default_inputs(p)
    return y0[0], k[0], u[0], solver.jacobian_structure(y0[0], k[0], u[0])


def test_sparse_lu_matches_dense_solve():
    y0, k, u, st = _structure()
    j_ptr, j_idx, jc_ptr, jc_idx, l_ptr, l_idx, u_ptr, u_idx, lc_ptr, lc_idx, g_ptr, g_idx = st
    m = S.N_DYNAMIC
    assert g_ptr.size - 1 < m / 2  # grouped finite differences: far fewer RHS than columns
    # the grouped Jacobian equals the dense one on the pattern
    y = y0.copy()
    y[S.TERI_DEPOT] = 4857.0
    f0 = np.empty(S.N_STATES)
    S.derivatives(y, k, u, f0)
    jac = np.zeros((m, m))
    scale = np.maximum(np.abs(y), 1.0)
    solver._jacobian(y, k, u, f0, scale, jac, y.copy(), np.empty(S.N_STATES), jc_ptr, jc_idx, g_ptr,
                     g_idx, np.empty(S.N_STATES))
    dense = np.zeros((m, m))
    solver._dense_jacobian(y, k, u, dense)
    on = np.zeros((m, m), dtype=bool)
    for r in range(m):
        on[r, j_idx[j_ptr[r]:j_ptr[r + 1]]] = True
    assert np.all(dense[~on] == 0.0)
    np.testing.assert_allclose(jac[on], dense[on], rtol=1e-4, atol=1e-6 * np.abs(dense).max())
    # (I - h gamma A) x = b by the sparse LU and by numpy
    for h in (0.01, 1.0, 24.0):
        hg = h * solver.GAMMA
        a = np.zeros((m, m))
        inv_diag = np.empty(m)
        assert solver._sparse_lu(a, hg, jac, j_ptr, j_idx, l_ptr, l_idx, u_ptr, u_idx, lc_ptr, lc_idx,
                                 inv_diag)
        b = np.random.default_rng(1).normal(size=m)
        x = b.copy()
        solver._sparse_solve(a, x, l_ptr, l_idx, u_ptr, u_idx, inv_diag)
        w = np.eye(m) - hg * np.where(on, jac, 0.0)
        np.testing.assert_allclose(x, np.linalg.solve(w, b), rtol=1e-9, atol=1e-12)
        piv = np.zeros(m, dtype=np.int64)
        solver._dense_lu(a, hg, np.where(on, jac, 0.0), piv)
        x2 = b.copy()
        solver._dense_solve(a, piv, x2)
        np.testing.assert_allclose(x2, x, rtol=1e-9, atol=1e-12)


def test_benchmark_tolerance_is_accurate_over_two_years_of_daily_teriparatide():
    """rtol 1e-3 (the benchmark's) stays within 0.5 % of rtol 1e-8 over 730 daily doses,
    and takes a few tens of steps per simulated day without dense-LU fallbacks."""
    sc = CalciumScenario(TeriparatideInjections(dose_ug=20.0, doses=730))
    times = np.unique(np.concatenate([np.arange(731.0), 700.0 + np.arange(48) / 24.0]))
    per = {"pth_clearance": np.array([1.0, 0.95, 1.05]) * peterson_riggs_2010()["pth_clearance"]}
    ref = simulate_calcium(scenario=sc, times_days=times, rtol=1e-8, per_subject=per)
    fast = simulate_calcium(scenario=sc, times_days=times, rtol=1e-3, per_subject=per)
    for v in ("pth", "calcium", "calcitriol", "osteoblasts", "osteoclasts", "bone_calcium"):
        rel = np.max(np.abs(fast[v].values - ref[v].values) / np.abs(ref[v].values))
        assert rel < 5e-3, (v, rel)
    assert fast.attrs["dense_lu_fallbacks"] == 0
    assert fast.attrs["steps_accepted"] / 3 / 730 < 40
