"""The refit scripts' shared scoring (``osteon.calibration.refit``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from osteon.calibration.refit import objective, scored_endpoints
from osteon.parameters import default_parameters
from osteon.trials.format import load_trial

BED_REST = (Path(__file__).resolve().parents[2] / "validation" / "trials"
            / "shackelford-2004-bed-rest-17-weeks.yaml")


@pytest.fixture(scope="module")
def trial():
    return load_trial(BED_REST)


def test_each_endpoint_is_its_miss_in_half_widths(trial):
    scored = scored_endpoints([trial], subjects=3)
    assert scored and all(s.trial == trial.id for s in scored)
    for s in scored:
        lo, hi = s.result.interval
        assert s.z == pytest.approx((s.result.simulated - s.result.published) / ((hi - lo) / 2))
        # inside the interval <=> |z| <= 1 (the FORMAT.md rule)
        assert (abs(s.z) <= 1 + 1e-12) == bool(s.result.agree)
        assert s.result.arm in s.line() and f"z {s.z:+.2f}" in s.line()
    assert objective(scored) == pytest.approx(sum(s.z ** 2 for s in scored))


def test_a_mapping_replaces_defaults_like_a_parameter_set(trial):
    name = "unloading_bed_rest_hip_load"
    value = default_parameters()[name] * 0.5
    by_map = scored_endpoints([trial], 3, {name: value})
    by_set = scored_endpoints([trial], 3, default_parameters().replace(**{name: value}))
    assert [s.z for s in by_map] == [s.z for s in by_set]
    assert [s.z for s in by_map] != [s.z for s in scored_endpoints([trial], 3)]


def test_grid_search_scores_every_point_and_returns_the_best(trial):
    from osteon.calibration.refit import grid_search

    name = "unloading_bed_rest_hip_load"
    base = default_parameters()[name]
    lines: list[str] = []
    label, best = grid_search([trial], 3, [f"{name}={base},{base * 0.5}"], echo=lines.append)
    scores = [objective(scored_endpoints([trial], 3, {name: v})) for v in (base, base * 0.5)]
    assert best == pytest.approx(min(scores))
    assert label == f"{name}={[base, base * 0.5][scores.index(min(scores))]:g}"
    assert sum(" objective " in line for line in lines) == 2 and lines[-1].startswith("best ")


def test_grid_items_must_name_a_parameter_and_numbers():
    from osteon.calibration.refit import parse_grid

    with pytest.raises(ValueError, match="NAME=V1,V2"):
        parse_grid(["erosion_depth_estrogen"])
    with pytest.raises(ValueError, match="erosion_depth_estrogen=0.08,0.12"):
        parse_grid(["a=1,x"])
