"""Reliability of scales whose items are ordinal (Likert answers as ordered categories; issue 19 point 5).

* **Ordinal α** (Zumbo, Gadermann & Zeisser 2007, "Ordinal versions of coefficients alpha and theta for
  Likert rating scales", *Journal of Modern Applied Statistical Methods* 6, 21–29): Cronbach's standardised
  α computed on the polychoric correlation matrix R of the scale's k items,
  α_ord = k/(k − 1) · (1 − k / 1ᵀR1) = k·r̄ / (1 + (k − 1)·r̄), as ``psych::alpha(R)`` (raw = standardised on a
  correlation matrix).  R is :func:`research.sem.polychoric.lav_cor` (lavaan's ``lavCor(ordered = TRUE)``,
  two-step ML, Olsson 1979).  For two items it is 2r/(1 + r).
* **Categorical ω** (Green & Yang 2009, "Reliability of summed item scores using structural equation
  modeling: an alternative to coefficient alpha", *Psychometrika* 74, 155–167), as
  ``semTools::compRelSEM(fit)`` 0.5-6 for a factor with ordered indicators (its defaults ``obs.var = TRUE``,
  ``tau.eq = FALSE``, ``ord.scale = TRUE``; its internal ``omegaCat``): the reliability of the *observed*
  sum score X = Σ_j x_j of the 1..K coded answers,

      ω = Σ_j Σ_j' [Σ_c Σ_c' Φ₂(τ_jc, τ_j'c'; ρ*_jj') − Σ_c Φ(τ_jc) · Σ_c' Φ(τ_j'c')]
          / Σ_j Σ_j' [Σ_c Σ_c' Φ₂(τ_jc, τ_j'c'; r_jj')  − Σ_c Φ(τ_jc) · Σ_c' Φ(τ_j'c')]

  with τ the model's thresholds and ρ*_jj' = λ_jλ_j'·φ the latent responses' covariance explained by the
  factor (λ the loadings, φ the model-implied factor variance; all on the standardised latent-response
  scale: theta-parameterised estimates are multiplied by lavaan's scale factors Δ = 1/sd(y*) first), r the
  sample polychoric correlations (``obs.var = TRUE``: the denominator is the variance of the sum score
  implied by the thresholds and the sample correlations), Φ₂ the bivariate normal distribution function
  (``r_jj = 1`` on the diagonal).  Each double sum over categories is the covariance of two answers
  coded 1..K, since x_j = 1 + Σ_c 1[y*_j > τ_jc].  ``ord_scale=False`` gives semTools'
  ``compRelSEM(fit, ord.scale = FALSE)``: ω of the latent responses, 1ᵀ(λλᵀφ)1 / 1ᵀR1.  A factor whose
  indicators are all continuous gets McDonald's ω on the sample covariances; one with both kinds gets none
  (NaN), as semTools; single-indicator factors are left out (``dropSingle = TRUE``).
* **CR and AVE** (Jöreskog 1971; Fornell & Larcker 1981) from the WLSMV standardised (``std.all``)
  loadings, exactly as :func:`research.reliability.composite_reliability` and
  :func:`research.reliability.average_variance_extracted`; with ordered indicators ``semTools::AVE(fit)``
  equals this mean of λ².

Ordinal α and the latent-response ω describe the continuous responses assumed behind the categories,
not the sum or mean score a report goes on to use (Chalmers 2018, "On misconceptions and the limited
usefulness of ordinal alpha", *Educational and Psychological Measurement* 78, 1056–1071); categorical
ω is the reliability of that score.  :data:`LATENT_SCALE_NOTE` says so in the three languages.

>>> ordinal_alpha(df, ["ECO1", "ECO2", "ECO3", "ECO4"]).value
>>> categorical_omega(fit_sem(model, df, estimator="WLSMV", ordered=True))      # {"ECO": 0.8147, ...}
>>> ordinal_reliability(df, {"ECO": ["ECO1", "ECO2", "ECO3", "ECO4"], "RES": [...]})

Checked against lavaan 0.6-14 / semTools 0.5-6 / psych 2.2.9 (``tests/reference/ordinal.json``,
``reliability``) in ``tests/test_ordinal_reliability.py``.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.special import ndtr

from .errors import invalid_data, invalid_option
from .messages import Note
from .reliability import THRESHOLDS, average_variance_extracted, composite_reliability, cronbach_alpha, flag
from .sem.polychoric import bvn_cdf

MISSING_CHOICES = ("listwise", "pairwise")

#: Ordinal α (and the latent-response ω) are not the reliability of the observed score (Chalmers 2018).
LATENT_SCALE_NOTE = Note(
    en="Ordinal α is Cronbach's standardized α of the polychoric correlations (Zumbo, Gadermann & Zeisser "
       "2007): it describes the continuous responses assumed to lie behind the answer categories, not the sum "
       "or mean score of the answers, and is usually higher than that score's reliability (Chalmers 2018). For "
       "the reliability of the scale score report categorical ω (Green & Yang 2009), computed from the WLSMV "
       "model's loadings and thresholds.",
    zh_hans="有序 α 是以多分格相关矩阵计算的标准化 Cronbach α（Zumbo, Gadermann & Zeisser 2007）：它描述的是"
            "假定位于选项类别背后的连续潜在反应，而不是答案的总分或平均分，通常高于该得分的信度（Chalmers 2018）。"
            "要报告量表得分的信度，请使用由 WLSMV 模型的载荷与阈值计算的类别 ω（Green & Yang 2009）。",
    zh_hant="有序 α 是以多分格相關矩陣計算的標準化 Cronbach α（Zumbo, Gadermann & Zeisser 2007）：它描述的是"
            "假定位於選項類別背後的連續潛在反應，而不是答案的總分或平均分數，通常高於該分數的信度（Chalmers 2018）。"
            "要報告量表分數的信度，請使用由 WLSMV 模型的負荷量與閾值計算的類別 ω（Green & Yang 2009）。")

NOT_PD_NOTE = Note(
    en="The polychoric correlation matrix of {scale} is not positive definite (smallest eigenvalue {value}); its "
       "ordinal α is doubtful. Categories chosen by very few respondents are the usual cause: consider merging them.",
    zh_hans="{scale} 的多分格相关矩阵不是正定矩阵（最小特征值 {value}），其有序 α 值得怀疑。常见原因是某些选项类别"
            "极少有人选择：可考虑合并这些类别。",
    zh_hant="{scale} 的多分格相關矩陣不是正定矩陣（最小特徵值 {value}），其有序 α 值得懷疑。常見原因是某些選項類別"
            "極少有人選擇：可考慮合併這些類別。")

NO_MODEL_NOTE = Note(
    en="{scale}: the WLSMV model of the scales is not identified or did not converge, so categorical ω, CR and AVE "
       "are not reported. Scales of two items need other scales in the same model (correlated factors).",
    zh_hans="{scale}：各量表的 WLSMV 模型不可识别或未收敛，因此不报告类别 ω、CR 与 AVE。只有两个题目的量表"
            "需要与其他量表放在同一个模型中（因子相关）。",
    zh_hant="{scale}：各量表的 WLSMV 模型無法識別或未收斂，因此不報告類別 ω、CR 與 AVE。只有兩個題目的量表"
            "需要與其他量表放在同一個模型中（因素相關）。")

MIXED_NOTE = Note(
    en="{scale}: the factor has both ordered and continuous indicators, so categorical ω is not defined (semTools "
       "gives none either); treat all of its items alike in the model.",
    zh_hans="{scale}：该因子的指标既有有序变量也有连续变量，类别 ω 没有定义（semTools 同样不给出）；请在模型中以同一种方式"
            "处理它的全部题目。",
    zh_hant="{scale}：該因素的指標既有有序變項也有連續變項，類別 ω 沒有定義（semTools 同樣不提供）；請在模型中以同一種方式"
            "處理它的全部題目。")

IMPROPER_NOTE = Note(
    en="{scale}: a standardized loading is outside −1…1 (an improper solution), so CR and AVE are not reported.",
    zh_hans="{scale}：有标准化载荷超出 −1…1（不合理解），因此不报告 CR 与 AVE。",
    zh_hant="{scale}：有標準化負荷量超出 −1…1（不適當解），因此不報告 CR 與 AVE。")


def _filled(note: Note, **kw) -> Note:
    return Note(**{key: note.texts[lang].format(**kw)
                   for key, lang in (("en", "en"), ("zh_hans", "zh-Hans"), ("zh_hant", "zh-Hant"))})


# ----------------------------------------------------------------------------------------------------------------
# input checks
# ----------------------------------------------------------------------------------------------------------------

def _check_frame(data) -> None:
    if not isinstance(data, pd.DataFrame):
        raise invalid_option("data", type(data).__name__,
                             "Pass the responses as a pandas DataFrame (one row per respondent, one column per item).",
                             "请传入 pandas DataFrame（每行一位受访者，每列一个题目）。",
                             "請傳入 pandas DataFrame（每列一位受訪者，每欄一個題目）。")


def _check_missing(missing) -> None:
    if missing not in MISSING_CHOICES:
        raise invalid_option("missing", repr(missing)[:40], 'Use missing="listwise" or missing="pairwise".',
                             '请使用 missing="listwise" 或 missing="pairwise"。',
                             '請使用 missing="listwise" 或 missing="pairwise"。')


def _check_items(data: pd.DataFrame, items, scale: str | None = None) -> list:
    """The items of one scale as a list of column names: at least two, each once, each a column."""
    label = "items" if scale is None else f"scales[{scale!r}]"
    if isinstance(items, (str, bytes)) or not hasattr(items, "__iter__"):
        raise invalid_option(label, repr(items)[:60],
                             "Give the items of a scale as a list of column names, e.g. ['SAT1', 'SAT2', 'SAT3'].",
                             "请以列名列表给出量表的题目，例如 ['SAT1', 'SAT2', 'SAT3']。",
                             "請以欄名清單提供量表的題目，例如 ['SAT1', 'SAT2', 'SAT3']。")
    items = list(items)
    seen = set()
    for it in items:
        if it in seen:
            raise invalid_option(label, f"{it} × 2", "Name every item of a scale only once.",
                                 "量表的每个题目只能出现一次。", "量表的每個題目只能出現一次。", column=it)
        seen.add(it)
        if it not in data.columns:
            raise invalid_data(f"{label}: {it}", "Use column names that exist in the data (check spelling and case).",
                               "请使用数据中存在的列名（注意拼写和大小写）。",
                               "請使用資料中存在的欄名（注意拼寫與大小寫）。", column=it)
    if len(items) < 2:
        where = items[0] if items else None
        raise invalid_option(label, f"k = {len(items)}" + (f" ({where})" if where is not None else ""),
                             "A scale needs at least two items for its reliability; a single item's reliability "
                             "cannot be estimated from the answers. Add items or leave this scale out.",
                             "量表至少需要两个题目才能估计信度，单一题目的信度无法由答案估计。请增加题目或不分析这个量表。",
                             "量表至少需要兩個題目才能估計信度，單一題目的信度無法由答案估計。請增加題目或不分析這個量表。",
                             column=where)
    return items


def _used_rows(data: pd.DataFrame, items: list, missing: str) -> pd.Series:
    observed = data[items].notna()
    return observed.all(axis=1) if missing == "listwise" else observed.any(axis=1)


def _check_categories(data: pd.DataFrame, items: list, used: pd.Series) -> None:
    """Every item must have at least two different answers among the rows used."""
    for it in items:
        values = data.loc[used, it].dropna()
        if values.nunique() < 2:
            only = values.iloc[0] if len(values) else None
            raise invalid_data(f"{it}: {values.nunique()}",
                               f"Every answer to {it} is the same among the {int(used.sum())} rows used, so it has a "
                               f"single category and carries no information about reliability. Leave {it} out of "
                               f"the scale.",
                               f"在所用的 {int(used.sum())} 行中，{it} 的答案全部相同，只有一个类别，不含任何关于信度"
                               f"的信息。请把 {it} 移出量表。",
                               f"在所用的 {int(used.sum())} 列中，{it} 的答案全部相同，只有一個類別，不含任何關於信度"
                               f"的資訊。請把 {it} 移出量表。", column=it, value=only)


# ----------------------------------------------------------------------------------------------------------------
# ordinal α
# ----------------------------------------------------------------------------------------------------------------

def alpha_from_correlations(R) -> float:
    """Standardised α of a correlation matrix: k/(k − 1) · (1 − k / 1ᵀR1) (the ordinal α of Zumbo et al.
    2007 when R is polychoric)."""
    R = np.asarray(R, dtype=float)
    k = R.shape[0]
    return float(k / (k - 1) * (1.0 - k / R.sum()))


@dataclass(frozen=True)
class OrdinalAlpha:
    """Ordinal α of one scale: ``value``, ``k`` items, ``n`` rows used (listwise: complete on the items;
    pairwise: with at least one of them answered), ``average_r`` (mean polychoric correlation) and
    ``polychoric`` (the matrix used, items × items)."""
    value: float
    k: int
    n: int
    average_r: float
    items: tuple
    missing: str
    polychoric: pd.DataFrame = field(compare=False, repr=False)
    notes: tuple = field(default=(), compare=False)

    @property
    def flag(self) -> str:
        """'pass'/'warn'/'fail' against α's thresholds (DOMAIN.md §2: ≥ .70, ≥ .60 tolerated; Nunnally 1978)."""
        return flag("alpha", self.value)

    def to_dict(self) -> dict:
        return {"alpha_ordinal": self.value, "flag": self.flag, "k": self.k, "n": self.n,
                "average_r": self.average_r, "items": list(self.items), "missing": self.missing,
                "polychoric": [list(map(float, r)) for r in self.polychoric.to_numpy()],
                "notes": [n.texts for n in self.notes]}


