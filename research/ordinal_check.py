"""Are Likert items safe to treat as continuous for ML?  Item by item: categories, skewness, the largest category.

Rhemtulla, Brosseau-Liard & Savalei (2012) found that with five or more answer categories and roughly
symmetric distributions, ML (or MLR) on Pearson correlations recovers CFA loadings about as well as a
categorical estimator, while with fewer categories — and with strong asymmetry — it underestimates the
loadings and inflates χ², and cat-LS (WLSMV on polychoric correlations) is the better choice.  Flora &
Curran (2004) showed that WLSMV on polychoric correlations performs well for ordinal items with two to five
categories even when the latent responses are non-normal.  An item is flagged here when

* it has at most ``max_categories`` (5) observed categories **and** |skewness| > ``skew`` (1.0), or
* one category holds more than ``share`` (80 %) of its answers — with any number of categories: such an
  item is almost dichotomous (a floor or ceiling), the case where treating it as continuous fails most.

Skewness is the sample skewness SPSS, Excel's ``SKEW`` and SAS report (Joanes & Gill 1998, G1; scipy's
``stats.skew(x, bias=False)``): with m_r = Σ(x − x̄)^r / n,

    g1 = m3 / m2^(3/2),   G1 = g1 · √(n(n − 1)) / (n − 2)      (n ≥ 3; undefined for a constant item)

Each item uses its own answered cells (missing answers left out item by item).  The verdict: "ML is fine"
when no item is flagged, else "consider WLSMV (or MLR)" with the flagged items and why, in zh-Hans, zh-Hant
and en.  ``research.analyze`` puts ``to_dict()`` under ``diagnostics.ordinal_check``; the app's data page and
the report (:mod:`research.report.ordinal_text`) read it back with :meth:`OrdinalCheck.from_dict`.

>>> chk = ordinal_check(df, ["ECO1", "ECO2", "SAT1"])
>>> chk.verdict, chk.flagged          # "consider_wlsmv", ("SAT1",)
>>> chk.table("zh-Hant")              # names, fixed decimals (research.report.apa.display)
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .errors import invalid_data, invalid_option
from .jsonsafe import jsonable as _json
from .validity import _check_frame, _check_items

MAX_CATEGORIES = 5      # Rhemtulla, Brosseau-Liard & Savalei 2012: five or more categories → ML/MLR acceptable
SKEW_LIMIT = 1.0        # |G1| above which an item of ≤ 5 categories counts as strongly asymmetric
SHARE_LIMIT = 0.80      # a category with more than 80 % of the answers: the item is nearly dichotomous
SOURCE = "Rhemtulla, Brosseau-Liard & Savalei 2012; Flora & Curran 2004"
SKEWNESS = "G1 (sample skewness as SPSS reports it; Joanes & Gill 1998)"
VERDICTS = ("ml_fine", "consider_wlsmv")

_REASONS = {
    "skew": {"en": "{k} categories (at most {max}) and skewness {g} (|skewness| > {limit})",
             "zh-Hans": "只有 {k} 个类别（不超过 {max} 个），偏度为 {g}（|偏度| > {limit}）",
             "zh-Hant": "只有 {k} 個類別（不超過 {max} 個），偏態為 {g}（|偏態| > {limit}）"},
    "share": {"en": "{pct}% of the answers are {value} (more than {limit}%)",
              "zh-Hans": "{pct}% 的回答为 {value}（超过 {limit}%）",
              "zh-Hant": "{pct}% 的回答為 {value}（超過 {limit}%）"},
}
_VERDICT = {
    "ml_fine": {"en": "ML is fine: no item has at most {max} categories with |skewness| > {skew}, and no answer "
                      "holds more than {share}% of an item ({source}).",
                "zh-Hans": "ML 估计适用：没有题目在不超过 {max} 个类别的同时 |偏度| > {skew}，也没有任何一个答案"
                           "占某题回答的 {share}% 以上（{source}）。",
                "zh-Hant": "ML 估計適用：沒有題目在不超過 {max} 個類別的同時 |偏態| > {skew}，也沒有任何一個答案"
                           "占某題回答的 {share}% 以上（{source}）。"},
    "consider_wlsmv": {"en": "Consider WLSMV (or MLR): {flagged}",
                       "zh-Hans": "建议采用 WLSMV（或 MLR）：{flagged}",
                       "zh-Hant": "建議採用 WLSMV（或 MLR）：{flagged}"},
}
# the flagged items with the rule and the sources: after the advice, or alone when the items were already fitted
# as ordinal (WLSMV) and advice would be out of place
_FLAGGED = {"en": "{m} of {k} items look unsafe to treat as continuous for ML (at most {max} categories with "
                  "|skewness| > {skew}, or one answer holding more than {share}% of an item): {list} ({source}).",
            "zh-Hans": "{k} 个题目中有 {m} 个不宜当作连续变量以 ML 估计（不超过 {max} 个类别且 |偏度| > {skew}，"
                       "或某一答案占该题回答的 {share}% 以上）：{list}（{source}）。",
            "zh-Hant": "{k} 個題目中有 {m} 個不宜當作連續變項以 ML 估計（不超過 {max} 個類別且 |偏態| > {skew}，"
                       "或某一答案占該題回答的 {share}% 以上）：{list}（{source}）。"}
_HEAD = {
    "item": {"en": "Item", "zh-Hans": "题目", "zh-Hant": "題目"},
    "code": {"en": "Code", "zh-Hans": "代码", "zh-Hant": "代碼"},
    "n": {"en": "n", "zh-Hans": "n", "zh-Hant": "n"},
    "categories": {"en": "Categories", "zh-Hans": "类别数", "zh-Hant": "類別數"},
    "skewness": {"en": "Skewness (G1)", "zh-Hans": "偏度（G1）", "zh-Hant": "偏態（G1）"},
    "top": {"en": "Most frequent answer", "zh-Hans": "最常见的答案", "zh-Hant": "最常見的答案"},
    "share": {"en": "Its share (%)", "zh-Hans": "其占比（%）", "zh-Hant": "其占比（%）"},
    "flagged": {"en": "Unsafe for ML", "zh-Hans": "不宜用 ML", "zh-Hant": "不宜用 ML"},
    "reason": {"en": "Why", "zh-Hans": "原因", "zh-Hant": "原因"},
}
_LIST_SEP = {"en": "; ", "zh-Hans": "、", "zh-Hant": "、"}     # English item texts may hold commas
_REASON_SEP = {"en": "; ", "zh-Hans": "；", "zh-Hant": "；"}
LANGS = ("zh-Hans", "zh-Hant", "en")


def _lang(lang) -> str:
    if lang not in LANGS:
        raise invalid_option("lang", repr(lang), "Use zh-Hans, zh-Hant or en.", "请使用 zh-Hans、zh-Hant 或 en。",
                             "請使用 zh-Hans、zh-Hant 或 en。")
    return lang


def _num(x, digits: int) -> str:
    from .report import apa
    return apa.num(x, digits)


def _value_text(v) -> str:
    """An answer code as written: 5 → "5", 2.5 → "2.5"."""
    if v is None or (isinstance(v, float) and not math.isfinite(v)):
        return "—"
    return str(int(v)) if float(v).is_integer() else f"{float(v):g}"


def _percent(x: float) -> str:
    return _num(100 * x, 1)


def skewness_g1(x) -> float:
    """G1, the bias-adjusted sample skewness (Joanes & Gill 1998; SPSS, Excel ``SKEW``): NaN when n < 3 or the
    values are all equal."""
    v = np.asarray(x, dtype=float)
    v = v[~np.isnan(v)]
    n = v.size
    if n < 3:
        return float("nan")
    d = v - v.mean()
    m2 = float(np.mean(d ** 2))
    if m2 <= 1e-14 * max(1.0, float(np.mean(v ** 2))):
        return float("nan")
    g1 = float(np.mean(d ** 3)) / m2 ** 1.5
    return g1 * math.sqrt(n * (n - 1)) / (n - 2)


@dataclass(frozen=True)
class ItemCheck:
    """One item: ``n`` answered cells, observed ``categories``, ``skewness`` (G1), the most frequent answer
    ``top_value`` and its ``top_share`` (0–1; the lowest such answer on a tie), ``by_skew`` / ``by_share``
    (which rule flagged it) and ``reasons`` ({"code", "en", "zh-Hans", "zh-Hant"} per rule that applies)."""

    item: str
    n: int
    categories: int
    skewness: float
    top_value: float
    top_share: float
    by_skew: bool
    by_share: bool
    reasons: tuple = ()

    @property
    def flagged(self) -> bool:
        return self.by_skew or self.by_share

    def reason(self, lang: str) -> str:
        return _REASON_SEP[_lang(lang)].join(r[lang] for r in self.reasons)

    def to_dict(self) -> dict:
        return {"item": self.item, "n": self.n, "categories": self.categories, "skewness": _json(self.skewness),
                "top_value": _json(self.top_value), "top_share": _json(self.top_share), "by_skew": self.by_skew,
                "by_share": self.by_share, "flagged": self.flagged, "reasons": [dict(r) for r in self.reasons]}


def _reasons(categories: int, g1: float, top_value: float, top_share: float, by_skew: bool, by_share: bool,
             max_categories: int, skew: float, share: float) -> tuple:
    out = []
    if by_skew:
        out.append({"code": "skew", **{lang: _REASONS["skew"][lang].format(
            k=categories, max=max_categories, g=_num(g1, 2), limit=_num(skew, 2)) for lang in LANGS}})
    if by_share:
        out.append({"code": "share", **{lang: _REASONS["share"][lang].format(
            pct=_percent(top_share), value=_value_text(top_value), limit=_num(100 * share, 0)) for lang in LANGS}})
    return tuple(out)


def _item_name(names, code: str, lang: str) -> str:
    texts = (names or {}).get(code)
    if isinstance(texts, dict):
        text = texts.get(lang) or texts.get("en") or next((v for v in texts.values() if v), None)
        return str(text) if text else code
    return str(texts) if texts else code


@dataclass(frozen=True, eq=False)
class OrdinalCheck:
    """The result of :func:`ordinal_check`: one :class:`ItemCheck` per item and the thresholds used."""

    items: tuple
    max_categories: int = MAX_CATEGORIES
    skew: float = SKEW_LIMIT
    share: float = SHARE_LIMIT

    @property
    def flagged(self) -> tuple:
        """The codes of the flagged items, in the order given."""
        return tuple(i.item for i in self.items if i.flagged)

    @property
    def by_skew(self) -> tuple:
        return tuple(i.item for i in self.items if i.by_skew)

    @property
    def by_share(self) -> tuple:
        return tuple(i.item for i in self.items if i.by_share)

    @property
    def verdict(self) -> str:
        """``"ml_fine"`` (no item flagged) or ``"consider_wlsmv"``."""
        return "consider_wlsmv" if self.flagged else "ml_fine"

    def verdict_text(self, lang: str = "en", names: dict | None = None, advice: bool = True) -> str:
        """The verdict in ``lang`` with the thresholds, the flagged items (by ``names``: code → name or
        {lang: name}; default the codes) and the sources; ``advice=False`` leaves out "Consider WLSMV (or MLR)"
        before the flagged items (for a run already fitted as ordinal)."""
        lang = _lang(lang)
        source = "Rhemtulla et al., 2012; Flora & Curran, 2004"
        shown = [_item_name(names, c, lang) for c in self.flagged]
        values = {"max": self.max_categories, "skew": _num(self.skew, 2), "share": _num(100 * self.share, 0),
                  "source": source, "m": len(shown), "k": len(self.items), "list": _LIST_SEP[lang].join(shown)}
        if self.verdict == "ml_fine":
            return _VERDICT["ml_fine"][lang].format(**values)
        flagged = _FLAGGED[lang].format(**values)
        return _VERDICT["consider_wlsmv"][lang].format(flagged=flagged) if advice else flagged

    def table(self, lang: str = "en", names: dict | None = None) -> pd.DataFrame:
        """One row per item, headed in ``lang``, formatted as :func:`research.report.apa.display` shows it
        (skewness 2 decimals, share 1 decimal): the item's name (``names``: code → name or {lang: name}) with
        a code column when any item has a name other than its code, n, categories, skewness, the most frequent answer and its share,
        flagged (yes/no) and why."""
        lang = _lang(lang)
        named = any(_item_name(names, i.item, lang) != i.item for i in self.items)     # the codes beside names
        rows = []
        for i in self.items:
            row = {"item": _item_name(names, i.item, lang)}
            if named:
                row["code"] = i.item
            row.update({"n": i.n, "categories": i.categories, "skewness": i.skewness,
                        "top": _value_text(i.top_value), "share": 100 * i.top_share,
                        "flagged": i.flagged, "reason": i.reason(lang)})
            rows.append(row)
        keys = ["item", *(["code"] if named else []), "n", "categories", "skewness", "top", "share", "flagged",
                "reason"]
        frame = pd.DataFrame(rows, columns=keys)
        formats = {"item": "text", "code": "text", "n": "int", "categories": "int", "skewness": "2", "top": "text",
                   "share": "1", "reason": "text"}
        frame = frame.rename(columns={k: _HEAD[k][lang] for k in keys})
        frame.attrs["formats"] = {_HEAD[k][lang]: f for k, f in formats.items() if k in keys}
        return frame

    def to_dict(self) -> dict:
        return {"statistic": "ordinal_check", "verdict": self.verdict, "flagged": list(self.flagged),
                "by_skew": list(self.by_skew), "by_share": list(self.by_share), "k": len(self.items),
                "items": [i.to_dict() for i in self.items],
                "thresholds": {"max_categories": self.max_categories, "skew_above": self.skew,
                               "share_above": self.share, "source": SOURCE},
                "skewness": SKEWNESS, "missing": "available answers per item",
                "verdict_text": {lang: self.verdict_text(lang) for lang in LANGS}}

    @classmethod
    def from_dict(cls, d: dict) -> "OrdinalCheck":
        """The check back from its :meth:`to_dict` (results.json's ``diagnostics.ordinal_check``)."""
        th = d.get("thresholds") or {}
        items = tuple(ItemCheck(item=str(r["item"]), n=int(r["n"]), categories=int(r["categories"]),
                                skewness=_float(r.get("skewness")), top_value=_float(r.get("top_value")),
                                top_share=_float(r.get("top_share")), by_skew=bool(r.get("by_skew")),
                                by_share=bool(r.get("by_share")),
                                reasons=tuple(dict(x) for x in r.get("reasons") or ()))
                      for r in d.get("items") or ())
        return cls(items=items, max_categories=int(th.get("max_categories", MAX_CATEGORIES)),
                   skew=float(th.get("skew_above", SKEW_LIMIT)), share=float(th.get("share_above", SHARE_LIMIT)))


def _float(x) -> float:
    try:
        return float(x) if x is not None else float("nan")
    except (TypeError, ValueError):
        return float("nan")


def _column(data: pd.DataFrame, name) -> np.ndarray:
    """The answers of ``name`` as floats (NaN for missing); text or ±inf is an error naming the first such cell
    (row counted from 1 in the data)."""
    col = data[name]
    if pd.api.types.is_numeric_dtype(col.dtype) and not pd.api.types.is_bool_dtype(col.dtype):
        x = col.to_numpy(dtype=float, na_value=np.nan)
        bad = np.isinf(x)
    else:
        x = pd.to_numeric(col, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        bad = (col.notna().to_numpy() & np.isnan(x)) | np.isinf(x)
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        raise invalid_data(str(name),
                           f"The answers of {name} must be numbers (answer codes such as 1–5): recode text answers "
                           f"to their codes first, and leave a missing answer empty.",
                           f"{name} 的回答必须是数字（如 1–5 的答案代码）：请先把文字答案编码为代码，缺失的答案请留空。",
                           f"{name} 的回答必須是數字（如 1–5 的答案代碼）：請先把文字答案編碼為代碼，遺漏的答案請留空。",
                           column=str(name), row=pos + 1, value=col.iloc[pos])
    return x


def _check_threshold(option: str, value, low: float, high: float, integer: bool = False):
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) \
        and low <= value <= high and (not integer or float(value).is_integer())
    if not ok:
        kind = "a whole number" if integer else "a number"
        raise invalid_option(option, repr(value)[:40], f"Give {kind} from {low:g} to {high:g}.",
                             f"请给出 {low:g} 到 {high:g} 之间的{'整数' if integer else '数值'}。",
                             f"請提供 {low:g} 到 {high:g} 之間的{'整數' if integer else '數值'}。")
    return int(value) if integer else float(value)


def ordinal_check(data: pd.DataFrame, items, *, max_categories: int = MAX_CATEGORIES, skew: float = SKEW_LIMIT,
                  share: float = SHARE_LIMIT) -> OrdinalCheck:
    """Check whether ``items`` (answer codes) look unsafe to treat as continuous for ML (see the module docstring).

    An item is flagged when it has at most ``max_categories`` observed categories and |G1| > ``skew``, or when
    one answer holds more than ``share`` of its answered cells.  Raises :class:`research.errors.OptionError`
    for unknown or repeated columns and thresholds out of range, :class:`research.errors.DataError` for text or
    ±inf in an item (naming the row, column and value).
    """
    _check_frame(data)
    items = _check_items(data, items, min_items=1)
    max_categories = _check_threshold("max_categories", max_categories, 2, 1000, integer=True)
    skew = _check_threshold("skew", skew, 0.0, 100.0)
    share = _check_threshold("share", share, 0.0, 1.0)
    out = []
    for name in items:
        x = _column(data, name)
        x = x[~np.isnan(x)]
        n = int(x.size)
        if n:
            values, counts = np.unique(x, return_counts=True)
            top = int(np.argmax(counts))                    # the lowest answer among equally frequent ones
            top_value, top_share, categories = float(values[top]), float(counts[top]) / n, int(values.size)
        else:
            top_value, top_share, categories = float("nan"), float("nan"), 0
        g1 = skewness_g1(x)
        by_skew = bool(0 < categories <= max_categories and math.isfinite(g1) and abs(g1) > skew)
        by_share = bool(n > 0 and top_share > share)
        out.append(ItemCheck(item=str(name), n=n, categories=categories, skewness=g1, top_value=top_value,
                             top_share=top_share, by_skew=by_skew, by_share=by_share,
                             reasons=_reasons(categories, g1, top_value, top_share, by_skew, by_share,
                                              max_categories, skew, share)))
    return OrdinalCheck(items=tuple(out), max_categories=max_categories, skew=skew, share=share)
