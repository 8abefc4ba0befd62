"""A whole PLS-SEM study in one call, reported as Hair et al. (2019) ask: :func:`pls` → :class:`PLSStudy`.

>>> study = research.pls(data, "lsq5", bootstrap=5000, seed=1, predict=True, target="LOY")
>>> study.table("paths")          # β, bootstrap SD, t, p, 95% CI, f²
>>> study.table("reliability")    # α (raw and standardized), ρA, ρC, AVE
>>> study.to_dict()               # the ``pls`` block of results.json

Steps (each a module of :mod:`research.pls`): estimation (:mod:`.fit`),
measurement and structural assessment (:mod:`.assessment`), bootstrap
(:mod:`.bootstrap`), PLSpredict and CVPAT (:mod:`.predict`), IPMA
(:mod:`.ipma`), and with a grouping column MICOM and multi-group analysis
(:mod:`.groups`).  A step that cannot run on these data (e.g. IPMA with a
negative weight) leaves a note and the others still run.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import ResearchError, invalid_option
from ..jsonsafe import jsonable
from ..messages import note_texts
from .fit import PLSResult, as_model, estimate_pls, has_higher_order

TABLES = ("paths", "scores", "weights", "loadings", "reliability", "indicator_reliability", "fornell_larcker",
          "cross_loadings", "htmt", "htmt2", "outer_vif", "inner_vif", "r2", "f2", "effects", "specific_indirect",
          "model_fit", "q2", "indirect", "total", "predict", "cvpat", "ipma", "micom", "mga")


@dataclass
class PLSStudy:
    """The estimated model and everything assessed about it (``None`` where a step was not asked for)."""

    fit: PLSResult
    assessment: object
    bootstrap: object = None
    predict: object = None
    cvpat: object = None
    ipma: object = None
    micom: object = None
    mga: object = None
    settings: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)

    def table(self, kind: str = "paths") -> pd.DataFrame:
        """One result table, numbers unformatted (``research.report.apa.display`` formats them)."""
        if kind not in TABLES:
            raise invalid_option("kind", str(kind)[:40], "Use one of: " + ", ".join(TABLES) + ".",
                                 "请使用以下之一：" + "、".join(TABLES) + "。", "請使用以下之一：" + "、".join(TABLES) + "。")
        if kind == "paths":
            return self._paths()
        if kind == "scores":
            return self.fit.scores      # construct scores (mean 0, SD 1), one row per response used
        if kind in ("indirect", "total") and self.bootstrap is not None:
            return self.bootstrap.table(kind)
        if kind in ("predict", "cvpat", "ipma", "micom", "mga"):
            obj = getattr(self, kind)
            if obj is None:
                raise invalid_option("kind", kind, f"This study has no {kind} step; ask for it when calling pls().",
                                     f"本研究没有运行 {kind}；请在调用 pls() 时开启。", f"本研究沒有執行 {kind}；請在呼叫 pls() 時開啟。")
            return obj.table()
        return getattr(self.assessment, kind)

    def _paths(self) -> pd.DataFrame:
        fit = self.fit
        rows = [{"lhs": t, "op": "~", "rhs": s, "est": fit.paths.loc[s, t]} for s, t in fit.model.paths]
        out = pd.DataFrame(rows)
        f2 = getattr(self.assessment, "f2", None)
        if isinstance(f2, pd.DataFrame) and {"from", "to", "f2"} <= set(f2.columns):
            out["f2"] = [f2.loc[(f2["from"] == r["rhs"]) & (f2["to"] == r["lhs"]), "f2"].iloc[0]
                         if ((f2["from"] == r["rhs"]) & (f2["to"] == r["lhs"])).any() else np.nan
                         for r in rows]
        if self.bootstrap is not None:
            boot = self.bootstrap.table("paths")
            key = {(r["to"], r["from"]): r for r in boot.to_dict("records")}
            for col in ("mean", "sd", "t", "p", "ci.lower", "ci.upper"):
                out[col] = [key.get((r["lhs"], r["rhs"]), {}).get(col, np.nan) for r in rows]
        return out

    def to_dict(self) -> dict:
        """The ``pls`` block of results.json (keys documented in the README)."""
        fit = self.fit
        out = {
            "settings": self.settings,
            "n": fit.n,
            "iterations": fit.iterations,
            "converged": fit.converged,
            "model": fit.model.to_syntax(),
            "constructs": [{"name": b.name, "items": list(b.items), "mode": b.mode, "reflective": b.reflective,
                            "consistent": bool(c)} for b, c in zip(fit.model.blocks, fit.estimates.consistent)],
            "paths": self._paths().to_dict("records"),
            "weights": _long(fit.weights, fit, "weight"),
            "loadings": _long(fit.loadings, fit, "loading"),
            "r2": {c: float(v) for c, v in fit.r2.items()},
            "construct_correlations": _square(fit.construct_correlations),
            "missing": {"method": fit.data.missing, "replaced": dict(fit.data.replaced),
                        "excluded": [{"row": str(r), "reason": why} for r, why in fit.data.excluded]},
            "assessment": self.assessment.to_dict() if self.assessment is not None else None,
        }
        for name in ("bootstrap", "predict", "cvpat", "ipma", "micom", "mga"):
            obj = getattr(self, name)
            out[name] = obj.to_dict() if obj is not None else None
        out["notes"] = [note_texts(n) for n in self.notes]
        return jsonable(out)


def _long(frame: pd.DataFrame, fit: PLSResult, name: str) -> list[dict]:
    """Construct, item, value for every indicator of the table (a higher-order fit's table also has the HOC's
    rows, named by its lower-order constructs)."""
    return [{"construct": c, "item": i, name: float(v)} for c in frame.columns for i, v in frame[c].items()
            if v != 0 and not pd.isna(v)]


def _square(frame: pd.DataFrame) -> dict:
    return {"rownames": list(frame.index), "colnames": list(frame.columns), "values": frame.to_numpy().tolist()}


def _step(notes: list, name: str, run):
    """Run one optional step; a ResearchError becomes a note, never the end of the study."""
    try:
        return run()
    except ResearchError as err:
        from ..messages import Note

        notes.append(Note(en=f"{name}: {err.message('en')}", zh_hans=f"{name}：{err.message('zh-Hans')}",
                          zh_hant=f"{name}：{err.message('zh-Hant')}"))
        return None


def pls(data: pd.DataFrame, model, *, scheme: str = "path", consistent=False, missing: str = "mean",
        moderation: str = "two_stage", hoc: str = "disjoint",
        bootstrap: int = 5000, seed=None, ci: str = "percentile", predict: bool = False, folds: int = 10,
        repetitions: int = 10, target: str | None = None, scale=None, group: str | None = None,
        n_perm: int = 5000, n_jobs: int = 1, scheduler=None, progress=None) -> PLSStudy:
    """Estimate and assess a PLS path model the way SmartPLS users report it (Hair et al. 2019).

    ``model``: lavaan syntax (``=~`` reflective, ``<~`` composite, ``~`` paths, ``A:B`` interactions), a
    :class:`~research.pls.model.PLSModel`, a questionnaire or a questionnaire's name (e.g. ``"lsq5"``).
    ``consistent=True``: PLSc for the reflective constructs.  ``bootstrap``: resamples (0 = none; SmartPLS's
    default 5000).  ``predict``: PLSpredict and CVPAT (``folds`` × ``repetitions``).  ``target``: the outcome
    of the IPMA (default: the last construct of the structural model).  ``scale``: the answer scale (min, max)
    for the IPMA's 0–100 performance (default: the questionnaire's, else the observed range).  ``group``: a
    column of ``data`` splitting it into groups for MICOM and multi-group analysis.  ``moderation``: how
    interaction terms ``A:B`` are formed (``"two_stage"``, SmartPLS's default, ``"product_indicator"``,
    ``"orthogonal"``); ``hoc``: how higher-order constructs (``HOC =~ LOC1 + LOC2``) are estimated
    (``"disjoint"`` two-stage, ``"embedded"``, ``"repeated"`` indicators).
    """
    from .assessment import assess

    questionnaire = None
    if isinstance(model, str) and "~" not in model:
        from ..questionnaire import load_questionnaire

        questionnaire = load_questionnaire(model)
        model = questionnaire
    elif hasattr(model, "structural_paths") and hasattr(model, "constructs"):
        questionnaire = model
    if not (isinstance(model, str) and has_higher_order(model)):
        model = as_model(model)
    if not isinstance(bootstrap, (int, np.integer)) or isinstance(bootstrap, bool) or bootstrap < 0:
        raise invalid_option("bootstrap", repr(bootstrap)[:40], "Give a whole number of resamples (0 = none).",
                             "请给出重抽样次数（整数，0 表示不做）。", "請給出重抽樣次數（整數，0 表示不做）。")
    if seed is None and (bootstrap or predict or group):
        seed = int(np.random.SeedSequence().entropy % 2**32)     # recorded, so the run can be repeated
    fit = estimate_pls(data, model, scheme=scheme, consistent=consistent, missing=missing, method=moderation,
                       hoc=hoc)
    notes = list(fit.notes)
    assessment = assess(fit)
    boot = None
    if bootstrap >= 2:
        from .bootstrap import bootstrap_pls

        boot = bootstrap_pls(fit, n_boot=int(bootstrap), seed=seed, ci=ci, n_jobs=n_jobs, scheduler=scheduler,
                             progress=progress)
    pred = cv = None
    if predict:
        from .predict import cvpat, predict_pls

        pred = _step(notes, "PLSpredict", lambda: predict_pls(fit, folds=folds, repetitions=repetitions, seed=seed))
        cv = _step(notes, "CVPAT", lambda: cvpat(fit, folds=folds, repetitions=repetitions, seed=seed))
    target = target or (fit.model.endogenous[-1] if fit.model.endogenous else None)
    importance = None
    if target is not None:
        from .ipma import pls_ipma

        scale = scale if scale is not None else _questionnaire_scale(questionnaire, fit)
        importance = _step(notes, "IPMA", lambda: pls_ipma(fit, target, **({} if scale is None else {"scale": scale})))
    micom_res = mga_res = None
    if group is not None:
        from .groups import mga, micom

        micom_res = _step(notes, "MICOM", lambda: micom(data, fit.model, group, n_perm=n_perm, seed=seed,
                                                         scheme=scheme, missing=missing))
        # the groups' paths as the study estimates them (PLSc when asked); MICOM compares the composites
        mga_res = _step(notes, "MGA", lambda: mga(data, fit.model, group, n_boot=max(int(bootstrap), 2) if bootstrap
                                                  else 1000, n_perm=n_perm, seed=seed, scheme=scheme,
                                                  consistent=consistent, missing=missing))
    settings = {"scheme": scheme, "consistent": consistent if isinstance(consistent, bool) else list(consistent),
                "missing": missing, "moderation": moderation, "hoc": hoc, "bootstrap": int(bootstrap), "seed": seed,
                "ci": ci, "predict": bool(predict), "folds": folds, "repetitions": repetitions, "target": target,
                "group": group, "stop_criterion": fit.tol, "max_iterations": fit.max_iter}
    return PLSStudy(fit, assessment, boot, pred, cv, importance, micom_res, mga_res, settings, notes)


def _questionnaire_scale(questionnaire, fit: PLSResult):
    """Per-item (min, max) of the questionnaire's answer scales, or None (the IPMA then uses the observed range)."""
    if questionnaire is None:
        return None
    out = {}
    for item in fit.items:
        try:
            sc = questionnaire.item(item).scale
        except KeyError:
            return None
        out[item] = (1.0, float(sc.points))     # scales are coded 1..points
    return out
