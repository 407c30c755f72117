"""Export of the composed model to other tools (SBML Level 3, issue 14)."""

from osteon.export.sbml import build_sbml, consistency_errors, export_sbml
from osteon.export.trace import trace_rhs

__all__ = ["build_sbml", "consistency_errors", "export_sbml", "trace_rhs"]
