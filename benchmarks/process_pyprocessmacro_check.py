"""pyprocessmacro against Hayes' PROCESS 2.16.3 printouts, models 1–76 (issue 16: "evaluate it honestly").

    python benchmarks/process_pyprocessmacro_check.py [--models 1 4 7] [--boot 1000] [--seed 123456] [--show 3]

Needs ``pyprocessmacro`` (``pip install -e .[bench]``); without it the script says how to install it and
stops.  It does not import ``research``, so it also runs in a separate environment that holds only
pyprocessmacro (``PYTHONPATH`` is not needed).

Reference: ``../shared/reference/process/pyprocessmacro_results_ols.json`` (its README): the PROCESS 2.16.3
for SPSS printouts of models 1–76 on pyprocessmacro's own test data (HC3 standard errors, moderators at the
mean and ±1 SD, 4 printed decimals).  Every model is fitted with ``Process(data, model, hc3=True, ...)``
(pyprocessmacro names the roles as PROCESS 2 did: the moderator of models 1–3 is ``m``, models 14–20 take
``v`` and ``q``) and compared, table by table, with what pyprocessmacro reports through ``tidy()`` and
``glance()``:

* outcome equations: coefficient, SE, t, p, LLCI, ULCI of every term; R², MSE, F, df1, df2 of each summary;
* direct effect, conditional direct effects, and (models 1–3) the conditional effect of X at each probe value;
* point estimates of (conditional) indirect effects and of the indices of moderated, partial moderated,
  moderated moderated and conditional moderated mediation.

A printed number matches when |ours − printed| ≤ 5e-5 (the printout's rounding; F to 5e-5 relative as
well).  Bootstrap SEs are Monte Carlo values of another resampling; they are summarised (largest
relative difference) but not counted.  Printed tables with no counterpart in pyprocessmacro's results are
listed as "not reported".  Prints one line per model and a summary; asserts nothing.
"""
from __future__ import annotations

import argparse
import json
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
REF = ROOT.parent / "shared" / "reference" / "process"
TOL = 5.0001e-5
STAT = {"coeff": "estimate", "Effect": "estimate", "se": "std_error", "SE": "std_error", "t": "statistic",
        "p": "p_value", "LLCI": "conf_low", "ULCI": "conf_high"}
BOOT_SE = ("Boot SE", "SE(Boot)")
NOT_REPORTED = ("R-square increase due to interaction(s):", "R-square increase due to three-way interaction:",
                "Conditional effect of X*M interaction at values of W:")


def kwargs_of(spec: dict) -> dict:
    """Process() keyword arguments from the printout's roles (PROCESS 2 letters, as pyprocessmacro uses)."""
    v = spec["variables"]
    out = {"x": v["X"], "y": v["Y"]}
    meds = [v[k] for k in ("M1", "M2", "M3", "M4") if k in v]
    if meds:
        out["m"] = meds
    elif "M" in v:                        # models 1–3: the first moderator is called M
        out["m"] = v["M"]
    for letter in ("W", "Z", "V", "Q"):
        if letter in v:
            out[letter.lower()] = v[letter]
    return out


def close(mine: float, printed: float, relative: bool = False) -> bool:
    if not np.isfinite(mine):
        return False
    tol = TOL + (abs(printed) * 5e-5 if relative else 0.0)
    return abs(mine - printed) <= tol


class Checker:
    """Comparisons of one model: counts, mismatches (with where), tables not reported, bootstrap SE spread."""

    def __init__(self, n: int):
        self.n, self.checked, self.bad, self.missing, self.boot_rel = n, 0, [], [], []

    def value(self, where: str, mine, printed, relative=False):
        self.checked += 1
        mine = float(mine) if mine is not None else float("nan")
        if not close(mine, printed, relative):
            self.bad.append((where, mine, printed))

    def row(self, where: str, mine: pd.Series | None, values: dict, stats=True):
        """A printed row against a tidy() row: the point estimate, and the test statistics when ``stats``."""
        if mine is None:
            self.missing.append(where)
            return
        for col, val in values.items():
            if col in STAT and (stats or STAT[col] == "estimate"):
                self.value(f"{where} {col}", mine[STAT[col]], val)
            elif col in BOOT_SE and np.isfinite(mine["std_error"]) and val > 0:
                self.boot_rel.append(abs(mine["std_error"] - val) / val)


