"""Running the form server: bind the socket, then uvicorn.

The socket is bound before uvicorn starts so that ``--port 0`` (any free port) can be reported: the caller
prints the address :func:`bind` returns.  uvicorn's access log is off (a link token in an address would end up
in it); proxy headers (X-Forwarded-For, X-Forwarded-Proto) are believed only from ``forwarded_allow_ips`` —
without it the client address, which the rate limit is keyed by, is the connection's.
"""
from __future__ import annotations

import os
import socket
from pathlib import Path


def store_folder(url: str | None) -> Path:
    """The folder the store keeps its files in: a SQLite database's folder, else $RESEARCH_STORE_DIR or the
    current folder (as :func:`research.store.open_store` places its default database)."""
    from sqlalchemy.engine import make_url

    url = url or os.environ.get("RESEARCH_DATABASE_URL")
    if url:
        parsed = make_url(url)
        if parsed.drivername.startswith("sqlite") and parsed.database and parsed.database != ":memory:":
            return Path(parsed.database).expanduser().resolve().parent
    return Path(os.environ.get("RESEARCH_STORE_DIR") or ".").resolve()


def bind(host: str = "127.0.0.1", port: int = 8000) -> socket.socket:
    """A listening-ready TCP socket on ``host``:``port`` (0 = any free port)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.set_inheritable(True)
    return sock


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def serve(app, sock: socket.socket, *, forwarded_allow_ips: str | None = None) -> None:
    """Run ``app`` on ``sock`` until SIGINT or SIGTERM."""
    import uvicorn

    config = uvicorn.Config(app, proxy_headers=bool(forwarded_allow_ips), forwarded_allow_ips=forwarded_allow_ips,
                            access_log=False, log_level="warning", server_header=False, lifespan="off",
                            timeout_keep_alive=5, limit_concurrency=1000, backlog=512)
    uvicorn.Server(config).run(sockets=[sock])
