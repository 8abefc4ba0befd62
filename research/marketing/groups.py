"""Segment comparison: is satisfaction the same for JD and Taobao buyers, for men and
women, across age bands?

>>> scores = construct_scores(df, {"SAT": ["SAT1", "SAT2", "SAT3"], "LOY": ["LOY1", "LOY2", "LOY3", "LOY4"]})
>>> data = scores.join(df["PLATFORM"])
>>> res = compare_groups(data, "PLATFORM", ["SAT", "LOY"], labels={1: "淘宝", 3: "京东"})
>>> res.table(); res.descriptives(); res.pairwise(); res.small_groups
>>> plot(res, lang="zh-Hans").savefig("sat_by_platform.png")

For every variable (a construct score or any numeric column) the respondents
are split by the grouping column; rows without a group are left out and
counted (``n_missing_group``), rows without an answer on the variable are
left out of that variable only (``n_missing`` in :meth:`GroupComparison.table`).

**Small segments are named, never dropped silently.**  A group with fewer
than ``min_size`` valid answers on a variable is left out of that
variable's test (its descriptives are still shown) and listed in
:attr:`GroupComparison.small_groups` with its n and the reason in English,
简体中文 and 繁體中文.  When fewer than two groups remain the variable's test
is NaN and the table says why.

Descriptives per group: n, mean, SD (n − 1), SE = SD/√n and the t-based
confidence interval of the mean, mean ± t(1 − (1 − level)/2; n − 1)·SE.

``method="parametric"`` (unequal variances allowed throughout):

* 2 groups — **Welch's t-test** (Welch 1947), pingouin ``ttest(correction=True)``:
  t = (m_A − m_B)/√(s_A²/n_A + s_B²/n_B), df by Welch–Satterthwaite
  (s_A²/n_A + s_B²/n_B)² / [(s_A²/n_A)²/(n_A − 1) + (s_B²/n_B)²/(n_B − 1)].
  Effect size **Hedges' g** (Hedges 1981) = J·(m_A − m_B)/s_pooled with
  s_pooled² = [(n_A − 1)s_A² + (n_B − 1)s_B²]/(n_A + n_B − 2) and the
  small-sample correction J = 1 − 3/(4(n_A + n_B) − 9) (Hedges & Olkin 1985),
  pingouin ``compute_effsize(eftype="hedges")``; its CI is g ± t(n_A + n_B − 2)·SE
  with SE = √[(n_A + n_B)/(n_A·n_B) + g²/(2(n_A + n_B))] (Hedges & Olkin 1985;
  pingouin ``compute_esci``).
* k > 2 groups — **Welch's ANOVA** (Welch 1951), pingouin ``welch_anova``:
  wⱼ = nⱼ/sⱼ², W = Σwⱼ, m̃ = Σwⱼmⱼ/W, Λ = Σ(1 − wⱼ/W)²/(nⱼ − 1),
  F = [Σwⱼ(mⱼ − m̃)²/(k − 1)] / [1 + 2(k − 2)Λ/(k² − 1)], df = (k − 1, (k² − 1)/(3Λ)).
  Effect sizes from the ordinary one-way sums of squares (they describe the
  data and do not depend on the Welch weighting): **η²** = SS_B/SS_T
  (pingouin reports the same number as ``np2``; for one factor partial and
  plain η² coincide) and **ω²** = (SS_B − (k − 1)·MS_W)/(SS_T + MS_W)
  (Hays 1963; Olejnik & Algina 2003), the less biased one, shown as the
  effect size.  ω² can be slightly negative when there is no effect; it is
  reported as computed.  Pairwise: **Games–Howell** (Games & Howell 1976),
  pingouin ``pairwise_gameshowell``: Welch t and df for each pair, p from the
  studentized range, P(Q(k, df) > √2·|t|), which controls the family-wise
  error over the pairs of one variable; Hedges' g per pair as above.  A
  group whose answers are all equal (SD = 0) makes Welch's weights n/s²
  undefined: the test is then NaN with that stated.

``method="nonparametric"``:

* 2 groups — **Mann–Whitney U** (Mann & Whitney 1947), pingouin ``mwu``
  (scipy ``mannwhitneyu`` defaults: exact p for small samples without ties,
  otherwise the normal approximation with tie and continuity correction).
  U is U_A, the number of pairs in which the A answer is higher (ties ½).
  Effect size **rank-biserial r** = 2·U_A/(n_A·n_B) − 1 (Wendt 1972; Kerby
  2014), positive when group A tends to answer higher (= pingouin's RBC).
* k > 2 groups — **Kruskal–Wallis H** (Kruskal & Wallis 1952) with the tie
  correction, pingouin ``kruskal``, df = k − 1.  Effect size
  **ε² = H/(n − 1)** (ε²_R in Tomczak & Tomczak 2014, after King & Minium
  2008), between 0 and 1; η²_H = (H − k + 1)/(n − k) (Tomczak & Tomczak 2014,
  after Cohen 2008) is given beside it in :attr:`GroupComparison.tests`.
  Pairwise Mann–Whitney tests with **Holm** correction over the pairs of the
  variable.

The omnibus p-values of the variables are corrected for testing several
variables (``correction``): Holm (1979) step-down (controls the
family-wise error rate) or Benjamini & Hochberg (1995) FDR, via statsmodels
``multipletests``; variables without a test are not counted.  ``significant``
means the corrected p is below .05.  Pairwise p-values are adjusted within
each variable (Games–Howell or Holm) and are not corrected again across
variables.  With two groups the single pairwise row repeats the omnibus test
(Games–Howell with k = 2 gives exactly Welch's p).

Group order: ``order`` if given (codes, or labels), then any other group in
the column's category order (pandas Categorical) or sorted order.  Pairwise
differences are A − B with A the earlier group in that order.
"""
from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from ..errors import infinite_values, invalid_data, invalid_option
from ..fonts import cjk_font_families
from ..jsonsafe import jsonable as _json
from ..regression import _scalar  # a level as a plain value (2.0 → 2)
from ..messages import LANGUAGES

