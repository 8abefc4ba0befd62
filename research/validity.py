"""Validity statistics in closed form: HTMT, KMO, Bartlett, EFA, parallel
analysis, Harman's single-factor test, cross-loadings and Fornell–Larcker.

Every function takes a DataFrame and column names (or a mapping construct →
items), checks its input once, and returns a small frozen result with
``.table()`` (a tidy DataFrame) and ``.to_dict()`` (JSON-safe).  Each
docstring names the formula's source and the R program the numbers match
(checked against ``shared/reference``: lavaan 0.6-14, psych 2.2.9,
semTools 0.5-6, GPArotation 2022.10.2).

>>> constructs = {"visual": ["x1", "x2", "x3"], "textual": ["x4", "x5", "x6"]}
>>> htmt(df, constructs).table()          # HTMT2, as semTools::htmt
>>> kmo(df, items).overall, bartlett(df, items).pvalue
>>> efa(df, items, n_factors=3).table()   # psych::fa(fm = "ml", rotate = "oblimin")

Missing data: :func:`htmt` and :func:`cross_loadings` drop incomplete rows
(listwise, as semTools) unless told ``missing="pairwise"``; :func:`kmo`,
:func:`bartlett`, :func:`efa`, :func:`parallel_analysis` and :func:`harman`
use pairwise-complete correlations, as psych does (``cor(x, use =
"pairwise")``), and may be told ``missing="listwise"``.
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import optimize, stats

from .errors import DataError, infinite_values
from .jsonsafe import jsonable as _json
from .errors import invalid_data as _data_error
from .errors import invalid_option as _invalid

HTMT_STRICT = 0.85     # Henseler, Ringle & Sarstedt 2015
HTMT_LIBERAL = 0.90
HARMAN_LIMIT = 0.50    # Podsakoff et al. 2003
BARTLETT_ALPHA = 0.05  # Bartlett 1950

# Kaiser (1974), "An index of factorial simplicity", Psychometrika 39, 31–36.
KMO_LABELS: tuple[tuple[float, dict[str, str]], ...] = (
    (0.90, {"en": "marvelous", "zh-Hans": "极佳", "zh-Hant": "極佳"}),
    (0.80, {"en": "meritorious", "zh-Hans": "良好", "zh-Hant": "良好"}),
    (0.70, {"en": "middling", "zh-Hans": "中等", "zh-Hant": "中等"}),
    (0.60, {"en": "mediocre", "zh-Hans": "平庸", "zh-Hant": "平庸"}),
    (0.50, {"en": "miserable", "zh-Hans": "很差", "zh-Hant": "很差"}),
    (-math.inf, {"en": "unacceptable", "zh-Hans": "不可接受", "zh-Hant": "不可接受"}),
)

HTMT_METHODS = ("htmt2", "htmt")
MISSING_CHOICES = ("listwise", "pairwise")
EFA_METHODS = ("ml", "pc")
ROTATIONS = ("oblimin", "varimax", "none")
_PSI_LOWER = 0.005     # psych/factanal bound on ML uniquenesses


# --------------------------------------------------------------------------
# errors and input checks
# --------------------------------------------------------------------------

def _check_choice(option: str, value, choices) -> None:
    if value not in choices:
        raise _invalid(option, f"{value!r} ∉ {{{', '.join(choices)}}}",
                       f"Use one of: {', '.join(choices)}.",
                       f"请使用以下之一：{'、'.join(choices)}。",
                       f"請使用下列之一：{'、'.join(choices)}。")


def _check_frame(data) -> None:
    if not isinstance(data, pd.DataFrame):
        raise _invalid("data", type(data).__name__,
                       "Pass the responses as a pandas DataFrame (one row per respondent, one column per item).",
                       "请传入 pandas DataFrame（每行一位受访者，每列一个题目）。",
                       "請傳入 pandas DataFrame（每列一位受訪者，每欄一個題目）。")


def _check_items(data: pd.DataFrame, items, *, option: str = "items", min_items: int = 2) -> list:
    """Validate a list of item columns; return it as a list."""
    if isinstance(items, (str, bytes)) or not hasattr(items, "__iter__"):
        raise _invalid(option, repr(items)[:60],
                       "Give the item columns as a list of column names, e.g. ['x1', 'x2', 'x3'].",
                       "请以列名列表给出题目，例如 ['x1', 'x2', 'x3']。",
                       "請以欄名清單提供題目，例如 ['x1', 'x2', 'x3']。")
    items = list(items)
    if len(items) < min_items:
        raise _invalid(option, f"k = {len(items)} < {min_items}",
                       f"Give at least {min_items} item columns.",
                       f"请至少给出 {min_items} 个题目列。",
                       f"請至少提供 {min_items} 個題目欄。")
    seen = set()
    for it in items:
        try:
            hash(it)
        except TypeError:
            raise _invalid(option, repr(it)[:60], "Name each item by its column name (a string).",
                           "请用列名（字符串）指定每个题目。", "請用欄名（字串）指定每個題目。") from None
        if it in seen:
            raise _invalid(option, f"{it!r} × 2", "Name every item only once.",
                           "每个题目只能出现一次。", "每個題目只能出現一次。", column=it)
        seen.add(it)
        if it not in data.columns:
            raise _invalid(option, f"{it!r} ∉ data",
                           "Use column names that exist in the data (check spelling and case).",
                           "请使用数据中存在的列名（注意拼写和大小写）。",
                           "請使用資料中存在的欄名（注意拼寫與大小寫）。", column=it)
    return items


def _check_constructs(data: pd.DataFrame, constructs, *, min_constructs: int = 2) -> dict:
    if not isinstance(constructs, Mapping):
        raise _invalid("constructs", type(constructs).__name__,
                       "Give the constructs as a mapping, e.g. {'REL': ['REL1', 'REL2', 'REL3'], 'SAT': [...]}.",
                       "请以字典给出构念及其题目，例如 {'REL': ['REL1', 'REL2', 'REL3'], 'SAT': [...]}。",
                       "請以字典提供構念及其題目，例如 {'REL': ['REL1', 'REL2', 'REL3'], 'SAT': [...]}。")
    if len(constructs) < min_constructs:
        raise _invalid("constructs", f"m = {len(constructs)} < {min_constructs}",
                       f"Give at least {min_constructs} constructs.",
                       f"请至少给出 {min_constructs} 个构念。", f"請至少提供 {min_constructs} 個構念。")
    out: dict = {}
    owner: dict = {}
    for name, items in constructs.items():
        if isinstance(items, (str, bytes)) or not hasattr(items, "__iter__"):
            items = [items]
        items = list(items)
        if len(items) < 2:
            n = len(items)
            raise _invalid("constructs", f"{name!r}: k = {n} < 2",
                           "Every construct needs at least 2 items; drop single-item constructs from this analysis.",
                           "每个构念至少需要 2 个题目；请在此分析中去掉单题构念。",
                           "每個構念至少需要 2 個題目；請在此分析中移除單題構念。")
        items = _check_items(data, items, option="constructs")
        for it in items:
            if it in owner:
                raise _invalid("constructs", f"{it!r} ∈ {owner[it]!r}, {name!r}",
                               "Assign every item to one construct only.",
                               "每个题目只能属于一个构念。", "每個題目只能屬於一個構念。", column=it)
            owner[it] = name
        out[name] = items
    return out


def _numeric(data: pd.DataFrame, items: list) -> pd.DataFrame:
    """The item columns as floats, with one check per column."""
    cols = {}
    for it in items:
        s = data[it]
        if pd.api.types.is_bool_dtype(s) or not pd.api.types.is_numeric_dtype(s):
            raise _data_error(f"dtype({it!r}) = {s.dtype}",
                              "Item answers must be numbers: recode text answers (e.g. Likert labels) to scores first.",
                              "题目答案必须是数字：请先把文字答案（如“同意”）编码为分值。",
                              "題目答案必須是數字：請先把文字答案（如「同意」）編碼為分值。", column=it)
        v = s.to_numpy(dtype=float, na_value=np.nan)
        infinite = infinite_values(v[:, None], [it])
        if infinite is not None:
            raise infinite
        cols[it] = v
    return pd.DataFrame(cols, index=data.index)


def _check_variance(x: pd.DataFrame) -> None:
    for it in x.columns:
        v = x[it].to_numpy()
        v = v[~np.isnan(v)]
        if v.size < 2 or np.ptp(v) == 0:
            raise _data_error(f"SD({it!r}) = 0",
                              "An item on which everyone gave the same answer (or that is empty) carries no "
                              "information: remove it from the analysis.",
                              "所有人答案相同（或全部缺失）的题目没有信息量，请将其从分析中移除。",
                              "所有人答案相同（或全部遺漏）的題目沒有資訊量，請將其從分析中移除。", column=it)


def _too_few_rows(n: int, need: int) -> DataError:
    return _data_error(f"n = {n} < {need}",
                       f"This analysis needs at least {need} complete responses; collect more data or use fewer items.",
                       f"此分析至少需要 {need} 份完整答卷；请增加样本或减少题目。",
                       f"此分析至少需要 {need} 份完整答卷；請增加樣本或減少題目。")


def _correlation(x: pd.DataFrame, missing: str, need: int) -> tuple[pd.DataFrame, int]:
    """Pearson correlations, listwise or pairwise-complete, and the n behind them.

    For pairwise correlations n is the smallest number of rows behind any pair.
    """
    _check_variance(x)
    if missing == "listwise":
        xc = x.dropna()
        n = len(xc)
        if n < need:
            raise _too_few_rows(n, need)
        _check_variance(xc)
        a = xc.to_numpy()
        r = np.corrcoef(a, rowvar=False)
    else:
        ok = (~x.isna()).to_numpy().astype(float)
        n = int((ok.T @ ok).min())
        if n < need:
            raise _too_few_rows(n, need)
        r = x.corr(method="pearson").to_numpy()
    if not np.isfinite(r).all():
        bad = [c for c, row in zip(x.columns, r) if not np.isfinite(row).all()]
        raise _data_error(f"r({bad[0]!r}, ·) = NaN",
                          "Some pairs of items have no variance where both are answered; remove the item or "
                          "use missing='listwise'.",
                          "某些题目在共同作答的样本中没有变异，请移除该题或改用 missing='listwise'。",
                          "某些題目在共同作答的樣本中沒有變異，請移除該題或改用 missing='listwise'。", column=bad[0])
    r = (r + r.T) / 2
    np.fill_diagonal(r, 1.0)
    return pd.DataFrame(r, index=x.columns, columns=x.columns), n


def _check_nonsingular(r: pd.DataFrame) -> np.ndarray:
    ev = np.linalg.eigvalsh(r.to_numpy())
    if ev[0] <= 1e-10 * max(ev[-1], 1.0):
        raise _data_error(f"det(R) ≈ 0 (λmin = {ev[0]:.2g})",
                          "The correlation matrix is singular: some items are (nearly) exact linear combinations "
                          "of others (duplicated items, a total score among the items, or fewer responses than "
                          "items). Remove the redundant items.",
                          "相关矩阵奇异：某些题目（几乎）是其他题目的线性组合（重复题目、把总分当作题目，或样本少于题目数）。请移除多余的题目。",
                          "相關矩陣奇異：某些題目（幾乎）是其他題目的線性組合（重複題目、把總分當作題目，或樣本少於題目數）。請移除多餘的題目。")
    return ev


def _prepare_items(data, items, missing: str, *, need_extra: int = 1):
    """Checked items → (correlation matrix, n, n_rows) for the matrix-based statistics."""
    _check_frame(data)
    _check_choice("missing", missing, MISSING_CHOICES)
    items = _check_items(data, items)
    x = _numeric(data, items)
    r, n = _correlation(x, missing, need=max(3, len(items) + need_extra))
    n_rows = len(x.dropna()) if missing == "listwise" else len(x)
    return r, n, n_rows


# --------------------------------------------------------------------------
# HTMT
# --------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class HTMT:
    """The result of :func:`htmt`: the square matrix and one row per pair."""

    matrix: pd.DataFrame
    method: str
    absolute: bool
    missing: str
    n: int
    notes: tuple[str, ...] = ()
    strict: float = HTMT_STRICT
    liberal: float = HTMT_LIBERAL

    @property
    def pairs(self) -> pd.DataFrame:
        """One row per pair of constructs with the threshold flags (value < .85 / < .90)."""
        names = list(self.matrix.index)
        rows = []
        for i in range(len(names)):
            for j in range(i + 1, len(names)):
                v = float(self.matrix.iat[i, j])
                rows.append({"construct_a": names[i], "construct_b": names[j], self.method: v,
                             "below_strict": bool(v < self.strict), "below_liberal": bool(v < self.liberal)})
        return pd.DataFrame(rows, columns=["construct_a", "construct_b", self.method, "below_strict",
                                           "below_liberal"])

    @property
    def passed(self) -> bool:
        """True when every pair is below the strict threshold (.85)."""
        return bool(self.pairs["below_strict"].all())

    def table(self) -> pd.DataFrame:
        """The constructs × constructs matrix (1 on the diagonal)."""
        return self.matrix.copy()

    def to_dict(self) -> dict:
        return {
            "statistic": self.method, "method": self.method, "absolute": self.absolute, "missing": self.missing,
            "n": self.n, "matrix": _json(self.matrix),
            "pairs": [_json(r) for r in self.pairs.to_dict("records")],
            "thresholds": {"strict": self.strict, "liberal": self.liberal,
                           "source": "Henseler, Ringle & Sarstedt 2015"},
            "passed_strict": self.passed, "notes": list(self.notes),
        }


def _geomean(v: np.ndarray) -> float:
    with np.errstate(divide="ignore"):
        return float(np.exp(np.mean(np.log(v))))


def htmt(data: pd.DataFrame, constructs: Mapping, method: str = "htmt2", *, absolute: bool = True,
         missing: str = "listwise") -> HTMT:
    """Heterotrait–monotrait ratio of correlations for every pair of constructs.

    ``method="htmt"`` is the original HTMT of Henseler, Ringle & Sarstedt
    (2015, JAMS 43, 115–135): the arithmetic mean of the heterotrait
    correlations divided by the geometric mean of the two constructs' mean
    monotrait correlations (the correlations among a construct's own items).
    ``method="htmt2"`` (default) is HTMT2 of Roemer, Schuberth & Henseler
    (2021, IMDS 121, 2637–2650), which uses geometric means of the absolute
    correlations throughout and is consistent for congeneric (unequal-loading)
    measurement.

    Matches ``semTools::htmt(model, data)`` of semTools 0.5-6 (default
    ``htmt2 = TRUE``) and ``htmt2 = FALSE``; ``absolute`` is semTools'
    ``absolute`` (HTMT2 always uses absolute correlations).  Correlations are
    Pearson; ``missing="listwise"`` (default) drops incomplete rows over all
    the constructs' items, as semTools does through ``lavCor(missing =
    "listwise")``; ``missing="pairwise"`` uses pairwise-complete correlations.

    Thresholds: HTMT < .85 (strict) or < .90 (liberal) supports
    discriminant validity (Henseler et al. 2015).
    """
    _check_frame(data)
    _check_choice("method", method, HTMT_METHODS)
    _check_choice("missing", missing, MISSING_CHOICES)
    if not isinstance(absolute, (bool, np.bool_)):
        raise _invalid("absolute", repr(absolute), "Use True or False.", "请使用 True 或 False。",
                       "請使用 True 或 False。")
    blocks = _check_constructs(data, constructs)
    items = [it for block in blocks.values() for it in block]
    x = _numeric(data, items)
    r, n = _correlation(x, missing, need=3)
    use_abs = bool(absolute) or method == "htmt2"
    a = r.abs() if use_abs else r
    mean = _geomean if method == "htmt2" else (lambda v: float(np.mean(v)))

    notes = []
    mono = {}
    for name, block in blocks.items():
        sub = r.loc[block, block].to_numpy()
        off_raw = sub[~np.eye(len(block), dtype=bool)]
        if (off_raw < 0).any():
            i, j = np.argwhere((sub < 0) & ~np.eye(len(block), dtype=bool))[0]
            notes.append(f"{name}: r({block[i]}, {block[j]}) = {sub[i, j]:.3f} < 0 — a reverse-keyed item "
                         f"not yet recoded?")
        m = mean(a.loc[block, block].to_numpy()[~np.eye(len(block), dtype=bool)])
        if not m > 0:
            raise _data_error(f"{name!r}: mean r = {m:.3g} ≤ 0",
                              "The items of this construct do not correlate positively (check reverse-keyed "
                              "items and recode them first); HTMT is undefined.",
                              "该构念的题目之间没有正相关（请检查并先重新编码反向题），HTMT 无法计算。",
                              "此構念的題目之間沒有正相關（請檢查並先重新編碼反向題），HTMT 無法計算。")
        mono[name] = m

    names = list(blocks)
    out = np.eye(len(names))
    for i, ci in enumerate(names):
        for j in range(i + 1, len(names)):
            cj = names[j]
            het = mean(a.loc[blocks[ci], blocks[cj]].to_numpy().ravel())
            out[i, j] = out[j, i] = het / math.sqrt(mono[ci] * mono[cj])
    matrix = pd.DataFrame(out, index=names, columns=names)
    return HTMT(matrix=matrix, method=method, absolute=use_abs, missing=missing, n=n, notes=tuple(notes))


# --------------------------------------------------------------------------
# KMO and Bartlett
# --------------------------------------------------------------------------

def kmo_label(value: float, lang: str = "en") -> str:
    """Kaiser's (1974) verbal label for a KMO / MSA value."""
    for cut, labels in KMO_LABELS:
        if value >= cut:
            return labels.get(lang, labels["en"])
    return KMO_LABELS[-1][1]["en"]  # NaN


