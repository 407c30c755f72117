"""The osteon.forecast package: its public API and its records."""

import osteon.forecast as forecast
from osteon.forecast._records import TableRecord
from osteon.parameters.records import Evidence, Parameter


def test_public_api_is_exported():
    for name in forecast.__all__:
        assert hasattr(forecast, name), name
    r = forecast.fracture_probability(sex="female", age=70, fn_t_score=-2.0)
    assert 0 < r.hip < r.major < 1
    assert forecast.FRACTURE_LIMITS == r.limits
    assert forecast.parse_lab("vitamin_d_25oh", "30 ng/mL").units == "nmol/L"
    assert forecast.exceeds_lsc(1.0, 0.96, "lumbar_spine")


def test_every_record_is_complete_and_uniquely_named():
    recs = forecast.records()
    names = [r.name for r in recs]
    assert len(names) == len(set(names))
    for r in recs:
        assert isinstance(r, (Parameter, TableRecord))
        assert r.units and r.source and r.description
        assert isinstance(r.evidence, Evidence)
        lo, hi = r.plausible_range
        values = r.values if isinstance(r, TableRecord) else (r.value,)
        assert all(lo <= v <= hi for v in values)
        assert r.to_dict()["name"] == r.name


def test_assumed_numbers_are_marked():
    """Numbers chosen rather than read are graded 'assumed' and say so in their source."""
    assumed = [r for r in forecast.records() if r.evidence is Evidence.ASSUMED]
    assert {r.name for r in assumed} >= {"mof_overlap_discount", "population_fn_z_sd"}
    for r in assumed:
        assert "ssum" in r.source  # "Assumed" / "assumed"
