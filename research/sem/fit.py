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

Engine (see :mod:`research.sem.ram` for the why): semopy 2.3.11 fits the model
first (``obj="MLW"``, ``solver="BFGS"``); our analytic Newton–Raphson on
F_ML then converges from semopy's solution to a gradient of ~1e-10, and
all reported numbers are computed here, not by semopy's ``calc_stats``
(whose GFI/AGFI/AIC/BIC/RMSEA differ from lavaan's, see DOMAIN.md §3).
The result keeps the compiled model and θ̂, so a bootstrap can call
``result.refit(S_b)`` (warm start at θ̂, no rebuilding).
"""
from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field
from importlib import metadata
from typing import Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import stats

from ..errors import OptionError
from . import diagnostics as diag
from .fit_measures import fit_measures
from .partable import ParTable, build_partable, check_identification
from .ram import MLFit, RamModel
from .semopy_bridge import semopy_start
from .standardize import defined_with_gradient, defined_values, r_squared, row_estimates, standardize, \
    std_all_jacobian
from .syntax import ModelSpec, parse_model

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

    # -- re-use for resampling -------------------------------------------------
    def implied(self, theta: np.ndarray | None = None, S: np.ndarray | None = None) -> np.ndarray:
        """Σ(θ) (default θ̂); S supplies fixed-x covariate moments when the model has any."""
        S = self.sample_cov.to_numpy() if S is None else S
        return self.model.implied_cov(self.theta if theta is None else theta, S)

    def refit(self, S: np.ndarray, n: int | None = None, theta0: np.ndarray | None = None) -> MLFit:
        """ML fit of the same model to another covariance matrix (divisor N), warm-started at θ̂."""
        return self.model.fit(np.asarray(S, dtype=float), n, self.theta if theta0 is None else theta0)

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

        return {
            "estimator": self.estimator,
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


def _prepare_data(pt: ParTable, data) -> tuple[np.ndarray, int, int]:
    """Numeric matrix of the model's observed variables (listwise complete), n used, n dropped."""
    if not isinstance(data, pd.DataFrame):
        raise _data_error(f'"{type(data).__name__}"', "Pass the data as a pandas DataFrame with one column per item.",
                          "请以 pandas DataFrame 提供数据，每个题目一列。", "請以 pandas DataFrame 提供資料，每個題目一欄。")
    cols = [str(c) for c in data.columns]
    missing = [v for v in pt.ov_names if v not in cols]
    if missing:
        names = ", ".join(missing)
        raise _data_error(
            ", ".join(f'"{m}"' for m in missing[:10]) + (" …" if len(missing) > 10 else ""),
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
    X[~np.isfinite(X)] = np.nan
    keep = ~np.isnan(X).any(axis=1)
    n_total = X.shape[0]
    X = X[keep]
    n = X.shape[0]
    p = X.shape[1]
    if n < p + 1 or n < 3:
        raise _data_error(f"N = {n}, p = {p}",
                          f"Only {n} complete rows for {p} observed variables; ML needs more rows than variables "
                          f"(as a rule at least 200, or 5–10 per free parameter).",
                          f"只有 {n} 行完整数据，却有 {p} 个观测变量；ML 估计需要的行数必须多于变量数（一般至少 200，或每个自由参数 5–10 个）。",
                          f"只有 {n} 列完整資料，卻有 {p} 個觀察變項；ML 估計需要的列數必須多於變項數（一般至少 200，或每個自由參數 5–10 個）。")
    return X, n, n_total - n


def _sample_cov(X: np.ndarray, names: Sequence[str]) -> np.ndarray:
    S = np.cov(X, rowvar=False, bias=True)
    S = np.atleast_2d(S)
    sd = np.sqrt(np.diag(S))
    const = [v for v, s in zip(names, sd) if not s > 1e-12]
    if const:
        lst = ", ".join(const)
        raise _data_error(", ".join(f'"{c}"' for c in const[:10]),
                          f"These variables have no variance (everyone gave the same answer): {lst}. Remove them "
                          f"from the model.",
                          f"以下变量没有变异（所有人答案相同）：{lst}。请从模型中删除。",
                          f"以下變項沒有變異（所有人答案相同）：{lst}。請從模型中刪除。")
    R = S / np.outer(sd, sd)
    eig = np.linalg.eigvalsh(R)
    if eig[0] < 1e-10:
        raise _data_error(f"min eigenvalue = {eig[0]:.2g}",
                          "The sample covariance matrix is singular: some variables are exact linear combinations "
                          "of others (e.g. a total score next to its items, or duplicated columns). Remove them.",
                          "样本协方差矩阵奇异：某些变量是其他变量的线性组合（如总分与其题目同时放入，或列重复）。请删除这些变量。",
                          "樣本共變數矩陣奇異：某些變項是其他變項的線性組合（如總分與其題目同時放入，或欄重複）。請刪除這些變項。")
    return S


# ----------------------------------------------------------------------------------
# the fit
# ----------------------------------------------------------------------------------
def fit_sem(model: "str | ModelSpec", data: pd.DataFrame, *, estimator: str = "ML",
            start: str = "semopy") -> SemResult:
    """Fit ``model`` (lavaan syntax or :class:`ModelSpec`) to ``data`` by ML, as ``lavaan::sem``.

    ``start``: ``"semopy"`` (default) starts from semopy's BFGS solution;
    ``"simple"`` from data-based starting values (faster, no semopy).
    Raises :class:`research.errors.OptionError` for invalid syntax, an
    under-identified model, variables missing from the data, non-numeric
    or constant columns.
    """
    if not isinstance(estimator, str) or estimator.upper() != "ML":
        raise OptionError("option_invalid", option="estimator", detail=f'"{estimator}"',
                          fix_en='Only estimator="ML" is available for now (MLR and FIML come later).',
                          fix_zh='目前只支持 estimator="ML"（MLR 和 FIML 将在之后提供）。',
                          fix_zh_hant='目前只支援 estimator="ML"（MLR 與 FIML 將於之後提供）。')
    if start not in ("semopy", "simple"):
        raise OptionError("option_invalid", option="start", detail=f'"{start}"',
                          fix_en='Use start="semopy" or start="simple".',
                          fix_zh='请使用 start="semopy" 或 start="simple"。',
                          fix_zh_hant='請使用 start="semopy" 或 start="simple"。')
    spec = parse_model(model)
    pt = build_partable(spec)
    check_identification(pt)
    X, n, dropped = _prepare_data(pt, data)
    names = list(pt.ov_names)
    S = _sample_cov(X, names)
    ram = RamModel(pt)

    theta0, start_used = None, "simple"
    if start == "semopy":
        theta0, start_used = semopy_start(pt, pd.DataFrame(X, columns=names))
    ml = ram.fit(S, n, theta0)
    if not ml.converged and theta0 is not None:
        alt = ram.fit(S, n, None)
        if alt.converged or alt.fmin < ml.fmin:
            ml, start_used = alt, "simple"
    theta = ml.theta
    return _assemble(spec, pt, ram, ml, theta, S, n, dropped, start_used, X)


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


def _assemble(spec, pt, ram: RamModel, ml: MLFit, theta, S, n, dropped, start_used, X) -> SemResult:
    names = list(pt.ov_names)
    warnings: list[diag.SemWarning] = []
    if dropped:
        warnings.append(diag.listwise_deleted(dropped, n + dropped))
    random_x = [v for note in pt.notes if note.startswith("random_x:") for v in note.split(":", 1)[1].split(",")]
    if random_x:
        warnings.append(diag.random_covariate(random_x))
    if not ml.converged:
        warnings.append(diag.not_converged(ml.message, ml.gradient_max))

    Sigma = ram.implied_cov(theta, S)
    # expected information (per observation) and ACOV = (N · info)⁻¹
    info = ram.information(theta, S) if pt.npar else np.zeros((0, 0))
    vcov = np.zeros((0, 0))
    if pt.npar:
        eig = np.linalg.eigvalsh(info)
        cond = eig[-1] / eig[0] if eig[0] > 0 else np.inf
        if not (eig[0] > 1e-10 * eig[-1]):
            warnings.append(diag.information_singular(cond))
            vcov = np.linalg.pinv(n * info)
        else:
            vcov = np.linalg.inv(n * info)
        vcov = (vcov + vcov.T) / 2

    est = row_estimates(ram, theta, S)
    se = np.zeros(len(pt.rows))
    for k, r in enumerate(pt.rows):
        if r.free:
            v = vcov[r.free - 1, r.free - 1]
            se[k] = math.sqrt(v) if v >= 0 else np.nan
    std_lv, std_all = standardize(ram, theta, S)

    # defined parameters
    dvals = defined_with_gradient(pt, theta, est)
    d_std_lv = defined_values(pt, std_lv)
    d_std_all = defined_values(pt, std_all)

    # standardized solution with delta-method SEs
    J = std_all_jacobian(ram, theta, S) if pt.npar else np.zeros((len(pt.rows) + len(pt.defined), 0))
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

    exo_idx = [names.index(v) for v in pt.ov_x]
    fit = fit_measures(S, Sigma, n, pt.npar, pt.df, exo_idx)
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
            warnings.append(diag.latent_cov_not_pd())

    digest = hashlib.sha256(np.ascontiguousarray(X).tobytes() + "\x00".join(names).encode()).hexdigest()
    provenance = {"data_sha256": digest, "n_rows_used": int(n), "n_rows_dropped": int(dropped),
                  "versions": _versions()}
    optimizer = {"start": start_used, "iterations": ml.iterations, "gradient_max": ml.gradient_max,
                 "fmin": ml.fmin, "message": ml.message}
    return SemResult(
        spec=spec, partable=pt, n=n, converged=ml.converged, parameters=parameters,
        standardized=standardized, defined=defined, fit=fit, r2=r2,
        implied_cov=pd.DataFrame(Sigma, index=names, columns=names),
        sample_cov=pd.DataFrame(S, index=names, columns=names),
        warnings=tuple(warnings), theta=theta.copy(), vcov=vcov, model=ram,
        optimizer=optimizer, provenance=provenance)


def _row(lhs, op, rhs, label, est, se, free, std_lv, std_all) -> dict:
    if free and se > 0:
        z = est / se
        p = 2 * stats.norm.sf(abs(z))
    else:
        z = p = np.nan
    return {"lhs": lhs, "op": op, "rhs": rhs, "label": label, "est": float(est), "se": float(se),
            "z": z, "pvalue": p, "ci.lower": est - Z975 * se, "ci.upper": est + Z975 * se,
            "std.lv": float(std_lv), "std.all": float(std_all)}


def _versions() -> dict:
    out = {}
    for pkg in ("satisfaction-research", "numpy", "scipy", "pandas", "semopy"):
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            out[pkg] = None
    return out
