"""Start and stop `uprkg serve` for the tests: a real process on 127.0.0.1, any free port."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

URL_LINE = re.compile(r"SPARQL\s+(http://\S+)/sparql")


@dataclass
class Server:
    base: str
    process: subprocess.Popen
    output: list[str] = field(default_factory=list)

    def url(self, path: str, **params: str) -> str:
        return self.base + path + ("?" + urlencode(params) if params else "")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=15)


def start_server(*args: str, cwd: Path, env: dict | None = None, wait: float = 60) -> Server:
    """`python -m uprkg serve --port 0 ARGS` in cwd; returns once it printed its URLs
    and answers."""
    command = [sys.executable, "-m", "uprkg", "serve", "--port", "0", *args]
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output: list[str] = []
    found: list[str] = []
    ready = threading.Event()

    def read() -> None:
        for line in process.stdout:
            output.append(line)
            match = URL_LINE.search(line)
            if match and not found:
                found.append(match.group(1))
                ready.set()
        ready.set()

    threading.Thread(target=read, daemon=True).start()
    ready.wait(wait)
    if not found:
        process.kill()
        process.wait()
        raise RuntimeError("uprkg serve did not start:\n" + "".join(output))
    server = Server(found[0], process, output)
    deadline = time.monotonic() + wait
    while True:
        try:
            with urllib.request.urlopen(server.base + "/robots.txt", timeout=5):
                return server
        except (urllib.error.URLError, ConnectionError):
            if time.monotonic() > deadline:
                server.stop()
                raise RuntimeError("uprkg serve does not answer:\n" + "".join(output)) from None
            time.sleep(0.1)


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


def fetch(
    url: str,
    *,
    accept: str | None = None,
    data: bytes | None = None,
    content_type: str | None = None,
    method: str | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 60,
) -> Answer:
    """One HTTP request with the standard library; errors are answers too."""
    sent = dict(headers or {})
    if accept:
        sent["Accept"] = accept
    if content_type:
        sent["Content-Type"] = content_type
    request = urllib.request.Request(url, data=data, headers=sent, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return Answer(
                response.status,
                {k.lower(): v for k, v in response.headers.items()},
                response.read(),
            )
    except urllib.error.HTTPError as error:
        return Answer(error.code, {k.lower(): v for k, v in error.headers.items()}, error.read())
