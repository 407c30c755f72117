"""A fast batch engine for cohort runs.

Per-subject adaptive Rodas4 (stiffly accurate Rosenbrock) steps with the stiff linear
algebra and the right-hand side compiled by numba, the time-only drives computed in
vectorised numpy once per round for all subjects. See :mod:`osteon.engine.driver` for the
scheme and :mod:`osteon.engine.rodas` for the method.

>>> from osteon import Simulation, SolverSettings, Subject
>>> res = Simulation(Subject(sex="female", age=52), years=2,
...                  solver=SolverSettings(method="batch")).run()
>>> str(res.status.values[0])
'ok'
"""

from osteon.engine.cache_guard import ensure_fresh_cache

ensure_fresh_cache()  # before any cached kernel loads (issue 15)

from osteon.engine.driver import BatchOutcome, integrate_batch  # noqa: E402

__all__ = ["BatchOutcome", "integrate_batch"]
