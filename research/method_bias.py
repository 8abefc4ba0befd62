"""Common method bias beyond Harman's test: the single-factor CFA, the
unmeasured latent method construct, the marker-variable correction and
full-collinearity VIFs.

Harman's single-factor test (:func:`research.validity.harman`) is weak
evidence either way (Podsakoff, MacKenzie, Lee & Podsakoff 2003, J. Appl.
Psychol. 88, 879–903).  The four checks here are the ones reviewers ask for
next; each is one function that takes a DataFrame and column names (or a
mapping construct → items), checks its input once and returns a small frozen
result with ``.table()`` (tidy DataFrame) and ``.to_dict()`` (JSON-safe):

>>> constructs = {"visual": ["x1", "x2", "x3"], "textual": ["x4", "x5", "x6"], "speed": ["x7", "x8", "x9"]}
>>> single_factor_cfa(df, constructs).table()         # measurement model vs one factor: Δχ², ΔCFI, ΔRMSEA
>>> method_factor(df, constructs).table()             # ULMC/CLF: per item trait and method variance
>>> marker_variable(df, ["x1", "x4", "x7"], "x9").table()   # Lindell & Whitney 2001 correction
>>> full_collinearity_vif(df, constructs).table()     # Kock 2015: VIF of every construct score < 3.3

The CFA models are fitted by :mod:`research.sem` (lavaan 0.6-14's numbers):
``estimator="ML"`` or ``"MLR"``, ``missing="listwise"`` (lavaan's default) or
``"fiml"``.  Differences of fits are written "model minus measurement model"
(ΔCFI < 0: the model fits worse than the measurement model); Δχ² is always
χ²(more restricted) − χ²(less restricted), with lavaan's ``lavTestLRT``
conventions (the Satorra–Bentler 2001 scaled difference with MLR).

Every latent and item name must be a lavaan name (ASCII letter first, then
letters, digits, ``_`` or ``.``), since the models are written in lavaan
syntax.
"""
from __future__ import annotations

import hashlib
import math
import re
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import optimize, stats

from .errors import invalid_data as _data_error
from .errors import invalid_option as _invalid
from .jsonsafe import jsonable as _json
from .regression import construct_scores
from .sem import RamModel, SemResult, SemWarning, build_partable, fit_sem, parse_model
from .sem.threads import single_threaded
from .validity import _check_choice, _check_constructs, _check_frame, _check_items, _check_variance, _numeric, \
    _too_few_rows

ALPHA = 0.05                 # significance level of the difference tests
DELTA_CFI = 0.01             # a non-trivial change in CFI (Cheung & Rensvold 2002)
KOCK_VIF = 3.3               # full-collinearity VIF threshold (Kock & Lynn 2012; Kock 2015)
ESTIMATORS = ("ML", "MLR")
MISSING_CFA = ("listwise", "fiml")
MISSING_MARKER = ("listwise", "pairwise")
LOADINGS = ("free", "equal")
R_M_RULES = ("smallest", "second_smallest")

SOURCE_SINGLE = ("Podsakoff, MacKenzie, Lee & Podsakoff 2003 (single-factor CFA); "
                 "Cheung & Rensvold 2002 (ΔCFI .01)")
SOURCE_ULMC = ("Podsakoff, MacKenzie, Lee & Podsakoff 2003 (unmeasured latent method factor); "
               "Liang, Saraf, Hu & Xue 2007 (substantive vs method variance)")
SOURCE_MARKER = "Lindell & Whitney 2001"
SOURCE_VIF = "Kock & Lynn 2012; Kock 2015"

_NAME_RE = re.compile(r"[A-Za-z][A-Za-z0-9_.]*\Z")
_FIT_NAMES = ("npar", "chisq", "df", "pvalue", "cfi", "tli", "rmsea", "rmsea.ci.lower", "rmsea.ci.upper", "srmr",
              "aic", "bic")
_ROBUST_NAMES = ("chisq.scaled", "df.scaled", "pvalue.scaled", "chisq.scaling.factor", "cfi.robust", "tli.robust",
                 "rmsea.robust")
# exploratory starts of the method-factor model: share of each item's variance given to the method factor
_START_SHARES = (0.02, 0.10, 0.25)
_VANISHED = 1e-8             # a method variance this small: the method factor has collapsed to zero


# --------------------------------------------------------------------------
# input checks
# --------------------------------------------------------------------------

def _check_estimator(estimator) -> str:
    if not isinstance(estimator, str) or estimator.upper() not in ESTIMATORS:
        raise _invalid("estimator", repr(estimator)[:60],
                       'Use estimator="ML" or estimator="MLR" (robust, with the Satorra–Bentler scaled Δχ²).',
                       '请使用 estimator="ML" 或 estimator="MLR"（稳健估计，Δχ² 采用 Satorra–Bentler 校正）。',
                       '請使用 estimator="ML" 或 estimator="MLR"（穩健估計，Δχ² 採用 Satorra–Bentler 校正）。')
    return estimator.upper()


def _check_missing_cfa(missing) -> str:
    aliases = {"listwise": "listwise", "fiml": "fiml", "ml": "fiml"}
    if not isinstance(missing, str) or missing.lower() not in aliases:
        raise _invalid("missing", repr(missing)[:60],
                       'Use missing="listwise" (drop incomplete rows, lavaan\'s default) or missing="fiml".',
                       '请使用 missing="listwise"（删除不完整的行，lavaan 默认）或 missing="fiml"。',
                       '請使用 missing="listwise"（刪除不完整的列，lavaan 預設）或 missing="fiml"。')
    return aliases[missing.lower()]


def _check_names(names, option: str) -> None:
    for name in names:
        if not isinstance(name, str) or not _NAME_RE.match(name) or name == "NA":
            raise _invalid(option, repr(name)[:60],
                           "The models are written in lavaan syntax, so construct and item names must start with an "
                           "ASCII letter followed by letters, digits, '_' or '.' (e.g. ECO1); rename the columns or "
                           "the constructs.",
                           "模型以 lavaan 语法书写，构念名和题目名必须以英文字母开头，后接字母、数字、“_”或“.”（如 ECO1）；"
                           "请重命名列或构念。",
                           "模型以 lavaan 語法撰寫，構念名稱與題目名稱必須以英文字母開頭，後接字母、數字、「_」或「.」"
                           "（如 ECO1）；請重新命名欄位或構念。", column=name if isinstance(name, str) else None)


def _prepare_cfa(data, constructs) -> tuple[dict, list]:
    _check_frame(data)
    blocks = _check_constructs(data, constructs)
    _check_names(list(blocks), "constructs")
    items = [it for b in blocks.values() for it in b]
    _check_names(items, "constructs")
    x = _numeric(data, items)
    _check_variance(x)
    return blocks, items


