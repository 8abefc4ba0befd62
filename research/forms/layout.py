"""What a respondent's page holds, independent of the output format.

The HTML, Markdown and DOCX renderers all print the same thing: the title,
the intro, one instruction line, then the questions in print order.  A
segment question is a *choice* block; consecutive Likert items of one
construct that share a scale form one *grid* (a table with the scale
labels as columns).  An attention check joins the grid of the item it
follows, looking like any other row: a respondent who could tell it was a
check would answer it carefully and so defeat its purpose.

Fixed wording (instruction, "select all that apply" …) lives here once, in
the three languages.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..questionnaire import Item, Questionnaire, Segment
from ..scales import Scale

WORDS = {
    "instruction": {
        "zh-Hans": "请根据您的真实感受作答：选择题请在 ☐ 中打 ✓；表格中的每一行只选一个 ○ 并涂黑。",
        "zh-Hant": "請依您的真實感受作答：選擇題請在 ☐ 中打 ✓；表格中的每一列只選一個 ○ 並塗黑。",
        "en": "Please answer as you honestly feel: tick ☐ for your choice; in each table row, fill in exactly one ○.",
    },
    "multi": {"zh-Hans": "（可多选）", "zh-Hant": "（可複選）", "en": " (select all that apply)"},
    "statement": {"zh-Hans": "题目", "zh-Hant": "題目", "en": "Statement"},
    "thanks": {"zh-Hans": "问卷到此结束，感谢您的参与！", "zh-Hant": "問卷到此結束，感謝您的參與！",
               "en": "This is the end of the questionnaire. Thank you for taking part!"},
    "footer": {"zh-Hans": "问卷编号：", "zh-Hant": "問卷編號：", "en": "Questionnaire: "},
}

BOX = "☐"
CIRCLE = "○"
BLANK = "________________"


def word(key: str, lang: str) -> str:
    return WORDS[key][lang]


@dataclass(frozen=True)
class Choice:
    """A segment question: options with ☐, or a blank line to write on."""

    segment: Segment

    @property
    def number(self) -> int:
        return self.segment.number


@dataclass(frozen=True)
class Grid:
    """Likert rows sharing one scale; ``rows`` are items and checks."""

    construct: str
    scale: Scale
    rows: tuple  # of Item | AttentionCheck

    def header(self, lang: str) -> list[str]:
        return [self.scale.label(v, lang) for v in self.scale.values]


def blocks(q: Questionnaire) -> list:
    """The questionnaire as printed: a list of :class:`Choice` and :class:`Grid`.

    A new grid starts when the construct or the scale changes, so the
    column labels above a row are always the ones its answer uses.
    """
    out: list = []
    construct = None
    for question in q.questions:
        if isinstance(question, Segment):
            out.append(Choice(question))
            construct = None
            continue
        if isinstance(question, Item):
            construct = question.construct
        last = out[-1] if out else None
        if isinstance(last, Grid) and last.construct == construct and last.scale == question.scale:
            out[-1] = Grid(last.construct, last.scale, last.rows + (question,))
        else:
            out.append(Grid(construct or "", question.scale, (question,)))
    return out
