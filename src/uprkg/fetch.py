"""HTTP with a total deadline and a cap on the body: the only way uprkg reads the network.

A socket timeout bounds each read, not the exchange: a server that sends one
byte a second never trips it. Here a watchdog shuts the socket down when
the deadline passes, whatever phase the exchange is in (connecting, sending,
headers, body), and the body is read in chunks up to a byte limit. Nothing
else in uprkg opens a URL: SPARQL endpoints (`uprkg.endpoint`) and, when the
user asks for them, remote JSON-LD contexts (`uprkg.graphio`) come through
`request`.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

MAX_RESPONSE_BYTES = 256 * 1024 * 1024
CHUNK = 64 * 1024
_policy: dict[str, float | None] = {"context_timeout": None}


def allow_remote_contexts(timeout: float | None) -> None:
    """Let JSON-LD files name remote @context documents, each fetched within `timeout`
    seconds in total; None (the default) means never fetch."""
    _policy["context_timeout"] = timeout


def remote_contexts_timeout() -> float | None:
    return _policy["context_timeout"]


class FetchError(Exception):
    """The exchange failed; `kind` says how (timeout, too-large, refused, network)."""

    def __init__(self, kind: str, detail: str = "", cause: BaseException | None = None):
        super().__init__(detail or kind)
        self.kind, self.detail, self.cause = kind, detail, cause


@dataclass
class Reply:
    status: int
    reason: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


def request(
    url: str,
    method: str = "GET",
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 30.0,
    limit: int = MAX_RESPONSE_BYTES,
) -> Reply:
    """One HTTP(S) exchange, finished within `timeout` seconds in total.

    Raises FetchError: `timeout` when the deadline passed, `too-large` when
    the body exceeds `limit` bytes, `refused`, `unknown-host` or `network`
    otherwise. Redirects are not followed (the caller reports them).
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError("network", f"not an http(s) URL: {url!r}")
    connection_class = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    connection = connection_class(parts.hostname, parts.port, timeout=timeout)
    expired = threading.Event()

    def stop() -> None:
        expired.set()
        sock = connection.sock
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    watchdog = threading.Timer(timeout, stop)
    watchdog.daemon = True
    started = time.monotonic()
    watchdog.start()
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request(method, target, body=body, headers=headers or {})
        response = connection.getresponse()
        data = _read(response, limit, started, timeout, expired)
        return Reply(
            response.status,
            response.reason,
            {k.lower(): v for k, v in response.getheaders()},
            data,
        )
    except FetchError:
        raise
    except (OSError, http.client.HTTPException) as exc:
        if expired.is_set() or isinstance(exc, TimeoutError | socket.timeout):
            raise FetchError("timeout", cause=exc) from None
        if isinstance(exc, ConnectionRefusedError):
            raise FetchError("refused", cause=exc) from None
        if isinstance(exc, socket.gaierror):
            raise FetchError("unknown-host", cause=exc) from None
        raise FetchError("network", str(exc) or type(exc).__name__, exc) from None
    finally:
        watchdog.cancel()
        connection.close()


def _read(response, limit: int, started: float, timeout: float, expired) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        if expired.is_set() or time.monotonic() - started > timeout:
            raise FetchError("timeout")
        chunk = response.read1(CHUNK) if hasattr(response, "read1") else response.read(CHUNK)
        if expired.is_set():
            raise FetchError("timeout")
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > limit:
            raise FetchError("too-large", f"more than {limit} bytes")
        chunks.append(chunk)
