"""Groups in PLS-SEM: measurement invariance of composites (MICOM) and multi-group analysis (MGA).

>>> inv = micom(data, model, "gender", n_perm=5000, seed=1)
>>> inv.table()      # per construct: c, its 5 % quantile, p; mean and log-variance differences with CIs
>>> res = mga(data, model, "gender", n_boot=5000, n_perm=5000, seed=1)
>>> res.table()      # per path: β per group, difference, PLS-MGA, permutation, parametric and Welch tests

A grouping column of ``data`` splits the responses; groups are named by
their values (sorted; ``groups=[...]`` chooses and orders them).  With more
than two groups every pair is compared.  The indicators are prepared once
for all responses with a group (mean replacement uses the pooled item
means, so that permuting the group labels permutes fixed data); each group
is then estimated on its own responses, standardized within the group,
exactly as :func:`~research.pls.fit.estimate_pls` on that subset.

MICOM (Henseler, Ringle & Sarstedt 2016, *International Marketing Review*
33, 405–431), as SmartPLS reports it:

1. *configural invariance*: the same model, indicators and algorithm
   settings in every group; checked here (every indicator answered and
   varying in every group) and reported, never assumed;
2. *compositional invariance*: c = cor(Xw₁, Xw₂), the correlation of the
   composite scores formed with group 1's and group 2's weights on the
   pair's pooled standardized data X; the labels are permuted ``n_perm``
   times (Chin & Dibbern 2010) and the weights re-estimated in both
   permuted groups; invariance holds when c is not below the 5 % quantile
   of the permuted c (p = share of permuted c ≤ c);
3. *equal means and variances*: scores of the pair's pooled data with the
   weights estimated on those pooled data; the group difference of the means and of the log variances
   against their permutation distributions (2.5 % and 97.5 % quantiles
   as the 95 % interval, p = share of |permuted| ≥ |observed|).  Full
   invariance: steps 2 and 3 hold; partial: step 2 holds.

MGA, per structural path and pair of groups:

* **PLS-MGA** (Henseler, Ringle & Sinkovics 2009; Henseler 2012): from
  every pair (j, i) of the groups' bootstrap estimates,
  p = 1 − Σ Θ(2β̄₁ − β₁ⱼ − 2β̄₂ + β₂ᵢ) / (B₁B₂), with β̄ the mean of a
  group's bootstrap estimates and Θ the unit step: the one-sided p of
  H₁ β₁ > β₂ (near 1 when β₁ < β₂).  This is the formula seminr's
  ``estimate_pls_mga`` computes: with seminr's published bootstrap means
  and our bootstrap distributions it reproduces seminr's p-values on the
  mobi split (RMS 0.007; centring on the full-sample group estimates
  instead gives RMS 0.034).  ``pls_mga_p_less`` is the other direction,
  ``pls_mga_p_two`` = 2·min of the two (SmartPLS 4's two-tailed p).
* **permutation test** (Chin & Dibbern 2010): the group labels of the
  pair are permuted, both groups re-estimated, p = share of permutations
  with |β₁* − β₂*| ≥ |β₁ − β₂| (SmartPLS's permutation p).
* **parametric test** (Keil et al. 2000; Sarstedt, Henseler & Ringle 2011):
  t = (β₁ − β₂) / (√(((n₁−1)² se₁² + (n₂−1)² se₂²)/(n₁+n₂−2)) · √(1/n₁ + 1/n₂)),
  df = n₁ + n₂ − 2, se = bootstrap SD (n − 1 divisor); two-sided p.
* **Welch–Satterthwaite test** (unequal variances, as SmartPLS):
  t = (β₁ − β₂) / √((n₁−1)/n₁ se₁² + (n₂−1)/n₂ se₂²),
  df = ((n₁−1)/n₁ se₁² + (n₂−1)/n₂ se₂²)² / ((n₁−1)/n₁² se₁⁴ + (n₂−1)/n₂² se₂⁴) − 2
  (not rounded); two-sided p.

Resampling runs on stacks of correlation matrices (:func:`engine.estimate`,
started from the group's or the pair's weights): bootstrap resamples are
those of :func:`research.bootstrap.resample_blocks` (blocks of 50, block k
from its own ``SeedSequence`` child) and permutations are drawn the same
way, so the results do not depend on ``n_jobs``.  ``SeedSequence(seed)``
has two children: permutations (one grandchild per pair) and bootstraps
(one per group); :func:`micom` and :func:`mga` with the same seed use the
same permutations.  A resample in which an item does not vary cannot be
standardized: it is left out and counted.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from itertools import combinations

import numpy as np
import pandas as pd
from scipy import stats

from ..bootstrap import BLOCK, norm_inter, resample_blocks
from ..errors import invalid_data, invalid_option
from ..jsonsafe import jsonable
from ..limits import MAX_BOOTSTRAP, check_count
from ..messages import Note, note_texts
from ..parallel import run_ordered
from . import engine
from .engine import Layout
from .fit import PLSResult, Prepared, _check_scheme, as_model, fit_prepared, prepare
from .model import PLSModel

MIN_GROUP = 10          # fewest responses a group may have (and at least the largest block + 2)
MAX_GROUPS = 10         # more values than this is not a grouping (an ID, a score): refused
CHUNK = 500             # correlation matrices per engine call (a batch size only: results do not depend on it)
CHUNK_CELLS = 20_000_000  # ... and at most this many resampled answers (160 MB) in memory at once
TIE = 1e-7              # |Δ| within the PLS stop criterion counts as a tie in permutation p-values


# ----------------------------------------------------------------------------------
# the groups
# ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Grouped:
    """The responses of every group, prepared once (pooled), and how the model is estimated."""

    model: PLSModel
    layout: Layout
    data: Prepared              # all responses used, in data order, standardized over all of them
    column: str
    names: tuple[str, ...]      # group names (str of the values)
    values: tuple               # the grouping column's values, in the same order
    member: np.ndarray          # (n,) index into names of every response
    scheme: str = "path"
    consistent: object = False
    tol: float = engine.TOLERANCE
    max_iter: int = engine.MAX_ITER
    notes: tuple = ()

    def positions(self, g: int) -> np.ndarray:
        return np.flatnonzero(self.member == g)

    def sizes(self) -> dict:
        return {name: int((self.member == g).sum()) for g, name in enumerate(self.names)}

    @property
    def pairs(self) -> list[tuple[int, int]]:
        return list(combinations(range(len(self.names)), 2))

    def fit(self, positions: np.ndarray) -> PLSResult:
        """The model estimated on the responses at ``positions`` (standardized among them)."""
        raw = self.data.raw[positions]
        mean, sd = raw.mean(axis=0), raw.std(axis=0, ddof=1)
        prepared = Prepared(raw, (raw - mean) / sd, mean, sd, self.data.rows[positions], (), {}, self.data.missing)
        return fit_prepared(prepared, self.model, scheme=self.scheme, consistent=self.consistent, tol=self.tol,
                            max_iter=self.max_iter)

    def settings(self) -> dict:
        return {"scheme": self.scheme, "consistent": self.consistent if isinstance(self.consistent, bool)
                else sorted(self.consistent), "stop_criterion": self.tol, "max_iterations": self.max_iter,
                "missing": self.data.missing, "group": self.column, "groups": list(self.names)}


def _group_error(column, detail, en, zh, zh_hant, value=None):
    return invalid_data(detail, en, zh, zh_hant, column=str(column), value=value)


def group_data(data: pd.DataFrame, model, group: str, *, groups=None, scheme: str = "path", consistent=False,
               missing: str = "mean", tol: float = engine.TOLERANCE, max_iter: int = engine.MAX_ITER) -> Grouped:
    """Check the grouping column and every group, and prepare the indicators of all responses with a group."""
    model = as_model(model)
    scheme = _check_scheme(scheme)
    if model.interactions:
        raise invalid_option("model", ", ".join(i.name for i in model.interactions),
                             "MICOM and multi-group analysis compare the groups on a model without interaction "
                             "terms (the grouping variable is itself the moderator): leave the A:B terms out.",
                             "MICOM 与多组分析在不含交互项的模型上比较各组（分组变量本身就是调节变量）：请去掉 A:B 项。",
                             "MICOM 與多組分析在不含交互項的模型上比較各組（分組變數本身就是調節變數）：請去掉 A:B 項。")
    if not isinstance(data, pd.DataFrame):
        raise invalid_option("data", type(data).__name__, "Give the responses as a pandas DataFrame.",
                             "请以 pandas DataFrame 提供答卷数据。", "請以 pandas DataFrame 提供答卷資料。")
    if not isinstance(group, str) or group not in data.columns:
        raise invalid_option("group", str(group)[:80], "Name the column of the data that holds the groups "
                             "(e.g. group='gender').", "请给出数据中存放分组的列名（例如 group='gender'）。",
                             "請提供資料中存放分組的欄名（例如 group='gender'）。")
    if group in model.items:
        raise invalid_option("group", group, "The grouping column is an indicator of the model; group by another "
                             "column.", "分组列是模型的测量题项；请用其他列分组。", "分組欄是模型的測量題項；請用其他欄分組。")
    col = data[group]
    known = col.notna().to_numpy()
    present = list(dict.fromkeys(col[known].tolist()))
    if groups is None:
        try:
            levels = sorted(present)
        except TypeError:
            levels = present
    else:
        levels = list(groups)
        absent = [v for v in levels if not any(_same(v, x) for x in present)]
        if absent or len(set(map(str, levels))) < len(levels):
            raise invalid_option("groups", ", ".join(map(str, absent or levels))[:120],
                                 f"Give each group once, as a value of the column {group} (its values: "
                                 f"{', '.join(map(str, present[:12]))}).",
                                 f"每个组只给一次，且须是列 {group} 中的取值（现有取值：{'、'.join(map(str, present[:12]))}）。",
                                 f"每個組只給一次，且須是欄 {group} 中的取值（現有取值：{'、'.join(map(str, present[:12]))}）。",
                                 column=group)
        levels = [next(x for x in present if _same(v, x)) for v in levels]
    if len(levels) < 2:
        raise _group_error(group, f"{group}: {len(levels)} group", "MICOM and multi-group analysis compare two or more "
                           "groups, but this column has fewer; choose a column with at least two values.",
                           "MICOM 与多组分析比较两个或更多组，但该列不足两组；请选择至少有两个取值的列。",
                           "MICOM 與多組分析比較兩個或更多組，但該欄不足兩組；請選擇至少有兩個取值的欄。")
    if len(levels) > MAX_GROUPS:
        raise _group_error(group, f"{group}: {len(levels)} groups > {MAX_GROUPS}",
                           f"A column with more than {MAX_GROUPS} values is not a grouping (an ID or a score?); "
                           "recode it into a few groups or choose them with groups=[...].",
                           f"取值超过 {MAX_GROUPS} 个的列不是分组变量（可能是编号或分数）；请重新编码为少数几组，或用 groups=[...] 选择。",
                           f"取值超過 {MAX_GROUPS} 個的欄不是分組變數（可能是編號或分數）；請重新編碼為少數幾組，或用 groups=[...] 選擇。")
    names = tuple(str(v) for v in levels)
    if len(set(names)) < len(names):
        raise _group_error(group, ", ".join(names), "Two groups have the same name as text; recode the column so "
                           "that every group has its own name.", "有两个组的名称文本相同；请重新编码该列，使每组名称不同。",
                           "有兩個組的名稱文字相同；請重新編碼該欄，使每組名稱不同。")
    code = np.full(len(data), -1)
    text = col.astype(str).to_numpy()
    for g, v in enumerate(levels):
        try:
            equal = (col == v).fillna(False).to_numpy(dtype=bool)
        except (TypeError, ValueError):
            equal = np.zeros(len(data), dtype=bool)
        code[known & (equal | (text == str(v))) & (code < 0)] = g
    chosen = np.flatnonzero(code >= 0)
    sub = data.iloc[chosen].reset_index(drop=True)
    items = list(model.items)
    _check_answered(sub, items, code[chosen], names, group)
    prepared = prepare(sub, items, missing)
    used = prepared.rows.to_numpy()                  # positions in sub
    member = code[chosen][used]
    rows = data.index[chosen[used]]
    prepared = replace(prepared, rows=rows, excluded=tuple((data.index[chosen[int(r)]], why)
                                                          for r, why in prepared.excluded))
    notes = []
    dropped = int((~known).sum())
    if dropped:
        notes.append(Note(en=f"{dropped} responses without a value in {group} were left out.",
                          zh_hans=f"{dropped} 份在 {group} 列没有取值的答卷被排除。",
                          zh_hant=f"{dropped} 份在 {group} 欄沒有取值的答卷被排除。"))
    other = int(known.sum()) - len(chosen)
    if other:
        notes.append(Note(en=f"{other} responses in groups not compared were left out.",
                          zh_hans=f"{other} 份属于未比较组别的答卷被排除。", zh_hant=f"{other} 份屬於未比較組別的答卷被排除。"))
    if prepared.replaced:
        notes.append(Note(en="Missing answers were replaced by the item mean of all groups together (so that "
                             "permuting the groups permutes the same data).",
                          zh_hans="缺失答案以全部组合并后的题项均值替换（使置换分组时数据保持不变）。",
                          zh_hant="遺漏答案以全部組合併後的題項平均數取代（使置換分組時資料保持不變）。"))
    grouped = Grouped(model, Layout.of(model), prepared, group, names, tuple(levels), member, scheme, consistent,
                      tol, max_iter, tuple(notes))
    _check_groups(grouped)
    return grouped


def _same(a, b) -> bool:
    try:
        return bool(a == b) or str(a) == str(b)
    except (TypeError, ValueError):
        return str(a) == str(b)


def _check_answered(sub: pd.DataFrame, items, code, names, column) -> None:
    """Configural invariance needs every indicator answered in every group (before mean replacement)."""
    for g, name in enumerate(names):
        part = sub.loc[code == g, items].apply(pd.to_numeric, errors="coerce")
        empty = [c for c in items if part[c].isna().all()]
        if empty and len(part):
            raise _group_error(column, f"{column} = {name}: {', '.join(map(str, empty[:5]))}",
                               f"No response of group {name} answers these items, so the groups cannot be measured "
                               "alike (configural invariance); leave the items out of the model or the group out of "
                               "the comparison (groups=[...]).",
                               f"组 {name} 中没有任何答卷回答这些题项，各组无法以相同方式测量（构形不变性）；"
                               "请将这些题项移出模型，或用 groups=[...] 将该组排除在比较之外。",
                               f"組 {name} 中沒有任何答卷回答這些題項，各組無法以相同方式測量（構形不變性）；"
                               "請將這些題項移出模型，或用 groups=[...] 將該組排除在比較之外。", value=name)


def _check_groups(grouped: Grouped) -> None:
    largest = max(len(b.items) for b in grouped.model.blocks)
    minimum = max(MIN_GROUP, largest + 2)
    raw = grouped.data.raw
    for g, name in enumerate(grouped.names):
        pos = grouped.positions(g)
        if pos.size < minimum:
            raise _group_error(grouped.column, f"{grouped.column} = {name}: n = {pos.size} < {minimum}",
                               f"Group {name} has {pos.size} usable responses; each group needs at least {minimum} "
                               f"(the largest block has {largest} items; at least {MIN_GROUP}). Merge it with a "
                               "similar group, leave it out with groups=[...], or collect more responses.",
                               f"组 {name} 只有 {pos.size} 份可用答卷；每组至少需要 {minimum} 份（最大指标块有 {largest} "
                               f"个题项；且不少于 {MIN_GROUP}）。请与相近的组合并、用 groups=[...] 排除该组，或收集更多答卷。",
                               f"組 {name} 只有 {pos.size} 份可用答卷；每組至少需要 {minimum} 份（最大指標區塊有 {largest} "
                               f"個題項；且不少於 {MIN_GROUP}）。請與相近的組合併、用 groups=[...] 排除該組，或收集更多答卷。",
                               value=name)
        sd = raw[pos].std(axis=0, ddof=1)
        flat = [i for i, s, s0 in zip(grouped.layout.items, sd, grouped.data.sd) if not s > 1e-10 * s0]
        if flat:
            raise _group_error(grouped.column, f"{grouped.column} = {name}: {', '.join(map(str, flat[:5]))}",
                               f"Every response of group {name} gives the same answer to these items, so the group's "
                               "weights cannot be estimated; leave the items out of the model, merge the group with "
                               "a similar one, or leave it out with groups=[...].",
                               f"组 {name} 的所有答卷在这些题项上的答案都相同，无法估计该组的权重；请将这些题项移出模型、"
                               "将该组与相近的组合并，或用 groups=[...] 排除该组。",
                               f"組 {name} 的所有答卷在這些題項上的答案都相同，無法估計該組的權重；請將這些題項移出模型、"
                               "將該組與相近的組合併，或用 groups=[...] 排除該組。", value=name)


def _check_count(option: str, value) -> int:
    return check_count(option, value, 2, MAX_BOOTSTRAP,
                       why_en="more resamples change the p-values only in the third decimal and take minutes to "
                              "hours (5000 is the usual number).",
                       why_zh="更多的重抽样只改变 p 值的第三位小数，却需要数分钟到数小时（通常用 5000 次）。",
                       why_zh_hant="更多的重抽樣只改變 p 值的第三位小數，卻需要數分鐘到數小時（通常用 5000 次）。")


def _seeds(seed) -> tuple[int, np.random.SeedSequence, np.random.SeedSequence]:
    """(the seed as recorded, the permutations' SeedSequence, the bootstraps' SeedSequence)."""
    if seed is None:
        seed = int(np.random.SeedSequence().entropy % 2 ** 63)
    elif isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise invalid_option("seed", repr(seed)[:40], "Give the seed as a whole number ≥ 0 (or None for a fresh one).",
                             "请以非负整数给出随机种子（或 None 表示随机生成）。", "請以非負整數提供隨機種子（或 None 表示隨機產生）。")
    perm, boot = np.random.SeedSequence(int(seed)).spawn(2)
    return int(seed), perm, boot


# ----------------------------------------------------------------------------------
# batched resampling
# ----------------------------------------------------------------------------------
def _correlations(raw: np.ndarray, index: np.ndarray, sd0: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Correlation matrices (B, p, p) of the rows ``index`` (B, m) of ``raw``, and which of them are usable
    (every item varies); an unusable one is replaced by the identity so that the batch still runs."""
    X = raw[index]
    X = X - X.mean(axis=1, keepdims=True)
    C = np.matmul(X.transpose(0, 2, 1), X)
    d = np.sqrt(np.einsum("bii->bi", C))
    ok = (d > 1e-10 * sd0 * np.sqrt(max(index.shape[1] - 1, 1))).all(axis=1)
    d = np.where(d > 0, d, 1.0)
    S = C / d[:, :, None] / d[:, None, :]
    if not ok.all():
        S[~ok] = np.eye(raw.shape[1])
    return S, ok


