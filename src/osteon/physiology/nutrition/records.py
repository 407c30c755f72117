"""Parameter records of the nutrition interventions.

Habitual intakes are population defaults (they stand in for each subject's own
intake until Signals carries the ``population`` covariates of the trial files).
"""

from __future__ import annotations

from osteon.parameters.records import Evidence as E

RECORDS: list[tuple] = [
    # --- Habitual intakes and status ------------------------------------------------
    ("calcium_habitual_intake", 800.0, "mg/day",
     "Bailey RL et al. J Nutr 2010;140:817 (NHANES 2003-06: women over 50 ~ 800 mg/day from "
     "food); validation files (tai-2015: 800 +- 250)", E.HUMAN_OBSERVATIONAL, (300.0, 1500.0),
     "Habitual dietary calcium intake", "Bailey2010", False),
    ("vitamin_d_habitual_25oh", 60.0, "nmol/L",
     "Looker AC et al. Am J Clin Nutr 2008;88:1519 (NHANES: mean serum 25(OH)D of older adults "
     "~ 55-65 nmol/L)", E.HUMAN_OBSERVATIONAL, (20.0, 120.0),
     "Habitual serum 25-hydroxyvitamin D", "Looker2008", False),
    ("protein_habitual_intake", 0.9, "g/kg/day",
     "Berner LA et al. J Acad Nutr Diet 2013;113:809 (NHANES: older women ~ 0.9-1.0 g/kg/day); "
     "protein-meta-2017.yaml population (0.9 +- 0.2)", E.HUMAN_OBSERVATIONAL, (0.5, 1.6),
     "Habitual protein intake", "Berner2013", False),
    ("zinc_habitual_intake", 9.0, "mg/day",
     "Moshfegh 2009 (NHANES 2005-2006: women 51-70 ~ 9 mg/day)", E.HUMAN_OBSERVATIONAL,
     (5.0, 16.0), "Habitual zinc intake", "Moshfegh2009", False),
    # --- Calcium absorption ---------------------------------------------------------
    ("calcium_absorption_intercept", 0.889, "1",
     "Heaney RP, Weaver CM, Fitzsimmons ML J Bone Miner Res 1990;5:1135 (fractional absorption "
     "= 0.889 - 0.0964 ln(load mg); 64% at 15 mg, 29% at 500 mg)", E.HUMAN_OBSERVATIONAL,
     (0.7, 1.0), "Intercept of fractional calcium absorption against ln(load in mg)",
     "Heaney1990", False),
    ("calcium_absorption_log_slope", 0.0964, "1", "Heaney 1990 (as above)",
     E.HUMAN_OBSERVATIONAL, (0.05, 0.15),
     "Fall of fractional calcium absorption per unit ln(load in mg)", "Heaney1990", False),
    ("calcium_absorption_floor", 0.1, "1",
     "Heaney RP et al. J Bone Miner Res 1989;4:469 (absorption ~ 0.15 at intakes above "
     "2000 mg/day)", E.HUMAN_OBSERVATIONAL, (0.05, 0.2),
     "Lowest fractional absorption (passive) for very large loads", "Heaney1989", False),
    ("calcium_meals_per_day", 3.0, "1/day", "Assumed: dietary calcium spread over three meals",
     E.ASSUMED, (1.0, 6.0), "Meals sharing the dietary calcium of a day", "Osteon", False),
    # --- Calcium balance threshold -> BMU balance ----------------------------------------
    ("calcium_balance_threshold", 550.0, "mg/day",
     "Dawson-Hughes B et al. N Engl J Med 1990;323:878 (late-postmenopausal women: calcium 500 "
     "mg/day slowed loss at intakes < 400 mg/day, not at 400-650); Bischoff-Ferrari HA et al. "
     "J Bone Miner Res 2009;24:935 (NHANES III: hip BMD not associated with intake above the "
     "lowest quartile, 566 mg/day, at 25(OH)D >= 50 nmol/L); Matkovic V, Heaney RP Am J Clin "
     "Nutr 1992;55:992 (threshold behaviour of calcium balance)", E.HUMAN_RCT, (400.0, 1000.0),
     "Dietary-equivalent calcium intake below which calcium balance is met from bone",
     "DawsonHughes1990", False),
    ("calcium_deficit_focal_gain", 0.015, "1",
     "Fitted to Dawson-Hughes 1990 (placebo, < 400 mg/day, >= 6 years past menopause: spine "
     "-2.85 % in two years, faster than the 400-650 mg/day women) by "
     "scripts/refit_calcium_threshold.py", E.FITTED, (0.0, 0.5),
     "Unfilled fraction of each resorbed cavity added at zero calcium intake (linear in the "
     "shortfall below calcium_balance_threshold)", "DawsonHughes1990", True),
    # --- PTH -> bone --------------------------------------------------------------------
    ("rankl_pth_exponent", 0.75, "1",
     "Lemaire V et al. J Theor Biol 2004;229:293 and Pivonka P et al. Bone 2008;43:249 (PTH raises "
     "RANKL); fitted to tai-2015-calcium-supplements.yaml (calcium: resorption markers -10 to "
     "-20%)", E.FITTED, (0.1, 2.0),
     "Power of plasma PTH (relative to the subject's own steady state at peak bone mass) "
     "raising RANKL expression in every site", "Lemaire2004", True),
    # --- Vitamin D intake -> 25(OH)D --------------------------------------------------
    ("vitamin_d_response_per_ug", 0.7, "(nmol/L)/(ug/day)",
     "Heaney RP et al. Am J Clin Nutr 2003;77:204 (0.70 nmol/L per ug/day of cholecalciferol at "
     "steady state); IOM 2011 (1-2 nmol/L per ug/day at low baseline)", E.HUMAN_RCT, (0.4, 2.0),
     "Steady-state rise of serum 25(OH)D per ug/day of vitamin D3", "Heaney2003", False),
    ("vitamin_d_iu_per_ug", 40.0, "IU/ug", "Definition of the international unit of vitamin D3",
     E.HUMAN_OBSERVATIONAL, (40.0, 40.0), "International units per microgram of vitamin D3",
     "IOM2011", False),
    ("vitamin_d_halflife", 15.0, "day",
     "Jones G Am J Clin Nutr 2008;88:582S (serum 25(OH)D half-life ~ 15 days; 2-3 weeks)",
     E.HUMAN_OBSERVATIONAL, (10.0, 60.0),
     "Half-life of the approach to (and washout from) a new 25(OH)D level", "Jones2008", False),
    # --- Protein ---------------------------------------------------------------------
    ("protein_matrix_exponent", 0.03, "1",
     "Bonjour JP J Am Coll Nutr 2005;24:526S (protein supplies collagen matrix); fitted to "
     "protein-meta-2017.yaml (Shams-White MM et al. Am J Clin Nutr 2017;105:1528)", E.FITTED,
     (0.0, 0.3), "Power of protein intake (relative to habitual) on matrix laid down per osteoblast",
     "ShamsWhite2017", True),
    ("protein_igf1_exponent", 0.2, "1",
     "Dawson-Hughes B et al. J Clin Endocrinol Metab 2004;89:1169 (protein supplementation "
     "raised serum IGF-1 of older adults); Thissen JP et al. Endocr Rev 1994;15:80",
     E.HUMAN_RCT, (0.0, 0.6), "Power of protein intake (relative to habitual) on serum IGF-1",
     "DawsonHughes2004", False),
    # --- Vitamin K2 ------------------------------------------------------------------
    ("vitamin_k2_mineralization_max", 0.1, "1",
     "Assumed small: Cockayne S et al. Arch Intern Med 2006;166:1256 (meta-analysis, small and "
     "heterogeneous Japanese MK-4 trials); Knapen MH et al. Osteoporos Int 2013;24:2499 (MK-7 "
     "180 ug/day, industry funded: small BMC effect); Shiraki M et al. J Bone Miner Res "
     "2000;15:515; evidence compromised", E.ASSUMED, (0.0, 0.3),
     "Largest rise of mineralization speed with full osteocalcin carboxylation", "Cockayne2006",
     False),
    ("vitamin_k2_ed50_menaquinone_4", 15.0, "mg/day",
     "Assumed: Japanese trials used 45 mg/day (Shiraki 2000) near full carboxylation",
     E.ASSUMED, (1.0, 45.0), "MK-4 daily dose for half the maximal effect", "Shiraki2000", False),
    ("vitamin_k2_ed50_menaquinone_7", 0.1, "mg/day",
     "Knapen 2013 (180 ug/day lowered undercarboxylated osteocalcin ~ 50%); Theuwissen E et al. "
     "Br J Nutr 2012;108:1652 (MK-7 dose response)", E.HUMAN_RCT, (0.02, 0.5),
     "MK-7 daily dose for half the maximal effect", "Knapen2013", False),
    # --- Zinc --------------------------------------------------------------------------
    ("zinc_half_saturation", 5.0, "mg/day", "Assumed: zinc sufficiency Zn/(Zn + K)", E.ASSUMED,
     (1.0, 20.0), "Intake at half zinc sufficiency of osteoblasts", "Osteon", False),
    ("zinc_ob_exponent", 0.03, "1",
     "Yamaguchi M J Trace Elem Exp Med 1998;11:119 (zinc stimulates osteoblasts in vitro and in "
     "rats); no human BMD trial", E.ANIMAL, (0.0, 0.2),
     "Power of zinc sufficiency (relative) on osteoblast recruitment", "Yamaguchi1998", False),
]
"""Records in the format of :data:`osteon.parameters.default._RECORDS`."""
