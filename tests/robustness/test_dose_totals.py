"""Issue 15 (f): dose limits apply to the total of an agent, not to each entry."""

from __future__ import annotations

import pytest

from osteon.errors import OsteonInputError
from osteon.trials.interventions import protocol_from_specs

TERIPARATIDE = {"intervention": "teriparatide", "dose": "20 ug", "every": "1 day"}
PREDNISONE = {"intervention": "glucocorticoid", "agent": "prednisone", "dose": "200 mg",
              "every": "1 day"}


def test_thirty_stacked_teriparatide_entries_are_refused():
    with pytest.raises(OsteonInputError, match="limited in total") as err:
        protocol_from_specs([TERIPARATIDE] * 30)
    assert err.value.field == "teriparatide.dose" and err.value.example


def test_stacked_glucocorticoid_agents_share_one_limit():
    dexa = {"intervention": "glucocorticoid", "agent": "dexamethasone", "dose": "20 mg",
            "every": "1 day"}
    protocol_from_specs([dexa])
    protocol_from_specs([PREDNISONE])
    with pytest.raises(OsteonInputError, match="glucocorticoid"):
        protocol_from_specs([PREDNISONE, dexa])


def test_consecutive_entries_are_not_added():
    taper = [dict(PREDNISONE, stop="6 months"), dict(PREDNISONE, start="6 months")]
    assert len(protocol_from_specs(taper).interventions) == 2
    overlapping = [dict(PREDNISONE, stop="7 months"), dict(PREDNISONE, start="6 months")]
    with pytest.raises(OsteonInputError, match="day 18"):
        protocol_from_specs(overlapping)


def test_stacked_supplements_are_refused():
    calcium = {"intervention": "calcium", "dose": "3000 mg", "every": "1 day"}
    with pytest.raises(OsteonInputError, match="calcium.dose"):
        protocol_from_specs([calcium, calcium])
    vitd = {"intervention": "vitamin_d", "dose": "30000 IU", "every": "1 day"}
    with pytest.raises(OsteonInputError, match="vitamin_d.dose"):
        protocol_from_specs([vitd, vitd])
