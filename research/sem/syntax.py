"""A whitelist parser for lavaan model syntax.

Model syntax is typed by users (in the app, in a YAML study spec), so it is
*data*: nothing here evaluates it.  semopy's own parser hands constraint lines
to sympy's ``parse_expr``, which runs Python, so user text never reaches
semopy directly; :meth:`ModelSpec.to_semopy` writes fresh semopy syntax from
the checked, parsed model.

Accepted (lavaan 0.6 syntax, Rosseel 2012), one statement per line or
separated by ``;``::

    # comment            ! comment
    f1 =~ x1 + x2 + x3                    measurement (first loading fixed to 1)
    f2 =~ NA*x4 + 0.8*x5 + lam*x6         NA* frees, NUMBER* fixes, label* names
    y ~ a*f1 + f2                         regression
    y1 + y2 ~ x                           several left-hand sides
    x1 ~~ x2 ;  f1 ~~ 1*f1                (residual) covariance / variance
    ind := a*b                            defined parameter: labels, numbers,
    tot := c + a*(b - 2) / 3              + - * / and parentheses only

A statement continues on the next line when it ends with ``+``, ``*`` or an
operator, or when the next line starts with ``+``.  Names (variables, labels)
are ASCII: a letter first, then letters, digits, ``_`` or ``.``.  Everything
else (intercepts ``~ 1``, constraints ``==``/``<``/``>``, thresholds ``|``,
formative ``<~``, ``start()``/``c()`` modifiers, quotes, non-ASCII symbols)
raises :class:`research.errors.OptionError` with the line number.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Iterable

from ..errors import OptionError
from .expressions import ExpressionSyntaxError, names_in, parse_expression

MAX_MODEL_CHARS = 200_000
OPERATORS = ("=~", "~~", "~", ":=")
_ALLOWED = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.+-*/()=~: \t")
_IDENT_RE = re.compile(r"[A-Za-z][A-Za-z0-9_.]*\Z")
_TOKEN_RE = re.compile(
    r"(?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?(?![A-Za-z0-9_.]))"
    r"|(?P<ident>[A-Za-z][A-Za-z0-9_.]*)"
    r"|(?P<op>=~|~~|:=|[~+\-*/()])"
)
_WORD_RE = re.compile(r"[^\s+*/()~=:]+")


# --------------------------------------------------------------------------
# error texts: the detail is language-neutral ("line N: <quoted text>"), the
# explanation lives in the three fix texts.
# --------------------------------------------------------------------------
_RULES = ("Allowed: 'latent =~ item1 + item2', 'y ~ x1 + x2', 'a ~~ b', 'name := a*b'; "
          "modifiers NUMBER*var, label*var, NA*var; comments after # or !.")
_RULES_ZH = ("允许的写法：'潜变量 =~ 题1 + 题2'、'y ~ x1 + x2'、'a ~~ b'、'name := a*b'；"
             "修饰符 数字*变量、标签*变量、NA*变量；# 或 ! 之后为注释。")
_RULES_ZH_HANT = ("允許的寫法：'潛在變項 =~ 題1 + 題2'、'y ~ x1 + x2'、'a ~~ b'、'name := a*b'；"
                  "修飾符 數字*變項、標籤*變項、NA*變項；# 或 ! 之後為註解。")

_FIX = {
    "type": ("Pass the model as text in lavaan syntax.",
             "请以文本形式提供 lavaan 语法的模型。",
             "請以文字形式提供 lavaan 語法的模型。"),
    "too_long": (f"Model syntax is limited to {MAX_MODEL_CHARS} characters; shorten it.",
                 f"模型语法不能超过 {MAX_MODEL_CHARS} 个字符，请精简。",
                 f"模型語法不能超過 {MAX_MODEL_CHARS} 個字元，請精簡。"),
    "empty": ("Write at least one statement, e.g. 'F1 =~ x1 + x2 + x3'. " + _RULES,
              "请至少写一条语句，例如 'F1 =~ x1 + x2 + x3'。" + _RULES_ZH,
              "請至少寫一條敘述，例如 'F1 =~ x1 + x2 + x3'。" + _RULES_ZH_HANT),
    "nonascii": ("Only ASCII characters are allowed outside comments. Type operators such as ~ + * in "
                 "half-width (English) input mode, and use ASCII variable names (e.g. ECO1).",
                 "注释以外只能使用 ASCII 字符。请在英文（半角）输入法下输入 ~ + * 等符号，变量名请用英文字母和数字（如 ECO1）。",
                 "註解以外只能使用 ASCII 字元。請在英文（半形）輸入法下輸入 ~ + * 等符號，變項名稱請用英文字母與數字（如 ECO1）。"),
    "char": ("This character is not part of the accepted model syntax. " + _RULES,
             "该字符不属于可接受的模型语法。" + _RULES_ZH,
             "此字元不屬於可接受的模型語法。" + _RULES_ZH_HANT),
    "quote": ("Quotes and backticks are not used in model syntax: write names and labels without them.",
              "模型语法中不使用引号或反引号：变量名和标签请直接书写。",
              "模型語法中不使用引號或反引號：變項名稱和標籤請直接書寫。"),
    "constraint": ("Constraints with ==, < or > are not supported. For equal parameters give them the same "
                   "label (a*x1 + a*x2).",
                   "不支持 ==、<、> 约束。若要令参数相等，请给它们相同的标签（a*x1 + a*x2）。",
                   "不支援 ==、<、> 限制式。若要令參數相等，請給它們相同的標籤（a*x1 + a*x2）。"),
    "formative": ("Formative (<~) and scaling (~*~) operators are not supported; use =~ for reflective "
                  "measurement.",
                  "不支持形成性（<~）和尺度（~*~）运算符，请用 =~ 表示反映性测量。",
                  "不支援形成性（<~）與尺度（~*~）運算子，請以 =~ 表示反映性測量。"),
    "threshold": ("Thresholds (|) for ordinal items are not supported; analyse the items as continuous.",
                  "不支持有序题目的阈值（|），请将题目作为连续变量分析。",
                  "不支援次序題目的閾值（|），請將題目作為連續變項分析。"),
    "intercept": ("Intercepts and means (~ 1) are not supported yet; remove the line (single-group models "
                  "are fitted without a mean structure, as lavaan does by default).",
                  "暂不支持截距和均值（~ 1），请删除此行（单组模型与 lavaan 默认一样不含均值结构）。",
                  "暫不支援截距與平均數（~ 1），請刪除此行（單組模型與 lavaan 預設一樣不含平均數結構）。"),
    "modifier_fn": ("Modifier functions such as start(), c(), equal() are not supported; use NUMBER*var, "
                    "label*var or NA*var.",
                    "不支持 start()、c()、equal() 等修饰函数，请使用 数字*变量、标签*变量 或 NA*变量。",
                    "不支援 start()、c()、equal() 等修飾函式，請使用 數字*變項、標籤*變項 或 NA*變項。"),
    "name": ("Names must start with a letter and contain only letters, digits, _ and . (ASCII).",
             "名称必须以字母开头，只能包含字母、数字、_ 和 .（ASCII）。",
             "名稱必須以字母開頭，只能包含字母、數字、_ 和 .（ASCII）。"),
    "operator": ("Each statement needs exactly one operator (=~, ~, ~~ or :=). " + _RULES,
                 "每条语句必须恰好有一个运算符（=~、~、~~ 或 :=）。" + _RULES_ZH,
                 "每條敘述必須恰有一個運算子（=~、~、~~ 或 :=）。" + _RULES_ZH_HANT),
    "lhs": ("The left-hand side must be one variable name, or names joined by +.",
            "左侧必须是一个变量名，或用 + 连接的多个变量名。",
            "左側必須是一個變項名稱，或以 + 連接的多個變項名稱。"),
    "term": ("Each term must be 'var', 'NUMBER*var', 'label*var' or 'NA*var', terms joined by +.",
             "每一项必须是 '变量'、'数字*变量'、'标签*变量' 或 'NA*变量'，各项之间用 + 连接。",
             "每一項必須是 '變項'、'數字*變項'、'標籤*變項' 或 'NA*變項'，各項之間以 + 連接。"),
    "self": ("A variable cannot load on or be regressed on itself.",
             "变量不能加载于自身或以自身为预测变量。",
             "變項不能負荷於自身或以自身為預測變項。"),
    "duplicate": ("This parameter is specified twice; keep one statement.",
                  "该参数被重复设定，请只保留一条。",
                  "此參數被重複設定，請只保留一條。"),
    "label_clash": ("A label must differ from every variable name and from the names on the left of :=.",
                    "标签不能与任何变量名或 := 左侧的名称相同。",
                    "標籤不能與任何變項名稱或 := 左側的名稱相同。"),
    "defined": ("After := write arithmetic on labels defined in the model (e.g. a*x), numbers, "
                "+ - * / and parentheses only, e.g. 'indirect := a*b'.",
                ":= 之后只能写由模型中已定义的标签（如 a*x 中的 a）、数字、+ - * / 和括号组成的算式，例如 'indirect := a*b'。",
                ":= 之後只能寫由模型中已定義的標籤（如 a*x 中的 a）、數字、+ - * / 和括號組成的算式，例如 'indirect := a*b'。"),
    "defined_unknown": ("This name is not a label in the model. Label the path first (e.g. 'y ~ a*x'), "
                        "then use the label after :=.",
                        "该名称不是模型中的标签。请先为路径加标签（如 'y ~ a*x'），再在 := 中使用。",
                        "此名稱不是模型中的標籤。請先為路徑加標籤（如 'y ~ a*x'），再於 := 中使用。"),
}


def _fail(kind: str, line: int | None, snippet: str) -> OptionError:
    en, zh, zh_hant = _FIX[kind]
    snippet = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in snippet)
    if len(snippet) > 40:
        snippet = snippet[:39] + "…"
    detail = f'line {line}: "{snippet}"' if line is not None else f'"{snippet}"'
    return OptionError("option_invalid", option="model", detail=detail,
                       fix_en=en, fix_zh=zh, fix_zh_hant=zh_hant)


# --------------------------------------------------------------------------
# the parsed model
# --------------------------------------------------------------------------
@dataclass(frozen=True)
class Statement:
    """One parameter the user wrote: ``lhs op rhs`` with at most one modifier.

    ``fixed`` is the number of ``NUMBER*var``; ``free`` is True for ``NA*var``;
    ``label`` is the name of ``label*var``.
    """

    lhs: str
    op: str
    rhs: str
    label: str | None = None
    fixed: float | None = None
    free: bool = False
    line: int = 0

    @property
    def key(self) -> tuple[str, str, str]:
        return parameter_key(self.lhs, self.op, self.rhs)


@dataclass(frozen=True)
class DefinedParameter:
    """``name := expression``; ``text`` is the expression as lavaan prints it (no spaces)."""

    name: str
    text: str
    expr: tuple
    line: int = 0

    @property
    def names(self) -> list[str]:
        return names_in(self.expr)


def parameter_key(lhs: str, op: str, rhs: str) -> tuple[str, str, str]:
    """Identity of a parameter; ``a ~~ b`` and ``b ~~ a`` are the same one."""
    if op == "~~" and rhs < lhs:
        lhs, rhs = rhs, lhs
    return lhs, op, rhs


@dataclass(frozen=True)
class ModelSpec:
    """A checked lavaan model: the user's statements and defined parameters, in order.

    Views (all derived from ``statements``): :attr:`measurement` (latent →
    indicators), :attr:`regressions` (outcome → predictors),
    :attr:`covariances`, :attr:`labels`, :attr:`fixed`, :attr:`defined`, and
    the variable lists :attr:`latent`, :attr:`observed`, :attr:`endogenous`,
    :attr:`exogenous`.
    """

    statements: tuple[Statement, ...]
    defined: tuple[DefinedParameter, ...] = ()
    source: str = field(default="", compare=False, repr=False)

    # -- views ---------------------------------------------------------------
    @property
    def measurement(self) -> dict[str, tuple[str, ...]]:
        out: dict[str, list[str]] = {}
        for s in self.statements:
            if s.op == "=~":
                out.setdefault(s.lhs, []).append(s.rhs)
        return {k: tuple(v) for k, v in out.items()}

    @property
    def regressions(self) -> dict[str, tuple[str, ...]]:
        out: dict[str, list[str]] = {}
        for s in self.statements:
            if s.op == "~":
                out.setdefault(s.lhs, []).append(s.rhs)
        return {k: tuple(v) for k, v in out.items()}

    @property
    def covariances(self) -> tuple[tuple[str, str], ...]:
        return tuple((s.lhs, s.rhs) for s in self.statements if s.op == "~~")

    @property
    def labels(self) -> dict[tuple[str, str, str], str]:
        return {(s.lhs, s.op, s.rhs): s.label for s in self.statements if s.label}

    @property
    def fixed(self) -> dict[tuple[str, str, str], float]:
        return {(s.lhs, s.op, s.rhs): s.fixed for s in self.statements if s.fixed is not None}

    @property
    def latent(self) -> list[str]:
        """Latent variables: left of ``=~``, in order of appearance (lavaan's lv.names)."""
        return list(self.measurement)

    @property
    def observed(self) -> list[str]:
        """Observed variables in lavaan's ov.names order: indicators, outcomes, predictors, others."""
        lv = set(self.latent)
        ind = _unique(s.rhs for s in self.statements if s.op == "=~" and s.rhs not in lv)
        ys = _unique(s.lhs for s in self.statements if s.op == "~" and s.lhs not in lv and s.lhs not in ind)
        xs = _unique(s.rhs for s in self.statements
                     if s.op == "~" and s.rhs not in lv and s.rhs not in ind and s.rhs not in ys)
        base = ind + ys + xs
        extra = _unique(v for s in self.statements if s.op == "~~" for v in (s.lhs, s.rhs)
                        if v not in lv and v not in base)
        return base + extra

    @property
    def variables(self) -> list[str]:
        return self.observed + self.latent

    @property
    def endogenous(self) -> list[str]:
        """Variables with an incoming arrow: indicators and outcomes of ``~``."""
        receives = {s.rhs for s in self.statements if s.op == "=~"} | \
                   {s.lhs for s in self.statements if s.op == "~"}
        return [v for v in self.variables if v in receives]

    @property
    def exogenous(self) -> list[str]:
        endo = set(self.endogenous)
        return [v for v in self.variables if v not in endo]

    # -- conversions ---------------------------------------------------------
    def to_lavaan(self) -> str:
        """Canonical lavaan syntax (one statement per parameter group)."""
        lines: list[str] = []
        groups: dict[tuple[str, str], list[str]] = {}
        order: list[tuple[str, str]] = []
        for s in self.statements:
            k = (s.lhs, s.op)
            if k not in groups:
                groups[k] = []
                order.append(k)
            groups[k].append(_term_text(s))
        for lhs, op in order:
            lines.append(f"{lhs} {op} " + " + ".join(groups[(lhs, op)]))
        for d in self.defined:
            lines.append(f"{d.name} := {d.text}")
        return "\n".join(lines) + "\n"

    def to_semopy(self) -> str:
        """semopy syntax for the fully specified lavaan model (no ``:=``, no constraint lines).

        Built from the parameter table (:func:`research.sem.partable.build_partable`):
        every free and fixed parameter lavaan would have is written out, so
        semopy's own defaults cannot change the model.
        """
        from .partable import build_partable, semopy_syntax  # avoid an import cycle
        return semopy_syntax(build_partable(self))

    def measurement_only(self) -> "ModelSpec":
        """The measurement part (``=~`` and ``~~``), as lavaan's ``cfa()`` would fit it.

        Regressions are dropped, and so are defined parameters that use a
        label which no longer exists.
        """
        kept = tuple(s for s in self.statements if s.op != "~")
        labels = {s.label for s in kept if s.label}
        defined: list[DefinedParameter] = []
        for d in self.defined:
            if all(n in labels or n in {e.name for e in defined} for n in d.names):
                defined.append(d)
        return replace(self, statements=kept, defined=tuple(defined))


def _term_text(s: Statement) -> str:
    if s.free:
        return f"NA*{s.rhs}"
    if s.fixed is not None:
        return f"{format_number(s.fixed)}*{s.rhs}"
    if s.label:
        return f"{s.label}*{s.rhs}"
    return s.rhs


def format_number(v: float) -> str:
    """A number as plain decimal text (never ``1e+05``: semopy splits terms on ``+``)."""
    import numpy as np
    return np.format_float_positional(float(v), trim="-")


def _unique(items: Iterable[str]) -> list[str]:
    out: list[str] = []
    for x in items:
        if x not in out:
            out.append(x)
    return out


# --------------------------------------------------------------------------
# parsing
# --------------------------------------------------------------------------
def parse_model(text: "str | ModelSpec") -> ModelSpec:
    """Parse lavaan model syntax into a :class:`ModelSpec`; nothing is evaluated.

    Raises :class:`research.errors.OptionError` (``option_invalid``, option
    ``model``) naming the line and the offending text for anything outside
    the accepted subset (see the module docstring).
    """
    if isinstance(text, ModelSpec):
        return text
    if not isinstance(text, str):
        raise _fail("type", None, type(text).__name__)
    if len(text) > MAX_MODEL_CHARS:
        raise _fail("too_long", None, f"{len(text)} chars")
    statements: list[Statement] = []
    defined: list[DefinedParameter] = []
    for line_no, stmt in _logical_statements(text):
        tokens = _tokenize(stmt, line_no)
        ops = [i for i, (k, t) in enumerate(tokens) if k == "op" and t in OPERATORS]
        if not ops:
            raise _fail("operator", line_no, stmt)
        if len(ops) > 1:
            raise _fail("operator", line_no, tokens[ops[1]][1] + " …")
        i = ops[0]
        op = tokens[i][1]
        lhs_toks, rhs_toks = tokens[:i], tokens[i + 1:]
        if op == ":=":
            defined.append(_parse_defined(lhs_toks, rhs_toks, line_no, stmt))
        else:
            statements.extend(_parse_formula(lhs_toks, op, rhs_toks, line_no, stmt))
    if not statements:
        raise _fail("empty", None, text.strip()[:40])
    spec = ModelSpec(statements=tuple(statements), defined=tuple(defined), source=text)
    _check_model(spec)
    return spec


def _logical_statements(text: str) -> list[tuple[int, str]]:
    """Split into statements, dropping comments, joining continued lines."""
    out: list[list] = []  # [line_no, text]
    for line_no, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        cut = len(raw)
        for mark in "#!":
            j = raw.find(mark)
            if j >= 0:
                cut = min(cut, j)
        line = raw[:cut]
        _check_characters(line, line_no)
        for part in line.split(";"):
            part = part.strip()
            if not part:
                continue
            if out and (_continues(out[-1][1]) or part[0] in "+*"):
                out[-1][1] = out[-1][1] + " " + part
            else:
                out.append([line_no, part])
    return [(n, s) for n, s in out]


def _continues(stmt: str) -> bool:
    s = stmt.rstrip()
    return s.endswith(("+", "*", "=~", "~", ":="))


def _check_characters(line: str, line_no: int) -> None:
    body = line.replace(";", " ")
    if "<~" in body or "~*~" in body:
        raise _fail("formative", line_no, line.strip())
    for ch in body:
        if ch in _ALLOWED:
            continue
        if ch in "<>" or "==" in body:
            raise _fail("constraint", line_no, line.strip())
        if ch == "|":
            raise _fail("threshold", line_no, line.strip())
        if ch in "'\"`":
            raise _fail("quote", line_no, line.strip())
        if not ch.isascii():
            raise _fail("nonascii", line_no, ch + "  ← " + line.strip())
        raise _fail("char", line_no, ch + "  ← " + line.strip())
    if "==" in body:
        raise _fail("constraint", line_no, line.strip())


def _tokenize(stmt: str, line_no: int) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    pos = 0
    while pos < len(stmt):
        if stmt[pos] in " \t":
            pos += 1
            continue
        m = _TOKEN_RE.match(stmt, pos)
        if not m:
            word = _WORD_RE.match(stmt, pos)
            bad = word.group(0) if word else stmt[pos:pos + 10]
            if stmt[pos] in "=:":
                raise _fail("operator", line_no, stmt[pos:pos + 10])
            raise _fail("name", line_no, bad)
        kind = m.lastgroup
        tokens.append((kind, m.group(0)))
        pos = m.end()
    return tokens


def _parse_names(toks: list[tuple[str, str]], line_no: int, stmt: str) -> list[str]:
    names: list[str] = []
    expect_name = True
    for kind, text in toks:
        if expect_name and kind == "ident" and text != "NA":
            names.append(text)
        elif not expect_name and (kind, text) == ("op", "+"):
            pass
        else:
            raise _fail("lhs", line_no, stmt)
        expect_name = not expect_name
    if not names or expect_name:
        raise _fail("lhs", line_no, stmt)
    return names


def _split_terms(toks: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    terms: list[list[tuple[str, str]]] = [[]]
    for tok in toks:
        if tok == ("op", "+") and terms[-1] and terms[-1][-1] != ("op", "*"):
            terms.append([])
        else:
            terms[-1].append(tok)
    return terms


def _parse_formula(lhs_toks, op, rhs_toks, line_no, stmt) -> list[Statement]:
    lhs_names = _parse_names(lhs_toks, line_no, stmt)
    if not rhs_toks:
        raise _fail("term", line_no, stmt)
    parsed: list[tuple[str, str | None, float | None, bool]] = []
    for term in _split_terms(rhs_toks):
        parsed.append(_parse_term(term, op, line_no, stmt))
    out = []
    for lhs in lhs_names:
        for var, label, fixed, free in parsed:
            if var == lhs and op in ("=~", "~"):
                raise _fail("self", line_no, f"{lhs} {op} {var}")
            out.append(Statement(lhs, op, var, label=label, fixed=fixed, free=free, line=line_no))
    return out


def _parse_term(term, op, line_no, stmt):
    """``var`` | ``NUMBER*var`` | ``-NUMBER*var`` | ``label*var`` | ``NA*var``."""
    text = "".join(t for _, t in term)
    kinds = [k for k, _ in term]
    if not term:
        raise _fail("term", line_no, stmt)
    if kinds == ["ident"]:
        if term[0][1] == "NA":
            raise _fail("term", line_no, text)
        return term[0][1], None, None, False
    if kinds == ["number"]:
        raise _fail("intercept" if op == "~" else "term", line_no, stmt)
    if any(t in ("(", ")") for _, t in term):
        raise _fail("modifier_fn", line_no, text)
    if len(term) >= 3 and term[-2] == ("op", "*") and term[-1][0] == "ident":
        var = term[-1][1]
        mod = term[:-2]
        if var == "NA":
            raise _fail("term", line_no, text)
        if [k for k, _ in mod] == ["number"]:
            return var, None, float(mod[0][1]), False
        if len(mod) == 2 and mod[0][0] == "op" and mod[0][1] in "+-" and mod[1][0] == "number":
            value = float(mod[1][1])
            return var, None, -value if mod[0][1] == "-" else value, False
        if [k for k, _ in mod] == ["ident"]:
            if mod[0][1] == "NA":
                return var, None, None, True
            return var, mod[0][1], None, False
    raise _fail("term", line_no, text)


def _parse_defined(lhs_toks, rhs_toks, line_no, stmt) -> DefinedParameter:
    if len(lhs_toks) != 1 or lhs_toks[0][0] != "ident" or lhs_toks[0][1] == "NA":
        raise _fail("lhs", line_no, stmt)
    try:
        tree = parse_expression(rhs_toks)
    except ExpressionSyntaxError as exc:
        raise _fail("defined", line_no, exc.token or stmt) from None
    text = "".join(t for _, t in rhs_toks)
    return DefinedParameter(name=lhs_toks[0][1], text=text, expr=tree, line=line_no)


def _check_model(spec: ModelSpec) -> None:
    seen: dict[tuple[str, str, str], int] = {}
    for s in spec.statements:
        if s.key in seen:
            raise _fail("duplicate", s.line, f"{s.lhs} {s.op} {s.rhs}")
        seen[s.key] = s.line
    variables = set(spec.variables)
    labels: dict[str, int] = {}
    for s in spec.statements:
        if s.label:
            if s.label in variables:
                raise _fail("label_clash", s.line, s.label)
            labels[s.label] = labels.get(s.label, 0) + 1
    defined_names: set[str] = set()
    for d in spec.defined:
        if d.name in variables or d.name in labels or d.name in defined_names:
            raise _fail("label_clash", d.line, d.name)
        for name in d.names:
            if name not in labels and name not in defined_names:
                raise _fail("defined_unknown", d.line, name)
        defined_names.add(d.name)
