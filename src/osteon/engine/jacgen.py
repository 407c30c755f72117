"""The batch engine's Jacobian, generated from the right-hand side it differentiates.

Nothing here is a hand-written derivative. :func:`osteon.export.trace.trace_rhs` runs the
functions the engine integrates (:func:`osteon.model.site_rhs`,
:func:`~osteon.model.skeletal_calcium_fluxes`, the calcium subsystem's
``systemic_derivatives``) on symbols and returns one expression DAG per state. This module
differentiates that DAG in forward mode with sparse tangents (each node carries the partial
derivatives with respect to the states it depends on, nothing else) and writes the result
as straight-line Python that numba compiles: values of every node, then tangents by the
chain rule, then the non-zero entries of the Jacobian.

When ``site_rhs``, the drives' use in it or the calcium subsystem change, the traced DAG
changes and so does the generated code: the source is keyed on a hash of every file that
can change it (:func:`osteon.engine.cache_guard.equations_hash`) plus the calcium
constants' field names, written once under the package's ``__pycache__`` (or a temporary
folder where that is read-only), and compiled by numba with its on-disk cache. A failure
to trace or generate (code the tracer cannot follow) is reported as a warning, and the
engine falls back to the finite-difference Jacobian (:func:`osteon.engine.kernels.subject_jac`).

Non-smooth operations get the derivative of the branch taken: ``max(a, b)`` that of ``a``
where ``a >= b``, ``min(a, b)`` that of ``a`` where ``a <= b``, ``piecewise`` that of the
branch its condition selects, ``abs`` the sign. A forward difference across a kink can
differ; the test (``tests/engine/test_generated_jacobian.py``) compares at random states
away from them.

>>> src = generated_source()
>>> "def generated_jacobian(y, D, C, P, J):" in src
True
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
import tempfile
import warnings
from collections.abc import Sequence
from pathlib import Path
from types import SimpleNamespace

GENERATOR_VERSION = "1"
_ENGINE = Path(__file__).resolve().parent
_ONE = object()  # the tangent of a state with respect to itself


def calcium_constant_names() -> tuple[str, ...]:
    """Field names of the calcium constants record the kernels read (``P[1]``)."""
    import numpy as np

    from osteon.model import _calcium_parameter_names
    from osteon.parameters.peterson_riggs import peterson_riggs_2010
    from osteon.physiology.calcium import system as CS

    p = peterson_riggs_2010()
    rec = CS.constants_record({n: np.array([float(p[n])]) for n in _calcium_parameter_names()})
    return tuple(rec.dtype.names or ())


def traced():
    """The engine's right-hand side of one subject as expression trees (symbols only)."""
    import numpy as np

    from osteon.export.trace import trace_rhs

    names = calcium_constant_names()
    record = np.zeros(1, dtype=[(n, np.float64) for n in names])
    return trace_rhs(SimpleNamespace(calcium_constants=record))


def _num(x) -> str:
    x = float(x)
    if x != x:
        return "math.nan"
    if x in (float("inf"), float("-inf")):
        return "math.inf" if x > 0 else "(-math.inf)"
    s = repr(x)
    return f"({s})" if s.startswith("-") else s