def _fresh_name(base: str, taken) -> str:
    taken = set(taken)
    name, k = base, 1
    while name in taken:
        name, k = f"{base}{k}", k + 1
    return name


# --------------------------------------------------------------------------
# shared pieces of the CFA comparisons
# --------------------------------------------------------------------------

def _measurement_syntax(blocks: Mapping) -> str:
    return "\n".join(f"{f} =~ " + " + ".join(items) for f, items in blocks.items())


def _indices(estimator: str) -> tuple[str, str, str]:
    """The CFI, TLI and RMSEA a comparison uses: lavaan's robust ones with MLR (Brosseau-Liard & Savalei 2014)."""
    return ("cfi.robust", "tli.robust", "rmsea.robust") if estimator == "MLR" else ("cfi", "tli", "rmsea")


def _fit_row(name: str, res: SemResult | None, estimator: str) -> dict:
    names = _FIT_NAMES + (_ROBUST_NAMES if estimator == "MLR" else ())
    row = {"model": name}
    for k in names:
        row[k] = np.nan if res is None else float(res.fit.get(k, np.nan))
    return row


def _difference(restricted: SemResult, free: SemResult, estimator: str) -> dict:
    """Δχ² of nested models as lavaan 0.6-14's ``lavTestLRT``.

    ML: Δχ² = χ²₀ − χ²₁ on Δdf = df₀ − df₁, with the RMSEA of the difference
    √max(0, Δχ²/(N·Δdf) − 1/N) that lavaan prints.  MLR: the Satorra–Bentler
    (2001) scaled difference (lavaan's default ``method = "satorra.bentler.2001"``
    for Yuan–Bentler scaled tests): c_d = (df₀c₀ − df₁c₁)/Δdf from the scaling
    factors c of the two fits, T_d = (χ²₀ − χ²₁)/c_d on Δdf (c_d < 0: NA, as lavaan).
    """
    T0, r0 = float(restricted.fit["chisq"]), int(restricted.fit["df"])
    T1, r1 = float(free.fit["chisq"]), int(free.fit["df"])
    m = r0 - r1
    d = T0 - T1
    n = float(free.fit.get("ntotal", free.n))
    out = {"chisq.diff": d, "df.diff": m, "pvalue": np.nan, "method": "standard", "scaling.factor": np.nan,
           "rmsea.diff": np.nan, "chisq.diff.unscaled": d}
    if m <= 0:
        return out
    if estimator == "MLR":
        c0 = float(restricted.fit.get("chisq.scaling.factor", np.nan))
        c1 = float(free.fit.get("chisq.scaling.factor", np.nan)) if r1 > 0 else 1.0
        cd = (r0 * c0 - r1 * c1) / m
        out["method"] = "satorra.bentler.2001"
        if not (np.isfinite(cd) and cd > 0):
            out["chisq.diff"] = np.nan
            return out
        out["scaling.factor"] = cd
        out["chisq.diff"] = d / cd
        out["pvalue"] = float(stats.chi2.sf(d / cd, m))
        return out
    out["pvalue"] = float(stats.chi2.sf(d, m)) if d >= 0 else 1.0
    out["rmsea.diff"] = math.sqrt(max(0.0, d / (n * m) - 1.0 / n))
    return out


def _deltas(model: SemResult | None, base: SemResult, estimator: str) -> dict:
    cfi, tli, rmsea = _indices(estimator)
    out = {}
    for key, name in (("delta.cfi", cfi), ("delta.tli", tli), ("delta.rmsea", rmsea), ("delta.srmr", "srmr")):
        out[key] = np.nan if model is None else float(model.fit.get(name, np.nan)) - float(base.fit.get(name, np.nan))
    return out


def _note(code: str, en: str, zh: str, zh_hant: str) -> SemWarning:
    return SemWarning(code, en, zh, zh_hant)


def _nesting_notes(test: dict) -> list:
    notes = []
    if np.isfinite(test["chisq.diff.unscaled"]) and test["chisq.diff.unscaled"] < -(np.finfo(float).eps ** (1 / 3)):
        notes.append(_note(
            "not_nested",
            "The more restricted model fits better than the less restricted one: the models are not nested, or the "
            "less restricted model did not reach its global optimum (lavaan warns likewise).",
            "约束较多的模型反而拟合更好：两个模型并非嵌套，或约束较少的模型未达到全局最优（lavaan 也会给出同样警告）。",
            "限制較多的模型反而適配更好：兩個模型並非巢套，或限制較少的模型未達到全域最佳解（lavaan 也會給出同樣警告）。"))
    if test["method"] == "satorra.bentler.2001" and not np.isfinite(test["chisq.diff"]):
        notes.append(_note(
            "scaling_negative",
            "The Satorra–Bentler scaling factor of the difference is negative, so the scaled Δχ² is not defined "
            "(lavaan reports NA too); compare the models by their fit indices.",
            "差异检验的 Satorra–Bentler 校正因子为负，校正后的 Δχ² 无定义（lavaan 同样报告 NA）；请以拟合指数比较模型。",
            "差異檢定的 Satorra–Bentler 校正因子為負，校正後的 Δχ² 無定義（lavaan 同樣回報 NA）；請以適配指標比較模型。"))
    return notes


_FITS: "OrderedDict[tuple, SemResult]" = OrderedDict()      # the last few fits (results are immutable)
_FITS_LOCK = threading.Lock()


def _fit(syntax: str, data: pd.DataFrame, estimator: str, missing: str) -> SemResult:
    """``fit_sem`` of ``syntax``; the same model on the same data is fitted once (the single-factor CFA and
    the method factor both compare with the measurement model)."""
    key = (syntax, estimator, missing, tuple(map(str, data.columns)),
           hashlib.sha256(pd.util.hash_pandas_object(data, index=True).to_numpy().tobytes()).hexdigest())
    with _FITS_LOCK:
        hit = _FITS.get(key)
    if hit is not None:
        return hit
    res = fit_sem(syntax, data, estimator=estimator, missing=missing, start="simple")
    with _FITS_LOCK:
        _FITS[key] = res
        while len(_FITS) > 2:
            _FITS.popitem(last=False)
    return res


# --------------------------------------------------------------------------
# 1. single-factor CFA
# --------------------------------------------------------------------------

VERDICT_SINGLE = {
    True: {"en": "the single-factor model fits clearly worse: no dominant method factor",
           "zh-Hans": "单因子模型拟合明显更差：不存在主导的共同方法因子",
           "zh-Hant": "單因子模型適配明顯較差：不存在主導的共同方法因素"},
    False: {"en": "the single-factor model does not fit clearly worse: a common factor may dominate",
            "zh-Hans": "单因子模型拟合并未明显变差：可能存在主导的共同因子",
            "zh-Hant": "單因子模型適配並未明顯變差：可能存在主導的共同因素"},
    None: {"en": "no verdict: the difference test is not defined (compare the fit indices)",
           "zh-Hans": "无法判断：差异检验无定义（请比较拟合指数）",
           "zh-Hant": "無法判斷：差異檢定無定義（請比較適配指標）"},
}


