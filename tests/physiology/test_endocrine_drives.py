"""The hormone-to-drive map (osteon.physiology.endocrine.drives): neutral at each subject's
own peak-bone-mass hormones, in the direction the pathways say away from them, and the
same numbers as the drive table that BoneModel.site_drives assembles from it."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from osteon import Subject, default_parameters
from osteon.model import SITE_DRIVES, BoneModel, Cohort
from osteon.physiology.endocrine.drives import hormone_drives
from osteon.physiology.remodeling import estrogen_adaptation

MULTIPLICATIVE = ("sex_steroid", "sex_sensitivity", "rankl_expression", "opg_expression",
                  "oc_apoptosis", "ob_recruitment", "matrix_synthesis", "ocy_viability")


def _model(subjects):
    return BoneModel(default_parameters(), Cohort.from_subjects(subjects))


def _no_drop(signal):
    return np.zeros_like(signal)


def test_neutral_at_each_subjects_own_peak_hormones():
    m = _model([Subject(sex="female", age=30.0), Subject(sex="male", age=30.0)])
    hd = hormone_drives(m.p, m.ref, m.ref, m.reference_signals, np.full(2, 30.0), {}, _no_drop)
    for name in MULTIPLICATIVE:
        np.testing.assert_allclose(getattr(hd, name), 1.0, rtol=1e-12, err_msg=name)
    np.testing.assert_allclose(hd.focal_loss, 0.0, atol=1e-15)


def test_estrogen_loss_raises_rankl_and_lowers_opg_apoptosis_and_osteocytes():
    m = _model([Subject(sex="female", age=30.0)])
    low = replace(m.ref, estradiol=m.ref.estradiol * 0.1)
    hd = hormone_drives(m.p, low, m.ref, m.reference_signals, np.full(1, 30.0), {},
                        lambda s: 1.0 - s / m.pi_e0)
    assert hd.rankl_expression[0] > 1.0
    assert hd.opg_expression[0] < 1.0
    assert hd.oc_apoptosis[0] < 1.0
    assert hd.ocy_viability[0] < 1.0
    assert hd.sex_steroid[0] < 1.0
    assert hd.focal_loss[0] > 0.0


def test_site_drives_carry_the_map_without_interventions():
    subjects = [Subject(sex="female", age=62.0, menopause_age=50.0),
                Subject(sex="male", age=70.0)]
    m = _model(subjects)
    t = 400.0
    d = m.site_drives(t)
    sig = m.signals(t)
    hd = hormone_drives(m.p, sig.hormones, m.ref, m.reference_signals, m.age_at(t),
                        m._physiology, lambda s: estrogen_adaptation.erosion_drop(m, t, s),
                        m.background.estradiol_bioavailable_share(m.age_at(t)),
                        female=m.cohort.female)
    # site 0 (the spine) takes estrogen's osteoclast factors at its envelope weight w
    # (remodeling/envelopes.py, stop 26): x * e ** (w - 1), e estrogen's part of x
    w = m.estrogen_site_weight[0]
    assert 0.0 < w < 1.0
    estrogen_part = {"rankl_expression": hd.rankl_estrogen, "opg_expression": hd.opg_expression,
                     "oc_apoptosis": hd.oc_apoptosis}
    for name in (*MULTIPLICATIVE, "focal_loss", "modeling_threshold"):
        want = getattr(hd, name)
        if name in estrogen_part:
            want = want * estrogen_part[name] ** (w - 1.0)
        # neither subject eats below the calcium threshold: no calcium focal loss is added
        np.testing.assert_allclose(d[SITE_DRIVES.index(name), :, 0], want, rtol=1e-12,
                                   err_msg=name)
