"""Fit a CFA/SEM by maximum likelihood and report it as lavaan does.

>>> res = fit_sem(model_syntax, data)          # lavaan::sem(model, data)
>>> res = cfa({"ECO": ["ECO1", "ECO2", "ECO3"], "REL": [...]}, data)   # lavaan::cfa
>>> res.parameters        # parameterEstimates(fit, standardized = TRUE)
>>> res.fit["cfi"]        # fitMeasures(fit)
>>> res.r2, res.defined, res.standardized, res.warnings

Conventions (lavaan 0.6-14 defaults for ``sem()``/``cfa()``, single group,
complete data): normal-theory ML on the covariance matrix with divisor N,
first loading of each factor fixed to 1, exogenous latent variables
correlated, residuals of purely dependent variables correlated, exogenous
observed covariates fixed at their sample moments (fixed.x), no mean
structure; standard errors from the *expected* information,
ACOV(θ̂) = [N · ½ Δᵀ Dᵀ(Σ̂⁻¹⊗Σ̂⁻¹) D Δ]⁻¹; Wald z, two-sided p and 95 % CIs;
defined parameters with delta-method SEs (Sobel 1982):
SE(f(θ̂)) = √(∇f ACOV ∇fᵀ).

Estimators and missing data (lavaan's options in brackets):

* ``estimator="MLR"`` [``estimator = "MLR"``]: the ML estimates with
  Huber–White sandwich SEs (observed information as bread, casewise score
  cross-products as meat) and the Yuan–Bentler (Mplus) scaled χ² with its
  scaled/robust CFI, TLI and RMSEA (:mod:`research.sem.robust`).
* ``missing="listwise"`` (default, lavaan's default): incomplete rows are
  dropped — the ``listwise_deleted`` warning and
  ``provenance["n_rows_dropped"]`` say how many.
* ``missing="fiml"`` (alias ``"ml"``) [``missing = "ml"``]: full-information
  ML over all rows (:mod:`research.sem.fiml`), with a mean structure (free
  intercepts of the observed variables, latent means 0, the ``~1`` rows of
  the parameter table); SEs from the observed information (the Hessian in
  closed form, which lavaan's numerical Hessian approximates to ~1e-9); χ²
  against the EM-estimated unrestricted model; SRMR with the means; ``gfi``
  as lavaan computes it with missing data (available-case means and pairwise
  covariances weighted by the missing-data expected information); ``cfi.robust``/``rmsea.robust`` are lavaan's FIML-corrected
  ones (V6 with ML, V3 with MLR).  Rows with every model variable missing are
  dropped (lavaan does the same), and so are rows missing a fixed.x covariate
  (lavaan too); the warnings say how many.  ``sample_cov``/``sample_mean``
  hold the EM estimates of the unrestricted model (lavaan's ``h1``).

Engine (see :mod:`research.sem.ram` for the why): semopy 2.3.11 fits the model
first (``obj="MLW"``, ``solver="BFGS"``); our analytic Newton–Raphson on
F_ML then converges from semopy's solution to a gradient of ~1e-10, and
all reported numbers are computed here, not by semopy's ``calc_stats``
(whose GFI/AGFI/AIC/BIC/RMSEA differ from lavaan's, see DOMAIN.md §3).
The result keeps the compiled model and θ̂, so a bootstrap can call
``result.refit(S_b)`` (warm start at θ̂, no rebuilding; not for a FIML fit,
whose estimates depend on the rows, not on S — ``refit`` then raises).
"""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import math
from dataclasses import dataclass, field
from importlib import metadata
from typing import Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import linalg, stats

from ..errors import OptionError, infinite_values
from . import diagnostics as diag
from . import robust
from .fiml import FimlObjective, fit_fiml, fit_fiml_warm
from .threads import single_threaded
from .fit_measures import fiml_fit_measures, fit_measures, gfi_weighted
from .mvnorm import MissingPatterns
from .partable import ParTable, build_partable, identification_warnings
from .ram import MLFit, RamModel, vech_indices
from .semopy_bridge import semopy_start
from .standardize import defined_with_gradient, defined_values, r_squared, row_estimates, standardize, \
    std_all_jacobian
from .syntax import ModelSpec, parse_model

#: the estimators of ordered indicators that research.analyze, the CLI and the app offer (robust SEs, scaled-shifted χ²)
ORDINAL_CHOICES = ("WLSMV", "ULSMV")
#: every estimator of ordered indicators on polychoric correlations the engine fits (research.sem.wls)
ORDINAL_ESTIMATORS = ORDINAL_CHOICES + ("DWLS", "ULS")

Z975 = float(stats.norm.ppf(0.975))
PARAMETER_COLUMNS = ["lhs", "op", "rhs", "label", "est", "se", "z", "pvalue", "ci.lower", "ci.upper",
                     "std.lv", "std.all"]
STANDARDIZED_COLUMNS = ["lhs", "op", "rhs", "label", "est.std", "se", "z", "pvalue", "ci.lower", "ci.upper"]


