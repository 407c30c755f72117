"""SBML export (issue 14): the traced equations are Osteon's, the document passes libSBML's
consistency check, and libroadrunner running it matches Osteon within 0.1 % over 10 years."""

from __future__ import annotations

import numpy as np
import pytest

from osteon import Subject
from osteon.errors import OsteonInputError
from osteon.export.sbml import build_sbml
from osteon.export.sbml_run import compare_with_osteon, consistency_errors
from osteon.export.symbolic import Expr
from osteon.export.tabulate import tabulate_inputs
from osteon.export.trace import trace_rhs
from osteon.model import SYSTEMIC_ROW, BoneModel, Cohort
from osteon.parameters import default_parameters
from osteon.report.scenarios import HORMONE_THERAPY
from osteon.trials.interventions import protocol_from_specs
from osteon.units import DAYS_PER_YEAR

TRT_WITH_ANASTROZOLE = [
    {"intervention": "testosterone", "agent": "testosterone_cypionate",
     "route": "intramuscular", "dose": "100 mg", "every": "1 week"},
    {"intervention": "aromatase_inhibitor", "agent": "anastrozole", "dose": "1 mg",
     "every": "1 day"},
]
# teriparatide for a year, its withdrawal a year, then denosumab (the drug focal-loss drive
# and its gating by the RANKL a drug leaves free)
TERIPARATIDE_THEN_DENOSUMAB = [
    {"intervention": "teriparatide", "dose": "20 ug", "every": "1 day", "start": "0 months",
     "stop": "12 months"},
    {"intervention": "denosumab", "dose": "60 mg", "every": "6 months", "start": "24 months"},
]
CASES = {
    "natural history woman": (Subject(sex="female", age=55), []),
    "MHT": (Subject(sex="female", age=52, menopause_age=51), HORMONE_THERAPY),
    "TRT with anastrozole": (Subject(sex="male", age=60), TRT_WITH_ANASTROZOLE),
    "teriparatide, off, denosumab": (Subject(sex="female", age=65),
                                     TERIPARATIDE_THEN_DENOSUMAB),
}


def _env(model, traced, y, t):
    d = model.site_drives(t)[:, 0, :]
    env = {sid: y[j] for j, sid in enumerate(traced.state_ids)}
    env.update({sid: d[k, row] for sid, k, row in traced.drives})
    env.update({sid: model.site_constants[k, s] for sid, k, s in traced.site_constants})
    env.update({n: getattr(model.core_params, n) for n in traced.core})
    kc = model.calcium_constants[0]
    for n in traced.calcium:
        env.setdefault(n, kc[n])
    env.update({n: d[k, SYSTEMIC_ROW] for n, k in traced.systemic_constants})
    return env


@pytest.mark.parametrize("case", list(CASES))
def test_traced_rates_are_the_models_right_hand_side(case):
    subject, specs = CASES[case]
    model = BoneModel(default_parameters(), Cohort.from_subjects([subject]),
                      protocol_from_specs(specs, years=10))
    traced = trace_rhs(model)
    rng = np.random.default_rng(7)
    for t in (0.0, 400.0, 2000.0):
        # away from the steady state, so that every term matters
        y = model.initial_state()[0] * (1.0 + 0.1 * rng.standard_normal(model.block_size))
        ref = model.evaluate(t, y[None, :])[0]
        env = _env(model, traced, y, t)
        got = np.array([e.evaluate(env) if isinstance(e, Expr) else e
                        for e in (traced.rates[s] for s in traced.state_ids)])
        np.testing.assert_allclose(got, ref, rtol=1e-12, atol=1e-15)


