"""Waves of one study: the satisfaction index, its dimensions and the drivers' importance per wave, and the
change between two waves (issue 18 point 4).

>>> waves = waves_from_store(store, study_id, key)            # {wave name: Responses}, in wave order
>>> trend = wave_trend(waves, "lsq5", boot=1000, seed=1)
>>> trend.table(lang="zh-Hant"); trend.to_dict(); plot(trend, lang="zh-Hans")
>>> change = wave_change(waves["2026 Q1"], waves["2026 Q2"], "lsq5", labels=("2026 Q1", "2026 Q2"))
>>> change.table(); change.invariance.table(); change.warnings

**What a wave gives.**  A wave is a :class:`research.Responses` (screened with
:func:`research.screening.screen` unless ``screen=False``; the screening is
reported per wave) or a DataFrame of item answers as analysed (reverse-keyed
items already recoded, as ``Responses.items``).  Construct scores are the
mean item scores with the half rule, exactly as :func:`research.analyze`
builds them (:func:`research.measurement.mean_scores` on the questionnaire's
measurement model).

**Per wave** (:func:`wave_trend`): n; the satisfaction index
(:func:`research.marketing.index.satisfaction_index`: mean, SD, SE, t-based
CI, grade of the mean and the grade distribution); every construct's mean
score with SD, SE and the t-based CI, on the rating scale and rescaled to
0–100 as the index rescales it, I = (x − min)/(max − min)·100; and, with
``importance=True``, the drivers' relative importance for the target
(:func:`research.marketing.importance.drivers`: LMG shares of R² with
bootstrap percentile CIs, relative weights beside them).

**The index is the same index in every wave.**  Its dimensions are the
target's construct predictors (the drivers; all constructs for a
questionnaire without a structural part) and its weights are fixed across
waves: equal weights (``weights=None``) or the weights given (e.g. from the
pooled analysis, :func:`research.marketing.index.weights_from`).  Weights
re-derived in each wave would make a change of the index mix a change of
performance with a change of weights.

**Change between two waves** (:func:`wave_change`): different respondents
answer in each wave, so the waves are independent samples (no pairing).
For the index and each construct: the difference b − a of the means, its
Welch (1947) t, df, p and t-based CI, diff ± t(1 − (1 − level)/2; df)·SE with
SE = √(s_a²/n_a + s_b²/n_b), also on 0–100, and Hedges' g (Hedges 1981) with
its CI — all from :func:`research.marketing.groups.compare_groups`
(pingouin's ttest(correction=True) and compute_effsize(eftype="hedges")).
The constructs' p-values are Holm (1979) adjusted over the constructs; the
index has its own test, not in that family.

**Measurement invariance first.**  Before means are compared, the
questionnaire's measurement model is fitted to both waves jointly
(:func:`research.sem.multigroup.invariance`: configural → metric → scalar,
Chen's 2007 Δ-fit rule; with ``partial=True`` the score-test search releases
non-invariant loadings or intercepts one at a time, lavaan's lavTestScore).
A comparison of means — observed mean scores or latent means — is
warranted only when scalar invariance holds, fully or partially
(Vandenberg & Lance 2000; Byrne, Shavelson & Muthén 1989).  Otherwise the
result carries a warning in three languages, and so it does when invariance
could not be tested (too few complete answers, or a fit that fails).  With
partial scalar invariance the constructs with a released item are named:
their mean score still averages the non-invariant item, their latent mean
(from the partial scalar model, wave a's fixed at 0) does not.

The configural model's own fit comes before any step: Chen's Δ-fit rule
compares nested models, and when the measurement model does not fit the
two waves in the first place (CFI < .90, RMSEA > .08 or SRMR > .08, the
common thresholds of DOMAIN.md; Hu & Bentler 1999 for SRMR) every later
step is judged against a poor baseline.  The result then carries the
configural CFI/RMSEA/SRMR (``configural_fit``), the level is "none" (not
even configural invariance), the mean comparisons are not warranted, and a
warning in three languages says so before any mean is compared
(Vandenberg & Lance 2000; Putnick & Bornstein 2016).
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import SimpleNamespace

import numpy as np
import pandas as pd
from scipy import stats

from ..errors import ResearchError, invalid_data, invalid_option
from ..jsonsafe import jsonable
from ..messages import LANGUAGES
from ..responses import Responses
from .groups import _describe, compare_groups
from .importance import drivers
from .index import DEFAULT_GRADES, _check_level, satisfaction_index
from .ipa import _check_lang
from .pipeline import MIN_DRIVERS_GROUP, _scale, _target

LEVELS = ("configural", "metric", "scalar")
_SOURCES = {
    "index": "satisfaction_index: E = Σ wᵢ·Iᵢ (DOMAIN.md §6); t-based CI",
    "importance": "LMG (Lindeman, Merenda & Gold 1980; Grömping 2006), bootstrap percentile CI",
    "welch": "Welch 1947",
    "hedges_g": "Hedges 1981; Hedges & Olkin 1985",
    "holm": "Holm 1979",
    "invariance": "Chen 2007; Cheung & Rensvold 2002; Vandenberg & Lance 2000",
}
_INDEX = {"en": "Satisfaction index", "zh-Hans": "满意度指数", "zh-Hant": "滿意度指數"}
_LEVEL_NAME = {
    "configural": {"en": "configural", "zh-Hans": "形态不变性", "zh-Hant": "形貌不變性"},
    "metric": {"en": "metric", "zh-Hans": "度量不变性（载荷等同）", "zh-Hant": "量尺不變性（負荷量等同）"},
    "scalar": {"en": "scalar", "zh-Hans": "标量不变性（截距等同）", "zh-Hant": "純量不變性（截距等同）"},
    "partial scalar": {"en": "partial scalar", "zh-Hans": "部分标量不变性（部分截距等同）",
                       "zh-Hant": "部分純量不變性（部分截距等同）"},
    "none": {"en": "not even configural", "zh-Hans": "形态不变性亦不成立", "zh-Hant": "形貌不變性亦不成立"},
}
DESIGN = {"en": "The waves are independent samples (different respondents in each wave): means are compared with "
                "Welch's t-test for independent samples, not a paired test.",
          "zh-Hans": "各期为独立样本（每期的受访者不同）：均值以独立样本 Welch t 检验比较，而非配对检验。",
          "zh-Hant": "各期為獨立樣本（每期的受訪者不同）：平均數以獨立樣本 Welch t 檢定比較，而非成對檢定。"}


def _say(code: str, en: str, zh_hans: str, zh_hant: str) -> dict:
    return {"code": code, "en": en, "zh-Hans": zh_hans, "zh-Hant": zh_hant}


# --------------------------------------------------------------------------
# the waves in
# --------------------------------------------------------------------------

def _questionnaire(questionnaire, first):
    from ..questionnaire import Questionnaire, load_questionnaire

    if questionnaire is None:
        if isinstance(first, Responses):
            return first.questionnaire
        raise invalid_option("questionnaire", "None",
                             "Name the questionnaire (e.g. 'lsq5') when the waves are tables of item answers.",
                             "当各期数据为题目作答表时，请指定问卷（例如 'lsq5'）。",
                             "當各期資料為題目作答表時，請指定問卷（例如 'lsq5'）。")
    return questionnaire if isinstance(questionnaire, Questionnaire) else load_questionnaire(questionnaire)


@dataclass(frozen=True)
class _Model:
    """The questionnaire's model as the analysis reads it."""

    q: object
    model: object
    constructs: dict               # construct → its observed items
    structure: object
    target: str | None
    drivers: list
    index_dims: list


