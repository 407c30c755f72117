"""Checks of single input values shared by every public entry point (issue 15).

One place decides what counts as a number or a yes/no answer, so that the Python API,
subject files, trial files and the command line agree:

- a number is a real number (``int``, ``float``, ``numpy.int64``, ``numpy.float32``...),
  never a boolean and never text (``"10"`` is refused: a quoted number in a file is
  usually a typo of another field); it must be finite, and huge integers (a 400-digit
  literal) are refused instead of overflowing;
- "integer where meant" means a whole value: ``3`` and ``3.0`` pass, ``3.5`` fails;
- a yes/no answer is ``True`` or ``False`` (or ``numpy.bool_``) only: ``"no"``, ``"false"``,
  ``0`` and ``1`` are refused rather than guessed.

Every refusal is an :class:`~osteon.errors.OsteonInputError` naming the field, what was
wrong and a valid example.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np

from osteon.errors import OsteonInputError


def _show(value: Any) -> str:
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{text} ({type(value).__name__})"


def is_real(value: Any) -> bool:
    """Whether ``value`` is a real number that is not a boolean.

    >>> is_real(3), is_real(np.int64(3)), is_real(True), is_real("3")
    (True, True, False, False)
    """
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


def number(field: str, value: Any, example: str, *, lo: float | None = None,
           hi: float | None = None, lo_open: bool = False, hi_open: bool = False,
           integer: bool = False, units: str = "") -> float:
    """``value`` as a finite float in the given range, or an error naming ``field``.

    Parameters
    ----------
    field
        Dotted field name for the message (``"subject.age"``).
    value
        What the user gave.
    example
        A valid example for the message.
    lo, hi
        Bounds (inclusive unless ``lo_open``/``hi_open``); None: unbounded.
    integer
        Require a whole value.
    units
        Shown in the message.

    Returns
    -------
    float
        The value (use ``int(...)`` on it where ``integer=True``).

    Examples
    --------
    >>> number("subject.age", np.int64(55), "age=55", lo=30, hi=100)
    55.0
    >>> number("subject.age", float("nan"), "age=55")
    Traceback (most recent call last):
    ...
    osteon.errors.OsteonInputError: subject.age: expected a finite number, got nan (float). Valid example: age=55
    >>> number("batch", 2.5, "batch=2", integer=True)
    Traceback (most recent call last):
    ...
    osteon.errors.OsteonInputError: batch: expected a whole number, got 2.5 (float). Valid example: batch=2
    """
    unit_text = f" {units}" if units else ""
    if not is_real(value):
        kind = "a whole number" if integer else "a number"
        raise OsteonInputError(field, f"expected {kind}{' in ' + units if units else ''}, "
                               f"got {_show(value)}", example)
    try:
        x = float(value)
    except (OverflowError, ValueError):
        raise OsteonInputError(field, "a number far too large to be meant "
                               f"(about 10^{len(str(abs(int(value)))) - 1})", example) from None
    if not math.isfinite(x):
        raise OsteonInputError(field, f"expected a finite number, got {_show(value)}", example)
    if integer and x != math.floor(x):
        raise OsteonInputError(field, f"expected a whole number, got {_show(value)}", example)
    low_bad = lo is not None and (x <= lo if lo_open else x < lo)
    high_bad = hi is not None and (x >= hi if hi_open else x > hi)
    if low_bad or high_bad:
        left = "(" if lo_open else "["
        right = ")" if hi_open else "]"
        rng = (f"{left}{'-inf' if lo is None else f'{lo:g}'}, "
               f"{'inf' if hi is None else f'{hi:g}'}{right}")
        raise OsteonInputError(field, f"{value!r} is outside {rng}{unit_text}", example)
    return x


def whole(field: str, value: Any, example: str, *, lo: float | None = None,
          hi: float | None = None) -> int:
    """``value`` as an ``int`` in ``[lo, hi]`` (see :func:`number`).

    >>> whole("retries", np.int32(2), "retries=2", lo=0, hi=20)
    2
    """
    return int(number(field, value, example, lo=lo, hi=hi, integer=True))


def boolean(field: str, value: Any, example: str) -> bool:
    """``value`` if it is ``True`` or ``False``; text such as ``"no"`` is refused.

    >>> boolean("subject.gh_deficient", np.bool_(True), "gh_deficient: true")
    True
    >>> boolean("subject.gh_deficient", "no", "gh_deficient: false")
    Traceback (most recent call last):
    ...
    osteon.errors.OsteonInputError: subject.gh_deficient: expected true or false, got 'no' (str). Valid example: gh_deficient: false
    """
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    raise OsteonInputError(field, f"expected true or false, got {_show(value)}", example)


def text(field: str, value: Any, example: str, *, max_len: int = 200) -> str:
    """``value`` if it is text of at most ``max_len`` characters.

    >>> text("subject.name", "Ann", 'name="Ann"')
    'Ann'
    """
    if not isinstance(value, str):
        raise OsteonInputError(field, f"expected text, got {_show(value)}", example)
    if len(value) > max_len:
        raise OsteonInputError(field, f"text of {len(value)} characters; at most {max_len}",
                               example)
    return value


def choice(field: str, value: Any, choices: tuple[str, ...], example: str) -> str:
    """``value`` if it is one of ``choices`` (text).

    >>> choice("subject.sex", "male", ("female", "male"), 'sex="female"')
    'male'
    """
    if not isinstance(value, str) or value not in choices:
        raise OsteonInputError(field, f"{value!r} is not one of {', '.join(choices)}", example)
    return value


__all__ = ["boolean", "choice", "is_real", "number", "text", "whole"]


def given(value: float | None, field: str) -> float:
    """An optional field that validation has already filled in, narrowed to ``float``.

    Interventions with either-or fields (a dose or a target, minutes or steps) check in
    ``__post_init__`` that the one a method needs is set; this states that for the type
    checker and fails loudly if that invariant is ever broken.

    >>> given(2.5, "dose_mg")
    2.5
    """
    if value is None:  # pragma: no cover - __post_init__ refuses this
        raise ValueError(f"{field} is required here and was not set")
    return value
