"""Sex-hormone therapies: estrogens, progestogens, testosterone, aromatase inhibitors, gonadorelin.

These interventions provide serum levels and their kinetics; the bone response
comes from the model's own pathways (estrogen signal: RANKL, OPG, osteoclast
apoptosis, osteocytes and mechanostat sensitivity; androgen signal: osteoblast
recruitment and the BMU wall; progesterone signal: a small osteoblast effect). Every number is a
parameter record in :mod:`osteon.physiology.pharmacology.records`.

Pharmacokinetics are closed-form (:mod:`osteon.physiology.pharmacology.pk`): the
levels handed to the bone model are dosing-interval averages, smooth in time;
the instantaneous levels (peaks and troughs of injections, cyclic progestogens)
go to ``instant=`` for reports.

Order within a protocol (``phase``): the exogenous hormones (estrogen,
progestogen, testosterone) are phase 0; aromatase inhibitors and gonadorelin
are phase 1 and act on what phase 0 produced.

Testosterone, aromatase inhibitors and gonadorelin (the HPG axis, and the state they hand
over to each other) are in :mod:`osteon.physiology.pharmacology.hpg_axis`; the checks
shared with them in :mod:`osteon.physiology.pharmacology.hormone_common`. This module
declares the trial-file schemas and builders of all five kinds (the registry reads them
here) and re-exports the public names of hpg_axis.

Men's estradiol follows testosterone through aromatization
(``aromatization_ratio``, scaled by the subject's own estradiol lab where one
was given); women's through the smaller ``aromatization_ratio_female``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from osteon.errors import OsteonInputError
from osteon.parameters.records import Evidence
from osteon.physiology.pharmacology import pk
from osteon.physiology.pharmacology.hormone_common import (
    _MAX_RATE_MG_PER_DAY,
    _choice,
    _instant,
    _positive,
)
from osteon.physiology.pharmacology.hpg_axis import (
    AROMATASE_INHIBITOR_AGENTS,
    TESTOSTERONE_AGENTS,
    TESTOSTERONE_ROUTES,
    AromataseInhibitor,
    Gonadorelin,
    Testosterone,
)
from osteon.physiology.schema import (
    EVERY,
    FieldSchema,
    KindSchema,
    agent_field,
    dose_field,
    enum_field,
    every_field,
)
from osteon.physiology.specs import SpecReader
from osteon.signals import Intervention, Signals
from osteon.units import DAYS_PER_MONTH

ESTROGEN_AGENTS = ("estradiol", "conjugated_estrogens", "estradiol_valerate")
ESTROGEN_ROUTES = ("oral", "transdermal")
PROGESTOGEN_AGENTS = ("micronized_progesterone", "medroxyprogesterone_acetate",
                      "norethisterone_acetate")


# ------------------------------------------------------------------------------ estrogen


@dataclass(frozen=True)
class Estrogen(Intervention):
    """Estrogen therapy: serum estradiol (or its E2-equivalent) added to the background.

    The steady-state rise is linear in the dose rate at the doses used in
    hormone therapy (``estradiol_oral_level_per_mg``,
    ``estradiol_transdermal_level_per_ug``, ``conjugated_estrogens_level_per_mg``;
    estradiol valerate carries ``estradiol_valerate_e2_fraction`` of estradiol).
    Oral doses follow a one-compartment model with first-order absorption
    (the bone model reads the dosing-interval average); a transdermal system
    delivers at a constant rate. After ``stop`` the added estradiol washes out
    with the drug's half-life (hours to a day), so bone loss resumes at once
    (Greenspan SL et al. Ann Intern Med 2002;137:875).

    Parameters
    ----------
    agent
        ``estradiol``, ``conjugated_estrogens`` or ``estradiol_valerate``.
    route
        ``oral`` or ``transdermal`` (transdermal: estradiol only).
    dose_mg
        Oral: mg per dose. Transdermal: the amount delivered per day (mg/day),
        whatever the patch change interval.
    every_days
        Days between oral doses (transdermal: the patch change interval).
    start_day, stop_day
        Days from the start of follow-up.

    Examples
    --------
    >>> from osteon import default_parameters
    >>> e = Estrogen(agent="estradiol", route="transdermal", dose_mg=0.05)
    >>> round(e.steady_state_level(default_parameters()), 1)
    37.0
    >>> try:
    ...     Estrogen(agent="conjugated_estrogens", route="transdermal", dose_mg=0.625)
    ... except OsteonInputError as err:
    ...     print(err.problem)
    conjugated_estrogens is given orally, not transdermal
    """

    agent: str = "estradiol"
    route: str = "oral"
    dose_mg: float = 1.0
    every_days: float = 1.0
    kind: ClassVar[str] = "estrogen"
    phase: ClassVar[int] = 0
    evidence: ClassVar[Evidence] = Evidence.HUMAN_RCT
    citation: ClassVar[str] = (
        "Writing Group for the PEPI Trial. JAMA 1996;276:1389 (bone); Kuhl H. Climacteric "
        "2005;8 Suppl 1:3-63 (serum levels)")

    def __post_init__(self) -> None:
        super().__post_init__()
        _choice("estrogen.agent", self.agent, ESTROGEN_AGENTS, "agent: estradiol")
        _choice("estrogen.route", self.route, ESTROGEN_ROUTES, "route: oral")
        if self.route == "transdermal" and self.agent != "estradiol":
            raise OsteonInputError("estrogen.route",
                                   f"{self.agent} is given orally, not transdermal", "route: oral")
        _positive("estrogen.dose", self.dose_mg, "dose: 1 mg")
        _positive("estrogen.every", self.every_days, "every: 1 day")
        limit = _MAX_RATE_MG_PER_DAY[("estrogen", self.agent, self.route)]
        if self.dose_rate_mg_per_day > limit:
            example = "dose: 50 ug, every: 1 day" if self.route == "transdermal" else \
                "dose: 1 mg, every: 1 day"
            raise OsteonInputError(
                "estrogen.dose", f"{self.dose_rate_mg_per_day:g} mg/day of {self.agent} "
                f"({self.route}) is above any clinical dose ({limit:g} mg/day); check the unit",
                example)

    @property
    def dose_rate_mg_per_day(self) -> float:
        """Average dose rate (mg/day); transdermal doses are already per day."""
        return self.dose_mg if self.route == "transdermal" else self.dose_mg / self.every_days

    def steady_state_level(self, params) -> float:
        """Estradiol (E2-equivalent) added at steady state, pg/mL (dosing-interval average)."""
        rate = self.dose_rate_mg_per_day
        if self.route == "transdermal":
            return params["estradiol_transdermal_level_per_ug"] * rate * 1000.0
        if self.agent == "conjugated_estrogens":
            return params["conjugated_estrogens_level_per_mg"] * rate
        if self.agent == "estradiol_valerate":
            rate = rate * params["estradiol_valerate_e2_fraction"]
        return params["estradiol_oral_level_per_mg"] * rate

    def levels(self, t, params) -> tuple[np.ndarray, np.ndarray]:
        """Added estradiol at ``t`` (days): ``(interval average, instantaneous)``, pg/mL."""
        css = self.steady_state_level(params)
        if self.route == "transdermal":
            k = pk.rate(params["estradiol_transdermal_washout_halflife"])
            level = css * pk.approach_and_washout(t, self.start_day, self.stop_day, k)
            return level, level
        ka = pk.rate(params["estradiol_oral_absorption_halflife"])
        half = params["conjugated_estrogens_halflife"] if self.agent == "conjugated_estrogens" \
            else params["estradiol_oral_halflife"]
        ke = pk.rate(half)
        args = (css, self.every_days, ka, ke, self.start_day, self.stop_day)
        return pk.interval_average(t, *args), pk.repeated_dose_level(t, *args)

    def apply(self, t, signals: Signals, params) -> None:
        avg, inst = self.levels(t, params)
        h, hi = signals.hormones, _instant(signals)
        signals.set_hormones(estradiol=h.estradiol + avg,
                             instant={"estradiol": hi.estradiol + inst})

    def describe(self) -> str:
        return super().describe().replace(
            "estrogen", f"estrogen ({self.agent} {self.route} {self.dose_mg:g} mg every "
            f"{self.every_days:g} d)", 1)


# --------------------------------------------------------------------------- progestogen


@dataclass(frozen=True)
class Progestogen(Intervention):
    """Progestogen therapy, continuous or cyclic.

    Micronized progesterone raises serum progesterone
    (``progesterone_oral_level_per_100mg``). The synthetic progestins
    (medroxyprogesterone acetate, norethisterone acetate) are not measured as
    progesterone: the bone model reads their progesterone-receptor effect as a
    progesterone-equivalent level (potency from endometrial transformation
    doses, Kuhl 2005), while the reported serum progesterone is unchanged.
    Norethisterone acetate is partly converted to ethinylestradiol
    (``norethisterone_ethinylestradiol_per_mg``; Kuhnz 1997), added to the
    estradiol the bone model reads as an E2-equivalent
    (``ethinylestradiol_e2_equivalent_per_ug``); the reported serum estradiol is
    unchanged (ethinylestradiol is not measured as estradiol).

    Cyclic regimens (``days_per_month``) take the drug on the first
    ``days_per_month`` days of every month: the bone model reads the monthly
    average, the report the on/off level. The effect on bone goes through the
    model's progesterone-receptor pathway (``ob_progesterone_gain``: small, weak
    evidence).

    Parameters
    ----------
    agent
        ``micronized_progesterone``, ``medroxyprogesterone_acetate`` or
        ``norethisterone_acetate``.
    dose_mg, every_days
        Dose (mg) and days between doses.
    days_per_month
        Days of intake per month (cyclic), or ``None`` (continuous).

    Examples
    --------
    >>> from osteon import default_parameters
    >>> p = Progestogen(agent="micronized_progesterone", dose_mg=200.0, days_per_month=12)
    >>> round(p.steady_state_levels(default_parameters())[0], 2)  # monthly mean, ng/mL
    1.73
    """

    agent: str = "micronized_progesterone"
    dose_mg: float = 200.0
    every_days: float = 1.0
    days_per_month: int | None = None
    kind: ClassVar[str] = "progestogen"
    phase: ClassVar[int] = 0
    evidence: ClassVar[Evidence] = Evidence.HUMAN_OBSERVATIONAL
    citation: ClassVar[str] = (
        "Writing Group for the PEPI Trial. JAMA 1996;276:1389; Kuhl H. Climacteric 2005;8 "
        "Suppl 1:3-63; Seifert-Klauss V, Prior JC. Endocr Rev 2010;31:24 (weak bone evidence)")

    def __post_init__(self) -> None:
        super().__post_init__()
        _choice("progestogen.agent", self.agent, PROGESTOGEN_AGENTS,
                "agent: micronized_progesterone")
        _positive("progestogen.dose", self.dose_mg, "dose: 200 mg")
        _positive("progestogen.every", self.every_days, "every: 1 day")
        if self.days_per_month is not None:
            d = self.days_per_month
            if isinstance(d, bool) or not isinstance(d, (int, np.integer)) or not 1 <= d <= 31:
                raise OsteonInputError("progestogen.days_per_month",
                                       f"{d!r} must be a whole number of days from 1 to 31",
                                       "days_per_month: 12")
        limit = _MAX_RATE_MG_PER_DAY[("progestogen", self.agent, None)]
        if self.dose_mg / self.every_days > limit:
            raise OsteonInputError(
                "progestogen.dose", f"{self.dose_mg / self.every_days:g} mg/day of {self.agent} "
                f"is above any clinical dose ({limit:g} mg/day); check the unit",
                "dose: 200 mg, every: 1 day")

    @property
    def _duty(self) -> float:
        return 1.0 if self.days_per_month is None else min(self.days_per_month / DAYS_PER_MONTH,
                                                           1.0)

    def _on_levels(self, params) -> tuple[float, float, float]:
        """Levels while the drug is taken: (PR level ng/mL, serum progesterone, E2-eq pg/mL)."""
        rate = self.dose_mg / self.every_days
        per_mg = params["progesterone_oral_level_per_100mg"] / 100.0
        if self.agent == "micronized_progesterone":
            level = rate * per_mg
            return level, level, 0.0
        if self.agent == "medroxyprogesterone_acetate":
            return rate * params["medroxyprogesterone_progesterone_potency"] * per_mg, 0.0, 0.0
        ee_ug = rate * params["norethisterone_ethinylestradiol_per_mg"]
        return (rate * params["norethisterone_progesterone_potency"] * per_mg, 0.0,
                ee_ug * params["ethinylestradiol_e2_equivalent_per_ug"])

    def steady_state_levels(self, params) -> tuple[float, float]:
        """Averages read by the bone model at steady state: (progesterone-receptor level in
        ng/mL progesterone, estradiol-equivalent in pg/mL); cyclic regimens averaged over
        the month."""
        pr, _, e2 = self._on_levels(params)
        return pr * self._duty, e2 * self._duty

    def _halflife(self, params) -> float:
        return params[{"micronized_progesterone": "progesterone_oral_halflife",
                       "medroxyprogesterone_acetate": "medroxyprogesterone_halflife",
                       "norethisterone_acetate": "norethisterone_halflife"}[self.agent]]

    def _profile(self, t, params) -> tuple[np.ndarray, np.ndarray]:
        """Unit profile: (average the bone model reads, instantaneous level)."""
        ke = pk.rate(self._halflife(params))
        if self.days_per_month is None:
            args = (1.0, self.every_days, np.inf, ke, self.start_day, self.stop_day)
            return pk.interval_average(t, *args), pk.repeated_dose_level(t, *args)
        on = float(self.days_per_month)
        return (pk.cyclic_average(t, 1.0, on, DAYS_PER_MONTH, self.start_day, self.stop_day),
                pk.cyclic_level(t, 1.0, on, DAYS_PER_MONTH, ke, self.start_day, self.stop_day))

    def apply(self, t, signals: Signals, params) -> None:
        pr, serum, e2 = self._on_levels(params)
        avg, inst = self._profile(t, params)
        h, hi = signals.hormones, _instant(signals)
        levels = {"progesterone": h.progesterone + pr * avg}
        instant = {"progesterone": hi.progesterone + serum * inst}
        if e2 > 0:
            levels["estradiol"] = h.estradiol + e2 * avg
            instant["estradiol"] = hi.estradiol
        signals.set_hormones(instant=instant, **levels)

    def describe(self) -> str:
        regimen = "continuous" if self.days_per_month is None else \
            f"{self.days_per_month} days/month"
        return super().describe().replace(
            "progestogen", f"progestogen ({self.agent} {self.dose_mg:g} mg, {regimen})", 1)


# ------------------------------------------------------------------------------- builders


def estrogen_from_spec(spec) -> Estrogen:
    """Build :class:`Estrogen` from a FORMAT.md ``estrogen`` mapping or trial-file spec.

    >>> e = estrogen_from_spec({"intervention": "estrogen", "agent": "conjugated_estrogens",
    ...     "route": "oral", "dose": "0.625 mg", "every": "1 day", "stop": "24 months"})
    >>> e.dose_mg, round(e.stop_day, 2)
    (0.625, 730.5)
    """
    ex = "{intervention: estrogen, agent: estradiol, route: oral, dose: 1 mg, every: 1 day}"
    r = SpecReader(spec, "estrogen", ("agent", "route", "dose", "every"), ex)
    return Estrogen(agent=r.require("agent"), route=r.require("route"), dose_mg=r.dose_mg(),
                    every_days=r.days("every"), start_day=r.start_day, stop_day=r.stop_day)


def progestogen_from_spec(spec) -> Progestogen:
    """Build :class:`Progestogen` from a FORMAT.md ``progestogen`` mapping or spec."""
    ex = ("{intervention: progestogen, agent: micronized_progesterone, dose: 200 mg, "
          "every: 1 day, days_per_month: 12}")
    r = SpecReader(spec, "progestogen", ("agent", "dose", "every", "days_per_month"), ex)
    return Progestogen(agent=r.require("agent"), dose_mg=r.dose_mg(), every_days=r.days("every"),
                       days_per_month=r.get("days_per_month"), start_day=r.start_day,
                       stop_day=r.stop_day)


def testosterone_from_spec(spec) -> Testosterone:
    """Build :class:`Testosterone` from a FORMAT.md ``testosterone`` mapping or spec.

    >>> t = testosterone_from_spec({"intervention": "testosterone", "agent": "testosterone_gel",
    ...                             "route": "transdermal", "target_ng_dl": 600})
    >>> t.titrated, t.target_ng_dl
    (True, 600.0)
    """
    ex = ("{intervention: testosterone, agent: testosterone_cypionate, route: intramuscular, "
          "dose: 100 mg, every: 1 week}")
    r = SpecReader(spec, "testosterone", ("agent", "route", "dose", "every", "target_ng_dl"), ex)
    target = r.get("target_ng_dl")
    if target is not None:
        target = _positive("testosterone.target_ng_dl", target, "target_ng_dl: 600")
    dose = r.dose_mg() if "dose" in r.fields else None
    every = r.days("every") if "every" in r.fields else None
    return Testosterone(agent=r.require("agent"), route=r.get("route"), dose_mg=dose,
                        every_days=every, target_ng_dl=target, start_day=r.start_day,
                        stop_day=r.stop_day)


def aromatase_inhibitor_from_spec(spec) -> AromataseInhibitor:
    """Build :class:`AromataseInhibitor` from a FORMAT.md ``aromatase_inhibitor`` mapping."""
    ex = "{intervention: aromatase_inhibitor, agent: anastrozole, dose: 1 mg, every: 1 day}"
    r = SpecReader(spec, "aromatase_inhibitor", ("agent", "dose", "every"), ex)
    return AromataseInhibitor(agent=r.require("agent"), dose_mg=r.dose_mg(),
                              every_days=r.days("every"), start_day=r.start_day,
                              stop_day=r.stop_day)


def gonadorelin_from_spec(spec) -> Gonadorelin:
    """Build :class:`Gonadorelin` from a FORMAT.md ``gonadorelin`` mapping or spec."""
    ex = "{intervention: gonadorelin, dose: 100 ug, every: 1 week}"
    r = SpecReader(spec, "gonadorelin", ("dose", "every"), ex)
    amount, unit = r.dose()
    return Gonadorelin(dose=amount, dose_unit=unit, every_days=r.days("every"),
                       start_day=r.start_day, stop_day=r.stop_day)


# ---------------------------------------------------------------- trial-file declarations


def _testosterone_route(fields) -> tuple[str, str, str] | None:
    """The route must be the agent's (:data:`TESTOSTERONE_ROUTES`); ``None`` when it is."""
    agent, route = fields.get("agent"), fields.get("route")
    expected = TESTOSTERONE_ROUTES.get(agent)
    if expected is None or route == expected:
        return None
    return ("route", f"{agent} is given {expected}, not {route}",
            f"agent: {agent}, route: {expected}")