def ordinal_alpha(data: pd.DataFrame, items, *, missing: str = "listwise") -> OrdinalAlpha:
    """Ordinal α of the scale ``items`` (Zumbo, Gadermann & Zeisser 2007): standardised α of the items'
    polychoric correlations (lavaan's ``lavCor(ordered = TRUE, missing = missing)``; psych's
    ``alpha(R)$total$raw_alpha``).  The items must hold whole-number answer codes; ``missing``:
    ``"listwise"`` (rows answering every item) or ``"pairwise"`` (each correlation from the rows answering
    both items)."""
    from .sem.ordinal_stats import ordinal_sample_stats

    _check_frame(data)
    _check_missing(missing)
    items = _check_items(data, items)
    used = _used_rows(data, items, missing)
    _check_categories(data, items, used)
    st = ordinal_sample_stats(data, items, True, missing=missing, nacov=False)[0]
    R = np.array(st.cor, dtype=float)
    k = len(items)
    value = alpha_from_correlations(R)
    notes = []
    smallest = float(np.linalg.eigvalsh(R)[0])
    if smallest <= 0:
        notes.append(_filled(NOT_PD_NOTE, scale=", ".join(map(str, items)), value=f"{smallest:.4f}"))
    notes.append(LATENT_SCALE_NOTE)
    return OrdinalAlpha(value=value, k=k, n=int(st.n), average_r=float((R.sum() - k) / (k * (k - 1))),
                        items=tuple(items), missing=missing,
                        polychoric=pd.DataFrame(R, index=list(st.names), columns=list(st.names)), notes=tuple(notes))


