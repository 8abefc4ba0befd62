"""CFA/SEM with ordered (Likert-as-ordinal) indicators by DWLS/ULS, WLSMV/ULSMV: lavaan 0.6-14's numbers.

>>> res = fit_sem(model, data, estimator="WLSMV", ordered=True)      # from the data (fit_wls_data)
>>> st = ordinal_sample_stats(data, items, ordered=True)[0]         # research.sem.ordinal_stats
>>> res = fit_wls("ECO =~ ECO1 + ECO2 + ECO3\\nRES =~ RES1 + RES2 + RES3", st)   # or a WlsStats
>>> res.parameters, res.fit["cfi.robust"], res.test["scaled.shifted"]["stat"]

What is estimated (lavaan's ``estimator = "WLSMV", ordered = …``, ``parameterization = "delta"``;
Muthén 1984; Muthén, du Toit & Spisic 1997):

* the sample statistics ``s`` are lavaan's ``wls.obs``: the thresholds of every ordered variable
  (in ``ov_names`` order, each variable's thresholds in turn), then the polychoric correlations
  below the diagonal, column by column (``lav_matrix_vech(R, diagonal = FALSE)``); ``Γ`` is their
  asymptotic covariance times N (lavaan's ``NACOV``, ``lavInspect(fit, "gamma")``);
* the model: y*_i = Λ η + ε with Var(y*_i) = 1 (delta parameterization): the thresholds are
  free, the intercepts of the y* fixed at 0, the scale factors (``~*~``) fixed at 1 and the
  residual variances of the ordered indicators *not* parameters but 1 − (explained variance), so
  that diag Σ* = 1.  The model-implied statistics are σ(θ) = (τ, offdiag Σ*(θ));
* DWLS minimises F(θ) = (s − σ)ᵀ W (s − σ) with W = diag(1/diag Γ) (lavaan's ``WLS.V``); ULS
  with W = I.  lavaan's ``fmin`` is F/2 and the test statistic T = N·F;
* robust standard errors (``se = "robust.sem"``): with Δ = ∂σ/∂θᵀ and E = ΔᵀWΔ,
  ACOV(θ̂) = E⁻¹ ΔᵀWΓWΔ E⁻¹ / N (Muthén 1984; Satorra 1989);
* the mean-and-variance adjusted ("scaled and shifted") statistic (Asparouhov & Muthén 2010):
  U = W − WΔE⁻¹ΔᵀW, a = √(df / tr((UΓ)²)), T_ss = a·T + df − a·tr(UΓ); lavaan reports
  scaling.factor = 1/a and shift.parameter = df − a·tr(UΓ);
* the baseline model has the thresholds free and all correlations 0; its χ² and scaled χ² are
  computed in the same way;
* the ``.robust`` CFI/TLI/RMSEA are lavaan 0.6-14's for categorical data (Savalei 2021,
  ``lav_fit_catml_dwls``): the model's ML discrepancy against the polychoric correlation matrix
  at the DWLS estimates (cat-ML), scaled by c = tr(Uᵀ V U Γ)/df with V the normal-theory
  information of the correlations at Σ̂*, and the baseline's c = tr Γ_corr / df_baseline.

Continuous variables may be mixed in (their intercepts and residual variances free, as lavaan).
Not handled (refused with a message in three languages): several groups, observed exogenous
covariates (lavaan's ``conditional.x``), ``==``/``<``/``>`` constraints (shared labels work), and,
under the delta parameterization, an ordered variable used as a predictor.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Mapping

import numpy as np
import pandas as pd
from scipy import linalg, optimize
from scipy import stats as sps

from ..errors import invalid_option
from . import diagnostics as diag
from .fit import ORDINAL_ESTIMATORS, PARAMETER_COLUMNS, STANDARDIZED_COLUMNS, SemResult, Z975, _versions
from .fit_measures import _cfi, _ifi, _nfi, _rfi, _rni, _tli
from .multigroup_robust import closefit_g, rmsea_ci_g, rmsea_g
from .partable import ParRow, ParTable, build_partable
from .ram import MLFit, RamModel
from .robust import _cfi_c, _rni_c, _tli_c
from .standardize import defined_values, defined_with_gradient, r_squared, standardize
from .syntax import ModelSpec, parse_model

ESTIMATORS = ORDINAL_ESTIMATORS
NAN = float("nan")


# ----------------------------------------------------------------------------------------------
# sample statistics
# ----------------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class WlsStats:
    """The sample statistics of ordinal (and continuous) data as lavaan keeps them (one group).

    ``ov_names``: the variables in lavaan's order; ``nth``: the number of thresholds of each (0 for a
    continuous variable); ``wls_obs``: lavaan's ``wls.obs`` — per variable its thresholds, or minus
    its mean for a continuous one; then the variances of the continuous variables; then the
    off-diagonal correlations/covariances below the diagonal, column by column; ``gamma``: N × their
    asymptotic covariance matrix (lavaan's NACOV, ``lavInspect(fit, "gamma")``); ``wls_v``: the
    diagonal DWLS weights (default 1/diag Γ, lavaan's ``diag(lavInspect(fit, "wls.v"))``); ``n``: N;
    ``levels``: the data's codes of each ordered variable's categories 1..K (from data; empty when the
    statistics were given as numbers), which factor scores read answers by.
    """

    ov_names: tuple
    nth: tuple
    n: int
    wls_obs: np.ndarray
    gamma: np.ndarray
    wls_v: np.ndarray | None = None
    levels: Mapping = field(default_factory=dict)

    @property
    def p(self) -> int:
        return len(self.ov_names)

    @property
    def ordered(self) -> tuple:
        return tuple(v for v, k in zip(self.ov_names, self.nth) if k > 0)

    @property
    def numeric(self) -> tuple:
        return tuple(v for v, k in zip(self.ov_names, self.nth) if k == 0)

    @property
    def n_mean_part(self) -> int:
        """Length of the first block of ``wls_obs`` (thresholds and minus the means)."""
        return int(sum(max(k, 1) for k in self.nth))

    @property
    def n_var_part(self) -> int:
        return len(self.numeric)

    def weights(self) -> np.ndarray:
        return 1.0 / np.diag(self.gamma) if self.wls_v is None else np.asarray(self.wls_v, dtype=float)

    def matrix(self) -> np.ndarray:
        """S*: polychoric/polyserial correlations, covariances of the continuous variables; unit
        diagonal for the ordered ones."""
        p = self.p
        R = np.eye(p)
        num = [i for i, k in enumerate(self.nth) if k == 0]
        a = self.n_mean_part
        R[num, num] = self.wls_obs[a:a + len(num)]
        r, c = offdiag_indices(p)
        R[r, c] = R[c, r] = self.wls_obs[a + len(num):]
        return R

    @classmethod
    def from_reference(cls, entry: Mapping) -> "WlsStats":
        """From a reference entry (``tests/reference/ordinal.json`` / ``wls_dev.json``): ``wls_obs``,
        ``gamma``, ``wls_v_diag``, ``n``, ``ov_names`` and the ``|`` rows of ``partable``."""
        names = tuple(entry.get("ov_names") or entry["ordered"])
        rows = entry["partable"]
        nth = tuple(sum(1 for r in rows if r["op"] == "|" and r["lhs"] == v) for v in names)
        wv = entry.get("wls_v_diag")
        return cls(ov_names=names, nth=nth, n=int(entry["n"]), wls_obs=np.asarray(entry["wls_obs"], dtype=float),
                   gamma=np.asarray(entry["gamma"], dtype=float),
                   wls_v=None if wv is None else np.asarray(wv, dtype=float))


def _from_sample(st) -> "WlsStats":
    """From :class:`research.sem.ordinal_stats.OrdinalStats` (statistics computed from the data)."""
    th_idx = np.asarray(st.th_idx, dtype=int)
    nth = tuple(int(np.sum(th_idx == i + 1)) if o else 0 for i, o in enumerate(st.ordered))
    return WlsStats(ov_names=tuple(st.names), nth=nth, n=int(st.n), wls_obs=np.asarray(st.wls_obs, dtype=float),
                        gamma=np.asarray(st.nacov, dtype=float),
                        wls_v=None if st.wls_v_diag is None else np.asarray(st.wls_v_diag, dtype=float),
                        levels={k: np.asarray(v, dtype=float) for k, v in st.levels.items()})


WlsStats.from_sample = staticmethod(_from_sample)


def offdiag_indices(p: int) -> tuple[np.ndarray, np.ndarray]:
    """(row, col) of ``lav_matrix_vech(M, diagonal = FALSE)``: below the diagonal, column by column."""
    c, r = np.triu_indices(p, 1)
    return r, c


# ----------------------------------------------------------------------------------------------
# the parameter table
# ----------------------------------------------------------------------------------------------
def ordinal_partable(model: "str | ModelSpec", stats: WlsStats, parameterization: str = "delta") -> ParTable:
    """lavaan's parameter table with ``ordered`` indicators, rows in ``parameterEstimates`` order: the
    user's rows; the thresholds ``v | t1 …`` (free); the default (residual) variances and covariances,
    with the ordered variables' residual variances fixed (delta: their value 1 − explained variance is
    filled in after the fit; theta: 1); ``v ~*~ v`` for the ordered variables (delta: 1; theta:
    1/sd(y*), filled in after the fit); ``v ~1`` for every observed variable (free for a continuous
    one, 0 for an ordered one); latent means 0.  Free parameters are numbered in row order (shared
    labels share one), as lavaan numbers them."""
    base = build_partable(model)
    spec = parse_model(model)
    known = set(stats.ov_names)
    ordered = set(stats.ordered)
    missing = [v for v in base.ov_names if v not in known]
    if missing:
        names = ", ".join(missing)
        raise invalid_option("ordered", names,
                             f"The model uses {names}, which the sample statistics do not contain. Compute the "
                             f"statistics over every observed variable of the model.",
                             f"模型用到了 {names}，但样本统计量中没有这些变量。请对模型的全部观测变量计算统计量。",
                             f"模型用到了 {names}，但樣本統計量中沒有這些變項。請對模型的全部觀察變項計算統計量。")
    if spec.constraints:
        raise invalid_option("model", "==, <, >",
                             "Constraints (==, <, >) are not available with WLSMV yet; express equalities with "
                             "shared labels (a*x1 + a*x2), or fit by ML/MLR.",
                             "WLSMV 暂不支持约束（==、<、>）；等式约束请用相同标签表示（a*x1 + a*x2），或用 ML/MLR 拟合。",
                             "WLSMV 暫不支援限制式（==、<、>）；等式限制請用相同標籤表示（a*x1 + a*x2），或用 ML/MLR 配適。")
    if base.ov_x:
        names = ", ".join(base.ov_x)
        raise invalid_option("model", names,
                             f"Observed exogenous predictors ({names}) are not supported with ordered indicators "
                             f"yet. Use them as single-indicator factors (F =~ {base.ov_x[0]}) instead.",
                             f"有序指标的模型暂不支持观测外生预测变量（{names}）。请改用单指标因子（F =~ {base.ov_x[0]}）。",
                             f"有序指標的模型暫不支援觀察外生預測變項（{names}）。請改用單指標因素（F =~ {base.ov_x[0]}）。")
    th_of = dict(zip(stats.ov_names, stats.nth))
    res_value = 0.0 if parameterization == "delta" else 1.0
    user = [r for r in base.rows if r.user and r.op != "~1"]
    rest = [r for r in base.rows if not r.user and r.op != "~1"]
    rows: list[dict] = []
    for r in user:
        rows.append(dict(lhs=r.lhs, op=r.op, rhs=r.rhs, label=r.label, free=r.free, value=r.value, user=True))
    for v in base.ov_names:
        for k in range(th_of[v]):
            rows.append(dict(lhs=v, op="|", rhs=f"t{k + 1}", label="", free=-1, value=None, user=False))
    for r in rest:
        fixed_res = r.op == "~~" and r.lhs == r.rhs and r.lhs in ordered
        rows.append(dict(lhs=r.lhs, op=r.op, rhs=r.rhs, label=r.label, free=0 if fixed_res else r.free,
                         value=res_value if fixed_res else r.value, user=False))
    for v in base.ov_names:
        if v in ordered:
            rows.append(dict(lhs=v, op="~*~", rhs=v, label="", free=0, value=1.0, user=False))
    for v in base.ov_names:
        rows.append(dict(lhs=v, op="~1", rhs="", label="", free=0 if v in ordered else -1,
                         value=0.0 if v in ordered else None, user=False))
    for v in base.lv_names:
        rows.append(dict(lhs=v, op="~1", rhs="", label="", free=0, value=0.0, user=False))
    # renumber the free parameters in row order; the old numbers say which rows share one
    new: dict[int, int] = {}
    k = 0
    out = []
    for r in rows:
        free = 0
        if r["free"] == -1:
            k += 1
            free = k
        elif r["free"]:
            if r["free"] not in new:
                k += 1
                new[r["free"]] = k
            free = new[r["free"]]
        out.append(ParRow(lhs=r["lhs"], op=r["op"], rhs=r["rhs"], label=r["label"], free=free,
                          value=None if free else r["value"], user=r["user"]))
    return ParTable(rows=tuple(out), defined=spec.defined, ov_names=base.ov_names, lv_names=base.lv_names,
                    ov_x=(), lv_x=base.lv_x, notes=base.notes, meanstructure=True,
                    constraints=tuple(spec.constraints))


class WlsModel:
    """σ(θ) and Δ = ∂σ/∂θᵀ of a model with ordered indicators on top of :class:`RamModel`.

    The covariance and mean part is a RAM model of the rows other than ``|``/``~*~`` (renumbered);
    Σ(θ), μ(θ) are its implied moments with the ordered residual variances fixed (delta: at 0;
    theta: at 1).  With s_i = 1 (delta; continuous variables) or Σ_ii^{-½} (theta, ordered):

    * the first block: s_i τ_ik for an ordered variable, −μ_i for a continuous one;
    * the variances Σ_ii of the continuous variables;
    * below the diagonal: s_i s_j Σ_ij.

    Delta: Σ* = Σ₀ + diag(1 − diag Σ₀) over the ordered variables; since nothing is regressed on an
    ordered variable (checked), its residual variance enters Σ* only on the diagonal, so the
    off-diagonal elements and their derivatives are those of Σ₀.
    """

    def __init__(self, pt: ParTable, stats: WlsStats, parameterization: str = "delta"):
        self.partable = pt
        self.stats = stats
        self.theta_param = parameterization == "theta"
        self.q = pt.npar
        if list(pt.ov_names) != list(stats.ov_names):
            raise invalid_option("ordered", ", ".join(pt.ov_names),
                                 "The statistics must list the model's observed variables in the model's order "
                                 f"({', '.join(pt.ov_names)}); compute them in that order.",
                                 f"统计量中的变量须按模型中观测变量的顺序排列（{', '.join(pt.ov_names)}）；请按此顺序计算。",
                                 f"統計量中的變項須按模型中觀察變項的順序排列（{', '.join(pt.ov_names)}）；請按此順序計算。")
        core = [r for r in pt.rows if r.op not in ("|", "~*~")]
        glob = sorted({r.free for r in core if r.free})
        self.core_to_global = np.array(glob, dtype=int) - 1           # core index -> global index
        cmap = {g: i + 1 for i, g in enumerate(glob)}
        core_rows = tuple(replace(r, free=cmap[r.free]) if r.free else r for r in core)
        self.core = replace(pt, rows=core_rows)
        self.ram = RamModel(self.core)
        p = len(pt.ov_names)
        self.p = p
        self.is_ord = np.array([k > 0 for k in stats.nth])
        self.ord_idx = np.flatnonzero(self.is_ord)
        self.num_idx = np.flatnonzero(~self.is_ord)
        if not self.theta_param:
            A_struct = np.zeros((self.ram.n_vars, self.ram.n_vars), dtype=bool)
            A_struct[self.ram.a_rows, self.ram.a_cols] = True
            A_struct |= self.ram.A0 != 0
            bad = [pt.ov_names[i] for i in self.ord_idx if A_struct[:, i].any()]
            if bad:
                names = ", ".join(bad)
                raise invalid_option("model", names,
                                     f"Ordered variables cannot be predictors here ({names}). Make each a "
                                     f"single-indicator factor (F =~ {bad[0]}) and use the factor as the predictor.",
                                     f"此处有序变量不能作为预测变量（{names}）。请将其设为单指标因子（F =~ {bad[0]}），"
                                     f"再用该因子作预测变量。",
                                     f"此處有序變項不能作為預測變項（{names}）。請將其設為單指標因素（F =~ {bad[0]}），"
                                     f"再用該因素作預測變項。")
        # the first block: per variable its thresholds (global free index or fixed value) or its mean
        th_rows = {}
        for r in pt.rows:
            if r.op == "|":
                th_rows.setdefault(r.lhs, []).append(r)
        self.m1_var = []          # variable index of each entry of the first block
        self.m1_th = []           # global free index of a threshold, -1 for a fixed one, -2 for a mean
        self.m1_fixed = []
        for i, v in enumerate(pt.ov_names):
            if self.is_ord[i]:
                for r in th_rows.get(v, []):
                    self.m1_var.append(i)
                    self.m1_th.append(r.free - 1 if r.free else -1)
                    self.m1_fixed.append(np.nan if r.free else r.value)
            else:
                self.m1_var.append(i)
                self.m1_th.append(-2)
                self.m1_fixed.append(np.nan)
        self.m1_var = np.array(self.m1_var, dtype=int)
        self.m1_th = np.array(self.m1_th, dtype=int)
        self.m1_fixed = np.array(self.m1_fixed, dtype=float)
        self.n1 = len(self.m1_var)
        self.nvar_part = len(self.num_idx)
        self.r_off, self.c_off = offdiag_indices(p)
        vc, vr = np.triu_indices(p)                                     # vech (lower, column-wise)
        self.vech_pos = {(int(a), int(b)): k for k, (a, b) in enumerate(zip(vr, vc))}
        self.vech_off = np.array([self.vech_pos[(int(a), int(b))] for a, b in zip(self.r_off, self.c_off)], dtype=int)
        self.vech_diag = np.array([self.vech_pos[(i, i)] for i in range(p)], dtype=int)

    @property
    def nth(self) -> int:
        """Length of the first block (kept under this name for the baseline model)."""
        return self.n1

    def core_theta(self, theta: np.ndarray) -> np.ndarray:
        return np.asarray(theta, dtype=float)[self.core_to_global]

    def sigma0(self, theta: np.ndarray) -> np.ndarray:
        return self.ram.implied_cov(self.core_theta(theta))

    def _scales(self, S0: np.ndarray) -> np.ndarray:
        s = np.ones(self.p)
        if self.theta_param:
            s[self.ord_idx] = 1.0 / np.sqrt(np.diag(S0)[self.ord_idx])
        return s

    def _taus(self, theta: np.ndarray) -> np.ndarray:
        out = self.m1_fixed.copy()
        free = self.m1_th >= 0
        out[free] = np.asarray(theta, dtype=float)[self.m1_th[free]]
        return out

    def implied(self, theta: np.ndarray) -> np.ndarray:
        """σ(θ): lavaan's ``wls.est``."""
        ct = self.core_theta(theta)
        S0 = self.ram.implied_cov(ct)
        sc = self._scales(S0)
        first = self._taus(theta) * sc[self.m1_var]
        means = self.m1_th == -2
        if means.any():
            mu = self.ram.total_mean(ct)[: self.p]
            first[means] = -mu[self.m1_var[means]]
        var = np.diag(S0)[self.num_idx]
        off = (S0 * np.outer(sc, sc))[self.r_off, self.c_off]
        return np.concatenate([first, var, off])

    def ordered_residuals(self, theta: np.ndarray) -> np.ndarray:
        """The fixed ``~~`` estimates of the ordered variables: 1 − diag Σ₀ (delta) or 1 (theta)."""
        if self.theta_param:
            return np.ones(len(self.ord_idx))
        return 1.0 - np.diag(self.sigma0(theta))[self.ord_idx]

    def scale_factors(self, theta: np.ndarray) -> np.ndarray:
        """The ``~*~`` estimates of the ordered variables: 1 (delta) or 1/sd(y*) (theta)."""
        return self._scales(self.sigma0(theta))[self.ord_idx]

    def jacobian(self, theta: np.ndarray) -> np.ndarray:
        """Δ = ∂σ/∂θᵀ (lavaan's ``lavInspect(fit, "delta")``)."""
        ct = self.core_theta(theta)
        S0 = self.ram.implied_cov(ct)
        sc = self._scales(S0)
        dS = self.ram.moments_jacobian(ct, meanstructure=False)          # vech rows × q_core
        cols = self.core_to_global
        D = np.zeros((len(self.m1_var) + self.nvar_part + len(self.r_off), self.q))
        # d s_i / dθ = −½ s_i dΣ_ii / Σ_ii  (theta parameterization, ordered variables)
        dlog = np.zeros((self.p, len(cols)))
        if self.theta_param:
            dd = dS[self.vech_diag]
            dlog[self.ord_idx] = -0.5 * dd[self.ord_idx] / np.diag(S0)[self.ord_idx, None]
        taus = self._taus(theta)
        for k, (i, t) in enumerate(zip(self.m1_var, self.m1_th)):
            if t >= 0:
                D[k, t] += sc[i]
            if t != -2 and self.theta_param and self.is_ord[i]:
                D[k, cols] += sc[i] * taus[k] * dlog[i]
        means = np.flatnonzero(self.m1_th == -2)
        if len(means):
            dmu = self.ram.mean_jacobian(ct)
            D[np.ix_(means, cols)] = -dmu[self.m1_var[means]]
        a = len(self.m1_var)
        D[a:a + self.nvar_part, cols] = dS[self.vech_diag[self.num_idx]]
        off = dS[self.vech_off]
        fac = (sc[self.r_off] * sc[self.c_off])[:, None]
        block = fac * off
        if self.theta_param:
            sij = S0[self.r_off, self.c_off][:, None]
            block = block + fac * sij * (dlog[self.r_off] + dlog[self.c_off])
        D[a + self.nvar_part:, cols] = block
        return D

    def implied_matrix(self, theta: np.ndarray) -> np.ndarray:
        """Σ*(θ): the model's correlations/covariances with unit diagonal for the ordered variables."""
        S0 = self.sigma0(theta)
        sc = self._scales(S0)
        Sig = S0 * np.outer(sc, sc)
        Sig[self.ord_idx, self.ord_idx] = 1.0
        return Sig

    def filled_ram(self, theta: np.ndarray) -> RamModel:
        """A RAM model with the ordered residual variances of the delta parameterization filled in
        (Σ* with unit diagonal for the ordered variables), for standardizing; the model's own under theta."""
        if self.theta_param:
            return self.ram
        res = {self.partable.ov_names[i]: v for i, v in zip(self.ord_idx, self.ordered_residuals(theta))}
        rows = tuple(replace(r, value=float(res[r.lhs])) if (r.op == "~~" and r.lhs == r.rhs and not r.free
                                                              and r.lhs in res) else r for r in self.core.rows)
        filled = getattr(self, "_filled", None)
        if filled is None:
            filled = self._filled = RamModel(replace(self.core, rows=rows))
        else:               # same structure: only the fixed values change (and the cached matrices)
            filled.partable = replace(self.core, rows=rows)
            filled.P0[self.ord_idx, self.ord_idx] = [res[self.partable.ov_names[i]] for i in self.ord_idx]
            filled._last_parts = None
        return filled


# ----------------------------------------------------------------------------------------------
# the fit
# ----------------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class WlsResult(SemResult):
    """A DWLS/ULS fit with ordered indicators: :class:`SemResult`'s fields (``parameters`` with the
    ``|``, ``~*~`` and ``~1`` rows as lavaan's ``parameterEstimates``; ``fit`` with lavaan's names)
    plus ``test`` (``lavInspect(fit, "test")``: ``standard`` and, for WLSMV/ULSMV,
    ``scaled.shifted``), the sample statistics, σ(θ̂) and Δ."""

    test: dict = field(default_factory=dict)
    ordinal_stats: WlsStats | None = field(default=None, repr=False)
    wls_est: np.ndarray | None = field(default=None, repr=False)
    delta: np.ndarray | None = field(default=None, repr=False)
    wls_model: "WlsModel | None" = field(default=None, repr=False, compare=False)

    def implied(self, theta: np.ndarray | None = None, S: np.ndarray | None = None) -> np.ndarray:
        """Σ*(θ) (default θ̂): the model's polychoric correlations (covariances for continuous variables).
        ``model`` is the RAM model of the covariance part only, whose parameters are numbered apart
        from ``theta``'s: use this (or ``wls_model``) rather than ``model.implied_cov(theta)``."""
        return self.wls_model.implied_matrix(self.theta if theta is None else theta)

    def refit_stats(self, stats, theta0: np.ndarray | None = None, max_iter: int = 100) -> MLFit:
        """Estimates of the same model on other ordinal statistics (a resample's), warm-started at θ̂: only
        the estimates (no SEs or tests), for a bootstrap.  ``stats``: :class:`WlsStats` or
        :class:`research.sem.ordinal_stats.OrdinalStats` over the same variables; ``fmin`` is lavaan's."""
        if not isinstance(stats, WlsStats):
            stats = WlsStats.from_sample(stats)
        wm = WlsModel(self.partable, stats, self.provenance.get("parameterization", "delta"))
        W = np.ones(len(stats.wls_obs)) if self.estimator.startswith("ULS") else stats.weights()
        start = self.theta if theta0 is None else np.asarray(theta0, dtype=float)
        theta, F, gmax, iters, ok = _least_squares(wm, np.asarray(stats.wls_obs, dtype=float), W, start, max_iter)
        n = stats.n
        return MLFit(theta, 0.5 * (n - 1) / n * F, gmax, iters, ok, "" if ok else "not converged")

    def refit(self, S, n=None, theta0=None):
        raise invalid_option("estimator", f'"{self.estimator}"',
                             "A WLSMV fit cannot be refitted from a covariance matrix; refit it with fit_wls on "
                             "the ordinal statistics of the new data.",
                             "WLSMV 拟合不能用协方差矩阵重新拟合；请用新数据的有序统计量调用 fit_wls。",
                             "WLSMV 配適不能以共變數矩陣重新配適；請以新資料的有序統計量呼叫 fit_wls。")

    @property
    def rowwise(self) -> bool:
        return True

    def to_dict(self) -> dict:
        """:meth:`SemResult.to_dict` plus ``test`` (lavaan's ``lavInspect(fit, "test")``), the
        parameterization and the ordered variables."""
        from .fit import _json

        out = super().to_dict()
        out["test"] = {name: {k: _json(v) for k, v in t.items()} for name, t in self.test.items()}
        out["parameterization"] = self.provenance.get("parameterization", "delta")
        if self.ordinal_stats is not None:
            out["ordered"] = list(self.ordinal_stats.ordered)
        return out


def _least_squares(model: WlsModel, s: np.ndarray, w: np.ndarray, theta0: np.ndarray, max_iter: int = 500):
    """Gauss–Newton with backtracking on F(θ) = Σ w (s − σ(θ))², then scipy's Levenberg–Marquardt if
    that stalls.  Returns (θ, F, max |∂F/∂θ|, iterations, converged)."""
    sw = np.sqrt(w)

    def resid(t):
        try:
            return sw * (s - model.implied(t))
        except (np.linalg.LinAlgError, ValueError):
            return np.full(len(s), np.inf)

    theta = np.array(theta0, dtype=float)
    r = resid(theta)
    f = float(r @ r)
    it = 0
    gmax = np.inf
    for it in range(1, max_iter + 1):
        J = -sw[:, None] * model.jacobian(theta)
        g = 2.0 * J.T @ r
        gmax = float(np.max(np.abs(g))) if g.size else 0.0
        if gmax < 1e-11:
            return theta, f, gmax, it - 1, True
        JtJ = J.T @ J
        try:
            step = -linalg.cho_solve(linalg.cho_factor(JtJ), J.T @ r)
        except (linalg.LinAlgError, ValueError):
            step = -np.linalg.pinv(JtJ) @ (J.T @ r)
        t = 1.0
        while t > 1e-10:
            cand = theta + t * step
            rc = resid(cand)
            fc = float(rc @ rc)
            if np.isfinite(fc) and fc <= f + 1e-4 * t * float(g @ step):
                break
            t *= 0.5
        if t <= 1e-10:
            break
        done = f - fc < 1e-17 and np.max(np.abs(t * step)) < 1e-12
        theta, r, f = cand, rc, fc
        if done:
            break
    J = -sw[:, None] * model.jacobian(theta)
    g = 2.0 * J.T @ r
    gmax = float(np.max(np.abs(g))) if g.size else 0.0
    if gmax < 1e-8:
        return theta, f, gmax, it, True
    sol = optimize.least_squares(resid, theta, jac=lambda t: -sw[:, None] * model.jacobian(t), method="lm",
                                 xtol=1e-15, ftol=1e-15, gtol=1e-15, max_nfev=20000)
    theta = sol.x
    r = resid(theta)
    f = float(r @ r)
    J = -sw[:, None] * model.jacobian(theta)
    gmax = float(np.max(np.abs(2.0 * J.T @ r)))
    return theta, f, gmax, it + int(sol.nfev), gmax < 1e-6


def _start(model: WlsModel, stats: WlsStats) -> np.ndarray:
    """The covariance part from :meth:`RamModel.start_values` on S*; thresholds at their sample values
    (divided by the scale factors under theta); intercepts of continuous variables at their means."""
    theta = np.zeros(model.q)
    core0 = model.ram.start_values(stats.matrix())
    theta[model.core_to_global] = core0
    sc = model._scales(model.sigma0(theta))
    first = np.asarray(stats.wls_obs[:model.n1], dtype=float)
    th = model.m1_th >= 0
    theta[model.m1_th[th]] = first[th] / sc[model.m1_var[th]]
    means = {model.partable.ov_names[i]: -first[k] for k, i in enumerate(model.m1_var) if model.m1_th[k] == -2}
    for r in model.partable.rows:
        if r.op == "~1" and r.free and r.lhs in means:
            theta[r.free - 1] = means[r.lhs]
    for r in model.partable.rows:
        if r.free and r.start is not None:
            theta[r.free - 1] = r.start
    return theta


def scaled_shifted(T: float, df: int, U: np.ndarray, gamma: np.ndarray) -> dict:
    """lavaan's ``scaled.shifted`` test (``lav_test_satorra_bentler``, Asparouhov & Muthén 2010)."""
    UG = U @ gamma
    tr1 = float(np.sum(U * gamma))
    tr2 = float(np.sum(UG * UG.T))
    if df <= 0:
        return {"test": "scaled.shifted", "stat": T, "df": df, "pvalue": NAN, "scaling.factor": NAN,
                "shift.parameter": NAN, "trace.UGamma": tr1, "trace.UGamma2": tr2}
    a = math.sqrt(df / tr2)
    shift = df - a * tr1
    stat = T * a + shift
    return {"test": "scaled.shifted", "stat": stat, "df": df, "pvalue": float(sps.chi2.sf(stat, df)),
            "scaling.factor": 1.0 / a, "shift.parameter": shift, "trace.UGamma": tr1, "trace.UGamma2": tr2}


def _u_matrix(W: np.ndarray, D: np.ndarray) -> np.ndarray:
    """U = W − WΔ(ΔᵀWΔ)⁻¹ΔᵀW for a diagonal W (given as a vector)."""
    WD = W[:, None] * D
    E = D.T @ WD
    return np.diag(W) - WD @ np.linalg.solve(E, WD.T)


def _catml(model: WlsModel, theta: np.ndarray, stats: WlsStats, W: np.ndarray, D: np.ndarray,
           E_inv: np.ndarray, df: int, dfb: int) -> dict:
    """lavaan's ``lav_fit_catml_dwls`` (Savalei 2021): the normal-theory ML χ² of the model against R at the
    DWLS estimates, its scaling c = tr(Mᵀ V M Γ_c)/df with M = I − Δ_c E⁻¹ Δ_cᵀ W_c (the correlation block)
    and V the normal-theory information of the correlations at Σ̂*, the baseline's −N log|R| and
    c₀ = tr Γ_c / df₀."""
    n = stats.n
    R = stats.matrix()
    p = stats.p
    empty = {k: NAN for k in ("XX3", "df3", "c.hat3", "XX3.scaled", "XX3.null", "df3.null", "c.hat3.null")}
    if len(model.num_idx) or np.linalg.eigvalsh(R)[0] < np.sqrt(np.finfo(float).eps):
        return empty          # lavaan: only when every variable is ordered
    Sig = np.eye(p)
    Sig[model.r_off, model.c_off] = Sig[model.c_off, model.r_off] = model.implied(theta)[model.n1:]
    Si = np.linalg.inv(Sig)
    XX3 = n * (np.linalg.slogdet(Sig)[1] + float(np.trace(R @ Si)) - np.linalg.slogdet(R)[1] - p)
    # V: ½ Dᵀ(Σ⁻¹⊗Σ⁻¹)D for the off-diagonal elements: 2 × ½ (Σ⁻¹_ik Σ⁻¹_jl + Σ⁻¹_il Σ⁻¹_jk)
    r, c = model.r_off, model.c_off
    V = Si[np.ix_(r, r)] * Si[np.ix_(c, c)] + Si[np.ix_(r, c)] * Si[np.ix_(c, r)]
    nth = model.nth
    Dc = D[nth:]
    Wc = W[nth:]
    Mt = np.eye(len(r)) - Dc @ E_inv @ (Dc.T * Wc[None, :])
    Gc = stats.gamma[nth:, nth:]
    ks = float(np.trace(Mt.T @ V @ Mt @ Gc))
    c3 = ks / df if df > 0 else NAN
    XX3_null = -n * np.linalg.slogdet(R)[1]
    c3_null = float(np.trace(Gc)) / dfb
    # df = 0: lavaan's c = k/0 = Inf, so its scaled statistic is 0
    return {"XX3": XX3, "df3": df, "c.hat3": c3, "XX3.scaled": XX3 / c3 if df > 0 else 0.0,
            "XX3.null": XX3_null, "df3.null": dfb, "c.hat3.null": c3_null}


def residual_summaries(S: np.ndarray, Sig: np.ndarray, th_obs: np.ndarray, th_est: np.ndarray,
                       th_var: np.ndarray) -> dict:
    """lavaan's ``lav_residuals_summary`` for categorical data (what ``fitMeasures`` reports as rmr,
    srmr_bentler, crmr and their ``_nomean`` versions): root mean squares of the residuals below the
    diagonal — raw (rmr), divided by the observed standard deviations (srmr, Bentler), or of the
    correlation matrices (crmr, Bollen) — over p(p+1)/2 elements (p(p−1)/2 for crmr), the
    ``_nomean``-less versions adding the residuals of the thresholds to the sum
    and their number to the count.  ``srmr`` is srmr_bentler_nomean (lavaan's choice for categorical data)."""
    p = S.shape[0]
    r, c = offdiag_indices(p)
    sd_o = np.sqrt(np.diag(S))
    sd_e = np.sqrt(np.diag(Sig))
    raw = (S - Sig)[r, c]
    bentler = raw / (sd_o[r] * sd_o[c])
    bollen = (S / np.outer(sd_o, sd_o) - Sig / np.outer(sd_e, sd_e))[r, c]
    th_raw = th_obs - th_est
    th_bentler = th_raw / sd_o[th_var]
    th_bollen = th_obs / sd_o[th_var] - th_est / sd_e[th_var]
    npl = p * (p + 1) // 2
    nc = p * (p - 1) // 2
    nth = len(th_obs)

    def rms(x, k):
        return math.sqrt(float(x @ x) / k) if k else NAN

    out = {"rmr": rms(np.concatenate([raw, th_raw]), npl + nth), "rmr_nomean": rms(raw, npl)}
    out["srmr"] = rms(bentler, npl)
    out["srmr_bentler"] = rms(np.concatenate([bentler, th_bentler]), npl + nth)
    out["srmr_bentler_nomean"] = out["srmr"]
    out["crmr"] = rms(np.concatenate([bollen, th_bollen]), nc + nth)
    out["crmr_nomean"] = rms(bollen, nc)
    return out


def _pnfi(X2, df, X2b, dfb):
    if dfb > 0 and X2b > 0:
        return (df / dfb) * ((X2b - X2) / X2b)
    return NAN


def _notclose(X2, df, n, G=1, c=1.0, h0=0.08) -> float:
    """lavaan's ``lav_fit_rmsea_notclosefit``: P(χ² ≤ X2) under RMSEA = .08, noncentrality n·df·h0²/(c·G)
    (the companion of :func:`research.sem.multigroup_robust.closefit_g`)."""
    if not all(math.isfinite(v) for v in (X2, df, c)) or df <= 0:
        return NAN
    return float(sps.ncx2.cdf(X2, df, n * df * h0 ** 2 / (c * G)))


def wls_fit_measures(*, T: float, df: int, Tb: float, dfb: int, n: int, uls: bool, npar: int, fmin: float,
                     scaled: dict | None, scaled_b: dict | None, catml: dict | None, s: np.ndarray,
                     sigma: np.ndarray, W: np.ndarray, S_obs: np.ndarray, S_est: np.ndarray, n1: int,
                     m1_var: np.ndarray, m1_th: np.ndarray) -> dict:
    """``fitMeasures(fit)`` of a DWLS/ULS fit with ordered indicators, lavaan 0.6-14's names and order.

    ``n`` is lavaan's ``lav_utils_get_ntotal`` for these estimators: N − 1 (the RMSEA, CN, MFI use it);
    ``fmin`` = ½ (N − 1)/N · F.  With ``uls`` the unscaled statistics get no p-values (lavaan).
    The residual summaries and the GFI of the one group (``s``, ``sigma``, ``W``, the observed and
    implied matrices, the thresholds' variables) are worked out here; the rest is :func:`wls_fit_indices`."""
    th = m1_th >= -1           # the thresholds (lavaan leaves the means of continuous variables out)
    residuals = residual_summaries(S_obs, S_est, s[:n1][th], sigma[:n1][th], m1_var[th])
    gfi = 1.0 - float((s - sigma) ** 2 @ W) / float(s ** 2 @ W)
    return wls_fit_indices(T=T, df=df, Tb=Tb, dfb=dfb, n=n, uls=uls, npar=npar, fmin=fmin, scaled=scaled,
                           scaled_b=scaled_b, catml=catml, residuals=residuals, gfi=gfi, nel=len(s))


def wls_fit_indices(*, T: float, df: int, Tb: float, dfb: int, n: int, uls: bool, npar: int, fmin: float,
                    scaled: dict | None, scaled_b: dict | None, catml: dict | None, residuals: dict, gfi: float,
                    nel: int, nel_wrmr: int | None = None, groups: int = 1) -> dict:
    """The fit measures of a DWLS/ULS fit of one or ``groups`` groups from its statistics (lavaan 0.6-14's
    names and order): χ² and the scaled-and-shifted χ² of the model (``scaled``) and of the baseline
    (``Tb``, ``scaled_b``), the incremental indices (plain, ``.scaled``, and ``.robust`` from ``catml``, lavaan's
    ``lav_fit_catml_dwls``), the RMSEA family with G groups (``lav_fit_rmsea``: √G · √max(0, χ²/(n·df) − c/n),
    its CI and close/not-close fit p-values; Steiger 1998 for the √G), Hoelter's CN, GFI/AGFI/PGFI, MFI and WRMR.

    ``n``: N − G (lavaan's ``lav_utils_get_ntotal`` for these estimators); ``residuals``: rmr, srmr, crmr…
    (:func:`residual_summaries`, the groups' weighted by N_g/N); ``gfi``: lavaan's ``lav_fit_gfi`` (the groups'
    weighted by N_g/N); ``nel``: the number of sample statistics (all groups), for AGFI and PGFI;
    ``nel_wrmr``: the number WRMR divides by (lavaan 0.6-14 counts the first group's statistics only;
    ``nel`` when not given)."""
    G = groups
    out: dict[str, float] = {"npar": npar, "fmin": fmin, "chisq": T, "df": df,
                             "pvalue": float(sps.chi2.sf(T, df)) if df > 0 and not uls else NAN}
    if scaled is not None:
        out.update({"chisq.scaled": scaled["stat"], "df.scaled": df, "pvalue.scaled": scaled["pvalue"],
                    "chisq.scaling.factor": scaled["scaling.factor"]})
    out.update({"baseline.chisq": Tb, "baseline.df": dfb, "baseline.pvalue": NAN if uls else float(sps.chi2.sf(Tb, dfb))})
    Ts = Tbs = NAN
    if scaled is not None:
        Ts, Tbs = scaled["stat"], scaled_b["stat"]
        out.update({"baseline.chisq.scaled": Tbs, "baseline.df.scaled": dfb,
                    "baseline.pvalue.scaled": scaled_b["pvalue"],
                    "baseline.chisq.scaling.factor": scaled_b["scaling.factor"]})
    out["cfi"] = _cfi(T, df, Tb, dfb)
    out["tli"] = _tli(T, df, Tb, dfb)
    cm = catml or {}
    if scaled is not None:
        out["cfi.scaled"] = _cfi(Ts, df, Tbs, dfb)
        out["tli.scaled"] = _tli(Ts, df, Tbs, dfb)
        X3, c3, X3b, c3b = cm.get("XX3", NAN), cm.get("c.hat3", NAN), cm.get("XX3.null", NAN), cm.get("c.hat3.null", NAN)
        if df == 0 and math.isfinite(X3):
            # lavaan's c = k/0 is ±Inf, not NA, so the indices fall back to their unscaled form
            c3 = c3b = 1.0
        out["cfi.robust"] = _cfi_c(X3, df, X3b, dfb, c3, c3b)
        out["tli.robust"] = _tli_c(X3, df, X3b, dfb, c3, c3b)
    out.update({"nnfi": _tli(T, df, Tb, dfb), "rfi": _rfi(T, df, Tb, dfb), "nfi": _nfi(T, df, Tb, dfb),
                "pnfi": _pnfi(T, df, Tb, dfb), "ifi": _ifi(T, df, Tb, dfb), "rni": _rni(T, df, Tb, dfb)})
    if scaled is not None:
        out.update({"nnfi.scaled": _tli(Ts, df, Tbs, dfb), "rfi.scaled": _rfi(Ts, df, Tbs, dfb),
                    "nfi.scaled": _nfi(Ts, df, Tbs, dfb), "pnfi.scaled": _pnfi(Ts, df, Tbs, dfb),
                    "ifi.scaled": _ifi(Ts, df, Tbs, dfb), "rni.scaled": _rni(Ts, df, Tbs, dfb),
                    "nnfi.robust": out["tli.robust"], "rni.robust": _rni_c(X3, df, X3b, dfb, c3, c3b)})
    out["rmsea"] = rmsea_g(T, df, n, G)
    out["rmsea.ci.lower"], out["rmsea.ci.upper"] = rmsea_ci_g(T, df, n, G)
    out["rmsea.ci.level"] = 0.90
    out["rmsea.pvalue"] = closefit_g(T, df, n, G)
    out["rmsea.close.h0"] = 0.05
    out["rmsea.notclose.pvalue"] = _notclose(T, df, n, G)
    out["rmsea.notclose.h0"] = 0.08
    if scaled is not None:
        out["rmsea.scaled"] = rmsea_g(Ts, df, n, G)
        out["rmsea.ci.lower.scaled"], out["rmsea.ci.upper.scaled"] = rmsea_ci_g(Ts, df, n, G)
        out["rmsea.pvalue.scaled"] = closefit_g(Ts, df, n, G)
        out["rmsea.notclose.pvalue.scaled"] = _notclose(Ts, df, n, G)
        df3, X3s = cm.get("df3", NAN), cm.get("XX3.scaled", NAN)
        out["rmsea.robust"] = rmsea_g(X3, df3, n, G, c3)
        if all(math.isfinite(v) for v in (X3s, df3, c3)):
            out["rmsea.ci.lower.robust"], out["rmsea.ci.upper.robust"] = rmsea_ci_g(X3s, df3, n, G, c3)
        else:
            out["rmsea.ci.lower.robust"] = out["rmsea.ci.upper.robust"] = NAN
        out["rmsea.pvalue.robust"] = closefit_g(X3s, df3, n, G, c3)
        out["rmsea.notclose.pvalue.robust"] = _notclose(X3s, df3, n, G, c3)
    out.update(residuals)
    out["srmr_mplus"] = NAN
    out["srmr_mplus_nomean"] = NAN
    cn_na = (df == 0 and T < np.finfo(float).eps) or T <= 0       # lav_fit_cn
    out["cn_05"] = NAN if cn_na else float(sps.chi2.ppf(0.95, df)) / (T / n) + 1
    out["cn_01"] = NAN if cn_na else float(sps.chi2.ppf(0.99, df)) / (T / n) + 1
    out["gfi"] = gfi
    out["agfi"] = 1.0 - (nel / df) * (1.0 - gfi) if df > 0 else 1.0
    out["pgfi"] = (df / nel) * gfi if nel else NAN
    out["mfi"] = math.exp(-0.5 * (T - df) / n)
    nel_wrmr = nel if nel_wrmr is None else nel_wrmr
    out["wrmr"] = math.sqrt(T / nel_wrmr) if nel_wrmr else NAN
    return out


def check_options(estimator, parameterization) -> str:
    """The estimator in capitals (one of ``ESTIMATORS``) and the parameterization (``"delta"`` or ``"theta"``)
    checked, refused in three languages otherwise (:func:`fit_wls` and the multi-group fit)."""
    est_u = str(estimator).upper()
    if est_u not in ESTIMATORS:
        raise invalid_option("estimator", f'"{estimator}"', "Use one of: WLSMV, ULSMV, DWLS, ULS.",
                             "请使用 WLSMV、ULSMV、DWLS、ULS 之一。", "請使用 WLSMV、ULSMV、DWLS、ULS 之一。")
    if parameterization not in ("delta", "theta"):
        raise invalid_option("parameterization", f'"{parameterization}"',
                             'Use parameterization="delta" (lavaan\'s default) or "theta".',
                             '请使用 parameterization="delta"（lavaan 的默认值）或 "theta"。',
                             '請使用 parameterization="delta"（lavaan 的預設值）或 "theta"。')
    return est_u


def fit_wls(model: "str | ModelSpec", stats, *, estimator: str = "WLSMV",
            parameterization: str = "delta") -> WlsResult:
    """Fit ``model`` (lavaan syntax) to ordinal sample statistics as ``lavaan::sem(model, ordered = …,
    estimator = estimator)`` — ``stats`` a :class:`WlsStats` or a
    :class:`research.sem.ordinal_stats.OrdinalStats` of the model's observed variables in the model's
    order —: DWLS (``WLSMV``, ``DWLS``) or ULS (``ULSMV``, ``ULS``); the ``…MV`` ones
    with robust SEs and the scaled-and-shifted test, the plain ones with the standard SEs
    ((ΔᵀWΔ)⁻¹/(N − 1)) and test.  ``parameterization``: ``"delta"`` (lavaan's default) or ``"theta"``
    (residual variances of the y* fixed at 1, scale factors 1/sd(y*)).  Continuous variables of the
    statistics (``nth`` 0) are modelled with free intercepts and residual variances, as lavaan does."""
    est_u = check_options(estimator, parameterization)
    if not isinstance(stats, WlsStats):
        stats = WlsStats.from_sample(stats)           # research.sem.ordinal_stats.OrdinalStats
    spec = parse_model(model)
    pt = ordinal_partable(spec, stats, parameterization)
    wm = WlsModel(pt, stats, parameterization)
    n = stats.n
    s = np.asarray(stats.wls_obs, dtype=float)
    uls = est_u.startswith("ULS")
    robust_se = est_u.endswith("MV")
    W = np.ones(len(s)) if uls else stats.weights()
    gamma = np.asarray(stats.gamma, dtype=float)
    theta, F, gmax, iters, converged = _least_squares(wm, s, W, _start(wm, stats))
    warnings: list = []
    if not converged:
        warnings.append(_not_converged("ULS" if uls else "DWLS", gmax))
    sigma = wm.implied(theta)
    D = wm.jacobian(theta)
    WD = W[:, None] * D
    E = D.T @ WD
    cond = _condition(E)
    if cond < 1e12:
        E_inv = np.linalg.inv(E)
        if robust_se:
            vcov = E_inv @ (WD.T @ gamma @ WD) @ E_inv / (n - 1)
        else:
            vcov = E_inv / (n - 1)
    else:
        E_inv = np.full_like(E, np.nan)
        vcov = np.full_like(E, np.nan)
        warnings.append(diag.information_singular(cond))
    T = (n - 1) * F
    df = len(s) - wm.q
    if df < 0:
        warnings.append(_not_identified(len(s), wm.q))
    test = {"standard": {"test": "standard", "stat": T, "df": df,
                         "pvalue": stats_chi2_sf(T, df)}}
    nth = wm.n1 + wm.nvar_part
    # baseline: thresholds, means and variances free, correlations and covariances 0
    Tb = (n - 1) * float(W[nth:] @ s[nth:] ** 2)
    dfb = len(s) - nth
    scaled = scaled_b = catml = None
    if robust_se:
        Db = np.zeros((len(s), nth))
        Db[np.arange(nth), np.arange(nth)] = 1.0
        scaled_b = scaled_shifted(Tb, dfb, _u_matrix(W, Db), gamma)
        if cond < 1e12 and df >= 0:
            scaled = scaled_shifted(T, df, _u_matrix(W, D), gamma)
            catml = _catml(wm, theta, stats, W, D, E_inv, df, dfb)
        else:
            scaled = {"test": "scaled.shifted", "stat": NAN, "df": df, "pvalue": NAN, "scaling.factor": NAN,
                      "shift.parameter": NAN, "trace.UGamma": NAN, "trace.UGamma2": NAN}
        test["scaled.shifted"] = scaled
    if uls:             # lavaan gives no p-value for the unscaled ULS statistic
        test["standard"]["pvalue"] = NAN
    fit = wls_fit_measures(T=T, df=df, Tb=Tb, dfb=dfb, n=n - 1, uls=uls, npar=wm.q, fmin=0.5 * (n - 1) / n * F, scaled=scaled,
                           scaled_b=scaled_b, catml=catml, s=s, sigma=sigma, W=W, S_obs=stats.matrix(),
                           S_est=wm.implied_matrix(theta), n1=wm.n1, m1_var=wm.m1_var,
                           m1_th=wm.m1_th)
    if df < 0:          # lavaan leaves χ² and everything built on it missing
        for k in fit:
            if k not in _DEFINED_WITHOUT_DF:
                fit[k] = NAN
        for t in test.values():
            t.update({"stat": NAN, "pvalue": NAN})
    return _assemble(spec, pt, wm, theta, vcov, fit, test, warnings, stats, est_u, sigma, D,
                     {"iterations": iters, "gradient_max": gmax, "fmin": 0.5 * (n - 1) / n * F, "converged": converged})


def fit_wls_data(model: "str | ModelSpec", data: pd.DataFrame, *, ordered=True, estimator: str = "WLSMV",
                 parameterization: str = "delta", missing: str = "listwise") -> WlsResult:
    """:func:`fit_wls` on the sample statistics of ``data`` (:func:`research.sem.ordinal_stats.ordinal_sample_stats`
    over the model's observed variables, in the model's order): lavaan's ``sem(model, data, ordered = …,
    estimator = …, missing = …)``.  ``ordered``: True (every observed variable of the model) or the names
    of the ordered ones (the others continuous); ``missing``: ``"listwise"`` or ``"pairwise"``."""
    from .ordinal_stats import ordinal_sample_stats

    spec = parse_model(model)
    names = list(build_partable(spec).ov_names)
    if ordered is None or ordered is False:
        ordered = True
    if not isinstance(ordered, bool):
        ordered = [str(v) for v in ([ordered] if isinstance(ordered, str) else ordered)]
        ordered = [v for v in names if v in ordered]
        if not ordered:
            raise invalid_option("ordered", ", ".join(names[:10]),
                                 "None of the model's observed variables is in ordered=; name the ordered items "
                                 "(or ordered=True for all). For continuous items use estimator=\"ML\" or \"MLR\".",
                                 "ordered= 中没有模型的观测变量；请列出有序题目（或用 ordered=True 表示全部）。"
                                 "连续题目请使用 estimator=\"ML\" 或 \"MLR\"。",
                                 "ordered= 中沒有模型的觀察變項；請列出有序題目（或用 ordered=True 表示全部）。"
                                 "連續題目請使用 estimator=\"ML\" 或 \"MLR\"。")
    st = ordinal_sample_stats(data, names, ordered, missing=missing)[0]
    res = fit_wls(spec, WlsStats.from_sample(st), estimator=estimator, parameterization=parameterization)
    cols = data.loc[:, names]
    used = cols.notna().all(axis=1) if missing == "listwise" else cols.notna().any(axis=1)
    dropped = int(len(data) - used.sum())
    warnings = list(res.warnings)
    if dropped:
        warnings.append(diag.listwise_deleted(dropped, len(data)) if missing == "listwise"
                        else diag.empty_rows(dropped, len(data)))
    prov = dict(res.provenance)
    prov.update({"n_rows_dropped": dropped, "ordered": [v for v, k in zip(names, res.ordinal_stats.nth) if k],
                 "missing": missing, "zero_cell_pairs": [list(p) for p in st.zero_cell_pairs]})
    return replace(res, warnings=tuple(warnings), provenance=prov, missing=missing)


_DEFINED_WITHOUT_DF = {"npar", "fmin", "df", "baseline.chisq", "baseline.df", "baseline.pvalue",
                       "baseline.chisq.scaled", "baseline.df.scaled", "baseline.pvalue.scaled",
                       "baseline.chisq.scaling.factor", "rmr", "rmr_nomean", "srmr", "srmr_bentler",
                       "srmr_bentler_nomean", "crmr", "crmr_nomean", "gfi"}


def _condition(E: np.ndarray) -> float:
    """Condition number of the information ΔᵀWΔ after scaling every parameter to unit diagonal."""
    if E.size == 0:
        return 1.0
    d = np.sqrt(np.abs(np.diag(E)))
    d[d == 0] = 1.0
    if not np.all(np.isfinite(E)):
        return np.inf
    ev = np.linalg.eigvalsh(E / np.outer(d, d))
    return float(ev[-1] / ev[0]) if ev[0] > 0 else np.inf


def _not_identified(moments: int, npar: int) -> diag.SemWarning:
    return diag.SemWarning(
        "not_identified",
        f"The model is under-identified: it has {npar} free parameters but the ordinal statistics (thresholds and "
        f"correlations) number only {moments}. The estimates are one of many solutions; χ² and the fit measures "
        f"built on it are not reported. Add indicators (at least 3 per factor), fix parameters or remove paths.",
        f"模型不可识别（识别不足）：有 {npar} 个自由参数，但有序统计量（阈值与相关）只有 {moments} 个。估计值只是众多解之一，"
        f"不报告 χ² 及基于它的拟合指标。请增加指标（每个因子至少 3 个）、固定参数或删除路径。",
        f"模型無法識別（識別不足）：有 {npar} 個自由參數，但有序統計量（閾值與相關）只有 {moments} 個。估計值只是眾多解之一，"
        f"不報告 χ² 及以其為基礎的配適指標。請增加指標（每個因素至少 3 個）、固定參數或刪除路徑。")


def _not_converged(method: str, gradient: float) -> diag.SemWarning:
    return diag.SemWarning(
        "not_converged",
        f"The {method} estimation did not converge (largest gradient {gradient:.2g}); results are not trustworthy. "
        f"Check the model and the data (often a factor with too few or too weak indicators, categories almost "
        f"nobody chose, or too small a sample), or simplify the model.",
        f"{method} 估计未收敛（最大梯度 {gradient:.2g}），结果不可信。请检查模型与数据（常见原因：因子指标过少或过弱、"
        f"几乎无人选择的选项类别、样本量太小），或简化模型。",
        f"{method} 估計未收斂（最大梯度 {gradient:.2g}），結果不可信。請檢查模型與資料（常見原因：因素指標過少或過弱、"
        f"幾乎無人選擇的選項類別、樣本數太小），或簡化模型。")


def stats_chi2_sf(x, df):
    return sps.chi2.sf(x, df) if df > 0 else NAN


def _std_vectors(wm: WlsModel, theta: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(est, std.lv, std.all) for every row of the full parameter table at θ, as lavaan's: a threshold
    τ has std.lv τ and std.all τ·s (s = 1/sd(y*): 1 under delta); a scale factor ``~*~`` has est and
    std.lv s, std.all 1; the other rows as :func:`research.sem.standardize.standardize` (under delta
    with the ordered residual variances filled in, so that Var(y*) = 1)."""
    pt = wm.partable
    ram = wm.filled_ram(theta)
    ct = wm.core_theta(theta)
    lv_c, all_c = standardize(ram, ct, None)
    est_c = np.array([ct[r.free - 1] if r.free else r.value for r in ram.partable.rows], dtype=float)
    if not wm.theta_param:        # the filled-in residual variances are the estimates lavaan shows
        est_c = np.array([r.value if (not r.free and r.op == "~~" and r.lhs == r.rhs and r.lhs in wm.partable.ov_names)
                          else e for r, e in zip(ram.partable.rows, est_c)], dtype=float)
    scale = dict(zip([pt.ov_names[i] for i in wm.ord_idx], wm.scale_factors(theta)))
    k = 0
    est = np.empty(len(pt.rows))
    std_lv = np.empty(len(pt.rows))
    std_all = np.empty(len(pt.rows))
    for i, r in enumerate(pt.rows):
        if r.op == "|":
            v = theta[r.free - 1] if r.free else r.value
            est[i] = std_lv[i] = v
            std_all[i] = v * scale[r.lhs]
        elif r.op == "~*~":
            est[i] = std_lv[i] = scale[r.lhs]
            std_all[i] = 1.0
        else:
            est[i], std_lv[i], std_all[i] = est_c[k], lv_c[k], all_c[k]
            k += 1
    return est, std_lv, std_all


def _assemble(spec, pt: ParTable, wm: WlsModel, theta, vcov, fit, test, warnings, stats: WlsStats,
              estimator, sigma, D, optimizer) -> WlsResult:
    est, std_lv, std_all = _std_vectors(wm, theta)
    q = wm.q
    se = np.zeros(len(pt.rows))
    for k, r in enumerate(pt.rows):
        if r.free:
            v = vcov[r.free - 1, r.free - 1]
            se[k] = math.sqrt(v) if v >= 0 else NAN
    dvals = defined_with_gradient(pt, theta, est)
    d_lv = defined_values(pt, std_lv)
    d_all = defined_values(pt, std_all)

    def row(lhs, op, rhs, label, e, s, free, slv, sall):
        z = e / s if free and s > 0 else NAN
        return {"lhs": lhs, "op": op, "rhs": rhs, "label": label, "est": float(e), "se": float(s), "z": z,
                "pvalue": 2 * stats_norm_sf(abs(z)) if math.isfinite(z) else NAN,
                "ci.lower": e - Z975 * s, "ci.upper": e + Z975 * s, "std.lv": float(slv), "std.all": float(sall)}

    rows = [row(r.lhs, r.op, r.rhs, r.label, est[k], se[k], bool(r.free), std_lv[k], std_all[k])
            for k, r in enumerate(pt.rows)]
    drows = []
    for d in pt.defined:
        v, g = dvals[d.name]
        s_ = math.sqrt(max(float(g @ vcov @ g), 0.0)) if q else 0.0
        drows.append(row(d.name, ":=", d.text, d.name, v, s_, s_ > 0, d_lv[d.name], d_all[d.name]))
    parameters = pd.DataFrame(rows + drows, columns=PARAMETER_COLUMNS)
    defined = pd.DataFrame(drows, columns=PARAMETER_COLUMNS)

    # standardizedSolution: std.all with delta-method SEs (central differences of the std.all vector,
    # the residual variances following θ)
    def std_vec(t):
        _, _, sa = _std_vectors(wm, t)
        da = defined_values(pt, sa)
        return np.concatenate([sa, np.array([da[d.name] for d in pt.defined], dtype=float)])

    base = std_vec(theta)
    J = np.zeros((len(base), q))
    for j in range(q):
        h = 1e-6 * max(1.0, abs(theta[j]))
        tp, tm = theta.copy(), theta.copy()
        tp[j] += h
        tm[j] -= h
        J[:, j] = (std_vec(tp) - std_vec(tm)) / (2 * h)
    std_se = np.sqrt(np.clip(np.einsum("ij,jk,ik->i", J, vcov, J), 0, None))
    all_rows = [(r.lhs, r.op, r.rhs, r.label) for r in pt.rows] + [(d.name, ":=", d.text, d.name) for d in pt.defined]
    srows = []
    for k, (lhs, op, rhs, label) in enumerate(all_rows):
        e, s_ = base[k], std_se[k]
        z = e / s_ if s_ > 1e-9 * max(1.0, abs(e)) else NAN
        srows.append({"lhs": lhs, "op": op, "rhs": rhs, "label": label, "est.std": e, "se": s_, "z": z,
                      "pvalue": 2 * stats_norm_sf(abs(z)) if math.isfinite(z) else NAN,
                      "ci.lower": e - Z975 * s_, "ci.upper": e + Z975 * s_})
    standardized = pd.DataFrame(srows, columns=STANDARDIZED_COLUMNS)
    r2 = r_squared(pt, std_all)
    res_var = [r.lhs for k, r in enumerate(pt.rows) if r.op == "~~" and r.lhs == r.rhs and est[k] < 0]
    if res_var:
        warnings.append(diag.negative_variance(res_var))
    names = list(pt.ov_names)
    Sstar = stats.matrix()
    Sig = wm.implied_matrix(theta)
    provenance = {"n_rows_used": int(stats.n), "n_rows_dropped": 0, "versions": _versions(),
                  "parameterization": "theta" if wm.theta_param else "delta"}
    return WlsResult(
        spec=spec, partable=pt, n=int(stats.n), converged=bool(optimizer["converged"]), parameters=parameters,
        standardized=standardized, defined=defined, fit=fit, r2=r2,
        implied_cov=pd.DataFrame(Sig, index=names, columns=names),
        sample_cov=pd.DataFrame(Sstar, index=names, columns=names),
        warnings=tuple(warnings), theta=np.asarray(theta, dtype=float).copy(), vcov=vcov, model=wm.ram,
        optimizer=dict(optimizer), provenance=provenance, estimator=estimator, missing="listwise",
        test=test, ordinal_stats=stats, wls_est=sigma, delta=D, wls_model=wm)


def stats_norm_sf(x):
    return float(sps.norm.sf(x))