def _estimate_rows(raw, sd0, layout, settings, start, index) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Weights (B, p, J) and paths (B, J, J) of the model on each row set of ``index``; NaN where unusable."""
    S, ok = _correlations(raw, index, sd0)
    est = engine.estimate(S, layout, start=start, **settings)
    W, P = est.weights, est.paths
    W[~ok] = np.nan
    P[~ok] = np.nan
    return W, P, ok & est.converged


def _chunk_size(m: int, p: int) -> int:
    """Resamples of m rows × p columns to handle at once."""
    return max(1, min(CHUNK, CHUNK_CELLS // max(m * p, 1)))


def _chunks(index: np.ndarray, p: int) -> list[tuple[np.ndarray]]:
    size = _chunk_size(index.shape[1], p)
    return [(index[i:i + size],) for i in range(0, index.shape[0], size)]


def _run(raw, index, sd0, grouped: Grouped, start, n_jobs) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    settings = {"scheme": grouped.scheme, "consistent": grouped.consistent, "tol": grouped.tol,
                "max_iter": grouped.max_iter}
    parts = list(run_ordered(_estimate_rows, _chunks(index, raw.shape[1]), n_jobs=n_jobs,
                             shared=(raw, sd0, grouped.layout, settings, start)))
    return tuple(np.concatenate([p[k] for p in parts]) for k in range(3))


def _bootstrap(grouped: Grouped, g: int, start, n_boot: int, ss, n_jobs: int):
    raw = grouped.data.raw[grouped.positions(g)]
    index = np.concatenate([idx for _, idx in resample_blocks(ss, n_boot, raw.shape[0])])
    return _run(raw, index, grouped.data.sd, grouped, start, n_jobs)


def permutation_index(ss: np.random.SeedSequence, n_perm: int, n: int, block: int = BLOCK) -> np.ndarray:
    """(n_perm, n) permutations of 0..n−1, drawn in blocks of ``block``, block k from ``ss.spawn(...)[k]``."""
    n_blocks = -(-n_perm // block)
    out = []
    for k, child in enumerate(ss.spawn(n_blocks)):
        size = min(block, n_perm - k * block)
        out.append(np.random.default_rng(child).permuted(np.tile(np.arange(n), (size, 1)), axis=1))
    return np.concatenate(out)


@dataclass(frozen=True)
class _Permuted:
    """One pair's permutation run: the pair's pooled responses and both permuted groups' estimates."""

    positions: np.ndarray       # the pair's responses (positions in the grouped data), group a first
    n_a: int
    index: np.ndarray           # (P, n) permutations of 0..n−1 (first n_a: group a)
    weights: tuple              # (W_a, W_b), each (P, p, J)
    paths: tuple                # (P_a, P_b), each (P, J, J)
    ok: np.ndarray              # (P,) both permuted groups usable


