"""What happens to a subject and when: therapies, training, diet, unloading.

A :class:`Protocol` is an ordered, immutable list of interventions. Each
intervention acts on the model only through :class:`Signals`: it changes
hormone levels, the mechanical load of each site, or a named cell drive at
time ``t``. Start and stop times are handed to the solver as breakpoints, so a
therapy that starts or stops is never smeared across a step.

Fast inputs stay out of the stiff bone dynamics: injections and pills enter as
closed-form pharmacokinetics (superposition of doses, evaluated at any ``t``),
and training enters as a daily (time-averaged) stress stimulus, as Carter's
daily stress stimulus is defined.

The base types the interventions build on (:class:`Signals`, :class:`Intervention`,
:class:`HandOver`) live in :mod:`osteon.signals`, which imports no physiology; the
interventions live with the physiology they drive (:class:`Unloading` in
:mod:`osteon.physiology.mechanics.unloading`). This module re-exports them all.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from osteon.errors import OsteonInputError
from osteon.parameters.records import ParameterSet
from osteon.physiology.endocrine.background import PEAK_BONE_AGE
from osteon.physiology.mechanics.unloading import UNLOADING_KINDS, Unloading
from osteon.signals import Drive, HandOver, Intervention, Signals, Time
from osteon.units import DAYS_PER_YEAR


@dataclass(frozen=True)
class Protocol:
    """An immutable list of interventions (empty: natural history).

    >>> Protocol().is_empty
    True
    >>> p = Protocol([Unloading("bed_rest", stop_day=119)])
    >>> p.breakpoints(365.0)
    [0.0, 119.0]
    """

    interventions: tuple[Intervention, ...] = field(default_factory=tuple)
    name: str = "natural history"

    def __init__(self, interventions: Iterable[Intervention] = (), name: str | None = None
                 ) -> None:
        items = tuple(interventions)
        for i, it in enumerate(items):
            if not isinstance(it, Intervention):
                raise OsteonInputError(
                    f"protocol.interventions[{i}]",
                    f"expected an Intervention, got {type(it).__name__}",
                    'Protocol([Unloading("bed_rest")])',
                )
        from osteon.dose_totals import check_dose_totals

        check_dose_totals(items)  # limits on the total of an agent (issue 15)
        object.__setattr__(self, "interventions", items)
        object.__setattr__(self, "name", name or ("natural history" if not items else "protocol"))

    @property
    def is_empty(self) -> bool:
        return not self.interventions

    def breakpoints(self, duration_days: float) -> list[float]:
        """Sorted start/stop times before ``duration_days`` (negative: before follow-up)."""
        pts = {b for it in self.interventions for b in it.breakpoints() if b < duration_days}
        return sorted(pts)

    def before_followup(self) -> Protocol:
        """The interventions that act before day 0 (a negative start), in order.

        The years before follow-up depend on these alone, so arms whose protocols have
        the same part before day 0 can share one simulated history
        (:meth:`osteon.Simulation.history`).

        >>> from osteon.physiology.pharmacology.glucocorticoids import Glucocorticoid
        >>> p = Protocol([Glucocorticoid(start_day=-365.25), Unloading("bed_rest")])
        >>> [it.kind for it in p.before_followup().interventions]
        ['glucocorticoid']
        >>> Protocol([Unloading("bed_rest")]).before_followup().is_empty
        True
        """
        early = tuple(it for it in self.interventions if it.start_day < 0)
        return Protocol(early, name="before follow-up") if early else Protocol()

    def exposure_before_age_30(self, ages: Iterable[float]) -> list[str]:
        """For each age at the start of follow-up (years), a note on the exposure that began
        before that subject's 30th birthday ("" where none).

        Osteon starts every subject at peak bone mass at 30 (nothing moves before), so such
        exposure acts from that birthday on (its drug clocks still count from the true
        start); the note says so, for the result and the validation report.

        >>> from osteon.physiology.pharmacology.glucocorticoids import Glucocorticoid
        >>> p = Protocol([Glucocorticoid(start_day=-10 * 365.25)])
        >>> p.exposure_before_age_30([55.0, 35.0])[0]
        ''
        >>> p.exposure_before_age_30([55.0, 35.0])[1]  # doctest: +NORMALIZE_WHITESPACE
        'glucocorticoid began at age 25 (10 years before follow-up), before the 30th birthday,
        where Osteon starts at peak bone mass: its exposure before age 30 is not simulated,
        only its effects from age 30 on'
        """
        early = self.before_followup().interventions
        out = []
        for age in ages:
            birthday = (PEAK_BONE_AGE - float(age)) * DAYS_PER_YEAR  # follow-up day of age 30
            parts = []
            for it in early:
                if it.start_day >= birthday:
                    continue
                text = (f"{it.kind} began at age {float(age) + it.start_day / DAYS_PER_YEAR:.3g} "
                        f"({-it.start_day / DAYS_PER_YEAR:.3g} years before follow-up)")
                if it.stop_day is not None and it.stop_day <= birthday:
                    text += (f" and ended at age {float(age) + it.stop_day / DAYS_PER_YEAR:.3g}")
                parts.append(text)
            out.append("" if not parts else "; ".join(parts) + (
                ", before the 30th birthday, where Osteon starts at peak bone mass: its "
                "exposure before age 30 is not simulated, only its effects from age 30 on"))
        return out

    def apply(self, t: Time, signals: Signals, params: ParameterSet) -> Signals:
        """Apply every intervention at ``t`` (days; scalar or one time per subject), by phase."""
        if signals.baseline is None:
            signals.baseline = signals.hormones
        for it in sorted(self.interventions, key=lambda i: i.phase):
            it.apply(t, signals, params)
        return signals

    def describe(self) -> str:
        if self.is_empty:
            return "natural history (no intervention)"
        return "; ".join(it.describe() for it in self.interventions)

    def evidence(self) -> list[dict[str, Any]]:
        """Evidence grade and citation behind each intervention."""
        return [
            {
                "intervention": it.kind,
                "evidence": it.evidence.value,
                "citation": it.citation,
                "extrapolated": it.evidence.extrapolated,
            }
            for it in self.interventions
        ]


def as_protocol(value: Protocol | Sequence[Intervention] | None) -> Protocol:
    if value is None:
        return Protocol()
    if isinstance(value, Protocol):
        return value
    return Protocol(value)


__all__ = ["UNLOADING_KINDS", "Drive", "HandOver", "Intervention", "Protocol", "Signals", "Time",
           "Unloading", "as_protocol"]
