"""Linear regression on construct scores: OLS with classic and robust SEs,
standardised coefficients, VIF, dummy-coded categorical controls and
hierarchical (blockwise) models.

>>> scores = construct_scores(df, {"REL": ["REL1", "REL2", "REL3"], "SAT": ["SAT1", "SAT2"]})
>>> data = scores.join(df[["GENDER", "PLATFORM"]])
>>> regress(data, "SAT", ["REL"], controls=["GENDER", "PLATFORM"], categorical=["GENDER", "PLATFORM"]).table()
>>> hierarchical(data, "SAT", [["GENDER", "PLATFORM"], ["REL"]], categorical=["GENDER", "PLATFORM"]).table()

Estimation is statsmodels ``OLS`` (pseudo-inverse; matches the NIST StRD
Longley certified values to ~1e-11).  Conventions, each as SPSS REGRESSION
prints them unless stated:

* **B, SE, t, p, CI** — ordinary least squares with the classic
  (homoscedastic) covariance σ̂²(X'X)⁻¹, t on n − k − 1 df.
* **Robust SE** (default HC3; MacKinnon & White 1985, the choice Long &
  Ervin 2000 recommend for small samples):
  (X'X)⁻¹ X' diag(eᵢ²/(1 − hᵢ)²) X (X'X)⁻¹, statsmodels ``cov_type="HC3"``;
  its t, p and CI use the same t(n − k − 1) reference distribution.
  HC0 (White 1980), HC1 and HC2 are available too.
* **β** (standardised coefficient) = B·sd(x)/sd(y) on the analysis sample,
  which equals the slope of a regression on z-scored variables.  For a dummy
  column the same formula is used (the dummy's own SD), as SPSS does; read
  such a β with care, since a 0/1 variable has no natural "one SD" change.
* **VIF** = 1/(1 − R²ⱼ) from regressing column j on all other design
  columns with the constant (statsmodels ``variance_inflation_factor`` on the
  design with the constant included).  Flags after Hair et al.: < 5 pass,
  5–10 warn, ≥ 10 fail (DOMAIN.md §2).  Every dummy gets its own VIF; the
  VIFs of one categorical variable's dummies depend on the reference level
  (Fox & Monette 1992's GVIF avoids that).
* **Missing data**: listwise over the outcome and every model column; the
  dropped rows are listed (row label and the missing columns), never dropped
  silently.  :func:`hierarchical` uses one sample for every step — rows
  complete on all blocks — as SPSS does.
* **Categorical columns** (numeric codes or text) are dummy-coded
  (treatment coding) against a reference level: the user's choice, else the
  most frequent level in the analysis sample, ties going to the first level
  (category order for a pandas Categorical, else sorted order).  The
  reference is recorded in the result.  Dummy terms are named
  ``COLUMN[level]``.
"""
from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from .errors import infinite_values, DataError, OptionError
from .jsonsafe import jsonable as _json

INTERCEPT = "(Intercept)"
ROBUST_TYPES = ("HC3", "HC2", "HC1", "HC0")
SCORE_METHODS = ("mean", "sum")
VIF_GOOD = 5.0       # Hair et al.: VIF < 5
VIF_CLASSIC = 10.0   # the classic rule: VIF < 10
VIF_SOURCE = "Hair et al."
_COLLINEAR_TOL = 1e-10   # smallest/largest singular value of the unit-norm design


# --------------------------------------------------------------------------
# errors, JSON and input checks
# --------------------------------------------------------------------------

def _invalid(option: str, detail: str, en: str, zh: str, zh_hant: str, *, column=None) -> OptionError:
    # ``detail`` is shown in all three languages, so it is written in symbols only.
    return OptionError("option_invalid", option=option, detail=detail, fix_en=en, fix_zh=zh,
                       fix_zh_hant=zh_hant, column=column)


def _data_error(detail: str, en: str, zh: str, zh_hant: str, *, column=None) -> DataError:
    return DataError("data_invalid", detail=detail, fix_en=en, fix_zh=zh, fix_zh_hant=zh_hant, column=column)


def vif_flag(value: float) -> str:
    """'pass' (VIF < 5), 'warn' (5 ≤ VIF < 10), 'fail' (≥ 10) or 'n/a' (Hair et al.)."""
    if value is None or not value == value:
        return "n/a"
    if value < VIF_GOOD:
        return "pass"
    return "warn" if value < VIF_CLASSIC else "fail"


