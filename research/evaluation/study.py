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
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import FileReadError, ResearchError, invalid_option
from ..jsonsafe import jsonable
from ..messages import note_texts
from .ahp import read_ahp_workbook
from .engine import METHOD_NAMES, OVERALL, EvaluationResult, evaluate
from .system import IndexSystem, load_system

ITEM_BINDINGS = ("item", "items", "construct")
# keys of the ``evaluation`` option of research.analyze.AnalysisSpec (the evaluate() options it passes on)
EVALUATION_KEYS = ("system", "weights", "ahp", "aggregate", "expert_weights", "group", "operator", "level",
                   "normalisation", "min_n", "change")


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

    def block(self) -> dict:
        """The ``evaluation`` block: :meth:`EvaluationResult.to_dict` with the excluded rows and the experts."""
        return evaluation_block(self.result, self.excluded, self.experts)

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


def evaluation_block(result: EvaluationResult, excluded=(), experts=()) -> dict:
    """:meth:`EvaluationResult.to_dict` with the rows the screening excluded, the AHP workbooks' names and the
    group question's text ({lang: text}, from the system's questionnaire; None when it has none)."""
    from ..analyze import segment_names

    names = segment_names(result.system.questionnaire, [result.group]) if result.group else {}
    return jsonable({**result.to_dict(), "excluded": list(excluded), "experts": list(experts),
                     "group_name": names.get(result.group)})


def evaluation_study(data, system="lsq5-index", *, weights: str | None = None, ahp=None,
                     aggregate: str = "judgements", expert_weights=None, group: str | None = None,
                     level: float = 0.95, operator: str = "weighted_average", normalisation: str = "vector",
                     min_n: int = 30, change: float = 0.10, mapping=None, sheet=None, screen: bool = True,
                     screening: Mapping | None = None) -> EvaluationStudy:
    """Read ``data`` as the module docstring says and :func:`evaluate` it with ``system``.  With AHP workbooks
    (``ahp``) and no ``weights``, every node is weighted by AHP unless the system itself names AHP or a
    combination for some node."""
    from ..analyze import _versions

    system = load_system(system)
    books, experts = read_judgements(ahp)
    books = _named(books, experts, system)
    if books is not None and weights is None and not any(
            system.method_of(k) in ("ahp", "combined") for k in system.internal):
        weights = "ahp"
    frame, ids, excluded, sha, notes = evaluation_frame(data, system, group=group, mapping=mapping, sheet=sheet,
                                                        screen=screen, screening=screening)
    result = evaluate(frame, system, weights=weights, ahp=books, aggregate=aggregate, expert_weights=expert_weights,
                      group=group, level=level, operator=operator, normalisation=normalisation, min_n=min_n,
                      change=change)
    warnings = [{"code": "note", "where": "data", **note_texts(n)} for n in notes]
    warnings += [{"code": "note", "where": "evaluation", **note_texts(n)} for n in result.notes]
    spec = {"system": system.id, "system_file": system.file, "weights": weights, "ahp": list(experts),
            "aggregate": aggregate, "group": group, "level": level, "operator": operator,
            "normalisation": normalisation, "min_n": min_n, "change": change,
            "mapping": mapping if isinstance(mapping, (str, type(None))) else "<dict>", "sheet": sheet,
            "screen": screen, "screening": dict(screening or {})}
    meta = {"command": "evaluate", "data_sha256": sha, "spec": spec, "versions": _versions()}
    return EvaluationStudy(result=result, data=frame, ids=ids, excluded=excluded, experts=experts,
                           warnings=warnings, meta=meta)


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


def analysis_evaluation(frame: pd.DataFrame, option: dict, *, group: str | None, excluded=(), questionnaire=None,
                        recoded: bool = True) -> tuple[dict, list]:
    """(the ``evaluation`` block, warnings) of ``research analyze``: :func:`evaluate` on the analysis's screened
    table (``recoded``: its reverse-keyed items were recoded by the importer and are turned back first).
    ``option``: :func:`check_evaluation_option`'s dict; its ``group`` defaults to the analysis's."""
    opts = dict(option)
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
    return evaluation_block(result, excluded, experts), warnings


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
    return METHOD_NAMES.get(method, {}).get(lang, str(method))


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
