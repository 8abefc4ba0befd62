"""Conditional process analysis as Hayes' PROCESS computes it: :func:`process` → :class:`ProcessResult`.

>>> r = research.process(data, model=7, x="REL", m=["SAT"], y="LOY", w="EMP", boot=5000, seed=1)
>>> r.table("indirect")        # conditional indirect effects with bootstrap CIs
>>> r.table("indices")         # index of moderated mediation

Every equation is fitted by OLS (:mod:`.ols`) with OLS or HC0–HC4 standard errors; effects are the
polynomials of :mod:`.design` evaluated at the moderators' probe values (mean ± 1 SD, the 16th/50th/84th
percentiles, both values of a dichotomous moderator, or every level of a categorical one); indirect effects
and indices get case-bootstrap intervals (percentile, or bias-corrected as PROCESS 2 printed) from
resampled cross-products.  Matches PROCESS 2.16.3 (``../shared/reference/process``) and ``lm`` +
``sandwich`` (``tests/reference/process_extra.json``).
"""
from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
from scipy import stats

from ..bootstrap import resample_blocks
from ..errors import invalid_data
from ..messages import Note
from . import design as dz
from .inputs import assign_roles, bad_option, match_level, model_frame
from .models import PROCESS2_ONLY, template
from .ols import SE_TYPES, batched_coefficients, fit as ols_fit, t_table
from .result import ProcessResult, interval

PROBES = ("sd", "percentile")
CI_TYPES = ("percentile", "bc")
CENTER = (False, True, "continuous")
PERCENTILES = (16, 50, 84)
BLOCK = 1000


# ------------------------------------------------------------------------------------------------
# input checks
# ------------------------------------------------------------------------------------------------


def _probe_values(frame: pd.DataFrame, role: str, levels: dict, probe: str, values: dict, roles: dict,
                  notes: list) -> list:
    name = roles[role]
    if name in values or role in values:
        given = list(values.get(name, values.get(role)))
        if role in levels:
            matched = [match_level(g, levels[role]) for g in given]
            bad = [str(g) for g, lv in zip(given, matched) if lv is None]
            if bad:
                raise bad_option("values", f"{name}: {bad[0]!r}", f"Use levels of {name}: {', '.join(levels[role])}.",
                           f"请使用 {name} 的组别：{'、'.join(levels[role])}。", f"請使用 {name} 的組別：{'、'.join(levels[role])}。",
                           column=name)
            return matched
        try:
            return [float(g) for g in given]
        except (TypeError, ValueError):
            raise bad_option("values", f"{name}: {given!r}"[:60], "Give moderator values as numbers.",
                       "请以数字给出调节变量的取值。", "請以數字提供調節變數的取值。", column=name) from None
    if role in levels:
        return list(levels[role])
    x = frame[role].to_numpy(float)
    distinct = np.unique(x)
    if distinct.size == 2:
        return [float(distinct[0]), float(distinct[1])]
    if probe == "percentile":
        return [float(v) for v in np.percentile(x, PERCENTILES)]
    mean, sd = float(x.mean()), float(x.std(ddof=1))
    out = [mean - sd, mean, mean + sd]
    lo, hi = float(x.min()), float(x.max())
    if out[0] < lo or out[2] > hi:
        notes.append(Note(en=f"{name}: mean ± 1 SD lies outside the observed range [{lo:g}, {hi:g}]; the minimum/maximum "
                             "is used instead (as PROCESS 3 and 4 do).",
                          zh_hans=f"{name}：均值 ± 1 个标准差超出观测范围 [{lo:g}, {hi:g}]，改用最小值/最大值（与 PROCESS 3、4 相同）。",
                          zh_hant=f"{name}：平均數 ± 1 個標準差超出觀測範圍 [{lo:g}, {hi:g}]，改用最小值/最大值（與 PROCESS 3、4 相同）。"))
        out = [max(out[0], lo), out[1], min(out[2], hi)]
    return out


