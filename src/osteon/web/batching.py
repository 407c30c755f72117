"""Simulations of concurrent requests that share a protocol run as one batch.

The engine steps all subjects of a :class:`~osteon.Simulation` together and its cost is set
mostly by the number of steps, not the number of subjects (the per-step drives are vectorised
over subjects in Python). Twenty people asking for a forecast at once all need the "no change"
run, and often the same scenario: one simulation of all their variants costs little more than
one of a single person's. :class:`Batcher` collects simulation requests for a short window,
groups them by (protocol, years), runs each group once on its own thread and hands every
caller the slice of subjects it asked for.

The protocol key is the canonical JSON of the interventions as written in the trial-file
vocabulary, so two requests batch only when they ask for exactly the same protocol.
"""

from __future__ import annotations

import json
import queue
import threading
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from osteon.web.jobs import Deadline, JobTimeout

if TYPE_CHECKING:
    from osteon.protocol import Protocol


def protocol_key(specs: list[dict], years: float) -> str:
    """Canonical key of a protocol written as trial-file interventions.

    >>> protocol_key([{"dose": "1 g", "intervention": "calcium"}], 10) == \\
    ...     protocol_key([{"intervention": "calcium", "dose": "1 g"}], 10.0)
    True
    """
    return json.dumps([sorted(s.items()) for s in specs], default=str) + f"|{float(years)!r}"


@dataclass
class _Job:
    key: str
    subjects: list
    protocol: Protocol
    years: float
    deadline: Deadline | None = None
    future: Future = field(default_factory=Future)


class Batcher:
    """Run simulations of the same protocol together.

    Parameters
    ----------
    window_s
        How long the dispatcher waits for more requests after the first one arrives.
    max_subjects
        Largest batch (subjects of all callers together).
    """

    def __init__(self, window_s: float = 0.05, max_subjects: int = 1024) -> None:
        self.window_s = window_s
        self.max_subjects = max_subjects
        self.jobs: queue.Queue[_Job | None] = queue.Queue()
        self.thread = threading.Thread(target=self._loop, name="osteon-batcher", daemon=True)
        self.batches = 0
        self.thread.start()

    def run(self, subjects: list, protocol, specs: list[dict], years: float, deadline=None):
        """Simulate ``subjects`` under ``protocol``; blocks; returns their result dataset."""
        job = _Job(protocol_key(specs, years), list(subjects), protocol, float(years), deadline)
        self.jobs.put(job)
        return job.future.result()

    def submit(self, subjects: list, protocol, specs: list[dict], years: float,
               deadline=None) -> Future:
        """Like :meth:`run` without waiting: returns the future of the result."""
        job = _Job(protocol_key(specs, years), list(subjects), protocol, float(years), deadline)
        self.jobs.put(job)
        return job.future

    def close(self) -> None:
        self.jobs.put(None)

    def _loop(self) -> None:
        while True:
            first = self.jobs.get()
            if first is None:
                return
            pending = [first]
            try:
                while True:
                    nxt = self.jobs.get(timeout=self.window_s)
                    if nxt is None:
                        self.jobs.put(None)
                        break
                    pending.append(nxt)
            except queue.Empty:
                pass
            groups: dict[str, list[_Job]] = {}
            for job in pending:
                groups.setdefault(job.key, []).append(job)
            for group in groups.values():
                self._run_group(group)

    def _run_group(self, group: list[_Job]) -> None:
        from osteon.simulation import Simulation

        live = []
        for job in group:
            try:
                if job.deadline is not None:
                    job.deadline.check()
                live.append(job)
            except JobTimeout as err:
                job.future.set_exception(err)
        while live:
            batch: list[_Job] = []
            n = 0
            while live and (not batch or n + len(live[0].subjects) <= self.max_subjects):
                job = live.pop(0)
                batch.append(job)
                n += len(job.subjects)
            subjects = [s for job in batch for s in job.subjects]
            try:
                res = Simulation(subjects, batch[0].protocol, years=batch[0].years).run()
                self.batches += 1
            except BaseException as err:  # noqa: BLE001 - handed to every caller
                for job in batch:
                    job.future.set_exception(err)
                continue
            start = 0
            for job in batch:
                stop = start + len(job.subjects)
                part = res.isel(subject=slice(start, stop)) if "subject" in res.dims else res
                job.future.set_result(part)
                start = stop
