"""Parameter records of habitual loading, training and walking.

Units of load
    Hip sites (femoral neck, total hip): peak vertical ground reaction force
    (GRF) in body weights (BW), the convention of the bone-loading
    questionnaires (Weeks BK & Beck BR J Bone Miner Res 2008;23:1110, "BPAQ")
    and of Turner's osteogenic index (Turner CH & Robling AG Exerc Sport Sci Rev
    2003;31:45). For resistance exercises, whose GRF understates the muscle
    forces on the femoral neck, the hip load is a GRF-equivalent index.

    Lumbar spine: intradiscal load relative to relaxed standing (about one body
    weight of L3 compression; Nachemson AL Spine 1981;6:93), from the in vivo
    intradiscal pressures of Wilke HJ et al. Spine 1999;24:755 (standing 0.5 MPa,
    walking 0.53-0.65, jogging 0.35-0.95, lifting 20 kg 1.7-2.3 MPa) and the
    squat compression model of Cappozzo A et al. Med Sci Sports Exerc
    1985;17:613 (L3-L4 compression 6-10 BW with a barbell of 0.8-1.6 BW).

Resistance exercise loads are linear in the external load ``E`` (body
weights) = intensity (fraction of 1RM) x 1RM (body weights): ``load = base +
slope * E``. Most of these numbers are biomechanical estimates (evidence
``assumed``) that set the relative potency of the exercises; the absolute scale
of the bone response is the calibrated ``training_load_exponent``.
"""

from __future__ import annotations

from osteon.parameters.records import Evidence as E

_WILKE = "Wilke HJ et al. Spine 1999;24:755 (in vivo intradiscal pressure relative to standing)"
_CAPPOZZO = "Cappozzo A et al. Med Sci Sports Exerc 1985;17:613 (squat: L3-L4 6-10 BW at bar 0.8-1.6 BW)"
_ONERM = ("Order of magnitude for untrained women aged 60-75: LIFTMOR baseline loads (Watson SL et "
          "al. J Bone Miner Res 2018;33:211); Knutzen KM et al. J Strength Cond Res 1999;13:242 "
          "(machine 1RM of adults aged ~70)")

# Exercises: (1RM in BW, spine base, spine slope, hip base, hip slope, note)
_EXERCISES = {
    "squat": (0.6, 2.0, 5.0, 1.0, 3.5, _CAPPOZZO + "; hip: loaded hip extension, GRF-equivalent"),
    "deadlift": (0.7, 2.0, 5.0, 1.0, 3.5,
                 "Cholewicki J et al. Med Sci Sports Exerc 1991;23:1179 (deadlift lumbar compression "
                 "of the order of the squat's); " + _CAPPOZZO),
    "overhead_press": (0.25, 1.0, 4.0, 1.0, 1.0,
                       "Assumed: load held overhead adds its weight plus trunk co-contraction "
                       "(" + _WILKE + ")"),
    "bench_press": (0.35, 0.2, 0.0, 0.0, 0.0, _WILKE + ": lying supine 0.1 MPa (0.2 x standing)"),
    "row": (0.35, 2.0, 3.0, 1.0, 1.0,
            _WILKE + ": forward flexion 1.1 MPa (2.2 x standing); bent-over row assumed"),
    "lunge": (0.3, 1.2, 3.0, 1.5, 4.0,
              "Assumed: walking-like trunk load plus load; single-leg support at the hip"),
    "leg_press": (1.3, 1.0, 1.0, 0.5, 2.0,
                  "Assumed: seated with back rest (" + _WILKE + "), load through the legs"),
    "hip_abduction": (0.5, 1.0, 0.0, 0.5, 4.0,
                      "Assumed: abductor forces bend the femoral neck (machine lever load)"),
    "machine_upper_body": (0.4, 0.9, 0.0, 0.2, 0.0, _WILKE + ": sitting 0.46 MPa (0.9 x standing)"),
}

