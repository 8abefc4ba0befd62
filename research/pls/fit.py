"""Estimate a PLS path model on a data frame: :func:`estimate_pls` → :class:`PLSResult`.

>>> fit = estimate_pls(mobi, "Image =~ IMAG1 + IMAG2 + IMAG3\\nSat =~ CUSA1 + CUSA2\\nSat ~ Image")
>>> fit.paths, fit.weights, fit.loadings, fit.r2, fit.scores

Data are standardized with the n − 1 standard deviation (as seminr and
SmartPLS), so construct scores have unit variance.  Missing answers are
replaced by the item mean (``missing="mean"``, SmartPLS's and seminr's
default) or the response is left out (``missing="casewise"``); the result
says which, how many cells were replaced and which rows were left out.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import infinite_values, invalid_data, invalid_option
from ..messages import Note
from . import engine
from .engine import Estimates, Layout
from .model import PLSModel, parse_pls_model

MISSING = ("mean", "casewise")


@dataclass(frozen=True)
class Prepared:
    """The model's indicators as the algorithm sees them."""

    raw: np.ndarray             # (n, p) answers after missing-value handling, original scale
    std: np.ndarray             # (n, p) standardized (n − 1 SD)
    mean: np.ndarray
    sd: np.ndarray
    rows: pd.Index              # the data's index labels of the responses used
    excluded: tuple[tuple[object, str], ...] = ()   # (row label, reason) of responses left out
    replaced: dict = field(default_factory=dict)    # item → number of missing answers replaced by its mean
    missing: str = "mean"

    @property
    def n(self) -> int:
        return self.raw.shape[0]

    @property
    def correlation(self) -> np.ndarray:
        return (self.std.T @ self.std) / (self.n - 1)


def as_model(model) -> PLSModel:
    if isinstance(model, PLSModel):
        return model
    if isinstance(model, str):
        return parse_pls_model(model)
    if hasattr(model, "structural_paths") and hasattr(model, "constructs"):
        from .model import model_from_questionnaire

        return model_from_questionnaire(model)
    raise invalid_option("model", type(model).__name__, "Give lavaan syntax, a PLSModel or a questionnaire.",
                         "请给出 lavaan 语法、PLSModel 或问卷。", "請提供 lavaan 語法、PLSModel 或問卷。")


def prepare(data: pd.DataFrame, items, missing: str = "mean") -> Prepared:
    """Check, complete and standardize the indicator columns ``items`` of ``data``."""
    if missing not in MISSING:
        raise invalid_option("missing", str(missing)[:40], "Use missing='mean' (replace by the item mean, SmartPLS's "
                             "default) or missing='casewise' (leave the response out).",
                             "请用 missing='mean'（以题项均值替换，SmartPLS 默认）或 missing='casewise'（删除该份答卷）。",
                             "請用 missing='mean'（以題項平均數取代，SmartPLS 預設）或 missing='casewise'（刪除該份答卷）。")
    items = list(items)
    absent = [c for c in items if c not in data.columns]
    if absent:
        raise invalid_data(", ".join(map(str, absent[:5])), "The model uses these columns but the data do not have "
                           "them; check the item names in the model against the file's header.",
                           "模型用到这些列，但数据中没有；请核对模型中的题项名与文件表头。",
                           "模型用到這些欄，但資料中沒有；請核對模型中的題項名稱與檔案的標題列。")
    frame = data[items]
    values = np.empty(frame.shape)
    for k, col in enumerate(items):
        s = frame[col]
        num = pd.to_numeric(s, errors="coerce")
        bad = num.isna() & s.notna() & (s.astype(str).str.strip() != "")
        if bad.any():
            pos = int(np.flatnonzero(bad.to_numpy())[0])
            raise invalid_data(f"{int(bad.sum())} × text", "PLS needs numeric answers; recode the text answers "
                               "(or leave the cell empty for a missing answer).",
                               "PLS 需要数值答案；请将文字答案编码为数字（缺失答案请留空）。",
                               "PLS 需要數值答案；請將文字答案編碼為數字（遺漏答案請留空）。",
                               column=str(col), row=pos + 1, value=s.iloc[pos])
        values[:, k] = num.to_numpy(dtype=float)
    inf = infinite_values(values, items)
    if inf is not None:
        raise inf
    rows = frame.index
    excluded: list[tuple[object, str]] = []
    replaced: dict = {}
    nan = np.isnan(values)
    empty = [items[k] for k in range(len(items)) if nan[:, k].all()]
    if empty:
        raise invalid_data(", ".join(map(str, empty[:5])), "These columns have no answers at all; leave them out of "
                           "the model or check the column mapping.", "这些列完全没有答案；请将其移出模型或检查列对应。",
                           "這些欄完全沒有答案；請將其移出模型或檢查欄對應。")
    if nan.any():
        if missing == "casewise":
            keep = ~nan.any(axis=1)
            for label, row in zip(rows[~keep], nan[~keep]):
                gone = [items[k] for k in np.flatnonzero(row)]
                excluded.append((label, "missing: " + ", ".join(map(str, gone))))
            values, rows = values[keep], rows[keep]
        else:
            means = np.nanmean(values, axis=0)
            for k in np.flatnonzero(nan.any(axis=0)):
                replaced[items[k]] = int(nan[:, k].sum())
                values[nan[:, k], k] = means[k]
    n = values.shape[0]
    if n < 3:
        raise invalid_data(f"n = {n}", "PLS needs at least 3 complete responses.", "PLS 至少需要 3 份完整答卷。",
                           "PLS 至少需要 3 份完整答卷。")
    mean = values.mean(axis=0)
    sd = values.std(axis=0, ddof=1)
    flat = [items[k] for k in np.flatnonzero(~(sd > 1e-12 * np.maximum(1.0, np.abs(mean))))]
    if flat:
        raise invalid_data(", ".join(map(str, flat[:5])), "Every response gives the same answer to these items, so they "
                           "carry no information; leave them out of the model.",
                           "所有答卷在这些题项上的答案都相同，没有信息量；请将其移出模型。",
                           "所有答卷在這些題項上的答案都相同，沒有資訊量；請將其移出模型。")
    return Prepared(values, (values - mean) / sd, mean, sd, rows, tuple(excluded), replaced, missing)


