"""The person file (issue 11): pydantic validation, every problem at once, derived values."""

from pathlib import Path

import pytest

from osteon.forecast.person import Person, PersonFileError

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "person-woman-56.yaml"


def test_example_person_reads_and_converts():
    p = Person.load(EXAMPLE)
    assert p.female and 56 <= p.age_now < 57
    scans = p.scans()
    assert len(scans) == 7
    # The GE Lunar scan is moved to the Hologic scale: lower than the printed Lunar value.
    lunar = [s for s in scans if s["years_before_now"] > 6 and s["site"] == "lumbar_spine"][0]
    assert lunar["bmd"] < 1.012
    # Current treatments continue; the stopped one is past.
    assert [t["intervention"] for t in p.current_treatments()] == ["vitamin_d"]
    assert [t.intervention for t in p.past_treatments()] == ["calcium"]
    subject = p.subject()
    assert subject.labs["estradiol_pg_ml"] == pytest.approx(9.0)
    assert subject.labs["testosterone_ng_dl"] == pytest.approx(0.7 * 28.84, rel=0.01)
    assert subject.menopause_age == 50.0


def test_every_problem_is_reported_at_once_with_path_and_example():
    bad = {
        "sex": "female", "age": 56, "weight_kg": 500, "colour": "blue",
        "labs": [{"analyte": "estradiol", "value": "9 furlongs"},
                 {"analyte": "unobtanium", "value": "1 ng/mL"}],
        "dxa": [{"date": "2024-01-01", "site": "wrist", "bmd": 0.8},
                {"date": "2024-01-01", "site": "lumbar_spine"}],
        "treatments": [{"intervention": "estrogen", "agent": "estradiol", "route": "oral",
                        "dose": "-1 mg", "every": "1 day"}],
    }
    with pytest.raises(PersonFileError) as err:
        Person.from_dict(bad)
    paths = [p for p, _, _ in err.value.problems]
    for expected in ("weight_kg", "colour", "labs[0]", "labs[1].analyte", "dxa[0].site",
                     "dxa[1]", "treatments[0]"):
        assert any(p == expected for p in paths), (expected, paths)
    assert all(ex for _, _, ex in err.value.problems)
    assert "Valid example" in str(err.value)


def test_needs_age_or_birth_date_and_menopause_only_for_women():
    with pytest.raises(PersonFileError, match="give age"):
        Person.from_dict({"sex": "female"})
    with pytest.raises(PersonFileError, match="women only"):
        Person.from_dict({"sex": "male", "age": 60, "menopause": {"age": 50}})
    p = Person.from_dict({"sex": "male", "birth_date": "1960-01-01",
                          "assessment_date": "2025-01-01"})
    assert p.age_now == pytest.approx(65.0, abs=0.01)


def test_t_score_scans_and_json(tmp_path):
    import json

    f = tmp_path / "p.json"
    f.write_text(json.dumps({"sex": "female", "age": 60, "dxa": [
        {"date": "2025-01-01", "site": "femoral_neck", "t_score": -2.5}]}))
    p = Person.load(f)
    assert p.scans()[0]["bmd"] == pytest.approx(0.558, abs=0.002)
