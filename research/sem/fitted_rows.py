"""The data rows a fitted model used, recovered from the user's data frame and checked.

A :class:`~research.sem.fit.SemResult` keeps the moments it needs, not the
rows.  Diagnostics that need the rows themselves — anything computed from
FIML missing-data patterns, and the ADF (Γ) matrix of an MLR fit — take the
data again and rebuild the rows exactly as :func:`~research.sem.fit.fit_sem`
did (same column order, same listwise or FIML deletion), then check them
against the fit's data hash, so results can never mix one fit with other data.  For a model with latent
interactions the user's data lack the product indicators: they are built again from the items first.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import invalid_option
from .fit import ORDINAL_ESTIMATORS, SemResult, _prepare_data, data_digest
from .interaction import with_products


def check_single_group(result, purpose: str) -> None:
    """OptionError unless ``result`` is a single-group :class:`SemResult` (what the diagnostics handle)."""
    if not isinstance(result, SemResult):
        raise invalid_option(
            "result", type(result).__name__,
            f"{purpose} needs a single-group fit from fit_sem or cfa; for a multi-group model, fit each group "
            f"separately.",
            f"{purpose} 需要 fit_sem 或 cfa 的单组拟合结果；多组模型请分别拟合各组。",
            f"{purpose} 需要 fit_sem 或 cfa 的單組配適結果；多組模型請分別配適各組。")
    check_continuous(result, purpose)



def check_continuous(result, purpose: str) -> None:
    """OptionError for a fit with ordered indicators (WLSMV & co.): the diagnostics that read covariances and
    data rows (factor scores, the ML residuals and indices) are the ML ones and would be wrong for it
    (``residuals`` and ``modindices`` send such a fit to their WLSMV versions before they get here)."""
    est = getattr(result, "estimator", "ML")
    if est in ORDINAL_ESTIMATORS:
        raise invalid_option(
            "result", f"estimator = {est}",
            f"{purpose} is computed for ML and MLR fits of continuous indicators; this fit treats the items as "
            f"ordered ({est}), and {purpose} of such a fit is not provided. Refit with estimator=\"MLR\" to inspect "
            f"{purpose}, or compare result.implied() with the polychoric correlations (result.ordinal_stats).",
            f"{purpose}按连续指标的 ML/MLR 拟合计算；此拟合将题目视为有序变量（{est}），不提供其{purpose}。"
            f"如需查看，请以 estimator=\"MLR\" 重新拟合，或比较 result.implied() 与多分相关矩阵（result.ordinal_stats）。",
            f"{purpose}按連續指標的 ML/MLR 配適計算；此配適將題目視為有序變項（{est}），不提供其{purpose}。"
            f"如需查看，請以 estimator=\"MLR\" 重新配適，或比較 result.implied() 與多分相關矩陣（result.ordinal_stats）。")


def fitted_rows(result, data, *, purpose: str) -> np.ndarray:
    """Rows (columns ``ov_names``; NaN = missing with FIML) that ``result`` was fitted to.

    ``purpose`` names the diagnostic in the error messages.
    Raises :class:`research.errors.OptionError` when ``data`` is missing or is not the fitted data.
    """
    if data is None:
        raise invalid_option(
            "data", f"{purpose}: data = None",
            f"{purpose} for this fit (estimator {result.estimator}, missing {result.missing}) needs the data "
            f"rows again: pass the data frame the model was fitted to, e.g. {purpose}(result, data=df).",
            f"此拟合（估计量 {result.estimator}，缺失值处理 {result.missing}）的{purpose}需要原始数据行："
            f"请传入拟合模型时使用的数据框，如 {purpose}(result, data=df)。",
            f"此配適（估計量 {result.estimator}，遺漏值處理 {result.missing}）的{purpose}需要原始資料列："
            f"請傳入配適模型時使用的資料框，如 {purpose}(result, data=df)。")
    if isinstance(data, pd.DataFrame):
        data = with_products(result, data)      # latent interactions: the products, built as the fit built them
    X, _, _, _ = _prepare_data(result.partable, data, missing=result.missing)
    if data_digest(X, list(result.partable.ov_names)) != result.provenance.get("data_sha256"):
        raise invalid_option(
            "data", "data_sha256",
            "These are not the data the model was fitted to (their fingerprint differs). Pass the same "
            "data frame, unchanged, that went into fit_sem.",
            "这些不是拟合模型时使用的数据（数据指纹不同）。请传入调用 fit_sem 时使用的同一个、未经修改的数据框。",
            "這些不是配適模型時使用的資料（資料指紋不同）。請傳入呼叫 fit_sem 時使用的同一個、未經修改的資料框。")
    return X
