"""Factor scores of a fit with ordered indicators (WLSMV & co.): the empirical Bayes modal (EBM) scores of
``lavaan::lavPredict`` for categorical data.

For respondent i the score η̂_i is the mode of the posterior of the latent variables given the answers,
the minimum over η of

    F_i(η) = ½ (η − α)ᵀ Ψ⁻¹ (η − α) − Σ_j log P(y_ij | η),

with α and Ψ the model-implied latent means and covariance (the prior), and for each answered item j

* ordered, answer in category k: P = Φ((τ_j,k − λ_jᵀη) / θ_j^½) − Φ((τ_j,k−1 − λ_jᵀη) / θ_j^½), with
  τ_j,0 = −∞ and τ_j,K = +∞ (the probit model of the latent response y*_j = λ_jᵀη + ε_j);
* continuous: the normal density of y_ij with mean ν_j + λ_jᵀη and variance θ_j.

θ_j is the residual variance of item j: under the delta parameterization 1 − λ_jᵀΨλ_j (Var y* = 1), under
theta the model's (1 for an ordered item).  As in lavaan the items are taken as conditionally independent
given η (residual covariances are not used), and a missing answer drops out of the sum (rows scored under
pairwise deletion keep their other answers); lavaan's ``lav_predict_eta_ebm_ml`` computes the same
quantity (the maximum a posteriori score of item response theory).  In a single-group WLSMV model the
latent means α and the ordered items' intercepts are 0; continuous items keep their intercepts ν.

Each F_i is convex (a normal prior and log-concave probit terms), so Newton's method with step halving,
from η = 0 as lavaan starts, reaches the mode; it runs for all respondents at once (in blocks of rows).
log P is computed from the tail where the interval lies (``log_ndtr``), so it stays exact however small P
is.  lavaan instead takes P below machine epsilon as epsilon, which makes F flat far from the mode: for a
respondent who answered only a rare extreme category of a highly loading item its optimiser can stop at the
start (η = 0); ours goes on to the mode.  Wherever P at the mode exceeds epsilon — every realistic answer
pattern — the two definitions have the same mode.  lavaan minimises with ``optim`` (BFGS, numerical
gradients, relative tolerance 1e-8), so its scores sit within a few 1e-4 of the mode (its BFGS and its
``nlminb`` results differ among themselves by that much); ours are at the mode (tested: never a larger F_i
than at lavaan's scores).

A delta and a theta fit are the same model in two metrics, and so are their scores: under theta each
factor's scores are the delta ones times the ratio of the factor's standard deviations (tested to 1e-8).
lavaan 0.6-14 scales the thresholds and the linear predictor by the scale factors under theta but not
θ_j^½, so its theta-parameterization scores are not a rescaling of its own delta ones.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import log_ndtr

from ..errors import OptionError, invalid_data

_SQRT_2PI = float(np.sqrt(2.0 * np.pi))
_LOG_SQRT_2PI = float(np.log(_SQRT_2PI))
_BLOCK = 5000                 # rows per Newton run: its Hessians take rows × m × m floats
_MAX_NEWTON = 100
_GRADIENT_TOL = 1e-8          # on F_i, whose curvature is ≥ Ψ⁻¹'s: the scores are then exact to ~1e-8


def _refuse(detail: str, en: str, zh: str, zh_hant: str, option: str = "result") -> OptionError:
    return OptionError("option_invalid", option=option, detail=detail, fix_en=en, fix_zh=zh, fix_zh_hant=zh_hant)


def _parts(result):
    """(Λ p×m, α, Ψ, ν, θ^½ per item, thresholds per ordered item) of the fitted model, in ``ov_names`` order."""
    wm = result.wls_model
    theta = result.theta
    ct = wm.core_theta(theta)
    ram = wm.filled_ram(theta)                       # delta: the ordered residual variances 1 − explained filled in
    A, P = ram.matrices(ct)
    p = wm.p
    names = list(ram.names)
    # an observed variable with an observed parent, or with a child (a regression on a factor alone is a loading)
    structural = [names[i] for i in range(p) if A[i, :p].any() or A[:, i].any()]
    if structural:
        listed = ", ".join(structural[:10])
        raise _refuse(
            listed,
            f"Factor scores of a fit with ordered items are computed when every observed variable is an indicator "
            f"of factors (or an outcome of factors only); {listed} also enter the regressions. Compute the scores "
            f"from the measurement model: cfa with the same items.",
            f"有序题目拟合的因子得分仅在所有观测变量都是因子指标（或只以因子为预测变量）时计算；{listed} 还出现在其他回归中。"
            f"请用测量模型计算得分：相同题目的 cfa。",
            f"有序題目配適的因素分數僅在所有觀察變項都是因素指標（或只以因素為預測變項）時計算；{listed} 還出現在其他迴歸中。"
            f"請用測量模型計算分數：相同題目的 cfa。")
    resid = np.diag(P)[:p]
    bad = [names[i] for i in range(p) if not resid[i] > 0]
    if bad:
        listed = ", ".join(bad[:10])
        raise _refuse(
            listed,
            f"The residual variance of {listed} is not positive (fixed at 0, or estimated at or below 0: a Heywood "
            f"case), so the answers' probabilities given the factors, and the factor scores, are not defined. Fix it "
            f"at a positive value, or look at the model (an item loading near or above 1) before scoring.",
            f"{listed} 的残差方差不为正（固定为 0，或估计值 ≤ 0：Heywood 情形），给定因子时的作答概率与因子得分没有定义。"
            f"请将其固定为正值，或先检查模型（是否有题目载荷接近或超过 1）。",
            f"{listed} 的殘差變異數不為正（固定為 0，或估計值 ≤ 0：Heywood 情形），給定因素時的作答機率與因素分數沒有定義。"
            f"請將其固定為正值，或先檢查模型（是否有題目負荷量接近或超過 1）。")
    total = ram.total_cov(ct)
    psi = total[p:, p:]
    means = ram.total_mean(ct) if ram.meanstructure else np.zeros(len(names))
    nu = ram.mean_vector(ct)[:p] if ram.meanstructure else np.zeros(p)
    taus = wm._taus(theta)
    thresholds = {int(i): taus[(wm.m1_var == i) & (wm.m1_th != -2)] for i in wm.ord_idx}
    return A[:p, p:], means[p:], psi, nu, np.sqrt(resid), thresholds


def _answers(frame: pd.DataFrame, names: list) -> np.ndarray:
    """The answers as numbers (NaN = missing); a text or infinite value is refused, naming its row (counted from
    1), column and value (:func:`research.sem.ordinal_stats._as_float`, as the fit read them)."""
    from .ordinal_stats import _as_float

    return np.column_stack([_as_float(frame, name, (
        f"{name} holds a value that is not an answer code; score the data the model was fitted to, with numeric "
        f"answers.",
        f"{name} 含有不是答案代码的值；请对拟合所用的数据（数值答案）计算得分。",
        f"{name} 含有不是答案代碼的值；請對配適所用的資料（數值答案）計算分數。")) for name in names])


def _bounds(result, X: np.ndarray, thresholds: dict) -> tuple[np.ndarray, np.ndarray]:
    """(lower, upper) threshold of each answer's category (−∞/+∞ at the ends; 0 where unused)."""
    stats = result.ordinal_stats
    names = list(stats.ov_names)
    n, p = X.shape
    lo, hi = np.zeros((n, p)), np.zeros((n, p))
    for i, th in thresholds.items():
        name = names[i]
        levels = stats.levels.get(name)
        answered = np.isfinite(X[:, i])
        if levels is None:           # statistics given as numbers: the categories are the data's own codes
            levels = np.unique(X[answered, i])
        levels = np.asarray(levels, dtype=float)
        if len(levels) != len(th) + 1:
            raise _refuse(f"{name}: {len(levels)} ≠ {len(th) + 1}",
                          f"{name} has {len(levels)} categories in these data and {len(th) + 1} in the fit; pass "
                          f"the data the model was fitted to.",
                          f"{name} 在这些数据中有 {len(levels)} 个类别，拟合时有 {len(th) + 1} 个；请传入拟合模型时所用的数据。",
                          f"{name} 在這些資料中有 {len(levels)} 個類別，配適時有 {len(th) + 1} 個；請傳入配適模型時所用的資料。",
                          option="data")
        k = np.clip(np.searchsorted(levels, X[:, i]), 0, len(levels) - 1)
        unknown = answered & (levels[k] != X[:, i])
        if unknown.any():
            r = int(np.flatnonzero(unknown)[0])
            shown = ", ".join(f"{v:g}" for v in levels)
            raise invalid_data(name, f"The answer is none of the fitted categories of {name} ({shown}); score "
                               f"the data the model was fitted to, or refit on these data.",
                               f"该答案不在 {name} 拟合时的类别（{shown}）之中；请对拟合所用的数据计算得分，或用这些数据重新拟合。",
                               f"該答案不在 {name} 配適時的類別（{shown}）之中；請對配適所用的資料計算分數，或以這些資料重新配適。",
                               column=name, row=r + 1, value=f"{X[r, i]:g}")
        cuts = np.concatenate([[-np.inf], th, [np.inf]])
        lo[:, i] = np.where(answered, cuts[k], 0.0)
        hi[:, i] = np.where(answered, cuts[k + 1], 0.0)
    return lo, hi


