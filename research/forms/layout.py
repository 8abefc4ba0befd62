"""What a respondent's page holds, independent of the output format.

The HTML, Markdown and DOCX renderers all print the same thing: the title,
the intro, one instruction line, then the questions in print order.  A
segment question is a *choice* block; consecutive Likert items of one
construct that share a scale form one *grid* (a table with the scale
labels as columns).  An attention check joins the grid of the item it
follows, looking like any other row: a respondent who could tell it was a
check would answer it carefully and so defeat its purpose.

The stated-importance questions (questionnaire key ``importance``) come
last, as a section of their own: a :class:`Section` heading with a line
saying what to rate, then their grid(s) with the importance scale's labels
as columns.

Fixed wording (instruction, "select all that apply" …) lives here once, in
the three languages.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..questionnaire import ImportanceItem, Item, Questionnaire, Segment
from ..scales import Scale

WORDS = {
    "instruction": {
        "zh-Hans": "请根据您的真实感受作答：选择题请在 ☐ 中打 ✓；表格中的每一行只选一个 ○ 并涂黑。",
        "zh-Hant": "請依您的真實感受作答：選擇題請在 ☐ 中打 ✓；表格中的每一列只選一個 ○ 並塗黑。",
        "en": "Please answer as you honestly feel: tick ☐ for your choice; in each table row, fill in exactly one ○.",
    },
    "multi": {"zh-Hans": "（可多选）", "zh-Hant": "（可複選）", "en": " (select all that apply)"},
    "statement": {"zh-Hans": "题目", "zh-Hant": "題目", "en": "Statement"},
    "question": {"zh-Hans": "题目", "zh-Hant": "題目", "en": "Question"},
    "importance": {"zh-Hans": "重要性评价", "zh-Hant": "重要性評價", "en": "Importance of each aspect"},
    "importance_note": {
        "zh-Hans": "下面各方面对您来说有多重要？请在每一行选一个 ○。",
        "zh-Hant": "下列各方面對您來說有多重要？請在每一列選一個 ○。",
        "en": "How important is each of the following to you? Fill in one ○ in each row.",
    },
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
    """Likert rows sharing one scale; ``rows`` are items and checks, or importance questions."""

    construct: str
    scale: Scale
    rows: tuple  # of Item | AttentionCheck, or of ImportanceItem
    stem: str = "statement"  # WORDS key of the first column's heading

    def header(self, lang: str) -> list[str]:
        return [self.scale.label(v, lang) for v in self.scale.values]


@dataclass(frozen=True)
class Section:
    """A heading that starts a part of the form, with a line of instruction under it."""

    title: str   # WORDS key
    note: str    # WORDS key

    def heading(self, lang: str) -> str:
        return word(self.title, lang)

    def text(self, lang: str) -> str:
        return word(self.note, lang)


# The grid key of the importance section: not an identifier, so never a construct id.
IMPORTANCE = "(importance)"


def blocks(q: Questionnaire) -> list:
    """The questionnaire as printed: a list of :class:`Choice`, :class:`Grid` and :class:`Section`.

    A new grid starts when the construct or the scale changes, so the
    column labels above a row are always the ones its answer uses.  The
    importance questions, numbered after everything else, get one
    :class:`Section` and share grids across constructs.
    """
    out: list = []
    construct = None
    for question in q.questions:
        if isinstance(question, Segment):
            out.append(Choice(question))
            construct = None
            continue
        stem = "statement"
        if isinstance(question, Item):
            construct = question.construct
        elif isinstance(question, ImportanceItem):
            if construct != IMPORTANCE:
                out.append(Section("importance", "importance_note"))
                construct = IMPORTANCE
            stem = "question"
        last = out[-1] if out else None
        if isinstance(last, Grid) and last.construct == construct and last.scale == question.scale:
            out[-1] = Grid(last.construct, last.scale, last.rows + (question,), last.stem)
        else:
            out.append(Grid(construct or "", question.scale, (question,), stem))
    return out
