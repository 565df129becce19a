"""A real HTTP server on 127.0.0.1 for fetcher and polling tests, plus builders of feeds and
article pages from the real ANT items.

Routes map a path to a handler ``(request) -> None`` that writes the whole answer; ``static``
builds the common case (a body with ETag / Last-Modified, answering 304 when they match).
Every request is recorded in ``server.hits``.
"""

from __future__ import annotations

import gzip
import html
import itertools
import json
import threading
from collections.abc import Callable
from email.utils import format_datetime
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

Handler = Callable[[BaseHTTPRequestHandler], None]


class Loopback:
    def __init__(self) -> None:
        self.routes: dict[str, Handler] = {}
        self.hits: list[tuple[str, dict[str, str]]] = []
        server = self

        class Request(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                server.hits.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
                handler = server.routes.get(self.path)
                if handler is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                try:
                    handler(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Request)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def requests_to(self, path: str) -> list[dict[str, str]]:
        return [headers for p, headers in self.hits if p == path]

    def static(self, path: str, body: bytes | str, *, content_type: str = "application/rss+xml",
               etag: str | None = None, last_modified: str | None = None, status: int = 200,
               headers: dict[str, str] | None = None) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body

        def answer(request: BaseHTTPRequestHandler) -> None:
            if etag and request.headers.get("If-None-Match") == etag or (
                last_modified and not etag
                and request.headers.get("If-Modified-Since") == last_modified
            ):
                request.send_response(304)
                request.send_header("ETag", etag or "")
                request.end_headers()
                return
            request.send_response(status)
            request.send_header("Content-Type", content_type)
            request.send_header("Content-Length", str(len(data)))
            if etag:
                request.send_header("ETag", etag)
            if last_modified:
                request.send_header("Last-Modified", last_modified)
            for name, value in (headers or {}).items():
                request.send_header(name, value)
            request.end_headers()
            request.wfile.write(data)

        self.routes[path] = answer

    def redirect(self, path: str, target: str, status: int = 301) -> None:
        def answer(request: BaseHTTPRequestHandler) -> None:
            request.send_response(status)
            request.send_header("Location", target)
            request.send_header("Content-Length", "0")
            request.end_headers()

        self.routes[path] = answer

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


# --- documents built from the real ANT items ---------------------------------------------------

def ant_items(ant_file: Path, count: int, skip: int = 0) -> list[dict]:
    with gzip.open(ant_file, "rt", encoding="utf-8") as lines:
        rows = (json.loads(line) for line in itertools.islice(lines, skip, skip + count * 2))
        return [r for r in rows if r.get("title") and r.get("text")][:count]


def rss(items: list[dict], base: str, *, title: str = "وكالة الاختبار",
        encoding: str = "utf-8") -> bytes:
    """An RSS 2.0 feed of ``items``, each linking to ``{base}/a/{n}.html``."""
    entries = []
    for n, item in enumerate(items):
        published = datetime.fromisoformat(item["time_utc"].replace("Z", "+00:00"))
        entries.append(
            f"<item><title>{html.escape(item['title'])}</title>"
            f"<link>{base}/a/{n}.html</link><guid>{base}/a/{n}.html</guid>"
            f"<pubDate>{format_datetime(published.astimezone(timezone.utc), usegmt=True)}</pubDate>"
            f"<description>{html.escape(item.get('abstract') or item['text'][:200])}</description>"
            "</item>"
        )
    doc = (f'<?xml version="1.0" encoding="{encoding}"?>\n<rss version="2.0"><channel>'
           f"<title>{html.escape(title)}</title><link>{base}/</link>"
           + "".join(entries) + "</channel></rss>")
    return doc.encode(encoding)


def article_page(item: dict) -> str:
    """A news page around one ANT item: navigation, the article, related links, a footer."""
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in item["text"].split("\n") if p.strip())
    return (
        '<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8">'
        f"<title>{html.escape(item['title'])}</title></head><body>"
        '<nav><a href="/">الرئيسية</a> <a href="/sport">رياضة</a> <a href="/eco">اقتصاد</a></nav>'
        f"<article><h1>{html.escape(item['title'])}</h1>{paragraphs}</article>"
        '<aside><h3>اقرأ أيضا</h3><a href="/x">خبر آخر</a></aside>'
        "<footer>جميع الحقوق محفوظة</footer></body></html>"
    )