def _probe_kind(frame, role, levels, probe, values, roles, chosen) -> str:
    """How the probe values were chosen: "values" (given), "levels", "dichotomous", "percentile", "sd"
    or "sd-clipped" (mean ± 1 SD limited to the observed range)."""
    if roles[role] in values or role in values:
        return "values"
    if role in levels:
        return "levels"
    x = frame[role].to_numpy(float)
    if np.unique(x).size == 2:
        return "dichotomous"
    if probe == "percentile":
        return "percentile"
    return "sd-clipped" if chosen[0] == x.min() or chosen[-1] == x.max() else "sd"


def _label(value) -> object:
    return value if isinstance(value, str) else float(value)


def process(data: pd.DataFrame, model: int = 4, *, x: str, y: str, m=None, w: str | None = None,
            z: str | None = None, v: str | None = None, q: str | None = None, covariates=None,
            categorical=None, center=False, se: str = "hc3", boot: int = 5000, ci: str = "percentile",
            level: float = 0.95, probe: str = "sd", values: dict | None = None, seed=None, jn: bool = True,
            block: int = BLOCK) -> ProcessResult:
    """PROCESS model ``model`` (Hayes 2013, 2022) by OLS with case-bootstrap inference.

    ``x``, ``y``: columns of X and Y; ``m``: the mediators (models 4–76: parallel, model 6: serial, in
    causal order); ``w``, ``z``: the moderators (PROCESS 3/4 letters; models 23–27 and 30–57 of PROCESS 2
    also take ``v`` and ``q``); ``covariates``: entered in every equation.  A non-numeric moderator (or
    one named in ``categorical``) is indicator-coded against its first level in sorted order; conditional
    effects are then given at each level.  ``center``: False (PROCESS's default), True (mean-centre every
    variable that forms a product; PROCESS ``center = 1``) or ``"continuous"`` (only continuous ones,
    ``center = 2``); moderator values are always reported in the data's own metric.  ``se``: ``"ols"``
    or ``"hc0"``–``"hc4"`` (default HC3, Hayes & Cai 2007).  ``probe``: ``"sd"`` (mean and ± 1 SD,
    PROCESS 2's default, clipped to the observed range as PROCESS 3/4 do) or ``"percentile"`` (16th,
    50th, 84th; PROCESS 3/4's default); a dichotomous moderator is probed at its two values; ``values``
    overrides, e.g. ``{"EMP": [2, 3, 4]}``.  ``boot``: resamples (0 = none); ``ci``: ``"percentile"``
    (Preacher & Hayes 2008; DOMAIN default) or ``"bc"`` (bias-corrected, PROCESS 2's default).
    """
    tpl = template(model)
    for option, value, choices in (("se", se, SE_TYPES), ("ci", ci, CI_TYPES), ("probe", probe, PROBES)):
        if value not in choices:
            raise bad_option(option, f"{value!r}", f"Use one of: {', '.join(choices)}.",
                       f"请使用以下之一：{'、'.join(choices)}。", f"請使用下列之一：{'、'.join(choices)}。")
    if center not in CENTER or (center == 1 and center is not True):
        raise bad_option("center", f"{center!r}", "Use center=False, True (all product variables) or 'continuous'.",
                   "中心化选项应为：不中心化、全部中心化（所有构成乘积项的变量）或 'continuous'（仅连续变量）。",
                   "中心化選項應為：不中心化、全部中心化（所有構成乘積項的變數）或 'continuous'（僅連續變數）。")
    if isinstance(boot, bool) or not isinstance(boot, (int, np.integer)) or boot < 0 or 0 < boot < 200:
        raise bad_option("boot", f"{boot!r}", "Give the number of bootstrap resamples as 0 (none) or at least 200 "
                   "(5000 recommended; Hayes 2022).", "请给出 0（不做自助法）或至少 200 次重抽样（推荐 5000 次）。",
                   "請提供 0（不做拔靴法）或至少 200 次重抽樣（建議 5000 次）。")
    if not isinstance(level, (float, int)) or not 0.5 <= float(level) < 1:
        raise bad_option("level", f"{level!r}", "Give the confidence level as a number such as 0.95.",
                   "请以 0.95 这样的数字给出置信水平。", "請以 0.95 這樣的數字提供信賴水準。")
    if values is not None and not isinstance(values, dict):
        raise bad_option("values", type(values).__name__, "Give moderator values as a mapping, e.g. {'EMP': [2, 3, 4]}.",
                   "请以字典给出调节变量取值，例如 {'EMP': [2, 3, 4]}。", "請以字典提供調節變數取值，例如 {'EMP': [2, 3, 4]}。")
    roles, med_roles, cov_roles = assign_roles(tpl, x, y, m, w, z, v, q, covariates)
    frame, levels, excluded = model_frame(data, roles, categorical)
    notes: list = []
    if model in PROCESS2_ONLY:
        notes.append(Note(en=f"Model {model} exists only in PROCESS 2 (Hayes 2013): its moderators keep PROCESS 2's letters.",
                          zh_hans=f"模型 {model} 仅见于 PROCESS 2（Hayes 2013），调节变量沿用 PROCESS 2 的字母。",
                          zh_hant=f"模型 {model} 僅見於 PROCESS 2（Hayes 2013），調節變數沿用 PROCESS 2 的字母。"))
    if excluded:
        notes.append(Note(en=f"{len(excluded)} rows with a missing value in a model variable were left out (listwise).",
                          zh_hans=f"{len(excluded)} 行在模型变量上有缺失，已按列表删除。",
                          zh_hant=f"{len(excluded)} 列在模型變數上有遺漏值，已按列表刪除。"))
    for role in ("X", "Y", *med_roles):
        if role in frame and frame[role].nunique() < 2:
            raise invalid_data(f"{roles[role]}: SD = 0", "This variable has the same value for everyone: it cannot "
                               "explain or be explained.", "该变量所有人取值相同，无法进入回归。", "該變數所有人取值相同，無法進入迴歸。",
                               column=roles[role])
    for role in ("Y", *med_roles):
        if frame[role].nunique() == 2:
            name = roles[role]
            notes.append(Note(en=f"{name} has two values: it is fitted by OLS (a linear probability model), whereas "
                                 "PROCESS fits a dichotomous Y by logistic regression; read its effects as differences in "
                                 "proportions.",
                              zh_hans=f"{name} 只有两个取值：此处按普通最小二乘（线性概率模型）估计，而 PROCESS 对二分因变量采用 "
                                      "logistic 回归；其效应应理解为比例之差。",
                              zh_hant=f"{name} 只有兩個取值：此處按普通最小平方（線性機率模型）估計，而 PROCESS 對二分依變數採用 "
                                      "logistic 迴歸；其效果應理解為比例之差。"))

    dsg = dz.Design(tpl, roles, levels, med_roles, cov_roles)
    dz.build(dsg)
    n = len(frame)
    p_max = max(len(e.columns) for e in dsg.equations)
    if n < p_max + 2:
        raise invalid_data(f"n = {n} < {p_max + 2}", "Too few complete rows for this model: collect more answers or "
                           "choose a simpler model.", "完整数据行太少，无法估计该模型：请收集更多数据或选用更简单的模型。",
                           "完整資料列太少，無法估計此模型：請收集更多資料或選用更簡單的模型。")

    product_roles = {r for e in dsg.equations for c in e.columns if len(c) > 1 for r, _ in c}
    centers: dict = {}
    if center:
        for role in product_roles:
            if role in levels:
                continue
            col = frame[role].to_numpy(float)
            if center == "continuous" and np.unique(col).size == 2:
                continue
            centers[role] = float(col.mean())
    vals = {role: (frame[role].to_numpy() if role in levels else frame[role].to_numpy(float) - centers.get(role, 0.0))
            for role in frame.columns}
    mats = [dz.matrix(e, vals, levels) for e in dsg.equations]
    ys = [frame[e.outcome].to_numpy(float) for e in dsg.equations]
    for e, X in zip(dsg.equations, mats):
        s = np.linalg.svd(X / np.linalg.norm(X, axis=0), compute_uv=False)
        if s[-1] < 1e-10 * s[0]:
            raise invalid_data(f"{roles[e.outcome]} ~ …: rank < {X.shape[1]}", "Two predictors of this equation are "
                               "perfectly collinear (e.g. a covariate that equals another variable, or a group with "
                               "one value): remove one.", "该方程中有预测变量完全共线（例如控制变量与另一变量相同）：请删除其一。",
                               "此方程中有預測變數完全共線（例如控制變數與另一變數相同）：請刪除其一。", column=roles[e.outcome])
    fits = [ols_fit(X, yv, se) for X, yv in zip(mats, ys)]
    moderated = bool(tpl.moderators) or model == 74
    total_eq = None
    if not moderated and med_roles:
        total_eq = dz.total_equation(dsg)
        total_X = dz.matrix(total_eq, vals, levels)
        total_fit = ols_fit(total_X, ys[-1], se)

    probes, probe_kind = {}, {}
    for role in [*tpl.moderators, *(["X"] if model == 74 else [])]:
        probes[role] = _probe_values(frame, role, levels, probe, values or {}, roles, notes)
        probe_kind[role] = _probe_kind(frame, role, levels, probe, values or {}, roles, probes[role])

    coefficients, summary, interactions = _equation_tables(dsg, fits, mats, ys, roles, level, total_eq,
                                                           total_fit if total_eq else None)
    y_index = len(dsg.equations) - 1
    direct, interaction_at, jn_list = _direct(dsg, fits, y_index, probes, centers, roles, level, frame, jn, notes)

    # ---- indirect effects, indices, bootstrap ----
    chains = dz.chains(dsg)
    effects = []       # (kind, label dict, terms)
    for chain in chains:
        poly = dz.chain_poly(dsg, chain)
        deg = dz.degrees(poly)
        used = [r for r in (*tpl.moderators, "X") if r in deg]
        path = " → ".join(roles[r] for r in ("X", *chain, "Y"))
        for point in (dz.points(used, probes) if used else [{}]):
            effects.append(("indirect", {"path": path, "mediators": [roles[c] for c in chain], **{roles[r]: _label(point[r]) for r in used}},
                            dz.at(poly, point, centers)))
        effects.extend(_index_effects(poly, deg, used, probes, centers, roles, path))
    unmoderated = not any(dz.degrees(dz.chain_poly(dsg, c)) for c in chains)
    if chains and unmoderated and len(chains) > 1:
        all_terms = [t for c in chains for t in dz.at(dz.chain_poly(dsg, c), {}, centers)]
        effects.insert(0, ("indirect", {"path": "total", "mediators": [roles[m_] for m_ in med_roles]}, all_terms))
        for (c1, c2) in itertools.combinations(chains, 2):
            t1 = dz.at(dz.chain_poly(dsg, c1), {}, centers)
            t2 = [(cf, -mult) for cf, mult in dz.at(dz.chain_poly(dsg, c2), {}, centers)]
            effects.append(("contrast", {"path": " → ".join(roles[r] for r in ("X", *c1, "Y")) + "  −  "
                                         + " → ".join(roles[r] for r in ("X", *c2, "Y"))}, t1 + t2))
    betas0 = [f.coef[None, :] for f in fits]
    est = np.array([dz.evaluate(terms, betas0)[0] for _, _, terms in effects]) if effects else np.zeros(0)

    sd_x = float(frame["X"].std(ddof=1))
    sd_y = float(frame["Y"].std(ddof=1))
    std_rows = _standardized_setup(dsg, effects, total_eq is not None, y_index, unmoderated)
    betas_all = betas0 + ([total_fit.coef[None, :]] if total_eq is not None else [])
    std_est = [float(dz.evaluate(t, betas_all)[0]) for _, _, t in std_rows]

    draws = std_draws = coef_draws = None
    used_seed = seed
    if boot and (effects or std_rows):
        draws, std_draws, coef_draws, invalid, used_seed = _bootstrap(dsg, mats, ys, effects, std_rows, frame, vals, levels, boot,
                                                         seed, block, total_eq)
        if invalid:
            notes.append(Note(en=f"{invalid} resamples had a singular design (e.g. a group missing) and were replaced by new ones.",
                              zh_hans=f"{invalid} 个重抽样样本的设计矩阵奇异（例如缺少某组），已用新样本替换。",
                              zh_hant=f"{invalid} 個重抽樣樣本的設計矩陣奇異（例如缺少某組），已用新樣本替換。"))
    indirect_rows, index_rows, contrast_rows = [], [], []
    for k, (kind, label, _terms) in enumerate(effects):
        row = {**label, "effect": float(est[k]), "draw": k}
        if draws is not None:
            d = draws[:, k]
            lo, hi = interval(d, est[k], ci, level)
            row.update({"boot.se": float(np.std(d, ddof=1)), "boot.ci.lower": lo, "boot.ci.upper": hi})
        if kind == "indirect":
            indirect_rows.append(row)
        elif kind == "contrast":
            contrast_rows.append(row)
        else:
            index_rows.append({"kind": kind, **row})
    std_table = _standardized_table(std_rows, std_est, sd_x, sd_y, std_draws if draws is not None else None, ci,
                                    level)
    total = pd.DataFrame()
    if total_eq is not None:
        k = total_eq.columns.index((("X", None),))
        tt = t_table(total_fit.coef[k:k + 1], total_fit.se[k:k + 1], total_fit.df, level)
        total = pd.DataFrame([{"effect": float(total_fit.coef[k]), "se": float(total_fit.se[k]),
                               **{key: float(val[0]) for key, val in tt.items()}}])
    return ProcessResult(model=model, roles=dict(roles), n=n, se=se, ci=ci, boot=int(boot), seed=used_seed,
                         level=float(level), center=center, probe=probe, levels=levels,
                         probes={roles[r]: [_label(v_) for v_ in vals_] for r, vals_ in probes.items()},
                         coefficients=coefficients, summary=summary, interactions=interactions, direct=direct,
                         interaction_at=interaction_at, indirect=pd.DataFrame(indirect_rows),
                         indices=pd.DataFrame(index_rows), total=total, standardized=std_table,
                         contrasts=pd.DataFrame(contrast_rows), jn=jn_list, excluded=excluded, notes=notes,
                         draws=None if draws is None else pd.DataFrame(draws),
                         _model={"design": dsg, "fits": fits, "centers": centers, "boot_coefficients": coef_draws,
                                 "means": {r: float(frame[r].mean()) for r in frame.columns if r not in levels},
                                 "ranges": {r: (float(frame[r].min()), float(frame[r].max()))
                                            for r in frame.columns if r not in levels},
                                 "probe_kind": probe_kind})


