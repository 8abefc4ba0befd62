"""Moderation in PLS path models: interaction terms ``A:B`` (named ``"A*B"``) → :class:`ModeratedResult`.

>>> fit = estimate_pls(data, "... \\nY ~ A + B + A:B", method="two_stage")
>>> fit.paths.loc["A*B", "Y"], fit.stage1, simple_slopes(fit, "A*B")

How the interaction term's scores are formed (``method``; Henseler & Chin
2010, *SEM* 17, 82–109; Fassott, Henseler & Coelho 2016, *IMDS* 116,
1887–1900):

* ``"two_stage"`` (SmartPLS's and seminr's default; Henseler & Chin 2010):
  stage 1 estimates the main-effects model (the model without its
  interaction terms); the term's single indicator is the product of the
  stage-1 scores of A and B (both unit variance); stage 2 estimates the
  whole model with it.  Works for Mode B constructs too.
* ``"product_indicator"`` (Chin, Marcolin & Newsted 2003, *ISR* 14,
  189–217): every product of a standardized indicator of A with a
  standardized indicator of B (``a1*b1, a1*b2, …``, A's items outer) is an
  indicator of the term.
* ``"orthogonal"`` (Little, Bovaird & Widaman 2006, *SEM* 13, 497–519):
  each of those products replaced by its residual from the OLS regression
  (with intercept) on all indicators of A and B.

The term is a Mode A composite that PLSc never corrects (its ρA is reported
as 1).  Its scale follows seminr (matched to its fixtures): the term is a
product of standardized variables, so its score is *not* standardized but
carries the loading-weighted mean standard deviation of its indicators,
s = Σ sdᵢ·|λᵢ| / Σ|λᵢ| (for two-stage simply the SD of the product of
scores), its loadings are the covariances of its standardized indicators
with that score (correlation × s), and without PLSc its path is the
unstandardized coefficient on that score — the change in the focal
construct's standardized effect per standard deviation of the moderator,
which is what a simple-slope analysis needs.  With PLSc seminr (and this
module) computes every path, the term's included, from the corrected
construct correlations, i.e. standardized; :func:`simple_slopes` converts
that coefficient back to the product scale (÷ s).  Weights are those of
the standardized indicators in every case.

f² of a path (:meth:`ModeratedResult.f_squared`) follows seminr: the whole
model (both stages) re-estimated without the path; f² of an interaction
term compares the model with and without it (Cohen 1988; Hair et al.
2017, ch. 7); the main effects of a term have no f² (removing A while
keeping A*B is not a model anyone would fit), as in seminr.

Resampling: :meth:`ModeratedResult.refit` rebuilds the terms on the
resample and starts both stages from this fit's weights.  Product
indicators have no common orientation, so a start from unit weights
(seminr's bootstrap) gives the term the opposite sign in a share of the
resamples (on mobi's orthogonal Image*Value in about 45 %), which inflates
seminr's bootstrap SD of the term's path; the warm start keeps the sign.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import invalid_option
from ..messages import Note
from . import engine
from .engine import Layout
from .fit import PLSResult, Prepared, _check_scheme, as_model, fit_prepared, prepare
from .model import Block, PLSModel

METHODS = ("two_stage", "product_indicator", "orthogonal")


@dataclass
class ModeratedResult(PLSResult):
    """A PLS fit of a model with interaction terms (stage 2 for two-stage).

    ``model`` is the model as estimated (the interaction blocks hold their
    product indicators, or for two-stage the single indicator ``"A*B"``, the
    product of the stage-1 scores), ``data`` its prepared indicators;
    ``spec`` is the model as written, ``base`` the constructs' own
    indicators (after missing-value handling), ``stage1`` the main-effects
    fit of two-stage (None otherwise), ``scale`` the standard deviation of
    each interaction term's score (see the module docstring).
    """

    spec: PLSModel | None = None
    base: Prepared | None = None
    method: str = "two_stage"
    stage1: PLSResult | None = None
    scale: dict = field(default_factory=dict)

    @property
    def product_scale(self) -> bool:
        """True when the interaction terms' paths are unstandardized (product scale): no construct corrected by
        PLSc; False when every path is standardized (PLSc, as seminr)."""
        return not bool(np.any(self.estimates.consistent))

    @property
    def interaction_scale(self) -> pd.Series:
        """Standard deviation of each interaction term's score (s in the module docstring)."""
        return pd.Series(self.scale, name="scale", dtype=float)

    @property
    def scores(self) -> pd.DataFrame:
        """Construct scores: unit variance, except the interaction terms, which keep their product scale."""
        out = super().scores
        for name, s in self.scale.items():
            out[name] = out[name] * s
        return out

    def refit(self, rows: np.ndarray) -> "ModeratedResult":
        """Everything redone on the responses at positions ``rows`` (a bootstrap resample): indicators
        re-standardized, product indicators or stage-1 scores rebuilt, both stages re-estimated (started from
        this fit's weights)."""
        rows = np.asarray(rows)
        raw = self.base.raw[rows]
        mean, sd = raw.mean(axis=0), raw.std(axis=0, ddof=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            std = (raw - mean) / sd
        base = Prepared(raw, std, mean, sd, self.base.rows[rows], (), {}, self.base.missing)
        start1 = None if self.stage1 is None else self.stage1.estimates.weights[0]
        return _estimate(base, self.spec, self.method, self.scheme, self.consistent, self.tol, self.max_iter,
                         start=(start1, self.estimates.weights[0]))

    def f_squared(self) -> pd.DataFrame:
        """Cohen's f² of every path (columns ``from``, ``to``, ``f2``), the model re-estimated without the path
        (seminr's ``fSquared``); NaN for the main effects of an interaction term."""
        rows = []
        r2 = self.estimates.r2[0]
        where = {c: j for j, c in enumerate(self.constructs)}
        for s, t in self.spec.paths:
            main = any(s in (i.a, i.b) and (i.name, t) in self.spec.paths for i in self.spec.interactions)
            if main:
                f2 = np.nan
            else:
                with_r2 = r2[where[t]]
                without = _r2_without(self, (s, t))
                f2 = (with_r2 - without) / (1.0 - with_r2)
            rows.append({"from": s, "to": t, "f2": float(f2)})
        return pd.DataFrame(rows, columns=["from", "to", "f2"])

    def table(self) -> pd.DataFrame:
        """One row per interaction term and outcome: its focal construct, moderator, method, scale and path
        (as reported, and on the product scale)."""
        rows = []
        for i in self.spec.interactions:
            for t in self.spec.successors(i.name):
                est = float(self.paths.loc[i.name, t])
                rows.append({"term": i.name, "focal": i.a, "moderator": i.b, "outcome": t, "method": self.method,
                             "indicators": len(self.model.block(i.name).items), "scale": float(self.scale[i.name]),
                             "est": est, "est.product": est if self.product_scale else est / self.scale[i.name]})
        return pd.DataFrame(rows, columns=["term", "focal", "moderator", "outcome", "method", "indicators", "scale",
                                           "est", "est.product"])

    def to_dict(self) -> dict:
        """JSON-safe summary of the moderation (method, terms, their scale and paths)."""
        from ..jsonsafe import jsonable

        return jsonable({"method": self.method, "product_scale": self.product_scale,
                         "terms": self.table().to_dict("records")})


# ----------------------------------------------------------------------------------
# estimation
# ----------------------------------------------------------------------------------
def estimate_moderated(data: pd.DataFrame, model, *, scheme: str = "path", consistent=False, missing: str = "mean",
                       tol: float = engine.TOLERANCE, max_iter: int = engine.MAX_ITER,
                       method: str = "two_stage") -> ModeratedResult:
    """Estimate a PLS model with interaction terms by ``method`` (see the module docstring).

    Matches seminr's ``estimate_pls`` with ``two_stage``, ``product_indicator`` and ``orthogonal``
    interactions (weights, scores, paths, ρA, f²).
    """
    spec = as_model(model)
    scheme = _check_scheme(scheme)
    method = _check_method(method)
    _check_terms(spec)
    inter = {i.name for i in spec.interactions}
    items = [i for b in spec.blocks if b.name not in inter for i in b.items]
    base = prepare(data, items, missing)
    fit = _estimate(base, spec, method, scheme, consistent, tol, max_iter)
    if method != "two_stage":
        formative = sorted({c for i in spec.interactions for c in (i.a, i.b) if spec.block(c).mode != "A"})
        if formative:
            fit.notes.append(Note(
                en=f"{', '.join(formative)} {'is' if len(formative) == 1 else 'are'} not Mode A: product indicators "
                   "of formative indicators are not recommended; use method='two_stage' (Henseler & Chin 2010; "
                   "Fassott et al. 2016).",
                zh_hans=f"{'、'.join(formative)} 不是 Mode A：不建议用形成性指标构造乘积指标，请用 method='two_stage'"
                        "（Henseler & Chin 2010；Fassott 等 2016）。",
                zh_hant=f"{'、'.join(formative)} 不是 Mode A：不建議用形成性指標建構乘積指標，請用 method='two_stage'"
                        "（Henseler & Chin 2010；Fassott 等 2016）。"))
    return fit


def _check_method(method) -> str:
    if method not in METHODS:
        raise invalid_option("method", str(method)[:40],
                             "Use method='two_stage' (SmartPLS's default), 'product_indicator' or 'orthogonal'.",
                             "请用 method='two_stage'（SmartPLS 默认）、'product_indicator' 或 'orthogonal'。",
                             "請用 method='two_stage'（SmartPLS 預設）、'product_indicator' 或 'orthogonal'。")
    return method


def _check_terms(spec: PLSModel) -> None:
    names = {b.name for b in spec.blocks}
    inter = {i.name for i in spec.interactions}
    for i in spec.interactions:
        for c in (i.a, i.b):
            if c not in names or c in inter:
                raise invalid_option("model", f"{i.a}:{i.b}",
                                     f"The interaction term uses {c}, which is not a construct with indicators; "
                                     "an interaction term joins two constructs of the model.",
                                     f"交互项中的 {c} 不是有测量题项的构念；交互项应由模型中的两个构念组成。",
                                     f"交互項中的 {c} 不是有測量題項的構念；交互項應由模型中的兩個構念組成。")
        if not spec.successors(i.name):
            raise invalid_option("model", i.name, f"The interaction term {i.name} predicts nothing; add it to a "
                                 "structural equation (Y ~ A + B + A:B).",
                                 f"交互项 {i.name} 没有指向任何构念；请把它写进结构方程（Y ~ A + B + A:B）。",
                                 f"交互項 {i.name} 沒有指向任何構念；請把它寫進結構方程式（Y ~ A + B + A:B）。")


def main_effects_model(spec: PLSModel) -> PLSModel:
    """The model without its interaction terms (two-stage's stage 1)."""
    inter = {i.name for i in spec.interactions}
    blocks = [b for b in spec.blocks if b.name not in inter]
    paths = [(s, t) for s, t in spec.paths if s not in inter and t not in inter]
    return spec.with_blocks(blocks, paths, interactions=())


def product_indicators(za: np.ndarray, zb: np.ndarray, orthogonal: bool = False) -> np.ndarray:
    """Products of every column of ``za`` with every column of ``zb`` (``za``'s columns outer), optionally
    residualised on ``[1, za, zb]`` (Little, Bovaird & Widaman 2006)."""
    P = (za[:, :, None] * zb[:, None, :]).reshape(za.shape[0], -1)
    if orthogonal:
        D = np.column_stack([np.ones(za.shape[0]), za, zb])
        P = P - D @ np.linalg.lstsq(D, P, rcond=None)[0]
    return P


def _estimate(base: Prepared, spec: PLSModel, method: str, scheme: str, consistent, tol: float, max_iter: int,
              start=(None, None)) -> ModeratedResult:
    """Both stages on ``base`` (its columns: the non-interaction items of ``spec`` in model order).

    ``start``: (stage-1 weights, stage-2 weights) for a warm start (refits); ``None`` for unit weights, in which
    case the fit also collects notes.
    """
    first = start[1] is None
    stage1 = None
    extra: dict[str, tuple[tuple[str, ...], np.ndarray]] = {}
    if method == "two_stage":
        m1 = main_effects_model(spec)
        if first:
            stage1 = fit_prepared(base, m1, scheme=scheme, consistent=consistent, tol=tol, max_iter=max_iter)
        else:
            est1 = engine.estimate(base.correlation, Layout.of(m1), scheme=scheme, consistent=consistent, tol=tol,
                                   max_iter=max_iter, start=start[0])
            stage1 = PLSResult(m1, Layout.of(m1), base, est1, scheme, consistent, tol, max_iter, [])
        scores = base.std @ stage1.estimates.weights[0]
        where = {c: j for j, c in enumerate(m1.constructs)}
        for i in spec.interactions:
            extra[i.name] = ((i.name,), (scores[:, where[i.a]] * scores[:, where[i.b]])[:, None])
    else:
        items = list(base_items(spec))
        for i in spec.interactions:
            a, b = spec.block(i.a).items, spec.block(i.b).items
            za = base.std[:, [items.index(x) for x in a]]
            zb = base.std[:, [items.index(x) for x in b]]
            names = tuple(f"{x}*{y}" for x in a for y in b)
            extra[i.name] = (names, product_indicators(za, zb, orthogonal=method == "orthogonal"))
    model, prepared = _stage2_data(base, spec, extra)
    layout = Layout.of(model)
    if first:
        fit = fit_prepared(prepared, model, scheme=scheme, consistent=consistent, tol=tol, max_iter=max_iter)
        est, notes = fit.estimates, list(fit.notes)
        if stage1 is not None and not stage1.converged:
            said = stage1.notes[0].texts        # fit_prepared puts the non-convergence note first
            notes.insert(0, Note(en="Two-stage moderation, stage 1 (main-effects model): " + said["en"],
                                 zh_hans="两阶段调节分析第一阶段（主效应模型）：" + said["zh-Hans"],
                                 zh_hant="兩階段調節分析第一階段（主效果模型）：" + said["zh-Hant"]))
    else:
        est = engine.estimate(prepared.correlation, layout, scheme=scheme, consistent=consistent, tol=tol,
                              max_iter=max_iter, start=start[1])
        notes = []
    scale = _product_scale(est, layout, prepared, [i.name for i in spec.interactions])
    return ModeratedResult(model, layout, prepared, est, scheme, consistent, tol, max_iter, notes,
                           spec=spec, base=base, method=method, stage1=stage1,
                           scale={k: float(v[0]) for k, v in scale.items()})


def base_items(spec: PLSModel) -> tuple[str, ...]:
    """The indicators of the constructs themselves (no interaction placeholders), in model order."""
    inter = {i.name for i in spec.interactions}
    return tuple(i for b in spec.blocks if b.name not in inter for i in b.items)


def _stage2_data(base: Prepared, spec: PLSModel, extra: dict) -> tuple[PLSModel, Prepared]:
    """The model as estimated (interaction blocks with their indicators) and its prepared data, in model order."""
    blocks, raw, std, mean, sd = [], [], [], [], []
    pos = 0
    for b in spec.blocks:
        if b.name in extra:
            names, values = extra[b.name]
            blocks.append(Block(b.name, names, b.mode, False))
            m, s = values.mean(axis=0), values.std(axis=0, ddof=1)
            with np.errstate(invalid="ignore", divide="ignore"):
                z = (values - m) / s
            raw.append(values), std.append(z), mean.append(m), sd.append(s)
        else:
            k = len(b.items)
            blocks.append(b)
            raw.append(base.raw[:, pos:pos + k]), std.append(base.std[:, pos:pos + k])
            mean.append(base.mean[pos:pos + k]), sd.append(base.sd[pos:pos + k])
            pos += k
    model = spec.with_blocks(blocks)
    prepared = Prepared(np.hstack(raw), np.hstack(std), np.concatenate(mean), np.concatenate(sd), base.rows,
                        base.excluded, base.replaced, base.missing)
    return model, prepared


def _product_scale(est, layout: Layout, prepared: Prepared, terms) -> dict:
    """Put the interaction terms on their product scale in ``est`` (in place); return their scales (B,).

    s = Σ sdᵢ|λᵢ| / Σ|λᵢ| over the term's indicators (sd of the unstandardized product indicator, λ its
    correlation with the term's score); loadings × s; ρA = 1; without PLSc the term's paths ÷ s.
    """
    out = {}
    rescale_paths = not np.any(est.consistent)
    for name in terms:
        j = layout.constructs.index(name)
        idx = layout.block_index[j]
        lam = np.abs(est.item_construct[:, idx, j])
        s = (lam * prepared.sd[idx]).sum(axis=1) / lam.sum(axis=1)
        est.loadings[:, idx, j] *= s[:, None]
        est.rho_a[:, j] = 1.0
        if rescale_paths:
            est.paths[:, j, :] /= s[:, None]
        out[name] = s
    return out


def _r2_without(fit: ModeratedResult, path: tuple[str, str]) -> float:
    """R² of ``path``'s target when the model (both stages) is re-estimated without the path."""
    spec = fit.spec
    source, target = path
    paths = [p for p in spec.paths if p != path]
    linked = {c for p in paths for c in p}
    if target not in {t for _, t in paths}:
        return 0.0
    blocks = [b for b in spec.blocks if b.name in linked]
    inter = tuple(i for i in spec.interactions if i.name in linked)
    reduced = PLSModel(tuple(blocks), tuple(paths), inter, spec.source)
    items = base_items(reduced)
    where = {name: k for k, name in enumerate(base_items(spec))}
    cols = np.array([where[i] for i in items], dtype=int)
    b = fit.base
    base = Prepared(b.raw[:, cols], b.std[:, cols], b.mean[cols], b.sd[cols], b.rows, b.excluded, b.replaced, b.missing)
    if inter:
        other = _estimate(base, reduced, fit.method, fit.scheme, fit.consistent, fit.tol, fit.max_iter)
    else:
        other = fit_prepared(base, reduced, scheme=fit.scheme, consistent=fit.consistent, tol=fit.tol,
                             max_iter=fit.max_iter)
    return float(other.estimates.r2[0][other.constructs.index(target)])


# ----------------------------------------------------------------------------------
# simple slopes
# ----------------------------------------------------------------------------------
def simple_slopes(fit: ModeratedResult, interaction: str | None = None, at=(-1.0, 0.0, 1.0), *,
                  outcome: str | None = None, focal_range=(-1.0, 1.0)) -> pd.DataFrame:
    """Simple-slope analysis of an interaction term ``A*B`` (Aiken & West 1991; SmartPLS's simple slope plot).

    The **focal** construct is the first of ``A:B`` (A), the **moderator** the second (B).  At each moderator
    level m in ``at`` (in standard deviations of the standardized moderator: −1 = mean − 1 SD) the effect of A
    on the outcome Y is ``slope = β_A + β_AB·m``, with β_AB on the product scale (see the module docstring).
    The plotted line is intercept-free, as in SmartPLS: Ŷ = β_A·a + β_B·m + β_AB·a·m = ``intercept`` +
    ``slope``·a with ``intercept`` = β_B·m (β_B = 0 when B has no path to Y); ``y.low``/``y.high`` are Ŷ at
    a = ``focal_range`` (default A at −1 and +1 SD).

    ``interaction``: the term's name (default: the model's first); ``outcome``: one outcome (default: every
    construct the term predicts).  One row per outcome and level, columns ``term``, ``focal``, ``moderator``,
    ``outcome``, ``level``, ``slope``, ``intercept``, ``focal.low``, ``focal.high``, ``y.low``, ``y.high``.
    """
    spec = getattr(fit, "spec", None)
    if spec is None or not spec.interactions:
        raise invalid_option("fit", type(fit).__name__, "Simple slopes need a model with an interaction term "
                             "(Y ~ A + B + A:B) estimated by estimate_pls.",
                             "简单斜率分析需要含交互项（Y ~ A + B + A:B）并由 estimate_pls 估计的模型。",
                             "簡單斜率分析需要含交互項（Y ~ A + B + A:B）並由 estimate_pls 估計的模型。")
    terms = {i.name: i for i in spec.interactions}
    name = spec.interactions[0].name if interaction is None else str(interaction).replace(":", "*")
    if name not in terms:
        raise invalid_option("interaction", str(interaction)[:60], "Name one of the model's interaction terms: "
                             + ", ".join(terms) + ".", "请指定模型中的交互项之一：" + "、".join(terms) + "。",
                             "請指定模型中的交互項之一：" + "、".join(terms) + "。")
    term = terms[name]
    outcomes = spec.successors(name)
    if outcome is not None:
        if outcome not in outcomes:
            raise invalid_option("outcome", str(outcome)[:60], f"{name} predicts " + ", ".join(outcomes) + "; name "
                                 "one of them.", f"{name} 指向 " + "、".join(outcomes) + "；请指定其中之一。",
                                 f"{name} 指向 " + "、".join(outcomes) + "；請指定其中之一。")
        outcomes = (outcome,)
    paths = fit.paths
    lo, hi = (float(x) for x in focal_range)
    rows = []
    for y in outcomes:
        b_int = float(paths.loc[name, y])
        if not fit.product_scale:
            b_int /= fit.scale[name]
        b_a, b_b = float(paths.loc[term.a, y]), float(paths.loc[term.b, y])
        for m in at:
            m = float(m)
            slope, intercept = b_a + b_int * m, b_b * m
            rows.append({"term": name, "focal": term.a, "moderator": term.b, "outcome": y, "level": m,
                         "slope": slope, "intercept": intercept, "focal.low": lo, "focal.high": hi,
                         "y.low": intercept + slope * lo, "y.high": intercept + slope * hi})
    return pd.DataFrame(rows, columns=["term", "focal", "moderator", "outcome", "level", "slope", "intercept",
                                       "focal.low", "focal.high", "y.low", "y.high"])