@dataclass(frozen=True, eq=False)
class SemResult:
    """A fitted CFA/SEM with lavaan's output vocabulary.

    ``parameters``: parameterEstimates(fit, standardized = TRUE) without
    std.nox — one row per parameter in lavaan's order, ``:=`` rows last;
    ``standardized``: standardizedSolution(fit) (std.all with delta-method
    SE, z, p, CI); ``defined``: the ``:=`` rows; ``fit``: fitMeasures names;
    ``r2``: lavInspect(fit, "r2"); ``warnings``: :class:`SemWarning` list.
    ``theta`` is the free-parameter vector (order of the ``free`` index),
    ``vcov`` its ACOV; ``model`` computes Σ(θ) and refits.
    """

    spec: ModelSpec
    partable: ParTable
    n: int
    converged: bool
    parameters: pd.DataFrame
    standardized: pd.DataFrame
    defined: pd.DataFrame
    fit: dict
    r2: dict
    implied_cov: pd.DataFrame
    sample_cov: pd.DataFrame
    warnings: tuple
    theta: np.ndarray = field(repr=False)
    vcov: np.ndarray = field(repr=False)
    model: RamModel = field(repr=False, compare=False)
    optimizer: dict = field(default_factory=dict)
    provenance: dict = field(default_factory=dict)
    estimator: str = "ML"
    missing: str = "listwise"
    sample_mean: pd.Series | None = None      # FIML: EM means of the unrestricted model
    implied_mean: pd.Series | None = None     # FIML: μ(θ̂)
    fiml_hessian: np.ndarray | None = None    # FIML: Hessian of −log L / N at θ̂ (the resamples' first metric)
    # a model with latent interactions A:B: the InteractionResult (products, syntax, simple slopes)
    interaction: object | None = field(default=None, repr=False, compare=False)

    @property
    def n_dropped(self) -> int:
        """Rows left out: incomplete rows (listwise), or empty rows / rows missing a covariate (FIML)."""
        return int(self.provenance.get("n_rows_dropped", 0))

    # -- re-use for resampling -------------------------------------------------
    def implied(self, theta: np.ndarray | None = None, S: np.ndarray | None = None) -> np.ndarray:
        """Σ(θ) (default θ̂); S supplies fixed-x covariate moments when the model has any."""
        S = self.sample_cov.to_numpy() if S is None else S
        return self.model.implied_cov(self.theta if theta is None else theta, S)

    def refit(self, S: np.ndarray, n: int | None = None, theta0: np.ndarray | None = None) -> MLFit:
        """ML fit of the same model to another covariance matrix (divisor N), warm-started at θ̂.

        Not available for a FIML fit or a model with means (their estimates depend on the rows, not
        only on S: use :meth:`refit_rows`).
        """
        if self.rowwise:
            raise OptionError("option_invalid", option="missing", detail='"fiml"',
                              fix_en="A FIML fit cannot be refitted from a covariance matrix (e.g. for a "
                                     "bootstrap); refit the rows with fit_sem(..., missing=\"fiml\") or use "
                                     "missing=\"listwise\".",
                              fix_zh="FIML 拟合不能用协方差矩阵重新拟合（如自助法）；请对各行重新调用 "
                                     "fit_sem(..., missing=\"fiml\")，或使用 missing=\"listwise\"。",
                              fix_zh_hant="FIML 配適不能以共變數矩陣重新配適（如拔靴法）；請對各列重新呼叫 "
                                          "fit_sem(..., missing=\"fiml\")，或使用 missing=\"listwise\"。")
        return self.model.fit(np.asarray(S, dtype=float), n, self.theta if theta0 is None else theta0)

    def fixed_moments(self, X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(S, M) of the rows ``X`` (columns ``ov_names``) where a fit reads them: the fixed.x block.

        Other entries are NaN: a FIML fit takes nothing else from the sample moments.
        """
        p = len(self.partable.ov_names)
        S, M = np.full((p, p), np.nan), np.full(p, np.nan)
        x_idx = [self.partable.ov_names.index(v) for v in self.partable.ov_x]
        if x_idx:
            Xx = X[:, x_idx]
            M[x_idx] = Xx.mean(axis=0)
            S[np.ix_(x_idx, x_idx)] = np.atleast_2d(np.cov(Xx, rowvar=False, bias=True))
        return S, M

    def refit_rows(self, X: np.ndarray, theta0: np.ndarray | None = None, max_iter: int = 500) -> MLFit:
        """FIML fit of the same model to the rows ``X`` (NaN = missing), warm-started at θ̂.

        For a bootstrap of a FIML fit (lavaan refits every resample by FIML too).
        Only the estimates (to a gradient of 1e-8), no standard errors; ``max_iter`` bounds
        the Fisher-scoring iterations after the quasi-Newton start.
        """
        S, M = self.fixed_moments(X)
        obj = FimlObjective(self.model, MissingPatterns(X), S, M)
        start = self.theta if theta0 is None else theta0
        if self.model.constraints:
            return _fit_fiml_constrained(obj, self.model, start, max_iter=max_iter)
        if self.fiml_hessian is not None and self.fiml_hessian.size:
            return fit_fiml_warm(obj, start, self.fiml_hessian, gtol=1e-8, fallback_iter=max_iter)
        return fit_fiml(obj, start, gtol=1e-8, max_iter=max_iter)

    @property
    def rowwise(self) -> bool:
        """True when a refit needs the rows, not only S: FIML, or a mean structure (``~ 1``)."""
        return self.missing == "fiml" or self.partable.meanstructure

    # -- output ---------------------------------------------------------------------
    @property
    def warning_codes(self) -> list[str]:
        return [w.code for w in self.warnings]

    def table(self, kind: str = "parameters") -> pd.DataFrame:
        """A tidy copy: ``parameters`` (default), ``standardized``, ``defined``, ``fit`` or ``r2``."""
        if kind == "parameters":
            return self.parameters.copy()
        if kind == "standardized":
            return self.standardized.copy()
        if kind == "defined":
            return self.defined.copy()
        if kind == "fit":
            return pd.DataFrame({"measure": list(self.fit), "value": list(self.fit.values())})
        if kind == "r2":
            return pd.DataFrame({"variable": list(self.r2), "r2": list(self.r2.values())})
        raise OptionError("option_invalid", option="kind", detail=f'"{kind}"',
                          fix_en="Use one of: parameters, standardized, defined, fit, r2.",
                          fix_zh="请使用 parameters、standardized、defined、fit、r2 之一。",
                          fix_zh_hant="請使用 parameters、standardized、defined、fit、r2 之一。")

    def to_dict(self) -> dict:
        """JSON-safe summary with lavaan's names (NaN → None)."""
        def frame(df):
            return [{k: _json(v) for k, v in rec.items()} for rec in df.to_dict(orient="records")]

        def matrix(df):
            return {"rownames": list(df.index), "colnames": list(df.columns),
                    "values": [[_json(v) for v in row] for row in df.to_numpy()]}

        out = {
            "estimator": self.estimator,
            "missing": self.missing,
            "n": int(self.n),
            "converged": bool(self.converged),
            "model_syntax": self.spec.to_lavaan(),
            "fit_measures": {k: _json(v) for k, v in self.fit.items()},
            "parameters": frame(self.parameters),
            "standardized": frame(self.standardized),
            "defined": frame(self.defined),
            "r2": {k: _json(v) for k, v in self.r2.items()},
            "implied_cov": matrix(self.implied_cov),
            "sample_cov": matrix(self.sample_cov),
            "warnings": [w.to_dict() for w in self.warnings],
            "optimizer": {k: _json(v) for k, v in self.optimizer.items()},
            "provenance": self.provenance,
        }
        if self.sample_mean is not None:
            out["sample_mean"] = {k: _json(v) for k, v in self.sample_mean.items()}
            out["implied_mean"] = {k: _json(v) for k, v in self.implied_mean.items()}
        if self.interaction is not None:
            out["interaction"] = self.interaction.summary_dict()
        return out


def data_digest(X: np.ndarray, names: Sequence[str]) -> str:
    """SHA-256 of the rows a fit used (missing values included as such) and the variable names."""
    Xd = np.where(np.isnan(X), np.inf, np.asarray(X, dtype=float))
    return hashlib.sha256(np.ascontiguousarray(Xd).tobytes() + "\x00".join(names).encode()).hexdigest()


def _json(v):
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        v = float(v)
        return v if math.isfinite(v) else None
    if isinstance(v, (np.bool_,)):
        return bool(v)
    return v


# ----------------------------------------------------------------------------------
# input checks
# ----------------------------------------------------------------------------------
def _data_error(detail: str, en: str, zh: str, zh_hant: str, option: str = "data") -> OptionError:
    return OptionError("option_invalid", option=option, detail=detail, fix_en=en, fix_zh=zh, fix_zh_hant=zh_hant)


def _prepare_data(pt: ParTable, data, missing: str = "listwise") -> tuple[np.ndarray, int, int, int]:
    """Numeric matrix of the model's observed variables, n used, rows dropped, rows dropped for covariates.

    ``listwise``: complete rows only.  ``fiml``: rows with at least one observed model
    variable and every fixed.x covariate observed (NaN marks the missing values).
    """
    if not isinstance(data, pd.DataFrame):
        raise _data_error(f'"{type(data).__name__}"', "Pass the data as a pandas DataFrame with one column per item.",
                          "请以 pandas DataFrame 提供数据，每个题目一列。", "請以 pandas DataFrame 提供資料，每個題目一欄。")
    cols = [str(c) for c in data.columns]
    missing_cols = [v for v in pt.ov_names if v not in cols]
    if missing_cols:
        names = ", ".join(missing_cols)
        raise _data_error(
            ", ".join(f'"{m}"' for m in missing_cols[:10]) + (" …" if len(missing_cols) > 10 else ""),
            f"These model variables are not columns of the data: {names}. Check the spelling (names are "
            f"case-sensitive), or declare them as latent variables with =~.",
            f"以下模型变量不是数据中的列：{names}。请检查拼写（区分大小写），或用 =~ 将其定义为潜变量。",
            f"以下模型變項不是資料中的欄：{names}。請檢查拼寫（區分大小寫），或用 =~ 將其定義為潛在變項。",
            option="model")
    frame = data.loc[:, [c for c in data.columns if str(c) in pt.ov_names]]
    frame.columns = [str(c) for c in frame.columns]
    frame = frame.loc[:, list(pt.ov_names)]
    bad = [c for c in frame.columns
           if not (pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c]))]
    if bad:
        names = ", ".join(bad)
        raise _data_error(", ".join(f'"{b}"' for b in bad[:10]),
                          f"These columns are not numeric: {names}. Recode answers to numbers first "
                          f"(e.g. 1–5 for a Likert scale).",
                          f"以下列不是数值：{names}。请先将答案编码为数字（如李克特量表 1–5）。",
                          f"以下欄不是數值：{names}。請先將答案編碼為數字（如李克特量表 1–5）。")
    X = np.array(frame.to_numpy(dtype=float, na_value=np.nan), dtype=float, copy=True)
    infinite = infinite_values(X, list(frame.columns))
    if infinite is not None:
        raise infinite
    n_total = X.shape[0]
    p = X.shape[1]
    dropped_x = 0
    if missing == "fiml":
        x_idx = [pt.ov_names.index(v) for v in pt.ov_x]
        keep_x = ~np.isnan(X[:, x_idx]).any(axis=1) if x_idx else np.ones(n_total, dtype=bool)
        dropped_x = int((~keep_x).sum())
        keep = keep_x & ~np.isnan(X).all(axis=1)
    else:
        keep = ~np.isnan(X).any(axis=1)
    X = X[keep]
    n = X.shape[0]
    if n < p + 1 or n < 3:
        what = "complete rows" if missing != "fiml" else "rows with data"
        what_zh = "行完整数据" if missing != "fiml" else "行有数据"
        what_hant = "列完整資料" if missing != "fiml" else "列有資料"
        raise _data_error(f"N = {n}, p = {p}",
                          f"Only {n} {what} for {p} observed variables; ML needs more rows than variables "
                          f"(as a rule at least 200, or 5–10 per free parameter).",
                          f"只有 {n} {what_zh}，却有 {p} 个观测变量；ML 估计需要的行数必须多于变量数（一般至少 200，或每个自由参数 5–10 个）。",
                          f"只有 {n} {what_hant}，卻有 {p} 個觀察變項；ML 估計需要的列數必須多於變項數（一般至少 200，或每個自由參數 5–10 個）。")
    return X, n, n_total - n, dropped_x


