"""Relative importance of satisfaction drivers: LMG (Shapley value of R²) and
Johnson's relative weights, with bootstrap intervals and rank stability.

>>> from research.marketing.importance import drivers, lmg_from_corr
>>> res = drivers(scores, "SAT", ["ECO", "RES", "FLE", "REL", "EMP"], bootstrap=1000, seed=1)
>>> res.table()          # beta, lmg, lmg_share, CIs, rw, rw_share, CIs, rank, rank_stability, first_share
>>> lmg_from_corr(R, "SAT", ["ECO", "RES", "FLE", "REL", "EMP"])   # from a published correlation matrix

Both measures depend on the data only through the correlation matrix R of
the outcome y and the predictors x₁ … x_p (R_xx among the predictors, r_xy
their correlations with y); R²(S) = r_Sᵀ R_SS⁻¹ r_S is the R² of the OLS
regression of y on the predictors in S (with an intercept).

* **LMG** (Lindeman, Merenda & Gold 1980, p. 119 ff.; Grömping 2006, J. Stat.
  Software 17(1)), the Shapley value of R² and Budescu's (1993) general
  dominance weight: predictor j gets its increase in R², averaged over all
  p! orders of entry,

      LMG_j = Σ_{S ⊆ P∖{j}} |S|!(p − |S| − 1)!/p! · [R²(S ∪ {j}) − R²(S)].

  Computed exactly: R² of every one of the 2^p subsets once (batched solves
  on the submatrices R_SS), then the weighted sum above as one matrix
  product.  Exact up to 15 predictors (32 768 subsets); above that the
  functions refuse and point to relative weights.  The parts are ≥ 0 and
  add up to R² (the Shapley efficiency property).  Matches relaimpo's
  ``calc.relimp(type = "lmg")`` and domir's general dominance statistics.
* **Relative weights** (Johnson 2000, Multivariate Behavioral Research
  35(1)): R_xx = QΛQᵀ, Λ_half = R_xx^{1/2} = QΛ^{1/2}Qᵀ (the correlations of
  the x's with their closest orthonormal counterparts z), β* = Λ_half⁻¹ r_xy
  (the regression of y on z), ε_j = Σ_k λ_jk² β*_k².  They add up to R².
  A fast approximation to LMG (no limit on p); Thomas, Zumbo, Kwan &
  Schweitzer (2014) show where the two part ways.  Matches the rwa R package
  (``rwa_multiregress``, after Tonidandel & LeBreton's RWA-Web).
* **β** — standardised regression coefficients R_xx⁻¹ r_xy from the same R,
  shown beside them because importance has no sign.

Bootstrap (``bootstrap`` resamples, Efron & Tibshirani 1993): rows drawn
with replacement, one correlation matrix per resample, LMG and relative
weights recomputed from it.  Percentile intervals at ``level`` use the same
quantile rule as :mod:`research.bootstrap` (R's ``boot:::norm.inter``, which
relaimpo's ``booteval.relimp`` uses too), for the raw values and for the
shares of R² (each resample's parts divided by its own R²).  The resamples
come from :func:`research.bootstrap.resample_blocks`: fixed blocks, each
seeded from ``SeedSequence(seed).spawn``, so the draws do not depend on
``n_jobs`` and ``seed=None`` stores the fresh entropy in ``result.seed``.

Rank stability: drivers are ranked by LMG in the full sample (1 = most
important; ties go to the earlier predictor); ``rank_stability`` is the share
of resamples in which a driver keeps that rank, ``first_share`` the share in
which it is ranked first (these add up to 1 over the drivers).  A resample
whose correlation matrix cannot be used (a predictor constant in the
resample, or perfectly collinear predictors) is left out and counted
(``n_boot`` − ``n_boot_valid``).

Missing values: rows with a missing value in the outcome or any predictor
are dropped listwise; how many (and which) is reported, never silently.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd

from ..bootstrap import percentile_ci, resample_blocks
from ..errors import infinite_values, invalid_data, invalid_option
from ..jsonsafe import jsonable

MAX_EXACT = 15              # LMG over all 2^p subsets: 32 768 at p = 15
_SINGULAR_TOL = 1e-10       # smallest / largest eigenvalue of R_xx below this: perfectly collinear
_SOLVE_BUDGET = 2_000_000   # floats per batched solve (memory bound for large p)

SOURCES = {
    "lmg": "Lindeman, Merenda & Gold 1980; Grömping 2006 (relaimpo)",
    "rw": "Johnson 2000",
    "bootstrap": "Efron & Tibshirani 1993, percentile intervals",
}
COLUMNS = ["beta", "lmg", "lmg_share", "lmg_ci_lower", "lmg_ci_upper", "lmg_share_ci_lower",
           "lmg_share_ci_upper", "rw", "rw_share", "rw_ci_lower", "rw_ci_upper", "rw_share_ci_lower",
           "rw_share_ci_upper", "rank", "rank_stability", "first_share"]


# --------------------------------------------------------------------------
# argument checks
# --------------------------------------------------------------------------

def _check_frame(data) -> None:
    if not isinstance(data, pd.DataFrame):
        raise invalid_option("data", type(data).__name__,
                             "Pass the data as a pandas DataFrame: one row per respondent, one column per construct "
                             "score (the outcome and each driver).",
                             "请以 pandas DataFrame 传入数据：每行一位受访者，每列一个构念得分（因变量及各驱动因素）。",
                             "請以 pandas DataFrame 傳入資料：每列一位受訪者，每欄一個構念得分（依變項及各驅動因素）。")


def _hashable(name, option: str):
    try:
        hash(name)
    except TypeError:
        raise invalid_option(option, repr(name)[:60], "Name each variable by its column name (a string).",
                             "请用列名（字符串）指定每个变量。", "請用欄名（字串）指定每個變項。") from None
    return name


def _variables(labels: list, outcome, predictors, *, what: str) -> list:
    """Check ``outcome`` and ``predictors`` against the available ``labels``; return the predictor list."""
    _hashable(outcome, "outcome")
    if outcome not in labels:
        raise invalid_option("outcome", f"{outcome!r} ∉ {what}",
                             "Name the outcome (e.g. overall satisfaction) by a column that exists (check spelling "
                             "and case).",
                             "请用存在的列名指定因变量（例如总体满意度），注意拼写和大小写。",
                             "請用存在的欄名指定依變項（例如整體滿意度），注意拼寫與大小寫。", column=outcome)
    if predictors is None:
        predictors = [c for c in labels if c != outcome]
    elif isinstance(predictors, (str, bytes)) or not hasattr(predictors, "__iter__"):
        predictors = [predictors]
    predictors = list(predictors)
    if not predictors:
        raise invalid_option("predictors", "p = 0", "Name at least one driver (predictor) column.",
                             "请至少给出一个驱动因素（自变量）列。", "請至少提供一個驅動因素（自變項）欄。")
    seen = set()
    for c in predictors:
        _hashable(c, "predictors")
        if c not in labels:
            raise invalid_option("predictors", f"{c!r} ∉ {what}",
                                 "Name drivers by columns that exist (check spelling and case).",
                                 "请使用存在的列名指定驱动因素（注意拼写和大小写）。",
                                 "請使用存在的欄名指定驅動因素（注意拼寫與大小寫）。", column=c)
        if c == outcome:
            raise invalid_option("predictors", f"{c!r} = outcome",
                                 "The outcome cannot also be one of its drivers: remove it from the predictors.",
                                 "因变量不能同时作为驱动因素，请从自变量中移除。",
                                 "依變項不能同時作為驅動因素，請從自變項中移除。", column=c)
        if c in seen:
            raise invalid_option("predictors", f"{c!r} × 2", "Name every driver only once.",
                                 "每个驱动因素只能出现一次。", "每個驅動因素只能出現一次。", column=c)
        seen.add(c)
    return predictors


def _check_exact(p: int) -> None:
    if p > MAX_EXACT:
        raise invalid_option("predictors", f"p = {p} > {MAX_EXACT}",
                             f"LMG is computed exactly over all 2^p subsets of drivers, which is done for at most "
                             f"{MAX_EXACT} drivers. Use at most {MAX_EXACT} (e.g. combine items into construct "
                             f"scores), or use relative_weights(), which has no such limit and approximates LMG.",
                             f"LMG 需精确遍历驱动因素的全部 2^p 个子集，最多支持 {MAX_EXACT} 个驱动因素。"
                             f"请使用不超过 {MAX_EXACT} 个（例如先把题目合成构念得分），或改用没有此限制、"
                             f"结果近似 LMG 的 relative_weights()。",
                             f"LMG 需精確遍歷驅動因素的全部 2^p 個子集，最多支援 {MAX_EXACT} 個驅動因素。"
                             f"請使用不超過 {MAX_EXACT} 個（例如先把題目合成構念得分），或改用沒有此限制、"
                             f"結果近似 LMG 的 relative_weights()。")


def _check_bootstrap(bootstrap) -> int:
    if isinstance(bootstrap, bool) or not isinstance(bootstrap, (int, np.integer)) or bootstrap < 0 \
            or bootstrap == 1:
        raise invalid_option("bootstrap", f"{bootstrap!r}",
                             "Give the number of bootstrap resamples as a whole number: 0 for none, otherwise at "
                             "least 2 (1000 is usual).",
                             "请以整数给出 bootstrap 重抽样次数：0 表示不做，否则至少 2（通常为 1000）。",
                             "請以整數提供 bootstrap 重抽樣次數：0 表示不做，否則至少 2（通常為 1000）。")
    return int(bootstrap)


def _check_level(level) -> float:
    if isinstance(level, bool) or not isinstance(level, (int, float, np.integer, np.floating)) \
            or not 0 < float(level) < 1:
        raise invalid_option("level", f"{level!r} ∉ (0, 1)",
                             "Give the confidence level as a number between 0 and 1, e.g. 0.95.",
                             "请以 0 到 1 之间的数字给出置信水平，例如 0.95。",
                             "請以 0 到 1 之間的數字提供信賴水準，例如 0.95。")
    return float(level)


def _check_seed(seed) -> np.random.SeedSequence:
    if isinstance(seed, np.random.SeedSequence):
        return seed
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0):
        raise invalid_option("seed", f"{seed!r}", "Give the seed as a whole number ≥ 0 (or None for a fresh one).",
                             "随机种子须为 ≥ 0 的整数（或 None 表示新种子）。",
                             "隨機種子須為 ≥ 0 的整數（或 None 表示新種子）。")
    return np.random.SeedSequence(None if seed is None else int(seed))


def _check_jobs(n_jobs) -> int:
    if isinstance(n_jobs, bool) or not isinstance(n_jobs, (int, np.integer)) or n_jobs == 0:
        raise invalid_option("n_jobs", f"{n_jobs!r}",
                             "Give n_jobs as a whole number: 1 (serial), 2, … or −1 (all cores).",
                             "n_jobs 须为整数：1（串行）、2……或 −1（全部核心）。",
                             "n_jobs 須為整數：1（序列）、2……或 −1（全部核心）。")
    return int(n_jobs)


# --------------------------------------------------------------------------
# data → complete-case matrix
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class _Sample:
    X: np.ndarray           # n × (1 + p): outcome first, then the predictors
    predictors: list
    dropped: tuple          # row labels dropped listwise
    n_rows: int


def _numeric(s: pd.Series, name) -> np.ndarray:
    if pd.api.types.is_bool_dtype(s):
        s = s.astype("float64")
    elif not pd.api.types.is_numeric_dtype(s):
        raise invalid_data(f"dtype({name!r}) = {s.dtype}",
                           "This column is not numeric. Driver analysis needs numeric scores (e.g. the mean of a "
                           "construct's items): recode text answers to numbers first.",
                           "该列不是数值。驱动因素分析需要数值得分（例如构念各题的平均分）：请先把文字答案编码为数字。",
                           "該欄不是數值。驅動因素分析需要數值得分（例如構念各題的平均分）：請先把文字答案編碼為數字。",
                           column=name)
    v = s.to_numpy(dtype=float, na_value=np.nan)
    infinite = infinite_values(v[:, None], [name])
    if infinite is not None:
        raise infinite
    return v


def _sample(data, outcome, predictors) -> _Sample:
    _check_frame(data)
    predictors = _variables(list(data.columns), outcome, predictors, what="data")
    cols = [outcome, *predictors]
    if data.columns.duplicated().any():
        dup = [c for c in cols if (data.columns == c).sum() > 1]
        if dup:
            raise invalid_option("data", f"{dup[0]!r} × {(data.columns == dup[0]).sum()}",
                                 "The data have several columns with this name: rename them so that each is unique.",
                                 "数据中有多列同名：请重新命名使每列唯一。", "資料中有多欄同名：請重新命名使每欄唯一。",
                                 column=dup[0])
    X = np.column_stack([_numeric(data[c], c) for c in cols])
    bad = np.isnan(X).any(axis=1)
    X = X[~bad]
    n, p = X.shape[0], len(predictors)
    if n < p + 2:
        raise invalid_data(f"n = {n} < p + 2 = {p + 2}",
                           f"With {p} drivers at least {p + 2} complete rows are needed (in practice many more: "
                           f"10–20 per driver). Collect more data, use fewer drivers, or check how many rows were "
                           f"dropped for missing values ({int(bad.sum())} here).",
                           f"{p} 个驱动因素至少需要 {p + 2} 行完整数据（实际应每个驱动因素 10–20 个）。"
                           f"请增加样本、减少驱动因素，或检查因缺失值被删除的行（此处 {int(bad.sum())} 行）。",
                           f"{p} 個驅動因素至少需要 {p + 2} 列完整資料（實務上每個驅動因素 10–20 個）。"
                           f"請增加樣本、減少驅動因素，或檢查因遺漏值被刪除的列（此處 {int(bad.sum())} 列）。")
    for j, c in enumerate(cols):
        if np.ptp(X[:, j]) == 0:
            role = "outcome" if j == 0 else "driver"
            raise invalid_data(f"SD({c!r}) = 0",
                               f"Every analysed respondent has the same value on this {role}, so it carries no "
                               f"information about importance: remove it (or check the data).",
                               "所有分析样本在该变量上取值相同，不含任何信息：请将其移除（或检查数据）。",
                               "所有分析樣本在該變項上取值相同，不含任何資訊：請將其移除（或檢查資料）。", column=c)
    return _Sample(X=X, predictors=predictors, dropped=tuple(data.index[bad]), n_rows=len(data))


def _corr(X: np.ndarray) -> np.ndarray:
    return np.atleast_2d(np.corrcoef(X, rowvar=False))


def _check_collinear(R: np.ndarray, predictors: list) -> None:
    """DataError naming the predictors involved when R_xx is singular (perfect collinearity)."""
    Rxx = R[1:, 1:]
    lam, vec = np.linalg.eigh(Rxx)
    small = lam <= _SINGULAR_TOL * max(lam[-1], 1.0)
    if not small.any():
        return
    null = vec[:, small]
    involved = [c for c, row in zip(predictors, null) if np.abs(row).max() > 1e-6] or list(predictors)
    shown = ", ".join(map(str, involved))
    raise invalid_data(f"rank(R_xx) < {len(predictors)}: {shown}",
                       "These drivers are perfectly collinear (one is an exact linear combination of the others, "
                       "e.g. a total score beside its parts, or the same score twice): remove one of them.",
                       "这些驱动因素完全共线（某个是其他的精确线性组合，例如总分与其分项同时进入，或同一得分出现两次）："
                       "请移除其中之一。",
                       "這些驅動因素完全共線（某個是其他的精確線性組合，例如總分與其分項同時進入，或同一得分出現兩次）："
                       "請移除其中之一。", column=involved[0])


def _corr_input(R, outcome, predictors) -> tuple[np.ndarray, list]:
    """A correlation (or covariance) matrix as given by the user → the (1+p)² correlation matrix, y first."""
    if isinstance(R, pd.DataFrame):
        labels = list(R.columns)
        if list(R.index) != labels:
            raise invalid_option("R", "index ≠ columns",
                                 "Give the correlation matrix with the same variables, in the same order, as row "
                                 "and column labels.",
                                 "请提供行、列标签相同且顺序一致的相关矩阵。", "請提供列、欄標籤相同且順序一致的相關矩陣。")
        M = R.to_numpy()
    else:
        M = np.asarray(R)
        labels = list(range(M.shape[0])) if M.ndim == 2 else []
    if M.ndim != 2 or M.shape[0] != M.shape[1] or M.shape[0] < 2:
        raise invalid_option("R", f"shape {M.shape}",
                             "Give a square correlation matrix of the outcome and the drivers (a DataFrame labelled "
                             "by variable, or an array addressed by position).",
                             "请提供因变量与各驱动因素的方阵相关矩阵（带变量标签的 DataFrame，或按位置索引的数组）。",
                             "請提供依變項與各驅動因素的方陣相關矩陣（帶變項標籤的 DataFrame，或依位置索引的陣列）。")
    try:
        M = M.astype(float)
    except (TypeError, ValueError):
        raise invalid_option("R", str(M.dtype), "The correlation matrix must hold numbers only.",
                             "相关矩阵只能包含数字。", "相關矩陣只能包含數字。") from None
    predictors = _variables(labels, outcome, predictors, what="R")
    idx = [labels.index(outcome)] + [labels.index(c) for c in predictors]
    S = M[np.ix_(idx, idx)]
    if not np.isfinite(S).all():
        raise invalid_data("R: NaN/±inf", "The correlation matrix has missing or infinite entries: fill them in.",
                           "相关矩阵含缺失或无穷大的元素：请补全。", "相關矩陣含遺漏或無窮大的元素：請補齊。")
    scale = np.abs(S).max()
    if np.abs(S - S.T).max() > 1e-8 * max(scale, 1.0):
        raise invalid_data("R ≠ Rᵀ", "A correlation matrix must be symmetric: check the entries that were typed in.",
                           "相关矩阵必须对称：请检查输入的数值。", "相關矩陣必須對稱：請檢查輸入的數值。")
    d = np.diag(S)
    if (d <= 0).any():
        j = int(np.argmin(d))
        name = ([outcome] + predictors)[j]
        raise invalid_data(f"R[{name!r}, {name!r}] = {d[j]:g} ≤ 0",
                           "The diagonal must hold 1 (a correlation matrix) or variances > 0 (a covariance matrix).",
                           "对角线应为 1（相关矩阵）或大于 0 的方差（协方差矩阵）。",
                           "對角線應為 1（相關矩陣）或大於 0 的變異數（共變異數矩陣）。", column=name)
    s = np.sqrt(d)
    C = (S + S.T) / 2 / np.outer(s, s)          # a covariance matrix is rescaled to correlations
    np.fill_diagonal(C, 1.0)
    off = np.abs(C - np.eye(len(C))).max()
    if off > 1 + 1e-12:
        raise invalid_data(f"max |r| = {off:.4g} > 1",
                           "Correlations must lie between −1 and 1: check the entries that were typed in.",
                           "相关系数必须介于 −1 与 1 之间：请检查输入的数值。", "相關係數必須介於 −1 與 1 之間：請檢查輸入的數值。")
    _check_collinear(C, predictors)
    r2 = float(C[0, 1:] @ np.linalg.solve(C[1:, 1:], C[0, 1:]))
    if r2 > 1 + 1e-9:
        raise invalid_data(f"R² = {r2:.6g} > 1",
                           "This is not a valid correlation matrix (not positive semidefinite): the correlations "
                           "cannot all come from one set of data. Check the entries that were typed in.",
                           "这不是有效的相关矩阵（非半正定）：这些相关系数不可能来自同一份数据。请检查输入的数值。",
                           "這不是有效的相關矩陣（非半正定）：這些相關係數不可能來自同一份資料。請檢查輸入的數值。")
    return C, predictors


# --------------------------------------------------------------------------
# the computations (vectorised over a stack of correlation matrices)
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class _Plan:
    """Subsets of p predictors, grouped by size, and the LMG weights as a 2^p × p matrix."""

    groups: tuple           # per size k = 1…p: (bitmask codes (m,), member indices (m, k))
    coef: np.ndarray        # 2^p × p: LMG = R²(all subsets) @ coef


@lru_cache(maxsize=16)
def _plan(p: int) -> _Plan:
    masks = np.arange(2 ** p)
    bits = ((masks[:, None] >> np.arange(p)) & 1).astype(bool)
    size = bits.sum(axis=1)
    groups = []
    for k in range(1, p + 1):
        codes = masks[size == k]
        members = np.nonzero(bits[codes])[1].reshape(len(codes), k)
        groups.append((codes, members))
    # w(s) = s!(p − s − 1)!/p!: the weight of the step from a set of size s to s + 1
    w = np.array([math.factorial(s) * math.factorial(p - s - 1) / math.factorial(p) for s in range(p)] + [0.0])
    # LMG_j = Σ_{S ∋ j} w(|S| − 1) R²(S) − Σ_{S ∌ j} w(|S|) R²(S)
    coef = np.where(bits, w[np.maximum(size - 1, 0)][:, None], -w[size][:, None])
    return _Plan(groups=tuple(groups), coef=coef)


def _subset_r2(R: np.ndarray, plan: _Plan) -> np.ndarray:
    """R² of every subset of the predictors, for a stack R (B × (1+p) × (1+p), y first) → B × 2^p."""
    B = R.shape[0]
    out = np.zeros((B, plan.coef.shape[0]))
    for codes, members in plan.groups:
        k = members.shape[1]
        cols = members + 1
        step = max(1, _SOLVE_BUDGET // max(1, B * k * k))
        for a in range(0, len(codes), step):
            m = cols[a:a + step]
            r = R[:, 0, :][:, m]                                   # B × m × k
            if k == 1:
                out[:, codes[a:a + step]] = r[..., 0] ** 2
                continue
            Rss = R[:, m[:, :, None], m[:, None, :]]               # B × m × k × k
            sol = np.linalg.solve(Rss, r[..., None])[..., 0]
            out[:, codes[a:a + step]] = np.einsum("bmk,bmk->bm", r, sol)
    return out


def _ranks(values: np.ndarray) -> np.ndarray:
    """Ranks along the rows of a B × p array, 1 = largest; ties go to the earlier column (stable sort)."""
    order = np.argsort(-values, axis=1, kind="stable")
    ranks = np.empty_like(order)
    ranks[np.arange(values.shape[0])[:, None], order] = np.arange(1, values.shape[1] + 1)
    return ranks


def _statistics(R: np.ndarray, *, with_lmg: bool = True, with_rw: bool = True) -> dict:
    """LMG, relative weights and R² for a stack of correlation matrices (B × (1+p) × (1+p), y first).

    Matrices that are not finite or whose R_xx is singular are flagged invalid
    (``valid`` False) and their statistics are NaN.
    """
    R = np.array(R, dtype=float)
    B, q = R.shape[0], R.shape[1]
    p = q - 1
    finite = np.isfinite(R).all(axis=(1, 2))
    R[~finite] = np.eye(q)
    Rxx = R[:, 1:, 1:]
    rxy = R[:, 1:, 0]
    lam, Q = np.linalg.eigh(Rxx)
    valid = finite & (lam[:, 0] > _SINGULAR_TOL * np.maximum(lam[:, -1], 1.0))
    if not valid.all():
        R[~valid] = np.eye(q)
        Rxx = R[:, 1:, 1:]
        rxy = R[:, 1:, 0]
        lam, Q = np.linalg.eigh(Rxx)
    out = {"valid": valid}
    # Johnson (2000): Λ_half = Q Λ^{1/2} Qᵀ, β* = Λ_half⁻¹ r_xy = Q Λ^{-1/2} Qᵀ r_xy, ε = Λ_half∘² β*∘²
    half = np.einsum("bik,bk,bjk->bij", Q, np.sqrt(lam), Q)
    beta_z = np.einsum("bik,bk,bjk,bj->bi", Q, 1 / np.sqrt(lam), Q, rxy)
    beta = np.linalg.solve(Rxx, rxy[..., None])[..., 0]                   # R_xx⁻¹ r_xy
    out["beta"] = beta
    out["r2"] = np.einsum("bi,bi->b", rxy, beta)
    if with_rw:
        out["rw"] = np.einsum("bjk,bk->bj", half ** 2, beta_z ** 2)
    if with_lmg:
        plan = _plan(p)
        out["lmg"] = _subset_r2(R, plan) @ plan.coef
    for key in ("beta", "r2", "rw", "lmg"):
        if key in out:
            out[key][~valid] = np.nan
    return out


def _resample_corr(Xc: np.ndarray, index: np.ndarray) -> np.ndarray:
    """Correlation matrices of the resamples Xc[index[b]] (b × q × q); NaN where a variable is constant."""
    n, q = Xc.shape
    out = np.empty((index.shape[0], q, q))
    step = max(1, _SOLVE_BUDGET // (n * q))           # bounds the b × n × q copy for large n
    for a in range(0, index.shape[0], step):
        Xb = Xc[index[a:a + step]]                    # b × n × q
        D = Xb - Xb.mean(axis=1, keepdims=True)
        S = np.matmul(D.transpose(0, 2, 1), D)
        constant = (np.ptp(Xb, axis=1) == 0).any(axis=1)
        sd = np.sqrt(np.einsum("bii->bi", S))
        sd[constant] = 1.0
        R = S / sd[:, :, None] / sd[:, None, :]
        R[:, np.arange(q), np.arange(q)] = 1.0
        R[constant] = np.nan
        out[a:a + step] = R
    return out


def _block(Xc: np.ndarray, index: np.ndarray) -> dict:
    """Statistics of one block of resamples: LMG, relative weights and R² of each Xc[index[b]]."""
    st = _statistics(_resample_corr(Xc, index))
    return {k: st[k] for k in ("valid", "r2", "lmg", "rw")}


# --------------------------------------------------------------------------
# public API: from a correlation matrix
# --------------------------------------------------------------------------

def lmg_from_corr(R, outcome, predictors=None) -> pd.Series:
    """LMG (Shapley value of R²; general dominance) of each predictor, from a correlation matrix.

    ``R``: the correlation matrix of the outcome and the predictors, a
    DataFrame labelled by variable (or an array addressed by position; a
    covariance matrix is rescaled to correlations).  ``predictors``: default
    every other variable.  Returns a Series (index = predictors, name
    ``"lmg"``) whose values add up to R² (``.attrs["r2"]``).  Exact over all
    2^p subsets, p ≤ 15.
    """
    C, predictors = _corr_input(R, outcome, predictors)
    _check_exact(len(predictors))
    st = _statistics(C[None], with_rw=False)
    s = pd.Series(st["lmg"][0], index=pd.Index(predictors, name="driver"), name="lmg")
    s.attrs["r2"] = float(st["r2"][0])
    return s


def relative_weights_from_corr(R, outcome, predictors=None) -> pd.Series:
    """Johnson's (2000) relative weights ε_j of each predictor, from a correlation matrix.

    Same input as :func:`lmg_from_corr`; no limit on the number of
    predictors.  Returns a Series (name ``"rw"``) adding up to R²
    (``.attrs["r2"]``).
    """
    C, predictors = _corr_input(R, outcome, predictors)
    st = _statistics(C[None], with_lmg=False)
    s = pd.Series(st["rw"][0], index=pd.Index(predictors, name="driver"), name="rw")
    s.attrs["r2"] = float(st["r2"][0])
    return s


# --------------------------------------------------------------------------
# public API: from data
# --------------------------------------------------------------------------

def _from_data(data, outcome, predictors, *, kind: str) -> pd.Series:
    sample = _sample(data, outcome, predictors)
    if kind == "lmg":
        _check_exact(len(sample.predictors))
    R = _corr(sample.X)
    _check_collinear(R, sample.predictors)
    st = _statistics(R[None], with_lmg=kind == "lmg", with_rw=kind == "rw")
    s = pd.Series(st[kind][0], index=pd.Index(sample.predictors, name="driver"), name=kind)
    s.attrs.update(r2=float(st["r2"][0]), n=int(sample.X.shape[0]), n_dropped=len(sample.dropped))
    return s


def lmg(data: pd.DataFrame, outcome, predictors) -> pd.Series:
    """LMG of each driver on ``data`` (construct scores), rows with a missing value dropped listwise.

    A Series adding up to R²; ``.attrs`` holds ``r2``, ``n`` and
    ``n_dropped``.  See :func:`drivers` for intervals and rank stability.
    """
    return _from_data(data, outcome, predictors, kind="lmg")


def relative_weights(data: pd.DataFrame, outcome, predictors) -> pd.Series:
    """Johnson's relative weights of each driver on ``data``, rows with a missing value dropped listwise.

    A Series adding up to R²; ``.attrs`` holds ``r2``, ``n`` and ``n_dropped``.
    """
    return _from_data(data, outcome, predictors, kind="rw")


@dataclass(frozen=True, eq=False)
class DriversResult:
    """The result of :func:`drivers`.

    ``estimates``: one row per driver (in the order given) with the snake_case
    columns of :data:`COLUMNS`; shares are parts of R² (they add up to 1).
    ``boot_lmg`` / ``boot_rw`` / ``boot_r2`` hold the bootstrap draws
    (invalid resamples as NaN rows).
    """

    outcome: object
    predictors: tuple
    n: int
    n_rows: int
    n_dropped: int
    dropped_rows: tuple
    r2: float
    estimates: pd.DataFrame
    corr: pd.DataFrame
    seed: int | None
    n_boot: int
    n_boot_valid: int
    level: float
    notes: tuple = ()
    boot_r2: np.ndarray = field(default=None, repr=False)
    boot_lmg: np.ndarray = field(default=None, repr=False)
    boot_rw: np.ndarray = field(default=None, repr=False)

    def table(self) -> pd.DataFrame:
        """One row per driver: driver, beta, lmg, lmg_share, their CIs, rw, rw_share, their CIs,
        rank (by LMG, 1 = most important), rank_stability, first_share."""
        t = self.estimates.reset_index()
        return t.rename(columns={t.columns[0]: "driver"})

    def to_dict(self) -> dict:
        rows = [{"driver": jsonable(d), **{k: jsonable(v) for k, v in r.items()}}
                for d, r in self.estimates.iterrows()]
        return {
            "statistic": "drivers", "outcome": jsonable(self.outcome),
            "predictors": [jsonable(c) for c in self.predictors],
            "n": self.n, "n_rows": self.n_rows, "n_dropped": self.n_dropped,
            "dropped_rows": [jsonable(r) for r in self.dropped_rows],
            "r2": jsonable(self.r2), "level": self.level, "seed": self.seed, "n_boot": self.n_boot,
            "n_boot_valid": self.n_boot_valid, "drivers": rows, "corr": jsonable(self.corr),
            "sources": dict(SOURCES), "notes": list(self.notes),
        }


def _run_boot(Xc: np.ndarray, n_boot: int, ss: np.random.SeedSequence, n_jobs: int) -> dict:
    blocks = [index for _, index in resample_blocks(ss, n_boot, Xc.shape[0])]
    if n_jobs == 1:
        parts = [_block(Xc, index) for index in blocks]
    else:
        from joblib import Parallel, delayed
        parts = Parallel(n_jobs=n_jobs)(delayed(_block)(Xc, index) for index in blocks)
    return {k: np.concatenate([part[k] for part in parts]) for k in ("valid", "r2", "lmg", "rw")}


def _intervals(draws: np.ndarray, level: float) -> tuple[np.ndarray, np.ndarray]:
    p = draws.shape[1]
    lo, hi = np.full(p, np.nan), np.full(p, np.nan)
    if draws.shape[0] >= 2:
        for j in range(p):
            lo[j], hi[j] = percentile_ci(draws[:, j], level)
    return lo, hi


def drivers(data: pd.DataFrame, outcome, predictors, *, bootstrap: int = 1000, seed=None, level: float = 0.95,
            n_jobs: int = 1) -> DriversResult:
    """Relative importance of ``predictors`` (drivers) for ``outcome``: β, LMG, relative weights, with
    bootstrap percentile CIs and rank stability.

    ``data``: construct scores (one column per driver and the outcome), rows
    with a missing value dropped listwise (counted in ``n_dropped``).
    ``bootstrap``: number of resamples (0 = none); ``seed``: int for a
    reproducible run (None: fresh entropy, stored in ``result.seed``);
    ``level``: confidence level of the percentile intervals; ``n_jobs``:
    worker processes (joblib; −1 = all cores), which do not change the
    draws.  At most 15 drivers (LMG is exact over all subsets).
    """
    _check_frame(data)
    n_boot = _check_bootstrap(bootstrap)
    level = _check_level(level)
    n_jobs = _check_jobs(n_jobs)
    ss = _check_seed(seed)
    sample = _sample(data, outcome, predictors)
    names = sample.predictors
    p = len(names)
    _check_exact(p)
    R = _corr(sample.X)
    _check_collinear(R, names)
    full = _statistics(R[None])
    r2 = float(full["r2"][0])
    est = pd.DataFrame(np.nan, index=pd.Index(names, name="driver"), columns=COLUMNS)
    est["beta"] = full["beta"][0]
    est["lmg"] = full["lmg"][0]
    est["lmg_share"] = full["lmg"][0] / r2 if r2 > 0 else np.nan
    est["rw"] = full["rw"][0]
    est["rw_share"] = full["rw"][0] / r2 if r2 > 0 else np.nan
    rank = _ranks(full["lmg"])[0]
    est["rank"] = rank

    notes = []
    if len(sample.dropped):
        notes.append(f"{len(sample.dropped)} of {sample.n_rows} rows dropped listwise for missing values")
    r_xy = R[0, 1:]
    for c, b, r in zip(names, full["beta"][0], r_xy):
        if b * r < 0 and abs(b) > 1e-12 and abs(r) > 1e-12:
            notes.append(f"{c}: β ({b:+.3f}) and r ({r:+.3f}) have opposite signs (suppression); importance "
                         f"measures have no sign, read {c}'s share with care")

    boot = {"r2": None, "lmg": None, "rw": None}
    n_valid = 0
    if n_boot:
        Xc = sample.X - sample.X.mean(axis=0)
        b = _run_boot(Xc, n_boot, ss, n_jobs)
        ok = b["valid"]
        n_valid = int(ok.sum())
        boot = {k: b[k] for k in ("r2", "lmg", "rw")}
        if n_valid < n_boot:
            notes.append(f"{n_boot - n_valid} of {n_boot} resamples left out: a driver was constant or the "
                         f"drivers perfectly collinear in the resample")
        lmg_b, rw_b, r2_b = b["lmg"][ok], b["rw"][ok], b["r2"][ok]
        with np.errstate(invalid="ignore", divide="ignore"):
            lmg_s, rw_s = lmg_b / r2_b[:, None], rw_b / r2_b[:, None]
        for key, draws in (("lmg", lmg_b), ("lmg_share", lmg_s), ("rw", rw_b), ("rw_share", rw_s)):
            est[f"{key}_ci_lower"], est[f"{key}_ci_upper"] = _intervals(draws, level)
        if n_valid:
            ranks_b = _ranks(lmg_b)
            est["rank_stability"] = (ranks_b == rank[None, :]).mean(axis=0)
            est["first_share"] = (ranks_b == 1).mean(axis=0)
        if n_valid < 2:
            notes.append("fewer than 2 usable resamples: no intervals")
    else:
        notes.append("no bootstrap (bootstrap=0): no intervals and no rank stability")
    est["rank"] = est["rank"].astype(int)

    labels = [outcome, *names]
    return DriversResult(
        outcome=outcome, predictors=tuple(names), n=int(sample.X.shape[0]), n_rows=sample.n_rows,
        n_dropped=len(sample.dropped), dropped_rows=sample.dropped, r2=r2, estimates=est,
        corr=pd.DataFrame(R, index=labels, columns=labels),
        seed=int(ss.entropy) if (n_boot or seed is not None) else None, n_boot=n_boot, n_boot_valid=n_valid,
        level=level, notes=tuple(notes), boot_r2=boot["r2"], boot_lmg=boot["lmg"], boot_rw=boot["rw"])
