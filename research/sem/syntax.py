"""A whitelist parser for lavaan model syntax.

Model syntax is typed by users (in the app, in a YAML study spec), so it is
*data*: nothing here evaluates it.  semopy's own parser hands constraint lines
to sympy's ``parse_expr``, which runs Python, so user text never reaches
semopy directly; :meth:`ModelSpec.to_semopy` writes fresh semopy syntax from
the checked, parsed model, without constraints.

Accepted (lavaan 0.6 syntax, Rosseel 2012), one statement per line or
separated by ``;``::

    # comment            ! comment
    f1 =~ x1 + x2 + x3                    measurement (first loading fixed to 1)
    f2 =~ NA*x4 + 0.8*x5 + lam*x6         NA* frees, NUMBER* fixes, label* names
    g  =~ f1 + f2                         higher-order factors, cross-loadings
    y ~ a*f1 + f2                         regression
    y1 + y2 ~ x                           several left-hand sides
    x1 ~~ x2 ;  f1 ~~ 1*f1                (residual) covariance / variance
    x1 ~ 1 ;  x2 ~ m*1 ;  f1 ~ NA*1       intercepts and means (adds a mean structure)
    ind := a*b                            defined parameter: labels, numbers,
    tot := c + a*(b - 2) / 3 + a^2        + - * / ^ and parentheses only
    a == b ;  a == 2*b ;  a*b == 1        equality constraints
    c > 0 ;  a < b + 1                    inequality constraints

Modifiers before a variable (or before the ``1`` of an intercept) are chained
with ``*``: a number (fixes), ``NA`` (frees), a label, ``label("name")``,
``start(NUMBER)`` (a starting value only), ``equal("f1=~x3")`` (equal to
another parameter), and ``c(…)`` with one label, number or ``NA`` per group
(``c(a1, a2)*x2``).  A label may equal a variable name (lavaan allows it);
names inside ``:=`` and constraints always mean labels or ``:=`` names.

A statement continues on the next line when it ends with ``+``, ``*`` or an
operator, or when the next line starts with ``+``.  Names (variables, labels)
are ASCII: a letter first, then letters, digits, ``_`` or ``.``.  Everything
else (thresholds ``|``, formative ``<~``, other modifier functions, quotes
outside ``equal``/``label``, non-ASCII symbols) raises
:class:`research.errors.OptionError` with the line number.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from typing import Iterable

from ..errors import OptionError
from ..messages import Note
from .expressions import ExpressionSyntaxError, names_in, parse_expression

MAX_MODEL_CHARS = 200_000
OPERATORS = ("=~", "~~", "~", ":=", "==", "<", ">")
CONSTRAINT_OPS = ("==", "<", ">")
_ALLOWED = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.+-*/^()=~:<>,\"' \t")
_IDENT_RE = re.compile(r"[A-Za-z][A-Za-z0-9_.]*\Z")
_TOKEN_RE = re.compile(
    r"(?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?(?![A-Za-z0-9_.]))"
    r"|(?P<ident>[A-Za-z][A-Za-z0-9_.]*)"
    r"|(?P<string>\"[^\"']*\"|'[^\"']*')"
    r"|(?P<op>=~|~~|:=|==|[~+\-*/^(),<>])"
)
_WORD_RE = re.compile(r"[^\s+*/()~=:,]+")
# a parameter named inside equal("...") / in a release list: lhs op rhs, or lhs ~1
_PARAM_RE = re.compile(r"\s*([A-Za-z][A-Za-z0-9_.]*)\s*(=~|~~|~1|~)\s*([A-Za-z][A-Za-z0-9_.]*)?\s*\Z")
MODIFIER_FUNCTIONS = ("start", "equal", "label", "c")


# --------------------------------------------------------------------------
# error texts: the detail is language-neutral ("line N: <quoted text>"), the
# explanation lives in the three fix texts.
# --------------------------------------------------------------------------
_RULES = ("Allowed: 'latent =~ item1 + item2', 'y ~ x1 + x2', 'a ~~ b', 'y ~ 1', 'name := a*b', 'a == b', "
          "'a > 0'; modifiers NUMBER*var, label*var, NA*var, start(NUMBER)*var, equal(\"f=~x1\")*var, "
          "c(a1, a2)*var; comments after # or !.")
_RULES_ZH = ("允许的写法：'潜变量 =~ 题1 + 题2'、'y ~ x1 + x2'、'a ~~ b'、'y ~ 1'、'name := a*b'、'a == b'、'a > 0'；"
             "修饰符 数字*变量、标签*变量、NA*变量、start(数字)*变量、equal(\"f=~x1\")*变量、c(a1, a2)*变量；"
             "# 或 ! 之后为注释。")
_RULES_ZH_HANT = ("允許的寫法：'潛在變項 =~ 題1 + 題2'、'y ~ x1 + x2'、'a ~~ b'、'y ~ 1'、'name := a*b'、'a == b'、"
                  "'a > 0'；修飾符 數字*變項、標籤*變項、NA*變項、start(數字)*變項、equal(\"f=~x1\")*變項、"
                  "c(a1, a2)*變項；# 或 ! 之後為註解。")

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
    "quote": ("Quotes are only used inside equal(\"…\") and label(\"…\"); write names and labels without them, "
              "and no backticks.",
              "引号只用于 equal(\"…\") 和 label(\"…\") 之内；变量名和标签请直接书写，也不要用反引号。",
              "引號只用於 equal(\"…\") 與 label(\"…\") 之內；變項名稱與標籤請直接書寫，也不要用反引號。"),
    "constraint": ("A constraint compares two expressions of labels and numbers: 'a == b', 'a == 2*b', "
                   "'a*b == 1', 'c > 0', 'a < b'. Label the parameters first (e.g. 'f =~ x1 + a*x2').",
                   "约束比较两个由标签和数字组成的算式：'a == b'、'a == 2*b'、'a*b == 1'、'c > 0'、'a < b'。"
                   "请先为参数加标签（如 'f =~ x1 + a*x2'）。",
                   "限制式比較兩個由標籤與數字組成的算式：'a == b'、'a == 2*b'、'a*b == 1'、'c > 0'、'a < b'。"
                   "請先為參數加標籤（如 'f =~ x1 + a*x2'）。"),
    "formative": ("Formative (<~) and scaling (~*~) operators are not supported in CB-SEM; use =~ for reflective "
                  "measurement.",
                  "CB-SEM 不支持形成性（<~）和尺度（~*~）运算符，请用 =~ 表示反映性测量。",
                  "CB-SEM 不支援形成性（<~）與尺度（~*~）運算子，請以 =~ 表示反映性測量。"),
    "threshold": ("Threshold lines (|) are not needed: with the estimator WLSMV or ULSMV and the item ordered "
                  "(--ordered), its thresholds are estimated freely, as lavaan does without such a line; remove the "
                  "line (labels, fixed values or equality constraints on thresholds are not supported).",
                  "无需写阈值语句（|）：选择 WLSMV 或 ULSMV 估计并把该题设为有序（--ordered）后，其阈值会自由估计，"
                  "与 lavaan 不写该语句时相同；请删除这一行（不支持为阈值加标签、固定值或等同约束）。",
                  "無需寫閾值敘述（|）：選擇 WLSMV 或 ULSMV 估計並將該題設為有序（--ordered）後，其閾值會自由估計，"
                  "與 lavaan 不寫該敘述時相同；請刪除這一行（不支援為閾值加標籤、固定值或等同限制）。"),
    "intercept": ("An intercept is written 'y ~ 1' (or 'y ~ 0*1', 'y ~ m*1'); a number alone elsewhere is "
                  "not a term.",
                  "截距写作 'y ~ 1'（或 'y ~ 0*1'、'y ~ m*1'）；其他位置单独的数字不是合法的项。",
                  "截距寫作 'y ~ 1'（或 'y ~ 0*1'、'y ~ m*1'）；其他位置單獨的數字不是合法的項。"),
    "modifier_fn": ("Modifier functions are start(NUMBER), equal(\"f=~x1\"), label(\"name\") and c(…) with one "
                    "label, number or NA per group; other functions are not supported.",
                    "修饰函数只有 start(数字)、equal(\"f=~x1\")、label(\"名称\") 和每组一个标签、数字或 NA 的 c(…)；"
                    "不支持其他函数。",
                    "修飾函式只有 start(數字)、equal(\"f=~x1\")、label(\"名稱\") 與每組一個標籤、數字或 NA 的 c(…)；"
                    "不支援其他函式。"),
    "modifier_twice": ("A term has two modifiers of the same kind (two labels, two values or two starts); keep one.",
                       "同一项有两个同类修饰符（两个标签、两个数值或两个起始值），请只保留一个。",
                       "同一項有兩個同類修飾符（兩個標籤、兩個數值或兩個起始值），請只保留一個。"),
    "name": ("Names must start with a letter and contain only letters, digits, _ and . (ASCII).",
             "名称必须以字母开头，只能包含字母、数字、_ 和 .（ASCII）。",
             "名稱必須以字母開頭，只能包含字母、數字、_ 和 .（ASCII）。"),
    "operator": ("Each statement needs exactly one operator (=~, ~, ~~, :=, ==, < or >). " + _RULES,
                 "每条语句必须恰好有一个运算符（=~、~、~~、:=、==、< 或 >）。" + _RULES_ZH,
                 "每條敘述必須恰有一個運算子（=~、~、~~、:=、==、< 或 >）。" + _RULES_ZH_HANT),
    "lhs": ("The left-hand side must be one variable name, or names joined by +.",
            "左侧必须是一个变量名，或用 + 连接的多个变量名。",
            "左側必須是一個變項名稱，或以 + 連接的多個變項名稱。"),
    "term": ("Each term must be 'var', 'NUMBER*var', 'label*var' or 'NA*var' (modifiers chained with *), "
             "terms joined by +.",
             "每一项必须是 '变量'、'数字*变量'、'标签*变量' 或 'NA*变量'（修饰符用 * 串接），各项之间用 + 连接。",
             "每一項必須是 '變項'、'數字*變項'、'標籤*變項' 或 'NA*變項'（修飾符以 * 串接），各項之間以 + 連接。"),
    "self": ("A variable cannot load on or be regressed on itself.",
             "变量不能加载于自身或以自身为预测变量。",
             "變項不能負荷於自身或以自身為預測變項。"),
    "duplicate": ("This parameter is specified twice; keep one statement.",
                  "该参数被重复设定，请只保留一条。",
                  "此參數被重複設定，請只保留一條。"),
    "label_clash": ("A name on the left of := must differ from every label, variable name and other := name.",
                    ":= 左侧的名称不能与任何标签、变量名或其他 := 名称相同。",
                    ":= 左側的名稱不能與任何標籤、變項名稱或其他 := 名稱相同。"),
    "defined": ("After := write arithmetic on labels defined in the model (e.g. a*x), numbers, "
                "+ - * / ^ and parentheses only, e.g. 'indirect := a*b'.",
                ":= 之后只能写由模型中已定义的标签（如 a*x 中的 a）、数字、+ - * / ^ 和括号组成的算式，例如 'indirect := a*b'。",
                ":= 之後只能寫由模型中已定義的標籤（如 a*x 中的 a）、數字、+ - * / ^ 和括號組成的算式，例如 'indirect := a*b'。"),
    "defined_unknown": ("This name is not a label in the model. Label the path first (e.g. 'y ~ a*x'), "
                        "then use the label after := or in a constraint.",
                        "该名称不是模型中的标签。请先为路径加标签（如 'y ~ a*x'），再在 := 或约束中使用。",
                        "此名稱不是模型中的標籤。請先為路徑加標籤（如 'y ~ a*x'），再於 := 或限制式中使用。"),
    "modifier_groups": ("c(…) gives one label, number or NA per group: write as many as the model has groups, "
                        "the same number in every c(…).",
                        "c(…) 为每组给出一个标签、数字或 NA：个数须等于模型的组数，且每个 c(…) 的个数相同。",
                        "c(…) 為每組給出一個標籤、數字或 NA：個數須等於模型的組數，且每個 c(…) 的個數相同。"),
    "equal_ref": ("equal(\"…\") names a parameter as lavaan writes it, e.g. equal(\"visual=~x3\") or "
                  "equal(\"x1~1\").",
                  "equal(\"…\") 按 lavaan 的写法指明参数，例如 equal(\"visual=~x3\") 或 equal(\"x1~1\")。",
                  "equal(\"…\") 依 lavaan 的寫法指明參數，例如 equal(\"visual=~x3\") 或 equal(\"x1~1\")。"),
}


def _fail(kind: str, line: int | None, snippet: str) -> OptionError:
    en, zh, zh_hant = _FIX[kind]
    snippet = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in snippet)
    if len(snippet) > 40:
        snippet = snippet[:39] + "…"
    # the line number in the message's language ("line 2" / "第 2 行"), the snippet as written
    detail = Note(en=f'line {line}: "{snippet}"', zh_hans=f'第 {line} 行：“{snippet}”',
                  zh_hant=f'第 {line} 行：「{snippet}」') if line is not None else f'"{snippet}"'
    return OptionError("option_invalid", option="model", detail=detail,
                       fix_en=en, fix_zh=zh, fix_zh_hant=zh_hant)


# --------------------------------------------------------------------------
# the parsed model
# --------------------------------------------------------------------------
@dataclass(frozen=True)
class Modifier:
    """One group's modifier of a term: a label, a fixed value or NA (free)."""

    label: str | None = None
    fixed: float | None = None
    free: bool = False