def _constant_error(const: Sequence[str]) -> OptionError:
    lst = ", ".join(const)
    return _data_error(", ".join(f'"{c}"' for c in const[:10]),
                       f"These variables have no variance (everyone gave the same answer): {lst}. Remove them "
                       f"from the model.",
                       f"以下变量没有变异（所有人答案相同）：{lst}。请从模型中删除。",
                       f"以下變項沒有變異（所有人答案相同）：{lst}。請從模型中刪除。")


def _singular_error(min_eig: float) -> OptionError:
    return _data_error(f"min eigenvalue = {min_eig:.2g}",
                       "The sample covariance matrix is singular: some variables are exact linear combinations "
                       "of others (e.g. a total score next to its items, or duplicated columns). Remove them.",
                       "样本协方差矩阵奇异：某些变量是其他变量的线性组合（如总分与其题目同时放入，或列重复）。请删除这些变量。",
                       "樣本共變數矩陣奇異：某些變項是其他變項的線性組合（如總分與其題目同時放入，或欄重複）。請刪除這些變項。")


def _sample_cov(X: np.ndarray, names: Sequence[str]) -> np.ndarray:
    S = np.cov(X, rowvar=False, bias=True)
    S = np.atleast_2d(S)
    sd = np.sqrt(np.diag(S))
    const = [v for v, s in zip(names, sd) if not s > 1e-12]
    if const:
        raise _constant_error(const)
    R = S / np.outer(sd, sd)
    eig = np.linalg.eigvalsh(R)
    if eig[0] < 1e-10:
        raise _singular_error(eig[0])
    return S


def _check_missing_data(X: np.ndarray, names: Sequence[str]) -> MissingPatterns:
    """Patterns of the FIML data; errors for constant variables and pairs never observed together."""
    with np.errstate(invalid="ignore"):
        sd = np.nanstd(X, axis=0)
    const = [v for v, s in zip(names, sd) if not s > 1e-12]
    if const:
        raise _constant_error(const)
    data = MissingPatterns(X)
    cov = data.coverage
    zero = [(names[i], names[j]) for i in range(len(names)) for j in range(i) if cov[i, j] * data.n < 2]
    if zero:
        pairs = ", ".join(f"{a}–{b}" for a, b in zero[:10])
        raise _data_error(pairs,
                          f"These pairs of variables are (almost) never answered together, so their covariance "
                          f"cannot be estimated even with FIML: {pairs}. Remove one of each pair from the model "
                          f"or collect more complete answers.",
                          f"以下变量对几乎从未被同时作答，即使用 FIML 也无法估计其协方差：{pairs}。请从模型中删除每对中的一个，"
                          f"或收集更多完整的答案。",
                          f"以下變項對幾乎從未被同時作答，即使用 FIML 也無法估計其共變數：{pairs}。請從模型中刪除每對中的一個，"
                          f"或收集更多完整的答案。")
    return data


_MISSING_ALIASES = {"listwise": "listwise", "fiml": "fiml", "ml": "fiml", "direct": "fiml"}


