"""The PLS path-modelling algorithm, on a stack of indicator correlation matrices.

Everything PLS estimates follows from the indicators' correlation matrix S
(Lohmöller 1989, ch. 2): with standardized indicators X and block-diagonal
outer weights W scaled so that every construct score Y = XW has unit
variance (diag W'SW = 1),

* construct correlations R = W'SW; item–construct correlations (loadings and
  cross-loadings) SW;
* inner weights E (E[i, j] = weight of Y_i in the inner proxy of Y_j) by the
  **path** scheme (predecessors: coefficients of the regression of Y_j on
  them; successors: correlations), **factorial** (correlations) or
  **centroid** (signs of the correlations) scheme, over adjacent constructs;
* outer step: cov(X, Z) = SWE; Mode A takes it as the new weights of the
  block, Mode B regresses it on the block (S_jj⁻¹ SWE), unit weights stay 1;
  then each block is rescaled to unit variance;
* stop when Σ|W_new − W_old| < tolerance (seminr's and SmartPLS's rule,
  10⁻⁷) or after ``max_iter`` iterations (300).

Consistent PLS (Dijkstra & Henseler 2015, *MIS Quarterly* 39, 297–316): for
a reflective block with weights w (unit-variance scaled),
ĉ² = w'(S_jj − diag S_jj)w / w'(ww' − diag ww')w, ρA = (w'w)² ĉ², consistent
loadings λ = ĉ w, and construct correlations R_ij / √(ρA_i ρA_j) (ρ = 1 for
composites and single items); paths and R² are the regressions on those.

Every function works on a batch: ``S`` has shape (B, p, p).  The bootstrap,
permutation tests and blindfolding pass thousands of matrices at once; a
resample that has converged is frozen while the others iterate, so its
result does not depend on the batch it was computed in.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .model import PLSModel

SCHEMES = ("path", "factorial", "centroid")
TOLERANCE = 1e-7        # SmartPLS's and seminr's stop criterion
MAX_ITER = 300


@dataclass(frozen=True)
class Layout:
    """Index arrays of a model for the matrix algebra (indicators in model order)."""

    model: PLSModel
    items: tuple[str, ...]
    constructs: tuple[str, ...]
    mask: np.ndarray            # (p, J) 1 where item i belongs to construct j
    adjacency: np.ndarray       # (J, J) 1 where a path links i and j (either way)
    predecessors: tuple[np.ndarray, ...]   # per construct: indices of its predecessors
    successors: tuple[np.ndarray, ...]
    block_index: tuple[np.ndarray, ...]    # per construct: its item indices
    modes: tuple[str, ...]
    reflective: np.ndarray      # (J,) bool: PLSc may correct this construct

    @classmethod
    def of(cls, model: PLSModel) -> "Layout":
        items = model.items
        constructs = model.constructs
        p, J = len(items), len(constructs)
        mask = np.zeros((p, J))
        blocks = []
        pos = 0
        for j, b in enumerate(model.blocks):
            idx = np.arange(pos, pos + len(b.items))
            mask[idx, j] = 1.0
            blocks.append(idx)
            pos += len(b.items)
        where = {c: j for j, c in enumerate(constructs)}
        adj = np.zeros((J, J))
        for s, t in model.paths:
            adj[where[s], where[t]] = adj[where[t], where[s]] = 1.0
        preds = tuple(np.array([where[c] for c in model.predecessors(c0)], dtype=int) for c0 in constructs)
        succs = tuple(np.array([where[c] for c in model.successors(c0)], dtype=int) for c0 in constructs)
        refl = np.array([b.reflective and b.mode == "A" and len(b.items) > 1 for b in model.blocks])
        return cls(model, items, constructs, mask, adj, preds, succs, tuple(blocks),
                   tuple(b.mode for b in model.blocks), refl)

    @property
    def endogenous(self) -> np.ndarray:
        return np.array([j for j, p in enumerate(self.predecessors) if p.size], dtype=int)


@dataclass
class Estimates:
    """What one run of the algorithm gives, for each of B correlation matrices (leading axis)."""

    weights: np.ndarray         # (B, p, J) unit-variance outer weights, 0 outside the block
    iterations: np.ndarray      # (B,)
    converged: np.ndarray       # (B,) bool
    item_construct: np.ndarray  # (B, p, J) correlations of items with construct scores (cross-loadings)
    construct_cor: np.ndarray   # (B, J, J) correlations of the construct scores
    rho_a: np.ndarray           # (B, J) Dijkstra–Henseler ρA (1 for single items)
    consistent: np.ndarray      # (J,) bool: corrected by PLSc in this run
    cor: np.ndarray             # (B, J, J) construct correlations used for the paths (PLSc-corrected or R)
    loadings: np.ndarray        # (B, p, J) outer loadings (PLSc loadings for corrected blocks), 0 outside
    paths: np.ndarray           # (B, J, J) path coefficients, row = source, column = target
    r2: np.ndarray              # (B, J) R² (NaN for exogenous constructs)

    def take(self, b: int) -> "Estimates":
        """The estimates of matrix ``b`` as a batch of one."""
        return Estimates(**{k: (v if k == "consistent" else v[b:b + 1]) for k, v in self.__dict__.items()})


def _normalize(S, W):
    # matmul then a two-operand einsum: a three-operand einsum loops naively (25× slower on a bootstrap stack)
    var = np.einsum("bpj,bpj->bj", W, S @ W)
    with np.errstate(invalid="ignore", divide="ignore"):     # a degenerate resample becomes NaN, then fails
        return W / np.sqrt(var)[:, None, :]


def inner_weights(R, layout: Layout, scheme: str) -> np.ndarray:
    """E (B, J, J): E[:, i, j] is the weight of construct i in the inner proxy of construct j."""
    if scheme == "factorial":
        return R * layout.adjacency
    if scheme == "centroid":
        return np.sign(R) * layout.adjacency
    E = np.zeros_like(R)
    for j, (pred, succ) in enumerate(zip(layout.predecessors, layout.successors)):
        if pred.size:
            E[:, pred, j] = _regression(R, pred, j)
        if succ.size:
            E[:, succ, j] = R[:, succ, j]
    return E


def _regression(R, pred: np.ndarray, j: int) -> np.ndarray:
    """Standardized coefficients of construct j on ``pred`` (B, k)."""
    Rpp = R[:, pred[:, None], pred[None, :]]
    return solve(Rpp, R[:, pred, j][..., None])[..., 0]


def solve(A: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``np.linalg.solve`` over a stack, with NaN (not an exception) for a singular or non-finite matrix: one
    degenerate resample (an item constant in it, collinear constructs) must not stop a bootstrap."""
    try:
        return np.linalg.solve(A, b)
    except np.linalg.LinAlgError:
        out = np.full(np.broadcast_shapes(A.shape[:-2], b.shape[:-2]) + b.shape[-2:], np.nan)
        for i in range(A.shape[0]):
            try:
                out[i] = np.linalg.solve(A[i], b[i])
            except np.linalg.LinAlgError:
                pass
        return out


