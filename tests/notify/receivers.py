"""Real receivers of alerts on 127.0.0.1: an HTTP server taking JSON webhooks and ntfy-style
posts, and an SMTP server (aiosmtpd). Each records what it received."""

from __future__ import annotations

import json
import socket
import threading
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class HookServer:
    """Records every POST it accepts: (path, headers, body); answers ``status`` (200 by
    default) with ``answer``. A POST answered with an error status is not kept."""

    default_status = 200
    answer = b"{}"

    def __init__(self) -> None:
        self.received: list[tuple[str, dict[str, str], bytes]] = []
        self.status = self.default_status
        server = self

        class Request(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                if server.keeps(server.status):
                    server.received.append(
                        (self.path, {k.lower(): v for k, v in self.headers.items()}, body))
                self.send_response(server.status)
                if server.answer:
                    self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(server.answer)))
                self.end_headers()
                self.wfile.write(server.answer)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Request)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.origin = f"http://127.0.0.1:{self.port}"
        threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True).start()

    def keeps(self, status: int) -> bool:
        return status == 200

    def json_bodies(self, path: str | None = None) -> list[dict]:
        return [json.loads(b) for p, _, b in self.received if path is None or p == path]

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class MailServer:
    """An SMTP server (aiosmtpd) keeping every message it accepts."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.messages: list[EmailMessage] = []
        outer = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):  # noqa: N802, ANN001, ANN201
                outer.messages.append(message_from_bytes(envelope.content, policy=policy.default))
                return "250 OK"

        self.port = _free_port()
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def texts(self) -> list[str]:
        out = []
        for message in self.messages:
            part = message.get_body(preferencelist=("plain", "html"))
            out.append(f"{message['Subject']}\n{part.get_content() if part else ''}")
        return out

    def close(self) -> None:
        self.controller.stop()
