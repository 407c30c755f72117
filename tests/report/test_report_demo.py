"""``osteon demo``: files, HTML content and directions that hold while the model is calibrated."""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import re
from pathlib import Path

import pytest

from osteon import default_parameters
from osteon.report import demo
from osteon.report.html import DISCLAIMER

PNGS = ("bmd.png", "markers.png", "hormones.png", "cells.png", "scenarios.png")


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo") / "osteon-output"  # not yet there: run creates it
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        rc = demo.run(argparse.Namespace(out=str(out)))
    return out, rc, buf.getvalue()


def test_demo_writes_its_files(demo_run):
    out, rc, _ = demo_run
    assert rc == 0
    for name in ("index.html", "summary.csv", *PNGS):
        path = out / name
        assert path.is_file() and path.stat().st_size > 0, name
    for name in PNGS:
        assert (out / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_demo_prints_absolute_index_path_and_a_summary(demo_run):
    out, _, printed = demo_run
    lines = printed.strip().splitlines()
    assert len(lines) == 2
    index = Path(lines[0])
    assert index.is_absolute() and index == (out / "index.html").resolve()
    assert "Woman" in lines[1] and "Man" in lines[1] and "%" in lines[1]


def test_html_is_self_contained_with_disclaimer_and_images(demo_run):
    text = (demo_run[0] / "index.html").read_text(encoding="utf-8")
    assert DISCLAIMER in text
    assert "Research and education tool, not medical advice" in text
    assert len(re.findall(r'<img [^>]*src="data:image/png;base64,[A-Za-z0-9+/=]{100,}', text)) == 5
    # nothing is loaded from the internet
    assert not re.search(r'(src|href)\s*=\s*["\']?(https?:)?//', text)
    assert "<script" not in text and "<link" not in text
    for heading in ("Who was simulated", "Key numbers", "What if: one woman at 52",
                    "What drives the change",
                    "Evidence behind the model", "Provenance"):
        assert heading in text


def test_html_evidence_table_lists_every_parameter_and_flags_extrapolated(demo_run):
    text = (demo_run[0] / "index.html").read_text(encoding="utf-8")
    ps = default_parameters()
    for name in ps.records:
        assert f"<code>{name}</code>" in text
    n_extrapolated = sum(r.evidence.extrapolated for r in ps.records.values())
    assert n_extrapolated > 0
    # one flag per extrapolated record, plus the one in the explanation above the table
    assert text.count('class="flag flag-extrapolated">extrapolated') == n_extrapolated + 1
    assert ps.hash in text and ps.name in text


def test_summary_csv_directions(demo_run):
    with (demo_run[0] / "summary.csv").open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 8
    assert {r["sex"] for r in rows} == {"female", "male"}
    woman_spine = next(r for r in rows if r["sex"] == "female" and r["site"] == "lumbar_spine")
    assert float(woman_spine["age_start"]) == 45 and float(woman_spine["age_end"]) == 80
    assert float(woman_spine["bmd_end_g_cm2"]) < float(woman_spine["bmd_start_g_cm2"])
    assert float(woman_spine["bmd_change_pct"]) < 0
    for r in rows:
        assert r["who_category_start"] in ("normal", "osteopenia", "osteoporosis")
        assert r["who_category_end"] in ("normal", "osteopenia", "osteoporosis")


def test_drivers_are_derived_from_the_data(demo_run):
    text = (demo_run[0] / "index.html").read_text(encoding="utf-8")
    drivers = text.split("What drives the change", 1)[1].split("Evidence behind the model")[0]
    woman = drivers.split("Man, 45 to 80")[0]
    # After menopause the woman's estrogen signal falls: a direction, not a number.
    assert re.search(r"The estrogen signal fell from [0-9.]+ to [0-9.]+", woman)
    assert "Hormonal inputs, largest change first:" in woman


def test_scenarios_show_the_synergy():
    """Issue 3: one woman at 52, four choices; hormone therapy plus training keeps the most
    bone, and the same training adds more with hormone therapy than without it."""
    from osteon.report import scenarios

    rows = {r["scenario"]: r for r in scenarios.change_table(scenarios.run_scenarios(years=10))}
    none = rows["No treatment"]["lumbar_spine"]
    train = rows["Training only"]["lumbar_spine"]
    hrt = rows["Hormone therapy only"]["lumbar_spine"]
    both = rows["Hormone therapy and training"]["lumbar_spine"]
    assert none < train and none < hrt
    assert both > max(train, hrt)
    assert both - hrt > train - none  # training adds more on hormone therapy
