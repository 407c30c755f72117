"""Parameter records of bone cells (the Lemaire 2004 / Peterson-Riggs 2010 structure) and
the hormone actions on them.

Used by the cell dynamics and hormone-to-drive terms of osteon.model. Tuples in the
format of :data:`osteon.parameters.default._RECORDS` (name, value, units, source,
evidence, (low, high), description, group, calibrated); :mod:`osteon.parameters.default`
joins the core modules in a fixed order (endocrine, cells, mechanostat, mineral,
measurement), then the pathway modules' records.
"""

from __future__ import annotations

from osteon.parameters.records import Evidence

E = Evidence

RECORDS: list[tuple] = [
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
    (
        "formation_open_share",
        1.0,
        "1",
        "Parfitt AM Bone 2000;26:319 and Eriksen EF Endocr Rev 1986;7:379 (a team refills its "
        "cavity at a near-constant appositional rate over the formation period, so on average "
        "half of the cavity is still missing during it: 0.5 for a linear refill); 1 is neutral "
        "(the whole formation period counted open, the structure before issue 9's remodeling-"
        "space round)",
        E.ASSUMED,
        (0.3, 1.0),
        "Share of the formation period during which resorbed bone counts as still missing",
        "Parfitt2000",
        False,
    ),
    (
        "reversal_osteoclast_half",
        0.0,
        "1",
        "Lassen NE et al. J Bone Miner Res 2017;32:1395 (human Haversian BMUs: osteoprogenitors "
        "gather on the eroded surface while osteoclasts still resorb there, the reversal-"
        "resorption phase, and formation starts once their density is high enough); Andersen "
        "TL et al. Am J Pathol 2013;183:235 and 2014;184:1142 (reversal surfaces that never "
        "reach formation, more of them in post-menopausal osteoporosis); Sims NA & Martin TJ "
        "BoneKEy Rep 2014;3:481 (osteoclast-derived coupling factors). No human measure of "
        "the level itself: the range is assumed, up to half the peak resorption, below the "
        "osteoclast levels left by a bisphosphonate (CTX -60 to -70 %) and near those left by "
        "denosumab (-85 to -90 %; Brown JP et al. J Bone Miner Res 2009;24:153, DECIDE). 0 is "
        "neutral: recruitment per cavity does not need osteoclasts (the structure before)",
        E.ASSUMED,
        (0.0, 0.5),
        "Osteoclast level (relative to peak) at which their support of the reversal phase, "
        "i.e. of osteoprogenitor recruitment into an open cavity, is half its maximum",
        "Lassen2017",
        False,
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
]
