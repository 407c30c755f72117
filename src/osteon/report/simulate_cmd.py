"""``osteon simulate``: one subject from a YAML file and/or flags, to CSV, netCDF and PNG.

The subject file is a YAML mapping accepted by
:meth:`osteon.Subject.from_dict`, plus an optional ``years`` (follow-up,
default 10)::

    sex: female
    age: 55
    menopause_age: 50
    labs: {estradiol_pg_ml: 12}
    years: 20

Command-line flags (one per covariate of :mod:`osteon.covariates` that has a flag)
override the file; the lab flags (``--testosterone``, ``--estradiol``, ``--igf1``) go into
``labs`` (merged with the file's labs). The command writes
``simulation.csv`` (one row per output time), ``simulation.nc`` (the full
result dataset), ``bmd.png``, ``markers.png`` and ``hormones.png`` into
``--out`` and prints their paths.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path
from typing import Any, Literal

import numpy as np
import xarray as xr

from osteon.covariates import subject_fields_from_args
from osteon.errors import OsteonInputError
from osteon.outputs.reference import SITES
from osteon.report import plots
from osteon.report.intervention_args import pop_specs, protocol_from_args
from osteon.report.traces import default_label
from osteon.safe_yaml import safe_load_file
from osteon.simulation import MARKERS, Simulation
from osteon.subject import Subject

NetcdfEngine = Literal["h5netcdf", "scipy", "netcdf4"]

DEFAULT_YEARS = 10.0
EXAMPLE = ("osteon simulate --sex female --age 55 "
           "(or a subject file with 'sex: female' and 'age: 55')")

HORMONES = ("estradiol", "testosterone", "progesterone", "igf1", "gh", "cortisol")
CSV_PER_SITE = ("bmd", "t_score", "z_score")


def load_subject_file(path: str | Path) -> dict[str, Any]:
    """Read a subject YAML file into a mapping.

    Parameters
    ----------
    path
        The YAML file.

    Returns
    -------
    dict
        The mapping (``Subject`` fields plus optional ``years``).

    Raises
    ------
    OsteonInputError
        If the file is missing, is not valid YAML or is not a mapping.
    """
    path = Path(path)
    example = "a YAML file with lines 'sex: female' and 'age: 55'"
    # size, encoding, nesting and alias limits; safe tags only (issue 15)
    data = safe_load_file(path, "subject_file", example)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise OsteonInputError("subject_file", f"{str(path)!r} must hold a mapping, "
                               f"got {type(data).__name__}", example)
    return data


def subject_from_args(args) -> tuple[Subject, float]:
    """Build the subject and the follow-up length from a file and/or flags.

    Parameters
    ----------
    args
        Parsed arguments of ``osteon simulate`` (missing attributes count as
        not given).

    Returns
    -------
    tuple of (Subject, float)
        The subject and the years of follow-up.

    Raises
    ------
    OsteonInputError
        Naming the offending field, for a missing sex or age or any invalid value.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> s, years = subject_from_args(SimpleNamespace(sex="male", age=60, testosterone=300))
    >>> s.labs, years
    ({'testosterone_ng_dl': 300.0}, 10.0)
    >>> try:
    ...     subject_from_args(SimpleNamespace(sex="male"))
    ... except OsteonInputError as err:
    ...     print(err.field)
    subject.age
    """
    path = getattr(args, "subject_file", None)
    data = dict(load_subject_file(path)) if path else {}
    years = data.pop("years", None)
    pop_specs(data)  # interventions: see osteon.report.intervention_args
    data = subject_fields_from_args(args, data)  # the covariate flags (osteon.covariates)
    if getattr(args, "years", None) is not None:
        years = args.years
    for req in ("sex", "age"):
        if data.get(req) is None:
            raise OsteonInputError(f"subject.{req}", "is required", EXAMPLE)
    subject = Subject.from_dict(data)
    if years is None:
        years = DEFAULT_YEARS
    if isinstance(years, bool) or not isinstance(years, int | float) or not 0 < years <= 80:
        raise OsteonInputError("years", f"{years!r} must be a number of years in (0, 80]",
                               "years: 10")
    return subject, float(years)


def _unit_suffix(units: str) -> str:
    """Column-name suffix for units: ``"ng/mL"`` -> ``"_ng_ml"``; none for ``"1"`` or SD."""
    if units in ("", "1", "SD"):
        return ""
    if units.startswith("1 "):
        return "_relative"
    return "_" + re.sub(r"[^a-z0-9]+", "_", units.lower()).strip("_")


def tidy_columns(result: xr.Dataset) -> dict[str, np.ndarray]:
    """One subject's result as named columns, one row per output time.

    Columns: ``time_years``, ``age_years``, per-site BMD, T- and Z-scores
    (``bmd_<site>_g_cm2``, ``t_score_<site>``, ``z_score_<site>``), the WHO
    category, spine trabecular vBMD, the turnover markers and the hormones,
    each with its units in the name.

    Parameters
    ----------
    result
        A single subject's result (the first subject is taken if there are several).

    Returns
    -------
    dict
        Column name to 1-d array.
    """
    if "subject" in result.dims:
        result = result.isel(subject=0)
    cols: dict[str, np.ndarray] = {
        "time_years": np.asarray(result["time"].values, dtype=float),
        "age_years": np.asarray(result["age"].values, dtype=float),
    }
    for name in CSV_PER_SITE:
        suffix = _unit_suffix(result[name].attrs.get("units", ""))
        for site in SITES:
            cols[f"{name}_{site}{suffix}"] = np.asarray(result[name].sel(site=site).values)
    cols["who_category"] = np.asarray(result["who_category"].values).astype(str)
    singles = ["spine_trabecular_vbmd", *MARKERS, *HORMONES]
    for name in singles:
        if name in result:
            cols[name + _unit_suffix(result[name].attrs.get("units", ""))] = np.asarray(
                result[name].values)
    return cols


def write_csv(result: xr.Dataset, path: str | Path) -> Path:
    """Write :func:`tidy_columns` as CSV.

    Parameters
    ----------
    result
        A single subject's result.
    path
        The CSV file.

    Returns
    -------
    pathlib.Path
        The path written.
    """
    cols = tidy_columns(result)
    path = Path(path)
    names = list(cols)
    n = len(cols["time_years"])
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(names)
        for i in range(n):
            row = []
            for name in names:
                v = cols[name][i]
                row.append(f"{float(v):.6g}" if isinstance(v, float | np.floating) else str(v))
            writer.writerow(row)
    return path


def netcdf_ready(result: xr.Dataset) -> xr.Dataset:
    """A copy of a result that netCDF can store.

    Object arrays (strings held as Python objects, e.g. ``who_category``)
    become fixed-width unicode; boolean attributes become integers and
    ``None`` attributes are dropped.

    Parameters
    ----------
    result
        A result dataset.

    Returns
    -------
    xarray.Dataset
        The converted copy.
    """
    ds = result.copy()
    for name in list(ds.variables):
        var = ds[name]
        if var.dtype == object:
            ds[name] = var.astype(str)
            ds[name].attrs = dict(var.attrs)
    holders: list[xr.Dataset | xr.Variable] = [ds, *ds.variables.values()]
    for obj in holders:
        for k, v in list(obj.attrs.items()):
            if v is None:
                del obj.attrs[k]
            elif isinstance(v, bool | np.bool_):
                obj.attrs[k] = int(v)
    return ds


def netcdf_engine() -> NetcdfEngine:
    """The xarray engine used to write netCDF: ``"h5netcdf"`` (netCDF-4) when its
    HDF5 backend ``h5py`` is installed, otherwise ``"scipy"`` (netCDF-3).

    h5netcdf 1.8 no longer pulls in ``h5py`` by itself (it became the
    ``h5netcdf[h5py]`` extra), so an install without it still gets a
    readable file instead of an error.

    Returns
    -------
    str
        The engine name.
    """
    try:
        import h5netcdf  # noqa: F401
        import h5py  # noqa: F401
    except ImportError:
        return "scipy"
    return "h5netcdf"


def write_netcdf(result: xr.Dataset, path: str | Path, engine: NetcdfEngine | None = None
                 ) -> Path:
    """Write a result as netCDF (netCDF-4 via h5netcdf when available).

    Parameters
    ----------
    result
        A result dataset.
    path
        The ``.nc`` file.
    engine
        ``"h5netcdf"`` or ``"scipy"``; default :func:`netcdf_engine`.

    Returns
    -------
    pathlib.Path
        The path written.
    """
    path = Path(path)
    engine = engine or netcdf_engine()
    netcdf_ready(result).to_netcdf(path, engine=engine)
    return path


def _summary(subject: Subject, result: xr.Dataset) -> str:
    one = result.isel(subject=0)
    spine = one["bmd"].sel(site="lumbar_spine").values
    t = one["t_score"].sel(site="lumbar_spine").values
    cats = one["who_category"].values
    age = one["age"].values
    change = 100.0 * (spine[-1] - spine[0]) / spine[0]
    who = subject.name or ("Woman" if subject.female else "Man")
    flags = json.loads(result.attrs.get("extrapolated", "[]"))
    beyond = f" Extrapolated beyond its evidence: {'; '.join(flags)}." if flags else ""
    return (f"{who}, age {age[0]:.0f} to {age[-1]:.0f}: lumbar spine BMD {change:+.1f}% "
            f"(T-score {t[0]:.1f} -> {t[-1]:.1f}); WHO category {cats[0]} -> {cats[-1]}."
            f"{beyond} Research and education tool, not medical advice.")


def run(args) -> int:
    """Run ``osteon simulate`` and write its files.

    Parameters
    ----------
    args
        Parsed arguments: ``subject_file`` and the subject flags (one per covariate
        with a ``cli_flag`` in :mod:`osteon.covariates`), ``years`` and ``out``.

    Returns
    -------
    int
        0 on success, 1 if the solver failed (the files are still written).

    Raises
    ------
    OsteonInputError
        For a missing or invalid input, naming the field.
    """
    subject, years = subject_from_args(args)
    from osteon.paths import check_output_folder

    out = check_output_folder(getattr(args, "out", None) or "osteon-output")
    out.mkdir(parents=True, exist_ok=True)
    file_data = dict(load_subject_file(args.subject_file)) if getattr(
        args, "subject_file", None) else {}
    protocol = protocol_from_args(args, file_data, years)
    result = Simulation(subject, protocol, years=years).run()
    one = result.isel(subject=0)
    labels = [subject.name or default_label(one)]
    paths = [
        write_csv(one, out / "simulation.csv"),
        write_netcdf(result, out / "simulation.nc"),
        plots.save_png(plots.plot_bmd(one, labels=labels), out / "bmd.png"),
        plots.save_png(plots.plot_markers(one, labels=labels), out / "markers.png"),
        plots.save_png(plots.plot_hormones(one, labels=labels), out / "hormones.png"),
    ]
    for p in paths:
        print(p.resolve())
    if netcdf_engine() != "h5netcdf":
        print("note: h5py is not installed, so simulation.nc is netCDF-3 (scipy engine); "
              "install h5py for netCDF-4", file=sys.stderr)
    if str(one["status"].values) != "ok":
        print(f"warning: the solver failed: {one['status_reason'].values}", file=sys.stderr)
        return 1
    alert = str(one["physiology_alert"].values) if "physiology_alert" in one else ""
    if alert:
        print(f"warning: {alert}; the result lies outside the calibrated physiology",
              file=sys.stderr)
    note = str(one["exposure_note"].values) if "exposure_note" in one else ""
    if note:
        print(f"warning: {note}", file=sys.stderr)
    print(_summary(subject, result))
    return 0
