"""``research.analyze``: one call from survey data to every result.

    import → screen → reliability → validity → CFA → SEM → effects → regression → hypotheses

The data may be a survey export (any format :func:`research.load_responses`
reads), already loaded :class:`~research.responses.Responses`, or a plain
table whose columns are item ids or model variables.  The model is the
questionnaire's (measurement part + default structural part) unless lavaan
syntax is given, which works for any dataset.  ``AnalysisResult.to_dict()``
is the ``results.json`` written by ``research analyze``.
"""
from __future__ import annotations

import hashlib
import json
import platform
import re
from dataclasses import dataclass, field, replace
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import numpy as np
import pandas as pd

from . import reliability as rel
from . import validity
from .errors import DataError, ResearchError
from .errors import invalid_option as _invalid
from .questionnaire import Questionnaire, load_questionnaire
from .measurement import Structure
from .measurement import mean_scores as measurement_scores
from .responses import Responses
from .bootstrap import bootstrap
from .effects import effects
from .jsonsafe import jsonable
from .defaults import DEFAULT_BOOTSTRAP, DEFAULT_MISSING, DEFAULT_PLS_BOOTSTRAP, DEFAULT_SEED
from .limits import MAX_MODINDICES, check_bootstrap
from .messages import note_texts
from .sem import cfa, fit_sem, parse_model
from .sem.fit import ORDINAL_CHOICES
from .sem.interaction import has_interaction, without_interactions
from .sem.partable import build_partable

ESTIMATORS = ("ML", "MLR", "WLSMV", "ULSMV")
MISSING = ("auto", "listwise", "fiml", "pairwise")
SCORES = ("mean", "factor")
METHODS = ("cbsem", "pls")
# the hypothesis grammar (paths, moderation, mediation, moderated mediation) and its tests live beside PROCESS
from .process.hypotheses import Hypothesis  # noqa: E402


@dataclass(frozen=True)
class AnalysisSpec:
    """What to analyse and how.  Every field has a sensible default."""

    questionnaire: object = None          # name, YAML path, dict or Questionnaire
    model: str | None = None              # lavaan syntax; default: the questionnaire's model
    hypotheses: tuple = ()                # "H1: ECO -> SAT, +", "H4: REL -> SAT moderated by EMP, +", "H5: REL -> SAT
                                          # -> LOY", "H6: REL -> SAT -> LOY moderated by PLATFORM" (research.process.hypotheses)
    estimator: str = "ML"
    missing: str = DEFAULT_MISSING         # research/defaults.py: the app, the CLI and the API agree
    bootstrap: int | None = None           # None: DEFAULT_BOOTSTRAP (CB-SEM) or DEFAULT_PLS_BOOTSTRAP (method="pls")
    seed: int | None = DEFAULT_SEED        # None: a fresh seed, recorded in the results
    ci: str = "percentile"
    screen: bool = True
    screening: dict = field(default_factory=dict)  # ScreeningPolicy overrides
    mapping: object = None
    scores: str = "mean"                  # construct scores for the regressions: "mean" or "factor" (CFA)
    controls: tuple = ()                  # control variables of the regressions (entered as the first block)
    categorical: tuple | None = None      # controls to dummy-code; None: text columns and single-choice segments
    group: str | None = None              # segment column: adds groups and invariance, drivers/index per segment
    target: str | None = None             # outcome of the driver analysis; None: the construct most drivers point to
    free: tuple = ()                      # invariance: equalities released in every level ("ECO =~ ECO3", "ECO3 ~1")
    strict: bool = False                  # invariance: add the strict level (equal residual variances)
    search_partial: bool = False          # invariance: release the score test's best equality until a level holds
    mi: int = 10                          # modification indices kept in results.json (largest first; 0 = none)
    marker: str | None = None             # a marker item (theoretically unrelated) for the Lindell–Whitney correction
    method: str = "cbsem"                 # "pls": adds the PLS-SEM study (results.json "pls"); CB-SEM not bootstrapped
    scheme: str = "path"                  # PLS inner weighting: path (SmartPLS's default), factorial, centroid
    consistent: bool = False              # PLS: consistent PLS (PLSc) for the reflective constructs
    predict: bool = False                 # PLS: PLSpredict and CVPAT (10 folds × 10 repetitions)
    permutations: int = 5000              # PLS with a group: permutations of MICOM and the permutation MGA test
    evaluation: dict | None = None        # an index-system evaluation of the screened items (results "evaluation"):
                                          # {"system": "lsq5-index", "weights": "entropy", "ahp": [paths], …}
                                          # (research.evaluation.study.EVALUATION_KEYS; group: the spec's group)
    ordered: object = None                # WLSMV/ULSMV: None or "all" (every item of the model's constructs) or
                                          # the ordered items; other observed variables stay continuous
    parameterization: str = "delta"       # WLSMV/ULSMV: "delta" (lavaan's default) or "theta"

    def __post_init__(self):
        if self.bootstrap is None:
            object.__setattr__(self, "bootstrap", DEFAULT_PLS_BOOTSTRAP if self.method == "pls" else DEFAULT_BOOTSTRAP)
        if isinstance(self.estimator, str) and self.estimator.upper() in ESTIMATORS:
            object.__setattr__(self, "estimator", self.estimator.upper())
        if self.estimator not in ESTIMATORS:
            raise _invalid("estimator", f'"{self.estimator}"', "Use ML, MLR, or WLSMV / ULSMV for ordered items.",
                           "请使用 ML、MLR，或对有序题目使用 WLSMV / ULSMV。", "請使用 ML、MLR，或對有序題目使用 WLSMV / ULSMV。")
        if self.missing not in MISSING:
            raise _invalid("missing", f'"{self.missing}"', "Use auto, fiml, listwise or (WLSMV) pairwise.",
                           "请使用 auto、fiml、listwise 或（WLSMV）pairwise。", "請使用 auto、fiml、listwise 或（WLSMV）pairwise。")
        _check_ordinal_options(self)
        if not isinstance(self.bootstrap, int) or isinstance(self.bootstrap, bool) or self.bootstrap < 0:
            raise _invalid("bootstrap", f"{self.bootstrap!r}", "Give a whole number of resamples (0 = none).",
                           "请给出重抽样次数（整数，0 表示不做）。", "請給出重抽樣次數（整數，0 表示不做）。")
        check_bootstrap(self.bootstrap)
        if self.seed is not None and (not isinstance(self.seed, (int, np.integer)) or isinstance(self.seed, bool)
                                      or not 0 <= self.seed < 2 ** 64):
            raise _invalid("seed", repr(self.seed)[:40], "Give the seed as a whole number from 0 to 2⁶⁴ − 1.",
                           "请以 0 到 2⁶⁴ − 1 之间的整数给出随机种子。", "請以 0 到 2⁶⁴ − 1 之間的整數提供隨機種子。")
        if self.ci not in ("percentile", "bca", "bc"):
            raise _invalid("ci", f'"{self.ci}"', "Use percentile, bc or bca.", "请使用 percentile、bc 或 bca。",
                           "請使用 percentile、bc 或 bca。")
        if self.scores not in SCORES:
            raise _invalid("scores", f'"{self.scores}"', "Use mean (mean item scores) or factor (CFA factor scores).",
                           "请使用 mean（题目均值）或 factor（CFA 因子得分）。", "請使用 mean（題目平均）或 factor（CFA 因素分數）。")
        for name in ("controls", "categorical"):
            value = getattr(self, name)
            if value is None:
                continue
            if isinstance(value, str) or not all(isinstance(c, str) and c for c in value):
                raise _invalid(name, repr(value)[:60], "Give a list of column names, e.g. ['GENDER', 'AGE'].",
                               "请给出列名列表，例如 ['GENDER', 'AGE']。", "請提供欄名清單，例如 ['GENDER', 'AGE']。")
            object.__setattr__(self, name, tuple(value))
        if isinstance(self.free, str) or not all(isinstance(x, str) and x for x in self.free):
            raise _invalid("free", repr(self.free)[:60], "Give the equalities to release as a list such as "
                           "['ECO =~ ECO3', 'ECO3 ~1'].", "请以列表给出要释放的等同约束，例如 ['ECO =~ ECO3', 'ECO3 ~1']。",
                           "請以清單提供要釋放的等同限制，例如 ['ECO =~ ECO3', 'ECO3 ~1']。")
        object.__setattr__(self, "free", tuple(self.free))
        from .sem.syntax import parse_parameter_text
        bad = [x for x in self.free if parse_parameter_text(x) is None]
        if bad:
            raise _invalid("free", bad[0][:60], "Name a parameter as lavaan writes it: 'ECO =~ ECO3' (a loading), "
                           "'ECO3 ~1' (an intercept), 'ECO3 ~~ ECO3' (a residual variance).",
                           "请按 lavaan 的写法给出参数：'ECO =~ ECO3'（载荷）、'ECO3 ~1'（截距）、'ECO3 ~~ ECO3'（残差方差）。",
                           "請依 lavaan 的寫法提供參數：'ECO =~ ECO3'（負荷量）、'ECO3 ~1'（截距）、'ECO3 ~~ ECO3'（殘差變異數）。")
        if not isinstance(self.mi, int) or isinstance(self.mi, bool) or not 0 <= self.mi <= MAX_MODINDICES:
            raise _invalid("mi", f"{self.mi!r}", "Give how many modification indices to keep, 0–10000 (e.g. 10).",
                           "请给出保留的修正指数个数（0–10000，例如 10）。", "請提供保留的修正指標個數（0–10000，例如 10）。")
        for name in ("group", "target", "marker"):
            value = getattr(self, name)
            if value is not None and not (isinstance(value, str) and value):
                raise _invalid(name, repr(value)[:60], "Give a column or construct name, e.g. 'PLATFORM'.",
                               "请给出列名或构念名，例如 'PLATFORM'。", "請提供欄名或構念名，例如 'PLATFORM'。")
        if self.method not in METHODS:
            raise _invalid("method", f'"{self.method}"', "Use cbsem (covariance-based SEM) or pls (PLS-SEM).",
                           "请使用 cbsem（协方差结构方程模型）或 pls（偏最小二乘结构方程模型）。",
                           "請使用 cbsem（共變數結構方程模型）或 pls（偏最小平方結構方程模型）。")
        if self.scheme not in ("path", "factorial", "centroid"):
            raise _invalid("scheme", f'"{self.scheme}"', "Use path (SmartPLS's default), factorial or centroid.",
                           "请使用 path（SmartPLS 默认）、factorial 或 centroid。",
                           "請使用 path（SmartPLS 預設）、factorial 或 centroid。")
        if not isinstance(self.permutations, int) or isinstance(self.permutations, bool) or self.permutations < 10:
            raise _invalid("permutations", repr(self.permutations)[:40], "Give a whole number of permutations, at "
                           "least 10 (SmartPLS uses 1000 to 5000).", "请给出置换次数（整数，至少 10；SmartPLS 常用 1000 至 5000）。",
                           "請給出置換次數（整數，至少 10；SmartPLS 常用 1000 至 5000）。")
        if self.questionnaire is None and self.model is None:
            raise _invalid("questionnaire", "None", "Name a questionnaire (e.g. lsq5) or give a lavaan model.",
                           "请指定问卷模板（如 lsq5）或给出 lavaan 模型。", "請指定問卷範本（如 lsq5）或提供 lavaan 模型。")
        hyps = tuple(Hypothesis.parse(h, k + 1) for k, h in enumerate(self.hypotheses))
        seen: set = set()
        for h in hyps:
            if h.id in seen:
                raise _invalid("hypotheses", f"{h.id} × 2", "Give every hypothesis its own id (H1, H2, …): results "
                               "and reports name hypotheses by id.", "请为每个假设指定不同的编号（H1、H2……）：结果与报告按编号称呼假设。",
                               "請為每個假設指定不同的編號（H1、H2……）：結果與報告按編號稱呼假設。")
            seen.add(h.id)
        object.__setattr__(self, "hypotheses", hyps)
        from .evaluation.study import check_evaluation_option
        object.__setattr__(self, "evaluation", check_evaluation_option(self.evaluation))

    def to_dict(self) -> dict:
        q = self.questionnaire
        out = {"questionnaire": q.id if isinstance(q, Questionnaire) else q if isinstance(q, (str, type(None)))
                else "<dict>", "model": self.model, "hypotheses": [h.text() for h in self.hypotheses],
                "estimator": self.estimator, "missing": self.missing, "bootstrap": self.bootstrap,
                "seed": self.seed, "ci": self.ci, "screen": self.screen, "screening": dict(self.screening),
                "scores": self.scores, "controls": list(self.controls),
                "categorical": None if self.categorical is None else list(self.categorical),
                "group": self.group, "target": self.target, "free": list(self.free), "strict": self.strict,
                "search_partial": self.search_partial, "mi": self.mi, "marker": self.marker,
                "method": self.method, "scheme": self.scheme, "consistent": self.consistent, "predict": self.predict,
                "permutations": self.permutations}
        if self.estimator in ORDINAL_CHOICES:   # only for ordered items: earlier results' specs stay comparable
            out["ordered"] = self.ordered if isinstance(self.ordered, (str, type(None))) else list(self.ordered)
            out["parameterization"] = self.parameterization
        if self.evaluation is not None:       # only when asked for: earlier results' specs stay comparable
            from .evaluation.study import evaluation_spec_dict
            out["evaluation"] = evaluation_spec_dict(self.evaluation)
        return out


