"""Direct, indirect and total effects of a fitted SEM, with delta-method standard errors.

>>> from research.sem import fit_sem
>>> from research.effects import effects
>>> res = fit_sem(model, data)
>>> effects(res)          # one row per effect, lavaan-style columns

The effects are read from the structural part of the fitted model: the
matrix B of regression coefficients (``~`` statements) among all variables,
latent or observed, with ``B[to, from]`` the coefficient of ``from`` in the
equation of ``to``.  Loadings (``=~``) are not structural paths here.
Following Bollen (1987, *Total, direct, and indirect effects in structural
equation models*, Sociological Methodology 17):

* direct effect of ``from`` on ``to``: ``B[to, from]``;
* specific indirect effect along a directed path ``from → m₁ → … → mₖ → to``
  (k ≥ 1): the product of the coefficients on it (``via`` = [m₁, …, mₖ]);
* total indirect effect: ``T − B`` (= the sum of the specific ones in a
  recursive model);
* total effect: ``T = (I − B)⁻¹ − I`` (= Σₖ Bᵏ).

One block of rows for every ordered pair (from, to) that is joined by at
least one directed path (a non-zero total effect), in the model's causal
order.  Paths fixed at 0 (``y ~ 0*x``) are no paths.

Standardised effects (``std``) are the same effects on lavaan's std.all
scale: ``est · sd(from) / sd(to)`` with the model-implied standard
deviations (for a fixed.x covariate its sample SD).  The product of the
std.all coefficients along a path gives the same number, so ``std`` equals
lavaan's ``standardizedSolution()`` of a defined parameter such as
``ind := a*b``.

Standard errors use the delta method (Sobel 1982): SE(f(θ̂)) =
√(∇f · ACOV(θ̂) · ∇fᵀ), with ACOV = ``result.vcov``.  The gradient of an
unstandardised effect is analytic (products along a path; ∂T/∂B_ij =
(I−B)⁻¹[:, i] (I−B)⁻¹[j, :] for totals); that of a standardised effect is
taken by central differences, as :mod:`research.sem.standardize` does for
the standardised solution.

Non-recursive models (feedback loops) have infinitely many paths: their
specific indirect effects are not listed, only direct, total indirect and
total effects; the total effects exist only when the spectral radius of B
is below 1 (Bentler & Freeman 1983), otherwise they are reported as NaN.

For bootstrap intervals use :func:`research.bootstrap.bootstrap`, which
evaluates the same :class:`EffectPlan` on every resample.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from .errors import OptionError

EFFECT_COLUMNS = ["from", "to", "via", "type", "est", "std", "se", "z", "pvalue", "ci.lower", "ci.upper",
                  "std.se", "std.ci.lower", "std.ci.upper"]
EFFECT_TYPES = ("direct", "indirect", "total_indirect", "total")
MAX_PATHS = 20_000


@dataclass(frozen=True)
class Effect:
    """One row of the effects table: what it is, not its value.

    ``type`` is ``direct``, ``indirect`` (one specific path, mediators in
    ``via``), ``total_indirect`` (sum over all paths with at least one
    mediator; ``via`` lists every mediator on any of them) or ``total``
    (``via`` as for total_indirect).  ``edges`` are the positions of B on a
    specific path, in order from → to.
    """

    source: str
    target: str
    via: tuple[str, ...]
    type: str
    edges: tuple[int, ...] = ()     # indices into EffectPlan.edges (specific paths and direct effects)

    @property
    def key(self) -> str:
        """A readable, unique name: ``ind60 -> dem60 -> dem65``, ``total: ind60 -> dem65``."""
        if self.type in ("direct", "indirect"):
            return " -> ".join((self.source,) + self.via + (self.target,))
        return f"{self.type}: {self.source} -> {self.target}"


class EffectPlan:
    """The structural part of a model, compiled once: nodes, edges and every effect to report.

    Built from a parameter table (:class:`research.sem.ParTable`) and the
    compiled :class:`research.sem.RamModel`; evaluated at any θ
    (:meth:`values`, :meth:`std_values`, :meth:`gradient`), which is what a
    bootstrap needs.  ``unit_variance``: variables whose variance is 1 by the
    model's definition, whatever θ — the latent responses of ordered items
    under the delta parameterization (:func:`plan_of` sets them) — for the
    standardized effects.
    """

    def __init__(self, model, unit_variance=()):
        pt = model.partable
        self.model = model
        self.q = pt.npar
        # -- edges of B (one per '~' row that is free or fixed non-zero) --------------
        nodes_used: list[str] = []
        raw_edges: list[tuple[str, str, int, float]] = []
        for r in pt.rows:
            if r.op != "~":
                continue
            if not r.free and (r.value is None or r.value == 0.0):
                continue
            raw_edges.append((r.lhs, r.rhs, r.free - 1 if r.free else -1, 0.0 if r.free else float(r.value)))
            for v in (r.rhs, r.lhs):
                if v not in nodes_used:
                    nodes_used.append(v)
        order = [v for v in model.names if v in nodes_used]
        self.nodes: tuple[str, ...] = tuple(order)
        self.node_index = {v: i for i, v in enumerate(order)}
        self.var_index = np.array([model.index[v] for v in order], dtype=int)   # position in the RAM matrices
        self.unit_nodes = np.array([self.node_index[v] for v in unit_variance if v in self.node_index], dtype=int)
        m = len(order)
        self.edges = tuple((self.node_index[to], self.node_index[fr], k, val) for to, fr, k, val in raw_edges)
        self.edge_to = np.array([e[0] for e in self.edges], dtype=int)
        self.edge_from = np.array([e[1] for e in self.edges], dtype=int)
        self.edge_par = np.array([e[2] for e in self.edges], dtype=int)
        self.edge_fixed = np.array([e[3] for e in self.edges], dtype=float)
        self.m = m
        children: dict[int, list[int]] = {i: [] for i in range(m)}     # node -> edge indices leaving it
        for k, (to, fr, _, _) in enumerate(self.edges):
            children[fr].append(k)
        self._children = children
        self.order, self.acyclic = _topological(m, self.edges)
        reach = _reachability(m, self.edges)
        self.effects: tuple[Effect, ...] = tuple(self._enumerate(reach))

    # -- enumeration -----------------------------------------------------------------
    def _enumerate(self, reach: np.ndarray) -> list[Effect]:
        names = self.nodes
        rank = {node: r for r, node in enumerate(self.order)}
        direct = {(e[1], e[0]): k for k, e in enumerate(self.edges)}
        out: list[Effect] = []
        pairs = [(f, t) for f in range(self.m) for t in range(self.m) if f != t and reach[f, t]]
        pairs.sort(key=lambda ft: (rank[ft[0]], rank[ft[1]]))
        n_paths = 0
        for f, t in pairs:
            src, dst = names[f], names[t]
            block: list[Effect] = []
            if (f, t) in direct:
                block.append(Effect(src, dst, (), "direct", (direct[(f, t)],)))
            mediators: list[int] = []
            if self.acyclic:
                paths = [p for p in self._paths(f, t, reach, MAX_PATHS - n_paths + 1) if len(p) >= 2]
                n_paths += len(paths)
                if n_paths > MAX_PATHS:
                    raise OptionError("option_invalid", option="model", detail=f"> {MAX_PATHS} paths",
                                      fix_en="The structural model has too many indirect paths to list one by one; "
                                             "simplify it or ask for total effects only.",
                                      fix_zh="结构模型的间接路径过多，无法逐条列出；请简化模型或只看总效应。",
                                      fix_zh_hant="結構模型的間接路徑過多，無法逐條列出；請簡化模型或只看總效果。")
                paths.sort(key=lambda p: (len(p), [rank[self.edges[k][0]] for k in p]))
                for p in paths:
                    via = tuple(names[self.edges[k][0]] for k in p[:-1])
                    block.append(Effect(src, dst, via, "indirect", tuple(p)))
                    for k in p[:-1]:
                        if self.edges[k][0] not in mediators:
                            mediators.append(self.edges[k][0])
            else:
                # mediators: nodes on some walk from f to t; the loop itself may be the indirect part
                mediators = [v for v in range(self.m) if v not in (f, t) and reach[f, v] and reach[v, t]]
            walk2 = bool(np.any(reach[f, :] & reach[:, t]))        # a walk of length ≥ 2 from f to t
            mediators.sort(key=lambda v: rank[v])
            via_all = tuple(names[v] for v in mediators)
            if walk2:
                block.append(Effect(src, dst, via_all, "total_indirect"))
            block.append(Effect(src, dst, via_all, "total"))
            out.extend(block)
        return out

    def _paths(self, f: int, t: int, reach: np.ndarray, limit: int) -> list[list[int]]:
        """Directed paths f → t as lists of edge indices (depth-first, DAG only; stops after ``limit``)."""
        out: list[list[int]] = []
        stack: list[tuple[int, list[int]]] = [(f, [])]
        while stack and len(out) <= limit:
            node, path = stack.pop()
            for k in self._children[node]:
                nxt = self.edges[k][0]
                if nxt == t:
                    out.append(path + [k])
                elif reach[nxt, t]:
                    stack.append((nxt, path + [k]))
        return out

    # -- evaluation ------------------------------------------------------------------
    def edge_values(self, theta: np.ndarray) -> np.ndarray:
        vals = self.edge_fixed.copy()
        free = self.edge_par >= 0
        vals[free] = np.asarray(theta, dtype=float)[self.edge_par[free]]
        return vals

    def B(self, theta: np.ndarray) -> np.ndarray:
        """The m × m matrix of structural coefficients (rows: outcomes) at θ, nodes in :attr:`nodes` order."""
        B = np.zeros((self.m, self.m))
        B[self.edge_to, self.edge_from] = self.edge_values(theta)
        return B

    def _total(self, B: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(M = (I − B)⁻¹, T = M − I); NaN when the total effects do not exist (non-recursive, ρ(B) ≥ 1)."""
        eye = np.eye(self.m)
        if not self.acyclic:
            rho = np.max(np.abs(np.linalg.eigvals(B))) if self.m else 0.0
            if not rho < 1.0:
                nan = np.full((self.m, self.m), np.nan)
                return nan, nan
        try:
            M = np.linalg.inv(eye - B)
        except np.linalg.LinAlgError:
            nan = np.full((self.m, self.m), np.nan)
            return nan, nan
        return M, M - eye

    def values(self, theta: np.ndarray) -> np.ndarray:
        """Unstandardised value of every effect at θ (order of :attr:`effects`)."""
        ev = self.edge_values(theta)
        B = np.zeros((self.m, self.m))
        B[self.edge_to, self.edge_from] = ev
        _, T = self._total(B)
        out = np.empty(len(self.effects))
        for i, e in enumerate(self.effects):
            f, t = self.node_index[e.source], self.node_index[e.target]
            if e.type == "direct":
                out[i] = ev[e.edges[0]]
            elif e.type == "indirect":
                out[i] = float(np.prod(ev[list(e.edges)]))
            elif e.type == "total_indirect":
                out[i] = T[t, f] - B[t, f]
            else:
                out[i] = T[t, f]
        return out

    def scale(self, theta: np.ndarray, S: np.ndarray | None) -> np.ndarray:
        """sd(from) / sd(to) for every effect, model-implied SDs (NaN for a non-positive variance)."""
        V = self.model.total_cov(theta, S)
        var = np.diag(V)[self.var_index].copy()
        var[self.unit_nodes] = 1.0
        with np.errstate(invalid="ignore", divide="ignore"):
            sd = np.where(var > 0, np.sqrt(np.abs(var)), np.nan)
        out = np.empty(len(self.effects))
        for i, e in enumerate(self.effects):
            out[i] = sd[self.node_index[e.source]] / sd[self.node_index[e.target]]
        return out

    def std_values(self, theta: np.ndarray, S: np.ndarray | None) -> np.ndarray:
        """Standardised (std.all) value of every effect at θ."""
        return self.values(theta) * self.scale(theta, S)

    def gradient(self, theta: np.ndarray) -> np.ndarray:
        """∂ effect / ∂θ for every effect (rows) — analytic."""
        q = self.q
        ev = self.edge_values(theta)
        B = np.zeros((self.m, self.m))
        B[self.edge_to, self.edge_from] = ev
        M, _ = self._total(B)
        G = np.zeros((len(self.effects), q))
        free_edges = np.flatnonzero(self.edge_par >= 0)
        for i, e in enumerate(self.effects):
            f, t = self.node_index[e.source], self.node_index[e.target]
            if e.type in ("direct", "indirect"):
                vals = ev[list(e.edges)]
                for pos, k in enumerate(e.edges):
                    par = self.edge_par[k]
                    if par >= 0:
                        G[i, par] += float(np.prod(np.delete(vals, pos)))
                continue
            # total: ∂T[t, f]/∂B[i, j] = M[t, i] M[j, f]; total indirect = total − direct
            g = np.zeros(q)
            for k in free_edges:
                g[self.edge_par[k]] += M[t, self.edge_to[k]] * M[self.edge_from[k], f]
                if e.type == "total_indirect" and self.edge_to[k] == t and self.edge_from[k] == f:
                    g[self.edge_par[k]] -= 1.0
            G[i] = g
        return G

    def std_gradient(self, theta: np.ndarray, S: np.ndarray | None) -> np.ndarray:
        """∂ std / ∂θ by central differences (step 1e-6 · max(1, |θ_k|))."""
        theta = np.asarray(theta, dtype=float)
        J = np.zeros((len(self.effects), theta.size))
        for k in range(theta.size):
            h = 1e-6 * max(1.0, abs(theta[k]))
            up, dn = theta.copy(), theta.copy()
            up[k] += h
            dn[k] -= h
            J[:, k] = (self.std_values(up, S) - self.std_values(dn, S)) / (2 * h)
        return J

    def frame(self) -> pd.DataFrame:
        """from, to, via, type of every effect (no values)."""
        return pd.DataFrame({"from": [e.source for e in self.effects], "to": [e.target for e in self.effects],
                             "via": [list(e.via) for e in self.effects], "type": [e.type for e in self.effects]})


