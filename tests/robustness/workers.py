"""Chunk tasks for the process-pool tests (importable by worker processes)."""

from __future__ import annotations

import os
import time
from pathlib import Path

from osteon.cohort.chunks import ChunkResult
from osteon.errors import OsteonInputError


def sleepy(run, index):
    """Record this worker's pid under ``run`` (a folder), sleep a little, return."""
    (Path(run) / f"pid-{index}").write_text(str(os.getpid()))
    time.sleep(0.3)
    return ChunkResult(index, index, index + 1)


def refuse(run, index):
    raise OsteonInputError("subject.age", "200 is outside 30-100", "age=55")


def forever(run, index):
    (Path(run) / f"pid-{index}").write_text(str(os.getpid()))
    time.sleep(600)
