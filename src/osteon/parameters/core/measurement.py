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
    (
        "dxa_spine_degenerative_amplitude",
        0.10,
        "1",
        "Rand T et al. Calcif Tissue Int 1997;60:430 (osteophytes and osteochondrosis raise "
        "PA-DXA spine BMD by up to 14 %); moderate/severe degenerative vs control group of 186 "
        "women: spine 1.075 vs 0.989 g/cm2 (+8.7 %), femoral neck +3 % "
        "(https://synapse.koreamed.org/articles/1069126); Liu G et al. Osteoporos Int "
        "1997;7:564",
        E.HUMAN_OBSERVATIONAL,
        (0.0, 0.2),
        "Excess of measured L1-L4 aBMD over the bone's own when every vertebra carries "
        "degenerative changes (osteophytes, sclerosis, aortic calcification); measured DXA "
        "spine only (osteon.outputs.degenerative); 0 turns the artefact off",
        "Rand1997",
        False,
    ),
    (
        "dxa_spine_degenerative_midpoint",
        86.0,
        "year",
        "Tenne M et al. Osteoporos Int 2013;24:1419 (OPRA women: degenerative changes on the "
        "DXA image in 5/15/26/36 % of L1-L4 at 75, 20/39/59/72 % at 85; a logistic through "
        "the means 20.5 % and 47.5 %)",
        E.HUMAN_OBSERVATIONAL,
        (55.0, 95.0),
        "Age at which half of L1-L4 carry degenerative changes (logistic prevalence)",
        "Tenne2013",
        False,
    ),
    (
        "dxa_spine_degenerative_midpoint_male",
        62.0,
        "year",
        "fitted by scripts/refit_spine_degenerative_men.py (men's DXA-spine files, 30 per arm). "
        "Men's lumbar spine degenerates earlier than women's: in MINOS (Szulc P et al. Bone "
        "2000;26:123, 934 men 19-85) the mean L1-L4 aBMD rises after 55 through osteoarthritis "
        "while men without severe arthritis keep losing; in MrOS (Cauley JA et al. Osteoporos "
        "Int 2005;16:1525, 5,995 men >= 65) hip BMD falls and spine BMD rises across age; "
        "Rancho Bernardo men 45-92 gain 0.22 %/year at the spine while losing 0.34 %/year at "
        "the femoral neck (Bakhireva LN et al. Am J Prev Med 2004;26:436); NHANES 2005-2008 "
        "spine BMD falls with age in women, not in men (Looker AC et al. Osteoporos Int "
        "2012;23:1351)",
        E.FITTED,
        (55.0, 95.0),
        "Age at which half of a man's L1-L4 carry degenerative changes (logistic prevalence; "
        "women: dxa_spine_degenerative_midpoint)",
        "Szulc2000",
        True,
    ),
    (
        "dxa_spine_degenerative_scale",
        8.0,
        "year",
        "Tenne 2013 (as dxa_spine_degenerative_midpoint: logit of the mean prevalence rises "
        "1.26 in the 10 years from 75 to 85); Rand 1997 (prevalence of any degenerative "
        "factor 35 -> 80 % between 55 and 70: scale 7.5 years)",
        E.HUMAN_OBSERVATIONAL,
        (5.0, 15.0),
        "Age scale of the logistic prevalence of lumbar degenerative changes",
        "Tenne2013",
        False,
    ),
]