def _inverse(A: np.ndarray) -> np.ndarray:
    eye = np.broadcast_to(np.eye(A.shape[-1]), A.shape)
    return solve(A, eye)


def _outer(S, W, layout: Layout, scheme: str, mode_b: dict) -> np.ndarray:
    SW = S @ W
    R = np.swapaxes(W, 1, 2) @ SW
    C = SW @ inner_weights(R, layout, scheme)             # cov(X_i, Z_j)
    new = C * layout.mask
    for j, mode in enumerate(layout.modes):
        idx = layout.block_index[j]
        if mode == "B" and idx.size > 1:
            # matmul, not einsum: einsum's summation order depends on the batch size, which would make a
            # resample's weights depend (in the last bit) on the batch it was computed in
            new[:, idx, j] = (mode_b[j] @ C[:, idx, j][..., None])[..., 0]
        elif mode == "unit" or idx.size == 1:
            new[:, idx, j] = 1.0
    return _normalize(S, new)


def estimate(S: np.ndarray, layout: Layout, *, scheme: str = "path", consistent=False,
             tol: float = TOLERANCE, max_iter: int = MAX_ITER, start: np.ndarray | None = None) -> Estimates:
    """Run PLS (and PLSc) on each correlation matrix of ``S`` (B, p, p).

    ``consistent``: False, True (every reflective block) or a collection of
    construct names to correct.  ``start``: weights (p, J) or (B, p, J) to
    start from (the bootstrap starts from the full-sample weights); default
    unit weights, as SmartPLS and seminr.
    """
    S = np.asarray(S, dtype=float)
    if S.ndim == 2:
        S = S[None]
    B = S.shape[0]
    mode_b = {j: _inverse(S[:, idx[:, None], idx[None, :]])
              for j, (idx, mode) in enumerate(zip(layout.block_index, layout.modes)) if mode == "B" and idx.size > 1}
    if start is None:
        W = np.broadcast_to(layout.mask, S.shape[:1] + layout.mask.shape).copy()
    else:
        W = np.broadcast_to(np.asarray(start, dtype=float) * layout.mask, S.shape[:1] + layout.mask.shape).copy()
    W = _normalize(S, W)
    active = np.isfinite(W).all(axis=(1, 2))     # a matrix with NaN (a constant item) fails at once
    failed = ~active
    iterations = np.zeros(B, dtype=int)
    for _ in range(max_iter):
        idx = np.flatnonzero(active)
        if not idx.size:
            break
        whole = idx.size == B
        Sa = S if whole else S[idx]
        Wa = W if whole else W[idx]
        mb = mode_b if whole else {j: m[idx] for j, m in mode_b.items()}
        new = _outer(Sa, Wa, layout, scheme, mb)
        delta = np.abs(new - Wa).sum(axis=(1, 2))
        W[idx] = new
        iterations[idx] += 1
        broken = ~np.isfinite(delta)
        failed[idx[broken]] = True
        active[idx[(delta < tol) | broken]] = False
    return finish(S, W, layout, consistent, iterations, ~active & ~failed)