@dataclass(frozen=True, eq=False)
class KMO:
    """The result of :func:`kmo`: overall and per-item measures of sampling adequacy."""

    overall: float
    per_item: pd.Series
    n: int
    missing: str

    @property
    def label(self) -> str:
        return kmo_label(self.overall)

    def table(self) -> pd.DataFrame:
        """One row per item (msa, Kaiser's label in en / zh-Hans / zh-Hant)."""
        return pd.DataFrame({
            "item": list(self.per_item.index),
            "msa": self.per_item.to_numpy(),
            "label": [kmo_label(v) for v in self.per_item],
            "label_zh": [kmo_label(v, "zh-Hans") for v in self.per_item],
            "label_zh_hant": [kmo_label(v, "zh-Hant") for v in self.per_item],
        })

    def to_dict(self) -> dict:
        return {
            "statistic": "kmo", "overall": _json(self.overall),
            "label": {lang: kmo_label(self.overall, lang) for lang in ("en", "zh-Hans", "zh-Hant")},
            "per_item": _json(self.per_item), "n": self.n, "missing": self.missing,
            "thresholds": {"marvelous": 0.90, "meritorious": 0.80, "middling": 0.70, "mediocre": 0.60,
                           "miserable": 0.50, "source": "Kaiser 1974"},
        }


