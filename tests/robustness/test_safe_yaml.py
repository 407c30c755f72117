"""Issue 15 (b): every YAML reader refuses hostile files with a clear error and exit 2."""

from __future__ import annotations

import time

import pytest

from osteon.cli import main
from osteon.errors import OsteonInputError, TrialFileError
from osteon.safe_yaml import expanded_size, safe_load_file
from osteon.trials.format import load_trial

from .hostile import alias_bomb, write_hostile

SUBJECT = "sex: female\nage: 55\n"
TRIAL = """id: t
title: T
citation: "A B. J 2000;1:1"
design: uncontrolled
population: {sex: male, n: 6, age_years: {mean: 35, sd: 8}}
arms:
  bed_rest:
    - {intervention: unloading, kind: bed_rest}
duration: 17 weeks
endpoints:
  - {arm: bed_rest, site: lumbar_spine, measure: percent_change, value: -3.9}
"""
KINDS = ["bomb", "deep", "long_number", "python_tag", "recursive", "latin1", "huge"]
WORDS = {"bomb": "nodes", "deep": "nested", "long_number": "number", "python_tag": "python",
         "recursive": "recursive", "latin1": "UTF-8", "huge": "bytes"}


def test_alias_bomb_is_counted_not_expanded():
    import yaml

    from osteon.safe_yaml import YamlLimitError, compose

    started = time.perf_counter()
    with pytest.raises(YamlLimitError, match="nodes"):
        compose(alias_bomb())
    assert time.perf_counter() - started < 2
    node, loader = compose(alias_bomb(levels=3, fan=3))
    loader.dispose()
    assert expanded_size(node) > 27
    assert isinstance(node, yaml.MappingNode)


@pytest.mark.parametrize("kind", KINDS)
def test_subject_file_limits(tmp_path, kind):
    path = write_hostile(tmp_path, SUBJECT)[kind]
    with pytest.raises(OsteonInputError) as err:
        safe_load_file(path, "subject_file", "sex: female")
    assert err.value.field == "subject_file"
    assert WORDS[kind] in str(err.value)


@pytest.mark.parametrize("kind", KINDS)
def test_trial_file_limits(tmp_path, kind):
    path = write_hostile(tmp_path, TRIAL)[kind]
    with pytest.raises(TrialFileError) as err:
        load_trial(path)
    assert path.name in err.value.field
    assert WORDS[kind] in str(err.value)


def test_valid_files_still_load(tmp_path):
    (tmp_path / "s.yaml").write_text("base: &b {sex: female}\nage: 55\nother: *b\n")
    assert safe_load_file(tmp_path / "s.yaml", "f", "x")["other"] == {"sex": "female"}
    (tmp_path / "t.yaml").write_text(TRIAL)
    assert load_trial(tmp_path / "t.yaml").duration_days == 17 * 7


@pytest.mark.parametrize("kind", ["bomb", "deep", "python_tag", "latin1"])
def test_cli_exits_2_on_hostile_subject_file(tmp_path, kind, capsys):
    path = write_hostile(tmp_path, SUBJECT)[kind]
    rc = main(["simulate", str(path), "--out", str(tmp_path / "out")])
    assert rc == 2
    assert "subject_file" in capsys.readouterr().err


@pytest.mark.parametrize("kind", ["bomb", "python_tag"])
def test_validate_exits_nonzero_on_hostile_trial_file(tmp_path, kind, capsys):
    path = write_hostile(tmp_path, TRIAL)[kind]
    rc = main(["validate", str(path)])
    assert rc != 0
    assert path.name in capsys.readouterr().out


def test_device_files_are_refused(capsys):
    with pytest.raises(OsteonInputError, match="regular file"):
        safe_load_file("/dev/zero", "subject_file", "s.yaml")
    assert main(["validate", "/dev/zero"]) != 0
