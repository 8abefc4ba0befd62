"""Multi-group CFA/SEM with equality constraints across groups: ML, robust ML (MLR), listwise or FIML.

semopy's ``multigroup()`` fits each group on its own, so it cannot test
invariance; this module fits all groups jointly, as ``lavaan::cfa(...,
group = "g", group.equal = ..., estimator = ..., missing = ...)`` (lavaan 0.6-14):

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

Estimation (``missing="listwise"``, complete rows): the discrepancy
F = Σ_g (n_g/N) F_g with, per group,
F_g = log|Σ_g| + tr(S_g Σ_g⁻¹) + (x̄_g − μ_g)ᵀ Σ_g⁻¹ (x̄_g − μ_g) − log|S_g| − p
(S_g with divisor n_g), minimised by Fisher scoring with a line search.  The
expected Hessian of F_g on (μ, vech Σ) is diag(2Σ⁻¹, Dᵀ(Σ⁻¹⊗Σ⁻¹)D); mapped
through Δ_g = ∂(μ_g, vech Σ_g)/∂θ it gives the step and, as
Σ_g n_g · ½ Δ_gᵀ W_g Δ_g, the expected information whose inverse is the
covariance matrix of θ̂ (lavaan's default for complete data and ML).

``missing="fiml"`` (lavaan ``missing = "ml"``; Arbuckle 1996): every row with
at least one observed model variable, the objective −Σ_g log L_g / N with
log L_g the casewise normal log-likelihood of group g's rows
(:mod:`research.sem.mvnorm`), minimised by Fisher scoring and Newton steps
(:func:`research.sem.fiml.fit_fiml`); χ² = Σ_g 2(log L_g(h1) − log L_g(θ̂))
against each group's unrestricted model estimated by EM; standard errors
from the observed information (lavaan's default with missing data; Savalei &
Rosseel 2022 on why observed, not expected, information with incomplete data):
the Hessian of the objective (analytic here; lavaan differentiates the gradient
numerically, which agrees to ~1e-9), ACOV = (N·H)⁻¹.

``estimator="MLR"``: the same estimates, Huber–White standard errors and
the Yuan–Bentler (2000; Mplus variant) scaled χ² summed over the groups, with
scaled and robust CFI/TLI/RMSEA (:mod:`research.sem.multigroup_robust`; with
FIML the ``.robust`` indices are lavaan's FIML-corrected ones, also reported
for plain ML).  Nested fits are compared by the Satorra–Bentler (2001) scaled
difference (:func:`lrt`); score tests of the equalities, and a search that
releases them one at a time, are in :mod:`research.sem.multigroup_score`.

Fit measures, as lavaan 0.6 computes them for several groups:
χ² = Σ_g n_g F_g(θ̂) (``chisq_by_group`` the terms); df = Σ_g moments_g −
npar; the baseline is the independence model in every group (free means and
variances); RMSEA = √G · √max(0, (χ²/N)/df − 1/N) with its CI scaled the
same way; SRMR = Σ_g (n_g/N) SRMR_g with the mean residuals included (against
the EM moments with FIML); logL = Σ_g the normal log-likelihood of the group's
rows; AIC = −2logL + 2·npar, BIC = −2logL + npar·ln N.

Nothing is dropped silently: the result lists, per group, the rows it has,
uses and leaves out (incomplete rows with listwise deletion, empty rows with
FIML), and the rows without a group value; an option a step cannot honour is
refused with an error, never replaced by another.
"""
from __future__ import annotations

import hashlib
import math
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from typing import Sequence

import numpy as np
import pandas as pd
from scipy import stats

from ..errors import infinite_values, invalid_data, invalid_option
from ..jsonsafe import jsonable
from . import diagnostics as diag
from . import multigroup_robust as mgr
from .fiml import FimlObjective, fit_fiml
from .fit_measures import baseline_chisq, chisq_measures, srmr_bentler_means
from .interaction import refuse_interaction
from .mvnorm import MissingPatterns
from .partable import ParTable, build_partable, check_identification
from .ram import RamModel, descent_direction
from .robust import ROBUST_FIT_MEASURE_NAMES, FIML_ROBUST_NAMES
from .threads import one_thread
from .standardize import row_estimates, standardize
from .syntax import ModelSpec, parse_model

GROUP_EQUAL = ("loadings", "intercepts", "regressions", "residuals", "residual.covariances",
               "lv.variances", "lv.covariances", "means")
Z975 = stats.norm.ppf(0.975)
MULTIGROUP_FIT_NAMES = ("npar", "ntotal", "chisq", "df", "pvalue", "baseline.chisq", "baseline.df", "cfi", "tli",
                        "nfi", "rmsea", "rmsea.ci.lower", "rmsea.ci.upper", "srmr", "logl", "aic", "bic")
EXTRA_FIT_NAMES = ("ngroups", "baseline.pvalue", "nnfi", "rfi", "ifi", "rni", "rmsea.pvalue", "unrestricted.logl",
                   "bic2")
ESTIMATORS = ("ML", "MLR")
MISSING = {"listwise": "listwise", "fiml": "fiml", "ml": "fiml", "direct": "fiml"}


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


def parameter_name(lhs: str, op: str, rhs: str) -> str:
    """lavaan syntax of one parameter: ``"visual =~ x2"``, ``"x3 ~1"``."""
    return f"{lhs} ~1" if op == "~1" else f"{lhs} {op} {rhs}"


@dataclass(frozen=True)
class _Group:
    label: object
    n: int
    S: np.ndarray              # sample covariance (divisor n) / EM covariance with FIML
    M: np.ndarray              # sample means / EM means with FIML
    logdet_S: float
    pt: ParTable
    ram: RamModel
    index: np.ndarray          # local free parameter k → global index
    obj: FimlObjective         # −log L / n over the group's rows (FIML; MLR and score tests on complete data)

    @property
    def piece(self) -> mgr.GroupPiece:
        return mgr.GroupPiece(obj=self.obj, index=self.index, n=self.n, mu1=self.M, sigma1=self.S)


@dataclass(frozen=True, eq=False)
class MultiGroupResult:
    """A joint multi-group fit: lavaan-named fit measures, a parameter table with a ``group`` column.

    ``rows``: per group, the rows it has in the data, those used and those left out
    (``dropped``); ``rows_without_group``: rows whose group value is missing;
    ``rows_other_groups``: rows of groups left out with ``groups=``.
    ``chisq_scaled_by_group``: with MLR, each group's χ² divided by the scaling factor.
    """

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
    estimator: str = "ML"
    missing: str = "listwise"
    rows: dict = field(default_factory=dict)
    rows_without_group: int = 0
    rows_other_groups: int = 0
    chisq_scaled_by_group: dict | None = None
    warnings: tuple = ()
    model_groups: tuple = field(default=(), repr=False, compare=False)   # the compiled groups (score tests)

    @property
    def fit_names(self) -> tuple:
        """The fit measures this fit reports, in lavaan's names."""
        names = MULTIGROUP_FIT_NAMES + EXTRA_FIT_NAMES
        if self.estimator == "MLR":
            names += tuple(ROBUST_FIT_MEASURE_NAMES)
        elif self.missing == "fiml":
            names += tuple(FIML_ROBUST_NAMES)
        return names

    def to_dict(self) -> dict:
        return jsonable({
            "estimator": self.estimator, "missing": self.missing,
            "groups": [str(g) for g in self.groups], "n": {str(k): v for k, v in self.n.items()},
            "rows": {str(k): v for k, v in self.rows.items()}, "rows_without_group": self.rows_without_group,
            "rows_other_groups": self.rows_other_groups,
            "equal": list(self.equal), "partial": [parameter_name(*p) for p in self.partial],
            "equal_rows": [parameter_name(*p) for p in self.equal_rows],
            "fit": {k: self.fit.get(k) for k in self.fit_names},
            "chisq_by_group": {str(k): v for k, v in self.chisq_by_group.items()},
            "chisq_scaled_by_group": None if self.chisq_scaled_by_group is None else
            {str(k): v for k, v in self.chisq_scaled_by_group.items()},
            "converged": self.converged, "n_dropped": self.n_dropped,
            "warnings": [w.to_dict() for w in self.warnings],
            "parameters": self.parameters.to_dict(orient="records"),
        })


