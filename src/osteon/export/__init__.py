"""Export of the composed model to other tools (SBML Level 3, issue 14)."""

from osteon.export.sbml import build_sbml, export_sbml
from osteon.export.sbml_run import compare_with_osteon, consistency_errors, simulate_roadrunner
from osteon.export.trace import trace_rhs

__all__ = [
    "build_sbml",
    "compare_with_osteon",
    "consistency_errors",
    "export_sbml",
    "simulate_roadrunner",
    "trace_rhs",
]
