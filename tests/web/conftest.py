"""Fixtures of the web tests: the real app behind an in-process client."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def client():
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

REPO_ROOT = __import__("pathlib").Path(__file__).resolve().parents[2]
