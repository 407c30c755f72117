"""Osteon: simulate how bones change over years under hormones, loading and nutrition.

Research and education tool; not medical advice.

The public API:

>>> from osteon import Subject, Simulation, Protocol, default_parameters
>>> res = Simulation(Subject(sex="female", age=55), years=1).run()
>>> res.attrs["parameter_set"]
'Osteon2026'
"""

from osteon._version import __version__
from osteon.errors import OsteonInputError, TrialFileError
from osteon.parameters import Evidence, Parameter, ParameterSet, default_parameters
from osteon.protocol import Intervention, Protocol, Unloading
from osteon.simulation import Simulation, simulate
from osteon.solver import SolverSettings
from osteon.subject import Subject


def __getattr__(name: str):
    # ``osteon.forecast`` (a callable package) is imported on first use: it reads pint and
    # pydantic, which a plain simulation does not need.
    if name == "forecast":
        import importlib

        return importlib.import_module("osteon.forecast")
    raise AttributeError(f"module 'osteon' has no attribute {name!r}")


__all__ = [
    "Evidence",
    "Intervention",
    "OsteonInputError",
    "Parameter",
    "ParameterSet",
    "Protocol",
    "Simulation",
    "SolverSettings",
    "Subject",
    "TrialFileError",
    "Unloading",
    "__version__",
    "forecast",
    "default_parameters",
    "simulate",
]
