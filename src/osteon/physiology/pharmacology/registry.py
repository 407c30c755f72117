"""Registration table of the drugs declared one module per intervention kind.

Each module named in :data:`DRUG_MODULES` declares, in one place, everything
about one ``FORMAT.md`` intervention kind:

``KIND``
    the intervention kind of the trial file (``"bisphosphonate"``);
``SCHEMA``
    its trial-file fields (:class:`DrugSchema`), read by
    :mod:`osteon.trials.format` to check trial files;
``RECORDS``
    its parameter records (same tuple format as
    :mod:`osteon.parameters.default`), loaded into the default parameter set;
``from_spec``
    the builder ``spec -> Intervention`` used by the trial runner.

Adding such a drug touches two source files: its own module and the table
below (plus its line in ``FORMAT.md``).

>>> sorted(schemas())
['bisphosphonate', 'gnrh_agonist', 'romosozumab', 'serm']
>>> schemas()["serm"].fields["agent"].choices
('raloxifene', 'bazedoxifene')
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

DRUG_MODULES: dict[str, str] = {
    "bisphosphonate": "osteon.physiology.pharmacology.bisphosphonates",
    "serm": "osteon.physiology.pharmacology.serms",
    "romosozumab": "osteon.physiology.pharmacology.romosozumab",
    "gnrh_agonist": "osteon.physiology.pharmacology.gnrh_agonists",
}
"""Intervention kind -> the module that declares it."""


@dataclass(frozen=True)
class FieldSchema:
    """One trial-file field of a drug.

    ``type`` is one of ``enum`` (``choices``), ``dose`` (``dose_units``: ``"mg"``
    for any mass, ``"IU"``) or ``time``; ``example`` is shown in error messages.
    """

    type: str
    example: str
    choices: tuple[str, ...] = ()
    dose_units: tuple[str, ...] = ("mg",)


@dataclass(frozen=True)
class DrugSchema:
    """The trial-file fields of one intervention kind (all of ``required`` must be given)."""

    kind: str
    fields: dict[str, FieldSchema]
    required: tuple[str, ...]
    example: str
    agents: tuple[str, ...] = field(default=())


def agent_field(choices: tuple[str, ...]) -> FieldSchema:
    """The ``agent`` field with its allowed values."""
    return FieldSchema("enum", f"agent: {choices[0]}", choices=choices)


def dose_field(example: str, units: tuple[str, ...] = ("mg",)) -> FieldSchema:
    """A ``dose`` field (text with units)."""
    return FieldSchema("dose", f"dose: {example}", dose_units=units)


def every_field(example: str = "1 day") -> FieldSchema:
    """An ``every`` field (a time)."""
    return FieldSchema("time", f"every: {example}")


def modules() -> list[ModuleType]:
    """The declaring modules, imported, in table order."""
    return [importlib.import_module(name) for name in DRUG_MODULES.values()]


def schemas() -> dict[str, DrugSchema]:
    """Intervention kind -> trial-file schema."""
    return {m.KIND: m.SCHEMA for m in modules()}


def builders() -> dict[str, Callable[[Any], Any]]:
    """Intervention kind -> builder ``spec -> Intervention``."""
    return {m.KIND: m.from_spec for m in modules()}


def records() -> list[tuple]:
    """Parameter records of every registered drug."""
    return [r for m in modules() for r in m.RECORDS]


__all__ = ["DRUG_MODULES", "DrugSchema", "FieldSchema", "agent_field", "builders",
           "dose_field", "every_field", "modules", "records", "schemas"]
