"""Multi-group CFA/SEM with ordered indicators (WLSMV/ULSMV) and invariance of thresholds, loadings and
intercepts (Wu & Estabrook 2016): lavaan 0.6-14's numbers.

>>> res = fit_wls_multigroup(model, data, "GENDER", group_equal=("thresholds", "loadings"))
>>> res.fit["chisq.scaled"], res.test["scaled.shifted"]["stat"], res.parameters
>>> lrt_wls(restricted, free)                       # lavTestLRT's scaled difference (satorra.2000)
>>> ordinal_invariance(model, data, "GENDER")       # configural → thresholds → loadings → intercepts

The joint fit (lavaan ``sem(model, data, group = , ordered = , estimator = "WLSMV", group.equal = )``):

* every group has its own sample statistics (:func:`research.sem.ordinal_stats.ordinal_sample_stats`
  with ``group=``: thresholds, polychoric correlations, Γ_g and the DWLS weights W_g = 1/diag Γ_g);
* θ holds every group's parameters, a parameter held equal across groups once;
* the model of group g: y* = ν + Λη + ε; the implied statistics are the thresholds s_i (τ_ik − μ_i)
  with μ = ν + Λα (+ structural paths) and the correlations s_i s_j Σ_ij, where s_i is the scale factor
  (``~*~``): a parameter under the delta parameterization (fixed at 1 unless freed, the residual
  variance of y*_i then being 1/s_i² − explained variance), 1/√Σ_ii under theta (residual variances
  parameters, fixed at 1 unless freed);
* DWLS: lavaan's objective (``lav_model_objective``) is the N_g-weighted mean of
  ½ (N_g − 1)/N_g · F_g, F_g = (s_g − σ_g)ᵀ W_g (s_g − σ_g), so θ̂ minimises Σ_g (N_g − 1) F_g; the test
  statistic is T = Σ_g T_g, T_g = (N_g − 1) F_g (``lav_model_test``: 2 N_g fx_g);
* robust SEs (``lav_model_nvcov_robust_sem``, f_g = N_g/N): E = Σ_g f_g Δ_gᵀ W_g Δ_g,
  ACOV = E⁻¹ (Σ_g f_g Δ_gᵀ W_g Γ_g W_g Δ_g) E⁻¹ / (N − G);
* the scaled-and-shifted test (Asparouhov & Muthén 2010; ``lav_test_satorra_bentler``): with
  V = ⊕ f_g W_g, Γ = ⊕ Γ_g/f_g and Δ stacked, U = V − VΔE⁻¹ΔᵀV; a = √(df/tr((UΓ)²)),
  shift = df − a·tr(UΓ), T_ss = a·T + shift (per group a·T_g + f_g·shift);
* the baseline has every group's thresholds free and its correlations 0 (no equalities across groups);
* fit measures as ``fitMeasures``: RMSEA = √G·√max(0, T/(N'·df) − 1/N') with N' = N − G; SRMR and the
  other residual summaries the N_g/N-weighted mean of the groups'; the cat-ML ``.robust`` CFI/TLI/RMSEA
  (Savalei 2021, ``lav_fit_catml_dwls``) only without equalities across groups — lavaan 0.6-14 cannot refit
  such a model by cat-ML and reports NA, and so does this module.

Identification (``identification=``):

* ``"lavaan"``: lavaan's own ``group.equal``: marker indicators (or ``std_lv=True``); ``"thresholds"``
  implies ``"intercepts"`` for ordered data (lavaan 0.6-14 adds it silently); with equal thresholds the
  scale factors (delta) or the residual variances of y* (theta) are free in groups 2…G; with equal
  intercepts the latent means are free there.
* ``"wu.estabrook.2016"``: the syntax ``semTools::measEq.syntax(ID.fac = "std.lv", ID.cat =
  "Wu.Estabrook.2016")`` writes: factor variances 1 and all loadings free; with equal thresholds the scale
  factors / residual variances *and* the intercepts ν of the y* are free in groups 2…G; with equal loadings
  the factor variances, with equal intercepts (ν then 0 everywhere) the latent means.

Comparing nested fits (:func:`lrt_wls`) is lavaan's ``lavTestLRT`` default for WLSMV: ``method =
"satorra.2000"``, ``scaled.shifted = TRUE``, ``A.method = "delta"`` (``lav_test_diff_Satorra2000``, Satorra
2000): with the less restricted fit m1 (P = its information, Π its Δ), A spanning the orthogonal
complement of H = Δ₁⁺Δ₀, M = P⁻¹Aᵀ(AP⁻¹Aᵀ)⁻AP⁻¹, U = ⊕W_g Π M Πᵀ ⊕W_g, Γ = ⊕ f_g Γ_g:
tr₁ = Σ_g f_g tr(W_g Γ_g W_g Π_g M Π_gᵀ), tr₂ = tr((UΓ)²); a = √(m/tr₂), b = m − a·tr₁ and
T_d = a (T₀ − T₁) + b on m = df₀ − df₁ degrees of freedom (T the standard statistics).

Not handled (refused in three languages): continuous indicators, ``group_equal`` of residual
variances, the user's ``==``/``<``/``>`` constraints and ``:=`` parameters, observed exogenous covariates.
The standardized columns have no standard errors (lavaan's standardizedSolution is not reproduced).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Sequence

import numpy as np
import pandas as pd
from scipy import linalg
from scipy import stats as sps

from ..errors import invalid_data, invalid_option
from ..jsonsafe import jsonable
from . import diagnostics as diag
from .fit import Z975
from .multigroup import DECISION_TEXT, InvarianceSteps
from .multigroup import _category as _ml_category
from .partable import ParRow, build_partable
from .ram import RamModel
from .standardize import standardize
from .syntax import ModelSpec, parse_model
from .wls import (NAN, WlsStats, _condition, _least_squares, _not_converged, check_options, offdiag_indices,
                  ordinal_partable, residual_summaries, scaled_shifted, wls_fit_indices)

GROUP_EQUAL = ("thresholds", "loadings", "intercepts", "means", "regressions", "lv.variances", "lv.covariances",
               "residual.covariances")
IDENTIFICATIONS = ("lavaan", "wu.estabrook.2016")
STEPS = ("configural", "thresholds", "loadings", "intercepts")
STEP_EQUAL = {"configural": (), "thresholds": ("thresholds",), "loadings": ("thresholds", "loadings"),
              "intercepts": ("thresholds", "loadings", "intercepts")}
ALPHA = 0.05


# ----------------------------------------------------------------------------------------------
# the parameter table of all groups
# ----------------------------------------------------------------------------------------------
@dataclass
class _Row:
    group: int
    lhs: str
    op: str
    rhs: str
    label: str
    free: bool
    value: float | None
    cls: str | None
    local: object = None          # which rows of one group share a parameter (before the equalities)
    index: int = -1               # global free parameter (0-based), -1 when fixed


def _category(r, ov: set, ordered: set) -> str | None:
    """The ``group.equal`` class of a row: thresholds, or as :func:`research.sem.multigroup._category`."""
    return "thresholds" if r.op == "|" else _ml_category(r, ov)


def _check_equal(group_equal) -> tuple:
    if isinstance(group_equal, str):
        group_equal = (group_equal,)
    eq = tuple(str(x) for x in (group_equal or ()))
    bad = [x for x in eq if x not in GROUP_EQUAL]
    if bad:
        names = ", ".join(bad)
        allowed = ", ".join(GROUP_EQUAL)
        raise invalid_option("group_equal", names,
                             f"With ordered indicators, group_equal takes: {allowed} (equal residual variances are "
                             f"not available).",
                             f"有序指标时 group_equal 可取：{allowed}（暂不支持残差方差相等）。",
                             f"有序指標時 group_equal 可取：{allowed}（暫不支援殘差變異數相等）。")
    return eq


def _user_fixed(spec: ModelSpec, g: int, ngroups: int) -> set:
    """Keys (lhs, op, rhs) the user fixed with a number in group g."""
    out = set()
    for s in spec.statements:
        s2 = s.for_group(g, ngroups)
        if s2.fixed is not None:
            out.add((s2.lhs, s2.op, s2.rhs))
    return out


def _group_rows(spec: ModelSpec, stats: list, eq: set, parameterization: str, identification: str,
                std_lv: bool) -> tuple[list, list]:
    """Every group's rows (lavaan's order) with the identification of the groups 2…G and the equalities;
    returns (rows per group, per-group ParTable templates)."""
    G = len(stats)
    out, templates = [], []
    for g, st in enumerate(stats):
        pt = ordinal_partable(spec, st, parameterization)
        ov, ordered, lv = set(pt.ov_names), set(st.ordered), set(pt.lv_names)
        ufix = _user_fixed(spec, g, G)
        rows = []
        marker_done = set()
        for k, r in enumerate(pt.rows):
            row = _Row(g, r.lhs, r.op, r.rhs, r.label, bool(r.free), None if r.free else r.value,
                       _category(r, ov, ordered), local=("p", r.free) if r.free else None)
            if std_lv:
                if r.op == "=~" and r.lhs not in marker_done and not r.free and (r.lhs, r.op, r.rhs) not in ufix:
                    marker_done.add(r.lhs)
                    row.free, row.value, row.local = True, None, ("row", k)
                elif r.op == "=~":
                    marker_done.add(r.lhs)
                if r.op == "~~" and r.lhs == r.rhs and r.lhs in lv and not r.user:
                    row.free, row.value, row.local = False, 1.0, None
                    row.cls = "lv.variances.std"
            rows.append(row)
        if g > 0:
            for k, row in enumerate(rows):
                if "thresholds" in eq:
                    if parameterization == "delta" and row.op == "~*~":
                        row.free, row.value, row.local = True, None, ("row", k)
                    if (parameterization == "theta" and row.op == "~~" and row.lhs == row.rhs
                            and row.lhs in ordered):
                        row.free, row.value, row.local = True, None, ("row", k)
                    if (identification == "wu.estabrook.2016" and "intercepts" not in eq and row.op == "~1"
                            and row.lhs in ordered):
                        row.free, row.value, row.local = True, None, ("row", k)
                if row.op == "~1" and row.lhs in lv and "intercepts" in eq and "means" not in eq:
                    row.free, row.value, row.local = True, None, ("row", k)
                if row.cls == "lv.variances.std" and "loadings" in eq and "lv.variances" not in eq:
                    row.free, row.value, row.local = True, None, ("row", k)
        for row in rows:
            if row.cls == "lv.variances.std":
                row.cls = "lv.variances"
        out.append(rows)
        templates.append(pt)
    # global numbering: a label is one parameter in every group (lavaan recycles a label over the
    # groups); a class in group_equal is one parameter per (lhs, op, rhs); the rest per group
    index: dict = {}
    for rows in out:
        for row in rows:
            if not row.free:
                continue
            if row.label:
                key = ("label", row.label)
            elif row.cls in eq:
                key = ("eq", row.lhs, row.op, row.rhs)
            else:
                key = ("g", row.group, row.local)
            if key not in index:
                index[key] = len(index)
            row.index = index[key]
    return out, templates


class _GroupModel:
    """σ_g(θ) and Δ_g = ∂σ_g/∂θᵀ of one group (θ the global parameter vector)."""

    def __init__(self, rows: list, template, stats: WlsStats, q: int, theta_param: bool):
        self.rows = rows
        self.stats = stats
        self.q = q
        self.theta_param = theta_param
        core = [r for r in rows if r.op not in ("|", "~*~")]
        glob = sorted({r.index for r in core if r.free})
        self.core_to_global = np.array(glob, dtype=int)
        cmap = {g: i + 1 for i, g in enumerate(glob)}
        prow = tuple(ParRow(lhs=r.lhs, op=r.op, rhs=r.rhs, label=r.label, free=cmap[r.index] if r.free else 0,
                            value=None if r.free else r.value, user=False) for r in core)
        self.core = replace(template, rows=prow, meanstructure=True)
        self.ram = RamModel(self.core)
        self.ov_names = tuple(template.ov_names)
        p = self.p = len(self.ov_names)
        pos = {v: i for i, v in enumerate(self.ov_names)}
        # scale factors (delta): global index or -1 (fixed) with the fixed value
        self.sc_idx = np.full(p, -1, dtype=int)
        self.sc_val = np.ones(p)
        th_var, th_idx, th_val = [], [], []
        for r in rows:
            if r.op == "~*~":
                i = pos[r.lhs]
                if r.free:
                    self.sc_idx[i] = r.index
                else:
                    self.sc_val[i] = r.value if r.value is not None else 1.0
            elif r.op == "|":
                th_var.append(pos[r.lhs])
                th_idx.append(r.index if r.free else -1)
                th_val.append(np.nan if r.free else r.value)
        self.th_var = np.array(th_var, dtype=int)
        self.th_idx = np.array(th_idx, dtype=int)
        self.th_val = np.array(th_val, dtype=float)
        self.r_off, self.c_off = offdiag_indices(p)
        vc, vr = np.triu_indices(p)
        vech_pos = {(int(a), int(b)): k for k, (a, b) in enumerate(zip(vr, vc))}
        self.vech_off = np.array([vech_pos[(int(a), int(b))] for a, b in zip(self.r_off, self.c_off)], dtype=int)
        self.vech_diag = np.array([vech_pos[(i, i)] for i in range(p)], dtype=int)
        self.n_obs = len(self.th_var) + len(self.r_off)

    def _parts(self, theta):
        ct = np.asarray(theta, dtype=float)[self.core_to_global]
        S0 = self.ram.implied_cov(ct)
        mu = self.ram.total_mean(ct)[: self.p]
        if self.theta_param:
            s = 1.0 / np.sqrt(np.diag(S0))
        else:
            s = self.sc_val.copy()
            free = self.sc_idx >= 0
            s[free] = np.asarray(theta, dtype=float)[self.sc_idx[free]]
        tau = self.th_val.copy()
        free = self.th_idx >= 0
        tau[free] = np.asarray(theta, dtype=float)[self.th_idx[free]]
        return ct, S0, mu, s, tau

    def implied(self, theta) -> np.ndarray:
        _, S0, mu, s, tau = self._parts(theta)
        first = s[self.th_var] * (tau - mu[self.th_var])
        off = (S0 * np.outer(s, s))[self.r_off, self.c_off]
        return np.concatenate([first, off])

    def jacobian(self, theta) -> np.ndarray:
        ct, S0, mu, s, tau = self._parts(theta)
        cols = self.core_to_global
        p, q = self.p, self.q
        dS = np.zeros((len(self.vech_diag) + len(self.vech_off), q))
        dS_core = self.ram.moments_jacobian(ct, meanstructure=False)
        dS[:, cols] = dS_core
        dmu = np.zeros((p, q))
        dmu[:, cols] = self.ram.mean_jacobian(ct)
        ds = np.zeros((p, q))
        if self.theta_param:
            ds = -0.5 * (s / np.diag(S0))[:, None] * dS[self.vech_diag]
        else:
            free = np.flatnonzero(self.sc_idx >= 0)
            ds[free, self.sc_idx[free]] = 1.0
        nt = len(self.th_var)
        D = np.zeros((self.n_obs, q))
        iv = self.th_var
        D[:nt] = -s[iv][:, None] * dmu[iv] + (tau - mu[iv])[:, None] * ds[iv]
        free = np.flatnonzero(self.th_idx >= 0)
        D[free, self.th_idx[free]] += s[iv[free]]
        r, c = self.r_off, self.c_off
        Sij = S0[r, c][:, None]
        D[nt:] = (s[r] * s[c])[:, None] * dS[self.vech_off] + Sij * (s[c][:, None] * ds[r] + s[r][:, None] * ds[c])
        return D

    def values(self, theta) -> dict:
        """Estimates of the fixed rows lavaan fills in: delta — the ordered residual variances
        1/s² − explained; theta — the scale factors 1/sd(y*)."""
        _, S0, _, s, _ = self._parts(theta)
        out = {}
        for i, v in enumerate(self.ov_names):
            if self.theta_param:
                out[(v, "~*~", v)] = float(s[i])
            else:
                out[(v, "~~", v)] = float(1.0 / s[i] ** 2 - S0[i, i])
        return out

    def standardized(self, theta) -> dict:
        """(std.lv, std.all) of every row as lavaan's: the covariance part standardized
        (:func:`research.sem.standardize.standardize`) with the delta residual variances filled in, so that
        Var(y*_i) = 1/s_i²; a threshold τ has std.lv τ and std.all τ·s_i; a scale factor std.all 1."""
        ct, S0, _, s, tau = self._parts(theta)
        rows = self.core.rows
        if not self.theta_param:
            fill = {v: 1.0 / s[i] ** 2 - S0[i, i] for i, v in enumerate(self.ov_names)}
            rows = tuple(replace(r, value=float(fill[r.lhs])) if (r.op == "~~" and r.lhs == r.rhs and not r.free
                                                                  and r.lhs in fill) else r for r in rows)
        ram = RamModel(replace(self.core, rows=rows))
        lv, al = standardize(ram, ct, None)
        out = {(r.lhs, r.op, r.rhs): (float(a), float(b)) for r, a, b in zip(rows, lv, al)}
        pos = {v: i for i, v in enumerate(self.ov_names)}
        k = 0
        for r in self.rows:
            if r.op == "|":
                out[(r.lhs, r.op, r.rhs)] = (float(tau[k]), float(tau[k] * s[pos[r.lhs]]))
                k += 1
            elif r.op == "~*~":
                out[(r.lhs, r.op, r.rhs)] = (float(s[pos[r.lhs]]), 1.0)
        return out

    def implied_matrix(self, theta) -> np.ndarray:
        _, S0, _, s, _ = self._parts(theta)
        Sig = S0 * np.outer(s, s)
        np.fill_diagonal(Sig, 1.0)
        return Sig


class _Stacked:
    """All groups' statistics stacked (for :func:`research.sem.wls._least_squares`)."""

    def __init__(self, models: list):
        self.models = models
        self.cuts = np.cumsum([0] + [m.n_obs for m in models])

    def implied(self, theta):
        return np.concatenate([m.implied(theta) for m in self.models])

    def jacobian(self, theta):
        return np.vstack([m.jacobian(theta) for m in self.models])


