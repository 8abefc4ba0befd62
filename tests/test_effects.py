"""Direct, indirect and total effects (research.effects) — against lavaan and by hand.

* PoliticalDemocracy: the indirect effect ind60 → dem60 → dem65 and the
  total effect equal lavaan's ``indirect := a*b`` / ``total := c + a*b``
  (est, delta-method SE, standardized est and SE; ../shared/reference).
* A path model with every coefficient fixed: B is known, so every effect is
  known exactly.
* Two mediators in sequence and in parallel: specific indirect effects sum
  to the total indirect effect, direct + indirect = total, and totals equal
  (I − B)⁻¹ − I; delta-method SEs equal the textbook formula.
"""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from research.effects import EFFECT_COLUMNS, EffectPlan, effects
from research.errors import OptionError
from research.sem import RamModel, build_partable, fit_sem

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"
REL = 1e-3          # README: SEs (and here also the estimates) to 1e-3 relative


def _row(table, src, dst, typ, via=None):
    sel = table[(table["from"] == src) & (table["to"] == dst) & (table["type"] == typ)]
    if via is not None:
        sel = sel[sel["via"].apply(lambda v: list(v) == list(via))]
    assert len(sel) == 1, (src, dst, typ, via, sel)
    return sel.iloc[0]


# --------------------------------------------------------------------------- lavaan
@pytest.fixture(scope="module")
def pd_fit(reference):
    ref = reference("political_democracy")
    data = pd.read_csv(REFERENCE / "political_democracy.csv")
    return ref, fit_sem(ref["model_syntax"], data)


def test_columns_and_rows(pd_fit):
    _, res = pd_fit
    tab = effects(res)
    assert list(tab.columns) == EFFECT_COLUMNS
    got = [(r["from"], r["to"], tuple(r["via"]), r["type"]) for _, r in tab.iterrows()]
    assert got == [
        ("ind60", "dem60", (), "direct"), ("ind60", "dem60", (), "total"),
        ("ind60", "dem65", (), "direct"), ("ind60", "dem65", ("dem60",), "indirect"),
        ("ind60", "dem65", ("dem60",), "total_indirect"), ("ind60", "dem65", ("dem60",), "total"),
        ("dem60", "dem65", (), "direct"), ("dem60", "dem65", (), "total"),
    ]


@pytest.mark.parametrize("name, typ, idx", [("indirect", "indirect", 0), ("total", "total", 1)])
def test_political_democracy_matches_lavaan(pd_fit, name, typ, idx):
    ref, res = pd_fit
    lav = ref["indirect_effect"][name]
    lav_std = ref["standardized_defined"][idx]
    assert lav_std["lhs"] == name
    r = _row(effects(res), "ind60", "dem65", typ)
    assert abs(r["est"] / lav["est"] - 1) < REL
    assert abs(r["se"] / lav["se_delta"] - 1) < REL
    assert abs(r["z"] / lav["z_delta"] - 1) < REL
    assert abs(r["pvalue"] / lav["pvalue_delta"] - 1) < 1e-2
    assert abs(r["ci.lower"] - lav["ci_lower_delta"]) < 1e-3
    assert abs(r["ci.upper"] - lav["ci_upper_delta"]) < 1e-3
    assert abs(r["std"] / lav_std["est.std"] - 1) < REL
    assert abs(r["std.se"] / lav_std["se"] - 1) < REL
    assert abs(r["std.ci.lower"] - lav_std["ci.lower"]) < 1e-3
    assert abs(r["std.ci.upper"] - lav_std["ci.upper"]) < 1e-3
    # far tighter than the README asks: the fit is converged to ~1e-10
    assert abs(r["est"] / lav["est"] - 1) < 2e-5
    assert abs(r["se"] / lav["se_delta"] - 1) < 2e-5


def test_political_democracy_equals_defined_parameters(pd_fit):
    _, res = pd_fit
    tab = effects(res)
    d = res.defined.set_index("lhs")
    for name, typ in (("indirect", "indirect"), ("total", "total")):
        r = _row(tab, "ind60", "dem65", typ)
        assert r["est"] == pytest.approx(d.loc[name, "est"], rel=1e-12)
        assert r["se"] == pytest.approx(d.loc[name, "se"], rel=1e-10)
        assert r["std"] == pytest.approx(d.loc[name, "std.all"], rel=1e-10)