def _permute(grouped: Grouped, a: int, b: int, pooled: PLSResult, n_perm: int, ss, n_jobs: int) -> _Permuted:
    pos = np.concatenate([grouped.positions(a), grouped.positions(b)])
    n_a = int((grouped.member == a).sum())
    raw = grouped.data.raw[pos]
    index = permutation_index(ss, n_perm, pos.size)
    start = pooled.estimates.weights[0]
    Wa, Pa, oka = _run(raw, index[:, :n_a], grouped.data.sd, grouped, start, n_jobs)
    Wb, Pb, okb = _run(raw, index[:, n_a:], grouped.data.sd, grouped, start, n_jobs)
    ok = np.isfinite(Pa).all(axis=(1, 2)) & np.isfinite(Pb).all(axis=(1, 2))
    return _Permuted(pos, n_a, index, (Wa, Wb), (Pa, Pb), ok)


def _perm_p(observed: np.ndarray, draws: np.ndarray) -> np.ndarray:
    """Share of permutations with |draw| ≥ |observed| (ties within :data:`TIE`), per column of ``draws``."""
    draws = np.asarray(draws, dtype=float)
    good = np.isfinite(draws)
    hit = (np.abs(draws) >= np.abs(observed) - TIE) & good
    with np.errstate(invalid="ignore", divide="ignore"):
        return hit.sum(axis=0) / good.sum(axis=0)


