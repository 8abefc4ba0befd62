"""The marketer's block of ``research analyze``: drivers, ipa and index; with ``--group COL`` also groups and
invariance, and the drivers and index per segment.

What goes in (all on the analysed, screened rows):

* **construct scores** — mean item scores (half rule), on the rating scale;
* **target** — the outcome of the driver analysis: ``spec.target``, else the
  construct of the structural model with the most construct predictors (SAT
  in the LSQ model); the **drivers** are its construct predictors;
* **scale** — the questionnaire's rating scale of the drivers, else the range
  of the answers (stated in the result).

What comes out (each a results.json key):

* ``drivers`` — LMG and relative weights with bootstrap CIs and rank
  stability (:func:`research.marketing.importance.drivers`), for everyone and
  per segment;
* ``ipa`` — the importance–performance map with the SEM's standardised total
  effects on the target as importance; when the questionnaire asks how
  important each driver is (its ``importance:`` questions), a second map with
  the mean stated importance (``stated``); and the SmartPLS-style IPMA
  (unstandardised total effects against 0–100 performance) for the
  constructs and their items (item weights equal within a construct, as
  mean scores weight them);
* ``groups`` — construct means compared across the segments (Welch tests,
  Games–Howell, Holm correction);
* ``invariance`` — configural/metric/scalar invariance of the measurement
  model and every structural path compared across the segments
  (:mod:`research.sem.multigroup`);
* ``index`` — the weighted satisfaction index of the drivers (weights: the
  normalised standardised total effects; LMG shares when a total effect is
  negative), per respondent and per segment.

Segments too small for a step are named in that step's ``small_groups``
with their n, never dropped silently.  A step that cannot be done (e.g. an
SEM that does not converge in a segment) leaves a warning and its reason in
place of the result; the other steps still run.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import ResearchError, invalid_option
from ..sem.fit import ORDINAL_CHOICES
from ..sem.multigroup import compare_path, invariance, path_free_fit
from .groups import compare_groups
from .importance import drivers
from .index import satisfaction_index, weights_from
from .ipa import ipa, ipma

MIN_DRIVERS_GROUP = 30          # rows per segment for a driver analysis


def _code(v):
    """Segment codes as JSON-friendly keys: 2.0 → 2."""
    if isinstance(v, (float, np.floating)) and float(v).is_integer():
        return int(v)
    if isinstance(v, np.integer):
        return int(v)
    return v


def _warning(code: str, en: str, zh: str) -> dict:
    return {"code": code, "where": "marketing", "en": en, "zh-Hans": zh}


def _target(model, constructs, spec) -> tuple[str | None, list]:
    regs = {k: [v for v in preds if v in constructs] for k, preds in model.regressions.items() if k in constructs}
    if spec.target is not None:
        if spec.target not in regs or not regs[spec.target]:
            names = ", ".join(k for k, v in regs.items() if v) or "—"
            raise invalid_option("target", spec.target,
                                 f"The target must be a construct with construct predictors in the model: {names}.",
                                 f"目标必须是模型中有构念作为预测变量的构念：{names}。",
                                 f"目標必須是模型中有構念作為預測變項的構念：{names}。")
        return spec.target, regs[spec.target]
    best = max(regs.items(), key=lambda kv: len(kv[1]), default=(None, []))
    return (best[0], best[1]) if best[1] else (None, [])


def _scale(questionnaire, frame, constructs, names) -> tuple[tuple[float, float], str]:
    if questionnaire is not None:
        points = {it.scale.points for c in questionnaire.constructs if c.id in names for it in c.items}
        if len(points) == 1:
            return (1.0, float(points.pop())), "questionnaire"
    items = [i for c in names for i in constructs[c]]
    values = frame[items].to_numpy(dtype=float, na_value=np.nan)
    lo, hi = np.nanmin(values), np.nanmax(values)
    return (float(np.floor(lo)), float(np.ceil(hi))), "data"


def _labels(questionnaire, group) -> dict:
    """Segment code (as text) → its name in the three languages, from the questionnaire's options."""
    if questionnaire is None:
        return {}
    seg = next((s for s in questionnaire.segments if s.id == group), None)
    if seg is None:
        return {}
    return {str(o.code): {lang: o.text(lang) for lang in ("zh-Hans", "zh-Hant", "en")} for o in seg.options}