@dataclass(frozen=True, eq=False)
class SingleFactorCFA:
    """The result of :func:`single_factor_cfa`."""

    measurement: SemResult
    single: SemResult
    test: dict
    deltas: dict
    estimator: str
    missing: str
    factor: str
    notes: tuple = ()
    alpha: float = ALPHA
    delta_cfi: float = DELTA_CFI

    @property
    def passed(self) -> bool | None:
        """True when the single-factor model fits significantly (p < .05) and clearly (ΔCFI ≤ −.01) worse;
        None when the difference test is undefined (a negative Satorra–Bentler scaling factor)."""
        p, dcfi = self.test["pvalue"], self.deltas["delta.cfi"]
        if not (np.isfinite(p) and np.isfinite(dcfi)):
            return None
        return bool(p < self.alpha and dcfi <= -self.delta_cfi)

    @property
    def verdict(self) -> dict:
        return VERDICT_SINGLE[self.passed]

    @property
    def n(self) -> int:
        return int(self.measurement.n)

    def table(self) -> pd.DataFrame:
        """One row per model (fit measures), then a row with the differences (single − measurement)."""
        rows = [_fit_row("measurement", self.measurement, self.estimator),
                _fit_row("single_factor", self.single, self.estimator)]
        t = pd.DataFrame(rows)
        diff = {"model": "difference", "chisq.diff": self.test["chisq.diff"], "df.diff": self.test["df.diff"],
                "pvalue.diff": self.test["pvalue"], **self.deltas}
        return pd.concat([t, pd.DataFrame([diff])], ignore_index=True)

    def to_dict(self) -> dict:
        return _json({
            "statistic": "single_factor_cfa", "estimator": self.estimator, "missing": self.missing, "n": self.n,
            "factor": self.factor,
            "fits": {"measurement": _fit_row("measurement", self.measurement, self.estimator),
                     "single_factor": _fit_row("single_factor", self.single, self.estimator)},
            "test": self.test, "deltas": self.deltas, "passed": self.passed, "verdict": self.verdict,
            "rule": f"single-factor model worse: p(Δχ²) < {self.alpha} and ΔCFI ≤ −{self.delta_cfi}",
            "source": SOURCE_SINGLE,
            "warnings": {"measurement": [w.to_dict() for w in self.measurement.warnings],
                         "single_factor": [w.to_dict() for w in self.single.warnings]},
            "notes": [w.to_dict() for w in self.notes],
        })


def single_factor_cfa(data: pd.DataFrame, constructs: Mapping, *, estimator: str = "ML",
                      missing: str = "listwise") -> SingleFactorCFA:
    """The CFA version of Harman's test: the measurement model against one factor for all items.

    The measurement model puts each construct's items on their own factor,
    factors correlated (``lavaan::cfa`` defaults: first loading fixed to 1);
    the single-factor model loads every item on one factor.  If common method
    variance dominated, one factor would account for the covariances about as
    well as the constructs do; a clearly worse single-factor fit argues against
    a dominant method factor (Podsakoff, MacKenzie, Lee & Podsakoff 2003,
    p. 889, who also stress that a good fit of the measurement model does not
    rule out method variance).

    The one-factor model is the measurement model with every factor
    correlation fixed at 1, so the two are nested, Δdf = m(m − 1)/2 for m
    constructs; the restriction lies on the boundary of the parameter space,
    so the p value of Δχ² is approximate.  Δχ² as lavaan's ``lavTestLRT``
    (ML: χ²₀ − χ²₁; MLR: Satorra & Bentler 2001 scaled difference).

    ``passed`` (no dominant method factor): p(Δχ²) < .05 **and**
    ΔCFI = CFI(single) − CFI(measurement) ≤ −.01 (Cheung & Rensvold 2002's
    size of a non-trivial CFI change).  With MLR the robust CFI/TLI/RMSEA are
    compared (lavaan's ``cfi.robust``, ``rmsea.robust``).

    Matches lavaan 0.6-14 ``cfa()`` and ``lavTestLRT()`` (tests/reference/method_bias.R).
    """
    estimator = _check_estimator(estimator)
    missing = _check_missing_cfa(missing)
    blocks, items = _prepare_cfa(data, constructs)
    factor = _fresh_name("CMV", list(blocks) + items)
    meas = _fit(_measurement_syntax(blocks), data, estimator, missing)
    single = _fit(f"{factor} =~ " + " + ".join(items), data, estimator, missing)
    test = _difference(single, meas, estimator)
    notes = _nesting_notes(test)
    return SingleFactorCFA(measurement=meas, single=single, test=test, deltas=_deltas(single, meas, estimator),
                           estimator=estimator, missing=missing, factor=factor, notes=tuple(notes))


# --------------------------------------------------------------------------
# 2. unmeasured latent method construct (ULMC / CLF)
# --------------------------------------------------------------------------

VERDICT_ULMC = {
    True: {"en": "method variance is small beside substantive variance and mostly not significant: "
                 "common method bias is unlikely to be serious",
           "zh-Hans": "方法变异远小于实质变异且大多不显著：共同方法偏差不太可能严重",
           "zh-Hant": "方法變異遠小於實質變異且大多不顯著：共同方法偏差不太可能嚴重"},
    False: {"en": "method variance is not negligible: common method bias may affect the results",
            "zh-Hans": "方法变异不可忽视：共同方法偏差可能影响结果",
            "zh-Hant": "方法變異不可忽視：共同方法偏差可能影響結果"},
    None: {"en": "no verdict: the method-factor model has no proper, converged solution",
           "zh-Hans": "无法判断：方法因子模型没有收敛的合理解",
           "zh-Hant": "無法判斷：方法因素模型沒有收斂的合理解"},
}


