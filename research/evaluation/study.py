"""Survey data evaluated with an index system, as ``research evaluate`` and ``research analyze`` read them.

>>> study = evaluation_study("datasets/lsq5_wjx_gbk.csv", "lsq5-index", weights="entropy", group="PLATFORM")
>>> study.to_dict()["evaluation"]          # EvaluationResult.to_dict() plus the rows the screening excluded
>>> study.scores_table()                   # every respondent × every node, 0–100
>>> study.workbook_tables("zh-Hans")       # the sheets of evaluation.xlsx

**Data in.**  A system whose leaves are bound to questionnaire items or constructs (``item:``, ``items:``,
``construct:``) reads a survey export through the toolkit's importer (:func:`research.load_responses`: 问卷星,
Qualtrics …, GBK or UTF-8, CSV, Excel or SPSS; columns matched to the questionnaire's items, ``mapping``
overrides) and screens it (:func:`research.screening.screen`; every excluded row is listed with its reasons).
The evaluated table holds the answers *as given* (the engine reverse-codes the items the questionnaire marks,
:mod:`research.evaluation.engine`), the segment questions (PLATFORM …) and any other column of the file a
``column:`` leaf or the ``group`` names.  A system whose leaves are plain columns or expert scores (the
e-commerce model of DOMAIN.md §7) reads the table as it is (:func:`research.io.load.load_table`), unscreened.

**AHP judgements** (``ahp``): workbook paths (one per expert, :func:`~research.evaluation.ahp.read_ahp_workbook`),
bytes, or matrices as :func:`~research.evaluation.engine.evaluate` takes them.  Several workbooks are several
experts (group AHP), named by their file names.

:func:`analysis_evaluation` is the ``evaluation`` block of ``research analyze``: the same evaluation on the
analysis's screened data.

**Weights from the questionnaire's model** (``weights="sem"`` / ``"lmg"``, :class:`DerivedWeights`): every node
whose children stand for different constructs of the questionnaire (:func:`construct_children`; the LSQ-5 root)
is weighted by the children's standardised SEM total effects on the outcome (default the satisfaction construct,
:func:`default_outcome`: the construct with the most construct predictors, as research analyze's driver analysis
chooses) or by their LMG shares of R² in the regression of the outcome on their mean scores (Lindeman, Merenda &
Gold 1980; Grömping 2006), normalised by :func:`research.marketing.weights_from`; the other nodes keep their own
method.  ``research evaluate`` and the app fit the questionnaire's standard model to the screened answers
(:func:`model_weights`); ``research analyze`` takes the numbers of its own SEM and driver analysis
(:func:`analysis_derived`).  The engine receives them as ``given`` weights; the weights table names the model
(SEM, estimator, N / LMG, N) and results.json's ``evaluation.derived`` records source, outcome, model, values and
weights.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import FileReadError, ResearchError, invalid_data, invalid_option
from ..jsonsafe import jsonable
from ..messages import note_texts
from .ahp import read_ahp_workbook
from .engine import METHOD_NAMES, OVERALL, WEIGHT_CHOICES, EvaluationResult, evaluate
from .system import IndexSystem, load_system

ITEM_BINDINGS = ("item", "items", "construct")
# keys of the ``evaluation`` option of research.analyze.AnalysisSpec (the evaluate() options it passes on)
EVALUATION_KEYS = ("system", "weights", "ahp", "aggregate", "expert_weights", "group", "operator", "level",
                   "normalisation", "min_n", "change", "outcome")


def reads_items(system: IndexSystem) -> bool:
    """Whether the system's leaves read questionnaire items (the data then go through the survey importer)."""
    return system.questionnaire is not None and any(system.nodes[k].binding in ITEM_BINDINGS for k in system.leaves)


# --------------------------------------------------------------------------
# data and judgements in
# --------------------------------------------------------------------------

def evaluation_frame(data, system: IndexSystem, *, group: str | None = None, mapping=None, sheet=None,
                     screen: bool = True, screening: Mapping | None = None):
    """(table to evaluate, ids (row, respondent) aligned with it, excluded rows, data sha256, notes).

    A DataFrame is taken as it is (no screening); a file or loaded responses are read as the module docstring
    says."""
    from ..responses import Responses

    if isinstance(data, pd.DataFrame):
        from ..analyze import _frame_sha256

        return data, _ids(None, len(data)), [], _frame_sha256(data), []
    if not isinstance(data, Responses) and not reads_items(system):
        from ..io.load import load_table

        table, sha = load_table(data, sheet=sheet)
        return table, _ids(None, len(table)), [], sha, []
    if not isinstance(data, Responses):
        from ..io import load_responses

        data = load_responses(data, system.questionnaire, mapping=mapping, sheet=sheet)
    notes = list(data.notes)
    excluded: list = []
    kept = data
    if screen:
        from ..screening import screen as run_screen

        s = run_screen(data, **dict(screening or {}))
        excluded = s.to_dict()["excluded"]
        notes += list(s.notes)
        kept = s.kept
    parts = [kept.answers]
    for extra in (kept.segments, kept.importance):
        parts.append(extra[[c for c in extra.columns if c not in pd.concat(parts, axis=1).columns]])
    frame = pd.concat(parts, axis=1)
    wanted = [c for c in (*system.columns, *([group] if group else [])) if c not in frame.columns]
    if wanted and kept.raw is not None:                  # a column: leaf or group that is no questionnaire item
        found = [c for c in wanted if c in kept.raw.columns]
        if found:
            frame = pd.concat([frame, kept.raw[found].set_axis(frame.index)], axis=1)
    ids = kept.meta[["row", "respondent"]].set_axis(frame.index)
    return frame, ids, excluded, data.source.sha256, notes


def _ids(_, n: int) -> pd.DataFrame:
    return pd.DataFrame({"row": np.arange(2, n + 2), "respondent": [None] * n})