def _check_options(estimator, missing, start) -> tuple[str, str]:
    if not isinstance(estimator, str) or estimator.upper() not in ("ML", "MLR"):
        raise OptionError("option_invalid", option="estimator", detail=f'"{estimator}"',
                          fix_en='Use estimator="ML" (normal-theory SEs and χ²), estimator="MLR" '
                                 '(robust SEs and the Yuan–Bentler scaled χ²) or, for ordered items, '
                                 'estimator="WLSMV" / "ULSMV".',
                          fix_zh='请使用 estimator="ML"（常规标准误与 χ²）、estimator="MLR"（稳健标准误与 Yuan–Bentler 校正 χ²），'
                                 '或对有序题目使用 estimator="WLSMV" / "ULSMV"。',
                          fix_zh_hant='請使用 estimator="ML"（常規標準誤與 χ²）、estimator="MLR"（穩健標準誤與 Yuan–Bentler 校正 χ²），'
                                      '或對有序題目使用 estimator="WLSMV" / "ULSMV"。')
    if not isinstance(missing, str) or missing.lower() not in _MISSING_ALIASES:
        raise OptionError("option_invalid", option="missing", detail=f'"{missing}"',
                          fix_en='Use missing="listwise" (drop incomplete rows, the default) or missing="fiml" '
                                 '(full-information ML, lavaan\'s missing = "ml").',
                          fix_zh='请使用 missing="listwise"（删除不完整的行，默认）或 missing="fiml"（全信息最大似然，'
                                 '即 lavaan 的 missing = "ml"）。',
                          fix_zh_hant='請使用 missing="listwise"（刪除不完整的列，預設）或 missing="fiml"（全訊息最大概似，'
                                      '即 lavaan 的 missing = "ml"）。')
    if start not in ("semopy", "simple"):
        raise OptionError("option_invalid", option="start", detail=f'"{start}"',
                          fix_en='Use start="semopy" or start="simple".',
                          fix_zh='请使用 start="semopy" 或 start="simple"。',
                          fix_zh_hant='請使用 start="semopy" 或 start="simple"。')
    return estimator.upper(), _MISSING_ALIASES[missing.lower()]


# ----------------------------------------------------------------------------------
# the fit
# ----------------------------------------------------------------------------------
@single_threaded
def fit_sem(model: "str | ModelSpec", data: pd.DataFrame, *, estimator: str = "ML", missing: str = "listwise",
            start: str = "simple", ordered=None, parameterization: str = "delta") -> SemResult:
    """Fit ``model`` (lavaan syntax or :class:`ModelSpec`) to ``data`` as ``lavaan::sem``.

    ``estimator="WLSMV"`` (or ``"ULSMV"``, ``"DWLS"``, ``"ULS"``) fits ordered indicators on their
    polychoric correlations as ``lavaan::sem(..., ordered = …, estimator = "WLSMV")``
    (:func:`research.sem.wls.fit_wls_data`): ``ordered`` True (every observed variable of the
    model) or the names of the ordered ones (required: continuous-only DWLS is not offered); ``missing`` "listwise" or "pairwise";
    ``parameterization`` "delta" (default) or "theta".  The result is a
    :class:`research.sem.wls.WlsResult` (a SemResult with ``test``).

    ``estimator``: ``"ML"`` (default) or ``"MLR"`` (robust SEs, Yuan–Bentler
    scaled test).  ``missing``: ``"listwise"`` (default) or ``"fiml"``
    (alias ``"ml"``, lavaan's ``missing = "ml"``).  ``start``: ``"simple"``
    (default) starts from data-based values; ``"semopy"`` from semopy's BFGS
    solution (slower; semopy can stall on models without a marker loading, so
    those always start simple).  A model with intercepts (``~ 1``) is fitted
    with its mean structure; ``==``/``<``/``>`` constraints are honoured
    (:mod:`research.sem.constraints`).  A model with a latent interaction
    ``Y ~ A + B + A:B`` (text) is fitted by product indicators with
    double-mean-centering and matched pairs (:func:`research.sem.interaction.fit_interaction`,
    which also offers residual centering and all pairs): the result is the
    product-indicator model's SemResult, its ``interaction`` attribute holding
    the products, the fitted syntax and the simple slopes.
    Raises :class:`research.errors.OptionError` for invalid syntax or options,
    an under-identified model, variables missing from the data, non-numeric
    or constant columns.  Problems of the solution (non-convergence, Heywood
    cases, a non-positive-definite latent covariance matrix, an information
    matrix that cannot be inverted) are warnings on the result, never errors.
    """
    if isinstance(estimator, str) and estimator.upper() in ORDINAL_ESTIMATORS:
        if ordered is None or ordered is False:
            raise OptionError("option_invalid", option="ordered", detail=f'estimator="{estimator}"',
                              fix_en=f'estimator="{estimator}" is for ordered items: pass ordered=True (every item '
                                     f'of the model) or ordered=[names]. For continuous items use estimator="ML" '
                                     f'or "MLR".',
                              fix_zh=f'estimator="{estimator}" 用于有序题目：请传入 ordered=True（模型的全部题目）或 '
                                     f'ordered=[题目名]。连续题目请使用 estimator="ML" 或 "MLR"。',
                              fix_zh_hant=f'estimator="{estimator}" 用於有序題目：請傳入 ordered=True（模型的全部題目）或 '
                                          f'ordered=[題目名稱]。連續題目請使用 estimator="ML" 或 "MLR"。')
        from .wls import fit_wls_data
        return fit_wls_data(model, data, ordered=ordered, estimator=estimator.upper(),
                            parameterization=parameterization, missing=missing)
    if ordered is not None and ordered is not False:
        raise OptionError("option_invalid", option="ordered", detail=f'estimator="{estimator}"',
                          fix_en='Ordered indicators need estimator="WLSMV" (or "ULSMV"); with ML/MLR leave '
                                 'ordered out.',
                          fix_zh='有序指标需要 estimator="WLSMV"（或 "ULSMV"）；使用 ML/MLR 时请不要设置 ordered。',
                          fix_zh_hant='有序指標需要 estimator="WLSMV"（或 "ULSMV"）；使用 ML/MLR 時請不要設定 ordered。')
    estimator, missing = _check_options(estimator, missing, start)
    if isinstance(model, str) and ":" in model:
        from .interaction import as_sem_result, fit_interaction, has_interaction
        if has_interaction(model):
            return as_sem_result(fit_interaction(model, data, estimator=estimator, missing=missing, start=start))
    spec = parse_model(model)
    pt = build_partable(spec)
    if missing == "fiml" or pt.meanstructure:
        return _fit_fiml(spec, data, estimator, start, complete=missing != "fiml")
    X, n, dropped, _ = _prepare_data(pt, data)
    names = list(pt.ov_names)
    S = _sample_cov(X, names)
    ram = RamModel(pt)

    theta0, start_used = _user_starts(pt, ram.start_values(S)), "simple"
    if start == "semopy":
        semopy_theta, how = semopy_start(pt, pd.DataFrame(X, columns=names))
        if semopy_theta is not None:
            theta0, start_used = semopy_theta, how
    ml = ram.fit(S, n, theta0)
    if not ml.converged and start_used == "semopy":
        alt = ram.fit(S, n, _user_starts(pt, ram.start_values(S)))
        if alt.converged or alt.fmin < ml.fmin:
            ml, start_used = alt, "simple"
    theta = ml.theta
    warnings: list[diag.SemWarning] = identification_warnings(pt)
    if dropped:
        warnings.append(diag.listwise_deleted(dropped, n + dropped))
    _fit_warnings(pt, ml, warnings, n, gradient=lambda t: ram.gradient(t, S))
    _scale_warning(names, np.diag(S), warnings)
    J, npar, df = _constraint_terms(ram, theta, pt, warnings)
    exo_idx = [names.index(v) for v in pt.ov_x]
    fit = fit_measures(S, ram.implied_cov(theta, S), n, npar, df, exo_idx)
    if estimator == "MLR" and pt.npar:
        parts = robust.robust_complete(ram, theta, X, S, exo_idx, inverse=_inverse_with(J))
        vcov = _checked_vcov(parts.E, parts.vcov, J, warnings, pt)
        c = parts.trace_ugamma / df if df > 0 else np.nan
        cb = robust.baseline_trace_complete(X, S, exo_idx) / fit["baseline.df"] if fit["baseline.df"] > 0 else np.nan
        fit.update(robust.robust_fit_measures(fit["chisq"], df, fit["baseline.chisq"], fit["baseline.df"],
                                              n, c if c > 0 else np.nan, cb))
        _check_scaling(c, df, warnings)
    else:
        info = ram.information(theta, S) if pt.npar else np.zeros((0, 0))
        vcov = _invert_information(info, n, warnings, J, pt) if pt.npar else np.zeros((0, 0))
        if estimator == "MLR":
            fit.update(robust.robust_fit_measures(fit["chisq"], df, fit["baseline.chisq"],
                                                  fit["baseline.df"], n, np.nan, np.nan))
    _blank_without_df(fit, df)
    return _assemble(spec, pt, ram, ml, S, n, X, vcov=vcov, fit=fit, warnings=warnings, estimator=estimator,
                     missing="listwise", dropped=dropped, start_used=start_used)


