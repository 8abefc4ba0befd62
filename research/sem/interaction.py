"""Latent interactions in CB-SEM by product indicators, written as lavaan syntax ``SAT ~ REL + EMP + REL:EMP``.

>>> from research.sem.interaction import fit_interaction
>>> res = fit_interaction('''REL =~ REL1 + REL2 + REL3
...                          EMP =~ EMP1 + EMP2 + EMP3
...                          SAT =~ SAT1 + SAT2 + SAT3
...                          SAT ~ REL + EMP + REL:EMP''', data)              # method="dmc", pairs="matched"
>>> res.parameters          # lavaan's parameterEstimates of the product-indicator model
>>> res.simple_slopes       # effect of REL on SAT at EMP = −1 SD, 0, +1 SD (and of EMP at REL = …)
>>> print(res.syntax)       # the lavaan model that was fitted (REL.EMP =~ REL1.EMP1 + REL2.EMP2 + REL3.EMP3 …)

A term ``A:B`` on the right of ``~`` where ``A`` and ``B`` are factors measured by items becomes a latent
product factor ``A.B`` (the name semTools and lavaan users write) measured by products of the two factors'
items (the product-indicator approach, Kenny & Judd 1984; Marsh, Wen & Hau 2004).  The product columns are
added to a copy of the data (the caller's frame is never modified) and the expanded model is fitted by
:func:`research.sem.fit.fit_sem` (ML or MLR, listwise or FIML), so the parameters, fit measures and
standardized solution are lavaan's for the same product-indicator model.

Centering (``method``), as ``semTools::indProd`` 0.5-6 forms the products:

* ``"dmc"`` (default) — double-mean-centering (Lin, Wen, Marsh & Lin 2010): every item is mean-centred,
  the products are formed, and each product is mean-centred again (``indProd(meanC = TRUE,
  doubleMC = TRUE)``).  The product factor's covariances with ``A`` and ``B`` are free (lavaan's default
  for exogenous factors) and no mean structure is needed (Lin et al.'s point).
* ``"rc"`` — residual centering, "orthogonalizing" (Little, Bovaird & Widaman 2006): each product is
  replaced by its residual from an OLS regression (with intercept) on *all* items of both factors
  (``indProd(residualC = TRUE)``); the product factor's covariances with ``A`` and ``B`` are fixed at 0
  (``A.B ~~ 0*A + 0*B``, as in semTools' ``probe2WayRC`` example).  Rows missing an item of either
  factor get no residual (NaN): they are dropped listwise, or enter FIML without the products.

Pairs (``pairs``):

* ``"matched"`` (default) — matched pairs (Marsh et al. 2004): with equal item counts the i-th item of
  ``A`` times the i-th item of ``B``, in the order the model writes them (``indProd(match = TRUE)``).
  With unequal counts (which semTools refuses) both factors' items are ranked by their standardized
  loading in a CFA of the two factors (lavaan ``cfa`` defaults, ties in written order) and the
  k = min(p, q) best of each are paired rank by rank (best with best — Marsh et al.'s advice to use the
  most reliable items); the longer factor's other items measure their factor but enter no product.
* ``"all"`` — all p·q products (``indProd(match = FALSE)``), with residual covariances between products
  that share an item (e.g. ``REL1.EMP1 ~~ REL1.EMP2``), as Marsh et al. (2004) and Little et al. (2006)
  specify them.

Product items are named ``REL1.EMP1`` (``indProd``'s names) and the product factor ``REL.EMP``; both
must be new names (neither a model variable nor a data column).

Simple slopes (:attr:`InteractionResult.simple_slopes`): for every interaction, every outcome it predicts
and both readings (``A`` focal moderated by ``B`` and the reverse), the conditional effect of the focal
factor at moderator values w = −1 SD, 0, +1 SD, where the SD is the square root of the moderator's
model-implied latent variance (lavaan's ``lavInspect(fit, "cov.lv")``; its mean is 0) and is treated as
known.  DMC (Aiken & West 1991 on the latent scale): b_focal + b_int·w with
SE² = V_ff + 2w·V_fi + w²·V_ii from the parameters' ACOV (delta method), matching
``semTools::probe2WayMC(fit, nameX, nameY, modVar, valProbe)``.  RC: the residual-centred paths are first
transformed to the uncentred product model under normal factors (Geldhof, Pornprasertmanit, Schoemann &
Little 2013), with their ACOV rescaled as ``semTools::probe2WayRC`` does
((ψ_NC/ψ_RC)·V_RC·M_RC·M_NC⁻¹, M the predictors' second moments); with several other predictors of the
outcome, as in semTools, only A, B and A.B enter that transformation.  The factors' covariance matrix is
the model-implied one (``cov.lv``; semTools reads ``psi``, the same numbers when A and B are exogenous, as
the product-indicator model usually has them).  z, two-sided p and 95 % Wald CIs
(est ± 1.96·SE) complete each row.

``fit_sem(model, data)`` with an ``A:B`` term delegates here (DMC, matched pairs) and returns the
:class:`~research.sem.fit.SemResult` of the product-indicator model whose ``interaction`` attribute is
this module's :class:`InteractionResult` (slopes, products, syntax); use :func:`fit_interaction` to choose
``method`` or ``pairs``.

Checked against lavaan 0.6-14 + semTools 0.5-6 (``tests/reference/sem_interaction.R``) and against the
recovery of a known population interaction in simulation (``tests/test_sem_interaction.py``).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
from scipy import stats

from ..errors import invalid_option
from .syntax import ModelSpec, Statement, _outside_quotes, parse_model

METHODS = ("dmc", "rc")
PAIRS = ("matched", "all")
Z975 = float(stats.norm.ppf(0.975))
SLOPE_COLUMNS = ["interaction", "outcome", "focal", "moderator", "level", "w", "est", "se", "z", "pvalue",
                 "ci.lower", "ci.upper"]
PRODUCT_COLUMNS = ["interaction", "factor", "indicator", "item.a", "item.b"]
LEVELS = (("-1 SD", -1.0), ("mean", 0.0), ("+1 SD", 1.0))

_NAME = r"[A-Za-z][A-Za-z0-9_.]*"
# A:B (and A:B:C, refused below); never the ':' of ':='
_TERM_RE = re.compile(rf"(?<![A-Za-z0-9_.])({_NAME})\s*:(?!=)\s*({_NAME})((?:\s*:(?!=)\s*{_NAME})*)")
_IDENT_RE = re.compile(_NAME)


# --------------------------------------------------------------------------------------------------------
# errors (detail in symbols, fixes in three languages)
# --------------------------------------------------------------------------------------------------------
_FORM_EN = "write it as 'SAT ~ REL + EMP + REL:EMP' with 'REL =~ REL1 + REL2 + REL3' and 'EMP =~ EMP1 + EMP2 + EMP3'"
_FORM_ZH = "写法如 'SAT ~ REL + EMP + REL:EMP'，并有 'REL =~ REL1 + REL2 + REL3' 与 'EMP =~ EMP1 + EMP2 + EMP3'"
_FORM_HANT = "寫法如 'SAT ~ REL + EMP + REL:EMP'，並有 'REL =~ REL1 + REL2 + REL3' 與 'EMP =~ EMP1 + EMP2 + EMP3'"

_FIX = {
    "observed": ("A latent interaction multiplies two factors measured by items; an observed variable "
                 "cannot be one side of it. Define both sides as factors with =~ (" + _FORM_EN + "), or analyse "
                 "an observed moderator with a moderation analysis on scores.",
                 "潜变量交互项是两个由题目测量的因子之积，观测变量不能作为其中一方。请用 =~ 将两方都定义为因子（" + _FORM_ZH +
                 "），或对观测调节变量使用基于得分的调节分析。",
                 "潛在交互項是兩個由題目測量的因素之積，觀察變項不能作為其中一方。請以 =~ 將兩方都定義為因素（" + _FORM_HANT +
                 "），或對觀察調節變項使用以分數為基礎的調節分析。"),
    "unknown": ("Each side of ':' must be a factor of the model, defined with =~ (" + _FORM_EN + "). Check "
                "the spelling (names are case-sensitive).",
                "':' 两侧都必须是模型中用 =~ 定义的因子（" + _FORM_ZH + "）。请检查拼写（区分大小写）。",
                "':' 兩側都必須是模型中以 =~ 定義的因素（" + _FORM_HANT + "）。請檢查拼寫（區分大小寫）。"),
    "one_item": ("A factor in an interaction needs at least two items to form product indicators; add items "
                 "to it or leave the interaction out.",
                 "交互项中的因子至少需要两个题目才能构成乘积指标；请为其增加题目，或去掉该交互项。",
                 "交互項中的因素至少需要兩個題目才能構成乘積指標；請為其增加題目，或移除該交互項。"),
    "higher_order": ("The product-indicator approach multiplies items: both factors of an interaction must be "
                     "measured by observed items, not by other factors.",
                     "乘积指标法将题目相乘：交互项的两个因子都必须由观测题目测量，而不是由其他因子测量。",
                     "乘積指標法將題目相乘：交互項的兩個因素都必須由觀察題目測量，而非由其他因素測量。"),
    "same": ("An interaction multiplies two different factors (A:B with A ≠ B); quadratic terms are not "
             "supported.",
             "交互项是两个不同因子之积（A:B，A ≠ B）；不支持平方项。",
             "交互項是兩個不同因素之積（A:B，A ≠ B）；不支援平方項。"),
    "three_way": ("Only two-way interactions (A:B) are supported; write each as a separate term.",
                  "只支持二阶交互项（A:B）；请分别写出各项。",
                  "只支援二階交互項（A:B）；請分別寫出各項。"),
    "position": ("An interaction term A:B is a predictor: it may only stand on the right of ~ "
                 "(e.g. 'SAT ~ REL + EMP + REL:EMP').",
                 "交互项 A:B 是预测变量，只能写在 ~ 的右侧（如 'SAT ~ REL + EMP + REL:EMP'）。",
                 "交互項 A:B 是預測變項，只能寫在 ~ 的右側（如 'SAT ~ REL + EMP + REL:EMP'）。"),
    "main_effects": ("An outcome regressed on A:B must also be regressed on A and on B (the simple slopes "
                     "combine the three paths): write 'Y ~ A + B + A:B'.",
                     "以 A:B 为预测变量的结果变量也必须以 A 和 B 为预测变量（简单斜率由这三条路径合成）：请写 'Y ~ A + B + A:B'。",
                     "以 A:B 為預測變項的結果變項也必須以 A 與 B 為預測變項（簡單斜率由這三條路徑合成）：請寫 'Y ~ A + B + A:B'。"),
    "clash": ("The interaction's product factor (A.B) and product items (A1.B1, …) get these names; they are "
              "already used in the model or the data. Rename the variable or column.",
              "交互项的乘积因子（A.B）和乘积题目（A1.B1 等）将使用这些名称，但它们已在模型或数据中使用。请重命名该变量或列。",
              "交互項的乘積因素（A.B）與乘積題目（A1.B1 等）將使用這些名稱，但它們已在模型或資料中使用。請重新命名該變項或欄。"),
    "method": ('Use method="dmc" (double-mean-centering, Lin et al. 2010) or method="rc" (residual centering, '
               'Little et al. 2006).',
               '请使用 method="dmc"（双重均值中心化，Lin 等 2010）或 method="rc"（残差中心化，Little 等 2006）。',
               '請使用 method="dmc"（雙重平均數中心化，Lin 等 2010）或 method="rc"（殘差中心化，Little 等 2006）。'),
    "pairs": ('Use pairs="matched" (matched pairs, Marsh et al. 2004) or pairs="all" (all products, with '
              'residual covariances between products that share an item).',
              '请使用 pairs="matched"（配对乘积，Marsh 等 2004）或 pairs="all"（全部乘积，共享题目的乘积间设残差协方差）。',
              '請使用 pairs="matched"（配對乘積，Marsh 等 2004）或 pairs="all"（全部乘積，共享題目的乘積間設殘差共變數）。'),
    "none": ("This model has no interaction term: write one as 'SAT ~ REL + EMP + REL:EMP', or fit the model "
             "with fit_sem.",
             "该模型没有交互项：请写成 'SAT ~ REL + EMP + REL:EMP'，或用 fit_sem 拟合该模型。",
             "此模型沒有交互項：請寫成 'SAT ~ REL + EMP + REL:EMP'，或以 fit_sem 配適此模型。"),
    "multigroup": ("Latent interactions (A:B) are fitted in one group: a multi-group model (a group column, "
                   "measurement invariance, path comparisons across groups) cannot have them. Fit the "
                   "interaction model for each group separately with fit_sem, or leave the A:B term out of the "
                   "multi-group model.",
                   "潜变量交互项（A:B）只在单组中拟合：多组模型（分组列、测量不变性、组间路径比较）不能含交互项。"
                   "请用 fit_sem 对每组分别拟合交互模型，或在多组模型中去掉 A:B 项。",
                   "潛在交互項（A:B）只在單組中配適：多組模型（分組欄、測量不變性、組間路徑比較）不能含交互項。"
                   "請以 fit_sem 對每組分別配適交互模型，或在多組模型中移除 A:B 項。"),
    "data": ("Pass the data as a pandas DataFrame with one numeric column per item of the model.",
             "请以 pandas DataFrame 提供数据，模型的每个题目一列数值。",
             "請以 pandas DataFrame 提供資料，模型的每個題目一欄數值。"),
    "columns": ("These items of the interaction's factors are not numeric columns of the data; check the "
                "spelling (names are case-sensitive) and recode answers to numbers first.",
                "交互项因子的这些题目不是数据中的数值列；请检查拼写（区分大小写），并先将答案编码为数字。",
                "交互項因素的這些題目不是資料中的數值欄；請檢查拼寫（區分大小寫），並先將答案編碼為數字。"),
}


def _error(kind: str, detail: str, option: str = "model"):
    en, zh, zh_hant = _FIX[kind]
    return invalid_option(option, detail, en, zh, zh_hant)


# --------------------------------------------------------------------------------------------------------
# the expansion
# --------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Interaction:
    """One latent interaction ``a:b``: its product factor ``name`` measured by ``products``
    ((indicator, item of a, item of b), ...) and the outcomes regressed on it."""

    a: str
    b: str
    name: str
    products: tuple[tuple[str, str, str], ...]
    outcomes: tuple[str, ...]
    pairing: str                     # "order", "loadings" or "all"

    @property
    def term(self) -> str:
        return f"{self.a}:{self.b}"

    def to_dict(self) -> dict:
        return {"term": self.term, "a": self.a, "b": self.b, "factor": self.name, "pairing": self.pairing,
                "outcomes": list(self.outcomes),
                "products": [{"indicator": p, "item.a": x, "item.b": z} for p, x, z in self.products]}


@dataclass(frozen=True)
class Expansion:
    """The product-indicator model: the expanded :class:`ModelSpec`, its lavaan ``syntax`` and the
    product columns (``columns``, a frame aligned with the data's rows)."""

    spec: ModelSpec
    syntax: str
    interactions: tuple[Interaction, ...]
    method: str
    pairs: str
    columns: pd.DataFrame = field(repr=False, compare=False)

    @property
    def products(self) -> pd.DataFrame:
        """One row per product indicator: interaction, factor, indicator, item.a, item.b."""
        rows = [{"interaction": i.term, "factor": i.name, "indicator": p, "item.a": x, "item.b": z}
                for i in self.interactions for p, x, z in i.products]
        return pd.DataFrame(rows, columns=PRODUCT_COLUMNS)


def has_interaction(model) -> bool:
    """True when lavaan text ``model`` has an ``A:B`` term outside comments (a ``:=`` is no such term)."""
    if not isinstance(model, str):
        return False
    return any(_TERM_RE.search(_body(line)) for line in model.splitlines())


def without_interactions(model: str) -> str:
    """Lavaan text ``model`` with its ``A:B`` terms left out (a right-hand side of nothing but interaction
    terms drops its line; comments stay): the model's constructs and main paths, for the parts of an
    analysis that read the model's structure rather than fit it (measurement, reliability, mean-score
    regressions).  Text without an interaction comes back unchanged."""
    if not has_interaction(model):
        return model
    lines = []
    for line in model.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        body = _body(line)
        if not _TERM_RE.search(body):
            lines.append(line)
            continue
        cut = _TERM_RE.sub("\0", body)                     # mark, then drop the marks with their '+'
        cut = re.sub(r"[^\s+~]*\*\s*\0", "\0", cut)           # and a modifier of the term (b3*A:B)
        cut = re.sub(r"\s*\+\s*\0|\0\s*\+\s*|\0", "", cut)
        if re.search(r"~\s*$", cut):
            continue
        lines.append(cut + line[len(body):])
    return "\n".join(lines)


def refuse_interaction(model, where: str) -> None:
    """Raise the trilingual error ``where`` (e.g. ``"multigroup"``) when lavaan text ``model`` has an ``A:B``
    term: for the fitting functions that do not build product indicators."""
    if has_interaction(model):
        terms = [m.group(0).strip() for line in model.splitlines() for m in _TERM_RE.finditer(_body(line))]
        raise _error(where, ", ".join(f'"{t}"' for t in terms[:5]))


def _body(line: str) -> str:
    cut = [i for i in (_outside_quotes(line, "#"), _outside_quotes(line, "!")) if i >= 0]
    return line[:min(cut)] if cut else line


def _names_in_text(text: str) -> set[str]:
    out: set[str] = set()
    for line in text.splitlines():
        out.update(_IDENT_RE.findall(re.sub(r"\"[^\"]*\"|'[^']*'", " ", _body(line))))
    return out


def _substitute(text: str) -> tuple[str, dict[str, tuple[str, str]]]:
    """Replace every ``A:B`` outside comments by the product-factor name ``A.B`` → (text, {name: (A, B)})."""
    used = _names_in_text(text)
    terms: dict[str, tuple[str, str]] = {}
    by_pair: dict[frozenset, str] = {}

    def name_of(m: re.Match) -> str:
        a, b, more = m.group(1), m.group(2), m.group(3)
        if more:
            raise _error("three_way", f'"{m.group(0).strip()}"')
        if a == b:
            raise _error("same", f'"{a}:{b}"')
        key = frozenset((a, b))
        if key not in by_pair:
            name = f"{a}.{b}"
            if name in used:
                raise _error("clash", f'"{name}"')
            by_pair[key] = name
            terms[name] = (a, b)
        return by_pair[key]

    lines = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        body = _body(line)
        lines.append(_TERM_RE.sub(name_of, body) + line[len(body):])
    return "\n".join(lines), terms


def _numeric_items(data, items: list[str]) -> np.ndarray:
    if not isinstance(data, pd.DataFrame):
        raise _error("data", f'"{type(data).__name__}"', option="data")
    cols = {str(c): c for c in data.columns}
    bad = [v for v in items if v not in cols or not (pd.api.types.is_numeric_dtype(data[cols[v]])
                                                     and not pd.api.types.is_bool_dtype(data[cols[v]]))]
    if bad:
        raise _error("columns", ", ".join(f'"{b}"' for b in bad[:10]) + (" …" if len(bad) > 10 else ""),
                     option="data")
    return np.column_stack([data[cols[v]].to_numpy(dtype=float, na_value=np.nan) for v in items])


def _centred(X: np.ndarray) -> np.ndarray:
    """Columns minus their means over the observed values (R's ``scale(x, scale = FALSE)``)."""
    with np.errstate(invalid="ignore"):
        return X - np.nanmean(X, axis=0)


def _dmc_products(XA: np.ndarray, XB: np.ndarray, pairs: list[tuple[int, int]]) -> np.ndarray:
    """Double-mean-centred products (Lin et al. 2010): centre the items, multiply, centre the products."""
    A, B = _centred(XA), _centred(XB)
    return _centred(np.column_stack([A[:, i] * B[:, j] for i, j in pairs]))


def _rc_products(XA: np.ndarray, XB: np.ndarray, pairs: list[tuple[int, int]]) -> np.ndarray:
    """Residual-centred products (Little et al. 2006): OLS residuals of each product on all items of both
    factors (with intercept), over the rows where every one of them is observed; NaN elsewhere."""
    A, B = _centred(XA), _centred(XB)
    P = np.column_stack([A[:, i] * B[:, j] for i, j in pairs])
    Z = np.column_stack([np.ones(len(A)), A, B])
    ok = ~np.isnan(Z).any(axis=1)
    out = np.full_like(P, np.nan)
    coef, *_ = np.linalg.lstsq(Z[ok], P[ok], rcond=None)
    out[ok] = P[ok] - Z[ok] @ coef
    return out


def _products(method: str, XA: np.ndarray, XB: np.ndarray, pairs) -> np.ndarray:
    return _rc_products(XA, XB, pairs) if method == "rc" else _dmc_products(XA, XB, pairs)


def _product_columns(interactions, measurement, method: str, data: pd.DataFrame) -> pd.DataFrame:
    """The product columns of ``interactions`` built from the items in ``data`` (a frame on data's index)."""
    cols: dict[str, np.ndarray] = {}
    for inter in interactions:
        items_a, items_b = list(measurement[inter.a]), list(measurement[inter.b])
        XA, XB = _numeric_items(data, items_a), _numeric_items(data, items_b)
        idx = [(items_a.index(x), items_b.index(z)) for _, x, z in inter.products]
        P = _products(method, XA, XB, idx)
        for k, (p, _, _) in enumerate(inter.products):
            cols[p] = P[:, k]
    return pd.DataFrame(cols, index=data.index)


def _ranked(items: tuple[str, ...], loadings: dict[str, float]) -> list[str]:
    order = sorted(range(len(items)), key=lambda k: (-loadings[items[k]], k))
    return [items[k] for k in order]


def _pairing(a, b, items_a, items_b, pairs, data, estimator, missing) -> tuple[list[tuple[str, str]], str]:
    if pairs == "all":
        return [(x, z) for x in items_a for z in items_b], "all"
    if len(items_a) == len(items_b):
        return list(zip(items_a, items_b)), "order"
    from .fit import cfa
    res = cfa({a: list(items_a), b: list(items_b)}, data, estimator=estimator, missing=missing)
    lam = {(r.lhs, r.rhs): r["std.all"] for _, r in res.parameters.iterrows() if r.op == "=~"}
    ra = _ranked(items_a, {v: lam[(a, v)] for v in items_a})
    rb = _ranked(items_b, {v: lam[(b, v)] for v in items_b})
    k = min(len(ra), len(rb))
    return list(zip(ra[:k], rb[:k])), "loadings"


def expand(model: str, data: pd.DataFrame, method: str = "dmc", pairs: str = "matched", *,
           estimator: str = "ML", missing: str = "listwise") -> Expansion:
    """The product-indicator model of lavaan text ``model`` with ``A:B`` terms, and its product columns.

    ``estimator``/``missing`` only serve the CFA that ranks the items for matched pairs of unequal length.
    Raises :class:`research.errors.OptionError` for the problems listed in the module docstring.
    """
    if not isinstance(method, str) or method.lower() not in METHODS:
        raise _error("method", f'"{method}"', option="method")
    if not isinstance(pairs, str) or pairs.lower() not in PAIRS:
        raise _error("pairs", f'"{pairs}"', option="pairs")
    method, pairs = method.lower(), pairs.lower()
    if not isinstance(model, str):
        parse_model(model)                      # the parser's own error for a non-text model
        raise _error("none", f'"{type(model).__name__}"')
    text, terms = _substitute(model)
    if not terms:
        raise _error("none", '":"')
    spec = parse_model(text)
    def shown(v: str) -> str:
        return f"{terms[v][0]}:{terms[v][1]}" if v in terms else v

    for s in spec.statements:
        if s.lhs in terms or (s.rhs in terms and s.op != "~"):
            raise _error("position", f'"{shown(s.lhs)} {s.op} {shown(s.rhs)}"'.replace(" ~1 ", " ~ 1"))
    measurement = spec.measurement
    latent = set(spec.latent)
    regressions = spec.regressions
    interactions: list[Interaction] = []
    product_pairs: list[list[tuple[str, str]]] = []
    for name, (a, b) in terms.items():
        for f in (a, b):
            if f not in latent:
                kind = "observed" if f in spec.observed or (isinstance(data, pd.DataFrame)
                                                             and f in map(str, data.columns)) else "unknown"
                raise _error(kind, f'"{a}:{b}"' if kind == "observed" else f'"{f}"')
            items = measurement[f]
            if any(v in latent for v in items):
                raise _error("higher_order", f'"{f} =~ {" + ".join(items)}"')
            if len(items) < 2:
                raise _error("one_item", f'"{f} =~ {items[0]}"')
        outcomes = tuple(y for y, xs in regressions.items() if name in xs)
        for y in outcomes:
            missing_main = [f for f in (a, b) if f not in regressions[y]]
            if missing_main:
                raise _error("main_effects", f'"{y} ~ {a} + {b} + {a}:{b}"')
        prs, how = _pairing(a, b, measurement[a], measurement[b], pairs, data, estimator, missing)
        products = tuple((f"{x}.{z}", x, z) for x, z in prs)
        interactions.append(Interaction(a, b, name, products, outcomes, how))
        product_pairs.append(prs)

    # new names must be new (a product item may appear in the user's own ~~ statements, e.g. an extra
    # residual covariance)
    in_data = set(map(str, data.columns)) if isinstance(data, pd.DataFrame) else set()
    taken = {v for s in spec.statements if s.op != "~~" for v in (s.lhs, s.rhs)} | in_data
    new = [p for i in interactions for p, _, _ in i.products]
    clash = [v for v in new if v in taken] + [v for k, v in enumerate(new) if v in new[:k]]
    clash += [i.name for i in interactions if i.name in in_data]     # the model text was checked before
    if clash:
        raise _error("clash", ", ".join(f'"{c}"' for c in clash[:10]))

    # product columns, in a frame of their own (the caller's data stay as they are)
    columns = _product_columns(interactions, measurement, method, data)

    # the expanded model: A.B =~ products after the last =~ of A or B; shared-item residual covariances;
    # RC's orthogonality
    statements = list(spec.statements)
    for inter in interactions:
        last = max(k for k, s in enumerate(statements) if s.op == "=~" and s.lhs in (inter.a, inter.b))
        new_stmts = [Statement(inter.name, "=~", p) for p, _, _ in inter.products]
        statements[last + 1:last + 1] = new_stmts
    extra: list[Statement] = []
    for inter in interactions:
        if pairs == "all":
            prods = inter.products
            for k, (p, x, z) in enumerate(prods):
                for p2, x2, z2 in prods[k + 1:]:
                    if x == x2 or z == z2:
                        extra.append(Statement(p, "~~", p2))
        if method == "rc":
            extra += [Statement(inter.name, "~~", inter.a, fixed=0.0),
                      Statement(inter.name, "~~", inter.b, fixed=0.0)]
    known = {s.key for s in statements}
    extra = [s for s in extra if s.key not in known]          # the user's own statement wins
    expanded = ModelSpec(statements=tuple(statements + extra), defined=spec.defined, constraints=spec.constraints)
    syntax = expanded.to_lavaan()
    expanded = parse_model(syntax)                               # checked like any model text
    return Expansion(spec=expanded, syntax=syntax, interactions=tuple(interactions), method=method, pairs=pairs,
                     columns=columns)


# --------------------------------------------------------------------------------------------------------
# the fit and its simple slopes
# --------------------------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class InteractionResult:
    """A product-indicator fit: ``sem`` (the :class:`~research.sem.fit.SemResult` of the expanded model),
    the ``expansion`` (products, syntax) and the ``simple_slopes`` table.

    ``parameters``, ``standardized``, ``fit``, ``r2``, ``warnings`` are the SEM's (lavaan vocabulary; the
    product factor appears as ``A.B``); ``syntax`` is the fitted lavaan model; ``products`` lists the
    product indicators.
    """

    sem: object
    expansion: Expansion
    simple_slopes: pd.DataFrame

    @property
    def parameters(self) -> pd.DataFrame:
        return self.sem.parameters

    @property
    def standardized(self) -> pd.DataFrame:
        return self.sem.standardized

    @property
    def fit(self) -> dict:
        return self.sem.fit

    @property
    def r2(self) -> dict:
        return self.sem.r2

    @property
    def warnings(self) -> tuple:
        return self.sem.warnings

    @property
    def syntax(self) -> str:
        return self.expansion.syntax

    @property
    def products(self) -> pd.DataFrame:
        return self.expansion.products

    @property
    def method(self) -> str:
        return self.expansion.method

    @property
    def pairs(self) -> str:
        return self.expansion.pairs

    def table(self, kind: str = "parameters") -> pd.DataFrame:
        """A tidy copy: ``simple_slopes``, ``products``, or any kind of :meth:`SemResult.table`
        (``parameters`` (default), ``standardized``, ``defined``, ``fit``, ``r2``)."""
        if kind == "simple_slopes":
            return self.simple_slopes.copy()
        if kind == "products":
            return self.products.copy()
        return self.sem.table(kind)

    def summary_dict(self, bootstrap: pd.DataFrame | None = None, ci: str | None = None) -> dict:
        """The interaction part alone (method, pairs, syntax, interactions, simple slopes), JSON-safe.

        Each slope row has ``ci.method``: ``"delta"`` (the Wald CI of the delta-method SE).  With
        ``bootstrap`` (a bootstrap's slopes table, :attr:`research.bootstrap.BootstrapResult.simple_slopes`)
        ``ci.lower``/``ci.upper`` are the bootstrap CI (``ci.method`` = ``ci``, e.g. "percentile"), with
        ``boot.se``, and the Wald CI is kept as ``delta.ci.lower``/``delta.ci.upper`` — as results.json's
        effects rows are written.
        """
        from .fit import _json
        rows = []
        for k, rec in enumerate(self.simple_slopes.to_dict(orient="records")):
            rec["ci.method"] = "delta"
            if bootstrap is not None:
                b = bootstrap.iloc[k]
                rec["delta.ci.lower"], rec["delta.ci.upper"] = rec["ci.lower"], rec["ci.upper"]
                rec["ci.lower"], rec["ci.upper"] = b["boot.ci.lower"], b["boot.ci.upper"]
                rec["boot.se"] = b["boot.se"]
                rec["ci.method"] = ci or "bootstrap"
            rows.append({key: _json(v) for key, v in rec.items()})
        return {
            "method": self.method, "pairs": self.pairs, "syntax": self.syntax,
            "interactions": [i.to_dict() for i in self.expansion.interactions],
            "simple_slopes": rows,
        }

    def to_dict(self) -> dict:
        """JSON-safe: :meth:`summary_dict` plus the SEM's ``to_dict()`` under ``sem``."""
        return {**self.summary_dict(), "sem": self.sem.to_dict()}


def fit_interaction(model: str, data: pd.DataFrame, method: str = "dmc", pairs: str = "matched",
                    estimator: str = "ML", *, missing: str = "listwise", start: str = "simple") -> InteractionResult:
    """Fit a CB-SEM with latent interactions ``A:B`` by product indicators (see the module docstring).

    ``method``: ``"dmc"`` (double-mean-centering, Lin et al. 2010; default) or ``"rc"`` (residual
    centering, Little et al. 2006).  ``pairs``: ``"matched"`` (Marsh et al. 2004; default) or ``"all"``.
    ``estimator`` (``"ML"``/``"MLR"``), ``missing`` and ``start`` as :func:`research.sem.fit_sem`.
    Matches lavaan 0.6-14 fitting the products of ``semTools::indProd`` and the simple slopes of
    ``semTools::probe2WayMC`` (DMC) / ``probe2WayRC`` (RC).
    """
    from .fit import _check_options, fit_sem
    estimator, missing = _check_options(estimator, missing, start)
    exp = expand(model, data, method, pairs, estimator=estimator, missing=missing)
    frame = data.copy()
    for c in exp.columns.columns:
        frame[c] = exp.columns[c].to_numpy()
    sem = fit_sem(exp.spec, frame, estimator=estimator, missing=missing, start=start)
    return InteractionResult(sem=sem, expansion=exp, simple_slopes=simple_slopes(sem, exp))


def _rc_to_uncentred(beta: np.ndarray, V: np.ndarray, Phi: np.ndarray, mu: np.ndarray, psi_y: float):
    """Residual-centred paths (A, B, A.B) → the uncentred product model's paths and their rescaled ACOV
    (Geldhof et al. 2013, as semTools::probe2WayRC computes them): the product's moments under normal
    factors, E(AB) = μaμb + φab, Var(AB) = μa²φbb + μb²φaa + 2μaμbφab + φaaφbb + φab²,
    Cov(A, AB) = μaφab + μbφaa, Cov(B, AB) = μaφbb + μbφab."""
    pa, pb, pab = Phi[0, 0], Phi[1, 1], Phi[0, 1]
    ma, mb = mu[0], mu[1]
    Phi_nc = Phi.copy()
    Phi_nc[2, 2] = ma ** 2 * pb + mb ** 2 * pa + 2 * ma * mb * pab + pa * pb + pab ** 2
    Phi_nc[0, 2] = Phi_nc[2, 0] = ma * pab + mb * pa
    Phi_nc[1, 2] = Phi_nc[2, 1] = ma * pb + mb * pab
    mu_nc = np.array([ma, mb, ma * mb + pab])
    cov_y = (Phi @ beta)[:2]
    b_nc = np.empty(3)
    b_nc[:2] = np.linalg.solve(Phi[:2, :2], cov_y - Phi_nc[:2, 2] * beta[2])
    b_nc[2] = beta[2]
    var_y = float(beta @ Phi @ beta) + psi_y
    psi_nc = var_y - float(b_nc @ Phi_nc @ b_nc)
    M_rc = Phi + np.outer(mu, mu)
    M_nc = Phi_nc + np.outer(mu_nc, mu_nc)
    V_nc = (psi_nc / psi_y) * V @ M_rc @ np.linalg.inv(M_nc)
    return b_nc, V_nc


def _slope_values(expansion: Expansion, partable, index: dict, est: np.ndarray, V_all: np.ndarray,
                  mu_all: np.ndarray, vcov: np.ndarray | None):
    """(row keys, estimates, variances, w) of every simple slope, from the row estimates ``est`` of the
    parameter table, the model-implied covariances ``V_all`` and means ``mu_all`` of all variables (RAM
    order, ``index``) and the free parameters' ACOV ``vcov`` (None: variances NaN — a bootstrap resample)."""
    keys, ests, variances, ws = [], [], [], []
    where = {(r.lhs, r.op, r.rhs): k for k, r in enumerate(partable.rows)}
    for inter in expansion.interactions:
        lat = [index[v] for v in (inter.a, inter.b, inter.name)]
        Phi, mu = V_all[np.ix_(lat, lat)], mu_all[lat]
        for y in inter.outcomes:
            rows = [where[(y, "~", x)] for x in (inter.a, inter.b, inter.name)]
            beta = est[rows].astype(float)
            V = np.zeros((3, 3))
            if vcov is not None:
                free = [partable.rows[k].free - 1 for k in rows]
                for i, fi in enumerate(free):
                    for j, fj in enumerate(free):
                        if fi >= 0 and fj >= 0:
                            V[i, j] = vcov[fi, fj]
            if expansion.method == "rc":
                beta, V = _rc_to_uncentred(beta, V, Phi, mu, float(est[where[(y, "~~", y)]]))
            for focal, moderator, f, m in ((inter.a, inter.b, 0, 1), (inter.b, inter.a, 1, 0)):
                sd = math.sqrt(Phi[m, m]) if Phi[m, m] > 0 else float("nan")
                for level, k in LEVELS:
                    w = k * sd
                    keys.append((inter.term, y, focal, moderator, level))
                    ests.append(beta[f] + beta[2] * w)
                    variances.append(V[f, f] + 2 * w * V[f, 2] + w * w * V[2, 2] if vcov is not None else np.nan)
                    ws.append(w)
    return keys, np.array(ests, dtype=float), np.array(variances, dtype=float), np.array(ws, dtype=float)


def _all_moments(ram, theta: np.ndarray, S: np.ndarray, M: np.ndarray | None, means: bool):
    """Model-implied covariances and means of all variables (means 0 without a mean structure)."""
    V = ram.total_cov(theta, S)
    mu = ram.total_mean(theta, S, M) if means else np.zeros(V.shape[0])
    return V, mu


def slope_estimates(sem, theta: np.ndarray, S: np.ndarray, M: np.ndarray | None = None) -> np.ndarray:
    """The simple slopes of ``sem`` (a product-indicator SemResult with ``interaction``) at the parameters
    ``theta`` and sample moments ``S`` (and ``M``): the ``est`` column of :func:`simple_slopes` for another
    set of estimates — a bootstrap resample's, where the moderator's SD is the resample's model-implied SD."""
    from .standardize import row_estimates
    ram = sem.model
    means = bool(sem.partable.meanstructure or sem.missing == "fiml")
    V_all, mu_all = _all_moments(ram, theta, S, M, means)
    _, est, _, _ = _slope_values(_interaction_of(sem).expansion, sem.partable, ram.index,
                                 row_estimates(ram, theta, S, M), V_all, mu_all, None)
    return est


def slope_names(sem) -> list[str]:
    """A label per simple slope, in the order of :func:`simple_slopes` (e.g. "SAT ~ REL | EMP = +1 SD")."""
    return [f"{y} ~ {focal} | {moderator} = {level}"
            for _, y, focal, moderator, level in
            ((r.interaction, r.outcome, r.focal, r.moderator, r.level)
             for r in _interaction_of(sem).simple_slopes.itertuples(index=False))]


def simple_slopes(sem, expansion: Expansion) -> pd.DataFrame:
    """Simple slopes of every interaction of ``expansion`` in the fitted ``sem`` (see the module docstring)."""
    ram = sem.model
    S = sem.sample_cov.to_numpy()
    means = bool(sem.partable.meanstructure or sem.missing == "fiml")
    M = None if sem.sample_mean is None else sem.sample_mean.to_numpy()
    V_all, mu_all = _all_moments(ram, sem.theta, S, M, means)
    keys, est, var, ws = _slope_values(expansion, sem.partable, ram.index, sem.parameters["est"].to_numpy(float),
                                       V_all, mu_all, np.asarray(sem.vcov, dtype=float))
    rows = []
    for (term, y, focal, moderator, level), e, v, w in zip(keys, est, var, ws):
        se = math.sqrt(v) if v > 0 else float("nan")
        z = e / se if se > 0 else float("nan")
        p = 2 * stats.norm.sf(abs(z)) if np.isfinite(z) else float("nan")
        rows.append({"interaction": term, "outcome": y, "focal": focal, "moderator": moderator, "level": level,
                     "w": w, "est": e, "se": se, "z": z, "pvalue": p,
                     "ci.lower": e - Z975 * se, "ci.upper": e + Z975 * se})
    return pd.DataFrame(rows, columns=SLOPE_COLUMNS)


# --------------------------------------------------------------------------------------------------------
# the user's data again: product columns rebuilt for factor scores, residuals, the bootstrap
# --------------------------------------------------------------------------------------------------------
def _interaction_of(result) -> "InteractionResult | None":
    """The :class:`InteractionResult` of ``result`` (itself, or a SemResult's ``interaction``), else None."""
    if isinstance(result, InteractionResult):
        return result
    inter = getattr(result, "interaction", None)
    return inter if isinstance(inter, InteractionResult) else None


def with_products(result, data: pd.DataFrame) -> pd.DataFrame:
    """``data`` with the product columns of ``result``'s latent interactions, built from its items as the
    fit built them (same method, pairs and centring, over these rows); ``data`` itself when ``result`` has
    no interaction.  The caller's frame is never modified (a copy gets the columns; columns of the same
    names are replaced: the products are always those of the items).

    For code that reads the fitted model's observed variables from the user's data (factor scores,
    residual diagnostics, modification indices): the product indicators are not columns of the user's data.
    """
    inter = _interaction_of(result)
    if inter is None:
        return data
    exp = inter.expansion
    cols = _product_columns(exp.interactions, exp.spec.measurement, exp.method, data)
    frame = data.copy()
    for c in cols.columns:
        frame[c] = cols[c].to_numpy()
    return frame


@dataclass(frozen=True)
class ProductBuilder:
    """How a product-indicator fit builds its observed variables from the user's columns, by position: a
    bootstrap resample's rows (``raw``: the model's data columns, in that order) become the fitted model's
    observed variables (``names``, the ``ov_names``) with the products formed anew — centred on the
    resample (DMC), or residualised on the resample's items (RC).  Picklable (for worker processes)."""

    names: tuple[str, ...]
    raw: tuple[str, ...]
    raw_pos: tuple[int, ...]
    method: str
    # per interaction: (positions in raw of A's items, of B's items, (i, j) pairs within them, positions in names)
    blocks: tuple

    def full(self, R: np.ndarray) -> np.ndarray:
        """Rows × ``raw`` → rows × ``names`` (NaN products where an item is missing, or RC's incomplete rows)."""
        out = np.empty((R.shape[0], len(self.names)))
        out[:, list(self.raw_pos)] = R
        for ia, ib, prs, pos in self.blocks:
            with np.errstate(all="ignore"):
                out[:, list(pos)] = _products(self.method, R[:, list(ia)], R[:, list(ib)], list(prs))
        return out


def product_builder(result) -> ProductBuilder:
    """The :class:`ProductBuilder` of a product-indicator fit (``fit_sem`` with ``A:B`` or ``fit_interaction``)."""
    inter = _interaction_of(result)
    sem = inter.sem if isinstance(result, InteractionResult) else result
    exp = inter.expansion
    names = tuple(sem.partable.ov_names)
    made = {p for i in exp.interactions for p, _, _ in i.products}
    raw = tuple(v for v in names if v not in made)
    blocks = []
    for i in exp.interactions:
        items_a, items_b = list(exp.spec.measurement[i.a]), list(exp.spec.measurement[i.b])
        prs = tuple((items_a.index(x), items_b.index(z)) for _, x, z in i.products)
        blocks.append((tuple(raw.index(v) for v in items_a), tuple(raw.index(v) for v in items_b), prs,
                       tuple(names.index(p) for p, _, _ in i.products)))
    return ProductBuilder(names=names, raw=raw, raw_pos=tuple(names.index(v) for v in raw), method=exp.method,
                          blocks=tuple(blocks))


def as_sem_result(res: InteractionResult):
    """The SEM of ``res`` with ``interaction`` set to ``res`` (what ``fit_sem`` returns for an A:B model)."""
    return replace(res.sem, interaction=res)
