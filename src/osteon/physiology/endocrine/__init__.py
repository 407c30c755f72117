"""Endocrine background: the hormones that conduct bone remodeling.

The background is closed-form in age (no ODE states), so therapies can later be
added as closed-form pharmacokinetics on top of it without slowing the solver.
"""

from osteon.physiology.endocrine.background import EndocrineBackground, Hormones
from osteon.physiology.endocrine.receptors import (
    androgen_occupancy,
    estrogen_occupancy,
    progesterone_occupancy,
)

__all__ = [
    "EndocrineBackground",
    "Hormones",
    "androgen_occupancy",
    "estrogen_occupancy",
    "progesterone_occupancy",
]
