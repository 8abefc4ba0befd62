"""The store's own check of one submission's answers against its questionnaire.

The form server validates first; the store checks again at its door, so nothing reaches the responses table
that the questionnaire could not have produced: every id is a question of the questionnaire, a scale answer
is a whole number on its scale, a single choice one of its option codes, a multiple choice a set of them
(kept as ``"1;3"``, the form the loader reads), a number finite, a text at most ``MAX_TEXT`` characters.
"""
from __future__ import annotations

import math
import re
import numbers

from ..errors import SubmissionRefused
from ..questionnaire import Questionnaire, Segment

MAX_TEXT = 2000


def question_ids(q: Questionnaire) -> list[str]:
    """Every question id in the order the respondent sees them (segments, items, checks, importance)."""
    return [x.id for x in q.questions]


def _refuse(qid, value, en, zh_hans, zh_hant):
    raise SubmissionRefused("invalid", key="store_invalid_answer", item=qid, value_text=_short(value),
                            problem_en=en, problem_zh=zh_hans, problem_zh_hant=zh_hant)


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:59] + "…"


def _whole(qid, value):
    if isinstance(value, bool):
        _refuse(qid, value, "a true/false value is no answer code", "真/假值不是答案代码", "真/假值不是答案代碼")
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real) and math.isfinite(value) and float(value).is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"[+-]?[0-9]{1,9}", value.strip()):
        return int(value.strip())
    _refuse(qid, value, "expected a whole number", "应为整数", "應為整數")


def check_answer(q: Questionnaire, qid: str, value):
    """``value`` as the store keeps it (None for no answer), or SubmissionRefused("invalid")."""
    if value is None:
        return None
    question = next((x for x in q.questions if x.id == qid), None)
    if question is None:
        _refuse(qid, value, "no question of the questionnaire has this id", "问卷中没有这个编号的题目",
                "問卷中沒有這個編號的題目")
    if not isinstance(question, Segment):
        code = _whole(qid, value)
        if not 1 <= code <= question.scale.points:
            _refuse(qid, value, f"the scale runs from 1 to {question.scale.points}",
                    f"量表范围为 1 至 {question.scale.points}", f"量表範圍為 1 至 {question.scale.points}")
        return code
    if question.type == "single":
        code = _whole(qid, value)
        if code not in {o.code for o in question.options}:
            _refuse(qid, value, "not one of the question's option codes", "不是该题的选项代码", "不是該題的選項代碼")
        return code
    if question.type == "multi":
        parts = value.split(";") if isinstance(value, str) else list(value) if isinstance(value, (list, tuple)) \
            else [value]
        codes = []
        for part in parts:
            if isinstance(part, str) and not part.strip():
                continue
            code = _whole(qid, part)
            if code not in {o.code for o in question.options}:
                _refuse(qid, value, "not one of the question's option codes", "不是该题的选项代码", "不是該題的選項代碼")
            if code not in codes:
                codes.append(code)
        return ";".join(map(str, codes)) if codes else None
    if question.type == "number":
        if isinstance(value, bool):
            _refuse(qid, value, "expected a number", "应为数字", "應為數字")
        if isinstance(value, str):
            try:
                value = float(value.strip()) if "." in value or "e" in value.lower() else int(value.strip())
            except ValueError:
                _refuse(qid, value, "expected a number", "应为数字", "應為數字")
        if not isinstance(value, numbers.Real) or not math.isfinite(value):
            _refuse(qid, value, "expected a finite number", "应为有限的数字", "應為有限的數字")
        return int(value) if isinstance(value, numbers.Integral) else float(value)
    if not isinstance(value, str):
        _refuse(qid, value, "expected a text", "应为文字", "應為文字")
    if len(value) > MAX_TEXT:
        _refuse(qid, value[:40], f"longer than {MAX_TEXT} characters", f"超过 {MAX_TEXT} 个字符",
                f"超過 {MAX_TEXT} 個字元")
    return value


def check_answers(q: Questionnaire, answers) -> dict:
    """The answers as the store keeps them: ids in the questionnaire's order, unanswered ones left out."""
    if not isinstance(answers, dict):
        _refuse("answers", type(answers).__name__, "expected a mapping of question id to answer",
                "应为“题目编号: 答案”的映射", "應為「題目編號: 答案」的映射")
    known = set(question_ids(q))
    for qid in answers:
        if qid not in known:
            check_answer(q, str(qid), answers[qid] if answers[qid] is not None else "")
    kept = {}
    for qid in question_ids(q):
        if qid in answers:
            value = check_answer(q, qid, answers[qid])
            if value is not None:
                kept[qid] = value
    return kept
