"""Where chunks run: in this process, a local process pool, or a Dask cluster.

Every executor has one method, :meth:`imap_unordered`, yielding
:class:`~osteon.cohort.chunks.ChunkResult` objects as chunks finish (in any
order), and keeps only a small window of chunks in flight so that memory stays
flat however large the cohort. A chunk whose task fails is resubmitted, up to
``retries`` times: tasks are pure (:func:`~osteon.cohort.chunks.run_chunk`), so a
resubmission gives the same bits.

- :class:`InProcessExecutor`: one chunk after the other, here (tests, debugging).
- :class:`ProcessPoolExecutor`: :class:`concurrent.futures.ProcessPoolExecutor`
  with the ``forkserver`` start method (``spawn`` where that is missing); a pool
  broken by a dead worker process is replaced and its chunks resubmitted.
- :class:`DaskExecutor`: ``dask.distributed.Client(address)``; the scheduler
  reschedules the tasks of a lost worker itself, and a task that still fails
  (including ``KilledWorker``) is resubmitted under a new key.
"""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing as mp
import os
import re
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures.process import BrokenProcessPool

from osteon.cohort.chunks import ChunkResult, RunSpec, run_chunk
from osteon.errors import OsteonInputError

DEFAULT_RETRIES = 2
"""Extra attempts of a failing chunk before the run stops (finished chunks are kept)."""
MAX_RETRIES = 20
"""Most extra attempts ``--retries`` may ask for."""
MAX_WORKERS = 1024
"""Most local worker processes ``--workers`` may ask for."""
_ADDRESS = re.compile(r"(?:(tcp|tls|ucx|ws|wss)://)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9][A-Za-z0-9.-]*)"
                      r":(\d{1,5})")


def check_scheduler_address(address) -> str:
    """A Dask scheduler address ``[tcp|tls://]host:port``, checked before connecting.

    A malformed address otherwise waited for the connection timeout and ended in a
    traceback (issue 15).

    >>> check_scheduler_address("tls://10.0.0.5:8786")
    'tls://10.0.0.5:8786'
    >>> check_scheduler_address("not-an-address")
    Traceback (most recent call last):
    ...
    osteon.errors.OsteonInputError: --scheduler: 'not-an-address' is not an address [tcp:// or tls://]host:port. Valid example: --scheduler tls://10.0.0.5:8786
    """
    example = "--scheduler tls://10.0.0.5:8786"
    m = _ADDRESS.fullmatch(address) if isinstance(address, str) else None
    if m is None:
        raise OsteonInputError("--scheduler", f"{address!r} is not an address "
                               "[tcp:// or tls://]host:port", example)
    if not 1 <= int(m.group(3)) <= 65535:
        raise OsteonInputError("--scheduler", f"port {m.group(3)} is outside 1-65535", example)
    return address

Task = Callable[[RunSpec, int], ChunkResult]


class ChunkFailed(RuntimeError):
    """A chunk failed on every attempt; the chunks written so far stay in the store."""

    def __init__(self, index: int, attempts: int, error: BaseException) -> None:
        self.index = index
        self.error = error
        super().__init__(f"chunk {index} failed {attempts} times; last error: "
                         f"{type(error).__name__}: {error} (finished chunks are kept: rerun "
                         "with --resume)")


class InProcessExecutor:
    """Run chunks one after the other in this process."""

    name = "in-process"
    workers = 1

    def __init__(self, retries: int = DEFAULT_RETRIES) -> None:
        self.retries = retries

    def imap_unordered(self, run: RunSpec, indices: Iterable[int],
                       task: Task = run_chunk) -> Iterator[ChunkResult]:
        for k in indices:
            for attempt in range(self.retries + 1):
                try:
                    result = task(run, k)
                except (OsteonInputError, KeyboardInterrupt):
                    raise
                except Exception as err:  # noqa: BLE001 - retried, then reported
                    if attempt == self.retries:
                        raise ChunkFailed(k, attempt + 1, err) from err
                    continue
                yield result
                break

    def close(self) -> None:
        pass

    def describe(self) -> str:
        return "in-process"


