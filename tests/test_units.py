import pytest

from osteon.errors import OsteonInputError
from osteon.units import DAYS_PER_MONTH, parse_dose, parse_duration


@pytest.mark.parametrize(
    "text, days",
    [
        ("1 day", 1.0),
        ("3 days", 3.0),
        ("17 weeks", 119.0),
        ("36 months", 36 * DAYS_PER_MONTH),
        ("5 years", 5 * 365.25),
        ("0.5 year", 182.625),
    ],
)
def test_durations(text, days):
    assert parse_duration(text) == pytest.approx(days)


@pytest.mark.parametrize(
    "text, amount, unit",
    [
        ("0.625 mg", 0.625, "mg"),
        ("50 ug", 0.05, "mg"),
        ("1 g", 1000.0, "mg"),
        ("800 IU", 800.0, "IU"),
    ],
)
def test_doses(text, amount, unit):
    assert parse_dose(text) == (pytest.approx(amount), unit)


@pytest.mark.parametrize("bad", ["12", "twelve months", "3 fortnights", "-2 weeks", 12, None])
def test_bad_durations_name_the_field_and_show_an_example(bad):
    with pytest.raises(OsteonInputError) as err:
        parse_duration(bad, field="arms.x[0].stop")
    msg = str(err.value)
    assert msg.startswith("arms.x[0].stop:")
    assert "Valid example" in msg


@pytest.mark.parametrize("bad", ["10", "10 pills", 10, "-1 mg"])
def test_bad_doses(bad):
    with pytest.raises(OsteonInputError, match="Valid example"):
        parse_dose(bad)
