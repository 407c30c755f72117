"""A progress bar for long cohort runs (tqdm, on stderr).

The bar counts subjects, shows the rate and the time left, and appears only once
a run has lasted :data:`SHOW_AFTER_S` seconds, so short runs stay silent.
``quiet=True`` turns it off.
"""

from __future__ import annotations

import sys

from tqdm.auto import tqdm

SHOW_AFTER_S = 2.0
"""Seconds before the bar appears."""


def progress_bar(total: int, initial: int = 0, *, quiet: bool = False, desc: str = "subjects",
                 file=None) -> tqdm:
    """A tqdm bar over ``total`` subjects, ``initial`` of them already done (a resumed run).

    >>> with progress_bar(10, quiet=True) as bar:
    ...     bar.update(4)
    """
    return tqdm(total=total, initial=initial, unit="subject", desc=desc,
                file=file if file is not None else sys.stderr, disable=quiet,
                delay=SHOW_AFTER_S, dynamic_ncols=True, smoothing=0.1, mininterval=0.5)