def _mp_context():
    methods = mp.get_all_start_methods()
    return mp.get_context("forkserver" if "forkserver" in methods else "spawn")


def _watch_parent(parent_pid: int, every_s: float = 1.0) -> None:
    """End this worker process when the process that made the pool is gone.

    A killed ``osteon trial`` (SIGKILL, or SIGTERM without cleanup) otherwise left its
    workers alive holding their memory (issue 15). With the ``forkserver`` start method
    a worker's parent is the fork server, so the pool's owner is watched by its id.
    """
    import threading
    import time

    def watch() -> None:
        while True:
            time.sleep(every_s)
            try:
                os.kill(parent_pid, 0)
            except ProcessLookupError:
                os._exit(3)
            except PermissionError:  # pragma: no cover - the id was reused: still there
                pass

    threading.Thread(target=watch, name="osteon-parent-watch", daemon=True).start()


def _warm(parent_pid: int | None = None) -> None:
    """Worker initializer: watch the parent, import the model once, before the first chunk."""
    if parent_pid is not None:
        _watch_parent(parent_pid)
    import osteon.simulation  # noqa: F401
    import osteon.trials.interventions  # noqa: F401


class ProcessPoolExecutor:
    """A local pool of ``workers`` processes (default: the CPUs of this machine)."""

    name = "process-pool"

    def __init__(self, workers: int | None = None, retries: int = DEFAULT_RETRIES) -> None:
        self.workers = int(workers or os.cpu_count() or 1)
        self.retries = retries
        self._pool: cf.ProcessPoolExecutor | None = None

    def _new_pool(self) -> cf.ProcessPoolExecutor:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = cf.ProcessPoolExecutor(self.workers, mp_context=_mp_context(),
                                            initializer=_warm, initargs=(os.getpid(),))
        return self._pool

    def worker_pids(self) -> list[int]:
        """Process ids of the current pool's workers (for monitoring and tests)."""
        procs = getattr(self._pool, "_processes", None) or {}
        return sorted(procs)

    def imap_unordered(self, run: RunSpec, indices: Iterable[int],
                       task: Task = run_chunk) -> Iterator[ChunkResult]:
        pending = deque(indices)
        # Chunks lost with a broken pool while others ran too: the culprit is unknown, so
        # they run again one at a time, and only a chunk that breaks the pool alone is
        # charged an attempt.
        suspects: deque[int] = deque()
        attempts: Counter[int] = Counter()
        in_flight: dict[cf.Future, int] = {}
        window = 2 * self.workers
        pool = self._pool or self._new_pool()

        def charge(k: int, err: BaseException) -> None:
            attempts[k] += 1
            if attempts[k] > self.retries:
                raise ChunkFailed(k, attempts[k], err) from err

        def submit(k: int) -> bool:
            # A worker lost between two waits breaks the pool before the next submit; that
            # is recovered like a loss seen through a future (issue 15).
            try:
                in_flight[pool.submit(task, run, k)] = k
            except (BrokenProcessPool, RuntimeError):
                return False
            return True

        rebuilds = 0  # pool rebuilds since the last finished chunk
        while pending or suspects or in_flight:
            refused = False
            if suspects:
                if not in_flight:
                    k = suspects.popleft()
                    if not submit(k):
                        suspects.appendleft(k)
                        refused = True
            else:
                while pending and len(in_flight) < window:
                    k = pending.popleft()
                    if not submit(k):
                        pending.appendleft(k)
                        refused = True
                        break
            if refused and not in_flight:
                rebuilds += 1
                if rebuilds > self.retries + 2:
                    raise ChunkFailed(k, rebuilds, BrokenProcessPool(
                        "the process pool broke again each time it was rebuilt"))
                pool = self._new_pool()
                continue
            alone = len(in_flight) == 1
            done, _ = cf.wait(in_flight, return_when=cf.FIRST_COMPLETED)
            broken: BaseException | None = None
            for fut in done:
                k = in_flight.pop(fut)
                try:
                    result = fut.result()
                except OsteonInputError:
                    raise
                except BrokenProcessPool as err:
                    broken = err
                    if alone:
                        charge(k, err)
                        suspects.appendleft(k)
                    else:
                        suspects.append(k)
                    continue
                except Exception as err:  # noqa: BLE001 - retried, then reported
                    charge(k, err)
                    pending.appendleft(k)
                    continue
                rebuilds = 0
                yield result
            if broken is not None:
                # Every chunk still in flight was lost with the pool: rerun on a new one.
                for fut, k in in_flight.items():
                    fut.cancel()
                    suspects.append(k)
                in_flight.clear()
                pool = self._new_pool()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def describe(self) -> str:
        return f"{self.workers} local worker processes"


