"""What interventions act on: :class:`Signals`, the :class:`Intervention` base class and
the :class:`HandOver` between interventions.

These are the shared base types of :mod:`osteon.protocol` (the :class:`~osteon.protocol.Protocol`
that orders interventions) and of the interventions themselves, which live with the
physiology they drive (:mod:`osteon.physiology.pharmacology`, ``mechanics``, ``nutrition``).
This module imports no physiology (the hormone and training types below are annotations
only), so that the physiology can build on it while :mod:`osteon.protocol` builds on the
physiology: no import cycle (``tests/test_import_cycles.py``). :mod:`osteon.protocol`
re-exports every name, the public path.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from osteon import checks
from osteon.errors import OsteonInputError
from osteon.parameters.records import Evidence, ParameterSet

if TYPE_CHECKING:
    from osteon.physiology.endocrine.background import Hormones
    from osteon.physiology.mechanics.training import _Tally

Time = float | np.ndarray
"""Days from the start of follow-up: one time, or one per subject."""


Drive = np.ndarray | float
"""A pathway drive: one value for every subject, or one per subject ``(n,)``."""


@dataclass(frozen=True)
class HandOver:
    """State that an intervention leaves for those applied after it at the same time.

    Interventions run in phase order (:attr:`Intervention.phase`) on one
    :class:`Signals`; some pass state on: a bisphosphonate course adds its drug at bone
    surfaces to what earlier courses left there. That state lives here, declared and
    typed, instead of as ad hoc attributes of :class:`Signals`. It is frozen: an
    intervention hands over with :meth:`Signals.hand_over`, which replaces the object, so
    a shallow copy of a ``Signals`` (as the forecast switchboard makes per treatment
    pattern) never shares a change with the original.

    Attributes
    ----------
    bisphosphonate_pool
        Alendronate-equivalent bisphosphonate (mg) at bone surfaces available to
        osteoclasts, summed over the courses applied so far
        (:mod:`osteon.physiology.pharmacology.bisphosphonates`); 0 without one.
    hpg_suppressed_testosterone, endogenous_testosterone
        The hypothalamic-pituitary-gonadal axis (ng/dL, ``(n,)``; None until one sets
        them): testosterone therapy and GnRH agonists record the body's own testosterone
        they suppressed and what is left of it; gonadorelin restores it
        (:mod:`osteon.physiology.pharmacology.sex_hormones`, ``gnrh_agonists``).
    aromatase_blockade, aromatase_lh_gain
        What an aromatase inhibitor blocks (fraction, ``(n,)``) and the gain of the LH
        rise it causes, for gonadorelin applied after it.
    gonadorelin_floor, gonadorelin_added
        The endogenous testosterone gonadorelin maintains and what it added to reach it
        (ng/dL, ``(n,)``).
    training_tally
        Running tally of the training stimulus inside Carter's sum, summed over the
        programmes applied so far (:mod:`osteon.physiology.mechanics.training`).
    """

    bisphosphonate_pool: Drive = 0.0
    hpg_suppressed_testosterone: np.ndarray | None = None
    endogenous_testosterone: np.ndarray | None = None
    aromatase_blockade: np.ndarray | None = None
    aromatase_lh_gain: np.ndarray | None = None
    gonadorelin_floor: np.ndarray | None = None
    gonadorelin_added: np.ndarray | None = None
    training_tally: _Tally | None = None


@dataclass
class Signals:
    """Everything the bone model reads from the outside world at one time.

    Arrays have shape ``(n,)`` (per subject) or ``(n, sites)`` (``load``).
    Interventions modify these in place.
    """

    hormones: Hormones  # levels the bone model reads (dosing-interval averages under therapy)
    load: np.ndarray  # relative daily stress stimulus per site (1 = habitual), (n, sites)
    female: np.ndarray  # (n,) bool
    age: np.ndarray  # (n,) years
    body_mass_kg: np.ndarray  # (n,)
    steps_per_day: np.ndarray | None = None  # (n,) habitual walking, the habitual load
    # Habitual diet of each subject, (n,), None where the model default applies:
    calcium_mg_per_day: np.ndarray | None = None
    vitamin_d_25oh_nmol_l: np.ndarray | None = None
    protein_g_per_kg_per_day: np.ndarray | None = None
    # Inputs of the calcium subsystem that nutrition interventions set, (n,); None until
    # one does (the model then uses the habitual values above):
    calcium_intake_mg_per_day: np.ndarray | None = None  # dietary-equivalent oral calcium
    serum_25ohd_nmol_l: np.ndarray | None = None  # serum 25-hydroxyvitamin D now
    serum_magnesium_change: np.ndarray | float = 0.0  # mmol/L above the subject's habitual
    baseline: Hormones | None = None  # the endocrine background before any intervention
    # Ovarian fraction (0-1) of each woman, (n,): splits her baseline estradiol into its
    # ovarian and extragonadal parts (endocrine.background.estradiol_sources); None = unknown.
    ovarian_fraction: np.ndarray | None = None
    # Instantaneous serum levels for reports (peaks and troughs of injections); None = hormones.
    hormones_instant: Hormones | None = None
    # Multiplicative drives on named pathways, 1 when nothing acts on them, shape (n,):
    rank_blockade: np.ndarray | float = 1.0  # fraction of RANKL left free (denosumab)
    rankl_expression: np.ndarray | float = 1.0  # RANKL made per cell (e.g. PTH excess)
    ob_recruitment: np.ndarray | float = (
        1.0  # osteoblast precursor recruitment (PTH pulses, protein)
    )
    ob_apoptosis: np.ndarray | float = 1.0  # active osteoblast death rate (PTH pulses prolong life)
    matrix_synthesis: np.ndarray | float = 1.0  # collagen matrix laid down per osteoblast
    mineralization: np.ndarray | float = 1.0  # speed of primary and secondary mineralization
    oc_apoptosis: np.ndarray | float = 1.0  # osteoclast death rate
    ocy_viability: np.ndarray | float = 1.0  # target osteocyte viability (glucocorticoids)
    gut_calcium_absorption: np.ndarray | float = 1.0  # intestinal calcium absorption factor
    # Additive: osteoblast recruitment onto quiescent surfaces (modeling-based formation,
    # e.g. with intermittent PTH), in units of the reference recruitment; 0 = none.
    modeling: np.ndarray | float = 0.0
    # The part of ``modeling`` recruited through the PTH receptor (teriparatide), which the
    # proximal femur's cancellous bone answers less (drug_modeling_femur_factor; envelopes.py).
    pth_modeling: np.ndarray | float = 0.0
    # Additive: share of each resorption cavity left unfilled because of an intervention
    # (teriparatide withdrawal), in the envelopes where interventions' modeling lands; 0 = none.
    focal_loss: np.ndarray | float = 0.0
    # Names of the pathways an intervention drove from animal-only or absent evidence.
    extrapolated: tuple[str, ...] = ()
    # Hand-over between interventions applied in phase order: see HandOver.
    handover: HandOver = field(default_factory=HandOver)
    # Load the mechanostat has accommodated to and still remembers after a programme
    # stops, relative to ``load`` (n, sites); None = nothing remembered (mechanics/training).
    load_accommodated: np.ndarray | None = None

    def hand_over(self, **values: Any) -> None:
        """Leave state for the interventions applied later (fields of :class:`HandOver`).

        >>> import numpy as np
        >>> from osteon.physiology.endocrine.background import Hormones
        >>> one = np.ones(1)
        >>> h = Hormones(*(one,) * 6)
        >>> sig = Signals(hormones=h, load=np.ones((1, 4)), female=one > 0, age=60 * one,
        ...               body_mass_kg=70 * one)
        >>> sig.hand_over(bisphosphonate_pool=np.array([2.0]))
        >>> sig.handover.bisphosphonate_pool
        array([2.])
        """
        self.handover = replace(self.handover, **values)

    def set_hormones(self, instant: dict[str, np.ndarray] | None = None,
                     **levels: np.ndarray) -> None:
        """Replace some hormone levels (keyword: array), keeping the others.

        ``levels`` are what the bone model reads; ``instant`` (optional, same keys)
        are the instantaneous serum levels reported in results, when they differ
        (e.g. the peaks and troughs of a weekly injection).
        """
        if self.hormones_instant is None:
            self.hormones_instant = self.hormones
        self.hormones = replace(self.hormones, **levels)
        self.hormones_instant = replace(self.hormones_instant, **{**levels, **(instant or {})})

    def scale(self, name: str, factor: Drive) -> None:
        """Multiply one pathway drive (``ob_recruitment``, ``rank_blockade``...) by ``factor``."""
        setattr(self, name, np.asarray(getattr(self, name), dtype=float) * factor)

    def flag_extrapolated(self, what: str) -> None:
        """Record that a pathway was driven without human evidence."""
        if what not in self.extrapolated:
            self.extrapolated = (*self.extrapolated, what)


#: Earliest start of an intervention before follow-up (days; 80 years): a limit on the
#: input, like the 80 years of follow-up a Simulation accepts.
MAX_PRIOR_DAYS = 80 * 365.25


@dataclass(frozen=True)
class Intervention:
    """Base class: something applied from ``start`` to ``stop`` (days of follow-up).

    ``start`` may be negative (exposure before follow-up, at most :data:`MAX_PRIOR_DAYS`
    before it), and so may ``stop`` (a course that ended before follow-up).
    """

    start_day: float = 0.0
    stop_day: float | None = None
    kind: ClassVar[str] = "intervention"
    evidence: ClassVar[Evidence] = Evidence.ASSUMED
    citation: ClassVar[str] = ""
    # Order of application within a protocol: 0 hormone sources (exogenous hormones),
    # 1 hormone modifiers (aromatase inhibition, HPG feedback, gonadorelin),
    # 2 drugs acting on bone cells, 3 loading and nutrition.
    phase: ClassVar[int] = 2

    def __post_init__(self) -> None:
        # finite numbers only: a NaN start or stop would make the intervention silently
        # never run (issue 15). A negative start is exposure that began before follow-up,
        # a negative stop a course that ended before it (the years before day 0 are
        # simulated from each subject's 30th birthday: Simulation.history).
        start = checks.number(f"{self.kind}.start", self.start_day, "start: 0 months",
                              lo=-MAX_PRIOR_DAYS, units="days")
        object.__setattr__(self, "start_day", start)
        if self.stop_day is not None:
            object.__setattr__(self, "stop_day", checks.number(
                f"{self.kind}.stop", self.stop_day, "start: 0 months, stop: 24 months",
                units="days"))
        if self.stop_day is not None and self.stop_day <= self.start_day:
            raise OsteonInputError(
                f"{self.kind}.stop",
                f"stop ({self.stop_day:g} days) must come after start ({self.start_day:g} days)",
                "start: 0 months, stop: 24 months (a past course: start: -5 years, stop: -1 year)",
            )

    def active(self, t: Time) -> np.ndarray:
        """Whether the intervention is on at ``t`` (days; scalar or array, elementwise)."""
        t = np.asarray(t, dtype=float)
        on = t >= self.start_day
        if self.stop_day is not None:
            on = on & (t < self.stop_day)
        return on

    def breakpoints(self) -> list[float]:
        out = [self.start_day]
        if self.stop_day is not None:
            out.append(self.stop_day)
        return out

    def apply(self, t: Time, signals: Signals, params: ParameterSet) -> None:  # pragma: no cover
        raise NotImplementedError

    def describe(self) -> str:
        stop = "end" if self.stop_day is None else f"day {self.stop_day:g}"
        return f"{self.kind} from day {self.start_day:g} to {stop}"


__all__ = ["MAX_PRIOR_DAYS", "Drive", "HandOver", "Intervention", "Signals", "Time"]