def kmo(data: pd.DataFrame, items, *, missing: str = "pairwise") -> KMO:
    """Kaiser–Meyer–Olkin measure of sampling adequacy, overall and per item.

    MSA = Σ r²ᵢⱼ / (Σ r²ᵢⱼ + Σ q²ᵢⱼ) over i ≠ j, where q are the partial
    (anti-image) correlations from the inverse correlation matrix; the
    per-item MSA sums over one column (Kaiser 1974; Kaiser & Rice 1974).
    Matches ``psych::KMO`` (psych 2.2.9), which uses pairwise-complete
    correlations.  Labels: ≥ .90 marvelous, ≥ .80 meritorious, ≥ .70
    middling, ≥ .60 mediocre, ≥ .50 miserable, below unacceptable.
    Unlike psych, a singular correlation matrix is an error, not a fallback.
    """
    r, n, _ = _prepare_items(data, items, missing)
    _check_nonsingular(r)
    rm = r.to_numpy()
    inv = np.linalg.inv(rm)
    d = 1.0 / np.sqrt(np.diag(inv))
    q = inv * np.outer(d, d)
    np.fill_diagonal(q, 0.0)
    r0 = rm.copy()
    np.fill_diagonal(r0, 0.0)
    r2, q2 = r0 ** 2, q ** 2
    overall = float(r2.sum() / (r2.sum() + q2.sum()))
    per = r2.sum(axis=0) / (r2.sum(axis=0) + q2.sum(axis=0))
    return KMO(overall=overall, per_item=pd.Series(per, index=r.index, name="msa"), n=n, missing=missing)