def _topological(m: int, edges) -> tuple[list[int], bool]:
    """Kahn's order of the nodes (ties in model order) and whether the graph is acyclic."""
    indeg = [0] * m
    out: dict[int, list[int]] = {i: [] for i in range(m)}
    for to, fr, _, _ in edges:
        indeg[to] += 1
        out[fr].append(to)
    ready = [i for i in range(m) if indeg[i] == 0]
    order: list[int] = []
    while ready:
        ready.sort()
        v = ready.pop(0)
        order.append(v)
        for w in out[v]:
            indeg[w] -= 1
            if indeg[w] == 0:
                ready.append(w)
    if len(order) < m:
        order += [i for i in range(m) if i not in order]
        return order, False
    return order, True


def _reachability(m: int, edges) -> np.ndarray:
    """reach[f, t]: a directed path of length ≥ 1 leads from f to t (transitive closure)."""
    R = np.zeros((m, m), dtype=bool)
    for to, fr, _, _ in edges:
        R[fr, to] = True
    for k in range(m):
        R |= R[:, [k]] & R[[k], :]
    return R


def _check_level(level) -> float:
    if isinstance(level, bool) or not isinstance(level, (int, float, np.floating)) or not 0 < float(level) < 1:
        raise OptionError("option_invalid", option="level", detail=f"{level!r}",
                          fix_en="Give the confidence level as a number between 0 and 1, e.g. 0.95.",
                          fix_zh="请以 0 到 1 之间的数字给出置信水平，例如 0.95。",
                          fix_zh_hant="請以 0 到 1 之間的數字給出信賴水準，例如 0.95。")
    return float(level)


