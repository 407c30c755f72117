"""Code health (issue 13): the text in the package points at things that exist, class names
are unambiguous, solvers live under engine/, and the type checker is part of CI."""

import ast
import json
import re
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "osteon"


def _python_files():
    return sorted(SRC.rglob("*.py"))


def test_every_script_named_in_the_package_exists():
    """Parameter sources and docstrings cite scripts; a citation of a missing script is stale."""
    missing = set()
    for path in [*_python_files(), *SRC.rglob("*.json")]:
        for name in re.findall(r"scripts/[A-Za-z0-9_./-]+\.py", path.read_text()):
            if not (ROOT / name).is_file():
                missing.add(f"{path.relative_to(ROOT)}: {name}")
    assert not missing, sorted(missing)


def test_calibrated_values_cite_the_script_that_wrote_them():
    from osteon.parameters import default_parameters

    data = json.loads((SRC / "parameters" / "calibrated.json").read_text())
    script = data["script"]
    assert (ROOT / script).is_file()
    ps = default_parameters()
    fitted = [name for name in data["values"] if name in ps]
    assert fitted, "calibrated.json overrides no parameter of the default set"
    for name in fitted:
        assert script in ps.record(name).source, name


def test_class_names_are_unambiguous():
    """Two public classes of one name with different meanings (once: two ``Teriparatide``)
    mislead readers and imports. The HTTP request models in web/schemas.py mirror the
    forecast dataclasses they are converted into, by name on purpose."""
    where = defaultdict(list)
    for path in _python_files():
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
                where[node.name].append(path.relative_to(SRC).as_posix())
    clashes = {
        name: paths for name, paths in where.items()
        if len([p for p in paths if p != "web/schemas.py"]) > 1
    }
    assert not clashes, clashes


def test_long_modules_say_why():
    """No module over 600 lines without a reason (issue 13): a long module says, in a
    paragraph of its docstring starting "Why one module", why it is not split."""
    unexplained = {}
    for path in _python_files():
        if "__pycache__" in path.parts:  # generated code (engine/jacgen.py's cache)
            continue
        text = path.read_text()
        n_lines = text.count("\n")
        if n_lines > 600 and "Why one module" not in (ast.get_docstring(ast.parse(text)) or ""):
            unexplained[path.relative_to(SRC).as_posix()] = n_lines
    assert not unexplained, unexplained


def test_compiled_solvers_live_under_engine():
    """Every module that compiles a time stepper with numba sits in osteon/engine."""
    outside = []
    for path in _python_files():
        text = path.read_text()
        if "numba" in text and re.search(r"^def (integrate|attempt)_\w+", text, re.M):
            if path.parent.name != "engine":
                outside.append(path.relative_to(SRC).as_posix())
    assert not outside, outside
    assert not (SRC / "physiology" / "calcium" / "solver.py").exists()


def test_engine_jit_does_not_build_functions_from_code_objects():
    """engine/jit.py lets numba compile the physiology functions as written (issue 13): no
    copies of their bytecode (``code.replace``, ``types.FunctionType``), which depend on
    CPython's code-object layout; their parameters are ordinary ones, since numba cannot bind
    keyword-only parameters."""
    import inspect

    from osteon.engine.jit import physiology_functions

    tree = ast.parse((SRC / "engine" / "jit.py").read_text())
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and (
            node.attr in ("FunctionType", "CodeType", "__code__") or node.attr.startswith("co_")
        ):
            found.append(node.attr)
        elif isinstance(node, ast.Name) and node.id in ("FunctionType", "CodeType"):
            found.append(node.id)
        elif isinstance(node, ast.Import | ast.ImportFrom) and any(
            a.name == "types" or (isinstance(node, ast.ImportFrom) and node.module == "types")
            for a in node.names
        ):
            found.append("import types")
    assert not found, found
    keyword_only = [
        f"{fn.__module__}.{fn.__name__}({name})" for fn in physiology_functions()
        for name, par in inspect.signature(fn).parameters.items()
        if par.kind is inspect.Parameter.KEYWORD_ONLY
    ]
    assert not keyword_only, keyword_only


def test_kernel_cache_hash_covers_the_compiled_equations():
    """numba keys its cache on the defining file only: every file that defines a function the
    engine compiles (the site kernel, the physiology it calls) must be in the equations hash."""
    import inspect

    from osteon.engine.cache_guard import equation_files
    from osteon.engine.jit import physiology_functions
    from osteon.model import site_rhs, skeletal_calcium_fluxes

    hashed = {p.resolve() for p in equation_files()}
    for fn in (site_rhs, skeletal_calcium_fluxes, *physiology_functions()):
        assert Path(inspect.getsourcefile(fn)).resolve() in hashed, fn.__qualname__


def test_ci_runs_mypy_before_the_readme_test_command():
    lines = [
        ln for ln in (ROOT / ".ci" / "run").read_text().splitlines()
        if ln.strip() and not ln.lstrip().startswith("#")
    ]
    mypy = [i for i, ln in enumerate(lines) if "mypy src/osteon" in ln]
    assert mypy, "CI does not run mypy"
    assert mypy[0] < len(lines) - 1, "mypy must run before the last line (the README test command)"
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert re.search(r'"mypy==[0-9.]+"', pyproject), "mypy is not pinned in the test extra"
    assert "[tool.mypy]" in pyproject


@pytest.mark.slow
def test_mypy_passes_on_the_package():
    """The same check as CI (about 2 minutes on a cold cache)."""
    api = pytest.importorskip("mypy.api")
    out, err, status = api.run(["--config-file", str(ROOT / "pyproject.toml"), str(SRC)])
    assert status == 0, out + err


def _resolves(name: str) -> bool:
    import dataclasses
    import importlib

    parts = name.split(".")
    for i in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:i]))
        except ImportError:
            continue
        for attr in parts[i:]:
            if hasattr(obj, attr):
                obj = getattr(obj, attr)
            elif dataclasses.is_dataclass(obj) and attr in {f.name for f in dataclasses.fields(obj)}:
                return attr == parts[-1]
            else:
                return False
        return True
    return False


@pytest.mark.slow
def test_docstring_cross_references_resolve():
    """A ``:mod:``/``:func:``/``:class:`` reference to an ``osteon.`` name that no longer
    exists (a module moved or renamed) is a false docstring. Slow: imports every module the
    docstrings name (about 5 s)."""
    pattern = re.compile(r":(?:mod|func|class|meth|data|attr):`~?(osteon\.[A-Za-z0-9_.]+)`")
    broken = sorted(
        f"{path.relative_to(SRC).as_posix()}: {name}"
        for path in _python_files()
        for name in set(pattern.findall(path.read_text()))
        if not _resolves(name)
    )
    assert not broken, broken