METHODS = ("parametric", "nonparametric")
CORRECTIONS = ("holm", "fdr_bh", "none")
ALPHA = 0.05

TEST_WELCH_T = "Welch t"
TEST_WELCH_F = "Welch F"
TEST_MWU = "Mann–Whitney U"
TEST_KW = "Kruskal–Wallis H"
SOURCES = {
    TEST_WELCH_T: "Welch 1947; Hedges g: Hedges 1981, Hedges & Olkin 1985",
    TEST_WELCH_F: "Welch 1951; ω²: Hays 1963; Games–Howell: Games & Howell 1976",
    TEST_MWU: "Mann & Whitney 1947; rank-biserial r: Wendt 1972, Kerby 2014",
    TEST_KW: "Kruskal & Wallis 1952; ε²: Tomczak & Tomczak 2014; pairwise Holm 1979",
    "holm": "Holm 1979",
    "fdr_bh": "Benjamini & Hochberg 1995",
}

_TEST_COLUMNS = ["variable", "test", "k", "groups", "n", "n_missing", "excluded", "statistic", "df", "df2", "p",
                 "p_adj", "effect", "effect_value", "effect_ci_lower", "effect_ci_upper", "eta2", "omega2",
                 "epsilon2", "eta2_h", "significant", "note_en", "note_zh", "note_zh_hant"]
_DESC_COLUMNS = ["variable", "group", "label", "n", "mean", "sd", "se", "ci_lower", "ci_upper", "median", "tested"]
_PAIR_COLUMNS = ["variable", "A", "B", "label_A", "label_B", "n_A", "n_B", "mean_A", "mean_B", "diff", "se",
                 "statistic", "df", "p_unc", "p_adj", "adjust", "g", "r_rb", "significant"]
_SMALL_COLUMNS = ["variable", "group", "label", "n", "min_size", "reason_en", "reason_zh", "reason_zh_hant"]


# --------------------------------------------------------------------------
# argument checks
# --------------------------------------------------------------------------

def _check_choice(option: str, value, choices) -> None:
    if not isinstance(value, str) or value not in choices:
        raise invalid_option(option, f"{value!r} ∉ {{{', '.join(choices)}}}",
                             f"Use one of: {', '.join(choices)}.",
                             f"请使用以下之一：{'、'.join(choices)}。",
                             f"請使用下列之一：{'、'.join(choices)}。")


def _check_level(level) -> float:
    if isinstance(level, bool) or not isinstance(level, (int, float, np.integer, np.floating)) \
            or not 0 < float(level) < 1:
        raise invalid_option("level", f"{level!r} ∉ (0, 1)",
                             "Give the confidence level as a number between 0 and 1, e.g. 0.95.",
                             "请以 0 到 1 之间的数字给出置信水平，例如 0.95。",
                             "請以 0 到 1 之間的數字提供信賴水準，例如 0.95。")
    return float(level)


def _check_min_size(min_size) -> int:
    if isinstance(min_size, bool) or not isinstance(min_size, (int, np.integer)) or int(min_size) < 2:
        raise invalid_option("min_size", f"{min_size!r}",
                             "Give the smallest group size to test as a whole number of at least 2, e.g. 10.",
                             "请以不小于 2 的整数给出参与检验的最小组样本量，例如 10。",
                             "請以不小於 2 的整數提供參與檢定的最小組樣本數，例如 10。")
    return int(min_size)


def _hashable(name) -> bool:
    try:
        hash(name)
    except TypeError:
        return False
    return True


def _check_column(data: pd.DataFrame, name, option: str) -> None:
    if not _hashable(name):
        raise invalid_option(option, repr(name)[:60], "Name each column by its column name (a string).",
                             "请用列名（字符串）指定每个变量。", "請用欄名（字串）指定每個變項。")
    if name not in data.columns:
        raise invalid_option(option, f"{name!r} ∉ data",
                             "Use a column name that exists in the data (check spelling and case).",
                             "请使用数据中存在的列名（注意拼写和大小写）。",
                             "請使用資料中存在的欄名（注意拼寫與大小寫）。", column=name)
    if isinstance(data[name], pd.DataFrame):
        raise invalid_data(f"{name!r} × {data[name].shape[1]}",
                           "The data have several columns with this name: rename them so that each is unique.",
                           "数据中有多个同名的列，请重命名，使每列名称唯一。",
                           "資料中有多個同名的欄，請重新命名，使每欄名稱唯一。", column=name)


