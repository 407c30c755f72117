"""FORMAT.md's intervention vocabulary and the trial reader agree.

Every intervention kind in the FORMAT.md table must be a kind the reader
accepts and the model can build, and every agent (and route) listed there for a
kind must be accepted for that kind; the reader must not accept kinds that
FORMAT.md does not list.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from osteon.physiology.pharmacology import registry
from osteon.trials.format import KINDS, TESTOSTERONE_AGENT_ROUTE, parse_intervention
from osteon.trials.interventions import build_intervention, is_supported

FORMAT_MD = Path(__file__).resolve().parents[2].parent / "shared" / "validation" / "FORMAT.md"


def _format_table() -> dict[str, dict[str, tuple[str, ...]]]:
    """FORMAT.md intervention kind -> {field: allowed values} for its enumerated fields."""
    if not FORMAT_MD.exists():
        pytest.skip("../shared/validation/FORMAT.md is not present next to the repository")
    text = FORMAT_MD.read_text()
    section = text.split("## Interventions", 1)[1].split("\n## ", 1)[0]
    table: dict[str, dict[str, tuple[str, ...]]] = {}
    for line in section.splitlines():
        m = re.match(r"\|\s*`([a-z0-9_]+)`\s*\|([^|]*)\|", line)
        if not m:
            continue
        kind, fields = m.group(1), m.group(2)
        enums = {}
        # "`agent`: `a`, `b`, `c`;" -> agent: (a, b, c)
        for fm in re.finditer(r"`([a-z_]+)`:\s*((?:`[a-z0-9_]+`(?:,\s*)?)+)", fields):
            enums[fm.group(1)] = tuple(re.findall(r"`([a-z0-9_]+)`", fm.group(2)))
        table[kind] = enums
    return table


def test_format_md_and_the_reader_list_the_same_kinds():
    table = _format_table()
    assert len(table) > 15
    assert set(table) == set(KINDS)


def test_every_format_md_kind_can_be_simulated():
    assert [k for k in _format_table() if not is_supported(k)] == []


def _cases():
    if not FORMAT_MD.exists():
        return [pytest.param(None, None, None, marks=pytest.mark.skip("no FORMAT.md"))]
    return [(kind, name, value) for kind, enums in _format_table().items()
            for name, values in enums.items() for value in values]


@pytest.mark.parametrize("kind, name, value", _cases())
def test_every_listed_value_is_accepted(kind, name, value):
    spec = yaml.safe_load(KINDS[kind].example)  # the reader's own valid example
    spec[name] = value
    if kind == "testosterone":  # the route follows the agent (gel and patch: transdermal)
        if name == "agent":
            spec["route"] = TESTOSTERONE_AGENT_ROUTE[value]
        else:
            spec["agent"] = next(a for a, r in TESTOSTERONE_AGENT_ROUTE.items() if r == value)
    if kind == "bisphosphonate" and value == "zoledronic_acid":
        spec.update(dose="5 mg", every="1 year")
    parsed = parse_intervention(spec, 10 * 365.25)
    assert parsed.kind == kind
    assert dict(parsed.params)[name] == value
    if kind in registry.DRUG_MODULES:  # drugs declared one module each: the model builds it
        assert build_intervention(parsed).kind == kind
