"""The named index tables of the site kernel and the calcium subsystem (issue 13).

Each table is declared once (an ``IntEnum`` whose values are positions); the name tuples and
the index constants the rest of the package reads are derived from it. These tests fail if
a table and what is derived from it drift apart, or if the numba kernel stops reading the
names as integers.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from osteon import Subject, default_parameters, model, site_kernel
from osteon.physiology.calcium import skeleton as CA
from osteon.physiology.calcium import system as CS


def test_tables_are_positions():
    for table, names in ((site_kernel.SiteDrive, site_kernel.SITE_DRIVES),
                         (site_kernel.SiteState, model.STATE_NAMES),
                         (site_kernel.SiteConstant, site_kernel.SITE_CONSTANTS)):
        assert [int(m) for m in table] == list(range(len(names)))
        assert tuple(m.name for m in table) == names
    assert site_kernel.N_DRIVES == len(site_kernel.SiteDrive)
    assert site_kernel.D_ACTIVE == site_kernel.SITE_DRIVES.index("active")


def test_model_state_layout():
    names = model.STATE_NAMES
    assert model.N_STATES == 11
    assert names[model.REMODELING_SPACE] == "remodeling_space"
    assert model.CELL_STATES == names[:4]
    assert names[model.MATRIX0:] == tuple(
        f"{m}_{e}" for e in model.ENVELOPES for m in model.MATRIX_STATES)


def test_systemic_drive_rows():
    drives = site_kernel.SYSTEMIC_DRIVES
    assert drives[: CS.N_INPUTS] == CS.INPUT_NAMES
    assert drives[site_kernel.D_PTH_REF] == "pth_reference"
    assert drives[site_kernel.D_SKELETAL_CALCIUM] == "skeletal_calcium"
    assert drives[site_kernel.D_CA_REF] == "calcium_reference"
    assert site_kernel.D_ACTIVE >= len(drives)  # the systemic row's "active" column is free


def test_calcium_indices_match_names():
    assert CA.SYSTEMIC_STATES[CA.SYS_PTH] == "pth"
    assert CA.SYSTEMIC_STATES[CA.SYS_CALCITRIOL] == "calcitriol"
    assert CA.SYSTEMIC_STATES[CA.SYS_ECF_CALCIUM] == "ecf_calcium"
    expected = {
        "PTH": "pth", "GLAND_POOL": "gland_pool", "GLAND_CAPACITY": "gland_capacity",
        "CALCITRIOL": "calcitriol", "PTH_SC_DEPOT": "pth_sc_depot", "ECF_CALCIUM": "ecf_calcium",
        "ECF_PHOSPHATE": "ecf_phosphate", "GUT_CALCIUM": "gut_calcium", "GUT_STATE": "gut_state",
        "GUT_PHOSPHATE": "gut_phosphate", "CELL_PHOSPHATE": "cell_phosphate",
        "HYDROXYLASE": "hydroxylase", "TERI_DEPOT": "teriparatide_depot",
        "HAP": "hydroxyapatite", "OC": "osteoclasts", "ROB": "responding_osteoblasts",
        "OB_FAST": "osteoblasts_fast", "OB_SLOW": "osteoblasts_slow",
        "TGFB_LATENT": "tgf_beta_latent", "TGFB_ACTIVE": "tgf_beta_active", "RANKL": "rankl",
        "RANK": "rank", "OPG": "opg", "RANK_RANKL": "rank_rankl", "OPG_RANKL": "opg_rankl",
        "Q_EXCH": "exchangeable_bone_calcium", "Q_BONE": "bone_calcium", "RUNX2": "runx2",
        "CREB": "creb", "BCL2": "bcl2", "CUM_INTAKE": "calcium_intake",
        "CUM_ENTERED": "calcium_entered", "CUM_ABSORBED": "calcium_absorbed",
        "CUM_URINARY": "calcium_urinary", "CUM_RESORBED": "calcium_resorbed",
        "CUM_FORMED": "calcium_formed",
    }
    assert len(expected) == CS.N_STATES
    for const, name in expected.items():
        assert CS.STATE_NAMES[getattr(CS, const)] == name, const
    inputs = ("U_ORAL_CA", "U_GFR", "U_PTH_IV", "U_PTH_SC", "U_25OHD", "U_MAGNESIUM",
              "U_GUT_FACTOR", "U_REABSORPTION_FACTOR")
    assert [getattr(CS, u) for u in inputs] == list(range(CS.N_INPUTS))


def test_site_drives_rows_by_name():
    """The drive table's rows are where the names say (sex steroid, load, active)."""
    cohort = model.Cohort.from_subjects([Subject(sex="female", age=60.0)])
    m = model.BoneModel(default_parameters(), cohort)
    d = m.site_drives(0.0)
    assert d.shape[0] == site_kernel.N_DRIVES
    np.testing.assert_array_equal(d[site_kernel.SiteDrive.load, :, :4], 1.0)
    np.testing.assert_array_equal(d[site_kernel.SiteDrive.active], 1.0)
    assert 0.0 < d[site_kernel.SiteDrive.sex_steroid, 0, 0] < 1.0  # after menopause


def test_numba_reads_names_as_integers():
    @njit
    def pick(d):
        return d[site_kernel.SiteDrive.focal_loss] + 10.0 * d[site_kernel.SiteDrive.active]

    d = np.arange(float(site_kernel.N_DRIVES))
    assert pick(d) == d[site_kernel.SITE_DRIVES.index("focal_loss")] + 10.0 * d[-1]
