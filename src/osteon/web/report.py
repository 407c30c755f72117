"""The forecast as a self-contained HTML report (no scripts, no external resources)."""

from __future__ import annotations

from html import escape

SITE_NAMES = {"lumbar_spine": "Lumbar spine", "femoral_neck": "Femoral neck",
              "total_hip": "Total hip", "total_body": "Total body"}


def forecast_html(summary: dict) -> str:
    """HTML report of a forecast summary (as returned by ``POST /api/forecast``).

    >>> s = {"disclaimer": "Not advice.", "band_note": "Band.", "years": 1, "scenarios": []}
    >>> "Not advice." in forecast_html(s)
    True
    """
    e = escape
    parts = ["<!doctype html><html lang='en'><head><meta charset='utf-8'>",
             "<meta name='viewport' content='width=device-width, initial-scale=1'>",
             "<title>Osteon personal forecast</title><style>body{font-family:sans-serif;"
             "max-width:60rem;margin:auto;padding:1rem}table{border-collapse:collapse}"
             "td,th{border:1px solid #999;padding:.25rem .5rem}.flag{color:#8a4b00}</style>"
             "</head><body><h1>Osteon personal forecast</h1>",
             f"<p role='note'><strong>{e(summary['disclaimer'])}</strong></p>",
             f"<p>{e(summary['band_note'])}</p>",
             f"<p>Horizon: {e(str(summary['years']))} years.</p>"]
    for sc in summary["scenarios"]:
        parts.append(f"<h2>{e(sc['name'])}</h2><p>{e(sc['protocol'])}</p>")
        parts.append("<table><caption>T-score at the end of the horizon</caption><tr><th>Site"
                     "</th><th>T-score</th><th>Band (p10-p90)</th><th>WHO category</th>"
                     "<th>Change vs no change</th></tr>")
        for site, f in sc["final"].items():
            d = sc["attribution"]["vs_no_change"].get(site, 0.0)
            parts.append(f"<tr><td>{e(SITE_NAMES.get(site, site))}</td><td>{f['t_score']:.2f}"
                         f"</td><td>{f['p10']:.2f} to {f['p90']:.2f}</td><td>"
                         f"{e(f['category'])}</td><td>{d:+.2f}</td></tr>")
        parts.append("</table>")
        fr = sc["fracture"]
        if fr.get("available"):
            parts.append(f"<p>{fr['years']}-year fracture probability: major osteoporotic "
                         f"{fr['major_percent']:.1f} % (band {fr['major_range'][0]:.1f}-"
                         f"{fr['major_range'][1]:.1f}), hip {fr['hip_percent']:.1f} % "
                         f"[evidence: {e(fr['evidence'])}]. {e(fr['limits'])}</p>")
        else:
            parts.append(f"<p>Fracture risk not available: {e(fr.get('reason', ''))}</p>")
        for ev in sc["evidence"]:
            parts.append(f"<p>{e(ev['intervention'])}: evidence {e(ev['evidence'])}; "
                         f"{e(ev['citation'] or '')}</p>")
        for flag in sc["flags"]:
            parts.append(f"<p class='flag'>Flag: {e(flag)}</p>")
        if sc["attribution"]["drivers"]:
            parts.append("<ul>" + "".join(f"<li>{e(t)}</li>" for t in
                                          sc["attribution"]["drivers"]) + "</ul>")
    parts.append("</body></html>")
    return "".join(parts)
