"""Issue 15 (a): every trial duration of whole days, weeks or months from 1 day to 30 years
gives a time grid without duplicate times, so endpoints can be selected by time."""

from __future__ import annotations

import numpy as np
import pytest

from osteon import Subject
from osteon.parameters import default_parameters
from osteon.simulation import Simulation, merge_close_times
from osteon.units import DAYS_PER_YEAR, parse_duration


def _durations():
    yield from (f"{n} days" for n in range(1, int(30 * DAYS_PER_YEAR) + 1))
    yield from (f"{n} weeks" for n in range(1, 30 * 52 + 2))
    yield from (f"{n} months" for n in range(1, 30 * 12 + 1))


@pytest.mark.slow
def test_every_duration_gives_unique_times():
    params = default_parameters()
    sim = Simulation(Subject(sex="female", age=60), parameters=params, years=1.0)
    bad = []
    for text in _durations():
        days = parse_duration(text)
        # what the trial runner does: years from days, endpoints at 0, half-way and the end
        sim.years = days / DAYS_PER_YEAR
        sim.extra_output_days([0.0, parse_duration(text) / 2, parse_duration(text)])
        t = sim._times()
        years = t / DAYS_PER_YEAR
        if (np.unique(years).size != years.size or np.any(np.diff(t) <= 0)
                or abs(t[-1] - days) > 1e-6):
            bad.append(text)
    assert not bad, f"{len(bad)} durations give duplicate or missing times: {bad[:10]}"


def test_merge_close_times_keeps_the_end():
    t = merge_close_times(np.array([0.0, 30.0, 13.0, 13.0 - 1e-10, 13.0 + 1e-10]))
    assert np.allclose(t, [0.0, 13.0, 30.0], atol=1e-9) and t.size == 3
    end = merge_close_times(np.array([0.0, 29.99999999, 30.0]))
    assert end[-1] == 30.0 and end.size == 2


@pytest.mark.slow
@pytest.mark.parametrize("duration", ["13 days", "52 days", "33 weeks"])
def test_durations_from_issue_validate(tmp_path, duration, shared_dir):
    from osteon.trials.format import load_trial
    from osteon.trials.validate import validate_trial

    text = (shared_dir / "validation/trials/leblanc-1990-bed-rest.yaml").read_text()
    f = tmp_path / "t.yaml"
    f.write_text(text.replace("duration: 17 weeks", f"duration: {duration}"))
    report = validate_trial(load_trial(f), subjects=4, seed=1)
    assert report.results and all(r.status != "error" for r in report.results), [
        r.reason for r in report.results]
