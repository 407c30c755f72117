#!/usr/bin/env python
"""One arm of the benchmark trial (``trt_cohort``), run from a given source tree, for paired
comparisons of two commits on a shared machine (issue 14).

Run: ``python benchmarks/ab_arm.py SRC_TREE OUT.npz|- N_SUBJECTS YEARS [treatment|control]``
(``SRC_TREE`` is a checkout: its ``src`` and ``benchmarks`` are put first on ``sys.path``).
Prints the wall and process CPU seconds of ``Simulation.run`` after a warm-up and the peak
RSS; ``OUT.npz`` gets every numeric output, to compare two trees bit for bit. Alternate the
two trees several times and take medians of the CPU seconds.
"""

from __future__ import annotations

import os
import resource
import sys
import time


def main() -> None:
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    os.environ.setdefault("NUMBA_NUM_THREADS", "1")
    src, out, n, years = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
    arm = sys.argv[5] if len(sys.argv) > 5 else "treatment"
    sys.path[:0] = [src + "/src", src + "/benchmarks"]
    import numpy as np
    from trt_cohort import TREATMENT, population

    from osteon import Simulation
    from osteon.trials.interventions import protocol_from_specs

    protocol = protocol_from_specs(TREATMENT if arm == "treatment" else [])
    Simulation(population(3, 7), protocol, years=1).run()  # warm-up (kernels loaded)
    subjects = population(n, 2000)
    t, c = time.perf_counter(), time.process_time()
    res = Simulation(subjects, protocol, years=years).run()
    wall, cpu = time.perf_counter() - t, time.process_time() - c
    if out != "-":
        np.savez(out, **{k: np.asarray(v.values) for k, v in res.data_vars.items()
                         if v.dtype.kind in "fiub"})
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{src} WALL {wall:.3f} CPU {cpu:.3f} RSS {rss:.0f}")


if __name__ == "__main__":
    main()