def _model(q, weights, target) -> _Model:
    from ..measurement import Structure
    from ..sem.syntax import parse_model

    model = parse_model(q.lavaan())
    structure = Structure.from_model(model)
    constructs = structure.items
    tgt, preds = _target(model, constructs, SimpleNamespace(target=target))
    if weights is not None:
        dims = list(weights.keys()) if isinstance(weights, (Mapping, pd.Series)) else []
        absent = [d for d in dims if d not in constructs]
        if absent:
            raise invalid_option("weights", f"{absent[0]!r} ∉ {{{', '.join(constructs)}}}",
                                 "Name in weights= only constructs of the questionnaire.",
                                 "weights= 中只能列出问卷中的构念。", "weights= 中只能列出問卷中的構念。",
                                 column=str(absent[0]))
    else:
        dims = list(preds) if preds else list(structure.first_order)
    return _Model(q=q, model=model, constructs=constructs, structure=structure, target=tgt, drivers=list(preds),
                  index_dims=dims)


def _label(label) -> str:
    if not isinstance(label, (str, int, np.integer)) or isinstance(label, bool) or str(label).strip() == "":
        raise invalid_option("waves", repr(label)[:40], "Name each wave with a non-empty text (e.g. '2026 Q1').",
                             "请为每一期给出非空的名称（例如 '2026 Q1'）。", "請為每一期提供非空的名稱（例如 '2026 Q1'）。")
    return str(label)


def _frame(data, m: _Model, label: str, screen: bool, screening: dict | None) -> tuple[pd.DataFrame, dict | None]:
    """(item answers of the wave as analysed, its screening summary or None)."""
    items = list(dict.fromkeys(i for its in m.constructs.values() for i in its))
    if isinstance(data, Responses):
        summary = None
        if screen:
            from ..screening import screen as run_screen
            s = run_screen(data, **(screening or {}))
            data, full = s.kept, s.to_dict()
            summary = {k: full[k] for k in ("n", "n_kept", "n_excluded", "counts")}
        frame = data.items
    elif isinstance(data, pd.DataFrame):
        frame, summary = data, None
    else:
        raise invalid_option("waves", f"{label}: {type(data).__name__}",
                             "Give each wave as loaded responses (research.load_responses) or a DataFrame of item "
                             "answers.", "请以导入的答卷（research.load_responses）或题目作答的 DataFrame 给出每一期。",
                             "請以匯入的答卷（research.load_responses）或題目作答的 DataFrame 提供每一期。")
    absent = [i for i in items if i not in frame.columns]
    if absent:
        raise invalid_data(f"{label}: {', '.join(absent[:10])}",
                           f"Wave {label} has no column for these questions of the questionnaire.",
                           f"第「{label}」期缺少问卷中这些题目的列。", f"第「{label}」期缺少問卷中這些題目的欄。",
                           column=absent[0])
    values = frame[items].apply(pd.to_numeric, errors="coerce")
    bad = [c for c in items if values[c].isna().sum() > frame[c].isna().sum()]
    if bad:
        raise invalid_data(f"{label}: {bad[0]}", f"Wave {label} has text where a number is expected.",
                           f"第「{label}」期在应为数字的地方有文字。", f"第「{label}」期在應為數字的地方有文字。",
                           column=bad[0])
    if not len(values):
        raise invalid_data(f"{label}: n = 0", f"Wave {label} has no responses.", f"第「{label}」期没有答卷。",
                           f"第「{label}」期沒有答卷。")
    return values.reset_index(drop=True), summary


def _scores(frame: pd.DataFrame, m: _Model) -> pd.DataFrame:
    from ..measurement import mean_scores
    return mean_scores(frame, m.structure)


def _scales(m: _Model, frames: list) -> tuple[dict, tuple, str]:
    """Each construct's rating scale and the index's, from the questionnaire (else the answers' range)."""
    pooled = pd.concat(frames, ignore_index=True)
    per = {c: _scale(m.q, pooled, m.constructs, [c])[0] for c in m.constructs}
    scale, source = _scale(m.q, pooled, m.constructs, m.index_dims)
    return per, scale, source


def _names(m: _Model) -> dict:
    known = {c.id: c for c in m.q.constructs}
    return {c: ({lang: known[c].label(lang) for lang in LANGUAGES} if c in known else
                {lang: c for lang in LANGUAGES}) for c in m.constructs}


def _dimension_rows(scores: pd.DataFrame, scales: dict, level: float) -> list[dict]:
    rows = []
    for c in scores.columns:
        x = scores[c].to_numpy(dtype=float)
        x = x[~np.isnan(x)]
        d = _describe(x, level)
        lo, hi = scales[c]
        k = 100.0 / (hi - lo)
        rows.append({"dimension": c, "n": d["n"], "n_missing": int(len(scores) - d["n"]), "mean": d["mean"],
                     "sd": d["sd"], "se": d["se"], "ci_lower": d["ci_lower"], "ci_upper": d["ci_upper"],
                     "mean_100": (d["mean"] - lo) * k, "sd_100": d["sd"] * k, "se_100": d["se"] * k,
                     "ci_lower_100": (d["ci_lower"] - lo) * k, "ci_upper_100": (d["ci_upper"] - lo) * k})
    return rows