def test_tabulated_inputs_follow_the_drives_between_their_nodes():
    subject, specs = CASES["TRT with anastrozole"]
    protocol = protocol_from_specs(specs, years=2)
    model = BoneModel(default_parameters(), Cohort.from_subjects([subject]), protocol)
    start = -(subject.age - 30.0) * DAYS_PER_YEAR
    series = [(1, 0), (3, 0), (8, 0), (6, SYSTEMIC_ROW)]  # sex steroid, RANKL, matrix, gut
    tabs = tabulate_inputs(model, start, 2 * DAYS_PER_YEAR, protocol.breakpoints(730.5),
                           series, rtol=1e-7)
    t = np.sort(np.random.default_rng(3).uniform(start, 2 * DAYS_PER_YEAR, 300))
    rows = BoneModel(model.params, model.cohort.repeat(t.size), protocol).site_drives(t)
    truth = np.stack([rows[k, :, row] for k, row in series], axis=1)
    for j, tab in enumerate(tabs):
        err = np.abs(tab(t) - truth[:, j]) / np.maximum(np.abs(truth[:, j]), 1.0)
        assert err.max() < 1e-6, series[j]
    # the sex-steroid signal falls with age: the table is not a constant
    assert tabs[0].constant is None


@pytest.mark.slow
def test_export_passes_libsbml_consistency_check_and_carries_the_records():
    text, info = build_sbml(Subject(sex="female", age=55), years=1)
    assert consistency_errors(text) == []
    assert info["states"] == 62
    import libsbml

    m = libsbml.readSBMLFromString(text).getModel()
    assert m.getNumRules() >= 62 and m.getNumEvents() == info["input_events"]
    p = m.getParameter("osteoclast_lifespan")
    rec = default_parameters().record("osteoclast_lifespan")
    note = p.getAnnotationString()
    assert p.getValue() == rec.value and rec.source.split()[0] in note and "evidence" in note
    assert m.getParameter("lumbar_spine_osteoclasts").getUnits() == "dimensionless"


def test_export_refuses_what_it_cannot_write():
    with pytest.raises(OsteonInputError, match="subject.age"):
        build_sbml(Subject(sex="female", age=25))
    with pytest.raises(OsteonInputError, match="years"):
        build_sbml(Subject(sex="female", age=55), years=0)
    with pytest.raises(OsteonInputError, match="subject"):
        build_sbml({"sex": "female", "age": 55})


@pytest.mark.slow
@pytest.mark.parametrize("case", list(CASES))
def test_roadrunner_on_the_export_matches_osteon_over_ten_years(case):
    pytest.importorskip("roadrunner")
    subject, specs = CASES[case]
    r = compare_with_osteon(subject, protocol_from_specs(specs, years=10, name=case), years=10)
    worst = max(r["max_rel_diff"].values())
    assert worst < 1e-3, r["max_rel_diff"]


# Exposure before follow-up (a negative start): prednisone taken for 2 years at entry, and a
# course of alendronate that ended a year before it
PRIOR_EXPOSURE = [
    {"intervention": "glucocorticoid", "agent": "prednisone", "dose": "7.5 mg",
     "every": "1 day", "start": "-2 years"},
    {"intervention": "bisphosphonate", "agent": "alendronate", "dose": "10 mg",
     "every": "1 day", "start": "-4 years", "stop": "-1 year"},
]


@pytest.mark.slow
def test_roadrunner_on_an_export_with_exposure_before_follow_up_matches_osteon():
    pytest.importorskip("roadrunner")
    subject = Subject(sex="female", age=64, menopause_age=51)
    protocol = protocol_from_specs(PRIOR_EXPOSURE, years=3, name="prior exposure")
    text, info = build_sbml(subject, protocol, years=3)
    start = info["follow_up_start_day"]
    # the start of each course and the past course's stop are events before follow-up
    for years_before in (2.0, 4.0, 1.0):
        assert any(abs(t - (start - years_before * DAYS_PER_YEAR)) < 1e-6
                   for t in info["breakpoints"]), years_before
    r = compare_with_osteon(subject, protocol, years=3, text=text)
    worst = max(r["max_rel_diff"].values())
    assert worst < 1e-3, r["max_rel_diff"]