# ----------------------------------------------------------------------------------------------
# input
# ----------------------------------------------------------------------------------------------
def _check_options(estimator, missing) -> tuple[str, str]:
    if not isinstance(estimator, str) or estimator.upper() not in ESTIMATORS:
        raise invalid_option("estimator", f'"{estimator}"',
                             'A multi-group fit takes estimator="ML" (normal theory) or estimator="MLR" (robust '
                             'standard errors and the Yuan–Bentler scaled χ²).',
                             '多组拟合可使用 estimator="ML"（常规理论）或 estimator="MLR"（稳健标准误与 Yuan–Bentler 校正 χ²）。',
                             '多組配適可使用 estimator="ML"（常規理論）或 estimator="MLR"（穩健標準誤與 Yuan–Bentler 校正 χ²）。')
    if not isinstance(missing, str) or missing.lower() not in MISSING:
        raise invalid_option("missing", f'"{missing}"',
                             'A multi-group fit takes missing="listwise" (complete rows only) or missing="fiml" '
                             '(full-information ML in every group, lavaan\'s missing = "ml").',
                             '多组拟合可使用 missing="listwise"（仅完整的行）或 missing="fiml"（各组均用全信息最大似然，'
                             '即 lavaan 的 missing = "ml"）。',
                             '多組配適可使用 missing="listwise"（僅完整的列）或 missing="fiml"（各組均用全訊息最大概似，'
                             '即 lavaan 的 missing = "ml"）。')
    return estimator.upper(), MISSING[missing.lower()]


@dataclass(frozen=True)
class _Split:
    label: object
    X: np.ndarray              # the rows used (NaN = missing, FIML only)
    S: np.ndarray
    M: np.ndarray
    logdet: float
    data: MissingPatterns
    rows: int                  # rows of this group in the data


def _split(pt: ParTable, data, group: str, order, missing: str, warnings: list) -> tuple[list, list, dict]:
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
    X = np.array(data[names].apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float, na_value=np.nan),
                 dtype=float, copy=True)
    infinite = infinite_values(X, names)
    if infinite is not None:
        raise infinite
    g = data[group]
    has_group = g.notna().to_numpy()
    usable = ~np.isnan(X).all(axis=1) if missing == "fiml" else ~np.isnan(X).any(axis=1)
    if order is None:
        labels = list(pd.unique(g[has_group]))
    else:
        labels = list(order)
        unknown = [x for x in labels if not (g == x).any()]
        if unknown:
            raise invalid_option("groups", ", ".join(map(str, unknown[:5])), "List only groups present in the data.",
                                 "只能列出数据中存在的组。", "只能列出資料中存在的組。")
    if len(labels) < 2:
        raise invalid_data(f"{group}: {len(labels)} group(s)",
                           "A multi-group model needs at least two groups.",
                           "多组模型至少需要两个组。", "多組模型至少需要兩個組。", column=group)
    in_groups = g.isin(labels).to_numpy() & has_group
    info = {"rows_without_group": int((~has_group).sum()),
            "rows_other_groups": int((has_group & ~in_groups).sum()), "rows": {}}
    out = []
    p = len(names)
    for lab in labels:
        member = (g == lab).to_numpy() & has_group
        Xg = X[member & usable]
        n = Xg.shape[0]
        info["rows"][lab] = {"rows": int(member.sum()), "used": int(n), "dropped": int(member.sum() - n)}
        what = ("rows with at least one answer", "行有作答", "列有作答") if missing == "fiml" else \
            ("complete rows", "行完整数据", "列完整資料")
        if n < p + 1:
            hint = ("" if missing == "fiml" else " or use missing=\"fiml\"",
                    "" if missing == "fiml" else "，或使用 missing=\"fiml\"",
                    "" if missing == "fiml" else "，或使用 missing=\"fiml\"")
            raise invalid_data(f"{group} = {lab}: n = {n}, p = {p}",
                               f"Group {lab} has only {n} {what[0]} for {p} observed variables; a multi-group "
                               f"fit needs more rows than variables in every group. Merge small groups or leave "
                               f"them out (groups=...){hint[0]}.",
                               f"组 {lab} 只有 {n} {what[1]}，却有 {p} 个观测变量；多组拟合要求每组的行数多于变量数。"
                               f"请合并小组或排除它们（groups=...）{hint[1]}。",
                               f"組 {lab} 只有 {n} {what[2]}，卻有 {p} 個觀察變項；多組配適要求每組的列數多於變項數。"
                               f"請合併小組或排除它們（groups=...）{hint[2]}。", column=group)
        with np.errstate(invalid="ignore"):
            sd = np.nanstd(Xg, axis=0)
        const = [v for v, s in zip(names, sd) if not s > 1e-12]
        if const:
            raise invalid_data(f"{group} = {lab}: " + ", ".join(const[:10]),
                               f"In group {lab} these variables have no variance: {', '.join(const)}.",
                               f"在组 {lab} 中以下变量没有变异：{'、'.join(const)}。",
                               f"在組 {lab} 中以下變項沒有變異：{'、'.join(const)}。", column=group)
        dp, em = _group_data(Xg, missing == "fiml")
        if missing == "fiml":
            cov = dp.coverage
            never = [f"{names[i]}–{names[j]}" for i in range(p) for j in range(i) if cov[i, j] * n < 2]
            if never:
                pairs = ", ".join(never[:10])
                raise invalid_data(f"{group} = {lab}: {pairs}",
                                   f"In group {lab} these pairs of variables are (almost) never answered together, "
                                   f"so FIML cannot estimate their covariance: {pairs}. Remove one of each pair, "
                                   f"merge groups or leave the group out (groups=...).",
                                   f"在组 {lab} 中以下变量对几乎从未被同时作答，FIML 无法估计其协方差：{pairs}。"
                                   f"请删除每对中的一个、合并组别或排除该组（groups=...）。",
                                   f"在組 {lab} 中以下變項對幾乎從未被同時作答，FIML 無法估計其共變數：{pairs}。"
                                   f"請刪除每對中的一個、合併組別或排除該組（groups=...）。", column=group)
            low = [f"{names[i]}–{names[j]}" if i != j else names[i] for i in range(p) for j in range(i + 1)
                   if cov[i, j] < 0.1]
            if low:
                warnings.append(_in_group(diag.low_coverage(low), lab))
            if not em.converged:
                warnings.append(_in_group(diag.em_not_converged(em.iterations, em.max_change), lab))
            S, M = em.sigma, em.mu
        else:
            S, M = np.cov(Xg, rowvar=False, bias=True), Xg.mean(axis=0)
        sign, logdet = np.linalg.slogdet(S)
        if sign <= 0 or np.linalg.eigvalsh(S / np.sqrt(np.outer(np.diag(S), np.diag(S))))[0] < 1e-10:
            raise invalid_data(f"{group} = {lab}", f"In group {lab} the covariance matrix is singular.",
                               f"组 {lab} 的协方差矩阵奇异。", f"組 {lab} 的共變數矩陣奇異。", column=group)
        out.append(_Split(lab, Xg, S, M, logdet, dp, int(member.sum())))
    dropped = sum(r["dropped"] for r in info["rows"].values())
    total = sum(r["rows"] for r in info["rows"].values())
    if dropped:
        warnings.append(diag.empty_rows(dropped, total) if missing == "fiml" else diag.listwise_deleted(dropped, total))
    if info["rows_without_group"]:
        k = info["rows_without_group"]
        warnings.append(diag.SemWarning(
            "group_missing", f"{k} rows have no value in the grouping column {group} and were left out.",
            f"有 {k} 行在分组列 {group} 中没有值，已被排除。", f"有 {k} 列在分組欄 {group} 中沒有值，已被排除。"))
    return out, labels, info