def _variables(data: pd.DataFrame, variables, group) -> list:
    if variables is None:
        raise invalid_option("variables", "None", "Name the numeric columns to compare, e.g. ['SAT', 'LOY'].",
                             "请给出要比较的数值列，例如 ['SAT', 'LOY']。", "請提供要比較的數值欄，例如 ['SAT', 'LOY']。")
    if isinstance(variables, (str, bytes)) or not hasattr(variables, "__iter__"):
        variables = [variables]
    variables = list(variables)
    if not variables:
        raise invalid_option("variables", "k = 0", "Name at least one column to compare.",
                             "请至少给出一个要比较的列。", "請至少提供一個要比較的欄。")
    seen = []
    for v in variables:
        _check_column(data, v, "variables")
        if v == group:
            raise invalid_option("variables", f"{v!r} = group",
                                 "The grouping column cannot also be a compared variable.",
                                 "分组列不能同时作为被比较的变量。", "分組欄不能同時作為被比較的變項。", column=v)
        if v in seen:
            raise invalid_option("variables", f"{v!r} × 2", "Name every variable only once.",
                                 "每个变量只能出现一次。", "每個變項只能出現一次。", column=v)
        seen.append(v)
    return variables


def _numeric(s: pd.Series, name) -> np.ndarray:
    """A column as floats (NaN for missing); blank text counts as missing, other text is an error."""
    if pd.api.types.is_bool_dtype(s):
        return s.astype("float64").to_numpy()
    if pd.api.types.is_numeric_dtype(s):
        v = s.to_numpy(dtype=float, na_value=np.nan)
    else:
        t = s.map(lambda x: np.nan if isinstance(x, str) and not x.strip() else x)
        v = pd.to_numeric(t, errors="coerce")
        bad = v.isna() & t.notna()
        if bad.any():
            first = t[bad].iloc[0]
            where = t.index[bad][0]
            shown = repr(first)[:40]
            raise invalid_data(f"{name!r}[{where!r}] = {shown}",
                               f"Column {name} holds text ({bad.sum()} cells): every value to compare must be a "
                               f"number. Recode text answers to numbers (or compute construct scores) first.",
                               f"列 {name} 中有文字（{bad.sum()} 个单元格）：被比较的值必须是数字。"
                               f"请先把文字答案编码为数字（或先计算构念得分）。",
                               f"欄 {name} 中有文字（{bad.sum()} 個儲存格）：被比較的值必須是數字。"
                               f"請先把文字答案編碼為數字（或先計算構念得分）。", column=name)
        v = v.to_numpy(dtype=float, na_value=np.nan)
    infinite = infinite_values(v[:, None], [name])
    if infinite is not None:
        raise infinite
    return v


def _same(a, b) -> bool:
    a, b = _scalar(a), _scalar(b)
    if isinstance(a, bool) != isinstance(b, bool):
        return str(a) == str(b)
    try:
        if a == b:
            return True
    except Exception:   # noqa: BLE001 — exotic objects without ==
        pass
    return str(a) == str(b)


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


def _group_labels(levels: list, labels) -> list[str]:
    if labels is None:
        out = [str(_scalar(lv)) for lv in levels]
    else:
        if not isinstance(labels, Mapping):
            raise invalid_option("labels", type(labels).__name__,
                                 "Give the labels as a mapping from group code to label, e.g. {1: '淘宝', 3: '京东'}.",
                                 "请以字典给出组代码到标签的对应，例如 {1: '淘宝', 3: '京东'}。",
                                 "請以字典提供組代碼到標籤的對應，例如 {1: '淘宝', 3: '京东'}。")
        out = []
        for lv in levels:
            hit = [lab for key, lab in labels.items() if _same(key, lv)]
            out.append(str(hit[0]) if hit else str(_scalar(lv)))
    seen: dict = {}
    for lv, lab in zip(levels, out):
        if lab in seen:
            raise invalid_option("labels", f"{lab!r} ← {_scalar(seen[lab])!r}, {_scalar(lv)!r}",
                                 "Give every group its own label: two groups would show the same name.",
                                 "请为每个组使用不同的标签：目前有两个组显示为同一名称。",
                                 "請為每個組使用不同的標籤：目前有兩個組顯示為同一名稱。")
        seen[lab] = lv
    return out


def _ordered(levels: list, labels: list[str], order) -> list[int]:
    """Positions of ``levels`` in display order."""
    if order is None:
        return list(range(len(levels)))
    if isinstance(order, (str, bytes)) or not hasattr(order, "__iter__"):
        raise invalid_option("order", type(order).__name__,
                             "Give the order as a list of group codes (or labels), e.g. [3, 1].",
                             "请以列表给出组的顺序（组代码或标签），例如 [3, 1]。",
                             "請以串列提供組的順序（組代碼或標籤），例如 [3, 1]。")
    shown = ", ".join(str(_scalar(lv)) for lv in levels)
    out: list[int] = []
    for entry in order:
        hit = [i for i, lv in enumerate(levels) if _same(entry, lv)]
        if not hit:
            hit = [i for i, lab in enumerate(labels) if lab == str(entry)]
        if not hit:
            raise invalid_option("order", f"{entry!r} ∉ {{{shown}}}",
                                 "List in order= only groups (codes or labels) that occur in the grouping column.",
                                 "order= 中只能列出分组列中出现的组（代码或标签）。",
                                 "order= 中只能列出分組欄中出現的組（代碼或標籤）。")
        if hit[0] in out:
            raise invalid_option("order", f"{entry!r} × 2", "Name every group only once in order=.",
                                 "order= 中每个组只能出现一次。", "order= 中每個組只能出現一次。")
        out.append(hit[0])
    return out + [i for i in range(len(levels)) if i not in out]


# --------------------------------------------------------------------------
# statistics
# --------------------------------------------------------------------------

def _col(frame: pd.DataFrame, *names) -> float:
    """A value from a one-row pingouin frame; column names changed between pingouin 0.5 and 0.7."""
    for n in names:
        if n in frame.columns:
            return float(frame[n].iloc[0])
    raise KeyError(names)


