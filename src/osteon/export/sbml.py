"""SBML Level 3 export of the composed model of one subject under one protocol.

What is written, and where it comes from:

- **States and rates.** The 62 states of one subject (eleven per skeletal site, eighteen
  systemic; :data:`osteon.model.STATE_NAMES`, :data:`osteon.physiology.calcium.skeleton.
  SYSTEMIC_STATES`) become SBML parameters with rate rules. The rate expressions are not
  written by hand: :func:`osteon.export.trace.trace_rhs` runs the functions Osteon itself integrates
  (:func:`osteon.model.site_rhs`, :func:`~osteon.model.skeletal_calcium_fluxes`, the
  calcium subsystem's ``systemic_derivatives``) on symbols (:mod:`osteon.export.symbolic`)
  and writes the recorded expression trees. Subexpressions the code uses more than once
  become named assignment rules (``x_<n>``), as do the named outputs (density, formation,
  resorption, RANKL, OPG, the mechanical error of each site).
- **Parameters.** Every parameter of the default set that a rate reads is written with its
  value, its units (text, and an SBML unit definition where the unit is simple), its source,
  evidence grade and plausible range in an ``osteon:record`` annotation. Constants Osteon
  derives from them per model (site turnover and mineral at peak, the calcium subsystem's
  EC50s, the subject's own PTH and calcium at peak) are written as numbers with the name of
  the code that derives them.
- **Time-only inputs** (hormone curves by age, the protocol's pharmacokinetics and pathway
  drives, calcium-subsystem inputs). They are functions of time alone that Osteon evaluates
  in numpy (:meth:`osteon.model.BoneModel.site_drives`). Each is written as an assignment
  rule: a cubic in time whose coefficients events switch piece by piece, fitted to Osteon's
  own drive function on a grid refined until the cubic matches it within ``rtol_inputs`` at
  test points inside every piece, with nodes on every protocol breakpoint (left and right
  limits kept; :mod:`osteon.export.tabulate`). Protocol breakpoints are also events, so that a simulator restarts there.
  This is a tabulation, not the closed-form PK of the protocol classes: the SBML reproduces
  the inputs of this subject and protocol only.

Time is in days from the subject's 30th birthday (peak bone mass, Osteon's steady state),
so the file holds the whole history; follow-up starts at ``follow_up_start_day``
(a model parameter). Subjects younger than 30 at the start are not exported. Exposure
before follow-up (a negative start: a drug taken at entry, a past course) is in the inputs,
its starts and stops are events, and before the 30th birthday it acts from time 0, as in
:meth:`osteon.Simulation.history`.

The file also carries the outputs compared in the tests: relative and absolute BMD of each
site, the bone turnover markers, plasma PTH, calcium and calcitriol.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np

from osteon.errors import OsteonInputError
from osteon.export.symbolic import Expr, shared_nodes
from osteon.export.tabulate import Tabulated, tabulate_inputs
from osteon.export.trace import SYSTEMIC_NAMES, trace_rhs
from osteon.model import (
    N_STATES,
    SITE_DRIVES,
    SYSTEMIC_ROW,
    TOTAL_BODY,
    BoneModel,
    Cohort,
)
from osteon.outputs.degenerative import midpoint_record, spine_degenerative_excess_infix
from osteon.outputs.reference import SITES, reference_bmd
from osteon.physiology.calcium import system as CS
from osteon.physiology.endocrine.background import PEAK_BONE_AGE
from osteon.protocol import Protocol, as_protocol
from osteon.units import DAYS_PER_YEAR

OSTEON_NS = "https://osteon.invalid/sbml-annotation"
"""XML namespace of Osteon's annotations (parameter records, derivations)."""