# ----------------------------------------------------------------------------------------------------------------
# categorical ω
# ----------------------------------------------------------------------------------------------------------------

def omega_from_thresholds(common, thresholds, correlations) -> float:
    """Green & Yang's (2009) ω of the sum of 1..K coded answers (semTools' ``omegaCat``), everything on the
    standardised latent-response scale: ``common`` the factor's explained covariances λλᵀφ of the latent
    responses, ``thresholds`` one array per item, ``correlations`` the (polychoric) correlations whose
    implied sum-score variance is the denominator."""
    common = np.asarray(common, dtype=float)
    D = np.asarray(correlations, dtype=float)
    sd = np.sqrt(np.diag(D))
    D = D / np.outer(sd, sd)
    t = [np.asarray(th, dtype=float) for th in thresholds]
    marg = [float(ndtr(x).sum()) for x in t]
    num = den = 0.0
    k = len(t)
    for j in range(k):
        for jp in range(k):
            a, b = np.meshgrid(t[j], t[jp], indexing="ij")
            both = marg[j] * marg[jp]
            num += float(bvn_cdf(a, b, common[j, jp]).sum()) - both
            den += float(bvn_cdf(a, b, D[j, jp]).sum()) - both
    return num / den


def _check_fit(fit) -> None:
    from .sem.wls import WlsResult

    if not isinstance(fit, WlsResult):
        raise invalid_option("fit", type(fit).__name__,
                             'Give a WLSMV fit with ordered items (fit_sem(..., estimator="WLSMV", ordered=True)); '
                             "for a model fitted by ML use research.reliability.omega.",
                             '请给出有序题目的 WLSMV 拟合结果（fit_sem(..., estimator="WLSMV", ordered=True)）；'
                             "ML 拟合的模型请用 research.reliability.omega。",
                             '請提供有序題目的 WLSMV 配適結果（fit_sem(..., estimator="WLSMV", ordered=True)）；'
                             "ML 配適的模型請用 research.reliability.omega。")