def _check_frame(data) -> None:
    if not isinstance(data, pd.DataFrame):
        raise _invalid("data", type(data).__name__,
                       "Pass the data as a pandas DataFrame (one row per respondent, one column per variable).",
                       "请传入 pandas DataFrame（每行一位受访者，每列一个变量）。",
                       "請傳入 pandas DataFrame（每列一位受訪者，每欄一個變數）。")


def _check_choice(option: str, value, choices) -> None:
    if value not in choices:
        raise _invalid(option, f"{value!r} ∉ {{{', '.join(map(str, choices))}}}",
                       f"Use one of: {', '.join(map(str, choices))}.",
                       f"请使用以下之一：{'、'.join(map(str, choices))}。",
                       f"請使用下列之一：{'、'.join(map(str, choices))}。")


def _check_column(data: pd.DataFrame, name, option: str):
    try:
        hash(name)
    except TypeError:
        raise _invalid(option, repr(name)[:60], "Name each variable by its column name (a string).",
                       "请用列名（字符串）指定每个变量。", "請用欄名（字串）指定每個變數。") from None
    if name not in data.columns:
        raise _invalid(option, f"{name!r} ∉ data",
                       "Use column names that exist in the data (check spelling and case).",
                       "请使用数据中存在的列名（注意拼写和大小写）。",
                       "請使用資料中存在的欄名（注意拼寫與大小寫）。", column=name)
    return name


def _column_list(data: pd.DataFrame, cols, option: str, *, allow_empty: bool = False) -> list:
    if cols is None:
        cols = []
    elif isinstance(cols, (str, bytes)) or not hasattr(cols, "__iter__"):
        cols = [cols]
    cols = list(cols)
    if not cols and not allow_empty:
        raise _invalid(option, "k = 0", "Name at least one column.", "请至少给出一个列名。",
                       "請至少提供一個欄名。")
    seen = set()
    for c in cols:
        _check_column(data, c, option)
        if c in seen:
            raise _invalid(option, f"{c!r} × 2", "Name every variable only once.",
                           "每个变量只能出现一次。", "每個變數只能出現一次。", column=c)
        seen.add(c)
    return cols


def _numeric_column(s: pd.Series, name) -> np.ndarray:
    """A numeric (or boolean 0/1) column as floats, NaN for missing."""
    if pd.api.types.is_bool_dtype(s):
        s = s.astype("float64")
    elif not pd.api.types.is_numeric_dtype(s):
        raise _data_error(f"dtype({name!r}) = {s.dtype}",
                          "This column is not numeric: recode text answers to numbers first, or, for a "
                          "grouping variable such as gender or platform, name it in categorical=.",
                          "该列不是数值：请先把文字答案编码为数字；若是性别、平台等分组变量，请在 categorical= 中列出。",
                          "該欄不是數值：請先把文字答案編碼為數字；若是性別、平台等分組變數，請在 categorical= 中列出。",
                          column=name)
    v = s.to_numpy(dtype=float, na_value=np.nan)
    infinite = infinite_values(v[:, None], [name])
    if infinite is not None:
        raise infinite
    return v


def _scalar(v):
    """A level as a plain Python value (integer-valued floats as int)."""
    if isinstance(v, np.generic):
        v = v.item()
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def level_text(v) -> str:
    """A level as text: integer-valued numbers without ".0" (code 2, not "2.0")."""
    return str(_scalar(v))


# --------------------------------------------------------------------------
# construct scores
# --------------------------------------------------------------------------

