"""The long-term DXA precision that a trial's SD of percent change carries (issue 10)."""

import math

import pytest

from osteon.forecast.dxa import LONG_TERM_PRECISION, PRECISION, least_significant_change
from osteon.trials.endpoints import measured_sd


@pytest.mark.parametrize("site", sorted(PRECISION))
def test_long_term_is_never_better_than_short_term(site):
    # repositioning on another day, drift and software add to the duplicate-scan error
    assert LONG_TERM_PRECISION[site].value >= PRECISION[site].value


@pytest.mark.parametrize("site", sorted(LONG_TERM_PRECISION))
def test_records_are_complete_and_inside_their_ranges(site):
    r = LONG_TERM_PRECISION[site]
    lo, hi = r.plausible_range
    assert lo <= r.value <= hi
    assert r.units == "% CV" and r.source and r.description
    assert r.name == f"dxa_long_term_precision_{site}"


def test_measured_sd_adds_two_long_term_errors_in_quadrature():
    for site, r in LONG_TERM_PRECISION.items():
        assert measured_sd(2.0, site) == pytest.approx(math.sqrt(4.0 + 2.0 * r.value**2))
    # the SD of a person's change with no true change is sqrt(2) x the precision error
    assert measured_sd(0.0, "femoral_neck") == pytest.approx(
        math.sqrt(2.0) * LONG_TERM_PRECISION["femoral_neck"].value)
    # not a DXA site: unchanged; NaN passes through
    assert measured_sd(2.0, "ctx") == 2.0
    assert math.isnan(measured_sd(float("nan"), "lumbar_spine"))


def test_clinical_least_significant_change_keeps_the_short_term_value():
    assert least_significant_change("lumbar_spine") == pytest.approx(
        2.77 * PRECISION["lumbar_spine"].value)


def test_osteon_parameters_lists_the_precision_records(capsys):
    from osteon.cli import main

    assert main(["parameters"]) == 0
    out = capsys.readouterr().out
    for r in (*PRECISION.values(), *LONG_TERM_PRECISION.values()):
        assert r.name in out
