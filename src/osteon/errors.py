"""Errors raised for bad input.

Every error names the field that was wrong and shows a valid example, so that a
user can fix the input without reading the source.
"""

from __future__ import annotations


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

    def __init__(self, field: str, problem: str, example: str | None = None) -> None:
        self.field = field
        self.problem = problem
        self.example = example
        msg = f"{field}: {problem}"
        if example:
            msg += f". Valid example: {example}"
        super().__init__(msg)

    def __reduce__(self):
        # Rebuilt from its fields, so that an error raised in a worker process reaches
        # the user intact (the default pickles only the message, and unpickling then
        # failed and broke the process pool; issue 15).
        return (type(self), (self.field, self.problem, self.example))


class TrialFileError(OsteonInputError):
    """A clinical trial file does not follow ``FORMAT.md``."""
