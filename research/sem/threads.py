"""One BLAS thread for the small matrices of a model fit.

For matrices of a few hundred rows, multi-threaded BLAS is slower than one
thread, and on a busy machine (other processes, or numpy's and scipy's two
OpenBLAS pools spinning against each other) by orders of magnitude: a
310 × 310 Cholesky factor took 0.2 s instead of 0.5 ms.  Fits run with one
thread; the large products of modification indices and residuals (thousands
of rows) keep every thread.

threadpoolctl's limit holds for the whole process, not one thread, so the
limit is reference-counted: the first fit to start sets it (scanning the
loaded libraries afresh) and the last to end restores the original limits,
whatever the order in which threads finish.
"""
from __future__ import annotations

import functools
import threading
from contextlib import contextmanager

from threadpoolctl import ThreadpoolController

_CONTROLLER: ThreadpoolController | None = None
_LOCK = threading.Lock()
_DEPTH = 0
_LIMITER = None


@contextmanager
def one_thread():
    """Context limiting BLAS/OpenMP to one thread while any such context is open in the process."""
    global _CONTROLLER, _DEPTH, _LIMITER
    with _LOCK:
        if _DEPTH == 0:
            # a fresh scan (about 3 ms) each time: a BLAS library loaded since the last one is limited too
            _CONTROLLER = ThreadpoolController()
            _LIMITER = _CONTROLLER.limit(limits=1)
        _DEPTH += 1
    try:
        yield
    finally:
        with _LOCK:
            _DEPTH -= 1
            if _DEPTH == 0 and _LIMITER is not None:
                _LIMITER.restore_original_limits()
                _LIMITER = None


def single_threaded(function):
    """Decorator: run ``function`` under :func:`one_thread`."""
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with one_thread():
            return function(*args, **kwargs)
    return wrapper
