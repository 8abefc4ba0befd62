"""Higher-order constructs (HOCs): the repeated-indicators and the two-stage approaches.

A higher-order construct is measured by lower-order constructs (LOCs, its
dimensions) instead of items.  In lavaan syntax it is written like any other
construct, with constructs on the right::

    Image        =~ IMAG1 + IMAG2 + IMAG3 + IMAG4 + IMAG5
    Value        =~ PERV1 + PERV2
    Satisfaction =~ Image + Value          reflective HOC (Mode A); <~ for a composite HOC (Mode B)
    Loyalty      ~ Satisfaction

or the HOCs are given apart: ``estimate_hoc(data, model, {"Satisfaction":
["Image", "Value"]}, mode="A")`` (``mode`` and ``reflective`` apply to these;
a HOC written in the syntax takes them from ``=~`` / ``<~``).  A HOC without
a structural path is left out with a note, as seminr does.  Three ways to estimate it
(Becker, Klein & Wetzels 2012, *Long Range Planning* 45, 359–394;
Ringle, Sarstedt & Straub 2012, *MIS Quarterly* 36, iii–xiv;
Sarstedt, Hair, Cheah, Becker & Ringle 2019, *Australasian Marketing
Journal* 27, 197–211):

* ``"repeated"`` — repeated indicators (Lohmöller 1989): one model in which
  the HOC's block is every item of its LOCs (copies named ``"IMAG1@Satisfaction"``),
  in the HOC's mode, with paths HOC → LOC for a reflective HOC and LOC → HOC
  for a formative one (Becker et al. 2012).  The HOC's rows of the combined
  tables: loadings = correlations of the LOC scores with the HOC score (the
  HOC → LOC paths of a reflective HOC), weights = the HOC score regressed on
  the LOC scores alone.
* ``"embedded"`` — two-stage, embedded: stage 1 is the repeated-indicators
  model; its LOC scores become the HOC's indicators in stage 2.  (With PLSc,
  a repeated-indicators first stage is not consistent: the HOC's proxy shares
  the LOC items' errors.)
* ``"disjoint"`` (default) — two-stage, disjoint (Sarstedt et al. 2019):
  stage 1 leaves the HOC out and links each of its LOCs directly to every
  construct the HOC is linked with (antecedents → each LOC → consequences);
  stage 2 as above.  This is seminr's ``higher_composite(method = two_stage)``:
  its HOC fixtures are reproduced to 1e-15 (the embedded first stage misses
  them by 5e-3).

In both two-stage approaches stage 1 leaves interaction terms out (seminr's
convention); stage 2 is the user's structural model with every other
construct measured by its own items, interaction terms included
(:mod:`research.pls.moderation` forms them from stage-2 scores).  With
``consistent=True`` the LOCs that PLSc corrects in stage 1 enter stage 2
with their PLSc-consistent correlations (the scores' correlations divided by
√ρA, Dijkstra & Henseler 2015), so a common-factor or composite HOC of
common-factor LOCs is estimated consistently too: fed cSEM's second-order
population matrices, every loading, weight and path is returned exactly.

The result (:class:`HOCResult`) is the stage-2 fit (for ``"repeated"`` the
one fit), so every property of :class:`research.pls.fit.PLSResult` reads the
structural model; ``weights`` and ``loadings`` are seminr's combined tables
(HOC rows are the LOC names, LOC columns follow the structural constructs),
``stage1`` keeps the first stage, and ``refit(rows)`` redoes both stages (a
bootstrap resample re-estimates the LOC scores as well).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import invalid_option
from ..jsonsafe import jsonable
from ..messages import Note
from . import engine
from .engine import Layout
from .fit import PLSResult, Prepared, _check_scheme, fit_prepared, prepare
from .model import MODES, Block, Interaction, PLSModel, make_model

METHODS = ("disjoint", "embedded", "repeated")
REPEATED_MARK = "@"


@dataclass(frozen=True)
class HigherOrder:
    """A higher-order construct: its name, its lower-order constructs, its mode and whether it is reflective."""

    name: str
    dimensions: tuple[str, ...]
    mode: str = "A"
    reflective: bool = True

    @property
    def op(self) -> str:
        return "=~" if self.reflective and self.mode == "A" else "<~"


@dataclass(frozen=True)
class HOCSpec:
    """A model with higher-order constructs, before it is split into stages."""

    blocks: tuple[Block, ...]               # every first-order construct (ordinary and lower-order)
    higher: tuple[HigherOrder, ...]          # the HOCs that are estimated
    paths: tuple[tuple[str, str], ...]       # the structural model; may name HOCs and interaction terms
    interactions: tuple[Interaction, ...] = ()
    order: tuple[str, ...] = ()             # constructs and HOCs in the order the model gave them
    dropped: tuple[str, ...] = ()           # HOCs left out: no structural path

    @property
    def lower(self) -> tuple[str, ...]:
        """The lower-order constructs of the estimated HOCs, in model order."""
        locs = {d for h in self.higher for d in h.dimensions}
        return tuple(b.name for b in self.blocks if b.name in locs)

    def block(self, name: str) -> Block:
        return next(b for b in self.blocks if b.name == name)


# ----------------------------------------------------------------------------------
# errors
# ----------------------------------------------------------------------------------
def _bad(detail: str, en: str, zh: str, zh_hant: str):
    return invalid_option("higher_order", detail, en, zh, zh_hant)


# ----------------------------------------------------------------------------------
# reading the model
# ----------------------------------------------------------------------------------
def read_hoc_syntax(text: str) -> tuple[dict, dict, list, dict, set, tuple, list]:
    """lavaan syntax → (first-order measurement {construct: items}, HOCs {name: (LOCs, composite?)}, paths
    (sources may be HOCs or ``"A*B"`` terms), modes, reflective constructs, interactions, every measured name in
    the order written).  A ``=~``/``<~`` line whose right-hand side names constructs defines a HOC."""
    from .model import _refuse_extras, read_syntax

    if not isinstance(text, str):
        raise invalid_option("model", type(text).__name__, "Give the model as lavaan syntax text.",
                             "请以 lavaan 语法文本给出模型。", "請以 lavaan 語法文字提供模型。")
    spec, composite, inter = read_syntax(text)
    _refuse_extras(spec)
    measurement = {lhs: list(items) for lhs, items in spec.measurement.items()}
    hocs = {}
    for name, items in measurement.items():
        named = [i for i in items if i in measurement]
        if not named:
            continue
        if len(named) < len(items):
            rest = [i for i in items if i not in measurement]
            raise _bad(f"{name}: {', '.join(rest[:5])}",
                       f"{name} mixes constructs and items on its right-hand side; a higher-order construct is "
                       "measured by constructs only (give the items their own construct).",
                       f"{name} 的右侧同时包含构念和题项；高阶构念只能由构念测量（请为这些题项另建一个构念）。",
                       f"{name} 的右側同時包含構念與題項；高階構念只能由構念測量（請為這些題項另建一個構念）。")
        hocs[name] = (tuple(items), name in composite)
    first = {c: items for c, items in measurement.items() if c not in hocs}
    paths = [(inter[s].name if s in inter else s, target)
             for target, sources in spec.regressions.items() for s in sources]
    modes = {c: "B" for c in first if c in composite}
    reflective = {c for c in first if c not in composite}
    return first, hocs, paths, modes, reflective, tuple(dict.fromkeys(inter.values())), list(measurement)


def hoc_spec(model, higher_order: dict | None = None, *, mode="A", reflective=None) -> HOCSpec:
    """Read and check a model with higher-order constructs (lavaan syntax or a :class:`PLSModel` whose paths
    may name the HOCs of ``higher_order``)."""
    if isinstance(model, str):
        first, hocs, paths, modes, refl, interactions, order = read_hoc_syntax(model)
        for name in first:
            modes.setdefault(name, "A")
        blocks = []
        for name, items in first.items():
            m = modes[name]
            blocks.append(Block(name, tuple(items), m, name in refl and m == "A" and len(items) > 1))
        found = [HigherOrder(n, locs, "B" if comp else "A", not comp) for n, (locs, comp) in hocs.items()]
        order = list(order)
    elif isinstance(model, PLSModel):
        blocks = [b for b in model.blocks if not any(b.name == i.name for i in model.interactions)]
        paths, interactions, found = list(model.paths), model.interactions, []
        order = [b.name for b in blocks]
    else:
        raise invalid_option("model", type(model).__name__, "Give lavaan syntax or a PLSModel.",
                             "请给出 lavaan 语法或 PLSModel。", "請提供 lavaan 語法或 PLSModel。")
    for name, dims in (higher_order or {}).items():
        if isinstance(dims, str) or not hasattr(dims, "__iter__"):
            raise _bad(f"{name}: {dims!r}"[:60], "Give each higher-order construct a list of its lower-order "
                       "constructs: {\"HOC\": [\"LOC1\", \"LOC2\"]}.",
                       "请为每个高阶构念给出其低阶构念列表：{\"HOC\": [\"LOC1\", \"LOC2\"]}。",
                       "請為每個高階構念提供其低階構念清單：{\"HOC\": [\"LOC1\", \"LOC2\"]}。")
        m = mode.get(name, "A") if isinstance(mode, dict) else mode
        r = reflective.get(name) if isinstance(reflective, dict) else reflective
        found.append(HigherOrder(str(name), tuple(str(d) for d in dims), m, (m == "A") if r is None else bool(r)))
        if name not in order:
            last = max((order.index(d) for d in dims if d in order), default=len(order) - 1)
            order.insert(last + 1, str(name))
    return _check(tuple(blocks), tuple(found), tuple(paths), tuple(interactions), tuple(order))


def _check(blocks, found, paths, interactions, order) -> HOCSpec:
    names = [b.name for b in blocks]
    items = {i for b in blocks for i in b.items}
    seen: dict[str, str] = {}
    hoc_names = [h.name for h in found]
    for h in found:
        if hoc_names.count(h.name) > 1 or h.name in names:
            raise _bad(h.name, f"{h.name} is defined twice (as two higher-order constructs, or as a construct "
                       "with items and as a higher-order construct); define it once.",
                       f"{h.name} 被定义了两次（两个高阶构念，或既是有题项的构念又是高阶构念）；请只定义一次。",
                       f"{h.name} 被定義了兩次（兩個高階構念，或既是有題項的構念又是高階構念）；請只定義一次。")
        if h.name in items:
            raise _bad(h.name, f"{h.name} is both an item and a higher-order construct; rename one of them.",
                       f"{h.name} 既是题项又是高阶构念，请重命名其中之一。", f"{h.name} 既是題項又是高階構念，請重新命名其中之一。")
        if h.mode not in MODES:
            raise _bad(f"{h.name}: {h.mode}", "A higher-order construct's mode is A (correlation weights), "
                       "B (regression weights) or unit.", "高阶构念的模式应为 A（相关权重）、B（回归权重）或 unit（等权）。",
                       "高階構念的模式應為 A（相關權重）、B（迴歸權重）或 unit（等權）。")
        if len(set(h.dimensions)) < 2:
            raise _bad(f"{h.name}: {', '.join(h.dimensions)}",
                       f"The higher-order construct {h.name} needs at least two lower-order constructs; with one, "
                       "use that construct itself.",
                       f"高阶构念 {h.name} 至少需要两个低阶构念；只有一个时请直接使用该构念。",
                       f"高階構念 {h.name} 至少需要兩個低階構念；只有一個時請直接使用該構念。")
        for d in h.dimensions:
            if d in hoc_names:
                raise _bad(f"{h.name} =~ {d}", f"{d} is itself a higher-order construct; third-order models are "
                           "not supported: estimate the second order first and use its scores.",
                           f"{d} 本身是高阶构念；不支持三阶模型：请先估计二阶构念，再使用其得分。",
                           f"{d} 本身是高階構念；不支援三階模型：請先估計二階構念，再使用其分數。")
            if d not in names:
                raise _bad(f"{h.name} =~ {d}", f"{d} is not a construct of the model; a higher-order construct is "
                           "measured by constructs defined with =~ or <~ on their items.",
                           f"{d} 不是模型中的构念；高阶构念只能由用 =~ 或 <~ 定义在题项上的构念测量。",
                           f"{d} 不是模型中的構念；高階構念只能由用 =~ 或 <~ 定義在題項上的構念測量。")
    linked = {c for p in paths for c in p} | {c for i in interactions for c in (i.a, i.b)}
    active = tuple(h for h in found if h.name in linked)
    dropped = tuple(h.name for h in found if h.name not in linked)
    for h in active:
        for d in h.dimensions:
            if d in seen and seen[d] != h.name:
                raise _bad(f"{d}: {seen[d]}, {h.name}", f"{d} belongs to two higher-order constructs; each "
                           "lower-order construct measures one.", f"{d} 同时属于两个高阶构念；每个低阶构念只能测量一个高阶构念。",
                           f"{d} 同時屬於兩個高階構念；每個低階構念只能測量一個高階構念。")
            seen[d] = h.name
    locs = {d: h.name for h in active for d in h.dimensions}
    for s, t in paths:
        for c in (s, t):
            if c in locs:
                raise _bad(f"{s} -> {t}", f"{c} is a lower-order construct of {locs[c]}; its relations go through "
                           f"{locs[c]} (give the path to {locs[c]}, or leave {c} out of the higher-order construct).",
                           f"{c} 是 {locs[c]} 的低阶构念，其关系应经由 {locs[c]}（请把路径接到 {locs[c]}，或将 {c} 移出高阶构念）。",
                           f"{c} 是 {locs[c]} 的低階構念，其關係應經由 {locs[c]}（請把路徑接到 {locs[c]}，或將 {c} 移出高階構念）。")
    for i in interactions:
        for c in (i.a, i.b):
            if c in locs:
                raise _bad(i.name, f"{c} is a lower-order construct of {locs[c]}; use {locs[c]} in the "
                           "interaction term.", f"{c} 是 {locs[c]} 的低阶构念；交互项请使用 {locs[c]}。",
                           f"{c} 是 {locs[c]} 的低階構念；交互項請使用 {locs[c]}。")
    return HOCSpec(blocks, active, paths, interactions, order, dropped)


# ----------------------------------------------------------------------------------
# the stages' models
# ----------------------------------------------------------------------------------
def _make(blocks, paths, interactions=()) -> PLSModel:
    return make_model({b.name: list(b.items) for b in blocks}, list(dict.fromkeys(paths)),
                      modes={b.name: b.mode for b in blocks}, reflective={b.name for b in blocks if b.reflective},
                      interactions=interactions)


def _repeated_block(spec: HOCSpec, h: HigherOrder) -> Block:
    items = tuple(f"{i}{REPEATED_MARK}{h.name}" for d in h.dimensions for i in spec.block(d).items)
    return Block(h.name, items, h.mode, h.reflective and h.mode == "A")


def _in_order(spec: HOCSpec, blocks: list[Block]) -> list[Block]:
    rank = {n: k for k, n in enumerate(spec.order)}
    return sorted(blocks, key=lambda b: rank.get(b.name, len(rank)))


def stage1_model(spec: HOCSpec, method: str) -> PLSModel:
    """The first-stage model: disjoint (LOCs linked to the HOC's neighbours) or repeated indicators
    (``embedded`` and ``repeated``); interaction terms are left out of a first stage."""
    hoc = {h.name: h for h in spec.higher}
    inter = {i.name for i in spec.interactions}
    blocks = list(spec.blocks)
    paths = []
    keep_inter = method == "repeated"
    for s, t in spec.paths:
        if s in inter and not keep_inter:
            continue
        if method == "disjoint":
            paths += [(a, b) for a in (hoc[s].dimensions if s in hoc else (s,))
                      for b in (hoc[t].dimensions if t in hoc else (t,))]
        else:
            paths.append((s, t))
    if method != "disjoint":
        for h in spec.higher:
            blocks.append(_repeated_block(spec, h))
            paths += [(h.name, d) if h.reflective else (d, h.name) for d in h.dimensions]
    return _make(_in_order(spec, blocks), paths, spec.interactions if keep_inter else ())


def stage2_model(spec: HOCSpec) -> PLSModel:
    """The structural model with each HOC measured by its LOCs' scores (items named as the LOCs)."""
    locs = set(spec.lower)
    blocks = [b for b in spec.blocks if b.name not in locs]
    blocks += [Block(h.name, h.dimensions, h.mode, h.reflective and h.mode == "A") for h in spec.higher]
    return _make(_in_order(spec, blocks), spec.paths, spec.interactions)


# ----------------------------------------------------------------------------------
# data of the stages
# ----------------------------------------------------------------------------------
def _own_items(model: PLSModel) -> list[str]:
    """The indicators of the constructs themselves (not of interaction terms), in model order."""
    inter = {i.name for i in model.interactions}
    return [i for b in model.blocks if b.name not in inter for i in b.items]


def _with_rows_of(fit: PLSResult, base: Prepared) -> Prepared:
    """``fit.data`` with the missing-value record of ``base`` (the moderation step sees complete data)."""
    d = fit.data
    return Prepared(d.raw, d.std, d.mean, d.sd, d.rows, base.excluded, base.replaced, base.missing)


def _columns(base: Prepared, names, source: dict) -> Prepared:
    """``base`` with columns ``names`` (``source`` maps a name to its column position in ``base``)."""
    idx = np.array([source[n] for n in names], dtype=int)
    return Prepared(base.raw[:, idx], base.std[:, idx], base.mean[idx], base.sd[idx], base.rows, base.excluded,
                    base.replaced, base.missing)


def _stage1_data(base: Prepared, base_items, model1: PLSModel) -> Prepared:
    pos = {n: k for k, n in enumerate(base_items)}
    names = _own_items(model1)
    source = {n: pos[n.rsplit(REPEATED_MARK, 1)[0] if n not in pos else n] for n in names}
    return _columns(base, names, source)


def _disattenuation(stage1: PLSResult, locs) -> dict[str, float]:
    """√ρA of each LOC that PLSc corrected in stage 1 (1 for the others)."""
    where = {c: j for j, c in enumerate(stage1.constructs)}
    rho = stage1.estimates.rho_a[0]
    fixed = stage1.estimates.consistent
    return {c: float(np.sqrt(rho[where[c]])) if fixed[where[c]] else 1.0 for c in locs}


def _stage2_data(stage1: PLSResult, model2: PLSModel, locs) -> tuple[Prepared, np.ndarray]:
    """Stage-2 indicators (items as in stage 1, LOC scores) and their correlation matrix, the LOC scores'
    correlations disattenuated for the LOCs PLSc corrected."""
    first = stage1.data
    pos = {n: k for k, n in enumerate(stage1.items)}
    scores = first.std @ stage1.estimates.weights[0]
    where = {c: j for j, c in enumerate(stage1.constructs)}
    names = _own_items(model2)
    cols = [scores[:, where[n]] if n in locs else first.raw[:, pos[n]] for n in names]
    raw = np.column_stack(cols)
    mean, sd = raw.mean(axis=0), raw.std(axis=0, ddof=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        std = (raw - mean) / sd
    prepared = Prepared(raw, std, mean, sd, first.rows, first.excluded, first.replaced, first.missing)
    S = prepared.correlation
    q = _disattenuation(stage1, locs)
    scale = np.array([q.get(n, 1.0) if n in locs else 1.0 for n in names])
    if np.any(scale != 1.0):
        S = S / np.outer(scale, scale)
        np.fill_diagonal(S, 1.0)
    return prepared, S


# ----------------------------------------------------------------------------------
# notes
# ----------------------------------------------------------------------------------
_STAGE = {"Stage 1": ("第一阶段", "第一階段"), "Stage 2": ("第二阶段", "第二階段")}


def _not_converged(stage: str, tol: float, max_iter: int) -> Note:
    hans, hant = _STAGE[stage]
    return Note(en=f"{stage}: the PLS algorithm did not converge within {max_iter} iterations (stop criterion "
                   f"{tol:g}); its estimates should not be reported.",
                zh_hans=f"{hans}：PLS 算法在 {max_iter} 次迭代内未收敛（停止准则 {tol:g}），其估计值不宜报告。",
                zh_hant=f"{hant}：PLS 演算法在 {max_iter} 次迭代內未收斂（停止準則 {tol:g}），其估計值不宜報告。")


def _dropped_note(names) -> Note:
    joined = ", ".join(names)
    return Note(en=f"Left out, having no structural path (PLS cannot weight a construct without one; seminr does "
                   f"the same): higher-order construct {joined}.",
                zh_hans=f"高阶构念 {'、'.join(names)} 没有结构路径，已被略去（PLS 无法为没有路径的构念估计权重；seminr 亦如此）。",
                zh_hant=f"高階構念 {'、'.join(names)} 沒有結構路徑，已被略去（PLS 無法為沒有路徑的構念估計權重；seminr 亦如此）。")


def _repeated_plsc_note() -> Note:
    return Note(en="PLSc with repeated indicators is not consistent: the higher-order construct's proxy shares its "
                   "lower-order constructs' items and their errors; use method='disjoint' for consistent estimates.",
                zh_hans="重复指标法下的 PLSc 不具一致性：高阶构念的代理变量与其低阶构念共用题项及其误差；"
                        "需要一致估计时请用 method='disjoint'。",
                zh_hant="重複指標法下的 PLSc 不具一致性：高階構念的代理變數與其低階構念共用題項及其誤差；"
                        "需要一致估計時請用 method='disjoint'。")


def _attenuated_note() -> Note:
    return Note(en="With an interaction term the second stage uses the lower-order constructs' scores as they are "
                   "(not PLSc-disattenuated), so the higher-order construct is not estimated consistently.",
                zh_hans="含交互项时，第二阶段直接使用低阶构念得分（未经 PLSc 去衰减），高阶构念的估计不具一致性。",
                zh_hant="含交互項時，第二階段直接使用低階構念分數（未經 PLSc 去衰減），高階構念的估計不具一致性。")


def _inadmissible_note(names) -> Note:
    return Note(en="PLSc: the consistent correlations of the lower-order constructs of " + ", ".join(names)
                   + " are not a proper correlation matrix (a correlation of 1 or more); the second stage is not "
                     "admissible.",
                zh_hans="PLSc：" + "、".join(names) + " 的低阶构念的一致相关不构成有效的相关矩阵（相关达到或超过 1），第二阶段不可用。",
                zh_hant="PLSc：" + "、".join(names) + " 的低階構念的一致相關不構成有效的相關矩陣（相關達到或超過 1），第二階段不可用。")


# ----------------------------------------------------------------------------------
# the result
# ----------------------------------------------------------------------------------
@dataclass
class HOCResult(PLSResult):
    """A model with higher-order constructs: the structural (stage-2, or repeated-indicators) fit.

    Extra attributes: ``stage1`` (the first-stage :class:`PLSResult`; None for ``method="repeated"``, whose
    one fit is this result, the HOC's repeated items named ``"item@HOC"``), ``higher_order`` (the estimated
    :class:`HigherOrder` constructs), ``method``, ``spec`` (:class:`HOCSpec`), ``moderation`` (the
    :class:`~research.pls.moderation.ModeratedResult` of the structural model when it has interaction terms).
    ``weights`` / ``loadings`` / ``rho_a`` / ``scores`` cover the lower-order constructs too (seminr's
    layout: HOC rows are LOC names, LOC columns after the structural constructs).
    """

    stage1: PLSResult | None = None
    higher_order: tuple[HigherOrder, ...] = ()
    method: str = "disjoint"
    spec: HOCSpec | None = None
    moderation: PLSResult | None = None     # the stage-2 ModeratedResult when the model has interaction terms

    # -- which constructs are which ------------------------------------------
    @property
    def lower_order(self) -> tuple[str, ...]:
        return self.spec.lower

    @property
    def structural_constructs(self) -> tuple[str, ...]:
        locs = set(self.lower_order)
        return tuple(c for c in self.constructs if c not in locs)

    def _first(self) -> PLSResult:
        return self.stage1 if self.stage1 is not None else self

    # -- combined tables -----------------------------------------------------
    def _hoc_rows(self, kind: str) -> dict[tuple[str, str], float]:
        """For the repeated-indicators fit: HOC × LOC loadings (correlations) and weights (regression of the
        HOC score on its LOC scores), read from the construct correlations."""
        cor = pd.DataFrame(self.estimates.cor[0], index=list(self.constructs), columns=list(self.constructs))
        out = {}
        for h in self.higher_order:
            d = list(h.dimensions)
            r = cor.loc[d, h.name].to_numpy()
            vals = r if kind == "loadings" else np.linalg.solve(cor.loc[d, d].to_numpy(), r)
            out.update({(loc, h.name): float(v) for loc, v in zip(d, vals)})
        return out

    def _combined(self, kind: str) -> pd.DataFrame:
        first = getattr(PLSResult, kind).fget(self._first())
        locs = list(self.lower_order)
        loc_items = [i for c in locs for i in self.spec.block(c).items]
        if self.stage1 is None:
            base = getattr(PLSResult, kind).fget(self)
            cols = list(self.structural_constructs)
            hocs = {h.name for h in self.higher_order}
            rows = [i for c in cols for i in (self.model.block(c).items if c not in hocs else
                                              next(h.dimensions for h in self.higher_order if h.name == c))]
            out = pd.DataFrame(0.0, index=rows + loc_items, columns=cols + locs)
            for c in cols:
                if c not in hocs:
                    items = list(self.model.block(c).items)
                    out.loc[items, c] = base.loc[items, c].to_numpy()
            for (loc, hoc), v in self._hoc_rows(kind).items():
                out.loc[loc, hoc] = v
        else:
            top = getattr(PLSResult, kind).fget(self)
            out = pd.DataFrame(0.0, index=list(top.index) + loc_items, columns=list(top.columns) + locs)
            out.loc[top.index, top.columns] = top.to_numpy()
        for c in locs:
            items = list(self.spec.block(c).items)
            out.loc[items, c] = first.loc[items, c].to_numpy()
        return out

    @property
    def weights(self) -> pd.DataFrame:
        """Outer weights of every construct: structural constructs (HOCs on their LOCs), then the LOCs."""
        return self._combined("weights")

    @property
    def loadings(self) -> pd.DataFrame:
        """Outer loadings of every construct (PLSc loadings where corrected), laid out as :attr:`weights`."""
        return self._combined("loadings")

    @property
    def rho_a(self) -> pd.Series:
        own = PLSResult.rho_a.fget(self)[list(self.structural_constructs)]
        locs = PLSResult.rho_a.fget(self._first())[list(self.lower_order)]
        return pd.concat([own, locs]).rename("rhoA")

    @property
    def scores(self) -> pd.DataFrame:
        """Construct scores of the structural constructs, then of the LOCs (from stage 1)."""
        own = (self.moderation.scores if self.moderation is not None else PLSResult.scores.fget(self))
        own = own[list(self.structural_constructs)]
        locs = PLSResult.scores.fget(self._first())[list(self.lower_order)]
        return pd.concat([own, locs], axis=1)

    # -- resampling ----------------------------------------------------------
    def refit(self, rows: np.ndarray) -> "HOCResult":
        """Both stages re-estimated on the responses at positions ``rows`` (warm-started from this fit)."""
        if self.stage1 is None:
            fit = self.moderation.refit(rows) if self.moderation is not None else PLSResult.refit(self, rows)
            return HOCResult(fit.model, fit.layout, fit.data, fit.estimates, self.scheme, self.consistent, self.tol,
                             self.max_iter, [], None, self.higher_order, self.method, self.spec,
                             fit if self.moderation is not None else None)
        stage1 = self.stage1.refit(rows)
        return _second_stage(stage1, self.spec, self.model, self.method, self.scheme, self.consistent, self.tol,
                             self.max_iter, start=self.estimates.weights[0], notes=[])

    # -- output --------------------------------------------------------------
    def table(self) -> pd.DataFrame:
        """The higher-order measurement model: ``lhs op rhs weight loading`` (one row per HOC–LOC pair)."""
        w, lam = self.weights, self.loadings
        return pd.DataFrame([{"lhs": h.name, "op": h.op, "rhs": d, "weight": float(w.loc[d, h.name]),
                              "loading": float(lam.loc[d, h.name])}
                             for h in self.higher_order for d in h.dimensions],
                            columns=["lhs", "op", "rhs", "weight", "loading"])

    def to_dict(self) -> dict:
        """JSON-safe summary: method, HOC measurement, paths, R², weights, loadings, ρA, notes."""
        from ..messages import note_texts

        return jsonable({
            "method": self.method, "scheme": self.scheme, "consistent": bool(self.consistent), "n": self.n,
            "higher_order": {h.name: {"dimensions": list(h.dimensions), "mode": h.mode, "reflective": h.reflective}
                             for h in self.higher_order},
            "dropped": list(self.spec.dropped),
            "measurement": self.table().to_dict("records"),
            "paths": self.paths, "r2": self.r2, "weights": self.weights, "loadings": self.loadings,
            "rho_a": self.rho_a, "converged": self.converged and self._first().converged,
            "notes": [note_texts(n) for n in self.notes],
        })


def _second_stage(stage1: PLSResult, spec: HOCSpec, model2: PLSModel, method: str, scheme, consistent, tol,
                  max_iter, *, start=None, notes=None) -> HOCResult:
    locs = set(spec.lower)
    notes = list(notes or [])
    if model2.interactions:
        from .moderation import estimate_moderated

        prepared, _ = _stage2_data(stage1, model2, locs)
        frame = pd.DataFrame(prepared.raw, columns=_own_items(model2), index=prepared.rows)
        moderation = estimate_moderated(frame, model2, scheme=scheme, consistent=consistent, missing="mean",
                                        tol=tol, max_iter=max_iter)
        layout, est, model2 = moderation.layout, moderation.estimates, moderation.model
        prepared = _with_rows_of(moderation, stage1.data)
        notes += moderation.notes
        if any(q != 1.0 for q in _disattenuation(stage1, locs).values()):
            notes.append(_attenuated_note())
    else:
        moderation = None
        layout = Layout.of(model2)
        prepared, S = _stage2_data(stage1, model2, locs)
        est = engine.estimate(S, layout, scheme=scheme, consistent=consistent, tol=tol, max_iter=max_iter,
                              start=start)
        bad = [h.name for h in spec.higher if _not_proper(S, layout, h)]
        if bad:
            notes.append(_inadmissible_note(bad))
    if not est.converged[0]:
        notes.append(_not_converged("Stage 2", tol, max_iter))
    return HOCResult(model2, layout, prepared, est, scheme, consistent, tol, max_iter, notes, stage1,
                     spec.higher, method, spec, moderation)


def _not_proper(S, layout: Layout, h: HigherOrder) -> bool:
    idx = layout.block_index[layout.constructs.index(h.name)]
    return bool(np.linalg.eigvalsh(S[np.ix_(idx, idx)]).min() <= 1e-12)


# ----------------------------------------------------------------------------------
# the entry point
# ----------------------------------------------------------------------------------
def estimate_hoc(data: pd.DataFrame, model, higher_order: dict | None = None, *, method: str = "disjoint",
                 mode="A", reflective=None, scheme: str = "path", consistent=False, missing: str = "mean",
                 tol: float = engine.TOLERANCE, max_iter: int = engine.MAX_ITER) -> HOCResult:
    """Estimate a PLS path model with higher-order constructs.

    ``model``: lavaan syntax in which ``HOC =~ LOC1 + LOC2`` (reflective, Mode A) or ``HOC <~ LOC1 + LOC2``
    (composite, Mode B) defines a HOC on constructs, or a :class:`PLSModel` whose paths name the HOCs of
    ``higher_order``.  ``higher_order``: ``{HOC: [LOC, …]}`` for HOCs not written in the syntax, with
    ``mode`` (``"A"``, ``"B"``, ``"unit"``, or a dict per HOC) and ``reflective`` (default: Mode A HOCs).
    ``method``: ``"disjoint"`` (two-stage, disjoint; seminr's), ``"embedded"`` (two-stage on a
    repeated-indicators first stage) or ``"repeated"`` (repeated indicators, one stage).  ``scheme``,
    ``consistent`` (PLSc), ``missing``, ``tol``, ``max_iter`` as :func:`research.pls.estimate_pls`; both
    stages use them.  Matches seminr's ``higher_composite(method = two_stage)``; with ``consistent=True``
    returns the population values of cSEM's second-order DGPs (as cSEM's ``"2stage"`` is tested to).
    """
    if method not in METHODS:
        raise invalid_option("method", str(method)[:40], "Use method='disjoint' (two-stage, disjoint: seminr's), "
                             "'embedded' (two-stage on repeated indicators) or 'repeated' (repeated "
                             "indicators).", "请用 method='disjoint'（两阶段·分离式，seminr 的做法）、'embedded'"
                             "（两阶段·嵌入式，第一阶段为重复指标）或 'repeated'（重复指标法）。",
                             "請用 method='disjoint'（兩階段·分離式，seminr 的做法）、'embedded'"
                             "（兩階段·嵌入式，第一階段為重複指標）或 'repeated'（重複指標法）。")
    scheme = _check_scheme(scheme)
    spec = hoc_spec(model, higher_order, mode=mode, reflective=reflective)
    notes = [_dropped_note(spec.dropped)] if spec.dropped else []
    if consistent and spec.higher and method != "disjoint":
        notes.append(_repeated_plsc_note())
    items = list(dict.fromkeys(i for b in spec.blocks for i in b.items))
    single = method == "repeated" or not spec.higher     # one fit: repeated indicators, or no HOC left
    model1 = stage1_model(spec, "repeated" if single else method)
    base = prepare(data, items, missing)
    first = _stage1_data(base, items, model1)
    if single and model1.interactions:
        from .moderation import estimate_moderated

        frame = pd.DataFrame(first.raw, columns=_own_items(model1), index=first.rows)
        fit = estimate_moderated(frame, model1, scheme=scheme, consistent=consistent, missing="mean", tol=tol,
                                 max_iter=max_iter)
        return HOCResult(fit.model, fit.layout, _with_rows_of(fit, base), fit.estimates, scheme, consistent, tol,
                         max_iter, notes + fit.notes, None, spec.higher, method, spec, fit)
    stage1 = fit_prepared(first, model1, scheme=scheme, consistent=consistent, tol=tol, max_iter=max_iter)
    if single:
        return HOCResult(stage1.model, stage1.layout, stage1.data, stage1.estimates, scheme, consistent, tol,
                         max_iter, notes + stage1.notes, None, spec.higher, method, spec)
    for k, n in enumerate(stage1.notes):
        if not stage1.converged and n.texts["en"].startswith("The PLS algorithm did not converge"):
            stage1.notes[k] = _not_converged("Stage 1", tol, max_iter)
    return _second_stage(stage1, spec, stage2_model(spec), method, scheme, consistent, tol, max_iter,
                         notes=notes + stage1.notes)