_DATA_CACHE: "OrderedDict[tuple, tuple]" = OrderedDict()


def _group_data(X: np.ndarray, fiml: bool) -> tuple[MissingPatterns, object]:
    """A group's rows by pattern and (FIML) their EM estimates, kept for the next fit of the same
    rows: an invariance sequence or a path comparison fits the same groups several times."""
    key = (X.shape, hashlib.sha256(np.ascontiguousarray(X).tobytes()).hexdigest(), fiml)
    hit = _DATA_CACHE.get(key)
    if hit is not None:
        _DATA_CACHE.move_to_end(key)
        return hit
    data = MissingPatterns(X)
    out = (data, data.em() if fiml else None)
    _DATA_CACHE[key] = out
    while len(_DATA_CACHE) > 12:
        _DATA_CACHE.popitem(last=False)
    return out


def _in_group(w: diag.SemWarning, label) -> diag.SemWarning:
    return diag.SemWarning(w.code, f"[{label}] {w.en}", f"[{label}] {w.zh_hans}", f"[{label}] {w.zh_hant}")


def _build_groups(pts: list[ParTable], splits: list[_Split], equal: set, partial: set, equal_rows: set
                  ) -> tuple[list[_Group], int]:
    """Each group's model and where its free parameters sit in the joint θ.

    ``pts``: the parameter table of every group (they differ only where ``c(…)`` gives a group its own
    label or value).  A free parameter is one global parameter across groups when it carries a label
    (labels are global, as in lavaan: the same label in two groups makes them equal, ``c(a1, a2)``
    keeps them apart), or when its class is in ``equal`` or its row in ``equal_rows`` and it is not
    released by ``partial``; otherwise every group has its own.
    """
    observed = set(pts[0].ov_names)
    free_latent_means = "intercepts" in equal and "means" not in equal
    global_of: dict = {}
    groups = []
    for gi, sp in enumerate(splits):
        pt = pts[gi]
        if gi > 0 and free_latent_means:
            rows, extra = [], pt.npar
            for r in pt.rows:
                if r.op == "~1" and r.lhs not in observed and (r.lhs, r.op, r.rhs) not in partial and not r.free \
                        and r.value == 0.0 and not r.user:
                    extra += 1
                    r = replace(r, free=extra, value=None)
                rows.append(r)
            pt = replace(pt, rows=tuple(rows))
        first_row = {}
        for r in pt.rows:
            if r.free and r.free not in first_row:
                first_row[r.free] = r
        index = np.zeros(pt.npar, dtype=int)
        for k in range(1, pt.npar + 1):
            r = first_row[k]
            key = (r.lhs, r.op, r.rhs)
            if r.label:
                gkey = ("label", r.label)
            elif key not in partial and (_category(r, observed) in equal or key in equal_rows):
                gkey = ("row", key)
            else:
                gkey = ("group", gi, k)
            index[k - 1] = global_of.setdefault(gkey, len(global_of))
        ram = RamModel(pt)
        groups.append(_Group(sp.label, sp.data.n, sp.S, sp.M, sp.logdet, pt, ram, index,
                             FimlObjective(ram, sp.data, sp.S, sp.M)))
    return groups, len(global_of)


# ----------------------------------------------------------------------------------------------
# objectives
# ----------------------------------------------------------------------------------------------
class _Objective:
    """Complete data: F = Σ_g n_g/N · F_g on the groups' sample moments."""

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


class _FimlObjective:
    """Missing data: f = −Σ_g log L_g / N = Σ_g (n_g/N)(−log L_g/n_g), with the interface of
    :class:`research.sem.fiml.FimlObjective` so that :func:`research.sem.fiml.fit_fiml` minimises it."""

    def __init__(self, groups: list[_Group], q: int):
        self.groups = groups
        self.q = q
        self.N = sum(g.n for g in groups)

    def value(self, theta) -> float:
        total = 0.0
        for g in self.groups:
            v = g.obj.value(theta[g.index])
            if not np.isfinite(v):
                return np.inf
            total += g.n / self.N * v
        return total

    def gradient(self, theta) -> np.ndarray:
        out = np.zeros(self.q)
        for g in self.groups:
            out[g.index] += g.n / self.N * g.obj.gradient(theta[g.index])
        return out

    def expected_information(self, theta) -> np.ndarray:
        return mgr.expected_information([g.piece for g in self.groups], theta, self.q, self.N)

    def hessian(self, theta) -> np.ndarray:
        return mgr.observed_information([g.piece for g in self.groups], theta, self.q, self.N)


def _newton(obj: _FimlObjective, theta0, gtol=1e-10, max_iter=100):
    """Newton–Raphson on −Σ log L_g / N with the exact Hessian (:func:`multigroup_robust.exact_hessian`),
    Fisher scoring where the Hessian is not positive definite, backtracking line search.
    Returns (θ, f, max|g|, iterations, converged, message)."""
    theta = np.array(theta0, dtype=float)
    f = obj.value(theta)
    if not np.isfinite(f):
        return theta, f, np.inf, 0, False, "starting values give a non-positive-definite Σ"
    gmax, it = np.inf, 0
    for it in range(1, max_iter + 1):
        try:
            g = obj.gradient(theta)
        except np.linalg.LinAlgError:
            return theta, f, np.inf, it, False, "implied covariance matrix is singular"
        gmax = float(np.abs(g).max()) if g.size else 0.0
        if gmax < gtol:
            return theta, f, gmax, it - 1, True, "gradient below tolerance"
        step, slope = descent_direction(g, (lambda: obj.hessian(theta), lambda: obj.expected_information(theta)))
        t = 1.0
        tiny = abs(slope) < 1e-11 * max(1.0, abs(f))       # f no longer resolves the decrease
        while t > 1e-12:
            fc = obj.value(theta + t * step)
            if np.isfinite(fc) and (fc <= f + 1e-4 * t * slope or (tiny and t == 1.0)):
                break
            t *= 0.5
        if t <= 1e-12:
            return theta, f, gmax, it, gmax < 1e-6, "line search failed"
        theta, f = theta + t * step, fc
    g = obj.gradient(theta)
    gmax = float(np.abs(g).max())
    return theta, f, gmax, it, gmax < 1e-6, "maximum iterations reached"


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


