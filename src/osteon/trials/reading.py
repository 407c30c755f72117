"""Reading a trial file: YAML with line numbers, and the checks of single fields.

The part of the trial-file reader (:mod:`osteon.trials.format`) that knows nothing of
the format's vocabulary: :func:`read_yaml` parses a file under the size and structure
limits of :mod:`osteon.safe_yaml` and records the line of every key; :class:`Ctx` turns a
problem at a key path into a :class:`~osteon.errors.TrialFileError` naming the file, the
key, the line and a valid example; the field checks (:func:`mapping`, :func:`number`,
:func:`choice`, :func:`duration`...) raise such errors.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import yaml

from osteon import safe_yaml
from osteon.errors import OsteonInputError, Problems, TrialFileError
from osteon.units import parse_duration


# --------------------------------------------------------------------------- YAML reading
def format_path(path: tuple) -> str:
    out = ""
    for p in path:
        if isinstance(p, int):
            out += f"[{p}]"
        else:
            out += f".{p}" if out else str(p)
    return out


class Ctx:
    """Error reporting for one file: field names and line numbers."""

    def __init__(self, file: str, lines: dict[tuple, int]):
        self.file = file
        self.lines = lines

    def line(self, path: tuple) -> int | None:
        p = tuple(path)
        while p:
            if p in self.lines:
                return self.lines[p]
            p = p[:-1]
        return None

    def error(self, path: tuple, problem: str, example: str) -> TrialFileError:
        line = self.line(path)
        where = f" (line {line})" if line else ""
        name = format_path(path) or "(top level)"
        return TrialFileError(f"{self.file}: {name}", f"{problem}{where}", example)


def walk_nodes(node: yaml.Node, path: tuple, lines: dict[tuple, int], file: str) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            line = key_node.start_mark.line + 1
            if key is not None and key in seen:
                name = format_path((*path, key))
                raise TrialFileError(
                    f"{file}: {name}",
                    f"key {key!r} appears twice (lines {seen[key]} and {line})",
                    "each key once per mapping",
                )
            if key is not None:
                seen[key] = line
                lines[(*path, key)] = line
                walk_nodes(value_node, (*path, key), lines, file)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            walk_nodes(item, (*path, i), lines, file)


def read_yaml(path: Path) -> tuple[Any, dict[tuple, int]]:
    file = path.name
    if not path.exists():
        raise TrialFileError(file, f"no such file: {path}",
                             "shared/validation/trials/pepi-1996.yaml")
    try:
        # size, file type and encoding limits (issue 15)
        text = safe_yaml.read_text(path, file, "a UTF-8 text file of a few kB")
    except OsteonInputError as err:
        raise TrialFileError(file, err.problem, err.example) from None
    loader = None
    try:
        node, loader = safe_yaml.compose(text)
        lines: dict[tuple, int] = {}
        if node is not None:
            walk_nodes(node, (), lines, file)
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "unknown line"
        context = err.context or ""
        if context and err.context_mark is not None and err.context_mark is not mark:
            context += f" that starts at line {err.context_mark.line + 1}"
        problem = ", ".join(str(x) for x in (context, err.problem) if x)
        raise TrialFileError(
            f"{file}: {where}",
            f"not valid YAML: {problem or err}",
            "- {arm: placebo, site: lumbar_spine, measure: percent_change, value: -1.8}   "
            "(close every { and [; quote text that contains ': ')",
        ) from None
    except TrialFileError:
        raise
    except safe_yaml.YamlLimitError as err:
        raise TrialFileError(f"{file}: (top level)", f"exceeds a limit: {err}",
                             "id: pepi-1996") from None
    except yaml.YAMLError as err:
        raise TrialFileError(f"{file}: (top level)", f"not valid YAML: {err}",
                             "id: pepi-1996") from None
    except (ValueError, OverflowError, RecursionError) as err:
        raise TrialFileError(f"{file}: (top level)", f"could not be read as YAML: {err}",
                             "id: pepi-1996") from None
    finally:
        if loader is not None:
            loader.dispose()
    return data, lines


# --------------------------------------------------------------------------- field checks
def is_number(v: Any) -> bool:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return False
    try:
        return math.isfinite(float(v))
    except OverflowError:  # a huge integer literal (issue 15)
        return False


def mapping(ctx: Ctx, path: tuple, v: Any, required: tuple[str, ...],
             optional: tuple[str, ...], example: str,
             key_examples: dict[str, str] | None = None) -> dict:
    if not isinstance(v, dict):
        raise ctx.error(path, f"expected a mapping, got {show(v)}", example)
    for key in v:
        if not isinstance(key, str):
            raise ctx.error(path, f"key {key!r} is not text", example)
    # every unknown and every missing key at once (issue 15)
    found = Problems(TrialFileError)
    known = ", ".join((*required, *optional))
    for key in v:
        if key not in required and key not in optional:
            found.add_error(ctx.error((*path, key), f"unknown key {key!r} (known: {known})",
                                      example))
    for key in required:
        if key not in v:
            found.add_error(ctx.error((*path, key), "is required but missing",
                                      (key_examples or {}).get(key, example)))
    found.raise_all()
    return v


def show(v: Any) -> str:
    if v is None:
        return "nothing (empty value)"
    return f"{v!r} ({type(v).__name__})"


def text(ctx: Ctx, path: tuple, v: Any, example: str) -> str:
    if not isinstance(v, str) or not v.strip():
        raise ctx.error(path, f"expected text, got {show(v)}", example)
    return v.strip()


def boolean(ctx: Ctx, path: tuple, v: Any, example: str) -> bool:
    if not isinstance(v, bool):
        raise ctx.error(path, f"expected true or false, got {show(v)}", example)
    return v


def choice(ctx: Ctx, path: tuple, v: Any, choices: tuple[str, ...], example: str) -> str:
    if not isinstance(v, str) or v not in choices:
        raise ctx.error(path, f"{v!r} is not one of {', '.join(choices)}", example)
    return v


def number(ctx: Ctx, path: tuple, v: Any, example: str, lo: float | None = None,
            hi: float | None = None, lo_open: bool = False, units: str = "") -> float:
    if not is_number(v):
        raise ctx.error(path, f"expected a number{' in ' + units if units else ''}, got {show(v)}",
                        example)
    x = float(v)
    low_bad = lo is not None and (x <= lo if lo_open else x < lo)
    if low_bad or (hi is not None and x > hi):
        left = "(" if lo_open else "["
        rng = f"{left}{'-inf' if lo is None else f'{lo:g}'}, {'inf' if hi is None else f'{hi:g}'}]"
        raise ctx.error(path, f"{v!r} is outside {rng}{' ' + units if units else ''}", example)
    return x


def integer(ctx: Ctx, path: tuple, v: Any, example: str, lo: float | None = None,
             hi: float | None = None) -> int:
    if not is_number(v) or float(v) != int(v):
        raise ctx.error(path, f"expected a whole number, got {show(v)}", example)
    return int(number(ctx, path, v, example, lo, hi))


def duration(ctx: Ctx, path: tuple, v: Any, example: str, *, signed: bool = False) -> float:
    """A time in days; ``signed`` accepts a negative one (before the start of follow-up)."""
    try:
        return parse_duration(v, field=format_path(path), signed=signed)
    except OsteonInputError as err:
        raise ctx.error(path, err.problem + " (units: day, week, month, year)", example) from None
