"""Parameter records of the BMU balance (:mod:`osteon.physiology.remodeling.bmu_balance`) and
the envelope weights (:mod:`osteon.physiology.remodeling.envelopes`).

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
    ("envelope_drug_modeling_trabecular", 2.0, "1",
     "Lindsay R et al. J Bone Miner Res 2006;21:366 (quadruple label: teriparatide's "
     "modeling-based formation on cancellous and endocortical surfaces); Dempster DW et al. J "
     "Clin Endocrinol Metab 2016;101:1353 (AVA, four envelopes); value refitted by "
     "scripts/refit_envelopes.py on Neer 2001 (spine +9, femoral neck +3 points over placebo "
     "at 20 ug/day), Tsai 2013 (DATA), McClung 2014 and Cosman 2016 (romosozumab)",
     E.FITTED, (0.0, 4.0),
     "Weight of the interventions' modeling-based formation in the trabecular envelope (which "
     "carries the cancellous and endocortical surfaces), relative to the site's mean; 1 spreads "
     "it by turnover like remodeling (osteon.physiology.remodeling.envelopes)",
     "Lindsay2006", True),
    ("envelope_drug_modeling_cortical", 0.0, "1",
     "Dempster DW et al. (femoral-neck samples at hip replacement after ~6 weeks of "
     "teriparatide, PMC4880158: BFR/BS doubled in the cancellous and endocortical envelopes, "
     "not significantly intracortically or periosteally); Lindsay 2006 (modeling-based "
     "formation on cancellous and endocortical surfaces). Set from the biopsies, not fitted: "
     "the refit of scripts/refit_envelopes.py also has its optimum at 0 (the hip would take "
     "less still: no site-specific cancellous response, no net cortical porosity)",
     E.HUMAN_OBSERVATIONAL, (0.0, 1.0),
     "Weight of the interventions' modeling-based formation in the cortical envelope "
     "(intracortical and periosteal bone of a DXA site), relative to the site's mean; at 0 the "
     "cortex keeps the drug's extra remodeling and overfill but none of its modeling",
     "Dempster2016", False),
    ("drug_modeling_femur_factor", 1.0, "1",
     "McClung MR et al. Arch Intern Med 2005;165:1762 (teriparatide 20 ug/day, 18 months, QCT "
     "subset: trabecular vBMD +19.0 % at the spine, +4.9 % at the femoral neck; cortical neck "
     "-1.2 %); Keaveny TM et al. Bone 2012;50:165 (same trial, proximal femur: trabecular "
     "+4.6 %, peripheral -1.1 %); DATA, Tsai JN et al. Lancet 2013;382:50 (total hip +2.0 % "
     "below the neck's +2.8 % at 24 months); Neer RM et al. N Engl J Med 2001;344:1434 (spine "
     "+9.7, neck +2.8, total hip +2.6 %); romosozumab not reduced (Cosman F et al. N Engl J Med "
     "2016;375:1532: total hip 6.8 against spine 13.3 % at 12 months). Adult proximal-femoral "
     "cancellous bone lies in fatty marrow. Neutral by default; the model's femoral trabecular "
     "envelope gains 4.8 % in 18 months at 0.3 (QCT 4.6-4.9 %), 6.6 % at 0.5 and 11.2 % at 1 "
     "(scripts/diag_femur_anabolic.py); on the six anabolic files at 30 per arm 0.5 gives 38 of "
     "47 endpoints against 37 at 1 and 36 at 0.3-0.4 (README, Teriparatide's first year)",
     E.HUMAN_RCT, (0.0, 1.0),
     "Multiplier of the PTH-receptor part of the interventions' modeling-based formation drive "
     "(teriparatide's) at the femoral neck and total hip, whose cancellous bone answers daily "
     "PTH less than the spine's; 1: every site alike "
     "(osteon.physiology.remodeling.envelopes.femur_pth_factor)",
     "McClung2005", False),
    ("focal_balance_trabecular", 0.5, "1",
     "Zebaze RM et al. Lancet 2010;375:1729 (distal radius, women 50-80: 32 % of the mineral "
     "lost was trabecular, 68 % cortical; 84 % of the loss after 65); Seeman E "
     "Endocrinol Metab 2015;30:419 (most loss after midlife intracortical); the iliac focal balance of Eriksen 1999 "
     "and Kragstrup 1983 is a cancellous figure, but the depth and wall records are fitted "
     "to DXA sites (bmu_balance), so this is the cancellous share of the site's deficit. "
     "Refitted with turnover_trabecular_spine_factor and focal_balance_cortical by "
     "scripts/refit_envelope_balance.py",
     E.FITTED, (0.2, 1.5),
     "Multiplier of the site's focal deficit (estrogen's erosion depth against the wall, "
     "bmu_balance) in the trabecular envelope (cancellous and endocortical surfaces; "
     "osteon.physiology.remodeling.envelopes)",
     "Zebaze2010", True),
    ("focal_balance_cortical", 2.0, "1",
     "Zebaze RM et al. Lancet 2010;375:1729 (68 % of the distal-radius loss between 50 and 80 "
     "cortical, by intracortical remodeling that enlarges and coalesces canals); Seeman E "
     "Endocrinol Metab 2015;30:419 (about 70 % of all bone loss cortical; each intracortical "
     "remodeling event removes more than it deposits). Against: 3084 quiescent iliac osteons "
     "of 35 women aged 16-78 showed no age change in their BMU balance, open pores carried "
     "the porosity (repub.eur.nl/pub/110399). Refitted by "
     "scripts/refit_envelope_balance.py",
     E.FITTED, (0.5, 4.0),
     "Multiplier of the site's focal deficit in the cortical envelope (intracortical and "
     "endocortical remodeling, whose unfilled cavities are porosity)",
     "Zebaze2010", True),
    ("estrogen_cortical_share", 0.5, "1",
     "Nakamura T et al. Cell 2007;130:811 (osteoclast-specific ERalpha deletion: cancellous, "
     "not cortical, bone lost; estrogen shortens osteoclast life through Fas ligand); "
     "Martin-Millan M et al. Mol Endocrinol 2010;24:323 (osteoclast ERalpha mediates estrogen's "
     "protection of cancellous but not cortical bone); in women the menopause also thins the "
     "cortex (Zebaze 2010), so not 0. Grid 0 / 0.5 / 1 by "
     "scripts/refit_estrogen_cortical_share.py: 0.5 (0 loses SWAN's neck and Garnero's CTX)",
     E.FITTED, (0.0, 1.0),
     "Share of estrogen's action on osteoclasts (RANKL, OPG, osteoclast apoptosis) that "
     "reaches the cortical envelope's remodeling; each site's osteoclasts answer estrogen "
     "with the site's turnover-weighted mix (1: as before, every envelope alike)",
     "Nakamura2007", True),
    ("estrogen_adaptation_fraction", 0.85, "1",
     "Pouilles JM, Tremollieres F, Ribot C Calcif Tissue Int 1993;52:340 (spine loss 2.3 %/year "
     "in the first 3 years after the menopause, then falling exponentially with time since "
     "menopause); Sowers MR et al. J Clin Endocrinol Metab 2010;95:2155 (3.3 %/year in the 2 "
     "years after the FMP, 1.1 %/year 2-7 years after); Pouilles JM et al. J Bone Miner Res "
     "1995;10:1531 (femoral neck 1.8 vs 0.5 %/year within 2 vs beyond 5 years); Eriksen EF et "
     "al. Bone 1985;6:141 (erosion depth not increased in older women); value refitted by "
     "scripts/refit_estrogen_adaptation.py", E.HUMAN_OBSERVATIONAL, (0.0, 0.9),
     "Share by which a long-lasting estrogen drop desensitizes the erosion response (the focal "
     "balance adapts to sustained deficiency; turnover does not): d_eff = d (1 - f min(max(a, "
     "0) / a_full, 1)), a_full = estrogen_adaptation_full_drop",
     "Pouilles1993", True),
    ("estrogen_adaptation_time", 2.5, "year",
     "Pouilles 1993 (rates fall exponentially after the third postmenopausal year, reaching the "
     "premenopausal rate within about 10 years); Greendale GA et al. J Bone Miner Res "
     "2012;27:111 (SWAN: loss decelerates 2 years after the FMP); value refitted by "
     "scripts/refit_estrogen_adaptation.py (1.5 years), then with the desensitization form by "
     "scripts/refit_estrogen_desensitization.py (2.5 years: the adaptation now completes once "
     "the lasted drop reaches estrogen_adaptation_full_drop, so 1.5 years left almost no "
     "excess loss 2 years after the menopause)", E.HUMAN_OBSERVATIONAL, (1.0, 15.0),
     "Time constant of the exponentially weighted past estrogen drop a(t) to which the focal "
     "balance adapts", "Pouilles1993", True),
    ("estrogen_adaptation_rate_half", 0.02, "1/year",
     "form: the adaptation literature is about the abrupt menopausal fall (Pouilles 1993; Sowers "
     "2010; Greendale 2012: loss slows 2-3 years after the FMP, estradiol falling over the 2 "
     "years around it, Randolph JF et al. J Clin Endocrinol Metab 2011;96:746); men's slow "
     "decline is not adapted to: MrOS men 68-78 lose 0.37 %/year at the femoral neck (Cawthon "
     "PM et al. J Bone Miner Res 2009;24:1728) and their loss follows low bioavailable estradiol "
     "(Khosla S et al. J Clin Endocrinol Metab 2001;86:3555). A bone drop changing by 0.3/year "
     "(menopause) counts at 94 %, one of 0.007/year (a man's decline, bioavailable estradiol) "
     "at about 25 %; value refitted by scripts/refit_estrogen_rate_half.py (grid 0, 0.02, 0.05, "
     "0.1 x full drop 0.36, 0.45; 30 subjects per arm, 24 files; at full drop 0.45: objective "
     "113.4 / 113.8 / 115.7 / 129.3, 49 / 52 / 52 / 52 of 73 endpoints agreeing, MrOS -0.22 / "
     "-0.41 / -0.47 / -0.49 %/year)", E.FITTED, (0.0, 0.2),
     "Speed of change of the estrogen drop (1/year) at which a change counts half towards the "
     "drop that the erosion response adapts to (fast_step in "
     "osteon.physiology.remodeling.estrogen_adaptation); 0: every change counts in full",
     "Pouilles1993", False),
    ("estrogen_adaptation_full_drop", 0.45, "1",
     "form: the adaptation is a desensitization of the erosion response, so a new, deeper "
     "deficiency on an adapted skeleton does not act in full (aromatase inhibitors years after "
     "the menopause lose about as much as the early postmenopause: ATAC, Eastell R et al. J "
     "Clin Oncol 2008;26:1051, spine -4.1 %, total hip -3.9 % in 2 years; IBIS-II, Sestak I et "
     "al. Lancet Oncol 2014;15:1460, -4.0 % in 3 years against -1.2 % on placebo); erosion "
     "depth is not increased in older women (Eriksen EF et al. Bone 1985;6:141); value "
     "refitted by scripts/refit_estrogen_desensitization.py (30 subjects per arm, 17 files: "
     "objective 102.9 -> 86.9, 32 -> 35 of 48 endpoints agreeing against the subtractive form: "
     "0.45); checked with estrogen_adaptation_rate_half by scripts/refit_estrogen_rate_half.py "
     "(its objective prefers 0.36 by 1.5 of 113, but then the adaptation completes by 2 years "
     "after the menopause and the early-postmenopausal excess is gone, against Pouilles 1993: "
     "kept at 0.45)",
     E.FITTED, (0.0, 1.0),
     "Lasted estrogen drop (0-1; a postmenopausal woman's is about 0.75) at and above which the "
     "erosion response is desensitized by the full estrogen_adaptation_fraction: d_eff = d (1 - "
     "f min(max(a, 0) / a_full, 1)); 0 selects the subtractive form d - f max(min(d, a), 0), "
     "in which a new, deeper deficiency acts in full", "Eriksen1985", True),
    ("estrogen_adaptation_slow_fraction", 0.0, "1",
     "off (0) by default: on all 60 files at 30 subjects per arm, 1.0 with the slow time 4.5 "
     "years gives 162/221 against 166 (gains WHI placebo hip, NHANES 60-69, PEPI CEE + "
     "micronized progesterone spine, Dawson-Hughes 1990 citrate-malate neck, McClung "
     "alendronate spine; loses HORIZON hip and neck differences, Dawson-Hughes 1990 placebo "
     "neck, two Dawson-Hughes 1997 spine SDs, MA.17B letrozole hip, Leder 2009 neck, "
     "Reginster ibandronate spine, a DATA SD), and the mean woman's femoral neck then loses "
     "5.3 % from 53 to 78 against OSTPRE's 10.1 % (one stage: 11.0 %; Moilanen A et al. J "
     "Bone Miner Res 2022;37:173), so the cohorts do not support it; the form: Eriksen EF et al. Bone 1985;6:141 and J Bone Miner Res 1990;5:311 (erosion depth in older "
     "and osteoporotic women not increased over premenopausal values: the long-standing "
     "deepening returns in full, so 1); Pouilles JM et al. Calcif Tissue Int 1993;52:340 (spine "
     "loss falls exponentially after the third postmenopausal year to the premenopausal rate); "
     "Ensrud KE et al. J Bone Miner Res 1995;10:1778 (SOF: total hip -2.5 mg/cm2/year, about "
     "0.3 %/year, at 67-69); Moilanen A et al. J Bone Miner Res 2022;37:173 (OSTPRE: femoral "
     "neck -10.1 % in 25 years from 47-56); grid by scripts/refit_estrogen_slow_adaptation.py "
     "on its 18 files (the objective falls monotonically up to 1, the bound: the older placebo "
     "arms would take more; agreement 44 / 43 / 44 of 60 at 0 / 0.5 / 1)", E.FITTED, (0.0, 1.0),
     "Share of the erosion response that the first stage leaves (1 - "
     "estrogen_adaptation_fraction) which a second, slow stage of adaptation takes off the "
     "part of the drop that lasted on its time scale: d_eff = d (1 - f s1) - f2 (1 - f) "
     "max(min(d, a2), 0); 0: no second stage", "Eriksen1985", True),
    ("estrogen_adaptation_slow_time", 4.5, "year",
     "fitted by scripts/refit_estrogen_slow_adaptation.py (30 subjects per arm, 18 estrogen, "
     "aromatase-inhibitor and natural-history files; slow fraction 1: objective 62.4 / 62.2 / "
     "64.8 at 3 / 4.5 / 6 years); slower than estrogen_adaptation_time (2.5 years) so that the "
     "transmenopausal and early-postmenopausal loss stays (SWAN: Greendale GA et al. J Bone "
     "Miner Res 2012;27:111; PEPI placebo)", E.FITTED, (3.0, 30.0),
     "Time constant of the slow stage's exponentially weighted past estrogen drop a2(t) (the "
     "same fast-accumulated drop the first stage follows)", "Eriksen1985", True),
    ("wall_androgen_gain", 0.08, "1",
     "Kousteni S et al. Cell 2001;104:719 (androgens, like estrogens, prolong osteoblast "
     "life through the androgen receptor, so each team lays down more matrix); Vanderschueren "
     "D et al. Endocr Rev 2004;25:389 (androgen receptor on osteoblasts); value fitted on the "
     "men's bone endpoints (TTrials 2017, Snyder 2000, MrOS, Kenny 2010, Orwoll 2000, Gonnelli "
     "2003) by scripts/refit_androgen_wall.py (30 subjects per arm, grid 0-0.16: objective "
     "22.98 at 0, 19.62 at 0.08, the lowest; 15 -> 17 of 23 endpoints agreeing; 0.12 and "
     "above overshoot Snyder 2000's 36-month spine); acts in men only (Kawano H et al. Proc "
     "Natl Acad Sci USA 2003;100:9416: the AR-knockout skeletal phenotype is male)",
     E.IN_VITRO, (0.0, 1.0),
     "Rise of the completed BMU wall with the androgen-receptor signal (0 to 1), relative to "
     "its peak-bone-mass level: wall x (1 + g pi_T) / (1 + g pi_T at peak)",
     "Kousteni2001", True),
]