def _describe(x: np.ndarray, level: float) -> dict:
    n = len(x)
    mean = float(x.mean()) if n else math.nan
    sd = float(x.std(ddof=1)) if n > 1 else math.nan
    se = sd / math.sqrt(n) if n > 1 else math.nan
    half = float(stats.t.ppf(0.5 + level / 2, n - 1)) * se if n > 1 else math.nan
    return {"n": n, "mean": mean, "sd": sd, "se": se, "ci_lower": mean - half, "ci_upper": mean + half,
            "median": float(np.median(x)) if n else math.nan}


def _sums_of_squares(xs: list[np.ndarray]) -> tuple[float, float, float]:
    allx = np.concatenate(xs)
    grand = allx.mean()
    ss_b = float(sum(len(x) * (x.mean() - grand) ** 2 for x in xs))
    ss_w = float(sum(((x - x.mean()) ** 2).sum() for x in xs))
    return ss_b, ss_w, ss_b + ss_w


def eta_omega_squared(xs: list[np.ndarray]) -> tuple[float, float]:
    """η² = SS_B/SS_T and ω² = (SS_B − (k − 1)·MS_W)/(SS_T + MS_W) (Hays 1963) of a one-way layout."""
    k = len(xs)
    n = sum(len(x) for x in xs)
    ss_b, ss_w, ss_t = _sums_of_squares(xs)
    if ss_t == 0:
        return math.nan, math.nan
    ms_w = ss_w / (n - k)
    return ss_b / ss_t, (ss_b - (k - 1) * ms_w) / (ss_t + ms_w)


def _rank_biserial(u_a: float, n_a: int, n_b: int) -> float:
    return 2.0 * u_a / (n_a * n_b) - 1.0


def _adjust(p: np.ndarray, method: str) -> np.ndarray:
    """Corrected p-values of the finite entries of ``p`` (NaN stays NaN)."""
    p = np.asarray(p, dtype=float)
    out = np.full(p.shape, np.nan)
    ok = np.isfinite(p)
    if not ok.any():
        return out
    if method == "none":
        out[ok] = p[ok]
        return out
    from statsmodels.stats.multitest import multipletests
    out[ok] = multipletests(p[ok], alpha=ALPHA, method=method)[1]
    return out


def _text(en: str, zh: str, zh_hant: str) -> dict:
    return {"en": en, "zh": zh, "zh_hant": zh_hant}


def _small_reason(n: int, variable, min_size: int) -> dict:
    return _text(f"only {n} valid answers on {variable} (fewer than min_size = {min_size}): left out of the test",
                 f"在 {variable} 上只有 {n} 个有效回答（少于 min_size = {min_size}），未纳入检验",
                 f"在 {variable} 上只有 {n} 個有效回答（少於 min_size = {min_size}），未納入檢定")


def _note_too_few(variable, n_ok: int, min_size: int) -> dict:
    return _text(f"{n_ok} group(s) have at least min_size = {min_size} valid answers on {variable}: a comparison "
                 f"needs 2 or more; no test (merge small groups or lower min_size)",
                 f"在 {variable} 上有效回答不少于 min_size = {min_size} 的组只有 {n_ok} 个，比较至少需要 2 个，"
                 f"未做检验（可合并小组或降低 min_size）",
                 f"在 {variable} 上有效回答不少於 min_size = {min_size} 的組只有 {n_ok} 個，比較至少需要 2 個，"
                 f"未做檢定（可合併小組或降低 min_size）")


def _note_zero_sd(variable, which: str) -> dict:
    return _text(f"every answer on {variable} is the same within group(s) {which} (SD = 0): Welch's test is "
                 f"undefined; no test (use method='nonparametric')",
                 f"组 {which} 在 {variable} 上的回答完全相同（SD = 0），Welch 检验无法计算，未做检验"
                 f"（可改用 method='nonparametric'）",
                 f"組 {which} 在 {variable} 上的回答完全相同（SD = 0），Welch 檢定無法計算，未做檢定"
                 f"（可改用 method='nonparametric'）")


def _note_constant(variable) -> dict:
    return _text(f"every respondent gave the same answer on {variable}: there is no difference to test",
                 f"所有受访者在 {variable} 上的回答完全相同，没有可检验的差异",
                 f"所有受訪者在 {variable} 上的回答完全相同，沒有可檢定的差異")


def _nan_test(variable, note: dict | None) -> dict:
    row = {c: math.nan for c in _TEST_COLUMNS}
    row.update(variable=variable, test=None, effect=None, significant=None, groups=())
    if note:
        row.update(note_en=note["en"], note_zh=note["zh"], note_zh_hant=note["zh_hant"])
    else:
        row.update(note_en=None, note_zh=None, note_zh_hant=None)
    return row


