"""A real HTTP server on 127.0.0.1 in a thread that receives webhooks and checks their signature itself.

The check is written out here (HMAC-SHA256 of "<timestamp>.<body>"), not imported from the code under test.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    signature_ok: bool
    fresh: bool

    @property
    def json(self) -> dict:
        return json.loads(self.body)


@dataclass
class Receiver:
    secret: str
    replies: list[int] = field(default_factory=list)  # status codes to answer with, in turn; then 200
    requests: list[Received] = field(default_factory=list)
    url: str = ""

    def reply(self) -> int:
        return self.replies.pop(0) if self.replies else 200


def start(secret: str, replies: list[int] | None = None) -> tuple[Receiver, ThreadingHTTPServer]:
    """Start a receiver on a free port; stop it with ``server.shutdown()``."""
    receiver = Receiver(secret=secret, replies=list(replies or []))

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            timestamp = self.headers.get("X-Minorworks-Timestamp", "")
            expected = hmac.new(
                receiver.secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256
            ).hexdigest()
            given = self.headers.get("X-Minorworks-Signature", "")
            ok = hmac.compare_digest(given, f"sha256={expected}")
            fresh = timestamp.isdigit() and abs(time.time() - int(timestamp)) < 300
            receiver.requests.append(Received(self.path, dict(self.headers), body, ok, fresh))
            status = receiver.reply() if ok else 401
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args) -> None:  # keep the test output quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    return receiver, server
