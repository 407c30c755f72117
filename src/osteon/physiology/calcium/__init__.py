"""Calcium - PTH - vitamin D homeostasis and bone: Peterson & Riggs 2010.

Peterson MC & Riggs MM, Bone 2010;46:49-63 (BioModels BIOMD0000000613), written as
Osteon physiology, one module per organ or pathway, and checked against the curated
SBML run by libroadrunner (``tests/physiology/calcium``):

- :mod:`.parathyroid`: PTH secretion (calcium-sensing curve), releasable pool, capacity.
- :mod:`.vitamin_d`: 1-alpha-hydroxylase and calcitriol; Osteon's extension makes serum
  25(OH)D the substrate and magnesium a cofactor, both neutral at their reference.
- :mod:`.gut`: calcitriol-driven intestinal calcium absorption; phosphate absorption.
- :mod:`.kidney`: urinary calcium (PTH, calcitriol, GFR) and phosphate.
- :mod:`.phosphate`: ECF - intracellular phosphate exchange.
- :mod:`.bone`: Peterson-Riggs bone cells, RANKL-RANK-OPG, TGF-beta, bone calcium pools.
- :mod:`.signalling`: RUNX2, CREB and BCL2 in osteoblasts under PTH.
- :mod:`.teriparatide`: subcutaneous teriparatide and PTH infusions (linear PK).
- :mod:`.system`: the state layout and the right-hand side, vectorised over subjects.
- :mod:`.runner`: scenarios and :func:`simulate_calcium` (an ``xarray.Dataset``), solved by
  the compiled Rosenbrock-W solver :mod:`osteon.engine.ros34pw2` (stepping exactly to doses
  and outputs).

**Homeostasis and bone are separate parts with a small interface**, so that the
homeostasis part (ECF calcium and phosphate, PTH gland, calcitriol, gut, kidney) can
be coupled to another bone model:

========================  =============================================  =========
direction                 quantity                                       units
========================  =============================================  =========
ECF -> bone               plasma PTH concentration                       pmol/L
ECF -> bone               plasma calcitriol concentration                pmol/L
ECF -> bone               plasma (ECF) calcium concentration             mmol/L
bone -> ECF               calcium release (resorption, J14)              mmol/h
bone -> ECF               calcium uptake (formation/deposition, J15)     mmol/h
bone -> ECF               phosphate release (0.464 x J14 in PR)          mmol/h
bone -> ECF               phosphate uptake (0.464 x J15 in PR)           mmol/h
========================  =============================================  =========

In code: :func:`.system.ecf_signals` gives the three ECF signals,
:func:`.system.bone_derivatives` returns the four fluxes, and
:func:`.system.homeostasis_derivatives` takes them; nothing else crosses. At the
published baseline the two calcium fluxes are each 88 mmol/day (3.67 mmol/h) and
balance; a replacement bone model must supply fluxes with the same meaning (and keep
that balance at its own steady state, or the ECF drifts).

>>> from osteon.physiology.calcium import simulate_calcium
>>> ds = simulate_calcium(days=1, times_days=[0, 1])
>>> sorted(ds.pth.attrs.items())
[('long_name', 'Plasma PTH (endogenous plus teriparatide)'), ('units', 'pmol/L')]
"""

from osteon.physiology.calcium.runner import (
    CalciumScenario,
    InputChange,
    TeriparatideInjections,
    simulate_calcium,
)

__all__ = ["CalciumScenario", "InputChange", "TeriparatideInjections", "simulate_calcium"]