# ----------------------------------------------------------------------------------
# MICOM
# ----------------------------------------------------------------------------------
def _composite_correlation(Wa: np.ndarray, Wb: np.ndarray, S: np.ndarray) -> np.ndarray:
    """cor(X wa, X wb) per construct for standardized data X with correlation matrix S (batched weights)."""
    SWb = np.einsum("pq,bqj->bpj", S, Wb)
    SWa = np.einsum("pq,bqj->bpj", S, Wa)
    num = np.einsum("bpj,bpj->bj", Wa, SWb)
    den = np.sqrt(np.einsum("bpj,bpj->bj", Wa, SWa) * np.einsum("bpj,bpj->bj", Wb, SWb))
    return num / den


def _moments(Y: np.ndarray, index: np.ndarray, n_a: int) -> tuple[np.ndarray, np.ndarray]:
    """Mean difference and log-variance difference (group a − group b) of scores Y (n, J) under each row
    order of ``index`` (P, n), the first n_a rows being group a."""
    mean_d = np.empty((index.shape[0], Y.shape[1]))
    var_d = np.empty_like(mean_d)
    step = _chunk_size(index.shape[1], Y.shape[1])
    for i in range(0, index.shape[0], step):
        ya, yb = Y[index[i:i + step, :n_a]], Y[index[i:i + step, n_a:]]
        mean_d[i:i + step] = ya.mean(axis=1) - yb.mean(axis=1)
        with np.errstate(divide="ignore"):
            var_d[i:i + step] = np.log(ya.var(axis=1, ddof=1)) - np.log(yb.var(axis=1, ddof=1))
    return mean_d, var_d


