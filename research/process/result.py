"""The result of :func:`research.process` (:class:`ProcessResult`): tables, JSON, and fitted values and
conditional indirect effects at any moderator values for plots."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..bootstrap import bca_ci, percentile_ci
from ..jsonsafe import jsonable
from ..messages import note_texts
from . import design as dz
from .inputs import bad_option, match_level
from .ols import t_table


def interval(draws, est, ci, level):
    if ci == "bc":
        return bca_ci(draws, est, level)
    return percentile_ci(draws, level)


@dataclass
class ProcessResult:
    """A fitted conditional process model.

    Tables (``.table(name)``): ``coefficients`` (every equation: coeff, se, t, p, CI), ``summary`` (R, R²,
    MSE, F, df1, df2, p), ``interactions`` (R² change of each highest-order product with its Wald F),
    ``direct`` (the (conditional) direct effect of X; models 1–3: the conditional effect of X on Y),
    ``interaction_at`` (model 3 and kin: the X×W interaction at values of Z), ``indirect`` (conditional)
    indirect effects with bootstrap SE and CI, ``indices`` (moderated, partial, conditional and moderated
    moderated mediation), ``total`` (total effect when nothing is moderated), ``standardized`` (partially
    and completely standardized direct, indirect and total effects), ``contrasts`` (pairwise differences
    of specific indirect effects), ``jn`` (Johnson–Neyman regions).
    """

    model: int
    roles: dict
    n: int
    se: str
    ci: str
    boot: int
    seed: object
    level: float
    center: object
    probe: str
    levels: dict
    probes: dict
    coefficients: pd.DataFrame
    summary: pd.DataFrame
    interactions: pd.DataFrame
    direct: pd.DataFrame
    interaction_at: pd.DataFrame
    indirect: pd.DataFrame
    indices: pd.DataFrame
    total: pd.DataFrame
    standardized: pd.DataFrame
    contrasts: pd.DataFrame
    jn: list
    excluded: list
    notes: list = field(default_factory=list)
    draws: pd.DataFrame | None = None      # bootstrap estimates: column k ↔ rows whose ``draw`` is k
    _model: dict | None = field(default=None, repr=False)   # design, fits, centres, means: for :meth:`predict`

    TABLES = ("coefficients", "summary", "interactions", "direct", "interaction_at", "indirect", "indices",
              "total", "standardized", "contrasts", "jn")

    def table(self, name: str = "indirect") -> pd.DataFrame:
        if name not in self.TABLES:
            raise bad_option("table", f"{name!r}", f"Use one of: {', '.join(self.TABLES)}.",
                       f"请使用以下之一：{'、'.join(self.TABLES)}。", f"請使用下列之一：{'、'.join(self.TABLES)}。")
        if name == "jn":
            rows = [{k: v for k, v in j.items() if k != "grid"} for j in self.jn]
            return pd.DataFrame(rows)
        return getattr(self, name)

    def predict(self, values: dict, outcome: str | None = None) -> pd.DataFrame:
        """Fitted values of one equation with SE and t-based CI (for simple-slopes plots).

        ``values`` maps column names (X, a moderator, …) to a value or an array (broadcast together);
        every other predictor of the equation is held at its mean (a categorical moderator at its
        reference level).  ``outcome``: the equation's outcome column (default Y).
        """
        m = self._model
        dsg, fits = m["design"], m["fits"]
        name_to_role = {v: k for k, v in self.roles.items()}
        outcome = self.roles["Y"] if outcome is None else outcome
        role_out = name_to_role.get(outcome)
        ks = [k for k, e in enumerate(dsg.equations) if e.outcome == role_out]
        if not ks:
            raise bad_option("outcome", f"{outcome!r}", "Name an outcome of the model (Y or a mediator).",
                       "请指定模型中的结果变量（Y 或中介变量）。", "請指定模型中的結果變數（Y 或中介變數）。")
        for name in values:
            if name not in name_to_role:
                raise bad_option("values", f"{name!r} ∉ roles", "Give values for variables of the model only.",
                           "只能为模型中的变量给出取值。", "只能為模型中的變數提供取值。", column=name)
        arrays = np.broadcast_arrays(*[np.asarray(v, dtype=object) for v in values.values()]) if values else []
        size = arrays[0].size if values else 1
        given = {name_to_role[k]: a.ravel() for k, a in zip(values, arrays)}
        vals = {}
        for role in self.roles:
            if role in self.levels:
                if role not in given:
                    vals[role] = np.full(size, self.levels[role][0])
                    continue
                matched = [match_level(x, self.levels[role]) for x in given[role]]
                if None in matched:
                    name, lv = self.roles[role], self.levels[role]
                    raise bad_option("values", f"{name}: {str(given[role][matched.index(None)])!r}",
                               f"Use levels of {name}: {', '.join(lv)}.", f"请使用 {name} 的组别：{'、'.join(lv)}。",
                               f"請使用 {name} 的組別：{'、'.join(lv)}。", column=name)
                vals[role] = np.array(matched)
            else:
                raw = given[role].astype(float) if role in given else np.full(size, m["means"][role])
                vals[role] = raw - m["centers"].get(role, 0.0)
        k = ks[0]
        X = dz.matrix(dsg.equations[k], vals, self.levels)
        f = fits[k]
        est = X @ f.coef
        se = np.sqrt(np.einsum("ij,jk,ik->i", X, f.cov, X))
        tt = t_table(est, se, f.df, self.level)
        out = pd.DataFrame({self.roles[r]: given[r] for r in given})
        out["fit"], out["se"], out["ci.lower"], out["ci.upper"] = est, se, tt["ci.lower"], tt["ci.upper"]
        return out

    def indirect_at(self, values: dict) -> pd.DataFrame:
        """Conditional indirect effects of every route at any moderator values, with bootstrap SE and CI.

        ``values`` maps each moderator column of the route to a value or an array (broadcast together),
        e.g. a grid ``{"EMP": np.linspace(1, 5, 41)}`` for a plot of the indirect effect across the
        moderator.  The intervals use the stored coefficient draws of the same resamples as the tables.
        """
        m = self._model
        dsg, centers = m["design"], m["centers"]
        name_to_role = {v: k for k, v in self.roles.items()}
        for name in values:
            if name not in name_to_role:
                raise bad_option("values", f"{name!r} ∉ roles", "Give values for moderators of the model only.",
                           "只能为模型中的调节变量给出取值。", "只能為模型中的調節變數提供取值。", column=name)
        arrays = np.broadcast_arrays(*[np.asarray(v, dtype=object) for v in values.values()]) if values else []
        size = arrays[0].size if values else 1
        given = {name_to_role[k]: a.ravel() for k, a in zip(values, arrays)}
        for role in list(given):
            if role in self.levels:
                given[role] = np.array([match_level(v, self.levels[role]) for v in given[role]], dtype=object)
            else:
                given[role] = given[role].astype(float)
        betas0 = [f.coef[None, :] for f in m["fits"]]
        rows = []
        for chain in dz.chains(dsg):
            poly = dz.chain_poly(dsg, chain)
            used = [r for r in (*dsg.template.moderators, "X") if r in dz.degrees(poly)]
            missing = [self.roles[r] for r in used if r not in given]
            if missing:
                raise bad_option("values", f"{missing[0]!r}", f"Give values for {', '.join(missing)}.",
                           f"请给出 {'、'.join(missing)} 的取值。", f"請提供 {'、'.join(missing)} 的取值。", column=missing[0])
            path = " → ".join(self.roles[r] for r in ("X", *chain, "Y"))
            for i in range(size):
                point = {r: given[r][i] for r in used}
                terms = dz.at(poly, point, centers)
                est = float(dz.evaluate(terms, betas0)[0]) if terms else 0.0
                row = {"path": path, **{self.roles[r]: point[r] for r in used}, "effect": est}
                if m["boot_coefficients"] is not None:
                    d = dz.evaluate(terms, m["boot_coefficients"]) if terms else np.zeros(self.boot)
                    lo, hi = interval(d, est, self.ci, self.level)
                    row.update({"boot.se": float(np.std(d, ddof=1)), "boot.ci.lower": lo, "boot.ci.upper": hi})
                rows.append(row)
        return pd.DataFrame(rows)

    @property
    def probe_kinds(self) -> dict:
        """Column → how its probe values were chosen (see :func:`_probe_kind`)."""
        return {self.roles[r]: k for r, k in (self._model or {}).get("probe_kind", {}).items()}

    def to_dict(self) -> dict:
        def records(df):
            return [{k: jsonable(v) for k, v in row.items()} for row in df.to_dict("records")]

        return {
            "model": self.model, "roles": dict(self.roles), "n": self.n, "se": self.se, "ci": self.ci,
            "boot": self.boot, "seed": jsonable(self.seed), "level": self.level, "center": self.center,
            "probe": self.probe, "probe_kinds": self.probe_kinds, "levels": {k: list(v) for k, v in self.levels.items()},
            "probes": {k: [jsonable(x) for x in v] for k, v in self.probes.items()},
            **{name: records(getattr(self, name)) for name in self.TABLES if name != "jn"},
            "jn": [{**{k: jsonable(v) for k, v in j.items() if k != "grid"}, "grid": records(j["grid"])}
                   for j in self.jn],
            "excluded": self.excluded, "notes": [note_texts(n) for n in self.notes],
        }
