"""Warnings about a fitted model, in English, simplified and traditional Chinese.

Never silent: every problem lavaan would warn about (and a few it does
not) becomes a :class:`SemWarning` on the result.

=========================  ===============================================
code                       when
=========================  ===============================================
``not_converged``          the optimiser stopped before a stationary point
``negative_variance``      a (residual) variance estimate is negative (Heywood case)
``std_above_one``          \\|std.all\\| > 1 for a loading, path or correlation
``implied_cov_not_pd``     Σ̂ of the observed variables is not positive definite
``latent_cov_not_pd``      the model-implied latent covariance matrix is not positive definite
``information_singular``   the information matrix cannot be inverted: SEs withheld (NaN),
                           the model is probably not identified
``variance_scale``         observed variances differ by a factor of 1000 or more (rescale)
``at_bound``               an inequality constraint (``<``, ``>``) is at its bound
``small_sample``           fewer than 5 cases per free parameter (Bentler & Chou 1987)
``listwise_deleted``       rows with missing values were dropped (``missing="listwise"``, the default)
``random_covariate``       an exogenous covariate was made random by a ``~~`` statement
``scaling_failed``         MLR: the Yuan–Bentler scaling factor could not be computed (not positive)
``empty_rows``             FIML: rows with no observed model variable were left out
``covariate_missing``      FIML: rows missing a fixed.x covariate were left out
``low_coverage``           FIML: some variables or pairs are observed together in < 10 % of rows
``em_not_converged``       FIML: the EM algorithm for the unrestricted model did not converge
=========================  ===============================================
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SemWarning:
    code: str
    en: str
    zh_hans: str
    zh_hant: str

    def __str__(self) -> str:
        return f"{self.en} / {self.zh_hans}"

    def message(self, lang: str = "en") -> str:
        return {"en": self.en, "zh-Hans": self.zh_hans, "zh-Hant": self.zh_hant}.get(lang, self.en)

    def to_dict(self) -> dict:
        return {"code": self.code, "en": self.en, "zh-Hans": self.zh_hans, "zh-Hant": self.zh_hant}


def _names(items, limit: int = 8) -> str:
    items = list(items)
    text = ", ".join(items[:limit])
    return text + (f" (+{len(items) - limit})" if len(items) > limit else "")


def not_converged(message: str, gradient: float, parameters=()) -> SemWarning:
    where = f" Furthest from a solution: {_names(parameters, 5)}." if parameters else ""
    where_zh = f"离解最远的参数：{_names(parameters, 5)}。" if parameters else ""
    where_hant = f"離解最遠的參數：{_names(parameters, 5)}。" if parameters else ""
    return SemWarning(
        "not_converged",
        f"The ML estimation did not converge ({message}; largest gradient {gradient:.2g}); results are not "
        f"trustworthy.{where} Check the model specification and the data (often a factor with too few or too "
        f"weak indicators, or too small a sample), or simplify the model.",
        f"ML 估计未收敛（{message}；最大梯度 {gradient:.2g}），结果不可信。{where_zh}请检查模型设定和数据"
        f"（常见原因：因子指标过少或过弱，或样本量太小），或简化模型。",
        f"ML 估計未收斂（{message}；最大梯度 {gradient:.2g}），結果不可信。{where_hant}請檢查模型設定與資料"
        f"（常見原因：因素指標過少或過弱，或樣本數太小），或簡化模型。")


def negative_variance(names) -> SemWarning:
    n = _names(names)
    return SemWarning(
        "negative_variance",
        f"Negative variance estimate (Heywood case) for: {n}. The model may be misspecified, a factor may "
        f"have too few or too weak indicators, or the sample may be too small.",
        f"以下变量的方差估计为负（Heywood 情况）：{n}。可能是模型设定有误、因子指标过少或过弱，或样本量太小。",
        f"以下變項的變異數估計為負（Heywood 情況）：{n}。可能是模型設定有誤、因素指標過少或過弱，或樣本數太小。")


def std_above_one(rows) -> SemWarning:
    n = _names(rows)
    return SemWarning(
        "std_above_one",
        f"Standardized estimate with absolute value above 1: {n}. This signals an improper solution "
        f"(e.g. negative residual variance or strongly collinear predictors).",
        f"标准化估计的绝对值大于 1：{n}。这表明解不恰当（如残差方差为负或预测变量高度共线）。",
        f"標準化估計的絕對值大於 1：{n}。這表示解不恰當（如殘差變異數為負或預測變項高度共線）。")


def implied_cov_not_pd() -> SemWarning:
    return SemWarning(
        "implied_cov_not_pd",
        "The model-implied covariance matrix of the observed variables is not positive definite.",
        "模型隐含的观测变量协方差矩阵不是正定的。",
        "模型隱含的觀察變項共變數矩陣不是正定的。")


def latent_cov_not_pd(problems=()) -> SemWarning:
    what = f" ({_names(problems, 6)})" if problems else ""
    return SemWarning(
        "latent_cov_not_pd",
        f"The covariance matrix of the latent variables is not positive definite{what}: a latent correlation "
        f"at or beyond ±1, or a negative variance. Check discriminant validity (the constructs may not be "
        f"distinct) and the model.",
        f"潜变量的协方差矩阵不是正定的{what}：潜变量相关达到或超过 ±1，或方差为负。请检查区分效度（构念可能无法区分）和模型设定。",
        f"潛在變項的共變數矩陣不是正定的{what}：潛在變項相關達到或超過 ±1，或變異數為負。請檢查區別效度（構念可能無法區分）與模型設定。")


def information_singular(condition: float, parameters=()) -> SemWarning:
    where = f" The parameters involved: {_names(parameters, 6)}." if parameters else ""
    where_zh = f"涉及的参数：{_names(parameters, 6)}。" if parameters else ""
    where_hant = f"涉及的參數：{_names(parameters, 6)}。" if parameters else ""
    return SemWarning(
        "information_singular",
        f"The information matrix cannot be inverted (condition number {condition:.2g}, after scaling every "
        f"parameter to the same size), so standard errors, z, p and confidence intervals are not reported: the "
        f"model is probably not identified (empirically under-identified: e.g. a factor whose loadings are near "
        f"zero, or two factors correlated at ±1).{where} Fix or remove redundant parameters, or add indicators.",
        f"信息矩阵无法求逆（将各参数缩放到同一量级后的条件数为 {condition:.2g}），因此不报告标准误、z、p 和置信区间："
        f"模型可能无法识别（经验性识别不足：如某因子的载荷接近零，或两个因子的相关达到 ±1）。{where_zh}请固定或删除冗余参数，或增加指标。",
        f"訊息矩陣無法求逆（將各參數縮放到同一量級後的條件數為 {condition:.2g}），因此不報告標準誤、z、p 與信賴區間："
        f"模型可能無法識別（經驗性識別不足：如某因素的負荷量接近零，或兩個因素的相關達到 ±1）。{where_hant}請固定或刪除多餘參數，或增加指標。")


def variance_scale(ratio: float, large, small) -> SemWarning:
    big, little = _names(large, 5), _names(small, 5)
    return SemWarning(
        "variance_scale",
        f"Some observed variances are at least 1000 times larger than others (ratio {ratio:.3g}; large: {big}; "
        f"small: {little}), which can slow or stop the estimation (lavaan warns the same). Rescale the variables "
        f"(e.g. divide the large ones by 10 or 100, or report money in thousands) so that their variances are "
        f"of similar size; the standardized results do not change.",
        f"部分观测变量的方差至少是其他变量的 1000 倍（比值 {ratio:.3g}；大：{big}；小：{little}），可能使估计变慢或失败"
        f"（lavaan 也会警告）。请对变量重新缩放（如将大的变量除以 10 或 100，或以千元为单位），使各方差量级相近；标准化结果不变。",
        f"部分觀察變項的變異數至少是其他變項的 1000 倍（比值 {ratio:.3g}；大：{big}；小：{little}），可能使估計變慢或失敗"
        f"（lavaan 也會警告）。請對變項重新縮放（如將大的變項除以 10 或 100，或以千元為單位），使各變異數量級相近；標準化結果不變。")


def small_sample(n: int, npar: int, ratio: float) -> SemWarning:
    return SemWarning(
        "small_sample",
        f"N = {n} for {npar} free parameters ({n / npar:.1f} cases per parameter, fewer than the {ratio:g} that "
        f"Bentler & Chou 1987 ask for): the χ² test and fit measures are unreliable and improper solutions are "
        f"likely. Collect more responses or simplify the model (fewer items per construct or fewer paths).",
        f"N = {n}，自由参数 {npar} 个（每个参数 {n / npar:.1f} 个样本，少于 Bentler 与 Chou 1987 建议的 {ratio:g} 个）："
        f"χ² 检验与拟合指标不可靠，且容易出现不恰当解。请收集更多样本或简化模型（减少每个构念的题目或路径）。",
        f"N = {n}，自由參數 {npar} 個（每個參數 {n / npar:.1f} 個樣本，少於 Bentler 與 Chou 1987 建議的 {ratio:g} 個）："
        f"χ² 檢定與配適指標不可靠，且容易出現不恰當解。請收集更多樣本或簡化模型（減少每個構念的題目或路徑）。")


def at_bound(constraints) -> SemWarning:
    n = _names(constraints)
    return SemWarning(
        "at_bound",
        f"These inequality constraints are at their bound: {n}. The constrained parameters sit on the boundary, "
        f"so their standard errors (0) and the χ² test are not standard there; check whether the bound is "
        f"meant to bind.",
        f"以下不等式约束处于边界：{n}。受约束的参数位于边界上，其标准误（0）和 χ² 检验在此不符合常规分布；请确认该约束确应生效。",
        f"以下不等式限制處於邊界：{n}。受限制的參數位於邊界上，其標準誤（0）與 χ² 檢定在此不符合常規分配；請確認該限制確應生效。")


def listwise_deleted(dropped: int, total: int) -> SemWarning:
    return SemWarning(
        "listwise_deleted",
        f"{dropped} of {total} rows had missing values in the model's variables and were left out "
        f"(listwise deletion, as lavaan's default).",
        f"{total} 行中有 {dropped} 行在模型变量上有缺失值，已被排除（成列删除，与 lavaan 默认相同）。",
        f"{total} 列中有 {dropped} 列在模型變項上有遺漏值，已被排除（成列刪除，與 lavaan 預設相同）。")


def random_covariate(names) -> SemWarning:
    n = _names(names)
    return SemWarning(
        "random_covariate",
        f"Exogenous covariates with a ~~ statement are treated as random, adding free parameters: {n} "
        f"(lavaan does the same). Remove the ~~ lines to keep them fixed.",
        f"带有 ~~ 语句的外生协变量被视为随机变量，会增加自由参数：{n}（与 lavaan 相同）。删除 ~~ 行即可保持固定。",
        f"帶有 ~~ 敘述的外生共變項被視為隨機變項，會增加自由參數：{n}（與 lavaan 相同）。刪除 ~~ 行即可保持固定。")


def scaling_failed(value: float) -> SemWarning:
    return SemWarning(
        "scaling_failed",
        f"The Yuan–Bentler scaling factor could not be computed (value {value:.3g}); the scaled and robust "
        f"fit measures are missing. The model may be nearly unidentified or the sample too small.",
        f"无法计算 Yuan–Bentler 校正因子（值为 {value:.3g}），校正后与稳健拟合指标缺失。模型可能接近不可识别，或样本量太小。",
        f"無法計算 Yuan–Bentler 校正因子（值為 {value:.3g}），校正後與穩健配適指標從缺。模型可能接近無法識別，或樣本數太小。")


def empty_rows(dropped: int, total: int) -> SemWarning:
    return SemWarning(
        "empty_rows",
        f"{dropped} of {total} rows had no answer on any model variable and were left out (lavaan does the same).",
        f"{total} 行中有 {dropped} 行在所有模型变量上都没有作答，已被排除（与 lavaan 相同）。",
        f"{total} 列中有 {dropped} 列在所有模型變項上都沒有作答，已被排除（與 lavaan 相同）。")


def covariate_missing(dropped: int, total: int, covariates) -> SemWarning:
    n = _names(covariates)
    return SemWarning(
        "covariate_missing",
        f"{dropped} of {total} rows were left out because an exogenous covariate ({n}) is missing: FIML treats "
        f"covariates as fixed (lavaan's fixed.x = TRUE does the same).",
        f"{total} 行中有 {dropped} 行因外生协变量（{n}）缺失而被排除：FIML 将协变量视为固定值（与 lavaan 的 fixed.x = TRUE 相同）。",
        f"{total} 列中有 {dropped} 列因外生共變項（{n}）遺漏而被排除：FIML 將共變項視為固定值（與 lavaan 的 fixed.x = TRUE 相同）。")


def low_coverage(items) -> SemWarning:
    n = _names(items)
    return SemWarning(
        "low_coverage",
        f"Less than 10% of the rows observe these variables or pairs together: {n}. FIML estimates that rest "
        f"on so few answers are unstable.",
        f"以下变量或变量对同时被观测到的行少于 10%：{n}。基于如此少数据的 FIML 估计不稳定。",
        f"以下變項或變項對同時被觀察到的列少於 10%：{n}。基於如此少資料的 FIML 估計不穩定。")


def em_not_converged(iterations: int, change: float) -> SemWarning:
    return SemWarning(
        "em_not_converged",
        f"The EM algorithm for the unrestricted model (the baseline of χ² with missing data) did not converge "
        f"in {iterations} iterations (last change {change:.2g}); χ² and the fit measures are approximate.",
        f"用于无限制模型（缺失数据下 χ² 的比较基准）的 EM 算法在 {iterations} 次迭代内未收敛（最后变化 {change:.2g}），"
        f"χ² 和拟合指标只是近似值。",
        f"用於無限制模型（遺漏資料下 χ² 的比較基準）的 EM 演算法在 {iterations} 次迭代內未收斂（最後變化 {change:.2g}），"
        f"χ² 與配適指標只是近似值。")
