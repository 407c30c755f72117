"""Checks and helpers shared by the sex-hormone therapies
(:mod:`~osteon.physiology.pharmacology.sex_hormones` and
:mod:`~osteon.physiology.pharmacology.hpg_axis`): the agent and positive-number checks,
the largest plausible dose rates, and the instantaneous levels of a Signals object.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from osteon.errors import OsteonInputError
from osteon.signals import Signals

# Input checks (not model parameters): doses far above any clinical use are taken as unit
# mistakes (e.g. "50 mg" for a 50 ug patch). Oral estradiol up to 30 mg/day has been given
# for breast cancer (Ellis MJ et al. JAMA 2009;302:774).
_MAX_RATE_MG_PER_DAY = {
    ("estrogen", "estradiol", "oral"): 30.0,
    ("estrogen", "estradiol_valerate", "oral"): 40.0,
    ("estrogen", "conjugated_estrogens", "oral"): 10.0,
    ("estrogen", "estradiol", "transdermal"): 1.0,
    ("progestogen", "micronized_progesterone", None): 1000.0,
    ("progestogen", "medroxyprogesterone_acetate", None): 100.0,
    ("progestogen", "norethisterone_acetate", None): 50.0,
    ("aromatase_inhibitor", "anastrozole", None): 10.0,
    ("aromatase_inhibitor", "letrozole", None): 25.0,
}

# --------------------------------------------------------------------------- helpers


def _choice(field: str, value: Any, choices, example: str) -> str:
    if value not in choices:
        raise OsteonInputError(field, f"{value!r} is not one of {', '.join(choices)}", example)
    return value


def _positive(field: str, value: Any, example: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not np.isfinite(value):
        raise OsteonInputError(field, f"expected a number, got {value!r}", example)
    if value <= 0:
        raise OsteonInputError(field, f"must be positive, got {value!r}", example)
    return float(value)


def _instant(signals: Signals):
    return signals.hormones_instant if signals.hormones_instant is not None else signals.hormones
