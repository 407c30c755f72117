"""Parameter records of the GH axis, glucocorticoids, denosumab and teriparatide.

Same tuple format as ``_RECORDS`` in :mod:`osteon.parameters.default`:
``(name, value, units, source, evidence, (low, high), description, group,
calibrated)``. :data:`RECORDS_OTHER` is appended to the pharmacology
``RECORDS`` and so reaches the default parameter set. Values marked
``calibrated`` are effect sizes the literature does not pin down; their
``source`` names the trial data they are to be fitted to. Teriparatide's withdrawal
records are declared with the drug (``bone_drugs.RECORDS``).
"""

from __future__ import annotations

from osteon.parameters.records import Evidence

E = Evidence

RECORDS_OTHER: list[tuple] = [
    # --- Growth hormone (somatropin) -------------------------------------------------
    (
        "somatropin_dose_young_adult",
        0.7,
        "mg/day",
        "Molitch ME et al. J Clin Endocrinol Metab 2011;96:1587 (0.2-0.6 mg/day s.c. normalises "
        "IGF-1 in adult GH deficiency; 0.4 mg/day takes IGF-1 from ~80 to the age-normal 180-240 "
        "ng/mL here); endogenous secretion of young adults ~0.4-0.7 mg/day (Martha PM et al. JCEM "
        "1992;74:336, deconvolution; Iranmanesh A et al. JCEM 1991;73:1081)",
        E.HUMAN_OBSERVATIONAL,
        (0.3, 1.5),
        "Daily s.c. somatropin dose that adds the GH secretion of a healthy 30-year-old",
        "Molitch2011",
        False,
    ),
    (
        "igf1_response_halflife",
        2.0,
        "day",
        "IGF-1 reaches its new steady state within about a week of starting or changing daily GH "
        "(Molitch 2011: dose titration every 4-6 weeks; de Boer H et al. JCEM 1996;81:1371)",
        E.HUMAN_OBSERVATIONAL,
        (0.5, 7.0),
        "Half-life of the IGF-1 rise (and fall) after GH or a secretagogue starts (stops)",
        "Molitch2011",
        False,
    ),
    (
        "gh_rankl_exponent",
        0.25,
        "1",
        "To be fitted to Davidson P et al. Clin Endocrinol (Oxf) 2004;60:92 (spine +1.0 at 12 and "
        "+3.0 points at 24 months vs control, with an early non-significant dip); resorption markers "
        "rise with GH replacement (Ohlsson C et al. Endocr Rev 1998;19:55; Rubin J et al. JCEM "
        "2002;87:4273, IGF-1 and RANKL)",
        E.FITTED,
        (0.0, 1.0),
        "Power of a therapeutic IGF-1 rise (relative) raising RANKL expression",
        "Davidson2004",
        True,
    ),
    # --- GH secretagogues ---------------------------------------------------------------
    (
        "sermorelin_reference_dose",
        2.0,
        "mg/day",
        "Corpas E et al. J Clin Endocrinol Metab 1992;75:530 (GHRH 1-29, 1 mg s.c. twice daily, "
        "older men)",
        E.HUMAN_OBSERVATIONAL,
        (0.1, 5.0),
        "Daily sermorelin dose at which the IGF-1 rise was measured",
        "Corpas1992",
        False,
    ),
    (
        "sermorelin_igf1_rise",
        0.35,
        "1",
        "Corpas 1992 (IGF-1 of men 60-78 rose by about a third, towards young-adult levels, after "
        "2 weeks of 1 mg twice daily)",
        E.HUMAN_OBSERVATIONAL,
        (0.1, 0.8),
        "Relative IGF-1 rise at the sermorelin reference dose",
        "Corpas1992",
        False,
    ),
    (
        "ipamorelin_reference_dose",
        0.3,
        "mg/day",
        "Usual s.c. dose (no published human trial of chronic dosing); human PK/PD of single doses: "
        "Gobburu JV et al. Pharm Res 1999;16:1412 (half-life ~2 h, dose-proportional GH release)",
        E.ASSUMED,
        (0.05, 2.0),
        "Daily ipamorelin dose at which the IGF-1 rise is set",
        "Gobburu1999",
        False,
    ),
    (
        "ipamorelin_igf1_rise",
        0.2,
        "1",
        "Assumed from its selective GH release (Raun K et al. Eur J Endocrinol 1998;139:552, swine "
        "and rats; Gobburu 1999, humans, single doses); no human IGF-1 data on chronic dosing",
        E.ASSUMED,
        (0.0, 0.8),
        "Relative IGF-1 rise at the ipamorelin reference dose",
        "Raun1998",
        False,
    ),
    (
        "cjc1295_no_dac_reference_dose",
        0.3,
        "mg/day",
        "Usual s.c. dose of modified GRF(1-29) (tetrasubstituted GHRH 1-29, short acting); no "
        "published human trial",
        E.ASSUMED,
        (0.05, 2.0),
        "Daily CJC-1295 (no DAC) dose at which the IGF-1 rise is set",
        "Corpas1992",
        False,
    ),
    (
        "cjc1295_no_dac_igf1_rise",
        0.3,
        "1",
        "Assumed similar to sermorelin per dose, being a DPP-4 resistant GHRH(1-29) analogue "
        "(Corpas 1992 for GHRH 1-29); no human data",
        E.ASSUMED,
        (0.0, 0.8),
        "Relative IGF-1 rise at the CJC-1295 (no DAC) reference dose",
        "Corpas1992",
        False,
    ),
    (
        "ibutamoren_reference_dose",
        25.0,
        "mg/day",
        "Nass R et al. Ann Intern Med 2008;149:601 (MK-677 25 mg orally once daily)",
        E.HUMAN_RCT,
        (5.0, 50.0),
        "Daily ibutamoren dose at which the IGF-1 rise was measured",
        "Nass2008",
        False,
    ),
    (
        "ibutamoren_igf1_rise",
        0.5,
        "1",
        "Nass 2008 (IGF-1 rose ~40-60% to young-adult levels, sustained over 12 months); Chapman IM "
        "et al. J Clin Endocrinol Metab 1996;81:4249",
        E.HUMAN_RCT,
        (0.2, 1.0),
        "Relative IGF-1 rise at the ibutamoren reference dose",
        "Nass2008",
        False,
    ),
    (
        "secretagogue_ed50",
        1.0,
        "1",
        "Assumed Emax dose-response, half-maximal at the reference dose (GH release saturates with "
        "GHRH and ghrelin-mimetic dose; Gobburu 1999)",
        E.ASSUMED,
        (0.2, 5.0),
        "Daily dose giving half the maximal IGF-1 rise, in reference doses",
        "Gobburu1999",
        False,
    ),
    (
        "cjc1295_dac_halflife",
        7.0,
        "day",
        "Teichman SL et al. J Clin Endocrinol Metab 2006;91:799 (half-life 5.8-8.1 days)",
        E.HUMAN_OBSERVATIONAL,
        (5.0, 9.0),
        "Elimination half-life of CJC-1295 with DAC",
        "Teichman2006",
        False,
    ),
    (
        "cjc1295_dac_igf1_emax",
        2.0,
        "1",
        "Teichman 2006 (single doses of 30-250 ug/kg raised IGF-1 1.5- to 3-fold, dose dependent, "
        "for 9-11 days)",
        E.HUMAN_OBSERVATIONAL,
        (0.5, 3.0),
        "Maximal relative IGF-1 rise with CJC-1295 (DAC)",
        "Teichman2006",
        False,
    ),
    (
        "cjc1295_dac_amount50",
        0.06,
        "mg/kg",
        "Teichman 2006 (60 ug/kg roughly doubled IGF-1; fitted to its dose groups)",
        E.HUMAN_OBSERVATIONAL,
        (0.01, 0.25),
        "Drug in the body (per kg) giving half the maximal IGF-1 rise",
        "Teichman2006",
        False,
    ),
    # --- Glucocorticoids ------------------------------------------------------------------
    (
        "prednisone_hydrocortisone_equivalence",
        4.0,
        "mg/mg",
        "Meikle AW & Tyler FH Am J Med 1977;63:200; Liu D et al. Allergy Asthma Clin Immunol "
        "2013;9:30, Table 1 (5 mg prednisone = 20 mg hydrocortisone)",
        E.HUMAN_OBSERVATIONAL,
        (3.0, 5.0),
        "Hydrocortisone mg equivalent to 1 mg prednisone",
        "Meikle1977",
        False,
    ),
    (
        "prednisolone_hydrocortisone_equivalence",
        4.0,
        "mg/mg",
        "Meikle & Tyler 1977; Liu 2013 Table 1 (5 mg prednisolone = 20 mg hydrocortisone)",
        E.HUMAN_OBSERVATIONAL,
        (3.0, 5.0),
        "Hydrocortisone mg equivalent to 1 mg prednisolone",
        "Meikle1977",
        False,
    ),
    (
        "dexamethasone_hydrocortisone_equivalence",
        26.7,
        "mg/mg",
        "Meikle & Tyler 1977; Liu 2013 Table 1 (0.75 mg dexamethasone = 20 mg hydrocortisone; "
        "25-30x)",
        E.HUMAN_OBSERVATIONAL,
        (20.0, 40.0),
        "Hydrocortisone mg equivalent to 1 mg dexamethasone",
        "Meikle1977",
        False,
    ),
    (
        "glucocorticoid_bone_potency",
        0.41,
        "1",
        "Gain of the log-dose bone action a = potency x ln(r) x s(t); refitted (scripts/"
        "refit_glucocorticoids.py) to the glucocorticoid trial files: Laan RF et al. Ann Intern "
        "Med 1993;119:963 (spine trabecular vBMD -8.2% after 20 weeks of 10 then 5 mg "
        "prednisone, +5.3% recovery by week 44) and the placebo arm of Reid DM et al. Calcif "
        "Tissue Int 2001;69:242 (men starting >= 7.5 mg/day: spine -3.4%, femoral neck -3.3% "
        "at 1 year); fitted 0.412 on 10 subjects per arm, all four endpoints within their "
        "agreement interval",
        E.FITTED,
        (0.2, 3.0),
        "Gain of the glucocorticoid log-dose action on bone",
        "Laan1993",
        True,
    ),
    (
        "glucocorticoid_physiological_oral_dose",
        20.0,
        "mg/day",
        "Oral hydrocortisone dose that replaces normal cortisol production: 15-25 mg/day "
        "(Bornstein SR et al. J Clin Endocrinol Metab 2016;101:364, adrenal insufficiency "
        "guideline); production 9.9 mg/day (Esteban NV et al. J Clin Endocrinol Metab "
        "1991;72:39), oral doses about twice production because of first-pass and rapid "
        "clearance of peaks; midpoint of the guideline range",
        E.HUMAN_OBSERVATIONAL,
        (15.0, 25.0),
        "Hydrocortisone-equivalent oral dose matching physiological glucocorticoid activity",
        "Bornstein2016",
        False,
    ),
    (
        "glucocorticoid_axis_sharpness",
        6.0,
        "1",
        "Assumed: exogenous glucocorticoid suppresses ACTH and replaces the body's own cortisol "
        "up to the physiological level, so total activity is close to max(physiological, dose); "
        "the exponent of the smooth maximum sets how sharp that switch is (6: replacement at "
        "20 mg/day hydrocortisone adds 12% activity, prednisone 10 mg/day doubles it)",
        E.ASSUMED,
        (2.0, 12.0),
        "Exponent of the smooth maximum of endogenous and exogenous glucocorticoid activity",
        "Bornstein2016",
        False,
    ),
    (
        "glucocorticoid_ob_apoptosis_exponent",
        1.0,
        "1",
        "Weinstein RS et al. J Clin Invest 1998;102:274 (prednisolone raised osteoblast "
        "apoptosis in mice and apoptotic osteoblasts were found in patients with "
        "glucocorticoid-induced osteoporosis); size assumed: at prednisone 10 mg/day early in "
        "a course about twice the osteoblast death rate",
        E.ANIMAL,
        (0.0, 2.0),
        "Power of the glucocorticoid bone action raising active osteoblast apoptosis",
        "Weinstein1998",
        False,
    ),
    (
        "glucocorticoid_ocy_viability_exponent",
        0.3,
        "1",
        "Weinstein 1998 (osteocyte apoptosis in mice on prednisolone and in patients' "
        "biopsies); size assumed: about 20% fewer viable osteocytes early in a 10 mg/day "
        "prednisone course; fewer osteocytes raise RANKL through the model's osteocyte term",
        E.ANIMAL,
        (0.0, 1.0),
        "Power of the glucocorticoid bone action lowering osteocyte viability",
        "Weinstein1998",
        False,
    ),
    (
        "glucocorticoid_gut_absorption_exponent",
        0.15,
        "1",
        "Klein RG et al. J Clin Invest 1977;60:253 (fractional calcium absorption normal at "
        "8-10 mg/day prednisone, lower at 15-100 mg/day, inversely related to dose); Colette C "
        "et al. Horm Metab Res 1987;19:335 (51 vs 60% absorbed, -15%, at 10-25 mg/day "
        "prednisolone, r about 2-5 here: 0.15 gives -10% at r = 2 and -21% at r = 5)",
        E.HUMAN_OBSERVATIONAL,
        (0.0, 0.4),
        "Power of relative glucocorticoid activity lowering intestinal calcium absorption",
        "Klein1977",
        False,
    ),
    (
        "glucocorticoid_matrix_exponent",
        1.5,
        "1",
        "To be fitted to Laan 1993 (as glucocorticoid_bone_potency); mechanism: glucocorticoids "
        "cut type I collagen synthesis per osteoblast (Canalis E Endocrinology 1983;112:931; "
        "Delany AM et al. Endocrinology 1995;136:4776) and serum osteocalcin falls by 30-50% within "
        "days of 5-10 mg prednisone, before osteoblast numbers can change (Godschalk MF & Downs RW "
        "J Bone Miner Res 1988;3:113)",
        E.FITTED,
        (0.0, 2.0),
        "Power of the exogenous glucocorticoid signal (relative) cutting matrix synthesis per "
        "osteoblast",
        "Laan1993",
        True,
    ),
    (
        "glucocorticoid_chronic_fraction",
        0.05,
        "1",
        "Refitted (scripts/refit_glucocorticoid_adaptation.py) to the biphasic time course: "
        "bone loss is fastest in the first 3-12 months and slow thereafter (LoCascio V et al. "
        "Bone Miner 1990;8:39; van Staa TP et al. Osteoporos Int 2002;13:777, meta-analysis); "
        "targets: new users lose 2-4% spine in year 1 (Reid DM et al. Calcif Tissue Int "
        "2001;69:242 placebo men -3.4%) while long-term users lose about 0-1%/year (Verhoeven "
        "AC & Boers M J Rheumatol 1997;24:1495: 0.0%/year spine in steroid-treated RA, most "
        "loss in the first half year; Saag KG et al. N Engl J Med 1998;339:292 and Adachi JD "
        "et al. Arthritis Rheum 2001;44:202 placebo: -0.4% at 48 weeks, -0.8% at 2 years). "
        "0.05 gives a mean man of 60 on prednisone 10 mg/day -3.2% spine in year 1 and "
        "-0.35%/year attributable loss in year 3 (0.15, the former value, gave -1.1%/year); "
        "tissue tolerance (glucocorticoid-receptor down-regulation) is the assumed mechanism",
        E.FITTED,
        (0.0, 1.0),
        "Share of the glucocorticoid action on bone formation that persists after adaptation",
        "LoCascio1990",
        True,
    ),
    (
        "glucocorticoid_resorption_chronic_fraction",
        0.0,
        "1",
        "Assumed from the time course of turnover markers and histomorphometry: glucocorticoids "
        "cause an early but transient increase in bone resorption while the inhibition of "
        "formation persists (Compston J Endocrine 2018;61:7, review; Weinstein RS N Engl J Med "
        "2011;365:62: an early phase of rapid loss from excess resorption, then slower loss "
        "from impaired formation). 0: the RANKL rise of a course fades fully, with the adaptation time",
        E.ASSUMED,
        (0.0, 0.5),
        "Share of the glucocorticoid rise of RANKL that persists after adaptation",
        "Weinstein2011",
        False,
    ),
    (
        "glucocorticoid_adaptation_time",
        180.0,
        "day",
        "To be fitted (LoCascio 1990; van Staa 2002: the rapid phase lasts months)",
        E.FITTED,
        (30.0, 730.0),
        "Time constant of the fall of the glucocorticoid action on bone during a course",
        "LoCascio1990",
        True,
    ),
    (
        "prednisone_biological_halflife",
        1.0,
        "day",
        "Meikle & Tyler 1977 (intermediate-acting glucocorticoids: biological half-life 12-36 h)",
        E.HUMAN_OBSERVATIONAL,
        (0.5, 1.5),
        "Onset and offset half-life of prednisone's glucocorticoid action",
        "Meikle1977",
        False,
    ),
    (
        "prednisolone_biological_halflife",
        1.0,
        "day",
        "Meikle & Tyler 1977 (intermediate-acting: 12-36 h)",
        E.HUMAN_OBSERVATIONAL,
        (0.5, 1.5),
        "Onset and offset half-life of prednisolone's glucocorticoid action",
        "Meikle1977",
        False,
    ),
    (
        "hydrocortisone_biological_halflife",
        0.4,
        "day",
        "Meikle & Tyler 1977 (short-acting: 8-12 h)",
        E.HUMAN_OBSERVATIONAL,
        (0.3, 0.5),
        "Onset and offset half-life of hydrocortisone's glucocorticoid action",
        "Meikle1977",
        False,
    ),
    (
        "dexamethasone_biological_halflife",
        2.25,
        "day",
        "Meikle & Tyler 1977 (long-acting: 36-72 h)",
        E.HUMAN_OBSERVATIONAL,
        (1.5, 3.0),
        "Onset and offset half-life of dexamethasone's glucocorticoid action",
        "Meikle1977",
        False,
    ),
    # --- Denosumab ------------------------------------------------------------------------
    (
        "denosumab_bioavailability",
        0.62,
        "1",
        "Sutjandra L et al. Clin Pharmacokinet 2011;50:793 (s.c. bioavailability 61-64%)",
        E.HUMAN_OBSERVATIONAL,
        (0.5, 0.8),
        "Absolute s.c. bioavailability of denosumab",
        "Sutjandra2011",
        False,
    ),
    (
        "denosumab_absorption_halflife",
        2.7,
        "day",
        "Gibiansky L et al. Clin Pharmacokinet 2012;51:247 (mean absorption half-life 2.7 days); "
        "gives the peak at ~10 days of the Prolia label",
        E.HUMAN_OBSERVATIONAL,
        (1.5, 5.0),
        "Absorption half-life of s.c. denosumab",
        "Gibiansky2012",
        False,
    ),
    (
        "denosumab_halflife",
        26.0,
        "day",
        "Prolia label / Sutjandra 2011 (after the peak, mean half-life 25.4 +/- 8.5 days over "
        "about 3 months)",
        E.HUMAN_OBSERVATIONAL,
        (17.0, 34.0),
        "Linear-phase elimination half-life of denosumab",
        "Sutjandra2011",
        False,
    ),
    (
        "denosumab_volume",
        4.07,
        "L",
        "Apparent one-compartment volume reproducing the Prolia label peak (6.75 ug/mL at ~10 "
        "days after 60 mg) with the bioavailability, half-lives and target-mediated term here; "
        "central + peripheral volumes ~2.6 + 1.4 L/66 kg in Gibiansky 2012",
        E.HUMAN_OBSERVATIONAL,
        (2.5, 8.0),
        "Apparent volume of distribution of denosumab",
        "Sutjandra2011",
        False,
    ),
    (
        "denosumab_tmdd_conc",
        0.3,
        "ug/mL",
        "Sutjandra 2011 (quasi-steady-state target-mediated disposition: the fall accelerates "
        "below ~1 ug/mL, 4-5 months after 60 mg); closed-form approximation C = C_lin^2/(C_lin+K)",
        E.HUMAN_OBSERVATIONAL,
        (0.05, 2.0),
        "Concentration below which RANKL-mediated clearance speeds the fall of denosumab",
        "Sutjandra2011",
        False,
    ),
    (
        "denosumab_ic50",
        0.012,
        "ug/mL",
        "To be fitted to serum CTX under 60 mg every 6 months (Eastell R et al. J Bone Miner Res "
        "2011;26:530: -86% at 1 month, -72% at 6 months before the next dose; Bekker PJ et al. "
        "J Bone Miner Res 2004;19:1059: suppression lasting ~6 months after one dose) and to the "
        "total hip of FREEDOM (Cummings 2009; Austin M et al. JBMR 2012;27:687). The calibration "
        "puts it at its upper bound (CTX back near baseline at each trough): a CTX-consistent "
        "value (~0.003) triples the FREEDOM hip gain (scripts/diag_denosumab_suppression.py)",
        E.FITTED,
        (0.001, 0.2),
        "Serum denosumab halving free RANKL (free fraction 1/(1 + C/IC50))",
        "Eastell2011",
        True,
    ),
    # --- Teriparatide ---------------------------------------------------------------------
    (
        "teriparatide_reference_dose",
        0.02,
        "mg/day",
        "Neer RM et al. N Engl J Med 2001;344:1434 (20 ug/day, the approved dose)",
        E.HUMAN_RCT,
        (0.02, 0.02),
        "Reference daily teriparatide dose of the effect sizes",
        "Neer2001",
        False,
    ),
    (
        "teriparatide_ed50",
        0.028,
        "mg/day",
        "Neer 2001 (40 vs 20 ug/day: spine +13.7% vs +9.7%, a 1.41-fold effect for twice the "
        "dose, gives ED50 ~28 ug/day in an Emax model)",
        E.HUMAN_RCT,
        (0.01, 0.1),
        "Daily teriparatide dose giving half its maximal bone effect",
        "Neer2001",
        False,
    ),
    (
        "teriparatide_ob_recruitment_gain",
        0.35,
        "1",
        "Calibrated on Neer 2001 (20 ug/day: spine +9.7%, femoral neck +2.8% at a median 21 "
        "months); mechanism Jilka RL et al. J Clin Invest 1999;104:439 (mice)",
        E.FITTED,
        (0.0, 4.0),
        "Osteoblast recruitment onto quiescent surfaces (modeling-based formation) at 20 ug/day, "
        "in units of the reference recruitment into cavities",
        "Neer2001",
        True,
    ),
    (
        "teriparatide_ob_survival_gain",
        0.25,
        "1",
        "Calibrated on Neer 2001; Dempster DW et al. J Bone Miner Res 2001;16:1846 (wall "
        "thickness up with teriparatide); Jilka 1999 and Bellido T et al. J Biol Chem "
        "2005;280:28343 (daily PTH delays osteoblast apoptosis, mice)",
        E.FITTED,
        (0.0, 1.0),
        "Rise of the matrix laid down per remodeling unit (longer-lived osteoblasts overfill "
        "their cavities) at 20 ug/day",
        "Neer2001",
        True,
    ),
    (
        "teriparatide_rankl_gain",
        0.2,
        "1",
        "Calibrated on Neer 2001; resorption markers rise later and less than formation markers "
        "(McClung MR et al. Arch Intern Med 2005;165:1762)",
        E.FITTED,
        (0.0, 2.0),
        "Rise of RANKL expression at 20 ug/day",
        "Neer2001",
        True,
    ),
    (
        "teriparatide_anabolic_halflife",
        10.0,
        "day",
        "McClung 2005; Glover SJ et al. Bone 2009;45:1053 (P1NP up within the first month)",
        E.HUMAN_RCT,
        (3.0, 30.0),
        "Onset (and offset) half-life of the anabolic drive",
        "McClung2005",
        False,
    ),
    (
        "teriparatide_resorption_halflife",
        60.0,
        "day",
        "McClung 2005 (CTX rises after the formation markers, over 3-6 months)",
        E.HUMAN_RCT,
        (20.0, 180.0),
        "Onset (and offset) half-life of the RANKL drive",
        "McClung2005",
        False,
    ),
]


__all__ = ["RECORDS_OTHER"]
