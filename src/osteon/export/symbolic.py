"""Symbolic tracing of Osteon's right-hand-side functions.

The model's right-hand side is written once, as plain arithmetic that runs on numpy arrays
and, compiled by numba, on scalars (:func:`osteon.model.site_rhs`, the calcium subsystem's
``systemic_derivatives``). Run on :class:`Expr` objects instead of numbers, the same
functions record the expression tree of every derivative, which :mod:`osteon.export.sbml`
writes as SBML math. There is no second, hand-written copy of the equations to drift away
from the code that Osteon integrates.

What the traced code may use: ``+ - * / **``, unary minus, the numpy ufuncs ``maximum``,
``minimum``, ``exp``, ``log``, ``tanh``, ``logaddexp``, ``abs``, ``sqrt`` and the builtins
``min``/``max`` (replaced in the traced modules' namespaces while tracing, see
:func:`traceable`).

>>> x, y = Expr.symbol("x"), Expr.symbol("y")
>>> (2.0 * x + y ** 3).infix()
'2.0 * x + y^3.0'
>>> import numpy as np
>>> np.maximum(x - 1.0, 0.0).infix()
'max(x - 1.0, 0.0)'
"""

from __future__ import annotations

import contextlib
import math
import types
from collections.abc import Iterator

import numpy as np

# Binding strength of each operator when written in SBML's L3 infix syntax.
_PREC = {"+": 1, "-": 1, "*": 2, "/": 2, "^": 4}


class Expr:
    """A node of an expression tree: a symbol, a number or an operation on nodes."""

    __slots__ = ("op", "args", "name", "value", "__weakref__")
    __array_priority__ = 1000

    def __init__(self, op: str, args: tuple = (), name: str | None = None,
                 value: float | None = None):
        self.op, self.args, self.name, self.value = op, args, name, value

    # -- construction -------------------------------------------------------------------
    @staticmethod
    def symbol(name: str) -> Expr:
        return Expr("sym", name=name)

    @staticmethod
    def const(value) -> Expr | float:
        return float(value)

    @property
    def is_leaf(self) -> bool:
        return self.op == "sym"

    # -- arithmetic with constant folding of the trivial cases ----------------------------
    def __add__(self, other):
        return _binary("+", self, other)

    def __radd__(self, other):
        return _binary("+", other, self)

    def __sub__(self, other):
        return _binary("-", self, other)

    def __rsub__(self, other):
        return _binary("-", other, self)

    def __mul__(self, other):
        return _binary("*", self, other)

    def __rmul__(self, other):
        return _binary("*", other, self)

    def __truediv__(self, other):
        return _binary("/", self, other)

    def __rtruediv__(self, other):
        return _binary("/", other, self)

    def __pow__(self, other):
        return _binary("^", self, other)

    def __rpow__(self, other):
        return _binary("^", other, self)

    def __neg__(self):
        return Expr("neg", (self,))

    def __pos__(self):
        return self

    def __abs__(self):
        return Expr("abs", (self,))

    def __lt__(self, other):
        return _compare("lt", self, other)

    def __le__(self, other):
        return _compare("leq", self, other)

    def __gt__(self, other):
        return _compare("gt", self, other)

    def __ge__(self, other):
        return _compare("geq", self, other)

    def __bool__(self):
        if self.op not in _COMPARE:
            raise TypeError("a symbolic expression has no truth value")
        if not _ORACLES:
            raise TypeError("a branch on a symbolic condition outside a traced function")
        return _ORACLES[-1].decide(self)

    # -- numpy ufuncs ------------------------------------------------------------------
    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        if method != "__call__" or kwargs.get("out") is not None:
            return NotImplemented
        a = [_unwrap(x) for x in inputs]
        name = ufunc.__name__
        if name in _UFUNC_BINARY:
            return _binary(_UFUNC_BINARY[name], a[0], a[1])
        if name in ("maximum", "fmax"):
            return smax(a[0], a[1])
        if name in ("minimum", "fmin"):
            return smin(a[0], a[1])
        if name == "negative":
            return -a[0]
        if name in ("exp", "log", "tanh", "sqrt", "absolute"):
            return _func({"log": "ln", "absolute": "abs"}.get(name, name), a[0])
        if name == "logaddexp":
            return logaddexp(a[0], a[1])
        return NotImplemented

    # -- output ------------------------------------------------------------------------
    def infix(self, names: dict[int, str] | None = None) -> str:
        """The expression in SBML Level 3 infix syntax (``libsbml.parseL3Formula``).

        ``names`` maps ``id(node)`` to the name of an intermediate that stands for it.
        """
        return _infix(self, names or {}, top=True)[0]

    def walk(self) -> Iterator[Expr]:
        """Every node below (and including) this one, children first, each once."""
        seen: set[int] = set()
        stack: list[tuple[Expr, bool]] = [(self, False)]
        while stack:
            node, done = stack.pop()
            if done:
                yield node
                continue
            if id(node) in seen:
                continue
            seen.add(id(node))
            stack.append((node, True))
            for a in node.args:
                if isinstance(a, Expr):
                    stack.append((a, False))

    def symbols(self) -> set[str]:
        return {n.name for n in self.walk() if n.op == "sym" and n.name is not None}

    def evaluate(self, env: dict[str, float]) -> float:
        """Numeric value with symbols from ``env`` (checks the tree against the code)."""
        cache: dict[int, float] = {}
        for node in self.walk():
            cache[id(node)] = _eval_node(node, env, cache)
        return cache[id(self)]

    def __repr__(self) -> str:
        return f"Expr({self.infix()!r})"


