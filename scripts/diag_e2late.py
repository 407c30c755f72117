#!/usr/bin/env python
"""Why estrogen-like therapy grows stronger with years since menopause (task e2late), a diagnosis.

Not a refit: nothing is chosen here. For the mean woman at (age, years since menopause) on
placebo, raloxifene 60 mg/day, a 50 ug/day estradiol patch, and the first two with 600 mg
calcium, the script prints the 2-year spine and total-hip change, the spine's baseline BMD
(relative to peak) and absolute change, the spine's resorption and remodeling space at 0 and
2 years, the split of the spine's change into volume / primary / secondary mineralization by
envelope (points of peak mineral, as ``scripts/diag_remodeling_space.py``), and the drives at 0
and 2 years: bone's estrogen drop ``d``, the adapted drop ``a``, the effective (erosion) drop,
the focal loss, RANKL, osteoclast apoptosis, estrogen's gut-absorption factor.

Run: ``python scripts/diag_e2late.py ['{"param": value}']``; environment: ``POPS=52/2,66/19``
(age/years since menopause), ``ARMS=placebo,ral60`` (subset of :data:`ARMS`), ``FLOOR=1``
(counterfactual: the hormones' focal balance floored at 0, no BMU overfill), ``NOUNADAPT=1``
(counterfactual: the adaptation table follows the untreated course, so therapy does not
un-adapt the skeleton). Seconds a population once the engine is compiled.

Result (2026-12-07, branch e2late on main 17c2ed7, no calcium unless said; raloxifene minus
placebo, spine, 2 years):

    age/ysm                       52/2   54/4   58/11  66/19
    default                       3.14   3.48   3.81   4.30  (+37 %; 50 ug patch 5.63 -> 7.34)
    absolute (points of peak)     0.0301        0.0343 0.0371 (+23 %)
    spine BMD at start / peak     0.957         0.900  0.864  (the lower base: +11 %)
    FLOOR=1                       3.18          3.84   4.25  (+34 %; patch 7.16 at 66/19)
    NOUNADAPT=1                   3.37          3.81   4.30  (+28 %)
    ob_igf1_exponent 0            2.92                 3.87  (+33 %; cavity no longer grows)
    all three                     3.19                 3.82  (+20 %; absolute +9 %)

So of the 37 % growth about 11 points are the older woman's lower baseline (the same absolute
gain is a larger percent), about 9 the adaptation (raloxifene's smaller drop, 0.41 against
0.74, keeps the lasted drop below ``estrogen_adaptation_full_drop`` in a woman 2 years past
the menopause, so her treated skeleton stays less desensitized than her untreated one:
effective drop at 2 years 0.135 against placebo's 0.111, focal deficit 0.0100 against 0.0073;
11 or more years past it the treated skeleton is still fully desensitized, 0.062), about 4
the larger remodeling space of age (the IGF-1 fall slows osteoblast recruitment, spine cavity
1.75 -> 2.00 from 52 to 66), about 3 the BMU overfill that the net wall thickening of age
(``wall_thickness_age`` -0.0025/decade) leaves once therapy lowers the erosion (focal -0.002
at 66 on raloxifene), and the rest (about 9 points) the turnover transients (secondary
mineralization still falling 2 years after the menopause). Measured on all files (30 per arm),
the floor gives 167 against 166 of 221 (PEPI CEE + micronized progesterone spine 5.56 -> 5.49,
at its interval's edge 5.5; nothing lost), a screen of 17 estrogen, SERM, inhibitor and
natural-history files NOUNADAPT 37 against 37 of 53. With 600 mg calcium the mean woman of
58/11 gains 1.31 points in both arms (placebo -1.05 -> +0.26, raloxifene +2.76 -> +4.07; 30
and 100 per arm through ``validate_trial``: +1.28 and +1.30 in each arm), so calcium adds, it
does not interact.

The all-files figure of a counterfactual: ``FLOOR=1 python scripts/diag_e2late.py measure
OUT.jsonl /work/shared/validation/trials validation/trials --subjects 30`` (the arguments of
``scripts/physio_measure.py``, run with the counterfactual in place).
"""

from __future__ import annotations

import inspect
import json
import os
import sys

import numpy as np
from diag_states import pct, run_with_states

from osteon import Protocol, Subject
from osteon.model import N_STATES, BoneModel, Cohort
from osteon.outputs.reference import SITES
from osteon.parameters import default_parameters
from osteon.physiology.calcium import system as CS
from osteon.physiology.endocrine import estrogen_occupancy
from osteon.physiology.nutrition.supplements import Calcium
from osteon.physiology.pharmacology.serms import SERM
from osteon.physiology.pharmacology.sex_hormones import Estrogen
from osteon.physiology.remodeling import estrogen_adaptation as EA
from osteon.site_kernel import SiteDrive