def _factor_parts(fit, factor: str):
    """(indicators, std.lv loadings, std.all loadings) of ``factor``'s observed indicators in ``fit``."""
    p = fit.parameters
    observed = set(fit.ordinal_stats.ov_names)
    rows = p[(p["op"] == "=~") & (p["lhs"] == factor) & p["rhs"].isin(observed)]
    return list(rows["rhs"]), rows["std.lv"].to_numpy(float), rows["std.all"].to_numpy(float)


def _factors(fit) -> list:
    p = fit.parameters
    return list(dict.fromkeys(p.loc[p["op"] == "=~", "lhs"]))


def categorical_omega(fit, factor: str | None = None, *, ord_scale: bool = True) -> dict:
    """Categorical ω per factor of a WLSMV/ULSMV fit with ordered indicators (``research.sem.wls.WlsResult``,
    e.g. ``fit_sem(..., estimator="WLSMV", ordered=True)``), as ``semTools::compRelSEM(fit)``: factor → ω,
    for every factor with at least two observed indicators (``factor`` names one).  ``ord_scale=False``:
    the latent-response ω (``compRelSEM(fit, ord.scale = FALSE)``).  NaN for a factor with both ordered and
    continuous indicators (semTools gives NA).

    Categorical ω does not depend on the parameterization (delta or theta: the same value to optimiser noise).
    The latent-response ω does, in semTools as here: under theta it is ω of the latent responses on theta's
    scale (residual variances 1), e.g. 0.8504 instead of delta's 0.8449 for ECO of the reference CFA (checked
    once against semTools 0.5-6, not part of the tests' reference)."""
    _check_fit(fit)
    factors = _factors(fit)
    if factor is not None:
        if factor not in factors:
            raise invalid_option("factor", str(factor)[:60], f"Name a factor of the model: {', '.join(factors)}.",
                                 f"请指定模型中的因子：{'、'.join(factors)}。",
                                 f"請指定模型中的因素：{'、'.join(factors)}。")
        if len(_factor_parts(fit, factor)[0]) < 2:
            raise invalid_option("factor", f"{factor}: k = 1",
                                 "A factor with a single indicator has no reliability to estimate; name a factor "
                                 "with at least two indicators.",
                                 "只有一个指标的因子无法估计信度；请指定至少有两个指标的因子。",
                                 "只有一個指標的因素無法估計信度；請指定至少有兩個指標的因素。")
        factors = [factor]
    st = fit.ordinal_stats
    names = list(st.ov_names)
    pos = {v: i for i, v in enumerate(names)}
    nth = dict(zip(names, st.nth))
    S = st.matrix()
    p = fit.parameters
    scale_rows = p[p["op"] == "~*~"].set_index("lhs")["est"]
    scales = np.array([float(scale_rows.get(v, 1.0)) for v in names])
    out = {}
    for f in factors:
        inds, lam_lv, _ = _factor_parts(fit, f)
        if len(inds) < 2:
            continue                    # semTools' dropSingle
        idx = [pos[v] for v in inds]
        ordered = [nth[v] > 0 for v in inds]
        common = np.outer(lam_lv, lam_lv)           # λλᵀφ in the model's latent-response metric
        if all(ordered):
            s = scales[idx]
            total = S[np.ix_(idx, idx)] / np.outer(s, s)
            if ord_scale:
                ths = [p.loc[(p["op"] == "|") & (p["lhs"] == v), "est"].to_numpy(float) * s[i]
                       for i, v in enumerate(inds)]
                out[f] = float(omega_from_thresholds(common * np.outer(s, s), ths, total))
            else:
                out[f] = float(common.sum() / total.sum())
        elif not any(ordered):
            out[f] = float(common.sum() / S[np.ix_(idx, idx)].sum())
        else:
            out[f] = float("nan")
    return out