class _Emitter:
    """Writes the value and the sparse tangent of every node of the DAG once."""

    def __init__(self, symbol_code: dict[str, str], state_index: dict[str, int]):
        self.symbol_code = symbol_code
        self.state_index = state_index
        self.lines: list[str] = []
        self.value: dict[int, str] = {}  # id(node) -> code of its value
        self.tangent: dict[int, dict[int, object]] = {}  # id(node) -> {state: code | _ONE}
        self.count = 0
        self.cur = 0  # id of the node whose tangent is being written

    def _new(self, prefix: str) -> str:
        self.count += 1
        return f"{prefix}{self.count}"

    # -- values and tangents of operands (numbers have neither a name nor a tangent)
    def val(self, a) -> str:
        from osteon.export.symbolic import Expr

        return self.value[id(a)] if isinstance(a, Expr) else _num(a)

    def tan(self, a) -> dict[int, object]:
        from osteon.export.symbolic import Expr

        return self.tangent.get(id(a), {}) if isinstance(a, Expr) else {}

    def visit_all(self, roots) -> None:
        from osteon.export.symbolic import Expr

        for root in roots:
            if not isinstance(root, Expr):
                continue
            for node in root.walk():  # children first
                if id(node) not in self.value:
                    self.visit(node)

    def visit(self, node) -> None:
        op = node.op
        if op == "sym":
            if node.name not in self.symbol_code:
                raise KeyError(f"symbol {node.name!r} has no place in the kernel's arguments")
            self.value[id(node)] = self.symbol_code[node.name]
            if node.name in self.state_index:
                self.tangent[id(node)] = {self.state_index[node.name]: _ONE}
            return
        args = node.args
        a = [self.val(x) for x in args]
        name = self._new("v")
        self.value[id(node)] = name
        expr = self._value_code(op, a)
        self.cur = id(node)
        self.lines.append(f"    {name} = {expr}")
        self._tangent_of(node, name, a)

    @staticmethod
    def _value_code(op: str, a: list[str]) -> str:
        if op in ("+", "-", "*", "/"):
            return f"{a[0]} {op} {a[1]}"
        if op == "^":
            return f"{a[0]} ** {a[1]}"
        if op == "neg":
            return f"-{a[0]}"
        if op == "max":  # np.maximum: the first argument on a tie
            return f"{a[0]} if {a[0]} >= {a[1]} else {a[1]}"
        if op == "min":
            return f"{a[0]} if {a[0]} <= {a[1]} else {a[1]}"
        if op == "logaddexp":
            return (f"max({a[0]}, {a[1]}) + math.log1p(math.exp(-abs({a[0]} - {a[1]})))")
        if op in ("exp", "tanh", "sqrt"):
            return f"math.{op}({a[0]})"
        if op == "ln":
            return f"math.log({a[0]})"
        if op == "abs":
            return f"abs({a[0]})"
        if op == "piecewise":
            return f"{a[0]} if {a[1]} else {a[2]}"
        cmp = {"lt": "<", "leq": "<=", "gt": ">", "geq": ">="}
        if op in cmp:
            return f"{a[0]} {cmp[op]} {a[1]}"
        raise NotImplementedError(f"no derivative rule for the operation {op!r}")

    def _combine(self, name: str,
                 parts: Sequence[tuple[str | None, dict[int, object]]]) -> None:
        """Tangent of ``name`` = sum over operands of (local partial) x (operand tangent).

        A partial of ``None`` means 1. A single operand with partial 1 shares its tangent.
        """
        parts = [(p, t) for p, t in parts if t]
        if not parts:
            return
        if len(parts) == 1 and parts[0][0] is None:
            self.tangent[self.cur] = parts[0][1]
            return
        out: dict[int, object] = {}
        for j in sorted(set().union(*(t.keys() for _, t in parts))):
            terms = []
            for p, t in parts:
                if j not in t:
                    continue
                g = t[j]
                if g is _ONE:
                    terms.append("1.0" if p is None else p)
                else:
                    terms.append(str(g) if p is None else f"{p} * {g}")
            g_name = f"{name}_{j}"
            self.lines.append(f"    {g_name} = {' + '.join(terms)}")
            out[j] = g_name
        self.tangent[self.cur] = out

    def _select(self, name: str, cond: str, ta: dict, tb: dict) -> None:
        if not ta and not tb:
            return
        out: dict[int, object] = {}
        for j in sorted(set(ta) | set(tb)):
            ga = "1.0" if ta.get(j) is _ONE else ta.get(j, "0.0")
            gb = "1.0" if tb.get(j) is _ONE else tb.get(j, "0.0")
            g_name = f"{name}_{j}"
            self.lines.append(f"    {g_name} = {ga} if {cond} else {gb}")
            out[j] = g_name
        self.tangent[self.cur] = out

    def _tangent_of(self, node, name: str, a: list[str]) -> None:
        op = node.op
        t = [self.tan(x) for x in node.args]
        if op == "+":
            self._combine(name, [(None, t[0]), (None, t[1])])
        elif op == "-":
            self._combine(name, [(None, t[0]), ("(-1.0)", t[1])])
        elif op == "neg":
            self._combine(name, [("(-1.0)", t[0])])
        elif op == "*":
            self._combine(name, [(a[1], t[0]), (a[0], t[1])])
        elif op == "/":
            if not (t[0] or t[1]):
                return
            r = f"{name}_r"
            self.lines.append(f"    {r} = 1.0 / {a[1]}")
            self._combine(name, [(r, t[0]), (f"(-{name} * {r})", t[1])])
        elif op == "^":
            if not (t[0] or t[1]):
                return
            parts = []
            if t[0]:
                p = f"{name}_pa"
                self.lines.append(f"    {p} = {a[1]} * {a[0]} ** ({a[1]} - 1.0)")
                parts.append((p, t[0]))
            if t[1]:
                p = f"{name}_pb"
                self.lines.append(f"    {p} = {name} * math.log({a[0]})")
                parts.append((p, t[1]))
            self._combine(name, parts)
        elif op in ("max", "min"):
            cond = f"{a[0]} >= {a[1]}" if op == "max" else f"{a[0]} <= {a[1]}"
            self._select(name, cond, t[0], t[1])
        elif op == "piecewise":
            self._select(name, a[1], t[0], t[2])
        elif op == "logaddexp":
            if not (t[0] or t[1]):
                return
            pa, pb = f"{name}_pa", f"{name}_pb"
            self.lines.append(f"    {pa} = math.exp({a[0]} - {name})")
            self.lines.append(f"    {pb} = math.exp({a[1]} - {name})")
            self._combine(name, [(pa, t[0]), (pb, t[1])])
        elif op in ("exp", "tanh", "sqrt", "ln", "abs"):
            if not t[0]:
                return
            p = {"exp": name, "tanh": f"(1.0 - {name} * {name})", "sqrt": f"(0.5 / {name})",
                 "ln": f"(1.0 / {a[0]})", "abs": f"math.copysign(1.0, {a[0]})"}[op]
            self._combine(name, [(p, t[0])])
        elif op in ("lt", "leq", "gt", "geq"):
            return  # a truth value: no tangent
        else:
            raise NotImplementedError(f"no derivative rule for the operation {op!r}")



