"""Evaluation index systems (评价指标体系) as YAML files: an indicator tree of any depth.

>>> system = load_system("lsq5-index")            # a shipped template, a path, YAML text or a dict
>>> system.leaves, system.children("LSQ"), system.name("ECO", "zh-Hant")

The schema is in ``questionnaires/indices/SCHEMA.md``; the shipped templates are the ``*.yaml`` files beside it
(:func:`list_systems`).  A system is a tree (``tree:``, nested ``children:``) or a flat list of nodes that name
their ``parent:`` (``nodes:``, the layout of a 一级/二级/三级 indicator table).  Every node has an ``id`` and a
name in up to three languages; how a node's children are weighted is

* ``stated`` — every child carries ``weight:``; the children's weights sum to 1, to 100 or to the node's own
  weight (DOMAIN.md §7 writes weights as points: the children of 商品、服务特征 (6) are 2 + 2 + 2), and are
  used as the shares w_i / Σ w;
* ``equal`` — 1/k each;
* ``ahp`` — Saaty's pairwise comparisons (:func:`research.evaluation.ahp`), from an ``ahp:`` matrix in the
  file (children order; a node with ``ahp:`` and no ``weights:`` is weighted by it) or from the experts'
  workbook at evaluation time;
* ``entropy`` / ``critic`` / ``cv`` — from the data (:mod:`research.evaluation.weights`);
* ``combined`` — a subjective source (AHP, else the stated weights) combined with an objective one.

A leaf is bound to one questionnaire ``item``, several ``items`` (their mean), a ``construct`` of the
questionnaire (the mean of its items), a data ``column`` with the ``range`` its values run over, or is scored by
experts against five-level ``standards`` (the data column then holds 0–100 scores or grade names).  ``direction:
cost`` marks an indicator where less is better.  Leaves are rescaled to 0–100 (I = (x − min)/(max − min)·100, or
(max − x)/(max − min)·100 for a cost) and rolled up E = Σ wᵢ·Iᵢ level by level (DOMAIN.md §7).

Grades default to DOMAIN.md §6: 优 [85, 100], 良 [75, 85), 中 [60, 75), 低 [40, 60), 差 [0, 40); each grade has a
score (default: the middle of its band, 92.5, 80, 67.5, 50, 20) used for an expert's grade and for the weighted
score of a fuzzy evaluation (where every leaf is a rating item with one point per grade and the file gives no
scores, the fuzzy evaluation scores the grades as those answers instead: :mod:`research.evaluation.engine`).

Every schema error is an :class:`~research.errors.IndexSystemError` that names the node (its id and position),
in three languages: children's weights that do not sum, a leaf bound to nothing or to two sources (or to an item
the questionnaire does not have, or to one item twice), a parent that does not exist, a cycle of parents, a node
given twice, an ``ahp:`` matrix that is not reciprocal or that the node's method does not use, standards that miss
a grade or give one twice, ``direction: cost`` on an expert-scored leaf.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..errors import IndexSystemError, ResearchError
from ..marketing.index import DEFAULT_GRADES, _check_grades
from ..questionnaire import Questionnaire, load_questionnaire
from ..safeyaml import UniqueKeyLoader, is_yaml_text, load_yaml
from ..scales import LANGS

SYSTEM_DIR = Path(__file__).resolve().parent.parent.parent / "questionnaires" / "indices"
SCHEMA_VERSION = 1
METHODS = ("stated", "equal", "ahp", "entropy", "critic", "cv", "combined")
DATA_METHODS = ("entropy", "critic", "cv")
DIRECTIONS = ("benefit", "cost")
BINDINGS = ("item", "items", "construct", "column", "standards")
ENTROPY_VARIANTS = ("direction_normalised", "raw")
COMBINE_RULES = ("linear", "multiplicative")
_IDENT = re.compile(r"^[A-Za-z\u4e00-\u9fff][A-Za-z0-9_\u4e00-\u9fff.-]{0,59}$")
_SUM_TOL = 1e-6

_TOP_KEYS = ("schema_version", "id", "title", "source", "questionnaire", "scale", "grades", "boundary", "weights",
             "combine", "entropy", "ahp_method", "ri", "tree", "nodes")
_NODE_KEYS = ("id", "name", "parent", "weight", "weights", "ahp", "children", "direction", "range", "note",
              *BINDINGS)


@dataclass(frozen=True)
class IndicatorNode:
    """One node of the tree.  ``level`` is 0 at the root; ``children`` in the file's order."""

    id: str
    name: dict
    parent: str | None
    children: tuple[str, ...]
    level: int
    weight: float | None = None          # as written: a share or points
    method: str | None = None            # how the children are weighted (internal nodes)
    ahp: tuple | None = None             # judgement matrix over the children (rows/columns in children order)
    binding: str | None = None           # leaves: item | items | construct | column | standards
    columns: tuple[str, ...] = ()        # leaves: the data columns read
    direction: str = "benefit"
    range: tuple[float, float] | None = None   # leaves: the values' (min, max), rescaled to 0–100
    reversed: tuple[str, ...] = ()       # item columns the questionnaire reverse-codes
    standards: dict | None = None        # expert leaves: grade (zh-Hans name) → {lang: text}
    note: dict = field(default_factory=dict)

    @property
    def is_leaf(self) -> bool:
        return not self.children

    def label(self, lang: str = "en") -> str:
        return self.name.get(lang) or self.name.get("en") or next(iter(self.name.values()), self.id)