def _parametric(variable, xs, codes, level):
    import pingouin as pg
    k = len(xs)
    row = _nan_test(variable, None)
    pairs = []
    zero = [str(codes[j]) for j, x in enumerate(xs) if np.ptp(x) == 0]
    if (k == 2 and len(zero) == 2) or (k > 2 and zero):
        row.update(_nan_test(variable, _note_zero_sd(variable, ", ".join(zero))))
        return row, pairs
    eta2, omega2 = eta_omega_squared(xs)
    row.update(eta2=eta2, omega2=omega2)
    if k == 2:
        a, b = xs
        tt = pg.ttest(a, b, correction=True, confidence=level)
        t, df, p = _col(tt, "T"), _col(tt, "dof"), _col(tt, "p_val", "p-val")
        g = float(pg.compute_effsize(a, b, paired=False, eftype="hedges"))
        lo, hi = pg.compute_esci(stat=g, nx=len(a), ny=len(b), eftype="hedges", confidence=float(level),
                                 decimals=15)
        row.update(test=TEST_WELCH_T, statistic=t, df=df, p=p, effect="Hedges g", effect_value=g,
                   effect_ci_lower=float(lo), effect_ci_upper=float(hi))
        se = math.sqrt(a.var(ddof=1) / len(a) + b.var(ddof=1) / len(b))
        pairs.append({"A": 0, "B": 1, "diff": a.mean() - b.mean(), "se": se, "statistic": t, "df": df,
                      "p_unc": p, "p_adj": p, "adjust": "none", "g": g, "r_rb": math.nan})
        return row, pairs
    frame = pd.DataFrame({"y": np.concatenate(xs), "g": np.repeat(np.arange(k), [len(x) for x in xs])})
    aov = pg.welch_anova(data=frame, dv="y", between="g")
    row.update(test=TEST_WELCH_F, statistic=_col(aov, "F"), df=_col(aov, "ddof1"), df2=_col(aov, "ddof2"),
               p=_col(aov, "p_unc", "p-unc"), effect="ω²", effect_value=omega2)
    gh = pg.pairwise_gameshowell(data=frame, dv="y", between="g", effsize="hedges")
    for r in gh.itertuples(index=False):
        r = r._asdict()
        a, b = int(r["A"]), int(r["B"])
        sign = 1.0
        if a > b:                      # keep A before B in display order
            a, b, sign = b, a, -1.0
        t, df = sign * float(r["T"]), float(r["df"])
        pairs.append({"A": a, "B": b, "diff": sign * float(r["diff"]), "se": float(r["se"]), "statistic": t,
                      "df": df, "p_unc": float(2 * stats.t.sf(abs(t), df)), "p_adj": float(r["pval"]),
                      "adjust": "Games–Howell", "g": sign * float(r["hedges"]), "r_rb": math.nan})
    pairs.sort(key=lambda d: (d["A"], d["B"]))
    return row, pairs


def _nonparametric(variable, xs, codes, level):
    import pingouin as pg
    k = len(xs)
    row = _nan_test(variable, None)
    pairs = []
    if np.ptp(np.concatenate(xs)) == 0:
        row.update(_nan_test(variable, _note_constant(variable)))
        return row, pairs

    def mwu(a, b):
        m = pg.mwu(a, b)
        u = _col(m, "U_val", "U-val")
        return u, _col(m, "p_val", "p-val"), _rank_biserial(u, len(a), len(b))

    if k == 2:
        u, p, r = mwu(*xs)
        row.update(test=TEST_MWU, statistic=u, p=p, effect="r_rb", effect_value=r)
        pairs.append({"A": 0, "B": 1, "diff": xs[0].mean() - xs[1].mean(), "se": math.nan, "statistic": u,
                      "df": math.nan, "p_unc": p, "p_adj": p, "adjust": "none", "g": math.nan, "r_rb": r})
        return row, pairs
    n = sum(len(x) for x in xs)
    frame = pd.DataFrame({"y": np.concatenate(xs), "g": np.repeat(np.arange(k), [len(x) for x in xs])})
    kw = pg.kruskal(data=frame, dv="y", between="g")
    h = _col(kw, "H")
    row.update(test=TEST_KW, statistic=h, df=_col(kw, "ddof1"), p=_col(kw, "p_unc", "p-unc"), effect="ε²",
               effect_value=h / (n - 1), epsilon2=h / (n - 1), eta2_h=(h - k + 1) / (n - k))
    for a in range(k):
        for b in range(a + 1, k):
            u, p, r = mwu(xs[a], xs[b])
            pairs.append({"A": a, "B": b, "diff": xs[a].mean() - xs[b].mean(), "se": math.nan, "statistic": u,
                          "df": math.nan, "p_unc": p, "p_adj": math.nan, "adjust": "Holm", "g": math.nan,
                          "r_rb": r})
    adj = _adjust(np.array([d["p_unc"] for d in pairs]), "holm")
    for d, q in zip(pairs, adj):
        d["p_adj"] = float(q)
    return row, pairs


# --------------------------------------------------------------------------
# result
# --------------------------------------------------------------------------

def _records(frame: pd.DataFrame) -> list[dict]:
    return [{str(k): _json(v) for k, v in r.items()} for r in frame.to_dict("records")]


