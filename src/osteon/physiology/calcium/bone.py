"""Peterson & Riggs' own bone: cells, RANKL-RANK-OPG, TGF-beta and bone calcium.

Peterson & Riggs 2010 (Bone 46:49), which extends Lemaire V et al. J Theor Biol
2004;229:293. Cell states are in pmol/L (pM); time in hours.

- **Osteoclasts** are recruited at ``Da x Pic0 x (RANK-RANKL effect) x OC0`` and die
  at ``Da x (TGF-beta effect) x (RANKL survival effect)``.
- **Responding osteoblasts** are recruited under active TGF-beta and leave by
  differentiation, which TGF-beta inhibits, into **active osteoblasts** in a fast and
  a slow pool; their elimination falls with RUNX2 (:mod:`.signalling`) and changes
  with TGF-beta.
- **TGF-beta**: osteoblasts deposit it in latent form, resorption (osteoclasts)
  releases and activates it; active TGF-beta is short lived (1000 x the release rate).
- **RANKL** is made by the osteoblast lineage under PTH; **RANK** under TGF-beta;
  they bind reversibly (complex ``M``). **OPG** is made by responding osteoblasts,
  suppressed by PTH. The OPG-RANKL complex ``N`` is formed from free OPG and RANKL
  without consuming them, exactly as the SBML writes it, so it is an output only.
- **Bone calcium**: resorption moves calcium from the exchangeable bone pool ``Q`` to
  the ECF (J14: a constitutive part plus an osteoclast and RANK-RANKL dependent
  part); uptake moves it from the ECF back (J15: proportional to plasma calcium, a
  part scaled by hydroxyapatite formation ``HAp``, driven by osteoblasts). ``Q``
  exchanges slowly with the mineralised pool ``Qbone``.

The SBML defines no BMD. Its bone mineral is ``Qbone`` (non-exchangeable bone calcium)
and ``Q``; Osteon reports their sum and its ratio to baseline as the model's bone
mineral (a BMD proxy), and ``HAp``.
"""

from __future__ import annotations

from numba import njit

from osteon.physiology.calcium._numeric import hill

# ---- Bone calcium: the fluxes the ECF sees -------------------------------------------------


@njit(cache=True)
def calcium_release(osteoclasts, rank_rankl, k):
    """Calcium moved from exchangeable bone to the ECF (mmol/h) (J14).

    ``T13 Q0 (1 - f)`` is constitutive; the osteoclast part is a Hill function of
    osteoclasts scaled by RANK-RANKL complex per osteoclast.
    """
    oc_n = osteoclasts**k.resorption_osteoclast_hill
    per_oc = k.resorption_osteoclast_max * hill(oc_n, k.resorption_oc50_n)
    complex_effect = (rank_rankl / osteoclasts / k.complex_per_osteoclast0) ** (
        k.resorption_complex_gamma
    )
    q0 = k.baseline_exchangeable_bone_calcium
    frac = k.resorption_osteoclast_fraction
    return k.resorption_rate0 * q0 * (1.0 - frac) + per_oc * q0 * frac * complex_effect


@njit(cache=True)
def calcium_uptake(calcium_mm, hydroxyapatite, k):
    """Calcium moved from the ECF into exchangeable bone (mmol/h) (J15).

    At baseline it equals the daily turnover; it is proportional to plasma calcium,
    and a fraction of it to hydroxyapatite formation.
    """
    frac = k.uptake_hydroxyapatite_fraction
    base = k.bone_calcium_turnover / 24.0 * calcium_mm / k.reference_calcium_concentration
    return base * (1.0 - frac + frac * hydroxyapatite)


@njit(cache=True)
def bone_pool_exchange(exchangeable, mineralised, k):
    """Transfers (mmol/h) mineralised -> exchangeable (J14a) and back (J15a)."""
    return (
        k.bone_calcium_exchange * mineralised,
        k.bone_calcium_exchange_back * exchangeable,
    )


@njit(cache=True)
def hydroxyapatite_rates(osteoblasts, hydroxyapatite, k):
    """Formation (osteoblast driven) and loss of relative hydroxyapatite (1/h)."""
    loss = 1.0 / k.hydroxyapatite_mean_residence
    return loss * osteoblasts / k.baseline_osteoblasts, loss * hydroxyapatite


# ---- Osteoclasts ----------------------------------------------------------------------------


@njit(cache=True)
def osteoclast_recruitment(rank_rankl, k):
    """Osteoclast recruitment (pM/h) under the RANK-RANKL complex."""
    m_n = rank_rankl**k.osteoclast_complex_hill
    effect = k.osteoclast_complex_e0 + k.osteoclast_complex_emax * hill(
        m_n, k.osteoclast_complex_ec50_n
    )
    return k.osteoclast_rate * k.baseline_active_tgf_beta * effect * k.baseline_osteoclasts