@dataclass(frozen=True)
class IndexSystem:
    """A validated indicator tree with its grades and default weight settings."""

    id: str
    title: dict
    nodes: dict                          # id → IndicatorNode, root first, then depth-first in file order
    root: str
    grades: tuple                        # research.marketing.index.Grade, highest band first
    grade_scores: tuple                  # one score on 0–100 per grade
    boundary: str = "lower"
    grade_scores_stated: bool = False    # the file gave the scores (else the band middles)
    method: str | None = None            # the file's default weight method
    combine: dict = field(default_factory=lambda: {"subjective": "ahp", "objective": "entropy", "alpha": 0.5,
                                                   "rule": "linear"})
    entropy: str = "direction_normalised"
    ahp_method: str = "eigenvector"
    ri: str = "saaty1980"
    questionnaire: Questionnaire | None = None
    source: str | None = None
    file: str | None = None

    # --- lookups -----------------------------------------------------------
    def node(self, node_id: str) -> IndicatorNode:
        return self.nodes[node_id]

    def children(self, node_id: str) -> tuple[str, ...]:
        return self.nodes[node_id].children

    @property
    def leaves(self) -> tuple[str, ...]:
        return tuple(k for k, n in self.nodes.items() if n.is_leaf)

    @property
    def internal(self) -> tuple[str, ...]:
        """Nodes with children, root first; bottom-up order is ``reversed(system.internal)``."""
        return tuple(k for k, n in self.nodes.items() if not n.is_leaf)

    @property
    def depth(self) -> int:
        """Number of levels below the root (a root with leaf children has depth 1)."""
        return max(n.level for n in self.nodes.values())

    def at_level(self, level: int) -> tuple[str, ...]:
        return tuple(k for k, n in self.nodes.items() if n.level == level)

    def path(self, node_id: str) -> tuple[str, ...]:
        """Ids from the root down to ``node_id``."""
        out = [node_id]
        while self.nodes[out[-1]].parent is not None:
            out.append(self.nodes[out[-1]].parent)
        return tuple(reversed(out))

    def name(self, node_id: str, lang: str = "en") -> str:
        return self.nodes[node_id].label(lang)

    def title_in(self, lang: str = "en") -> str:
        return self.title.get(lang) or self.title.get("en") or next(iter(self.title.values()), self.id)

    def grade_names(self, lang: str = "zh-Hans") -> tuple[str, ...]:
        return tuple(g.name(lang) for g in self.grades)

    @property
    def columns(self) -> tuple[str, ...]:
        """Every data column a leaf reads, in tree order, each once."""
        return tuple(dict.fromkeys(c for k in self.leaves for c in self.nodes[k].columns))

    def stated_shares(self, node_id: str) -> dict | None:
        """The children's stated weights as shares summing to 1, or None when the children carry no weights."""
        kids = self.children(node_id)
        ws = [self.nodes[c].weight for c in kids]
        if not kids or any(w is None for w in ws):
            return None
        total = sum(ws)
        return {c: w / total for c, w in zip(kids, ws)}

    def method_of(self, node_id: str) -> str:
        """How the children of ``node_id`` are weighted: the node's own ``weights:``, else ``ahp`` when the node
        carries an ``ahp:`` matrix, else ``stated`` when its children carry weights, else the file's default
        (``equal`` when the file names none)."""
        n = self.nodes[node_id]
        if n.method:
            return n.method
        if n.ahp is not None:
            return "ahp"
        if self.stated_shares(node_id) is not None:
            return "stated"
        return self.method or "equal"

    def ahp_nodes(self) -> dict:
        """{node: its children} for every node with two or more children — the sheets of the experts' AHP
        workbook (:func:`research.evaluation.ahp.ahp_workbook`)."""
        return {k: list(self.children(k)) for k in self.internal if len(self.children(k)) >= 2}

    def display_names(self) -> dict:
        """{node id: {lang: name}} for every node (for the AHP workbook and figures)."""
        return {k: {lang: n.label(lang) for lang in LANGS} for k, n in self.nodes.items()}

    def to_dict(self) -> dict:
        """The system as plain data (for results.json): nodes in tree order with their settings."""
        return {
            "id": self.id, "title": dict(self.title), "source": self.source, "root": self.root,
            "questionnaire": None if self.questionnaire is None else self.questionnaire.id,
            "boundary": self.boundary, "default_method": self.method, "combine": dict(self.combine),
            "entropy": self.entropy, "ahp_method": self.ahp_method, "ri": self.ri,
            "grades": [{"lower": g.lower, "name": {"zh-Hans": g.zh_hans, "zh-Hant": g.zh_hant, "en": g.en},
                        "score": s} for g, s in zip(self.grades, self.grade_scores)],
            "nodes": [{"id": n.id, "name": dict(n.name), "parent": n.parent, "level": n.level,
                       "children": list(n.children), "weight": n.weight,
                       "method": None if n.is_leaf else self.method_of(n.id),
                       "binding": n.binding, "columns": list(n.columns), "direction": n.direction,
                       "range": None if n.range is None else list(n.range), "reversed": list(n.reversed),
                       "standards": n.standards} for n in self.nodes.values()],
        }


# --------------------------------------------------------------------------
# loading
# --------------------------------------------------------------------------

def list_systems() -> list[str]:
    """Names of the shipped index-system templates."""
    return sorted(p.stem for p in SYSTEM_DIR.glob("*.yaml"))


def load_system(source, *, name: str | None = None, questionnaire=None) -> IndexSystem:
    """An index system from a template name (:func:`list_systems`), a YAML path, YAML text or bytes (an upload),
    a binary file object or a dict.  ``questionnaire`` (a :class:`~research.questionnaire.Questionnaire`, a
    template name or a path) overrides the file's ``questionnaire:``; a relative path in the file is read from
    the file's folder, else from the shipped templates."""
    if isinstance(source, IndexSystem):
        return source
    base = None
    if isinstance(source, dict):
        return _Builder(name or "<dict>", base, questionnaire).build(source)
    if hasattr(source, "read"):
        name = name or Path(str(getattr(source, "name", "") or "<upload>")).name
        source = source.read()
    if is_yaml_text(source):
        shown = name or ("<upload>" if not isinstance(source, str) else "<text>")
        raw = load_yaml(source, shown, loader=UniqueKeyLoader, error=IndexSystemError)
        return _Builder(shown, base, questionnaire).build(raw)
    path = Path(str(source))
    if not path.suffix and not path.exists():
        candidate = SYSTEM_DIR / f"{path.name}.yaml"
        if not candidate.exists():
            raise IndexSystemError("sys_not_found", name=str(source), templates=", ".join(list_systems()))
        path = candidate
    if not path.is_file():
        raise IndexSystemError("sys_not_found", file=path, name=str(source), templates=", ".join(list_systems()))
    shown = name or path.name
    raw = load_yaml(path, shown, loader=UniqueKeyLoader, error=IndexSystemError)
    return _Builder(shown, path.parent, questionnaire).build(raw)


