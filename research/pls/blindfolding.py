"""Stone–Geisser Q² by blindfolding: the cross-validated redundancy SmartPLS 3 reports.

Blindfolding (Stone 1974; Geisser 1974; Chin 1998; Hair, Hult, Ringle &
Sarstedt 2017, *A Primer on PLS-SEM*, 2nd ed., ch. 6; SmartPLS 3's
"Blindfolding" documentation, smartpls.com/documentation/algorithms-and-
techniques/blindfolding) omits every D-th data point of an endogenous
construct's indicators, re-estimates the model, predicts the omitted points
and repeats until every data point has been omitted once — D rounds for an
omission distance D.  For each endogenous construct separately:

* the cells of its n × K indicator block are numbered down the columns
  (cell (i, k) is number k·n + i, observations 0…n − 1, indicators 0…K − 1);
  round d ∈ {0, …, D − 1} omits the cells whose number is d modulo D.  With
  this numbering, n a multiple of D would omit whole responses at once, which
  is why the rule of thumb says n/D must not be a whole number; such a D gets
  a note;
* an omitted cell is replaced by the mean of the remaining answers to that
  item (the mean replacement SmartPLS applies to missing data), the data are
  standardized again and the whole model is re-estimated with the fit's
  settings (scheme, PLSc, stop rule), starting from unit weights;
* the omitted answers are predicted from the structural model
  (cross-validated redundancy): the construct's score is predicted from its
  predecessors' scores and the round's path coefficients, ŷ = Σ β·Y_pred,
  and the indicator as loading × ŷ, taken back to the answer scale with the
  round's mean and standard deviation;
* SSE sums the squared prediction errors and SSO the squared deviations from
  the item mean, both in units of the item's standard deviation (n
  denominator, so SSO = n per indicator, as SmartPLS prints it: "SSO is
  equal to the number of observations * indicators, because we have
  standardized data", J.-M. Becker on the SmartPLS forum, 2020);
  Q² = 1 − SSE/SSO per construct (summed over its indicators) and per
  indicator.

Hair et al. apply Q² to reflectively measured endogenous constructs (and
single items); it is computed for every endogenous construct here, Mode B
blocks included.  SmartPLS 4 dropped blindfolding in favour of PLSpredict
(:mod:`research.pls.predict`), which assesses out-of-sample prediction; Q²
stays the figure many journals still ask for.  For a moderated or
higher-order fit the prepared indicators are blindfolded as they are (the
stage-one scores of a two-stage term are not recomputed).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import invalid_option
from ..jsonsafe import jsonable
from ..messages import Note, note_texts
from . import engine

OMISSION_DISTANCE = 7


@dataclass(frozen=True)
class Blindfolding:
    """Q² per endogenous construct (``constructs``) and per indicator (``indicators``)."""

    constructs: pd.DataFrame        # index construct: sso, sse, q2
    indicators: pd.DataFrame        # construct, item, sso, sse, q2
    omission_distance: int
    notes: tuple = field(default=(), compare=False)

    def table(self) -> pd.DataFrame:
        return self.constructs

    def to_dict(self) -> dict:
        return jsonable({"omission_distance": self.omission_distance,
                         "constructs": self.constructs.reset_index().to_dict(orient="records"),
                         "indicators": self.indicators.to_dict(orient="records"),
                         "notes": [note_texts(n) for n in self.notes]})


def omission_rounds(n: int, k: int, distance: int) -> np.ndarray:
    """The round (0 … D − 1) in which each cell of an n × k block is omitted, cells numbered down the columns."""
    number = np.arange(k)[None, :] * n + np.arange(n)[:, None]
    return number % distance


def _check_distance(distance, n: int) -> int:
    if isinstance(distance, bool) or not isinstance(distance, (int, np.integer)) or not 2 <= distance <= n:
        raise invalid_option("omission_distance", repr(distance)[:40],
                             f"Give a whole number from 2 to the number of responses ({n}); 5–12 is usual, "
                             "SmartPLS's default is 7.",
                             f"请给出 2 到答卷数（{n}）之间的整数；常用 5–12，SmartPLS 默认 7。",
                             f"請給出 2 到答卷數（{n}）之間的整數；常用 5–12，SmartPLS 預設 7。")
    return int(distance)


def blindfold(fit, omission_distance: int = OMISSION_DISTANCE) -> Blindfolding:
    """Stone–Geisser Q² (cross-validated redundancy) of every endogenous construct of ``fit``."""
    raw = fit.data.raw
    n = raw.shape[0]
    D = _check_distance(omission_distance, n)
    layout = fit.layout
    centre = raw.mean(axis=0)
    scale = raw.std(axis=0, ddof=0)
    construct_rows, item_rows = [], []
    for j in layout.endogenous:
        idx = layout.block_index[j]
        rounds = omission_rounds(n, idx.size, D)
        sse = _block_sse(fit, j, idx, rounds, D, scale)
        sso = (((raw[:, idx] - centre[idx]) / scale[idx]) ** 2).sum(axis=0)
        name = layout.constructs[j]
        for k, item in enumerate(idx):
            item_rows.append({"construct": name, "item": layout.items[item], "sso": float(sso[k]),
                              "sse": float(sse[k]), "q2": float(1.0 - sse[k] / sso[k])})
        construct_rows.append({"construct": name, "sso": float(sso.sum()), "sse": float(sse.sum()),
                               "q2": float(1.0 - sse.sum() / sso.sum())})
    notes = []
    if n % D == 0:
        notes.append(Note(en=f"The number of responses ({n}) is a multiple of the omission distance ({D}), so "
                             "each blindfolding round leaves out whole responses; choose a D that does not divide n "
                             "(Hair et al. 2017).",
                          zh_hans=f"答卷数（{n}）是省略距离（{D}）的整数倍，每轮 Blindfolding 会整份省略答卷；"
                                  "请选择不能整除 n 的 D（Hair 等 2017）。",
                          zh_hant=f"答卷數（{n}）是省略距離（{D}）的整數倍，每輪 Blindfolding 會整份省略答卷；"
                                  "請選擇不能整除 n 的 D（Hair 等 2017）。"))
    constructs = pd.DataFrame(construct_rows, columns=["construct", "sso", "sse", "q2"]).set_index("construct")
    indicators = pd.DataFrame(item_rows, columns=["construct", "item", "sso", "sse", "q2"])
    return Blindfolding(constructs, indicators, D, tuple(notes))


def _block_sse(fit, j: int, idx: np.ndarray, rounds: np.ndarray, D: int, scale: np.ndarray) -> np.ndarray:
    """Squared prediction errors (in SD units) of the omitted cells of block ``idx``, summed per indicator."""
    raw = fit.data.raw
    layout = fit.layout
    active = [d for d in range(D) if (rounds == d).any()]
    data = np.repeat(raw[None], len(active), axis=0)          # (R, n, p), one imputed data set per round
    omitted = np.zeros((len(active),) + rounds.shape, dtype=bool)
    for r, d in enumerate(active):
        omitted[r] = rounds == d
        for k, item in enumerate(idx):
            gone = omitted[r, :, k]
            if gone.any():
                data[r, gone, item] = raw[~gone, item].mean()
    mean = data.mean(axis=1)
    sd = data.std(axis=1, ddof=1)
    std = (data - mean[:, None, :]) / sd[:, None, :]
    S = np.einsum("rnp,rnq->rpq", std, std) / (raw.shape[0] - 1)
    est = engine.estimate(S, layout, scheme=fit.scheme, consistent=fit.consistent, tol=fit.tol,
                          max_iter=fit.max_iter)
    pred = layout.predecessors[j]
    scores = np.einsum("rnp,rpj->rnj", std, est.weights)                 # (R, n, J)
    y_hat = np.einsum("rnk,rk->rn", scores[:, :, pred], est.paths[:, pred, j])
    lam = est.loadings[:, idx, j]                                        # (R, K)
    x_hat = mean[:, None, idx] + sd[:, None, idx] * lam[:, None, :] * y_hat[:, :, None]
    err = ((raw[None, :, idx] - x_hat) / scale[idx]) ** 2
    return np.where(omitted, err, 0.0).sum(axis=(0, 1))