# ----------------------------------------------------------------------------------------------
# the result
# ----------------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class WlsMultiGroupResult:
    """A joint DWLS/ULS fit of several groups with ordered indicators.

    ``parameters``: lavaan's ``parameterEstimates`` rows of every group (``group`` 1…G, ``group_label`` the
    group's value, ``free`` the 1-based parameter number, shared by rows held equal; ``std.lv``, ``std.all``);
    ``fit``: ``fitMeasures`` names; ``test``: ``lavInspect(fit, "test")`` (``standard`` and, for
    WLSMV/ULSMV, ``scaled.shifted``, each with ``stat_group``); ``chisq_by_group``: the groups' T_g."""

    groups: tuple
    n: dict
    group_equal: tuple
    parameterization: str
    identification: str
    estimator: str
    fit: dict
    test: dict
    parameters: pd.DataFrame
    theta: np.ndarray = field(repr=False)
    vcov: np.ndarray = field(repr=False)
    converged: bool = True
    iterations: int = 0
    gradient_max: float = 0.0
    warnings: tuple = ()
    chisq_by_group: dict = field(default_factory=dict)
    missing: str = "listwise"
    model_groups: tuple = field(default=(), repr=False, compare=False)
    stats: tuple = field(default=(), repr=False, compare=False)
    rows: tuple = field(default=(), repr=False, compare=False)

    @property
    def df(self) -> int:
        return int(self.fit["df"])

    def to_dict(self) -> dict:
        return jsonable({
            "estimator": self.estimator, "parameterization": self.parameterization,
            "identification": self.identification, "missing": self.missing,
            "groups": [str(g) for g in self.groups], "n": {str(k): v for k, v in self.n.items()},
            "group_equal": list(self.group_equal), "fit": dict(self.fit),
            "test": {k: dict(v) for k, v in self.test.items()},
            "chisq_by_group": {str(k): v for k, v in self.chisq_by_group.items()},
            "converged": self.converged, "warnings": [w.to_dict() for w in self.warnings],
            "parameters": self.parameters.to_dict(orient="records"),
        })


