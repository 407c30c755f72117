"""The one trial runner of ``osteon validate`` and ``osteon trial`` (issue 13).

Both commands turn a trial file into virtual subjects and simulated arms the same way:

- **Subjects** (:func:`sample_run`): subject ``i`` of an ``N``-subject run belongs to
  chunk ``k = i // chunk_size`` and is drawn with that chunk's seed, child ``k`` of
  ``numpy.random.SeedSequence(seed)`` (:func:`~osteon.cohort.chunks.chunk_seed`). The
  chunk size defaults to :func:`default_chunk_size`, so ``osteon validate --subjects N``
  and ``osteon trial --subjects N`` with the same seed simulate the same people.
- **Arms** (:func:`arm_groups`): arms with the same interventions are simulated once;
  arms the model cannot simulate are set aside with the reason.
- **Simulation** (:func:`simulate_arms`): the years from each subject's 30th birthday
  to the start of follow-up are simulated once and every arm branches from there
  (:meth:`osteon.Simulation.history`); the results equal separate runs of each arm.
  Arms whose interventions before day 0 (a negative ``start``: exposure before
  follow-up) differ get a history each, one per distinct part before day 0.

``osteon trial`` runs :func:`~osteon.cohort.chunks.run_chunk` on every chunk (streamed to
a store); ``osteon validate`` samples the whole cohort with :func:`sample_run` and
simulates it in memory with :func:`simulate_arms`.
"""

from __future__ import annotations

import contextlib
import gc
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import xarray as xr

from osteon.cohort.chunks import DEFAULT_CHUNK_SIZE, ArmGroup, ChunkPlan, chunk_seed
from osteon.cohort.population import CohortSample, PopulationSpec
from osteon.errors import OsteonInputError
from osteon.protocol import Protocol
from osteon.simulation import History, Simulation

_FROZEN_DEPTH = [0]


@contextlib.contextmanager
def _frozen_heap():
    """Within this block, ``gc.collect()`` visits only the objects made inside it.

    The per-arm collection of :func:`simulate_arms` frees an arm's solver state (reference
    cycles); a full collection also walks everything that outlives the call (modules, the
    compiled kernels, the caches: about 190,000 objects, 0.1 s a collection, some 3 % of a
    100-subject two-arm chunk; issue 14). So the heap is collected once on entry and then
    frozen (``gc.freeze``: the garbage collector skips frozen objects; reference counting
    still frees them), and unfrozen on exit, so nothing alive on entry stays exempt from
    collection afterwards. Nested blocks freeze and unfreeze once. Changes no number.
    """
    if _FROZEN_DEPTH[0] == 0:
        gc.collect()
        gc.freeze()
    _FROZEN_DEPTH[0] += 1
    try:
        yield
    finally:
        _FROZEN_DEPTH[0] -= 1
        if _FROZEN_DEPTH[0] == 0:
            gc.unfreeze()


def default_chunk_size(n_subjects: int) -> int:
    """Subjects per chunk when a run does not say: :data:`DEFAULT_CHUNK_SIZE`, or fewer
    for a smaller cohort.

    >>> default_chunk_size(30), default_chunk_size(5000)
    (30, 100)
    """
    return max(1, min(DEFAULT_CHUNK_SIZE, int(n_subjects)))


_CLIP = re.compile(r"^(.*): (\d+) of (\d+) sampled values clipped to (.*)$")


def merge_sampling_notes(chunks: Sequence[Sequence[str]]) -> tuple[str, ...]:
    """The sampling notes of several chunks as those of one cohort (clip counts summed).

    >>> merge_sampling_notes([["age: 2 of 100 sampled values clipped to [30, 100]"],
    ...                       ["age: 1 of 50 sampled values clipped to [30, 100]", "other"]])
    ('age: 3 of 150 sampled values clipped to [30, 100]', 'other')
    """
    counts: dict[tuple[str, str], list[int]] = {}
    other: list[str] = []
    for notes in chunks:
        for line in notes:
            m = _CLIP.match(line)
            if m is None:
                if line not in other:
                    other.append(line)
                continue
            c = counts.setdefault((m.group(1), m.group(4)), [0, 0])
            c[0] += int(m.group(2))
            c[1] += int(m.group(3))
    merged = [f"{what}: {k} of {n} sampled values clipped to {to}"
              for (what, to), (k, n) in counts.items()]
    return (*merged, *other)


