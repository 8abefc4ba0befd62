"""The multivariate normal log-likelihood of data with missing values, pattern by pattern.

Rows are grouped by their pattern of observed variables (Little & Rubin
2002, ch. 8); complete data are the special case of one pattern.  With
``o`` the observed variables of a pattern, ``n`` its rows, ``ȳ`` and ``S``
their mean and covariance (divisor n), ``K = Σ_oo⁻¹`` and
``M = S + (ȳ − μ_o)(ȳ − μ_o)ᵀ``::

    log L = Σ_patterns −n/2 · (|o| log 2π + log|Σ_oo| + tr(K M))

(Arbuckle 1996; Enders 2010).  Everything lavaan 0.6-14 needs of it is here,
with respect to the moments ``(μ, vech Σ)`` in lavaan's order (μ first, then
the lower triangle of Σ column by column):

* :meth:`MissingPatterns.gradient` — ∂ log L/∂μ = Σ n K (ȳ − μ_o),
  ∂ log L/∂Σ_oo = −n/2 (K − K M K);
* :meth:`MissingPatterns.information` — the *observed* information (minus the
  Hessian; lavaan's ``lav_mvnorm_missing_information_observed_samplestats``)::

      μμ:  n K;   μΣ:  n K E K (ȳ − μ_o);
      ΣΣ:  n/2 [−tr(K E₁ K E₂) + tr(K E₁ K M K E₂) + tr(K E₂ K M K E₁)]

  or the *expected* one (μμ: n K, ΣΣ: n/2 tr(K E₁ K E₂), μΣ: 0), E the
  symmetric basis matrix of a vech element;
* :meth:`MissingPatterns.scores` — casewise scores (lavaan's
  ``lav_mvnorm_missing_scores_mu_vech_sigma``), whose cross-product is the
  first-order information of the robust (sandwich) estimators;
* :meth:`MissingPatterns.em` — the saturated (unrestricted, "h1") model by the
  EM algorithm (Dempster, Laird & Rubin 1977), started and stopped as
  lavaan's ``lav_mvnorm_missing_h1_estimate_moments``: available-case means
  and variances, zero covariances; stop when the largest change of any mean
  or covariance is below ``tol``.
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np

from .ram import vech_indices

LOG2PI = math.log(2 * math.pi)


@dataclass(frozen=True)
class Pattern:
    obs: np.ndarray        # indices of the observed variables
    rows: np.ndarray       # row numbers (in the data matrix) with this pattern
    mean: np.ndarray       # ȳ of the pattern (observed variables)
    cov: np.ndarray        # covariance with divisor n

    @property
    def n(self) -> int:
        return len(self.rows)


@dataclass(frozen=True)
class EMResult:
    mu: np.ndarray
    sigma: np.ndarray
    iterations: int
    converged: bool
    max_change: float


class MissingPatterns:
    """The data of one group by missing-data pattern (rows missing every variable are left out).

    Computations are batched over patterns: a pattern's Σ_oo⁻¹ is the inverse of Σ with
    the unobserved rows and columns replaced by those of the identity, masked back to zero
    (the inverse of Σ_oo ⊕ I is Σ_oo⁻¹ ⊕ I).
    """

    def __init__(self, X: np.ndarray):
        X = np.asarray(X, dtype=float)
        self.p = p = X.shape[1]
        obs = ~np.isnan(X)
        keep = obs.any(axis=1)
        self.empty_rows = np.flatnonzero(~keep)
        self.rows = np.flatnonzero(keep)             # data rows used, in data order
        self.X = X[self.rows]
        obs = obs[self.rows]
        self.n = int(len(self.rows))
        # patterns: most rows first, then most observed variables, then first appearance in the data;
        # a pattern's rows in data order
        if p <= 62:
            key = obs @ (np.int64(1) << np.arange(p, dtype=np.int64))
        else:
            key = np.unique(np.packbits(obs, axis=1), axis=0, return_inverse=True)[1].reshape(-1)
        _, first, inverse, counts = np.unique(key, return_index=True, return_inverse=True, return_counts=True)
        order = np.lexsort((first, -obs[first].sum(axis=1), -counts))
        rank = np.empty(len(order), dtype=int)
        rank[order] = np.arange(len(order))
        self.row_pattern = rank[inverse.reshape(-1)]
        self._by_pattern = np.argsort(self.row_pattern, kind="stable")
        self._bounds = np.concatenate([[0], np.cumsum(counts[order])]).astype(int)
        k = len(order)
        self.counts = counts[order].astype(float)
        self.mask = obs[first[order]].reshape(k, p)
        self.Xz = np.where(obs, self.X, 0.0)
        Xs = self.Xz[self._by_pattern]
        pat = self.row_pattern[self._by_pattern]
        self.mean_pad = (np.add.reduceat(Xs, self._bounds[:-1], axis=0) / self.counts[:, None] if k
                         else np.zeros((0, p)))
        Xc = (Xs - self.mean_pad[pat]) * self.mask[pat]
        self.cov_pad = np.empty((k, p, p))
        for j in range(k):
            Y = Xc[self._bounds[j]:self._bounds[j + 1]]
            self.cov_pad[j] = Y.T @ Y / self.counts[j]
        self.mask2 = self.mask[:, :, None] & self.mask[:, None, :]
        self.nobs = self.mask.sum(axis=1)
        self._ncov = self.counts[:, None, None] * self.cov_pad            # n_j S_j
        self._const = float(self.counts @ self.nobs) * LOG2PI
        self.vr, self.vc = vech_indices(p)
        self.pstar = len(self.vr)
        # s_k: 1/2 on the diagonal of vech, 1 off it (E_k = s_k (e_a e_bᵀ + e_b e_aᵀ))
        self.vs = np.where(self.vr == self.vc, 0.5, 1.0)
        self._eye = np.eye(p)
        # Σ_oo⁻¹ of the patterns missing at most p/3 variables from Σ⁻¹ (see _inverses): their missing
        # variables, padded to the longest list (padding marked invalid)
        miss = ~self.mask
        nmiss = miss.sum(axis=1)
        self._schur = np.flatnonzero(nmiss <= p // 3)
        self._direct = np.flatnonzero(nmiss > p // 3)
        r = int(nmiss[self._schur].max()) if len(self._schur) else 0
        self._miss_ok = np.arange(r)[None, :] < nmiss[self._schur][:, None]
        self._miss_idx = np.where(self._miss_ok, np.argsort(~miss[self._schur], axis=1, kind="stable")[:, :r], 0)

    @functools.cached_property
    def patterns(self) -> tuple[Pattern, ...]:
        """The patterns one by one (observed variables, rows, mean and covariance of the observed part)."""
        out = []
        for j in range(len(self.counts)):
            o = np.flatnonzero(self.mask[j])
            out.append(Pattern(obs=o, rows=self._by_pattern[self._bounds[j]:self._bounds[j + 1]],
                               mean=self.mean_pad[j, o], cov=self.cov_pad[j][np.ix_(o, o)]))
        return tuple(out)

    @property
    def complete(self) -> bool:
        return len(self.counts) == 1 and bool(self.mask[0].all())

    @property
    def coverage(self) -> np.ndarray:
        """Share of rows observing each variable and pair (lavaan's ``coverage``)."""
        return np.einsum("k,kij->ij", self.counts, self.mask2.astype(float)) / self.n

    # -- per-pattern pieces ----------------------------------------------------------
    def _inverses(self, sigma: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(K padded with zeros, log|Σ_oo|) for every pattern; LinAlgError if a Σ_oo is not PD.
        The last Σ's are kept (read-only): an optimiser asks for log L and then its gradient at one point."""
        sigma = np.asarray(sigma, dtype=float)
        key = sigma.tobytes()
        last = getattr(self, "_last_inverses", None)
        if last is not None and last[0] == key:
            return last[1]
        try:
            K, logdet = self._inverses_schur(sigma)
        except np.linalg.LinAlgError:          # Σ not PD: each Σ_oo on its own (all may still be PD)
            K, logdet = self._inverses_direct(sigma, slice(None))
        K.flags.writeable = logdet.flags.writeable = False
        self._last_inverses = (key, (K, logdet))
        return K, logdet

    def _inverses_direct(self, sigma: np.ndarray, which) -> tuple[np.ndarray, np.ndarray]:
        """Σ_oo⁻¹ (padded) and log|Σ_oo| of the patterns ``which``, each by its own Cholesky factor and
        inverse (Σ_oo ⊕ I, whose inverse is Σ_oo⁻¹ ⊕ I); LinAlgError if a Σ_oo is not PD."""
        mask2 = self.mask2[which]
        B = np.where(mask2, sigma[None, :, :], self._eye[None, :, :])
        L = np.linalg.cholesky(B)
        logdet = 2.0 * np.sum(np.log(np.diagonal(L, axis1=1, axis2=2)), axis=1)
        K = np.linalg.inv(B)
        return np.where(mask2, (K + K.transpose(0, 2, 1)) / 2, 0.0), logdet

    def _inverses_schur(self, sigma: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Σ_oo⁻¹ and log|Σ_oo| from one Σ⁻¹ (LinAlgError if Σ is not PD): with m a pattern's missing
        variables and Ω = Σ⁻¹, Σ_oo⁻¹ = Ω_oo − Ω_om Ω_mm⁻¹ Ω_mo and log|Σ_oo| = log|Σ| + log|Ω_mm|
        (the inverse and determinant of a partitioned matrix) — a solve of |m| equations per pattern
        instead of a p × p inverse; patterns missing more than p/3 variables by :meth:`_inverses_direct`."""
        k, p = len(self.counts), self.p
        if not len(self._schur):
            return self._inverses_direct(sigma, slice(None))
        L = np.linalg.cholesky(sigma)
        ld = 2.0 * np.sum(np.log(np.diagonal(L)))
        Om = np.linalg.inv(sigma)
        Om = (Om + Om.T) / 2
        K = np.empty((k, p, p))
        logdet = np.empty(k)
        S, idx, ok = self._schur, self._miss_idx, self._miss_ok
        if len(S):
            if idx.shape[1]:
                U = Om[:, idx].transpose(1, 0, 2) * ok[:, None, :]                    # Ω_·m, s × p × r
                ok2 = ok[:, :, None] & ok[:, None, :]
                V = np.where(ok2, Om[idx[:, :, None], idx[:, None, :]], np.eye(idx.shape[1])[None])
                Lv = np.linalg.cholesky(V)
                logdet[S] = ld + 2.0 * np.sum(np.log(np.diagonal(Lv, axis1=1, axis2=2)), axis=1)
                KS = Om[None, :, :] - U @ np.linalg.solve(V, U.transpose(0, 2, 1))
                K[S] = np.where(self.mask2[S], (KS + KS.transpose(0, 2, 1)) / 2, 0.0)
            else:
                logdet[S] = ld
                K[S] = Om[None, :, :]
        if len(self._direct):
            K[self._direct], logdet[self._direct] = self._inverses_direct(sigma, self._direct)
        return K, logdet

    def loglik(self, mu: np.ndarray, sigma: np.ndarray) -> float:
        """log L(μ, Σ); −inf if a Σ_oo is not positive definite."""
        try:
            K, logdet = self._inverses(sigma)
        except np.linalg.LinAlgError:
            return -np.inf
        r = np.where(self.mask, self.mean_pad - mu[None, :], 0.0)
        Kr = (K @ r[:, :, None])[:, :, 0]
        # Σ_j n_j (|o_j| log 2π + log|Σ_oo| + tr(K S) + rᵀK r), the traces as one dot product
        total = (self._const + self.counts @ logdet + np.dot(K.ravel(), self._ncov.ravel())
                 + self.counts @ np.sum(r * Kr, axis=1))
        return float(-0.5 * total)

    def gradient(self, mu: np.ndarray, sigma: np.ndarray) -> np.ndarray:
        """∂ log L/∂(μ, vech Σ) (length p + p*)."""
        gmu, G = self.gradient_matrices(mu, sigma)
        gv = 2.0 * self.vs * G[self.vr, self.vc]
        return np.concatenate([gmu, gv])

    def gradient_matrices(self, mu: np.ndarray, sigma: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(∂ log L/∂μ, G) with G the symmetric p × p matrix such that d log L = tr(G dΣ) for a
        symmetric change dΣ (so ∂ log L/∂θ_k = gμᵀ μ_k + tr(G Σ_k))."""
        K, _ = self._inverses(sigma)
        r = np.where(self.mask, self.mean_pad - mu[None, :], 0.0)
        Kr = (K @ r[:, :, None])[:, :, 0]
        nKr = self.counts[:, None] * Kr
        gmu = nKr.sum(axis=0)
        # Σ_j n_j (K_j − K_j M_j K_j), M_j = S_j + r_j r_jᵀ
        KMK = (K @ self._ncov @ K).sum(axis=0) + nKr.T @ Kr
        G = -0.5 * (np.tensordot(self.counts, K, axes=1) - KMK)
        return gmu, (G + G.T) / 2

    def _trace_matrix(self, K: np.ndarray, L: np.ndarray) -> np.ndarray:
        return vech_trace_matrix(K, L)

    def information(self, mu: np.ndarray, sigma: np.ndarray, kind: str = "observed") -> np.ndarray:
        """Information (total over rows, not per row) on (μ, vech Σ): ``observed`` or ``expected``.

        The sums over patterns are matrix products, not a loop: with W = K M K − K/2 (observed) or
        W = K/2 (expected), ½(T + Tᵀ) with T = Σ_j n_j T(K_j, W_j) is the ΣΣ block (T(L, K) = T(K, L)ᵀ
        for symmetric K, L), and T is gathered from Σ_j n_j K_j ⊗ W_j (:func:`weighted_trace_matrix`);
        the μΣ block is gathered from Σ_j n_j K_j ⊗ K_j r_j.  :meth:`information_by_pattern` is the
        pattern-by-pattern original (the same numbers up to rounding)."""
        p = self.p
        Ks, _ = self._inverses(sigma)
        n = self.counts
        out = np.zeros((p + self.pstar, p + self.pstar))
        out[:p, :p] = np.einsum("k,kij->ij", n, Ks)
        if kind == "expected":
            W = 0.5 * Ks
        else:
            r = np.where(self.mask, self.mean_pad - mu[None, :], 0.0)
            w = np.einsum("kij,kj->ki", Ks, r)
            W = Ks @ self.cov_pad @ Ks + w[:, :, None] * w[:, None, :] - 0.5 * Ks
            # μΣ: Σ_j n_j K_j E_l K_j r_j, column l = (c, d): s_l (K[:, c] w[d] + K[:, d] w[c]) summed over patterns
            R = ((n[:, None] * Ks.reshape(len(n), p * p)).T @ w).reshape(p, p, p)       # R[x, y, z] = Σ n K[x,y] w[z]
            c, d = self.vr, self.vc
            B = self.vs[None, :] * (R[:, c, d] + R[:, d, c])
            out[:p, p:] = B
            out[p:, :p] = B.T
        T = weighted_trace_matrix(Ks, W, n)
        out[p:, p:] = 0.5 * (T + T.T)
        return out

    def information_by_pattern(self, mu: np.ndarray, sigma: np.ndarray, kind: str = "observed") -> np.ndarray:
        """:meth:`information` pattern by pattern (lavaan's loop; kept as the reference of the batched sums)."""
        p = self.p
        Ks, _ = self._inverses(sigma)
        out = np.zeros((p + self.pstar, p + self.pstar))
        out[:p, :p] = np.einsum("k,kij->ij", self.counts, Ks)
        c, d = self.vr, self.vc
        for j, n in enumerate(self.counts):
            K = Ks[j]
            if kind == "expected":
                out[p:, p:] += 0.5 * n * self._trace_matrix(K, K)
                continue
            r = np.where(self.mask[j], self.mean_pad[j] - mu, 0.0)
            w = K @ r
            KMK = K @ (self.cov_pad[j] + np.outer(r, r)) @ K
            out[p:, p:] += 0.5 * n * (-self._trace_matrix(K, K) + self._trace_matrix(K, KMK)
                                      + self._trace_matrix(KMK, K))
            # μΣ: n K E_l K r, column l
            B = n * self.vs[None, :] * (K[:, c] * w[d][None, :] + K[:, d] * w[c][None, :])
            out[:p, p:] += B
            out[p:, :p] += B.T
        return out

    def scores(self, mu: np.ndarray, sigma: np.ndarray) -> np.ndarray:
        """Casewise ∂ log L_i/∂(μ, vech Σ), one row per (non-empty) data row, in data order."""
        Ks, _ = self._inverses(sigma)
        K = Ks[self.row_pattern]                                   # n × p × p
        Yc = np.where(np.isnan(self.X), 0.0, self.X - mu[None, :])
        A = np.einsum("nij,nj->ni", K, Yc)
        vech_sc = (A[:, self.vr] * A[:, self.vc] - K[:, self.vr, self.vc]) * self.vs
        return np.hstack([A, vech_sc])

    def pairwise_moments(self) -> tuple[np.ndarray, np.ndarray]:
        """lavaan's missing-data ``WLS.obs`` moments: available-case means and pairwise-complete
        covariances (R's ``cov(use = "pairwise")``, divisor n_ij − 1) times (N − 1)/N."""
        X = self.X
        obs = ~np.isnan(X)
        with np.errstate(invalid="ignore"):
            mean = np.nanmean(X, axis=0)
        p = self.p
        C = np.full((p, p), np.nan)
        for i in range(p):
            for j in range(i + 1):
                both = obs[:, i] & obs[:, j]
                k = int(both.sum())
                if k > 1:
                    a, b = X[both, i], X[both, j]
                    C[i, j] = C[j, i] = float(((a - a.mean()) * (b - b.mean())).sum() / (k - 1))
        return mean, C * (self.n - 1) / self.n

    # -- the saturated model -----------------------------------------------------------
    def em(self, tol: float = 1e-5, max_iter: int = 500) -> EMResult:
        """ML estimates of the unrestricted μ and Σ by EM, as lavaan 0.6-14 (see module docstring)."""
        p = self.p
        X = self.X
        with np.errstate(invalid="ignore"):
            mu0 = np.nanmean(X, axis=0)
            var0 = np.nanmean((X - mu0) ** 2, axis=0)
        var0 = np.where(np.isfinite(var0) & (var0 != 0), var0, 1.0)
        mu0 = np.where(np.isfinite(mu0), mu0, 0.0)
        mu, sigma = mu0.copy(), np.diag(var0)
        change = np.inf
        it = 0
        converged = False
        vr, vc = self.vr, self.vc
        obs = ~np.isnan(X)
        for it in range(1, max_iter + 1):
            K, _ = self._inverses(sigma)
            SK = sigma[None, :, :] @ K                                # k × p × p
            Yc = np.where(obs, X - mu[None, :], 0.0)
            Yhat = mu[None, :] + np.einsum("nij,nj->ni", SK[self.row_pattern], Yc)
            C = sigma[None, :, :] - SK @ sigma[None, :, :]             # conditional covariances
            C = np.where(self.mask2, 0.0, C)
            T1 = Yhat.sum(axis=0)
            T2 = Yhat.T @ Yhat + np.einsum("k,kij->ij", self.counts, C)
            new_mu = T1 / self.n
            new_sigma = T2 / self.n - np.outer(new_mu, new_mu)
            new_sigma = (new_sigma + new_sigma.T) / 2
            if np.linalg.eigvalsh(new_sigma)[0] < 1e-6:
                new_sigma[np.diag_indices(p)] += np.max(np.diag(new_sigma)) * 1e-8
            change = float(max(np.max(np.abs(new_mu - mu)),
                               np.max(np.abs(new_sigma[vr, vc] - sigma[vr, vc]))))
            mu, sigma = new_mu, new_sigma
            if change < tol:
                converged = True
                break
        return EMResult(mu=mu, sigma=sigma, iterations=it, converged=converged, max_change=change)


def symmetric_stack(cols: np.ndarray, p: int, diag_weight: float = 1.0) -> np.ndarray:
    """vech columns (p* × k) → k symmetric p × p matrices, the diagonal times ``diag_weight``."""
    r, c = vech_indices(p)
    out = np.zeros((cols.shape[1], p, p))
    out[:, r, c] = cols.T
    out[:, c, r] = cols.T
    if diag_weight != 1.0:
        out[:, np.arange(p), np.arange(p)] *= diag_weight
    return out


def normal_information_times(K: np.ndarray, cols: np.ndarray, meanstructure: bool, chunk: int = 256) -> np.ndarray:
    """A₁ · cols for the normal-theory expected information A₁ = [K, 0; 0, ½Dᵀ(K⊗K)D] (K = Σ⁻¹; the mean
    block only with a mean structure) without forming A₁: a vech column δ maps to ½Dᵀvec(K·unvech(δ)·K), i.e.
    (K V K)ᵢⱼ off the diagonal and ½(K V K)ᵢᵢ on it — p × p products, in chunks of ``chunk`` columns."""
    p = K.shape[0]
    off = p if meanstructure else 0
    r, c = vech_indices(p)
    half = np.where(r == c, 0.5, 1.0)[:, None]
    out = np.empty_like(cols, dtype=float)
    if meanstructure:
        out[:p] = K @ cols[:p]
    for start in range(0, cols.shape[1], chunk):
        block = cols[off:, start:start + chunk]
        KVK = K @ symmetric_stack(block, p) @ K
        out[off:, start:start + chunk] = KVK[:, r, c].T * half
    return out


def normal_acov_times(S: np.ndarray, cols: np.ndarray, meanstructure: bool, chunk: int = 256) -> np.ndarray:
    """Γ_NT · cols, Γ_NT the normal-theory n·ACOV of (means, vech S) = [S, 0; 0, Γ] with
    Γ_(ij),(kl) = s_ik s_jl + s_il s_jk (Browne 1974), without forming Γ: Γδ = vech(S·Ũ·S), Ũ = unvech(δ) with
    its diagonal doubled."""
    p = S.shape[0]
    off = p if meanstructure else 0
    r, c = vech_indices(p)
    out = np.empty_like(cols, dtype=float)
    if meanstructure:
        out[:p] = S @ cols[:p]
    for start in range(0, cols.shape[1], chunk):
        block = cols[off:, start:start + chunk]
        SUS = S @ symmetric_stack(block, p, 2.0) @ S
        out[off:, start:start + chunk] = SUS[:, r, c].T
    return out


def vech_trace_matrix(K: np.ndarray, L: np.ndarray) -> np.ndarray:
    """T_kl = tr(K E_k L E_l) over the vech basis E_k = s_k (e_a e_bᵀ + e_b e_aᵀ), s_k = ½ on the diagonal
    (so ½T(Σ⁻¹, Σ⁻¹) is ½ Dᵀ(Σ⁻¹⊗Σ⁻¹)D)."""
    vr, vc = vech_indices(K.shape[0])
    a, b = vr[:, None], vc[:, None]
    c, d = vr[None, :], vc[None, :]
    s = np.where(vr == vc, 0.5, 1.0)
    T = K[d, a] * L[b, c] + K[c, a] * L[b, d] + K[d, b] * L[a, c] + K[c, b] * L[a, d]
    return T * np.outer(s, s)


def weighted_trace_matrix(K: np.ndarray, L: np.ndarray, weights: np.ndarray,
                          max_bytes: float = 32e6) -> np.ndarray:
    """Σ_j w_j T(K_j, L_j) (:func:`vech_trace_matrix`) over stacks K, L of symmetric p × p matrices.

    With P[(x, y), (z, v)] = Σ_j w_j K_j[x, y] L_j[z, v] over the vech pairs — one (k × p*)ᵀ(k × p*)
    product, P's rows and columns symmetric in their pair — the entry for the vech elements
    k = (a, b), l = (c, e) is s_k s_l (P[ea, bc] + P[ca, be] + P[eb, ac] + P[cb, ae]), gathered a block
    of columns at a time (index arrays of at most ``max_bytes``)."""
    m, p, _ = K.shape
    vr, vc = vech_indices(p)
    ps = len(vr)
    s = np.where(vr == vc, 0.5, 1.0)
    P = ((weights[:, None] * K[:, vr, vc]).T @ L[:, vr, vc]).ravel()
    out = np.empty((ps, ps))
    step = int(max(1, min(ps, max_bytes // (8.0 * ps))))
    for l0 in range(0, ps, step):
        idx = _trace_gather(p, l0, step) if ps * ps <= _GATHER_CACHE_MAX else _trace_gather.__wrapped__(p, l0, step)
        t = np.take(P, idx[0])
        for i in idx[1:]:
            t += np.take(P, i)
        out[:, l0:l0 + step] = t
    return out * np.outer(s, s)


_GATHER_CACHE_MAX = 2_000_000       # vech pairs (p ≤ 53): the four index arrays are kept, ≤ 32 MB


@functools.lru_cache(maxsize=4)
def _trace_gather(p: int, l0: int, step: int) -> tuple[np.ndarray, ...]:
    """Flat positions in P (:func:`weighted_trace_matrix`) of its four terms, columns l0 … l0+step−1."""
    vr, vc = vech_indices(p)
    ps = len(vr)
    pair = np.zeros((p, p), dtype=np.intp)            # vech position of (x, y), either order
    pair[vr, vc] = pair[vc, vr] = np.arange(ps)
    a, b = vr[:, None], vc[:, None]
    c, e = vr[None, l0:l0 + step], vc[None, l0:l0 + step]
    dtype = np.int32 if ps * ps < 2 ** 31 else np.intp
    out = tuple((pair[x1, x2] * ps + pair[y1, y2]).astype(dtype)
                for x1, x2, y1, y2 in ((e, a, b, c), (c, a, b, e), (e, b, a, c), (c, b, a, e)))
    for o in out:
        o.flags.writeable = False
    return out


def vech(M: np.ndarray) -> np.ndarray:
    r, c = vech_indices(M.shape[0])
    return M[r, c]