@dataclass
class MICOMResult:
    """MICOM for every pair of groups: ``table()`` one row per pair and construct."""

    groups: tuple[str, ...]
    column: str
    n: dict
    configural: dict
    rows: list                  # one dict per pair and construct (the columns of table())
    n_perm: int
    seed: int
    settings: dict
    fits: dict = field(repr=False, default_factory=dict)       # group name → PLSResult
    permutations: dict = field(repr=False, default_factory=dict)  # (a, b) → {"c", "mean_diff", "var_diff"} draws
    notes: list = field(default_factory=list)

    COLUMNS = ("group1", "group2", "construct", "c", "c_perm_mean", "c_q05", "c_p", "compositional",
               "mean_diff", "mean_perm_mean", "mean_ci.lower", "mean_ci.upper", "mean_p", "equal_mean",
               "var_diff", "var_perm_mean", "var_ci.lower", "var_ci.upper", "var_p", "equal_var", "invariance",
               "n_perm_used")

    def table(self) -> pd.DataFrame:
        """Step 2 (c, the permutation mean of c, its 5 % quantile, p, compositional invariance) and step 3
        (difference of the means and of the log variances, group 1 − group 2, with the permutation mean, 95 %
        interval and p, and whether they are equal), and the verdict: "full", "partial" or "none"."""
        return pd.DataFrame(self.rows, columns=list(self.COLUMNS))

    def to_dict(self) -> dict:
        return jsonable({"groups": list(self.groups), "column": self.column, "n": self.n,
                         "configural": self.configural, "n_perm": self.n_perm, "seed": self.seed,
                         "settings": self.settings, "table": self.table().to_dict("records"),
                         "notes": [note_texts(n) for n in self.notes]})


