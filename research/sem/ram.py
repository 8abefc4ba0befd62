"""Pure-numpy maximum-likelihood engine in RAM form.

The model-implied covariance matrix of the observed variables is written in
McArdle & McDonald's (1984) reticular action model::

    v = A v + u,   cov(u) = P,   Σ(θ) = F (I − A)⁻¹ P (I − A)⁻ᵀ Fᵀ

with all variables (observed first, then latent) in ``v``; ``A[i, j]`` holds
the arrow j → i (loadings and regressions), ``P`` the (residual) variances
and covariances, and ``F`` selects the observed rows.  Any lavaan model in
our accepted syntax (second-order factors, observed covariates, non-recursive
paths) fits this one form.

The ML discrepancy (Jöreskog 1969; Bollen 1989, eq. 4.67) is::

    F_ML(θ) = log|Σ| + tr(S Σ⁻¹) − log|S| − p

with S the covariance matrix computed with divisor N (lavaan's
``likelihood = "normal"``).  Its gradient is ``∂F/∂θ_k = tr(W ∂Σ/∂θ_k)`` with
``W = Σ⁻¹ − Σ⁻¹ S Σ⁻¹``; the expected Fisher information per observation is
``½ tr(Σ⁻¹ ∂Σ/∂θ_k Σ⁻¹ ∂Σ/∂θ_l)``, which in vech form is lavaan's
``Δᵀ · ½ Dᵀ(Σ⁻¹⊗Σ⁻¹)D · Δ`` (D the duplication matrix).  Derivatives are
analytic: with ``C = (I − A)⁻¹``,

    ∂Σ/∂A_ij = (FC)_{·i} (C P Cᵀ Fᵀ)_{j·} + transpose,
    ∂Σ/∂P_ij = (FC)_{·i} (FC)_{·j}ᵀ + transpose (once on the diagonal).

The optimiser is Newton–Raphson with the exact analytic Hessian of F_ML
(falling back to Fisher scoring, i.e. the expected information, where the
Hessian is not positive definite) and a backtracking line search: from a
warm start (semopy's solution, or the full-sample estimate in a bootstrap)
it converges quadratically, in a handful of iterations, to a gradient of
~1e-12.  This is why the numeric
fit is ours rather than semopy's: semopy describes and starts the model,
while this module refits a covariance matrix from ``(S, N, θ₀)`` without
rebuilding anything — what a 5000-draw bootstrap needs.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy import linalg, optimize, sparse

from .partable import ParTable


@dataclass(frozen=True)
class MLFit:
    """Outcome of one ML optimisation."""

    theta: np.ndarray
    fmin: float             # F_ML at theta (chisq = N * fmin)
    gradient_max: float     # max |∂F/∂θ| at theta
    iterations: int
    converged: bool
    message: str = ""


@lru_cache(maxsize=64)
def vech_indices(p: int) -> tuple[np.ndarray, np.ndarray]:
    """(row, col) of vech order as lavaan's ``lav_matrix_vech``: the lower triangle column by column
    (cached: treat the arrays as read-only)."""
    c, r = np.triu_indices(p)
    r.flags.writeable = False
    c.flags.writeable = False
    return r, c


def descent_direction(g: np.ndarray, hessians) -> tuple[np.ndarray, float]:
    """(step, slope gᵀstep) of a damped Newton iteration: −H⁻¹g from the first of ``hessians`` (callables, each
    giving a matrix, tried in order and only as needed) that is positive definite, else steepest descent −g;
    the slope is always negative (the step is a descent direction)."""
    step = None
    for make in hessians:
        try:
            H = make()
            step = -linalg.cho_solve(linalg.cho_factor((H + H.T) / 2), g)
            if np.all(np.isfinite(step)):
                break
        except (linalg.LinAlgError, ValueError):
            pass
        step = None
    if step is None:
        step = -g
    slope = float(g @ step)
    if not slope < 0:
        step, slope = -g, -float(g @ g)
    return step, slope


NEWTON_WORK = 3e10     # q²p² per Newton step: 500 steps up to q = 100 at p = 35 (see RamModel.iteration_budget)
BFGS_WORK = 5e9        # qp² + p³ per BFGS step


class RamModel:
    """The compiled structure of a parameter table: where each free parameter sits in A and P."""

    def __init__(self, pt: ParTable):
        self.partable = pt
        self.ov_names = pt.ov_names
        self.lv_names = pt.lv_names
        self.names = pt.ov_names + pt.lv_names
        self.p = len(pt.ov_names)
        self.n_vars = len(self.names)
        self.q = pt.npar
        idx = {v: i for i, v in enumerate(self.names)}
        self.index = idx
        n = self.n_vars
        self.A0 = np.zeros((n, n))
        self.P0 = np.zeros((n, n))
        a_pos: list[tuple[int, int, int]] = []
        p_pos: list[tuple[int, int, int]] = []
        m_pos: list[tuple[int, int]] = []
        exo: list[tuple[int, int]] = []
        exo_mean: list[int] = []
        self.M0 = np.zeros(n)
        for r in pt.rows:
            if r.op == "~1":
                i = idx[r.lhs]
                if r.exo:
                    exo_mean.append(i)
                elif r.free:
                    m_pos.append((i, r.free - 1))
                else:
                    self.M0[i] = r.value
            elif r.op in ("=~", "~"):
                child, parent = (r.rhs, r.lhs) if r.op == "=~" else (r.lhs, r.rhs)
                i, j = idx[child], idx[parent]
                if r.free:
                    a_pos.append((i, j, r.free - 1))
                else:
                    self.A0[i, j] = r.value
            elif r.op == "~~":
                i, j = idx[r.lhs], idx[r.rhs]
                if r.exo:
                    exo.append((i, j))
                elif r.free:
                    p_pos.append((i, j, r.free - 1))
                    if i != j:
                        p_pos.append((j, i, r.free - 1))
                else:
                    self.P0[i, j] = self.P0[j, i] = r.value
        self.a_rows, self.a_cols, self.a_par = (np.array(x, dtype=int) for x in zip(*a_pos)) if a_pos \
            else (np.zeros(0, int),) * 3
        self.p_rows, self.p_cols, self.p_par = (np.array(x, dtype=int) for x in zip(*p_pos)) if p_pos \
            else (np.zeros(0, int),) * 3
        # incidence (parameter × position) matrices: D = Mᵀ · per-position derivatives
        self.Ma = np.zeros((self.q, len(self.a_par)))
        self.Ma[self.a_par, np.arange(len(self.a_par))] = 1.0
        self.Mp = np.zeros((self.q, len(self.p_par)))
        self.Mp[self.p_par, np.arange(len(self.p_par))] = 1.0
        # the same as sparse matrices for ∂Σ/∂θ: a dense 0/1 product costs q·t·p² (minutes for the thousands of
        # candidate parameters of modification indices), the sparse one t·p²
        self._Ma_sparse = sparse.csr_matrix(self.Ma)
        self._Mp_sparse = sparse.csr_matrix(self.Mp)
        self.exo_rows = np.array([e[0] for e in exo], dtype=int)
        self.exo_cols = np.array([e[1] for e in exo], dtype=int)
        self.meanstructure = bool(getattr(pt, "meanstructure", False))
        self.m_rows = np.array([m[0] for m in m_pos], dtype=int)
        self.m_par = np.array([m[1] for m in m_pos], dtype=int)
        self.exo_mean = np.array(exo_mean, dtype=int)
        self._eye = np.eye(n)

    # -- Σ(θ) -------------------------------------------------------------------
    def matrices(self, theta: np.ndarray, S: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """A and P at ``theta``; fixed.x entries of P are copied from S."""
        A = self.A0.copy()
        P = self.P0.copy()
        theta = np.asarray(theta, dtype=float)
        A[self.a_rows, self.a_cols] = theta[self.a_par]
        P[self.p_rows, self.p_cols] = theta[self.p_par]
        if len(self.exo_rows):
            if S is None:
                raise ValueError("S is needed for the fixed.x covariates")
            P[self.exo_rows, self.exo_cols] = S[self.exo_rows, self.exo_cols]
            P[self.exo_cols, self.exo_rows] = S[self.exo_rows, self.exo_cols]
        return A, P

    # -- μ(θ) (mean structure) ------------------------------------------------------
    def mean_vector(self, theta: np.ndarray, M: np.ndarray | None = None) -> np.ndarray:
        """Intercepts / means of all variables (RAM ``m``); fixed.x means are copied from M."""
        m = self.M0.copy()
        theta = np.asarray(theta, dtype=float)
        m[self.m_rows] = theta[self.m_par]
        if len(self.exo_mean):
            if M is None:
                raise ValueError("M is needed for the fixed.x covariate means")
            m[self.exo_mean] = np.asarray(M, dtype=float)[self.exo_mean]
        return m

    def total_mean(self, theta: np.ndarray, S: np.ndarray | None = None, M: np.ndarray | None = None) -> np.ndarray:
        """Model-implied means of all variables, (I−A)⁻¹ m."""
        A, _ = self.matrices(theta, S)
        return np.linalg.solve(self._eye - A, self.mean_vector(theta, M))

    def implied_mean(self, theta: np.ndarray, S: np.ndarray | None = None, M: np.ndarray | None = None) -> np.ndarray:
        """μ(θ) = F (I−A)⁻¹ m for the observed variables (zeros without a mean structure)."""
        if not self.meanstructure:
            return np.zeros(self.p)
        return self.total_mean(theta, S, M)[: self.p]

    def moments_jacobian(self, theta: np.ndarray, S: np.ndarray | None = None, M: np.ndarray | None = None,
                         meanstructure: bool | None = None) -> np.ndarray:
        """Δ = ∂(μ, vech Σ)/∂θᵀ, lavaan's ``computeDelta`` layout: rows μ (if a mean structure)
        then vech(Σ) column by column of the lower triangle; one column per free parameter.

        ∂μ/∂m_i = (FC)_{·i};  ∂μ/∂A_ij = (FC)_{·i} (C m)_j.
        """
        meanstructure = self.meanstructure if meanstructure is None else meanstructure
        _, P, C, FC, _ = self._parts(theta, S)
        dvech = self._dvech(P, C, FC).T                                # p* × q
        return np.vstack([self.mean_jacobian(theta, S, M), dvech]) if meanstructure else dvech

    def mean_jacobian(self, theta: np.ndarray, S: np.ndarray | None = None, M: np.ndarray | None = None
                      ) -> np.ndarray:
        """∂μ/∂θᵀ (p × q): ∂μ/∂m_i = (FC)_{·i};  ∂μ/∂A_ij = (FC)_{·i} (C m)_j."""
        _, _, C, FC, _ = self._parts(theta, S)
        dmu = np.zeros((self.p, self.q))
        if len(self.m_par):
            np.add.at(dmu.T, self.m_par, FC[:, self.m_rows].T)
        if len(self.a_par):
            cm = C @ self.mean_vector(theta, M)
            np.add.at(dmu.T, self.a_par, (FC[:, self.a_rows] * cm[self.a_cols]).T)
        return dmu

    def moments_derivatives(self, theta: np.ndarray, S: np.ndarray | None = None, M: np.ndarray | None = None,
                            means: bool = True) -> tuple[np.ndarray | None, np.ndarray]:
        """(∂μ/∂θᵀ as p × q, or None without ``means``; ∂Σ/∂θ_k as a q × p × p array): the
        derivatives :meth:`moments_jacobian` stacks, with Σ's as whole matrices."""
        _, P, C, FC, _ = self._parts(theta, S)
        D = self._dsigma(P, C, FC)
        return (self.mean_jacobian(theta, S, M) if means else None), D

    def total_cov(self, theta: np.ndarray, S: np.ndarray | None = None) -> np.ndarray:
        """Model-implied covariance of all variables (observed and latent), (I−A)⁻¹ P (I−A)⁻ᵀ."""
        _, P, C, _, _ = self._parts(theta, S)
        return C @ P @ C.T

    def implied_cov(self, theta: np.ndarray, S: np.ndarray | None = None) -> np.ndarray:
        """Σ(θ) for the observed variables, in ``ov_names`` order."""
        return self.total_cov(theta, S)[: self.p, : self.p]

    def _parts(self, theta, S):
        """(A, P, C = (I − A)⁻¹, FC, Σ) at θ; the last call's are reused for the same θ (and, with
        fixed.x covariates, the same S) — an optimiser asks for F and then the gradient at one point."""
        theta = np.asarray(theta, dtype=float)
        key = theta.tobytes() + (np.asarray(S, dtype=float).tobytes() if len(self.exo_rows) else b"")
        cached = getattr(self, "_last_parts", None)
        if cached is not None and cached[0] == key:
            return cached[1]
        A, P = self.matrices(theta, S)
        C = np.linalg.inv(self._eye - A)
        FC = C[: self.p]
        Sigma = FC @ P @ FC.T
        parts = (A, P, C, FC, (Sigma + Sigma.T) / 2)
        for m in parts:
            m.flags.writeable = False
        self._last_parts = (key, parts)
        return parts

    def dsigma(self, theta: np.ndarray, S: np.ndarray | None = None) -> np.ndarray:
        """∂Σ/∂θ_k as a (q, p, p) array (analytic, see module docstring)."""
        _, P, C, FC, _ = self._parts(theta, S)
        return self._dsigma(P, C, FC)

    def _dsigma(self, P, C, FC, chunk: int = 512):
        """∂Σ/∂θ as (q, p, p); the per-position outer products are formed ``chunk`` positions at a time."""
        p, q = self.p, self.q
        D = np.zeros((q, p * p))
        if len(self.a_par):
            G = C @ P @ FC.T                                   # n × p
            U = FC[:, self.a_rows].T                           # t × p
            V = G[self.a_cols, :]                              # t × p
            X = np.zeros((q, p * p))
            for s in range(0, len(U), chunk):
                X += self._Ma_sparse[:, s:s + chunk] @ (U[s:s + chunk, :, None] * V[s:s + chunk, None, :]).reshape(-1, p * p)
            X = X.reshape(q, p, p)
            D += (X + X.transpose(0, 2, 1)).reshape(q, p * p)
        if len(self.p_par):
            U = FC[:, self.p_rows].T
            V = FC[:, self.p_cols].T
            for s in range(0, len(U), chunk):
                D += self._Mp_sparse[:, s:s + chunk] @ (U[s:s + chunk, :, None] * V[s:s + chunk, None, :]).reshape(-1, p * p)
        return D.reshape(q, p, p)

    def _dvech(self, P, C, FC, chunk: int = 512):
        """∂vech(Σ)/∂θ as (q, p*) without the (q, p, p) array: the vech entries (r, c) of each position's outer
        product (plus its transpose for A), ``chunk`` positions at a time — what Δ needs, in half the memory and
        with no p × p temporaries (the modification indices' extended model has thousands of positions)."""
        p, q = self.p, self.q
        r, c = vech_indices(p)
        D = np.zeros((q, len(r)))
        if len(self.a_par):
            G = C @ P @ FC.T
            U = FC[:, self.a_rows].T
            V = G[self.a_cols, :]
            for s in range(0, len(U), chunk):
                u, v = U[s:s + chunk], V[s:s + chunk]
                D += self._Ma_sparse[:, s:s + chunk] @ (u[:, r] * v[:, c] + u[:, c] * v[:, r])
        if len(self.p_par):
            U = FC[:, self.p_rows].T
            V = FC[:, self.p_cols].T
            for s in range(0, len(U), chunk):
                D += self._Mp_sparse[:, s:s + chunk] @ (U[s:s + chunk][:, r] * V[s:s + chunk][:, c])
        return D

    # -- the ML discrepancy ------------------------------------------------------
    @staticmethod
    def discrepancy(Sigma: np.ndarray, S: np.ndarray, logdet_S: float | None = None) -> float:
        """F_ML(Σ, S); +inf when Σ is not positive definite."""
        try:
            L = np.linalg.cholesky(Sigma)
        except np.linalg.LinAlgError:
            return np.inf
        if logdet_S is None:
            logdet_S = np.linalg.slogdet(S)[1]
        logdet = 2.0 * np.sum(np.log(np.diag(L)))
        # tr(SΣ⁻¹) = Σ_ij (L⁻¹S)_ij (L⁻¹)_ij; numpy only: mixing numpy's and scipy's BLAS
        # thread pools in a tight loop can cost milliseconds per call on small machines
        Linv = np.linalg.inv(L)
        tr = float(np.sum((Linv @ S) * Linv))
        return float(logdet + tr - logdet_S - S.shape[0])

    def objective(self, theta: np.ndarray, S: np.ndarray, logdet_S: float | None = None) -> float:
        try:
            Sigma = self._parts(theta, S)[4]
        except np.linalg.LinAlgError:
            return np.inf
        if not np.all(np.isfinite(Sigma)):
            return np.inf
        return self.discrepancy(Sigma, S, logdet_S)

    def gradient_information(self, theta: np.ndarray, S: np.ndarray):
        """(∂F/∂θ, expected information H with H_kl = tr(Σ⁻¹Σ_kΣ⁻¹Σ_l), Σ)."""
        _, P, C, FC, Sigma = self._parts(theta, S)
        D = self._dsigma(P, C, FC)
        Si = np.linalg.inv(Sigma)
        Si = (Si + Si.T) / 2
        W = Si - Si @ S @ Si
        Df = D.reshape(self.q, -1)
        g = Df @ W.ravel()
        H = (Si @ D @ Si).reshape(self.q, -1) @ Df.T
        return g, (H + H.T) / 2, Sigma

    def _term_incidence(self):
        """Rank-one terms x yᵀ of ∂Σ/∂θ: an A position (i, j) gives u_i h_jᵀ and h_j u_iᵀ, a P position
        (r, c) gives u_r u_cᵀ (its mirror position gives the transpose); ``(kind, index, param)`` arrays."""
        if not hasattr(self, "_terms"):
            ta, tp = len(self.a_par), len(self.p_par)
            par = np.concatenate([self.a_par, self.a_par, self.p_par]).astype(int)
            M = np.zeros((2 * ta + tp, self.q))
            M[np.arange(2 * ta + tp), par] = 1.0
            self._terms = M
        return self._terms

    def _term_vectors(self, C, P):
        """X, Y (p × terms) with ∂Σ/∂θ_k = Σ_{terms of k} x yᵀ."""
        U = C[: self.p]                           # F C
        H = (C @ P @ U.T).T                       # p × n: column j is (C P Cᵀ Fᵀ)_{j·}
        ui, hj = U[:, self.a_rows], H[:, self.a_cols]
        X = np.hstack([ui, hj, U[:, self.p_rows]])
        Y = np.hstack([hj, ui, U[:, self.p_cols]])
        return X, Y

    def hessian(self, theta: np.ndarray, S: np.ndarray, info: bool = True):
        """(gradient, exact Hessian of F_ML, expected information H) at theta (H is None with
        ``info=False``).

        Computed from the rank-one terms of ∂Σ/∂θ (no q × p × p array): with ∂Σ_k = Σ x yᵀ,
        tr(M₁ x₁y₁ᵀ M₂ x₂y₂ᵀ) = (y₁ᵀM₂x₂)(y₂ᵀM₁x₁), so every trace below is an entry of
        (YᵀM₂X) ∘ (YᵀM₁X)ᵀ summed over the terms of each parameter — O(terms² + p²·terms)
        instead of O(q·p³).  :meth:`hessian_reference` is the direct formula, kept for the tests.
        """
        _, P, C, FC, Sigma = self._parts(theta, S)
        Si = np.linalg.inv(Sigma)
        Si = (Si + Si.T) / 2
        W = Si - Si @ S @ Si
        X, Y = self._term_vectors(C, P)
        Mt = self._term_incidence()
        SiX, WX = Si @ X, W @ X
        YSiX = Y.T @ SiX
        g = Mt.T @ np.einsum("ij,ij->j", Y, WX)                     # Σ yᵀ W x per parameter
        T12 = (Y.T @ (Si - 2 * W) @ X) * YSiX.T                      # H1 − 2 H2 per pair of terms
        H12 = Mt.T @ T12 @ Mt
        hess = H12 + self._hessian_second(C, P, FC, W)
        H1 = None
        if info:
            H1 = Mt.T @ (YSiX * YSiX.T) @ Mt
            H1 = (H1 + H1.T) / 2
        return g, (hess + hess.T) / 2, H1

    def _hessian_second(self, C, P, FC, W):
        """tr(W ∂²Σ/∂θ_k∂θ_l): the part of the Hessian from the second derivatives of Σ (A–A and A–P)."""
        K = FC.T @ W @ FC
        T = C @ P @ C.T
        R = T[:, : self.p] @ W @ FC
        I, J = self.a_rows, self.a_cols
        Pa, Pb = self.p_rows, self.p_cols
        ta, tp = len(I), len(Pa)
        Hpos = np.zeros((ta + tp, ta + tp))
        if ta:
            CJI = C[np.ix_(J, I)]
            RJI = R[np.ix_(J, I)]
            Hpos[:ta, :ta] = 2 * (CJI.T * RJI + CJI * RJI.T + T[np.ix_(J, J)] * K[np.ix_(I, I)])
            if tp:
                AP = 2 * C[np.ix_(J, Pa)] * K[np.ix_(I, Pb)]
                Hpos[:ta, ta:] = AP
                Hpos[ta:, :ta] = AP.T
        M = np.zeros((ta + tp, self.q))
        M[np.arange(ta), self.a_par] = 1.0
        M[ta + np.arange(tp), self.p_par] = 1.0
        return M.T @ Hpos @ M

    def hessian_reference(self, theta: np.ndarray, S: np.ndarray, info: bool = True):
        """(gradient, exact Hessian of F_ML, expected information H) at theta (H is None with
        ``info=False``, which saves one of the two q × p² products).

        ∂²F/∂θ_k∂θ_l = tr(Σ⁻¹Σ_kΣ⁻¹Σ_l) − 2 tr(Σ⁻¹Σ_k W Σ_l) + tr(W Σ_kl), where the
        second derivatives of Σ in RAM form give, with C = (I−A)⁻¹, T = C P Cᵀ,
        K = (FC)ᵀ W FC and R = T Fᵀ W FC, for A_ij, A_kl:
        2(C_li R_jk + C_jk R_li + T_jl K_ki), for A_ij, P_ab: 2 C_ja K_bi, and 0
        for P, P (Σ is linear in P).
        """
        _, P, C, FC, Sigma = self._parts(theta, S)
        D = self._dsigma(P, C, FC)
        Si = np.linalg.inv(Sigma)
        Si = (Si + Si.T) / 2
        W = Si - Si @ S @ Si
        Df = D.reshape(self.q, -1)
        g = Df @ W.ravel()
        SiD = Si @ D
        H12 = (SiD @ (Si - 2 * W)).reshape(self.q, -1) @ Df.T   # tr(Σ⁻¹Σ_kΣ⁻¹Σ_l) − 2 tr(Σ⁻¹Σ_k W Σ_l)
        hess = H12 + self._hessian_second(C, P, FC, W)
        H1 = None
        if info:
            H1 = (SiD @ Si).reshape(self.q, -1) @ Df.T
            H1 = (H1 + H1.T) / 2
        return g, (hess + hess.T) / 2, H1

    def information(self, theta: np.ndarray, S: np.ndarray | None = None) -> np.ndarray:
        """Expected information per observation for θ: ½ tr(Σ⁻¹Σ_kΣ⁻¹Σ_l) (lavaan, h1 structured)."""
        _, P, C, FC, Sigma = self._parts(theta, S)
        D = self._dsigma(P, C, FC)
        Si = np.linalg.inv(Sigma)
        H = (Si @ D @ Si).reshape(self.q, -1) @ D.reshape(self.q, -1).T
        return 0.5 * (H + H.T) / 2

    # -- starting values ----------------------------------------------------------
    def start_values(self, S: np.ndarray) -> np.ndarray:
        """Simple data-based starts (in the spirit of lavaan's defaults).

        Residual variances of observed variables start at half the sample
        variance; a factor's variance at a marker-based estimate
        (median of s_mx·s_my/s_xy over its indicator pairs); free loadings
        at s_xm / (λ_m ψ); regressions and covariances at 0.
        """
        pt = self.partable
        theta = np.zeros(self.q)
        done = np.zeros(self.q, dtype=bool)
        ovi = {v: i for i, v in enumerate(self.ov_names)}
        psi: dict[str, float] = {}
        marker: dict[str, tuple[str, float]] = {}
        for f in self.lv_names:
            loads = [r for r in pt.rows if r.op == "=~" and r.lhs == f]
            obs = [r.rhs for r in loads if r.rhs in ovi]
            fixed = [r for r in loads if not r.free and r.rhs in ovi and r.value]
            var_rows = [r for r in pt.rows if r.op == "~~" and r.lhs == f and r.rhs == f]
            if fixed:
                m, lam = fixed[0].rhs, float(fixed[0].value)
                marker[f] = (m, lam)
                smm = S[ovi[m], ovi[m]]
                vals = []
                others = [x for x in obs if x != m]
                for a in range(len(others)):
                    for b in range(a + 1, len(others)):
                        x, y = ovi[others[a]], ovi[others[b]]
                        sxy = S[x, y]
                        if abs(sxy) > 1e-12:
                            v = S[ovi[m], x] * S[ovi[m], y] / sxy
                            if v > 0:
                                vals.append(v)
                est = np.median(vals) if vals else 0.5 * smm
                psi[f] = float(np.clip(est, 0.05 * smm, 0.95 * smm)) / lam ** 2
            elif var_rows and not var_rows[0].free and var_rows[0].value:
                psi[f] = float(var_rows[0].value)
            else:
                psi[f] = 0.05
        for r in pt.rows:
            if not r.free or done[r.free - 1]:
                continue
            k = r.free - 1
            v = 0.0
            if r.op == "=~":
                if r.rhs in ovi and r.lhs in marker:
                    m, lam = marker[r.lhs]
                    v = S[ovi[r.rhs], ovi[m]] / (lam * psi[r.lhs])
                elif r.rhs in ovi:
                    v = np.sqrt(max(0.5 * S[ovi[r.rhs], ovi[r.rhs]], 1e-8) / max(psi[r.lhs], 1e-8))
                else:
                    v = 1.0
            elif r.op == "~~" and r.lhs == r.rhs:
                v = 0.5 * S[ovi[r.lhs], ovi[r.lhs]] if r.lhs in ovi else psi.get(r.lhs, 0.05)
            theta[k] = v
            done[k] = True
        return theta

    # -- the fit ------------------------------------------------------------------
    def fit(self, S: np.ndarray, n: int | None = None, theta0: np.ndarray | None = None, *,
            gtol: float = 1e-10, max_iter: int = 500, chord_below: float = 0.0,
            fallback: np.ndarray | None = None, bfgs_iter: int = 5000) -> MLFit:
        """Minimise F_ML for sample covariance ``S`` (divisor N) from ``theta0``.

        ``n`` is not needed for the estimates (F_ML does not depend on it); it
        is accepted so that bootstrap code can pass ``(S, N, θ₀)`` uniformly.
        Newton–Raphson / Fisher scoring with backtracking (:meth:`_scoring`);
        falls back to BFGS on the analytic gradient if that stalls far from a
        stationary point, then polishes again.  ``chord_below`` > 0: once the
        gradient is below it, steps reuse the last Hessian factor with the cheap
        gradient of :meth:`gradient` (the chord method; near the optimum it converges
        almost as fast as Newton at a fraction of the cost — what a bootstrap wants).
        ``fallback``: a second start tried when ``theta0`` gives no finite F (before
        the data-based start values).  ``max_iter`` and ``bfgs_iter`` bound the work: a
        bootstrap passes small budgets, since a resample whose likelihood has no maximum
        inside the admissible region (estimates running off to ±∞) would otherwise use
        them all before it is counted as not converged.
        """
        S = np.asarray(S, dtype=float)
        logdet_S = np.linalg.slogdet(S)[1]
        max_iter, bfgs_iter = self.iteration_budget(max_iter, bfgs_iter)
        if self.constraints:
            return self._fit_constrained(S, logdet_S, theta0, fallback, gtol, max_iter)
        theta = self.start_values(S) if theta0 is None else np.array(theta0, dtype=float)
        f = self.objective(theta, S, logdet_S)
        if not np.isfinite(f) and fallback is not None:
            theta = np.array(fallback, dtype=float)
            f = self.objective(theta, S, logdet_S)
        if not np.isfinite(f):
            theta = self.start_values(S)
            f = self.objective(theta, S, logdet_S)
        result = self._scoring(theta, f, S, logdet_S, gtol, max_iter, chord_below=chord_below)
        if not result.converged and result.gradient_max > 1e-4 and bfgs_iter > 0:
            x0 = result.theta if np.isfinite(result.fmin) else self.start_values(S)
            res = optimize.minimize(lambda t: self.objective(t, S, logdet_S), x0,
                                    jac=lambda t: self._grad_only(t, S), method="BFGS",
                                    options={"gtol": 1e-8, "maxiter": bfgs_iter})
            f2 = self.objective(res.x, S, logdet_S)
            if np.isfinite(f2):
                result = self._scoring(res.x, f2, S, logdet_S, gtol, max_iter, offset=result.iterations + res.nit)
        return result

    def iteration_budget(self, max_iter: int, bfgs_iter: int) -> tuple[int, int]:
        """(Newton steps, BFGS steps) within a fixed amount of work, so that a large model that does not
        converge stops at its iteration limit in bounded time (as lavaan stops at ``iter.max``) instead of
        running for many minutes: a Newton step costs about q²p² (the Hessian), a BFGS step qp² + p³.  Small
        and medium models keep the full limits (500 and 5000); a 100-item model with 300 parameters gets
        about 50 Newton and 1000 BFGS steps — far more than a model that converges needs.  Deterministic:
        the same model gets the same limits on every machine."""
        p, q = max(self.p, 1), max(self.q, 1)
        newton = max(50, int(NEWTON_WORK / (q * q * p * p)))
        bfgs = max(200, int(BFGS_WORK / (q * p * p + p ** 3)))
        return min(max_iter, newton), min(bfgs_iter, bfgs)

    def _fit_constrained(self, S, logdet_S, theta0, fallback, gtol, max_iter) -> MLFit:
        """The fit under the model's ``==``/``<``/``>`` constraints (:mod:`research.sem.constraints`)."""
        from .constraints import Problem, minimize

        problem = Problem(value=lambda t: self.objective(t, S, logdet_S),
                          gradient=lambda t: self.gradient(t, S),
                          hessian=lambda t: self.hessian(t, S, info=False)[:2],
                          metric=lambda t: 2.0 * self.information(t, S))
        starts = [t for t in (theta0, fallback) if t is not None] + [self.start_values(S)]
        if not self.constraints.linear_equalities_only:
            # the SQP path is sensitive to its start: the unconstrained optimum (where the model is
            # identified without the constraints) is usually close to the constrained one
            first = np.array(starts[0], dtype=float)
            f0 = self.objective(first, S, logdet_S)
            if np.isfinite(f0):
                free = self._scoring(first, f0, S, logdet_S, 1e-8, 100)
                if np.isfinite(free.fmin):
                    starts.insert(0, free.theta)
        best = None
        for start in starts:
            start = np.array(start, dtype=float)
            if not np.isfinite(problem.value(start)):
                continue
            result = minimize(problem, start, self.constraints, gtol=gtol, max_iter=max_iter)
            if result.converged:
                return result
            if best is None or (np.isfinite(result.fmin) and result.fmin < best.fmin):
                best = result
        if best is None:
            theta = np.array(starts[0], dtype=float)
            return MLFit(theta, np.inf, np.inf, 0, False, "starting values give a non-positive-definite Σ")
        return best

    @property
    def constraints(self):
        """The model's constraints (:class:`research.sem.constraints.ConstraintSet`), None without any."""
        if not hasattr(self, "_constraints"):
            from .constraints import ConstraintSet
            self._constraints = ConstraintSet(self.partable) if self.partable.constraints else None
        return self._constraints

    def gradient(self, theta: np.ndarray, S: np.ndarray) -> np.ndarray:
        """∂F_ML/∂θ without forming ∂Σ/∂θ: tr(W ∂Σ/∂A_ij) = 2 (FC)_{·i}ᵀ W (C P Cᵀ Fᵀ)_{j·}ᵀ,
        tr(W ∂Σ/∂P_ab) = (FC)_{·a}ᵀ W (FC)_{·b} per position, summed per parameter."""
        _, P, C, FC, Sigma = self._parts(theta, S)
        Si = np.linalg.inv(Sigma)
        Si = (Si + Si.T) / 2
        return self.trace_gradient(Si - Si @ S @ Si, theta, S)

    def trace_gradient(self, W: np.ndarray, theta: np.ndarray, S: np.ndarray | None = None) -> np.ndarray:
        """[tr(W ∂Σ/∂θ_k)]_k for a symmetric p × p ``W``, without forming ∂Σ/∂θ (see :meth:`gradient`)."""
        _, P, C, FC, _ = self._parts(theta, S)
        WFC = W @ FC                                             # p × n
        g = np.zeros(self.q)
        if len(self.a_par):
            G = C @ P @ FC.T                                     # n × p
            g += self.Ma @ (2.0 * np.einsum("tj,jt->t", G[self.a_cols, :], WFC[:, self.a_rows]))
        if len(self.p_par):
            g += self.Mp @ np.einsum("jt,jt->t", FC[:, self.p_cols], WFC[:, self.p_rows])
        return g

    def _grad_only(self, theta, S):
        try:
            return self.gradient(theta, S)
        except np.linalg.LinAlgError:
            return np.full(self.q, np.nan)

    def _scoring(self, theta, f, S, logdet_S, gtol, max_iter, offset=0, chord_below: float = 0.0) -> MLFit:
        """Newton–Raphson on F_ML with the exact Hessian when it is positive definite,
        Fisher scoring (expected information) otherwise; backtracking line search.
        With ``chord_below``, small-gradient steps reuse the last Cholesky factor (see :meth:`fit`)."""
        gmax = np.inf
        it = 0
        message = "maximum iterations reached"
        chord = None                     # Cholesky factor of the last exact Hessian, reused near the optimum
        newton_factor = None
        safe = None                      # (θ, F, max|g|) before the chord steps: F is not evaluated during them
        for it in range(1, max_iter + 1):
            try:
                if chord is not None:
                    g = self.gradient(theta, S)
                    # a chord step must shrink the gradient, else go back and take a Newton step
                    if not (np.max(np.abs(g)) < min(chord_below, gmax)) or not np.all(np.isfinite(g)):
                        chord = None
                        theta, f, gmax = safe
                if chord is None:
                    g, hess, _ = self.hessian(theta, S, info=False)
            except np.linalg.LinAlgError:
                if safe is None:
                    return MLFit(theta, f, np.inf, offset + it, False, "implied covariance matrix is singular")
                chord, (theta, f, gmax) = None, safe
                continue
            gmax = float(np.max(np.abs(g))) if g.size else 0.0
            if gmax < gtol:
                if not np.isfinite(f):
                    f = self.objective(theta, S, logdet_S)
                    if not np.isfinite(f):                 # left the admissible region: back, Newton
                        chord, (theta, f, gmax) = None, safe
                        continue
                return MLFit(theta, f, gmax, offset + it - 1, True, "gradient below tolerance")
            step = None
            if chord is not None:
                step = -linalg.cho_solve(chord, g)
            else:
                try:
                    cf = linalg.cho_factor(hess)
                    step = -linalg.cho_solve(cf, g)
                    if not np.all(np.isfinite(step)):
                        step = None
                    newton_factor = cf if gmax < chord_below else None
                except (linalg.LinAlgError, ValueError):
                    step = None
                if step is None:
                    info = self.information(theta, S) * 2.0
                    try:
                        step = -linalg.cho_solve(linalg.cho_factor(info), g)
                        if not np.all(np.isfinite(step)):
                            step = None
                    except (linalg.LinAlgError, ValueError):
                        step = None
                    if step is None:
                        step = -np.linalg.lstsq(info, g, rcond=None)[0]
            slope = float(g @ step)
            if chord is not None:       # chord steps are judged by the gradient at the next iterate
                if np.isfinite(f):
                    safe = (theta, f, gmax)
                theta, f = theta + step, np.nan
                continue
            if not slope < 0:           # not a descent direction: use the gradient
                step, slope = -g, -float(g @ g)
            t = 1.0
            while True:
                cand = theta + t * step
                fc = self.objective(cand, S, logdet_S)
                if np.isfinite(fc) and fc <= f + 1e-4 * t * slope:
                    break
                t *= 0.5
                if t < 1e-12:
                    break
            if t < 1e-12:
                # no decrease possible: stationary to machine precision?
                message = "line search failed"
                return MLFit(theta, f, gmax, offset + it, gmax < 1e-6, message)
            improvement = f - fc
            theta, f = cand, fc
            if t == 1.0 and newton_factor is not None:
                chord = newton_factor
                # where a rejected first chord step goes back to (F is finite here)
                safe = (theta, f, gmax)
            if improvement < 1e-15 and np.max(np.abs(t * step)) < 1e-10:
                g = self._grad_only(theta, S)
                gmax = float(np.max(np.abs(g))) if g.size else 0.0
                return MLFit(theta, f, gmax, offset + it, gmax < 1e-6, "no further change")
        return MLFit(theta, f, gmax, offset + it, gmax < 1e-6, message)