@dataclass(frozen=True)
class AnalysisResult:
    spec: AnalysisSpec
    n: int
    data: pd.DataFrame = field(repr=False)
    excluded: list = field(default_factory=list)
    reliability: dict = field(default_factory=dict)
    descriptives: dict = field(default_factory=dict)
    validity: dict = field(default_factory=dict)
    cfa: object = None
    sem: object = None
    effects: pd.DataFrame | None = field(default=None, repr=False)
    bootstrap: dict | None = None
    regression: list = field(default_factory=list)
    marketing: dict = field(default_factory=dict)    # drivers, ipa, index; groups, invariance (with a group)
    diagnostics: dict = field(default_factory=dict)  # modification indices, residuals, Mardia
    method_bias: dict = field(default_factory=dict)  # single-factor CFA, method factor, marker, full collinearity
    hypotheses: list = field(default_factory=list)
    process: list = field(default_factory=list)      # PROCESS runs of the moderation / mediation hypotheses
    warnings: list = field(default_factory=list)
    meta: dict = field(default_factory=dict)
    labels: dict = field(default_factory=dict)       # construct names and item texts: see :func:`labels_of`
    reused: dict | None = field(default=None, repr=False)   # the results whose bootstrap this run took over
    pls: object = field(default=None, repr=False)    # research.pls.study.PLSStudy when method="pls"
    interaction: dict | None = None                  # latent interactions A:B: InteractionResult.summary_dict
    evaluation: dict | None = None                   # the index-system evaluation (research.evaluation.study)
    estimation: dict | None = None                   # estimator, parameterization, ordered items, missing data

    def to_dict(self) -> dict:
        out = {"n": self.n, "excluded": self.excluded, "descriptives": self.descriptives,
               "reliability": self.reliability}
        if self.estimation is not None:
            out["estimation"] = self.estimation
        out.update({k: self.validity[k] for k in ("htmt", "htmt2", "fornell_larcker") if k in self.validity})
        out["validity"] = {k: v for k, v in self.validity.items() if k not in ("htmt", "htmt2", "fornell_larcker")}
        out["cfa"] = _sem_block(self.cfa)
        out["sem"] = _sem_block(self.sem)
        if out["sem"] is not None and self.reused is not None:
            out["sem"]["effects"] = self.reused["sem"]["effects"]
            out["sem"]["bootstrap"] = self.reused["sem"]["bootstrap"]
        elif out["sem"] is not None:
            out["sem"]["effects"] = _effect_rows(self.effects, self.bootstrap)
            out["sem"]["bootstrap"] = self.bootstrap
        if out["sem"] is not None and self.reused is not None and "interaction" in self.reused["sem"]:
            out["sem"]["interaction"] = self.reused["sem"]["interaction"]
        elif out["sem"] is not None and self.interaction is not None:
            out["sem"]["interaction"] = self.interaction
        out["diagnostics"] = self.diagnostics
        out["method_bias"] = self.method_bias
        out["regression"] = self.regression
        out.update(self.marketing)
        out["hypotheses"] = self.hypotheses
        if self.process:
            out["process"] = self.process
        if self.pls is not None:
            out["pls"] = self.pls.to_dict()
        if self.evaluation is not None:
            out["evaluation"] = self.evaluation
        out["warnings"] = self.warnings
        out["labels"] = self.labels or labels_of(None)
        out["meta"] = self.meta
        return jsonable(out)

    def to_json(self, path=None, **kwargs) -> str:
        """results.json as text; with ``path`` also written there, whole or not at all (a temporary file
        renamed when complete: :func:`research.outputs.write_text`)."""
        text = json.dumps(self.to_dict(), ensure_ascii=False, indent=2, allow_nan=False)
        if path is not None:
            from .outputs import write_text

            write_text(path, text)
        return text


PARAMETER_KEYS = ["lhs", "op", "rhs", "label", "est", "se", "z", "pvalue", "ci.lower", "ci.upper", "std.all"]


def _sem_block(result) -> dict | None:
    if result is None:
        return None
    params = result.parameters
    return {
        "fit": dict(result.fit),
        "parameters": [{k: rec.get(k) for k in PARAMETER_KEYS} for rec in params.to_dict(orient="records")],
        "r2": dict(result.r2),
        "n": result.n,
        "estimator": result.estimator,
        "missing": result.missing,
        "converged": result.converged,
        "warnings": [w.to_dict() for w in result.warnings],
        **_ordinal_fields(result),
    }


def _ordinal_fields(result) -> dict:
    """A WLSMV/ULSMV fit's extra fields in results.json: lavaan's test (standard and scaled-shifted), the
    parameterization and the ordered variables."""
    from .sem.wls import WlsResult

    if not isinstance(result, WlsResult):
        return {}
    d = result.to_dict()
    return {"test": d.get("test"), "parameterization": d.get("parameterization"), "ordered": d.get("ordered", [])}


def _ordinal_bootstrap(result, frame, delta_table: pd.DataFrame, spec, progress, scheduler):
    """The row bootstrap of the WLSMV fit (research.sem.wls_bootstrap); its effects table is the delta-method one
    (with the standardized columns) plus the bootstrap SE and CI of each effect, unstandardized and std.all."""
    from .sem.wls_bootstrap import wls_bootstrap

    boot = wls_bootstrap(result, frame, n_boot=spec.bootstrap, seed=spec.seed, ci=spec.ci,
                         n_jobs=-1 if spec.bootstrap >= 500 else 1, progress=progress, scheduler=scheduler)
    table = delta_table.copy()
    for col in ("boot.se", "boot.ci.lower", "boot.ci.upper", "std.boot.se", "std.boot.ci.lower", "std.boot.ci.upper"):
        table[col] = boot.effects[col].to_numpy()
    return replace(boot, effects=table)


def _bootstrap_warnings(boot) -> list:
    out = []
    for code, count, en, zh, zh_hant in (
            ("bootstrap_inadmissible", boot.n_inadmissible, "inadmissible (kept, as lavaan does)",
             "解不可接受（按 lavaan 的做法保留）", "解不可接受（依 lavaan 的做法保留）"),
            ("bootstrap_nonconverged", boot.n_nonconverged, "not converged (left out)", "未收敛（已剔除）",
             "未收斂（已剔除）")):
        if count:
            out.append({"code": code, "where": "bootstrap",
                        "en": f"{count} of {boot.n_boot} bootstrap resamples were {en}.",
                        "zh-Hans": f"{boot.n_boot} 次自助抽样中有 {count} 次{zh}。",
                        "zh-Hant": f"{boot.n_boot} 次拔靴抽樣中有 {count} 次{zh_hant}。"})
    return out


def _effect_rows(table: pd.DataFrame | None, boot: dict | None) -> list:
    """Effects as results.json rows; CIs are bootstrap CIs when there was a bootstrap, else delta-method."""
    if table is None:
        return []
    rows = []
    for rec in table.to_dict(orient="records"):
        row = {k: rec[k] for k in ("from", "to", "type", "est", "std", "se", "z", "pvalue")}
        row["via"] = list(rec["via"])
        row["delta.ci.lower"], row["delta.ci.upper"] = rec["ci.lower"], rec["ci.upper"]
        if boot is not None:
            row["ci.lower"], row["ci.upper"] = rec["boot.ci.lower"], rec["boot.ci.upper"]
            row["boot.se"] = rec["boot.se"]
            row["std.ci.lower"], row["std.ci.upper"] = rec.get("std.boot.ci.lower"), rec.get("std.boot.ci.upper")
            row["ci.method"] = boot["ci"]
        else:
            row["ci.lower"], row["ci.upper"] = rec["ci.lower"], rec["ci.upper"]
            row["std.ci.lower"], row["std.ci.upper"] = rec["std.ci.lower"], rec["std.ci.upper"]
            row["ci.method"] = "delta"
        rows.append(row)
    return rows


# --------------------------------------------------------------------------------------
# data in
# --------------------------------------------------------------------------------------

def _frame_sha256(frame: pd.DataFrame) -> str:
    return hashlib.sha256(frame.to_csv(index=False).encode("utf-8")).hexdigest()


def _prepare(data, spec: AnalysisSpec, questionnaire):
    """(analysis frame, excluded rows, source sha256, warnings).

    For survey responses the frame holds the items (reverse-keyed ones recoded),
    the segment answers (GENDER, PLATFORM …) for controls and groups, and the
    stated-importance answers (IMP_ECO …) for the importance–performance map.
    """
    from .io.load import load_table
    from .io import load_responses
    from .screening import screen

    notes = []
    if isinstance(data, (str, Path, bytes)) or hasattr(data, "read"):
        if questionnaire is not None:
            data = load_responses(data, questionnaire, mapping=spec.mapping)
        else:
            table, sha = load_table(data)
            return table, [], sha, notes
    if isinstance(data, Responses):
        notes += list(data.notes)
        sha = data.source.sha256
        if spec.screen:
            s = screen(data, **spec.screening)
            excluded = s.to_dict()["excluded"]
            return _with_segments(s.kept), excluded, sha, notes + list(s.notes)
        return _with_segments(data), [], sha, notes
    if isinstance(data, pd.DataFrame):
        return data, [], _frame_sha256(data), notes
    raise _invalid("data", type(data).__name__, "Give a file path, loaded responses or a pandas DataFrame.",
                   "请给出文件路径、已导入的答卷或 pandas DataFrame。", "請提供檔案路徑、已匯入的答卷或 pandas DataFrame。")


_REUSED_WHERE = ("bootstrap", "diagnostics", "method_bias", "process")
_REUSED_CODES = ("modindices", "residuals")          # the model diagnostics' own warnings (where: cfa or sem)


def _not_in_data(missing_cols) -> DataError:
    return DataError("data_invalid", detail=", ".join(missing_cols[:10]),
                     fix_en="These model variables are not columns of the data; check the model or the mapping.",
                     fix_zh="这些模型变量不在数据列中，请检查模型或列映射。",
                     fix_zh_hant="這些模型變項不在資料欄中，請檢查模型或欄位對應。")


def _reusable(reuse, spec: AnalysisSpec, sha: str, fingerprint: dict | None = None) -> dict | None:
    """``reuse`` when it holds the results of these data with these options but the group, else None.
    ``fingerprint``: what this run has computed already (n, construct descriptives, the SEM's fit), which must
    be the same — the file's hash alone does not tell two mappings of one file apart."""
    if not isinstance(reuse, dict):
        return None
    meta = reuse.get("meta") or {}
    theirs = dict(meta.get("spec") or {})
    ours = jsonable(spec.to_dict())
    theirs.pop("group", None)
    ours.pop("group", None)
    if meta.get("data_sha256") != sha or jsonable(theirs) != ours or not all(
            k in reuse for k in ("diagnostics", "method_bias", "hypotheses", "warnings", "sem")):
        return None
    if any(h.kind != "path" for h in spec.hypotheses) and not isinstance(reuse.get("process"), list):
        return None
    if fingerprint is not None:
        theirs = {"n": reuse.get("n"), "descriptives": reuse.get("descriptives"),
                  "sem_fit": (reuse.get("sem") or {}).get("fit")}
        if jsonable(fingerprint) != jsonable(theirs):
            return None
    return reuse


def _items_left_out(items) -> dict:
    listed = ", ".join(items[:20]) + (" …" if len(items) > 20 else "")
    return {"code": "items_without_column", "where": "data", "items": list(items),
            "en": f"{len(items)} question(s) of the questionnaire have no column in the data and were left out of "
                  f"the model: {listed}. Map a column to them to include them.",
            "zh-Hans": f"问卷中有 {len(items)} 个题目在数据中没有对应的列，已从模型中去掉：{listed}。为它们指定列即可纳入。",
            "zh-Hant": f"問卷中有 {len(items)} 個題目在資料中沒有對應的欄，已從模型中移除：{listed}。為它們指定欄即可納入。"}


def _check_rows(frame: pd.DataFrame, model, items, observed, spec: AnalysisSpec, excluded: int) -> None:
    """Refuse, with the numbers a user needs, data with no more usable rows than the model has variables: the
    covariance matrix of p variables cannot be inverted from p or fewer rows, so ML cannot start."""
    variables = [*items, *observed]
    values = frame[variables].apply(pd.to_numeric, errors="coerce")
    usable = int(values.notna().any(axis=1).sum() if spec.missing in ("fiml", "pairwise")
                 else values.notna().all(axis=1).sum())
    p = len(variables)
    if usable > p:
        return
    free = build_partable(model).npar
    raise DataError("too_few_rows" if spec.missing == "fiml" else "too_few_complete_rows", n=usable,
                    rows=len(frame) + excluded, excluded=excluded, p=p, need=p + 1, free=free,
                    recommended=max(200, 5 * free))


def _with_segments(responses: Responses) -> pd.DataFrame:
    """Items, then segment answers and stated-importance answers (for controls, groups and the IPA)."""
    parts = [responses.items]
    for extra in (responses.segments, responses.importance):
        taken = {c for part in parts for c in part.columns}
        parts.append(extra[[c for c in extra.columns if c not in taken]])
    return pd.concat(parts, axis=1)


