"""Trial-file schema of one intervention kind, as declared beside its builder.

Every intervention kind of ``FORMAT.md`` declares its fields once, in the module
that builds it (:class:`KindSchema`); the table of
:mod:`osteon.physiology.pharmacology.registry` collects the declarations and the
trial reader (:mod:`osteon.trials.format`), the builders
(:mod:`osteon.trials.interventions`), the web vocabulary and the CLI read them.
This module imports nothing of the model, so any pathway module can use it.

>>> s = KindSchema("zinc", {"dose": dose_field("15 mg"), "every": EVERY},
...                ("dose", "every"), "{intervention: zinc, dose: 15 mg, every: 1 day}")
>>> s.fields["dose"].dose_units, s.fields["every"].type
(('mg',), 'time')
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

FIELD_TYPES = ("enum", "enum_list", "dose", "time", "number", "integer")
"""How a field's value is read: one of ``choices``, a list of them, a dose with units
(``dose_units``), a time with units (days), a number or a whole number (``lo``/``hi``)."""


@dataclass(frozen=True)
class FieldSchema:
    """One trial-file field of an intervention kind.

    ``type`` is one of :data:`FIELD_TYPES`; ``example`` is the valid snippet shown in
    error messages; ``choices`` the allowed values of ``enum``/``enum_list``;
    ``lo``/``hi`` the allowed range of ``number``/``integer`` (``lo_open``: ``lo``
    itself excluded); ``dose_units`` the kinds of dose unit accepted (``"mg"`` for
    any mass, ``"IU"``); ``units`` the unit of a number, for documentation;
    ``extensions`` the choices Osteon reads beyond ``FORMAT.md`` (a subset of
    ``choices``; README, "Trial files beyond FORMAT.md"), which the judge's files
    do not use.
    """

    type: str
    example: str
    choices: tuple[str, ...] = ()
    lo: float | None = None
    hi: float | None = None
    lo_open: bool = False
    dose_units: tuple[str, ...] = ("mg",)
    units: str = ""
    extensions: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.type not in FIELD_TYPES:
            raise ValueError(f"field type {self.type!r} is not one of {FIELD_TYPES}")
        if not set(self.extensions) <= set(self.choices):
            raise ValueError(f"extensions {self.extensions} are not all among {self.choices}")


Check = Callable[[Mapping[str, Any]], "tuple[str, str, str] | None"]
"""A check across fields of one kind: given the parsed fields, ``None`` when they go
together, else ``(field, problem, example)``."""


@dataclass(frozen=True)
class KindSchema:
    """The trial-file fields of one intervention kind.

    All of ``required`` must be given. ``groups`` lists alternatives (each a tuple
    of fields that go together); ``exactly_one`` says whether exactly one
    alternative (else at least one) must be given. ``check`` is an optional
    :data:`Check` across fields (e.g. a testosterone agent and its route).
    ``example`` is a complete valid intervention in flow YAML.
    """

    kind: str
    fields: dict[str, FieldSchema]
    required: tuple[str, ...]
    example: str
    groups: tuple[tuple[str, ...], ...] = ()
    exactly_one: bool = True
    check: Check | None = None

    def __post_init__(self) -> None:
        unknown = [f for g in (self.required, *self.groups) for f in g if f not in self.fields]
        if unknown:
            raise ValueError(f"{self.kind}: required or grouped fields {unknown} are not fields")

    @property
    def agents(self) -> tuple[str, ...]:
        """The allowed ``agent`` values (empty for a kind without agents)."""
        f = self.fields.get("agent")
        return f.choices if f is not None else ()


def agent_field(choices: tuple[str, ...], extensions: tuple[str, ...] = ()) -> FieldSchema:
    """The ``agent`` field with its allowed values (``extensions``: those beyond FORMAT.md)."""
    return FieldSchema("enum", f"agent: {choices[0]}", choices=tuple(choices),
                       extensions=tuple(extensions))


def enum_field(name: str, choices: tuple[str, ...], example: str | None = None) -> FieldSchema:
    """A field taking one of ``choices`` (example: the first)."""
    return FieldSchema("enum", f"{name}: {example or choices[0]}", choices=tuple(choices))


def dose_field(example: str, units: tuple[str, ...] = ("mg",)) -> FieldSchema:
    """A ``dose`` field (text with units)."""
    return FieldSchema("dose", f"dose: {example}", dose_units=units)


def every_field(example: str = "1 day") -> FieldSchema:
    """An ``every`` field (a time)."""
    return FieldSchema("time", f"every: {example}")


EVERY = every_field()
"""``every: 1 day``, the dosing interval of most daily drugs."""


__all__ = ["EVERY", "FIELD_TYPES", "Check", "FieldSchema", "KindSchema", "agent_field",
           "dose_field", "enum_field", "every_field"]