def test_direct_effects_are_the_regression_rows(pd_fit):
    _, res = pd_fit
    tab = effects(res, types="direct")
    par = res.parameters[res.parameters["op"] == "~"]
    assert len(tab) == len(par)
    for _, p in par.iterrows():
        r = _row(tab, p["rhs"], p["lhs"], "direct")
        assert r["est"] == pytest.approx(p["est"], rel=1e-12)
        assert r["se"] == pytest.approx(p["se"], rel=1e-10)
        assert r["std"] == pytest.approx(p["std.all"], rel=1e-9)
        # standardized SE as the standardized solution (delta method, same differences)
        s = res.standardized[(res.standardized["lhs"] == p["lhs"]) & (res.standardized["op"] == "~")
                             & (res.standardized["rhs"] == p["rhs"])].iloc[0]
        assert r["std.se"] == pytest.approx(s["se"], rel=1e-6)


def test_level_and_types(pd_fit):
    _, res = pd_fit
    r90 = _row(effects(res, level=0.90), "ind60", "dem65", "indirect")
    assert r90["ci.upper"] - r90["est"] == pytest.approx(1.6448536 * r90["se"], rel=1e-6)
    assert set(effects(res, types=["total"])["type"]) == {"total"}
    with pytest.raises(OptionError):
        effects(res, types="mediated")
    with pytest.raises(OptionError):
        effects(res, level=95)


# --------------------------------------------------------------------------- data
def _mediation_data(n=400, seed=11):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(n)
    m1 = 0.5 * x + rng.standard_normal(n)
    m2 = 0.4 * m1 + 0.3 * x + rng.standard_normal(n)
    y = 0.3 * m1 + 0.35 * m2 + 0.2 * x + rng.standard_normal(n)
    return pd.DataFrame({"X": x, "M1": m1, "M2": m2, "Y": y})


def test_fixed_coefficients_give_known_effects():
    """All paths fixed: B is known, every effect is a hand-computed number with SE 0."""
    model = """
    M1 ~ 0.5*X
    M2 ~ 0.4*M1 + 0.3*X
    Y ~ 0.3*M1 + 0.35*M2 + 0.2*X
    """
    data = _mediation_data()
    res = fit_sem(model, data, start="simple")
    tab = effects(res)
    # X → Y: direct 0.2; X→M1→Y 0.15; X→M2→Y 0.105; X→M1→M2→Y 0.07
    assert _row(tab, "X", "Y", "direct")["est"] == pytest.approx(0.2, abs=1e-15)
    assert _row(tab, "X", "Y", "indirect", ["M1"])["est"] == pytest.approx(0.15, abs=1e-15)
    assert _row(tab, "X", "Y", "indirect", ["M2"])["est"] == pytest.approx(0.105, abs=1e-15)
    assert _row(tab, "X", "Y", "indirect", ["M1", "M2"])["est"] == pytest.approx(0.07, abs=1e-15)
    assert _row(tab, "X", "Y", "total_indirect")["est"] == pytest.approx(0.325, abs=1e-14)
    assert _row(tab, "X", "Y", "total")["est"] == pytest.approx(0.525, abs=1e-14)
    assert _row(tab, "X", "M2", "indirect", ["M1"])["est"] == pytest.approx(0.2, abs=1e-15)
    assert _row(tab, "X", "M2", "total")["est"] == pytest.approx(0.5, abs=1e-14)
    assert _row(tab, "M1", "Y", "indirect", ["M2"])["est"] == pytest.approx(0.14, abs=1e-15)
    assert _row(tab, "M1", "Y", "total")["est"] == pytest.approx(0.44, abs=1e-14)
    assert np.all(tab["se"] == 0)
    assert tab["z"].isna().all()
    # only reachable pairs, each with a total
    pairs = {(r["from"], r["to"]) for _, r in tab.iterrows()}
    assert pairs == {("X", "M1"), ("X", "M2"), ("X", "Y"), ("M1", "M2"), ("M1", "Y"), ("M2", "Y")}


def test_path_fixed_at_zero_is_no_path():
    data = _mediation_data()
    res = fit_sem("M1 ~ X\nY ~ M1 + 0*X", data, start="simple")
    tab = effects(res)
    assert len(tab[(tab["from"] == "X") & (tab["to"] == "Y") & (tab["type"] == "direct")]) == 0
    r = _row(tab, "X", "Y", "total")
    assert r["est"] == pytest.approx(_row(tab, "X", "Y", "indirect", ["M1"])["est"], rel=1e-14)


