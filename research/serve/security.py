"""The form server's defences: signed tokens, a request-size limit, a submission rate limit, response headers.

* **CSRF**: a form carries ``_csrf`` = HMAC-SHA256(server secret, "csrf" · slug · browser id), the browser id
  being the random value of the ``rid`` cookie (HttpOnly, SameSite=Lax).  A POST whose token does not match the
  cookie it came with is refused (403): another site can make a browser post, but cannot read the token.
* **Start time**: the form's ``_start`` field is the time it was served, signed the same way, so the duration a
  submission records (submitted − started) cannot be forged by the respondent.
* **Size**: :class:`BodyLimit` answers 413 to a request whose body is larger than ``max_body`` bytes — at once
  when its Content-Length says so, else as soon as the bytes read pass the limit — before anything is parsed
  (the rest of the body, up to 16 × ``max_body`` and 5 s, is read and dropped first, so that closing the
  connection does not reset it before the client has read the 413).
* **Rate**: :class:`RateLimiter` is a token bucket per client address for submissions (POST): ``burst`` at once,
  then ``per_minute`` a minute; beyond, 429 with Retry-After.  It lives in the server process's memory: it
  starts empty on a restart and is not shared between several server processes (run one, or limit at the
  reverse proxy too).  At most ``max_clients`` addresses are tracked; when full, the ones whose bucket has
  refilled are forgotten (they are indistinguishable from new ones), and if none has, the fullest half is.
* **Headers**: every response gets a Content-Security-Policy that allows nothing from elsewhere (no external
  script, style, font, image or frame; inline style and the one inline script by their hashes), ``nosniff``,
  ``Referrer-Policy: no-referrer`` (a link token in the address never leaks to another site),
  ``X-Frame-Options: DENY`` and ``Cache-Control: no-store`` (a form holds its CSRF token).

The secret is read from a file or generated once (32 random bytes) and kept beside the store, readable by its
owner only; it is never printed or logged.
"""
from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import ipaddress
import os
import re
import secrets
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from ..store.keys import random_text

COOKIE = "rid"
_COOKIE_VALUE = re.compile(r"^[A-Za-z0-9_-]{22,64}$")
SECRET_FILE = "serve_secret"
MIN_SECRET_BYTES = 16


@dataclass(frozen=True)
class Limits:
    """The server's limits (``research serve`` options of the same names)."""

    max_body: int = 64 * 1024        # bytes of one request body
    per_minute: float = 10.0         # submissions a minute per client address, sustained (0 = no rate limit)
    burst: int = 5                   # submissions at once per client address
    max_clients: int = 100_000       # client addresses the rate limiter tracks
    max_text: int = 2000             # characters of one free-text answer


# ---------------------------------------------------------------------------------------------------------
# the secret and the tokens signed with it
# ---------------------------------------------------------------------------------------------------------

def load_secret(path: str | os.PathLike | None = None, *, folder: str | os.PathLike | None = None) -> bytes:
    """The server secret: the bytes of ``path`` (surrounding whitespace removed), or the file ``serve_secret``
    in ``folder`` (the store's folder), created with 32 random bytes (mode 0600) the first time."""
    if path is not None:
        data = Path(path).read_bytes().strip()
        if len(data) < MIN_SECRET_BYTES:
            raise ValueError(f"the secret file holds {len(data)} bytes; at least {MIN_SECRET_BYTES} are needed")
        return data
    target = Path(folder or ".") / SECRET_FILE
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return load_secret(target)
    with os.fdopen(fd, "wb") as fh:
        fh.write(base64.urlsafe_b64encode(secrets.token_bytes(32)))
    return load_secret(target)


def new_browser_id() -> str:
    """A browser's respondent token (it reaches the responses exports, so it starts with a letter or digit)."""
    return random_text(24)


def valid_browser_id(value: str | None) -> bool:
    return bool(value) and bool(_COOKIE_VALUE.match(value))


def _mac(secret: bytes, *parts: str) -> str:
    msg = "\x1f".join(parts).encode("utf-8")
    return base64.urlsafe_b64encode(hmac.new(secret, msg, hashlib.sha256).digest()).decode("ascii").rstrip("=")


def csrf_token(secret: bytes, slug: str, browser: str) -> str:
    return _mac(secret, "csrf", slug, browser)


def check_csrf(secret: bytes, slug: str, browser: str | None, token: str | None) -> bool:
    if not browser or not token:
        return False
    return hmac.compare_digest(csrf_token(secret, slug, browser), token)


def start_stamp(secret: bytes, slug: str, browser: str, now: float | None = None) -> str:
    """``"<unix ms>.<mac>"``: the time the form was served, signed for this slug and browser."""
    ms = str(int((time.time() if now is None else now) * 1000))
    return f"{ms}.{_mac(secret, 'start', slug, browser, ms)}"


