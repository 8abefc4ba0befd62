"""One BLAS thread for the small matrices of a model fit.

For matrices of a few hundred rows, multi-threaded BLAS is slower than one
thread, and on a busy machine (other processes, or numpy's and scipy's two
OpenBLAS pools spinning against each other) by orders of magnitude: a
310 × 310 Cholesky factor took 0.2 s instead of 0.5 ms.  Fits run with one
thread; the large products of modification indices and residuals (thousands
of rows) keep every thread.
"""
from __future__ import annotations

import functools

from threadpoolctl import ThreadpoolController

_CONTROLLER: ThreadpoolController | None = None


def one_thread():
    """Context limiting BLAS/OpenMP to one thread (the library scan is done once per process)."""
    global _CONTROLLER
    if _CONTROLLER is None:
        _CONTROLLER = ThreadpoolController()
    return _CONTROLLER.limit(limits=1)


def single_threaded(function):
    """Decorator: run ``function`` under :func:`one_thread`."""
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with one_thread():
            return function(*args, **kwargs)
    return wrapper