# ----------------------------------------------------------------------------------------------------------------
# the table of a study's scales
# ----------------------------------------------------------------------------------------------------------------

def _scale_factor(fit, scale: str, items: list) -> str:
    factors = _factors(fit)
    if scale in factors and set(_factor_parts(fit, scale)[0]) == set(items):
        return scale
    for f in factors:
        if set(_factor_parts(fit, f)[0]) == set(items):
            return f
    raise invalid_option("fit", f"{scale}: {', '.join(map(str, items))}",
                         f"The fit has no factor measured by exactly the items of {scale}; fit the model with one "
                         f"factor per scale (named as the scale) or leave fit out.",
                         f"拟合结果中没有恰好由 {scale} 的题目测量的因子；请为每个量表设一个同名因子后重新拟合，或不提供 fit。",
                         f"配適結果中沒有恰好由 {scale} 的題目測量的因素；請為每個量表設一個同名因素後重新配適，或不提供 fit。")


def _cfa_syntax(scales: dict) -> str:
    return "\n".join(f"{name} =~ " + " + ".join(items) for name, items in scales.items())


COLUMNS = ("k", "n", "alpha", "alpha.flag", "alpha_ordinal", "alpha_ordinal.flag", "omega_categorical",
           "omega_categorical.flag", "omega_latent", "cr", "cr.flag", "ave", "ave.flag")


