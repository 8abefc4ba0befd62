"""Factor scores of a fitted CFA/SEM: the regression (Thurstone 1935) method, as ``lavaan::lavPredict``
(a fit with ordered items gets lavaan's empirical Bayes modal scores: :mod:`research.sem.wls_scores`).

For respondent i with observed values x_i (the model's observed variables),

    η̂_i = Cov(η, x) Σ⁻¹ (x_i − μ),

the best linear predictor of the latent variables, with Σ = Σ(θ̂) the
model-implied covariance, Cov(η, x) read from the model-implied covariance of
all variables (for a CFA this is Φ Λᵀ Σ⁻¹ (x_i − μ), the textbook formula;
e.g. Bollen 1989, p. 305), and μ the sample means of the rows the fit used
(listwise) or the model-implied means (FIML).  Latent means are 0.

A respondent with missing answers gets the same predictor over the answered
variables only, Cov(η, x_o) Σ_oo⁻¹ (x_o − μ_o) — what lavaan does for a FIML
fit; a respondent with no answer on the model's variables gets NaN.  Rows
that the fit did not use (e.g. excluded as incomplete under listwise
deletion) are scored the same way, so scores exist for every respondent who
answered something.

A model with latent interactions (``fit_sem`` with ``A:B``, or ``fit_interaction``) is scored from the
user's data: the product indicators are built again from the items of ``data`` as the fit built them
(:func:`research.sem.interaction.with_products`), and the product factor ``A.B`` gets a score like any
factor (the regression predictor of the latent product from the observed products and items).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import OptionError
from .fit import SemResult
from .fitted_rows import check_continuous
from .interaction import with_products


def _data_error(detail: str, en: str, zh: str, zh_hant: str) -> OptionError:
    return OptionError("option_invalid", option="data", detail=detail, fix_en=en, fix_zh=zh, fix_zh_hant=zh_hant)


def factor_scores(result: SemResult, data: pd.DataFrame) -> pd.DataFrame:
    """Factor scores of every latent variable for every row of ``data`` (index kept): the regression scores
    of an ML/MLR fit; of a fit with ordered items (WLSMV & co.) the empirical Bayes modal scores lavaan gives
    it (:func:`research.sem.wls_scores.ebm_scores`)."""
    from .wls import WlsResult

    if not isinstance(result, WlsResult):
        check_continuous(result, "factor_scores")
    if not isinstance(data, pd.DataFrame):
        raise _data_error(f'"{type(data).__name__}"', "Pass the data as a pandas DataFrame.",
                          "请以 pandas DataFrame 提供数据。", "請以 pandas DataFrame 提供資料。")
    names = list(result.partable.ov_names)
    # a model with latent interactions: its product indicators are built from the items, as the fit built them
    frame = with_products(result, data.rename(columns=str))
    absent = [v for v in names if v not in frame.columns]
    if absent:
        raise _data_error(", ".join(f'"{v}"' for v in absent[:10]),
                          "The data lack variables of the model; pass the data the model was fitted to.",
                          "数据缺少模型中的变量；请传入拟合模型时所用的数据。",
                          "資料缺少模型中的變項；請傳入配適模型時所用的資料。")
    if isinstance(result, WlsResult):
        from .wls_scores import ebm_scores

        return ebm_scores(result, frame)
    X = np.array(frame[names].apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float, na_value=np.nan))
    X[~np.isfinite(X)] = np.nan
    model = result.model
    S = result.sample_cov.to_numpy()
    V = model.total_cov(result.theta, S)
    p = model.p
    Sigma = V[:p, :p]
    C = V[p:, :p]                              # Cov(η, x)
    if result.implied_mean is not None:
        mu = result.implied_mean.to_numpy(dtype=float)
    else:
        complete = X[~np.isnan(X).any(axis=1)]
        mu = complete.mean(axis=0)
    out = np.full((X.shape[0], len(model.lv_names)), np.nan)
    observed = ~np.isnan(X)
    patterns: dict[bytes, list[int]] = {}
    for i in range(X.shape[0]):
        if observed[i].any():
            patterns.setdefault(observed[i].tobytes(), []).append(i)
    for rows in patterns.values():
        o = np.flatnonzero(observed[rows[0]])
        W = np.linalg.solve(Sigma[np.ix_(o, o)], C[:, o].T)       # Σ_oo⁻¹ Cov(x_o, η)
        out[rows] = (X[np.ix_(rows, o)] - mu[o]) @ W
    return pd.DataFrame(out, index=data.index, columns=list(model.lv_names))