def construct_scores(data: pd.DataFrame, constructs: Mapping, method: str = "mean", *,
                     min_share: float = 0.5) -> pd.DataFrame:
    """Observed construct scores: one column per construct, one row per respondent.

    ``method="mean"``: the mean of the items the respondent answered;
    ``method="sum"``: that mean × k (a *prorated* sum, equal to the plain sum
    when every item is answered, and on the same metric when one is not).

    Rule for missing answers (the "half rule"): a respondent gets a score
    only if they answered at least ⌈min_share·k⌉ of the construct's k items
    (default half, rounded up: 1 of 1 or 2, 2 of 3 or 4, 3 of 5 or 6);
    otherwise the score is NaN, and :func:`regress` then lists the row as
    dropped.  Reverse-keyed items must already be recoded.  Factor scores
    from a CFA can be passed to :func:`regress` as a ready DataFrame instead.
    """
    _check_frame(data)
    _check_choice("method", method, SCORE_METHODS)
    if isinstance(min_share, bool) or not isinstance(min_share, (int, float, np.integer, np.floating)) \
            or not 0 < float(min_share) <= 1:
        raise _invalid("min_share", f"{min_share!r} ∉ (0, 1]",
                       "Give the share of items that must be answered as a number above 0 and at most 1, e.g. 0.5.",
                       "请以大于 0、不超过 1 的数字给出至少需作答的题目比例，例如 0.5。",
                       "請以大於 0、不超過 1 的數字提供至少需作答的題目比例，例如 0.5。")
    if not isinstance(constructs, Mapping) or not constructs:
        raise _invalid("constructs", type(constructs).__name__,
                       "Give the constructs as a mapping, e.g. {'REL': ['REL1', 'REL2', 'REL3'], 'SAT': [...]}.",
                       "请以字典给出构念及其题目，例如 {'REL': ['REL1', 'REL2', 'REL3'], 'SAT': [...]}。",
                       "請以字典提供構念及其題目，例如 {'REL': ['REL1', 'REL2', 'REL3'], 'SAT': [...]}。")
    owner: dict = {}
    out = {}
    for name, items in constructs.items():
        items = _column_list(data, items, "constructs")
        for it in items:
            if it in owner:
                raise _invalid("constructs", f"{it!r} ∈ {owner[it]!r}, {name!r}",
                               "Assign every item to one construct only.",
                               "每个题目只能属于一个构念。", "每個題目只能屬於一個構念。", column=it)
            owner[it] = name
        x = np.column_stack([_numeric_column(data[it], it) for it in items])
        k = len(items)
        need = max(1, math.ceil(k * float(min_share) - 1e-9))
        answered = (~np.isnan(x)).sum(axis=1)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)   # all-NaN rows: mean of nothing
            score = np.nanmean(x, axis=1)
        score[answered < need] = np.nan
        out[name] = score * k if method == "sum" else score
    return pd.DataFrame(out, index=data.index)


# --------------------------------------------------------------------------
# design matrix
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class _Design:
    y: np.ndarray
    X: pd.DataFrame                 # constant first, then one column per term
    variables: tuple                # source column per design column (INTERCEPT for the constant)
    blocks: tuple                   # per block: the design columns it contributes
    reference: dict                 # categorical column -> reference level
    levels: dict                    # categorical column -> levels in the sample, in order
    dropped: pd.DataFrame           # row, missing
    n_rows: int


def _categorical_spec(categorical, model_cols: list, data: pd.DataFrame) -> dict:
    if categorical is None:
        return {}
    if isinstance(categorical, Mapping):
        spec = dict(categorical)
    else:
        spec = {c: None for c in _column_list(data, categorical, "categorical", allow_empty=True)}
    for c in spec:
        _check_column(data, c, "categorical")
        if c not in model_cols:
            raise _invalid("categorical", f"{c!r} ∉ predictors ∪ controls",
                           "List in categorical= only columns that are also predictors or controls of the model.",
                           "categorical= 中只能列出同时作为自变量或控制变量的列。",
                           "categorical= 中只能列出同時作為自變數或控制變數的欄。", column=c)
    return spec


def _levels(s: pd.Series) -> list:
    present = pd.unique(s.dropna())
    if isinstance(s.dtype, pd.CategoricalDtype):
        seen = set(present)
        return [c for c in s.dtype.categories if c in seen]
    levels = list(present)
    try:
        return sorted(levels)
    except TypeError:
        return sorted(levels, key=lambda v: (type(v).__name__, str(v)))


