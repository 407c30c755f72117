"""Lab values and units (osteon.forecast.labs): pint conversions, ranges, free testosterone."""

import math

import pytest

from osteon.errors import OsteonInputError
from osteon.forecast import labs
from osteon.forecast.labs import LABS, convert_lab, parse_lab
from osteon.forecast.testosterone_binding import free_testosterone


@pytest.mark.parametrize(
    "analyte, conventional, si, factor, rounding",
    [
        # published factors (1 conventional unit = factor SI units) and their last digit
        ("estradiol", "pg/mL", "pmol/L", 3.671, 0.001),
        ("testosterone", "ng/dL", "nmol/L", 0.03467, 0.00001),
        ("cortisol", "ug/dL", "nmol/L", 27.59, 0.01),
        ("vitamin_d_25oh", "ng/mL", "nmol/L", 2.496, 0.001),
        ("calcium", "mmol/L", "mg/dL", 4.0078, 0.0001),
        ("igf1", "ng/mL", "nmol/L", 0.13, 0.01),
        ("pth", "pg/mL", "pmol/L", 0.105, 0.001),
    ],
)
def test_conversion_factors_match_the_published_ones(analyte, conventional, si, factor,
                                                      rounding):
    got = convert_lab(analyte, 1.0, conventional, si)
    assert abs(got - factor) <= rounding / 2 + 1e-12


@pytest.mark.parametrize("analyte", list(LABS))
def test_every_unit_pair_round_trips(analyte):
    spec = LABS[analyte]
    units = sorted(set(spec.units.values()))
    lo, hi = spec.plausible_range
    x = lo + 0.37 * (hi - lo)
    for u1 in units:
        for u2 in units:
            there = convert_lab(analyte, x, spec.si_unit, u1)
            back = convert_lab(analyte, convert_lab(analyte, there, u1, u2), u2, spec.si_unit)
            assert back == pytest.approx(x, rel=1e-12)


def test_prefix_only_markers():
    assert convert_lab("ctx", 450, "pg/mL", "ng/mL") == pytest.approx(0.45)
    assert convert_lab("ctx", 0.45, "ng/mL", "ng/L") == pytest.approx(450)
    assert convert_lab("p1np", 55, "ng/mL", "ug/L") == pytest.approx(55)
    assert LABS["ctx"].molar_mass is None and LABS["p1np"].molar_mass is None


def test_spellings_and_micro_sign():
    a = parse_lab("cortisol", "12 µg/dL").value
    b = parse_lab("cortisol", "12 ug/dL").value
    c = parse_lab("cortisol", 12, "mcg/dL").value
    assert a == b == c == pytest.approx(12 * 27.59, rel=1e-3)


def test_lab_value_keeps_si_and_converts_back():
    t = parse_lab("testosterone", "450 ng/dL")
    assert t.units == "nmol/L" and t.given == "450 ng/dL"
    assert t.conventional == pytest.approx(450)
    assert t.to("ng/mL") == pytest.approx(4.5)


@pytest.mark.parametrize(
    "args, kwargs, fragment",
    [
        (("testosterone", "450 nmol/L"), {}, "outside the plausible range"),
        (("estradiol", 35), {}, "has no unit"),
        (("estradiol", "35 mg"), {}, "is not accepted"),
        (("estradiol", "thirty pg/mL"), {}, "cannot read"),
        (("estradiol", True, "pg/mL"), {}, "expected a number"),
        (("calcium", "25 mmol/L"), {}, "outside the plausible range"),
        (("calcium", "9.5 mEq/L"), {}, "is not accepted"),
        (("ferritin", "50 ng/mL"), {}, "unknown lab"),
    ],
)
def test_errors_name_the_field_and_give_a_valid_example(args, kwargs, fragment):
    with pytest.raises(OsteonInputError) as err:
        parse_lab(*args, **kwargs)
    msg = str(err.value)
    assert msg.startswith("labs.")
    assert fragment in msg
    assert "Valid example" in msg


def test_error_uses_the_callers_field_path():
    with pytest.raises(OsteonInputError) as err:
        parse_lab("pth", "45 pg/dL", field="person.labs[3].value")
    assert err.value.field == "person.labs[3].value"
    assert 'pth: "45 pg/mL"' in err.value.example


def test_valid_examples_parse():
    """The example in every error message is itself valid."""
    for name, spec in LABS.items():
        for part in spec.example.split(" or "):
            parse_lab(name, part.strip('"'))


def test_free_testosterone_reproduces_the_published_worked_example():
    """ISSAM's worked example of Vermeulen 1999: TT 10 nmol/L (288.4 ng/dL), SHBG 40 nmol/L,
    albumin 4.3 g/dL -> [FT] = 1.7388e-10 mol/L (1.74 %), 5.02 ng/dL; bioavailable 118 ng/dL."""
    ft = free_testosterone("10 nmol/L", "40 nmol/L", "4.3 g/dL")
    assert ft.free_nmol_l * 1e-9 == pytest.approx(1.7388e-10, abs=0.00005e-10)
    assert round(100 * ft.free_fraction, 2) == 1.74
    assert round(ft.free_ng_dl, 2) == 5.02
    assert round(convert_lab("testosterone", ft.bioavailable_nmol_l, "nmol/L", "ng/dL")) == 118


def test_free_testosterone_satisfies_mass_balance():
    """Total = free + albumin-bound + SHBG-bound, with SHBG binding at equilibrium."""
    tt, shbg, alb = 15e-9, 35e-9, 40.0 / 69000
    ft = free_testosterone((15, "nmol/L"), (35, "nmol/L"), "40 g/L").free_nmol_l * 1e-9
    alb_bound = 3.6e4 * alb * ft
    shbg_bound = tt - ft - alb_bound
    assert shbg_bound / ((shbg - shbg_bound) * ft) == pytest.approx(1e9, rel=1e-9)


def test_free_testosterone_moves_the_right_way():
    base = free_testosterone("450 ng/dL", "35 nmol/L").free_nmol_l
    assert free_testosterone("600 ng/dL", "35 nmol/L").free_nmol_l > base
    assert free_testosterone("450 ng/dL", "60 nmol/L").free_nmol_l < base
    assert free_testosterone("450 ng/dL", "35 nmol/L", "3.5 g/dL").free_nmol_l > base
    ft = free_testosterone("450 ng/dL", "35 nmol/L")
    assert 0.01 < ft.free_fraction < 0.04  # about 2 % in men
    assert ft.free_nmol_l < ft.bioavailable_nmol_l < parse_lab("testosterone", "450 ng/dL").value
    assert free_testosterone("0 ng/dL", "35 nmol/L").free_nmol_l == 0.0


@pytest.mark.parametrize("albumin", ["4.3", "43 mg/dL", "0.5 g/dL", 4.3])
def test_albumin_errors(albumin):
    with pytest.raises(OsteonInputError) as err:
        free_testosterone("450 ng/dL", "35 nmol/L", albumin)
    assert err.value.field == "labs.albumin" and "4.3 g/dL" in err.value.example


def test_records():
    for r in labs.RECORDS:
        assert r.source and r.units and r.evidence
    for spec in LABS.values():
        lo, hi = spec.plausible_range
        assert lo < hi and spec.si_unit in spec.units.values()
        assert spec.to_dict()["evidence"] == "assumed"
        if spec.molar_mass is not None:
            assert not math.isnan(spec.molar_mass.value)


def test_pint_is_the_converter():
    assert labs._registry().__class__.__module__.startswith("pint")
