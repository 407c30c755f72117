"""DXA cross-calibration, T-score <-> BMD and least significant change (osteon.forecast.dxa)."""

import numpy as np
import pytest

from osteon.errors import OsteonInputError
from osteon.forecast import dxa
from osteon.outputs.reference import reference_bmd, t_score

SITES = dxa.DXA_SITES
MAKERS = dxa.MANUFACTURERS


@pytest.mark.parametrize("site", SITES)
@pytest.mark.parametrize("maker", MAKERS)
def test_sbmd_round_trip(site, maker):
    bmd = np.linspace(0.4, 1.4, 11)
    back = dxa.from_sbmd(dxa.to_sbmd(bmd, maker, site), maker, site)
    np.testing.assert_allclose(back, bmd, rtol=0, atol=1e-12)


@pytest.mark.parametrize("maker", MAKERS)
def test_spine_machine_means_map_to_the_common_mean(maker):
    """Genant 1994 / Hui 1997: each machine's sample mean maps to sBMD 1.0436 g/cm2."""
    mean = {"hologic": 0.972, "ge_lunar": 1.100, "norland": 0.969}[maker]
    assert dxa.to_sbmd(mean, maker, "lumbar_spine") == pytest.approx(1.0436, abs=1e-12)


def test_hip_equations_are_the_published_ones():
    """sBMD = a + b BMD with the coefficients read in two sources (Lu 2001, Hui 1997)."""
    assert dxa.to_sbmd(1.0, "hologic", "femoral_neck") == pytest.approx(1.087 + 0.019)
    assert dxa.to_sbmd(1.0, "ge_lunar", "femoral_neck") == pytest.approx(0.939 - 0.023)
    assert dxa.to_sbmd(1.0, "hologic", "total_hip") == pytest.approx(1.008 + 0.006)
    assert dxa.to_sbmd(1.0, "ge_lunar", "total_hip") == pytest.approx(0.979 - 0.031)
    assert dxa.to_sbmd(1.0, "norland", "total_hip") == pytest.approx(1.012 + 0.026)


def test_spine_lunar_to_hologic_agrees_with_genants_direct_equation():
    """Via sBMD, Lunar -> Hologic spine matches Genant 1994's direct equation
    (Hologic = 0.906 Lunar - 0.025) to 0.001 g/cm2 at the sample mean and within 0.006 g/cm2
    (the slopes differ slightly: 0.918 vs 0.906) over 0.6-1.5 g/cm2."""
    lunar = np.linspace(0.6, 1.5, 19)
    direct = 0.906 * lunar - 0.025
    np.testing.assert_allclose(dxa.to_hologic(lunar, "ge_lunar", "lumbar_spine"), direct,
                               atol=0.006)
    assert dxa.to_hologic(1.1, "ge_lunar", "lumbar_spine") == pytest.approx(0.906 * 1.1 - 0.025,
                                                                          abs=0.001)


def test_spine_conversion_against_an_independent_paired_study():
    """Mean spine BMD of 100 women scanned on both a GE Lunar DPX-NT (1.068) and a Hologic
    QDR 4500 (0.950) (Eur J Radiol 2007;62:423): converted within 0.01 g/cm2."""
    assert dxa.to_hologic(1.068, "ge_lunar", "lumbar_spine") == pytest.approx(0.950, abs=0.01)


@pytest.mark.parametrize("site", SITES)
def test_lunar_reads_higher_than_hologic(site):
    bmd = np.linspace(0.5, 1.3, 9)
    assert np.all(dxa.to_hologic(bmd, "GE Lunar", site) < bmd)


def test_hologic_is_the_reference_scale():
    assert dxa.to_hologic(0.731, "hologic", "total_hip") == 0.731


@pytest.mark.parametrize("sex", ["female", "male"])
@pytest.mark.parametrize("site", SITES)
def test_t_score_uses_the_package_reference(sex, site):
    bmd = np.array([0.55, 0.8, 1.1])
    np.testing.assert_allclose(dxa.t_score_from_bmd(bmd, sex, site), t_score(bmd, sex, site))
    mean, _ = reference_bmd(sex, site)
    assert dxa.t_score_from_bmd(mean, sex, site) == pytest.approx(0.0, abs=1e-12)


@pytest.mark.parametrize("maker", MAKERS)
@pytest.mark.parametrize("site", SITES)
def test_t_score_and_bmd_are_inverse(maker, site):
    t = np.linspace(-4, 2, 13)
    bmd = dxa.bmd_from_t_score(t, "female", site, maker)
    np.testing.assert_allclose(dxa.t_score_from_bmd(bmd, "female", site, maker), t, atol=1e-9)


def test_lsc_is_277_times_precision():
    """ISCD: LSC (95 %) = 2.77 x precision error."""
    assert dxa.least_significant_change("lumbar_spine") == pytest.approx(2.77 * 1.0)
    assert dxa.least_significant_change("total_hip") == pytest.approx(2.77 * 1.0)
    assert dxa.least_significant_change("femoral_neck") == pytest.approx(2.77 * 2.0)
    assert dxa.least_significant_change("total_hip", precision=1.4) == pytest.approx(3.878)


def test_change_against_lsc():
    just_below = 0.900 * (1 - 0.0276)
    just_above = 0.900 * (1 - 0.0278)
    assert not dxa.exceeds_lsc(0.900, just_below, "lumbar_spine")
    assert dxa.exceeds_lsc(0.900, just_above, "lumbar_spine")
    gain = dxa.compare_scans(0.700, 0.745, "femoral_neck")
    assert gain.significant and gain.direction == "gain"
    assert gain.change == pytest.approx(0.045)
    same = dxa.compare_scans(0.700, 0.705, "femoral_neck")
    assert same.direction == "no significant change"


def test_scans_from_different_makers_are_not_compared_for_change():
    c = dxa.compare_scans(0.80, 0.95, "total_hip", manufacturer_before="hologic",
                          manufacturer_after="ge_lunar")
    assert not c.comparable and not c.significant
    # the second scan is put on the first scanner's scale
    assert c.change == pytest.approx(dxa.to_hologic(0.95, "ge_lunar", "total_hip") - 0.80)


@pytest.mark.parametrize(
    "call, field",
    [
        (lambda: dxa.to_sbmd(0.9, "stratos", "total_hip"), "manufacturer"),
        (lambda: dxa.to_sbmd(0.9, "hologic", "total_body"), "site"),
        (lambda: dxa.to_sbmd(850, "hologic", "total_hip"), "bmd"),
        (lambda: dxa.t_score_from_bmd(-2.5, "female", "femoral_neck"), "bmd"),
        (lambda: dxa.bmd_from_t_score(-12, "female", "femoral_neck"), "t_score"),
        (lambda: dxa.least_significant_change("femoral_neck", precision=25), "precision"),
        (lambda: dxa.compare_scans(0.9, 0.8, "lumbar_spine", manufacturer_after="x"),
         "manufacturer_after"),
    ],
)
def test_errors_name_the_field_and_give_an_example(call, field):
    with pytest.raises(OsteonInputError) as err:
        call()
    assert err.value.field == field
    assert "Valid example" in str(err.value)


def test_every_number_is_a_record():
    names = [r.name for r in dxa.RECORDS]
    assert len(names) == len(set(names))
    for r in dxa.RECORDS:
        assert r.source and r.units and r.evidence
