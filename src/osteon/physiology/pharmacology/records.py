"""Parameter records of all pharmacology modules.

Same tuple format as ``_RECORDS`` in :mod:`osteon.parameters.default`::

    (name, value, units, source, evidence, (low, high), description, group, calibrated)

:mod:`osteon.parameters.default` loads :data:`RECORDS` (it is listed in
``RECORD_MODULES``). The sex-hormone section is kept here; the GH axis,
glucocorticoid and bone-drug records live in
``osteon.physiology.pharmacology.records_other`` (``RECORDS_OTHER``) and are
appended when that module exists.
"""

from __future__ import annotations

from osteon.parameters.records import Evidence as E

# --- sex hormones -------------------------------------------------------------------------
# Serum levels are steady-state averages over a dosing interval; "E2-equivalent" is the serum
# estradiol with the same bone effect (used for conjugated estrogens and ethinylestradiol).
RECORDS_SEX_HORMONES: list[tuple] = [
    # Estrogens: levels at standard doses (Kuhl 2005), linear in dose at low doses.
    ("estradiol_oral_level_per_mg", 40.0, "(pg/mL)/(mg/day)",
     "Kuhl H. Climacteric 2005;8 Suppl 1:3-63, section on oral estradiol (1 mg/day -> 30-50 "
     "pg/mL, 2 mg/day -> 50-180 pg/mL; 0.5 mg/day -> about 15-25 pg/mL above background)",
     E.HUMAN_OBSERVATIONAL, (20.0, 70.0),
     "Rise of serum estradiol per mg/day of oral micronized estradiol", "Kuhl2005", False),
    # A transdermal system delivers into the circulation at a constant rate, so the rise of
    # serum estradiol is the delivery rate over estradiol's metabolic clearance rate (MCR).
    ("estradiol_transdermal_level_per_ug", 0.74, "(pg/mL)/(ug/day)",
     "Delivery rate over estradiol's metabolic clearance rate; geometric mean of Menostar "
     "prescribing information (14 ug/day, women aged 60-80: Cavg 13.7 pg/mL over a background "
     "of about 4.8, 0.64 per ug/day), the MCR of estradiol (740 L/day/m2, 3H-estradiol pulse "
     "injections in normal women; 0.80 per ug/day at 1.7 m2) and Kuhl 2005 (50 ug/day -> "
     "40-60 pg/mL over a background of about 10; 0.80), by "
     "scripts/refit_transdermal_estradiol.py (1.0 before: the background was not taken off); "
     "Ettinger B et al. Obstet Gynecol 2004;104:443 (sensitive assay, 4.8 -> 8.5 pg/mL on 14 "
     "ug/day: 0.26, a lower bound, not used)",
     E.HUMAN_OBSERVATIONAL, (0.25, 1.6),
     "Rise of serum estradiol per ug/day delivered by a transdermal system (delivery rate "
     "over the metabolic clearance rate)", "Kuhl2005", False),
    ("conjugated_estrogens_level_per_mg", 80.0, "(pg/mL)/(mg/day)",
     "Kuhl 2005 (CEE 0.625 mg/day equivalent to oral estradiol 1-2 mg/day, about 40-60 pg/mL "
     "E2-equivalent including equilin and estrone sulfate)", E.HUMAN_OBSERVATIONAL, (50.0, 110.0),
     "Rise of E2-equivalent serum estrogen per mg/day of oral conjugated equine estrogens",
     "Kuhl2005", False),
    ("estradiol_valerate_e2_fraction", 0.764, "1",
     "Molar masses of estradiol (272.4 g/mol) and estradiol valerate (356.5 g/mol); Kuhl 2005 "
     "(1 mg estradiol valerate ~ 0.76 mg estradiol)", E.HUMAN_OBSERVATIONAL, (0.70, 0.80),
     "Estradiol delivered per mg of estradiol valerate", "Kuhl2005", False),
    ("estradiol_oral_halflife", 0.7, "day",
     "Kuhl 2005 (oral estradiol: elimination half-life 13-20 h through the estrone sulfate pool)",
     E.HUMAN_OBSERVATIONAL, (0.4, 1.5), "Elimination half-life of estradiol after oral doses",
     "Kuhl2005", False),
    ("estradiol_oral_absorption_halflife", 0.1, "day",
     "Kuhl 2005 (serum estradiol peaks 4-8 h after an oral dose)", E.HUMAN_OBSERVATIONAL,
     (0.02, 0.3), "Absorption half-life of oral estradiol and conjugated estrogens", "Kuhl2005",
     False),
    ("estradiol_transdermal_washout_halflife", 0.25, "day",
     "Kuhl 2005 (serum estradiol back to baseline within 12-24 h of removing a patch)",
     E.HUMAN_OBSERVATIONAL, (0.05, 1.0),
     "Half-life of the estradiol fall after a transdermal system is removed", "Kuhl2005", False),
    ("conjugated_estrogens_halflife", 1.1, "day",
     "Premarin prescribing information, pharmacokinetics table (baseline-adjusted total estrone "
     "half-life about 27 h)", E.HUMAN_OBSERVATIONAL, (0.4, 2.0),
     "Elimination half-life of the estrogen pool after oral conjugated estrogens",
     "Premarin", False),
    # Progestogens.
    ("progesterone_oral_level_per_100mg", 2.2, "(ng/mL)/(100 mg/day)",
     "Simon JA et al. Fertil Steril 1993;60:26 and Prometrium prescribing information (200 mg: "
     "Cmax ~38 ng/mL, AUC 0-10 h ~100 ng*h/mL, i.e. a 24-h mean of about 4-5 ng/mL)",
     E.HUMAN_OBSERVATIONAL, (1.0, 5.0),
     "24-hour mean serum progesterone per 100 mg/day of oral micronized progesterone",
     "Simon1993", False),
    ("progesterone_oral_halflife", 0.7, "day",
     "Simon 1993; Kuhl 2005 (oral progesterone and its metabolites cleared within about a day)",
     E.HUMAN_OBSERVATIONAL, (0.2, 1.5), "Elimination half-life after oral micronized progesterone",
     "Simon1993", False),
    ("medroxyprogesterone_progesterone_potency", 50.0, "mg progesterone/mg",
     "Kuhl 2005, table of endometrial transformation doses per cycle (oral progesterone about "
     "4200 mg, medroxyprogesterone acetate about 80 mg)", E.HUMAN_OBSERVATIONAL, (20.0, 100.0),
     "Oral progesterone dose with the progesterone-receptor effect of 1 mg of MPA", "Kuhl2005",
     False),
    ("norethisterone_progesterone_potency", 40.0, "mg progesterone/mg",
     "Kuhl 2005, table of endometrial transformation doses per cycle (norethisterone (acetate) "
     "about 100-150 mg vs oral progesterone about 4200 mg)", E.HUMAN_OBSERVATIONAL, (15.0, 150.0),
     "Oral progesterone dose with the progesterone-receptor effect of 1 mg of NETA", "Kuhl2005",
     False),
    ("medroxyprogesterone_halflife", 1.0, "day",
     "Kuhl 2005 (oral MPA elimination half-life about 12-33 h)", E.HUMAN_OBSERVATIONAL,
     (0.4, 3.0), "Elimination half-life of oral medroxyprogesterone acetate", "Kuhl2005", False),
    ("norethisterone_halflife", 0.35, "day",
     "Kuhl 2005 (norethisterone elimination half-life about 8 h)", E.HUMAN_OBSERVATIONAL,
     (0.15, 1.0), "Elimination half-life of norethisterone after oral NETA", "Kuhl2005", False),
    ("norethisterone_ethinylestradiol_per_mg", 5.0, "ug EE/mg",
     "Kuhnz W et al. Contraception 1997;56:379 (0.7-1.0% converted, about 6 ug oral EE per mg "
     "NETA); Chu MC et al. J Clin Endocrinol Metab 2007;92:2205 (0.20-0.33%); discussed by "
     "Kuhl 2005", E.HUMAN_OBSERVATIONAL, (2.0, 10.0),
     "Ethinylestradiol formed from oral norethisterone acetate, as an oral EE dose equivalent",
     "Kuhnz1997", False),
    ("ethinylestradiol_e2_equivalent_per_ug", 7.0, "(pg/mL)/(ug/day)",
     "Speroff L et al. JAMA 1996;276:1397 (CHART: EE 5 ug/day with NETA 1 mg preserves spine BMD "
     "like standard hormone therapy); Kuhl 2005 (oral EE a few ug ~ oral E2 1 mg on bone): "
     "5 ug ~ 35 pg/mL E2", E.HUMAN_RCT, (3.0, 15.0),
     "Serum estradiol with the bone effect of 1 ug/day oral ethinylestradiol", "Speroff1996",
     True),
    # Testosterone: dose -> level through clearance, ester content, bioavailability.
    ("testosterone_clearance_male", 1390.0, "L/day",
     "Coviello AD et al. J Clin Endocrinol Metab 2006;91:4669, abstract (apparent MCR 1390 +/- 69 "
     "L/day in men aged 59-75, 1821 +/- 102 in men aged 19-35, weekly enanthate with GnRH-agonist "
     "suppression); Saez JM et al. J Clin Invest 1972;51:1226 (516 L/m2/day)",
     E.HUMAN_OBSERVATIONAL, (800.0, 2000.0),
     "Metabolic clearance rate of testosterone in men at testosterone_clearance_reference_age",
     "Coviello2006", False),
    ("testosterone_clearance_reference_age", 67.0, "year",
     "Coviello 2006 (older group aged 59-75: midpoint)", E.HUMAN_OBSERVATIONAL, (59.0, 75.0),
     "Age at which testosterone_clearance_male was measured", "Coviello2006", False),
    ("testosterone_clearance_male_age_slope", 10.8, "(L/day)/year",
     "Coviello 2006 ((1821 - 1390) L/day over the 40 years between the midpoints of the young, "
     "19-35, and older, 59-75, groups; aMCR correlated negatively with age, P = 0.0007)",
     E.HUMAN_OBSERVATIONAL, (0.0, 20.0),
     "Rise of men's testosterone clearance per year younger than the reference age (clearance "
     "held within 800-2000 L/day)", "Coviello2006", False),
    ("testosterone_clearance_female", 550.0, "L/day",
     "Saez 1972 (women 304 L/m2/day, about 520-550 L/day)", E.HUMAN_OBSERVATIONAL,
     (300.0, 900.0), "Metabolic clearance rate of testosterone in women", "Saez1972", False),
    ("testosterone_cypionate_fraction", 0.699, "1",
     "Molar masses of testosterone (288.4 g/mol) and testosterone cypionate (412.6 g/mol)",
     E.HUMAN_OBSERVATIONAL, (0.69, 0.71), "Testosterone per mg of testosterone cypionate",
     "Osteon", False),
    ("testosterone_enanthate_fraction", 0.720, "1",
     "Molar masses of testosterone (288.4 g/mol) and testosterone enanthate (400.6 g/mol)",
     E.HUMAN_OBSERVATIONAL, (0.71, 0.73), "Testosterone per mg of testosterone enanthate",
     "Osteon", False),
    ("testosterone_cypionate_depot_halflife", 8.0, "day",
     "Depo-Testosterone prescribing information (half-life about 8 days after IM injection); "
     "Schulte-Beerbuhl M, Nieschlag E. Fertil Steril 1980;33:201 (cypionate and enanthate "
     "profiles similar)", E.HUMAN_OBSERVATIONAL, (3.0, 12.0),
     "Release half-life of the intramuscular testosterone cypionate depot", "DepoTestosterone",
     False),
    ("testosterone_enanthate_depot_halflife", 4.5, "day",
     "Behre HM, Nieschlag E. In: Testosterone: Action, Deficiency, Substitution, 2nd ed. "
     "Springer 1998 (enanthate apparent half-life 4.5 days)", E.HUMAN_OBSERVATIONAL, (3.0, 10.0),
     "Release half-life of the intramuscular testosterone enanthate depot", "Behre1998", False),
    ("testosterone_ester_rise_halflife", 0.7, "day",
     "Snyder PJ, Lawrence DA. J Clin Endocrinol Metab 1980;51:1335 (levels peak 1-2 days after "
     "an enanthate injection)", E.HUMAN_OBSERVATIONAL, (0.2, 2.0),
     "Half-life of the initial release phase of an ester injection (sets the time of the peak)",
     "Snyder1980", False),
    ("testosterone_gel_bioavailability", 0.237, "1",
     "Swerdloff RS et al. J Clin Endocrinol Metab 2000;85:4500, abstract (1% gel, 227 "
     "hypogonadal men: 9-14% of the applied testosterone bioavailable; Cavg on 100 mg/day 1.4 "
     "times that on 50 mg/day), by scripts/refit_testosterone_gel.py (0.10 for every dose "
     "before); AndroGel prescribing information (about 10% absorbed at 50-100 mg/day)",
     E.HUMAN_OBSERVATIONAL, (0.10, 0.40),
     "Share of applied gel testosterone absorbed at small applied doses (it falls as "
     "1 / (1 + D / testosterone_gel_saturation_dose))", "Swerdloff2000", False),
    ("testosterone_gel_saturation_dose", 66.7, "mg/day",
     "Swerdloff 2000 (doubling the applied dose from 50 to 100 mg/day raised Cavg 1.4-fold), by "
     "scripts/refit_testosterone_gel.py; checked against Finkelstein JS et al. N Engl J Med "
     "2013;369:1011 (1.25 and 2.5 g of 1% gel in GnRH-suppressed young men: 191 and 337 ng/dL)",
     E.HUMAN_OBSERVATIONAL, (30.0, 200.0),
     "Applied gel dose (mg testosterone/day) at which the absorbed share has halved (less than "
     "dose-proportional absorption)", "Swerdloff2000", False),
    ("testosterone_gel_depot_halflife", 1.0, "day",
     "AndroGel prescribing information (levels back to baseline 48-72 h after the last "
     "application); Swerdloff 2000 (modest fluctuation over the day)", E.HUMAN_OBSERVATIONAL,
     (0.3, 2.0), "Half-life of the skin reservoir: the rise of gel testosterone to steady state "
     "and its washout after the last application (within a day delivery is nearly constant)",
     "Swerdloff2000", False),
    ("testosterone_plasma_halflife", 0.05, "day",
     "Androderm prescribing information (apparent half-life about 70 min after patch removal)",
     E.HUMAN_OBSERVATIONAL, (0.01, 0.2),
     "Half-life of serum testosterone once its input stops (patch washout)", "Androderm", False),
    ("testosterone_titration_halflife", 21.0, "day",
     "Snyder PJ et al. N Engl J Med 2016;374:611 (TTrials: gel dose adjusted at months 1, 2, 3, "
     "6 and 9 to keep levels at 500-800 ng/dL)", E.HUMAN_OBSERVATIONAL, (7.0, 90.0),
     "Half-time of reaching a titrated testosterone target", "Snyder2016", False),
    ("testosterone_titrated_injection_interval", 7.0, "day",
     "Bhasin S et al. J Clin Endocrinol Metab 2018;103:1715 (Endocrine Society guideline: "
     "cypionate or enanthate 75-100 mg weekly or 150-200 mg every 2 weeks)",
     E.HUMAN_OBSERVATIONAL, (7.0, 14.0),
     "Injection interval assumed when an intramuscular ester is titrated to a target level",
     "Bhasin2018", False),
    # Feedback of exogenous testosterone on the men's LH/FSH drive.
    ("testosterone_feedback_ed50", 300.0, "ng/dL",
     "Matsumoto AM. J Clin Endocrinol Metab 1990;70:282 (enanthate 50 mg/week halves LH, FSH "
     "and sperm output in young normal men: about 300 ng/dL exogenous average at the clearance "
     "of men near 30, about 1750 L/day by Coviello 2006; 430 ng/dL when 1300 L/day was used)",
     E.HUMAN_RCT,
     (200.0, 800.0),
     "Exogenous testosterone (interval average) halving the suppressible endogenous production",
     "Matsumoto1990", False),
    ("testosterone_feedback_hill", 2.0, "1",
     "Matsumoto 1990 (100 mg/week suppresses about as fully as 300 mg/week: a steep curve)",
     E.HUMAN_RCT, (1.0, 4.0), "Hill coefficient of feedback suppression", "Matsumoto1990", False),
    ("testosterone_endogenous_residual", 0.05, "1",
     "Matsumoto 1990; WHO Task Force on Methods for the Regulation of Male Fertility. Lancet "
     "1990;336:955 (LH and FSH undetectable on enanthate 200 mg/week)", E.HUMAN_OBSERVATIONAL,
     (0.0, 0.3), "Share of endogenous testosterone production left under full suppression",
     "Matsumoto1990", False),
    ("hpg_suppression_halflife", 7.0, "day",
     "Matsumoto 1990 (LH and FSH fall within the first weeks of weekly enanthate)",
     E.HUMAN_OBSERVATIONAL, (2.0, 21.0),
     "Half-time of the fall of endogenous testosterone once exogenous testosterone is present",
     "Matsumoto1990", False),
    ("hpg_recovery_halflife", 30.0, "day",
     "Liu PY et al. Lancet 2006;367:1412 (gonadal axis recovers over weeks to months after "
     "hormonal male contraception)", E.HUMAN_OBSERVATIONAL, (7.0, 180.0),
     "Half-time of the recovery of endogenous testosterone after exogenous testosterone stops",
     "Liu2006", False),
    ("aromatization_ratio_female", 0.01, "(pg/mL)/(ng/dL)",
     "Longcope C et al. J Clin Endocrinol Metab 1969;29:1134 (plasma testosterone -> estradiol "
     "conversion 0.15% in women vs 0.39% in men), scaled from aromatization_ratio",
     E.HUMAN_OBSERVATIONAL, (0.003, 0.03),
     "Serum estradiol made by aromatase per unit of added testosterone (women)", "Longcope1969",
     False),
    # Aromatase inhibitors.
    ("anastrozole_aromatase_blockade", 0.973, "1",
     "Geisler J et al. J Clin Oncol 2002;20:751 (1 mg/day: 97.3% inhibition of whole-body "
     "aromatization)", E.HUMAN_RCT, (0.9, 0.995),
     "Fraction of aromatization blocked by anastrozole 1 mg/day (postmenopausal women)",
     "Geisler2002", False),
    ("letrozole_aromatase_blockade", 0.991, "1",
     "Geisler 2002 (2.5 mg/day: >99.1% inhibition of whole-body aromatization)", E.HUMAN_RCT,
     (0.97, 0.999),
     "Fraction of aromatization blocked by letrozole 2.5 mg/day (postmenopausal women)",
     "Geisler2002", False),
    ("estradiol_aromatized_share_postmenopausal", 0.95, "1",
     "Dixon JM et al. J Clin Oncol 2008;26:1671, abstract (highly sensitive RIA: residual E2 "
     "10.1% on anastrozole, 5.9% on letrozole, so at least 1 - 0.059/0.991 = 0.94 of it needs "
     "aromatase); Geisler 2002 (plasma E2 -84.9% and -87.8% with a less sensitive assay: a lower "
     "bound)", E.HUMAN_RCT, (0.75, 1.0),
     "Share of extragonadal estradiol in women that depends on ongoing aromatization",
     "Geisler2002", False),
    ("anastrozole_blockade_male", 0.6, "1",
     "Leder BZ et al. J Clin Endocrinol Metab 2004;89:1174 (1 mg/day: T 343->572 ng/dL, E2 "
     "26->17 pg/mL) and Burnett-Bowie SM et al. Clin Endocrinol 2009;70:116 (T +63%, E2 -24%), "
     "solved for b in E2 = E2_nonaromatized + (1 - b) * ratio * T", E.HUMAN_RCT, (0.3, 0.9),
     "Effective fraction of men's aromatization blocked by anastrozole 1 mg/day", "Leder2004",
     False),
    ("letrozole_blockade_male", 0.82, "1",
     "T'Sjoen GG et al. J Clin Endocrinol Metab 2005;90:5717 (2.5 mg/day: E2 -46% in young, "
     "-62% in elderly men; T +146%, +99%), solved as for anastrozole", E.HUMAN_RCT, (0.5, 0.97),
     "Effective fraction of men's aromatization blocked by letrozole 2.5 mg/day", "TSjoen2005",
     False),
    ("anastrozole_testosterone_rise_male", 0.65, "1",
     "Leder 2004 (+67% total testosterone); Burnett-Bowie 2009 (+63%)", E.HUMAN_RCT, (0.3, 1.0),
     "Relative rise of men's endogenous testosterone under anastrozole 1 mg/day (less estrogen "
     "feedback on LH)", "Leder2004", False),
    ("letrozole_testosterone_rise_male", 1.2, "1",
     "T'Sjoen 2005 (+146% in young, +99% in elderly men)", E.HUMAN_RCT, (0.5, 2.0),
     "Relative rise of men's endogenous testosterone under letrozole 2.5 mg/day", "TSjoen2005",
     False),
    ("anastrozole_standard_dose", 1.0, "mg/day", "Arimidex prescribing information",
     E.HUMAN_RCT, (1.0, 1.0), "Dose at which the anastrozole blockade figures were measured",
     "Geisler2002", False),
    ("letrozole_standard_dose", 2.5, "mg/day", "Femara prescribing information", E.HUMAN_RCT,
     (2.5, 2.5), "Dose at which the letrozole blockade figures were measured", "Geisler2002",
     False),
    ("anastrozole_ed50", 0.05, "mg/day",
     "Plourde PV et al. Breast Cancer Res Treat 1994;30:103 (0.5 and 1 mg/day suppress estradiol "
     "alike); Leder 2004 (1 mg twice weekly lowers estradiol as much as 1 mg daily)",
     E.HUMAN_OBSERVATIONAL, (0.005, 0.3),
     "Anastrozole dose rate giving half of its maximal aromatase blockade", "Plourde1994", False),
    ("letrozole_ed50", 0.05, "mg/day",
     "Dowsett M et al. Clin Cancer Res 1995;1:1511 (0.1-5 mg/day near-maximal estrogen "
     "suppression)", E.HUMAN_OBSERVATIONAL, (0.005, 0.5),
     "Letrozole dose rate giving half of its maximal aromatase blockade", "Dowsett1995", False),
    ("anastrozole_halflife", 2.0, "day",
     "Arimidex prescribing information (terminal half-life about 50 h)", E.HUMAN_OBSERVATIONAL,
     (1.0, 4.0), "Elimination half-life of anastrozole", "Arimidex", False),
    ("letrozole_halflife", 2.0, "day",
     "Femara prescribing information (terminal half-life about 2 days)", E.HUMAN_OBSERVATIONAL,
     (1.0, 5.0), "Elimination half-life of letrozole", "Femara", False),
    # Gonadorelin.
    ("gonadorelin_restoration", 0.5, "1",
     "Assumption (no human data on bone or on serum levels of this regimen): exogenous GnRH "
     "keeps the pituitary LH/FSH drive (GnRH-pump therapy: Hoffman AR, Crowley WF. N Engl J Med "
     "1982;307:1237) but testosterone, through aromatization, still suppresses LH at the "
     "pituitary (Pitteloud N et al. J Clin Endocrinol Metab 2008;93:784), so only part of the "
     "pre-therapy production is kept; midpoint of 0-1", E.ASSUMED, (0.0, 1.0),
     "Share of the pre-therapy endogenous testosterone that gonadorelin maintains during "
     "testosterone therapy (an upper bound on what it keeps; it never adds above pre-therapy)",
     "Hoffman1982", False),
]

# --- GH axis, glucocorticoids, bone drugs ---------------------------------------------------
# Owned by another module (records_other.py, exporting RECORDS_OTHER); appended when present.
try:
    from osteon.physiology.pharmacology.records_other import RECORDS_OTHER
except ModuleNotFoundError as _err:  # pragma: no cover - depends on the other module
    if _err.name != "osteon.physiology.pharmacology.records_other":
        raise
    RECORDS_OTHER = []

# --- drugs declared one module each (bisphosphonates, SERMs, romosozumab, GnRH agonists) ----
from osteon.physiology.pharmacology.registry import records as _registered_records  # noqa: E402

RECORDS: list[tuple] = [*RECORDS_SEX_HORMONES, *RECORDS_OTHER, *_registered_records()]
"""All pharmacology records (loaded by :mod:`osteon.parameters.default`)."""

__all__ = ["RECORDS", "RECORDS_OTHER", "RECORDS_SEX_HORMONES"]
