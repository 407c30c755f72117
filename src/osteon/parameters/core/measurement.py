"""Parameter records of what is measured: turnover markers and densitometry.

Used where results are expressed as markers (osteon.results, forecast, export). Tuples
in the format of :data:`osteon.parameters.default._RECORDS` (name, value, units, source,
evidence, (low, high), description, group, calibrated); :mod:`osteon.parameters.default`
joins the core modules in a fixed order (endocrine, cells, mechanostat, mineral,
measurement), then the pathway modules' records.
"""

from __future__ import annotations

from osteon.parameters.records import Evidence

E = Evidence

RECORDS: list[tuple] = [
    # --- Markers -----------------------------------------------------------------
    (
        "ctx_premenopausal",
        0.30,
        "ng/mL",
        "Glover SJ et al. J Bone Miner Res 2009;24:389 (IOF/IFCC: CTX 0.11-0.66, premenopausal)",
        E.HUMAN_OBSERVATIONAL,
        (0.1, 0.6),
        "Serum CTX at peak bone mass",
        "Glover2009",
        False,
    ),
    (
        "ntx_premenopausal",
        35.0,
        "nmol BCE/mmol creatinine",
        "Garnero 1996 (OFELY) Table 2",
        E.HUMAN_OBSERVATIONAL,
        (15.0, 60.0),
        "Urinary NTX at peak bone mass",
        "Garnero1996",
        False,
    ),
    (
        "p1np_premenopausal",
        45.0,
        "ug/L",
        "Glover 2009 (P1NP 19-83 ug/L)",
        E.HUMAN_OBSERVATIONAL,
        (20.0, 80.0),
        "Serum P1NP at peak bone mass",
        "Glover2009",
        False,
    ),
    (
        "osteocalcin_premenopausal",
        20.0,
        "ng/mL",
        "Garnero 1996 (OFELY) Table 2",
        E.HUMAN_OBSERVATIONAL,
        (8.0, 35.0),
        "Serum osteocalcin at peak bone mass",
        "Garnero1996",
        False,
    ),
    (
        "bsap_premenopausal",
        10.0,
        "ug/L",
        "Garnero 1996 (OFELY) Table 2",
        E.HUMAN_OBSERVATIONAL,
        (5.0, 20.0),
        "Serum bone-specific alkaline phosphatase at peak bone mass",
        "Garnero1996",
        False,
    ),
    (
        "marker_resorption_exponent",
        1.5,
        "1",
        "Peterson & Riggs 2010 (markers linked to cells by power functions)",
        E.FITTED,
        (1.0, 2.5),
        "Power linking resorption markers to relative resorption",
        "PetersonRiggs2010",
        True,
    ),
    (
        "marker_formation_exponent",
        1.0,
        "1",
        "Peterson & Riggs 2010",
        E.FITTED,
        (0.5, 2.0),
        "Power linking formation markers to relative formation",
        "PetersonRiggs2010",
        False,
    ),
    # --- Densitometry ------------------------------------------------------------
    (
        "spine_trabecular_vbmd_peak",
        180.0,
        "mg/cm3",
        "Cann CE et al. AJR 1985 / Riggs BL et al. J Bone Miner Res 2004;19:1945 (QCT, young adults)",
        E.HUMAN_OBSERVATIONAL,
        (140.0, 220.0),
        "Spine trabecular volumetric BMD at 30",
        "Riggs2004",
        False,
    ),
]