@dataclass(frozen=True, eq=False)
class Bartlett:
    """The result of :func:`bartlett`."""

    chisq: float
    df: int
    pvalue: float
    n: int
    p: int
    missing: str
    alpha: float = BARTLETT_ALPHA

    @property
    def passed(self) -> bool:
        """True when p < .05: the correlation matrix is not an identity matrix."""
        return bool(self.pvalue < self.alpha)

    def table(self) -> pd.DataFrame:
        return pd.DataFrame([{"chisq": self.chisq, "df": self.df, "pvalue": self.pvalue, "n": self.n,
                              "p": self.p, "passed": self.passed}])

    def to_dict(self) -> dict:
        return {"statistic": "bartlett", "chisq": _json(self.chisq), "df": self.df, "pvalue": _json(self.pvalue),
                "n": self.n, "p": self.p, "missing": self.missing, "passed": self.passed,
                "thresholds": {"pvalue_below": self.alpha, "source": "Bartlett 1950"}}


def bartlett(data: pd.DataFrame, items, *, missing: str = "pairwise") -> Bartlett:
    """Bartlett's test of sphericity (H0: the correlation matrix is an identity).

    χ² = −(n − 1 − (2p + 5)/6) ln|R| with df = p(p − 1)/2 (Bartlett 1950).
    Matches ``psych::cortest.bartlett(cor(x), n = nrow(x))`` (psych 2.2.9):
    R holds pairwise-complete correlations and n is the number of rows
    (with ``missing="listwise"``: the complete rows).
    """
    r, _, n_rows = _prepare_items(data, items, missing)
    _check_nonsingular(r)
    p = r.shape[0]
    sign, logdet = np.linalg.slogdet(r.to_numpy())
    chisq = float(-(n_rows - 1 - (2 * p + 5) / 6) * logdet)
    df = p * (p - 1) // 2
    return Bartlett(chisq=chisq, df=df, pvalue=float(stats.chi2.sf(chisq, df)), n=n_rows, p=p, missing=missing)


# --------------------------------------------------------------------------
# parallel analysis
# --------------------------------------------------------------------------

def _smc_reduced_eigenvalues(r: np.ndarray) -> np.ndarray:
    reduced = r.copy()
    np.fill_diagonal(reduced, 1.0 - 1.0 / np.diag(np.linalg.inv(r)))
    return np.linalg.eigvalsh(reduced)[::-1]


def _count_above(observed: np.ndarray, threshold: np.ndarray) -> int:
    above = observed > threshold
    return int(np.argmin(above)) if not above.all() else len(above)


@dataclass(frozen=True, eq=False)
class ParallelAnalysis:
    """The result of :func:`parallel_analysis`."""

    eigenvalues: pd.Series
    random_eigenvalues: pd.Series
    factor_eigenvalues: pd.Series
    random_factor_eigenvalues: pd.Series
    n_components: int
    n_factors: int
    n: int
    n_iter: int
    quantile: float
    seed: int | None

    @property
    def suggested(self) -> int:
        """The number of components whose eigenvalue beats random data (Horn 1965)."""
        return self.n_components

    def table(self) -> pd.DataFrame:
        """One row per position: observed and random eigenvalues, components and factors."""
        k = np.arange(1, len(self.eigenvalues) + 1)
        return pd.DataFrame({
            "number": k,
            "eigenvalue": self.eigenvalues.to_numpy(),
            "random": self.random_eigenvalues.to_numpy(),
            "retain_component": k <= self.n_components,
            "factor_eigenvalue": self.factor_eigenvalues.to_numpy(),
            "random_factor": self.random_factor_eigenvalues.to_numpy(),
            "retain_factor": k <= self.n_factors,
        })

    def to_dict(self) -> dict:
        return {"statistic": "parallel_analysis", "suggested": self.suggested, "n_components": self.n_components,
                "n_factors": self.n_factors, "n": self.n, "n_iter": self.n_iter, "quantile": self.quantile,
                "seed": self.seed, "eigenvalues": _json(list(self.eigenvalues)),
                "random_eigenvalues": _json(list(self.random_eigenvalues)),
                "factor_eigenvalues": _json(list(self.factor_eigenvalues)),
                "random_factor_eigenvalues": _json(list(self.random_factor_eigenvalues)),
                "source": "Horn 1965; Humphreys & Ilgen 1969"}