@dataclass(frozen=True, eq=False)
class MethodFactor:
    """The result of :func:`method_factor`.

    ``items``: one row per item — construct, standardized trait loading
    (``trait_loading``, R₁ of Liang et al. 2007), its square
    (``substantive_variance``), standardized method loading
    (``method_loading``, R₂), its square (``method_variance``) and the Wald
    test of the unstandardized method loading (``method_z``, ``method_p``).
    """

    measurement: SemResult
    method: SemResult | None
    items: pd.DataFrame
    test: dict
    deltas: dict
    loadings: str
    estimator: str
    missing: str
    factor: str
    converged: bool
    proper: bool
    optima: tuple = ()
    flipped: bool = False
    notes: tuple = ()
    alpha: float = ALPHA

    @property
    def substantive_mean(self) -> float:
        return float(self.items["substantive_variance"].mean(skipna=False)) if self.converged else np.nan

    @property
    def method_mean(self) -> float:
        return float(self.items["method_variance"].mean(skipna=False)) if self.converged else np.nan

    @property
    def ratio(self) -> float:
        """Average substantive variance / average method variance (Liang et al. 2007 report about 56:1)."""
        m = self.method_mean
        if not np.isfinite(m):
            return np.nan
        return self.substantive_mean / m if m > _VANISHED else np.inf

    @property
    def share_significant(self) -> float:
        """Share of method loadings significant at .05 (with equal loadings 1 or 0: one common loading)."""
        p = self.items["method_p"].to_numpy(dtype=float)
        return float(np.mean(p < self.alpha)) if self.converged and np.isfinite(p).all() else np.nan

    @property
    def passed(self) -> bool | None:
        """Liang et al. (2007): substantive variance above method variance and most method loadings not
        significant.  None without a converged, proper solution."""
        if not (self.converged and self.proper):
            return None
        s, m, q = self.substantive_mean, self.method_mean, self.share_significant
        if not (np.isfinite(s) and np.isfinite(m) and np.isfinite(q)):
            return None
        return bool(s > m and q < 0.5)

    @property
    def verdict(self) -> dict:
        return VERDICT_ULMC[self.passed]

    @property
    def n(self) -> int:
        return int(self.measurement.n)

    @property
    def warnings(self) -> tuple:
        """The engine's warnings for the method-factor fit (Heywood cases, singular information, ...) and ours."""
        own = tuple(self.method.warnings) if self.method is not None else ()
        return own + tuple(self.notes)

    def table(self, kind: str = "items") -> pd.DataFrame:
        """``"items"`` (default): the Liang et al. (2007) table, then an ``Average`` row;
        ``"fit"``: both models' fit measures and the differences (method − measurement)."""
        if kind == "items":
            avg = {"item": "Average", "construct": "", "trait_loading": np.nan,
                   "substantive_variance": self.substantive_mean, "method_loading": np.nan,
                   "method_variance": self.method_mean, "method_z": np.nan, "method_p": np.nan}
            return pd.concat([self.items, pd.DataFrame([avg])], ignore_index=True)
        if kind == "fit":
            rows = [_fit_row("measurement", self.measurement, self.estimator),
                    _fit_row("method_factor", self.method, self.estimator)]
            diff = {"model": "difference", "chisq.diff": self.test["chisq.diff"], "df.diff": self.test["df.diff"],
                    "pvalue.diff": self.test["pvalue"], **self.deltas}
            return pd.concat([pd.DataFrame(rows), pd.DataFrame([diff])], ignore_index=True)
        raise _invalid("kind", repr(kind)[:60], "Use kind='items' or kind='fit'.",
                       "请使用 kind='items' 或 kind='fit'。", "請使用 kind='items' 或 kind='fit'。")

    def to_dict(self) -> dict:
        return _json({
            "statistic": "method_factor", "loadings": self.loadings, "estimator": self.estimator,
            "missing": self.missing, "n": self.n, "factor": self.factor, "converged": self.converged,
            "proper": self.proper, "local_optima_chisq": list(self.optima), "sign_reversed": self.flipped,
            "fits": {"measurement": _fit_row("measurement", self.measurement, self.estimator),
                     "method_factor": _fit_row("method_factor", self.method, self.estimator)},
            "test": self.test, "deltas": self.deltas,
            "items": self.items.to_dict("records"),
            "substantive_variance_mean": self.substantive_mean, "method_variance_mean": self.method_mean,
            "ratio": self.ratio, "share_method_significant": self.share_significant,
            "passed": self.passed, "verdict": self.verdict,
            "rule": "mean substantive variance > mean method variance and fewer than half of the method "
                    f"loadings significant at {self.alpha}",
            "source": SOURCE_ULMC,
            "warnings": [w.to_dict() for w in self.warnings],
        })


def _start(value) -> str:
    return "" if value is None else f"start({float(value)!r})*"


def _method_syntax(blocks: Mapping, items: list, factor: str, label: str, loadings: str,
                   starts: Mapping | None = None) -> str:
    """lavaan syntax of the measurement model plus the method factor; ``starts`` maps
    (lhs, op, rhs) → a starting value written as ``start(value)*`` (lavaan's modifier)."""
    st = starts or {}
    lines = []
    for f, its in blocks.items():
        lines.append(f"{f} =~ " + " + ".join([its[0]] + [_start(st.get((f, "=~", it))) + it for it in its[1:]]))
    if loadings == "free":
        terms = [f"NA*{_start(st.get((factor, '=~', it)))}{it}" if k == 0 else _start(st.get((factor, "=~", it))) + it
                 for k, it in enumerate(items)]
    else:
        common = st.get((factor, "=~", items[0]))
        terms = [f"NA*{_start(common)}{label}*{items[0]}"] + [f"{label}*{it}" for it in items[1:]]
    lines.append(f"{factor} =~ " + " + ".join(terms))
    lines.append(f"{factor} ~~ 1*{factor}")
    lines.append(f"{factor} ~~ " + " + ".join(f"0*{f}" for f in blocks))
    if starts:
        names = list(blocks)
        for it in items:
            lines.append(f"{it} ~~ {_start(st.get((it, '~~', it)))}{it}")
        for i, f in enumerate(names):
            for g in names[i:]:
                v = st.get((f, "~~", g), st.get((g, "~~", f)))
                lines.append(f"{f} ~~ {_start(v)}{g}")
    return "\n".join(lines)


def _method_starts(pt, S: np.ndarray, base: SemResult, factor: str, share: float) -> np.ndarray:
    """Start at the measurement model's estimates, with ``share`` of each item's variance moved from its
    residual to the method factor."""
    est = {(r["lhs"], r["op"], r["rhs"]): r["est"] for r in base.parameters.to_dict("records")}
    ov = {v: i for i, v in enumerate(pt.ov_names)}
    s = np.diag(S)
    theta = np.zeros(pt.npar)
    for r in pt.rows:
        if not r.free:
            continue
        k = r.free - 1
        if r.lhs == factor and r.op == "=~":
            theta[k] = math.sqrt(share * (s[ov[r.rhs]] if r.label == "" or r.label is None else float(np.mean(s))))
        elif r.op == "~~" and r.lhs == r.rhs and r.lhs in ov:
            j = ov[r.lhs]
            theta[k] = max(est.get((r.lhs, r.op, r.rhs), 0.5 * s[j]) - share * s[j], 0.05 * s[j])
        else:
            theta[k] = est.get((r.lhs, r.op, r.rhs), est.get((r.rhs, r.op, r.lhs), 0.0))
    return theta


BFGS_MAX_ITEMS = 40


