"""Requests that share a protocol are simulated in one batch, and each gets its own subjects."""

from __future__ import annotations

import numpy as np
import pytest

from osteon import Protocol, Simulation, Subject
from osteon.web.batching import Batcher
from osteon.web.jobs import Deadline, JobTimeout


@pytest.mark.slow
def test_same_protocol_batches_and_slices_back():
    b = Batcher(window_s=0.5)
    try:
        a_subjects = [Subject(sex="female", age=60), Subject(sex="male", age=70)]
        c_subject = [Subject(sex="female", age=75, t_score={"site": "femoral_neck",
                                                            "value": -2.4})]
        fa = b.submit(a_subjects, Protocol([]), [], 2.0)
        fc = b.submit(c_subject, Protocol([]), [], 2.0)
        ra, rc = fa.result(60), fc.result(60)
        assert b.batches == 1
        assert ra.sizes["subject"] == 2 and rc.sizes["subject"] == 1
        alone = Simulation(c_subject, years=2).run()
        got = rc["bmd"].values.reshape(alone["bmd"].values.shape)
        np.testing.assert_allclose(got, alone["bmd"].values, rtol=1e-6)
        assert float(rc["age_at_start"].values.ravel()[0]) == 75
        # another protocol or horizon is another batch
        b.submit(c_subject, Protocol([]), [], 1.0).result(60)
        assert b.batches == 2
    finally:
        b.close()


def test_expired_request_is_not_simulated():
    b = Batcher(window_s=0.01)
    try:
        fut = b.submit([Subject(sex="female", age=60)], Protocol([]), [], 1.0, Deadline(-1))
        try:
            fut.result(30)
        except JobTimeout:
            pass
        else:  # pragma: no cover - the assertion below explains
            raise AssertionError("a request past its deadline was simulated")
        assert b.batches == 0
    finally:
        b.close()
