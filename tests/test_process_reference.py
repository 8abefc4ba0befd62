"""research.process against Hayes' PROCESS 2.16.3 printouts for models 1–76 (``../shared/reference/process``).

Printed values have 4 decimals: point values must agree to rounding (5e-5).  Bootstrap columns are
Monte Carlo values of PROCESS's own 5000 resamples; ours (5000, seeded) must agree within ``Z`` Monte Carlo
SDs of the difference of two independent runs (``Z`` Bonferroni-corrected over all comparisons): for a
boot SE s, SD ≈ s/√(2B) per run; for a bias-corrected limit see :func:`_limit_sd`.
"""
from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from conftest import SHARED

from research.process import process, template
from research.process.models import PROCESS2_ONLY

REF = SHARED / "reference" / "process"
MODELS = {m["model"]: m for m in json.loads((REF / "pyprocessmacro_results_ols.json").read_text())["models"]}
ROUND = 5.0001e-5
B = 5000
# Bonferroni over every bootstrap number compared (SE and two limits per printed row): a family-wise
# false-alarm rate of 0.1 % for the whole file (≈ 5 SDs for the ~6 000 comparisons).
N_BOOT = 3 * sum(len(t["rows"]) for m in MODELS.values() for t in m["tables"]
                 if any(c in t["columns"] for c in ("Boot SE", "SE(Boot)")))
Z = float(stats.norm.isf(0.001 / (2 * N_BOOT)))
SE_MC = math.sqrt(2) / math.sqrt(2 * B)                              # relative SD of a difference of boot SEs


def _kwargs(spec) -> dict:
    v = spec["variables"]
    n = spec["model"]
    out = {"x": v["X"], "y": v["Y"]}
    meds = [v[k] for k in ("M1", "M2", "M3", "M4") if k in v]
    if meds:
        out["m"] = meds
    letters = [k for k in ("M", "W", "Z", "V", "Q") if k in v and not (k == "M" and n > 3)]
    if n in PROCESS2_ONLY:
        names = [k.lower() for k in letters]
    else:
        names = ["w", "z"][:len(letters)]
    out.update({name: v[k] for name, k in zip(names, letters)})
    return out


@pytest.fixture(scope="module")
def fitted():
    cache = {}

    def get(n, boot):
        if (n, boot) not in cache:
            data = pd.read_csv(REF / "pyprocessmacro_data" / f"Data_Model{n}.csv")
            cache[(n, boot)] = process(data, n, se="hc3", boot=boot, ci="bc", seed=20240917 + n,
                                       **_kwargs(MODELS[n]))
        return cache[(n, boot)]
    return get


def _tables(spec, heading=None, section=None):
    return [t for t in spec["tables"] if (heading is None or t["heading"] == heading)
            and (section is None or t["section"] == section)]


def test_every_model_has_the_printed_product_terms():
    """Our equations contain exactly the product terms PROCESS printed, model by model."""
    for n, spec in MODELS.items():
        data = pd.read_csv(REF / "pyprocessmacro_data" / f"Data_Model{n}.csv", nrows=50)
        r = process(data, n, boot=0, **_kwargs(spec))
        ours = {(row.outcome, frozenset(row.term.split("×"))) for row in r.coefficients.itertuples()
                if "×" in row.term}
        printed = {(out, frozenset(t.split(" X "))) for out, terms in spec["product_terms"].items()
                   for t in terms.values()}
        assert ours == printed, n


@pytest.mark.parametrize("n", sorted(MODELS))
def test_equations_match_process(fitted, n):
    spec = MODELS[n]
    r = fitted(n, 0)
    names = {**{f"int_{k}": None for k in range(1, 30)}}
    products = {}
    for out, terms in spec["product_terms"].items():
        for label, t in terms.items():
            products[(out, label)] = frozenset(t.split(" X "))
    checked = 0
    for t in _tables(spec, "Model"):
        eq = r.coefficients[r.coefficients["equation"] == t["outcome"]]
        assert len(eq) == len(t["rows"])
        for row in t["rows"]:
            label = row["label"]
            if label == "constant":
                mine = eq[eq["term"] == "(constant)"].iloc[0]
            elif label.startswith("int_"):
                want = products[(t["outcome"], label)]
                mine = eq[[frozenset(s.split("×")) == want for s in eq["term"]]].iloc[0]
            else:
                mine = eq[eq["term"] == label].iloc[0]
            for col, key in (("coeff", "coeff"), ("se", "se"), ("t", "t"), ("p", "p"), ("LLCI", "ci.lower"),
                             ("ULCI", "ci.upper")):
                assert abs(mine[key] - row["values"][col]) <= ROUND, (n, t["outcome"], label, col)
                checked += 1
    for t in _tables(spec, "Model Summary"):
        mine = r.summary[(r.summary["outcome"] == t["outcome"]) & (r.summary["equation"] != "total")].iloc[0]
        vals = t["rows"][0]["values"]
        for col, key in (("R", "R"), ("R-sq", "R2"), ("MSE", "MSE"), ("df1", "df1"), ("df2", "df2"), ("p", "p")):
            assert abs(mine[key] - vals[col]) <= ROUND, (n, t["outcome"], col)
        assert abs(mine["F"] - vals["F"]) <= ROUND * max(1.0, abs(vals["F"]) * 1e-4) + ROUND, (n, "F")
        checked += 1
    assert checked > 10


