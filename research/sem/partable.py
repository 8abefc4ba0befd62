"""The full parameter table of a model, with lavaan's defaults for ``sem()``/``cfa()``.

Mirrors ``lavaan:::lav_partable_flat`` (lavaan 0.6-14) so that rows come out
in ``parameterEstimates()`` order and the same parameters are free:

1. the user's statements, in the order written (``y2 ~~ y4 + y6`` gives two rows);
2. then the defaults lavaan adds (each skipped when the user already wrote it):
   residual variances of observed variables (``ov.nox``), variances of
   latent variables, covariances among exogenous latents (``auto.cov.lv.x``),
   residual covariances among purely dependent variables (``auto.cov.y``),
   and the variances/covariances of exogenous observed covariates
   (``fixed.x = TRUE``: fixed at their sample values, not counted as
   parameters).

Free/fixed rules: the first loading of each factor is fixed to 1
(``auto.fix.first``) unless the user wrote ``NA*`` or a number on it; a
factor with a single indicator (observed, or latent in a higher-order model)
gets that indicator's residual variance fixed to 0 (``auto.fix.single``); ``NUMBER*`` fixes, ``NA*`` frees; parameters that
share a label share one free parameter (an equality constraint), and a label
on a fixed parameter fixes every parameter carrying it (lavaan does the same).

Identification checks that need no data live here too
(:func:`check_identification`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import combinations

from ..errors import OptionError, invalid_option
from ..limits import MAX_MODEL_VARIABLES
from .syntax import DefinedParameter, ModelSpec, _fail, format_number, parameter_key, parse_model, unique


@dataclass(frozen=True)
class ParRow:
    """One row of the parameter table.

    ``free`` is the 1-based index of the free parameter (rows sharing a label
    share it) or 0 when fixed; ``value`` is the fixed value, or None for a
    ``fixed.x`` row whose value is taken from the sample covariance.
    """

    lhs: str
    op: str
    rhs: str
    label: str = ""
    free: int = 0
    value: float | None = None
    user: bool = False
    exo: bool = False
    start: float | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        return parameter_key(self.lhs, self.op, self.rhs)


@dataclass(frozen=True)
class ParTable:
    """Rows in lavaan order plus lavaan's variable classes (names as in ``lavNames``)."""

    rows: tuple[ParRow, ...]
    defined: tuple[DefinedParameter, ...]
    ov_names: tuple[str, ...]      # observed variables, lavaan order (rows/cols of Σ)
    lv_names: tuple[str, ...]      # latent variables
    ov_x: tuple[str, ...]          # exogenous observed covariates treated as fixed (fixed.x)
    lv_x: tuple[str, ...]          # exogenous latent variables
    notes: tuple[str, ...] = field(default=())
    meanstructure: bool = False    # intercept rows (``~1``) present: observed free, latent fixed at 0
    constraints: tuple = ()        # the user's ``==``, ``<``, ``>`` (:class:`research.sem.syntax.Constraint`)

    @property
    def npar(self) -> int:
        return max((r.free for r in self.rows), default=0)

    @property
    def ov_nox(self) -> tuple[str, ...]:
        return tuple(v for v in self.ov_names if v not in self.ov_x)

    @property
    def n_moments(self) -> int:
        """Sample moments the model has to reproduce: p(p+1)/2 (+ p means) minus the fixed-x block."""
        p, nx = len(self.ov_names), len(self.ov_x)
        m = p * (p + 1) // 2 - nx * (nx + 1) // 2
        if self.meanstructure:
            m += p - nx
        return m

    @property
    def n_cov_par(self) -> int:
        """Free parameters of the covariance structure (every one but the intercepts and means)."""
        return len({r.free for r in self.rows if r.free and r.op != "~1"})

    @property
    def df(self) -> int:
        return self.n_moments - self.npar

    @property
    def endogenous(self) -> tuple[str, ...]:
        """Variables with an incoming arrow (loading or regression), observed first."""
        receive = {r.rhs for r in self.rows if r.op == "=~"} | {r.lhs for r in self.rows if r.op == "~"}
        return tuple(v for v in self.ov_names + self.lv_names if v in receive)