def _parallel(r: pd.DataFrame, n: int, n_iter: int, seed, quantile: float) -> ParallelAnalysis:
    p = r.shape[0]
    rm = r.to_numpy()
    obs = np.linalg.eigvalsh(rm)[::-1]
    obs_f = _smc_reduced_eigenvalues(rm)
    rng = np.random.default_rng(seed)
    sim = np.empty((n_iter, p))
    sim_f = np.empty((n_iter, p))
    for b in range(n_iter):
        z = rng.standard_normal((n, p))
        rz = np.corrcoef(z, rowvar=False)
        sim[b] = np.linalg.eigvalsh(rz)[::-1]
        sim_f[b] = _smc_reduced_eigenvalues(rz)
    thr = np.quantile(sim, quantile, axis=0)
    thr_f = np.quantile(sim_f, quantile, axis=0)
    idx = pd.RangeIndex(1, p + 1, name="number")
    return ParallelAnalysis(
        eigenvalues=pd.Series(obs, index=idx), random_eigenvalues=pd.Series(thr, index=idx),
        factor_eigenvalues=pd.Series(obs_f, index=idx), random_factor_eigenvalues=pd.Series(thr_f, index=idx),
        n_components=_count_above(obs, thr), n_factors=_count_above(obs_f, thr_f),
        n=n, n_iter=n_iter, quantile=quantile, seed=seed)


def _check_pa_args(n_iter, quantile, seed) -> None:
    if isinstance(n_iter, bool) or not isinstance(n_iter, (int, np.integer)) or n_iter < 1:
        raise _invalid("n_iter", repr(n_iter), "Use a whole number of at least 1 (100 or more is usual).",
                       "请使用不小于 1 的整数（通常 100 以上）。", "請使用不小於 1 的整數（通常 100 以上）。")
    if isinstance(quantile, bool) or not isinstance(quantile, (int, float, np.number)) or not 0 < quantile < 1:
        raise _invalid("quantile", repr(quantile), "Use a number between 0 and 1, e.g. 0.95.",
                       "请使用 0 到 1 之间的数，例如 0.95。", "請使用 0 到 1 之間的數，例如 0.95。")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0):
        raise _invalid("seed", repr(seed), "Use a non-negative whole number (or None for a fresh random seed).",
                       "请使用非负整数（或 None 表示随机种子）。", "請使用非負整數（或 None 表示隨機種子）。")


def parallel_analysis(data: pd.DataFrame, items, n_iter: int = 100, seed: int | None = 20261122,
                      quantile: float = 0.95, *, missing: str = "pairwise") -> ParallelAnalysis:
    """Horn's (1965) parallel analysis: how many factors to keep.

    The observed correlation matrix's eigenvalues are compared with the
    ``quantile`` (default the 95th percentile, Glorfeld 1995) of the
    eigenvalues of ``n_iter`` correlation matrices of standard-normal data
    with the same n and p; a factor is kept while its observed eigenvalue is
    larger (counting stops at the first that is not, as psych::fa.parallel).

    Two comparisons are made: principal components (eigenvalues of R; Horn
    1965) and common factors (eigenvalues of the reduced correlation matrix
    with squared multiple correlations on the diagonal; Humphreys & Ilgen
    1969, as O'Connor's 2000 SPSS/SAS programs do).  ``suggested`` is the
    component count, Horn's original rule, which :func:`efa` uses.  psych's
    ``fa.parallel`` computes its factor eigenvalues from a one-factor minres
    fit instead, so its factor count can differ; the random data also
    differ from R's, so only the observed eigenvalues are exact.  n is the
    number of rows (psych's convention).  ``seed`` makes the result
    reproducible.
    """
    _check_pa_args(n_iter, quantile, seed)
    r, _, n_rows = _prepare_items(data, items, missing)
    _check_nonsingular(r)
    return _parallel(r, n_rows, int(n_iter), seed, float(quantile))


# --------------------------------------------------------------------------
# EFA: ML extraction (psych::fa / factanal) and GPA rotation
# --------------------------------------------------------------------------

def _ml_parts(psi: np.ndarray, s: np.ndarray, q: int):
    sc = 1.0 / np.sqrt(psi)
    sstar = s * np.outer(sc, sc)
    vals, vecs = np.linalg.eigh(sstar)
    vals, vecs = vals[::-1], vecs[:, ::-1]
    return vals, vecs


def _ml_objective(psi, s, q):
    vals, _ = _ml_parts(psi, s, q)
    e = vals[q:]
    return -(np.sum(np.log(e) - e) - q + s.shape[0])


def _ml_loadings(psi, s, q):
    vals, vecs = _ml_parts(psi, s, q)
    load = vecs[:, :q] * np.sqrt(np.maximum(vals[:q] - 1.0, 0.0))
    return np.sqrt(psi)[:, None] * load


def _ml_gradient(psi, s, q):
    lam = _ml_loadings(psi, s, q)
    g = lam @ lam.T + np.diag(psi) - s
    return np.diag(g) / psi ** 2


def _fit_ml(r: np.ndarray, q: int) -> tuple[np.ndarray, np.ndarray, float, bool]:
    """Minimise the ML discrepancy over the uniquenesses, as factanal / psych's fit.ml.

    Start (1 − q/2p)/diag(R⁻¹), bounds [0.005, 1] (Jöreskog 1967; Lawley &
    Maxwell 1971).
    """
    p = r.shape[0]
    start = (1 - 0.5 * q / p) / np.diag(np.linalg.inv(r))
    start = np.clip(start, _PSI_LOWER, 1.0)
    res = optimize.minimize(_ml_objective, start, args=(r, q), jac=_ml_gradient, method="L-BFGS-B",
                            bounds=[(_PSI_LOWER, 1.0)] * p,
                            options={"maxiter": 10_000, "ftol": 1e-15, "gtol": 1e-10, "maxcor": 20})
    psi = res.x
    return _ml_loadings(psi, r, q), psi, float(res.fun), bool(res.success)


def _pc_loadings(r: np.ndarray, q: int) -> np.ndarray:
    vals, vecs = np.linalg.eigh(r)
    vals, vecs = vals[::-1][:q], vecs[:, ::-1][:, :q]
    return vecs * np.sqrt(vals)


def _vgq_oblimin(lam: np.ndarray, gamma: float = 0.0):
    k = lam.shape[1]
    x = (lam ** 2) @ (1.0 - np.eye(k))
    if gamma != 0:
        p = lam.shape[0]
        x = (np.eye(p) - gamma / p) @ x
    return lam * x, float(np.sum(lam ** 2 * x) / 4)


