"""Score tests of the across-group equalities of a multi-group fit: which equality to release.

The Lagrange multiplier (score) test (Sörbom 1989; Bentler 1990; Satorra 1989) asks, from the
constrained fit alone, how much χ² would drop if an equality constraint were released.  lavaan's
``lavTestScore(fit, epc = TRUE)`` (0.6-14) computes it in the space x of every group's own
parameters, where an equality across groups is a linear constraint R x = 0 (one row
x_{g₁,k} − x_{g,k} = 0 per later group g, group 1's copy on the left, as lavaan's
``.p2. == .p38.``):

* s = ∂(Σ_g log L_g / N)/∂x at the constrained estimate (lavaan's ``gradient.logl``);
* I = the expected information per observation in x, block-diagonal over the groups
  (Σ_g (n_g/N) Δ_gᵀ I_exp,g Δ_g at the model-implied moments; pattern-wise with FIML);
* releasing the constraints in rows r: with R₁ = R without them and Z₁ = [[I, R₁ᵀ], [R₁, 0]],
  X² = N · sᵀ (Z₁⁺)₁₁ s on df = |r| (Z⁺ the Moore–Penrose inverse, as lavaan's ``MASS::ginv``
  with tolerance √ε); ``univariate``: one constraint at a time (lavaan's ``$uni``);
  ``total``: all at once, X² = N · sᵀ I⁺ s;
* expected parameter change (Sörbom 1989): lavaan's ``$epc`` column, I⁺ s — every constraint
  released at once — for the two copies of the parameter (``epc.lhs``, ``epc.rhs``); and the
  change when only this constraint is released, (Z₁⁺)₁₁ s (``epc.uni.lhs``, ``epc.uni.rhs``).

With MLR lavaan 0.6-14 has no robust score test: it warns and computes this normal-theory
test from the same estimates, and so do we (``note`` says so).  With more than two groups a
parameter is held equal by G − 1 constraints; ``by_parameter`` gives their joint test
(df = G − 1; for two groups it equals the univariate one), which the partial-invariance
search ranks.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from ..errors import OptionError, invalid_option
from ..jsonsafe import jsonable
from .multigroup import MultiGroupResult, _category, parameter_name
from .multigroup_robust import model_information
from .threads import one_thread

TOL = float(np.sqrt(np.finfo(float).eps))      # MASS::ginv's tolerance


def _ginv(M: np.ndarray) -> np.ndarray:
    return np.linalg.pinv((M + M.T) / 2, rcond=TOL)


@dataclass(frozen=True, eq=False)
class ScoreTests:
    """lavTestScore's ``$test`` (``total``), ``$uni`` (``univariate``, sorted by X2) and the joint test
    of each parameter over the groups (``by_parameter``, sorted by p then X2)."""

    total: dict
    univariate: pd.DataFrame
    by_parameter: pd.DataFrame
    estimator: str
    missing: str
    note: dict

    def table(self, kind: str = "univariate") -> pd.DataFrame:
        return (self.univariate if kind == "univariate" else self.by_parameter).copy()

    def to_dict(self) -> dict:
        return jsonable({"total": self.total, "univariate": self.univariate.to_dict(orient="records"),
                         "by_parameter": self.by_parameter.to_dict(orient="records"),
                         "estimator": self.estimator, "missing": self.missing, "note": self.note,
                         "source": "Sörbom 1989; Bentler 1990; lavaan::lavTestScore (0.6-14)"})


def _constraints(res: MultiGroupResult):
    """(x offsets, constraint list): each constraint (global j, (g_a, k_a), (g_b, k_b))."""
    groups = res.model_groups
    offsets = np.cumsum([0] + [g.pt.npar for g in groups])
    users: dict[int, list] = {}
    for gi, g in enumerate(groups):
        for k, j in enumerate(g.index):
            users.setdefault(int(j), []).append((gi, k))
    cons = []
    for j in sorted(users, key=lambda j: users[j][0]):
        u = users[j]
        for b in u[1:]:
            cons.append((j, u[0], b))
    return offsets, cons


def _row_of(g, k):
    return next(r for r in g.pt.rows if r.free == k + 1)


def score_tests(result: MultiGroupResult) -> ScoreTests:
    """Score tests of every across-group equality of ``result`` (see the module docstring).

    Matches ``lavTestScore(fit, epc = TRUE)`` of lavaan 0.6-14 for the same fit (``$uni``: X2, df,
    p.value; ``$epc``: epc), with the parameters named in lavaan syntax and the groups by label.
    """
    with one_thread():
        return _score_tests(result)


def _score_tests(result: MultiGroupResult) -> ScoreTests:
    groups = result.model_groups
    if not groups:
        raise invalid_option("result", "score_tests", "Pass a result of fit_multigroup.",
                             "请传入 fit_multigroup 的结果。", "請傳入 fit_multigroup 的結果。")
    offsets, cons = _constraints(result)
    if not cons:
        raise invalid_option("result", "no equality constraints",
                             "The fit has no equality constraints across groups (e.g. a configural model); "
                             "score tests need a constrained fit such as the metric or scalar model.",
                             "该拟合在组间没有等同约束（如形态模型）；分数检验需要有约束的拟合，如度量或标量模型。",
                             "該配適在組間沒有等同限制（如形態模型）；分數檢定需要有限制的配適，如量尺或純量模型。")
    N = sum(g.n for g in groups)
    d = int(offsets[-1])
    s = np.zeros(d)
    info = np.zeros((d, d))
    for gi, g in enumerate(groups):
        t = result.theta[g.index]
        sl = slice(offsets[gi], offsets[gi + 1])
        s[sl] = -g.n / N * g.obj.gradient(t)
        info[sl, sl] = g.n / N * model_information(g.obj, t, "expected")
    R = np.zeros((len(cons), d))
    for r, (_, (ga, ka), (gb, kb)) in enumerate(cons):
        R[r, offsets[ga] + ka] = 1.0
        R[r, offsets[gb] + kb] = -1.0

    def released(rows) -> tuple[float, np.ndarray]:
        keep = np.setdiff1d(np.arange(len(cons)), rows)
        R1 = R[keep]
        m = len(keep)
        Z = np.block([[info, R1.T], [R1, np.zeros((m, m))]])
        Zp = _ginv(Z)[:d, :d]
        return float(N * s @ Zp @ s), Zp @ s

    epc_all = _ginv(info) @ s
    total = float(N * s @ epc_all)
    observed = set(groups[0].pt.ov_names)
    labels = [g.label for g in groups]
    est = result.theta
    uni = []
    for r, (j, (ga, ka), (gb, kb)) in enumerate(cons):
        row = _row_of(groups[ga], ka)
        X2, change = released([r])
        xa, xb = offsets[ga] + ka, offsets[gb] + kb
        uni.append({"parameter": parameter_name(row.lhs, row.op, row.rhs), "lhs": row.lhs, "op": row.op,
                    "rhs": row.rhs, "label": row.label, "class": _category(row, observed),
                    "group.lhs": labels[ga], "group.rhs": labels[gb], "est": est[j],
                    "X2": X2, "df": 1, "p.value": float(stats.chi2.sf(X2, 1)),
                    "epc.lhs": epc_all[xa], "epc.rhs": epc_all[xb],
                    "epc.uni.lhs": change[xa], "epc.uni.rhs": change[xb]})
    uni_df = pd.DataFrame(uni).sort_values("X2", ascending=False, kind="stable").reset_index(drop=True)
    by = []
    per_param: dict[int, list] = {}
    for r, c in enumerate(cons):
        per_param.setdefault(c[0], []).append(r)
    for j, rows in per_param.items():
        first = uni[rows[0]]
        X2 = first["X2"] if len(rows) == 1 else released(rows)[0]
        by.append({"parameter": first["parameter"], "lhs": first["lhs"], "op": first["op"], "rhs": first["rhs"],
                   "label": first["label"], "class": first["class"], "groups": [str(x) for x in labels],
                   "est": first["est"], "X2": X2, "df": len(rows),
                   "p.value": float(stats.chi2.sf(X2, len(rows)))})
    by_df = pd.DataFrame(by)
    by_df = by_df.assign(_neg=-by_df["X2"]).sort_values(["p.value", "_neg"], kind="stable") \
        .drop(columns="_neg").reset_index(drop=True)
    note = {"en": "Normal-theory score test with the expected information (lavaan's lavTestScore default).",
            "zh-Hans": "基于常规理论与期望信息矩阵的分数检验（lavaan 的 lavTestScore 默认方法）。",
            "zh-Hant": "基於常規理論與期望訊息矩陣的分數檢定（lavaan 的 lavTestScore 預設方法）。"}
    if result.estimator == "MLR":
        note = {"en": "MLR fit: the score test is the normal-theory one (lavaan 0.6-14 has no robust score test and "
                      "falls back to this one with a warning); use it to rank the equalities, and judge a release by "
                      "the refitted model's scaled difference test.",
                "zh-Hans": "MLR 拟合：分数检验为常规理论版本（lavaan 0.6-14 没有稳健分数检验，会给出警告并改用此检验）；"
                           "请用它为等同约束排序，释放与否以重新拟合后的校正差异检验为准。",
                "zh-Hant": "MLR 配適：分數檢定為常規理論版本（lavaan 0.6-14 沒有穩健分數檢定，會給出警告並改用此檢定）；"
                           "請用它為等同限制排序，釋放與否以重新配適後的校正差異檢定為準。"}
    return ScoreTests(total={"X2": total, "df": len(cons), "p.value": float(stats.chi2.sf(total, len(cons)))},
                      univariate=uni_df, by_parameter=by_df, estimator=result.estimator, missing=result.missing,
                      note=note)


def _invariant_indicators(result: MultiGroupResult, cls: str) -> dict[str, set]:
    """factor → its indicators whose loading (``loadings``; a fixed marker counts) or intercept
    (``intercepts``) is the same in every group."""
    groups = result.model_groups
    g0 = groups[0]
    shared = set()
    for k, j in enumerate(g0.index):
        if all(j in set(g.index) for g in groups[1:]):
            shared.add(k + 1)
    out: dict[str, set] = {}
    for r in g0.pt.rows:
        if r.op != "=~":
            continue
        if cls == "loadings":
            ok = (not r.free and all(_fixed_same(g, r) for g in groups[1:])) or (r.free and r.free in shared)
        else:
            icpt = next((x for x in g0.pt.rows if x.op == "~1" and x.lhs == r.rhs), None)
            ok = icpt is not None and icpt.free and icpt.free in shared
        out.setdefault(r.lhs, set())
        if ok:
            out[r.lhs].add(r.rhs)
    return out


def _fixed_same(g, row) -> bool:
    other = next((x for x in g.pt.rows if (x.lhs, x.op, x.rhs) == (row.lhs, row.op, row.rhs)), None)
    return other is not None and not other.free and other.value == row.value


def release_candidates(result: MultiGroupResult, cls: str, *, min_invariant: int = 2) -> pd.DataFrame:
    """The equalities of class ``cls`` (``loadings``, ``intercepts``, ``residuals``, …) that may be
    released, best first (the ``by_parameter`` score tests): an equality whose release would leave
    its factor with fewer than ``min_invariant`` invariant indicators is left out (Byrne,
    Shavelson & Muthén 1989)."""
    try:
        tests = score_tests(result).by_parameter
    except OptionError:                # no equality left to release
        return pd.DataFrame(columns=["parameter", "class", "X2", "df", "p.value"])
    tests = tests[tests["class"] == cls]
    if cls not in ("loadings", "intercepts") or tests.empty:
        return tests.reset_index(drop=True)
    inv = _invariant_indicators(result, cls)
    keep = []
    for row in tests.itertuples():
        item = row.rhs if cls == "loadings" else row.lhs
        factors = [row.lhs] if cls == "loadings" else [f for f, items in inv.items() if item in items]
        keep.append(all(len(inv.get(f, set()) - {item}) >= min_invariant for f in factors))
    return tests[np.array(keep, dtype=bool)].reset_index(drop=True)