@dataclass(frozen=True)
class Statement:
    """One parameter the user wrote: ``lhs op rhs`` with its modifiers.

    ``fixed`` is the number of ``NUMBER*var``; ``free`` is True for ``NA*var``;
    ``label`` is the name of ``label*var``; ``start`` a starting value;
    ``equal`` the parameter of ``equal("lhs op rhs")`` as a key; ``groups`` the
    per-group modifiers of ``c(…)`` (one per group).  Intercepts have
    ``op == "~1"`` and ``rhs == ""``.
    """

    lhs: str
    op: str
    rhs: str
    label: str | None = None
    fixed: float | None = None
    free: bool = False
    line: int = 0
    start: float | None = None
    equal: tuple[str, str, str] | None = None
    groups: tuple[Modifier, ...] | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        return parameter_key(self.lhs, self.op, self.rhs)

    def for_group(self, group: int, ngroups: int) -> "Statement":
        """The statement as group ``group`` (0-based) of ``ngroups`` sees it (``c(…)`` resolved)."""
        if self.groups is None:
            return self
        if len(self.groups) != ngroups:
            raise _fail("modifier_groups", self.line,
                        f"c(…) ×{len(self.groups)}, {ngroups} group{'s' if ngroups != 1 else ''}")
        m = self.groups[group]
        return replace(self, label=m.label, fixed=m.fixed, free=m.free, groups=None)


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