def _starts(groups: list[_Group], q: int, pt_covs: list[ParTable]) -> np.ndarray:
    """Each group's covariance structure fitted alone, intercepts at the group means; the joint start
    averages (weights n_g) over the groups that share a parameter."""
    total = np.zeros(q)
    weight = np.zeros(q)
    for g, pt_cov in zip(groups, pt_covs):
        ram_cov = RamModel(pt_cov)
        fit = ram_cov.fit(g.S, g.n, None)
        by_key = {r.key: fit.theta[r.free - 1] for r in pt_cov.rows if r.free}
        local = np.zeros(g.pt.npar)
        for r in g.pt.rows:
            if not r.free:
                continue
            if r.op == "~1" and r.lhs in g.ram.index and g.ram.index[r.lhs] < g.ram.p:
                local[r.free - 1] = g.M[g.ram.index[r.lhs]]
            elif r.key in by_key:
                local[r.free - 1] = by_key[r.key]
        np.add.at(total, g.index, g.n * local)
        np.add.at(weight, g.index, g.n)
    return total / np.maximum(weight, 1)


def _starts_from(prev: "MultiGroupResult | None", groups: list[_Group], q: int) -> np.ndarray | None:
    """Starting values from another fit of the model to the same groups: its estimate of every row,
    averaged (weights n_g) over the groups that share a parameter; None when it does not fit."""
    if prev is None or tuple(prev.groups) != tuple(g.label for g in groups):
        return None
    est = {(r["lhs"], r["op"], r["rhs"], r["group"]): r["est"]
           for r in prev.parameters[["lhs", "op", "rhs", "group", "est"]].to_dict("records")}
    total, weight = np.zeros(q), np.zeros(q)
    for gi, g in enumerate(groups, start=1):
        for r in g.pt.rows:
            if r.free:
                v = est.get((r.lhs, r.op, r.rhs, gi))
                if v is None or not np.isfinite(v):
                    return None
                j = g.index[r.free - 1]
                total[j] += g.n * v
                weight[j] += g.n
    return total / np.maximum(weight, 1)


def _invert(info: np.ndarray, warnings: list) -> np.ndarray:
    info = (info + info.T) / 2
    eig = np.linalg.eigvalsh(info)
    if not (eig[0] > 1e-10 * eig[-1]):
        warnings.append(diag.information_singular(eig[-1] / eig[0] if eig[0] > 0 else np.inf))
        vcov = np.linalg.pinv(info)
    else:
        vcov = np.linalg.inv(info)
    return (vcov + vcov.T) / 2


# ----------------------------------------------------------------------------------------------
# the fit
# ----------------------------------------------------------------------------------------------
def fit_multigroup(model: "str | ModelSpec", data: pd.DataFrame, group: str, *, equal: Sequence[str] = (),
                   partial: Sequence[str] = (), equal_rows: Sequence[str] = (), groups=None,
                   estimator: str = "ML", missing: str = "listwise",
                   start: "MultiGroupResult | None" = None, robust_indices: bool = True) -> MultiGroupResult:
    """Joint fit of ``model`` in every group of ``data[group]`` (see the module docstring).

    ``groups``: the groups to use and their order (default: all, in order of first appearance,
    as lavaan).  ``estimator``: ``"ML"`` or ``"MLR"``; ``missing``: ``"listwise"`` (rows with a
    missing value on a model variable are left out and counted per group in ``rows``) or
    ``"fiml"`` (alias ``"ml"``: every row with an answer).  Matches ``lavaan::cfa(model, data,
    group = group, group.equal = equal, group.partial = partial, estimator = estimator,
    missing = "listwise" | "ml")``.

    ``start``: a fit of the same model to the same groups (e.g. the previous invariance level)
    whose estimates start this one — fewer iterations, the same optimum.

    ``robust_indices=False`` (plain ML with FIML only): leave out the FIML-corrected robust indices
    (lavaan's ``.robust`` measures with ``missing = "ml"``; NaN here), which cost a trace over the groups'
    h1 information, when only the estimates and the normal-theory fit are wanted (a path comparison);
    every other number is the same.
    """
    with one_thread():
        return _fit_multigroup(model, data, group, equal=equal, partial=partial, equal_rows=equal_rows,
                               groups=groups, estimator=estimator, missing=missing, start=start,
                               robust_indices=robust_indices)


