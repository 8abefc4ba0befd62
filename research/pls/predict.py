"""Out-of-sample prediction of a PLS path model: PLSpredict and CVPAT.

>>> pred = predict_pls(fit, folds=10, repetitions=10, seed=1)      # technique="EA" (SmartPLS) or "DA" (seminr)
>>> pred.table()            # per indicator: Q²predict, RMSE, MAE against the LM and indicator-mean benchmarks
>>> cvpat(fit, seed=1).table()   # average losses of PLS vs IA and vs LM, paired t-tests

**PLSpredict** (Shmueli, Ray, Velasquez Estrada & Chatla 2016, *J. Business
Research* 69, 4552–4564; Shmueli et al. 2019, *European J. Marketing* 53,
2322–2347).  The responses are split at random into k folds (``repetitions``
times, seeded); for each fold the model is estimated on the other k − 1 folds
(the training sample) and the holdout fold is predicted:

* the holdout's indicators are standardized with the **training** means and
  (n − 1) standard deviations, construct scores formed with the training
  weights, and the scores of the endogenous constructs predicted from
  the training paths: ``"DA"`` (direct antecedents) from the scores of each
  construct's predecessors, ``"EA"`` (earliest antecedents) from the scores
  of the exogenous constructs through the total effects;
* an endogenous indicator's prediction is its predicted construct score times
  its training loading, brought back to the item's scale with the training
  mean and standard deviation;
* the **LM** benchmark regresses (OLS with intercept, on the training sample)
  each endogenous indicator on the indicators of its construct's antecedents
  — the direct predecessors for ``"DA"``, the exogenous constructs with a
  path leading to it for ``"EA"`` (seminr's choice; SmartPLS uses the latter
  for PLSpredict and the former for CVPAT);
* the **indicator-average** (IA) benchmark predicts the training mean.

Errors are taken on the items' own scale: RMSE = √(mean e²), MAE = mean |e|
over the n responses, and Q²predict = 1 − Σ e²_PLS / Σ e²_IA.  With
repetitions, a response's predictions are averaged over the repetitions
first (seminr's ``predict_pls`` returns one prediction matrix), then the
statistics are taken.  The **in-sample** figures predict each response from
the models estimated on the folds it belongs to the training sample of, with
those predictions averaged (k − 1 per repetition).  With ``folds=None``
(leave-one-out) every training sample is the data less one response, so the
result does not depend on the seed.

Matches seminr's ``predict_pls`` (branch predict_pls_v2, fixtures
``predict_pls_DA.csv`` / ``predict_pls_EA.csv``, leave-one-out on the
corporate-reputation model: PLS and LM, in- and out-of-sample RMSE and MAE,
to 5e-10).  Missing answers were already handled when the model was fitted
(``fit.data.raw``: mean replacement on the whole data, as seminr and
SmartPLS do before splitting).

**CVPAT** (Liengaard, Sharma, Hult, Jensen, Sarstedt, Hair & Ringle 2021,
*Decision Sciences* 52, 362–392; benchmarks IA and LM: Sharma, Liengaard,
Hair, Sarstedt & Ringle 2023, *European J. Marketing* 57, 1662–1677).  A
response's loss is its squared prediction error averaged over the
indicators in scope (one endogenous construct's, or all endogenous
indicators for "Overall"); with repetitions, the mean of those losses over
the repetitions.  With D_i = L_i(PLS) − L_i(benchmark), the test statistic
is the paired t = D̄ / (s_D / √N), s_D the (N − 1) standard deviation of the
D_i, referred to Student's t with N − 1 degrees of freedom; no correction
for the overlap of the training samples is applied.  The default
alternative is the one-sided hypothesis the papers state (PLS has the lower
loss, D̄ < 0; SmartPLS's documentation: "significantly below zero");
``alternative="two-sided"`` gives the two-sided p-value (the default of
cSEM's ``testCVPAT`` and seminrExtras' ``assess_cvpat``).  As SmartPLS's
CVPAT, the default technique is ``"DA"`` (SmartPLS documentation, CVPAT
page: PLSpredict uses the earliest, CVPAT the direct antecedents).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from ..errors import invalid_data, invalid_option
from ..jsonsafe import jsonable
from ..messages import Note, note_texts
from . import engine
from .fit import PLSResult

TECHNIQUES = ("DA", "EA")
ALTERNATIVES = ("less", "two-sided")
_CHUNK = 4_000_000          # floats per batch of folds (standardized data of the batch)


# -- folds and antecedents -------------------------------------------------------------------------------
def fold_assignment(n: int, folds: int, repetitions: int, seed=None) -> np.ndarray:
    """(repetitions, n) fold number of every response: a seeded random permutation dealt into ``folds`` folds of
    equal size (sizes differ by at most one).  Depends on nothing but ``seed``, ``n``, ``folds`` and
    ``repetitions``."""
    rng = np.random.default_rng(seed)
    out = np.empty((repetitions, n), dtype=int)
    for r in range(repetitions):
        out[r, rng.permutation(n)] = np.arange(n) % folds
    return out


def antecedents(model, technique: str) -> dict[str, tuple[str, ...]]:
    """The constructs each endogenous construct is predicted from: its predecessors (``"DA"``) or the exogenous
    constructs a chain of paths leads from (``"EA"``), in model order."""
    out = {}
    exogenous = set(model.exogenous)
    for target in model.endogenous:
        if technique == "DA":
            out[target] = model.predecessors(target)
            continue
        seen, stack = set(), list(model.predecessors(target))
        while stack:
            c = stack.pop()
            if c not in seen:
                seen.add(c)
                stack.extend(model.predecessors(c))
        out[target] = tuple(c for c in model.constructs if c in seen and c in exogenous)
    return out


# -- the cross-validation shared by PLSpredict and CVPAT -------------------------------------------------
@dataclass
class _CrossValidation:
    """Out-of-sample predictions of every repetition and averaged in-sample predictions (items in ``items``)."""

    items: list             # endogenous indicators (model order)
    item_construct: list    # their constructs
    actual: np.ndarray      # (n, q) original scale
    pls: np.ndarray         # (R, n, q) out-of-sample PLS predictions
    lm: np.ndarray          # (R, n, q)
    ia: np.ndarray          # (R, n, q) training means
    pls_in: np.ndarray      # (n, q) in-sample PLS predictions, averaged over the training samples
    lm_in: np.ndarray       # (n, q)
    constructs: list        # endogenous constructs
    scores: np.ndarray      # (n, E) full-sample construct scores
    score_pred: np.ndarray  # (R, n, E) out-of-sample predicted scores
    score_ia: np.ndarray    # (R, n, E) training means of the full-sample scores
    assignment: np.ndarray  # (R, n)
    nonconverged: int


def _check(fit, folds, repetitions, technique, alternative=None) -> tuple[int, int]:
    if not isinstance(fit, PLSResult) or type(fit).refit is not PLSResult.refit or fit.model.interactions:
        raise invalid_option("fit", type(fit).__name__, "PLSpredict and CVPAT need a model estimated by estimate_pls "
                             "without interaction terms or higher-order constructs (there is no published way to "
                             "predict those; seminr refuses them too).",
                             "PLSpredict 与 CVPAT 需要由 estimate_pls 估计、且不含交互项或高阶构念的模型（这类模型尚无已发表的预测方法；"
                             "seminr 同样不支持）。",
                             "PLSpredict 與 CVPAT 需要由 estimate_pls 估計、且不含交互項或高階構念的模型（這類模型尚無已發表的預測方法；"
                             "seminr 同樣不支援）。")
    if not fit.model.endogenous:
        raise invalid_option("model", "no paths", "PLSpredict predicts the indicators of endogenous constructs; add "
                             "structural paths (Y ~ X) to the model.",
                             "PLSpredict 预测内生构念的题项；请在模型中加入结构路径（Y ~ X）。",
                             "PLSpredict 預測內生構念的題項；請在模型中加入結構路徑（Y ~ X）。")
    if technique not in TECHNIQUES:
        raise invalid_option("technique", str(technique)[:40], "Use technique='DA' (direct antecedents) or 'EA' "
                             "(earliest antecedents).", "请用 technique='DA'（直接前因）或 'EA'（最早前因）。",
                             "請用 technique='DA'（直接前因）或 'EA'（最早前因）。")
    if alternative is not None and alternative not in ALTERNATIVES:
        raise invalid_option("alternative", str(alternative)[:40], "Use alternative='less' (PLS has the lower "
                             "loss, the paper's one-sided test) or 'two-sided'.",
                             "请用 alternative='less'（PLS 损失较低，论文的单侧检验）或 'two-sided'（双侧）。",
                             "請用 alternative='less'（PLS 損失較低，論文的單尾檢定）或 'two-sided'（雙尾）。")
    n = fit.n
    if folds is None:
        k = n
    elif isinstance(folds, (bool, np.bool_)) or not isinstance(folds, (int, np.integer)) or not 2 <= folds <= n:
        raise invalid_option("folds", str(folds)[:40], f"Give a whole number of folds from 2 to n = {n} (10 is "
                             "usual), or folds=None for leave-one-out.",
                             f"请给出 2 到 n = {n} 之间的整数折数（通常为 10），或 folds=None 表示留一法。",
                             f"請給出 2 到 n = {n} 之間的整數折數（通常為 10），或 folds=None 表示留一法。")
    else:
        k = int(folds)
    if (isinstance(repetitions, (bool, np.bool_)) or not isinstance(repetitions, (int, np.integer))
            or repetitions < 1):
        raise invalid_option("repetitions", str(repetitions)[:40], "Give a whole number of repetitions, 1 or more "
                             "(10 is usual).", "请给出不小于 1 的整数重复次数（通常为 10）。",
                             "請給出不小於 1 的整數重複次數（通常為 10）。")
    return k, (1 if k == n else int(repetitions))      # leave-one-out is the same at every repetition


def _cross_validate(fit: PLSResult, k: int, R: int, seed, technique: str) -> _CrossValidation:
    model, layout = fit.model, fit.layout
    X = fit.data.raw
    n, p = X.shape
    center = X.mean(axis=0)
    Xc = X - center                        # sums of squares from centred data keep their precision
    items = list(layout.items)
    where = {c: j for j, c in enumerate(layout.constructs)}
    endo = list(model.endogenous)
    tgt = [items.index(i) for c in endo for i in model.block(c).items]
    tgt_con = [where[c] for c in endo for _ in model.block(c).items]
    q, E = len(tgt), len(endo)
    ants = antecedents(model, technique)
    lm_sets = [([items.index(i) for a in ants[c] for i in model.block(a).items],
                [tgt.index(items.index(i)) for i in model.block(c).items]) for c in endo]

    smallest = n - -(-n // k)              # training-sample size of the largest holdout fold
    widest = max(len(a) for a, _ in lm_sets)
    if smallest < max(widest + 2, 3):
        raise invalid_option("folds", str(k), f"A training sample of {smallest} responses cannot estimate the linear "
                             f"benchmark with {widest} predictors; use fewer folds.",
                             f"{smallest} 份答卷的训练样本无法估计含 {widest} 个预测变量的线性基准模型；请减少折数。",
                             f"{smallest} 份答卷的訓練樣本無法估計含 {widest} 個預測變數的線性基準模型；請減少折數。")

    assignment = fold_assignment(n, k, R, seed)
    jobs = [(r, f) for r in range(R) for f in range(k)]
    full_scores = fit.scores.to_numpy()[:, [where[c] for c in endo]]
    exo = np.array([where[c] for c in model.exogenous], dtype=int)
    endo_idx = np.array([where[c] for c in endo], dtype=int)

    pls = np.empty((R, n, q))
    lm = np.empty((R, n, q))
    ia = np.empty((R, n, q))
    score_pred = np.empty((R, n, E))
    score_ia = np.empty((R, n, E))
    pls_in = np.zeros((n, q))
    lm_in = np.zeros((n, q))
    nonconverged = 0
    XtX = Xc.T @ Xc
    total = Xc.sum(axis=0)
    chunk = max(1, _CHUNK // (n * p))
    for start in range(0, len(jobs), chunk):
        batch = jobs[start:start + chunk]
        B = len(batch)
        hold = np.stack([assignment[r] == f for r, f in batch])            # (B, n)
        m = np.empty((B, p))
        cov = np.empty((B, p, p))
        for b in range(B):
            H = Xc[hold[b]]
            nt = n - H.shape[0]
            mean = (total - H.sum(axis=0)) / nt
            cov[b] = (XtX - H.T @ H - nt * np.outer(mean, mean)) / (nt - 1)
            m[b] = mean
        sd = np.sqrt(np.maximum(np.einsum("bpp->bp", cov), 0.0))
        flat = ~(sd > 1e-12 * np.maximum(1.0, np.abs(m + center)))
        if flat.any():
            b, i = map(int, np.argwhere(flat)[0])
            raise invalid_data(items[i], "In one training sample every response gives this item the same answer, "
                               "so the model cannot be estimated there; use fewer folds or another seed.",
                               "在某个训练样本中所有答卷对该题项的答案都相同，模型无法估计；请减少折数或更换随机种子。",
                               "在某個訓練樣本中所有答卷對該題項的答案都相同，模型無法估計；請減少折數或更換亂數種子。",
                               column=items[i])
        S = cov / (sd[:, :, None] * sd[:, None, :])
        est = engine.estimate(S, layout, scheme=fit.scheme, consistent=fit.consistent, tol=fit.tol,
                              max_iter=fit.max_iter)
        nonconverged += int((~est.converged).sum())

        # PLS: scores of every response with the training weights, predicted scores, predicted indicators
        Z = (Xc[None] - m[:, None, :]) / sd[:, None, :]                      # (B, n, p)
        Y = Z @ est.weights                                                  # (B, n, J)
        if technique == "DA":
            Yhat = Y @ est.paths
        else:
            total_fx = engine.total_effects(est.paths)
            Yhat = Y[:, :, exo] @ total_fx[:, exo, :]
        load = est.loadings[:, tgt, tgt_con]                                 # (B, q)
        pred = (Yhat[:, :, tgt_con] * load[:, None, :] * sd[:, None, tgt] + m[:, None, tgt]) + center[tgt]

        # LM benchmark: OLS of each endogenous block on its antecedents' indicators, from the training moments
        lin = np.empty((B, n, q))
        for a, ycols in lm_sets:
            ys = [tgt[c] for c in ycols]
            beta = np.linalg.solve(cov[:, a][:, :, a], cov[:, a][:, :, ys])  # (B, |a|, |y|)
            lin[:, :, ycols] = (Xc[None, :, a] - m[:, None, a]) @ beta + m[:, None, ys] + center[ys]

        for b, (r, f) in enumerate(batch):
            h, t = hold[b], ~hold[b]
            pls[r, h] = pred[b, h]
            lm[r, h] = lin[b, h]
            ia[r, h] = m[b, tgt] + center[tgt]
            score_pred[r, h] = Yhat[b][h][:, endo_idx]
            score_ia[r, h] = full_scores[t].mean(axis=0)
            pls_in[t] += pred[b, t]
            lm_in[t] += lin[b, t]
    times = R * (k - 1)                     # training samples every response belongs to
    return _CrossValidation([items[i] for i in tgt], [layout.constructs[j] for j in tgt_con], X[:, tgt], pls, lm,
                            ia, pls_in / times, lm_in / times, endo, full_scores, score_pred, score_ia, assignment,
                            nonconverged)


def _notes(cv: _CrossValidation) -> list:
    if not cv.nonconverged:
        return []
    k = cv.nonconverged
    return [Note(en=f"The PLS algorithm did not converge in {k} training samples; their predictions use the last "
                    "iteration's estimates.",
                 zh_hans=f"PLS 算法在 {k} 个训练样本中未收敛；这些样本的预测使用最后一次迭代的估计值。",
                 zh_hant=f"PLS 演算法在 {k} 個訓練樣本中未收斂；這些樣本的預測使用最後一次迭代的估計值。")]


# -- PLSpredict --------------------------------------------------------------------------------------------
def _rmse(e, axis=0):
    return np.sqrt((e ** 2).mean(axis=axis))


def _mae(e, axis=0):
    return np.abs(e).mean(axis=axis)


@dataclass(frozen=True)
class PLSPredict:
    """PLSpredict of one model: predictions of the endogenous indicators (original scale, one row per response)."""

    technique: str
    folds: int
    repetitions: int
    seed: object
    items: tuple                # endogenous indicators
    item_construct: tuple       # the construct of each
    rows: pd.Index              # response labels
    actual: np.ndarray          # (n, q)
    pls: np.ndarray             # (n, q) out-of-sample PLS predictions (mean over repetitions)
    lm: np.ndarray              # (n, q) out-of-sample LM predictions
    ia: np.ndarray              # (n, q) training means (indicator-average benchmark)
    pls_in_sample: np.ndarray   # (n, q) in-sample PLS predictions
    lm_in_sample: np.ndarray    # (n, q)
    constructs: tuple           # endogenous constructs
    scores: np.ndarray          # (n, E) full-sample construct scores
    score_pls: np.ndarray       # (n, E) out-of-sample predicted scores
    score_ia: np.ndarray        # (n, E) training means of the scores
    assignment: np.ndarray      # (repetitions, n) fold of every response
    notes: tuple = field(default_factory=tuple)

    @property
    def n(self) -> int:
        return self.actual.shape[0]

    def predictions(self, kind: str = "pls") -> pd.DataFrame:
        """Out-of-sample predictions (``"pls"``, ``"lm"``, ``"ia"``) or in-sample (``"pls_in_sample"``,
        ``"lm_in_sample"``), responses × endogenous indicators, original scale."""
        kinds = ("pls", "lm", "ia", "pls_in_sample", "lm_in_sample")
        if kind not in kinds:
            raise invalid_option("kind", str(kind)[:40], "Use one of: " + ", ".join(kinds) + ".",
                                 "请使用以下之一：" + "、".join(kinds) + "。", "請使用以下之一：" + "、".join(kinds) + "。")
        return pd.DataFrame(getattr(self, kind), index=self.rows, columns=list(self.items))

    def table(self) -> pd.DataFrame:
        """Per endogenous indicator: Q²predict, RMSE and MAE of PLS out of sample, the LM and indicator-average
        (IA) benchmarks, and the in-sample RMSE and MAE of PLS and LM."""
        e_pls, e_lm, e_ia = self.actual - self.pls, self.actual - self.lm, self.actual - self.ia
        sse_ia = (e_ia ** 2).sum(axis=0)
        e_pin, e_lin = self.actual - self.pls_in_sample, self.actual - self.lm_in_sample
        return pd.DataFrame({
            "construct": list(self.item_construct), "item": list(self.items),
            "q2_predict": 1 - (e_pls ** 2).sum(axis=0) / sse_ia, "rmse": _rmse(e_pls), "mae": _mae(e_pls),
            "lm_q2_predict": 1 - (e_lm ** 2).sum(axis=0) / sse_ia, "lm_rmse": _rmse(e_lm), "lm_mae": _mae(e_lm),
            "ia_rmse": _rmse(e_ia), "ia_mae": _mae(e_ia),
            "in_sample_rmse": _rmse(e_pin), "in_sample_mae": _mae(e_pin),
            "lm_in_sample_rmse": _rmse(e_lin), "lm_in_sample_mae": _mae(e_lin),
        })

    def construct_table(self) -> pd.DataFrame:
        """Per endogenous construct: Q²predict, RMSE and MAE of the predicted construct scores against the
        full-sample construct scores (unit variance), the benchmark being their training-sample mean."""
        e, e_ia = self.scores - self.score_pls, self.scores - self.score_ia
        return pd.DataFrame({"construct": list(self.constructs),
                             "q2_predict": 1 - (e ** 2).sum(axis=0) / (e_ia ** 2).sum(axis=0),
                             "rmse": _rmse(e), "mae": _mae(e), "ia_rmse": _rmse(e_ia), "ia_mae": _mae(e_ia)})

    def to_dict(self) -> dict:
        return jsonable({"technique": self.technique, "folds": self.folds, "repetitions": self.repetitions,
                         "seed": self.seed if self.seed is None or isinstance(self.seed, (int, np.integer))
                         else str(self.seed), "n": self.n,
                         "indicators": self.table().to_dict("records"),
                         "constructs": self.construct_table().to_dict("records"),
                         "notes": [note_texts(n) for n in self.notes]})


def predict_pls(fit: PLSResult, *, folds: int | None = 10, repetitions: int = 10, seed=None,
                technique: str = "EA") -> PLSPredict:
    """PLSpredict (Shmueli et al. 2016, 2019) of the endogenous indicators by k-fold cross-validation.

    ``folds=None``: leave-one-out (deterministic; one repetition).  ``technique``: ``"EA"`` (earliest
    antecedents: Shmueli et al. 2019's procedure and SmartPLS's PLSpredict, the default) or ``"DA"`` (direct
    antecedents, seminr's default).  Matches seminr's ``predict_pls``
    (leave-one-out fixtures to 5e-10); see the module docstring for every convention.
    """
    k, R = _check(fit, folds, repetitions, technique)
    cv = _cross_validate(fit, k, R, seed, technique)
    return PLSPredict(technique, k, R, seed, tuple(cv.items), tuple(cv.item_construct), fit.data.rows, cv.actual,
                      cv.pls.mean(axis=0), cv.lm.mean(axis=0), cv.ia.mean(axis=0), cv.pls_in, cv.lm_in,
                      tuple(cv.constructs), cv.scores, cv.score_pred.mean(axis=0), cv.score_ia.mean(axis=0),
                      cv.assignment, tuple(_notes(cv)))


# -- CVPAT ----------------------------------------------------------------------------------------------------
def _paired_t(d: np.ndarray, alternative: str) -> tuple[float, float]:
    """Paired t statistic D̄ / (s/√N) and its p-value, Student's t with N − 1 df."""
    N = d.size
    s = d.std(ddof=1)
    if not s > 0:
        return np.nan, np.nan
    t = d.mean() / (s / np.sqrt(N))
    p = stats.t.cdf(t, N - 1) if alternative == "less" else 2 * stats.t.sf(abs(t), N - 1)
    return float(t), float(p)


@dataclass(frozen=True)
class CVPATResult:
    """CVPAT of one model against the indicator-average (IA) and linear-model (LM) benchmarks."""

    technique: str
    folds: int
    repetitions: int
    seed: object
    alternative: str
    constructs: tuple                   # endogenous constructs, then "Overall"
    losses: dict                        # "PLS"/"IA"/"LM" → (n, len(constructs)) per-response average losses
    notes: tuple = field(default_factory=tuple)

    @property
    def n(self) -> int:
        return self.losses["PLS"].shape[0]

    def table(self) -> pd.DataFrame:
        """One row per benchmark × construct (and "Overall"): average loss of PLS and of the benchmark, their
        difference (PLS − benchmark; negative = PLS predicts better), t, df and p."""
        rows = []
        for bench in ("IA", "LM"):
            for j, c in enumerate(self.constructs):
                a, b = self.losses["PLS"][:, j], self.losses[bench][:, j]
                t, p = _paired_t(a - b, self.alternative)
                rows.append({"benchmark": bench, "construct": c, "loss_pls": a.mean(), "loss_benchmark": b.mean(),
                             "difference": a.mean() - b.mean(), "t": t, "df": self.n - 1, "pvalue": p,
                             "alternative": self.alternative})
        return pd.DataFrame(rows)

    def to_dict(self) -> dict:
        return jsonable({"technique": self.technique, "folds": self.folds, "repetitions": self.repetitions,
                         "seed": self.seed if self.seed is None or isinstance(self.seed, (int, np.integer))
                         else str(self.seed), "alternative": self.alternative, "n": self.n,
                         "tests": self.table().to_dict("records"),
                         "notes": [note_texts(n) for n in self.notes]})


def cvpat(fit: PLSResult, *, folds: int | None = 10, repetitions: int = 10, seed=None, technique: str = "DA",
          alternative: str = "less") -> CVPATResult:
    """CVPAT (Liengaard et al. 2021; Sharma et al. 2023): does PLS predict the endogenous indicators with a lower
    average loss than the indicator averages (IA) and than the linear models (LM)?

    Same cross-validation as :func:`predict_pls` (``technique="DA"`` by default, as SmartPLS's CVPAT).
    ``alternative``: ``"less"`` (one-sided, H1: PLS loss lower, the paper's test) or ``"two-sided"``.
    """
    k, R = _check(fit, folds, repetitions, technique, alternative)
    cv = _cross_validate(fit, k, R, seed, technique)
    groups = [[i for i, c in enumerate(cv.item_construct) if c == con] for con in cv.constructs]
    groups.append(list(range(len(cv.items))))
    losses = {}
    for name, pred in (("PLS", cv.pls), ("IA", cv.ia), ("LM", cv.lm)):
        sq = (cv.actual[None] - pred) ** 2                                   # (R, n, q)
        losses[name] = np.column_stack([sq[:, :, g].mean(axis=2).mean(axis=0) for g in groups])
    return CVPATResult(technique, k, R, seed, alternative, tuple(cv.constructs) + ("Overall",), losses,
                       tuple(_notes(cv)))