class DaskExecutor:
    """Chunks as tasks on a Dask cluster (``dask.distributed.Client(address)``)."""

    name = "dask"

    def __init__(self, address: str, retries: int = DEFAULT_RETRIES,
                 timeout: float = 30.0) -> None:
        from distributed import Client

        try:
            self.client = Client(address, timeout=timeout, set_as_default=False)
        except (OSError, TimeoutError) as err:
            raise OsteonInputError("--scheduler", f"cannot reach the Dask scheduler at "
                                   f"{address!r}: {err}", "--scheduler tcp://127.0.0.1:8786"
                                   ) from None
        self.address = address
        self.retries = retries

    @property
    def workers(self) -> int:
        return max(1, sum(self.client.nthreads().values()))

    def imap_unordered(self, run: RunSpec, indices: Iterable[int],
                       task: Task = run_chunk) -> Iterator[ChunkResult]:
        from distributed import as_completed

        pending = deque(indices)
        attempts: Counter[int] = Counter()
        in_flight: dict = {}
        finished = as_completed(loop=self.client.loop)  # not the default client: ours

        def fill() -> None:
            window = 2 * self.workers
            while pending and len(in_flight) < window:
                k = pending.popleft()
                fut = self.client.submit(task, run, k, key=f"osteon-chunk-{run.key}-{k}-"
                                         f"{attempts[k]}", pure=False)
                in_flight[fut] = k
                finished.add(fut)

        fill()
        for fut in finished:
            k = in_flight.pop(fut)
            try:
                result = fut.result()
            except OsteonInputError:
                raise
            except Exception as err:  # noqa: BLE001 - incl. KilledWorker; retried
                attempts[k] += 1
                if attempts[k] > self.retries:
                    raise ChunkFailed(k, attempts[k], err) from err
                pending.appendleft(k)
                result = None
            finally:
                fut.release()
            fill()
            if result is not None:
                yield result

    def close(self) -> None:
        self.client.close()

    def describe(self) -> str:
        return f"Dask cluster at {self.address} ({self.workers} threads)"


def make_executor(workers: int | None = None, scheduler: str | None = None,
                  retries: int = DEFAULT_RETRIES):
    """The executor for ``--workers`` / ``--scheduler``.

    ``scheduler`` given: :class:`DaskExecutor`; ``workers == 0``: in-process;
    otherwise a :class:`ProcessPoolExecutor` of ``workers`` processes (default: CPUs).
    """
    from osteon.cohort.chunks import check_count

    retries = check_count("--retries", retries, "--retries 2", lo=0, hi=MAX_RETRIES)
    if scheduler is not None:
        return DaskExecutor(check_scheduler_address(scheduler), retries=retries)
    if workers is not None:
        workers = check_count("--workers", workers, "--workers 4 (0: in this process)",
                              lo=0, hi=MAX_WORKERS)
    if workers == 0:
        return InProcessExecutor(retries=retries)
    return ProcessPoolExecutor(workers, retries=retries)
