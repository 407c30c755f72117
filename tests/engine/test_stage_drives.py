"""The engine evaluates a round's five stage times in one ``site_drives`` call on a model
holding each subject once per stage (:mod:`osteon.engine.driver`). That is exact only if a
subject's drives do not depend on which other rows the model holds: checked here for the
treated arms of the trial files, against one call per stage time."""

import numpy as np
import pytest
from test_shared_history import _arms

from osteon import Subject
from osteon.model import BoneModel, Cohort
from osteon.parameters import default_parameters


@pytest.mark.slow
def test_drives_of_stacked_stage_times_equal_one_call_per_time():
    subjects = [Subject(sex="female", age=58.0, menopause_age=50.0),
                Subject(sex="female", age=47.0), Subject(sex="male", age=62.0)]
    params = default_parameters()
    cohort = Cohort.from_subjects(subjects)
    rng = np.random.default_rng(4)
    stages = [rng.uniform(-30.0, 400.0, len(subjects)) for _ in range(5)]
    checked = 0
    for name, protocol in _arms():
        model = BoneModel(params, cohort, protocol)
        stacked = model.subset(np.tile(np.arange(len(subjects)), len(stages)))
        d = stacked.site_drives(np.concatenate(stages))
        d = d.reshape(d.shape[0], len(stages), len(subjects), d.shape[-1])
        for k, times in enumerate(stages):
            assert np.array_equal(d[:, k], model.site_drives(times)), f"{name}, stage {k}"
        checked += 1
    assert checked > 20
