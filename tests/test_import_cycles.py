"""No import cycles between osteon's packages (issue 13, item 3).

The graph is built from the source with :mod:`ast`, not by importing: every module-level
import (also inside module-level ``if``/``try``/``with`` and class bodies; not inside
functions, not under ``if TYPE_CHECKING:``) is an edge from the importing module's unit
to the imported module's unit and to those of its parent packages (whose ``__init__``
runs first). A unit is a top-level module or package of osteon (``osteon.physiology``
with all its submodules is one unit); the root ``osteon/__init__.py``, the facade that
imports the public API, is left out. A cycle of units that contains one of
:data:`LAYERED` fails, with the imports that close it.

The layers: :mod:`osteon.signals` (the base types interventions build on) <-
:mod:`osteon.physiology` (the interventions live with what they drive) <-
:mod:`osteon.protocol`; :mod:`osteon.cohort` (virtual cohorts, no trial files) <-
:mod:`osteon.trials` (trial files, ``osteon validate``, ``osteon trial``).
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
LAYERED = ("physiology", "protocol", "cohort", "trials", "engine")
"""Units that must not take part in an import cycle."""


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def module_level_imports(tree: ast.Module, module: str, is_package: bool):
    """``(module, name)`` of every import executed when ``module`` is imported."""
    found: list[tuple[str, str | None]] = []

    def walk(statements):
        for s in statements:
            if isinstance(s, ast.Import):
                found.extend((a.name, None) for a in s.names)
            elif isinstance(s, ast.ImportFrom):
                base = s.module or ""
                if s.level:
                    parts = module.split(".") if is_package else module.split(".")[:-1]
                    parts = parts[: len(parts) - (s.level - 1)]
                    base = ".".join([*parts, *([base] if base else [])])
                found.extend((base, a.name) for a in s.names)
            elif isinstance(s, ast.If):
                if not _is_type_checking(s.test):
                    walk(s.body)
                walk(s.orelse)
            elif isinstance(s, ast.Try):
                walk(s.body)
                walk(s.orelse)
                walk(s.finalbody)
                for h in s.handlers:
                    walk(h.body)
            elif isinstance(s, ast.With | ast.ClassDef):
                walk(s.body)

    walk(tree.body)
    return found


def unit_graph(src: Path, package: str = "osteon") -> dict[str, dict[str, set[tuple[str, str]]]]:
    """``graph[a][b]``: the (importer, imported) module pairs that make unit ``a`` import
    unit ``b`` at module level."""
    modules = {}
    for path in (src / package).rglob("*.py"):
        parts = list(path.relative_to(src).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path

    def unit(m: str) -> str:
        parts = m.split(".")
        return parts[1] if len(parts) > 1 else m

    graph: dict[str, dict[str, set[tuple[str, str]]]] = {}
    for m, path in modules.items():
        if m == package:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        targets = set()
        for base, name in module_level_imports(tree, m, path.name == "__init__.py"):
            for candidate in (base, f"{base}.{name}" if name else None):
                if candidate not in modules:
                    continue
                parts = candidate.split(".")
                targets.update(t for i in range(2, len(parts) + 1)
                               if (t := ".".join(parts[:i])) in modules)
        for t in targets:
            if unit(t) != unit(m):
                graph.setdefault(unit(m), {}).setdefault(unit(t), set()).add((m, t))
    return graph


def cycles(graph) -> list[list[str]]:
    """Strongly connected components of more than one unit (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, {}):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    nodes = set(graph) | {w for targets in graph.values() for w in targets}
    for v in sorted(nodes):
        if v not in index:
            visit(v)
    return out


def test_no_cycles_between_layered_packages():
    graph = unit_graph(SRC)
    bad = [c for c in cycles(graph) if set(c) & set(LAYERED)]
    lines = []
    for comp in bad:
        for a in comp:
            for b in comp:
                for m, t in sorted(graph.get(a, {}).get(b, ()))[:3]:
                    lines.append(f"{a} -> {b}: {m} imports {t}")
    assert not bad, "import cycles:\n" + "\n".join(lines)


def test_detector_finds_a_cycle_and_ignores_lazy_and_type_only_imports(tmp_path):
    pkg = tmp_path / "pkg"
    for folder in ("a", "b", "c"):
        (pkg / folder).mkdir(parents=True)
        (pkg / folder / "__init__.py").write_text("")
    (pkg / "__init__.py").write_text("from pkg.a import x\n")
    (pkg / "a" / "x.py").write_text("from pkg.b.y import f\n")
    (pkg / "b" / "y.py").write_text("import pkg.a.z\n\ndef f():\n    from pkg.c import w\n")
    (pkg / "a" / "z.py").write_text("")
    (pkg / "c" / "w.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg.a import x\n")
    graph = unit_graph(tmp_path, "pkg")
    assert cycles(graph) == [["a", "b"]]  # a.x -> b.y -> a.z; b -> c lazy, c -> a type-only
    assert "c" not in graph.get("b", {}) and "c" not in graph
