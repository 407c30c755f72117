"""Reading YAML input files within limits (issue 15).

Every YAML file Osteon reads (subject files, trial files) goes through this module, which
refuses, with an :class:`~osteon.errors.OsteonInputError` naming the file:

- anything that is not a regular file (``/dev/zero``, a folder, a pipe) and files larger
  than :data:`MAX_FILE_BYTES`, before reading them;
- text that is not UTF-8 (a Latin-1 file, binary data);
- documents nested deeper than :data:`MAX_DEPTH` (PyYAML composes recursively, so deep
  nesting otherwise ends in a ``RecursionError``);
- more than :data:`MAX_ALIASES` aliases, or a document whose aliases expand to more than
  :data:`MAX_EXPANDED_NODES` nodes (the "billion laughs" alias bomb: a few lines that
  expand to 10^9 nodes when the data are walked);
- any tag outside YAML's safe schema (``!!python/object/apply`` and friends: the loader is
  a ``yaml.SafeLoader``, which never constructs Python objects);
- numbers whose text is too long to be a quantity (a 400-digit integer).

The limits are far above what a hand-written file needs (the largest trial file of the
project is about 5 kB, nested 6 levels, with no aliases).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import yaml

from osteon.errors import OsteonInputError

#: Largest YAML input file read (bytes).
MAX_FILE_BYTES = 1_000_000
#: Deepest nesting of mappings and sequences.
MAX_DEPTH = 50
#: Most alias (``*name``) uses in one document.
MAX_ALIASES = 100
#: Most nodes of a document once every alias is expanded.
MAX_EXPANDED_NODES = 200_000
#: Longest scalar that may be read as an integer or a float (characters).
MAX_NUMBER_CHARS = 40


class YamlLimitError(yaml.YAMLError):
    """A YAML document exceeds one of this module's limits."""


def read_text(path: str | Path, field: str, example: str,
              max_bytes: int = MAX_FILE_BYTES) -> str:
    """Read a UTF-8 text file of at most ``max_bytes`` bytes.

    Raises
    ------
    OsteonInputError
        Naming ``field`` (and the path) when the file is missing, not a regular file,
        too large or not UTF-8.

    Examples
    --------
    >>> read_text("/dev/zero", "subject_file", "subject.yaml")
    Traceback (most recent call last):
    ...
    osteon.errors.OsteonInputError: subject_file: '/dev/zero' is not a regular file. Valid example: subject.yaml
    """
    p = Path(path)
    try:
        st = os.stat(p)
    except FileNotFoundError:
        raise OsteonInputError(field, f"{str(p)!r} does not exist", example) from None
    except OSError as err:
        raise OsteonInputError(field, f"cannot read {str(p)!r}: {err.strerror}",
                               example) from None
    if not stat.S_ISREG(st.st_mode):
        raise OsteonInputError(field, f"{str(p)!r} is not a regular file", example)
    if st.st_size > max_bytes:
        raise OsteonInputError(field, f"{str(p)!r} is {st.st_size} bytes, more than the "
                               f"limit of {max_bytes} bytes for an input file", example)
    try:
        with open(p, "rb") as fh:
            raw = fh.read(max_bytes + 1)
    except OSError as err:
        raise OsteonInputError(field, f"cannot read {str(p)!r}: {err.strerror}",
                               example) from None
    if len(raw) > max_bytes:
        raise OsteonInputError(field, f"{str(p)!r} is more than the limit of {max_bytes} "
                               "bytes for an input file", example)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise OsteonInputError(
            field, f"{str(p)!r} is not UTF-8 text (byte 0x{raw[err.start]:02x} at offset "
            f"{err.start}); save it as UTF-8", example) from None
    if "\x00" in text:
        raise OsteonInputError(field, f"{str(p)!r} holds NUL bytes: not a text file", example)
    return text