# ----------------------------------------------------------------------------------------------
# fitting
# ----------------------------------------------------------------------------------------------
def _check(estimator, parameterization, identification):
    est_u = check_options(estimator, parameterization)
    if identification not in IDENTIFICATIONS:
        raise invalid_option("identification", f'"{identification}"',
                             'Use identification="lavaan" (lavaan\'s group.equal) or "wu.estabrook.2016" '
                             '(semTools::measEq.syntax with ID.cat = "Wu.Estabrook.2016").',
                             '请使用 identification="lavaan"（lavaan 的 group.equal）或 "wu.estabrook.2016"'
                             '（semTools::measEq.syntax 的 ID.cat = "Wu.Estabrook.2016"）。',
                             '請使用 identification="lavaan"（lavaan 的 group.equal）或 "wu.estabrook.2016"'
                             '（semTools::measEq.syntax 的 ID.cat = "Wu.Estabrook.2016"）。')
    return est_u


def _as_stats(stats) -> list:
    out = []
    for st in stats:
        out.append(st if isinstance(st, WlsStats) else WlsStats.from_sample(st))
    bad = sorted({v for st in out for v in st.numeric})
    if bad:
        names = ", ".join(bad)
        raise invalid_option("ordered", names,
                             f"A multi-group WLSMV fit here needs every indicator ordered ({names} is continuous). "
                             f"Declare them ordered, or fit by ML/MLR.",
                             f"此处多组 WLSMV 拟合要求所有指标均为有序变量（{names} 为连续变量）。请将其设为有序，"
                             f"或用 ML/MLR 拟合。",
                             f"此處多組 WLSMV 配適要求所有指標均為有序變項（{names} 為連續變項）。請將其設為有序，"
                             f"或以 ML/MLR 配適。")
    first = out[0]
    for st in out[1:]:
        if tuple(st.ov_names) != tuple(first.ov_names) or tuple(st.nth) != tuple(first.nth):
            diff = [v for v, a, b in zip(first.ov_names, first.nth, st.nth) if a != b]
            names = ", ".join(diff) or ", ".join(st.ov_names)
            raise invalid_data(names,
                               f"The groups do not have the same answer categories on {names}: every category must "
                               f"be used in every group for thresholds to be compared. Merge rare categories (e.g. "
                               f"1 and 2) for all groups, or leave the item out.",
                               f"各组在 {names} 上的作答类别不同：比较阈值要求每个类别在每组都有人选。请在所有组中合并"
                               f"少见类别（如 1 和 2），或去掉该题。",
                               f"各組在 {names} 上的作答類別不同：比較閾值要求每個類別在每組都有人選。請在所有組中合併"
                               f"少見類別（如 1 與 2），或刪去該題。", column=diff[0] if diff else None)
    return out


