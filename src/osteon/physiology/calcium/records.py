"""Parameter records of the calcium subsystem in the default model (``Osteon2026``).

The default set carries every Peterson-Riggs 2010 constant unchanged (the homeostasis
part runs as published; :mod:`osteon.parameters.peterson_riggs`) plus the records
below, which couple it to Osteon's skeleton (:mod:`.skeleton`) and add the
sex-steroid effects the reference lacks.
"""

from __future__ import annotations

from osteon.parameters.records import Evidence as E

_ICRP = ("ICRP Publication 23, Reference Man (1975): about 1,000 g of calcium in the "
         "adult male body, 99% of it in the skeleton; women about 20% less (Ellis KJ "
         "Physiol Rev 2000;80:649, total-body neutron activation)")

COUPLING_RECORDS: list[tuple] = [
    ("skeletal_calcium_female", 20000.0, "mmol",
     _ICRP, E.HUMAN_OBSERVATIONAL, (15000.0, 27000.0),
     "Calcium in a woman's skeleton at peak bone mass (about 800 g)", "CalciumCoupling", False),
    ("skeletal_calcium_male", 25000.0, "mmol",
     _ICRP, E.HUMAN_OBSERVATIONAL, (19000.0, 33000.0),
     "Calcium in a man's skeleton at peak bone mass (about 1,000 g)", "CalciumCoupling", False),
    ("gut_absorption_estrogen_gain", 0.2, "1",
     "Gennari C et al. J Clin Endocrinol Metab 1990;71:1288 (calcium absorption falls after "
     "menopause); Gallagher JC et al. J Clin Endocrinol Metab 1980;51:1359 (estrogen restores "
     "it)", E.HUMAN_OBSERVATIONAL, (0.0, 0.5),
     "Fractional fall of dietary calcium entering absorption when the estrogen signal falls "
     "from its peak-bone-mass level to zero", "CalciumCoupling", False),
    ("reabsorption_estrogen_gain", 0.01, "1",
     "McKane WR et al. J Clin Endocrinol Metab 1995;80:3458 (estrogen raises tubular calcium "
     "reabsorption); Nordin BEC et al. J Clin Endocrinol Metab 1991;72:401 (urinary calcium "
     "rises ~30-50% after menopause, about 1% less of the filtered load reabsorbed)",
     E.HUMAN_OBSERVATIONAL, (0.0, 0.03),
     "Fractional fall of active tubular calcium reabsorption when the estrogen signal falls "
     "from its peak-bone-mass level to zero", "CalciumCoupling", False),
    ("mineralization_calcium_exponent", 6.0, "1",
     "Assumed: mineral deposits from a supersaturated calcium-phosphate solution, so low "
     "plasma calcium slows mineralization (hypocalcaemic osteomalacia: Parfitt AM, Bone "
     "Histomorphometry 1988); chosen so that denosumab's 'hungry bone' lowers plasma calcium "
     "by a few percent, as in FREEDOM (Cummings SR et al. N Engl J Med 2009;361:756: "
     "hypocalcaemia rare), not by 20%", E.ASSUMED, (0.0, 12.0),
     "Power of plasma calcium (relative to the subject's steady state at peak) on the speed "
     "of mineralization", "CalciumCoupling", False),
    ("serum_magnesium_per_intake", 0.0004, "mmol/L per mg/day",
     "Rude RK et al. Osteoporos Int 2009;20:1233; Zhang X et al. J Nutr 2016;146:1263 "
     "(magnesium supplements raise serum magnesium by ~0.05-0.1 mmol/L per 300 mg/day at "
     "most; slope taken at the low end)", E.HUMAN_RCT, (0.0, 0.001),
     "Rise of serum magnesium per mg/day of added magnesium intake", "CalciumCoupling", False),
]


def _peterson_riggs_records() -> list[tuple]:
    from osteon.parameters.peterson_riggs import peterson_riggs_2010

    ps = peterson_riggs_2010()
    out = []
    for name in ps:
        rec = ps.record(name)
        out.append((name, rec.value, rec.units, rec.source, rec.evidence,
                    tuple(rec.plausible_range), rec.description, rec.group, False))
    return out


RECORDS: list[tuple] = COUPLING_RECORDS + _peterson_riggs_records()