class LimitedSafeLoader(yaml.SafeLoader):
    """A ``yaml.SafeLoader`` that refuses deep nesting, alias bombs and huge numbers."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._aliases = 0

    def compose_node(self, parent, index):  # noqa: D102 (PyYAML hook)
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                mark = self.peek_event().start_mark
                raise YamlLimitError(f"more than {MAX_ALIASES} aliases (*name) "
                                     f"(line {mark.line + 1})")
            return super().compose_node(parent, index)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                mark = self.peek_event().start_mark
                raise YamlLimitError(f"nested more than {MAX_DEPTH} levels deep "
                                     f"(line {mark.line + 1})")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_yaml_int(self, node):  # noqa: D102 (PyYAML hook)
        _check_number_text(node)
        return super().construct_yaml_int(node)

    def construct_yaml_float(self, node):  # noqa: D102 (PyYAML hook)
        _check_number_text(node)
        return super().construct_yaml_float(node)


LimitedSafeLoader.add_constructor("tag:yaml.org,2002:int", LimitedSafeLoader.construct_yaml_int)
LimitedSafeLoader.add_constructor("tag:yaml.org,2002:float",
                                  LimitedSafeLoader.construct_yaml_float)


def _check_number_text(node) -> None:
    if len(str(node.value)) > MAX_NUMBER_CHARS:
        raise YamlLimitError(f"a number of {len(str(node.value))} characters "
                             f"(line {node.start_mark.line + 1}); at most {MAX_NUMBER_CHARS}")


def expanded_size(node: yaml.Node | None, limit: int = MAX_EXPANDED_NODES) -> int:
    """Number of nodes of ``node`` once aliases are expanded (counted without expanding).

    Raises
    ------
    YamlLimitError
        If it exceeds ``limit``.
    """
    if node is None:
        return 0
    sizes: dict[int, int] = {}
    # post-order over the node graph (aliases share node objects); depth is bounded by
    # MAX_DEPTH, but the walk is iterative anyway
    stack: list[tuple[yaml.Node, bool]] = [(node, False)]
    visiting: set[int] = set()
    while stack:
        n, done = stack.pop()
        if id(n) in sizes:
            continue
        if not done and id(n) in visiting:
            raise YamlLimitError("an alias refers to a node that contains it (recursive "
                                 f"alias, line {n.start_mark.line + 1})")
        children: list = []
        if isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                children.extend((k, v))
        elif isinstance(n, yaml.SequenceNode):
            children = list(n.value)
        if done or not children:
            total = 1 + sum(sizes.get(id(c), 0) for c in children)
            if total > limit:
                raise YamlLimitError(f"aliases expand the document to more than {limit} "
                                     "nodes")
            sizes[id(n)] = total
            continue
        visiting.add(id(n))
        stack.append((n, True))
        stack.extend((c, False) for c in children if id(c) not in sizes)
    return sizes[id(node)]


def compose(text: str) -> tuple[yaml.Node | None, LimitedSafeLoader]:
    """Compose one YAML document within the limits; returns its node and the loader
    (call ``loader.construct_document(node)`` then ``loader.dispose()``).

    Raises ``yaml.YAMLError`` (``YamlLimitError`` for a limit)."""
    loader = LimitedSafeLoader(text)
    try:
        node = loader.get_single_node()
        expanded_size(node)
    except BaseException:
        loader.dispose()
        raise
    return node, loader


def safe_load_file(path: str | Path, field: str, example: str) -> Any:
    """Read and parse a YAML file within every limit of this module.

    Raises
    ------
    OsteonInputError
        Naming ``field``, for a file that cannot be read or is not acceptable YAML.

    Examples
    --------
    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as fh:
    ...     _ = fh.write("a: &x [1, 2]\\nb: *x\\n")
    >>> safe_load_file(fh.name, "subject_file", "sex: female")
    {'a': [1, 2], 'b': [1, 2]}
    >>> os.unlink(fh.name)
    """
    text = read_text(path, field, example)
    try:
        node, loader = compose(text)
        try:
            return loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except YamlLimitError as err:
        raise OsteonInputError(field, f"{str(path)!r} exceeds a limit: {err}", example) from None
    except yaml.YAMLError as err:
        raise OsteonInputError(field, f"{str(path)!r} is not valid YAML ({err})",
                               example) from None
    except OsteonInputError:
        raise
    except (ValueError, OverflowError, RecursionError) as err:
        raise OsteonInputError(field, f"{str(path)!r} could not be read as YAML ({err})",
                               example) from None
