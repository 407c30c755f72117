"""Unit checks: parameters given per year or in days reach the model in consistent units,
and every result variable reports a real unit."""

import numpy as np
import pytest

from osteon import Simulation, Subject, default_parameters
from osteon.model import N_STATES, SITE_BLOCK, BoneModel, Cohort

RESULT_UNITS = {"g/cm2", "mg/cm3", "ng/mL", "ug/L", "nmol BCE/mmol creatinine", "pg/mL", "ng/dL",
                "ug/dL", "SD", "1", "1 (relative to age 30)", "year", "kg", "pmol/L", "mmol/L",
                "mmol",
                # the covariates' coordinates (osteon.covariates): steps, diet, vitamin D
                "steps/day", "mg/day", "nmol/L", "g/kg/day"}


def test_mineralization_deficits_match_the_per_year_formula():
    p = default_parameters()
    m = BoneModel(p, Cohort.from_subjects([Subject(sex="female", age=40)]))
    # site 0 is the lumbar spine, whose cancellous envelope turns over faster (Cook 2000)
    k = p["turnover_trabecular"] * p["turnover_trabecular_spine_factor"]  # 1/year
    tau = p["secondary_mineralization_time"]  # year
    f = p["primary_mineral_fraction"]
    expected = k * (1 - f) / (1 / tau + k)  # computed entirely in years
    assert m.ds0[0, 0] == pytest.approx(expected, rel=1e-12)


def test_osteoclasts_relax_on_their_lifespan_in_days():
    """After RANKL stops rising, osteoclasts approach their new level with a time
    constant of about one lifespan (days), not years."""
    p = default_parameters()
    m = BoneModel(p, Cohort.from_subjects([Subject(sex="female", age=40)]), freeze_age=True)
    y = m.initial_state()
    y[:, 0:SITE_BLOCK:N_STATES] = 2.0  # double the osteoclasts of every site
    d = m.split(m.evaluate(0.0, y))[0][..., 0]
    # d(OC)/dt ~ -(OC - 1)/lifespan with the apoptosis drive at 1
    assert d[0, 0] == pytest.approx(-(2.0 - 1.0) / p["osteoclast_lifespan"], rel=0.05)


def test_result_variables_report_real_units():
    res = Simulation(Subject(sex="male", age=60), years=1).run()
    for name, var in {**res.data_vars, **res.coords}.items():
        if name in ("subject", "site", "sex", "time", "age"):
            continue
        assert var.attrs.get("units") in RESULT_UNITS, (name, var.attrs.get("units"))
    assert res.time.attrs["units"] == "year"
    assert np.all((res.bmd > 0.3) & (res.bmd < 1.6))
