"""``osteon export-sbml``: write the composed model of one subject and protocol as SBML."""

from __future__ import annotations

from pathlib import Path

import yaml

from osteon import covariates
from osteon.errors import OsteonInputError


def add_parser(sub) -> None:
    p = sub.add_parser(
        "export-sbml",
        help="write the composed model of one subject and protocol as SBML Level 3",
        description="Write SBML Level 3 Version 2 of the model Osteon integrates for one "
        "subject under one protocol (states, rates, parameters with their records, and the "
        "time-only inputs), checked with libSBML's consistency check.",
    )
    p.add_argument("subject_file", nargs="?", help="YAML file describing the subject (optional)")
    covariates.add_cli_flags(p)  # --sex, --age, --igf1, ...: osteon.covariates
    p.add_argument("--years", type=float, default=None, help="years of follow-up (default 10)")
    p.add_argument("--interventions", default=None,
                   help="YAML file: a list of interventions written as in a trial file")
    p.add_argument("--scenario", default=None,
                   help="a demo scenario by name (see 'osteon sensitivity --list')")
    p.add_argument("--out", required=True, help="SBML file to write (e.g. model.xml)")
    p.set_defaults(func=run)


def protocol_from_args(args, years: float):
    """The protocol of ``--interventions`` or ``--scenario`` (natural history if neither)."""
    from osteon.report.scenarios import SCENARIOS
    from osteon.trials.interventions import protocol_from_specs

    path, scenario = getattr(args, "interventions", None), getattr(args, "scenario", None)
    if path and scenario:
        raise OsteonInputError("interventions", "give --interventions or --scenario, not both",
                               "--scenario 'Hormone therapy only'")
    if scenario:
        if scenario not in SCENARIOS:
            raise OsteonInputError("scenario", f"{scenario!r} is not one of "
                                   f"{', '.join(SCENARIOS)}", "--scenario 'No treatment'")
        return protocol_from_specs(SCENARIOS[scenario], years=years, name=scenario)
    if not path:
        return protocol_from_specs([], years=years)
    example = "a YAML list such as '- {intervention: estrogen, agent: estradiol, ...}'"
    p = Path(path)
    if not p.is_file():
        raise OsteonInputError("interventions", f"{path!r} does not exist", example)
    try:
        specs = yaml.safe_load(p.read_text(encoding="utf-8")) or []
    except yaml.YAMLError as err:
        raise OsteonInputError("interventions", f"{path!r} is not valid YAML ({err})",
                               example) from None
    if not isinstance(specs, list):
        raise OsteonInputError("interventions", f"{path!r} must hold a list, got "
                               f"{type(specs).__name__}", example)
    return protocol_from_specs(specs, years=years, name=p.stem)


def run(args) -> int:
    from osteon.export.sbml import build_sbml
    from osteon.export.sbml_run import consistency_errors
    from osteon.report.simulate_cmd import subject_from_args

    subject, years = subject_from_args(args)
    protocol = protocol_from_args(args, years)
    text, info = build_sbml(subject, protocol, years=years)
    errors = consistency_errors(text)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(f"wrote {out}: {info['states']} states, {info['parameters']} parameters, "
          f"{info['input_rules']} time-only inputs ({info['input_events']} piece events); "
          f"follow-up starts at SBML day {info['follow_up_start_day']:.6g}")
    if errors:
        print(f"libSBML consistency check: {len(errors)} errors; first: {errors[0]}")
        return 1
    print("libSBML consistency check: no errors")
    return 0
