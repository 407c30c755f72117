#!/usr/bin/env python
"""Where the bone's answer to suppressed turnover comes from (issue 9), a diagnosis.

Not a refit: nothing is chosen here. For FREEDOM's mean woman (72 years, menopause at 50,
spine T-score -2.8; Cummings SR et al. N Engl J Med 2009;361:756) on denosumab 60 mg every
6 months, the script splits the change of each DXA site's mineral (relative to peak, in
points of the peak mineral: divide by the baseline BMD relative to peak, about 0.8, for the
percent change) by envelope into its three parts (:mod:`osteon.physiology.mineral.matrix`):

- ``V``: matrix volume, i.e. the remodeling space refilled (and any lasting balance);
- ``Dp``: primary mineralization of the new matrix;
- ``Ds``: secondary mineralization (of old and new matrix).

Pass parameter overrides as JSON (``'{"denosumab_ic50": 0.003}'``), one set per argument.
Run: ``python scripts/diag_remodeling_space.py '{"denosumab_ic50": 0.003}'`` (seconds once
the engine is compiled).

Result (2026-12-07, main 050c4c5 plus ``formation_open_share``, points of peak mineral, the
total hip; published FREEDOM total hip +3.2 / +4.4 % at 12 / 24 months):

    denosumab_ic50 0.003 (CTX -91 / -83 / -86 % at 1 / 6 / 12 months), all else calibrated:
      12 months: V trabecular +3.40, cortical +1.75; Dp +0.45 / +0.24; Ds +0.72 / +0.75
                 (7.30 points, BMD +8.75 %); 24 months: Ds adds +1.8 / +1.3 more (BMD +12.5 %)
    the same with turnover_cortical 0.04 and turnover_trabecular 0.2 (Parfitt 1984):
      12 months: V +1.75 / +0.48, Dp +0.33 / +0.09, Ds +1.14 / +0.53 (BMD +4.9 %)

So in the first year about 70 % of the hip's gain is the remodeling space refilled (volume),
and most of the second year's is secondary mineralization. The remodeling space of each
envelope is its turnover times the cavity (``cav0`` about 2.05 at 72 for a resorption of
1.41: osteoblast recruitment per cavity has fallen with age, so cavities stay open longer)
times the cavity's residence time (``obp_differentiation_time`` + ``formation_open_share``
x ``ob_active_lifespan``).

Cohorts (``scripts/physio_measure.py``, all 60 files, 30 subjects per arm, seed 2026; main
050c4c5 166/221), overrides over ``calibrated.json``:

    formation_open_share 0.5                                    155 (-16 / +5)
    formation_open_share 0.5, ob_active_lifespan 80             166 (McClung alendronate spine
                                                                 +, one Reginster ibandronate -)
    formation_open_share 0.3, literature periods (obp 30, ob 90, tgf_half 30)
                                                                159 (FREEDOM hip 4.35, four
                                                                 Reginster spine, DATA hips -)
    formation_open_share 0.5, denosumab_ic50 0.003, turnover_cortical 0.04,
    turnover_trabecular 0.2, secondary_mineralization_time 5, wall_thickness_age 0.006
                                                                109 (every response shrinks;
                                                                 FREEDOM hip still 4.8 %)
"""

from __future__ import annotations

import json
import sys

import numpy as np
from diag_states import pct, run_with_states

from osteon import Protocol, Subject
from osteon.model import N_STATES, BoneModel, Cohort
from osteon.outputs.reference import SITES
from osteon.parameters import default_parameters
from osteon.physiology.pharmacology.bone_drugs import Denosumab

WOMAN = Subject(sex="female", age=72, menopause_age=50,
                t_score={"site": "lumbar_spine", "value": -2.8})


def run(overrides: dict) -> dict:
    """Marker and BMD changes and the split of each site's mineral change at 1 and 2 years."""
    params = default_parameters().replace(**overrides)
    protocol = Protocol([Denosumab()])
    res, y, t = run_with_states(WOMAN, protocol, params, 2)
    c = BoneModel(params, Cohort.from_subjects([WOMAN]), protocol).site_constants
    trough = 182.5 / 365.25 - 1e-3
    out: dict = {"ctx": [pct(res, "ctx", x) for x in (1 / 12, trough, 2 * trough)],
                 "p1np12": pct(res, "p1np", 1.0)}
    for site in ("lumbar_spine", "total_hip"):
        s = SITES.index(site)
        blk = y[:, s * N_STATES:(s + 1) * N_STATES]
        split = {}
        for years in (1, 2):
            i = int(np.argmin(abs(t - years)))
            parts = {}
            for env, off, w, m0 in (("trabecular", 5, c[0, s], c[2, s]),
                                    ("cortical", 8, c[1, s], c[3, s])):
                for name, j, sign in (("V", 0, 1), ("Dp", 1, -1), ("Ds", 2, -1)):
                    parts[f"{name} {env}"] = 100 * sign * (blk[i, off + j] - blk[0, off + j]) * w / m0
            split[years] = parts
        out[site] = {"bmd": [pct(res, "bmd", yr, site) for yr in (1, 2)], "split": split,
                     "resorption0": float(blk[0, 0]), "cavity0": float(blk[0, 4])}
    return out


def main() -> None:
    for arg in sys.argv[1:] or ["{}"]:
        r = run(json.loads(arg))
        print(arg)
        ctx = " / ".join(f"{x:.0f}" for x in r["ctx"])
        print(f"  CTX 1 / 6 / 12 months {ctx} %, P1NP 12 months {r['p1np12']:.0f} %")
        for site in ("lumbar_spine", "total_hip"):
            d = r[site]
            print(f"  {site}: resorption {d['resorption0']:.2f}, remodeling space "
                  f"{d['cavity0']:.2f} x peak at baseline")
            for years in (1, 2):
                parts = d["split"][years]
                print(f"    {years * 12} months: BMD {d['bmd'][years - 1]:+.2f} %; "
                      + ", ".join(f"{k} {v:+.2f}" for k, v in parts.items())
                      + f" (sum {sum(parts.values()):.2f} points of peak)")


if __name__ == "__main__":
    main()
