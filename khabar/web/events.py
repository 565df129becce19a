"""Live updates: server-sent events announcing articles stored since a page was loaded.

    GET /api/events?since=ID   →   event: articles  data: {"new": N, "newest_id": M}

An event is sent when the count changes (and a comment every ``live_keepalive_seconds``, so
proxies keep the connection); the intervals are settings (``live_*``). The home page's
script shows "n new" without a reload.
"""

from __future__ import annotations

import asyncio
import json

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse

from khabar.store.filters import ArticleFilter

router = APIRouter(prefix="/api", tags=["live"])


@router.get("/events", summary="Server-sent events: new articles since an id")
async def events(
    request: Request,
    since: int = Query(0, ge=0, le=2**63 - 1, description="id of the newest article shown"),
) -> StreamingResponse:
    store = request.app.state.store
    settings = request.app.state.settings
    tick = settings.live_poll_seconds

    def count_new() -> tuple[int, int]:
        filters = ArticleFilter(stored_after_id=since)
        newest = store.latest(limit=1)
        return store.count_articles(filters), (newest[0].id if newest else 0)

    async def stream():  # noqa: ANN202
        last, idle, elapsed = None, 0.0, 0.0
        yield "retry: 10000\n\n"
        while elapsed < settings.live_max_seconds and not await request.is_disconnected():
            new, newest_id = await asyncio.to_thread(count_new)
            if new != last:
                last, idle = new, 0.0
                data = json.dumps({"new": new, "newest_id": newest_id})
                yield f"event: articles\ndata: {data}\n\n"
            elif idle >= settings.live_keepalive_seconds:
                idle = 0.0
                yield ": keep-alive\n\n"
            await asyncio.sleep(tick)
            idle += tick
            elapsed += tick

    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    return StreamingResponse(stream(), media_type="text/event-stream", headers=headers)
