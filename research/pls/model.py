"""A PLS path model: constructs with their indicator blocks, and the structural paths.

A model is read from lavaan syntax, as seminr's and cSEM's users write it::

    Image        =~ IMAG1 + IMAG2 + IMAG3     reflective: Mode A, corrected by PLSc when consistent
    Value        <~ PERV1 + PERV2             composite (formative): Mode B
    Satisfaction ~ Image + Value + Image:Value    structural paths; A:B is an interaction term

or from a questionnaire (its constructs are reflective, its structural paths
are the questionnaire's hypotheses, or ``paths=`` given).  Interaction terms
``A:B`` are named ``"A*B"`` (seminr's and SmartPLS's name); how their scores
are formed is chosen when the model is estimated (:mod:`research.pls.moderation`).

The syntax is data: it goes through the whitelist parser of
:mod:`research.sem.syntax` (``<~`` and ``:`` are rewritten into names that
parser reads, then mapped back); anything PLS does not estimate (fixed
values, labels, covariances, defined parameters, constraints) is refused
with the line it came from.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import invalid_option

MODES = ("A", "B", "unit")


@dataclass(frozen=True)
class Block:
    """One construct: its indicators, how its weights are estimated, and whether PLSc corrects it.

    ``mode``: ``"A"`` (correlation weights), ``"B"`` (regression weights) or
    ``"unit"`` (equal weights).  ``reflective``: a common-factor construct
    (``=~``), the ones consistent PLS corrects; a composite (``<~``, or a
    Mode A composite) is left as estimated.
    """

    name: str
    items: tuple[str, ...]
    mode: str = "A"
    reflective: bool = True

    @property
    def single_item(self) -> bool:
        return len(self.items) == 1


@dataclass(frozen=True)
class Interaction:
    """The interaction term ``a*b`` of two constructs (its name is ``"a*b"``)."""

    a: str
    b: str

    @property
    def name(self) -> str:
        return f"{self.a}*{self.b}"


@dataclass(frozen=True)
class PLSModel:
    """Blocks (measurement model) and paths ``(source, target)`` (structural model)."""

    blocks: tuple[Block, ...]
    paths: tuple[tuple[str, str], ...]
    interactions: tuple[Interaction, ...] = ()
    source: str = field(default="", compare=False, repr=False)

    # -- views ---------------------------------------------------------------
    @property
    def constructs(self) -> tuple[str, ...]:
        return tuple(b.name for b in self.blocks)

    @property
    def items(self) -> tuple[str, ...]:
        return tuple(i for b in self.blocks for i in b.items)

    def block(self, name: str) -> Block:
        for b in self.blocks:
            if b.name == name:
                return b
        raise KeyError(name)

    @property
    def endogenous(self) -> tuple[str, ...]:
        targets = {t for _, t in self.paths}
        return tuple(c for c in self.constructs if c in targets)

    @property
    def exogenous(self) -> tuple[str, ...]:
        targets = {t for _, t in self.paths}
        return tuple(c for c in self.constructs if c not in targets)

    def predecessors(self, target: str) -> tuple[str, ...]:
        """The constructs with a path into ``target``, in model order."""
        sources = {s for s, t in self.paths if t == target}
        return tuple(c for c in self.constructs if c in sources)

    def successors(self, source: str) -> tuple[str, ...]:
        targets = {t for s, t in self.paths if s == source}
        return tuple(c for c in self.constructs if c in targets)

    def with_blocks(self, blocks, paths=None, interactions=None) -> "PLSModel":
        return PLSModel(tuple(blocks), tuple(self.paths if paths is None else paths),
                        tuple(self.interactions if interactions is None else interactions), self.source)

    def to_syntax(self) -> str:
        """lavaan syntax of the model (``=~`` for reflective, ``<~`` for composite blocks)."""
        lines = []
        for b in self.blocks:
            if any(b.name == i.name for i in self.interactions):
                continue
            # a single item is Mode A and not corrected whatever its arrow; =~ reads back as exactly that
            # (<~ would read back as a Mode B block)
            arrow = "=~" if b.mode == "A" and (b.reflective or b.single_item) else "<~"
            lines.append(f"{b.name} {arrow} {' + '.join(b.items)}")
        for target in self.endogenous:
            terms = [s.replace("*", ":") for s in self.predecessors(target)]
            lines.append(f"{target} ~ {' + '.join(terms)}")
        return "\n".join(lines)


# ----------------------------------------------------------------------------------
# building a model
# ----------------------------------------------------------------------------------
def _bad(detail: str, en: str, zh: str, zh_hant: str):
    return invalid_option("model", detail, en, zh, zh_hant)


def make_model(measurement: dict, paths, *, modes: dict | None = None, reflective=None,
               interactions=(), source: str = "") -> PLSModel:
    """A checked model from ``{construct: [items]}`` and ``[(source, target)]``.

    ``modes`` overrides the estimation mode per construct (``"A"``, ``"B"``,
    ``"unit"``); ``reflective`` is the set of constructs PLSc may correct
    (default: every Mode A construct with two or more items).
    """
    modes = dict(modes or {})
    blocks = []
    inter = tuple(i if isinstance(i, Interaction) else Interaction(*i) for i in interactions)
    inter_names = {i.name for i in inter}
    for name, items in measurement.items():
        items = tuple(items)
        mode = modes.get(name, "A")
        if mode not in MODES:
            raise _bad(f"{name}: {mode}", "A block's mode is A (correlation weights), B (regression weights) or unit.",
                       "指标块的模式应为 A（相关权重）、B（回归权重）或 unit（等权）。",
                       "指標區塊的模式應為 A（相關權重）、B（迴歸權重）或 unit（等權）。")
        if not items:
            raise _bad(name, f"Construct {name} has no indicators.", f"构念 {name} 没有测量题项。", f"構念 {name} 沒有測量題項。")
        refl = (mode == "A" and len(items) > 1) if reflective is None else (name in reflective and len(items) > 1)
        blocks.append(Block(str(name), items, mode, bool(refl)))
    names = [b.name for b in blocks]
    for i in inter:
        if i.name not in names:
            blocks.append(Block(i.name, (i.name,), "A", False))
            names.append(i.name)
    _check(blocks, tuple((str(s), str(t)) for s, t in paths), inter_names)
    return PLSModel(tuple(blocks), tuple((str(s), str(t)) for s, t in paths), inter, source)


def _check(blocks, paths, inter_names) -> None:
    names = [b.name for b in blocks]
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        raise _bad(", ".join(dup), "A construct is defined twice; give each construct one line with all its items.",
                   "同一构念定义了两次；每个构念用一行列出其全部题项。", "同一構念定義了兩次；每個構念用一行列出其全部題項。")
    items = [i for b in blocks if b.name not in inter_names for i in b.items]
    shared = sorted({i for i in items if items.count(i) > 1})
    if shared:
        raise _bad(", ".join(shared),
                   "An indicator belongs to two constructs; PLS gives each indicator one block "
                   "(for a higher-order construct use research.pls.hoc).",
                   "同一题项属于两个构念；PLS 中每个题项只能属于一个指标块（高阶构念请用 research.pls.hoc）。",
                   "同一題項屬於兩個構念；PLS 中每個題項只能屬於一個指標區塊（高階構念請用 research.pls.hoc）。")
    clash = sorted(set(names) & set(items))
    if clash:
        raise _bad(", ".join(clash), "A name is used both for a construct and for an indicator; rename one of them.",
                   "同一名称既是构念又是题项，请重命名其中之一。", "同一名稱既是構念又是題項，請重新命名其中之一。")
    for s, t in paths:
        for c in (s, t):
            if c not in names:
                raise _bad(f"{s} -> {t}", f"The path uses {c}, which is not a construct of the model; "
                           "define it with =~ or <~ first.",
                           f"路径中的 {c} 不是模型中的构念；请先用 =~ 或 <~ 定义它。",
                           f"路徑中的 {c} 不是模型中的構念；請先用 =~ 或 <~ 定義它。")
        if s == t:
            raise _bad(f"{s} -> {t}", "A construct cannot predict itself.", "构念不能预测自身。", "構念不能預測自身。")
    if not paths:
        raise _bad("", "The model has no structural paths (y ~ x); PLS needs at least one.",
                   "模型没有结构路径（y ~ x），PLS 至少需要一条。", "模型沒有結構路徑（y ~ x），PLS 至少需要一條。")
    linked = {c for p in paths for c in p}
    alone = [n for n in names if n not in linked]
    if alone:
        raise _bad(", ".join(alone), "A construct has no structural path, so PLS cannot estimate its weights; "
                   "add a path or leave it out of the model.",
                   "该构念没有任何结构路径，PLS 无法估计其权重；请添加路径或将其移出模型。",
                   "該構念沒有任何結構路徑，PLS 無法估計其權重；請新增路徑或將其移出模型。")
    _check_acyclic(names, paths)


def _check_acyclic(names, paths) -> None:
    succ = {n: [t for s, t in paths if s == n] for n in names}
    state: dict[str, int] = {}

    def visit(n, trail):
        state[n] = 1
        for t in succ[n]:
            if state.get(t) == 1:
                cycle = trail[trail.index(t):] + [t] if t in trail else [n, t]
                raise _bad(" -> ".join(cycle), "The structural model has a loop; PLS path models must be recursive.",
                           "结构模型中存在回路；PLS 路径模型必须是递归的（无环）。",
                           "結構模型中存在迴路；PLS 路徑模型必須是遞迴的（無環）。")
            if not state.get(t):
                visit(t, trail + [t])
        state[n] = 2

    for n in names:
        if not state.get(n):
            visit(n, [n])


_INTERACTION_RE = re.compile(r"([A-Za-z][A-Za-z0-9_.]*)\s*:(?!=)\s*([A-Za-z][A-Za-z0-9_.]*)")


def parse_pls_model(text: str) -> PLSModel:
    """Read lavaan syntax with ``=~`` (reflective), ``<~`` (composite, Mode B) and ``~`` (paths, ``A:B`` terms)."""
    if not isinstance(text, str):
        raise _bad(type(text).__name__, "Give the model as lavaan syntax text.", "请以 lavaan 语法文本给出模型。",
                   "請以 lavaan 語法文字提供模型。")
    spec, composite, inter = read_syntax(text)
    _refuse_extras(spec)
    measurement = {lhs: list(items) for lhs, items in spec.measurement.items()}
    paths = []
    for target, sources in spec.regressions.items():
        for s in sources:
            paths.append((inter[s].name if s in inter else s, target))
    modes = {c: "B" for c in composite}
    reflective = {c for c in measurement if c not in composite}
    for c in measurement:
        if len(measurement[c]) == 1:
            modes.setdefault(c, "A")
    for i in inter.values():
        for c in (i.a, i.b):
            if c not in measurement:
                raise _bad(f"{i.a}:{i.b}", f"The interaction term uses {c}, which is not a construct of the model.",
                           f"交互项中的 {c} 不是模型中的构念。", f"交互項中的 {c} 不是模型中的構念。")
    return make_model(measurement, paths, modes=modes, reflective=reflective,
                      interactions=tuple(dict.fromkeys(inter.values())), source=text)


def read_syntax(text: str):
    """lavaan syntax with PLS's ``<~`` and ``A:B`` through the whitelist parser of :mod:`research.sem.syntax`:
    ``<~`` is read as ``=~`` (its left-hand sides returned as the composites) and every ``A:B`` as a placeholder
    name (returned with its :class:`Interaction`).  → (parsed spec, composites, {placeholder: Interaction})."""
    from ..sem.syntax import parse_model

    composite: set[str] = set()
    inter: dict[str, Interaction] = {}

    def name_term(m):
        key = f"PLSx{len(inter)}x{m.group(1).replace('.', '_')}"
        inter[key] = Interaction(m.group(1), m.group(2))
        return key

    lines = []
    for line in text.splitlines():
        body, mark, comment = _split_comment(line)
        if "<~" in body:
            lhs = body.split("<~", 1)[0].strip()
            composite.update(x.strip() for x in lhs.split("+") if x.strip())
            body = body.replace("<~", "=~", 1)
        lines.append(_INTERACTION_RE.sub(name_term, body) + mark + comment)
    return parse_model("\n".join(lines)), composite, inter


def _split_comment(line: str) -> tuple[str, str, str]:
    """(statement, comment mark, comment) of a line: the first # or ! outside quotes starts the comment."""
    from ..sem.syntax import _outside_quotes

    marks = [i for i in (_outside_quotes(line, "#"), _outside_quotes(line, "!")) if i >= 0]
    if not marks:
        return line, "", ""
    i = min(marks)
    return line[:i], line[i], line[i + 1:]


