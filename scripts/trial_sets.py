"""Named sets of public trial files that several refit scripts fit on.

Scripts run as ``python scripts/NAME.py`` have this folder on ``sys.path``, so they import
these lists with ``from trial_sets import ESTROGEN_FILES``. The shared files are read where
they are (``../shared/validation/trials``, read-only); the project's own in
``validation/trials``.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared/validation/trials"
PROJECT = ROOT / "validation/trials"

#: Estrogen exposure, deficiency and its time course: natural history across the menopause,
#: estrogen therapy and withdrawal, aromatase inhibitors, a SERM and the NHANES prevalence by
#: decade (the data of the estrogen-adaptation refits).
ESTROGEN_FILES = [SHARED / f for f in (
    "swan-transmenopause.yaml", "swan-decade.yaml", "greenspan-2002-estrogen-withdrawal.yaml",
    "pepi-1996.yaml", "atac-2006-anastrozole.yaml", "garnero-1996-turnover.yaml",
    "mros-men-femoral-neck.yaml", "transdermal-estradiol-meta.yaml")] + [
    PROJECT / f for f in (
        "sestak-2014-ibis2-anastrozole-bone.yaml", "sestak-2021-ibis2-anastrozole-offset.yaml",
        "perez-2006-ma17b-letrozole-bone.yaml", "ettinger-2004-ultralow-transdermal-estradiol.yaml",
        "cauley-2003-whi-estrogen-progestin-bmd.yaml", "delmas-1997-raloxifene.yaml")] + [
    PROJECT / f"wright-2014-nhanes-women-{band}.yaml" for band in ("50-59", "60-69", "70-79")]
