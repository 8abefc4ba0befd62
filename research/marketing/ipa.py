"""Importance–performance analysis (IPA) and SmartPLS-style importance–performance
map analysis (IPMA), with the map as a matplotlib figure.

>>> res = ipa({"ECO": .15, "RES": .20, "REL": .30}, {"ECO": 3.4, "RES": 3.6, "REL": 3.3},
...           importance_kind="total_effect")
>>> res.table(lang="zh-Hans")
>>> fig = plot(res, lang="zh-Hans"); fig.savefig("ipa.png", dpi=200)

**IPA** (Martilla & James 1977, *Journal of Marketing* 41(1), 77–79).  Each
driver (attribute, service dimension) gets an *importance* — stated by
respondents or derived (LMG share of R², regression β, SEM total effect; the
caller says which in ``importance_kind``, kept in the result) — and a
*performance*, the mean rating on the rating scale, also shown on 0–100::

    performance_100 = (mean − scale_min) / (scale_max − scale_min) · 100

Two crosshairs split the map into four quadrants (DOMAIN.md §6):

* ``center="means"`` (data-centred): the grand mean of the drivers'
  importances and the grand mean of their performances (unweighted means over
  drivers);
* ``center="midpoint"`` (scale-centred): the scale midpoint
  (min + max)/2 for performance and, since importance has no fixed scale, the
  mean importance;
* ``center=(importance, performance)``: explicit crosshairs, performance on
  the rating scale (not 0–100).

Quadrants (Martilla & James's A–D) and their codes:

=================  ==========  ===========  =====================  ============  ============
code               importance  performance  en                     zh-Hans       zh-Hant
=================  ==========  ===========  =====================  ============  ============
``concentrate``    high        low          Concentrate here       重点改进区    重點改進區
``keep_up``        high        high         Keep up the good work  继续保持区    繼續保持區
``low_priority``   low         low          Low priority           次要改进区    次要改進區
``overkill``       low         high         Possible overkill      过度供给区    過度供給區
=================  ==========  ===========  =====================  ============  ============

(The Chinese names are the ones most Chinese IPA studies use; 优先改进区,
低优先区 and 供给过度区 are common variants.)

**Crosshair rule**: a value *on* a crosshair counts as *high*
(importance ≥ crosshair ⇒ high importance, performance ≥ crosshair ⇒ high
performance).  "On" allows for floating-point noise: a value within
1e-9·max(1, |crosshair|) of the crosshair is on it, so a driver whose
importance equals the mean of 0.1, 0.2, 0.3 lies on the crosshair although
the computed mean is 0.20000000000000004.

**Priority rank** (1 = act first): drivers in "concentrate here" first,
ordered by importance (highest first), then "low priority", then "keep up the
good work", then "possible overkill", each ordered by importance (ties: lower
performance first).  This is the order of improvement urgency the Chinese
names express (重点改进 > 次要改进 > 继续保持 > 过度供给).

**IPMA** (Ringle & Sarstedt 2016, *Industrial Management & Data Systems*
116(9), 1865–1886): importance of a construct = its *unstandardised* total
effect on the target construct; performance = its mean score rescaled to
0–100.  At indicator level the importance of item j of construct c is its
rescaled outer weight times the construct's total effect,
``w_j / Σ_k w_k · TE_c``, and its performance the item mean on 0–100.  When
the constructs and the target share one rating scale the unstandardised
effect is the same on raw and on 0–100 scores (both are rescaled by the same
linear map), so effects estimated on the raw scores can be passed.
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import invalid_data, invalid_option
from ..fonts import CJK_FONTS, cjk_font_families  # noqa: F401  (re-exported)
from ..jsonsafe import jsonable
from ..messages import LANGUAGES

QUADRANTS = ("concentrate", "keep_up", "low_priority", "overkill")
# (high importance?, high performance?) for each quadrant code
_QUADRANT_SIDES = {"concentrate": (True, False), "keep_up": (True, True),
                   "low_priority": (False, False), "overkill": (False, True)}
QUADRANT_LABELS = {
    "concentrate": {"en": "Concentrate here", "zh-Hans": "重点改进区", "zh-Hant": "重點改進區"},
    "keep_up": {"en": "Keep up the good work", "zh-Hans": "继续保持区", "zh-Hant": "繼續保持區"},
    "low_priority": {"en": "Low priority", "zh-Hans": "次要改进区", "zh-Hant": "次要改進區"},
    "overkill": {"en": "Possible overkill", "zh-Hans": "过度供给区", "zh-Hant": "過度供給區"},
}
# improvement urgency: the order in which the priority rank walks the quadrants
PRIORITY_ORDER = ("concentrate", "low_priority", "keep_up", "overkill")
CROSSHAIR_TOL = 1e-9
CROSSHAIR_RULE = {
    "en": "A value on a crosshair (within 1e-9·max(1, |crosshair|)) counts as high: importance ≥ crosshair "
          "is high importance, performance ≥ crosshair is high performance.",
    "zh-Hans": "恰好落在分隔线上的点（差距不超过 1e-9·max(1, |分隔值|)）按“高”计：重要性 ≥ 分隔值为高重要性，"
               "绩效 ≥ 分隔值为高绩效。",
    "zh-Hant": "恰好落在分隔線上的點（差距不超過 1e-9·max(1, |分隔值|)）按「高」計：重要性 ≥ 分隔值為高重要性，"
               "績效 ≥ 分隔值為高績效。",
}
PRIORITY_RULE = {
    "en": "Priority 1 = act first: 'concentrate here' by importance (highest first), then 'low priority', "
          "'keep up the good work', 'possible overkill', each by importance.",
    "zh-Hans": "优先序 1 为最先处理：先按重要性从高到低排列重点改进区，再依次为次要改进区、继续保持区、过度供给区，"
               "各区内均按重要性排序。",
    "zh-Hant": "優先序 1 為最先處理：先按重要性由高至低排列重點改進區，再依序為次要改進區、繼續保持區、過度供給區，"
               "各區內均按重要性排序。",
}
IMPORTANCE_KINDS = {
    "lmg": {"en": "LMG share of R²", "zh-Hans": "LMG 相对重要性", "zh-Hant": "LMG 相對重要性"},
    "relative_weight": {"en": "relative weight", "zh-Hans": "相对权重", "zh-Hant": "相對權數"},
    "total_effect": {"en": "total effect", "zh-Hans": "总效应", "zh-Hant": "總效果"},
    "beta": {"en": "regression coefficient", "zh-Hans": "回归系数", "zh-Hant": "迴歸係數"},
    "stated": {"en": "stated importance", "zh-Hans": "自评重要性", "zh-Hant": "自評重要性"},
    "correlation": {"en": "correlation with the outcome", "zh-Hans": "与结果变量的相关", "zh-Hant": "與結果變項的相關"},
    "unspecified": {"en": "importance", "zh-Hans": "重要性", "zh-Hant": "重要性"},
}
CENTER_TEXT = {
    "means": {"en": "crosshairs at the grand means (data-centred)",
              "zh-Hans": "分隔线位于总均值（以数据为中心）", "zh-Hant": "分隔線位於總平均（以資料為中心）"},
    "midpoint": {"en": "crosshairs at the scale midpoint and the mean importance (scale-centred)",
                 "zh-Hans": "分隔线位于量表中点与平均重要性（以量表为中心）",
                 "zh-Hant": "分隔線位於量表中點與平均重要性（以量表為中心）"},
    "explicit": {"en": "crosshairs set by the user", "zh-Hans": "分隔线由用户指定", "zh-Hant": "分隔線由使用者指定"},
}
_TABLE_HEADERS = {
    "en": {"driver": "driver", "label": "label", "construct": "construct", "importance": "importance",
           "performance": "performance", "se": "SE", "n": "n", "performance_100": "performance (0–100)",
           "quadrant": "quadrant", "quadrant_label": "quadrant label", "priority": "priority"},
    "zh-Hans": {"driver": "驱动因素", "label": "名称", "construct": "构念", "importance": "重要性",
                "performance": "绩效", "se": "标准误", "n": "n", "performance_100": "绩效（0–100）",
                "quadrant": "象限代码", "quadrant_label": "象限", "priority": "优先序"},
    "zh-Hant": {"driver": "驅動因素", "label": "名稱", "construct": "構念", "importance": "重要性",
                "performance": "績效", "se": "標準誤", "n": "n", "performance_100": "績效（0–100）",
                "quadrant": "象限代碼", "quadrant_label": "象限", "priority": "優先序"},
}


# --------------------------------------------------------------------------
# argument checks
# --------------------------------------------------------------------------

def _is_number(v) -> bool:
    return isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, (bool, np.bool_))


def _check_lang(lang) -> str:
    if lang not in LANGUAGES:
        raise invalid_option("lang", f"{lang!r} ∉ {{{', '.join(LANGUAGES)}}}",
                             f"Use one of: {', '.join(LANGUAGES)}.",
                             f"请使用以下之一：{'、'.join(LANGUAGES)}。",
                             f"請使用下列之一：{'、'.join(LANGUAGES)}。")
    return lang


def _check_scale(scale) -> tuple[float, float]:
    ok = isinstance(scale, (tuple, list)) and len(scale) == 2 and all(_is_number(v) for v in scale) \
        and all(math.isfinite(float(v)) for v in scale) and float(scale[0]) < float(scale[1])
    if not ok:
        raise invalid_option("scale", repr(scale)[:60],
                             "Give the rating scale as (minimum, maximum) with minimum < maximum, e.g. (1, 5) "
                             "or (1, 7).",
                             "请以（最小值, 最大值）给出量表范围，且最小值小于最大值，例如 (1, 5) 或 (1, 7)。",
                             "請以（最小值, 最大值）提供量表範圍，且最小值小於最大值，例如 (1, 5) 或 (1, 7)。")
    return float(scale[0]), float(scale[1])


def _as_mapping(obj, option: str) -> dict:
    """A mapping or a pandas Series as a plain dict (keys unique, order kept)."""
    if isinstance(obj, pd.Series):
        if not obj.index.is_unique:
            dup = obj.index[obj.index.duplicated()][0]
            raise invalid_option(option, f"{dup!r} × 2", "Name every driver only once.",
                                 "每个驱动因素只能出现一次。", "每個驅動因素只能出現一次。", column=str(dup))
        return dict(obj.items())
    if isinstance(obj, Mapping):
        return dict(obj)
    raise invalid_option(option, type(obj).__name__,
                         "Give one value per driver as a mapping, e.g. {'ECO': 0.15, 'REL': 0.30}.",
                         "请以字典为每个驱动因素给出一个数值，例如 {'ECO': 0.15, 'REL': 0.30}。",
                         "請以字典為每個驅動因素提供一個數值，例如 {'ECO': 0.15, 'REL': 0.30}。")


def _finite_values(d: dict, option: str) -> dict:
    if not d:
        raise invalid_option(option, "k = 0", "Give at least one driver.", "请至少给出一个驱动因素。",
                             "請至少提供一個驅動因素。")
    out = {}
    for k, v in d.items():
        if not _is_number(v) or not math.isfinite(float(v)):
            raise invalid_option(option, f"{k!r}: {v!r}"[:80], "Give every driver a finite number.",
                                 "请为每个驱动因素给出一个有限的数值。", "請為每個驅動因素提供一個有限的數值。",
                                 column=str(k))
        out[k] = float(v)
    return out


def _check_importance_kind(kind) -> str:
    if kind is None:
        return "unspecified"
    if not isinstance(kind, str) or not kind.strip():
        raise invalid_option("importance_kind", repr(kind)[:60],
                             "Say how importance was obtained as text, e.g. 'lmg', 'total_effect', 'beta' or 'stated'.",
                             "请用文字说明重要性的来源，例如 'lmg'、'total_effect'、'beta' 或 'stated'。",
                             "請用文字說明重要性的來源，例如 'lmg'、'total_effect'、'beta' 或 'stated'。")
    return kind.strip()


def _check_labels(labels, drivers) -> dict:
    if labels is None:
        return {d: str(d) for d in drivers}
    labels = _as_mapping(labels, "labels")
    out = {}
    for d in drivers:
        v = labels.get(d, d)
        out[d] = str(v)
    return out


def _performance_stats(perf, drivers, lo: float, hi: float, option: str):
    """(mean, se, n) per driver from a mapping of means or a DataFrame of scores."""
    if isinstance(perf, pd.DataFrame):
        missing = [d for d in drivers if d not in perf.columns]
        if missing:
            raise invalid_option(option, f"{missing[0]!r} ∉ columns",
                                 "Give a score column for every driver (column names = driver names).",
                                 "请为每个驱动因素提供一列得分（列名即驱动因素名）。",
                                 "請為每個驅動因素提供一欄分數（欄名即驅動因素名）。", column=str(missing[0]))
        means, ses, ns = {}, {}, {}
        for d in drivers:
            s = perf[d]
            if isinstance(s, pd.DataFrame):
                raise invalid_option(option, f"{d!r} × {s.shape[1]}", "Give every score column a unique name.",
                                     "每个得分列的列名必须唯一。", "每個分數欄的欄名必須唯一。", column=str(d))
            if pd.api.types.is_bool_dtype(s) or not pd.api.types.is_numeric_dtype(s):
                raise invalid_data(f"dtype({d!r}) = {s.dtype}",
                                   "Performance scores must be numbers on the rating scale; recode text answers first.",
                                   "绩效得分必须是量表上的数字，请先把文字答案编码为数字。",
                                   "績效分數必須是量表上的數字，請先把文字答案編碼為數字。", column=str(d))
            v = s.to_numpy(dtype=float, na_value=np.nan)
            v = v[~np.isnan(v)]
            if v.size == 0:
                raise invalid_data(f"n({d!r}) = 0", "This column has no answers; drop the driver or check the data.",
                                   "该列没有任何作答，请删除此驱动因素或检查数据。",
                                   "該欄沒有任何作答，請刪除此驅動因素或檢查資料。", column=str(d))
            bad = v[(v < lo) | (v > hi)]
            if bad.size:
                raise invalid_data(f"{d!r}: {bad[0]:g} ∉ [{lo:g}, {hi:g}]",
                                   "Scores must lie on the rating scale: check scale= or recode the values.",
                                   "得分必须位于量表范围内：请检查 scale= 参数或重新编码。",
                                   "分數必須位於量表範圍內：請檢查 scale= 參數或重新編碼。", column=str(d))
            means[d] = float(v.mean())
            ns[d] = int(v.size)
            ses[d] = float(v.std(ddof=1) / math.sqrt(v.size)) if v.size > 1 else float("nan")
        return means, ses, ns
    d_perf = _finite_values(_as_mapping(perf, option), option)
    missing = [d for d in drivers if d not in d_perf]
    if missing:
        raise invalid_option(option, f"{missing[0]!r} ∉ {option}",
                             "Give a performance value for every driver that has an importance.",
                             "请为每个有重要性数值的驱动因素给出绩效值。",
                             "請為每個有重要性數值的驅動因素提供績效值。", column=str(missing[0]))
    for d in drivers:
        if not lo <= d_perf[d] <= hi:
            raise invalid_data(f"{d!r}: {d_perf[d]:g} ∉ [{lo:g}, {hi:g}]",
                               "A mean rating must lie on the rating scale: check scale= or the value.",
                               "平均评分必须位于量表范围内：请检查 scale= 参数或该数值。",
                               "平均評分必須位於量表範圍內：請檢查 scale= 參數或該數值。", column=str(d))
    return ({d: d_perf[d] for d in drivers}, {d: float("nan") for d in drivers}, {d: None for d in drivers})


def _center(center, imp: np.ndarray, perf: np.ndarray, lo: float, hi: float) -> tuple[str, float, float]:
    if isinstance(center, str):
        if center == "means":
            return "means", float(np.mean(imp)), float(np.mean(perf))
        if center == "midpoint":
            return "midpoint", float(np.mean(imp)), (lo + hi) / 2
    elif isinstance(center, (tuple, list)) and len(center) == 2 and all(_is_number(v) for v in center) \
            and all(math.isfinite(float(v)) for v in center):
        c_imp, c_perf = float(center[0]), float(center[1])
        if not lo <= c_perf <= hi:
            raise invalid_option("center", f"{c_perf:g} ∉ [{lo:g}, {hi:g}]",
                                 "Give the performance crosshair on the rating scale (not on 0–100).",
                                 "绩效分隔值应位于量表范围内（而非 0–100）。",
                                 "績效分隔值應位於量表範圍內（而非 0–100）。")
        return "explicit", c_imp, c_perf
    raise invalid_option("center", repr(center)[:60],
                         "Use 'means' (grand means), 'midpoint' (scale midpoint) or a pair (importance, performance).",
                         "请使用 'means'（总均值）、'midpoint'（量表中点）或数对（重要性, 绩效）。",
                         "請使用 'means'（總平均）、'midpoint'（量表中點）或數對（重要性, 績效）。")


def _at_or_above(v: np.ndarray, c: float) -> np.ndarray:
    return v >= c - CROSSHAIR_TOL * max(1.0, abs(c))


def quadrant_of(importance: float, performance: float, center: tuple[float, float]) -> str:
    """The quadrant code of one point; on a crosshair counts as high (module docstring)."""
    hi_imp = bool(_at_or_above(np.array([importance]), center[0])[0])
    hi_perf = bool(_at_or_above(np.array([performance]), center[1])[0])
    for code, sides in _QUADRANT_SIDES.items():
        if sides == (hi_imp, hi_perf):
            return code
    raise AssertionError("unreachable")


# --------------------------------------------------------------------------
# result
# --------------------------------------------------------------------------

@dataclass
class IPAResult:
    """An importance–performance map: one row per driver (construct or indicator).

    ``performance`` is on the rating scale ``scale``; ``performance_100`` on
    0–100.  ``center`` = (importance, performance-on-scale) crosshairs.
    """

    method: str                   # "ipa" | "ipma"
    level: str                    # "driver" | "construct" | "indicator"
    importance_kind: str
    importance: pd.Series
    performance: pd.Series
    se: pd.Series
    n: pd.Series
    scale: tuple
    center_kind: str
    center: tuple
    quadrant: pd.Series
    priority: pd.Series
    labels: dict
    construct: dict | None = None
    target: str | None = None
    notes: list = field(default_factory=list)

    @property
    def drivers(self) -> list:
        return list(self.importance.index)

    def _to100(self, v):
        lo, hi = self.scale
        return (v - lo) / (hi - lo) * 100.0

    @property
    def performance_100(self) -> pd.Series:
        return self._to100(self.performance)

    @property
    def center_100(self) -> tuple[float, float]:
        return self.center[0], float(self._to100(self.center[1]))

    def table(self, lang: str = "en") -> pd.DataFrame:
        """One row per driver, sorted by priority rank; headers and quadrant labels in ``lang``."""
        _check_lang(lang)
        lo, hi = self.scale
        cols = {
            "driver": self.drivers,
            "label": [self.labels[d] for d in self.drivers],
        }
        if self.construct is not None:
            cols["construct"] = [self.construct[d] for d in self.drivers]
        cols.update({
            "importance": self.importance.to_numpy(),
            "performance": self.performance.to_numpy(),
            "se": self.se.to_numpy(),
            "n": [pd.NA if v is None or (isinstance(v, float) and math.isnan(v)) else int(v)
                  for v in self.n.to_numpy()],
            "performance_100": self.performance_100.to_numpy(),
            "quadrant": self.quadrant.to_numpy(),
            "quadrant_label": [QUADRANT_LABELS[q][lang] for q in self.quadrant],
            "priority": self.priority.to_numpy(),
        })
        t = pd.DataFrame(cols).sort_values("priority", kind="stable").reset_index(drop=True)
        t["n"] = t["n"].astype("Int64")
        return t.rename(columns=_TABLE_HEADERS[lang])

    def to_dict(self) -> dict:
        rows = []
        for d in self.priority.sort_values(kind="stable").index:
            q = self.quadrant[d]
            rows.append({
                "driver": d, "label": self.labels[d],
                "construct": None if self.construct is None else self.construct[d],
                "importance": self.importance[d], "performance": self.performance[d],
                "se": self.se[d], "n": self.n[d], "performance_100": self.performance_100[d],
                "quadrant": q, "quadrant_label": QUADRANT_LABELS[q], "priority": self.priority[d],
            })
        return jsonable({
            "analysis": self.method, "level": self.level, "importance_kind": self.importance_kind,
            "target": self.target, "scale": list(self.scale),
            "center": {"kind": self.center_kind, "importance": self.center[0], "performance": self.center[1],
                       "performance_100": self.center_100[1], "text": CENTER_TEXT[self.center_kind]},
            "crosshair_rule": CROSSHAIR_RULE, "priority_rule": PRIORITY_RULE,
            "quadrant_labels": QUADRANT_LABELS,
            "source": ("Martilla & James 1977" if self.method == "ipa"
                       else "Ringle & Sarstedt 2016, Industrial Management & Data Systems 116(9)"),
            "drivers": rows, "notes": self.notes,
        })


def _build(method, level, kind, imp: dict, means: dict, ses: dict, ns: dict, lo, hi, center, labels,
           construct=None, target=None, notes=None) -> IPAResult:
    drivers = list(imp)
    imp_s = pd.Series([imp[d] for d in drivers], index=drivers, dtype=float)
    perf_s = pd.Series([means[d] for d in drivers], index=drivers, dtype=float)
    c_kind, c_imp, c_perf = _center(center, imp_s.to_numpy(), perf_s.to_numpy(), lo, hi)
    hi_imp = _at_or_above(imp_s.to_numpy(), c_imp)
    hi_perf = _at_or_above(perf_s.to_numpy(), c_perf)
    codes = {v: k for k, v in _QUADRANT_SIDES.items()}
    quad = pd.Series([codes[(bool(a), bool(b))] for a, b in zip(hi_imp, hi_perf)], index=drivers)
    order = sorted(range(len(drivers)),
                   key=lambda i: (PRIORITY_ORDER.index(quad.iloc[i]), -imp_s.iloc[i], perf_s.iloc[i], i))
    prio = pd.Series(0, index=drivers, dtype=int)
    for rank, i in enumerate(order, start=1):
        prio.iloc[i] = rank
    notes = list(notes or [])
    if (imp_s < 0).any():
        neg = [str(d) for d in drivers if imp_s[d] < 0]
        notes.append({"en": f"Negative importance for {', '.join(neg)}: the driver works against the outcome.",
                      "zh-Hans": f"{'、'.join(neg)} 的重要性为负：该因素与结果变量反向相关。",
                      "zh-Hant": f"{'、'.join(neg)} 的重要性為負：該因素與結果變項反向相關。"})
    return IPAResult(method=method, level=level, importance_kind=kind, importance=imp_s, performance=perf_s,
                     se=pd.Series([ses[d] for d in drivers], index=drivers, dtype=float),
                     n=pd.Series([ns[d] for d in drivers], index=drivers, dtype=object),
                     scale=(lo, hi), center_kind=c_kind, center=(c_imp, c_perf), quadrant=quad,
                     priority=prio, labels=_check_labels(labels, drivers), construct=construct,
                     target=target, notes=notes)


# --------------------------------------------------------------------------
# IPA and IPMA
# --------------------------------------------------------------------------

def ipa(importance, performance, *, scale=(1, 5), center="means", labels=None,
        importance_kind=None) -> IPAResult:
    """Importance–performance analysis (Martilla & James 1977); see the module docstring.

    ``importance``: mapping (or Series) driver → importance, in any metric.
    ``performance``: mapping driver → mean rating on ``scale``, or a DataFrame
    of scores with one column per driver (the column mean over the answered
    rows is used, with its SE = SD/√n and n; other columns are ignored).
    ``center``: ``"means"``, ``"midpoint"`` or ``(importance, performance)``.
    ``labels``: optional mapping driver → display name (e.g. 可靠性).
    ``importance_kind``: how importance was obtained (``"lmg"``,
    ``"total_effect"``, ``"beta"``, ``"stated"``, …), kept in the result and
    used in the axis title; ``None`` is recorded as ``"unspecified"``.
    Drivers are those named in ``importance``; each needs a performance.
    """
    lo, hi = _check_scale(scale)
    kind = _check_importance_kind(importance_kind)
    imp = _finite_values(_as_mapping(importance, "importance"), "importance")
    means, ses, ns = _performance_stats(performance, list(imp), lo, hi, "performance")
    return _build("ipa", "driver", kind, imp, means, ses, ns, lo, hi, center, labels)


def ipma(total_effects, scores, *, scale=(1, 5), indicator_weights=None, item_scores=None, level=None,
         target=None, center="means", labels=None) -> IPAResult:
    """Importance–performance map analysis (Ringle & Sarstedt 2016); see the module docstring.

    ``total_effects``: mapping construct → unstandardised total effect on the
    target construct (``target`` names it, for the record).  ``scores``:
    DataFrame of construct scores on ``scale`` (or a mapping construct → mean
    score).  Performance = mean score on 0–100.

    Indicator level (``level="indicator"``, the default when
    ``indicator_weights`` is given): ``indicator_weights`` =
    {construct: {item: outer weight}} (weights ≥ 0 with a positive sum, as
    IPMA requires), ``item_scores`` = DataFrame of item answers on ``scale``
    (or a mapping item → mean).  Importance of an item = w / Σw of its
    construct × the construct's total effect; performance = item mean on 0–100.
    Constructs without weights are left out at indicator level (noted).
    """
    lo, hi = _check_scale(scale)
    te = _finite_values(_as_mapping(total_effects, "total_effects"), "total_effects")
    if level is None:
        level = "construct" if indicator_weights is None else "indicator"
    if level not in ("construct", "indicator"):
        raise invalid_option("level", f"{level!r} ∉ {{construct, indicator}}",
                             "Use level='construct' or level='indicator'.",
                             "请使用 level='construct' 或 level='indicator'。",
                             "請使用 level='construct' 或 level='indicator'。")
    tgt = None if target is None else str(target)
    if level == "construct":
        means, ses, ns = _performance_stats(scores, list(te), lo, hi, "scores")
        return _build("ipma", "construct", "total_effect", te, means, ses, ns, lo, hi, center, labels,
                      target=tgt)

    if indicator_weights is None or item_scores is None:
        raise invalid_option("indicator_weights" if indicator_weights is None else "item_scores", "None",
                             "Indicator-level IPMA needs both indicator_weights={construct: {item: weight}} and "
                             "item_scores (the item answers).",
                             "指标层面的 IPMA 需要同时提供 indicator_weights={构念: {题目: 权重}} 和 item_scores（题目作答）。",
                             "指標層面的 IPMA 需要同時提供 indicator_weights={構念: {題目: 權重}} 與 item_scores（題目作答）。")
    if not isinstance(indicator_weights, Mapping) or not indicator_weights:
        raise invalid_option("indicator_weights", type(indicator_weights).__name__,
                             "Give the outer weights as {construct: {item: weight}}.",
                             "请以 {构念: {题目: 权重}} 的形式给出外部权重。",
                             "請以 {構念: {題目: 權重}} 的形式提供外部權重。")
    imp, construct = {}, {}
    for c, ws in indicator_weights.items():
        if c not in te:
            raise invalid_option("indicator_weights", f"{c!r} ∉ total_effects",
                                 "Give weights only for constructs that have a total effect.",
                                 "只能为有总效应的构念给出权重。", "只能為有總效果的構念提供權重。", column=str(c))
        ws = _finite_values(_as_mapping(ws, "indicator_weights"), "indicator_weights")
        neg = [k for k, w in ws.items() if w < 0]
        if neg:
            raise invalid_data(f"w({neg[0]!r}) = {ws[neg[0]]:g} < 0",
                               "IPMA needs non-negative outer weights: a negative weight means the item is coded in "
                               "the wrong direction or does not measure the construct; recode or drop it.",
                               "IPMA 要求外部权重非负：负权重说明该题目方向编码错误或不能测量该构念，请重新编码或删除。",
                               "IPMA 要求外部權重非負：負權重表示該題目方向編碼錯誤或不能測量該構念，請重新編碼或刪除。",
                               column=str(neg[0]))
        total = math.fsum(ws.values())
        if total <= 0:
            raise invalid_data(f"Σw({c!r}) = 0", "Give at least one positive weight per construct.",
                               "每个构念至少需要一个正的权重。", "每個構念至少需要一個正的權重。", column=str(c))
        for item, w in ws.items():
            if item in construct:
                raise invalid_option("indicator_weights", f"{item!r} ∈ {construct[item]!r}, {c!r}",
                                     "List every item under one construct only.",
                                     "每个题目只能属于一个构念。", "每個題目只能屬於一個構念。", column=str(item))
            construct[item] = c
            imp[item] = w / total * te[c]
    means, ses, ns = _performance_stats(item_scores, list(imp), lo, hi, "item_scores")
    left_out = [str(c) for c in te if c not in indicator_weights]
    notes = []
    if left_out:
        notes.append({"en": f"No indicator weights for {', '.join(left_out)}: left out of the indicator map.",
                      "zh-Hans": f"{'、'.join(left_out)} 没有指标权重，未列入指标层面的图。",
                      "zh-Hant": f"{'、'.join(left_out)} 沒有指標權重，未列入指標層面的圖。"})
    return _build("ipma", "indicator", "total_effect", imp, means, ses, ns, lo, hi, center, labels,
                  construct=construct, target=tgt, notes=notes)


# --------------------------------------------------------------------------
# the map
# --------------------------------------------------------------------------

def _axis_titles(res: IPAResult, lang: str, on_100: bool) -> tuple[str, str]:
    kind = IMPORTANCE_KINDS.get(res.importance_kind, {}).get(lang, res.importance_kind)
    lo, hi = res.scale
    if lang == "en":
        imp = f"Importance ({kind})"
        perf = "Performance (0–100)" if on_100 else f"Performance (mean, {lo:g}–{hi:g})"
    elif lang == "zh-Hans":
        imp = f"重要性（{kind}）"
        perf = "绩效（0–100）" if on_100 else f"绩效（均值，{lo:g}–{hi:g}）"
    else:
        imp = f"重要性（{kind}）"
        perf = "績效（0–100）" if on_100 else f"績效（平均，{lo:g}–{hi:g}）"
    return imp, perf


def _limits(values: np.ndarray, c: float) -> tuple[float, float]:
    lo, hi = float(min(values.min(), c)), float(max(values.max(), c))
    pad = (hi - lo) * 0.15 if hi > lo else max(abs(hi) * 0.1, 0.05)
    return lo - pad, hi + pad


def plot(result: IPAResult, lang: str = "en", *, x: str | None = None, performance_axis: str | None = None,
         title: str | None = None, figsize=(7.0, 5.5)):
    """The importance–performance map as a :class:`matplotlib.figure.Figure` (no pyplot state).

    ``x``: which measure goes on the horizontal axis — ``"performance"``
    (Martilla & James's layout, default for IPA) or ``"importance"``
    (SmartPLS's IPMA layout, default for IPMA).  ``performance_axis``:
    ``"scale"`` (mean rating; IPA default) or ``"100"`` (0–100; IPMA default).
    Dashed crosshairs, quadrant names in the corners, driver labels beside the
    points, axis titles in ``lang``.  Text uses the first installed font of
    :data:`CJK_FONTS` (per-text font properties, global rcParams untouched);
    without any CJK font the figure still renders (Chinese glyphs as boxes).
    """
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

    if not isinstance(result, IPAResult):
        raise invalid_option("result", type(result).__name__, "Pass the result of ipa() or ipma().",
                             "请传入 ipa() 或 ipma() 的结果。", "請傳入 ipa() 或 ipma() 的結果。")
    _check_lang(lang)
    if x is None:
        x = "importance" if result.method == "ipma" else "performance"
    if x not in ("performance", "importance"):
        raise invalid_option("x", f"{x!r} ∉ {{performance, importance}}",
                             "Use x='performance' or x='importance'.", "请使用 x='performance' 或 x='importance'。",
                             "請使用 x='performance' 或 x='importance'。")
    if performance_axis is None:
        performance_axis = "100" if result.method == "ipma" else "scale"
    if performance_axis not in ("scale", "100"):
        raise invalid_option("performance_axis", f"{performance_axis!r} ∉ {{scale, 100}}",
                             "Use performance_axis='scale' or performance_axis='100'.",
                             "请使用 performance_axis='scale' 或 '100'。", "請使用 performance_axis='scale' 或 '100'。")
    on_100 = performance_axis == "100"
    families = list(cjk_font_families())
    fp = FontProperties(family=families, size=9)
    fp_small = FontProperties(family=families, size=8)
    fp_axis = FontProperties(family=families, size=10)

    imp = result.importance.to_numpy()
    perf = (result.performance_100 if on_100 else result.performance).to_numpy()
    c_imp = result.center[0]
    c_perf = result.center_100[1] if on_100 else result.center[1]
    imp_title, perf_title = _axis_titles(result, lang, on_100)
    if x == "performance":
        xs, ys, cx, cy, xt, yt = perf, imp, c_perf, c_imp, perf_title, imp_title
    else:
        xs, ys, cx, cy, xt, yt = imp, perf, c_imp, c_perf, imp_title, perf_title

    fig = Figure(figsize=figsize)
    ax = fig.add_subplot(1, 1, 1)
    ax.scatter(xs, ys, s=36, color="#1f4e79", zorder=3)
    for d, xv, yv in zip(result.drivers, xs, ys):
        ax.annotate(result.labels[d], (xv, yv), xytext=(5, 4), textcoords="offset points", fontproperties=fp,
                    zorder=4)
    ax.axvline(cx, color="0.35", linestyle="--", linewidth=1)
    ax.axhline(cy, color="0.35", linestyle="--", linewidth=1)
    ax.set_xlim(*_limits(xs, cx))
    ax.set_ylim(*_limits(ys, cy))
    ax.set_xlabel(xt, fontproperties=fp_axis)
    ax.set_ylabel(yt, fontproperties=fp_axis)
    for code, (hi_imp, hi_perf) in _QUADRANT_SIDES.items():
        right, top = (hi_perf, hi_imp) if x == "performance" else (hi_imp, hi_perf)
        ax.text(0.98 if right else 0.02, 0.97 if top else 0.03, QUADRANT_LABELS[code][lang],
                transform=ax.transAxes, ha="right" if right else "left", va="top" if top else "bottom",
                color="0.45", fontproperties=fp)
    if title:
        ax.set_title(str(title), fontproperties=fp_axis)
    caption = CENTER_TEXT[result.center_kind][lang]
    fig.text(0.01, 0.005, caption, fontproperties=fp_small, color="0.4", ha="left", va="bottom")
    fig.subplots_adjust(bottom=0.14)
    return fig
