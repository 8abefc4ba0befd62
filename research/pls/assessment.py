"""Assessment of an estimated PLS path model, as SmartPLS and ADANCO report it: :func:`assess` → :class:`Assessment`.

Measurement model (Hair, Risher, Sarstedt & Ringle 2019, *EBR* 31, 2–24):

* ``reliability``: Cronbach's α from the raw item covariances (``alpha``,
  the one SPSS reports) and from the item correlations (``alpha_std``, the
  standardized α that seminr and ADANCO 2.2.1 print as "alpha"); ρA
  (Dijkstra & Henseler 2015, from the fit); ρc (Jöreskog 1971) =
  (Σλ)² / ((Σλ)² + Σ(1 − λ²)) and AVE = mean λ² (Fornell & Larcker 1981)
  from the outer loadings — the PLSc loadings for constructs PLSc corrected
  (as ADANCO and seminr).  Single-item constructs show 1 everywhere (SmartPLS
  and seminr print 1.000; nothing is estimated).  Mode B composites get NaN:
  their regression weights say nothing about shared variance, and ADANCO
  leaves these cells blank.
* ``indicator_reliability`` (squared loadings; NaN for Mode B blocks),
  ``loadings`` and ``weights`` (long tables), ``cross_loadings`` (item ×
  construct-score correlations; for PLSc-corrected constructs the
  disattenuated ones ADANCO prints, :func:`cross_loadings_table`).
* ``fornell_larcker``: √AVE on the diagonal, construct correlations below it
  (seminr's ``fl_table``); ``fornell_larcker_squared``: AVE on the diagonal,
  squared correlations below (ADANCO's sheet).  Construct correlations are
  the PLSc-corrected ones where PLSc applies.
* ``htmt``, ``htmt2`` (:func:`research.pls.measures.htmt`): absolute item
  correlations by default (seminr, SmartPLS 4); ``absolute=False`` for the
  signed correlations of Henseler et al. (2015) — ADANCO's satisfaction data
  have no negative item correlation, so both agree there.
* ``outer_vif``: VIF of every item within its block, the diagonal of the
  inverse of the block's correlation matrix (seminr ``item_vifs``, ADANCO
  "indicator multicollinearity").

Structural model:

* ``inner_vif``: VIF of the predictors of each endogenous construct, from the
  (PLSc-corrected) construct correlations (seminr ``antecedent_vifs``).
* ``r2``: R² and adjusted R² = 1 − (1 − R²)(n − 1)/(n − k − 1) with k
  predictors.
* ``f2``: Cohen's (1988) f² = (R²_incl − R²_excl)/(1 − R²_incl) for every
  path.  ``f2_method="scores"`` (default): R²_excl from the regression on the
  same construct scores without the predictor — the way SmartPLS 3 computes
  it (Hair et al. 2017, *Primer*, 2nd ed., ch. 6: it "uses the latent
  variable scores of the model that includes all latent variables") and
  ADANCO 2.2.1 prints it (matched to 1e-7).  ``f2_method="rerun"``: the
  whole PLS model is re-estimated without the path (a construct left without
  any path is dropped), as seminr's ``fSquared`` does; seminr leaves the
  main effects of an interaction term undefined, and so does this method
  (a moderated fit re-estimates both stages: its own ``f_squared``).
* ``effects``: direct, total indirect and total effect of every ordered pair
  of constructs joined by a directed chain (total = (I − B)⁻¹ − I);
  ``specific_indirect``: every chain of two or more paths with the product of
  its coefficients.
* ``model_fit``: SRMR, d_ULS and d_G of the saturated and the estimated
  model (Henseler et al. 2014, *ORM* 17, 182–209; Dijkstra & Henseler 2015,
  *CSDA* 81, 10–23), computed as ADANCO 2.2.1 does (:func:`implied_correlations`,
  :func:`fit_measures`).
* ``q2``: Stone–Geisser Q² by blindfolding (:mod:`research.pls.blindfolding`).
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields

import numpy as np
import pandas as pd

from ..errors import invalid_option
from ..jsonsafe import jsonable
from ..messages import Note, note_texts
from . import engine, measures
from .engine import Layout

F2_METHODS = ("scores", "rerun")
MATRICES = ("fornell_larcker", "fornell_larcker_squared", "cross_loadings", "htmt", "htmt2")
ARROW = " → "


@dataclass(frozen=True)
class Assessment:
    """Every criterion of the measurement and structural model, each a DataFrame (numbers unformatted)."""

    reliability: pd.DataFrame            # index construct: mode, items, alpha, alpha_std, rho_a, rho_c, ave
    indicator_reliability: pd.DataFrame  # construct, item, loading, indicator_reliability
    loadings: pd.DataFrame               # construct, item, loading
    weights: pd.DataFrame                # construct, item, weight
    fornell_larcker: pd.DataFrame        # construct × construct: √AVE diagonal, correlations below
    fornell_larcker_squared: pd.DataFrame  # AVE diagonal, squared correlations below (ADANCO)
    cross_loadings: pd.DataFrame         # item × construct
    htmt: pd.DataFrame                   # construct × construct, symmetric, NaN diagonal
    htmt2: pd.DataFrame
    outer_vif: pd.DataFrame              # construct, item, vif
    inner_vif: pd.DataFrame              # from, to, vif
    r2: pd.DataFrame                     # index construct: r2, r2_adj, n, predictors
    f2: pd.DataFrame                     # from, to, f2
    effects: pd.DataFrame                # from, to, direct, indirect, total
    specific_indirect: pd.DataFrame      # from, to, path, effect
    model_fit: pd.DataFrame              # index SRMR, d_ULS, d_G; columns saturated, estimated
    q2: pd.DataFrame | None = None       # index construct: sso, sse, q2 (None without blindfolding)
    q2_indicators: pd.DataFrame | None = None
    settings: dict = field(default_factory=dict)
    notes: tuple = field(default=(), compare=False)

    def table(self, kind: str = "reliability") -> pd.DataFrame:
        """One of the tables by name (``"reliability"``, ``"htmt"``, ``"f2"``, …)."""
        names = [f.name for f in fields(self) if f.name not in ("settings", "notes")]
        if kind not in names:
            raise invalid_option("kind", str(kind)[:40], "Use one of: " + ", ".join(names) + ".",
                                 "请使用以下之一：" + "、".join(names) + "。", "請使用以下之一：" + "、".join(names) + "。")
        return getattr(self, kind)

    def to_dict(self) -> dict:
        """JSON-safe: long tables as records, construct × construct matrices as {rownames, colnames, values}."""
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "notes":
                out["notes"] = [note_texts(n) for n in value]
            elif f.name == "settings" or value is None:
                out[f.name] = value
            elif f.name in MATRICES:
                out[f.name] = value
            elif isinstance(value.index, pd.RangeIndex):
                out[f.name] = value.to_dict(orient="records")
            else:
                out[f.name] = value.reset_index().to_dict(orient="records")
        return jsonable(out)


# ----------------------------------------------------------------------------------
# measurement model
# ----------------------------------------------------------------------------------
def _alpha(cov: np.ndarray) -> float:
    k = cov.shape[0]
    return float(k / (k - 1) * (1.0 - np.trace(cov) / cov.sum()))


def reliability_table(fit) -> pd.DataFrame:
    """α (raw and standardized), ρA, ρc and AVE per construct (see the module docstring for the conventions)."""
    layout = fit.layout
    lam_all = fit.estimates.loadings[0]
    rho_a = fit.estimates.rho_a[0]
    S = fit.data.correlation
    rows = []
    for j, (block, idx) in enumerate(zip(fit.model.blocks, layout.block_index)):
        mode = block.mode + (" (PLSc)" if fit.estimates.consistent[j] else "")
        row = {"construct": block.name, "mode": mode, "items": int(idx.size)}
        if idx.size == 1:
            row.update(alpha=1.0, alpha_std=1.0, rho_a=1.0, rho_c=1.0, ave=1.0)
        elif block.mode == "B":
            row.update(alpha=np.nan, alpha_std=np.nan, rho_a=np.nan, rho_c=np.nan, ave=np.nan)
        else:
            lam = lam_all[idx, j]
            total = lam.sum() ** 2
            row.update(alpha=_alpha(np.cov(fit.data.raw[:, idx], rowvar=False)),
                       alpha_std=_alpha(S[np.ix_(idx, idx)]), rho_a=float(rho_a[j]),
                       rho_c=float(total / (total + (1.0 - lam ** 2).sum())), ave=float((lam ** 2).mean()))
        rows.append(row)
    return pd.DataFrame(rows).set_index("construct")


def _outer_long(fit, matrix: np.ndarray, name: str) -> pd.DataFrame:
    rows = [{"construct": b.name, "item": fit.items[i], name: float(matrix[i, j])}
            for j, (b, idx) in enumerate(zip(fit.model.blocks, fit.layout.block_index)) for i in idx]
    return pd.DataFrame(rows, columns=["construct", "item", name])


def indicator_reliability_table(fit) -> pd.DataFrame:
    """Squared outer loadings (NaN for the indicators of Mode B composites)."""
    out = _outer_long(fit, fit.estimates.loadings[0], "loading")
    mode_b = {b.name for b in fit.model.blocks if b.mode == "B" and len(b.items) > 1}
    out["indicator_reliability"] = np.where(out["construct"].isin(mode_b), np.nan, out["loading"] ** 2)
    return out


def outer_vif_table(fit) -> pd.DataFrame:
    """VIF of each indicator within its block: diag of the inverse block correlation matrix."""
    S = fit.data.correlation
    vif = np.zeros((len(fit.items), len(fit.constructs)))
    for j, idx in enumerate(fit.layout.block_index):
        vif[idx, j] = np.diag(np.linalg.inv(S[np.ix_(idx, idx)]))
    return _outer_long(fit, vif, "vif")


def fornell_larcker_tables(fit, reliability: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(√AVE diagonal with correlations below, AVE diagonal with squared correlations below)."""
    names = list(fit.constructs)
    R = fit.estimates.cor[0]
    ave = reliability["ave"].to_numpy(dtype=float)
    lower = np.tril(np.ones_like(R, dtype=bool), -1)
    root = np.where(lower, R, np.nan)
    squared = np.where(lower, R ** 2, np.nan)
    np.fill_diagonal(root, np.sqrt(ave))
    np.fill_diagonal(squared, ave)
    return pd.DataFrame(root, index=names, columns=names), pd.DataFrame(squared, index=names, columns=names)


def cross_loadings_table(fit) -> pd.DataFrame:
    """Correlations of every item with every construct; for constructs PLSc corrected, those of the construct
    itself (ADANCO 2.2.1): its own items' PLSc loadings, other items' correlations with its score divided by √ρA."""
    est = fit.estimates
    fix = est.consistent
    rho = np.where(fix, est.rho_a[0], 1.0)
    out = est.item_construct[0] / np.sqrt(rho)[None, :]
    own = fit.layout.mask.astype(bool) & fix[None, :]
    out = np.where(own, est.loadings[0], out)
    return pd.DataFrame(out, index=list(fit.items), columns=list(fit.constructs))


def htmt_tables(fit, absolute: bool = True) -> tuple[pd.DataFrame, pd.DataFrame]:
    names = list(fit.constructs)
    S = fit.data.correlation
    h = measures.htmt(S, fit.layout, absolute=absolute)[0]
    h2 = measures.htmt(S, fit.layout, geometric=True)[0]
    return pd.DataFrame(h, index=names, columns=names), pd.DataFrame(h2, index=names, columns=names)


# ----------------------------------------------------------------------------------
# structural model
# ----------------------------------------------------------------------------------
def inner_vif_table(fit) -> pd.DataFrame:
    """VIF of each predictor of each endogenous construct, from the construct correlations."""
    R = fit.estimates.cor[0]
    rows = []
    for j, pred in enumerate(fit.layout.predecessors):
        if pred.size:
            vif = np.diag(np.linalg.inv(R[np.ix_(pred, pred)]))
            rows += [{"from": fit.constructs[i], "to": fit.constructs[j], "vif": float(v)} for i, v in zip(pred, vif)]
    return pd.DataFrame(rows, columns=["from", "to", "vif"])


def r2_table(fit) -> pd.DataFrame:
    n = fit.n
    rows = []
    for j, pred in enumerate(fit.layout.predecessors):
        if pred.size:
            r2 = float(fit.estimates.r2[0, j])
            rows.append({"construct": fit.constructs[j], "r2": r2,
                         "r2_adj": float(measures.adjusted_r2(r2, n, pred.size)), "n": n, "predictors": int(pred.size)})
    return pd.DataFrame(rows, columns=["construct", "r2", "r2_adj", "n", "predictors"]).set_index("construct")


def _main_effects(model) -> set[tuple[str, str]]:
    """Paths (a, y) and (b, y) where a*b also predicts y: seminr leaves their rerun f² undefined."""
    out = set()
    for i in model.interactions:
        for s, t in model.paths:
            if s == i.name:
                out |= {(i.a, t), (i.b, t)}
    return out


def _r2_without(fit, source: str, target: str) -> float:
    """R² of ``target`` when the PLS model is re-estimated without the path source → target."""
    model = fit.model
    paths = [p for p in model.paths if p != (source, target)]
    used = {c for p in paths for c in p}
    if target not in used or not any(t == target for _, t in paths):
        return 0.0
    blocks = [b for b in model.blocks if b.name in used]
    reduced = model.with_blocks(blocks, paths, [i for i in model.interactions if i.name in used])
    keep = [fit.items.index(i) for i in reduced.items]
    S = fit.data.correlation[np.ix_(keep, keep)]
    layout = Layout.of(reduced)
    est = engine.estimate(S, layout, scheme=fit.scheme, consistent=fit.consistent, tol=fit.tol,
                          max_iter=fit.max_iter)
    return float(est.r2[0, layout.constructs.index(target)])


def f2_table(fit, method: str = "scores") -> pd.DataFrame:
    """Cohen's f² of every path (``method`` ``"scores"``, SmartPLS/ADANCO, or ``"rerun"``, seminr)."""
    if method not in F2_METHODS:
        raise invalid_option("f2_method", str(method)[:40],
                             "Use f2_method='scores' (R² without the predictor from the same construct scores, as "
                             "SmartPLS and ADANCO) or 'rerun' (the model re-estimated without the path, as seminr).",
                             "请用 f2_method='scores'（用同一组构念得分计算去掉该预测变量后的 R²，同 SmartPLS、ADANCO）"
                             "或 'rerun'（去掉该路径后重新估计模型，同 seminr）。",
                             "請用 f2_method='scores'（以同一組構念分數計算去掉該預測變數後的 R²，同 SmartPLS、ADANCO）"
                             "或 'rerun'（去掉該路徑後重新估計模型，同 seminr）。")
    names = fit.constructs
    rows = []
    if method == "scores":
        f2 = measures.f_squared(fit.estimates.cor, fit.layout)[0]
        for s, t in fit.model.paths:
            rows.append({"from": s, "to": t, "f2": float(f2[names.index(s), names.index(t)])})
    elif callable(getattr(fit, "f_squared", None)):
        return fit.f_squared()          # a moderated fit re-estimates both of its stages (research.pls.moderation)
    else:
        undefined = _main_effects(fit.model)
        r2 = fit.estimates.r2[0]
        for s, t in fit.model.paths:
            r2_in = float(r2[names.index(t)])
            value = np.nan if (s, t) in undefined else (r2_in - _r2_without(fit, s, t)) / (1.0 - r2_in)
            rows.append({"from": s, "to": t, "f2": float(value)})
    return pd.DataFrame(rows, columns=["from", "to", "f2"])


def effects_tables(paths: np.ndarray, layout: Layout) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(effects: direct, indirect, total of every connected ordered pair; specific indirect effects).

    ``paths``: (J, J) path matrix, row = source, column = target."""
    paths = np.asarray(paths, dtype=float)
    names = layout.constructs
    total = engine.total_effects(paths[None])[0]
    found, values = measures.specific_indirect(paths[None], layout)
    linked = {(s, int(t)) for s, succ in enumerate(layout.successors) for t in succ}
    linked |= {(c[0], c[-1]) for c in found}
    rows = []
    for s in range(len(names)):
        for t in range(len(names)):
            if (s, t) in linked:
                direct = float(paths[s, t])
                rows.append({"from": names[s], "to": names[t], "direct": direct,
                             "indirect": float(total[s, t] - direct), "total": float(total[s, t])})
    effects = pd.DataFrame(rows, columns=["from", "to", "direct", "indirect", "total"])
    specific = pd.DataFrame([{"from": names[c[0]], "to": names[c[-1]], "path": ARROW.join(names[k] for k in c),
                              "effect": float(v)} for c, v in zip(found, values[0])],
                            columns=["from", "to", "path", "effect"])
    return effects, specific


# ----------------------------------------------------------------------------------
# model fit
# ----------------------------------------------------------------------------------
def implied_construct_correlations(est, layout: Layout) -> np.ndarray:
    """Construct correlations implied by the structural model (B, J, J).

    Exogenous constructs keep their estimated (PLSc-corrected) correlations,
    each endogenous construct has a disturbance of variance 1 − R²,
    uncorrelated with everything else; R̂ = (I − Bᵀ)⁻¹ Ψ (I − Bᵀ)⁻ᵀ.  The
    diagonal is returned as computed (it differs from 1 when an endogenous
    predictor's implied correlations differ from the estimated ones)."""
    cor = est.cor
    P, r2 = engine.structural(cor, layout)      # standardized, also for a moderated fit's product-scale paths
    B, J = cor.shape[0], cor.shape[1]
    exo = np.array([j for j, p in enumerate(layout.predecessors) if not p.size], dtype=int)
    psi = np.zeros((B, J, J))
    psi[:, exo[:, None], exo[None, :]] = cor[:, exo[:, None], exo[None, :]]
    for j in layout.endogenous:
        psi[:, j, j] = 1.0 - r2[:, j]
    A = np.linalg.inv(np.eye(J) - np.swapaxes(P, 1, 2))
    return A @ psi @ np.swapaxes(A, 1, 2)


def implied_correlations(S: np.ndarray, est, layout: Layout, *, structure: str = "saturated") -> np.ndarray:
    """Indicator correlations implied by the model (B, p, p), as ADANCO 2.2.1 computes them.

    Between blocks i and j: λ_i R_ij λ_jᵀ, with the outer loadings λ (PLSc
    loadings for common factors; for composites the loadings are S_jj w_j)
    and R the estimated construct correlations (``structure="saturated"``)
    or those implied by the structural model (``"estimated"``).  Within a
    block: λλᵀ for common factors (constructs PLSc corrected), the empirical
    correlations for composites (Mode A or B, not corrected, and single
    items) — SmartPLS's documentation ("Composite, common factor, and mixed
    models") likewise calls what plain PLS estimates composites and only
    PLSc-corrected constructs common factors.  Unit diagonal.  Matches
    ADANCO's ``impl_cor_*`` sheets to 5e-8 (the error of their empirical
    correlations).
    """
    S = np.asarray(S, dtype=float)
    if S.ndim == 2:
        S = S[None]
    if structure not in ("saturated", "estimated"):
        raise invalid_option("structure", str(structure)[:40], "Use structure='saturated' or 'estimated'.",
                             "请用 structure='saturated' 或 'estimated'。", "請用 structure='saturated' 或 'estimated'。")
    R = est.cor if structure == "saturated" else implied_construct_correlations(est, layout)
    R = R.copy()
    J = R.shape[-1]
    R[:, np.arange(J), np.arange(J)] = 1.0
    # composites' loadings as correlations S_jj w_j (a moderated fit keeps its terms' on the product scale)
    lam = np.where(est.consistent[None, None, :], est.loadings, est.item_construct * layout.mask)
    sigma = lam @ R @ np.swapaxes(lam, 1, 2)
    for j, idx in enumerate(layout.block_index):
        if not est.consistent[j]:
            sigma[:, idx[:, None], idx[None, :]] = S[:, idx[:, None], idx[None, :]]
    p = S.shape[-1]
    sigma[:, np.arange(p), np.arange(p)] = 1.0
    return sigma


def fit_measures(S: np.ndarray, sigma: np.ndarray) -> dict[str, np.ndarray]:
    """SRMR, d_ULS and d_G between empirical ``S`` and implied ``sigma`` correlations (batched, (B, p, p)).

    SRMR = √(mean of the squared residuals over the p(p + 1)/2 elements on
    and below the diagonal); d_ULS = ½ Σ_ij (s_ij − σ_ij)²; d_G = ½ Σ_k
    (log₁₀ φ_k)² over the eigenvalues φ_k of S⁻¹Σ̂.  The base-10 logarithm is
    what ADANCO 2.2.1 (and cSEM, which matches it) prints: Dijkstra &
    Henseler's geodesic distance with natural logarithms is (ln 10)² ≈ 5.30
    times larger.
    """
    S = np.asarray(S, dtype=float)
    sigma = np.asarray(sigma, dtype=float)
    sigma = sigma if sigma.ndim == 3 else sigma[None]
    S = np.broadcast_to(S, sigma.shape)
    p = S.shape[-1]
    low = np.tril_indices(p)
    resid = S - sigma
    srmr = np.sqrt((resid[:, low[0], low[1]] ** 2).mean(axis=1))
    d_uls = 0.5 * (resid ** 2).sum(axis=(1, 2))
    d_g = np.full(S.shape[0], np.nan)
    try:
        L = np.linalg.cholesky(S)
    except np.linalg.LinAlgError:
        # S not positive definite (repeated indicators duplicate items; collinear items): d_G is undefined
        return {"SRMR": srmr, "d_ULS": d_uls, "d_G": d_g}
    Li = np.linalg.inv(L)
    phi = np.linalg.eigvalsh(Li @ sigma @ np.swapaxes(Li, 1, 2))
    with np.errstate(invalid="ignore", divide="ignore"):
        d_g = 0.5 * (np.log10(phi) ** 2).sum(axis=1)
    return {"SRMR": srmr, "d_ULS": d_uls, "d_G": d_g}


def model_fit_table(fit) -> pd.DataFrame:
    S = fit.data.correlation
    cols = {}
    for structure in ("saturated", "estimated"):
        values = fit_measures(S, implied_correlations(S, fit.estimates, fit.layout, structure=structure))
        cols[structure] = {k: float(v[0]) for k, v in values.items()}
    out = pd.DataFrame(cols)
    out.index.name = "measure"
    return out


# ----------------------------------------------------------------------------------
def assess(fit, *, blindfold: bool = True, omission_distance: int = 7, f2_method: str = "scores",
           absolute: bool = True) -> Assessment:
    """The measurement- and structural-model criteria of an estimated PLS model (see the module docstring).

    ``blindfold``: compute Q² by blindfolding with ``omission_distance`` (D = 7, SmartPLS's default; D
    re-estimations per endogenous construct).  ``f2_method``: ``"scores"`` (SmartPLS, ADANCO) or ``"rerun"``
    (seminr).  ``absolute``: HTMT on absolute item correlations (seminr, SmartPLS 4) or signed ones.
    """
    from .blindfolding import blindfold as run_blindfolding

    if f2_method not in F2_METHODS:
        f2_table(fit, f2_method)            # raises the option error
    rel = reliability_table(fit)
    fl, fl2 = fornell_larcker_tables(fit, rel)
    h, h2 = htmt_tables(fit, absolute=bool(absolute))
    effects, specific = effects_tables(fit.estimates.paths[0], fit.layout)
    notes = []
    q2 = q2_items = None
    if blindfold:
        bf = run_blindfolding(fit, omission_distance)
        q2, q2_items = bf.constructs, bf.indicators
        notes += list(bf.notes)
    undefined = _main_effects(fit.model) if f2_method == "rerun" else set()
    if undefined:
        pairs = ", ".join(f"{s}{ARROW}{t}" for s, t in sorted(undefined))
        notes.append(Note(en=f"f² (rerun) is not defined for the main effects of an interaction term ({pairs}): "
                             "leaving one out while keeping the product term changes what the product means.",
                          zh_hans=f"交互项的主效应（{pairs}）没有 rerun 法的 f²：去掉主效应而保留乘积项会改变乘积项的含义。",
                          zh_hant=f"交互項的主效應（{pairs}）沒有 rerun 法的 f²：去掉主效應而保留乘積項會改變乘積項的意義。"))
    return Assessment(
        reliability=rel,
        indicator_reliability=indicator_reliability_table(fit),
        loadings=_outer_long(fit, fit.estimates.loadings[0], "loading"),
        weights=_outer_long(fit, fit.estimates.weights[0], "weight"),
        fornell_larcker=fl,
        fornell_larcker_squared=fl2,
        cross_loadings=cross_loadings_table(fit),
        htmt=h,
        htmt2=h2,
        outer_vif=outer_vif_table(fit),
        inner_vif=inner_vif_table(fit),
        r2=r2_table(fit),
        f2=f2_table(fit, f2_method),
        effects=effects,
        specific_indirect=specific,
        model_fit=model_fit_table(fit),
        q2=q2,
        q2_indicators=q2_items,
        settings={"f2_method": f2_method, "htmt_absolute": bool(absolute), "blindfolding": bool(blindfold),
                  "omission_distance": int(omission_distance) if blindfold else None},
        notes=tuple(notes),
    )