def read_judgements(ahp):
    """The ``ahp`` argument of :func:`evaluate` from workbook paths / bytes (one per expert) or matrices.

    One workbook → {node: matrix}; several → {file name: {node: matrix}} (a list when two files share a name
    or a name is a node id).  An unreadable workbook's error names the file."""
    if ahp is None:
        return None, ()
    items = [ahp] if isinstance(ahp, (str, Path, bytes, bytearray)) else ahp
    if isinstance(items, Mapping) or not isinstance(items, (list, tuple)):
        return ahp, ()                                   # matrices already ({node: matrix} or {expert: …})
    if not items:
        return None, ()
    if not all(isinstance(x, (str, Path, bytes, bytearray)) for x in items):
        return list(items), ()
    books, names = [], []
    for k, item in enumerate(items):
        if isinstance(item, (bytes, bytearray)):
            name = f"expert {k + 1}"
        else:
            path = Path(item)
            if not path.is_file():
                raise FileReadError("file_not_found", file=str(item))
            name = path.name
        try:
            books.append(read_ahp_workbook(item if isinstance(item, (bytes, bytearray)) else str(item)))
        except ResearchError as exc:
            if exc.file is None:
                exc.file = name if isinstance(item, (bytes, bytearray)) else str(item)
                exc.args = (exc.message("zh-Hans") + "\n" + exc.message("en"),)
            raise
        names.append(name)
    if len(books) == 1:
        return books[0], tuple(names)
    return books, tuple(names)


def _named(books, names, system: IndexSystem):
    """Several experts' books keyed by their file names when the names are distinct and no node id."""
    if isinstance(books, list) and len(names) == len(books) and len(set(names)) == len(names) \
            and not any(n in system.nodes for n in names):
        return dict(zip(names, books))
    return books


# --------------------------------------------------------------------------
# the study
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class EvaluationStudy:
    """An index system evaluated on survey data; ``to_dict()`` is the results.json of ``research evaluate``."""

    result: EvaluationResult
    data: pd.DataFrame = field(repr=False)          # the evaluated table (answers as given, segments …)
    ids: pd.DataFrame = field(repr=False)           # row (as in the file), respondent — aligned with data
    excluded: list = field(default_factory=list)    # rows the screening excluded, with reasons
    experts: tuple = ()                             # the AHP workbooks' file names
    warnings: list = field(default_factory=list)
    meta: dict = field(default_factory=dict)
    derived: "DerivedWeights | None" = None         # weights "sem" / "lmg": where they came from

    def block(self) -> dict:
        """The ``evaluation`` block: :meth:`EvaluationResult.to_dict` with the excluded rows and the experts."""
        return evaluation_block(self.result, self.excluded, self.experts, derived=self.derived)

    def to_dict(self) -> dict:
        return jsonable({"n": self.result.n, "excluded": self.excluded, "evaluation": self.block(),
                         "warnings": self.warnings, "meta": self.meta})

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=1, allow_nan=False)

    def scores_table(self) -> pd.DataFrame:
        """Every respondent × every node (0–100), after the row in the file, the respondent and the segment."""
        r = self.result
        lead = self.ids.reset_index(drop=True)
        if r.group is not None:
            lead[r.group] = self.data[r.group].reset_index(drop=True)
        return pd.concat([lead, r.scores.reset_index(drop=True)], axis=1)

    def workbook_tables(self, lang: str = "en") -> dict:
        """{sheet name: DataFrame} of evaluation.xlsx in ``lang``: weights, scores, summary, fuzzy evaluation,
        ranking (with a group) and AHP consistency (when AHP weighted a node)."""
        return workbook_tables(self.result, lang, scores=self.scores_table())


def evaluation_block(result: EvaluationResult, excluded=(), experts=(), derived=None) -> dict:
    """:meth:`EvaluationResult.to_dict` with the rows the screening excluded, the AHP workbooks' names and the
    group question's text ({lang: text}, from the system's questionnaire; None when it has none).  With
    ``derived`` (:class:`DerivedWeights`): ``method`` is "sem" or "lmg" and ``derived`` says where the weights
    came from (source, outcome, model, N, the values and the weights per node, a sentence in three languages)."""
    from ..analyze import segment_names

    names = segment_names(result.system.questionnaire, [result.group]) if result.group else {}
    extra = {} if derived is None else {"method": derived.source, "derived": derived.to_dict(result.system)}
    return jsonable({**result.to_dict(), "excluded": list(excluded), "experts": list(experts),
                     "group_name": names.get(result.group), **extra})


def evaluation_study(data, system="lsq5-index", *, weights: str | None = None, ahp=None,
                     aggregate: str = "judgements", expert_weights=None, group: str | None = None,
                     level: float = 0.95, operator: str = "weighted_average", normalisation: str = "vector",
                     min_n: int = 30, change: float = 0.10, mapping=None, sheet=None, screen: bool = True,
                     screening: Mapping | None = None, outcome: str | None = None) -> EvaluationStudy:
    """Read ``data`` as the module docstring says and :func:`evaluate` it with ``system``.  With AHP workbooks
    (``ahp``) and no ``weights``, every node is weighted by AHP unless the system itself names AHP or a
    combination for some node.

    ``weights="sem"`` or ``"lmg"``: the nodes whose children are questionnaire constructs
    (:func:`construct_children`) are weighted by the standardised SEM total effects of those constructs on
    ``outcome`` (default: the questionnaire's satisfaction construct, :func:`default_outcome`) or by their LMG
    shares of R², from the questionnaire's standard model fitted to the screened answers (:func:`model_weights`);
    the other nodes keep their own method (AHP when workbooks are given, as above)."""
    from ..analyze import _versions

    system = load_system(system)
    source = None
    if weights in DERIVED_SOURCES:
        derived_plan(system, weights, outcome)              # checked before the data are read
        source, weights = weights, None
    books, experts = read_judgements(ahp)
    books = _named(books, experts, system)
    if books is not None and weights is None and not any(
            system.method_of(k) in ("ahp", "combined") for k in system.internal):
        weights = "ahp"
    frame, ids, excluded, sha, notes = evaluation_frame(data, system, group=group, mapping=mapping, sheet=sheet,
                                                        screen=screen, screening=screening)
    derived = None if source is None else model_weights(frame, system, source, outcome=outcome)
    result = evaluate(frame, system, weights=weights, ahp=books, aggregate=aggregate, expert_weights=expert_weights,
                      group=group, level=level, operator=operator, normalisation=normalisation, min_n=min_n,
                      change=change, given=None if derived is None else derived.given,
                      given_source="derived" if derived is None else derived.given_source)
    warnings = [{"code": "note", "where": "data", **note_texts(n)} for n in notes]
    warnings += [{"code": "note", "where": "evaluation", **note_texts(n)} for n in result.notes]
    spec = {"system": system.id, "system_file": system.file, "weights": source or weights, "ahp": list(experts),
            "aggregate": aggregate, "group": group, "level": level, "operator": operator,
            "normalisation": normalisation, "min_n": min_n, "change": change,
            "mapping": mapping if isinstance(mapping, (str, type(None))) else "<dict>", "sheet": sheet,
            "screen": screen, "screening": dict(screening or {}), "outcome": outcome}
    meta = {"command": "evaluate", "data_sha256": sha, "spec": spec, "versions": _versions()}
    return EvaluationStudy(result=result, data=frame, ids=ids, excluded=excluded, experts=experts,
                           warnings=warnings, meta=meta, derived=derived)