def corrected(layout: Layout, consistent) -> np.ndarray:
    """Which constructs PLSc corrects: reflective (Mode A, 2+ items) ones, all or those named."""
    if consistent is True:
        return layout.reflective.copy()
    if not consistent:
        return np.zeros(len(layout.constructs), dtype=bool)
    names = set(consistent)
    return layout.reflective & np.array([c in names for c in layout.constructs])


def finish(S, W, layout: Layout, consistent, iterations, converged) -> Estimates:
    """Everything that follows from converged weights: loadings, ρA, PLSc, paths, R²."""
    SW = S @ W
    R = np.einsum("bpj,bpk->bjk", W, SW)
    np.einsum("bjj->bj", R)[:] = 1.0
    # ρA (Dijkstra & Henseler 2015, eq. 20) with unit-variance weights: w'(S−diag S)w = 1 − Σw²·s_ii
    diag = np.einsum("bpp->bp", S)
    wtw = (W ** 2).sum(axis=1)
    num = 1.0 - np.einsum("bp,bpj->bj", diag, W ** 2)
    den = wtw ** 2 - (W ** 4).sum(axis=1)
    single = np.array([idx.size == 1 for idx in layout.block_index])
    with np.errstate(invalid="ignore", divide="ignore"):
        c2 = np.where(single, 1.0, num / np.where(single, 1.0, den))
    rho_a = np.where(single, 1.0, wtw ** 2 * c2)
    fix = corrected(layout, consistent)
    q = np.where(fix, np.sqrt(np.where(fix, rho_a, 1.0)), 1.0)
    cor = R / (q[:, :, None] * q[:, None, :])
    np.einsum("bjj->bj", cor)[:] = 1.0
    loadings = SW * layout.mask
    if fix.any():
        c = np.sqrt(np.where(fix, c2, 1.0))
        loadings = np.where(fix[None, None, :], W * c[:, None, :], loadings)
    paths, r2 = structural(cor, layout)
    return Estimates(W, iterations, converged, SW, R, rho_a, fix, cor, loadings, paths, r2)


def structural(cor, layout: Layout) -> tuple[np.ndarray, np.ndarray]:
    """Path coefficients (B, J, J) and R² (B, J) by OLS on the construct correlations."""
    B, J = cor.shape[0], cor.shape[1]
    paths = np.zeros((B, J, J))
    r2 = np.full((B, J), np.nan)
    for j, pred in enumerate(layout.predecessors):
        if pred.size:
            beta = _regression(cor, pred, j)
            paths[:, pred, j] = beta
            r2[:, j] = (beta * cor[:, pred, j]).sum(axis=1)     # not einsum: see _outer
    return paths, r2


def total_effects(paths: np.ndarray) -> np.ndarray:
    """Total effects (B, J, J), row = source, column = target: (I − P)⁻¹ − I of the path matrix."""
    J = paths.shape[-1]
    eye = np.eye(J)
    return np.linalg.inv(eye - paths) - eye