_UFUNC_BINARY = {"add": "+", "subtract": "-", "multiply": "*", "true_divide": "/",
                 "divide": "/", "power": "^"}


def _unwrap(x):
    if isinstance(x, Expr):
        return x
    if isinstance(x, np.ndarray) and x.ndim == 0:
        x = x[()]
    if isinstance(x, Expr):
        return x
    return float(x)


def _binary(op: str, a, b):
    a, b = _unwrap(a), _unwrap(b)
    num_a, num_b = not isinstance(a, Expr), not isinstance(b, Expr)
    if num_a and num_b:
        return _eval_op(op, (a, b))
    if op == "+":
        if num_a and a == 0.0:
            return b
        if num_b and b == 0.0:
            return a
    elif op == "-":
        if num_b and b == 0.0:
            return a
        if num_a and a == 0.0:
            return -b
    elif op == "*":
        if (num_a and a == 0.0) or (num_b and b == 0.0):
            return 0.0
        if num_a and a == 1.0:
            return b
        if num_b and b == 1.0:
            return a
    elif op == "/":
        if num_a and a == 0.0:
            return 0.0
        if num_b and b == 1.0:
            return a
    elif op == "^":
        if num_b and b == 1.0:
            return a
    return Expr(op, (a, b))


def _func(name: str, a):
    a = _unwrap(a)
    if not isinstance(a, Expr):
        return _eval_op(name, (a,))
    return Expr(name, (a,))


def smax(a, b):
    """``max(a, b)`` (numbers fold)."""
    a, b = _unwrap(a), _unwrap(b)
    if not isinstance(a, Expr) and not isinstance(b, Expr):
        return max(a, b)
    return Expr("max", (a, b))


def smin(a, b):
    """``min(a, b)`` (numbers fold)."""
    a, b = _unwrap(a), _unwrap(b)
    if not isinstance(a, Expr) and not isinstance(b, Expr):
        return min(a, b)
    return Expr("min", (a, b))


def logaddexp(a, b):
    """``log(exp(a) + exp(b))`` written without overflow: ``max + ln(1 + exp(-|a - b|))``."""
    a, b = _unwrap(a), _unwrap(b)
    if not isinstance(a, Expr) and not isinstance(b, Expr):
        return float(np.logaddexp(a, b))
    return Expr("logaddexp", (a, b))


_COMPARE = {"lt": "<", "leq": "<=", "gt": ">", "geq": ">="}


def _compare(op, a, b):
    a, b = _unwrap(a), _unwrap(b)
    if not isinstance(a, Expr) and not isinstance(b, Expr):
        return _eval_op(op, (a, b))
    return Expr(op, (a, b))


class _Oracle:
    """Answers the branch conditions of one traced call from a list of decisions."""

    def __init__(self, decisions):
        self.decisions, self.conditions, self.pos = list(decisions), [], 0

    def decide(self, cond):
        if self.pos < len(self.decisions):
            answer = self.decisions[self.pos]
        else:
            answer = True
            self.decisions.append(True)
        self.conditions.append(cond)
        self.pos += 1
        return answer


_ORACLES: list[_Oracle] = []


def branching(fn):
    """``fn`` traced through its ``if`` statements: every path is run and the results are
    joined by ``piecewise`` on the conditions met (each path's own conditions)."""

    def explore(args, kwargs, prefix):
        oracle = _Oracle(prefix)
        _ORACLES.append(oracle)
        try:
            result = fn(*args, **kwargs)
        finally:
            _ORACLES.pop()
        if len(oracle.conditions) == len(prefix):
            return result
        # the first undecided condition: this run took True; run False too
        k = len(prefix)
        taken = explore(args, kwargs, prefix + [True]) if k + 1 < len(oracle.decisions) \
            else result
        other = explore(args, kwargs, prefix + [False])
        return _join(oracle.conditions[k], taken, other)

    def wrapper(*args, **kwargs):
        return explore(args, kwargs, [])

    wrapper.__wrapped__ = fn
    return wrapper


def _join(cond, a, b):
    if isinstance(a, tuple):
        return tuple(_join(cond, x, y) for x, y in zip(a, b, strict=True))
    if not isinstance(a, Expr) and not isinstance(b, Expr) and a == b:
        return a
    return Expr("piecewise", (a, cond, b))


