"""A real uvicorn server on a free loopback port, serving one site, in a thread of the test process.

The thread shares the process's registered apps (the platform test app), so the server
sees exactly the metadata the test sees; requests go through real sockets and httpx.
"""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass

import httpx
import uvicorn

from lowcode.sites import Site
from lowcode.web.app import create_app


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class LiveServer:
    site: Site
    url: str
    server: uvicorn.Server
    thread: threading.Thread

    def client(self, token: tuple[str, str] | None = None) -> httpx.Client:
        """A client with an API token, or an anonymous one (cookies kept)."""
        headers = {"Authorization": f"token {token[0]}:{token[1]}"} if token else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=30)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def start(site: Site, forwarded_allow_ips: str = "127.0.0.1") -> LiveServer:
    """The server believes X-Forwarded-* headers from `forwarded_allow_ips`, like `lowcode serve` (the test client is 127.0.0.1)."""
    port = free_port()
    config = uvicorn.Config(create_app(site.name), host="127.0.0.1", port=port, log_level="warning", lifespan="off",
                            proxy_headers=True, forwarded_allow_ips=forwarded_allow_ips)  # fmt: skip
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name=f"uvicorn-{site.name}", daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"uvicorn did not start for {site.name}")
        time.sleep(0.01)
    return LiveServer(site, f"http://127.0.0.1:{port}", server, thread)
