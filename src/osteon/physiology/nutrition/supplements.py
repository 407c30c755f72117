"""Nutrition interventions: calcium, vitamin D, protein, vitamin K2, magnesium, zinc.

All act in phase 3 through :class:`osteon.protocol.Signals`: calcium, vitamin D and
magnesium set inputs of the calcium - PTH - vitamin D subsystem
(:mod:`osteon.physiology.calcium`), whose PTH then scales RANKL expression in every
site; the others act on pathway drives directly:

========== ============================================================ ==================
kind       pathway                                                      evidence (bone)
========== ============================================================ ==================
calcium    oral calcium -> gut absorption -> serum Ca -> PTH -> RANKL   human RCT (Tai 2015)
vitamin_d  serum 25(OH)D -> calcitriol -> absorption -> PTH -> RANKL    human RCT (Reid 2014)
protein    ``matrix_synthesis`` and serum IGF-1                         human RCT (meta 2017)
vitamin_k2 osteocalcin carboxylation -> ``mineralization``              assumed, flagged
magnesium  serum Mg -> 1-alpha-hydroxylase cofactor -> calcitriol       human observational
zinc       ``ob_recruitment``                                           animal, flagged
========== ============================================================ ==================

Intakes are daily averages (``dose / every``): the bone model sees smooth
levels, never the pills. Effects are relative to the subject's habitual intake
(``signals.calcium_mg_per_day``, ``signals.vitamin_d_25oh_nmol_l``,
``signals.protein_g_per_kg_per_day`` when Signals carries them, else the
population defaults in :mod:`osteon.physiology.nutrition.records`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from osteon.errors import OsteonInputError
from osteon.parameters.records import Evidence
from osteon.physiology.nutrition.calcium_axis import (
    absorbed_calcium,
    first_order_course,
    fractional_absorption,
    vitamin_d_steady_rise,
)
from osteon.signals import Intervention, Signals

CALCIUM_SOURCES = ("supplement", "dietary")
VITAMIN_K2_AGENTS = ("menaquinone_4", "menaquinone_7")
MAX_DAILY_MG = {"calcium": 5000.0, "magnesium": 3000.0, "zinc": 200.0, "vitamin_k2": 200.0}
"""Daily averages above these (mg/day) are refused as implausible (several times the
tolerable upper intake levels of the IOM / EFSA)."""
MAX_VITAMIN_D_IU_PER_DAY = 50000.0


def covariate(signals: Signals, name: str, default: float) -> np.ndarray:
    """Per-subject habitual value ``signals.<name>`` if Signals carries it, else ``default``."""
    n = signals.female.shape[0]
    value = getattr(signals, name, None)
    if value is None:
        return np.full(n, float(default))
    value = np.broadcast_to(np.asarray(value, dtype=float), (n,))
    return np.where(np.isfinite(value), value, float(default))  # NaN: no measured value


def _on(self: Intervention, t, signals: Signals) -> np.ndarray:
    return np.broadcast_to(self.active(t), signals.female.shape)


def _positive(field: str, value, example: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not np.isfinite(value) \
            or value <= 0:
        raise OsteonInputError(field, f"{value!r} must be a positive number", example)
    return float(value)


@dataclass(frozen=True)
class _Nutrient(Intervention):
    """A daily-averaged intake of ``dose_mg`` every ``every_days`` (phase 3)."""

    dose_mg: float = 0.0
    every_days: float = 1.0
    phase: ClassVar[int] = 3
    example: ClassVar[str] = "dose: 100 mg, every: 1 day"

    def __post_init__(self) -> None:
        super().__post_init__()
        k = self.kind
        object.__setattr__(self, "dose_mg", _positive(f"{k}.dose", self.dose_mg, self.example))
        object.__setattr__(self, "every_days", _positive(f"{k}.every", self.every_days,
                                                         "every: 1 day"))
        limit = MAX_DAILY_MG.get(k)
        if limit is not None and self.daily_mg > limit:
            raise OsteonInputError(f"{k}.dose", f"{self.daily_mg:g} mg/day on average is above the "
                                   f"plausible maximum of {limit:g} mg/day", self.example)
        if limit is not None:  # stacked entries share the limit (osteon.dose_totals)
            object.__setattr__(self, "dose_share", self.daily_mg / limit)
            object.__setattr__(self, "dose_cap_text", f"{limit:g} mg/day")

    @property
    def daily_mg(self) -> float:
        """Average intake (mg/day)."""
        return self.dose_mg / self.every_days

    def describe(self) -> str:
        what = f"{self.dose_mg:g} mg every {self.every_days:g} day(s)"
        return super().describe().replace(self.kind, f"{self.kind} ({what})", 1)


@dataclass(frozen=True)
class Calcium(_Nutrient):
    """Calcium added to the habitual intake.

    The calcium subsystem absorbs more calcium, serum calcium rises a little and PTH
    falls, hence RANKL expression and the activation of new remodeling units: the
    remodeling space closes, a one-off gain within the first year (Tai V et al. BMJ
    2015;351:h4183). A supplement taken as one load is absorbed less efficiently than
    the same calcium spread over meals (Heaney RP et al. J Bone Miner Res 1990;5:1135):
    it enters the subsystem as its dietary-equivalent intake
    (``signals.calcium_intake_mg_per_day``).

    Parameters
    ----------
    dose_mg, every_days
        Elemental calcium per dose (mg) and dosing interval (days).
    source
        ``"supplement"`` (each dose absorbed as one load) or ``"dietary"``
        (spread over the meals of the day).

    Examples
    --------
    >>> Calcium(dose_mg=1000.0).describe()
    'calcium (1000 mg every 1 day(s), supplement) from day 0 to end'
    >>> Calcium(dose_mg=1000.0, source="pill")
    Traceback (most recent call last):
    ...
    osteon.errors.OsteonInputError: calcium.source: 'pill' is not one of supplement, dietary. Valid example: source: supplement
    """

    source: str = "supplement"
    kind: ClassVar[str] = "calcium"
    evidence: ClassVar[Evidence] = Evidence.HUMAN_RCT
    citation: ClassVar[str] = "Tai V et al. BMJ 2015;351:h4183"
    example: ClassVar[str] = "dose: 1000 mg, every: 1 day"

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.source not in CALCIUM_SOURCES:
            raise OsteonInputError("calcium.source", f"{self.source!r} is not one of "
                                   f"{', '.join(CALCIUM_SOURCES)}", "source: supplement")

    def absorbed_ratio(self, habitual_mg_per_day, params):
        """Absorbed calcium with the intervention relative to habitual (vitamin D unchanged)."""
        hab = np.asarray(habitual_mg_per_day, dtype=float)
        a0 = absorbed_calcium(hab, params)
        if self.source == "dietary":
            a1 = absorbed_calcium(hab + self.daily_mg, params)
        else:
            a1 = a0 + self.dose_mg / self.every_days * fractional_absorption(self.dose_mg, params)
        return a1 / a0

    def apply(self, t, signals: Signals, params) -> None:
        on = _on(self, t, signals)
        hab = covariate(signals, "calcium_mg_per_day", params["calcium_habitual_intake"])
        now = hab if signals.calcium_intake_mg_per_day is None else \
            signals.calcium_intake_mg_per_day
        added = hab * (self.absorbed_ratio(hab, params) - 1.0)  # dietary-equivalent mg/day
        signals.calcium_intake_mg_per_day = now + np.where(on, added, 0.0)

    def describe(self) -> str:
        return super().describe().replace("day(s))", f"day(s), {self.source})", 1)


@dataclass(frozen=True)
class VitaminD(Intervention):
    """Vitamin D3 intake -> serum 25(OH)D -> calcitriol -> calcium absorption -> PTH -> RANKL.

    25(OH)D approaches ``habitual + 0.7 nmol/L per ug/day`` with a ~15-day
    half-life and washes out the same way after ``stop`` (closed form); it is the
    substrate of calcitriol synthesis in the calcium subsystem, which saturates, so
    raising 25(OH)D lowers PTH little once the subject is replete (Reid IR et al.
    Lancet 2014;383:146: a small femoral neck effect only).

    Parameters
    ----------
    dose_iu, every_days
        IU per dose and dosing interval (days).

    Examples
    --------
    >>> VitaminD(dose_iu=800.0).describe()
    'vitamin_d (800 IU every 1 day(s)) from day 0 to end'
    """

    dose_iu: float = 800.0
    every_days: float = 1.0
    kind: ClassVar[str] = "vitamin_d"
    phase: ClassVar[int] = 3
    evidence: ClassVar[Evidence] = Evidence.HUMAN_RCT
    citation: ClassVar[str] = "Reid IR, Bolland MJ, Grey A. Lancet 2014;383:146"

    def __post_init__(self) -> None:
        super().__post_init__()
        object.__setattr__(self, "dose_iu", _positive("vitamin_d.dose", self.dose_iu,
                                                      "dose: 800 IU"))
        object.__setattr__(self, "every_days", _positive("vitamin_d.every", self.every_days,
                                                         "every: 1 day"))
        if self.iu_per_day > MAX_VITAMIN_D_IU_PER_DAY:
            raise OsteonInputError("vitamin_d.dose", f"{self.iu_per_day:g} IU/day on average is "
                                   f"above the plausible maximum of {MAX_VITAMIN_D_IU_PER_DAY:g}",
                                   "dose: 800 IU, every: 1 day")
        object.__setattr__(self, "dose_share", self.iu_per_day / MAX_VITAMIN_D_IU_PER_DAY)
        object.__setattr__(self, "dose_cap_text", f"{MAX_VITAMIN_D_IU_PER_DAY:g} IU/day")

    @property
    def iu_per_day(self) -> float:
        return self.dose_iu / self.every_days

    def serum_25oh(self, t, habitual, params):
        """Serum 25(OH)D (nmol/L) at ``t`` (days) from a habitual level (nmol/L)."""
        course = first_order_course(t, self.start_day, self.stop_day, params["vitamin_d_halflife"])
        return np.asarray(habitual, dtype=float) + vitamin_d_steady_rise(
            self.iu_per_day, params) * course

    def apply(self, t, signals: Signals, params) -> None:
        d0 = covariate(signals, "vitamin_d_25oh_nmol_l", params["vitamin_d_habitual_25oh"])
        now = d0 if signals.serum_25ohd_nmol_l is None else signals.serum_25ohd_nmol_l
        rise = self.serum_25oh(np.broadcast_to(np.asarray(t, dtype=float), d0.shape), d0,
                               params) - d0
        signals.serum_25ohd_nmol_l = now + rise

    def describe(self) -> str:
        what = f"{self.dose_iu:g} IU every {self.every_days:g} day(s)"
        return super().describe().replace(self.kind, f"{self.kind} ({what})", 1)


@dataclass(frozen=True)
class Protein(Intervention):
    """Total protein intake during the arm (g/kg/day), relative to habitual.

    Matrix laid down per osteoblast scales as ``(P / P0) ** epsilon``
    (collagen matrix; Bonjour JP J Am Coll Nutr 2005;24:526S) and serum IGF-1
    as ``(P / P0) ** zeta`` (Dawson-Hughes B et al. J Clin Endocrinol Metab
    2004;89:1169). An intake below habitual lowers both.

    Examples
    --------
    >>> Protein(target_g_per_kg_per_day=1.2).describe()
    'protein (1.2 g/kg/day) from day 0 to end'
    >>> Protein(target_g_per_kg_per_day=0.0)
    Traceback (most recent call last):
    ...
    osteon.errors.OsteonInputError: protein.target_g_per_kg_per_day: 0.0 must be in (0, 5] g/kg/day. Valid example: target_g_per_kg_per_day: 1.2
    """

    target_g_per_kg_per_day: float = 1.2
    kind: ClassVar[str] = "protein"
    phase: ClassVar[int] = 3
    evidence: ClassVar[Evidence] = Evidence.HUMAN_RCT
    citation: ClassVar[str] = "Shams-White MM et al. Am J Clin Nutr 2017;105:1528"

    def __post_init__(self) -> None:
        super().__post_init__()
        v = self.target_g_per_kg_per_day
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not (0 < v <= 5):
            raise OsteonInputError("protein.target_g_per_kg_per_day",
                                   f"{v!r} must be in (0, 5] g/kg/day",
                                   "target_g_per_kg_per_day: 1.2")
        object.__setattr__(self, "target_g_per_kg_per_day", float(v))

    def apply(self, t, signals: Signals, params) -> None:
        on = _on(self, t, signals)
        hab = covariate(signals, "protein_g_per_kg_per_day", params["protein_habitual_intake"])
        ratio = np.where(on, self.target_g_per_kg_per_day / hab, 1.0)
        signals.scale("matrix_synthesis", ratio ** params["protein_matrix_exponent"])
        igf = ratio ** params["protein_igf1_exponent"]
        inst = signals.hormones_instant if signals.hormones_instant is not None else signals.hormones
        signals.set_hormones(instant={"igf1": inst.igf1 * igf}, igf1=signals.hormones.igf1 * igf)

    def describe(self) -> str:
        what = f"{self.target_g_per_kg_per_day:g} g/kg/day"
        return super().describe().replace(self.kind, f"{self.kind} ({what})", 1)


@dataclass(frozen=True)
class VitaminK2(_Nutrient):
    """Menaquinone (MK-4 45 mg/day, MK-7 180 ug/day): osteocalcin carboxylation -> mineralization.

    A small, assumed effect (at most ``vitamin_k2_mineralization_max``): the
    fracture and BMD trials are small, heterogeneous, industry funded or
    retracted (Cockayne S et al. Arch Intern Med 2006;166:1256; Knapen MH et al.
    Osteoporos Int 2013;24:2499), so the intervention is graded ``assumed`` and
    flagged in the result.

    Examples
    --------
    >>> VitaminK2(agent="menaquinone_7", dose_mg=0.18).describe()
    'vitamin_k2 (menaquinone_7, 0.18 mg every 1 day(s)) from day 0 to end'
    """

    agent: str = "menaquinone_7"
    kind: ClassVar[str] = "vitamin_k2"
    evidence: ClassVar[Evidence] = Evidence.ASSUMED
    citation: ClassVar[str] = ("Cockayne S et al. Arch Intern Med 2006;166:1256; Knapen MH et al. "
                               "Osteoporos Int 2013;24:2499 (weak, compromised evidence)")
    example: ClassVar[str] = "agent: menaquinone_7, dose: 180 ug, every: 1 day"

    def __post_init__(self) -> None:
        if self.agent not in VITAMIN_K2_AGENTS:
            raise OsteonInputError("vitamin_k2.agent", f"{self.agent!r} is not one of "
                                   f"{', '.join(VITAMIN_K2_AGENTS)}", "agent: menaquinone_7")
        super().__post_init__()

    def mineralization_factor(self, params) -> float:
        """Mineralization speed relative to habitual while taken."""
        ed50 = params[f"vitamin_k2_ed50_{self.agent}"]
        return 1.0 + params["vitamin_k2_mineralization_max"] * self.daily_mg / (self.daily_mg + ed50)

    def apply(self, t, signals: Signals, params) -> None:
        on = _on(self, t, signals)
        signals.scale("mineralization", np.where(on, self.mineralization_factor(params), 1.0))
        if on.any():
            signals.flag_extrapolated("vitamin_k2: mineralization (small assumed effect; trial "
                                      "evidence weak, conflicted or retracted)")

    def describe(self) -> str:
        return super().describe().replace("(", f"({self.agent}, ", 1)


def _sufficiency(intake, half):
    return intake / (intake + half)


@dataclass(frozen=True)
class Magnesium(_Nutrient):
    """Magnesium added to habitual intake: cofactor of renal 1-alpha-hydroxylase.

    Serum magnesium rises by ``serum_magnesium_per_intake`` per mg/day, and the
    calcium subsystem's hydroxylase makes more calcitriol (a small effect: Orchard TS
    et al. Am J Clin Nutr 2014;99:926; Rude RK et al. Osteoporos Int 2009;20:1233).

    >>> Magnesium(dose_mg=300.0).describe()
    'magnesium (300 mg every 1 day(s)) from day 0 to end'
    """

    kind: ClassVar[str] = "magnesium"
    evidence: ClassVar[Evidence] = Evidence.HUMAN_OBSERVATIONAL
    citation: ClassVar[str] = ("Orchard TS et al. Am J Clin Nutr 2014;99:926; Rude RK et al. "
                               "Osteoporos Int 2009;20:1233")
    example: ClassVar[str] = "dose: 300 mg, every: 1 day"

    def apply(self, t, signals: Signals, params) -> None:
        on = _on(self, t, signals)
        rise = self.daily_mg * params["serum_magnesium_per_intake"]
        signals.serum_magnesium_change = signals.serum_magnesium_change + np.where(on, rise, 0.0)


@dataclass(frozen=True)
class Zinc(_Nutrient):
    """Zinc added to habitual intake: osteoblast recruitment (animal and in vitro data only).

    No human BMD trial supports an effect, so it is tiny
    (``zinc_ob_exponent``) and flagged as extrapolated.

    >>> Zinc(dose_mg=15.0).describe()
    'zinc (15 mg every 1 day(s)) from day 0 to end'
    """

    kind: ClassVar[str] = "zinc"
    evidence: ClassVar[Evidence] = Evidence.ANIMAL
    citation: ClassVar[str] = "Yamaguchi M J Trace Elem Exp Med 1998;11:119 (animal, in vitro)"
    example: ClassVar[str] = "dose: 15 mg, every: 1 day"

    def apply(self, t, signals: Signals, params) -> None:
        on = _on(self, t, signals)
        k = params["zinc_half_saturation"]
        hab = params["zinc_habitual_intake"]
        ratio = _sufficiency(hab + self.daily_mg, k) / _sufficiency(hab, k)
        signals.scale("ob_recruitment", np.where(on, ratio ** params["zinc_ob_exponent"], 1.0))
        if on.any():
            signals.flag_extrapolated("zinc: osteoblast recruitment (animal and in vitro evidence "
                                      "only)")


__all__ = ["CALCIUM_SOURCES", "VITAMIN_K2_AGENTS", "Calcium", "Magnesium", "Protein", "VitaminD",
           "VitaminK2", "Zinc", "covariate"]