@pytest.mark.parametrize("n", [1, 2, 3])
def test_moderation_tables_match_process(fitted, n):
    spec, r = MODELS[n], fitted(n, 0)
    (cond,) = _tables(spec, "Conditional effect of X on Y at values of the moderator(s):")
    mods = [c for c in cond["columns"] if c not in ("Effect", "se", "t", "p", "LLCI", "ULCI")]
    assert len(r.direct) == len(cond["rows"])
    for row in cond["rows"]:
        v = row["values"]
        match = r.direct[np.all([np.abs(r.direct[m] - v[m]) <= ROUND for m in mods], axis=0)]
        assert len(match) == 1
        mine = match.iloc[0]
        for col, key in (("Effect", "effect"), ("se", "se"), ("t", "t"), ("p", "p"), ("LLCI", "ci.lower"),
                         ("ULCI", "ci.upper")):
            assert abs(mine[key] - v[col]) <= ROUND, (n, row, col)
    for t in _tables(spec):
        if not (t["heading"] or "").startswith("R-square increase"):
            continue
        for row in t["rows"]:
            label = row["label"]
            if label == "Both":
                mine = r.interactions[r.interactions["term"] == "all"].iloc[0]
            else:
                want = frozenset(spec["product_terms"]["y"][label].split(" X "))
                mine = r.interactions[[frozenset(s.split("×")) == want for s in r.interactions["term"]]].iloc[0]
            v = row["values"]
            assert abs(mine["R2.change"] - v["R2-chng"]) <= ROUND
            assert abs(mine["F"] - v.get("F", v.get("F(1,df2)"))) <= ROUND
            assert abs(mine["p"] - v["p"]) <= ROUND
    if n == 3:
        (t,) = _tables(spec, "Conditional effect of X*M interaction at values of W:")
        assert len(r.interaction_at) == len(t["rows"])
        for (_, mine), row in zip(r.interaction_at.iterrows(), t["rows"]):
            assert abs(mine["w"] - row["values"]["w"]) <= ROUND
            for col, key in (("Effect", "effect"), ("se", "se"), ("t", "t"), ("LLCI", "ci.lower"), ("ULCI", "ci.upper")):
                assert abs(mine[key] - row["values"][col]) <= ROUND, (col, row)


def _limit_sd(draws: np.ndarray, est: float) -> tuple[float, float]:
    """Monte Carlo SD of the bias-corrected limits of B draws: the quantile's own error
    √(p(1−p)/B)·s (s = sparsity, estimated from the draws' order statistics) and the error that
    z0 = Φ⁻¹(share below est) passes on to p = Φ(2z0 ± z), in quadrature (Efron & Tibshirani 1993 §19)."""
    d = np.sort(draws)
    share = np.clip(np.mean(d < est), 1 / B, 1 - 1 / B)
    z0 = stats.norm.ppf(share)
    sd_z0 = math.sqrt(share * (1 - share) / B) / stats.norm.pdf(z0)
    out = []
    for zc in (-1.959964, 1.959964):
        p = stats.norm.cdf(2 * z0 + zc)
        h = 0.01
        s = (np.quantile(d, min(p + h, 1)) - np.quantile(d, max(p - h, 0))) / (min(p + h, 1) - max(p - h, 0))
        out.append(s * math.sqrt(p * (1 - p) / B + (2 * stats.norm.pdf(2 * z0 + zc) * sd_z0) ** 2))
    return out[0], out[1]


def _boot_close(r, mine, se, lo, hi, where):
    draws = r.draws[mine["draw"]].to_numpy()
    sd_lo, sd_hi = _limit_sd(draws, mine["effect"])
    assert abs(mine["boot.se"] - se) <= Z * SE_MC * se + ROUND, (where, "boot se", mine["boot.se"], se)
    for a, b, sd in ((mine["boot.ci.lower"], lo, sd_lo), (mine["boot.ci.upper"], hi, sd_hi)):
        assert abs(a - b) <= Z * math.sqrt(2) * sd + ROUND, (where, "limit", a, b, sd)