def _equation_tables(dsg, fits, mats, ys, roles, level, total_eq, total_fit):
    coef_rows, sum_rows, int_rows = [], [], []
    pairs = list(zip(dsg.equations, fits))
    if total_eq is not None:
        pairs.append((total_eq, total_fit))
    for k, (e, f) in enumerate(pairs):
        outcome = roles["Y"] if e.outcome == "Y.total" else roles[e.outcome]
        tt = t_table(f.coef, f.se, f.df, level)
        for j, name in enumerate(e.names):
            coef_rows.append({"equation": "total" if e.outcome == "Y.total" else outcome, "outcome": outcome,
                              "term": name, "coeff": float(f.coef[j]), "se": float(f.se[j]),
                              **{k: float(v[j]) for k, v in tt.items()}})
        F, df1, p = f.wald(range(1, len(e.columns)))
        sum_rows.append({"equation": "total" if e.outcome == "Y.total" else outcome, "outcome": outcome,
                         "R": float(np.sqrt(max(f.r2, 0.0))), "R2": f.r2, "MSE": f.mse, "F": F, "df1": df1,
                         "df2": f.df, "p": p, "n": f.n})
        if e.outcome == "Y.total":
            continue
        # highest-order products: product columns not contained in a larger product of the same equation
        terms: dict = {}
        for j, c in enumerate(e.columns):
            if len(c) > 1:
                terms.setdefault(tuple(r for r, _ in c), []).append(j)
        highest = [t for t in terms if not any(set(t) < set(u) for u in terms)]
        groups = [(dsg.column_name(tuple((r, None) for r in t)) if len(terms[t]) == 1
                   else "×".join(roles[r] for r in t), terms[t]) for t in highest]
        if len(groups) > 1:
            groups.append(("all", [j for _, js in groups for j in js]))
        for name, js in groups:
            F, df1, p = f.wald(js)
            int_rows.append({"equation": outcome, "term": name, "R2.change": _r2_change(mats[k], ys[k], f.r2, js), "F": F,
                             "df1": df1, "df2": f.df, "p": p})
    return pd.DataFrame(coef_rows), pd.DataFrame(sum_rows), pd.DataFrame(int_rows)