def micom(data: pd.DataFrame, model, group: str, *, n_perm: int = 5000, seed=None, scheme: str = "path",
          missing: str = "mean", groups=None, tol: float = engine.TOLERANCE, max_iter: int = engine.MAX_ITER,
          level: float = 0.95, n_jobs: int = 1) -> MICOMResult:
    """Measurement invariance of composites (Henseler, Ringle & Sarstedt 2016), as SmartPLS's permutation
    procedure reports it; see the module docstring for the three steps."""
    n_perm = _check_count("n_perm", n_perm)
    seed, perm_ss, _ = _seeds(seed)
    grouped = group_data(data, model, group, groups=groups, scheme=scheme, missing=missing, tol=tol,
                         max_iter=max_iter)
    fits = {name: grouped.fit(grouped.positions(g)) for g, name in enumerate(grouped.names)}
    rows, draws = [], {}
    pair_ss = perm_ss.spawn(len(grouped.pairs))
    lo_q, hi_q = (1 - level) / 2, (1 + level) / 2
    for (a, b), ss in zip(grouped.pairs, pair_ss):
        na, nb = grouped.names[a], grouped.names[b]
        pos = np.concatenate([grouped.positions(a), grouped.positions(b)])
        pooled = grouped.fit(pos)
        S = pooled.data.correlation
        run = _permute(grouped, a, b, pooled, n_perm, ss, n_jobs)
        c = _composite_correlation(fits[na].estimates.weights, fits[nb].estimates.weights, S)[0]
        c_perm = _composite_correlation(*run.weights, S)
        Y = pooled.data.std @ pooled.estimates.weights[0]
        n_a = run.n_a
        mean_obs = Y[:n_a].mean(axis=0) - Y[n_a:].mean(axis=0)
        var_obs = np.log(Y[:n_a].var(axis=0, ddof=1)) - np.log(Y[n_a:].var(axis=0, ddof=1))
        mean_perm, var_perm = _moments(Y, run.index, n_a)
        c_perm[~run.ok] = np.nan
        draws[(na, nb)] = {"c": c_perm, "mean_diff": mean_perm, "var_diff": var_perm}
        for j, name in enumerate(grouped.layout.constructs):
            cj = c_perm[run.ok, j]
            q05 = float(norm_inter(cj, 0.05)[0])
            c_p = float(np.mean(cj <= c[j] + TIE))
            comp = bool(c[j] >= q05 - TIE)
            m_lo, m_hi = norm_inter(mean_perm[:, j], [lo_q, hi_q])
            v_lo, v_hi = norm_inter(var_perm[:, j], [lo_q, hi_q])
            eq_mean = bool(m_lo - TIE <= mean_obs[j] <= m_hi + TIE)
            eq_var = bool(v_lo - TIE <= var_obs[j] <= v_hi + TIE)
            rows.append({"group1": na, "group2": nb, "construct": name, "c": float(c[j]),
                         "c_perm_mean": float(cj.mean()), "c_q05": q05, "c_p": c_p, "compositional": comp,
                         "mean_diff": float(mean_obs[j]), "mean_perm_mean": float(mean_perm[:, j].mean()),
                         "mean_ci.lower": float(m_lo), "mean_ci.upper": float(m_hi),
                         "mean_p": float(_perm_p(mean_obs[j], mean_perm[:, j])), "equal_mean": eq_mean,
                         "var_diff": float(var_obs[j]), "var_perm_mean": float(var_perm[:, j].mean()),
                         "var_ci.lower": float(v_lo), "var_ci.upper": float(v_hi),
                         "var_p": float(_perm_p(var_obs[j], var_perm[:, j])), "equal_var": eq_var,
                         "invariance": "full" if comp and eq_mean and eq_var else "partial" if comp else "none",
                         "n_perm_used": int(run.ok.sum())})
    notes = list(grouped.notes) + _fit_notes(fits)
    return MICOMResult(grouped.names, grouped.column, grouped.sizes(), _configural(grouped, fits), rows, n_perm,
                       seed, grouped.settings(), fits, draws, notes)


def _configural(grouped: Grouped, fits: dict) -> dict:
    """Step 1 as checks: one model, every indicator answered and varying in every group, one set of settings."""
    return {"same_model": True, "model": grouped.model.to_syntax(),
            "same_indicators": True, "indicators": list(grouped.layout.items),
            "same_settings": True, "settings": grouped.settings(),
            "groups": {name: {"n": int(fit.n), "indicators_varying": int(np.sum(fit.data.sd > 0)),
                              "converged": bool(fit.converged), "iterations": int(fit.iterations)}
                       for name, fit in fits.items()},
            "established": all(fit.converged for fit in fits.values())}


