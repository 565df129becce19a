"""A fast loopback "web" for the polling benchmarks, run in its own process.

An asyncio HTTP/1.1 server (keep-alive) listening on several ports of 127.0.0.1 (each port is
one host for khabar's per-host limits). It serves ``/feed/N.xml`` (a small RSS feed with an
ETag: 304 when ``If-None-Match`` matches, except for feeds listed as changed) and
``/page/N.html`` (bodies handed over at start). Nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import socket


def free_ports(count: int) -> list[int]:
    sockets = []
    for _ in range(count):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        sockets.append(s)
    ports = [s.getsockname()[1] for s in sockets]
    for s in sockets:
        s.close()
    return ports


def _serve(ports: list[int], feeds: dict[str, bytes], pages: dict[str, bytes],
           changed: set[str], ready) -> None:  # noqa: ANN001 - a multiprocessing Event
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                path = lines[0].split(" ")[1]
                headers = {k.lower(): v.strip() for k, _, v in
                           (line.partition(":") for line in lines[1:] if line)}
                body, status, extra = b"", "404 Not Found", ""
                if path in feeds:
                    etag = f'"{hash(path) & 0xffff}"'
                    if headers.get("if-none-match") == etag and path not in changed:
                        status, extra = "304 Not Modified", f"ETag: {etag}\r\n"
                    else:
                        body = feeds[path]
                        status = "200 OK"
                        extra = f'ETag: {etag}\r\nContent-Type: application/rss+xml\r\n'
                elif path in pages:
                    body, status = pages[path], "200 OK"
                    extra = "Content-Type: text/html; charset=utf-8\r\n"
                writer.write(f"HTTP/1.1 {status}\r\n{extra}Content-Length: {len(body)}\r\n\r\n"
                             .encode() + body)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, IndexError):
            pass
        finally:
            writer.close()

    async def main() -> None:
        for port in ports:
            await asyncio.start_server(handle, "127.0.0.1", port, backlog=1024)
        ready.set()
        await asyncio.Event().wait()

    asyncio.run(main())


class Outlets:
    def __init__(self, ports: list[int], feeds: dict[str, bytes], pages: dict[str, bytes],
                 changed: set[str] | None = None) -> None:
        ready = multiprocessing.Event()
        self.process = multiprocessing.Process(
            target=_serve, args=(ports, feeds, pages, changed or set(), ready), daemon=True)
        self.process.start()
        if not ready.wait(30):
            raise RuntimeError("the loopback server did not start")

    def close(self) -> None:
        self.process.terminate()
        self.process.join(5)
