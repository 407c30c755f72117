"""FORMAT.md's intervention vocabulary and the registry's table agree, both ways.

Every intervention kind is declared once, beside its builder, and collected by
:mod:`osteon.physiology.pharmacology.registry` (issue 13). The trial reader, the
builders and the web vocabulary read that table. These tests check that

- FORMAT.md lists exactly the registry's kinds;
- every field and value FORMAT.md lists for a kind is declared by the registry,
  and every field and value the registry declares is listed in FORMAT.md;
- required/optional agree, and each listed value is accepted by the reader and
  built by the model;
- the reader, the builders and the web vocabulary use the table itself, with no
  copy of their own.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from osteon.errors import OsteonInputError, TrialFileError
from osteon.physiology.pharmacology import registry
from osteon.trials import format as trial_format
from osteon.trials import interventions
from osteon.trials.format import KINDS, parse_intervention
from osteon.trials.interventions import build_intervention, is_supported

FORMAT_MD = Path(__file__).resolve().parents[2].parent / "shared" / "validation" / "FORMAT.md"
if not FORMAT_MD.exists():  # the shared folder of this workplace
    FORMAT_MD = Path("/work/shared/validation/FORMAT.md")


def _rows() -> dict[str, str]:
    """FORMAT.md intervention kind -> the text of its ``fields`` cell."""
    if not FORMAT_MD.exists():
        pytest.skip("shared/validation/FORMAT.md is not present")
    section = FORMAT_MD.read_text().split("## Interventions", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        m = re.match(r"\|\s*`([a-z0-9_]+)`\s*\|([^|]*)\|", line)
        if m:
            rows[m.group(1)] = m.group(2)
    return rows


def _ticked(text: str) -> list[str]:
    return re.findall(r"`([a-z0-9_]+)`", text)


def _parts(kind: str, cell: str) -> dict[str, tuple[bool, tuple[str, ...]]]:
    """Field -> (marked optional, listed values) from one ``fields`` cell.

    Parts are separated by ``;``; a part names one or more fields (``dose`` and
    ``every``, or ``target_ng_dl``) and may list the values of its first field
    (``agent``: ``a``, ``b`` or ``exercises`` (list: ``a``, ``b``)).
    """
    names = set(registry.schema(kind).fields)
    out: dict[str, tuple[bool, tuple[str, ...]]] = {}
    for part in cell.split(";"):
        ticks = _ticked(part)
        if not ticks:
            continue
        optional = part.strip().startswith("optional")
        fields = [t for t in ticks if t in names] or ticks[:1]
        values = tuple(t for t in ticks[1:] if t not in names)
        for f in fields:
            out[f] = (optional, values if f == ticks[0] else ())
    return out


def test_format_md_and_the_registry_list_the_same_kinds():
    rows = _rows()
    assert len(rows) > 15
    assert set(rows) == set(registry.KIND_MODULES)
    assert list(rows) == [k for k in rows if k in KINDS]  # nothing FORMAT.md lacks


def test_every_format_md_kind_can_be_simulated():
    assert [k for k in _rows() if not is_supported(k)] == []


@pytest.mark.parametrize("kind", list(registry.KIND_MODULES))
def test_fields_and_values_agree_both_ways(kind):
    rows = _rows()
    schema = registry.schema(kind)
    listed = _parts(kind, rows[kind])
    # FORMAT.md -> registry: every listed field is declared, with the same values
    assert set(listed) == set(schema.fields), kind
    for name, (optional, values) in listed.items():
        f = schema.fields[name]
        declared = tuple(c for c in f.choices if c not in f.extensions)
        if values:
            assert values == declared, (kind, name)
        if optional:
            assert name not in schema.required, (kind, name)
    # registry -> FORMAT.md: every declared choice is listed, every required field unmarked
    for name, f in schema.fields.items():
        assert set(f.choices) - set(f.extensions) <= set(_ticked(rows[kind])), (kind, name)
        assert not set(f.extensions) & set(_ticked(rows[kind])), (kind, name)  # truly beyond
        if name in schema.required:
            assert not listed[name][0], (kind, name)
    every_tick = set(_ticked(rows[kind]))
    declared_ticks = set(schema.fields) | {c for f in schema.fields.values() for c in f.choices
                                           if c not in f.extensions}
    assert every_tick == declared_ticks, kind


def test_dose_units_follow_format_md():
    # FORMAT.md: vitamin_d's dose is in IU; every other dose is a mass (gonadorelin and
    # growth hormone also in IU, as their labels give them)
    assert KINDS["vitamin_d"].fields["dose"].dose_units == ("IU",)
    for kind, schema in KINDS.items():
        if "dose" in schema.fields and kind != "vitamin_d":
            assert "mg" in schema.fields["dose"].dose_units, kind


def _passing_check(kind: str, spec: dict, fixed: str) -> dict:
    """Make a declared cross-field check (agent and route) pass, keeping field ``fixed``."""
    schema = registry.schema(kind)
    if schema.check is None or schema.check(spec) is None:
        return spec
    for other, f in schema.fields.items():
        if other == fixed or not f.choices:
            continue
        for value in f.choices:
            if schema.check({**spec, other: value}) is None:
                return {**spec, other: value}
    raise AssertionError(f"no {kind} passes the declared check with {fixed}={spec[fixed]}")


def _cases():
    if not FORMAT_MD.exists():
        return [pytest.param(None, None, None, marks=pytest.mark.skip("no FORMAT.md"))]
    return [(kind, name, value) for kind, cell in _rows().items()
            for name, (_, values) in _parts(kind, cell).items() for value in values]


@pytest.mark.parametrize("kind, name, value", _cases())
def test_every_listed_value_is_read_and_built(kind, name, value):
    spec = yaml.safe_load(KINDS[kind].example)  # the declared valid example
    f = KINDS[kind].fields[name]
    spec[name] = [value] if f.type == "enum_list" else value
    spec = _passing_check(kind, spec, name)
    if kind == "bisphosphonate" and value == "zoledronic_acid":
        spec.update(dose="5 mg", every="1 year")
    parsed = parse_intervention(spec, 10 * 365.25)
    assert parsed.kind == kind
    got = dict(parsed.params)[name]
    assert got == ((value,) if f.type == "enum_list" else value)
    try:
        assert build_intervention(parsed).kind == kind
    except OsteonInputError as err:
        # the builder may refuse the example's dose for this agent (each agent's clinical
        # range is the mechanism's business), never the listed value itself
        assert err.field == f"{kind}.dose", err


def test_declared_example_of_every_kind_is_read_and_built():
    for kind, schema in KINDS.items():
        parsed = parse_intervention(yaml.safe_load(schema.example), 10 * 365.25)
        assert build_intervention(parsed).kind == kind


def test_a_wrong_route_is_refused_by_the_declared_check():
    with pytest.raises(TrialFileError, match="testosterone_gel is given transdermal"):
        parse_intervention({"intervention": "testosterone", "agent": "testosterone_gel",
                            "route": "intramuscular", "target_ng_dl": 600})
    with pytest.raises(TrialFileError, match="conjugated_estrogens is given orally"):
        parse_intervention({"intervention": "estrogen", "agent": "conjugated_estrogens",
                            "route": "transdermal", "dose": "50 ug", "every": "1 day"})


def test_every_kind_is_declared_once_beside_its_builder():
    seen = {}
    for kind, name in registry.KIND_MODULES.items():
        module = registry.module_of(kind)
        assert module.__name__ == name
        schema, build = registry.schema(kind), registry.builder(kind)
        assert schema.kind == kind
        assert callable(build)
        if hasattr(module, "SCHEMAS"):  # a module of several kinds declares them all here
            assert set(module.SCHEMAS) == set(module.BUILDERS)
            seen.setdefault(name, set()).add(kind)
    for name, kinds in seen.items():
        module = __import__(name, fromlist=["SCHEMAS"])
        assert set(module.SCHEMAS) == kinds, name  # no kind declared but missing from the table


def test_the_reader_builders_and_web_read_the_table():
    assert KINDS == registry.schemas()
    assert trial_format.INTERVENTION_KINDS == tuple(registry.KIND_MODULES)
    for kind in registry.KIND_MODULES:
        assert interventions.BUILDERS[kind] is registry.builder(kind)
    # no hand-written vocabulary left in the reader
    copies = [n for n in vars(trial_format) if n.endswith(("_AGENTS", "_ROUTES", "_ROUTE",
                                                            "EXERCISES", "ACTIVITIES",
                                                            "UNLOADING_KINDS", "_SOURCES"))]
    assert copies == []
    from osteon.trials.vocabulary import describe

    vocab = describe()
    assert list(vocab) == list(registry.KIND_MODULES)
    assert vocab["serm"]["fields"]["agent"]["choices"] == ["raloxifene", "bazedoxifene",
                                                           "tamoxifen"]


_NEW_KIND = '''
import sys, types
module = types.ModuleType("example_strontium")
sys.modules[module.__name__] = module
exec("""
from dataclasses import dataclass
from typing import ClassVar
from osteon.physiology.schema import EVERY, KindSchema, dose_field
from osteon.physiology.specs import read_spec
from osteon.protocol import Intervention
KIND = "strontium_ranelate"
SCHEMA = KindSchema(KIND, {"dose": dose_field("2 g"), "every": EVERY}, ("dose", "every"),
                    "{intervention: strontium_ranelate, dose: 2 g, every: 1 day}")
