"""The default parameter set, ``Osteon2026``, assembled from its sources.

Records are grouped by the paper (or data set) they come from; the group name
is the ``AuthorYear`` key used in citations. Values marked ``calibrated`` are
fitted by ``scripts/calibrate.py`` within their plausible ranges; its output file
``osteon/parameters/calibrated.json`` overrides these starting values when present
and records the script, data, objective and date of the fit.
"""

from __future__ import annotations

import json
from importlib import resources

from osteon.parameters.records import Evidence, Parameter, ParameterSet

E = Evidence
YEAR = 365.25

# (name, value, units, source, evidence, (low, high), description, group, calibrated)
_RECORDS: list[tuple] = [
    # --- Endocrine background -------------------------------------------------
    (
        "estradiol_premenopausal",
        100.0,
        "pg/mL",
        "Randolph JF et al. J Clin Endocrinol Metab 2011;96:746 (SWAN), Fig. 1",
        E.HUMAN_OBSERVATIONAL,
        (50.0, 200.0),
        "Cycle-average serum estradiol of premenopausal women",
        "Randolph2011",
        False,
    ),
    (
        "estradiol_postmenopausal",
        10.0,
        "pg/mL",
        "Randolph 2011 (SWAN) Fig. 1; Khosla S et al. J Clin Endocrinol Metab 1998;83:2266",
        E.HUMAN_OBSERVATIONAL,
        (3.0, 25.0),
        "Extragonadal (aromatized) estradiol of a 70 kg postmenopausal woman",
        "Randolph2011",
        False,
    ),
    (
        "estradiol_body_mass_exponent",
        0.5,
        "1",
        "Cauley JA et al. Am J Epidemiol 1989;129:1120 (estradiol rises with adiposity)",
        E.HUMAN_OBSERVATIONAL,
        (0.0, 1.5),
        "Power of (body mass/70 kg) scaling extragonadal estradiol",
        "Cauley1989",
        False,
    ),
    (
        "menopause_transition_width",
        0.5,
        "year",
        "Randolph 2011 (SWAN): estradiol falls from 2 years before to 2 years after the FMP",
        E.HUMAN_OBSERVATIONAL,
        (0.25, 1.5),
        "Logistic width of the ovarian estradiol fall around the final menstrual period",
        "Randolph2011",
        False,
    ),
    (
        "menopause_transition_midpoint",
        -0.25,
        "year",
        "Randolph 2011 (SWAN) Fig. 2: estradiol starts to fall about 2 years before the final "
        "menstrual period (FMP) and is stable 2 years after; midpoint relative to the FMP",
        E.HUMAN_OBSERVATIONAL,
        (-1.0, 0.5),
        "Time of half the ovarian estradiol fall, relative to the final menstrual period",
        "Randolph2011",
        True,
    ),
    (
        "estradiol_surgical_halflife",
        1.0,
        "day",
        "Judd HL et al. Am J Obstet Gynecol 1974;118:793 (estradiol after oophorectomy)",
        E.HUMAN_OBSERVATIONAL,
        (0.1, 7.0),
        "Half-life of the estradiol fall after bilateral oophorectomy",
        "Judd1974",
        False,
    ),
    (
        "progesterone_premenopausal",
        5.0,
        "ng/mL",
        "Prior JC Endocr Rev 1990;11:386 (cycle-average luteal progesterone)",
        E.HUMAN_OBSERVATIONAL,
        (2.0, 10.0),
        "Cycle-average progesterone before menopause",
        "Prior1990",
        False,
    ),
    (
        "progesterone_postmenopausal",
        0.3,
        "ng/mL",
        "Prior 1990",
        E.HUMAN_OBSERVATIONAL,
        (0.1, 1.0),
        "Progesterone after menopause",
        "Prior1990",
        False,
    ),
    (
        "progesterone_male",
        0.3,
        "ng/mL",
        "Oettel M & Mukhopadhyay AK Aging Male 2004;7:236",
        E.HUMAN_OBSERVATIONAL,
        (0.1, 1.0),
        "Progesterone in men",
        "Oettel2004",
        False,
    ),
    (
        "testosterone_male_age30",
        600.0,
        "ng/dL",
        "Travison TG et al. J Clin Endocrinol Metab 2017;102:1161 (harmonized reference, age 19-39)",
        E.HUMAN_OBSERVATIONAL,
        (350.0, 900.0),
        "Serum total testosterone of a 30-year-old man",
        "Travison2017",
        False,
    ),
    (
        "testosterone_male_decline",
        0.008,
        "1/year",
        "Feldman HA et al. J Clin Endocrinol Metab 2002;87:589 (MMAS, total T -0.4 to -1.6 %/yr)",
        E.HUMAN_OBSERVATIONAL,
        (0.004, 0.016),
        "Exponential rate of men's testosterone decline after 30",
        "Feldman2002",
        False,
    ),
    (
        "testosterone_female_age30",
        30.0,
        "ng/dL",
        "Davison SL et al. J Clin Endocrinol Metab 2005;90:3847",
        E.HUMAN_OBSERVATIONAL,
        (15.0, 60.0),
        "Serum total testosterone of a 30-year-old woman",
        "Davison2005",
        False,
    ),
    (
        "testosterone_female_decline",
        0.01,
        "1/year",
        "Davison 2005 (fall with age, not menopause)",
        E.HUMAN_OBSERVATIONAL,
        (0.0, 0.03),
        "Exponential rate of women's testosterone decline",
        "Davison2005",
        False,
    ),
    (
        "testosterone_ovarian_share",
        0.5,
        "1",
        "Judd 1974; Davison 2005 (oophorectomy roughly halves testosterone)",
        E.HUMAN_OBSERVATIONAL,
        (0.2, 0.7),
        "Share of women's testosterone made by the ovaries",
        "Judd1974",
        False,
    ),
    (
        "aromatization_ratio",
        0.04,
        "(pg/mL)/(ng/dL)",
        "Longcope C et al. J Clin Endocrinol Metab 1969;29:1134; Orwoll E et al. JCEM 2006;91:1336 "
        "(MrOS: T ~430 ng/dL, E2 ~22 pg/mL)",
        E.HUMAN_OBSERVATIONAL,
        (0.02, 0.07),
        "Serum estradiol made from testosterone by aromatase, per unit testosterone (men)",
        "Longcope1969",
        False,
    ),
    (
        "estradiol_male_nonaromatized",
        2.0,
        "pg/mL",
        "Longcope 1969 (about 15-20% secreted directly)",
        E.HUMAN_OBSERVATIONAL,
        (0.0, 6.0),
        "Men's estradiol not derived from circulating testosterone",
        "Longcope1969",
        False,
    ),
    (
        "gh_decline",
        0.014,
        "1/year",
        "Iranmanesh A et al. J Clin Endocrinol Metab 1991;73:1081 (GH secretion halves every 7-10 y "
        "in adults, partly through adiposity)",
        E.HUMAN_OBSERVATIONAL,
        (0.005, 0.03),
        "Exponential rate of GH secretion decline after 30",
        "Iranmanesh1991",
        False,
    ),
    (
        "gh_deficiency_residual",
        0.3,
        "1",
        "Molitch ME et al. J Clin Endocrinol Metab 2011;96:1587 (adult GHD: IGF-1 below -2 SD)",
        E.HUMAN_OBSERVATIONAL,
        (0.05, 0.6),
        "Residual GH secretion in adult GH deficiency",
        "Molitch2011",
        False,
    ),
    (
        "measured_level_held_years",
        10.0,
        "year",
        "Assumption (no single source): a measured testosterone, estradiol or IGF-1, adult GH "
        "deficiency and a habitual calcium intake or serum 25(OH)D are taken to have held for "
        "this long before the start of follow-up, as deviations from the population-typical "
        "levels; before that the subject followed the population curve. Set it per subject "
        "(Subject.labs_held_years) or per run (ParameterSet.replace) when the history is known: "
        "0 makes a measured level act only from the start of follow-up. Chosen on a grid "
        "(scripts/refit_held_years.py, shared files with labs: Snyder 2000, TTrials 2017, GH "
        "replacement, Reid 2014): objective 8.7 at 5 years, 7.0 at 10, 6.2 at 15, 5.8 at 20, "
        "5.7 at 25; 10 is kept because longer histories exaggerate adult GH deficiency "
        "(spine -20% at 20 years, against a deficit of roughly 0.5-1 SD in the literature; "
        "the IGF-1 leverage of issue 9 item 1) while a man at 150 ng/dL testosterone already "
        "shows about the MrOS deficit (Fink HA et al. J Clin Endocrinol Metab 2006;91:3908)",
        E.ASSUMED,
        (0.0, 40.0),
        "How long a measured hormone level or habitual diet is assumed to have held before "
        "follow-up",
        "Osteon",
        False,
    ),
    (
        "igf1_age30",
        220.0,
        "ng/mL",
        "Bidlingmaier M et al. J Clin Endocrinol Metab 2014;99:1712 (IGF-1 reference, age 30)",
        E.HUMAN_OBSERVATIONAL,
        (140.0, 320.0),
        "Serum IGF-1 at 30",
        "Bidlingmaier2014",
        False,
    ),
    (
        "igf1_gh_exponent",
        0.9,
        "1",
        "Bidlingmaier 2014 (IGF-1 falls ~1.2%/yr as GH ~1.4%/yr)",
        E.HUMAN_OBSERVATIONAL,
        (0.5, 1.2),
        "Power linking IGF-1 to GH secretion",
        "Bidlingmaier2014",
        False,
    ),
    (
        "cortisol_baseline",
        12.0,
        "ug/dL",
        "Van Cauter E et al. J Clin Endocrinol Metab 1996;81:2468 (morning serum cortisol)",
        E.HUMAN_OBSERVATIONAL,
        (5.0, 20.0),
        "Morning serum cortisol",
        "VanCauter1996",
        False,
    ),
    # --- Receptors --------------------------------------------------------------
    (
        "estrogen_ec50",
        12.0,
        "pg/mL",
        "Finkelstein JS et al. N Engl J Med 2013;369:1011 (men: resorption rises below 10-20 pg/mL)",
        E.HUMAN_RCT,
        (5.0, 30.0),
        "Estradiol giving half-maximal bone estrogen signal",
        "Finkelstein2013",
        False,
    ),
    (
        "estrogen_hill",
        2.0,
        "1",
        "Finkelstein 2013 (steep threshold)",
        E.HUMAN_RCT,
        (1.0, 3.0),
        "Hill coefficient of the bone estrogen signal",
        "Finkelstein2013",
        False,
    ),
    (
        "androgen_ec50",
        200.0,
        "ng/dL",
        "Finkelstein 2013 (lean mass and bone below ~200 ng/dL)",
        E.HUMAN_RCT,
        (100.0, 400.0),
        "Testosterone giving half-maximal androgen-receptor signal",
        "Finkelstein2013",
        False,
    ),
    (
        "progesterone_ec50",
        2.0,
        "ng/mL",
        "Prior 1990 (luteal levels)",
        E.ASSUMED,
        (0.5, 8.0),
        "Progesterone giving half-maximal osteoblast signal",
        "Prior1990",
        False,
    ),
    # --- Cells (Lemaire 2004 / Peterson-Riggs 2010 structure) -------------------
    (
        "osteoclast_lifespan",
        14.0,
        "day",
        "Manolagas SC Endocr Rev 2000;21:115 (osteoclasts live about 2 weeks)",
        E.HUMAN_OBSERVATIONAL,
        (7.0, 28.0),
        "Mean lifespan of an active osteoclast",
        "Manolagas2000",
        False,
    ),
    (
        "obp_differentiation_time",
        30.0,
        "day",
        "Lemaire 2004 Table 1 (D_R ~ 7e-4 pM/day, k_B 0.189/day); Parfitt AM J Cell Biochem 1994;55:273",
        E.HUMAN_OBSERVATIONAL,
        (10.0, 90.0),
        "Mean residence of responding osteoblasts",
        "Lemaire2004",
        False,
    ),
    (
        "ob_active_lifespan",
        90.0,
        "day",
        "Manolagas 2000; Parfitt 1994 (formation period about 3 months)",
        E.HUMAN_OBSERVATIONAL,
        (40.0, 150.0),
        "Mean working life of an active osteoblast",
        "Manolagas2000",
        False,
    ),
    (
        "ocy_response_time",
        180.0,
        "day",
        "Tomkinson A et al. J Bone Miner Res 1998;13:1243 (osteocyte apoptosis within months of "
        "estrogen withdrawal)",
        E.HUMAN_OBSERVATIONAL,
        (30.0, 720.0),
        "Time constant of osteocyte viability",
        "Tomkinson1998",
        False,
    ),
    (
        "osteocyte_rankl_share",
        0.7,
        "1",
        "Xiong J et al. Nat Med 2011;17:1235; Nakashima T et al. Nat Med 2011;17:1231",
        E.ANIMAL,
        (0.3, 0.9),
        "Share of RANKL supplied by osteocytes",
        "Xiong2011",
        False,
    ),
    (
        "osteocyte_apoptosis_rankl_gain",
        2.0,
        "1",
        "Aguirre JI et al. J Bone Miner Res 2006;21:605 (dying osteocytes recruit osteoclasts)",
        E.ANIMAL,
        (0.0, 5.0),
        "Rise of osteocyte RANKL per unit loss of osteocyte viability",
        "Aguirre2006",
        False,
    ),
    (
        "opg_binding",
        1.0,
        "1",
        "Lemaire 2004 Table 1 (k_O/k_-O ~ OPG/K_D of order 1)",
        E.FITTED,
        (0.2, 5.0),
        "Reference OPG relative to its RANKL dissociation constant",
        "Lemaire2004",
        False,
    ),
    (
        "rank_half",
        1.0,
        "1",
        "Lemaire 2004 Table 1 (K_LP)",
        E.FITTED,
        (0.2, 5.0),
        "Free RANKL (relative) at half-maximal RANK occupancy",
        "Lemaire2004",
        False,
    ),
    (
        "tgf_half",
        30.0,
        "1",
        "Pivonka P et al. Bone 2008;43:249, Table 2 (K_D1,TGF)",
        E.FITTED,
        (0.2, 50.0),
        "Resorption (relative) at half-maximal TGF-beta activation of precursors",
        "Pivonka2008",
        True,
    ),
    # --- Hormone actions on cells ----------------------------------------------
    (
        "rankl_estrogen_gain",
        0.8,
        "1",
        "Eghbali-Fatourechi G et al. J Clin Invest 2003;111:1221 (RANKL per marrow cell ~2-3x "
        "higher after menopause)",
        E.HUMAN_OBSERVATIONAL,
        (0.2, 4.0),
        "Rise of RANKL expression as the estrogen signal falls from 1 to 0",
        "EghbaliFatourechi2003",
        True,
    ),
    (
        "opg_estrogen_gain",
        0.5,
        "1",
        "Hofbauer LC et al. Endocrinology 1999;140:4367 (estrogen raises OPG in osteoblasts)",
        E.IN_VITRO,
        (0.0, 2.0),
        "Rise of OPG expression as the estrogen signal rises from 0 to 1",
        "Hofbauer1999",
        False,
    ),
    (
        "oc_apoptosis_estrogen_gain",
        0.5,
        "1",
        "Hughes DE et al. Nat Med 1996;2:1132 (estrogen promotes osteoclast apoptosis)",
        E.ANIMAL,
        (0.0, 2.0),
        "Rise of osteoclast death rate as the estrogen signal rises from 0 to 1",
        "Hughes1996",
        False,
    ),
    (
        "ocy_estrogen_gain",
        0.3,
        "1",
        "Tomkinson A et al. J Clin Endocrinol Metab 1997;82:3128 (osteocyte apoptosis after "
        "estrogen withdrawal)",
        E.HUMAN_OBSERVATIONAL,
        (0.0, 1.0),
        "Rise of osteocyte viability with the estrogen signal (0 to 1)",
        "Tomkinson1997",
        False,
    ),
    (
        "ob_androgen_gain",
        0.3,
        "1",
        "Kasperk CH et al. Endocrinology 1989;124:1576; Vanderschueren D et al. Endocr Rev "
        "2004;25:389 (androgen receptor on osteoblasts)",
        E.IN_VITRO,
        (0.0, 1.0),
        "Rise of precursor recruitment with the androgen signal (0 to 1)",
        "Vanderschueren2004",
        False,
    ),
    (
        "ob_progesterone_gain",
        0.05,
        "1",
        "Prior 1990; Seifert-Klauss V & Prior JC Endocr Rev 2010;31:24 (weak, contested). The "
        "pooled RCTs of Prior JC et al. J Musculoskelet Neuronal Interact 2017;17:146 (EPT - ET "
        "spine +0.68%/year) imply about 1.1 (scripts/refit_progestin.py), not adopted: with the "
        "current estrogen response every estrogen + progestin arm then overshoots (PEPI, WHI)",
        E.ASSUMED,
        (0.0, 3.0),
        "Rise of precursor recruitment with the progesterone signal (0 to 1)",
        "Prior1990",
        False,
    ),
    (
        "ob_igf1_exponent",
        0.6,
        "1",
        "Canalis E Endocr Rev 1993;14:3; Langlois JA et al. JCEM 1998;83:4257 (IGF-1 and BMD in the "
        "elderly); IGF-1 acts mainly on recruitment (issue 9): value refitted with the BMU balance "
        "on gh-replacement-meta by scripts/refit_bmu_balance.py (0.1 before, when IGF-1 on "
        "matrix synthesis carried GH's effect)",
        E.HUMAN_OBSERVATIONAL,
        (0.0, 0.8),
        "Power of IGF-1 (relative) on precursor recruitment",
        "Canalis1993",
        False,
    ),
    (
        "collagen_igf1_exponent",
        0.045,
        "1",
        "Canalis 1993 (IGF-1 stimulates type I collagen synthesis, in vitro); bounded in vivo "
        "by Bravenboer N et al. Bone 1996;18:551 (adult GH-deficient men, IGF-1 about a third "
        "to a half of normal, have normal trabecular bone volume on biopsy: a wall deficit of "
        "5 % or more, i.e. an exponent above 0.05, is not seen); value chosen with "
        "ob_igf1_exponent on gh-replacement-meta by scripts/refit_bmu_balance.py",
        E.HUMAN_OBSERVATIONAL,
        (0.0, 0.05),
        "Power of IGF-1 (relative) on matrix synthesis per osteoblast (the BMU wall)",
        "Canalis1993",
        False,
    ),
    (
        "ob_cortisol_exponent",
        0.8,
        "1",
        "Canalis E et al. Osteoporos Int 2007;18:1319 (glucocorticoids suppress osteoblasts)",
        E.HUMAN_OBSERVATIONAL,
        (0.0, 2.0),
        "Power of cortisol (relative) suppressing precursor recruitment",
        "Canalis2007",
        False,
    ),
    (
        "rankl_cortisol_exponent",
        0.3,
        "1",
        "Hofbauer LC et al. Endocrinology 1999;140:4382 (glucocorticoids raise RANKL, lower OPG)",
        E.IN_VITRO,
        (0.0, 1.0),
        "Power of cortisol (relative) raising RANKL",
        "Hofbauer1999b",
        False,
    ),
    # focal_imbalance_estrogen / _age: replaced by the BMU balance, see
    # osteon.physiology.remodeling.records (erosion_depth_estrogen, wall_thickness_age)
    # --- Mechanostat -------------------------------------------------------------
    (
        "density_stress_exponent",
        2.0,
        "1",
        "Carter DR & Hayes WC J Bone Joint Surg Am 1977;59:954; Beaupré 1990 eq. 3",
        E.HUMAN_OBSERVATIONAL,
        (1.0, 3.0),
        "Power of density in tissue stress for a fixed load",
        "Carter1977",
        False,
    ),
    (
        "mech_anabolic_gain",
        2.0,
        "1",
        "Scheiner S et al. Int J Numer Meth Biomed Eng 2013;29:1069 (lambda, eq. 29)",
        E.FITTED,
        (0.1, 5.0),
        "Precursor recruitment per unit relative overload from density lost at habitual or "
        "lower load (load above the habitual acts through mech_modeling_gain)",
        "Scheiner2013",
        True,
    ),
    (
        "mech_catabolic_gain",
        0.5,
        "1",
        "Scheiner 2013 (kappa, eq. 31)",
        E.FITTED,
        (0.1, 5.0),
        "RANKL rise per unit relative underload",
        "Scheiner2013",
        True,
    ),
    (
        "mech_setpoint_sex_exponent",
        0.05,
        "1",
        "Frost HM Anat Rec 1987;219:1; Lee K et al. Nature 2003;424:389 (ER-alpha needed for the "
        "strain response)",
        E.FITTED,
        (0.0, 1.0),
        "Power of the sex-steroid signal setting the mechanostat set point",
        "Frost1987",
        True,
    ),
    (
        "mech_sensitivity_sex_exponent",
        2.0,
        "1",
        "Lee 2003 (ER-alpha knockout: loading response cut by about two thirds); Li CY et al. Calcif "
        "Tissue Int 2003;72:42 (estrogen-exercise synergy in ovariectomized rats)",
        E.ANIMAL,
        (0.5, 3.0),
        "Power of the sex-steroid signal scaling the anabolic mechanostat gain",
        "Lee2003",
        True,
    ),
    (
        "mech_modeling_gain",
        0.15,
        "1",
        "Scheiner S et al. Int J Numer Meth Biomed Eng 2013;29:1069 (lambda, eq. 29); fitted on "
        "the sex-steroid contrasts of training trials by scripts/training_contrasts.py (issue 9)",
        E.FITTED,
        (0.05, 2.5),
        "Osteoblast recruitment onto quiescent surfaces per unit of loaded stimulus above the "
        "modeling threshold (range: Scheiner's 0.1-5 per unit strain energy density, halved "
        "for Carter's psi**4, the square of strain energy density)",
        "Scheiner2013",
        True,
    ),
    (
        "mech_modeling_threshold_estrogen",
        6.0,
        "1",
        "Frost HM J Bone Miner Res 1999;14:1473 (estrogen lowers the mechanostat thresholds); "
        "Lee K et al. Nature 2003;424:389 (ER-alpha needed for the strain response); fitted on "
        "Bassey EJ et al. J Bone Miner Res 1998;13:1805 (jumping: premenopausal femur +2.8 % in 5 "
        "months, postmenopausal no effect at 12 months), LIFTMOR, the Cochrane resistance "
        "meta-analysis and men's meta-analyses by scripts/training_contrasts.py",
        E.FITTED,
        (0.0, 30.0),
        "Modeling threshold above the set point (relative stimulus psi**4) with no "
        "estrogen-receptor occupancy, falling linearly to 0 at full occupancy; 30 is a psi "
        "ratio of 2.3, Frost's modeling threshold over habitual peak strains",
        "Frost1999",
        True,
    ),
    (
        "mech_androgen_weight",
        0.3,
        "1",
        "Vanderschueren 2004 (androgen receptor mediates part of the male skeletal mechanoresponse)",
        E.ANIMAL,
        (0.0, 0.6),
        "Weight of the androgen signal in mechanostat sensitivity",
        "Vanderschueren2004",
        False,
    ),
    (
        "mech_smoothing",
        0.02,
        "1",
        "Numerical choice (smooth lazy-zone edge)",
        E.ASSUMED,
        (0.001, 0.1),
        "Width of the smooth kink in the mechanostat response",
        "Osteon",
        False,
    ),
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


# Pathway modules that contribute records of their own (interventions, nutrition...).
# Each exposes ``RECORDS``: a list of tuples in the format of ``_RECORDS`` above.
RECORD_MODULES = (
    "osteon.physiology.pharmacology.records",
    "osteon.physiology.mechanics.training_records",
    "osteon.physiology.mechanics.unloading",
    "osteon.physiology.nutrition.records",
    "osteon.physiology.calcium.records",
    "osteon.physiology.remodeling.records",
)


def _all_records() -> list[tuple]:
    import importlib

    records = list(_RECORDS)
    for mod in RECORD_MODULES:
        try:
            records.extend(importlib.import_module(mod).RECORDS)
        except ModuleNotFoundError as err:
            if err.name is None or not mod.startswith(err.name):
                raise
    return records


def _build(name: str, overrides: dict[str, float] | None = None) -> ParameterSet:
    overrides = overrides or {}
    recs = {}
    for pname, value, units, source, ev, rng, desc, group, calibrated in _all_records():
        if pname in recs:
            raise ValueError(f"parameter {pname!r} is defined twice")
        v = overrides.get(pname, value)
        src = source
        if pname in overrides:
            src = source + "; value fitted by scripts/calibrate.py (osteon/parameters/calibrated.json)"
        recs[pname] = Parameter(
            pname, float(v), units, src, ev, rng, desc, group, calibrated or pname in overrides
        )
    return ParameterSet(name, recs)


def _calibrated_overrides() -> dict[str, float]:
    try:
        text = resources.files("osteon.parameters").joinpath("calibrated.json").read_text()
    except (FileNotFoundError, ModuleNotFoundError):
        return {}
    data = json.loads(text)
    return {k: float(v) for k, v in data.get("values", {}).items()}


def uncalibrated_parameters() -> ParameterSet:
    """The literature starting values, before calibration."""
    return _build("Osteon2026-uncalibrated")


def default_parameters() -> ParameterSet:
    """The default parameter set ``Osteon2026`` (calibrated where stated).

    >>> ps = default_parameters()
    >>> ps.name
    'Osteon2026'
    >>> ps.record("estrogen_ec50").units
    'pg/mL'
    """
    return _build("Osteon2026", _calibrated_overrides())
