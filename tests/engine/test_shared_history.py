"""A trial's arms branch from one simulated history (issue 14, part 3).

The years from each subject's 30th birthday to the start of follow-up are simulated
once (:meth:`osteon.Simulation.history`) and every arm starts from that state with the
step the solver would have taken next. That is only right if no intervention acts
before day 0 except those with a negative start (exposure before follow-up, which the
history simulates: tests/engine/test_prior_exposure.py), which the first test checks for
every arm of every trial file.
"""

from pathlib import Path

import numpy as np
import pytest

from osteon import Simulation, SolverSettings, Subject
from osteon.errors import OsteonInputError
from osteon.model import BoneModel, Cohort
from osteon.parameters import default_parameters
from osteon.protocol import Protocol, Unloading
from osteon.trials.format import load_trial
from osteon.trials.interventions import NotSupportedYet, build_protocol, unsupported_kinds

REPO = Path(__file__).resolve().parents[2]
TRIAL_DIRS = [REPO / "validation" / "trials", REPO.parent / "shared" / "validation" / "trials"]
# Before follow-up: decades before, a year before, a day before, and just before day 0.
HISTORY_DAYS = (-9000.0, -365.25, -1.0, -1e-6)


def _arms():
    for folder in TRIAL_DIRS:
        for path in sorted(folder.glob("*.yaml")):
            trial = load_trial(path)
            for arm in trial.arms:
                if unsupported_kinds(arm):
                    continue
                try:
                    protocol = build_protocol(arm)
                except (NotSupportedYet, OsteonInputError):
                    continue
                if not protocol.is_empty:
                    yield f"{path.name}:{arm.name}", protocol


@pytest.mark.slow
def test_no_intervention_of_any_trial_file_acts_before_follow_up():
    subjects = [Subject(sex="female", age=58.0, menopause_age=50.0),
                Subject(sex="female", age=47.0), Subject(sex="male", age=62.0)]
    params = default_parameters()
    cohort = Cohort.from_subjects(subjects)
    checked = 0
    for name, protocol in _arms():
        # Before day 0 only the interventions with a negative start act (exposure before
        # follow-up; none for most arms, whose history is then the natural one).
        before = BoneModel(params, cohort, protocol.before_followup())
        expected = [before.site_drives(np.full(len(subjects), t)) for t in HISTORY_DAYS]
        model = BoneModel(params, cohort, protocol)
        for t, want in zip(HISTORY_DAYS, expected, strict=True):
            got = model.site_drives(np.full(len(subjects), t))
            assert np.array_equal(got, want), f"{name} changes the drives at day {t}"
        checked += 1
    assert checked > 20  # the trial files' treated arms were really looked at


def _cohort():
    # a woman in the menopausal transition, one long past it, a man and one at 30 (no history)
    return [Subject(sex="female", age=50.0, menopause_age=51.0),
            Subject(sex="female", age=68.0, menopause_age=49.0),
            Subject(sex="male", age=61.0), Subject(sex="female", age=30.0)]


@pytest.mark.slow
def test_arms_from_a_shared_history_match_separate_runs():
    subjects = _cohort()
    arms = [Protocol(), Protocol([Unloading("bed_rest", start_day=30.0, stop_day=120.0)])]
    history = Simulation(subjects, years=1).history()
    assert history.ok.all()
    for protocol in arms:
        alone = Simulation(subjects, protocol, years=1).run()
        shared = Simulation(subjects, protocol, years=1).run(history=history)
        for var in ("bmd", "ctx", "p1np", "pth", "serum_calcium", "remodeling_space"):
            a, b = alone[var].values, shared[var].values
            # the same steps are taken, so the numbers agree far below the solver tolerance
            rel = np.max(np.abs(a - b) / np.maximum(np.abs(a), 1e-12))
            assert rel < 1e-9, f"{var}: relative difference {rel:.2e} ({protocol.describe()})"
        assert shared.attrs["shared_history_rhs_evaluations"] > 0
        assert shared.attrs["rhs_evaluations"] < alone.attrs["rhs_evaluations"]


def test_a_history_of_other_subjects_or_settings_is_refused():
    subjects = _cohort()[:2]
    history = Simulation(subjects, years=0).history()
    with pytest.raises(OsteonInputError, match="history"):
        Simulation(subjects[:1], years=0).run(history=history)
    with pytest.raises(OsteonInputError, match="history"):
        Simulation(subjects, years=0, solver=SolverSettings(rtol=1e-7)).run(history=history)
    with pytest.raises(OsteonInputError, match="solver"):
        Simulation(subjects, years=0, freeze_age=True).history()


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_a_subject_failing_before_follow_up_fails_in_every_arm(monkeypatch):
    real = BoneModel.site_drives

    def poisoned(self, t_days, sig=None, subject_major=False):
        d = real(self, t_days, sig, subject_major=subject_major)
        bad = (self.cohort.age == 61.0) & (np.broadcast_to(t_days, (self.n,)) < -100.0)
        d[(bad,) if subject_major else (slice(None), bad)] = np.nan
        return d

    monkeypatch.setattr(BoneModel, "site_drives", poisoned)
    subjects = [Subject(sex="female", age=a) for a in (60.0, 61.0)]
    history = Simulation(subjects, years=0.5).history()
    assert list(history.ok) == [True, False]
    res = Simulation(subjects, years=0.5).run(history=history)
    assert list(res.status.values) == ["ok", "failed"]
    assert "batch engine failed" in str(res.status_reason.values[1])