def ordinal_reliability(data: pd.DataFrame, scales: Mapping, *, fit=None, missing: str = "listwise") -> pd.DataFrame:
    """Reliability of each scale (name → item columns) with ordinal items, one row per scale:

    ``k``; ``n`` (rows used for ordinal α); ``alpha`` (the ordinary Cronbach α of the answers, for comparison,
    :func:`research.reliability.cronbach_alpha`, listwise); ``alpha_ordinal`` (:func:`ordinal_alpha`);
    ``omega_categorical`` (:func:`categorical_omega`, the reliability of the scale's sum score);
    ``omega_latent`` (ω of the latent responses); ``cr`` and ``ave`` from the WLSMV standardised loadings;
    each ``….flag`` ('pass'/'warn'/'fail'/'n/a') by :func:`research.reliability.flag` against DOMAIN.md's
    thresholds (α and ω ≥ .70, ≥ .60 tolerated; CR ≥ .70; AVE ≥ .50).

    ``fit``: a WLSMV fit (:class:`research.sem.wls.WlsResult`) holding one factor per scale (named as the
    scale, or measured by exactly its items); by default the scales' CFA (one factor per scale, factors
    correlated) is fitted by WLSMV on ``data`` with every item ordered (``fit_wls_data``).  When that model is
    not identified or does not converge, ω, CR and AVE are left empty with a note.

    ``DataFrame.attrs``: ``notes`` (trilingual :class:`research.messages.Note`: always the latent-scale
    caution of Chalmers 2018), ``thresholds`` (DOMAIN.md §2, as ``research.reliability.THRESHOLDS``),
    ``polychoric`` (scale → its polychoric matrix) and ``estimator``.
    """
    _check_frame(data)
    _check_missing(missing)
    if not isinstance(scales, Mapping) or not scales:
        raise invalid_option("scales", type(scales).__name__,
                             "Give the scales as a mapping of scale name to its item columns, e.g. "
                             "{'SAT': ['SAT1', 'SAT2', 'SAT3']}.",
                             "请以“量表名称 → 题目列名列表”的字典给出量表，例如 {'SAT': ['SAT1', 'SAT2', 'SAT3']}。",
                             "請以「量表名稱 → 題目欄名清單」的字典提供量表，例如 {'SAT': ['SAT1', 'SAT2', 'SAT3']}。")
    scales = {str(name): _check_items(data, items, str(name)) for name, items in scales.items()}
    for name, items in scales.items():
        _check_categories(data, items, _used_rows(data, items, missing))
    alphas = {name: ordinal_alpha(data, items, missing=missing) for name, items in scales.items()}
    if fit is None:
        from .sem.wls import fit_wls_data

        fit = fit_wls_data(_cfa_syntax(scales), data, ordered=True, missing=missing)
    else:
        _check_fit(fit)
    bad_fit = bool({"not_identified", "information_singular", "not_converged"} & set(fit.warning_codes))
    bad_fit = bad_fit or not fit.converged
    notes: list = []
    rows = []
    for name, items in scales.items():
        a = alphas[name]
        notes.extend(n for n in a.notes if n is not LATENT_SCALE_NOTE)
        plain = cronbach_alpha(data, items).alpha
        row = {"scale": name, "k": a.k, "n": a.n, "alpha": plain, "alpha_ordinal": a.value}
        factor = _scale_factor(fit, name, items)
        if bad_fit:
            omega_c = omega_l = cr = ave = float("nan")
            notes.append(_filled(NO_MODEL_NOTE, scale=name))
        else:
            omega_c = categorical_omega(fit, factor)[factor]
            omega_l = categorical_omega(fit, factor, ord_scale=False)[factor]
            if omega_c != omega_c:
                notes.append(_filled(MIXED_NOTE, scale=name))
            std = _factor_parts(fit, factor)[2]
            if np.all(np.abs(std) <= 1):
                cr, ave = composite_reliability(std), average_variance_extracted(std)
            else:
                cr = ave = float("nan")
                notes.append(_filled(IMPROPER_NOTE, scale=name))
        row.update({"omega_categorical": omega_c, "omega_latent": omega_l, "cr": cr, "ave": ave})
        for col, stat in (("alpha", "alpha"), ("alpha_ordinal", "alpha"), ("omega_categorical", "omega"),
                          ("cr", "cr"), ("ave", "ave")):
            row[f"{col}.flag"] = flag(stat, row[col])
        rows.append(row)
    out = pd.DataFrame(rows).set_index("scale")[list(COLUMNS)]
    out.attrs["notes"] = (LATENT_SCALE_NOTE, *notes)
    out.attrs["thresholds"] = {k: {"pass": good, "warn": warn, "source": src}
                               for k, (good, warn, src) in THRESHOLDS.items()}
    out.attrs["polychoric"] = {name: a.polychoric for name, a in alphas.items()}
    out.attrs["estimator"] = fit.estimator
    return out


