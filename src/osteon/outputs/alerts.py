"""Physiology alerts: a simulated person whose plasma calcium leaves the clinical range.

A result can be numerically sound and still describe a person the model was not built
for: five years of a strong antiresorptive on 100-300 mg/day of calcium drives plasma
calcium to about 1.9 mmol/L (the skeleton can no longer buffer the gut's deficit). That is
hypocalcaemia, which a clinician would treat, and the bone numbers beyond it are outside
the range the calcium subsystem was calibrated on (Peterson & Riggs 2010 fit normal
calcium homeostasis). Such a result is not dropped: it is kept and flagged, per subject,
in ``physiology_alert`` (empty when none), and counted in the ``n_alerts`` attribute.

The thresholds sit just outside the adult laboratory reference interval of total serum
calcium (about 2.15-2.55 mmol/L), so that model tolerance around the steady state (about
2.30-2.33 mmol/L) never raises an alert:

- hypocalcaemia below 2.10 mmol/L: Cooper MS, Gittoes NJL. Diagnosis and management of
  hypocalcaemia. BMJ 2008;336:1298-1302 (adjusted calcium below 2.2 mmol/L);
- hypercalcaemia above 2.65 mmol/L: Walsh J, Gittoes N, Selby P. Society for
  Endocrinology endocrine emergency guidance: emergency management of acute
  hypercalcaemia in adult patients. Endocr Connect 2016;5:G9-G11 (above 2.6 mmol/L).
"""

from __future__ import annotations

import numpy as np

PLASMA_CALCIUM_LOW = 2.10
"""mmol/L; below it a subject is flagged as hypocalcaemic (see the module text)."""
PLASMA_CALCIUM_HIGH = 2.65
"""mmol/L; above it a subject is flagged as hypercalcaemic (see the module text)."""


def calcium_alerts(years: np.ndarray, serum_calcium: np.ndarray) -> np.ndarray:
    """One text per subject: empty, or where plasma calcium left the clinical range.

    ``years`` ``(nt,)``: output times (years of follow-up); ``serum_calcium`` ``(n, nt)`` in
    mmol/L (NaN for a failed subject, which gets no alert: its status says why).

    >>> calcium_alerts(np.array([0.0, 1.0, 2.0]),
    ...                np.array([[2.3, 2.3, 2.3], [2.3, 2.05, 1.95], [2.3, 2.7, 2.4]])).tolist()
    ['', 'hypocalcaemia: plasma calcium 1.95 mmol/L (below 2.10) from year 1.0, lowest at year 2.0', 'hypercalcaemia: plasma calcium 2.70 mmol/L (above 2.65) from year 1.0, highest at year 1.0']
    """
    years = np.asarray(years, dtype=float)
    ca = np.atleast_2d(np.asarray(serum_calcium, dtype=float))
    out = np.array([""] * ca.shape[0], dtype=object)
    for j, row in enumerate(ca):
        parts = []
        low = row < PLASMA_CALCIUM_LOW
        if low.any():
            k = int(np.nanargmin(row))
            parts.append(f"hypocalcaemia: plasma calcium {row[k]:.2f} mmol/L (below "
                         f"{PLASMA_CALCIUM_LOW:.2f}) from year {years[np.argmax(low)]:.1f}, "
                         f"lowest at year {years[k]:.1f}")
        high = row > PLASMA_CALCIUM_HIGH
        if high.any():
            k = int(np.nanargmax(row))
            parts.append(f"hypercalcaemia: plasma calcium {row[k]:.2f} mmol/L (above "
                         f"{PLASMA_CALCIUM_HIGH:.2f}) from year {years[np.argmax(high)]:.1f}, "
                         f"highest at year {years[k]:.1f}")
        out[j] = "; ".join(parts)
    return out