@single_threaded          # BFGS on small matrices: threaded BLAS only spins (seconds on a busy machine)
def _best_start(syntax: str, data: pd.DataFrame, base: SemResult, factor: str):
    """Search the method-factor likelihood from several starts; return (starts for the syntax, χ² of the optima).

    Method-factor likelihoods often have several local optima (two on
    HolzingerSwineford1939, χ² 26.014 and 26.020; lavaan's default start stops
    at the higher one), so one start is not enough.  The starts are the
    measurement model's estimates with 2 %, 10 % and 25 % of each item's
    variance moved from its residual to the method factor; from each, BFGS
    minimises F_ML on the covariance matrix of the complete rows (gradient
    to 1e-6; Newton–Raphson from the same start when BFGS strays), and the
    lowest converged F_ML wins.  Its estimates become
    ``start()`` values of the model that :func:`research.sem.fit_sem` then
    fits (Newton, to a gradient of 1e-10) and reports.  With more than
    :data:`BFGS_MAX_ITEMS` items the search would take minutes (BFGS needs
    thousands of steps over hundreds of parameters): the 10 % start is
    returned as it is, and no local optima are listed.
    """
    pt = build_partable(parse_model(syntax))
    x = data[list(pt.ov_names)].apply(pd.to_numeric).to_numpy(dtype=float)
    x = x[~np.isnan(x).any(axis=1)]
    n = len(x)
    if n <= len(pt.ov_names):
        return None, ()
    S = np.cov(x, rowvar=False, bias=True)
    if len(pt.ov_names) > BFGS_MAX_ITEMS:
        # a large model: one start (10 % of each item's variance on the method factor) that the final fit
        # takes from there; the search would cost minutes (each Newton step of 300+ parameters is costly)
        theta = _method_starts(pt, S, base, factor, _START_SHARES[1])
        return {(r.lhs, r.op, r.rhs): float(theta[r.free - 1]) for r in pt.rows if r.free}, ()
    ram = RamModel(pt)
    logdet = np.linalg.slogdet(S)[1]
    found = []                     # (F, θ, converged)
    for share in _START_SHARES:
        theta0 = _method_starts(pt, S, base, factor, share)
        theta, f, ok = None, np.inf, False
        with np.errstate(all="ignore"):
            try:
                r = optimize.minimize(lambda t: ram.objective(t, S, logdet), theta0,
                                      jac=lambda t: ram.gradient(t, S), method="BFGS",
                                      options={"gtol": 1e-6, "maxiter": 3000})
                g = ram.gradient(r.x, S)
                theta, f, ok = r.x, float(r.fun), bool(np.isfinite(r.fun) and np.max(np.abs(g)) < 1e-4)
            except (np.linalg.LinAlgError, ValueError):
                pass
            if not ok:             # BFGS strayed: Newton from the same start, on a small budget
                try:
                    ml = ram.fit(S, n, theta0, max_iter=100, bfgs_iter=0)
                    if ml.converged or (np.isfinite(ml.fmin) and ml.fmin < f):
                        theta, f, ok = ml.theta, float(ml.fmin), bool(ml.converged)
                except (np.linalg.LinAlgError, ValueError):
                    pass
        if theta is not None and np.isfinite(f):
            found.append((f, theta, ok))
    if not found:
        return None, ()
    conv = [c for c in found if c[2]]
    best = min(conv or found, key=lambda c: c[0])
    optima = []
    for c in sorted(c[0] * n for c in conv):
        if not optima or c - optima[-1] > 1e-3:
            optima.append(c)
    optima = tuple(round(c, 4) for c in optima)
    starts = {}
    for r in pt.rows:
        if r.free:
            starts[(r.lhs, r.op, r.rhs)] = float(best[1][r.free - 1])
    return starts, optima


def _n_free_method(blocks: Mapping, items: list, loadings: str) -> tuple[int, int]:
    p, m = len(items), len(blocks)
    npar = (p - m) + p + m * (m + 1) // 2 + (p if loadings == "free" else 1)
    return npar, p * (p + 1) // 2


def _item_table(res: SemResult, blocks: Mapping, factor: str, loadings: str) -> tuple[pd.DataFrame, bool]:
    par = res.parameters
    rows = []
    for c, its in blocks.items():
        for it in its:
            t = par[(par["lhs"] == c) & (par["op"] == "=~") & (par["rhs"] == it)].iloc[0]
            mth = par[(par["lhs"] == factor) & (par["op"] == "=~") & (par["rhs"] == it)].iloc[0]
            src = mth
            rows.append({"item": it, "construct": c, "trait_loading": float(t["std.all"]),
                         "substantive_variance": float(t["std.all"]) ** 2,
                         "method_loading": float(mth["std.all"]), "method_variance": float(mth["std.all"]) ** 2,
                         "method_z": float(src["z"]), "method_p": float(src["pvalue"])})
    t = pd.DataFrame(rows)
    # the method factor's sign is arbitrary (variance fixed to 1, uncorrelated with the traits; with equal
    # loadings the common loading's sign): report it so that its loadings sum to a positive number
    flipped = bool(np.nansum(t["method_loading"]) < 0)
    if flipped:
        t["method_loading"] = -t["method_loading"]
        t["method_z"] = -t["method_z"]
    return t, flipped