def _versions() -> dict:
    out = {"python": platform.python_version()}
    for name in ("satisfaction-research", "numpy", "pandas", "scipy", "semopy", "statsmodels", "pingouin"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = None
    return out


# --------------------------------------------------------------------------------------
# the analysis
# --------------------------------------------------------------------------------------

def analyze(data, spec: AnalysisSpec | None = None, *, progress=None, scheduler=None, reuse: dict | None = None,
            **options) -> AnalysisResult:
    """Run the whole analysis.  ``options`` are :class:`AnalysisSpec` fields.

    ``scheduler``: a Dask scheduler address (or ``distributed.Client``) on which the bootstrap
    resamples run (:mod:`research.parallel`); where they run does not change a number.

    ``reuse``: the results (``to_dict()``) of the same data with the same options but another ``group`` (or
    none).  What a group does not change — the SEM's bootstrap, the model diagnostics, the method-bias checks
    and the hypotheses — is then taken from them instead of computed again, so adding segments to an analysis
    costs only the segment steps; the results are those of a full run.  Results of other data or options are
    not used.

    >>> res = analyze("datasets/lsq5_wjx_gbk.csv", questionnaire="lsq5", seed=1,
    ...               hypotheses=["H1: REL -> SAT, +"])
    >>> res.to_json("results.json")
    """
    spec = AnalysisSpec(**options) if spec is None else replace(spec, **options)
    if spec.bootstrap >= 2 and spec.seed is None:
        # an unseeded run still records the seed it used, so it can be repeated exactly
        spec = replace(spec, seed=int(np.random.SeedSequence().entropy % 2**32))
    q = load_questionnaire(spec.questionnaire) if spec.questionnaire is not None else None
    model_text = spec.model if spec.model is not None else q.lavaan()
    pls_text = model_text
    # a CB-SEM model with latent interactions (A:B): fit_sem fits it by product indicators; the rest of the
    # analysis (constructs, reliability, mean-score regressions, drivers) reads the model without its A:B terms
    interaction_text = model_text if spec.method != "pls" and has_interaction(model_text) else None
    ordinal = spec.estimator in ORDINAL_CHOICES
    if ordinal and interaction_text is not None:
        raise _invalid("model", "A:B", f"Latent interactions (A:B) are fitted by product indicators under ML/MLR; "
                       f"{spec.estimator} does not offer them. Use estimator ML or MLR, or test the moderation as a "
                       f"hypothesis ('… moderated by …', PROCESS on construct scores).",
                       f"潜变量交互项（A:B）在 ML/MLR 下以乘积指标估计，{spec.estimator} 不提供。请改用 ML 或 MLR，"
                       f"或以假设（“… moderated by …”，构念得分上的 PROCESS）检验调节效应。",
                       f"潛在變項交互作用項（A:B）在 ML/MLR 下以乘積指標估計，{spec.estimator} 不提供。請改用 ML 或 MLR，"
                       f"或以假設（「… moderated by …」，構念分數上的 PROCESS）檢定調節效果。")
    model = parse_model(_reflective_reading(model_text) if spec.method == "pls" else without_interactions(model_text))
    if not model.measurement:
        raise _invalid("model", '"=~"', "The model needs a measurement part: 'ECO =~ ECO1 + ECO2 + ECO3'.",
                       "模型需要测量部分：'ECO =~ ECO1 + ECO2 + ECO3'。", "模型需要測量部分：'ECO =~ ECO1 + ECO2 + ECO3'。")
    frame, excluded, sha, notes = _prepare(data, spec, q)
    stray_text = dict(frame.attrs.get("text_cells", {}))       # a plain table's stray texts, set to missing
    # notes carry their three texts (research.messages.Note); an older plain "English / 中文" string its Chinese
    warnings = [{"code": "note", "where": "data", **note_texts(n)} for n in notes]
    structure = Structure.from_model(model)
    missing_cols = sorted(set(structure.observed_items) - set(frame.columns))
    if missing_cols and spec.model is None and q is not None and set(missing_cols) <= {i.id for i in q.items}:
        # questions of the questionnaire without a column (not matched, or set aside in the mapping): the
        # questionnaire's model without them, said in a warning
        q_used = q.without(missing_cols)
        if q_used.constructs:
            model = parse_model(q_used.lavaan())
            pls_text = q_used.lavaan()
            structure = Structure.from_model(model)
            warnings.append(_items_left_out(missing_cols))
            missing_cols = []
    constructs = structure.items                 # construct → its observed items (through lower orders)
    if missing_cols:
        raise _not_in_data(missing_cols)
    items = structure.observed_items
    observed = [v for v in model.observed if v in frame.columns and v not in items]
    used = [*items, *observed, *spec.controls, *([spec.group] if spec.group else []),
            *([spec.marker] if spec.marker else [])]
    warnings += [_text_warning(c, cells, "file") for c, cells in stray_text.items() if c in used]
    text_cols = [c for c in (*items, *observed) if not pd.api.types.is_numeric_dtype(frame[c])]
    if text_cols:
        numbers = {c: pd.to_numeric(frame[c], errors="coerce") for c in text_cols}
        warnings += _text_cells(frame, numbers)
        frame = frame.assign(**numbers)
    absent = [c for c in (*spec.controls, *([spec.group] if spec.group else [])) if c not in frame.columns]
    if absent:
        raise DataError("data_invalid", detail=", ".join(absent[:10]),
                        fix_en="These control or grouping variables are not columns of the data; check their names.",
                        fix_zh="这些控制变量或分组变量不在数据列中，请检查列名。",
                        fix_zh_hant="這些控制變項或分組變項不在資料欄中，請檢查欄名。")

    if spec.group:
        frame = frame.assign(**{spec.group: group_as_text(frame[spec.group])})
    _check_process_variables(spec.hypotheses, structure.constructs, frame)
    evaluation, eval_derived = None, None
    if spec.evaluation is not None:      # before the fits: a bad index system or AHP workbook stops the run early
        from .evaluation.study import analysis_evaluation, derived_source
        eval_options = {"group": spec.group, "excluded": excluded,
                        "questionnaire": data.questionnaire if isinstance(data, Responses) else q,
                        "recoded": isinstance(data, Responses) or (q is not None and not isinstance(data, pd.DataFrame))}
        # weights "sem"/"lmg": checked now, evaluated below from this analysis's own SEM / driver analysis
        eval_derived = derived_source(spec.evaluation, spec.target)
        if eval_derived is None:
            evaluation, notes = analysis_evaluation(frame, spec.evaluation, **eval_options)
            warnings += notes

    if spec.method == "pls" and spec.missing == "fiml":
        raise _invalid("missing", '"fiml"', "PLS-SEM replaces missing answers by the item mean (auto) or leaves "
                       "the response out (listwise); FIML is a covariance-based method.",
                       "PLS-SEM 以题项均值替换缺失答案（auto）或删除该答卷（listwise）；FIML 属于协方差方法。",
                       "PLS-SEM 以題項平均數取代遺漏答案（auto）或刪除該答卷（listwise）；FIML 屬於共變數方法。")
    pls_missing = "casewise" if spec.missing == "listwise" else "mean"   # PLS: SmartPLS's mean replacement
    if ordinal:                         # the ordered items, resolved; "auto" is lavaan's default for WLSMV: listwise
        spec = replace(spec, ordered=_ordered_items(spec, items, observed),
                       missing="listwise" if spec.missing == "auto" else spec.missing)
    if spec.missing == "auto":          # FIML where answers are missing; with complete data plain ML, as lavaan
        gaps = bool(frame[[*items, *observed]].isna().to_numpy().any())
        spec = replace(spec, missing="fiml" if gaps else "listwise")
    _check_rows(frame, model, items, observed, spec, len(excluded))
    # data-based starting values: the same optimum as semopy's start on every reference, 5x faster
    fit_options = _fit_options(spec)
    pooled = model.pooled()
    if pooled is not model:
        if spec.group is None:
            raise _invalid("model", "c(…)", "c(…) gives a label or value per group: name the grouping column "
                           "(--group) or write plain modifiers.", "c(…) 为每组给出标签或数值：请指定分组列（--group），"
                           "或改用普通修饰符。", "c(…) 為每組給出標籤或數值：請指定分組欄（--group），或改用一般修飾符。")
        warnings.append(_note("group_modifiers_pooled", "sem", _POOLED))
    cfa_result = cfa(pooled.measurement_only(), frame, **fit_options)
    sem_result = fit_sem(interaction_text if interaction_text is not None and pooled is model else pooled, frame,
                         **fit_options) if model.regressions else None
    for res, where in ((cfa_result, "cfa"), (sem_result, "sem")):
        if res is not None:
            warnings += [{"code": w.code, "where": where, "en": w.en, "zh-Hans": w.zh_hans, "zh-Hant": w.zh_hant}
                         for w in res.warnings]

    reliability = (_ordinal_reliability(frame, structure, cfa_result, spec, warnings) if ordinal
                   else _reliability(frame, structure, cfa_result))
    mean_scores = measurement_scores(frame, structure)         # descriptives, regressions, driver analysis
    descriptives = _descriptives(mean_scores)
    regression = _regressions(frame, mean_scores, model, spec, q, cfa_result, warnings)
    validity_block, notes = _validity(frame, structure, cfa_result, reliability)
    warnings += notes

    effect_table, boot = None, None
    reused = _reusable(reuse, spec, sha, {"n": int(len(frame)), "descriptives": descriptives,
                                          "sem_fit": None if sem_result is None else dict(sem_result.fit)})
    paths_only = tuple(h for h in spec.hypotheses if h.kind == "path")
    process_runs = []
    if reused is None and len(paths_only) < len(spec.hypotheses):
        # before the SEM bootstrap: a hypothesis PROCESS cannot fit stops the run early
        process_runs = _process_runs([h for h in spec.hypotheses if h.kind != "path"], frame, mean_scores, spec, q,
                                     cfa_result, warnings)
    if reused is not None:
        # point estimates only (the drivers, IPA and index read no CI); the CIs come with the reused effects
        effect_table = effects(sem_result) if sem_result is not None else None
        warnings += [w for w in reused["warnings"] if w.get("where") in _REUSED_WHERE
                     or w.get("code") in _REUSED_CODES]
    elif sem_result is not None and spec.method == "pls":
        effect_table = effects(sem_result)       # the PLS study carries the bootstrap
    elif sem_result is not None:
        effect_table = effects(sem_result)
        if spec.bootstrap >= 2 and not sem_result.converged:
            warnings.append(_note("bootstrap_skipped", "bootstrap", _SKIPPED_BOOTSTRAP))
        elif spec.bootstrap >= 2 and ordinal:
            boot = _ordinal_bootstrap(sem_result, frame, effect_table, spec, progress, scheduler)
            effect_table = boot.effects
            warnings += _bootstrap_warnings(boot)
            warnings += [{"code": "note", "where": "bootstrap", **note_texts(n)} for n in boot.notes]
        elif spec.bootstrap >= 2:
            # the draws do not depend on the number of workers, so use every core for long runs
            boot = bootstrap(sem_result, frame, n_boot=spec.bootstrap, seed=spec.seed, ci=spec.ci,
                             n_jobs=-1 if spec.bootstrap >= 500 else 1, progress=progress, scheduler=scheduler)
            effect_table = boot.effects
            warnings += _bootstrap_warnings(boot)
    pls_study = None
    if spec.method == "pls":
        pls_study = _pls_study(frame, pls_text, q, spec, pls_missing, progress, scheduler)
        warnings += [{"code": "note", "where": "pls", **note_texts(n)} for n in pls_study.notes]
    if reused is not None:
        diagnostics, method_bias, hypotheses = reused["diagnostics"], reused["method_bias"], reused["hypotheses"]
        process_block = reused.get("process") or []
    else:
        diagnostics = _diagnostics(frame, structure, cfa_result, sem_result, spec, warnings)
        method_bias = _method_bias(frame, structure, mean_scores, spec, validity_block, warnings,
                                   cfa_converged=cfa_result.converged)
        tested = {h.id: e for h, e in zip(paths_only, _pls_hypotheses(paths_only, pls_study) if pls_study is not None
                                          else _hypotheses(paths_only, sem_result or cfa_result, effect_table, boot))}
        process_block = []
        for run in process_runs:
            tested[run["hypothesis"].id] = _process_entry(run, effect_table, boot, pls_study)
            process_block.append(run["block"])
        hypotheses = [tested[h.id] for h in spec.hypotheses]
    from .marketing.pipeline import marketing_block
    # a PLS run's drivers pages take their importance from the PLS model's total effects
    marketing, notes = marketing_block(frame, mean_scores, model, constructs, spec, q, sem_result,
                                       effect_table if pls_study is None else _pls_effects(pls_study, mean_scores),
                                       item_weights={c: structure.item_weights(c) for c in structure.constructs},
                                       source="SEM" if pls_study is None else "PLS-SEM")
    warnings += notes
    if eval_derived is not None:         # the evaluation's weights from the SEM / LMG just computed (no second fit)
        from .evaluation.study import analysis_derived, analysis_evaluation
        derived = analysis_derived(spec.evaluation, effects_table=effect_table, sem_result=sem_result,
                                   drivers_block=marketing.get("drivers"), scores=mean_scores, target=spec.target)
        evaluation, notes = analysis_evaluation(frame, spec.evaluation, derived=derived, **eval_options)
        warnings += notes

    interaction = None
    if sem_result is not None and sem_result.interaction is not None:
        interaction = sem_result.interaction.summary_dict(boot.simple_slopes if boot else None, spec.ci)
    estimation = _estimation(spec, frame, cfa_result, sem_result, items, observed)
    meta = {"data_sha256": sha, "spec": spec.to_dict(),
            "model": model.to_lavaan() if interaction is None else interaction["syntax"], "seed": spec.seed,
            "versions": _versions()}
    return AnalysisResult(spec=spec, n=int(len(frame)), data=frame, excluded=excluded, reliability=reliability,
                          descriptives=descriptives,
                          validity=validity_block, cfa=cfa_result, sem=sem_result, regression=regression,
                          effects=effect_table, bootstrap=boot.summary() if boot else None,
                          marketing=marketing, hypotheses=hypotheses, process=process_block, diagnostics=diagnostics,
                          method_bias=method_bias, warnings=warnings, meta=meta, labels=labels_of(q), reused=reused,
                          pls=pls_study, interaction=interaction, evaluation=evaluation, estimation=estimation)


_INTERACTION_TERM = re.compile(r"\s*\+?\s*[A-Za-z][A-Za-z0-9_.]*\s*:(?!=)\s*[A-Za-z][A-Za-z0-9_.]*")


def _reflective_reading(text: str) -> str:
    """The CB-SEM part of a PLS run (the pages both methods share) reads composites (``<~``) as reflective and
    leaves interaction terms (``A:B``) out: lavaan syntax for CB-SEM has neither."""
    lines = []
    for line in text.splitlines():
        body, _, comment = line.partition("#")
        body = _INTERACTION_TERM.sub("", body.replace("<~", "=~"))
        body = re.sub(r"~\s*\+", "~ ", body)
        if re.search(r"~\s*$", body):
            continue                     # only interaction terms on this right-hand side
        lines.append(body + ("#" + comment if comment else ""))
    return "\n".join(lines)


def _pls_study(frame, model_text: str, q, spec: AnalysisSpec, missing: str, progress, scheduler):
    """The PLS-SEM study of the same model and responses (research.pls), with SmartPLS's defaults; the bootstrap
    with the run's resamples and seed."""
    from .pls.study import pls

    return pls(frame, model_text, scheme=spec.scheme, consistent=spec.consistent,
               missing=missing, bootstrap=spec.bootstrap, seed=spec.seed, ci=spec.ci,
               predict=spec.predict, target=spec.target, group=spec.group, n_perm=spec.permutations,
               scale=None if q is None else {i.id: (1.0, float(i.scale.points)) for i in q.items},
               n_jobs=1, scheduler=scheduler, progress=progress)   # batched: 5000 resamples < 1 s in one process


LABEL_LANGS = ("zh-Hans", "zh-Hant", "en")


def _trilingual(texts: dict) -> dict:
    """{lang: text} in the three languages: a missing zh-Hant converted from zh-Hans, a missing language
    otherwise taken from the others (Chinese from Chinese first, then English)."""
    texts = {k: str(v) for k, v in (texts or {}).items() if isinstance(v, str) and v.strip()}
    if not texts:
        return {}
    out = dict(texts)
    if "zh-Hans" in out and out.get("zh-Hant", out["zh-Hans"]) == out["zh-Hans"]:
        from .report.text import to_hant           # absent, or one text written for every language
        out["zh-Hant"] = to_hant(out["zh-Hans"])
    order = {"zh-Hans": ("zh-Hant", "en"), "zh-Hant": ("zh-Hans", "en"), "en": ("zh-Hans", "zh-Hant")}
    for lang in LABEL_LANGS:
        if lang not in out:
            out[lang] = next((texts[o] for o in order[lang] if o in texts), next(iter(texts.values())))
    return {lang: out[lang] for lang in (*LABEL_LANGS, *(k for k in out if k not in LABEL_LANGS))}


def labels_of(questionnaire) -> dict:
    """results.json's ``labels``: ``{"constructs": {id: {lang: name}}, "items": {item_id: {lang: question}}}``
    from the questionnaire (each in zh-Hans, zh-Hant and en); empty dicts without one (a lavaan model)."""
    if questionnaire is None:
        return {"constructs": {}, "items": {}}
    constructs = {c.id: _trilingual(c.name) for c in questionnaire.constructs}
    items = {i.id: _trilingual(i.text) for i in questionnaire.items}
    items.update({x.id: _trilingual(x.text) for x in questionnaire.importance})
    return {"constructs": {k: v for k, v in constructs.items() if v}, "items": {k: v for k, v in items.items() if v}}


def _regressions(frame, mean_scores, model, spec: AnalysisSpec, questionnaire, cfa_result, warnings: list) -> list:
    """Each structural equation again as an OLS regression on construct scores (HC3 SEs beside the classic).

    Scores: mean item scores (half rule) or the CFA's factor scores (regression; EBM for ordered items).
    With controls: a hierarchical regression, controls first, then the
    equation's predictors (ΔR², ΔF); the entry is its final step.  An equation that cannot be
    estimated (e.g. collinear scores) is left out with a warning that says why; the others stay.
    """
    scores = mean_scores
    if spec.scores == "factor":
        scores, _ = _factor_scores(cfa_result, frame, mean_scores, warnings, "regression")
    controls = [c for c in spec.controls if c not in scores]
    observed = [v for v in model.observed if v in frame.columns and v not in scores]
    table = pd.concat([scores, frame[list(dict.fromkeys([*observed, *controls]))]], axis=1)
    categorical = _categorical_controls(frame, controls, spec, questionnaire)
    out = []
    for outcome, predictors in model.regressions.items():
        try:
            out.append(_regression(table, outcome, list(predictors), controls, categorical, spec))
        except ResearchError as err:
            reason = {lang: f"{outcome} ~ {' + '.join(predictors)}: " + ("no regression" if lang == "en" else "未做回归"
                                                                            if lang == "zh-Hans" else "未做迴歸")
                      for lang in ("en", "zh-Hans", "zh-Hant")}
            warnings.append(_note("regression_failed", "regression", reason, err))
    return out


def _regression(table, outcome, predictors, controls, categorical, spec) -> dict:
    """One equation: OLS on the scores, or a hierarchical regression with the controls as its first block."""
    from .regression import hierarchical, regress

    own = [c for c in controls if c != outcome and c not in predictors]
    if own:
        h = hierarchical(table, outcome, [own, predictors], categorical=[c for c in categorical if c in own] or None)
        entry = h.final.to_dict()
        entry["controls"] = own
        steps = h.to_dict()
        entry["hierarchical"] = {"blocks": [list(b) for b in steps["blocks"]], "changes": steps["changes"],
                                 "r2": [s.r2 for s in h.steps]}
    else:
        entry = regress(table, outcome, predictors).to_dict()
        entry["controls"] = []
    entry["scores"] = spec.scores
    return entry


def _categorical_controls(frame, controls, spec: AnalysisSpec, questionnaire) -> list:
    """Controls to dummy-code: as the spec says, else text columns and the questionnaire's single-choice segments."""
    if spec.categorical is not None:
        return [c for c in spec.categorical if c in controls]
    single = {s.id for s in questionnaire.segments if s.type == "single"} if questionnaire is not None else set()
    return [c for c in controls if c in single or not pd.api.types.is_numeric_dtype(frame[c])]


def _fit_options(spec: AnalysisSpec) -> dict:
    """Options for the SEM engine (the spec has already checked them; for WLSMV/ULSMV ``spec.ordered`` is the
    tuple of ordered items :func:`_ordered_items` resolved)."""
    if spec.estimator in ORDINAL_CHOICES:
        return {"estimator": spec.estimator, "missing": spec.missing, "ordered": list(spec.ordered),
                "parameterization": spec.parameterization}
    return {"start": "simple", "estimator": spec.estimator, "missing": spec.missing}


def _check_ordinal_options(spec: AnalysisSpec) -> None:
    """The options that go with ordered items: ``ordered`` and ``parameterization`` only with WLSMV/ULSMV, pairwise
    deletion only with them (lavaan's ``missing = "pairwise"``), no FIML and no PLS-SEM with them."""
    ordinal = spec.estimator in ORDINAL_CHOICES
    if spec.ordered is not None and not ordinal:
        raise _invalid("ordered", repr(spec.ordered)[:60], 'Ordered items are fitted by WLSMV or ULSMV: add '
                       'estimator="WLSMV", or leave ordered out for ML/MLR.',
                       '有序题目以 WLSMV 或 ULSMV 估计：请设置 estimator="WLSMV"，使用 ML/MLR 时请不要设置 ordered。',
                       '有序題目以 WLSMV 或 ULSMV 估計：請設定 estimator="WLSMV"，使用 ML/MLR 時請不要設定 ordered。')
    if spec.missing == "pairwise" and not ordinal:
        raise _invalid("missing", '"pairwise"', "Pairwise deletion is offered with WLSMV/ULSMV (as lavaan); with "
                       "ML/MLR use fiml (all answers) or listwise.",
                       "成对删除仅用于 WLSMV/ULSMV（与 lavaan 相同）；ML/MLR 请使用 fiml（利用全部作答）或 listwise。",
                       "成對刪除僅用於 WLSMV/ULSMV（與 lavaan 相同）；ML/MLR 請使用 fiml（利用全部作答）或 listwise。")
    if not ordinal:
        return
    if spec.missing == "fiml":
        raise _invalid("missing", '"fiml"', f"FIML is a maximum-likelihood method; with {spec.estimator} use listwise "
                       "(complete answers) or pairwise (each correlation from the rows that answered both items).",
                       f"FIML 属于最大似然方法；{spec.estimator} 请使用 listwise（完整作答）或 pairwise（每个相关系数用两题都作答的行）。",
                       f"FIML 屬於最大概似法；{spec.estimator} 請使用 listwise（完整作答）或 pairwise（每個相關係數用兩題都作答的列）。")
    if spec.parameterization not in ("delta", "theta"):
        raise _invalid("parameterization", f'"{spec.parameterization}"', "Use delta (lavaan's default) or theta.",
                       "请使用 delta（lavaan 默认）或 theta。", "請使用 delta（lavaan 預設）或 theta。")
    if spec.method == "pls":
        raise _invalid("method", '"pls"', f"PLS-SEM has no {spec.estimator}; run PLS-SEM with the default estimator "
                       f"or CB-SEM with {spec.estimator}.", f"PLS-SEM 没有 {spec.estimator}；请以默认估计方法运行 PLS-SEM，"
                       f"或以 {spec.estimator} 运行 CB-SEM。", f"PLS-SEM 沒有 {spec.estimator}；請以預設估計方法執行 PLS-SEM，"
                       f"或以 {spec.estimator} 執行 CB-SEM。")
    value = spec.ordered
    if value is None or (isinstance(value, str) and value.lower() == "all"):
        object.__setattr__(spec, "ordered", None if value is None else "all")
        return
    if isinstance(value, str):
        value = [v.strip() for v in value.split(",")]
    if not value or not all(isinstance(v, str) and v for v in value):
        raise _invalid("ordered", repr(spec.ordered)[:60], "Give all, or the ordered items by name, e.g. "
                       "['SAT1', 'SAT2'].", "请给出 all，或按名称列出有序题目，例如 ['SAT1', 'SAT2']。",
                       "請給出 all，或依名稱列出有序題目，例如 ['SAT1', 'SAT2']。")
    object.__setattr__(spec, "ordered", tuple(value))


def _ordered_items(spec: AnalysisSpec, items, observed) -> tuple:
    """The ordered variables of a WLSMV/ULSMV run: with ``ordered`` None or "all" every item of the model's
    constructs (``items``), the model's other observed variables staying continuous; else the named ones, each of
    which must be a variable of the model."""
    if spec.ordered is None or spec.ordered == "all":
        return tuple(items)
    known = [*items, *observed]
    absent = [v for v in spec.ordered if v not in known]
    if absent:
        raise _invalid("ordered", ", ".join(absent[:10]), "Name observed variables of the model (e.g. "
                       + ", ".join(known[:3]) + ") or give all.", "请列出模型中的观测变量（例如 " + "、".join(known[:3])
                       + "）或给出 all。", "請列出模型中的觀察變項（例如 " + "、".join(known[:3]) + "）或給出 all。")
    return tuple(v for v in known if v in spec.ordered)


def _descriptives(scores: pd.DataFrame) -> dict:
    """Mean item scores per construct (half rule): n, M, SD (n − 1), min, max — for the reports' tables."""
    return {c: {"n": int(scores[c].notna().sum()), "mean": float(scores[c].mean()), "sd": float(scores[c].std()),
                "min": float(scores[c].min()), "max": float(scores[c].max())} for c in scores.columns}


def _std_loadings(result, factor: str, items) -> list[float]:
    p = result.parameters
    rows = p[(p["lhs"] == factor) & (p["op"] == "=~")].set_index("rhs")
    return [float(rows.loc[i, "std.all"]) for i in items]


# why a statistic is not reported for a construct, in the three languages
_NOT_APPLICABLE = {
    "single_item": {"en": "a single item: its reliability cannot be estimated from the data",
                    "zh-Hans": "单题构念：无法由数据估计其信度", "zh-Hant": "單題構念：無法由資料估計其信度"},
    "shared_items": {"en": "an item also loads on another construct (cross-loading), so CR and AVE are not "
                           "defined (semTools::AVE gives NA as well)",
                     "zh-Hans": "有题目同时负荷于其他构念（交叉负荷），CR 与 AVE 无定义（semTools::AVE 同样给出 NA）",
                     "zh-Hant": "有題目同時負荷於其他構念（交叉負荷），CR 與 AVE 無定義（semTools::AVE 同樣給出 NA）"},
    "higher_order": {"en": "a higher-order construct: α is not computed on the items of its dimensions; ω is "
                           "semTools' compRelSEM(higher =), CR and AVE come from the standardized loadings of its "
                           "dimensions",
                     "zh-Hans": "高阶构念：不对其维度的题目计算 α；ω 按 semTools 的 compRelSEM(higher =) 计算，"
                                "CR 与 AVE 由其各维度的标准化载荷计算",
                     "zh-Hant": "高階構念：不對其維度的題目計算 α；ω 依 semTools 的 compRelSEM(higher =) 計算，"
                                "CR 與 AVE 由其各維度的標準化負荷量計算"},
    "not_identified": {"en": "the model is not identified or did not converge (see its warnings): its estimates "
                             "are not a unique solution, so this is not defined",
                       "zh-Hans": "模型无法识别或未收敛（见其警告）：其估计不是唯一解，因此此项无定义",
                       "zh-Hant": "模型無法識別或未收斂（見其警告）：其估計不是唯一解，因此此項無定義"},
    "improper": {"en": "the CFA solution is improper here (a variance below 0 or a standardized loading beyond ±1), "
                       "so this value is not a reliability",
                 "zh-Hans": "CFA 解在此不恰当（方差小于 0 或标准化载荷超出 ±1），此值不能作为信度",
                 "zh-Hant": "CFA 解在此不恰當（變異數小於 0 或標準化負荷量超出 ±1），此值不能作為信度"},
}


def _alpha_entry(frame: pd.DataFrame, items, entry: dict, missing: dict) -> None:
    """Cronbach's α of ``items`` (with its CI, flag, n and item analysis) into ``entry``, or why not into
    ``missing``."""
    try:
        a = rel.cronbach_alpha(frame, items)
        entry.update({"alpha": a.alpha, "alpha.std": a.alpha_std, "alpha.ci.lower": a.ci_lower,
                      "alpha.ci.upper": a.ci_upper, "alpha.flag": a.flag, "alpha.n": a.n,
                      "item_analysis": a.items.reset_index().to_dict(orient="records")})
    except ResearchError as err:
        missing["alpha"] = {lang: err.message(lang) for lang in ("en", "zh-Hans", "zh-Hant")}


def _reliability(frame, structure: Structure, cfa_result) -> dict:
    """α, ω, CR and AVE per construct, each with its flag; what is undefined for a construct (single item,
    cross-loaded items, higher order, improper solution) is None with the reason in ``not_applicable``.

    ω is semTools::compRelSEM (obs.var = TRUE) for any construct: (Σᵢ tᵢ)² · var(f) / 1ᵀS1 over the
    observed items under f, with tᵢ the total effect of f on item i (its loading, or for a higher-order
    factor the product of the loadings down to the item — compRelSEM(higher =)) and var(f) the
    model-implied variance of f.
    """
    ram, theta = cfa_result.model, cfa_result.theta
    S_all = cfa_result.sample_cov
    S_np = S_all.to_numpy()
    A, _ = ram.matrices(theta, S_np)
    T = np.linalg.inv(np.eye(ram.n_vars) - A)                 # total effects (column j: of variable j)
    V = ram.total_cov(theta, S_np)
    higher, shared = set(structure.higher_order), set(structure.with_shared_items())
    # a model that is not identified (a priori or by these data) has many solutions, one that did not converge
    # has none: ω, CR, AVE would be arbitrary
    unidentified = bool({"not_identified", "information_singular"} & set(cfa_result.warning_codes))
    unidentified = unidentified or not cfa_result.converged
    thresholds = {k: {"pass": good, "warn": warn, "source": src} for k, (good, warn, src) in rel.THRESHOLDS.items()}
    out = {}
    for factor in structure.constructs:
        items = structure.items[factor]
        inds = structure.indicators[factor]
        entry: dict = {"items": list(items)}
        missing: dict = {}              # statistic → why it is not reported
        if factor in higher:
            entry.update({"order": "higher", "indicators": list(inds), "note": _NOT_APPLICABLE["higher_order"]})
        elif len(items) >= 2:
            _alpha_entry(frame, items, entry, missing)
        else:
            missing["alpha"] = _NOT_APPLICABLE["single_item"]
        j = ram.index[factor]
        total = T[[ram.index[i] for i in items], j]
        std = _std_loadings(cfa_result, factor, inds)
        values: dict = {}
        if len(items) < 2:
            missing.update(dict.fromkeys(("omega", "cr", "ave"), _NOT_APPLICABLE["single_item"]))
        else:
            values["omega"] = float(total.sum() ** 2 * V[j, j] / S_all.loc[items, items].to_numpy().sum())
            if factor in shared:
                missing.update(dict.fromkeys(("cr", "ave"), _NOT_APPLICABLE["shared_items"]))
            elif len(inds) < 2:
                missing.update(dict.fromkeys(("cr", "ave"), _NOT_APPLICABLE["single_item"]))
            else:
                values["cr"] = rel.composite_reliability(std)
                values["ave"] = rel.average_variance_extracted(std)
        if values and unidentified:
            missing.update(dict.fromkeys(values, _NOT_APPLICABLE["not_identified"]))
            values = {}
        elif values and (not V[j, j] > 0 or any(not abs(x) <= 1 for x in std)):
            missing.update(dict.fromkeys(values, _NOT_APPLICABLE["improper"]))
            values = {}
        for k in ("omega", "cr", "ave"):
            entry[k] = values.get(k)
            entry[f"{k}.flag"] = rel.flag(k, values[k]) if k in values else "n/a"
        entry["thresholds"] = thresholds
        entry["std_loadings"] = dict(zip(inds, std))
        if missing:
            entry["not_applicable"] = missing
        out[factor] = entry
    return out


_ORDINAL_NA = {
    "not_all_ordered": {"en": "not every item of this construct is ordered, so the ordinal coefficients (ordinal α, "
                              "categorical ω) are not defined for it",
                        "zh-Hans": "该构念并非全部题目均为有序题目，因此有序系数（有序 α、类别 ω）对其无定义",
                        "zh-Hant": "該構念並非全部題目均為有序題目，因此有序係數（有序 α、類別 ω）對其無定義"},
    "higher_order": {"en": "a higher-order construct: with ordered items its categorical ω, CR and AVE are not "
                           "computed (they are defined here for the first-order constructs)",
                     "zh-Hans": "高阶构念：有序题目下不计算其类别 ω、CR 与 AVE（此处仅对一阶构念定义）",
                     "zh-Hant": "高階構念：有序題目下不計算其類別 ω、CR 與 AVE（此處僅對一階構念定義）"},
    "residuals_mixed": {"en": "not computed for {est} with continuous items among the ordered ones: their standardized "
                              "residuals are not defined here (lavaan 0.6 has none either); the residual correlations "
                              "are shown",
                        "zh-Hans": "{est} 下有序题目中混有连续题目时不计算：其标准化残差在此无定义（lavaan 0.6 亦无）；"
                                   "残差相关照常列出",
                        "zh-Hant": "{est} 下有序題目中混有連續題目時不計算：其標準化殘差在此無定義（lavaan 0.6 亦無）；"
                                   "殘差相關照常列出"},
    "mardia": {"en": "not computed for {est}: Mardia's multivariate normality test decides between ML and MLR for "
                     "continuous items; WLSMV treats the items as ordered categories and assumes no normality of "
                     "the answers",
               "zh-Hans": "{est} 下未计算：Mardia 多元正态检验用于连续题目在 ML 与 MLR 之间的选择；WLSMV 将题目视为有序类别，"
                          "不假设作答服从正态分布",
               "zh-Hant": "{est} 下未計算：Mardia 多變項常態檢定用於連續題目在 ML 與 MLR 之間的選擇；WLSMV 將題目視為有序類別，"
                          "不假設作答服從常態分配"},
    "method_bias": {"en": "under {est} the single-factor and method-factor comparisons would need a scaled χ² "
                          "difference test for ordered items, which these checks do not run (Harman's test, the "
                          "marker variable and the full-collinearity VIFs are reported instead)",
                    "zh-Hans": "{est} 下的单因子与方法因子比较需要有序题目的校正 χ² 差异检验，这两项检查未提供"
                               "（仍报告 Harman 检验、标记变量与完全共线性 VIF）",
                    "zh-Hant": "{est} 下的單因素與方法因素比較需要有序題目的校正 χ² 差異檢定，這兩項檢查未提供"
                               "（仍報告 Harman 檢定、標記變項與完全共線性 VIF）"},
}


def _ordinal_na(key: str, estimator: str) -> dict:
    return {lang: text.format(est=estimator) for lang, text in _ORDINAL_NA[key].items()}


def _ordinal_reliability(frame, structure: Structure, cfa_result, spec: AnalysisSpec, warnings: list) -> dict:
    """Reliability under WLSMV/ULSMV (research.ordinal_reliability, semTools' numbers): per construct Cronbach's α
    of the answers (for comparison, as the ML run reports it), ordinal α (Zumbo, Gadermann & Zeisser 2007) on the
    polychoric correlations, categorical ω (Green & Yang 2009; semTools::compRelSEM) as ``omega`` with
    ``omega.type`` "categorical", the latent-response ω, and CR/AVE from the CFA's WLSMV standardized loadings.
    Constructs whose items are not all ordered, higher-order and single-item constructs and constructs sharing
    an item get the reason in ``not_applicable``.  With listwise deletion every coefficient is computed on the rows
    the CFA used."""
    from .ordinal_reliability import ordinal_reliability

    ordered = set(spec.ordered)
    if spec.missing == "listwise":       # the rows the CFA used: every coefficient describes the same responses
        frame = frame.dropna(subset=list(cfa_result.ordinal_stats.ov_names))
    higher, shared = set(structure.higher_order), set(structure.with_shared_items())
    thresholds = {k: {"pass": good, "warn": warn, "source": src} for k, (good, warn, src) in rel.THRESHOLDS.items()}
    scales = {f: list(structure.items[f]) for f in structure.constructs
              if f not in higher and f not in shared and len(structure.indicators[f]) >= 2
              and all(i in ordered for i in structure.items[f])}
    table, failed = None, None
    if scales:
        try:
            table = ordinal_reliability(frame, scales, fit=cfa_result, missing=spec.missing)
            warnings += [{"code": "note", "where": "reliability", **note_texts(n)} for n in table.attrs["notes"]]
        except ResearchError as err:
            failed = {lang: err.message(lang) for lang in ("en", "zh-Hans", "zh-Hant")}
            warnings.append({"code": "ordinal_reliability_not_computed", "where": "reliability", **failed})
    unidentified = bool({"not_identified", "information_singular"} & set(cfa_result.warning_codes))
    unidentified = unidentified or not cfa_result.converged
    out = {}
    for factor in structure.constructs:
        items = structure.items[factor]
        inds = structure.indicators[factor]
        entry: dict = {"items": list(items), "basis": spec.estimator, "omega.type": "categorical"}
        missing: dict = {}
        if factor in higher:
            entry.update({"order": "higher", "indicators": list(inds)})
            missing.update(dict.fromkeys(("alpha", "alpha.ordinal", "omega", "cr", "ave"),
                                         _ORDINAL_NA["higher_order"]))
        elif len(items) >= 2:
            _alpha_entry(frame, items, entry, missing)
        else:
            missing["alpha"] = _NOT_APPLICABLE["single_item"]
        values: dict = {}
        if factor in higher:
            pass
        elif len(inds) < 2:
            missing.update(dict.fromkeys(("alpha.ordinal", "omega", "cr", "ave"), _NOT_APPLICABLE["single_item"]))
        elif factor in shared:
            missing.update(dict.fromkeys(("alpha.ordinal", "omega", "cr", "ave"), _NOT_APPLICABLE["shared_items"]))
        elif factor not in scales:
            missing.update(dict.fromkeys(("alpha.ordinal", "omega", "cr", "ave"), _ORDINAL_NA["not_all_ordered"]))
        elif table is None:
            missing.update(dict.fromkeys(("alpha.ordinal", "omega", "cr", "ave"), failed))
        else:
            row = table.loc[factor]
            entry["alpha.ordinal.n"] = int(row["n"])
            for key, col in (("alpha.ordinal", "alpha_ordinal"), ("omega", "omega_categorical"),
                             ("omega.latent", "omega_latent"), ("cr", "cr"), ("ave", "ave")):
                v = float(row[col])
                if v == v:
                    values[key] = v
                elif key != "omega.latent":
                    missing[key] = _NOT_APPLICABLE["not_identified" if unidentified else "improper"]
        for k in ("alpha.ordinal", "omega", "omega.latent", "cr", "ave"):
            entry[k] = values.get(k)
            if k != "omega.latent":
                entry[f"{k}.flag"] = rel.flag("alpha" if k == "alpha.ordinal" else k, values[k]) if k in values \
                    else "n/a"
        entry["thresholds"] = thresholds
        entry["std_loadings"] = dict(zip(inds, _std_loadings(cfa_result, factor, inds)))
        if missing:
            entry["not_applicable"] = missing
        out[factor] = entry
    return out


def _estimation(spec: AnalysisSpec, frame, cfa_result, sem_result, items, observed) -> dict | None:
    """results.json ``estimation`` of a WLSMV/ULSMV run (issue 19 point 3): estimator, parameterization, which
    variables are ordered and which continuous, the correlations fitted, the missing-data handling in words
    (pairwise: each correlation from the rows that answered both, N per pair varies) with N (the smallest and
    largest per pair under pairwise deletion); None for ML/MLR (the SEM blocks say estimator and missing)."""
    if spec.estimator not in ORDINAL_CHOICES:
        return None
    ordered = list(spec.ordered)
    variables = [*items, *observed]
    continuous = [v for v in variables if v not in ordered]
    prov = cfa_result.provenance or {}
    out = {"estimator": spec.estimator, "parameterization": spec.parameterization, "ordered": ordered,
           "continuous": continuous, "correlations": "polychoric" + (" and polyserial" if continuous else ""),
           "se": "robust.sem", "test": "scaled.shifted", "missing": spec.missing, "n": cfa_result.n,
           "rows_dropped": prov.get("n_rows_dropped"),
           "pairs_with_empty_cells": len(prov.get("zero_cell_pairs") or [])}   # lavaan's zero cells (no adjustment)
    if spec.missing == "pairwise":
        seen = frame[variables].notna().to_numpy(dtype=float)
        pairs = (seen.T @ seen)[np.triu_indices(len(variables), 1)]
        out["n_pairwise"] = {"min": int(pairs.min()), "max": int(pairs.max())} if pairs.size else None
        out["missing_note"] = {
            "en": "pairwise deletion as lavaan does (missing = \"pairwise\"): each threshold from the rows that "
                  "answered the item, each correlation from the rows that answered both items; N per pair varies",
            "zh-Hans": "按 lavaan 的方式成对删除（missing = \"pairwise\"）：每个阈值用作答该题的行，每个相关系数用两题都作答的行；"
                       "各题目对的样本量不同",
            "zh-Hant": "依 lavaan 的方式成對刪除（missing = \"pairwise\"）：每個閾值用作答該題的列，每個相關係數用兩題都作答的列；"
                       "各題目對的樣本數不同"}
    else:
        out["missing_note"] = {
            "en": "listwise deletion: rows with a missing answer on a model variable were left out",
            "zh-Hans": "列删除：在模型变量上有缺失作答的行已剔除",
            "zh-Hant": "整列刪除：在模型變項上有遺漏作答的列已剔除"}
    if sem_result is not None:
        out["sem_n"] = sem_result.n
    return out


def _latent_correlations(cfa_result, factors) -> pd.DataFrame:
    """Model-implied correlations of the factors in the CFA (the std.all of their covariances where the
    model has them; through a higher-order factor where it has not)."""
    from .sem.wls import WlsResult

    if isinstance(cfa_result, WlsResult):     # the WLS model's covariance part, numbered apart from its θ
        wm = cfa_result.wls_model
        ram = wm.ram
        V = ram.total_cov(cfa_result.theta[wm.core_to_global])
    else:
        ram = cfa_result.model
        S = cfa_result.sample_cov.to_numpy()
        V = ram.total_cov(cfa_result.theta, S)
    idx = [ram.index[f] for f in factors]
    W = V[np.ix_(idx, idx)]
    d = np.sqrt(np.abs(np.diag(W)))
    with np.errstate(divide="ignore", invalid="ignore"):
        R = W / np.outer(d, d)
    np.fill_diagonal(R, 1.0)
    return pd.DataFrame(R, index=factors, columns=factors)


_POOLED = {"en": "The CFA and SEM of all respondents together leave the per-group modifiers c(…) out (those "
                  "parameters are free); the multi-group fits of the segments use them",
           "zh-Hans": "全体样本的 CFA 与 SEM 不使用每组修饰符 c(…)（这些参数自由估计）；各分组的多组拟合使用它们",
           "zh-Hant": "全體樣本的 CFA 與 SEM 不使用每組修飾符 c(…)（這些參數自由估計）；各分組的多組配適使用它們"}
_SKIPPED_BOOTSTRAP = {
    "en": "No bootstrap: the SEM did not converge on the full sample, so there is no estimate to resample "
          "(the effects carry delta-method intervals; see the SEM's warnings)",
    "zh-Hans": "未做自助法：SEM 在全样本上未收敛，没有可供重抽样的估计（效应给出 delta 法区间；见 SEM 的警告）",
    "zh-Hant": "未做拔靴法：SEM 在全樣本上未收斂，沒有可供重抽樣的估計（效果給出 delta 法區間；見 SEM 的警告）"}
_FACTOR_SCORES_FAILED = {
    "en": "The CFA factor scores could not be computed, so the regressions use mean item scores",
    "zh-Hans": "无法计算 CFA 因子得分，回归改用题目均值得分",
    "zh-Hant": "無法計算 CFA 因素分數，迴歸改用題目平均分數"}

_VALIDITY_REASONS = {
    "fornell_larcker": {"en": "the Fornell–Larcker criterion needs an AVE in (0, 1] and latent correlations "
                              "within ±1 for every construct",
                        "zh-Hans": "Fornell–Larcker 准则要求每个构念的 AVE 在 (0, 1] 内且潜变量相关在 ±1 以内",
                        "zh-Hant": "Fornell–Larcker 準則要求每個構念的 AVE 在 (0, 1] 內且潛在變項相關在 ±1 以內"},
    "beyond_one": {"en": "Latent correlations beyond ±1 in the CFA: the constructs are not distinct (discriminant "
                         "validity fails) or the solution is improper; the Fornell–Larcker table is not reported",
                   "zh-Hans": "CFA 中潜变量相关超出 ±1：这些构念无法区分（区分效度不成立）或解不恰当；不报告 Fornell–Larcker 表",
                   "zh-Hant": "CFA 中潛在變項相關超出 ±1：這些構念無法區分（區別效度不成立）或解不恰當；不報告 Fornell–Larcker 表"},
    "left_out": {"en": "left out: higher-order constructs, single-item constructs and constructs sharing an item "
                       "with another (HTMT and the cross-loading table need each item in one construct)",
                 "zh-Hans": "未纳入：高阶构念、单题构念以及与其他构念共用题目的构念（HTMT 与交叉载荷表要求每个题目只属于一个构念）",
                 "zh-Hant": "未納入：高階構念、單題構念以及與其他構念共用題目的構念（HTMT 與交叉負荷表要求每個題目只屬於一個構念）"},
}


def _validity(frame, structure: Structure, cfa_result, reliability) -> tuple[dict, list]:
    """HTMT, Fornell–Larcker, latent correlations, KMO, Bartlett, Harman and the cross-loading table.

    HTMT and the cross-loading table use the first-order constructs with ≥ 2 items of their own; the
    Fornell–Larcker table the constructs with an AVE.  Whatever is left out, or undefined for an
    improper solution, is said in the result and as a warning — never an error of the whole run.
    """
    out: dict = {}
    notes: list = []
    shared = set(structure.with_shared_items())
    clean = {f: structure.indicators[f] for f in structure.first_order
             if f not in shared and len(structure.indicators[f]) >= 2}
    left_out = [f for f in structure.constructs if f not in clean]
    polychoric = _polychoric_matrix(cfa_result)
    if len(clean) >= 2 and polychoric is not None:
        for method in ("htmt", "htmt2"):      # HTMT of the CFA's polychoric correlations (semTools::htmt(ordered =))
            out[method] = _htmt_from_matrix(polychoric, clean, method)
        out["htmt_basis"] = "polychoric"
    elif len(clean) >= 2:
        for method in ("htmt", "htmt2"):
            h = validity.htmt(frame, clean, method=method)
            out[method] = {a: {b: float(h.matrix.loc[a, b]) for b in h.matrix.columns} for a in h.matrix.index}
    factors = structure.constructs
    if len(factors) >= 2:
        corr = _latent_correlations(cfa_result, factors)
        out["latent_correlations"] = {a: {b: float(corr.loc[a, b]) for b in factors} for a in factors}
        with_ave = [f for f in factors if reliability[f].get("ave") is not None and "order" not in reliability[f]]
        beyond = [(a, b, float(corr.loc[a, b])) for i, a in enumerate(factors) for b in factors[:i]
                  if not abs(corr.loc[a, b]) <= 1]
        if beyond:
            pairs = ", ".join(f"{b}–{a} r = {r:.3f}" for a, b, r in beyond[:8])
            reason = {lang: text + f" ({pairs})" for lang, text in _VALIDITY_REASONS["beyond_one"].items()}
            out["fornell_larcker"] = {"not_applicable": reason}
            notes.append(_note("latent_correlation_beyond_one", "validity", reason))
        elif len(with_ave) >= 2:
            try:
                fl = validity.fornell_larcker({f: reliability[f]["ave"] for f in with_ave}, corr.loc[with_ave, with_ave])
                out["fornell_larcker"] = fl.to_dict()
            except ResearchError as err:
                out["fornell_larcker"] = {"not_applicable": dict(_VALIDITY_REASONS["fornell_larcker"])}
                out["fornell_larcker"]["error"] = err.to_dict()
                notes.append(_note("fornell_larcker_not_applicable", "validity", _VALIDITY_REASONS["fornell_larcker"],
                                   err))
    items = structure.observed_items
    for name, fn in (("kmo", validity.kmo), ("bartlett", validity.bartlett), ("harman", validity.harman)):
        try:
            out[name] = fn(frame, items).to_dict()
        except ResearchError as err:
            out[name] = {"error": err.to_dict()}
    if len(clean) >= 2:
        out["cross_loadings"] = validity.cross_loadings(frame, clean).to_dict()
    if left_out and (len(clean) >= 2 or len(factors) >= 2):
        out["left_out"] = {"constructs": left_out, "reason": _VALIDITY_REASONS["left_out"]}
    return out, notes


def _polychoric_matrix(cfa_result) -> pd.DataFrame | None:
    """The polychoric (polyserial, Pearson) correlations a WLSMV/ULSMV CFA was fitted to, as lavaan's
    ``lavCor(ordered = …)`` of the same rows; None for an ML/MLR fit."""
    from .sem.wls import WlsResult

    if not isinstance(cfa_result, WlsResult) or cfa_result.sample_cov is None:
        return None
    S = cfa_result.sample_cov
    d = np.sqrt(np.diag(S.to_numpy()))
    return pd.DataFrame(S.to_numpy() / np.outer(d, d), index=S.index, columns=S.columns)


def _htmt_from_matrix(R: pd.DataFrame, blocks: dict, method: str) -> dict:
    """HTMT (Henseler, Ringle & Sarstedt 2015: mean heterotrait correlation / √(product of the two mean monotrait
    correlations)) or HTMT2 (Roemer, Schuberth & Henseler 2021: the same with geometric means) of a correlation
    matrix, on absolute correlations as semTools::htmt's default ``absolute = TRUE``."""
    A = R.abs()
    mean = (lambda v: float(np.exp(np.mean(np.log(v))))) if method == "htmt2" else (lambda v: float(np.mean(v)))
    mono = {}
    for name, block in blocks.items():
        sub = A.loc[block, block].to_numpy()
        mono[name] = mean(sub[~np.eye(len(block), dtype=bool)])
    out = {}
    for a, ia in blocks.items():
        out[a] = {}
        for b, ib in blocks.items():
            out[a][b] = 1.0 if a == b else mean(A.loc[ia, ib].to_numpy().ravel()) / float(np.sqrt(mono[a] * mono[b]))
    return out


def group_as_text(column: pd.Series) -> pd.Series:
    """A grouping column whose values mix text and numbers ("north", "south", 1, 2) as text, so every row keeps
    its group and 1 and 1.0 are one group "1"; codes stored as floats as whole numbers; a column of text only,
    or of numbers that are not all whole, is unchanged."""
    if pd.api.types.is_numeric_dtype(column):
        values = column.dropna()
        if pd.api.types.is_float_dtype(column) and len(values) and (values == np.round(values)).all():
            # codes stored as floats (a missing cell makes pandas store 1, 2 as 1.0, 2.0): keep them whole
            # numbers, so the segments are "1" and "2", never "1.0" and "2.0"
            return pd.Series([v if pd.isna(v) else int(v) for v in column], index=column.index, name=column.name,
                             dtype=object)
        return column
    values = column.dropna()
    kinds = {isinstance(v, str) for v in values}
    if len(kinds) < 2:
        return column
    return column.map(lambda v: v if v is None or pd.isna(v) else
                      str(int(v)) if isinstance(v, float) and v.is_integer() else str(v).strip())


def _text_cells(frame: pd.DataFrame, numbers: dict) -> list[dict]:
    """A warning per model variable whose cells hold text that is not a number (set to missing); rows are the
    data's, counted from 1."""
    out = []
    for column, values in numbers.items():
        bad = frame[column].notna() & values.isna()
        if bad.any():
            out.append(_text_warning(column, [(int(k) + 1, frame[column].iloc[k])
                                              for k in np.flatnonzero(bad.to_numpy())], "data"))
    return out


def _text_warning(column: str, cells: list, rows: str) -> dict:
    """"n cells of COLUMN are not numbers …" naming the first five (row, value); ``rows``: "file" (rows as the
    spreadsheet shows them) or "data" (data rows counted from 1)."""
    shown = "; ".join(f"{r}: {str(v)[:20]!r}" for r, v in cells[:5]) + (" …" if len(cells) > 5 else "")
    where = {"file": ("file row", "文件行", "檔案列"), "data": ("data row", "数据行", "資料列")}[rows]
    return {"code": "text_in_numeric", "where": "data", "column": column,
            "en": f"{len(cells)} cell(s) of {column} are not numbers and were treated as missing ({where[0]}: "
                  f"value — {shown}); correct them in the file if they are answers",
            "zh-Hans": f"{column} 有 {len(cells)} 个单元格不是数字，已按缺失处理（{where[1]}：值 — {shown}）；"
                       f"如果它们是答案，请在文件中更正",
            "zh-Hant": f"{column} 有 {len(cells)} 個儲存格不是數字，已視為遺漏值（{where[2]}：值 — {shown}）；"
                       f"如果它們是答案，請在檔案中更正"}


def _note(code: str, where: str, reason: dict, err: ResearchError | None = None) -> dict:
    """A results.json warning from a reason in three languages (and the error that caused it)."""
    extra = {lang: " " + err.message(lang) for lang in ("en", "zh-Hans", "zh-Hant")} if err else \
        {lang: "" for lang in ("en", "zh-Hans", "zh-Hant")}
    return {"code": code, "where": where, "en": reason["en"] + "." + extra["en"],
            "zh-Hans": reason["zh-Hans"] + "。" + extra["zh-Hans"], "zh-Hant": reason["zh-Hant"] + "。" + extra["zh-Hant"]}


_NOT_CONVERGED = {"en": "not computed: the model did not converge", "zh-Hans": "未计算：模型未收敛",
                  "zh-Hant": "未計算：模型未收斂"}


def _attempt(what: str, where: str, warnings: list, run):
    """Run one diagnostic; a ResearchError becomes ``{"not_applicable": reason}`` and a warning."""
    try:
        return run()
    except ResearchError as err:
        reason = {lang: err.message(lang) for lang in ("en", "zh-Hans", "zh-Hant")}
        warnings.append({"code": f"{what}_not_computed", "where": where, "en": f"{what}: {reason['en']}",
                         "zh-Hans": f"{what}：{reason['zh-Hans']}", "zh-Hant": f"{what}：{reason['zh-Hant']}"})
        return {"not_applicable": reason}


def _model_diagnostics(result, frame, spec: AnalysisSpec, where: str, warnings: list) -> dict:
    """Modification indices (the ``spec.mi`` largest), residual correlations, standardized residuals and the
    largest of them, as lavaan's ``modindices`` and ``residuals`` give them (for ordered items those of the
    DWLS/ULS fit on the polychoric correlations)."""
    from .sem.modindices import modindices
    from .sem.residuals import largest_residuals, residuals

    if not result.converged:
        return {"not_applicable": _NOT_CONVERGED}
    out: dict = {}
    # both need the information matrix: for a model that is not identified they are not defined
    unidentified = {"not_identified", "information_singular"} & set(result.warning_codes)
    na = {"not_applicable": _NOT_APPLICABLE["not_identified"]}
    if spec.mi > 0:
        out["modindices"] = na if unidentified else _attempt("modindices", where, warnings, lambda: modindices(
            result, max_rows=spec.mi, data=frame).to_dict(orient="records"))
    # ordered items with continuous ones mixed in: no standardized residuals (lavaan 0.6 has none either)
    wm = getattr(result, "wls_model", None)
    z_na = na if unidentified else None
    if z_na is None and wm is not None and len(wm.num_idx):
        z_na = {"not_applicable": _ordinal_na("residuals_mixed", spec.estimator)}
    out["residuals"] = {"cor": _attempt("residuals", where, warnings,
                                        lambda: residuals(result, "cor", data=frame).to_dict()),
                        "standardized": z_na or _attempt(
                            "residuals", where, warnings, lambda: residuals(result, "standardized", data=frame).to_dict())}
    out["largest_residuals"] = z_na or _attempt("residuals", where, warnings, lambda: largest_residuals(
        result, data=frame).to_dict(orient="records"))
    return out


def _diagnostics(frame, structure: Structure, cfa_result, sem_result, spec: AnalysisSpec, warnings: list) -> dict:
    from .normality import mardia
    from .ordinal_check import ordinal_check

    out = {"cfa": _model_diagnostics(cfa_result, frame, spec, "cfa", warnings)}
    if sem_result is not None:
        out["sem"] = _model_diagnostics(sem_result, frame, spec, "sem", warnings)
    out["mardia"] = {"not_applicable": _ordinal_na("mardia", spec.estimator)} \
        if spec.estimator in ORDINAL_CHOICES else _attempt("mardia", "diagnostics", warnings,
                                                             lambda: mardia(frame, structure.observed_items).to_dict())
    # items that look ordinal-unsafe for ML (≤ 5 categories and skewed, or one answer > 80 %): the data page's hint
    out["ordinal_check"] = _attempt("ordinal_check", "diagnostics", warnings,
                                    lambda: ordinal_check(frame, structure.observed_items).to_dict())
    return out


def _method_bias(frame, structure: Structure, scores, spec: AnalysisSpec, validity_block: dict,
                 warnings: list, cfa_converged: bool = True) -> dict:
    """Common method bias beyond Harman's test (which stays under validity): the single-factor CFA, the
    unmeasured latent method factor, the marker-variable correction when a marker item is named, and
    full-collinearity VIFs of the constructs that are not indicators of another construct."""
    from . import method_bias as mb

    blocks = {f: structure.indicators[f] for f in structure.first_order}
    options = {"estimator": spec.estimator, "missing": spec.missing}
    out = {"harman": validity_block.get("harman")}
    shared = structure.shared
    if shared:
        names = ", ".join(f"{i} ({', '.join(fs)})" for i, fs in list(shared.items())[:5])
        reason = {"not_applicable": {
            "en": f"The single-factor and method-factor comparisons need each item in one construct; these items "
                  f"load on several: {names}.",
            "zh-Hans": f"单因子与方法因子的比较要求每个题目只属于一个构念；以下题目负荷于多个构念：{names}。",
            "zh-Hant": f"單因素與方法因素的比較要求每個題目只屬於一個構念；以下題目負荷於多個構念：{names}。"}}
        out["single_factor"] = out["method_factor"] = reason
    elif not cfa_converged:
        # both compare a model with the measurement model, which has no solution: nothing to compare with
        # (and their own fits would run to their iteration limits too)
        out["single_factor"] = out["method_factor"] = {"not_applicable": _NOT_CONVERGED}
    elif len(blocks) >= 2 and spec.estimator in ORDINAL_CHOICES:
        out["single_factor"] = out["method_factor"] = {"not_applicable": _ordinal_na("method_bias", spec.estimator)}
    elif len(blocks) >= 2:                   # with one construct there is nothing to tell apart
        out["single_factor"] = _attempt("single_factor_cfa", "method_bias", warnings,
                                        lambda: mb.single_factor_cfa(frame, blocks, **options).to_dict())
        out["method_factor"] = _attempt("method_factor", "method_bias", warnings,
                                        lambda: mb.method_factor(frame, blocks, **options).to_dict())
    if spec.marker is not None:
        items = [i for i in structure.observed_items if i != spec.marker]
        out["marker"] = _attempt("marker_variable", "method_bias", warnings,
                                 lambda: mb.marker_variable(frame, items, spec.marker).to_dict())
    inner = [f for f in structure.constructs
             if not any(f in inds for g, inds in structure.indicators.items() if g != f)]
    if len(inner) >= 2:
        out["full_collinearity"] = _attempt("full_collinearity_vif", "method_bias", warnings,
                                            lambda: mb.full_collinearity_vif(scores[inner]).to_dict())
    return out


def _pls_effects(study, scores: pd.DataFrame) -> pd.DataFrame:
    """The PLS model's total effects as the drivers pages read them (``type``, ``from``, ``to``, ``std``, ``est``):
    ``std`` the standardized total effect, ``est`` the same effect in units of the mean item scores the maps show
    (std × SD(target) / SD(driver))."""
    rows = []
    sd = scores.std(ddof=1)
    for r in study.assessment.effects.to_dict("records"):
        if r["total"] and r["from"] in sd.index and r["to"] in sd.index:
            rows.append({"type": "total", "from": r["from"], "to": r["to"], "std": float(r["total"]),
                         "est": float(r["total"]) * float(sd[r["to"]]) / float(sd[r["from"]])})
    return pd.DataFrame(rows, columns=["type", "from", "to", "std", "est"])


def _no_effect(h):
    return _invalid("hypothesis", f'"{h.text()}"',
                    f"The model has no path or effect {h.source} -> {h.target}; add "
                    f"'{h.target} ~ {h.source}' to the model or correct the hypothesis.",
                    f"模型中没有路径或效应 {h.source} -> {h.target}；请在模型中加入“{h.target} ~ {h.source}”或修改假设。",
                    f"模型中沒有路徑或效應 {h.source} -> {h.target}；請在模型中加入「{h.target} ~ {h.source}」或修改假設。")


def _pls_hypotheses(hypotheses, study) -> list:
    """Each hypothesis against its PLS path, or — when the model has none — the PLS total effect, with the
    bootstrap's SD, t, p and CI (SmartPLS's report).  Supported: the hypothesised sign and a bootstrap CI that
    excludes 0; without a bootstrap PLS gives no inference, so ``supported`` is None."""
    out = []
    boot = study.bootstrap
    paths = study.table("paths")
    total = boot.table("total") if boot is not None else None
    effects = study.assessment.effects
    for h in hypotheses:
        rows = paths[(paths["lhs"] == h.target) & (paths["rhs"] == h.source)]
        if not rows.empty:
            r = rows.iloc[0].to_dict()
            entry = {"path": "direct", "est": float(r["est"]), "beta": float(r["est"])}
        else:
            e = effects[(effects["from"] == h.source) & (effects["to"] == h.target)]
            if e.empty or not float(e["total"].iloc[0]):
                raise _no_effect(h)
            entry = {"path": "total", "est": float(e["total"].iloc[0]), "beta": float(e["total"].iloc[0])}
            if total is not None:
                t = total[(total["from"] == h.source) & (total["to"] == h.target)]
                r = t.iloc[0].to_dict() if not t.empty else {}
            else:
                r = {}
        if boot is not None and "sd" in r:
            entry.update({"se": float(r["sd"]), "t": float(r["t"]), "pvalue": float(r["p"]),
                          "ci.lower": float(r["ci.lower"]), "ci.upper": float(r["ci.upper"]), "ci.method": boot.ci,
                          "boot.se": float(r["sd"])})
            excludes_zero = entry["ci.lower"] > 0 or entry["ci.upper"] < 0
            sign_ok = h.sign is None or (entry["est"] > 0) == (h.sign == "+")
            supported = bool(excludes_zero and sign_ok)
        else:
            entry.update({"se": None, "t": None, "pvalue": None, "ci.lower": None, "ci.upper": None,
                          "ci.method": None})
            supported = None
        out.append({"id": h.id, "hypothesis": h.text(), "from": h.source, "to": h.target, "sign": h.sign,
                    "method": "pls", **entry, "supported": supported})
    return out


def _hypotheses(hypotheses, result, effect_table, boot) -> list:
    """Each hypothesis against its direct path, or — when the model has none — the total effect.

    Supported: the estimate has the hypothesised sign and its 95 % CI excludes 0 (the
    bootstrap CI when there was a bootstrap, else the delta-method / Wald CI, i.e. p < .05).
    """
    out = []
    p = result.parameters
    boot_p = boot.parameters if boot is not None else None
    for h in hypotheses:
        rows = p[(p["op"] == "~") & (p["lhs"] == h.target) & (p["rhs"] == h.source)]
        if not rows.empty:
            r = rows.iloc[0]
            entry = {"path": "direct", "est": float(r["est"]), "beta": float(r["std.all"]), "se": float(r["se"]),
                     "z": float(r["z"]), "pvalue": float(r["pvalue"]),
                     "ci.lower": float(r["ci.lower"]), "ci.upper": float(r["ci.upper"]), "ci.method": "delta"}
            if boot_p is not None:
                b = boot_p[(boot_p["op"] == "~") & (boot_p["lhs"] == h.target) & (boot_p["rhs"] == h.source)].iloc[0]
                entry.update({"ci.lower": float(b["ci.lower"]), "ci.upper": float(b["ci.upper"]),
                              "boot.se": float(b["se"]), "ci.method": boot.ci})
        else:
            e = None if effect_table is None else effect_table[
                (effect_table["from"] == h.source) & (effect_table["to"] == h.target)
                & (effect_table["type"] == "total")]
            if e is None or e.empty:
                raise _no_effect(h)
            r = e.iloc[0]
            entry = {"path": "total", "via": list(r["via"]), "est": float(r["est"]), "beta": float(r["std"]),
                     "se": float(r["se"]), "z": float(r["z"]), "pvalue": float(r["pvalue"]),
                     "ci.lower": float(r["ci.lower"]), "ci.upper": float(r["ci.upper"]), "ci.method": "delta"}
            if boot is not None:
                entry.update({"ci.lower": float(r["boot.ci.lower"]), "ci.upper": float(r["boot.ci.upper"]),
                              "boot.se": float(r["boot.se"]), "ci.method": boot.ci})
        excludes_zero = entry["ci.lower"] > 0 or entry["ci.upper"] < 0
        sign_ok = h.sign is None or (entry["est"] > 0) == (h.sign == "+")
        out.append({"id": h.id, "hypothesis": h.text(), "from": h.source, "to": h.target, "sign": h.sign,
                    **entry, "supported": bool(excludes_zero and sign_ok)})
    return out


# --------------------------------------------------------------------------------------
# moderation, mediation and moderated-mediation hypotheses (research.process)
# --------------------------------------------------------------------------------------

PROCESS_CI = {"percentile": "percentile", "bc": "bc", "bca": "bc"}   # PROCESS has no BCa: bias-corrected


def _check_process_variables(hypotheses, constructs, frame: pd.DataFrame) -> None:
    """Each variable of a PROCESS hypothesis is a construct (its scores are used) or a column of the data (a
    segment such as PLATFORM, an observed variable): said before any model is fitted."""
    known = set(constructs) | set(frame.columns)
    for h in hypotheses:
        if h.kind == "path":
            continue
        absent = [v for v in h.variables if v not in known]
        if absent:
            raise _invalid("hypothesis", f'"{h.text()}": {", ".join(absent)}',
                           "Name constructs of the model or columns of the data (a segment such as PLATFORM); "
                           "check the spelling and case.", "请使用模型中的构念或数据中的列（如 PLATFORM 等分组题），注意拼写与大小写。",
                           "請使用模型中的構念或資料中的欄（如 PLATFORM 等分組題），注意拼寫與大小寫。")


def construct_scores(frame: pd.DataFrame, structure: Structure, how: str = "mean", cfa_result=None,
                     warnings: list | None = None, where: str = "process") -> tuple[pd.DataFrame, str]:
    """(construct scores, the kind used): mean item scores (half rule) or the CFA's factor scores (EBM if ordered);
    when factor scores cannot be computed, the mean scores with a warning."""
    mean = measurement_scores(frame, structure)
    if how != "factor":
        return mean, "mean"
    return _factor_scores(cfa_result, frame, mean, [] if warnings is None else warnings, where)


def _factor_scores(cfa_result, frame: pd.DataFrame, mean: pd.DataFrame, warnings: list,
                   where: str) -> tuple[pd.DataFrame, str]:
    """(the CFA's factor scores, "factor"), or (``mean``, "mean") with a warning when they cannot be computed;
    rows that answered but got no EBM score (its Newton iteration did not converge) are named in a warning, as
    the analyses leave them out."""
    from .sem.scores import factor_scores

    try:
        scores = factor_scores(cfa_result, frame)
    except ResearchError as err:
        warnings.append(_note("factor_scores_failed", where, _FACTOR_SCORES_FAILED, err))
        return mean, "mean"
    unscored = scores.attrs.get("unscored") or []
    if unscored:
        rows = ", ".join(str(int(r) + 1) if isinstance(r, (int, np.integer)) else str(r) for r in unscored[:10])
        rows += " …" if len(unscored) > 10 else ""
        n = len(unscored)
        warnings.append({"code": "factor_scores_unscored", "where": where,
                         "en": f"The factor scores of {n} respondent(s) could not be computed (the estimate did "
                               f"not converge), so the analysis leaves them out (data rows {rows}); check their "
                               f"answers, or choose mean item scores.",
                         "zh-Hans": f"有 {n} 份答卷的因子得分无法计算（估计未收敛），分析未纳入这些答卷（数据行 {rows}）；"
                                    f"请检查其答案，或改用题目均值得分。",
                         "zh-Hant": f"有 {n} 份答卷的因素分數無法計算（估計未收斂），分析未納入這些答卷（資料列 {rows}）；"
                                    f"請檢查其答案，或改用題目平均分數。"})
    return scores, "factor"


def categorical_columns(frame: pd.DataFrame, columns, chosen=None, questionnaire=None) -> list:
    """Which of ``columns`` to treat as categories: those ``chosen`` (None: the questionnaire's single-choice
    segments, e.g. PLATFORM coded 1–8) and every column that is not numeric."""
    single = {s.id for s in questionnaire.segments if s.type == "single"} if questionnaire is not None else set()
    picked = set(chosen) if chosen is not None else single
    return [c for c in columns if c in frame.columns and (c in picked or not pd.api.types.is_numeric_dtype(frame[c]))]


def level_labels(questionnaire, columns) -> dict:
    """``{column: {code: {lang: option label}}}`` for the questionnaire's segments among ``columns``."""
    out = {}
    for seg in (questionnaire.segments if questionnaire is not None else ()):
        if seg.id in columns and seg.options:
            out[seg.id] = {str(o.code): _trilingual(o.label) if isinstance(o.label, dict) else {"en": str(o.label)}
                           for o in seg.options}
    return out


def segment_names(questionnaire, columns) -> dict:
    """``{column: {lang: question}}`` for the questionnaire's segments among ``columns`` (PLATFORM → "The online
    shopping platform you use most")."""
    segs = questionnaire.segments if questionnaire is not None else ()
    return {s.id: _trilingual(s.text) for s in segs if s.id in columns and s.text}


def process_table(scores: pd.DataFrame, frame: pd.DataFrame, variables, covariates=(), categorical=()) -> tuple:
    """(the table PROCESS is fitted on, covariate columns): construct scores for construct ids, the data column
    as it is for any other variable; categorical covariates as indicator columns ``C[level]`` against the
    first level in sorted order (as PROCESS codes a categorical moderator)."""
    cols = {}
    for v in variables:
        cols[v] = scores[v] if v in scores.columns else frame[v]
    cov_cols = []
    for c in covariates:
        if c in cols:
            continue
        column = scores[c] if c in scores.columns else frame[c]
        if c in categorical:
            text = column.map(lambda x: None if pd.isna(x) else str(x))
            levels = sorted(pd.unique(text.dropna()))
            for lv in levels[1:]:
                name = f"{c}[{lv}]"
                cols[name] = text.map(lambda x, lv=lv: np.nan if x is None else float(x == lv))
                cov_cols.append(name)
        else:
            cols[c] = column
            cov_cols.append(c)
    return pd.DataFrame(cols, index=frame.index), cov_cols


def _process_runs(hypotheses, frame, mean_scores, spec: AnalysisSpec, questionnaire, cfa_result, warnings) -> list:
    """PROCESS, on the analysis' construct scores, for each moderation / mediation hypothesis: its model, the
    spec's bootstrap resamples, interval type and seed; the controls as covariates."""
    from .process import process

    scores, used = mean_scores, "mean"
    if spec.scores == "factor":
        scores, used = _factor_scores(cfa_result, frame, mean_scores, warnings, "process")
    n_boot = spec.bootstrap
    if 0 < n_boot < 200:
        n_boot = 200
        warnings.append({"code": "process_bootstrap_raised", "where": "process",
                         "en": f"PROCESS needs at least 200 bootstrap resamples; the moderation and mediation "
                               f"hypotheses were tested with 200 instead of {spec.bootstrap}.",
                         "zh-Hans": f"PROCESS 至少需要 200 次自助重抽样；调节与中介假设按 200 次（而非 {spec.bootstrap} 次）检验。",
                         "zh-Hant": f"PROCESS 至少需要 200 次拔靴重抽樣；調節與中介假設按 200 次（而非 {spec.bootstrap} 次）檢定。"})
    if spec.ci == "bca":
        warnings.append({"code": "process_ci_bc", "where": "process",
                         "en": "PROCESS gives percentile or bias-corrected bootstrap intervals, not BCa: the moderation "
                               "and mediation hypotheses use bias-corrected intervals.",
                         "zh-Hans": "PROCESS 提供百分位或偏差校正自助法区间，不提供 BCa：调节与中介假设使用偏差校正区间。",
                         "zh-Hant": "PROCESS 提供百分位數或偏誤校正拔靴區間，不提供 BCa：調節與中介假設使用偏誤校正區間。"})
    controls_cat = _categorical_controls(frame, list(spec.controls), spec, questionnaire)
    out = []
    for h in hypotheses:
        data, covs = process_table(scores, frame, h.variables, spec.controls, controls_cat)
        cat = categorical_columns(frame, [h.moderator] if h.moderator and h.moderator not in scores.columns else [],
                                  spec.categorical, questionnaire)
        result = process(data, h.model, x=h.source, y=h.target, m=list(h.via) or None, w=h.moderator,
                         covariates=covs or None, categorical=cat or None, boot=n_boot,
                         ci=PROCESS_CI[spec.ci], seed=spec.seed)
        warnings.extend({"code": "note", "where": "process", **note_texts(n)} for n in result.notes)
        block = {"id": h.id, "kind": h.kind, "hypothesis": h.text(), "scores": used, **result.to_dict()}
        labels = level_labels(questionnaire, cat)
        if labels:
            block["level_labels"] = labels
        names = segment_names(questionnaire, h.variables)
        if names:
            block["variable_labels"] = names
        out.append({"hypothesis": h, "result": result, "block": block})
    return out


def _latent_mediation(h, effect_table, boot, pls_study) -> dict | None:
    """The hypothesis' specific indirect effect (and the direct effect X → Y) in the CB-SEM or PLS-SEM model, or
    None when the model does not hold the chain."""
    if pls_study is not None:
        paths = pls_study.table("paths")
        coef = {(r["rhs"], r["lhs"]): float(r["est"]) for r in paths.to_dict("records")}
        chain = (h.source, *h.via, h.target)
        if not all(pair in coef for pair in zip(chain, chain[1:])):
            return None
        pb = pls_study.bootstrap
        indirect = {"effect": float(np.prod([coef[pair] for pair in zip(chain, chain[1:])])), "se": None,
                    "boot.se": None, "ci.lower": None, "ci.upper": None, "ci.method": None}
        if pb is not None:
            t = pb.table("indirect")
            r = t[t["path"] == " → ".join(chain)]
            if not r.empty:
                r = r.iloc[0]
                indirect.update({"effect": float(r["estimate"]), "se": float(r["sd"]), "boot.se": float(r["sd"]),
                                 "ci.lower": float(r["ci.lower"]), "ci.upper": float(r["ci.upper"]), "ci.method": pb.ci,
                                 "pvalue": float(r["p"])})
        direct = None
        if (h.source, h.target) in coef:
            direct = {"effect": coef[(h.source, h.target)], "se": None, "ci.lower": None, "ci.upper": None,
                      "ci.method": None}
            if pb is not None:
                t = pb.table("paths")
                r = t[(t["from"] == h.source) & (t["to"] == h.target)]
                if not r.empty:
                    r = r.iloc[0]
                    direct.update({"effect": float(r["estimate"]), "se": float(r["sd"]), "pvalue": float(r["p"]),
                                   "ci.lower": float(r["ci.lower"]), "ci.upper": float(r["ci.upper"]),
                                   "ci.method": pb.ci})
        return {"source": "pls", "indirect": indirect, "direct": direct}
    if effect_table is None or effect_table.empty:
        return None
    t = effect_table
    rows = t[(t["type"] == "indirect") & (t["from"] == h.source) & (t["to"] == h.target)
             & t["via"].map(lambda v: tuple(v) == tuple(h.via))]
    if rows.empty:
        return None

    def numbers(r) -> dict:
        out = {"effect": float(r["est"]), "std": float(r["std"]), "se": float(r["se"]), "pvalue": float(r["pvalue"]),
               "ci.lower": float(r["ci.lower"]), "ci.upper": float(r["ci.upper"]), "ci.method": "delta"}
        if boot is not None:
            out.update({"se": float(r["boot.se"]), "boot.se": float(r["boot.se"]),
                        "ci.lower": float(r["boot.ci.lower"]), "ci.upper": float(r["boot.ci.upper"]),
                        "ci.method": boot.ci})
        return out

    d = t[(t["type"] == "direct") & (t["from"] == h.source) & (t["to"] == h.target)]
    return {"source": "sem", "indirect": numbers(rows.iloc[0]), "direct": None if d.empty else numbers(d.iloc[0])}


def _process_entry(run: dict, effect_table, boot, pls_study) -> dict:
    """The hypotheses entry of a PROCESS hypothesis (research.process.hypotheses.evaluate).  A mediation whose
    chain the CB-SEM (PLS-SEM) model holds is decided by the model's specific indirect effect with its bootstrap
    CI — latent, free of measurement error — and otherwise by PROCESS on the construct scores; ``source`` says
    which ("sem", "pls" or "process"), ``estimates`` holds both."""
    from .process.hypotheses import evaluate

    h = run["hypothesis"]
    latent = _latent_mediation(h, effect_table, boot, pls_study) if h.kind == "mediation" else None
    entry = evaluate(h, run["result"], latent=latent)
    entry["scores"] = run["block"]["scores"]
    return jsonable(entry)


# --------------------------------------------------------------------------------------
# `research process`: one PROCESS model on construct scores or data columns
# --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ProcessStudy:
    """One PROCESS model fitted to survey data as ``research analyze`` reads them (the same loader, mapping,
    screening and recoding), on construct scores for construct ids and on the data column for any other
    variable.  ``to_dict()`` is ``process.json``."""

    result: object                         # research.process.ProcessResult
    scores: str                            # "mean" or "factor" (None: no construct among the variables)
    labels: dict                           # construct names, item texts, segment questions (three languages)
    level_labels: dict                     # {segment: {code: {lang: option label}}} of categorical segments
    screened_out: list                     # rows excluded by the screening, with reasons
    warnings: list
    meta: dict

    def to_dict(self) -> dict:
        return jsonable({**self.result.to_dict(), "scores": self.scores, "labels": self.labels,
                         "level_labels": self.level_labels, "screened_out": self.screened_out,
                         "warnings": self.warnings, "meta": self.meta})

    def to_json(self, path=None) -> str:
        text = json.dumps(self.to_dict(), ensure_ascii=False, indent=2, allow_nan=False)
        if path is not None:
            from .outputs import write_text

            write_text(path, text)
        return text


def process_study(data, *, questionnaire=None, lavaan: str | None = None, mapping=None, screen: bool = True,
                  scores: str = "mean", model: int = 4, x: str, y: str, m=None, w: str | None = None,
                  z: str | None = None, covariates=(), categorical=None, center=False, se: str = "hc3",
                  boot: int = DEFAULT_BOOTSTRAP, ci: str = "percentile", level: float = 0.95, probe: str = "sd",
                  seed: int | None = DEFAULT_SEED) -> ProcessStudy:
    """Load ``data`` as :func:`analyze` does and run :func:`research.process` on it.

    Construct ids among the variables (``x``, ``y``, ``m``, ``w``, ``z``, ``covariates``) are replaced by their
    scores — mean item scores or the CFA's factor scores (``scores``) of the questionnaire's model (or of the
    lavaan ``lavaan`` measurement model); any other variable is a column of the data.  A moderator is
    categorical when named in ``categorical``, when it is one of the questionnaire's single-choice segments (with
    ``categorical`` None) or when it is not numeric; categorical covariates enter as indicator columns."""
    from types import SimpleNamespace

    from .process import process

    if scores not in SCORES:
        raise _invalid("scores", f'"{scores}"', "Use mean (mean item scores) or factor (CFA factor scores).",
                       "请使用 mean（题目均值）或 factor（CFA 因子得分）。", "請使用 mean（題目平均）或 factor（CFA 因素分數）。")
    q = load_questionnaire(questionnaire) if questionnaire is not None else None
    options = SimpleNamespace(mapping=mapping, screen=screen, screening={})
    frame, screened_out, sha, notes = _prepare(data, options, q)
    warnings = [{"code": "note", "where": "data", **note_texts(n)} for n in notes]
    model_text = lavaan if lavaan is not None else q.lavaan() if q is not None else None
    structure = cfa_model = None
    if model_text is not None:
        cfa_model = parse_model(model_text)
        structure = Structure.from_model(cfa_model)
        missing_cols = sorted(set(structure.observed_items) - set(frame.columns))
        if missing_cols and lavaan is None and set(missing_cols) <= {i.id for i in q.items}:
            q_used = q.without(missing_cols)
            cfa_model = parse_model(q_used.lavaan())
            structure = Structure.from_model(cfa_model)
            warnings.append(_items_left_out(missing_cols))
            missing_cols = []
        if missing_cols:
            raise _not_in_data(missing_cols)
        items = structure.observed_items
        text_cols = [c for c in items if not pd.api.types.is_numeric_dtype(frame[c])]
        if text_cols:
            numbers = {c: pd.to_numeric(frame[c], errors="coerce") for c in text_cols}
            warnings += _text_cells(frame, numbers)
            frame = frame.assign(**numbers)
    mediators = [m] if isinstance(m, str) else list(m or [])
    covs = [covariates] if isinstance(covariates, str) else list(covariates or [])
    variables = [v for v in (x, *mediators, y, w, z) if v]
    constructs = set(structure.constructs) if structure is not None else set()
    absent = [v for v in (*variables, *covs) if v not in constructs and v not in frame.columns]
    if absent:
        raise _invalid("variables", ", ".join(map(str, absent[:10])),
                       "Name constructs of the questionnaire (e.g. REL, SAT) or columns of the data (e.g. PLATFORM).",
                       "请使用问卷中的构念（如 REL、SAT）或数据中的列（如 PLATFORM）。",
                       "請使用問卷中的構念（如 REL、SAT）或資料中的欄（如 PLATFORM）。")
    used = None
    score_table = pd.DataFrame(index=frame.index)
    if any(v in constructs for v in (*variables, *covs)):
        cfa_result = None
        if scores == "factor":
            gaps = bool(frame[structure.observed_items].isna().to_numpy().any())
            cfa_result = cfa(cfa_model.measurement_only(), frame, start="simple", estimator="ML",
                             missing="fiml" if gaps else "listwise")
        score_table, used = construct_scores(frame, structure, scores, cfa_result, warnings)
    chosen = None if categorical is None else ([categorical] if isinstance(categorical, str) else list(categorical))
    data_vars = [v for v in (w, z, *covs) if v and v not in score_table.columns]
    cat = categorical_columns(frame, data_vars, chosen, q)
    table, cov_cols = process_table(score_table, frame, variables, covs, [c for c in cat if c in covs])
    mods = [v for v in (w, z) if v and v in cat]
    result = process(table, model, x=x, y=y, m=mediators or None, w=w, z=z, covariates=cov_cols or None,
                     categorical=mods or None, center=center, se=se, boot=boot, ci=ci, level=level, probe=probe,
                     seed=seed)
    warnings += [{"code": "note", "where": "process", **note_texts(n)} for n in result.notes]
    labels = labels_of(q)
    if q is not None:
        labels["segments"] = segment_names(q, [s.id for s in q.segments])
    spec = {"questionnaire": q.id if q is not None else None, "lavaan": lavaan,
            "mapping": mapping if isinstance(mapping, (str, type(None))) else "<dict>", "screen": screen,
            "scores": scores, "model": model, "x": x, "y": y, "m": mediators, "w": w, "z": z, "covariates": covs,
            "categorical": chosen, "center": center, "se": se, "boot": boot, "ci": ci, "level": level,
            "probe": probe, "seed": seed}
    meta = {"data_sha256": sha, "spec": spec, "seed": jsonable(result.seed), "versions": _versions()}
    return ProcessStudy(result=result, scores=used, labels=labels, level_labels=level_labels(q, mods),
                        screened_out=screened_out, warnings=warnings, meta=meta)
