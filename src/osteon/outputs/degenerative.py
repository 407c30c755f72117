"""Degenerative excess of measured lumbar-spine aBMD in old age (a DXA artefact).

Posteroanterior DXA of L1-L4 counts every mineral in the projected vertebral area: with age,
osteophytes, disc-space narrowing with endplate and facet-joint sclerosis, and aortic
calcification add mineral that is not vertebral bone, so *measured* spine aBMD stops falling
or rises in old age while the hip keeps falling (NHANES: women's spine means 0.925, 0.910,
0.900 g/cm2 at 60-69, 70-79, 80+ against femoral neck 0.695, 0.635, 0.590; Kelly TL et al.
PLoS One 2009;4:e7038, Looker AC et al. Osteoporos Int 1998;8:468). Sources:

* Rand T et al. Calcif Tissue Int 1997;60:430 (144 postmenopausal women): osteophytes and
  osteochondrosis raise PA-DXA spine BMD by up to 14 %; their prevalence climbs between 55
  and 70 years.
* Liu G et al. Osteoporos Int 1997;7:564 (men and women 60-99): spinal osteoarthritis
  raises spine, not hip, BMD and lowers the share diagnosed osteoporotic at the spine.
* Tenne M et al. Osteoporos Int 2013;24:1419 (OPRA, 1,044 women aged 75 followed to 85,
  degenerative changes read on the DXA image): prevalence per vertebra 5/15/26/36 % (L1-L4,
  mean 20.5 %) at 75 and 20/39/59/72 % (mean 47.5 %) at 85, with a significant rise of L1-L4
  BMD; women without such changes kept a stable spine BMD between 75 and 85.

The measured excess is the share of L1-L4 affected times the excess of an affected vertebra,

    excess(age) = amplitude * (p(age) - p(30)),    p(age) = 1 / (1 + exp(-(age - midpoint) / scale)),

with ``p`` a logistic prevalence through Tenne's two points (mean 20.5 % at 75, 47.5 % at
85: midpoint 86 years, scale 8 years; the years before 75 are extrapolated) and
``amplitude`` the affected vertebra's excess (Rand 1997: up to 14 %; degenerative group
+8.7 % at the spine against +3 % at the femoral neck in 186 women,
https://synapse.koreamed.org/articles/1069126; taken 0.10). So women under 60 are nearly untouched (excess < 0.5 %; a
60-year-old gains 0.04 %/year), a woman of 75 reads about 2 % high and one of 85 about 5 %
(the onset of the earlier attempt, with Rand's any-factor prevalence of 35-80 % between 55
and 70, moved women in their fifties too).

**Men** (issue 9) degenerate earlier: in MINOS (Szulc P et al. Bone 2000;26:123, 934 men
19-85) mean L1-L4 aBMD rises after 55 through osteoarthritis while men without severe arthritis
keep losing; across MrOS's men of 65 and over spine BMD rises with age as the hip falls (Cauley
JA et al. Osteoporos Int 2005;16:1525); Rancho Bernardo's men of 45-92 gained 0.22 %/year at the
spine while losing 0.34 %/year at the femoral neck (Bakhireva LN et al. Am J Prev Med
2004;26:436), and NHANES 2005-2008 spine BMD falls with age in women, not in men (Looker AC et
al. Osteoporos Int 2012;23:1351). So men have their own midpoint
(``dxa_spine_degenerative_midpoint_male``, :func:`midpoint_record`), the same amplitude and
scale, fitted by ``scripts/refit_spine_degenerative_men.py`` on the men's DXA-spine files.

It applies to the *measured* DXA spine only (:func:`osteon.results.build_result` multiplies
the lumbar-spine aBMD by ``1 + excess``): true bone, the mechanostat's density, QCT/vBMD and
the hip are untouched, and a measured spine T-score given as a subject's input is read as
including it. Records ``dxa_spine_degenerative_*`` in
:mod:`osteon.parameters.core.measurement`; ``amplitude`` 0 turns it off.
"""

from __future__ import annotations

import numpy as np

PEAK_AGE = 30.0


def degenerative_prevalence(age, midpoint, scale: float):
    """Mean share of L1-L4 with degenerative changes at ``age`` (logistic; Tenne 2013).

    >>> [round(float(degenerative_prevalence(a, 86.0, 8.0)), 3) for a in (75.0, 85.0)]
    [0.202, 0.469]
    """
    return 1.0 / (1.0 + np.exp(-(np.asarray(age, dtype=float) - midpoint) / scale))


def spine_degenerative_excess(age, amplitude: float, midpoint, scale: float):
    """Relative excess of measured lumbar-spine aBMD over the bone's own at ``age`` (0 at 30).

    ``midpoint`` is a number or an array that broadcasts against ``age`` (one per subject: the
    midpoint of each subject's sex, :func:`midpoint_record`).

    >>> [round(float(spine_degenerative_excess(a, 0.10, 86.0, 8.0)), 4)
    ...  for a in (30.0, 55.0, 65.0, 75.0, 85.0)]
    [0.0, 0.0019, 0.0067, 0.0201, 0.0468]
    """
    p = degenerative_prevalence(np.maximum(np.asarray(age, dtype=float), PEAK_AGE),
                                midpoint, scale)
    return amplitude * (p - degenerative_prevalence(PEAK_AGE, midpoint, scale))


def midpoint_record(sex: str) -> str:
    """The record holding the prevalence midpoint of ``sex`` (men degenerate earlier).

    >>> midpoint_record("male"), midpoint_record("female")
    ('dxa_spine_degenerative_midpoint_male', 'dxa_spine_degenerative_midpoint')
    """
    return "dxa_spine_degenerative_midpoint" + ("_male" if sex == "male" else "")


def spine_degenerative_excess_infix(age: str) -> str:
    """:func:`spine_degenerative_excess` as an SBML infix formula of the expression ``age``
    (years, at least 30) and the records ``dxa_spine_degenerative_*`` (the SBML export).

    >>> spine_degenerative_excess_infix("a").count("dxa_spine_degenerative_midpoint")
    2
    """
    def p(x: str) -> str:
        return (f"1 / (1 + exp(-({x} - dxa_spine_degenerative_midpoint)"
                " / dxa_spine_degenerative_scale))")
    return f"dxa_spine_degenerative_amplitude * ({p(age)} - {p(repr(PEAK_AGE))})"