def read_start(secret: bytes, slug: str, browser: str, stamp: str | None) -> float | None:
    """The unix time in a stamp made by :func:`start_stamp`, or None when it is missing or forged."""
    ms, dot, mac = (stamp or "").partition(".")
    if not dot or not ms.isdigit() or len(ms) > 15:
        return None
    if not hmac.compare_digest(_mac(secret, "start", slug, browser, ms), mac):
        return None
    return int(ms) / 1000


# ---------------------------------------------------------------------------------------------------------
# rate limit
# ---------------------------------------------------------------------------------------------------------

def rate_key(address: str | None) -> str:
    """The rate limiter's key of a client address: an IPv4 address as it is, an IPv6 address by its /64 network
    (one subscriber's prefix: the addresses inside it cost nothing to rotate through)."""
    if not address:
        return "?"
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 4:
        return str(ip)
    if ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    return str(ipaddress.ip_network(f"{ip}/64", strict=False))


class RateLimiter:
    """Token buckets keyed by client (:func:`rate_key`): ``burst`` tokens, refilled at ``per_minute`` a minute."""

    def __init__(self, per_minute: float, burst: int, max_clients: int = 100_000, clock=time.monotonic):
        self.rate = per_minute / 60.0
        self.burst = max(1, int(burst))
        self.max_clients = max_clients
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}   # key -> (tokens, time of that count)
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.rate > 0

    def take(self, key: str) -> float:
        """0 when ``key`` may go ahead (one token spent), else the seconds until it may."""
        if not self.enabled:
            return 0.0
        now = self.clock()
        with self._lock:
            tokens, then = self._buckets.get(key, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - then) * self.rate)
            if tokens >= 1.0:
                if key not in self._buckets and len(self._buckets) >= self.max_clients:
                    self._prune(now)
                self._buckets[key] = (tokens - 1.0, now)
                return 0.0
            self._buckets[key] = (tokens, now)
            return (1.0 - tokens) / self.rate

    def _prune(self, now: float) -> None:
        full = [k for k, (t, then) in self._buckets.items() if t + (now - then) * self.rate >= self.burst]
        for k in full:
            del self._buckets[k]
        if len(self._buckets) >= self.max_clients:
            ranked = sorted(self._buckets, key=lambda k: self._buckets[k][0] + (now - self._buckets[k][1]) * self.rate,
                            reverse=True)
            for k in ranked[: len(ranked) // 2 + 1]:
                del self._buckets[k]


# ---------------------------------------------------------------------------------------------------------
# ASGI middleware: body size and response headers
# ---------------------------------------------------------------------------------------------------------

class BodyTooLarge(Exception):
    pass


def _sha256_source(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def content_security_policy(styles=(), scripts=()) -> str:
    """Nothing from elsewhere: only the inline style and script blocks with these exact texts may apply."""
    style = " ".join(_sha256_source(s) for s in styles) or "'none'"
    script = " ".join(_sha256_source(s) for s in scripts) or "'none'"
    return ("default-src 'none'; " f"style-src {style}; script-src {script}; img-src 'self' data:; "
            "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")


class BodyLimit:
    """413 for a request body above ``max_body`` bytes, before the application parses any of it."""

    def __init__(self, app, max_body: int):
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    return await _plain(send, 400, "Bad Content-Length")
                if declared > self.max_body:
                    await self._drain(receive, declared)
                    return await _plain(send, 413, "Request body too large")
        seen = 0
        started = False
        ended = False            # the body's last part has been received (reading on would wait for a disconnect)

        async def limited_receive():
            nonlocal seen, ended
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                ended = not message.get("more_body", False)
                if seen > self.max_body:
                    raise BodyTooLarge()
            return message

        async def tracking_send(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BodyTooLarge:
            if not started:
                if not ended:
                    await self._drain(receive, seen)
                await _plain(send, 413, "Request body too large")

    async def _drain(self, receive, already: int) -> None:
        """Read and drop the rest of a refused body, up to 16 × ``max_body`` in all (never parsed): a connection
        closed with the client's bytes still unread is reset, and the reset can reach the client before it has
        read the 413.  A larger body, or one still arriving after 5 s, is left unread — its sender gets the
        reset, and a slow sender cannot hold the refusal open."""
        left = 16 * self.max_body - already
        try:
            async with asyncio.timeout(5):
                while left > 0:
                    message = await receive()
                    if message["type"] != "http.request":
                        return
                    left -= len(message.get("body", b""))
                    if not message.get("more_body", False):
                        return
        except TimeoutError:
            return


class SecurityHeaders:
    """Adds the security headers to every HTTP response (a response may set its own CSP first)."""

    def __init__(self, app, csp: str):
        self.app = app
        self.headers = [
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer"),
            (b"x-frame-options", b"DENY"),
            (b"cache-control", b"no-store"),
            (b"cross-origin-opener-policy", b"same-origin"),
            (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
        ]
        self.csp = csp.encode("ascii")

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                present = {name.lower() for name, _ in headers}
                if b"content-security-policy" not in present:
                    headers.append((b"content-security-policy", self.csp))
                headers += [(n, v) for n, v in self.headers if n not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


async def _plain(send, status: int, text: str) -> None:
    body = text.encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode("ascii")), (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})