@dataclass(frozen=True, eq=False)
class GroupComparison:
    """The result of :func:`compare_groups`.

    ``tests`` (one row per variable), ``group_stats`` (variable × group) and
    ``pairs`` (one row per pair of tested groups) hold every number with
    snake_case columns; :meth:`table`, :meth:`descriptives` and
    :meth:`pairwise` give display tables.  ``small_groups`` lists each group
    left out of a variable's test: variable, group, label, n, min_size and the
    reason in en / zh (简体) / zh_hant (繁體).
    """

    group: object
    variables: tuple
    method: str
    correction: str
    min_size: int
    level: float
    groups: tuple               # group codes in display order
    labels: dict                # code -> label shown
    tests: pd.DataFrame
    group_stats: pd.DataFrame
    pairs: pd.DataFrame
    small_groups: pd.DataFrame
    n_rows: int
    n_missing_group: int
    notes: tuple = ()

    def table(self) -> pd.DataFrame:
        """One row per variable: test, k groups, n, statistic, df (df2 for Welch's F), p, p_adj
        (corrected over the variables), effect size name, value and CI (Hedges g), significant
        (p_adj < .05), groups left out for being small, note."""
        t = self.tests
        return pd.DataFrame({
            "variable": list(t["variable"]), "test": list(t["test"]), "k": t["k"].to_numpy(),
            "n": t["n"].to_numpy(), "n_missing": t["n_missing"].to_numpy(), "statistic": t["statistic"].to_numpy(),
            "df": t["df"].to_numpy(), "df2": t["df2"].to_numpy(), "p": t["p"].to_numpy(),
            "p_adj": t["p_adj"].to_numpy(), "correction": self.correction, "effect": list(t["effect"]),
            "effect size": t["effect_value"].to_numpy(), "effect CI lower": t["effect_ci_lower"].to_numpy(),
            "effect CI upper": t["effect_ci_upper"].to_numpy(), "significant": t["significant"].array,
            "excluded": t["excluded"].to_numpy(),
            "note": [n if isinstance(n, str) else None for n in t["note_en"]],
        })

    def descriptives(self) -> pd.DataFrame:
        """Variable × group: n, mean, SD, SE, the t-based CI of the mean, median, and whether the
        group entered the test."""
        d = self.group_stats.rename(columns={"ci_lower": "CI lower", "ci_upper": "CI upper"})
        return d.reset_index(drop=True)

    def pairwise(self) -> pd.DataFrame:
        """Pairs of tested groups per variable: diff = mean_A − mean_B, SE, t (or U), df, p
        unadjusted and adjusted within the variable (Games–Howell / Holm), Hedges g or rank-biserial r."""
        return self.pairs.reset_index(drop=True)

    def to_dict(self) -> dict:
        alt = {"en": "note_en", "zh-Hans": "note_zh", "zh-Hant": "note_zh_hant"}
        tests = []
        for rec, (_, r) in zip(_records(self.tests.drop(columns=list(alt.values()))), self.tests.iterrows()):
            rec["groups"] = [_json(g) for g in r["groups"]]
            rec["note"] = None if not isinstance(r["note_en"], str) else {lang: r[c] for lang, c in alt.items()}
            tests.append(rec)
        small = []
        for rec in _records(self.small_groups):
            rec["reason"] = {"en": rec.pop("reason_en"), "zh-Hans": rec.pop("reason_zh"),
                             "zh-Hant": rec.pop("reason_zh_hant")}
            small.append(rec)
        return {
            "statistic": "group_comparison", "group": _json(self.group), "variables": _json(list(self.variables)),
            "method": self.method, "correction": self.correction, "alpha": ALPHA, "min_size": self.min_size,
            "level": self.level, "n_rows": self.n_rows, "n_missing_group": self.n_missing_group,
            "groups": [{"code": _json(g), "label": self.labels[g]} for g in self.groups],
            "tests": tests, "descriptives": _records(self.group_stats), "pairwise": _records(self.pairs),
            "small_groups": small,
            "sources": {k: v for k, v in SOURCES.items()
                        if k in set(self.tests["test"].dropna()) or k == self.correction},
            "notes": list(self.notes),
        }

    def plot(self, variable=None, lang: str = "en"):
        """Same as :func:`plot`."""
        return plot(self, variable=variable, lang=lang)