def _fit_notes(fits: dict) -> list:
    return [Note(en=f"Group {name}: the PLS algorithm did not converge; its estimates should not be compared.",
                 zh_hans=f"组 {name}：PLS 算法未收敛，其估计值不宜用于比较。",
                 zh_hant=f"組 {name}：PLS 演算法未收斂，其估計值不宜用於比較。")
            for name, fit in fits.items() if not fit.converged]


# ----------------------------------------------------------------------------------
# multi-group analysis
# ----------------------------------------------------------------------------------
def pls_mga_p(draws_1: np.ndarray, draws_2: np.ndarray) -> float:
    """Henseler et al. (2009): 1 − Σⱼᵢ Θ(2β̄₁ − β₁ⱼ − 2β̄₂ + β₂ᵢ) / (B₁B₂), the one-sided p of H₁ β₁ > β₂,
    counted over every pair of the two groups' bootstrap estimates (NaN draws left out)."""
    d1 = np.asarray(draws_1, dtype=float)
    d2 = np.asarray(draws_2, dtype=float)
    d1, d2 = d1[np.isfinite(d1)], d2[np.isfinite(d2)]
    if not d1.size or not d2.size:
        return np.nan
    r1 = 2 * d1.mean() - d1
    r2 = np.sort(2 * d2.mean() - d2)
    # Θ(r1 − r2) = 0 ⇔ r1 ≤ r2: count the r2 ≥ each r1
    return float((r2.size - np.searchsorted(r2, r1, side="left")).sum() / (r1.size * r2.size))


def parametric_test(b1, b2, se1, se2, n1: int, n2: int) -> tuple[float, float, float]:
    """Keil et al. (2000) t for the difference of two groups' coefficients with pooled SE; (t, df, two-sided p)."""
    df = n1 + n2 - 2
    pooled = np.sqrt(((n1 - 1) ** 2 * se1 ** 2 + (n2 - 1) ** 2 * se2 ** 2) / df) * np.sqrt(1 / n1 + 1 / n2)
    with np.errstate(invalid="ignore", divide="ignore"):
        t = (b1 - b2) / pooled
    return float(t), float(df), float(2 * stats.t.sf(abs(t), df))


def welch_test(b1, b2, se1, se2, n1: int, n2: int) -> tuple[float, float, float]:
    """Welch–Satterthwaite t for unequal variances as SmartPLS computes it; (t, df, two-sided p)."""
    v1, v2 = (n1 - 1) / n1 * se1 ** 2, (n2 - 1) / n2 * se2 ** 2
    with np.errstate(invalid="ignore", divide="ignore"):
        t = (b1 - b2) / np.sqrt(v1 + v2)
        df = (v1 + v2) ** 2 / ((n1 - 1) / n1 ** 2 * se1 ** 4 + (n2 - 1) / n2 ** 2 * se2 ** 4) - 2
    p = 2 * stats.t.sf(abs(t), df) if np.isfinite(t) and df > 0 else np.nan
    return float(t), float(df), float(p)


@dataclass
class MGAResult:
    """Multi-group analysis of the structural paths for every pair of groups: ``table()`` one row per pair and
    path."""

    groups: tuple[str, ...]
    column: str
    n: dict
    rows: list
    n_boot: int
    n_perm: int
    seed: int
    settings: dict
    full: PLSResult = field(repr=False, default=None)
    fits: dict = field(repr=False, default_factory=dict)        # group name → PLSResult
    boot: dict = field(repr=False, default_factory=dict)        # group name → (n_boot, J, J) path draws
    permutations: dict = field(repr=False, default_factory=dict)  # (a, b) → (n_perm, J, J) permuted a − b
    notes: list = field(default_factory=list)

    COLUMNS = ("group1", "group2", "lhs", "op", "rhs", "est", "est.group1", "est.group2", "diff",
               "mean.group1", "mean.group2", "sd.group1", "sd.group2", "pls_mga_p", "pls_mga_p_less",
               "pls_mga_p_two", "perm_p", "param_t", "param_df", "param_p", "welch_t", "welch_df", "welch_p")

    def table(self) -> pd.DataFrame:
        """Per pair and path (lhs = target, rhs = source): the full-sample estimate, each group's estimate,
        difference (group 1 − group 2), bootstrap means and SDs, PLS-MGA p (H₁ group 1 > group 2; group 1 <
        group 2; two-tailed), permutation p, parametric t/df/p and Welch t/df/p."""
        return pd.DataFrame(self.rows, columns=list(self.COLUMNS))

    def draws(self, group: str) -> pd.DataFrame:
        """One group's bootstrap path estimates, one column per path "source -> target"."""
        cons = list(self.full.layout.constructs)
        D = self.boot[group]
        return pd.DataFrame({f"{s} -> {t}": D[:, cons.index(s), cons.index(t)] for s, t in self.full.model.paths})

    def to_dict(self) -> dict:
        return jsonable({"groups": list(self.groups), "column": self.column, "n": self.n, "n_boot": self.n_boot,
                         "n_perm": self.n_perm, "seed": self.seed, "settings": self.settings,
                         "table": self.table().to_dict("records"),
                         "notes": [note_texts(n) for n in self.notes]})