def _check_boot(boot) -> int:
    if isinstance(boot, bool) or not isinstance(boot, (int, np.integer)) or boot < 0:
        raise invalid_option("boot", repr(boot)[:40], "Give the number of bootstrap resamples as a whole number ≥ 0.",
                             "请以 ≥ 0 的整数给出自助抽样次数。", "請以 ≥ 0 的整數提供拔靴抽樣次數。")
    return int(boot)


# --------------------------------------------------------------------------
# trend
# --------------------------------------------------------------------------

_TABLE_COLUMNS = ["wave", "kind", "variable", "name", "statistic", "n", "estimate", "sd", "se", "ci_lower",
                  "ci_upper", "grade"]


@dataclass(frozen=True, eq=False)
class TrendResult:
    """The result of :func:`wave_trend`.

    ``waves``: the wave labels in order; ``index``: wave → IndexResult;
    ``dimensions``: one row per wave × construct (n, mean, SD, SE, CI on the
    rating scale and on 0–100); ``importance``: wave → DriversResult, or None
    where the wave is too small or ``importance=False``.
    """

    waves: tuple
    questionnaire: str
    constructs: tuple
    names: dict                      # construct → {lang: name}
    index_dimensions: tuple
    weights: dict
    weights_source: str
    scale: tuple
    scales: dict                     # construct → (min, max)
    target: str | None
    drivers: tuple
    level: float
    seed: int | None
    boot: int
    n: dict                          # wave → rows analysed
    screening: dict                  # wave → screening summary, or None
    index: dict                      # wave → IndexResult
    dimensions: pd.DataFrame
    importance: dict                 # wave → DriversResult | None
    notes: tuple = ()

    def name(self, variable, lang: str = "en") -> str:
        if variable == "index":
            return _INDEX[lang]
        return self.names.get(variable, {}).get(lang, str(variable))

    def table(self, lang: str = "en") -> pd.DataFrame:
        """Long form, one row per wave × quantity: ``kind`` index | dimension | importance; ``statistic``
        ``index`` (0–100), ``mean`` (rating scale), ``mean_100`` (0–100) or ``lmg_share`` (share of R², CI
        by bootstrap); names and grades in ``lang``."""
        _check_lang(lang)
        rows = []
        for w in self.waves:
            o = self.index[w].overall
            grade = None if o["grade"] is None else self.index[w].grades[o["grade"]].name(lang)
            rows.append({"wave": w, "kind": "index", "variable": "index", "name": _INDEX[lang], "statistic": "index",
                         "n": o["n"], "estimate": o["mean"], "sd": o["sd"], "se": o["se"], "ci_lower": o["ci_low"],
                         "ci_upper": o["ci_high"], "grade": grade})
            for r in self.dimensions[self.dimensions["wave"] == w].itertuples(index=False):
                for stat, sfx in (("mean", ""), ("mean_100", "_100")):
                    rows.append({"wave": w, "kind": "dimension", "variable": r.dimension,
                                 "name": self.name(r.dimension, lang), "statistic": stat, "n": r.n,
                                 "estimate": getattr(r, "mean" + sfx), "sd": getattr(r, "sd" + sfx),
                                 "se": getattr(r, "se" + sfx),
                                 "ci_lower": getattr(r, "ci_lower" + sfx), "ci_upper": getattr(r, "ci_upper" + sfx),
                                 "grade": None})
            res = self.importance.get(w)
            if res is not None:
                for d, e in res.estimates.iterrows():
                    rows.append({"wave": w, "kind": "importance", "variable": d, "name": self.name(d, lang),
                                 "statistic": "lmg_share", "n": res.n, "estimate": e["lmg_share"], "sd": np.nan,
                                 "se": np.nan, "ci_lower": e["lmg_share_ci_lower"],
                                 "ci_upper": e["lmg_share_ci_upper"], "grade": None})
        return pd.DataFrame(rows, columns=_TABLE_COLUMNS)

    def to_dict(self) -> dict:
        waves = []
        for w in self.waves:
            idx = self.index[w].to_dict()
            dims = self.dimensions[self.dimensions["wave"] == w].drop(columns="wave").to_dict(orient="records")
            res = self.importance.get(w)
            waves.append({"wave": w, "n": self.n[w], "screening": self.screening.get(w),
                          "index": idx["overall"], "index_notes": idx["notes"], "index_missing_rows":
                          idx["missing_rows"], "dimensions": dims,
                          "importance": None if res is None else res.to_dict()})
        return jsonable({
            "analysis": "wave_trend", "questionnaire": self.questionnaire, "waves": waves,
            "wave_labels": list(self.waves), "constructs": list(self.constructs),
            "names": {**self.names, "index": dict(_INDEX)},
            "index_dimensions": list(self.index_dimensions), "weights": self.weights,
            "weights_source": self.weights_source, "scale": list(self.scale),
            "scales": {c: list(s) for c, s in self.scales.items()}, "target": self.target,
            "drivers": list(self.drivers), "level": self.level, "seed": self.seed, "boot": self.boot,
            "grades": self.index[self.waves[0]].to_dict()["grades"], "sources": {k: _SOURCES[k] for k in
                                                                               ("index", "importance")},
            "notes": list(self.notes), "table": self.table("en").to_dict(orient="records"),
        })

    def plot(self, lang: str = "en", **kwargs):
        """Same as :func:`plot`."""
        return plot(self, lang=lang, **kwargs)


def _prepare(waves, questionnaire, weights, target, screen, screening):
    if not isinstance(waves, Mapping) or not waves:
        raise invalid_option("waves", type(waves).__name__ if not isinstance(waves, Mapping) else "k = 0",
                             "Give the waves as a mapping wave label → responses, e.g. {'2026 Q1': r1, '2026 Q2': r2}.",
                             "请以字典给出各期：期名 → 答卷，例如 {'2026 Q1': r1, '2026 Q2': r2}。",
                             "請以字典提供各期：期名 → 答卷，例如 {'2026 Q1': r1, '2026 Q2': r2}。")
    labels = [_label(k) for k in waves]
    if len(set(labels)) != len(labels):
        dup = next(x for x in labels if labels.count(x) > 1)
        raise invalid_option("waves", f"{dup!r} × 2", "Give every wave its own name.", "每一期的名称必须不同。",
                             "每一期的名稱必須不同。")
    q = _questionnaire(questionnaire, next(iter(waves.values())))
    m = _model(q, weights, target)
    frames, screened = {}, {}
    for label, data in zip(labels, waves.values()):
        frames[label], screened[label] = _frame(data, m, label, screen, screening)
    return q, m, frames, screened


