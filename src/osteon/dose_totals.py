"""Dose limits on the total of an agent, not per entry (issue 15).

Each dosed intervention checks its own dose against a plausible maximum. Thirty stacked
teriparatide entries each passed that check, and BMD reached twice the peak. Here the
entries of one agent (or one group of agents acting through one signal, such as every
glucocorticoid) that run at the same time must together stay within the limit of one
entry: the sum of their ``dose_share`` (daily rate over the largest daily rate one entry
may give) is at most 1 at every time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from osteon.errors import OsteonInputError

_TOLERANCE = 1e-9


def largest_concurrent_share(entries: Iterable) -> tuple[float, float]:
    """Largest sum of ``dose_share`` over entries active at one time, and that time (days).

    >>> from types import SimpleNamespace as E
    >>> largest_concurrent_share([E(dose_share=0.5, start_day=0, stop_day=10),
    ...                           E(dose_share=0.6, start_day=10, stop_day=None)])
    (0.6, 10)
    """
    events = []
    for e in entries:
        events.append((e.start_day, 1, e.dose_share))
        if e.stop_day is not None:
            events.append((e.stop_day, 0, -e.dose_share))  # stops sort before starts
    total, best, when = 0.0, 0.0, 0.0
    for t, _, share in sorted(events, key=lambda ev: (ev[0], ev[1])):
        total += share
        if total > best:
            best, when = total, t
    return best, when


def check_dose_totals(interventions: Iterable) -> None:
    """Raise :class:`~osteon.errors.OsteonInputError` if the doses of one agent, added over
    the entries given at the same time, exceed the limit of one entry."""
    groups: dict[str, list] = defaultdict(list)
    for it in interventions:
        share = getattr(it, "dose_share", None)
        if share is not None:
            groups[getattr(it, "dose_group", None) or it.kind].append(it)
    for name, entries in groups.items():
        if len(entries) < 2:
            continue
        share, when = largest_concurrent_share(entries)
        if share > 1.0 + _TOLERANCE:
            kind = entries[0].kind
            cap = getattr(entries[0], "dose_cap_text", "")
            raise OsteonInputError(
                f"{kind}.dose",
                f"{len(entries)} entries of {name} given together reach {100 * share:.0f}% "
                f"of the largest dose one entry may give ({cap}) at day {when:g}; doses "
                "of one agent are limited in total, not per entry",
                "one entry with the whole dose, or consecutive entries (start/stop) for a "
                "taper")