MARKERS = {
    # name: (parameter with the reference level, kind) -- as osteon.simulation.MARKERS
    "ctx": ("ctx_premenopausal", "resorption"),
    "ntx": ("ntx_premenopausal", "resorption"),
    "p1np": ("p1np_premenopausal", "formation"),
    "osteocalcin": ("osteocalcin_premenopausal", "formation"),
    "bsap": ("bsap_premenopausal", "formation"),
}


def _sid(text: str) -> str:
    """A valid SBML identifier."""
    s = re.sub(r"[^A-Za-z0-9_]", "_", text)
    return s if re.match(r"[A-Za-z_]", s) else f"_{s}"


def _num(x: float) -> str:
    s = repr(float(x))
    return f"({s})" if s.startswith("-") else s


# ------------------------------------------------------------------------ the document


def _subject_model(subject, protocol: Protocol, params) -> BoneModel:
    return BoneModel(params, Cohort.from_subjects([subject]), protocol)


def build_sbml(subject, protocol=None, *, parameters=None, years: float = 10.0,
               rtol_inputs: float = 1e-8) -> tuple[str, dict]:
    """SBML Level 3 Version 2 text of ``subject`` under ``protocol``, and an info dict.

    The info dict holds ``follow_up_start_day`` (SBML time of the start of follow-up),
    ``breakpoints`` (SBML times) and counts of what was written.
    """
    import libsbml

    from osteon.parameters import default_parameters
    from osteon.subject import Subject

    if not isinstance(subject, Subject):
        raise OsteonInputError("subject", f"expected a Subject, got {type(subject).__name__}",
                               'Subject(sex="female", age=55)')
    if subject.age < PEAK_BONE_AGE:
        raise OsteonInputError("subject.age", f"{subject.age:g} is under {PEAK_BONE_AGE:g}: "
                               "the SBML starts at peak bone mass (age 30)",
                               'Subject(sex="female", age=55)')
    if subject.t_score is not None:
        raise OsteonInputError("subject.t_score", "a measured T-score shifts the BMD scale "
                               "from the simulated density at follow-up; not exported",
                               'Subject(sex="female", age=55)')
    if isinstance(years, bool) or not isinstance(years, (int, float)) or not 0 < years <= 80:
        raise OsteonInputError("years", f"{years!r} must be a number of years in (0, 80]",
                               "years=10")
    protocol = as_protocol(protocol)
    params = parameters or default_parameters()
    model = _subject_model(subject, protocol, params)
    offset = (subject.age - PEAK_BONE_AGE) * DAYS_PER_YEAR  # SBML time of follow-up day 0
    t_end = years * DAYS_PER_YEAR
    traced = trace_rhs(model)

    doc = libsbml.SBMLDocument(3, 2)
    m = doc.createModel()
    m.setId(_sid(f"osteon_{subject.name or subject.sex}_{protocol.name}"))
    m.setName(f"Osteon: {subject.sex}, {subject.age:g} y, {protocol.describe()}")
    m.setTimeUnits("day")
    _notes(m, f"Osteon {__import__('osteon').__version__} composed model; parameter set "
              f"{params.name} (hash {params.hash}). Time: days from the subject's 30th "
              f"birthday; follow-up starts at day {offset:.6g}. Generated by "
              "osteon.export.sbml from the functions Osteon integrates.")
    units = _UnitBook(m)
    units.get("day")

    def param(pid, value, *, unit=None, constant=True, note=None, record=None):
        p = m.createParameter()
        _ok(p.setId(pid), pid)
        p.setValue(float(value))
        p.setConstant(constant)
        uid = units.get(unit) if unit else None
        if uid:
            p.setUnits(uid)
        _annotate(p, record=record, note=note, unit=unit)
        return p

    # States
    y0 = model.initial_state()[0]
    state_units = {name: "dimensionless" for name in traced.state_ids[: len(SITES) * N_STATES]}
    for sid, unit in zip(SYSTEMIC_NAMES, _SYSTEMIC_UNITS, strict=True):
        state_units[sid] = unit
    for j, sid in enumerate(traced.state_ids):
        param(sid, y0[j], unit=state_units[sid], constant=False,
              note="state; initial value: Osteon's steady state at peak bone mass")

    # Constants: parameter records, derived constants, subject constants
    def const(name, value, derived=None):
        if name in params:
            rec = params.record(name)
            if not math.isclose(rec.value, float(value), rel_tol=1e-12, abs_tol=0.0):
                derived = derived or "value differs from the record"
            param(name, value, unit=rec.units, record=rec, note=derived)
        else:
            param(name, value, note=derived or "derived")

    core = model.core_params
    for name in traced.core:
        const(name, getattr(core, name),
              "secondary_mineralization_time x 365.25 (days)" if name == "secondary_time"
              else None)
    kc = model.calcium_constants[0]
    for name in traced.calcium:
        if name in traced.core:
            continue
        derived = ("derived by osteon.physiology.calcium.system.derive_constants"
                   if name in CS.DERIVED_NAMES else None)
        const(name, kc[name], derived)
    for sid, kk, s in traced.site_constants:
        param(sid, model.site_constants[kk, s],
              note="site constant derived by osteon.model.BoneModel (trabecular_fraction_*, "
                   "turnover_*, steady-state mineral)")
    d0 = model.site_drives(0.0)[:, 0, :]
    for sid, kk in traced.systemic_constants:
        param(sid, d0[kk, SYSTEMIC_ROW],
              note="the subject's own value at peak bone mass (osteon.model.BoneModel)")
    param("follow_up_start_day", offset, unit="day",
          note="SBML time of the start of follow-up (days since the 30th birthday)")

    # Time-only inputs
    t_start = -offset
    bps = [b for b in protocol.breakpoints(t_end) if b > t_start]
    if subject.female and subject.menopause_age is not None:
        bps.append((subject.menopause_age - subject.age) * DAYS_PER_YEAR)
    # Drive series that read the same values share one input
    used = set().union(*(e.symbols() for e in traced.rates.values() if isinstance(e, Expr)))
    series = [(sid, kk, row) for sid, kk, row in traced.drives if sid in used]
    tabs = tabulate_inputs(model, t_start, t_end, bps, [(kk, row) for _, kk, row in series],
                           rtol=rtol_inputs)
    n_rules_inputs = 0
    written: list[tuple[Tabulated, str]] = []
    switches: dict[float, list[tuple[str, int, Tabulated]]] = {}
    for (sid, kk, _row), tab in zip(series, tabs, strict=True):
        c = tab.constant
        what = SITE_DRIVES[kk] if _row < SYSTEMIC_ROW else sid
        if c is not None:
            param(sid, c, note=f"time-only input '{what}': constant for this subject and protocol")
            continue
        same = next((name for t2, name in written
                     if np.array_equal(t2.nodes, tab.nodes) and np.array_equal(t2.coef, tab.coef)),
                    None)
        param(sid, float(tab(tab.nodes[0])), constant=False,
              note=f"time-only input '{what}': piecewise cubic in time fitted to Osteon's "
                   f"BoneModel.site_drives (relative tolerance {rtol_inputs:g}); the piece's "
                   "coefficients are set by the events input_piece_*")
        rule = m.createAssignmentRule()
        rule.setVariable(sid)
        n_rules_inputs += 1
        if same is not None:
            rule.setMath(_parse(same))
            continue
        written.append((tab, sid))
        for name, v in zip(("c0", "c1", "c2", "c3"), tab.coef[0], strict=True):
            param(f"{sid}_{name}", v, constant=False, note="coefficient of the current piece")
        param(f"{sid}_start", tab.nodes[0] + offset, unit="day", constant=False,
              note="start of the current piece (SBML time)")
        param(f"{sid}_width", tab.nodes[1] - tab.nodes[0], unit="day", constant=False,
              note="width of the current piece")
        x = f"((time - {sid}_start) / {sid}_width)"
        rule.setMath(_parse(f"{sid}_c0 + {x} * ({sid}_c1 + {x} * ({sid}_c2 + {x} * {sid}_c3))"))
        for i in range(1, len(tab.coef)):
            switches.setdefault(float(tab.nodes[i]), []).append((sid, i, tab))
    for n_ev, when in enumerate(sorted(switches)):
        ev = m.createEvent()
        ev.setId(f"input_piece_{n_ev + 1}")
        ev.setUseValuesFromTriggerTime(True)
        trig = ev.createTrigger()
        trig.setInitialValue(False)
        trig.setPersistent(True)
        trig.setMath(_parse(f"time >= {_num(when + offset)}"))
        for sid, i, tab in switches[when]:
            values = list(tab.coef[i]) + [tab.nodes[i] + offset, tab.nodes[i + 1] - tab.nodes[i]]
            for name, v in zip(("c0", "c1", "c2", "c3", "start", "width"), values, strict=True):
                ea = ev.createEventAssignment()
                ea.setVariable(f"{sid}_{name}")
                ea.setMath(_parse(_num(v)))
    n_input_events = len(switches)

    # Named intermediates and outputs
    roots = list(traced.rates.values()) + list(traced.outputs.values())
    names: dict[int, str] = {}
    for key, e in traced.outputs.items():
        if isinstance(e, Expr) and not e.is_leaf and id(e) not in names:
            names[id(e)] = key
    shared = shared_nodes(roots)
    counter = 0
    order = []
    for node in shared:
        if id(node) not in names:
            counter += 1
            names[id(node)] = f"x_{counter}"
        order.append(node)
    # Outputs not already among the shared nodes, in dependency order
    for e in traced.outputs.values():
        if isinstance(e, Expr) and not e.is_leaf and e not in order:
            order.append(e)
    topo = _dependency_order(order, names)
    for node in topo:
        pid = names[id(node)]
        param(pid, 0.0, constant=False,
              note="output of the right-hand side" if pid in traced.outputs
              else "intermediate of the right-hand side")
        rule = m.createAssignmentRule()
        rule.setVariable(pid)
        rule.setMath(_parse(node.infix(names)))
    for sid in traced.state_ids:
        rate = traced.rates[sid]
        rr = m.createRateRule()
        rr.setVariable(sid)
        text = rate.infix(names) if isinstance(rate, Expr) else _num(rate)
        rr.setMath(_parse(text))

    # Reported outputs: BMD, markers
    P = params
    tb = SITES[TOTAL_BODY]
    for site in SITES:
        mean, _sd = reference_bmd(subject.sex, site)
        param(f"{site}_bmd_peak", mean, unit="g/cm2",
              note="reference-population peak BMD (osteon.outputs.reference)")
        param(f"{site}_bmd", 0.0, unit="g/cm2", constant=False, note="areal BMD (DXA)")
        rule = m.createAssignmentRule()
        rule.setVariable(f"{site}_bmd")
        measured = f"{site}_density * {site}_bmd_peak"
        if site == "lumbar_spine":  # DXA reads the bone plus the degenerative excess of age
            for k in ("amplitude", "midpoint", "scale"):  # the midpoint of the subject's sex
                rec = (midpoint_record(subject.sex) if k == "midpoint"
                       else f"dxa_spine_degenerative_{k}")
                const(f"dxa_spine_degenerative_{k}", P[rec])
            age = f"({_num(PEAK_BONE_AGE)} + time / {_num(DAYS_PER_YEAR)})"
            measured = f"{measured} * (1 + {spine_degenerative_excess_infix(age)})"
        rule.setMath(_parse(measured))
    for exp_name in ("marker_resorption_exponent", "marker_formation_exponent"):
        const(exp_name, P[exp_name])
    for name, (pname, kind) in MARKERS.items():
        const(pname, P[pname])
        unit = P.record(pname).units
        param(name, 0.0, unit=unit, constant=False, note=f"bone turnover marker ({kind})")
        rule = m.createAssignmentRule()
        rule.setVariable(name)
        rule.setMath(_parse(f"{pname} * max({tb}_{kind}, 0)^marker_{kind}_exponent"))

    # Protocol breakpoints as events (a simulator restarts there)
    count = param("breakpoints_passed", 0.0, constant=False, unit="dimensionless",
                  note="protocol breakpoints passed (events; the inputs jump there)")
    del count
    # breakpoints after the 30th birthday (time 0), before follow-up too (negative starts);
    # one at day 0 is left out (the input pieces switch there anyway)
    ev_times = sorted({b + offset for b in protocol.breakpoints(t_end)
                       if b > 0 or t_start < b < 0})
    for i, tb_ in enumerate(ev_times):
        ev = m.createEvent()
        ev.setId(f"breakpoint_{i + 1}")
        ev.setUseValuesFromTriggerTime(True)
        trig = ev.createTrigger()
        trig.setInitialValue(False)
        trig.setPersistent(True)
        trig.setMath(_parse(f"time >= {_num(tb_)}"))
        ea = ev.createEventAssignment()
        ea.setVariable("breakpoints_passed")
        ea.setMath(_parse("breakpoints_passed + 1"))
    text = libsbml.writeSBMLToString(doc)
    info = {
        "follow_up_start_day": offset,
        "breakpoints": ev_times,
        "states": len(traced.state_ids),
        "parameters": m.getNumParameters(),
        "assignment_rules": m.getNumRules() - len(traced.state_ids),
        "input_rules": n_rules_inputs,
        "input_events": n_input_events,
        "intermediates": counter,
    }
    return text, info


