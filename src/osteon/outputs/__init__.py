"""What a simulation reports: areal BMD, T- and Z-scores, WHO category,
turnover markers in lab units."""

from osteon.outputs.reference import (
    SITES,
    WHO_CATEGORIES,
    reference_bmd,
    t_score,
    who_category,
    z_score,
)

__all__ = ["SITES", "WHO_CATEGORIES", "reference_bmd", "t_score", "who_category", "z_score"]