def fit_wls_multigroup_stats(model: "str | ModelSpec", stats: Sequence, *, group_labels: Sequence | None = None,
                             group_equal: Sequence[str] = (), estimator: str = "WLSMV",
                             parameterization: str = "delta", identification: str = "lavaan",
                             std_lv: bool | None = None, start: "WlsMultiGroupResult | None" = None
                             ) -> WlsMultiGroupResult:
    """Fit ``model`` jointly to the ordinal statistics of several groups (one
    :class:`research.sem.ordinal_stats.OrdinalStats` or :class:`research.sem.wls.WlsStats` per group, over
    the model's observed variables in the model's order).  ``group_equal``: classes held equal across
    groups (lavaan's names, :data:`GROUP_EQUAL`); ``identification``/``std_lv``: see the module text
    (``std_lv`` defaults to False for ``"lavaan"``, True for ``"wu.estabrook.2016"``); ``start``: a fit of
    the same model whose estimates start this one (matched by group and parameter)."""
    est_u = _check(estimator, parameterization, identification)
    eq = set(_check_equal(group_equal))
    if identification == "lavaan" and "thresholds" in eq:
        eq.add("intercepts")          # lavaan 0.6-14 for ordered data
    if std_lv is None:
        std_lv = identification == "wu.estabrook.2016"
    spec = parse_model(model)
    if spec.defined:
        names = ", ".join(d.name for d in spec.defined)
        raise invalid_option("model", names,
                             f"Defined parameters (:=, here {names}) are not available in a multi-group WLSMV fit yet; "
                             f"fit each group on its own (fit_sem with estimator=\"WLSMV\") to get them.",
                             f"多组 WLSMV 拟合暂不支持定义参数（:=，此处为 {names}）；如需这些参数，请分别对各组拟合"
                             f"（fit_sem 并设 estimator=\"WLSMV\"）。",
                             f"多組 WLSMV 配適暫不支援定義參數（:=，此處為 {names}）；如需這些參數，請分別對各組配適"
                             f"（fit_sem 並設 estimator=\"WLSMV\"）。")
    sts = _as_stats(stats)
    if len(sts) < 2:
        raise invalid_data(f"{len(sts)} group", "A multi-group fit needs at least two groups with data.",
                           "多组拟合至少需要两个有数据的组。", "多組配適至少需要兩個有資料的組。")
    labels = tuple(group_labels) if group_labels is not None else tuple(range(1, len(sts) + 1))
    rows, templates = _group_rows(spec, sts, eq, parameterization, identification, std_lv)
    q = 1 + max((r.index for rr in rows for r in rr), default=-1)
    models = [_GroupModel(rr, t, st, q, parameterization == "theta") for rr, t, st in zip(rows, templates, sts)]
    stacked = _Stacked(models)
    ns = np.array([st.n for st in sts], dtype=float)
    N = float(ns.sum())
    G = len(sts)
    fg = ns / N
    uls = est_u.startswith("ULS")
    robust = est_u.endswith("MV")
    Ws = [np.ones(len(st.wls_obs)) if uls else np.asarray(st.weights(), dtype=float) for st in sts]
    s_all = np.concatenate([np.asarray(st.wls_obs, dtype=float) for st in sts])
    w_all = np.concatenate([(n - 1) / N * W for n, W in zip(ns, Ws)])
    theta0 = _starts(models, rows, sts, q, start)
    theta, F, gmax, iters, converged = _least_squares(stacked, s_all, w_all, theta0)
    warnings: list = []
    if not converged:
        warnings.append(_not_converged("ULS" if uls else "DWLS", gmax))
    sig = [m.implied(theta) for m in models]
    Ds = [m.jacobian(theta) for m in models]
    resid = [np.asarray(st.wls_obs, dtype=float) - sg for st, sg in zip(sts, sig)]
    Fg = np.array([float(r ** 2 @ W) for r, W in zip(resid, Ws)])
    Tg = (ns - 1) * Fg
    T = float(Tg.sum())
    E = sum(f * D.T @ (W[:, None] * D) for f, D, W in zip(fg, Ds, Ws))
    cond = _condition(E)
    gammas = [np.asarray(st.gamma, dtype=float) for st in sts]
    if cond < 1e12:
        E_inv = np.linalg.inv(E)
        if robust:
            mid = sum(f * (W[:, None] * D).T @ Gm @ (W[:, None] * D) for f, D, W, Gm in zip(fg, Ds, Ws, gammas))
            vcov = E_inv @ mid @ E_inv / (N - G)
        else:
            vcov = E_inv / (N - G)
    else:
        E_inv = np.full_like(E, np.nan)
        vcov = np.full_like(E, np.nan)
        warnings.append(diag.information_singular(cond))
    n_obs = sum(m.n_obs for m in models)
    df = n_obs - q
    test = {"standard": {"test": "standard", "stat": T, "stat_group": list(Tg), "df": df,
                         "pvalue": NAN if uls or df <= 0 else float(sps.chi2.sf(T, df))}}
    # baseline: thresholds free, correlations 0, in every group
    nths = [len(m.th_var) for m in models]
    Tb = float(sum((n - 1) * float(W[k:] @ np.asarray(st.wls_obs, dtype=float)[k:] ** 2)
                   for n, W, st, k in zip(ns, Ws, sts, nths)))
    dfb = n_obs - sum(nths)
    scaled = scaled_b = None
    D_all = np.vstack(Ds)
    V_all = np.concatenate([f * W for f, W in zip(fg, Ws)])
    G_all = linalg.block_diag(*[Gm / f for Gm, f in zip(gammas, fg)])
    if robust:
        Db = linalg.block_diag(*[np.vstack([np.eye(k), np.zeros((m.n_obs - k, k))]) for m, k in zip(models, nths)])
        Eb = Db.T @ (V_all[:, None] * Db)
        Ub = np.diag(V_all) - (V_all[:, None] * Db) @ np.linalg.solve(Eb, (V_all[:, None] * Db).T)
        scaled_b = scaled_shifted(Tb, dfb, Ub, G_all)
        if cond < 1e12 and df > 0:
            VD = V_all[:, None] * D_all
            U = np.diag(V_all) - VD @ E_inv @ VD.T
            scaled = scaled_shifted(T, df, U, G_all)
            scaled["stat_group"] = list(Tg / scaled["scaling.factor"] + fg * scaled["shift.parameter"])
        else:
            scaled = {"test": "scaled.shifted", "stat": NAN if df < 0 else T, "df": df, "pvalue": NAN,
                      "scaling.factor": NAN, "shift.parameter": NAN, "trace.UGamma": NAN, "trace.UGamma2": NAN,
                      "stat_group": [NAN] * G}
        test["scaled.shifted"] = scaled
    cross = _has_cross_equalities(rows)
    catml = None
    if robust and cond < 1e12 and df > 0 and not cross:
        catml = _catml(models, theta, sts, Ws, Ds, E_inv, fg, df, dfb)
    fmin = float(np.sum(fg * 0.5 * (ns - 1) / ns * Fg))
    fit = _fit_measures(T=T, df=df, Tb=Tb, dfb=dfb, N=N, G=G, uls=uls, npar=q, fmin=fmin, scaled=scaled,
                        scaled_b=scaled_b, catml=catml, models=models, theta=theta, sts=sts, sig=sig, Ws=Ws, fg=fg)
    parameters = _parameters(rows, models, theta, vcov, labels)
    return WlsMultiGroupResult(
        groups=labels, n={lab: int(n) for lab, n in zip(labels, ns)}, group_equal=tuple(sorted(eq, key=_eq_order)),
        parameterization=parameterization, identification=identification, estimator=est_u, fit=fit, test=test,
        parameters=parameters, theta=theta, vcov=vcov, converged=bool(converged), iterations=int(iters),
        gradient_max=float(gmax), warnings=tuple(warnings),
        chisq_by_group={lab: float(t) for lab, t in zip(labels, Tg)}, model_groups=tuple(models), stats=tuple(sts),
        rows=tuple(tuple(rr) for rr in rows))