# --------------------------------------------------------------------------
# weights derived from the questionnaire's model (SEM total effects, LMG)
# --------------------------------------------------------------------------

#: weight choices of the front ends beyond the engine's methods: derived from the questionnaire's model
DERIVED_SOURCES = ("sem", "lmg")
WEIGHT_SOURCES = (*WEIGHT_CHOICES, *DERIVED_SOURCES)
DERIVED_NAMES = {
    "sem": {"en": "SEM total effects", "zh-Hans": "SEM 总效应", "zh-Hant": "SEM 總效果"},
    "lmg": {"en": "LMG shares of R²", "zh-Hans": "LMG 的 R² 份额", "zh-Hant": "LMG 的 R² 份額"},
}
_DERIVED_TEXT = {
    "sem": {"en": "{nodes}: weights from the standardized total effects of the dimensions on {outcome} in the "
                  "structural equation model ({origin}; {estimator}, N = {n}), normalised to sum 1",
            "zh-Hans": "{nodes}：权重取自结构方程模型中各维度对{outcome}的标准化总效应（{origin}；{estimator}，"
                       "N = {n}），归一化使其和为 1",
            "zh-Hant": "{nodes}：權重取自結構方程模型中各構面對{outcome}的標準化總效果（{origin}；{estimator}，"
                       "N = {n}），正規化使其和為 1"},
    "lmg": {"en": "{nodes}: weights from the LMG shares of R² in the regression of {outcome} on the dimension "
                  "scores ({origin}; N = {n}, R² = {r2}), normalised to sum 1",
            "zh-Hans": "{nodes}：权重取自{outcome}对各维度得分回归的 LMG R² 份额（{origin}；N = {n}，R² = {r2}），"
                       "归一化使其和为 1",
            "zh-Hant": "{nodes}：權重取自{outcome}對各構面分數迴歸的 LMG R² 份額（{origin}；N = {n}，R² = {r2}），"
                       "正規化使其和為 1"},
}
_ORIGIN = {
    "analysis": {"en": "the model of this analysis", "zh-Hans": "本次分析的模型", "zh-Hant": "本次分析的模型"},
    "standard": {"en": "the standard model of questionnaire {q}", "zh-Hans": "问卷 {q} 的标准模型",
                 "zh-Hant": "問卷 {q} 的標準模型"},
}


def construct_children(system: IndexSystem) -> dict:
    """{node: {child: construct}} for every node whose children each stand for a different construct of the
    system's questionnaire: a leaf bound to a construct, or a child whose leaves read only items of one
    construct (the LSQ-5 index: the root's children ECO … EMP, each with four items of its construct).  Nodes
    whose children are items of one construct, columns or expert scores are not among them."""
    q = system.questionnaire
    if q is None:
        return {}
    owner = {i: c.id for c in q.constructs for i in c.item_ids}

    def construct_of(node: str):
        n = system.nodes[node]
        leaves = [node] if n.is_leaf else [k for k in system.leaves if node in system.path(k)]
        if not leaves or any(system.nodes[k].binding not in ITEM_BINDINGS for k in leaves):
            return None
        found = {owner.get(c) for k in leaves for c in system.nodes[k].columns}
        return next(iter(found)) if len(found) == 1 and None not in found else None

    out = {}
    for node in system.internal:
        kids = system.children(node)
        cons = {c: construct_of(c) for c in kids}
        if len(kids) >= 2 and None not in cons.values() and len(set(cons.values())) == len(kids):
            out[node] = cons
    return out


def default_outcome(questionnaire) -> str | None:
    """The satisfaction construct of the questionnaire's model: the construct with the most construct
    predictors (as the driver analysis of research analyze chooses its target; SAT in LSQ-5)."""
    from ..sem import parse_model

    if questionnaire is None:
        return None
    model = parse_model(questionnaire.lavaan())
    ids = {c.id for c in questionnaire.constructs}
    regs = {k: [v for v in preds if v in ids] for k, preds in model.regressions.items() if k in ids}
    best = max(regs.items(), key=lambda kv: len(kv[1]), default=(None, []))
    return best[0] if best[1] else None


def derived_available(system: IndexSystem) -> bool:
    """Whether SEM/LMG weights can be offered: the system has nodes whose children are constructs and its
    questionnaire a satisfaction construct other than them."""
    nodes = construct_children(system)
    outcome = default_outcome(system.questionnaire)
    return bool(nodes) and outcome is not None and any(outcome not in m.values() for m in nodes.values())


def _names3(system: IndexSystem, nodes) -> dict:
    sep = {"en": ", ", "zh-Hans": "、", "zh-Hant": "、"}
    return {lang: sep[lang].join(system.name(k, lang) for k in nodes) for lang in ("en", "zh-Hans", "zh-Hant")}


def _construct_name(q, cid: str, lang: str) -> str:
    try:
        return q.construct(cid).label(lang)
    except (KeyError, TypeError, AttributeError):
        return cid


