"""Bounded caches for the web app: at most so many entries and so many bytes, least recently used first out.

The app keeps finished analyses, files as read and the downloads it made, so that a rerun of the page
(switching a tab or the language) does not compute them again.  These stores are shared by every
session of the server, so each is bounded twice: by entries and by approximate bytes.  A value larger
than the whole byte budget is not kept at all (it is computed again when asked for).

Every method is one critical section under the store's lock: sessions run in threads.
"""
from __future__ import annotations

import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable


def approx_bytes(value, _seen: set | None = None, _depth: int = 0) -> int:
    """Memory held by ``value``, roughly: containers walked, frames and arrays by their buffers.

    An estimate for a cache budget, not an exact account (shared objects are counted once,
    nesting deeper than 30 levels is not walked)."""
    seen = set() if _seen is None else _seen
    if id(value) in seen:
        return 0
    seen.add(id(value))
    if isinstance(value, (bytes, bytearray, memoryview)):
        return sys.getsizeof(value)
    if isinstance(value, str):
        return sys.getsizeof(value)
    try:
        import pandas as pd
        if isinstance(value, (pd.DataFrame, pd.Series)):
            return int(value.memory_usage(deep=True, index=True).sum() if isinstance(value, pd.DataFrame)
                       else value.memory_usage(deep=True, index=True))
        if isinstance(value, pd.Index):
            return int(value.memory_usage(deep=True))
    except ImportError:                                   # pragma: no cover - pandas is a dependency
        pass
    nbytes = getattr(value, "nbytes", None)
    if isinstance(nbytes, int) and not isinstance(value, type):
        return nbytes + 112
    size = sys.getsizeof(value, 64)
    if _depth > 30:
        return size
    if isinstance(value, dict):
        for k, v in value.items():
            size += approx_bytes(k, seen, _depth + 1) + approx_bytes(v, seen, _depth + 1)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for v in value:
            size += approx_bytes(v, seen, _depth + 1)
    elif hasattr(value, "__dict__") and not isinstance(value, type):
        size += approx_bytes(vars(value), seen, _depth + 1)
    elif hasattr(value, "__slots__") and not isinstance(value, type):
        for name in value.__slots__:
            if hasattr(value, name):
                size += approx_bytes(getattr(value, name), seen, _depth + 1)
    return size


class LRUStore:
    """A mapping bounded by ``max_entries`` and ``max_bytes`` (approximate), evicting the least recently
    used entry first.  ``get`` counts as a use."""

    def __init__(self, max_entries: int, max_bytes: int, sizeof: Callable[[object], int] = approx_bytes):
        if max_entries < 1 or max_bytes < 1:
            raise ValueError("an LRUStore needs room for at least one entry and one byte")
        self.max_entries = int(max_entries)
        self.max_bytes = int(max_bytes)
        self._sizeof = sizeof
        self._data: OrderedDict[Hashable, tuple[object, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.RLock()

    def get(self, key: Hashable, default=None):
        with self._lock:
            entry = self._data.get(key)
            if entry is None:
                return default
            self._data.move_to_end(key)
            return entry[0]

    def put(self, key: Hashable, value, nbytes: int | None = None) -> bool:
        """Keep ``value`` under ``key`` (``nbytes``: its size if known); False when it is larger than the
        whole budget and so not kept.  Older entries leave until both bounds hold."""
        size = int(self._sizeof(value) if nbytes is None else nbytes)
        with self._lock:
            old = self._data.pop(key, None)
            if old is not None:
                self._bytes -= old[1]
            if size > self.max_bytes:
                return False
            self._data[key] = (value, size)
            self._bytes += size
            while len(self._data) > self.max_entries or self._bytes > self.max_bytes:
                _, (_, gone) = self._data.popitem(last=False)
                self._bytes -= gone
            return True

    def pop(self, key: Hashable, default=None):
        with self._lock:
            entry = self._data.pop(key, None)
            if entry is None:
                return default
            self._bytes -= entry[1]
            return entry[0]

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
            self._bytes = 0

    def __contains__(self, key: Hashable) -> bool:
        with self._lock:
            return key in self._data

    def __len__(self) -> int:
        with self._lock:
            return len(self._data)

    def keys(self) -> list:
        """Keys, least recently used first."""
        with self._lock:
            return list(self._data)

    @property
    def nbytes(self) -> int:
        with self._lock:
            return self._bytes


class Failed:
    """What a cache keeps for a computation that raised, so that every caller learns why and it is not tried
    again for nothing.  (Defined here, not in app.py: Streamlit runs app.py anew on every rerun, and an
    instance of the previous run's class would not pass ``isinstance``.)"""

    __slots__ = ("err",)

    def __init__(self, err: BaseException):
        self.err = err.with_traceback(None)


class KeyedLocks:
    """One lock per key, so that two threads asking for the same thing compute it once (the second waits
    and then finds it made).  Locks of keys nobody holds are dropped."""

    def __init__(self):
        self._lock = threading.Lock()
        self._locks: dict[Hashable, list] = {}          # key → [lock, users]

    def __call__(self, key: Hashable) -> "_Held":
        return _Held(self, key)

    def _acquire(self, key):
        with self._lock:
            entry = self._locks.setdefault(key, [threading.Lock(), 0])
            entry[1] += 1
        entry[0].acquire()

    def _release(self, key):
        with self._lock:
            entry = self._locks[key]
            entry[0].release()
            entry[1] -= 1
            if not entry[1]:
                del self._locks[key]


class _Held:
    def __init__(self, owner: KeyedLocks, key):
        self._owner, self._key = owner, key

    def __enter__(self):
        self._owner._acquire(self._key)
        return self

    def __exit__(self, *exc):
        self._owner._release(self._key)
        return False