def _design(data, outcome, blocks: list[list], categorical, option: str) -> _Design:
    _check_frame(data)
    _check_column(data, outcome, "outcome")
    model_cols: list = []
    for cols in blocks:
        for c in cols:
            if c == outcome:
                raise _invalid(option, f"{outcome!r} = outcome",
                               "The outcome cannot also be a predictor or control.",
                               "因变量不能同时作为自变量或控制变量。", "依變數不能同時作為自變數或控制變數。",
                               column=c)
            if c in model_cols:
                raise _invalid(option, f"{c!r} × 2",
                               "Name every variable once, in one role (predictor, control or block).",
                               "每个变量只能出现一次（自变量、控制变量或某一层中的一处）。",
                               "每個變數只能出現一次（自變數、控制變數或某一層中的一處）。", column=c)
            model_cols.append(c)
    cat = _categorical_spec(categorical, model_cols, data)

    # numeric columns checked once; categorical columns keep their labels
    values = {outcome: _numeric_column(data[outcome], outcome)}
    for c in model_cols:
        if c not in cat:
            values[c] = _numeric_column(data[c], c)
    missing = pd.DataFrame({c: (np.isnan(values[c]) if c in values else data[c].isna().to_numpy())
                            for c in [outcome, *model_cols]}, index=data.index)
    bad = missing.any(axis=1).to_numpy()
    names = list(missing.columns)
    dropped = pd.DataFrame({
        "row": list(data.index[bad]),
        "missing": [[names[j] for j in np.flatnonzero(r)] for r in missing.to_numpy()[bad]],
    }, columns=["row", "missing"])
    keep = ~bad
    n = int(keep.sum())
    index = data.index[keep]

    reference, levels_out = {}, {}
    cols, variables, block_cols = {INTERCEPT: np.ones(n)}, [INTERCEPT], []
    for cols_in_block in blocks:
        this = []
        for c in cols_in_block:
            if c not in cat:
                cols[c] = values[c][keep]
                variables.append(c)
                this.append(c)
                continue
            s = data[c][keep]
            levels = _levels(s)
            if len(levels) < 2:
                shown = "∅" if not levels else level_text(levels[0])
                raise _data_error(f"{c!r}: levels = {{{shown}}}",
                                  "A categorical variable needs at least two different values among the analysed "
                                  "respondents; drop it from the model.",
                                  "分类变量在分析样本中至少需要两个不同的取值；请将其从模型中移除。",
                                  "分類變數在分析樣本中至少需要兩個不同的取值；請將其從模型中移除。", column=c)
            wanted = cat[c]
            if wanted is None:
                counts = s.value_counts(dropna=True)
                top = max(int(counts[lv]) for lv in levels)
                ref = next(lv for lv in levels if int(counts[lv]) == top)
            else:
                match = [lv for lv in levels if lv == wanted or level_text(lv) == str(wanted)]
                if not match:
                    raise _invalid("categorical", f"{c!r}: {wanted!r} ∉ {{{', '.join(map(level_text, levels))}}}",
                                   "Choose as reference a level that occurs in the analysed data.",
                                   "请选择分析样本中出现的取值作为参照组。",
                                   "請選擇分析樣本中出現的取值作為參照組。", column=c)
                ref = match[0]
            reference[c] = _scalar(ref)
            levels_out[c] = tuple(_scalar(lv) for lv in levels)
            sv = s.to_numpy()
            for lv in levels:
                if lv is ref or lv == ref:
                    continue
                name = f"{c}[{level_text(lv)}]"
                cols[name] = (sv == lv).astype(float)
                variables.append(c)
                this.append(name)
        block_cols.append(tuple(this))
    X = pd.DataFrame(cols, index=index)
    y = values[outcome][keep]
    _check_design(X, y, outcome, variables)
    return _Design(y=y, X=X, variables=tuple(variables), blocks=tuple(block_cols), reference=reference,
                   levels=levels_out, dropped=dropped, n_rows=len(data))


