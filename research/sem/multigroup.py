"""Multi-group CFA/SEM by maximum likelihood with equality constraints across groups.

semopy's ``multigroup()`` fits each group on its own, so it cannot test
invariance; this module fits all groups jointly, as ``lavaan::cfa(...,
group = "g", group.equal = ...)``:

* every group has the model with a mean structure (free intercepts of the
  observed variables, latent means fixed at 0);
* ``equal`` names classes of parameters held equal across groups, with
  lavaan's names: ``loadings``, ``intercepts``, ``regressions``,
  ``residuals``, ``residual.covariances``, ``lv.variances``,
  ``lv.covariances``, ``means``; parameters sharing a label are equal too.
  When intercepts are equal (and ``means`` is not) the latent means are
  freed in every group but the first, as lavaan does, so that group
  differences in the item means are carried by the latent means;
* ``partial`` frees single parameters again (partial invariance, lavaan's
  ``group.partial``), written ``"visual =~ x2"`` or ``"x3 ~1"``;
* ``equal_rows`` constrains single parameters, e.g. one structural path.

Estimation: the discrepancy F = Σ_g (n_g/N) F_g with, per group,
F_g = log|Σ_g| + tr(S_g Σ_g⁻¹) + (x̄_g − μ_g)ᵀ Σ_g⁻¹ (x̄_g − μ_g) − log|S_g| − p
(S_g with divisor n_g), minimised by Fisher scoring with a line search.  The
expected Hessian of F_g on (μ, vech Σ) is diag(2Σ⁻¹, Dᵀ(Σ⁻¹⊗Σ⁻¹)D); mapped
through Δ_g = ∂(μ_g, vech Σ_g)/∂θ it gives the step and, as
Σ_g n_g · ½ Δ_gᵀ W_g Δ_g, the expected information whose inverse is the
covariance matrix of θ̂ (lavaan's default for complete data).

Fit measures, as lavaan 0.6 computes them for several groups:
χ² = Σ_g n_g F_g(θ̂) (``chisq_by_group`` the terms); df = Σ_g moments_g −
npar; the baseline is the independence model in every group (free means and
variances); RMSEA = √G · √max(0, (χ²/N)/df − 1/N) with its CI scaled the
same way; SRMR = Σ_g (n_g/N) SRMR_g with the mean residuals included;
logL = Σ_g the normal log-likelihood of the group's rows; AIC = −2logL +
2·npar, BIC = −2logL + npar·ln N.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Sequence

import numpy as np
import pandas as pd
from scipy import stats

from ..errors import invalid_data, invalid_option
from ..jsonsafe import jsonable
from .fit_measures import baseline_chisq, chisq_measures, rmsea_ci, srmr_bentler_means
from .partable import ParTable, build_partable, check_identification
from .ram import RamModel
from .standardize import row_estimates, standardize
from .syntax import ModelSpec, parse_model

GROUP_EQUAL = ("loadings", "intercepts", "regressions", "residuals", "residual.covariances",
               "lv.variances", "lv.covariances", "means")
Z975 = stats.norm.ppf(0.975)
MULTIGROUP_FIT_NAMES = ("npar", "ntotal", "chisq", "df", "pvalue", "baseline.chisq", "baseline.df", "cfi", "tli",
                        "nfi", "rmsea", "rmsea.ci.lower", "rmsea.ci.upper", "srmr", "logl", "aic", "bic")


def _category(row, observed: set) -> str | None:
    if row.op == "=~":
        return "loadings"
    if row.op == "~":
        return "regressions"
    if row.op == "~1":
        return "intercepts" if row.lhs in observed else "means"
    if row.op == "~~":
        if row.lhs in observed and row.rhs in observed:
            return "residuals" if row.lhs == row.rhs else "residual.covariances"
        return "lv.variances" if row.lhs == row.rhs else "lv.covariances"
    return None


def parse_parameter(text: str) -> tuple[str, str, str]:
    """``"visual =~ x2"`` → ("visual", "=~", "x2"); ``"x3 ~1"`` → ("x3", "~1", "")."""
    t = str(text).replace(" ", "")
    for op in ("=~", "~~", "~1", "~"):
        if op in t:
            lhs, _, rhs = t.partition(op)
            if op == "~1" and rhs == "" and lhs:
                return lhs, op, ""
            if op != "~1" and lhs and rhs:
                return lhs, op, rhs
    raise invalid_option("partial", repr(text)[:60],
                         "Name a parameter as in lavaan, e.g. 'visual =~ x2', 'x3 ~1' or 'SAT ~ REL'.",
                         "请按 lavaan 写法给出参数，例如 'visual =~ x2'、'x3 ~1' 或 'SAT ~ REL'。",
                         "請依 lavaan 寫法提供參數，例如 'visual =~ x2'、'x3 ~1' 或 'SAT ~ REL'。")


@dataclass(frozen=True)
class _Group:
    label: object
    n: int
    S: np.ndarray
    M: np.ndarray
    logdet_S: float
    pt: ParTable
    ram: RamModel
    index: np.ndarray          # local free parameter k → global index


@dataclass(frozen=True, eq=False)
class MultiGroupResult:
    """A joint multi-group fit: lavaan-named fit measures, a parameter table with a ``group`` column."""

    spec: ModelSpec
    groups: tuple
    n: dict
    equal: tuple
    partial: tuple
    equal_rows: tuple
    fit: dict
    chisq_by_group: dict
    parameters: pd.DataFrame
    theta: np.ndarray = field(repr=False)
    vcov: np.ndarray = field(repr=False)
    converged: bool = True
    iterations: int = 0
    gradient_max: float = 0.0
    n_dropped: int = 0

    def to_dict(self) -> dict:
        return jsonable({
            "groups": [str(g) for g in self.groups], "n": {str(k): v for k, v in self.n.items()},
            "equal": list(self.equal), "partial": list(self.partial),
            "equal_rows": [" ".join(p).strip() for p in self.equal_rows],
            "fit": {k: self.fit.get(k) for k in MULTIGROUP_FIT_NAMES},
            "chisq_by_group": {str(k): v for k, v in self.chisq_by_group.items()},
            "converged": self.converged, "n_dropped": self.n_dropped,
            "parameters": self.parameters.to_dict(orient="records"),
        })


# ----------------------------------------------------------------------------------------------
def _split(spec: ModelSpec, pt: ParTable, data, group: str, order) -> tuple[list, list, int]:
    if not isinstance(data, pd.DataFrame):
        raise invalid_option("data", f'"{type(data).__name__}"', "Pass the data as a pandas DataFrame.",
                             "请以 pandas DataFrame 提供数据。", "請以 pandas DataFrame 提供資料。")
    if group not in data.columns:
        raise invalid_data(f'"{group}"', f"There is no grouping column {group!r} in the data.",
                           f"数据中没有分组列 {group!r}。", f"資料中沒有分組欄 {group!r}。", column=group)
    names = list(pt.ov_names)
    absent = [v for v in names if v not in data.columns]
    if absent:
        raise invalid_data(", ".join(absent[:10]), "These model variables are not columns of the data.",
                           "这些模型变量不在数据列中。", "這些模型變項不在資料欄中。")
    X = data[names].apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    g = data[group]
    keep = ~np.isnan(X).any(axis=1) & g.notna().to_numpy()
    labels = list(pd.unique(g[keep])) if order is None else list(order)
    if order is not None:
        unknown = [x for x in labels if not (g == x).any()]
        if unknown:
            raise invalid_option("groups", ", ".join(map(str, unknown[:5])), "List only groups present in the data.",
                                 "只能列出数据中存在的组。", "只能列出資料中存在的組。")
        keep &= g.isin(labels).to_numpy()
    if len(labels) < 2:
        raise invalid_data(f"{group}: {len(labels)} group(s)",
                           "A multi-group model needs at least two groups with complete answers.",
                           "多组模型至少需要两个有完整答案的组。", "多組模型至少需要兩個有完整答案的組。", column=group)
    out = []
    p = len(names)
    for lab in labels:
        Xg = X[keep & (g == lab).to_numpy()]
        n = Xg.shape[0]
        if n < p + 1:
            raise invalid_data(f"{group} = {lab}: n = {n}, p = {p}",
                               f"Group {lab} has only {n} complete rows for {p} observed variables; a multi-group "
                               f"fit needs more rows than variables in every group. Merge small groups or leave "
                               f"them out (groups=...).",
                               f"组 {lab} 只有 {n} 行完整数据，却有 {p} 个观测变量；多组拟合要求每组的行数多于变量数。"
                               f"请合并小组或排除它们（groups=...）。",
                               f"組 {lab} 只有 {n} 列完整資料，卻有 {p} 個觀察變項；多組擬合要求每組的列數多於變項數。"
                               f"請合併小組或排除它們（groups=...）。", column=group)
        S = np.cov(Xg, rowvar=False, bias=True)
        const = [v for v, s in zip(names, np.diag(S)) if not s > 1e-12]
        if const:
            raise invalid_data(f"{group} = {lab}: " + ", ".join(const[:10]),
                               f"In group {lab} these variables have no variance: {', '.join(const)}.",
                               f"在组 {lab} 中以下变量没有变异：{'、'.join(const)}。",
                               f"在組 {lab} 中以下變項沒有變異：{'、'.join(const)}。", column=group)
        sign, logdet = np.linalg.slogdet(S)
        if sign <= 0 or np.linalg.eigvalsh(S / np.sqrt(np.outer(np.diag(S), np.diag(S))))[0] < 1e-10:
            raise invalid_data(f"{group} = {lab}", f"In group {lab} the covariance matrix is singular.",
                               f"组 {lab} 的协方差矩阵奇异。", f"組 {lab} 的共變數矩陣奇異。", column=group)
        out.append((lab, n, S, Xg.mean(axis=0), logdet))
    return out, labels, int((~keep).sum())


def _build_groups(pt0: ParTable, splits, equal: set, partial: set, equal_rows: set) -> tuple[list[_Group], int]:
    observed = set(pt0.ov_names)
    q0 = pt0.npar
    free_latent_means = "intercepts" in equal and "means" not in equal
    # category / key of each local free parameter (its first row)
    first_row = {}
    for r in pt0.rows:
        if r.free and r.free not in first_row:
            first_row[r.free] = r
    shared = np.zeros(q0, dtype=bool)
    for k, r in first_row.items():
        key = (r.lhs, r.op, r.rhs)
        if key in partial:
            continue
        if r.label or _category(r, observed) in equal or key in equal_rows:
            shared[k - 1] = True
    groups = []
    next_global = q0
    for gi, (lab, n, S, M, logdet) in enumerate(splits):
        pt = pt0
        if gi > 0 and free_latent_means:
            rows, extra = [], q0
            for r in pt0.rows:
                if r.op == "~1" and r.lhs not in observed and (r.lhs, r.op, r.rhs) not in partial:
                    extra += 1
                    r = replace(r, free=extra, value=None)
                rows.append(r)
            pt = replace(pt0, rows=tuple(rows))
        index = np.zeros(pt.npar, dtype=int)
        for k in range(pt.npar):
            if gi == 0 or (k < q0 and shared[k]):
                index[k] = k
            else:
                index[k] = next_global
                next_global += 1
        groups.append(_Group(lab, n, S, M, logdet, pt, RamModel(pt), index))
    return groups, next_global


class _Objective:
    def __init__(self, groups: list[_Group], q: int):
        self.groups = groups
        self.q = q
        self.N = sum(g.n for g in groups)
        self.p = groups[0].ram.p

    def _moments(self, g: _Group, theta):
        t = theta[g.index]
        Sigma = g.ram.implied_cov(t, g.S)
        mu = g.ram.implied_mean(t, g.S, g.M)
        return t, (Sigma + Sigma.T) / 2, mu

    def group_f(self, g: _Group, theta) -> float:
        _, Sigma, mu = self._moments(g, theta)
        sign, logdet = np.linalg.slogdet(Sigma)
        if sign <= 0:
            return np.inf
        d = g.M - mu
        K = np.linalg.inv(Sigma)
        return float(logdet + np.trace(g.S @ K) + d @ K @ d - g.logdet_S - self.p)

    def value(self, theta) -> float:
        try:
            return sum(g.n / self.N * self.group_f(g, theta) for g in self.groups)
        except np.linalg.LinAlgError:
            return np.inf

    def gradient_fisher(self, theta):
        """∂F/∂θ and the expected information (Fisher scoring's Hessian) of F = Σ_g n_g/N · F_g, with
        F_g = log|Σ| + tr(SK) + dᵀKd − log|S| − p (K = Σ⁻¹, d = x̄ − μ):
        ∂F_g/∂θ_k = tr(G Σ_k) − 2 dᵀK μ_k with G = K − K(S + ddᵀ)K, and
        E ∂²F_g/∂θ_k∂θ_l = tr(K Σ_k K Σ_l) + 2 μ_kᵀ K μ_l."""
        grad = np.zeros(self.q)
        H = np.zeros((self.q, self.q))
        for g in self.groups:
            t, Sigma, mu = self._moments(g, theta)
            K = np.linalg.inv(Sigma)
            K = (K + K.T) / 2
            d = g.M - mu
            G = K - K @ (g.S + np.outer(d, d)) @ K
            dmu, D = g.ram.moments_derivatives(t, g.S, g.M)
            Df = D.reshape(len(t), -1)
            w = g.n / self.N
            grad[g.index] += w * (Df @ G.ravel() - 2 * dmu.T @ (K @ d))
            Hg = w * ((K @ D @ K).reshape(len(t), -1) @ Df.T + 2 * dmu.T @ K @ dmu)
            H[np.ix_(g.index, g.index)] += Hg          # a group's local parameters map to distinct globals
        return grad, (H + H.T) / 2


def _minimise(obj: _Objective, theta0, gtol=1e-9, max_iter=500):
    theta = theta0.copy()
    f = obj.value(theta)
    gmax, it = np.inf, 0
    for it in range(1, max_iter + 1):
        g, H = obj.gradient_fisher(theta)
        gmax = float(np.abs(g).max())
        if gmax < gtol:
            return theta, f, gmax, it - 1, True, H
        try:
            step = -np.linalg.solve(H, g)
        except np.linalg.LinAlgError:
            step = -g
        slope = float(g @ step)
        if not slope < 0:
            step, slope = -g, -float(g @ g)
        t = 1.0
        while t > 1e-10:
            fc = obj.value(theta + t * step)
            if np.isfinite(fc) and fc <= f + 1e-4 * t * slope:
                break
            t *= 0.5
        if t <= 1e-10:
            break
        theta, f_new = theta + t * step, fc
        if abs(f - f_new) < 1e-16 and np.abs(t * step).max() < 1e-12:
            f = f_new
            break
        f = f_new
    g, H = obj.gradient_fisher(theta)
    gmax = float(np.abs(g).max())
    return theta, f, gmax, it, gmax < 1e-6, H


def _starts(groups: list[_Group], q: int, pt_cov: ParTable) -> np.ndarray:
    ram_cov = RamModel(pt_cov)
    qc = pt_cov.npar
    total = np.zeros(q)
    weight = np.zeros(q)
    for g in groups:
        fit = ram_cov.fit(g.S, g.n, None)
        local = np.zeros(g.pt.npar)
        local[:qc] = fit.theta
        for r in g.pt.rows:
            if r.op == "~1" and r.free and r.lhs in g.ram.index and g.ram.index[r.lhs] < g.ram.p:
                local[r.free - 1] = g.M[g.ram.index[r.lhs]]
        np.add.at(total, g.index, g.n * local)
        np.add.at(weight, g.index, g.n)
    return total / np.maximum(weight, 1)


def fit_multigroup(model: "str | ModelSpec", data: pd.DataFrame, group: str, *, equal: Sequence[str] = (),
                   partial: Sequence[str] = (), equal_rows: Sequence[str] = (), groups=None) -> MultiGroupResult:
    """Joint ML fit of ``model`` in every group of ``data[group]`` (see the module docstring).

    ``groups``: the groups to use and their order (default: all, in order of first appearance,
    as lavaan).  Rows with a missing value on a model variable or on the group are left out
    (``n_dropped``).
    """
    if isinstance(equal, str):
        equal = (equal,)
    bad = [e for e in equal if e not in GROUP_EQUAL]
    if bad:
        raise invalid_option("equal", ", ".join(map(str, bad)), "Use lavaan's names: " + ", ".join(GROUP_EQUAL) + ".",
                             "请使用 lavaan 的名称：" + "、".join(GROUP_EQUAL) + "。",
                             "請使用 lavaan 的名稱：" + "、".join(GROUP_EQUAL) + "。")
    spec = parse_model(model)
    pt0 = build_partable(spec, meanstructure=True)
    check_identification(pt0)
    if pt0.ov_x:
        raise invalid_option("model", ", ".join(pt0.ov_x),
                             "Multi-group models with observed exogenous covariates are not supported; model the "
                             "covariate as a single-indicator latent variable or leave it out.",
                             "多组模型暂不支持观测外生协变量；请将其设为单指标潜变量或删除。",
                             "多組模型暫不支援觀察外生共變量；請將其設為單指標潛在變項或刪除。")
    keys = {(r.lhs, r.op, r.rhs) for r in pt0.rows}
    partial_keys = {parse_parameter(x) for x in (partial if not isinstance(partial, str) else (partial,))}
    row_keys = {parse_parameter(x) for x in (equal_rows if not isinstance(equal_rows, str) else (equal_rows,))}
    unknown = [" ".join(k).strip() for k in (partial_keys | row_keys) if k not in keys]
    if unknown:
        raise invalid_option("partial", ", ".join(unknown[:5]), "Name parameters that are in the model.",
                             "请给出模型中存在的参数。", "請提供模型中存在的參數。")
    splits, labels, dropped = _split(spec, pt0, data, group, groups)
    built, q = _build_groups(pt0, splits, set(equal), partial_keys, row_keys)
    obj = _Objective(built, q)
    theta0 = _starts(built, q, build_partable(spec))
    theta, f, gmax, iterations, converged, H = _minimise(obj, theta0)
    N = obj.N
    info = 0.5 * N * H
    try:
        vcov = np.linalg.inv(info)
    except np.linalg.LinAlgError:
        vcov = np.linalg.pinv(info)
    vcov = (vcov + vcov.T) / 2
    fit, by_group = _fit_measures(obj, theta, q)
    params = _parameters(built, theta, vcov)
    return MultiGroupResult(spec=spec, groups=tuple(labels), n={g.label: g.n for g in built}, equal=tuple(equal),
                            partial=tuple(sorted(partial_keys)), equal_rows=tuple(sorted(row_keys)), fit=fit,
                            chisq_by_group=by_group, parameters=params, theta=theta, vcov=vcov,
                            converged=converged, iterations=iterations, gradient_max=gmax, n_dropped=dropped)


def _fit_measures(obj: _Objective, theta, q: int) -> tuple[dict, dict]:
    groups, N, G, p = obj.groups, obj.N, len(obj.groups), obj.p
    by_group = {g.label: g.n * obj.group_f(g, theta) for g in groups}
    X2 = float(sum(by_group.values()))
    df = sum(g.pt.n_moments for g in groups) - q
    X2b, dfb = 0.0, 0
    logl, srmr = 0.0, 0.0
    for g in groups:
        xb, db = baseline_chisq(g.S, g.n, [])
        X2b += xb
        dfb += db
        t, Sigma, mu = obj._moments(g, theta)
        d = g.M - mu
        K = np.linalg.inv(Sigma)
        logl += -0.5 * g.n * (p * math.log(2 * math.pi) + np.linalg.slogdet(Sigma)[1] + np.trace(g.S @ K) + d @ K @ d)
        srmr += g.n / N * srmr_bentler_means(g.S, g.M, Sigma, mu)[0]
    out = chisq_measures(X2, df, X2b, dfb, N, q)
    out["rmsea"] = math.sqrt(G) * math.sqrt(max((X2 / N) / df - 1.0 / N, 0.0)) if df > 0 else 0.0
    lo, hi = rmsea_ci(X2, df, N)
    out["rmsea.ci.lower"], out["rmsea.ci.upper"] = math.sqrt(G) * lo, math.sqrt(G) * hi
    out.update({"srmr": srmr, "logl": logl, "aic": -2 * logl + 2 * q, "bic": -2 * logl + q * math.log(N),
                "ngroups": G})
    return {k: out[k] for k in (*MULTIGROUP_FIT_NAMES, "ngroups")}, by_group


def _parameters(groups: list[_Group], theta, vcov) -> pd.DataFrame:
    rows = []
    for gi, g in enumerate(groups, start=1):
        t = theta[g.index]
        est = row_estimates(g.ram, t, g.S, g.M)
        _, std_all = standardize(g.ram, t, g.S, g.M)
        for k, r in enumerate(g.pt.rows):
            se = z = pval = np.nan
            if r.free:
                j = g.index[r.free - 1]
                v = vcov[j, j]
                se = math.sqrt(v) if v >= 0 else np.nan
                z = est[k] / se if se and se > 0 else np.nan
                pval = 2 * stats.norm.sf(abs(z)) if np.isfinite(z) else np.nan
            else:
                se = 0.0
            rows.append({"lhs": r.lhs, "op": r.op, "rhs": r.rhs, "group": gi, "group_label": g.label,
                         "label": r.label, "free": int(g.index[r.free - 1] + 1) if r.free else 0,
                         "est": est[k], "se": se, "z": z, "pvalue": pval,
                         "ci.lower": est[k] - Z975 * se if r.free else est[k],
                         "ci.upper": est[k] + Z975 * se if r.free else est[k], "std.all": std_all[k]})
    return pd.DataFrame(rows)


# ----------------------------------------------------------------------------------------------
# measurement invariance
# ----------------------------------------------------------------------------------------------
LEVELS = {"configural": (), "metric": ("loadings",), "scalar": ("loadings", "intercepts"),
          "strict": ("loadings", "intercepts", "residuals")}
# Chen (2007): non-invariance when CFI drops by .010 or more, supplemented by a rise in RMSEA of
# .015 or more or in SRMR of .030 (metric) / .010 (scalar, strict) or more
CHEN_CFI, CHEN_RMSEA = -0.010, 0.015
CHEN_SRMR = {"metric": 0.030, "scalar": 0.010, "strict": 0.010}
DECISION_TEXT = {
    True: {"en": "invariance holds", "zh-Hans": "不变性成立", "zh-Hant": "不變性成立"},
    False: {"en": "invariance rejected", "zh-Hans": "不变性不成立", "zh-Hant": "不變性不成立"},
}


def lrt(restricted: MultiGroupResult, free: MultiGroupResult) -> dict:
    """Δχ² test of nested fits (lavaan ``lavTestLRT``, standard ML): Δχ², Δdf, p and the RMSEA of the
    difference √G·√max(0, (Δχ² − Δdf)/(N·Δdf)) (Savalei et al. 2023, as lavaan prints it)."""
    d2 = restricted.fit["chisq"] - free.fit["chisq"]
    ddf = restricted.fit["df"] - free.fit["df"]
    N, G = restricted.fit["ntotal"], restricted.fit["ngroups"]
    return {"chisq.diff": d2, "df.diff": ddf,
            "pvalue": float(stats.chi2.sf(d2, ddf)) if ddf > 0 else np.nan,
            "rmsea.diff": math.sqrt(G) * math.sqrt(max(0.0, (d2 - ddf) / (N * ddf))) if ddf > 0 else np.nan}


@dataclass(frozen=True, eq=False)
class InvarianceResult:
    """Configural → metric → scalar (→ strict) fits of one model across groups, with the comparisons."""

    group: str
    levels: tuple
    fits: dict                 # level → MultiGroupResult
    comparisons: list          # one dict per step (level vs the previous one)

    def table(self) -> pd.DataFrame:
        rows = []
        for lev in self.levels:
            f = self.fits[lev].fit
            row = {"model": lev, "chisq": f["chisq"], "df": f["df"], "pvalue": f["pvalue"], "cfi": f["cfi"],
                   "tli": f["tli"], "rmsea": f["rmsea"], "srmr": f["srmr"], "aic": f["aic"], "bic": f["bic"]}
            c = next((c for c in self.comparisons if c["model"] == lev), None)
            if c:
                row.update({k: c[k] for k in ("chisq.diff", "df.diff", "pvalue.diff", "delta.cfi", "delta.rmsea",
                                              "delta.srmr", "holds")})
            rows.append(row)
        return pd.DataFrame(rows)

    @property
    def highest(self) -> str:
        """The most restrictive level that holds by Chen's (2007) criteria, every step before it holding too."""
        best = self.levels[0]
        for c in self.comparisons:
            if not c["holds"]:
                break
            best = c["model"]
        return best

    def to_dict(self) -> dict:
        return jsonable({"group": self.group, "levels": list(self.levels), "highest": self.highest,
                         "criteria": {"source": "Chen 2007; Cheung & Rensvold 2002", "delta.cfi": CHEN_CFI,
                                      "delta.rmsea": CHEN_RMSEA, "delta.srmr": CHEN_SRMR},
                         "fits": {lev: self.fits[lev].to_dict() for lev in self.levels},
                         "comparisons": self.comparisons})


def invariance(model: "str | ModelSpec", data: pd.DataFrame, group: str, *,
               levels: Sequence[str] = ("configural", "metric", "scalar"), partial: Sequence[str] = (),
               groups=None) -> InvarianceResult:
    """Measurement invariance across ``data[group]``: each level fitted jointly, each compared with the previous.

    Levels (lavaan ``group.equal``): configural (same pattern), metric (+ equal loadings),
    scalar (+ equal intercepts), strict (+ equal residual variances).  ``partial`` frees named
    parameters in every constrained level (partial invariance).  Per step: the Δχ² test and
    ΔCFI, ΔRMSEA, ΔSRMR with Chen's (2007) decision — invariance is rejected when CFI drops by
    .010 or more *and* RMSEA rises by .015 or more or SRMR by .030 (metric) / .010 (scalar,
    strict) or more; otherwise it holds.  The Δχ² test is reported beside it: with large
    samples it rejects trivial differences (Cheung & Rensvold 2002), which is why the Δ-fit
    rule decides.
    """
    levels = tuple(levels)
    bad = [lv for lv in levels if lv not in LEVELS]
    if bad or not levels or len(set(levels)) != len(levels):
        raise invalid_option("levels", ", ".join(map(str, bad or levels)),
                             "Use configural, metric, scalar and strict, each once, in that order.",
                             "请按顺序使用 configural、metric、scalar、strict，每个一次。",
                             "請依序使用 configural、metric、scalar、strict，每個一次。")
    order = list(LEVELS)
    if [order.index(lv) for lv in levels] != sorted(order.index(lv) for lv in levels):
        raise invalid_option("levels", ", ".join(levels), "List the levels from the least to the most restrictive.",
                             "请按由宽到严的顺序列出各水平。", "請依由寬到嚴的順序列出各水準。")
    fits = {lv: fit_multigroup(model, data, group, equal=LEVELS[lv], partial=partial if lv != "configural" else (),
                               groups=groups) for lv in levels}
    comparisons = []
    for prev, lev in zip(levels, levels[1:]):
        a, b = fits[lev].fit, fits[prev].fit
        test = lrt(fits[lev], fits[prev])
        dcfi, drmsea, dsrmr = a["cfi"] - b["cfi"], a["rmsea"] - b["rmsea"], a["srmr"] - b["srmr"]
        rejected = dcfi <= CHEN_CFI and (drmsea >= CHEN_RMSEA or dsrmr >= CHEN_SRMR[lev])
        comparisons.append({"model": lev, "against": prev, "chisq.diff": test["chisq.diff"],
                            "df.diff": test["df.diff"], "pvalue.diff": test["pvalue"],
                            "rmsea.diff": test["rmsea.diff"], "delta.cfi": dcfi, "delta.rmsea": drmsea,
                            "delta.srmr": dsrmr, "holds": not rejected, "decision": DECISION_TEXT[not rejected]})
    return InvarianceResult(group=group, levels=levels, fits=fits, comparisons=comparisons)


# ----------------------------------------------------------------------------------------------
# one path across groups
# ----------------------------------------------------------------------------------------------
def compare_path(model: "str | ModelSpec", data: pd.DataFrame, group: str, path: str, *,
                 base: Sequence[str] = ("loadings",), partial: Sequence[str] = (), groups=None) -> dict:
    """Is ``path`` (e.g. ``"SAT ~ REL"``) the same in every group?

    Two nested joint fits, both with ``base`` held equal (metric invariance by default, so the
    latent scales are comparable): the path free in every group, and the path equal across
    groups; their Δχ² test (df = G − 1).  Beside it, from the free fit, the path per group
    (est, SE, std.all) and for each pair of groups the Wald z = (b_a − b_b)/√(SE_a² + SE_b²)
    (the groups are independent samples, so the estimates are uncorrelated).
    """
    key = parse_parameter(path)
    free = fit_multigroup(model, data, group, equal=base, partial=partial, groups=groups)
    same = fit_multigroup(model, data, group, equal=base, partial=partial, equal_rows=(path,), groups=groups)
    p = free.parameters
    rows = p[(p["lhs"] == key[0]) & (p["op"] == key[1]) & (p["rhs"] == key[2])]
    if rows.empty or not (rows["free"] > 0).all():
        raise invalid_option("path", repr(path)[:60], "Name a free parameter of the model, e.g. 'SAT ~ REL'.",
                             "请给出模型中的自由参数，例如 'SAT ~ REL'。", "請提供模型中的自由參數，例如 'SAT ~ REL'。")
    per_group = [{"group": r["group_label"], "est": r["est"], "se": r["se"], "pvalue": r["pvalue"],
                  "std.all": r["std.all"]} for r in rows.to_dict(orient="records")]
    pairs = []
    for i in range(len(per_group)):
        for j in range(i + 1, len(per_group)):
            a, b = per_group[i], per_group[j]
            z = (a["est"] - b["est"]) / math.sqrt(a["se"] ** 2 + b["se"] ** 2)
            pairs.append({"a": a["group"], "b": b["group"], "diff": a["est"] - b["est"], "z": z,
                          "pvalue": float(2 * stats.norm.sf(abs(z)))})
    return jsonable({"path": " ".join(key).strip(), "group": group, "base": list(base), "per_group": per_group,
                     "lrt": lrt(same, free), "wald": pairs,
                     "fit_free": {k: free.fit[k] for k in ("chisq", "df", "cfi", "rmsea")},
                     "fit_equal": {k: same.fit[k] for k in ("chisq", "df", "cfi", "rmsea")}})