def wave_trend(waves: Mapping, questionnaire=None, *, weights=None, weights_source: str | None = None,
               target: str | None = None, level: float = 0.95, importance: bool = True, boot: int = 1000,
               seed=None, screen: bool = True, screening: dict | None = None, grades=DEFAULT_GRADES,
               boundary: str = "lower") -> TrendResult:
    """The satisfaction index, every construct's mean and the drivers' importance per wave (module docstring).

    ``waves``: mapping wave label → :class:`research.Responses` or DataFrame of item answers, in wave order.
    ``questionnaire``: a name, path or Questionnaire (default: the responses' own).  ``weights``: None (equal
    weights over the drivers) or a mapping construct → weight, the same for every wave; ``weights_source`` as
    :func:`satisfaction_index`.  ``target``: the outcome of the driver analysis (default: the construct with the
    most construct predictors, SAT in LSQ-5).  ``level``: confidence level of every CI.  ``importance``: LMG /
    relative weights per wave with ``boot`` bootstrap resamples and ``seed`` (the same seed in every wave; None
    draws one, recorded in the result); waves with fewer than 30 complete rows get no importance (noted).
    ``screen``/``screening``: screen loaded responses with :func:`research.screening.screen` (overrides
    as keyword options).  ``grades``/``boundary``: the index's grade bands.
    """
    level = _check_level(level)
    boot = _check_boot(boot)
    q, m, frames, screened = _prepare(waves, questionnaire, weights, target, screen, screening)
    scales, scale, _ = _scales(m, list(frames.values()))
    if seed is None and importance and boot:
        seed = int(np.random.SeedSequence().entropy % 2**32)    # an unseeded run records the seed it used
    notes = []
    index, dims, imp, n = {}, [], {}, {}
    for label, frame in frames.items():
        scores = _scores(frame, m)
        n[label] = int(len(frame))
        index[label] = satisfaction_index(scores[m.index_dims], weights, scale=scale, grades=grades,
                                          boundary=boundary, level=level, weights_source=weights_source)
        dims += [{"wave": label, **r} for r in _dimension_rows(scores, scales, level)]
        imp[label] = None
        if importance and m.target is not None and m.drivers:
            need = max(MIN_DRIVERS_GROUP, len(m.drivers) + 2)
            usable = int(scores[[m.target, *m.drivers]].notna().all(axis=1).sum())
            if usable < need:
                notes.append(_say("importance_small_wave",
                                  f"Wave {label}: {usable} complete rows, fewer than {need}: no driver importance.",
                                  f"第「{label}」期只有 {usable} 份完整作答，少于 {need} 份，未计算驱动因素重要性。",
                                  f"第「{label}」期只有 {usable} 份完整作答，少於 {need} 份，未計算驅動因素重要性。"))
            else:
                imp[label] = drivers(scores, m.target, m.drivers, bootstrap=boot, seed=seed, level=level)
    if importance and (m.target is None or not m.drivers):
        notes.append(_say("no_drivers", "The questionnaire's model has no structural part with construct "
                          "predictors, so there is no driver importance.",
                          "问卷的模型没有以构念为预测变量的结构部分，因此不计算驱动因素重要性。",
                          "問卷的模型沒有以構念為預測變項的結構部分，因此不計算驅動因素重要性。"))
    first = index[next(iter(index))]
    return TrendResult(
        waves=tuple(frames), questionnaire=q.id, constructs=tuple(m.constructs), names=_names(m),
        index_dimensions=tuple(first.dimensions), weights=dict(first.weights), weights_source=first.weights_source,
        scale=tuple(scale), scales=scales, target=m.target, drivers=tuple(m.drivers), level=level,
        seed=seed if importance and boot else None, boot=boot if importance else 0, n=n, screening=screened,
        index=index, dimensions=pd.DataFrame(dims), importance=imp, notes=tuple(notes))


# --------------------------------------------------------------------------
# change between two waves
# --------------------------------------------------------------------------

_CHANGE_COLUMNS = ["variable", "name", "n_a", "n_b", "mean_a", "mean_b", "diff", "se", "df", "t", "p", "p_holm",
                   "ci_lower", "ci_upper", "diff_100", "ci_lower_100", "ci_upper_100", "g", "g_ci_lower",
                   "g_ci_upper", "invariance", "warranted"]


@dataclass(frozen=True, eq=False)
class ChangeResult:
    """The result of :func:`wave_change`: wave b − wave a.

    ``comparisons``: one row for the index, then one per construct (snake_case
    columns of :data:`_CHANGE_COLUMNS`; ``p_holm`` is NaN for the index, which
    is not in the constructs' family).  ``invariance``: the
    InvarianceResult (None when not tested); ``invariance_level``: the highest
    level that holds ("scalar", "partial scalar", "metric", "configural",
    "none") or None; ``warranted``: whether scalar (or partial scalar)
    invariance backs the mean comparisons (None: not tested).  ``latent``:
    latent mean differences from the (partial) scalar model.  ``configural_fit``:
    the configural model's chi-square, df, CFI, RMSEA, SRMR, the thresholds they
    were judged by and ``poor`` (None when invariance was not tested).
    """

    labels: tuple
    questionnaire: str
    n: dict
    level: float
    scale: tuple
    scales: dict
    weights: dict
    weights_source: str
    comparisons: pd.DataFrame
    names: dict
    invariance: object
    invariance_level: str | None
    warranted: bool | None
    released: tuple
    latent: pd.DataFrame
    warnings: tuple
    notes: tuple
    screening: dict = field(default_factory=dict)
    configural_fit: dict | None = None

    @property
    def index(self) -> dict:
        return self.comparisons.iloc[0].to_dict()

    def table(self, lang: str = "en") -> pd.DataFrame:
        """Index, then each construct: n and means per wave, b − a with SE, Welch df, t, p (Holm-adjusted
        over the constructs), CI (rating scale and 0–100), Hedges' g with CI, the invariance status."""
        _check_lang(lang)
        t = self.comparisons.copy()
        t["name"] = [_INDEX[lang] if v == "index" else self.names.get(v, {}).get(lang, v) for v in t["variable"]]
        t["invariance"] = [None if s is None else _STATUS[s][lang] for s in t["invariance"]]
        return t

    def latent_table(self, lang: str = "en") -> pd.DataFrame:
        t = self.latent.copy()
        if len(t):
            t["name"] = [self.names.get(v, {}).get(lang, v) for v in t["variable"]]
        return t

    def to_dict(self) -> dict:
        rows = self.comparisons.to_dict(orient="records")
        for r in rows:
            r["invariance"] = None if r["invariance"] is None else {"code": r["invariance"], **_STATUS[r["invariance"]]}
        return jsonable({
            "analysis": "wave_change", "questionnaire": self.questionnaire, "a": self.labels[0], "b": self.labels[1],
            "difference": "b − a", "design": DESIGN, "n": self.n, "level": self.level, "scale": list(self.scale),
            "scales": {c: list(s) for c, s in self.scales.items()}, "weights": self.weights,
            "weights_source": self.weights_source, "names": {**self.names, "index": dict(_INDEX)},
            "index": rows[0], "dimensions": rows[1:], "correction": "holm",
            "invariance": None if self.invariance is None else self.invariance.to_dict(),
            "invariance_level": self.invariance_level,
            "invariance_level_name": None if self.invariance_level is None else _LEVEL_NAME[self.invariance_level],
            "warranted": self.warranted, "released": list(self.released), "configural_fit": self.configural_fit,
            "latent": self.latent.to_dict(orient="records"), "screening": self.screening,
            "warnings": list(self.warnings), "notes": list(self.notes), "sources": dict(_SOURCES),
        })


