"""Unloading by kind and site: bed rest, spaceflight, spinal-cord injury, immobilization.

Each kind of unloading leaves a different share of the habitual daily stress
stimulus at each skeletal site, because it removes different loads:

bed rest
    Lying supine removes body weight from the legs and most of the axial load
    of the spine (supine intradiscal pressure ~0.1 MPa vs 0.5 MPa standing,
    Wilke HJ et al. Spine 1999;24:755), while muscle tone, turning and arm use
    remain. Hip and leg lose more than the spine (LeBlanc AD et al. J Bone
    Miner Res 1990;5:843: 17 weeks, L2-L4 -3.9 %, femoral neck -3.6 %,
    trochanter -4.6 %; Shackelford LC et al. J Appl Physiol 2004;97:119:
    17 weeks, spine -1 %, total hip -3 %, total body -1 %).
spaceflight
    Weightlessness removes gravitational load everywhere; in-flight exercise
    returns part of it. Loss per month is highest at the hip and lower at the
    spine (Lang T et al. J Bone Miner Res 2004;19:1006: ISS hip 1.4-1.5 %,
    spine 0.9 % per month; LeBlanc A et al. J Musculoskelet Neuronal Interact
    2000;1:157: total body about a quarter of the hip rate, arms ~0).
spinal-cord injury
    Paralysis removes both weight bearing and muscle forces below the lesion;
    the lumbar spine keeps the sitting load and does not lose bone, while the
    legs lose a third or more within 1-2 years (Biering-Sørensen F et al. Eur
    J Clin Invest 1990;20:330).
immobilization
    Taken as one lower limb immobilized (cast, non-weight bearing): the hip of
    that limb is unloaded, the spine and most of the skeleton keep their loads.

The residual loads are relative to habitual (1 = habitual) and enter the
mechanostat as site loads (:func:`unloading_load_factor`). The mechanostat
answers an underload twice: osteocytes and osteoblasts raise RANKL (more
remodeling, which saturates: osteoclasts at most double), and each BMU is left
in negative balance in proportion to the underload (``mech_disuse_focal_gain``;
Frost's disuse mode, sclerostin from unloaded osteocytes). The second is what
lets spaceflight lose 1.4-1.5 %/month at the hip and spinal-cord injury lose a
quarter of the hip's mineral in a year, and it is lasting: that part does not
come back when the load returns. The sizes are
structural estimates (evidence ``assumed``) whose site order follows the
studies above; the bed-rest values are refitted by
``scripts/refit_unloading.py`` on the two 17-week bed-rest trial files.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from osteon.errors import OsteonInputError
from osteon.parameters.records import Evidence as E
from osteon.parameters.records import ParameterSet
from osteon.signals import Intervention, Signals, Time

UNLOADING_KINDS = ("bed_rest", "spaceflight", "spinal_cord_injury", "immobilization")
SITE_GROUPS = ("spine", "hip", "total_body")
"""Load groups: lumbar spine; femoral neck and total hip; total body."""
_SITE_GROUP_OF = (0, 1, 1, 2)  # lumbar_spine, femoral_neck, total_hip, total_body


def parameter_name(kind: str, group: str) -> str:
    """Name of the residual-load parameter of one kind of unloading at one site group.

    >>> parameter_name("bed_rest", "hip")
    'unloading_bed_rest_hip_load'
    """
    what = f"{kind}_{group}_load"
    return f"unloading_{what}"


def unloading_load_factor(kind: str, params) -> np.ndarray:
    """Residual load of the four DXA sites under one kind of unloading, shape ``(4,)``.

    Order: lumbar spine, femoral neck, total hip, total body (1 = habitual).

    >>> from osteon.parameters import default_parameters
    >>> f = unloading_load_factor("spinal_cord_injury", default_parameters())
    >>> bool(f[1] < f[0]) and bool(f[1] == f[2])
    True
    """
    per_group = [params[parameter_name(kind, g)] for g in SITE_GROUPS]
    return np.array([per_group[g] for g in _SITE_GROUP_OF], dtype=float)


_WILKE = "Wilke HJ et al. Spine 1999;24:755 (supine 0.1 MPa, sitting 0.46, standing 0.5)"
_LEBLANC90 = ("LeBlanc AD et al. J Bone Miner Res 1990;5:843 (17 wk bed rest: L2-L4 -3.9 %, "
              "femoral neck -3.6 %, trochanter -4.6 %)")
_SHACKELFORD = ("Shackelford LC et al. J Appl Physiol 2004;97:119 (17 wk bed rest: spine -1 %, "
                "total hip -3 %, total body -1 %)")
_LANG = "Lang T et al. J Bone Miner Res 2004;19:1006 (ISS: hip 1.4-1.5 %/month, spine 0.9 %/month)"
_LEBLANC00 = ("LeBlanc A et al. J Musculoskelet Neuronal Interact 2000;1:157 (Mir: total body about "
              "a quarter of the hip rate per month, arms ~0)")
_BS90 = ("Biering-Sorensen F et al. Eur J Clin Invest 1990;20:330 (spinal-cord injury: lumbar spine "
         "preserved; legs lose a third or more to a new steady state in 1-2 years)")
_IMMOB = ("Assumed: one lower limb in a cast or non-weight bearing; the opposite limb, spine and arms "
          "keep their loads (no DXA trial file of immobilization yet)")

# kind: {group: (value, plausible range, source, evidence)}
_VALUES = {
    "bed_rest": {
        "spine": (0.6, (0.2, 1.0), _WILKE + "; " + _LEBLANC90 + "; " + _SHACKELFORD, E.FITTED),
        "hip": (0.25, (0.0, 0.5), _LEBLANC90 + "; " + _SHACKELFORD, E.FITTED),
        "total_body": (0.6, (0.3, 1.0), _SHACKELFORD + "; arms and skull keep their loads",
                       E.ASSUMED),
    },
    "spaceflight": {
        "spine": (0.5, (0.0, 1.0), _LANG, E.ASSUMED),
        "hip": (0.05, (0.0, 0.5), _LANG, E.ASSUMED),
        "total_body": (0.5, (0.2, 1.0), _LEBLANC00, E.ASSUMED),
    },
    "spinal_cord_injury": {
        "spine": (1.0, (0.7, 1.2), _BS90 + "; " + _WILKE, E.ASSUMED),
        "hip": (0.02, (0.0, 0.3), _BS90, E.ASSUMED),
        "total_body": (0.5, (0.2, 1.0), _BS90 + "; arms load more in a wheelchair", E.ASSUMED),
    },
    "immobilization": {
        "spine": (0.9, (0.6, 1.0), _IMMOB, E.ASSUMED),
        "hip": (0.3, (0.0, 0.7), _IMMOB, E.ASSUMED),
        "total_body": (0.9, (0.6, 1.0), _IMMOB, E.ASSUMED),
    },
}

_GROUP_WORDS = {"spine": "lumbar spine", "hip": "femoral neck and total hip",
                "total_body": "total body"}

RECORDS: list[tuple] = [
    (parameter_name(kind, g), v, "1", src, ev, rng,
     f"Daily stress stimulus left at the {_GROUP_WORDS[g]} during {kind.replace('_', ' ')} "
     "(relative to habitual)", "Unloading", ev is E.FITTED)
    for kind, groups in _VALUES.items() for g, (v, rng, src, ev) in groups.items()
]
"""Records in the format of :data:`osteon.parameters.default._RECORDS`."""

@dataclass(frozen=True)
class Unloading(Intervention):
    """Removal of the habitual mechanical load of the weight-bearing skeleton.

    The daily stress stimulus of each site falls to the share that this kind of
    unloading leaves there (:func:`unloading_load_factor`: the hip
    loses more than the spine in bed and in space; the spine keeps its load
    after spinal-cord injury).

    >>> Unloading(kind="bed_rest").describe()
    'unloading (bed_rest) from day 0 to end'
    >>> Unloading(kind="sofa")
    Traceback (most recent call last):
    ...
    osteon.errors.OsteonInputError: unloading.kind: 'sofa' is not one of bed_rest, spaceflight, spinal_cord_injury, immobilization. Valid example: kind: bed_rest
    """

    kind_of_unloading: str = "bed_rest"
    kind: ClassVar[str] = "unloading"
    phase: ClassVar[int] = 3
    evidence: ClassVar[E] = E.HUMAN_OBSERVATIONAL
    citation: ClassVar[str] = ("LeBlanc AD et al. J Bone Miner Res 1990;5:843; Lang T et al. J Bone "
                               "Miner Res 2004;19:1006; Biering-Sorensen F et al. Eur J Clin Invest "
                               "1990;20:330")

    def __init__(
        self, kind: str = "bed_rest", start_day: float = 0.0, stop_day: float | None = None
    ) -> None:
        object.__setattr__(self, "kind_of_unloading", kind)
        object.__setattr__(self, "start_day", start_day)
        object.__setattr__(self, "stop_day", stop_day)
        if not isinstance(kind, str) or kind not in UNLOADING_KINDS:
            raise OsteonInputError(
                "unloading.kind",
                f"{kind!r} is not one of {', '.join(UNLOADING_KINDS)}",
                "kind: bed_rest",
            )
        Intervention.__post_init__(self)

    def apply(self, t: Time, signals: Signals, params: ParameterSet) -> None:
        on = np.broadcast_to(self.active(t), signals.load.shape[:1])[:, None]
        factor = unloading_load_factor(self.kind_of_unloading, params)
        signals.load = np.where(on, signals.load * factor, signals.load)

    def describe(self) -> str:
        return super().describe().replace("unloading", f"unloading ({self.kind_of_unloading})", 1)


__all__ = ["RECORDS", "SITE_GROUPS", "UNLOADING_KINDS", "Unloading", "parameter_name",
           "unloading_load_factor"]