def _label(labels: dict, code) -> dict:
    """A segment's name in the three languages as the segment chart shows it (the questionnaire's option
    label; the code itself for a code the questionnaire does not name)."""
    entry = labels.get(str(code))
    return dict(entry) if entry else {lang: str(code) for lang in ("zh-Hans", "zh-Hant", "en")}


def marketing_block(frame: pd.DataFrame, scores: pd.DataFrame, model, constructs: dict, spec, questionnaire,
                    sem_result, effect_table, item_weights: dict | None = None,
                    source: str = "SEM") -> tuple[dict, list]:
    """``scores``: the mean item scores of ``constructs`` (construct → its observed items) on the rows of
    ``frame``; ``item_weights``: construct → item → the item's weight in that score (default equal);
    ``effect_table``: the total effects (``type``, ``from``, ``to``, ``std``, ``est``) of the model named by
    ``source`` ("SEM", or "PLS-SEM" for a PLS run), the drivers' importance in the IPA and the index."""
    warnings: list = []
    group = spec.group
    out: dict = {}
    if group is not None:
        # built as objects: .map would infer float64 from codes beside a missing value (1 → "1.0")
        g = pd.Series([_code(v) for v in frame[group]], index=frame.index, name=group, dtype=object)
        data = scores.assign(**{group: g})
        levels = [lv for lv in pd.unique(g.dropna())]
        sizes = {str(lv): int((g == lv).sum()) for lv in levels}
        labels = _labels(questionnaire, group)
        out["groups"] = _step(warnings, "groups", lambda: {
            "group": group, "labels": labels, "sizes": sizes,
            **compare_groups(data, group, list(constructs)).to_dict()})
    else:
        g, data, levels, labels = None, scores, [], {}

    target, predictors = _target(model, constructs, spec)
    if (target is None or sem_result is None) and group is not None:
        warnings.append(_warning("no_drivers", "The model has no structural part with construct predictors, so "
                                 "there is no driver analysis, IPA or index.",
                                 "模型没有以构念为预测变量的结构部分，因此不做驱动因素分析、IPA 和指数。"))
    elif target is not None and sem_result is not None:
        scale, scale_source = _scale(questionnaire, frame, constructs, [*predictors, target])
        total = effect_table[(effect_table["type"] == "total") & (effect_table["to"] == target)
                             & effect_table["from"].isin(predictors)].set_index("from")
        out["drivers"] = _step(warnings, "drivers",
                               lambda: _drivers(data, group, target, predictors, levels, spec, labels))
        out["ipa"] = _step(warnings, "ipa", lambda: _ipa(scores, frame, constructs, target, predictors, total,
                                                         scale, scale_source, questionnaire, item_weights, source))
        lmg_shares = None
        if isinstance(out["drivers"], dict) and "overall" in out["drivers"]:
            lmg_shares = {r["driver"]: r["lmg_share"] for r in out["drivers"]["overall"]["drivers"]}
        out["index"] = _step(warnings, "index", lambda: _index(scores, g, predictors, total, lmg_shares, scale,
                                                             scale_source, warnings, labels))
    if group is not None:
        out["invariance"] = _step(warnings, "invariance", lambda: _invariance(model, frame, group, constructs,
                                                                            levels, sizes, spec, labels))
    return out, warnings


def _step(warnings: list, name: str, run):
    """Run one step; a ResearchError becomes a warning and a reason, never a crash of the whole analysis."""
    try:
        return run()
    except ResearchError as err:
        warnings.append(_warning(f"{name}_failed", f"{name}: {err.message('en')}", f"{name}：{err.message('zh-Hans')}"))
        return {"error": {"en": err.message("en"), "zh-Hans": err.message("zh-Hans"),
                          "zh-Hant": err.message("zh-Hant")}}