def _refuse_extras(spec) -> None:
    extra = [s for s in spec.statements if s.op not in ("=~", "~") or s.fixed is not None or s.label
             or getattr(s, "free", False) or getattr(s, "start", None) is not None]
    if spec.defined or spec.constraints or extra:
        # name the offending line itself (a ``:=`` or constraint without labels has no statement to show)
        if extra:
            detail = f"{extra[0].lhs} {extra[0].op} {extra[0].rhs}"
        elif spec.defined:
            detail = f"{spec.defined[0].name} := {spec.defined[0].text}"
        else:
            detail = spec.constraints[0].text
        raise _bad(detail,
                   "PLS estimates weights, loadings and paths only: write the model with =~, <~ and ~ "
                   "(no fixed values, labels, covariances ~~, intercepts, := or constraints).",
                   "PLS 只估计权重、载荷和路径：请只用 =~、<~ 和 ~ 写模型（不要固定值、标签、协方差 ~~、截距、:= 或约束）。",
                   "PLS 只估計權重、負荷量和路徑：請只用 =~、<~ 和 ~ 撰寫模型（不要固定值、標籤、共變數 ~~、截距、:= 或限制式）。")


def model_from_questionnaire(questionnaire, *, composite=()) -> PLSModel:
    """The questionnaire's constructs (reflective, or Mode B for those in ``composite``) and structural paths.

    Constructs without a structural path are left out (PLS cannot weight them).
    """
    paths = [(s.strip(), lhs.strip()) for line in questionnaire.structural_paths()
             for lhs, _, rhs in [line.partition("~")] for s in rhs.split("+") if s.strip()]
    used = {c for p in paths for c in p}
    measurement = {c.id: list(c.item_ids) for c in questionnaire.constructs if c.id in used}
    composite = set(composite)
    modes = {c: "B" for c in composite}
    reflective = {c for c in measurement if c not in composite}
    return make_model(measurement, paths, modes=modes, reflective=reflective)