def _eq_order(x):
    return GROUP_EQUAL.index(x) if x in GROUP_EQUAL else len(GROUP_EQUAL)


def _has_cross_equalities(rows) -> bool:
    seen: dict = {}
    for rr in rows:
        for r in rr:
            if r.free:
                seen.setdefault(r.index, set()).add(r.group)
    return any(len(g) > 1 for g in seen.values())


def fit_wls_multigroup(model: "str | ModelSpec", data: pd.DataFrame, group: str, *, ordered=True,
                       group_equal: Sequence[str] = (), estimator: str = "WLSMV", parameterization: str = "delta",
                       identification: str = "lavaan", std_lv: bool | None = None, missing: str = "listwise",
                       start: "WlsMultiGroupResult | None" = None) -> WlsMultiGroupResult:
    """lavaan's ``sem(model, data, group = group, ordered = …, estimator = "WLSMV", group.equal = …,
    parameterization = …)``: the groups in the order their values first appear (rows without a group value
    left out); sample statistics per group from :func:`research.sem.ordinal_stats.ordinal_sample_stats`
    (``missing`` "listwise" or "pairwise"); then :func:`fit_wls_multigroup_stats`."""
    from .ordinal_stats import ordinal_sample_stats

    spec = parse_model(model)
    names = list(build_partable(spec).ov_names)
    if ordered is not True and ordered is not None and ordered is not False:
        sel = {str(v) for v in ([ordered] if isinstance(ordered, str) else ordered)}
        ordered = [v for v in names if v in sel]
    elif ordered is not True:
        ordered = True
    if not isinstance(data, pd.DataFrame):
        raise invalid_option("data", f'"{type(data).__name__}"', "Pass the data as a pandas DataFrame.",
                             "请以 pandas DataFrame 提供数据。", "請以 pandas DataFrame 提供資料。")
    sts = ordinal_sample_stats(data, names, ordered, missing=missing, group=group)
    labels = tuple(st.group for st in sts)
    res = fit_wls_multigroup_stats(spec, sts, group_labels=labels, group_equal=group_equal, estimator=estimator,
                                   parameterization=parameterization, identification=identification,
                                   std_lv=std_lv, start=start)
    warnings = list(res.warnings)
    cols = data.loc[data[group].notna(), names]
    used = cols.notna().all(axis=1) if missing == "listwise" else cols.notna().any(axis=1)
    dropped = int(len(cols) - used.sum())
    if dropped:
        warnings.append(diag.listwise_deleted(dropped, len(cols)) if missing == "listwise"
                        else diag.empty_rows(dropped, len(cols)))
    return replace(res, warnings=tuple(warnings), missing=missing)