@pytest.fixture(scope="module")
def serial_parallel():
    """X → M1 → M2 → Y with every arrow forward: two mediators in sequence and in parallel."""
    model = """
    M1 ~ a1*X
    M2 ~ d*M1 + a2*X
    Y ~ b1*M1 + b2*M2 + c*X
    ind1 := a1*b1
    ind2 := a2*b2
    ind12 := a1*d*b2
    tot := c + a1*b1 + a2*b2 + a1*d*b2
    """
    data = _mediation_data(n=300, seed=5)
    return data, fit_sem(model, data)


def test_serial_and_parallel_mediators(serial_parallel):
    data, res = serial_parallel
    tab = effects(res)
    pe = res.parameters.set_index("label")
    a1, a2, d, b1, b2, c = (pe.loc[k, "est"] for k in ("a1", "a2", "d", "b1", "b2", "c"))
    spec = tab[(tab["from"] == "X") & (tab["to"] == "Y") & (tab["type"] == "indirect")]
    assert [list(v) for v in spec["via"]] == [["M1"], ["M2"], ["M1", "M2"]]
    assert spec["est"].tolist() == pytest.approx([a1 * b1, a2 * b2, a1 * d * b2], rel=1e-12)
    ti = _row(tab, "X", "Y", "total_indirect")
    tot = _row(tab, "X", "Y", "total")
    dr = _row(tab, "X", "Y", "direct")
    assert list(ti["via"]) == ["M1", "M2"]
    assert spec["est"].sum() == pytest.approx(ti["est"], rel=1e-12)
    assert dr["est"] + ti["est"] == pytest.approx(tot["est"], rel=1e-12)
    assert spec["std"].sum() == pytest.approx(ti["std"], rel=1e-10)
    assert dr["std"] + ti["std"] == pytest.approx(tot["std"], rel=1e-10)
    # every total effect is the entry of (I − B)⁻¹ − I
    names = ["X", "M1", "M2", "Y"]
    B = np.zeros((4, 4))
    B[1, 0], B[2, 1], B[2, 0], B[3, 1], B[3, 2], B[3, 0] = a1, d, a2, b1, b2, c
    T = np.linalg.inv(np.eye(4) - B) - np.eye(4)
    for _, r in tab[tab["type"] == "total"].iterrows():
        assert r["est"] == pytest.approx(T[names.index(r["to"]), names.index(r["from"])], rel=1e-12)
    # the same numbers (est, delta SE, std) as the := parameters lavaan-style
    dfn = res.defined.set_index("lhs")
    for name, via in (("ind1", ["M1"]), ("ind2", ["M2"]), ("ind12", ["M1", "M2"])):
        r = _row(tab, "X", "Y", "indirect", via)
        assert r["est"] == pytest.approx(dfn.loc[name, "est"], rel=1e-12)
        assert r["se"] == pytest.approx(dfn.loc[name, "se"], rel=1e-10)
        assert r["std"] == pytest.approx(dfn.loc[name, "std.all"], rel=1e-10)
    assert tot["est"] == pytest.approx(dfn.loc["tot", "est"], rel=1e-12)
    assert tot["se"] == pytest.approx(dfn.loc["tot", "se"], rel=1e-10)


def test_sobel_formula(serial_parallel):
    """Delta SE of a·b = √(b² Var a + a² Var b + 2ab Cov(a, b)) (Sobel 1982)."""
    _, res = serial_parallel
    free = {r.label: r.free - 1 for r in res.partable.rows if r.label}
    a, b = res.theta[free["a1"]], res.theta[free["b1"]]
    V = res.vcov
    va, vb, cab = V[free["a1"], free["a1"]], V[free["b1"], free["b1"]], V[free["a1"], free["b1"]]
    r = _row(effects(res), "X", "Y", "indirect", ["M1"])
    assert r["se"] == pytest.approx(math.sqrt(b * b * va + a * a * vb + 2 * a * b * cab), rel=1e-12)


def test_observed_mediation_is_ols():
    """Observed-variable model with fixed.x: ML = OLS, std = est · sd(X)/sd(Y)."""
    data = _mediation_data(n=250, seed=3)[["X", "M1", "Y"]]
    res = fit_sem("M1 ~ X\nY ~ M1 + X", data, start="simple")
    tab = effects(res)
    X = data.to_numpy()
    S = np.cov(X, rowvar=False, bias=True)
    a = S[0, 1] / S[0, 0]
    bc = np.linalg.solve(S[np.ix_([1, 0], [1, 0])], S[[1, 0], 2])
    ind = _row(tab, "X", "Y", "indirect", ["M1"])
    assert ind["est"] == pytest.approx(a * bc[0], rel=1e-8)
    assert _row(tab, "X", "Y", "direct")["est"] == pytest.approx(bc[1], rel=1e-8)
    assert ind["std"] == pytest.approx(a * bc[0] * math.sqrt(S[0, 0] / S[2, 2]), rel=1e-8)