def compare_groups(data: pd.DataFrame, group, variables, *, method: str = "parametric",
                   correction: str = "holm", min_size: int = 10, labels=None, order=None,
                   level: float = 0.95) -> GroupComparison:
    """Compare the means (or distributions) of ``variables`` across the groups in column ``group``.

    ``method``: ``"parametric"`` (Welch's t / Welch's ANOVA + Games–Howell) or
    ``"nonparametric"`` (Mann–Whitney U / Kruskal–Wallis + Holm-corrected
    Mann–Whitney pairs).  ``correction``: ``"holm"``, ``"fdr_bh"`` or ``"none"``
    for the omnibus p-values across the variables.  ``min_size``: groups
    with fewer valid answers on a variable are left out of its test and
    listed in ``.small_groups``.  ``labels`` maps group codes to the names
    shown (e.g. ``{1: "淘宝", 3: "京东"}``); ``order`` gives the group order
    (codes or labels; groups not named follow).  ``level``: confidence level
    of the CIs of the means and of Hedges' g.  See the module docstring for
    every formula.
    """
    if not isinstance(data, pd.DataFrame):
        raise invalid_option("data", type(data).__name__,
                             "Pass the data as a pandas DataFrame (one row per respondent, one column per variable).",
                             "请传入 pandas DataFrame（每行一位受访者，每列一个变量）。",
                             "請傳入 pandas DataFrame（每列一位受訪者，每欄一個變項）。")
    _check_choice("method", method, METHODS)
    _check_choice("correction", correction, CORRECTIONS)
    min_size = _check_min_size(min_size)
    level = _check_level(level)
    _check_column(data, group, "group")
    variables = _variables(data, variables, group)
    values = {v: _numeric(data[v], v) for v in variables}

    gcol = data[group]
    levels = _levels(gcol)
    if len(levels) < 2:
        shown = "∅" if not levels else str(_scalar(levels[0]))
        raise invalid_data(f"{group!r}: groups = {{{shown}}}",
                           f"Column {group} has {len(levels)} group(s) among the respondents; a comparison needs at "
                           f"least two. Check that you chose the right grouping column.",
                           f"列 {group} 在受访者中只有 {len(levels)} 个组，比较至少需要两个组。请确认分组列是否选对。",
                           f"欄 {group} 在受訪者中只有 {len(levels)} 個組，比較至少需要兩個組。請確認分組欄是否選對。",
                           column=group)
    shown_labels = _group_labels(levels, labels)
    pos = _ordered(levels, shown_labels, order)
    levels = [levels[i] for i in pos]
    shown_labels = [shown_labels[i] for i in pos]
    codes = [_scalar(lv) for lv in levels]
    k_all = len(levels)
    # position of each row's group in display order, −1 for a missing group
    gidx = np.asarray(pd.Categorical(gcol, categories=levels).codes, dtype=int)
    n_missing_group = int(gcol.isna().sum())

    test_rows, desc_rows, pair_rows, small_rows = [], [], [], []
    for v in variables:
        y = values[v]
        xs_all = [y[(gidx == j) & ~np.isnan(y)] for j in range(k_all)]
        n_missing = int(((gidx >= 0) & np.isnan(y)).sum())
        tested = [j for j in range(k_all) if len(xs_all[j]) >= min_size]
        for j in range(k_all):
            d = _describe(xs_all[j], level)
            desc_rows.append({"variable": v, "group": codes[j], "label": shown_labels[j], **d,
                              "tested": j in tested})
            if j not in tested:
                reason = _small_reason(len(xs_all[j]), v, min_size)
                small_rows.append({"variable": v, "group": codes[j], "label": shown_labels[j],
                                   "n": len(xs_all[j]), "min_size": min_size, "reason_en": reason["en"],
                                   "reason_zh": reason["zh"], "reason_zh_hant": reason["zh_hant"]})
        if len(tested) < 2:
            row, pairs = _nan_test(v, _note_too_few(v, len(tested), min_size)), []
        else:
            xs = [xs_all[j] for j in tested]
            tcodes = [codes[j] for j in tested]
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                if method == "parametric":
                    row, pairs = _parametric(v, xs, tcodes, level)
                else:
                    row, pairs = _nonparametric(v, xs, tcodes, level)
        row.update(k=len(tested), groups=tuple(codes[j] for j in tested),
                   n=int(sum(len(xs_all[j]) for j in tested)), n_missing=n_missing,
                   excluded=k_all - len(tested))
        test_rows.append(row)
        for d in pairs:
            a, b = tested[d["A"]], tested[d["B"]]
            pair_rows.append({**d, "variable": v, "A": codes[a], "B": codes[b], "label_A": shown_labels[a],
                              "label_B": shown_labels[b], "n_A": len(xs_all[a]), "n_B": len(xs_all[b]),
                              "mean_A": float(xs_all[a].mean()), "mean_B": float(xs_all[b].mean()),
                              "significant": bool(d["p_adj"] < ALPHA) if np.isfinite(d["p_adj"]) else None})

    tests = pd.DataFrame(test_rows, columns=_TEST_COLUMNS)
    tests["p"] = tests["p"].astype(float)
    tests["p_adj"] = _adjust(tests["p"].to_numpy(), correction)
    tests["significant"] = pd.array([bool(q < ALPHA) if np.isfinite(q) else pd.NA for q in tests["p_adj"]],
                                    dtype="boolean")
    for c in ("k", "n", "n_missing", "excluded"):
        tests[c] = tests[c].astype(int)
    pair_frame = pd.DataFrame(pair_rows, columns=_PAIR_COLUMNS)
    pair_frame["significant"] = pd.array(list(pair_frame["significant"]), dtype="boolean")

    notes = []
    if n_missing_group:
        notes.append(f"{n_missing_group} of {len(data)} rows have no value in {group} and were left out")
    if small_rows:
        notes.append(f"{len(small_rows)} group × variable cell(s) with fewer than {min_size} valid answers were "
                     f"left out of the tests (see small_groups)")
    return GroupComparison(
        group=group, variables=tuple(variables), method=method, correction=correction, min_size=min_size,
        level=level, groups=tuple(codes), labels=dict(zip(codes, shown_labels)), tests=tests,
        group_stats=pd.DataFrame(desc_rows, columns=_DESC_COLUMNS), pairs=pair_frame,
        small_groups=pd.DataFrame(small_rows, columns=_SMALL_COLUMNS), n_rows=len(data),
        n_missing_group=n_missing_group, notes=tuple(notes))


# --------------------------------------------------------------------------
# figure
# --------------------------------------------------------------------------

_PLOT_TEXT = {
    "en": {"title": "Mean by {group} with {pct}% CI", "ylabel": "Mean ({pct}% CI)",
           "small": "grey: not tested (n < {m})", "notest": "no test", "padj": "p adj."},
    "zh-Hans": {"title": "按{group}分组的均值及{pct}%置信区间", "ylabel": "均值（{pct}% 置信区间）",
                "small": "灰色：未纳入检验（n < {m}）", "notest": "未检验", "padj": "校正后 p"},
    "zh-Hant": {"title": "按{group}分組的平均數及{pct}%信賴區間", "ylabel": "平均數（{pct}% 信賴區間）",
                "small": "灰色：未納入檢定（n < {m}）", "notest": "未檢定", "padj": "校正後 p"},
}


def _fmt_p(p: float) -> str:
    """APA style: no leading zero, 3 decimals, never p = .000."""
    if not np.isfinite(p):
        return "= n/a"
    if p < 0.001:
        return "< .001"
    return "= " + f"{p:.3f}".lstrip("0")


