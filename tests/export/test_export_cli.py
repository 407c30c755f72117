"""``osteon export-sbml`` writes a consistent SBML file and says what it wrote."""

from __future__ import annotations

import pytest

from osteon.cli import main


@pytest.mark.slow
def test_export_sbml_command_writes_a_consistent_file(tmp_path, capsys):
    out = tmp_path / "mht.xml"
    rc = main(["export-sbml", "--sex", "female", "--age", "52", "--menopause-age", "51",
               "--years", "1", "--scenario", "Hormone therapy only", "--out", str(out)])
    text = capsys.readouterr().out
    assert rc == 0, text
    assert out.stat().st_size > 10_000 and "no errors" in text


def test_export_sbml_command_names_a_bad_scenario(tmp_path, capsys):
    rc = main(["export-sbml", "--sex", "female", "--age", "52", "--scenario", "Yoga",
               "--out", str(tmp_path / "x.xml")])
    assert rc == 2 and "scenario" in capsys.readouterr().err
