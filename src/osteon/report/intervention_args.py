"""Interventions for ``osteon simulate``: from the subject file and from ``--intervention``.

A subject file may carry ``interventions:`` (or ``protocol:``), a list written as in a trial
file (``FORMAT.md``); each ``--intervention '{json}'`` flag adds one more. Times (``start``,
``stop``) count from the start of follow-up.

>>> from types import SimpleNamespace
>>> args = SimpleNamespace(intervention=['{"intervention": "calcium", "dose": "500 mg", '
...                                      '"every": "1 day"}'])
>>> protocol_from_args(args, {}, years=5).describe()
'calcium (500 mg every 1 day(s), supplement) from day 0 to end'
>>> protocol_from_args(SimpleNamespace(intervention=['{oops']), {}, years=5)
Traceback (most recent call last):
...
osteon.errors.OsteonInputError: --intervention[0]: is not valid JSON (Expecting property name enclosed in double quotes). Valid example: --intervention '{"intervention": "calcium", "dose": "500 mg", "every": "1 day"}'
"""

from __future__ import annotations

import json

from osteon.errors import OsteonInputError
from osteon.protocol import Protocol

EXAMPLE = '--intervention \'{"intervention": "calcium", "dose": "500 mg", "every": "1 day"}\''
FILE_KEYS = ("interventions", "protocol")


def pop_specs(data: dict) -> list:
    """Remove and return the interventions of a subject-file mapping (``[]`` if none)."""
    specs = []
    for key in FILE_KEYS:
        value = data.pop(key, None)
        if value is None:
            continue
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise OsteonInputError(f"subject.{key}", "expected a list of interventions",
                                   "interventions: [{intervention: calcium, dose: 500 mg, "
                                   "every: 1 day}]")
        specs.extend(value)
    return specs


def protocol_from_args(args, data: dict, years: float) -> Protocol:
    """The protocol of a subject file's interventions plus each ``--intervention`` flag."""
    from osteon.trials.interventions import NotSupportedYet, protocol_from_specs

    specs = pop_specs(dict(data))
    for i, text in enumerate(getattr(args, "intervention", None) or []):
        try:
            spec = json.loads(text)
        except ValueError as err:
            raise OsteonInputError(f"--intervention[{i}]",
                                   f"is not valid JSON ({str(err).split(':')[0]})",
                                   EXAMPLE) from None
        if not isinstance(spec, dict):
            raise OsteonInputError(f"--intervention[{i}]", "must be a JSON object", EXAMPLE)
        specs.append(spec)
    if not specs:
        return Protocol()
    try:
        return protocol_from_specs(specs, years=years)
    except NotSupportedYet as err:
        raise OsteonInputError("intervention", f"{err.kind} cannot be simulated yet",
                               EXAMPLE) from None
