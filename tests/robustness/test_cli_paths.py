"""Issue 15 (c): output paths are checked before any work: an existing file or a folder that
cannot be written gives exit 2 naming --out, not a traceback after the simulation."""

from __future__ import annotations

from pathlib import Path

import pytest

from osteon.cli import main
from osteon.errors import OsteonInputError
from osteon.paths import check_output_folder

ONE_YEAR = Path(__file__).resolve().parents[1] / "cohort" / "one-year.yaml"


def _argv(command, out):
    return {
        "demo": ["demo", "--out", str(out)],
        "simulate": ["simulate", "--sex", "female", "--age", "55", "--out", str(out)],
        "trial": ["trial", str(ONE_YEAR), "--subjects", "2", "--workers", "0", "--quiet",
                  "--out", str(out)],
    }[command]


@pytest.mark.parametrize("command", ["demo", "simulate", "trial"])
def test_out_on_an_existing_file(tmp_path, command, capsys):
    f = tmp_path / "a-file"
    f.write_text("keep me")
    assert main(_argv(command, f)) == 2
    assert "--out" in capsys.readouterr().err
    assert f.read_text() == "keep me"


@pytest.mark.parametrize("command", ["demo", "simulate", "trial"])
def test_out_where_nothing_can_be_written(command, capsys):
    # /proc refuses new files even for root, unlike a chmod 555 folder
    assert main(_argv(command, "/proc/osteon-out")) == 2
    assert "not writable" in capsys.readouterr().err


def test_check_output_folder_accepts_new_nested_folders(tmp_path):
    assert check_output_folder(tmp_path / "a" / "b") == tmp_path / "a" / "b"
    assert not (tmp_path / "a").exists()  # checked, not created
    with pytest.raises(OsteonInputError, match="expected a folder path"):
        check_output_folder("")