_STATUS = {
    "full": {"en": "invariant", "zh-Hans": "不变", "zh-Hant": "不變"},
    "partial": {"en": "partially invariant", "zh-Hans": "部分不变", "zh-Hant": "部分不變"},
    "not": {"en": "not invariant", "zh-Hans": "不具不变性", "zh-Hant": "不具不變性"},
    "untested": {"en": "not tested", "zh-Hans": "未检验", "zh-Hant": "未檢定"},
}


def _welch_rows(data: pd.DataFrame, variables: list, a: str, b: str, level: float, correction: str) -> list[dict]:
    """b − a for each variable from compare_groups (Welch t, Hedges' g), with the t-based CI of the difference."""
    res = compare_groups(data, "wave", variables, correction=correction, order=[b, a], level=level, min_size=2)
    tests = res.tests.set_index("variable")
    pairs = res.pairs.set_index("variable")
    out = []
    for v in variables:
        t = tests.loc[v]
        row = {"variable": v, "n_a": 0, "n_b": 0, "mean_a": np.nan, "mean_b": np.nan, "diff": np.nan,
               "se": np.nan, "df": np.nan, "t": np.nan, "p": np.nan, "p_holm": np.nan, "ci_lower": np.nan,
               "ci_upper": np.nan, "g": np.nan, "g_ci_lower": np.nan, "g_ci_upper": np.nan}
        stats_ = res.group_stats[res.group_stats["variable"] == v].set_index("group")
        row.update(n_a=int(stats_.loc[a, "n"]), n_b=int(stats_.loc[b, "n"]), mean_a=float(stats_.loc[a, "mean"]),
                   mean_b=float(stats_.loc[b, "mean"]))
        if v in pairs.index:
            p = pairs.loc[v]                    # A = b, B = a: diff = mean_b − mean_a
            half = float(stats.t.ppf(1 - (1 - level) / 2, p["df"])) * float(p["se"])
            row.update(diff=float(p["diff"]), se=float(p["se"]), df=float(p["df"]), t=float(p["statistic"]),
                       p=float(t["p"]), ci_lower=float(p["diff"]) - half, ci_upper=float(p["diff"]) + half,
                       g=float(t["effect_value"]), g_ci_lower=float(t["effect_ci_lower"]),
                       g_ci_upper=float(t["effect_ci_upper"]))
            if correction == "holm":
                row["p_holm"] = float(t["p_adj"])
        out.append(row)
    return out


def _invariance_step(m: _Model, fa: pd.DataFrame, fb: pd.DataFrame, a: str, b: str, *, partial: bool,
                     estimator: str, missing: str, warnings: list):
    """(InvarianceResult or None, level reached or None, released equalities)."""
    from ..sem.multigroup import invariance

    items = list(dict.fromkeys(i for its in m.constructs.values() for i in its))
    fiml = str(missing).lower() in ("fiml", "ml", "direct")
    need = max(2 * len(items), 50)

    def usable(f):
        ok = f[items].notna()
        return int((ok.any(axis=1) if fiml else ok.all(axis=1)).sum())

    counts = {a: usable(fa), b: usable(fb)}
    small = [w for w, k in counts.items() if k < need]
    if small:
        shown = ", ".join(f"{w} ({counts[w]})" for w in small)
        warnings.append(_say("invariance_not_tested",
                             f"Measurement invariance across the waves was not tested: {shown} below the {need} "
                             f"complete answers a two-group model of {len(items)} questions needs. The mean "
                             "comparisons below are not backed by an invariance test.",
                             f"未检验各期之间的测量不变性：{shown} 少于 {len(items)} 题的两组模型所需的 {need} "
                             "份完整作答。以下均值比较没有测量不变性检验作为依据。",
                             f"未檢定各期之間的測量不變性：{shown} 少於 {len(items)} 題的兩組模型所需的 {need} "
                             "份完整作答。以下平均數比較沒有測量不變性檢定作為依據。"))
        return None, None, ()
    data = pd.concat([fa[items].assign(wave=a), fb[items].assign(wave=b)], ignore_index=True)
    try:
        inv = invariance(m.model.measurement_only(), data, "wave", levels=LEVELS, groups=[a, b],
                         estimator=estimator, missing=missing, search_partial=partial)
    except ResearchError as err:
        warnings.append(_say("invariance_failed",
                             "Measurement invariance across the waves could not be tested: " + err.message("en")
                             + " The mean comparisons below are not backed by an invariance test.",
                             "无法检验各期之间的测量不变性：" + err.message("zh-Hans")
                             + " 以下均值比较没有测量不变性检验作为依据。",
                             "無法檢定各期之間的測量不變性：" + err.message("zh-Hant")
                             + " 以下平均數比較沒有測量不變性檢定作為依據。"))
        return None, None, ()
    holds = {c["model"]: c["holds"] for c in inv.comparisons}
    released = tuple(p for lev in ("metric", "scalar") for p in inv.released.get(lev, ()))
    if holds.get("metric") and holds.get("scalar"):
        reached = "partial scalar" if released else "scalar"
    elif holds.get("metric"):
        reached = "metric"
    else:
        reached = "configural"
    return inv, reached, released