def method_factor(data: pd.DataFrame, constructs: Mapping, *, loadings: str = "free", estimator: str = "ML",
                  missing: str = "listwise") -> MethodFactor:
    """Unmeasured latent method construct (ULMC, "common latent factor" in AMOS practice).

    The measurement model (each construct's items on their factor, factors
    correlated) plus a method factor that loads on every item and is
    uncorrelated with the trait factors ("controlling for the effects of an
    unmeasured latent methods factor": Podsakoff, MacKenzie, Lee & Podsakoff
    2003; Williams, Cote & Buckley 1989).
    Identification:

    * ``loadings="free"`` (default): the method factor's variance is fixed
      to 1 and all its loadings are free (lavaan ``M =~ NA*x1 + x2 + …;
      M ~~ 1*M``); its sign is arbitrary, so it is reported with loadings
      summing to a positive number (``sign_reversed`` says when the fit's
      sign was turned for the report; squares are unaffected).
    * ``loadings="equal"``: one common unstandardized loading for every item,
      the AMOS "CLF" practice (all method paths carry the same label, the
      method variance is fixed to 1): lavaan ``M =~ NA*m*x1 + m*x2 + …;
      M ~~ 1*M``.  The test of the method factor is then the Wald test of the
      common loading (the same for every item); its sign is arbitrary too
      and is reported positive.  Fixing the loadings to 1 and freeing the
      method variance instead gives the same fit (loading = √variance)
      whenever that variance comes out positive; when the data would want
      it negative, the AMOS form stops at the boundary loading 0 (the method
      factor vanishes, as on the project's sample study) while the other
      form reports a negative variance (both in tests/reference/method_bias.R).

    The trait factors keep lavaan's marker identification (first loading 1).
    Reported, after Liang, Saraf, Hu & Xue (2007, MIS Quarterly 31, 59–87):
    per item the standardized trait loading R₁ and its square
    (substantive variance), the standardized method loading R₂ and its square
    (method variance), the Wald test of the method loading; their averages and
    the ratio of average substantive to average method variance.  Because the
    method factor is uncorrelated with the traits, R₁² + R₂² is the item's R².
    ``passed`` follows Liang et al.'s reading: average substantive variance
    above average method variance and more than half of the method loadings
    not significant at .05.  The fits of both models are compared by Δχ² (ML;
    Satorra–Bentler 2001 with MLR), ΔCFI and ΔRMSEA (method − measurement).

    Method-factor models are often improper (negative variances, loadings
    above 1) or empirically under-identified, particularly with three items
    or fewer per construct; nothing here raises for that: the engine's
    warnings (``negative_variance``, ``information_singular``, …) are passed
    through in ``warnings`` and ``proper`` is False.  With listwise deletion
    the likelihood is searched from several starts (:func:`_best_start`)
    and the lowest χ² is kept; ``local_optima_chisq`` lists the χ² of every
    distinct optimum found (with ``missing="fiml"`` the search runs on the
    complete rows, the FIML fit starts from its winner, and no optima are
    listed).  A model with more free parameters than variances and
    covariances raises
    :class:`research.errors.DataError`; a fit that does not converge is
    returned with ``converged=False`` and a note, without a verdict.

    Podsakoff et al. (2003) and Richardson, Simmering & Sturman (2009) warn
    that the method factor can absorb trait variance; a measured marker
    (:func:`marker_variable`, or the CFA marker technique of Williams,
    Hartman & Cavazotte 2010) is the stronger design when one is available.

    Matches lavaan 0.6-14 (fits, standardized loadings, ``lavTestLRT``) at
    the same optimum (tests/reference/method_bias.R).
    """
    _check_choice("loadings", loadings, LOADINGS)
    estimator = _check_estimator(estimator)
    missing = _check_missing_cfa(missing)
    blocks, items = _prepare_cfa(data, constructs)
    npar, moments = _n_free_method(blocks, items, loadings)
    if npar > moments:
        raise _data_error(f"npar = {npar} > p(p+1)/2 = {moments}",
                          "The method-factor model has more free parameters than the items have variances and "
                          "covariances: add items (at least 3 per construct), use loadings='equal', or use the "
                          "marker-variable technique.",
                          "方法因子模型的自由参数多于题目的方差与协方差个数：请增加题目（每个构念至少 3 个）、"
                          "改用 loadings='equal'，或改用标记变量法。",
                          "方法因素模型的自由參數多於題目的變異數與共變數個數：請增加題目（每個構念至少 3 個）、"
                          "改用 loadings='equal'，或改用標記變項法。")
    factor = _fresh_name("CMV", list(blocks) + items)
    label = _fresh_name("lam_cmv", list(blocks) + items + [factor])
    meas = _fit(_measurement_syntax(blocks), data, estimator, missing)
    syntax = _method_syntax(blocks, items, factor, label, loadings)
    starts, optima = _best_start(syntax, data, meas, factor)
    if missing == "fiml":
        optima = ()            # the search ran on the complete rows: its χ² are not the FIML ones
    if starts is not None:
        syntax = _method_syntax(blocks, items, factor, label, loadings, starts)
    res = _fit(syntax, data, estimator, missing)
    notes = []
    converged = bool(res.converged)
    improper_codes = {"negative_variance", "std_above_one", "implied_cov_not_pd", "latent_cov_not_pd",
                      "information_singular"}
    proper = converged and not (set(res.warning_codes) & improper_codes)
    if not converged:
        notes.append(_note(
            "method_factor_failed",
            "The method-factor model did not converge from any start: it is probably not (empirically) "
            "identified with these data. Its numbers are not reported; use loadings='equal' or the "
            "marker-variable technique instead.",
            "方法因子模型从所有初始值出发均未收敛：在这些数据下它很可能无法（经验上）识别。结果不予报告；"
            "请改用 loadings='equal' 或标记变量法。",
            "方法因素模型從所有起始值出發均未收斂：在這些資料下它很可能無法（經驗上）識別。結果不予回報；"
            "請改用 loadings='equal' 或標記變項法。"))
    elif len(optima) > 1:
        txt = ", ".join(f"{v:.4f}" for v in optima)
        notes.append(_note(
            "local_optima",
            f"The likelihood of the method-factor model has several local optima (χ² = {txt}); the lowest is "
            f"reported. Other programs may stop at another one, depending on their starting values.",
            f"方法因子模型的似然函数有多个局部最优（χ² = {txt}）；此处报告最小者。其他软件可能因初始值不同而停在其他解。",
            f"方法因素模型的概似函數有多個局部最佳解（χ² = {txt}）；此處回報最小者。其他軟體可能因起始值不同而停在其他解。"))
    if len(items) > BFGS_MAX_ITEMS:
        notes.append(_note(
            "single_start",
            f"With {len(items)} items the likelihood was searched from one start (10 % of each item's variance on "
            f"the method factor), not three: a lower local optimum may exist (see research.method_bias.BFGS_MAX_ITEMS).",
            f"共有 {len(items)} 个题目，只从一个初始值（每题 10% 的方差归于方法因子）搜索似然，而非三个：可能存在更低的局部最优。",
            f"共有 {len(items)} 個題目，只從一個起始值（每題 10% 的變異歸於方法因素）搜尋概似，而非三個：可能存在更低的局部最佳解。"))
    if converged and not proper:
        notes.append(_note(
            "method_factor_improper",
            "The method-factor solution is improper (see the warnings): read the method variance with great care.",
            "方法因子模型的解不合理（见警告），请谨慎解读方法变异。",
            "方法因素模型的解不合理（見警告），請謹慎解讀方法變異。"))
    if converged:
        items_t, flipped = _item_table(res, blocks, factor, loadings)
        method_res = res
        if float(np.nanmax(items_t["method_variance"])) < _VANISHED:
            notes.append(_note(
                "method_factor_vanished",
                "The method factor's loadings are estimated at zero (the maximum lies on the boundary where "
                "method variance vanishes): the model reduces to the measurement model, no method variance is "
                "found, and the Wald test of the method loading is not informative there.",
                "方法因子的载荷估计为零（最大值位于方法变异为零的边界上）：模型退化为测量模型，未发现方法变异，"
                "此处方法载荷的 Wald 检验没有意义。",
                "方法因素的負荷量估計為零（最大值位於方法變異為零的邊界上）：模型退化為測量模型，未發現方法變異，"
                "此處方法負荷量的 Wald 檢定沒有意義。"))
    else:
        items_t = pd.DataFrame({"item": items, "construct": [c for c, b in blocks.items() for _ in b]})
        for col in ("trait_loading", "substantive_variance", "method_loading", "method_variance", "method_z",
                    "method_p"):
            items_t[col] = np.nan
        flipped, method_res = False, res
    test = _difference(meas, res, estimator) if converged else {
        "chisq.diff": np.nan, "df.diff": int(meas.fit["df"] - res.fit["df"]), "pvalue": np.nan,
        "method": "satorra.bentler.2001" if estimator == "MLR" else "standard", "scaling.factor": np.nan,
        "rmsea.diff": np.nan, "chisq.diff.unscaled": np.nan}
    if converged:
        notes.extend(_nesting_notes(test))
    return MethodFactor(measurement=meas, method=method_res, items=items_t, test=test,
                        deltas=_deltas(res if converged else None, meas, estimator), loadings=loadings,
                        estimator=estimator, missing=missing, factor=factor, converged=converged, proper=proper,
                        optima=optima, flipped=flipped, notes=tuple(notes))


