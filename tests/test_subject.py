import pytest

from osteon import OsteonInputError, Subject


def test_defaults():
    s = Subject(sex="female", age=52)
    assert s.menopause_age == 51.0 and s.body_mass_kg == 70.0
    assert s.years_since_menopause == pytest.approx(1.0)
    m = Subject(sex="male", age=60)
    assert m.menopause_age is None and m.body_mass_kg == 82.0


@pytest.mark.parametrize(
    "kwargs, field",
    [
        (dict(sex="female", age=200), "subject.age"),
        (dict(sex="x", age=50), "subject.sex"),
        (dict(sex="female", age=50, body_mass_kg=-3), "subject.body_mass_kg"),
        (dict(sex="female", age=50, menopause_age=80), "subject.menopause_age"),
        (dict(sex="female", age=50, menopause="chemical"), "subject.menopause"),
        (dict(sex="male", age=50, menopause_age=50), "subject.menopause_age"),
        (
            dict(sex="male", age=50, labs={"testosterone_ng_dl": -5}),
            "subject.labs.testosterone_ng_dl",
        ),
        (dict(sex="male", age=50, labs={"ldl": 100}), "subject.labs.ldl"),
        (dict(sex="male", age="fifty"), "subject.age"),
        (dict(sex="female", age=60, t_score={"site": "wrist", "value": -2}), "subject.t_score"),
    ],
)
def test_bad_input_names_the_field_and_shows_a_valid_example(kwargs, field):
    with pytest.raises(OsteonInputError) as err:
        Subject(**kwargs)
    assert err.value.field == field
    assert "Valid example:" in str(err.value)


def test_from_dict_rejects_unknown_fields():
    with pytest.raises(OsteonInputError, match="subject.height"):
        Subject.from_dict({"sex": "female", "age": 50, "height": 160})
    with pytest.raises(OsteonInputError, match="subject.age: is required"):
        Subject.from_dict({"sex": "female"})
