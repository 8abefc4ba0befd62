"""The sample statistics of ordinal (and mixed) data for DWLS / WLSMV, exactly as lavaan 0.6-14 builds them.

For each group: the thresholds of the ordered variables and the means of the continuous ones, the variances
of the continuous ones, the polychoric / polyserial / Pearson correlations (covariances with the continuous
variables) — together lavaan's ``wls.obs`` —, their asymptotic covariance matrix Γ (lavaan's ``NACOV``,
``lavInspect(fit, "gamma")``) and the DWLS weights ``1 / diag(Γ)`` (``lavInspect(fit, "wls.v")``).

Γ is Muthén's (1984) sandwich built from casewise scores, as lavaan's ``muthen1984``: the per-case scores of
the univariate estimates (thresholds; mean and variance of a continuous variable) and of each correlation
given them; A11 the block-diagonal cross-products of the univariate scores, A22 the diagonal of the
correlation scores' cross-products, A21 the cross-products of each correlation's score with the bivariate
scores of its two variables' univariate parameters; then Γ = N · B⁻¹ (SᵀS) B⁻ᵀ with B = [[A11, 0], [A21, A22]],
carried from correlations to covariances (and from means to negative means, the "thresholds" of continuous
variables) as lavaan does.  Pairwise missing values (``missing="pairwise"``) leave a case's missing scores
out of every sum, again as lavaan.

Empty cells: lavaan's defaults (``zero.add = c(0.5, 0)``, ``zero.keep.margins = TRUE``): in a 2 × 2 table
with one empty cell, 0.5 is moved onto it keeping the margins; a 2 × 2 table with two empty cells gives
±1; larger tables are used as they are.  The pairs with empty cells are listed in a note.

>>> from research.sem.ordinal_stats import ordinal_sample_stats
>>> st = ordinal_sample_stats(data, items, ordered=True)[0]
>>> st.wls_obs, st.nacov, st.wls_v_diag
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.special import ndtr

from ..errors import invalid_data, invalid_option
from ..messages import Note
from . import polychoric as pc

#: the most categories an ordered variable may have
MAX_CATEGORIES = 20


@dataclass(frozen=True)
class OrdinalStats:
    """The sample statistics of one group (lavaan's vocabulary).

    ``th``/``th_names``: thresholds of the ordered variables (``sampstat$th``); ``th_idx``: lavaan's
    ``th.idx`` over the first block of ``wls_obs`` (1-based variable number, 0 for a continuous variable,
    whose entry there is minus its mean); ``cor``: ``sampstat$cov`` (correlations among ordered variables,
    covariances with continuous ones, their variances on the diagonal); ``mean``/``var`` per variable (0 and 1
    for ordered ones); ``nacov``: Γ (N × the asymptotic covariance of ``wls_obs``); ``wls_v_diag``: the DWLS
    weights 1/diag(Γ); ``levels``: the original codes of each ordered variable's categories 1..K.
    """
    names: tuple
    ordered: tuple
    group: object
    n: int
    th: np.ndarray
    th_names: tuple
    th_idx: np.ndarray
    cor: np.ndarray
    mean: np.ndarray
    var: np.ndarray
    wls_obs: np.ndarray
    wls_obs_names: tuple
    nacov: np.ndarray | None
    wls_v_diag: np.ndarray | None
    levels: dict = field(default_factory=dict)
    zero_cell_pairs: tuple = ()
    notes: tuple = ()
    missing: str = "listwise"

    def table(self) -> pd.DataFrame:
        """The sample statistics as lavaan names them (``wls.obs``) with their DWLS weights."""
        out = pd.DataFrame({"name": list(self.wls_obs_names), "value": self.wls_obs})
        if self.wls_v_diag is not None:
            out["weight"] = self.wls_v_diag
        return out

    def to_dict(self) -> dict:
        return {"group": None if self.group is None else str(self.group), "n": int(self.n),
                "names": list(self.names), "ordered": [n for n, o in zip(self.names, self.ordered) if o],
                "missing": self.missing, "th": dict(zip(self.th_names, map(float, self.th))),
                "cor": [list(map(float, r)) for r in self.cor],
                "zero_cell_pairs": [list(p) for p in self.zero_cell_pairs],
                "notes": [str(n) for n in self.notes]}


# --- input ------------------------------------------------------------------------------------------------------

def _resolve_ordered(ordered, variables) -> list[bool]:
    if ordered is True:
        return [True] * len(variables)
    if ordered is None or ordered is False:
        return [False] * len(variables)
    if isinstance(ordered, str):
        ordered = [ordered]
    names = [str(x) for x in ordered]
    unknown = [x for x in names if x not in variables]
    if unknown:
        raise invalid_option("ordered", ", ".join(unknown[:10]),
                             "List only variables of the analysis as ordered (or pass True for all of them).",
                             "有序变量只能从本分析的变量中选择（或选择全部）。",
                             "有序變項只能從本分析的變項中選擇（或選擇全部）。")
    return [v in names for v in variables]


def _as_float(data: pd.DataFrame, name: str, kind: tuple, x=None) -> np.ndarray:
    """Column ``name`` as floats (NaN for missing; ``x`` when the caller converted it already); text or ±inf
    is an error naming the first such cell."""
    col = None
    if x is None:
        col = data[name]
        if pd.api.types.is_numeric_dtype(col.dtype) and not pd.api.types.is_bool_dtype(col.dtype):
            x = col.to_numpy(dtype=float, na_value=np.nan)
            bad = np.isinf(x)
        else:
            values = pd.to_numeric(col, errors="coerce")
            x = values.to_numpy(dtype=float, na_value=np.nan)
            bad = (col.notna().to_numpy() & np.isnan(x)) | np.isinf(x)
    else:
        bad = np.isinf(x)
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        raise invalid_data(f"{name}", *kind, column=name, row=pos + 1, value=data[name].iloc[pos])
    return x


def _ordinal_codes(data: pd.DataFrame, name: str, x=None):
    """Integer category codes 0..K-1 of the observed levels (-1 for missing) and the levels themselves."""
    not_codes = (f"The ordered variable {name} must hold whole-number category codes (for example 1–5); "
                 f"it holds other values.",
                 f"有序变量 {name} 只能包含整数类别代码（例如 1–5），但其中有其他值。",
                 f"有序變項 {name} 只能包含整數類別代碼（例如 1–5），但其中有其他值。")
    x = _as_float(data, name, not_codes, x)
    seen = ~np.isnan(x)
    fraction = seen & (x != np.round(np.where(seen, x, 0.0)))
    if fraction.any():
        pos = int(np.flatnonzero(fraction)[0])
        raise invalid_data(f"{name}", *not_codes, column=name, row=pos + 1, value=data[name].iloc[pos])
    xs = x[seen]
    lo = xs.min() if xs.size else 0.0
    if xs.size and xs.max() - lo < 4096:
        # whole numbers in a small range: levels and codes by counting, no sort
        offset = (xs - lo).astype(np.int64)
        present = np.bincount(offset) > 0
        levels = np.flatnonzero(present) + lo
        lookup = np.cumsum(present) - 1
    else:
        levels = np.unique(xs)
        offset = lookup = None
    if len(levels) < 2:
        raise invalid_data(f"{name}: {len(levels)}",
                           f"The ordered variable {name} has fewer than two observed categories, so it carries "
                           f"no information; leave it out of the model.",
                           f"有序变量 {name} 观测到的类别少于两个，不含任何信息；请把它移出模型。",
                           f"有序變項 {name} 觀察到的類別少於兩個，不含任何資訊；請把它移出模型。", column=name)
    if len(levels) > MAX_CATEGORIES:
        raise invalid_data(f"{name}: {len(levels)} > {MAX_CATEGORIES}",
                           f"The ordered variable {name} has {len(levels)} different values, more than "
                           f"{MAX_CATEGORIES} categories: treat it as continuous (leave it out of ordered).",
                           f"有序变量 {name} 有 {len(levels)} 个不同的值，超过 {MAX_CATEGORIES} 个类别："
                           f"请把它当作连续变量（不设为有序）。",
                           f"有序變項 {name} 有 {len(levels)} 個不同的值，超過 {MAX_CATEGORIES} 個類別："
                           f"請把它當作連續變項（不設為有序）。", column=name)
    codes = np.full(len(x), -1, dtype=np.int64)
    codes[seen] = lookup[offset] if lookup is not None else np.searchsorted(levels, xs)
    return codes, levels


def _numeric(data: pd.DataFrame, name: str, x=None) -> np.ndarray:
    return _as_float(data, name, (f"The continuous variable {name} holds a value that is not a finite number.",
                                 f"连续变量 {name} 中有不是有限数值的值。",
                                 f"連續變項 {name} 中有不是有限數值的值。"), x)


# --- the public function --------------------------------------------------------------------------------------

def ordinal_sample_stats(data: pd.DataFrame, variables, ordered, *, missing: str = "listwise", group=None,
                         nacov: bool | str = True, start=None) -> tuple[OrdinalStats, ...]:
    """Thresholds, polychoric / polyserial / Pearson correlations, Γ and the DWLS weights of ``variables``
    in ``data``, one :class:`OrdinalStats` per group (in the order the groups first appear), matching
    lavaan 0.6-14's ``lavInspect(fit, "sampstat" | "wls.obs" | "gamma" | "wls.v")`` for ``estimator =
    "WLSMV"``.

    ``ordered``: True (all variables), False/None, or the names of the ordered variables; their values must
    be whole-number codes — the observed codes become categories 1..K in order (a code nobody chose is no
    category, as in lavaan), at most 20 of them.  ``missing``: "listwise" (rows complete on ``variables``)
    or "pairwise" (every statistic from the rows observed on its variables; rows with nothing observed
    dropped).  ``group``: the name of a grouping column.  ``nacov=False`` skips Γ (correlations only);
    ``nacov="diag"`` computes only its diagonal, enough for the DWLS weights (``nacov`` is then None) — the
    cheap choice for bootstrap resamples, whose estimates need the weights but not Γ.  ``start``: a p × p
    matrix of starting values for the polychoric and polyserial correlations (e.g. the full sample's ``cor``
    for a bootstrap resample) instead of the Pearson correlations — the same estimates, fewer iterations.
    """
    if not isinstance(data, pd.DataFrame):
        raise invalid_option("data", f'"{type(data).__name__}"', "Pass the data as a pandas DataFrame.",
                             "请以 pandas DataFrame 提供数据。", "請以 pandas DataFrame 提供資料。")
    if missing not in ("listwise", "pairwise"):
        raise invalid_option("missing", repr(missing)[:40], 'Use missing="listwise" or missing="pairwise".',
                             '请使用 missing="listwise" 或 missing="pairwise"。',
                             '請使用 missing="listwise" 或 missing="pairwise"。')
    if nacov not in (True, False, "diag"):
        raise invalid_option("nacov", repr(nacov)[:40], 'Use nacov=True, False or "diag".',
                             '请使用 nacov=True、False 或 "diag"。', '請使用 nacov=True、False 或 "diag"。')
    variables = [str(v) for v in variables]
    if start is not None:
        start = np.asarray(start, dtype=float)
        if start.shape != (len(variables), len(variables)) or not np.all(np.abs(start) < 1 + 1e-12):
            raise invalid_option("start", f"shape {start.shape}",
                                 "Give a p × p matrix of correlations (one row and column per variable).",
                                 "请给出 p × p 的相关矩阵（每个变量一行一列）。", "請提供 p × p 的相關矩陣（每個變項一列一欄）。")
        start = np.clip(start, -0.99, 0.99)
    if len(variables) < 2 or len(set(variables)) != len(variables):
        raise invalid_option("variables", ", ".join(variables[:10]),
                             "Give at least two different variables.", "请至少给出两个不同的变量。",
                             "請至少提供兩個不同的變項。")
    absent = [v for v in variables if v not in data.columns]
    if absent:
        raise invalid_data(", ".join(absent[:10]), "These variables are not columns of the data.",
                           "这些变量不在数据列中。", "這些變項不在資料欄中。", column=absent[0])
    is_ord = _resolve_ordered(ordered, variables)
    if nacov is not False and not any(is_ord):
        # lavaan's Γ for continuous data is another matrix (lav_samplestats_Gamma); this module is for ordinal data
        raise invalid_option("ordered", "[]", "Name at least one ordered variable (or use the ML estimators for "
                             "continuous data).", "请至少指定一个有序变量（连续数据请使用 ML 类估计方法）。",
                             "請至少指定一個有序變項（連續資料請使用 ML 類估計方法）。")
    if group is not None and group not in data.columns:
        raise invalid_data(f'"{group}"', f"There is no grouping column {group!r} in the data.",
                           f"数据中没有分组列 {group!r}。", f"資料中沒有分組欄 {group!r}。", column=group)
    p = len(variables)
    codes = np.zeros((len(data), p), dtype=np.int64)
    X = np.full((len(data), p), np.nan)
    levels = {}
    block = data[variables]
    if all(pd.api.types.is_numeric_dtype(t) and not pd.api.types.is_bool_dtype(t) for t in block.dtypes):
        values = block.to_numpy(dtype=float, na_value=np.nan)
    else:
        values = None
    for v, name in enumerate(variables):
        x = None if values is None else values[:, v]
        if is_ord[v]:
            codes[:, v], levels[name] = _ordinal_codes(data, name, x)
            X[:, v] = np.where(codes[:, v] >= 0, codes[:, v], np.nan)
        else:
            X[:, v] = _numeric(data, name, x)
            codes[:, v] = np.where(np.isnan(X[:, v]), -1, 0)
    observed = ~np.isnan(X)
    usable = observed.all(axis=1) if missing == "listwise" else observed.any(axis=1)
    if group is None:
        members = [(None, usable)]
    else:
        g = data[group]
        has = g.notna().to_numpy()
        members = [(lab, (g == lab).to_numpy() & has & usable) for lab in pd.unique(g[has])]
    out = []
    for lab, rows in members:
        out.append(_group_stats(variables, is_ord, levels, codes[rows], X[rows], lab, group, missing, nacov, start))
    return tuple(out)


def _group_stats(names, is_ord, levels, codes, X, label, group, missing, want_nacov, start=None) -> OrdinalStats:
    N, p = X.shape
    where = "" if label is None else f" ({group} = {label})"
    if N < 2:
        raise invalid_data(f"n = {N}{where}",
                           f"Too few usable rows{where} to estimate correlations.",
                           f"可用的行太少{where}，无法估计相关。", f"可用的列太少{where}，無法估計相關。",
                           column=group)
    observed = codes >= 0
    ordi = [v for v in range(p) if is_ord[v]]
    num = [v for v in range(p) if not is_ord[v]]
    # step 1: thresholds, means, variances
    th_list = {}
    uni_scores = {}
    mean = np.zeros(p)
    var = np.ones(p)
    for v in ordi:
        K = len(levels[names[v]])
        counts = np.bincount(codes[observed[:, v], v], minlength=K)
        if (counts == 0).any():
            empty = [str(levels[names[v]][k]) for k in np.flatnonzero(counts == 0)]
            raise invalid_data(f"{names[v]}{where}: " + ", ".join(empty),
                               f"In the rows analysed{where}, nobody chose category {', '.join(empty)} of the "
                               f"ordered variable {names[v]}: it occurs only in rows left out (missing answers) or "
                               f"in other groups, so the thresholds cannot be matched. Merge that category with a "
                               f"neighbour (as lavaan, which stops here too).",
                               f"在分析的行中{where}，没有人选择有序变量 {names[v]} 的类别 {'、'.join(empty)}：它只出现在"
                               f"被排除的行（有缺失回答）或其他组中，阈值无法对应。请把该类别与相邻类别合并"
                               f"（lavaan 在此也会停止）。",
                               f"在分析的列中{where}，沒有人選擇有序變項 {names[v]} 的類別 {'、'.join(empty)}：它只出現在"
                               f"被排除的列（有遺漏回答）或其他組中，閾值無法對應。請把該類別與相鄰類別合併"
                               f"（lavaan 在此也會停止）。", column=names[v])
        th_list[v] = pc.thresholds(counts)
    for v in num:
        x = X[observed[:, v], v]
        mean[v] = x.mean()
        var[v] = ((x - mean[v]) ** 2).mean()
        if not var[v] > 0:
            raise invalid_data(f"{names[v]}{where}", f"The continuous variable {names[v]} has no variance{where}.",
                               f"连续变量 {names[v]} 没有变异{where}。", f"連續變項 {names[v]} 沒有變異{where}。",
                               column=names[v])
    sd = np.sqrt(var)
    # lavaan's pair order: the lower triangle column by column, pair (i, j) with j < i
    jj, ii = np.triu_indices(p, 1)
    pairs = list(zip(ii.tolist(), jj.tolist()))
    P = len(pairs)
    cor = np.eye(p)
    ordv = np.array(is_ord)
    kinds = np.where(ordv[ii] & ordv[jj], "oo", np.where(~ordv[ii] & ~ordv[jj], "nn", "on"))
    Xz = np.where(observed, X, 0.0)
    # ordered × ordered: all tables at once (one-hot cross-products)
    oo = np.flatnonzero(kinds == "oo")
    oo_parts = None
    empty_pairs, adjusted = [], []
    if oo.size:
        Kmax = max(len(levels[names[v]]) for v in ordi)
        # every pair's table, with a last row and column for a missing answer
        slot = np.where(codes >= 0, codes, Kmax)
        I, J = ii[oo], jj[oo]
        K1 = Kmax + 1
        cell = (np.arange(len(oo)) * K1 * K1)[None, :] + slot[:, I] * K1 + slot[:, J]
        tables_m = np.bincount(cell.ravel(), minlength=len(oo) * K1 * K1).reshape(len(oo), K1, K1).astype(float)
        tables = tables_m[:, :Kmax, :Kmax]                              # rows: variable i (lavaan's y1)
        start_oo = _pearson_start(Xz, observed, I, J) if start is None else start[I, J]
        th1 = [th_list[i] for i in I]
        th2 = [th_list[j] for j in J]
        rho, empty, _ = pc.polychoric_pairs(tables, th1, th2, start_oo)
        cor[I, J] = cor[J, I] = rho
        empty_pairs = [(names[j], names[i]) for i, j, e in zip(I, J, empty) if e]
        adjusted = [(names[j], names[i]) for i, j, e in zip(I, J, empty)
                    if e and len(th_list[i]) == 1 and len(th_list[j]) == 1]
        oo_parts = (I, J, tables, th1, th2, rho, Kmax, tables_m)
    # continuous × ordered: polyserial, the continuous variable as lavaan's y1
    on = np.flatnonzero(kinds == "on")
    on_parts = None
    if on.size:
        C = np.array([pairs[q][0] if not is_ord[pairs[q][0]] else pairs[q][1] for q in on])
        O = np.array([pairs[q][1] if not is_ord[pairs[q][0]] else pairs[q][0] for q in on])
        z = ((X[:, C] - mean[C]) / sd[C]).T
        z = np.where(np.isnan(z), 0.0, z)
        up, lo = _bounds_per_case(codes, O, th_list)
        mask = (observed[:, C] & observed[:, O]).T
        rho = pc.polyserial_pairs(z, up, lo, mask, _pearson_start(Xz, observed, C, O) if start is None
                                  else start[C, O])
        cor[C, O] = cor[O, C] = rho
        on_parts = (C, O, z, up, lo, mask, rho)
    # continuous × continuous: Pearson (ML given each variable's mean and variance when values are missing)
    nn = np.flatnonzero(kinds == "nn")
    for q in nn:
        i, j = pairs[q]
        both = observed[:, i] & observed[:, j]
        y1c = X[both, i] - mean[i]
        y2c = X[both, j] - mean[j]
        if both.all():
            cor[i, j] = cor[j, i] = (y1c @ y2c) / N / (sd[i] * sd[j])
        else:
            start = np.corrcoef(X[both, i], X[both, j])[0, 1]
            cor[i, j] = cor[j, i] = pc.pearson_pair(y1c, y2c, var[i], var[j], start if np.isfinite(start) else 0.0)
    cov = cor * np.outer(sd, sd)
    # the wls.obs vector: thresholds (minus the mean of a continuous variable), variances, covariances
    th_full, th_idx, th_obs_names = [], [], []
    th_names = []
    for v in range(p):
        if is_ord[v]:
            th_full.extend(th_list[v])
            th_idx.extend([v + 1] * len(th_list[v]))
            tn = [f"{names[v]}|t{k + 1}" for k in range(len(th_list[v]))]
            th_obs_names.extend(tn)
            th_names.extend(tn)
        else:
            th_full.append(-mean[v])
            th_idx.append(0)
            th_obs_names.append(f"{names[v]}~1")
    th_full = np.array(th_full)
    th_idx = np.array(th_idx, dtype=np.int64)
    pair_names = [f"{names[j]}~~{names[i]}" for i, j in pairs]
    wls_obs = np.concatenate([th_full, var[num], cov[ii, jj]])
    wls_names = tuple(th_obs_names + [f"{names[v]}~~{names[v]}" for v in num] + pair_names)
    G = None
    wdiag = None
    perfect = [f"{names[j]} × {names[i]}" for i, j in pairs if abs(cor[i, j]) >= 1.0]
    if want_nacov and perfect:
        listed = ", ".join(perfect[:10])
        raise invalid_data(f"{listed}{where}: r = ±1",
                           f"The 2 × 2 table of {listed}{where} has two empty cells, so the two variables give the "
                           f"same (or the opposite) answer and their correlation is ±1; the weight matrix cannot "
                           f"be computed. Keep only one variable of each such pair.",
                           f"{listed}{where} 的 2 × 2 表有两个空单元格，两个变量的回答完全相同（或相反），相关为 ±1，"
                           f"无法计算权重矩阵。每一对只保留一个变量。",
                           f"{listed}{where} 的 2 × 2 表有兩個空細格，兩個變項的回答完全相同（或相反），相關為 ±1，"
                           f"無法計算權重矩陣。每一對只保留一個變項。", column=perfect[0].split(" × ")[0])
    if want_nacov:
        G = _muthen1984(names, is_ord, codes, X, observed, th_list, mean, var, cor, pairs, th_idx, oo, oo_parts,
                        on, on_parts, nn, diag_only=want_nacov == "diag")
        wdiag = 1.0 / (G if G.ndim == 1 else np.diag(G))
        if G.ndim == 1:
            G = None
    notes = []
    # Empty cells of larger tables are common on five-point items and change nothing (lavaan does not warn,
    # zero.cell.warn = FALSE); they stay listed in zero_cell_pairs.  A 2 × 2 table with an empty cell is altered
    # (0.5 moved onto it), so those pairs are named.
    if adjusted:
        listed = ", ".join(f"{a} × {b}" for a, b in adjusted[:12])
        more = ("", "", "") if len(adjusted) <= 12 else \
            (f" … ({len(adjusted)} pairs in all)", f" …（共 {len(adjusted)} 对）", f" …（共 {len(adjusted)} 對）")
        notes.append(Note(
            en=f"Empty cells{where} in the cross-tables of {listed}{more[0]}: some combinations of answers were chosen "
               f"by nobody. A 2 × 2 table with one empty cell is estimated with 0.5 moved onto that cell "
               f"(keeping the margins), as lavaan does; with few respondents per category the polychoric "
               f"correlations of these pairs are less stable — consider merging rare categories.",
            zh_hans=f"{listed}{more[1]} 的交叉表{where}中有空单元格：某些作答组合无人选择。与 lavaan 相同，只有一个空单元格的"
                    f" 2 × 2 表在该格加 0.5（保持边际次数）后估计；各类别人数很少时，这些变量对的多分相关较不稳定，"
                    f"可考虑合并人数很少的类别。",
            zh_hant=f"{listed}{more[2]} 的交叉表{where}中有空細格：某些作答組合無人選擇。與 lavaan 相同，只有一個空細格的"
                    f" 2 × 2 表在該格加 0.5（保持邊際次數）後估計；各類別人數很少時，這些變項對的多分相關較不穩定，"
                    f"可考慮合併人數很少的類別。"))
    near_one = [(names[j], names[i]) for q, (i, j) in enumerate(pairs) if abs(cor[ii[q], jj[q]]) > 0.99]
    if near_one:
        listed = ", ".join(f"{a} × {b}" for a, b in near_one)
        notes.append(Note(
            en=f"The correlation of {listed}{where} is (nearly) ±1: the two variables are practically the same "
               f"answer; keep only one of them.",
            zh_hans=f"{listed}{where} 的相关（几乎）为 ±1：两个变量几乎是同一个答案，请只保留其中一个。",
            zh_hant=f"{listed}{where} 的相關（幾乎）為 ±1：兩個變項幾乎是同一個答案，請只保留其中一個。"))
    return OrdinalStats(names=tuple(names), ordered=tuple(is_ord), group=label, n=int(N),
                        th=np.array([t for v in ordi for t in th_list[v]]) if ordi else np.zeros(0),
                        th_names=tuple(th_names), th_idx=th_idx, cor=cov, mean=mean, var=var, wls_obs=wls_obs,
                        wls_obs_names=wls_names, nacov=G, wls_v_diag=wdiag,
                        levels={k: tuple(v.tolist()) for k, v in levels.items()},
                        zero_cell_pairs=tuple(empty_pairs), notes=tuple(notes), missing=missing)


def _pearson_start(Xz, observed, I, J):
    """Pearson correlations of the codes over the rows observed on both, as starting values (lavaan starts
    there too); all pairs at once."""
    M = observed.astype(float)
    n = M.T @ M
    sx = Xz.T @ M                                   # sx[i, j]: sum of variable i over rows observing j too
    sxx = (Xz * Xz).T @ M
    sxy = Xz.T @ Xz
    with np.errstate(invalid="ignore", divide="ignore"):
        mi, mj = sx / n, sx.T / n
        cov = sxy / n - mi * mj
        vi = sxx / n - mi * mi
        vj = sxx.T / n - mj * mj
        r = cov / np.sqrt(vi * vj)
    out = r[I, J]
    out[~np.isfinite(out)] = 0.0
    return np.clip(out, -0.9, 0.9)


def _bounds_per_case(codes, O, th_list):
    """Per (pair, case): the upper and lower threshold of the case's category of ordered variable O[q]
    (±100 at the open ends, lavaan's stand-in for infinity; 0 for a missing answer)."""
    up = np.zeros((len(O), codes.shape[0]))
    lo = np.zeros_like(up)
    for q, v in enumerate(O):
        b = np.concatenate([[-pc._BIG], th_list[v], [pc._BIG]])
        c = codes[:, v]
        ok = c >= 0
        up[q, ok] = b[c[ok] + 1]
        lo[q, ok] = b[c[ok]]
    return up, lo


def _muthen1984_diag_cells(N, th_list, codes, observed, oo_parts):
    """diag(Γ) when every variable is ordered, from the pairs' tables instead of the cases: a case's
    influence on a correlation depends only on its cell (a missing answer being one more category), so
    Σ over cases = Σ over cells × counts — the cheap path for bootstrap resamples."""
    p = codes.shape[1]
    I, J, tables, th1, th2, rho, K, tables_m = oo_parts
    T = K - 1
    # univariate, all variables at once (padded to K categories): U[v, c, t] the score of a case in category c
    # (c = K: missing) for threshold t, A11 block of each variable, and the diagonal of its influence
    n_th = np.array([len(th_list[v]) for v in range(p)])
    real_t = np.arange(T)[None, :] < n_th[:, None]                     # p × T
    b = pc._bounds([th_list[v] for v in range(p)], K)                  # p × (K + 1)
    prob = ndtr(b[:, 1:]) - ndtr(b[:, :-1])                            # p × K (0 for padding)
    dens = np.where(real_t, pc._dnorm(np.where(real_t, b[:, 1:K], 0.0)), 0.0)
    U = np.zeros((p, K + 1, T))
    t = np.arange(T)
    with np.errstate(divide="ignore", invalid="ignore"):
        U[:, t, t] = np.where(real_t, dens / prob[:, :T], 0.0)
        U[:, t + 1, t] = np.where(real_t, -dens / prob[:, 1:T + 1], 0.0)
    slot = np.where(codes >= 0, codes, K)
    counts = np.bincount((np.arange(p)[None, :] * (K + 1) + slot).ravel(), minlength=p * (K + 1))
    counts = counts.reshape(p, K + 1).astype(float)
    A = np.einsum("vc,vct,vcs->vts", counts, U, U)
    pad = ~real_t
    A[:, t, t] = np.where(pad, 1.0, A[:, t, t])
    A11_inv = np.linalg.inv(A)
    A11_inv[:, t, t] = np.where(pad, 0.0, A11_inv[:, t, t])
    infl_u = np.einsum("vct,vst->vcs", U, A11_inv)
    diag_u = np.einsum("vc,vcs->vs", counts, infl_u * infl_u)
    diag_th = [diag_u[real_t]]
    _, d_rho, d_th1, d_th2, _ = pc.polychoric_cell_scores(th1, th2, rho, K)
    P = len(I)
    d_rho_m = np.zeros((P, K + 1, K + 1))
    d_rho_m[:, :K, :K] = d_rho
    weighted = tables * d_rho
    a21_i = np.einsum("pab,pabt->pt", weighted, d_th1)
    a21_j = np.einsum("pab,pabt->pt", weighted, d_th2)
    a22 = (tables * d_rho * d_rho).sum(axis=(1, 2))
    low_i = -np.einsum("pt,pst->ps", a21_i, A11_inv[I]) / a22[:, None]
    low_j = -np.einsum("pt,pst->ps", a21_j, A11_inv[J]) / a22[:, None]
    infl = (np.einsum("pat,pt->pa", U[I], low_i)[:, :, None] + np.einsum("pbt,pt->pb", U[J], low_j)[:, None, :]
            + d_rho_m / a22[:, None, None])
    diag_cor = (tables_m * infl * infl).sum(axis=(1, 2))
    return np.concatenate(diag_th + [diag_cor]) * N


def _muthen1984(names, is_ord, codes, X, observed, th_list, mean, var, cor, pairs, th_idx, oo, oo_parts, on,
                on_parts, nn, diag_only=False):
    """Γ = N · B⁻¹ (SᵀS) B⁻ᵀ as lavaan's ``muthen1984`` (see the module docstring)."""
    N, p = X.shape
    num = [v for v in range(p) if not is_ord[v]]
    if diag_only and not num:
        return _muthen1984_diag_cells(N, th_list, codes, observed, oo_parts)
    nth = len(th_idx)
    starts = np.concatenate([[0], np.cumsum([len(th_list[v]) if is_ord[v] else 1 for v in range(p)])])
    th_cols = {v: np.arange(starts[v], starts[v + 1]) for v in range(p)}
    var_col = {v: nth + k for k, v in enumerate(num)}
    P = len(pairs)
    q1 = nth + len(num)
    SC = np.zeros((N, q1 + P))
    # univariate scores
    for v in range(p):
        ok = observed[:, v]
        if is_ord[v]:
            b = np.concatenate([[-np.inf], th_list[v], [np.inf]])
            c = codes[ok, v]
            prob = ndtr(b[c + 1]) - ndtr(b[c])
            dens = np.concatenate([[0.0], pc._dnorm(th_list[v]), [0.0]])
            T = len(th_list[v])
            s = np.zeros((ok.sum(), T))
            rows = np.arange(len(c))
            up = c < T
            s[rows[up], c[up]] = dens[c[up] + 1] / prob[up]
            dn = c >= 1
            s[rows[dn], c[dn] - 1] = -dens[c[dn]] / prob[dn]
            SC[np.ix_(ok, th_cols[v])] = s
        else:
            res = X[ok, v] - mean[v]
            SC[ok, th_cols[v][0]] = res / var[v]
            SC[ok, var_col[v]] = -1.0 / (2.0 * var[v]) + res * res / (2.0 * var[v] ** 2)
    A21 = np.zeros((P, q1))
    H21 = np.zeros((P, q1))
    h22 = np.ones(P)
    if oo.size:
        I, J, tables, th1, th2, rho, K, _ = oo_parts
        _, d_rho, d_th1, d_th2, _ = pc.polychoric_cell_scores(th1, th2, rho, K)
        ci, cj = codes[:, I], codes[:, J]                                     # N × pairs
        both = (ci >= 0) & (cj >= 0)
        flat = np.arange(len(I))[None, :] * K * K + np.where(both, ci * K + cj, 0)
        SC[:, q1 + oo] = np.where(both, d_rho.reshape(-1)[flat], 0.0)
        weighted = tables * d_rho                                              # raw counts × ρ-score per cell
        a1 = np.einsum("pab,pabt->pt", weighted, d_th1)
        a2 = np.einsum("pab,pabt->pt", weighted, d_th2)
        T = a1.shape[1]
        t = np.arange(T)[None, :]
        for var_idx, a in ((I, a1), (J, a2)):
            n_th = np.array([len(th_cols[v]) for v in var_idx])[:, None]
            valid = np.broadcast_to(t < n_th, a.shape)
            rows = np.broadcast_to(oo[:, None], a.shape)
            cols = starts[var_idx][:, None] + t
            A21[rows[valid], cols[valid]] = a[valid]
    if on.size:
        C, O, z, up, lo, mask, rho = on_parts
        d_rho, d_mu, d_var, d_up, d_lo = pc.polyserial_scores(rho, z, np.sqrt(var[C])[:, None],
                                                              var[C][:, None], up, lo)
        d_rho = np.where(mask, d_rho, 0.0)
        SC[:, q1 + on] = d_rho.T
        for k, q in enumerate(on):
            c, o = C[k], O[k]
            m = mask[k]
            A21[q, th_cols[c][0]] = d_rho[k, m] @ d_mu[k, m]
            A21[q, var_col[c]] = d_rho[k, m] @ d_var[k, m]
            T = len(th_list[o])
            cat = codes[m, o]
            contrib = np.zeros(T)
            upper = cat < T
            np.add.at(contrib, cat[upper], d_rho[k, m][upper] * d_up[k, m][upper])
            lower = cat >= 1
            np.add.at(contrib, cat[lower] - 1, d_rho[k, m][lower] * d_lo[k, m][lower])
            A21[q, th_cols[o]] = contrib
            H21[q, var_col[c]] = cor[c, o] / (2.0 * np.sqrt(var[c]))
            h22[q] = np.sqrt(var[c])
    for q in nn:
        i, j = pairs[q]
        both = observed[:, i] & observed[:, j]
        y1c = X[both, i] - mean[i]
        y2c = X[both, j] - mean[j]
        d_rho, d_mu1, d_var1, d_mu2, d_var2 = pc.pearson_scores(cor[i, j], y1c, y2c, var[i], var[j])
        SC[both, q1 + q] = d_rho
        A21[q, th_cols[i][0]] = d_rho @ d_mu1
        A21[q, th_cols[j][0]] = d_rho @ d_mu2
        A21[q, var_col[i]] = d_rho @ d_var1
        A21[q, var_col[j]] = d_rho @ d_var2
        H21[q, var_col[i]] = np.sqrt(var[j]) * cor[i, j] / (2.0 * np.sqrt(var[i]))
        H21[q, var_col[j]] = np.sqrt(var[i]) * cor[i, j] / (2.0 * np.sqrt(var[j]))
        h22[q] = np.sqrt(var[i] * var[j])
    # A11: block diagonal, one block per variable (its thresholds, or its mean and variance)
    A11_inv = np.zeros((q1, q1))
    S1 = SC[:, :q1]
    blocks = []
    for v in range(p):
        idx = np.concatenate([th_cols[v], [var_col[v]] if v in var_col else []]).astype(int)
        A11_inv[np.ix_(idx, idx)] = np.linalg.inv(S1[:, idx].T @ S1[:, idx])
        blocks.append(idx)
    Scor = SC[:, q1:]
    a22 = (Scor * Scor).sum(axis=0)
    # B⁻¹ = [[A11⁻¹, 0], [-A22⁻¹ A21 A11⁻¹, A22⁻¹]]; Γ/N = B⁻¹ SᵀS B⁻ᵀ, the cross-product of the casewise
    # influence S B⁻ᵀ.  A21 and A11⁻¹ are sparse (two variables per correlation, one block per variable).
    lower = sparse.csr_matrix(-(sparse.csr_matrix(A21) @ sparse.csr_matrix(A11_inv)).toarray() / a22[:, None])
    infl = np.empty_like(SC)
    for idx in blocks:
        infl[:, idx] = S1[:, idx] @ A11_inv[np.ix_(idx, idx)].T
    infl[:, q1:] = np.asarray((lower @ S1.T).T) + Scor / a22[None, :]
    if num:
        # from correlations to covariances (lavaan's H): row q of H B⁻¹ adds H21[q, var] × the variance's
        # influence and scales by H22
        infl[:, q1:] = infl[:, q1:] * h22[None, :] + infl[:, :q1] @ H21.T
    if diag_only:
        return np.einsum("ij,ij->j", infl, infl) * N
    W = infl.T @ infl
    if num:
        flip = np.flatnonzero(th_idx == 0)
        W[flip, :] *= -1.0
        W[:, flip] *= -1.0
    return W * N
