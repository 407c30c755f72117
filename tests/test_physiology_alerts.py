"""A result whose plasma calcium leaves the clinical range is kept and flagged (not silent)."""

import numpy as np
import pytest

from osteon import Simulation, Subject
from osteon.outputs.alerts import PLASMA_CALCIUM_HIGH, PLASMA_CALCIUM_LOW, calcium_alerts
from osteon.trials.interventions import protocol_from_specs


def test_alert_texts_name_the_condition_value_and_time():
    years = np.array([0.0, 0.5, 1.0])
    ca = np.array([[2.3, 2.3, 2.3], [2.3, 2.0, 2.2], [2.3, 2.3, 2.8], [np.nan] * 3])
    out = calcium_alerts(years, ca)
    assert out[0] == "" and out[3] == ""
    assert out[1].startswith("hypocalcaemia") and "2.00 mmol/L" in out[1] and "year 0.5" in out[1]
    assert out[2].startswith("hypercalcaemia") and "2.80 mmol/L" in out[2]
    # the thresholds lie outside the model's steady state and inside clinical concern
    assert 2.0 <= PLASMA_CALCIUM_LOW < 2.15 and 2.55 < PLASMA_CALCIUM_HIGH <= 2.75


@pytest.mark.calcium_out_of_range
def test_denosumab_on_a_deficient_diet_is_flagged_and_a_normal_diet_is_not():
    # Denosumab blocks the skeletal calcium buffer; on 100 mg/day calcium the gut cannot
    # cover the deficit, and plasma calcium falls (hypocalcaemia under denosumab is a known
    # risk where calcium and vitamin D are deficient: Prolia label, Block 2012 JBMR 27:1471).
    p = protocol_from_specs([{"intervention": "denosumab", "dose": "60 mg", "every": "6 months"}])
    res = Simulation([Subject(sex="female", age=70, calcium_mg_per_day=100),
                      Subject(sex="female", age=70)], p, years=1).run()
    alerts = res["physiology_alert"].values
    assert "hypocalcaemia" in str(alerts[0])
    assert str(alerts[1]) == ""
    assert res.attrs["n_alerts"] == 1
    # kept, not dropped: the flagged subject still has its numbers
    assert np.isfinite(res.bmd.values[0]).all()
    natural = Simulation(Subject(sex="male", age=60), years=1).run()
    assert natural.attrs["n_alerts"] == 0
