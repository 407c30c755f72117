"""``osteon serve [--host 127.0.0.1] [--port 8000]``."""

from __future__ import annotations

from osteon.errors import OsteonInputError


def run(args) -> int:
    import uvicorn

    from osteon.web.app import create_app

    if not 0 < int(args.port) < 65536:
        raise OsteonInputError("--port", f"{args.port} is not a TCP port", "--port 8000")
    print(f"Osteon serving on http://{args.host}:{args.port}/ (API docs at /docs). "
          "Research and education tool; not medical advice.", flush=True)
    uvicorn.run(create_app(warm=True), host=args.host, port=int(args.port),
                log_level="warning", limit_concurrency=200, timeout_keep_alive=5)
    return 0
