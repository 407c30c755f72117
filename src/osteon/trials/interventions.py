"""From validated intervention specs to model interventions.

:data:`BUILDERS` maps each intervention kind of ``FORMAT.md`` that the model
can simulate to a builder ``(InterventionSpec) -> osteon.Intervention``, read
from the table of :mod:`osteon.physiology.pharmacology.registry` (each kind's
builder is declared beside its trial-file schema). A kind without a builder
raises :class:`NotSupportedYet`; :func:`register` adds or replaces one at run time.
"""

from __future__ import annotations

from collections.abc import Callable

from osteon.protocol import Intervention, Protocol
from osteon.trials.format import INTERVENTION_KINDS, Arm, InterventionSpec


class NotSupportedYet(NotImplementedError):
    """A feature of the trial format (an intervention kind, an endpoint site) that the
    model cannot simulate yet.

    Parameters
    ----------
    kind
        The unsupported intervention kind or endpoint site (``"estrogen"``, ``"pth"``).

    Examples
    --------
    >>> str(NotSupportedYet("estrogen"))
    'not supported yet: estrogen'
    """

    def __init__(self, kind: str) -> None:
        self.kind = kind
        super().__init__(f"not supported yet: {kind}")


Builder = Callable[[InterventionSpec], Intervention]


def _declared_builders() -> dict[str, Builder]:
    """The builder of every kind, declared beside its schema (the registry's table)."""
    from osteon.physiology.pharmacology.registry import builders

    return builders()


BUILDERS: dict[str, Builder] = _declared_builders()
"""Intervention kind -> builder. Kinds absent here are not supported yet."""


def register(kind: str, builder: Builder) -> None:
    """Add or replace the builder of a ``FORMAT.md`` intervention kind."""
    if kind not in INTERVENTION_KINDS:
        raise ValueError(f"{kind!r} is not an intervention kind of FORMAT.md")
    BUILDERS[kind] = builder


def is_supported(kind: str) -> bool:
    """Whether the model can simulate intervention ``kind``.

    >>> is_supported("unloading"), is_supported("estrogen")
    (True, True)
    """
    return kind in BUILDERS


def build_intervention(spec: InterventionSpec) -> Intervention:
    """Build the model intervention of one spec.

    Raises
    ------
    NotSupportedYet
        If the kind has no builder yet.
    """
    builder = BUILDERS.get(spec.kind)
    if builder is None:
        raise NotSupportedYet(spec.kind)
    return builder(spec)


def unsupported_kinds(arm: Arm) -> tuple[str, ...]:
    """Intervention kinds of ``arm`` that cannot be built yet (file order)."""
    return tuple(k for k in arm.kinds if not is_supported(k))


def build_protocol(arm: Arm) -> Protocol:
    """The :class:`~osteon.protocol.Protocol` of an arm (empty arm: natural history).

    Raises
    ------
    NotSupportedYet
        For the first intervention of the arm whose kind is not supported yet.
    """
    return Protocol([build_intervention(s) for s in arm.interventions],
                    name=arm.name if arm.interventions else None)


def protocol_from_specs(specs, years: float = 100.0, name: str | None = None) -> Protocol:
    """A protocol from interventions written as in a trial file (plain mappings).

    >>> p = protocol_from_specs([{"intervention": "unloading", "kind": "bed_rest",
    ...                           "stop": "17 weeks"}])
    >>> p.describe()
    'unloading (bed_rest) from day 0 to day 119'
    """
    from collections.abc import Mapping

    from osteon import checks
    from osteon.errors import OsteonInputError, Problems
    from osteon.trials.format import parse_intervention

    example = 'protocol_from_specs([{"intervention": "unloading", "kind": "bed_rest"}])'
    # a string, None or a single mapping is refused, not iterated (issue 15)
    if isinstance(specs, (str, bytes, Mapping)) or not isinstance(specs, (list, tuple)):
        raise OsteonInputError("protocol", f"expected a list of intervention mappings, got "
                               f"{type(specs).__name__}", example)
    # every bad entry is reported at once (issue 15)
    found = Problems()
    duration = 100 * 365.25  # what the entries are checked against when years is refused
    with found.check():
        years = checks.number("years", years, "years=10", lo=0, hi=200, lo_open=True,
                              units="years")
        duration = years * 365.25
    if name is not None:
        with found.check():
            checks.text("name", name, 'name="alendronate"')
    built = []
    for i, s in enumerate(specs):
        if not isinstance(s, Mapping):
            found.add(f"protocol[{i}]", f"expected a mapping, got {type(s).__name__}", example)
            continue
        with found.check():
            built.append(build_intervention(parse_intervention(dict(s), duration,
                                                               f"protocol[{i}]")))
    found.raise_all()
    return Protocol(built, name=name)

