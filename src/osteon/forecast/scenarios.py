"""Named forecast scenarios, written in the trial-file vocabulary (``FORMAT.md``).

Each scenario is added to whatever the person is taking today (their current treatments
continue in every scenario). Doses are common regimens of the trials in
``validation/trials``; a scenario that does not apply to a sex is skipped for it.

>>> sorted(SCENARIOS)
['diet', 'gh_peptide', 'mht', 'no_change', 'training', 'trt']
>>> [s.name for s in for_sex("male")]
['no_change', 'trt', 'training', 'diet', 'gh_peptide']
"""

from __future__ import annotations

from dataclasses import dataclass

from osteon.errors import OsteonInputError


@dataclass(frozen=True)
class Scenario:
    name: str
    label: str
    specs: tuple[dict, ...]
    sexes: tuple[str, ...] = ("female", "male")
    note: str = ""


SCENARIOS: dict[str, Scenario] = {s.name: s for s in (
    Scenario("no_change", "No change", (), note="current life and treatments continue"),
    Scenario("mht", "Menopausal hormone therapy", (
        {"intervention": "estrogen", "agent": "estradiol", "route": "transdermal",
         "dose": "50 ug", "every": "1 day"},
        {"intervention": "progestogen", "agent": "micronized_progesterone", "dose": "100 mg",
         "every": "1 day"},
    ), sexes=("female",), note="transdermal estradiol 50 ug/day with micronized progesterone"),
    Scenario("trt", "Testosterone with anastrozole and gonadorelin", (
        {"intervention": "testosterone", "agent": "testosterone_cypionate",
         "route": "intramuscular", "dose": "100 mg", "every": "1 week"},
        {"intervention": "aromatase_inhibitor", "agent": "anastrozole", "dose": "0.5 mg",
         "every": "3.5 days"},
        {"intervention": "gonadorelin", "dose": "100 ug", "every": "3.5 days"},
    ), sexes=("male",), note="testosterone cypionate 100 mg/week, anastrozole 0.5 mg twice a "
       "week, gonadorelin 100 ug twice a week"),
    Scenario("training", "Resistance and impact training", (
        {"intervention": "resistance_training", "sessions_per_week": 2, "intensity_pct_1rm": 80,
         "sets": 5, "reps": 5, "exercises": ["squat", "deadlift", "overhead_press"]},
        {"intervention": "impact_training", "activity": "jumping", "sessions_per_week": 2,
         "impacts_per_session": 50},
    ), note="LIFTMOR-like: heavy lifts and jumps, twice a week"),
    Scenario("diet", "Calcium, vitamin D and protein", (
        {"intervention": "calcium", "dose": "500 mg", "every": "1 day"},
        {"intervention": "vitamin_d", "dose": "800 IU", "every": "1 day"},
        {"intervention": "protein", "target_g_per_kg_per_day": 1.2},
    ), note="calcium 500 mg/day, vitamin D 800 IU/day, protein 1.2 g/kg/day"),
    Scenario("gh_peptide", "GH secretagogue (extrapolated)", (
        {"intervention": "gh_secretagogue", "agent": "ibutamoren", "dose": "25 mg",
         "every": "1 day"},
    ), note="ibutamoren 25 mg/day: raises IGF-1 in humans; its effect on bone is extrapolated "
       "from animal data"),
)}


def for_sex(sex: str, names=None) -> list[Scenario]:
    """The scenarios that apply to ``sex`` (all, or those named, in the order given)."""
    names = list(SCENARIOS) if names is None else list(names)
    out = []
    for name in names:
        if name not in SCENARIOS:
            raise OsteonInputError("scenario", f"{name!r} is not one of {', '.join(SCENARIOS)}",
                                   "--scenario mht")
        s = SCENARIOS[name]
        if sex in s.sexes:
            out.append(s)
    if not out:
        raise OsteonInputError("scenario", f"none of {names} applies to a {sex} person",
                               "--scenario no_change")
    return out
