#!/usr/bin/env python
"""Bounded load test of ``osteon serve`` on localhost (issue 12).

Starts ``osteon serve`` in a child process on a free localhost port, waits for
``/api/health``, runs one warm-up forecast, then ``--rounds`` rounds of ``--concurrent``
simultaneous forecasts (each a different person: ages spread over 55-75) and reports the
latency (p50, p95, max), the errors (any answer other than 200, or none) and the server's
resident memory after each round (memory is flat when the rounds end near the same figure).
Nothing leaves the machine. The request is what the page sends by default unless changed:
one scenario of two interventions (calcium and walking), ``--years`` and ``--draws``.

With ``--ttl 1`` results expire at once, which shows whether memory grows by anything but the
results kept for download.

Run: ``python benchmarks/bench_serve_load.py [--concurrent 20] [--rounds 3] [--draws 12]
[--ttl 1]``
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import numpy as np
import psutil


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(age: float, years: float, draws: int, scenarios: int) -> dict:
    sc = [{"name": f"scenario {k + 1}", "interventions": [
        {"intervention": "calcium", "dose": f"{500 + 250 * k} mg", "every": "1 day"},
        {"intervention": "walking", "minutes_per_week": 150}]} for k in range(scenarios)]
    return {"profile": {"sex": "female", "age": age, "body_mass_kg": 64, "height_cm": 163,
                        "dxa": [{"age": age, "site": "femoral_neck", "bmd": 0.62}]},
            "scenarios": sc, "years": years, "draws": draws}


def one(client: httpx.Client, body: dict) -> tuple[float, int]:
    t = time.perf_counter()
    try:
        status = client.post("/api/forecast", json=body, timeout=300).status_code
    except httpx.HTTPError:
        status = 0
    return time.perf_counter() - t, status


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--concurrent", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--years", type=float, default=10)
    ap.add_argument("--draws", type=int, default=12)
    ap.add_argument("--scenarios", type=int, default=1)
    ap.add_argument("--ttl", type=float, default=None,
                    help="result time-to-live on the server, s (default: the server's 1800)")
    ap.add_argument("--json", action="store_true", help="print one JSON line")
    a = ap.parse_args()
    port = _port()
    env = dict(os.environ, OSTEON_WEB_REQUEST_TIMEOUT="600")
    if a.ttl is not None:
        env["OSTEON_WEB_TTL"] = str(a.ttl)
    proc = subprocess.Popen([sys.executable, "-m", "osteon.cli", "serve", "--port", str(port)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base) as client:
            end = time.monotonic() + 300
            while time.monotonic() < end:
                try:
                    if client.get("/api/health").status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.5)
            warm, status = one(client, request(60, a.years, a.draws, a.scenarios))
            assert status == 200, status
            server = psutil.Process(proc.pid)
            rss = [server.memory_info().rss / 2**20]
            lat, errors = [], 0
            with ThreadPoolExecutor(a.concurrent) as pool:
                for r in range(a.rounds):
                    ages = 55 + 20 * np.arange(a.concurrent) / max(1, a.concurrent - 1) + 0.1 * r
                    res = list(pool.map(lambda age: one(client, request(
                        float(age), a.years, a.draws, a.scenarios)), ages))
                    lat += [t for t, _ in res]
                    errors += sum(s != 200 for _, s in res)
                    rss.append(server.memory_info().rss / 2**20)
        out = {"concurrent": a.concurrent, "rounds": a.rounds, "years": a.years,
               "draws": a.draws, "scenarios": a.scenarios, "ttl_s": a.ttl, "requests": len(lat),
               "errors": errors, "warm_single_s": round(warm, 2),
               "p50_s": round(float(np.percentile(lat, 50)), 2),
               "p95_s": round(float(np.percentile(lat, 95)), 2),
               "max_s": round(float(np.max(lat)), 2),
               "rss_mib_after_warmup_and_each_round": [round(x) for x in rss],
               "cpus": os.cpu_count()}
    finally:
        proc.terminate()
        proc.wait(30)
    if a.json:
        print(json.dumps(out))
    else:
        for k, v in out.items():
            print(f"{k:40s} {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
