"""Probes and metrics for whoever runs khabar: a load balancer, an orchestrator, Prometheus.

- ``GET /healthz``: the process is up (answers without touching the database).
- ``GET /readyz``: the database answers, its schema is this version's, and the search index is
  whole (one index row per article, built by the analyzer in use). 503 otherwise, with
  ``Retry-After``; it recovers by itself when the database comes back. The index is counted at
  most every ``INDEX_CHECK_SECONDS`` (counting costs a scan), the rest is asked every time.
- ``GET /metrics``: the Prometheus exposition, behind ``Authorization: Bearer
  KHABAR_METRICS_TOKEN`` (404 when no token is set: see ``metrics_address``).

Answers hold check names and their state only, never records, and need no login.
``instrument(app)`` adds the middleware that gives every request an id (``X-Request-ID``, in
the logs as ``request_id``), counts it by route template and status, and logs it.
"""

from __future__ import annotations

import logging
import re
import secrets
import time
import uuid
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import Message, Receive, Scope, Send

from khabar import logs, metrics
from khabar.errors import KhabarError
from khabar.store.health import index_counts, readiness
from khabar.web.asgi import HttpMiddleware

log = logging.getLogger("khabar.web.access")
router = APIRouter(include_in_schema=False)

#: seconds a good index count is trusted before /readyz counts again
INDEX_CHECK_SECONDS = 60.0
#: a request id taken from the client only when it looks like one
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
_NO_STORE = {"Cache-Control": "no-store"}


@router.get("/healthz")
async def healthz() -> Response:  # no I/O: answered on the event loop
    return JSONResponse({"status": "ok"}, headers=_NO_STORE)


@router.get("/readyz")
def readyz(request: Request) -> Response:
    store = request.app.state.store
    ready = readiness(store)
    checks = {"database": "ok" if ready.database else "unavailable",
              "schema": ready.schema, "index": "unknown"}
    if ready.ok:
        checks["index"] = _index_state(request.app, store)
    ok = ready.ok and checks["index"] == "ok"
    headers = dict(_NO_STORE) if ok else {**_NO_STORE, "Retry-After": "10"}
    return JSONResponse({"status": "ready" if ok else "unavailable", "checks": checks},
                        status_code=200 if ok else 503, headers=headers)


def _index_state(app: FastAPI, store: object) -> str:
    checked = getattr(app.state, "index_checked_at", None)
    if checked is not None and time.monotonic() - checked < INDEX_CHECK_SECONDS:
        return "ok"
    try:
        counts = index_counts(store)
    except KhabarError as exc:
        logging.getLogger(__name__).warning("readyz: %s", exc)
        return "unknown"
    if not counts.consistent:
        return "stale" if not counts.analyzer_current else "incomplete"
    app.state.index_checked_at = time.monotonic()  # only a good count is remembered
    return "ok"


@router.get("/metrics")
def metrics_endpoint(request: Request) -> Response:
    token = request.app.state.settings.metrics_token
    if not token:
        return Response("not found\n", status_code=404, media_type="text/plain")
    given = request.headers.get("authorization", "")
    scheme, _, value = given.partition(" ")
    if scheme.lower() != "bearer" or not secrets.compare_digest(value.strip().encode(),
                                                                token.encode()):
        return Response("unauthorized\n", status_code=401, media_type="text/plain",
                        headers={"WWW-Authenticate": 'Bearer realm="metrics"'})
    body = metrics.exposition(request.app.state.store)
    return Response(body, media_type=CONTENT_TYPE_LATEST, headers=_NO_STORE)


def instrument(app: FastAPI) -> None:
    """Request ids, request metrics and one log line per request (path, never the query)."""
    app.add_middleware(RequestObserver)


class RequestObserver(HttpMiddleware):
    """The middleware of ``instrument``. A request is timed until its headers are sent
    (a stream's duration is not its answer time); it is logged once answered."""

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        given = Headers(scope=scope).get("x-request-id", "")
        request_id = given if _REQUEST_ID.match(given) else uuid.uuid4().hex[:16]
        logs.bind(stage="web", request_id=request_id)
        started = time.perf_counter()
        status, answered = 500, None

        async def send_with_id(message: Message) -> None:
            nonlocal status, answered
            if message["type"] == "http.response.start":
                status, answered = message["status"], time.perf_counter()
                MutableHeaders(scope=message)["X-Request-ID"] = request_id
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            route = getattr(scope.get("route"), "path", None) or "unmatched"
            elapsed = (answered or time.perf_counter()) - started
            metrics.HTTP_REQUESTS.labels(route, scope["method"], str(status)).inc()
            metrics.HTTP_SECONDS.labels(route).observe(elapsed)
            if route not in ("/healthz", "/readyz", "/metrics"):
                raw = str(scope.get("path_params", {}).get("article_id", ""))
                log.info("%s %s %d %.0f ms", scope["method"], scope["path"], status,
                         elapsed * 1000,
                         extra={"article_id": int(raw)} if raw.isdigit() else None)
