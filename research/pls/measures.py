"""Statistics of a PLS model that the bootstrap also needs, on batches (leading axis B).

* HTMT (Henseler, Ringle & Sarstedt 2015, *JAMS* 43, 115–135): the mean
  heterotrait–heteromethod correlation over the geometric mean of the two
  mean monotrait–heteromethod correlations; with ``absolute=True`` (seminr,
  SmartPLS 4) the item correlations are taken in absolute value.
* HTMT2 (Roemer, Schuberth & Henseler 2021, *IMDS* 121, 2637–2650): the same
  with geometric instead of arithmetic means (absolute correlations).
* f² (Cohen 1988): (R²_included − R²_excluded) / (1 − R²_included) for every path.
* Indirect effects: every specific indirect effect (product of the path
  coefficients along one chain of two or more paths), and the total indirect
  effect (total − direct) for every ordered pair.

Single-item constructs have no monotrait correlations: their HTMT is NaN.
"""
from __future__ import annotations

from itertools import combinations

import numpy as np

from .engine import Layout, _regression


def htmt(S: np.ndarray, layout: Layout, *, absolute: bool = True, geometric: bool = False) -> np.ndarray:
    """HTMT (or HTMT2 with ``geometric=True``) for every pair of constructs (B, J, J), symmetric, NaN diagonal."""
    S = np.asarray(S, dtype=float)
    if S.ndim == 2:
        S = S[None]
    A = np.abs(S) if (absolute or geometric) else S
    J = len(layout.constructs)
    B = S.shape[0]
    mono = np.full((B, J), np.nan)
    for j, idx in enumerate(layout.block_index):
        if idx.size > 1:
            iu = np.triu_indices(idx.size, 1)
            vals = A[:, idx[:, None], idx[None, :]][:, iu[0], iu[1]]
            mono[:, j] = np.exp(np.log(vals).mean(axis=1)) if geometric else vals.mean(axis=1)
    out = np.full((B, J, J), np.nan)
    for i, j in combinations(range(J), 2):
        a, b = layout.block_index[i], layout.block_index[j]
        hetero = A[:, a[:, None], b[None, :]].reshape(B, -1)
        h = np.exp(np.log(hetero).mean(axis=1)) if geometric else hetero.mean(axis=1)
        with np.errstate(invalid="ignore"):
            out[:, i, j] = out[:, j, i] = h / np.sqrt(mono[:, i] * mono[:, j])
    return out


def f_squared(cor: np.ndarray, layout: Layout) -> np.ndarray:
    """Cohen's f² of every path (B, J, J), row = source, column = target; NaN where there is no path."""
    cor = np.asarray(cor, dtype=float)
    B, J = cor.shape[0], cor.shape[1]
    out = np.full((B, J, J), np.nan)
    for j, pred in enumerate(layout.predecessors):
        if not pred.size:
            continue
        beta = _regression(cor, pred, j)
        r2 = (beta * cor[:, pred, j]).sum(axis=1)   # not einsum: its result may depend on the batch size
        for k, i in enumerate(pred):
            rest = np.delete(pred, k)
            if rest.size:
                b2 = _regression(cor, rest, j)
                r2_without = (b2 * cor[:, rest, j]).sum(axis=1)
            else:
                r2_without = np.zeros(B)
            out[:, i, j] = (r2 - r2_without) / (1.0 - r2)
    return out


def adjusted_r2(r2: np.ndarray, n: int, k: np.ndarray) -> np.ndarray:
    """Adjusted R² = 1 − (1 − R²)(n − 1)/(n − k − 1) with k predictors."""
    return 1.0 - (1.0 - r2) * (n - 1) / (n - k - 1)


def chains(layout: Layout) -> list[tuple[int, ...]]:
    """Every directed chain of two or more paths (construct indices, source first)."""
    succ = layout.successors
    out: list[tuple[int, ...]] = []

    def walk(trail):
        for nxt in succ[trail[-1]]:
            t = trail + (int(nxt),)
            if len(t) >= 3:
                out.append(t)
            walk(t)

    for j in range(len(layout.constructs)):
        walk((j,))
    return out


def specific_indirect(paths: np.ndarray, layout: Layout) -> tuple[list[tuple[int, ...]], np.ndarray]:
    """The chains and their specific indirect effects (B, number of chains)."""
    found = chains(layout)
    paths = np.asarray(paths, dtype=float)
    vals = np.empty((paths.shape[0], len(found)))
    for k, c in enumerate(found):
        v = np.ones(paths.shape[0])
        for s, t in zip(c[:-1], c[1:]):
            v = v * paths[:, s, t]
        vals[:, k] = v
    return found, vals
