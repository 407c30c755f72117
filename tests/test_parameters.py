"""Every number has a home: complete records, and every record is used."""

import re
from pathlib import Path

import pytest

import osteon
from osteon.errors import OsteonInputError
from osteon.parameters import Evidence, default_parameters, uncalibrated_parameters


def test_records_are_complete():
    ps = default_parameters()
    assert len(ps) > 50
    for r in ps.records.values():
        assert r.units and r.source and r.description, r.name
        assert isinstance(r.evidence, Evidence)
        lo, hi = r.plausible_range
        assert lo <= r.value <= hi, r.name
        assert r.group, r.name


def test_every_parameter_is_used_by_the_code():
    pkg = Path(osteon.__file__).parent
    src = "".join(
        p.read_text()
        for p in pkg.rglob("*.py")
        if p.name not in ("default.py", "records.py", "records_other.py")
        and not p.name.endswith("_records.py")
        and "report" not in p.parts
    )
    used = set(re.findall(r'"([a-z0-9_]+)"', src)) | set(re.findall(r"\b[pP]\.([a-z0-9_]+)", src))
    # Families of names built with f-strings of the form f"impact_grf_{activity}".
    prefixes = set(re.findall(r'f"([a-z][a-z0-9_]*_)\{[^}"]+\}"', src))
    fractions = {f"trabecular_fraction_{s}" for s in osteon.outputs.SITES}
    unused = [
        k
        for k in default_parameters()
        if k not in used and k not in fractions and not any(k.startswith(p) for p in prefixes)
    ]
    assert not unused, f"parameters defined but never read: {unused}"


def test_calibrated_values_are_marked_and_sourced():
    ps, base = default_parameters(), uncalibrated_parameters()
    for k in ps:
        if ps[k] != base[k]:
            assert ps.record(k).calibrated, k
            assert "calibrate" in ps.record(k).source, k


def test_replace_checks_the_plausible_range():
    with pytest.raises(OsteonInputError, match="plausible range"):
        default_parameters().replace(osteoclast_lifespan=1000.0)


def test_unknown_parameter_is_a_clear_error():
    with pytest.raises(OsteonInputError, match="no such parameter"):
        default_parameters()["osteoclast_life"]


def test_hash_is_stable_and_content_based():
    assert default_parameters().hash == default_parameters().hash
    assert (
        default_parameters().hash
        != uncalibrated_parameters().replace(osteoclast_lifespan=15.0).hash
    )