CONFIGURAL_FIT = {"cfi": 0.90, "rmsea": 0.08, "srmr": 0.08}   # DOMAIN.md "fit, common"; SRMR: Hu & Bentler 1999


def _configural_fit(inv) -> dict | None:
    """The configural model's fit (robust CFI and RMSEA with MLR) judged by :data:`CONFIGURAL_FIT`."""
    if inv is None or "configural" not in inv.fits:
        return None
    from ..sem.multigroup import DELTA_INDICES
    names = DELTA_INDICES.get(inv.estimator, DELTA_INDICES["ML"])
    f = inv.fits["configural"].fit
    out = {"chisq": float(f["chisq"]), "df": float(f["df"]), "cfi": float(f[names["cfi"]]),
           "rmsea": float(f[names["rmsea"]]), "srmr": float(f[names["srmr"]]),
           "indices": dict(names), "thresholds": dict(CONFIGURAL_FIT)}
    failing = [k for k in ("cfi", "rmsea", "srmr") if not math.isfinite(out[k])
               or (out[k] < CONFIGURAL_FIT[k] if k == "cfi" else out[k] > CONFIGURAL_FIT[k])]
    out["failing"] = failing
    out["poor"] = bool(failing)
    return out


def _fit_text(fit: dict) -> str:
    """"CFI = .873, RMSEA = .091, SRMR = .064" (APA: no leading zero for indices bounded by 1)."""
    from ..report.apa import unit
    return ", ".join(f"{k.upper()} = {unit(fit[k], 3)}" for k in ("cfi", "rmsea", "srmr"))


def _latent_means(inv, m: _Model, b: str, level: float) -> pd.DataFrame:
    """Wave b's latent means in the (partial) scalar model (wave a's fixed at 0), in latent units and
    standardised by wave a's latent SD."""
    cols = ["variable", "est", "se", "z", "p", "ci_lower", "ci_upper", "std"]
    if inv is None or "scalar" not in inv.fits:
        return pd.DataFrame(columns=cols)
    par = inv.fits["scalar"].parameters
    z = float(stats.norm.ppf(1 - (1 - level) / 2))
    rows = []
    for c in m.constructs:
        mean = par[(par["lhs"] == c) & (par["op"] == "~1") & (par["group"] == 2)]
        var = par[(par["lhs"] == c) & (par["op"] == "~~") & (par["rhs"] == c) & (par["group"] == 1)]
        if mean.empty:
            continue
        r = mean.iloc[0]
        psi = float(var.iloc[0]["est"]) if not var.empty else np.nan
        rows.append({"variable": c, "est": float(r["est"]), "se": float(r["se"]), "z": float(r["z"]),
                     "p": float(r["pvalue"]), "ci_lower": float(r["est"] - z * r["se"]),
                     "ci_upper": float(r["est"] + z * r["se"]),
                     "std": float(r["est"]) / math.sqrt(psi) if psi > 0 else np.nan})
    return pd.DataFrame(rows, columns=cols)


def _construct_of(param: str, m: _Model) -> list:
    """The constructs a released equality touches: ``"REL1 ~1"`` → [REL]; ``"REL =~ REL2"`` → [REL]."""
    from ..sem.multigroup import parse_parameter
    lhs, op, rhs = parse_parameter(param)
    if op == "=~":
        return [lhs]
    return [c for c, its in m.constructs.items() if lhs in its]


