"""``osteon demo``: a woman and a man from 45 to 80, as an HTML report.

Simulates natural history (no intervention) for a typical woman and a typical
man from age 45 to 80 and writes, into the output folder:

- ``index.html``: the self-contained report;
- ``bmd.png``, ``markers.png``, ``hormones.png``, ``cells.png``: its figures;
- ``summary.csv``: BMD, T-score and WHO category at 45 and 80 per site;
- ``scenarios.png``: one woman at 52 over ten years with no treatment, training,
  hormone therapy, or both (:mod:`osteon.report.scenarios`).
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

import xarray as xr

from osteon.report import html, numbers, plots, scenarios
from osteon.report.traces import subjects_of
from osteon.simulation import Simulation
from osteon.subject import Subject

START_AGE = 45.0
END_AGE = 80.0
LABELS = ("Woman, 45 to 80", "Man, 45 to 80")
SUMMARY_COLUMNS = ("subject", "sex", "site", "age_start", "age_end", "bmd_start_g_cm2",
                   "bmd_end_g_cm2", "bmd_change_pct", "t_score_start", "t_score_end",
                   "who_category_start", "who_category_end")


def demo_subjects() -> list[Subject]:
    """The two demo subjects: a typical woman and a typical man aged 45.

    Returns
    -------
    list of Subject
        Woman first, then man (model defaults otherwise).
    """
    return [Subject(sex="female", age=START_AGE, name="Woman"),
            Subject(sex="male", age=START_AGE, name="Man")]


def write_summary_csv(result: xr.Dataset, path: str | Path,
                      labels: Sequence[str] | None = None) -> Path:
    """Write start and end BMD, T-score and WHO category per subject and site.

    Parameters
    ----------
    result
        Result dataset (one or several subjects).
    path
        The CSV file to write.
    labels
        One label per subject for the ``subject`` column.

    Returns
    -------
    pathlib.Path
        The path written.
    """
    path = Path(path)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(SUMMARY_COLUMNS)
        for trace in subjects_of(result, labels):
            for r in numbers.key_numbers(trace.data):
                writer.writerow([
                    trace.label, trace.sex, r["site"], f"{r['age_start']:g}",
                    f"{r['age_end']:g}", f"{r['bmd_start']:.4f}", f"{r['bmd_end']:.4f}",
                    f"{r['bmd_change_pct']:.2f}", f"{r['t_start']:.2f}", f"{r['t_end']:.2f}",
                    r["who_start"], r["who_end"],
                ])
    return path


def summary_line(result: xr.Dataset, labels: Sequence[str] | None = None) -> str:
    """One line: lumbar-spine BMD change and WHO category change per subject.

    Parameters
    ----------
    result
        Result dataset (one or several subjects).
    labels
        One label per subject.

    Returns
    -------
    str
        For example ``"Spine BMD, age 45 to 80: Woman -20.1% (normal -> osteopenia); ..."``.
    """
    parts = []
    ages = ""
    for trace in subjects_of(result, labels):
        if not trace.ok:
            parts.append(f"{trace.label.split(',')[0]} failed")
            continue
        row = next(r for r in numbers.key_numbers(trace.data) if r["site"] == "lumbar_spine")
        ages = f", age {row['age_start']:.0f} to {row['age_end']:.0f}"
        cats = trace.data["who_category"].values
        parts.append(f"{trace.label.split(',')[0]} {numbers.fmt_pct(row['bmd_change_pct'])} "
                     f"({cats[0]} -> {cats[-1]})")
    return f"Spine BMD{ages}: " + "; ".join(parts)


def run(args=None) -> int:
    """Run the demo and write the report (``osteon demo [--out DIR]``).

    Parameters
    ----------
    args
        Parsed command-line arguments; only ``out`` (default
        ``osteon-output``) is read. May be None.

    Returns
    -------
    int
        0 on success, 1 if the solver failed for a subject.
    """
    from osteon.paths import check_output_folder

    out = check_output_folder(getattr(args, "out", None) or "osteon-output")
    out.mkdir(parents=True, exist_ok=True)
    subjects = demo_subjects()
    result = Simulation(subjects, years=END_AGE - START_AGE).run()
    labels = list(LABELS)
    pngs = {}
    for name, fig in plots.all_figures(result, labels=labels).items():
        pngs[name] = plots.png_bytes(fig)
        (out / f"{name}.png").write_bytes(pngs[name])
    write_summary_csv(result, out / "summary.csv", labels)
    what_if = scenarios.run_scenarios()
    png = plots.png_bytes(scenarios.plot_scenarios(what_if))
    (out / "scenarios.png").write_bytes(png)
    section = scenarios.scenarios_html(what_if, html._png_data_uri(png))
    index = html.write_report(
        result, out / "index.html", title="Osteon demo: a woman and a man from 45 to 80",
        labels=labels, subjects=subjects, figures=pngs, extra_sections=[section],
    )
    print(index.resolve())
    print(summary_line(result, labels))
    return 0 if int(result.attrs.get("n_failed", 0)) == 0 else 1
