"""The intervention vocabulary of the trial-file format, read from the registry's table.

One JSON-ready description of every ``FORMAT.md`` intervention kind (fields, types,
units, allowed values, ranges, examples, and whether the model can build it),
produced from the declarations collected by
:mod:`osteon.physiology.pharmacology.registry`. The web page's ``/api/vocabulary``
and ``osteon vocabulary`` both print it, so neither keeps a copy of its own.

>>> v = describe()
>>> v["unloading"]["fields"]["kind"]["choices"][:2]
['bed_rest', 'spaceflight']
>>> v["protein"]["fields"]["target_g_per_kg_per_day"]["units"]
'g/kg/day'
"""

from __future__ import annotations

import json
from typing import Any


def describe() -> dict[str, dict[str, Any]]:
    """Intervention kind -> its trial-file schema as plain data (table order)."""
    from osteon.physiology.pharmacology.registry import KIND_MODULES, schemas
    from osteon.trials.interventions import is_supported

    out: dict[str, dict[str, Any]] = {}
    for name, k in schemas().items():
        out[name] = {
            "supported": is_supported(name), "module": KIND_MODULES[name],
            "required": list(k.required), "groups": [list(g) for g in k.groups],
            "exactly_one": k.exactly_one, "example": k.example,
            "fields": {f: {"type": s.type, "example": s.example, "choices": list(s.choices),
                           "lo": s.lo, "hi": s.hi, "lo_open": s.lo_open,
                           "dose_units": list(s.dose_units),
                           "units": s.units, "extensions": list(s.extensions)}
                       for f, s in k.fields.items()}}
    return out


def text() -> str:
    """The vocabulary as lines of text: one block per kind, one line per field."""
    lines = []
    for name, k in describe().items():
        lines.append(f"{name}{'' if k['supported'] else ' (not supported yet)'}: {k['example']}")
        for f, s in k["fields"].items():
            req = "required" if f in k["required"] else "optional"
            what = (", ".join(s["choices"]) if s["choices"] else
                    " or ".join("a mass (mg, ug, g)" if u == "mg" else u
                                for u in s["dose_units"]) if s["type"] == "dose" else
                    "a time (days, weeks, months, years)" if s["type"] == "time" else
                    s["units"] or s["type"])
            if s["extensions"]:
                what += f" ({', '.join(s['extensions'])}: Osteon extension, not in FORMAT.md)"
            lines.append(f"  {f} ({s['type']}, {req}): {what}")
    return "\n".join(lines)


def run(args) -> int:
    """``osteon vocabulary [--json]``."""
    print(json.dumps(describe(), indent=1) if args.json else text())
    return 0


def add_parser(sub) -> None:
    """Add ``osteon vocabulary`` to the CLI's subcommands."""
    p = sub.add_parser("vocabulary", help="list the intervention kinds of the trial-file format "
                       "with their fields, units and allowed values")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=run)


__all__ = ["add_parser", "describe", "run", "text"]