def _starts(models, rows, sts, q, start) -> np.ndarray:
    theta = np.zeros(q)
    have = np.zeros(q, dtype=bool)
    prev = {}
    if start is not None:
        for rr in start.rows:
            for r in rr:
                if r.free:
                    prev[(r.group, r.lhs, r.op, r.rhs)] = start.theta[r.index]
    for m, rr, st in zip(models, rows, sts):
        core0 = m.ram.start_values(st.matrix())
        for j, gidx in enumerate(m.core_to_global):
            if not have[gidx]:
                theta[gidx] = core0[j]
                have[gidx] = True
        first = np.asarray(st.wls_obs, dtype=float)[: len(m.th_var)]
        for k, gidx in enumerate(m.th_idx):
            if gidx >= 0 and not have[gidx]:
                theta[gidx] = first[k]
                have[gidx] = True
        for r in rr:
            if r.free and not have[r.index]:
                theta[r.index] = 1.0 if r.op == "~*~" else 0.0
                have[r.index] = True
    if models[0].theta_param:
        # theta: thresholds on the scale of y* with unit residual variances — the sample values times sd(y*)
        for m, st in zip(models, sts):
            _, _, _, s, _ = m._parts(theta)
            first = np.asarray(st.wls_obs, dtype=float)[: len(m.th_var)]
            for k, gidx in enumerate(m.th_idx):
                if gidx >= 0:
                    theta[gidx] = first[k] / s[m.th_var[k]]
    for rr in rows:
        for r in rr:
            if r.free and (r.group, r.lhs, r.op, r.rhs) in prev:
                theta[r.index] = prev[(r.group, r.lhs, r.op, r.rhs)]
    return theta


def _catml(models, theta, sts, Ws, Ds, E_inv, fg, df, dfb) -> dict:
    """lavaan's ``lav_fit_catml_dwls`` over the groups (see :func:`research.sem.wls._catml`): XX3 = Σ_g N_g ×
    the ML discrepancy of R_g and Σ̂*_g; c = tr(Mᵀ V M Γ)/df with V = ⊕ f_g V_g, Γ = ⊕ Γ_g,c / f_g,
    M = I − Δ_c E⁻¹ Δ_cᵀ ⊕ f_g W_g,c; the baseline's −Σ N_g log|R_g| and c₀ = tr Γ / df₀."""
    empty = {k: NAN for k in ("XX3", "df3", "c.hat3", "XX3.scaled", "XX3.null", "df3.null", "c.hat3.null")}
    XX3 = XX3n = 0.0
    Vs, Wc, Gc, Dc = [], [], [], []
    for m, st, W, D, f in zip(models, sts, Ws, Ds, fg):
        R = st.matrix()
        if np.linalg.eigvalsh(R)[0] < np.sqrt(np.finfo(float).eps):
            return empty
        p = st.p
        Sig = m.implied_matrix(theta)
        Si = np.linalg.inv(Sig)
        XX3 += st.n * (np.linalg.slogdet(Sig)[1] + float(np.trace(R @ Si)) - np.linalg.slogdet(R)[1] - p)
        XX3n += -st.n * np.linalg.slogdet(R)[1]
        r, c = m.r_off, m.c_off
        Vs.append(f * (Si[np.ix_(r, r)] * Si[np.ix_(c, c)] + Si[np.ix_(r, c)] * Si[np.ix_(c, r)]))
        k = len(m.th_var)
        Wc.append(f * W[k:])
        Gc.append(np.asarray(st.gamma, dtype=float)[k:, k:] / f)
        Dc.append(D[k:])
    V = linalg.block_diag(*Vs)
    Gm = linalg.block_diag(*Gc)
    Dm = np.vstack(Dc)
    w = np.concatenate(Wc)
    M = np.eye(len(w)) - Dm @ E_inv @ (Dm.T * w[None, :])
    ks = float(np.trace(M.T @ V @ M @ Gm))
    c3 = ks / df
    return {"XX3": XX3, "df3": df, "c.hat3": c3, "XX3.scaled": XX3 / c3, "XX3.null": XX3n, "df3.null": dfb,
            "c.hat3.null": float(np.trace(Gm)) / dfb}