# ----------------------------------------------------------------------------------------------------------------
# the table as people read it
# ----------------------------------------------------------------------------------------------------------------

HEAD = {
    "scale": {"en": "Scale", "zh-Hans": "量表", "zh-Hant": "量表"},
    "k": {"en": "k", "zh-Hans": "题目数", "zh-Hant": "題數"},
    "n": {"en": "n", "zh-Hans": "n", "zh-Hant": "n"},
    "alpha": {"en": "Cronbach's α", "zh-Hans": "Cronbach α", "zh-Hant": "Cronbach α"},
    "alpha_ordinal": {"en": "Ordinal α", "zh-Hans": "有序 α", "zh-Hant": "有序 α"},
    "omega_categorical": {"en": "Categorical ω", "zh-Hans": "类别 ω", "zh-Hant": "類別 ω"},
    "omega_latent": {"en": "Latent-response ω", "zh-Hans": "潜在反应 ω", "zh-Hant": "潛在反應 ω"},
    "cr": {"en": "CR", "zh-Hans": "CR", "zh-Hant": "CR"},
    "ave": {"en": "AVE", "zh-Hans": "AVE", "zh-Hant": "AVE"},
    "verdict": {"en": "Verdict", "zh-Hans": "判定", "zh-Hant": "判定"},
}