def _gpf_oblique(a: np.ndarray, eps: float = 1e-5, maxit: int = 1000, gamma: float = 0.0):
    """Gradient projection oblique rotation (Bernaards & Jennrich 2005), oblimin criterion.

    A step-for-step port of GPArotation::GPFoblq (identity start, no Kaiser
    normalisation, eps 1e-5, maxit 1000), so the stopping point is R's.
    """
    k = a.shape[1]
    t = np.eye(k)
    lam = a @ np.linalg.inv(t).T
    gq, f = _vgq_oblimin(lam, gamma)
    g = -(lam.T @ gq @ np.linalg.inv(t)).T
    al = 1.0
    s = math.inf
    for _ in range(maxit + 1):
        gp = g - t @ np.diag(np.sum(t * g, axis=0))
        s = math.sqrt(np.sum(gp ** 2))
        if s < eps:
            break
        al *= 2
        for _ in range(11):
            x = t - al * gp
            tt = x / np.sqrt(np.sum(x ** 2, axis=0))
            lam = a @ np.linalg.inv(tt).T
            gqt, ft = _vgq_oblimin(lam, gamma)
            if f - ft > 0.5 * s ** 2 * al:
                break
            al /= 2
        t, f, gq = tt, ft, gqt
        g = -(lam.T @ gq @ np.linalg.inv(tt)).T
    return lam, t.T @ t, s < eps


def _varimax(a: np.ndarray, eps: float = 1e-5):
    """Kaiser's varimax with row normalisation, a port of R's stats::varimax."""
    k = a.shape[1]
    sc = np.sqrt(np.sum(a ** 2, axis=1))
    x = a / sc[:, None]
    p = x.shape[0]
    tt = np.eye(k)
    d = 0.0
    converged = False
    for _ in range(1000):
        z = x @ tt
        b = x.T @ (z ** 3 - z * (np.sum(z ** 2, axis=0) / p))
        u, sv, vt = np.linalg.svd(b)
        tt = u @ vt
        dpast, d = d, float(np.sum(sv))
        if d < dpast * (1 + eps):
            converged = True
            break
    return (x @ tt) * sc[:, None], np.eye(k), converged


def _max_factors(p: int) -> int:
    """The largest number of factors with non-negative ML degrees of freedom (Ledermann bound)."""
    q = 0
    while q + 1 < p and ((p - q - 1) ** 2 - (p + q + 1)) >= 0:
        q += 1
    return q


@dataclass(frozen=True, eq=False)
class EFA:
    """The result of :func:`efa`.

    ``loadings`` are pattern loadings (items × factors F1…Fq, ordered by the
    variance they account for, each signed so its loadings sum positive, as
    psych does); ``phi`` the factor correlations (identity for orthogonal
    solutions); ``variance`` per factor: SS loadings diag(Φ Λ'Λ), proportion
    of the total variance (SS / p), cumulative and proportion of the common
    variance (psych's ``Vaccounted``).
    """

    loadings: pd.DataFrame
    communalities: pd.Series
    uniquenesses: pd.Series
    phi: pd.DataFrame
    variance: pd.DataFrame
    eigenvalues: pd.Series
    n_factors: int
    method: str
    rotation: str
    n: int
    missing: str
    objective: float | None
    converged: bool
    rotation_converged: bool
    parallel: ParallelAnalysis | None = None
    notes: tuple[str, ...] = field(default=())

    def table(self) -> pd.DataFrame:
        """Loadings with communality (h2) and uniqueness (u2) per item."""
        t = self.loadings.copy()
        t["h2"] = self.communalities
        t["u2"] = self.uniquenesses
        return t

    def to_dict(self) -> dict:
        return {"statistic": "efa", "method": self.method, "rotation": self.rotation,
                "n_factors": self.n_factors, "n": self.n, "missing": self.missing,
                "loadings": _json(self.loadings), "communalities": _json(self.communalities),
                "uniquenesses": _json(self.uniquenesses), "phi": _json(self.phi),
                "variance": _json(self.variance), "eigenvalues": _json(list(self.eigenvalues)),
                "objective": _json(self.objective), "converged": self.converged,
                "rotation_converged": self.rotation_converged,
                "parallel": None if self.parallel is None else self.parallel.to_dict(),
                "notes": list(self.notes)}