def _fit_measures(*, T, df, Tb, dfb, N, G, uls, npar, fmin, scaled, scaled_b, catml, models, theta, sts, sig, Ws,
                  fg) -> dict:
    """``fitMeasures`` of the joint fit (lavaan 0.6-14's names): :func:`research.sem.wls.wls_fit_indices` with
    N' = N − G and G groups, the groups' residual summaries and GFI weighted by N_g/N (``lav_fit_gfi``)."""
    summ: dict = {}
    for m, st, sg, f in zip(models, sts, sig, fg):
        s = np.asarray(st.wls_obs, dtype=float)
        k = len(m.th_var)
        one = residual_summaries(st.matrix(), m.implied_matrix(theta), s[:k], sg[:k], m.th_var)
        for key, v in one.items():
            summ[key] = summ.get(key, 0.0) + f * v
    gfi = float(sum(f * (1.0 - float((np.asarray(st.wls_obs, dtype=float) - sg) ** 2 @ W)
                         / float(np.asarray(st.wls_obs, dtype=float) ** 2 @ W))
                    for st, sg, W, f in zip(sts, sig, Ws, fg)))
    return wls_fit_indices(T=T, df=df, Tb=Tb, dfb=dfb, n=N - G, uls=uls, npar=npar, fmin=fmin, scaled=scaled,
                           scaled_b=scaled_b, catml=catml, residuals=summ, gfi=gfi,
                           nel=sum(len(sg) for sg in sig),
                           # lavaan 0.6-14 counts the first group's statistics only (lav_fit_measures)
                           nel_wrmr=len(sig[0]), groups=G)


def _parameters(rows, models, theta, vcov, labels) -> pd.DataFrame:
    """The rows of every group, columns as :mod:`research.sem.multigroup`'s (``group`` 1…G, ``group_label``)."""
    out = []
    for rr, m, lab in zip(rows, models, labels):
        filled = m.values(theta)
        std = m.standardized(theta)
        for r in rr:
            if r.free:
                est = float(theta[r.index])
                v = vcov[r.index, r.index]
                se = math.sqrt(v) if v >= 0 else NAN
            else:
                est = filled.get((r.lhs, r.op, r.rhs), r.value)
                est = NAN if est is None else float(est)
                se = 0.0
            z = est / se if r.free and se > 0 else NAN
            slv, sall = std.get((r.lhs, r.op, r.rhs), (NAN, NAN))
            out.append({"lhs": r.lhs, "op": r.op, "rhs": r.rhs, "group": r.group + 1, "group_label": lab,
                        "label": r.label, "free": r.index + 1 if r.free else 0, "est": est, "se": se, "z": z,
                        "pvalue": float(2 * sps.norm.sf(abs(z))) if math.isfinite(z) else NAN,
                        "ci.lower": est - Z975 * se, "ci.upper": est + Z975 * se, "std.lv": slv, "std.all": sall})
    return pd.DataFrame(out)


# ----------------------------------------------------------------------------------------------
# nested fits
# ----------------------------------------------------------------------------------------------
def lrt_wls(restricted: WlsMultiGroupResult, free: WlsMultiGroupResult) -> dict:
    """The scaled difference test of two nested fits as ``lavTestLRT(free, restricted)`` gives it for
    WLSMV/ULSMV by default (``method = "satorra.2000"``, ``scaled.shifted = TRUE``, ``A.method = "delta"``;
    lavaan's ``lav_test_diff_Satorra2000``; Satorra 2000): ``chisq.diff`` T_d = a (T₀ − T₁) + b with the
    standard statistics T, ``df.diff`` m = df₀ − df₁, ``pvalue`` P(χ²_m ≥ T_d), plus a, b and the traces.
    The two fits may be passed in either order (the one with more degrees of freedom is the restricted
    one, as lavaan sorts them); equal df give the plain difference and no p-value, as lavaan."""
    for r in (restricted, free):
        if not isinstance(r, WlsMultiGroupResult):
            raise invalid_option("restricted", type(r).__name__,
                                 "Compare two fits of fit_wls_multigroup (same data, groups and estimator).",
                                 "请比较两个 fit_wls_multigroup 的拟合结果（数据、分组与估计方法相同）。",
                                 "請比較兩個 fit_wls_multigroup 的配適結果（資料、分組與估計方法相同）。")
    if (restricted.estimator != free.estimator or restricted.groups != free.groups
            or restricted.n != free.n):
        raise invalid_option("estimator", f"{restricted.estimator} / {free.estimator}",
                             "Compare fits of the same data and groups made with the same estimator.",
                             "请比较同一数据与分组、使用相同估计方法的拟合结果。",
                             "請比較同一資料與分組、使用相同估計方法的配適結果。")
    m0, m1 = (restricted, free) if restricted.df >= free.df else (free, restricted)
    T0, T1 = m0.test["standard"]["stat"], m1.test["standard"]["stat"]
    m = m0.df - m1.df
    out = {"chisq.diff": T0 - T1, "df.diff": m, "pvalue": NAN, "a": NAN, "b": NAN, "trace.UGamma": NAN,
           "trace.UGamma2": NAN, "method": "satorra.2000", "scaled.shifted": True}
    if m == 0:
        return out
    if "scaled.shifted" not in m1.test:       # DWLS/ULS without the robust test: the plain difference
        out.update({"pvalue": float(sps.chi2.sf(T0 - T1, m)) if m > 0 else NAN, "method": "standard",
                    "scaled.shifted": False})
        return out
    sts = m1.stats
    ns = np.array([st.n for st in sts], dtype=float)
    fg = ns / ns.sum()
    uls = m1.estimator.startswith("ULS")
    Ws = [np.ones(len(st.wls_obs)) if uls else np.asarray(st.weights(), dtype=float) for st in sts]
    gammas = [np.asarray(st.gamma, dtype=float) for st in sts]
    Pi = [gm.jacobian(m1.theta) for gm in m1.model_groups]
    D1 = np.vstack(Pi)
    D0 = np.vstack([gm.jacobian(m0.theta) for gm in m0.model_groups])
    P = sum(f * D.T @ (W[:, None] * D) for f, D, W in zip(fg, Pi, Ws))
    P_inv = np.linalg.inv(P)
    H = np.linalg.pinv(D1) @ D0
    A = linalg.null_space(H.T).T                   # lav_matrix_orthogonal_complement(H), transposed
    APA = A @ P_inv @ A.T
    tol = np.sqrt(np.finfo(float).eps)
    keep = ~((np.abs(APA.sum(axis=0)) < tol) & (np.abs(APA.sum(axis=1)) < tol))
    A = A[keep]
    M = P_inv @ A.T @ np.linalg.pinv(A @ P_inv @ A.T) @ A @ P_inv
    tr1 = float(sum(f * np.trace((W[:, None] * Gm * W[None, :]) @ D @ M @ D.T)
                    for f, D, W, Gm in zip(fg, Pi, Ws, gammas)))
    V = np.concatenate(Ws)
    U = (V[:, None] * D1) @ M @ (D1.T * V[None, :])
    UG = U @ linalg.block_diag(*[f * Gm for f, Gm in zip(fg, gammas)])
    tr2 = float(np.sum(UG * UG.T))
    a = math.sqrt(m / tr2)
    b = m - a * tr1
    Td = (T0 - T1) * a + b
    out.update({"chisq.diff": Td, "pvalue": float(sps.chi2.sf(Td, m)), "a": a, "b": b, "trace.UGamma": tr1,
                "trace.UGamma2": tr2})
    return out


