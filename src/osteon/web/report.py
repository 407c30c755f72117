"""The forecast as a self-contained HTML report (no scripts, no external resources).

The markup is the template ``osteon/report/templates/web_forecast.html.j2``
(:mod:`osteon.templating`: autoescaped).
"""

from __future__ import annotations

from osteon.templating import render

SITE_NAMES = {"lumbar_spine": "Lumbar spine", "femoral_neck": "Femoral neck",
              "total_hip": "Total hip", "total_body": "Total body"}


def forecast_html(summary: dict) -> str:
    """HTML report of a forecast summary (as returned by ``POST /api/forecast``).

    >>> s = {"disclaimer": "Not advice.", "band_note": "Band.", "years": 1, "scenarios": []}
    >>> "Not advice." in forecast_html(s)
    True
    """
    return render("web_forecast.html.j2", summary=summary, site_names=SITE_NAMES)