def _log_interval(z0: np.ndarray, z1: np.ndarray) -> np.ndarray:
    """log(Φ(z1) − Φ(z0)) for z0 < z1 (±∞ allowed), from the tail the interval lies in: no cancellation when
    both are far above 0, no underflow when P is tiny."""
    upper = z0 > 0
    a = np.where(upper, log_ndtr(-z0), log_ndtr(z1))            # log of the larger tail
    b = np.where(upper, log_ndtr(-z1), log_ndtr(z0))            # log of the tail taken away
    with np.errstate(divide="ignore"):
        return a + np.log(-np.expm1(b - a))


def _ratio(z: np.ndarray, log_p: np.ndarray) -> np.ndarray:
    """φ(z) / P, 0 at z = ±∞."""
    finite = np.isfinite(z)
    zf = np.where(finite, z, 0.0)
    return np.where(finite, np.exp(-0.5 * zf * zf - _LOG_SQRT_2PI - log_p), 0.0)


def _objective(eta, X, lo, hi, ordered, answered, lam, alpha, psi_inv, nu, sd):
    """F_i(η_i), its gradient and its Hessian for every row (rows × m, rows × m × m)."""
    d = eta - alpha
    f = 0.5 * np.einsum("ni,ij,nj->n", d, psi_inv, d)
    g = d @ psi_inv
    H = np.broadcast_to(psi_inv, (len(eta), *psi_inv.shape)).copy()
    lin = nu + eta @ lam.T
    use = answered & ordered
    if use.any():
        with np.errstate(invalid="ignore"):
            z1 = np.where(use, (hi - lin) / sd, np.inf)
            z0 = np.where(use, (lo - lin) / sd, -np.inf)
        log_p = np.where(use, _log_interval(z0, z1), 0.0)
        r1, r0 = _ratio(z1, log_p), _ratio(z0, log_p)             # φ(z1)/P, φ(z0)/P
        zr1 = np.where(np.isfinite(z1), z1, 0.0) * r1                # z·φ(z)/P, 0 at ±∞ (where the ratio is 0)
        zr0 = np.where(np.isfinite(z0), z0, 0.0) * r0
        a = np.where(use, r1 - r0, 0.0)                           # −∂ log P / ∂(λᵀη) · θ^½
        b = np.where(use, zr0 - zr1, 0.0)
        f = f - log_p.sum(axis=1)
        g = g + (a / sd) @ lam
        w = np.where(use, (b - a * a) / sd ** 2, 0.0)                # ∂² log P / ∂(λᵀη)² ≤ 0
        H = H - np.einsum("ni,ij,ik->njk", w, lam, lam)
    cont = answered & ~ordered
    if cont.any():
        r = np.where(cont, np.nan_to_num(X) - lin, 0.0)
        f = f + np.where(cont, 0.5 * (r / sd) ** 2 + np.log(sd * _SQRT_2PI), 0.0).sum(axis=1)
        g = g - np.where(cont, r / sd ** 2, 0.0) @ lam
        H = H + np.einsum("ni,ij,ik->njk", np.where(cont, 1.0 / sd ** 2, 0.0), lam, lam)
    return f, g, H