def test_plan_gradient_matches_differences(serial_parallel):
    _, res = serial_parallel
    plan = EffectPlan(res.model)
    theta = res.theta
    G = plan.gradient(theta)
    num = np.zeros_like(G)
    for k in range(theta.size):
        h = 1e-6
        up, dn = theta.copy(), theta.copy()
        up[k] += h
        dn[k] -= h
        num[:, k] = (plan.values(up) - plan.values(dn)) / (2 * h)
    assert np.max(np.abs(G - num)) < 1e-8


def test_latent_and_observed_paths_together():
    """A covariate (observed) → latent → latent: observed regressions are structural paths too."""
    rng = np.random.default_rng(8)
    n = 500
    z = rng.standard_normal(n)
    f1 = 0.5 * z + rng.standard_normal(n)
    f2 = 0.6 * f1 + rng.standard_normal(n)
    cols = {"Z": z}
    for j, lam in enumerate((1.0, 0.8, 0.9)):
        cols[f"a{j + 1}"] = lam * f1 + 0.6 * rng.standard_normal(n)
        cols[f"b{j + 1}"] = lam * f2 + 0.6 * rng.standard_normal(n)
    data = pd.DataFrame(cols)
    res = fit_sem("F1 =~ a1 + a2 + a3\nF2 =~ b1 + b2 + b3\nF1 ~ Z\nF2 ~ F1", data)
    tab = effects(res)
    pe = res.parameters
    g = pe[(pe["lhs"] == "F1") & (pe["op"] == "~")].iloc[0]
    b = pe[(pe["lhs"] == "F2") & (pe["op"] == "~")].iloc[0]
    ind = _row(tab, "Z", "F2", "indirect", ["F1"])
    assert ind["est"] == pytest.approx(g["est"] * b["est"], rel=1e-12)
    assert ind["std"] == pytest.approx(g["std.all"] * b["std.all"], rel=1e-9)
    assert ind["est"] == pytest.approx(0.3, abs=0.08)


def test_nonrecursive_model_reports_totals_only():
    """Feedback loop y1 ⇄ y2: no list of paths, totals from (I − B)⁻¹ − I (plan only, no fit)."""
    pt = build_partable("y1 ~ y2 + x1\ny2 ~ y1 + x2")
    plan = EffectPlan(RamModel(pt))
    assert not plan.acyclic
    assert {e.type for e in plan.effects} <= {"direct", "total_indirect", "total"}
    theta = np.zeros(pt.npar)
    pos = {(r.lhs, r.rhs): r.free - 1 for r in pt.rows if r.op == "~"}
    vals = {("y1", "y2"): 0.3, ("y1", "x1"): 0.5, ("y2", "y1"): 0.2, ("y2", "x2"): 0.4}
    for key, v in vals.items():
        theta[pos[key]] = v
    B = plan.B(theta)
    T = np.linalg.inv(np.eye(plan.m) - B) - np.eye(plan.m)
    got = plan.values(theta)
    for e, v in zip(plan.effects, got):
        t, f = plan.node_index[e.target], plan.node_index[e.source]
        want = T[t, f] if e.type == "total" else (T[t, f] - B[t, f] if e.type == "total_indirect" else B[t, f])
        assert v == pytest.approx(want, rel=1e-12)
    # y1 affects itself through the loop: not listed (from ≠ to), y1 → y2 has a total indirect part
    assert any(e.source == "y1" and e.target == "y2" and e.type == "total_indirect" for e in plan.effects)


def test_model_without_regressions_has_no_effects(reference):
    ref = reference("holzinger1939")
    data = pd.read_csv(REFERENCE / "holzinger1939.csv")
    res = fit_sem(ref["model_syntax"], data)
    tab = effects(res)
    assert tab.empty and list(tab.columns) == EFFECT_COLUMNS


def test_too_many_paths_is_an_error():
    """Six fully connected layers of six mediators: 6⁶ = 46 656 paths from X to Y — refused, not hung."""
    layers = [[f"m{i}_{j}" for j in range(6)] for i in range(6)]
    lines = [f"{v} ~ X" for v in layers[0]]
    for prev, cur in zip(layers, layers[1:]):
        lines += [f"{v} ~ " + " + ".join(prev) for v in cur]
    lines.append("Y ~ " + " + ".join(layers[-1]))
    plan_model = RamModel(build_partable("\n".join(lines)))
    with pytest.raises(OptionError):
        EffectPlan(plan_model)
