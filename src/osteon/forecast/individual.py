"""Individual parameters: a stated population prior, and a posterior given a DXA history.

Four individual quantities make one person differ from the model's average person:

- ``peak_z`` (per site): the person's BMD at peak bone mass (30), in young-adult SDs of the
  sex-specific reference (Looker 1998 hip, Kelly 2009 spine and total body): the prior is the
  reference distribution itself, N(0, 1) per site by the definition of the T-score, with a
  common factor shared across sites (correlation ``PEAK_SITE_CORRELATION``).
- ``turnover``: a multiplier of the model's change of BMD relative to peak (1 = the model's
  average person). It stands for the individual rate of remodeling: women in the top quartile
  of turnover markers lose bone several times faster than those in the bottom quartile
  (Garnero 1999, OFELY). Log-normal.
- ``estrogen_sensitivity``: exponent on the estradiol level relative to the person's own
  level at peak (:class:`osteon.forecast.batch.IndividualResponse`). Log-normal.
- ``mechanical_sensitivity``: multiplier of the load's departure from habitual (the
  stimulus a training programme adds): responders and non-responders. Log-normal.

The last two act inside the model, so a forecast simulates a small grid of them
(:data:`ESTROGEN_NODES`, :data:`MECHANICAL_NODES`) and interpolates each draw between nodes;
the first two act on the output and cost nothing.

With a DXA history, :func:`posterior` reweights prior draws by the likelihood of the scans
(normal, with each site's DXA precision error, plus the cross-calibration error for a
non-Hologic scanner) and resamples them (sampling-importance-resampling, Rubin 1988). The
model's own structural error is not in the likelihood: a posterior is only as good as the
model's average trajectory.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from osteon.outputs.reference import SITES, reference_bmd
from osteon.parameters.records import Evidence, Parameter

E = Evidence
PEAK_SITE_CORRELATION = Parameter(
    "individual_peak_site_correlation", 0.65, "1",
    "Assumed: within-person correlation of BMD Z-scores between the spine and hip sites is "
    "about 0.6-0.7 in population samples (site discordance of the WHO category is common); "
    "no single table read",
    E.ASSUMED, (0.4, 0.85),
    "Share of the variance of peak-BMD Z-scores common to all sites (one-factor model)",
    group="forecast_prior")
TURNOVER_LOG_SD = Parameter(
    "individual_turnover_log_sd", 0.35, "1 (SD of natural log)",
    "Assumed, guided by Garnero P, Sornay-Rendu E, Duboeuf F, Delmas PD. J Bone Miner Res "
    "1999;14:1614-1621 "
    "(OFELY: markers of bone turnover predict postmenopausal bone loss; women in the highest "
    "marker quartile lost bone about twice as fast as the average): SD chosen so the central "
    "95 % of multipliers spans 0.5-2",
    E.ASSUMED, (0.15, 0.6),
    "Between-person SD of the log multiplier of the rate of change of BMD", group="forecast_prior")
ESTROGEN_LOG_SD = Parameter(
    "individual_estrogen_sensitivity_log_sd", 0.25, "1 (SD of natural log)",
    "Assumed: between-person spread of the skeletal response to estrogen loss, set so the "
    "spread of early-postmenopausal spine loss (SD about as large as the mean, Recker R et al. "
    "J Bone Miner Res 2000;15:1965) is not exceeded together with the turnover multiplier",
    E.ASSUMED, (0.1, 0.5),
    "Between-person SD of the log estrogen-sensitivity exponent", group="forecast_prior")
MECHANICAL_LOG_SD = Parameter(
    "individual_mechanical_sensitivity_log_sd", 0.3, "1 (SD of natural log)",
    "Assumed: training trials report responders and non-responders (e.g. Watson SL et al. "
    "J Bone Miner Res 2018;33:211, LIFTMOR: between-subject SD of the spine change about as "
    "large as the mean change)",
    E.ASSUMED, (0.1, 0.6),
    "Between-person SD of the log multiplier of the added mechanical stimulus",
    group="forecast_prior")
MARKER_LOG_SD = Parameter(
    "individual_marker_residual_log_sd", 0.30, "1 (SD of natural log)",
    "Assumed: the premenopausal reference interval of serum CTX spans about 0.11-0.66 ng/mL "
    "(Glover SJ et al. J Bone Miner Res 2009;24:389), a between-person log SD of about 0.46; "
    "with the turnover multiplier's 0.35 the rest, about 0.30, is spread that turnover does "
    "not explain (assay, day-to-day and other variation)",
    E.ASSUMED, (0.15, 0.5),
    "SD of log(measured / model turnover marker) around log(turnover multiplier)",
    group="forecast_prior")
RECORDS = (PEAK_SITE_CORRELATION, TURNOVER_LOG_SD, ESTROGEN_LOG_SD, MECHANICAL_LOG_SD,
           MARKER_LOG_SD)
CITATIONS = (
    "Looker AC et al. Osteoporos Int 1998;8:468-489 (hip reference: peak BMD SD)",
    "Kelly TL et al. PLoS One 2009;4:e7038 (spine and total body reference)",
    "Garnero P et al. J Bone Miner Res 1999;14:1614-1621 (turnover predicts bone loss)",
    "Rubin DB. Using the SIR algorithm to simulate posterior distributions. Bayesian Statistics "
    "3 (1988) 395-402 (sampling-importance-resampling)",
)

ESTROGEN_NODES = np.exp(ESTROGEN_LOG_SD.value * np.array([-3.0, -1.5, 0.0, 1.5, 3.0]))
"""Estrogen-sensitivity values simulated; draws are interpolated in log between them."""
MECHANICAL_NODES = np.exp(MECHANICAL_LOG_SD.value * np.array([-3.0, 0.0, 3.0]))
"""Mechanical-sensitivity values simulated for scenarios that change the load."""


@dataclass(frozen=True)
class Draws:
    """Individual parameters of ``n`` draws (arrays of shape ``(n,)``, ``peak_z`` ``(n, 4)``)."""

    peak_z: np.ndarray
    turnover: np.ndarray
    estrogen: np.ndarray
    mechanical: np.ndarray
    ess: float | None = None  # effective sample size of the importance weights (posterior)

    @property
    def n(self) -> int:
        return self.turnover.shape[0]

    def take(self, idx) -> Draws:
        return Draws(self.peak_z[idx], self.turnover[idx], self.estrogen[idx],
                     self.mechanical[idx], self.ess)


def prior(n: int, rng: np.random.Generator) -> Draws:
    """``n`` draws from the population prior."""
    rho = PEAK_SITE_CORRELATION.value
    common = rng.standard_normal((n, 1))
    z = np.sqrt(rho) * common + np.sqrt(1 - rho) * rng.standard_normal((n, len(SITES)))
    return Draws(
        peak_z=z,
        turnover=np.exp(TURNOVER_LOG_SD.value * rng.standard_normal(n)),
        estrogen=np.exp(ESTROGEN_LOG_SD.value * rng.standard_normal(n)),
        mechanical=np.exp(MECHANICAL_LOG_SD.value * rng.standard_normal(n)),
    )


def _weights(x, nodes):
    """Linear interpolation weights in log of ``x`` between ``nodes``: ``(n, len(nodes))``."""
    lx = np.clip(np.log(x), np.log(nodes[0]), np.log(nodes[-1]))
    ln = np.log(nodes)
    j = np.clip(np.searchsorted(ln, lx) - 1, 0, len(nodes) - 2)
    f = (lx - ln[j]) / (ln[j + 1] - ln[j])
    w = np.zeros((x.shape[0], len(nodes)))
    w[np.arange(x.shape[0]), j] = 1 - f
    w[np.arange(x.shape[0]), j + 1] = f
    return w


def relative_bmd(node_rel: np.ndarray, draws: Draws) -> np.ndarray:
    """BMD relative to peak of each draw, ``(n, times, sites)``.

    ``node_rel`` is the simulated relative BMD on the sensitivity grid, shape
    ``(len(ESTROGEN_NODES), len(MECHANICAL_NODES) or 1, times, sites)``.
    """
    we = _weights(draws.estrogen, ESTROGEN_NODES)
    if node_rel.shape[1] == 1:
        wm = np.ones((draws.n, 1))
    else:
        wm = _weights(draws.mechanical, MECHANICAL_NODES)
    rel = np.einsum("ie,im,emts->its", we, wm, node_rel)
    return 1.0 + draws.turnover[:, None, None] * (rel - 1.0)


def bmd(node_rel: np.ndarray, draws: Draws, sex: str) -> np.ndarray:
    """Areal BMD (g/cm2, Hologic scale) of each draw, ``(n, times, sites)``."""
    mean = np.array([reference_bmd(sex, s)[0] for s in SITES])
    sd = np.array([reference_bmd(sex, s)[1] for s in SITES])
    peak = mean + draws.peak_z * sd  # (n, sites)
    return peak[:, None, :] * relative_bmd(node_rel, draws)


PRECISION_CV = {"lumbar_spine": 0.01, "total_hip": 0.01, "femoral_neck": 0.02}
"""Fallback precision (fraction) per site; :func:`scan_sd` reads the records of
:mod:`osteon.forecast.dxa` (Nelson 2010), which these equal."""


def scan_sd(scan: dict) -> float:
    """SD (g/cm2) of one scan: the site's precision error, plus the cross-calibration error
    when the scan was converted from another maker's scale."""
    from osteon.forecast.dxa import PRECISION, STANDARDIZATION_INDIVIDUAL_ERROR

    cv = PRECISION[scan["site"]].value / 100.0
    sd = cv * scan["bmd"]
    if scan.get("manufacturer", "hologic") != "hologic":
        extra = STANDARDIZATION_INDIVIDUAL_ERROR.value
        if STANDARDIZATION_INDIVIDUAL_ERROR.units.startswith("%"):
            extra = extra / 100.0 * scan["bmd"]
        sd = float(np.hypot(sd, extra))
    return sd