def _r2_change(X: np.ndarray, y: np.ndarray, r2: float, drop) -> float:
    """R² of the full equation minus R² without the columns ``drop``."""
    keep = [j for j in range(X.shape[1]) if j not in set(drop)]
    reduced = ols_fit(X[:, keep], y, "ols").r2
    return float(r2 - reduced)


def _direct(dsg, fits, y_index, probes, centers, roles, level, frame, want_jn, notes):
    eqs = dsg.equations
    poly = dz.derivative(eqs, y_index, "X")
    mediator_roles = set(dsg.mediators)
    if any(r in mediator_roles for _, atoms in poly for r, _ in atoms):
        notes.append(Note(en="X interacts with a mediator, so the direct effect depends on the mediator's value and is not tabulated.",
                          zh_hans="X 与中介变量存在交互，直接效应随中介变量取值而变，故不列出。",
                          zh_hant="X 與中介變數存在交互，直接效應隨中介變數取值而變，故不列出。"))
        return pd.DataFrame(), pd.DataFrame(), []
    f = fits[y_index]
    p = len(eqs[y_index].columns)
    deg = dz.degrees(poly)
    used = [r for r in dsg.template.moderators if r in deg]
    rows = []
    for point in (dz.points(used, probes) if used else [{}]):
        g = dz.gradient(dz.at(poly, point, centers), y_index, p)
        est_, se_ = float(g @ f.coef), float(np.sqrt(g @ f.cov @ g))
        tt = t_table(np.array([est_]), np.array([se_]), f.df, level)
        rows.append({**{roles[r]: _label(point[r]) for r in used}, "effect": est_, "se": se_,
                     **{k: float(v[0]) for k, v in tt.items()}})
    # the X×W interaction at values of Z (three-way interactions on the direct path)
    inter_rows = []
    pairs = [s for s in dsg.template.moderation("c") if len(s) == 2]
    for a_, b_ in pairs:
        if a_ in dsg.levels or b_ in dsg.levels:
            continue
        sub = [(cf, tuple(x for x in atoms if x[0] != a_)) for cf, atoms in poly if any(x[0] == a_ for x in atoms)]
        for point in dz.points([b_], probes):
            g = dz.gradient(dz.at(sub, point, centers), y_index, p)
            est_, se_ = float(g @ f.coef), float(np.sqrt(g @ f.cov @ g))
            tt = t_table(np.array([est_]), np.array([se_]), f.df, level)
            inter_rows.append({"interaction": f"{roles['X']}×{roles[a_]}", roles[b_]: _label(point[b_]),
                               "effect": est_, "se": se_, **{k: float(v[0]) for k, v in tt.items()}})
    jn_list = []
    if (want_jn and len(used) == 1 and used[0] not in dsg.levels and deg[used[0]] == 1
            and frame[used[0]].nunique() > 2):          # J-N needs a continuous moderator (PROCESS: jn only then)
        jn_list.append(_johnson_neyman(poly, used[0], y_index, f, p, centers, roles, level, frame))
    return pd.DataFrame(rows), pd.DataFrame(inter_rows), jn_list


def _johnson_neyman(poly, role, k, f, p, centers, roles, level, frame) -> dict:
    """Johnson–Neyman (1936) points: moderator values where θ(w) = g(w)′b has |t| = t_crit (Hayes & Matthes 2009)."""
    c = centers.get(role, 0.0)
    g0 = dz.gradient(dz.at(poly, {role: c}, centers), k, p)               # at the centred value 0
    g1 = dz.gradient(dz.at(poly, {role: c + 1.0}, centers), k, p) - g0    # slope per unit of the moderator
    b0, b1 = g0 @ f.coef, g1 @ f.coef
    v00, v01, v11 = g0 @ f.cov @ g0, g0 @ f.cov @ g1, g1 @ f.cov @ g1
    tc = float(stats.t.ppf((1 + level) / 2, f.df))
    # (b0 + b1 u)² = tc² (v00 + 2 u v01 + u² v11), u = w − c
    A = b1 ** 2 - tc ** 2 * v11
    B = 2 * (b0 * b1 - tc ** 2 * v01)
    C = b0 ** 2 - tc ** 2 * v00
    roots = []
    if abs(A) > 1e-15:
        disc = B * B - 4 * A * C
        if disc >= 0:
            roots = sorted(((-B - np.sqrt(disc)) / (2 * A) + c, (-B + np.sqrt(disc)) / (2 * A) + c))
    elif abs(B) > 1e-15:
        roots = [-C / B + c]
    w = frame[role].to_numpy(float)
    lo, hi = float(w.min()), float(w.max())
    inside = [float(r) for r in roots if lo <= r <= hi]
    points = sorted(set(np.linspace(lo, hi, 21).tolist() + inside))
    grid = []
    for wv in points:
        u = wv - c
        est_ = float(b0 + b1 * u)
        se_ = float(np.sqrt(v00 + 2 * u * v01 + u * u * v11))
        tt = t_table(np.array([est_]), np.array([se_]), f.df, level)
        grid.append({roles[role]: wv, "effect": est_, "se": se_, **{kk: float(vv[0]) for kk, vv in tt.items()}})
    share = [{"value": r, "below": float(np.mean(w < r)), "above": float(np.mean(w > r))} for r in inside]
    return {"focal": roles["X"], "moderator": roles[role], "outcome": roles["Y"], "roots": [float(r) for r in roots],
            "inside": inside, "min": lo, "max": hi, "shares": share, "t.crit": tc, "grid": pd.DataFrame(grid)}


def _index_effects(poly, deg, used, probes, centers, roles, path) -> list:
    """Indices of moderated mediation (Hayes 2015), partial (Hayes 2018), conditional and moderated
    moderated mediation (Hayes 2018 §12): coefficients of the indirect effect's polynomial in the moderators."""
    out = []
    if not used or any(deg[r] > 1 for r in used) or len(used) > 2:
        return out
    groups = dz.collect(poly)

    def terms_of(atoms):
        return [(cf, 1.0) for cf in groups.get(atoms, [])]

    cross = len(used) == 2 and any({r for r, _ in atoms} == set(used) for atoms in groups)
    for atoms in groups:
        if len(atoms) != 1:
            continue
        (role, lv), = atoms
        mod = roles[role] + (f"[{lv}]" if lv is not None else "")
        if len(used) == 1:
            out.append(("moderated mediation", {"path": path, "moderator": mod}, terms_of(atoms)))
        elif not cross:
            out.append(("partial moderated mediation", {"path": path, "moderator": mod}, terms_of(atoms)))
    if cross:
        r1, r2 = used
        for a_, b_ in ((r1, r2), (r2, r1)):
            sub_by_atom: dict = {}
            for cf, atoms in poly:
                for x in atoms:
                    if x[0] == a_:
                        sub_by_atom.setdefault(x, []).append((cf, tuple(y for y in atoms if y != x)))
            for atom, sp in sub_by_atom.items():
                mod = roles[a_] + (f"[{atom[1]}]" if atom[1] is not None else "")
                for point in dz.points([b_], probes):
                    out.append(("conditional moderated mediation",
                                {"path": path, "moderator": mod, roles[b_]: _label(point[b_])},
                                dz.at(sp, point, centers)))
        for atoms in groups:
            if {r for r, _ in atoms} == set(used) and len(atoms) == 2:
                mod = "×".join(roles[r] + (f"[{lv}]" if lv is not None else "") for r, lv in atoms)
                out.append(("moderated moderated mediation", {"path": path, "moderator": mod}, terms_of(atoms)))
    return out