def derived_plan(system: IndexSystem, source: str, outcome: str | None = None) -> tuple[dict, str]:
    """({node: {child: construct}}, outcome) of :func:`construct_children` for ``source`` ("sem" or "lmg"),
    checked before any model is fitted: an error in three languages when the system has no such node, the
    outcome is no construct of the questionnaire, or a dimension is the outcome itself."""
    if source not in DERIVED_SOURCES:
        raise invalid_option("weights", repr(source)[:40], "Use sem or lmg.", "请使用 sem 或 lmg。",
                             "請使用 sem 或 lmg。")
    nodes = construct_children(system)
    if not nodes:
        raise invalid_option("weights", f"{source}: {system.id}", (
            "SEM/LMG weights need a node whose children are questionnaire constructs (each bound to a construct or "
            "to items of one); this index system has none. Choose another weight method."), (
            "SEM/LMG 权重需要子指标为问卷构念的节点（每个子指标绑定一个构念或同一构念的题目），本指标体系没有这样的节点；"
            "请改用其他赋权方法。"), (
            "SEM/LMG 權重需要子指標為問卷構念的節點（每個子指標繫結一個構念或同一構念的題目），本指標體系沒有這樣的節點；"
            "請改用其他賦權方法。"))
    q = system.questionnaire
    ids = [c.id for c in q.constructs]
    if outcome is None:
        outcome = default_outcome(q)
        if outcome is None:
            raise invalid_option("outcome", f"{q.id}: ∄", (
                f"Questionnaire '{q.id}' has no construct predicted by other constructs (a satisfaction construct); "
                f"name the outcome ({', '.join(ids)}) or choose another weight method."), (
                f"问卷“{q.id}”中没有由其他构念预测的构念（满意度构念）；请指定结果变量（{'、'.join(ids)}）或改用其他赋权方法。"), (
                f"問卷「{q.id}」中沒有由其他構念預測的構念（滿意度構念）；請指定結果變項（{'、'.join(ids)}）或改用其他賦權方法。"))
    if outcome not in ids:
        raise invalid_option("outcome", repr(outcome)[:40], f"Name a construct of questionnaire '{q.id}': "
                             f"{', '.join(ids)}.", f"请指定问卷“{q.id}”中的构念：{'、'.join(ids)}。",
                             f"請指定問卷「{q.id}」中的構念：{'、'.join(ids)}。")
    for node, cons in nodes.items():
        for child, cid in cons.items():
            if cid == outcome:
                names = {lang: system.name(child, lang) for lang in ("en", "zh-Hans", "zh-Hant")}
                raise invalid_option("outcome", f"{node}: {child} = {outcome}", (
                    f"'{names['en']}' is itself the outcome; name another outcome construct."), (
                    f"“{names['zh-Hans']}”本身就是结果变量；请指定另一个结果构念。"), (
                    f"「{names['zh-Hant']}」本身就是結果變項；請指定另一個結果構念。"))
    return nodes, outcome


@dataclass(frozen=True)
class DerivedWeights:
    """Weights of the nodes whose children are constructs, derived from the questionnaire's model:
    ``source`` "sem" (standardised total effects on ``outcome``) or "lmg" (LMG shares of R² in the regression
    of ``outcome`` on the node's construct scores); ``given`` is :func:`evaluate`'s argument."""

    source: str
    outcome: str
    constructs: dict                 # node → {child: construct}
    values: dict                     # node → {child: total effect / LMG}, as the model gave them
    given: dict                      # node → {child: weight} (research.marketing.weights_from of the values)
    model: dict                      # SEM: estimator, missing, n, lavaan; LMG: n, r2 and regression per node
    origin: str = "analysis"         # "analysis" (the analysis's own fit) or "standard" (fitted here)
    questionnaire: str | None = None

    @property
    def given_source(self) -> str:
        """The source the weights table names (language-neutral: method, estimator, N)."""
        if self.source == "sem":
            return f"SEM, {self.model.get('estimator')}, N = {self.model.get('n')}"
        return f"LMG, N = {self.model.get('n')}"

    def description(self, system: IndexSystem, lang: str = "en") -> str:
        """Where the weights come from, in ``lang`` (names, not codes)."""
        nodes = _names3(system, self.constructs)[lang]
        outcome = _construct_name(system.questionnaire, self.outcome, lang)
        origin = _ORIGIN[self.origin][lang].format(q=self.questionnaire or "")
        r2 = self.model.get("r2") or {}
        r2 = ", ".join(f"{v:.3f}".replace("0.", ".", 1) for v in r2.values()) if r2 else "—"
        return _DERIVED_TEXT[self.source][lang].format(nodes=nodes, outcome=outcome, origin=origin,
                                                      estimator=self.model.get("estimator"), n=self.model.get("n"),
                                                      r2=r2)

    def to_dict(self, system: IndexSystem | None = None) -> dict:
        out = {"source": self.source, "outcome": self.outcome, "origin": self.origin,
               "questionnaire": self.questionnaire, "nodes": list(self.constructs), "constructs": self.constructs,
               "values": self.values, "weights": self.given, "model": self.model, "given_source": self.given_source}
        if system is not None:
            out["outcome_name"] = {lang: _construct_name(system.questionnaire, self.outcome, lang)
                                   for lang in ("en", "zh-Hans", "zh-Hant")}
            out["text"] = {lang: self.description(system, lang) for lang in ("en", "zh-Hans", "zh-Hant")}
        return jsonable(out)


def _negative(system: IndexSystem, source: str, node: str, child: str, value: float, outcome_names: dict):
    n = {lang: system.name(child, lang) for lang in ("en", "zh-Hans", "zh-Hant")}
    v = f"{value:.3f}"
    return invalid_data(f"{node}: {child} → {value:.3f}", (
        f"'{n['en']}' has a negative total effect on {outcome_names['en']} ({v}); an index weight cannot be "
        "negative. Use LMG weights (--weights lmg), entropy, CRITIC or AHP, or check the items' coding."), (
        f"“{n['zh-Hans']}”对{outcome_names['zh-Hans']}的总效应为负（{v}），指数权重不能为负：请改用 LMG 权重（--weights lmg）、"
        "熵权法、CRITIC 或 AHP，或检查该维度题目的计分方向。"), (
        f"「{n['zh-Hant']}」對{outcome_names['zh-Hant']}的總效果為負（{v}），指數權重不能為負：請改用 LMG 權重（--weights lmg）、"
        "熵權法、CRITIC 或 AHP，或檢查此構面題目的計分方向。"), value=child)