def _fit_multigroup(model, data, group, *, equal, partial, equal_rows, groups, estimator, missing, start=None,
                    robust_indices=True):
    estimator, missing = _check_options(estimator, missing)
    if isinstance(equal, str):
        equal = (equal,)
    bad = [e for e in equal if e not in GROUP_EQUAL]
    if bad:
        raise invalid_option("equal", ", ".join(map(str, bad)), "Use lavaan's names: " + ", ".join(GROUP_EQUAL) + ".",
                             "请使用 lavaan 的名称：" + "、".join(GROUP_EQUAL) + "。",
                             "請使用 lavaan 的名稱：" + "、".join(GROUP_EQUAL) + "。")
    refuse_interaction(model, "multigroup")
    spec = parse_model(model)
    hint = spec.ngroups_hint
    pt0 = build_partable(spec, meanstructure=True, group=0, ngroups=hint)
    check_identification(pt0)
    if spec.constraints:
        raise invalid_option("model", "; ".join(c.text for c in spec.constraints[:3]),
                             "Constraints with ==, < or > are fitted in single-group models; across groups, make "
                             "parameters equal with a shared label (c(a, a)*x2) or with group.equal (the "
                             "invariance levels), or fit each group on its own.",
                             "==、<、> 约束仅用于单组模型；跨组时请用相同标签（c(a, a)*x2）或不变性水平令参数相等，"
                             "或分别拟合各组。",
                             "==、<、> 限制式僅用於單組模型；跨組時請以相同標籤（c(a, a)*x2）或不變性水準令參數相等，"
                             "或分別配適各組。")
    if pt0.ov_x:
        raise invalid_option("model", ", ".join(pt0.ov_x),
                             "Multi-group models with observed exogenous covariates are not supported; model the "
                             "covariate as a single-indicator latent variable or leave it out.",
                             "多组模型暂不支持观测外生协变量；请将其设为单指标潜变量或删除。",
                             "多組模型暫不支援觀察外生共變項；請將其設為單指標潛在變項或刪除。")
    keys = {(r.lhs, r.op, r.rhs) for r in pt0.rows}
    partial_keys = {parse_parameter(x) for x in (partial if not isinstance(partial, str) else (partial,))}
    row_keys = {parse_parameter(x) for x in (equal_rows if not isinstance(equal_rows, str) else (equal_rows,))}
    unknown = [parameter_name(*k) for k in (partial_keys | row_keys) if k not in keys]
    if unknown:
        raise invalid_option("partial", ", ".join(unknown[:5]), "Name parameters that are in the model.",
                             "请给出模型中存在的参数。", "請提供模型中存在的參數。")
    warnings: list = []
    if spec.defined:
        names = ", ".join(d.name for d in spec.defined)
        warnings.append(diag.SemWarning(
            "defined_not_computed", f"Defined parameters (:=) are not computed in a multi-group fit: {names}.",
            f"多组拟合不计算定义参数（:=）：{names}。", f"多組配適不計算定義參數（:=）：{names}。"))
    splits, labels, info = _split(pt0, data, group, groups, missing, warnings)
    G = len(splits)
    if any(s.groups is not None for s in spec.statements) and hint != G:
        line = next(s.line for s in spec.statements if s.groups is not None)
        raise invalid_option("model", f"line {line}: c(…) ×{hint}, {group}: {G} groups",
                             f"c(…) gives one value per group: write {G} values, in the order of the groups "
                             f"({', '.join(map(str, labels))}).",
                             f"c(…) 为每组给出一个值：请按分组顺序（{'、'.join(map(str, labels))}）写 {G} 个值。",
                             f"c(…) 為每組給出一個值：請依分組順序（{'、'.join(map(str, labels))}）寫 {G} 個值。")
    pts = [build_partable(spec, meanstructure=True, group=gi, ngroups=G) for gi in range(G)] if hint > 1 \
        else [pt0] * G
    built, q = _build_groups(pts, splits, set(equal), partial_keys, row_keys)
    N = sum(g.n for g in built)
    theta0 = _starts_from(start, built, q)
    if theta0 is None:
        bare = spec.covariance_only()
        theta0 = _starts(built, q, [build_partable(bare, group=gi, ngroups=G if hint > 1 else 1)
                                    for gi in range(G)] if hint > 1 else [build_partable(bare)] * G)
    if missing == "listwise":
        obj = _Objective(built, q)
        theta, f, gmax, iterations, converged, H = _minimise(obj, theta0)
        message = "gradient below tolerance" if converged else "stopped"
    else:
        fobj = _FimlObjective(built, q)
        theta, _, gmax, iterations, converged, message = _newton(fobj, theta0)
        if not converged:                      # Fisher scoring from the start, then Newton (fiml.fit_fiml)
            ml = fit_fiml(fobj, theta0)
            if ml.converged or ml.gradient_max < gmax:
                theta, gmax, iterations, converged, message = ml.theta, ml.gradient_max, ml.iterations, \
                    ml.converged, ml.message
    if not converged:
        warnings.append(diag.not_converged(message, gmax))
    pieces = [g.piece for g in built]
    if missing == "listwise":
        fit, by_group = _fit_measures(_Objective(built, q), theta, q)
    else:
        fit, by_group = _fit_measures_fiml(built, theta, q)
    df, X2 = fit["df"], fit["chisq"]
    G = len(built)
    scaled_by_group = None
    if estimator == "ML" and missing == "listwise":
        vcov = _invert(0.5 * N * H, warnings)
    else:
        E = mgr.observed_information(pieces, theta, q, N)
        if estimator == "ML":
            vcov = _invert(N * E, warnings)
        else:
            sw = mgr.sandwich(pieces, theta, E, N)
            eig = np.linalg.eigvalsh(E)
            if not (eig[0] > 1e-10 * eig[-1]):
                warnings.append(diag.information_singular(eig[-1] / eig[0] if eig[0] > 0 else np.inf))
            vcov = sw.vcov
    if estimator == "MLR" or missing == "fiml":
        base = mgr.baseline(pieces)
    if estimator == "MLR":
        c = sw.trace_ugamma / df if df > 0 else np.nan
        if df > 0 and not (np.isfinite(c) and c > 0):
            warnings.append(diag.scaling_failed(c))
            c = np.nan
        cb = mgr.baseline_trace(pieces, base, sw.trace_h1) / base.df
        corrected = _corrected(pieces, theta, df, base, "V3", warnings) if missing == "fiml" else None
        fit.update(mgr.robust_measures(X2, df, fit["baseline.chisq"], fit["baseline.df"], N, G, c, cb, corrected))
        scaled_by_group = {k: v / c for k, v in by_group.items()}
    elif missing == "fiml":
        corrected = _corrected(pieces, theta, df, base, "V6", warnings) if robust_indices else \
            dict.fromkeys(_CORRECTED_NAMES, np.nan)
        fit.update(mgr.robust_measures(X2, df, fit["baseline.chisq"], fit["baseline.df"], N, G, np.nan, np.nan,
                                       corrected, scaled=False))
    params = _parameters(built, theta, vcov)
    return MultiGroupResult(spec=spec, groups=tuple(labels), n={g.label: g.n for g in built}, equal=tuple(equal),
                            partial=tuple(sorted(partial_keys)), equal_rows=tuple(sorted(row_keys)), fit=fit,
                            chisq_by_group=by_group, parameters=params, theta=theta, vcov=vcov,
                            converged=converged, iterations=iterations, gradient_max=gmax,
                            n_dropped=sum(r["dropped"] for r in info["rows"].values()) + info["rows_without_group"],
                            estimator=estimator, missing=missing, rows=info["rows"],
                            rows_without_group=info["rows_without_group"],
                            rows_other_groups=info["rows_other_groups"], chisq_scaled_by_group=scaled_by_group,
                            warnings=tuple(warnings), model_groups=tuple(built))


_CORRECTED_NAMES = ("XX3", "df3", "c.hat3", "XX3.scaled", "XX3.null", "df3.null", "c.hat3.null")


def _corrected(pieces, theta, df, base, version, warnings) -> dict:
    try:
        return mgr.fiml_corrected(pieces, theta, df, base, version)
    except (np.linalg.LinAlgError, ValueError, ZeroDivisionError):
        warnings.append(diag.scaling_failed(np.nan))
        return dict.fromkeys(_CORRECTED_NAMES, np.nan)


def _rmsea_family(out: dict, X2: float, df: int, N: int, G: int) -> None:
    out["rmsea"] = mgr.rmsea_g(X2, df, N, G)
    out["rmsea.ci.lower"], out["rmsea.ci.upper"] = mgr.rmsea_ci_g(X2, df, N, G)
    out["rmsea.pvalue"] = mgr.closefit_g(X2, df, N, G)


def _fit_measures(obj: _Objective, theta, q: int) -> tuple[dict, dict]:
    groups, N, G, p = obj.groups, obj.N, len(obj.groups), obj.p
    by_group = {g.label: g.n * obj.group_f(g, theta) for g in groups}
    X2 = float(sum(by_group.values()))
    if not math.isfinite(X2) or X2 < -1e-8 * N:
        # the optimiser left the admissible region (an implied covariance matrix that is not positive definite):
        # no fit measure of such a point means anything
        shown = "NaN" if not math.isfinite(X2) else f"{X2:.4g}"
        raise invalid_data(f"χ² = {shown}",
                           "The multi-group model did not reach an admissible solution (its implied covariance "
                           "matrix is not positive definite in a group). Check that each factor's items belong "
                           "together and that every group has enough complete answers.",
                           "多组模型未得到可接受的解（某组的模型隐含协方差矩阵非正定）。请检查各因子的题目是否属于同一构念，"
                           "以及各组的完整作答是否足够。",
                           "多組模型未得到可接受的解（某組的模型隱含共變異數矩陣非正定）。請檢查各因素的題目是否屬於同一構念，"
                           "以及各組的完整作答是否足夠。")
    df = sum(g.pt.n_moments for g in groups) - q
    X2b, dfb = 0.0, 0
    logl, logl1, srmr = 0.0, 0.0, 0.0
    for g in groups:
        xb, db = baseline_chisq(g.S, g.n, [])
        X2b += xb
        dfb += db
        t, Sigma, mu = obj._moments(g, theta)
        d = g.M - mu
        K = np.linalg.inv(Sigma)
        logl += -0.5 * g.n * (p * math.log(2 * math.pi) + np.linalg.slogdet(Sigma)[1] + np.trace(g.S @ K) + d @ K @ d)
        logl1 += -0.5 * g.n * (p * math.log(2 * math.pi) + g.logdet_S + p)
        srmr += g.n / N * srmr_bentler_means(g.S, g.M, Sigma, mu)[0]
    out = chisq_measures(X2, df, X2b, dfb, N, q)
    _rmsea_family(out, X2, df, N, G)
    out.update({"srmr": srmr, "logl": logl, "unrestricted.logl": logl1, "aic": -2 * logl + 2 * q,
                "bic": -2 * logl + q * math.log(N), "bic2": -2 * logl + q * math.log((N + 2) / 24), "ngroups": G})
    return {k: out[k] for k in (*MULTIGROUP_FIT_NAMES, *EXTRA_FIT_NAMES)}, by_group