_SYSTEMIC_UNITS = (
    "pmol", "dimensionless", "dimensionless", "pmol", "mmol", "mmol", "mmol", "dimensionless",
    "mmol", "mmol", "pmol/h", "mmol", "mmol", "mmol", "mmol", "mmol", "mmol", "mmol",
)
"""Units of :data:`SYSTEMIC_NAMES` (Peterson-Riggs amounts; the ledger in mmol)."""


def _dependency_order(nodes: list[Expr], names: dict[int, str]) -> list[Expr]:
    """Named nodes ordered so that each comes after the named nodes it reads."""
    named = {id(n): n for n in nodes}
    deps: dict[int, set[int]] = {}
    for n in nodes:
        found: set[int] = set()
        stack = list(a for a in n.args if isinstance(a, Expr))
        seen: set[int] = set()
        while stack:
            a = stack.pop()
            if id(a) in seen:
                continue
            seen.add(id(a))
            if id(a) in named and id(a) in names:
                found.add(id(a))
                continue
            stack.extend(x for x in a.args if isinstance(x, Expr))
        deps[id(n)] = found
    out, placed = [], set[int]()
    pending = list(nodes)
    while pending:
        rest = []
        for n in pending:
            if deps[id(n)] <= placed:
                out.append(n)
                placed.add(id(n))
            else:
                rest.append(n)
        if len(rest) == len(pending):
            raise RuntimeError("cyclic intermediates")
        pending = rest
    return out