@njit(cache=True)
def osteoclast_apoptosis_rate(tgf_active, rank_rankl, k):
    """Osteoclast apoptosis rate (1/h): TGF-beta promotes, RANKL signal protects."""
    t_n = tgf_active**k.osteoclast_tgf_hill
    tgf = k.osteoclast_tgf_e0 + k.osteoclast_tgf_emax * hill(t_n, k.osteoclast_tgf_ec50_n)
    signal_n = (rank_rankl / 10.0) ** k.osteoclast_survival_hill
    survival = k.osteoclast_survival_e0 - (
        k.osteoclast_survival_e0 - k.osteoclast_survival_emax
    ) * hill(signal_n, k.osteoclast_survival_ec50_n)
    return k.osteoclast_rate * tgf * survival


# ---- Osteoblasts ----------------------------------------------------------------------------


@njit(cache=True)
def responding_osteoblast_recruitment(tgf_active, k):
    """Recruitment of responding osteoblasts (pM/h), stimulated by TGF-beta."""
    t_n = tgf_active**k.responding_osteoblast_tgf_hill
    pic = k.responding_osteoblast_tgf_e0 + k.responding_osteoblast_tgf_emax * hill(
        t_n, k.responding_osteoblast_tgf_ec50_n
    )
    return k.osteoblast_recruitment_scale * pic


@njit(cache=True)
def differentiation_rate(tgf_active, k):
    """Differentiation rate (1/h) of responding into active osteoblasts; TGF-beta inhibits."""
    t_n = tgf_active**k.osteoblast_tgf_hill
    pic = k.osteoblast_tgf_e0 + k.osteoblast_tgf_emax * hill(t_n, k.osteoblast_tgf_ec50_n)
    return k.differentiation_scale / pic


@njit(cache=True)
def osteoblast_elimination_rates(tgf_active, runx2, k):
    """Elimination rates (1/h) of the fast and slow active osteoblasts, and the fast share.

    The modulated rate ``kb'`` falls with RUNX2 and moves with TGF-beta; the slow pool
    is eliminated at ``Frackb x kb'`` and the fast pool at the rate that keeps the
    baseline total loss equal to ``kb x OB0``. Returns (fast rate, slow rate, share of
    differentiating cells entering the fast pool relative to kb').
    """
    t_n = tgf_active**k.osteoblast_loss_tgf_hill
    e0 = k.osteoblast_loss_tgf_e0
    tgf = e0 - (e0 - k.osteoblast_loss_tgf_emax) * hill(t_n, k.osteoblast_loss_tgf_ec50_n)
    r_n = runx2**k.osteoblast_loss_runx2_hill
    runx2_effect = k.runx2_effect_max * hill(r_n, k.runx2_effect_ec50_n)
    modulated = k.osteoblast_loss_no_runx2 * tgf - runx2_effect
    slow = modulated * k.osteoblast_slow_elimination_fraction
    ob0 = k.baseline_osteoblasts
    fast0 = ob0 * k.osteoblast_fast_fraction
    fast = (k.osteoblast_elimination * ob0 + slow * fast0 - slow * ob0) / fast0
    return fast, slow, fast / modulated


# ---- TGF-beta -------------------------------------------------------------------------------


@njit(cache=True)
def tgf_beta_rates(osteoblasts, osteoclasts, latent, k):
    """Latent TGF-beta deposition by osteoblasts and its release by osteoclasts (pM/h)."""
    deposit = k.tgf_beta_deposit0 * (osteoblasts / k.baseline_osteoblasts) ** (
        k.tgf_beta_osteoblast_gamma
    )
    release = k.tgf_beta_release * latent * (osteoclasts / k.baseline_osteoclasts) ** (
        k.tgf_beta_osteoclast_gamma
    )
    return deposit, release


# ---- RANKL, RANK, OPG -----------------------------------------------------------------------


@njit(cache=True)
def rankl_production(osteoblasts, pth_pm, k):
    """RANKL production (pM/h) by the osteoblast lineage, stimulated by PTH."""
    ob_effect = (osteoblasts / k.baseline_osteoblasts) ** k.rankl_osteoblast_gamma
    pth_effect = k.rankl_pth_emax * pth_pm / (
        k.rankl_pth_ec50 * ob_effect**k.rankl_testosterone_power + pth_pm
    )
    return k.rankl_elimination * k.baseline_rankl * ob_effect * pth_effect


@njit(cache=True)
def rank_production(tgf_active, k):
    """RANK production (pM/h), a power of active TGF-beta."""
    return k.rank_production0 * tgf_active**k.rank_tgf_gamma


@njit(cache=True)
def opg_production(responding, pth_pm, k):
    """OPG production (pM/h) by responding osteoblasts; PTH suppresses it."""
    rel = responding / k.baseline_responding_osteoblasts
    pth_term = (pth_pm + k.opg_pth_half * rel) / (2.0 * pth_pm)
    return k.opg_elimination * k.baseline_opg * rel * pth_term + k.opg_exogenous_input