def _modes(args: tuple, n: int, m: int) -> np.ndarray:
    """The minimisers of F_i for ``n`` rows (NaN where Newton's method does not reach a zero gradient)."""
    eta = np.zeros((n, m))
    for _ in range(_MAX_NEWTON):
        f, g, H = _objective(eta, *args)
        done = np.abs(g).max(axis=1) < _GRADIENT_TOL
        if done.all():
            return eta
        step = np.linalg.solve(H, g[..., None])[..., 0]
        step[done] = 0.0
        t = np.ones(n)
        for _halving in range(40):        # F_i must not rise beyond rounding (it is convex: halving ends)
            f_new = _objective(eta - t[:, None] * step, *args)[0]
            rising = f_new > f + 1e-12 * (1.0 + np.abs(f))
            if not rising.any():
                break
            t[rising] /= 2.0
        eta = eta - t[:, None] * step
    done = np.abs(_objective(eta, *args)[1]).max(axis=1) < _GRADIENT_TOL
    eta[~done] = np.nan                   # not reached (lavaan gives NA when its optimiser fails)
    return eta


def ebm_scores(result, frame: pd.DataFrame) -> pd.DataFrame:
    """EBM factor scores of every latent variable for every row of ``frame`` (which holds the model's observed
    variables; index kept).  A row without an answer on them gets NaN; answers are read by the fit's category
    codes (an answer that is none of them is refused, naming its row)."""
    names = list(result.partable.ov_names)
    lam, alpha, psi, nu, sd, thresholds = _parts(result)
    lv = list(result.wls_model.ram.lv_names)
    try:
        psi_inv = np.linalg.inv(psi)
    except np.linalg.LinAlgError:
        psi_inv = None
    if psi_inv is None or not np.all(np.isfinite(psi_inv)) or np.linalg.eigvalsh(psi).min() <= 0:
        raise _refuse("Ψ", "The factors' covariance matrix of this fit is not positive definite, so the factor "
                      "scores are not defined. Look at the model (a factor with zero variance, or two factors "
                      "correlating 1) before scoring.",
                      "此拟合的因子协方差矩阵非正定，因子得分没有定义。请先检查模型（是否有方差为 0 的因子，或相关为 1 的两个因子）。",
                      "此配適的因素共變數矩陣非正定，因素分數沒有定義。請先檢查模型（是否有變異數為 0 的因素，或相關為 1 的兩個因素）。")
    X = _answers(frame, names)
    lo, hi = _bounds(result, X, thresholds)
    answered = np.isfinite(X)
    ordered = np.asarray(result.wls_model.is_ord, dtype=bool)[None, :]
    rows = np.flatnonzero(answered.any(axis=1))
    out = np.full((len(X), len(lv)), np.nan)
    for start in range(0, len(rows), _BLOCK):
        block = rows[start:start + _BLOCK]
        args = (X[block], lo[block], hi[block], ordered, answered[block], lam, alpha, psi_inv, nu, sd)
        out[block] = _modes(args, len(block), len(lv))
    scores = pd.DataFrame(out, index=frame.index, columns=lv)
    # rows that answered but whose mode Newton's method did not reach (none known): named for the caller's warning
    scores.attrs["unscored"] = list(frame.index[rows[np.isnan(out[rows]).any(axis=1)]])
    return scores