_RAL = SERM(agent="raloxifene", dose="60 mg", every="1 day")
ARMS = {"placebo": [], "ral60": [_RAL],
        "e2_50": [Estrogen(agent="estradiol", route="transdermal", dose_mg=0.05)],
        "placebo_ca": [Calcium(dose_mg=600.0)], "ral60_ca": [_RAL, Calcium(dose_mg=600.0)]}
POPS = [(52, 2), (54, 4), (58, 11), (66, 19)]


def drives(model, t):
    """The drives named in the module docstring, for the model's one subject at ``t`` days."""
    d = model.site_drives(t)
    sig = model.signals(t)
    age = model.age_at(t)
    P = model.p
    occupancy = estrogen_occupancy(
        sig.hormones.estradiol * model.background.estradiol_bioavailable_share(age),
        P.estrogen_ec50, P.estrogen_hill)
    drop = 1 - occupancy / model.pi_e0
    a = EA.adapted_drop(model)(t) if not model.freeze_age else drop
    u = model.calcium_inputs(sig, occupancy, age)
    return dict(gut=float(u[0, CS.U_GUT_FACTOR]), e2=float(sig.hormones.estradiol[0]),
                d=float(drop[0]), a=float(a[0]),
                deff=float(EA.erosion_drop(model, t, occupancy)[0]),
                focal=float(d[SiteDrive.focal_loss, 0, 0]),
                rankl=float(d[SiteDrive.rankl_expression, 0, 0]),
                apo=float(d[SiteDrive.oc_apoptosis, 0, 0]))


def _counterfactuals() -> None:
    if os.environ.get("NOUNADAPT"):  # the table from the background only (no protocol)
        src = inspect.getsource(EA._distinct_drop_function).replace(
            "past = flat <= 0.0", "past = np.ones_like(flat, dtype=bool)")
        ns = dict(vars(EA))
        exec(src, ns)
        EA._distinct_drop_function = ns["_distinct_drop_function"]
    if os.environ.get("FLOOR"):
        import osteon.physiology.endocrine.drives as DR
        orig = DR.focal_deficit
        DR.focal_deficit = lambda depth, wall: np.maximum(orig(depth, wall), 0.0)


def main() -> None:
    _counterfactuals()
    if sys.argv[1:2] == ["measure"]:
        import runpy
        sys.argv = ["physio_measure.py"] + sys.argv[2:]
        runpy.run_path(os.path.join(os.path.dirname(__file__), "physio_measure.py"),
                       run_name="__main__")
        return
    params = default_parameters().replace(**(json.loads(sys.argv[1]) if len(sys.argv) > 1
                                             else {}))
    pops = ([tuple(int(v) for v in p.split("/")) for p in os.environ["POPS"].split(",")]
            if os.environ.get("POPS") else POPS)
    arms = ({k: ARMS[k] for k in os.environ["ARMS"].split(",")} if os.environ.get("ARMS")
            else ARMS)
    s = SITES.index("lumbar_spine")
    for age, ysm in pops:
        subj = Subject(sex="female", age=age, menopause_age=age - ysm)
        base = None
        for arm, ivs in arms.items():
            prot = Protocol(list(ivs))
            res, y, t = run_with_states(subj, prot, params, 2)
            m = BoneModel(params, Cohort.from_subjects([subj]), prot)
            sp, hp = pct(res, "bmd", 2, "lumbar_spine"), pct(res, "bmd", 2, "total_hip")
            b0 = float(res["bmd"].sel(site="lumbar_spine").isel(time=0))
            blk = y[:, s * N_STATES:(s + 1) * N_STATES]
            c = m.site_constants
            i = int(np.argmin(abs(t - 2)))
            split = [100 * sign * (blk[i, off + j] - blk[0, off + j]) * w / m0
                     for off, w, m0 in ((5, c[0, s], c[2, s]), (8, c[1, s], c[3, s]))
                     for j, sign in ((0, 1), (1, -1), (2, -1))]
            base = (sp, hp) if base is None else base
            print(f"{age}/{ysm} {arm:10s} spine {sp:+.2f} hip {hp:+.2f} "
                  f"diff {sp - base[0]:+.2f}/{hp - base[1]:+.2f} | bmd0 {b0:.4f} "
                  f"abs {sp * b0 / 100:+.4f} | resorption {blk[0, 0]:.3f} -> {blk[i, 0]:.3f} "
                  f"cavity {blk[0, 4]:.3f} -> {blk[i, 4]:.3f} | V,Dp,Ds trabecular, cortical "
                  + " ".join(f"{x:+.2f}" for x in split))
            for name, when in (("t0", 0.0), ("t2", 730.5)):
                print(f"      {name} " + " ".join(f"{k} {v:.4g}"
                                               for k, v in drives(m, when).items()))


if __name__ == "__main__":
    main()
