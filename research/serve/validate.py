"""Server-side check of a submitted form against its questionnaire, before anything reaches the store.

A browser's ``required`` and radio buttons are a convenience for the respondent, not a defence: a request can be
written by hand.  So every field is checked here: each name must be a question of the questionnaire (or one of
the form's own fields, which the caller takes out first), given once (several times only for a multiple-choice
question), with a value on the question's scale or among its option codes; every required question must be
answered.  The first forged or out-of-range field ends the check with :class:`Invalid` naming it; unanswered
required questions are collected, so the form can mark them all.

Which questions are required: every Likert item, attention check and importance question, every single- and
multiple-choice and number question.  A free-text question is optional.

The answers come back as the store takes them: a code (int) for scale and single-choice questions, the codes
joined as ``"1;3"`` for a multiple choice (as :func:`research.load_responses` reads a 问卷星 export), an int or
float for a number, the text for a text question, None when an optional question is left blank.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from ..questionnaire import AttentionCheck, ImportanceItem, Item, Questionnaire, Segment

_CODE = re.compile(r"^-?[0-9]{1,9}$")
_NUMBER = re.compile(r"^-?[0-9]{1,12}(\.[0-9]{1,6})?$")
# C0/C1 controls other than tab and line feed, and the Unicode non-characters: not text a person types
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")


@dataclass
class Invalid(Exception):
    """A submission that cannot be stored.  ``reason``: "unknown_field", "repeated", "out_of_range",
    "not_a_number", "too_long", "control_characters" or "required"; ``question`` and ``value`` say where
    (``missing``: every unanswered required question, for "required")."""

    reason: str
    question: str | None = None
    value: str | None = None
    missing: tuple[str, ...] = field(default=())

    def __post_init__(self):
        super().__init__(self.reason, self.question)

    def detail(self) -> dict:
        """What the refusal log keeps: the reason, the field and, for a coded answer, its value (shortened); never
        the words of a free-text answer (they may identify the respondent)."""
        out: dict = {"reason": self.reason}
        if self.question is not None:
            out["field"] = self.question[:80]
        if self.value is not None:
            out["value"] = self.value[:80] if re.fullmatch(r"[+-]?[0-9.]{0,20}", self.value) else \
                f"<{len(self.value)} characters>"
        if self.missing:
            out["missing"] = list(self.missing)
        return out


def required(question) -> bool:
    return not (isinstance(question, Segment) and question.type == "text")


def validate(q: Questionnaire, fields: list[tuple[str, str]], *, max_text: int = 2000) -> dict:
    """``{question id: value}`` for every question of ``q`` from the form's ``(name, value)`` pairs.

    Raises :class:`Invalid` for an unknown name, a value off its scale, a field given twice, a text above
    ``max_text`` characters, or (after all fields are read) unanswered required questions."""
    questions = {question.id: question for question in q.questions}
    given: dict[str, list[str]] = {}
    for name, value in fields:
        if name not in questions:
            raise Invalid("unknown_field", name, value)
        given.setdefault(name, []).append(value)

    answers: dict = {}
    for qid, question in questions.items():
        values = given.get(qid, [])
        if isinstance(question, Segment) and question.type == "multi":
            answers[qid] = _multi(question, values)
            continue
        if len(values) > 1:
            raise Invalid("repeated", qid, values[1])
        raw = values[0] if values else ""
        answers[qid] = _one(question, raw, max_text)

    missing = tuple(qid for qid, question in questions.items() if required(question) and answers[qid] is None)
    if missing:
        raise Invalid("required", missing[0], None, missing)
    return answers


def _one(question, raw: str, max_text: int):
    if isinstance(question, (Item, AttentionCheck, ImportanceItem)):
        if raw == "":
            return None
        if not _CODE.match(raw) or int(raw) not in question.scale.values:
            raise Invalid("out_of_range", question.id, raw)
        return int(raw)
    if question.type == "single":
        if raw == "":
            return None
        codes = {o.code for o in question.options}
        if not _CODE.match(raw) or int(raw) not in codes:
            raise Invalid("out_of_range", question.id, raw)
        return int(raw)
    if question.type == "number":
        raw = raw.strip()
        if raw == "":
            return None
        if not _NUMBER.match(raw):
            raise Invalid("not_a_number", question.id, raw)
        value = float(raw)
        if not math.isfinite(value):
            raise Invalid("not_a_number", question.id, raw)
        return int(value) if value.is_integer() else value
    text = raw.replace("\r\n", "\n").replace("\r", "\n").strip()   # a browser sends a line break as CR LF
    if len(text) > max_text:
        raise Invalid("too_long", question.id, text[:80])
    if _CONTROL.search(text):
        raise Invalid("control_characters", question.id, text[:80])
    return text or None


def _multi(question: Segment, values: list[str]):
    codes = {o.code for o in question.options}
    got = []
    for raw in values:
        if raw == "":
            continue
        if not _CODE.match(raw) or int(raw) not in codes:
            raise Invalid("out_of_range", question.id, raw)
        if int(raw) in got:
            raise Invalid("repeated", question.id, raw)
        got.append(int(raw))
    return ";".join(str(c) for c in sorted(got)) if got else None