#: the flags that decide a scale's verdict: the sum score's reliability (categorical ω), CR and AVE — not ordinal α,
#: which is not the reliability of the score (Chalmers 2018)
VERDICT_FLAGS = ("omega_categorical.flag", "cr.flag", "ave.flag")


def ordinal_reliability_table(result: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """:func:`ordinal_reliability`'s result as a report table in ``lang`` (zh-Hans, zh-Hant, en): scale, k, n,
    Cronbach's α, ordinal α, categorical ω, latent-response ω, CR, AVE and the verdict (the worst of the
    categorical ω, CR and AVE flags; research.tables' words).  Numbers stay full precision;
    ``attrs["formats"]`` tells :func:`research.report.apa.display` to show them as APA does (".842", no leading
    zero), ``attrs["note"]`` holds the notes in ``lang``."""
    from .errors import check_lang
    from .tables import VERDICT

    check_lang(lang)
    out = pd.DataFrame({"scale": list(result.index)})
    for key in ("k", "n", "alpha", "alpha_ordinal", "omega_categorical", "omega_latent", "cr", "ave"):
        out[key] = pd.to_numeric(result[key], errors="coerce").to_numpy(dtype=float)
    verdicts = []
    for _, row in result.iterrows():
        flags = [row[c] for c in VERDICT_FLAGS if row[c] in ("pass", "warn", "fail")]
        worst = "fail" if "fail" in flags else "warn" if "warn" in flags else "pass" if flags else "n/a"
        verdicts.append(VERDICT[worst][lang])
    out["verdict"] = verdicts
    formats = {"k": "int", "n": "int", **dict.fromkeys(("alpha", "alpha_ordinal", "omega_categorical", "omega_latent",
                                                       "cr", "ave"), "unit3")}
    out = out.rename(columns={k: HEAD[k][lang] for k in out.columns})
    out.attrs["formats"] = {HEAD[k][lang]: f for k, f in formats.items()}
    out.attrs["note"] = " ".join(n.texts[lang] for n in result.attrs.get("notes", ()))
    return out