def _eval_op(op, v):
    if op in _COMPARE:
        return {"lt": v[0] < v[1], "leq": v[0] <= v[1], "gt": v[0] > v[1],
                "geq": v[0] >= v[1]}[op]
    if op == "piecewise":
        return v[0] if v[1] else v[2]
    if op == "+":
        return v[0] + v[1]
    if op == "-":
        return v[0] - v[1]
    if op == "*":
        return v[0] * v[1]
    if op == "/":
        return v[0] / v[1]
    if op == "^":
        return v[0] ** v[1]
    if op == "neg":
        return -v[0]
    if op == "max":
        return max(v[0], v[1])
    if op == "min":
        return min(v[0], v[1])
    if op == "logaddexp":
        return float(np.logaddexp(v[0], v[1]))
    if op == "ln":
        return math.log(v[0])
    if op == "abs":
        return abs(v[0])
    return getattr(math, op)(v[0])


def _eval_node(node, env, cache):
    if node.op == "sym":
        return float(env[node.name])
    vals = tuple(cache[id(a)] if isinstance(a, Expr) else a for a in node.args)
    return _eval_op(node.op, vals)


def _num(x: float) -> str:
    if not math.isfinite(x):
        raise ValueError(f"non-finite constant {x} in an expression")
    s = repr(float(x))
    return s


def _infix(node, names, top=False) -> tuple[str, int]:
    """(text, precedence) of ``node``; atoms have precedence 9."""
    if not isinstance(node, Expr):
        s = _num(node)
        return (f"({s})", 9) if s.startswith("-") else (s, 9)
    if not top and id(node) in names:
        return names[id(node)], 9
    op = node.op
    if op == "sym":
        assert node.name is not None  # every symbol is named
        return node.name, 9
    if op in ("+", "-", "*", "/", "^"):
        p = _PREC[op]
        a, pa = _infix(node.args[0], names)
        b, pb = _infix(node.args[1], names)
        # brackets: a weaker operand, and on the right an equal one unless + or *
        if pa < p or (op == "^" and pa <= p):
            a = f"({a})"
        if pb < p or (pb == p and op in ("-", "/", "^")):
            b = f"({b})"
        text = f"{a}^{b}" if op == "^" else f"{a} {op} {b}"
        return text, p
    if op == "neg":
        a, pa = _infix(node.args[0], names)
        # as an operand a negation is always bracketed (precedence 0)
        return (f"-({a})" if pa < 9 else f"-{a}"), 0
    if op in _COMPARE:
        a, _ = _infix(node.args[0], names)
        b, _ = _infix(node.args[1], names)
        return f"{a} {_COMPARE[op]} {b}", 0
    if op == "logaddexp":
        a, _ = _infix(node.args[0], names)
        b, _ = _infix(node.args[1], names)
        return f"max({a}, {b}) + ln(1 + exp(-abs(({a}) - ({b}))))", 1
    args = ", ".join(_infix(a, names)[0] for a in node.args)
    return f"{op}({args})", 9


# ------------------------------------------------------------------ tracing compiled code


def _patched_globals(module) -> dict:
    """Replacements that let ``module``'s numba functions run on :class:`Expr`."""
    out = {}
    for key, value in vars(module).items():
        py = getattr(value, "py_func", None)
        if py is not None and callable(py):
            out[key] = branching(py)
    if "math" in vars(module):
        out["math"] = types.SimpleNamespace(tanh=lambda x: _func("tanh", x),
                                            exp=lambda x: _func("exp", x),
                                            log=lambda x: _func("ln", x),
                                            sqrt=lambda x: _func("sqrt", x))
    out["min"] = smin
    out["max"] = smax
    return out


@contextlib.contextmanager
def traceable(*modules):
    """Within this block the numba functions of ``modules`` run as Python on :class:`Expr`.

    Each compiled function in a module's namespace is replaced by its Python source
    (``py_func``), and ``min``, ``max`` and ``math`` by symbolic versions; all restored
    on exit.
    """
    saved = []
    try:
        for mod in modules:
            for key, value in _patched_globals(mod).items():
                saved.append((mod, key, vars(mod).get(key, _MISSING)))
                setattr(mod, key, value)
        yield
    finally:
        for mod, key, old in reversed(saved):
            if old is _MISSING:
                delattr(mod, key)
            else:
                setattr(mod, key, old)


_MISSING = object()


def shared_nodes(roots, min_size: int = 4) -> list[Expr]:
    """Operation nodes used more than once below ``roots``, children first.

    They become named intermediates (assignment rules), so that the written formulas
    stay as small as the code they come from.
    """
    count: dict[int, int] = {}
    size: dict[int, int] = {}
    order: list[Expr] = []
    nodes: dict[int, Expr] = {}

    def visit(root):
        for node in root.walk():
            if id(node) not in nodes:
                nodes[id(node)] = node
                order.append(node)
                size[id(node)] = 1 + sum(size[id(a)] for a in node.args if isinstance(a, Expr))

    for r in roots:
        if isinstance(r, Expr):
            visit(r)
    for node in order:
        for a in node.args:
            if isinstance(a, Expr):
                count[id(a)] = count.get(id(a), 0) + 1
    for r in roots:
        if isinstance(r, Expr):
            count[id(r)] = count.get(id(r), 0) + 1
    out = []
    for node in order:
        if node.is_leaf:
            continue
        multi = count.get(id(node), 0) > 1
        # max/min/logaddexp write an argument twice: name big arguments
        if multi and size[id(node)] >= min_size:
            out.append(node)
    return out