def _fit_measures_fiml(groups: list[_Group], theta, q: int) -> tuple[dict, dict]:
    """χ² of each group against its EM-estimated unrestricted model (lavaan, ``missing = "ml"``)."""
    N, G = sum(g.n for g in groups), len(groups)
    by_group, logl, logl1, srmr = {}, 0.0, 0.0, 0.0
    for g in groups:
        mu, Sigma = g.obj.moments(theta[g.index])
        l0, l1 = g.obj.data.loglik(mu, Sigma), g.obj.data.loglik(g.M, g.S)
        by_group[g.label] = 2.0 * (l1 - l0)
        logl += l0
        logl1 += l1
        srmr += g.n / N * srmr_bentler_means(g.S, g.M, Sigma, mu)[0]
    X2 = float(sum(by_group.values()))
    df = sum(g.pt.n_moments for g in groups) - q
    base = mgr.baseline([g.piece for g in groups])
    out = chisq_measures(X2, df, base.chisq, base.df, N, q)
    _rmsea_family(out, X2, df, N, G)
    out.update({"srmr": srmr, "logl": logl, "unrestricted.logl": logl1, "aic": -2 * logl + 2 * q,
                "bic": -2 * logl + q * math.log(N), "bic2": -2 * logl + q * math.log((N + 2) / 24), "ngroups": G})
    return {k: out[k] for k in (*MULTIGROUP_FIT_NAMES, *EXTRA_FIT_NAMES)}, by_group


def _parameters(groups: list[_Group], theta, vcov) -> pd.DataFrame:
    rows = []
    for gi, g in enumerate(groups, start=1):
        t = theta[g.index]
        est = row_estimates(g.ram, t, g.S, g.M)
        _, std_all = standardize(g.ram, t, g.S, g.M)
        for k, r in enumerate(g.pt.rows):
            se = z = np.nan
            if r.free:
                j = g.index[r.free - 1]
                v = vcov[j, j]
                se = math.sqrt(v) if v >= 0 else np.nan
                z = est[k] / se if se and se > 0 else np.nan
            else:
                se = 0.0
            rows.append({"lhs": r.lhs, "op": r.op, "rhs": r.rhs, "group": gi, "group_label": g.label,
                         "label": r.label, "free": int(g.index[r.free - 1] + 1) if r.free else 0,
                         "est": est[k], "se": se, "z": z, "pvalue": np.nan,
                         "ci.lower": est[k] - Z975 * se if r.free else est[k],
                         "ci.upper": est[k] + Z975 * se if r.free else est[k], "std.all": std_all[k]})
    # p = 2·P(Z > |z|), one vectorised call for all rows (the same value per row as a call per row)
    z = np.array([row["z"] for row in rows], dtype=float)
    finite = np.flatnonzero(np.isfinite(z))
    pvalues = 2 * stats.norm.sf(np.abs(z[finite]))
    for i, pv in zip(finite, pvalues):
        rows[i]["pvalue"] = float(pv)
    return pd.DataFrame(rows)


# ----------------------------------------------------------------------------------------------
# nested fits
# ----------------------------------------------------------------------------------------------
def lrt(restricted: MultiGroupResult, free: MultiGroupResult) -> dict:
    """Difference test of nested fits, as lavaan's ``lavTestLRT`` does by default.

    ML (listwise or FIML): Δχ², Δdf, p and the RMSEA of the difference
    √G·√max(0, (Δχ² − Δdf)/(N·Δdf)) (Savalei et al. 2023, as lavaan prints it).
    MLR: the Satorra & Bentler (2001) scaled difference (lavaan's ``method =
    "satorra.bentler.2001"``, its default for the Yuan–Bentler test): c_d = (df₀c₀ − df₁c₁)/Δdf,
    T_d = Δχ²/c_d (NaN when c_d < 0, where lavaan gives NA); lavaan prints no RMSEA for it.
    """
    if (restricted.estimator, restricted.missing) != (free.estimator, free.missing):
        raise invalid_option("estimator", f"{restricted.estimator}/{restricted.missing} vs "
                                          f"{free.estimator}/{free.missing}",
                             "Compare fits made with the same estimator and missing-data option.",
                             "请比较使用相同估计方法和缺失值处理方式的拟合结果。",
                             "請比較使用相同估計方法與遺漏值處理方式的配適結果。")
    ddf = restricted.fit["df"] - free.fit["df"]
    N, G = restricted.fit["ntotal"], restricted.fit["ngroups"]
    if restricted.estimator == "MLR":
        out = mgr.scaled_difference(restricted.fit["chisq"], restricted.fit["df"],
                                    restricted.fit["chisq.scaling.factor"], free.fit["chisq"], free.fit["df"],
                                    free.fit["chisq.scaling.factor"])
        d2 = out["chisq.diff"]
        return {"chisq.diff": d2, "df.diff": ddf,
                "pvalue": float(stats.chi2.sf(d2, ddf)) if ddf > 0 and np.isfinite(d2) else np.nan,
                "rmsea.diff": np.nan, "scaling.factor": out["scaling.factor"], "method": "satorra.bentler.2001"}
    d2 = restricted.fit["chisq"] - free.fit["chisq"]
    return {"chisq.diff": d2, "df.diff": ddf,
            "pvalue": float(stats.chi2.sf(d2, ddf)) if ddf > 0 else np.nan,
            "rmsea.diff": math.sqrt(G) * math.sqrt(max(0.0, (d2 - ddf) / (N * ddf))) if ddf > 0 else np.nan,
            "method": "standard"}


# ----------------------------------------------------------------------------------------------
# measurement invariance
# ----------------------------------------------------------------------------------------------
LEVELS = {"configural": (), "metric": ("loadings",), "scalar": ("loadings", "intercepts"),
          "strict": ("loadings", "intercepts", "residuals")}
LEVEL_CLASS = {"metric": "loadings", "scalar": "intercepts", "strict": "residuals"}
# Chen (2007): non-invariance when CFI drops by .010 or more, supplemented by a rise in RMSEA of
# .015 or more or in SRMR of .030 (metric) / .010 (scalar, strict) or more
CHEN_CFI, CHEN_RMSEA = -0.010, 0.015
CHEN_SRMR = {"metric": 0.030, "scalar": 0.010, "strict": 0.010}
# which indices the rule compares: the normal-theory ones with ML (listwise or FIML), the robust
# ones (Brosseau-Liard & Savalei 2014; FIML-corrected with missing data) with MLR, as lavaan /
# semTools users report them
DELTA_INDICES = {"ML": {"cfi": "cfi", "rmsea": "rmsea", "srmr": "srmr"},
                 "MLR": {"cfi": "cfi.robust", "rmsea": "rmsea.robust", "srmr": "srmr"}}
DECISION_TEXT = {
    True: {"en": "invariance holds", "zh-Hans": "不变性成立", "zh-Hant": "不變性成立"},
    False: {"en": "invariance rejected", "zh-Hans": "不变性不成立", "zh-Hant": "不變性不成立"},
    None: {"en": "cannot be decided: a fit index is missing", "zh-Hans": "无法判断：缺少拟合指标",
           "zh-Hant": "無法判斷：缺少配適指標"},
}


