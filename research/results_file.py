"""Reading a results.json back — for the report and for post-hoc power — without trusting it.

A results.json may have been edited, cut short, or not written by ``research
analyze`` at all.  :func:`read_json` bounds what reading it costs: the size
(:data:`~research.limits.MAX_JSON_MB`) is checked before the file is read,
and the nesting depth (:data:`~research.limits.MAX_JSON_DEPTH`) on the raw
text, without recursion, before :func:`json.loads` — which recurses once per
level and would end a file nested 100 000 deep in a ``RecursionError``.
:func:`check_results` then checks the shape the reports read: an object,
its blocks of the right type, the parameter rows named, and no statistic
text or true/false; a wrong one is a
:class:`~research.errors.DataError` naming its key path, e.g.
``sem.parameters[3].est``.

Errors: a missing or too large file is a :class:`~research.errors.FileReadError`
(``file_not_found``, ``results_too_big``); a file that is not JSON, too deep
or of the wrong shape a :class:`~research.errors.DataError`
(``results_damaged``).
"""
from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Mapping
from pathlib import Path

import numpy as np

from .errors import DataError, FileReadError
from . import limits

# A JSON string, or an unterminated one up to the end (so a stray quote never makes the search quadratic).
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*(?:"|\\?\Z)', flags=re.S)
_CHUNK = 1 << 20

# Keys that hold a statistic wherever they occur in a results.json (lavaan's and the toolkit's names) —
# or, for a few, a block of statistics (a matrix under "mean", thresholds under "citc"): text or true/false
# there is damage, an object or a list is not judged here.
NUMBER_KEYS = frozenset({
    "est", "se", "z", "pvalue", "ci.lower", "ci.upper", "std.all", "std.lv", "std.ci.lower", "std.ci.upper",
    "chisq", "df", "tli", "nfi", "ifi", "rni", "gfi", "agfi", "aic", "bic", "bic2", "logl", "rmsea.ci.lower",
    "rmsea.ci.upper", "rmsea.pvalue", "mean", "sd", "median", "alpha.std", "alpha.ci.lower", "alpha.ci.upper",
    "alpha_if_deleted", "citc", "beta", "mi", "epc", "sepc.all", "sepc.lv", "sepc.nox", "r2_adj", "lmg_share",
    "rw_share", "b1p", "b2p", "p_skew", "p_kurtosis", "chisq.diff", "df.diff", "pvalue.diff", "delta.cfi",
    "delta.tli", "delta.rmsea", "eigenvalue", "std", "se_robust", "p_adj",
})
# the SE types a result names in a text ``se``: a PROCESS result's (results["process"],
# research.process.ols.SE_TYPES) and the estimation block's of a WLSMV/ULSMV run, as lavaan's se = names them
SE_TYPE_NAMES = frozenset({"ols", "hc0", "hc1", "hc2", "hc3", "hc4",
                           "standard", "robust.sem", "robust.huber.white", "bootstrap"})
# Keys that hold a statistic inside a "fit" block (elsewhere "cfi" may name the index that decided).
FIT_NUMBER_KEYS = frozenset({"cfi", "rmsea", "srmr", "tli", "chisq", "df", "pvalue"})
_DICT_BLOCKS = ("descriptives", "reliability", "htmt", "htmt2", "fornell_larcker", "validity", "cfa", "sem",
                "diagnostics", "method_bias", "groups", "drivers", "ipa", "index", "invariance", "meta")
_LIST_BLOCKS = ("excluded", "regression", "hypotheses", "warnings")
_ROW_LISTS = ("excluded", "hypotheses", "warnings")


def damaged(where: str, en: str, zh: str, zh_hant: str, *, file=None, value=None) -> DataError:
    """The error for a results file (or dictionary) that is not what ``research analyze`` writes: a
    :class:`~research.errors.DataError` (readable, not usable), as before this module; ``where`` is a key
    path."""
    lead = f"{where} " if where else ""
    return DataError("results_damaged", file=None if file is None else str(file), value=value,
                         problem_en=lead + en, problem_zh=lead + zh, problem_zh_hant=lead + zh_hant)


def nesting_depth(data: bytes, stop: int | None = None) -> int:
    """The deepest nesting of ``[`` and ``{`` in JSON text ``data`` outside strings, counted without
    recursion (in chunks, with numpy); counting ends early once it passes ``stop``."""
    stripped = _STRING.sub(b'""', data)
    codes = np.frombuffer(stripped, dtype=np.uint8)
    depth = deepest = 0
    for start in range(0, len(codes), _CHUNK):
        chunk = codes[start:start + _CHUNK]
        step = ((chunk == ord("[")) | (chunk == ord("{"))).astype(np.int64) \
            - ((chunk == ord("]")) | (chunk == ord("}")))
        run = np.cumsum(step) + depth
        deepest = max(deepest, int(run.max()))
        depth = int(run[-1])
        if stop is not None and deepest > stop:
            break
    return deepest


def _finite(text: str):
    value = float(text)
    return value if math.isfinite(value) else None


def read_json(path, *, max_mb: float | None = None, max_depth: int | None = None):
    """The JSON document in ``path``, read within the size and depth limits; ``NaN``, ``Infinity`` and numbers
    too large for a float become ``None`` (results.json is written without them).  A file that is missing,
    too large, too deep or not JSON is a research error (see the module's docstring).  The limits default to
    :data:`research.limits.MAX_JSON_MB` and :data:`~research.limits.MAX_JSON_DEPTH`."""
    max_mb = limits.MAX_JSON_MB if max_mb is None else max_mb
    max_depth = limits.MAX_JSON_DEPTH if max_depth is None else max_depth
    path = Path(path)
    try:
        size = os.stat(path).st_size
    except OSError:
        raise FileReadError("file_not_found", file=str(path)) from None
    if size > max_mb * 1024 * 1024:
        raise FileReadError("results_too_big", file=str(path), size=f"{size / 1024 / 1024:,.0f}", limit=max_mb)
    try:
        with open(path, "rb") as fh:
            data = fh.read(int(max_mb * 1024 * 1024) + 1)
    except OSError:
        raise FileReadError("file_not_found", file=str(path)) from None
    depth = nesting_depth(data, stop=max_depth)
    if depth > max_depth:
        raise damaged("", f"it is nested more than {max_depth} levels deep",
                      f"嵌套超过 {max_depth} 层", f"巢狀超過 {max_depth} 層", file=path)
    try:
        text = data.decode("utf-8-sig")
        d = json.loads(text, parse_constant=lambda _: None, parse_float=_finite)
        return _no_surrogates(d) if _ESCAPED_SURROGATE.search(text) else d
    except UnicodeDecodeError:
        raise damaged("", "it is not UTF-8 text", "不是 UTF-8 文本", "不是 UTF-8 文字", file=path) from None
    except (ValueError, RecursionError) as err:  # JSONDecodeError, or an integer of thousands of digits
        if isinstance(err, json.JSONDecodeError):
            line, col = err.lineno, err.colno
            raise damaged("", f"it is not valid JSON (line {line}, character {col})",
                          f"不是有效的 JSON（第 {line} 行第 {col} 个字符）", f"不是有效的 JSON（第 {line} 行第 {col} 個字元）",
                          file=path) from None
        raise damaged("", "it is not valid JSON", "不是有效的 JSON", "不是有效的 JSON", file=path) from None


_ESCAPED_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")


def _no_surrogates(d):
    """``d`` with every text's lone surrogates (JSON may escape them as \\ud800; no UTF-8 writer takes them, and
    pandas' Arrow strings refuse them) as visible escapes, as :func:`research.export.safe_text` writes them."""
    from .export import safe_text

    def fix(v):
        return safe_text(v) if isinstance(v, str) else v

    root = [d]
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            items = list(node.items())
            node.clear()
            for k, v in items:
                node[fix(k)] = fix(v)
                if isinstance(v, (dict, list)):
                    stack.append(v)
        else:
            for i, v in enumerate(node):
                node[i] = fix(v)
                if isinstance(v, (dict, list)):
                    stack.append(v)
    return root[0]


def load_results(path) -> dict:
    """A results.json read with :func:`read_json` and checked with :func:`check_results`."""
    return check_results(read_json(path), file=path)


def _is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _kind(v) -> tuple[str, str, str]:
    if isinstance(v, str):
        return "text", "文本", "文字"
    if isinstance(v, bool):
        return "true/false", "布尔值", "布林值"
    if isinstance(v, Mapping):
        return "an object", "对象", "物件"
    if isinstance(v, list):
        return "a list", "列表", "串列"
    if v is None:
        return "null", "null", "null"
    return "a number", "数字", "數字"


def check_results(d, file=None) -> dict:
    """``d`` if it has the shape the reports and post-hoc power read, else a
    :class:`~research.errors.DataError` naming the first key path that is wrong.

    Checked: ``d`` is an object; ``n`` a whole number ≥ 0; each block an object (``cfa``, ``sem``,
    ``reliability`` …) or a list of objects (``hypotheses``, ``warnings``, ``excluded``), or null; every
    parameter row an object with text ``lhs``, ``op`` and ``rhs``; and no statistic (the keys in
    :data:`NUMBER_KEYS`, and the indices of a ``fit`` block, at any depth) text or true/false.
    """
    if not isinstance(d, Mapping):
        en, zh, hant = _kind(d)
        raise damaged("", f"it should be an object {{…}}, not {en}", f"应为对象 {{…}}，而不是{zh}",
                      f"應為物件 {{…}}，而不是{hant}", file=file)
    n = d.get("n")
    if n is not None and not (_is_number(n) and float(n).is_integer() and n >= 0):
        raise damaged("n", "should be a whole number ≥ 0", "应为 ≥ 0 的整数", "應為 ≥ 0 的整數", file=file)
    for key in _DICT_BLOCKS:
        if d.get(key) is not None and not isinstance(d[key], Mapping):
            raise _wrong_type(key, d[key], "an object {…}", "对象 {…}", "物件 {…}", file)
    for key in _LIST_BLOCKS:
        if d.get(key) is not None and not isinstance(d[key], list):
            raise _wrong_type(key, d[key], "a list […]", "列表 […]", "串列 […]", file)
    for key in _ROW_LISTS:
        for i, row in enumerate(d.get(key) or []):
            if not isinstance(row, Mapping):
                raise _wrong_type(f"{key}[{i}]", row, "an object {…}", "对象 {…}", "物件 {…}", file)
    for block in ("cfa", "sem"):
        b = d.get(block) or {}
        for key, kind in (("fit", Mapping), ("r2", Mapping), ("parameters", list), ("effects", list)):
            if b.get(key) is not None and not isinstance(b[key], kind):
                raise _wrong_type(f"{block}.{key}", b[key], *(("an object {…}", "对象 {…}", "物件 {…}")
                                  if kind is Mapping else ("a list […]", "列表 […]", "串列 […]")), file)
        for i, row in enumerate(b.get("parameters") or []):
            if not isinstance(row, Mapping):
                raise _wrong_type(f"{block}.parameters[{i}]", row, "an object {…}", "对象 {…}", "物件 {…}", file)
            for key in ("lhs", "op", "rhs"):
                if not isinstance(row.get(key), str):
                    raise _wrong_type(f"{block}.parameters[{i}].{key}", row.get(key), "text", "文本", "文字", file)
        for i, row in enumerate(b.get("effects") or []):
            if not isinstance(row, Mapping):
                raise _wrong_type(f"{block}.effects[{i}]", row, "an object {…}", "对象 {…}", "物件 {…}", file)
    _check_numbers(d, file)
    return d if isinstance(d, dict) else dict(d)


def _check_numbers(d: Mapping, file) -> None:
    stack = [(d, "", False)]
    while stack:
        node, where, in_fit = stack.pop()
        if isinstance(node, Mapping):
            for key, value in node.items():
                path = f"{where}.{key}" if where else str(key)
                if isinstance(value, (str, bool)) and (key in NUMBER_KEYS or (in_fit and key in FIT_NUMBER_KEYS)):
                    if key == "se" and isinstance(value, str) and value.lower() in SE_TYPE_NAMES:
                        continue            # ``se`` naming the standard errors ("hc3", "robust.sem")
                    if key == "mean" and isinstance(value, str) and "aggregate" in node:
                        continue            # a group AHP block's ``mean`` names its mean ("weighted geometric mean")
                    raise _wrong_type(path, value, "a number", "数字", "數字", file)
                if isinstance(value, (Mapping, list)):
                    stack.append((value, path, key == "fit"))
        else:
            stack.extend((value, f"{where}[{i}]", False) for i, value in enumerate(node)
                         if isinstance(value, (Mapping, list)))


def _wrong_type(where: str, value, en: str, zh: str, hant: str, file) -> DataError:
    got_en, got_zh, got_hant = _kind(value)
    shown = value if isinstance(value, (str, int, float)) and not isinstance(value, bool) else None
    return damaged(where, f"should be {en}, not {got_en}", f"应为{zh}，而不是{got_zh}", f"應為{hant}，而不是{got_hant}",
                   file=file, value=shown)
