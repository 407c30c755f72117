"""HTML through jinja2 templates (issue 13): the markup lives in package templates.

The reports (:mod:`osteon.report.html`, :mod:`osteon.report.scenarios`,
:mod:`osteon.forecast.report`, :mod:`osteon.web.report`) compute their numbers and texts in
Python and hand them to a template under ``osteon/report/templates/`` (``*.html.j2``, with
the shared style sheet ``report.css``). Autoescaping is on for every template: a value
from a result, a subject or a protocol (a name with ``<script>`` in it) is written as
text, never as markup; only fragments built by another template are passed as
:class:`markupsafe.Markup`. Undefined names are errors (``StrictUndefined``), so that a
template and its caller cannot drift apart silently.

This module imports no plotting, so that the web server's report does not load matplotlib.
"""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

__all__ = ["Markup", "environment", "render"]


@cache
def environment() -> Environment:
    """The package's template environment (autoescape on, strict undefined)."""
    return Environment(
        loader=PackageLoader("osteon", "report/templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(name: str, **context) -> str:
    """Render the package template ``name`` with ``context``.

    >>> "&lt;script&gt;" in render("web_forecast.html.j2", summary={
    ...     "disclaimer": "<script>x</script>", "band_note": "", "years": 1, "scenarios": []},
    ...     site_names={})
    True
    """
    return environment().get_template(name).render(**context)