def derived_weights(system: IndexSystem, source: str, *, outcome: str | None = None, total_effects=None,
                    lmg=None, model: dict | None = None, origin: str = "analysis") -> DerivedWeights:
    """The :class:`DerivedWeights` of ``system`` from numbers a model already gave.

    ``total_effects`` ("sem"): the effects table of :func:`research.effects.effects` (or a bootstrap's), whose
    standardised (``std``) total effects on ``outcome`` are taken; ``lmg`` ("lmg"): a function
    (outcome, [constructs]) → {construct: LMG} for the regression of ``outcome`` on the node's constructs
    (:func:`research.marketing.importance.lmg`), or {construct: LMG} of one regression on all of them.
    ``model``: what the weights table and results.json say of the model (estimator, N …).  Each node's
    values are normalised by :func:`research.marketing.weights_from`; a negative total effect is an error that
    names the dimension and suggests another method."""
    from ..marketing.index import weights_from

    nodes, outcome = derived_plan(system, source, outcome)
    model = dict(model or {})
    onames = {lang: _construct_name(system.questionnaire, outcome, lang) for lang in ("en", "zh-Hans", "zh-Hant")}
    values: dict = {}
    if source == "sem":
        t = total_effects
        total = t[(t["type"] == "total") & (t["to"] == outcome)].set_index("from")["std"]
        for node, cons in nodes.items():
            lacking = [c for c, k in cons.items() if k not in total.index]
            if lacking:
                n = {lang: system.name(lacking[0], lang) for lang in ("en", "zh-Hans", "zh-Hant")}
                raise invalid_data(f"{node}: {lacking[0]} ↛ {outcome}", (
                    f"The model has no path from '{n['en']}' to {onames['en']}, so no total effect to weight by: use "
                    "LMG weights, entropy, CRITIC or AHP, or name another outcome."), (
                    f"模型中没有从“{n['zh-Hans']}”到{onames['zh-Hans']}的路径，因而没有可作权重的总效应；请改用 LMG 权重、熵权法、"
                    "CRITIC 或 AHP，或指定另一个结果变量。"), (
                    f"模型中沒有從「{n['zh-Hant']}」到{onames['zh-Hant']}的路徑，因而沒有可作權重的總效果；請改用 LMG 權重、熵權法、"
                    "CRITIC 或 AHP，或指定另一個結果變項。"), value=lacking[0])
            values[node] = {c: float(total.loc[k]) for c, k in cons.items()}
    else:
        r2s, regs = {}, {}
        for node, cons in nodes.items():
            res = lmg(outcome, list(cons.values())) if callable(lmg) else lmg
            r2s[node] = float(getattr(res, "attrs", {}).get("r2", sum(float(res[k]) for k in cons.values())))
            res = dict(res)
            values[node] = {c: float(res[k]) for c, k in cons.items()}
            regs[node] = f"{outcome} ~ " + " + ".join(cons.values())
        model.setdefault("r2", r2s)
        model.setdefault("regression", regs)
    given = {}
    for node, vals in values.items():
        for child, v in vals.items():
            if v < 0:
                raise _negative(system, source, node, child, v, onames)
        try:
            given[node] = weights_from(vals)
        except ResearchError as exc:
            _at_node_detail(exc, node)
            raise
    return DerivedWeights(source=source, outcome=outcome, constructs=nodes, values=values, given=given,
                          model=jsonable(model), origin=origin,
                          questionnaire=system.questionnaire.id if system.questionnaire is not None else None)


def _at_node_detail(exc: ResearchError, node: str) -> None:
    if isinstance(exc.params.get("detail"), str):
        exc.params["detail"] = f"{node}: {exc.params['detail']}"
        exc.args = (exc.message("zh-Hans") + "\n" + exc.message("en"),)


def model_weights(frame: pd.DataFrame, system: IndexSystem, source: str, *, outcome: str | None = None,
                  recoded: bool = False, estimator: str = "ML") -> DerivedWeights:
    """:func:`derived_weights` from the questionnaire's standard model fitted to ``frame`` as research analyze
    fits it (:func:`research.sem.fit_sem` of the questionnaire's lavaan model with analyze's options — FIML when
    an item is missing, else listwise — and :func:`research.effects.effects`; LMG by
    :func:`research.marketing.importance.lmg` on the mean construct scores, half rule), so the weights equal
    those of ``research analyze`` on the same rows.  ``frame``: the answers as given (``recoded``: reverse-keyed
    items already recoded)."""
    from ..analyze import AnalysisSpec, _fit_options
    from ..effects import effects
    from ..marketing.importance import lmg as lmg_of
    from ..measurement import Structure, mean_scores
    from ..sem import fit_sem, parse_model

    nodes, outcome = derived_plan(system, source, outcome)
    q = system.questionnaire
    data = frame if recoded else answers_as_given(frame, q)          # the recoding is its own inverse
    model = parse_model(q.lavaan())
    structure = Structure.from_model(model)
    items = list(structure.observed_items)
    lacking = [i for i in items if i not in data.columns]
    if lacking:
        raise invalid_data(f"{q.id}: {', '.join(lacking[:6])} ∉ data", (
            f"The standard model of questionnaire '{q.id}' needs every item of its constructs; these are not in "
            "the data. Choose another weight method or give the whole questionnaire."), (
            f"问卷“{q.id}”的标准模型需要其全部构念题目，数据中缺少这些题目；请改用其他赋权方法或提供完整问卷数据。"), (
            f"問卷「{q.id}」的標準模型需要其全部構念題目，資料中缺少這些題目；請改用其他賦權方法或提供完整問卷資料。"),
            column=lacking[0])
    data = data.assign(**{i: pd.to_numeric(data[i], errors="coerce") for i in items})
    if source == "sem":
        missing = "fiml" if bool(data[items].isna().to_numpy().any()) else "listwise"
        spec = AnalysisSpec(questionnaire=q.id, estimator=estimator, missing=missing, bootstrap=0)
        fit = fit_sem(model, data, **_fit_options(spec))
        info = {"kind": "SEM", "estimator": estimator, "missing": missing, "n": int(fit.n),
                "converged": bool(fit.converged), "model": model.to_lavaan()}
        return derived_weights(system, source, outcome=outcome, total_effects=effects(fit), model=info,
                               origin="standard")
    scores = mean_scores(data, structure)
    ns = {}

    def run(out, preds):
        res = lmg_of(scores, out, preds)
        ns[len(ns)] = int(res.attrs.get("n", len(scores)))
        return res

    dw = derived_weights(system, source, outcome=outcome, lmg=run, model={"kind": "LMG"}, origin="standard")
    n = sorted(set(ns.values()))
    return replace(dw, model={**dw.model, "n": n[0] if len(n) == 1 else n})


# --------------------------------------------------------------------------
# research analyze's evaluation block
# --------------------------------------------------------------------------