def _drivers(data, group, target, predictors, levels, spec, labels=None) -> dict:
    n_boot = spec.bootstrap if spec.bootstrap >= 2 else 0
    overall = drivers(data, target, predictors, bootstrap=n_boot, seed=spec.seed)
    by_group, small = {}, []
    for lv in levels:
        part = data[data[group] == lv]
        n = int(part[[target, *predictors]].notna().all(axis=1).sum())
        if n < max(MIN_DRIVERS_GROUP, len(predictors) + 2):
            small.append({"group": str(lv), "label": _label(labels or {}, lv), "n": n,
                          "min": max(MIN_DRIVERS_GROUP, len(predictors) + 2)})
            continue
        by_group[str(lv)] = drivers(part, target, predictors, bootstrap=n_boot, seed=spec.seed).to_dict()
    out = {"target": target, "predictors": list(predictors), "overall": overall.to_dict(),
           "by_group": by_group, "small_groups": small}
    if group is not None:
        out["labels"] = {str(lv): _label(labels or {}, lv) for lv in levels}
    return out


def _ipa(scores, frame, constructs, target, predictors, total, scale, scale_source, questionnaire,
         item_weights=None, source: str = "SEM") -> dict:
    std = {c: float(total.loc[c, "std"]) for c in predictors}
    est = {c: float(total.loc[c, "est"]) for c in predictors}
    main = ipa(std, scores[predictors], scale=scale, importance_kind="total_effect")
    weights = {c: dict(item_weights[c]) if item_weights and c in item_weights else {i: 1.0 for i in constructs[c]}
               for c in predictors}
    items = list(dict.fromkeys(i for c in predictors for i in constructs[c]))
    stated = None
    known = {c.id for c in questionnaire.constructs} if questionnaire is not None else set()
    asked = {c: questionnaire.importance_for(c) for c in predictors if c in known}
    asked = {c: q for c, q in asked.items() if q is not None and q.id in frame.columns}
    if asked:
        means = {c: float(pd.to_numeric(frame[q.id], errors="coerce").mean()) for c, q in asked.items()}
        stated = ipa({c: v for c, v in means.items() if np.isfinite(v)}, scores[list(asked)], scale=scale,
                     importance_kind="stated").to_dict()
        stated["questions"] = {c: q.id for c, q in asked.items()}
    return {"target": target, "scale": list(scale), "scale_source": scale_source,
            "importance": f"standardised total effect on the target ({source})",
            "map": main.to_dict(), "stated": stated,
            "ipma": ipma(est, scores[predictors], scale=scale, target=target).to_dict(),
            "ipma_items": _ipma_items(est, scores, frame, predictors, weights, items, scale, target)}


def _ipma_items(est, scores, frame, predictors, weights, items, scale, target) -> dict:
    """The item-level IPMA; not drawn when an item belongs to two of the drivers (a cross-loading, or a
    higher-order driver beside one of its dimensions), since its importance would be counted twice."""
    owners: dict = {}
    for c in predictors:
        for i in weights[c]:
            owners.setdefault(i, []).append(c)
    shared = {i: cs for i, cs in owners.items() if len(cs) > 1}
    if shared:
        item, cs = next(iter(shared.items()))
        return {"not_applicable": {
            "en": f"Item {item} belongs to {' and '.join(cs)}, so the item-level map would count it twice.",
            "zh-Hans": f"题目 {item} 同时属于 {'、'.join(cs)}，题目层面的图会重复计算它，故不绘制。",
            "zh-Hant": f"題目 {item} 同時屬於 {'、'.join(cs)}，題目層面的圖會重複計算它，故不繪製。"}}
    return ipma(est, scores[predictors], scale=scale, target=target, indicator_weights=weights,
                item_scores=frame[items], level="indicator").to_dict()