def _fmt_unit(x: float) -> str:
    """A value that cannot exceed 1 in size (ω², ε², r): no leading zero."""
    x = round(float(x), 2) + 0.0               # + 0.0 turns −0.0 into 0.0
    s = f"{x:.2f}"
    return s.replace("0.", ".", 1) if abs(x) < 1 else s


def _test_line(r, words: dict) -> str:
    if r["test"] is None:
        return words["notest"]
    stat = r["statistic"]
    if r["test"] == TEST_WELCH_T:
        head = f"Welch t({r['df']:.1f}) = {stat:.2f}"
        eff = f"g = {r['effect_value']:.2f}"
    elif r["test"] == TEST_WELCH_F:
        head = f"Welch F({r['df']:.0f}, {r['df2']:.1f}) = {stat:.2f}"
        eff = f"ω² = {_fmt_unit(r['effect_value'])}"
    elif r["test"] == TEST_MWU:
        head = f"U = {stat:.0f}"
        eff = f"r = {_fmt_unit(r['effect_value'])}"
    else:
        head = f"H({r['df']:.0f}) = {stat:.2f}"
        eff = f"ε² = {_fmt_unit(r['effect_value'])}"
    return f"{head}, p {_fmt_p(r['p'])}, {words['padj']} {_fmt_p(r['p_adj'])}, {eff}"


def plot(result: GroupComparison, variable=None, lang: str = "en"):
    """Means with their confidence intervals per group, one panel per variable.

    Returns a :class:`matplotlib.figure.Figure` (no pyplot, no global state
    changed); save it with ``fig.savefig(path_or_buffer, format="png")``.
    Groups left out of a variable's test are drawn in grey with an open
    marker; every tick shows the group's label and n; each panel's title
    gives the variable's test (statistic, p, corrected p, effect size).
    Title and axis text are in ``lang`` (``"en"``, ``"zh-Hans"``, ``"zh-Hant"``).
    Text uses the first installed font of :data:`research.fonts.CJK_FONTS` (CJK fonts
    first, DejaVu Sans last); without a CJK font Chinese characters are drawn
    as boxes, with matplotlib's warning, but the figure is still made.
    """
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

    if not isinstance(result, GroupComparison):
        raise invalid_option("result", type(result).__name__, "Pass the result of compare_groups().",
                             "请传入 compare_groups() 的结果。", "請傳入 compare_groups() 的結果。")
    if lang not in LANGUAGES:
        _check_choice("lang", lang, LANGUAGES)
    if variable is None:
        chosen = list(result.variables)
    else:
        chosen = [variable] if isinstance(variable, str) or not hasattr(variable, "__iter__") else list(variable)
        for v in chosen:
            if v not in result.variables:
                raise invalid_option("variable", f"{v!r} ∉ {{{', '.join(map(str, result.variables))}}}",
                                     "Name a variable that was compared.", "请给出已比较过的变量。",
                                     "請提供已比較過的變項。", column=v)
        if not chosen:
            chosen = list(result.variables)
    words = _PLOT_TEXT[lang]
    pct = f"{100 * result.level:g}"
    fams = list(cjk_font_families())
    fp = FontProperties(family=fams, size=10)
    fp_small = FontProperties(family=fams, size=8)
    fp_title = FontProperties(family=fams, size=12, weight="bold")

    nvar = len(chosen)
    k = len(result.groups)
    width = max(4.2, 0.7 * k + 1.5)              # inches per panel
    ncols = max(1, min(nvar, 3, int(13 // width)))
    nrows = math.ceil(nvar / ncols)
    fig = Figure(figsize=(width * ncols, 3.9 * nrows), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False)
    desc = result.group_stats
    any_small = False
    for i, v in enumerate(chosen):
        ax = axes[i // ncols][i % ncols]
        d = desc[desc["variable"] == v].reset_index(drop=True)
        x = np.arange(len(d))
        for j, r in d.iterrows():
            if r["n"] == 0:
                continue
            tested = bool(r["tested"])
            any_small |= not tested
            err = None
            if np.isfinite(r["ci_lower"]):
                err = [[r["mean"] - r["ci_lower"]], [r["ci_upper"] - r["mean"]]]
            color = "#1f4e79" if tested else "#9e9e9e"
            ax.errorbar([x[j]], [r["mean"]], yerr=err, fmt="o", color=color, ecolor=color, capsize=4,
                        markersize=6, markerfacecolor=color if tested else "white", linewidth=1.5)
        ax.set_xticks(x)
        ax.set_xticklabels([f"{lab}\nn={n}" for lab, n in zip(d["label"], d["n"])], fontproperties=fp_small,
                           rotation=45 if k > 5 else 0, ha="right" if k > 5 else "center")
        ax.set_xlim(-0.6, len(d) - 0.4)
        ax.set_ylabel(words["ylabel"].format(pct=pct), fontproperties=fp)
        ax.set_xlabel(str(result.group), fontproperties=fp)
        t = result.tests[result.tests["variable"] == v].iloc[0]
        ax.set_title(f"{v}\n{_test_line(t, words)}", fontproperties=fp_small)
        ax.grid(axis="y", alpha=0.3)
        for lab in ax.get_yticklabels():
            lab.set_fontproperties(fp_small)
    for i in range(nvar, nrows * ncols):
        axes[i // ncols][i % ncols].set_visible(False)
    title = words["title"].format(group=result.group, pct=pct)
    if any_small:
        title += "\n" + words["small"].format(m=result.min_size)
    fig.suptitle(title, fontproperties=fp_title)
    return fig
