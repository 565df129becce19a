"""The shape of khabar's middlewares: plain ASGI, HTTP only.

``@app.middleware("http")`` (Starlette's ``BaseHTTPMiddleware``) costs a task group, memory
streams and a wrapped response per request per middleware; a plain ASGI class costs a call.
A subclass writes ``http``; every other kind of connection passes through untouched."""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send


class HttpMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        await self.http(scope, receive, send)

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError
