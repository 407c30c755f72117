"""Parameter records of the BMU balance (:mod:`osteon.physiology.remodeling.bmu_balance`).

Values fitted by ``scripts/refit_bmu_balance.py`` (data, objective and result in its
docstring) stay inside the histomorphometric ranges given here.
"""

from __future__ import annotations

from osteon.parameters.records import Evidence as E

RECORDS: list[tuple] = [
    ("erosion_depth_estrogen", 0.12, "1",
     "Eriksen EF et al. J Bone Miner Res 1999;14:1217 (erosion depth 46.9 -> 52.0 um, +11 %, in "
     "2 years of untreated early postmenopause; unchanged on HRT); Vedi S et al. Bone "
     "1996;19:535 (HRT shrinks resorption cavities); value refitted with the adaptation to "
     "sustained deficiency (estrogen_adaptation_fraction/time) by "
     "scripts/refit_estrogen_adaptation.py (0.03 by scripts/refit_bmu_balance.py without it)", E.HUMAN_OBSERVATIONAL, (0.0, 0.3),
     "Relative deepening of each resorption cavity as bone's estrogen signal falls from its "
     "peak-bone-mass level to 0, before adaptation to sustained deficiency (the wall does not "
     "change; focal deficit 1 - 1/depth)",
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
    ("estrogen_adaptation_fraction", 0.85, "1",
     "Pouilles JM, Tremollieres F, Ribot C Calcif Tissue Int 1993;52:340 (spine loss 2.3 %/year "
     "in the first 3 years after the menopause, then falling exponentially with time since "
     "menopause); Sowers MR et al. J Clin Endocrinol Metab 2010;95:2155 (3.3 %/year in the 2 "
     "years after the FMP, 1.1 %/year 2-7 years after); Pouilles JM et al. J Bone Miner Res "
     "1995;10:1531 (femoral neck 1.8 vs 0.5 %/year within 2 vs beyond 5 years); Eriksen EF et "
     "al. Bone 1985;6:141 (erosion depth not increased in older women); value refitted by "
     "scripts/refit_estrogen_adaptation.py", E.HUMAN_OBSERVATIONAL, (0.0, 0.9),
     "Share of a long-lasting estrogen drop that no longer deepens erosion (the focal balance "
     "adapts to sustained deficiency; turnover does not): d_eff = d - f max(min(d, a), 0)",
     "Pouilles1993", True),
    ("estrogen_adaptation_time", 1.5, "year",
     "Pouilles 1993 (rates fall exponentially after the third postmenopausal year, reaching the "
     "premenopausal rate within about 10 years); Greendale GA et al. J Bone Miner Res "
     "2012;27:111 (SWAN: loss decelerates 2 years after the FMP); value refitted by "
     "scripts/refit_estrogen_adaptation.py", E.HUMAN_OBSERVATIONAL, (1.0, 15.0),
     "Time constant of the exponentially weighted past estrogen drop a(t) to which the focal "
     "balance adapts", "Pouilles1993", True),
]