def efa(data: pd.DataFrame, items, n_factors: int | None = None, rotation: str = "oblimin", method: str = "ml",
        *, missing: str = "pairwise", seed: int | None = 20261122, n_iter: int = 100) -> EFA:
    """Exploratory factor analysis, as ``psych::fa(x, nfactors, fm = "ml", rotate = "oblimin")``.

    Extraction ``method="ml"``: maximum likelihood (Lawley & Maxwell 1971;
    Jöreskog 1967), minimising the ML discrepancy over the uniquenesses like
    psych's ``fit.ml`` and R's ``factanal`` (uniquenesses bounded to
    [0.005, 1]); ``method="pc"``: principal components (eigenvectors scaled
    by √eigenvalue, SPSS's default "principal components" extraction).
    Rotation ``"oblimin"``: direct oblimin with γ = 0 (quartimin) by gradient
    projection (Bernaards & Jennrich 2005), a port of GPArotation::oblimin,
    which psych calls; ``"varimax"``: Kaiser's (1958) varimax with Kaiser
    normalisation, a port of R's ``stats::varimax``, which psych calls for
    ``rotate = "varimax"``; ``"none"``.

    Factors are then sorted and signed as psych does.  Correlations are
    pairwise-complete (psych's default).  With ``n_factors=None`` the number
    comes from :func:`parallel_analysis` (component count, at least 1, at
    most the Ledermann bound), using ``seed`` and ``n_iter``.

    Matched against psych 2.2.9 ``fa(fm = "ml", rotate = "oblimin")`` on
    HolzingerSwineford1939: loadings, communalities and Φ agree to 2e-6
    (tested at 1e-5).  The stopping rule of the rotation is GPArotation's
    (gradient norm < 1e-5), so rotated loadings carry that much slack.
    """
    _check_frame(data)
    _check_choice("method", method, EFA_METHODS)
    _check_choice("rotation", rotation, ROTATIONS)
    r, _, n_rows = _prepare_items(data, items, missing)
    ev = _check_nonsingular(r)
    p = r.shape[0]
    q_max = _max_factors(p) if method == "ml" else p - 1
    if q_max < 1:
        raise _invalid("items", f"p = {p}", "Maximum-likelihood EFA needs at least 3 items.",
                       "最大似然探索性因子分析至少需要 3 个题目。", "最大概似探索性因素分析至少需要 3 個題目。")
    notes = []
    pa = None
    if n_factors is None:
        _check_pa_args(n_iter, 0.95, seed)
        pa = _parallel(r, n_rows, int(n_iter), seed, 0.95)
        q = max(1, pa.suggested)
        if q > q_max:
            notes.append(f"parallel analysis suggests {pa.suggested}; reduced to {q_max}, the most "
                         f"{p} items can identify")
            q = q_max
    else:
        if isinstance(n_factors, bool) or not isinstance(n_factors, (int, np.integer)) \
                or not 1 <= n_factors <= q_max:
            raise _invalid("n_factors", f"{n_factors!r} ∉ [1, {q_max}]",
                           f"With {p} items use 1 to {q_max} factors (or None to let parallel analysis choose).",
                           f"{p} 个题目可提取 1 到 {q_max} 个因子（或设为 None 由平行分析决定）。",
                           f"{p} 個題目可萃取 1 到 {q_max} 個因子（或設為 None 由平行分析決定）。")
        q = int(n_factors)

    rm = r.to_numpy()
    if method == "ml":
        lam0, psi, obj, converged = _fit_ml(rm, q)
        if np.any(psi <= _PSI_LOWER + 1e-6):
            notes.append("Heywood case: an item's uniqueness reached the lower bound 0.005")
    else:
        lam0 = _pc_loadings(rm, q)
        obj, converged = None, True
    communal = np.sum(lam0 ** 2, axis=1)

    rot_ok = True
    if q == 1 or rotation == "none":
        lam, phi = lam0, np.eye(q)
        rot_used = "none" if q == 1 else rotation
    elif rotation == "oblimin":
        lam, phi, rot_ok = _gpf_oblique(lam0)
        rot_used = rotation
    else:
        lam, phi, rot_ok = _varimax(lam0)
        rot_used = rotation
    if not rot_ok:
        notes.append(f"{rot_used} rotation did not converge in 1000 iterations")

    # psych: order by variance accounted for, then sign each factor so its loadings sum positive
    ss = np.diag(phi @ lam.T @ lam)
    order = np.argsort(-ss, kind="stable")
    lam, phi, ss = lam[:, order], phi[np.ix_(order, order)], ss[order]
    sign = np.sign(lam.sum(axis=0))
    sign[sign == 0] = 1
    lam = lam * sign
    phi = phi * np.outer(sign, sign)

    names = [f"F{i + 1}" for i in range(q)]
    idx = list(r.index)
    variance = pd.DataFrame({
        "ss_loadings": ss, "proportion_var": ss / p, "cumulative_var": np.cumsum(ss) / p,
        "proportion_explained": ss / ss.sum(), "cumulative_proportion": np.cumsum(ss) / ss.sum(),
    }, index=names).T
    return EFA(loadings=pd.DataFrame(lam, index=idx, columns=names),
               communalities=pd.Series(communal, index=idx, name="h2"),
               uniquenesses=pd.Series(1 - communal, index=idx, name="u2"),
               phi=pd.DataFrame(phi, index=names, columns=names), variance=variance,
               eigenvalues=pd.Series(ev[::-1], index=pd.RangeIndex(1, p + 1, name="number")),
               n_factors=q, method=method, rotation=rot_used, n=n_rows, missing=missing, objective=obj,
               converged=converged, rotation_converged=rot_ok, parallel=pa, notes=tuple(notes))


# --------------------------------------------------------------------------
# Harman's single-factor test
# --------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class Harman:
    """The result of :func:`harman`."""

    share: float
    eigenvalue: float
    p: int
    n: int
    missing: str
    limit: float = HARMAN_LIMIT

    @property
    def passed(self) -> bool:
        """True when the first factor explains less than 50 % (no dominant common-method factor)."""
        return bool(self.share < self.limit)

    def table(self) -> pd.DataFrame:
        return pd.DataFrame([{"first_eigenvalue": self.eigenvalue, "items": self.p, "share": self.share,
                              "passed": self.passed}])

    def to_dict(self) -> dict:
        return {"statistic": "harman", "share": _json(self.share), "eigenvalue": _json(self.eigenvalue),
                "p": self.p, "n": self.n, "missing": self.missing, "passed": self.passed,
                "extraction": "first unrotated principal component of the correlation matrix",
                "thresholds": {"share_below": self.limit, "source": "Podsakoff et al. 2003"}}


def harman(data: pd.DataFrame, items, *, missing: str = "pairwise") -> Harman:
    """Harman's single-factor test for common-method variance (Podsakoff et al. 2003).

    The share of the total variance taken by the first unrotated factor,
    extracted as the first principal component of the correlation matrix
    (SPSS "principal components, 1 factor, unrotated", the usual practice):
    share = λ₁ / p.  A share below 50 % suggests that no single factor
    dominates.  The test is weak evidence either way (Podsakoff et al. 2003).
    """
    r, _, n_rows = _prepare_items(data, items, missing)
    ev = np.linalg.eigvalsh(r.to_numpy())
    p = r.shape[0]
    return Harman(share=float(ev[-1] / p), eigenvalue=float(ev[-1]), p=p, n=n_rows, missing=missing)


# --------------------------------------------------------------------------
# cross-loadings
# --------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class CrossLoadings:
    """The result of :func:`cross_loadings`: items × constructs correlations."""

    matrix: pd.DataFrame
    own: pd.Series
    flagged: tuple
    n: int
    missing: str

    def table(self) -> pd.DataFrame:
        """Item rows, one column per construct, then the own construct, own r, the highest other r, a flag."""
        t = self.matrix.copy()
        own_r, other_r = [], []
        for it, c in self.own.items():
            own_r.append(self.matrix.at[it, c])
            other_r.append(self.matrix.loc[it].drop(c).max())
        t["construct"] = self.own
        t["own"] = own_r
        t["max_other"] = other_r
        t["flag"] = [it in self.flagged for it in t.index]
        return t

    def to_dict(self) -> dict:
        return {"statistic": "cross_loadings", "scores": "mean", "matrix": _json(self.matrix),
                "construct": _json(self.own), "flagged": [str(f) for f in self.flagged], "n": self.n,
                "missing": self.missing}


