"""Answer scales: the built-in Likert scales and the reading of text answers.

Label wording follows common Chinese practice (DOMAIN.md §4) and, for
English, Vagias (2006), *Likert-type scale response anchors*, Clemson
University.  ``important5`` is the scale of stated-importance questions
("物流费用对您有多重要？") asked for importance–performance analysis
(Martilla & James 1977, *Importance-performance analysis*, Journal of
Marketing 41(1), 77–79).  Its English labels are the unipolar five-point
importance wording taken from Vagias's seven-point "level of importance"
anchors, leaving out "low importance" and "neutral" (an importance rating
has no bipolar midpoint).

A text answer is matched after Unicode NFKC normalisation, case folding and
removal of spaces, so ``"非常 同意"``, ``"Strongly Agree"`` and full-width
digits all read as intended.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

LANGS = ("zh-Hans", "zh-Hant", "en")


@dataclass(frozen=True)
class Scale:
    """An ordered response scale coded 1..points."""

    name: str
    points: int
    labels: dict = field(default_factory=dict, compare=False, hash=False)  # lang -> tuple of labels

    @property
    def values(self) -> tuple[int, ...]:
        return tuple(range(1, self.points + 1))

    def label(self, value: int, lang: str = "en") -> str:
        labels = self.labels.get(lang) or next(iter(self.labels.values()), None)
        if not labels:
            return str(value)
        return labels[value - 1]

    def describe(self, lang: str = "en") -> str:
        """'1 = Strongly disagree … 5 = Strongly agree' in ``lang``."""
        if not self.labels:
            return f"1–{self.points}"
        return f"1 = {self.label(1, lang)} … {self.points} = {self.label(self.points, lang)}"


def _scale(name, zh_hans, zh_hant, en):
    return Scale(name, len(en), {"zh-Hans": tuple(zh_hans), "zh-Hant": tuple(zh_hant), "en": tuple(en)})


BUILTIN_SCALES: dict[str, Scale] = {
    s.name: s
    for s in (
        _scale("agree5",
               ["非常不同意", "不同意", "一般", "同意", "非常同意"],
               ["非常不同意", "不同意", "普通", "同意", "非常同意"],
               ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"]),
        _scale("agree7",
               ["非常不同意", "不同意", "比较不同意", "一般", "比较同意", "同意", "非常同意"],
               ["非常不同意", "不同意", "有點不同意", "普通", "有點同意", "同意", "非常同意"],
               ["Strongly disagree", "Disagree", "Somewhat disagree", "Neither agree nor disagree",
                "Somewhat agree", "Agree", "Strongly agree"]),
        _scale("satisfied5",
               ["非常不满意", "不满意", "一般", "满意", "非常满意"],
               ["非常不滿意", "不滿意", "普通", "滿意", "非常滿意"],
               ["Very dissatisfied", "Dissatisfied", "Neither satisfied nor dissatisfied", "Satisfied",
                "Very satisfied"]),
        _scale("satisfied7",
               ["非常不满意", "不满意", "比较不满意", "一般", "比较满意", "满意", "非常满意"],
               ["非常不滿意", "不滿意", "有點不滿意", "普通", "有點滿意", "滿意", "非常滿意"],
               ["Very dissatisfied", "Dissatisfied", "Somewhat dissatisfied",
                "Neither satisfied nor dissatisfied", "Somewhat satisfied", "Satisfied", "Very satisfied"]),
        _scale("fit5",
               ["完全不符合", "比较不符合", "一般", "比较符合", "完全符合"],
               ["完全不符合", "不太符合", "普通", "大致符合", "完全符合"],
               ["Not at all true", "Slightly true", "Moderately true", "Mostly true", "Completely true"]),
        _scale("likely5",
               ["非常不可能", "不太可能", "一般", "比较可能", "非常可能"],
               ["非常不可能", "不太可能", "普通", "有可能", "非常可能"],
               ["Very unlikely", "Unlikely", "Neither likely nor unlikely", "Likely", "Very likely"]),
        _scale("important5",
               ["非常不重要", "不重要", "一般", "重要", "非常重要"],
               ["非常不重要", "不重要", "普通", "重要", "非常重要"],
               ["Not at all important", "Slightly important", "Moderately important", "Very important",
                "Extremely important"]),
    )
}

DEFAULT_SCALE_FOR_POINTS = {5: "agree5", 7: "agree7"}
# The scale of a stated-importance question (questionnaire key ``importance``) that names none.
DEFAULT_IMPORTANCE_SCALE = "important5"

# Wordings seen in real exports beyond the built-in labels, by number of
# points.  Each position lists synonyms in zh-Hans, zh-Hant and English.
_SYNONYMS = {
    5: [
        ["非常不同意", "完全不同意", "很不同意", "非常不满意", "非常不滿意", "很不满意", "很不滿意",
         "完全不符合", "非常不符合", "非常不可能", "strongly disagree", "very dissatisfied",
         "completely disagree", "very unlikely", "not at all true", "完全不重要", "很不重要",
         "not important at all"],
        ["不同意", "比较不同意", "比較不同意", "有点不同意", "有點不同意", "不满意", "不滿意",
         "比较不满意", "比較不滿意", "不符合", "比较不符合", "比較不符合", "不太符合", "不太可能", "不可能",
         "disagree", "somewhat disagree", "dissatisfied", "unlikely", "slightly true", "不太重要", "比较不重要",
         "比較不重要"],
        ["一般", "中立", "不确定", "不確定", "普通", "中等", "说不清", "說不清", "无所谓", "無所謂",
         "neutral", "neither agree nor disagree", "undecided", "neither satisfied nor dissatisfied",
         "neither likely nor unlikely", "moderately true", "neither", "neither important nor unimportant"],
        ["同意", "比较同意", "比較同意", "有点同意", "有點同意", "满意", "滿意", "比较满意", "比較滿意",
         "符合", "比较符合", "比較符合", "大致符合", "可能", "比较可能", "比較可能", "有可能",
         "agree", "somewhat agree", "satisfied", "likely", "mostly true", "比较重要", "比較重要", "important"],
        ["非常同意", "完全同意", "很同意", "非常满意", "非常滿意", "很满意", "很滿意", "完全符合", "非常符合",
         "非常可能", "strongly agree", "very satisfied", "completely agree", "very likely", "completely true",
         "很重要"],
    ],
    7: [
        ["非常不同意", "完全不同意", "非常不满意", "非常不滿意", "完全不符合", "strongly disagree",
         "very dissatisfied"],
        ["不同意", "不满意", "不滿意", "不符合", "disagree", "dissatisfied"],
        ["比较不同意", "比較不同意", "有点不同意", "有點不同意", "比较不满意", "比較不滿意", "有点不满意",
         "有點不滿意", "比较不符合", "比較不符合", "有点不符合", "有點不符合",
         "somewhat disagree", "slightly disagree", "somewhat dissatisfied", "slightly dissatisfied"],
        ["一般", "中立", "不确定", "不確定", "普通", "中等", "说不清", "說不清", "neutral",
         "neither agree nor disagree", "neither satisfied nor dissatisfied", "undecided", "neither"],
        ["比较同意", "比較同意", "有点同意", "有點同意", "比较满意", "比較滿意", "有点满意", "有點滿意",
         "比较符合", "比較符合", "有点符合", "有點符合",
         "somewhat agree", "slightly agree", "somewhat satisfied", "slightly satisfied"],
        ["同意", "满意", "滿意", "符合", "agree", "satisfied"],
        ["非常同意", "完全同意", "非常满意", "非常滿意", "完全符合", "strongly agree", "very satisfied"],
    ],
}

# Answers that mean "no answer": 问卷星 writes -2 (skipped by logic) and -3
# (not shown); other programs write these words.
MISSING_TEXTS = frozenset({"", "-2", "-3", "(跳过)", "(跳過)", "跳过", "跳過", "(空)", "空", "n/a", "na",
                           "nan", "none", "null", "-", "--", "—", "(未显示)", "(未顯示)", "-99", "-999"})
MISSING_CODES = frozenset({-2, -3})

_SPACE = re.compile(r"\s+")
_LEAD_NUMBER = re.compile(r"^[(（\[]?\s*(\d+)\s*[)）\]]?\s*(?:[=＝:：.、．\-–—]\s*)?(.*)$")


def normalise(text: str) -> str:
    """Fold a label for matching: NFKC, case fold, no spaces or quotes."""
    text = unicodedata.normalize("NFKC", str(text)).casefold()
    text = _SPACE.sub("", text)
    return text.strip("\"'“”‘’「」『』。.!！")


def label_lookup(points: int, extra_labels=()) -> dict[str, int]:
    """Map normalised label text to its code on a ``points``-point scale.

    ``extra_labels`` are (labels-tuple) sequences of a questionnaire's own
    scales; they win over the built-in synonyms.
    """
    table: dict[str, int] = {}
    for code, words in enumerate(_SYNONYMS.get(points, []), start=1):
        for word in words:
            table.setdefault(normalise(word), code)
    for scale in BUILTIN_SCALES.values():
        if scale.points == points:
            for labels in scale.labels.values():
                for code, word in enumerate(labels, start=1):
                    table[normalise(word)] = code
    for labels in extra_labels:
        for code, word in enumerate(labels, start=1):
            table[normalise(word)] = code
    return table


def parse_answer(raw, lookup: dict[str, int]):
    """Read one answer cell.

    Returns ``(value, status)`` where status is ``"ok"``, ``"missing"`` or
    ``"unrecognised"``; a number is returned as it is (the range check is the
    caller's, who knows the scale).
    """
    if raw is None:
        return None, "missing"
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        if raw != raw:  # NaN
            return None, "missing"
        if raw in MISSING_CODES:
            return None, "missing"
        if abs(raw) == float("inf"):
            return None, "unrecognised"
        return float(raw), "ok"
    text = unicodedata.normalize("NFKC", str(raw)).strip()
    key = normalise(text)
    if key in MISSING_TEXTS:
        return None, "missing"
    if key in lookup:
        return float(lookup[key]), "ok"
    try:
        number = float(key)
    except ValueError:
        number = None
    if number is not None and number == number and abs(number) != float("inf"):
        if number in MISSING_CODES:
            return None, "missing"
        return number, "ok"
    # "5 非常同意", "(5) Strongly agree", "5=非常同意", "5分"
    m = _LEAD_NUMBER.match(key)
    if m:
        code, rest = int(m.group(1)), m.group(2)
        if rest in ("", "分", "points", "point") or lookup.get(rest) == code:
            return float(code), "ok"
        if rest in lookup:
            return float(lookup[rest]), "ok"
    return None, "unrecognised"
