"""Nutrition: calcium, vitamin D, protein, vitamin K2, magnesium and zinc.

:data:`BUILDERS` maps the ``FORMAT.md`` kinds to builders that take one
intervention of a trial file (a plain mapping with doses and times as
strings, or the reader's ``InterventionSpec``) and return the intervention;
:data:`SCHEMAS` declares each kind's trial-file fields (both read by the table of
:mod:`osteon.physiology.pharmacology.registry`).
The reduced calcium - PTH - vitamin D relations live in
:mod:`osteon.physiology.nutrition.calcium_axis`.
"""

from __future__ import annotations

from typing import Any

from osteon.errors import OsteonInputError
from osteon.physiology.nutrition.supplements import (
    CALCIUM_SOURCES,
    VITAMIN_K2_AGENTS,
    Calcium,
    Magnesium,
    Protein,
    VitaminD,
    VitaminK2,
    Zinc,
    covariate,
)
from osteon.physiology.schema import EVERY, FieldSchema, KindSchema, agent_field, dose_field
from osteon.physiology.specs import dose_mg_or_iu, interval_days, spec_fields
from osteon.signals import Intervention

_DOSED = ("dose", "every")


def _mass_and_interval(kind: str, f: dict, example: str) -> tuple[float, float]:
    for req in _DOSED:
        if req not in f:
            raise OsteonInputError(f"{kind}.{req}", "is required", example)
    amount, unit = dose_mg_or_iu(f["dose"], f"{kind}.dose")
    if unit != "mg":
        raise OsteonInputError(f"{kind}.dose", f"{kind} is dosed by mass (mg, ug or g), not {unit}",
                               example)
    return amount, interval_days(f["every"], f"{kind}.every")


def calcium_from_spec(spec: Any) -> Intervention:
    """Build :class:`Calcium` from a ``calcium`` spec.

    >>> calcium_from_spec({"intervention": "calcium", "dose": "1000 mg", "every": "1 day"}).daily_mg
    1000.0
    """
    f, start, stop = spec_fields(spec, "calcium", ("dose", "every", "source"))
    dose, every = _mass_and_interval("calcium", f, "dose: 1000 mg, every: 1 day")
    return Calcium(start_day=start, stop_day=stop, dose_mg=dose, every_days=every,
                   source=f.get("source", "supplement"))


def vitamin_d_from_spec(spec: Any) -> Intervention:
    """Build :class:`VitaminD` from a ``vitamin_d`` spec (IU, or a mass of vitamin D3).

    >>> vitamin_d_from_spec({"intervention": "vitamin_d", "dose": "20 ug", "every": "1 day"}).dose_iu
    800.0
    """
    f, start, stop = spec_fields(spec, "vitamin_d", ("dose", "every"))
    for req in _DOSED:
        if req not in f:
            raise OsteonInputError(f"vitamin_d.{req}", "is required", "dose: 800 IU, every: 1 day")
    amount, unit = dose_mg_or_iu(f["dose"], "vitamin_d.dose")
    iu = amount if unit == "IU" else round(amount * 1000.0 * 40.0, 9)  # 1 ug D3 = 40 IU
    return VitaminD(start_day=start, stop_day=stop, dose_iu=iu,
                    every_days=interval_days(f["every"], "vitamin_d.every"))


def protein_from_spec(spec: Any) -> Intervention:
    """Build :class:`Protein` from a ``protein`` spec.

    >>> protein_from_spec({"intervention": "protein", "target_g_per_kg_per_day": 1.2}).describe()
    'protein (1.2 g/kg/day) from day 0 to end'
    """
    f, start, stop = spec_fields(spec, "protein", ("target_g_per_kg_per_day",))
    if "target_g_per_kg_per_day" not in f:
        raise OsteonInputError("protein.target_g_per_kg_per_day", "is required",
                               "target_g_per_kg_per_day: 1.2")
    return Protein(start_day=start, stop_day=stop,
                   target_g_per_kg_per_day=f["target_g_per_kg_per_day"])