def _index(scores, g, predictors, total, lmg_shares, scale, scale_source, warnings, labels=None) -> dict:
    std = {c: float(total.loc[c, "std"]) for c in predictors}
    source = "standardised total effects on the target"
    if min(std.values()) <= 0:
        if lmg_shares is None:
            raise invalid_option("weights", "total effect ≤ 0", "No usable weights.", "没有可用的权重。",
                                 "沒有可用的權重。")
        warnings.append(_warning("index_weights_lmg", "A driver's total effect is not positive, so the index "
                                 "weights are the LMG shares of R² instead.",
                                 "有驱动因素的总效应不为正，因此指数权重改用 LMG 的 R² 份额。"))
        std, source = dict(lmg_shares), "LMG shares of R²"
    res = satisfaction_index(scores[predictors], weights_from(std), scale=scale, group=g,
                             weights_source="derived")
    d = res.to_dict()
    d.update({"weights_from": source, "scale_source": scale_source})
    for seg in d.get("segments") or []:
        seg["label"] = _label(labels or {}, seg.get("segment"))
    return d


_ORDINAL_LEFT_OUT = {
    "en": "With ordered items ({est}) invariance is tested in Wu & Estabrook's (2016) steps (thresholds, then "
          "loadings, then intercepts, each by lavaan's scaled χ² difference test); {what} are not offered for "
          "ordered items and were left out",
    "zh-Hans": "有序题目（{est}）下按 Wu 与 Estabrook（2016）的步骤检验不变性（阈值、载荷、截距依次约束，每步使用 lavaan 的"
               "校正 χ² 差异检验）；{what}不适用于有序题目，已略去",
    "zh-Hant": "有序題目（{est}）下依 Wu 與 Estabrook（2016）的步驟檢定不變性（閾值、負荷量、截距依次限制，每步使用 lavaan 的"
               "校正 χ² 差異檢定）；{what}不適用於有序題目，已略去"}
_ORDINAL_WHAT = {
    "paths": {"en": "the per-path comparisons across segments", "zh-Hans": "各路径的跨组比较",
              "zh-Hant": "各路徑的跨組比較"},
    "strict": {"en": "the strict level", "zh-Hans": "严格不变性", "zh-Hant": "嚴格不變性"},
    "free": {"en": "released equalities (partial invariance)", "zh-Hans": "释放的等同约束（部分不变性）",
             "zh-Hant": "釋放的等同限制（部分不變性）"},
}


def _ordinal_invariance(model, data, group, items, spec) -> dict:
    """Invariance of the measurement model with ordered items (research.sem.wls_multigroup.ordinal_invariance:
    configural → thresholds → loadings → intercepts, Wu & Estabrook 2016, lavTestLRT's scaled difference); what
    the ML route adds (path comparisons, strict level, partial equalities) is said to be left out."""
    from ..sem.wls_multigroup import ordinal_invariance

    ordered = [i for i in items if i in set(spec.ordered or items)]
    inv = ordinal_invariance(model.measurement_only(), data, group, ordered=ordered, estimator=spec.estimator,
                             parameterization=spec.parameterization, missing=spec.missing)
    measurement = inv.to_dict()
    measurement["suggestions"] = []
    what = ["paths"] if any(True for _ in model.regressions.items()) else []
    what += ["strict"] if spec.strict else []
    what += ["free"] if spec.free else []
    out = {"measurement": measurement, "paths": [], "method": "wu.estabrook.2016",
           "parameterization": spec.parameterization}
    if what:
        sep = {"en": ", ", "zh-Hans": "、", "zh-Hant": "、"}
        out["left_out"] = {lang: text.format(est=spec.estimator, what=sep[lang].join(_ORDINAL_WHAT[w][lang]
                                                                                      for w in what))
                           for lang, text in _ORDINAL_LEFT_OUT.items()}
    return out


