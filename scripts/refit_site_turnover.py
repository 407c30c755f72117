#!/usr/bin/env python
"""Refit of the vertebral cancellous turnover (issue 9, item 3: sites answer alike).

Superseded: the factor is now refitted together with the per-envelope focal balance by
``scripts/refit_envelope_balance.py`` (value 1.3); this script keeps the earlier one-factor
grid and its ``--diagnose`` view (run it with the other two at 1 to reproduce the result below).

Antiresorptives act in the model by turnover: each envelope's remodeling-space transient and
secondary mineralization scale with its turnover times its weight in the site's mineral, and
the sites share one cancellous and one cortical turnover. So the spine/total-hip ratio of an
antiresorptive's gain is capped at about the ratio of the trabecular fractions (0.5/0.4) and
came out 1.05-1.1 for alendronate and denosumab, against about 1.5-2.3 published (Gonnelli
2003 men: 8.8 vs 3.9 % at 36 months; FREEDOM: 9.2 vs 6.0 %). The one site-specific lever
with in-vivo support is a faster vertebral cancellous turnover (red marrow; 18F-fluoride PET:
vertebral Ki 2.1x humeral, Cook GJ et al. J Bone Miner Res 2000;15:763):
``turnover_trabecular_spine_factor``.

Data: the alendronate spine endpoints (Gonnelli 2003 men, Orwoll 2000 men, Liberman 1995
women, McClung 2014 women) and the spine's natural history (SWAN decade and
transmenopause). Objective: the tolerance-scaled squared residuals of ``scripts/calibrate.py``
on small virtual cohorts. Method: a grid over the factor (range 1-2.5).

Run: ``python scripts/refit_site_turnover.py [--subjects 6] [--factor 1 1.3 2]``.

Result (2026-12-06, measured with ``scripts/physio_measure.py`` at 30 subjects per arm, seed
2026, on the files above; published / factor 1 / 1.3 / 2):
Gonnelli spine 36 mo 8.8 / 4.51 / 5.1 / 6.26; Orwoll spine 24 mo 7.1 / 3.52 / 4.08 / 5.18;
Liberman 10 mg spine difference 7.4 / 6.79 / 7.90 / 9.99 (out at 2); McClung alendronate spine
12 mo 4.1 / 2.44 / 3.07 / 4.51 (romosozumab arm 11.3 / 10.83 / 15.19 / 25.3: its modeling
formation lands in proportion to envelope turnover); SWAN decade spine -10.6 / -10.5 / -12.0 /
-14.9 (out at 2); SWAN transmenopause spine -7.38 / -6.7 / -7.79 / -10.1 (out at 2).
Agreement on those files: 21 of 30 endpoints at 1.0, 20 at 1.3 (romosozumab lost), fewer at 2.
The mean-subject diagnostics (``--diagnose``) show why: the spine's natural-history loss over
10 years rises by the same proportion as its alendronate gain (factor 1.5: +24 % vs +26 %),
because lasting loss (turnover x focal balance) and the transient (turnover x remodeling space)
both scale with the envelope's turnover. No factor above 1 helps; the value stays at its
neutral lower bound, which says the structure is wrong, not the number: women's spine/hip
ratio is already near the published (Liberman 6.8/5.4 vs 7.4/5.5) while men's spine gain is
half the published at an on-target hip, so the gap is not a property of the spine alone.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from osteon.calibration.refit import scored_endpoints
from osteon.trials.format import load_trial

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared/validation/trials"
FILES = [ROOT / "validation/trials/gonnelli-2003-alendronate-men.yaml",
         ROOT / "validation/trials/orwoll-2000-alendronate-men.yaml",
         ROOT / "validation/trials/liberman-1995-alendronate.yaml",
         ROOT / "validation/trials/mcclung-2014-romosozumab.yaml",
         SHARED / "swan-decade.yaml", SHARED / "swan-transmenopause.yaml"]
NAME = "turnover_trabecular_spine_factor"


def diagnose(factor: float) -> None:
    """Mean subjects: 3-year alendronate and denosumab gains over untreated by site, and a
    woman's 10-year natural history from 46 (menopause at 50)."""
    from osteon import Simulation, Subject, default_parameters
    from osteon.trials.interventions import protocol_from_specs

    ps = default_parameters().replace(**{NAME: factor})
    drugs = {"alendronate": [{"intervention": "bisphosphonate", "agent": "alendronate",
                              "dose": "10 mg", "every": "1 day"}],
             "denosumab": [{"intervention": "denosumab", "dose": "60 mg", "every": "6 months"}]}

    def pct(res, site, years):
        t = res.time.values
        b = res.bmd.sel(site=site).values[0]
        return 100.0 * (b[int(np.argmin(abs(t - years)))] / b[0] - 1.0)

    for who, subj in (("man 63", Subject(sex="male", age=63)),
                      ("woman 69", Subject(sex="female", age=69, menopause_age=50))):
        off = Simulation([subj], None, ps, years=3).run()
        for drug, specs in drugs.items():
            on = Simulation([subj], protocol_from_specs(specs), ps, years=3).run()
            d = {s: pct(on, s, 3) - pct(off, s, 3)
                 for s in ("lumbar_spine", "femoral_neck", "total_hip")}
            print(f"  {who} {drug}: spine {d['lumbar_spine']:.2f} neck {d['femoral_neck']:.2f} "
                  f"hip {d['total_hip']:.2f} spine/hip {d['lumbar_spine'] / d['total_hip']:.2f}")
    nh = Simulation([Subject(sex="female", age=46, menopause_age=50)], None, ps, years=10).run()
    print(f"  natural history 10 y: spine {pct(nh, 'lumbar_spine', 10):.2f} "
          f"neck {pct(nh, 'femoral_neck', 10):.2f}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--subjects", type=int, default=6)
    ap.add_argument("--factor", type=float, nargs="*", default=[1.0, 1.3, 1.6, 2.0])
    ap.add_argument("--diagnose", action="store_true",
                    help="mean-subject site ratios and natural history instead of the fit")
    a = ap.parse_args()
    if a.diagnose:
        for f in a.factor:
            print(f"{NAME}={f:.2f}")
            diagnose(f)
        return
    trials = [load_trial(f) for f in FILES]
    best = None
    for f in a.factor:
        rows = [(f"{s.trial}:{s.result.site}", s.result.published, s.result.simulated, s.z)
                for s in scored_endpoints(trials, a.subjects, {NAME: f})]
        obj = sum(z**2 for *_, z in rows)
        print(f"{NAME}={f:.2f} objective={obj:.3f}")
        if best is None or obj < best[0]:
            best = (obj, f, rows)
    obj, f, rows = best
    print(f"best {NAME}={f:.3f} objective={obj:.3f}")
    for row in rows:
        print("  {}: published {:.2f} simulated {:.2f} z {:+.2f}".format(*row))


if __name__ == "__main__":
    main()