@dataclass
class PLSResult:
    """One estimated PLS path model (the full sample)."""

    model: PLSModel
    layout: Layout
    data: Prepared
    estimates: Estimates        # a batch of one
    scheme: str = "path"
    consistent: object = False
    tol: float = engine.TOLERANCE
    max_iter: int = engine.MAX_ITER
    notes: list = field(default_factory=list)

    # -- numbers as frames ---------------------------------------------------
    @property
    def constructs(self) -> tuple[str, ...]:
        return self.layout.constructs

    @property
    def items(self) -> tuple[str, ...]:
        return self.layout.items

    def _items_by_constructs(self, a) -> pd.DataFrame:
        return pd.DataFrame(a[0], index=list(self.items), columns=list(self.constructs))

    def _constructs_square(self, a) -> pd.DataFrame:
        return pd.DataFrame(a[0], index=list(self.constructs), columns=list(self.constructs))

    @property
    def weights(self) -> pd.DataFrame:
        """Outer weights (items × constructs, 0 outside the block), for unit-variance construct scores."""
        return self._items_by_constructs(self.estimates.weights)

    @property
    def loadings(self) -> pd.DataFrame:
        """Outer loadings (PLSc loadings for the corrected constructs), 0 outside the block."""
        return self._items_by_constructs(self.estimates.loadings)

    @property
    def cross_loadings(self) -> pd.DataFrame:
        """Correlations of every item with every construct score."""
        return self._items_by_constructs(self.estimates.item_construct)

    @property
    def paths(self) -> pd.DataFrame:
        """Path coefficients, row = source, column = target (0 = no path)."""
        return self._constructs_square(self.estimates.paths)

    @property
    def construct_correlations(self) -> pd.DataFrame:
        """Correlations of the constructs (PLSc-corrected for consistent constructs)."""
        return self._constructs_square(self.estimates.cor)

    @property
    def score_correlations(self) -> pd.DataFrame:
        """Correlations of the construct scores as computed (not corrected)."""
        return self._constructs_square(self.estimates.construct_cor)

    @property
    def r2(self) -> pd.Series:
        r2 = pd.Series(self.estimates.r2[0], index=list(self.constructs), name="R2")
        return r2[list(self.model.endogenous)]

    @property
    def rho_a(self) -> pd.Series:
        return pd.Series(self.estimates.rho_a[0], index=list(self.constructs), name="rhoA")

    @property
    def total_effects(self) -> pd.DataFrame:
        return self._constructs_square(engine.total_effects(self.estimates.paths))

    @property
    def scores(self) -> pd.DataFrame:
        """Construct scores (unit variance, mean 0), one row per response used."""
        return pd.DataFrame(self.data.std @ self.estimates.weights[0], index=self.data.rows,
                            columns=list(self.constructs))

    @property
    def iterations(self) -> int:
        return int(self.estimates.iterations[0])

    @property
    def converged(self) -> bool:
        return bool(self.estimates.converged[0])

    @property
    def n(self) -> int:
        return self.data.n

    def refit(self, rows: np.ndarray) -> "PLSResult":
        """The same model and settings re-estimated on the responses at positions ``rows`` (with repeats: a
        bootstrap resample), started from this fit's weights.  Subclasses (two-stage moderation, higher-order
        constructs) redo their stages here, so resampling code can treat every kind of fit alike."""
        raw = self.data.raw[np.asarray(rows)]
        mean, sd = raw.mean(axis=0), raw.std(axis=0, ddof=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            std = (raw - mean) / sd
        prepared = Prepared(raw, std, mean, sd, self.data.rows[np.asarray(rows)], (), {}, self.data.missing)
        est = engine.estimate(prepared.correlation, self.layout, scheme=self.scheme, consistent=self.consistent,
                              tol=self.tol, max_iter=self.max_iter, start=self.estimates.weights[0])
        return PLSResult(self.model, self.layout, prepared, est, self.scheme, self.consistent, self.tol,
                         self.max_iter, [])


def _check_scheme(scheme: str) -> str:
    if scheme not in engine.SCHEMES:
        raise invalid_option("scheme", str(scheme)[:40], "Use scheme='path' (SmartPLS's default), 'factorial' or "
                             "'centroid'.", "请用 scheme='path'（SmartPLS 默认）、'factorial' 或 'centroid'。",
                             "請用 scheme='path'（SmartPLS 預設）、'factorial' 或 'centroid'。")
    return scheme


def estimate_pls(data: pd.DataFrame, model, *, scheme: str = "path", consistent=False, missing: str = "mean",
                 tol: float = engine.TOLERANCE, max_iter: int = engine.MAX_ITER,
                 method: str = "two_stage", hoc: str = "disjoint") -> PLSResult:
    """Estimate a PLS path model (Lohmöller 1989) or, with ``consistent=True``, PLSc (Dijkstra & Henseler 2015).

    ``model``: lavaan syntax (``=~`` reflective, ``<~`` composite Mode B,
    ``~`` paths), a :class:`PLSModel` or a questionnaire.  Matches SmartPLS
    and seminr (``estimate_pls``) with the same scheme and stop rule.  ``method``: how interaction terms
    ``A:B`` are formed (``"two_stage"``, ``"product_indicator"``, ``"orthogonal"``; see
    :mod:`research.pls.moderation`); models without one ignore it.  A higher-order construct written on
    constructs (``HOC =~ LOC1 + LOC2``, ``HOC <~ …``) is estimated by :func:`research.pls.hoc.estimate_hoc`
    with ``hoc`` = ``"disjoint"`` (two-stage, seminr's), ``"embedded"`` or ``"repeated"``.
    """
    scheme = _check_scheme(scheme)
    if isinstance(model, str) and has_higher_order(model):
        from .hoc import estimate_hoc

        return estimate_hoc(data, model, method=hoc, scheme=scheme, consistent=consistent, missing=missing,
                            tol=tol, max_iter=max_iter)
    model = as_model(model)
    if model.interactions:
        from .moderation import estimate_moderated

        return estimate_moderated(data, model, scheme=scheme, consistent=consistent, missing=missing, tol=tol,
                                  max_iter=max_iter, method=method)
    prepared = prepare(data, model.items, missing)
    return fit_prepared(prepared, model, scheme=scheme, consistent=consistent, tol=tol, max_iter=max_iter)


def has_higher_order(text: str) -> bool:
    """Whether lavaan syntax defines a construct on constructs (a higher-order construct)."""
    from .hoc import read_hoc_syntax

    return bool(read_hoc_syntax(text)[1])


def fit_prepared(prepared: Prepared, model: PLSModel, *, scheme: str = "path", consistent=False,
                 tol: float = engine.TOLERANCE, max_iter: int = engine.MAX_ITER) -> PLSResult:
    """Estimate ``model`` on data already prepared (standardized) in the model's item order."""
    layout = Layout.of(model)
    S = prepared.correlation
    est = engine.estimate(S, layout, scheme=scheme, consistent=consistent, tol=tol, max_iter=max_iter)
    notes = []
    if not est.converged[0]:
        notes.append(Note(en=f"The PLS algorithm did not converge within {max_iter} iterations (stop criterion "
                             f"{tol:g}); the estimates are those of the last iteration and should not be reported.",
                          zh_hans=f"PLS 算法在 {max_iter} 次迭代内未收敛（停止准则 {tol:g}）；以下为最后一次迭代的估计值，不宜报告。",
                          zh_hant=f"PLS 演算法在 {max_iter} 次迭代內未收斂（停止準則 {tol:g}）；以下為最後一次迭代的估計值，不宜報告。"))
    if prepared.replaced:
        cells = sum(prepared.replaced.values())
        notes.append(Note(en=f"{cells} missing answers were replaced by the item mean (mean replacement).",
                          zh_hans=f"{cells} 个缺失答案以题项均值替换（均值替换法）。",
                          zh_hant=f"{cells} 個遺漏答案以題項平均數取代（平均數取代法）。"))
    if prepared.excluded:
        k = len(prepared.excluded)
        notes.append(Note(en=f"{k} responses with missing answers were left out (casewise deletion).",
                          zh_hans=f"{k} 份含缺失答案的答卷被删除（成列删除）。",
                          zh_hant=f"{k} 份含遺漏答案的答卷被刪除（成列刪除）。"))
    bad_rho = [c for c, fix, r in zip(layout.constructs, est.consistent, est.rho_a[0]) if fix and not 0 < r <= 1]
    if bad_rho:
        notes.append(Note(en="PLSc: ρA outside (0, 1] for " + ", ".join(bad_rho) + "; its corrected correlations "
                             "are not admissible.",
                          zh_hans="PLSc：" + "、".join(bad_rho) + " 的 ρA 不在 (0, 1] 内，其校正后的相关不可用。",
                          zh_hant="PLSc：" + "、".join(bad_rho) + " 的 ρA 不在 (0, 1] 內，其校正後的相關不可用。"))
    return PLSResult(model, layout, prepared, est, scheme, consistent, tol, max_iter, notes)
