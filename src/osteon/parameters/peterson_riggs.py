"""The ``PetersonRiggs2010`` parameter set: the calcium - PTH - vitamin D - bone model.

Every constant of Peterson MC & Riggs MM, Bone 2010;46:49-63, as curated in
BioModels BIOMD0000000613 (CC0), is a :class:`~osteon.parameters.Parameter`
here with a readable name; the SBML identifier is kept in :data:`SBML_ID` so that
a test can set the same value in the reference implementation. Time is in hours,
calcium and phosphate in mmol, PTH and calcitriol in pmol, bone cells and
RANKL/RANK/OPG in pmol/L (pM), as in the SBML.

Evidence grades follow the paper: constants of the calcium homeostasis part come
from the literature it cites (Raposo JF et al. J Clin Endocrinol Metab
2002;87:4330 for the renal, intestinal and gland kinetics; Lemaire V et al.
J Theor Biol 2004;229:293 for the bone cells and RANKL-RANK-OPG), while the many
``Emax``/``gamma``/fraction constants were fitted by the authors to clinical data
(hypo- and hyperparathyroidism, renal insufficiency, teriparatide, denosumab).
The paper gives no uncertainty for its fitted constants; their plausible range is
a factor of three either side of the published estimate (fractions stay in
[0, 1]), which is a statement of ignorance, not a confidence interval.

Values that the SBML derives from others (the baseline RANK-RANKL complex, the
hydroxylase activity, the EC50s that put the model in steady state) are not
parameters: :mod:`osteon.physiology.calcium.system` derives them.

Three SBML parameters are read by no equation of BIOMD0000000613 and are not
records here: ``koutTGFGam``, ``LsurvOCCgam`` and ``TERIKA``; ``RNKL0`` is an
initial-assignment alias of the baseline RANKL that nothing reads.

Osteon's extension (group ``OsteonCalciumExtension``): serum 25(OH)D as the
substrate of renal 1-alpha-hydroxylase and magnesium as its cofactor. Both
factors are exactly 1 at their reference values, so the published model is the
``PetersonRiggs2010`` configuration.
"""

from __future__ import annotations

from osteon.parameters.records import Evidence, Parameter, ParameterSet

E = Evidence
SOURCE = "Peterson & Riggs 2010 Bone 46:49; BIOMD0000000613"
GROUP = "PetersonRiggs2010"
TERIPARATIDE_MOLAR_MASS = 4117.8
"""g/mol of teriparatide (PTH 1-34), as the SBML's dose event uses it."""


def _fit(v: float) -> tuple[float, float]:
    """Plausible range of a fitted constant: a factor of three either side."""
    return (v / 3.0, v * 3.0) if v > 0 else (v * 3.0, v / 3.0)


def _frac(v: float) -> tuple[float, float]:
    return (0.0, 1.0)