def _check_design(X: pd.DataFrame, y: np.ndarray, outcome, variables) -> None:
    n, p = X.shape
    k = p - 1
    if n < k + 2:
        raise _data_error(f"n = {n} < k + 2 = {k + 2}",
                          f"A regression with {k} predictor columns needs at least {k + 2} complete rows (more "
                          f"in practice: 10–20 per predictor); collect more data, use fewer predictors, or check "
                          f"which rows were dropped for missing values.",
                          f"含 {k} 个自变量列的回归至少需要 {k + 2} 行完整数据（实际应每个自变量 10–20 个）；"
                          f"请增加样本、减少自变量，或检查因缺失值被删除的行。",
                          f"含 {k} 個自變數欄的迴歸至少需要 {k + 2} 列完整資料（實務上每個自變數 10–20 個）；"
                          f"請增加樣本、減少自變數，或檢查因遺漏值被刪除的列。")
    if np.ptp(y) == 0:
        raise _data_error(f"SD({outcome!r}) = 0",
                          "Every analysed respondent has the same outcome value: there is nothing to explain.",
                          "所有分析样本的因变量取值相同，没有可解释的变异。",
                          "所有分析樣本的依變數取值相同，沒有可解釋的變異。", column=outcome)
    for j, c in enumerate(X.columns[1:], start=1):
        if np.ptp(X.iloc[:, j].to_numpy()) == 0:
            raise _data_error(f"SD({c!r}) = 0",
                              "A predictor on which every analysed respondent has the same value carries no "
                              "information (and is collinear with the intercept): remove it.",
                              "所有分析样本在该自变量上取值相同，没有信息量（且与截距共线），请将其移除。",
                              "所有分析樣本在該自變數上取值相同，沒有資訊量（且與截距共線），請將其移除。",
                              column=variables[j])
    a = X.to_numpy()
    a = a / np.linalg.norm(a, axis=0)
    _, s, vt = np.linalg.svd(a, full_matrices=False)
    null = vt[s < _COLLINEAR_TOL * s[0]]
    if len(null):
        involved = [c for j, c in enumerate(X.columns) if np.abs(null[:, j]).max() > 1e-6]
        shown = [c for c in involved if c != INTERCEPT] or involved
        first = variables[list(X.columns).index(shown[0])]
        raise _data_error(f"rank(X) < {p}: {', '.join(map(str, involved))}",
                          "These columns are perfectly collinear (one is an exact linear combination of the others, "
                          "e.g. a total score beside its parts, or the same variable twice): remove one of them.",
                          "这些列完全共线（某列是其他列的精确线性组合，例如总分与其分项同时进入，或同一变量出现两次），"
                          "请移除其中之一。",
                          "這些欄完全共線（某欄是其他欄的精確線性組合，例如總分與其分項同時進入，或同一變數出現兩次），"
                          "請移除其中之一。", column=first)