def _estrogen_route(fields) -> tuple[str, str, str] | None:
    """Only estradiol is given transdermally (as :class:`Estrogen` checks); ``None`` if so."""
    agent = fields.get("agent")
    if fields.get("route") == "transdermal" and agent != "estradiol":
        return ("route", f"{agent} is given orally, not transdermal", "route: oral")
    return None


SCHEMAS = {
    "estrogen": KindSchema(
        "estrogen",
        {"agent": agent_field(ESTROGEN_AGENTS),
         "route": enum_field("route", ESTROGEN_ROUTES),
         "dose": dose_field("0.625 mg"), "every": EVERY},
        ("agent", "route", "dose", "every"),
        "{intervention: estrogen, agent: conjugated_estrogens, route: oral, dose: 0.625 mg, "
        "every: 1 day}", check=_estrogen_route),
    "progestogen": KindSchema(
        "progestogen",
        {"agent": agent_field(PROGESTOGEN_AGENTS), "dose": dose_field("200 mg"), "every": EVERY,
         "days_per_month": FieldSchema("integer", "days_per_month: 12", lo=1, hi=31,
                                       units="days per month")},
        ("agent", "dose", "every"),
        "{intervention: progestogen, agent: micronized_progesterone, dose: 200 mg, every: 1 day, "
        "days_per_month: 12}"),
    "testosterone": KindSchema(
        "testosterone",
        {"agent": agent_field(TESTOSTERONE_AGENTS),
         "route": enum_field("route", tuple(dict.fromkeys(TESTOSTERONE_ROUTES.values())),
                             "transdermal"),
         "dose": dose_field("100 mg"), "every": every_field("1 week"),
         "target_ng_dl": FieldSchema("number", "target_ng_dl: 600", lo=0.0, hi=3000.0,
                                     lo_open=True, units="ng/dL")},
        ("agent", "route"),
        "{intervention: testosterone, agent: testosterone_cypionate, route: intramuscular, "
        "dose: 100 mg, every: 1 week}",
        groups=(("dose", "every"), ("target_ng_dl",)), check=_testosterone_route),
    "aromatase_inhibitor": KindSchema(
        "aromatase_inhibitor",
        {"agent": agent_field(AROMATASE_INHIBITOR_AGENTS), "dose": dose_field("1 mg"),
         "every": EVERY},
        ("agent", "dose", "every"),
        "{intervention: aromatase_inhibitor, agent: anastrozole, dose: 1 mg, every: 1 day}"),
    "gonadorelin": KindSchema(
        "gonadorelin",
        {"dose": dose_field("100 ug", ("mg", "IU")), "every": every_field("1 week")},
        ("dose", "every"),
        "{intervention: gonadorelin, dose: 100 ug, every: 1 week}"),
}
"""FORMAT.md kind -> trial-file schema, for the table of
:mod:`osteon.physiology.pharmacology.registry`."""

BUILDERS = {
    "estrogen": estrogen_from_spec,
    "progestogen": progestogen_from_spec,
    "testosterone": testosterone_from_spec,
    "aromatase_inhibitor": aromatase_inhibitor_from_spec,
    "gonadorelin": gonadorelin_from_spec,
}
"""FORMAT.md kind -> builder for the sex-hormone therapies."""

__all__ = [
    "BUILDERS",
    "SCHEMAS",
    "AromataseInhibitor",
    "Estrogen",
    "Gonadorelin",
    "Progestogen",
    "Testosterone",
    "aromatase_inhibitor_from_spec",
    "estrogen_from_spec",
    "gonadorelin_from_spec",
    "progestogen_from_spec",
    "testosterone_from_spec",
]