# ----------------------------------------------------------------------------------------------
# invariance with ordered indicators (Wu & Estabrook 2016)
# ----------------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class OrdinalInvarianceResult(InvarianceSteps):
    """Wu & Estabrook's (2016) steps fitted by WLSMV, each tested against the previous one.

    Shaped like :class:`research.sem.multigroup.InvarianceResult` (both
    :class:`research.sem.multigroup.InvarianceSteps`): ``levels`` (the steps), ``fits`` (step →
    :class:`WlsMultiGroupResult`), ``comparisons`` (one dict per step after the first: model, against,
    chisq.diff, df.diff, pvalue.diff, test, delta.cfi/rmsea/srmr of the scaled indices, holds, decision),
    :meth:`table`, :attr:`highest` (the most restrictive step that holds, every step before it holding
    too), :meth:`to_dict`.  The verdict of a step is the scaled
    difference test (Wu & Estabrook 2016 test each step by the likelihood-ratio-type difference; with
    WLSMV lavaan's robust CFI/RMSEA are missing for the constrained steps, so no Δ-fit rule is applied):
    invariance holds when p ≥ ``alpha``; the Δ-indices are reported beside it."""

    group: str
    levels: tuple
    fits: dict
    comparisons: list
    estimator: str = "WLSMV"
    parameterization: str = "delta"
    alpha: float = ALPHA
    missing: str = "listwise"

    def _fit_row(self, f: dict) -> dict:
        return {"npar": f["npar"], "chisq": f["chisq"], "df": f["df"],
                "chisq.scaled": f.get("chisq.scaled", NAN), "pvalue.scaled": f.get("pvalue.scaled", NAN),
                "cfi.scaled": f.get("cfi.scaled", NAN), "tli.scaled": f.get("tli.scaled", NAN),
                "rmsea.scaled": f.get("rmsea.scaled", NAN), "srmr": f["srmr"]}

    def _about(self) -> dict:
        return {"estimator": self.estimator, "parameterization": self.parameterization, "missing": self.missing,
                "criteria": {"source": "Wu & Estabrook 2016; Satorra 2000 (lavTestLRT, satorra.2000)",
                             "alpha": self.alpha}}


def ordinal_invariance(model: "str | ModelSpec", data: pd.DataFrame, group: str, *, ordered=True,
                       steps: Sequence[str] = STEPS, parameterization: str = "delta", estimator: str = "WLSMV",
                       missing: str = "listwise", alpha: float = ALPHA) -> OrdinalInvarianceResult:
    """Invariance of a model with ordered indicators across ``data[group]`` in Wu & Estabrook's (2016)
    order: configural → equal thresholds → + equal loadings → + equal intercepts, identified as
    ``semTools::measEq.syntax(ID.fac = "std.lv", ID.cat = "Wu.Estabrook.2016")`` does (see the module
    text), each step compared with the previous one by :func:`lrt_wls` (lavaan's ``lavTestLRT``)."""
    steps = tuple(steps)
    order = list(STEPS)
    if (not steps or any(s not in STEPS for s in steps) or len(set(steps)) != len(steps)
            or [order.index(s) for s in steps] != sorted(order.index(s) for s in steps)):
        raise invalid_option("steps", ", ".join(map(str, steps)),
                             "Use configural, thresholds, loadings and intercepts, each once, in that order.",
                             "请按顺序使用 configural、thresholds、loadings、intercepts，每个一次。",
                             "請依序使用 configural、thresholds、loadings、intercepts，每個一次。")
    fits: dict = {}
    comparisons = []
    prev = None
    for step in steps:
        fit = fit_wls_multigroup(model, data, group, ordered=ordered, group_equal=STEP_EQUAL[step],
                                 estimator=estimator, parameterization=parameterization,
                                 identification="wu.estabrook.2016", missing=missing,
                                 start=fits.get(prev))
        if prev is not None:
            comparisons.append(_compare(fit, fits[prev], step, prev, alpha))
        fits[step] = fit
        prev = step
    return OrdinalInvarianceResult(group=group, levels=steps, fits=fits, comparisons=comparisons,
                                   estimator=fits[steps[0]].estimator, parameterization=parameterization,
                                   alpha=alpha, missing=missing)


def _compare(restricted: WlsMultiGroupResult, free: WlsMultiGroupResult, step: str, against: str,
             alpha: float) -> dict:
    t = lrt_wls(restricted, free)
    a, b = restricted.fit, free.fit
    d = {k: a.get(k, NAN) - b.get(k, NAN) for k in ("cfi.scaled", "rmsea.scaled", "srmr")}
    p = t["pvalue"]
    holds = None if not math.isfinite(p) else bool(p >= alpha)
    return {"model": step, "against": against, "chisq.diff": t["chisq.diff"], "df.diff": t["df.diff"],
            "pvalue.diff": p, "test": t["method"], "a": t["a"], "b": t["b"],
            "delta.cfi": d["cfi.scaled"], "delta.rmsea": d["rmsea.scaled"], "delta.srmr": d["srmr"],
            "indices": {"cfi": "cfi.scaled", "rmsea": "rmsea.scaled", "srmr": "srmr"},
            "holds": holds, "decision": DECISION_TEXT[holds]}
