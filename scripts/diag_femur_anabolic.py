"""The femur's cancellous answer to teriparatide against the spine's (issue 9, items 3 and 7).

For each value of ``drug_modeling_femur_factor`` (remodeling/envelopes.py,
:func:`~osteon.physiology.remodeling.envelopes.drug_site_factor`) the script runs a woman of
66 (DATA, Tsai 2013; McClung 2005 enrolled women of about that age) on teriparatide 20 ug/day
for 24 months and prints, at 12, 18 and 24 months, each DXA site's areal BMD change and the
change of each envelope's mineral (the trabecular envelope's is the model's analogue of QCT
trabecular vBMD; the cortical envelope's of cortical or peripheral vBMD), all in percent of
baseline. The QCT figures it is read against (18 months, teriparatide 20 ug/day): trabecular
vBMD +19.0 % at the spine, +4.9 % at the femoral neck, cortical neck -1.2 % (McClung MR et al.
Arch Intern Med 2005;165:1762); proximal femur trabecular +4.6 %, peripheral -1.1 % (Keaveny
TM et al. Bone 2012;50:165). DXA at 24 months (DATA): spine +9.5, neck +2.8, total hip +2.0 %.

Usage: ``python scripts/diag_femur_anabolic.py [FACTOR ...]`` (default 1 0.5 0.3); a point
``EXCESS,FACTOR`` also sets ``teriparatide_modeling_early_excess`` (teriparatide's early
modeling excess, :meth:`~osteon.physiology.pharmacology.bone_drugs.Teriparatide.modeling_onset`),
read against DATA's first year (spine +6.2 %, total hip +0.7 %, neck +0.8 % at 12 months).
"""

from __future__ import annotations

import sys

import numpy as np

import osteon.simulation as S
from osteon import Protocol, Simulation, Subject
from osteon.model import N_STATES
from osteon.outputs.reference import SITES
from osteon.parameters import default_parameters
from osteon.physiology.mineral.matrix import mineral_content
from osteon.physiology.pharmacology.bone_drugs import Teriparatide

MONTH = 30.4375
WOMAN = Subject(sex="female", age=66.0, menopause_age=50)
_STATES: dict = {}
_build = S.build_result


def _keep_states(sim, t_out, states, status, reason):
    _STATES["t"], _STATES["y"] = t_out, states.copy()
    return _build(sim, t_out, states, status, reason)


def run(factor: float, excess: float = 0.0) -> dict:
    """``{site: {months: (aBMD %, trabecular %, cortical %)}}`` for one factor."""
    params = default_parameters().replace(drug_modeling_femur_factor=factor,
                                          teriparatide_modeling_early_excess=excess)
    protocol = Protocol((Teriparatide(dose="20 ug", start_day=0.0, stop_day=24 * MONTH),))
    S.build_result = _keep_states
    try:
        res = Simulation([WOMAN], protocol, params, years=2).run().isel(subject=0)
    finally:
        S.build_result = _build
    y, t = _STATES["y"][0], _STATES["t"] / MONTH
    out: dict = {}
    for site in ("lumbar_spine", "femoral_neck", "total_hip"):
        s = SITES.index(site)
        blk = y[:, s * N_STATES:(s + 1) * N_STATES]
        bmd = res.bmd.sel(site=site)
        out[site] = {}
        for months in (12, 18, 24):
            i = int(np.argmin(abs(t - months)))
            env = []
            for off in (5, 8):
                m = mineral_content(blk[:, off], blk[:, off + 1], blk[:, off + 2])
                env.append(100.0 * (m[i] / m[0] - 1.0))
            b = 100.0 * (float(bmd.interp(time=months / 12)) / float(bmd.isel(time=0)) - 1.0)
            out[site][months] = (b, *env)
    return out


def main() -> None:
    for arg in sys.argv[1:] or ["1", "0.5", "0.3"]:
        excess, factor = (float(x) for x in arg.split(",")) if "," in arg else (0.0, float(arg))
        r = run(factor, excess)
        print(f"drug_modeling_femur_factor = {factor}, teriparatide_modeling_early_excess = "
              f"{excess}")
        for site, by in r.items():
            print(f"  {site:13s} " + "; ".join(
                f"{m} mo: aBMD {b:+.2f}, trab {tr:+.2f}, cort {co:+.2f}"
                for m, (b, tr, co) in by.items()))
        ratio = [r[s][18][1] / r["lumbar_spine"][18][1] for s in ("femoral_neck", "total_hip")]
        print(f"  18 mo trabecular femur/spine: neck {ratio[0]:.2f}, total hip {ratio[1]:.2f} "
              "(QCT: 4.9/19.0 = 0.26, 4.6/19.0 = 0.24)")


if __name__ == "__main__":
    main()