# --------------------------------------------------------------------------
# OLS
# --------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class RegressionResult:
    """The result of :func:`regress`.

    ``coefficients`` holds one row per term (the intercept first) with
    snake_case columns; :meth:`table` renames them for an APA table.
    """

    outcome: object
    coefficients: pd.DataFrame
    n: int
    k: int
    r2: float
    r2_adj: float
    f: float
    df1: int
    df2: int
    pvalue: float
    sigma: float
    robust: str | None
    f_robust: float
    pvalue_robust: float
    level: float
    reference: dict
    levels: dict
    dropped: pd.DataFrame
    n_rows: int
    notes: tuple[str, ...] = ()
    ols: object = field(default=None, repr=False)   # the statsmodels results (classic covariance)

    @property
    def dropped_rows(self) -> list:
        """Row labels dropped listwise for missing values."""
        return list(self.dropped["row"])

    @property
    def vif_passed(self) -> bool:
        """True when every VIF is below 5 (Hair et al.)."""
        v = self.coefficients["vif"].dropna()
        return bool((v < VIF_GOOD).all())

    def table(self) -> pd.DataFrame:
        """One row per term: term, variable, B, SE, β, t, p, CI lower/upper, the
        robust SE/t/p/CI (named after the type, e.g. "SE (HC3)"), VIF and its flag."""
        c = self.coefficients
        out = pd.DataFrame({"term": list(c.index), "variable": list(c["variable"]),
                            "B": c["b"].to_numpy(), "SE": c["se"].to_numpy(), "β": c["beta"].to_numpy(),
                            "t": c["t"].to_numpy(), "p": c["p"].to_numpy(),
                            "CI lower": c["ci_lower"].to_numpy(), "CI upper": c["ci_upper"].to_numpy()})
        if self.robust:
            r = self.robust
            for src, dst in (("se", "SE"), ("t", "t"), ("p", "p"), ("ci_lower", "CI lower"),
                             ("ci_upper", "CI upper")):
                out[f"{dst} ({r})"] = c[f"{src}_robust"].to_numpy()
        out["VIF"] = c["vif"].to_numpy()
        out["VIF flag"] = list(c["vif_flag"])
        return out

    def model_table(self) -> pd.DataFrame:
        """One row: n, k, R², adjusted R², F, df1, df2, p, SE of the estimate (and the robust F)."""
        row = {"n": self.n, "k": self.k, "R²": self.r2, "adj. R²": self.r2_adj, "F": self.f,
               "df1": self.df1, "df2": self.df2, "p": self.pvalue, "SE of estimate": self.sigma}
        if self.robust:
            row[f"F ({self.robust})"] = self.f_robust
            row[f"p ({self.robust})"] = self.pvalue_robust
        return pd.DataFrame([row])

    def to_dict(self) -> dict:
        c = self.coefficients
        coefs = []
        for term, r in c.iterrows():
            d = {"term": str(term), **{k: _json(v) for k, v in r.items()}}
            d["variable"] = _json(r["variable"])
            coefs.append(d)
        return {
            "statistic": "regression", "method": "OLS", "outcome": _json(self.outcome),
            "robust": self.robust, "level": self.level,
            "n": self.n, "n_rows": self.n_rows, "k": self.k, "r2": _json(self.r2), "r2_adj": _json(self.r2_adj),
            "f": _json(self.f), "df1": self.df1, "df2": self.df2, "pvalue": _json(self.pvalue),
            "sigma": _json(self.sigma), "f_robust": _json(self.f_robust),
            "pvalue_robust": _json(self.pvalue_robust),
            "coefficients": coefs,
            "reference": {str(k): _json(v) for k, v in self.reference.items()},
            "levels": {str(k): _json(list(v)) for k, v in self.levels.items()},
            "dropped": [{"row": _json(r), "missing": [_json(m) for m in ms]}
                        for r, ms in zip(self.dropped["row"], self.dropped["missing"])],
            "thresholds": {"vif": {"good": VIF_GOOD, "classic": VIF_CLASSIC, "source": VIF_SOURCE}},
            "vif_passed": self.vif_passed,
            "notes": list(self.notes),
        }


def _check_options(robust, level) -> None:
    if robust is not None:
        _check_choice("robust", robust, ROBUST_TYPES)
    if isinstance(level, bool) or not isinstance(level, (int, float, np.floating)) or not 0 < float(level) < 1:
        raise _invalid("level", f"{level!r} ∉ (0, 1)", "Give the confidence level as a number between 0 and 1, "
                       "e.g. 0.95.", "请以 0 到 1 之间的数字给出置信水平，例如 0.95。",
                       "請以 0 到 1 之間的數字提供信賴水準，例如 0.95。")


