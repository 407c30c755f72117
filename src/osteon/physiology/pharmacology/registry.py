"""The one table of intervention kinds: each kind declared in the module that builds it.

Every ``FORMAT.md`` intervention kind (hormones, drugs, nutrition, training,
unloading) is declared once, in the module that holds its builder, and named
in :data:`KIND_MODULES`. A module declaring **one** kind defines

``KIND``
    the intervention kind of the trial file (``"bisphosphonate"``);
``SCHEMA``
    its trial-file fields (:class:`~osteon.physiology.schema.KindSchema`: fields,
    units, allowed agents and routes, examples);
``from_spec``
    the builder ``spec -> Intervention`` used by the trial runner;

a module declaring **several** kinds defines ``SCHEMAS`` and ``BUILDERS``, two dicts
keyed by kind. Either may add ``RECORDS`` (parameter records, same tuple format as
:mod:`osteon.parameters.default`), loaded into the default parameter set.

Who reads the table: the trial reader (:mod:`osteon.trials.format`: the vocabulary
and every field check), the builders (:mod:`osteon.trials.interventions`), the
parameter set (:mod:`osteon.physiology.pharmacology.records`), the web vocabulary
(``/api/vocabulary``) and ``osteon vocabulary``. A test checks that ``FORMAT.md``
and this table list the same kinds and values.

Adding a drug of a new kind touches two source files: its own module and the table
below (plus its line in ``FORMAT.md``).

>>> list(KIND_MODULES)[:3]
['estrogen', 'progestogen', 'testosterone']
>>> schemas()["serm"].fields["agent"].choices
('raloxifene', 'bazedoxifene', 'tamoxifen')
>>> schemas()["unloading"].fields["kind"].choices
('bed_rest', 'spaceflight', 'spinal_cord_injury', 'immobilization')
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from types import ModuleType
from typing import Any

from osteon.physiology.schema import (
    FieldSchema,
    KindSchema,
    agent_field,
    dose_field,
    every_field,
)

_SEX_HORMONES = "osteon.physiology.pharmacology.sex_hormones"
_GH_AXIS = "osteon.physiology.pharmacology.gh_axis"
_BONE_DRUGS = "osteon.physiology.pharmacology.bone_drugs"
_TRAINING = "osteon.physiology.mechanics.builders"
_NUTRITION = "osteon.physiology.nutrition"

KIND_MODULES: dict[str, str] = {
    "estrogen": _SEX_HORMONES,
    "progestogen": _SEX_HORMONES,
    "testosterone": _SEX_HORMONES,
    "aromatase_inhibitor": _SEX_HORMONES,
    "gonadorelin": _SEX_HORMONES,
    "growth_hormone": _GH_AXIS,
    "gh_secretagogue": _GH_AXIS,
    "glucocorticoid": "osteon.physiology.pharmacology.glucocorticoids",
    "resistance_training": _TRAINING,
    "impact_training": _TRAINING,
    "walking": _TRAINING,
    "unloading": _TRAINING,
    "calcium": _NUTRITION,
    "vitamin_d": _NUTRITION,
    "protein": _NUTRITION,
    "vitamin_k2": _NUTRITION,
    "magnesium": _NUTRITION,
    "zinc": _NUTRITION,
    "denosumab": _BONE_DRUGS,
    "teriparatide": _BONE_DRUGS,
    "bisphosphonate": "osteon.physiology.pharmacology.bisphosphonates",
    "serm": "osteon.physiology.pharmacology.serms",
    "romosozumab": "osteon.physiology.pharmacology.romosozumab",
    "gnrh_agonist": "osteon.physiology.pharmacology.gnrh_agonists",
}
"""Intervention kind -> the module that declares it (in the order of ``FORMAT.md``'s
table, which is the order of the reader's messages)."""


def module_of(kind: str) -> ModuleType:
    """The declaring module of ``kind``, imported."""
    return importlib.import_module(KIND_MODULES[kind])


def modules() -> list[ModuleType]:
    """The declaring modules, imported, each once, in table order."""
    return [importlib.import_module(name) for name in dict.fromkeys(KIND_MODULES.values())]


def schema(kind: str) -> KindSchema:
    """The trial-file schema of ``kind``."""
    m = module_of(kind)
    return m.SCHEMAS[kind] if hasattr(m, "SCHEMAS") else m.SCHEMA


def builder(kind: str) -> Callable[[Any], Any]:
    """The builder ``spec -> Intervention`` of ``kind``."""
    m = module_of(kind)
    return m.BUILDERS[kind] if hasattr(m, "SCHEMAS") else m.from_spec


def schemas() -> dict[str, KindSchema]:
    """Intervention kind -> trial-file schema, in table order."""
    return {kind: schema(kind) for kind in KIND_MODULES}


def builders() -> dict[str, Callable[[Any], Any]]:
    """Intervention kind -> builder ``spec -> Intervention``, in table order."""
    return {kind: builder(kind) for kind in KIND_MODULES}


def records() -> list[tuple]:
    """Parameter records declared by the modules of the table (``RECORDS``)."""
    return [r for m in modules() for r in getattr(m, "RECORDS", ())]


__all__ = ["KIND_MODULES", "FieldSchema", "KindSchema", "agent_field", "builder", "builders",
           "dose_field", "every_field", "module_of", "modules", "records", "schema", "schemas"]
