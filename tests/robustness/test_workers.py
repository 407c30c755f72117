"""Issue 15 (d): errors raised in workers reach the user intact; the process pool survives a
worker killed by PID; workers end with their parent; exit codes say when subjects failed."""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from osteon.cohort.executors import ProcessPoolExecutor
from osteon.errors import OsteonInputError, TrialFileError

from .workers import refuse, sleepy

REPO = Path(__file__).resolve().parents[2]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is dead for our purpose
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


def _wait(pred, timeout, what):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pred():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.mark.parametrize("cls", [OsteonInputError, TrialFileError])
def test_input_errors_pickle_intact(cls):
    err = pickle.loads(pickle.dumps(cls("subject.age", "200 is outside 30-100", "age=55")))
    assert type(err) is cls
    assert (err.field, err.problem, err.example) == ("subject.age", "200 is outside 30-100",
                                                     "age=55")
    assert str(err) == "subject.age: 200 is outside 30-100. Valid example: age=55"


@pytest.mark.slow
def test_input_error_in_a_worker_reaches_the_user(tmp_path):
    ex = ProcessPoolExecutor(1, retries=2)
    try:
        with pytest.raises(OsteonInputError) as err:
            list(ex.imap_unordered(str(tmp_path), [0], task=refuse))
    finally:
        ex.close()
    assert err.value.field == "subject.age" and err.value.example == "age=55"


@pytest.mark.slow
def test_pool_recovers_from_a_worker_killed_between_chunks(tmp_path):
    """The pool breaks while the caller holds a result; the next submit must recover."""
    ex = ProcessPoolExecutor(1, retries=1)
    try:
        it = ex.imap_unordered(str(tmp_path), range(4), task=sleepy)
        first = next(it)
        pids = ex.worker_pids()
        assert pids
        for pid in pids:
            os.kill(pid, signal.SIGKILL)
        _wait(lambda: not any(_alive(p) for p in pids), 10, "the killed worker")
        time.sleep(0.5)  # let the pool notice
        rest = list(it)
    finally:
        ex.close()
    assert sorted([first.index, *(r.index for r in rest)]) == [0, 1, 2, 3]


@pytest.mark.slow
def test_pool_recovers_from_a_worker_killed_mid_chunk(tmp_path):
    import concurrent.futures as cf

    ex = ProcessPoolExecutor(2, retries=1)
    try:
        with cf.ThreadPoolExecutor(1) as th:
            fut = th.submit(lambda: sorted(r.index for r in ex.imap_unordered(
                str(tmp_path), range(6), task=sleepy)))
            _wait(lambda: any(tmp_path.glob("pid-*")), 60, "a first chunk to start")
            pid = int(next(tmp_path.glob("pid-*")).read_text())
            os.kill(pid, signal.SIGKILL)
            got = fut.result(timeout=120)
    finally:
        ex.close()
    assert got == list(range(6))


@pytest.mark.slow
def test_workers_end_with_their_parent(tmp_path):
    code = (
        "import sys\n"
        "from osteon.cohort.executors import ProcessPoolExecutor\n"
        "from robustness.workers import forever\n"
        f"ex = ProcessPoolExecutor(2)\n"
        f"list(ex.imap_unordered({str(tmp_path)!r}, range(2), task=forever))\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(REPO / "tests")])}
    proc = subprocess.Popen([sys.executable, "-c", code], env=env, cwd=tmp_path,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait(lambda: len(list(tmp_path.glob("pid-*"))) == 2, 60, "two running workers")
        pids = [int(p.read_text()) for p in tmp_path.glob("pid-*")]
        assert all(_alive(p) for p in pids)
    finally:
        proc.kill()
        proc.wait(timeout=10)
    _wait(lambda: not any(_alive(p) for p in pids), 15, "the workers to end with their parent")