# --------------------------------------------------------------------------
# 3. marker variable (Lindell & Whitney 2001)
# --------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class MarkerVariable:
    """The result of :func:`marker_variable`: ``pairs`` has one row per pair of substantive variables."""

    r_m: float
    rule: str
    marker: str | tuple
    marker_correlations: pd.Series
    pairs: pd.DataFrame
    n: int
    missing: str
    notes: tuple = ()
    alpha: float = ALPHA

    @property
    def lost(self) -> list:
        """The pairs significant before the correction and not after it."""
        return [(a, b) for a, b, lost in self.pairs[["var_a", "var_b", "lost"]].itertuples(index=False) if lost]

    def table(self) -> pd.DataFrame:
        return self.pairs.copy()

    def to_dict(self) -> dict:
        return _json({
            "statistic": "marker_variable", "r_m": self.r_m, "rule": self.rule,
            "marker": list(self.marker) if isinstance(self.marker, tuple) else self.marker,
            "marker_correlations": self.marker_correlations, "n": self.n, "missing": self.missing,
            "pairs": self.pairs.to_dict("records"), "lost": [list(p) for p in self.lost],
            "alpha": self.alpha,
            "formula": "r_A = (r_U - r_M)/(1 - r_M); t = r_A/sqrt((1 - r_A^2)/(n - 3))",
            "source": SOURCE_MARKER, "notes": [w.to_dict() for w in self.notes],
        })


