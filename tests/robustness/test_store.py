"""Issue 15 (e): a lock file guards a store against two writers; a store is verified
(every chunk present and unchanged) before it is resumed or summarised."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from osteon.cohort.integrity import StoreLock, verify_store
from osteon.cohort.store import open_arms
from osteon.errors import OsteonInputError
from osteon.trials.at_scale import run_trial
from osteon.trials.format import load_trial
from osteon.trials.summary import summarize_store

ONE_YEAR = Path(__file__).resolve().parents[1] / "cohort" / "one-year.yaml"
N, CHUNK = 4, 2


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    out = tmp_path_factory.mktemp("store") / "ref.zarr"
    run_trial(ONE_YEAR, N, out, workers=0, seed=3, chunk_size=CHUNK, quiet=True)
    return out


def _copy(store, tmp_path) -> Path:
    dst = tmp_path / "copy.zarr"
    shutil.copytree(store, dst)
    return dst


def _resume(path):
    return run_trial(ONE_YEAR, N, path, workers=0, seed=3, chunk_size=CHUNK, quiet=True,
                     resume=True)


def _same(a, b):
    for arm, ds in open_arms(a).items():
        other = open_arms(b)[arm]
        assert np.array_equal(ds["bmd"].values, other["bmd"].values, equal_nan=True), arm
        assert (ds["status"].values.astype(object) == other["status"].values.astype(object)).all()


def test_lock_refuses_a_second_writer(tmp_path):
    out = tmp_path / "x.zarr"
    with StoreLock(out):
        with pytest.raises(OsteonInputError, match="another osteon process") as err:
            StoreLock(out).acquire()
        assert err.value.field == "--out"
    with StoreLock(out):  # released: free again, and no stale lock file is left behind
        pass
    assert not (tmp_path / "x.zarr.lock").exists()


@pytest.mark.slow
def test_resume_while_another_run_writes_is_refused(store, tmp_path):
    path = _copy(store, tmp_path)
    with StoreLock(path), pytest.raises(OsteonInputError, match="another osteon process"):
        _resume(path)
    assert verify_store(path).ok


@pytest.mark.slow
@pytest.mark.parametrize("damage", ["delete", "truncate"])
def test_damaged_chunk_is_detected_and_recomputed(store, tmp_path, damage):
    path = _copy(store, tmp_path)
    victim = path / "placebo" / "bmd" / "c" / "1" / "0" / "0"
    if damage == "delete":
        victim.unlink()
    else:
        victim.write_bytes(victim.read_bytes()[:10])
    check = verify_store(path)
    assert check.damaged_chunks == [1]
    with pytest.raises(OsteonInputError, match="damaged"):
        summarize_store(load_trial(ONE_YEAR), path)
    res = _resume(path)
    assert (res.computed, res.skipped) == (1, 1)
    assert any("store check" in n for n in res.notes)
    assert verify_store(path).ok
    _same(store, path)


@pytest.mark.slow
def test_missing_arm_group_is_rebuilt(store, tmp_path):
    path = _copy(store, tmp_path)
    shutil.rmtree(path / "estrogen")
    assert verify_store(path).missing_groups == ["estrogen"]
    with pytest.raises(OsteonInputError, match="arm groups missing"):
        summarize_store(load_trial(ONE_YEAR), path)
    res = _resume(path)
    assert res.computed == 2
    _same(store, path)