# what stays defined when df < 0 (lavaan leaves χ² and everything built on it NA)
_DEFINED_WITHOUT_DF = {"npar", "ntotal", "df", "logl", "unrestricted.logl", "aic", "bic", "bic2", "srmr", "gfi",
                       "agfi", "baseline.chisq", "baseline.df", "baseline.pvalue"}


def _blank_without_df(fit: dict, df: int) -> None:
    """With negative degrees of freedom (an under-identified model) χ² and the measures built on it are missing."""
    if df < 0:
        for k in fit:
            if k not in _DEFINED_WITHOUT_DF:
                fit[k] = np.nan


def _user_starts(pt: ParTable, theta: np.ndarray) -> np.ndarray:
    """``start(…)`` values written in the model replace the data-based starting values."""
    theta = np.array(theta, dtype=float)
    for r in pt.rows:
        if r.free and r.start is not None:
            theta[r.free - 1] = r.start
    return theta


def _constraint_terms(ram: RamModel, theta: np.ndarray, pt: ParTable, warnings: list):
    """(J, npar, df): the Jacobian of the equalities and active inequalities at θ̂ (None without
    constraints), and lavaan's npar and df (each equality, by the rank of its Jacobian, takes a
    parameter away and adds a degree of freedom); a warning names the bounds that are reached."""
    cons = ram.constraints
    if not cons:
        return None, pt.npar, pt.df
    rank = cons.rank_eq(theta)
    at_bound = cons.names_at_bound(theta)
    if at_bound:
        warnings.append(diag.at_bound(at_bound))
    return cons.jacobian(theta), pt.npar - rank, pt.df + rank


CASES_PER_PARAMETER = 5     # Bentler & Chou (1987): at least 5 cases per free parameter (DOMAIN.md §2)


def _fit_warnings(pt: ParTable, ml: MLFit, warnings: list, n: int | None = None, gradient=None) -> None:
    """Warnings about the optimisation; ``gradient(θ)`` names the parameters furthest from a stationary point."""
    random_x = [v for note in pt.notes if note.startswith("random_x:") for v in note.split(":", 1)[1].split(",")]
    if random_x:
        warnings.append(diag.random_covariate(random_x))
    if not ml.converged:
        names: list[str] = []
        if gradient is not None:
            try:
                with np.errstate(all="ignore"):
                    g = np.abs(np.asarray(gradient(ml.theta), dtype=float))
                names = _weak_parameters(pt, np.where(np.isfinite(g), g, 0.0), limit=5) if np.any(g > 0) else []
            except (np.linalg.LinAlgError, ValueError):
                names = []
        warnings.append(diag.not_converged(ml.message, ml.gradient_max, names))
    # the rule counts the parameters of the covariance structure (saturated intercepts add nothing to learn)
    q = pt.n_cov_par
    if n is not None and q and n < CASES_PER_PARAMETER * q:
        warnings.append(diag.small_sample(n, q, CASES_PER_PARAMETER))


SCALE_RATIO = 1000.0        # lavaan: "some observed variances are (at least) a factor 1000 times larger than others"


def _scale_warning(names, variances, warnings: list) -> None:
    """``variance_scale`` when the largest observed variance is ≥ 1000 × the smallest (as lavaan warns)."""
    v = np.asarray(variances, dtype=float)
    ok = np.isfinite(v) & (v > 0)
    if ok.sum() < 2:
        return
    lo, hi = float(v[ok].min()), float(v[ok].max())
    if hi >= SCALE_RATIO * lo:
        small = [n for n, x, k in zip(names, v, ok) if k and x * SCALE_RATIO <= hi]
        large = [n for n, x, k in zip(names, v, ok) if k and x >= lo * SCALE_RATIO]
        warnings.append(diag.variance_scale(hi / lo, large, small))


def _inverse_with(J):
    """The inverse an MLR sandwich uses for its bread: plain, or lavaan's augmented one under constraints."""
    if J is None:
        return None
    from .constraints import constrained_inverse
    return lambda M: constrained_inverse(M, J)


def _equilibrated_inverse(info: np.ndarray, J=None) -> tuple[np.ndarray | None, float, np.ndarray | None]:
    """(inverse, condition number, direction) of ``info`` scaled to unit diagonal first (Jacobi
    equilibration: variables whose variances differ by 10⁴ make the information badly scaled, not
    singular; the scaled matrix tells the two apart).  The inverse is None when the scaled matrix is
    singular (condition > 1e10), as lavaan leaves the SEs out when ``solve()`` fails; ``direction`` is
    then the (scaled) eigenvector of its smallest eigenvalue — the combination of parameters the data
    cannot tell apart.  With constraints J the information restricted to their null space is judged and
    lavaan's augmented inverse is taken."""
    d = np.sqrt(np.abs(np.diag(info)))
    d[~(d > 0)] = 1.0
    Dinv = 1.0 / d
    scaled = info * np.outer(Dinv, Dinv)
    scaled = (scaled + scaled.T) / 2
    K = None
    if J is not None and J.size:
        Js = J * Dinv
        K = linalg.null_space(Js) if Js.shape[0] else np.eye(len(d))
        scaled_r = K.T @ scaled @ K
    else:
        scaled_r = scaled
    if scaled_r.size == 0:
        return np.zeros_like(info), 1.0, None
    eig, vec = np.linalg.eigh((scaled_r + scaled_r.T) / 2)
    cond = eig[-1] / eig[0] if eig[0] > 0 else np.inf
    if not cond < 1e10:
        v = vec[:, 0] if K is None else K @ vec[:, 0]
        return None, cond, v
    if K is not None:
        from .constraints import constrained_inverse
        inv = constrained_inverse(scaled, J * Dinv)
    else:
        inv = np.linalg.inv(scaled)
    out = inv * np.outer(Dinv, Dinv)
    return (out + out.T) / 2, cond, None


