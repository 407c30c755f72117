"""Reports of simulation results: figures, a self-contained HTML page, CLI commands.

- :mod:`osteon.report.plots`: matplotlib figures (BMD on WHO T-score bands,
  turnover markers, hormones, cells and RANKL/OPG) that only read a result.
- :mod:`osteon.report.html`: the self-contained HTML report.
- :mod:`osteon.report.demo`: ``osteon demo`` (a woman and a man from 45 to 80).
- :mod:`osteon.report.simulate_cmd`: ``osteon simulate`` (CSV, netCDF and PNG).

Research and education tool; not medical advice.
"""

from osteon.report.html import DISCLAIMER, build_report, write_report
from osteon.report.plots import (
    all_figures,
    plot_bmd,
    plot_cells,
    plot_hormones,
    plot_markers,
    save_png,
)

__all__ = [
    "DISCLAIMER",
    "all_figures",
    "build_report",
    "plot_bmd",
    "plot_cells",
    "plot_hormones",
    "plot_markers",
    "save_png",
    "write_report",
]