def _standardized_setup(dsg, effects, has_total, y_index, unmoderated) -> list:
    """Rows of partially (÷SD_Y) and completely (×SD_X/SD_Y) standardized effects (PROCESS 3/4 ``effsize``,
    Preacher & Kelley 2011) — only when nothing is moderated, as PROCESS does."""
    if not unmoderated or dsg.template.moderators:
        return []
    rows = []
    x_col = dsg.equations[y_index].columns.index((("X", None),))
    rows.append(("direct", "direct", [(((y_index, x_col),), 1.0)]))
    for kind, label, terms in effects:
        if kind == "indirect":
            rows.append(("indirect", label["path"], terms))
    if has_total:
        rows.append(("total", "total", [(((len(dsg.equations), 1),), 1.0)]))
    return rows


def _standardized_table(rows, estimates, sdx, sdy, draws, ci, level) -> pd.DataFrame:
    out = []
    for k, ((kind, path, _), est) in enumerate(zip(rows, estimates)):
        for scale, factor in (("partially", 1.0 / sdy), ("completely", sdx / sdy)):
            r = {"effect": kind, "path": path, "standardization": scale, "estimate": float(est * factor)}
            if draws is not None:
                d = draws[scale][:, k]
                lo, hi = interval(d, est * factor, ci, level)
                r.update({"boot.se": float(np.std(d, ddof=1)), "boot.ci.lower": lo, "boot.ci.upper": hi})
            out.append(r)
    return pd.DataFrame(out)


