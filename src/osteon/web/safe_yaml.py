"""YAML uploads parsed safely: size, alias and depth limits before anything is built.

``yaml.safe_load`` already refuses arbitrary Python objects, but it still expands aliases, so a
few hundred bytes can become gigabytes ("billion laughs"). :func:`check_yaml` walks the event
stream (no objects built) and refuses too many aliases or too deep nesting first.
"""

from __future__ import annotations

from typing import Any

import yaml

from osteon.errors import OsteonInputError
from osteon.web import limits


def check_yaml(text: str, field: str = "yaml") -> None:
    """Refuse YAML text over the size, alias or depth limits, with tags that would build
    Python objects, or not YAML at all.

    Examples
    --------
    >>> check_yaml("a: 1")
    >>> check_yaml("a: &x [1]\\nb: [" + ", ".join(["*x"] * 40) + "]")
    Traceback (most recent call last):
    ...
    osteon.errors.OsteonInputError: yaml: more than 16 aliases (*name); write the values out. Valid example: id: pepi-1996
    """
    if not isinstance(text, str):
        raise OsteonInputError(field, "expected YAML text", "id: pepi-1996")
    size = len(text.encode("utf-8", errors="replace"))
    if size > limits.MAX_YAML_BYTES:
        raise OsteonInputError(field, f"{size} bytes is over the limit of "
                               f"{limits.MAX_YAML_BYTES} bytes", "a trial file of a few kB")
    aliases = depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent):
                aliases += 1
                if aliases > limits.MAX_YAML_ALIASES:
                    raise OsteonInputError(
                        field, f"more than {limits.MAX_YAML_ALIASES} aliases (*name); write "
                        "the values out", "id: pepi-1996")
            elif isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > limits.MAX_YAML_DEPTH:
                    raise OsteonInputError(
                        field, f"nested deeper than {limits.MAX_YAML_DEPTH} levels",
                        "id: pepi-1996")
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
        # aliases and depth are bounded now: building is cheap, and refuses Python tags
        yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        problem = getattr(err, "problem", None) or "not valid YAML"
        raise OsteonInputError(field, f"{problem}{where}", "id: pepi-1996") from None


def safe_load(text: str, field: str = "yaml") -> Any:
    """:func:`check_yaml`, then ``yaml.safe_load``.

    >>> safe_load("a: [1, 2]")
    {'a': [1, 2]}
    """
    check_yaml(text, field)
    return yaml.safe_load(text)  # second parse: keeps check_yaml free of return values