# (name, SBML id, value, units, evidence, plausible range, description, source note)
_R = [
    # --- Extracellular fluid and reference levels -----------------------------------------
    ("ecf_volume", "V1", 14.0, "L", E.HUMAN_OBSERVATIONAL, (10.0, 20.0),
     "Extracellular fluid volume in which PTH, calcitriol, calcium and phosphate are dissolved "
     "(the SBML also writes it as the literal 14 in a few rules)", ""),
    ("reference_pth_concentration", "", 3.85, "pmol/L", E.HUMAN_OBSERVATIONAL, (1.0, 7.0),
     "Normal plasma PTH (53.9 pmol in 14 L) at which every PTH effect is normalised "
     "(a literal 3.85 in the SBML rules)", "literal in the rules"),
    ("reference_calcium_concentration", "", 2.35, "mmol/L", E.HUMAN_OBSERVATIONAL, (2.1, 2.6),
     "Normal plasma calcium at which the gland and renal effects are normalised "
     "(a literal 2.35 in the SBML rules)", "literal in the rules"),
    ("phosphate_threshold", "", 1.2, "mmol/L", E.HUMAN_OBSERVATIONAL, (0.8, 1.5),
     "Plasma phosphate above which phosphate suppresses 1-alpha-hydroxylase "
     "(a literal 1.2 in the SBML rules)", "literal in the rules"),
    ("bone_phosphate_to_calcium", "", 0.464, "mol/mol", E.HUMAN_OBSERVATIONAL, (0.4, 0.7),
     "Phosphate released or taken up with each mole of bone calcium (a literal 0.464 in "
     "the SBML)", "literal in the rules"),
    # --- Baseline state (initial values of the SBML species) --------------------------------
    ("baseline_pth", "PTH", 53.9, "pmol", E.HUMAN_OBSERVATIONAL, (20.0, 100.0),
     "Plasma PTH amount at baseline (3.85 pmol/L in the ECF)", ""),
    ("baseline_calcitriol", "B", 1260.0, "pmol", E.HUMAN_OBSERVATIONAL, (600.0, 2500.0),
     "Plasma calcitriol amount at baseline (90 pmol/L in the ECF)", ""),
    ("baseline_ecf_calcium", "P", 32.9, "mmol", E.HUMAN_OBSERVATIONAL, (28.0, 37.0),
     "Extracellular calcium at baseline (2.35 mmol/L in 14 L)", ""),
    ("baseline_ecf_phosphate", "ECCPhos", 16.8, "mmol", E.HUMAN_OBSERVATIONAL, (10.0, 25.0),
     "Extracellular phosphate at baseline (1.2 mmol/L in 14 L)", ""),
    ("baseline_gut_calcium", "T", 1.2375, "mmol", E.FITTED, _fit(1.2375),
     "Calcium in the intestinal absorptive pool at baseline", ""),
    ("baseline_gut_phosphate", "PhosGut", 0.839, "mmol", E.FITTED, _fit(0.839),
     "Phosphate in the intestinal absorptive pool at baseline", ""),
    ("baseline_intracellular_phosphate", "IntraPO", 3226.0, "mmol", E.HUMAN_OBSERVATIONAL,
     (1000.0, 10000.0), "Intracellular phosphate at baseline", ""),
    ("baseline_osteoclasts", "OC", 0.00115398, "pM", E.FITTED, _fit(0.00115398),
     "Active osteoclasts at baseline (also the reference of the osteoclast effects)", ""),
    ("baseline_osteoblasts", "OB", 0.00501324, "pM", E.FITTED, _fit(0.00501324),
     "Active osteoblasts at baseline (a constant species in the SBML: the reference of the "
     "osteoblast effects)", ""),
    ("baseline_responding_osteoblasts", "ROB1", 0.00104122, "pM", E.FITTED, _fit(0.00104122),
     "Responding (precursor) osteoblasts at baseline", ""),
    ("baseline_rankl", "L", 0.4, "pM", E.IN_VITRO, _fit(0.4), "Free RANKL at baseline",
     "after Lemaire 2004 J Theor Biol 229:293"),
    ("baseline_rank", "RNK", 10.0, "pM", E.IN_VITRO, _fit(10.0), "Free RANK at baseline",
     "after Lemaire 2004 J Theor Biol 229:293"),
    ("baseline_opg", "O", 4.0, "pM", E.IN_VITRO, _fit(4.0), "Free OPG at baseline",
     "after Lemaire 2004 J Theor Biol 229:293"),
    ("baseline_exchangeable_bone_calcium", "Q", 100.0, "mmol", E.HUMAN_OBSERVATIONAL,
     (30.0, 300.0), "Rapidly exchangeable bone calcium at baseline", ""),
    ("baseline_bone_calcium", "Qbone", 24900.0, "mmol", E.HUMAN_OBSERVATIONAL,
     (15000.0, 40000.0), "Non-exchangeable (mineralised) bone calcium at baseline (~1 kg)", ""),
    ("baseline_runx2", "RX2", 10.0, "1", E.ASSUMED, (1.0, 100.0),
     "Osteoblast RUNX2 signal at baseline (arbitrary units)", ""),
    ("baseline_creb", "CREB", 10.0, "1", E.ASSUMED, (1.0, 100.0),
     "Osteoblast CREB signal at baseline (arbitrary units)", ""),
    ("baseline_bcl2", "BCL2", 100.0, "1", E.ASSUMED, (10.0, 1000.0),
     "Osteoblast BCL2 signal at baseline (arbitrary units; RUNX2 x CREB)", ""),
    ("runx2_reference", "RUNX20", 10.0, "1", E.ASSUMED, (1.0, 100.0),
     "RUNX2 level at which the RUNX2 effect on osteoblast loss is normalised", ""),
    ("baseline_active_tgf_beta", "Pic0", 0.228142, "pM", E.FITTED, _fit(0.228142),
     "Active TGF-beta at baseline (reference of all TGF-beta effects; latent pool 1000x)", ""),
    # --- Parathyroid gland and PTH ----------------------------------------------------------
    ("pth_clearance", "T57", 100.0, "L/h", E.HUMAN_OBSERVATIONAL, (30.0, 300.0),
     "Plasma clearance of PTH (elimination rate T57/14 L, half-life ~6 min)", ""),
    ("pth_secretion_max", "T58", 6249.09, "pmol/h", E.FITTED, _fit(6249.09),
     "Maximal PTH secretion (at low calcium) of the full gland", "from Raposo 2002"),
    ("pth_secretion_calcium_hill", "T59", 11.7387, "1", E.FITTED, _fit(11.7387),
     "Steepness of the calcium-PTH secretion curve", "from Raposo 2002"),
    ("pth_secretion_min", "T61", 96.25, "pmol/h", E.FITTED, _fit(96.25),
     "Minimal PTH secretion (at high calcium) of the full gland", "from Raposo 2002"),
    ("pth_secretion_at_reference", "", 385.0, "pmol/h", E.HUMAN_OBSERVATIONAL, (100.0, 1000.0),
     "PTH secretion at the reference calcium (53.9 pmol x 100/14 per h; a literal 385 in the "
     "SBML)", "literal in the rules"),
    ("gland_pool_rate", "T70", 0.01, "1/h", E.FITTED, _fit(0.01),
     "Turnover rate of the gland's releasable PTH pool", "from Raposo 2002"),
    ("gland_pool_calcitriol_slope", "T71", 0.03, "L/pmol", E.FITTED, _fit(0.03),
     "Slope of the calcitriol tanh switch of the gland pool", "from Raposo 2002"),
    ("gland_pool_calcium_gamma", "ScaEffGam", 0.9, "1", E.FITTED, _fit(0.9),
     "Power of (reference/actual calcium) that shifts the calcitriol set point of the gland "
     "pool", ""),
    ("gland_pool_calcitriol_setpoint", "", 90.0, "pmol/L", E.HUMAN_OBSERVATIONAL, (40.0, 150.0),
     "Calcitriol at which the gland pool is balanced (a literal 90 in the SBML)",
     "literal in the rules"),
    ("gland_capacity_rate", "PTout", 0.0001604, "1/h", E.FITTED, _fit(0.0001604),
     "Turnover rate of the gland's maximal capacity (hyperplasia), ~6 months", ""),
    ("gland_capacity_calcitriol_max", "CtriolMax", 4.1029, "1", E.FITTED, _fit(4.1029),
     "Largest calcitriol effect on gland capacity growth", ""),
    ("gland_capacity_calcitriol_min", "CtriolMin", 0.9, "1", E.FITTED, _fit(0.9),
     "Smallest calcitriol effect on gland capacity growth", ""),
    ("gland_capacity_calcitriol_hill", "CtriolPTgam", 12.5033, "1", E.FITTED, _fit(12.5033),
     "Steepness of the calcitriol effect on gland capacity growth", ""),
    ("pth_sc_depot_rate", "", 0.693, "1/h", E.ASSUMED, (0.1, 5.0),
     "Absorption rate of the subcutaneous PTH depot fed by IPTHint (ln 2 per hour; a literal "
     "0.693 in the SBML)", "literal in the rules"),
    ("pth_infusion_rate", "IPTHinf", 0.0, "pmol/h", E.ASSUMED, (0.0, 10000.0),
     "Intravenous PTH infusion straight into plasma (0: none)", ""),
    ("pth_sc_input_rate", "IPTHint", 0.0, "pmol/h", E.ASSUMED, (0.0, 10000.0),
     "PTH input into the subcutaneous depot (0: none)", ""),
    # --- Teriparatide pharmacokinetics ------------------------------------------------------
    ("teriparatide_clearance", "TERICL", 94.3, "L/h", E.HUMAN_OBSERVATIONAL, (30.0, 300.0),
     "Apparent clearance of subcutaneous teriparatide; with its volume sets the first-order "
     "transfer from the injection site (TERICL/TERIVC = 0.71/h)", "from the Forteo label"),
    ("teriparatide_volume", "TERIVC", 133.0, "L", E.HUMAN_OBSERVATIONAL, (40.0, 400.0),
     "Apparent volume of subcutaneous teriparatide", "from the Forteo label"),
    ("teriparatide_dose", "teri_dose_mcg", 20.0, "ug", E.HUMAN_RCT, (0.0, 200.0),
     "Teriparatide dose per injection (each injection sets the depot to this amount)",
     "Neer RM et al. N Engl J Med 2001;344:1434"),
    # --- Calcitriol and 1-alpha-hydroxylase -------------------------------------------------
    ("calcitriol_elimination", "T69", 0.1, "1/h", E.HUMAN_OBSERVATIONAL, (0.03, 0.3),
     "Elimination rate of calcitriol (half-life ~7 h)", "from Raposo 2002"),
    ("hydroxylase_elimination", "T64", 0.05, "1/h", E.FITTED, _fit(0.05),
     "Turnover rate of renal 1-alpha-hydroxylase activity", "from Raposo 2002"),
    ("hydroxylase_synthesis", "T65", 6.3, "pmol/h^2", E.FITTED, _fit(6.3),
     "Baseline synthesis of 1-alpha-hydroxylase activity", "from Raposo 2002"),
    ("hydroxylase_pth_ec50", "T67", 1.54865, "pmol/L", E.FITTED, _fit(1.54865),
     "PTH concentration of half-maximal stimulation of 1-alpha-hydroxylase", ""),
    ("hydroxylase_pth_gamma", "AlphOHgam", 0.111241, "1", E.FITTED, _fit(0.111241),
     "Hill coefficient of the PTH stimulation of 1-alpha-hydroxylase", ""),
    ("hydroxylase_phosphate_gamma", "PO4inhPTHgam", 0.0, "1", E.FITTED, (0.0, 3.0),
     "Power of phosphate inhibiting the PTH drive of 1-alpha-hydroxylase (0: off)", ""),
    ("hydroxylase_phosphate_e0", "PhosEff0", 1.52493, "1", E.FITTED, _fit(1.52493),
     "Phosphate effect on hydroxylase at zero phosphate (hypophosphataemia stimulates)", ""),
    ("hydroxylase_phosphate_ec50", "PhosEff50", 1.3021, "mmol/L", E.FITTED, _fit(1.3021),
     "Phosphate concentration of half-maximal effect on hydroxylase", ""),
    ("hydroxylase_phosphate_hill", "PhosEffGam", 8.25229, "1", E.FITTED, _fit(8.25229),
     "Hill coefficient of the phosphate effect on hydroxylase", ""),
    # --- Gut ----------------------------------------------------------------------------------
    ("oral_calcium_intake", "OralCa", 24.055 / 24.0, "mmol/h", E.HUMAN_OBSERVATIONAL,
     (0.1, 4.0), "Dietary calcium intake (24 mmol/day, ~960 mg/day)", ""),
    ("oral_phosphate_intake", "OralPhos", 10.5 / 24.0, "mmol/h", E.HUMAN_OBSERVATIONAL,
     (0.1, 2.0), "Dietary phosphate intake (10.5 mmol/day reaching the model)", ""),
    ("phosphate_absorbed_fraction", "F12", 0.7, "1", E.HUMAN_OBSERVATIONAL, _frac(0.7),
     "Fraction of dietary phosphate entering the absorptive pool", "from Raposo 2002"),
    ("gut_phosphate_absorption_rate", "T52", 0.365, "1/h", E.FITTED, _fit(0.365),
     "Rate of phosphate absorption from the intestinal pool", "from Raposo 2002"),
    ("gut_calcium_active_max", "T28", 0.9, "1/h", E.FITTED, _fit(0.9),
     "Maximal rate of active (calcitriol-dependent) calcium absorption", "from Raposo 2002"),
    ("gut_calcium_baseline_pool", "T0", 1.58471, "mmol", E.FITTED, _fit(1.58471),
     "Intestinal calcium at which the active absorption is normalised", ""),
    ("gut_calcium_passive_rate", "T87", 0.0495, "1/h", E.FITTED, _fit(0.0495),
     "Rate of passive (paracellular) calcium absorption", "from Raposo 2002"),
    ("gut_absorption_max_fraction", "T77", 0.909359, "1", E.FITTED, _frac(0.909359),
     "Largest fraction of dietary calcium entering the absorptive pool", ""),
    ("gut_absorption_state_half", "T81", 0.75, "1", E.FITTED, _fit(0.75),
     "Absorption state of half-maximal calcium entry (also the Michaelis constant of active "
     "absorption, in mmol)", ""),
    ("gut_absorption_state_hill", "T80", 4.0, "1", E.FITTED, _fit(4.0),
     "Hill coefficient of the absorption state on calcium entry", ""),
    ("gut_state_rate_min", "T33", 0.003, "1/h", E.FITTED, _fit(0.003),
     "Slowest switching rate of the calcitriol-driven intestinal absorption state",
     "from Raposo 2002"),
    ("gut_state_rate_max", "T34", 0.037, "1/h", E.FITTED, _fit(0.037),
     "Fastest switching rate of the calcitriol-driven intestinal absorption state",
     "from Raposo 2002"),
    ("gut_state_calcitriol_ec50", "T35", 90.0, "pmol/L", E.FITTED, _fit(90.0),
     "Calcitriol of half-maximal intestinal absorption state", "from Raposo 2002"),
    ("gut_state_calcitriol_hill", "CaPOgam", 1.0, "1", E.FITTED, _fit(1.0),
     "Hill coefficient of calcitriol on the intestinal absorption state", ""),
    ("gut_active_reference_fraction", "", 0.17533, "1", E.FITTED, (0.05, 0.5),
     "Fractional saturation of active absorption at the reference pool (a literal 0.17533 in "
     "the SBML)", "literal in the rules"),
    # --- Kidney ---------------------------------------------------------------------------------
    ("glomerular_filtration_rate", "GFR", 100.0 / 16.667, "L/h", E.HUMAN_OBSERVATIONAL,
     (0.1, 12.0), "Glomerular filtration rate (100 mL/min)", ""),
    ("calcium_filtered_fraction", "", 0.3, "1", E.HUMAN_OBSERVATIONAL, (0.2, 0.7),
     "Fraction of plasma calcium filtered per volume of filtrate (0.6 x 0.5 in the SBML)",
     "literal in the rules"),
    ("calcium_reabsorption_ec50", "Reabs50", 1.57322, "mmol/L", E.FITTED, _fit(1.57322),
     "Calcium concentration of half-maximal active tubular reabsorption", ""),
    ("calcium_reabsorption_offset", "", 0.149997, "mmol/h", E.FITTED, (0.0, 1.0),
     "Offset of the maximal active reabsorption so that urinary calcium balances absorption "
     "at baseline (a literal 0.149997 in the SBML)", "literal in the rules"),
    ("reabsorption_pth_max", "T16", 1.06147, "1", E.FITTED, _fit(1.06147),
     "Largest PTH effect on active tubular calcium reabsorption", ""),
    ("urine_calcitriol_max", "T7", 2.0, "1", E.FITTED, _fit(2.0),
     "Largest calcitriol effect lowering urinary calcium", "from Raposo 2002"),
    ("urine_calcitriol_ec50", "T9", 90.0, "pmol/L", E.FITTED, _fit(90.0),
     "Calcitriol of half-maximal effect on urinary calcium", "from Raposo 2002"),
    ("phosphate_filtered_fraction", "", 0.88, "1", E.HUMAN_OBSERVATIONAL, (0.6, 1.0),
     "Filterable fraction of plasma phosphate (a literal 0.88 in the SBML)",
     "literal in the rules"),
    ("phosphate_reabsorption_max", "T46", 1.142, "mmol/L", E.FITTED, _fit(1.142),
     "Tubular maximum of phosphate reabsorption per litre of filtrate", "from Raposo 2002"),
    # --- Phosphate exchange -------------------------------------------------------------------
    ("phosphate_into_cells", "T49", 51.8, "L/h", E.FITTED, _fit(51.8),
     "Clearance of ECF phosphate into cells", "from Raposo 2002"),
    ("phosphate_out_of_cells", "T55", 0.019268, "1/h", E.FITTED, _fit(0.019268),
     "Rate of intracellular phosphate release to the ECF", "from Raposo 2002"),
    # --- Bone calcium pools -------------------------------------------------------------------
    ("bone_calcium_turnover", "CaDay", 88.0, "mmol/day", E.HUMAN_OBSERVATIONAL, (30.0, 200.0),
     "Daily calcium flux between ECF and bone at baseline (in each direction)", ""),
    ("resorption_osteoclast_fraction", "FracJ14", 0.107763, "1", E.FITTED, _frac(0.107763),
     "Fraction of bone-to-ECF calcium flux carried by osteoclastic resorption", ""),
    ("resorption_osteoclast_max", "J14OCmax", 0.543488, "1/h", E.FITTED, _fit(0.543488),
     "Largest osteoclast-dependent resorption rate constant", ""),
    ("resorption_osteoclast_hill", "J14OCgam", 1.6971, "1", E.FITTED, _fit(1.6971),
     "Hill coefficient of osteoclasts on resorption", ""),
    ("resorption_complex_gamma", "MOCratioGam", 0.603754, "1", E.FITTED, _fit(0.603754),
     "Power of RANK-RANKL complex per osteoclast on resorption", ""),
    ("uptake_hydroxyapatite_fraction", "FracJ15", 0.114376, "1", E.FITTED, _frac(0.114376),
     "Fraction of ECF-to-bone calcium flux that depends on hydroxyapatite formation", ""),
    ("bone_calcium_exchange", "k14a", 2.44437e-05, "1/h", E.FITTED, _fit(2.44437e-05),
     "Rate of calcium transfer from mineralised to exchangeable bone", ""),
    ("hydroxyapatite_mean_residence", "HApMRT", 3.60609, "h", E.FITTED, _fit(3.60609),
     "Mean residence time of newly formed hydroxyapatite", ""),
    # --- Osteoclasts ---------------------------------------------------------------------------
    ("osteoclast_rate", "Da", 0.7 / 24.0, "1/h", E.IN_VITRO, _fit(0.7 / 24.0),
     "Osteoclast recruitment and apoptosis rate constant (0.7 per day)",
     "after Lemaire 2004 J Theor Biol 229:293"),
    ("osteoclast_complex_e0", "E0Meff", 0.388267, "1", E.FITTED, _fit(0.388267),
     "RANK-RANKL effect on osteoclast recruitment without complex", ""),
    ("osteoclast_complex_emax", "EmaxMeffOC", 3.15667, "1", E.FITTED, _fit(3.15667),
     "Largest RANK-RANKL effect on osteoclast recruitment", ""),
    ("osteoclast_complex_hill", "kinOCgam", 8.53065, "1", E.FITTED, _fit(8.53065),
     "Hill coefficient of RANK-RANKL complex on osteoclast recruitment", ""),
    ("osteoclast_tgf_fraction", "FracPicOC", 0.878215, "1", E.FITTED, _frac(0.878215),
     "Fraction of the baseline TGF-beta effect on osteoclast apoptosis present without "
     "TGF-beta", ""),
    ("osteoclast_tgf_emax", "EmaxPicOC", 1.9746, "pM", E.FITTED, _fit(1.9746),
     "Largest TGF-beta effect on osteoclast apoptosis", ""),
    ("osteoclast_tgf_hill", "PicOCgam", 1.0168, "1", E.FITTED, _fit(1.0168),
     "Hill coefficient of TGF-beta on osteoclast apoptosis", ""),
    ("osteoclast_survival_e0", "E0RANKL", 3.80338, "1", E.FITTED, _fit(3.80338),
     "Osteoclast apoptosis multiplier without RANKL signal", ""),
    ("osteoclast_survival_emax", "EmaxL", 0.469779, "1", E.FITTED, _fit(0.469779),
     "Osteoclast apoptosis multiplier at saturating RANKL signal", ""),
    ("osteoclast_survival_hill", "LsurvOCgam", 3.09023, "1", E.FITTED, _fit(3.09023),
     "Hill coefficient of RANKL signal on osteoclast survival", ""),
    # --- Osteoblasts ---------------------------------------------------------------------------
    ("osteoblast_elimination", "kb", 0.000605516, "1/h", E.FITTED, _fit(0.000605516),
     "Baseline elimination rate of active osteoblasts", "after Lemaire 2004"),
    ("osteoblast_fast_fraction", "FracOBfast", 0.797629, "1", E.FITTED, _frac(0.797629),
     "Fraction of active osteoblasts in the fast-turnover pool", ""),
    ("osteoblast_slow_elimination_fraction", "Frackb", 0.313186, "1", E.FITTED,
     _frac(0.313186), "Elimination rate of slow osteoblasts relative to the modulated rate", ""),
    ("responding_osteoblast_tgf_fraction", "FracPicROB", 0.883824, "1", E.FITTED,
     _frac(0.883824), "Fraction of the baseline TGF-beta effect on osteoblast recruitment "
     "present without TGF-beta", ""),
    ("responding_osteoblast_tgf_emax", "EmaxPicROB", 3.9745, "pM", E.FITTED, _fit(3.9745),
     "Largest TGF-beta effect on responding-osteoblast recruitment", ""),
    ("responding_osteoblast_tgf_hill", "PicROBgam", 1.80968, "1", E.FITTED, _fit(1.80968),
     "Hill coefficient of TGF-beta on responding-osteoblast recruitment", ""),
    ("osteoblast_tgf_fraction", "FracPicOB", 0.000244818, "1", E.FITTED, _frac(0.000244818),
     "Fraction of the baseline TGF-beta effect on osteoblast differentiation present without "
     "TGF-beta", ""),
    ("osteoblast_tgf_emax", "EmaxPicOB", 0.251636, "pM", E.FITTED, _fit(0.251636),
     "Largest TGF-beta effect on osteoblast differentiation (which it inhibits)", ""),
    ("osteoblast_tgf_hill", "PicOBgam", 0.122313, "1", E.FITTED, _fit(0.122313),
     "Hill coefficient of TGF-beta on osteoblast differentiation", ""),
    ("osteoblast_loss_tgf_e0", "MultPicOBkb", 3.11842, "1", E.FITTED, _fit(3.11842),
     "TGF-beta effect on osteoblast loss without TGF-beta (times baseline TGF-beta)", ""),
    ("osteoblast_loss_tgf_emax", "FracPic0kb", 0.764028, "1", E.FITTED, _fit(0.764028),
     "TGF-beta effect on osteoblast loss at saturating TGF-beta (times baseline TGF-beta)", ""),
    ("osteoblast_loss_tgf_hill", "PicOBgamkb", 2.92375, "1", E.FITTED, _fit(2.92375),
     "Hill coefficient of TGF-beta on osteoblast loss", ""),
    ("osteoblast_loss_runx2_factor", "E0RUNX2kbEffFACT", 1.01, "1", E.FITTED, (1.0001, 3.0),
     "Osteoblast elimination without RUNX2, relative to the baseline rate", ""),
    ("osteoblast_loss_runx2_max", "RUNkbMaxFact", 0.638114, "1", E.FITTED, _frac(0.638114),
     "Largest RUNX2 reduction of osteoblast elimination, relative", ""),
    ("osteoblast_loss_runx2_hill", "RUNkbGAM", 3.67798, "1", E.FITTED, _fit(3.67798),
     "Hill coefficient of RUNX2 on osteoblast elimination", ""),
    # --- TGF-beta -------------------------------------------------------------------------------
    ("tgf_beta_release", "koutTGF0", 2.98449e-05, "1/h", E.FITTED, _fit(2.98449e-05),
     "Rate of latent TGF-beta activation (release from matrix) at baseline resorption", ""),
    ("tgf_beta_osteoclast_gamma", "OCtgfGAM", 0.593891, "1", E.FITTED, _fit(0.593891),
     "Power of osteoclasts on TGF-beta release", ""),
    ("tgf_beta_osteoblast_gamma", "OBtgfGAM", 0.0111319, "1", E.FITTED, _fit(0.0111319),
     "Power of osteoblasts on latent TGF-beta deposition", ""),
    ("tgf_beta_latent_ratio", "", 1000.0, "1", E.ASSUMED, (100.0, 10000.0),
     "Latent to active TGF-beta at baseline, hence active TGF-beta elimination = 1000 x "
     "release rate (a literal 1000 in the SBML)", "literal in the rules"),
    # --- RANKL, RANK, OPG ---------------------------------------------------------------------
    ("rankl_elimination", "koutL", 0.00293273, "1/h", E.FITTED, _fit(0.00293273),
     "Elimination rate of free RANKL", ""),
    ("rankl_osteoblast_gamma", "OsteoEffectGam", 0.173833, "1", E.FITTED, _fit(0.173833),
     "Power of osteoblasts on RANKL production", ""),
    ("rankl_pth_emax", "EmaxLpth", 1.30721, "1", E.FITTED, _fit(1.30721),
     "Largest PTH effect on RANKL production", ""),
    ("rankl_testosterone_power", "TESTPOWER", 1.0, "1", E.ASSUMED, (0.0, 3.0),
     "Power of the osteoblast effect inside the PTH EC50 of RANKL production", ""),
    ("rank_elimination", "koutRNK", 0.00323667, "1/h", E.FITTED, _fit(0.00323667),
     "Elimination rate of free RANK", ""),
    ("rank_tgf_gamma", "kinRNKgam", 0.151825, "1", E.FITTED, _fit(0.151825),
     "Power of active TGF-beta on RANK production", ""),
    ("rank_rankl_on", "k3", 6.24e-06, "1/(pM h)", E.IN_VITRO, _fit(6.24e-06),
     "Association rate of RANKL with RANK", "after Lemaire 2004 J Theor Biol 229:293"),
    ("rank_rankl_off", "k4", 0.112013, "1/h", E.IN_VITRO, _fit(0.112013),
     "Dissociation rate of the RANK-RANKL complex", "after Lemaire 2004 J Theor Biol 229:293"),
    ("opg_rankl_on", "k1", 6.24e-06, "1/(pM h)", E.IN_VITRO, _fit(6.24e-06),
     "Association rate of OPG with RANKL", "after Lemaire 2004 J Theor Biol 229:293"),
    ("opg_rankl_off", "k2", 0.112013, "1/h", E.IN_VITRO, _fit(0.112013),
     "Dissociation rate of the OPG-RANKL complex", "after Lemaire 2004 J Theor Biol 229:293"),
    ("opg_elimination", "kO", 15.8885, "1/h", E.FITTED, _fit(15.8885),
     "Elimination rate of OPG", ""),
    ("opg_pth_half", "opgPTH50", 3.85, "pmol/L", E.FITTED, _fit(3.85),
     "PTH concentration scaling the PTH suppression of OPG production", ""),
    ("opg_exogenous_input", "IO", 0.0, "pM/h", E.ASSUMED, (0.0, 1000.0),
     "Exogenous OPG input (0: none)", ""),
    # --- Osteoblast intracellular signalling ---------------------------------------------------
    ("runx2_elimination", "RX2Kout0", 0.693, "1/h", E.ASSUMED, (0.1, 5.0),
     "Baseline elimination rate of RUNX2", ""),
    ("runx2_pth_e0", "E0rx2Kout", 0.125, "1/h", E.FITTED, _fit(0.125),
     "RUNX2 elimination without PTH", ""),
    ("runx2_pth_emax", "EmaxPTHRX2x", 5.0, "1/h", E.FITTED, _fit(5.0),
     "Largest PTH increase of RUNX2 elimination", ""),
    ("creb_elimination", "crebKout", 0.00279513, "1/h", E.FITTED, _fit(0.00279513),
     "Elimination rate of CREB", ""),
    ("creb_pth_e0", "E0crebKin", 0.5, "1", E.FITTED, _frac(0.5),
     "CREB production without PTH, relative to baseline", ""),
    ("creb_pth_emax", "EmaxPTHcreb", 3.39745, "1", E.FITTED, _fit(3.39745),
     "Largest PTH effect on CREB production, relative", ""),
    ("bcl2_elimination", "bcl2Kout", 0.693, "1/h", E.ASSUMED, (0.1, 5.0),
     "Elimination rate of BCL2 (its production is RUNX2 x CREB x 0.693/h)", ""),
]

