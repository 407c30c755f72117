"""Bone cells and their signals: osteoblast lineage, osteoclasts, osteocytes,
RANKL-RANK-OPG and TGF-beta coupling."""

from osteon.physiology.remodeling.cells import (
    CellDrives,
    cell_derivatives,
    rank_occupancy,
    tgf_beta_coupling,
)

__all__ = ["CellDrives", "cell_derivatives", "rank_occupancy", "tgf_beta_coupling"]