def check_evaluation_option(value) -> dict | None:
    """The ``evaluation`` option of an analysis spec as a plain dict (``system`` required, the other keys
    :data:`EVALUATION_KEYS`); raises an OptionError in three languages otherwise."""
    if value is None:
        return None
    if isinstance(value, (str, Path)):
        value = {"system": str(value)}
    keys = ", ".join(EVALUATION_KEYS)
    if not isinstance(value, Mapping) or "system" not in value:
        raise invalid_option("evaluation", repr(value)[:60], "Give the evaluation as {'system': 'lsq5-index', "
                             "'weights': 'entropy', …} (an index-system template name or YAML path).",
                             "请以 {'system': 'lsq5-index', 'weights': 'entropy', …} 的形式给出评价设置（指标体系模板名或 "
                             "YAML 路径）。", "請以 {'system': 'lsq5-index', 'weights': 'entropy', …} 的形式提供評價設定"
                             "（指標體系範本名稱或 YAML 路徑）。")
    unknown = [str(k) for k in value if k not in EVALUATION_KEYS]
    if unknown:
        raise invalid_option("evaluation", ", ".join(unknown[:6]), f"Use only these keys: {keys}.",
                             f"只能使用以下键：{keys}。", f"只能使用以下鍵：{keys}。")
    return dict(value)


def evaluation_spec_dict(value: dict | None):
    """The evaluation option as results.json's meta.spec records it (matrices are not repeated)."""
    if value is None:
        return None
    out = {}
    for k, v in value.items():
        if k == "system":
            out[k] = v if isinstance(v, str) else getattr(v, "id", "<dict>")
        elif k == "ahp":
            items = [v] if isinstance(v, (str, Path)) else v
            out[k] = [str(x) for x in items] if isinstance(items, (list, tuple)) and all(
                isinstance(x, (str, Path)) for x in items) else "<matrices>"
        elif k == "expert_weights":
            out[k] = jsonable(list(v) if isinstance(v, (list, tuple)) else v)
        else:
            out[k] = v
    return out


def answers_as_given(frame: pd.DataFrame, questionnaire) -> pd.DataFrame:
    """The analysis table with the reverse-keyed items the importer recoded (points + 1 − x) turned back into
    the answers as given, which the evaluation engine reads (it reverse-codes them itself)."""
    if questionnaire is None:
        return frame
    back = {i.id: i.scale.points + 1 - pd.to_numeric(frame[i.id], errors="coerce")
            for i in questionnaire.items if i.reverse and i.id in frame.columns}
    return frame.assign(**back) if back else frame


def derived_source(option: dict | None, target: str | None = None) -> str | None:
    """"sem" or "lmg" when the evaluation option of an analysis asks for weights derived from the analysis's
    own model, checked against the index system before any fit (:func:`derived_plan`; the outcome is the
    option's ``outcome``, else the analysis's ``target``, else the questionnaire's satisfaction construct);
    None otherwise."""
    if option is None or option.get("weights") not in DERIVED_SOURCES:
        return None
    derived_plan(load_system(option["system"]), option["weights"], option.get("outcome") or target)
    return option["weights"]


def analysis_derived(option: dict, *, effects_table=None, sem_result=None, drivers_block=None, scores=None,
                     target: str | None = None) -> DerivedWeights:
    """The :class:`DerivedWeights` of ``research analyze`` from what the analysis computed — no second fit:
    "sem" takes the standardised total effects of its SEM (``effects_table``, the table results.json reports;
    ``sem_result`` for the estimator and N); "lmg" the LMG values of its driver analysis (``drivers_block``,
    results.json's ``drivers``) when the outcome and the drivers are the node's constructs, else the LMG of
    the outcome on the node's constructs computed from the analysis's mean construct ``scores``."""
    from ..marketing.importance import lmg as lmg_of

    source = option["weights"]
    system = load_system(option["system"])
    overall = drivers_block.get("overall") if isinstance(drivers_block, Mapping) else None
    outcome = option.get("outcome") or target or (
        drivers_block.get("target") if isinstance(drivers_block, Mapping) else None)
    if source == "sem":
        if effects_table is None or sem_result is None:
            raise invalid_data("SEM ∄", "The analysis's model has no structural part, so there are no total "
                               "effects to weight by; choose LMG weights or another weight method.",
                               "本次分析的模型没有结构部分，因而没有可作权重的总效应；请改用 LMG 权重或其他赋权方法。",
                               "本次分析的模型沒有結構部分，因而沒有可作權重的總效果；請改用 LMG 權重或其他賦權方法。")
        info = {"kind": "SEM", "estimator": getattr(sem_result, "estimator", None),
                "missing": getattr(sem_result, "missing", None), "n": int(sem_result.n),
                "converged": bool(sem_result.converged), "model": sem_result.model.to_lavaan()
                if hasattr(sem_result.model, "to_lavaan") else None}
        return derived_weights(system, source, outcome=outcome, total_effects=effects_table, model=info)
    ns: list = []

    def run(out, preds):
        if isinstance(overall, Mapping) and overall.get("outcome") == out \
                and set(overall.get("predictors") or ()) == set(preds):
            ns.append(int(overall["n"]))
            res = pd.Series({r["driver"]: float(r["lmg"]) for r in overall["drivers"]})
            res.attrs["r2"] = float(overall["r2"])
            return res
        res = lmg_of(scores, out, preds)
        ns.append(int(res.attrs.get("n", len(scores))))
        return res

    dw = derived_weights(system, source, outcome=outcome, lmg=run, model={"kind": "LMG"})
    n = sorted(set(ns))
    return replace(dw, model={**dw.model, "n": n[0] if len(n) == 1 else n})