def _kind(v) -> tuple[str, str, str]:
    en = {dict: "a mapping", list: "a list", str: "text", type(None): "nothing", bool: "true/false"}
    zh = {dict: "映射", list: "列表", str: "文字", type(None): "空值", bool: "是/否值"}
    zt = {dict: "映射", list: "清單", str: "文字", type(None): "空值", bool: "是/否值"}
    t = type(v)
    return en.get(t, t.__name__), zh.get(t, t.__name__), zt.get(t, t.__name__)


def _number(v) -> float | None:
    """A finite number from a YAML scalar (int, float, or text such as "1/3"); None otherwise."""
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        return float(v) if math.isfinite(v) else None
    if isinstance(v, str):
        text = v.strip()
        m = re.fullmatch(r"([0-9]+(?:\.[0-9]+)?)\s*/\s*([0-9]+(?:\.[0-9]+)?)", text)
        try:
            x = float(m.group(1)) / float(m.group(2)) if m else float(text)
        except (ValueError, ZeroDivisionError):
            return None
        return x if math.isfinite(x) else None
    return None


def _few(ids, k: int = 10) -> str:
    """Ids for a message: all of them, or the first ``k`` and how many more (a message of bounded length)."""
    ids = list(ids)
    return ", ".join(ids) if len(ids) <= k + 2 else ", ".join(ids[:k]) + f", … (+{len(ids) - k})"


