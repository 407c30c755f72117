"""Arrays describing a batch of subjects: the cohort that :class:`osteon.model.BoneModel`
computes for, one entry per subject (:meth:`Cohort.from_subjects` builds it from
:class:`osteon.Subject` objects). ``osteon.model`` re-exports :class:`Cohort`, where the
rest of the package imports it from.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from osteon.covariates import LABS

DIET = ("calcium_mg_per_day", "vitamin_d_25oh_nmol_l", "protein_g_per_kg_per_day")
"""Habitual diet covariates (NaN: the nutrition pathway's documented default)."""
PHYSIOLOGY = ("estrogen_sensitivity", "mechanosensitivity", "age_loss_factor", "drug_response",
              "focal_balance_offset")
"""Per-person factors of the physiology (multipliers, 1: the mean person; the offset, 0),
:class:`~osteon.Subject`'s ``physiology``; what each does is in
:func:`osteon.physiology.endocrine.drives.hormone_drives` (``drug_response``: in
:meth:`osteon.model.BoneModel.site_drives`)."""
PHYSIOLOGY_MEAN = {k: 0.0 if k == "focal_balance_offset" else 1.0 for k in PHYSIOLOGY}
_PER_SUBJECT = (
    "female", "age", "menopause_age", "surgical", "body_mass_kg", "gh_deficient",
    "steps_per_day", *DIET, "labs_held_years", *PHYSIOLOGY,
)  # fmt: skip


@dataclass(frozen=True)
class Cohort:
    """Arrays describing a batch of subjects (shape ``(n,)`` each)."""

    female: np.ndarray
    age: np.ndarray
    menopause_age: np.ndarray
    surgical: np.ndarray
    body_mass_kg: np.ndarray
    gh_deficient: np.ndarray
    labs: dict
    steps_per_day: np.ndarray
    calcium_mg_per_day: np.ndarray
    vitamin_d_25oh_nmol_l: np.ndarray
    protein_g_per_kg_per_day: np.ndarray
    labs_held_years: np.ndarray  # NaN: the parameter measured_level_held_years
    estrogen_sensitivity: np.ndarray | None = None
    mechanosensitivity: np.ndarray | None = None
    age_loss_factor: np.ndarray | None = None
    drug_response: np.ndarray | None = None
    focal_balance_offset: np.ndarray | None = None

    def __post_init__(self) -> None:
        n = self.female.shape[0]
        for key in PHYSIOLOGY:
            if getattr(self, key) is None:
                object.__setattr__(self, key, np.full(n, PHYSIOLOGY_MEAN[key]))

    def _map(self, fn) -> Cohort:
        return Cohort(**{f: fn(getattr(self, f)) for f in _PER_SUBJECT},
                      labs={key: fn(v) for key, v in self.labs.items()})

    def repeat(self, k: int) -> Cohort:
        """Each subject repeated ``k`` times in a row (for evaluating many times at once)."""
        return self._map(lambda a: np.repeat(a, k))

    def subset(self, sl: slice) -> Cohort:
        """The subjects in ``sl``."""
        return self._map(lambda a: a[sl])

    @classmethod
    def from_subjects(cls, subjects) -> Cohort:
        labs: dict[str, np.ndarray] = {}
        for key in LABS:
            vals = np.array([s.labs.get(key, np.nan) for s in subjects], dtype=float)
            if np.isfinite(vals).any():
                labs[key] = vals

        def col(fn, dtype=float):
            return np.array([fn(s) for s in subjects], dtype=dtype)

        return cls(
            female=col(lambda s: s.female, bool),
            age=col(lambda s: s.age),
            menopause_age=col(lambda s: s.menopause_age if s.female else 200.0),
            surgical=col(lambda s: s.menopause == "surgical", bool),
            body_mass_kg=col(lambda s: s.body_mass_kg),
            gh_deficient=col(lambda s: s.gh_deficient, bool),
            labs=labs,
            steps_per_day=col(lambda s: s.steps_per_day),
            **{k: col(lambda s, k=k: np.nan if getattr(s, k) is None else getattr(s, k))
               for k in (*DIET, "labs_held_years")},
            **{k: col(lambda s, k=k: s.physiology.get(k, PHYSIOLOGY_MEAN[k]))
               for k in PHYSIOLOGY},
        )
