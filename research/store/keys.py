"""Owner keys: random, shown once, stored only as a salted scrypt hash (RFC 7914; N=2¹⁴, r=8, p=1 as
OWASP's password-storage cheat sheet lists), compared in constant time."""
from __future__ import annotations

import hashlib
import hmac
import secrets

_N, _R, _P = 2 ** 14, 8, 1


def random_text(nbytes: int) -> str:
    """``secrets.token_urlsafe(nbytes)`` that starts with a letter or a digit.

    A leading "-" makes ``--key -x…`` read as a second option on a command line and gets a "'" in front in a
    spreadsheet-safe export, so the cell is no longer the token; draws that start with "-" (or with "_", the
    other sign of the alphabet) are drawn again, which costs log2(64/62) ≈ 0.05 bits of the first character."""
    while True:
        text = secrets.token_urlsafe(nbytes)
        if text[0].isalnum():
            return text


def new_key() -> str:
    return random_text(24)


def new_salt() -> str:
    return secrets.token_hex(16)


def hash_key(key: str, salt: str) -> str:
    digest = hashlib.scrypt(key.encode("utf-8"), salt=bytes.fromhex(salt), n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${_N}${_R}${_P}${digest.hex()}"


def key_matches(key: str, salt: str, stored: str) -> bool:
    try:
        _, n, r, p, digest = stored.split("$")
        mine = hashlib.scrypt(key.encode("utf-8"), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p),
                              dklen=len(digest) // 2)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(mine.hex(), digest)


def key_tag(key: str) -> str:
    """4 hex digits of SHA-256(key): narrows the studies to check a key against.  Keys are random with at least
    192 bits (:func:`research.store.store.owner_key` refuses other shapes), so 16 bits of their hash do not help
    anyone guess one."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:4]


def fingerprint(key: str) -> str:
    """Who did it, in the history of exclusions and corrections: 8 hex digits of SHA-256(key)."""
    return "key:" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:8]