class _Builder:
    """Validates a parsed index-system document and builds the :class:`IndexSystem`."""

    def __init__(self, file: str, base: Path | None, questionnaire):
        self.file, self.base, self.q_override = file, base, questionnaire

    # --- messages -------------------------------------------------------------
    def fail(self, where: str, en: str, zh: str, zh_hant: str | None = None, value=None):
        raise IndexSystemError("sys_schema", file=self.file, node=where, value=value, problem_en=en,
                               problem_zh=zh, problem_zh_hant=zh_hant or zh)

    @staticmethod
    def where(node_id, position: str = "") -> str:
        return f"{position} '{node_id}'".strip() if node_id is not None else (position or "(top)")

    def texts(self, value, where: str, required: bool = False) -> dict:
        if value is None:
            if required:
                self.fail(where, "the text is missing", "缺少文字", "缺少文字")
            return {}
        if isinstance(value, str) and value.strip():
            return {lang: value.strip() for lang in LANGS}
        if isinstance(value, dict) and value:
            out = {}
            for lang, text in value.items():
                if lang not in LANGS:
                    self.fail(where, f"unknown language '{lang}' (use {', '.join(LANGS)})",
                              f"未知的语言“{lang}”（请用 {'、'.join(LANGS)}）", f"未知的語言「{lang}」（請用 {'、'.join(LANGS)}）")
                if not isinstance(text, str) or not text.strip():
                    self.fail(where, f"the '{lang}' text must be non-empty text", f"“{lang}”文字不能为空",
                              f"「{lang}」文字不能為空")
                out[lang] = text.strip()
            return out
        en, zh, zt = _kind(value)
        self.fail(where, f"expected a text or {{zh-Hans: …, zh-Hant: …, en: …}}, found {en}",
                  f"应为文字或 {{zh-Hans: …, zh-Hant: …, en: …}}，实际为{zh}",
                  f"應為文字或 {{zh-Hans: …, zh-Hant: …, en: …}}，實際為{zt}")

    def choice(self, value, allowed, where: str) -> str:
        if value not in allowed:
            self.fail(where, f"'{value}' is not one of: {', '.join(allowed)}", f"“{value}”不是以下之一：{'、'.join(allowed)}",
                      f"「{value}」不是以下之一：{'、'.join(allowed)}", value=value)
        return value

    def unknown_keys(self, value: dict, allowed, where: str):
        for k in value:
            if k not in allowed:
                self.fail(where, f"unknown key '{k}' (allowed: {', '.join(allowed)})",
                          f"未知的键“{k}”（允许：{'、'.join(allowed)}）", f"未知的鍵「{k}」（允許：{'、'.join(allowed)}）")

    # --- the document -----------------------------------------------------------
    def build(self, raw) -> IndexSystem:
        if not isinstance(raw, dict):
            en, zh, zt = _kind(raw)
            self.fail("(top)", f"the file must be a mapping (key: value), found {en}",
                      f"文件应为映射（键: 值），实际为{zh}", f"檔案應為映射（鍵: 值），實際為{zt}")
        self.unknown_keys(raw, _TOP_KEYS, "(top)")
        version = raw.get("schema_version", SCHEMA_VERSION)
        if version != SCHEMA_VERSION:
            self.fail("schema_version", f"this toolkit reads schema_version {SCHEMA_VERSION}, found {version!r}",
                      f"本工具读取 schema_version {SCHEMA_VERSION}，实际为 {version!r}",
                      f"本工具讀取 schema_version {SCHEMA_VERSION}，實際為 {version!r}")
        sys_id = raw.get("id", "index")
        if not isinstance(sys_id, str) or not _IDENT.match(sys_id):
            self.fail("id", f"'{sys_id}' is not a valid id (a letter, then letters, digits, _, - or .)",
                      f"“{sys_id}”不是有效编号（以字母开头，只含字母、数字、_、- 或 .）",
                      f"「{sys_id}」不是有效編號（以字母開頭，只含字母、數字、_、- 或 .）")
        title = self.texts(raw.get("title"), "title") or {lang: sys_id for lang in LANGS}
        source = raw.get("source")
        if source is not None and not isinstance(source, str):
            self.fail("source", "the source must be text (a citation)", "来源应为文字（文献引用）", "來源應為文字（文獻引用）")
        self.q = self.questionnaire(raw.get("questionnaire"))
        self.scale = self.scale_of(raw.get("scale"))
        grades, scores = self.grades(raw.get("grades"))
        self.grade_list = grades
        boundary = self.choice(raw.get("boundary", "lower"), ("lower", "upper"), "boundary")
        method = raw.get("weights")
        if method is not None:
            self.choice(method, METHODS, "weights")
        combine = self.combine(raw.get("combine"))
        entropy = self.choice(raw.get("entropy", "direction_normalised"), ENTROPY_VARIANTS, "entropy")
        from .ahp import METHODS as AHP_METHODS, RI_TABLES
        ahp_method = self.choice(raw.get("ahp_method", "eigenvector"), AHP_METHODS, "ahp_method")
        ri = self.choice(raw.get("ri", "saaty1980"), tuple(RI_TABLES), "ri")
        self.ahp_method, self.ri = ahp_method, ri

        if ("tree" in raw) == ("nodes" in raw):
            self.fail("(top)", "give the indicators either as tree: (nested children) or as nodes: (a list with "
                      "parent:), exactly one of them",
                      "指标须以 tree:（嵌套 children）或 nodes:（带 parent: 的列表）二者之一给出",
                      "指標須以 tree:（巢狀 children）或 nodes:（帶 parent: 的清單）二者之一提供")
        flat = self.from_tree(raw["tree"]) if "tree" in raw else self.from_nodes(raw["nodes"])
        nodes, root = self.link(flat)
        nodes = {k: self.finish(n, nodes) for k, n in nodes.items()}
        system = IndexSystem(id=sys_id, title=title, nodes=nodes, root=root, grades=grades, grade_scores=scores,
                             grade_scores_stated=self.scores_stated, boundary=boundary, method=method,
                             combine=combine, entropy=entropy,
                             ahp_method=ahp_method, ri=ri, questionnaire=self.q, source=source, file=self.file)
        self.check_weights(system)
        return system

    def questionnaire(self, value) -> Questionnaire | None:
        if self.q_override is not None:
            return self.q_override if isinstance(self.q_override, Questionnaire) else \
                load_questionnaire(self.q_override)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            self.fail("questionnaire", "give a questionnaire template name (e.g. lsq5) or a YAML path",
                      "请给出问卷模板名称（如 lsq5）或 YAML 路径", "請提供問卷範本名稱（如 lsq5）或 YAML 路徑")
        text = value.strip()
        if self.base is not None and Path(text).suffix:
            candidate = self.base / text
            if candidate.is_file():
                return load_questionnaire(candidate)
        try:
            return load_questionnaire(text)
        except ResearchError as exc:
            self.fail("questionnaire", f"cannot load '{text}': {exc.message('en')}",
                      f"无法读取“{text}”：{exc.message('zh-Hans')}", f"無法讀取「{text}」：{exc.message('zh-Hant')}",
                      value=text)

    def scale_of(self, value) -> tuple[float, float] | None:
        if value is None:
            return None
        if isinstance(value, int) and not isinstance(value, bool) and 2 <= value <= 11:
            return (1.0, float(value))
        if isinstance(value, list) and len(value) == 2:
            lo, hi = _number(value[0]), _number(value[1])
            if lo is not None and hi is not None and lo < hi:
                return (lo, hi)
        self.fail("scale", f"{value!r} is not a scale: give the number of points (5 → 1–5) or [min, max]",
                  f"{value!r} 不是量表：请给出点数（5 即 1–5）或 [最小值, 最大值]",
                  f"{value!r} 不是量表：請提供點數（5 即 1–5）或 [最小值, 最大值]", value=value)

    def grades(self, value):
        if value is None:
            grades = DEFAULT_GRADES
            given = [None] * len(grades)
        else:
            if not isinstance(value, list) or not value:
                self.fail("grades", "give the grades as a list of {lower: 85, name: …, score: …}",
                          "等级应为 {lower: 85, name: …, score: …} 的列表", "等級應為 {lower: 85, name: …, score: …} 的清單")
            parsed = []
            for k, g in enumerate(value):
                where = f"grades[{k + 1}]"
                if not isinstance(g, dict):
                    self.fail(where, "each grade is {lower: 85, name: …, score: …}", "每个等级为 {lower: 85, name: …, score: …}",
                              "每個等級為 {lower: 85, name: …, score: …}")
                self.unknown_keys(g, ("lower", "name", "score"), where)
                names = self.texts(g.get("name"), f"{where}.name", required=True)
                zh = names.get("zh-Hans") or names.get("zh-Hant") or names.get("en")
                parsed.append(((g.get("lower"), zh, names.get("en", zh), names.get("zh-Hant", zh)), g.get("score")))
            try:
                grades = _check_grades([p[0] for p in parsed])
            except ResearchError as exc:
                self.fail("grades", exc.message("en"), exc.message("zh-Hans"), exc.message("zh-Hant"))
            for lang in LANGS:                               # standards: and data name grades by these
                names = [g.name(lang) for g in grades]
                twice = next((n for n in names if names.count(n) > 1), None)
                if twice is not None:
                    self.fail("grades", f"two grades are named '{twice}' ({lang}); give every grade its own name",
                              f"两个等级都叫“{twice}”（{lang}）；请给每个等级不同的名称",
                              f"兩個等級都叫「{twice}」（{lang}）；請給每個等級不同的名稱", value=twice)
            by_lower = {float(p[0][0]): p[1] for p in parsed}
            given = [by_lower[g.lower] for g in grades]
        uppers = [100.0] + [g.lower for g in grades[:-1]]
        self.scores_stated = any(s is not None for s in given)
        scores = []
        for g, up, s in zip(grades, uppers, given):
            if s is None:
                scores.append((g.lower + up) / 2)
                continue
            x = _number(s)
            if x is None or not 0 <= x <= 100:
                self.fail(f"grades ({g.zh_hans})", f"score {s!r} must be a number on 0–100",
                          f"得分 {s!r} 应为 0–100 的数", f"分數 {s!r} 應為 0–100 的數", value=s)
            scores.append(x)
        return grades, tuple(scores)

    def combine(self, value) -> dict:
        out = {"subjective": "ahp", "objective": "entropy", "alpha": 0.5, "rule": "linear"}
        if value is None:
            return out
        if not isinstance(value, dict):
            self.fail("combine", "give {subjective: ahp|stated, objective: entropy|critic|cv, alpha: 0.5, rule: "
                      "linear|multiplicative}", "请给出 {subjective: ahp|stated, objective: entropy|critic|cv, alpha: 0.5, "
                      "rule: linear|multiplicative}", "請提供 {subjective: ahp|stated, objective: entropy|critic|cv, "
                      "alpha: 0.5, rule: linear|multiplicative}")
        self.unknown_keys(value, tuple(out), "combine")
        out["subjective"] = self.choice(value.get("subjective", "ahp"), ("ahp", "stated"), "combine.subjective")
        out["objective"] = self.choice(value.get("objective", "entropy"), DATA_METHODS, "combine.objective")
        out["rule"] = self.choice(value.get("rule", "linear"), COMBINE_RULES, "combine.rule")
        alpha = _number(value.get("alpha", 0.5))
        if alpha is None or not 0 <= alpha <= 1:
            self.fail("combine.alpha", "alpha (the subjective share) must be a number in [0, 1]",
                      "alpha（主观权重所占比例）应为 [0, 1] 内的数", "alpha（主觀權重所佔比例）應為 [0, 1] 內的數",
                      value=value.get("alpha"))
        out["alpha"] = alpha
        return out

    # --- nodes ------------------------------------------------------------------
    def node_raw(self, raw, where: str) -> dict:
        if not isinstance(raw, dict):
            en, zh, zt = _kind(raw)
            self.fail(where, f"a node must be a mapping with id: and name:, found {en}",
                      f"节点应为含 id: 和 name: 的映射，实际为{zh}", f"節點應為含 id: 和 name: 的映射，實際為{zt}")
        node_id = raw.get("id")
        if not isinstance(node_id, str) or not _IDENT.match(node_id):
            self.fail(where, f"'{node_id}' is not a valid node id (a letter or Chinese character first, then "
                      "letters, digits, _, - or .; at most 60)",
                      f"“{node_id}”不是有效的节点编号（以字母或汉字开头，只含字母、数字、_、- 或 .，最多 60 个字符）",
                      f"「{node_id}」不是有效的節點編號（以字母或漢字開頭，只含字母、數字、_、- 或 .，最多 60 個字元）",
                      value=node_id)
        self.unknown_keys(raw, _NODE_KEYS, f"{where} '{node_id}'")
        return raw

    def from_tree(self, root) -> list[tuple[dict, str | None, str]]:
        out = []
        stack = [(root, None, "tree")]
        while stack:
            raw, parent, where = stack.pop()
            raw = self.node_raw(raw, where)
            if "parent" in raw:
                self.fail(self.where(raw["id"], where), "parent: belongs to the nodes: list; in tree: a node's "
                          "children are listed under children:", "parent: 只用于 nodes: 列表；tree: 中子节点写在 children: 下",
                          "parent: 只用於 nodes: 清單；tree: 中子節點寫在 children: 下")
            out.append((raw, parent, where))
            kids = raw.get("children")
            if kids is not None:
                if not isinstance(kids, list) or not kids:
                    self.fail(self.where(raw["id"], where), "children: must be a non-empty list of nodes",
                              "children: 应为非空的节点列表", "children: 應為非空的節點清單")
                for k in range(len(kids) - 1, -1, -1):
                    stack.append((kids[k], raw["id"], f"{where}.children[{k + 1}]"))
        return out

    def from_nodes(self, nodes) -> list[tuple[dict, str | None, str]]:
        if not isinstance(nodes, list) or not nodes:
            self.fail("nodes", "nodes: must be a non-empty list", "nodes: 应为非空列表", "nodes: 應為非空清單")
        out = []
        for k, raw in enumerate(nodes):
            where = f"nodes[{k + 1}]"
            raw = self.node_raw(raw, where)
            if "children" in raw:
                self.fail(self.where(raw["id"], where), "in nodes: a child names its parent (parent: id) instead "
                          "of the parent listing children:", "nodes: 中由子节点以 parent: 指明父节点，不用 children:",
                          "nodes: 中由子節點以 parent: 指明父節點，不用 children:")
            parent = raw.get("parent")
            if parent is not None and not isinstance(parent, str):
                self.fail(self.where(raw["id"], where), "parent: must be the id of another node",
                          "parent: 应为另一节点的编号", "parent: 應為另一節點的編號", value=parent)
            out.append((raw, parent, where))
        return out

    def link(self, flat):
        """Nodes in depth-first file order with children and levels; one root, known parents, no cycle."""
        seen: dict = {}
        for raw, parent, where in flat:
            if raw["id"] in seen:
                self.fail(self.where(raw["id"], where), f"the id '{raw['id']}' is used by two nodes "
                          f"({seen[raw['id']][2]} and {where})", f"编号“{raw['id']}”被两个节点使用（{seen[raw['id']][2]} 与 {where}）",
                          f"編號「{raw['id']}」被兩個節點使用（{seen[raw['id']][2]} 與 {where}）")
            seen[raw["id"]] = (raw, parent, where)
        roots = [k for k, (_, p, _) in seen.items() if p is None]
        for k, (raw, parent, where) in seen.items():
            if parent is not None and parent not in seen:
                self.fail(self.where(k, where), f"its parent '{parent}' is not a node of the file",
                          f"其父节点“{parent}”不在文件中", f"其父節點「{parent}」不在檔案中", value=parent)
        reaches_top: set = set()                            # a cycle: following parents comes back
        for k in seen:
            chain, at, cur = [], {}, k
            while cur is not None and cur not in reaches_top:
                if cur in at:                               # named at the first node of the loop
                    ring = chain[at[cur]:] + [cur]
                    if len(ring) > 10:                      # a message of bounded length
                        ring = ring[:5] + [f"… ({len(ring) - 8})"] + ring[-3:]
                    loop = " → ".join(ring)
                    self.fail(self.where(cur, seen[cur][2]), f"its parents form a cycle ({loop})",
                              f"其父节点构成循环（{loop}）", f"其父節點構成循環（{loop}）")
                at[cur] = len(chain)
                chain.append(cur)
                cur = seen[cur][1]
            reaches_top.update(chain)
        if len(roots) != 1:
            listed = _few(roots) or "—"
            self.fail("nodes", f"there must be exactly one top node (without parent:), found {len(roots)}: {listed}",
                      f"应恰有一个顶层节点（不带 parent:），实际为 {len(roots)} 个：{listed}",
                      f"應恰有一個頂層節點（不帶 parent:），實際為 {len(roots)} 個：{listed}")
        self.positions = {k: where for k, (_, _, where) in seen.items()}
        kids: dict = {k: [] for k in seen}
        for k, (_, parent, _) in seen.items():
            if parent is not None:
                kids[parent].append(k)
        ordered: dict = {}
        stack = [(roots[0], 0)]
        while stack:
            k, level = stack.pop()
            ordered[k] = (seen[k][0], seen[k][1], seen[k][2], tuple(kids[k]), level)
            stack.extend((c, level + 1) for c in reversed(kids[k]))
        return ordered, roots[0]

    def finish(self, entry, all_nodes) -> IndicatorNode:
        raw, parent, where, children, level = entry
        node_id = raw["id"]
        at = self.where(node_id, where)
        weight = None
        if "weight" in raw:
            weight = _number(raw["weight"])
            if weight is None or weight < 0:
                self.fail(at, f"weight {raw['weight']!r} must be a number ≥ 0", f"权重 {raw['weight']!r} 应为 ≥ 0 的数",
                          f"權重 {raw['weight']!r} 應為 ≥ 0 的數", value=raw["weight"])
        bound = [b for b in BINDINGS if b in raw]
        common = dict(id=node_id, parent=parent, children=children, level=level, weight=weight,
                      note=self.texts(raw.get("note"), f"{at}.note"))
        if children:
            if bound:
                self.fail(at, f"a node with children cannot also be bound to data ({', '.join(bound)}:); bind its "
                          "leaves instead", f"有子节点的节点不能同时绑定数据（{'、'.join(bound)}:）；请绑定其叶节点",
                          f"有子節點的節點不能同時繫結資料（{'、'.join(bound)}:）；請繫結其葉節點")
            for key in ("direction", "range"):
                if key in raw:
                    self.fail(at, f"{key}: belongs to a leaf (a node without children)", f"{key}: 只用于叶节点（无子节点）",
                              f"{key}: 只用於葉節點（無子節點）")
            method = raw.get("weights")
            if method is not None:
                self.choice(method, METHODS, f"{at}.weights")
            ahp = self.ahp_matrix(raw.get("ahp"), node_id, at, children) if "ahp" in raw else None
            name = self.texts(raw.get("name"), f"{at}.name") or {lang: node_id for lang in LANGS}
            return IndicatorNode(name=name, method=method, ahp=ahp, **common)
        for key in ("weights", "ahp"):
            if key in raw:
                self.fail(at, f"{key}: weights a node's children; this node has none",
                          f"{key}: 用于给子节点赋权，该节点没有子节点", f"{key}: 用於給子節點賦權，此節點沒有子節點")
        if not bound or (len(bound) > 1 and set(bound) != {"standards", "column"}):
            self.fail(at, "a leaf must be bound to exactly one of item:, items:, construct:, column: (with range:) "
                      "or standards: (expert scoring, optionally with column:)" if not bound else
                      f"a leaf is bound to one source, found {', '.join(bound)}",
                      "叶节点须绑定且只绑定 item:、items:、construct:、column:（配 range:）或 standards:（专家打分，可配 column:）之一"
                      if not bound else f"叶节点只能绑定一个来源，实际为 {'、'.join(bound)}",
                      "葉節點須繫結且只繫結 item:、items:、construct:、column:（配 range:）或 standards:（專家評分，可配 column:）之一"
                      if not bound else f"葉節點只能繫結一個來源，實際為 {'、'.join(bound)}")
        direction = self.choice(raw.get("direction", "benefit"), DIRECTIONS, f"{at}.direction")
        binding = "standards" if "standards" in bound else bound[0]
        if binding == "standards" and direction == "cost":
            self.fail(at, "direction: cost does not apply to an expert-scored leaf: its grade or 0–100 score is "
                      "already higher-is-better; write what less-is-better means into its standards: instead",
                      "专家打分的叶节点不适用 direction: cost：其等级或 0–100 分已是越高越好；请把“越小越好”写进 standards: 的各级标准",
                      "專家評分的葉節點不適用 direction: cost：其等級或 0–100 分已是越高越好；請把「越小越好」寫進 standards: 的各級標準")
        name = self.texts(raw.get("name"), f"{at}.name")
        columns, rng, rev, standards = self.bind(raw, binding, at)
        if not name:
            name = self.default_name(binding, raw, node_id)
        if "range" in raw and binding != "column":
            self.fail(at, "range: belongs to a column: leaf (items and constructs take the questionnaire's scale)",
                      "range: 只用于 column: 叶节点（题目和构念使用问卷量表）", "range: 只用於 column: 葉節點（題目與構念使用問卷量表）")
        return IndicatorNode(name=name, binding=binding, columns=columns, direction=direction, range=rng,
                             reversed=rev, standards=standards, **common)

    def default_name(self, binding, raw, node_id) -> dict:
        if self.q is not None and binding == "construct":
            c = self.q.construct(raw["construct"])
            return {lang: c.label(lang) for lang in LANGS}
        if self.q is not None and binding == "item":
            i = self.q.item(raw["item"])
            return {lang: i.label(lang) for lang in LANGS}
        return {lang: node_id for lang in LANGS}

    def ahp_matrix(self, value, node_id, at, children) -> tuple:
        from .ahp import ahp
        n = len(children)
        ok = isinstance(value, list) and len(value) == n and all(isinstance(r, list) and len(r) == n for r in value)
        if not ok:
            self.fail(f"{at}.ahp", f"give an {n} × {n} judgement matrix, rows and columns in the order of the "
                      f"children ({', '.join(children)})", f"请给出 {n} × {n} 判断矩阵，行列顺序与子节点相同（{'、'.join(children)}）",
                      f"請提供 {n} × {n} 判斷矩陣，行列順序與子節點相同（{'、'.join(children)}）")
        rows = []
        for i, r in enumerate(value):
            row = []
            for j, v in enumerate(r):
                x = _number(v)
                if x is None or x <= 0:
                    self.fail(f"{at}.ahp", f"row {i + 1}, column {j + 1}: {v!r} is not a positive number or "
                              "fraction such as 1/3", f"第 {i + 1} 行第 {j + 1} 列：{v!r} 不是正数或 1/3 这样的分数",
                              f"第 {i + 1} 列第 {j + 1} 欄：{v!r} 不是正數或 1/3 這樣的分數", value=v)
                row.append(x)
            rows.append(tuple(row))
        try:
            ahp(np.array(rows), list(children), method=self.ahp_method, ri=self.ri, warn_scale=False)
        except ResearchError as exc:
            self.fail(f"{at}.ahp", exc.message("en"), exc.message("zh-Hans"), exc.message("zh-Hant"))
        return tuple(rows)

    def bind(self, raw, binding, at):
        """(columns, range, reverse-coded columns, standards) of a leaf."""
        q = self.q
        if binding == "standards":
            standards = self.standards(raw["standards"], at)
            column = raw.get("column", raw["id"])
            if not isinstance(column, str) or not column.strip():
                self.fail(f"{at}.column", "column: must be the name of a data column", "column: 应为数据列名",
                          "column: 應為資料欄名", value=column)
            return (column,), None, (), standards
        if binding == "column":
            column = raw["column"]
            if not isinstance(column, str) or not column.strip():
                self.fail(f"{at}.column", "column: must be the name of a data column", "column: 应为数据列名",
                          "column: 應為資料欄名", value=column)
            rng = self.scale
            if "range" in raw:
                v = raw["range"]
                lo, hi = (_number(v[0]), _number(v[1])) if isinstance(v, list) and len(v) == 2 else (None, None)
                if lo is None or hi is None or not lo < hi:
                    self.fail(f"{at}.range", f"{v!r} is not [min, max] with min < max", f"{v!r} 不是 [最小值, 最大值]（最小值 < 最大值）",
                              f"{v!r} 不是 [最小值, 最大值]（最小值 < 最大值）", value=v)
                rng = (lo, hi)
            if rng is None:
                self.fail(at, "a column: leaf needs range: [min, max] (or scale: at the top of the file) to put its "
                          "values on 0–100", "column: 叶节点需要 range: [最小值, 最大值]（或文件开头的 scale:）才能换算到 0–100",
                          "column: 葉節點需要 range: [最小值, 最大值]（或檔案開頭的 scale:）才能換算到 0–100")
            return (column.strip(),), rng, (), None
        if binding == "construct":
            cid = raw["construct"]
            if q is None:
                self.fail(at, "construct: needs the questionnaire (questionnaire: lsq5 at the top of the file)",
                          "construct: 需要问卷（在文件开头写 questionnaire: lsq5）", "construct: 需要問卷（在檔案開頭寫 questionnaire: lsq5）")
            try:
                items = q.construct(cid).items
            except (KeyError, TypeError):
                ids = ", ".join(c.id for c in q.constructs)
                self.fail(at, f"construct '{cid}' is not in questionnaire '{q.id}' (constructs: {ids})",
                          f"问卷“{q.id}”中没有构念“{cid}”（构念：{ids}）", f"問卷「{q.id}」中沒有構念「{cid}」（構念：{ids}）", value=cid)
        else:
            ids = raw[binding]
            ids = [ids] if binding == "item" else ids
            if not isinstance(ids, list) or not ids or not all(isinstance(i, str) and i.strip() for i in ids):
                self.fail(f"{at}.{binding}", f"{binding}: must name {'an item' if binding == 'item' else 'a list of items'}",
                          f"{binding}: 应为{'题目编号' if binding == 'item' else '题目编号列表'}",
                          f"{binding}: 應為{'題目編號' if binding == 'item' else '題目編號清單'}")
            ids = [i.strip() for i in ids]
            twice = sorted(i for i, n in Counter(ids).items() if n > 1)
            if twice:
                self.fail(f"{at}.{binding}", f"item {', '.join(twice)} is listed twice (it would count twice in "
                          "the mean)", f"题目 {'、'.join(twice)} 列了两次（会在平均中计算两次）",
                          f"題目 {'、'.join(twice)} 列了兩次（會在平均中計算兩次）", value=twice[0])
            if q is None:
                rng = self.scale
                if rng is None:
                    self.fail(at, f"{binding}: without a questionnaire needs scale: at the top of the file",
                              f"没有问卷时 {binding}: 需要文件开头的 scale:", f"沒有問卷時 {binding}: 需要檔案開頭的 scale:")
                return tuple(i.strip() for i in ids), rng, (), None
            items = []
            for i in ids:
                try:
                    items.append(q.item(i))
                except KeyError:
                    self.fail(at, f"item '{i}' is not in questionnaire '{q.id}'", f"问卷“{q.id}”中没有题目“{i}”",
                              f"問卷「{q.id}」中沒有題目「{i}」", value=i)
        points = {it.scale.points for it in items}
        if len(points) > 1:
            self.fail(at, "its items use scales of different lengths; bind items of one scale",
                      "其题目使用不同点数的量表；请绑定同一量表的题目", "其題目使用不同點數的量表；請繫結同一量表的題目")
        return (tuple(it.id for it in items), (1.0, float(points.pop())),
                tuple(it.id for it in items if it.reverse), None)

    def standards(self, value, at) -> dict:
        grades = self.grade_list
        if not isinstance(value, dict):
            self.fail(f"{at}.standards", "standards: maps each grade of the system to its description",
                      "standards: 应为各等级（优、良、中、低、差）到其标准描述的映射", "standards: 應為各等級（優、良、中、低、差）到其標準描述的映射")
        out = {}
        for key, text in value.items():
            g = next((g for g in grades if str(key) in (g.zh_hans, g.zh_hant, g.en)), None)
            if g is None:
                names = "、".join(g.zh_hans for g in grades)
                self.fail(f"{at}.standards", f"'{key}' is not a grade (grades: {', '.join(g.en for g in grades)} / "
                          f"{names})", f"“{key}”不是等级（等级：{names}）", f"「{key}」不是等級（等級：{names}）", value=key)
            if g.zh_hans in out:
                self.fail(f"{at}.standards", f"grade {g.en} ({g.zh_hans}) is given twice", f"等级{g.zh_hans}出现了两次",
                          f"等級{g.zh_hant}出現了兩次", value=key)
            out[g.zh_hans] = self.texts(text, f"{at}.standards.{key}", required=True)
        missing = [g.zh_hans for g in grades if g.zh_hans not in out]
        if missing:
            self.fail(f"{at}.standards", f"the standard of grade(s) {', '.join(missing)} is missing",
                      f"缺少等级 {'、'.join(missing)} 的标准", f"缺少等級 {'、'.join(missing)} 的標準")
        return out

    def check_weights(self, system: IndexSystem):
        """Stated weights: all children or none carry one, and they sum to 1, 100 or the node's own weight."""
        for k in system.internal:
            node = system.nodes[k]
            kids = node.children
            at = self.where(k, self.positions.get(k, ""))
            # the node's name in each language, when it has one besides its id
            named = {lang: node.label(lang) != k for lang in LANGS}
            of_en = f"the children of '{node.label('en')}'" if named["en"] else "its children"
            of_zh = f"“{node.label('zh-Hans')}”的子节点" if named["zh-Hans"] else "其子节点"
            of_zt = f"「{node.label('zh-Hant')}」的子節點" if named["zh-Hant"] else "其子節點"
            has = [c for c in kids if system.nodes[c].weight is not None]
            method = system.method_of(k)
            if has and len(has) != len(kids):
                lacking = _few([c for c in kids if system.nodes[c].weight is None])
                self.fail(at, f"some of {of_en} carry weight: and some do not ({lacking}); give every child a "
                          "weight or none", f"{of_zh}中部分有 weight:、部分没有（{lacking}）；请给全部子节点赋权或全部不赋权",
                          f"{of_zt}中部分有 weight:、部分沒有（{lacking}）；請給全部子節點賦權或全部不賦權", value=lacking)
            if method == "stated" and not has:
                self.fail(at, f"{of_en} carry no weight: (weights: stated needs one on every child; or choose "
                          "weights: equal | ahp | entropy | critic | cv | combined)",
                          f"{of_zh}没有 weight:（weights: stated 需每个子节点都有权重；或选择 weights: equal | ahp | "
                          "entropy | critic | cv | combined）", f"{of_zt}沒有 weight:（weights: stated 需每個子節點都有"
                          "權重；或選擇 weights: equal | ahp | entropy | critic | cv | combined）")
            if method == "combined" and system.combine["subjective"] == "stated" and not has:
                self.fail(at, "weights: combined takes its subjective part from the children's stated weights "
                          f"(combine: subjective: stated), but {of_en} carry no weight:",
                          f"weights: combined 的主观部分取自子节点的 weight:（combine: subjective: stated），但{of_zh}没有 weight:",
                          f"weights: combined 的主觀部分取自子節點的 weight:（combine: subjective: stated），但{of_zt}沒有 weight:")
            if node.ahp is not None and method not in ("ahp", "combined"):
                self.fail(at, f"it carries an ahp: matrix, but {of_en} are weighted by weights: {method}, which "
                          "does not use it (choose weights: ahp or combined, or remove ahp:)",
                          f"该节点带有 ahp: 矩阵，但{of_zh}按 weights: {method} 赋权，用不到该矩阵（请改为 weights: ahp 或 "
                          "combined，或删去 ahp:）", f"此節點帶有 ahp: 矩陣，但{of_zt}按 weights: {method} 賦權，用不到"
                          "此矩陣（請改為 weights: ahp 或 combined，或刪去 ahp:）")
            if has and len(has) == len(kids):
                ws = [system.nodes[c].weight for c in kids]
                total = sum(ws)
                targets = [1.0, 100.0] + ([node.weight] if node.weight is not None else [])
                if total <= 0 or not any(abs(total - t) <= _SUM_TOL * max(1.0, t) for t in targets):
                    shown = [f"{w:g}" for w in ws] if len(ws) <= 12 else [f"{w:g}" for w in ws[:10]] + ["…"]
                    listed = " + ".join(shown) + ("" if len(ws) == 1 else f" = {total:g}")
                    w = node.weight
                    own = ("", "", "") if w is None else (f", nor the node's own weight {w:g}",
                                                          f"，也不等于该节点自身的权重 {w:g}", f"，也不等於此節點自身的權重 {w:g}")
                    self.fail(at, f"the weights of {of_en} sum to {listed}, not 1 or 100{own[0]}",
                              f"{of_zh}权重之和 {listed}，不等于 1 或 100{own[1]}",
                              f"{of_zt}權重之和 {listed}，不等於 1 或 100{own[2]}")
