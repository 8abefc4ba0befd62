"""Arithmetic on parameter labels for defined parameters (lavaan's ``:=``).

``indirect := a*b`` is user-written text, so it is parsed here by a tiny
recursive-descent parser over already-checked tokens and *never* handed to
``eval``, ``sympy`` or any other interpreter.  The grammar is deliberately
small::

    expr   := term   (("+" | "-") term)*
    term   := factor (("*" | "/") factor)*
    factor := ("+" | "-") factor | power
    power  := atom ("^" factor)?
    atom   := NUMBER | NAME | "(" expr ")"

(as in R, ``-a^2`` is ``-(a^2)`` and ``a^b^c`` is ``a^(b^c)``).  An expression
is a tree of plain tuples:

    ("num", 2.0) · ("name", "a") · ("neg", e) · ("add"|"sub"|"mul"|"div"|"pow", e1, e2)

:func:`evaluate` returns the value and, for the delta method, the gradient
with respect to a vector of parameters (forward-mode differentiation: each
node carries ``(value, gradient)``).
"""
from __future__ import annotations

from typing import Callable, Mapping

import numpy as np

MAX_DEPTH = 60
MAX_TOKENS = 800          # keeps the evaluation's recursion (one level per operator) far from Python's limit

_BINARY = {"+": "add", "-": "sub", "*": "mul", "/": "div", "^": "pow"}


class ExpressionSyntaxError(ValueError):
    """The token sequence is not an arithmetic expression; ``token`` is where it failed."""

    def __init__(self, reason: str, token: str):
        super().__init__(reason)
        self.reason = reason
        self.token = token


def parse_expression(tokens: list[tuple[str, str]]) -> tuple:
    """Parse ``[(kind, text), ...]`` (kinds ``ident``, ``number``, ``op``) into a tree."""
    pos = 0

    def peek():
        return tokens[pos] if pos < len(tokens) else ("end", "")

    def take():
        nonlocal pos
        tok = peek()
        pos += 1
        return tok

    def expr(depth):
        if depth > MAX_DEPTH:
            raise ExpressionSyntaxError("nesting", peek()[1])
        node = term(depth)
        while peek() in (("op", "+"), ("op", "-")):
            op = take()[1]
            node = (_BINARY[op], node, term(depth))
        return node

    def term(depth):
        node = factor(depth)
        while peek() in (("op", "*"), ("op", "/")):
            op = take()[1]
            node = (_BINARY[op], node, factor(depth))
        return node

    def factor(depth):
        if depth > MAX_DEPTH:
            raise ExpressionSyntaxError("nesting", peek()[1])
        if peek() in (("op", "+"), ("op", "-")):
            text = take()[1]
            inner = factor(depth + 1)
            return ("neg", inner) if text == "-" else inner
        node = atom(depth)
        if peek() == ("op", "^"):
            take()
            node = ("pow", node, factor(depth + 1))
        return node

    def atom(depth):
        kind, text = take()
        if kind == "number":
            value = float(text)
            if not np.isfinite(value):            # 1e400
                raise ExpressionSyntaxError("number", text)
            return ("num", value)
        if kind == "ident":
            return ("name", text)
        if kind == "op" and text == "(":
            node = expr(depth + 1)
            kind2, text2 = take()
            if (kind2, text2) != ("op", ")"):
                raise ExpressionSyntaxError("paren", text2 or text)
            return node
        raise ExpressionSyntaxError("operand", text)

    if not tokens:
        raise ExpressionSyntaxError("empty", "")
    if len(tokens) > MAX_TOKENS:          # every operator nests the tree one level deeper
        raise ExpressionSyntaxError("long", f"{len(tokens)} tokens")
    tree = expr(0)
    if pos != len(tokens):
        raise ExpressionSyntaxError("trailing", tokens[pos][1])
    return tree


def names_in(tree: tuple) -> list[str]:
    """Names used in an expression, in order of first appearance."""
    out: list[str] = []

    def walk(node):
        if node[0] == "name":
            if node[1] not in out:
                out.append(node[1])
        elif node[0] == "neg":
            walk(node[1])
        elif node[0] != "num":
            walk(node[1])
            walk(node[2])

    walk(tree)
    return out


def evaluate(tree: tuple, lookup: Callable[[str], tuple[float, np.ndarray]], size: int
             ) -> tuple[float, np.ndarray]:
    """Value and gradient of ``tree``; ``lookup(name)`` gives a name's value and gradient."""

    def ev(node):
        kind = node[0]
        if kind == "num":
            return node[1], np.zeros(size)
        if kind == "name":
            v, g = lookup(node[1])
            return float(v), np.asarray(g, dtype=float)
        if kind == "neg":
            v, g = ev(node[1])
            return -v, -g
        (a, ga), (b, gb) = ev(node[1]), ev(node[2])
        if kind == "add":
            return a + b, ga + gb
        if kind == "sub":
            return a - b, ga - gb
        if kind == "mul":
            return a * b, ga * b + a * gb
        if kind == "pow":
            # d(a^b) = b a^(b−1) da + a^b ln(a) db; ln(a) only where b varies
            with np.errstate(all="ignore"):
                try:
                    value = a ** b                     # a negative base with a fractional power is complex
                except (OverflowError, ZeroDivisionError):
                    return float("nan"), np.full(size, np.nan)
                if isinstance(value, complex) or not np.isfinite(value):
                    return float("nan"), np.full(size, np.nan)
                value = float(value)
                grad = b * a ** (b - 1) * ga if np.any(ga) else np.zeros(size)
                if np.any(gb):
                    grad = grad + (value * np.log(a) * gb if a > 0 else np.full(size, np.nan))
            return value, grad
        # division: d(a/b) = da/b - a db / b²
        with np.errstate(divide="ignore", invalid="ignore"):
            if b == 0.0:
                return float("nan"), np.full(size, np.nan)
            return a / b, ga / b - a * gb / (b * b)

    return ev(tree)


def evaluate_value(tree: tuple, values: Mapping[str, float]) -> float:
    """Value only, from a name → value mapping."""
    return evaluate(tree, lambda name: (values[name], np.zeros(0)), 0)[0]