def wave_change(a, b, questionnaire=None, *, labels=("a", "b"), weights=None, weights_source: str | None = None,
                target: str | None = None, level: float = 0.95, invariance: bool = True, partial: bool = True,
                estimator: str = "ML", missing: str = "listwise", screen: bool = True,
                screening: dict | None = None) -> ChangeResult:
    """The change from wave ``a`` to wave ``b`` (b − a): index and every construct, after measurement
    invariance across the two waves (module docstring).

    ``a``, ``b``: :class:`research.Responses` or DataFrames of item answers; ``labels``: their names.
    ``weights``/``weights_source``/``target``: the index as in :func:`wave_trend`.  ``level``: confidence
    level.  ``invariance``: test configural → metric → scalar invariance first (``partial``: search partial
    invariance by score tests; ``estimator`` "ML" | "MLR", ``missing`` "listwise" | "fiml" as
    :func:`research.sem.multigroup.invariance`).
    """
    level = _check_level(level)
    if not isinstance(labels, (tuple, list)) or len(labels) != 2:
        raise invalid_option("labels", repr(labels)[:40],
                             "Give two names, one per wave: labels=('2026 Q1', '2026 Q2').",
                             "请给出两个名称，每期一个：labels=('2026 Q1', '2026 Q2')。",
                             "請提供兩個名稱，每期一個：labels=('2026 Q1', '2026 Q2')。")
    la, lb = _label(labels[0]), _label(labels[1])
    q, m, frames, screened = _prepare({la: a, lb: b}, questionnaire, weights, target, screen, screening)
    fa, fb = frames[la], frames[lb]
    scales, scale, _ = _scales(m, [fa, fb])
    sa, sb = _scores(fa, m), _scores(fb, m)
    ia = satisfaction_index(sa[m.index_dims], weights, scale=scale, level=level, weights_source=weights_source)
    ib = satisfaction_index(sb[m.index_dims], weights, scale=scale, level=level, weights_source=weights_source)
    warnings: list = []
    notes = [dict(DESIGN, code="independent_samples")]

    inv, reached, released = (None, None, ())
    if invariance:
        inv, reached, released = _invariance_step(m, fa, fb, la, lb, partial=partial, estimator=estimator,
                                                  missing=missing, warnings=warnings)
    else:
        warnings.append(_say("invariance_off", "Measurement invariance across the waves was not tested "
                             "(`invariance=False`): the mean comparisons are not backed by an invariance test.",
                             "未检验各期之间的测量不变性（`invariance=False`）：均值比较没有测量不变性检验作为依据。",
                             "未檢定各期之間的測量不變性（`invariance=False`）：平均數比較沒有測量不變性檢定作為依據。"))
    configural = _configural_fit(inv)
    if configural is not None and configural["poor"]:
        shown = _fit_text(configural)
        warnings.insert(0, _say("configural_fit_poor",
                                f"The measurement model does not fit waves {la} and {lb} even without equality "
                                f"constraints (configural model: {shown}; needed CFI ≥ .90, RMSEA ≤ .08, SRMR ≤ .08). "
                                "Invariance cannot be judged on a poor baseline, so the mean comparisons below are "
                                "not warranted: check the questionnaire's constructs (cross-loadings, weak items) "
                                "before comparing the waves.",
                                f"即使不加等同约束，测量模型也不能拟合「{la}」与「{lb}」两期的数据（形态模型：{shown}；"
                                "要求 CFI ≥ .90、RMSEA ≤ .08、SRMR ≤ .08）。基准模型拟合不佳时无法判断测量不变性，"
                                "因此以下均值比较缺乏依据：请先检查问卷的构念（交叉载荷、较弱的题目），再比较各期。",
                                f"即使不加等同限制，測量模型也無法配適「{la}」與「{lb}」兩期的資料（形貌模型：{shown}；"
                                "要求 CFI ≥ .90、RMSEA ≤ .08、SRMR ≤ .08）。基準模型配適不佳時無法判斷測量不變性，"
                                "因此以下平均數比較缺乏依據：請先檢查問卷的構念（交叉負荷量、較弱的題目），再比較各期。"))
        reached, released = "none", ()
    warranted = None if reached is None else reached in ("scalar", "partial scalar")
    touched = {c for p in released for c in _construct_of(p, m)}
    if reached is not None and not warranted:
        lv = _LEVEL_NAME[reached]
        warnings.append(_say("scalar_not_invariant",
                             f"Scalar invariance does not hold across waves {la} and {lb} (highest level: "
                             f"{lv['en']}): the item intercepts differ, so a difference in the means may come from "
                             "a change in how the questions are understood or answered rather than from a change "
                             "in satisfaction. The mean comparisons below are not warranted; read them with care.",
                             f"「{la}」与「{lb}」两期之间标量不变性（截距等同）不成立（达到的最高水平：{lv['zh-Hans']}）："
                             "题目截距不同，均值差异可能来自受访者对题目的理解或作答方式的变化，而不是满意度的变化。"
                             "以下均值比较缺乏依据，请谨慎解读。",
                             f"「{la}」與「{lb}」兩期之間純量不變性（截距等同）不成立（達到的最高水準：{lv['zh-Hant']}）："
                             "題目截距不同，平均數差異可能來自受訪者對題目的理解或作答方式的變化，而不是滿意度的變化。"
                             "以下平均數比較缺乏依據，請謹慎解讀。"))
    elif reached == "partial scalar":
        listed = ", ".join(released)
        cons = ", ".join(sorted(touched, key=list(m.constructs).index))
        warnings.append(_say("partial_scalar",
                             f"Only partial scalar invariance holds across waves {la} and {lb}: released {listed}. "
                             f"The latent means of {cons} are comparable; their mean scores still average the "
                             "non-invariant question(s), so compare those with care.",
                             f"「{la}」与「{lb}」两期之间只有部分标量不变性成立：释放了 {listed}。{cons} 的潜在均值可以比较；"
                             "其平均得分仍包含不具不变性的题目，比较时请谨慎。",
                             f"「{la}」與「{lb}」兩期之間只有部分純量不變性成立：釋放了 {listed}。{cons} 的潛在平均數可以比較；"
                             "其平均分數仍包含不具不變性的題目，比較時請謹慎。"))

    def status(constructs) -> str:
        if reached is None:
            return "untested"
        if not warranted:
            return "not"
        return "partial" if touched & set(constructs) else "full"

    idx = pd.DataFrame({"index": pd.concat([ia.scores, ib.scores], ignore_index=True),
                        "wave": [la] * len(ia.scores) + [lb] * len(ib.scores)})
    rows = _welch_rows(idx, ["index"], la, lb, level, "none")
    both = pd.concat([sa.assign(wave=la), sb.assign(wave=lb)], ignore_index=True)
    rows += _welch_rows(both, list(m.constructs), la, lb, level, "holm")
    for r in rows:
        c = r["variable"]
        lo, hi = (0.0, 100.0) if c == "index" else scales[c]
        k = 100.0 / (hi - lo)
        r.update(diff_100=r["diff"] * k, ci_lower_100=r["ci_lower"] * k, ci_upper_100=r["ci_upper"] * k,
                 name=_INDEX["en"] if c == "index" else _names(m)[c]["en"],
                 invariance=status(m.index_dims if c == "index" else [c]),
                 warranted=warranted)
    comparisons = pd.DataFrame(rows, columns=_CHANGE_COLUMNS)
    comparisons["invariance"] = comparisons["invariance"].astype(object)
    comparisons["warranted"] = comparisons["warranted"].astype(object)
    latent = _latent_means(inv, m, lb, level)
    if len(latent):
        latent["warranted"] = [warranted] * len(latent)
        latent["invariance"] = [status([c]) for c in latent["variable"]]
    return ChangeResult(labels=(la, lb), questionnaire=q.id, n={la: int(len(fa)), lb: int(len(fb))}, level=level,
                        scale=tuple(scale), scales=scales, weights=dict(ia.weights),
                        weights_source=ia.weights_source, comparisons=comparisons, names=_names(m), invariance=inv,
                        invariance_level=reached, warranted=warranted, released=tuple(released), latent=latent,
                        warnings=tuple(warnings), notes=tuple(notes), screening=screened,
                        configural_fit=configural)


# --------------------------------------------------------------------------
# waves from the study store
# --------------------------------------------------------------------------

def waves_from_store(store, study_id: int, key: str, waves=None, questionnaire=None) -> dict:
    """{wave name: Responses} of a study's waves (all, or the ids in ``waves``), in the store's wave order, each
    read through ``research.load_responses(store.source(study_id, key, waves=[id]))`` — the one way in.  Two
    waves with the same name are told apart by their id: "name (#id)"."""
    from ..io import load_responses

    infos = store.waves(study_id, key)
    if waves is not None:
        chosen = [waves] if isinstance(waves, int) else list(waves)
        unknown = [w for w in chosen if w not in {i.id for i in infos}]
        if unknown:
            store.source(study_id, key, waves=unknown)          # raises the store's own "not found" error
        infos = [i for i in infos if i.id in set(chosen)]
    names = [i.name for i in infos]
    out = {}
    for info in infos:
        label = info.name if names.count(info.name) == 1 else f"{info.name} (#{info.id})"
        out[label] = load_responses(store.source(study_id, key, waves=[info.id]), questionnaire)
    return out