def sample_run(spec: PopulationSpec, n_subjects: int, seed: int,
               chunk_size: int | None = None) -> CohortSample:
    """Subjects ``0 .. n_subjects - 1`` of a run: each chunk drawn with its own seed.

    The same subjects (names included) as the chunks of ``osteon trial`` with this seed
    and chunk size (default :func:`default_chunk_size`).
    """
    chunk_size = default_chunk_size(n_subjects) if chunk_size is None else chunk_size
    plan = ChunkPlan(n_subjects, chunk_size)
    parts = []
    for k in plan:
        start, stop = plan.bounds(k)
        parts.append(spec.sample(stop - start, chunk_seed(seed, k), first_index=start))
    if len(parts) == 1:
        return parts[0]
    values = {key: np.concatenate([p.values[key] for p in parts]) for key in parts[0].values}
    return CohortSample(tuple(s for p in parts for s in p.subjects), values,
                        merge_sampling_notes([p.notes for p in parts]))


def arm_groups(trial, arms: Sequence | None = None
               ) -> tuple[tuple[ArmGroup, ...], dict[str, tuple[str, str]]]:
    """Arms of ``trial`` (default: all) grouped by their interventions, and those set aside.

    Returns the groups (each simulated once, ``arms[0]`` builds the protocol) and
    ``{arm name: (status, reason)}`` for the arms that cannot be simulated: status
    ``"not_supported"`` for an intervention kind the model lacks, ``"error"`` for a
    protocol that cannot be built.
    """
    from osteon.trials.interventions import NotSupportedYet, build_protocol, unsupported_kinds

    unavailable: dict[str, tuple[str, str]] = {}
    groups: dict[tuple, list] = {}
    for arm in trial.arms if arms is None else arms:
        missing = unsupported_kinds(arm)
        if missing:
            unavailable[arm.name] = ("not_supported",
                                     f"not supported yet: {', '.join(missing)}")
            continue
        try:
            build_protocol(arm)
        except NotSupportedYet as err:  # pragma: no cover - unsupported_kinds catches these
            unavailable[arm.name] = ("not_supported", str(err))
            continue
        except OsteonInputError as err:
            unavailable[arm.name] = ("error", f"cannot build the protocol: {err}")
            continue
        groups.setdefault(arm.interventions, []).append(arm)
    out = tuple(ArmGroup(tuple(a.name for a in arms_), arms_[0]) for arms_ in groups.values())
    return out, unavailable


@dataclass
class ArmsOutcome:
    """One dataset per simulated arm (arms of a group share it), and the groups that failed.

    ``errors`` maps each arm of a failed group to ``(status, reason)`` (only with
    ``catch=True`` in :func:`simulate_arms`).
    """

    datasets: dict[str, xr.Dataset] = field(default_factory=dict)
    errors: dict[str, tuple[str, str]] = field(default_factory=dict)


def simulate_arms(subjects: Sequence, groups: Sequence[ArmGroup], *, parameters, years: float,
                  output_days: Sequence[float] = (), seed: int | None = None,
                  share_history: bool = True, catch: bool = False) -> ArmsOutcome:
    """Simulate the same subjects in every arm group, branching from one shared history.

    Parameters
    ----------
    subjects
        The virtual subjects (the same people in every arm).
    groups
        From :func:`arm_groups`; a group's ``arm`` may also be a
        :class:`~osteon.protocol.Protocol` (benchmarks, scripts).
    parameters
        A :class:`~osteon.parameters.ParameterSet`.
    years, output_days, seed
        Follow-up, extra output times (days; the endpoints'), the run's seed (provenance).
    share_history
        Simulate the years before follow-up once for all arms (the default; the results
        equal separate runs). ``False`` simulates each arm from age 30 on its own.
    catch
        Record a group whose simulation raises in :attr:`ArmsOutcome.errors` (status
        ``"error"``) and go on with the others, instead of raising.
    """
    from osteon.trials.interventions import build_protocol

    out = ArmsOutcome()
    histories: dict[tuple, History] = {}  # one per distinct part before day 0
    days = list(output_days)
    with _frozen_heap():  # per-arm collections skip the long-lived heap
        for group in groups:
            try:
                protocol = (group.arm if isinstance(group.arm, Protocol)
                            else build_protocol(group.arm))
                sim = Simulation(list(subjects), protocol=protocol,
                                 parameters=parameters, years=years, seed=seed)
                sim.extra_output_days(days)
                history = None
                if share_history and len(groups) > 1 and sim.can_share_history:
                    key = protocol.before_followup().interventions
                    if key not in histories:
                        histories[key] = sim.history()
                    history = histories[key]
                ds = sim.run(history=history)
            except OsteonInputError as err:
                if not catch:
                    raise
                out.errors.update({a: ("error", f"simulation refused the input: {err}")
                                   for a in group.names})
                continue
            except Exception as err:  # noqa: BLE001 - report and go on with the other arms
                if not catch:
                    raise
                out.errors.update({a: ("error", f"simulation failed: {type(err).__name__}: {err}")
                                   for a in group.names})
                continue
            for name in group.names:
                out.datasets[name] = ds
            del sim
            gc.collect()  # free this arm's solver state (reference cycles) before the next
    return out