def plan_of(result) -> EffectPlan:
    """The :class:`EffectPlan` of a fit.  For a fit with ordered items (WLSMV/ULSMV, ``result.wls_model``) it is
    that of the covariance part (whose θ is ``result.theta[wls_model.core_to_global]``); under the delta
    parameterization each ordered item's latent response has variance 1 (lavaan's std.all divides by that 1),
    under theta its model-implied variance."""
    wm = getattr(result, "wls_model", None)
    if wm is None or wm.theta_param:
        return EffectPlan(result.model)
    return EffectPlan(result.model, unit_variance=[wm.partable.ov_names[i] for i in wm.ord_idx])


def effects(result, *, level: float = 0.95, types=None, standardized: bool = True) -> pd.DataFrame:
    """Direct, specific and total indirect, and total effects of a fitted model (:class:`SemResult`).

    Columns: ``from``, ``to``, ``via`` (list of mediators), ``type``
    (``direct`` / ``indirect`` / ``total_indirect`` / ``total``), ``est``
    (unstandardised), ``std`` (std.all), ``se`` (delta method), ``z``,
    ``pvalue`` (two-sided, normal), ``ci.lower``/``ci.upper`` (Wald CI at
    ``level``), and ``std.se``, ``std.ci.lower``, ``std.ci.upper`` (delta
    method on the standardised effect).  ``types`` keeps only some types.
    A model without regressions gives an empty table.  For a fit with ordered
    items (WLSMV/ULSMV) the SEs come from its robust covariance matrix and the
    standardized effects are on the latent-response scale (:func:`plan_of`),
    lavaan's std.all of a ``:=`` product.
    """
    level = _check_level(level)
    if types is not None:
        types = [types] if isinstance(types, str) else list(types)
        bad = [t for t in types if t not in EFFECT_TYPES]
        if bad:
            raise OptionError("option_invalid", option="types", detail=", ".join(f'"{b}"' for b in bad),
                              fix_en="Use some of: " + ", ".join(EFFECT_TYPES) + ".",
                              fix_zh="请使用以下类型：" + "、".join(EFFECT_TYPES) + "。",
                              fix_zh_hant="請使用以下類型：" + "、".join(EFFECT_TYPES) + "。")
    plan = plan_of(result)
    wm = getattr(result, "wls_model", None)
    if wm is None:
        theta, vcov, S = result.theta, result.vcov, result.sample_cov.to_numpy()
    else:       # ordered items (WLSMV): the covariance part's parameters; the robust ACOV; Σ* (polychoric)
        cg = wm.core_to_global
        theta, vcov, S = result.theta[cg], result.vcov[np.ix_(cg, cg)], np.asarray(result.implied(), dtype=float)
    table = effects_table(plan, theta, vcov, S, level=level, standardized=standardized)
    if types is not None:
        table = table[table["type"].isin(types)].reset_index(drop=True)
    return table


