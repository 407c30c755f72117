"""Parameter records of the mechanostat (Carter's daily stress stimulus, set point,
response).

Used by the mechanostat terms of osteon.model. Tuples in the format of
:data:`osteon.parameters.default._RECORDS` (name, value, units, source, evidence, (low,
high), description, group, calibrated); :mod:`osteon.parameters.default` joins the core
modules in a fixed order (endocrine, cells, mechanostat, mineral, measurement), then the
pathway modules' records.
"""

from __future__ import annotations

from osteon.parameters.records import Evidence

E = Evidence

RECORDS: list[tuple] = [
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
]