def _invariance(model, frame, group, constructs, levels, sizes, spec, labels=None) -> dict:
    """Measurement invariance and every structural path across the segments, with the run's estimator and
    missing-data option; when a level fails, the equalities whose release the score test favours are
    suggested (lavaan's lavTestScore), or released one at a time with ``search_partial``."""
    from ..sem.multigroup import LEVEL_CLASS
    from ..sem.multigroup_score import release_candidates

    items = list(dict.fromkeys(i for its in constructs.values() for i in its))
    answered = frame[items].notna()
    usable_rows = (answered.any(axis=1) if spec.missing in ("fiml", "pairwise") else answered.all(axis=1)) \
        & frame[group].notna()
    need = max(2 * len(items), 50)
    codes = frame[group].map(_code)
    counts = {lv: int((usable_rows & (codes == lv)).sum()) for lv in levels}
    usable = [lv for lv in levels if counts[lv] >= need]
    labels = {str(lv): _label(labels or {}, lv) for lv in levels}
    small = [{"group": str(lv), "label": labels[str(lv)], "n": counts[lv], "min": need}
             for lv in levels if lv not in usable]
    rows_word = "rows with an answer" if spec.missing == "fiml" else "complete answers"
    out = {"group": group, "min_group_size": need, "small_groups": small, "groups_used": [str(x) for x in usable],
           "labels": labels, "estimator": spec.estimator, "missing": spec.missing}
    if len(usable) < 2:
        out["skipped"] = {"en": f"Fewer than two segments have {need} {rows_word}, the minimum for a "
                                f"multi-group model of {len(items)} items.",
                          "zh-Hans": f"{'有作答' if spec.missing == 'fiml' else '完整作答'}达到 {need} 份的分组不足两个，"
                                     f"这是 {len(items)} 个题目的多组模型所需的最少样本。",
                          "zh-Hant": f"{'有作答' if spec.missing == 'fiml' else '完整作答'}達到 {need} 份的分組不足兩個，"
                                     f"這是 {len(items)} 個題目的多組模型所需的最少樣本。"}
        return out
    data = frame.assign(**{group: codes})
    if spec.estimator in ORDINAL_CHOICES:
        out.update(_ordinal_invariance(model, data[data[group].isin(usable)], group, items, spec))
        return out
    levels_wanted = ("configural", "metric", "scalar") + (("strict",) if spec.strict else ())
    options = {"groups": usable, "estimator": spec.estimator, "missing": spec.missing}
    inv = invariance(model.measurement_only(), data, group, levels=levels_wanted, partial=spec.free,
                     search_partial=spec.search_partial, **options)
    out["measurement"] = inv.to_dict()
    suggestions = []
    for comp in inv.comparisons:
        if comp["holds"] is False and comp["model"] in LEVEL_CLASS:
            cand = release_candidates(inv.fits[comp["model"]], LEVEL_CLASS[comp["model"]])
            suggestions.append({"level": comp["model"], "class": LEVEL_CLASS[comp["model"]],
                                "candidates": cand.head(5).to_dict(orient="records")})
    out["measurement"]["suggestions"] = suggestions
    paths = [f"{lhs} ~ {rhs}" for lhs, preds in model.regressions.items() for rhs in preds
             if lhs in constructs and rhs in constructs]
    out["paths"] = []
    free_fit, free_error = None, None
    if paths:
        try:                # every path is compared against the same fit (all paths free): made once
            free_fit = path_free_fit(model, data, group, partial=spec.free, **options)
        except ResearchError as err:
            free_error = err
    for path in paths:
        try:
            if free_error is not None:
                raise free_error
            res = compare_path(model, data, group, path, partial=spec.free, free_fit=free_fit, **options)
            for row in res["per_group"]:
                row["label"] = labels.get(str(row["group"])) or _label({}, row["group"])
            for pair in res["wald"]:
                pair["label_a"] = labels.get(str(pair["a"])) or _label({}, pair["a"])
                pair["label_b"] = labels.get(str(pair["b"])) or _label({}, pair["b"])
            out["paths"].append(res)
        except ResearchError as err:
            out["paths"].append({"path": path, "error": {"en": err.message("en"),
                                                         "zh-Hans": err.message("zh-Hans"),
                                                         "zh-Hant": err.message("zh-Hant")}})
    return out
