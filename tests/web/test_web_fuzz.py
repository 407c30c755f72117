"""Property-based fuzzing of the OpenAPI schema with schemathesis (issue 12): no 500s, no hangs.

Bounded: a few examples per operation, a short request timeout so that a valid but heavy request
answers 504 instead of tying the test up, and a time bound on every call.
"""

from __future__ import annotations

import time

import pytest

schemathesis = pytest.importorskip("schemathesis")

from hypothesis import HealthCheck, settings  # noqa: E402

from osteon.web import limits  # noqa: E402
from osteon.web.app import create_app  # noqa: E402
from osteon.web.jobs import Store  # noqa: E402

APP = create_app(store=Store())
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)
FUZZ_TIMEOUT_S = 4.0


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_never_answers_500(case, monkeypatch):
    monkeypatch.setattr(limits, "REQUEST_TIMEOUT_S", FUZZ_TIMEOUT_S)
    start = time.monotonic()
    response = case.call()
    took = time.monotonic() - start
    assert response.status_code < 500 or response.status_code in (503, 504), (
        response.status_code, response.text[:500])
    if response.status_code >= 400:
        body = response.json()
        assert body["error"]["field"] and body["error"]["problem"], body
    assert took < FUZZ_TIMEOUT_S + 10, f"{case.method} {case.path} took {took:.1f} s"