def generated_source(tr=None) -> str:
    """Python source of ``generated_jacobian(y, D, C, P, J)`` for one subject.

    ``y``, ``D``, ``C``, ``P`` as in :func:`osteon.engine.kernels.subject_rhs`; the
    function writes every structurally non-zero entry of ``J`` (``(BLOCK_SIZE,
    BLOCK_SIZE)``) and leaves the others as passed.
    """
    from osteon.model import SYSTEMIC_ROW

    tr = traced() if tr is None else tr
    code: dict[str, str] = {}
    index: dict[str, int] = {}
    for i, sid in enumerate(tr.state_ids):
        code[sid] = f"y[{i}]"
        index[sid] = i
    for sym, k, row in tr.drives:
        code[sym] = f"D[{row}, {k}]"
    for sym, k, s in tr.site_constants:
        code[sym] = f"C[{s}, {k}]"
    for f in tr.core:
        code[f] = f"core.{f}"
    for f in tr.calcium:
        code[f] = f"K.{f}"
    for sym, k in tr.systemic_constants:
        code[sym] = f"D[{SYSTEMIC_ROW}, {k}]"
    em = _Emitter(code, index)
    roots = [tr.rates[sid] for sid in tr.state_ids]
    em.visit_all(roots)
    body = list(em.lines)
    n_entries = 0
    for i, root in enumerate(roots):
        for j, g in sorted(em.tan(root).items()):
            body.append(f"    J[{i}, {j}] = {'1.0' if g is _ONE else g}")
            n_entries += 1
    head = [
        '"""Generated by osteon.engine.jacgen from the traced right-hand side: do not edit."""',
        "import math",
        "",
        "from numba import njit",
        "",
        f"N_ENTRIES = {n_entries}",
        "",
        "",
        '@njit(cache=True, error_model="numpy")',
        "def generated_jacobian(y, D, C, P, J):",
        "    core, K = P",
    ]
    return "\n".join(head + body) + "\n"


def source_key() -> str:
    """Hash of everything the generated source depends on."""
    from osteon.engine.cache_guard import equations_hash

    h = hashlib.sha256()
    h.update(GENERATOR_VERSION.encode())
    h.update(equations_hash().encode())
    h.update(",".join(calcium_constant_names()).encode())
    return h.hexdigest()[:16]


def _folder() -> Path:
    where = os.environ.get("OSTEON_GENERATED_DIR")
    candidates = [Path(where)] if where else []
    candidates += [_ENGINE / "__pycache__" / "generated",
                   Path(tempfile.gettempdir()) / f"osteon-generated-{os.getuid()}"]
    for folder in candidates:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            probe = folder / ".write-probe"
            probe.write_text("")
            probe.unlink()
            return folder
        except OSError:
            continue
    raise OSError("no writable folder for the generated Jacobian")


def load_generated(key: str | None = None):
    """The compiled ``generated_jacobian`` (a numba dispatcher), generating it if needed.

    Returns ``None`` (with a warning) where the right-hand side cannot be traced or the
    code cannot be written, so that callers fall back to finite differences.
    """
    try:
        key = key or source_key()
        folder = _folder()
        path = folder / f"jacobian_{key}.py"
        if not path.exists():
            src = generated_source()
            tmp = path.with_suffix(f".tmp{os.getpid()}")
            tmp.write_text(src)
            tmp.replace(path)
            for old in folder.glob("jacobian_*.py"):
                if old != path:
                    old.unlink(missing_ok=True)
        mod_name = f"osteon_generated_jacobian_{key}"
        if mod_name in sys.modules:
            return sys.modules[mod_name].generated_jacobian
        spec = importlib.util.spec_from_file_location(mod_name, path)
        assert spec is not None and spec.loader is not None
        mod = importlib.util.module_from_spec(spec)
        sys.modules[mod_name] = mod
        spec.loader.exec_module(mod)
        return mod.generated_jacobian
    except Exception as exc:  # noqa: BLE001 - any failure means: use finite differences
        warnings.warn(f"generated Jacobian unavailable ({type(exc).__name__}: {exc}); the batch "
                      "engine uses finite differences", RuntimeWarning, stacklevel=2)
        return None