def _peak_cov() -> np.ndarray:
    rho = PEAK_SITE_CORRELATION.value
    k = len(SITES)
    return rho * np.ones((k, k)) + (1 - rho) * np.eye(k)


def posterior(scans: list[dict], scan_rel: np.ndarray, sex: str, n: int,
              rng: np.random.Generator, n_prior: int = 20000,
              marker_log_ratio: float | None = None) -> Draws:
    """``n`` posterior draws given ``scans``.

    ``scans`` are ``{site, bmd (Hologic g/cm2), sd (g/cm2)}``; ``scan_rel`` the simulated
    relative BMD on the sensitivity grid at the scan times, ``(nodes_e, 1, len(scans), sites)``
    (scan ``j`` is read at its own time). ``marker_log_ratio`` is the log of measured over
    model turnover markers today (geometric mean of CTX and P1NP ratios); it informs the
    turnover multiplier: ``log ratio ~ N(log turnover, MARKER_LOG_SD**2)``. Without scans or
    markers, ``n`` prior draws.

    Peak BMD enters the predicted scans linearly, so given the other parameters its posterior
    is Gaussian and the scans' marginal likelihood is closed-form (Rao-Blackwellization): the
    other parameters are drawn from the prior, weighted by that marginal likelihood and
    resampled (SIR), then each resampled draw gets a peak-BMD vector from its Gaussian
    conditional posterior. This keeps the effective sample size high with precise scans.
    """
    if not scans and marker_log_ratio is None:
        return prior(n, rng)
    pri = prior(n_prior, rng)
    marker_ll = np.zeros(n_prior)
    if marker_log_ratio is not None:
        marker_ll = -0.5 * ((marker_log_ratio - np.log(pri.turnover)) / MARKER_LOG_SD.value) ** 2
    if not scans:
        w = np.exp(marker_ll - marker_ll.max())
        w /= w.sum()
        idx = rng.choice(n_prior, size=n, replace=True, p=w)
        out = prior(n, rng)  # peak BMD stays the prior: markers say nothing about it
        return Draws(out.peak_z, pri.turnover[idx], pri.estrogen[idx], pri.mechanical[idx],
                     float(1.0 / np.sum(w**2)))
    ones = Draws(np.zeros_like(pri.peak_z), pri.turnover, pri.estrogen, pri.mechanical)
    rel = relative_bmd(scan_rel, ones)  # (n_prior, scans, sites)
    mean = np.array([reference_bmd(sex, s)[0] for s in SITES])
    sd = np.array([reference_bmd(sex, s)[1] for s in SITES])
    k = np.array([SITES.index(s["site"]) for s in scans])
    obs = np.array([s["bmd"] for s in scans])
    noise = np.array([s["sd"] for s in scans]) ** 2
    j = np.arange(len(scans))
    r = rel[:, j, k]  # (n_prior, J)
    A = np.zeros((n_prior, len(scans), len(SITES)))
    A[:, j, k] = sd[k] * r
    y = obs - mean[k] * r  # (n_prior, J)
    cov = _peak_cov()
    S = A @ cov @ A.transpose(0, 2, 1) + np.diag(noise)  # (n_prior, J, J)
    sign, logdet = np.linalg.slogdet(S)
    sol = np.linalg.solve(S, y[..., None])[..., 0]
    loglik = -0.5 * (logdet + np.sum(y * sol, axis=1)) + marker_ll
    w = np.exp(loglik - loglik.max())
    w /= w.sum()
    ess = float(1.0 / np.sum(w**2))
    idx = rng.choice(n_prior, size=n, replace=True, p=w)
    # Conditional posterior of peak_z: precision = cov^-1 + A' D^-1 A.
    Ai = A[idx]
    prec = np.linalg.inv(cov) + Ai.transpose(0, 2, 1) @ (Ai / noise[None, :, None])
    post_cov = np.linalg.inv(prec)
    mu = (post_cov @ (Ai.transpose(0, 2, 1) @ (y[idx] / noise)[..., None]))[..., 0]
    L = np.linalg.cholesky(post_cov)
    z = mu + (L @ rng.standard_normal((n, len(SITES), 1)))[..., 0]
    return Draws(z, pri.turnover[idx], pri.estrogen[idx], pri.mechanical[idx], ess)
