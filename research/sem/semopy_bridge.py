"""semopy as the first stage of a fit: it builds the model and finds the neighbourhood
of the ML solution; :mod:`research.sem.ram` then converges tightly from there.

Only syntax written by :func:`research.sem.partable.semopy_syntax` (names,
plain decimals, ``=~ ~ ~~ + *``) reaches semopy, never the user's text.
semopy 2.3.11's BFGS with its default tolerance stops ~1e-5 from lavaan
(its default SLSQP ~1e-2), which is why its solution is only a start.
"""
from __future__ import annotations

import logging
import warnings

import numpy as np
import pandas as pd

from .partable import ParTable, semopy_syntax


def semopy_start(pt: ParTable, data: pd.DataFrame) -> tuple[np.ndarray | None, str]:
    """θ from semopy's ML (``obj="MLW"``, ``solver="BFGS"``) fit, or (None, reason)."""
    no_marker = [f for f in pt.lv_names if all(r.free for r in pt.rows if r.op == "=~" and r.lhs == f)]
    if no_marker:
        # semopy 2.3.11's fit did not return within minutes for 'F =~ NA*c1 + c2 + c3 + c4; F ~~ 1*F'
        return None, "semopy skipped: a factor without a fixed loading"
    try:
        import semopy
    except ImportError:  # pragma: no cover - semopy is a declared dependency
        return None, "semopy not installed"
    desc = semopy_syntax(pt)
    previous = logging.root.manager.disable
    logging.disable(logging.WARNING)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with np.errstate(all="ignore"):
                model = semopy.Model(desc)
                model.fit(data[list(pt.ov_names)], obj="MLW", solver="BFGS")
                model.update_matrices(model.param_vals)
    except Exception as exc:  # semopy raises many kinds; the fit falls back to our own starts
        return None, f"semopy failed: {type(exc).__name__}"
    finally:
        logging.disable(previous)
    try:
        theta = _read_estimates(model, pt)
    except (KeyError, ValueError, IndexError) as exc:
        return None, f"semopy estimates not mapped: {type(exc).__name__}"
    if theta is None or not np.all(np.isfinite(theta)):
        return None, "semopy gave non-finite estimates"
    return theta, "semopy"


def _read_estimates(model, pt: ParTable) -> np.ndarray | None:
    """Map semopy's matrices (beta, lambda, psi, theta) back to our free parameters."""
    outputs = set(model.vars["_output"])
    beta, lam = model.mx_beta, model.mx_lambda
    psi, th = model.mx_psi, model.mx_theta
    b_names = model.names_beta[0]
    l_rows, l_cols = model.names_lambda
    psi_names = model.names_psi[0]
    th_names = model.names_theta[0]
    theta = np.full(pt.npar, np.nan)
    for r in pt.rows:
        if r.op == "~1":        # intercepts: semopy is given the covariance structure only
            continue
        if not r.free or np.isfinite(theta[r.free - 1]):
            continue
        if r.op in ("=~", "~"):
            child, parent = (r.rhs, r.lhs) if r.op == "=~" else (r.lhs, r.rhs)
            if child in outputs:
                v = lam[l_rows.index(child), l_cols.index(parent)]
            else:
                v = beta[b_names.index(child), b_names.index(parent)]
        else:
            if r.lhs in psi_names and r.rhs in psi_names:
                v = psi[psi_names.index(r.lhs), psi_names.index(r.rhs)]
            else:
                v = th[th_names.index(r.lhs), th_names.index(r.rhs)]
        theta[r.free - 1] = v
    return theta