def _t_test(r: np.ndarray, df: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    with np.errstate(divide="ignore", invalid="ignore"):
        t = r / np.sqrt((1.0 - r ** 2) / df)
    p = 2.0 * stats.t.sf(np.abs(t), df)
    return t, p


def marker_variable(data: pd.DataFrame, items, marker, *, r_m=None, missing: str = "listwise") -> MarkerVariable:
    """Lindell & Whitney's (2001, J. Appl. Psychol. 86, 114–121) marker-variable correction.

    A marker is a variable theoretically unrelated to the substantive
    variables but measured the same way; its correlation with them estimates
    the common method variance r_M.  Every correlation r_U among the
    substantive variables (``items``: item or construct-score columns) is
    corrected as the partial correlation

        r_A = (r_U − r_M) / (1 − r_M),

    tested by t = r_A / √((1 − r_A²)/(n − 3)) on n − 3 df (one df spent on
    r_M; Lindell & Whitney 2001); the uncorrected r_U is tested by
    t = r_U / √((1 − r_U²)/(n − 2)) on n − 2 df.  ``lost`` marks the pairs
    significant (two-sided, .05) before the correction and not after it.

    ``marker``: one column, or a list of columns whose mean (the half rule of
    :func:`research.regression.construct_scores`) is the marker score.
    ``r_m``:

    * ``None`` or ``"smallest"`` (default): the smallest positive correlation
      of the marker with the substantive variables — Lindell & Whitney's
      r_S, the estimate least contaminated by true relationships;
    * ``"second_smallest"``: the second-smallest positive one, the usual
      more conservative alternative (r_S is the minimum of several sample
      correlations, so sampling error pulls it down; the second-smallest
      corrects more);
    * a number in [0, 1): a value you justify (e.g. from a CFA marker model,
      Williams, Hartman & Cavazotte 2010).

    If no marker correlation is positive, r_M = 0 (no correction) with a
    note.  ``missing="listwise"`` (default) uses the rows complete on the
    substantive variables and the marker (one n); ``"pairwise"`` computes every
    correlation on the rows where both variables are present, and each test
    uses that pair's n.
    """
    _check_frame(data)
    _check_choice("missing", missing, MISSING_MARKER)
    items = _check_items(data, items)
    if isinstance(marker, str) or not hasattr(marker, "__iter__"):
        marker_cols = [marker]
    else:
        marker_cols = list(marker)
    marker_cols = _check_items(data, marker_cols, option="marker", min_items=1)
    clash = [c for c in marker_cols if c in items]
    if clash:
        raise _invalid("marker", f"{clash[0]!r} ∈ items",
                       "The marker must not be one of the substantive variables.",
                       "标记变量不能同时是实质变量之一。", "標記變項不能同時是實質變項之一。", column=clash[0])
    rule = "smallest" if r_m is None else r_m
    if isinstance(rule, str):
        _check_choice("r_m", rule, R_M_RULES)
    elif isinstance(rule, bool) or not isinstance(rule, (int, float, np.integer, np.floating)) \
            or not 0 <= float(rule) < 1:
        raise _invalid("r_m", f"{r_m!r} ∉ [0, 1)",
                       "Give r_m as 'smallest', 'second_smallest' or a number from 0 up to (not including) 1.",
                       "r_m 应为 'smallest'、'second_smallest' 或 0 到 1（不含 1）之间的数。",
                       "r_m 應為 'smallest'、'second_smallest' 或 0 到 1（不含 1）之間的數。")
    x = _numeric(data, items)
    mk_raw = _numeric(data, marker_cols)
    if len(marker_cols) == 1:
        mk = mk_raw[marker_cols[0]]
        marker_name: str | tuple = marker_cols[0]
    else:
        mk = construct_scores(mk_raw, {"marker": marker_cols})["marker"]
        marker_name = tuple(marker_cols)
    mname = "(marker)"
    frame = x.copy()
    frame[mname] = mk.to_numpy(dtype=float)
    if missing == "listwise":
        frame = frame.dropna()
    _check_variance(frame)
    ok = (~frame.isna()).to_numpy().astype(float)
    npair = pd.DataFrame(ok.T @ ok, index=frame.columns, columns=frame.columns)
    need = 4
    if int(npair.to_numpy().min()) < need:
        raise _too_few_rows(int(npair.to_numpy().min()), need)
    r = frame.corr(method="pearson")
    if not np.isfinite(r.to_numpy()).all():
        raise _data_error("r = NaN",
                          "Some pairs of variables have no variance where both are answered; use missing='listwise' "
                          "or remove the variable.",
                          "某些变量在共同作答的样本中没有变异，请改用 missing='listwise' 或移除该变量。",
                          "某些變項在共同作答的樣本中沒有變異，請改用 missing='listwise' 或移除該變項。")
    rmk = r.loc[items, mname].rename("r")
    notes = []
    if isinstance(rule, str):
        pos = np.sort(rmk[rmk > 0].to_numpy())
        k = 0 if rule == "smallest" else 1
        if pos.size > k:
            value = float(pos[k])
        else:
            value = 0.0
            notes.append(_note(
                "marker_no_positive",
                f"The marker has fewer than {k + 1} positive correlation(s) with the substantive variables, so "
                f"r_M = 0: no common method variance is detected and nothing is corrected.",
                f"标记变量与实质变量的正相关少于 {k + 1} 个，故取 r_M = 0：未检测到共同方法变异，不作校正。",
                f"標記變項與實質變項的正相關少於 {k + 1} 個，故取 r_M = 0：未偵測到共同方法變異，不作校正。"))
        rule_name = rule
    else:
        value, rule_name = float(rule), "given"
    rows = []
    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            a, b = items[i], items[j]
            rows.append({"var_a": a, "var_b": b, "n": int(npair.at[a, b]), "r": float(r.at[a, b])})
    pairs = pd.DataFrame(rows)
    nn = pairs["n"].to_numpy(dtype=float)
    ru = pairs["r"].to_numpy()
    t_u, p_u = _t_test(ru, nn - 2)
    ra = (ru - value) / (1.0 - value)
    t_a, p_a = _t_test(ra, nn - 3)
    pairs["t"] = t_u
    pairs["p"] = p_u
    pairs["r_corrected"] = ra
    pairs["t_corrected"] = t_a
    pairs["p_corrected"] = p_a
    pairs["significant"] = p_u < ALPHA
    pairs["significant_corrected"] = p_a < ALPHA
    pairs["lost"] = pairs["significant"] & ~pairs["significant_corrected"]
    n = len(frame) if missing == "listwise" else int(npair.to_numpy().min())
    return MarkerVariable(r_m=value, rule=rule_name, marker=marker_name, marker_correlations=rmk, pairs=pairs,
                          n=n, missing=missing, notes=tuple(notes))


# --------------------------------------------------------------------------
# 4. full-collinearity VIFs (Kock & Lynn 2012; Kock 2015)
# --------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class FullCollinearity:
    """The result of :func:`full_collinearity_vif`."""

    vif: pd.Series
    r2: pd.Series
    n: int
    scores: str
    threshold: float = KOCK_VIF

    @property
    def flagged(self) -> list:
        """Constructs whose VIF exceeds the threshold (possible common method bias or collinearity)."""
        return [c for c, v in self.vif.items() if not v <= self.threshold]

    @property
    def passed(self) -> bool:
        return not self.flagged

    def table(self) -> pd.DataFrame:
        return pd.DataFrame({"construct": list(self.vif.index), "r2": self.r2.to_numpy(),
                             "vif": self.vif.to_numpy(),
                             "below_threshold": [bool(v <= self.threshold) for v in self.vif]})

    def to_dict(self) -> dict:
        return _json({"statistic": "full_collinearity_vif", "scores": self.scores, "n": self.n,
                      "vif": self.vif, "r2": self.r2, "flagged": self.flagged, "passed": self.passed,
                      "thresholds": {"vif_at_most": self.threshold, "source": SOURCE_VIF}})


def full_collinearity_vif(scores_or_data: pd.DataFrame, constructs: Mapping | None = None, *,
                          threshold: float = KOCK_VIF) -> FullCollinearity:
    """Full-collinearity VIFs: each construct score regressed on all the others.

    Kock & Lynn (2012, J. Assoc. Inf. Syst. 13, 546–580) and Kock (2015,
    Int. J. e-Collaboration 11(4), 1–10): VIFⱼ = 1/(1 − R²ⱼ), R²ⱼ from the
    OLS regression (with intercept) of construct j's score on every other
    construct's score — predictors and criteria alike.  A VIF above 3.3 is
    taken as a sign of pathological collinearity and of possible
    contamination by common method bias; a model whose VIFs are all ≤ 3.3
    "can be considered free of common method bias" (Kock 2015).  (The
    regression-model rule of DOMAIN.md, VIF < 5 after Hair et al., is a
    different, laxer use.)

    ``constructs`` given: the scores are the item means of
    :func:`research.regression.construct_scores` (half rule for missing
    answers); otherwise every column of ``scores_or_data`` is a score (e.g.
    factor scores).  Rows with a missing score are dropped (listwise).  Equal
    to statsmodels' ``variance_inflation_factor`` on the design [1, scores].
    """
    _check_frame(scores_or_data)
    if constructs is not None:
        sc = construct_scores(scores_or_data, constructs, "mean")
        kind = "mean"
    else:
        cols = _check_items(scores_or_data, list(scores_or_data.columns), option="scores_or_data")
        sc = _numeric(scores_or_data, cols)
        kind = "given"
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float, np.integer, np.floating)) \
            or not threshold > 1:
        raise _invalid("threshold", repr(threshold)[:60], "Give the VIF threshold as a number above 1 (Kock: 3.3).",
                       "请以大于 1 的数给出 VIF 临界值（Kock：3.3）。", "請以大於 1 的數提供 VIF 臨界值（Kock：3.3）。")
    if sc.shape[1] < 2:
        raise _invalid("constructs", f"m = {sc.shape[1]} < 2", "Give at least 2 constructs.",
                       "请至少给出 2 个构念。", "請至少提供 2 個構念。")
    sc = sc.dropna()
    m = sc.shape[1]
    if len(sc) < m + 2:
        raise _too_few_rows(len(sc), m + 2)
    _check_variance(sc)
    Z = sc.to_numpy(dtype=float)
    n = len(Z)
    vif, r2 = [], []
    for j in range(m):
        y = Z[:, j]
        D = np.column_stack([np.ones(n), np.delete(Z, j, axis=1)])
        coef, *_ = np.linalg.lstsq(D, y, rcond=None)
        resid = y - D @ coef
        sst = float(np.sum((y - y.mean()) ** 2))
        rsq = 1.0 - float(resid @ resid) / sst
        r2.append(rsq)
        vif.append(1.0 / (1.0 - rsq) if rsq < 1 else np.inf)
    names = list(sc.columns)
    return FullCollinearity(vif=pd.Series(vif, index=names, name="vif"), r2=pd.Series(r2, index=names, name="r2"),
                            n=n, scores=kind, threshold=float(threshold))


__all__ = ["single_factor_cfa", "SingleFactorCFA", "method_factor", "MethodFactor", "marker_variable",
           "MarkerVariable", "full_collinearity_vif", "FullCollinearity", "KOCK_VIF", "DELTA_CFI", "ALPHA"]