def compare_levels(restricted: MultiGroupResult, free: MultiGroupResult, level: str, against: str) -> dict:
    """One step of the invariance sequence: the difference test and Chen's (2007) Δ-fit decision."""
    names = DELTA_INDICES[restricted.estimator]
    a, b = restricted.fit, free.fit
    test = lrt(restricted, free)
    dcfi, drmsea, dsrmr = (a[names[k]] - b[names[k]] for k in ("cfi", "rmsea", "srmr"))
    if not all(np.isfinite(v) for v in (dcfi, drmsea, dsrmr)):
        holds = None
    else:
        holds = not (dcfi <= CHEN_CFI and (drmsea >= CHEN_RMSEA or dsrmr >= CHEN_SRMR[level]))
    return {"model": level, "against": against, "chisq.diff": test["chisq.diff"], "df.diff": test["df.diff"],
            "pvalue.diff": test["pvalue"], "rmsea.diff": test["rmsea.diff"], "test": test["method"],
            "scaling.factor.diff": test.get("scaling.factor", np.nan),
            "delta.cfi": dcfi, "delta.rmsea": drmsea, "delta.srmr": dsrmr, "indices": dict(names),
            "holds": holds, "decision": DECISION_TEXT[holds]}


class InvarianceSteps:
    """What :class:`InvarianceResult` and :class:`research.sem.wls_multigroup.OrdinalInvarianceResult` share: a
    sequence of fits (``levels``, ``fits`` level → result with a ``fit`` dict and ``to_dict()``), each step
    compared with the one before (``comparisons``: dicts with model, chisq.diff, df.diff, pvalue.diff,
    delta.cfi/rmsea/srmr, holds), and its ``group``.  A subclass gives :meth:`_fit_row` (the fit indices of one
    level in the table) and :meth:`_about` (what ``to_dict`` says between ``highest`` and ``fits``:
    estimator, criteria …)."""

    COMPARED = ("chisq.diff", "df.diff", "pvalue.diff", "delta.cfi", "delta.rmsea", "delta.srmr", "holds")

    def _fit_row(self, fit: dict) -> dict:
        raise NotImplementedError

    def _about(self) -> dict:
        raise NotImplementedError

    def table(self) -> pd.DataFrame:
        """One row per level: its fit indices, then the comparison with the level before (none on the first)."""
        rows = []
        for lev in self.levels:
            row = {"model": lev, **self._fit_row(self.fits[lev].fit)}
            c = next((c for c in self.comparisons if c["model"] == lev), None)
            if c:
                row.update({k: c[k] for k in self.COMPARED})
            rows.append(row)
        return pd.DataFrame(rows)

    @property
    def highest(self) -> str:
        """The most restrictive level that holds, every step before it holding too."""
        best = self.levels[0]
        for c in self.comparisons:
            if not c["holds"]:
                break
            best = c["model"]
        return best

    def to_dict(self) -> dict:
        return jsonable({"group": self.group, "levels": list(self.levels), "highest": self.highest,
                         **self._about(),
                         "fits": {lev: self.fits[lev].to_dict() for lev in self.levels},
                         "comparisons": self.comparisons})


@dataclass(frozen=True, eq=False)
class InvarianceResult(InvarianceSteps):
    """Configural → metric → scalar (→ strict) fits of one model across groups, with the comparisons
    (:class:`InvarianceSteps`: ``table()``, ``highest`` — the most restrictive level that holds by Chen's (2007)
    criteria —, ``to_dict()``).

    ``released``: level → the equalities the score-test search released at that level (those
    given in ``partial`` are in every constrained fit's ``partial``); ``search``: one dict per
    search step (the equality released, its score test, the refitted level's fit and decision).
    """

    group: str
    levels: tuple
    fits: dict                 # level → MultiGroupResult
    comparisons: list          # one dict per step (level vs the previous one)
    estimator: str = "ML"
    missing: str = "listwise"
    released: dict = field(default_factory=dict)
    search: list = field(default_factory=list)

    def _fit_row(self, f: dict) -> dict:
        row = {"chisq": f["chisq"], "df": f["df"], "pvalue": f["pvalue"], "cfi": f["cfi"], "tli": f["tli"],
               "rmsea": f["rmsea"], "srmr": f["srmr"], "aic": f["aic"], "bic": f["bic"]}
        if self.estimator == "MLR":
            row.update({k: f[k] for k in ("chisq.scaled", "chisq.scaling.factor", "pvalue.scaled",
                                          "cfi.robust", "tli.robust", "rmsea.robust")})
        return row

    def _about(self) -> dict:
        return {"estimator": self.estimator, "missing": self.missing,
                "criteria": {"source": "Chen 2007; Cheung & Rensvold 2002", "delta.cfi": CHEN_CFI,
                             "delta.rmsea": CHEN_RMSEA, "delta.srmr": CHEN_SRMR,
                             "indices": DELTA_INDICES[self.estimator]},
                "released": {k: list(v) for k, v in self.released.items()}, "search": self.search}