@dataclass(frozen=True)
class Constraint:
    """``lhs == rhs``, ``lhs < rhs`` or ``lhs > rhs`` on labels, ``:=`` names and numbers."""

    op: str
    lhs: tuple
    rhs: tuple
    text: str
    line: int = 0

    @property
    def names(self) -> list[str]:
        out = names_in(self.lhs)
        return out + [n for n in names_in(self.rhs) if n not in out]

    @property
    def tree(self) -> tuple:
        """The constraint as one expression: ``lhs − rhs`` (==, >) or ``rhs − lhs`` (<); == 0 or > 0."""
        return ("sub", self.rhs, self.lhs) if self.op == "<" else ("sub", self.lhs, self.rhs)


def parameter_key(lhs: str, op: str, rhs: str) -> tuple[str, str, str]:
    """Identity of a parameter; ``a ~~ b`` and ``b ~~ a`` are the same one."""
    if op == "~~" and rhs < lhs:
        lhs, rhs = rhs, lhs
    return lhs, op, rhs


def parse_parameter_text(text: str) -> tuple[str, str, str] | None:
    """``"visual =~ x2"`` → ("visual", "=~", "x2"); ``"x3 ~1"`` / ``"x3 ~ 1"`` → ("x3", "~1", ""); else None."""
    t = str(text).strip()
    t = re.sub(r"~\s*1\s*\Z", "~1", t)
    m = _PARAM_RE.match(t)
    if not m:
        return None
    lhs, op, rhs = m.group(1), m.group(2), m.group(3) or ""
    if (op == "~1") != (rhs == ""):
        return None
    return parameter_key(lhs, op, rhs)