def build_partable(model: "str | ModelSpec", meanstructure: bool = False, *, group: int = 0,
                   ngroups: int = 1) -> ParTable:
    """The full lavaan-style parameter table for ``model`` (syntax text or :class:`ModelSpec`).

    ``meanstructure=True`` (lavaan's ``meanstructure = TRUE``, implied by
    ``missing = "ml"`` and by any ``~ 1`` the user writes) appends the
    intercept rows as lavaan does, after all other rows: ``v ~1`` for every
    observed variable in ``ov_names`` order (free; a fixed.x covariate's mean
    is fixed at its sample value, ``exo``), then ``f ~1`` for every latent
    variable (fixed at 0) — each skipped where the user wrote it (the user's
    row keeps its place and modifiers).  ``group``/``ngroups``: which value of a
    ``c(…)`` modifier applies.  ``equal("…")`` rows share the free parameter (or
    the fixed value) of the row they name; ``start(…)`` values are kept in
    ``ParRow.start``; constraints are carried in ``ParTable.constraints``.
    """
    spec = parse_model(model)
    st = [s.for_group(group, ngroups) for s in spec.statements]
    meanstructure = bool(meanstructure) or any(s.op == "~1" for s in st)
    lv = spec.latent
    v_ind = unique(s.rhs for s in st if s.op == "=~")
    eqs_y = unique(s.lhs for s in st if s.op == "~")
    eqs_x = unique(s.rhs for s in st if s.op == "~")
    ov_names = spec.observed
    if len(ov_names) > MAX_MODEL_VARIABLES:
        raise invalid_option("model", f"{len(ov_names)} observed variables > {MAX_MODEL_VARIABLES}",
                             f"Fit models of at most {MAX_MODEL_VARIABLES} observed variables: the derivatives of a "
                             f"larger model take gigabytes and its fit many minutes. Fit the measurement model per "
                             f"group of constructs, or use mean scores of the constructs.",
                             f"请拟合观测变量不超过 {MAX_MODEL_VARIABLES} 个的模型：更大模型的导数需要数 GB 内存、拟合需要"
                             f"许多分钟。请按构念分组拟合测量模型，或使用构念的平均分。",
                             f"請配適觀察變項不超過 {MAX_MODEL_VARIABLES} 個的模型：更大模型的導數需要數 GB 記憶體、配適"
                             f"需要許多分鐘。請按構念分組配適測量模型，或使用構念的平均分數。")
    ov_x_all = [v for v in eqs_x if v not in lv and v not in v_ind and v not in eqs_y]
    cov_vars = {v for s in st if s.op == "~~" for v in (s.lhs, s.rhs)}
    ov_x = [v for v in ov_x_all if v not in cov_vars]
    notes = []
    random_x = [v for v in ov_x_all if v in cov_vars]
    if random_x:
        notes.append("random_x:" + ",".join(random_x))
    ov_nox = [v for v in ov_names if v not in ov_x]
    lv_x = [v for v in lv if v not in v_ind and v not in eqs_y]
    ov_y = [v for v in ov_names if v in eqs_y and v not in v_ind and v not in eqs_x]
    lv_y = [v for v in lv if v in eqs_y and v not in v_ind and v not in eqs_x]

    # -- rows: user first, then defaults not already written ---------------------
    rows: list[dict] = []
    for s in st:
        rows.append(dict(lhs=s.lhs, op=s.op, rhs=s.rhs, label=s.label or "", user=True,
                         fixed=s.fixed, na=s.free, exo=s.op == "~1" and s.lhs in ov_x, start=s.start,
                         equal=s.equal, line=s.line))
    seen = {parameter_key(r["lhs"], r["op"], r["rhs"]) for r in rows}

    def add_default(lhs, rhs, exo=False):
        k = parameter_key(lhs, "~~", rhs)
        if k not in seen:
            seen.add(k)
            rows.append(dict(lhs=lhs, op="~~", rhs=rhs, label="", user=False, fixed=None, na=False, exo=exo,
                             start=None, equal=None))

    for v in ov_nox + lv:
        add_default(v, v)
    for a, b in combinations(lv_x, 2):
        add_default(a, b)
    for a, b in combinations(lv_y + ov_y, 2):
        add_default(a, b)
    for j in range(len(ov_x)):
        for i in range(j, len(ov_x)):
            add_default(ov_x[j], ov_x[i], exo=True)
    if meanstructure:
        for v in ov_names:
            if (v, "~1", "") not in seen:
                rows.append(dict(lhs=v, op="~1", rhs="", label="", user=False, fixed=None, na=False,
                                 exo=v in ov_x, start=None, equal=None))
        for v in lv:
            if (v, "~1", "") not in seen:
                rows.append(dict(lhs=v, op="~1", rhs="", label="", user=False, fixed=0.0, na=False, exo=False,
                                 start=None, equal=None))

    # -- free / fixed -------------------------------------------------------------
    for r in rows:
        r["free"] = True
        r["value"] = None
        if r["exo"]:
            r["free"] = False
    first_done: set[str] = set()
    for r in rows:
        if r["op"] == "=~" and r["lhs"] not in first_done:
            first_done.add(r["lhs"])
            r["free"] = False
            r["value"] = 1.0
    loads = [r for r in rows if r["op"] == "=~"]
    per_lv: dict[str, list[dict]] = {}
    for r in loads:
        per_lv.setdefault(r["lhs"], []).append(r)
    rhs_count: dict[str, int] = {}
    for r in loads:
        rhs_count[r["rhs"]] = rhs_count.get(r["rhs"], 0) + 1
    for f, rs in per_lv.items():
        if len(rs) == 1 and rhs_count[rs[0]["rhs"]] == 1:       # an observed or a latent indicator
            ind = rs[0]["rhs"]
            for r in rows:
                if r["op"] == "~~" and r["lhs"] == ind and r["rhs"] == ind and not r["user"]:
                    r["free"], r["value"] = False, 0.0
    for r in rows:  # the user's modifiers win
        if r["fixed"] is not None:
            r["free"], r["value"] = False, float(r["fixed"])
        elif r["na"]:
            r["free"], r["value"] = True, None
    fixed_label = {r["label"]: r["value"] for r in rows if r["label"] and not r["free"]}
    for r in rows:
        if r["label"] in fixed_label and r["free"]:
            r["free"], r["value"] = False, fixed_label[r["label"]]

    # -- equal("…"): the row shares the named row's free parameter (or takes its fixed value) ---
    by_key = {parameter_key(r["lhs"], r["op"], r["rhs"]): r for r in rows}
    for r in rows:
        if r.get("equal") is None:
            continue
        target = by_key.get(r["equal"])
        if target is None or target is r:
            raise _fail("equal_ref", r.get("line"), "".join(r["equal"]))
        if not target["free"]:
            r["free"], r["value"] = False, target["value"]
            continue
        key = target.get("share") or target["label"] or "equal:" + "".join(r["equal"])
        target["share"] = r["share"] = key
        if not r["label"]:
            r["label"] = "".join(r["equal"])          # what lavaan shows in the label column

    # -- free parameter indices (shared labels share one) -----------------------
    index: dict[str, int] = {}
    k = 0
    out: list[ParRow] = []
    for r in rows:
        free = 0
        if r["free"]:
            key = r.get("share") or r["label"]
            if key and key in index:
                free = index[key]
            else:
                k += 1
                free = k
                if key:
                    index[key] = k
        out.append(ParRow(lhs=r["lhs"], op=r["op"], rhs=r["rhs"], label=r["label"], free=free,
                          value=None if free else r["value"], user=r["user"], exo=r["exo"], start=r.get("start")))
    return ParTable(rows=tuple(out), defined=spec.defined, ov_names=tuple(ov_names), lv_names=tuple(lv),
                    ov_x=tuple(ov_x), lv_x=tuple(lv_x), notes=tuple(notes), meanstructure=bool(meanstructure),
                    constraints=tuple(spec.constraints))



