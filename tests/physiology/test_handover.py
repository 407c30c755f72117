"""Drug-to-drug state has a declared, typed home (protocol.HandOver), not ad hoc attributes
of Signals (issue 13)."""

from __future__ import annotations

import copy
import dataclasses

import numpy as np
import pytest

from osteon.parameters import default_parameters
from osteon.physiology.endocrine.background import Hormones
from osteon.physiology.pharmacology.bisphosphonates import Bisphosphonate, removal_factor
from osteon.protocol import HandOver, Protocol, Signals

P = default_parameters()


def _signals(n: int = 2) -> Signals:
    one = np.ones(n)
    h = Hormones(estradiol=10 * one, testosterone=25 * one, progesterone=0.3 * one, gh=one,
                 igf1=150 * one, cortisol=12 * one)
    return Signals(hormones=h, load=np.ones((n, 4)), female=np.ones(n, bool), age=65 * one,
                   body_mass_kg=70 * one)


def test_interventions_leave_no_undeclared_attribute_on_signals():
    courses = [Bisphosphonate(agent="alendronate"),
               Bisphosphonate(agent="zoledronic_acid", dose="5 mg", every="1 year")]
    sig = Protocol(courses).apply(np.array([400.0, 400.0]), _signals(), P)
    declared = {f.name for f in dataclasses.fields(Signals)}
    assert set(vars(sig)) <= declared
    assert np.all(np.asarray(sig.handover.bisphosphonate_pool) > 0)


def test_courses_hand_their_pools_on():
    t = np.array([400.0, 400.0])
    one = Bisphosphonate(agent="alendronate")
    two = Bisphosphonate(agent="risedronate", dose="35 mg", every="1 week")
    both = Protocol([one, two]).apply(t, _signals(), P)
    pool = one.surface_pool(t, P) + two.surface_pool(t, P)
    assert np.asarray(both.handover.bisphosphonate_pool) == pytest.approx(pool)
    assert np.asarray(both.oc_apoptosis) == pytest.approx(removal_factor(pool, P)
                                                          / removal_factor(0.0, P))


def test_a_shallow_copy_never_shares_a_hand_over():
    # the forecast switchboard applies each treatment pattern to a copy.copy of Signals
    base = _signals()
    sig = copy.copy(base)
    Bisphosphonate(agent="alendronate").apply(np.array([400.0, 400.0]), sig, P)
    assert base.handover == HandOver() and base.handover.bisphosphonate_pool == 0.0
    with pytest.raises(dataclasses.FrozenInstanceError):
        sig.handover.bisphosphonate_pool = 1.0  # type: ignore[misc]
