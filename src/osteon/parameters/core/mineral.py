"""Parameter records of bone turnover by compartment, the trabecular fraction of each site,
and matrix mineralization.

Used by osteon.model (sites and mineralization). Tuples in the format of
:data:`osteon.parameters.default._RECORDS` (name, value, units, source, evidence, (low,
high), description, group, calibrated); :mod:`osteon.parameters.default` joins the core
modules in a fixed order (endocrine, cells, mechanostat, mineral, measurement), then the
pathway modules' records.
"""

from __future__ import annotations

from osteon.parameters.records import Evidence

E = Evidence

RECORDS: list[tuple] = [
    # --- Matrix and mineral ------------------------------------------------------
    (
        "turnover_trabecular",
        0.25,
        "1/year",
        "Parfitt AM Calcif Tissue Int 1984;36:S37; Manolagas 2000 (about 25%/yr)",
        E.HUMAN_OBSERVATIONAL,
        (0.1, 0.4),
        "Fraction of trabecular bone remodeled per year",
        "Parfitt1984",
        False,
    ),
    (
        "turnover_trabecular_spine_factor",
        1.3,
        "1",
        "Cook GJ et al. J Bone Miner Res 2000;15:763 (18F-fluoride PET: vertebral Ki 2.1x "
        "humeral, 3.47 vs 1.64 x 1e-2 ml/min/ml); Parfitt AM 1984 (cancellous turnover "
        "higher next to red marrow). Refitted with focal_balance_trabecular and "
        "focal_balance_cortical by scripts/refit_envelope_balance.py (alone it raised the "
        "spine's natural-history loss with its drug gain: scripts/refit_site_turnover.py)",
        E.FITTED,
        (1.0, 2.5),
        "Turnover of vertebral cancellous bone relative to that of the other sites' "
        "cancellous bone (turnover_trabecular)",
        "Cook2000",
        True,
    ),
    (
        "turnover_cortical",
        0.06,
        "1/year",
        "Parfitt 1984 (cortical 2-10%/yr; endocortical surfaces of the hip and spine run faster)",
        E.HUMAN_OBSERVATIONAL,
        (0.02, 0.12),
        "Fraction of cortical bone remodeled per year",
        "Parfitt1984",
        True,
    ),
    (
        "turnover_cortical_total_body",
        0.03,
        "1/year",
        "Parfitt 1984; Manolagas 2000 (whole-skeleton cortical bone ~2-5%/yr, mostly long-bone "
        "shafts)",
        E.HUMAN_OBSERVATIONAL,
        (0.015, 0.06),
        "Fraction of the whole skeleton's cortical bone remodeled per year",
        "Parfitt1984",
        False,
    ),
    (
        "trabecular_fraction_lumbar_spine",
        0.5,
        "1",
        "Riggs BL et al. J Clin Invest 1981;67:328; Eastell R et al. JBMR 1989 (AP spine DXA "
        "about half trabecular)",
        E.HUMAN_OBSERVATIONAL,
        (0.35, 0.7),
        "Trabecular share of lumbar spine areal BMD",
        "Riggs1981",
        False,
    ),
    (
        "trabecular_fraction_femoral_neck",
        0.25,
        "1",
        "Riggs 1981 (femoral neck ~25% trabecular)",
        E.HUMAN_OBSERVATIONAL,
        (0.15, 0.5),
        "Trabecular share of femoral neck areal BMD",
        "Riggs1981",
        False,
    ),
    (
        "trabecular_fraction_total_hip",
        0.4,
        "1",
        "Riggs 1981 (intertrochanteric ~50%, neck ~25%)",
        E.HUMAN_OBSERVATIONAL,
        (0.25, 0.55),
        "Trabecular share of total hip areal BMD",
        "Riggs1981",
        False,
    ),
    (
        "trabecular_fraction_total_body",
        0.2,
        "1",
        "Manolagas 2000 (skeleton 80% cortical)",
        E.HUMAN_OBSERVATIONAL,
        (0.1, 0.3),
        "Trabecular share of total body BMD",
        "Manolagas2000",
        False,
    ),
    (
        "primary_mineral_fraction",
        0.7,
        "1",
        "Boivin G & Meunier PJ Calcif Tissue Int 2002;70:503",
        E.HUMAN_OBSERVATIONAL,
        (0.5, 0.8),
        "Share of full mineral laid down by primary mineralization",
        "Boivin2002",
        False,
    ),
    (
        "primary_mineralization_time",
        15.0,
        "day",
        "Parfitt 1988 / Boivin 2002 (mineralization lag time ~2-4 weeks)",
        E.HUMAN_OBSERVATIONAL,
        (5.0, 40.0),
        "Time constant of primary mineralization",
        "Boivin2002",
        False,
    ),
    (
        "secondary_mineralization_time",
        4.0,
        "year",
        "Boivin 2002; Akkus O et al. J Bone Miner Res 2003;18:2185 (secondary over years)",
        E.HUMAN_OBSERVATIONAL,
        (1.0, 15.0),
        "Time constant of secondary mineralization",
        "Boivin2002",
        True,
    ),
]