def pick(frame: pd.DataFrame, **at) -> pd.Series | None:
    """The one row of ``frame`` whose columns equal ``at`` (numbers to the printed rounding)."""
    keep = np.ones(len(frame), bool)
    for col, val in at.items():
        if col not in frame.columns:
            return None
        if isinstance(val, str):
            keep &= (frame[col] == val).to_numpy()
        else:
            keep &= (np.abs(frame[col].astype(float) - val) <= TOL).to_numpy()
    rows = frame[keep]
    return rows.iloc[0] if len(rows) == 1 else None


def check_model(spec: dict, boot: int, seed: int):
    from pyprocessmacro import Process

    n = spec["model"]
    c = Checker(n)
    data = pd.read_csv(REF / spec["data_file"])
    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")           # the "retired model" notes of models 23–57 and 74
        p = Process(data=data, model=n, hc3=True, boot=boot, seed=seed, suppr_init=True, total=True,
                    **kwargs_of(spec))
        tidy, glance = p.tidy(), p.glance()
    seconds = time.perf_counter() - started
    # tidy() puts one column per moderator (model 74: X itself) between "moderator" and "estimate"
    cols = list(tidy.columns)
    moderators = [col for col in cols[cols.index("moderator") + 1:cols.index("estimate")] if col != "x_code"]
    outcome = tidy[tidy["component"] == "outcome"]
    direct = tidy[tidy["component"] == "direct"]
    indirect = tidy[tidy["component"] == "indirect"]
    components = set(tidy["component"])
    for t in spec["tables"]:
        heading, rows = t["heading"], t["rows"]
        if heading == "Model":
            eq = outcome[outcome["outcome"] == t["outcome"]]
            for r in rows:
                label = r["label"]
                if label == "constant":
                    term = "Cons"
                elif label.startswith("int_"):
                    want = frozenset(spec["product_terms"][t["outcome"]][label].split(" X "))
                    term = next((s for s in eq["term"] if frozenset(s.split("*")) == want), None)
                else:
                    term = label
                c.row(f"{t['outcome']}: {label}", pick(eq, term=term) if term else None, r["values"])
        elif heading == "Model Summary":
            g = glance[glance["outcome"] == t["outcome"]]
            if len(g) != 1:
                c.missing.append(f"{t['outcome']}: model summary")
                continue
            g, v = g.iloc[0], rows[0]["values"]
            c.value(f"{t['outcome']}: R-sq", g["r_squared"], v["R-sq"])
            c.value(f"{t['outcome']}: MSE", g["mse"], v["MSE"])
            c.value(f"{t['outcome']}: F", g["f_statistic"], v["F"], relative=True)
            c.value(f"{t['outcome']}: df1", g["df_model"], v["df1"])
            c.value(f"{t['outcome']}: df2", g["df_resid"], v["df2"])
        elif heading in ("Direct effect of X on Y", "Conditional direct effect(s) of X on Y at values of the "
                         "moderator(s):", "Conditional effect of X on Y at values of the moderator(s):"):
            for r in rows:
                at = {k: val for k, val in r["values"].items() if k in moderators}
                c.row(f"direct {at or ''}".strip(), pick(direct, **at), r["values"])
        elif heading in ("Indirect effect of X on Y", "Indirect effect(s) of X on Y"):
            for r in rows:
                label = r["label"].rstrip(" :")
                if label.upper() == "TOTAL":
                    mine = pick(tidy[tidy["component"] == "total"])
                else:
                    mine = pick(indirect, term=spec["indirect_effect_key"].get(label, label))
                c.row(f"indirect {label}", mine, r["values"], stats=False)
        elif heading == "Conditional indirect effect(s) of X on Y at values of the moderator(s):":
            for r in rows:
                at = {k: val for k, val in r["values"].items() if k in moderators}
                c.row(f"indirect {r['label']} {at}", pick(indirect, term=r["label"], **at), r["values"], stats=False)
        elif t["section"].startswith(("INDEX OF", "MODERATED AND CONDITIONAL")) or \
                heading == "Indirect effect of highest order product:":
            text = heading or t["section"]
            if "PARTIAL" in text:
                kind = "index_pmm"
            elif "CONDITIONAL MODERATED" in text:
                kind = "index_cmm"
            elif "MODERATED MODERATED" in text or (heading and "highest order" in heading
                                                   and "index_mm" not in components):
                kind = "index_mmm"
            else:
                kind = "index_mm"
            frame = tidy[tidy["component"] == kind]
            for r in rows:
                at = {k: val for k, val in r["values"].items() if k in moderators}
                key = {"term": r["label"], **at}
                if t.get("moderator"):
                    key["moderator"] = t["moderator"]
                values = {("Effect" if k == "Index" else k): val for k, val in r["values"].items()}
                c.row(f"{kind} {r['label']} {t.get('moderator') or ''} {at or ''}".strip(), pick(frame, **key),
                      values, stats=False)
        elif heading in NOT_REPORTED:
            c.missing.append(heading.rstrip(":"))
    return c, seconds


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--models", type=int, nargs="+", default=list(range(1, 77)))
    ap.add_argument("--boot", type=int, default=1000, help="bootstrap resamples per model (point estimates do "
                    "not depend on it)")
    ap.add_argument("--seed", type=int, default=123456)
    ap.add_argument("--show", type=int, default=3, help="mismatches printed per model")
    args = ap.parse_args(argv)
    try:
        import pyprocessmacro
    except ImportError:
        print("pyprocessmacro is not installed: pip install -e '.[bench]'  (or: pip install 'pyprocessmacro>=2.2,<3')")
        return
    specs = {m["model"]: m for m in json.loads((REF / "pyprocessmacro_results_ols.json").read_text())["models"]}
    print(f"pyprocessmacro {getattr(pyprocessmacro, '__version__', '?')} against PROCESS 2.16.3 printouts "
          f"({REF.name}/pyprocessmacro_results_ols.json); hc3=True, boot={args.boot}, seed={args.seed}; "
          f"tolerance {TOL:.0e} (4 printed decimals)")
    totals = {"checked": 0, "bad": 0, "models_bad": [], "failed": [], "missing": {}, "boot": [], "seconds": 0.0}
    for n in args.models:
        try:
            c, seconds = check_model(specs[n], args.boot, args.seed)
        except Exception as error:               # a model pyprocessmacro cannot fit: record and go on
            totals["failed"].append(n)
            print(f"model {n:2d}: FAILED {type(error).__name__}: {str(error).splitlines()[0][:150]}")
            continue
        totals["checked"] += c.checked
        totals["bad"] += len(c.bad)
        totals["seconds"] += seconds
        totals["boot"] += c.boot_rel
        for m in c.missing:
            totals["missing"].setdefault(m.split(" {")[0], []).append(n)
        if c.bad:
            totals["models_bad"].append(n)
        for where, _, _ in c.bad:
            kind = where.rsplit(" ", 1)[-1] if ": " in where else where.split(" ")[0]
            totals.setdefault("by_kind", {}).setdefault(kind, []).append(n)
        worst = max((abs(a - b) for _, a, b in c.bad), default=0.0)
        boot = f"; boot SE max rel. diff {max(c.boot_rel):.1%}" if c.boot_rel else ""
        print(f"model {n:2d}: {c.checked:3d} numbers, {len(c.bad):3d} mismatches"
              + (f" (largest |diff| {worst:.4g})" if c.bad else "")
              + (f", not reported: {len(c.missing)}" if c.missing else "") + f"{boot}; {seconds:.2f} s")
        for where, mine, printed in c.bad[:args.show]:
            print(f"      {where}: pyprocessmacro {mine:.6f}, PROCESS {printed:.4f}")
    print(f"\nsummary: {len(args.models) - len(totals['failed'])} of {len(args.models)} models fitted; "
          f"{totals['checked']} printed numbers compared, {totals['bad']} mismatches in "
          f"{len(totals['models_bad'])} models {totals['models_bad']}; failed: {totals['failed']}")
    for kind, models in totals.get("by_kind", {}).items():
        print(f"  mismatches in {kind}: {len(models)} in models {sorted(set(models))}")
    for what, models in totals["missing"].items():
        print(f"  not reported: {what}: models {sorted(set(models))}")
    if totals["boot"]:
        rel = np.array(totals["boot"])
        print(f"  bootstrap SEs ({args.boot} resamples vs PROCESS's 5000): median rel. diff {np.median(rel):.1%}, "
              f"95th percentile {np.percentile(rel, 95):.1%}")
    print(f"  fitting time, all models: {totals['seconds']:.1f} s")


if __name__ == "__main__":
    main()