# Impact activities: (peak GRF in BW, impacts per minute, GRF source, rate source)
_IMPACTS = {
    "jumping": (3.5, 30.0,
                "Bassey EJ et al. Osteoporos Int 1998;8:121 (jumps 3-4 BW); Weeks & Beck 2008 (BPAQ)",
                "Assumed: one jump every 2 s with landing and reset"),
    "drop_landing": (3.5, 6.0,
                     "Weeks & Beck 2008 (BPAQ); Watson 2018 LIFTMOR (jumping chin-up drop landings "
                     "3-4 BW)", "Assumed: one landing every 10 s"),
    "running": (2.5, 160.0,
                "Cavanagh PR & Lafortune MA J Biomech 1980;13:397 (2.5-3 BW); Keller TS et al. "
                "Clin Biomech 1996;11:253", "Cavanagh PR & Kram R Med Sci Sports Exerc 1989;21:467 "
                "(cadence 150-180 steps/min)"),
    "skipping": (3.0, 120.0, "Weeks & Beck 2008 (BPAQ); Turner & Robling 2003 (osteogenic index)",
                 "Assumed: rope skipping 100-140 turns/min"),
    "stair_climbing": (1.5, 90.0, "Weeks & Beck 2008 (BPAQ); Bergmann G et al. J Biomech 2001;34:859 "
                       "(stairs load the hip a little more than walking)",
                       "Assumed: 80-100 steps/min"),
    "hopping": (3.5, 60.0, "Weeks & Beck 2008 (BPAQ: hopping 3-4 BW)", "Assumed: 1 hop per second"),
}