def vitamin_k2_from_spec(spec: Any) -> Intervention:
    """Build :class:`VitaminK2` from a ``vitamin_k2`` spec.

    >>> vitamin_k2_from_spec({"intervention": "vitamin_k2", "agent": "menaquinone_4",
    ...                       "dose": "45 mg", "every": "1 day"}).agent
    'menaquinone_4'
    """
    f, start, stop = spec_fields(spec, "vitamin_k2", ("agent", "dose", "every"))
    if "agent" not in f:
        raise OsteonInputError("vitamin_k2.agent", "is required", "agent: menaquinone_7")
    dose, every = _mass_and_interval("vitamin_k2", f, "agent: menaquinone_7, dose: 180 ug, "
                                     "every: 1 day")
    return VitaminK2(start_day=start, stop_day=stop, agent=f["agent"], dose_mg=dose,
                     every_days=every)


def magnesium_from_spec(spec: Any) -> Intervention:
    """Build :class:`Magnesium` from a ``magnesium`` spec."""
    f, start, stop = spec_fields(spec, "magnesium", ("dose", "every"))
    dose, every = _mass_and_interval("magnesium", f, "dose: 300 mg, every: 1 day")
    return Magnesium(start_day=start, stop_day=stop, dose_mg=dose, every_days=every)


def zinc_from_spec(spec: Any) -> Intervention:
    """Build :class:`Zinc` from a ``zinc`` spec."""
    f, start, stop = spec_fields(spec, "zinc", ("dose", "every"))
    dose, every = _mass_and_interval("zinc", f, "dose: 15 mg, every: 1 day")
    return Zinc(start_day=start, stop_day=stop, dose_mg=dose, every_days=every)


# ---------------------------------------------------------------- trial-file declarations

SCHEMAS = {
    "calcium": KindSchema(
        "calcium",
        {"dose": dose_field("1000 mg"), "every": EVERY,
         "source": FieldSchema("enum", "source: supplement", choices=CALCIUM_SOURCES)},
        ("dose", "every"),
        "{intervention: calcium, dose: 1000 mg, every: 1 day, source: supplement}"),
    "vitamin_d": KindSchema(
        "vitamin_d", {"dose": dose_field("800 IU", ("IU",)), "every": EVERY}, ("dose", "every"),
        "{intervention: vitamin_d, dose: 800 IU, every: 1 day}"),
    "protein": KindSchema(
        "protein",
        {"target_g_per_kg_per_day": FieldSchema("number", "target_g_per_kg_per_day: 1.2",
                                                 lo=0.0, hi=5.0, lo_open=True,
                                                 units="g/kg/day")},
        ("target_g_per_kg_per_day",),
        "{intervention: protein, target_g_per_kg_per_day: 1.2}"),
    "vitamin_k2": KindSchema(
        "vitamin_k2",
        {"agent": agent_field(VITAMIN_K2_AGENTS), "dose": dose_field("180 ug"), "every": EVERY},
        ("agent", "dose", "every"),
        "{intervention: vitamin_k2, agent: menaquinone_7, dose: 180 ug, every: 1 day}"),
    "magnesium": KindSchema(
        "magnesium", {"dose": dose_field("300 mg"), "every": EVERY}, ("dose", "every"),
        "{intervention: magnesium, dose: 300 mg, every: 1 day}"),
    "zinc": KindSchema(
        "zinc", {"dose": dose_field("15 mg"), "every": EVERY}, ("dose", "every"),
        "{intervention: zinc, dose: 15 mg, every: 1 day}"),
}
"""``FORMAT.md`` kind -> trial-file schema."""

BUILDERS = {
    "calcium": calcium_from_spec,
    "vitamin_d": vitamin_d_from_spec,
    "protein": protein_from_spec,
    "vitamin_k2": vitamin_k2_from_spec,
    "magnesium": magnesium_from_spec,
    "zinc": zinc_from_spec,
}
"""``FORMAT.md`` kind -> builder, for the registry's table."""

__all__ = [
    "BUILDERS",
    "SCHEMAS",
    "CALCIUM_SOURCES",
    "VITAMIN_K2_AGENTS",
    "Calcium",
    "Magnesium",
    "Protein",
    "VitaminD",
    "VitaminK2",
    "Zinc",
    "calcium_from_spec",
    "covariate",
    "magnesium_from_spec",
    "protein_from_spec",
    "vitamin_d_from_spec",
    "vitamin_k2_from_spec",
    "zinc_from_spec",
]