def _fit(design: _Design, columns: list, outcome, robust, level: float) -> RegressionResult:
    """OLS of y on the constant and ``columns`` of the design."""
    import statsmodels.api as sm
    from statsmodels.stats.outliers_influence import variance_inflation_factor

    X = design.X[[INTERCEPT, *columns]]
    var_of = dict(zip(design.X.columns, design.variables))
    y = design.y
    n, p = X.shape
    k = p - 1
    a = X.to_numpy()
    alpha = 1 - float(level)
    notes = []
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        res = sm.OLS(y, a).fit()
        b = np.asarray(res.params)
        se = np.asarray(res.bse)
        t = b / se
        pv = 2 * stats.t.sf(np.abs(t), res.df_resid)
        ci = np.asarray(res.conf_int(alpha))
        sd_y = y.std(ddof=1)
        sd_x = a.std(axis=0, ddof=1)
        beta = b * sd_x / sd_y
        beta[0] = np.nan
        vif = np.full(p, np.nan)
        if k == 1:
            vif[1] = 1.0
        else:
            for j in range(1, p):
                vif[j] = variance_inflation_factor(a, j)
        rob = {key: np.full(p, np.nan) for key in ("se", "t", "p", "ci_lower", "ci_upper")}
        f_rob = p_rob = float("nan")
        if robust:
            h = np.sum(np.linalg.qr(a)[0] ** 2, axis=1)
            if robust in ("HC2", "HC3") and (h > 1 - 1e-8).any():
                notes.append(f"{robust} standard errors are undefined: some rows have leverage 1 (e.g. the only "
                             f"respondent in a category); use robust='HC1' or merge small categories")
            else:
                rr = sm.OLS(y, a).fit(cov_type=robust, use_t=True)
                rob["se"] = np.asarray(rr.bse)
                rob["t"] = b / rob["se"]
                rob["p"] = 2 * stats.t.sf(np.abs(rob["t"]), res.df_resid)
                rci = np.asarray(rr.conf_int(alpha))
                rob["ci_lower"], rob["ci_upper"] = rci[:, 0], rci[:, 1]
                if k:
                    wt = rr.f_test(np.eye(p)[1:])
                    f_rob = float(np.squeeze(wt.fvalue))
                    p_rob = float(np.squeeze(wt.pvalue))
    names = list(X.columns)
    coef = pd.DataFrame({
        "variable": [var_of[c] for c in names],
        "b": b, "se": se, "beta": beta, "t": t, "p": pv, "ci_lower": ci[:, 0], "ci_upper": ci[:, 1],
        "se_robust": rob["se"], "t_robust": rob["t"], "p_robust": rob["p"],
        "ci_lower_robust": rob["ci_lower"], "ci_upper_robust": rob["ci_upper"],
        "vif": vif, "vif_flag": [vif_flag(v) if j else "n/a" for j, v in enumerate(vif)],
    }, index=pd.Index(names, name="term"))
    high = [c for c, v in zip(names, vif) if v >= VIF_GOOD]
    if high:
        notes.append(f"VIF ≥ {VIF_GOOD:g} for {', '.join(map(str, high))}: multicollinearity (Hair et al.)")
    if len(design.dropped):
        notes.append(f"{len(design.dropped)} of {design.n_rows} rows dropped listwise for missing values")
    df2 = int(round(res.df_resid))
    used = {var_of[c] for c in names}
    return RegressionResult(
        outcome=outcome, coefficients=coef, n=int(n), k=int(k), r2=float(res.rsquared),
        r2_adj=float(res.rsquared_adj), f=float(res.fvalue), df1=int(k), df2=df2, pvalue=float(res.f_pvalue),
        sigma=float(np.sqrt(res.scale)), robust=robust, f_robust=f_rob, pvalue_robust=p_rob,
        level=float(level), reference={c: v for c, v in design.reference.items() if c in used},
        levels={c: v for c, v in design.levels.items() if c in used},
        dropped=design.dropped, n_rows=design.n_rows, notes=tuple(notes), ols=res)


def regress(data: pd.DataFrame, outcome, predictors, controls=None, categorical=None, robust: str | None = "HC3",
            *, level: float = 0.95) -> RegressionResult:
    """Ordinary least squares of ``outcome`` on ``predictors`` (+ ``controls``).

    ``data`` may hold construct scores (:func:`construct_scores`, or factor
    scores from the SEM module) beside demographic columns.
    ``categorical`` lists the columns to dummy-code (or maps column →
    reference level, None for the default: the most frequent level).
    ``robust`` picks the heteroscedasticity-consistent SEs reported beside
    the classic ones (HC3 by default, MacKinnon & White 1985; None for none).
    Returns B, SE, t, p and CI (classic and robust), β = B·sd(x)/sd(y), VIF
    per term, and n, R², adjusted R², F(df1, df2) and its p — as SPSS
    REGRESSION (ENTER) prints them.  Rows with a missing value in any model
    column are dropped listwise and listed in ``.dropped``.
    """
    _check_frame(data)
    _check_options(robust, level)
    predictors = _column_list(data, predictors, "predictors")
    controls = _column_list(data, controls, "controls", allow_empty=True)
    blocks = [controls, predictors] if controls else [predictors]
    design = _design(data, outcome, blocks, categorical, "predictors")
    # table order: predictors first, then controls, as regression tables usually show them
    columns = [*design.blocks[-1], *(design.blocks[0] if controls else ())]
    return _fit(design, columns, outcome, robust, level)