def cross_loadings(data: pd.DataFrame, constructs: Mapping, scores: str = "mean", *,
                   missing: str = "listwise") -> CrossLoadings:
    """Correlation of every item with every construct's mean score (PLS-style cross-loadings).

    An item is flagged when it correlates more strongly (in absolute value,
    strictly) with another construct's score than with its own (Chin 1998; Hair et al.
    2017).  Own-construct correlations include the item itself in the score,
    as in PLS.  ``missing="listwise"`` uses the complete rows; with
    ``"pairwise"`` a score is the mean of the answered items of the
    construct and each correlation uses the rows where both are present.
    """
    _check_frame(data)
    _check_choice("scores", scores, ("mean",))
    _check_choice("missing", missing, MISSING_CHOICES)
    blocks = _check_constructs(data, constructs)
    items = [it for block in blocks.values() for it in block]
    x = _numeric(data, items)
    _check_variance(x)
    if missing == "listwise":
        x = x.dropna()
    if len(x) < 3:
        raise _too_few_rows(len(x), 3)
    _check_variance(x)
    sc = pd.DataFrame({c: x[b].mean(axis=1, skipna=True) for c, b in blocks.items()})
    out = pd.DataFrame(index=items, columns=list(blocks), dtype=float)
    for c in blocks:
        out[c] = x.corrwith(sc[c])
    own = pd.Series({it: c for c, b in blocks.items() for it in b}, name="construct")
    flagged = tuple(it for it in items
                    if (out.loc[it].drop(own[it]).abs() > abs(out.at[it, own[it]])).any())
    n = len(x) if missing == "listwise" else int(x.notna().sum().min())
    return CrossLoadings(matrix=out, own=own, flagged=flagged, n=n, missing=missing)


# --------------------------------------------------------------------------
# Fornell–Larcker
# --------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class FornellLarcker:
    """The result of :func:`fornell_larcker`."""

    matrix: pd.DataFrame
    sqrt_ave: pd.Series
    passed: pd.Series

    def table(self) -> pd.DataFrame:
        """√AVE on the diagonal, correlations below it, blank above; and a pass column."""
        t = self.matrix.copy()
        t["passed"] = self.passed
        return t

    def to_dict(self) -> dict:
        return {"statistic": "fornell_larcker", "matrix": _json(self.matrix), "sqrt_ave": _json(self.sqrt_ave),
                "passed": _json(self.passed), "all_passed": bool(self.passed.all()),
                "rule": "sqrt(AVE) > |r| with every other construct", "source": "Fornell & Larcker 1981"}


def fornell_larcker(ave: Mapping, latent_corr: pd.DataFrame) -> FornellLarcker:
    """The Fornell–Larcker (1981) criterion table.

    √AVE on the diagonal, latent correlations below it; a construct passes
    when its √AVE exceeds the absolute value of every correlation it has
    with another construct (equivalently AVE > r²).  ``ave`` maps construct
    → AVE (e.g. mean squared standardised loading); ``latent_corr`` is the
    latent correlation matrix (e.g. lavaan std.all of the ``~~`` rows
    between factors).
    """
    if not isinstance(ave, Mapping) or len(ave) < 2:
        raise _invalid("ave", type(ave).__name__ if not isinstance(ave, Mapping) else f"m = {len(ave)} < 2",
                       "Give the AVE as a mapping construct → value for at least 2 constructs.",
                       "请以字典（构念 → AVE）给出至少 2 个构念的 AVE。",
                       "請以字典（構念 → AVE）提供至少 2 個構念的 AVE。")
    if not isinstance(latent_corr, pd.DataFrame):
        raise _invalid("latent_corr", type(latent_corr).__name__,
                       "Give the latent correlations as a square DataFrame labelled by construct.",
                       "请以构念为行列名的方阵 DataFrame 给出潜变量相关。",
                       "請以構念為列欄名稱的方陣 DataFrame 提供潛在變項相關。")
    names = list(ave)
    for c in names:
        v = ave[c]
        if isinstance(v, bool) or not isinstance(v, (int, float, np.number)) or not 0 < v <= 1:
            raise _invalid("ave", f"{c!r}: {v!r} ∉ (0, 1]", "An AVE is a number above 0 and at most 1.",
                           "AVE 应为大于 0 且不超过 1 的数。", "AVE 應為大於 0 且不超過 1 的數。")
        if c not in latent_corr.index or c not in latent_corr.columns:
            raise _invalid("latent_corr", f"{c!r} ∉ latent_corr",
                           "Label the rows and columns of the correlation matrix with the same constructs as the AVE.",
                           "相关矩阵的行列名必须与 AVE 的构念一致。", "相關矩陣的列欄名稱必須與 AVE 的構念一致。")
    rc = latent_corr.loc[names, names]
    try:
        rv = rc.to_numpy(dtype=float)
    except (TypeError, ValueError):
        raise _invalid("latent_corr", "dtype", "Correlations must be numbers.", "相关系数必须是数字。",
                       "相關係數必須是數字。") from None
    if not np.isfinite(rv).all() or np.abs(rv).max() > 1 + 1e-12 or not np.allclose(rv, rv.T, atol=1e-8):
        raise _invalid("latent_corr", "R ≠ Rᵀ ∨ |r| > 1",
                       "Give a symmetric correlation matrix with values between −1 and 1.",
                       "请给出对称且取值在 −1 到 1 之间的相关矩阵。", "請提供對稱且取值在 −1 到 1 之間的相關矩陣。")
    sq = np.sqrt(np.array([float(ave[c]) for c in names]))
    m = len(names)
    out = np.full((m, m), np.nan)
    passed = []
    for i in range(m):
        out[i, i] = sq[i]
        for j in range(i):
            out[i, j] = rv[i, j]
        others = np.abs(np.delete(rv[i], i))
        passed.append(bool((sq[i] > others).all()))
    return FornellLarcker(matrix=pd.DataFrame(out, index=names, columns=names),
                          sqrt_ave=pd.Series(sq, index=names, name="sqrt_ave"),
                          passed=pd.Series(passed, index=names, name="passed"))


__all__ = ["htmt", "HTMT", "kmo", "KMO", "kmo_label", "bartlett", "Bartlett", "efa", "EFA",
           "parallel_analysis", "ParallelAnalysis", "harman", "Harman", "cross_loadings", "CrossLoadings",
           "fornell_larcker", "FornellLarcker", "HTMT_STRICT", "HTMT_LIBERAL", "HARMAN_LIMIT", "KMO_LABELS"]