def _weak_parameters(pt: ParTable | None, direction, limit: int = 6) -> list[str]:
    """The parameters that carry the direction the information cannot resolve (largest components first)."""
    if pt is None or direction is None:
        return []
    first = {}
    for r in pt.rows:
        if r.free and r.free not in first:
            first[r.free] = f"{r.lhs} {r.op} {r.rhs}".strip()
    w = np.abs(np.asarray(direction, dtype=float))
    order = [k for k in np.argsort(-w) if w[k] >= 0.2 * w.max()][:limit]
    return [first.get(k + 1, f"θ{k + 1}") for k in order]


def _invert_information(info: np.ndarray, n: int, warnings: list, J=None, pt: ParTable | None = None) -> np.ndarray:
    """ACOV = (N · information)⁻¹ (augmented under constraints); all NaN, with the
    ``information_singular`` warning naming the parameters involved, when it cannot be inverted."""
    inv, cond, direction = _equilibrated_inverse(info, J)
    if inv is None:
        warnings.append(diag.information_singular(cond, _weak_parameters(pt, direction)))
        return np.full(info.shape, np.nan)
    return inv / n


def _checked_vcov(E: np.ndarray, vcov: np.ndarray, J, warnings: list, pt: ParTable | None = None) -> np.ndarray:
    """The sandwich ACOV, withheld (NaN) with ``information_singular`` when its bread cannot be inverted."""
    inv, cond, direction = _equilibrated_inverse(E, J)
    if inv is None:
        warnings.append(diag.information_singular(cond, _weak_parameters(pt, direction)))
        return np.full(vcov.shape, np.nan)
    return vcov


def _check_scaling(c: float, df: int, warnings: list) -> None:
    """``scaling_failed`` when df > 0 but tr(UΓ) is not positive (lavaan then reports NA)."""
    if df > 0 and not (np.isfinite(c) and c > 0):
        warnings.append(diag.scaling_failed(c))


def _fit_fiml(spec: ModelSpec, data: pd.DataFrame, estimator: str, start: str, complete: bool = False) -> SemResult:
    """Full-information ML (lavaan ``missing = "ml"``), see the module docstring.

    ``complete=True``: a model with a mean structure (``~ 1``) on the complete rows — the same
    likelihood with a single missing-data pattern; its SEs use the expected information, as
    lavaan's for complete data (the observed information with MLR).
    """
    pt = build_partable(spec, meanstructure=True)
    pt_cov = build_partable(spec.covariance_only())
    X, n, dropped, dropped_x = _prepare_data(pt, data, missing="listwise" if complete else "fiml")
    names = list(pt.ov_names)
    warnings: list[diag.SemWarning] = identification_warnings(pt)
    if complete:
        if dropped:
            warnings.append(diag.listwise_deleted(dropped, n + dropped))
    else:
        if dropped_x:
            warnings.append(diag.covariate_missing(dropped_x, n + dropped, list(pt.ov_x)))
        if dropped - dropped_x:
            warnings.append(diag.empty_rows(dropped - dropped_x, n + dropped))
    data_p = _check_missing_data(X, names)
    if not complete:
        low = [(names[i], names[j]) for i in range(len(names)) for j in range(i + 1)
               if data_p.coverage[i, j] < 0.1]
        if low:
            warnings.append(diag.low_coverage([f"{a}–{b}" if a != b else a for a, b in low]))
    em = data_p.em()
    if not em.converged:
        warnings.append(diag.em_not_converged(em.iterations, em.max_change))
    S1, M1 = em.sigma, em.mu
    eig = np.linalg.eigvalsh(S1 / np.sqrt(np.outer(np.diag(S1), np.diag(S1))))
    if eig[0] < 1e-10:
        raise _singular_error(eig[0])
    ram = RamModel(pt)
    ram_cov = RamModel(pt_cov)
    # starts: the covariance part from an ML fit to the EM covariance matrix (semopy's solution on the
    # complete rows only if that fails), intercepts such that μ(θ) reproduces the EM means
    ml0 = ram_cov.fit(S1, n, _user_starts(pt_cov, ram_cov.start_values(S1)))
    start_used = "simple"
    if not ml0.converged and start == "semopy":
        complete_rows = X[~np.isnan(X).any(axis=1)]
        if complete_rows.shape[0] > len(names):
            theta0, how = semopy_start(pt_cov, pd.DataFrame(complete_rows, columns=names))
            if theta0 is not None:
                alt = ram_cov.fit(S1, n, theta0)
                if alt.converged or alt.fmin < ml0.fmin:
                    ml0, start_used = alt, how
    theta_start = _map_parameters(pt_cov, ml0.theta, pt)
    theta_start = _user_starts(pt, _mean_starts(ram, theta_start, S1, M1))
    obj = FimlObjective(ram, data_p, S1, M1)
    if ram.constraints:
        ml = _fit_fiml_constrained(obj, ram, theta_start)
    else:
        ml = fit_fiml(obj, theta_start)
    theta = ml.theta
    _fit_warnings(pt, ml, warnings, n, gradient=obj.gradient)
    _scale_warning(names, np.diag(S1), warnings)
    J, npar, df = _constraint_terms(ram, theta, pt, warnings)
    x_idx = [names.index(v) for v in pt.ov_x]
    mu_hat, Sigma = obj.moments(theta)
    logl_h1 = data_p.loglik(M1, S1)
    logl = data_p.loglik(mu_hat, Sigma)
    X2 = 2.0 * (logl_h1 - logl)
    if -1e-6 < X2 < 0:          # rounding at an exact fit (df = 0)
        X2 = 0.0
    mu_b, S_b, Delta_b = robust.baseline_fiml(data_p, M1, S1, x_idx)
    logl_b = data_p.loglik(mu_b, S_b)
    X2b = 2.0 * (logl_h1 - logl_b)
    dfb = pt.n_moments - Delta_b.shape[1]
    # with fixed.x covariates lavaan's logl is conditional on them: the covariates' saturated marginal
    # log-likelihood (complete after the deletion above) is subtracted
    loglx = 0.0
    if x_idx:
        loglx = MissingPatterns(X[:, x_idx]).loglik(M1[x_idx], S1[np.ix_(x_idx, x_idx)])
    m_pw, c_pw = data_p.pairwise_moments()
    vr, vc = vech_indices(len(names))
    keep = robust.nonx_moments(len(names), x_idx, meanstructure=True)
    g = gfi_weighted(np.concatenate([m_pw, c_pw[vr, vc]]), np.concatenate([mu_hat, Sigma[vr, vc]]),
                     data_p.information(mu_hat, Sigma, "expected") / n, keep)
    fit = fiml_fit_measures(X2, df, X2b, dfb, n, npar, logl - loglx, logl_h1 - loglx, S1, M1, Sigma,
                            mu_hat, g)
    if complete and estimator == "ML":
        H = obj.expected_information(theta) if pt.npar else np.zeros((0, 0))
    else:
        H = obj.hessian(theta) if pt.npar else np.zeros((0, 0))
    Delta = ram.moments_jacobian(theta, S1, M1, meanstructure=True)
    if estimator == "MLR" and pt.npar:
        parts = robust.robust_fiml(obj, theta, H, M1, S1, x_idx, inverse=_inverse_with(J))
        vcov = _checked_vcov(H, parts.vcov, J, warnings, pt)
        c = parts.trace_ugamma / df if df > 0 else np.nan
        trace_h1 = parts.trace_h1
        cb = robust.baseline_trace_fiml(data_p, mu_b, S_b, Delta_b, trace_h1) / dfb if dfb > 0 else np.nan
        corrected = None if complete else _fiml_corrected(data_p, M1, S1, Delta, mu_hat, Sigma, df, Delta_b, mu_b,
                                                          S_b, dfb, "V3", warnings, x_idx, J)
        fit.update(robust.robust_fit_measures(X2, df, X2b, dfb, n, c if c > 0 else np.nan, cb, corrected))
        _check_scaling(c, df, warnings)
    else:
        vcov = _invert_information(H, n, warnings, J, pt) if pt.npar else np.zeros((0, 0))
        if not complete:
            corrected = _fiml_corrected(data_p, M1, S1, Delta, mu_hat, Sigma, df, Delta_b, mu_b, S_b, dfb,
                                        "V6", warnings, x_idx, J)
            fit.update(robust.robust_only(X2, df, X2b, dfb, n, np.nan, np.nan, corrected))
        elif estimator == "MLR":
            fit.update(robust.robust_fit_measures(X2, df, X2b, dfb, n, np.nan, np.nan))
    _blank_without_df(fit, df)
    res = _assemble(spec, pt, ram, ml, S1, n, X, vcov=vcov, fit=fit, warnings=warnings, estimator=estimator,
                    missing="listwise" if complete else "fiml", dropped=dropped, start_used=start_used, M=M1,
                    mu_hat=mu_hat)
    res = dataclasses.replace(res, fiml_hessian=None if complete else H)
    res.optimizer.update({"em_iterations": em.iterations, "em_converged": em.converged,
                          "em_max_change": em.max_change, "patterns": len(data_p.patterns),
                          "complete_rows": int((~np.isnan(X).any(axis=1)).sum())})
    return res


