"""Parameter records of the BMU balance (:mod:`osteon.physiology.remodeling.bmu_balance`).

Values fitted by ``scripts/refit_bmu_balance.py`` (data, objective and result in its
docstring) stay inside the histomorphometric ranges given here.
"""

from __future__ import annotations

from osteon.parameters.records import Evidence as E

RECORDS: list[tuple] = [
    ("erosion_depth_estrogen", 0.03, "1",
     "Eriksen EF et al. J Bone Miner Res 1999;14:1217 (erosion depth 46.9 -> 52.0 um, +11 %, in "
     "2 years of untreated early postmenopause; unchanged on HRT); Vedi S et al. Bone "
     "1996;19:535 (HRT shrinks resorption cavities); value refitted by "
     "scripts/refit_bmu_balance.py", E.HUMAN_OBSERVATIONAL, (0.0, 0.3),
     "Relative deepening of each resorption cavity as bone's estrogen signal falls from its "
     "peak-bone-mass level to 0 (the wall does not change; focal deficit 1 - 1/depth)",
     "Eriksen1999", True),
    ("wall_thickness_age", -0.0025, "1/decade",
     "Kragstrup J, Melsen F, Mosekilde L Metab Bone Dis Relat Res 1983;5:17 (wall thickness "
     "65.56 - 0.14 um/yr x age: 2.3 % of its value at 30 per decade); Lips P et al. Calcif "
     "Tissue Res 1978;26:13; erosion depth also falls with age (Eriksen EF et al. Bone "
     "1985;6:141), so the net thinning is at most the wall figure; value refitted by "
     "scripts/refit_bmu_balance.py (the decline of IGF-1, through collagen_igf1_exponent, "
     "thins the wall too)", E.HUMAN_OBSERVATIONAL, (-0.02, 0.035),
     "Net relative thinning of the completed BMU wall against its cavity per decade after 30, "
     "beyond what the age decline of IGF-1 explains (negative: erosion depth falls faster)",
     "Kragstrup1983", True),
]