# --------------------------------------------------------------------------
# hierarchical regression
# --------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class HierarchicalResult:
    """The result of :func:`hierarchical`: one fitted model per step."""

    outcome: object
    blocks: tuple
    steps: tuple              # RegressionResult per step
    changes: pd.DataFrame     # per step: r2_change, f_change, df1, df2, p_change
    n: int
    dropped: pd.DataFrame
    n_rows: int

    @property
    def dropped_rows(self) -> list:
        """Row labels dropped listwise (incomplete on the outcome or any block)."""
        return list(self.dropped["row"])

    @property
    def final(self) -> RegressionResult:
        return self.steps[-1]

    def table(self) -> pd.DataFrame:
        """One row per step: added variables, k, R², adj. R², ΔR², ΔF, df1, df2, p(ΔF), F, p(F)."""
        rows = []
        for i, (step, ch) in enumerate(zip(self.steps, self.changes.itertuples(index=False)), start=1):
            rows.append({"step": i, "added": ", ".join(map(str, self.blocks[i - 1])), "k": step.k,
                         "R²": step.r2, "adj. R²": step.r2_adj, "ΔR²": ch.r2_change, "ΔF": ch.f_change,
                         "df1": ch.df1, "df2": ch.df2, "p(ΔF)": ch.p_change, "F": step.f, "p(F)": step.pvalue})
        return pd.DataFrame(rows)

    def to_dict(self) -> dict:
        return {
            "statistic": "hierarchical_regression", "outcome": _json(self.outcome),
            "blocks": [[_json(c) for c in b] for b in self.blocks], "n": self.n, "n_rows": self.n_rows,
            "changes": [{k: _json(v) for k, v in r.items()} for r in self.changes.to_dict("records")],
            "steps": [s.to_dict() for s in self.steps],
            "dropped": [{"row": _json(r), "missing": [_json(m) for m in ms]}
                        for r, ms in zip(self.dropped["row"], self.dropped["missing"])],
        }


def hierarchical(data: pd.DataFrame, outcome, blocks, categorical=None, robust: str | None = "HC3", *,
                 level: float = 0.95) -> HierarchicalResult:
    """Hierarchical (blockwise) regression: step s enters blocks 1…s.

    Every step uses the same respondents, those complete on the outcome and
    on every block (SPSS REGRESSION with several ENTER blocks).  Per step:
    R², ΔR² = R²ₛ − R²ₛ₋₁ (R²₀ = 0), and the F change
    ΔF = (ΔR²/Δk) / ((1 − R²ₛ)/(n − kₛ − 1)) on (Δk, n − kₛ − 1) df, where k
    counts design columns (a categorical variable with m levels adds m − 1).
    The last step is the model with every block entered.
    """
    _check_frame(data)
    _check_options(robust, level)
    if isinstance(blocks, (str, bytes)) or not hasattr(blocks, "__iter__"):
        raise _invalid("blocks", repr(blocks)[:60],
                       "Give the blocks as a list of lists of columns, e.g. [['GENDER', 'AGE'], ['REL', 'RES']].",
                       "请以列表的列表给出各层变量，例如 [['GENDER', 'AGE'], ['REL', 'RES']]。",
                       "請以清單的清單提供各層變數，例如 [['GENDER', 'AGE'], ['REL', 'RES']]。")
    blocks = [_column_list(data, b, "blocks") for b in blocks]
    if not blocks:
        raise _invalid("blocks", "0 blocks", "Give at least one block of predictors.",
                       "请至少给出一层自变量。", "請至少提供一層自變數。")
    design = _design(data, outcome, blocks, categorical, "blocks")
    steps, rows, cols = [], [], []
    prev_r2, prev_k = 0.0, 0
    for added in design.blocks:
        cols = [*cols, *added]
        res = _fit(design, cols, outcome, robust, level)
        dk = res.k - prev_k
        dr2 = res.r2 - prev_r2
        with np.errstate(all="ignore"):
            f_ch = (dr2 / dk) / ((1 - res.r2) / res.df2)
        rows.append({"r2_change": dr2, "f_change": float(f_ch), "df1": dk, "df2": res.df2,
                     "p_change": float(stats.f.sf(f_ch, dk, res.df2))})
        steps.append(res)
        prev_r2, prev_k = res.r2, res.k
    return HierarchicalResult(outcome=outcome, blocks=tuple(tuple(b) for b in blocks), steps=tuple(steps),
                              changes=pd.DataFrame(rows), n=steps[-1].n, dropped=design.dropped,
                              n_rows=design.n_rows)
