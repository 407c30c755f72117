"""``osteon serve``: an HTTP API (FastAPI, OpenAPI at ``/docs``) and a web page in one process.

Research and education tool; not medical advice.

- :mod:`osteon.web.app`: the application (:func:`create_app`).
- :mod:`osteon.web.forecast_glue`: the personal forecast behind ``/api/forecast``, kept in one
  module so it can follow the forecast package (issue 11) as it grows.
- :mod:`osteon.web.jobs`: bounded worker pool, per-job timeout, expiring results.
- :mod:`osteon.web.safe_yaml`: YAML uploads parsed with size, alias and depth limits.
- :mod:`osteon.web.limits`: every bound in one place.
"""