def effects_table(plan: EffectPlan, theta: np.ndarray, vcov: np.ndarray, S: np.ndarray | None, *,
                  level: float = 0.95, standardized: bool = True) -> pd.DataFrame:
    """The effects table for a compiled plan at θ with covariance matrix ``vcov`` of θ̂."""
    zc = float(stats.norm.ppf(0.5 + level / 2))
    frame = plan.frame()
    if not plan.effects:
        return pd.DataFrame(columns=EFFECT_COLUMNS)
    est = plan.values(theta)
    G = plan.gradient(theta)
    q = plan.q
    se = np.sqrt(np.clip(np.einsum("ij,jk,ik->i", G, vcov, G), 0, None)) if q else np.zeros(len(est))
    with np.errstate(invalid="ignore", divide="ignore"):
        z = np.where(se > 1e-12 * np.maximum(1.0, np.abs(est)), est / np.where(se > 0, se, 1.0), np.nan)
    p = np.where(np.isfinite(z), 2 * stats.norm.sf(np.abs(z)), np.nan)
    frame["est"] = est
    if standardized:
        std = plan.std_values(theta, S)
        J = plan.std_gradient(theta, S) if q else np.zeros((len(est), 0))
        std_se = np.sqrt(np.clip(np.einsum("ij,jk,ik->i", J, vcov, J), 0, None)) if q else np.zeros(len(est))
    else:
        std = std_se = np.full(len(est), np.nan)
    frame["std"] = std
    frame["se"] = se
    frame["z"] = z
    frame["pvalue"] = p
    frame["ci.lower"] = est - zc * se
    frame["ci.upper"] = est + zc * se
    frame["std.se"] = std_se
    frame["std.ci.lower"] = std - zc * std_se
    frame["std.ci.upper"] = std + zc * std_se
    return frame[EFFECT_COLUMNS]


def effect_keys(table: pd.DataFrame) -> list[str]:
    """Readable unique names of the rows of an effects table (see :attr:`Effect.key`)."""
    out = []
    for r in table.itertuples(index=False):
        src, dst, via, typ = r[0], r[1], r[2], r[3]
        if typ in ("direct", "indirect"):
            out.append(" -> ".join([src, *via, dst]))
        else:
            out.append(f"{typ}: {src} -> {dst}")
    return out


__all__ = ["effects", "effects_table", "EffectPlan", "Effect", "EFFECT_COLUMNS", "EFFECT_TYPES", "effect_keys"]