def analysis_evaluation(frame: pd.DataFrame, option: dict, *, group: str | None, excluded=(), questionnaire=None,
                        recoded: bool = True, derived: DerivedWeights | None = None) -> tuple[dict, list]:
    """(the ``evaluation`` block, warnings) of ``research analyze``: :func:`evaluate` on the analysis's screened
    table (``recoded``: its reverse-keyed items were recoded by the importer and are turned back first).
    ``option``: :func:`check_evaluation_option`'s dict; its ``group`` defaults to the analysis's.  Weights
    "sem"/"lmg" need ``derived`` (:func:`analysis_derived`)."""
    opts = dict(option)
    opts.pop("outcome", None)
    if opts.get("weights") in DERIVED_SOURCES:
        if derived is None:
            raise invalid_option("weights", opts["weights"], "SEM/LMG weights come from the analysis's model: "
                                 "pass derived=analysis_derived(…).", "SEM/LMG 权重来自分析的模型：请传入 "
                                 "derived=analysis_derived(…)。", "SEM/LMG 權重來自分析的模型：請傳入 "
                                 "derived=analysis_derived(…)。")
        opts["weights"] = None
        opts["given"], opts["given_source"] = derived.given, derived.given_source
    system = load_system(opts.pop("system"))
    books, experts = read_judgements(opts.pop("ahp", None))
    books = _named(books, experts, system)
    if books is not None and opts.get("weights") is None and not any(
            system.method_of(k) in ("ahp", "combined") for k in system.internal):
        opts["weights"] = "ahp"
    opts.setdefault("group", group)
    data = answers_as_given(frame, questionnaire) if recoded else frame
    result = evaluate(data, system, ahp=books, **opts)
    warnings = [{"code": "note", "where": "evaluation", **note_texts(n)} for n in result.notes]
    return evaluation_block(result, excluded, experts, derived=derived), warnings


# --------------------------------------------------------------------------
# evaluation.xlsx
# --------------------------------------------------------------------------

_H = {
    "weights": {"en": "weights", "zh-Hans": "权重", "zh-Hant": "權重"},
    "scores": {"en": "scores", "zh-Hans": "得分", "zh-Hant": "分數"},
    "summary": {"en": "summary", "zh-Hans": "汇总", "zh-Hant": "彙總"},
    "fuzzy": {"en": "fuzzy evaluation", "zh-Hans": "模糊综合评价", "zh-Hant": "模糊綜合評價"},
    "ranking": {"en": "ranking", "zh-Hans": "排序", "zh-Hant": "排序"},
    "sensitivity": {"en": "sensitivity", "zh-Hans": "敏感性", "zh-Hant": "敏感度"},
    "ahp": {"en": "AHP", "zh-Hans": "AHP 一致性", "zh-Hant": "AHP 一致性"},
    "id": {"en": "id", "zh-Hans": "编号", "zh-Hant": "編號"},
    "name": {"en": "indicator", "zh-Hans": "指标", "zh-Hant": "指標"},
    "parent": {"en": "parent", "zh-Hans": "上级指标", "zh-Hant": "上層指標"},
    "level": {"en": "level", "zh-Hans": "层级", "zh-Hant": "層級"},
    "weight": {"en": "weight", "zh-Hans": "权重", "zh-Hant": "權重"},
    "global": {"en": "global weight", "zh-Hans": "综合权重", "zh-Hant": "綜合權重"},
    "stated": {"en": "stated weight", "zh-Hans": "给定权重", "zh-Hant": "給定權重"},
    "method": {"en": "method", "zh-Hans": "赋权方法", "zh-Hant": "賦權方法"},
    "source": {"en": "source", "zh-Hans": "来源", "zh-Hant": "來源"},
    "cr": {"en": "CR", "zh-Hans": "一致性比率 CR", "zh-Hant": "一致性比率 CR"},
    "segment": {"en": "segment", "zh-Hans": "分组", "zh-Hant": "分組"},
    "overall": {"en": "overall", "zh-Hans": "总体", "zh-Hant": "總體"},
    "missing": {"en": "missing", "zh-Hans": "缺失", "zh-Hant": "遺漏"},
    "mean": {"en": "mean", "zh-Hans": "均值", "zh-Hant": "平均數"},
    "sd": {"en": "SD", "zh-Hans": "标准差", "zh-Hant": "標準差"},
    "se": {"en": "SE", "zh-Hans": "标准误", "zh-Hant": "標準誤"},
    "ci_low": {"en": "CI lower", "zh-Hans": "置信区间下限", "zh-Hant": "信賴區間下限"},
    "ci_high": {"en": "CI upper", "zh-Hans": "置信区间上限", "zh-Hant": "信賴區間上限"},
    "grade": {"en": "grade", "zh-Hans": "等级", "zh-Hant": "等級"},
    "share": {"en": "share {g}", "zh-Hans": "{g}占比", "zh-Hant": "{g}占比"},
    "member": {"en": "membership {g}", "zh-Hans": "隶属度 {g}", "zh-Hant": "隸屬度 {g}"},
    "score": {"en": "weighted score", "zh-Hans": "加权得分", "zh-Hant": "加權分數"},
    "tie": {"en": "tie", "zh-Hans": "并列", "zh-Hant": "並列"},
    "closeness": {"en": "TOPSIS closeness C", "zh-Hans": "TOPSIS 贴近度 C", "zh-Hant": "TOPSIS 貼近度 C"},
    "topsis_rank": {"en": "TOPSIS rank", "zh-Hans": "TOPSIS 排名", "zh-Hant": "TOPSIS 排名"},
    "grey": {"en": "grey relational grade", "zh-Hans": "灰色关联度", "zh-Hant": "灰色關聯度"},
    "grey_rank": {"en": "grey relational rank", "zh-Hans": "灰色关联排名", "zh-Hant": "灰色關聯排名"},
    "row": {"en": "row", "zh-Hans": "行号", "zh-Hant": "列號"},
    "respondent": {"en": "respondent", "zh-Hans": "答卷编号", "zh-Hant": "答卷編號"},
    "expert": {"en": "expert", "zh-Hans": "专家", "zh-Hant": "專家"},
    "group_matrix": {"en": "group", "zh-Hans": "群组", "zh-Hant": "群體"},
    "lambda": {"en": "λmax", "zh-Hans": "λmax", "zh-Hant": "λmax"},
    "ci": {"en": "CI", "zh-Hans": "一致性指标 CI", "zh-Hant": "一致性指標 CI"},
    "consistent": {"en": "CR < 0.10", "zh-Hans": "CR < 0.10", "zh-Hant": "CR < 0.10"},
    "yes": {"en": "yes", "zh-Hans": "是", "zh-Hant": "是"},
    "no": {"en": "no", "zh-Hans": "否", "zh-Hant": "否"},
    "method_name": {"en": "method", "zh-Hans": "方法", "zh-Hant": "方法"},
    "perturbation": {"en": "weight change", "zh-Hans": "权重变动", "zh-Hant": "權重變動"},
    "rank_of": {"en": "rank {s}", "zh-Hans": "{s} 排名", "zh-Hant": "{s} 排名"},
    "changed": {"en": "ranking changed", "zh-Hans": "排序改变", "zh-Hant": "排序改變"},
}