# ------------------------------------------------------------------------------
# identification (needs no data)
# ------------------------------------------------------------------------------
def _ident_error(detail: str, en: str, zh: str, zh_hant: str) -> OptionError:
    return OptionError("option_invalid", option="model", detail=detail, fix_en=en, fix_zh=zh, fix_zh_hant=zh_hant)


def identification_problems(pt: ParTable) -> list[tuple[str, str, str, str]]:
    """Necessary conditions for identification that fail, as (detail, en, zh-Hans, zh-Hant) texts.

    * t-rule (Bollen 1989, p. 93): free parameters ≤ sample moments, i.e. df ≥ 0 (each ``==``
      constraint gives a degree of freedom back);
    * every latent variable has a scale: a fixed loading or a fixed variance;
    * a single-indicator factor needs that indicator's residual variance fixed.
    """
    out = []
    from .expressions import names_in
    constrained = {n for c in pt.constraints if c.op == "==" for n in names_in(c.tree)}
    for f in pt.lv_names:
        loads = [r for r in pt.rows if r.op == "=~" and r.lhs == f]
        var = [r for r in pt.rows if r.op == "~~" and r.lhs == f and r.rhs == f]
        # an equality on its loadings or variance can give the factor its scale (effects coding:
        # l1 + l2 + l3 == 3); the information matrix then judges whether it does
        scaled_by_constraint = any(r.label in constrained for r in loads + var if r.label)
        if all(r.free for r in loads) and all(r.free for r in var) and not scaled_by_constraint:
            out.append((
                f'"{f}"',
                f"The latent variable {f} has no scale: all its loadings and its variance are free. "
                f"Remove NA* from its first indicator (its loading is then fixed to 1) or fix its variance "
                f"with '{f} ~~ 1*{f}'.",
                f"潜变量 {f} 没有设定尺度：所有载荷和方差都是自由的。请去掉第一个指标前的 NA*（其载荷即固定为 1），"
                f"或用 '{f} ~~ 1*{f}' 固定方差。",
                f"潛在變項 {f} 沒有設定尺度：所有負荷量和變異數都是自由的。請去掉第一個指標前的 NA*（其負荷量即固定為 1），"
                f"或用 '{f} ~~ 1*{f}' 固定變異數。"))
        if len(loads) == 1 and loads[0].rhs in pt.ov_names:
            ind = loads[0].rhs
            res = [r for r in pt.rows if r.op == "~~" and r.lhs == ind and r.rhs == ind]
            if res and res[0].free:
                out.append((
                    f'"{f} =~ {ind}", "{ind} ~~ {ind}"',
                    f"The latent variable {f} has a single indicator ({ind}) whose residual variance is free, so "
                    f"the two variances cannot be told apart. Fix it (e.g. '{ind} ~~ 0*{ind}', or to (1 − reliability) "
                    f"× its variance), or add indicators (at least 3 per factor).",
                    f"潜变量 {f} 只有一个指标（{ind}），且其残差方差是自由的，两个方差无法区分。请固定残差方差"
                    f"（如 '{ind} ~~ 0*{ind}'，或设为 (1 − 信度) × 方差），或增加指标（每个因子至少 3 个）。",
                    f"潛在變項 {f} 只有一個指標（{ind}），且其殘差變異數是自由的，兩個變異數無法區分。請固定殘差變異數"
                    f"（如 '{ind} ~~ 0*{ind}'，或設為 (1 − 信度) × 變異數），或增加指標（每個因素至少 3 個）。"))
    n_eq = sum(1 for c in pt.constraints if c.op == "==")
    if pt.df + n_eq < 0:
        p, q, m = len(pt.ov_names), pt.npar - n_eq, pt.n_moments
        out.append((
            f"df = {m} - {q} = {m - q}",
            f"The model is under-identified: it has {q} free parameters but the {p} observed variables give only "
            f"{m} variances and covariances (p(p+1)/2). Add indicators (at least 3 per factor), fix parameters "
            f"(e.g. 0*x or equal labels a*x1 + a*x2) or remove paths.",
            f"模型不可识别（识别不足）：有 {q} 个自由参数，但 {p} 个观测变量只提供 {m} 个方差和协方差（p(p+1)/2）。"
            f"请增加指标（每个因子至少 3 个）、固定参数（如 0*x 或相同标签 a*x1 + a*x2）或删除路径。",
            f"模型無法識別（識別不足）：有 {q} 個自由參數，但 {p} 個觀察變項只提供 {m} 個變異數與共變數（p(p+1)/2）。"
            f"請增加指標（每個因素至少 3 個）、固定參數（如 0*x 或相同標籤 a*x1 + a*x2）或刪除路徑。"))
    return out