@dataclass(frozen=True)
class ModelSpec:
    """A checked lavaan model: the user's statements, defined parameters and constraints, in order.

    Views (all derived from ``statements``): :attr:`measurement` (latent →
    indicators), :attr:`regressions` (outcome → predictors), :attr:`intercepts`,
    :attr:`covariances`, :attr:`labels`, :attr:`fixed`, :attr:`defined`, and
    the variable lists :attr:`latent`, :attr:`observed`, :attr:`endogenous`,
    :attr:`exogenous`.
    """

    statements: tuple[Statement, ...]
    defined: tuple[DefinedParameter, ...] = ()
    source: str = field(default="", compare=False, repr=False)
    constraints: tuple[Constraint, ...] = ()

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
    def intercepts(self) -> tuple[str, ...]:
        """Variables with a user-written intercept or mean (``y ~ 1``)."""
        return tuple(s.lhs for s in self.statements if s.op == "~1")

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
    def ngroups_hint(self) -> int:
        """The number of groups the ``c(…)`` modifiers are written for (1 without any)."""
        return max((len(s.groups) for s in self.statements if s.groups is not None), default=1)

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
        extra = _unique(v for s in self.statements if s.op in ("~~", "~1")
                        for v in ((s.lhs, s.rhs) if s.op == "~~" else (s.lhs,))
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
            k = (s.lhs, "~" if s.op == "~1" else s.op)
            if k not in groups:
                groups[k] = []
                order.append(k)
            groups[k].append(_term_text(s))
        for lhs, op in order:
            lines.append(f"{lhs} {op} " + " + ".join(groups[(lhs, op)]))
        for d in self.defined:
            lines.append(f"{d.name} := {d.text}")
        for c in self.constraints:
            lines.append(c.text)
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
        """The measurement part (``=~``, ``~~`` and intercepts), as lavaan's ``cfa()`` would fit it.

        Regressions are dropped, and so are defined parameters and constraints that
        use a label which no longer exists.
        """
        kept = tuple(s for s in self.statements if s.op != "~")
        return self._keeping(kept)

    def pooled(self) -> "ModelSpec":
        """The model for all groups together: per-group modifiers ``c(…)`` left out (their parameters free)."""
        if not any(s.groups is not None for s in self.statements):
            return self

        def pooled_statement(s):
            if s.groups is None:
                return s
            if len(set(s.groups)) == 1:                 # c(a, a): the same in every group, so for all together
                m = s.groups[0]
                return replace(s, label=m.label, fixed=m.fixed, free=m.free, groups=None)
            return replace(s, groups=None)

        return self._keeping(tuple(pooled_statement(s) for s in self.statements))

    def covariance_only(self) -> "ModelSpec":
        """The covariance structure: intercept statements (and constraints on their labels, and equal()
        references to intercepts) left out."""
        kept = tuple(replace(s, equal=None) if s.equal is not None and s.equal[1] == "~1" else s
                     for s in self.statements if s.op != "~1")
        return self._keeping(kept)

    def _keeping(self, kept: tuple[Statement, ...]) -> "ModelSpec":
        labels = {s.label for s in kept if s.label} | \
                 {m.label for s in kept if s.groups for m in s.groups if m.label}
        defined: list[DefinedParameter] = []
        for d in self.defined:
            if all(n in labels or n in {e.name for e in defined} for n in d.names):
                defined.append(d)
        known = labels | {d.name for d in defined}
        constraints = tuple(c for c in self.constraints if all(n in known for n in c.names))
        return replace(self, statements=kept, defined=tuple(defined), constraints=constraints)


def _term_text(s: Statement) -> str:
    mods = []
    if s.groups is not None:
        mods.append("c(" + ", ".join(m.label if m.label else "NA" if m.free or m.fixed is None
                                      else format_number(m.fixed) for m in s.groups) + ")")
    elif s.free:
        mods.append("NA")
    elif s.fixed is not None:
        mods.append(format_number(s.fixed))
    if s.label and s.groups is None:
        mods.append(s.label)
    if s.start is not None:
        mods.append(f"start({format_number(s.start)})")
    if s.equal is not None:
        lhs, op, rhs = s.equal
        mods.append(f'equal("{lhs}{op}{rhs}")')
    var = "1" if s.op == "~1" else s.rhs
    return "*".join(mods + [var])


def format_number(v: float) -> str:
    """A number as plain decimal text (never ``1e+05``: semopy splits terms on ``+``)."""
    import numpy as np
    return np.format_float_positional(float(v), trim="-")


def unique(items: Iterable[str]) -> list[str]:
    """The items in order of first appearance, each once."""
    out: list[str] = []
    for x in items:
        if x not in out:
            out.append(x)
    return out


_unique = unique


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
    constraints: list[Constraint] = []
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
        elif op in CONSTRAINT_OPS:
            constraints.append(_parse_constraint(lhs_toks, op, rhs_toks, line_no, stmt))
        else:
            statements.extend(_parse_formula(lhs_toks, op, rhs_toks, line_no, stmt))
    if not statements:
        raise _fail("empty", None, text.strip()[:40])
    spec = ModelSpec(statements=tuple(statements), defined=tuple(defined), source=text,
                     constraints=tuple(constraints))
    _check_model(spec)
    return spec


def _logical_statements(text: str) -> list[tuple[int, str]]:
    """Split into statements, dropping comments, joining continued lines."""
    out: list[list] = []  # [line_no, text]
    for line_no, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        cut = len(raw)
        for mark in "#!":
            j = _outside_quotes(raw, mark)
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


def _outside_quotes(line: str, mark: str) -> int:
    """Index of the first ``mark`` not inside quotes, or −1."""
    quote = None
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
        elif ch == mark:
            return i
    return -1


def _continues(stmt: str) -> bool:
    s = stmt.rstrip()
    return s.endswith(("+", "*", "=~", "~", ":=", "==", "<", ">"))


def _check_characters(line: str, line_no: int) -> None:
    body = line.replace(";", " ")
    if "<~" in body or "~*~" in body:
        raise _fail("formative", line_no, line.strip())
    for ch in body:
        if ch in _ALLOWED:
            continue
        if ch == "|":
            raise _fail("threshold", line_no, line.strip())
        if ch == "`":
            raise _fail("quote", line_no, line.strip())
        if not ch.isascii():
            raise _fail("nonascii", line_no, ch + "  ← " + line.strip())
        raise _fail("char", line_no, ch + "  ← " + line.strip())


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
            if stmt[pos] in "\"'":
                raise _fail("quote", line_no, stmt[pos:pos + 20])
            if stmt[pos] in "=:":
                raise _fail("operator", line_no, stmt[pos:pos + 10])
            raise _fail("name", line_no, bad)
        kind = m.lastgroup
        tokens.append((kind, m.group(0)))
        pos = m.end()
    # strings only as the argument of equal("…") / label("…")
    for i, (kind, text) in enumerate(tokens):
        if kind == "string" and not (i >= 2 and tokens[i - 1] == ("op", "(")
                                     and tokens[i - 2] in (("ident", "equal"), ("ident", "label"))):
            raise _fail("quote", line_no, stmt)
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
    """Terms separated by top-level ``+`` (not inside parentheses, not right after ``*``)."""
    terms: list[list[tuple[str, str]]] = [[]]
    depth = 0
    for tok in toks:
        if tok == ("op", "("):
            depth += 1
        elif tok == ("op", ")"):
            depth -= 1
        if tok == ("op", "+") and depth == 0 and terms[-1] and terms[-1][-1] != ("op", "*"):
            terms.append([])
        else:
            terms[-1].append(tok)
    return terms


def _parse_formula(lhs_toks, op, rhs_toks, line_no, stmt) -> list[Statement]:
    lhs_names = _parse_names(lhs_toks, line_no, stmt)
    if not rhs_toks:
        raise _fail("term", line_no, stmt)
    parsed = [_parse_term(term, op, line_no, stmt) for term in _split_terms(rhs_toks)]
    out = []
    for lhs in lhs_names:
        for var, mods in parsed:
            this_op = op
            if var is None:                       # the "1" of an intercept
                this_op, var = "~1", ""
            elif var == lhs and op in ("=~", "~"):
                raise _fail("self", line_no, f"{lhs} {op} {var}")
            out.append(Statement(lhs, this_op, var, line=line_no, **mods))
    return out


def _number(tokens, line_no, text) -> float:
    """A NUMBER or −NUMBER token sequence."""
    kinds = [k for k, _ in tokens]
    value = None
    if kinds == ["number"]:
        value = float(tokens[0][1])
    elif len(tokens) == 2 and tokens[0] in (("op", "-"), ("op", "+")) and kinds[1] == "number":
        value = float(tokens[1][1])
        value = -value if tokens[0][1] == "-" else value
    if value is None or not math.isfinite(value):           # 1e400 is no number to fit
        raise _fail("term", line_no, text)
    return value


def _split_top(tokens, sep):
    """Split a token list at top-level ``sep`` (an op text)."""
    parts, depth = [[]], 0
    for tok in tokens:
        if tok == ("op", "("):
            depth += 1
        elif tok == ("op", ")"):
            depth -= 1
        if tok == ("op", sep) and depth == 0:
            parts.append([])
        else:
            parts[-1].append(tok)
    return parts


def _group_modifier(tokens, line_no, text) -> Modifier:
    kinds = [k for k, _ in tokens]
    if kinds == ["ident"]:
        name = tokens[0][1]
        return Modifier(free=True) if name == "NA" else Modifier(label=name)
    return Modifier(fixed=_number(tokens, line_no, text))


def _parse_term(term, op, line_no, stmt):
    """``(modifier *)* var`` — or ``(modifier *)* 1`` for an intercept (``var`` None).

    Returns (variable, Statement keyword arguments).
    """
    text = "".join(t for _, t in term)
    if not term:
        raise _fail("term", line_no, stmt)
    pieces = _split_top(term, "*")
    if any(not p for p in pieces):
        raise _fail("term", line_no, text)
    last = pieces[-1]
    if last == [("number", "1")] and op == "~":
        var = None
    elif [k for k, _ in last] == ["ident"] and last[0][1] != "NA":
        var = last[0][1]
    elif [k for k, _ in last] == ["number"]:
        raise _fail("intercept", line_no, stmt)
    else:
        raise _fail("modifier_fn" if ("op", "(") in last else "term", line_no, text)
    mods: dict = {}

    def put(key, value):
        if key in mods:
            raise _fail("modifier_twice", line_no, text)
        mods[key] = value

    for piece in pieces[:-1]:
        kinds = [k for k, _ in piece]
        if kinds == ["ident"]:
            if piece[0][1] == "NA":
                put("value", ("free",))
            else:
                put("label", piece[0][1])
            continue
        if kinds and kinds[0] in ("number", "op") and ("op", "(") not in piece:
            put("value", ("fixed", _number(piece, line_no, text)))
            continue
        # a function call: name ( args )
        if len(piece) >= 3 and piece[0][0] == "ident" and piece[1] == ("op", "(") and piece[-1] == ("op", ")"):
            fn, args = piece[0][1], piece[2:-1]
            if fn not in MODIFIER_FUNCTIONS:
                raise _fail("modifier_fn", line_no, text)
            if fn == "start":
                put("start", _number(args, line_no, text))
            elif fn in ("equal", "label"):
                if len(args) != 1 or args[0][0] != "string":
                    raise _fail("equal_ref" if fn == "equal" else "modifier_fn", line_no, text)
                inner = args[0][1][1:-1]
                if fn == "label":
                    if not _IDENT_RE.match(inner) or inner == "NA":
                        raise _fail("name", line_no, inner)
                    put("label", inner)
                else:
                    key = parse_parameter_text(inner)
                    if key is None:
                        raise _fail("equal_ref", line_no, inner)
                    put("equal", key)
            else:                                   # c(…)
                items = _split_top(args, ",")
                if not args or any(not it for it in items):
                    raise _fail("modifier_fn", line_no, text)
                put("groups", tuple(_group_modifier(it, line_no, text) for it in items))
            continue
        raise _fail("modifier_fn" if ("op", "(") in piece else "term", line_no, text)
    out = {}
    if "value" in mods:
        if mods["value"][0] == "free":
            out["free"] = True
        else:
            out["fixed"] = mods["value"][1]
    if "label" in mods:
        out["label"] = mods["label"]
    if "start" in mods:
        out["start"] = mods["start"]
    if "equal" in mods:
        out["equal"] = mods["equal"]
    if "equal" in mods and ("label" in mods or "value" in mods or "groups" in mods):
        raise _fail("modifier_twice", line_no, text)          # two equalities (or a value) for one parameter
    if "groups" in mods:
        if "value" in mods or "label" in mods:
            raise _fail("modifier_twice", line_no, text)
        out["groups"] = mods["groups"]
    return var, out


def _expression(toks, line_no, stmt, kind: str):
    try:
        return parse_expression(toks)
    except ExpressionSyntaxError as exc:
        raise _fail(kind, line_no, exc.token or stmt) from None


def _parse_defined(lhs_toks, rhs_toks, line_no, stmt) -> DefinedParameter:
    if len(lhs_toks) != 1 or lhs_toks[0][0] != "ident" or lhs_toks[0][1] == "NA":
        raise _fail("lhs", line_no, stmt)
    tree = _expression(rhs_toks, line_no, stmt, "defined")
    text = "".join(t for _, t in rhs_toks)
    return DefinedParameter(name=lhs_toks[0][1], text=text, expr=tree, line=line_no)


def _parse_constraint(lhs_toks, op, rhs_toks, line_no, stmt) -> Constraint:
    lhs = _expression(lhs_toks, line_no, stmt, "constraint")
    rhs = _expression(rhs_toks, line_no, stmt, "constraint")
    if not names_in(lhs) and not names_in(rhs):
        raise _fail("constraint", line_no, stmt)
    text = "".join(t for _, t in lhs_toks) + f" {op} " + "".join(t for _, t in rhs_toks)
    return Constraint(op=op, lhs=lhs, rhs=rhs, text=text, line=line_no)


def _check_model(spec: ModelSpec) -> None:
    seen: dict[tuple[str, str, str], int] = {}
    for s in spec.statements:
        if s.key in seen:
            raise _fail("duplicate", s.line, f"{s.lhs} {s.op} {s.rhs}".strip())
        seen[s.key] = s.line
    ngroups = {len(s.groups) for s in spec.statements if s.groups is not None}
    if len(ngroups) > 1:
        bad = next(s for s in spec.statements if s.groups is not None and len(s.groups) != min(ngroups))
        raise _fail("modifier_groups", bad.line, f"c(…) ×{len(bad.groups)}, ×{min(ngroups)}")
    variables = set(spec.variables)
    labels: set[str] = {s.label for s in spec.statements if s.label} | \
        {m.label for s in spec.statements if s.groups for m in s.groups if m.label}
    defined_names: set[str] = set()
    for d in spec.defined:
        if d.name in variables or d.name in labels or d.name in defined_names:
            raise _fail("label_clash", d.line, d.name)
        for name in d.names:
            if name not in labels and name not in defined_names:
                raise _fail("defined_unknown", d.line, name)
        defined_names.add(d.name)
    for c in spec.constraints:
        for name in c.names:
            if name not in labels and name not in defined_names:
                raise _fail("defined_unknown", c.line, name)