def text(key: str, lang: str, **kw) -> str:
    return _H[key][lang].format(**kw)


def method_name(method, lang: str) -> str:
    """A weight method's name in ``lang`` (stated, equal, ahp, entropy … as the engine names them)."""
    if method is None or (isinstance(method, float) and np.isnan(method)):
        return ""
    return {**METHOD_NAMES, **DERIVED_NAMES}.get(method, {}).get(lang, str(method))


def grade_name(system: IndexSystem, zh_hans, lang: str) -> str:
    """The grade whose Simplified Chinese name is ``zh_hans`` in ``lang`` ("" for none)."""
    if zh_hans is None or (isinstance(zh_hans, float) and np.isnan(zh_hans)):
        return ""
    g = next((g for g in system.grades if g.zh_hans == zh_hans), None)
    return g.name(lang) if g is not None else str(zh_hans)


def _sources(result: EvaluationResult, lang: str) -> list[str]:
    """Each node's weighting in detail, in ``lang`` (group AHP with its aggregation and experts, the combination
    rule …), as the report's indicator table names it (:func:`research.evaluation.tables.method_name`)."""
    from .tables import method_name as detailed

    d = result.to_dict()
    w = result.weights
    return [detailed(d, p, m, lang) if isinstance(m, str) else "" for p, m in zip(w["parent"], w["method"])]


def workbook_tables(result: EvaluationResult, lang: str = "en", *, scores: pd.DataFrame | None = None) -> dict:
    """The sheets of evaluation.xlsx (see :meth:`EvaluationStudy.workbook_tables`)."""
    system = result.system

    def name(node):
        return "" if node is None or (isinstance(node, float) and np.isnan(node)) else system.name(node, lang)

    def segment(s):
        return text("overall", lang) if s == OVERALL else result.segment_label(str(s), lang)

    sheets = {}
    w = result.weights
    sheets[text("weights", lang)] = pd.DataFrame({
        text("id", lang): w["node"], text("name", lang): [name(k) for k in w["node"]],
        text("parent", lang): [name(p) for p in w["parent"]], text("level", lang): w["level"],
        text("weight", lang): w["weight"], text("global", lang): w["global_weight"],
        text("stated", lang): w["stated"], text("method", lang): [method_name(m, lang) for m in w["method"]],
        text("source", lang): _sources(result, lang), text("cr", lang): w["CR"]})
    if scores is None:
        scores = result.scores.reset_index(drop=True)
    sheets[text("scores", lang)] = scores.rename(columns={"row": text("row", lang),
                                                          "respondent": text("respondent", lang)})
    s = result.summary
    summary = pd.DataFrame({
        text("segment", lang): [segment(x) for x in s["segment"]], text("id", lang): s["node"],
        text("name", lang): [name(k) for k in s["node"]], "n": s["n"], text("missing", lang): s["n_missing"],
        text("mean", lang): s["mean"], text("sd", lang): s["sd"], text("se", lang): s["se"],
        text("ci_low", lang): s["ci_low"], text("ci_high", lang): s["ci_high"],
        text("grade", lang): [grade_name(system, g, lang) for g in s["grade"]]})
    for g in system.grades:
        summary[text("share", lang, g=g.name(lang))] = s[f"share[{g.zh_hans}]"]
    sheets[text("summary", lang)] = summary
    frames = []
    for seg, hier in result.fuzzy.items():
        t = hier.table()
        out = pd.DataFrame({text("segment", lang): segment(seg), text("id", lang): t["node"],
                            text("name", lang): [name(k) for k in t["node"]], text("level", lang): t["level"]})
        for g in system.grades:
            out[text("member", lang, g=g.name(lang))] = t[f"B[{g.zh_hans}]"]
        out[text("grade", lang)] = [grade_name(system, g, lang) for g in t["grade"]]
        out[text("tie", lang)] = [text("yes" if x else "no", lang) for x in t["tie"]]
        out[text("score", lang)] = t["score"]
        frames.append(out)
    if frames:
        sheets[text("fuzzy", lang)] = pd.concat(frames, ignore_index=True)
    if result.ranking is not None:
        r = result.ranking
        top, grey = r["topsis"], r["grey_relational"]
        segs = list(top.alternatives)
        sheets[text("ranking", lang)] = pd.DataFrame({
            text("segment", lang): [segment(x) for x in segs], "n": [int(r["n"][x]) for x in segs],
            "D+": [top.d_plus[x] for x in segs], "D-": [top.d_minus[x] for x in segs],
            text("closeness", lang): [top.closeness[x] for x in segs],
            text("topsis_rank", lang): [int(top.rank[x]) for x in segs],
            text("grey", lang): [grey.grade[x] for x in segs],
            text("grey_rank", lang): [int(grey.rank[x]) for x in segs]})
        sens = []
        for key, res in (("TOPSIS", r["topsis_sensitivity"]), ("GRA", r["grey_sensitivity"])):
            t = res.table()
            out = pd.DataFrame({text("method_name", lang): key, text("name", lang): [name(c) for c in t["criterion"]],
                                text("perturbation", lang): t["change"]})
            for x in segs:
                if f"rank[{x}]" in t:
                    out[text("rank_of", lang, s=segment(x))] = t[f"rank[{x}]"]
            out[text("changed", lang)] = [text("yes" if c else "no", lang) for c in t["ranking_changed"]]
            sens.append(out)
        sheets[text("sensitivity", lang)] = pd.concat(sens, ignore_index=True)
    if result.ahp:
        rows = []
        for node, res in result.ahp.items():
            parts = [(text("group_matrix", lang) if hasattr(res, "experts") else "", getattr(res, "group", res))]
            if hasattr(res, "experts"):
                parts += [(str(who), e) for who, e in zip(res.expert_weights.index, res.experts)]
            for who, a in parts:
                if a is None:
                    continue
                rows.append({text("id", lang): node, text("name", lang): name(node), text("expert", lang): who,
                             text("lambda", lang): a.lambda_max, text("ci", lang): a.ci, "RI": a.ri,
                             text("cr", lang): a.cr, text("consistent", lang): text("yes" if a.consistent else "no",
                                                                                     lang)})
        sheets[text("ahp", lang)] = pd.DataFrame(rows)
    return sheets