def _map_parameters(src: ParTable, theta: np.ndarray, dst: ParTable) -> np.ndarray:
    """θ of ``src`` carried over to the free parameters of ``dst`` with the same (lhs, op, rhs)."""
    by_key = {r.key: theta[r.free - 1] for r in src.rows if r.free}
    out = np.zeros(dst.npar)
    for r in dst.rows:
        if r.free and r.key in by_key:
            out[r.free - 1] = by_key[r.key]
    return out


def _fit_fiml_constrained(obj: FimlObjective, ram: RamModel, theta0: np.ndarray, max_iter: int = 500) -> MLFit:
    """The FIML fit under the model's constraints: Newton with the Hessian of f (closed form)."""
    from .constraints import Problem, minimize

    problem = Problem(value=obj.value, gradient=obj.gradient,
                      hessian=lambda t: (obj.gradient(t), obj.hessian(t)),
                      metric=obj.expected_information)
    return minimize(problem, theta0, ram.constraints, gtol=1e-9, max_iter=max_iter)


def _fiml_corrected(data_p, M1, S1, Delta, mu_hat, Sigma, df, Delta_b, mu_b, S_b, dfb, version, warnings, x_idx,
                    J=None):
    try:
        return robust.fiml_corrected(data_p, M1, S1, Delta, mu_hat, Sigma, df, Delta_b, mu_b, S_b, dfb, version,
                                     x_idx, inverse=_inverse_with(J))
    except (np.linalg.LinAlgError, ValueError, ZeroDivisionError):
        warnings.append(diag.scaling_failed(np.nan))
        return {k: np.nan for k in ("XX3", "df3", "c.hat3", "XX3.scaled", "XX3.null", "df3.null", "c.hat3.null")}


def _mean_starts(ram: RamModel, theta: np.ndarray, S: np.ndarray, M: np.ndarray) -> np.ndarray:
    """θ with the free intercepts set to reproduce the target means M as closely as possible (least
    squares; μ is linear in them) — the other parameters as given."""
    means = sorted({r.free - 1 for r in ram.partable.rows if r.op == "~1" and r.free})
    if not means:
        return np.array(theta, dtype=float)
    base = np.array(theta, dtype=float)
    base[means] = 0.0
    mu0 = ram.implied_mean(base, S, M)
    Jm = np.zeros((ram.p, len(means)))
    for j, k in enumerate(means):
        t = base.copy()
        t[k] = 1.0
        Jm[:, j] = ram.implied_mean(t, S, M) - mu0
    sol, *_ = np.linalg.lstsq(Jm, M - mu0, rcond=None)
    base[means] = sol
    return base


def cfa(model_or_measurement: "str | ModelSpec | Mapping[str, Sequence[str]]", data: pd.DataFrame,
        **kwargs) -> SemResult:
    """Confirmatory factor analysis as ``lavaan::cfa``: the measurement part, all factors correlated.

    ``model_or_measurement`` is lavaan syntax, a :class:`ModelSpec` or a
    mapping ``{factor: [item, ...]}``; regressions (``~``) are dropped.
    """
    if isinstance(model_or_measurement, Mapping):
        lines = []
        for factor, items in model_or_measurement.items():
            if isinstance(items, str):
                items = [items]
            lines.append(f"{factor} =~ " + " + ".join(str(i) for i in items))
        spec = parse_model("\n".join(lines))
    else:
        spec = parse_model(model_or_measurement)
    spec = spec.measurement_only()
    if not spec.measurement:
        raise OptionError("option_invalid", option="model", detail='"=~"',
                          fix_en="A CFA needs at least one factor: 'F1 =~ x1 + x2 + x3'.",
                          fix_zh="CFA 至少需要一个因子：'F1 =~ x1 + x2 + x3'。",
                          fix_zh_hant="CFA 至少需要一個因素：'F1 =~ x1 + x2 + x3'。")
    return fit_sem(spec, data, **kwargs)