def check_identification(pt: ParTable) -> None:
    """Raise ``OptionError`` with a fix for the first failing condition of :func:`identification_problems`
    (for a population model or a multi-group fit, where an unidentified model is an input error)."""
    problems = identification_problems(pt)
    if problems:
        raise _ident_error(*problems[0])


def identification_warnings(pt: ParTable) -> list:
    """The same problems as ``not_identified`` warnings: a single-group fit goes on, as lavaan's does (the
    estimates are one of many solutions, the SEs are withheld, χ²-based measures are missing when df < 0)."""
    from .diagnostics import SemWarning
    return [SemWarning("not_identified", en, zh, zh_hant) for _, en, zh, zh_hant in identification_problems(pt)]


# ------------------------------------------------------------------------------
# semopy syntax
# ------------------------------------------------------------------------------
_SEMOPY_RESERVED = {"START"}
_SEMOPY_LABEL = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")     # an equal("f=~x1") label is written as _pN


def _semopy_name(row: ParRow) -> str:
    if row.label and _SEMOPY_LABEL.match(row.label):
        return row.label if row.label not in _SEMOPY_RESERVED else f"_lbl_{row.label}"
    return f"_p{row.free}"


def semopy_syntax(pt: ParTable) -> str:
    """semopy model description equivalent to the parameter table.

    Only names, numbers and ``=~ ~ ~~ + *`` are written, so semopy's parser
    never reaches its sympy-based constraint code.  Fixed values are written
    as plain decimals (``1*x1``, ``0*x7``); free parameters keep their
    lavaan label, and unlabelled free loadings of a factor without a fixed
    loading get a generated name (``_p7``) so that semopy does not fix the
    first one.  Exogenous covariates (fixed.x) are left to semopy, which
    also fixes them at their sample values.
    """
    lines: list[str] = []
    groups: dict[tuple[str, str], list[str]] = {}
    order: list[tuple[str, str]] = []
    no_marker = {f for f in pt.lv_names
                 if all(r.free for r in pt.rows if r.op == "=~" and r.lhs == f)}
    for r in pt.rows:
        if r.exo or r.op == "~1":
            continue
        if r.free:
            if r.label or (r.op == "=~" and r.lhs in no_marker):
                term = f"{_semopy_name(r)}*{r.rhs}"
            else:
                term = r.rhs
        else:
            term = f"{format_number(r.value)}*{r.rhs}"
        k = (r.lhs, r.op)
        if k not in groups:
            groups[k] = []
            order.append(k)
        groups[k].append(term)
    for lhs, op in sorted(order, key=lambda k: ("=~", "~", "~~").index(k[1])):
        lines.append(f"{lhs} {op} " + " + ".join(groups[(lhs, op)]))
    return "\n".join(lines) + "\n"
