"""Parameter records and parameter sets.

Every number the model uses is a :class:`Parameter`: its value, units, source
(paper, table or figure), evidence grade and plausible range. A
:class:`ParameterSet` is an immutable collection of records with a content
hash that goes into each result's provenance.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import cached_property

from osteon.errors import OsteonInputError


class Evidence(StrEnum):
    """How well a number is supported, from strongest to weakest."""

    HUMAN_RCT = "human RCT"
    HUMAN_OBSERVATIONAL = "human observational"
    ANIMAL = "animal"
    IN_VITRO = "in vitro"
    FITTED = "fitted"
    ASSUMED = "assumed"

    @property
    def extrapolated(self) -> bool:
        """True where no human data back the number."""
        return self in (Evidence.ANIMAL, Evidence.IN_VITRO, Evidence.ASSUMED)


@dataclass(frozen=True)
class Parameter:
    """One model parameter with everything needed to judge it.

    Examples
    --------
    >>> p = Parameter("osteoclast_lifespan", 14.0, "day", "Manolagas 2000 Endocr Rev 21:115",
    ...               Evidence.HUMAN_OBSERVATIONAL, (7.0, 28.0), "Active osteoclast lifespan")
    >>> p.value, p.units
    (14.0, 'day')
    """

    name: str
    value: float
    units: str
    source: str
    evidence: Evidence
    plausible_range: tuple[float, float]
    description: str
    group: str = ""
    calibrated: bool = False

    def __post_init__(self) -> None:
        lo, hi = self.plausible_range
        if not lo <= hi:
            raise OsteonInputError(
                f"parameter {self.name}.plausible_range",
                f"low {lo} above high {hi}",
                "(0.1, 1.0)",
            )
        if not (lo <= self.value <= hi):
            raise OsteonInputError(
                f"parameter {self.name}",
                f"value {self.value} {self.units} is outside its plausible range [{lo}, {hi}]",
                f"a value between {lo} and {hi}",
            )
        if not self.units or not self.source or not self.description:
            raise OsteonInputError(
                f"parameter {self.name}",
                "units, source and description are all required",
                'units="day", source="Manolagas 2000 Endocr Rev 21:115", description="..."',
            )

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "value": self.value,
            "units": self.units,
            "source": self.source,
            "evidence": self.evidence.value,
            "plausible_range": list(self.plausible_range),
            "description": self.description,
            "group": self.group,
            "calibrated": self.calibrated,
        }


@dataclass(frozen=True)
class ParameterSet(Mapping[str, float]):
    """An immutable, named collection of :class:`Parameter` records.

    It behaves as a read-only mapping from name to value; ``records`` holds the
    full records.

    Examples
    --------
    >>> from osteon.parameters import default_parameters
    >>> ps = default_parameters()
    >>> ps["osteoclast_lifespan"]
    14.0
    >>> ps2 = ps.replace(osteoclast_lifespan=20.0)
    >>> ps2["osteoclast_lifespan"], ps["osteoclast_lifespan"]
    (20.0, 14.0)
    >>> ps.hash != ps2.hash
    True
    """

    name: str
    records: Mapping[str, Parameter] = field(repr=False)

    def __getitem__(self, key: str) -> float:
        try:
            return self.records[key].value
        except KeyError:
            close = [k for k in self.records if key.split("_")[0] in k][:3]
            raise OsteonInputError(
                f"parameters[{key!r}]",
                "no such parameter" + (f" (did you mean {', '.join(close)}?)" if close else ""),
                "osteoclast_lifespan",
            ) from None

    def __contains__(self, key: object) -> bool:
        return key in self.records

    def __iter__(self) -> Iterator[str]:
        return iter(self.records)

    def __len__(self) -> int:
        return len(self.records)

    def record(self, key: str) -> Parameter:
        """The full record of one parameter."""
        self[key]  # raises a helpful error if absent
        return self.records[key]

    def replace(self, name: str | None = None, /, **values: float) -> ParameterSet:
        """A copy with some values changed (each still checked against its range)."""
        recs = dict(self.records)
        for k, v in values.items():
            recs[k] = replace(self.record(k), value=float(v))
        return ParameterSet(name or self.name, recs)

    @cached_property
    def hash(self) -> str:
        """SHA-256 (first 16 hex digits) of the values and units, for provenance (computed
        once: the set is immutable)."""
        payload = json.dumps(
            {k: [r.value, r.units] for k, r in sorted(self.records.items())}, sort_keys=True
        )
        return hashlib.sha256(payload.encode()).hexdigest()[:16]

    @cached_property
    def _values(self) -> dict[str, float]:
        return {k: r.value for k, r in self.records.items()}

    @property
    def citations(self) -> list[str]:
        """Distinct sources cited by the records, sorted."""
        return sorted({r.source for r in self.records.values()})

    def to_records(self) -> list[dict]:
        """All records as plain dictionaries (for tables and JSON)."""
        return [r.to_dict() for r in self.records.values()]


def parameter_values(params: Mapping[str, float]) -> dict[str, float]:
    """A fresh ``{name: value}`` dict of ``params`` (a :class:`ParameterSet`'s values are
    read once and copied: models are made many times per run with the same set)."""
    if isinstance(params, ParameterSet):
        return dict(params._values)
    return {k: params[k] for k in params}