# --------------------------------------------------------------------------
# figure
# --------------------------------------------------------------------------

_PLOT_TEXT = {
    "en": {"title": "Satisfaction index and dimensions by wave ({pct}% CI)", "index": "Satisfaction index",
           "dims": "Dimensions", "y": "Score (0–100)", "x": "Wave",
           "note": "Error bars: {pct}% t-based CI; dimensions rescaled to 0–100, (x − min)/(max − min)·100."},
    "zh-Hans": {"title": "各期满意度指数与各维度（{pct}% 置信区间）", "index": "满意度指数", "dims": "各维度",
                "y": "得分（0–100）", "x": "期次",
                "note": "误差线：{pct}% 置信区间（t 分布）；维度得分已换算为 0–100：(x − 最小值)/(最大值 − 最小值)·100。"},
    "zh-Hant": {"title": "各期滿意度指數與各維度（{pct}% 信賴區間）", "index": "滿意度指數", "dims": "各維度",
                "y": "分數（0–100）", "x": "期次",
                "note": "誤差線：{pct}% 信賴區間（t 分配）；維度分數已換算為 0–100：(x − 最小值)/(最大值 − 最小值)·100。"},
}


def plot(result, lang: str = "en", *, dimensions=None, title: bool = True):
    """The trend chart: the index (left) and the dimensions on 0–100 (right) per wave, with CI error bars and
    the wave labels on x, in ``lang``.  ``result``: a :class:`TrendResult` or its ``to_dict()`` (a saved
    results file redraws the same figure).  ``dimensions``: the constructs drawn (default: the index's
    dimensions).  Each series is an errorbar whose label is its name in ``lang`` (``gid`` its id), so a test or
    a front end can read the plotted numbers back.  Returns a matplotlib Figure (no pyplot)."""
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

    from ..fonts import cjk_font_families

    _check_lang(lang)
    d = result.to_dict() if isinstance(result, TrendResult) else result
    if not isinstance(d, Mapping) or d.get("analysis") != "wave_trend":
        raise invalid_option("result", type(result).__name__, "Pass the result of wave_trend() or its to_dict().",
                             "请传入 wave_trend() 的结果或其 to_dict()。", "請傳入 wave_trend() 的結果或其 to_dict()。")
    chosen = list(d["index_dimensions"]) if dimensions is None else list(dimensions)
    unknown = [c for c in chosen if c not in d["constructs"]]
    if unknown:
        raise invalid_option("dimensions", f"{unknown[0]!r} ∉ {{{', '.join(d['constructs'])}}}",
                             "Name constructs of the questionnaire.", "请给出问卷中的构念。", "請提供問卷中的構念。",
                             column=str(unknown[0]))
    words = _PLOT_TEXT[lang]
    pct = f"{100 * d['level']:g}"
    fams = list(cjk_font_families())
    fp, fp_small = FontProperties(family=fams, size=10), FontProperties(family=fams, size=8)
    fp_title = FontProperties(family=fams, size=12, weight="bold")
    labels = list(d["wave_labels"])
    x = np.arange(len(labels), dtype=float)
    fig = Figure(figsize=(max(8.0, 2.2 + 1.6 * len(labels)), 4.6), layout="constrained")
    ax_i, ax_d = fig.subplots(1, 2, sharey=True)

    def num(v):
        return np.nan if v is None else float(v)

    def bars(ax, xs, mean, lo, hi, name, gid, color, marker):
        mean, lo, hi = (np.array([num(v) for v in s]) for s in (mean, lo, hi))
        err = np.vstack([mean - lo, hi - mean])
        c = ax.errorbar(xs, mean, yerr=np.where(np.isfinite(err), err, 0.0), fmt=marker + "-", color=color,
                        ecolor=color, capsize=4, markersize=6, linewidth=1.5, label=name)
        for artist in (*c.lines[:1], *c.lines[2]):
            if artist is not None:
                artist.set_gid(gid)

    waves = d["waves"]
    bars(ax_i, x, [w["index"]["mean"] for w in waves], [w["index"]["ci"][0] for w in waves],
         [w["index"]["ci"][1] for w in waves], d["names"]["index"][lang], "index", "#1f4e79", "o")
    colors = ["#c0504d", "#9bbb59", "#8064a2", "#4bacc6", "#f79646", "#2c4d75", "#772c2a", "#5f7530"]
    markers = "sD^vP*Xh"
    k = len(chosen)
    for j, c in enumerate(chosen):
        dx = (j - (k - 1) / 2) * min(0.08, 0.5 / max(k, 1))
        recs = [next(r for r in w["dimensions"] if r["dimension"] == c) for w in waves]
        bars(ax_d, x + dx, [r["mean_100"] for r in recs], [r["ci_lower_100"] for r in recs],
             [r["ci_upper_100"] for r in recs], d["names"][c][lang], c, colors[j % len(colors)],
             markers[j % len(markers)])
    for ax, head in ((ax_i, words["index"]), (ax_d, words["dims"])):
        ax.set_xticks(x)
        ax.set_xticklabels([f"{lab}\nn={w['n']}" for lab, w in zip(labels, waves)], fontproperties=fp_small,
                           rotation=30 if len(labels) > 5 else 0, ha="right" if len(labels) > 5 else "center")
        ax.set_xlim(-0.5, len(labels) - 0.5)
        ax.set_xlabel(words["x"], fontproperties=fp)
        ax.set_title(head, fontproperties=fp)
        ax.grid(axis="y", alpha=0.3)
        for t in ax.get_yticklabels():
            t.set_fontproperties(fp_small)
    ax_i.set_ylabel(words["y"], fontproperties=fp)
    ax_d.legend(prop=fp_small, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    if title:
        fig.suptitle(words["title"].format(pct=pct), fontproperties=fp_title)
    fig.supxlabel(words["note"].format(pct=pct), fontproperties=fp_small)
    return fig
