"""Importance–performance map analysis (IPMA) of a PLS path model, as SmartPLS computes it.

>>> fit = estimate_pls(mobi, MOBI_ECSI)
>>> res = pls_ipma(fit, "Loyalty", scale=(1, 10))
>>> res.table(lang="zh-Hans"); plot(res, lang="zh-Hans")       # research.marketing.ipa.plot

Procedure (Ringle & Sarstedt 2016, *Industrial Management & Data Systems*
116(9), 1865–1886; Hair, Sarstedt, Ringle & Gudergan 2018, *Advanced Issues
in PLS-SEM*, ch. 3; SmartPLS's IPMA):

1. every indicator is rescaled to 0–100 with its scale's minimum and maximum,
   ``x̃ = (x − min)/(max − min)·100``;
2. the standardized outer weights are unstandardized with the indicators'
   standard deviations on that 0–100 scale, ``w_j / sd(x̃_j)``, and normalised
   to sum to 1 within each block: the *rescaled outer weights* ``w̃``;
3. rescaled construct scores ``Ỹ_c = Σ_j w̃_j x̃_j`` (0–100 when no weight is
   negative); a construct's **performance** is their mean;
4. **importance** is the *unstandardized* total effect on the target: the
   path model re-estimated on the rescaled scores (OLS with intercept, which
   is what the standardized paths become on that scale) and its total
   effects.  Because ``Ỹ_c − mean = Y_c·k_c`` with ``k_c = 1/Σ_j w_j/sd(x̃_j)``
   (``Y_c`` the unit-variance PLS score), every unstandardized path and total
   effect is the standardized one times ``k_target/k_source``; this module
   computes it that way, which for PLSc applies the same rescaling to the
   corrected paths (for PLS it is exactly the OLS on the rescaled scores);
5. indicator level: an indicator's performance is the mean of ``x̃_j``, its
   importance ``w̃_j × `` the unstandardized total effect of its construct
   (a one-point rise of ``x̃_j`` raises ``Ỹ_c`` by ``w̃_j``).

The drivers are every construct with a directed path to the target (direct or
indirect), as SmartPLS lists them.  Using ``sd(x̃)`` rather than ``sd(x)`` in
step 2 keeps ``Ỹ`` a linear function of the PLS score when items of one
block have different scales; with one scale the two agree.  A negative outer
weight does not stop the analysis (SmartPLS warns): it is noted, and the
performance may then leave 0–100.

The result is an :class:`~research.marketing.ipa.IPAResult` (same table,
JSON and figure as the IPA/IPMA of :mod:`research.marketing.ipa`) with the
PLS details added (:class:`PLSIPMAResult`).  When every indicator has the
same scale the performance is kept on that scale too (``performance``, the
"LV index value") besides ``performance_100``; otherwise the result's scale
is 0–100.
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, fields

import numpy as np
import pandas as pd

from ..errors import invalid_data, invalid_option
from ..jsonsafe import jsonable
from ..marketing.ipa import IPAResult, _build, _is_number
from .fit import PLSResult

LEVELS = ("construct", "indicator")


@dataclass
class PLSIPMAResult(IPAResult):
    """An IPMA of a PLS model: the map (:class:`IPAResult`) plus the PLS quantities behind it.

    ``rescaled_weights``: items × constructs, ``w̃`` (each block sums to 1, 0
    outside it).  ``unstandardized_paths`` / ``unstandardized_total_effects``:
    source × target on the 0–100 construct scores.  ``construct_performance``:
    mean rescaled score (0–100) of every construct, the target included.
    ``item_scales``: item → (min, max) used for the rescaling; ``item_construct``: item → its construct;
    ``scale_source``: ``"given"`` or ``"observed"``.
    """

    rescaled_weights: pd.DataFrame | None = None
    unstandardized_paths: pd.DataFrame | None = None
    unstandardized_total_effects: pd.DataFrame | None = None
    construct_performance: pd.Series | None = None
    item_scales: dict = field(default_factory=dict)
    item_construct: dict = field(default_factory=dict)
    scale_source: str = "given"

    def to_dict(self) -> dict:
        d = super().to_dict()
        w = self.rescaled_weights
        d["pls"] = jsonable({
            "rescaled_weights": {c: {i: w.loc[i, c] for i, cc in self.item_construct.items() if cc == c}
                                 for c in w.columns},
            "unstandardized_paths": self.unstandardized_paths,
            "unstandardized_total_effects": self.unstandardized_total_effects,
            "construct_performance": self.construct_performance,
            "item_scales": {k: list(v) for k, v in self.item_scales.items()},
            "scale_source": self.scale_source,
            "source": "Ringle & Sarstedt 2016; Hair, Sarstedt, Ringle & Gudergan 2018, ch. 3 (SmartPLS IPMA)",
        })
        return d


# --------------------------------------------------------------------------
# checks
# --------------------------------------------------------------------------

def _bad_scale(where: str, value) -> Exception:
    return invalid_option("scale", f"{where}: {value!r}"[:80],
                          "Give the rating scale as (minimum, maximum) with minimum < maximum, e.g. (1, 5), or a "
                          "mapping item (or construct) → (minimum, maximum).",
                          "请以（最小值, 最大值）给出量表范围且最小值小于最大值，例如 (1, 5)；或以字典为每个题项（或构念）给出范围。",
                          "請以（最小值, 最大值）提供量表範圍且最小值小於最大值，例如 (1, 5)；或以字典為每個題項（或構念）提供範圍。",
                          column=None if where == "scale" else where)


def _pair(value, where: str) -> tuple[float, float]:
    ok = isinstance(value, (tuple, list)) and len(value) == 2 and all(_is_number(v) for v in value) \
        and all(math.isfinite(float(v)) for v in value) and float(value[0]) < float(value[1])
    if not ok:
        raise _bad_scale(where, value)
    return float(value[0]), float(value[1])


def _item_scales(fit: PLSResult, scale) -> tuple[np.ndarray, np.ndarray, str]:
    items = list(fit.items)
    raw = fit.data.raw
    if scale is None:
        return raw.min(axis=0), raw.max(axis=0), "observed"
    if isinstance(scale, Mapping):
        owner = {i: b.name for b in fit.model.blocks for i in b.items}
        unknown = [k for k in scale if k not in owner and k not in owner.values()]
        if unknown:
            raise invalid_option("scale", f"{unknown[0]!r} ∉ model", "Name items or constructs of the model in scale=.",
                                 "scale= 中只能写模型中的题项或构念。", "scale= 中只能寫模型中的題項或構念。",
                                 column=str(unknown[0]))
        lo, hi = np.empty(len(items)), np.empty(len(items))
        for k, item in enumerate(items):
            key = item if item in scale else owner[item]
            if key not in scale:
                raise invalid_option("scale", f"{item!r} ∉ scale",
                                     "Give a scale for every item of the model (by item or by construct).",
                                     "请为模型中的每个题项给出量表范围（按题项或按构念）。",
                                     "請為模型中的每個題項提供量表範圍（按題項或按構念）。", column=str(item))
            lo[k], hi[k] = _pair(scale[key], str(key))
        return lo, hi, "given"
    lo, hi = _pair(scale, "scale")
    return np.full(len(items), lo), np.full(len(items), hi), "given"


def _check_in_scale(fit: PLSResult, lo: np.ndarray, hi: np.ndarray) -> None:
    raw = fit.data.raw
    bad = (raw < lo) | (raw > hi)
    if bad.any():
        r, k = (int(v) for v in np.argwhere(bad)[0])
        item = fit.items[k]
        raise invalid_data(f"{item!r}: {raw[r, k]:g} ∉ [{lo[k]:g}, {hi[k]:g}]",
                           "An answer lies outside the item's scale: check scale= (the questionnaire's minimum and "
                           "maximum) or recode the value.",
                           "有答案超出该题项的量表范围：请检查 scale=（问卷的最小值与最大值）或重新编码。",
                           "有答案超出該題項的量表範圍：請檢查 scale=（問卷的最小值與最大值）或重新編碼。",
                           column=str(item), row=fit.data.rows[r], value=raw[r, k])


def _ancestors(fit: PLSResult, target: str) -> list[str]:
    found, todo = set(), [target]
    while todo:
        t = todo.pop()
        for s, tt in fit.model.paths:
            if tt == t and s not in found:
                found.add(s)
                todo.append(s)
    return [c for c in fit.constructs if c in found]


def _check(fit, target, level) -> None:
    if not isinstance(fit, PLSResult):
        raise invalid_option("fit", type(fit).__name__, "Pass the result of research.pls.estimate_pls().",
                             "请传入 research.pls.estimate_pls() 的结果。", "請傳入 research.pls.estimate_pls() 的結果。")
    if fit.model.interactions:
        raise invalid_option("fit", "A*B", "IPMA has no importance or performance for an interaction term; run it on "
                             "the model without the interaction.",
                             "交互项没有 IPMA 的重要性与绩效；请对不含交互项的模型进行 IPMA。",
                             "交互項沒有 IPMA 的重要性與績效；請對不含交互項的模型進行 IPMA。")
    if target not in fit.constructs:
        raise invalid_option("target", f"{target!r} ∉ {{{', '.join(fit.constructs)}}}",
                             "Name the target construct as in the model.", "请按模型中的名称给出目标构念。",
                             "請按模型中的名稱提供目標構念。", column=str(target))
    if target not in fit.model.endogenous:
        raise invalid_option("target", f"{target!r}: no predecessors",
                             "The target must be an endogenous construct (one with paths into it).",
                             "目标构念必须是内生构念（有路径指向它）。", "目標構念必須是內生構念（有路徑指向它）。",
                             column=str(target))
    if level not in LEVELS:
        raise invalid_option("level", f"{level!r} ∉ {{construct, indicator}}",
                             "Use level='construct' or level='indicator'.",
                             "请使用 level='construct' 或 level='indicator'。",
                             "請使用 level='construct' 或 level='indicator'。")


def _stats(v: np.ndarray) -> tuple[float, float, int]:
    n = v.size
    return float(v.mean()), float(v.std(ddof=1) / math.sqrt(n)), int(n)


# --------------------------------------------------------------------------
# IPMA
# --------------------------------------------------------------------------

def pls_ipma(fit: PLSResult, target: str, *, scale=None, level: str = "construct", center="means",
             labels=None) -> PLSIPMAResult:
    """SmartPLS's importance–performance map analysis of ``target`` (Ringle & Sarstedt 2016); module docstring.

    ``scale``: the questionnaire's (minimum, maximum) for every item, e.g.
    ``(1, 7)``, or a mapping item (or construct) → (minimum, maximum); ``None``
    takes each item's observed minimum and maximum (noted: the theoretical
    scale is the right one).  ``level``: ``"construct"`` or ``"indicator"``
    (the indicators of every driver construct).  ``center``: ``"means"``,
    ``"midpoint"`` or (importance, performance) with the performance on the
    result's scale (the common item scale, else 0–100).  ``labels``: mapping
    construct/item → display name.  The data are the responses the fit used
    (after its missing-value handling); SE = SD/√n of the scores.
    """
    _check(fit, target, level)
    lo, hi, source = _item_scales(fit, scale)
    _check_in_scale(fit, lo, hi)
    items, constructs = list(fit.items), list(fit.constructs)
    raw = fit.data.raw
    x100 = (raw - lo) / (hi - lo) * 100.0
    W = fit.estimates.weights[0]                          # (p, J), unit-variance scores, 0 outside blocks
    U = W / x100.std(axis=0, ddof=1)[:, None]             # unstandardized on the 0–100 scale
    total = U.sum(axis=0)
    notes = []
    flat = [c for c, t in zip(constructs, total) if not abs(t) > 1e-12 * np.abs(U[:, constructs.index(c)]).sum()]
    if flat:
        raise invalid_data(f"Σw({flat[0]!r}) = 0",
                           "The construct's unstandardized outer weights sum to zero, so its score cannot be "
                           "rescaled; recode the negatively weighted items or drop them.",
                           "该构念的非标准化外部权重之和为零，无法换算其得分；请重新编码负权重题项或将其删除。",
                           "該構念的非標準化外部權重之和為零，無法換算其分數；請重新編碼負權重題項或將其刪除。",
                           column=str(flat[0]))
    Wr = U / total                                        # rescaled outer weights: each block sums to 1
    k = 1.0 / total                                       # Ỹ_c − mean = Y_c · k_c
    ratio = k[None, :] / k[:, None]                       # [source, target] → k_target / k_source
    paths = fit.estimates.paths[0] * ratio
    te = fit.total_effects.to_numpy() * ratio
    scores100 = x100 @ Wr
    perf_all = pd.Series(scores100.mean(axis=0), index=constructs, name="performance")

    drivers = _ancestors(fit, target)
    j_t = constructs.index(target)
    te_t = {c: float(te[constructs.index(c), j_t]) for c in drivers}
    owner = {i: b.name for b in fit.model.blocks for i in b.items}
    neg = [i for k_, i in enumerate(items) if Wr[k_, constructs.index(owner[i])] < 0]
    if neg:
        notes.append({"en": f"Negative rescaled outer weight for {', '.join(neg)}: IPMA assumes non-negative weights "
                            "(SmartPLS warns as well); performance may leave 0–100. Check the item's coding direction "
                            "or consider dropping it.",
                      "zh-Hans": f"{'、'.join(neg)} 的换算外部权重为负：IPMA 假定权重非负（SmartPLS 亦会警告），绩效可能超出 "
                                 "0–100。请检查该题项的计分方向或考虑删除。",
                      "zh-Hant": f"{'、'.join(neg)} 的換算外部權重為負：IPMA 假定權重非負（SmartPLS 亦會警告），績效可能超出 "
                                 "0–100。請檢查該題項的計分方向或考慮刪除。"})
    if source == "observed":
        notes.append({"en": "No scale given: each item was rescaled with its observed minimum and maximum; give the "
                            "questionnaire's scale (scale=) for the performance SmartPLS reports.",
                      "zh-Hans": "未给出量表范围：各题项按其观测到的最小值与最大值换算；请以 scale= 给出问卷的量表范围，以得到 "
                                 "SmartPLS 报告的绩效。",
                      "zh-Hant": "未提供量表範圍：各題項按其觀測到的最小值與最大值換算；請以 scale= 提供問卷的量表範圍，以得到 "
                                 "SmartPLS 報告的績效。"})

    common = bool(np.all(lo == lo[0]) and np.all(hi == hi[0]))
    s_lo, s_hi = (float(lo[0]), float(hi[0])) if common else (0.0, 100.0)
    to_scale = (lambda v: s_lo + v / 100.0 * (s_hi - s_lo)) if common else (lambda v: v)
    means, ses, ns, imp, construct = {}, {}, {}, {}, None
    if level == "construct":
        for c in drivers:
            imp[c] = te_t[c]
            means[c], ses[c], ns[c] = _stats(to_scale(scores100[:, constructs.index(c)]))
    else:
        construct = {}
        for c in drivers:
            j = constructs.index(c)
            for i in fit.model.block(c).items:
                kk = items.index(i)
                imp[i] = float(Wr[kk, j]) * te_t[c]
                construct[i] = c
                means[i], ses[i], ns[i] = _stats(to_scale(x100[:, kk]))
    base = _build("ipma", level, "total_effect", imp, means, ses, ns, s_lo, s_hi, center, labels,
                  construct=construct, target=str(target), notes=notes)
    square = {"index": constructs, "columns": constructs}
    return PLSIPMAResult(**{f.name: getattr(base, f.name) for f in fields(IPAResult)},
                         rescaled_weights=pd.DataFrame(Wr, index=items, columns=constructs),
                         unstandardized_paths=pd.DataFrame(paths, **square),
                         unstandardized_total_effects=pd.DataFrame(te, **square),
                         construct_performance=perf_all,
                         item_scales={i: (float(a), float(b)) for i, a, b in zip(items, lo, hi)},
                         item_construct=owner, scale_source=source)