def invariance(model: "str | ModelSpec", data: pd.DataFrame, group: str, *,
               levels: Sequence[str] = ("configural", "metric", "scalar"), partial: Sequence[str] = (),
               groups=None, estimator: str = "ML", missing: str = "listwise", search_partial: bool = False,
               max_free: int = 3, min_invariant: int = 2) -> InvarianceResult:
    """Measurement invariance across ``data[group]``: each level fitted jointly, each compared with the previous.

    Levels (lavaan ``group.equal``): configural (same pattern), metric (+ equal loadings),
    scalar (+ equal intercepts), strict (+ equal residual variances).  ``partial`` frees named
    parameters in every constrained level (partial invariance).  Per step: the difference test
    (:func:`lrt`: Δχ², or the Satorra–Bentler 2001 scaled Δχ² with MLR) and ΔCFI, ΔRMSEA, ΔSRMR
    with Chen's (2007) decision — invariance is rejected when CFI drops by .010 or more *and*
    RMSEA rises by .015 or more or SRMR by .030 (metric) / .010 (scalar, strict) or more;
    otherwise it holds.  With MLR the rule reads cfi.robust and rmsea.robust (Brosseau-Liard &
    Savalei 2014; with FIML lavaan's FIML-corrected versions), the indices lavaan and semTools
    users compare.  The difference test is reported beside it: with large samples it rejects
    trivial differences (Cheung & Rensvold 2002), which is why the Δ-fit rule decides.

    ``estimator``/``missing`` as :func:`fit_multigroup`, used at every level.

    ``search_partial=True``: when a level fails, the equality of that level's class (loadings at
    metric, intercepts at scalar, residual variances at strict) with the largest score test
    (:func:`research.sem.multigroup_score.score_tests`, lavaan's ``lavTestScore``; the joint
    test over the groups when there are more than two) is released and the level refitted, one
    at a time, until the level holds or ``max_free`` equalities of that level are released;
    an equality is not released when its factor would keep fewer than ``min_invariant``
    invariant indicators (Byrne, Shavelson & Muthén 1989; the marker loading counts).  Every
    step is reported in ``search``; released equalities stay free at the later levels.
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
    estimator, missing = _check_options(estimator, missing)
    if isinstance(partial, str):
        partial = (partial,)
    if not isinstance(max_free, (int, np.integer)) or max_free < 0:
        raise invalid_option("max_free", repr(max_free), "Give the most equalities to release per level, e.g. 3.",
                             "请给出每个水平最多释放的等同约束数，例如 3。", "請給出每個水準最多釋放的等同限制數，例如 3。")
    released_all = [parameter_name(*parse_parameter(x)) for x in partial]

    def fit_level(lev, free_list, start=None):
        return fit_multigroup(model, data, group, equal=LEVELS[lev], partial=free_list if lev != "configural" else (),
                              groups=groups, estimator=estimator, missing=missing, start=start)

    fits, comparisons, steps = {}, [], []
    released = {}
    prev = None
    for lev in levels:
        fit = fit_level(lev, released_all, fits.get(prev))
        released[lev] = []
        if prev is not None:
            comp = compare_levels(fit, fits[prev], lev, prev)
            if search_partial and comp["holds"] is False and lev in LEVEL_CLASS:
                from .multigroup_score import release_candidates
                while comp["holds"] is False and len(released[lev]) < max_free:
                    cand = release_candidates(fit, LEVEL_CLASS[lev], min_invariant=min_invariant)
                    if cand.empty:
                        break
                    best = cand.iloc[0]
                    released_all = released_all + [best["parameter"]]
                    released[lev].append(best["parameter"])
                    fit = fit_level(lev, released_all, fit)
                    comp = compare_levels(fit, fits[prev], lev, prev)
                    names = DELTA_INDICES[estimator]
                    steps.append({"level": lev, "released": best["parameter"], "X2": float(best["X2"]),
                                  "df": int(best["df"]), "p.value": float(best["p.value"]),
                                  "npar": fit.fit["npar"], "chisq": fit.fit["chisq"],
                                  "df.model": fit.fit["df"], names["cfi"]: fit.fit[names["cfi"]],
                                  names["rmsea"]: fit.fit[names["rmsea"]], "srmr": fit.fit["srmr"],
                                  "delta.cfi": comp["delta.cfi"], "delta.rmsea": comp["delta.rmsea"],
                                  "delta.srmr": comp["delta.srmr"], "holds": comp["holds"]})
            comparisons.append(comp)
        fits[lev] = fit
        prev = lev
    return InvarianceResult(group=group, levels=levels, fits=fits, comparisons=comparisons, estimator=estimator,
                            missing=missing, released=released, search=steps)


# ----------------------------------------------------------------------------------------------
# one path across groups
# ----------------------------------------------------------------------------------------------
def path_free_fit(model: "str | ModelSpec", data: pd.DataFrame, group: str, *,
                  base: Sequence[str] = ("loadings",), partial: Sequence[str] = (), groups=None,
                  estimator: str = "ML", missing: str = "listwise") -> MultiGroupResult:
    """The fit :func:`compare_path` compares each path's equality against: ``base`` held equal, every path
    free (the FIML-corrected robust indices of plain ML, which the comparison does not report, left out)."""
    return fit_multigroup(model, data, group, equal=base, partial=partial, groups=groups, estimator=estimator,
                          missing=missing, robust_indices=False)


def _check_free_fit(free: MultiGroupResult, model, base, partial, groups, estimator, missing) -> None:
    """A ``free_fit`` given to :func:`compare_path` must be :func:`path_free_fit` of the same arguments."""
    estimator, missing = _check_options(estimator, missing)
    if isinstance(base, str):
        base = (base,)
    partial = (partial,) if isinstance(partial, str) else partial
    same = (isinstance(free, MultiGroupResult) and free.spec == parse_model(model) and free.equal == tuple(base)
            and free.partial == tuple(sorted({parse_parameter(x) for x in partial})) and free.equal_rows == ()
            and (free.estimator, free.missing) == (estimator, missing)
            and (groups is None or [str(g) for g in free.groups] == [str(g) for g in groups]))
    if not same:
        raise invalid_option("free_fit", type(free).__name__,
                             "Give the fit path_free_fit makes with the same model, data, base, partial, groups, "
                             "estimator and missing-data option, or leave free_fit out.",
                             "请给出 path_free_fit 以相同的模型、数据、base、partial、分组、估计方法和缺失值处理方式"
                             "得到的拟合结果，或省略 free_fit。",
                             "請提供 path_free_fit 以相同的模型、資料、base、partial、分組、估計方法與遺漏值處理方式"
                             "得到的配適結果，或省略 free_fit。")


def compare_path(model: "str | ModelSpec", data: pd.DataFrame, group: str, path: str, *,
                 base: Sequence[str] = ("loadings",), partial: Sequence[str] = (), groups=None,
                 estimator: str = "ML", missing: str = "listwise", free_fit: "MultiGroupResult | None" = None
                 ) -> dict:
    """Is ``path`` (e.g. ``"SAT ~ REL"``) the same in every group?

    Two nested joint fits, both with ``base`` held equal (metric invariance by default, so the
    latent scales are comparable): the path free in every group, and the path equal across
    groups; their difference test (df = G − 1; :func:`lrt`, scaled with MLR).  Beside it, from
    the free fit, the path per group (est, SE — robust with MLR —, std.all) and for each pair of
    groups the Wald z = (b_a − b_b)/√(SE_a² + SE_b²) (the groups are independent samples, so
    the estimates are uncorrelated).

    ``free_fit``: the first of the two fits, :func:`path_free_fit` with the same arguments — it does not
    depend on the path, so a comparison of several paths of one model makes it once; made here when
    not given.
    """
    key = parse_parameter(path)
    free = path_free_fit(model, data, group, base=base, partial=partial, groups=groups, estimator=estimator,
                         missing=missing) if free_fit is None else free_fit
    _check_free_fit(free, model, base, partial, groups, estimator, missing)
    p = free.parameters
    rows = p[(p["lhs"] == key[0]) & (p["op"] == key[1]) & (p["rhs"] == key[2])]
    if rows.empty or not (rows["free"] > 0).all():
        raise invalid_option("path", repr(path)[:60], "Name a free parameter of the model, e.g. 'SAT ~ REL'.",
                             "请给出模型中的自由参数，例如 'SAT ~ REL'。", "請提供模型中的自由參數，例如 'SAT ~ REL'。")
    same = fit_multigroup(model, data, group, equal=base, partial=partial, equal_rows=(path,), groups=groups,
                          estimator=estimator, missing=missing, start=free, robust_indices=False)
    per_group = [{"group": r["group_label"], "est": r["est"], "se": r["se"], "pvalue": r["pvalue"],
                  "std.all": r["std.all"]} for r in rows.to_dict(orient="records")]
    pairs = []
    for i in range(len(per_group)):
        for j in range(i + 1, len(per_group)):
            a, b = per_group[i], per_group[j]
            z = (a["est"] - b["est"]) / math.sqrt(a["se"] ** 2 + b["se"] ** 2)
            pairs.append({"a": a["group"], "b": b["group"], "diff": a["est"] - b["est"], "z": z,
                          "pvalue": float(2 * stats.norm.sf(abs(z)))})
    names = ("chisq", "df", "cfi", "rmsea") + (("chisq.scaled", "chisq.scaling.factor", "cfi.robust",
                                                  "rmsea.robust") if estimator.upper() == "MLR" else ())
    return jsonable({"path": parameter_name(*key), "group": group, "base": list(base), "estimator": free.estimator,
                     "missing": free.missing, "rows": {str(k): v for k, v in free.rows.items()},
                     "per_group": per_group, "lrt": lrt(same, free), "wald": pairs,
                     "fit_free": {k: free.fit[k] for k in names}, "fit_equal": {k: same.fit[k] for k in names}})
