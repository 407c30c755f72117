"""Tabulated published numbers kept as records, like :class:`osteon.parameters.Parameter`.

A scalar constant of the forecast modules is a :class:`~osteon.parameters.Parameter`. A
published table (incidence by age group, a life table) is a :class:`TableRecord`: the
values with the row labels they belong to, their units, the paper and table they were read
from, an evidence grade and a plausible range that every value must lie in.
"""

from __future__ import annotations

from dataclasses import dataclass

from osteon.errors import OsteonInputError
from osteon.parameters.records import Evidence


@dataclass(frozen=True)
class TableRecord:
    """A published table column with everything needed to judge it.

    Parameters
    ----------
    name
        Identifier (``"hip_incidence_female"``).
    rows
        Row labels, one per value (age groups, exact ages...).
    values
        The numbers as published.
    units
        Units of every value.
    source
        Paper, table or figure the values were read from.
    evidence
        Evidence grade (:class:`osteon.parameters.Evidence`).
    plausible_range
        ``(low, high)``: every value must lie inside it.
    description
        What the numbers are.

    Examples
    --------
    >>> t = TableRecord("x", ("50-54", "55-59"), (0.29, 0.57), "1/(1000 person-year)",
    ...                 "Ettinger B et al. Osteoporos Int 2010;21:25, Table 1",
    ...                 Evidence.HUMAN_OBSERVATIONAL, (0.0, 100.0), "hip fractures")
    >>> t.value("55-59")
    0.57
    >>> TableRecord("y", ("a",), (5.0,), "1", "s", Evidence.ASSUMED, (0.0, 1.0), "d")
    Traceback (most recent call last):
    ...
    osteon.errors.OsteonInputError: table y[a]: value 5.0 1 is outside its plausible range [0.0, 1.0]. Valid example: a value between 0.0 and 1.0
    """

    name: str
    rows: tuple
    values: tuple[float, ...]
    units: str
    source: str
    evidence: Evidence
    plausible_range: tuple[float, float]
    description: str

    def __post_init__(self) -> None:
        if len(self.rows) != len(self.values):
            raise OsteonInputError(
                f"table {self.name}",
                f"{len(self.rows)} row labels for {len(self.values)} values",
                "one row label per value",
            )
        if not self.units or not self.source or not self.description:
            raise OsteonInputError(
                f"table {self.name}",
                "units, source and description are all required",
                'units="1/(1000 person-year)", source="Ettinger 2010 Table 1", description="..."',
            )
        lo, hi = self.plausible_range
        for row, v in zip(self.rows, self.values, strict=True):
            if not lo <= v <= hi:
                raise OsteonInputError(
                    f"table {self.name}[{row}]",
                    f"value {v} {self.units} is outside its plausible range [{lo}, {hi}]",
                    f"a value between {lo} and {hi}",
                )

    def value(self, row) -> float:
        """The value of one row."""
        return self.values[self.rows.index(row)]

    def to_dict(self) -> dict:
        """Plain dictionary (for tables and JSON)."""
        return {
            "name": self.name,
            "rows": list(self.rows),
            "values": list(self.values),
            "units": self.units,
            "source": self.source,
            "evidence": self.evidence.value,
            "plausible_range": list(self.plausible_range),
            "description": self.description,
        }