def _assemble(spec, pt, ram: RamModel, ml: MLFit, S, n, X, *, vcov, fit, warnings, estimator, missing, dropped,
              start_used, M=None, mu_hat=None) -> SemResult:
    names = list(pt.ov_names)
    theta = ml.theta
    warnings = list(warnings)

    Sigma = ram.implied_cov(theta, S)
    est = row_estimates(ram, theta, S, M)
    se = np.zeros(len(pt.rows))
    held = _held_by_constraints(ram, theta)
    for k, r in enumerate(pt.rows):
        if r.free:
            v = vcov[r.free - 1, r.free - 1]
            # a parameter fixed by the constraints (a == 1, an active bound) has variance 0 up to rounding
            # (lavaan prints 0 or NA by chance)
            se[k] = 0.0 if held[r.free - 1] else math.sqrt(v) if v >= 0 else np.nan
    std_lv, std_all = standardize(ram, theta, S, M)

    # defined parameters
    dvals = defined_with_gradient(pt, theta, est)
    d_std_lv = defined_values(pt, std_lv)
    d_std_all = defined_values(pt, std_all)

    # standardized solution with delta-method SEs
    J = std_all_jacobian(ram, theta, S, M) if pt.npar else np.zeros((len(pt.rows) + len(pt.defined), 0))
    std_vec = np.concatenate([std_all, np.array([d_std_all[d.name] for d in pt.defined], dtype=float)])
    std_cov = J @ vcov @ J.T if pt.npar else np.zeros((len(std_vec), len(std_vec)))
    std_se = np.sqrt(np.clip(np.diag(std_cov), 0, None))

    rows = []
    for k, r in enumerate(pt.rows):
        rows.append(_row(r.lhs, r.op, r.rhs, r.label, est[k], se[k], bool(r.free), std_lv[k], std_all[k]))
    drows = []
    for d in pt.defined:
        v, g = dvals[d.name]
        s = math.sqrt(max(float(g @ vcov @ g), 0.0)) if pt.npar else 0.0
        drows.append(_row(d.name, ":=", d.text, d.name, v, s, s > 0, d_std_lv[d.name], d_std_all[d.name]))
    parameters = pd.DataFrame(rows + drows, columns=PARAMETER_COLUMNS)
    defined = pd.DataFrame(drows, columns=PARAMETER_COLUMNS)

    srows = []
    all_rows = [(r.lhs, r.op, r.rhs, r.label) for r in pt.rows] + [(d.name, ":=", d.text, d.name) for d in pt.defined]
    for k, (lhs, op, rhs, label) in enumerate(all_rows):
        e, s = std_vec[k], std_se[k]
        z = e / s if s > 1e-12 * max(1.0, abs(e)) else np.nan
        srows.append({"lhs": lhs, "op": op, "rhs": rhs, "label": label, "est.std": e, "se": s, "z": z,
                      "pvalue": 2 * stats.norm.sf(abs(z)) if np.isfinite(z) else np.nan,
                      "ci.lower": e - Z975 * s, "ci.upper": e + Z975 * s})
    standardized = pd.DataFrame(srows, columns=STANDARDIZED_COLUMNS)
    r2 = r_squared(pt, std_all)

    # -- admissibility checks --------------------------------------------------------
    neg = [r.lhs for k, r in enumerate(pt.rows)
           if r.op == "~~" and r.lhs == r.rhs and not r.exo and est[k] < 0]
    if neg:
        warnings.append(diag.negative_variance(neg))
    big = [f"{r.lhs} {r.op} {r.rhs}" for k, r in enumerate(pt.rows)
           if (r.op in ("=~", "~") or (r.op == "~~" and r.lhs != r.rhs)) and abs(std_all[k]) > 1 + 1e-8]
    if big:
        warnings.append(diag.std_above_one(big))
    if np.linalg.eigvalsh((Sigma + Sigma.T) / 2)[0] <= 0:
        warnings.append(diag.implied_cov_not_pd())
    if pt.lv_names:
        V = ram.total_cov(theta, S)
        lv_idx = [ram.index[v] for v in pt.lv_names]
        Veta = V[np.ix_(lv_idx, lv_idx)]
        if np.linalg.eigvalsh((Veta + Veta.T) / 2)[0] <= 0:
            warnings.append(diag.latent_cov_not_pd(_latent_problems(pt.lv_names, Veta)))

    provenance = {"data_sha256": data_digest(X, names), "n_rows_used": int(n), "n_rows_dropped": int(dropped),
                  "versions": _versions()}
    optimizer = {"start": start_used, "iterations": ml.iterations, "gradient_max": ml.gradient_max,
                 "fmin": ml.fmin, "message": ml.message}
    sample_mean = implied_mean = None
    if M is not None:
        sample_mean = pd.Series(np.asarray(M, dtype=float), index=names)
        implied_mean = pd.Series(np.asarray(mu_hat, dtype=float), index=names)
    return SemResult(
        spec=spec, partable=pt, n=n, converged=ml.converged, parameters=parameters,
        standardized=standardized, defined=defined, fit=fit, r2=r2,
        implied_cov=pd.DataFrame(Sigma, index=names, columns=names),
        sample_cov=pd.DataFrame(S, index=names, columns=names),
        warnings=tuple(warnings), theta=theta.copy(), vcov=vcov, model=ram,
        optimizer=optimizer, provenance=provenance, estimator=estimator, missing=missing,
        sample_mean=sample_mean, implied_mean=implied_mean)


def _held_by_constraints(ram: RamModel, theta: np.ndarray) -> np.ndarray:
    """Mask of the free parameters the equalities and active bounds determine completely (no direction of the
    constraint set moves them)."""
    held = np.zeros(ram.q, dtype=bool)
    cons = ram.constraints
    if cons:
        J = cons.jacobian(theta)
        if J.size:
            K = linalg.null_space(J)
            held = np.linalg.norm(K, axis=1) < 1e-8 if K.size else np.ones(ram.q, dtype=bool)
    return held


def _latent_problems(names, V: np.ndarray) -> list[str]:
    """What makes a latent covariance matrix improper: negative variances, correlations at or beyond ±1."""
    var = np.diag(V)
    out = [f"var({n}) = {v:.3g}" for n, v in zip(names, var) if v <= 0]
    for i in range(len(names)):
        for j in range(i):
            if var[i] > 0 and var[j] > 0:
                r = V[i, j] / np.sqrt(var[i] * var[j])
                if abs(r) >= 1 - 1e-6:
                    out.append(f"r({names[j]}, {names[i]}) = {r:.3f}")
    return out


def _row(lhs, op, rhs, label, est, se, free, std_lv, std_all) -> dict:
    if free and se > 0:
        z = est / se
        p = 2 * stats.norm.sf(abs(z))
    else:
        z = p = np.nan
    return {"lhs": lhs, "op": op, "rhs": rhs, "label": label, "est": float(est), "se": float(se),
            "z": z, "pvalue": p, "ci.lower": est - Z975 * se, "ci.upper": est + Z975 * se,
            "std.lv": float(std_lv), "std.all": float(std_all)}


@functools.lru_cache(maxsize=1)
def _cached_versions() -> tuple:
    out = []
    for pkg in ("satisfaction-research", "numpy", "scipy", "pandas", "semopy"):
        try:
            out.append((pkg, metadata.version(pkg)))
        except metadata.PackageNotFoundError:
            out.append((pkg, None))
    return tuple(out)


def _versions() -> dict:
    """Package versions for the provenance (looked up once per process: it costs milliseconds)."""
    return dict(_cached_versions())
