#!/usr/bin/env python
"""Would arrested cavities tame the antiresorptives' first year? A probe (issue 9, "arrest").

Not a refit: nothing is chosen here. For the mean woman of FREEDOM (72 years, spine T-score
-2.8), HORIZON (73, neck -2.7) and DECIDE (64, spine -2.6; Brown JP et al. J Bone Miner Res
2009;24:153), on denosumab 60 mg / 6 months, alendronate 70 mg / week or zoledronic acid
5 mg / year, the script splits each DXA site's first-year mineral change (points of peak
mineral) into matrix volume ``V`` (the remodeling space refilled), primary ``Dp`` and
secondary ``Ds`` mineralization, as ``scripts/diag_remodeling_space.py`` does, and estimates
the BMD change if a share ``a`` of the baseline remodeling space were arrested cavities that
the drug does not refill (``V`` and the primary mineral of the refilled matrix scaled by
``1 - a``; secondary mineralization of old bone unchanged). Two shares: the age-inflated excess
of the remodeling space over its resorption (``1 - R0 / C0``, 0.27-0.32), and 0.5.
Pass parameter overrides as JSON, one set per argument.

Run: ``python scripts/diag_arrested_share.py '{}'`` (minutes).

Result (2026-12-07, main cd5bc91, calibrated set; hip = total hip, % at 12 months):

    FREEDOM denosumab, IC50 0.2 (calibrated; CTX -11 % at 12 months): hip 3.98 (V 1.71, Dp 0.42,
      Ds 1.19 points); arrested share 0.31 -> 3.18, 0.5 -> 2.70 (published 3.2)
    FREEDOM denosumab, IC50 0.003 (CTX -86 %): hip 8.75 (V 5.16, Dp 0.68, Ds 1.46);
      0.31 -> 6.55, 0.5 -> 5.25; FREEDOM's 3.2 needs a = 0.79
    HORIZON zoledronic acid (CTX -27 %): hip 1.68 -> 1.32 / 1.11
    DECIDE alendronate (CTX -48 %): hip 2.42 -> 1.89 / 1.41 (published 2.6)
    DECIDE denosumab, IC50 0.2: 3.65 -> 3.08 / 2.57; IC50 0.003: 8.18 -> 6.51 / 5.05 (3.5)

An arrested share rescales every antiresorptive's refill by ``1 - a``: it cannot change the
deep / moderate ratio (DECIDE 1.35; here 3.4 with the CTX-consistent denosumab IC50 at any
share), it takes bone from the bisphosphonates, which the model already undershoots, and to
bring the CTX-consistent denosumab to FREEDOM's hip it would have to hold four fifths of an old
woman's remodeling space.
"""

from __future__ import annotations

import itertools
import json
import sys

import numpy as np
from diag_states import pct, run_with_states

from osteon import Protocol, Subject
from osteon.model import N_STATES, BoneModel, Cohort
from osteon.outputs.reference import SITES
from osteon.parameters import default_parameters
from osteon.physiology.pharmacology.bisphosphonates import Bisphosphonate
from osteon.physiology.pharmacology.bone_drugs import Denosumab

FREEDOM = Subject(sex="female", age=72, menopause_age=50,
                  t_score={"site": "lumbar_spine", "value": -2.8})
HORIZON = Subject(sex="female", age=73, menopause_age=50,
                  t_score={"site": "femoral_neck", "value": -2.7})
DECIDE = Subject(sex="female", age=64, menopause_age=50,
                 t_score={"site": "lumbar_spine", "value": -2.6})
ZOL = Bisphosphonate(agent="zoledronic_acid", dose="5 mg", every="1 year")
CASES = {
    "FREEDOM denosumab ic50 0.2": (FREEDOM, Denosumab(), {"denosumab_ic50": 0.2}),
    "FREEDOM denosumab ic50 0.003": (FREEDOM, Denosumab(), {"denosumab_ic50": 0.003}),
    "HORIZON zoledronic acid": (HORIZON, ZOL, {}),
    "DECIDE alendronate": (DECIDE, Bisphosphonate(agent="alendronate"), {}),
    "DECIDE denosumab ic50 0.2": (DECIDE, Denosumab(), {"denosumab_ic50": 0.2}),
    "DECIDE denosumab ic50 0.003": (DECIDE, Denosumab(), {"denosumab_ic50": 0.003}),
}


def run(subject, drug, overrides: dict) -> dict:
    """CTX at 12 months and, per site, the BMD change, its split and the arrested estimates."""
    params = default_parameters().replace(**overrides)
    protocol = Protocol([drug])
    res, y, t = run_with_states(subject, protocol, params, 1)
    c = BoneModel(params, Cohort.from_subjects([subject]), protocol).site_constants
    i = int(np.argmin(abs(t - 1.0)))
    out: dict = {"ctx12": pct(res, "ctx", 1.0 - 1e-3)}
    for site in ("lumbar_spine", "total_hip"):
        s = SITES.index(site)
        blk = y[:, s * N_STATES:(s + 1) * N_STATES]
        parts = {"V": 0.0, "Dp": 0.0, "Ds": 0.0}
        for off, w, m0 in ((5, c[0, s], c[2, s]), (8, c[1, s], c[3, s])):
            for name, j, sign in (("V", 0, 1), ("Dp", 1, -1), ("Ds", 2, -1)):
                parts[name] += 100 * sign * (blk[i, off + j] - blk[0, off + j]) * w / m0
        total = sum(parts.values())
        bmd = pct(res, "bmd", 1.0, site)
        share_age = max(0.0, 1.0 - blk[0, 0] / blk[0, 4])
        out[site] = {"bmd": bmd, "parts": parts, "share_age": share_age,
                     "arrested": {a: bmd * (total - a * (parts["V"] + parts["Dp"])) / total
                                  for a in (share_age, 0.5)}}
    return out


def main() -> None:
    for arg, name in itertools.product(sys.argv[1:] or ["{}"], CASES):
        subject, drug, overrides = CASES[name]
        r = run(subject, drug, {**overrides, **json.loads(arg)})
        line = f"{arg} {name}: CTX {r['ctx12']:.0f} %"
        for site in ("lumbar_spine", "total_hip"):
            d = r[site]
            parts = ", ".join(f"{k} {v:.2f}" for k, v in d["parts"].items())
            est = " / ".join(f"{a:.2f} -> {v:.2f}" for a, v in d["arrested"].items())
            line += f"; {site} {d['bmd']:.2f} ({parts}; arrested {est})"
        print(line, flush=True)


if __name__ == "__main__":
    main()
