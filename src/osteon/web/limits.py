"""Every bound the server enforces, in one place (issue 12: limits and safety).

The numbers are engineering choices for a 2-core machine, not physiology; they keep one
request from taking the server down. Each is reported by ``GET /api/health``.
"""

from __future__ import annotations

import os

#: Largest request body accepted, bytes (a trial file is a few kB; JSON requests less).
MAX_BODY_BYTES = 256 * 1024
#: Largest YAML upload (the trial text inside a request), bytes.
MAX_YAML_BYTES = 64 * 1024
#: Most YAML aliases (``*ref``) in one upload; blocks "billion laughs" expansion.
MAX_YAML_ALIASES = 16
#: Deepest nesting of YAML collections in one upload.
MAX_YAML_DEPTH = 12
#: Longest forecast or simulation, years.
MAX_YEARS = 20.0
#: Most scenarios in one forecast (besides "no change").
MAX_SCENARIOS = 4
#: Most interventions in one scenario or protocol.
MAX_INTERVENTIONS = 8
#: Most band draws (virtual variants of the person) per scenario.
MAX_DRAWS = 40
#: Most individual draws of a person forecast job (issue 11's ``osteon.forecast``).
MAX_PERSON_DRAWS = 200
#: Most DXA scans and lab values in one profile.
MAX_SCANS = 12
MAX_LABS = 12
#: Largest virtual cohort of a trial job (subjects per arm).
MAX_TRIAL_SUBJECTS = 200
#: Worker threads serving requests (they prepare inputs and wait for simulations, which one
#: batching thread runs: :mod:`osteon.web.batching`); more requests wait in a bounded queue.
WORKERS = int(os.environ.get("OSTEON_WEB_WORKERS", "24"))
#: Requests and jobs allowed to wait for a worker; beyond that the answer is 503.
QUEUE_LIMIT = int(os.environ.get("OSTEON_WEB_QUEUE", "64"))
#: Wall-clock limit of one forecast or simulation request, seconds.
REQUEST_TIMEOUT_S = float(os.environ.get("OSTEON_WEB_REQUEST_TIMEOUT", "60"))
#: Wall-clock limit of one trial job, seconds.
JOB_TIMEOUT_S = float(os.environ.get("OSTEON_WEB_JOB_TIMEOUT", "600"))
#: How long results and jobs are kept, seconds; then they and their files are deleted.
RESULT_TTL_S = float(os.environ.get("OSTEON_WEB_TTL", "1800"))
#: Most results and jobs kept at once (oldest deleted first).
MAX_STORED = 200


def as_dict() -> dict:
    """The limits as a JSON-ready mapping (``/api/health``).

    >>> as_dict()["max_years"]
    20.0
    """
    return {
        "max_body_bytes": MAX_BODY_BYTES, "max_yaml_bytes": MAX_YAML_BYTES,
        "max_yaml_aliases": MAX_YAML_ALIASES, "max_yaml_depth": MAX_YAML_DEPTH,
        "max_years": MAX_YEARS, "max_scenarios": MAX_SCENARIOS,
        "max_interventions": MAX_INTERVENTIONS, "max_draws": MAX_DRAWS,
        "max_person_draws": MAX_PERSON_DRAWS,
        "max_scans": MAX_SCANS, "max_labs": MAX_LABS,
        "max_trial_subjects": MAX_TRIAL_SUBJECTS, "workers": WORKERS,
        "queue_limit": QUEUE_LIMIT, "request_timeout_s": REQUEST_TIMEOUT_S,
        "job_timeout_s": JOB_TIMEOUT_S, "result_ttl_s": RESULT_TTL_S,
    }