def _counts(index: np.ndarray, n: int) -> np.ndarray:
    b = index.shape[0]
    flat = (index + np.arange(b)[:, None] * n).ravel()
    return np.bincount(flat, minlength=b * n).reshape(b, n).astype(float)


def _bootstrap(dsg, mats, ys, effects, std_rows, frame, vals, levels, boot, seed, block, total_eq):
    """Case bootstrap over precomputed cross-products (:func:`.ols.batched_coefficients`)."""
    ss = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
    used_seed = seed if seed is not None else int(ss.entropy)
    n = mats[0].shape[0]
    all_mats, all_ys = list(mats), list(ys)
    if total_eq is not None:
        all_mats.append(dz.matrix(total_eq, vals, levels))
        all_ys.append(ys[-1])
    x, yv = frame["X"].to_numpy(float), frame["Y"].to_numpy(float)
    out, out_std, coef_out = [], {"partially": [], "completely": []}, []
    invalid = 0
    n_blocks = -(-boot // block)
    extra = 0
    pending = list(resample_blocks(ss, boot, n, block))
    have = 0
    while have < boot:
        if not pending:
            extra += 1
            child = np.random.SeedSequence(ss.entropy, spawn_key=(*ss.spawn_key, n_blocks + extra))
            pending = [(0, np.random.default_rng(child).integers(0, n, size=(min(block, boot - have), n)))]
        _, index = pending.pop(0)
        counts = _counts(index, n)
        betas, bad = [], np.zeros(counts.shape[0], bool)
        for X, yy in zip(all_mats, all_ys):
            b, singular = batched_coefficients(X, yy, counts)
            betas.append(b)
            bad |= singular
        invalid += int(bad.sum())
        keep = ~bad
        betas = [b[keep] for b in betas]
        c = counts[keep]
        take = min(int(keep.sum()), boot - have)
        if take <= 0:
            continue
        betas = [b[:take] for b in betas]
        c = c[:take]
        coef_out.append(betas)
        out.append(np.column_stack([dz.evaluate(t, betas) for _, _, t in effects]) if effects
                   else np.zeros((take, 0)))
        if std_rows:
            sx = _weighted_sd(c, x)
            sy = _weighted_sd(c, yv)
            vals_ = np.column_stack([dz.evaluate(t, betas) for _, _, t in std_rows])
            out_std["partially"].append(vals_ / sy[:, None])
            out_std["completely"].append(vals_ * (sx / sy)[:, None])
        have += take
    draws = np.vstack(out)
    std = {k: np.vstack(v) for k, v in out_std.items()} if std_rows else None
    coefs = [np.vstack([blk[k] for blk in coef_out]) for k in range(len(all_mats))]
    return draws, std, coefs, invalid, used_seed


def _weighted_sd(counts: np.ndarray, x: np.ndarray) -> np.ndarray:
    n = counts.sum(axis=1)
    s1 = counts @ x
    s2 = counts @ (x * x)
    return np.sqrt((s2 - s1 * s1 / n) / (n - 1))