def mga(data: pd.DataFrame, model, group: str, *, n_boot: int = 5000, n_perm: int = 5000, seed=None,
        scheme: str = "path", consistent=False, missing: str = "mean", groups=None, tol: float = engine.TOLERANCE,
        max_iter: int = engine.MAX_ITER, n_jobs: int = 1) -> MGAResult:
    """Multi-group analysis of the structural paths: PLS-MGA, permutation, parametric and Welch tests (see the
    module docstring); seminr's ``estimate_pls_mga`` (PLS-MGA p) and SmartPLS's MGA report the same tests."""
    n_boot = _check_count("n_boot", n_boot)
    n_perm = _check_count("n_perm", n_perm)
    seed, perm_ss, boot_ss = _seeds(seed)
    grouped = group_data(data, model, group, groups=groups, scheme=scheme, consistent=consistent, missing=missing,
                         tol=tol, max_iter=max_iter)
    layout = grouped.layout
    full = grouped.fit(np.arange(grouped.data.n))
    fits, boot, bad = {}, {}, {}
    for (g, name), ss in zip(enumerate(grouped.names), boot_ss.spawn(len(grouped.names))):
        fits[name] = grouped.fit(grouped.positions(g))
        _, P, ok = _bootstrap(grouped, g, fits[name].estimates.weights[0], n_boot, ss, n_jobs)
        boot[name] = P
        usable = np.isfinite(P).all(axis=(1, 2))
        bad[name] = (int(np.sum(~usable)), int(np.sum(usable & ~ok)))
    cons = list(layout.constructs)
    where = [(cons.index(s), cons.index(t)) for s, t in grouped.model.paths]
    rows, perms = [], {}
    for (a, b), ss in zip(grouped.pairs, perm_ss.spawn(len(grouped.pairs))):
        na, nb = grouped.names[a], grouped.names[b]
        pooled = grouped.fit(np.concatenate([grouped.positions(a), grouped.positions(b)]))
        run = _permute(grouped, a, b, pooled, n_perm, ss, n_jobs)
        diff_perm = run.paths[0] - run.paths[1]
        diff_perm[~run.ok] = np.nan
        perms[(na, nb)] = diff_perm
        n1, n2 = grouped.sizes()[na], grouped.sizes()[nb]
        for (i, j), (s, t) in zip(where, grouped.model.paths):
            b1, b2 = fits[na].estimates.paths[0, i, j], fits[nb].estimates.paths[0, i, j]
            d1, d2 = boot[na][:, i, j], boot[nb][:, i, j]
            d1, d2 = d1[np.isfinite(d1)], d2[np.isfinite(d2)]
            se1, se2 = d1.std(ddof=1), d2.std(ddof=1)
            p_greater = pls_mga_p(d1, d2)
            p_less = pls_mga_p(d2, d1)
            pt = parametric_test(b1, b2, se1, se2, n1, n2)
            wt = welch_test(b1, b2, se1, se2, n1, n2)
            rows.append({"group1": na, "group2": nb, "lhs": t, "op": "~", "rhs": s,
                         "est": float(full.estimates.paths[0, i, j]), "est.group1": float(b1),
                         "est.group2": float(b2), "diff": float(b1 - b2), "mean.group1": float(d1.mean()),
                         "mean.group2": float(d2.mean()), "sd.group1": float(se1), "sd.group2": float(se2),
                         "pls_mga_p": p_greater, "pls_mga_p_less": p_less,
                         "pls_mga_p_two": float(min(1.0, 2 * min(p_greater, p_less))),
                         "perm_p": float(_perm_p(b1 - b2, diff_perm[:, i, j])),
                         "param_t": pt[0], "param_df": pt[1], "param_p": pt[2],
                         "welch_t": wt[0], "welch_df": wt[1], "welch_p": wt[2]})
    notes = list(grouped.notes) + _fit_notes(fits)
    for name, (k, slow) in bad.items():
        if slow:
            notes.append(Note(en=f"Group {name}: in {slow} of {n_boot} bootstrap resamples the PLS algorithm stopped "
                                 f"at {max_iter} iterations before converging; their estimates are kept (as SmartPLS "
                                 "and seminr do).",
                              zh_hans=f"组 {name}：{n_boot} 次自助重抽样中有 {slow} 次 PLS 算法在 {max_iter} 次迭代时仍未收敛；"
                                      "其估计值仍保留（与 SmartPLS、seminr 相同）。",
                              zh_hant=f"組 {name}：{n_boot} 次拔靴重抽樣中有 {slow} 次 PLS 演算法在 {max_iter} 次迭代時仍未收斂；"
                                      "其估計值仍保留（與 SmartPLS、seminr 相同）。"))
        if k:
            notes.append(Note(en=f"Group {name}: {k} of {n_boot} bootstrap resamples had an item without variation "
                                 "and were left out.",
                              zh_hans=f"组 {name}：{n_boot} 次自助重抽样中有 {k} 次出现无变异的题项，已排除。",
                              zh_hant=f"組 {name}：{n_boot} 次拔靴重抽樣中有 {k} 次出現無變異的題項，已排除。"))
    return MGAResult(grouped.names, grouped.column, grouped.sizes(), rows, n_boot, n_perm, seed,
                     grouped.settings(), full, fits, boot, perms, notes)