def _parse(text: str):
    import libsbml

    ast = libsbml.parseL3Formula(text)
    if ast is None:
        raise RuntimeError(f"could not parse {text[:200]!r}: {libsbml.getLastParseL3Error()}")
    return ast


def _ok(code, what):
    import libsbml

    if code != libsbml.LIBSBML_OPERATION_SUCCESS:
        raise RuntimeError(f"libSBML refused {what!r} (code {code})")


def _xml(text: str) -> str:
    return (str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def _notes(obj, text: str) -> None:
    obj.setNotes(f'<body xmlns="http://www.w3.org/1999/xhtml"><p>{_xml(text)}</p></body>')


def _annotate(obj, *, record=None, note=None, unit=None) -> None:
    attrs = []
    if record is not None:
        lo, hi = record.plausible_range
        attrs += [f'units="{_xml(record.units)}"', f'source="{_xml(record.source)}"',
                  f'evidence="{_xml(record.evidence.value)}"',
                  f'plausible_low="{lo!r}"', f'plausible_high="{hi!r}"',
                  f'description="{_xml(record.description)}"',
                  f'calibrated="{str(record.calibrated).lower()}"']
    elif unit:
        attrs.append(f'units="{_xml(unit)}"')
    if note:
        attrs.append(f'note="{_xml(note)}"')
    if attrs:
        obj.setAnnotation(f'<osteon:record xmlns:osteon="{OSTEON_NS}" {" ".join(attrs)}/>')


class _UnitBook:
    """SBML unit definitions for the simple unit strings of the parameter records;
    others stay text in the annotation."""

    _BASE = {
        "day": [("second", 1, 0, 86400.0)],
        "h": [("second", 1, 0, 3600.0)],
        "year": [("second", 1, 0, 86400.0 * 365.25)],
        "mmol": [("mole", 1, -3, 1.0)],
        "pmol": [("mole", 1, -12, 1.0)],
        "L": [("litre", 1, 0, 1.0)],
        "mmol/L": [("mole", 1, -3, 1.0), ("litre", -1, 0, 1.0)],
        "pmol/L": [("mole", 1, -12, 1.0), ("litre", -1, 0, 1.0)],
        "mmol/h": [("mole", 1, -3, 1.0), ("second", -1, 0, 3600.0)],
        "pmol/h": [("mole", 1, -12, 1.0), ("second", -1, 0, 3600.0)],
        "L/h": [("litre", 1, 0, 1.0), ("second", -1, 0, 3600.0)],
        "1/day": [("second", -1, 0, 86400.0)],
        "1/h": [("second", -1, 0, 3600.0)],
        "g/cm2": [("gram", 1, 0, 1.0), ("metre", -2, -2, 1.0)],
    }
    _ALIAS = {"1": "dimensionless", "dimensionless": "dimensionless", "days": "day",
              "hour": "h", "hours": "h", "years": "year", "per day": "1/day", "/day": "1/day",
              "/h": "1/h", "per hour": "1/h", "mmol/l": "mmol/L", "pmol/l": "pmol/L"}

    def __init__(self, model):
        self.m = model
        self.made: dict[str, str] = {}

    def get(self, unit: str | None) -> str | None:
        import libsbml

        if not unit:
            return None
        key = self._ALIAS.get(unit.strip(), unit.strip())
        if key == "dimensionless":
            return "dimensionless"
        if key not in self._BASE:
            return None
        if key in self.made:
            return self.made[key]
        uid = _sid("u_" + key.replace("/", "_per_"))
        ud = self.m.createUnitDefinition()
        ud.setId(uid)
        for kind, exp, scale, mult in self._BASE[key]:
            u = ud.createUnit()
            u.setKind(libsbml.UnitKind_forName(kind))
            u.setExponent(exp)
            u.setScale(scale)
            u.setMultiplier(mult)
        if key == "day":
            # the model's time unit is the id "day"
            ud.setId("day")
            uid = "day"
        self.made[key] = uid
        return uid


def export_sbml(subject, protocol=None, path: str | Path | None = None, *, parameters=None,
                years: float = 10.0, rtol_inputs: float = 1e-8) -> str:
    """Write (if ``path``) and return the SBML of ``subject`` under ``protocol``.

    Examples
    --------
    >>> from osteon import Subject
    >>> text = export_sbml(Subject(sex="female", age=55), years=1)  # doctest: +SKIP
    """
    text, _info = build_sbml(subject, protocol, parameters=parameters, years=years,
                             rtol_inputs=rtol_inputs)
    if path is not None:
        Path(path).write_text(text)
    return text