_EXTENSION_SOURCE_25D = (
    "Osteon extension: 1-alpha-hydroxylase substrate dependence; Bouillon R et al. "
    "Endocr Rev 2008;29:726 (calcitriol is substrate-limited only in deficiency)"
)
_EXTENSION_SOURCE_MG = (
    "Osteon extension: magnesium as cofactor of vitamin D hydroxylases; Uwitonze AM & "
    "Razzaque MS J Am Osteopath Assoc 2018;118:181"
)
_EXTENSION = [
    ("serum_25ohd_reference", 75.0, "nmol/L", E.HUMAN_OBSERVATIONAL, (50.0, 125.0),
     "Serum 25(OH)D at which the Peterson-Riggs calibration holds (vitamin D replete); the "
     "substrate factor is exactly 1 there", _EXTENSION_SOURCE_25D),
    ("hydroxylase_25ohd_half_saturation", 10.0, "nmol/L", E.HUMAN_OBSERVATIONAL, (5.0, 40.0),
     "Serum 25(OH)D of half-maximal calcitriol synthesis: synthesis is substrate-limited only "
     "in deficiency (serum calcitriol tracks 25(OH)D in severe deficiency and not above it: "
     "Need AG et al. J Bone Miner Res 2008;23:1859), so deficient subjects gain from "
     "repletion and replete ones almost nothing; checked against the rise of PTH by "
     "deficiency class (Lips P Endocr Rev 2001;22:477: about +15% in mild, 15-30% in "
     "moderate, > 30% in severe deficiency). Replaces the jointly calibrated 78 nmol/L "
     "(issue 9 item 6: it made the replete gain from supplements)", _EXTENSION_SOURCE_25D),
    ("serum_magnesium_reference", 0.85, "mmol/L", E.HUMAN_OBSERVATIONAL, (0.7, 1.05),
     "Serum magnesium at which the Peterson-Riggs calibration holds; the cofactor factor is "
     "exactly 1 there", _EXTENSION_SOURCE_MG),
    ("hydroxylase_magnesium_half_saturation", 0.3, "mmol/L", E.ASSUMED, (0.05, 1.0),
     "Serum magnesium of half-maximal hydroxylase activity", _EXTENSION_SOURCE_MG),
]

SBML_ID: dict[str, str] = {name: sid for name, sid, *_ in _R if sid}
"""Osteon name -> BIOMD0000000613 identifier, for parameters that are SBML parameters or
species initial values (literals of the SBML rules have none)."""


def peterson_riggs_2010() -> ParameterSet:
    """The ``PetersonRiggs2010`` parameter set (published model, plus neutral extensions).

    >>> ps = peterson_riggs_2010()
    >>> ps.name, ps["ecf_volume"], ps.record("glomerular_filtration_rate").units
    ('PetersonRiggs2010', 14.0, 'L/h')
    """
    recs: dict[str, Parameter] = {}
    for name, sid, value, units, ev, rng, desc, note in _R:
        if name in recs:
            raise ValueError(f"parameter {name!r} is defined twice")
        src = SOURCE + (f" ({note})" if note else "")
        if sid:
            desc = f"{desc} [SBML: {sid}]"
        recs[name] = Parameter(name, float(value), units, src, ev, rng, desc, GROUP)
    for name, value, units, ev, rng, desc, src in _EXTENSION:
        recs[name] = Parameter(name, float(value), units, src, ev, rng, desc,
                               "OsteonCalciumExtension")
    return ParameterSet("PetersonRiggs2010", recs)