@dataclass(frozen=True)
class Strontium(Intervention):
    kind: ClassVar[str] = KIND
def from_spec(spec):
    fields, start, stop = read_spec(spec, KIND)
    return Strontium(start_day=start, stop_day=stop)
""", module.__dict__)
from osteon.physiology.pharmacology import registry
registry.KIND_MODULES["strontium_ranelate"] = "example_strontium"  # its line in the table
from osteon.trials.format import parse_intervention
from osteon.trials.interventions import build_intervention
from osteon.trials.vocabulary import describe
spec = parse_intervention({"intervention": "strontium_ranelate", "dose": "2 g",
                           "every": "1 day", "stop": "1 year"})
print(build_intervention(spec).kind, spec.get("dose").amount, "strontium_ranelate" in describe())
try:
    parse_intervention({"intervention": "strontium_ranelate", "dose": "2 g"})
except Exception as err:
    print(type(err).__name__, "every" in str(err))
'''


def test_a_new_kind_needs_only_its_module_and_its_table_line():
    """Issue 13's aim: a module declaring a kind plus its line in the table is all the
    reader, the builders and the vocabulary need (run in a fresh interpreter, where the
    table is read once at import)."""
    import os
    import subprocess
    import sys

    src = str(Path(__file__).resolve().parents[2] / "src")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([src, os.environ.get("PYTHONPATH", "")])}
    out = subprocess.run([sys.executable, "-c", _NEW_KIND], capture_output=True, text=True,
                         env=env, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split("\n")[:2] == ["strontium_ranelate 2000.0 True", "TrialFileError True"]
