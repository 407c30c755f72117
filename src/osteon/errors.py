"""Errors raised for bad input.

Every error names the field that was wrong and shows a valid example, so that a
user can fix the input without reading the source.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


class OsteonInputError(ValueError):
    """A value given to Osteon is invalid.

    Parameters
    ----------
    field
        Dotted name of the offending field (``"subject.age"``).
    problem
        What is wrong with it.
    example
        A valid example for that field.

    Examples
    --------
    >>> err = OsteonInputError("subject.age", "200 is outside 18-110 years", "age=55")
    >>> print(err)
    subject.age: 200 is outside 18-110 years. Valid example: age=55
    """

    problems: list[tuple[str, str, str | None]]

    def __init__(self, field: str, problem: str, example: str | None = None,
                 problems: list[tuple[str, str, str | None]] | None = None) -> None:
        self.field = field
        self.problem = problem
        self.example = example
        if problems is not None:
            self.problems = [(f, what, ex) for f, what, ex in problems]
        elif "problems" not in self.__dict__:  # a subclass may have set its own list
            self.problems = [(field, problem, example)]
        lines = [_line(*p) for p in self.problems] if problems else [_line(field, problem, example)]
        super().__init__("\n".join(lines))

    def __reduce__(self):
        # Rebuilt from its fields, so that an error raised in a worker process reaches
        # the user intact (the default pickles only the message, and unpickling then
        # failed and broke the process pool; issue 15).
        return (type(self), (self.field, self.problem, self.example, self.problems))


def _line(field: str, problem: str, example: str | None) -> str:
    msg = f"{field}: {problem}"
    if example:
        msg += f". Valid example: {example}"
    return msg


class Problems:
    """Collects every input problem of one call, to report them all at once (issue 15).

    Each check runs inside ``with problems.check():``; an :class:`OsteonInputError`
    raised there is recorded (all of its ``problems``) and the next check runs.
    :meth:`raise_all` then raises one error of ``error_type`` whose ``field``,
    ``problem`` and ``example`` are the first problem's (so code written for one
    problem keeps working), whose ``problems`` lists all of them as
    ``(field, problem, example)`` and whose message has one line per problem.

    >>> found = Problems()
    >>> with found.check():
    ...     raise OsteonInputError("subject.age", "200 is outside [30, 100]", "age=55")
    >>> found.add("subject.sex", "'x' is not one of female, male", 'sex="female"')
    >>> try:
    ...     found.raise_all()
    ... except OsteonInputError as err:
    ...     print(err.field, len(err.problems))
    subject.age 2
    """

    def __init__(self, error_type: type[OsteonInputError] | None = None) -> None:
        self.items: list[tuple[str, str, str | None]] = []
        self.error_type = error_type
        self._first: OsteonInputError | None = None

    def __bool__(self) -> bool:
        return bool(self.items)

    def add(self, field: str, problem: str, example: str | None = None) -> None:
        self.items.append((field, problem, example))

    def add_error(self, err: OsteonInputError) -> None:
        if self._first is None:
            self._first = err
        self.items.extend(getattr(err, "problems", None) or
                          [(err.field, err.problem, err.example)])

    @contextmanager
    def check(self) -> Iterator[None]:
        try:
            yield
        except OsteonInputError as err:
            self.add_error(err)

    def raise_all(self) -> None:
        """Raise the problems found, if any (one problem: the original error itself)."""
        if not self.items:
            return
        if len(self.items) == 1 and self._first is not None:
            raise self._first
        cls = self.error_type or (type(self._first) if self._first is not None
                                  else OsteonInputError)
        field, problem, example = self.items[0]
        try:
            err = cls(field, problem, example, problems=self.items)
        except TypeError:  # a subclass with another signature
            err = OsteonInputError(field, problem, example, problems=self.items)
        raise err


class TrialFileError(OsteonInputError):
    """A clinical trial file does not follow ``FORMAT.md``."""