def _records() -> list[tuple]:
    recs: list[tuple] = [
        # --- Carter's daily stress stimulus ------------------------------------
        ("training_stress_exponent", 4.0, "1",
         "Carter DR et al. J Biomech 1987;20:785; Beaupré GS et al. J Orthop Res 1990;8:651 eq. 2; "
         "Whalen RT et al. J Biomech 1988;21:825 (m = 3-8)", E.HUMAN_OBSERVATIONAL, (2.0, 8.0),
         "Weighting exponent m of peak load in the daily stress stimulus psi = (sum n s^m)^(1/m)",
         "Carter1987", False),
        ("training_cycle_saturation", 20.0, "cycles",
         "Rubin CT & Lanyon LE J Bone Joint Surg Am 1984;66:397 (36 cycles/day gave the maximal "
         "response); Umemura Y et al. J Bone Miner Res 1997;12:1480 (5 jumps/day ~ 40); Turner CH "
         "& Robling AG Exerc Sport Sci Rev 2003;31:45 (osteogenic index ~ ln(1 + cycles))",
         E.ANIMAL, (1.0, 100000.0),
         "Cycles per bout after which more cycles add little: effective cycles = "
         "n_sat ln(1 + n / n_sat) per bout (n_sat -> infinity gives Carter's plain sum)",
         "Rubin1984", False),
        # --- Habitual loading -----------------------------------------------------
        ("habitual_steps_per_day", 7000.0, "steps/day",
         "Tudor-Locke C et al. Int J Behav Nutr Phys Act 2011;8:80 (healthy older adults "
         "2,000-9,000 steps/day); Subject.steps_per_day default", E.HUMAN_OBSERVATIONAL,
         (2000.0, 15000.0), "Habitual walking of a subject (until Signals carries steps_per_day)",
         "TudorLocke2011", False),
        ("walking_grf", 1.2, "BW",
         "Keller TS et al. Clin Biomech 1996;11:253 (walking 1.0-1.5 BW); Weeks & Beck 2008 (BPAQ)",
         E.HUMAN_OBSERVATIONAL, (1.0, 1.5), "Peak vertical ground reaction force of a walking step",
         "Keller1996", False),
        ("walking_spine_load", 1.2, "1 (x standing)", _WILKE + ": walking 0.53-0.65 MPa vs 0.5",
         E.HUMAN_OBSERVATIONAL, (1.0, 1.4), "Lumbar intradiscal load of a walking step",
         "Wilke1999", False),
        ("walking_cadence", 100.0, "steps/min",
         "Tudor-Locke C et al. Br J Sports Med 2018;52:776 (about 100 steps/min at moderate "
         "intensity)", E.HUMAN_OBSERVATIONAL, (80.0, 130.0),
         "Steps per minute of deliberate walking", "TudorLocke2018", False),
        ("habitual_background_cycles", 100.0, "cycles/day",
         "Assumed: rising from chairs, stairs, bending and carrying in a day", E.ASSUMED,
         (20.0, 500.0), "Daily loading cycles of activities other than walking", "Osteon", False),
        ("habitual_background_hip_load", 1.5, "BW",
         "Bergmann G et al. J Biomech 2001;34:859 (stairs and rising load the hip ~1.1x walking)",
         E.ASSUMED, (1.1, 2.0), "Peak GRF-equivalent hip load of background daily activities",
         "Bergmann2001", False),
        ("habitual_background_spine_load", 1.6, "1 (x standing)",
         _WILKE + ": rising, bending and lifting light objects 0.6-1.7 MPa (1.2-3.4 x standing)", E.HUMAN_OBSERVATIONAL,
         (1.2, 3.5), "Peak lumbar load of background daily activities", "Wilke1999", False),
        ("impact_spine_transmission", 0.5, "1",
         "Wilke 1999 jogging peak 0.95 MPa (1.9 x standing) for a running GRF of ~2.75 BW "
         "(Cavanagh & Lafortune 1980): (1.9 - 1)/(2.75 - 1)", E.HUMAN_OBSERVATIONAL, (0.2, 1.0),
         "Share of an impact's GRF above 1 BW that reaches the lumbar spine", "Wilke1999", False),
        ("training_total_body_share", 0.55, "1",
         "Legs, pelvis and spine hold about half to 60% of total-body bone mineral (DXA regional "
         "BMC; e.g. Kelly TL et al. J Clin Densitom 2009;12:95)", E.HUMAN_OBSERVATIONAL,
         (0.3, 0.8), "Share of total-body BMD in the skeleton that training loads", "Kelly2009",
         False),
        # --- Progression -----------------------------------------------------------
        ("training_progression_weeks", 12.0, "week",
         "American College of Sports Medicine position stand, Med Sci Sports Exerc 2009;41:687 "
         "(progression models); Watson 2018 LIFTMOR (progressed to >85% 1RM in the first months)",
         E.ASSUMED, (2.0, 26.0),
         "Time over which linear progression raises intensity to the stated %1RM", "ACSM2009",
         False),
        ("training_progression_start", 0.6, "1",
         "ACSM 2009 (start novices at 60-70% 1RM); Watson 2018 (LIFTMOR began at low loads)",
         E.ASSUMED, (0.3, 1.0),
         "Starting intensity of a linear progression, as a fraction of the stated %1RM", "ACSM2009",
         False),
        # --- One-repetition maximum by sex and age -----------------------------------
        ("onerm_male_factor", 1.3, "1",
         "Miller AE et al. Eur J Appl Physiol 1993;66:254 (women's lower-body strength about "
         "two thirds of men's, their body mass about four fifths: per body weight men ~1.2-1.4x)",
         E.HUMAN_OBSERVATIONAL, (1.1, 1.7),
         "Men's one-repetition maximum per body weight relative to women's", "Miller1993",
         False),
        ("onerm_reference_age", 67.0, "year",
         "Age of the records' 1RM values: LIFTMOR (Watson 2018, women 65 +/- 5) and Knutzen 1999 "
         "(adults ~70)", E.HUMAN_OBSERVATIONAL, (60.0, 75.0),
         "Age at which the onerm_bw_* records hold", "Watson2018", False),
        ("onerm_age_slope", 0.01, "1/year",
         "Lindle RS et al. J Appl Physiol 1997;83:1581 (strength falls ~1 %/year after 50); "
         "Goodpaster BH et al. J Appl Physiol 2006;101:1697 (knee extensor strength -2.6 to "
         "-3.4 %/year at 70-79)", E.HUMAN_OBSERVATIONAL, (0.005, 0.03),
         "Fractional change of 1RM per year of age (younger: stronger)", "Lindle1997", False),
        # --- Scaling to the mechanostat (calibrated) -------------------------------
        ("training_load_exponent", 1.0, "1",
         "Calibrated against liftmor-2018.yaml (8 months) and cochrane-resistance-femoral-neck.yaml "
         "(12 months); long-term check: Kemmler W et al. J Bone Miner Res 2016;31:215 (EFOPS: "
         "spine +2.4% at 4 y, +4.5% at 16 y vs control)", E.FITTED, (0.05, 3.0),
         "Power of the summed stress stimulus sum n s^m relative to habitual giving the "
         "mechanostat load (1: load proportional to psi^m)", "Osteon", True),
        ("training_accommodation_fraction", 0.98, "1",
         "Turner CH Calcif Tissue Int 1999;65:466 (cellular accommodation); Schriefer JL et al. "
         "J Biomech 2005;38:1838; Saxon LK et al. Bone 2005;36:454 (mechanosensitivity falls with "
         "long loading, recovers with rest); calibrated so that effects plateau over years as in "
         "EFOPS (Kemmler 2016)", E.ANIMAL, (0.0, 0.99),
         "Share of a programme's added stimulus lost to accommodation once it is habitual",
         "Turner1999", True),
        ("mech_detraining_gain", 0.3, "1",
         "Turner CH Calcif Tissue Int 1999;65:466 (accommodation: the reference follows the "
         "load); Frost HM Anat Rec 1987;219:1 (disuse mode); fitted by "
         "scripts/refit_detraining.py on Winters KM & Snow CM J Bone Miner Res 2000;15:2495 "
         "(premenopausal, 12 months jump + resistance training: trochanter +1.9, femoral neck "
         "+1.5 points over controls; lost after 6 months of detraining) and Dalsky GP et al. Ann "
         "Intern Med 1988;108:824 (lumbar +5.2 % at 9 months, +1.1 % after 13 months off)",
         E.FITTED, (0.0, 20.0),
         "RANKL rise per unit of remembered stimulus above the modeling threshold after a "
         "programme stops (the catabolic mirror of mech_modeling_gain)", "Turner1999", False),
        ("mech_detraining_focal_gain", 0.12, "1",
         "Frost HM Anat Rec 1987;219:1 and J Bone Miner Res 1999;14:1473 (disuse-mode "
         "remodeling: more BMUs, each in negative balance); fitted with mech_detraining_gain by "
         "scripts/refit_detraining.py", E.FITTED, (0.0, 2.0),
         "Share of each cavity left unfilled per unit of remembered stimulus above the modeling "
         "threshold after a programme stops", "Frost1987", False),
        ("mech_disuse_focal_gain", 0.025, "1",
         "Frost HM Anat Rec 1987;219:1 (disuse-mode remodeling: BMUs in negative balance); "
         "sclerostin from unloaded osteocytes inhibits formation (Robling AG et al. J Biol "
         "Chem 2008;283:5866; Spatz JM et al. J Clin Endocrinol Metab 2012;97:E1736, bed rest); "
         "set so that spaceflight loses 1.4-1.5 %/month at the hip (Lang T et al. J Bone Miner "
         "Res 2004;19:1006) with the assumed spaceflight loads (scripts/refit_unloading.py)",
         E.FITTED, (0.0, 0.1),
         "Share of each cavity left unfilled per unit of underload (inverse stimulus ratio "
         "beyond the habitual) while load is below the habitual", "Frost1987", False),
        ("training_accommodation_time", 120.0, "day",
         "Schriefer 2005; Saxon 2005 (response wanes over weeks to months of loading and returns "
         "after weeks of rest)", E.ANIMAL, (14.0, 365.0),
         "Time constant of accommodation to a programme (and of recovery after it stops)",
         "Schriefer2005", True),
    ]
    for ex, (onerm, sb, ss, hb, hs, note) in _EXERCISES.items():
        recs += [
            (f"onerm_bw_{ex}", onerm, "BW", _ONERM, E.ASSUMED, (0.1, 3.0),
             f"1RM external load of {ex.replace('_', ' ')} for an untrained older adult", "Osteon",
             False),
            (f"rt_spine_base_{ex}", sb, "1 (x standing)", note, E.ASSUMED, (0.0, 4.0),
             f"Lumbar load of {ex.replace('_', ' ')} without external load", "Osteon", False),
            (f"rt_spine_slope_{ex}", ss, "1 (x standing)/BW", note, E.ASSUMED, (0.0, 10.0),
             f"Rise of lumbar load per body weight of external load ({ex.replace('_', ' ')})",
             "Osteon", False),
            (f"rt_hip_base_{ex}", hb, "BW", note, E.ASSUMED, (0.0, 3.0),
             f"GRF-equivalent hip load of {ex.replace('_', ' ')} without external load", "Osteon",
             False),
            (f"rt_hip_slope_{ex}", hs, "1", note, E.ASSUMED, (0.0, 8.0),
             f"Rise of hip load (BW) per body weight of external load ({ex.replace('_', ' ')})",
             "Osteon", False),
        ]
    for act, (grf, rate, src, rate_src) in _IMPACTS.items():
        lo, hi = (1.2, 2.0) if act == "stair_climbing" else (2.0, 6.0)
        recs += [
            (f"impact_grf_{act}", grf, "BW", src, E.HUMAN_OBSERVATIONAL, (lo, hi),
             f"Peak vertical ground reaction force of {act.replace('_', ' ')}", "WeeksBeck2008",
             False),
            (f"impact_rate_{act}", rate, "1/min", rate_src, E.ASSUMED, (1.0, 200.0),
             f"Impacts per minute of {act.replace('_', ' ')} (used with minutes_per_session)",
             "Osteon", False),
        ]
    return recs


RECORDS: list[tuple] = _records()
"""Records in the format of :data:`osteon.parameters.default._RECORDS`."""

EXERCISE_NAMES = tuple(_EXERCISES)
IMPACT_NAMES = tuple(_IMPACTS)
