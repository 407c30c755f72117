"""Helpers of the web tests: the real app behind an in-process client, a small request.

Not a ``conftest.py``: the suite's modules import ``conftest`` by name, and a second one here
would shadow ``tests/conftest.py``. Test modules wrap :func:`app_client` in their fixture.
"""

from __future__ import annotations

from pathlib import Path


def app_client():
    """Yield a TestClient of the real app (its lifespan runs: worker pool, batcher)."""
    from fastapi.testclient import TestClient

    from osteon.web.app import create_app

    with TestClient(create_app()) as c:
        yield c


SMALL_FORECAST = {
    "profile": {"sex": "female", "age": 62, "body_mass_kg": 64, "height_cm": 163,
                "calcium_mg_per_day": 500,
                "dxa": [{"age": 60, "site": "femoral_neck", "bmd": 0.62},
                        {"age": 62, "site": "femoral_neck", "bmd": 0.60}],
                "labs": [{"analyte": "vitamin_d_25oh", "value": 20, "unit": "ng/mL"}]},
    "scenarios": [{"name": "calcium", "interventions": [
        {"intervention": "calcium", "dose": "1000 mg", "every": "1 day"}]}],
    "years": 3, "draws": 5,
}

REPO_ROOT = Path(__file__).resolve().parents[2]
