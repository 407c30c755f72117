"""The result dataset of a :class:`~osteon.simulation.Simulation`, built from solved states.

:func:`build_result` evaluates the model's observables at every output time (hormones,
RANKL/OPG, formation and resorption, mechanical stimulus, the calcium subsystem), turns
relative mineral into areal BMD against the reference data of each subject's sex (T- and
Z-scores, WHO category), derives the turnover markers and the calcium ledger, and writes
everything with units, long names and provenance (issue 13: ``Simulation`` keeps the
running, this module the outputs).
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import numpy as np
import xarray as xr

from osteon._version import __version__
from osteon.covariates import result_coords
from osteon.model import (
    BLOCK_SIZE,
    CELL_STATES,
    MATRIX0,
    N_SITES,
    REMODELING_SPACE,
    TOTAL_BODY,
    BoneModel,
    Cohort,
)
from osteon.outputs.alerts import calcium_alerts
from osteon.outputs.degenerative import midpoint_record, spine_degenerative_excess
from osteon.outputs.reference import SITES, age_matched_mean, reference_bmd, who_category
from osteon.physiology.calcium import skeleton as CA
from osteon.physiology.endocrine.background import HORMONE_UNITS
from osteon.physiology.remodeling import estrogen_adaptation
from osteon.subject import PHYSIOLOGY_DEFAULTS, PHYSIOLOGY_FACTORS, Subject
from osteon.units import DAYS_PER_YEAR

MARKERS = {
    # name: (parameter with the reference level, units, long name, kind)
    "ctx": (
        "ctx_premenopausal",
        "ng/mL",
        "serum C-terminal telopeptide of type I collagen",
        "resorption",
    ),
    "ntx": (
        "ntx_premenopausal",
        "nmol BCE/mmol creatinine",
        "urinary N-terminal telopeptide",
        "resorption",
    ),
    "p1np": ("p1np_premenopausal", "ug/L", "serum procollagen type I N-propeptide", "formation"),
    "osteocalcin": ("osteocalcin_premenopausal", "ng/mL", "serum osteocalcin", "formation"),
    "bsap": ("bsap_premenopausal", "ug/L", "serum bone-specific alkaline phosphatase", "formation"),
}

BASE_CITATIONS = [
    "Lemaire V et al. J Theor Biol 2004;229:293-309 (bone cell model structure)",
    "Peterson MC, Riggs MM. Bone 2010;46:49-63 (integrated bone remodeling model)",
    "Pivonka P et al. Bone 2008;43:249-263 (TGF-beta coupling)",
    "Scheiner S et al. Int J Numer Meth Biomed Eng 2013;29:1069 (mechanostat coupling)",
    "Frost HM. Anat Rec 1987;219:1-9 (mechanostat)",
    "Looker AC et al. Osteoporos Int 1998;8:468-489 (hip reference data)",
    "Kelly TL et al. PLoS One 2009;4:e7038 (spine and total body reference data)",
]


def _chunks(n: int, size: int):
    for start in range(0, n, size):
        yield slice(start, min(n, start + size))


def _put_calcium_ledger(put, systemic, density, model) -> None:
    """Cumulative calcium flows since the start of follow-up (mmol), for mass balances.

    Gut: intake = absorbed + faecal + change of the gut pool. Body: absorbed =
    urinary + bone accrual + change of the ECF and exchangeable bone pools. Bone
    accrual is also the skeleton's calcium times the change of total-body BMD
    relative to peak (``calcium_bone_change_from_bmd``): the two must agree.
    """
    since = systemic - systemic[:, :1]  # the first output time is day 0 of follow-up

    def col(name):
        return since[..., CA.SYSTEMIC_STATES.index(name)]

    dims = ("subject", "time")
    pools = col("ecf_calcium") + col("exchangeable_bone_calcium")
    for name, values, long_name in (
        ("calcium_intake", col("calcium_intake"), "oral calcium intake"),
        ("calcium_absorbed", col("calcium_absorbed"), "calcium absorbed from the gut"),
        ("calcium_faecal", col("calcium_intake") - col("calcium_entered"),
         "dietary calcium that never entered the absorptive pool (faecal)"),
        ("calcium_gut_pool_change", col("gut_calcium"), "change of the gut calcium pool"),
        ("calcium_urinary", col("calcium_urinary"), "urinary calcium"),
        ("calcium_bone_accrual",
         col("calcium_remodeling_uptake") - col("calcium_remodeling_release"),
         "calcium deposited minus resorbed by skeletal remodeling"),
        ("calcium_pool_change", pools,
         "change of ECF and exchangeable bone calcium"),
        ("calcium_bone_change_from_bmd",
         model.skeletal_calcium[:, None] * (density[..., TOTAL_BODY]
                                            - density[:, :1, TOTAL_BODY]),
         "skeletal calcium at peak times the change of total-body BMD relative to peak"),
    ):
        put(name, dims, values, "mmol", f"{long_name}, cumulative since the start of "
            "follow-up")

def build_result(sim, t_out, states, status, reason) -> xr.Dataset:
    """The result dataset of ``sim`` (a :class:`~osteon.simulation.Simulation`) from the
    solved states ``(n, len(t_out), BLOCK_SIZE)`` and each subject's status and reason."""
    n = len(sim.subjects)
    nt = t_out.size
    model = BoneModel(
        sim.parameters,
        Cohort.from_subjects(sim.subjects),
        sim.protocol,
        freeze_age=sim.freeze_age,
    )
    P = model.p
    hormones = {k: np.full((n, nt), np.nan) for k in HORMONE_UNITS}
    per_site = {
        k: np.full((n, nt, N_SITES), np.nan)
        for k in ("rankl", "opg", "formation", "resorption", "density", "mechanical_stimulus")
    }
    signals = {
        k: np.full((n, nt), np.nan)
        for k in ("estrogen_signal", "androgen_signal", "sex_steroid_signal", "pth",
                  "calcitriol", "serum_calcium")
    }
    safe = np.where(np.isfinite(states), states, 1.0)
    # Pathways driven beyond their evidence while the cohort was evaluated (a SERM against
    # premenopausal estradiol, zinc, a GH secretagogue...; Signals.flag_extrapolated): raised
    # by the interventions at run time, so they reach the result here, not from the protocol.
    # They are the run's: a flag says that at least one subject of the run met its condition.
    runtime_flags: set[str] = set()
    # One estrogen-adaptation table for the cohort, read by every chunk's rows (each subject
    # once per output time) instead of one table per chunk.
    share_table = (not sim.freeze_age and n > 0
                   and float(P.estrogen_adaptation_fraction) != 0.0)
    if share_table:
        estrogen_adaptation.adapted_drop(model)
    # Evaluate all output times at once: each (subject, time) pair is one row.
    for sl in _chunks(n, max(1, 20000 // nt)):
        k = sl.stop - sl.start
        rows = BoneModel(
            sim.parameters,
            model.cohort_slice(sl).repeat(nt),
            sim.protocol,
            freeze_age=sim.freeze_age,
        )
        if share_table:
            estrogen_adaptation.inherit(model, rows, np.repeat(np.arange(sl.start, sl.stop), nt))
        _, out = rows.evaluate(
            np.tile(t_out, k), safe[sl].reshape(k * nt, BLOCK_SIZE), outputs=True
        )
        runtime_flags.update(out["extrapolated"])
        for key in hormones:
            hormones[key][sl] = getattr(out["hormones"], key).reshape(k, nt)
        for key in per_site:
            per_site[key][sl] = np.broadcast_to(out[key], (k * nt, N_SITES)).reshape(
                k, nt, N_SITES
            )
        for key in signals:
            signals[key][sl] = out[key].reshape(k, nt)
    bad = status != "ok"
    for arr in (*hormones.values(), *per_site.values(), *signals.values()):
        arr[bad] = np.nan

    density = per_site["density"]
    sites, systemic = BoneModel.split(states)
    sexes = [s.sex for s in sim.subjects]
    ages = np.array([s.age for s in sim.subjects])[:, None] + (
        0.0 if sim.freeze_age else t_out[None, :] / DAYS_PER_YEAR
    )
    ages = np.broadcast_to(ages, (n, nt)).copy()
    # What DXA measures: the bone's own density, plus at the lumbar spine the degenerative
    # excess of old age (osteophytes, sclerosis; osteon.outputs.degenerative).
    measured = density.copy()
    midpoints = np.array([getattr(P, midpoint_record(s.sex)) for s in sim.subjects])[:, None]
    measured[..., SITES.index("lumbar_spine")] *= 1.0 + spine_degenerative_excess(
        ages, P.dxa_spine_degenerative_amplitude, midpoints, P.dxa_spine_degenerative_scale)
    peak_z = peak_bmd_z(sim.subjects, measured[:, 0, :])
    peak = np.zeros((n, N_SITES))
    for j, s in enumerate(sim.subjects):
        for k, site in enumerate(SITES):
            mean, sd = reference_bmd(s.sex, site)
            peak[j, k] = mean + peak_z[j, k] * sd
    bmd = measured * peak[:, None, :]
    ref_mean = np.array([[reference_bmd(sx, site)[0] for site in SITES] for sx in sexes])
    ref_sd = np.array([[reference_bmd(sx, site)[1] for site in SITES] for sx in sexes])
    t_scores = (bmd - ref_mean[:, None, :]) / ref_sd[:, None, :]
    age_means = np.stack(
        [
            np.stack([age_matched_mean(ages[j], sexes[j], site) for site in SITES], axis=-1)
            for j in range(n)
        ]
    )
    z_scores = (bmd - age_means) / ref_sd[:, None, :]
    central = [SITES.index(s) for s in ("lumbar_spine", "femoral_neck", "total_hip")]
    t_min = np.min(t_scores[..., central], axis=-1)
    categories = who_category(t_min).astype(object)

    # Spine trabecular volumetric BMD from the spine's trabecular envelope.
    spine = SITES.index("lumbar_spine")
    v, dp, ds_ = (sites[:, :, spine, MATRIX0 + k] for k in range(3))
    vbmd = P.spine_trabecular_vbmd_peak * (v - dp - ds_) / model.mineral0[spine, 0]

    # Markers reflect whole-skeleton turnover: the total-body site.
    tb = SITES.index("total_body")
    res_rel = np.maximum(per_site["resorption"][:, :, tb], 0.0)
    form_rel = np.maximum(per_site["formation"][:, :, tb], 0.0)
    data_vars = {}

    def put(name, dims, values, units, long_name, **extra):
        data_vars[name] = xr.Variable(
            dims, values, attrs={"units": units, "long_name": long_name, **extra}
        )

    put("bmd", ("subject", "time", "site"), bmd, "g/cm2", "areal bone mineral density (DXA)")
    put(
        "bmd_relative",
        ("subject", "time", "site"),
        density,
        "1",
        "areal BMD relative to peak bone mass (the bone's own, without the spine's "
        "degenerative excess that bmd carries)",
    )
    put(
        "t_score",
        ("subject", "time", "site"),
        t_scores,
        "SD",
        "T-score against young-adult reference (Looker 1998; Kelly 2009)",
    )
    put(
        "z_score",
        ("subject", "time", "site"),
        z_scores,
        "SD",
        "Z-score against age- and sex-matched reference",
    )
    put(
        "who_category",
        ("subject", "time"),
        categories,
        "1",
        "WHO category from the lowest T-score of spine, femoral neck and total hip",
    )
    put(
        "spine_trabecular_vbmd",
        ("subject", "time"),
        vbmd,
        "mg/cm3",
        "lumbar spine trabecular volumetric BMD (QCT)",
    )
    for name, (pname, units, long_name, kind) in MARKERS.items():
        rel = (
            res_rel**P.marker_resorption_exponent
            if kind == "resorption"
            else (form_rel**P.marker_formation_exponent)
        )
        put(name, ("subject", "time"), model.params[pname] * rel, units, long_name)
    for name, units in HORMONE_UNITS.items():
        put(name, ("subject", "time"), hormones[name], units, f"serum {name}")
    rr = per_site["rankl"] / np.where(per_site["opg"] > 0, per_site["opg"], np.nan)
    put(
        "rankl_opg_ratio",
        ("subject", "time", "site"),
        rr,
        "1",
        "RANKL/OPG ratio relative to peak bone mass",
    )
    for k, name in enumerate(CELL_STATES):
        put(
            name,
            ("subject", "time", "site"),
            sites[..., k],
            "1",
            f"{name.replace('_', ' ')} relative to peak bone mass",
        )
    put(
        "remodeling_space",
        ("subject", "time", "site"),
        sites[..., REMODELING_SPACE],
        "1",
        "remodeling space (open resorption cavities) relative to peak bone mass",
    )
    put(
        "formation_rate",
        ("subject", "time", "site"),
        per_site["formation"],
        "1",
        "matrix formation relative to peak bone mass",
    )
    put(
        "resorption_rate",
        ("subject", "time", "site"),
        per_site["resorption"],
        "1",
        "resorption relative to peak bone mass",
    )
    put(
        "mechanical_stimulus",
        ("subject", "time", "site"),
        per_site["mechanical_stimulus"],
        "1",
        "tissue daily stress stimulus relative to the habitual level at peak bone mass",
    )
    calcium_units = {"pth": ("pmol/L", "plasma PTH (calcium subsystem)"),
                     "calcitriol": ("pmol/L", "plasma calcitriol (calcium subsystem)"),
                     "serum_calcium": ("mmol/L", "plasma calcium (calcium subsystem)")}
    for name, arr in signals.items():
        units, long_name = calcium_units.get(name, ("1", name.replace("_", " ")))
        put(name, ("subject", "time"), arr, units, long_name)
    _put_calcium_ledger(put, systemic, density, model)
    alerts = calcium_alerts(t_out / DAYS_PER_YEAR, signals["serum_calcium"])
    put("physiology_alert", ("subject",), alerts.astype(str), "1",
        "where plasma calcium left the clinical range (osteon.outputs.alerts; empty if "
        "never): the result is kept but lies outside the calibrated physiology")
    early = sim.protocol.before_followup()
    if not early.is_empty:
        # only with exposure before follow-up (files without it keep their variables)
        exposure_notes = np.array(early.exposure_before_age_30([s.age for s in sim.subjects]),
                                  dtype=str)
        put("exposure_note", ("subject",), exposure_notes, "1",
            "exposure that began before the subject's 30th birthday (empty if none): Osteon "
            "starts at peak bone mass at 30, so it acts from that birthday on")
    put("status", ("subject",), status.astype(str), "1", "solver status of each subject")
    put(
        "status_reason",
        ("subject",),
        reason.astype(str),
        "1",
        "why a subject failed (empty if ok)",
    )

    coords = {
        "subject": np.arange(n),
        "time": xr.Variable(
            "time",
            t_out / DAYS_PER_YEAR,
            {"units": "year", "long_name": "time since start of follow-up"},
        ),
        "site": list(SITES),
        "age": xr.Variable(("subject", "time"), ages, {"units": "year", "long_name": "age"}),
        "sex": ("subject", np.array(sexes)),
        # The subject's covariates (osteon.covariates: age_at_start, menopause_age,
        # body_mass_kg, the labs, habitual diet...; NaN where not given or not applicable).
        **{k: xr.Variable(*v) for k, v in result_coords(sim.subjects).items()},
        # The person's draw (provenance of between-person variability): peak BMD per
        # site as a z-score against the young-adult reference, and the physiology
        # multipliers (1: the mean person).
        "peak_bmd_z": xr.Variable(
            ("subject", "site"), peak_z,
            {"units": "SD", "long_name": "peak (age-30) areal BMD as a z-score against "
             "the young-adult reference of the sex (Looker 1998; Kelly 2009)"}),
        **{f"physiology_{k}": xr.Variable(
            "subject", np.array([s.physiology.get(k, PHYSIOLOGY_DEFAULTS[k])
                                 for s in sim.subjects]),
            {"units": "1", "long_name": f"per-person factor: {k.replace('_', ' ')}"})
           for k in PHYSIOLOGY_FACTORS},
    }
    citations = sorted(
        set(BASE_CITATIONS) | {it.citation for it in sim.protocol.interventions if it.citation}
    )
    attrs = {
        "title": "Osteon simulation",
        "osteon_version": __version__,
        "parameter_set": sim.parameters.name,
        "parameter_set_hash": sim.parameters.hash,
        "protocol": sim.protocol.describe(),
        "protocol_evidence": json.dumps(sim.protocol.evidence()),
        "extrapolated": json.dumps(sorted(runtime_flags)),
        "seed": -1 if sim.seed is None else int(sim.seed),
        "solver": json.dumps(sim.solver.to_dict()),
        "freeze_age": int(sim.freeze_age),
        "citations": json.dumps(citations + sim.parameters.citations),
        "disclaimer": "Research and education tool; not medical advice.",
        "n_failed": int(np.sum(status != "ok")),
        "n_alerts": int(np.sum(alerts != "")),
    }
    if not early.is_empty:
        attrs["n_exposure_notes"] = int(np.sum(exposure_notes != ""))
    return xr.Dataset(data_vars, coords=coords, attrs=attrs)


def peak_bmd_z(subjects: Sequence[Subject], density0: np.ndarray) -> np.ndarray:
    """Each subject's peak BMD per site as a z-score, ``(n, 4)`` in :data:`SITES` order.

    Without ``peak_bmd_z`` and ``t_score``: 0 everywhere (the reference mean). With
    ``peak_bmd_z``: those values (missing sites 0). With a measured ``t_score`` the
    measured site's z is the one that gives that T-score at the start (``density0``,
    BMD relative to peak at the start, ``(n, 4)``); the other sites then get the same z
    when no ``peak_bmd_z`` is given (as before), else their own draw moved by the
    conditional mean, ``z_k + rho_k (z_measured - z_k,measured)`` with the cross-site
    correlations of :mod:`osteon.cohort.variability`.
    """
    from osteon.cohort.variability import peak_bmd_correlation

    out = np.zeros((len(subjects), N_SITES))
    for j, s in enumerate(subjects):
        drawn = np.array([(s.peak_bmd_z or {}).get(site, 0.0) for site in SITES])
        out[j] = drawn
        if s.t_score is None:
            continue
        k = SITES.index(s.t_score["site"])
        mean, sd = reference_bmd(s.sex, s.t_score["site"])
        target = mean + float(s.t_score["value"]) * sd
        d0 = density0[j, k] if np.isfinite(density0[j, k]) else 1.0
        z = (target / d0 - mean) / sd
        if s.peak_bmd_z is None:
            out[j] = z
        else:
            rho = peak_bmd_correlation(s.sex)[:, k]
            out[j] = drawn + rho * (z - drawn[k])
            out[j, k] = z
    return out