@pytest.mark.parametrize("n", sorted(set(MODELS) - {1, 2, 3}))
def test_effects_match_process(fitted, n):
    spec = MODELS[n]
    r = fitted(n, B)
    checked = 0
    for t in _tables(spec, "Direct effect of X on Y") + _tables(spec, "Conditional direct effect(s) of X on Y at values of the moderator(s):"):
        mods = [c for c in t["columns"] if c not in ("Effect", "SE", "t", "p", "LLCI", "ULCI")]
        assert len(r.direct) == len(t["rows"])
        for row in t["rows"]:
            v = row["values"]
            match = r.direct[np.all([np.abs(r.direct[m] - v[m]) <= ROUND for m in mods], axis=0)] if mods else r.direct
            mine = match.iloc[0]
            for col, key in (("Effect", "effect"), ("SE", "se"), ("t", "t"), ("p", "p"), ("LLCI", "ci.lower"),
                             ("ULCI", "ci.upper")):
                assert abs(mine[key] - v[col]) <= ROUND, (n, col, row)
                checked += 1
    key = spec.get("indirect_effect_key") or {}
    for t in (_tables(spec, "Indirect effect of X on Y") + _tables(spec, "Indirect effect(s) of X on Y")
              + _tables(spec, "Conditional indirect effect(s) of X on Y at values of the moderator(s):")):
        mods = [c for c in t["columns"] if c not in ("Effect", "Boot SE", "BootLLCI", "BootULCI")]
        for row in t["rows"]:
            label = row["label"].rstrip(":").strip()
            if label.upper() == "TOTAL":
                sub = r.indirect[r.indirect["path"] == "total"]
            elif label in key:
                sub = r.indirect[r.indirect["path"] == key[label].replace("->", "→")]
            else:
                sub = r.indirect[r.indirect["mediators"].map(lambda ms: ms == [label])]
            v = row["values"]
            if mods:
                sub = sub[np.all([np.abs(sub[m] - v[m]) <= ROUND for m in mods], axis=0)]
            assert len(sub) == 1, (n, row)
            mine = sub.iloc[0]
            assert abs(mine["effect"] - v["Effect"]) <= ROUND, (n, row)
            _boot_close(r, mine, v["Boot SE"], v["BootLLCI"], v["BootULCI"], (n, row))
            checked += 1
    checked += _check_indices(spec, r)
    assert checked > 0


def _check_indices(spec, r) -> int:
    checked = 0
    idx = r.indices
    for t in spec["tables"]:
        sec, head = t["section"], t["heading"]
        if sec == "INDEX OF MODERATED MEDIATION":
            kind, moderator = "moderated mediation", None
        elif sec == "INDEX OF PARTIAL MODERATED MEDIATION":
            kind, moderator = "partial moderated mediation", t["moderator"]
        elif head == "INDEX OF MODERATED MODERATED MEDIATION:":
            kind, moderator = "moderated moderated mediation", None
        elif head == "INDEX OF CONDITIONAL MODERATED MEDIATION:":
            kind, moderator = "conditional moderated mediation", t["moderator"]
        else:
            continue
        mods = [c for c in t["columns"] if c not in ("Index", "SE(Boot)", "BootLLCI", "BootULCI")]
        for row in t["rows"]:
            sub = idx[(idx["kind"] == kind) & idx["path"].str.contains(f"→ {row['label'].strip()} →", regex=False)]
            if moderator is not None:
                sub = sub[sub["moderator"] == moderator]
            v = row["values"]
            if mods:
                sub = sub[np.all([np.abs(sub[m] - v[m]) <= ROUND for m in mods], axis=0)]
            assert len(sub) == 1, (spec["model"], kind, row)
            mine = sub.iloc[0]
            assert abs(mine["effect"] - v["Index"]) <= ROUND, (spec["model"], kind, row)
            _boot_close(r, mine, v["SE(Boot)"], v["BootLLCI"], v["BootULCI"], (spec["model"], kind, row))
            checked += 1
    return checked


def test_template_letters():
    assert template(7).paths == {"a": (("W",),)}
    assert template(3).paths["c"] == (("W",), ("Z",), ("W", "Z"))
    assert template(14).moderators == ("W",)
    assert template(40).moderators == ("W", "V", "Q")
    assert template(74).moderators == ()
